/*
 * MAX_POOL2D, AVERAGE_POOL2D and MEAN on int8 (definitions in ge_ref_qs8.h). Taps outside the
 * input never count, as in the f32 kernels; the average's divisor is the number of taps inside,
 * folded into the requantisation multiplier sx / (sy * n).
 */
#include "engine/kernels/ref/ge_ref_qs8.h"

static void clip(int64_t start, int32_t k, int32_t in, int32_t* lo, int32_t* hi) {
    int64_t a = start < 0 ? -start : 0;
    int64_t b = start + k > in ? in - start : k;
    if (b < a) b = a;
    *lo = (int32_t)a;
    *hi = (int32_t)b;
}

static void pool(const ge_conv_params* p, const ge_view* x, const ge_view* y, bool is_max) {
    const int32_t N = x->shape.dim[0], H = x->shape.dim[1], W = x->shape.dim[2], C = x->shape.dim[3];
    const int32_t OH = y->shape.dim[1], OW = y->shape.dim[2];
    ge_conv_geom g;
    ge_conv_geometry(p, H, W, p->filter_h, p->filter_w, &g);
    const int8_t* in = x->data;
    int8_t* out = y->data;
    const int32_t zx = ge_qs8_zp(x), zy = ge_qs8_zp(y);
    const double ratio = (double)ge_qs8_scale(x) / (double)ge_qs8_scale(y);
    int32_t lo, hi;
    ge_qs8_bounds(p->act, y, &lo, &hi);
    const ge_q_mult max_mult = ge_qs8_mult(ratio);
    int32_t mult_n = -1; /* the tap count mult was made for */
    ge_q_mult mult = max_mult;
    for (int32_t n = 0; n < N; n++) {
        for (int32_t oy = 0; oy < OH; oy++) {
            const int64_t iy0 = (int64_t)oy * g.stride_h - g.pad_top;
            int32_t fy0, fy1;
            clip(iy0, g.kernel_h, H, &fy0, &fy1);
            for (int32_t ox = 0; ox < OW; ox++) {
                const int64_t ix0 = (int64_t)ox * g.stride_w - g.pad_left;
                int32_t fx0, fx1;
                clip(ix0, g.kernel_w, W, &fx0, &fx1);
                const int32_t taps = (fy1 - fy0) * (fx1 - fx0);
                if (!is_max && taps > 0 && taps != mult_n) {
                    mult = ge_qs8_mult(ratio / (double)taps);
                    mult_n = taps;
                }
                int8_t* o = out + (((int64_t)n * OH + oy) * OW + ox) * C;
                for (int32_t c = 0; c < C; c++) {
                    int32_t acc = is_max ? -128 : 0;
                    for (int32_t fy = fy0; fy < fy1; fy++)
                        for (int32_t fx = fx0; fx < fx1; fx++) {
                            const int32_t v = in[(((int64_t)n * H + iy0 + fy) * W + ix0 + fx) * C + c];
                            if (is_max)
                                acc = v > acc ? v : acc;
                            else
                                acc += v - zx;
                        }
                    if (taps == 0)
                        o[c] = (int8_t)ge_q_clamp_i32(zy, lo, hi);
                    else if (is_max)
                        o[c] = ge_q_requant_out(acc - zx, max_mult, zy, lo, hi);
                    else
                        o[c] = ge_q_requant_out(acc, mult, zy, lo, hi);
                }
            }
        }
    }
}

void ge_qs8_max_pool2d_ref(const ge_conv_params* p, const ge_view* x, const ge_view* y) {
    pool(p, x, y, true);
}

void ge_qs8_avg_pool2d_ref(const ge_conv_params* p, const ge_view* x, const ge_view* y) {
    pool(p, x, y, false);
}

void ge_qs8_mean_ref(const ge_reduce_params* p, const ge_view* x, const ge_view* y) {
    const int32_t rank = x->shape.rank;
    int64_t stride[GE_MAX_RANK];
    int64_t s = 1;
    for (int32_t d = rank - 1; d >= 0; d--) {
        stride[d] = s;
        s *= x->shape.dim[d];
    }
    int64_t kdim[GE_MAX_RANK], kstride[GE_MAX_RANK], rdim[GE_MAX_RANK], rstride[GE_MAX_RANK];
    int32_t nk = 0, nr = 0;
    int64_t count = 1;
    for (int32_t d = 0; d < rank; d++) {
        if (p->axes_mask & (1u << d)) {
            rdim[nr] = x->shape.dim[d];
            rstride[nr++] = stride[d];
            count *= x->shape.dim[d];
        } else {
            kdim[nk] = x->shape.dim[d];
            kstride[nk++] = stride[d];
        }
    }
    const int8_t* in = x->data;
    int8_t* out = y->data;
    const int32_t zx = ge_qs8_zp(x), zy = ge_qs8_zp(y);
    const ge_q_mult mult = ge_qs8_mult((double)ge_qs8_scale(x) / ((double)ge_qs8_scale(y) * (double)count));
    int64_t outputs = 1;
    for (int32_t d = 0; d < nk; d++) outputs *= kdim[d];

    int64_t kidx[GE_MAX_RANK] = {0};
    int64_t base = 0;
    for (int64_t o = 0; o < outputs; o++) {
        int32_t acc = 0;
        int64_t ridx[GE_MAX_RANK] = {0};
        int64_t off = base;
        for (int64_t i = 0; i < count; i++) {
            acc += in[off] - zx;
            for (int32_t d = nr - 1; d >= 0; d--) {
                off += rstride[d];
                if (++ridx[d] < rdim[d]) break;
                off -= rstride[d] * rdim[d];
                ridx[d] = 0;
            }
        }
        out[o] = ge_q_requant_out(acc, mult, zy, GE_Q_MIN, GE_Q_MAX);
        for (int32_t d = nk - 1; d >= 0; d--) {
            base += kstride[d];
            if (++kidx[d] < kdim[d]) break;
            base -= kstride[d] * kdim[d];
            kidx[d] = 0;
        }
    }
}
