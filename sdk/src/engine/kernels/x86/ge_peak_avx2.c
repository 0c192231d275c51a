/*
 * Peak loops for AVX2: f32 with 12 VFMADD231PS ymm chains; int8 the way the AVX2 kernels do it,
 * VPMADDWD (16 int16 products summed in pairs) + VPADDD, 12 independent chains. Registers only.
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
    /* 12 chains; each product takes its chain's accumulator as the 16-bit operand, so nothing is
     * loop-invariant (no hoisting) and the accumulators stay in registers */
    __m256i a[12];
    const __m256i y = _mm256_set1_epi16(-2);
    for (int i = 0; i < 12; i++) a[i] = _mm256_set1_epi32(i + 1);
    for (int64_t n = 0; n < iters; n++) {
#pragma GCC unroll 12
        for (int i = 0; i < 12; i++) a[i] = _mm256_add_epi32(a[i], _mm256_madd_epi16(a[i], y));
    }
    __m256i s = a[0];
    for (int i = 1; i < 12; i++) s = _mm256_add_epi32(s, a[i]);
    int32_t t[8];
    _mm256_storeu_si256((__m256i*)t, s);
    volatile int32_t sink = t[0];
    (void)sink;
    return iters * 12 * 16;
}
