/*
 * ge_calib: activation ranges for post-training quantization, observed by running the fp32
 * graph over representative inputs.
 *
 * Usage: ge_calib_init on a loaded fp32 graph (shapes inferred, after the default passes),
 * ge_calib_add_sample for each prepared input (copied), then ge_calib_compute with an observer
 * fills one ge_tensor_range per graph tensor (activations and graph inputs; constants are left
 * unseen). Samples are kept so that several observers can be computed from the same set.
 *
 * How the graph is run: a private clone whose activations each get their own place in the
 * arena (no sharing), executed by the normal executor (fast kernels where they exist). After a
 * run every intermediate tensor is still in memory and is observed in one sweep.
 *
 * Observers (ge_calib_observers.c):
 *  MINMAX      the smallest and largest value seen over all samples.
 *  PERCENTILE  the p-th and (100-p)-th percentiles of the values (default p = 99.99), from a
 *              2048-bin histogram over the min/max range.
 *  KL          TensorRT-style entropy calibration: the clipping threshold T of a 2048-bin
 *              histogram of |x| that minimises KL(P || Q), where P is the clipped distribution
 *              (outliers folded into the last bin) and Q its quantization to 128 levels (255 for
 *              tensors that are never negative); range = [max(min, -T), min(max, T)].
 * Two passes over the samples: min/max first, then the histograms over those ranges.
 * Tensors with fewer than GE_CALIB_MIN_HIST_VALUES observed values keep min/max.
 * The first pass also records, per activation, the largest |x| of every channel (last dim):
 * channel_absmax, the statistics cross-layer equalization (ge_quant_equalize) needs.
 */
#ifndef GE_CALIB_H
#define GE_CALIB_H

#include "engine/ge_exec.h"
#include "engine/ge_quant.h"

#define GE_CALIB_BINS 2048
/* Tensors with fewer observed values (small heads, logits) keep their min/max range: a
 * histogram of a few dozen values says nothing about outliers. */
#define GE_CALIB_MIN_HIST_VALUES 16384

typedef enum ge_observer {
    GE_OBSERVER_MINMAX = 0,
    GE_OBSERVER_PERCENTILE,
    GE_OBSERVER_KL,
} ge_observer;

const char* ge_observer_name(ge_observer o);
/* "minmax", "percentile", "kl" -> observer; false when unknown. */
bool ge_observer_parse(const char* name, ge_observer* out);

typedef struct ge_calib {
    gu_allocator* allocator;
    const ge_graph* src;  /* the fp32 graph the ranges are for (tensor indices) */
    ge_graph flat;        /* its clone, with every activation in its own arena slot */
    ge_exec exec;
    int32_t* flat_of;     /* src tensor -> flat tensor (-1: none) */
    void** samples;       /* num_samples x (all graph inputs back to back) */
    int32_t num_samples, cap_samples;
    size_t sample_bytes;
    double percentile;    /* for GE_OBSERVER_PERCENTILE, e.g. 99.99 */
    float** channel_absmax; /* per src tensor: max |x| per channel of the last dim (after a compute) */
} ge_calib;

glint_result ge_calib_init(ge_calib* c, const ge_graph* src, gu_allocator* allocator, glint_error* err);
void ge_calib_free(ge_calib* c);

/* One sample: inputs[i] is graph input i in its dtype and shape (bytes as in glint_model_set_input). */
glint_result ge_calib_add_sample(ge_calib* c, const void* const* inputs, glint_error* err);

/* Optional progress report: done of total runs. */
typedef void (*ge_calib_progress_fn)(void* ctx, int32_t done, int32_t total);

/* Runs the samples and fills out_ranges[src->num_tensors]. */
glint_result ge_calib_compute(ge_calib* c, ge_observer observer, ge_tensor_range* out_ranges,
                              ge_calib_progress_fn progress, void* progress_ctx, glint_error* err);

/* Runs the fp32 graph on stored sample s; its outputs then stay readable until the next run. */
glint_result ge_calib_run_sample(ge_calib* c, int32_t s, glint_error* err);
/* Graph output k of the last run (f32 outputs only, else NULL); *out_n elements. */
const float* ge_calib_output(const ge_calib* c, int32_t k, int64_t* out_n);

/* ---- observers on one tensor's histogram (ge_calib_observers.c), exposed for tests ---- */

/* hist[GE_CALIB_BINS] of the values over [lo, hi]: the value below which `fraction` of the mass lies. */
float ge_calib_hist_quantile(const double* hist, float lo, float hi, double fraction);
/* KL threshold on hist[GE_CALIB_BINS] of |x| over [0, amax] with `levels` quantization levels. */
float ge_calib_kl_threshold(const double* abs_hist, float amax, int32_t levels);

#endif /* GE_CALIB_H */
