/*
 * int8 CONV2D, DEPTHWISE_CONV2D and FULLY_CONNECTED reference kernels:
 *  - exact hand cases (a 1x1 conv, a 3x3 depthwise with SAME padding, an FC);
 *  - edge shapes (1x1 images, odd channel counts, stride 2, dilation, depth multiplier,
 *    per-tensor and per-channel weights, extreme zero points, fused RELU/RELU6) against the
 *    float simulation (dequantize, fp64 convolution, quantize): within 1 LSB;
 *  - refusals: asymmetric weights, a non-constant weight, accumulators beyond the contract.
 */
#include "test_qs8_util.h"

typedef struct conv_case {
    ge_op_type type;
    int n, h, w, c, o; /* o: output channels (conv, FC) or depth multiplier (depthwise) */
    int kh, kw, stride, dilation;
    ge_padding padding;
    ge_activation act;
    bool per_channel, bias;
    int x_zp;
} conv_case;

static double w_scale(const ge_view* w, int c) {
    return w->quant->count > 1 ? w->quant->scale[c] : w->quant->scale[0];
}

/* fp64 convolution of the dequantized views, with the resolved geometry of params. */
static void conv_f64(bool dw, const ge_conv_params* p, const ge_view* x, const ge_view* w, const ge_view* b,
                     const ge_shape* ys, double* out) {
    const int H = x->shape.dim[1], W = x->shape.dim[2], C = x->shape.dim[3];
    const int OH = ys->dim[1], OW = ys->dim[2], OC = ys->dim[3];
    const int KH = w->shape.dim[1], KW = w->shape.dim[2];
    const int M = dw ? OC / C : 1;
    const int dh = p->dilation_h ? p->dilation_h : 1, dl = p->dilation_w ? p->dilation_w : 1;
    const double sx = x->quant->scale[0];
    for (int n = 0; n < x->shape.dim[0]; n++)
        for (int oy = 0; oy < OH; oy++)
            for (int ox = 0; ox < OW; ox++)
                for (int oc = 0; oc < OC; oc++) {
                    double s = b->data ? (double)((const int32_t*)b->data)[oc] * sx * w_scale(w, oc) : 0.0;
                    for (int ky = 0; ky < KH; ky++)
                        for (int kx = 0; kx < KW; kx++) {
                            int iy = oy * p->stride_h - p->pad_top + ky * dh;
                            int ix = ox * p->stride_w - p->pad_left + kx * dl;
                            if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
                            int64_t xrow = (((int64_t)n * H + iy) * W + ix) * C;
                            if (dw) {
                                s += tq_real(x, xrow + oc / M) * tq_real(w, ((int64_t)ky * KW + kx) * OC + oc);
                            } else {
                                for (int ic = 0; ic < C; ic++)
                                    s += tq_real(x, xrow + ic) * tq_real(w, (((int64_t)oc * KH + ky) * KW + kx) * C + ic);
                            }
                        }
                    out[(((int64_t)n * OH + oy) * OW + ox) * OC + oc] = s;
                }
}

static void fc_f64(const ge_view* x, const ge_view* w, const ge_view* b, double* out) {
    const int O = w->shape.dim[0], K = w->shape.dim[1];
    const int64_t rows = tv_elems(x) / K;
    for (int64_t r = 0; r < rows; r++)
        for (int o = 0; o < O; o++) {
            double s = b->data ? (double)((const int32_t*)b->data)[o] * x->quant->scale[0] * w_scale(w, o) : 0.0;
            for (int k = 0; k < K; k++) s += tq_real(x, r * K + k) * tq_real(w, (int64_t)o * K + k);
            out[r * O + o] = s;
        }
}

/* Output parameters from the real range of the simulation (as calibration would choose). */
static void set_out_params(ge_quant* yq, const double* real, int64_t n) {
    double lo = 0, hi = 0;
    for (int64_t i = 0; i < n; i++) {
        lo = real[i] < lo ? real[i] : lo;
        hi = real[i] > hi ? real[i] : hi;
    }
    float s;
    int32_t z;
    ge_q_choose_activation((float)(lo * 0.9), (float)(hi * 0.9), &s, &z); /* a few saturate */
    *(float*)yq->scale = s;
    *(int32_t*)yq->zero_point = z;
}

