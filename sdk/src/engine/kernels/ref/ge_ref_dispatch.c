/*
 * ge_ref_run_op / ge_ref_supports: choose the reference kernel for an op from its type and
 * dtypes. Every combination listed in supports() runs; anything else is
 * GLINT_ERROR_MODEL_UNSUPPORTED naming the op and its dtypes.
 */
#include <stdio.h>
#include <string.h>

#include "engine/kernels/ref/ge_ref.h"
#include "engine/kernels/ref/ge_ref_qs8.h"
#include "util/gu_error.h"

static bool present(const ge_op* op, int32_t i) {
    return i < op->num_inputs && op->inputs && op->inputs[i] >= 0;
}

static bool is_byte_movable(ge_dtype t) {
    size_t s = ge_dtype_size(t);
    return s == 1 || s == 2 || s == 4 || s == 8;
}

static bool is_binary(ge_op_type t) {
    return t >= GE_OP_ADD && t <= GE_OP_EQUAL;
}

static bool is_comparison(ge_op_type t) {
    return t == GE_OP_GREATER || t == GE_OP_LESS || t == GE_OP_EQUAL;
}

static bool is_f32_unary(ge_op_type t) {
    return t >= GE_OP_RELU && t <= GE_OP_FLOOR;
}

/* All inputs and outputs [from, to) of the views have dtype t. */
static bool all_dtype(const ge_view* v, int32_t n, ge_dtype t) {
    for (int32_t i = 0; i < n; i++)
        if (v[i].dtype != t) return false;
    return true;
}

static bool quant_ok(const ge_quant* q) {
    return q && q->count >= 1 && q->scale && q->zero_point;
}

/* The convolution family: f32 input, weights, output; optional f32 bias. */
static bool conv_family_ok(const ge_op* op, const ge_view* in, const ge_view* out) {
    if (op->num_inputs < 2 || op->num_outputs != 1) return false;
    if (in[0].dtype != GE_DTYPE_F32 || in[1].dtype != GE_DTYPE_F32 || out[0].dtype != GE_DTYPE_F32) return false;
    return !present(op, 2) || in[2].dtype == GE_DTYPE_F32;
}

