/*
 * MEAN over any set of axes (keep_dims on and off) against a reference that accumulates each
 * output from the flat input by testing every element's coordinates; literal cases, and the
 * hand landmark model's global average (1x7x7xC over H and W).
 */
#include "test_ref_util.h"

static void test_literals(void) {
    const float x[4] = {1, 2, 3, 4};
    tv_op t = tv_op_new(GE_OP_MEAN, 1, 1);
    t.in[0] = tv_f32(SHAPE(2, 2), x);
    t.params.reduce.axes_mask = 1;
    if (tv_infer_run("mean axis 0", &t)) {
        const float want[2] = {2, 3};
        tv_check_shape("mean axis 0", &t.out[0], SHAPE(2));
        tv_check_f32("mean axis 0", &t.out[0], want, 2, 0);
    }
    t.params.reduce.axes_mask = 2;
    t.params.reduce.keep_dims = true;
    t.out[0] = tv_absent(); /* forget the previous run's output shape */
    if (tv_infer_run("mean axis 1 keep", &t)) {
        const float want[2] = {1.5f, 3.5f};
        tv_check_shape("mean axis 1 keep", &t.out[0], SHAPE(2, 1));
        tv_check_f32("mean axis 1 keep", &t.out[0], want, 2, 0);
    }
    t.params.reduce.axes_mask = 3;
    t.params.reduce.keep_dims = false;
    t.out[0] = tv_absent();
    if (tv_infer_run("mean all", &t)) {
        const float want[1] = {2.5f};
        tv_check_shape("mean all -> scalar", &t.out[0], SHAPE0);
        tv_check_f32("mean all", &t.out[0], want, 1, 0);
    }
    t.params.reduce.axes_mask = 4; /* axis 2 of a rank-2 input */
    CHECK(tv_infer(&t) == GLINT_ERROR_MODEL_FORMAT);
}

static void test_table(test_rng* rng) {
    struct {
        ge_shape s;
        unsigned mask;
        bool keep;
    } cases[] = {
        {SHAPE(1, 7, 7, 672), 6, false}, {SHAPE(1, 7, 7, 33), 6, true}, {SHAPE(2, 3, 4), 5, false},
        {SHAPE(2, 3, 4), 2, true},       {SHAPE(5), 1, false},          {SHAPE(2, 1, 3, 2, 2, 3), 0x2d, true},
        {SHAPE(3, 4, 5), 0, false},
    };
    char name[96];
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        const ge_shape* s = &cases[k].s;
        snprintf(name, sizeof(name), "mean %s mask 0x%x%s", tv_fmt(s), cases[k].mask, cases[k].keep ? " keep" : "");
        tv_op t = tv_op_new(GE_OP_MEAN, 1, 1);
        t.in[0] = tv_rand_f32(rng, *s, -2, 3);
        t.params.reduce.axes_mask = cases[k].mask;
        t.params.reduce.keep_dims = cases[k].keep;
        if (!tv_infer_run(name, &t)) continue;
        ge_shape want_shape;
        memset(&want_shape, 0, sizeof(want_shape));
        for (int d = 0; d < s->rank; d++) {
            if (!(cases[k].mask & (1u << d)))
                want_shape.dim[want_shape.rank++] = s->dim[d];
            else if (cases[k].keep)
                want_shape.dim[want_shape.rank++] = 1;
        }
        tv_check_shape(name, &t.out[0], want_shape);
        /* Accumulate every input element into the output it belongs to. */
        const int64_t n_out = tv_elems(&t.out[0]), n_in = tv_elems(&t.in[0]);
        double* sum = tv_alloc((size_t)n_out * sizeof(double));
        int64_t* cnt = tv_alloc((size_t)n_out * sizeof(int64_t));
        for (int64_t i = 0; i < n_in; i++) {
            int64_t rem = i, c[6], o = 0;
            for (int d = s->rank - 1; d >= 0; d--) {
                c[d] = rem % s->dim[d];
                rem /= s->dim[d];
            }
            for (int d = 0; d < s->rank; d++)
                if (!(cases[k].mask & (1u << d))) o = o * s->dim[d] + c[d];
            sum[o] += ((float*)t.in[0].data)[i];
            cnt[o]++;
        }
        for (int64_t o = 0; o < n_out; o++) sum[o] /= (double)cnt[o];
        tv_check_close(name, t.out[0].data, sum, NULL, 1e-6, n_out);
    }
}

int main(void) {
    test_rng rng = {0x3ea7ull};
    test_literals();
    test_table(&rng);
    tv_free_all();
    return test_finish();
}
