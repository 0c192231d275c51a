/*
 * int8 primitives for the qs8 kernel templates: aarch64 NEON with the dot product extension
 * (SDOT, ARMv8.2 asimddp). Only files compiled with -march=armv8.2-a+dotprod include this, and
 * their kernels run only where getauxval reports asimddp (ge_isa.c).
 *
 * SDOT multiplies signed bytes by signed bytes, four per int32 lane, so activations are used
 * as they are and -x_zp * sum(w) is folded into each channel's bias at load.
 */
#ifndef GE_SIMDQ_DOTPROD_H
#define GE_SIMDQ_DOTPROD_H

#include <arm_neon.h>

#define VQ_ISA dotprod
#define VQ_ISA_BITS (GE_ISA_NEON | GE_ISA_DOTPROD)
#define VQ_MR 8
#define VQ_KG 4
#define VQ_A_FMT VQ_A_S8
#define VQ_W_ESZ 1
#define VQ_W_INTERLEAVED 1
typedef int8x16_t vq_w;
static inline vq_w vq_load_w(const void* p) { return vld1q_s8((const int8_t*)p); }
static inline int32x4_t vq_bcast_a(const void* p) { return vld1q_dup_s32((const int32_t*)p); }
static inline int32x4_t vq_dot(int32x4_t acc, int32x4_t a, vq_w w) {
    return vdotq_s32(acc, w, vreinterpretq_s8_s32(a));
}

#include "engine/kernels/arm/ge_simdq_neon.h"

#endif /* GE_SIMDQ_DOTPROD_H */
