/*
 * Elementwise ops: every binary op on f32 and i32 over a table of broadcast shape pairs (up to
 * rank 6, scalars, stretching on both sides), checked against a reference that maps each output
 * index back to its inputs by unravelling coordinates; fused activations; comparisons to BOOL;
 * integer division semantics (truncating DIV, FLOOR_DIV toward -inf, division by zero = 0);
 * unary ops against libm in double; PRELU with broadcast alpha; literal values throughout.
 */
#include "test_ref_util.h"

/* Flat index in `in` of the element that broadcasts to output flat index i. */
static int64_t source_index(const ge_shape* out, const ge_shape* in, int64_t i) {
    int64_t coord[GE_MAX_RANK];
    for (int d = out->rank - 1; d >= 0; d--) {
        coord[d] = i % out->dim[d];
        i /= out->dim[d];
    }
    int64_t idx = 0;
    for (int d = 0; d < in->rank; d++) {
        int od = d + (out->rank - in->rank);
        idx = idx * in->dim[d] + (in->dim[d] == 1 ? 0 : coord[od]);
    }
    return idx;
}

typedef struct shape_pair {
    ge_shape a, b, out;
} shape_pair;

static const ge_op_type binary_ops[] = {GE_OP_ADD,     GE_OP_SUB,     GE_OP_MUL,     GE_OP_DIV,
                                        GE_OP_FLOOR_DIV, GE_OP_SQUARED_DIFFERENCE, GE_OP_MAXIMUM,
                                        GE_OP_MINIMUM, GE_OP_GREATER, GE_OP_LESS,    GE_OP_EQUAL};

static bool is_cmp(ge_op_type t) {
    return t == GE_OP_GREATER || t == GE_OP_LESS || t == GE_OP_EQUAL;
}

static double f32_expected(ge_op_type t, float x, float y) {
    switch (t) {
    case GE_OP_ADD: return (double)x + y;
    case GE_OP_SUB: return (double)x - y;
    case GE_OP_MUL: return (double)x * y;
    case GE_OP_DIV: return (double)x / y;
    case GE_OP_FLOOR_DIV: return floorf(x / y); /* TF: floor of the float quotient */
    case GE_OP_SQUARED_DIFFERENCE: return ((double)x - y) * ((double)x - y);
    case GE_OP_MAXIMUM: return x > y ? x : y;
    case GE_OP_MINIMUM: return x < y ? x : y;
    case GE_OP_GREATER: return x > y;
    case GE_OP_LESS: return x < y;
    case GE_OP_EQUAL: return x == y;
    default: return 0;
    }
}

/* Python semantics for //, written with floor() on exact doubles. */
static int32_t i32_expected(ge_op_type t, int32_t x, int32_t y) {
    switch (t) {
    case GE_OP_ADD: return x + y;
    case GE_OP_SUB: return x - y;
    case GE_OP_MUL: return x * y;
    case GE_OP_DIV: return y == 0 ? 0 : (int32_t)((double)x / y); /* C cast truncates */
    case GE_OP_FLOOR_DIV: return y == 0 ? 0 : (int32_t)floor((double)x / y);
    case GE_OP_SQUARED_DIFFERENCE: return (x - y) * (x - y);
    case GE_OP_MAXIMUM: return x > y ? x : y;
    case GE_OP_MINIMUM: return x < y ? x : y;
    case GE_OP_GREATER: return x > y;
    case GE_OP_LESS: return x < y;
    case GE_OP_EQUAL: return x == y;
    default: return 0;
    }
}

