/*
 * Shape inference (ge_graph_infer_shapes) and the shape/dtype helpers: TF SAME padding for odd
 * sizes and strides, VALID and explicit pads, every kind of mismatch rejected with a message
 * that names the op and both shapes, the GE_MAX_* limits enforced on huge dims without
 * arithmetic overflow, unknown inputs refused, and results written back (pads, axes, -1 dims).
 */
#include <limits.h>

#include "engine/ge_graph.h"
#include "engine/ge_shape.h"
#include "test_util.h"

/* ---- a tiny graph builder over the real graph API ---- */

typedef struct tg {
    gu_allocator alloc;
    ge_graph g;
    glint_error err;
} tg;

static void tg_init(tg* t) {
    gu_allocator_init(&t->alloc, NULL);
    ge_graph_init(&t->g, &t->alloc);
    memset(&t->err, 0, sizeof(t->err));
}

static void tg_free(tg* t) {
    ge_graph_free(&t->g);
    CHECK_MSG(t->alloc.live_allocations == 0, "leaked %zu allocations", t->alloc.live_allocations);
}

static ge_shape shp(int rank, const int32_t* d) {
    ge_shape s;
    memset(&s, 0, sizeof(s));
    s.rank = rank;
    for (int i = 0; i < rank; i++) s.dim[i] = d[i];
    return s;
}
#define S(...) shp((int)(sizeof((int32_t[]){__VA_ARGS__}) / sizeof(int32_t)), (const int32_t[]){__VA_ARGS__})
#define S0 shp(0, NULL)

/* An activation tensor (dtype may be UNKNOWN, shape may be unknown = rank 0). */
static int32_t tg_tensor(tg* t, const char* name, ge_dtype dt, ge_shape s) {
    return ge_graph_add_tensor(&t->g, name, dt, &s, &t->err);
}

/* A zero-filled constant. */
static int32_t tg_const(tg* t, const char* name, ge_dtype dt, ge_shape s) {
    void* p = NULL;
    return ge_graph_add_const_uninit(&t->g, name, dt, &s, &p, &t->err);
}

static int32_t tg_op(tg* t, ge_op_type type, const char* name, const int32_t* in, int nin, const int32_t* out,
                     int nout, const ge_op_params* p) {
    return ge_graph_add_op(&t->g, type, name, in, nin, out, nout, p, &t->err);
}

static glint_result tg_infer(tg* t) {
    memset(&t->err, 0, sizeof(t->err));
    return ge_graph_infer_shapes(&t->g, &t->err);
}

static bool has(const glint_error* e, const char* s) {
    return strstr(e->message, s) != NULL;
}

#define CHECK_SHAPE(tensor_shape, ...)                                                               \
    do {                                                                                             \
        ge_shape want_ = S(__VA_ARGS__);                                                             \
        char a_[96], b_[96];                                                                         \
        ge_shape_format(&(tensor_shape), a_, sizeof(a_));                                            \
        ge_shape_format(&want_, b_, sizeof(b_));                                                     \
        CHECK_MSG(ge_shape_equal(&(tensor_shape), &want_), "shape %s, want %s", a_, b_);             \
    } while (0)

/* ---- helpers declared in ge_graph.h ---- */

static void test_helpers(void) {
    CHECK(ge_dtype_size(GE_DTYPE_F32) == 4 && ge_dtype_size(GE_DTYPE_F16) == 2 && ge_dtype_size(GE_DTYPE_I64) == 8);
    CHECK(ge_dtype_size(GE_DTYPE_BOOL) == 1 && ge_dtype_size(GE_DTYPE_UNKNOWN) == 0);
    CHECK(ge_dtype_size((ge_dtype)99) == 0);
    CHECK(strcmp(ge_dtype_name(GE_DTYPE_I8), "i8") == 0 && strcmp(ge_dtype_name((ge_dtype)99), "invalid") == 0);
    for (int t = GE_OP_NONE + 1; t < GE_OP_COUNT; t++)
        CHECK_MSG(strcmp(ge_op_name((ge_op_type)t), "INVALID_OP") != 0, "op %d has no name", t);
    CHECK(strcmp(ge_op_name(GE_OP_DEPTHWISE_CONV2D), "DEPTHWISE_CONV2D") == 0);
    CHECK(strcmp(ge_op_name((ge_op_type)-3), "INVALID_OP") == 0);

    char buf[64];
    ge_shape s = S(1, 224, 224, 3);
    ge_shape_format(&s, buf, sizeof(buf));
    CHECK(strcmp(buf, "1x224x224x3") == 0);
    ge_shape_format(&(ge_shape){0}, buf, sizeof(buf));
    CHECK(strcmp(buf, "scalar") == 0);
    ge_shape_format(&s, buf, 6); /* truncates safely */
    CHECK(strlen(buf) == 5);
    CHECK(ge_shape_elements(&s) == 150528);
    CHECK(ge_shape_elements(&(ge_shape){0}) == 1);
    ge_shape unk = S(1, -1, 3);
    CHECK(ge_shape_elements(&unk) == -1);
    ge_shape huge = S(1000000, 1000000, 1000000, 1000000, 1000000, 1000000);
    CHECK(ge_shape_elements(&huge) == INT64_MAX); /* saturates, never wraps */
    ge_shape a = S(2, 3), b = S(2, 3), c = S(3, 2);
    CHECK(ge_shape_equal(&a, &b) && !ge_shape_equal(&a, &c));

    ge_shape o;
    ge_shape x1 = S(5, 1, 3), x2 = S(4, 1);
    CHECK(ge_broadcast_shape(&x1, &x2, &o) && ge_shape_equal(&o, &(ge_shape){3, {5, 4, 3}}));
    ge_shape x3 = S(2, 3), x4 = S(4);
    CHECK(!ge_broadcast_shape(&x3, &x4, &o));
    int32_t ax;
    CHECK(ge_axis_normalize(-1, 4, &ax) && ax == 3);
    CHECK(!ge_axis_normalize(4, 4, &ax) && !ge_axis_normalize(-5, 4, &ax));
}

