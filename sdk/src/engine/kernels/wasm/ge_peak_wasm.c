/*
 * Peak loops for WebAssembly SIMD128, the way the kernels compute: f32 multiply then add
 * (no FMA in SIMD128), int8 as i32x4.dot_i16x8_s (8 products) + add; 8 chains each.
 */
#include <stdint.h>
#include <wasm_simd128.h>

int64_t ge_peak_f32_wasm(int64_t iters);
int64_t ge_peak_int8_wasm(int64_t iters);

int64_t ge_peak_f32_wasm(int64_t iters) {
    v128_t a[8];
    const v128_t x = wasm_f32x4_splat(1.0000001f), y = wasm_f32x4_splat(0.9999999f);
    for (int i = 0; i < 8; i++) a[i] = wasm_f32x4_splat((float)i);
    for (int64_t n = 0; n < iters; n++) {
#pragma GCC unroll 8
        for (int i = 0; i < 8; i++) a[i] = wasm_f32x4_add(wasm_f32x4_mul(a[i], x), y);
    }
    v128_t s = a[0];
    for (int i = 1; i < 8; i++) s = wasm_f32x4_add(s, a[i]);
    volatile float sink = wasm_f32x4_extract_lane(s, 0);
    (void)sink;
    return iters * 8 * 4;
}

int64_t ge_peak_int8_wasm(int64_t iters) {
    v128_t a[8];
    v128_t x = wasm_i16x8_splat(3);
    for (int i = 0; i < 8; i++) a[i] = wasm_i32x4_splat(i);
    for (int64_t n = 0; n < iters; n++) {
        /* chain the operand through the accumulator so nothing is loop-invariant */
#pragma GCC unroll 8
        for (int i = 0; i < 8; i++) a[i] = wasm_i32x4_add(a[i], wasm_i32x4_dot_i16x8(a[i], x));
    }
    v128_t s = a[0];
    for (int i = 1; i < 8; i++) s = wasm_i32x4_add(s, a[i]);
    volatile int32_t sink = wasm_i32x4_extract_lane(s, 0);
    (void)sink;
    return iters * 8 * 8;
}
