/*
 * int8 primitives for the qs8 kernel templates (kernels/tmpl/ge_qs8_*): AVX-512 VNNI.
 *
 * Dot products: VPDPBUSD multiplies unsigned bytes by signed bytes, four per int32 lane. The
 * activations are made unsigned while a tile is packed (x ^ 0x80 = x + 128), and
 * -(128 + x_zp) * sum(w) is folded into each channel's bias at load, so the integer result is
 * exactly sum (x - x_zp) * w.
 * Requantisation: 32x32->64 products of the even and odd lanes (VPMULDQ), + 2^(s-1), 64-bit
 * arithmetic shift by the channel's s (VPSRAVQ): ge_q_requant's rule, exactly; for the usual
 * shifts (33..55) a 32-bit form on the high halves of the products, also exact (see vq_rq).
 */
#ifndef GE_SIMDQ_AVX512VNNI_H
#define GE_SIMDQ_AVX512VNNI_H

#include <immintrin.h>
#include <string.h>

#include "engine/ge_quant_math.h"

#define VQ_ISA avx512vnni
#define VQ_ISA_BITS (GE_ISA_AVX2 | GE_ISA_AVX512 | GE_ISA_AVX512VNNI)
#define VQ_L 16
#define VQ_MR 12
#define VQ_KG 4
#define VQ_A_FMT VQ_A_U8X
#define VQ_W_ESZ 1
#define VQ_W_INTERLEAVED 1

typedef __m512i vq_i32;
typedef __m512i vq_w;

static inline vq_i32 vq_load_i32(const int32_t* p) { return _mm512_loadu_si512(p); }
static inline vq_i32 vq_set1(int32_t x) { return _mm512_set1_epi32(x); }
static inline vq_i32 vq_add(vq_i32 a, vq_i32 b) { return _mm512_add_epi32(a, b); }
static inline vq_i32 vq_sub(vq_i32 a, vq_i32 b) { return _mm512_sub_epi32(a, b); }
static inline vq_i32 vq_mul(vq_i32 a, vq_i32 b) { return _mm512_mullo_epi32(a, b); }
static inline vq_i32 vq_min(vq_i32 a, vq_i32 b) { return _mm512_min_epi32(a, b); }
static inline vq_i32 vq_max(vq_i32 a, vq_i32 b) { return _mm512_max_epi32(a, b); }
static inline vq_i32 vq_shl(vq_i32 a, int n) { return _mm512_slli_epi32(a, (unsigned)n); }
static inline vq_w vq_load_w(const void* p) { return _mm512_loadu_si512(p); }
static inline vq_i32 vq_bcast_a(const void* p) {
    int32_t v;
    memcpy(&v, p, 4);
    return _mm512_set1_epi32(v);
}
static inline vq_i32 vq_dot(vq_i32 acc, vq_i32 a, vq_w w) { return _mm512_dpbusd_epi32(acc, a, w); }
/* int8 activations read in place (1x1 convolutions): x ^ 0x80 per broadcast instead of a packed tile. */
#define VQ_HAVE_FLIP_A 1
static inline vq_i32 vq_flip_a(vq_i32 a) { return _mm512_xor_si512(a, _mm512_set1_epi32((int32_t)0x80808080u)); }

/* L bytes -> L int32 (n < L: only n bytes read, the rest 0). */
static inline vq_i32 vq_load_s8(const int8_t* p) { return _mm512_cvtepi8_epi32(_mm_loadu_si128((const __m128i*)p)); }
static inline vq_i32 vq_load_s8_part(const int8_t* p, int n) {
    return _mm512_cvtepi8_epi32(_mm_maskz_loadu_epi8((__mmask16)((1u << n) - 1u), p));
}
/* Lanes already clamped to [-128, 127]: truncation is exact. */
static inline void vq_store_s8(int8_t* p, vq_i32 v) { _mm_storeu_si128((__m128i*)p, _mm512_cvtepi32_epi8(v)); }
static inline void vq_store_s8_part(int8_t* p, vq_i32 v, int n) {
    _mm512_mask_cvtepi32_storeu_epi8(p, (__mmask16)((1u << n) - 1u), v);
}

