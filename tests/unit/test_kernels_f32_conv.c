/*
 * The f32 convolution family of CPU kernels (CONV2D 1x1 and general, DEPTHWISE_CONV2D 3x3 /
 * 5x5 / any, FULLY_CONNECTED) against the reference kernels, for every ISA variant this machine
 * runs (test_kernels_util.h), on edge shapes: 1x1 images, widths below and around the 4-pixel
 * block, channel counts that are not multiples of 4/8/16, stride 2, SAME/VALID/explicit pads,
 * every clamp activation, batch 2, 1 and 3 threads.
 */
#include "test_kernels_util.h"

typedef struct conv_case {
    int n, h, w, c, oc, k, s;
    ge_padding pad;
    int pads[4];
    ge_activation act;
    bool bias;
} conv_case;

static const ge_activation k_acts[] = {GE_ACT_NONE, GE_ACT_RELU, GE_ACT_RELU6, GE_ACT_RELU_N1_TO_1};

/* K = KH*KW*C products per output: tolerance grows with it (FMA vs separate rounding, order). */
static double tol_for(int64_t k) {
    return 3e-6 * (double)(k + 8);
}

static void run_conv(const char* kind, const conv_case* cc, test_rng* rng, bool depthwise) {
    char what[160];
    snprintf(what, sizeof(what), "%s n%d %dx%dx%d->%d k%d s%d pad%d[%d,%d,%d,%d] act%d%s", kind, cc->n, cc->h, cc->w,
             cc->c, cc->oc, cc->k, cc->s, (int)cc->pad, cc->pads[0], cc->pads[1], cc->pads[2], cc->pads[3],
             (int)cc->act, cc->bias ? " bias" : "");
    tv_op t = tv_op_new(depthwise ? GE_OP_DEPTHWISE_CONV2D : GE_OP_CONV2D, 3, 1);
    t.in[0] = tv_rand_f32(rng, SHAPE(cc->n, cc->h, cc->w, cc->c), -1.0f, 1.0f);
    t.in[1] = depthwise ? tv_rand_f32(rng, SHAPE(1, cc->k, cc->k, cc->c), -1.0f, 1.0f)
                        : tv_rand_f32(rng, SHAPE(cc->oc, cc->k, cc->k, cc->c), -1.0f, 1.0f);
    t.in[2] = cc->bias ? tv_rand_f32(rng, SHAPE(depthwise ? cc->c : cc->oc), -1.0f, 1.0f) : tv_absent();
    t.out[0] = tv_view(GE_DTYPE_F32, SHAPE0, NULL);
    t.params.conv.stride_h = t.params.conv.stride_w = cc->s;
    t.params.conv.padding = cc->pad;
    t.params.conv.pad_top = cc->pads[0];
    t.params.conv.pad_left = cc->pads[1];
    t.params.conv.pad_bottom = cc->pads[2];
    t.params.conv.pad_right = cc->pads[3];
    t.params.conv.depth_multiplier = 1;
    t.params.conv.act = cc->act;
    if (!tv_infer_run(what, &t)) return;
    int64_t k = depthwise ? (int64_t)cc->k * cc->k : (int64_t)cc->k * cc->k * cc->c;
    int supported = tk_check_kernels(what, &t, tol_for(k));
    CHECK_MSG(supported >= 1, "%s: no CPU kernel supports it", what);
}

