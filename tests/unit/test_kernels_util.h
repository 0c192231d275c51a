/*
 * Helpers for the CPU kernel testers (test_kernels_*.c): every kernel in the registry
 * (ge_backend_cpu.h) that implements an op and whose ISA this machine has runs on the same
 * inputs as the reference kernel, single-threaded and with a thread pool; float results must
 * agree within a tolerance, integer results bit for bit. Kernels for ISAs the machine lacks are
 * counted and listed as skipped (under qemu with -cpu cortex-a53 that is the dotprod set).
 */
#ifndef TEST_KERNELS_UTIL_H
#define TEST_KERNELS_UTIL_H

#include "engine/ge_backend_cpu.h"
#include "test_ref_util.h"

typedef struct tk_stats {
    int runs;         /* kernel x case x thread-count runs compared */
    int cases;
    int unsupported;  /* (case, kernel) pairs the kernel declined */
    int ran_by_kernel[256];
    int sized;        /* int8 cases with at least 32 output elements */
    int varied;       /* those whose reference output has at least 8 distinct values */
} tk_stats;

static tk_stats tk_stats_;

static inline bool tk_kernel_runs_here(const ge_cpu_kernel* k) {
    return (k->isa & ~ge_isa_available()) == 0;
}

/* A fresh output view like `like` (same dtype, shape, quant), filled with a poison pattern. */
static inline ge_view tk_output_like(const ge_view* like) {
    ge_view v = tv_new(like->dtype, like->shape);
    v.quant = like->quant;
    memset(v.data, 0xA5, (size_t)tv_elems(&v) * ge_dtype_size(v.dtype));
    return v;
}

static inline ge_op tk_make_op(tv_op* t, int32_t* ins, int32_t* outs) {
    ge_op op;
    memset(&op, 0, sizeof(op));
    for (int i = 0; i < t->nin; i++) ins[i] = t->in[i].data ? i : -1;
    for (int i = 0; i < t->nout; i++) outs[i] = i;
    op.type = t->type;
    op.name = "op";
    op.num_inputs = t->nin;
    op.inputs = ins;
    op.num_outputs = t->nout;
    op.outputs = outs;
    op.params = t->params;
    return op;
}

/* Compares a kernel's output with the reference's: floats within tol (absolute, scaled by the
 * reference magnitude + 1), anything else byte-exact. */
static inline void tk_compare(const char* what, const char* kname, int threads, const ge_view* got,
                              const ge_view* want, double tol) {
    const int64_t n = tv_elems(want);
    if (want->dtype == GE_DTYPE_F32) {
        const float* g = got->data;
        const float* w = want->data;
        int64_t bad = -1, nbad = 0;
        for (int64_t i = 0; i < n; i++) {
            double t = tol * (1.0 + fabs((double)w[i]));
            if (!(fabs((double)g[i] - (double)w[i]) <= t)) {
                if (bad < 0) bad = i;
                nbad++;
            }
        }
        CHECK_MSG(nbad == 0, "%s: %s (%d threads): %lld of %lld differ; first at %lld: got %.9g want %.9g", what,
                  kname, threads, (long long)nbad, (long long)n, (long long)bad, bad >= 0 ? (double)g[bad] : 0.0,
                  bad >= 0 ? (double)w[bad] : 0.0);
    } else {
        const size_t es = ge_dtype_size(want->dtype);
        int64_t bad = -1, nbad = 0;
        for (int64_t i = 0; i < n; i++)
            if (memcmp((const uint8_t*)got->data + i * es, (const uint8_t*)want->data + i * es, es) != 0) {
                if (bad < 0) bad = i;
                nbad++;
            }
        CHECK_MSG(nbad == 0, "%s: %s (%d threads): %lld of %lld elements differ (first at %lld: got %d want %d)",
                  what, kname, threads, (long long)nbad, (long long)n, (long long)bad,
                  bad >= 0 && es == 1 ? (int)((const int8_t*)got->data)[bad] : 0,
                  bad >= 0 && es == 1 ? (int)((const int8_t*)want->data)[bad] : 0);
    }
}

/*
 * t: an op whose shapes are inferred and whose out[0] holds the reference result. Runs every
 * kernel for t->type available here; returns how many kernels supported the case.
 */
static inline int tk_check_kernels(const char* what, tv_op* t, double tol) {
    int32_t ins[8], outs[GE_MAX_OP_OUTPUTS];
    ge_op op = tk_make_op(t, ins, outs);
    int supported = 0;
    tk_stats_.cases++;
    if (t->out[0].dtype == GE_DTYPE_I8 && tv_elems(&t->out[0]) >= 32) { /* saturated or constant: proves little */
        bool seen[256] = {false};
        int distinct = 0;
        for (int64_t e = 0; e < tv_elems(&t->out[0]); e++) {
            const uint8_t v = ((const uint8_t*)t->out[0].data)[e];
            distinct += !seen[v];
            seen[v] = true;
        }
        tk_stats_.varied += distinct >= 8;
        tk_stats_.sized++;
    }
    for (int32_t i = 0; i < ge_cpu_kernel_count(); i++) {
        const ge_cpu_kernel* k = ge_cpu_kernel_at(i);
        if (k->op != t->type || !tk_kernel_runs_here(k)) continue;
        if (!k->supports(&op, t->in, t->out)) {
            tk_stats_.unsupported++;
            continue;
        }
        supported++;
        static const int thread_counts[] = {1, 3};
        for (int tc = 0; tc < 2; tc++) {
            ge_view got = tk_output_like(&t->out[0]);
            glint_error err;
            memset(&err, 0, sizeof(err));
            glint_result r = ge_cpu_run_kernel(k, &op, t->in, &got, thread_counts[tc], &err);
            CHECK_MSG(r == GLINT_SUCCESS, "%s: %s failed: %s", what, k->name, err.message);
            if (r != GLINT_SUCCESS) continue;
            tk_compare(what, k->name, thread_counts[tc], &got, &t->out[0], tol);
            tk_stats_.runs++;
            if (i < 256) tk_stats_.ran_by_kernel[i]++;
        }
    }
    return supported;
}

/* Prints which kernels (names starting with prefix, ops first..last) ran how often, and the ones
 * this machine cannot run. */
static inline void tk_report(const char* prefix, ge_op_type first, ge_op_type last) {
    char isas[128];
    ge_isa_format(ge_isa_available(), isas, sizeof(isas));
    printf("ISA here: %s\n", isas);
    for (int32_t i = 0; i < ge_cpu_kernel_count() && i < 256; i++) {
        const ge_cpu_kernel* k = ge_cpu_kernel_at(i);
        if (k->op < first || k->op > last || strncmp(k->name, prefix, strlen(prefix)) != 0) continue;
        if (tk_kernel_runs_here(k))
            printf("  %-32s %d runs\n", k->name, tk_stats_.ran_by_kernel[i]);
        else
            printf("  %-32s skipped (ISA not available)\n", k->name);
    }
    printf("%d cases, %d kernel runs compared, %d declined (kernel, case) pairs\n", tk_stats_.cases, tk_stats_.runs,
           tk_stats_.unsupported);
}

#endif /* TEST_KERNELS_UTIL_H */
