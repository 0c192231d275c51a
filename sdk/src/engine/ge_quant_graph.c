/*
 * The rewrite builder of the quantization passes (ge_quant_internal.h) and ge_graph_clone.
 */
#include <stdio.h>
#include <string.h>

#include "engine/ge_quant_internal.h"
#include "engine/ge_quant_math.h"
#include "util/gu_error.h"

glint_result ge_qb_init(ge_qb* b, const ge_graph* src, ge_graph* dst, const ge_tensor_range* ranges,
                        ge_quant_stats* stats, glint_error* err) {
    memset(b, 0, sizeof(*b));
    b->src = src;
    b->dst = dst;
    b->ranges = ranges;
    b->stats = stats;
    b->err = err;
    size_t n = (size_t)(src->num_tensors ? src->num_tensors : 1);
    b->orig = gu_malloc(dst->allocator, n * sizeof(int32_t));
    b->q8 = gu_malloc(dst->allocator, n * sizeof(int32_t));
    if (!b->orig || !b->q8) {
        ge_qb_free(b);
        return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "quantize: out of memory");
    }
    for (size_t i = 0; i < n; i++) b->orig[i] = b->q8[i] = -1;
    if (stats) memset(stats, 0, sizeof(*stats));
    return GLINT_SUCCESS;
}

void ge_qb_free(ge_qb* b) {
    if (!b->dst) return;
    gu_free(b->dst->allocator, b->orig);
    gu_free(b->dst->allocator, b->q8);
    b->orig = b->q8 = NULL;
}

ge_quant* ge_qb_new_quant(ge_qb* b, int32_t count, int32_t axis) {
    ge_quant* q = gu_arena_alloc(&b->dst->arena, sizeof(ge_quant));
    float* s = gu_arena_alloc(&b->dst->arena, (size_t)count * sizeof(float));
    int32_t* z = gu_arena_alloc(&b->dst->arena, (size_t)count * sizeof(int32_t));
    if (!q || !s || !z) {
        gu_errorf(b->err, GLINT_ERROR_OUT_OF_MEMORY, "quantize: out of memory");
        return NULL;
    }
    q->axis = count > 1 ? axis : -1;
    q->count = count;
    q->scale = s;
    q->zero_point = z;
    return q;
}

const ge_quant* ge_qb_activation_quant(ge_qb* b, float lo, float hi) {
    ge_quant* q = ge_qb_new_quant(b, 1, -1);
    if (!q) return NULL;
    ge_q_choose_activation(lo, hi, (float*)q->scale, (int32_t*)q->zero_point);
    return q;
}

static const ge_quant* copy_quant(ge_qb* b, const ge_quant* q) {
    if (!q) return NULL;
    ge_quant* c = ge_qb_new_quant(b, q->count, q->axis);
    if (!c) return NULL;
    memcpy((float*)c->scale, q->scale, (size_t)q->count * sizeof(float));
    memcpy((int32_t*)c->zero_point, q->zero_point, (size_t)q->count * sizeof(int32_t));
    c->axis = q->axis;
    return c;
}

glint_result ge_qb_copy_params(ge_qb* b, const ge_op* op, ge_op_params* out) {
    *out = op->params;
    if (op->type == GE_OP_SPLIT && op->params.axis.split_sizes) {
        int32_t* s = gu_arena_alloc(&b->dst->arena, (size_t)op->num_outputs * sizeof(int32_t));
        if (!s) return gu_errorf(b->err, GLINT_ERROR_OUT_OF_MEMORY, "quantize: out of memory");
        memcpy(s, op->params.axis.split_sizes, (size_t)op->num_outputs * sizeof(int32_t));
        out->axis.split_sizes = s;
    }
    if (op->type == GE_OP_DENSIFY)
        return gu_errorf(b->err, GLINT_ERROR_MODEL_UNSUPPORTED, "quantize: op '%s' (DENSIFY) was not folded at load",
                         op->name);
    return GLINT_SUCCESS;
}

static const char* make_name(char* buf, size_t size, const char* name, const char* suffix) {
    snprintf(buf, size, "%s%s", name ? name : "", suffix ? suffix : "");
    return buf;
}

