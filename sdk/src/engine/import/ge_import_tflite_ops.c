/*
 * TFLite importer, part 2: operators.
 *
 * One table row per supported BuiltinOperator says which ge_op it becomes, how many
 * inputs it takes, which of them are data inputs (the rest are constant shape operands
 * folded into params) and which options table it reads. Options are read field by field
 * with the schema's defaults when absent; values that would make a kernel misbehave
 * (zero strides, unknown enums) are refused here with the op's index in the message.
 */
#include <stdio.h>
#include <string.h>

#include "engine/import/ge_import_tflite_internal.h"

/* An operator being imported: TFLite tensor indices and its options table. */
typedef struct tfl_op {
    int32_t index;
    int32_t code;
    const struct tfl_op_desc* desc;
    int32_t num_in, num_out;
    int32_t in[GE_MAX_OP_INPUTS];
    int32_t out[GE_MAX_OP_OUTPUTS];
    bool has_options;
    ge_fb_table options;
} tfl_op;

typedef glint_result (*tfl_params_fn)(tfl_ctx* c, const tfl_op* op, ge_op_params* p);

typedef struct tfl_op_desc {
    int32_t code;
    ge_op_type type;
    uint8_t options_type; /* expected BuiltinOptions member, TFL_OPT_NONE when none is read */
    int8_t min_in, max_in;
    int8_t data_in;       /* leading inputs that become graph op inputs; the rest are folded */
    int8_t optional_from; /* inputs from this index on may be -1 (absent); -1: none may */
    tfl_params_fn params;
} tfl_op_desc;

static glint_result op_error(tfl_ctx* c, const tfl_op* op, glint_result code, const char* what) {
    return gu_errorf(c->err, code, "tflite: op %d (%s): %s", (int)op->index, tfl_builtin_name(op->code), what);
}

/* Reads a scalar option field; on a bounds failure reports which op. */
#define OPT(getter, id, def, out)                                                                                  \
    do {                                                                                                            \
        if (!getter(&c->fb, &op->options, id, def, out))                                                            \
            return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: op %d (%s) options: %s", (int)op->index,    \
                             tfl_builtin_name(op->code), c->fb.why);                                                \
    } while (0)

static glint_result map_activation(tfl_ctx* c, const tfl_op* op, uint8_t act, ge_activation* out) {
    switch (act) {
    case TFL_ACT_NONE: *out = GE_ACT_NONE; return GLINT_SUCCESS;
    case TFL_ACT_RELU: *out = GE_ACT_RELU; return GLINT_SUCCESS;
    case TFL_ACT_RELU_N1_TO_1: *out = GE_ACT_RELU_N1_TO_1; return GLINT_SUCCESS;
    case TFL_ACT_RELU6: *out = GE_ACT_RELU6; return GLINT_SUCCESS;
    case TFL_ACT_TANH: *out = GE_ACT_TANH; return GLINT_SUCCESS;
    case TFL_ACT_SIGN_BIT:
        return op_error(c, op, GLINT_ERROR_MODEL_UNSUPPORTED, "fused activation SIGN_BIT is not supported");
    default:
        return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: op %d (%s) has fused activation %u (unknown)",
                         (int)op->index, tfl_builtin_name(op->code), act);
    }
}

static glint_result map_padding(tfl_ctx* c, const tfl_op* op, uint8_t padding, ge_padding* out) {
    if (padding == TFL_PADDING_SAME) *out = GE_PADDING_SAME;
    else if (padding == TFL_PADDING_VALID) *out = GE_PADDING_VALID;
    else
        return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: op %d (%s) has padding %u (unknown)",
                         (int)op->index, tfl_builtin_name(op->code), padding);
    return GLINT_SUCCESS;
}

/* Strides, dilations, filter sizes, block sizes: 1..GE_MAX_DIM. */
static glint_result check_positive(tfl_ctx* c, const tfl_op* op, const char* what, int32_t v) {
    if (v >= 1 && v <= GE_MAX_DIM) return GLINT_SUCCESS;
    return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: op %d (%s) has %s %d", (int)op->index,
                     tfl_builtin_name(op->code), what, (int)v);
}

