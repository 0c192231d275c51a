/*
 * Binary elementwise ops with numpy broadcasting (rank <= 6), f32 and i32, plus PRELU.
 * ge_bcast reduces every case to rows whose operand strides are 0 or 1; the row loops below
 * are written per op so each is a plain loop the compiler can vectorise.
 */
#include <math.h>

#include "engine/kernels/ref/ge_ref.h"

typedef struct binary_ctx {
    ge_op_type type;
    void* out;
    const void* a;
    const void* b;
} binary_ctx;

/* One row: out[i] = EXPR(x = a[i*sa], y = b[i*sb]). */
#define ROW_LOOP(OUT_T, IN_T, EXPR)                                                     \
    do {                                                                                \
        OUT_T* restrict o_ = (OUT_T*)c->out + off[0];                                   \
        const IN_T* restrict a_ = (const IN_T*)c->a + off[1];                           \
        const IN_T* restrict b_ = (const IN_T*)c->b + off[2];                           \
        const int64_t sa_ = st[1], sb_ = st[2];                                         \
        if (sa_ == 1 && sb_ == 1) {                                                     \
            for (int64_t i = 0; i < n; i++) {                                           \
                const IN_T x = a_[i], y = b_[i];                                        \
                o_[i] = (EXPR);                                                         \
            }                                                                           \
        } else if (sb_ == 0) {                                                          \
            const IN_T y = b_[0];                                                       \
            for (int64_t i = 0; i < n; i++) {                                           \
                const IN_T x = a_[i * sa_];                                             \
                o_[i] = (EXPR);                                                         \
            }                                                                           \
        } else {                                                                        \
            for (int64_t i = 0; i < n; i++) {                                           \
                const IN_T x = a_[i * sa_], y = b_[i * sb_];                            \
                o_[i] = (EXPR);                                                         \
            }                                                                           \
        }                                                                               \
    } while (0)

static void f32_row(void* ctx, const int64_t* off, int64_t n, const int64_t* st) {
    const binary_ctx* c = ctx;
    switch (c->type) {
    case GE_OP_ADD: ROW_LOOP(float, float, x + y); break;
    case GE_OP_SUB: ROW_LOOP(float, float, x - y); break;
    case GE_OP_MUL: ROW_LOOP(float, float, x * y); break;
    case GE_OP_DIV: ROW_LOOP(float, float, x / y); break;
    case GE_OP_FLOOR_DIV: ROW_LOOP(float, float, floorf(x / y)); break;
    case GE_OP_SQUARED_DIFFERENCE: ROW_LOOP(float, float, (x - y) * (x - y)); break;
    case GE_OP_MAXIMUM: ROW_LOOP(float, float, x > y ? x : y); break;
    case GE_OP_MINIMUM: ROW_LOOP(float, float, x < y ? x : y); break;
    case GE_OP_GREATER: ROW_LOOP(uint8_t, float, (uint8_t)(x > y)); break;
    case GE_OP_LESS: ROW_LOOP(uint8_t, float, (uint8_t)(x < y)); break;
    case GE_OP_EQUAL: ROW_LOOP(uint8_t, float, (uint8_t)(x == y)); break;
    case GE_OP_PRELU: ROW_LOOP(float, float, x >= 0.0f ? x : x * y); break;
    default: break;
    }
}

/* Integer helpers: wrap-around via unsigned arithmetic (signed overflow is undefined in C). */
static inline int32_t wrap_add(int32_t x, int32_t y) { return (int32_t)((uint32_t)x + (uint32_t)y); }
static inline int32_t wrap_sub(int32_t x, int32_t y) { return (int32_t)((uint32_t)x - (uint32_t)y); }
static inline int32_t wrap_mul(int32_t x, int32_t y) { return (int32_t)((uint32_t)x * (uint32_t)y); }
static inline int32_t trunc_div(int32_t x, int32_t y) {
    if (y == 0) return 0;
    if (y == -1) return (int32_t)(0u - (uint32_t)x); /* INT32_MIN / -1 wraps to INT32_MIN */
    return x / y;
}
static inline int32_t floor_div(int32_t x, int32_t y) {
    if (y == 0) return 0;
    if (y == -1) return (int32_t)(0u - (uint32_t)x);
    int32_t q = x / y;
    if ((x % y != 0) && ((x < 0) != (y < 0))) q--;
    return q;
}

static void i32_row(void* ctx, const int64_t* off, int64_t n, const int64_t* st) {
    const binary_ctx* c = ctx;
    switch (c->type) {
    case GE_OP_ADD: ROW_LOOP(int32_t, int32_t, wrap_add(x, y)); break;
    case GE_OP_SUB: ROW_LOOP(int32_t, int32_t, wrap_sub(x, y)); break;
    case GE_OP_MUL: ROW_LOOP(int32_t, int32_t, wrap_mul(x, y)); break;
    case GE_OP_DIV: ROW_LOOP(int32_t, int32_t, trunc_div(x, y)); break;
    case GE_OP_FLOOR_DIV: ROW_LOOP(int32_t, int32_t, floor_div(x, y)); break;
    case GE_OP_SQUARED_DIFFERENCE: ROW_LOOP(int32_t, int32_t, wrap_mul(wrap_sub(x, y), wrap_sub(x, y))); break;
    case GE_OP_MAXIMUM: ROW_LOOP(int32_t, int32_t, x > y ? x : y); break;
    case GE_OP_MINIMUM: ROW_LOOP(int32_t, int32_t, x < y ? x : y); break;
    case GE_OP_GREATER: ROW_LOOP(uint8_t, int32_t, (uint8_t)(x > y)); break;
    case GE_OP_LESS: ROW_LOOP(uint8_t, int32_t, (uint8_t)(x < y)); break;
    case GE_OP_EQUAL: ROW_LOOP(uint8_t, int32_t, (uint8_t)(x == y)); break;
    default: break;
    }
}

static void run(ge_op_type type, const ge_view* a, const ge_view* b, const ge_view* y, ge_bcast_row_fn row) {
    const ge_shape* ins[2] = {&a->shape, &b->shape};
    ge_bcast bc;
    ge_bcast_init(&bc, &y->shape, ins, 2);
    binary_ctx c = {type, y->data, a->data, b->data};
    ge_bcast_run(&bc, row, &c);
}

static bool is_comparison(ge_op_type t) {
    return t == GE_OP_GREATER || t == GE_OP_LESS || t == GE_OP_EQUAL;
}

void ge_f32_binary_ref(ge_op_type type, ge_activation act, const ge_view* a, const ge_view* b, const ge_view* y) {
    run(type, a, b, y, f32_row);
    if (!is_comparison(type)) ge_ref_act_inplace(y->data, ge_view_elements(y), act);
}

void ge_i32_binary_ref(ge_op_type type, ge_activation act, const ge_view* a, const ge_view* b, const ge_view* y) {
    run(type, a, b, y, i32_row);
    if (is_comparison(type) || act == GE_ACT_NONE) return;
    int32_t lo = INT32_MIN, hi = INT32_MAX;
    if (act == GE_ACT_RELU) lo = 0;
    if (act == GE_ACT_RELU6) lo = 0, hi = 6;
    if (act == GE_ACT_RELU_N1_TO_1) lo = -1, hi = 1;
    int32_t* o = y->data;
    const int64_t n = ge_view_elements(y);
    for (int64_t i = 0; i < n; i++) o[i] = o[i] < lo ? lo : (o[i] > hi ? hi : o[i]);
}

void ge_f32_prelu_ref(const ge_view* x, const ge_view* alpha, const ge_view* y) {
    run(GE_OP_PRELU, x, alpha, y, f32_row);
}
