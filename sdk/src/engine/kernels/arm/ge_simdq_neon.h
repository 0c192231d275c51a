/*
 * int8 primitives for the qs8 kernel templates (kernels/tmpl/ge_qs8_*): aarch64 NEON, 4 lanes.
 *
 * Requantisation: SMULL gives the exact 64-bit products and SRSHL by -s is a rounding shift,
 * (p + 2^(s-1)) >> s: ge_q_requant's rule in two instructions per pair of lanes.
 * ge_simdq_dotprod.h reuses everything here but the dot product.
 */
#ifndef GE_SIMDQ_NEON_H
#define GE_SIMDQ_NEON_H

#include <arm_neon.h>
#include <string.h>

#include "engine/ge_quant_math.h"

#ifndef VQ_ISA
/* Without SDOT: activations widened to int16 minus the zero point while a tile is packed;
 * weights int16, two k per group ([k0: 4 lanes][k1: 4 lanes]), SMLAL by lane. */
#define VQ_ISA neon
#define VQ_ISA_BITS GE_ISA_NEON
#define VQ_MR 8
#define VQ_KG 2
#define VQ_A_FMT VQ_A_S16
#define VQ_W_ESZ 2
#define VQ_W_INTERLEAVED 0
typedef int16x8_t vq_w;
static inline vq_w vq_load_w(const void* p) { return vld1q_s16((const int16_t*)p); }
static inline int32x4_t vq_bcast_a(const void* p) { return vld1q_dup_s32((const int32_t*)p); }
static inline int32x4_t vq_dot(int32x4_t acc, int32x4_t a, vq_w w) {
    const int16x4_t a16 = vreinterpret_s16_s32(vget_low_s32(a)); /* (a0, a1, a0, a1) */
    acc = vmlal_lane_s16(acc, vget_low_s16(w), a16, 0);
    return vmlal_lane_s16(acc, vget_high_s16(w), a16, 1);
}
#endif

#define VQ_L 4
typedef int32x4_t vq_i32;

static inline vq_i32 vq_load_i32(const int32_t* p) { return vld1q_s32(p); }
static inline vq_i32 vq_set1(int32_t x) { return vdupq_n_s32(x); }
static inline vq_i32 vq_add(vq_i32 a, vq_i32 b) { return vaddq_s32(a, b); }
static inline vq_i32 vq_sub(vq_i32 a, vq_i32 b) { return vsubq_s32(a, b); }
static inline vq_i32 vq_mul(vq_i32 a, vq_i32 b) { return vmulq_s32(a, b); }
static inline vq_i32 vq_min(vq_i32 a, vq_i32 b) { return vminq_s32(a, b); }
static inline vq_i32 vq_max(vq_i32 a, vq_i32 b) { return vmaxq_s32(a, b); }
static inline vq_i32 vq_shl(vq_i32 a, int n) { return vshlq_s32(a, vdupq_n_s32(n)); }

/* Exactly 4 bytes read. */
static inline vq_i32 vq_load_s8(const int8_t* p) {
    int32_t v;
    memcpy(&v, p, 4);
    const int8x8_t b = vreinterpret_s8_s32(vdup_n_s32(v));
    return vmovl_s16(vget_low_s16(vmovl_s8(b)));
}
static inline vq_i32 vq_load_s8_part(const int8_t* p, int n) {
    int8_t t[4] = {0, 0, 0, 0};
    memcpy(t, p, (size_t)n);
    return vq_load_s8(t);
}
static inline int32_t vq_narrow(vq_i32 v) {
    const int16x4_t h = vmovn_s32(v);
    const int8x8_t b = vmovn_s16(vcombine_s16(h, h));
    return vget_lane_s32(vreinterpret_s32_s8(b), 0);
}
static inline void vq_store_s8(int8_t* p, vq_i32 v) {
    int32_t w = vq_narrow(v);
    memcpy(p, &w, 4);
}
static inline void vq_store_s8_part(int8_t* p, vq_i32 v, int n) {
    int32_t w = vq_narrow(v);
    memcpy(p, &w, (size_t)n);
}

typedef struct vq_rq {
    int32_t mult[4];
    int64_t neg_shift[4]; /* -s */
} vq_rq;

static inline void vq_rq_pack(vq_rq* r, const ge_q_mult* m, int n) {
    memset(r, 0, sizeof(*r));
    for (int c = 0; c < 4; c++) {
        const ge_q_mult q = c < n ? m[c] : (ge_q_mult){0, 1};
        r->mult[c] = q.mult;
        r->neg_shift[c] = -(int64_t)q.shift;
    }
}

static inline vq_i32 vq_requant(vq_i32 acc, const vq_rq* r) {
    const int32x4_t m = vld1q_s32(r->mult);
    const int64x2_t lo = vrshlq_s64(vmull_s32(vget_low_s32(acc), vget_low_s32(m)), vld1q_s64(r->neg_shift));
    const int64x2_t hi = vrshlq_s64(vmull_high_s32(acc, m), vld1q_s64(r->neg_shift + 2));
    return vcombine_s32(vmovn_s64(lo), vmovn_s64(hi));
}

/* Lanes where d < 0 from neg, the others from pos. */
static inline vq_i32 vq_select_neg(vq_i32 d, vq_i32 neg, vq_i32 pos) { return vbslq_s32(vcltzq_s32(d), neg, pos); }

#endif /* GE_SIMDQ_NEON_H */
