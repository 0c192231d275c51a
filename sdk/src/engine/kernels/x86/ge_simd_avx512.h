/*
 * Vector primitives for the kernel templates (kernels/tmpl/): AVX-512F, 16 floats.
 * Included only by x86 files compiled with -mavx512f -mavx512bw -mavx512vl -mavx512dq.
 */
#ifndef GE_SIMD_AVX512_H
#define GE_SIMD_AVX512_H

#include <immintrin.h>

#define VX_ISA avx512
#define VX_ISA_BITS (GE_ISA_AVX2 | GE_ISA_AVX512)
#define VX_LANES 16
/* GEMM microkernel rows: 12 x 2 vectors = 24 accumulators of 32 registers. */
#define VX_MR 12

typedef __m512 vx_f32;

static inline vx_f32 vx_zero(void) { return _mm512_setzero_ps(); }
static inline vx_f32 vx_set1(float x) { return _mm512_set1_ps(x); }
static inline vx_f32 vx_load(const float* p) { return _mm512_loadu_ps(p); }
static inline void vx_store(float* p, vx_f32 v) { _mm512_storeu_ps(p, v); }
static inline __mmask16 vx_mask(int n) { return (__mmask16)((1u << n) - 1u); }
/* n in [0, VX_LANES]: lanes >= n read as 0 / are not written (no access past p + n). */
static inline vx_f32 vx_load_part(const float* p, int n) { return _mm512_maskz_loadu_ps(vx_mask(n), p); }
static inline void vx_store_part(float* p, vx_f32 v, int n) { _mm512_mask_storeu_ps(p, vx_mask(n), v); }
static inline vx_f32 vx_fma(vx_f32 a, vx_f32 b, vx_f32 c) { return _mm512_fmadd_ps(a, b, c); }
static inline vx_f32 vx_add(vx_f32 a, vx_f32 b) { return _mm512_add_ps(a, b); }
static inline vx_f32 vx_sub(vx_f32 a, vx_f32 b) { return _mm512_sub_ps(a, b); }
static inline vx_f32 vx_mul(vx_f32 a, vx_f32 b) { return _mm512_mul_ps(a, b); }
static inline vx_f32 vx_min(vx_f32 a, vx_f32 b) { return _mm512_min_ps(a, b); }
static inline vx_f32 vx_max(vx_f32 a, vx_f32 b) { return _mm512_max_ps(a, b); }

/* max/min return their second operand when either is NaN: bounds first, so NaN passes. */
static inline vx_f32 vx_clamp(vx_f32 x, vx_f32 lo, vx_f32 hi) { return _mm512_min_ps(hi, _mm512_max_ps(lo, x)); }

/* PRELU's select, as the reference: x >= 0 ? x : x * a (NaN takes x * a). */
static inline vx_f32 vx_prelu(vx_f32 x, vx_f32 a) {
    return _mm512_mask_blend_ps(_mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_GE_OQ), _mm512_mul_ps(x, a), x);
}

#endif /* GE_SIMD_AVX512_H */
