/*
 * Helpers for the int8 kernel tests (test_qs8_*.c): quantized views, the "float simulation"
 * (dequantize the int8 inputs exactly, compute the op in double, quantize the result with the
 * output's parameters and fused activation) and a check that the int8 kernel is within a given
 * number of LSBs of it.
 */
#ifndef TEST_QS8_UTIL_H
#define TEST_QS8_UTIL_H

#include "engine/ge_quant_math.h"
#include "test_ref_util.h"

static inline ge_quant* tq_quant(float scale, int32_t zp) {
    ge_quant* q = tv_alloc(sizeof(ge_quant));
    float* s = tv_alloc(sizeof(float));
    int32_t* z = tv_alloc(sizeof(int32_t));
    *s = scale;
    *z = zp;
    q->axis = -1;
    q->count = 1;
    q->scale = s;
    q->zero_point = z;
    return q;
}

/* Symmetric per-channel parameters (zp 0) with scales drawn in [lo, hi). */
static inline ge_quant* tq_quant_channels(test_rng* rng, int32_t axis, int32_t count, float lo, float hi) {
    ge_quant* q = tv_alloc(sizeof(ge_quant));
    float* s = tv_alloc((size_t)count * sizeof(float));
    int32_t* z = tv_alloc((size_t)count * sizeof(int32_t));
    for (int32_t i = 0; i < count; i++) s[i] = test_rng_float(rng, lo, hi);
    q->axis = axis;
    q->count = count;
    q->scale = s;
    q->zero_point = z;
    return q;
}

/* Random int8 values in [lo, hi]. */
static inline ge_view tq_rand(test_rng* rng, ge_shape shape, const ge_quant* q, int lo, int hi) {
    ge_view v = tv_new(GE_DTYPE_I8, shape);
    int8_t* p = v.data;
    for (int64_t i = 0; i < ge_shape_elements(&shape); i++) p[i] = (int8_t)test_rng_int(rng, lo, hi);
    v.quant = q;
    return v;
}

/* An empty int8 output with parameters (shape filled by inference). */
static inline ge_view tq_out(const ge_quant* q) {
    ge_view v = tv_view(GE_DTYPE_I8, SHAPE0, NULL);
    v.quant = q;
    return v;
}

/* The real value of element i (channel from the quant axis). */
static inline double tq_real(const ge_view* v, int64_t i) {
    const ge_quant* q = v->quant;
    int32_t ch = 0;
    if (q->count > 1) {
        int64_t inner = 1;
        for (int32_t d = q->axis + 1; d < v->shape.rank; d++) inner *= v->shape.dim[d];
        ch = (int32_t)((i / inner) % q->count);
    }
    return (double)q->scale[ch] * (double)(((const int8_t*)v->data)[i] - q->zero_point[ch]);
}

/* The ideal int8 output for a real value: round to nearest, + zp, clamped by the act. */
static inline int tq_ideal(double real, const ge_quant* yq, ge_activation act) {
    int32_t lo = -128, hi = 127;
    ge_q_act_bounds(act, yq->scale[0], yq->zero_point[0], &lo, &hi);
    double v = floor(real / (double)yq->scale[0] + 0.5) + yq->zero_point[0];
    return v < lo ? lo : (v > hi ? hi : (int)v);
}

/* got (int8 view) against ideal (ints): every element within tol LSB. Returns the worst error. */
static inline int tq_check_lsb(const char* what, const ge_view* got, const int* ideal, int64_t n, int tol) {
    const int8_t* g = got->data;
    int worst = 0;
    int64_t at = -1, off = 0;
    for (int64_t i = 0; i < n; i++) {
        int d = abs((int)g[i] - ideal[i]);
        if (d > 0) off++;
        if (d > worst) {
            worst = d;
            at = i;
        }
    }
    CHECK_MSG(worst <= tol, "%s: worst error %d LSB at %lld (got %d, want %d); %lld of %lld off", what, worst,
              (long long)at, at >= 0 ? g[at] : 0, at >= 0 ? ideal[at] : 0, (long long)off, (long long)n);
    return worst;
}

#endif /* TEST_QS8_UTIL_H */
