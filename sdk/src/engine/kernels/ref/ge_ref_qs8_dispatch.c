/*
 * Which int8 ops the qs8 reference kernels own, whether one is runnable (dtypes, parameters
 * and the accumulator bounds of ge_quant_math.h's contract, checked once at load), and the call.
 * ge_ref_dispatch.c asks ge_qs8_claims first; claimed ops never reach the f32/any kernels.
 */
#include <math.h>

#include "engine/kernels/ref/ge_ref_qs8.h"
#include "util/gu_error.h"

static bool present(const ge_op* op, int32_t i) {
    return i < op->num_inputs && op->inputs && op->inputs[i] >= 0;
}

/* An int8 view with sane parameters; per_tensor: exactly one (scale, zp). */
static bool q8(const ge_view* v, bool per_tensor) {
    if (v->dtype != GE_DTYPE_I8 || !v->quant || v->quant->count < 1 || !v->quant->scale || !v->quant->zero_point)
        return false;
    if (per_tensor && v->quant->count != 1) return false;
    for (int32_t i = 0; i < v->quant->count; i++) {
        const float s = v->quant->scale[i];
        const int32_t z = v->quant->zero_point[i];
        if (!(s > 0.0f) || !isfinite(s) || z < GE_Q_MIN || z > GE_Q_MAX) return false;
    }
    return true;
}

static bool clamp_act(ge_activation act) {
    return act == GE_ACT_NONE || act == GE_ACT_RELU || act == GE_ACT_RELU6 || act == GE_ACT_RELU_N1_TO_1;
}

/* m as (M, s), and |bound * m| within the contract. */
static bool mult_ok(double m, double bound) {
    ge_q_mult r;
    return ge_q_mult_from_double(m, &r) && bound < (double)GE_Q_ACC_LIMIT && bound * m < (double)GE_Q_ACC_LIMIT;
}

bool ge_qs8_claims(const ge_op* op, const ge_view* in, const ge_view* out) {
    if (!op || op->num_inputs < 1 || op->num_outputs < 1) return false;
    switch (op->type) {
    case GE_OP_CONV2D:
    case GE_OP_DEPTHWISE_CONV2D:
    case GE_OP_FULLY_CONNECTED:
    case GE_OP_ADD:
    case GE_OP_MUL:
    case GE_OP_MAX_POOL2D:
    case GE_OP_AVERAGE_POOL2D:
    case GE_OP_MEAN:
    case GE_OP_RESIZE_BILINEAR:
    case GE_OP_PAD:
    case GE_OP_PRELU:
    case GE_OP_LOGISTIC: return in[0].dtype == GE_DTYPE_I8 && in[0].quant != NULL;
    case GE_OP_CONCAT: return out[0].dtype == GE_DTYPE_I8 && out[0].quant != NULL;
    default: return false;
    }
}

/* Weights: int8, symmetric (zp 0), per tensor or per channel along axis with `channels` entries. */
static bool weights_ok(const ge_view* w, int32_t axis, int32_t channels) {
    if (!q8(w, false) || !w->data) return false;
    const ge_quant* q = w->quant;
    if (q->count != 1 && (q->axis != axis || q->count != channels)) return false;
    for (int32_t i = 0; i < q->count; i++)
        if (q->zero_point[i] != 0) return false;
    return true;
}