int32_t ge_qb_add_like(ge_qb* b, int32_t t, const char* suffix, ge_dtype dtype, const ge_quant* quant) {
    const ge_tensor* ts = &b->src->tensors[t];
    char name[1024];
    int32_t r = ge_graph_add_tensor(b->dst, make_name(name, sizeof(name), ts->name, suffix), dtype, &ts->shape,
                                    b->err);
    if (r >= 0) b->dst->tensors[r].quant = quant;
    return r;
}

int32_t ge_qb_add_op(ge_qb* b, ge_op_type type, const char* name, const char* suffix, const int32_t* in,
                     int32_t nin, const int32_t* out, int32_t nout, const ge_op_params* params) {
    char buf[1024];
    return ge_graph_add_op(b->dst, type, make_name(buf, sizeof(buf), name, suffix), in, nin, out, nout, params,
                           b->err);
}

/* A constant of src copied as is (data and quant). */
static int32_t copy_const(ge_qb* b, int32_t t) {
    const ge_tensor* ts = &b->src->tensors[t];
    int32_t r = ge_graph_add_const(b->dst, ts->name, ts->dtype, &ts->shape, ts->data, ts->nbytes, b->err);
    if (r < 0) return r;
    if (ts->quant) {
        b->dst->tensors[r].quant = copy_quant(b, ts->quant);
        if (!b->dst->tensors[r].quant) return GLINT_ERROR_OUT_OF_MEMORY;
    }
    return r;
}

int32_t ge_qb_orig(ge_qb* b, int32_t t) {
    if (t < 0) return -1;
    if (b->orig[t] >= 0) return b->orig[t];
    const ge_tensor* ts = &b->src->tensors[t];
    int32_t r;
    if (ts->data) {
        r = copy_const(b, t);
    } else if (b->q8[t] >= 0) {
        /* A graph output keeps its name on the f32 side: the int8 tensor is renamed. */
        bool is_output = false;
        for (int32_t k = 0; k < b->src->num_outputs; k++) is_output |= b->src->outputs[k] == t;
        r = ge_qb_add_like(b, t, is_output ? NULL : "/dequantized", GE_DTYPE_F32, NULL);
        if (r < 0) return r;
        int32_t in = b->q8[t];
        if (is_output) {
            char name[1024];
            const char* renamed = gu_arena_strdup(&b->dst->arena, make_name(name, sizeof(name), ts->name, "/int8"));
            if (!renamed) return gu_errorf(b->err, GLINT_ERROR_OUT_OF_MEMORY, "quantize: out of memory");
            b->dst->tensors[in].name = renamed;
        }
        int32_t op = ge_qb_add_op(b, GE_OP_DEQUANTIZE, ts->name, "/dequantize", &in, 1, &r, 1, NULL);
        if (op < 0) return op;
        if (b->stats) b->stats->dequantize_ops++;
    } else {
        /* a graph input (or a tensor no op writes): the same tensor */
        r = ge_qb_add_like(b, t, NULL, ts->dtype, NULL);
        if (r >= 0 && ts->quant) b->dst->tensors[r].quant = copy_quant(b, ts->quant);
    }
    if (r >= 0) b->orig[t] = r;
    return r;
}

