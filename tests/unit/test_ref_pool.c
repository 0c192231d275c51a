/*
 * MAX_POOL2D / AVERAGE_POOL2D: a table of window sizes, strides, paddings and odd channel
 * counts against a double-precision reference that tests each tap of the window against the
 * input bounds, plus literal cases (padding excluded from the average count, as TFLite does).
 */
#include "test_ref_util.h"

typedef struct pool_case {
    const char* name;
    bool is_max;
    int n, h, w, c, fh, fw, sh, sw;
    ge_padding padding;
    int pads[4];
    ge_activation act;
} pool_case;

static const pool_case cases[] = {
    {"max 2x2/2 valid c17 (palm shortcut)", true, 1, 8, 8, 17, 2, 2, 2, 2, GE_PADDING_VALID, {0}, GE_ACT_NONE},
    {"max 2x2/2 same odd 7x9 c3", true, 1, 7, 9, 3, 2, 2, 2, 2, GE_PADDING_SAME, {0}, GE_ACT_NONE},
    {"max 5x5/1 same c1 (multipose peaks)", true, 1, 9, 8, 1, 5, 5, 1, 1, GE_PADDING_SAME, {0}, GE_ACT_NONE},
    {"max 3x3/2 same c5 relu", true, 2, 11, 10, 5, 3, 3, 2, 2, GE_PADDING_SAME, {0}, GE_ACT_RELU},
    {"max 3x2/1x2 explicit 1,0,1,1 c33", true, 1, 6, 7, 33, 3, 2, 1, 2, GE_PADDING_EXPLICIT, {1, 0, 1, 1},
     GE_ACT_NONE},
    {"avg 3x3/1 same c5", false, 1, 7, 6, 5, 3, 3, 1, 1, GE_PADDING_SAME, {0}, GE_ACT_NONE},
    {"avg 2x2/2 valid c17", false, 1, 8, 6, 17, 2, 2, 2, 2, GE_PADDING_VALID, {0}, GE_ACT_RELU6},
    {"avg 3x3/2 same odd 9x11 c3", false, 1, 9, 11, 3, 3, 3, 2, 2, GE_PADDING_SAME, {0}, GE_ACT_NONE},
    {"avg 7x7 valid global c33", false, 1, 7, 7, 33, 7, 7, 1, 1, GE_PADDING_VALID, {0}, GE_ACT_NONE},
    {"avg 4x4/3 explicit 2,2,2,2 c1 tanh", false, 1, 8, 9, 1, 4, 4, 3, 3, GE_PADDING_EXPLICIT, {2, 2, 2, 2},
     GE_ACT_TANH},
};

static double act_d(double x, ge_activation a) {
    switch (a) {
    case GE_ACT_RELU: return x < 0 ? 0 : x;
    case GE_ACT_RELU6: return x < 0 ? 0 : (x > 6 ? 6 : x);
    case GE_ACT_TANH: return tanh(x);
    default: return x;
    }
}

