/*
 * The int8 (qs8) convolution family of CPU kernels (CONV2D 1x1 and general, DEPTHWISE_CONV2D
 * 3x3 / 5x5 / any, FULLY_CONNECTED) against the qs8 reference kernels, bit for bit, for every
 * ISA variant this machine runs: channel counts that are not multiples of 4/8/16, K not a
 * multiple of the dot-product group, 1x1 images, stride 2, SAME/VALID/explicit padding (padding
 * taps must add exactly zero through the folded zero-point corrections), zero points at both
 * ends of the range, per-channel and per-tensor weight scales, multipliers from tiny (large
 * shifts) to above 1, every clamp activation, 1 and 3 threads.
 */
#include "test_kernels_qs8_util.h"

typedef struct qconv_case {
    int n, h, w, c, oc, k, s;
    ge_padding pad;
    int pads[4];
    ge_activation act;
    bool bias, per_channel;
    int zx, zy;       /* zero points */
    float m_scale;    /* output multiplier relative to a "typical" one */
} qconv_case;

static const ge_activation k_acts[] = {GE_ACT_NONE, GE_ACT_RELU, GE_ACT_RELU6, GE_ACT_RELU_N1_TO_1};
static const int k_zps[] = {0, -128, 127, 5, -37};
static const float k_mscales[] = {1.0f, 0.5f, 2.0f, 1e-3f, 6.0f};

/* spread > 0: per-channel weight scales over 2^-spread .. 2^spread (mixed requantisation shifts) */
static void run_conv_spread(const char* kind, const qconv_case* cc, test_rng* rng, bool depthwise, int spread) {
    char what[200];
    snprintf(what, sizeof(what), "%s n%d %dx%dx%d->%d k%d s%d pad%d[%d,%d,%d,%d] act%d zx%d zy%d m%g spread%d%s%s", kind,
             cc->n, cc->h, cc->w, cc->c, cc->oc, cc->k, cc->s, (int)cc->pad, cc->pads[0], cc->pads[1], cc->pads[2],
             cc->pads[3], (int)cc->act, cc->zx, cc->zy, (double)cc->m_scale, spread, cc->bias ? " bias" : "",
             cc->per_channel ? " per-channel" : "");
    const int32_t oc = depthwise ? cc->c : cc->oc;
    const int64_t K = depthwise ? (int64_t)cc->k * cc->k : (int64_t)cc->k * cc->k * cc->c;
    const float sx = 0.02f, sw = 0.01f;
    /* a typical |acc| is ~ 70 * 64 * sqrt(K): map it to ~ 60 output steps, then scale */
    const float sy = sx * sw * 70.0f * 64.0f * sqrtf((float)K) / 60.0f / cc->m_scale;
    tv_op t = tv_op_new(depthwise ? GE_OP_DEPTHWISE_CONV2D : GE_OP_CONV2D, 3, 1);
    t.in[0] = tq_rand_i8(rng, SHAPE(cc->n, cc->h, cc->w, cc->c), -128, 127, tq_tensor(sx, cc->zx));
    if (spread > 0)
        t.in[1] = depthwise ? tq_weights_spread(rng, SHAPE(1, cc->k, cc->k, cc->c), 3, sw, spread)
                            : tq_weights_spread(rng, SHAPE(cc->oc, cc->k, cc->k, cc->c), 0, sw, spread);
    else
        t.in[1] = depthwise ? tq_weights(rng, SHAPE(1, cc->k, cc->k, cc->c), 3, sw, cc->per_channel)
                            : tq_weights(rng, SHAPE(cc->oc, cc->k, cc->k, cc->c), 0, sw, cc->per_channel);
    t.in[2] = cc->bias ? tq_bias(rng, oc, 20000) : tv_absent();
    t.out[0] = tv_view(GE_DTYPE_I8, SHAPE0, NULL);
    t.out[0].quant = tq_tensor(sy, cc->zy);
    t.params.conv.stride_h = t.params.conv.stride_w = cc->s;
    t.params.conv.padding = cc->pad;
    t.params.conv.pad_top = cc->pads[0];
    t.params.conv.pad_left = cc->pads[1];
    t.params.conv.pad_bottom = cc->pads[2];
    t.params.conv.pad_right = cc->pads[3];
    t.params.conv.depth_multiplier = 1;
    t.params.conv.act = cc->act;
    if (!tv_infer_run(what, &t)) return;
    int supported = tk_check_kernels(what, &t, 0.0);
    CHECK_MSG(supported >= 1, "%s: no CPU kernel supports it", what);
}

