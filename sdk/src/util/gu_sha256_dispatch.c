/*
 * gu_sha256_dispatch: which SHA-256 block function runs. Detection is done here, in a file
 * built without any instruction-set flags; util must not depend on engine, so this repeats
 * ge_isa's cpuid / getauxval approach for the two bits it needs instead of calling it.
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* getauxval */
#endif
#include "gu_sha256.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "gu_sha256_impl.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#endif
#if defined(__aarch64__) && (defined(__linux__) || defined(__ANDROID__))
#include <sys/auxv.h>
#endif

/* The CPU has the instructions (whether or not this build compiled the path). */
static bool cpu_has(gu_sha256_path path) {
    switch (path) {
    case GU_SHA256_PORTABLE:
        return true;
    case GU_SHA256_SHANI: {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
        /* SHA: CPUID.(EAX=7,ECX=0):EBX[29]. The path also uses PSHUFB (SSSE3, CPUID.1:ECX[9]) and
         * PALIGNR / SSE4.1 (CPUID.1:ECX[19]); XMM state is always enabled on x86-64. */
        unsigned a, b, c, d;
        if (!__get_cpuid(1, &a, &b, &c, &d)) return false;
        const bool ssse3 = (c >> 9) & 1, sse41 = (c >> 19) & 1;
        if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return false;
        return ssse3 && sse41 && ((b >> 29) & 1);
#else
        return false;
#endif
    }
    case GU_SHA256_ARMV8: {
#if defined(__aarch64__) && (defined(__linux__) || defined(__ANDROID__))
#ifndef HWCAP_SHA2
#define HWCAP_SHA2 (1ul << 6)
#endif
        return (getauxval(AT_HWCAP) & HWCAP_SHA2) != 0;
#elif defined(__aarch64__) && defined(__APPLE__)
        return true; /* every Apple aarch64 core has the Cryptographic Extension */
#else
        return false;
#endif
    }
    default:
        return false;
    }
}

static gu_sha256_blocks_fn compiled_fn(gu_sha256_path path) {
    switch (path) {
    case GU_SHA256_PORTABLE:
        return gu_sha256_blocks_portable;
    case GU_SHA256_SHANI:
        return gu_sha256_blocks_shani;
    case GU_SHA256_ARMV8:
        return gu_sha256_blocks_armv8;
    default:
        return NULL;
    }
}

const char* gu_sha256_path_name(gu_sha256_path path) {
    switch (path) {
    case GU_SHA256_PORTABLE:
        return "portable";
    case GU_SHA256_SHANI:
        return "sha_ni";
    case GU_SHA256_ARMV8:
        return "armv8_sha2";
    default:
        return "?";
    }
}

bool gu_sha256_path_available(gu_sha256_path path) {
    return compiled_fn(path) != NULL && cpu_has(path);
}

/* The active path; -1 until the first hash (or gu_sha256_use_path) decides. Atomic because
 * tracker threads may load models at the same time; every thread that races to decide decides
 * the same. */
static _Atomic int g_active = -1;

/* GLINT_SHA256=<path name> picks a path (when available) whatever GLINT_ISA says: it lets a
 * benchmark time model loading with one hash path and the same kernels. */
static bool env_path(gu_sha256_path* out) {
    const char* want = getenv("GLINT_SHA256");
    if (!want || !want[0]) return false;
    for (int i = 0; i < GU_SHA256_NUM_PATHS; i++)
        if (strcmp(want, gu_sha256_path_name((gu_sha256_path)i)) == 0 && gu_sha256_path_available((gu_sha256_path)i)) {
            *out = (gu_sha256_path)i;
            return true;
        }
    return false;
}

static gu_sha256_path resolve(void) {
    int p = atomic_load_explicit(&g_active, memory_order_relaxed);
    if (p >= 0) return (gu_sha256_path)p;
    gu_sha256_path best = GU_SHA256_PORTABLE;
    const char* isa = getenv("GLINT_ISA");
    const bool forced = env_path(&best);
    if (!forced && !(isa && strcmp(isa, "scalar") == 0)) {
        for (int i = GU_SHA256_NUM_PATHS - 1; i > GU_SHA256_PORTABLE; i--)
            if (gu_sha256_path_available((gu_sha256_path)i)) {
                best = (gu_sha256_path)i;
                break;
            }
    }
    atomic_store_explicit(&g_active, (int)best, memory_order_relaxed);
    return best;
}

gu_sha256_path gu_sha256_active_path(void) {
    return resolve();
}

bool gu_sha256_use_path(gu_sha256_path path) {
    if (!gu_sha256_path_available(path)) return false;
    atomic_store_explicit(&g_active, (int)path, memory_order_relaxed);
    return true;
}

gu_sha256_blocks_fn gu_sha256_blocks_active(void) {
    return compiled_fn(resolve());
}
