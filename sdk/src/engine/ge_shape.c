/*
 * ge_graph_infer_shapes: the driver. Walks ops in order, checks the generic preconditions
 * (arity, indices, known and bounded input shapes) and hands each op to its family's rule.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "engine/ge_shape_infer.h"
#include "util/gu_error.h"

/* Input / output counts per op type. Optional inputs (bias) are counted in max_in. */
typedef struct op_arity {
    int8_t min_in, max_in, min_out, max_out;
} op_arity;

static op_arity arity_of(ge_op_type t) {
    switch (t) {
    case GE_OP_CONV2D:
    case GE_OP_DEPTHWISE_CONV2D:
    case GE_OP_FULLY_CONNECTED: return (op_arity){2, 3, 1, 1};
    case GE_OP_ADD:
    case GE_OP_SUB:
    case GE_OP_MUL:
    case GE_OP_DIV:
    case GE_OP_FLOOR_DIV:
    case GE_OP_SQUARED_DIFFERENCE:
    case GE_OP_MAXIMUM:
    case GE_OP_MINIMUM:
    case GE_OP_GREATER:
    case GE_OP_LESS:
    case GE_OP_EQUAL:
    case GE_OP_PRELU:
    case GE_OP_GATHER:
    case GE_OP_GATHER_ND: return (op_arity){2, 2, 1, 1};
    case GE_OP_SELECT: return (op_arity){3, 3, 1, 1};
    case GE_OP_LOGISTIC: return (op_arity){1, 2, 1, 1}; /* int8: second input is its table (ge_ref_qs8.h) */
    case GE_OP_CONCAT: return (op_arity){1, GE_MAX_OP_INPUTS, 1, 1};
    case GE_OP_SPLIT: return (op_arity){1, 1, 1, GE_MAX_OP_OUTPUTS};
    case GE_OP_TOPK: return (op_arity){1, 1, 1, 2};
    case GE_OP_NONE:
    case GE_OP_COUNT: return (op_arity){0, 0, 0, 0};
    default: return (op_arity){1, 1, 1, 1};
    }
}

/* Inputs that may be absent (-1): the bias of the convolution family. */
static bool input_optional(ge_op_type t, int32_t i) {
    return i == 2 && (t == GE_OP_CONV2D || t == GE_OP_DEPTHWISE_CONV2D || t == GE_OP_FULLY_CONNECTED);
}

const ge_tensor* ge_si_in(const ge_shape_ctx* c, int32_t i) {
    if (i >= c->op->num_inputs || c->op->inputs[i] < 0) return NULL;
    return &c->g->tensors[c->op->inputs[i]];
}

const ge_tensor* ge_si_out(const ge_shape_ctx* c, int32_t i) {
    return &c->g->tensors[c->op->outputs[i]];
}

glint_result ge_si_fail(const ge_shape_ctx* c, glint_result code, const char* fmt, ...) {
    char detail[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof(detail), fmt, ap);
    va_end(ap);
    return gu_errorf(c->err, code, "shape inference: op %d '%s' (%s): %s", (int)c->op_index,
                     c->op->name ? c->op->name : "", ge_op_name(c->op->type), detail);
}

glint_result ge_si_check_act(const ge_shape_ctx* c, ge_activation act) {
    if ((int)act < (int)GE_ACT_NONE || (int)act > (int)GE_ACT_SIGMOID)
        return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "unknown fused activation %d", (int)act);
    return GLINT_SUCCESS;
}