/* ---- padding ---- */

static void test_padding_rules(void) {
    struct {
        int in, k, s, d;
        ge_padding mode;
        int pb, pa;       /* explicit pads in */
        int out, top, bottom;
        bool ok;
    } cases[] = {
        {224, 3, 2, 1, GE_PADDING_SAME, 0, 0, 112, 0, 1, true},
        {7, 3, 2, 1, GE_PADDING_SAME, 0, 0, 4, 1, 1, true},
        {9, 5, 2, 1, GE_PADDING_SAME, 0, 0, 5, 2, 2, true},
        {8, 5, 2, 1, GE_PADDING_SAME, 0, 0, 4, 1, 2, true},
        {5, 1, 2, 1, GE_PADDING_SAME, 0, 0, 3, 0, 0, true},
        {10, 3, 1, 2, GE_PADDING_SAME, 0, 0, 10, 2, 2, true},
        {2, 5, 1, 1, GE_PADDING_SAME, 0, 0, 2, 2, 2, true},
        {1, 3, 3, 1, GE_PADDING_SAME, 0, 0, 1, 1, 1, true},
        {13, 2, 2, 1, GE_PADDING_SAME, 0, 0, 7, 0, 1, true},
        {7, 3, 2, 1, GE_PADDING_VALID, 0, 0, 3, 0, 0, true},
        {5, 3, 1, 2, GE_PADDING_VALID, 0, 0, 1, 0, 0, true},
        {2, 3, 1, 1, GE_PADDING_VALID, 0, 0, 0, 0, 0, false},
        {8, 3, 2, 1, GE_PADDING_EXPLICIT, 0, 1, 4, 0, 1, true},
        {2, 5, 1, 1, GE_PADDING_EXPLICIT, 1, 1, 0, 0, 0, false},
        {4, 3, 1, 1, GE_PADDING_EXPLICIT, -1, 1, 0, 0, 0, false},
        {4, 3, 0, 1, GE_PADDING_SAME, 0, 0, 0, 0, 0, false},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int64_t out;
        int32_t top, bottom;
        bool ok = ge_conv_axis(cases[i].in, cases[i].k, cases[i].s, cases[i].d, cases[i].mode, cases[i].pb,
                               cases[i].pa, &out, &top, &bottom);
        CHECK_MSG(ok == cases[i].ok, "case %zu: ok %d", i, (int)ok);
        if (ok && cases[i].ok)
            CHECK_MSG(out == cases[i].out && top == cases[i].top && bottom == cases[i].bottom,
                      "case %zu (in %d k %d s %d d %d): out %lld pads %d/%d, want %d %d/%d", i, cases[i].in,
                      cases[i].k, cases[i].s, cases[i].d, (long long)out, top, bottom, cases[i].out, cases[i].top,
                      cases[i].bottom);
    }
}

/* The hand landmark stem: 224x224x3, conv 3x3/2 SAME -> 112x112x24, pads written back. */
static void test_conv_graph(void) {
    tg t;
    tg_init(&t);
    int32_t x = tg_tensor(&t, "input_1", GE_DTYPE_F32, S(1, 224, 224, 3));
    int32_t w = tg_const(&t, "w", GE_DTYPE_F32, S(24, 3, 3, 3));
    int32_t b = tg_const(&t, "b", GE_DTYPE_F32, S(24));
    int32_t y = tg_tensor(&t, "conv", GE_DTYPE_UNKNOWN, S0);
    int32_t dww = tg_const(&t, "dw_w", GE_DTYPE_F32, S(1, 5, 5, 48));
    int32_t z = tg_tensor(&t, "dw", GE_DTYPE_UNKNOWN, S0);
    int32_t p = tg_tensor(&t, "pool", GE_DTYPE_F32, S(1, 56, 56, 48)); /* stored in the file: must agree */
    ge_op_params cp = {.conv = {.stride_h = 2, .stride_w = 2, .padding = GE_PADDING_SAME, .act = GE_ACT_RELU6}};
    ge_op_params dp = {.conv = {.stride_h = 1, .stride_w = 1, .dilation_h = 2, .dilation_w = 2,
                                .padding = GE_PADDING_SAME}};
    ge_op_params pp = {.conv = {.stride_h = 2, .stride_w = 2, .filter_h = 2, .filter_w = 2,
                                .padding = GE_PADDING_VALID}};
    tg_op(&t, GE_OP_CONV2D, "stem", (int32_t[]){x, w, b}, 3, &y, 1, &cp);
    tg_op(&t, GE_OP_DEPTHWISE_CONV2D, "dw", (int32_t[]){y, dww, -1}, 3, &z, 1, &dp);
    tg_op(&t, GE_OP_MAX_POOL2D, "pool", &z, 1, &p, 1, &pp);
    CHECK_MSG(tg_infer(&t) == GLINT_SUCCESS, "%s", t.err.message);
    CHECK_SHAPE(t.g.tensors[y].shape, 1, 112, 112, 24);
    CHECK(t.g.tensors[y].dtype == GE_DTYPE_F32);
    const ge_conv_params* r = &t.g.ops[0].params.conv;
    CHECK(r->pad_top == 0 && r->pad_left == 0 && r->pad_bottom == 1 && r->pad_right == 1);
    CHECK(r->padding == GE_PADDING_SAME && r->dilation_h == 1); /* mode kept, dilation 0 -> 1 */
    CHECK_SHAPE(t.g.tensors[z].shape, 1, 112, 112, 48);
    const ge_conv_params* d = &t.g.ops[1].params.conv;
    CHECK(d->depth_multiplier == 2 && d->pad_top == 4 && d->pad_bottom == 4);
    CHECK_SHAPE(t.g.tensors[p].shape, 1, 56, 56, 48);
    /* Running it twice is harmless (stored shapes now agree). */
    CHECK(tg_infer(&t) == GLINT_SUCCESS);
    tg_free(&t);
}

