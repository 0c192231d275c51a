/*
 * Minimal test helpers: CHECK macros that print file:line and count failures, a fixed-seed
 * PRNG for random tensors, and paths to the set-up cache and committed test data.
 * A test is a main() that returns test_finish().
 */
#ifndef GLINT_TEST_UTIL_H
#define GLINT_TEST_UTIL_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int test_failures_ = 0;
static int test_checks_ = 0;

#define CHECK(cond)                                                                   \
    do {                                                                              \
        test_checks_++;                                                               \
        if (!(cond)) {                                                                \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);  \
            test_failures_++;                                                         \
        }                                                                             \
    } while (0)

#define CHECK_MSG(cond, ...)                                                          \
    do {                                                                              \
        test_checks_++;                                                               \
        if (!(cond)) {                                                                \
            fprintf(stderr, "%s:%d: CHECK failed: %s: ", __FILE__, __LINE__, #cond);  \
            fprintf(stderr, __VA_ARGS__);                                             \
            fputc('\n', stderr);                                                      \
            test_failures_++;                                                         \
        }                                                                             \
    } while (0)

#define CHECK_NEAR(a, b, eps)                                                         \
    do {                                                                              \
        double a_ = (double)(a), b_ = (double)(b);                                    \
        test_checks_++;                                                               \
        if (!(fabs(a_ - b_) <= (eps))) {                                              \
            fprintf(stderr, "%s:%d: CHECK_NEAR failed: %s=%.9g %s=%.9g eps=%g\n",     \
                    __FILE__, __LINE__, #a, a_, #b, b_, (double)(eps));               \
            test_failures_++;                                                         \
        }                                                                             \
    } while (0)

static inline int test_finish(void) {
    if (test_failures_) {
        fprintf(stderr, "FAILED: %d of %d checks\n", test_failures_, test_checks_);
        return 1;
    }
    printf("ok: %d checks\n", test_checks_);
    return 0;
}

/* xorshift64*: fixed-seed random numbers, identical on every platform. */
typedef struct test_rng {
    uint64_t s;
} test_rng;
static inline uint64_t test_rng_next(test_rng* r) {
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 2685821657736338717ull;
}
/* Uniform in [lo, hi). */
static inline float test_rng_float(test_rng* r, float lo, float hi) {
    return lo + (hi - lo) * (float)((test_rng_next(r) >> 40) * (1.0 / 16777216.0));
}
static inline int test_rng_int(test_rng* r, int lo, int hi_inclusive) {
    return lo + (int)(test_rng_next(r) % (uint64_t)(hi_inclusive - lo + 1));
}

/* Folder with models/ and images/ made by tools/setup.sh ($GLINT_CACHE_DIR). */
static inline const char* test_cache_dir(void) {
    const char* d = getenv("GLINT_CACHE_DIR");
    return d ? d : ".cache";
}
/* Folder with committed test data (tests/data, tests/golden parent): $GLINT_TEST_DATA. */
static inline const char* test_data_dir(void) {
    const char* d = getenv("GLINT_TEST_DATA");
    return d ? d : "tests";
}

/*
 * A counting allocator for glint_allocator hooks (alloc = test_count_alloc, free =
 * test_count_free, user_data = a test_counting): live must be 0 after destroy, and allocs must
 * not grow in a steady state.
 */
typedef struct test_counting {
    long allocs, frees, live;
} test_counting;
static inline void* test_count_alloc(size_t size, void* user) {
    test_counting* c = (test_counting*)user;
    c->allocs++, c->live++;
    return malloc(size);
}
static inline void test_count_free(void* p, void* user) {
    test_counting* c = (test_counting*)user;
    if (p) c->frees++, c->live--;
    free(p);
}

#endif /* GLINT_TEST_UTIL_H */
