/*
 * int8 primitives for the qs8 kernel templates (kernels/tmpl/ge_qs8_*): AVX2.
 *
 * Dot products: activations are widened to int16 with the zero point subtracted while a tile
 * is packed (x - x_zp fits int16), weights are int16, and VPMADDWD sums pairs of exact
 * products into int32 lanes. (VPMADDUBSW would saturate: 255 * 127 * 2 > 32767.)
 * Requantisation without a 64-bit arithmetic shift: t = acc * M + 2^(s-1) + 2^62 lies in
 * [0, 2^63) under ge_quant_math.h's contract, so a logical shift gives
 * floor((acc * M + 2^(s-1)) / 2^s) + 2^(62-s), and the constant is subtracted mod 2^32.
 */
#ifndef GE_SIMDQ_AVX2_H
#define GE_SIMDQ_AVX2_H

#include <immintrin.h>
#include <string.h>

#include "engine/ge_quant_math.h"

#define VQ_ISA avx2
#define VQ_ISA_BITS GE_ISA_AVX2
#define VQ_L 8
#define VQ_MR 4
#define VQ_KG 2
#define VQ_A_FMT VQ_A_S16
#define VQ_W_ESZ 2
#define VQ_W_INTERLEAVED 1

typedef __m256i vq_i32;
typedef __m256i vq_w;

static inline vq_i32 vq_load_i32(const int32_t* p) { return _mm256_loadu_si256((const __m256i*)p); }
static inline vq_i32 vq_set1(int32_t x) { return _mm256_set1_epi32(x); }
static inline vq_i32 vq_add(vq_i32 a, vq_i32 b) { return _mm256_add_epi32(a, b); }
static inline vq_i32 vq_sub(vq_i32 a, vq_i32 b) { return _mm256_sub_epi32(a, b); }
static inline vq_i32 vq_mul(vq_i32 a, vq_i32 b) { return _mm256_mullo_epi32(a, b); }
static inline vq_i32 vq_min(vq_i32 a, vq_i32 b) { return _mm256_min_epi32(a, b); }
static inline vq_i32 vq_max(vq_i32 a, vq_i32 b) { return _mm256_max_epi32(a, b); }
static inline vq_i32 vq_shl(vq_i32 a, int n) { return _mm256_slli_epi32(a, n); }
static inline vq_w vq_load_w(const void* p) { return _mm256_loadu_si256((const __m256i*)p); }
static inline vq_i32 vq_bcast_a(const void* p) {
    int32_t v;
    memcpy(&v, p, 4);
    return _mm256_set1_epi32(v);
}
static inline vq_i32 vq_dot(vq_i32 acc, vq_i32 a, vq_w w) { return _mm256_add_epi32(acc, _mm256_madd_epi16(a, w)); }

static inline vq_i32 vq_load_s8(const int8_t* p) { return _mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i*)p)); }
static inline vq_i32 vq_load_s8_part(const int8_t* p, int n) {
    int8_t t[8] = {0};
    memcpy(t, p, (size_t)n);
    return _mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i*)t));
}
static inline __m128i vq_narrow(vq_i32 v) {
    __m128i w = _mm_packs_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    return _mm_packs_epi16(w, w);
}
static inline void vq_store_s8(int8_t* p, vq_i32 v) { _mm_storel_epi64((__m128i*)p, vq_narrow(v)); }
static inline void vq_store_s8_part(int8_t* p, vq_i32 v, int n) {
    int8_t t[16];
    _mm_storeu_si128((__m128i*)t, vq_narrow(v));
    memcpy(p, t, (size_t)n);
}

typedef struct vq_rq {
    int32_t mult[8];
    int64_t mult_odd[4];
    int64_t rnd_even[4], rnd_odd[4]; /* 2^(s-1) + 2^62 */
    int64_t sh_even[4], sh_odd[4];
    int32_t corr[8];                 /* 2^(62-s) mod 2^32 */
} vq_rq;

static inline void vq_rq_pack(vq_rq* r, const ge_q_mult* m, int n) {
    memset(r, 0, sizeof(*r));
    for (int c = 0; c < 8; c++) {
        const ge_q_mult q = c < n ? m[c] : (ge_q_mult){0, 1};
        const int64_t rnd = (INT64_C(1) << (q.shift - 1)) + (INT64_C(1) << 62);
        r->mult[c] = q.mult;
        r->corr[c] = 62 - q.shift >= 32 ? 0 : (int32_t)(uint32_t)(UINT64_C(1) << (62 - q.shift));
        if (c & 1) {
            r->mult_odd[c / 2] = q.mult;
            r->rnd_odd[c / 2] = rnd;
            r->sh_odd[c / 2] = q.shift;
        } else {
            r->rnd_even[c / 2] = rnd;
            r->sh_even[c / 2] = q.shift;
        }
    }
}