static glint_result conv_common(tfl_ctx* c, const tfl_op* op, uint8_t padding, int32_t sw, int32_t sh, int32_t dw,
                                int32_t dh, uint8_t act, ge_conv_params* cp) {
    glint_result r;
    if ((r = map_padding(c, op, padding, &cp->padding)) < 0 || (r = map_activation(c, op, act, &cp->act)) < 0 ||
        (r = check_positive(c, op, "stride_w", sw)) < 0 || (r = check_positive(c, op, "stride_h", sh)) < 0 ||
        (r = check_positive(c, op, "dilation_w", dw)) < 0 || (r = check_positive(c, op, "dilation_h", dh)) < 0)
        return r;
    cp->stride_w = sw;
    cp->stride_h = sh;
    cp->dilation_w = dw;
    cp->dilation_h = dh;
    return GLINT_SUCCESS;
}

static glint_result params_conv(tfl_ctx* c, const tfl_op* op, ge_op_params* p) {
    uint8_t padding, act;
    int32_t sw, sh, dw, dh;
    OPT(ge_fb_u8, TFL_CONV_PADDING, TFL_PADDING_SAME, &padding);
    OPT(ge_fb_i32, TFL_CONV_STRIDE_W, 0, &sw);
    OPT(ge_fb_i32, TFL_CONV_STRIDE_H, 0, &sh);
    OPT(ge_fb_u8, TFL_CONV_ACT, TFL_ACT_NONE, &act);
    OPT(ge_fb_i32, TFL_CONV_DILATION_W, 1, &dw);
    OPT(ge_fb_i32, TFL_CONV_DILATION_H, 1, &dh);
    return conv_common(c, op, padding, sw, sh, dw, dh, act, &p->conv);
}

static glint_result params_depthwise(tfl_ctx* c, const tfl_op* op, ge_op_params* p) {
    uint8_t padding, act;
    int32_t sw, sh, dw, dh, mult;
    OPT(ge_fb_u8, TFL_DW_PADDING, TFL_PADDING_SAME, &padding);
    OPT(ge_fb_i32, TFL_DW_STRIDE_W, 0, &sw);
    OPT(ge_fb_i32, TFL_DW_STRIDE_H, 0, &sh);
    OPT(ge_fb_i32, TFL_DW_DEPTH_MULTIPLIER, 0, &mult);
    OPT(ge_fb_u8, TFL_DW_ACT, TFL_ACT_NONE, &act);
    OPT(ge_fb_i32, TFL_DW_DILATION_W, 1, &dw);
    OPT(ge_fb_i32, TFL_DW_DILATION_H, 1, &dh);
    glint_result r = conv_common(c, op, padding, sw, sh, dw, dh, act, &p->conv);
    if (r < 0) return r;
    /* The schema calls depth_multiplier redundant (newer TFLite kernels ignore it): when the
     * file's shapes tell, derive it from filter channels / input channels instead. */
    const ge_shape* xs = &c->tensors[op->in[0]].shape;
    const ge_shape* fs = &c->tensors[op->in[1]].shape;
    if (xs->rank == 4 && fs->rank == 4 && xs->dim[3] > 0 && fs->dim[3] % xs->dim[3] == 0)
        mult = fs->dim[3] / xs->dim[3];
    if (mult < 0 || mult > GE_MAX_DIM)
        return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: op %d (%s) has depth_multiplier %d",
                         (int)op->index, tfl_builtin_name(op->code), (int)mult);
    p->conv.depth_multiplier = mult;
    return GLINT_SUCCESS;
}

static glint_result params_pool(tfl_ctx* c, const tfl_op* op, ge_op_params* p) {
    uint8_t padding, act;
    int32_t sw, sh, fw, fh;
    OPT(ge_fb_u8, TFL_POOL_PADDING, TFL_PADDING_SAME, &padding);
    OPT(ge_fb_i32, TFL_POOL_STRIDE_W, 0, &sw);
    OPT(ge_fb_i32, TFL_POOL_STRIDE_H, 0, &sh);
    OPT(ge_fb_i32, TFL_POOL_FILTER_W, 0, &fw);
    OPT(ge_fb_i32, TFL_POOL_FILTER_H, 0, &fh);
    OPT(ge_fb_u8, TFL_POOL_ACT, TFL_ACT_NONE, &act);
    glint_result r = conv_common(c, op, padding, sw, sh, 1, 1, act, &p->conv);
    if (r < 0 || (r = check_positive(c, op, "filter_width", fw)) < 0 ||
        (r = check_positive(c, op, "filter_height", fh)) < 0)
        return r;
    p->conv.filter_w = fw;
    p->conv.filter_h = fh;
    return GLINT_SUCCESS;
}

