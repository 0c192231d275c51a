/* gv_lower_util: the helpers of gv_lower.h. */
#include <stdio.h>
#include <string.h>

#include "engine/kernels/ref/ge_ref.h"
#include "engine/vulkan/gv_lower.h"

/* Room for the offset remainder when a tensor is bound at an aligned-down offset. */
#define GV_BIND_SLACK 256u

bool gv_no(gv_lower* L, const char* fmt, const char* arg) {
    if (L->why && L->why_size) snprintf(L->why, L->why_size, fmt, arg);
    return false;
}

const ge_tensor* gv_in(const gv_lower* L, int32_t i) {
    if (i >= L->op->num_inputs || L->op->inputs[i] < 0) return NULL;
    return &L->g->tensors[L->op->inputs[i]];
}
const ge_tensor* gv_out(const gv_lower* L, int32_t i) { return &L->g->tensors[L->op->outputs[i]]; }

int64_t gv_elems(const ge_tensor* t) { return ge_shape_elements(&t->shape); }
uint64_t gv_tbytes(const ge_tensor* t) { return (uint64_t)gv_elems(t) * ge_dtype_size(t->dtype); }
bool gv_is_f32(const ge_tensor* t) { return t && t->dtype == GE_DTYPE_F32; }
bool gv_is_x32(const ge_tensor* t) { return t && ge_dtype_size(t->dtype) == 4; }
bool gv_is_i8(const ge_tensor* t) { return t && t->dtype == GE_DTYPE_I8 && t->quant; }
uint32_t gv_ceil_div(int64_t a, int64_t b) { return (uint32_t)((a + b - 1) / b); }

int64_t gv_outer_of(const ge_shape* s, int32_t axis) {
    int64_t o = 1;
    for (int32_t i = 0; i < axis; i++) o *= s->dim[i];
    return o;
}

void gv_spec(gv_dispatch* d, int32_t id, uint32_t v) {
    d->spec[id] = v;
    if (id + 1 > d->num_spec) d->num_spec = id + 1;
}
void gv_spec_i(gv_dispatch* d, int32_t id, int32_t v) { gv_spec(d, id, (uint32_t)v); }
void gv_spec_f(gv_dispatch* d, int32_t id, float v) {
    uint32_t u;
    memcpy(&u, &v, 4);
    gv_spec(d, id, u);
}
int32_t gv_specs(gv_dispatch* d, int32_t id, int32_t n, const int32_t* v) {
    for (int32_t k = 0; k < n; k++) gv_spec_i(d, id + k, v[k]);
    return id + n;
}
int32_t gv_spec_window(gv_dispatch* d, int32_t id, int32_t kh, int32_t kw, const ge_conv_geom* gm) {
    return GV_SPECS(d, id, kh, kw, gm->stride_h, gm->stride_w, gm->dilation_h, gm->dilation_w, gm->pad_top,
                    gm->pad_left);
}

void* gv_aux_new(gv_lower* L, uint32_t bytes, int32_t* out_binding) {
    gv_dispatch* d = L->d;
    if (!L->arena || d->num_aux == GV_MAX_AUX) return NULL;
    void* p = gu_arena_alloc(L->arena, bytes ? bytes : 4);
    if (!p) return NULL;
    d->aux[d->num_aux].data = p;
    d->aux[d->num_aux].bytes = bytes;
    *out_binding = GV_AUX(d->num_aux++);
    return p;
}

bool gv_bind(gv_lower* L, int32_t b, int32_t t, bool write) {
    gv_dispatch* d = L->d;
    d->tensor[b] = t;
    d->write[b] = write;
    if (b + 1 > d->num_bindings) d->num_bindings = b + 1;
    if (t >= 0 && gv_tbytes(&L->g->tensors[t]) + GV_BIND_SLACK > L->lim->max_storage_range) {
        if (L->why && L->why_size)
            snprintf(L->why, L->why_size, "%s: a %llu-byte tensor exceeds maxStorageBufferRange (%u)",
                     ge_op_name(L->op->type), (unsigned long long)gv_tbytes(&L->g->tensors[t]),
                     L->lim->max_storage_range);
        return false;
    }
    return true;
}
bool gv_bind_in(gv_lower* L, int32_t b, int32_t i) {
    return gv_bind(L, b, i < L->op->num_inputs ? L->op->inputs[i] : -1, false);
}
bool gv_bind_out(gv_lower* L, int32_t b, int32_t i) { return gv_bind(L, b, L->op->outputs[i], true); }

