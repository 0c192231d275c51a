/* gv_lower_f32: f32 ops and 4-byte data movement -> shader dispatches (see gv_lower.h). */
#include <string.h>

#include "engine/vulkan/gv_lower.h"
#include "util/gu_fp16.h"

/* The f32 weights w as an f16 auxiliary constant when the device has 16-bit storage and every
 * weight is exactly an f16 (fp16 models): the results are the same, the traffic halves.
 * Returns the binding to use: the aux, or the f32 tensor itself. */
static int32_t weights_binding(gv_lower* L, int32_t wi, bool* out_f16) {
    *out_f16 = false;
    const ge_tensor* w = &L->g->tensors[wi];
    if (!L->lim->f16_storage || !w->data || w->dtype != GE_DTYPE_F32 || !L->arena) return wi;
    const int64_t n = gv_elems(w);
    const float* f = w->data;
    for (int64_t i = 0; i < n; i++)
        if (gu_f32_to_bits(gu_f16_to_f32(gu_f32_to_f16(f[i]))) != gu_f32_to_bits(f[i])) return wi;
    int32_t binding;
    uint16_t* h = gv_aux_new(L, (uint32_t)(n * 2), &binding);
    if (!h) return wi;
    for (int64_t i = 0; i < n; i++) h[i] = gu_f32_to_f16(f[i]);
    *out_f16 = true;
    return binding;
}

/* CONV2D, DEPTHWISE_CONV2D, FULLY_CONNECTED: all of x, w, y (and the bias when present) f32;
 * binds y 0, x 1, w 2 (f16 when exact, *out_f16), bias 3. */
static bool bind_weighted(gv_lower* L, bool* out_f16) {
    const ge_tensor *x = gv_in(L, 0), *w = gv_in(L, 1), *b = gv_in(L, 2), *y = gv_out(L, 0);
    if (!gv_is_f32(x) || !gv_is_f32(w) || !gv_is_f32(y) || (b && !gv_is_f32(b)))
        return gv_no(L, "%s: not f32", ge_op_name(L->op->type));
    const int32_t wb = weights_binding(L, L->op->inputs[1], out_f16);
    return gv_bind_out(L, 0, 0) && gv_bind_in(L, 1, 0) && gv_bind(L, 2, wb, false) &&
           gv_bind(L, 3, b ? L->op->inputs[2] : -1, false);
}

/* ---- convolution family ---- */

static bool conv2d(gv_lower* L) {
    const ge_tensor *x = gv_in(L, 0), *w = gv_in(L, 1), *b = gv_in(L, 2), *y = gv_out(L, 0);
    bool f16;
    if (!bind_weighted(L, &f16)) return false;
    if (x->shape.rank != 4 || w->shape.rank != 4 || y->shape.rank != 4) return gv_no(L, "%s: not 4-D", "CONV2D");
    const ge_conv_params* p = &L->op->params.conv;
    const int32_t N = x->shape.dim[0], H = x->shape.dim[1], W = x->shape.dim[2], C = x->shape.dim[3];
    const int32_t O = w->shape.dim[0], KH = w->shape.dim[1], KW = w->shape.dim[2];
    const int32_t OH = y->shape.dim[1], OW = y->shape.dim[2];
    ge_conv_geom gm;
    if (!ge_conv_geometry(p, H, W, KH, KW, &gm) || w->shape.dim[3] != C) return gv_no(L, "%s: bad geometry", "CONV2D");
    gv_dispatch* d = L->d;
    const bool pointwise = KH == 1 && KW == 1 && gm.stride_h == 1 && gm.stride_w == 1 && gm.pad_top == 0 &&
                           gm.pad_left == 0 && gm.pad_bottom == 0 && gm.pad_right == 0;
    if (pointwise && C % 4 == 0 && O % 4 == 0) {
        d->shader = f16 ? "conv1x1_f16w_tile4x4" : "conv1x1_f32_tile4x4";
        const int64_t P = (int64_t)N * H * W;
        gv_spec(d, 3, (uint32_t)P);
        GV_SPECS(d, 4, C / 4, O / 4, (int32_t)p->act, b != NULL);
        const uint32_t lx = O / 4 >= 16 ? 16 : (O / 4 >= 8 ? 8 : 4);
        return gv_grid(L, lx, 64 / lx, 1, O / 4, gv_ceil_div(P, 4), 1);
    }
    d->shader = f16 ? "conv2d_f16w_tile4x4" : "conv2d_f32_tile4x4";
    const int32_t id = gv_spec_window(d, GV_SPECS(d, 3, H, W, C, OH, OW, O), KH, KW, &gm);
    GV_SPECS(d, id, (int32_t)p->act, b != NULL, N * OH);
    return gv_grid(L, 8, 8, 1, gv_ceil_div(O, 4), gv_ceil_div(OW, 4), (int64_t)N * OH);
}

