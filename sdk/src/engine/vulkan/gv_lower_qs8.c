/* gv_lower_qs8: int8 ops -> shader dispatches (see gv_lower.h); the shaders reproduce
 * ge_ref_qs8.h bit for bit. */
#include <string.h>

#include "engine/ge_quant_math.h"
#include "engine/kernels/ref/ge_ref_qs8.h"
#include "engine/vulkan/gv_lower.h"

/* The op's views for ge_qs8_supports (constants with their data; activations without). */
static void views_of(const gv_lower* L, ge_view* in, ge_view* out) {
    const ge_op* op = L->op;
    for (int32_t k = 0; k < 2; k++) {
        const int32_t n = k ? op->num_outputs : op->num_inputs;
        for (int32_t i = 0; i < n; i++) {
            const int32_t t = k ? op->outputs[i] : op->inputs[i];
            ge_view* v = k ? &out[i] : &in[i];
            memset(v, 0, sizeof(*v));
            if (t < 0) continue;
            const ge_tensor* ts = &L->g->tensors[t];
            v->dtype = ts->dtype;
            v->shape = ts->shape;
            v->data = (void*)ts->data;
            v->quant = ts->quant;
        }
    }
}

static bool qs8_supported(gv_lower* L) {
    ge_view in[GE_MAX_OP_INPUTS], out[GE_MAX_OP_OUTPUTS];
    views_of(L, in, out);
    return ge_qs8_supports(L->op, in, out);
}

/* Which variant: packed words with OpSDot, 8-bit storage, or packed words. A packed output is
 * written 4 bytes at a time, so its rows (the last dim) must be a multiple of 4. */
typedef enum qs8_variant { QS8_NONE, QS8_P8DOT, QS8_I8, QS8_P8 } qs8_variant;

static qs8_variant qs8_pick(const gv_lower* L, bool dot_possible, bool packed_possible) {
    if (L->lim->int_dot && dot_possible && packed_possible) return QS8_P8DOT;
    if (L->lim->i8_storage) return QS8_I8;
    return packed_possible ? QS8_P8 : QS8_NONE;
}

static const char* qs8_name(qs8_variant v, const char* i8, const char* p8, const char* p8dot) {
    return v == QS8_I8 ? i8 : (v == QS8_P8 ? p8 : p8dot);
}

/* Per output channel ivec4(bias, M, s, 0), m[c] = sx * sw[c] / sy (as the reference kernels). */
static int32_t qs8_channel_params(gv_lower* L, const ge_tensor* x, const ge_tensor* w, const ge_tensor* bias,
                                  const ge_tensor* y, int32_t channels) {
    int32_t binding;
    int32_t* q = gv_aux_new(L, (uint32_t)channels * 16, &binding);
    if (!q) return -1;
    const double sx = x->quant->scale[0], sy = y->quant->scale[0];
    for (int32_t c = 0; c < channels; c++) {
        const double sw = w->quant->count > 1 ? w->quant->scale[c] : w->quant->scale[0];
        ge_q_mult m;
        ge_q_mult_from_double(sx * sw / sy, &m);
        q[4 * c + 0] = bias ? ((const int32_t*)bias->data)[c] : 0;
        q[4 * c + 1] = m.mult;
        q[4 * c + 2] = m.shift;
    }
    return binding;
}

/* CONV2D, DEPTHWISE_CONV2D, FULLY_CONNECTED (shaders/gv_qs8_yxwq.glsl): y 0, x 1, w 2 and the
 * per-channel parameters 3. */
static bool qs8_bind_weighted(gv_lower* L, int32_t channels) {
    const int32_t qb = qs8_channel_params(L, gv_in(L, 0), gv_in(L, 1), gv_in(L, 2), gv_out(L, 0), channels);
    if (qb == -1) return gv_no(L, "%s: no room for the int8 parameters", ge_op_name(L->op->type));
    return gv_bind_out(L, 0, 0) && gv_bind_in(L, 1, 0) && gv_bind_in(L, 2, 1) && gv_bind(L, 3, qb, false);
}

