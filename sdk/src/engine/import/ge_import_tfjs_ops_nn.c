/*
 * TF.js lowering: convolutions, matrix products and pooling.
 *
 * Weights are canonicalised at import (ge_graph.h): Conv2D filters HWIO -> OHWI, depthwise
 * filters [H, W, C, M] -> [1, H, W, C*M] (the same bytes: channel c*M + m), MatMul weights
 * [K, N] -> [N, K]. The fused variants TF.js emits (_FusedConv2D, FusedDepthwiseConv2dNative,
 * _FusedMatMul) carry BiasAdd and an activation in attr.fused_ops; BiasAdd becomes the op's
 * bias input and Relu / Relu6 its fused activation (Prelu a PRELU op after it).
 */
#include <string.h>

#include "engine/ge_shape.h"
#include "engine/import/ge_import_tfjs_internal.h"

typedef struct fused_info {
    bool bias;
    ge_activation act;
    bool prelu;
} fused_info;

/* Reads attr.fused_ops: [BiasAdd] [Relu|Relu6|Prelu]. */
static glint_result parse_fused(tfjs_ctx* c, const tfjs_node* n, fused_info* f) {
    memset(f, 0, sizeof(*f));
    const char* ops[4];
    int32_t count = 0;
    glint_result r = tfjs_attr_string_list(c, n, "fused_ops", ops, 4, &count);
    if (r < 0) return r;
    for (int32_t i = 0; i < count; i++) {
        if (i == 0 && strcmp(ops[i], "BiasAdd") == 0)
            f->bias = true;
        else if (i == count - 1 && f->act == GE_ACT_NONE && !f->prelu && strcmp(ops[i], "Relu") == 0)
            f->act = GE_ACT_RELU;
        else if (i == count - 1 && f->act == GE_ACT_NONE && !f->prelu && strcmp(ops[i], "Relu6") == 0)
            f->act = GE_ACT_RELU6;
        else if (i == count - 1 && strcmp(ops[i], "Prelu") == 0)
            f->prelu = true;
        else
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "fused op '%.24s' is not supported", ops[i]);
    }
    int32_t args = (f->bias ? 1 : 0) + (f->prelu ? 1 : 0);
    if (n->num_inputs != 2 + args)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "has %d inputs; the fused ops need %d", (int)n->num_inputs,
                         (int)(2 + args));
    return GLINT_SUCCESS;
}

static glint_result check_nhwc(tfjs_ctx* c, const tfjs_node* n) {
    const char* fmt = NULL;
    glint_result r = tfjs_attr_string(c, n, "data_format", &fmt, NULL);
    if (r < 0) return r;
    if (fmt && strcmp(fmt, "NHWC") != 0)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "data_format %.8s (only NHWC)", fmt);
    return GLINT_SUCCESS;
}

/* strides / dilations / ksize: [1, h, w, 1]. */
static glint_result spatial_pair(tfjs_ctx* c, const tfjs_node* n, const char* name, bool required, int32_t* h,
                                 int32_t* w) {
    int64_t v[4];
    int32_t count = 0;
    glint_result r = tfjs_attr_int_list(c, n, name, v, 4, &count);
    if (r < 0) return r;
    if (count == 0 && !required) {
        *h = *w = 1;
        return GLINT_SUCCESS;
    }
    if (count != 4 || v[0] != 1 || v[3] != 1 || v[1] < 1 || v[2] < 1 || v[1] > GE_MAX_DIM || v[2] > GE_MAX_DIM)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "attribute '%s' must be [1, h, w, 1] with h, w >= 1",
                         name);
    *h = (int32_t)v[1];
    *w = (int32_t)v[2];
    return GLINT_SUCCESS;
}

/* padding (SAME / VALID / EXPLICIT with explicit_paddings) into p. */
static glint_result parse_padding(tfjs_ctx* c, const tfjs_node* n, ge_conv_params* p) {
    const char* pad = NULL;
    glint_result r = tfjs_attr_string(c, n, "padding", &pad, NULL);
    if (r < 0) return r;
    if (!pad) return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "attribute 'padding' is missing");
    if (strcmp(pad, "SAME") == 0) {
        p->padding = GE_PADDING_SAME;
    } else if (strcmp(pad, "VALID") == 0) {
        p->padding = GE_PADDING_VALID;
    } else if (strcmp(pad, "EXPLICIT") == 0) {
        int64_t e[8];
        int32_t count = 0;
        r = tfjs_attr_int_list(c, n, "explicit_paddings", e, 8, &count);
        if (r < 0) return r;
        if (count != 8 || e[0] || e[1] || e[6] || e[7])
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "explicit_paddings must pad only height and width");
        for (int i = 2; i < 6; i++)
            if (e[i] < 0 || e[i] > GE_MAX_DIM)
                return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "explicit padding %lld is out of range",
                                 (long long)e[i]);
        p->padding = GE_PADDING_EXPLICIT;
        p->pad_top = (int32_t)e[2];
        p->pad_bottom = (int32_t)e[3];
        p->pad_left = (int32_t)e[4];
        p->pad_right = (int32_t)e[5];
    } else {
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "padding '%.16s'", pad);
    }
    return GLINT_SUCCESS;
}

