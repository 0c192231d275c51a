/* bench_stats: percentiles of a sample of times, and the process's peak memory. */
#ifndef BENCH_STATS_H
#define BENCH_STATS_H

#include <stdint.h>

typedef struct bench_summary {
    int32_t count;
    double mean, p50, p95, p99, min, max;
} bench_summary;

/* Sorts values in place; nearest-rank percentiles (the smallest value with at least p % of
 * the sample at or below it). All zero for an empty sample. */
bench_summary bench_summarize(double* values, int32_t count);

/* Peak resident memory of this process in KiB: VmHWM from /proc/self/status, else
 * getrusage's ru_maxrss; -1 when neither is available. */
int64_t bench_peak_rss_kib(void);
/* Current resident memory (VmRSS) in KiB; -1 when unknown. */
int64_t bench_rss_kib(void);

#endif /* BENCH_STATS_H */
