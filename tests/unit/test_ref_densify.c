/*
 * DENSIFY: hand-built CSR descriptions (row CSR, column-major traversal, a sparse outer level,
 * pose_detection's [Cout,1,1,Cin] layout) in f32, f16 and i8, random sparse weights rebuilt
 * exactly, and hostile descriptions (indices, segments and counts out of range) rejected by
 * both shape inference and the kernel itself without touching memory out of bounds.
 */
#include "test_ref_util.h"
#include "util/gu_fp16.h"

/* The 3x4 matrix used throughout:  [0 5 0 7; 0 0 0 0; 1 0 2 0]. */
static const float dense34[12] = {0, 5, 0, 7, 0, 0, 0, 0, 1, 0, 2, 0};

static ge_densify_params csr_rows(const int32_t* seg, int nseg, const int32_t* idx, int nidx) {
    ge_densify_params p;
    memset(&p, 0, sizeof(p));
    p.num_dims = 2;
    p.traversal_order[0] = 0, p.traversal_order[1] = 1;
    p.dim_format[0] = 0, p.dense_size[0] = 3;
    p.dim_format[1] = 1;
    p.segments[1] = seg, p.num_segments[1] = nseg;
    p.indices[1] = idx, p.num_indices[1] = nidx;
    return p;
}

/* Values as dtype dt from floats. */
static ge_view values_view(ge_dtype dt, const float* v, int n) {
    ge_view x = tv_new(dt, SHAPE(n));
    for (int i = 0; i < n; i++) {
        if (dt == GE_DTYPE_F32) ((float*)x.data)[i] = v[i];
        if (dt == GE_DTYPE_F16) ((uint16_t*)x.data)[i] = gu_f32_to_f16(v[i]);
        if (dt == GE_DTYPE_I8) ((int8_t*)x.data)[i] = (int8_t)v[i];
    }
    return x;
}

static void check_dense(const char* what, const ge_view* y, const float* want, int n) {
    CHECK_MSG(tv_elems(y) == n, "%s: %lld elements", what, (long long)tv_elems(y));
    int bad = -1;
    for (int i = 0; i < n && bad < 0; i++) {
        float g = y->dtype == GE_DTYPE_F32   ? ((float*)y->data)[i]
                  : y->dtype == GE_DTYPE_F16 ? gu_f16_to_f32(((uint16_t*)y->data)[i])
                                             : (float)((int8_t*)y->data)[i];
        if (g != want[i]) bad = i;
    }
    CHECK_MSG(bad < 0, "%s: element %d", what, bad);
}

static tv_op densify_op(ge_view values, const ge_densify_params* p, ge_shape dense) {
    tv_op t = tv_op_new(GE_OP_DENSIFY, 1, 1);
    t.in[0] = values;
    t.params.densify = *p;
    t.out[0].shape = dense; /* the file stores the dense shape on DENSIFY's output */
    return t;
}

