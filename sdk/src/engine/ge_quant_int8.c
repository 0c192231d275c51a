/*
 * ge_quant_int8: the fp32 -> int8 rewrite (policy in ge_quant.h).
 *
 * For every source op, in order: decide whether it becomes an int8 op; if so, plan its int8
 * views (parameters of every input and output, quantized constants in scratch memory) and ask
 * the reference dispatch (ge_ref_supports) whether that exact op is runnable. This checks the
 * accumulator contract of ge_quant_math.h with the real weights, so an op that would break it
 * simply stays fp32. Only then is anything written to the destination graph.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/ge_kernels.h"
#include "engine/ge_quant_internal.h"
#include "engine/ge_quant_math.h"
#include "util/gu_error.h"
#include "util/gu_fp16.h"

/* ---- classification ---- */

static bool is_heavy(ge_op_type t) {
    return t == GE_OP_CONV2D || t == GE_OP_DEPTHWISE_CONV2D || t == GE_OP_FULLY_CONNECTED;
}

static bool is_light(ge_op_type t) {
    switch (t) {
    case GE_OP_ADD:
    case GE_OP_MUL:
    case GE_OP_MAX_POOL2D:
    case GE_OP_AVERAGE_POOL2D:
    case GE_OP_MEAN:
    case GE_OP_CONCAT:
    case GE_OP_RESIZE_BILINEAR:
    case GE_OP_PAD:
    case GE_OP_PRELU:
    case GE_OP_LOGISTIC: return true;
    default: return false;
    }
}

static bool is_byte_mover(ge_op_type t) {
    switch (t) {
    case GE_OP_RESHAPE:
    case GE_OP_TRANSPOSE:
    case GE_OP_DEPTH_TO_SPACE:
    case GE_OP_SPLIT:
    case GE_OP_STRIDED_SLICE:
    case GE_OP_RESIZE_NEAREST:
    case GE_OP_TILE: return true;
    default: return false;
    }
}

/* Output keeps the input's parameters (values are a subset of the input's). */
static bool inherits_params(ge_op_type t) {
    return is_byte_mover(t) || t == GE_OP_MAX_POOL2D || t == GE_OP_RESIZE_BILINEAR || t == GE_OP_PAD;
}

static ge_activation op_act(const ge_op* op) {
    switch (op->type) {
    case GE_OP_CONV2D:
    case GE_OP_DEPTHWISE_CONV2D:
    case GE_OP_MAX_POOL2D:
    case GE_OP_AVERAGE_POOL2D: return op->params.conv.act;
    case GE_OP_FULLY_CONNECTED: return op->params.fc.act;
    case GE_OP_ADD:
    case GE_OP_MUL: return op->params.eltwise.act;
    case GE_OP_CONCAT: return op->params.axis.act;
    default: return GE_ACT_NONE;
    }
}

static bool clamp_act(ge_activation a) {
    return a == GE_ACT_NONE || a == GE_ACT_RELU || a == GE_ACT_RELU6 || a == GE_ACT_RELU_N1_TO_1;
}

bool ge_quant_op_quantizable(const ge_graph* g, int32_t o) {
    const ge_op* op = &g->ops[o];
    if (!(is_heavy(op->type) || is_light(op->type) || is_byte_mover(op->type))) return false;
    if (!clamp_act(op_act(op))) return false;
    for (int32_t i = 0; i < op->num_inputs; i++) {
        int32_t t = op->inputs[i];
        if (t < 0) continue;
        if (g->tensors[t].dtype != GE_DTYPE_F32) return false;
    }
    for (int32_t i = 0; i < op->num_outputs; i++)
        if (g->tensors[op->outputs[i]].dtype != GE_DTYPE_F32) return false;
    if (is_heavy(op->type)) {
        if (op->num_inputs < 2 || !g->tensors[op->inputs[1]].data) return false;
        if (op->num_inputs > 2 && op->inputs[2] >= 0 && !g->tensors[op->inputs[2]].data) return false;
    }
    if (op->type == GE_OP_PRELU &&
        (op->num_inputs != 2 || !g->tensors[op->inputs[1]].data || g->tensors[op->inputs[1]].shape.rank < 1))
        return false;
    return true;
}

