/*
 * Vector primitives for the kernel templates (kernels/tmpl/): AVX2 + FMA, 8 floats.
 * Included only by x86 files compiled with -mavx2 -mfma.
 */
#ifndef GE_SIMD_AVX2_H
#define GE_SIMD_AVX2_H

#include <immintrin.h>

#define VX_ISA avx2
#define VX_ISA_BITS GE_ISA_AVX2
#define VX_LANES 8
/* GEMM microkernel rows: 6 x 2 vectors = 12 accumulators of 16 registers. */
#define VX_MR 6

typedef __m256 vx_f32;

static inline vx_f32 vx_zero(void) { return _mm256_setzero_ps(); }
static inline vx_f32 vx_set1(float x) { return _mm256_set1_ps(x); }
static inline vx_f32 vx_load(const float* p) { return _mm256_loadu_ps(p); }
static inline void vx_store(float* p, vx_f32 v) { _mm256_storeu_ps(p, v); }
static inline __m256i vx_mask(int n) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}
/* n in [0, VX_LANES]: lanes >= n read as 0 / are not written (masked: no access past p + n). */
static inline vx_f32 vx_load_part(const float* p, int n) { return _mm256_maskload_ps(p, vx_mask(n)); }
static inline void vx_store_part(float* p, vx_f32 v, int n) { _mm256_maskstore_ps(p, vx_mask(n), v); }
static inline vx_f32 vx_fma(vx_f32 a, vx_f32 b, vx_f32 c) { return _mm256_fmadd_ps(a, b, c); }
static inline vx_f32 vx_add(vx_f32 a, vx_f32 b) { return _mm256_add_ps(a, b); }
static inline vx_f32 vx_sub(vx_f32 a, vx_f32 b) { return _mm256_sub_ps(a, b); }
static inline vx_f32 vx_mul(vx_f32 a, vx_f32 b) { return _mm256_mul_ps(a, b); }
static inline vx_f32 vx_min(vx_f32 a, vx_f32 b) { return _mm256_min_ps(a, b); }
static inline vx_f32 vx_max(vx_f32 a, vx_f32 b) { return _mm256_max_ps(a, b); }

/* max/min return their second operand when either is NaN: bounds first, so NaN passes. */
static inline vx_f32 vx_clamp(vx_f32 x, vx_f32 lo, vx_f32 hi) { return _mm256_min_ps(hi, _mm256_max_ps(lo, x)); }

/* PRELU's select, as the reference: x >= 0 ? x : x * a (NaN takes x * a). */
static inline vx_f32 vx_prelu(vx_f32 x, vx_f32 a) {
    return _mm256_blendv_ps(_mm256_mul_ps(x, a), x, _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_GE_OQ));
}

#endif /* GE_SIMD_AVX2_H */
