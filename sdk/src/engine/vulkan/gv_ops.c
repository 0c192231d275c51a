/*
 * gv_ops_lower: graph op -> shader dispatch (see gv_ops.h). The specialization constant ids
 * below must match the `constant_id`s of the shader named next to them (shaders/<name>.comp).
 */
#include "engine/vulkan/gv_ops.h"

#include <stdio.h>
#include <string.h>

#include "engine/ge_quant_math.h"
#include "engine/ge_shape.h"
#include "engine/kernels/ref/ge_ref.h"
#include "engine/kernels/ref/ge_ref_qs8.h"
#include "util/gu_fp16.h"

/* Room for the offset remainder when a tensor is bound at an aligned-down offset. */
#define GV_BIND_SLACK 256u

typedef struct lower {
    const ge_graph* g;
    const ge_op* op;
    const gv_device_limits* lim;
    gu_arena* arena;
    gv_dispatch* d;
    char* why;
    size_t why_size;
} lower;

static bool no(lower* L, const char* fmt, const char* arg) {
    if (L->why && L->why_size) snprintf(L->why, L->why_size, fmt, arg);
    return false;
}

static const ge_tensor* in_t(const lower* L, int32_t i) {
    if (i >= L->op->num_inputs || L->op->inputs[i] < 0) return NULL;
    return &L->g->tensors[L->op->inputs[i]];
}
static const ge_tensor* out_t(const lower* L, int32_t i) { return &L->g->tensors[L->op->outputs[i]]; }

static int64_t elems(const ge_tensor* t) { return ge_shape_elements(&t->shape); }
static uint64_t tbytes(const ge_tensor* t) { return (uint64_t)elems(t) * ge_dtype_size(t->dtype); }

static void spec(gv_dispatch* d, int32_t id, uint32_t v) {
    d->spec[id] = v;
    if (id + 1 > d->num_spec) d->num_spec = id + 1;
}
static void spec_i(gv_dispatch* d, int32_t id, int32_t v) { spec(d, id, (uint32_t)v); }
static void spec_f(gv_dispatch* d, int32_t id, float v) {
    uint32_t u;
    memcpy(&u, &v, 4);
    spec(d, id, u);
}

/* A new auxiliary constant of `bytes` (zeroed), or NULL when there is no arena / no room. */
static void* aux_new(lower* L, uint32_t bytes, int32_t* out_binding) {
    gv_dispatch* d = L->d;
    if (!L->arena || d->num_aux == GV_MAX_AUX) return NULL;
    void* p = gu_arena_alloc(L->arena, bytes ? bytes : 4);
    if (!p) return NULL;
    d->aux[d->num_aux].data = p;
    d->aux[d->num_aux].bytes = bytes;
    *out_binding = GV_AUX(d->num_aux++);
    return p;
}

/* Binds graph tensor t (-1: a dummy, GV_AUX(k): auxiliary constant k) at binding b. */
static bool bind(lower* L, int32_t b, int32_t t, bool write) {
    gv_dispatch* d = L->d;
    d->tensor[b] = t;
    d->write[b] = write;
    if (b + 1 > d->num_bindings) d->num_bindings = b + 1;
    if (t >= 0 && tbytes(&L->g->tensors[t]) + GV_BIND_SLACK > L->lim->max_storage_range) {
        if (L->why && L->why_size)
            snprintf(L->why, L->why_size, "%s: a %llu-byte tensor exceeds maxStorageBufferRange (%u)",
                     ge_op_name(L->op->type), (unsigned long long)tbytes(&L->g->tensors[t]), L->lim->max_storage_range);
        return false;
    }
    return true;
}
static bool bind_in(lower* L, int32_t b, int32_t i) {
    return bind(L, b, i < L->op->num_inputs ? L->op->inputs[i] : -1, false);
}
static bool bind_out(lower* L, int32_t b, int32_t i) { return bind(L, b, L->op->outputs[i], true); }

static uint32_t ceil_div(int64_t a, int64_t b) { return (uint32_t)((a + b - 1) / b); }

static bool grid(lower* L, uint32_t lx, uint32_t ly, uint32_t lz, int64_t nx, int64_t ny, int64_t nz) {
    gv_dispatch* d = L->d;
    spec(d, 0, lx);
    spec(d, 1, ly);
    spec(d, 2, lz);
    const int64_t g[3] = {(nx + lx - 1) / lx, (ny + ly - 1) / ly, (nz + lz - 1) / lz};
    for (int i = 0; i < 3; i++) {
        if (g[i] < 1 || g[i] > (int64_t)L->lim->max_workgroup_count[i]) return no(L, "%s: too many workgroups", "grid");
        d->groups[i] = (uint32_t)g[i];
    }
    return true;
}

/* n elements, 64 per workgroup; more than maxComputeWorkGroupCount[0] groups wrap into y. */
static bool grid_1d(lower* L, int64_t n) {
    const int64_t groups = (n + 63) / 64;
    const int64_t gx = groups < (int64_t)L->lim->max_workgroup_count[0] ? groups : L->lim->max_workgroup_count[0];
    const int64_t gy = (groups + gx - 1) / gx;
    if (n >= (int64_t)1 << 32) return no(L, "%s: too many elements", "grid");
    return grid(L, 64, 1, 1, gx * 64, gy, 1);
}

static bool is_f32(const ge_tensor* t) { return t && t->dtype == GE_DTYPE_F32; }

/* The f32 weights w as an f16 auxiliary constant when the device has 16-bit storage and every
 * weight is exactly an f16 (fp16 models): the results are the same, the traffic halves.
 * Returns the binding to use: the aux, or the f32 tensor itself. */
static int32_t weights_binding(lower* L, int32_t wi, bool* out_f16) {
    *out_f16 = false;
    const ge_tensor* w = &L->g->tensors[wi];
    if (!L->lim->f16_storage || !w->data || w->dtype != GE_DTYPE_F32 || !L->arena) return wi;
    const int64_t n = elems(w);
    const float* f = w->data;
    for (int64_t i = 0; i < n; i++)
        if (gu_f32_to_bits(gu_f16_to_f32(gu_f32_to_f16(f[i]))) != gu_f32_to_bits(f[i])) return wi;
    int32_t binding;
    uint16_t* h = aux_new(L, (uint32_t)(n * 2), &binding);
    if (!h) return wi;
    for (int64_t i = 0; i < n; i++) h[i] = gu_f32_to_f16(f[i]);
    *out_f16 = true;
    return binding;
}
static bool is_x32(const ge_tensor* t) { return t && ge_dtype_size(t->dtype) == 4; }

/* ---- convolution family ---- */

