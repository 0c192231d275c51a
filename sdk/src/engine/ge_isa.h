/*
 * ge_isa: which instruction-set extensions this CPU (and its OS) can run, found once at run
 * time, so one binary picks the fastest kernels everywhere and never executes an instruction
 * the machine lacks (SIGILL).
 *
 *  x86-64   cpuid + xgetbv: AVX2 and FMA need the OS to save YMM state; AVX-512 needs ZMM and
 *           opmask state as well. "avx512" means F+BW+VL+DQ (what the kernels use);
 *           "avx512vnni" adds VPDPBUSD.
 *  aarch64  NEON (Advanced SIMD) is architectural. Dot product (SDOT) and i8mm (SMMLA) are
 *           optional: Linux/Android report them in getauxval(AT_HWCAP / AT_HWCAP2).
 *  wasm     SIMD128 cannot be detected at run time inside one module: it is a build option
 *           (-msimd128), so the bit is set when the module was compiled with it.
 *
 * Tests and benchmarks cap the set with ge_isa_set_limit() or the GLINT_ISA environment
 * variable (a name from ge_isa_name, e.g. GLINT_ISA=avx2 or GLINT_ISA=scalar): kernels for
 * extensions above the cap are then never chosen.
 */
#ifndef GE_ISA_H
#define GE_ISA_H

#include <stdbool.h>
#include <stdint.h>

typedef enum ge_isa_bit {
    GE_ISA_SCALAR = 0,            /* no bit: always present */
    GE_ISA_AVX2 = 1u << 0,        /* AVX2 + FMA3 (+ OS YMM state) */
    GE_ISA_AVX512 = 1u << 1,      /* AVX-512 F, BW, VL, DQ (+ OS ZMM state) */
    GE_ISA_AVX512VNNI = 1u << 2,  /* AVX-512 VNNI */
    GE_ISA_NEON = 1u << 8,        /* aarch64 Advanced SIMD */
    GE_ISA_DOTPROD = 1u << 9,     /* aarch64 SDOT/UDOT (asimddp) */
    GE_ISA_I8MM = 1u << 10,       /* aarch64 SMMLA (i8mm) */
    GE_ISA_WASM_SIMD = 1u << 16,  /* WebAssembly SIMD128 (compile time) */
} ge_isa_bit;

/* The extensions this machine runs, after the cap. Detected on first call; thread-safe
 * (detection is idempotent, the result is a plain word). */
uint32_t ge_isa_available(void);

/* What the hardware has, ignoring any cap. */
uint32_t ge_isa_detected(void);

/*
 * Caps the available set at `name` and everything it implies ("scalar", "avx2", "avx512",
 * "avx512vnni", "neon", "dotprod", "i8mm", "wasm_simd"); NULL or "" removes the cap. Returns
 * false for an unknown name (the cap is then unchanged). Not thread-safe: call before loading
 * models.
 */
bool ge_isa_set_limit(const char* name);

/* Name of one bit ("avx512vnni"), "scalar" for 0. */
const char* ge_isa_name(uint32_t bit);

/* The best extension in a set, for display: "avx512vnni", "dotprod", ... or "scalar". */
const char* ge_isa_best_name(uint32_t set);

/* Writes the names of the bits in set, space separated ("avx2 avx512 avx512vnni"). */
void ge_isa_format(uint32_t set, char* buf, int size);

#endif /* GE_ISA_H */
