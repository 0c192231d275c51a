/*
 * Vector primitives for the kernel templates (kernels/tmpl/): WebAssembly SIMD128, 4 floats.
 * No fused multiply-add in the final SIMD128 set (relaxed SIMD is not usable with our
 * toolchain), so vx_fma is a multiply then an add: results may differ from the FMA ISAs in
 * the last bit, which the float tests' tolerance allows.
 */
#ifndef GE_SIMD_WASM_H
#define GE_SIMD_WASM_H

#include <string.h>
#include <wasm_simd128.h>

#define VX_ISA wasm
#define VX_ISA_BITS GE_ISA_WASM_SIMD
#define VX_LANES 4
/* GEMM microkernel rows: 4 x 2 vectors = 8 accumulators (engines map to 16 xmm registers). */
#define VX_MR 4

typedef v128_t vx_f32;

static inline vx_f32 vx_zero(void) { return wasm_f32x4_splat(0.0f); }
static inline vx_f32 vx_set1(float x) { return wasm_f32x4_splat(x); }
static inline vx_f32 vx_load(const float* p) { return wasm_v128_load(p); }
static inline void vx_store(float* p, vx_f32 v) { wasm_v128_store(p, v); }
static inline vx_f32 vx_load_part(const float* p, int n) {
    float t[4] = {0, 0, 0, 0};
    memcpy(t, p, (size_t)n * sizeof(float));
    return wasm_v128_load(t);
}
static inline void vx_store_part(float* p, vx_f32 v, int n) {
    float t[4];
    wasm_v128_store(t, v);
    memcpy(p, t, (size_t)n * sizeof(float));
}
static inline vx_f32 vx_fma(vx_f32 a, vx_f32 b, vx_f32 c) { return wasm_f32x4_add(wasm_f32x4_mul(a, b), c); }
static inline vx_f32 vx_add(vx_f32 a, vx_f32 b) { return wasm_f32x4_add(a, b); }
static inline vx_f32 vx_sub(vx_f32 a, vx_f32 b) { return wasm_f32x4_sub(a, b); }
static inline vx_f32 vx_mul(vx_f32 a, vx_f32 b) { return wasm_f32x4_mul(a, b); }
/* pmin/pmax are single instructions; our clamp bounds are never NaN. */
static inline vx_f32 vx_min(vx_f32 a, vx_f32 b) { return wasm_f32x4_pmin(a, b); }
static inline vx_f32 vx_max(vx_f32 a, vx_f32 b) { return wasm_f32x4_pmax(a, b); }

/* pmax(x, lo) = x < lo ? lo : x keeps a NaN x, like the reference's compare-and-select. */
static inline vx_f32 vx_clamp(vx_f32 x, vx_f32 lo, vx_f32 hi) { return wasm_f32x4_pmin(wasm_f32x4_pmax(x, lo), hi); }

/* PRELU's select, as the reference: x >= 0 ? x : x * a (NaN takes x * a). */
static inline vx_f32 vx_prelu(vx_f32 x, vx_f32 a) {
    return wasm_v128_bitselect(x, wasm_f32x4_mul(x, a), wasm_f32x4_ge(x, wasm_f32x4_splat(0.0f)));
}

#endif /* GE_SIMD_WASM_H */