static bool conv2d(lower* L) {
    const ge_tensor *x = in_t(L, 0), *w = in_t(L, 1), *b = in_t(L, 2), *y = out_t(L, 0);
    if (!is_f32(x) || !is_f32(w) || !is_f32(y) || (b && !is_f32(b))) return no(L, "%s: not f32", "CONV2D");
    if (x->shape.rank != 4 || w->shape.rank != 4 || y->shape.rank != 4) return no(L, "%s: not 4-D", "CONV2D");
    const ge_conv_params* p = &L->op->params.conv;
    const int32_t N = x->shape.dim[0], H = x->shape.dim[1], W = x->shape.dim[2], C = x->shape.dim[3];
    const int32_t O = w->shape.dim[0], KH = w->shape.dim[1], KW = w->shape.dim[2];
    const int32_t OH = y->shape.dim[1], OW = y->shape.dim[2];
    ge_conv_geom gm;
    if (!ge_conv_geometry(p, H, W, KH, KW, &gm) || w->shape.dim[3] != C) return no(L, "%s: bad geometry", "CONV2D");
    gv_dispatch* d = L->d;
    bool f16;
    const int32_t wb = weights_binding(L, L->op->inputs[1], &f16);
    if (!bind_out(L, 0, 0) || !bind_in(L, 1, 0) || !bind(L, 2, wb, false) || !bind(L, 3, b ? L->op->inputs[2] : -1, false))
        return false;
    const bool pointwise = KH == 1 && KW == 1 && gm.stride_h == 1 && gm.stride_w == 1 && gm.pad_top == 0 &&
                           gm.pad_left == 0 && gm.pad_bottom == 0 && gm.pad_right == 0;
    if (pointwise && C % 4 == 0 && O % 4 == 0) {
        d->shader = f16 ? "conv1x1_f16w_tile4x4" : "conv1x1_f32_tile4x4";
        const int64_t P = (int64_t)N * H * W;
        spec(d, 3, (uint32_t)P);
        spec_i(d, 4, C / 4);
        spec_i(d, 5, O / 4);
        spec_i(d, 6, (int32_t)p->act);
        spec(d, 7, b != NULL);
        const uint32_t lx = O / 4 >= 16 ? 16 : (O / 4 >= 8 ? 8 : 4);
        return grid(L, lx, 64 / lx, 1, O / 4, ceil_div(P, 4), 1);
    }
    d->shader = f16 ? "conv2d_f16w_tile4x4" : "conv2d_f32_tile4x4";
    spec_i(d, 3, H);
    spec_i(d, 4, W);
    spec_i(d, 5, C);
    spec_i(d, 6, OH);
    spec_i(d, 7, OW);
    spec_i(d, 8, O);
    spec_i(d, 9, KH);
    spec_i(d, 10, KW);
    spec_i(d, 11, gm.stride_h);
    spec_i(d, 12, gm.stride_w);
    spec_i(d, 13, gm.dilation_h);
    spec_i(d, 14, gm.dilation_w);
    spec_i(d, 15, gm.pad_top);
    spec_i(d, 16, gm.pad_left);
    spec_i(d, 17, (int32_t)p->act);
    spec(d, 18, b != NULL);
    spec_i(d, 19, N * OH);
    return grid(L, 8, 8, 1, ceil_div(O, 4), ceil_div(OW, 4), (int64_t)N * OH);
}

static bool dwconv2d(lower* L) {
    const ge_tensor *x = in_t(L, 0), *w = in_t(L, 1), *b = in_t(L, 2), *y = out_t(L, 0);
    if (!is_f32(x) || !is_f32(w) || !is_f32(y) || (b && !is_f32(b))) return no(L, "%s: not f32", "DEPTHWISE_CONV2D");
    if (x->shape.rank != 4 || w->shape.rank != 4 || y->shape.rank != 4) return no(L, "%s: not 4-D", "DEPTHWISE_CONV2D");
    const ge_conv_params* p = &L->op->params.conv;
    const int32_t N = x->shape.dim[0], H = x->shape.dim[1], W = x->shape.dim[2], C = x->shape.dim[3];
    const int32_t KH = w->shape.dim[1], KW = w->shape.dim[2], CO = w->shape.dim[3];
    const int32_t OH = y->shape.dim[1], OW = y->shape.dim[2];
    ge_conv_geom gm;
    if (!ge_conv_geometry(p, H, W, KH, KW, &gm) || C <= 0 || CO % C != 0)
        return no(L, "%s: bad geometry", "DEPTHWISE_CONV2D");
    const int32_t M = CO / C;
    gv_dispatch* d = L->d;
    bool f16;
    const int32_t wb = weights_binding(L, L->op->inputs[1], &f16);
    if (!bind_out(L, 0, 0) || !bind_in(L, 1, 0) || !bind(L, 2, wb, false) || !bind(L, 3, b ? L->op->inputs[2] : -1, false))
        return false;
    const bool vec4 = M == 1 && C % 4 == 0;
    d->shader = vec4 ? (f16 ? "dwconv_f16w_c4tile4" : "dwconv_f32_c4tile4") : (f16 ? "dwconv_f16w_c1" : "dwconv_f32_c1");
    spec_i(d, 3, H);
    spec_i(d, 4, W);
    spec_i(d, 5, vec4 ? C / 4 : C);
    spec_i(d, 6, OH);
    spec_i(d, 7, OW);
    spec_i(d, 8, KH);
    spec_i(d, 9, KW);
    spec_i(d, 10, gm.stride_h);
    spec_i(d, 11, gm.stride_w);
    spec_i(d, 12, gm.dilation_h);
    spec_i(d, 13, gm.dilation_w);
    spec_i(d, 14, gm.pad_top);
    spec_i(d, 15, gm.pad_left);
    spec_i(d, 16, (int32_t)p->act);
    spec(d, 17, b != NULL);
    spec_i(d, 18, N * OH);
    if (vec4) return grid(L, 8, 8, 1, C / 4, ceil_div(OW, 4), (int64_t)N * OH);
    spec_i(d, 19, M);
    return grid(L, 16, 4, 1, CO, OW, (int64_t)N * OH);
}

static bool fully_connected(lower* L) {
    const ge_tensor *x = in_t(L, 0), *w = in_t(L, 1), *b = in_t(L, 2), *y = out_t(L, 0);
    if (!is_f32(x) || !is_f32(w) || !is_f32(y) || (b && !is_f32(b))) return no(L, "%s: not f32", "FULLY_CONNECTED");
    if (w->shape.rank != 2) return no(L, "%s: weights not 2-D", "FULLY_CONNECTED");
    const int32_t units = w->shape.dim[0], depth = w->shape.dim[1];
    if (depth <= 0 || elems(x) % depth != 0) return no(L, "%s: bad shapes", "FULLY_CONNECTED");
    const int64_t rows = elems(x) / depth;
    gv_dispatch* d = L->d;
    bool f16;
    const int32_t wb = weights_binding(L, L->op->inputs[1], &f16);
    if (!bind_out(L, 0, 0) || !bind_in(L, 1, 0) || !bind(L, 2, wb, false) || !bind(L, 3, b ? L->op->inputs[2] : -1, false))
        return false;
    d->shader = f16 ? "fc_f16w_rows" : "fc_f32_rows";
    spec_i(d, 3, depth);
    spec_i(d, 4, units);
    spec(d, 5, (uint32_t)rows);
    spec_i(d, 6, (int32_t)L->op->params.fc.act);
    spec(d, 7, b != NULL);
    return grid(L, 64, 1, 1, units, rows, 1);
}

