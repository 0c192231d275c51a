/* Peak int8 loop for AVX-512 VNNI: 12 independent VPDPBUSD zmm chains (64 MACs each), registers only. */
#include <immintrin.h>
#include <stdint.h>

int64_t ge_peak_int8_avx512vnni(int64_t iters);

int64_t ge_peak_int8_avx512vnni(int64_t iters) {
    __m512i a[12];
    const __m512i x = _mm512_set1_epi8(3), y = _mm512_set1_epi8(-2);
    for (int i = 0; i < 12; i++) a[i] = _mm512_set1_epi32(i);
    for (int64_t n = 0; n < iters; n++) {
#pragma GCC unroll 12
        for (int i = 0; i < 12; i++) a[i] = _mm512_dpbusd_epi32(a[i], x, y);
    }
    __m512i s = a[0];
    for (int i = 1; i < 12; i++) s = _mm512_add_epi32(s, a[i]);
    volatile int32_t sink = _mm512_reduce_add_epi32(s);
    (void)sink;
    return iters * 12 * 64;
}