/* Writes a constant's elements (dtype-sized, row-major) into dst. */
static glint_result const_values(tfjs_ctx* c, const tfjs_node* n, tfjs_value* v, void* dst) {
    if (v->host)
        memcpy(dst, v->host, (size_t)tfjs_elements(&v->shape) * ge_dtype_size(v->dtype));
    else if (v->weight)
        tfjs_weight_decode(v->weight, dst);
    else
        return tfjs_fail(c, n, GLINT_ERROR_INTERNAL, "constant '%s' has no values", v->name);
    if (v->weight) v->weight->materialized = true;
    return GLINT_SUCCESS;
}

/* A new constant from a constant operand with its axes permuted (perm[out axis] = in axis),
 * named after the operand (the weight as it appears in the IR). */
static glint_result permuted_const(tfjs_ctx* c, const tfjs_node* n, tfjs_value* v, const int32_t* perm,
                                   const ge_shape* out_shape, int32_t* out_tensor) {
    int64_t count = tfjs_elements(&v->shape);
    if (count < 0 || count > GE_MAX_TENSOR_ELEMENTS)
        return tfjs_fail(c, n, GLINT_ERROR_LIMIT_EXCEEDED, "weight '%s' is too large", v->name);
    float* src = gu_malloc(c->alloc, (size_t)(count ? count : 1) * sizeof(float));
    if (!src) return tfjs_oom(c);
    glint_result r = const_values(c, n, v, src);
    void* dst = NULL;
    int32_t t = r < 0 ? r : ge_graph_add_const_uninit(c->g, v->name, GE_DTYPE_F32, out_shape, &dst, c->err);
    if (t >= 0) {
        const int32_t rank = v->shape.rank;
        bool identity = true;
        for (int32_t d = 0; d < rank; d++) identity &= perm[d] == d;
        if (identity) {
            memcpy(dst, src, (size_t)count * sizeof(float));
        } else {
            /* Walk the output in order; the input offset moves by the permuted strides. */
            int64_t in_strides[GE_MAX_RANK], step[GE_MAX_RANK], idx[GE_MAX_RANK] = {0};
            int64_t s = 1;
            for (int32_t d = rank - 1; d >= 0; d--) {
                in_strides[d] = s;
                s *= v->shape.dim[d];
            }
            for (int32_t d = 0; d < rank; d++) step[d] = in_strides[perm[d]];
            float* o = dst;
            int64_t off = 0;
            for (int64_t i = 0; i < count; i++) {
                o[i] = src[off];
                for (int32_t d = rank - 1; d >= 0; d--) {
                    off += step[d];
                    if (++idx[d] < out_shape->dim[d]) break;
                    off -= step[d] * out_shape->dim[d];
                    idx[d] = 0;
                }
            }
        }
        *out_tensor = t;
    }
    gu_free(c->alloc, src);
    return t < 0 ? t : GLINT_SUCCESS;
}

static glint_result bias_tensor(tfjs_ctx* c, const tfjs_node* n, tfjs_value* b, int32_t channels, int32_t* out) {
    if (b->dtype != GE_DTYPE_F32 || b->shape.rank != 1 || b->shape.dim[0] != channels)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "bias must be a float vector of %d", (int)channels);
    return tfjs_tensor(c, n, b, out);
}

/* Defines the node output, via a PRELU when fused: op writes *out_op. */
static glint_result fused_output(tfjs_ctx* c, tfjs_node* n, const fused_info* f, tfjs_value* alpha, const ge_shape* s,
                                 int32_t* out_op, int32_t* out_final) {
    if (!f->prelu) {
        glint_result r = tfjs_define_output(c, n, 0, GE_DTYPE_F32, s, out_op);
        *out_final = *out_op;
        return r;
    }
    glint_result r = tfjs_temp_tensor(c, n, "pre_prelu", GE_DTYPE_F32, s, out_op);
    if (r < 0) return r;
    if (alpha->dtype != GE_DTYPE_F32) return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "prelu alpha must be float");
    return tfjs_define_output(c, n, 0, GE_DTYPE_F32, s, out_final);
}

static glint_result emit_prelu(tfjs_ctx* c, tfjs_node* n, const fused_info* f, tfjs_value* alpha, int32_t pre,
                               int32_t out) {
    if (!f->prelu) return GLINT_SUCCESS;
    int32_t a;
    glint_result r = tfjs_tensor(c, n, alpha, &a);
    if (r < 0) return r;
    int32_t ins[2] = {pre, a};
    return tfjs_emit(c, n, GE_OP_PRELU, ins, 2, &out, 1, NULL);
}

