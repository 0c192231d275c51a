/* ge_cpu_peak: the table of peak loops and the timing (see ge_cpu_peak.h). */
#include "engine/ge_cpu_peak.h"

#include <stddef.h>

#include "engine/ge_isa.h"
#include "util/gu_time.h"

#define GE_DECLARE_PEAK(name) int64_t name(int64_t iters);
#if defined(__x86_64__) || defined(__i386__)
GE_DECLARE_PEAK(ge_peak_int8_avx512vnni)
GE_DECLARE_PEAK(ge_peak_f32_avx512)
GE_DECLARE_PEAK(ge_peak_int8_avx2)
GE_DECLARE_PEAK(ge_peak_f32_avx2)
#endif
#if defined(__aarch64__)
GE_DECLARE_PEAK(ge_peak_int8_dotprod)
GE_DECLARE_PEAK(ge_peak_int8_neon)
GE_DECLARE_PEAK(ge_peak_f32_neon)
#endif
#if defined(__wasm_simd128__)
GE_DECLARE_PEAK(ge_peak_int8_wasm)
GE_DECLARE_PEAK(ge_peak_f32_wasm)
#endif
GE_DECLARE_PEAK(ge_peak_int8_scalar)
GE_DECLARE_PEAK(ge_peak_f32_scalar)

/* Widest ISA first, like the kernel table. */
static const ge_cpu_peak_loop k_loops[] = {
#if defined(__x86_64__) || defined(__i386__)
    {"ge_peak_int8_avx512vnni", GE_PEAK_INT8, GE_ISA_AVX2 | GE_ISA_AVX512 | GE_ISA_AVX512VNNI, ge_peak_int8_avx512vnni},
    {"ge_peak_f32_avx512", GE_PEAK_F32, GE_ISA_AVX2 | GE_ISA_AVX512, ge_peak_f32_avx512},
    {"ge_peak_int8_avx2", GE_PEAK_INT8, GE_ISA_AVX2, ge_peak_int8_avx2},
    {"ge_peak_f32_avx2", GE_PEAK_F32, GE_ISA_AVX2, ge_peak_f32_avx2},
#endif
#if defined(__aarch64__)
    {"ge_peak_int8_dotprod", GE_PEAK_INT8, GE_ISA_NEON | GE_ISA_DOTPROD, ge_peak_int8_dotprod},
    {"ge_peak_int8_neon", GE_PEAK_INT8, GE_ISA_NEON, ge_peak_int8_neon},
    {"ge_peak_f32_neon", GE_PEAK_F32, GE_ISA_NEON, ge_peak_f32_neon},
#endif
#if defined(__wasm_simd128__)
    {"ge_peak_int8_wasm", GE_PEAK_INT8, GE_ISA_WASM_SIMD, ge_peak_int8_wasm},
    {"ge_peak_f32_wasm", GE_PEAK_F32, GE_ISA_WASM_SIMD, ge_peak_f32_wasm},
#endif
    {"ge_peak_int8_scalar", GE_PEAK_INT8, 0, ge_peak_int8_scalar},
    {"ge_peak_f32_scalar", GE_PEAK_F32, 0, ge_peak_f32_scalar},
};

const ge_cpu_peak_loop* ge_cpu_peak_select(ge_peak_kind kind) {
    const uint32_t isa = ge_isa_available();
    for (size_t i = 0; i < sizeof(k_loops) / sizeof(k_loops[0]); i++)
        if (k_loops[i].kind == kind && (k_loops[i].isa & ~isa) == 0) return &k_loops[i];
    return NULL;
}

double ge_cpu_peak_measure(ge_peak_kind kind, double min_ms, const char** out_name) {
    const ge_cpu_peak_loop* l = ge_cpu_peak_select(kind);
    if (out_name) *out_name = l ? l->name : "none";
    if (!l) return 0.0;
    /* grow the iteration count until one run takes min_ms, then keep the best of three */
    int64_t iters = 1024;
    double best = 0.0;
    int timed = 0;
    while (timed < 3 && iters < (INT64_C(1) << 40)) {
        const int64_t t0 = gu_time_ns();
        const int64_t macs = l->run(iters);
        const double ms = (double)(gu_time_ns() - t0) * 1e-6;
        if (ms < min_ms) {
            iters = ms > 0.5 ? (int64_t)((double)iters * min_ms / ms * 1.2) + 1 : iters * 8;
            continue;
        }
        const double rate = (double)macs / (ms * 1e-3);
        if (rate > best) best = rate;
        timed++;
    }
    return best;
}
