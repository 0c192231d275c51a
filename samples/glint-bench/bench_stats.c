#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L /* getrusage */
#endif
#include "bench_stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

static int cmp_double(const void* a, const void* b) {
    double x = *(const double*)a, y = *(const double*)b;
    return x < y ? -1 : x > y ? 1 : 0;
}

static double nearest_rank(const double* sorted, int32_t n, double p) {
    int32_t rank = (int32_t)ceil(p / 100.0 * n);
    if (rank < 1) rank = 1;
    if (rank > n) rank = n;
    return sorted[rank - 1];
}

bench_summary bench_summarize(double* v, int32_t n) {
    bench_summary s;
    memset(&s, 0, sizeof(s));
    if (n <= 0) return s;
    qsort(v, (size_t)n, sizeof(double), cmp_double);
    double sum = 0.0;
    for (int32_t i = 0; i < n; i++) sum += v[i];
    s.count = n;
    s.mean = sum / n;
    s.min = v[0];
    s.max = v[n - 1];
    s.p50 = nearest_rank(v, n, 50.0);
    s.p95 = nearest_rank(v, n, 95.0);
    s.p99 = nearest_rank(v, n, 99.0);
    return s;
}

static int64_t status_field_kib(const char* field) {
    FILE* f = fopen("/proc/self/status", "r");
    if (!f) return -1;
    char line[256];
    int64_t v = -1;
    size_t n = strlen(field);
    while (fgets(line, sizeof(line), f))
        if (strncmp(line, field, n) == 0 && line[n] == ':') {
            v = strtoll(line + n + 1, NULL, 10);
            break;
        }
    fclose(f);
    return v;
}

int64_t bench_peak_rss_kib(void) {
    int64_t v = status_field_kib("VmHWM");
    if (v >= 0) return v;
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) == 0) return (int64_t)ru.ru_maxrss; /* KiB on Linux */
    return -1;
}

int64_t bench_rss_kib(void) { return status_field_kib("VmRSS"); }
