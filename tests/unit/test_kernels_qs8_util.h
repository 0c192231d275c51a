/* Helpers for the int8 kernel testers: random quantized views and quantization parameters. */
#ifndef TEST_KERNELS_QS8_UTIL_H
#define TEST_KERNELS_QS8_UTIL_H

#include "test_kernels_util.h"

static inline ge_quant* tq_quant(int32_t axis, int32_t count, const float* scales, const int32_t* zps) {
    ge_quant* q = tv_alloc(sizeof(ge_quant));
    float* s = tv_alloc((size_t)count * sizeof(float));
    int32_t* z = tv_alloc((size_t)count * sizeof(int32_t));
    memcpy(s, scales, (size_t)count * sizeof(float));
    memcpy(z, zps, (size_t)count * sizeof(int32_t));
    q->axis = axis;
    q->count = count;
    q->scale = s;
    q->zero_point = z;
    return q;
}

static inline ge_quant* tq_tensor(float scale, int32_t zp) {
    return tq_quant(-1, 1, &scale, &zp);
}

/* Random int8 values in [lo, hi]. */
static inline ge_view tq_rand_i8(test_rng* rng, ge_shape shape, int lo, int hi, const ge_quant* q) {
    ge_view v = tv_new(GE_DTYPE_I8, shape);
    int8_t* p = v.data;
    for (int64_t i = 0; i < ge_shape_elements(&shape); i++) p[i] = (int8_t)test_rng_int(rng, lo, hi);
    v.quant = q;
    return v;
}

/* Symmetric per-channel weights: channel c's scale is base * (0.5 .. 1.5); -128 never used. */
static inline ge_view tq_weights(test_rng* rng, ge_shape shape, int32_t axis, float base, bool per_channel) {
    const int32_t count = per_channel ? shape.dim[axis] : 1;
    float* s = tv_alloc((size_t)count * sizeof(float));
    int32_t* z = tv_alloc((size_t)count * sizeof(int32_t));
    for (int32_t c = 0; c < count; c++) s[c] = base * test_rng_float(rng, 0.5f, 1.5f);
    return tq_rand_i8(rng, shape, -127, 127, tq_quant(per_channel ? axis : -1, count, s, z));
}

/* Per-channel weight scales spread over 2^-spread .. 2^spread times base (log-uniform), so that
 * one block of channels mixes requantisation shifts of very different sizes. */
static inline ge_view tq_weights_spread(test_rng* rng, ge_shape shape, int32_t axis, float base, int spread) {
    const int32_t count = shape.dim[axis];
    float* s = tv_alloc((size_t)count * sizeof(float));
    int32_t* z = tv_alloc((size_t)count * sizeof(int32_t));
    for (int32_t c = 0; c < count; c++)
        s[c] = base * (float)ldexp(1.0, test_rng_int(rng, -spread, spread)) * test_rng_float(rng, 0.5f, 1.5f);
    return tq_rand_i8(rng, shape, -127, 127, tq_quant(axis, count, s, z));
}

static inline ge_view tq_bias(test_rng* rng, int32_t n, int32_t limit) {
    ge_view v = tv_new(GE_DTYPE_I32, SHAPE(n));
    int32_t* p = v.data;
    for (int32_t i = 0; i < n; i++) p[i] = test_rng_int(rng, -limit, limit);
    return v;
}

#endif /* TEST_KERNELS_QS8_UTIL_H */