int32_t ge_qb_q8(ge_qb* b, int32_t t) {
    if (t < 0) return -1;
    if (b->q8[t] >= 0) return b->q8[t];
    const ge_tensor* ts = &b->src->tensors[t];
    int32_t r;
    if (ts->data) {
        if (ts->dtype != GE_DTYPE_F32)
            return gu_errorf(b->err, GLINT_ERROR_INTERNAL, "quantize: constant '%s' is %s", ts->name,
                             ge_dtype_name(ts->dtype));
        const float* v = ts->data;
        const int64_t n = ge_shape_elements(&ts->shape);
        float lo = 0.0f, hi = 0.0f;
        for (int64_t i = 0; i < n; i++) {
            lo = v[i] < lo ? v[i] : lo;
            hi = v[i] > hi ? v[i] : hi;
        }
        const ge_quant* q = ge_qb_activation_quant(b, lo, hi);
        if (!q) return GLINT_ERROR_OUT_OF_MEMORY;
        char name[1024];
        void* data = NULL;
        r = ge_graph_add_const_uninit(b->dst, make_name(name, sizeof(name), ts->name, "/quantized"), GE_DTYPE_I8,
                                      &ts->shape, &data, b->err);
        if (r < 0) return r;
        for (int64_t i = 0; i < n; i++) ((int8_t*)data)[i] = ge_q_quantize(v[i], q->scale[0], q->zero_point[0]);
        b->dst->tensors[r].quant = q;
    } else {
        if (!b->ranges || !b->ranges[t].seen)
            return gu_errorf(b->err, GLINT_ERROR_INTERNAL, "quantize: tensor '%s' has no calibrated range", ts->name);
        int32_t in = ge_qb_orig(b, t);
        if (in < 0) return in;
        const ge_quant* q = ge_qb_activation_quant(b, b->ranges[t].min, b->ranges[t].max);
        if (!q) return GLINT_ERROR_OUT_OF_MEMORY;
        r = ge_qb_add_like(b, t, "/quantized", GE_DTYPE_I8, q);
        if (r < 0) return r;
        int32_t op = ge_qb_add_op(b, GE_OP_QUANTIZE, ts->name, "/quantize", &in, 1, &r, 1, NULL);
        if (op < 0) return op;
        if (b->stats) b->stats->quantize_ops++;
    }
    b->q8[t] = r;
    return r;
}

glint_result ge_qb_copy_op(ge_qb* b, int32_t o) {
    const ge_op* op = &b->src->ops[o];
    int32_t in[GE_MAX_OP_INPUTS], out[GE_MAX_OP_OUTPUTS];
    for (int32_t i = 0; i < op->num_inputs; i++) {
        in[i] = op->inputs[i] < 0 ? -1 : ge_qb_orig(b, op->inputs[i]);
        if (op->inputs[i] >= 0 && in[i] < 0) return in[i];
    }
    for (int32_t i = 0; i < op->num_outputs; i++) {
        const int32_t t = op->outputs[i];
        const ge_tensor* ts = &b->src->tensors[t];
        out[i] = ge_qb_add_like(b, t, NULL, ts->dtype, NULL);
        if (out[i] < 0) return out[i];
        if (ts->quant) b->dst->tensors[out[i]].quant = copy_quant(b, ts->quant);
        b->orig[t] = out[i];
    }
    ge_op_params p;
    glint_result r = ge_qb_copy_params(b, op, &p);
    if (r < 0) return r;
    r = ge_qb_add_op(b, op->type, op->name, NULL, in, op->num_inputs, out, op->num_outputs, &p);
    return r < 0 ? r : GLINT_SUCCESS;
}

glint_result ge_qb_finish(ge_qb* b) {
    int32_t ins[GE_MAX_OP_INPUTS], outs[GE_MAX_OP_INPUTS];
    if (b->src->num_inputs > GE_MAX_OP_INPUTS || b->src->num_outputs > GE_MAX_OP_INPUTS)
        return gu_errorf(b->err, GLINT_ERROR_LIMIT_EXCEEDED, "quantize: too many graph inputs or outputs");
    for (int32_t i = 0; i < b->src->num_inputs; i++) {
        ins[i] = ge_qb_orig(b, b->src->inputs[i]);
        if (ins[i] < 0) return ins[i];
    }
    for (int32_t i = 0; i < b->src->num_outputs; i++) {
        outs[i] = ge_qb_orig(b, b->src->outputs[i]);
        if (outs[i] < 0) return outs[i];
    }
    glint_result r = ge_graph_set_io(b->dst, ins, b->src->num_inputs, outs, b->src->num_outputs, b->err);
    if (r >= 0) r = ge_graph_analyze(b->dst, b->err);
    if (r >= 0) r = ge_graph_infer_shapes(b->dst, b->err);
    return r;
}

glint_result ge_graph_clone(const ge_graph* src, ge_graph* dst, glint_error* err) {
    ge_qb b;
    glint_result r = ge_qb_init(&b, src, dst, NULL, NULL, err);
    if (r < 0) return r;
    for (int32_t o = 0; o < src->num_ops && r >= 0; o++)
        if (src->ops[o].type != GE_OP_NONE) r = ge_qb_copy_op(&b, o);
    if (r >= 0) r = ge_qb_finish(&b);
    ge_qb_free(&b);
    return r;
}
