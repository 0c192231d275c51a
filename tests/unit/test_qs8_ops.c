/*
 * int8 reference kernels other than the convolution family: ADD and MUL (broadcasting),
 * MAX/AVERAGE_POOL2D, MEAN, CONCAT (equal and different parameters), RESIZE_BILINEAR (the three
 * coordinate modes), PAD, PRELU (per-channel alpha), LOGISTIC (table), QUANTIZE / DEQUANTIZE.
 * Each against the float simulation (dequantize, fp64 op, quantize) within 1 LSB, plus exact
 * hand cases, all run through shape inference and ge_ref_run_op.
 */
#include "test_qs8_util.h"

static ge_quant* rand_q(test_rng* rng) {
    return tq_quant(test_rng_float(rng, 0.005f, 0.05f), test_rng_int(rng, -128, 127));
}

static int* ideal_of(const double* real, int64_t n, const ge_quant* yq, ge_activation act) {
    int* ideal = tv_alloc((size_t)n * sizeof(int));
    for (int64_t i = 0; i < n; i++) ideal[i] = tq_ideal(real[i], yq, act);
    return ideal;
}

/* Index of the broadcast source element for output index i (right-aligned numpy rules). */
static int64_t bcast_index(const ge_shape* out, const ge_shape* in, int64_t i) {
    int64_t idx = 0, stride = 1;
    for (int32_t d = out->rank - 1, e = in->rank - 1; d >= 0; d--, e--) {
        int64_t coord = i % out->dim[d];
        i /= out->dim[d];
        if (e >= 0) {
            if (in->dim[e] != 1) idx += coord * stride;
            stride *= in->dim[e];
        }
    }
    return idx;
}

static void test_add_mul(void) {
    test_rng rng = {11};
    const struct {
        ge_op_type type;
        ge_shape a, b;
        ge_activation act;
    } cases[] = {
        {GE_OP_ADD, SHAPE(1, 5, 5, 8), SHAPE(1, 5, 5, 8), GE_ACT_NONE},
        {GE_OP_ADD, SHAPE(1, 4, 3, 7), SHAPE(7), GE_ACT_RELU6},
        {GE_OP_ADD, SHAPE(2, 1, 3), SHAPE(1, 4, 1), GE_ACT_RELU},
        {GE_OP_ADD, SHAPE(1, 1, 1, 1), SHAPE(1, 3, 3, 2), GE_ACT_NONE},
        {GE_OP_MUL, SHAPE(1, 5, 5, 8), SHAPE(1, 5, 5, 8), GE_ACT_NONE},
        {GE_OP_MUL, SHAPE(3, 6), SHAPE(6), GE_ACT_RELU},
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        char what[64];
        snprintf(what, sizeof(what), "%s case %d", ge_op_name(cases[k].type), (int)k);
        tv_op t = tv_op_new(cases[k].type, 2, 1);
        t.in[0] = tq_rand(&rng, cases[k].a, rand_q(&rng), -128, 127);
        t.in[1] = tq_rand(&rng, cases[k].b, rand_q(&rng), -128, 127);
        ge_quant* yq = cases[k].type == GE_OP_ADD ? rand_q(&rng) : tq_quant(0.02f, 3);
        if (cases[k].type == GE_OP_ADD) *(float*)yq->scale = 0.04f;
        t.out[0] = tq_out(yq);
        t.params.eltwise.act = cases[k].act;
        if (!tv_infer_run(what, &t)) continue;
        const int64_t n = tv_elems(&t.out[0]);
        double* real = tv_alloc((size_t)n * sizeof(double));
        for (int64_t i = 0; i < n; i++) {
            double a = tq_real(&t.in[0], bcast_index(&t.out[0].shape, &t.in[0].shape, i));
            double b = tq_real(&t.in[1], bcast_index(&t.out[0].shape, &t.in[1].shape, i));
            real[i] = cases[k].type == GE_OP_ADD ? a + b : a * b;
        }
        tq_check_lsb(what, &t.out[0], ideal_of(real, n, yq, cases[k].act), n, 1);
    }
}