/* The accumulator bound 255 * sum|w[c]| + |bias[c]| against the contract, per channel. */
static bool conv_family_ok(const ge_op* op, const ge_view* in, const ge_view* out) {
    if (op->num_inputs < 2 || op->num_outputs != 1) return false;
    const ge_view* x = &in[0];
    const ge_view* w = &in[1];
    const ge_view* y = &out[0];
    if (!q8(x, true) || !q8(y, true)) return false;
    ge_activation act = op->type == GE_OP_FULLY_CONNECTED ? op->params.fc.act : op->params.conv.act;
    if (!clamp_act(act)) return false;
    const int32_t w_rank = w->shape.rank;
    if (w_rank < 2) return false;
    const bool dw = op->type == GE_OP_DEPTHWISE_CONV2D;
    const int32_t channels = dw ? w->shape.dim[w_rank - 1] : w->shape.dim[0];
    if (!weights_ok(w, dw ? w_rank - 1 : 0, channels)) return false;
    const int32_t* bias = NULL;
    if (present(op, 2)) {
        const ge_view* b = &in[2];
        if (b->dtype != GE_DTYPE_I32 || !b->data || ge_view_elements(b) != channels) return false;
        bias = b->data;
    }
    const int64_t per_channel = ge_view_elements(w) / channels;
    const int8_t* wd = w->data;
    const double sx = ge_qs8_scale(x), sy = ge_qs8_scale(y);
    for (int32_t c = 0; c < channels; c++) {
        int64_t sum = 0;
        for (int64_t k = 0; k < per_channel; k++) {
            const int32_t v = dw ? wd[k * channels + c] : wd[(int64_t)c * per_channel + k];
            sum += v < 0 ? -v : v;
        }
        const double bound = 255.0 * (double)sum + (bias ? fabs((double)bias[c]) : 0.0);
        if (!mult_ok(sx * (double)ge_qs8_channel_scale(w, c) / sy, bound)) return false;
    }
    return true;
}

static bool all_per_tensor(const ge_view* v, int32_t n) {
    for (int32_t i = 0; i < n; i++)
        if (!q8(&v[i], true)) return false;
    return true;
}

static bool same_params(const ge_view* a, const ge_view* b) {
    return ge_qs8_scale(a) == ge_qs8_scale(b) && ge_qs8_zp(a) == ge_qs8_zp(b);
}

static double ratio(const ge_view* x, const ge_view* y) {
    return (double)ge_qs8_scale(x) / (double)ge_qs8_scale(y);
}

bool ge_qs8_supports(const ge_op* op, const ge_view* in, const ge_view* out) {
    if (!ge_qs8_claims(op, in, out)) return false;
    const ge_op_params* p = &op->params;
    switch (op->type) {
    case GE_OP_CONV2D:
    case GE_OP_DEPTHWISE_CONV2D:
    case GE_OP_FULLY_CONNECTED: return conv_family_ok(op, in, out);
    case GE_OP_ADD: {
        if (op->num_inputs != 2 || !all_per_tensor(in, 2) || !q8(&out[0], true) || !clamp_act(p->eltwise.act))
            return false;
        ge_q_add_params ap;
        return ge_q_add_params_init(ge_qs8_scale(&in[0]), ge_qs8_zp(&in[0]), ge_qs8_scale(&in[1]),
                                    ge_qs8_zp(&in[1]), ge_qs8_scale(&out[0]), ge_qs8_zp(&out[0]), p->eltwise.act,
                                    &ap) &&
               ge_q_mult_value(ap.out) < 1.0;
    }
    case GE_OP_MUL:
        if (op->num_inputs != 2 || !all_per_tensor(in, 2) || !q8(&out[0], true) || !clamp_act(p->eltwise.act))
            return false;
        return mult_ok((double)ge_qs8_scale(&in[0]) * ge_qs8_scale(&in[1]) / ge_qs8_scale(&out[0]), 65536.0);
    case GE_OP_MAX_POOL2D:
    case GE_OP_AVERAGE_POOL2D: {
        if (!q8(&in[0], true) || !q8(&out[0], true) || !clamp_act(p->conv.act) || in[0].shape.rank != 4) return false;
        const double taps = (double)p->conv.filter_h * (double)p->conv.filter_w;
        return mult_ok(ratio(&in[0], &out[0]), 255.0 * (op->type == GE_OP_AVERAGE_POOL2D ? taps : 1.0));
    }
    case GE_OP_MEAN: {
        if (!q8(&in[0], true) || !q8(&out[0], true)) return false;
        const double count = (double)ge_view_elements(&in[0]) / (double)ge_view_elements(&out[0]);
        return count >= 1.0 && mult_ok(ratio(&in[0], &out[0]) / count, 255.0 * count);
    }
    case GE_OP_CONCAT:
        if (!all_per_tensor(in, op->num_inputs) || !q8(&out[0], true) || !clamp_act(p->axis.act)) return false;
        for (int32_t i = 0; i < op->num_inputs; i++)
            if (!mult_ok(ratio(&in[i], &out[0]), 255.0)) return false;
        return true;
    case GE_OP_RESIZE_BILINEAR:
    case GE_OP_PAD:
        return q8(&in[0], true) && q8(&out[0], true) && same_params(&in[0], &out[0]) &&
               (op->type == GE_OP_PAD || in[0].shape.rank == 4);
    case GE_OP_PRELU: {
        if (op->num_inputs != 2 || !q8(&in[0], true) || !q8(&out[0], true) || !q8(&in[1], false)) return false;
        const ge_view* a = &in[1];
        const int32_t last = a->shape.rank ? a->shape.dim[a->shape.rank - 1] : 1;
        if (a->quant->count != 1 && (a->quant->axis != a->shape.rank - 1 || a->quant->count != last)) return false;
        if (!mult_ok(ratio(&in[0], &out[0]), 255.0)) return false;
        for (int32_t c = 0; c < a->quant->count; c++)
            if (!mult_ok(ratio(&in[0], &out[0]) * a->quant->scale[c], 255.0 * 255.0)) return false;
        return true;
    }
    case GE_OP_LOGISTIC:
        return op->num_inputs == 2 && present(op, 1) && in[1].dtype == GE_DTYPE_I8 &&
               ge_view_elements(&in[1]) == 256 && out[0].dtype == GE_DTYPE_I8;
    default: return false;
    }
}