/* ---- rejections ---- */

typedef glint_result (*graph_fn)(tg* t);

/* Builds a one-op graph with builder fn, infers, and checks the code and message fragments. */
static void expect_error(const char* what, graph_fn fn, glint_result code, const char* frag1, const char* frag2) {
    tg t;
    tg_init(&t);
    glint_result r = fn(&t);
    CHECK_MSG(r >= 0, "%s: building failed: %s", what, t.err.message);
    if (r >= 0) {
        r = tg_infer(&t);
        CHECK_MSG(r == code, "%s: got %d (%s), want %d", what, (int)r, t.err.message, (int)code);
        CHECK_MSG(t.err.code == code, "%s: err.code %d", what, (int)t.err.code);
        CHECK_MSG(has(&t.err, "shape inference: op "), "%s: message '%s' does not name the op", what, t.err.message);
        if (frag1) CHECK_MSG(has(&t.err, frag1), "%s: message '%s' lacks '%s'", what, t.err.message, frag1);
        if (frag2) CHECK_MSG(has(&t.err, frag2), "%s: message '%s' lacks '%s'", what, t.err.message, frag2);
    }
    tg_free(&t);
}

static glint_result g_conv_channels(tg* t) {
    int32_t x = tg_tensor(t, "x", GE_DTYPE_F32, S(1, 8, 8, 3));
    int32_t w = tg_const(t, "w", GE_DTYPE_F32, S(8, 3, 3, 4));
    int32_t y = tg_tensor(t, "y", GE_DTYPE_UNKNOWN, S0);
    ge_op_params p = {.conv = {.stride_h = 1, .stride_w = 1, .padding = GE_PADDING_SAME}};
    return tg_op(t, GE_OP_CONV2D, "conv_7", (int32_t[]){x, w}, 2, &y, 1, &p);
}
static glint_result g_conv_stored_shape(tg* t) {
    int32_t x = tg_tensor(t, "x", GE_DTYPE_F32, S(1, 7, 7, 3));
    int32_t w = tg_const(t, "w", GE_DTYPE_F32, S(8, 3, 3, 3));
    int32_t y = tg_tensor(t, "y", GE_DTYPE_F32, S(1, 5, 5, 8));
    ge_op_params p = {.conv = {.stride_h = 2, .stride_w = 2, .padding = GE_PADDING_SAME}};
    return tg_op(t, GE_OP_CONV2D, "conv_9", (int32_t[]){x, w}, 2, &y, 1, &p);
}
static glint_result g_conv_dtype(tg* t) {
    int32_t x = tg_tensor(t, "x", GE_DTYPE_F32, S(1, 4, 4, 3));
    int32_t w = tg_const(t, "w", GE_DTYPE_F32, S(8, 1, 1, 3));
    int32_t y = tg_tensor(t, "y", GE_DTYPE_I32, S0);
    ge_op_params p = {.conv = {.stride_h = 1, .stride_w = 1, .padding = GE_PADDING_VALID}};
    return tg_op(t, GE_OP_CONV2D, "c", (int32_t[]){x, w}, 2, &y, 1, &p);
}
static glint_result g_conv_bias(tg* t) {
    int32_t x = tg_tensor(t, "x", GE_DTYPE_F32, S(1, 4, 4, 3));
    int32_t w = tg_const(t, "w", GE_DTYPE_F32, S(8, 1, 1, 3));
    int32_t b = tg_const(t, "b", GE_DTYPE_F32, S(7));
    int32_t y = tg_tensor(t, "y", GE_DTYPE_UNKNOWN, S0);
    ge_op_params p = {.conv = {.stride_h = 1, .stride_w = 1, .padding = GE_PADDING_VALID}};
    return tg_op(t, GE_OP_CONV2D, "c", (int32_t[]){x, w, b}, 3, &y, 1, &p);
}
static glint_result g_conv_stride0(tg* t) {
    int32_t x = tg_tensor(t, "x", GE_DTYPE_F32, S(1, 4, 4, 3));
    int32_t w = tg_const(t, "w", GE_DTYPE_F32, S(8, 1, 1, 3));
    int32_t y = tg_tensor(t, "y", GE_DTYPE_UNKNOWN, S0);
    ge_op_params p = {.conv = {.stride_h = 0, .stride_w = 1, .padding = GE_PADDING_VALID}};
    return tg_op(t, GE_OP_CONV2D, "c", (int32_t[]){x, w}, 2, &y, 1, &p);
}
static glint_result g_conv_small(tg* t) {
    int32_t x = tg_tensor(t, "x", GE_DTYPE_F32, S(1, 2, 2, 3));
    int32_t w = tg_const(t, "w", GE_DTYPE_F32, S(8, 3, 3, 3));
    int32_t y = tg_tensor(t, "y", GE_DTYPE_UNKNOWN, S0);
    ge_op_params p = {.conv = {.stride_h = 1, .stride_w = 1, .padding = GE_PADDING_VALID}};
    return tg_op(t, GE_OP_CONV2D, "c", (int32_t[]){x, w}, 2, &y, 1, &p);
}
static glint_result g_dw_multiplier(tg* t) {
    int32_t x = tg_tensor(t, "x", GE_DTYPE_F32, S(1, 4, 4, 3));
    int32_t w = tg_const(t, "w", GE_DTYPE_F32, S(1, 3, 3, 6));
    int32_t y = tg_tensor(t, "y", GE_DTYPE_UNKNOWN, S0);
    ge_op_params p = {.conv = {.stride_h = 1, .stride_w = 1, .padding = GE_PADDING_SAME, .depth_multiplier = 3}};
    return tg_op(t, GE_OP_DEPTHWISE_CONV2D, "dw", (int32_t[]){x, w}, 2, &y, 1, &p);
}
static glint_result g_conv_one_input(tg* t) {
    int32_t x = tg_tensor(t, "x", GE_DTYPE_F32, S(1, 4, 4, 3));
    int32_t y = tg_tensor(t, "y", GE_DTYPE_UNKNOWN, S0);
    ge_op_params p = {.conv = {.stride_h = 1, .stride_w = 1}};
    return tg_op(t, GE_OP_CONV2D, "c", &x, 1, &y, 1, &p);
}
static glint_result g_add_broadcast(tg* t) {
    int32_t a = tg_tensor(t, "a", GE_DTYPE_F32, S(2, 3));
    int32_t b = tg_tensor(t, "b", GE_DTYPE_F32, S(4));
    int32_t y = tg_tensor(t, "y", GE_DTYPE_UNKNOWN, S0);
    return tg_op(t, GE_OP_ADD, "add_3", (int32_t[]){a, b}, 2, &y, 1, NULL);
}
static glint_result g_add_dtypes(tg* t) {
    int32_t a = tg_tensor(t, "a", GE_DTYPE_F32, S(2, 3));
    int32_t b = tg_tensor(t, "b", GE_DTYPE_I32, S(2, 3));
    int32_t y = tg_tensor(t, "y", GE_DTYPE_UNKNOWN, S0);
    return tg_op(t, GE_OP_ADD, "add", (int32_t[]){a, b}, 2, &y, 1, NULL);
}
static glint_result g_reshape_count(tg* t) {
    int32_t a = tg_tensor(t, "a", GE_DTYPE_F32, S(2, 3));
    int32_t y = tg_tensor(t, "y", GE_DTYPE_UNKNOWN, S(4, 2));
    return tg_op(t, GE_OP_RESHAPE, "reshape", &a, 1, &y, 1, NULL);
}
static glint_result g_reshape_minus1(tg* t) {
    int32_t a = tg_tensor(t, "a", GE_DTYPE_F32, S(2, 3, 5));
    int32_t y = tg_tensor(t, "y", GE_DTYPE_UNKNOWN, S(-1, 4));
    return tg_op(t, GE_OP_RESHAPE, "reshape", &a, 1, &y, 1, NULL);
}
static glint_result g_reshape_two_minus1(tg* t) {
    int32_t a = tg_tensor(t, "a", GE_DTYPE_F32, S(2, 3, 4));
    int32_t y = tg_tensor(t, "y", GE_DTYPE_UNKNOWN, S(-1, -1));
    return tg_op(t, GE_OP_RESHAPE, "reshape", &a, 1, &y, 1, NULL);
}
static glint_result g_concat_dims(tg* t) {
    int32_t a = tg_tensor(t, "a", GE_DTYPE_F32, S(1, 4, 4, 3));
    int32_t b = tg_tensor(t, "b", GE_DTYPE_F32, S(1, 4, 5, 3));
    int32_t y = tg_tensor(t, "y", GE_DTYPE_UNKNOWN, S0);
    ge_op_params p = {.axis = {.axis = -1}};
    return tg_op(t, GE_OP_CONCAT, "concat", (int32_t[]){a, b}, 2, &y, 1, &p);
}
static glint_result g_concat_axis(tg* t) {
    int32_t a = tg_tensor(t, "a", GE_DTYPE_F32, S(1, 4));
    int32_t y = tg_tensor(t, "y", GE_DTYPE_UNKNOWN, S0);
    ge_op_params p = {.axis = {.axis = 2}};
    return tg_op(t, GE_OP_CONCAT, "concat", &a, 1, &y, 1, &p);
}
static glint_result g_d2s(tg* t) {
    int32_t a = tg_tensor(t, "a", GE_DTYPE_F32, S(1, 7, 7, 18));
    int32_t y = tg_tensor(t, "y", GE_DTYPE_UNKNOWN, S0);
    ge_op_params p = {.block = {.block_size = 2}};
    return tg_op(t, GE_OP_DEPTH_TO_SPACE, "d2s", &a, 1, &y, 1, &p);
}
static glint_result g_gather_nd(tg* t) {
    int32_t a = tg_tensor(t, "a", GE_DTYPE_F32, S(4, 5));
    int32_t i = tg_tensor(t, "i", GE_DTYPE_I32, S(2, 3));
    int32_t y = tg_tensor(t, "y", GE_DTYPE_UNKNOWN, S0);
    return tg_op(t, GE_OP_GATHER_ND, "gnd", (int32_t[]){a, i}, 2, &y, 1, NULL);
}
static glint_result g_gather_index_dtype(tg* t) {
    int32_t a = tg_tensor(t, "a", GE_DTYPE_F32, S(4, 5));
    int32_t i = tg_tensor(t, "i", GE_DTYPE_F32, S(2));
    int32_t y = tg_tensor(t, "y", GE_DTYPE_UNKNOWN, S0);
    return tg_op(t, GE_OP_GATHER, "g", (int32_t[]){a, i}, 2, &y, 1, NULL);
}
static glint_result g_topk(tg* t) {
    int32_t a = tg_tensor(t, "a", GE_DTYPE_F32, S(2, 5));
    int32_t v = tg_tensor(t, "v", GE_DTYPE_UNKNOWN, S0), i = tg_tensor(t, "i", GE_DTYPE_UNKNOWN, S0);
    ge_op_params p = {.topk = {.k = 6}};
    return tg_op(t, GE_OP_TOPK, "topk", &a, 1, (int32_t[]){v, i}, 2, &p);
}
static glint_result g_split_sizes(tg* t) {
    static const int32_t sizes[2] = {2, 2};
    int32_t a = tg_tensor(t, "a", GE_DTYPE_F32, S(5, 3));
    int32_t y0 = tg_tensor(t, "y0", GE_DTYPE_UNKNOWN, S0), y1 = tg_tensor(t, "y1", GE_DTYPE_UNKNOWN, S0);
    ge_op_params p = {.axis = {.axis = 0, .split_sizes = sizes}};
    return tg_op(t, GE_OP_SPLIT, "split", &a, 1, (int32_t[]){y0, y1}, 2, &p);
}
static glint_result g_split_equal(tg* t) {
    int32_t a = tg_tensor(t, "a", GE_DTYPE_F32, S(5, 3));
    int32_t y0 = tg_tensor(t, "y0", GE_DTYPE_UNKNOWN, S0), y1 = tg_tensor(t, "y1", GE_DTYPE_UNKNOWN, S0);
    ge_op_params p = {.axis = {.axis = 0}};
    return tg_op(t, GE_OP_SPLIT, "split", &a, 1, (int32_t[]){y0, y1}, 2, &p);
}
static glint_result g_transpose_perm(tg* t) {
    int32_t a = tg_tensor(t, "a", GE_DTYPE_F32, S(2, 3, 4));
    int32_t y = tg_tensor(t, "y", GE_DTYPE_UNKNOWN, S0);
    ge_op_params p = {.transpose = {.perm = {0, 2, 2}}};
    return tg_op(t, GE_OP_TRANSPOSE, "tr", &a, 1, &y, 1, &p);
}
static glint_result g_select_cond(tg* t) {
    int32_t c = tg_tensor(t, "c", GE_DTYPE_F32, S(3));
    int32_t a = tg_tensor(t, "a", GE_DTYPE_F32, S(3)), b = tg_tensor(t, "b", GE_DTYPE_F32, S(3));
    int32_t y = tg_tensor(t, "y", GE_DTYPE_UNKNOWN, S0);
    return tg_op(t, GE_OP_SELECT, "sel", (int32_t[]){c, a, b}, 3, &y, 1, NULL);
}
static glint_result g_cast_no_target(tg* t) {
    int32_t a = tg_tensor(t, "a", GE_DTYPE_F32, S(3));
    int32_t y = tg_tensor(t, "y", GE_DTYPE_UNKNOWN, S0);
    return tg_op(t, GE_OP_CAST, "cast", &a, 1, &y, 1, NULL);
}
static glint_result g_read_before_write(tg* t) {
    int32_t a = tg_tensor(t, "a", GE_DTYPE_F32, S(3));
    int32_t m = tg_tensor(t, "mid", GE_DTYPE_UNKNOWN, S0);
    int32_t y = tg_tensor(t, "y", GE_DTYPE_UNKNOWN, S0);
    glint_result r = tg_op(t, GE_OP_RELU, "first", &m, 1, &y, 1, NULL); /* reads mid before it exists */
    if (r < 0) return r;
    return tg_op(t, GE_OP_RELU, "second", &a, 1, &m, 1, NULL);
}
static glint_result g_unknown_dim_input(tg* t) {
    int32_t a = tg_tensor(t, "a", GE_DTYPE_F32, S(1, -1, 3));
    int32_t y = tg_tensor(t, "y", GE_DTYPE_UNKNOWN, S0);
    return tg_op(t, GE_OP_RELU, "relu", &a, 1, &y, 1, NULL);
}
static glint_result g_slice_oob(tg* t) {
    int32_t a = tg_tensor(t, "a", GE_DTYPE_F32, S(2, 3));
    int32_t y = tg_tensor(t, "y", GE_DTYPE_UNKNOWN, S0);
    ge_op_params p = {.slice = {.begin = {2}, .end = {3}, .strides = {1}, .num_axes = 1, .shrink_axis_mask = 1}};
    return tg_op(t, GE_OP_STRIDED_SLICE, "ss", &a, 1, &y, 1, &p);
}
static glint_result g_mean_axes(tg* t) {
    int32_t a = tg_tensor(t, "a", GE_DTYPE_F32, S(2, 3));
    int32_t y = tg_tensor(t, "y", GE_DTYPE_UNKNOWN, S0);
    ge_op_params p = {.reduce = {.axes_mask = 0x10}};
    return tg_op(t, GE_OP_MEAN, "mean", &a, 1, &y, 1, &p);
}