static bool pool2d(lower* L, bool is_max) {
    const ge_tensor *x = in_t(L, 0), *y = out_t(L, 0);
    if (!is_f32(x) || !is_f32(y)) return no(L, "%s: not f32", "POOL2D");
    if (x->shape.rank != 4 || y->shape.rank != 4) return no(L, "%s: not 4-D", "POOL2D");
    const ge_conv_params* p = &L->op->params.conv;
    const int32_t N = x->shape.dim[0], H = x->shape.dim[1], W = x->shape.dim[2], C = x->shape.dim[3];
    const int32_t OH = y->shape.dim[1], OW = y->shape.dim[2];
    ge_conv_geom gm;
    if (!ge_conv_geometry(p, H, W, p->filter_h, p->filter_w, &gm)) return no(L, "%s: bad geometry", "POOL2D");
    gv_dispatch* d = L->d;
    if (!bind_out(L, 0, 0) || !bind_in(L, 1, 0)) return false;
    d->shader = "pool2d_f32";
    spec_i(d, 3, H);
    spec_i(d, 4, W);
    spec_i(d, 5, C);
    spec_i(d, 6, OH);
    spec_i(d, 7, OW);
    spec_i(d, 8, gm.kernel_h);
    spec_i(d, 9, gm.kernel_w);
    spec_i(d, 10, gm.stride_h);
    spec_i(d, 11, gm.stride_w);
    spec_i(d, 12, gm.pad_top);
    spec_i(d, 13, gm.pad_left);
    spec_i(d, 14, (int32_t)p->act);
    spec(d, 15, is_max);
    spec_i(d, 16, N * OH);
    return grid(L, 16, 4, 1, C, OW, (int64_t)N * OH);
}

