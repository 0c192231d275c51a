/*
 * ge_quant_math: glint's int8 integer arithmetic, defined once.
 *
 * Every backend (reference kernels, AVX2 / AVX-512 / NEON / WASM SIMD kernels, Vulkan shaders)
 * must produce the same bits as these functions. They are the specification; the reference
 * kernels (kernels/ref/ge_ref_qs8*.c) are written with them, and accelerated kernels are tested
 * bit-exact against those.
 *
 * Number formats
 * --------------
 *  - Activations: int8, per-tensor ASYMMETRIC.  real = scale * (q - zp), zp in [-128, 127].
 *    The real value 0 is exactly representable (q = zp): zero padding is padding with zp.
 *  - Weights (CONV2D, DEPTHWISE_CONV2D, FULLY_CONNECTED): int8, per-output-channel SYMMETRIC,
 *    zp = 0, q in [-127, 127] (-128 never used, so |w| <= 127 and sums of products are
 *    symmetric). Channel axis: 0 for conv [O,H,W,I] and FC [O,I], 3 for depthwise [1,H,W,C].
 *  - Bias: int32, per channel, scale = in_scale * w_scale[c], zp = 0.
 *
 * Accumulation
 * ------------
 *  acc[c] = bias[c] + sum (x - x_zp) * w      (int32; padding taps contribute 0)
 * Implementations may fold -x_zp * sum(w) into the bias: the integer result is identical.
 *
 * Requantisation (THE rounding rule)
 * ----------------------------------
 *  A real multiplier m > 0 is a pair (M, s): m ~= M * 2^-s, with M a Q31 value in
 *  [2^30, 2^31 - 1] (or 0 for a multiplier too small to matter) and a total right shift s in
 *  [1, 62]. Then, exactly:
 *
 *      requant(acc, M, s) = floor((acc * M + 2^(s-1)) / 2^s)      (64-bit product)
 *
 *  i.e. ONE rounding, half toward +infinity, of the exact product. Output:
 *
 *      y = clamp(requant(acc, M, s) + y_zp, lo, hi)               (lo/hi from the fused act)
 *
 *  Why this rule: it is one 32x32->64 multiply, one 64-bit add and one arithmetic shift, which
 *  every target has or can build exactly from 32/64-bit integer ops:
 *    - AVX-512: _mm512_mul_epi32 (even lanes) + add + _mm512_srav_epi64.
 *    - AVX2 (no 64-bit arithmetic shift): t = p + 2^(s-1) + 2^62 is in [0, 2^63) under the
 *      contract below, so r = low32(_mm256_srlv_epi64(t, s)) - 2^(62-s)   (mod 2^32).
 *    - NEON: vmull_s32 + vrshlq_s64(p, -s) (a rounding shift is exactly this rule), or for
 *      s >= 32: vqdmulhq_s32 (= floor(acc*M / 2^31), exact here) then vrshlq_s32 by -(s-31),
 *      because floor(floor(p / 2^31) + 2^(k-1)) / 2^k) = floor((p + 2^(30+k)) / 2^(31+k)).
 *    - WASM SIMD128: i64x2.extmul_low/high_i32x4_s + i64x2.add + i64x2.shr_s.
 *    - GLSL: imulExtended(acc, M, hi, lo), then the 64-bit add and shift on (hi, lo).
 *  TFLite's two-step SaturatingRoundingDoublingHighMul + RoundingDivideByPOT rounds twice and
 *  half away from zero, which costs fix-ups on NEON and x86; glint does not use it.
 *
 *  Contract (the quantizer guarantees it per op, so fast paths may rely on it):
 *      |acc| < 2^30 and |acc * m| < 2^30,
 *  so |acc * M| < 2^61, the AVX2 bias trick cannot overflow, and the rounded result and
 *  result + zp fit in int32. The reference below still computes in
 *  64 bits and saturates, so it is defined for every input.
 *
 *  (M, s) from a double m (ge_q_mult_from_double): m = f * 2^e with f in [0.5, 1) (frexp,
 *  exact); M = round(f * 2^31) half up (exact in double); if M == 2^31 then M = 2^30, e += 1;
 *  s = 31 - e. If s > 62, M is rounded right by (s - 62) bits (half up) and s = 62; M may
 *  become 0. m >= 2^30 (s < 1) or m not finite or m < 0 is refused. Multipliers are always
 *  computed on the CPU from the float scales in double precision:
 *      m = (double)in_scale * (double)w_scale[c] / (double)out_scale
 *  so every backend gets the same (M, s).
 *
 * Element-wise ops (requantise each input first; TFLite-like, with glint's rounding)
 * --------------------------------------------------------------------------------
 *  ADD:  with L = 20 and twice_max = 2 * max(sa, sb)   (double):
 *          a' = requant((a - za) << L, mult(sa / twice_max))
 *          b' = requant((b - zb) << L, mult(sb / twice_max))
 *          y  = clamp(requant(a' + b', mult(twice_max / (2^L * sy))) + zy, lo, hi)
 *        The left shift keeps 20 fraction bits through the input rescale, so the intermediate
 *        rounding is far below one output LSB.
 *  MUL:  y = clamp(requant((a - za) * (b - zb), mult(sa * sb / sy)) + zy, lo, hi)
 *
 * Quantize / dequantize (f32 <-> int8)
 * ------------------------------------
 *  quantize:   q = clamp(round_half_away_from_zero(x / scale) + zp, -128, 127), NaN -> zp.
 *              One correctly rounded f32 division, then roundf: exactly TFLite's QUANTIZE
 *              and glint's existing QUANTIZE kernel (ge_f32_quantize_ref), so the op means one
 *              thing whichever graph it is in. On SIMD: div_ps / vdivq / f32x4.div are correctly
 *              rounded; ties away from zero is vcvtaq_s32_f32 on NEON, and trunc(t) plus
 *              (|t - trunc(t)| >= 0.5 ? sign(t) : 0) elsewhere (t - trunc(t) is exact). GLSL's
 *              division is not correctly rounded: shaders refine q = x * (1 / scale) with one
 *              fma residual step, or quantize on the CPU.
 *  dequantize: x = (float)(q - zp) * scale   (exact int->float, one f32 multiply; equal to
 *              ge_f32_dequantize_ref's double product rounded once).
 *
 * Choosing parameters (calibration ranges -> scale, zp)
 * ----------------------------------------------------
 *  Activations, range [lo, hi]: widened to include 0; scale = (hi - lo) / 255,
 *  zp = clamp(-128 - round_half_even(lo / scale), -128, 127); an empty range [0, 0] gets
 *  the range [0, 1e-8] so that scale is never 0. Weights: scale[c] = max|w[c]| / 127 (a channel of zeros gets
 *  scale 1 so that scale is never 0), q = clamp(quantize(w), -127, 127).
 *  Bias: q = round_half_even(b / (in_scale * w_scale[c])) in double, saturated to
 *  +-GE_Q_BIAS_LIMIT.
 */