static void test_rejections(void) {
    expect_error("conv channels", g_conv_channels, GLINT_ERROR_SHAPE_MISMATCH, "'conv_7' (CONV2D)", "3 channels");
    expect_error("conv stored output shape", g_conv_stored_shape, GLINT_ERROR_SHAPE_MISMATCH, "1x5x5x8", "1x4x4x8");
    expect_error("conv output dtype", g_conv_dtype, GLINT_ERROR_MODEL_FORMAT, "i32", "f32");
    expect_error("conv bias", g_conv_bias, GLINT_ERROR_SHAPE_MISMATCH, "bias", NULL);
    expect_error("conv stride 0", g_conv_stride0, GLINT_ERROR_MODEL_FORMAT, "stride", NULL);
    expect_error("conv input smaller than kernel", g_conv_small, GLINT_ERROR_SHAPE_MISMATCH, "smaller", NULL);
    expect_error("depthwise multiplier", g_dw_multiplier, GLINT_ERROR_SHAPE_MISMATCH, "depth_multiplier", NULL);
    expect_error("conv arity", g_conv_one_input, GLINT_ERROR_MODEL_FORMAT, "inputs", NULL);
    expect_error("add broadcast", g_add_broadcast, GLINT_ERROR_SHAPE_MISMATCH, "'add_3' (ADD)", "2x3");
    expect_error("add dtypes", g_add_dtypes, GLINT_ERROR_MODEL_FORMAT, "i32", NULL);
    expect_error("reshape count", g_reshape_count, GLINT_ERROR_SHAPE_MISMATCH, "2x3", "4x2");
    expect_error("reshape -1", g_reshape_minus1, GLINT_ERROR_SHAPE_MISMATCH, "RESHAPE", NULL);
    expect_error("reshape two -1", g_reshape_two_minus1, GLINT_ERROR_MODEL_FORMAT, "RESHAPE", NULL);
    expect_error("concat dims", g_concat_dims, GLINT_ERROR_SHAPE_MISMATCH, "1x4x5x3", "1x4x4x3");
    expect_error("concat axis", g_concat_axis, GLINT_ERROR_MODEL_FORMAT, "axis", NULL);
    expect_error("depth_to_space divisibility", g_d2s, GLINT_ERROR_SHAPE_MISMATCH, "DEPTH_TO_SPACE", "18");
    expect_error("gather_nd index depth", g_gather_nd, GLINT_ERROR_SHAPE_MISMATCH, "GATHER_ND", NULL);
    expect_error("gather index dtype", g_gather_index_dtype, GLINT_ERROR_MODEL_FORMAT, "f32", NULL);
    expect_error("topk k > dim", g_topk, GLINT_ERROR_SHAPE_MISMATCH, "k = 6", NULL);
    expect_error("split sizes", g_split_sizes, GLINT_ERROR_SHAPE_MISMATCH, "add up", NULL);
    expect_error("split equal", g_split_equal, GLINT_ERROR_SHAPE_MISMATCH, "equal", NULL);
    expect_error("transpose perm", g_transpose_perm, GLINT_ERROR_MODEL_FORMAT, "perm", NULL);
    expect_error("select condition dtype", g_select_cond, GLINT_ERROR_MODEL_FORMAT, "bool", NULL);
    expect_error("cast without target", g_cast_no_target, GLINT_ERROR_MODEL_FORMAT, "CAST", NULL);
    expect_error("read before write", g_read_before_write, GLINT_ERROR_MODEL_FORMAT, "'first'", "mid");
    expect_error("unknown input dim", g_unknown_dim_input, GLINT_ERROR_MODEL_FORMAT, "1x-1x3", NULL);
    expect_error("slice index", g_slice_oob, GLINT_ERROR_MODEL_FORMAT, "out of bounds", NULL);
    expect_error("mean axes", g_mean_axes, GLINT_ERROR_MODEL_FORMAT, "0x10", NULL);
}