/* Conv2D, _FusedConv2D, DepthwiseConv2dNative, FusedDepthwiseConv2dNative. */
static glint_result lower_conv(tfjs_ctx* c, tfjs_node* n, tfjs_value** in) {
    const bool depthwise = strstr(n->op, "Depthwise") != NULL;
    const bool fused = n->op[0] == '_' || strncmp(n->op, "Fused", 5) == 0;
    tfjs_value *x = in[0], *f = in[1];
    fused_info fi = {0};
    glint_result r = fused ? parse_fused(c, n, &fi) : GLINT_SUCCESS;
    if (r < 0) return r;
    if (!fused && n->num_inputs != 2) return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "needs 2 inputs");
    if ((r = check_nhwc(c, n)) < 0) return r;
    if (x->dtype != GE_DTYPE_F32 || x->shape.rank != 4)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "input must be a float NHWC tensor");
    if (!f->is_const) return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "filter is not a constant");
    if (f->dtype != GE_DTYPE_F32 || f->shape.rank != 4)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "filter must be a float tensor of rank 4");
    const int32_t kh = f->shape.dim[0], kw = f->shape.dim[1], fc = f->shape.dim[2], fo = f->shape.dim[3];
    const int32_t cin = x->shape.dim[3];
    if (fc != cin)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "filter expects %d input channels, the input has %d",
                         (int)fc, (int)cin);
    if (kh < 1 || kw < 1 || fo < 1) return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "filter has an empty dimension");
    const int64_t cout = depthwise ? (int64_t)fc * fo : fo;
    if (cout > GE_MAX_DIM) return tfjs_fail(c, n, GLINT_ERROR_LIMIT_EXCEEDED, "too many output channels");

    ge_op_params p;
    memset(&p, 0, sizeof(p));
    if ((r = spatial_pair(c, n, "strides", true, &p.conv.stride_h, &p.conv.stride_w)) < 0) return r;
    if ((r = spatial_pair(c, n, "dilations", false, &p.conv.dilation_h, &p.conv.dilation_w)) < 0) return r;
    if ((r = parse_padding(c, n, &p.conv)) < 0) return r;
    p.conv.act = fi.act;
    if (depthwise) p.conv.depth_multiplier = fo;

    ge_conv_geom geom;
    if (!ge_conv_geometry(&p.conv, x->shape.dim[1], x->shape.dim[2], kh, kw, &geom))
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "kernel %dx%d does not fit the %dx%d input", (int)kh, (int)kw,
                         (int)x->shape.dim[1], (int)x->shape.dim[2]);
    ge_shape out_shape = {4, {x->shape.dim[0], geom.out_h, geom.out_w, (int32_t)cout}};

    int32_t tx, tf, tb = -1, t_op, t_out;
    if ((r = tfjs_tensor(c, n, x, &tx)) < 0) return r;
    if (depthwise) {
        /* [H, W, C, M] and [1, H, W, C*M] hold the same element order: relabel, no permutation. */
        tfjs_value relabelled = *f;
        relabelled.shape = (ge_shape){4, {1, kh, kw, (int32_t)cout}};
        static const int32_t id[4] = {0, 1, 2, 3};
        r = permuted_const(c, n, &relabelled, id, &relabelled.shape, &tf);
        if (f->weight) f->weight->materialized = true;
    } else {
        ge_shape fs = {4, {fo, kh, kw, fc}};
        static const int32_t hwio_to_ohwi[4] = {3, 0, 1, 2};
        r = permuted_const(c, n, f, hwio_to_ohwi, &fs, &tf);
    }
    if (r < 0) return r;
    if (fi.bias && (r = bias_tensor(c, n, in[2], (int32_t)cout, &tb)) < 0) return r;
    tfjs_value* alpha = fi.prelu ? in[n->num_inputs - 1] : NULL;
    if ((r = fused_output(c, n, &fi, alpha, &out_shape, &t_op, &t_out)) < 0) return r;
    int32_t ins[3] = {tx, tf, tb};
    r = tfjs_emit(c, n, depthwise ? GE_OP_DEPTHWISE_CONV2D : GE_OP_CONV2D, ins, 3, &t_op, 1, &p);
    if (r < 0) return r;
    return emit_prelu(c, n, &fi, alpha, t_op, t_out);
}