static void qs8_out_spec(gv_lower* L, int32_t first_id, const ge_tensor* x, const ge_tensor* y, ge_activation act) {
    int32_t lo = GE_Q_MIN, hi = GE_Q_MAX;
    ge_q_act_bounds(act, y->quant->scale[0], y->quant->zero_point[0], &lo, &hi);
    gv_spec_i(L->d, first_id, x->quant->zero_point[0]);
    gv_spec_i(L->d, first_id + 1, y->quant->zero_point[0]);
    gv_spec_i(L->d, first_id + 2, lo);
    gv_spec_i(L->d, first_id + 3, hi);
}

/* Element-wise int8 shaders (shaders/gv_qs8_elem.glsl): 8-bit storage, or packed words when
 * the output has a multiple of 4 elements. */
static bool qs8_elem_shader(gv_lower* L, const char* i8, const char* p8) {
    if (L->lim->i8_storage) L->d->shader = i8;
    else if (gv_elems(gv_out(L, 0)) % 4 == 0) L->d->shader = p8;
    else return gv_no(L, "%s: int8 output not a multiple of 4 bytes needs 8-bit storage", ge_op_name(L->op->type));
    return true;
}

static bool qs8_elem_grid(gv_lower* L, int64_t n) {
    return gv_grid_1d(L, L->lim->i8_storage ? n : n / 4);
}

static bool qs8_pool(gv_lower* L, bool is_max) {
    const ge_tensor *x = gv_in(L, 0), *y = gv_out(L, 0);
    if (!qs8_supported(L)) return gv_no(L, "%s: int8 op outside what the kernels accept", ge_op_name(L->op->type));
    const ge_conv_params* p = &L->op->params.conv;
    const int32_t H = x->shape.dim[1], W = x->shape.dim[2], C = x->shape.dim[3];
    const int32_t OH = y->shape.dim[1], OW = y->shape.dim[2];
    ge_conv_geom gm;
    if (!ge_conv_geometry(p, H, W, p->filter_h, p->filter_w, &gm) || (int64_t)gm.kernel_h * gm.kernel_w > 4096)
        return gv_no(L, "%s: bad geometry", ge_op_name(L->op->type));
    if (!qs8_elem_shader(L, "pool2d_qs8_i8", "pool2d_qs8_p8")) return false;
    /* (M, s) for the max (entry 0) and for the average of n taps (entry n), as the reference */
    const int32_t taps = gm.kernel_h * gm.kernel_w;
    int32_t qb;
    int32_t* q = gv_aux_new(L, (uint32_t)(taps + 1) * 8, &qb);
    if (!q) return gv_no(L, "%s: no room for the int8 parameters", ge_op_name(L->op->type));
    const double ratio = (double)x->quant->scale[0] / (double)y->quant->scale[0];
    for (int32_t n = 0; n <= taps; n++) {
        ge_q_mult m;
        ge_q_mult_from_double(n == 0 ? ratio : ratio / (double)n, &m);
        q[2 * n] = m.mult;
        q[2 * n + 1] = m.shift;
    }
    gv_dispatch* d = L->d;
    if (!gv_bind_out(L, 0, 0) || !gv_bind_in(L, 1, 0) || !gv_bind(L, 2, qb, false)) return false;
    gv_spec(d, 3, (uint32_t)gv_elems(y));
    GV_SPECS(d, 4, H, W, C, OH, OW, gm.kernel_h, gm.kernel_w, gm.stride_h, gm.stride_w, gm.pad_top, gm.pad_left, is_max);
    qs8_out_spec(L, 16, x, y, p->act);
    return qs8_elem_grid(L, gv_elems(y));
}

static bool qs8_mean(gv_lower* L) {
    const ge_tensor *x = gv_in(L, 0), *y = gv_out(L, 0);
    if (!qs8_supported(L)) return gv_no(L, "%s: int8 op outside what the kernels accept", "MEAN");
    int64_t outer, r, inner;
    if (!gv_reduce_span(L, x, &outer, &r, &inner)) return false;
    if (!qs8_elem_shader(L, "mean_qs8_i8", "mean_qs8_p8")) return false;
    ge_q_mult m;
    ge_q_mult_from_double((double)x->quant->scale[0] / ((double)y->quant->scale[0] * (double)r), &m);
    gv_dispatch* d = L->d;
    if (!gv_bind_out(L, 0, 0) || !gv_bind_in(L, 1, 0)) return false;
    GV_SPECS(d, 3, (int32_t)gv_elems(y), (int32_t)r, (int32_t)inner, x->quant->zero_point[0], y->quant->zero_point[0],
             m.mult, m.shift);
    return qs8_elem_grid(L, gv_elems(y));
}