static glint_result params_fc(tfl_ctx* c, const tfl_op* op, ge_op_params* p) {
    uint8_t act, format;
    bool keep;
    OPT(ge_fb_u8, TFL_FC_ACT, TFL_ACT_NONE, &act);
    OPT(ge_fb_u8, TFL_FC_WEIGHTS_FORMAT, 0, &format);
    OPT(ge_fb_bool, TFL_FC_KEEP_NUM_DIMS, false, &keep);
    if (format != 0)
        return op_error(c, op, GLINT_ERROR_MODEL_UNSUPPORTED, "shuffled weights format is not supported");
    p->fc.keep_num_dims = keep;
    return map_activation(c, op, act, &p->fc.act);
}

/* ADD, SUB, MUL, DIV: only a fused activation. */
static glint_result params_binary(tfl_ctx* c, const tfl_op* op, ge_op_params* p) {
    uint8_t act;
    OPT(ge_fb_u8, TFL_BINARY_ACT, TFL_ACT_NONE, &act);
    return map_activation(c, op, act, &p->eltwise.act);
}

static glint_result params_concat(tfl_ctx* c, const tfl_op* op, ge_op_params* p) {
    uint8_t act;
    int32_t axis;
    OPT(ge_fb_i32, TFL_CONCAT_AXIS, 0, &axis);
    OPT(ge_fb_u8, TFL_CONCAT_ACT, TFL_ACT_NONE, &act);
    if (axis < -GE_MAX_RANK || axis >= GE_MAX_RANK)
        return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: op %d (CONCATENATION) has axis %d",
                         (int)op->index, (int)axis);
    p->axis.axis = axis;
    return map_activation(c, op, act, &p->axis.act);
}

/*
 * Integer values of a constant shape operand (INT32 or INT64) into out[max]; refuses
 * non-constant operands, since every shape is static in glint.
 */
static glint_result const_ints(tfl_ctx* c, const tfl_op* op, int k, const char* what, int64_t* out, int32_t max,
                               int32_t* out_count) {
    const tfl_tensor* t = &c->tensors[op->in[k]];
    if (!t->data || t->has_sparsity) {
        char msg[96];
        snprintf(msg, sizeof(msg), "%s (input %d) is not a constant", what, k);
        return op_error(c, op, GLINT_ERROR_MODEL_UNSUPPORTED, msg);
    }
    if (t->dtype != GE_DTYPE_I32 && t->dtype != GE_DTYPE_I64) {
        char msg[96];
        snprintf(msg, sizeof(msg), "%s (input %d) has dtype %s, expected INT32", what, k, ge_dtype_name(t->dtype));
        return op_error(c, op, GLINT_ERROR_MODEL_FORMAT, msg);
    }
    size_t esize = ge_dtype_size(t->dtype);
    size_t n = t->nbytes / esize;
    if (n > (size_t)max) {
        char msg[96];
        snprintf(msg, sizeof(msg), "%s (input %d) has %zu values, at most %d expected", what, k, n, (int)max);
        return op_error(c, op, GLINT_ERROR_MODEL_FORMAT, msg);
    }
    for (size_t i = 0; i < n; i++) {
        if (esize == 4) {
            int32_t v;
            memcpy(&v, t->data + i * 4, 4); /* the file may be misaligned */
            out[i] = v;
        } else {
            memcpy(&out[i], t->data + i * 8, 8);
        }
    }
    *out_count = (int32_t)n;
    return GLINT_SUCCESS;
}

