/*
 * Indexing ops: GATHER (axes, batch_dims, i32/i64 indices), GATHER_ND (MoveNet's decode
 * pattern), ARG_MAX and TOPK (ties resolved to the lower index), SELECT with broadcasting.
 * Literal cases pin semantics; random tables check against coordinate-by-coordinate
 * references; out-of-range indices are errors, never reads.
 */
#include "test_ref_util.h"

static void unravel(int64_t i, const ge_shape* s, int64_t* c) {
    for (int d = s->rank - 1; d >= 0; d--) {
        c[d] = i % s->dim[d];
        i /= s->dim[d];
    }
}

static int64_t ravel(const int64_t* c, const ge_shape* s) {
    int64_t i = 0;
    for (int d = 0; d < s->rank; d++) i = i * s->dim[d] + c[d];
    return i;
}

static ge_view iota_i32(ge_shape s) {
    ge_view v = tv_new(GE_DTYPE_I32, s);
    for (int64_t i = 0; i < tv_elems(&v); i++) ((int32_t*)v.data)[i] = (int32_t)i;
    return v;
}

static void test_gather(test_rng* rng) {
    const int32_t p9[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9}, idx[2] = {2, 0};
    tv_op t = tv_op_new(GE_OP_GATHER, 2, 1);
    t.in[0] = tv_i32(SHAPE(3, 3), p9);
    t.in[1] = tv_i32(SHAPE(2), idx);
    if (tv_infer_run("gather axis 0", &t)) {
        const int32_t want[6] = {7, 8, 9, 1, 2, 3};
        tv_check_shape("gather axis 0", &t.out[0], SHAPE(2, 3));
        tv_check_i32("gather axis 0", &t.out[0], want, 6);
    }
    t.params.axis.axis = -1;
    t.out[0] = tv_absent(); /* forget the previous run's output shape */
    if (tv_infer_run("gather axis -1", &t)) {
        const int32_t want[6] = {3, 1, 6, 4, 9, 7};
        tv_check_shape("gather axis -1", &t.out[0], SHAPE(3, 2));
        tv_check_i32("gather axis -1", &t.out[0], want, 6);
        CHECK(t.params.axis.axis == 1);
    }
    /* batch_dims 1: row b picks from params[b]. i64 indices. */
    const int32_t p6[6] = {1, 2, 3, 4, 5, 6};
    const int64_t bidx[4] = {2, 0, 1, 1};
    t = tv_op_new(GE_OP_GATHER, 2, 1);
    t.in[0] = tv_i32(SHAPE(2, 3), p6);
    t.in[1] = tv_new(GE_DTYPE_I64, SHAPE(2, 2));
    memcpy(t.in[1].data, bidx, sizeof(bidx));
    t.params.axis.axis = 1;
    t.params.axis.batch_dims = 1;
    if (tv_infer_run("gather batch_dims", &t)) {
        const int32_t want[4] = {3, 1, 5, 5};
        tv_check_shape("gather batch_dims", &t.out[0], SHAPE(2, 2));
        tv_check_i32("gather batch_dims", &t.out[0], want, 4);
    }
    /* Index 3 of 3, and -1: run-time errors. */
    const int32_t oob[2] = {0, 3}, neg[2] = {-1, 0};
    t = tv_op_new(GE_OP_GATHER, 2, 1);
    t.in[0] = tv_i32(SHAPE(3, 3), p9);
    t.in[1] = tv_i32(SHAPE(2), oob);
    if (tv_infer(&t) == GLINT_SUCCESS) CHECK(tv_run(&t) == GLINT_ERROR_INVALID_ARGUMENT);
    memcpy(t.in[1].data, neg, sizeof(neg));
    CHECK(tv_run(&t) == GLINT_ERROR_INVALID_ARGUMENT);
    CHECK(strstr(t.err.message, "GATHER") != NULL);

    /* Random table: out[p(:axis), i(bd:), p(axis+1:)] = params[..., idx[b, i], ...]. */
    struct {
        ge_shape params, indices;
        int axis, batch_dims;
    } cases[] = {
        {SHAPE(5, 4), SHAPE(3), 0, 0},          {SHAPE(2, 5, 3), SHAPE(4, 2), 1, 0},
        {SHAPE(2, 3, 7), SHAPE(5), -1, 0},      {SHAPE(3, 4, 2), SHAPE(3, 5), 1, 1},
        {SHAPE(2, 3, 4, 2), SHAPE(2, 3, 2), 2, 2}, {SHAPE(6), SHAPE(2, 2, 2), 0, 0},
    };
    char name[96];
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        snprintf(name, sizeof(name), "gather %s by %s axis %d bd %d", tv_fmt(&cases[k].params),
                 tv_fmt(&cases[k].indices), cases[k].axis, cases[k].batch_dims);
        const ge_shape* ps = &cases[k].params;
        const int axis = cases[k].axis < 0 ? cases[k].axis + ps->rank : cases[k].axis, bd = cases[k].batch_dims;
        t = tv_op_new(GE_OP_GATHER, 2, 1);
        t.in[0] = iota_i32(*ps);
        t.in[1] = tv_new(GE_DTYPE_I32, cases[k].indices);
        for (int64_t i = 0; i < tv_elems(&t.in[1]); i++)
            ((int32_t*)t.in[1].data)[i] = test_rng_int(rng, 0, ps->dim[axis] - 1);
        t.params.axis.axis = cases[k].axis;
        t.params.axis.batch_dims = bd;
        if (!tv_infer_run(name, &t)) continue;
        const ge_shape* is = &cases[k].indices;
        int64_t bad = -1;
        for (int64_t i = 0; i < tv_elems(&t.out[0]) && bad < 0; i++) {
            int64_t oc[6], pc[6], ic[6];
            unravel(i, &t.out[0].shape, oc);
            /* out = params[:axis] + indices[bd:] + params[axis+1:] */
            for (int d = 0; d < axis; d++) pc[d] = oc[d];
            for (int d = 0; d < bd; d++) ic[d] = oc[d];
            for (int d = bd; d < is->rank; d++) ic[d] = oc[axis + d - bd];
            pc[axis] = ((int32_t*)t.in[1].data)[ravel(ic, is)];
            for (int d = axis + 1; d < ps->rank; d++) pc[d] = oc[axis + is->rank - bd + d - axis - 1];
            if (((int32_t*)t.out[0].data)[i] != ravel(pc, ps)) bad = i;
        }
        CHECK_MSG(bad < 0, "%s: element %lld", name, (long long)bad);
    }
}