int64_t ge_quant_op_macs(const ge_graph* g, const ge_op* op) {
    if (!is_heavy(op->type) || op->num_inputs < 2) return 0;
    const ge_tensor* w = &g->tensors[op->inputs[1]];
    const ge_tensor* y = &g->tensors[op->outputs[0]];
    const int64_t out = ge_shape_elements(&y->shape);
    if (op->type == GE_OP_FULLY_CONNECTED) return out * (w->shape.rank >= 2 ? w->shape.dim[1] : 1);
    if (op->type == GE_OP_DEPTHWISE_CONV2D) return out * w->shape.dim[1] * w->shape.dim[2];
    return out * w->shape.dim[1] * w->shape.dim[2] * w->shape.dim[3];
}

/* ---- planning ---- */

/* One planned input or output: its view for ge_ref_supports, and where its data comes from. */
typedef struct plan_slot {
    ge_view view;
    ge_quant quant; /* storage when planned here */
    float scale_1;
    int32_t zp_1;
    void* data;       /* scratch constant data (quantized weights, bias, table), or NULL */
    float* scales;    /* per-channel scales (scratch) */
    int32_t* zps;
    bool is_const;    /* emit `data` as a new constant */
} plan_slot;

typedef struct plan {
    plan_slot in[GE_MAX_OP_INPUTS];
    plan_slot out[GE_MAX_OP_OUTPUTS];
    gu_allocator* allocator;
} plan;

static void plan_free(plan* p, int32_t nin, int32_t nout) {
    for (int32_t i = 0; i < nin; i++) {
        gu_free(p->allocator, p->in[i].data);
        gu_free(p->allocator, p->in[i].scales);
        gu_free(p->allocator, p->in[i].zps);
    }
    for (int32_t i = 0; i < nout; i++) gu_free(p->allocator, p->out[i].data);
}

static void set_per_tensor(plan_slot* s, float scale, int32_t zp) {
    s->scale_1 = scale;
    s->zp_1 = zp;
    s->quant.axis = -1;
    s->quant.count = 1;
    s->quant.scale = &s->scale_1;
    s->quant.zero_point = &s->zp_1;
    s->view.quant = &s->quant;
}

/* An activation input or output: existing int8 parameters, or from the calibrated range. */
static bool plan_activation(ge_qb* b, int32_t t, plan_slot* s) {
    const ge_tensor* ts = &b->src->tensors[t];
    s->view.dtype = GE_DTYPE_I8;
    s->view.shape = ts->shape;
    if (b->q8[t] >= 0) {
        s->view.quant = b->dst->tensors[b->q8[t]].quant;
        return true;
    }
    if (!b->ranges || !b->ranges[t].seen) return false;
    float scale;
    int32_t zp;
    ge_q_choose_activation(b->ranges[t].min, b->ranges[t].max, &scale, &zp);
    set_per_tensor(s, scale, zp);
    return true;
}

/* A constant f32 input of a light op: per-tensor asymmetric from its own range (as ge_qb_q8). */
static bool plan_const_activation(ge_qb* b, int32_t t, plan_slot* s) {
    const ge_tensor* ts = &b->src->tensors[t];
    const float* v = ts->data;
    const int64_t n = ge_shape_elements(&ts->shape);
    float lo = 0.0f, hi = 0.0f;
    for (int64_t i = 0; i < n; i++) {
        lo = v[i] < lo ? v[i] : lo;
        hi = v[i] > hi ? v[i] : hi;
    }
    float scale;
    int32_t zp;
    ge_q_choose_activation(lo, hi, &scale, &zp);
    set_per_tensor(s, scale, zp);
    s->view.dtype = GE_DTYPE_I8;
    s->view.shape = ts->shape;
    s->data = gu_malloc(b->dst->allocator, (size_t)(n ? n : 1));
    if (!s->data) return false;
    for (int64_t i = 0; i < n; i++) ((int8_t*)s->data)[i] = ge_q_quantize(v[i], scale, zp);
    s->view.data = s->data;
    s->is_const = true;
    return true;
}

