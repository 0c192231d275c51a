/*
 * Cross-layer equalization of activation ranges before int8 quantization (ge_quant.h).
 *
 * Per-tensor int8 activations give every channel of a tensor the same step. When one channel
 * spans [0, 6] and another [0, 0.05], the second keeps a couple of levels and the layer that
 * reads it (a depthwise conv with large weights for that channel, typically) amplifies the
 * error: in MobileNet-style networks the output SQNR collapses after a few blocks even though
 * every single layer is fine on its own.
 *
 * For a producer P (conv, depthwise or FC) whose output feeds exactly one consumer C (conv,
 * depthwise or FC) directly, channel c of the intermediate tensor can be scaled by 1 / s_c with
 * P's output channel c (weights and bias) divided by s_c and C's input channel c multiplied by
 * s_c; the network computes the same function. P's activation must commute with the scaling:
 * NONE and RELU do for any s_c > 0; RELU6 does on every value calibration saw as long as the
 * channel's largest value stays under the clip after scaling (r_c / s_c <= 6), which holds for
 * s_c = (r_c / R)^alpha <= 1 with R = max_c r_c <= 6, and is enforced.
 *
 * With r_c the channel's largest |x| over the calibration set and R the tensor's:
 *   s_c = (r_c / R)^alpha, alpha = 1 when C is depthwise (its per-channel weight scales absorb
 *   the multiplication exactly), 0.5 otherwise (C's per-output-channel weight scales see the
 *   columns shrink: half of the range moves into the weights, half stays in the activations).
 * Dead channels (r_c = 0) keep s_c = 1. P's weights are per output channel, so dividing them
 * costs nothing either.
 */
#include <math.h>
#include <string.h>

#include "engine/ge_quant.h"
#include "util/gu_error.h"

static bool is_conv_family(ge_op_type t) {
    return t == GE_OP_CONV2D || t == GE_OP_DEPTHWISE_CONV2D || t == GE_OP_FULLY_CONNECTED;
}

static ge_activation act_of(const ge_op* op) {
    return op->type == GE_OP_FULLY_CONNECTED ? op->params.fc.act : op->params.conv.act;
}

/* The single op reading tensor t, or -1 (several readers, a graph output, or none). */
static int32_t single_consumer(const ge_graph* g, int32_t t) {
    for (int32_t k = 0; k < g->num_outputs; k++)
        if (g->outputs[k] == t) return -1;
    int32_t found = -1;
    for (int32_t o = 0; o < g->num_ops; o++)
        for (int32_t i = 0; i < g->ops[o].num_inputs; i++)
            if (g->ops[o].inputs[i] == t) {
                if (found >= 0 && found != o) return -1;
                if (found == o && i != 0) return -1;
                found = o;
            }
    return found;
}

/* Number of ops that read constant t. */
static int32_t readers(const ge_graph* g, int32_t t) {
    int32_t n = 0;
    for (int32_t o = 0; o < g->num_ops; o++)
        for (int32_t i = 0; i < g->ops[o].num_inputs; i++) n += g->ops[o].inputs[i] == t;
    return n;
}

/* A writable f32 constant of dst that only one op reads. */
static float* own_f32(ge_graph* g, int32_t t) {
    if (t < 0 || !g->tensors[t].data || g->tensors[t].dtype != GE_DTYPE_F32 || readers(g, t) != 1) return NULL;
    return (float*)g->tensors[t].data; /* the graph arena's copy */
}

/* Channels of a producer's output (as_input false) or a consumer's input in its weights: w[i]
 * belongs to channel (i / inner) % channels (a depthwise consumer: output channel, M per input). */
static bool channel_layout(const ge_op* op, const ge_tensor* w, bool as_input, int32_t* channels, int64_t* inner) {
    const ge_shape* s = &w->shape;
    switch (op->type) {
    case GE_OP_CONV2D:
        if (s->rank != 4) return false;
        *channels = as_input ? s->dim[3] : s->dim[0];
        *inner = as_input ? 1 : (int64_t)s->dim[1] * s->dim[2] * s->dim[3];
        return true;
    case GE_OP_DEPTHWISE_CONV2D:
        if (s->rank != 4) return false;
        *channels = s->dim[3];
        *inner = 1;
        return true;
    case GE_OP_FULLY_CONNECTED:
        if (s->rank != 2) return false;
        *channels = as_input ? s->dim[1] : s->dim[0];
        *inner = as_input ? 1 : s->dim[1];
        return true;
    default: return false;
    }
}

