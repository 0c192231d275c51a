/*
 * Helpers for the reference-kernel tests (test_ref_*.c): views over test-owned buffers, random
 * fills, closeness checks, and "infer then run": a one-op graph whose inputs are constants is
 * shape-inferred (so every kernel test also exercises ge_graph_infer_shapes and its padding /
 * axis resolution) and then executed through ge_ref_run_op (so dispatch is exercised too).
 */
#ifndef TEST_REF_UTIL_H
#define TEST_REF_UTIL_H

#include <stdarg.h>

#include "engine/ge_graph.h"
#include "engine/ge_kernels.h"
#include "test_util.h"

/* ---- buffers: everything a test allocates is freed by tv_free_all() ---- */

#define TV_MAX_BUFFERS 4096
static void* tv_buffers_[TV_MAX_BUFFERS];
static int tv_num_buffers_ = 0;

static inline void* tv_alloc(size_t bytes) {
    void* p = calloc(bytes ? bytes : 1, 1);
    if (!p || tv_num_buffers_ >= TV_MAX_BUFFERS) {
        fprintf(stderr, "tv_alloc: out of memory or buffers\n");
        exit(2);
    }
    tv_buffers_[tv_num_buffers_++] = p;
    return p;
}

static inline void tv_free_all(void) {
    for (int i = 0; i < tv_num_buffers_; i++) free(tv_buffers_[i]);
    tv_num_buffers_ = 0;
}

/* ---- shapes and views ---- */

static inline ge_shape tv_shape_n(const int32_t* dims, int rank) {
    ge_shape s;
    memset(&s, 0, sizeof(s));
    s.rank = rank;
    for (int i = 0; i < rank; i++) s.dim[i] = dims[i];
    return s;
}
/* SHAPE(1, 5, 5, 3); SHAPE0 is a scalar. */
#define SHAPE(...) tv_shape_n((const int32_t[]){__VA_ARGS__}, (int)(sizeof((int32_t[]){__VA_ARGS__}) / sizeof(int32_t)))
#define SHAPE0 tv_shape_n(NULL, 0)

static inline ge_view tv_view(ge_dtype dtype, ge_shape shape, void* data) {
    ge_view v;
    memset(&v, 0, sizeof(v));
    v.dtype = dtype;
    v.shape = shape;
    v.data = data;
    return v;
}

/* A view with a zeroed buffer of the right size. */
static inline ge_view tv_new(ge_dtype dtype, ge_shape shape) {
    int64_t n = ge_shape_elements(&shape);
    return tv_view(dtype, shape, tv_alloc((size_t)(n > 0 ? n : 1) * ge_dtype_size(dtype)));
}

/* An absent optional input (no bias). */
static inline ge_view tv_absent(void) {
    return tv_view(GE_DTYPE_UNKNOWN, SHAPE0, NULL);
}

static inline ge_view tv_f32(ge_shape shape, const float* values) {
    ge_view v = tv_new(GE_DTYPE_F32, shape);
    if (values) memcpy(v.data, values, (size_t)ge_shape_elements(&shape) * 4);
    return v;
}

static inline ge_view tv_i32(ge_shape shape, const int32_t* values) {
    ge_view v = tv_new(GE_DTYPE_I32, shape);
    if (values) memcpy(v.data, values, (size_t)ge_shape_elements(&shape) * 4);
    return v;
}

static inline ge_view tv_rand_f32(test_rng* rng, ge_shape shape, float lo, float hi) {
    ge_view v = tv_new(GE_DTYPE_F32, shape);
    float* p = v.data;
    for (int64_t i = 0; i < ge_shape_elements(&shape); i++) p[i] = test_rng_float(rng, lo, hi);
    return v;
}

static inline int64_t tv_elems(const ge_view* v) {
    return ge_shape_elements(&v->shape);
}

static inline const char* tv_fmt(const ge_shape* s) {
    static char bufs[4][96];
    static int k = 0;
    char* b = bufs[k++ & 3];
    ge_shape_format(s, b, 96);
    return b;
}