static glint_result params_pad(tfl_ctx* c, const tfl_op* op, ge_op_params* p) {
    int64_t v[2 * GE_MAX_RANK];
    int32_t n;
    glint_result r = const_ints(c, op, 1, "paddings", v, 2 * GE_MAX_RANK, &n);
    if (r < 0) return r;
    const tfl_tensor* pt = &c->tensors[op->in[1]];
    int32_t rank = c->tensors[op->in[0]].shape.rank;
    if (pt->shape.rank != 2 || pt->shape.dim[1] != 2 || pt->shape.dim[0] != rank)
        return op_error(c, op, GLINT_ERROR_MODEL_FORMAT, "paddings must be [rank, 2] for the input's rank");
    memset(&p->pad, 0, sizeof(p->pad));
    for (int32_t d = 0; d < rank; d++) {
        if (v[2 * d] < 0 || v[2 * d] > GE_MAX_DIM || v[2 * d + 1] < 0 || v[2 * d + 1] > GE_MAX_DIM)
            return op_error(c, op, GLINT_ERROR_MODEL_FORMAT, "paddings must be in 0..1000000");
        p->pad.before[d] = (int32_t)v[2 * d];
        p->pad.after[d] = (int32_t)v[2 * d + 1];
    }
    p->pad.value = 0.0f;
    return GLINT_SUCCESS;
}

static glint_result resize_size(tfl_ctx* c, const tfl_op* op, ge_op_params* p, bool align, bool half) {
    int64_t v[2];
    int32_t n;
    glint_result r = const_ints(c, op, 1, "size", v, 2, &n);
    if (r < 0) return r;
    if (n != 2 || v[0] < 1 || v[0] > GE_MAX_DIM || v[1] < 1 || v[1] > GE_MAX_DIM)
        return op_error(c, op, GLINT_ERROR_MODEL_FORMAT, "size must hold two values in 1..1000000");
    if (align && half)
        return op_error(c, op, GLINT_ERROR_MODEL_FORMAT, "align_corners and half_pixel_centers are both set");
    p->resize.out_h = (int32_t)v[0];
    p->resize.out_w = (int32_t)v[1];
    p->resize.align_corners = align;
    p->resize.half_pixel_centers = half;
    return GLINT_SUCCESS;
}

static glint_result params_resize_bilinear(tfl_ctx* c, const tfl_op* op, ge_op_params* p) {
    bool align, half;
    OPT(ge_fb_bool, TFL_RESIZE_BILINEAR_ALIGN_CORNERS, false, &align);
    OPT(ge_fb_bool, TFL_RESIZE_BILINEAR_HALF_PIXEL, false, &half);
    return resize_size(c, op, p, align, half);
}

static glint_result params_resize_nearest(tfl_ctx* c, const tfl_op* op, ge_op_params* p) {
    bool align, half;
    OPT(ge_fb_bool, TFL_RESIZE_NEAREST_ALIGN_CORNERS, false, &align);
    OPT(ge_fb_bool, TFL_RESIZE_NEAREST_HALF_PIXEL, false, &half);
    return resize_size(c, op, p, align, half);
}

static glint_result params_depth_to_space(tfl_ctx* c, const tfl_op* op, ge_op_params* p) {
    int32_t block;
    OPT(ge_fb_i32, TFL_D2S_BLOCK_SIZE, 0, &block);
    glint_result r = check_positive(c, op, "block_size", block);
    if (r < 0) return r;
    p->block.block_size = block;
    return GLINT_SUCCESS;
}

static glint_result params_mean(tfl_ctx* c, const tfl_op* op, ge_op_params* p) {
    bool keep;
    OPT(ge_fb_bool, TFL_REDUCER_KEEP_DIMS, false, &keep);
    int64_t axes[GE_MAX_RANK];
    int32_t n;
    glint_result r = const_ints(c, op, 1, "axes", axes, GE_MAX_RANK, &n);
    if (r < 0) return r;
    int32_t rank = c->tensors[op->in[0]].shape.rank;
    p->reduce.axes_mask = 0;
    for (int32_t k = 0; k < n; k++) {
        int64_t a = axes[k] < 0 ? axes[k] + rank : axes[k];
        if (a < 0 || a >= rank) {
            char msg[64];
            snprintf(msg, sizeof(msg), "axis %lld out of range for rank %d", (long long)axes[k], (int)rank);
            return op_error(c, op, GLINT_ERROR_MODEL_FORMAT, msg);
        }
        p->reduce.axes_mask |= 1u << a;
    }
    p->reduce.keep_dims = keep;
    return GLINT_SUCCESS;
}