static void conv_cases(test_rng* rng) {
    static const int chans[] = {1, 3, 5, 8, 16, 17, 24, 33};
    int i = 0;
    /* 1x1: the GEMM path over channel counts around the vector and panel widths */
    for (int a = 0; a < 8; a++)
        for (int b = 0; b < 8; b += 1) {
            conv_case cc = {1, 3 + (a + b) % 5, 2 + (a * b) % 7, chans[a], chans[(a + 3 * b) % 8] + (b > 5 ? 40 : 0),
                            1, 1, GE_PADDING_VALID, {0}, k_acts[i++ % 4], (a + b) % 3 != 0};
            run_conv("conv1x1", &cc, rng, false);
        }
    /* many rows (several MR tiles and tasks), wide output (several panels and a narrow one) */
    conv_case big = {1, 13, 11, 24, 72, 1, 1, GE_PADDING_VALID, {0}, GE_ACT_RELU6, true};
    run_conv("conv1x1 big", &big, rng, false);
    conv_case batch = {2, 5, 3, 17, 9, 1, 1, GE_PADDING_SAME, {0}, GE_ACT_NONE, true};
    run_conv("conv1x1 batch", &batch, rng, false);
    /* 1x1 stride 2 and padded 1x1: the general path */
    conv_case s2 = {1, 7, 8, 16, 20, 1, 2, GE_PADDING_SAME, {0}, GE_ACT_RELU, true};
    run_conv("conv1x1/2", &s2, rng, false);
    conv_case p1 = {1, 4, 5, 3, 5, 1, 1, GE_PADDING_EXPLICIT, {1, 0, 0, 1}, GE_ACT_NONE, true};
    run_conv("conv1x1 padded", &p1, rng, false);
    /* general: 2x2 .. 5x5, strides, paddings, the 3-channel stem */
    static const conv_case gen[] = {
        {1, 9, 11, 3, 24, 3, 2, GE_PADDING_SAME, {0}, GE_ACT_RELU6, true},
        {1, 8, 7, 5, 17, 3, 1, GE_PADDING_SAME, {0}, GE_ACT_RELU, true},
        {1, 10, 13, 17, 33, 5, 2, GE_PADDING_SAME, {0}, GE_ACT_NONE, true},
        {1, 12, 9, 1, 5, 5, 1, GE_PADDING_VALID, {0}, GE_ACT_RELU_N1_TO_1, false},
        {1, 9, 8, 4, 7, 3, 2, GE_PADDING_EXPLICIT, {1, 0, 2, 1}, GE_ACT_NONE, true},
        {1, 6, 6, 33, 16, 2, 1, GE_PADDING_VALID, {0}, GE_ACT_NONE, true},
        {1, 2, 3, 3, 2, 5, 1, GE_PADDING_SAME, {0}, GE_ACT_NONE, true},
        {1, 1, 1, 8, 40, 3, 1, GE_PADDING_SAME, {0}, GE_ACT_RELU, true},
        {1, 8, 8, 5, 9, 3, 2, GE_PADDING_EXPLICIT, {0, 0, 1, 1}, GE_ACT_NONE, true},
        {2, 7, 5, 7, 31, 3, 1, GE_PADDING_SAME, {0}, GE_ACT_RELU6, false},
        {1, 16, 15, 16, 64, 3, 2, GE_PADDING_SAME, {0}, GE_ACT_RELU, true},
    };
    for (size_t g = 0; g < sizeof(gen) / sizeof(gen[0]); g++) run_conv("conv", &gen[g], rng, false);
}

static void dw_cases(test_rng* rng) {
    static const int chans[] = {1, 3, 4, 7, 8, 15, 16, 17, 24, 33, 48};
    static const int widths[] = {1, 2, 3, 4, 5, 7, 9, 12, 17};
    int i = 0;
    for (int kk = 3; kk <= 5; kk += 2)
        for (int s = 1; s <= 2; s++)
            for (int ci = 0; ci < 11; ci++) {
                const int w = widths[(ci + kk + s) % 9];
                const int h = 1 + (ci * 3 + s) % 7;
                conv_case cc = {1, h, w, chans[ci], chans[ci], kk, s, ci % 3 == 2 ? GE_PADDING_VALID : GE_PADDING_SAME,
                                {0}, k_acts[i++ % 4], ci % 4 != 1};
                if (cc.pad == GE_PADDING_VALID && (cc.h < kk || cc.w < kk)) cc.pad = GE_PADDING_SAME;
                run_conv(kk == 3 ? "dw3x3" : "dw5x5", &cc, rng, true);
            }
    static const conv_case more[] = {
        {1, 10, 10, 17, 17, 3, 2, GE_PADDING_EXPLICIT, {0, 0, 1, 1}, GE_ACT_RELU6, true},
        {1, 7, 6, 5, 5, 5, 1, GE_PADDING_EXPLICIT, {2, 1, 0, 3}, GE_ACT_RELU_N1_TO_1, true},
        {2, 5, 6, 33, 33, 3, 1, GE_PADDING_SAME, {0}, GE_ACT_NONE, true},
        {1, 24, 28, 32, 32, 3, 1, GE_PADDING_SAME, {0}, GE_ACT_RELU6, true},
        {1, 28, 28, 24, 24, 5, 2, GE_PADDING_SAME, {0}, GE_ACT_RELU, true},
        {1, 9, 9, 6, 6, 7, 1, GE_PADDING_SAME, {0}, GE_ACT_NONE, true}, /* the any-size kernel */
        {1, 6, 9, 19, 19, 2, 2, GE_PADDING_VALID, {0}, GE_ACT_NONE, true},
        {1, 1, 1, 16, 16, 3, 1, GE_PADDING_SAME, {0}, GE_ACT_NONE, true},
    };
    for (size_t g = 0; g < sizeof(more) / sizeof(more[0]); g++) run_conv("dw", &more[g], rng, true);
}