/*
 * Requantisation parameters of L channels: the general form (64-bit products, rounding and
 * shift) and, where every lane allows it, a cheaper form on the high halves of the products.
 *
 * The high-half form, for 33 <= s <= 55: with p = acc * M and hi = floor(p / 2^32) (the high
 * dword of the 64-bit product, VPMULDQ),
 *     floor((p + 2^(s-1)) / 2^s) + zp = (hi + 2^(s-33) + zp * 2^(s-32)) >> (s - 32)
 * exactly, because 2^(s-1) = 2^32 * 2^(s-33) is a multiple of 2^32 (so it can be added after the
 * floor by 2^32), floor(floor(x / 2^32) / 2^k) = floor(x / 2^(32+k)) for integers, and adding
 * zp * 2^k before a floor shift by k adds zp after it. No overflow under ge_quant_math.h's
 * contract: |p| < 2^61 gives |hi| <= 2^29, and 2^(k-1) + 128 * 2^k <= 2^22 + 2^30 for
 * k = s - 32 <= 23, so the sum stays below 2^31 in magnitude. One 32-bit arithmetic shift
 * (VPSRAVD) replaces two 64-bit adds and shifts, and the zero point comes for free.
 */
#define VQ_RQ_HI_MIN_SHIFT 33
#define VQ_RQ_HI_MAX_SHIFT 55
typedef struct vq_rq {
    int32_t mult[16];     /* M of every channel (VPMULDQ reads the even ones) */
    int64_t mult_odd[8];  /* M of the odd channels, in the low half of each qword */
    int64_t rnd_even[8], rnd_odd[8]; /* 2^(s-1) */
    int64_t sh_even[8], sh_odd[8];   /* s */
    int32_t rnd_hi[16];   /* high-half form: 2^(s-33) + zp * 2^(s-32) */
    int32_t sh_hi[16];    /* s - 32 */
    int32_t hi_ok;        /* every lane has VQ_RQ_HI_MIN_SHIFT <= s <= VQ_RQ_HI_MAX_SHIFT */
    int32_t pad_[15];
} vq_rq;

