/*
 * Empirical bias correction of an int8 graph (ge_ptq.h).
 *
 * Rounding the weights of a conv to int8 shifts the mean of each output channel by
 * sum_k (w_q - w) * E[x_k], a fixed error per channel; in depthwise layers, with only 9 or 25
 * taps per channel, it does not average out. Measured on the calibration samples, it is
 * removed from the int32 bias: b[c] -= round(mean_err[c] / (s_x * s_w[c])).
 *
 * Layers are corrected one after the other in graph order, each measured with every earlier
 * layer already corrected, so that a layer does not also absorb (and double) the shift of
 * the layers before it. Only int8 conv / depthwise / FC ops that have a bias are corrected;
 * outputs clipped by a fused activation are left out of the mean (their error is the clip's).
 */
#include <math.h>
#include <string.h>

#include "engine/calib/ge_ptq.h"
#include "engine/ge_plan.h"
#include "engine/ge_quant_math.h"
#include "util/gu_error.h"

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

static bool correctable(const ge_graph* q, const ge_op* op) {
    if (op->type != GE_OP_CONV2D && op->type != GE_OP_DEPTHWISE_CONV2D && op->type != GE_OP_FULLY_CONNECTED) return false;
    if (op->num_inputs < 3 || op->inputs[2] < 0) return false;
    const ge_tensor* x = &q->tensors[op->inputs[0]];
    const ge_tensor* b = &q->tensors[op->inputs[2]];
    const ge_tensor* y = &q->tensors[op->outputs[0]];
    return x->dtype == GE_DTYPE_I8 && y->dtype == GE_DTYPE_I8 && b->dtype == GE_DTYPE_I32 && b->data && y->quant &&
           q->tensors[op->inputs[1]].quant;
}

static glint_result set_inputs(const ge_graph* q, ge_exec* ex, const uint8_t* sample) {
    size_t at = 0;
    for (int32_t i = 0; i < q->num_inputs; i++) {
        const ge_tensor* ts = &q->tensors[q->inputs[i]];
        size_t n = (size_t)ge_shape_elements(&ts->shape) * ge_dtype_size(ts->dtype);
        memcpy(ge_exec_tensor_data(ex, q->inputs[i]), sample + at, n);
        at += n;
    }
    return GLINT_SUCCESS;
}

glint_result ge_ptq_bias_correct(ge_graph* q, const ge_graph* src, ge_calib* calib, int32_t samples,
                                 int32_t* out_corrected, glint_error* err) {
    if (out_corrected) *out_corrected = 0;
    if (samples > calib->num_samples) samples = calib->num_samples;
    plan_without_sharing(q);
    gu_allocator* alloc = calib->allocator;
    /* fp32 reference values of every corrected layer's output, per sample: computed on demand */
    double* sum = NULL;
    int64_t* cnt = NULL;
    int32_t cap = 0, corrected = 0;
    glint_result r = GLINT_SUCCESS;
    for (int32_t o = 0; o < q->num_ops && r >= 0; o++) {
        const ge_op* op = &q->ops[o];
        if (!correctable(q, op)) continue;
        const ge_tensor* y = &q->tensors[op->outputs[0]];
        const int32_t st = ge_graph_find_tensor(src, y->name);
        if (st < 0 || calib->flat_of[st] < 0 || src->tensors[st].dtype != GE_DTYPE_F32 ||
            !ge_shape_equal(&src->tensors[st].shape, &y->shape))
            continue;
        const int32_t ch = y->shape.dim[y->shape.rank - 1];
        if (ch > cap) {
            gu_free(alloc, sum);
            gu_free(alloc, cnt);
            sum = gu_malloc(alloc, (size_t)ch * sizeof(double));
            cnt = gu_malloc(alloc, (size_t)ch * sizeof(int64_t));
            cap = ch;
            if (!sum || !cnt) {
                r = gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "bias correction: out of memory");
                break;
            }
        }
        memset(sum, 0, (size_t)ch * sizeof(double));
        memset(cnt, 0, (size_t)ch * sizeof(int64_t));
        /* the executor packs constants at init: a fresh one sees the biases corrected so far */
        ge_exec ex;
        r = ge_exec_init(&ex, q, alloc, false, err);
        if (r < 0) break;
        int32_t lo = GE_Q_MIN, hi = GE_Q_MAX;
        const ge_activation act = op->type == GE_OP_FULLY_CONNECTED ? op->params.fc.act : op->params.conv.act;
        ge_q_act_bounds(act, y->quant->scale[0], y->quant->zero_point[0], &lo, &hi);
        const float sy = y->quant->scale[0];
        const int32_t zy = y->quant->zero_point[0];
        const int64_t n = ge_shape_elements(&y->shape);
        for (int32_t s = 0; s < samples && r >= 0; s++) {
            r = ge_calib_run_sample(calib, s, err);
            if (r >= 0) r = set_inputs(q, &ex, calib->samples[s]);
            if (r >= 0) r = ge_exec_run(&ex, err);
            if (r < 0) break;
            const float* ref = ge_exec_tensor_data(&calib->exec, calib->flat_of[st]);
            const int8_t* got = ge_exec_tensor_data(&ex, op->outputs[0]);
            for (int64_t i = 0; i < n; i++) {
                if (got[i] <= lo || got[i] >= hi) continue; /* clipped: not a bias error */
                const int32_t c = (int32_t)(i % ch);
                sum[c] += (double)sy * (got[i] - zy) - (double)ref[i];
                cnt[c]++;
            }
        }
        ge_exec_free(&ex);
        if (r < 0) break;
        int32_t* bias = (int32_t*)q->tensors[op->inputs[2]].data;
        const ge_quant* wq = q->tensors[op->inputs[1]].quant;
        const double sx = q->tensors[op->inputs[0]].quant->scale[0];
        for (int32_t c = 0; c < ch; c++) {
            if (cnt[c] < 16) continue;
            const double acc_scale = sx * (double)wq->scale[wq->count > 1 ? c : 0];
            double b = (double)bias[c] - ge_q_round_even(sum[c] / (double)cnt[c] / acc_scale);
            if (b > GE_Q_BIAS_LIMIT) b = GE_Q_BIAS_LIMIT;
            if (b < -GE_Q_BIAS_LIMIT) b = -GE_Q_BIAS_LIMIT;
            bias[c] = (int32_t)b;
        }
        corrected++;
    }
    gu_free(alloc, sum);
    gu_free(alloc, cnt);
    if (out_corrected) *out_corrected = corrected;
    return r;
}
