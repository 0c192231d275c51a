/*
 * STRIDED_SLICE with TF semantics: literal cases written as the numpy expression they mean
 * (masks, ellipsis, new axes, shrinking, negative indices and strides, clamping) on
 * x = arange(24).reshape(2, 3, 4), invalid slices rejected, and random plain slices against
 * a reference that enumerates Python's slice.indices() ranges.
 */
#include "test_ref_util.h"

typedef struct slice_case {
    const char* numpy;
    int num_axes;
    int begin[6], end[6], strides[6];
    unsigned begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_mask;
    ge_shape out;
    int want[24];
} slice_case;


static tv_op slice_op(ge_view x, const slice_case* sc) {
    tv_op t = tv_op_new(GE_OP_STRIDED_SLICE, 1, 1);
    t.in[0] = x;
    ge_slice_params* p = &t.params.slice;
    p->num_axes = sc->num_axes;
    for (int i = 0; i < sc->num_axes; i++) {
        p->begin[i] = sc->begin[i];
        p->end[i] = sc->end[i];
        p->strides[i] = sc->strides[i];
    }
    p->begin_mask = sc->begin_mask;
    p->end_mask = sc->end_mask;
    p->ellipsis_mask = sc->ellipsis_mask;
    p->new_axis_mask = sc->new_axis_mask;
    p->shrink_axis_mask = sc->shrink_mask;
    return t;
}

static void test_literals(void) {
    const slice_case cases[] = {
        {"x[1, :, ::2]", 3, {1, 0, 0}, {2, 0, 0}, {1, 1, 2}, 6, 6, 0, 0, 1, SHAPE(3, 2), {12, 14, 16, 18, 20, 22}},
        {"x[..., 1]", 2, {0, 1}, {0, 2}, {1, 1}, 0, 0, 1, 0, 2, SHAPE(2, 3), {1, 5, 9, 13, 17, 21}},
        {"x[:, None, -1, 1:3]", 4, {0, 0, -1, 1}, {0, 0, 0, 3}, {1, 1, 1, 1}, 1, 1, 0, 2, 4, SHAPE(2, 1, 2),
         {9, 10, 21, 22}},
        {"x[::-1, 2:0:-1, -1:-5:-2]", 3, {0, 2, -1}, {0, 0, -5}, {-1, -1, -2}, 1, 1, 0, 0, 0, SHAPE(2, 2, 2),
         {23, 21, 19, 17, 11, 9, 7, 5}},
        {"x[0:100, -100:2, 3:10]", 3, {0, -100, 3}, {100, 2, 10}, {1, 1, 1}, 0, 0, 0, 0, 0, SHAPE(2, 2, 1),
         {3, 7, 15, 19}},
        {"x[1:]", 1, {1}, {0}, {1}, 0, 1, 0, 0, 0, SHAPE(1, 3, 4), {12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23}},
        {"x[0, ..., None]", 3, {0, 0, 0}, {1, 0, 0}, {1, 1, 1}, 0, 0, 2, 4, 1, SHAPE(3, 4, 1),
         {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}},
        {"x[-1, -1, -1]", 3, {-1, -1, -1}, {0, 0, 0}, {1, 1, 1}, 0, 0, 0, 0, 7, SHAPE0, {23}},
        {"x[None, ..., ::-3]", 3, {0, 0, 0}, {0, 0, 0}, {1, 1, -3}, 4, 4, 2, 1, 0, SHAPE(1, 2, 3, 2),
         {3, 0, 7, 4, 11, 8, 15, 12, 19, 16, 23, 20}},
        {"x[:, 1:2, -3:]", 3, {0, 1, -3}, {0, 2, 0}, {1, 1, 1}, 1, 5, 0, 0, 0, SHAPE(2, 1, 3), {5, 6, 7, 17, 18, 19}},
        {"x[1, 2] (trailing dim implicit)", 2, {1, 2}, {2, 3}, {1, 1}, 0, 0, 0, 0, 3, SHAPE(4), {20, 21, 22, 23}},
    };
    int32_t x[24];
    for (int i = 0; i < 24; i++) x[i] = i;
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        tv_op t = slice_op(tv_i32(SHAPE(2, 3, 4), x), &cases[k]);
        if (!tv_infer_run(cases[k].numpy, &t)) continue;
        tv_check_shape(cases[k].numpy, &t.out[0], cases[k].out);
        tv_check_i32(cases[k].numpy, &t.out[0], cases[k].want, ge_shape_elements(&cases[k].out));
    }
    /* Invalid slices. */
    const slice_case bad[] = {
        {"x[5] (index out of bounds)", 1, {5}, {6}, {1}, 0, 0, 0, 0, 1, SHAPE0, {0}},
        {"x[::0] (stride 0)", 1, {0}, {0}, {0}, 1, 1, 0, 0, 0, SHAPE0, {0}},
        {"x[0, 0, 0, 0] (too many indices)", 4, {0, 0, 0, 0}, {1, 1, 1, 1}, {1, 1, 1, 1}, 0, 0, 0, 0, 15, SHAPE0, {0}},
        {"x[..., ...] (two ellipses)", 2, {0, 0}, {0, 0}, {1, 1}, 0, 0, 3, 0, 0, SHAPE0, {0}},
    };
    for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        tv_op t = slice_op(tv_i32(SHAPE(2, 3, 4), x), &bad[k]);
        glint_result r = tv_infer(&t);
        CHECK_MSG(r == GLINT_ERROR_MODEL_FORMAT, "%s: got %d (%s)", bad[k].numpy, (int)r, t.err.message);
        CHECK_MSG(strstr(t.err.message, "STRIDED_SLICE") != NULL, "%s: message '%s' names the op", bad[k].numpy,
                  t.err.message);
    }
    /* x[:, 2:1]: an empty result, which the engine does not support. */
    const slice_case empty = {"x[:, 2:1]", 2, {0, 2}, {0, 1}, {1, 1}, 1, 1, 0, 0, 0, SHAPE0, {0}};
    tv_op t = slice_op(tv_i32(SHAPE(2, 3, 4), x), &empty);
    CHECK(tv_infer(&t) == GLINT_ERROR_MODEL_UNSUPPORTED);
}