static bool qs8_prelu(gv_lower* L) {
    const ge_tensor *x = gv_in(L, 0), *a = gv_in(L, 1), *y = gv_out(L, 0);
    if (!qs8_supported(L)) return gv_no(L, "%s: int8 op outside what the kernels accept", "PRELU");
    if (!qs8_elem_shader(L, "prelu_qs8_i8", "prelu_qs8_p8")) return false;
    const double ratio = (double)x->quant->scale[0] / (double)y->quant->scale[0];
    const int32_t channels = a->quant->count;
    int32_t qb;
    int32_t* q = gv_aux_new(L, (uint32_t)channels * 16, &qb);
    if (!q) return gv_no(L, "%s: no room for the int8 parameters", "PRELU");
    for (int32_t c = 0; c < channels; c++) {
        ge_q_mult m;
        ge_q_mult_from_double(ratio * (double)a->quant->scale[c], &m);
        q[4 * c] = m.mult;
        q[4 * c + 1] = m.shift;
        q[4 * c + 2] = a->quant->zero_point[c];
    }
    gv_dispatch* d = L->d;
    if (!gv_bind_out(L, 0, 0) || !gv_bind_in(L, 1, 0) || !gv_bind_in(L, 2, 1) || !gv_bind(L, 3, qb, false)) return false;
    uint32_t dim[4], sx[4], sa[4];
    if (!gv_bcast4(L, &x->shape, &a->shape, &y->shape, dim, sx, sa)) return false;
    gv_spec(d, 3, (uint32_t)gv_elems(y));
    ge_q_mult pos;
    ge_q_mult_from_double(ratio, &pos);
    GV_SPECS(d, gv_spec_bcast4(d, 4, dim, sx, sa), x->quant->zero_point[0], y->quant->zero_point[0], pos.mult,
             pos.shift, channels, a->shape.rank ? a->shape.dim[a->shape.rank - 1] : 1);
    return qs8_elem_grid(L, gv_elems(y));
}

static bool qs8_lut(gv_lower* L) {
    const ge_tensor* y = gv_out(L, 0);
    if (!qs8_supported(L)) return gv_no(L, "%s: int8 op outside what the kernels accept", "LOGISTIC");
    if (!qs8_elem_shader(L, "lut_qs8_i8", "lut_qs8_p8")) return false;
    if (!gv_bind_out(L, 0, 0) || !gv_bind_in(L, 1, 0) || !gv_bind_in(L, 2, 1)) return false;
    gv_spec(L->d, 3, (uint32_t)gv_elems(y));
    return qs8_elem_grid(L, gv_elems(y));
}

static bool qs8_pad(gv_lower* L) {
    const ge_tensor *x = gv_in(L, 0), *y = gv_out(L, 0);
    if (!qs8_supported(L)) return gv_no(L, "%s: int8 op outside what the shaders accept", "PAD");
    uint32_t od[4], id[4];
    int32_t before[4];
    if (!gv_pad_dims(L, x, y, od, id, before) || !qs8_elem_shader(L, "pad_qs8_i8", "pad_qs8_p8")) return false;
    gv_dispatch* d = L->d;
    if (!gv_bind_out(L, 0, 0) || !gv_bind_in(L, 1, 0)) return false;
    gv_spec(d, 3, (uint32_t)gv_elems(y));
    for (int32_t k = 1; k < 4; k++) gv_spec(d, 3 + k, od[k]);
    for (int32_t k = 0; k < 4; k++) gv_spec(d, 7 + k, id[k]);
    GV_SPECS(d, 11, before[0], before[1], before[2], before[3],
             ge_q_quantize(L->op->params.pad.value, y->quant->scale[0], y->quant->zero_point[0]));
    return qs8_elem_grid(L, gv_elems(y));
}

