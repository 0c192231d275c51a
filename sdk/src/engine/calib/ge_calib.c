/*
 * ge_calib: run the fp32 graph over stored samples and observe every activation (ge_calib.h).
 */
#include "engine/calib/ge_calib.h"

#include <math.h>
#include <string.h>

#include "engine/ge_plan.h"
#include "engine/ge_quant_internal.h"
#include "util/gu_error.h"

/* Every activation of g gets its own arena slot, so all of them survive a run. */
static void plan_without_sharing(ge_graph* g) {
    size_t at = 0;
    for (int32_t t = 0; t < g->num_tensors; t++) {
        ge_tensor* ts = &g->tensors[t];
        if (ts->data) {
            ts->arena_offset = -1;
            continue;
        }
        ts->arena_offset = (int64_t)at;
        size_t bytes = (size_t)ge_shape_elements(&ts->shape) * ge_dtype_size(ts->dtype);
        at += (bytes + GE_PLAN_ALIGN - 1) & ~(size_t)(GE_PLAN_ALIGN - 1);
    }
    g->activation_bytes = at;
}

glint_result ge_calib_init(ge_calib* c, const ge_graph* src, gu_allocator* allocator, glint_error* err) {
    memset(c, 0, sizeof(*c));
    c->allocator = allocator;
    c->src = src;
    c->percentile = 99.99;
    ge_graph_init(&c->flat, allocator);
    ge_qb b;
    glint_result r = ge_qb_init(&b, src, &c->flat, NULL, NULL, err);
    if (r < 0) return r;
    for (int32_t o = 0; o < src->num_ops && r >= 0; o++)
        if (src->ops[o].type != GE_OP_NONE) r = ge_qb_copy_op(&b, o);
    if (r >= 0) r = ge_qb_finish(&b);
    if (r >= 0) {
        c->flat_of = gu_malloc(allocator, (size_t)(src->num_tensors ? src->num_tensors : 1) * sizeof(int32_t));
        if (!c->flat_of) r = gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "calibration: out of memory");
        else memcpy(c->flat_of, b.orig, (size_t)src->num_tensors * sizeof(int32_t));
    }
    ge_qb_free(&b);
    if (r < 0) {
        ge_calib_free(c);
        return r;
    }
    plan_without_sharing(&c->flat);
    r = ge_exec_init(&c->exec, &c->flat, allocator, false, err);
    if (r < 0) {
        ge_calib_free(c);
        return r;
    }
    for (int32_t i = 0; i < src->num_inputs; i++) {
        const ge_tensor* ts = &src->tensors[src->inputs[i]];
        c->sample_bytes += (size_t)ge_shape_elements(&ts->shape) * ge_dtype_size(ts->dtype);
    }
    c->channel_absmax = gu_calloc(allocator, (size_t)(src->num_tensors ? src->num_tensors : 1), sizeof(float*));
    if (!c->channel_absmax) {
        ge_calib_free(c);
        return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "calibration: out of memory");
    }
    for (int32_t t = 0; t < src->num_tensors; t++) {
        const ge_tensor* ts = &src->tensors[t];
        if (ts->data || ts->dtype != GE_DTYPE_F32 || c->flat_of[t] < 0 || ts->shape.rank < 1) continue;
        c->channel_absmax[t] = gu_calloc(allocator, (size_t)ts->shape.dim[ts->shape.rank - 1], sizeof(float));
        if (!c->channel_absmax[t]) {
            ge_calib_free(c);
            return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "calibration: out of memory");
        }
    }
    return GLINT_SUCCESS;
}

void ge_calib_free(ge_calib* c) {
    if (!c->allocator) return;
    ge_exec_free(&c->exec);
    ge_graph_free(&c->flat);
    for (int32_t i = 0; i < c->num_samples; i++) gu_free(c->allocator, c->samples[i]);
    gu_free(c->allocator, c->samples);
    if (c->channel_absmax)
        for (int32_t t = 0; t < c->src->num_tensors; t++) gu_free(c->allocator, c->channel_absmax[t]);
    gu_free(c->allocator, c->channel_absmax);
    gu_free(c->allocator, c->flat_of);
    memset(c, 0, sizeof(*c));
}