static void test_binary_table(test_rng* rng) {
    const shape_pair pairs[] = {
        {SHAPE(1, 5, 7, 17), SHAPE(1, 5, 7, 17), SHAPE(1, 5, 7, 17)},
        {SHAPE(1, 5, 7, 17), SHAPE(17), SHAPE(1, 5, 7, 17)},
        {SHAPE(1, 1, 7, 1), SHAPE(1, 5, 1, 3), SHAPE(1, 5, 7, 3)},
        {SHAPE(2, 1, 3, 1, 2, 5), SHAPE(3, 4, 1, 5), SHAPE(2, 1, 3, 4, 2, 5)},
        {SHAPE0, SHAPE(2, 3), SHAPE(2, 3)},
        {SHAPE(5, 1), SHAPE(1, 4), SHAPE(5, 4)},
        {SHAPE(3, 1, 5), SHAPE0, SHAPE(3, 1, 5)},
        {SHAPE(1, 48, 48, 1), SHAPE(48, 48, 1), SHAPE(1, 48, 48, 1)},
        {SHAPE(1, 6, 1, 33), SHAPE(1, 1, 4, 33), SHAPE(1, 6, 4, 33)},
    };
    char name[128];
    for (size_t k = 0; k < sizeof(pairs) / sizeof(pairs[0]); k++) {
        const shape_pair* sp = &pairs[k];
        for (size_t o = 0; o < sizeof(binary_ops) / sizeof(binary_ops[0]); o++) {
            const ge_op_type type = binary_ops[o];
            for (int dt = 0; dt < 2; dt++) {
                const bool f32 = dt == 0;
                snprintf(name, sizeof(name), "%s %s %s . %s", ge_op_name(type), f32 ? "f32" : "i32", tv_fmt(&sp->a),
                         tv_fmt(&sp->b));
                tv_op t = tv_op_new(type, 2, 1);
                if (f32) {
                    t.in[0] = tv_rand_f32(rng, sp->a, -4, 4);
                    t.in[1] = tv_rand_f32(rng, sp->b, -4, 4);
                    /* some exact ties so EQUAL / MAXIMUM see equal values */
                    ((float*)t.in[1].data)[0] = ((float*)t.in[0].data)[0];
                } else {
                    t.in[0] = tv_new(GE_DTYPE_I32, sp->a);
                    t.in[1] = tv_new(GE_DTYPE_I32, sp->b);
                    for (int64_t i = 0; i < tv_elems(&t.in[0]); i++)
                        ((int32_t*)t.in[0].data)[i] = test_rng_int(rng, -20, 20);
                    for (int64_t i = 0; i < tv_elems(&t.in[1]); i++)
                        ((int32_t*)t.in[1].data)[i] = test_rng_int(rng, -6, 6);
                }
                if (!tv_infer_run(name, &t)) continue;
                tv_check_shape(name, &t.out[0], sp->out);
                CHECK_MSG(t.out[0].dtype == (is_cmp(type) ? GE_DTYPE_BOOL : (f32 ? GE_DTYPE_F32 : GE_DTYPE_I32)),
                          "%s: output dtype %s", name, ge_dtype_name(t.out[0].dtype));
                const int64_t n = tv_elems(&t.out[0]);
                int64_t bad = -1;
                double got_v = 0, want_v = 0;
                for (int64_t i = 0; i < n && bad < 0; i++) {
                    int64_t ia = source_index(&sp->out, &sp->a, i), ib = source_index(&sp->out, &sp->b, i);
                    if (f32) {
                        want_v = f32_expected(type, ((float*)t.in[0].data)[ia], ((float*)t.in[1].data)[ib]);
                        got_v = is_cmp(type) ? ((uint8_t*)t.out[0].data)[i] : ((float*)t.out[0].data)[i];
                        if (!(fabs(got_v - want_v) <= 1e-6 * fabs(want_v) + 1e-7)) bad = i;
                    } else {
                        want_v = i32_expected(type, ((int32_t*)t.in[0].data)[ia], ((int32_t*)t.in[1].data)[ib]);
                        got_v = is_cmp(type) ? ((uint8_t*)t.out[0].data)[i] : ((int32_t*)t.out[0].data)[i];
                        if (got_v != want_v) bad = i;
                    }
                }
                CHECK_MSG(bad < 0, "%s: element %lld is %.9g, want %.9g", name, (long long)bad, got_v, want_v);
            }
        }
    }
}