static bool dwconv2d(gv_lower* L) {
    const ge_tensor *x = gv_in(L, 0), *w = gv_in(L, 1), *b = gv_in(L, 2), *y = gv_out(L, 0);
    bool f16;
    if (!bind_weighted(L, &f16)) return false;
    if (x->shape.rank != 4 || w->shape.rank != 4 || y->shape.rank != 4) return gv_no(L, "%s: not 4-D", "DEPTHWISE_CONV2D");
    const ge_conv_params* p = &L->op->params.conv;
    const int32_t N = x->shape.dim[0], H = x->shape.dim[1], W = x->shape.dim[2], C = x->shape.dim[3];
    const int32_t KH = w->shape.dim[1], KW = w->shape.dim[2], CO = w->shape.dim[3];
    const int32_t OH = y->shape.dim[1], OW = y->shape.dim[2];
    ge_conv_geom gm;
    if (!ge_conv_geometry(p, H, W, KH, KW, &gm) || C <= 0 || CO % C != 0)
        return gv_no(L, "%s: bad geometry", "DEPTHWISE_CONV2D");
    const int32_t M = CO / C;
    gv_dispatch* d = L->d;
    const bool vec4 = M == 1 && C % 4 == 0;
    d->shader = vec4 ? (f16 ? "dwconv_f16w_c4tile4" : "dwconv_f32_c4tile4") : (f16 ? "dwconv_f16w_c1" : "dwconv_f32_c1");
    const int32_t id = gv_spec_window(d, GV_SPECS(d, 3, H, W, vec4 ? C / 4 : C, OH, OW), KH, KW, &gm);
    GV_SPECS(d, id, (int32_t)p->act, b != NULL, N * OH);
    if (vec4) return gv_grid(L, 8, 8, 1, C / 4, gv_ceil_div(OW, 4), (int64_t)N * OH);
    gv_spec_i(d, 19, M);
    return gv_grid(L, 16, 4, 1, CO, OW, (int64_t)N * OH);
}

static bool fully_connected(gv_lower* L) {
    const ge_tensor *x = gv_in(L, 0), *w = gv_in(L, 1), *b = gv_in(L, 2);
    bool f16;
    if (!bind_weighted(L, &f16)) return false;
    if (w->shape.rank != 2) return gv_no(L, "%s: weights not 2-D", "FULLY_CONNECTED");
    const int32_t units = w->shape.dim[0], depth = w->shape.dim[1];
    if (depth <= 0 || gv_elems(x) % depth != 0) return gv_no(L, "%s: bad shapes", "FULLY_CONNECTED");
    const int64_t rows = gv_elems(x) / depth;
    gv_dispatch* d = L->d;
    d->shader = f16 ? "fc_f16w_rows" : "fc_f32_rows";
    GV_SPECS(d, 3, depth, units, (int32_t)rows, (int32_t)L->op->params.fc.act, b != NULL);
    return gv_grid(L, 64, 1, 1, units, rows, 1);
}

