/*
 * The f32 elementwise CPU kernels (ADD, SUB, MUL with fused clamps) against the reference for
 * every ISA variant here: same shapes of every length around the vector width, a scalar
 * operand on either side, a per-channel operand ([C], [1,1,C], [1,1,1,C]), NaN and infinity
 * passing through the clamps like the reference, and broadcasts the kernels must decline; PRELU
 * with alpha per channel or one value.
 */
#include "test_kernels_util.h"

static const ge_activation k_acts[] = {GE_ACT_NONE, GE_ACT_RELU, GE_ACT_RELU6, GE_ACT_RELU_N1_TO_1};
static const ge_op_type k_ops[] = {GE_OP_ADD, GE_OP_SUB, GE_OP_MUL};

static int run_case(const char* kind, ge_op_type type, ge_activation act, ge_shape a, ge_shape b, test_rng* rng,
                    bool specials) {
    char what[160];
    snprintf(what, sizeof(what), "%s %s act%d %s (op) %s", kind, ge_op_name(type), (int)act, tv_fmt(&a), tv_fmt(&b));
    tv_op t = tv_op_new(type, 2, 1);
    t.in[0] = tv_rand_f32(rng, a, -8.0f, 8.0f);
    t.in[1] = tv_rand_f32(rng, b, -8.0f, 8.0f);
    if (specials && tv_elems(&t.in[0]) >= 3) {
        float* p = t.in[0].data;
        p[0] = NAN;
        p[1] = INFINITY;
        p[2] = -INFINITY;
    }
    t.out[0] = tv_view(GE_DTYPE_F32, SHAPE0, NULL);
    t.params.eltwise.act = act;
    if (!tv_infer_run(what, &t)) return 0;
    /* NaN compares unequal: replace matching NaNs by a marker in both before comparing */
    int supported = 0;
    {
        int32_t ins[8], outs[GE_MAX_OP_OUTPUTS];
        ge_op op = tk_make_op(&t, ins, outs);
        for (int32_t i = 0; i < ge_cpu_kernel_count(); i++) {
            const ge_cpu_kernel* k = ge_cpu_kernel_at(i);
            if (k->op != type || !tk_kernel_runs_here(k) || !k->supports(&op, t.in, t.out)) continue;
            supported++;
            for (int threads = 1; threads <= 3; threads += 2) {
                ge_view got = tk_output_like(&t.out[0]);
                glint_error err;
                glint_result r = ge_cpu_run_kernel(k, &op, t.in, &got, threads, &err);
                CHECK_MSG(r == GLINT_SUCCESS, "%s: %s failed", what, k->name);
                const float* g = got.data;
                const float* w = t.out[0].data;
                int64_t bad = -1;
                for (int64_t e = 0; e < tv_elems(&got) && bad < 0; e++) {
                    bool same = (isnan(g[e]) && isnan(w[e])) || g[e] == w[e] ||
                                fabs((double)g[e] - (double)w[e]) <= 1e-6 * (1.0 + fabs((double)w[e]));
                    if (!same) bad = e;
                }
                CHECK_MSG(bad < 0, "%s: %s (%d threads): element %lld is %g, want %g", what, k->name, threads,
                          (long long)bad, bad >= 0 ? (double)g[bad] : 0.0, bad >= 0 ? (double)w[bad] : 0.0);
                tk_stats_.runs++;
                tk_stats_.ran_by_kernel[i]++;
            }
        }
    }
    tk_stats_.cases++;
    return supported;
}

int main(void) {
    test_rng rng = {0x1234567887654321ull};
    int i = 0;
    /* same shapes: lengths around 4/8/16 lanes and one long enough for several threads */
    static const int lens[] = {1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 100, 40000};
    for (int l = 0; l < 14; l++)
        for (int o = 0; o < 3; o++) {
            int s = run_case("same", k_ops[o], k_acts[i++ % 4], SHAPE(1, lens[l]), SHAPE(1, lens[l]), &rng, l == 4);
            CHECK_MSG(s >= 1, "same %d: no kernel", lens[l]);
        }
    /* scalar and per-channel operands, on either side */
    static const int chans[] = {1, 3, 8, 17, 24, 64};
    for (int c = 0; c < 6; c++)
        for (int o = 0; o < 3; o++) {
            ge_shape x = SHAPE(1, 5, 7, chans[c]);
            int s = 0;
            s += run_case("scalar b", k_ops[o], k_acts[i++ % 4], x, SHAPE0, &rng, false) >= 1;
            s += run_case("scalar a", k_ops[o], k_acts[i++ % 4], SHAPE(1), x, &rng, false) >= 1;
            s += run_case("channel b", k_ops[o], k_acts[i++ % 4], x, SHAPE(chans[c]), &rng, false) >= 1;
            s += run_case("channel a", k_ops[o], k_acts[i++ % 4], SHAPE(1, 1, chans[c]), x, &rng, false) >= 1;
            s += run_case("channel 4d", k_ops[o], k_acts[i++ % 4], x, SHAPE(1, 1, 1, chans[c]), &rng, true) >= 1;
            CHECK_MSG(s == 5, "broadcast c=%d: %d of 5 cases had a kernel", chans[c], s);
        }
    /* PRELU: alpha per channel ([C], [1,1,C]) or one value; NaN, infinities and -0 in x */
    for (int c = 0; c < 6; c++) {
        ge_shape x = SHAPE(1, 3 + c, 5, chans[c]);
        int s = 0;
        s += run_case("prelu channel", GE_OP_PRELU, GE_ACT_NONE, x, SHAPE(1, 1, chans[c]), &rng, true) >= 1;
        s += run_case("prelu vector", GE_OP_PRELU, GE_ACT_NONE, x, SHAPE(chans[c]), &rng, c % 2 == 0) >= 1;
        s += run_case("prelu one", GE_OP_PRELU, GE_ACT_NONE, x, SHAPE(1), &rng, false) >= 1;
        CHECK_MSG(s == 3, "prelu c=%d: %d of 3 cases had a kernel", chans[c], s);
    }
    /* broadcasts left to the reference */
    CHECK(run_case("rows", GE_OP_ADD, GE_ACT_NONE, SHAPE(1, 5, 7, 3), SHAPE(1, 5, 1, 3), &rng, false) == 0);
    CHECK(run_case("outer", GE_OP_MUL, GE_ACT_NONE, SHAPE(4, 1), SHAPE(1, 6), &rng, false) == 0);
    CHECK(run_case("tanh", GE_OP_ADD, GE_ACT_TANH, SHAPE(8), SHAPE(8), &rng, false) == 0);
    tk_report("ge_f32_", GE_OP_ADD, GE_OP_MUL);
    tk_report("ge_f32_", GE_OP_PRELU, GE_OP_PRELU);
    tv_free_all();
    return test_finish();
}