static void run_conv(const char* kind, const qconv_case* cc, test_rng* rng, bool depthwise) {
    run_conv_spread(kind, cc, rng, depthwise, 0);
}

static qconv_case vary(qconv_case cc, int i) {
    cc.act = k_acts[i % 4];
    cc.zx = k_zps[i % 5];
    cc.zy = k_zps[(i * 3 + 1) % 5];
    cc.m_scale = k_mscales[(i / 2) % 5];
    cc.per_channel = i % 7 != 3;
    cc.bias = i % 3 != 1;
    return cc;
}

static void conv_cases(test_rng* rng) {
    static const int chans[] = {1, 3, 4, 5, 8, 16, 17, 24, 33};
    int i = 0;
    for (int a = 0; a < 9; a++)
        for (int b = 0; b < 9; b += 2) {
            qconv_case cc = {1, 2 + (a + b) % 5, 1 + (a * b) % 7, chans[a], chans[(a + 3 * b) % 9] + (b > 5 ? 40 : 0),
                             1, 1, GE_PADDING_VALID, {0}, GE_ACT_NONE, true, true, 0, 0, 1.0f};
            cc = vary(cc, i++);
            run_conv("conv1x1", &cc, rng, false);
        }
    static const qconv_case more[] = {
        {1, 13, 11, 24, 72, 1, 1, GE_PADDING_VALID, {0}, GE_ACT_RELU6, true, true, -128, -128, 1.0f},
        {2, 5, 3, 17, 9, 1, 1, GE_PADDING_SAME, {0}, GE_ACT_NONE, true, true, 3, -7, 1.0f},
        {1, 7, 8, 16, 20, 1, 2, GE_PADDING_SAME, {0}, GE_ACT_RELU, true, true, 10, 0, 1.0f},
        {1, 4, 5, 3, 5, 1, 1, GE_PADDING_EXPLICIT, {1, 0, 0, 1}, GE_ACT_NONE, true, true, 127, 5, 1.0f},
        {1, 9, 11, 3, 24, 3, 2, GE_PADDING_SAME, {0}, GE_ACT_RELU6, true, true, -128, -128, 1.0f},
        {1, 8, 7, 5, 17, 3, 1, GE_PADDING_SAME, {0}, GE_ACT_RELU, true, true, 30, -20, 1.0f},
        {1, 10, 13, 17, 33, 5, 2, GE_PADDING_SAME, {0}, GE_ACT_NONE, true, false, -5, 2, 0.5f},
        {1, 12, 9, 1, 5, 5, 1, GE_PADDING_VALID, {0}, GE_ACT_RELU_N1_TO_1, false, true, 0, 0, 1.0f},
        {1, 9, 8, 4, 7, 3, 2, GE_PADDING_EXPLICIT, {1, 0, 2, 1}, GE_ACT_NONE, true, true, 127, -128, 1.0f},
        {1, 6, 6, 33, 16, 2, 1, GE_PADDING_VALID, {0}, GE_ACT_NONE, true, true, -1, 1, 2.0f},
        {1, 2, 3, 3, 2, 5, 1, GE_PADDING_SAME, {0}, GE_ACT_NONE, true, true, 100, 0, 1.0f},
        {1, 1, 1, 8, 40, 3, 1, GE_PADDING_SAME, {0}, GE_ACT_RELU, true, true, -100, 50, 1.0f},
        {1, 8, 8, 5, 9, 3, 2, GE_PADDING_EXPLICIT, {0, 0, 1, 1}, GE_ACT_NONE, true, true, 64, 0, 1.0f},
        {2, 7, 5, 7, 31, 3, 1, GE_PADDING_SAME, {0}, GE_ACT_RELU6, false, true, -64, -128, 1.0f},
        {1, 16, 15, 16, 64, 3, 2, GE_PADDING_SAME, {0}, GE_ACT_RELU, true, true, 12, -128, 1.0f},
        /* at most 4 channels (the implicit conv on AVX-512 VNNI): batches, rows wrapping inside a tile,
         * padding on every side, inputs wide enough for the vector copy of RGB pixels */
        {2, 10, 9, 3, 24, 3, 2, GE_PADDING_SAME, {0}, GE_ACT_RELU6, true, true, -128, -128, 1.0f},
        {1, 30, 33, 3, 24, 3, 2, GE_PADDING_SAME, {0}, GE_ACT_NONE, true, true, 17, -3, 1.0f},
        {1, 17, 15, 2, 40, 3, 1, GE_PADDING_EXPLICIT, {2, 1, 0, 2}, GE_ACT_RELU, true, true, 127, 5, 1.0f},
        {2, 6, 7, 4, 16, 2, 2, GE_PADDING_VALID, {0}, GE_ACT_NONE, false, true, -9, 9, 1.0f},
        {1, 11, 26, 1, 33, 5, 3, GE_PADDING_SAME, {0}, GE_ACT_RELU_N1_TO_1, true, false, 0, 0, 2.0f},
    };
    for (size_t g = 0; g < sizeof(more) / sizeof(more[0]); g++) run_conv("conv", &more[g], rng, false);
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
                qconv_case cc = {1, h, w, chans[ci], chans[ci], kk, s,
                                 ci % 3 == 2 ? GE_PADDING_VALID : GE_PADDING_SAME, {0}, GE_ACT_NONE, true, true,
                                 0, 0, 1.0f};
                if (cc.pad == GE_PADDING_VALID && (cc.h < kk || cc.w < kk)) cc.pad = GE_PADDING_SAME;
                cc = vary(cc, i++);
                run_conv(kk == 3 ? "dw3x3" : "dw5x5", &cc, rng, true);
            }
    static const qconv_case more[] = {
        {1, 10, 10, 17, 17, 3, 2, GE_PADDING_EXPLICIT, {0, 0, 1, 1}, GE_ACT_RELU6, true, true, -128, -128, 1.0f},
        {1, 7, 6, 5, 5, 5, 1, GE_PADDING_EXPLICIT, {2, 1, 0, 3}, GE_ACT_RELU_N1_TO_1, true, true, 127, 0, 1.0f},
        {2, 5, 6, 33, 33, 3, 1, GE_PADDING_SAME, {0}, GE_ACT_NONE, true, false, 9, 9, 1.0f},
        {1, 24, 28, 32, 32, 3, 1, GE_PADDING_SAME, {0}, GE_ACT_RELU6, true, true, -128, -128, 1.0f},
        {1, 28, 28, 24, 24, 5, 2, GE_PADDING_SAME, {0}, GE_ACT_RELU, true, true, 20, -128, 1.0f},
        {1, 9, 9, 6, 6, 7, 1, GE_PADDING_SAME, {0}, GE_ACT_NONE, true, true, 1, 2, 1.0f},
        {1, 6, 9, 19, 19, 2, 2, GE_PADDING_VALID, {0}, GE_ACT_NONE, true, true, -3, 4, 1.0f},
        {1, 1, 1, 16, 16, 3, 1, GE_PADDING_SAME, {0}, GE_ACT_NONE, true, true, 100, -100, 1.0f},
        /* strides 3 and 4, kernels of 2 and 3 groups of four taps, windows wider than the input */
        {1, 11, 13, 20, 20, 3, 3, GE_PADDING_SAME, {0}, GE_ACT_RELU, true, true, -20, 3, 1.0f},
        {1, 12, 17, 16, 16, 5, 4, GE_PADDING_SAME, {0}, GE_ACT_NONE, true, true, 7, -7, 1.0f},
        {1, 9, 10, 8, 8, 9, 1, GE_PADDING_SAME, {0}, GE_ACT_RELU6, true, true, -128, -128, 1.0f},
        {1, 3, 2, 40, 40, 7, 2, GE_PADDING_EXPLICIT, {3, 4, 3, 2}, GE_ACT_NONE, true, true, 50, 10, 1.0f},
        {2, 8, 8, 24, 24, 5, 3, GE_PADDING_VALID, {0}, GE_ACT_NONE, false, true, -60, 60, 1.0f},
        /* kernel widths that leave a tap pair half empty or exactly full (AVX2's int16 tap pairs),
         * strides that do not divide the pair (every ring column built) */
        {1, 5, 11, 9, 9, 1, 1, GE_PADDING_VALID, {0}, GE_ACT_NONE, true, true, -128, 3, 1.0f},
        {1, 13, 14, 12, 12, 4, 3, GE_PADDING_SAME, {0}, GE_ACT_RELU, true, true, 127, -2, 1.0f},
        {1, 9, 10, 10, 10, 6, 2, GE_PADDING_EXPLICIT, {2, 3, 1, 2}, GE_ACT_NONE, true, true, -77, 0, 1.0f},
        {1, 7, 19, 8, 8, 3, 3, GE_PADDING_SAME, {0}, GE_ACT_NONE, true, true, 5, 5, 1.0f},
    };
    for (size_t g = 0; g < sizeof(more) / sizeof(more[0]); g++) run_conv("dw", &more[g], rng, true);
}

