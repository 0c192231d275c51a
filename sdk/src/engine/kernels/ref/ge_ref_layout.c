/* RESHAPE (a copy), TRANSPOSE, CONCAT, SPLIT, TILE: any dtype, moved by bytes. */
#include <string.h>

#include "engine/kernels/ref/ge_ref.h"

void ge_any_copy_ref(const ge_view* x, const ge_view* y) {
    if (x->data == y->data) return; /* an in-place reshape */
    memmove(y->data, x->data, (size_t)ge_view_elements(x) * ge_dtype_size(x->dtype));
}

/* Row-major strides of a shape, in elements. */
static void strides_of(const ge_shape* s, int64_t* st) {
    int64_t acc = 1;
    for (int32_t d = s->rank - 1; d >= 0; d--) {
        st[d] = acc;
        acc *= s->dim[d];
    }
}

void ge_any_transpose_ref(const ge_transpose_params* p, const ge_view* x, const ge_view* y) {
    const int32_t rank = x->shape.rank;
    const size_t es = ge_dtype_size(x->dtype);
    int64_t xst[GE_MAX_RANK], st[GE_MAX_RANK], dim[GE_MAX_RANK];
    strides_of(&x->shape, xst);
    /* Walk the output in order; output axis d moves along input axis perm[d]. */
    for (int32_t d = 0; d < rank; d++) {
        dim[d] = y->shape.dim[d];
        st[d] = xst[p->perm[d]];
    }
    const uint8_t* in = x->data;
    uint8_t* out = y->data;
    const int64_t n = ge_view_elements(y);
    int64_t idx[GE_MAX_RANK] = {0};
    int64_t off = 0;
    for (int64_t i = 0; i < n; i++) {
        ge_ref_copy_elem(out + (size_t)i * es, in + (size_t)off * es, es);
        for (int32_t d = rank - 1; d >= 0; d--) {
            off += st[d];
            if (++idx[d] < dim[d]) break;
            off -= st[d] * dim[d];
            idx[d] = 0;
        }
    }
}

/* outer = product of dims before axis; a "chunk" is one input's slab for one outer index. */
static int64_t outer_of(const ge_shape* s, int32_t axis) {
    int64_t o = 1;
    for (int32_t d = 0; d < axis; d++) o *= s->dim[d];
    return o;
}

void ge_any_concat_ref(int32_t axis, const ge_view* inputs, int32_t num_inputs, const ge_view* y) {
    ge_axis_normalize(axis, y->shape.rank, &axis);
    const size_t es = ge_dtype_size(y->dtype);
    const int64_t outer = outer_of(&y->shape, axis);
    uint8_t* out = y->data;
    for (int64_t o = 0; o < outer; o++) {
        for (int32_t i = 0; i < num_inputs; i++) {
            const int64_t chunk = ge_view_elements(&inputs[i]) / outer;
            memcpy(out, (const uint8_t*)inputs[i].data + (size_t)(o * chunk) * es, (size_t)chunk * es);
            out += (size_t)chunk * es;
        }
    }
}

void ge_any_split_ref(int32_t axis, const ge_view* x, const ge_view* outputs, int32_t num_outputs) {
    ge_axis_normalize(axis, x->shape.rank, &axis);
    const size_t es = ge_dtype_size(x->dtype);
    const int64_t outer = outer_of(&x->shape, axis);
    const uint8_t* in = x->data;
    for (int64_t o = 0; o < outer; o++) {
        for (int32_t i = 0; i < num_outputs; i++) {
            /* element counts, not shapes: an Unpack output has the axis squeezed away */
            const int64_t chunk = ge_view_elements(&outputs[i]) / outer;
            memcpy((uint8_t*)outputs[i].data + (size_t)(o * chunk) * es, in, (size_t)chunk * es);
            in += (size_t)chunk * es;
        }
    }
}

void ge_any_tile_ref(const ge_tile_params* p, const ge_view* x, const ge_view* y) {
    const int32_t rank = y->shape.rank;
    const size_t es = ge_dtype_size(x->dtype);
    int64_t xst[GE_MAX_RANK];
    strides_of(&x->shape, xst);
    const uint8_t* in = x->data;
    uint8_t* out = y->data;
    const int64_t n = ge_view_elements(y);
    int64_t idx[GE_MAX_RANK] = {0}; /* output index */
    int64_t src[GE_MAX_RANK] = {0}; /* input index = idx mod input dim */
    int64_t off = 0;
    (void)p; /* the multiples are implied by the shapes */
    for (int64_t i = 0; i < n; i++) {
        ge_ref_copy_elem(out + (size_t)i * es, in + (size_t)off * es, es);
        for (int32_t d = rank - 1; d >= 0; d--) {
            ++idx[d];
            if (++src[d] == x->shape.dim[d]) {
                src[d] = 0;
                off -= xst[d] * (x->shape.dim[d] - 1);
            } else {
                off += xst[d];
            }
            if (idx[d] < y->shape.dim[d]) break;
            idx[d] = 0;
            /* idx wrapped: y dim is a multiple of x dim, so src wrapped to 0 as well */
        }
    }
}