/* ---- limits ---- */

static glint_result g_tile_huge(tg* t) {
    int32_t a = tg_tensor(t, "a", GE_DTYPE_F32, S(1000, 2));
    int32_t y = tg_tensor(t, "y", GE_DTYPE_UNKNOWN, S0);
    ge_op_params p = {.tile = {.multiples = {INT32_MAX, 1}}};
    return tg_op(t, GE_OP_TILE, "tile", &a, 1, &y, 1, &p);
}
static glint_result g_pad_huge(tg* t) {
    int32_t a = tg_tensor(t, "a", GE_DTYPE_F32, S(GE_MAX_DIM, 2));
    int32_t y = tg_tensor(t, "y", GE_DTYPE_UNKNOWN, S0);
    ge_op_params p = {.pad = {.before = {INT32_MAX, 0}, .after = {INT32_MAX, 0}}};
    return tg_op(t, GE_OP_PAD, "pad", &a, 1, &y, 1, &p);
}
static glint_result g_input_elements(tg* t) {
    int32_t a = tg_tensor(t, "a", GE_DTYPE_F32, S(GE_MAX_DIM, GE_MAX_DIM));
    int32_t y = tg_tensor(t, "y", GE_DTYPE_UNKNOWN, S0);
    return tg_op(t, GE_OP_RELU, "relu", &a, 1, &y, 1, NULL);
}
static glint_result g_input_rank6(tg* t) {
    int32_t a = tg_tensor(t, "a", GE_DTYPE_F32, S(GE_MAX_DIM, GE_MAX_DIM, GE_MAX_DIM, GE_MAX_DIM, GE_MAX_DIM, 7));
    int32_t y = tg_tensor(t, "y", GE_DTYPE_UNKNOWN, S0);
    return tg_op(t, GE_OP_RELU, "relu", &a, 1, &y, 1, NULL);
}
static glint_result g_resize_huge(tg* t) {
    int32_t a = tg_tensor(t, "a", GE_DTYPE_F32, S(1, 1, 1, 1));
    int32_t y = tg_tensor(t, "y", GE_DTYPE_UNKNOWN, S0);
    ge_op_params p = {.resize = {.out_h = 100000, .out_w = 100000}};
    return tg_op(t, GE_OP_RESIZE_BILINEAR, "resize", &a, 1, &y, 1, &p);
}
static glint_result g_resize_int_max(tg* t) {
    int32_t a = tg_tensor(t, "a", GE_DTYPE_F32, S(1, 1, 1, 1));
    int32_t y = tg_tensor(t, "y", GE_DTYPE_UNKNOWN, S0);
    ge_op_params p = {.resize = {.out_h = INT32_MAX, .out_w = 1}};
    return tg_op(t, GE_OP_RESIZE_NEAREST, "resize", &a, 1, &y, 1, &p);
}
static glint_result g_conv_pads_huge(tg* t) {
    int32_t x = tg_tensor(t, "x", GE_DTYPE_F32, S(1, 4, 4, 1));
    int32_t w = tg_const(t, "w", GE_DTYPE_F32, S(1, 1, 1, 1));
    int32_t y = tg_tensor(t, "y", GE_DTYPE_UNKNOWN, S0);
    ge_op_params p = {.conv = {.stride_h = 1, .stride_w = 1, .padding = GE_PADDING_EXPLICIT, .pad_top = INT32_MAX,
                               .pad_bottom = INT32_MAX}};
    return tg_op(t, GE_OP_CONV2D, "conv", (int32_t[]){x, w}, 2, &y, 1, &p);
}
static glint_result g_conv_dilation_huge(tg* t) {
    int32_t x = tg_tensor(t, "x", GE_DTYPE_F32, S(1, 4, 4, 1));
    int32_t w = tg_const(t, "w", GE_DTYPE_F32, S(1, 3, 3, 1));
    int32_t y = tg_tensor(t, "y", GE_DTYPE_UNKNOWN, S0);
    ge_op_params p = {.conv = {.stride_h = 1, .stride_w = 1, .dilation_h = INT32_MAX, .dilation_w = 1,
                               .padding = GE_PADDING_SAME}};
    return tg_op(t, GE_OP_CONV2D, "conv", (int32_t[]){x, w}, 2, &y, 1, &p);
}
static glint_result g_reshape_huge_target(tg* t) {
    int32_t a = tg_tensor(t, "a", GE_DTYPE_F32, S(4));
    int32_t y = tg_tensor(t, "y", GE_DTYPE_UNKNOWN, S(GE_MAX_DIM, GE_MAX_DIM, GE_MAX_DIM, -1));
    return tg_op(t, GE_OP_RESHAPE, "reshape", &a, 1, &y, 1, NULL);
}
static glint_result g_d2s_huge(tg* t) {
    int32_t a = tg_tensor(t, "a", GE_DTYPE_F32, S(1, 100000, 1, 4));
    int32_t y = tg_tensor(t, "y", GE_DTYPE_UNKNOWN, S0);
    ge_op_params p = {.block = {.block_size = 2}};
    glint_result r = tg_op(t, GE_OP_DEPTH_TO_SPACE, "d2s", &a, 1, &y, 1, &p);
    if (r < 0) return r;
    /* 1x100000x1x4 -> 1x200000x2x1 is fine; 1x1000000x1x4 would need 2000000 rows. */
    int32_t b = tg_tensor(t, "b", GE_DTYPE_F32, S(1, GE_MAX_DIM, 1, 4));
    int32_t z = tg_tensor(t, "z", GE_DTYPE_UNKNOWN, S0);
    return tg_op(t, GE_OP_DEPTH_TO_SPACE, "d2s_big", &b, 1, &z, 1, &p);
}
static glint_result g_concat_huge(tg* t) {
    int32_t in[40];
    for (int i = 0; i < 40; i++) in[i] = tg_tensor(t, "a", GE_DTYPE_U8, S(GE_MAX_DIM / 20));
    int32_t y = tg_tensor(t, "y", GE_DTYPE_UNKNOWN, S0);
    ge_op_params p = {.axis = {.axis = 0}};
    return tg_op(t, GE_OP_CONCAT, "concat", in, 40, &y, 1, &p);
}

