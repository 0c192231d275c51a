/*
 * Calibration (ge_calib.h):
 *  - histogram quantiles (uniform and skewed), KL thresholds on a Gaussian, on a uniform
 *    distribution with one far outlier, and with a spike of zeros (RELU outputs);
 *  - on the test network: min/max of the input equals its exact extremes over the samples;
 *    every activation is observed, constants are not; percentile and KL ranges lie inside min/max  tiny tensors keep min/max;
 *    progress is reported once per run.
 */
#include "engine/calib/ge_calib.h"
#include "test_quant_util.h"

static void test_observer_math(void) {
    static double h[GE_CALIB_BINS];
    for (int i = 0; i < GE_CALIB_BINS; i++) h[i] = 1.0;
    CHECK_NEAR(ge_calib_hist_quantile(h, -1.0f, 3.0f, 0.5), 1.0, 1e-3);
    CHECK_NEAR(ge_calib_hist_quantile(h, -1.0f, 3.0f, 0.25), 0.0, 1e-3);
    CHECK_NEAR(ge_calib_hist_quantile(h, 0.0f, 1.0f, 1.0), 1.0, 1e-3);
    /* all mass in the first bin */
    memset(h, 0, sizeof(h));
    h[0] = 10;
    CHECK(ge_calib_hist_quantile(h, 0.0f, 2048.0f, 0.9999) <= 1.0f);

    /* |N(0,1)| over [0, 8]: 128 levels clip a few sigma out, 255 levels clip further out */
    for (int i = 0; i < GE_CALIB_BINS; i++) {
        double x = (i + 0.5) * 8.0 / GE_CALIB_BINS;
        h[i] = 1e6 * exp(-x * x / 2);
    }
    float t128 = ge_calib_kl_threshold(h, 8.0f, 128), t255 = ge_calib_kl_threshold(h, 8.0f, 255);
    CHECK_MSG(t128 > 3.0f && t128 < 6.0f, "gaussian threshold %.3f", t128);
    CHECK(t255 >= t128 - 0.05f);
    /* uniform on [0, 6] plus one outlier at 8: the threshold lands near 6 */
    for (int i = 0; i < GE_CALIB_BINS; i++) h[i] = i < 1536 ? 1000.0 : 0.0;
    h[GE_CALIB_BINS - 1] = 1;
    float tu = ge_calib_kl_threshold(h, 8.0f, 255);
    CHECK_MSG(tu > 5.8f && tu < 6.3f, "uniform threshold %.3f", tu);
    /* a spike of exact zeros does not pull the threshold down */
    h[0] = 1e9;
    float tz = ge_calib_kl_threshold(h, 8.0f, 255);
    CHECK_MSG(tz > 5.8f && tz < 6.3f, "with zeros %.3f", tz);

    ge_observer o;
    CHECK(ge_observer_parse("kl", &o) && o == GE_OBSERVER_KL);
    CHECK(ge_observer_parse("percentile", &o) && o == GE_OBSERVER_PERCENTILE);
    CHECK(!ge_observer_parse("max", &o));
    CHECK(strcmp(ge_observer_name(GE_OBSERVER_MINMAX), "minmax") == 0);
}

static int progress_calls = 0;
static void on_progress(void* ctx, int32_t done, int32_t total) {
    (void)ctx;
    progress_calls++;
    CHECK(done >= 1 && done <= total);
}

static void test_on_network(void) {
    gu_allocator alloc;
    gu_allocator_init(&alloc, NULL);
    glint_error err = {0};
    ge_graph g;
    ge_graph_init(&g, &alloc);
    CHECK(tq_build_net(&g, 3, &err) == GLINT_SUCCESS);
    ge_calib c;
    CHECK(ge_calib_init(&c, &g, &alloc, &err) == GLINT_SUCCESS);
    test_rng rng = {77};
    enum { S = 12 };
    static float xs[S][TQ_INPUT_ELEMS];
    for (int s = 0; s < S; s++) {
        tq_rand_input(&rng, xs[s], TQ_INPUT_ELEMS);
        const void* in = xs[s];
        CHECK(ge_calib_add_sample(&c, &in, &err) == GLINT_SUCCESS);
    }
    ge_tensor_range* mm = calloc((size_t)g.num_tensors, sizeof(*mm));
    ge_tensor_range* pc = calloc((size_t)g.num_tensors, sizeof(*pc));
    ge_tensor_range* kl = calloc((size_t)g.num_tensors, sizeof(*kl));
    CHECK(ge_calib_compute(&c, GE_OBSERVER_MINMAX, mm, on_progress, NULL, &err) == GLINT_SUCCESS);
    CHECK(progress_calls == S);
    CHECK(ge_calib_compute(&c, GE_OBSERVER_PERCENTILE, pc, on_progress, NULL, &err) == GLINT_SUCCESS);
    CHECK(progress_calls == S + 2 * S);
    CHECK(ge_calib_compute(&c, GE_OBSERVER_KL, kl, NULL, NULL, &err) == GLINT_SUCCESS);

    /* exact extremes of the input */
    float lo = 1, hi = 0;
    for (int s = 0; s < S; s++)
        for (int i = 0; i < TQ_INPUT_ELEMS; i++) {
            lo = xs[s][i] < lo ? xs[s][i] : lo;
            hi = xs[s][i] > hi ? xs[s][i] : hi;
        }
    const int32_t in = g.inputs[0];
    CHECK(mm[in].seen && mm[in].min == lo && mm[in].max == hi);
    const int32_t c1 = ge_graph_find_tensor(&g, "c1");
    CHECK(c1 >= 0);
    for (int32_t t = 0; t < g.num_tensors; t++) {
        if (g.tensors[t].data) {
            CHECK(!mm[t].seen && !pc[t].seen && !kl[t].seen);
            continue;
        }
        CHECK_MSG(mm[t].seen && pc[t].seen && kl[t].seen, "tensor %s not observed", g.tensors[t].name);
        CHECK(pc[t].min >= mm[t].min && pc[t].max <= mm[t].max);
        CHECK(kl[t].min >= mm[t].min && kl[t].max <= mm[t].max);
        if (ge_shape_elements(&g.tensors[t].shape) * S < GE_CALIB_MIN_HIST_VALUES) {
            CHECK(pc[t].min == mm[t].min && pc[t].max == mm[t].max); /* too few values: min/max */
            CHECK(kl[t].min == mm[t].min && kl[t].max == mm[t].max);
        }
    }
    CHECK(mm[c1].min >= 0.0f && mm[c1].max <= 6.0f); /* RELU6 */
    free(mm);
    free(pc);
    free(kl);
    ge_calib_free(&c);
    ge_graph_free(&g);
    CHECK(alloc.live_allocations == 0);
}

int main(void) {
    test_observer_math();
    test_on_network();
    return test_finish();
}