bool ge_ref_supports(const ge_op* op, const ge_view* in, const ge_view* out) {
    if (!op || op->num_inputs < 1 || op->num_outputs < 1 || !in || !out) return false;
    if (ge_qs8_claims(op, in, out)) return ge_qs8_supports(op, in, out); /* int8 ops: ge_ref_qs8.h */
    const ge_op_type t = op->type;
    const ge_dtype x = in[0].dtype;
    const ge_dtype y = out[0].dtype;
    switch (t) {
    case GE_OP_CONV2D:
    case GE_OP_DEPTHWISE_CONV2D:
    case GE_OP_FULLY_CONNECTED: return conv_family_ok(op, in, out);
    case GE_OP_MAX_POOL2D:
    case GE_OP_AVERAGE_POOL2D:
    case GE_OP_MEAN:
    case GE_OP_RESIZE_BILINEAR: return x == GE_DTYPE_F32 && y == GE_DTYPE_F32;
    case GE_OP_PRELU: return op->num_inputs == 2 && all_dtype(in, 2, GE_DTYPE_F32) && y == GE_DTYPE_F32;
    case GE_OP_CAST: return ge_dtype_size(x) > 0 && ge_dtype_size(y) > 0;
    case GE_OP_DEQUANTIZE:
        if (y != GE_DTYPE_F32) return false;
        if (x == GE_DTYPE_F16) return true;
        return (x == GE_DTYPE_I8 || x == GE_DTYPE_U8 || x == GE_DTYPE_I16) && quant_ok(in[0].quant);
    case GE_OP_QUANTIZE:
        return x == GE_DTYPE_F32 && (y == GE_DTYPE_I8 || y == GE_DTYPE_U8 || y == GE_DTYPE_I16) &&
               quant_ok(out[0].quant);
    case GE_OP_RESHAPE:
    case GE_OP_TRANSPOSE:
    case GE_OP_PAD:
    case GE_OP_STRIDED_SLICE:
    case GE_OP_DEPTH_TO_SPACE:
    case GE_OP_RESIZE_NEAREST:
    case GE_OP_TILE:
    case GE_OP_DENSIFY: return is_byte_movable(x) && y == x;
    case GE_OP_CONCAT:
        if (!is_byte_movable(x) || y != x || !all_dtype(in, op->num_inputs, x)) return false;
        return op->params.axis.act == GE_ACT_NONE || x == GE_DTYPE_F32;
    case GE_OP_SPLIT: return is_byte_movable(x) && all_dtype(out, op->num_outputs, x);
    case GE_OP_GATHER:
    case GE_OP_GATHER_ND:
        return op->num_inputs == 2 && is_byte_movable(x) && y == x &&
               (in[1].dtype == GE_DTYPE_I32 || in[1].dtype == GE_DTYPE_I64);
    case GE_OP_ARG_MAX: return (x == GE_DTYPE_F32 || x == GE_DTYPE_I32) && (y == GE_DTYPE_I32 || y == GE_DTYPE_I64);
    case GE_OP_TOPK:
        return (x == GE_DTYPE_F32 || x == GE_DTYPE_I32) && y == x &&
               (op->num_outputs < 2 || out[1].dtype == GE_DTYPE_I32);
    case GE_OP_SELECT:
        return op->num_inputs == 3 && in[0].dtype == GE_DTYPE_BOOL && is_byte_movable(in[1].dtype) &&
               in[2].dtype == in[1].dtype && y == in[1].dtype;
    default: break;
    }
    if (is_binary(t)) {
        if (op->num_inputs != 2 || in[1].dtype != x) return false;
        if (y != (is_comparison(t) ? GE_DTYPE_BOOL : x)) return false;
        if (x == GE_DTYPE_F32) return true;
        if (x != GE_DTYPE_I32) return false;
        ge_activation act = op->params.eltwise.act;
        return act == GE_ACT_NONE || act == GE_ACT_RELU || act == GE_ACT_RELU6 || act == GE_ACT_RELU_N1_TO_1;
    }
    if (is_f32_unary(t)) {
        if (y != x) return false;
        if (x == GE_DTYPE_F32) return true;
        return x == GE_DTYPE_I32 && (t == GE_OP_NEG || t == GE_OP_ABS);
    }
    return false;
}

static glint_result unsupported(const ge_op* op, const ge_view* in, const ge_view* out, glint_error* err) {
    char types[160];
    size_t used = 0;
    types[0] = '\0';
    for (int32_t i = 0; i < op->num_inputs && used < sizeof(types); i++) {
        int n = snprintf(types + used, sizeof(types) - used, "%s%s", i ? ", " : "",
                         present(op, i) ? ge_dtype_name(in[i].dtype) : "none");
        if (n < 0) break;
        used += (size_t)n;
    }
    for (int32_t i = 0; i < op->num_outputs && used < sizeof(types); i++) {
        int n = snprintf(types + used, sizeof(types) - used, "%s%s", i ? ", " : " -> ", ge_dtype_name(out[i].dtype));
        if (n < 0) break;
        used += (size_t)n;
    }
    return gu_errorf(err, GLINT_ERROR_MODEL_UNSUPPORTED, "reference kernels: op '%s' (%s) with dtypes %s is not "
                     "supported", op->name ? op->name : "", ge_op_name(op->type), types);
}

