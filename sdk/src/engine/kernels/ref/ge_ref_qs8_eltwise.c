/*
 * Element-wise int8 ops (definitions in ge_ref_qs8.h): ADD and MUL with numpy broadcasting
 * (through ge_bcast, like the f32 kernels), PRELU with a per-channel or per-tensor int8 alpha,
 * and table lookups (LOGISTIC).
 */
#include "engine/kernels/ref/ge_ref_qs8.h"

typedef struct qs8_binary_ctx {
    int8_t* out;
    const int8_t* a;
    const int8_t* b;
    const ge_q_add_params* add;
    const ge_q_mul_params* mul;
} qs8_binary_ctx;

static void add_row(void* ctx, const int64_t* off, int64_t n, const int64_t* st) {
    const qs8_binary_ctx* c = ctx;
    int8_t* o = c->out + off[0];
    const int8_t* a = c->a + off[1];
    const int8_t* b = c->b + off[2];
    for (int64_t i = 0; i < n; i++) o[i] = ge_q_add(a[i * st[1]], b[i * st[2]], c->add);
}

static void mul_row(void* ctx, const int64_t* off, int64_t n, const int64_t* st) {
    const qs8_binary_ctx* c = ctx;
    int8_t* o = c->out + off[0];
    const int8_t* a = c->a + off[1];
    const int8_t* b = c->b + off[2];
    for (int64_t i = 0; i < n; i++) o[i] = ge_q_mul(a[i * st[1]], b[i * st[2]], c->mul);
}

static void run_binary(const ge_view* a, const ge_view* b, const ge_view* y, ge_bcast_row_fn row,
                       qs8_binary_ctx* c) {
    const ge_shape* ins[2] = {&a->shape, &b->shape};
    ge_bcast bc;
    ge_bcast_init(&bc, &y->shape, ins, 2);
    c->out = y->data;
    c->a = a->data;
    c->b = b->data;
    ge_bcast_run(&bc, row, c);
}

void ge_qs8_add_ref(ge_activation act, const ge_view* a, const ge_view* b, const ge_view* y) {
    ge_q_add_params p;
    ge_q_add_params_init(ge_qs8_scale(a), ge_qs8_zp(a), ge_qs8_scale(b), ge_qs8_zp(b), ge_qs8_scale(y),
                         ge_qs8_zp(y), act, &p);
    qs8_binary_ctx c = {.add = &p};
    run_binary(a, b, y, add_row, &c);
}

void ge_qs8_mul_ref(ge_activation act, const ge_view* a, const ge_view* b, const ge_view* y) {
    ge_q_mul_params p;
    ge_q_mul_params_init(ge_qs8_scale(a), ge_qs8_zp(a), ge_qs8_scale(b), ge_qs8_zp(b), ge_qs8_scale(y),
                         ge_qs8_zp(y), act, &p);
    qs8_binary_ctx c = {.mul = &p};
    run_binary(a, b, y, mul_row, &c);
}

/* PRELU: alpha's element index -> its channel (alpha is quantized along its last axis or per tensor). */
#define PRELU_CACHED_CHANNELS 1024

typedef struct prelu_ctx {
    int8_t* out;
    const int8_t* x;
    const int8_t* alpha;
    const ge_quant* aq;
    int32_t alpha_last; /* alpha's last dim */
    int32_t zx, zy;
    ge_q_mult pos;
    double neg_ratio; /* sx / sy */
    const ge_q_mult* neg; /* per alpha channel, when they fit the cache; else NULL */
} prelu_ctx;

static void prelu_row(void* ctx, const int64_t* off, int64_t n, const int64_t* st) {
    const prelu_ctx* c = ctx;
    int8_t* o = c->out + off[0];
    for (int64_t i = 0; i < n; i++) {
        const int32_t x = c->x[off[1] + i * st[1]] - c->zx;
        if (x >= 0) {
            o[i] = ge_q_requant_out(x, c->pos, c->zy, GE_Q_MIN, GE_Q_MAX);
            continue;
        }
        const int64_t ai = off[2] + i * st[2];
        const int32_t ch = c->aq->count > 1 ? (int32_t)(ai % c->alpha_last) : 0;
        const ge_q_mult neg = c->neg ? c->neg[ch] : ge_qs8_mult(c->neg_ratio * (double)c->aq->scale[ch]);
        o[i] = ge_q_requant_out(x * (c->alpha[ai] - c->aq->zero_point[ch]), neg, c->zy, GE_Q_MIN, GE_Q_MAX);
    }
}

void ge_qs8_prelu_ref(const ge_view* x, const ge_view* alpha, const ge_view* y) {
    const double ratio = (double)ge_qs8_scale(x) / (double)ge_qs8_scale(y);
    prelu_ctx c = {
        .out = y->data,
        .x = x->data,
        .alpha = alpha->data,
        .aq = alpha->quant,
        .alpha_last = alpha->shape.rank ? alpha->shape.dim[alpha->shape.rank - 1] : 1,
        .zx = ge_qs8_zp(x),
        .zy = ge_qs8_zp(y),
        .pos = ge_qs8_mult(ratio),
        .neg_ratio = ratio,
    };
    ge_q_mult neg[PRELU_CACHED_CHANNELS]; /* the same multipliers, derived once per call */
    if (alpha->quant->count <= PRELU_CACHED_CHANNELS) {
        for (int32_t i = 0; i < alpha->quant->count; i++) neg[i] = ge_qs8_mult(ratio * (double)alpha->quant->scale[i]);
        c.neg = neg;
    }
    const ge_shape* ins[2] = {&x->shape, &alpha->shape};
    ge_bcast bc;
    ge_bcast_init(&bc, &y->shape, ins, 2);
    ge_bcast_run(&bc, prelu_row, &c);
}

void ge_qs8_lut_ref(const ge_view* x, const ge_view* lut, const ge_view* y) {
    const int64_t n = ge_view_elements(x);
    const int8_t* in = x->data;
    const int8_t* t = lut->data;
    int8_t* out = y->data;
    for (int64_t i = 0; i < n; i++) out[i] = t[in[i] + 128];
}
