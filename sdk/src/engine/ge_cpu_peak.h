/*
 * ge_cpu_peak: this CPU's measured peak multiply-accumulate rate, per precision and ISA.
 *
 * A peak loop is a register-only microkernel: a dozen independent accumulators updated with
 * the ISA's widest multiply-accumulate (VFMADD231PS zmm, VPDPBUSD zmm, SDOT, ...) and no
 * memory traffic, so it runs at the core's arithmetic limit. glint-bench reports a model's
 * MAC/s as a percentage of this: how much of the machine the kernels actually use.
 * One loop per (precision, ISA) lives in kernels/<isa>/ge_peak_<isa>.c.
 */
#ifndef GE_CPU_PEAK_H
#define GE_CPU_PEAK_H

#include <stdint.h>

typedef enum ge_peak_kind {
    GE_PEAK_F32 = 0,  /* f32 multiply-adds */
    GE_PEAK_INT8 = 1, /* int8 x int8 -> int32 multiply-adds */
} ge_peak_kind;

typedef struct ge_cpu_peak_loop {
    const char* name;  /* ge_peak_<kind>_<isa> */
    ge_peak_kind kind;
    uint32_t isa;      /* ge_isa_bit set it needs */
    /* Runs `iters` iterations; returns the multiply-accumulates done (lanes x products). */
    int64_t (*run)(int64_t iters);
} ge_cpu_peak_loop;

/* The loop for kind on this machine (ge_isa_available(): the same cap as the kernels). */
const ge_cpu_peak_loop* ge_cpu_peak_select(ge_peak_kind kind);

/* Single-thread MAC/s of the selected loop, timed over at least min_ms (best of 3). */
double ge_cpu_peak_measure(ge_peak_kind kind, double min_ms, const char** out_name);

#endif /* GE_CPU_PEAK_H */