glint_result ge_calib_add_sample(ge_calib* c, const void* const* inputs, glint_error* err) {
    if (c->num_samples == c->cap_samples) {
        int32_t cap = c->cap_samples ? c->cap_samples * 2 : 16;
        void** s = gu_malloc(c->allocator, (size_t)cap * sizeof(void*));
        if (!s) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "calibration: out of memory");
        if (c->num_samples) memcpy(s, c->samples, (size_t)c->num_samples * sizeof(void*));
        gu_free(c->allocator, c->samples);
        c->samples = s;
        c->cap_samples = cap;
    }
    uint8_t* buf = gu_malloc(c->allocator, c->sample_bytes ? c->sample_bytes : 1);
    if (!buf) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "calibration: out of memory for a sample");
    size_t at = 0;
    for (int32_t i = 0; i < c->src->num_inputs; i++) {
        const ge_tensor* ts = &c->src->tensors[c->src->inputs[i]];
        size_t n = (size_t)ge_shape_elements(&ts->shape) * ge_dtype_size(ts->dtype);
        memcpy(buf + at, inputs[i], n);
        at += n;
    }
    c->samples[c->num_samples++] = buf;
    return GLINT_SUCCESS;
}

glint_result ge_calib_run_sample(ge_calib* c, int32_t s, glint_error* err) {
    if (s < 0 || s >= c->num_samples) return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "calibration: no sample %d", (int)s);
    const uint8_t* buf = c->samples[s];
    size_t at = 0;
    for (int32_t i = 0; i < c->flat.num_inputs; i++) {
        const int32_t t = c->flat.inputs[i];
        const ge_tensor* ts = &c->flat.tensors[t];
        size_t n = (size_t)ge_shape_elements(&ts->shape) * ge_dtype_size(ts->dtype);
        memcpy(ge_exec_tensor_data(&c->exec, t), buf + at, n);
        at += n;
    }
    return ge_exec_run(&c->exec, err);
}

const float* ge_calib_output(const ge_calib* c, int32_t k, int64_t* out_n) {
    if (k < 0 || k >= c->flat.num_outputs) return NULL;
    const int32_t t = c->flat.outputs[k];
    if (c->flat.tensors[t].dtype != GE_DTYPE_F32) return NULL;
    *out_n = ge_shape_elements(&c->flat.tensors[t].shape);
    return ge_exec_tensor_data(&c->exec, t);
}

/* The observed activations: f32, not constant, present in the clone. */
static const float* tensor_values(const ge_calib* c, int32_t t, int64_t* out_n) {
    const ge_tensor* ts = &c->src->tensors[t];
    if (ts->data || ts->dtype != GE_DTYPE_F32 || c->flat_of[t] < 0) return NULL;
    *out_n = ge_shape_elements(&ts->shape);
    return ge_exec_tensor_data(&c->exec, c->flat_of[t]);
}