static void run_case(const conv_case* k, test_rng* rng, int idx) {
    char what[128];
    const bool dw = k->type == GE_OP_DEPTHWISE_CONV2D, fc = k->type == GE_OP_FULLY_CONNECTED;
    snprintf(what, sizeof(what), "case %d %s %dx%dx%d k%dx%d s%d d%d", idx, ge_op_name(k->type), k->h, k->w, k->c,
             k->kh, k->kw, k->stride, k->dilation);
    tv_op t = tv_op_new(k->type, k->bias ? 3 : 2, 1);
    const ge_quant* xq = tq_quant(test_rng_float(rng, 0.004f, 0.05f), k->x_zp);
    t.in[0] = tq_rand(rng, fc ? SHAPE(k->n, k->c) : SHAPE(k->n, k->h, k->w, k->c), xq, -128, 127);
    const int oc = dw ? k->c * k->o : k->o;
    const int axis = dw ? 3 : 0;
    ge_shape ws = fc ? SHAPE(oc, k->c) : dw ? SHAPE(1, k->kh, k->kw, oc) : SHAPE(oc, k->kh, k->kw, k->c);
    const ge_quant* wq = k->per_channel ? tq_quant_channels(rng, axis, oc, 0.001f, 0.02f) : tq_quant(0.01f, 0);
    t.in[1] = tq_rand(rng, ws, wq, -127, 127);
    if (k->bias) {
        t.in[2] = tv_new(GE_DTYPE_I32, SHAPE(oc));
        for (int i = 0; i < oc; i++) ((int32_t*)t.in[2].data)[i] = test_rng_int(rng, -40000, 40000);
    } else {
        t.in[2] = tv_absent();
    }
    ge_quant* yq = tq_quant(1.0f, 0);
    t.out[0] = tq_out(yq);
    if (fc) {
        t.params.fc.act = k->act;
    } else {
        t.params.conv.stride_h = t.params.conv.stride_w = k->stride;
        t.params.conv.dilation_h = t.params.conv.dilation_w = k->dilation;
        t.params.conv.padding = k->padding;
        t.params.conv.depth_multiplier = dw ? k->o : 0;
        t.params.conv.act = k->act;
    }
    if (tv_infer(&t) != GLINT_SUCCESS) {
        CHECK_MSG(0, "%s: infer: %s", what, t.err.message);
        return;
    }
    const int64_t n = tv_elems(&t.out[0]);
    double* real = tv_alloc((size_t)n * sizeof(double));
    ge_view absent = tv_absent();
    const ge_view* b = k->bias ? &t.in[2] : &absent;
    if (fc)
        fc_f64(&t.in[0], &t.in[1], b, real);
    else
        conv_f64(dw, &t.params.conv, &t.in[0], &t.in[1], b, &t.out[0].shape, real);
    set_out_params(yq, real, n);
    glint_result r = tv_run(&t);
    CHECK_MSG(r == GLINT_SUCCESS, "%s: run: %s", what, t.err.message);
    int* ideal = tv_alloc((size_t)n * sizeof(int));
    for (int64_t i = 0; i < n; i++) ideal[i] = tq_ideal(real[i], yq, k->act);
    tq_check_lsb(what, &t.out[0], ideal, n, 1);
}