/* Lanes >= n (no channel) get a multiplier of 0 with a shift both forms accept. */
static inline void vq_rq_pack_zp(vq_rq* r, const ge_q_mult* m, int n, int32_t zp) {
    memset(r, 0, sizeof(*r));
    r->hi_ok = 1;
    for (int c = 0; c < 16; c++) {
        const ge_q_mult q = c < n ? m[c] : (ge_q_mult){0, 40};
        const int64_t rnd = INT64_C(1) << (q.shift - 1);
        r->mult[c] = q.mult;
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
    const __m512i pe = _mm512_mul_epi32(acc, _mm512_loadu_si512(r->mult));
    const __m512i po = _mm512_mul_epi32(_mm512_srli_epi64(acc, 32), _mm512_loadu_si512(r->mult_odd));
    const __m512i re = _mm512_srav_epi64(_mm512_add_epi64(pe, _mm512_loadu_si512(r->rnd_even)),
                                         _mm512_loadu_si512(r->sh_even));
    const __m512i ro = _mm512_srav_epi64(_mm512_add_epi64(po, _mm512_loadu_si512(r->rnd_odd)),
                                         _mm512_loadu_si512(r->sh_odd));
    return _mm512_mask_blend_epi32((__mmask16)0xAAAA, re, _mm512_slli_epi64(ro, 32));
}

/* requant(acc) + zp (the zp given to vq_rq_pack_zp; vzp holds it too, for the general form). */
#define VQ_HAVE_RQ_ZP 1
static inline vq_i32 vq_requant_zp(vq_i32 acc, const vq_rq* r, vq_i32 vzp) {
    if (!r->hi_ok) return _mm512_add_epi32(vq_requant(acc, r), vzp);
    /* odd lanes to the even positions by a shuffle (port 5: VPDPBUSD and VPMULDQ want port 0) */
    const __m512i pe = _mm512_mul_epi32(acc, _mm512_loadu_si512(r->mult));
    const __m512i po = _mm512_mul_epi32(_mm512_shuffle_epi32(acc, _MM_PERM_DDBB), _mm512_loadu_si512(r->mult_odd));
    /* high dwords: odd lanes are po's already, even lanes the odd dwords of pe */
    const __m512i hi = _mm512_mask_shuffle_epi32(po, (__mmask16)0x5555, pe, _MM_PERM_DDBB);
    return _mm512_srav_epi32(_mm512_add_epi32(hi, _mm512_loadu_si512(r->rnd_hi)), _mm512_loadu_si512(r->sh_hi));
}

/*
 * Four vectors of requantised int32 (zero point included) -> 64 int8, saturated, then clamped to
 * [lo, hi] (saturation first is exact: lo and hi are int8). VPACKSSDW / VPACKSSWB interleave
 * the sources per 128-bit lane (dword j of lane l is source j's lane-l quarter), one VPERMD
 * puts a, b, c, d back in order: 16 bytes each.
 */
#define VQ_HAVE_PACK4 1
typedef __m512i vq_s8x4;
static inline vq_s8x4 vq_pack4(vq_i32 a, vq_i32 b, vq_i32 c, vq_i32 d, vq_s8x4 lo, vq_s8x4 hi) {
    const __m512i ab = _mm512_packs_epi32(a, b), cd = _mm512_packs_epi32(c, d);
    const __m512i idx = _mm512_set_epi32(15, 11, 7, 3, 14, 10, 6, 2, 13, 9, 5, 1, 12, 8, 4, 0);
    const __m512i v = _mm512_permutexvar_epi32(idx, _mm512_packs_epi16(ab, cd));
    return _mm512_min_epi8(_mm512_max_epi8(v, lo), hi);
}
static inline vq_s8x4 vq_s8x4_set1(int32_t v) { return _mm512_set1_epi8((char)v); }
/* The four 16-byte quarters (a, b, c, d) to p0..p3, the first n bytes of each. */
static inline void vq_store4x16(int8_t* p0, int8_t* p1, int8_t* p2, int8_t* p3, vq_s8x4 v, int n) {
    if (n >= 16) {
        _mm_storeu_si128((__m128i*)p0, _mm512_castsi512_si128(v));
        _mm_storeu_si128((__m128i*)p1, _mm512_extracti32x4_epi32(v, 1));
        _mm_storeu_si128((__m128i*)p2, _mm512_extracti32x4_epi32(v, 2));
        _mm_storeu_si128((__m128i*)p3, _mm512_extracti32x4_epi32(v, 3));
        return;
    }
    const __mmask16 k = (__mmask16)((1u << n) - 1u);
    _mm_mask_storeu_epi8(p0, k, _mm512_castsi512_si128(v));
    _mm_mask_storeu_epi8(p1, k, _mm512_extracti32x4_epi32(v, 1));
    _mm_mask_storeu_epi8(p2, k, _mm512_extracti32x4_epi32(v, 2));
    _mm_mask_storeu_epi8(p3, k, _mm512_extracti32x4_epi32(v, 3));
}
/* The two 32-byte halves (a b, c d) to p0, p1, the first n bytes of each. */
static inline void vq_store2x32(int8_t* p0, int8_t* p1, vq_s8x4 v, int n) {
    if (n >= 32) {
        _mm256_storeu_si256((__m256i*)p0, _mm512_castsi512_si256(v));
        _mm256_storeu_si256((__m256i*)p1, _mm512_extracti64x4_epi64(v, 1));
        return;
    }
    const __mmask32 k = (__mmask32)((UINT64_C(1) << n) - 1u);
    _mm256_mask_storeu_epi8(p0, k, _mm512_castsi512_si256(v));
    _mm256_mask_storeu_epi8(p1, k, _mm512_extracti64x4_epi64(v, 1));
}

/*
 * QUANTIZE of 16 floats, exactly the reference's roundf(x / s) + zp saturated (NaN -> zp):
 * division, NaN to 0, clamp, truncating conversion, +-1 where the exact remainder is >= 0.5.
 */
#define VQ_HAVE_QUANTIZE16 1
static inline void vq_quantize16(const float* x, int8_t* y, float scale, int32_t zp) {
    __m512 q = _mm512_div_ps(_mm512_loadu_ps(x), _mm512_set1_ps(scale));
    q = _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(q, q, _CMP_ORD_Q), q);
    q = _mm512_min_ps(_mm512_max_ps(q, _mm512_set1_ps(-1e9f)), _mm512_set1_ps(1e9f));
    __m512i t = _mm512_cvttps_epi32(q);
    const __m512 d = _mm512_sub_ps(q, _mm512_cvtepi32_ps(t));
    const __m512i one = _mm512_set1_epi32(1);
    t = _mm512_mask_add_epi32(t, _mm512_cmp_ps_mask(d, _mm512_set1_ps(0.5f), _CMP_GE_OQ), t, one);
    t = _mm512_mask_sub_epi32(t, _mm512_cmp_ps_mask(d, _mm512_set1_ps(-0.5f), _CMP_LE_OQ), t, one);
    t = _mm512_add_epi32(t, _mm512_set1_epi32(zp));
    _mm_storeu_si128((__m128i*)y, _mm512_cvtsepi32_epi8(t));
}

