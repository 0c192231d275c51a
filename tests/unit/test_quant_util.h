/*
 * Helpers for the quantization tests (test_quant_*.c, test_calib.c, test_glint_format.c):
 * a small fp32 network that uses every op family the int8 pass handles (conv + RELU6,
 * depthwise, 1x1 conv, residual ADD, max pool, PRELU, MEAN, RESHAPE, FC, LOGISTIC, bilinear
 * resize, CONCAT), random inputs, and running any ge_graph through the executor.
 */
#ifndef TEST_QUANT_UTIL_H
#define TEST_QUANT_UTIL_H

#include "engine/ge_exec.h"
#include "engine/ge_passes.h"
#include "engine/ge_plan.h"
#include "test_util.h"

#define TQ_H 8
#define TQ_W 8
#define TQ_C 3
#define TQ_INPUT_ELEMS (TQ_H * TQ_W * TQ_C)

static inline int32_t tq_const(ge_graph* g, test_rng* rng, const char* name, ge_shape s, float lo, float hi) {
    void* data = NULL;
    int32_t t = ge_graph_add_const_uninit(g, name, GE_DTYPE_F32, &s, &data, NULL);
    for (int64_t i = 0; i < ge_shape_elements(&s); i++) ((float*)data)[i] = test_rng_float(rng, lo, hi);
    return t;
}

static inline int32_t tq_act(ge_graph* g, const char* name) {
    ge_shape s = {0};
    return ge_graph_add_tensor(g, name, GE_DTYPE_F32, &s, NULL);
}

static inline ge_shape tq_shape(int rank, int a, int b, int c, int d) {
    ge_shape s = {0};
    s.rank = rank;
    s.dim[0] = a, s.dim[1] = b, s.dim[2] = c, s.dim[3] = d;
    return s;
}

/* Builds the test network into g (initialised) and runs the default load passes. */
static inline glint_result tq_build_net(ge_graph* g, uint64_t seed, glint_error* err) {
    test_rng rng = {seed};
    ge_shape xs = tq_shape(4, 1, TQ_H, TQ_W, TQ_C);
    int32_t x = ge_graph_add_tensor(g, "input", GE_DTYPE_F32, &xs, err);
    int32_t w1 = tq_const(g, &rng, "w1", tq_shape(4, 8, 3, 3, 3), -0.5f, 0.5f);
    int32_t b1 = tq_const(g, &rng, "b1", tq_shape(1, 8, 0, 0, 0), -0.1f, 0.1f);
    int32_t wd = tq_const(g, &rng, "wd", tq_shape(4, 1, 3, 3, 8), -0.5f, 0.5f);
    int32_t bd = tq_const(g, &rng, "bd", tq_shape(1, 8, 0, 0, 0), -0.1f, 0.1f);
    int32_t w2 = tq_const(g, &rng, "w2", tq_shape(4, 8, 1, 1, 8), -0.5f, 0.5f);
    int32_t b2 = tq_const(g, &rng, "b2", tq_shape(1, 8, 0, 0, 0), -0.1f, 0.1f);
    int32_t al = tq_const(g, &rng, "alpha", tq_shape(3, 1, 1, 8, 0), 0.05f, 0.3f);
    int32_t wf = tq_const(g, &rng, "wf", tq_shape(2, 4, 8, 0, 0), -1.0f, 1.0f);
    int32_t bf = tq_const(g, &rng, "bf", tq_shape(1, 4, 0, 0, 0), -0.2f, 0.2f);
    int32_t wh = tq_const(g, &rng, "wh", tq_shape(4, 2, 1, 1, 16), -0.5f, 0.5f);
    int32_t c1 = tq_act(g, "c1"), d1 = tq_act(g, "d1"), p1 = tq_act(g, "p1"), a1 = tq_act(g, "a1");
    int32_t m1 = tq_act(g, "m1"), pr = tq_act(g, "pr"), mn = tq_act(g, "mean"), rs = tq_act(g, "flat");
    int32_t fc = tq_act(g, "logits"), lg = tq_act(g, "probs"), up = tq_act(g, "up"), cc = tq_act(g, "cat");
    int32_t hm = tq_act(g, "heat");
    ge_op_params p;
    memset(&p, 0, sizeof(p));
    p.conv.stride_h = p.conv.stride_w = 1;
    p.conv.padding = GE_PADDING_SAME;
    p.conv.act = GE_ACT_RELU6;
    int32_t in3[3] = {x, w1, b1};
    ge_graph_add_op(g, GE_OP_CONV2D, "conv1", in3, 3, &c1, 1, &p, err);
    in3[0] = c1, in3[1] = wd, in3[2] = bd;
    p.conv.depth_multiplier = 1;
    ge_graph_add_op(g, GE_OP_DEPTHWISE_CONV2D, "dw1", in3, 3, &d1, 1, &p, err);
    in3[0] = d1, in3[1] = w2, in3[2] = b2;
    p.conv.act = GE_ACT_NONE;
    p.conv.depth_multiplier = 0;
    ge_graph_add_op(g, GE_OP_CONV2D, "pw1", in3, 3, &p1, 1, &p, err);
    memset(&p, 0, sizeof(p));
    int32_t in2[2] = {p1, c1};
    ge_graph_add_op(g, GE_OP_ADD, "add1", in2, 2, &a1, 1, &p, err);
    p.conv.stride_h = p.conv.stride_w = 2;
    p.conv.filter_h = p.conv.filter_w = 2;
    p.conv.padding = GE_PADDING_VALID;
    ge_graph_add_op(g, GE_OP_MAX_POOL2D, "pool1", &a1, 1, &m1, 1, &p, err);
    memset(&p, 0, sizeof(p));
    in2[0] = m1, in2[1] = al;
    ge_graph_add_op(g, GE_OP_PRELU, "prelu1", in2, 2, &pr, 1, &p, err);
    p.reduce.axes_mask = 0x6;
    p.reduce.keep_dims = true;
    ge_graph_add_op(g, GE_OP_MEAN, "mean1", &pr, 1, &mn, 1, &p, err);
    memset(&p, 0, sizeof(p));
    g->tensors[rs].shape = tq_shape(2, 1, 8, 0, 0);
    ge_graph_add_op(g, GE_OP_RESHAPE, "flatten", &mn, 1, &rs, 1, &p, err);
    in3[0] = rs, in3[1] = wf, in3[2] = bf;
    ge_graph_add_op(g, GE_OP_FULLY_CONNECTED, "fc1", in3, 3, &fc, 1, &p, err);
    ge_graph_add_op(g, GE_OP_LOGISTIC, "sigmoid", &fc, 1, &lg, 1, &p, err);
    p.resize.out_h = TQ_H, p.resize.out_w = TQ_W;
    p.resize.half_pixel_centers = true;
    ge_graph_add_op(g, GE_OP_RESIZE_BILINEAR, "up1", &m1, 1, &up, 1, &p, err);
    memset(&p, 0, sizeof(p));
    p.axis.axis = 3;
    in2[0] = up, in2[1] = a1;
    ge_graph_add_op(g, GE_OP_CONCAT, "cat1", in2, 2, &cc, 1, &p, err);
    memset(&p, 0, sizeof(p));
    p.conv.stride_h = p.conv.stride_w = 1;
    p.conv.padding = GE_PADDING_VALID;
    int32_t inh[3] = {cc, wh, -1};
    ge_graph_add_op(g, GE_OP_CONV2D, "head", inh, 3, &hm, 1, &p, err);
    int32_t outs[3] = {fc, lg, hm};
    glint_result r = ge_graph_set_io(g, &x, 1, outs, 3, err);
    if (r < 0) return r;
    return ge_passes_run_default(g, err);
}