#ifndef GE_QUANT_MATH_H
#define GE_QUANT_MATH_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#include "engine/ge_graph.h"

#define GE_Q_MIN (-128)
#define GE_Q_MAX 127
#define GE_Q_WEIGHT_MAX 127           /* symmetric weights use [-127, 127] */
#define GE_Q_ADD_LEFT_SHIFT 20        /* fraction bits kept through ADD's input rescale */
#define GE_Q_BIAS_LIMIT (INT32_C(1) << 29) /* |bias| bound, leaves room for the products */
#define GE_Q_ACC_LIMIT (INT64_C(1) << 30)  /* |acc| and |acc * m| bound of the contract */

/* A real multiplier m ~= mult * 2^-shift. */
typedef struct ge_q_mult {
    int32_t mult;  /* Q31, in [2^30, 2^31 - 1], or 0 */
    int32_t shift; /* total right shift, in [1, 62] */
} ge_q_mult;

/* ---- rounding helpers ---- */

/* Round half to even of a finite double, as an integer-valued double (no fenv dependence). */
static inline double ge_q_round_even(double x) {
    double f = floor(x);
    double d = x - f; /* exact for |x| < 2^52 */
    if (d > 0.5) return f + 1.0;
    if (d < 0.5) return f;
    return fmod(f, 2.0) == 0.0 ? f : f + 1.0;
}

static inline int32_t ge_q_clamp_i32(int64_t v, int32_t lo, int32_t hi) {
    return v < lo ? lo : (v > hi ? hi : (int32_t)v);
}

/* ---- multipliers ---- */

/* (M, s) for m, as documented above. False for m < 0, m >= 2^30, NaN or infinity. */
static inline bool ge_q_mult_from_double(double m, ge_q_mult* out) {
    out->mult = 0;
    out->shift = 62;
    if (!(m >= 0.0) || !isfinite(m)) return false;
    if (m == 0.0) return true;
    int e = 0;
    double f = frexp(m, &e); /* m = f * 2^e, f in [0.5, 1) */
    int64_t q = (int64_t)floor(f * 2147483648.0 + 0.5);
    if (q == (INT64_C(1) << 31)) {
        q = INT64_C(1) << 30;
        e++;
    }
    int64_t s = 31 - (int64_t)e;
    if (s < 1) return false;
    if (s > 62) {
        int64_t extra = s - 62;
        if (extra > 32) return true; /* below 2^-93: zero */
        q = (q + (INT64_C(1) << (extra - 1))) >> extra;
        s = 62;
    }
    out->mult = (int32_t)q;
    out->shift = (int32_t)s;
    return true;
}