static void test_binary_literals(void) {
    /* FLOOR_DIV i32 rounds toward -inf (Python / TF), DIV truncates, x / 0 = 0. */
    const int32_t a[8] = {7, -7, 7, -7, 0, -6, 5, INT32_MIN}, b[8] = {2, 2, -2, -2, 3, 3, 0, -1};
    tv_op t = tv_op_new(GE_OP_FLOOR_DIV, 2, 1);
    t.in[0] = tv_i32(SHAPE(8), a);
    t.in[1] = tv_i32(SHAPE(8), b);
    if (tv_infer_run("floordiv i32", &t)) {
        const int32_t want[8] = {3, -4, -4, 3, 0, -2, 0, INT32_MIN};
        tv_check_i32("floordiv i32", &t.out[0], want, 8);
    }
    t.type = GE_OP_DIV;
    if (tv_infer_run("div i32", &t)) {
        const int32_t want[8] = {3, -3, -3, 3, 0, -2, 0, INT32_MIN};
        tv_check_i32("div i32 truncates", &t.out[0], want, 8);
    }
    /* f32 FLOOR_DIV and fused activations. */
    const float fa[4] = {-7.5f, 7.5f, 1, -1}, fb[4] = {2, 2, 3, 3};
    t = tv_op_new(GE_OP_FLOOR_DIV, 2, 1);
    t.in[0] = tv_f32(SHAPE(4), fa);
    t.in[1] = tv_f32(SHAPE(4), fb);
    if (tv_infer_run("floordiv f32", &t)) {
        const float want[4] = {-4, 3, 0, -1};
        tv_check_f32("floordiv f32", &t.out[0], want, 4, 0);
    }
    const float xa[6] = {-5, -0.5f, 0.5f, 3, 5, 9}, xb = 1;
    t = tv_op_new(GE_OP_ADD, 2, 1);
    t.in[0] = tv_f32(SHAPE(2, 3), xa);
    t.in[1] = tv_f32(SHAPE0, &xb);
    const ge_activation acts[4] = {GE_ACT_RELU, GE_ACT_RELU6, GE_ACT_RELU_N1_TO_1, GE_ACT_NONE};
    const float want_act[4][6] = {{0, 0.5f, 1.5f, 4, 6, 10}, {0, 0.5f, 1.5f, 4, 6, 6}, {-1, 0.5f, 1, 1, 1, 1},
                                  {-4, 0.5f, 1.5f, 4, 6, 10}};
    for (int k = 0; k < 4; k++) {
        t.params.eltwise.act = acts[k];
        if (tv_infer_run("add act", &t)) tv_check_f32("add + fused act", &t.out[0], want_act[k], 6, 0);
    }
    t.params.eltwise.act = GE_ACT_SIGMOID;
    if (tv_infer_run("add sigmoid", &t)) {
        float want[6];
        for (int i = 0; i < 6; i++) want[i] = (float)(1.0 / (1.0 + exp(-(xa[i] + 1.0))));
        tv_check_f32("add + fused sigmoid", &t.out[0], want, 6, 1e-6);
    }
    /* i32 ADD with fused RELU6 clamps. */
    const int32_t ia[4] = {-3, 2, 5, 100}, ib[1] = {1};
    t = tv_op_new(GE_OP_ADD, 2, 1);
    t.in[0] = tv_i32(SHAPE(4), ia);
    t.in[1] = tv_i32(SHAPE(1), ib);
    t.params.eltwise.act = GE_ACT_RELU6;
    if (tv_infer_run("add i32 relu6", &t)) {
        const int32_t want[4] = {0, 3, 6, 6};
        tv_check_i32("add i32 relu6", &t.out[0], want, 4);
    }
    /* Comparisons write bool bytes. */
    const float ca[3] = {1, 2, 3}, cb[3] = {2, 2, 2};
    t = tv_op_new(GE_OP_GREATER, 2, 1);
    t.in[0] = tv_f32(SHAPE(3), ca);
    t.in[1] = tv_f32(SHAPE(3), cb);
    if (tv_infer_run("greater", &t)) {
        const uint8_t want[3] = {0, 0, 1};
        CHECK(t.out[0].dtype == GE_DTYPE_BOOL);
        tv_check_bytes("greater", &t.out[0], want, 3);
    }
}