static void pool_case(test_rng* rng, ge_op_type type, ge_shape xs, int k, int stride, ge_padding pad, bool same_q) {
    char what[64];
    snprintf(what, sizeof(what), "%s %s k%d s%d", ge_op_name(type), tv_fmt(&xs), k, stride);
    tv_op t = tv_op_new(type, 1, 1);
    ge_quant* xq = rand_q(rng);
    t.in[0] = tq_rand(rng, xs, xq, -128, 127);
    const ge_quant* yq = same_q ? xq : rand_q(rng);
    t.out[0] = tq_out(yq);
    t.params.conv.filter_h = t.params.conv.filter_w = k;
    t.params.conv.stride_h = t.params.conv.stride_w = stride;
    t.params.conv.padding = pad;
    if (!tv_infer_run(what, &t)) return;
    const ge_conv_params* p = &t.params.conv;
    const int H = xs.dim[1], W = xs.dim[2], C = xs.dim[3];
    const int OH = t.out[0].shape.dim[1], OW = t.out[0].shape.dim[2];
    const int64_t n = tv_elems(&t.out[0]);
    double* real = tv_alloc((size_t)n * sizeof(double));
    for (int b = 0; b < xs.dim[0]; b++)
        for (int oy = 0; oy < OH; oy++)
            for (int ox = 0; ox < OW; ox++)
                for (int c = 0; c < C; c++) {
                    double acc = type == GE_OP_MAX_POOL2D ? -1e30 : 0.0;
                    int cnt = 0;
                    for (int fy = 0; fy < k; fy++)
                        for (int fx = 0; fx < k; fx++) {
                            int iy = oy * p->stride_h - p->pad_top + fy, ix = ox * p->stride_w - p->pad_left + fx;
                            if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
                            double v = tq_real(&t.in[0], (((int64_t)b * H + iy) * W + ix) * C + c);
                            acc = type == GE_OP_MAX_POOL2D ? (v > acc ? v : acc) : acc + v;
                            cnt++;
                        }
                    real[(((int64_t)b * OH + oy) * OW + ox) * C + c] = type == GE_OP_MAX_POOL2D ? acc : acc / cnt;
                }
    tq_check_lsb(what, &t.out[0], ideal_of(real, n, yq, GE_ACT_NONE), n, 1);
}

static void test_pools(void) {
    test_rng rng = {12};
    pool_case(&rng, GE_OP_MAX_POOL2D, SHAPE(1, 8, 8, 5), 2, 2, GE_PADDING_VALID, true);
    pool_case(&rng, GE_OP_MAX_POOL2D, SHAPE(1, 7, 9, 3), 3, 2, GE_PADDING_SAME, false);
    pool_case(&rng, GE_OP_AVERAGE_POOL2D, SHAPE(1, 7, 7, 4), 3, 1, GE_PADDING_SAME, true);
    pool_case(&rng, GE_OP_AVERAGE_POOL2D, SHAPE(2, 5, 6, 3), 2, 2, GE_PADDING_SAME, false);
    pool_case(&rng, GE_OP_AVERAGE_POOL2D, SHAPE(1, 1, 1, 9), 1, 1, GE_PADDING_VALID, true);

    /* hand case: average of {1, 2} with scale 1 is 1.5 -> 2 (half up); {-1, -2} -> -1.5 -> -1 */
    tv_op t = tv_op_new(GE_OP_AVERAGE_POOL2D, 1, 1);
    t.in[0] = tv_new(GE_DTYPE_I8, SHAPE(1, 1, 2, 2));
    t.in[0].quant = tq_quant(1.0f, 0);
    const int8_t xv[] = {1, -1, 2, -2};
    memcpy(t.in[0].data, xv, 4);
    t.out[0] = tq_out(t.in[0].quant);
    t.params.conv.filter_h = 1;
    t.params.conv.filter_w = 2;
    t.params.conv.stride_h = t.params.conv.stride_w = 2;
    t.params.conv.padding = GE_PADDING_VALID;
    if (tv_infer_run("hand avg", &t)) {
        const int8_t want[] = {2, -1};
        tv_check_bytes("hand avg", &t.out[0], want, 2);
    }
}