/*
 * Depthwise: four taps of a kernel row per VPDPBUSD (VQ_DW_QUAD in ge_qs8_dwconv_tmpl.h) on rows of
 * "quads" made by vq_dwq_col (16 channels of a column, flipped to x + 128) and vq_dwq_transpose
 * (4 consecutive columns -> 16 lanes of 4 bytes: VPERMD gathers each lane's dword of the four
 * columns, VPSHUFB transposes the 4x4 bytes inside every lane; no VBMI needed).
 */
#define VQ_DW_QUAD 1
static inline void vq_dwq_col(uint8_t* dst, const int8_t* src, int n) {
    const __m128i v = n >= 16 ? _mm_loadu_si128((const __m128i*)src) : _mm_maskz_loadu_epi8((__mmask16)((1u << n) - 1u), src);
    _mm_storeu_si128((__m128i*)dst, _mm_xor_si128(v, _mm_set1_epi8((char)0x80)));
}
static inline void vq_dwq_transpose(uint8_t* dst, const uint8_t* src) {
    const __m512i idx = _mm512_set_epi32(15, 11, 7, 3, 14, 10, 6, 2, 13, 9, 5, 1, 12, 8, 4, 0);
    const __m512i shuf = _mm512_set4_epi32(0x0f0b0703, 0x0e0a0602, 0x0d090501, 0x0c080400);
    _mm512_storeu_si512(dst, _mm512_shuffle_epi8(_mm512_permutexvar_epi32(idx, _mm512_loadu_si512(src)), shuf));
}

/* Paired depthwise blocks (at most 8 channels): column j's upper 8 bytes from column j2's lower 8. */
#define VQ_HAVE_HALVES 1
static inline void vq_dwq_pair_col(uint8_t* j, const uint8_t* j2) {
    _mm_storeu_si128((__m128i*)j, _mm_unpacklo_epi64(_mm_loadu_si128((const __m128i*)j), _mm_loadu_si128((const __m128i*)j2)));
}
/* The two 8-lane halves of each quarter of v (pixels 2q, 2q + 1) to p + (2q) * stride and
 * p + (2q + 1) * stride, n <= 8 bytes each. */