/* Python's slice(start, stop, step).indices(len), enumerated. Returns the count. */
static int py_range(int len, int start, int stop, int step, bool has_start, bool has_stop, int* out) {
    int lo = step > 0 ? 0 : -1, hi = step > 0 ? len : len - 1;
    int s, e;
    if (!has_start) {
        s = step > 0 ? 0 : len - 1;
    } else {
        s = start < 0 ? start + len : start;
        s = s < lo ? lo : (s > hi ? hi : s);
    }
    if (!has_stop) {
        e = step > 0 ? len : -1;
    } else {
        e = stop < 0 ? stop + len : stop;
        e = e < lo ? lo : (e > hi ? hi : e);
    }
    int n = 0;
    for (int i = s; step > 0 ? i < e : i > e; i += step) out[n++] = i;
    return n;
}

static void test_random(test_rng* rng) {
    char name[160];
    for (int iter = 0; iter < 60; iter++) {
        const int rank = test_rng_int(rng, 1, 4);
        ge_shape s;
        memset(&s, 0, sizeof(s));
        s.rank = rank;
        for (int d = 0; d < rank; d++) s.dim[d] = test_rng_int(rng, 1, 7);
        slice_case sc;
        memset(&sc, 0, sizeof(sc));
        sc.num_axes = rank;
        int idx[6][16], cnt[6];
        bool empty = false;
        size_t used = (size_t)snprintf(name, sizeof(name), "x%s[", tv_fmt(&s));
        for (int d = 0; d < rank; d++) {
            int step = test_rng_int(rng, -3, 3);
            if (step == 0) step = 1;
            bool hs = test_rng_int(rng, 0, 3) != 0, he = test_rng_int(rng, 0, 3) != 0;
            sc.begin[d] = test_rng_int(rng, -9, 9);
            sc.end[d] = test_rng_int(rng, -9, 9);
            sc.strides[d] = step;
            if (!hs) sc.begin_mask |= 1u << d;
            if (!he) sc.end_mask |= 1u << d;
            cnt[d] = py_range(s.dim[d], sc.begin[d], sc.end[d], step, hs, he, idx[d]);
            empty |= cnt[d] == 0;
            used += (size_t)snprintf(name + used, sizeof(name) - used, "%s%s%d:%s%d:%d", d ? "," : "", hs ? "" : "~",
                                     sc.begin[d], he ? "" : "~", sc.end[d], step);
            if (used >= sizeof(name)) used = sizeof(name) - 1;
        }
        snprintf(name + used, sizeof(name) - used, "]");
        ge_view x = tv_new(GE_DTYPE_I32, s);
        for (int64_t i = 0; i < tv_elems(&x); i++) ((int32_t*)x.data)[i] = (int32_t)i;
        tv_op t = slice_op(x, &sc);
        if (empty) {
            CHECK_MSG(tv_infer(&t) == GLINT_ERROR_MODEL_UNSUPPORTED, "%s: empty slice accepted", name);
            continue;
        }
        if (!tv_infer_run(name, &t)) continue;
        ge_shape want = s;
        for (int d = 0; d < rank; d++) want.dim[d] = cnt[d];
        tv_check_shape(name, &t.out[0], want);
        int64_t n = tv_elems(&t.out[0]), bad = -1;
        for (int64_t i = 0; i < n && bad < 0; i++) {
            int64_t rem = i, src = 0, c[6];
            for (int d = rank - 1; d >= 0; d--) {
                c[d] = rem % cnt[d];
                rem /= cnt[d];
            }
            for (int d = 0; d < rank; d++) src = src * s.dim[d] + idx[d][c[d]];
            if (((int32_t*)t.out[0].data)[i] != src) bad = i;
        }
        CHECK_MSG(bad < 0, "%s: element %lld", name, (long long)bad);
    }
}

int main(void) {
    test_rng rng = {0x511ceull};
    test_literals();
    test_random(&rng);
    tv_free_all();
    return test_finish();
}
