/*
 * CONV2D, DEPTHWISE_CONV2D and FULLY_CONNECTED on int8 (definitions in ge_ref_qs8.h):
 * acc = bias[c] + sum (x - zx) * w over the taps inside the input, then one requantisation per
 * output channel. Loop structure mirrors the f32 kernels (ge_ref_conv.c); the per-channel
 * multipliers are computed for a block of channels at a time on the stack, so nothing is
 * allocated and each (M, s) is derived once per block, not once per pixel.
 */
#include "engine/kernels/ref/ge_ref_qs8.h"

#define CH_BLOCK 64

static inline int32_t dot_qs8(const int8_t* restrict x, const int8_t* restrict w, int64_t n, int32_t zx) {
    int32_t s = 0;
    for (int64_t i = 0; i < n; i++) s += ((int32_t)x[i] - zx) * (int32_t)w[i];
    return s;
}

/* Multipliers of channels [c0, c0 + n): m[c] = sx * sw[c] / sy. */
static void block_mults(const ge_view* x, const ge_view* w, const ge_view* y, int32_t c0, int32_t n,
                        ge_q_mult* out) {
    const double sx = ge_qs8_scale(x), sy = ge_qs8_scale(y);
    for (int32_t i = 0; i < n; i++) out[i] = ge_qs8_mult(sx * (double)ge_qs8_channel_scale(w, c0 + i) / sy);
}

void ge_qs8_conv2d_ref(const ge_conv_params* p, const ge_view* x, const ge_view* filter, const ge_view* bias,
                       const ge_view* y) {
    const int32_t N = x->shape.dim[0], H = x->shape.dim[1], W = x->shape.dim[2], C = x->shape.dim[3];
    const int32_t O = filter->shape.dim[0], KH = filter->shape.dim[1], KW = filter->shape.dim[2];
    const int32_t OH = y->shape.dim[1], OW = y->shape.dim[2];
    ge_conv_geom g;
    ge_conv_geometry(p, H, W, KH, KW, &g);
    const int8_t* in = x->data;
    const int8_t* wt = filter->data;
    const int32_t* bs = bias ? bias->data : NULL;
    int8_t* out = y->data;
    const int32_t zx = ge_qs8_zp(x), zy = ge_qs8_zp(y);
    int32_t lo, hi;
    ge_qs8_bounds(p->act, y, &lo, &hi);
    const int64_t filter_stride = (int64_t)KH * KW * C;
    ge_q_mult mult[CH_BLOCK];

    for (int32_t c0 = 0; c0 < O; c0 += CH_BLOCK) {
        const int32_t nc = O - c0 < CH_BLOCK ? O - c0 : CH_BLOCK;
        block_mults(x, filter, y, c0, nc, mult);
        for (int32_t n = 0; n < N; n++) {
            const int8_t* in_n = in + (int64_t)n * H * W * C;
            for (int32_t oy = 0; oy < OH; oy++) {
                int32_t ky0, ky1;
                const int64_t iy0 = (int64_t)oy * g.stride_h - g.pad_top;
                ge_ref_taps_inside(iy0, g.dilation_h, KH, H, &ky0, &ky1);
                for (int32_t ox = 0; ox < OW; ox++) {
                    int32_t kx0, kx1;
                    const int64_t ix0 = (int64_t)ox * g.stride_w - g.pad_left;
                    ge_ref_taps_inside(ix0, g.dilation_w, KW, W, &kx0, &kx1);
                    int8_t* o = out + (((int64_t)n * OH + oy) * OW + ox) * O;
                    for (int32_t ci = 0; ci < nc; ci++) {
                        const int32_t oc = c0 + ci;
                        const int8_t* w_oc = wt + oc * filter_stride;
                        int32_t acc = bs ? bs[oc] : 0;
                        for (int32_t ky = ky0; ky < ky1; ky++) {
                            const int64_t iy = iy0 + (int64_t)ky * g.dilation_h;
                            const int8_t* in_row = in_n + iy * W * C;
                            const int8_t* w_row = w_oc + (int64_t)ky * KW * C;
                            if (g.dilation_w == 1) {
                                acc += dot_qs8(in_row + (ix0 + kx0) * C, w_row + (int64_t)kx0 * C,
                                               (int64_t)(kx1 - kx0) * C, zx);
                            } else {
                                for (int32_t kx = kx0; kx < kx1; kx++) {
                                    const int64_t ix = ix0 + (int64_t)kx * g.dilation_w;
                                    acc += dot_qs8(in_row + ix * C, w_row + (int64_t)kx * C, C, zx);
                                }
                            }
                        }
                        o[oc] = ge_q_requant_out(acc, mult[ci], zy, lo, hi);
                    }
                }
            }
        }
    }
}