static inline void vq_store4x2x8(int8_t* p, size_t stride, __m512i v, int n) {
    const __mmask16 k = (__mmask16)((1u << n) - 1u);
    const __m128i q[4] = {_mm512_castsi512_si128(v), _mm512_extracti32x4_epi32(v, 1), _mm512_extracti32x4_epi32(v, 2),
                          _mm512_extracti32x4_epi32(v, 3)};
    for (int i = 0; i < 4; i++) {
        _mm_mask_storeu_epi8(p + (size_t)(2 * i) * stride, k, q[i]);
        _mm_mask_storeu_epi8(p + (size_t)(2 * i + 1) * stride - 8, (__mmask16)(k << 8), q[i]);
    }
}
/* One vector of clamped lanes: lanes 0..n-1 to p, lanes 8..8+n-1 to p + stride unless stride is 0. */
static inline void vq_store_s8_halves(int8_t* p, size_t stride, __m512i r, int n) {
    const __m128i b = _mm512_cvtepi32_epi8(r);
    const __mmask16 k = (__mmask16)((1u << n) - 1u);
    _mm_mask_storeu_epi8(p, k, b);
    if (stride) _mm_mask_storeu_epi8(p + stride - 8, (__mmask16)(k << 8), b);
}

/* f32 helpers (exact on integers below 2^24), kept for templates that want them. */
typedef __m512 vq_f32;
static inline vq_f32 vq_f32_zero(void) { return _mm512_setzero_ps(); }
static inline vq_f32 vq_f32_set1(float x) { return _mm512_set1_ps(x); }
static inline vq_f32 vq_f32_load(const float* p) { return _mm512_loadu_ps(p); }
static inline void vq_f32_store(float* p, vq_f32 v) { _mm512_storeu_ps(p, v); }
static inline vq_f32 vq_f32_sub(vq_f32 a, vq_f32 b) { return _mm512_sub_ps(a, b); }
static inline vq_f32 vq_f32_fma(vq_f32 a, vq_f32 b, vq_f32 c) { return _mm512_fmadd_ps(a, b, c); }
static inline vq_f32 vq_s8_to_f32(const int8_t* p) { return _mm512_cvtepi32_ps(vq_load_s8(p)); }
static inline vq_f32 vq_s8_to_f32_part(const int8_t* p, int n) { return _mm512_cvtepi32_ps(vq_load_s8_part(p, n)); }
static inline vq_i32 vq_f32_to_i32(vq_f32 v) { return _mm512_cvtps_epi32(v); }

/*
 * Tile packing of short spans (im2col rows of few channels): no call, no loop prologue.
 * vq_pack_span reads and writes exactly n bytes (masked). The _fast forms may write up to 64
 * bytes past dst + n (the tile has that much slack, and later spans overwrite it) and read
 * whole 16/32/64-byte blocks when the block stays below src_limit (the end of the tensor).
 */