static void test_mean(void) {
    test_rng rng = {13};
    tv_op t = tv_op_new(GE_OP_MEAN, 1, 1);
    t.in[0] = tq_rand(&rng, SHAPE(1, 7, 7, 24), rand_q(&rng), -128, 127);
    const ge_quant* yq = rand_q(&rng);
    t.out[0] = tq_out(yq);
    t.params.reduce.axes_mask = 0x6;
    t.params.reduce.keep_dims = true;
    if (!tv_infer_run("mean", &t)) return;
    double real[24];
    for (int c = 0; c < 24; c++) {
        double s = 0;
        for (int i = 0; i < 49; i++) s += tq_real(&t.in[0], (int64_t)i * 24 + c);
        real[c] = s / 49.0;
    }
    tq_check_lsb("mean", &t.out[0], ideal_of(real, 24, yq, GE_ACT_NONE), 24, 1);
}

static void test_concat(void) {
    test_rng rng = {14};
    for (int axis = 1; axis <= 3; axis += 2) {
        tv_op t = tv_op_new(GE_OP_CONCAT, 3, 1);
        const ge_quant* yq = rand_q(&rng);
        t.in[0] = tq_rand(&rng, axis == 3 ? SHAPE(1, 3, 4, 5) : SHAPE(1, 2, 4, 5), yq, -128, 127); /* equal: copy */
        t.in[1] = tq_rand(&rng, axis == 3 ? SHAPE(1, 3, 4, 2) : SHAPE(1, 3, 4, 5), rand_q(&rng), -128, 127);
        t.in[2] = tq_rand(&rng, axis == 3 ? SHAPE(1, 3, 4, 7) : SHAPE(1, 1, 4, 5), rand_q(&rng), -128, 127);
        t.out[0] = tq_out(yq);
        t.params.axis.axis = axis == 3 ? -1 : 1;
        if (!tv_infer_run("concat", &t)) continue;
        const int64_t n = tv_elems(&t.out[0]);
        double* real = tv_alloc((size_t)n * sizeof(double));
        const int32_t* od = t.out[0].shape.dim;
        for (int64_t i = 0; i < n; i++) {
            /* coordinates of i, then which input */
            int64_t r = i, coord[4];
            for (int d = 3; d >= 0; d--) {
                coord[d] = r % od[d];
                r /= od[d];
            }
            int k = 0;
            int64_t along = coord[axis];
            while (along >= t.in[k].shape.dim[axis]) along -= t.in[k++].shape.dim[axis];
            const int32_t* id = t.in[k].shape.dim;
            coord[axis] = along;
            int64_t j = ((coord[0] * id[1] + coord[1]) * id[2] + coord[2]) * id[3] + coord[3];
            real[i] = tq_real(&t.in[k], j);
        }
        tq_check_lsb("concat", &t.out[0], ideal_of(real, n, yq, GE_ACT_NONE), n, 1);
    }
}

/* fp64 bilinear with the f32 kernel's (TFLite's) coordinate rules. */
static double bilinear_src(int o, int in, int out, bool ac, bool hp, int* lo, int* hi) {
    double scale = ac && out > 1 ? (double)(in - 1) / (out - 1) : (double)in / out;
    double v = hp ? (o + 0.5) * scale - 0.5 : o * scale;
    int f = (int)floor(v), c = (int)ceil(v);
    *lo = f > 0 ? f : 0;
    *hi = c < in - 1 ? c : in - 1;
    return v - *lo;
}

