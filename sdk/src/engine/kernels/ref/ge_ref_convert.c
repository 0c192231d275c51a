/* CAST, DEQUANTIZE, QUANTIZE. */
#include <math.h>
#include <string.h>

#include "engine/kernels/ref/ge_ref.h"
#include "util/gu_fp16.h"

static bool is_float(ge_dtype t) {
    return t == GE_DTYPE_F32 || t == GE_DTYPE_F16;
}

static double load_float(const void* p, ge_dtype t, int64_t i) {
    return t == GE_DTYPE_F32 ? (double)((const float*)p)[i] : (double)gu_f16_to_f32(((const uint16_t*)p)[i]);
}

static int64_t load_int(const void* p, ge_dtype t, int64_t i) {
    switch (t) {
    case GE_DTYPE_I32: return ((const int32_t*)p)[i];
    case GE_DTYPE_I64: return ((const int64_t*)p)[i];
    case GE_DTYPE_I16: return ((const int16_t*)p)[i];
    case GE_DTYPE_I8: return ((const int8_t*)p)[i];
    case GE_DTYPE_U8:
    case GE_DTYPE_BOOL: return ((const uint8_t*)p)[i];
    default: return 0;
    }
}

/* Two's-complement wrap of v into the destination integer type. */
static void store_int(void* p, ge_dtype t, int64_t i, int64_t v) {
    const uint64_t u = (uint64_t)v;
    switch (t) {
    case GE_DTYPE_I32: ((int32_t*)p)[i] = (int32_t)(uint32_t)u; break;
    case GE_DTYPE_I64: ((int64_t*)p)[i] = v; break;
    case GE_DTYPE_I16: ((int16_t*)p)[i] = (int16_t)(uint16_t)u; break;
    case GE_DTYPE_I8: ((int8_t*)p)[i] = (int8_t)(uint8_t)u; break;
    case GE_DTYPE_U8: ((uint8_t*)p)[i] = (uint8_t)u; break;
    case GE_DTYPE_BOOL: ((uint8_t*)p)[i] = v != 0; break;
    default: break;
    }
}

static void int_range(ge_dtype t, double* lo, double* hi) {
    switch (t) {
    case GE_DTYPE_I32: *lo = INT32_MIN, *hi = INT32_MAX; break;
    case GE_DTYPE_I64: *lo = -9223372036854775808.0, *hi = 9223372036854774784.0; break; /* largest double < 2^63 */
    case GE_DTYPE_I16: *lo = INT16_MIN, *hi = INT16_MAX; break;
    case GE_DTYPE_I8: *lo = INT8_MIN, *hi = INT8_MAX; break;
    case GE_DTYPE_U8: *lo = 0, *hi = UINT8_MAX; break;
    default: *lo = 0, *hi = 1; break;
    }
}

void ge_any_cast_ref(const ge_view* x, const ge_view* y) {
    const int64_t n = ge_view_elements(x);
    const ge_dtype src = x->dtype, dst = y->dtype;
    if (src == dst) {
        memcpy(y->data, x->data, (size_t)n * ge_dtype_size(src));
        return;
    }
    for (int64_t i = 0; i < n; i++) {
        if (is_float(src)) {
            const double v = load_float(x->data, src, i);
            if (dst == GE_DTYPE_F32) {
                ((float*)y->data)[i] = (float)v;
            } else if (dst == GE_DTYPE_F16) {
                ((uint16_t*)y->data)[i] = gu_f32_to_f16((float)v);
            } else if (dst == GE_DTYPE_BOOL) {
                ((uint8_t*)y->data)[i] = v != 0.0; /* NaN is true, as in C and TF */
            } else {
                /* Truncate toward zero, saturate, NaN -> 0: out-of-range float->int is undefined in C. */
                double lo, hi, t = isnan(v) ? 0.0 : trunc(v);
                int_range(dst, &lo, &hi);
                t = t < lo ? lo : (t > hi ? hi : t);
                store_int(y->data, dst, i, (int64_t)t);
            }
        } else {
            const int64_t v = load_int(x->data, src, i);
            if (dst == GE_DTYPE_F32)
                ((float*)y->data)[i] = (float)v;
            else if (dst == GE_DTYPE_F16)
                ((uint16_t*)y->data)[i] = gu_f32_to_f16((float)v);
            else
                store_int(y->data, dst, i, v);
        }
    }
}

/* Channel of flat element i for per-channel quantisation along axis (inner = product of later dims). */
static void quant_layout(const ge_quant* q, const ge_shape* s, int64_t* inner, int32_t* channels) {
    *inner = 1;
    *channels = 1;
    if (!q || q->count <= 1 || q->axis < 0 || q->axis >= s->rank) return;
    for (int32_t d = q->axis + 1; d < s->rank; d++) *inner *= s->dim[d];
    *channels = q->count;
}

void ge_f32_dequantize_ref(const ge_view* x, const ge_view* y) {
    const int64_t n = ge_view_elements(x);
    float* out = y->data;
    if (x->dtype == GE_DTYPE_F16) {
        const uint16_t* in = x->data;
        for (int64_t i = 0; i < n; i++) out[i] = gu_f16_to_f32(in[i]);
        return;
    }
    int64_t inner;
    int32_t channels;
    quant_layout(x->quant, &x->shape, &inner, &channels);
    for (int64_t i = 0; i < n; i++) {
        const int32_t ch = channels > 1 ? (int32_t)((i / inner) % channels) : 0;
        const double scale = x->quant->scale[ch];
        const int64_t q = load_int(x->data, x->dtype, i);
        /* As TFLite's reference: the scale is a double, the product is rounded once to float. */
        out[i] = (float)(scale * (double)(q - x->quant->zero_point[ch]));
    }
}

void ge_f32_quantize_ref(const ge_view* x, const ge_view* y) {
    const int64_t n = ge_view_elements(x);
    const float* in = x->data;
    int64_t inner;
    int32_t channels;
    quant_layout(y->quant, &y->shape, &inner, &channels);
    double lo, hi;
    int_range(y->dtype, &lo, &hi);
    for (int64_t i = 0; i < n; i++) {
        const int32_t ch = channels > 1 ? (int32_t)((i / inner) % channels) : 0;
        const float scale = y->quant->scale[ch];
        const int32_t zp = y->quant->zero_point[ch];
        /* TFLite: round(x / scale) in float, half away from zero (roundf), then + zero point, saturated. */
        const float r = roundf(in[i] / scale);
        double v = isnan(r) ? (double)zp : (double)r + (double)zp;
        v = v < lo ? lo : (v > hi ? hi : v);
        store_int(y->data, y->dtype, i, (int64_t)v);
    }
}