#define VQ_HAVE_PACK_SPAN 1
#define VQ_PACK_SLACK 64
static inline void vq_pack_span(uint8_t* dst, const int8_t* src, int32_t n);
static inline void vq_pack_span_fast(uint8_t* dst, const int8_t* src, int32_t n, const int8_t* src_limit) {
    const __m512i flip = _mm512_set1_epi8((char)0x80);
    if (n <= 16 && src + 16 <= src_limit) {
        _mm_storeu_si128((__m128i*)dst,
                         _mm_xor_si128(_mm_loadu_si128((const __m128i*)src), _mm512_castsi512_si128(flip)));
    } else if (n <= 32 && src + 32 <= src_limit) {
        _mm256_storeu_si256((__m256i*)dst, _mm256_xor_si256(_mm256_loadu_si256((const __m256i*)src),
                                                            _mm512_castsi512_si256(flip)));
    } else {
        vq_pack_span(dst, src, n);
    }
}
static inline void vq_fill_span_fast(uint8_t* dst, int32_t n, uint8_t value) {
    const __m512i v = _mm512_set1_epi8((char)value);
    if (n <= 16) {
        _mm_storeu_si128((__m128i*)dst, _mm512_castsi512_si128(v));
        return;
    }
    do {
        _mm512_storeu_si512(dst, v);
        dst += 64;
        n -= 64;
    } while (n > 0);
}
static inline void vq_pack_span(uint8_t* dst, const int8_t* src, int32_t n) {
    const __m512i flip = _mm512_set1_epi8((char)0x80);
    for (; n >= 64; n -= 64, src += 64, dst += 64)
        _mm512_storeu_si512(dst, _mm512_xor_si512(_mm512_loadu_si512(src), flip));
    if (n > 0) {
        const __mmask64 k = (__mmask64)((UINT64_C(1) << n) - 1u);
        _mm512_mask_storeu_epi8(dst, k, _mm512_xor_si512(_mm512_maskz_loadu_epi8(k, src), flip));
    }
}
static inline void vq_fill_span(uint8_t* dst, int32_t n, uint8_t value) {
    const __m512i v = _mm512_set1_epi8((char)value);
    for (; n >= 64; n -= 64, dst += 64) _mm512_storeu_si512(dst, v);
    if (n > 0) _mm512_mask_storeu_epi8(dst, (__mmask64)((UINT64_C(1) << n) - 1u), v);
}

/*
 * n pixels of C <= 4 int8 channels -> 4 bytes each, x ^ 0x80 and pad past C (the implicit
 * CONV2D's input copy). C = 3 (RGB): 8 pixels per step, two 12-byte groups spread to dwords by
 * one VPSHUFB; the 16-byte loads read 4 bytes past a group, so they stop 4 bytes before src's end.
 */
#define VQ_HAVE_PIXELS4 1
static inline void vq_pack_pixels4(uint8_t* dst, const int8_t* src, int32_t n, int32_t C, uint8_t pad) {
    if (C == 4) {
        vq_pack_span(dst, src, n * 4);
        return;
    }
    const uint32_t fl = ((uint32_t)pad << 24) | 0x808080u;
    int32_t i = 0;
    if (C == 3) {
        const __m256i shuf = _mm256_setr_epi8(0, 1, 2, -1, 3, 4, 5, -1, 6, 7, 8, -1, 9, 10, 11, -1, 0, 1, 2, -1, 3, 4, 5,
                                              -1, 6, 7, 8, -1, 9, 10, 11, -1);
        const __m256i vfl = _mm256_set1_epi32((int32_t)fl);
        for (; (i + 8) * 3 + 4 <= n * 3; i += 8) {
            const __m256i v = _mm256_inserti128_si256(
                _mm256_castsi128_si256(_mm_loadu_si128((const __m128i*)(src + i * 3))),
                _mm_loadu_si128((const __m128i*)(src + i * 3 + 12)), 1);
            _mm256_storeu_si256((__m256i*)(dst + i * 4), _mm256_xor_si256(_mm256_shuffle_epi8(v, shuf), vfl));
        }
    }
    for (; i < n; i++) {
        uint32_t v = fl;
        for (int32_t c = 0; c < C; c++) v ^= (uint32_t)(uint8_t)src[i * C + c] << (8 * c);
        memcpy(dst + i * 4, &v, 4);
    }
}

/* Lanes where d < 0 from neg, the others from pos. */
static inline vq_i32 vq_select_neg(vq_i32 d, vq_i32 neg, vq_i32 pos) {
    return _mm512_mask_blend_epi32(_mm512_cmplt_epi32_mask(d, _mm512_setzero_si512()), pos, neg);
}

#endif /* GE_SIMDQ_AVX512VNNI_H */