glint_result ge_qs8_run_op(const ge_op* op, const ge_view* in, ge_view* out, glint_error* err) {
    const ge_op_params* p = &op->params;
    const ge_view* bias = present(op, 2) ? &in[2] : NULL;
    switch (op->type) {
    case GE_OP_CONV2D: ge_qs8_conv2d_ref(&p->conv, &in[0], &in[1], bias, &out[0]); break;
    case GE_OP_DEPTHWISE_CONV2D: ge_qs8_dwconv2d_ref(&p->conv, &in[0], &in[1], bias, &out[0]); break;
    case GE_OP_FULLY_CONNECTED: ge_qs8_fully_connected_ref(&p->fc, &in[0], &in[1], bias, &out[0]); break;
    case GE_OP_ADD: ge_qs8_add_ref(p->eltwise.act, &in[0], &in[1], &out[0]); break;
    case GE_OP_MUL: ge_qs8_mul_ref(p->eltwise.act, &in[0], &in[1], &out[0]); break;
    case GE_OP_MAX_POOL2D: ge_qs8_max_pool2d_ref(&p->conv, &in[0], &out[0]); break;
    case GE_OP_AVERAGE_POOL2D: ge_qs8_avg_pool2d_ref(&p->conv, &in[0], &out[0]); break;
    case GE_OP_MEAN: ge_qs8_mean_ref(&p->reduce, &in[0], &out[0]); break;
    case GE_OP_CONCAT: ge_qs8_concat_ref(&p->axis, in, op->num_inputs, &out[0]); break;
    case GE_OP_RESIZE_BILINEAR: ge_qs8_resize_bilinear_ref(&p->resize, &in[0], &out[0]); break;
    case GE_OP_PAD: ge_qs8_pad_ref(&p->pad, &in[0], &out[0]); break;
    case GE_OP_PRELU: ge_qs8_prelu_ref(&in[0], &in[1], &out[0]); break;
    case GE_OP_LOGISTIC: ge_qs8_lut_ref(&in[0], &in[1], &out[0]); break;
    default:
        return gu_errorf(err, GLINT_ERROR_INTERNAL, "qs8 kernels: op '%s' (%s) is not an int8 op",
                         op->name ? op->name : "", ge_op_name(op->type));
    }
    return GLINT_SUCCESS;
}