static void test_gather_nd(void) {
    ge_view x = iota_i32(SHAPE(2, 3, 2));
    const int32_t i2[4] = {0, 1, 1, 2}, i3[3] = {1, 0, 1}, i1[1] = {1}, i22[4] = {0, 0, 1, 1};
    struct {
        const char* name;
        ge_shape ishape;
        const int32_t* idx;
        ge_shape out;
        int32_t want[6];
    } cases[] = {
        {"gather_nd K=2", SHAPE(2, 2), i2, SHAPE(2, 2), {2, 3, 10, 11}},
        {"gather_nd K=3", SHAPE(1, 3), i3, SHAPE(1), {7}},
        {"gather_nd K=1", SHAPE(1, 1), i1, SHAPE(1, 3, 2), {6, 7, 8, 9, 10, 11}},
        {"gather_nd indices rank 3", SHAPE(2, 1, 2), i22, SHAPE(2, 1, 2), {0, 1, 8, 9}},
        {"gather_nd K=3 scalar out", SHAPE(3), i3, SHAPE0, {7}},
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        tv_op t = tv_op_new(GE_OP_GATHER_ND, 2, 1);
        t.in[0] = x;
        t.in[1] = tv_i32(cases[k].ishape, cases[k].idx);
        if (!tv_infer_run(cases[k].name, &t)) continue;
        tv_check_shape(cases[k].name, &t.out[0], cases[k].out);
        tv_check_i32(cases[k].name, &t.out[0], cases[k].want, ge_shape_elements(&cases[k].out));
    }
    /* MoveNet: a [1,48,48,34] map sampled at (0, row, col) for 17 keypoints. f32 params. */
    test_rng rng = {42};
    tv_op t = tv_op_new(GE_OP_GATHER_ND, 2, 1);
    t.in[0] = tv_rand_f32(&rng, SHAPE(1, 48, 48, 34), -1, 1);
    t.in[1] = tv_new(GE_DTYPE_I32, SHAPE(17, 3));
    int32_t* id = t.in[1].data;
    for (int k = 0; k < 17; k++) id[k * 3] = 0, id[k * 3 + 1] = (k * 7) % 48, id[k * 3 + 2] = (k * 13 + 5) % 48;
    if (tv_infer_run("gather_nd movenet", &t)) {
        tv_check_shape("gather_nd movenet", &t.out[0], SHAPE(17, 34));
        float want[17 * 34];
        for (int k = 0; k < 17; k++)
            for (int c = 0; c < 34; c++)
                want[k * 34 + c] = ((float*)t.in[0].data)[((size_t)id[k * 3 + 1] * 48 + id[k * 3 + 2]) * 34 + c];
        tv_check_f32("gather_nd movenet", &t.out[0], want, 17 * 34, 0);
    }
    const int32_t oob[2] = {1, 3};
    t = tv_op_new(GE_OP_GATHER_ND, 2, 1);
    t.in[0] = x;
    t.in[1] = tv_i32(SHAPE(2), oob);
    if (tv_infer(&t) == GLINT_SUCCESS) CHECK(tv_run(&t) == GLINT_ERROR_INVALID_ARGUMENT);
    const int32_t k4[4] = {0, 0, 0, 0};
    t = tv_op_new(GE_OP_GATHER_ND, 2, 1);
    t.in[0] = x;
    t.in[1] = tv_i32(SHAPE(1, 4), k4);
    CHECK(tv_infer(&t) == GLINT_ERROR_SHAPE_MISMATCH); /* K = 4 > params rank 3 */
}