glint_result ge_calib_compute(ge_calib* c, ge_observer observer, ge_tensor_range* out, ge_calib_progress_fn progress,
                              void* progress_ctx, glint_error* err) {
    const int32_t nt = c->src->num_tensors;
    const int32_t passes = observer == GE_OBSERVER_MINMAX ? 1 : 2;
    const int32_t total = passes * c->num_samples;
    if (c->num_samples < 1) return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "calibration: no samples");
    for (int32_t t = 0; t < nt; t++) out[t] = (ge_tensor_range){0.0f, 0.0f, false};
    int32_t done = 0;
    for (int32_t s = 0; s < c->num_samples; s++) {
        glint_result r = ge_calib_run_sample(c, s, err);
        if (r < 0) return r;
        for (int32_t t = 0; t < nt; t++) {
            int64_t n;
            const float* v = tensor_values(c, t, &n);
            if (!v) continue;
            float lo = out[t].seen ? out[t].min : INFINITY, hi = out[t].seen ? out[t].max : -INFINITY;
            for (int64_t i = 0; i < n; i++) {
                if (v[i] < lo) lo = v[i];
                if (v[i] > hi) hi = v[i];
            }
            if (isfinite(lo) && isfinite(hi)) out[t] = (ge_tensor_range){lo, hi, true};
            /* per-channel |x| maxima along the last dim (cross-layer equalization) */
            float* cm = c->channel_absmax ? c->channel_absmax[t] : NULL;
            if (cm) {
                const int32_t ch = c->src->tensors[t].shape.dim[c->src->tensors[t].shape.rank - 1];
                if (s == 0) memset(cm, 0, (size_t)ch * sizeof(float));
                for (int64_t i = 0; i < n; i++) {
                    const float a = fabsf(v[i]);
                    if (a > cm[i % ch]) cm[i % ch] = a;
                }
            }
        }
        if (progress) progress(progress_ctx, ++done, total);
    }
    if (passes == 1) return GLINT_SUCCESS;

    /* Pass 2: histograms over the pass-1 ranges (|x| over [0, amax] for KL). */
    double* hist = gu_calloc(c->allocator, (size_t)nt * GE_CALIB_BINS, sizeof(double));
    if (!hist) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "calibration: out of memory for histograms");
    for (int32_t s = 0; s < c->num_samples; s++) {
        glint_result r = ge_calib_run_sample(c, s, err);
        if (r < 0) {
            gu_free(c->allocator, hist);
            return r;
        }
        for (int32_t t = 0; t < nt; t++) {
            int64_t n;
            const float* v = tensor_values(c, t, &n);
            if (!v || !out[t].seen) continue;
            double* h = hist + (size_t)t * GE_CALIB_BINS;
            if (observer == GE_OBSERVER_KL) {
                const double amax = fmax(fabs(out[t].min), fabs(out[t].max));
                if (!(amax > 0.0)) continue;
                const double k = GE_CALIB_BINS / amax;
                for (int64_t i = 0; i < n; i++) {
                    int64_t b = (int64_t)(fabs((double)v[i]) * k);
                    h[b < GE_CALIB_BINS ? b : GE_CALIB_BINS - 1] += 1.0;
                }
            } else {
                const double lo = out[t].min, span = (double)out[t].max - lo;
                if (!(span > 0.0)) continue;
                const double k = GE_CALIB_BINS / span;
                for (int64_t i = 0; i < n; i++) {
                    int64_t b = (int64_t)(((double)v[i] - lo) * k);
                    h[b < 0 ? 0 : (b < GE_CALIB_BINS ? b : GE_CALIB_BINS - 1)] += 1.0;
                }
            }
        }
        if (progress) progress(progress_ctx, ++done, total);
    }
    for (int32_t t = 0; t < nt; t++) {
        if (!out[t].seen) continue;
        const double* h = hist + (size_t)t * GE_CALIB_BINS;
        float lo = out[t].min, hi = out[t].max;
        double count = 0.0;
        for (int32_t i = 0; i < GE_CALIB_BINS; i++) count += h[i];
        if (count < GE_CALIB_MIN_HIST_VALUES) continue; /* too few values for a distribution: min/max */
        if (observer == GE_OBSERVER_KL) {
            const float amax = fmaxf(fabsf(lo), fabsf(hi));
            const float th = ge_calib_kl_threshold(h, amax, lo >= 0.0f ? 255 : 128);
            lo = fmaxf(lo, -th);
            hi = fminf(hi, th);
        } else {
            const double f = c->percentile / 100.0;
            if (lo < 0.0f) lo = ge_calib_hist_quantile(h, out[t].min, out[t].max, 1.0 - f);
            if (hi > 0.0f) hi = ge_calib_hist_quantile(h, out[t].min, out[t].max, f);
        }
        out[t].min = lo;
        out[t].max = hi;
    }
    gu_free(c->allocator, hist);
    return GLINT_SUCCESS;
}
