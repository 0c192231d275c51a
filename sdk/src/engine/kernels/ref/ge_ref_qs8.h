/*
 * ge_ref_qs8: the int8 reference kernels ("qs8": signed 8-bit, quantized), private to the engine.
 *
 * The arithmetic is ge_quant_math.h's; these kernels only say which accumulator each op forms
 * and which multiplier it applies. They are the oracle the SIMD kernels and shaders are tested
 * against bit for bit, so every op's integer definition is written down here.
 *
 * Tensors: int8 activations carry per-tensor (scale, zp); conv/FC weights are int8 symmetric
 * per output channel (or per tensor), bias int32 with scale x_scale * w_scale[c]. "m" below is
 * always a double computed from the float scales and turned into (M, s) by ge_q_mult_from_double;
 * "requant" and "clamp" are ge_q_requant and the fused activation's bounds (ge_q_act_bounds).
 *
 *  CONV2D, DEPTHWISE_CONV2D, FULLY_CONNECTED
 *      acc = bias[c] + sum over taps inside the input of (x - zx) * w      (padding adds 0)
 *      y   = clamp(zy + requant(acc, m[c] = sx * sw[c] / sy))
 *  ADD  ge_q_add (both inputs rescaled with 20 fraction bits, then the output multiplier).
 *  MUL  ge_q_mul: y = clamp(zy + requant((a - za) * (b - zb), sa * sb / sy)).
 *       Both with numpy broadcasting.
 *  MAX_POOL2D   v = max over taps inside the input; y = clamp(zy + requant(v - zx, sx / sy))
 *               (equal to clamp(v) when x and y share their parameters; empty window: zy).
 *  AVERAGE_POOL2D  n = taps inside the input; y = clamp(zy + requant(sum(x - zx), sx / (sy * n))).
 *  MEAN         n = reduced elements; the same as the average with n.
 *  CONCAT       per input: a byte copy when (sx, zx) == (sy, zy), else
 *               y = clamp(zy + requant(x - zx, sx / sy)); clamp from the fused act.
 *  RESIZE_BILINEAR (x and y share their parameters): the source coordinate of output index o
 *      along an axis of in -> out is the exact rational src = N / D:
 *          half_pixel_centers: N = (2o + 1) * in - out,  D = 2 * out
 *          align_corners (out > 1): N = o * (in - 1),     D = out - 1
 *          otherwise:               N = o * in,           D = out
 *      lo = max(floor(src), 0), hi = min(ceil(src), in - 1),
 *      w = round_half_up((src - lo) * 2^11) (an integer in [0, 2048], exact integer math),
 *      y = floor((sum of x[corner] * wy * wx  + 2^21) / 2^22) with the 4 corner weights
 *      (2048 - wy)(2048 - wx), (2048 - wy) wx, wy (2048 - wx), wy wx.
 *  PAD          (x and y share their parameters) pads with quantize(pad value), i.e. zp for 0.
 *  PRELU        alpha int8 with its own quant (per channel along the last axis, or per tensor):
 *               x >= zx: y = clamp(zy + requant(x - zx, sx / sy))
 *               x <  zx: y = clamp(zy + requant((x - zx) * (a - za), sx * sa[c] / sy))
 *  LOGISTIC     second input: the int8[256] table of ge_q_logistic_lut; y = lut[x + 128].
 *  QUANTIZE, DEQUANTIZE  the generic kernels (ge_ref_convert.c), which are ge_q_quantize and
 *               ge_q_dequantize.
 *  RESHAPE, TRANSPOSE, SPLIT, STRIDED_SLICE, DEPTH_TO_SPACE, GATHER, ... move bytes: the
 *  quantizer gives their outputs their input's parameters.
 *
 * Every kernel may assume ge_qs8_supports() said yes (shapes, dtypes, parameters valid, the
 * accumulator bounds of ge_quant_math.h's contract).
 */
#ifndef GE_REF_QS8_H
#define GE_REF_QS8_H

#include "engine/ge_quant_math.h"
#include "engine/kernels/ref/ge_ref.h"

