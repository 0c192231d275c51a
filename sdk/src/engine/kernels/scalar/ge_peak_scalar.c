/*
 * Peak loops for the portable C kernels: the same 4-lane struct arithmetic they use
 * (ge_simd_scalar.h, ge_simdq_scalar.h), 8 independent chains, so the compiler turns both
 * into whatever the target's baseline gives it (SSE2 on x86-64, NEON on aarch64) exactly as it
 * does for the kernels. f32: multiply then add; int8: int16 pairs into int32 lanes.
 */
#include <stdint.h>

#include "engine/kernels/scalar/ge_simd_scalar.h"
#include "engine/kernels/scalar/ge_simdq_scalar.h"

int64_t ge_peak_f32_scalar(int64_t iters);
int64_t ge_peak_int8_scalar(int64_t iters);

int64_t ge_peak_f32_scalar(int64_t iters) {
    vx_f32 a[8];
    volatile float xv = 1.0000001f, yv = 0.9999999f;
    const vx_f32 x = vx_set1(xv), y = vx_set1(yv);
    for (int i = 0; i < 8; i++) a[i] = vx_set1((float)i);
    for (int64_t n = 0; n < iters; n++)
        for (int i = 0; i < 8; i++) a[i] = vx_fma(a[i], x, y);
    float s = 0.0f;
    for (int i = 0; i < 8; i++) s += a[i].v[0] + a[i].v[1] + a[i].v[2] + a[i].v[3];
    volatile float sink = s;
    (void)sink;
    return iters * 8 * 4;
}

int64_t ge_peak_int8_scalar(int64_t iters) {
    vq_i32 a[8];
    vq_w w;
    for (int k = 0; k < 8; k++) w.v[k] = (int16_t)(k - 3);
    for (int i = 0; i < 8; i++) a[i] = vq_set1(i + 1);
    for (int64_t n = 0; n < iters; n++)
        for (int i = 0; i < 8; i++) a[i] = vq_dot(a[i], a[i], w); /* its own lane 0 as the int16 pair */
    int32_t s = 0;
    for (int i = 0; i < 8; i++) s += a[i].v[0] + a[i].v[1] + a[i].v[2] + a[i].v[3];
    volatile int32_t sink = s;
    (void)sink;
    return iters * 8 * 8;
}
