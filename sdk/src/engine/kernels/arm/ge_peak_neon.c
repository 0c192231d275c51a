/*
 * Peak loops for aarch64 NEON: f32 with 12 FMLA chains (4 lanes); int8 the way the NEON
 * kernels do it without SDOT, SMLAL int16 x int16 -> int32 (4 products), 12 chains.
 */
#include <arm_neon.h>
#include <stdint.h>

int64_t ge_peak_f32_neon(int64_t iters);
int64_t ge_peak_int8_neon(int64_t iters);

int64_t ge_peak_f32_neon(int64_t iters) {
    float32x4_t a[12];
    const float32x4_t x = vdupq_n_f32(1.0000001f), y = vdupq_n_f32(0.9999999f);
    for (int i = 0; i < 12; i++) a[i] = vdupq_n_f32((float)i);
    for (int64_t n = 0; n < iters; n++) {
#pragma GCC unroll 12
        for (int i = 0; i < 12; i++) a[i] = vfmaq_f32(y, a[i], x);
    }
    float32x4_t s = a[0];
    for (int i = 1; i < 12; i++) s = vaddq_f32(s, a[i]);
    volatile float sink = vaddvq_f32(s);
    (void)sink;
    return iters * 12 * 4;
}

int64_t ge_peak_int8_neon(int64_t iters) {
    int32x4_t a[12];
    const int16x4_t x = vdup_n_s16(3), y = vdup_n_s16(-2);
    for (int i = 0; i < 12; i++) a[i] = vdupq_n_s32(i);
    for (int64_t n = 0; n < iters; n++) {
#pragma GCC unroll 12
        for (int i = 0; i < 12; i++) a[i] = vmlal_s16(a[i], x, y);
    }
    int32x4_t s = a[0];
    for (int i = 1; i < 12; i++) s = vaddq_s32(s, a[i]);
    volatile int32_t sink = vaddvq_s32(s);
    (void)sink;
    return iters * 12 * 4;
}
