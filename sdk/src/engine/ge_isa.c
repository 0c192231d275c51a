/* ge_isa: run-time CPU feature detection (see ge_isa.h for what each bit means). */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* getauxval */
#endif
#include "engine/ge_isa.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif
#if defined(__aarch64__) && (defined(__linux__) || defined(__ANDROID__))
#include <sys/auxv.h>
#endif

#if defined(__x86_64__) || defined(__i386__)
static uint64_t read_xcr0(void) {
    uint32_t lo, hi;
    /* xgetbv with ecx = 0; encoded as bytes so no -mxsave is needed. */
    __asm__ volatile(".byte 0x0f, 0x01, 0xd0" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((uint64_t)hi << 32) | lo;
}

static uint32_t detect(void) {
    uint32_t a, b, c, d, set = 0;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    const bool osxsave = (c >> 27) & 1, fma = (c >> 12) & 1, avx = (c >> 28) & 1;
    if (!osxsave || !avx) return 0;
    const uint64_t xcr0 = read_xcr0();
    const bool ymm_state = (xcr0 & 0x6) == 0x6;           /* SSE + AVX state */
    const bool zmm_state = (xcr0 & 0xe6) == 0xe6;         /* + opmask, ZMM_Hi256, Hi16_ZMM */
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    const bool avx2 = (b >> 5) & 1;
    const bool f = (b >> 16) & 1, dq = (b >> 17) & 1, bw = (b >> 30) & 1, vl = (b >> 31) & 1;
    const bool vnni = (c >> 11) & 1;
    if (ymm_state && avx2 && fma) set |= GE_ISA_AVX2;
    if ((set & GE_ISA_AVX2) && zmm_state && f && dq && bw && vl) set |= GE_ISA_AVX512;
    if ((set & GE_ISA_AVX512) && vnni) set |= GE_ISA_AVX512VNNI;
    return set;
}
#elif defined(__aarch64__)
#ifndef HWCAP_ASIMDDP
#define HWCAP_ASIMDDP (1ul << 20)
#endif
#ifndef HWCAP2_I8MM
#define HWCAP2_I8MM (1ul << 13)
#endif
static uint32_t detect(void) {
    uint32_t set = GE_ISA_NEON;
#if defined(__linux__) || defined(__ANDROID__)
    unsigned long hw = getauxval(AT_HWCAP), hw2 = getauxval(AT_HWCAP2);
    if (hw & HWCAP_ASIMDDP) set |= GE_ISA_DOTPROD;
    if ((set & GE_ISA_DOTPROD) && (hw2 & HWCAP2_I8MM)) set |= GE_ISA_I8MM;
#elif defined(__APPLE__)
    set |= GE_ISA_DOTPROD; /* every Apple aarch64 core has it */
#endif
    return set;
}
#elif defined(__wasm_simd128__)
static uint32_t detect(void) {
    return GE_ISA_WASM_SIMD;
}
#else
static uint32_t detect(void) {
    return 0;
}
#endif

static const struct {
    const char* name;
    uint32_t bit;
    uint32_t implies; /* the set a cap at this name allows */
} k_isas[] = {
    {"avx2", GE_ISA_AVX2, GE_ISA_AVX2},
    {"avx512", GE_ISA_AVX512, GE_ISA_AVX2 | GE_ISA_AVX512},
    {"avx512vnni", GE_ISA_AVX512VNNI, GE_ISA_AVX2 | GE_ISA_AVX512 | GE_ISA_AVX512VNNI},
    {"neon", GE_ISA_NEON, GE_ISA_NEON},
    {"dotprod", GE_ISA_DOTPROD, GE_ISA_NEON | GE_ISA_DOTPROD},
    {"i8mm", GE_ISA_I8MM, GE_ISA_NEON | GE_ISA_DOTPROD | GE_ISA_I8MM},
    {"wasm_simd", GE_ISA_WASM_SIMD, GE_ISA_WASM_SIMD},
};
#define NUM_ISAS ((int)(sizeof(k_isas) / sizeof(k_isas[0])))

static uint32_t g_detected;
static bool g_detected_done;
static uint32_t g_limit = ~0u;
static bool g_env_done;

static bool limit_of(const char* name, uint32_t* out) {
    if (!name || !name[0]) {
        *out = ~0u;
        return true;
    }
    if (strcmp(name, "scalar") == 0) {
        *out = 0;
        return true;
    }
    for (int i = 0; i < NUM_ISAS; i++)
        if (strcmp(name, k_isas[i].name) == 0) {
            *out = k_isas[i].implies;
            return true;
        }
    return false;
}

uint32_t ge_isa_detected(void) {
    if (!g_detected_done) {
        g_detected = detect();
        g_detected_done = true;
    }
    return g_detected;
}

uint32_t ge_isa_available(void) {
    if (!g_env_done) {
        uint32_t lim;
        if (limit_of(getenv("GLINT_ISA"), &lim)) g_limit = lim;
        g_env_done = true;
    }
    return ge_isa_detected() & g_limit;
}

bool ge_isa_set_limit(const char* name) {
    uint32_t lim;
    if (!limit_of(name, &lim)) return false;
    g_limit = lim;
    g_env_done = true; /* an explicit cap wins over the environment */
    return true;
}

const char* ge_isa_name(uint32_t bit) {
    for (int i = 0; i < NUM_ISAS; i++)
        if (k_isas[i].bit == bit) return k_isas[i].name;
    return "scalar";
}

const char* ge_isa_best_name(uint32_t set) {
    const char* best = "scalar";
    for (int i = 0; i < NUM_ISAS; i++)
        if (set & k_isas[i].bit) best = k_isas[i].name; /* the table runs from weaker to stronger */
    return best;
}

void ge_isa_format(uint32_t set, char* buf, int size) {
    if (size <= 0) return;
    buf[0] = '\0';
    int used = 0;
    for (int i = 0; i < NUM_ISAS; i++) {
        if (!(set & k_isas[i].bit)) continue;
        int n = snprintf(buf + used, (size_t)(size - used), "%s%s", used ? " " : "", k_isas[i].name);
        if (n < 0 || n >= size - used) break;
        used += n;
    }
    if (!used) snprintf(buf, (size_t)size, "scalar");
}