static bool qs8_concat(gv_lower* L) {
    const ge_tensor* y = gv_out(L, 0);
    const int32_t n = L->op->num_inputs;
    int32_t axis;
    if (!qs8_supported(L) || n < 1 || n > 6) return gv_no(L, "%s: int8 with 1..6 inputs", "CONCAT");
    if (!ge_axis_normalize(L->op->params.axis.axis, y->shape.rank, &axis)) return gv_no(L, "%s: bad axis", "CONCAT");
    if (!qs8_elem_shader(L, "concat_qs8_i8", "concat_qs8_p8")) return false;
    int32_t qb;
    int32_t* q = gv_aux_new(L, 6 * 16, &qb);
    if (!q) return gv_no(L, "%s: no room for the int8 parameters", "CONCAT");
    const float sy = y->quant->scale[0];
    const int32_t zy = y->quant->zero_point[0];
    const int64_t outer = gv_outer_of(&y->shape, axis);
    gv_dispatch* d = L->d;
    if (!gv_bind_out(L, 0, 0)) return false;
    gv_spec(d, 3, (uint32_t)gv_elems(y));
    gv_spec(d, 4, (uint32_t)(gv_elems(y) / outer));
    gv_spec_i(d, 5, n);
    for (int32_t i = 0; i < 6; i++) {
        const ge_tensor* x = i < n ? gv_in(L, i) : NULL;
        if (!gv_bind(L, 1 + i, i < n ? L->op->inputs[i] : -1, false)) return false;
        gv_spec(d, 6 + i, x ? (uint32_t)(gv_elems(x) / outer) : 0u);
        if (!x) continue;
        ge_q_mult m;
        ge_q_mult_from_double((double)x->quant->scale[0] / (double)sy, &m);
        q[4 * i] = x->quant->scale[0] == sy && x->quant->zero_point[0] == zy;
        q[4 * i + 1] = x->quant->zero_point[0];
        q[4 * i + 2] = m.mult;
        q[4 * i + 3] = m.shift;
    }
    if (!gv_bind(L, 7, qb, false)) return false;
    int32_t lo = GE_Q_MIN, hi = GE_Q_MAX;
    ge_q_act_bounds(L->op->params.axis.act, sy, zy, &lo, &hi);
    GV_SPECS(d, 12, zy, lo, hi);
    return qs8_elem_grid(L, gv_elems(y));
}

static bool qs8_resize(gv_lower* L) {
    const ge_tensor *x = gv_in(L, 0), *y = gv_out(L, 0);
    if (!qs8_supported(L) || x->shape.rank != 4) return gv_no(L, "%s: int8 op outside what the kernels accept", "RESIZE_BILINEAR");
    if (!qs8_elem_shader(L, "resize_bilinear_qs8_i8", "resize_bilinear_qs8_p8")) return false;
    const ge_resize_params* p = &L->op->params.resize;
    gv_dispatch* d = L->d;
    if (!gv_bind_out(L, 0, 0) || !gv_bind_in(L, 1, 0)) return false;
    GV_SPECS(d, 3, (int32_t)gv_elems(y), x->shape.dim[1], x->shape.dim[2], x->shape.dim[3], y->shape.dim[1],
             y->shape.dim[2], p->align_corners, p->half_pixel_centers);
    return qs8_elem_grid(L, gv_elems(y));
}

static bool x8_depth_to_space(gv_lower* L) {
    const ge_tensor *x = gv_in(L, 0), *y = gv_out(L, 0);
    const int32_t bs = L->op->params.block.block_size;
    if (x->shape.rank != 4 || y->dtype != x->dtype || bs < 1) return gv_no(L, "%s: bad shapes", "DEPTH_TO_SPACE");
    if (!qs8_elem_shader(L, "depth_to_space_x8_i8", "depth_to_space_x8_p8")) return false;
    gv_dispatch* d = L->d;
    if (!gv_bind_out(L, 0, 0) || !gv_bind_in(L, 1, 0)) return false;
    GV_SPECS(d, 3, (int32_t)gv_elems(y), x->shape.dim[1], x->shape.dim[2], bs, y->shape.dim[3]);
    return qs8_elem_grid(L, gv_elems(y));
}