/* ---- comparisons ---- */

/* got[i] within atol[i] (per element; NULL: tol) of want[i]; one CHECK, first mismatch printed. */
static inline void tv_check_close(const char* what, const float* got, const double* want, const double* atol, double tol,
                           int64_t n) {
    int64_t bad = -1, nbad = 0;
    for (int64_t i = 0; i < n; i++) {
        double t = atol ? atol[i] : tol;
        double g = got[i];
        bool ok = fabs(g - want[i]) <= t || (isnan(g) && isnan(want[i])) || (isinf(g) && g == want[i]);
        if (!ok) {
            if (bad < 0) bad = i;
            nbad++;
        }
    }
    CHECK_MSG(nbad == 0, "%s: %lld of %lld elements differ; first at %lld: got %.9g want %.9g (tol %g)", what,
              (long long)nbad, (long long)n, (long long)bad, bad >= 0 ? (double)got[bad] : 0.0,
              bad >= 0 ? want[bad] : 0.0, bad >= 0 ? (atol ? atol[bad] : tol) : 0.0);
}

static inline void tv_check_f32(const char* what, const ge_view* got, const float* want, int64_t n, double tol) {
    CHECK_MSG(tv_elems(got) == n, "%s: %lld elements, want %lld", what, (long long)tv_elems(got), (long long)n);
    if (tv_elems(got) != n) return;
    double* w = tv_alloc((size_t)n * sizeof(double));
    for (int64_t i = 0; i < n; i++) w[i] = want[i];
    tv_check_close(what, got->data, w, NULL, tol, n);
}

static inline void tv_check_bytes(const char* what, const ge_view* got, const void* want, int64_t n) {
    CHECK_MSG(tv_elems(got) == n, "%s: %lld elements, want %lld", what, (long long)tv_elems(got), (long long)n);
    if (tv_elems(got) != n) return;
    size_t es = ge_dtype_size(got->dtype);
    int64_t bad = -1;
    for (int64_t i = 0; i < n && bad < 0; i++)
        if (memcmp((const uint8_t*)got->data + i * es, (const uint8_t*)want + i * es, es) != 0) bad = i;
    CHECK_MSG(bad < 0, "%s: element %lld differs", what, (long long)bad);
}

static inline void tv_check_i32(const char* what, const ge_view* got, const int32_t* want, int64_t n) {
    CHECK_MSG(tv_elems(got) == n, "%s: %lld elements, want %lld", what, (long long)tv_elems(got), (long long)n);
    if (tv_elems(got) != n) return;
    const int32_t* g = got->data;
    int64_t bad = -1;
    for (int64_t i = 0; i < n && bad < 0; i++)
        if (g[i] != want[i]) bad = i;
    CHECK_MSG(bad < 0, "%s: element %lld is %d, want %d", what, (long long)bad, bad >= 0 ? g[bad] : 0,
              bad >= 0 ? want[bad] : 0);
}

static inline void tv_check_shape(const char* what, const ge_view* v, ge_shape want) {
    CHECK_MSG(ge_shape_equal(&v->shape, &want), "%s: shape %s, want %s", what, tv_fmt(&v->shape), tv_fmt(&want));
}

/* ---- infer then run ---- */

typedef struct tv_op {
    ge_op_type type;
    ge_op_params params; /* in: as the importer would set them; out: as shape inference resolved them */
    ge_view in[8];
    int nin;
    ge_view out[GE_MAX_OP_OUTPUTS];
    int nout;
    glint_error err;
} tv_op;

/*
 * Shape-infers the op on a one-op graph (inputs become constants; output dtypes/shapes preset in
 * t->out are passed as the file would). Returns the glint_result; on success t->out[] get their
 * shapes and dtypes and fresh zeroed buffers, and t->params the resolved parameters.
 */
