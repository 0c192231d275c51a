/* Peak loops for portable C: 8 independent scalar multiply-add chains, f32 and int32. */
#include <stdint.h>

int64_t ge_peak_f32_scalar(int64_t iters);
int64_t ge_peak_int8_scalar(int64_t iters);

int64_t ge_peak_f32_scalar(int64_t iters) {
    float a[8];
    volatile float xv = 1.0000001f, yv = 0.9999999f;
    const float x = xv, y = yv;
    for (int i = 0; i < 8; i++) a[i] = (float)i;
    for (int64_t n = 0; n < iters; n++)
        for (int i = 0; i < 8; i++) a[i] = a[i] * x + y;
    volatile float sink = a[0] + a[1] + a[2] + a[3] + a[4] + a[5] + a[6] + a[7];
    (void)sink;
    return iters * 8;
}

int64_t ge_peak_int8_scalar(int64_t iters) {
    uint32_t a[8];
    volatile int32_t xv = 3;
    const uint32_t x = (uint32_t)xv;
    for (int i = 0; i < 8; i++) a[i] = (uint32_t)i;
    for (int64_t n = 0; n < iters; n++)
        for (int i = 0; i < 8; i++) a[i] = a[i] * x + (uint32_t)i;
    volatile uint32_t sink = a[0] + a[1] + a[2] + a[3] + a[4] + a[5] + a[6] + a[7];
    (void)sink;
    return iters * 8;
}
