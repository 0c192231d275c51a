/*
 * The int8 (qs8) ADD and MUL CPU kernels against the qs8 reference, bit for bit, for every ISA
 * variant here: lengths around the vector widths, input scales far apart and close (ADD's
 * rescale), zero points at both ends, every clamp activation, 1 and 3 threads; broadcasting
 * ops must be declined (they stay on the reference); PRELU with int8 alpha per channel or one value.
 */
#include "test_kernels_qs8_util.h"

static const ge_activation k_acts[] = {GE_ACT_NONE, GE_ACT_RELU, GE_ACT_RELU6, GE_ACT_RELU_N1_TO_1};
static const int k_zps[] = {0, -128, 127, 5, -37};

static int run_case(ge_op_type type, ge_shape sa_shape, ge_shape sb_shape, int i, test_rng* rng) {
    char what[160];
    /* equal input scales: both ADD rescales by 1/2 (the smallest shift); a tiny ADD output scale: an
     * output multiplier above 1/4 (the general requantisation form on AVX-512) */
    const float sa = 0.05f * (1 + i % 3), sb = i % 4 == 0 ? 0.002f : (i % 5 == 2 ? sa : 0.04f);
    const float sy = type == GE_OP_ADD ? (i % 7 == 3 ? 8e-7f : 0.06f) : 0.01f;
    snprintf(what, sizeof(what), "%s %s x %s case %d", ge_op_name(type), tv_fmt(&sa_shape), tv_fmt(&sb_shape), i);
    tv_op t = tv_op_new(type, 2, 1);
    t.in[0] = tq_rand_i8(rng, sa_shape, -128, 127, tq_tensor(sa, k_zps[i % 5]));
    t.in[1] = tq_rand_i8(rng, sb_shape, -128, 127, tq_tensor(sb, k_zps[(i + 1) % 5]));
    t.out[0] = tv_view(GE_DTYPE_I8, SHAPE0, NULL);
    t.out[0].quant = tq_tensor(sy, k_zps[(i + 3) % 5]);
    t.params.eltwise.act = k_acts[i % 4];
    if (!tv_infer_run(what, &t)) return -1;
    return tk_check_kernels(what, &t, 0.0);
}

int main(void) {
    test_rng rng = {0xABCDEF0123ull};
    static const int lens[] = {1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 100, 40000};
    int i = 0;
    for (int l = 0; l < 14; l++)
        for (int o = 0; o < 2; o++, i++) {
            ge_op_type type = o ? GE_OP_MUL : GE_OP_ADD;
            int s = run_case(type, SHAPE(1, lens[l]), SHAPE(1, lens[l]), i, &rng);
            CHECK_MSG(s >= 1, "%s len %d: no kernel", ge_op_name(type), lens[l]);
            s = run_case(type, SHAPE(1, 3, 5, lens[l] % 40 + 1), SHAPE(1, 3, 5, lens[l] % 40 + 1), i + 1, &rng);
            CHECK_MSG(s >= 1, "%s 4-D: no kernel", ge_op_name(type));
        }
    /* PRELU: alpha int8 per channel (per-channel or per-tensor scales) or one value */
    static const int chans[] = {1, 3, 8, 16, 17, 32, 33};
    for (int c = 0; c < 7; c++)
        for (int v = 0; v < 3; v++, i++) {
            char what[96];
            snprintf(what, sizeof(what), "PRELU c%d variant %d", chans[c], v);
            tv_op t = tv_op_new(GE_OP_PRELU, 2, 1);
            t.in[0] = tq_rand_i8(&rng, SHAPE(1, 4, 3 + c, chans[c]), -128, 127, tq_tensor(0.05f, k_zps[i % 5]));
            if (v == 2) {
                t.in[1] = tq_rand_i8(&rng, SHAPE(1), -127, 127, tq_tensor(0.01f, k_zps[(i + 1) % 5]));
            } else {
                float* sc = tv_alloc((size_t)chans[c] * sizeof(float));
                int32_t* zp = tv_alloc((size_t)chans[c] * sizeof(int32_t));
                for (int k = 0; k < chans[c]; k++) sc[k] = 0.002f * (float)(1 + k % 5), zp[k] = k_zps[k % 5];
                const ge_quant* q = v == 0 ? tq_quant(2, chans[c], sc, zp) : tq_tensor(0.004f, 3);
                t.in[1] = tq_rand_i8(&rng, SHAPE(1, 1, chans[c]), -128, 127, q);
            }
            t.out[0] = tv_view(GE_DTYPE_I8, SHAPE0, NULL);
            t.out[0].quant = tq_tensor(0.03f, k_zps[(i + 3) % 5]);
            if (!tv_infer_run(what, &t)) continue;
            CHECK_MSG(tk_check_kernels(what, &t, 0.0) >= 1, "%s: no kernel", what);
        }
    CHECK(run_case(GE_OP_ADD, SHAPE(1, 4, 4, 8), SHAPE(8), 1, &rng) == 0);
    CHECK(run_case(GE_OP_MUL, SHAPE(1, 4, 4, 8), SHAPE(1), 2, &rng) == 0);
    tk_report("ge_qs8_", GE_OP_ADD, GE_OP_MUL);
    tk_report("ge_qs8_", GE_OP_PRELU, GE_OP_PRELU);
    tv_free_all();
    return test_finish();
}
