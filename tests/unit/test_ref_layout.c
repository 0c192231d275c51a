/*
 * Data movement: RESHAPE, TRANSPOSE, CONCAT, SPLIT (incl. -1 sizes and Unpack-style outputs),
 * PAD, DEPTH_TO_SPACE (DCR order), TILE. Tables over ranks, axes (negative too) and dtypes of
 * every element size are checked against references that map output coordinates to input
 * coordinates one element at a time; literal cases pin the exact layouts.
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

/* A view of dtype dt filled with distinct-ish random bytes. */
static ge_view rand_view(test_rng* rng, ge_dtype dt, ge_shape s) {
    ge_view v = tv_new(dt, s);
    uint8_t* p = v.data;
    for (int64_t i = 0; i < tv_elems(&v) * (int64_t)ge_dtype_size(dt); i++) p[i] = (uint8_t)test_rng_next(rng);
    return v;
}

static const void* elem(const ge_view* v, int64_t i) {
    return (const uint8_t*)v->data + i * (int64_t)ge_dtype_size(v->dtype);
}

static bool same_elem(const ge_view* a, int64_t ia, const ge_view* b, int64_t ib) {
    return memcmp(elem(a, ia), elem(b, ib), ge_dtype_size(a->dtype)) == 0;
}

static const ge_dtype dtypes[] = {GE_DTYPE_F32, GE_DTYPE_I32, GE_DTYPE_U8, GE_DTYPE_F16, GE_DTYPE_I64};

static void test_reshape(void) {
    float x[24];
    for (int i = 0; i < 24; i++) x[i] = (float)i;
    tv_op t = tv_op_new(GE_OP_RESHAPE, 1, 1);
    t.in[0] = tv_f32(SHAPE(2, 3, 4), x);
    t.out[0].shape = SHAPE(4, -1); /* the importer's target, one dim inferred */
    if (tv_infer_run("reshape", &t)) {
        tv_check_shape("reshape -1 resolved", &t.out[0], SHAPE(4, 6));
        tv_check_f32("reshape copies", &t.out[0], x, 24, 0);
    }
}

static void test_transpose(test_rng* rng) {
    struct {
        ge_shape s;
        int perm[6];
    } cases[] = {
        {SHAPE(3, 5), {1, 0}},
        {SHAPE(2, 3, 4), {2, 0, 1}},
        {SHAPE(1, 4, 5, 3), {0, 3, 1, 2}},
        {SHAPE(2, 3, 2, 5), {3, 2, 1, 0}},
        {SHAPE(2, 1, 3, 2, 2), {4, 1, 3, 0, 2}},
        {SHAPE(2, 3, 1, 2, 3, 2), {5, 0, 4, 1, 3, 2}},
    };
    char name[96];
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
        for (size_t d = 0; d < sizeof(dtypes) / sizeof(dtypes[0]); d++) {
            const ge_shape* s = &cases[k].s;
            snprintf(name, sizeof(name), "transpose %s %s", tv_fmt(s), ge_dtype_name(dtypes[d]));
            tv_op t = tv_op_new(GE_OP_TRANSPOSE, 1, 1);
            t.in[0] = rand_view(rng, dtypes[d], *s);
            for (int i = 0; i < s->rank; i++) t.params.transpose.perm[i] = cases[k].perm[i];
            if (!tv_infer_run(name, &t)) continue;
            ge_shape want = *s;
            for (int i = 0; i < s->rank; i++) want.dim[i] = s->dim[cases[k].perm[i]];
            tv_check_shape(name, &t.out[0], want);
            int64_t bad = -1;
            for (int64_t i = 0; i < tv_elems(&t.out[0]) && bad < 0; i++) {
                int64_t oc[6], ic[6];
                unravel(i, &want, oc);
                for (int a = 0; a < s->rank; a++) ic[cases[k].perm[a]] = oc[a];
                if (!same_elem(&t.out[0], i, &t.in[0], ravel(ic, s))) bad = i;
            }
            CHECK_MSG(bad < 0, "%s: element %lld", name, (long long)bad);
        }
    float x[6] = {1, 2, 3, 4, 5, 6};
    tv_op t = tv_op_new(GE_OP_TRANSPOSE, 1, 1);
    t.in[0] = tv_f32(SHAPE(2, 3), x);
    t.params.transpose.perm[0] = 1;
    t.params.transpose.perm[1] = 0;
    if (tv_infer_run("transpose literal", &t)) {
        const float want[6] = {1, 4, 2, 5, 3, 6};
        tv_check_f32("transpose literal", &t.out[0], want, 6, 0);
    }
}