static bool mean(lower* L) {
    const ge_tensor *x = in_t(L, 0), *y = out_t(L, 0);
    if (!is_f32(x) || !is_f32(y)) return no(L, "%s: not f32", "MEAN");
    const uint32_t mask = L->op->params.reduce.axes_mask;
    const int32_t rank = x->shape.rank;
    int32_t lo = -1, hi = -1;
    for (int32_t a = 0; a < rank; a++) {
        if (!(mask & (1u << a))) continue;
        if (lo < 0) lo = a;
        else if (a != hi + 1) return no(L, "%s: reduced axes are not contiguous", "MEAN");
        hi = a;
    }
    if (lo < 0 || (mask >> rank) != 0) return no(L, "%s: no axis to reduce", "MEAN");
    int64_t outer = 1, r = 1, inner = 1;
    for (int32_t a = 0; a < rank; a++) {
        if (a < lo) outer *= x->shape.dim[a];
        else if (a <= hi) r *= x->shape.dim[a];
        else inner *= x->shape.dim[a];
    }
    if (r <= 0 || outer * inner != elems(y)) return no(L, "%s: bad shapes", "MEAN");
    gv_dispatch* d = L->d;
    if (!bind_out(L, 0, 0) || !bind_in(L, 1, 0)) return false;
    d->shader = "mean_f32_axes";
    spec(d, 3, (uint32_t)outer);
    spec(d, 4, (uint32_t)r);
    spec(d, 5, (uint32_t)inner);
    return grid(L, 64, 1, 1, inner, outer, 1);
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

static bool binary(lower* L) {
    const ge_op_type t = L->op->type;
    const int32_t code = binary_code(t);
    const ge_tensor *a = in_t(L, 0), *b = in_t(L, 1), *y = out_t(L, 0);
    if (code < 0 || !is_f32(a) || !is_f32(b) || !is_f32(y)) return no(L, "%s: not an f32 arithmetic op", ge_op_name(t));
    const int32_t act = t == GE_OP_PRELU ? 0 : (int32_t)L->op->params.eltwise.act;
    gv_dispatch* d = L->d;
    int32_t ia = 0, ib = 1;
    if (commutative(t) && elems(a) != elems(y) && elems(b) == elems(y)) {
        ia = 1, ib = 0; /* the full-size operand first */
        const ge_tensor* tmp = a;
        a = b, b = tmp;
    }
    const int64_t n = elems(y);
    const int32_t C = y->shape.rank ? y->shape.dim[y->shape.rank - 1] : 1;
    if (!bind_out(L, 0, 0) || !bind_in(L, 1, ia) || !bind_in(L, 2, ib)) return false;
    if (n % 4 == 0 && elems(a) == n && ge_shape_equal(&a->shape, &y->shape)) {
        const bool same = ge_shape_equal(&b->shape, &y->shape);
        if (same || (C % 4 == 0 && per_channel(b, y))) {
            d->shader = "binary_f32_vec4";
            spec_i(d, 3, code);
            spec_i(d, 4, act);
            spec(d, 5, (uint32_t)(n / 4));
            spec(d, 6, same ? 0u : (uint32_t)(C / 4));
            return grid_1d(L, n / 4);
        }
    }
    const ge_shape* ins[2] = {&a->shape, &b->shape};
    ge_bcast bc;
    ge_bcast_init(&bc, &y->shape, ins, 2);
    if (bc.rank > 4) return no(L, "%s: broadcast needs more than 4 dims", ge_op_name(t));
    d->shader = "binary_f32_bcast";
    spec_i(d, 3, code);
    spec_i(d, 4, act);
    spec(d, 5, (uint32_t)n);
    /* innermost first: dims N0..N2 (N3 is implied), strides per operand */
    uint32_t dim[4] = {1, 1, 1, 1}, sa[4] = {0, 0, 0, 0}, sb[4] = {0, 0, 0, 0};
    for (int32_t k = 0; k < bc.rank; k++) {
        const int32_t src = bc.rank - 1 - k;
        dim[k] = (uint32_t)bc.dim[src];
        sa[k] = (uint32_t)bc.stride[1][src];
        sb[k] = (uint32_t)bc.stride[2][src];
    }
    for (int32_t k = 0; k < 3; k++) spec(d, 6 + k, dim[k]);
    for (int32_t k = 0; k < 4; k++) spec(d, 9 + k, sa[k]);
    for (int32_t k = 0; k < 4; k++) spec(d, 13 + k, sb[k]);
    return grid_1d(L, n);
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

static bool unary(lower* L) {
    const ge_tensor *x = in_t(L, 0), *y = out_t(L, 0);
    const int32_t code = unary_code(L->op->type);
    if (code < 0 || !is_f32(x) || !is_f32(y)) return no(L, "%s: not f32", ge_op_name(L->op->type));
    gv_dispatch* d = L->d;
    if (!bind_out(L, 0, 0) || !bind_in(L, 1, 0)) return false;
    d->shader = "unary_f32";
    spec_i(d, 3, code);
    spec(d, 4, (uint32_t)elems(y));
    return grid_1d(L, elems(y));
}

static bool cast(lower* L) {
    const ge_tensor *x = in_t(L, 0), *y = out_t(L, 0);
    int32_t mode;
    if (x->dtype == GE_DTYPE_I32 && y->dtype == GE_DTYPE_F32) mode = 0;
    else if (x->dtype == GE_DTYPE_F32 && y->dtype == GE_DTYPE_I32) mode = 1;
    else return no(L, "%s: only i32 <-> f32", "CAST");
    gv_dispatch* d = L->d;
    if (!bind_out(L, 0, 0) || !bind_in(L, 1, 0)) return false;
    d->shader = "cast_x32";
    spec(d, 3, (uint32_t)elems(y));
    spec_i(d, 4, mode);
    return grid_1d(L, elems(y));
}

/* ---- data movement ---- */

static bool reshape(lower* L) {
    const ge_tensor *x = in_t(L, 0), *y = out_t(L, 0);
    if (!x->data && x->arena_offset >= 0 && x->arena_offset == y->arena_offset) {
        L->d->shader = NULL; /* same storage: nothing to do */
        return true;
    }
    if (tbytes(x) % 4 != 0 || tbytes(x) != tbytes(y)) return no(L, "%s: not whole 4-byte words", "RESHAPE");
    gv_dispatch* d = L->d;
    if (!bind_out(L, 0, 0) || !bind_in(L, 1, 0)) return false;
    d->shader = "copy_x32";
    const int64_t words = (int64_t)(tbytes(y) / 4);
    spec(d, 3, (uint32_t)words);
    return grid_1d(L, words);
}

static int64_t outer_of(const ge_shape* s, int32_t axis) {
    int64_t o = 1;
    for (int32_t i = 0; i < axis; i++) o *= s->dim[i];
    return o;
}

static bool concat(lower* L) {
    const ge_tensor* y = out_t(L, 0);
    const int32_t n = L->op->num_inputs;
    int32_t axis;
    if (!is_x32(y) || n < 1 || n > 7) return no(L, "%s: needs 1..7 inputs of a 4-byte dtype", "CONCAT");
    if (!ge_axis_normalize(L->op->params.axis.axis, y->shape.rank, &axis)) return no(L, "%s: bad axis", "CONCAT");
    const ge_activation act = L->op->params.axis.act;
    if (act != GE_ACT_NONE && y->dtype != GE_DTYPE_F32) return no(L, "%s: activation on a non-f32 tensor", "CONCAT");
    const int64_t outer = outer_of(&y->shape, axis);
    gv_dispatch* d = L->d;
    if (!bind_out(L, 0, 0)) return false;
    d->shader = "concat_x32";
    spec(d, 3, (uint32_t)elems(y));
    spec(d, 4, (uint32_t)(elems(y) / (outer ? outer : 1)));
    spec_i(d, 5, n);
    for (int32_t i = 0; i < 7; i++) {
        const ge_tensor* x = i < n ? in_t(L, i) : NULL;
        if (i < n && (!x || x->dtype != y->dtype)) return no(L, "%s: mixed dtypes", "CONCAT");
        if (!bind(L, 1 + i, i < n ? L->op->inputs[i] : -1, false)) return false;
        spec(d, 6 + i, x ? (uint32_t)(elems(x) / (outer ? outer : 1)) : 0u);
    }
    spec_i(d, 13, (int32_t)act);
    return grid_1d(L, elems(y));
}

static bool split(lower* L) {
    const ge_tensor* x = in_t(L, 0);
    const int32_t n = L->op->num_outputs;
    int32_t axis;
    if (!is_x32(x) || n < 1 || n > 7) return no(L, "%s: needs 1..7 outputs of a 4-byte dtype", "SPLIT");
    if (!ge_axis_normalize(L->op->params.axis.axis, x->shape.rank, &axis)) return no(L, "%s: bad axis", "SPLIT");
    const int64_t outer = outer_of(&x->shape, axis);
    gv_dispatch* d = L->d;
    d->shader = "split_x32";
    spec(d, 3, (uint32_t)elems(x));
    spec(d, 4, (uint32_t)(elems(x) / (outer ? outer : 1)));
    spec_i(d, 5, n);
    for (int32_t i = 0; i < 7; i++) {
        const ge_tensor* y = i < n ? out_t(L, i) : NULL;
        if (y && y->dtype != x->dtype) return no(L, "%s: mixed dtypes", "SPLIT");
        if (!bind(L, i, y ? L->op->outputs[i] : -1, true)) return false;
        spec(d, 6 + i, y ? (uint32_t)(elems(y) / (outer ? outer : 1)) : 0u);
    }
    return bind_in(L, 7, 0) && grid_1d(L, elems(x));
}

static bool pad(lower* L) {
    const ge_tensor *x = in_t(L, 0), *y = out_t(L, 0);
    if (!is_x32(x) || x->dtype != y->dtype) return no(L, "%s: not a 4-byte dtype", "PAD");
    const int32_t rank = x->shape.rank;
    if (rank < 1 || rank > 4) return no(L, "%s: rank above 4", "PAD");
    const ge_pad_params* p = &L->op->params.pad;
    uint32_t od[4] = {1, 1, 1, 1}, id[4] = {1, 1, 1, 1};
    int32_t before[4] = {0, 0, 0, 0};
    for (int32_t i = 0; i < rank; i++) {
        const int32_t k = 4 - rank + i;
        od[k] = (uint32_t)y->shape.dim[i];
        id[k] = (uint32_t)x->shape.dim[i];
        before[k] = p->before[i];
        if (p->before[i] < 0 || p->after[i] < 0) return no(L, "%s: negative padding", "PAD");
    }
    uint32_t value;
    if (x->dtype == GE_DTYPE_F32) {
        memcpy(&value, &p->value, 4);
    } else {
        const float v = p->value;
        /* the reference truncates the value into the integer dtype */
        const int32_t iv = v != v ? 0 : (v >= 2147483648.0f ? INT32_MAX : (v <= -2147483648.0f ? INT32_MIN : (int32_t)v));
        memcpy(&value, &iv, 4);
    }
    gv_dispatch* d = L->d;
    if (!bind_out(L, 0, 0) || !bind_in(L, 1, 0)) return false;
    d->shader = "pad_x32";
    spec(d, 3, (uint32_t)elems(y));
    for (int32_t k = 1; k < 4; k++) spec(d, 3 + k, od[k]);
    for (int32_t k = 0; k < 4; k++) spec(d, 7 + k, id[k]);
    for (int32_t k = 0; k < 4; k++) spec_i(d, 11 + k, before[k]);
    spec(d, 15, value);
    return grid_1d(L, elems(y));
}

static bool depth_to_space(lower* L) {
    const ge_tensor *x = in_t(L, 0), *y = out_t(L, 0);
    if (!is_x32(x) || x->dtype != y->dtype || x->shape.rank != 4 || y->shape.rank != 4)
        return no(L, "%s: needs a 4-D 4-byte tensor", "DEPTH_TO_SPACE");
    const int32_t bs = L->op->params.block.block_size;
    if (bs < 1 || y->shape.dim[1] != x->shape.dim[1] * bs) return no(L, "%s: bad block size", "DEPTH_TO_SPACE");
    gv_dispatch* d = L->d;
    if (!bind_out(L, 0, 0) || !bind_in(L, 1, 0)) return false;
    d->shader = "depth_to_space_x32";
    spec(d, 3, (uint32_t)elems(y));
    spec_i(d, 4, x->shape.dim[1]);
    spec_i(d, 5, x->shape.dim[2]);
    spec_i(d, 6, bs);
    spec_i(d, 7, y->shape.dim[3]);
    return grid_1d(L, elems(y));
}

static float axis_scale(int32_t in, int32_t out, bool align_corners) {
    if (align_corners && out > 1) return (float)(in - 1) / (float)(out - 1);
    return (float)in / (float)out;
}

static bool resize_bilinear(lower* L) {
    const ge_tensor *x = in_t(L, 0), *y = out_t(L, 0);
    if (!is_f32(x) || !is_f32(y) || x->shape.rank != 4 || y->shape.rank != 4) return no(L, "%s: not f32 4-D", "RESIZE_BILINEAR");
    const ge_resize_params* p = &L->op->params.resize;
    const int32_t N = x->shape.dim[0], H = x->shape.dim[1], W = x->shape.dim[2], C = x->shape.dim[3];
    const int32_t OH = y->shape.dim[1], OW = y->shape.dim[2];
    gv_dispatch* d = L->d;
    if (!bind_out(L, 0, 0) || !bind_in(L, 1, 0)) return false;
    d->shader = "resize_bilinear_f32";
    spec_i(d, 3, H);
    spec_i(d, 4, W);
    spec_i(d, 5, C);
    spec_i(d, 6, OH);
    spec_i(d, 7, OW);
    spec_f(d, 8, axis_scale(H, OH, p->align_corners));
    spec_f(d, 9, axis_scale(W, OW, p->align_corners));
    spec(d, 10, p->half_pixel_centers);
    spec_i(d, 11, N * OH);
    return grid(L, 16, 4, 1, C, OW, (int64_t)N * OH);
}

/* ---- int8 (qs8): the shaders reproduce ge_ref_qs8.h bit for bit ---- */

static bool is_i8(const ge_tensor* t) { return t && t->dtype == GE_DTYPE_I8 && t->quant; }

/* The op's views for ge_qs8_supports (constants with their data; activations without). */
static void views_of(const lower* L, ge_view* in, ge_view* out) {
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

static bool qs8_supported(lower* L) {
    ge_view in[GE_MAX_OP_INPUTS], out[GE_MAX_OP_OUTPUTS];
    views_of(L, in, out);
    return ge_qs8_supports(L->op, in, out);
}

/* Which variant: packed words with OpSDot, 8-bit storage, or packed words. A packed output is
 * written 4 bytes at a time, so its rows (the last dim) must be a multiple of 4. */
typedef enum qs8_variant { QS8_NONE, QS8_P8DOT, QS8_I8, QS8_P8 } qs8_variant;

static qs8_variant qs8_pick(const lower* L, bool dot_possible, bool packed_possible) {
    if (L->lim->int_dot && dot_possible && packed_possible) return QS8_P8DOT;
    if (L->lim->i8_storage) return QS8_I8;
    return packed_possible ? QS8_P8 : QS8_NONE;
}

static const char* qs8_name(qs8_variant v, const char* i8, const char* p8, const char* p8dot) {
    return v == QS8_I8 ? i8 : (v == QS8_P8 ? p8 : p8dot);
}

/* Per output channel ivec4(bias, M, s, 0), m[c] = sx * sw[c] / sy (as the reference kernels). */
static int32_t qs8_channel_params(lower* L, const ge_tensor* x, const ge_tensor* w, const ge_tensor* bias,
                                  const ge_tensor* y, int32_t channels) {
    int32_t binding;
    int32_t* q = aux_new(L, (uint32_t)channels * 16, &binding);
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

static void qs8_out_spec(lower* L, int32_t first_id, const ge_tensor* x, const ge_tensor* y, ge_activation act) {
    int32_t lo = GE_Q_MIN, hi = GE_Q_MAX;
    ge_q_act_bounds(act, y->quant->scale[0], y->quant->zero_point[0], &lo, &hi);
    spec_i(L->d, first_id, x->quant->zero_point[0]);
    spec_i(L->d, first_id + 1, y->quant->zero_point[0]);
    spec_i(L->d, first_id + 2, lo);
    spec_i(L->d, first_id + 3, hi);
}

/* Element-wise int8 shaders (shaders/gv_qs8_elem.glsl): 8-bit storage, or packed words when
 * the output has a multiple of 4 elements. */
static bool qs8_elem_shader(lower* L, const char* i8, const char* p8) {
    if (L->lim->i8_storage) L->d->shader = i8;
    else if (elems(out_t(L, 0)) % 4 == 0) L->d->shader = p8;
    else return no(L, "%s: int8 output not a multiple of 4 bytes needs 8-bit storage", ge_op_name(L->op->type));
    return true;
}

static bool qs8_elem_grid(lower* L, int64_t n) {
    return grid_1d(L, L->lim->i8_storage ? n : n / 4);
}

/* Broadcast of a and b to y merged into at most 4 dims, innermost first, element strides. */
static bool bcast4(lower* L, const ge_shape* a, const ge_shape* b, const ge_shape* y, uint32_t* dim, uint32_t* st_a,
                   uint32_t* st_b) {
    const ge_shape* ins[2] = {a, b};
    ge_bcast bc;
    ge_bcast_init(&bc, y, ins, 2);
    if (bc.rank > 4) return no(L, "%s: broadcast needs more than 4 dims", ge_op_name(L->op->type));
    for (int32_t k = 0; k < 4; k++) dim[k] = 1, st_a[k] = st_b[k] = 0;
    for (int32_t k = 0; k < bc.rank; k++) {
        const int32_t src = bc.rank - 1 - k;
        dim[k] = (uint32_t)bc.dim[src];
        st_a[k] = (uint32_t)bc.stride[1][src];
        st_b[k] = (uint32_t)bc.stride[2][src];
    }
    return true;
}

static bool qs8_pool(lower* L, bool is_max) {
    const ge_tensor *x = in_t(L, 0), *y = out_t(L, 0);
    if (!qs8_supported(L)) return no(L, "%s: int8 op outside what the kernels accept", ge_op_name(L->op->type));
    const ge_conv_params* p = &L->op->params.conv;
    const int32_t H = x->shape.dim[1], W = x->shape.dim[2], C = x->shape.dim[3];
    const int32_t OH = y->shape.dim[1], OW = y->shape.dim[2];
    ge_conv_geom gm;
    if (!ge_conv_geometry(p, H, W, p->filter_h, p->filter_w, &gm) || (int64_t)gm.kernel_h * gm.kernel_w > 4096)
        return no(L, "%s: bad geometry", ge_op_name(L->op->type));
    if (!qs8_elem_shader(L, "pool2d_qs8_i8", "pool2d_qs8_p8")) return false;
    /* (M, s) for the max (entry 0) and for the average of n taps (entry n), as the reference */
    const int32_t taps = gm.kernel_h * gm.kernel_w;
    int32_t qb;
    int32_t* q = aux_new(L, (uint32_t)(taps + 1) * 8, &qb);
    if (!q) return no(L, "%s: no room for the int8 parameters", ge_op_name(L->op->type));
    const double ratio = (double)x->quant->scale[0] / (double)y->quant->scale[0];
    for (int32_t n = 0; n <= taps; n++) {
        ge_q_mult m;
        ge_q_mult_from_double(n == 0 ? ratio : ratio / (double)n, &m);
        q[2 * n] = m.mult;
        q[2 * n + 1] = m.shift;
    }
    gv_dispatch* d = L->d;
    if (!bind_out(L, 0, 0) || !bind_in(L, 1, 0) || !bind(L, 2, qb, false)) return false;
    spec(d, 3, (uint32_t)elems(y));
    spec_i(d, 4, H);
    spec_i(d, 5, W);
    spec_i(d, 6, C);
    spec_i(d, 7, OH);
    spec_i(d, 8, OW);
    spec_i(d, 9, gm.kernel_h);
    spec_i(d, 10, gm.kernel_w);
    spec_i(d, 11, gm.stride_h);
    spec_i(d, 12, gm.stride_w);
    spec_i(d, 13, gm.pad_top);
    spec_i(d, 14, gm.pad_left);
    spec(d, 15, is_max);
    qs8_out_spec(L, 16, x, y, p->act);
    return qs8_elem_grid(L, elems(y));
}

static bool qs8_mean(lower* L) {
    const ge_tensor *x = in_t(L, 0), *y = out_t(L, 0);
    if (!qs8_supported(L)) return no(L, "%s: int8 op outside what the kernels accept", "MEAN");
    const uint32_t mask = L->op->params.reduce.axes_mask;
    int32_t lo = -1, hi = -1;
    for (int32_t a = 0; a < x->shape.rank; a++) {
        if (!(mask & (1u << a))) continue;
        if (lo < 0) lo = a;
        else if (a != hi + 1) return no(L, "%s: reduced axes are not contiguous", "MEAN");
        hi = a;
    }
    if (lo < 0) return no(L, "%s: no axis to reduce", "MEAN");
    int64_t r = 1, inner = 1;
    for (int32_t a = lo; a < x->shape.rank; a++) {
        if (a <= hi) r *= x->shape.dim[a];
        else inner *= x->shape.dim[a];
    }
    if (!qs8_elem_shader(L, "mean_qs8_i8", "mean_qs8_p8")) return false;
    ge_q_mult m;
    ge_q_mult_from_double((double)x->quant->scale[0] / ((double)y->quant->scale[0] * (double)r), &m);
    gv_dispatch* d = L->d;
    if (!bind_out(L, 0, 0) || !bind_in(L, 1, 0)) return false;
    spec(d, 3, (uint32_t)elems(y));
    spec(d, 4, (uint32_t)r);
    spec(d, 5, (uint32_t)inner);
    spec_i(d, 6, x->quant->zero_point[0]);
    spec_i(d, 7, y->quant->zero_point[0]);
    spec_i(d, 8, m.mult);
    spec_i(d, 9, m.shift);
    return qs8_elem_grid(L, elems(y));
}

static bool qs8_prelu(lower* L) {
    const ge_tensor *x = in_t(L, 0), *a = in_t(L, 1), *y = out_t(L, 0);
    if (!qs8_supported(L)) return no(L, "%s: int8 op outside what the kernels accept", "PRELU");
    if (!qs8_elem_shader(L, "prelu_qs8_i8", "prelu_qs8_p8")) return false;
    const double ratio = (double)x->quant->scale[0] / (double)y->quant->scale[0];
    const int32_t channels = a->quant->count;
    int32_t qb;
    int32_t* q = aux_new(L, (uint32_t)channels * 16, &qb);
    if (!q) return no(L, "%s: no room for the int8 parameters", "PRELU");
    for (int32_t c = 0; c < channels; c++) {
        ge_q_mult m;
        ge_q_mult_from_double(ratio * (double)a->quant->scale[c], &m);
        q[4 * c] = m.mult;
        q[4 * c + 1] = m.shift;
        q[4 * c + 2] = a->quant->zero_point[c];
    }
    gv_dispatch* d = L->d;
    if (!bind_out(L, 0, 0) || !bind_in(L, 1, 0) || !bind_in(L, 2, 1) || !bind(L, 3, qb, false)) return false;
    uint32_t dim[4], sx[4], sa[4];
    if (!bcast4(L, &x->shape, &a->shape, &y->shape, dim, sx, sa)) return false;
    spec(d, 3, (uint32_t)elems(y));
    for (int32_t k = 0; k < 3; k++) spec(d, 4 + k, dim[k]);
    for (int32_t k = 0; k < 4; k++) spec(d, 7 + k, sx[k]);
    for (int32_t k = 0; k < 4; k++) spec(d, 11 + k, sa[k]);
    ge_q_mult pos;
    ge_q_mult_from_double(ratio, &pos);
    spec_i(d, 15, x->quant->zero_point[0]);
    spec_i(d, 16, y->quant->zero_point[0]);
    spec_i(d, 17, pos.mult);
    spec_i(d, 18, pos.shift);
    spec_i(d, 19, channels);
    spec_i(d, 20, a->shape.rank ? a->shape.dim[a->shape.rank - 1] : 1);
    return qs8_elem_grid(L, elems(y));
}

static bool qs8_lut(lower* L) {
    const ge_tensor* y = out_t(L, 0);
    if (!qs8_supported(L)) return no(L, "%s: int8 op outside what the kernels accept", "LOGISTIC");
    if (!qs8_elem_shader(L, "lut_qs8_i8", "lut_qs8_p8")) return false;
    if (!bind_out(L, 0, 0) || !bind_in(L, 1, 0) || !bind_in(L, 2, 1)) return false;
    spec(L->d, 3, (uint32_t)elems(y));
    return qs8_elem_grid(L, elems(y));
}

static bool qs8_pad(lower* L) {
    const ge_tensor *x = in_t(L, 0), *y = out_t(L, 0);
    const int32_t rank = x->shape.rank;
    if (!qs8_supported(L) || rank < 1 || rank > 4) return no(L, "%s: int8 op outside what the shaders accept", "PAD");
    if (!qs8_elem_shader(L, "pad_qs8_i8", "pad_qs8_p8")) return false;
    const ge_pad_params* p = &L->op->params.pad;
    uint32_t od[4] = {1, 1, 1, 1}, id[4] = {1, 1, 1, 1};
    int32_t before[4] = {0, 0, 0, 0};
    for (int32_t i = 0; i < rank; i++) {
        const int32_t k = 4 - rank + i;
        od[k] = (uint32_t)y->shape.dim[i];
        id[k] = (uint32_t)x->shape.dim[i];
        before[k] = p->before[i];
    }
    gv_dispatch* d = L->d;
    if (!bind_out(L, 0, 0) || !bind_in(L, 1, 0)) return false;
    spec(d, 3, (uint32_t)elems(y));
    for (int32_t k = 1; k < 4; k++) spec(d, 3 + k, od[k]);
    for (int32_t k = 0; k < 4; k++) spec(d, 7 + k, id[k]);
    for (int32_t k = 0; k < 4; k++) spec_i(d, 11 + k, before[k]);
    spec_i(d, 15, ge_q_quantize(p->value, y->quant->scale[0], y->quant->zero_point[0]));
    return qs8_elem_grid(L, elems(y));
}

static bool qs8_concat(lower* L) {
    const ge_tensor* y = out_t(L, 0);
    const int32_t n = L->op->num_inputs;
    int32_t axis;
    if (!qs8_supported(L) || n < 1 || n > 6) return no(L, "%s: int8 with 1..6 inputs", "CONCAT");
    if (!ge_axis_normalize(L->op->params.axis.axis, y->shape.rank, &axis)) return no(L, "%s: bad axis", "CONCAT");
    if (!qs8_elem_shader(L, "concat_qs8_i8", "concat_qs8_p8")) return false;
    int32_t qb;
    int32_t* q = aux_new(L, 6 * 16, &qb);
    if (!q) return no(L, "%s: no room for the int8 parameters", "CONCAT");
    const float sy = y->quant->scale[0];
    const int32_t zy = y->quant->zero_point[0];
    const int64_t outer = outer_of(&y->shape, axis);
    gv_dispatch* d = L->d;
    if (!bind_out(L, 0, 0)) return false;
    spec(d, 3, (uint32_t)elems(y));
    spec(d, 4, (uint32_t)(elems(y) / outer));
    spec_i(d, 5, n);
    for (int32_t i = 0; i < 6; i++) {
        const ge_tensor* x = i < n ? in_t(L, i) : NULL;
        if (!bind(L, 1 + i, i < n ? L->op->inputs[i] : -1, false)) return false;
        spec(d, 6 + i, x ? (uint32_t)(elems(x) / outer) : 0u);
        if (!x) continue;
        ge_q_mult m;
        ge_q_mult_from_double((double)x->quant->scale[0] / (double)sy, &m);
        q[4 * i] = x->quant->scale[0] == sy && x->quant->zero_point[0] == zy;
        q[4 * i + 1] = x->quant->zero_point[0];
        q[4 * i + 2] = m.mult;
        q[4 * i + 3] = m.shift;
    }
    if (!bind(L, 7, qb, false)) return false;
    int32_t lo = GE_Q_MIN, hi = GE_Q_MAX;
    ge_q_act_bounds(L->op->params.axis.act, sy, zy, &lo, &hi);
    spec_i(d, 12, zy);
    spec_i(d, 13, lo);
    spec_i(d, 14, hi);
    return qs8_elem_grid(L, elems(y));
}

static bool qs8_resize(lower* L) {
    const ge_tensor *x = in_t(L, 0), *y = out_t(L, 0);
    if (!qs8_supported(L) || x->shape.rank != 4) return no(L, "%s: int8 op outside what the kernels accept", "RESIZE_BILINEAR");
    if (!qs8_elem_shader(L, "resize_bilinear_qs8_i8", "resize_bilinear_qs8_p8")) return false;
    const ge_resize_params* p = &L->op->params.resize;
    gv_dispatch* d = L->d;
    if (!bind_out(L, 0, 0) || !bind_in(L, 1, 0)) return false;
    spec(d, 3, (uint32_t)elems(y));
    spec_i(d, 4, x->shape.dim[1]);
    spec_i(d, 5, x->shape.dim[2]);
    spec_i(d, 6, x->shape.dim[3]);
    spec_i(d, 7, y->shape.dim[1]);
    spec_i(d, 8, y->shape.dim[2]);
    spec(d, 9, p->align_corners);
    spec(d, 10, p->half_pixel_centers);
    return qs8_elem_grid(L, elems(y));
}

static bool x8_depth_to_space(lower* L) {
    const ge_tensor *x = in_t(L, 0), *y = out_t(L, 0);
    const int32_t bs = L->op->params.block.block_size;
    if (x->shape.rank != 4 || y->dtype != x->dtype || bs < 1) return no(L, "%s: bad shapes", "DEPTH_TO_SPACE");
    if (!qs8_elem_shader(L, "depth_to_space_x8_i8", "depth_to_space_x8_p8")) return false;
    gv_dispatch* d = L->d;
    if (!bind_out(L, 0, 0) || !bind_in(L, 1, 0)) return false;
    spec(d, 3, (uint32_t)elems(y));
    spec_i(d, 4, x->shape.dim[1]);
    spec_i(d, 5, x->shape.dim[2]);
    spec_i(d, 6, bs);
    spec_i(d, 7, y->shape.dim[3]);
    return qs8_elem_grid(L, elems(y));
}

static bool qs8_conv(lower* L) {
    const ge_op* op = L->op;
    const bool dw = op->type == GE_OP_DEPTHWISE_CONV2D;
    const ge_tensor *x = in_t(L, 0), *w = in_t(L, 1), *b = in_t(L, 2), *y = out_t(L, 0);
    if (!qs8_supported(L) || x->shape.rank != 4 || y->shape.rank != 4 || w->shape.rank != 4)
        return no(L, "%s: int8 op outside what the kernels accept", ge_op_name(op->type));
    const ge_conv_params* p = &op->params.conv;
    const int32_t N = x->shape.dim[0], H = x->shape.dim[1], W = x->shape.dim[2], C = x->shape.dim[3];
    const int32_t KH = w->shape.dim[1], KW = w->shape.dim[2];
    const int32_t O = dw ? w->shape.dim[3] : w->shape.dim[0];
    const int32_t OH = y->shape.dim[1], OW = y->shape.dim[2];
    ge_conv_geom gm;
    if (!ge_conv_geometry(p, H, W, KH, KW, &gm) || (dw && O % C != 0)) return no(L, "%s: bad geometry", ge_op_name(op->type));
    const qs8_variant v = qs8_pick(L, !dw && C % 4 == 0, O % 4 == 0);
    if (v == QS8_NONE) return no(L, "%s: int8 with a channel count not a multiple of 4 needs 8-bit storage",
                                 ge_op_name(op->type));
    gv_dispatch* d = L->d;
    const int32_t qb = qs8_channel_params(L, x, w, b, y, O);
    if (qb == -1) return no(L, "%s: no room for the int8 parameters", ge_op_name(op->type));
    if (!bind_out(L, 0, 0) || !bind_in(L, 1, 0) || !bind_in(L, 2, 1) || !bind(L, 3, qb, false)) return false;
    d->shader = dw ? qs8_name(v, "dwconv_qs8_i8", "dwconv_qs8_p8", "dwconv_qs8_p8")
                   : qs8_name(v, "conv2d_qs8_i8", "conv2d_qs8_p8", "conv2d_qs8_p8dot");
    spec_i(d, 3, H);
    spec_i(d, 4, W);
    spec_i(d, 5, C);
    spec_i(d, 6, OH);
    spec_i(d, 7, OW);
    if (dw) {
        spec_i(d, 8, KH);
        spec_i(d, 9, KW);
        spec_i(d, 10, gm.stride_h);
        spec_i(d, 11, gm.stride_w);
        spec_i(d, 12, gm.dilation_h);
        spec_i(d, 13, gm.dilation_w);
        spec_i(d, 14, gm.pad_top);
        spec_i(d, 15, gm.pad_left);
        spec_i(d, 16, N * OH);
        spec_i(d, 17, O / C);
    } else {
        spec_i(d, 8, O);
        spec_i(d, 9, KH);
        spec_i(d, 10, KW);
        spec_i(d, 11, gm.stride_h);
        spec_i(d, 12, gm.stride_w);
        spec_i(d, 13, gm.dilation_h);
        spec_i(d, 14, gm.dilation_w);
        spec_i(d, 15, gm.pad_top);
        spec_i(d, 16, gm.pad_left);
        spec_i(d, 17, N * OH);
    }
    qs8_out_spec(L, 18, x, y, p->act);
    return grid(L, 8, 8, 1, ceil_div(O, 4), OW, (int64_t)N * OH);
}

static bool qs8_fc(lower* L) {
    const ge_tensor *x = in_t(L, 0), *w = in_t(L, 1), *b = in_t(L, 2), *y = out_t(L, 0);
    if (!qs8_supported(L) || w->shape.rank != 2) return no(L, "%s: int8 op outside what the kernels accept", "FULLY_CONNECTED");
    const int32_t units = w->shape.dim[0], depth = w->shape.dim[1];
    if (depth <= 0 || elems(x) % depth != 0) return no(L, "%s: bad shapes", "FULLY_CONNECTED");
    const int64_t rows = elems(x) / depth;
    const qs8_variant v = qs8_pick(L, depth % 4 == 0, units % 4 == 0);
    if (v == QS8_NONE) return no(L, "%s: int8 with units not a multiple of 4 needs 8-bit storage", "FULLY_CONNECTED");
    gv_dispatch* d = L->d;
    const int32_t qb = qs8_channel_params(L, x, w, b, y, units);
    if (qb == -1) return no(L, "%s: no room for the int8 parameters", "FULLY_CONNECTED");
    if (!bind_out(L, 0, 0) || !bind_in(L, 1, 0) || !bind_in(L, 2, 1) || !bind(L, 3, qb, false)) return false;
    d->shader = qs8_name(v, "fc_qs8_i8", "fc_qs8_p8", "fc_qs8_p8dot");
    spec_i(d, 3, depth);
    spec_i(d, 4, units);
    spec(d, 5, (uint32_t)rows);
    int32_t lo = GE_Q_MIN, hi = GE_Q_MAX;
    ge_q_act_bounds(L->op->params.fc.act, y->quant->scale[0], y->quant->zero_point[0], &lo, &hi);
    spec_i(d, 6, x->quant->zero_point[0]);
    spec_i(d, 7, y->quant->zero_point[0]);
    spec_i(d, 8, lo);
    spec_i(d, 9, hi);
    return grid(L, 64, 1, 1, ceil_div(units, 4), rows, 1);
}

static bool qs8_binary(lower* L) {
    const ge_op_type t = L->op->type;
    const ge_tensor *a = in_t(L, 0), *b = in_t(L, 1), *y = out_t(L, 0);
    if (!qs8_supported(L)) return no(L, "%s: int8 op outside what the kernels accept", ge_op_name(t));
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
    const int64_t n = elems(y);
    if (!qs8_elem_shader(L, "binary_qs8_i8", "binary_qs8_p8")) return false;
    if (!bind_out(L, 0, 0) || !bind_in(L, 1, 0) || !bind_in(L, 2, 1)) return false;
    spec_i(d, 3, t == GE_OP_ADD ? 0 : 1);
    uint32_t dim[4], st_a[4], st_b[4];
    if (!bcast4(L, &a->shape, &b->shape, &y->shape, dim, st_a, st_b)) return false;
    spec(d, 4, (uint32_t)n);
    for (int32_t k = 0; k < 3; k++) spec(d, 5 + k, dim[k]);
    for (int32_t k = 0; k < 4; k++) spec(d, 8 + k, st_a[k]);
    for (int32_t k = 0; k < 4; k++) spec(d, 12 + k, st_b[k]);
    spec_i(d, 16, za);
    spec_i(d, 17, zb);
    spec_i(d, 18, zy);
    spec_i(d, 19, lo);
    spec_i(d, 20, hi);
    spec_i(d, 21, ma.mult);
    spec_i(d, 22, ma.shift);
    spec_i(d, 23, mb.mult);
    spec_i(d, 24, mb.shift);
    spec_i(d, 25, mo.mult);
    spec_i(d, 26, mo.shift);
    return qs8_elem_grid(L, n);
}

static bool qs8_dequantize(lower* L) {
    const ge_tensor *x = in_t(L, 0), *y = out_t(L, 0);
    if (!is_i8(x) || x->quant->count != 1 || !is_f32(y)) return no(L, "%s: only per-tensor int8 -> f32", "DEQUANTIZE");
    gv_dispatch* d = L->d;
    if (!bind_out(L, 0, 0) || !bind_in(L, 1, 0)) return false;
    d->shader = L->lim->i8_storage ? "dequantize_qs8_i8" : "dequantize_qs8_p8";
    spec(d, 3, (uint32_t)elems(y));
    spec_i(d, 4, x->quant->zero_point[0]);
    spec_f(d, 5, x->quant->scale[0]);
    return grid_1d(L, elems(y));
}

bool gv_ops_lower(const ge_graph* g, int32_t o, const gv_device_limits* lim, const gv_faults* faults,
                  gu_arena* arena, gv_dispatch* d, char* why, size_t why_size) {
    memset(d, 0, sizeof(*d));
    for (int32_t i = 0; i < GV_MAX_BINDINGS; i++) d->tensor[i] = -1;
    lower L = {g, &g->ops[o], lim, arena, d, why, why_size};
    if (why && why_size) why[0] = '\0';
    const ge_op* op = L.op;
    if (faults && (faults->bits & GV_FAULT_UNSUPPORTED_OP) && faults->unsupported_op == op->type)
        return no(&L, "%s: no shader (injected fault)", ge_op_name(op->type));
    if (op->num_outputs < 1 || op->num_inputs < 1) return no(&L, "%s: no inputs or outputs", ge_op_name(op->type));
    if (is_i8(in_t(&L, 0)) || (op->type == GE_OP_CONCAT && is_i8(out_t(&L, 0)))) {
        switch (op->type) { /* int8 ops (the byte movers with 4-byte words are below) */
        case GE_OP_CONV2D:
        case GE_OP_DEPTHWISE_CONV2D: return qs8_conv(&L);
        case GE_OP_FULLY_CONNECTED: return qs8_fc(&L);
        case GE_OP_ADD:
        case GE_OP_MUL: return qs8_binary(&L);
        case GE_OP_DEQUANTIZE: return qs8_dequantize(&L);
        case GE_OP_MAX_POOL2D: return qs8_pool(&L, true);
        case GE_OP_AVERAGE_POOL2D: return qs8_pool(&L, false);
        case GE_OP_MEAN: return qs8_mean(&L);
        case GE_OP_PRELU: return qs8_prelu(&L);
        case GE_OP_LOGISTIC: return qs8_lut(&L);
        case GE_OP_PAD: return qs8_pad(&L);
        case GE_OP_CONCAT: return qs8_concat(&L);
        case GE_OP_RESIZE_BILINEAR: return qs8_resize(&L);
        case GE_OP_DEPTH_TO_SPACE: return x8_depth_to_space(&L);
        case GE_OP_RESHAPE: break;
        default: return no(&L, "%s: no int8 shader", ge_op_name(op->type));
        }
    }
    switch (op->type) {
    case GE_OP_CONV2D: return conv2d(&L);
    case GE_OP_DEPTHWISE_CONV2D: return dwconv2d(&L);
    case GE_OP_FULLY_CONNECTED: return fully_connected(&L);
    case GE_OP_MAX_POOL2D: return pool2d(&L, true);
    case GE_OP_AVERAGE_POOL2D: return pool2d(&L, false);
    case GE_OP_MEAN: return mean(&L);
    case GE_OP_ADD:
    case GE_OP_SUB:
    case GE_OP_MUL:
    case GE_OP_DIV:
    case GE_OP_FLOOR_DIV:
    case GE_OP_SQUARED_DIFFERENCE:
    case GE_OP_MAXIMUM:
    case GE_OP_MINIMUM:
    case GE_OP_PRELU: return binary(&L);
    case GE_OP_RELU:
    case GE_OP_RELU6:
    case GE_OP_LOGISTIC:
    case GE_OP_TANH:
    case GE_OP_EXP:
    case GE_OP_SQRT:
    case GE_OP_RSQRT:
    case GE_OP_NEG:
    case GE_OP_ABS:
    case GE_OP_FLOOR: return unary(&L);
    case GE_OP_CAST: return cast(&L);
    case GE_OP_RESHAPE: return reshape(&L);
    case GE_OP_CONCAT: return concat(&L);
    case GE_OP_SPLIT: return split(&L);
    case GE_OP_PAD: return pad(&L);
    case GE_OP_DEPTH_TO_SPACE: return depth_to_space(&L);
    case GE_OP_RESIZE_BILINEAR: return resize_bilinear(&L);
    default: return no(&L, "%s: no shader", ge_op_name(op->type));
    }
}