void ge_qs8_dwconv2d_ref(const ge_conv_params* p, const ge_view* x, const ge_view* filter, const ge_view* bias,
                         const ge_view* y) {
    const int32_t N = x->shape.dim[0], H = x->shape.dim[1], W = x->shape.dim[2], C = x->shape.dim[3];
    const int32_t KH = filter->shape.dim[1], KW = filter->shape.dim[2], CO = filter->shape.dim[3];
    const int32_t OH = y->shape.dim[1], OW = y->shape.dim[2];
    const int32_t M = CO / C;
    ge_conv_geom g;
    ge_conv_geometry(p, H, W, KH, KW, &g);
    const int8_t* in = x->data;
    const int8_t* wt = filter->data;
    const int32_t* bs = bias ? bias->data : NULL;
    int8_t* out = y->data;
    const int32_t zx = ge_qs8_zp(x), zy = ge_qs8_zp(y);
    int32_t lo, hi;
    ge_qs8_bounds(p->act, y, &lo, &hi);
    ge_q_mult mult[CH_BLOCK];
    int32_t acc[CH_BLOCK];

    for (int32_t c0 = 0; c0 < CO; c0 += CH_BLOCK) {
        const int32_t nc = CO - c0 < CH_BLOCK ? CO - c0 : CH_BLOCK;
        block_mults(x, filter, y, c0, nc, mult);
        for (int32_t n = 0; n < N; n++) {
            const int8_t* in_n = in + (int64_t)n * H * W * C;
            for (int32_t oy = 0; oy < OH; oy++) {
                int32_t ky0, ky1;
                const int64_t iy0 = (int64_t)oy * g.stride_h - g.pad_top;
                ge_ref_taps_inside(iy0, g.dilation_h, KH, H, &ky0, &ky1);
                for (int32_t ox = 0; ox < OW; ox++) {
                    int32_t kx0, kx1;
                    const int64_t ix0 = (int64_t)ox * g.stride_w - g.pad_left;
                    ge_ref_taps_inside(ix0, g.dilation_w, KW, W, &kx0, &kx1);
                    for (int32_t ci = 0; ci < nc; ci++) acc[ci] = bs ? bs[c0 + ci] : 0;
                    for (int32_t ky = ky0; ky < ky1; ky++) {
                        const int64_t iy = iy0 + (int64_t)ky * g.dilation_h;
                        for (int32_t kx = kx0; kx < kx1; kx++) {
                            const int64_t ix = ix0 + (int64_t)kx * g.dilation_w;
                            const int8_t* ip = in_n + (iy * W + ix) * C;
                            const int8_t* wp = wt + ((int64_t)ky * KW + kx) * CO + c0;
                            if (M == 1) { /* the common case, kept free of the division */
                                for (int32_t ci = 0; ci < nc; ci++)
                                    acc[ci] += ((int32_t)ip[c0 + ci] - zx) * (int32_t)wp[ci];
                            } else {
                                for (int32_t ci = 0; ci < nc; ci++)
                                    acc[ci] += ((int32_t)ip[(c0 + ci) / M] - zx) * (int32_t)wp[ci];
                            }
                        }
                    }
                    int8_t* o = out + (((int64_t)n * OH + oy) * OW + ox) * CO + c0;
                    for (int32_t ci = 0; ci < nc; ci++) o[ci] = ge_q_requant_out(acc[ci], mult[ci], zy, lo, hi);
                }
            }
        }
    }
}

void ge_qs8_fully_connected_ref(const ge_fc_params* p, const ge_view* x, const ge_view* w, const ge_view* bias,
                                const ge_view* y) {
    const int32_t O = w->shape.dim[0], K = w->shape.dim[1];
    const int64_t rows = ge_view_elements(x) / K;
    const int8_t* in = x->data;
    const int8_t* wt = w->data;
    const int32_t* bs = bias ? bias->data : NULL;
    int8_t* out = y->data;
    const int32_t zx = ge_qs8_zp(x), zy = ge_qs8_zp(y);
    int32_t lo, hi;
    ge_qs8_bounds(p->act, y, &lo, &hi);
    ge_q_mult mult[CH_BLOCK];
    for (int32_t c0 = 0; c0 < O; c0 += CH_BLOCK) {
        const int32_t nc = O - c0 < CH_BLOCK ? O - c0 : CH_BLOCK;
        block_mults(x, w, y, c0, nc, mult);
        for (int64_t r = 0; r < rows; r++)
            for (int32_t ci = 0; ci < nc; ci++) {
                const int32_t oc = c0 + ci;
                int32_t acc = (bs ? bs[oc] : 0) + dot_qs8(in + r * K, wt + (int64_t)oc * K, K, zx);
                out[r * O + oc] = ge_q_requant_out(acc, mult[ci], zy, lo, hi);
            }
    }
}