static void test_concat_split(test_rng* rng) {
    struct {
        ge_shape base;
        int axis;
        int sizes[4];
        int n;
    } cases[] = {
        {SHAPE(1, 24, 24, 1), 3, {36, 1, 2}, 3}, {SHAPE(1, 5, 3), -2, {2, 7}, 2},  {SHAPE(4, 3), 0, {1, 2, 3, 4}, 4},
        {SHAPE(2, 3, 4, 5), -1, {5, 3}, 2},     {SHAPE(7), 0, {7}, 1},            {SHAPE(1, 2, 1, 3, 2), 2, {1, 4, 2}, 3},
    };
    char name[96];
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
        for (size_t d = 0; d < sizeof(dtypes) / sizeof(dtypes[0]); d++) {
            const int rank = cases[k].base.rank;
            const int axis = cases[k].axis < 0 ? cases[k].axis + rank : cases[k].axis;
            snprintf(name, sizeof(name), "concat %s axis %d x%d %s", tv_fmt(&cases[k].base), cases[k].axis,
                     cases[k].n, ge_dtype_name(dtypes[d]));
            tv_op t = tv_op_new(GE_OP_CONCAT, cases[k].n, 1);
            int total = 0;
            for (int i = 0; i < cases[k].n; i++) {
                ge_shape s = cases[k].base;
                s.dim[axis] = cases[k].sizes[i];
                total += cases[k].sizes[i];
                t.in[i] = rand_view(rng, dtypes[d], s);
            }
            t.params.axis.axis = cases[k].axis;
            if (!tv_infer_run(name, &t)) continue;
            CHECK_MSG(t.params.axis.axis == axis, "%s: axis normalised to %d", name, t.params.axis.axis);
            ge_shape want = cases[k].base;
            want.dim[axis] = total;
            tv_check_shape(name, &t.out[0], want);
            int64_t bad = -1;
            for (int64_t i = 0; i < tv_elems(&t.out[0]) && bad < 0; i++) {
                int64_t c[6];
                unravel(i, &want, c);
                int which = 0;
                while (c[axis] >= cases[k].sizes[which]) c[axis] -= cases[k].sizes[which++];
                if (!same_elem(&t.out[0], i, &t.in[which], ravel(c, &t.in[which].shape))) bad = i;
            }
            CHECK_MSG(bad < 0, "%s: element %lld", name, (long long)bad);

            /* SPLIT the concatenation back with explicit sizes (one given as -1). */
            snprintf(name, sizeof(name), "split %s axis %d x%d %s", tv_fmt(&want), cases[k].axis, cases[k].n,
                     ge_dtype_name(dtypes[d]));
            tv_op s = tv_op_new(GE_OP_SPLIT, 1, cases[k].n);
            s.in[0] = t.out[0];
            int32_t sizes[4];
            for (int i = 0; i < cases[k].n; i++) sizes[i] = cases[k].sizes[i];
            sizes[cases[k].n - 1] = -1;
            s.params.axis.axis = cases[k].axis;
            s.params.axis.split_sizes = sizes;
            if (!tv_infer_run(name, &s)) continue;
            CHECK_MSG(s.params.axis.split_sizes[cases[k].n - 1] == cases[k].sizes[cases[k].n - 1],
                      "%s: -1 resolved to %d", name, s.params.axis.split_sizes[cases[k].n - 1]);
            for (int i = 0; i < cases[k].n; i++) {
                tv_check_shape(name, &s.out[i], t.in[i].shape);
                tv_check_bytes(name, &s.out[i], t.in[i].data, tv_elems(&t.in[i]));
            }
        }
    /* Equal split, Unpack-style outputs stored without the axis. */
    float x[12];
    for (int i = 0; i < 12; i++) x[i] = (float)i;
    tv_op s = tv_op_new(GE_OP_SPLIT, 1, 3);
    s.in[0] = tv_f32(SHAPE(2, 3, 2), x);
    s.params.axis.axis = 1;
    for (int i = 0; i < 3; i++) s.out[i].shape = SHAPE(2, 2);
    if (tv_infer_run("unpack", &s)) {
        const float want[3][4] = {{0, 1, 6, 7}, {2, 3, 8, 9}, {4, 5, 10, 11}};
        for (int i = 0; i < 3; i++) {
            tv_check_shape("unpack keeps the stored shape", &s.out[i], SHAPE(2, 2));
            tv_check_f32("unpack", &s.out[i], want[i], 4, 0);
        }
    }
    /* Concat with a fused activation (f32). */
    const float a[2] = {-1, 7}, b[2] = {3, -4};
    tv_op t = tv_op_new(GE_OP_CONCAT, 2, 1);
    t.in[0] = tv_f32(SHAPE(1, 2), a);
    t.in[1] = tv_f32(SHAPE(1, 2), b);
    t.params.axis.axis = 0;
    t.params.axis.act = GE_ACT_RELU6;
    if (tv_infer_run("concat relu6", &t)) {
        const float want[4] = {0, 6, 3, 0};
        tv_check_f32("concat relu6", &t.out[0], want, 4, 0);
    }
}