/* Symmetric int8 weights, per channel along axis (count = dim[axis]), from an f32 constant. */
static bool plan_weights(ge_qb* b, int32_t t, int32_t axis, plan_slot* s) {
    const ge_tensor* ts = &b->src->tensors[t];
    const float* w = ts->data;
    const int64_t n = ge_shape_elements(&ts->shape);
    const int32_t channels = ts->shape.dim[axis];
    int64_t inner = 1;
    for (int32_t d = axis + 1; d < ts->shape.rank; d++) inner *= ts->shape.dim[d];
    s->data = gu_malloc(b->dst->allocator, (size_t)(n ? n : 1));
    s->scales = gu_calloc(b->dst->allocator, (size_t)channels, sizeof(float));
    s->zps = gu_calloc(b->dst->allocator, (size_t)channels, sizeof(int32_t));
    if (!s->data || !s->scales || !s->zps) return false;
    float* max_abs = s->scales; /* first pass: max |w| per channel, then turned into the scale */
    for (int64_t i = 0; i < n; i++) {
        const int32_t c = (int32_t)((i / inner) % channels);
        const float a = fabsf(w[i]);
        if (a > max_abs[c]) max_abs[c] = a;
    }
    for (int32_t c = 0; c < channels; c++) s->scales[c] = ge_q_weight_scale(max_abs[c]);
    for (int64_t i = 0; i < n; i++) {
        const int32_t c = (int32_t)((i / inner) % channels);
        ((int8_t*)s->data)[i] = ge_q_quantize_weight(w[i], s->scales[c]);
    }
    s->quant.axis = channels > 1 ? axis : -1;
    s->quant.count = channels;
    s->quant.scale = s->scales;
    s->quant.zero_point = s->zps;
    s->view.dtype = GE_DTYPE_I8;
    s->view.shape = ts->shape;
    s->view.data = s->data;
    s->view.quant = &s->quant;
    s->is_const = true;
    return true;
}

static bool plan_bias(ge_qb* b, int32_t t, float x_scale, const ge_quant* wq, plan_slot* s) {
    const ge_tensor* ts = &b->src->tensors[t];
    const float* v = ts->data;
    const int64_t n = ge_shape_elements(&ts->shape);
    if (wq->count != 1 && wq->count != n) return false;
    s->data = gu_malloc(b->dst->allocator, (size_t)(n ? n : 1) * sizeof(int32_t));
    if (!s->data) return false;
    for (int64_t c = 0; c < n; c++)
        ((int32_t*)s->data)[c] = ge_q_quantize_bias(v[c], x_scale, wq->scale[wq->count > 1 ? c : 0]);
    s->view.dtype = GE_DTYPE_I32;
    s->view.shape = ts->shape;
    s->view.data = s->data;
    s->is_const = true;
    return true;
}

/* Plans op o as an int8 op; false (nothing written to dst) when it cannot be one. */
static bool plan_op(ge_qb* b, const ge_op* op, plan* p) {
    const ge_graph* g = b->src;
    for (int32_t i = 0; i < op->num_inputs; i++) {
        const int32_t t = op->inputs[i];
        plan_slot* s = &p->in[i];
        if (t < 0) continue;
        const ge_tensor* ts = &g->tensors[t];
        bool ok;
        if (is_heavy(op->type) && i == 1)
            ok = plan_weights(b, t, op->type == GE_OP_DEPTHWISE_CONV2D ? ts->shape.rank - 1 : 0, s);
        else if (is_heavy(op->type) && i == 2)
            ok = plan_bias(b, t, p->in[0].view.quant->scale[0], p->in[1].view.quant, s);
        else if (op->type == GE_OP_PRELU && i == 1)
            ok = plan_weights(b, t, ts->shape.rank - 1, s) &&
                 (s->quant.count == 1 || s->quant.count == ge_shape_elements(&ts->shape));
        else if (ts->data)
            ok = plan_const_activation(b, t, s);
        else
            ok = plan_activation(b, t, s);
        if (!ok) return false;
    }
    if (op->type == GE_OP_LOGISTIC) {
        plan_slot* s = &p->in[1];
        s->data = gu_malloc(b->dst->allocator, 256);
        if (!s->data) return false;
        const ge_quant* xq = p->in[0].view.quant;
        ge_q_logistic_lut(xq->scale[0], xq->zero_point[0], GE_Q_LOGISTIC_OUT_SCALE, GE_Q_LOGISTIC_OUT_ZP, s->data);
        s->view.dtype = GE_DTYPE_I8;
        s->view.shape.rank = 1;
        s->view.shape.dim[0] = 256;
        s->view.data = s->data;
        s->is_const = true;
    }
    for (int32_t i = 0; i < op->num_outputs; i++) {
        const int32_t t = op->outputs[i];
        plan_slot* s = &p->out[i];
        s->view.dtype = GE_DTYPE_I8;
        s->view.shape = g->tensors[t].shape;
        if (op->type == GE_OP_LOGISTIC) {
            set_per_tensor(s, GE_Q_LOGISTIC_OUT_SCALE, GE_Q_LOGISTIC_OUT_ZP);
        } else if (inherits_params(op->type)) {
            s->view.quant = p->in[0].view.quant;
        } else {
            if (!b->ranges || !b->ranges[t].seen) return false;
            float scale;
            int32_t zp;
            ge_q_choose_activation(b->ranges[t].min, b->ranges[t].max, &scale, &zp);
            set_per_tensor(s, scale, zp);
        }
    }
    if (is_byte_mover(op->type)) return true; /* byte kernels take any int8 bytes */
    ge_view in[GE_MAX_OP_INPUTS], out[GE_MAX_OP_OUTPUTS];
    const int32_t nin = op->type == GE_OP_LOGISTIC ? 2 : op->num_inputs;
    for (int32_t i = 0; i < nin; i++) in[i] = p->in[i].view;
    for (int32_t i = 0; i < op->num_outputs; i++) out[i] = p->out[i].view;
    ge_op probe = *op;
    int32_t probe_in[GE_MAX_OP_INPUTS];
    for (int32_t i = 0; i < nin; i++) probe_in[i] = i < op->num_inputs ? op->inputs[i] : 0;
    probe.inputs = probe_in;
    probe.num_inputs = nin;
    return ge_ref_supports(&probe, in, out);
}

