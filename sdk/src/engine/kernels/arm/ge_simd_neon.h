/*
 * Vector primitives for the kernel templates (kernels/tmpl/): aarch64 NEON, 4 floats.
 * NEON is architectural on aarch64, so these files need no extra flags.
 */
#ifndef GE_SIMD_NEON_H
#define GE_SIMD_NEON_H

#include <arm_neon.h>
#include <string.h>

#define VX_ISA neon
#define VX_ISA_BITS GE_ISA_NEON
#define VX_LANES 4
/* GEMM microkernel rows: 8 x 2 vectors = 16 accumulators of 32 registers. */
#define VX_MR 8

typedef float32x4_t vx_f32;

static inline vx_f32 vx_zero(void) { return vdupq_n_f32(0.0f); }
static inline vx_f32 vx_set1(float x) { return vdupq_n_f32(x); }
static inline vx_f32 vx_load(const float* p) { return vld1q_f32(p); }
static inline void vx_store(float* p, vx_f32 v) { vst1q_f32(p, v); }
/* n in [0, VX_LANES]: through a small buffer, so nothing past p + n is touched. */
static inline vx_f32 vx_load_part(const float* p, int n) {
    float t[4] = {0, 0, 0, 0};
    memcpy(t, p, (size_t)n * sizeof(float));
    return vld1q_f32(t);
}
static inline void vx_store_part(float* p, vx_f32 v, int n) {
    float t[4];
    vst1q_f32(t, v);
    memcpy(p, t, (size_t)n * sizeof(float));
}
static inline vx_f32 vx_fma(vx_f32 a, vx_f32 b, vx_f32 c) { return vfmaq_f32(c, a, b); }
static inline vx_f32 vx_add(vx_f32 a, vx_f32 b) { return vaddq_f32(a, b); }
static inline vx_f32 vx_sub(vx_f32 a, vx_f32 b) { return vsubq_f32(a, b); }
static inline vx_f32 vx_mul(vx_f32 a, vx_f32 b) { return vmulq_f32(a, b); }
static inline vx_f32 vx_min(vx_f32 a, vx_f32 b) { return vminq_f32(a, b); }
static inline vx_f32 vx_max(vx_f32 a, vx_f32 b) { return vmaxq_f32(a, b); }

/* NEON max/min propagate NaN. */
static inline vx_f32 vx_clamp(vx_f32 x, vx_f32 lo, vx_f32 hi) { return vminq_f32(vmaxq_f32(x, lo), hi); }

/* PRELU's select, as the reference: x >= 0 ? x : x * a (NaN takes x * a). */
static inline vx_f32 vx_prelu(vx_f32 x, vx_f32 a) { return vbslq_f32(vcgezq_f32(x), x, vmulq_f32(x, a)); }

#endif /* GE_SIMD_NEON_H */