static void test_pad(test_rng* rng) {
    struct {
        ge_shape s;
        int before[6], after[6];
        float value;
    } cases[] = {
        {SHAPE(5), {2}, {3}, 0},
        {SHAPE(3, 4), {1, 0}, {0, 2}, -1.5f},
        {SHAPE(1, 6, 7, 3), {0, 1, 2, 0}, {0, 2, 1, 0}, 0},    /* spatial, pose style */
        {SHAPE(1, 3, 3, 5), {0, 0, 0, 0}, {0, 0, 0, 11}, 0},   /* channel padding, palm style */
        {SHAPE(2, 1, 2, 1, 2), {1, 0, 1, 2, 0}, {0, 1, 0, 1, 1}, 2},
    };
    char name[96];
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
        for (size_t d = 0; d < 4; d++) {
            const ge_shape* s = &cases[k].s;
            snprintf(name, sizeof(name), "pad %s %s", tv_fmt(s), ge_dtype_name(dtypes[d]));
            tv_op t = tv_op_new(GE_OP_PAD, 1, 1);
            t.in[0] = rand_view(rng, dtypes[d], *s);
            for (int i = 0; i < s->rank; i++) {
                t.params.pad.before[i] = cases[k].before[i];
                t.params.pad.after[i] = cases[k].after[i];
            }
            t.params.pad.value = cases[k].value;
            if (!tv_infer_run(name, &t)) continue;
            ge_shape want = *s;
            for (int i = 0; i < s->rank; i++) want.dim[i] += cases[k].before[i] + cases[k].after[i];
            tv_check_shape(name, &t.out[0], want);
            /* the pad element as the dtype holds it */
            uint8_t padv[8] = {0};
            float v = cases[k].value;
            if (dtypes[d] == GE_DTYPE_F32) memcpy(padv, &v, 4);
            if (dtypes[d] == GE_DTYPE_I32) {
                int32_t iv = (int32_t)v;
                memcpy(padv, &iv, 4);
            }
            if (dtypes[d] == GE_DTYPE_U8) padv[0] = v < 0 ? 0 : (uint8_t)v;
            if (dtypes[d] == GE_DTYPE_F16) {
                uint16_t h = v == 0 ? 0 : (v == 2 ? 0x4000 : 0xbe00); /* 0, 2, -1.5 */
                memcpy(padv, &h, 2);
            }
            int64_t bad = -1;
            for (int64_t i = 0; i < tv_elems(&t.out[0]) && bad < 0; i++) {
                int64_t c[6];
                unravel(i, &want, c);
                bool inside = true;
                for (int a = 0; a < s->rank; a++) {
                    c[a] -= cases[k].before[a];
                    inside &= c[a] >= 0 && c[a] < s->dim[a];
                }
                bool ok = inside ? same_elem(&t.out[0], i, &t.in[0], ravel(c, s))
                                 : memcmp(elem(&t.out[0], i), padv, ge_dtype_size(dtypes[d])) == 0;
                if (!ok) bad = i;
            }
            CHECK_MSG(bad < 0, "%s: element %lld", name, (long long)bad);
        }
    const float x[4] = {1, 2, 3, 4};
    tv_op t = tv_op_new(GE_OP_PAD, 1, 1);
    t.in[0] = tv_f32(SHAPE(2, 2), x);
    t.params.pad.before[0] = 1;
    t.params.pad.after[1] = 2;
    t.params.pad.value = 9;
    if (tv_infer_run("pad literal", &t)) {
        const float want[12] = {9, 9, 9, 9, 1, 2, 9, 9, 3, 4, 9, 9};
        tv_check_f32("pad literal", &t.out[0], want, 12, 0);
    }
}

