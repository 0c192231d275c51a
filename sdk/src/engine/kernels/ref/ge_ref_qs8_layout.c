/*
 * Data movement that touches int8 values (definitions in ge_ref_qs8.h): CONCAT with a rescale
 * for inputs whose parameters differ from the output's, RESIZE_BILINEAR in exact integer
 * arithmetic, and PAD with the quantized pad value. Pure byte movers (RESHAPE, SPLIT, ...) use
 * the generic kernels.
 */
#include <string.h>

#include "engine/kernels/ref/ge_ref_qs8.h"

void ge_qs8_concat_ref(const ge_axis_params* p, const ge_view* inputs, int32_t num_inputs, const ge_view* y) {
    const int32_t rank = y->shape.rank;
    int32_t axis = 0;
    ge_axis_normalize(p->axis, rank, &axis);
    int64_t outer = 1, inner = 1;
    for (int32_t d = 0; d < axis; d++) outer *= y->shape.dim[d];
    for (int32_t d = axis + 1; d < rank; d++) inner *= y->shape.dim[d];
    const int64_t out_row = (int64_t)y->shape.dim[axis] * inner;
    const float sy = ge_qs8_scale(y);
    const int32_t zy = ge_qs8_zp(y);
    int32_t lo, hi;
    ge_qs8_bounds(p->act, y, &lo, &hi);
    int8_t* out = y->data;
    int64_t at = 0;
    for (int32_t i = 0; i < num_inputs; i++) {
        const ge_view* x = &inputs[i];
        const int64_t row = (int64_t)x->shape.dim[axis] * inner;
        const int8_t* in = x->data;
        const int32_t zx = ge_qs8_zp(x);
        const bool same = ge_qs8_scale(x) == sy && zx == zy;
        const ge_q_mult m = ge_qs8_mult((double)ge_qs8_scale(x) / (double)sy);
        for (int64_t o = 0; o < outer; o++) {
            int8_t* dst = out + o * out_row + at;
            const int8_t* src = in + o * row;
            if (same) {
                for (int64_t k = 0; k < row; k++) dst[k] = (int8_t)ge_q_clamp_i32(src[k], lo, hi);
            } else {
                for (int64_t k = 0; k < row; k++) dst[k] = ge_q_requant_out(src[k] - zx, m, zy, lo, hi);
            }
        }
        at += row;
    }
}

static int64_t floor_div64(int64_t a, int64_t b) { /* b > 0 */
    int64_t q = a / b;
    if (a % b != 0 && a < 0) q--;
    return q;
}

void ge_qs8_resize_source(int32_t o, int32_t in, int32_t out, bool align_corners, bool half_pixel, int32_t* out_lo,
                          int32_t* out_hi, int32_t* out_w) {
    int64_t num, den;
    if (half_pixel) {
        num = (2 * (int64_t)o + 1) * in - out;
        den = 2 * (int64_t)out;
    } else if (align_corners && out > 1) {
        num = (int64_t)o * (in - 1);
        den = out - 1;
    } else {
        num = (int64_t)o * in;
        den = out;
    }
    const int64_t fl = floor_div64(num, den);
    const int64_t cl = fl * den == num ? fl : fl + 1;
    const int64_t lo = fl > 0 ? fl : 0;
    const int64_t hi = cl < in - 1 ? cl : in - 1;
    /* w = round_half_up((num / den - lo) * 2^F) = floor(((num - lo * den) * 2^(F+1) + den) / (2 den)) */
    const int64_t rem = num - lo * den;
    int64_t w = floor_div64(rem * (INT64_C(2) << GE_QS8_RESIZE_FRAC_BITS) + den, 2 * den);
    const int64_t one = INT64_C(1) << GE_QS8_RESIZE_FRAC_BITS;
    if (w < 0) w = 0; /* src < 0 clamps to lo = hi = 0, where the weight does not matter */
    if (w > one) w = one;
    *out_lo = (int32_t)lo;
    *out_hi = (int32_t)(hi > lo ? hi : lo);
    *out_w = (int32_t)w;
}

void ge_qs8_resize_bilinear_ref(const ge_resize_params* p, const ge_view* x, const ge_view* y) {
    const int32_t N = x->shape.dim[0], H = x->shape.dim[1], W = x->shape.dim[2], C = x->shape.dim[3];
    const int32_t OH = y->shape.dim[1], OW = y->shape.dim[2];
    const int32_t one = 1 << GE_QS8_RESIZE_FRAC_BITS;
    const int32_t shift = 2 * GE_QS8_RESIZE_FRAC_BITS;
    const int8_t* in = x->data;
    int8_t* out = y->data;
    for (int32_t n = 0; n < N; n++) {
        const int8_t* in_n = in + (int64_t)n * H * W * C;
        for (int32_t oy = 0; oy < OH; oy++) {
            int32_t y0, y1, wy;
            ge_qs8_resize_source(oy, H, OH, p->align_corners, p->half_pixel_centers, &y0, &y1, &wy);
            for (int32_t ox = 0; ox < OW; ox++) {
                int32_t x0, x1, wx;
                ge_qs8_resize_source(ox, W, OW, p->align_corners, p->half_pixel_centers, &x0, &x1, &wx);
                const int32_t w00 = (one - wy) * (one - wx), w01 = (one - wy) * wx;
                const int32_t w10 = wy * (one - wx), w11 = wy * wx;
                const int8_t* p00 = in_n + ((int64_t)y0 * W + x0) * C;
                const int8_t* p01 = in_n + ((int64_t)y0 * W + x1) * C;
                const int8_t* p10 = in_n + ((int64_t)y1 * W + x0) * C;
                const int8_t* p11 = in_n + ((int64_t)y1 * W + x1) * C;
                int8_t* o = out + (((int64_t)n * OH + oy) * OW + ox) * C;
                for (int32_t c = 0; c < C; c++) {
                    const int32_t acc = p00[c] * w00 + p01[c] * w01 + p10[c] * w10 + p11[c] * w11;
                    o[c] = (int8_t)((acc + (1 << (shift - 1))) >> shift);
                }
            }
        }
    }
}

void ge_qs8_pad_ref(const ge_pad_params* p, const ge_view* x, const ge_view* y) {
    const int8_t fill = ge_q_quantize(p->value, ge_qs8_scale(y), ge_qs8_zp(y));
    memset(y->data, (uint8_t)fill, (size_t)ge_view_elements(y));
    const int32_t rank = x->shape.rank;
    /* Walk x row by row (innermost dim contiguous) and copy each row to its padded place. */
    int64_t ostride[GE_MAX_RANK];
    int64_t s = 1;
    for (int32_t d = rank - 1; d >= 0; d--) {
        ostride[d] = s;
        s *= y->shape.dim[d];
    }
    const int32_t last = rank - 1;
    const int64_t row = rank ? x->shape.dim[last] : 1;
    const int64_t rows = ge_view_elements(x) / row;
    const int8_t* in = x->data;
    int8_t* out = y->data;
    int64_t idx[GE_MAX_RANK] = {0};
    for (int64_t r = 0; r < rows; r++) {
        int64_t off = 0;
        for (int32_t d = 0; d < rank; d++) off += (idx[d] + p->before[d]) * ostride[d];
        memcpy(out + off, in + r * row, (size_t)row);
        for (int32_t d = last - 1; d >= 0; d--) {
            if (++idx[d] < x->shape.dim[d]) break;
            idx[d] = 0;
        }
    }
}
