/* Shape rules: CONV2D, DEPTHWISE_CONV2D, FULLY_CONNECTED, MAX_POOL2D, AVERAGE_POOL2D. */
#include "engine/ge_shape_infer.h"

static glint_result need_rank(const ge_shape_ctx* c, const ge_tensor* t, const char* role, int32_t rank) {
    if (t->shape.rank != rank) {
        char buf[96];
        ge_shape_format(&t->shape, buf, sizeof(buf));
        return ge_si_fail(c, GLINT_ERROR_SHAPE_MISMATCH, "%s '%s' has shape %s; expected rank %d", role, t->name, buf,
                          (int)rank);
    }
    return GLINT_SUCCESS;
}

/* Bias, when present: shape [channels]. */
static glint_result check_bias(const ge_shape_ctx* c, int32_t channels) {
    const ge_tensor* b = ge_si_in(c, 2);
    if (!b) return GLINT_SUCCESS;
    if (b->shape.rank != 1 || b->shape.dim[0] != channels) {
        char buf[96];
        ge_shape_format(&b->shape, buf, sizeof(buf));
        return ge_si_fail(c, GLINT_ERROR_SHAPE_MISMATCH, "bias '%s' has shape %s; expected %d", b->name, buf,
                          (int)channels);
    }
    return GLINT_SUCCESS;
}

/* Validates the parameters, resolves padding into p, and returns the output size. */
static glint_result resolve_geometry(ge_shape_ctx* c, ge_conv_params* p, const ge_tensor* x, int32_t kh, int32_t kw,
                                     ge_conv_geom* geom) {
    if (p->stride_h < 1 || p->stride_w < 1 || p->dilation_h < 0 || p->dilation_w < 0)
        return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "invalid stride %dx%d or dilation %dx%d", (int)p->stride_h,
                          (int)p->stride_w, (int)p->dilation_h, (int)p->dilation_w);
    if (p->padding != GE_PADDING_EXPLICIT && p->padding != GE_PADDING_SAME && p->padding != GE_PADDING_VALID)
        return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "unknown padding mode %d", (int)p->padding);
    if (p->padding == GE_PADDING_EXPLICIT &&
        (p->pad_top < 0 || p->pad_left < 0 || p->pad_bottom < 0 || p->pad_right < 0))
        return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "negative padding %d,%d,%d,%d", (int)p->pad_top,
                          (int)p->pad_left, (int)p->pad_bottom, (int)p->pad_right);
    glint_result r = ge_si_check_act(c, p->act);
    if (r < 0) return r;
    /* Hostile sizes are limit errors, not "the input is too small". */
    const int64_t extent_h = (int64_t)(kh - 1) * (p->dilation_h ? p->dilation_h : 1) + 1;
    const int64_t extent_w = (int64_t)(kw - 1) * (p->dilation_w ? p->dilation_w : 1) + 1;
    if (extent_h > GE_MAX_DIM || extent_w > GE_MAX_DIM)
        return ge_si_fail(c, GLINT_ERROR_LIMIT_EXCEEDED, "dilated kernel extent %lldx%lld is above the limit %d",
                          (long long)extent_h, (long long)extent_w, GE_MAX_DIM);
    if (p->padding == GE_PADDING_EXPLICIT && (p->pad_top > GE_MAX_DIM || p->pad_left > GE_MAX_DIM ||
                                              p->pad_bottom > GE_MAX_DIM || p->pad_right > GE_MAX_DIM))
        return ge_si_fail(c, GLINT_ERROR_LIMIT_EXCEEDED, "padding %d,%d,%d,%d is above the limit %d", (int)p->pad_top,
                          (int)p->pad_left, (int)p->pad_bottom, (int)p->pad_right, GE_MAX_DIM);
    if (!ge_conv_geometry(p, x->shape.dim[1], x->shape.dim[2], kh, kw, geom))
        return ge_si_fail(c, GLINT_ERROR_SHAPE_MISMATCH,
                          "input '%s' (%dx%d) is smaller than the %dx%d kernel (dilation %dx%d) with its padding",
                          x->name, (int)x->shape.dim[1], (int)x->shape.dim[2], (int)kh, (int)kw,
                          (int)(p->dilation_h ? p->dilation_h : 1), (int)(p->dilation_w ? p->dilation_w : 1));
    /* Pads are now explicit for every mode; the mode stays so that re-inference on another
     * input size recomputes them. */
    p->dilation_h = geom->dilation_h;
    p->dilation_w = geom->dilation_w;
    p->pad_top = geom->pad_top;
    p->pad_left = geom->pad_left;
    p->pad_bottom = geom->pad_bottom;
    p->pad_right = geom->pad_right;
    return GLINT_SUCCESS;
}