static bool qs8_conv(gv_lower* L) {
    const ge_op* op = L->op;
    const bool dw = op->type == GE_OP_DEPTHWISE_CONV2D;
    const ge_tensor *x = gv_in(L, 0), *w = gv_in(L, 1), *y = gv_out(L, 0);
    if (!qs8_supported(L) || x->shape.rank != 4 || y->shape.rank != 4 || w->shape.rank != 4)
        return gv_no(L, "%s: int8 op outside what the kernels accept", ge_op_name(op->type));
    const ge_conv_params* p = &op->params.conv;
    const int32_t N = x->shape.dim[0], H = x->shape.dim[1], W = x->shape.dim[2], C = x->shape.dim[3];
    const int32_t KH = w->shape.dim[1], KW = w->shape.dim[2];
    const int32_t O = dw ? w->shape.dim[3] : w->shape.dim[0];
    const int32_t OH = y->shape.dim[1], OW = y->shape.dim[2];
    ge_conv_geom gm;
    if (!ge_conv_geometry(p, H, W, KH, KW, &gm) || (dw && O % C != 0)) return gv_no(L, "%s: bad geometry", ge_op_name(op->type));
    const qs8_variant v = qs8_pick(L, !dw && C % 4 == 0, O % 4 == 0);
    if (v == QS8_NONE) return gv_no(L, "%s: int8 with a channel count not a multiple of 4 needs 8-bit storage",
                                 ge_op_name(op->type));
    gv_dispatch* d = L->d;
    if (!qs8_bind_weighted(L, O)) return false;
    d->shader = dw ? qs8_name(v, "dwconv_qs8_i8", "dwconv_qs8_p8", "dwconv_qs8_p8")
                   : qs8_name(v, "conv2d_qs8_i8", "conv2d_qs8_p8", "conv2d_qs8_p8dot");
    const int32_t id = GV_SPECS(d, 3, H, W, C, OH, OW);
    if (dw)
        GV_SPECS(d, gv_spec_window(d, id, KH, KW, &gm), N * OH, O / C);
    else
        GV_SPECS(d, gv_spec_window(d, GV_SPECS(d, id, O), KH, KW, &gm), N * OH);
    qs8_out_spec(L, 18, x, y, p->act);
    return gv_grid(L, 8, 8, 1, gv_ceil_div(O, 4), OW, (int64_t)N * OH);
}

static bool qs8_fc(gv_lower* L) {
    const ge_tensor *x = gv_in(L, 0), *w = gv_in(L, 1), *y = gv_out(L, 0);
    if (!qs8_supported(L) || w->shape.rank != 2) return gv_no(L, "%s: int8 op outside what the kernels accept", "FULLY_CONNECTED");
    const int32_t units = w->shape.dim[0], depth = w->shape.dim[1];
    if (depth <= 0 || gv_elems(x) % depth != 0) return gv_no(L, "%s: bad shapes", "FULLY_CONNECTED");
    const int64_t rows = gv_elems(x) / depth;
    const qs8_variant v = qs8_pick(L, depth % 4 == 0, units % 4 == 0);
    if (v == QS8_NONE) return gv_no(L, "%s: int8 with units not a multiple of 4 needs 8-bit storage", "FULLY_CONNECTED");
    gv_dispatch* d = L->d;
    if (!qs8_bind_weighted(L, units)) return false;
    d->shader = qs8_name(v, "fc_qs8_i8", "fc_qs8_p8", "fc_qs8_p8dot");
    GV_SPECS(d, 3, depth, units, (int32_t)rows);
    qs8_out_spec(L, 6, x, y, L->op->params.fc.act);
    return gv_grid(L, 64, 1, 1, gv_ceil_div(units, 4), rows, 1);
}