/* The real value of (M, s), for reports and tests. */
static inline double ge_q_mult_value(ge_q_mult m) {
    return ldexp((double)m.mult, -m.shift);
}

/* THE rounding rule: floor((acc * M + 2^(s-1)) / 2^s), saturated to int32. */
static inline int32_t ge_q_requant(int32_t acc, ge_q_mult m) {
    int64_t p = (int64_t)acc * (int64_t)m.mult; /* |p| < 2^62 */
    int64_t r = (p + (INT64_C(1) << (m.shift - 1))) >> m.shift; /* arithmetic shift = floor */
    return ge_q_clamp_i32(r, INT32_MIN, INT32_MAX);
}

/* requant + output zero point + clamp to [lo, hi] (the int8 range narrowed by a fused act). */
static inline int8_t ge_q_requant_out(int32_t acc, ge_q_mult m, int32_t zp, int32_t lo, int32_t hi) {
    return (int8_t)ge_q_clamp_i32((int64_t)ge_q_requant(acc, m) + zp, lo, hi);
}

/* ---- quantize / dequantize ---- */

/* q = clamp(roundf(x / scale) + zp, qmin, qmax); NaN -> zp clamped. */
static inline int32_t ge_q_quantize_range(float x, float scale, int32_t zp, int32_t qmin, int32_t qmax) {
    float t = roundf(x / scale); /* one f32 division, ties away from zero */
    if (t != t) t = 0.0f;
    if (t > 1e9f) t = 1e9f;
    if (t < -1e9f) t = -1e9f;
    return ge_q_clamp_i32((int64_t)t + zp, qmin, qmax);
}

static inline int8_t ge_q_quantize(float x, float scale, int32_t zp) {
    return (int8_t)ge_q_quantize_range(x, scale, zp, GE_Q_MIN, GE_Q_MAX);
}

static inline float ge_q_dequantize(int32_t q, float scale, int32_t zp) {
    return (float)(q - zp) * scale;
}

/* ---- fused activations as clamp bounds ---- */

/*
 * Output clamp bounds for a fused activation: NONE [-128,127]; RELU [zp,127];
 * RELU6 [zp, quantize(6)]; RELU_N1_TO_1 [quantize(-1), quantize(1)]. False for TANH/SIGMOID
 * (not expressible as a clamp).
 */
static inline bool ge_q_act_bounds(ge_activation act, float scale, int32_t zp, int32_t* out_lo, int32_t* out_hi) {
    int32_t lo = GE_Q_MIN, hi = GE_Q_MAX;
    switch (act) {
    case GE_ACT_NONE: break;
    case GE_ACT_RELU: lo = ge_q_quantize(0.0f, scale, zp); break;
    case GE_ACT_RELU6:
        lo = ge_q_quantize(0.0f, scale, zp);
        hi = ge_q_quantize(6.0f, scale, zp);
        break;
    case GE_ACT_RELU_N1_TO_1:
        lo = ge_q_quantize(-1.0f, scale, zp);
        hi = ge_q_quantize(1.0f, scale, zp);
        break;
    default: return false;
    }
    *out_lo = lo;
    *out_hi = hi;
    return true;
}

/* ---- element-wise ADD and MUL ---- */

typedef struct ge_q_add_params {
    ge_q_mult a, b, out;
    int32_t a_zp, b_zp, out_zp;
    int32_t lo, hi;
} ge_q_add_params;

static inline bool ge_q_add_params_init(float sa, int32_t za, float sb, int32_t zb, float sy, int32_t zy,
                                        ge_activation act, ge_q_add_params* out) {
    double twice_max = 2.0 * ((double)sa > (double)sb ? (double)sa : (double)sb);
    *out = (ge_q_add_params){.lo = GE_Q_MIN, .hi = GE_Q_MAX};
    out->a_zp = za;
    out->b_zp = zb;
    out->out_zp = zy;
    if (!(twice_max > 0.0) || !(sy > 0.0f)) return false;
    return ge_q_mult_from_double((double)sa / twice_max, &out->a) &&
           ge_q_mult_from_double((double)sb / twice_max, &out->b) &&
           ge_q_mult_from_double(twice_max / ((double)(1 << GE_Q_ADD_LEFT_SHIFT) * (double)sy), &out->out) &&
           ge_q_act_bounds(act, sy, zy, &out->lo, &out->hi);
}

