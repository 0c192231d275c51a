/*
 * MAX_POOL2D, AVERAGE_POOL2D and MEAN on int8 (definitions in ge_ref_qs8.h). Taps outside the
 * input never count, as in the f32 kernels; the average's divisor is the number of taps inside,
 * folded into the requantisation multiplier sx / (sy * n).
 */
#include "engine/kernels/ref/ge_ref_qs8.h"

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
            ge_ref_taps_inside(iy0, 1, g.kernel_h, H, &fy0, &fy1);
            for (int32_t ox = 0; ox < OW; ox++) {
                const int64_t ix0 = (int64_t)ox * g.stride_w - g.pad_left;
                int32_t fx0, fx1;
                ge_ref_taps_inside(ix0, 1, g.kernel_w, W, &fx0, &fx1);
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
    ge_ref_walk kept, reduced;
    ge_ref_reduce_walks(p->axes_mask, &x->shape, &kept, &reduced);
    const int8_t* in = x->data;
    int8_t* out = y->data;
    const int32_t zx = ge_qs8_zp(x), zy = ge_qs8_zp(y);
    const ge_q_mult mult =
        ge_qs8_mult((double)ge_qs8_scale(x) / ((double)ge_qs8_scale(y) * (double)reduced.count));
    for (int64_t o = 0; o < kept.count; o++) {
        int32_t acc = 0;
        for (int64_t i = 0; i < reduced.count; i++) {
            acc += in[kept.off + reduced.off] - zx;
            ge_ref_walk_next(&reduced);
        }
        out[o] = ge_q_requant_out(acc, mult, zy, GE_Q_MIN, GE_Q_MAX);
        ge_ref_walk_next(&kept);
    }
}
