/*
 * CONV2D, DEPTHWISE_CONV2D and FULLY_CONNECTED reference kernels.
 *
 * A table of cases (kernel 1/2/3/5, strides, SAME/VALID/explicit pads, dilation, depth
 * multipliers, odd channel counts, batch 2, every fused activation) runs on fixed-seed random
 * tensors against an independent double-precision reference that materialises the zero-padded
 * input and loops in a different order. A few tiny cases check literal, hand-computed numbers.
 */
#include "test_ref_util.h"

typedef struct conv_case {
    const char* name;
    int n, h, w, c;
    int out_c; /* conv: filters; depthwise: multiplier */
    int kh, kw, sh, sw, dh, dw;
    ge_padding padding;
    int pads[4]; /* top, left, bottom, right (explicit only) */
    ge_activation act;
    bool bias;
} conv_case;

static const conv_case conv_cases[] = {
    {"1x1 c3->5", 1, 7, 9, 3, 5, 1, 1, 1, 1, 1, 1, GE_PADDING_VALID, {0}, GE_ACT_NONE, true},
    {"3x3 same c5->17 relu", 1, 8, 7, 5, 17, 3, 3, 1, 1, 1, 1, GE_PADDING_SAME, {0}, GE_ACT_RELU, true},
    {"3x3/2 same 9x11 relu6 (stem)", 1, 9, 11, 3, 8, 3, 3, 2, 2, 1, 1, GE_PADDING_SAME, {0}, GE_ACT_RELU6, true},
    {"5x5/2 same c17->33", 1, 10, 13, 17, 33, 5, 5, 2, 2, 1, 1, GE_PADDING_SAME, {0}, GE_ACT_NONE, true},
    {"5x5 valid c1 relu_n1_to_1", 1, 12, 9, 1, 5, 5, 5, 1, 1, 1, 1, GE_PADDING_VALID, {0}, GE_ACT_RELU_N1_TO_1, false},
    {"3x3/2 explicit 1,0,2,1 tanh", 1, 9, 8, 4, 7, 3, 3, 2, 2, 1, 1, GE_PADDING_EXPLICIT, {1, 0, 2, 1}, GE_ACT_TANH,
     true},
    {"3x3 dilation 2 same sigmoid", 1, 11, 10, 5, 6, 3, 3, 1, 1, 2, 2, GE_PADDING_SAME, {0}, GE_ACT_SIGMOID, true},
    {"2x2 valid c33->16", 1, 6, 6, 33, 16, 2, 2, 1, 1, 1, 1, GE_PADDING_VALID, {0}, GE_ACT_NONE, true},
    {"3x2 stride 1x2 dilation 2x1", 1, 10, 9, 3, 4, 3, 2, 1, 2, 2, 1, GE_PADDING_SAME, {0}, GE_ACT_NONE, true},
    {"batch 2 1x1/2", 2, 5, 5, 17, 3, 1, 1, 2, 2, 1, 1, GE_PADDING_VALID, {0}, GE_ACT_RELU, false},
    {"5x5 kernel over a 2x3 input", 1, 2, 3, 3, 2, 5, 5, 1, 1, 1, 1, GE_PADDING_SAME, {0}, GE_ACT_NONE, true},
    {"1x1 c64->48", 1, 4, 5, 64, 48, 1, 1, 1, 1, 1, 1, GE_PADDING_SAME, {0}, GE_ACT_RELU6, true},
    {"3x3/2 explicit 0,0,1,1 (pose)", 1, 8, 8, 5, 9, 3, 3, 2, 2, 1, 1, GE_PADDING_EXPLICIT, {0, 0, 1, 1},
     GE_ACT_NONE, true},
    {"3x3 valid dilation 2", 1, 9, 9, 3, 5, 3, 3, 1, 1, 2, 2, GE_PADDING_VALID, {0}, GE_ACT_NONE, true},
};