static bool pool2d(gv_lower* L, bool is_max) {
    const ge_tensor *x = gv_in(L, 0), *y = gv_out(L, 0);
    if (!gv_is_f32(x) || !gv_is_f32(y)) return gv_no(L, "%s: not f32", "POOL2D");
    if (x->shape.rank != 4 || y->shape.rank != 4) return gv_no(L, "%s: not 4-D", "POOL2D");
    const ge_conv_params* p = &L->op->params.conv;
    const int32_t N = x->shape.dim[0], H = x->shape.dim[1], W = x->shape.dim[2], C = x->shape.dim[3];
    const int32_t OH = y->shape.dim[1], OW = y->shape.dim[2];
    ge_conv_geom gm;
    if (!ge_conv_geometry(p, H, W, p->filter_h, p->filter_w, &gm)) return gv_no(L, "%s: bad geometry", "POOL2D");
    gv_dispatch* d = L->d;
    if (!gv_bind_out(L, 0, 0) || !gv_bind_in(L, 1, 0)) return false;
    d->shader = "pool2d_f32";
    GV_SPECS(d, 3, H, W, C, OH, OW, gm.kernel_h, gm.kernel_w, gm.stride_h, gm.stride_w, gm.pad_top, gm.pad_left,
             (int32_t)p->act, is_max, N * OH);
    return gv_grid(L, 16, 4, 1, C, OW, (int64_t)N * OH);
}

static bool mean(gv_lower* L) {
    const ge_tensor *x = gv_in(L, 0), *y = gv_out(L, 0);
    if (!gv_is_f32(x) || !gv_is_f32(y)) return gv_no(L, "%s: not f32", "MEAN");
    int64_t outer, r, inner;
    if (!gv_reduce_span(L, x, &outer, &r, &inner)) return false;
    if (outer * inner != gv_elems(y)) return gv_no(L, "%s: bad shapes", "MEAN");
    gv_dispatch* d = L->d;
    if (!gv_bind_out(L, 0, 0) || !gv_bind_in(L, 1, 0)) return false;
    d->shader = "mean_f32_axes";
    GV_SPECS(d, 3, (int32_t)outer, (int32_t)r, (int32_t)inner);
    return gv_grid(L, 64, 1, 1, inner, outer, 1);
}

/* ---- element-wise ---- */

static int32_t binary_code(ge_op_type t) {
    switch (t) {
    case GE_OP_ADD: return 0;
    case GE_OP_SUB: return 1;
    case GE_OP_MUL: return 2;
    case GE_OP_DIV: return 3;
    case GE_OP_MAXIMUM: return 4;
    case GE_OP_MINIMUM: return 5;
    case GE_OP_SQUARED_DIFFERENCE: return 6;
    case GE_OP_PRELU: return 7;
    case GE_OP_FLOOR_DIV: return 8;
    default: return -1;
    }
}

static bool commutative(ge_op_type t) {
    return t == GE_OP_ADD || t == GE_OP_MUL || t == GE_OP_MAXIMUM || t == GE_OP_MINIMUM ||
           t == GE_OP_SQUARED_DIFFERENCE;
}

/* b is [.., C] broadcast along everything but the innermost dim of y. */
static bool per_channel(const ge_tensor* b, const ge_tensor* y) {
    const int32_t C = y->shape.dim[y->shape.rank - 1];
    if (b->shape.rank < 1 || b->shape.dim[b->shape.rank - 1] != C) return false;
    for (int32_t i = 0; i + 1 < b->shape.rank; i++)
        if (b->shape.dim[i] != 1) return false;
    return b->shape.rank <= y->shape.rank;
}

static bool binary(gv_lower* L) {
    const ge_op_type t = L->op->type;
    const int32_t code = binary_code(t);
    const ge_tensor *a = gv_in(L, 0), *b = gv_in(L, 1), *y = gv_out(L, 0);
    if (code < 0 || !gv_is_f32(a) || !gv_is_f32(b) || !gv_is_f32(y)) return gv_no(L, "%s: not an f32 arithmetic op", ge_op_name(t));
    const int32_t act = t == GE_OP_PRELU ? 0 : (int32_t)L->op->params.eltwise.act;
    gv_dispatch* d = L->d;
    int32_t ia = 0, ib = 1;
    if (commutative(t) && gv_elems(a) != gv_elems(y) && gv_elems(b) == gv_elems(y)) {
        ia = 1, ib = 0; /* the full-size operand first */
        const ge_tensor* tmp = a;
        a = b, b = tmp;
    }
    const int64_t n = gv_elems(y);
    const int32_t C = y->shape.rank ? y->shape.dim[y->shape.rank - 1] : 1;
    if (!gv_bind_out(L, 0, 0) || !gv_bind_in(L, 1, ia) || !gv_bind_in(L, 2, ib)) return false;
    if (n % 4 == 0 && gv_elems(a) == n && ge_shape_equal(&a->shape, &y->shape)) {
        const bool same = ge_shape_equal(&b->shape, &y->shape);
        if (same || (C % 4 == 0 && per_channel(b, y))) {
            d->shader = "binary_f32_vec4";
            GV_SPECS(d, 3, code, act, (int32_t)(n / 4), same ? 0 : C / 4);
            return gv_grid_1d(L, n / 4);
        }
    }
    uint32_t dim[4], sa[4], sb[4]; /* innermost first: dims N0..N2 (N3 is implied), strides per operand */
    if (!gv_bcast4(L, &a->shape, &b->shape, &y->shape, dim, sa, sb)) return false;
    d->shader = "binary_f32_bcast";
    gv_spec_bcast4(d, GV_SPECS(d, 3, code, act, (int32_t)n), dim, sa, sb);
    return gv_grid_1d(L, n);
}

