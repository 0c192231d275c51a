/* Unary elementwise ops: RELU .. FLOOR on f32, NEG and ABS on i32. */
#include <math.h>

#include "engine/kernels/ref/ge_ref.h"

#define MAP(EXPR)                                                                       \
    do {                                                                                \
        for (int64_t i = 0; i < n; i++) {                                               \
            const float v = in[i];                                                      \
            out[i] = (EXPR);                                                            \
        }                                                                               \
    } while (0)

void ge_f32_unary_ref(ge_op_type type, const ge_view* x, const ge_view* y) {
    const float* restrict in = x->data;
    float* restrict out = y->data;
    const int64_t n = ge_view_elements(x);
    switch (type) {
    case GE_OP_RELU: MAP(v < 0.0f ? 0.0f : v); break;
    case GE_OP_RELU6: MAP(v < 0.0f ? 0.0f : (v > 6.0f ? 6.0f : v)); break;
    case GE_OP_LOGISTIC: MAP(1.0f / (1.0f + expf(-v))); break;
    case GE_OP_TANH: MAP(tanhf(v)); break;
    case GE_OP_EXP: MAP(expf(v)); break;
    case GE_OP_SQRT: MAP(sqrtf(v)); break;
    case GE_OP_RSQRT: MAP(1.0f / sqrtf(v)); break;
    case GE_OP_NEG: MAP(-v); break;
    case GE_OP_ABS: MAP(fabsf(v)); break;
    case GE_OP_FLOOR: MAP(floorf(v)); break;
    default: break;
    }
}

void ge_i32_unary_ref(ge_op_type type, const ge_view* x, const ge_view* y) {
    const int32_t* in = x->data;
    int32_t* out = y->data;
    const int64_t n = ge_view_elements(x);
    for (int64_t i = 0; i < n; i++) {
        /* unsigned negation: INT32_MIN maps to itself instead of overflowing */
        const int32_t neg = (int32_t)(0u - (uint32_t)in[i]);
        out[i] = type == GE_OP_NEG ? neg : (in[i] < 0 ? neg : in[i]);
    }
}