static const conv_case dw_cases[] = {
    {"dw 3x3 same c5", 1, 7, 8, 5, 1, 3, 3, 1, 1, 1, 1, GE_PADDING_SAME, {0}, GE_ACT_RELU6, true},
    {"dw 3x3/2 same c17 odd", 1, 9, 11, 17, 1, 3, 3, 2, 2, 1, 1, GE_PADDING_SAME, {0}, GE_ACT_NONE, true},
    {"dw 5x5 same c33", 1, 10, 9, 33, 1, 5, 5, 1, 1, 1, 1, GE_PADDING_SAME, {0}, GE_ACT_RELU, true},
    {"dw 5x5/2 same c3", 1, 12, 13, 3, 1, 5, 5, 2, 2, 1, 1, GE_PADDING_SAME, {0}, GE_ACT_NONE, false},
    {"dw 3x3 mult 2 c3", 1, 6, 7, 3, 2, 3, 3, 1, 1, 1, 1, GE_PADDING_SAME, {0}, GE_ACT_NONE, true},
    {"dw 3x3/2 mult 2 c1 valid", 1, 9, 8, 1, 2, 3, 3, 2, 2, 1, 1, GE_PADDING_VALID, {0}, GE_ACT_TANH, true},
    {"dw 3x3 dilation 2 c5", 1, 11, 9, 5, 1, 3, 3, 1, 1, 2, 2, GE_PADDING_SAME, {0}, GE_ACT_SIGMOID, true},
    {"dw 3x3/2 explicit 0,0,1,1 c17", 1, 10, 10, 17, 1, 3, 3, 2, 2, 1, 1, GE_PADDING_EXPLICIT, {0, 0, 1, 1},
     GE_ACT_RELU6, true},
    {"dw 5x5 explicit 2,1,0,3 mult 2 c5", 1, 7, 6, 5, 2, 5, 5, 1, 1, 1, 1, GE_PADDING_EXPLICIT, {2, 1, 0, 3},
     GE_ACT_RELU_N1_TO_1, true},
    {"dw batch 2 3x3 c33", 2, 5, 6, 33, 1, 3, 3, 1, 1, 1, 1, GE_PADDING_SAME, {0}, GE_ACT_NONE, true},
};

/* The test's own TF padding rule, written out separately from the engine's. */
static void expected_pads(const conv_case* cc, int* top, int* left, int* bottom, int* right, int* oh, int* ow) {
    int ekh = (cc->kh - 1) * cc->dh + 1, ekw = (cc->kw - 1) * cc->dw + 1;
    if (cc->padding == GE_PADDING_SAME) {
        *oh = (cc->h + cc->sh - 1) / cc->sh;
        *ow = (cc->w + cc->sw - 1) / cc->sw;
        int th = (*oh - 1) * cc->sh + ekh - cc->h, tw = (*ow - 1) * cc->sw + ekw - cc->w;
        if (th < 0) th = 0;
        if (tw < 0) tw = 0;
        *top = th / 2, *bottom = th - th / 2, *left = tw / 2, *right = tw - tw / 2;
    } else {
        *top = *left = *bottom = *right = 0;
        if (cc->padding == GE_PADDING_EXPLICIT)
            *top = cc->pads[0], *left = cc->pads[1], *bottom = cc->pads[2], *right = cc->pads[3];
        *oh = (cc->h + *top + *bottom - ekh) / cc->sh + 1;
        *ow = (cc->w + *left + *right - ekw) / cc->sw + 1;
    }
}

static double act_d(double x, ge_activation a) {
    switch (a) {
    case GE_ACT_RELU: return x < 0 ? 0 : x;
    case GE_ACT_RELU6: return x < 0 ? 0 : (x > 6 ? 6 : x);
    case GE_ACT_RELU_N1_TO_1: return x < -1 ? -1 : (x > 1 ? 1 : x);
    case GE_ACT_TANH: return tanh(x);
    case GE_ACT_SIGMOID: return 1.0 / (1.0 + exp(-x));
    default: return x;
    }
}

/* Double-precision reference on an explicitly zero-padded copy of the input. tol gets
 * 1e-5 * sum|terms| + 1e-6 per output, the float rounding the engine may accumulate. */
