/*
 * Data-movement kernels in portable C (no ISA needed: memset/memcpy and loops the compiler
 * vectorises), faster than the element-at-a-time reference:
 *   ge_f32_pad_scalar   PAD of an f32 tensor with a constant: fill, then one copy per input row
 *   ge_f32_cast_scalar  CAST int32 / uint8 / int8 -> f32 (exact or correctly rounded, like C's
 *                       conversion in the reference)
 */
#include <string.h>

#include "engine/kernels/tmpl/ge_cpu_util.h"

/* ---- PAD ---- */

static bool pad_supports(const ge_op* op, const ge_view* in, const ge_view* out) {
    if (op->type != GE_OP_PAD || op->num_inputs < 1 || op->num_outputs != 1) return false;
    if (in[0].dtype != GE_DTYPE_F32 || out[0].dtype != GE_DTYPE_F32) return false;
    const int32_t rank = in[0].shape.rank;
    if (rank < 1 || rank != out[0].shape.rank) return false;
    for (int32_t d = 0; d < rank; d++) {
        const ge_pad_params* p = &op->params.pad;
        if (p->before[d] < 0 || p->after[d] < 0) return false;
        if (in[0].shape.dim[d] + p->before[d] + p->after[d] != out[0].shape.dim[d]) return false;
    }
    return true;
}

static glint_result no_state_prepare(const ge_op* op, const ge_view* in, const ge_view* out, ge_cpu_prep* prep,
                                     glint_error* err) {
    prep->state = NULL;
    prep->scratch_bytes = 0;
    return GLINT_SUCCESS;
}

static void pad_run(const ge_cpu_call* call) {
    const ge_pad_params* p = &call->op->params.pad;
    const ge_view* x = &call->in[0];
    const ge_view* y = &call->out[0];
    float* out = y->data;
    const float* in = x->data;
    const int64_t n_out = ge_shape_elements(&y->shape);
    const float v = p->value;
    uint32_t bits;
    memcpy(&bits, &v, 4);
    if (bits == 0) {
        memset(out, 0, (size_t)n_out * sizeof(float));
    } else {
        for (int64_t i = 0; i < n_out; i++) out[i] = v;
    }
    const int32_t rank = x->shape.rank, last = rank - 1;
    int64_t ost[GE_MAX_RANK];
    int64_t acc = 1;
    for (int32_t d = rank - 1; d >= 0; d--) {
        ost[d] = acc;
        acc *= y->shape.dim[d];
    }
    const int64_t row = x->shape.dim[last];
    const int64_t rows = row ? ge_shape_elements(&x->shape) / row : 0;
    int64_t idx[GE_MAX_RANK] = {0};
    for (int64_t r = 0; r < rows; r++) {
        int64_t off = p->before[last];
        for (int32_t d = 0; d < last; d++) off += (idx[d] + p->before[d]) * ost[d];
        memcpy(out + off, in + r * row, (size_t)row * sizeof(float));
        for (int32_t d = last - 1; d >= 0; d--) {
            if (++idx[d] < x->shape.dim[d]) break;
            idx[d] = 0;
        }
    }
}

/* ---- CAST to f32 ---- */

static bool cast_supports(const ge_op* op, const ge_view* in, const ge_view* out) {
    if (op->type != GE_OP_CAST || op->num_inputs != 1 || op->num_outputs != 1 || out[0].dtype != GE_DTYPE_F32)
        return false;
    const ge_dtype t = in[0].dtype;
    return (t == GE_DTYPE_I32 || t == GE_DTYPE_U8 || t == GE_DTYPE_I8) &&
           ge_shape_elements(&in[0].shape) == ge_shape_elements(&out[0].shape);
}

static void cast_run(const ge_cpu_call* call) {
    const int64_t n = ge_shape_elements(&call->out[0].shape);
    float* restrict y = call->out[0].data;
    switch (call->in[0].dtype) {
    case GE_DTYPE_I32: {
        const int32_t* restrict x = call->in[0].data;
        for (int64_t i = 0; i < n; i++) y[i] = (float)x[i];
        break;
    }
    case GE_DTYPE_U8: {
        const uint8_t* restrict x = call->in[0].data;
        for (int64_t i = 0; i < n; i++) y[i] = (float)x[i];
        break;
    }
    default: {
        const int8_t* restrict x = call->in[0].data;
        for (int64_t i = 0; i < n; i++) y[i] = (float)x[i];
        break;
    }
    }
}

const ge_cpu_kernel ge_cpu_layout_kernels_scalar[] = {
    {"ge_f32_pad_scalar", GE_OP_PAD, 0, pad_supports, no_state_prepare, pad_run},
    {"ge_f32_cast_scalar", GE_OP_CAST, 0, cast_supports, no_state_prepare, cast_run},
};
const int32_t ge_cpu_layout_kernels_scalar_count =
    (int32_t)(sizeof(ge_cpu_layout_kernels_scalar) / sizeof(ge_cpu_layout_kernels_scalar[0]));