static void run_case(const pool_case* pc, test_rng* rng) {
    tv_op t = tv_op_new(pc->is_max ? GE_OP_MAX_POOL2D : GE_OP_AVERAGE_POOL2D, 1, 1);
    t.in[0] = tv_rand_f32(rng, SHAPE(pc->n, pc->h, pc->w, pc->c), -3, 3);
    ge_conv_params* p = &t.params.conv;
    p->filter_h = pc->fh, p->filter_w = pc->fw, p->stride_h = pc->sh, p->stride_w = pc->sw;
    p->padding = pc->padding;
    p->pad_top = pc->pads[0], p->pad_left = pc->pads[1], p->pad_bottom = pc->pads[2], p->pad_right = pc->pads[3];
    p->act = pc->act;
    if (!tv_infer_run(pc->name, &t)) return;

    /* Independent geometry: TF SAME rule or explicit pads. */
    int top = pc->pads[0], left = pc->pads[1], oh, ow;
    if (pc->padding == GE_PADDING_SAME) {
        oh = (pc->h + pc->sh - 1) / pc->sh, ow = (pc->w + pc->sw - 1) / pc->sw;
        int th = (oh - 1) * pc->sh + pc->fh - pc->h, tw = (ow - 1) * pc->sw + pc->fw - pc->w;
        top = th > 0 ? th / 2 : 0, left = tw > 0 ? tw / 2 : 0;
    } else {
        if (pc->padding == GE_PADDING_VALID) top = left = 0;
        int bottom = pc->padding == GE_PADDING_VALID ? 0 : pc->pads[2];
        int right = pc->padding == GE_PADDING_VALID ? 0 : pc->pads[3];
        oh = (pc->h + top + bottom - pc->fh) / pc->sh + 1, ow = (pc->w + left + right - pc->fw) / pc->sw + 1;
    }
    tv_check_shape(pc->name, &t.out[0], SHAPE(pc->n, oh, ow, pc->c));
    const float* x = t.in[0].data;
    const int64_t n_out = (int64_t)pc->n * oh * ow * pc->c;
    double* want = tv_alloc((size_t)n_out * sizeof(double));
    for (int n = 0; n < pc->n; n++)
        for (int c = 0; c < pc->c; c++)
            for (int oy = 0; oy < oh; oy++)
                for (int ox = 0; ox < ow; ox++) {
                    double best = -INFINITY, sum = 0;
                    int count = 0;
                    for (int fy = 0; fy < pc->fh; fy++)
                        for (int fx = 0; fx < pc->fw; fx++) {
                            int iy = oy * pc->sh - top + fy, ix = ox * pc->sw - left + fx;
                            if (iy < 0 || iy >= pc->h || ix < 0 || ix >= pc->w) continue;
                            double v = x[(((size_t)n * pc->h + iy) * pc->w + ix) * pc->c + c];
                            best = v > best ? v : best;
                            sum += v;
                            count++;
                        }
                    double r = pc->is_max ? best : sum / count;
                    want[(((size_t)n * oh + oy) * ow + ox) * pc->c + c] = act_d(r, pc->act);
                }
    tv_check_close(pc->name, t.out[0].data, want, NULL, 1e-5, n_out);
}

static void test_literals(void) {
    float x9[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    tv_op t = tv_op_new(GE_OP_AVERAGE_POOL2D, 1, 1);
    t.in[0] = tv_f32(SHAPE(1, 3, 3, 1), x9);
    t.params.conv = (ge_conv_params){.stride_h = 1, .stride_w = 1, .filter_h = 3, .filter_w = 3,
                                     .padding = GE_PADDING_SAME};
    if (tv_infer_run("avg literal", &t)) {
        /* corner (1+2+4+5)/4, edge (1+2+3+4+5+6)/6, centre 45/9 */
        const float want[9] = {3, 3.5f, 4, 4.5f, 5, 5.5f, 6, 6.5f, 7};
        tv_check_f32("avg literal (pads not counted)", &t.out[0], want, 9, 1e-6);
    }
    float x16[16];
    for (int i = 0; i < 16; i++) x16[i] = (float)((i * 7) % 16) - 8; /* a permutation of -8..7 */
    t = tv_op_new(GE_OP_MAX_POOL2D, 1, 1);
    t.in[0] = tv_f32(SHAPE(1, 4, 4, 1), x16);
    t.params.conv = (ge_conv_params){.stride_h = 2, .stride_w = 2, .filter_h = 2, .filter_w = 2,
                                     .padding = GE_PADDING_VALID};
    if (tv_infer_run("max literal", &t)) {
        /* rows: -8 -1 6 -3 / 4 -5 2 -7 / 0 7 -2 5 / -4 3 -6 1 */
        const float want[4] = {4, 6, 7, 5};
        tv_check_f32("max literal", &t.out[0], want, 4, 0);
    }
    /* All-negative input with SAME padding: the pad must not win the max (0 would). */
    float neg[4] = {-4, -3, -2, -1};
    t = tv_op_new(GE_OP_MAX_POOL2D, 1, 1);
    t.in[0] = tv_f32(SHAPE(1, 2, 2, 1), neg);
    t.params.conv = (ge_conv_params){.stride_h = 1, .stride_w = 1, .filter_h = 3, .filter_w = 3,
                                     .padding = GE_PADDING_SAME};
    if (tv_infer_run("max negative", &t)) {
        const float want[4] = {-1, -1, -1, -1};
        tv_check_f32("max with padding never picks the pad", &t.out[0], want, 4, 0);
    }
}

int main(void) {
    test_rng rng = {0x9001beefull};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) run_case(&cases[i], &rng);
    test_literals();
    tv_free_all();
    return test_finish();
}
