/*
 * The data-movement CPU kernels (PAD f32, CAST to f32) against the reference kernels, bit for
 * bit: padding on every axis, a zero and a non-zero pad value, channel padding (the residual
 * blocks of the palm detector), rank 2 to 4; casts from int32 (beyond 2^24, so rounding is
 * exercised), uint8 and int8.
 */
#include "test_kernels_util.h"

static void pad_cases(test_rng* rng) {
    static const struct {
        int rank, dims[4], before[4], after[4];
        float value;
    } cases[] = {
        {4, {1, 48, 48, 32}, {0, 0, 0, 0}, {0, 0, 0, 32}, 0.0f},
        {4, {1, 5, 7, 3}, {0, 1, 2, 0}, {0, 2, 1, 0}, 0.0f},
        {4, {1, 5, 7, 3}, {0, 1, 2, 1}, {0, 2, 1, 4}, -1.5f},
        {3, {4, 6, 5}, {1, 0, 2}, {0, 3, 0}, 7.0f},
        {2, {3, 9}, {2, 1}, {1, 0}, 0.0f},
        {4, {2, 3, 3, 17}, {1, 0, 0, 0}, {0, 0, 0, 0}, 0.25f},
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        char what[64];
        snprintf(what, sizeof(what), "pad case %d", (int)k);
        tv_op t = tv_op_new(GE_OP_PAD, 1, 1);
        t.in[0] = tv_rand_f32(rng, tv_shape_n(cases[k].dims, cases[k].rank), -4.0f, 4.0f);
        t.out[0] = tv_view(GE_DTYPE_F32, SHAPE0, NULL);
        for (int d = 0; d < cases[k].rank; d++) {
            t.params.pad.before[d] = cases[k].before[d];
            t.params.pad.after[d] = cases[k].after[d];
        }
        t.params.pad.value = cases[k].value;
        if (!tv_infer_run(what, &t)) continue;
        CHECK_MSG(tk_check_kernels(what, &t, 0.0) >= 1, "%s: no kernel", what);
    }
}

static void cast_cases(test_rng* rng) {
    static const ge_dtype types[] = {GE_DTYPE_I32, GE_DTYPE_U8, GE_DTYPE_I8};
    for (int k = 0; k < 3; k++) {
        char what[64];
        snprintf(what, sizeof(what), "cast %s -> f32", ge_dtype_name(types[k]));
        tv_op t = tv_op_new(GE_OP_CAST, 1, 1);
        t.in[0] = tv_new(types[k], SHAPE(1, 7, 9, 3));
        const int64_t n = tv_elems(&t.in[0]);
        for (int64_t i = 0; i < n; i++) {
            if (types[k] == GE_DTYPE_I32)
                ((int32_t*)t.in[0].data)[i] = (int32_t)(test_rng_next(rng) >> 33) * (i % 2 ? 1 : -1);
            else
                ((uint8_t*)t.in[0].data)[i] = (uint8_t)test_rng_next(rng);
        }
        t.out[0] = tv_view(GE_DTYPE_F32, SHAPE0, NULL);
        if (!tv_infer_run(what, &t)) continue;
        CHECK_MSG(tk_check_kernels(what, &t, 0.0) >= 1, "%s: no kernel", what);
    }
}

int main(void) {
    test_rng rng = {0xFEEDFACEull};
    pad_cases(&rng);
    cast_cases(&rng);
    tk_report("ge_", GE_OP_CAST, GE_OP_CAST);
    tk_report("ge_", GE_OP_PAD, GE_OP_PAD);
    tv_free_all();
    return test_finish();
}