bool gv_grid(gv_lower* L, uint32_t lx, uint32_t ly, uint32_t lz, int64_t nx, int64_t ny, int64_t nz) {
    gv_dispatch* d = L->d;
    gv_spec(d, 0, lx);
    gv_spec(d, 1, ly);
    gv_spec(d, 2, lz);
    const int64_t g[3] = {(nx + lx - 1) / lx, (ny + ly - 1) / ly, (nz + lz - 1) / lz};
    for (int i = 0; i < 3; i++) {
        if (g[i] < 1 || g[i] > (int64_t)L->lim->max_workgroup_count[i]) return gv_no(L, "%s: too many workgroups", "grid");
        d->groups[i] = (uint32_t)g[i];
    }
    return true;
}

bool gv_grid_1d(gv_lower* L, int64_t n) {
    const int64_t groups = (n + 63) / 64;
    const int64_t gx = groups < (int64_t)L->lim->max_workgroup_count[0] ? groups : L->lim->max_workgroup_count[0];
    const int64_t gy = (groups + gx - 1) / gx;
    if (n >= (int64_t)1 << 32) return gv_no(L, "%s: too many elements", "grid");
    return gv_grid(L, 64, 1, 1, gx * 64, gy, 1);
}

bool gv_bcast4(gv_lower* L, const ge_shape* a, const ge_shape* b, const ge_shape* y, uint32_t* dim, uint32_t* st_a,
               uint32_t* st_b) {
    const ge_shape* ins[2] = {a, b};
    ge_bcast bc;
    ge_bcast_init(&bc, y, ins, 2);
    if (bc.rank > 4) return gv_no(L, "%s: broadcast needs more than 4 dims", ge_op_name(L->op->type));
    for (int32_t k = 0; k < 4; k++) dim[k] = 1, st_a[k] = st_b[k] = 0;
    for (int32_t k = 0; k < bc.rank; k++) {
        const int32_t src = bc.rank - 1 - k;
        dim[k] = (uint32_t)bc.dim[src];
        st_a[k] = (uint32_t)bc.stride[1][src];
        st_b[k] = (uint32_t)bc.stride[2][src];
    }
    return true;
}

int32_t gv_spec_bcast4(gv_dispatch* d, int32_t id, const uint32_t* dim, const uint32_t* st_a, const uint32_t* st_b) {
    for (int32_t k = 0; k < 3; k++) gv_spec(d, id++, dim[k]);
    for (int32_t k = 0; k < 4; k++) gv_spec(d, id++, st_a[k]);
    for (int32_t k = 0; k < 4; k++) gv_spec(d, id++, st_b[k]);
    return id;
}

bool gv_reduce_span(gv_lower* L, const ge_tensor* x, int64_t* out_outer, int64_t* out_r, int64_t* out_inner) {
    const uint32_t mask = L->op->params.reduce.axes_mask;
    const int32_t rank = x->shape.rank;
    int32_t lo = -1, hi = -1;
    for (int32_t a = 0; a < rank; a++) {
        if (!(mask & (1u << a))) continue;
        if (lo < 0) lo = a;
        else if (a != hi + 1) return gv_no(L, "%s: reduced axes are not contiguous", "MEAN");
        hi = a;
    }
    if (lo < 0 || (mask >> rank) != 0) return gv_no(L, "%s: no axis to reduce", "MEAN");
    int64_t outer = 1, r = 1, inner = 1;
    for (int32_t a = 0; a < rank; a++) {
        if (a < lo) outer *= x->shape.dim[a];
        else if (a <= hi) r *= x->shape.dim[a];
        else inner *= x->shape.dim[a];
    }
    if (r <= 0) return gv_no(L, "%s: empty reduction", "MEAN");
    *out_outer = outer, *out_r = r, *out_inner = inner;
    return true;
}

bool gv_pad_dims(gv_lower* L, const ge_tensor* x, const ge_tensor* y, uint32_t* od, uint32_t* id, int32_t* before) {
    const int32_t rank = x->shape.rank;
    if (rank < 1 || rank > 4) return gv_no(L, "%s: rank outside 1..4", "PAD");
    const ge_pad_params* p = &L->op->params.pad;
    for (int32_t k = 0; k < 4; k++) od[k] = id[k] = 1, before[k] = 0;
    for (int32_t i = 0; i < rank; i++) {
        const int32_t k = 4 - rank + i;
        od[k] = (uint32_t)y->shape.dim[i];
        id[k] = (uint32_t)x->shape.dim[i];
        before[k] = p->before[i];
        if (p->before[i] < 0 || p->after[i] < 0) return gv_no(L, "%s: negative padding", "PAD");
    }
    return true;
}
