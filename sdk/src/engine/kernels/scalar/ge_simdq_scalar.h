/*
 * int8 primitives for the qs8 kernel templates (kernels/tmpl/ge_qs8_*): portable C, 4 lanes
 * in a struct. Activations widened to int16 minus the zero point, int16 weights in pairs
 * (the same data layout as AVX2 and WASM), requantisation by ge_q_requant itself.
 */
#ifndef GE_SIMDQ_SCALAR_H
#define GE_SIMDQ_SCALAR_H

#include <string.h>

#include "engine/ge_quant_math.h"

#define VQ_ISA scalar
#define VQ_ISA_BITS 0u
#define VQ_L 4
#define VQ_MR 4
#define VQ_KG 2
#define VQ_A_FMT VQ_A_S16
#define VQ_W_ESZ 2
#define VQ_W_INTERLEAVED 1

typedef struct vq_i32 {
    int32_t v[4];
} vq_i32;
typedef struct vq_w {
    int16_t v[8];
} vq_w;

#define VQ_SCALAR_LANEWISE(name, expr)                  \
    static inline vq_i32 name(vq_i32 a, vq_i32 b) {     \
        vq_i32 r;                                       \
        for (int i = 0; i < 4; i++) r.v[i] = (expr);    \
        return r;                                       \
    }
/* Wrap-around like the SIMD lanes (unsigned arithmetic, no signed overflow). */
VQ_SCALAR_LANEWISE(vq_add, (int32_t)((uint32_t)a.v[i] + (uint32_t)b.v[i]))
VQ_SCALAR_LANEWISE(vq_sub, (int32_t)((uint32_t)a.v[i] - (uint32_t)b.v[i]))
VQ_SCALAR_LANEWISE(vq_mul, (int32_t)((uint32_t)a.v[i] * (uint32_t)b.v[i]))
VQ_SCALAR_LANEWISE(vq_min, a.v[i] < b.v[i] ? a.v[i] : b.v[i])
VQ_SCALAR_LANEWISE(vq_max, a.v[i] > b.v[i] ? a.v[i] : b.v[i])
#undef VQ_SCALAR_LANEWISE

static inline vq_i32 vq_load_i32(const int32_t* p) { vq_i32 r; memcpy(r.v, p, 16); return r; }
static inline vq_i32 vq_set1(int32_t x) { vq_i32 r = {{x, x, x, x}}; return r; }
static inline vq_i32 vq_shl(vq_i32 a, int n) {
    for (int i = 0; i < 4; i++) a.v[i] = (int32_t)((uint32_t)a.v[i] << n);
    return a;
}
static inline vq_w vq_load_w(const void* p) { vq_w r; memcpy(r.v, p, 16); return r; }
static inline vq_i32 vq_bcast_a(const void* p) {
    int32_t v;
    memcpy(&v, p, 4);
    return vq_set1(v);
}
static inline vq_i32 vq_dot(vq_i32 acc, vq_i32 a, vq_w w) {
    int16_t a16[2];
    memcpy(a16, &a.v[0], 4);
    for (int i = 0; i < 4; i++) { /* the pair fits int32; the accumulation wraps like a SIMD lane */
        const int32_t pair = (int32_t)a16[0] * w.v[2 * i] + (int32_t)a16[1] * w.v[2 * i + 1];
        acc.v[i] = (int32_t)((uint32_t)acc.v[i] + (uint32_t)pair);
    }
    return acc;
}
static inline vq_i32 vq_load_s8(const int8_t* p) { vq_i32 r = {{p[0], p[1], p[2], p[3]}}; return r; }
static inline vq_i32 vq_load_s8_part(const int8_t* p, int n) {
    vq_i32 r = {{0, 0, 0, 0}};
    for (int i = 0; i < n; i++) r.v[i] = p[i];
    return r;
}
static inline void vq_store_s8(int8_t* p, vq_i32 v) {
    for (int i = 0; i < 4; i++) p[i] = (int8_t)v.v[i];
}
static inline void vq_store_s8_part(int8_t* p, vq_i32 v, int n) {
    for (int i = 0; i < n; i++) p[i] = (int8_t)v.v[i];
}

typedef struct vq_rq {
    ge_q_mult m[4];
} vq_rq;
static inline void vq_rq_pack(vq_rq* r, const ge_q_mult* m, int n) {
    for (int c = 0; c < 4; c++) r->m[c] = c < n ? m[c] : (ge_q_mult){0, 1};
}
static inline vq_i32 vq_requant(vq_i32 acc, const vq_rq* r) {
    for (int c = 0; c < 4; c++) acc.v[c] = ge_q_requant(acc.v[c], r->m[c]);
    return acc;
}

/* Lanes where d < 0 from neg, the others from pos. */
static inline vq_i32 vq_select_neg(vq_i32 d, vq_i32 neg, vq_i32 pos) {
    for (int i = 0; i < 4; i++) pos.v[i] = d.v[i] < 0 ? neg.v[i] : pos.v[i];
    return pos;
}

#endif /* GE_SIMDQ_SCALAR_H */