static void test_depth_to_space(test_rng* rng) {
    /* TF's documented example: [1,2,2,4] block 2 -> [1,4,4,1]. */
    float x[16];
    for (int i = 0; i < 16; i++) x[i] = (float)(i + 1);
    tv_op t = tv_op_new(GE_OP_DEPTH_TO_SPACE, 1, 1);
    t.in[0] = tv_f32(SHAPE(1, 2, 2, 4), x);
    t.params.block.block_size = 2;
    if (tv_infer_run("d2s literal", &t)) {
        const float want[16] = {1, 2, 5, 6, 3, 4, 7, 8, 9, 10, 13, 14, 11, 12, 15, 16};
        tv_check_shape("d2s literal", &t.out[0], SHAPE(1, 4, 4, 1));
        tv_check_f32("d2s literal (DCR)", &t.out[0], want, 16, 0);
    }
    /* [1,1,1,12] block 2 -> [1,2,2,3]: each output pixel takes 3 consecutive channels. */
    float y[12];
    for (int i = 0; i < 12; i++) y[i] = (float)(i + 1);
    t = tv_op_new(GE_OP_DEPTH_TO_SPACE, 1, 1);
    t.in[0] = tv_f32(SHAPE(1, 1, 1, 12), y);
    t.params.block.block_size = 2;
    if (tv_infer_run("d2s channels", &t)) {
        tv_check_shape("d2s channels", &t.out[0], SHAPE(1, 2, 2, 3));
        tv_check_f32("d2s channels", &t.out[0], y, 12, 0);
    }
    struct {
        ge_shape s;
        int block;
    } cases[] = {{SHAPE(1, 7, 7, 12), 2}, {SHAPE(2, 3, 5, 18), 3}, {SHAPE(1, 4, 3, 4), 1}, {SHAPE(1, 14, 14, 8), 2}};
    char name[96];
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
        for (size_t d = 0; d < 4; d++) {
            const ge_shape* s = &cases[k].s;
            const int b = cases[k].block, co = s->dim[3] / (b * b);
            snprintf(name, sizeof(name), "d2s %s block %d %s", tv_fmt(s), b, ge_dtype_name(dtypes[d]));
            t = tv_op_new(GE_OP_DEPTH_TO_SPACE, 1, 1);
            t.in[0] = rand_view(rng, dtypes[d], *s);
            t.params.block.block_size = b;
            if (!tv_infer_run(name, &t)) continue;
            const ge_shape want = SHAPE(s->dim[0], s->dim[1] * b, s->dim[2] * b, co);
            tv_check_shape(name, &t.out[0], want);
            int64_t bad = -1;
            for (int64_t i = 0; i < tv_elems(&t.out[0]) && bad < 0; i++) {
                int64_t c[4];
                unravel(i, &want, c);
                int64_t ic[4] = {c[0], c[1] / b, c[2] / b, ((c[1] % b) * b + (c[2] % b)) * co + c[3]};
                if (!same_elem(&t.out[0], i, &t.in[0], ravel(ic, s))) bad = i;
            }
            CHECK_MSG(bad < 0, "%s: element %lld", name, (long long)bad);
        }
    t = tv_op_new(GE_OP_DEPTH_TO_SPACE, 1, 1);
    t.in[0] = tv_f32(SHAPE(1, 1, 1, 12), y);
    t.params.block.block_size = 3;
    CHECK(tv_infer(&t) == GLINT_ERROR_SHAPE_MISMATCH); /* 12 is not a multiple of 9 */
}

static void test_tile(test_rng* rng) {
    const float x[4] = {1, 2, 3, 4};
    tv_op t = tv_op_new(GE_OP_TILE, 1, 1);
    t.in[0] = tv_f32(SHAPE(2, 2), x);
    t.params.tile.multiples[0] = 2;
    t.params.tile.multiples[1] = 3;
    if (tv_infer_run("tile literal", &t)) {
        const float want[24] = {1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4, 1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4};
        tv_check_f32("tile literal", &t.out[0], want, 24, 0);
    }
    struct {
        ge_shape s;
        int m[6];
    } cases[] = {{SHAPE(3), {4}}, {SHAPE(1, 3, 2), {2, 1, 3}}, {SHAPE(2, 1, 3, 1), {1, 4, 1, 2}}, {SHAPE(1, 1), {1, 1}}};
    char name[96];
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
        for (size_t d = 0; d < sizeof(dtypes) / sizeof(dtypes[0]); d++) {
            const ge_shape* s = &cases[k].s;
            snprintf(name, sizeof(name), "tile %s %s", tv_fmt(s), ge_dtype_name(dtypes[d]));
            t = tv_op_new(GE_OP_TILE, 1, 1);
            t.in[0] = rand_view(rng, dtypes[d], *s);
            ge_shape want = *s;
            for (int i = 0; i < s->rank; i++) {
                t.params.tile.multiples[i] = cases[k].m[i];
                want.dim[i] *= cases[k].m[i];
            }
            if (!tv_infer_run(name, &t)) continue;
            tv_check_shape(name, &t.out[0], want);
            int64_t bad = -1;
            for (int64_t i = 0; i < tv_elems(&t.out[0]) && bad < 0; i++) {
                int64_t c[6];
                unravel(i, &want, c);
                for (int a = 0; a < s->rank; a++) c[a] %= s->dim[a];
                if (!same_elem(&t.out[0], i, &t.in[0], ravel(c, s))) bad = i;
            }
            CHECK_MSG(bad < 0, "%s: element %lld", name, (long long)bad);
        }
}

int main(void) {
    test_rng rng = {0x1a1041ull};
    test_reshape();
    test_transpose(&rng);
    test_concat_split(&rng);
    test_pad(&rng);
    test_depth_to_space(&rng);
    test_tile(&rng);
    tv_free_all();
    return test_finish();
}