glint_result ge_quant_equalize(const ge_graph* src, const float* const* channel_absmax, float alpha, ge_graph* dst,
                               int32_t* out_pairs, glint_error* err) {
    if (out_pairs) *out_pairs = 0;
    glint_result r = ge_graph_clone(src, dst, err);
    if (r < 0) return r;
    if (dst->num_ops != src->num_ops) return gu_errorf(err, GLINT_ERROR_INTERNAL, "equalize: the clone lost ops");
    float* scale = NULL;
    int32_t cap = 0, pairs = 0;
    for (int32_t p = 0; p < src->num_ops; p++) {
        const ge_op* P = &src->ops[p];
        if (!is_conv_family(P->type) || P->num_inputs < 2 || P->num_outputs != 1) continue;
        const ge_activation act = act_of(P);
        if (act != GE_ACT_NONE && act != GE_ACT_RELU && act != GE_ACT_RELU6) continue;
        const int32_t t = P->outputs[0];
        const int32_t c = single_consumer(src, t);
        if (c < 0 || !is_conv_family(src->ops[c].type) || src->ops[c].num_inputs < 2) continue;
        const float* r_c = channel_absmax ? channel_absmax[t] : NULL;
        if (!r_c) continue;
        const ge_op* C = &src->ops[c];
        const ge_tensor* ts = &src->tensors[t];
        const int32_t ch = ts->shape.dim[ts->shape.rank - 1];
        if (C->type == GE_OP_FULLY_CONNECTED && ge_shape_elements(&ts->shape) != ch) continue;
        /* the destination's constants of both ops (same op order as src) */
        ge_op* dP = &dst->ops[p];
        ge_op* dC = &dst->ops[c];
        float* pw = own_f32(dst, dP->inputs[1]);
        float* pb = P->num_inputs > 2 && dP->inputs[2] >= 0 ? own_f32(dst, dP->inputs[2]) : NULL;
        float* cw = own_f32(dst, dC->inputs[1]);
        if (!pw || !cw || (P->num_inputs > 2 && dP->inputs[2] >= 0 && !pb)) continue;
        int32_t pch, cch;
        int64_t pin, cin;
        const ge_tensor* pwt = &dst->tensors[dP->inputs[1]];
        const ge_tensor* cwt = &dst->tensors[dC->inputs[1]];
        if (!channel_layout(P, pwt, false, &pch, &pin) || !channel_layout(C, cwt, true, &cch, &cin)) continue;
        const int32_t dw_mult = C->type == GE_OP_DEPTHWISE_CONV2D ? cch / ch : 1;
        if (pch != ch || (C->type == GE_OP_DEPTHWISE_CONV2D ? cch != ch * dw_mult : cch != ch)) continue;
        float big = 0.0f;
        for (int32_t k = 0; k < ch; k++) big = r_c[k] > big ? r_c[k] : big;
        if (!(big > 0.0f) || !isfinite(big) || (act == GE_ACT_RELU6 && big > 6.0f)) continue;
        if (ch > cap) {
            gu_free(dst->allocator, scale);
            scale = gu_malloc(dst->allocator, (size_t)ch * sizeof(float));
            cap = scale ? ch : 0;
            if (!scale) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "equalize: out of memory");
        }
        const double a = C->type == GE_OP_DEPTHWISE_CONV2D ? 1.0 : (double)alpha;
        for (int32_t k = 0; k < ch; k++) {
            double s = r_c[k] > 0.0f ? pow((double)r_c[k] / big, a) : 1.0;
            if (s < 1e-4) s = 1e-4;
            if (act == GE_ACT_RELU6 && r_c[k] / s > 6.0) s = r_c[k] / 6.0; /* never clip what was seen */
            scale[k] = (float)s;
        }
        /* P: output channel k / s_k */
        const int64_t pn = ge_shape_elements(&pwt->shape);
        for (int64_t i = 0; i < pn; i++) pw[i] /= scale[(i / pin) % ch];
        if (pb)
            for (int32_t k = 0; k < ch; k++) pb[k] /= scale[k];
        /* C: input channel k * s_k (depthwise: its output channels k * M + m) */
        const int64_t cn = ge_shape_elements(&cwt->shape);
        for (int64_t i = 0; i < cn; i++) {
            const int64_t col = (i / cin) % cch;
            cw[i] *= scale[C->type == GE_OP_DEPTHWISE_CONV2D ? col / dw_mult : col];
        }
        pairs++;
    }
    gu_free(dst->allocator, scale);
    if (out_pairs) *out_pairs = pairs;
    return GLINT_SUCCESS;
}
