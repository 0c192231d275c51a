/* Peak f32 loop for AVX-512: 12 independent VFMADD231PS zmm chains, registers only. */
#include <immintrin.h>
#include <stdint.h>

int64_t ge_peak_f32_avx512(int64_t iters);

int64_t ge_peak_f32_avx512(int64_t iters) {
    __m512 a[12];
    const __m512 x = _mm512_set1_ps(1.0000001f), y = _mm512_set1_ps(0.9999999f);
    for (int i = 0; i < 12; i++) a[i] = _mm512_set1_ps((float)i);
    for (int64_t n = 0; n < iters; n++) {
#pragma GCC unroll 12
        for (int i = 0; i < 12; i++) a[i] = _mm512_fmadd_ps(a[i], x, y);
    }
    __m512 s = a[0];
    for (int i = 1; i < 12; i++) s = _mm512_add_ps(s, a[i]);
    volatile float sink = _mm512_reduce_add_ps(s);
    (void)sink;
    return iters * 12 * 16;
}
