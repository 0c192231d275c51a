/* PAD (constant), STRIDED_SLICE (TF semantics via ge_slice_resolve), DEPTH_TO_SPACE: any dtype. */
#include <string.h>

#include "engine/kernels/ref/ge_ref.h"
#include "util/gu_fp16.h"

/* v truncated toward zero and saturated to [lo, hi] (NaN -> 0): float->int is undefined out of range. */
static int64_t sat_int(float v, double lo, double hi) {
    double t = v != v ? 0.0 : (double)v;
    t = t < lo ? lo : (t > hi ? hi : t);
    return (int64_t)t;
}

/* The pad value as one element of dtype t. */
static void pad_element(ge_dtype t, float v, uint8_t out[8]) {
    memset(out, 0, 8);
    switch (t) {
    case GE_DTYPE_F32: memcpy(out, &v, 4); break;
    case GE_DTYPE_F16: {
        uint16_t h = gu_f32_to_f16(v);
        memcpy(out, &h, 2);
        break;
    }
    case GE_DTYPE_I32: {
        int32_t i = (int32_t)sat_int(v, INT32_MIN, INT32_MAX);
        memcpy(out, &i, 4);
        break;
    }
    case GE_DTYPE_I64: {
        int64_t i = sat_int(v, -9223372036854775808.0, 9223372036854774784.0);
        memcpy(out, &i, 8);
        break;
    }
    case GE_DTYPE_I16: {
        int16_t i = (int16_t)sat_int(v, INT16_MIN, INT16_MAX);
        memcpy(out, &i, 2);
        break;
    }
    case GE_DTYPE_I8: out[0] = (uint8_t)(int8_t)sat_int(v, INT8_MIN, INT8_MAX); break;
    case GE_DTYPE_U8: out[0] = (uint8_t)sat_int(v, 0, UINT8_MAX); break;
    case GE_DTYPE_BOOL: out[0] = v != 0.0f; break;
    default: break;
    }
}

void ge_any_pad_ref(const ge_pad_params* p, const ge_view* x, const ge_view* y) {
    const size_t es = ge_dtype_size(x->dtype);
    const int32_t rank = x->shape.rank;
    uint8_t* out = y->data;
    const uint8_t* in = x->data;

    /* Fill everything with the pad value, then copy the input rows into place. */
    uint8_t elem[8];
    pad_element(x->dtype, p->value, elem);
    const int64_t n_out = ge_view_elements(y);
    for (int64_t i = 0; i < n_out; i++) memcpy(out + (size_t)i * es, elem, es);
    if (rank == 0) {
        memcpy(out, in, es);
        return;
    }

    int64_t ost[GE_MAX_RANK];
    int64_t acc = 1;
    for (int32_t d = rank - 1; d >= 0; d--) {
        ost[d] = acc;
        acc *= y->shape.dim[d];
    }
    const int64_t row = x->shape.dim[rank - 1];
    int64_t rows = 1;
    for (int32_t d = 0; d < rank - 1; d++) rows *= x->shape.dim[d];
    int64_t idx[GE_MAX_RANK] = {0};
    for (int64_t r = 0; r < rows; r++) {
        int64_t off = p->before[rank - 1];
        for (int32_t d = 0; d < rank - 1; d++) off += (idx[d] + p->before[d]) * ost[d];
        memcpy(out + (size_t)off * es, in + (size_t)(r * row) * es, (size_t)row * es);
        for (int32_t d = rank - 2; d >= 0; d--) {
            if (++idx[d] < x->shape.dim[d]) break;
            idx[d] = 0;
        }
    }
}

void ge_any_strided_slice_ref(const ge_slice_params* p, const ge_view* x, const ge_view* y) {
    ge_slice_plan plan;
    if (!ge_slice_resolve(p, &x->shape, &plan, NULL)) return; /* shape inference rejected it already */
    const size_t es = ge_dtype_size(x->dtype);
    const int32_t rank = plan.rank;
    int64_t xst[GE_MAX_RANK];
    int64_t acc = 1;
    for (int32_t d = rank - 1; d >= 0; d--) {
        xst[d] = acc;
        acc *= x->shape.dim[d];
    }
    int64_t total = 1, off = 0;
    for (int32_t d = 0; d < rank; d++) {
        total *= plan.size[d];
        off += plan.begin[d] * xst[d];
    }
    const uint8_t* in = x->data;
    uint8_t* out = y->data;
    /* The output's elements are the processing shape's, in the same order (new/shrunk axes have size 1). */
    int64_t idx[GE_MAX_RANK] = {0};
    for (int64_t i = 0; i < total; i++) {
        ge_ref_copy_elem(out + (size_t)i * es, in + (size_t)off * es, es);
        for (int32_t d = rank - 1; d >= 0; d--) {
            off += plan.stride[d] * xst[d];
            if (++idx[d] < plan.size[d]) break;
            off -= plan.stride[d] * xst[d] * plan.size[d];
            idx[d] = 0;
        }
    }
}

void ge_any_depth_to_space_ref(int32_t block, const ge_view* x, const ge_view* y) {
    const int32_t N = x->shape.dim[0], H = x->shape.dim[1], W = x->shape.dim[2], C = x->shape.dim[3];
    const int32_t b = block, CO = C / (block * block);
    const int32_t OH = H * b, OW = W * b;
    const size_t es = ge_dtype_size(x->dtype);
    const uint8_t* in = x->data;
    uint8_t* out = y->data;
    for (int32_t n = 0; n < N; n++)
        for (int32_t h = 0; h < H; h++)
            for (int32_t w = 0; w < W; w++) {
                const uint8_t* ip = in + (size_t)((((int64_t)n * H + h) * W + w) * C) * es;
                for (int32_t i = 0; i < b; i++)
                    for (int32_t j = 0; j < b; j++) {
                        const int64_t o = (((int64_t)n * OH + (int64_t)h * b + i) * OW + (int64_t)w * b + j) * CO;
                        memcpy(out + (size_t)o * es, ip + (size_t)((i * b + j) * CO) * es, (size_t)CO * es);
                    }
            }
}
