/*
 * Peak loops for AVX2: f32 with 12 VFMADD231PS ymm chains; int8 the way the AVX2 kernels do it,
 * VPMADDWD (16 int16 products summed in pairs) + VPADDD, 8 independent chains. Registers only.
 */
#include <immintrin.h>
#include <stdint.h>

int64_t ge_peak_f32_avx2(int64_t iters);
int64_t ge_peak_int8_avx2(int64_t iters);

int64_t ge_peak_f32_avx2(int64_t iters) {
    __m256 a[12];
    const __m256 x = _mm256_set1_ps(1.0000001f), y = _mm256_set1_ps(0.9999999f);
    for (int i = 0; i < 12; i++) a[i] = _mm256_set1_ps((float)i);
    for (int64_t n = 0; n < iters; n++) {
#pragma GCC unroll 12
        for (int i = 0; i < 12; i++) a[i] = _mm256_fmadd_ps(a[i], x, y);
    }
    __m256 s = a[0];
    for (int i = 1; i < 12; i++) s = _mm256_add_ps(s, a[i]);
    float t[8];
    _mm256_storeu_ps(t, s);
    volatile float sink = t[0];
    (void)sink;
    return iters * 12 * 8;
}

int64_t ge_peak_int8_avx2(int64_t iters) {
    __m256i a[6], x[6];
    const __m256i y = _mm256_set1_epi16(-2);
    for (int i = 0; i < 6; i++) {
        a[i] = _mm256_set1_epi32(i);
        x[i] = _mm256_set1_epi16((short)(i + 1));
    }
    for (int64_t n = 0; n < iters; n++) {
        /* the inputs look new every iteration, so the products cannot be hoisted out */
        __asm__ volatile("" : "+x"(x[0]), "+x"(x[1]), "+x"(x[2]), "+x"(x[3]), "+x"(x[4]), "+x"(x[5]));
#pragma GCC unroll 6
        for (int i = 0; i < 6; i++) a[i] = _mm256_add_epi32(a[i], _mm256_madd_epi16(x[i], y));
    }
    __m256i s = a[0];
    for (int i = 1; i < 6; i++) s = _mm256_add_epi32(s, a[i]);
    int32_t t[8];
    _mm256_storeu_si256((__m256i*)t, s);
    volatile int32_t sink = t[0];
    (void)sink;
    return iters * 6 * 16;
}