/* Data inputs only (0 or 1 inputs folded); options = NONE means "ignore whatever is there". */
static const tfl_op_desc k_ops[] = {
    {TFL_CONV_2D, GE_OP_CONV2D, TFL_OPT_CONV2D, 2, 3, 3, 2, params_conv},
    {TFL_DEPTHWISE_CONV_2D, GE_OP_DEPTHWISE_CONV2D, TFL_OPT_DEPTHWISE_CONV2D, 2, 3, 3, 2, params_depthwise},
    {TFL_FULLY_CONNECTED, GE_OP_FULLY_CONNECTED, TFL_OPT_FULLY_CONNECTED, 2, 3, 3, 2, params_fc},
    {TFL_MAX_POOL_2D, GE_OP_MAX_POOL2D, TFL_OPT_POOL2D, 1, 1, 1, -1, params_pool},
    {TFL_AVERAGE_POOL_2D, GE_OP_AVERAGE_POOL2D, TFL_OPT_POOL2D, 1, 1, 1, -1, params_pool},
    {TFL_MEAN, GE_OP_MEAN, TFL_OPT_REDUCER, 2, 2, 1, -1, params_mean},
    {TFL_ADD, GE_OP_ADD, TFL_OPT_ADD, 2, 2, 2, -1, params_binary},
    {TFL_SUB, GE_OP_SUB, TFL_OPT_SUB, 2, 2, 2, -1, params_binary},
    {TFL_MUL, GE_OP_MUL, TFL_OPT_MUL, 2, 2, 2, -1, params_binary},
    {TFL_DIV, GE_OP_DIV, TFL_OPT_DIV, 2, 2, 2, -1, params_binary},
    {TFL_SQUARED_DIFFERENCE, GE_OP_SQUARED_DIFFERENCE, TFL_OPT_NONE, 2, 2, 2, -1, NULL},
    {TFL_MAXIMUM, GE_OP_MAXIMUM, TFL_OPT_NONE, 2, 2, 2, -1, NULL},
    {TFL_MINIMUM, GE_OP_MINIMUM, TFL_OPT_NONE, 2, 2, 2, -1, NULL},
    {TFL_PRELU, GE_OP_PRELU, TFL_OPT_NONE, 2, 2, 2, -1, NULL},
    {TFL_RELU, GE_OP_RELU, TFL_OPT_NONE, 1, 1, 1, -1, NULL},
    {TFL_RELU6, GE_OP_RELU6, TFL_OPT_NONE, 1, 1, 1, -1, NULL},
    {TFL_LOGISTIC, GE_OP_LOGISTIC, TFL_OPT_NONE, 1, 1, 1, -1, NULL},
    {TFL_TANH, GE_OP_TANH, TFL_OPT_NONE, 1, 1, 1, -1, NULL},
    {TFL_EXP, GE_OP_EXP, TFL_OPT_NONE, 1, 1, 1, -1, NULL},
    {TFL_SQRT, GE_OP_SQRT, TFL_OPT_NONE, 1, 1, 1, -1, NULL},
    {TFL_RSQRT, GE_OP_RSQRT, TFL_OPT_NONE, 1, 1, 1, -1, NULL},
    {TFL_NEG, GE_OP_NEG, TFL_OPT_NONE, 1, 1, 1, -1, NULL},
    {TFL_ABS, GE_OP_ABS, TFL_OPT_NONE, 1, 1, 1, -1, NULL},
    {TFL_FLOOR, GE_OP_FLOOR, TFL_OPT_NONE, 1, 1, 1, -1, NULL},
    {TFL_DEQUANTIZE, GE_OP_DEQUANTIZE, TFL_OPT_NONE, 1, 1, 1, -1, NULL},
    {TFL_QUANTIZE, GE_OP_QUANTIZE, TFL_OPT_NONE, 1, 1, 1, -1, NULL},
    /* The target shape is the output tensor's (static) shape; the shape operand is dropped. */
    {TFL_RESHAPE, GE_OP_RESHAPE, TFL_OPT_NONE, 1, 2, 1, -1, NULL},
    {TFL_CONCATENATION, GE_OP_CONCAT, TFL_OPT_CONCATENATION, 1, GE_MAX_OP_INPUTS, GE_MAX_OP_INPUTS, -1,
     params_concat},
    {TFL_PAD, GE_OP_PAD, TFL_OPT_NONE, 2, 2, 1, -1, params_pad},
    {TFL_RESIZE_BILINEAR, GE_OP_RESIZE_BILINEAR, TFL_OPT_RESIZE_BILINEAR, 2, 2, 1, -1, params_resize_bilinear},
    {TFL_RESIZE_NEAREST_NEIGHBOR, GE_OP_RESIZE_NEAREST, TFL_OPT_RESIZE_NEAREST_NEIGHBOR, 2, 2, 1, -1,
     params_resize_nearest},
    {TFL_DEPTH_TO_SPACE, GE_OP_DEPTH_TO_SPACE, TFL_OPT_DEPTH_TO_SPACE, 1, 1, 1, -1, params_depth_to_space},
    /* Handled apart: its input is a sparse constant. */
    {TFL_DENSIFY, GE_OP_DENSIFY, TFL_OPT_NONE, 1, 1, 1, -1, NULL},
};