/* Bits of the bilinear weights (see RESIZE_BILINEAR above). */
#define GE_QS8_RESIZE_FRAC_BITS 11

/* True when op is an int8 op these kernels own (decided by dtypes); ge_ref_dispatch.c asks
 * this first and then defers to ge_qs8_supports / ge_qs8_run_op. */
bool ge_qs8_claims(const ge_op* op, const ge_view* in, const ge_view* out);
bool ge_qs8_supports(const ge_op* op, const ge_view* in, const ge_view* out);
glint_result ge_qs8_run_op(const ge_op* op, const ge_view* in, ge_view* out, glint_error* err);

/* Per-tensor parameters of a quantized view (the first entry when per-channel). */
static inline float ge_qs8_scale(const ge_view* v) {
    return v->quant->scale[0];
}
static inline int32_t ge_qs8_zp(const ge_view* v) {
    return v->quant->zero_point[0];
}
/* Scale of channel c of a per-channel (or per-tensor) quantized view. */
static inline float ge_qs8_channel_scale(const ge_view* v, int32_t c) {
    return v->quant->count > 1 ? v->quant->scale[c] : v->quant->scale[0];
}
/* (M, s) for m; false when m is outside what ge_q_mult_from_double accepts. */
static inline ge_q_mult ge_qs8_mult(double m) {
    ge_q_mult r;
    ge_q_mult_from_double(m, &r);
    return r;
}
/* Clamp bounds of y's fused activation (NONE when act is not a clamp: refused by supports). */
static inline void ge_qs8_bounds(ge_activation act, const ge_view* y, int32_t* lo, int32_t* hi) {
    if (!ge_q_act_bounds(act, ge_qs8_scale(y), ge_qs8_zp(y), lo, hi)) {
        *lo = GE_Q_MIN;
        *hi = GE_Q_MAX;
    }
}

/* ---- kernels (ge_ref_qs8_conv.c) ---- */
void ge_qs8_conv2d_ref(const ge_conv_params* p, const ge_view* x, const ge_view* filter, const ge_view* bias,
                       const ge_view* y);
void ge_qs8_dwconv2d_ref(const ge_conv_params* p, const ge_view* x, const ge_view* filter, const ge_view* bias,
                         const ge_view* y);
void ge_qs8_fully_connected_ref(const ge_fc_params* p, const ge_view* x, const ge_view* w, const ge_view* bias,
                                const ge_view* y);

/* ---- ge_ref_qs8_pool.c ---- */
void ge_qs8_max_pool2d_ref(const ge_conv_params* p, const ge_view* x, const ge_view* y);
void ge_qs8_avg_pool2d_ref(const ge_conv_params* p, const ge_view* x, const ge_view* y);
void ge_qs8_mean_ref(const ge_reduce_params* p, const ge_view* x, const ge_view* y);

/* ---- ge_ref_qs8_eltwise.c ---- */
void ge_qs8_add_ref(ge_activation act, const ge_view* a, const ge_view* b, const ge_view* y);
void ge_qs8_mul_ref(ge_activation act, const ge_view* a, const ge_view* b, const ge_view* y);
void ge_qs8_prelu_ref(const ge_view* x, const ge_view* alpha, const ge_view* y);
void ge_qs8_lut_ref(const ge_view* x, const ge_view* lut, const ge_view* y);

/* ---- ge_ref_qs8_layout.c ---- */
void ge_qs8_concat_ref(const ge_axis_params* p, const ge_view* inputs, int32_t num_inputs, const ge_view* y);
void ge_qs8_resize_bilinear_ref(const ge_resize_params* p, const ge_view* x, const ge_view* y);
void ge_qs8_pad_ref(const ge_pad_params* p, const ge_view* x, const ge_view* y);

/* The exact bilinear source of one output index (RESIZE_BILINEAR above): corners and weight. */
void ge_qs8_resize_source(int32_t o, int32_t in, int32_t out, bool align_corners, bool half_pixel, int32_t* out_lo,
                          int32_t* out_hi, int32_t* out_w);

#endif /* GE_REF_QS8_H */