static void test_arg_max(test_rng* rng) {
    const float ties[4] = {3, 7, 7, 1};
    tv_op t = tv_op_new(GE_OP_ARG_MAX, 1, 1);
    t.in[0] = tv_f32(SHAPE(4), ties);
    if (tv_infer_run("argmax ties", &t)) {
        const int32_t want[1] = {1};
        CHECK(t.out[0].dtype == GE_DTYPE_I32 && t.out[0].shape.rank == 0);
        tv_check_i32("argmax ties -> lowest index", &t.out[0], want, 1);
    }
    const int32_t m[6] = {1, 5, 4, 5, 4, 2};
    t = tv_op_new(GE_OP_ARG_MAX, 1, 1);
    t.in[0] = tv_i32(SHAPE(3, 2), m);
    t.out[0].dtype = GE_DTYPE_I64;
    if (tv_infer_run("argmax axis 0 i64", &t)) {
        const int64_t want[2] = {1, 0};
        CHECK(t.out[0].dtype == GE_DTYPE_I64);
        tv_check_bytes("argmax axis 0 i64", &t.out[0], want, 2);
    }
    /* Random: values drawn from a small set so ties are frequent. */
    const ge_shape shapes[3] = {SHAPE(1, 48 * 48), SHAPE(1, 6, 7, 17), SHAPE(4, 5, 3)};
    char name[96];
    for (int k = 0; k < 3; k++)
        for (int axis = -1; axis < shapes[k].rank; axis++) {
            snprintf(name, sizeof(name), "argmax %s axis %d", tv_fmt(&shapes[k]), axis);
            t = tv_op_new(GE_OP_ARG_MAX, 1, 1);
            t.in[0] = tv_new(GE_DTYPE_F32, shapes[k]);
            for (int64_t i = 0; i < tv_elems(&t.in[0]); i++) ((float*)t.in[0].data)[i] = (float)test_rng_int(rng, 0, 9);
            t.params.axis.axis = axis;
            if (!tv_infer_run(name, &t)) continue;
            const int a = axis < 0 ? axis + shapes[k].rank : axis;
            int64_t bad = -1;
            for (int64_t i = 0; i < tv_elems(&t.out[0]) && bad < 0; i++) {
                /* output coords are the input's without axis a */
                int64_t oc[6], c[6];
                unravel(i, &t.out[0].shape, oc);
                for (int d = 0, o = 0; d < shapes[k].rank; d++) c[d] = d == a ? 0 : oc[o++];
                int best = 0;
                float bv = -1;
                for (int j = 0; j < shapes[k].dim[a]; j++) {
                    c[a] = j;
                    float v = ((float*)t.in[0].data)[ravel(c, &shapes[k])];
                    if (j == 0 || v > bv) bv = v, best = j;
                }
                if (((int32_t*)t.out[0].data)[i] != best) bad = i;
            }
            CHECK_MSG(bad < 0, "%s: element %lld", name, (long long)bad);
        }
}