static void reference(const conv_case* cc, bool depthwise, const float* x, const float* w, const float* b,
                      double* out, double* tol) {
    int top, left, bottom, right, oh, ow;
    expected_pads(cc, &top, &left, &bottom, &right, &oh, &ow);
    const int hp = cc->h + top + bottom, wp = cc->w + left + right, c = cc->c;
    const int oc_count = depthwise ? c * cc->out_c : cc->out_c;
    double* pad = calloc((size_t)cc->n * hp * wp * c, sizeof(double));
    for (int n = 0; n < cc->n; n++)
        for (int y = 0; y < cc->h; y++)
            for (int xx = 0; xx < cc->w; xx++)
                for (int ic = 0; ic < c; ic++)
                    pad[(((size_t)n * hp + y + top) * wp + xx + left) * c + ic] =
                        x[(((size_t)n * cc->h + y) * cc->w + xx) * c + ic];
    for (int n = 0; n < cc->n; n++)
        for (int oc = 0; oc < oc_count; oc++)
            for (int oy = 0; oy < oh; oy++)
                for (int ox = 0; ox < ow; ox++) {
                    double s = b ? b[oc] : 0.0, mag = b ? fabs(b[oc]) : 0.0;
                    for (int ky = 0; ky < cc->kh; ky++)
                        for (int kx = 0; kx < cc->kw; kx++) {
                            const double* px =
                                pad + (((size_t)n * hp + oy * cc->sh + ky * cc->dh) * wp + ox * cc->sw + kx * cc->dw) * c;
                            if (depthwise) {
                                int ic = oc / cc->out_c;
                                double t = px[ic] * w[((size_t)ky * cc->kw + kx) * oc_count + oc];
                                s += t, mag += fabs(t);
                            } else {
                                for (int ic = 0; ic < c; ic++) {
                                    double t = px[ic] * w[(((size_t)oc * cc->kh + ky) * cc->kw + kx) * c + ic];
                                    s += t, mag += fabs(t);
                                }
                            }
                        }
                    size_t o = (((size_t)n * oh + oy) * ow + ox) * oc_count + oc;
                    out[o] = act_d(s, cc->act);
                    tol[o] = 1e-5 * mag + 1e-6;
                }
    free(pad);
}

static void run_case(const conv_case* cc, bool depthwise, test_rng* rng) {
    const int oc_count = depthwise ? cc->c * cc->out_c : cc->out_c;
    tv_op t = tv_op_new(depthwise ? GE_OP_DEPTHWISE_CONV2D : GE_OP_CONV2D, 3, 1);
    t.in[0] = tv_rand_f32(rng, SHAPE(cc->n, cc->h, cc->w, cc->c), -1.0f, 1.0f);
    t.in[1] = depthwise ? tv_rand_f32(rng, SHAPE(1, cc->kh, cc->kw, oc_count), -1.0f, 1.0f)
                        : tv_rand_f32(rng, SHAPE(oc_count, cc->kh, cc->kw, cc->c), -1.0f, 1.0f);
    t.in[2] = cc->bias ? tv_rand_f32(rng, SHAPE(oc_count), -0.5f, 0.5f) : tv_absent();
    ge_conv_params* p = &t.params.conv;
    p->stride_h = cc->sh, p->stride_w = cc->sw;
    p->dilation_h = cc->dh, p->dilation_w = cc->dw;
    p->padding = cc->padding;
    p->pad_top = cc->pads[0], p->pad_left = cc->pads[1], p->pad_bottom = cc->pads[2], p->pad_right = cc->pads[3];
    p->depth_multiplier = depthwise ? cc->out_c : 0;
    p->act = cc->act;
    if (!tv_infer_run(cc->name, &t)) return;

    int top, left, bottom, right, oh, ow;
    expected_pads(cc, &top, &left, &bottom, &right, &oh, &ow);
    tv_check_shape(cc->name, &t.out[0], SHAPE(cc->n, oh, ow, oc_count));
    CHECK_MSG(t.params.conv.pad_top == top && t.params.conv.pad_left == left && t.params.conv.pad_bottom == bottom &&
                  t.params.conv.pad_right == right,
              "%s: pads %d,%d,%d,%d want %d,%d,%d,%d", cc->name, t.params.conv.pad_top, t.params.conv.pad_left,
              t.params.conv.pad_bottom, t.params.conv.pad_right, top, left, bottom, right);
    int64_t n = tv_elems(&t.out[0]);
    double* want = tv_alloc((size_t)n * sizeof(double));
    double* tol = tv_alloc((size_t)n * sizeof(double));
    reference(cc, depthwise, t.in[0].data, t.in[1].data, cc->bias ? t.in[2].data : NULL, want, tol);
    tv_check_close(cc->name, t.out[0].data, want, tol, 0, n);
}