static int32_t unary_code(ge_op_type t) {
    switch (t) {
    case GE_OP_RELU: return 0;
    case GE_OP_RELU6: return 1;
    case GE_OP_LOGISTIC: return 2;
    case GE_OP_TANH: return 3;
    case GE_OP_EXP: return 4;
    case GE_OP_SQRT: return 5;
    case GE_OP_RSQRT: return 6;
    case GE_OP_NEG: return 7;
    case GE_OP_ABS: return 8;
    case GE_OP_FLOOR: return 9;
    default: return -1;
    }
}

static bool unary(gv_lower* L) {
    const ge_tensor *x = gv_in(L, 0), *y = gv_out(L, 0);
    const int32_t code = unary_code(L->op->type);
    if (code < 0 || !gv_is_f32(x) || !gv_is_f32(y)) return gv_no(L, "%s: not f32", ge_op_name(L->op->type));
    gv_dispatch* d = L->d;
    if (!gv_bind_out(L, 0, 0) || !gv_bind_in(L, 1, 0)) return false;
    d->shader = "unary_f32";
    gv_spec_i(d, 3, code);
    gv_spec(d, 4, (uint32_t)gv_elems(y));
    return gv_grid_1d(L, gv_elems(y));
}

static bool cast(gv_lower* L) {
    const ge_tensor *x = gv_in(L, 0), *y = gv_out(L, 0);
    int32_t mode;
    if (x->dtype == GE_DTYPE_I32 && y->dtype == GE_DTYPE_F32) mode = 0;
    else if (x->dtype == GE_DTYPE_F32 && y->dtype == GE_DTYPE_I32) mode = 1;
    else return gv_no(L, "%s: only i32 <-> f32", "CAST");
    gv_dispatch* d = L->d;
    if (!gv_bind_out(L, 0, 0) || !gv_bind_in(L, 1, 0)) return false;
    d->shader = "cast_x32";
    gv_spec(d, 3, (uint32_t)gv_elems(y));
    gv_spec_i(d, 4, mode);
    return gv_grid_1d(L, gv_elems(y));
}

/* ---- data movement ---- */

static bool reshape(gv_lower* L) {
    const ge_tensor *x = gv_in(L, 0), *y = gv_out(L, 0);
    if (!x->data && x->arena_offset >= 0 && x->arena_offset == y->arena_offset) {
        L->d->shader = NULL; /* same storage: nothing to do */
        return true;
    }
    if (gv_tbytes(x) % 4 != 0 || gv_tbytes(x) != gv_tbytes(y)) return gv_no(L, "%s: not whole 4-byte words", "RESHAPE");
    gv_dispatch* d = L->d;
    if (!gv_bind_out(L, 0, 0) || !gv_bind_in(L, 1, 0)) return false;
    d->shader = "copy_x32";
    const int64_t words = (int64_t)(gv_tbytes(y) / 4);
    gv_spec(d, 3, (uint32_t)words);
    return gv_grid_1d(L, words);
}

