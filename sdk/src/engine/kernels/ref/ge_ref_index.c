/*
 * GATHER, GATHER_ND, ARG_MAX, TOPK, SELECT. Index tensors are run-time data: every index is
 * checked and an out-of-range one is an error (as in TF), never a wild read.
 */
#include <string.h>

#include "engine/kernels/ref/ge_ref.h"
#include "util/gu_error.h"

static inline int64_t load_index(const ge_view* idx, int64_t i) {
    return idx->dtype == GE_DTYPE_I64 ? ((const int64_t*)idx->data)[i] : ((const int32_t*)idx->data)[i];
}

static int64_t prod(const ge_shape* s, int32_t from, int32_t to) {
    int64_t p = 1;
    for (int32_t d = from; d < to; d++) p *= s->dim[d];
    return p;
}

/*
 * Viewing params as [B, P, A, R] (batch dims, dims before axis, the axis, the rest) and indices
 * as [B, I]: out[b, p, i, r] = params[b, p, indices[b, i], r].
 */
glint_result ge_any_gather_ref(const ge_axis_params* p, const ge_view* x, const ge_view* indices, const ge_view* y,
                               glint_error* err) {
    int32_t axis = p->axis, bd = p->batch_dims;
    ge_axis_normalize(axis, x->shape.rank, &axis);
    if (bd < 0) bd += indices->shape.rank;
    const size_t es = ge_dtype_size(x->dtype);
    const int64_t B = prod(&x->shape, 0, bd), P = prod(&x->shape, bd, axis), A = x->shape.dim[axis];
    const int64_t R = prod(&x->shape, axis + 1, x->shape.rank);
    const int64_t I = prod(&indices->shape, bd, indices->shape.rank);
    const size_t row = (size_t)R * es;
    const uint8_t* in = x->data;
    uint8_t* out = y->data;
    for (int64_t b = 0; b < B; b++)
        for (int64_t pp = 0; pp < P; pp++)
            for (int64_t i = 0; i < I; i++) {
                const int64_t k = load_index(indices, b * I + i);
                if (k < 0 || k >= A)
                    return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "GATHER: index %lld is outside [0, %lld)",
                                     (long long)k, (long long)A);
                memcpy(out + (size_t)(((b * P + pp) * I + i)) * row, in + (size_t)(((b * P + pp) * A + k)) * row, row);
            }
    return GLINT_SUCCESS;
}

/* indices [N, K] address the first K dims of params; each picks a slab of the remaining dims. */
glint_result ge_any_gather_nd_ref(const ge_view* x, const ge_view* indices, const ge_view* y, glint_error* err) {
    const int32_t ir = indices->shape.rank;
    const int32_t K = indices->shape.dim[ir - 1];
    const int64_t N = prod(&indices->shape, 0, ir - 1);
    const size_t es = ge_dtype_size(x->dtype);
    const int64_t slab = prod(&x->shape, K, x->shape.rank);
    const uint8_t* in = x->data;
    uint8_t* out = y->data;
    for (int64_t n = 0; n < N; n++) {
        int64_t off = 0;
        for (int32_t k = 0; k < K; k++) {
            const int64_t v = load_index(indices, n * K + k);
            if (v < 0 || v >= x->shape.dim[k])
                return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT,
                                 "GATHER_ND: index %lld on axis %d is outside [0, %d)", (long long)v, (int)k,
                                 (int)x->shape.dim[k]);
            off = off * x->shape.dim[k] + v;
        }
        memcpy(out + (size_t)(n * slab) * es, in + (size_t)(off * slab) * es, (size_t)slab * es);
    }
    return GLINT_SUCCESS;
}

static inline double load_value(const ge_view* v, int64_t i) {
    return v->dtype == GE_DTYPE_F32 ? (double)((const float*)v->data)[i] : (double)((const int32_t*)v->data)[i];
}

void ge_any_arg_max_ref(int32_t axis, const ge_view* x, const ge_view* y) {
    ge_axis_normalize(axis, x->shape.rank, &axis);
    const int64_t outer = prod(&x->shape, 0, axis), A = x->shape.dim[axis];
    const int64_t inner = prod(&x->shape, axis + 1, x->shape.rank);
    for (int64_t o = 0; o < outer; o++)
        for (int64_t r = 0; r < inner; r++) {
            const int64_t base = o * A * inner + r;
            int64_t best = 0;
            double best_v = load_value(x, base);
            for (int64_t a = 1; a < A; a++) {
                const double v = load_value(x, base + a * inner);
                if (v > best_v) { /* strict: ties keep the lowest index */
                    best_v = v;
                    best = a;
                }
            }
            if (y->dtype == GE_DTYPE_I64)
                ((int64_t*)y->data)[o * inner + r] = best;
            else
                ((int32_t*)y->data)[o * inner + r] = (int32_t)best;
        }
}

/*
 * Per row: insertion into the k-long output row, kept sorted descending. A later equal value
 * never moves ahead of an earlier one, so ties come out by lower index. f32 and i32 values are
 * both 4 bytes and compare exactly as doubles.
 */
void ge_any_topk_ref(int32_t k, const ge_view* x, const ge_view* values, const ge_view* indices) {
    const int32_t last = x->shape.dim[x->shape.rank - 1];
    const int64_t rows = ge_view_elements(x) / last;
    for (int64_t r = 0; r < rows; r++) {
        uint8_t* val = (uint8_t*)values->data + (size_t)(r * k) * 4;
        int32_t* idx = indices ? (int32_t*)indices->data + r * k : NULL;
        int32_t count = 0;
        for (int32_t i = 0; i < last; i++) {
            const double v = load_value(x, r * last + i);
            int32_t pos = count;
            while (pos > 0 && v > load_value(values, r * k + pos - 1)) pos--;
            if (pos >= k) continue;
            for (int32_t j = count < k ? count : k - 1; j > pos; j--) {
                memcpy(val + (size_t)j * 4, val + (size_t)(j - 1) * 4, 4);
                if (idx) idx[j] = idx[j - 1];
            }
            memcpy(val + (size_t)pos * 4, (const uint8_t*)x->data + (size_t)(r * last + i) * 4, 4);
            if (idx) idx[pos] = i;
            if (count < k) count++;
        }
    }
}

typedef struct select_ctx {
    const uint8_t* cond;
    const uint8_t* a;
    const uint8_t* b;
    uint8_t* out;
    size_t es;
} select_ctx;

static void select_row(void* ctx, const int64_t* off, int64_t n, const int64_t* st) {
    const select_ctx* c = ctx;
    for (int64_t i = 0; i < n; i++) {
        const bool t = c->cond[off[1] + i * st[1]] != 0;
        const uint8_t* src = t ? c->a + (size_t)(off[2] + i * st[2]) * c->es : c->b + (size_t)(off[3] + i * st[3]) * c->es;
        ge_ref_copy_elem(c->out + (size_t)(off[0] + i) * c->es, src, c->es);
    }
}

void ge_any_select_ref(const ge_view* cond, const ge_view* a, const ge_view* b, const ge_view* y) {
    const ge_shape* ins[3] = {&cond->shape, &a->shape, &b->shape};
    ge_bcast bc;
    ge_bcast_init(&bc, &y->shape, ins, 3);
    select_ctx c = {cond->data, a->data, b->data, y->data, ge_dtype_size(y->dtype)};
    ge_bcast_run(&bc, select_row, &c);
}
