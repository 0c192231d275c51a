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

/*
 * Requantisation parameters of 8 channels: the general form (64-bit products, the 2^62 bias
 * above, logical shifts) and, where every lane allows it, the high-half form of
 * ge_simdq_avx512vnni.h, exact for 33 <= s <= 55 (proof there): with hi = floor(acc * M / 2^32),
 *     requant(acc) + zp = (hi + 2^(s-33) + zp * 2^(s-32)) >> (s - 32)
 * in 32 bits. Here that is 2 VPMULDQ, 2 VPSHUFD, 1 VPBLENDD, 1 VPADDD, 1 VPSRAVD instead of
 * 2 VPMULDQ, 2 VPADDQ, 2 VPSRLVQ and 4 more shuffles, subtractions and adds.
 */
#define VQ_RQ_HI_MIN_SHIFT 33
#define VQ_RQ_HI_MAX_SHIFT 55
typedef struct vq_rq {
    int32_t mult[8];
    int64_t mult_odd[4];
    int64_t rnd_even[4], rnd_odd[4]; /* 2^(s-1) + 2^62 */
    int64_t sh_even[4], sh_odd[4];
    int32_t corr[8];                 /* 2^(62-s) mod 2^32 */
    int32_t rnd_hi[8];               /* high-half form: 2^(s-33) + zp * 2^(s-32) */
    int32_t sh_hi[8];                /* s - 32 */
    int32_t hi_ok;                   /* every lane has VQ_RQ_HI_MIN_SHIFT <= s <= VQ_RQ_HI_MAX_SHIFT */
    int32_t pad_[7];
} vq_rq;

/* Lanes >= n (no channel) get a multiplier of 0 with a shift both forms accept. */
static inline void vq_rq_pack_zp(vq_rq* r, const ge_q_mult* m, int n, int32_t zp) {
    memset(r, 0, sizeof(*r));
    r->hi_ok = 1;
    for (int c = 0; c < 8; c++) {
        const ge_q_mult q = c < n ? m[c] : (ge_q_mult){0, 40};
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
        if (q.shift < VQ_RQ_HI_MIN_SHIFT || q.shift > VQ_RQ_HI_MAX_SHIFT) {
            r->hi_ok = 0;
            continue;
        }
        const int32_t k = q.shift - 32;
        r->rnd_hi[c] = (int32_t)((INT64_C(1) << (k - 1)) + (int64_t)zp * (INT64_C(1) << k));
        r->sh_hi[c] = k;
    }
}
static inline void vq_rq_pack(vq_rq* r, const ge_q_mult* m, int n) { vq_rq_pack_zp(r, m, n, 0); }

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

/* requant(acc) + zp (the zp given to vq_rq_pack_zp; vzp holds it too, for the general form). */
#define VQ_HAVE_RQ_ZP 1
static inline vq_i32 vq_requant_zp(vq_i32 acc, const vq_rq* r, vq_i32 vzp) {
    if (!r->hi_ok) return _mm256_add_epi32(vq_requant(acc, r), vzp);
    const __m256i pe = _mm256_mul_epi32(acc, vq_load_i32(r->mult));
    const __m256i po = _mm256_mul_epi32(_mm256_shuffle_epi32(acc, 0xF5), _mm256_loadu_si256((const __m256i*)r->mult_odd));
    /* high dwords: odd lanes are po's already, even lanes the odd dwords of pe */
    const __m256i hi = _mm256_blend_epi32(_mm256_shuffle_epi32(pe, 0xF5), po, 0xAA);
    return _mm256_srav_epi32(_mm256_add_epi32(hi, vq_load_i32(r->rnd_hi)), vq_load_i32(r->sh_hi));
}

/*
 * Four vectors of requantised int32 (zero point included) -> 32 int8, saturated, then clamped to
 * [lo, hi] (exact: lo and hi are int8). VPACKSSDW / VPACKSSWB work per 128-bit lane, leaving
 * dword j of lane l = source j's lane-l half; one VPERMD restores a, b, c, d: 8 bytes each.
 * (The store names are the template's: "4x16" is four quarters of L bytes, "2x32" two halves.)
 */