/* Dims in [1, GE_MAX_DIM], elements within the limit. what: "input 'x'" / "output 'y'". */
static glint_result check_bounded(const ge_shape_ctx* c, const ge_shape* s, const char* what, const char* name,
                                  bool is_output) {
    char buf[96];
    if (s->rank < 0 || s->rank > GE_MAX_RANK)
        return ge_si_fail(c, GLINT_ERROR_LIMIT_EXCEEDED, "%s '%s' has rank %d (max %d)", what, name, (int)s->rank,
                          GE_MAX_RANK);
    for (int32_t i = 0; i < s->rank; i++) {
        if (s->dim[i] > GE_MAX_DIM) {
            ge_shape_format(s, buf, sizeof(buf));
            return ge_si_fail(c, GLINT_ERROR_LIMIT_EXCEEDED, "%s '%s' shape %s: dim %d above the limit %d", what,
                              name, buf, (int)i, GE_MAX_DIM);
        }
        if (s->dim[i] < 1) {
            ge_shape_format(s, buf, sizeof(buf));
            if (s->dim[i] == 0)
                return ge_si_fail(c, GLINT_ERROR_MODEL_UNSUPPORTED, "%s '%s' shape %s is empty (zero-size tensors "
                                  "are not supported)", what, name, buf);
            return ge_si_fail(c, is_output ? GLINT_ERROR_INTERNAL : GLINT_ERROR_MODEL_FORMAT,
                              "%s '%s' shape %s has an unknown dimension", what, name, buf);
        }
    }
    if (ge_shape_elements(s) > GE_MAX_TENSOR_ELEMENTS) {
        ge_shape_format(s, buf, sizeof(buf));
        return ge_si_fail(c, GLINT_ERROR_LIMIT_EXCEEDED, "%s '%s' shape %s has more than %lld elements", what, name,
                          buf, (long long)GE_MAX_TENSOR_ELEMENTS);
    }
    return GLINT_SUCCESS;
}

glint_result ge_si_set_output(ge_shape_ctx* c, int32_t i, ge_dtype dtype, const ge_shape* shape) {
    ge_tensor* t = &c->g->tensors[c->op->outputs[i]];
    glint_result r = check_bounded(c, shape, "output", t->name, true);
    if (r < 0) return r;
    if (t->shape.rank != 0) { /* the file stored a shape: it must agree */
        bool agree = t->shape.rank == shape->rank;
        for (int32_t d = 0; agree && d < shape->rank; d++)
            agree = t->shape.dim[d] < 0 || t->shape.dim[d] == shape->dim[d];
        if (!agree) {
            char have[96], want[96];
            ge_shape_format(&t->shape, have, sizeof(have));
            ge_shape_format(shape, want, sizeof(want));
            return ge_si_fail(c, GLINT_ERROR_SHAPE_MISMATCH, "output '%s' has shape %s in the model but the op "
                              "computes %s", t->name, have, want);
        }
    }
    if (t->dtype != GE_DTYPE_UNKNOWN && t->dtype != dtype)
        return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "output '%s' has dtype %s in the model but the op computes %s",
                          t->name, ge_dtype_name(t->dtype), ge_dtype_name(dtype));
    t->dtype = dtype;
    t->shape = *shape;
    c->known[c->op->outputs[i]] = 1;
    return GLINT_SUCCESS;
}

/* Arity, indices, and every present input known and bounded. */
static glint_result check_op_inputs(ge_shape_ctx* c) {
    const ge_op* op = c->op;
    const ge_graph* g = c->g;
    op_arity a = arity_of(op->type);
    if (a.max_out == 0) return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "invalid op type %d", (int)op->type);
    if (op->num_inputs < a.min_in || op->num_inputs > a.max_in || op->num_outputs < a.min_out ||
        op->num_outputs > a.max_out || (op->num_inputs > 0 && !op->inputs) || !op->outputs)
        return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "has %d inputs and %d outputs; expected %d..%d and %d..%d",
                          (int)op->num_inputs, (int)op->num_outputs, a.min_in, a.max_in, a.min_out, a.max_out);
    for (int32_t i = 0; i < op->num_inputs; i++) {
        int32_t t = op->inputs[i];
        if (t < 0 && input_optional(op->type, i)) continue;
        if (t < 0 || t >= g->num_tensors)
            return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "input %d is tensor %d (of %d)", (int)i, (int)t,
                              (int)g->num_tensors);
        const ge_tensor* ts = &g->tensors[t];
        if (!c->known[t] || ts->dtype <= GE_DTYPE_UNKNOWN || ts->dtype >= GE_DTYPE_COUNT)
            return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "input %d '%s' has an unknown shape or dtype (read before "
                              "it is produced?)", (int)i, ts->name);
        glint_result r = check_bounded(c, &ts->shape, "input", ts->name, false);
        if (r < 0) return r;
    }
    for (int32_t i = 0; i < op->num_outputs; i++) {
        int32_t t = op->outputs[i];
        if (t < 0 || t >= g->num_tensors)
            return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "output %d is tensor %d (of %d)", (int)i, (int)t,
                              (int)g->num_tensors);
        if (g->tensors[t].data)
            return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "output %d '%s' is a constant", (int)i,
                              g->tensors[t].name);
        if (g->tensors[t].shape.rank < 0 || g->tensors[t].shape.rank > GE_MAX_RANK)
            return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "output %d '%s' has rank %d", (int)i, g->tensors[t].name,
                              (int)g->tensors[t].shape.rank);
    }
    return GLINT_SUCCESS;
}