static const tfl_op_desc* find_desc(int32_t code) {
    for (size_t k = 0; k < sizeof(k_ops) / sizeof(k_ops[0]); k++)
        if (k_ops[k].code == code) return &k_ops[k];
    return NULL;
}

/* Reads an Operator's index lists into op->in / op->out. */
static glint_result read_tensor_list(tfl_ctx* c, tfl_op* op, const ge_fb_table* t, int id, bool inputs) {
    const char* what = inputs ? "inputs" : "outputs";
    ge_fb_vector v;
    if (ge_fb_vector_field(&c->fb, t, id, 4, &v) == GE_FB_BAD)
        return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: op %d %s: %s", (int)op->index, what, c->fb.why);
    uint32_t max = inputs ? GE_MAX_OP_INPUTS : GE_MAX_OP_OUTPUTS;
    if (v.len > max)
        return gu_errorf(c->err, GLINT_ERROR_LIMIT_EXCEEDED, "tflite: op %d has %u %s (limit %u)", (int)op->index,
                         v.len, what, max);
    int32_t* dst = inputs ? op->in : op->out;
    for (uint32_t k = 0; k < v.len; k++) {
        int32_t ti = ge_fb_vec_i32(&c->fb, &v, k);
        if (ti < -1 || ti >= c->num_tensors || (ti == -1 && !inputs))
            return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: op %d %s %u is tensor %d (%d tensors)",
                             (int)op->index, what, k, (int)ti, (int)c->num_tensors);
        dst[k] = ti;
    }
    if (inputs) op->num_in = (int32_t)v.len;
    else op->num_out = (int32_t)v.len;
    return GLINT_SUCCESS;
}

static glint_result check_inputs(tfl_ctx* c, const tfl_op* op) {
    const tfl_op_desc* d = op->desc;
    if (op->num_in < d->min_in || op->num_in > d->max_in) {
        char msg[80];
        if (d->min_in == d->max_in)
            snprintf(msg, sizeof(msg), "has %d inputs, expected %d", (int)op->num_in, (int)d->min_in);
        else
            snprintf(msg, sizeof(msg), "has %d inputs, expected %d to %d", (int)op->num_in, (int)d->min_in,
                     (int)d->max_in);
        return op_error(c, op, GLINT_ERROR_MODEL_FORMAT, msg);
    }
    if (op->num_out != 1) {
        char msg[48];
        snprintf(msg, sizeof(msg), "has %d outputs, expected 1", (int)op->num_out);
        return op_error(c, op, GLINT_ERROR_MODEL_FORMAT, msg);
    }
    for (int32_t k = 0; k < op->num_in; k++) {
        if (op->in[k] < 0 && (d->optional_from < 0 || k < d->optional_from)) {
            char msg[48];
            snprintf(msg, sizeof(msg), "required input %d is absent (-1)", (int)k);
            return op_error(c, op, GLINT_ERROR_MODEL_FORMAT, msg);
        }
    }
    const tfl_tensor* out = &c->tensors[op->out[0]];
    if (out->data) return op_error(c, op, GLINT_ERROR_MODEL_FORMAT, "its output is a constant tensor");
    return GLINT_SUCCESS;
}