/* Copies a planned parameter record into dst's arena. */
static const ge_quant* keep_quant(ge_qb* b, const ge_quant* q) {
    ge_quant* c = ge_qb_new_quant(b, q->count, q->axis);
    if (!c) return NULL;
    memcpy((float*)c->scale, q->scale, (size_t)q->count * sizeof(float));
    memcpy((int32_t*)c->zero_point, q->zero_point, (size_t)q->count * sizeof(int32_t));
    return c;
}

static glint_result emit_op(ge_qb* b, const ge_op* op, plan* p) {
    const ge_graph* g = b->src;
    int32_t in[GE_MAX_OP_INPUTS], out[GE_MAX_OP_OUTPUTS];
    const int32_t nin = op->type == GE_OP_LOGISTIC ? 2 : op->num_inputs;
    for (int32_t i = 0; i < nin; i++) {
        plan_slot* s = &p->in[i];
        if (i < op->num_inputs && op->inputs[i] < 0) {
            in[i] = -1;
            continue;
        }
        if (s->is_const) {
            const char* base = i < op->num_inputs ? g->tensors[op->inputs[i]].name : op->name;
            const char* suffix = s->view.dtype == GE_DTYPE_I32 ? "/int32" : (i < op->num_inputs ? "/int8" : "/table");
            char name[1024];
            snprintf(name, sizeof(name), "%s%s", base, suffix);
            size_t nbytes = (size_t)ge_shape_elements(&s->view.shape) * ge_dtype_size(s->view.dtype);
            in[i] = ge_graph_add_const(b->dst, name, s->view.dtype, &s->view.shape, s->data, nbytes, b->err);
            if (in[i] < 0) return in[i];
            if (s->view.quant) {
                b->dst->tensors[in[i]].quant = keep_quant(b, s->view.quant);
                if (!b->dst->tensors[in[i]].quant) return GLINT_ERROR_OUT_OF_MEMORY;
            }
        } else {
            in[i] = ge_qb_q8(b, op->inputs[i]);
            if (in[i] < 0) return in[i];
        }
    }
    for (int32_t i = 0; i < op->num_outputs; i++) {
        const int32_t t = op->outputs[i];
        const ge_quant* q = inherits_params(op->type) ? b->dst->tensors[in[0]].quant : keep_quant(b, p->out[i].view.quant);
        if (!q) return GLINT_ERROR_OUT_OF_MEMORY;
        out[i] = ge_qb_add_like(b, t, NULL, GE_DTYPE_I8, q);
        if (out[i] < 0) return out[i];
        b->q8[t] = out[i];
    }
    ge_op_params params;
    glint_result r = ge_qb_copy_params(b, op, &params);
    if (r < 0) return r;
    r = ge_qb_add_op(b, op->type, op->name, NULL, in, nin, out, op->num_outputs, &params);
    return r < 0 ? r : GLINT_SUCCESS;
}

/* ---- the pass ---- */

static bool produces_output(const ge_graph* g, const ge_op* op) {
    for (int32_t i = 0; i < op->num_outputs; i++)
        for (int32_t k = 0; k < g->num_outputs; k++)
            if (g->outputs[k] == op->outputs[i]) return true;
    return false;
}

