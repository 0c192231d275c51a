/*
 * The int8 QUANTIZE, DEQUANTIZE and MAX_POOL2D CPU kernels against the reference, bit for bit,
 * for every ISA variant here: quantize on ties (x / s exactly k + 0.5, both signs), values far
 * out of range, infinities and NaN, every zero point; dequantize on all 256 values; max pool
 * 2x2/3x3, strides 1/2, SAME/VALID padding, windows partly outside, channel counts around the
 * vector widths, shared and different input/output parameters, clamp activations; MEAN over
 * H and W with and without kept dimensions.
 */
#include "test_kernels_qs8_util.h"

static const int k_zps[] = {0, -128, 127, 5, -37};

static void quantize_cases(test_rng* rng) {
    static const int lens[] = {1, 7, 16, 33, 1000, 150528};
    static const float scales[] = {0.00390625f, 0.0173f, 1.0f, 3.7f};
    for (int l = 0; l < 6; l++)
        for (int z = 0; z < 5; z++) {
            char what[96];
            const float s = scales[(l + z) % 4];
            snprintf(what, sizeof(what), "quantize n%d scale %g zp %d", lens[l], (double)s, k_zps[z]);
            tv_op t = tv_op_new(GE_OP_QUANTIZE, 1, 1);
            t.in[0] = tv_rand_f32(rng, SHAPE(1, lens[l]), -200.0f * s, 200.0f * s);
            float* x = t.in[0].data;
            for (int i = 0; i < lens[l]; i += 3) x[i] = ((float)test_rng_int(rng, -300, 300) + 0.5f) * s; /* ties */
            if (lens[l] >= 7) {
                x[1] = NAN, x[2] = INFINITY, x[4] = -INFINITY, x[5] = 1e30f, x[6] = -0.0f;
            }
            t.out[0] = tv_view(GE_DTYPE_I8, SHAPE0, NULL);
            t.out[0].quant = tq_tensor(s, k_zps[z]);
            if (!tv_infer_run(what, &t)) continue;
            CHECK_MSG(tk_check_kernels(what, &t, 0.0) >= 1, "%s: no kernel", what);
        }
}

static void dequantize_cases(test_rng* rng) {
    for (int z = 0; z < 5; z++) {
        char what[64];
        snprintf(what, sizeof(what), "dequantize zp %d", k_zps[z]);
        tv_op t = tv_op_new(GE_OP_DEQUANTIZE, 1, 1);
        t.in[0] = tq_rand_i8(rng, SHAPE(1, 2, 3, 300), -128, 127, tq_tensor(0.0371f * (float)(z + 1), k_zps[z]));
        int8_t* q = t.in[0].data;
        for (int i = 0; i < 256; i++) q[i] = (int8_t)(i - 128);
        t.out[0] = tv_view(GE_DTYPE_F32, SHAPE0, NULL);
        if (!tv_infer_run(what, &t)) continue;
        CHECK_MSG(tk_check_kernels(what, &t, 0.0) >= 1, "%s: no kernel", what);
    }
}

static void maxpool_cases(test_rng* rng) {
    static const ge_activation acts[] = {GE_ACT_NONE, GE_ACT_RELU, GE_ACT_RELU6, GE_ACT_RELU_N1_TO_1};
    static const int chans[] = {1, 3, 8, 16, 17, 24, 64};
    int i = 0;
    for (int k = 2; k <= 3; k++)
        for (int s = 1; s <= 2; s++)
            for (int c = 0; c < 7; c++, i++) {
                char what[128];
                const bool same_params = i % 3 != 0;
                const float sx = 0.05f, sy = same_params ? sx : 0.07f;
                const int zx = k_zps[i % 5], zy = same_params ? zx : k_zps[(i + 2) % 5];
                const ge_activation act = same_params && i % 2 ? GE_ACT_NONE : acts[i % 4];
                snprintf(what, sizeof(what), "maxpool %dx%d/%d c%d %s act%d", k, k, s, chans[c],
                         same_params ? "shared params" : "rescaled", (int)act);
                tv_op t = tv_op_new(GE_OP_MAX_POOL2D, 1, 1);
                t.in[0] = tq_rand_i8(rng, SHAPE(1, 5 + c % 3, 6 + c % 4, chans[c]), -128, 127, tq_tensor(sx, zx));
                t.out[0] = tv_view(GE_DTYPE_I8, SHAPE0, NULL);
                t.out[0].quant = tq_tensor(sy, zy);
                t.params.conv.filter_h = t.params.conv.filter_w = k;
                t.params.conv.stride_h = t.params.conv.stride_w = s;
                t.params.conv.padding = i % 2 ? GE_PADDING_SAME : GE_PADDING_VALID;
                t.params.conv.act = act;
                if (!tv_infer_run(what, &t)) continue;
                CHECK_MSG(tk_check_kernels(what, &t, 0.0) >= 1, "%s: no kernel", what);
            }
}

static void mean_cases(test_rng* rng) {
    static const int shapes[][4] = {{1, 7, 7, 672}, {1, 1, 1, 5}, {2, 3, 5, 17}, {1, 14, 14, 64}, {1, 2, 1, 16}};
    for (int i = 0; i < 5; i++)
        for (int k = 0; k < 3; k++) {
            char what[128];
            const int* d = shapes[i];
            const float sx = 0.05f, sy = k == 0 ? sx : (k == 1 ? 0.013f : 0.4f);
            const int zx = k_zps[(i + k) % 5], zy = k_zps[(i + 2 * k + 1) % 5];
            snprintf(what, sizeof(what), "mean HW %dx%dx%dx%d sy %g zx %d zy %d", d[0], d[1], d[2], d[3], (double)sy,
                     zx, zy);
            tv_op t = tv_op_new(GE_OP_MEAN, 1, 1);
            t.in[0] = tq_rand_i8(rng, SHAPE(d[0], d[1], d[2], d[3]), -128, 127, tq_tensor(sx, zx));
            t.out[0] = tv_view(GE_DTYPE_I8, SHAPE0, NULL);
            t.out[0].quant = tq_tensor(sy, zy);
            t.params.reduce.axes_mask = 0x6u;
            t.params.reduce.keep_dims = (i + k) % 2 == 0;
            if (!tv_infer_run(what, &t)) continue;
            CHECK_MSG(tk_check_kernels(what, &t, 0.0) >= 1, "%s: no kernel", what);
        }
}

int main(void) {
    test_rng rng = {0x5eed5eedull};
    quantize_cases(&rng);
    dequantize_cases(&rng);
    maxpool_cases(&rng);
    mean_cases(&rng);
    tk_report("ge_qs8_", GE_OP_MAX_POOL2D, GE_OP_MAX_POOL2D);
    tk_report("ge_qs8_", GE_OP_MEAN, GE_OP_MEAN);
    tk_report("ge_qs8_", GE_OP_DEQUANTIZE, GE_OP_QUANTIZE);
    tv_free_all();
    return test_finish();
}
