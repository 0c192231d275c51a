/*
 * MAX_POOL2D and AVERAGE_POOL2D, f32, NHWC. Only taps inside the input count: padding never
 * wins a max and is excluded from the average's divisor, as in TFLite.
 */
#include "engine/kernels/ref/ge_ref.h"

static void pool(const ge_conv_params* p, const ge_view* x, const ge_view* y, bool is_max) {
    const int32_t N = x->shape.dim[0], H = x->shape.dim[1], W = x->shape.dim[2], C = x->shape.dim[3];
    const int32_t OH = y->shape.dim[1], OW = y->shape.dim[2];
    ge_conv_geom g;
    ge_conv_geometry(p, H, W, p->filter_h, p->filter_w, &g);
    const float* in = x->data;
    float* out = y->data;
    for (int32_t n = 0; n < N; n++) {
        for (int32_t oy = 0; oy < OH; oy++) {
            const int64_t iy0 = (int64_t)oy * g.stride_h - g.pad_top;
            int32_t fy0, fy1;
            ge_ref_taps_inside(iy0, 1, g.kernel_h, H, &fy0, &fy1);
            for (int32_t ox = 0; ox < OW; ox++) {
                const int64_t ix0 = (int64_t)ox * g.stride_w - g.pad_left;
                int32_t fx0, fx1;
                ge_ref_taps_inside(ix0, 1, g.kernel_w, W, &fx0, &fx1);
                float* restrict o = out + (((int64_t)n * OH + oy) * OW + ox) * C;
                bool first = true;
                for (int32_t fy = fy0; fy < fy1; fy++) {
                    for (int32_t fx = fx0; fx < fx1; fx++) {
                        const float* restrict ip = in + (((int64_t)n * H + iy0 + fy) * W + ix0 + fx) * C;
                        if (first) {
                            for (int32_t c = 0; c < C; c++) o[c] = ip[c];
                            first = false;
                        } else if (is_max) {
                            for (int32_t c = 0; c < C; c++) o[c] = ip[c] > o[c] ? ip[c] : o[c];
                        } else {
                            for (int32_t c = 0; c < C; c++) o[c] += ip[c];
                        }
                    }
                }
                if (first) { /* no tap inside the input (only with huge pads): 0, as TFLite's empty sum */
                    for (int32_t c = 0; c < C; c++) o[c] = 0.0f;
                } else if (!is_max) {
                    const float count = (float)((fy1 - fy0) * (fx1 - fx0));
                    for (int32_t c = 0; c < C; c++) o[c] /= count;
                }
                ge_ref_act_inplace(o, C, p->act);
            }
        }
    }
}

void ge_f32_max_pool2d_ref(const ge_conv_params* p, const ge_view* x, const ge_view* y) {
    pool(p, x, y, true);
}

void ge_f32_avg_pool2d_ref(const ge_conv_params* p, const ge_view* x, const ge_view* y) {
    pool(p, x, y, false);
}