/* ---- literal cases ---- */

static void test_conv_literals(void) {
    /* 3x3 ones over 1..9, SAME: each output is the sum of its clipped neighbourhood. */
    float x9[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9}, ones[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
    tv_op t = tv_op_new(GE_OP_CONV2D, 2, 1);
    t.in[0] = tv_f32(SHAPE(1, 3, 3, 1), x9);
    t.in[1] = tv_f32(SHAPE(1, 3, 3, 1), ones);
    t.params.conv = (ge_conv_params){.stride_h = 1, .stride_w = 1, .padding = GE_PADDING_SAME};
    if (tv_infer_run("conv literal same", &t)) {
        const float want[9] = {12, 21, 16, 27, 45, 33, 24, 39, 28};
        tv_check_f32("conv literal same", &t.out[0], want, 9, 0);
    }
    /* 3x3 ones, stride 2, SAME over 0..15 (4x4): pads 0 top/left, 1 bottom/right; bias 0.5. */
    float x16[16], half = 0.5f;
    for (int i = 0; i < 16; i++) x16[i] = (float)i;
    t = tv_op_new(GE_OP_CONV2D, 3, 1);
    t.in[0] = tv_f32(SHAPE(1, 4, 4, 1), x16);
    t.in[1] = tv_f32(SHAPE(1, 3, 3, 1), ones);
    t.in[2] = tv_f32(SHAPE(1), &half);
    t.params.conv = (ge_conv_params){.stride_h = 2, .stride_w = 2, .padding = GE_PADDING_SAME};
    if (tv_infer_run("conv literal stride 2", &t)) {
        const float want[4] = {45.5f, 39.5f, 66.5f, 50.5f};
        tv_check_f32("conv literal stride 2", &t.out[0], want, 4, 0);
        CHECK(t.params.conv.pad_top == 0 && t.params.conv.pad_bottom == 1);
        CHECK(t.params.conv.pad_left == 0 && t.params.conv.pad_right == 1);
    }
    /* Depthwise, multiplier 2: output channel ic*2 + m reads input channel ic. */
    float xd[8] = {1, 10, 2, 20, 3, 30, 4, 40}, wd[4] = {1, -1, 0.5f, 2};
    t = tv_op_new(GE_OP_DEPTHWISE_CONV2D, 2, 1);
    t.in[0] = tv_f32(SHAPE(1, 2, 2, 2), xd);
    t.in[1] = tv_f32(SHAPE(1, 1, 1, 4), wd);
    t.params.conv = (ge_conv_params){.stride_h = 1, .stride_w = 1, .padding = GE_PADDING_VALID};
    if (tv_infer_run("dw literal mult 2", &t)) {
        const float want[16] = {1, -1, 5, 20, 2, -2, 10, 40, 3, -3, 15, 60, 4, -4, 20, 80};
        tv_check_f32("dw literal mult 2", &t.out[0], want, 16, 0);
        CHECK(t.params.conv.depth_multiplier == 2);
    }
    /* FC: [1,2,3] x [[1,0,-1],[0.5,0.5,0.5]]^T + [0.1,-1] = [-1.9, 2]; RELU -> [0, 2]. */
    float xf[3] = {1, 2, 3}, wf[6] = {1, 0, -1, 0.5f, 0.5f, 0.5f}, bf[2] = {0.1f, -1};
    t = tv_op_new(GE_OP_FULLY_CONNECTED, 3, 1);
    t.in[0] = tv_f32(SHAPE(1, 3), xf);
    t.in[1] = tv_f32(SHAPE(2, 3), wf);
    t.in[2] = tv_f32(SHAPE(2), bf);
    if (tv_infer_run("fc literal", &t)) {
        const float want[2] = {-1.9f, 2};
        tv_check_f32("fc literal", &t.out[0], want, 2, 1e-6);
    }
    t.params.fc.act = GE_ACT_RELU;
    if (tv_infer_run("fc literal relu", &t)) {
        const float want[2] = {0, 2};
        tv_check_f32("fc literal relu", &t.out[0], want, 2, 1e-6);
    }
}

/* ---- fully connected table ---- */

typedef struct fc_case {
    const char* name;
    ge_shape in;
    int units, depth;
    bool keep_num_dims, bias;
    ge_activation act;
    ge_shape out;
} fc_case;

static void test_fc_table(test_rng* rng) {
    const fc_case cases[] = {
        {"fc 1x33->17", SHAPE(1, 33), 17, 33, false, true, GE_ACT_NONE, SHAPE(1, 17)},
        {"fc 1x1x1x672 flattened ->63", SHAPE(1, 1, 1, 672), 63, 672, false, true, GE_ACT_NONE, SHAPE(1, 63)},
        {"fc 2x3x5 depth 15 -> 2 rows", SHAPE(2, 3, 5), 7, 15, false, false, GE_ACT_RELU, SHAPE(2, 7)},
        {"fc keep_num_dims 2x3x5 -> 2x3x7", SHAPE(2, 3, 5), 7, 5, true, true, GE_ACT_RELU6, SHAPE(2, 3, 7)},
        {"fc 3x1 -> 1", SHAPE(3, 1), 1, 1, false, true, GE_ACT_SIGMOID, SHAPE(3, 1)},
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        const fc_case* fc = &cases[k];
        tv_op t = tv_op_new(GE_OP_FULLY_CONNECTED, 3, 1);
        t.in[0] = tv_rand_f32(rng, fc->in, -1, 1);
        t.in[1] = tv_rand_f32(rng, SHAPE(fc->units, fc->depth), -1, 1);
        t.in[2] = fc->bias ? tv_rand_f32(rng, SHAPE(fc->units), -1, 1) : tv_absent();
        t.params.fc.keep_num_dims = fc->keep_num_dims;
        t.params.fc.act = fc->act;
        if (!tv_infer_run(fc->name, &t)) continue;
        tv_check_shape(fc->name, &t.out[0], fc->out);
        const int64_t rows = tv_elems(&t.in[0]) / fc->depth;
        double* want = tv_alloc((size_t)(rows * fc->units) * sizeof(double));
        double* tol = tv_alloc((size_t)(rows * fc->units) * sizeof(double));
        const float *x = t.in[0].data, *w = t.in[1].data, *b = fc->bias ? t.in[2].data : NULL;
        for (int64_t r = 0; r < rows; r++)
            for (int u = 0; u < fc->units; u++) {
                double s = b ? b[u] : 0, mag = b ? fabs(b[u]) : 0;
                for (int i = 0; i < fc->depth; i++) {
                    double term = (double)x[r * fc->depth + i] * w[u * fc->depth + i];
                    s += term, mag += fabs(term);
                }
                want[r * fc->units + u] = act_d(s, fc->act);
                tol[r * fc->units + u] = 1e-5 * mag + 1e-6;
            }
        tv_check_close(fc->name, t.out[0].data, want, tol, 0, rows * fc->units);
    }
}

int main(void) {
    test_rng rng = {0x5eed1234abcdull};
    for (size_t i = 0; i < sizeof(conv_cases) / sizeof(conv_cases[0]); i++) run_case(&conv_cases[i], false, &rng);
    for (size_t i = 0; i < sizeof(dw_cases) / sizeof(dw_cases[0]); i++) run_case(&dw_cases[i], true, &rng);
    test_conv_literals();
    test_fc_table(&rng);
    tv_free_all();
    return test_finish();
}