static void test_resize(void) {
    test_rng rng = {15};
    const struct {
        int h, w, oh, ow;
        bool ac, hp;
    } cases[] = {{4, 4, 8, 8, false, true}, {3, 5, 7, 4, false, false}, {4, 3, 9, 9, true, false},
                 {6, 6, 12, 12, false, true}, {1, 1, 3, 2, false, true}};
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        tv_op t = tv_op_new(GE_OP_RESIZE_BILINEAR, 1, 1);
        const ge_quant* q = rand_q(&rng);
        const int C = 3;
        t.in[0] = tq_rand(&rng, SHAPE(1, cases[k].h, cases[k].w, C), q, -128, 127);
        t.out[0] = tq_out(q);
        t.params.resize.out_h = cases[k].oh;
        t.params.resize.out_w = cases[k].ow;
        t.params.resize.align_corners = cases[k].ac;
        t.params.resize.half_pixel_centers = cases[k].hp;
        if (!tv_infer_run("resize", &t)) continue;
        const int64_t n = tv_elems(&t.out[0]);
        double* real = tv_alloc((size_t)n * sizeof(double));
        const int W = cases[k].w;
        for (int oy = 0; oy < cases[k].oh; oy++)
            for (int ox = 0; ox < cases[k].ow; ox++) {
                int y0, y1, x0, x1;
                double dy = bilinear_src(oy, cases[k].h, cases[k].oh, cases[k].ac, cases[k].hp, &y0, &y1);
                double dx = bilinear_src(ox, W, cases[k].ow, cases[k].ac, cases[k].hp, &x0, &x1);
                for (int c = 0; c < C; c++) {
                    double v00 = tq_real(&t.in[0], ((int64_t)y0 * W + x0) * C + c);
                    double v01 = tq_real(&t.in[0], ((int64_t)y0 * W + x1) * C + c);
                    double v10 = tq_real(&t.in[0], ((int64_t)y1 * W + x0) * C + c);
                    double v11 = tq_real(&t.in[0], ((int64_t)y1 * W + x1) * C + c);
                    real[((int64_t)oy * cases[k].ow + ox) * C + c] = v00 * (1 - dy) * (1 - dx) + v01 * (1 - dy) * dx +
                                                                     v10 * dy * (1 - dx) + v11 * dy * dx;
                }
            }
        tq_check_lsb("resize", &t.out[0], ideal_of(real, n, q, GE_ACT_NONE), n, 1);
    }
    /* exact: 2x upscale with half-pixel centres of [0, 8] -> weights 1/4, 3/4 */
    tv_op t = tv_op_new(GE_OP_RESIZE_BILINEAR, 1, 1);
    t.in[0] = tv_new(GE_DTYPE_I8, SHAPE(1, 1, 2, 1));
    t.in[0].quant = tq_quant(1.0f, 0);
    ((int8_t*)t.in[0].data)[1] = 8;
    t.out[0] = tq_out(t.in[0].quant);
    t.params.resize.out_h = 1;
    t.params.resize.out_w = 4;
    t.params.resize.half_pixel_centers = true;
    if (tv_infer_run("hand resize", &t)) {
        const int8_t want[] = {0, 2, 6, 8};
        tv_check_bytes("hand resize", &t.out[0], want, 4);
    }
}

static void test_pad(void) {
    tv_op t = tv_op_new(GE_OP_PAD, 1, 1);
    t.in[0] = tv_new(GE_DTYPE_I8, SHAPE(1, 1, 2, 1));
    t.in[0].quant = tq_quant(0.1f, -17);
    memset(t.in[0].data, 5, 2);
    t.out[0] = tq_out(t.in[0].quant);
    t.params.pad.before[2] = 1;
    t.params.pad.after[2] = 2;
    t.params.pad.after[3] = 1;
    if (!tv_infer_run("pad", &t)) return;
    const int8_t want[] = {-17, -17, 5, -17, 5, -17, -17, -17, -17, -17};
    tv_check_bytes("pad", &t.out[0], want, 10);
}

static void test_prelu(void) {
    test_rng rng = {16};
    for (int per_channel = 0; per_channel <= 1; per_channel++) {
        tv_op t = tv_op_new(GE_OP_PRELU, 2, 1);
        const int C = 6;
        t.in[0] = tq_rand(&rng, SHAPE(1, 4, 5, C), rand_q(&rng), -128, 127);
        /* alpha as the quantizer makes it: per channel, symmetric, |q| = 127 */
        float alpha[6] = {0.25f, -0.1f, 0.0f, 1.5f, 0.02f, 0.7f};
        t.in[1] = tv_new(GE_DTYPE_I8, SHAPE(1, 1, C));
        ge_quant* aq = per_channel ? tq_quant_channels(&rng, 2, C, 1, 1) : tq_quant(1.0f / 127, 0);
        for (int c = 0; c < C; c++) {
            float s = per_channel ? ge_q_weight_scale(fabsf(alpha[c])) : aq->scale[0];
            if (per_channel) ((float*)aq->scale)[c] = s;
            ((int8_t*)t.in[1].data)[c] = ge_q_quantize_weight(per_channel ? alpha[c] : 0.25f, s);
        }
        t.in[1].quant = aq;
        const ge_quant* yq = rand_q(&rng);
        t.out[0] = tq_out(yq);
        if (!tv_infer_run("prelu", &t)) continue;
        const int64_t n = tv_elems(&t.out[0]);
        double* real = tv_alloc((size_t)n * sizeof(double));
        for (int64_t i = 0; i < n; i++) {
            double x = tq_real(&t.in[0], i);
            real[i] = x >= 0 ? x : x * tq_real(&t.in[1], i % C);
        }
        tq_check_lsb(per_channel ? "prelu per channel" : "prelu per tensor", &t.out[0],
                     ideal_of(real, n, yq, GE_ACT_NONE), n, 1);
    }
}