static void fc_cases(test_rng* rng) {
    static const int depths[] = {1, 7, 64, 129, 1152};
    static const int units[] = {1, 5, 16, 33, 63};
    int i = 0;
    for (int rows = 1; rows <= 3; rows += 2)
        for (int d = 0; d < 5; d++)
            for (int u = 0; u < 5; u++) {
                char what[96];
                snprintf(what, sizeof(what), "fc %dx%d -> %d", rows, depths[d], units[u]);
                tv_op t = tv_op_new(GE_OP_FULLY_CONNECTED, 3, 1);
                t.in[0] = tv_rand_f32(rng, SHAPE(rows, depths[d]), -1.0f, 1.0f);
                t.in[1] = tv_rand_f32(rng, SHAPE(units[u], depths[d]), -1.0f, 1.0f);
                t.in[2] = (d + u) % 2 ? tv_rand_f32(rng, SHAPE(units[u]), -1.0f, 1.0f) : tv_absent();
                t.out[0] = tv_view(GE_DTYPE_F32, SHAPE0, NULL);
                t.params.fc.act = k_acts[i++ % 4];
                if (!tv_infer_run(what, &t)) continue;
                int supported = tk_check_kernels(what, &t, tol_for(depths[d]));
                CHECK_MSG(supported >= 1, "%s: no CPU kernel supports it", what);
            }
}

/* Ops the kernels must leave to the reference: dilation, depth multiplier, tanh/sigmoid. */
static void declined_cases(test_rng* rng) {
    tv_op t = tv_op_new(GE_OP_DEPTHWISE_CONV2D, 3, 1);
    t.in[0] = tv_rand_f32(rng, SHAPE(1, 6, 7, 3), -1.0f, 1.0f);
    t.in[1] = tv_rand_f32(rng, SHAPE(1, 3, 3, 6), -1.0f, 1.0f);
    t.in[2] = tv_absent();
    t.out[0] = tv_view(GE_DTYPE_F32, SHAPE0, NULL);
    t.params.conv.stride_h = t.params.conv.stride_w = 1;
    t.params.conv.padding = GE_PADDING_SAME;
    t.params.conv.depth_multiplier = 2;
    if (tv_infer_run("dw multiplier 2", &t)) CHECK(tk_check_kernels("dw multiplier 2", &t, 1e-4) == 0);
    tv_op c = tv_op_new(GE_OP_CONV2D, 3, 1);
    c.in[0] = tv_rand_f32(rng, SHAPE(1, 6, 7, 3), -1.0f, 1.0f);
    c.in[1] = tv_rand_f32(rng, SHAPE(4, 3, 3, 3), -1.0f, 1.0f);
    c.in[2] = tv_absent();
    c.out[0] = tv_view(GE_DTYPE_F32, SHAPE0, NULL);
    c.params.conv.stride_h = c.params.conv.stride_w = 1;
    c.params.conv.padding = GE_PADDING_SAME;
    c.params.conv.act = GE_ACT_TANH;
    if (tv_infer_run("conv tanh", &c)) CHECK(tk_check_kernels("conv tanh", &c, 1e-4) == 0);
}

int main(void) {
    test_rng rng = {0x9E3779B97F4A7C15ull};
    conv_cases(&rng);
    dw_cases(&rng);
    fc_cases(&rng);
    declined_cases(&rng);
    tk_report("ge_f32_", GE_OP_CONV2D, GE_OP_FULLY_CONNECTED);
    tv_free_all();
    return test_finish();
}