/* MatMul / _FusedMatMul with a constant right-hand side -> FULLY_CONNECTED. */
static glint_result lower_matmul(tfjs_ctx* c, tfjs_node* n, tfjs_value** in) {
    const bool fused = n->op[0] == '_';
    tfjs_value *a = in[0], *b = in[1];
    fused_info fi = {0};
    glint_result r = fused ? parse_fused(c, n, &fi) : GLINT_SUCCESS;
    if (r < 0) return r;
    if (!fused && n->num_inputs != 2) return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "needs 2 inputs");
    bool ta = false, tb = false;
    if ((r = tfjs_attr_bool(c, n, "transpose_a", false, &ta)) < 0) return r;
    if ((r = tfjs_attr_bool(c, n, "transpose_b", false, &tb)) < 0) return r;
    if (ta) return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "transpose_a");
    if (!b->is_const) return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "right-hand side is not a constant");
    if (a->dtype != GE_DTYPE_F32 || b->dtype != GE_DTYPE_F32 || a->shape.rank != 2 || b->shape.rank != 2)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "needs float matrices");
    const int32_t k = tb ? b->shape.dim[1] : b->shape.dim[0];
    const int32_t nout = tb ? b->shape.dim[0] : b->shape.dim[1];
    if (a->shape.dim[1] != k)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "inner dimensions differ (%d vs %d)", (int)a->shape.dim[1],
                         (int)k);
    ge_shape out_shape = {2, {a->shape.dim[0], nout}};
    int32_t tx, tw, tbias = -1, t_op, t_out;
    if ((r = tfjs_tensor(c, n, a, &tx)) < 0) return r;
    ge_shape ws = {2, {nout, k}};
    static const int32_t keep[2] = {0, 1}, swap[2] = {1, 0};
    if ((r = permuted_const(c, n, b, tb ? keep : swap, &ws, &tw)) < 0) return r;
    if (fi.bias && (r = bias_tensor(c, n, in[2], nout, &tbias)) < 0) return r;
    tfjs_value* alpha = fi.prelu ? in[n->num_inputs - 1] : NULL;
    if ((r = fused_output(c, n, &fi, alpha, &out_shape, &t_op, &t_out)) < 0) return r;
    ge_op_params p;
    memset(&p, 0, sizeof(p));
    p.fc.act = fi.act;
    int32_t ins[3] = {tx, tw, tbias};
    r = tfjs_emit(c, n, GE_OP_FULLY_CONNECTED, ins, 3, &t_op, 1, &p);
    if (r < 0) return r;
    return emit_prelu(c, n, &fi, alpha, t_op, t_out);
}

static glint_result lower_pool(tfjs_ctx* c, tfjs_node* n, tfjs_value** in) {
    tfjs_value* x = in[0];
    glint_result r = check_nhwc(c, n);
    if (r < 0) return r;
    if (x->dtype != GE_DTYPE_F32 || x->shape.rank != 4)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "input must be a float NHWC tensor");
    ge_op_params p;
    memset(&p, 0, sizeof(p));
    if ((r = spatial_pair(c, n, "ksize", true, &p.conv.filter_h, &p.conv.filter_w)) < 0) return r;
    if ((r = spatial_pair(c, n, "strides", true, &p.conv.stride_h, &p.conv.stride_w)) < 0) return r;
    if ((r = parse_padding(c, n, &p.conv)) < 0) return r;
    ge_conv_geom geom;
    if (!ge_conv_geometry(&p.conv, x->shape.dim[1], x->shape.dim[2], p.conv.filter_h, p.conv.filter_w, &geom))
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "window %dx%d does not fit the %dx%d input",
                         (int)p.conv.filter_h, (int)p.conv.filter_w, (int)x->shape.dim[1], (int)x->shape.dim[2]);
    ge_shape out_shape = {4, {x->shape.dim[0], geom.out_h, geom.out_w, x->shape.dim[3]}};
    int32_t tx, out;
    if ((r = tfjs_tensor(c, n, x, &tx)) < 0) return r;
    if ((r = tfjs_define_output(c, n, 0, GE_DTYPE_F32, &out_shape, &out)) < 0) return r;
    return tfjs_emit(c, n, strcmp(n->op, "MaxPool") == 0 ? GE_OP_MAX_POOL2D : GE_OP_AVERAGE_POOL2D, &tx, 1, &out, 1,
                     &p);
}

static const tfjs_op_entry k_nn_ops[] = {
    {"Conv2D", lower_conv, 2, 2},
    {"_FusedConv2D", lower_conv, 2, 4},
    {"DepthwiseConv2dNative", lower_conv, 2, 2},
    {"FusedDepthwiseConv2dNative", lower_conv, 2, 4},
    {"MatMul", lower_matmul, 2, 2},
    {"_FusedMatMul", lower_matmul, 2, 4},
    {"MaxPool", lower_pool, 1, 1},
    {"AvgPool", lower_pool, 1, 1},
};

const tfjs_op_entry* tfjs_ops_nn(int32_t* out_count) {
    *out_count = (int32_t)(sizeof(k_nn_ops) / sizeof(k_nn_ops[0]));
    return k_nn_ops;
}