/*
 * Requantisation shifts from below 33 to above 55 within one block of channels (the AVX-512
 * kernels use a cheaper form for 33..55 per block and the general one otherwise), with the
 * multiplier centred at 2^-2 (shifts around 33) and at 2^-24 (around 55); channel counts
 * that fill 16-lane blocks, half of one, or neither; full and partial row tiles.
 */
static void mixed_shift_cases(test_rng* rng) {
    /* channels with tiny multipliers are constant by design: left out of the variety count */
    const int varied = tk_stats_.varied, sized = tk_stats_.sized;
    static const int chans[] = {16, 8, 24, 32, 40, 13, 64};
    static const float centres[] = {1.0f, 2e-5f, 60.0f, 5e-7f}; /* times the typical multiplier */
    for (int i = 0; i < 28; i++) {
        const int c = chans[i % 7], oc = chans[(i * 3 + 2) % 7];
        const float m = centres[i % 4];
        const int spread = 2 + i % 5;
        qconv_case c1 = {1, 5 + i % 4, 7 + i % 6, c, oc, 1, 1, GE_PADDING_VALID, {0}, k_acts[i % 4], true, true,
                         k_zps[i % 5], k_zps[(i + 2) % 5], m};
        run_conv_spread("conv1x1 mixed", &c1, rng, false, spread);
        qconv_case c3 = {1, 6 + i % 3, 9 + i % 5, c, oc, 3, 1 + i % 2, GE_PADDING_SAME, {0}, k_acts[(i + 1) % 4], true,
                         true, k_zps[(i + 3) % 5], k_zps[i % 5], m};
        run_conv_spread("conv3x3 mixed", &c3, rng, false, spread);
        qconv_case d = {1, 7 + i % 5, 8 + i % 9, c, c, i % 2 ? 5 : 3, 1 + (i / 2) % 2, GE_PADDING_SAME, {0},
                        k_acts[(i + 2) % 4], true, true, k_zps[(i + 1) % 5], k_zps[(i + 4) % 5], m};
        run_conv_spread("dw mixed", &d, rng, true, spread);
        tv_free_all(); /* the views of these cases are not used again */
    }
    tk_stats_.varied = varied;
    tk_stats_.sized = sized;
}