static bool concat(gv_lower* L) {
    const ge_tensor* y = gv_out(L, 0);
    const int32_t n = L->op->num_inputs;
    int32_t axis;
    if (!gv_is_x32(y) || n < 1 || n > 7) return gv_no(L, "%s: needs 1..7 inputs of a 4-byte dtype", "CONCAT");
    if (!ge_axis_normalize(L->op->params.axis.axis, y->shape.rank, &axis)) return gv_no(L, "%s: bad axis", "CONCAT");
    const ge_activation act = L->op->params.axis.act;
    if (act != GE_ACT_NONE && y->dtype != GE_DTYPE_F32) return gv_no(L, "%s: activation on a non-f32 tensor", "CONCAT");
    const int64_t outer = gv_outer_of(&y->shape, axis);
    gv_dispatch* d = L->d;
    if (!gv_bind_out(L, 0, 0)) return false;
    d->shader = "concat_x32";
    gv_spec(d, 3, (uint32_t)gv_elems(y));
    gv_spec(d, 4, (uint32_t)(gv_elems(y) / (outer ? outer : 1)));
    gv_spec_i(d, 5, n);
    for (int32_t i = 0; i < 7; i++) {
        const ge_tensor* x = i < n ? gv_in(L, i) : NULL;
        if (i < n && (!x || x->dtype != y->dtype)) return gv_no(L, "%s: mixed dtypes", "CONCAT");
        if (!gv_bind(L, 1 + i, i < n ? L->op->inputs[i] : -1, false)) return false;
        gv_spec(d, 6 + i, x ? (uint32_t)(gv_elems(x) / (outer ? outer : 1)) : 0u);
    }
    gv_spec_i(d, 13, (int32_t)act);
    return gv_grid_1d(L, gv_elems(y));
}

static bool split(gv_lower* L) {
    const ge_tensor* x = gv_in(L, 0);
    const int32_t n = L->op->num_outputs;
    int32_t axis;
    if (!gv_is_x32(x) || n < 1 || n > 7) return gv_no(L, "%s: needs 1..7 outputs of a 4-byte dtype", "SPLIT");
    if (!ge_axis_normalize(L->op->params.axis.axis, x->shape.rank, &axis)) return gv_no(L, "%s: bad axis", "SPLIT");
    const int64_t outer = gv_outer_of(&x->shape, axis);
    gv_dispatch* d = L->d;
    d->shader = "split_x32";
    gv_spec(d, 3, (uint32_t)gv_elems(x));
    gv_spec(d, 4, (uint32_t)(gv_elems(x) / (outer ? outer : 1)));
    gv_spec_i(d, 5, n);
    for (int32_t i = 0; i < 7; i++) {
        const ge_tensor* y = i < n ? gv_out(L, i) : NULL;
        if (y && y->dtype != x->dtype) return gv_no(L, "%s: mixed dtypes", "SPLIT");
        if (!gv_bind(L, i, y ? L->op->outputs[i] : -1, true)) return false;
        gv_spec(d, 6 + i, y ? (uint32_t)(gv_elems(y) / (outer ? outer : 1)) : 0u);
    }
    return gv_bind_in(L, 7, 0) && gv_grid_1d(L, gv_elems(x));
}

static bool pad(gv_lower* L) {
    const ge_tensor *x = gv_in(L, 0), *y = gv_out(L, 0);
    if (!gv_is_x32(x) || x->dtype != y->dtype) return gv_no(L, "%s: not a 4-byte dtype", "PAD");
    uint32_t od[4], id[4];
    int32_t before[4];
    if (!gv_pad_dims(L, x, y, od, id, before)) return false;
    const float v = L->op->params.pad.value;
    uint32_t value;
    if (x->dtype == GE_DTYPE_F32) {
        memcpy(&value, &v, 4);
    } else { /* the reference truncates the value into the integer dtype */
        const int32_t iv = v != v ? 0 : (v >= 2147483648.0f ? INT32_MAX : (v <= -2147483648.0f ? INT32_MIN : (int32_t)v));
        memcpy(&value, &iv, 4);
    }
    gv_dispatch* d = L->d;
    if (!gv_bind_out(L, 0, 0) || !gv_bind_in(L, 1, 0)) return false;
    d->shader = "pad_x32";
    gv_spec(d, 3, (uint32_t)gv_elems(y));
    for (int32_t k = 1; k < 4; k++) gv_spec(d, 3 + k, od[k]);
    for (int32_t k = 0; k < 4; k++) gv_spec(d, 7 + k, id[k]);
    GV_SPECS(d, 11, before[0], before[1], before[2], before[3]);
    gv_spec(d, 15, value);
    return gv_grid_1d(L, gv_elems(y));
}