static glint_result infer_conv2d(ge_shape_ctx* c, bool depthwise) {
    const ge_tensor* x = ge_si_in(c, 0);
    const ge_tensor* f = ge_si_in(c, 1);
    ge_conv_params* p = &c->op->params.conv;
    glint_result r;
    if ((r = need_rank(c, x, "input", 4)) < 0 || (r = need_rank(c, f, "filter", 4)) < 0) return r;
    const int32_t cin = x->shape.dim[3];
    int32_t cout;
    if (depthwise) {
        cout = f->shape.dim[3];
        if (f->shape.dim[0] != 1 || cout % cin != 0)
            return ge_si_fail(c, GLINT_ERROR_SHAPE_MISMATCH,
                              "filter '%s' is %dx%dx%dx%d; expected 1xKHxKWx(%d*multiplier)", f->name,
                              (int)f->shape.dim[0], (int)f->shape.dim[1], (int)f->shape.dim[2], (int)cout, (int)cin);
        int32_t mult = cout / cin;
        if (p->depth_multiplier != 0 && p->depth_multiplier != mult)
            return ge_si_fail(c, GLINT_ERROR_SHAPE_MISMATCH,
                              "depth_multiplier %d disagrees with %d input and %d filter channels",
                              (int)p->depth_multiplier, (int)cin, (int)cout);
        p->depth_multiplier = mult;
    } else {
        cout = f->shape.dim[0];
        if (f->shape.dim[3] != cin) {
            if (cin % f->shape.dim[3] == 0)
                return ge_si_fail(c, GLINT_ERROR_MODEL_UNSUPPORTED,
                                  "grouped convolution (%d input channels, filter '%s' takes %d) is not supported",
                                  (int)cin, f->name, (int)f->shape.dim[3]);
            return ge_si_fail(c, GLINT_ERROR_SHAPE_MISMATCH, "input '%s' has %d channels but filter '%s' takes %d",
                              x->name, (int)cin, f->name, (int)f->shape.dim[3]);
        }
    }
    if ((r = check_bias(c, cout)) < 0) return r;
    ge_conv_geom geom;
    if ((r = resolve_geometry(c, p, x, f->shape.dim[1], f->shape.dim[2], &geom)) < 0) return r;
    ge_shape out = {4, {x->shape.dim[0], geom.out_h, geom.out_w, cout}};
    return ge_si_set_output(c, 0, x->dtype, &out);
}

static glint_result infer_pool(ge_shape_ctx* c) {
    const ge_tensor* x = ge_si_in(c, 0);
    ge_conv_params* p = &c->op->params.conv;
    glint_result r;
    if ((r = need_rank(c, x, "input", 4)) < 0) return r;
    if (p->filter_h < 1 || p->filter_w < 1)
        return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "invalid pool size %dx%d", (int)p->filter_h, (int)p->filter_w);
    if (p->dilation_h > 1 || p->dilation_w > 1)
        return ge_si_fail(c, GLINT_ERROR_MODEL_UNSUPPORTED, "dilated pooling (%dx%d)", (int)p->dilation_h,
                          (int)p->dilation_w);
    ge_conv_geom geom;
    if ((r = resolve_geometry(c, p, x, p->filter_h, p->filter_w, &geom)) < 0) return r;
    ge_shape out = {4, {x->shape.dim[0], geom.out_h, geom.out_w, x->shape.dim[3]}};
    return ge_si_set_output(c, 0, x->dtype, &out);
}

static glint_result infer_fc(ge_shape_ctx* c) {
    const ge_tensor* x = ge_si_in(c, 0);
    const ge_tensor* w = ge_si_in(c, 1);
    const ge_fc_params* p = &c->op->params.fc;
    glint_result r;
    if ((r = need_rank(c, w, "weights", 2)) < 0) return r;
    if ((r = ge_si_check_act(c, p->act)) < 0) return r;
    const int32_t units = w->shape.dim[0], depth = w->shape.dim[1];
    if ((r = check_bias(c, units)) < 0) return r;
    if (x->shape.rank < 1)
        return ge_si_fail(c, GLINT_ERROR_SHAPE_MISMATCH, "input '%s' is a scalar", x->name);
    ge_shape out = x->shape;
    if (p->keep_num_dims) {
        if (x->shape.dim[x->shape.rank - 1] != depth)
            return ge_si_fail(c, GLINT_ERROR_SHAPE_MISMATCH, "input '%s' last dim %d != weights '%s' depth %d",
                              x->name, (int)x->shape.dim[x->shape.rank - 1], w->name, (int)depth);
        out.dim[out.rank - 1] = units;
    } else {
        /* TFLite: the input is flattened to [elements / depth, depth]. */
        int64_t elems = ge_shape_elements(&x->shape);
        if (elems % depth != 0)
            return ge_si_fail(c, GLINT_ERROR_SHAPE_MISMATCH, "input '%s' (%lld elements) is not a multiple of "
                              "weights '%s' depth %d", x->name, (long long)elems, w->name, (int)depth);
        out.rank = 2;
        out.dim[0] = (int32_t)(elems / depth);
        out.dim[1] = units;
    }
    return ge_si_set_output(c, 0, x->dtype, &out);
}

glint_result ge_shape_infer_conv(ge_shape_ctx* c) {
    switch (c->op->type) {
    case GE_OP_CONV2D: return infer_conv2d(c, false);
    case GE_OP_DEPTHWISE_CONV2D: return infer_conv2d(c, true);
    case GE_OP_FULLY_CONNECTED: return infer_fc(c);
    case GE_OP_MAX_POOL2D:
    case GE_OP_AVERAGE_POOL2D: return infer_pool(c);
    default: return ge_si_fail(c, GLINT_ERROR_INTERNAL, "not a convolution-family op");
    }
}