static void fc_cases(test_rng* rng) {
    static const int depths[] = {1, 7, 64, 129, 1152};
    static const int units[] = {1, 5, 16, 33, 63};
    int i = 0;
    for (int rows = 1; rows <= 3; rows += 2)
        for (int d = 0; d < 5; d++)
            for (int u = 0; u < 5; u++, i++) {
                char what[96];
                snprintf(what, sizeof(what), "fc %dx%d -> %d (case %d)", rows, depths[d], units[u], i);
                const float sx = 0.02f, sw = 0.01f;
                const float sy = sx * sw * 70.0f * 64.0f * sqrtf((float)depths[d]) / 60.0f / k_mscales[i % 5];
                tv_op t = tv_op_new(GE_OP_FULLY_CONNECTED, 3, 1);
                t.in[0] = tq_rand_i8(rng, SHAPE(rows, depths[d]), -128, 127, tq_tensor(sx, k_zps[i % 5]));
                t.in[1] = tq_weights(rng, SHAPE(units[u], depths[d]), 0, sw, i % 4 != 0);
                t.in[2] = i % 2 ? tq_bias(rng, units[u], 50000) : tv_absent();
                t.out[0] = tv_view(GE_DTYPE_I8, SHAPE0, NULL);
                t.out[0].quant = tq_tensor(sy, k_zps[(i + 2) % 5]);
                t.params.fc.act = k_acts[i % 4];
                if (!tv_infer_run(what, &t)) continue;
                int supported = tk_check_kernels(what, &t, 0.0);
                CHECK_MSG(supported >= 1, "%s: no CPU kernel supports it", what);
            }
}

int main(void) {
    test_rng rng = {0xC0FFEE1234567ull};
    conv_cases(&rng);
    dw_cases(&rng);
    mixed_shift_cases(&rng);
    fc_cases(&rng);
    tk_report("ge_qs8_", GE_OP_CONV2D, GE_OP_FULLY_CONNECTED);
    printf("%d of %d cases with 32+ outputs have 8+ distinct values\n", tk_stats_.varied, tk_stats_.sized);
    CHECK(tk_stats_.varied * 10 >= tk_stats_.sized * 7);
    tv_free_all();
    return test_finish();
}