/* Light ops and byte movers only join the int8 region from an int8 input. */
static bool has_int8_input(const ge_qb* b, const ge_op* op) {
    for (int32_t i = 0; i < op->num_inputs; i++) {
        const int32_t t = op->inputs[i];
        if (t >= 0 && !b->src->tensors[t].data && b->q8[t] >= 0) return true;
    }
    return false;
}

static bool wants_int8(const ge_qb* b, const ge_quant_options* opt, int32_t o) {
    const ge_op* op = &b->src->ops[o];
    if (opt->keep_fp32 && opt->keep_fp32[o]) return false;
    if (!opt->quantize_output_ops && produces_output(b->src, op)) return false;
    if (!ge_quant_op_quantizable(b->src, o)) return false;
    return is_heavy(op->type) || has_int8_input(b, op);
}

glint_result ge_quant_int8(const ge_graph* src, const ge_quant_options* opt, ge_graph* dst, ge_quant_stats* out_stats,
                           glint_error* err) {
    ge_quant_stats stats;
    ge_qb b;
    glint_result r = ge_qb_init(&b, src, dst, opt ? opt->ranges : NULL, &stats, err);
    if (r < 0) return r;
    const ge_quant_options defaults = {0};
    if (!opt) opt = &defaults;
    for (int32_t o = 0; o < src->num_ops && r >= 0; o++) {
        const ge_op* op = &src->ops[o];
        if (op->type == GE_OP_NONE) continue;
        bool done = false;
        if (wants_int8(&b, opt, o)) {
            plan p;
            memset(&p, 0, sizeof(p));
            p.allocator = dst->allocator;
            if (plan_op(&b, op, &p)) {
                r = emit_op(&b, op, &p);
                done = r >= 0;
            }
            plan_free(&p, GE_MAX_OP_INPUTS, op->num_outputs);
            if (r < 0) break;
        }
        if (done) {
            stats.int8_ops++;
            stats.int8_macs += ge_quant_op_macs(src, op);
        } else {
            r = ge_qb_copy_op(&b, o);
            stats.fp32_ops++;
            stats.fp32_macs += ge_quant_op_macs(src, op);
        }
    }
    if (r >= 0) r = ge_qb_finish(&b);
    ge_qb_free(&b);
    if (out_stats) *out_stats = stats;
    return r;
}

/* ---- fp16 ---- */

glint_result ge_quant_fp16(const ge_graph* src, ge_graph* dst, ge_quant_stats* out_stats, glint_error* err) {
    ge_quant_stats stats;
    ge_qb b;
    glint_result r = ge_qb_init(&b, src, dst, NULL, &stats, err);
    if (r < 0) return r;
    for (int32_t o = 0; o < src->num_ops && r >= 0; o++) {
        const ge_op* op = &src->ops[o];
        if (op->type == GE_OP_NONE) continue;
        if (is_heavy(op->type) && op->num_inputs >= 2) {
            const int32_t w = op->inputs[1];
            const ge_tensor* ws = &src->tensors[w];
            if (ws->data && ws->dtype == GE_DTYPE_F32 && b.orig[w] < 0) {
                /* F16 copy of the weights + DEQUANTIZE producing the tensor under its own name */
                char name[1024];
                snprintf(name, sizeof(name), "%s/f16", ws->name);
                void* data = NULL;
                int32_t h = ge_graph_add_const_uninit(dst, name, GE_DTYPE_F16, &ws->shape, &data, err);
                if (h < 0) {
                    r = h;
                    break;
                }
                const int64_t n = ge_shape_elements(&ws->shape);
                for (int64_t i = 0; i < n; i++) ((uint16_t*)data)[i] = gu_f32_to_f16(((const float*)ws->data)[i]);
                int32_t f = ge_qb_add_like(&b, w, NULL, GE_DTYPE_F32, NULL);
                if (f < 0) {
                    r = f;
                    break;
                }
                int32_t d = ge_qb_add_op(&b, GE_OP_DEQUANTIZE, ws->name, "/dequantize", &h, 1, &f, 1, NULL);
                if (d < 0) {
                    r = d;
                    break;
                }
                b.orig[w] = f;
                stats.dequantize_ops++;
            }
        }
        r = ge_qb_copy_op(&b, o);
        stats.fp32_ops++;
        stats.fp32_macs += ge_quant_op_macs(src, op);
    }
    if (r >= 0) r = ge_qb_finish(&b);
    ge_qb_free(&b);
    if (out_stats) *out_stats = stats;
    return r;
}