static void test_random_shapes(void) {
    test_rng rng = {0x51};
    const conv_case cases[] = {
        {GE_OP_CONV2D, 1, 1, 1, 1, 1, 1, 1, 1, 1, GE_PADDING_VALID, GE_ACT_NONE, true, true, 0},
        {GE_OP_CONV2D, 1, 5, 7, 3, 5, 3, 3, 1, 1, GE_PADDING_SAME, GE_ACT_NONE, true, true, -128},
        {GE_OP_CONV2D, 1, 9, 8, 4, 17, 3, 3, 2, 1, GE_PADDING_SAME, GE_ACT_RELU6, true, true, 127},
        {GE_OP_CONV2D, 2, 6, 6, 8, 3, 1, 1, 1, 1, GE_PADDING_VALID, GE_ACT_RELU, false, false, 5},
        {GE_OP_CONV2D, 1, 7, 7, 5, 4, 3, 2, 1, 2, GE_PADDING_SAME, GE_ACT_NONE, true, true, -3},
        {GE_OP_CONV2D, 1, 11, 10, 3, 16, 5, 5, 2, 1, GE_PADDING_SAME, GE_ACT_RELU6, true, true, -100},
        {GE_OP_CONV2D, 1, 4, 4, 64, 33, 1, 1, 1, 1, GE_PADDING_VALID, GE_ACT_NONE, true, true, 20},
        {GE_OP_DEPTHWISE_CONV2D, 1, 1, 1, 7, 1, 3, 3, 1, 1, GE_PADDING_SAME, GE_ACT_NONE, true, true, 0},
        {GE_OP_DEPTHWISE_CONV2D, 1, 8, 9, 13, 1, 3, 3, 1, 1, GE_PADDING_SAME, GE_ACT_RELU6, true, true, -128},
        {GE_OP_DEPTHWISE_CONV2D, 1, 10, 10, 16, 1, 5, 5, 2, 1, GE_PADDING_SAME, GE_ACT_NONE, true, false, 90},
        {GE_OP_DEPTHWISE_CONV2D, 1, 6, 7, 3, 2, 3, 3, 1, 2, GE_PADDING_SAME, GE_ACT_RELU, true, true, 7},
        {GE_OP_DEPTHWISE_CONV2D, 2, 5, 5, 70, 1, 5, 5, 1, 1, GE_PADDING_VALID, GE_ACT_NONE, false, true, -1},
        {GE_OP_FULLY_CONNECTED, 1, 0, 0, 1, 1, 0, 0, 0, 0, GE_PADDING_VALID, GE_ACT_NONE, true, true, 0},
        {GE_OP_FULLY_CONNECTED, 3, 0, 0, 37, 70, 0, 0, 0, 0, GE_PADDING_VALID, GE_ACT_RELU, true, true, -128},
        {GE_OP_FULLY_CONNECTED, 1, 0, 0, 1152, 63, 0, 0, 0, 0, GE_PADDING_VALID, GE_ACT_NONE, true, true, 10},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) run_case(&cases[i], &rng, (int)i);
}

/* 1x1 conv, 2 input channels, 2 output channels, by hand. */
static void test_hand_conv(void) {
    tv_op t = tv_op_new(GE_OP_CONV2D, 3, 1);
    t.in[0] = tv_new(GE_DTYPE_I8, SHAPE(1, 1, 2, 2));
    t.in[0].quant = tq_quant(0.5f, 10);
    int8_t xv[] = {12, 8, 10, 20}; /* real: (1, -1), (0, 5) */
    memcpy(t.in[0].data, xv, 4);
    t.in[1] = tv_new(GE_DTYPE_I8, SHAPE(2, 1, 1, 2));
    float ws[] = {0.25f, 1.0f};
    int32_t wz[] = {0, 0};
    ge_quant wq = {0, 2, ws, wz};
    t.in[1].quant = &wq;
    int8_t wv[] = {4, 8, /* real (1, 2) */ 1, -1 /* real (1, -1) */};
    memcpy(t.in[1].data, wv, 4);
    int32_t bv[] = {2, -1}; /* real: 2 * 0.5 * 0.25 = 0.25 ; -1 * 0.5 * 1 = -0.5 */
    t.in[2] = tv_i32(SHAPE(2), bv);
    t.out[0] = tq_out(tq_quant(0.25f, -5));
    t.params.conv.stride_h = t.params.conv.stride_w = 1;
    t.params.conv.padding = GE_PADDING_VALID;
    if (!tv_infer_run("hand conv", &t)) return;
    /* pixel 0: oc0 = 1*1 + -1*2 + 0.25 = -0.75 -> -3 + -5 = -8 ; oc1 = 1 - (-1) - 0.5 = 1.5 -> 6 - 5 = 1
     * pixel 1: oc0 = 0 + 10 + 0.25 = 10.25 -> 41 - 5 = 36 ; oc1 = 0 - 5 - 0.5 = -5.5 -> -22 - 5 = -27 */
    const int8_t want[] = {-8, 1, 36, -27};
    tv_check_bytes("hand conv", &t.out[0], want, 4);
}