static inline int8_t ge_q_add(int32_t a, int32_t b, const ge_q_add_params* p) {
    int32_t ra = ge_q_requant((a - p->a_zp) * (1 << GE_Q_ADD_LEFT_SHIFT), p->a);
    int32_t rb = ge_q_requant((b - p->b_zp) * (1 << GE_Q_ADD_LEFT_SHIFT), p->b);
    return ge_q_requant_out(ra + rb, p->out, p->out_zp, p->lo, p->hi);
}

typedef struct ge_q_mul_params {
    ge_q_mult out;
    int32_t a_zp, b_zp, out_zp;
    int32_t lo, hi;
} ge_q_mul_params;

static inline bool ge_q_mul_params_init(float sa, int32_t za, float sb, int32_t zb, float sy, int32_t zy,
                                        ge_activation act, ge_q_mul_params* out) {
    *out = (ge_q_mul_params){.lo = GE_Q_MIN, .hi = GE_Q_MAX};
    out->a_zp = za;
    out->b_zp = zb;
    out->out_zp = zy;
    if (!(sy > 0.0f)) return false;
    return ge_q_mult_from_double((double)sa * (double)sb / (double)sy, &out->out) &&
           ge_q_act_bounds(act, sy, zy, &out->lo, &out->hi);
}

static inline int8_t ge_q_mul(int32_t a, int32_t b, const ge_q_mul_params* p) {
    return ge_q_requant_out((a - p->a_zp) * (b - p->b_zp), p->out, p->out_zp, p->lo, p->hi);
}

/* ---- table-driven unary ops ---- */

/*
 * LOGISTIC on int8 is a 256-entry table: lut[q + 128] = quantize(sigmoid(dequantize(q))).
 * The quantization pass computes it once (double precision) and stores it as a constant input
 * of the op, so every backend reads the same table instead of evaluating exp itself.
 * TFLite's convention for the output: scale 1/256, zero point -128.
 */
#define GE_Q_LOGISTIC_OUT_SCALE (1.0f / 256.0f)
#define GE_Q_LOGISTIC_OUT_ZP (-128)
static inline void ge_q_logistic_lut(float in_scale, int32_t in_zp, float out_scale, int32_t out_zp, int8_t lut[256]) {
    for (int32_t q = -128; q <= 127; q++) {
        double x = (double)ge_q_dequantize(q, in_scale, in_zp);
        lut[q + 128] = ge_q_quantize((float)(1.0 / (1.0 + exp(-x))), out_scale, out_zp);
    }
}

/* ---- choosing parameters ---- */

/* Per-tensor asymmetric int8 parameters for the real range [lo, hi] (widened to include 0). */
static inline void ge_q_choose_activation(float lo, float hi, float* out_scale, int32_t* out_zp) {
    double l = lo < 0.0f ? (double)lo : 0.0, h = hi > 0.0f ? (double)hi : 0.0;
    if (!isfinite(l) || !isfinite(h)) l = h = 0.0;
    if (h - l < 1e-8) h = l + 1e-8; /* a constant-zero tensor still gets a valid scale */
    float scale = (float)((h - l) / 255.0);
    double zp = -128.0 - ge_q_round_even(l / (double)scale);
    *out_scale = scale;
    *out_zp = ge_q_clamp_i32((int64_t)zp, GE_Q_MIN, GE_Q_MAX);
}

/* Symmetric weight scale for a channel whose largest magnitude is max_abs (never 0). */
static inline float ge_q_weight_scale(float max_abs) {
    return max_abs > 0.0f && isfinite(max_abs) ? max_abs / (float)GE_Q_WEIGHT_MAX : 1.0f;
}

static inline int8_t ge_q_quantize_weight(float w, float scale) {
    return (int8_t)ge_q_quantize_range(w, scale, 0, -GE_Q_WEIGHT_MAX, GE_Q_WEIGHT_MAX);
}

static inline int32_t ge_q_quantize_bias(float b, float in_scale, float w_scale) {
    double s = (double)in_scale * (double)w_scale;
    double q = s > 0.0 ? ge_q_round_even((double)b / s) : 0.0;
    if (q != q) q = 0.0;
    if (q > (double)GE_Q_BIAS_LIMIT) q = (double)GE_Q_BIAS_LIMIT;
    if (q < -(double)GE_Q_BIAS_LIMIT) q = -(double)GE_Q_BIAS_LIMIT;
    return (int32_t)q;
}

#endif /* GE_QUANT_MATH_H */