static void test_logistic_quantize(void) {
    test_rng rng = {17};
    tv_op t = tv_op_new(GE_OP_LOGISTIC, 2, 1);
    ge_quant* xq = tq_quant(0.08f, 3);
    t.in[0] = tq_rand(&rng, SHAPE(1, 100), xq, -128, 127);
    t.in[1] = tv_new(GE_DTYPE_I8, SHAPE(256));
    ge_q_logistic_lut(xq->scale[0], xq->zero_point[0], GE_Q_LOGISTIC_OUT_SCALE, GE_Q_LOGISTIC_OUT_ZP, t.in[1].data);
    const ge_quant* yq = tq_quant(GE_Q_LOGISTIC_OUT_SCALE, GE_Q_LOGISTIC_OUT_ZP);
    t.out[0] = tq_out(yq);
    if (tv_infer_run("logistic", &t)) {
        double real[100];
        for (int i = 0; i < 100; i++) real[i] = 1.0 / (1.0 + exp(-tq_real(&t.in[0], i)));
        tq_check_lsb("logistic", &t.out[0], ideal_of(real, 100, yq, GE_ACT_NONE), 100, 1);
        const int8_t* lut = t.in[1].data;
        CHECK(lut[3 + 128] == 0); /* sigmoid(0) = 0.5 -> 128 - 128 */
        CHECK(lut[0] == -128 + 0); /* x = -10.48: ~0 */
    }
    /* QUANTIZE: x / scale, ties away from zero (ge_q_quantize = the generic kernel) */
    tv_op q = tv_op_new(GE_OP_QUANTIZE, 1, 1);
    const float xs[] = {0.25f, 0.75f, -0.25f, 100.0f, -100.0f, 0.0f};
    q.in[0] = tv_f32(SHAPE(6), xs);
    q.out[0] = tv_view(GE_DTYPE_I8, SHAPE0, NULL);
    q.out[0].quant = tq_quant(0.5f, 1);
    if (tv_infer_run("quantize", &q)) {
        int8_t want[6];
        for (int i = 0; i < 6; i++) want[i] = ge_q_quantize(xs[i], 0.5f, 1);
        CHECK(want[0] == 2 && want[1] == 3 && want[2] == 0); /* 0.5 -> 1, 1.5 -> 2, -0.5 -> -1 */
        tv_check_bytes("quantize", &q.out[0], want, 6);
    }
    /* DEQUANTIZE of int8 is the generic kernel: (q - zp) * scale */
    tv_op d = tv_op_new(GE_OP_DEQUANTIZE, 1, 1);
    d.in[0] = tv_new(GE_DTYPE_I8, SHAPE(3));
    d.in[0].quant = tq_quant(0.5f, 1);
    const int8_t dv[] = {1, 3, -128};
    memcpy(d.in[0].data, dv, 3);
    d.out[0] = tv_view(GE_DTYPE_F32, SHAPE0, NULL);
    if (tv_infer_run("dequantize", &d)) {
        const float want[] = {0.0f, 1.0f, -64.5f};
        tv_check_f32("dequantize", &d.out[0], want, 3, 0.0);
    }
}

int main(void) {
    test_add_mul();
    test_pools();
    test_mean();
    test_concat();
    test_resize();
    test_pad();
    test_prelu();
    test_logistic_quantize();
    tv_free_all();
    return test_finish();
}