static void test_unary(test_rng* rng) {
    const ge_op_type ops[] = {GE_OP_RELU, GE_OP_RELU6, GE_OP_LOGISTIC, GE_OP_TANH, GE_OP_EXP,
                              GE_OP_SQRT, GE_OP_RSQRT, GE_OP_NEG,      GE_OP_ABS,  GE_OP_FLOOR};
    for (size_t k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
        const ge_op_type type = ops[k];
        const bool positive = type == GE_OP_SQRT || type == GE_OP_RSQRT;
        tv_op t = tv_op_new(type, 1, 1);
        t.in[0] = tv_rand_f32(rng, SHAPE(3, 7, 5), positive ? 0.01f : -9, 9);
        if (!tv_infer_run(ge_op_name(type), &t)) continue;
        const float* x = t.in[0].data;
        const int64_t n = tv_elems(&t.in[0]);
        double* want = tv_alloc((size_t)n * sizeof(double));
        double* tol = tv_alloc((size_t)n * sizeof(double));
        for (int64_t i = 0; i < n; i++) {
            double v = x[i], w = 0;
            switch (type) {
            case GE_OP_RELU: w = v > 0 ? v : 0; break;
            case GE_OP_RELU6: w = v < 0 ? 0 : (v > 6 ? 6 : v); break;
            case GE_OP_LOGISTIC: w = 1 / (1 + exp(-v)); break;
            case GE_OP_TANH: w = tanh(v); break;
            case GE_OP_EXP: w = exp(v); break;
            case GE_OP_SQRT: w = sqrt(v); break;
            case GE_OP_RSQRT: w = 1 / sqrt(v); break;
            case GE_OP_NEG: w = -v; break;
            case GE_OP_ABS: w = fabs(v); break;
            case GE_OP_FLOOR: w = floor(v); break;
            default: break;
            }
            want[i] = w;
            tol[i] = 2e-7 * fabs(w) + 1e-7;
        }
        tv_check_close(ge_op_name(type), t.out[0].data, want, tol, 0, n);
    }
    /* Literal spot values. */
    const float x[5] = {-2, -0.5f, 0, 0.5f, 7};
    tv_op t = tv_op_new(GE_OP_RELU6, 1, 1);
    t.in[0] = tv_f32(SHAPE(5), x);
    if (tv_infer_run("relu6 literal", &t)) {
        const float want[5] = {0, 0, 0, 0.5f, 6};
        tv_check_f32("relu6 literal", &t.out[0], want, 5, 0);
    }
    t.type = GE_OP_LOGISTIC;
    if (tv_infer_run("logistic literal", &t)) {
        const float want[5] = {0.119202922f, 0.377540669f, 0.5f, 0.622459331f, 0.999088949f};
        tv_check_f32("logistic literal", &t.out[0], want, 5, 1e-7);
    }
    /* i32 NEG / ABS. */
    const int32_t xi[4] = {-3, 0, 4, INT32_MIN};
    t = tv_op_new(GE_OP_ABS, 1, 1);
    t.in[0] = tv_i32(SHAPE(4), xi);
    if (tv_infer_run("abs i32", &t)) {
        const int32_t want[4] = {3, 0, 4, INT32_MIN};
        tv_check_i32("abs i32", &t.out[0], want, 4);
    }
    t.type = GE_OP_NEG;
    if (tv_infer_run("neg i32", &t)) {
        const int32_t want[4] = {3, 0, -4, INT32_MIN};
        tv_check_i32("neg i32", &t.out[0], want, 4);
    }
}

static void test_prelu(test_rng* rng) {
    /* palm detection: x [1,H,W,C], alpha [1,1,C] */
    const ge_shape alphas[3] = {SHAPE(1, 1, 17), SHAPE(17), SHAPE(1, 6, 1, 17)};
    for (int k = 0; k < 3; k++) {
        tv_op t = tv_op_new(GE_OP_PRELU, 2, 1);
        t.in[0] = tv_rand_f32(rng, SHAPE(1, 6, 5, 17), -2, 2);
        t.in[1] = tv_rand_f32(rng, alphas[k], 0, 0.5f);
        if (!tv_infer_run("prelu", &t)) continue;
        const ge_shape out = SHAPE(1, 6, 5, 17);
        tv_check_shape("prelu", &t.out[0], out);
        const int64_t n = tv_elems(&t.out[0]);
        double* want = tv_alloc((size_t)n * sizeof(double));
        for (int64_t i = 0; i < n; i++) {
            double x = ((float*)t.in[0].data)[i];
            double al = ((float*)t.in[1].data)[source_index(&out, &alphas[k], i)];
            want[i] = x >= 0 ? x : x * al;
        }
        tv_check_close("prelu", t.out[0].data, want, NULL, 1e-7, n);
    }
    const float x[4] = {-2, -1, 1, 2}, al[2] = {0.5f, 0.25f};
    tv_op t = tv_op_new(GE_OP_PRELU, 2, 1);
    t.in[0] = tv_f32(SHAPE(2, 2), x);
    t.in[1] = tv_f32(SHAPE(2), al);
    if (tv_infer_run("prelu literal", &t)) {
        const float want[4] = {-1, -0.25f, 1, 2};
        tv_check_f32("prelu literal", &t.out[0], want, 4, 0);
    }
}

