/*
 * CONV2D and DEPTHWISE_CONV2D, f32, NHWC.
 *
 * conv: filter OHWI. For each output pixel and output channel, the sum runs over the kernel
 * taps that land inside the input; with dilation 1 the valid taps of one kernel row are adjacent
 * pixels, so input and filter are both contiguous over (kx, cin) and one dot product covers the
 * row. Padding is implicit (taps outside the input contribute nothing).
 *
 * depthwise: filter [1, KH, KW, Cin*M]; output channel ic*M + m reads input channel ic. The
 * output pixel is the accumulator and the inner loop runs over contiguous channels.
 */
#include "engine/kernels/ref/ge_ref.h"

void ge_f32_conv2d_ref(const ge_conv_params* p, const ge_view* x, const ge_view* filter, const ge_view* bias,
                       const ge_view* y) {
    const int32_t N = x->shape.dim[0], H = x->shape.dim[1], W = x->shape.dim[2], C = x->shape.dim[3];
    const int32_t O = filter->shape.dim[0], KH = filter->shape.dim[1], KW = filter->shape.dim[2];
    const int32_t OH = y->shape.dim[1], OW = y->shape.dim[2];
    ge_conv_geom g;
    ge_conv_geometry(p, H, W, KH, KW, &g);
    const float* in = x->data;
    const float* wt = filter->data;
    const float* bs = bias ? bias->data : NULL;
    float* out = y->data;
    const int64_t filter_stride = (int64_t)KH * KW * C;

    for (int32_t n = 0; n < N; n++) {
        const float* in_n = in + (int64_t)n * H * W * C;
        for (int32_t oy = 0; oy < OH; oy++) {
            int32_t ky0, ky1;
            const int64_t iy0 = (int64_t)oy * g.stride_h - g.pad_top;
            ge_ref_taps_inside(iy0, g.dilation_h, KH, H, &ky0, &ky1);
            for (int32_t ox = 0; ox < OW; ox++) {
                int32_t kx0, kx1;
                const int64_t ix0 = (int64_t)ox * g.stride_w - g.pad_left;
                ge_ref_taps_inside(ix0, g.dilation_w, KW, W, &kx0, &kx1);
                float* o = out + (((int64_t)n * OH + oy) * OW + ox) * O;
                for (int32_t oc = 0; oc < O; oc++) {
                    const float* w_oc = wt + oc * filter_stride;
                    float acc = bs ? bs[oc] : 0.0f;
                    for (int32_t ky = ky0; ky < ky1; ky++) {
                        const int64_t iy = iy0 + (int64_t)ky * g.dilation_h;
                        const float* in_row = in_n + iy * W * C;
                        const float* w_row = w_oc + (int64_t)ky * KW * C;
                        if (g.dilation_w == 1) {
                            acc += ge_ref_dot(in_row + (ix0 + kx0) * C, w_row + (int64_t)kx0 * C,
                                              (int64_t)(kx1 - kx0) * C);
                        } else {
                            for (int32_t kx = kx0; kx < kx1; kx++) {
                                const int64_t ix = ix0 + (int64_t)kx * g.dilation_w;
                                acc += ge_ref_dot(in_row + ix * C, w_row + (int64_t)kx * C, C);
                            }
                        }
                    }
                    o[oc] = ge_ref_act(acc, p->act);
                }
            }
        }
    }
}

void ge_f32_dwconv2d_ref(const ge_conv_params* p, const ge_view* x, const ge_view* filter, const ge_view* bias,
                         const ge_view* y) {
    const int32_t N = x->shape.dim[0], H = x->shape.dim[1], W = x->shape.dim[2], C = x->shape.dim[3];
    const int32_t KH = filter->shape.dim[1], KW = filter->shape.dim[2], CO = filter->shape.dim[3];
    const int32_t OH = y->shape.dim[1], OW = y->shape.dim[2];
    const int32_t M = CO / C; /* depth multiplier, from the shapes (the param may be 0) */
    ge_conv_geom g;
    ge_conv_geometry(p, H, W, KH, KW, &g);
    const float* in = x->data;
    const float* wt = filter->data;
    const float* bs = bias ? bias->data : NULL;
    float* out = y->data;

    for (int32_t n = 0; n < N; n++) {
        const float* in_n = in + (int64_t)n * H * W * C;
        for (int32_t oy = 0; oy < OH; oy++) {
            int32_t ky0, ky1;
            const int64_t iy0 = (int64_t)oy * g.stride_h - g.pad_top;
            ge_ref_taps_inside(iy0, g.dilation_h, KH, H, &ky0, &ky1);
            for (int32_t ox = 0; ox < OW; ox++) {
                int32_t kx0, kx1;
                const int64_t ix0 = (int64_t)ox * g.stride_w - g.pad_left;
                ge_ref_taps_inside(ix0, g.dilation_w, KW, W, &kx0, &kx1);
                float* restrict o = out + (((int64_t)n * OH + oy) * OW + ox) * CO;
                for (int32_t c = 0; c < CO; c++) o[c] = bs ? bs[c] : 0.0f;
                for (int32_t ky = ky0; ky < ky1; ky++) {
                    const int64_t iy = iy0 + (int64_t)ky * g.dilation_h;
                    for (int32_t kx = kx0; kx < kx1; kx++) {
                        const int64_t ix = ix0 + (int64_t)kx * g.dilation_w;
                        const float* restrict ip = in_n + (iy * W + ix) * C;
                        const float* restrict wp = wt + ((int64_t)ky * KW + kx) * CO;
                        if (M == 1) {
                            for (int32_t c = 0; c < C; c++) o[c] += ip[c] * wp[c];
                        } else {
                            for (int32_t c = 0; c < C; c++)
                                for (int32_t m = 0; m < M; m++) o[c * M + m] += ip[c] * wp[c * M + m];
                        }
                    }
                }
                ge_ref_act_inplace(o, CO, p->act);
            }
        }
    }
}