/* 3x3 depthwise, SAME, one channel of ones: each output is the sum of the valid neighbours. */
static void test_hand_depthwise(void) {
    tv_op t = tv_op_new(GE_OP_DEPTHWISE_CONV2D, 2, 1);
    t.in[0] = tv_new(GE_DTYPE_I8, SHAPE(1, 3, 3, 1));
    t.in[0].quant = tq_quant(1.0f, -1); /* every pixel stores 0: real 1 */
    t.in[1] = tv_new(GE_DTYPE_I8, SHAPE(1, 3, 3, 1));
    t.in[1].quant = tq_quant(1.0f / 127.0f, 0);
    memset(t.in[1].data, 127, 9); /* real 1 */
    t.in[2] = tv_absent();
    t.out[0] = tq_out(tq_quant(0.5f, 0));
    t.params.conv.stride_h = t.params.conv.stride_w = 1;
    t.params.conv.padding = GE_PADDING_SAME;
    t.params.conv.depth_multiplier = 1;
    if (!tv_infer_run("hand depthwise", &t)) return;
    /* corners 4 taps, edges 6, centre 9; real / 0.5 */
    const int8_t want[] = {8, 12, 8, 12, 18, 12, 8, 12, 8};
    tv_check_bytes("hand depthwise", &t.out[0], want, 9);
}

static void test_refusals(void) {
    test_rng rng = {7};
    /* asymmetric weights are refused */
    tv_op t = tv_op_new(GE_OP_CONV2D, 2, 1);
    t.in[0] = tq_rand(&rng, SHAPE(1, 2, 2, 2), tq_quant(0.1f, 0), -128, 127);
    t.in[1] = tq_rand(&rng, SHAPE(1, 1, 1, 2), tq_quant(0.1f, 3), -127, 127);
    t.out[0] = tq_out(tq_quant(0.1f, 0));
    t.params.conv.stride_h = t.params.conv.stride_w = 1;
    CHECK(tv_infer(&t) == GLINT_SUCCESS);
    CHECK(tv_run(&t) == GLINT_ERROR_MODEL_UNSUPPORTED);
    /* an accumulator bound beyond 2^30: a huge K of +-127 weights with a huge bias */
    tv_op u = tv_op_new(GE_OP_FULLY_CONNECTED, 3, 1);
    u.in[0] = tq_rand(&rng, SHAPE(1, 20000), tq_quant(0.1f, 0), -128, 127);
    u.in[1] = tv_new(GE_DTYPE_I8, SHAPE(1, 20000));
    u.in[1].quant = tq_quant(0.1f, 0);
    memset(u.in[1].data, 127, 20000);
    int32_t big = 1 << 29;
    u.in[2] = tv_i32(SHAPE(1), &big);
    u.out[0] = tq_out(tq_quant(1000.0f, 0));
    CHECK(tv_infer(&u) == GLINT_SUCCESS);
    CHECK(tv_run(&u) == GLINT_ERROR_MODEL_UNSUPPORTED);
    /* a fused TANH is not a clamp */
    tv_op v = tv_op_new(GE_OP_FULLY_CONNECTED, 2, 1);
    v.in[0] = tq_rand(&rng, SHAPE(1, 4), tq_quant(0.1f, 0), -128, 127);
    v.in[1] = tq_rand(&rng, SHAPE(2, 4), tq_quant(0.1f, 0), -127, 127);
    v.out[0] = tq_out(tq_quant(0.1f, 0));
    v.params.fc.act = GE_ACT_TANH;
    CHECK(tv_infer(&v) == GLINT_SUCCESS);
    CHECK(tv_run(&v) == GLINT_ERROR_MODEL_UNSUPPORTED);
}

int main(void) {
    test_hand_conv();
    test_hand_depthwise();
    test_random_shapes();
    test_refusals();
    tv_free_all();
    return test_finish();
}