static inline void tq_rand_input(test_rng* rng, float* x, int n) {
    for (int i = 0; i < n; i++) x[i] = test_rng_float(rng, 0.0f, 1.0f);
}

/* Runs g (planned here if needed) on input x; copies output k (f32) into out. */
typedef struct tq_runner {
    ge_exec ex;
    const ge_graph* g;
} tq_runner;

static inline glint_result tq_runner_init(tq_runner* r, ge_graph* g, gu_allocator* alloc, glint_error* err) {
    r->g = g;
    glint_result res = ge_plan_memory(g, (size_t)1 << 30, err);
    if (res < 0) return res;
    return ge_exec_init(&r->ex, g, alloc, false, err);
}

static inline glint_result tq_run(tq_runner* r, const float* x, glint_error* err) {
    const ge_tensor* in = &r->g->tensors[r->g->inputs[0]];
    memcpy(ge_exec_tensor_data(&r->ex, r->g->inputs[0]), x, (size_t)ge_shape_elements(&in->shape) * sizeof(float));
    return ge_exec_run(&r->ex, err);
}

static inline const float* tq_output(const tq_runner* r, int k, int64_t* n) {
    const ge_tensor* t = &r->g->tensors[r->g->outputs[k]];
    *n = ge_shape_elements(&t->shape);
    return ge_exec_tensor_data(&r->ex, r->g->outputs[k]);
}

/* SQNR in dB of b against the reference a. */
static inline double tq_sqnr(const float* a, const float* b, int64_t n) {
    double s = 0, e = 0;
    for (int64_t i = 0; i < n; i++) {
        s += (double)a[i] * a[i];
        e += ((double)a[i] - b[i]) * ((double)a[i] - b[i]);
    }
    return e > 0 ? 10.0 * log10(s / e) : 200.0;
}

#endif /* TEST_QUANT_UTIL_H */