static inline glint_result tv_infer(tv_op* t) {
    gu_allocator alloc;
    gu_allocator_init(&alloc, NULL);
    ge_graph g;
    ge_graph_init(&g, &alloc);
    int32_t ins[8], outs[GE_MAX_OP_OUTPUTS];
    glint_result r = GLINT_SUCCESS;
    memset(&t->err, 0, sizeof(t->err));
    for (int i = 0; i < t->nin && r >= 0; i++) {
        char name[16];
        snprintf(name, sizeof(name), "in%d", i);
        if (!t->in[i].data) {
            ins[i] = -1;
            continue;
        }
        int64_t n = tv_elems(&t->in[i]);
        r = ins[i] = ge_graph_add_const(&g, name, t->in[i].dtype, &t->in[i].shape, t->in[i].data,
                                        (size_t)n * ge_dtype_size(t->in[i].dtype), &t->err);
        if (r >= 0 && t->in[i].quant) g.tensors[ins[i]].quant = t->in[i].quant;
    }
    for (int i = 0; i < t->nout && r >= 0; i++) {
        char name[16];
        snprintf(name, sizeof(name), "out%d", i);
        r = outs[i] = ge_graph_add_tensor(&g, name, t->out[i].dtype, &t->out[i].shape, &t->err);
        if (r >= 0 && t->out[i].quant) g.tensors[outs[i]].quant = t->out[i].quant;
    }
    if (r >= 0) r = ge_graph_add_op(&g, t->type, "op", ins, t->nin, outs, t->nout, &t->params, &t->err);
    if (r >= 0) r = ge_graph_infer_shapes(&g, &t->err);
    if (r >= 0) {
        t->params = g.ops[0].params;
        /* arena-owned arrays (resolved split sizes) die with the graph: keep a copy */
        if ((t->type == GE_OP_SPLIT) && t->params.axis.split_sizes) {
            int32_t* s = tv_alloc((size_t)t->nout * sizeof(int32_t));
            memcpy(s, t->params.axis.split_sizes, (size_t)t->nout * sizeof(int32_t));
            t->params.axis.split_sizes = s;
        }
        for (int i = 0; i < t->nout; i++) {
            const ge_quant* q = t->out[i].quant;
            t->out[i] = tv_new(g.tensors[outs[i]].dtype, g.tensors[outs[i]].shape);
            t->out[i].quant = q;
        }
    }
    ge_graph_free(&g);
    CHECK_MSG(alloc.live_allocations == 0, "graph leaked %zu allocations", alloc.live_allocations);
    return r < 0 ? r : GLINT_SUCCESS;
}

/* Runs the op through ge_ref_run_op with the current views. */
static inline glint_result tv_run(tv_op* t) {
    ge_op op;
    memset(&op, 0, sizeof(op));
    int32_t ins[8], outs[GE_MAX_OP_OUTPUTS];
    for (int i = 0; i < t->nin; i++) ins[i] = t->in[i].data ? i : -1;
    for (int i = 0; i < t->nout; i++) outs[i] = i;
    op.type = t->type;
    op.name = "op";
    op.num_inputs = t->nin;
    op.inputs = ins;
    op.num_outputs = t->nout;
    op.outputs = outs;
    op.params = t->params;
    memset(&t->err, 0, sizeof(t->err));
    return ge_ref_run_op(&op, t->in, t->out, &t->err);
}

/* Both, with CHECKs; true when the op ran. */
static inline bool tv_infer_run(const char* what, tv_op* t) {
    glint_result r = tv_infer(t);
    CHECK_MSG(r == GLINT_SUCCESS, "%s: shape inference failed: %s", what, t->err.message);
    if (r != GLINT_SUCCESS) return false;
    r = tv_run(t);
    CHECK_MSG(r == GLINT_SUCCESS, "%s: kernel failed: %s", what, t->err.message);
    return r == GLINT_SUCCESS;
}

static inline tv_op tv_op_new(ge_op_type type, int nin, int nout) {
    tv_op t;
    memset(&t, 0, sizeof(t));
    t.type = type;
    t.nin = nin;
    t.nout = nout;
    return t;
}

#endif /* TEST_REF_UTIL_H */