static void test_limits(void) {
    expect_error("tile past GE_MAX_DIM", g_tile_huge, GLINT_ERROR_LIMIT_EXCEEDED, "TILE", NULL);
    expect_error("pad with INT32_MAX pads", g_pad_huge, GLINT_ERROR_LIMIT_EXCEEDED, "PAD", NULL);
    expect_error("input over the element limit", g_input_elements, GLINT_ERROR_LIMIT_EXCEEDED, "elements", NULL);
    expect_error("rank-6 input whose product overflows int64", g_input_rank6, GLINT_ERROR_LIMIT_EXCEEDED, "elements",
                 NULL);
    expect_error("resize to 10^10 elements", g_resize_huge, GLINT_ERROR_LIMIT_EXCEEDED, "elements", NULL);
    expect_error("resize to INT32_MAX rows", g_resize_int_max, GLINT_ERROR_LIMIT_EXCEEDED, "limit", NULL);
    expect_error("conv with INT32_MAX pads", g_conv_pads_huge, GLINT_ERROR_LIMIT_EXCEEDED, "limit", NULL);
    expect_error("conv with INT32_MAX dilation", g_conv_dilation_huge, GLINT_ERROR_LIMIT_EXCEEDED, NULL, NULL);
    expect_error("reshape target over the limits", g_reshape_huge_target, GLINT_ERROR_LIMIT_EXCEEDED, NULL, NULL);
    expect_error("depth_to_space past GE_MAX_DIM", g_d2s_huge, GLINT_ERROR_LIMIT_EXCEEDED, "d2s_big", NULL);
    expect_error("concat past GE_MAX_DIM", g_concat_huge, GLINT_ERROR_LIMIT_EXCEEDED, "CONCAT", NULL);
}

