/* Peak int8 loop for aarch64 NEON with SDOT: 12 independent chains of 16 MACs each. */
#include <arm_neon.h>
#include <stdint.h>

int64_t ge_peak_int8_dotprod(int64_t iters);

int64_t ge_peak_int8_dotprod(int64_t iters) {
    int32x4_t a[12];
    const int8x16_t x = vdupq_n_s8(3), y = vdupq_n_s8(-2);
    for (int i = 0; i < 12; i++) a[i] = vdupq_n_s32(i);
    for (int64_t n = 0; n < iters; n++) {
#pragma GCC unroll 12
        for (int i = 0; i < 12; i++) a[i] = vdotq_s32(a[i], x, y);
    }
    int32x4_t s = a[0];
    for (int i = 1; i < 12; i++) s = vaddq_s32(s, a[i]);
    volatile int32_t sink = vaddvq_s32(s);
    (void)sink;
    return iters * 12 * 16;
}