static glint_result infer_op(ge_shape_ctx* c) {
    glint_result r = check_op_inputs(c);
    if (r < 0) return r;
    switch (c->op->type) {
    case GE_OP_CONV2D:
    case GE_OP_DEPTHWISE_CONV2D:
    case GE_OP_FULLY_CONNECTED:
    case GE_OP_MAX_POOL2D:
    case GE_OP_AVERAGE_POOL2D: return ge_shape_infer_conv(c);
    case GE_OP_ADD:
    case GE_OP_SUB:
    case GE_OP_MUL:
    case GE_OP_DIV:
    case GE_OP_FLOOR_DIV:
    case GE_OP_SQUARED_DIFFERENCE:
    case GE_OP_MAXIMUM:
    case GE_OP_MINIMUM:
    case GE_OP_GREATER:
    case GE_OP_LESS:
    case GE_OP_EQUAL:
    case GE_OP_RELU:
    case GE_OP_RELU6:
    case GE_OP_LOGISTIC:
    case GE_OP_TANH:
    case GE_OP_EXP:
    case GE_OP_SQRT:
    case GE_OP_RSQRT:
    case GE_OP_NEG:
    case GE_OP_ABS:
    case GE_OP_FLOOR:
    case GE_OP_CAST:
    case GE_OP_PRELU:
    case GE_OP_DEQUANTIZE:
    case GE_OP_QUANTIZE:
    case GE_OP_SELECT: return ge_shape_infer_eltwise(c);
    case GE_OP_MEAN:
    case GE_OP_RESHAPE:
    case GE_OP_TRANSPOSE:
    case GE_OP_CONCAT:
    case GE_OP_SPLIT:
    case GE_OP_PAD:
    case GE_OP_STRIDED_SLICE:
    case GE_OP_DEPTH_TO_SPACE:
    case GE_OP_RESIZE_BILINEAR:
    case GE_OP_RESIZE_NEAREST:
    case GE_OP_TILE: return ge_shape_infer_layout(c);
    case GE_OP_GATHER:
    case GE_OP_GATHER_ND:
    case GE_OP_ARG_MAX:
    case GE_OP_TOPK:
    case GE_OP_DENSIFY: return ge_shape_infer_index(c);
    case GE_OP_NONE:
    case GE_OP_COUNT: break;
    }
    return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "invalid op type %d", (int)c->op->type);
}

glint_result ge_graph_infer_shapes(ge_graph* g, glint_error* err) {
    if (!g) return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "shape inference: no graph");
    if (g->num_tensors < 0 || g->num_tensors > GE_MAX_TENSORS || g->num_ops < 0 || g->num_ops > GE_MAX_OPS)
        return gu_errorf(err, GLINT_ERROR_LIMIT_EXCEEDED, "shape inference: %d tensors, %d ops", (int)g->num_tensors,
                         (int)g->num_ops);
    uint8_t* known = gu_calloc(g->allocator, (size_t)g->num_tensors + 1, 1);
    if (!known) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "shape inference: out of memory");

    /* A tensor no op writes (graph input, constant) is known from the start; an op output becomes
     * known when its producer has been inferred. */
    for (int32_t t = 0; t < g->num_tensors; t++) known[t] = 1;
    for (int32_t o = 0; o < g->num_ops; o++) {
        const ge_op* op = &g->ops[o];
        if (op->type == GE_OP_NONE || !op->outputs) continue;
        for (int32_t i = 0; i < op->num_outputs; i++)
            if (op->outputs[i] >= 0 && op->outputs[i] < g->num_tensors) known[op->outputs[i]] = 0;
    }

    glint_result r = GLINT_SUCCESS;
    for (int32_t o = 0; o < g->num_ops && r >= 0; o++) {
        ge_op* op = &g->ops[o];
        if (op->type == GE_OP_NONE) continue;
        ge_shape_ctx c = {g, op, o, known, err};
        r = infer_op(&c);
    }
    gu_free(g->allocator, known);
    return r < 0 ? r : GLINT_SUCCESS;
}
