/*
 * int8 primitives for the qs8 kernel templates (kernels/tmpl/ge_qs8_*): WebAssembly SIMD128.
 *
 * Dot products: activations widened to int16 minus the zero point while a tile is packed,
 * int16 weights, i32x4.dot_i16x8_s sums pairs of exact products.
 * Requantisation: SIMD128 shifts take one count for all lanes, and each channel has its own,
 * so the 64-bit step runs per lane in scalar code (ge_q_requant itself: exact by definition).
 */
#ifndef GE_SIMDQ_WASM_H
#define GE_SIMDQ_WASM_H

#include <string.h>
#include <wasm_simd128.h>

#include "engine/ge_quant_math.h"

#define VQ_ISA wasm
#define VQ_ISA_BITS GE_ISA_WASM_SIMD
#define VQ_L 4
#define VQ_MR 4
#define VQ_KG 2
#define VQ_A_FMT VQ_A_S16
#define VQ_W_ESZ 2
#define VQ_W_INTERLEAVED 1

typedef v128_t vq_i32;
typedef v128_t vq_w;

static inline vq_i32 vq_load_i32(const int32_t* p) { return wasm_v128_load(p); }
static inline vq_i32 vq_set1(int32_t x) { return wasm_i32x4_splat(x); }
static inline vq_i32 vq_add(vq_i32 a, vq_i32 b) { return wasm_i32x4_add(a, b); }
static inline vq_i32 vq_sub(vq_i32 a, vq_i32 b) { return wasm_i32x4_sub(a, b); }
static inline vq_i32 vq_mul(vq_i32 a, vq_i32 b) { return wasm_i32x4_mul(a, b); }
static inline vq_i32 vq_min(vq_i32 a, vq_i32 b) { return wasm_i32x4_min(a, b); }
static inline vq_i32 vq_max(vq_i32 a, vq_i32 b) { return wasm_i32x4_max(a, b); }
static inline vq_i32 vq_shl(vq_i32 a, int n) { return wasm_i32x4_shl(a, (uint32_t)n); }
static inline vq_w vq_load_w(const void* p) { return wasm_v128_load(p); }
static inline vq_i32 vq_bcast_a(const void* p) {
    int32_t v;
    memcpy(&v, p, 4);
    return wasm_i32x4_splat(v);
}
static inline vq_i32 vq_dot(vq_i32 acc, vq_i32 a, vq_w w) { return wasm_i32x4_add(acc, wasm_i32x4_dot_i16x8(a, w)); }

static inline vq_i32 vq_load_s8(const int8_t* p) {
    int32_t v;
    memcpy(&v, p, 4);
    return wasm_i32x4_extend_low_i16x8(wasm_i16x8_extend_low_i8x16(wasm_i32x4_splat(v)));
}
/* Partial lanes assembled with shifts, not a variable-length memcpy into a zeroed buffer:
 * emscripten 3.1.6 (LLVM 14) produced wrong lanes for the memcpy form where a function inlined
 * several partial loads, and the loop form is as cheap for 1..3 bytes. */
static inline vq_i32 vq_load_s8_part(const int8_t* p, int n) {
    uint32_t v = 0;
    for (int i = 0; i < n; i++) v |= (uint32_t)(uint8_t)p[i] << (8 * i);
    return wasm_i32x4_extend_low_i16x8(wasm_i16x8_extend_low_i8x16(wasm_i32x4_splat((int32_t)v)));
}
static inline int32_t vq_narrow(vq_i32 v) {
    const v128_t h = wasm_i16x8_narrow_i32x4(v, v);
    return wasm_i32x4_extract_lane(wasm_i8x16_narrow_i16x8(h, h), 0);
}
static inline void vq_store_s8(int8_t* p, vq_i32 v) {
    int32_t w = vq_narrow(v);
    memcpy(p, &w, 4);
}
static inline void vq_store_s8_part(int8_t* p, vq_i32 v, int n) {
    const uint32_t w = (uint32_t)vq_narrow(v);
    for (int i = 0; i < n; i++) p[i] = (int8_t)(uint8_t)(w >> (8 * i));
}

typedef struct vq_rq {
    ge_q_mult m[4];
} vq_rq;

static inline void vq_rq_pack(vq_rq* r, const ge_q_mult* m, int n) {
    for (int c = 0; c < 4; c++) r->m[c] = c < n ? m[c] : (ge_q_mult){0, 1};
}

static inline vq_i32 vq_requant(vq_i32 acc, const vq_rq* r) {
    int32_t a[4];
    wasm_v128_store(a, acc);
    for (int c = 0; c < 4; c++) a[c] = ge_q_requant(a[c], r->m[c]);
    return wasm_v128_load(a);
}

/* Lanes where d < 0 from neg, the others from pos. */
static inline vq_i32 vq_select_neg(vq_i32 d, vq_i32 neg, vq_i32 pos) {
    return wasm_v128_bitselect(neg, pos, wasm_i32x4_lt(d, wasm_i32x4_splat(0)));
}

#endif /* GE_SIMDQ_WASM_H */