static void test_literals(void) {
    static const int32_t seg[4] = {0, 2, 2, 4}, idx[4] = {1, 3, 0, 2};
    const float vals[4] = {5, 7, 1, 2};
    const ge_dtype dts[3] = {GE_DTYPE_F32, GE_DTYPE_F16, GE_DTYPE_I8};
    char name[64];
    for (int d = 0; d < 3; d++) {
        snprintf(name, sizeof(name), "densify rows %s", ge_dtype_name(dts[d]));
        ge_densify_params p = csr_rows(seg, 4, idx, 4);
        tv_op t = densify_op(values_view(dts[d], vals, 4), &p, SHAPE(3, 4));
        if (!tv_infer_run(name, &t)) continue;
        CHECK(t.out[0].dtype == dts[d]);
        check_dense(name, &t.out[0], dense34, 12);
    }
    /* Column-major traversal (CSC): level 0 dense over columns, level 1 CSR over rows. */
    static const int32_t cseg[5] = {0, 1, 2, 3, 4}, cidx[4] = {2, 0, 2, 0};
    const float cvals[4] = {1, 5, 2, 7};
    ge_densify_params p;
    memset(&p, 0, sizeof(p));
    p.num_dims = 2;
    p.traversal_order[0] = 1, p.traversal_order[1] = 0;
    p.dim_format[0] = 0, p.dense_size[0] = 4;
    p.dim_format[1] = 1, p.segments[1] = cseg, p.num_segments[1] = 5, p.indices[1] = cidx, p.num_indices[1] = 4;
    tv_op t = densify_op(values_view(GE_DTYPE_F32, cvals, 4), &p, SHAPE(3, 4));
    if (tv_infer_run("densify column-major", &t)) check_dense("densify column-major", &t.out[0], dense34, 12);
    /* Sparse outer level: rows 0 and 2 stored whole. */
    static const int32_t oseg[2] = {0, 2}, oidx[2] = {0, 2};
    const float ovals[8] = {0, 5, 0, 7, 1, 0, 2, 0};
    memset(&p, 0, sizeof(p));
    p.num_dims = 2;
    p.traversal_order[0] = 0, p.traversal_order[1] = 1;
    p.dim_format[0] = 1, p.segments[0] = oseg, p.num_segments[0] = 2, p.indices[0] = oidx, p.num_indices[0] = 2;
    p.dim_format[1] = 0, p.dense_size[1] = 4;
    t = densify_op(values_view(GE_DTYPE_F32, ovals, 8), &p, SHAPE(3, 4));
    if (tv_infer_run("densify sparse outer", &t)) check_dense("densify sparse outer", &t.out[0], dense34, 12);
    /* With no stored output shape, dense sizes come from dense_size (all levels dense). */
    static const float all[6] = {1, 2, 3, 4, 5, 6};
    memset(&p, 0, sizeof(p));
    p.num_dims = 2;
    p.traversal_order[0] = 1, p.traversal_order[1] = 0;
    p.dense_size[0] = 3, p.dense_size[1] = 2;
    t = densify_op(values_view(GE_DTYPE_F32, all, 6), &p, SHAPE0);
    if (tv_infer_run("densify all dense, transposed traversal", &t)) {
        const float want[6] = {1, 3, 5, 2, 4, 6};
        tv_check_shape("densify shape from dense_size", &t.out[0], SHAPE(2, 3));
        check_dense("densify all dense, transposed traversal", &t.out[0], want, 6);
    }
}

/* pose_detection: [Cout,1,1,Cin], traversal 0..3, only the last level CSR; ~25% stored. */
static void test_random_pose_layout(test_rng* rng) {
    for (int iter = 0; iter < 4; iter++) {
        const int co = test_rng_int(rng, 1, 40), ci = test_rng_int(rng, 1, 70);
        float* dense = tv_alloc((size_t)co * ci * sizeof(float));
        int32_t* seg = tv_alloc((size_t)(co + 1) * sizeof(int32_t));
        int32_t* idx = tv_alloc((size_t)co * ci * sizeof(int32_t));
        float* vals = tv_alloc((size_t)co * ci * sizeof(float));
        int nnz = 0;
        for (int o = 0; o < co; o++) {
            seg[o] = nnz;
            for (int i = 0; i < ci; i++)
                if (test_rng_int(rng, 0, 3) == 0) {
                    float v = test_rng_float(rng, -1, 1);
                    dense[o * ci + i] = v;
                    idx[nnz] = i;
                    vals[nnz++] = v;
                }
        }
        seg[co] = nnz;
        if (nnz == 0) continue; /* an all-zero tensor stores no values: nothing to densify */
        ge_densify_params p;
        memset(&p, 0, sizeof(p));
        p.num_dims = 4;
        for (int l = 0; l < 4; l++) p.traversal_order[l] = l;
        p.dense_size[0] = co, p.dense_size[1] = 1, p.dense_size[2] = 1;
        p.dim_format[3] = 1;
        p.segments[3] = seg, p.num_segments[3] = co + 1, p.indices[3] = idx, p.num_indices[3] = nnz;
        tv_op t = densify_op(values_view(GE_DTYPE_F32, vals, nnz), &p, SHAPE(co, 1, 1, ci));
        if (tv_infer_run("densify pose layout", &t)) check_dense("densify pose layout", &t.out[0], dense, co * ci);
    }
}