static void test_topk(test_rng* rng) {
    const float v[6] = {1, 5, 3, 5, 2, 5};
    for (int k = 3; k <= 4; k++) {
        tv_op t = tv_op_new(GE_OP_TOPK, 1, 2);
        t.in[0] = tv_f32(SHAPE(6), v);
        t.params.topk.k = k;
        if (!tv_infer_run("topk ties", &t)) continue;
        const float want_v[4] = {5, 5, 5, 3};
        const int32_t want_i[4] = {1, 3, 5, 2};
        tv_check_f32("topk values", &t.out[0], want_v, k, 0);
        tv_check_i32("topk indices (ties by lower index)", &t.out[1], want_i, k);
    }
    const int32_t rows[8] = {4, 1, 4, 2, 0, 0, 0, 0};
    tv_op t = tv_op_new(GE_OP_TOPK, 1, 2);
    t.in[0] = tv_i32(SHAPE(2, 4), rows);
    t.params.topk.k = 2;
    if (tv_infer_run("topk rows i32", &t)) {
        const int32_t want_v[4] = {4, 4, 0, 0}, want_i[4] = {0, 2, 0, 1};
        tv_check_i32("topk rows values", &t.out[0], want_v, 4);
        tv_check_i32("topk rows indices", &t.out[1], want_i, 4);
    }
    t.params.topk.k = 5;
    CHECK(tv_infer(&t) == GLINT_ERROR_SHAPE_MISMATCH);
    /* Random rows with many ties against a stable selection sort. */
    for (int iter = 0; iter < 20; iter++) {
        const int n = test_rng_int(rng, 1, 40), k = test_rng_int(rng, 1, n), r = test_rng_int(rng, 1, 3);
        t = tv_op_new(GE_OP_TOPK, 1, 2);
        t.in[0] = tv_new(GE_DTYPE_F32, SHAPE(r, n));
        float* x = t.in[0].data;
        for (int i = 0; i < r * n; i++) x[i] = (float)test_rng_int(rng, -5, 5) * 0.5f;
        t.params.topk.k = k;
        if (!tv_infer_run("topk random", &t)) continue;
        for (int row = 0; row < r; row++) {
            bool used[40] = {false};
            for (int j = 0; j < k; j++) {
                int best = -1;
                for (int i = 0; i < n; i++)
                    if (!used[i] && (best < 0 || x[row * n + i] > x[row * n + best])) best = i;
                used[best] = true;
                CHECK_MSG(((int32_t*)t.out[1].data)[row * k + j] == best &&
                              ((float*)t.out[0].data)[row * k + j] == x[row * n + best],
                          "topk random n=%d k=%d row %d rank %d", n, k, row, j);
            }
        }
    }
}