static bool qs8_binary(gv_lower* L) {
    const ge_op_type t = L->op->type;
    const ge_tensor *a = gv_in(L, 0), *b = gv_in(L, 1), *y = gv_out(L, 0);
    if (!qs8_supported(L)) return gv_no(L, "%s: int8 op outside what the kernels accept", ge_op_name(t));
    const float sa = a->quant->scale[0], sb = b->quant->scale[0], sy = y->quant->scale[0];
    const int32_t za = a->quant->zero_point[0], zb = b->quant->zero_point[0], zy = y->quant->zero_point[0];
    const ge_activation act = L->op->params.eltwise.act;
    gv_dispatch* d = L->d;
    int32_t lo, hi;
    ge_q_mult ma = {0, 1}, mb = {0, 1}, mo;
    if (t == GE_OP_ADD) {
        ge_q_add_params ap;
        ge_q_add_params_init(sa, za, sb, zb, sy, zy, act, &ap);
        ma = ap.a, mb = ap.b, mo = ap.out, lo = ap.lo, hi = ap.hi;
    } else {
        ge_q_mul_params mp;
        ge_q_mul_params_init(sa, za, sb, zb, sy, zy, act, &mp);
        mo = mp.out, lo = mp.lo, hi = mp.hi;
    }
    const int64_t n = gv_elems(y);
    if (!qs8_elem_shader(L, "binary_qs8_i8", "binary_qs8_p8")) return false;
    if (!gv_bind_out(L, 0, 0) || !gv_bind_in(L, 1, 0) || !gv_bind_in(L, 2, 1)) return false;
    gv_spec_i(d, 3, t == GE_OP_ADD ? 0 : 1);
    uint32_t dim[4], st_a[4], st_b[4];
    if (!gv_bcast4(L, &a->shape, &b->shape, &y->shape, dim, st_a, st_b)) return false;
    gv_spec(d, 4, (uint32_t)n);
    GV_SPECS(d, gv_spec_bcast4(d, 5, dim, st_a, st_b), za, zb, zy, lo, hi, ma.mult, ma.shift, mb.mult, mb.shift, mo.mult,
             mo.shift);
    return qs8_elem_grid(L, n);
}

static bool qs8_dequantize(gv_lower* L) {
    const ge_tensor *x = gv_in(L, 0), *y = gv_out(L, 0);
    if (!gv_is_i8(x) || x->quant->count != 1 || !gv_is_f32(y)) return gv_no(L, "%s: only per-tensor int8 -> f32", "DEQUANTIZE");
    gv_dispatch* d = L->d;
    if (!gv_bind_out(L, 0, 0) || !gv_bind_in(L, 1, 0)) return false;
    d->shader = L->lim->i8_storage ? "dequantize_qs8_i8" : "dequantize_qs8_p8";
    gv_spec(d, 3, (uint32_t)gv_elems(y));
    gv_spec_i(d, 4, x->quant->zero_point[0]);
    gv_spec_f(d, 5, x->quant->scale[0]);
    return gv_grid_1d(L, gv_elems(y));
}

bool gv_lower_qs8(gv_lower* L) {
    switch (L->op->type) {
    case GE_OP_CONV2D:
    case GE_OP_DEPTHWISE_CONV2D: return qs8_conv(L);
    case GE_OP_FULLY_CONNECTED: return qs8_fc(L);
    case GE_OP_ADD:
    case GE_OP_MUL: return qs8_binary(L);
    case GE_OP_DEQUANTIZE: return qs8_dequantize(L);
    case GE_OP_MAX_POOL2D: return qs8_pool(L, true);
    case GE_OP_AVERAGE_POOL2D: return qs8_pool(L, false);
    case GE_OP_MEAN: return qs8_mean(L);
    case GE_OP_PRELU: return qs8_prelu(L);
    case GE_OP_LOGISTIC: return qs8_lut(L);
    case GE_OP_PAD: return qs8_pad(L);
    case GE_OP_CONCAT: return qs8_concat(L);
    case GE_OP_RESIZE_BILINEAR: return qs8_resize(L);
    case GE_OP_DEPTH_TO_SPACE: return x8_depth_to_space(L);
    default: return gv_no(L, "%s: no int8 shader", ge_op_name(L->op->type));
    }
}