/* Each bad description must fail shape inference and, run directly, the kernel. */
static void expect_rejected(const char* what, const ge_densify_params* p, int num_values, glint_result code) {
    static const float vals[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    tv_op t = densify_op(values_view(GE_DTYPE_F32, vals, num_values), p, SHAPE(3, 4));
    glint_result r = tv_infer(&t);
    CHECK_MSG(r == code, "%s: shape inference gave %d (%s)", what, (int)r, t.err.message);
    CHECK_MSG(strstr(t.err.message, "DENSIFY") != NULL, "%s: message '%s'", what, t.err.message);
    t.out[0] = tv_new(GE_DTYPE_F32, SHAPE(3, 4));
    r = tv_run(&t);
    CHECK_MSG(r < 0, "%s: the kernel accepted it", what);
}

static void test_hostile(void) {
    static const int32_t seg[4] = {0, 2, 2, 4}, idx_ok[4] = {1, 3, 0, 2};
    static const int32_t idx_big[4] = {1, 4, 0, 2}, idx_neg[4] = {1, -1, 0, 2};
    static const int32_t seg_down[4] = {0, 2, 1, 4}, seg_past[4] = {0, 2, 2, 9}, seg_start[4] = {1, 2, 2, 4};
    ge_densify_params p;
    p = csr_rows(seg, 4, idx_big, 4);
    expect_rejected("index past its dimension", &p, 4, GLINT_ERROR_MODEL_FORMAT);
    p = csr_rows(seg, 4, idx_neg, 4);
    expect_rejected("negative index", &p, 4, GLINT_ERROR_MODEL_FORMAT);
    p = csr_rows(seg_down, 4, idx_ok, 4);
    expect_rejected("decreasing segments", &p, 4, GLINT_ERROR_MODEL_FORMAT);
    p = csr_rows(seg_past, 4, idx_ok, 4);
    expect_rejected("segments past the index array", &p, 4, GLINT_ERROR_MODEL_FORMAT);
    p = csr_rows(seg_start, 4, idx_ok, 4);
    expect_rejected("segments not starting at 0", &p, 4, GLINT_ERROR_MODEL_FORMAT);
    p = csr_rows(seg, 3, idx_ok, 4);
    expect_rejected("too few segments", &p, 4, GLINT_ERROR_MODEL_FORMAT);
    p = csr_rows(NULL, 4, idx_ok, 4);
    expect_rejected("no segment array", &p, 4, GLINT_ERROR_MODEL_FORMAT);
    p = csr_rows(seg, 4, NULL, 4);
    expect_rejected("no index array", &p, 4, GLINT_ERROR_MODEL_FORMAT);
    p = csr_rows(seg, 4, idx_ok, 4);
    expect_rejected("fewer stored values than the walk visits", &p, 3, GLINT_ERROR_MODEL_FORMAT);
    expect_rejected("more stored values than the walk visits", &p, 5, GLINT_ERROR_MODEL_FORMAT);
    p = csr_rows(seg, 4, idx_ok, 4);
    p.traversal_order[1] = 0;
    expect_rejected("traversal order not a permutation", &p, 4, GLINT_ERROR_MODEL_FORMAT);
    p = csr_rows(seg, 4, idx_ok, 4);
    p.dense_size[0] = 2;
    expect_rejected("dense size disagrees with the shape", &p, 4, GLINT_ERROR_MODEL_FORMAT);
    p = csr_rows(seg, 4, idx_ok, 4);
    p.dim_format[1] = 7;
    expect_rejected("unknown dim format", &p, 4, GLINT_ERROR_MODEL_FORMAT);
    p = csr_rows(seg, 4, idx_ok, 4);
    p.num_dims = 3;
    expect_rejected("block sparsity", &p, 4, GLINT_ERROR_MODEL_UNSUPPORTED);
    p = csr_rows(seg, 4, idx_ok, 4);
    p.num_dims = -5;
    expect_rejected("negative num_dims", &p, 4, GLINT_ERROR_MODEL_FORMAT);
}

int main(void) {
    test_rng rng = {0xde5eull};
    test_literals();
    test_random_pose_layout(&rng);
    test_hostile();
    tv_free_all();
    return test_finish();
}
