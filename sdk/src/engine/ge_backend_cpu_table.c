/*
 * The table of every CPU kernel compiled into this build, in preference order: the widest
 * ISA first, then narrower ones, then portable C. Which ISA files exist depends on the target
 * architecture (cmake/glint_cpu_kernels.cmake builds only the ones for it).
 */
#include "engine/ge_backend_cpu.h"

#define GE_DECLARE_TABLE(name)                 \
    extern const ge_cpu_kernel name[];         \
    extern const int32_t name##_count;

#if defined(__x86_64__) || defined(__i386__)
GE_DECLARE_TABLE(ge_cpu_qs8_kernels_avx512vnni)
GE_DECLARE_TABLE(ge_cpu_f32_kernels_avx512)
GE_DECLARE_TABLE(ge_cpu_qs8_kernels_avx2)
GE_DECLARE_TABLE(ge_cpu_f32_kernels_avx2)
#endif
#if defined(__aarch64__)
GE_DECLARE_TABLE(ge_cpu_qs8_kernels_dotprod)
GE_DECLARE_TABLE(ge_cpu_qs8_kernels_neon)
GE_DECLARE_TABLE(ge_cpu_f32_kernels_neon)
#endif
#if defined(__wasm_simd128__)
GE_DECLARE_TABLE(ge_cpu_qs8_kernels_wasm)
GE_DECLARE_TABLE(ge_cpu_f32_kernels_wasm)
#endif
GE_DECLARE_TABLE(ge_cpu_qs8_kernels_scalar)
GE_DECLARE_TABLE(ge_cpu_f32_kernels_scalar)
GE_DECLARE_TABLE(ge_cpu_layout_kernels_scalar)

typedef struct table_ref {
    const ge_cpu_kernel* kernels;
    const int32_t* count;
} table_ref;

#define GE_TABLE(name) {name, &name##_count}

static const table_ref k_tables[] = {
#if defined(__x86_64__) || defined(__i386__)
    GE_TABLE(ge_cpu_qs8_kernels_avx512vnni),
    GE_TABLE(ge_cpu_f32_kernels_avx512),
    GE_TABLE(ge_cpu_qs8_kernels_avx2),
    GE_TABLE(ge_cpu_f32_kernels_avx2),
#endif
#if defined(__aarch64__)
    GE_TABLE(ge_cpu_qs8_kernels_dotprod),
    GE_TABLE(ge_cpu_qs8_kernels_neon),
    GE_TABLE(ge_cpu_f32_kernels_neon),
#endif
#if defined(__wasm_simd128__)
    GE_TABLE(ge_cpu_qs8_kernels_wasm),
    GE_TABLE(ge_cpu_f32_kernels_wasm),
#endif
    GE_TABLE(ge_cpu_qs8_kernels_scalar),
    GE_TABLE(ge_cpu_f32_kernels_scalar),
    GE_TABLE(ge_cpu_layout_kernels_scalar),
};
#define NUM_TABLES ((int32_t)(sizeof(k_tables) / sizeof(k_tables[0])))

int32_t ge_cpu_kernel_count(void) {
    int32_t n = 0;
    for (int32_t t = 0; t < NUM_TABLES; t++) n += *k_tables[t].count;
    return n;
}

const ge_cpu_kernel* ge_cpu_kernel_at(int32_t i) {
    if (i < 0) return NULL;
    for (int32_t t = 0; t < NUM_TABLES; t++) {
        if (i < *k_tables[t].count) return &k_tables[t].kernels[i];
        i -= *k_tables[t].count;
    }
    return NULL;
}