/* Combinations without a reference kernel are refused by name, never run. */
static void test_unsupported(void) {
    struct {
        ge_op_type type;
        ge_dtype a, b, y;
        const char* frag;
    } cases[] = {
        {GE_OP_ADD, GE_DTYPE_I64, GE_DTYPE_I64, GE_DTYPE_I64, "i64"},
        {GE_OP_LOGISTIC, GE_DTYPE_I32, GE_DTYPE_UNKNOWN, GE_DTYPE_I32, "LOGISTIC"},
        {GE_OP_MUL, GE_DTYPE_F16, GE_DTYPE_F16, GE_DTYPE_F16, "f16"},
        {GE_OP_PRELU, GE_DTYPE_F32, GE_DTYPE_F16, GE_DTYPE_F32, "PRELU"},
        {GE_OP_ADD, GE_DTYPE_F32, GE_DTYPE_F32, GE_DTYPE_I32, "-> i32"},
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        const int nin = cases[k].b == GE_DTYPE_UNKNOWN ? 1 : 2;
        tv_op t = tv_op_new(cases[k].type, nin, 1);
        t.in[0] = tv_new(cases[k].a, SHAPE(4));
        if (nin == 2) t.in[1] = tv_new(cases[k].b, SHAPE(4));
        t.out[0] = tv_new(cases[k].y, SHAPE(4));
        ge_op op;
        memset(&op, 0, sizeof(op));
        int32_t ins[2] = {0, 1}, outs[1] = {0};
        op.type = t.type, op.name = "odd", op.num_inputs = nin, op.inputs = ins, op.num_outputs = 1, op.outputs = outs;
        CHECK_MSG(!ge_ref_supports(&op, t.in, t.out), "%s: claims support", cases[k].frag);
        glint_result r = tv_run(&t);
        CHECK_MSG(r == GLINT_ERROR_MODEL_UNSUPPORTED, "%s: run gave %d", cases[k].frag, (int)r);
        CHECK_MSG(strstr(t.err.message, cases[k].frag) && strstr(t.err.message, "'op'") &&
                      strstr(t.err.message, ge_op_name(cases[k].type)),
                  "message '%s'", t.err.message);
    }
    /* A conv with f16 weights (not folded by DEQUANTIZE) is not a reference combination either. */
    tv_op t = tv_op_new(GE_OP_CONV2D, 2, 1);
    t.in[0] = tv_new(GE_DTYPE_F32, SHAPE(1, 3, 3, 2));
    t.in[1] = tv_new(GE_DTYPE_F16, SHAPE(4, 1, 1, 2));
    t.out[0] = tv_new(GE_DTYPE_F32, SHAPE(1, 3, 3, 4));
    t.params.conv = (ge_conv_params){.stride_h = 1, .stride_w = 1, .padding = GE_PADDING_VALID};
    CHECK(tv_run(&t) == GLINT_ERROR_MODEL_UNSUPPORTED);
    CHECK(strstr(t.err.message, "CONV2D") && strstr(t.err.message, "f32, f16 -> f32"));
}

int main(void) {
    test_rng rng = {0xe17e1157ull};
    test_binary_table(&rng);
    test_binary_literals();
    test_unary(&rng);
    test_prelu(&rng);
    test_unsupported();
    tv_free_all();
    return test_finish();
}