glint_result ge_ref_run_op(const ge_op* op, const ge_view* in, ge_view* out, glint_error* err) {
    if (!op) return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "reference kernels: no op");
    if (!ge_ref_supports(op, in, out)) return unsupported(op, in, out, err);
    for (int32_t i = 0; i < op->num_inputs; i++)
        if (present(op, i) && !in[i].data)
            return gu_errorf(err, GLINT_ERROR_INTERNAL, "reference kernels: op '%s' (%s) input %d has no storage",
                             op->name ? op->name : "", ge_op_name(op->type), (int)i);
    for (int32_t i = 0; i < op->num_outputs; i++)
        if (!out[i].data)
            return gu_errorf(err, GLINT_ERROR_INTERNAL, "reference kernels: op '%s' (%s) output %d has no storage",
                             op->name ? op->name : "", ge_op_name(op->type), (int)i);
    if (ge_qs8_claims(op, in, out)) return ge_qs8_run_op(op, in, out, err);
    const ge_view* bias = present(op, 2) ? &in[2] : NULL;
    const ge_op_params* p = &op->params;
    switch (op->type) {
    case GE_OP_CONV2D: ge_f32_conv2d_ref(&p->conv, &in[0], &in[1], bias, &out[0]); break;
    case GE_OP_DEPTHWISE_CONV2D: ge_f32_dwconv2d_ref(&p->conv, &in[0], &in[1], bias, &out[0]); break;
    case GE_OP_FULLY_CONNECTED: ge_f32_fully_connected_ref(&p->fc, &in[0], &in[1], bias, &out[0]); break;
    case GE_OP_MAX_POOL2D: ge_f32_max_pool2d_ref(&p->conv, &in[0], &out[0]); break;
    case GE_OP_AVERAGE_POOL2D: ge_f32_avg_pool2d_ref(&p->conv, &in[0], &out[0]); break;
    case GE_OP_MEAN: ge_f32_mean_ref(&p->reduce, &in[0], &out[0]); break;
    case GE_OP_PRELU: ge_f32_prelu_ref(&in[0], &in[1], &out[0]); break;
    case GE_OP_CAST: ge_any_cast_ref(&in[0], &out[0]); break;
    case GE_OP_DEQUANTIZE: ge_f32_dequantize_ref(&in[0], &out[0]); break;
    case GE_OP_QUANTIZE: ge_f32_quantize_ref(&in[0], &out[0]); break;
    case GE_OP_RESHAPE: ge_any_copy_ref(&in[0], &out[0]); break;
    case GE_OP_TRANSPOSE: ge_any_transpose_ref(&p->transpose, &in[0], &out[0]); break;
    case GE_OP_CONCAT:
        ge_any_concat_ref(p->axis.axis, in, op->num_inputs, &out[0]);
        if (out[0].dtype == GE_DTYPE_F32) ge_ref_act_inplace(out[0].data, ge_view_elements(&out[0]), p->axis.act);
        break;
    case GE_OP_SPLIT: ge_any_split_ref(p->axis.axis, &in[0], out, op->num_outputs); break;
    case GE_OP_PAD: ge_any_pad_ref(&p->pad, &in[0], &out[0]); break;
    case GE_OP_STRIDED_SLICE: ge_any_strided_slice_ref(&p->slice, &in[0], &out[0]); break;
    case GE_OP_DEPTH_TO_SPACE: ge_any_depth_to_space_ref(p->block.block_size, &in[0], &out[0]); break;
    case GE_OP_RESIZE_BILINEAR: ge_f32_resize_bilinear_ref(&p->resize, &in[0], &out[0]); break;
    case GE_OP_RESIZE_NEAREST: ge_any_resize_nearest_ref(&p->resize, &in[0], &out[0]); break;
    case GE_OP_TILE: ge_any_tile_ref(&p->tile, &in[0], &out[0]); break;
    case GE_OP_GATHER: return ge_any_gather_ref(&p->axis, &in[0], &in[1], &out[0], err);
    case GE_OP_GATHER_ND: return ge_any_gather_nd_ref(&in[0], &in[1], &out[0], err);
    case GE_OP_ARG_MAX: ge_any_arg_max_ref(p->axis.axis, &in[0], &out[0]); break;
    case GE_OP_TOPK: ge_any_topk_ref(p->topk.k, &in[0], &out[0], op->num_outputs > 1 ? &out[1] : NULL); break;
    case GE_OP_SELECT: ge_any_select_ref(&in[0], &in[1], &in[2], &out[0]); break;
    case GE_OP_DENSIFY: return ge_any_densify_ref(&p->densify, &in[0], &out[0], err);
    default:
        if (is_binary(op->type)) {
            if (in[0].dtype == GE_DTYPE_F32)
                ge_f32_binary_ref(op->type, p->eltwise.act, &in[0], &in[1], &out[0]);
            else
                ge_i32_binary_ref(op->type, p->eltwise.act, &in[0], &in[1], &out[0]);
        } else if (is_f32_unary(op->type)) {
            if (in[0].dtype == GE_DTYPE_F32)
                ge_f32_unary_ref(op->type, &in[0], &out[0]);
            else
                ge_i32_unary_ref(op->type, &in[0], &out[0]);
        } else {
            return unsupported(op, in, out, err);
        }
    }
    return GLINT_SUCCESS;
}