glint_result tfl_import_op(tfl_ctx* c, int32_t op_index, const ge_fb_table* ot) {
    tfl_op op;
    memset(&op, 0, sizeof(op));
    op.index = op_index;
    ge_fb* fb = &c->fb;
    uint32_t opcode_index = 0;
    if (!ge_fb_u32(fb, ot, TFL_OP_OPCODE_INDEX, 0, &opcode_index))
        return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: op %d opcode_index: %s", (int)op_index, fb->why);
    if (opcode_index >= (uint32_t)c->num_opcodes)
        return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: op %d opcode_index %u out of range (%d codes)",
                         (int)op_index, opcode_index, (int)c->num_opcodes);
    op.code = c->opcodes[opcode_index];
    if (op.code == TFL_CUSTOM) {
        ge_fb_table oc;
        const char* name = NULL;
        size_t len = 0;
        if (ge_fb_vec_table(fb, &c->opcode_tables, opcode_index, &oc))
            (void)ge_fb_string_field(fb, &oc, TFL_OPCODE_CUSTOM_CODE, &name, &len);
        return gu_errorf(c->err, GLINT_ERROR_MODEL_UNSUPPORTED, "tflite: op %d is the custom op '%.*s'",
                         (int)op_index, (int)(len > TFL_MSG_NAME ? TFL_MSG_NAME : len), name ? name : "");
    }
    op.desc = find_desc(op.code);
    if (!op.desc)
        return gu_errorf(c->err, GLINT_ERROR_MODEL_UNSUPPORTED, "tflite: op %d uses builtin op %s (code %d), which glint does not support",
                         (int)op_index, tfl_builtin_name(op.code), (int)op.code);

    glint_result r = read_tensor_list(c, &op, ot, TFL_OP_INPUTS, true);
    if (r < 0 || (r = read_tensor_list(c, &op, ot, TFL_OP_OUTPUTS, false)) < 0 || (r = check_inputs(c, &op)) < 0)
        return r;

    uint8_t opt_type = 0;
    if (!ge_fb_u8(fb, ot, TFL_OP_BUILTIN_OPTIONS_TYPE, TFL_OPT_NONE, &opt_type))
        return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: op %d options type: %s", (int)op_index, fb->why);
    if (op.desc->options_type != TFL_OPT_NONE && opt_type != TFL_OPT_NONE) {
        if (opt_type != op.desc->options_type)
            return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: op %d (%s) has options of union type %u, expected %u",
                             (int)op_index, tfl_builtin_name(op.code), opt_type, op.desc->options_type);
        int o = ge_fb_table_field(fb, ot, TFL_OP_BUILTIN_OPTIONS, &op.options);
        if (o == GE_FB_BAD)
            return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: op %d (%s) options: %s", (int)op_index,
                             tfl_builtin_name(op.code), fb->why);
        op.has_options = o == GE_FB_PRESENT;
    }
    /* Absent options read as the schema defaults: an empty table (no vtable entries) does that. */
    if (!op.has_options) {
        op.options.pos = 0;
        op.options.vtable = 0;
        op.options.vtable_size = 4;
        op.options.table_size = 4;
    }

    ge_op_params params;
    memset(&params, 0, sizeof(params));
    int32_t in[GE_MAX_OP_INPUTS];
    int32_t num_in = op.num_in < op.desc->data_in ? op.num_in : op.desc->data_in;
    if (op.code == TFL_DENSIFY) {
        r = tfl_sparse_values(c, op.in[0], &params.densify, &in[0]);
        if (r < 0) return r;
    } else {
        if (op.desc->params && (r = op.desc->params(c, &op, &params)) < 0) return r;
        for (int32_t k = 0; k < num_in; k++) {
            if (op.in[k] < 0) {
                in[k] = -1;
            } else if ((r = tfl_graph_tensor(c, op.in[k], &in[k])) < 0) {
                return r;
            }
        }
    }
    int32_t out;
    if ((r = tfl_graph_tensor(c, op.out[0], &out)) < 0) return r;
    int32_t idx = ge_graph_add_op(c->g, op.desc->type, c->g->tensors[out].name, in, num_in, &out, 1, &params, c->err);
    return idx < 0 ? (glint_result)idx : GLINT_SUCCESS;
}