static bool depth_to_space(gv_lower* L) {
    const ge_tensor *x = gv_in(L, 0), *y = gv_out(L, 0);
    if (!gv_is_x32(x) || x->dtype != y->dtype || x->shape.rank != 4 || y->shape.rank != 4)
        return gv_no(L, "%s: needs a 4-D 4-byte tensor", "DEPTH_TO_SPACE");
    const int32_t bs = L->op->params.block.block_size;
    if (bs < 1 || y->shape.dim[1] != x->shape.dim[1] * bs) return gv_no(L, "%s: bad block size", "DEPTH_TO_SPACE");
    gv_dispatch* d = L->d;
    if (!gv_bind_out(L, 0, 0) || !gv_bind_in(L, 1, 0)) return false;
    d->shader = "depth_to_space_x32";
    gv_spec(d, 3, (uint32_t)gv_elems(y));
    gv_spec_i(d, 4, x->shape.dim[1]);
    gv_spec_i(d, 5, x->shape.dim[2]);
    gv_spec_i(d, 6, bs);
    gv_spec_i(d, 7, y->shape.dim[3]);
    return gv_grid_1d(L, gv_elems(y));
}

static float axis_scale(int32_t in, int32_t out, bool align_corners) {
    if (align_corners && out > 1) return (float)(in - 1) / (float)(out - 1);
    return (float)in / (float)out;
}

static bool resize_bilinear(gv_lower* L) {
    const ge_tensor *x = gv_in(L, 0), *y = gv_out(L, 0);
    if (!gv_is_f32(x) || !gv_is_f32(y) || x->shape.rank != 4 || y->shape.rank != 4) return gv_no(L, "%s: not f32 4-D", "RESIZE_BILINEAR");
    const ge_resize_params* p = &L->op->params.resize;
    const int32_t N = x->shape.dim[0], H = x->shape.dim[1], W = x->shape.dim[2], C = x->shape.dim[3];
    const int32_t OH = y->shape.dim[1], OW = y->shape.dim[2];
    gv_dispatch* d = L->d;
    if (!gv_bind_out(L, 0, 0) || !gv_bind_in(L, 1, 0)) return false;
    d->shader = "resize_bilinear_f32";
    gv_spec_i(d, 3, H);
    gv_spec_i(d, 4, W);
    gv_spec_i(d, 5, C);
    gv_spec_i(d, 6, OH);
    gv_spec_i(d, 7, OW);
    gv_spec_f(d, 8, axis_scale(H, OH, p->align_corners));
    gv_spec_f(d, 9, axis_scale(W, OW, p->align_corners));
    gv_spec(d, 10, p->half_pixel_centers);
    gv_spec_i(d, 11, N * OH);
    return gv_grid(L, 16, 4, 1, C, OW, (int64_t)N * OH);
}

bool gv_lower_f32(gv_lower* L) {
    switch (L->op->type) {
    case GE_OP_CONV2D: return conv2d(L);
    case GE_OP_DEPTHWISE_CONV2D: return dwconv2d(L);
    case GE_OP_FULLY_CONNECTED: return fully_connected(L);
    case GE_OP_MAX_POOL2D: return pool2d(L, true);
    case GE_OP_AVERAGE_POOL2D: return pool2d(L, false);
    case GE_OP_MEAN: return mean(L);
    case GE_OP_CAST: return cast(L);
    case GE_OP_RESHAPE: return reshape(L);
    case GE_OP_CONCAT: return concat(L);
    case GE_OP_SPLIT: return split(L);
    case GE_OP_PAD: return pad(L);
    case GE_OP_DEPTH_TO_SPACE: return depth_to_space(L);
    case GE_OP_RESIZE_BILINEAR: return resize_bilinear(L);
    default:
        if (binary_code(L->op->type) >= 0) return binary(L);
        if (unary_code(L->op->type) >= 0) return unary(L);
        return gv_no(L, "%s: no shader", ge_op_name(L->op->type));
    }
}