static void test_select(test_rng* rng) {
    const uint8_t c3[3] = {1, 0, 1};
    const float a3[3] = {1, 2, 3}, b3[3] = {10, 20, 30};
    tv_op t = tv_op_new(GE_OP_SELECT, 3, 1);
    t.in[0] = tv_new(GE_DTYPE_BOOL, SHAPE(3));
    memcpy(t.in[0].data, c3, 3);
    t.in[1] = tv_f32(SHAPE(3), a3);
    t.in[2] = tv_f32(SHAPE(3), b3);
    if (tv_infer_run("select literal", &t)) {
        const float want[3] = {1, 20, 3};
        tv_check_f32("select literal", &t.out[0], want, 3, 0);
    }
    /* cond [2,1], a [2,3], b scalar. */
    const uint8_t c2[2] = {0, 1};
    const int32_t a6[6] = {1, 2, 3, 4, 5, 6}, b1 = -1;
    t = tv_op_new(GE_OP_SELECT, 3, 1);
    t.in[0] = tv_new(GE_DTYPE_BOOL, SHAPE(2, 1));
    memcpy(t.in[0].data, c2, 2);
    t.in[1] = tv_i32(SHAPE(2, 3), a6);
    t.in[2] = tv_i32(SHAPE0, &b1);
    if (tv_infer_run("select broadcast", &t)) {
        const int32_t want[6] = {-1, -1, -1, 4, 5, 6};
        tv_check_i32("select broadcast", &t.out[0], want, 6);
    }
    /* Random broadcast triples. */
    struct {
        ge_shape c, a, b;
    } cases[] = {{SHAPE(4, 1, 3), SHAPE(5, 1), SHAPE(1, 1, 1)}, {SHAPE(6), SHAPE(2, 6), SHAPE(3, 1, 6)},
                 {SHAPE(1, 6, 6, 1), SHAPE(1, 6, 6, 4), SHAPE(4)}};
    for (int k = 0; k < 3; k++) {
        t = tv_op_new(GE_OP_SELECT, 3, 1);
        t.in[0] = tv_new(GE_DTYPE_BOOL, cases[k].c);
        for (int64_t i = 0; i < tv_elems(&t.in[0]); i++) ((uint8_t*)t.in[0].data)[i] = (uint8_t)test_rng_int(rng, 0, 1);
        t.in[1] = tv_rand_f32(rng, cases[k].a, 0, 1);
        t.in[2] = tv_rand_f32(rng, cases[k].b, -1, 0);
        if (!tv_infer_run("select random", &t)) continue;
        int64_t bad = -1;
        const ge_shape* os = &t.out[0].shape;
        for (int64_t i = 0; i < tv_elems(&t.out[0]) && bad < 0; i++) {
            int64_t oc[6];
            unravel(i, os, oc);
            const ge_shape* ss[3] = {&cases[k].c, &cases[k].a, &cases[k].b};
            int64_t src[3];
            for (int s = 0; s < 3; s++) {
                int64_t c[6];
                for (int d = 0; d < ss[s]->rank; d++) {
                    int od = d + os->rank - ss[s]->rank;
                    c[d] = ss[s]->dim[d] == 1 ? 0 : oc[od];
                }
                src[s] = ravel(c, ss[s]);
            }
            float want = ((uint8_t*)t.in[0].data)[src[0]] ? ((float*)t.in[1].data)[src[1]] : ((float*)t.in[2].data)[src[2]];
            if (((float*)t.out[0].data)[i] != want) bad = i;
        }
        CHECK_MSG(bad < 0, "select random %d: element %lld", k, (long long)bad);
    }
}

int main(void) {
    test_rng rng = {0x1de8ull};
    test_gather(&rng);
    test_gather_nd();
    test_arg_max(&rng);
    test_topk(&rng);
    test_select(&rng);
    tv_free_all();
    return test_finish();
}