#define VQ_HAVE_PACK4 1
typedef __m256i vq_s8x4;
static inline vq_s8x4 vq_pack4(vq_i32 a, vq_i32 b, vq_i32 c, vq_i32 d, vq_s8x4 lo, vq_s8x4 hi) {
    const __m256i v = _mm256_packs_epi16(_mm256_packs_epi32(a, b), _mm256_packs_epi32(c, d));
    const __m256i w = _mm256_permutevar8x32_epi32(v, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
    return _mm256_min_epi8(_mm256_max_epi8(w, lo), hi);
}
static inline vq_s8x4 vq_s8x4_set1(int32_t v) { return _mm256_set1_epi8((char)v); }
/* The four 8-byte quarters (a, b, c, d) to p0..p3, the first n bytes of each. */
static inline void vq_store4x16(int8_t* p0, int8_t* p1, int8_t* p2, int8_t* p3, vq_s8x4 v, int n) {
    const __m128i l = _mm256_castsi256_si128(v), h = _mm256_extracti128_si256(v, 1);
    if (n >= 8) {
        _mm_storel_epi64((__m128i*)p0, l);
        _mm_storeh_pd((double*)(void*)p1, _mm_castsi128_pd(l));
        _mm_storel_epi64((__m128i*)p2, h);
        _mm_storeh_pd((double*)(void*)p3, _mm_castsi128_pd(h));
        return;
    }
    int8_t t[32];
    _mm256_storeu_si256((__m256i*)t, v);
    memcpy(p0, t, (size_t)n);
    memcpy(p1, t + 8, (size_t)n);
    memcpy(p2, t + 16, (size_t)n);
    memcpy(p3, t + 24, (size_t)n);
}
/* The two 16-byte halves (a b, c d) to p0, p1, the first n bytes of each. */
static inline void vq_store2x32(int8_t* p0, int8_t* p1, vq_s8x4 v, int n) {
    if (n >= 16) {
        _mm_storeu_si128((__m128i*)p0, _mm256_castsi256_si128(v));
        _mm_storeu_si128((__m128i*)p1, _mm256_extracti128_si256(v, 1));
        return;
    }
    int8_t t[32];
    _mm256_storeu_si256((__m256i*)t, v);
    memcpy(p0, t, (size_t)n);
    memcpy(p1, t + 16, (size_t)n);
}

/*
 * Tile spans as int16 x - x_zp (VQ_HAVE_PACK16 in ge_qs8_gemm_tmpl.h): 16 bytes widened per step.
 * vq_pack16_span writes exactly n elements; the _fast forms may write up to 30 bytes past the
 * span (the tile's slack, or the next span) and read whole 16-byte blocks below src_limit.
 */
#define VQ_HAVE_PACK16 1
#define VQ_PACK_SLACK 64
static inline __m256i vq_widen16_part(const int8_t* src, int32_t n, __m256i zx) {
    int8_t t[16] = {0};
    memcpy(t, src, (size_t)n);
    return _mm256_sub_epi16(_mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i*)t)), zx);
}
static inline void vq_pack16_span(int16_t* dst, const int8_t* src, int32_t n, int32_t zx) {
    const __m256i z = _mm256_set1_epi16((short)zx);
    for (; n >= 16; n -= 16, src += 16, dst += 16)
        _mm256_storeu_si256((__m256i*)dst, _mm256_sub_epi16(_mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i*)src)), z));
    if (n >= 8) {
        _mm_storeu_si128((__m128i*)dst, _mm_sub_epi16(_mm_cvtepi8_epi16(_mm_loadl_epi64((const __m128i*)src)),
                                                      _mm256_castsi256_si128(z)));
        n -= 8, src += 8, dst += 8;
    }
    if (n > 0) {
        int16_t t[16];
        _mm256_storeu_si256((__m256i*)t, vq_widen16_part(src, n, z));
        memcpy(dst, t, (size_t)n * 2);
    }
}
static inline void vq_pack16_span_fast(int16_t* dst, const int8_t* src, int32_t n, int32_t zx, const int8_t* src_limit) {
    const __m256i z = _mm256_set1_epi16((short)zx);
    for (; n > 0; n -= 16, src += 16, dst += 16) {
        const __m256i v = src + 16 <= src_limit
                              ? _mm256_sub_epi16(_mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i*)src)), z)
                              : vq_widen16_part(src, n < 16 ? n : 16, z);
        _mm256_storeu_si256((__m256i*)dst, v);
    }
}
static inline void vq_fill16_span_fast(int16_t* dst, int32_t n) {
    for (; n > 0; n -= 16, dst += 16) _mm256_storeu_si256((__m256i*)dst, _mm256_setzero_si256());
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

/*
 * Depthwise: two taps of a kernel row per VPMADDWD (VQ_DW_QUAD in ge_qs8_dwconv_tmpl.h with
 * VQ_DWQ_P = 2). The flat row holds each column's 8 channels as int16 x (not x - x_zp: padding
 * columns hold x_zp and -x_zp * sum(w) is folded into the bias); a ring column j interleaves
 * columns j and j + 1, lane c = (x[j][c], x[j+1][c]), against taps (w[kx], w[kx+1]) with 0 past
 * KW. 3x3: 6 VPMADDWD per 8 outputs instead of 9 FMAs, 5x5: 15 instead of 25. Exact: each lane
 * sums two products of at most 128 * 127, then int32 additions as the reference.
 */
#define VQ_DW_QUAD 1
#define VQ_DWQ_P 2
#define VQ_DWQ_COLB 8 /* the flat row: int8 x, 8 channels a column */
#define VQ_DWQ_OFFSET(zx) (zx)
static inline void vq_dwq_put_tap(uint8_t* taps, size_t lane, int i, int8_t w) {
    const int16_t v = w;
    memcpy(taps + (lane * 2 + (size_t)i) * 2, &v, 2);
}
static inline void vq_dwq_fill(uint8_t* dst, int32_t bytes, int32_t zx) {
    memset(dst, (int)(uint8_t)(int8_t)zx, (size_t)bytes);
}
static inline void vq_dwq_fill_ring(uint8_t* dst, int32_t bytes, int32_t zx) {
    const __m256i v = _mm256_set1_epi16((short)zx);
    for (; bytes >= 32; bytes -= 32, dst += 32) _mm256_storeu_si256((__m256i*)dst, v);
    for (; bytes >= 2; bytes -= 2, dst += 2) memcpy(dst, &zx, 2); /* little-endian: the low half */
}
static inline void vq_dwq_col(uint8_t* dst, const int8_t* src, int n) {
    if (n >= 8) {
        memcpy(dst, src, 8);
        return;
    }
    memset(dst, 0, 8);
    memcpy(dst, src, (size_t)n);
}
/* flat columns j, j + 1 (16 bytes) -> lanes (x[j][c], x[j+1][c]) as int16: byte interleave, widen */
static inline void vq_dwq_transpose(uint8_t* dst, const uint8_t* src) {
    const __m128i shuf = _mm_setr_epi8(0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15);
    const __m128i v = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i*)src), shuf);
    _mm256_storeu_si256((__m256i*)dst, _mm256_cvtepi8_epi16(v));
}

/* f32 helpers (exact on integers below 2^24), kept for templates that want them. */
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
