/*
 * Vector primitives for the kernel templates (kernels/tmpl/): portable C, 4 floats in a
 * struct. This is the fallback every build has; compilers vectorise the lane loops with the
 * target's baseline SIMD (SSE2, NEON) where they can.
 */
#ifndef GE_SIMD_SCALAR_H
#define GE_SIMD_SCALAR_H

#include <string.h>

#define VX_ISA scalar
#define VX_ISA_BITS 0u
#define VX_LANES 4
#define VX_MR 4

typedef struct vx_f32 {
    float v[4];
} vx_f32;

static inline vx_f32 vx_zero(void) { vx_f32 r = {{0, 0, 0, 0}}; return r; }
static inline vx_f32 vx_set1(float x) { vx_f32 r = {{x, x, x, x}}; return r; }
static inline vx_f32 vx_load(const float* p) { vx_f32 r; memcpy(r.v, p, sizeof(r.v)); return r; }
static inline void vx_store(float* p, vx_f32 v) { memcpy(p, v.v, sizeof(v.v)); }
static inline vx_f32 vx_load_part(const float* p, int n) {
    vx_f32 r = vx_zero();
    memcpy(r.v, p, (size_t)n * sizeof(float));
    return r;
}
static inline void vx_store_part(float* p, vx_f32 v, int n) { memcpy(p, v.v, (size_t)n * sizeof(float)); }
#define VX_SCALAR_LANEWISE(name, expr)                     \
    static inline vx_f32 name(vx_f32 a, vx_f32 b) {        \
        vx_f32 r;                                          \
        for (int i = 0; i < 4; i++) r.v[i] = (expr);       \
        return r;                                          \
    }
VX_SCALAR_LANEWISE(vx_add, a.v[i] + b.v[i])
VX_SCALAR_LANEWISE(vx_sub, a.v[i] - b.v[i])
VX_SCALAR_LANEWISE(vx_mul, a.v[i] * b.v[i])
VX_SCALAR_LANEWISE(vx_min, a.v[i] < b.v[i] ? a.v[i] : b.v[i])
VX_SCALAR_LANEWISE(vx_max, a.v[i] > b.v[i] ? a.v[i] : b.v[i])
#undef VX_SCALAR_LANEWISE
/* Not fused: a multiply then an add, like the reference kernels. */
static inline vx_f32 vx_fma(vx_f32 a, vx_f32 b, vx_f32 c) { return vx_add(vx_mul(a, b), c); }

/* Compare-and-select like the reference kernels: a NaN x stays NaN. */
static inline vx_f32 vx_clamp(vx_f32 x, vx_f32 lo, vx_f32 hi) {
    vx_f32 r;
    for (int i = 0; i < 4; i++) r.v[i] = x.v[i] < lo.v[i] ? lo.v[i] : (x.v[i] > hi.v[i] ? hi.v[i] : x.v[i]);
    return r;
}

/* PRELU's select, as the reference: x >= 0 ? x : x * a (NaN takes x * a). */
static inline vx_f32 vx_prelu(vx_f32 x, vx_f32 a) {
    vx_f32 r;
    for (int i = 0; i < 4; i++) r.v[i] = x.v[i] >= 0.0f ? x.v[i] : x.v[i] * a.v[i];
    return r;
}

#endif /* GE_SIMD_SCALAR_H */
