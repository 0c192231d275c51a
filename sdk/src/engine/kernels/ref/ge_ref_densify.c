/*
 * DENSIFY: CSR values -> dense tensor of the same dtype (f16, f32, i8, ...; moved by bytes).
 * The CSR arrays come straight from the model file, so the whole description is validated
 * (ge_densify_validate) before a single element is written; the walk then cannot leave bounds.
 */
#include <string.h>

#include "engine/kernels/ref/ge_ref.h"
#include "util/gu_error.h"

typedef struct densify_walk {
    const ge_densify_params* p;
    const ge_shape* dense;
    int64_t stride[GE_MAX_RANK]; /* dense row-major strides, indexed by dense dim */
    const uint8_t* values;
    uint8_t* out;
    size_t es;
    int64_t next_value;
} densify_walk;

/* Level l, parent position pos, dense offset so far. */
static void walk(densify_walk* w, int32_t l, int64_t pos, int64_t offset) {
    const ge_densify_params* p = w->p;
    if (l == p->num_dims) {
        memcpy(w->out + (size_t)offset * w->es, w->values + (size_t)w->next_value * w->es, w->es);
        w->next_value++;
        return;
    }
    const int32_t d = p->traversal_order[l];
    if (p->dim_format[l] == 0) {
        const int64_t size = w->dense->dim[d];
        for (int64_t i = 0; i < size; i++) walk(w, l + 1, pos * size + i, offset + i * w->stride[d]);
    } else {
        const int32_t* seg = p->segments[l];
        const int32_t* idx = p->indices[l];
        for (int64_t i = seg[pos]; i < seg[pos + 1]; i++) walk(w, l + 1, i, offset + idx[i] * w->stride[d]);
    }
}

glint_result ge_any_densify_ref(const ge_densify_params* p, const ge_view* x, const ge_view* y, glint_error* err) {
    const char* why = "";
    if (!ge_densify_validate(p, &y->shape, ge_view_elements(x), &why))
        return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT, "DENSIFY: %s", why);
    densify_walk w;
    memset(&w, 0, sizeof(w));
    w.p = p;
    w.dense = &y->shape;
    int64_t acc = 1;
    for (int32_t d = y->shape.rank - 1; d >= 0; d--) {
        w.stride[d] = acc;
        acc *= y->shape.dim[d];
    }
    w.values = x->data;
    w.out = y->data;
    w.es = ge_dtype_size(y->dtype);
    memset(w.out, 0, (size_t)acc * w.es); /* zero is all-zero bytes for every dtype */
    walk(&w, 0, 0, 0);
    return GLINT_SUCCESS;
}