/* ---- results written back; dtype rules ---- */

static void test_write_back(void) {
    tg t;
    tg_init(&t);
    int32_t x = tg_tensor(&t, "x", GE_DTYPE_F32, S(2, 3, 4));
    int32_t r = tg_tensor(&t, "r", GE_DTYPE_UNKNOWN, S(-1, 12)); /* importer target, -1 inferred */
    int32_t c = tg_tensor(&t, "c", GE_DTYPE_UNKNOWN, S0);
    int32_t s0 = tg_tensor(&t, "s0", GE_DTYPE_UNKNOWN, S0), s1 = tg_tensor(&t, "s1", GE_DTYPE_UNKNOWN, S0);
    int32_t am = tg_tensor(&t, "am", GE_DTYPE_UNKNOWN, S0);
    int32_t gt = tg_tensor(&t, "gt", GE_DTYPE_UNKNOWN, S0);
    int32_t ca = tg_tensor(&t, "cast", GE_DTYPE_I32, S0);
    int32_t dq_in = tg_const(&t, "w16", GE_DTYPE_F16, S(3, 4));
    int32_t dq = tg_tensor(&t, "w32", GE_DTYPE_UNKNOWN, S0);
    int32_t none_out = tg_tensor(&t, "removed", GE_DTYPE_UNKNOWN, S0);
    ge_op_params cat = {.axis = {.axis = -1}};
    ge_op_params spl = {.axis = {.axis = -2}};
    ge_op_params arg = {.axis = {.axis = -1}};
    tg_op(&t, GE_OP_RESHAPE, "reshape", &x, 1, &r, 1, NULL);
    tg_op(&t, GE_OP_CONCAT, "concat", (int32_t[]){r, r}, 2, &c, 1, &cat);
    tg_op(&t, GE_OP_SPLIT, "split", &c, 1, (int32_t[]){s0, s1}, 2, &spl);
    tg_op(&t, GE_OP_ARG_MAX, "argmax", &s0, 1, &am, 1, &arg);
    tg_op(&t, GE_OP_GREATER, "gt", (int32_t[]){s0, s1}, 2, &gt, 1, NULL);
    tg_op(&t, GE_OP_CAST, "cast", &gt, 1, &ca, 1, NULL);
    tg_op(&t, GE_OP_DEQUANTIZE, "dq", &dq_in, 1, &dq, 1, NULL);
    int32_t removed = tg_op(&t, GE_OP_RELU, "removed", &x, 1, &none_out, 1, NULL);
    t.g.ops[removed].type = GE_OP_NONE; /* removed ops are skipped */
    CHECK_MSG(tg_infer(&t) == GLINT_SUCCESS, "%s", t.err.message);
    CHECK_SHAPE(t.g.tensors[r].shape, 2, 12);
    CHECK_SHAPE(t.g.tensors[c].shape, 2, 24);
    CHECK(t.g.ops[1].params.axis.axis == 1);
    CHECK_SHAPE(t.g.tensors[s0].shape, 1, 24);
    CHECK(t.g.ops[2].params.axis.axis == 0 && t.g.ops[2].params.axis.num_splits == 2);
    CHECK_SHAPE(t.g.tensors[am].shape, 1);
    CHECK(t.g.tensors[am].dtype == GE_DTYPE_I32 && t.g.ops[3].params.axis.axis == 1);
    CHECK(t.g.tensors[gt].dtype == GE_DTYPE_BOOL);
    CHECK(t.g.tensors[ca].dtype == GE_DTYPE_I32);
    CHECK_SHAPE(t.g.tensors[ca].shape, 1, 24);
    CHECK(t.g.tensors[dq].dtype == GE_DTYPE_F32);
    CHECK_SHAPE(t.g.tensors[dq].shape, 3, 4);
    CHECK(t.g.tensors[none_out].shape.rank == 0 && t.g.tensors[none_out].dtype == GE_DTYPE_UNKNOWN);
    tg_free(&t);
}

int main(void) {
    test_helpers();
    test_padding_rules();
    test_conv_graph();
    test_rejections();
    test_limits();
    test_write_back();
    return test_finish();
}