static inline vq_i32 vq_requant(vq_i32 acc, const vq_rq* r) {
    const __m256i pe = _mm256_mul_epi32(acc, vq_load_i32(r->mult));
    const __m256i po = _mm256_mul_epi32(_mm256_srli_epi64(acc, 32), _mm256_loadu_si256((const __m256i*)r->mult_odd));
    const __m256i re = _mm256_srlv_epi64(_mm256_add_epi64(pe, _mm256_loadu_si256((const __m256i*)r->rnd_even)),
                                         _mm256_loadu_si256((const __m256i*)r->sh_even));
    const __m256i ro = _mm256_srlv_epi64(_mm256_add_epi64(po, _mm256_loadu_si256((const __m256i*)r->rnd_odd)),
                                         _mm256_loadu_si256((const __m256i*)r->sh_odd));
    const __m256i v = _mm256_blend_epi32(re, _mm256_slli_epi64(ro, 32), 0xAA);
    return _mm256_sub_epi32(v, vq_load_i32(r->corr));
}

/* QUANTIZE of 8 floats, exactly the reference's (see ge_simdq_avx512vnni.h). */
#define VQ_HAVE_QUANTIZE8 1
static inline void vq_quantize8(const float* x, int8_t* y, float scale, int32_t zp) {
    __m256 q = _mm256_div_ps(_mm256_loadu_ps(x), _mm256_set1_ps(scale));
    q = _mm256_and_ps(q, _mm256_cmp_ps(q, q, _CMP_ORD_Q));
    q = _mm256_min_ps(_mm256_max_ps(q, _mm256_set1_ps(-1e9f)), _mm256_set1_ps(1e9f));
    __m256i t = _mm256_cvttps_epi32(q);
    const __m256 d = _mm256_sub_ps(q, _mm256_cvtepi32_ps(t));
    /* compare masks are all ones (-1): subtracting the >= 0.5 mask adds 1 */
    t = _mm256_sub_epi32(t, _mm256_castps_si256(_mm256_cmp_ps(d, _mm256_set1_ps(0.5f), _CMP_GE_OQ)));
    t = _mm256_add_epi32(t, _mm256_castps_si256(_mm256_cmp_ps(d, _mm256_set1_ps(-0.5f), _CMP_LE_OQ)));
    t = _mm256_add_epi32(t, _mm256_set1_epi32(zp));
    vq_store_s8(y, _mm256_min_epi32(_mm256_max_epi32(t, _mm256_set1_epi32(-128)), _mm256_set1_epi32(127)));
}

/* Depthwise taps in f32 (exact: see ge_simdq_avx512vnni.h). */
#define VQ_DW_F32 1
typedef __m256 vq_f32;
static inline vq_f32 vq_f32_zero(void) { return _mm256_setzero_ps(); }
static inline vq_f32 vq_f32_set1(float x) { return _mm256_set1_ps(x); }
static inline vq_f32 vq_f32_load(const float* p) { return _mm256_loadu_ps(p); }
static inline void vq_f32_store(float* p, vq_f32 v) { _mm256_storeu_ps(p, v); }
static inline vq_f32 vq_f32_sub(vq_f32 a, vq_f32 b) { return _mm256_sub_ps(a, b); }
static inline vq_f32 vq_f32_fma(vq_f32 a, vq_f32 b, vq_f32 c) { return _mm256_fmadd_ps(a, b, c); }
static inline vq_f32 vq_s8_to_f32(const int8_t* p) { return _mm256_cvtepi32_ps(vq_load_s8(p)); }
static inline vq_f32 vq_s8_to_f32_part(const int8_t* p, int n) { return _mm256_cvtepi32_ps(vq_load_s8_part(p, n)); }
static inline vq_i32 vq_f32_to_i32(vq_f32 v) { return _mm256_cvtps_epi32(v); }

/* Lanes where d < 0 from neg, the others from pos. */
static inline vq_i32 vq_select_neg(vq_i32 d, vq_i32 neg, vq_i32 pos) {
    return _mm256_blendv_epi8(pos, neg, _mm256_cmpgt_epi32(_mm256_setzero_si256(), d));
}

#endif /* GE_SIMDQ_AVX2_H */
