/*
 * Every shader against the CPU reference kernel on random tensors, one single-op graph per
 * case, on whatever Vulkan device there is (lavapipe in CI) with the validation layer on.
 * The cases walk each shader's variants and edge shapes: vector and scalar paths, channel
 * tails, strides, dilations, padding, batch > 1, broadcasting patterns, several inputs.
 * Float results must agree within a small relative epsilon; data movement (pad, concat,
 * split, copy, depth_to_space, casts) and resize must be bit-exact.
 */
#include "test_vk_util.h"
#include "util/gu_fp16.h"

static test_rng g_rng = {0x5eed1234abcdull};
static int g_cases = 0;

typedef struct op_case {
    const char* name;
    double rel_tol; /* max |gpu - cpu| <= rel_tol * max(1, max |cpu|); 0: bit-exact */
    bool expect_gpu;
} op_case;

/* Runs t (inputs random in [lo, hi)) and checks it. */
static void run_case(vk_graph* t, const op_case* c, float lo, float hi) {
    void* data[8] = {0};
    glint_error err;
    if (ge_graph_set_io(&t->g, t->inputs, t->num_inputs, t->outputs, t->num_outputs, &err) < 0 ||
        ge_graph_infer_shapes(&t->g, &err) < 0) {
        CHECK_MSG(0, "%s: graph: %s", c->name, err.message);
        vkg_free(t);
        return;
    }
    for (int32_t i = 0; i < t->num_inputs; i++) {
        const ge_tensor* ts = &t->g.tensors[t->inputs[i]];
        int64_t n = ge_shape_elements(&ts->shape);
        data[i] = malloc((size_t)n * ge_dtype_size(ts->dtype));
        vk_fill(&g_rng, ts->dtype, data[i], n, lo, hi);
    }
    vk_result r;
    bool ok = vk_compare(t, data, NULL, &r);
    CHECK_MSG(ok, "%s: %s", c->name, t->err.message);
    if (c->expect_gpu) {
        CHECK_MSG(r.ran && r.gpu_ops == 1, "%s: did not run on the GPU (%s)", c->name, r.why);
        if (r.ran) {
            if (c->rel_tol == 0.0) CHECK_MSG(r.exact, "%s: not bit-exact (max abs %g)", c->name, r.max_abs);
            else
                CHECK_MSG(r.max_abs <= c->rel_tol * (r.max_ref > 1.0 ? r.max_ref : 1.0), "%s: max abs %g (max |ref| %g)",
                          c->name, r.max_abs, r.max_ref);
        }
    } else {
        CHECK_MSG(!r.ran, "%s: expected to stay on the CPU", c->name);
    }
    printf("  %-48s %s max abs %.3g (ref %.3g)%s\n", c->name, r.ran ? "gpu" : "cpu", r.max_abs, r.max_ref,
           r.ran && r.exact ? " exact" : "");
    vk_test_check_validation(c->name);
    for (int32_t i = 0; i < 8; i++) free(data[i]);
    vkg_free(t);
    g_cases++;
}

/* When set, weights are rounded to f16 (an fp16 model): the shaders then read them as f16. */
static bool g_f16_weights = false;

static void* rand_f32(int64_t n, float lo, float hi) {
    float* p = malloc((size_t)n * sizeof(float));
    vk_fill(&g_rng, GE_DTYPE_F32, p, n, lo, hi);
    return p;
}

static void* rand_weights(int64_t n, float lo, float hi) {
    float* p = rand_f32(n, lo, hi);
    if (g_f16_weights)
        for (int64_t i = 0; i < n; i++) p[i] = gu_f16_to_f32(gu_f32_to_f16(p[i]));
    return p;
}

/* ---- convolutions ---- */

static void conv_case(const char* name, int32_t n, int32_t h, int32_t w, int32_t c, int32_t o, int32_t kh, int32_t kw,
                      int32_t sh, int32_t sw, int32_t dil, ge_padding pad, bool bias, ge_activation act) {
    vk_graph t;
    vkg_init(&t);
    int32_t x = vkg_input(&t, GE_DTYPE_F32, VKS(n, h, w, c));
    float* wd = rand_weights((int64_t)o * kh * kw * c, -0.5f, 0.5f);
    float* bd = rand_f32(o, -1, 1);
    int32_t in[3] = {x, vkg_const(&t, GE_DTYPE_F32, VKS(o, kh, kw, c), wd), bias ? vkg_const(&t, GE_DTYPE_F32, VKS(o), bd) : -1};
    int32_t y = vkg_output(&t, GE_DTYPE_F32);
    ge_op_params p;
    memset(&p, 0, sizeof(p));
    p.conv.stride_h = sh, p.conv.stride_w = sw, p.conv.dilation_h = dil, p.conv.dilation_w = dil;
    p.conv.padding = pad;
    p.conv.act = act;
    ge_graph_add_op(&t.g, GE_OP_CONV2D, name, in, 3, &y, 1, &p, &t.err);
    free(wd), free(bd);
    op_case cs = {name, 1e-5, true};
    run_case(&t, &cs, -1, 1);
}

static void dwconv_case(const char* name, int32_t n, int32_t h, int32_t w, int32_t c, int32_t m, int32_t k, int32_t s,
                        int32_t dil, ge_padding pad, bool bias, ge_activation act) {
    vk_graph t;
    vkg_init(&t);
    int32_t x = vkg_input(&t, GE_DTYPE_F32, VKS(n, h, w, c));
    float* wd = rand_weights((int64_t)k * k * c * m, -0.5f, 0.5f);
    float* bd = rand_f32((int64_t)c * m, -1, 1);
    int32_t in[3] = {x, vkg_const(&t, GE_DTYPE_F32, VKS(1, k, k, c * m), wd),
                     bias ? vkg_const(&t, GE_DTYPE_F32, VKS(c * m), bd) : -1};
    int32_t y = vkg_output(&t, GE_DTYPE_F32);
    ge_op_params p;
    memset(&p, 0, sizeof(p));
    p.conv.stride_h = s, p.conv.stride_w = s, p.conv.dilation_h = dil, p.conv.dilation_w = dil;
    p.conv.padding = pad;
    p.conv.depth_multiplier = m;
    p.conv.act = act;
    ge_graph_add_op(&t.g, GE_OP_DEPTHWISE_CONV2D, name, in, 3, &y, 1, &p, &t.err);
    free(wd), free(bd);
    op_case cs = {name, 1e-5, true};
    run_case(&t, &cs, -1, 1);
}

static void fc_case(const char* name, ge_shape xs, int32_t units, int32_t depth, bool bias, bool keep) {
    vk_graph t;
    vkg_init(&t);
    int32_t x = vkg_input(&t, GE_DTYPE_F32, xs);
    float* wd = rand_weights((int64_t)units * depth, -0.5f, 0.5f);
    float* bd = rand_f32(units, -1, 1);
    int32_t in[3] = {x, vkg_const(&t, GE_DTYPE_F32, VKS(units, depth), wd),
                     bias ? vkg_const(&t, GE_DTYPE_F32, VKS(units), bd) : -1};
    int32_t y = vkg_output(&t, GE_DTYPE_F32);
    ge_op_params p;
    memset(&p, 0, sizeof(p));
    p.fc.keep_num_dims = keep;
    p.fc.act = GE_ACT_RELU;
    ge_graph_add_op(&t.g, GE_OP_FULLY_CONNECTED, name, in, 3, &y, 1, &p, &t.err);
    free(wd), free(bd);
    op_case cs = {name, 1e-5, true};
    run_case(&t, &cs, -1, 1);
}

static void conv_cases(void) {
    printf("convolutions\n");
    conv_case("conv 1x1 vec4 c8->16 relu6", 1, 7, 9, 8, 16, 1, 1, 1, 1, 1, GE_PADDING_VALID, true, GE_ACT_RELU6);
    conv_case("conv 1x1 vec4 c32->64 batch 2", 2, 6, 5, 32, 64, 1, 1, 1, 1, 1, GE_PADDING_SAME, true, GE_ACT_NONE);
    conv_case("conv 1x1 vec4 c4->4 no bias", 1, 3, 3, 4, 4, 1, 1, 1, 1, 1, GE_PADDING_VALID, false, GE_ACT_RELU);
    conv_case("conv 1x1 tails c6->5", 1, 5, 5, 6, 5, 1, 1, 1, 1, 1, GE_PADDING_VALID, true, GE_ACT_NONE);
    conv_case("conv 1x1 stride 2", 1, 9, 8, 8, 8, 1, 1, 2, 2, 1, GE_PADDING_SAME, true, GE_ACT_NONE);
    conv_case("conv 3x3/2 SAME c3->16 (stem)", 1, 17, 16, 3, 16, 3, 3, 2, 2, 1, GE_PADDING_SAME, true, GE_ACT_RELU6);
    conv_case("conv 5x5/2 SAME c3->24", 1, 20, 19, 3, 24, 5, 5, 2, 2, 1, GE_PADDING_SAME, true, GE_ACT_NONE);
    conv_case("conv 3x3/1 dilation 2", 1, 11, 10, 5, 7, 3, 3, 1, 1, 2, GE_PADDING_SAME, true, GE_ACT_NONE);
    conv_case("conv 2x2/1 VALID batch 2", 2, 6, 7, 4, 9, 2, 2, 1, 1, 1, GE_PADDING_VALID, false, GE_ACT_TANH);
    conv_case("conv 3x1/1x2 sigmoid", 1, 8, 9, 4, 6, 3, 1, 1, 2, 1, GE_PADDING_SAME, true, GE_ACT_SIGMOID);
    printf("depthwise\n");
    dwconv_case("dw 3x3/1 vec4 c16 relu6", 1, 14, 13, 16, 1, 3, 1, 1, GE_PADDING_SAME, true, GE_ACT_RELU6);
    dwconv_case("dw 5x5/2 vec4 c8", 1, 15, 17, 8, 1, 5, 2, 1, GE_PADDING_SAME, true, GE_ACT_NONE);
    dwconv_case("dw 5x5/1 vec4 c32 no bias", 1, 12, 12, 32, 1, 5, 1, 1, GE_PADDING_SAME, false, GE_ACT_NONE);
    dwconv_case("dw 3x3/2 VALID batch 2", 2, 9, 9, 4, 1, 3, 2, 1, GE_PADDING_VALID, true, GE_ACT_RELU);
    dwconv_case("dw 3x3 dilation 2 vec4", 1, 10, 11, 4, 1, 3, 1, 2, GE_PADDING_SAME, true, GE_ACT_NONE);
    dwconv_case("dw scalar c6 (tail)", 1, 7, 8, 6, 1, 3, 1, 1, GE_PADDING_SAME, true, GE_ACT_NONE);
    dwconv_case("dw scalar multiplier 2", 1, 7, 7, 3, 2, 3, 2, 1, GE_PADDING_SAME, true, GE_ACT_RELU6);
    printf("fully connected\n");
    fc_case("fc 1152->63", VKS(1, 1152), 63, 1152, true, false);
    fc_case("fc 7->5 rows 3 keep dims", VKS(3, 7), 5, 7, true, true);
    fc_case("fc 4-D input flattened, no bias", VKS(1, 2, 2, 8), 10, 32, false, false);
}

/* ---- pools, mean ---- */

static void pool_case(const char* name, ge_op_type type, int32_t h, int32_t w, int32_t c, int32_t k, int32_t s,
                      ge_padding pad, ge_activation act) {
    vk_graph t;
    vkg_init(&t);
    int32_t x = vkg_input(&t, GE_DTYPE_F32, VKS(1, h, w, c));
    int32_t y = vkg_output(&t, GE_DTYPE_F32);
    ge_op_params p;
    memset(&p, 0, sizeof(p));
    p.conv.stride_h = p.conv.stride_w = s;
    p.conv.filter_h = p.conv.filter_w = k;
    p.conv.padding = pad;
    p.conv.act = act;
    ge_graph_add_op(&t.g, type, name, &x, 1, &y, 1, &p, &t.err);
    op_case cs = {name, 1e-6, true};
    run_case(&t, &cs, -2, 2);
}

static void mean_case(const char* name, ge_shape xs, uint32_t mask, bool keep, bool gpu) {
    vk_graph t;
    vkg_init(&t);
    int32_t x = vkg_input(&t, GE_DTYPE_F32, xs);
    int32_t y = vkg_output(&t, GE_DTYPE_F32);
    ge_op_params p;
    memset(&p, 0, sizeof(p));
    p.reduce.axes_mask = mask;
    p.reduce.keep_dims = keep;
    ge_graph_add_op(&t.g, GE_OP_MEAN, name, &x, 1, &y, 1, &p, &t.err);
    op_case cs = {name, 1e-6, gpu};
    run_case(&t, &cs, -2, 2);
}

static void pool_cases(void) {
    printf("pools and mean\n");
    pool_case("max pool 2x2/2", GE_OP_MAX_POOL2D, 12, 12, 32, 2, 2, GE_PADDING_VALID, GE_ACT_NONE);
    pool_case("max pool 3x3/2 SAME odd", GE_OP_MAX_POOL2D, 9, 7, 5, 3, 2, GE_PADDING_SAME, GE_ACT_RELU);
    pool_case("avg pool 3x3/1 SAME (pads not counted)", GE_OP_AVERAGE_POOL2D, 6, 5, 6, 3, 1, GE_PADDING_SAME, GE_ACT_NONE);
    pool_case("avg pool 2x2/2 relu6", GE_OP_AVERAGE_POOL2D, 8, 8, 4, 2, 2, GE_PADDING_VALID, GE_ACT_RELU6);
    mean_case("mean over H, W keep dims", VKS(1, 7, 7, 24), 6u, true, true);
    mean_case("mean over C", VKS(2, 3, 4, 5), 8u, false, true);
    mean_case("mean over axes 0..1 (rank 3)", VKS(3, 4, 5), 3u, false, true);
    mean_case("mean over axes 0 and 2 (not contiguous)", VKS(3, 4, 5), 5u, false, false);
}

/* ---- element-wise ---- */

static void binary_case(const char* name, ge_op_type type, ge_shape as, ge_shape bs, ge_activation act, float lo,
                        float hi, bool gpu) {
    vk_graph t;
    vkg_init(&t);
    int32_t in[2] = {vkg_input(&t, GE_DTYPE_F32, as), vkg_input(&t, GE_DTYPE_F32, bs)};
    int32_t y = vkg_output(&t, GE_DTYPE_F32);
    ge_op_params p;
    memset(&p, 0, sizeof(p));
    p.eltwise.act = act;
    ge_graph_add_op(&t.g, type, name, in, 2, &y, 1, &p, &t.err);
    op_case cs = {name, 2e-6, gpu};
    run_case(&t, &cs, lo, hi);
}

static void unary_case(ge_op_type type, float lo, float hi) {
    vk_graph t;
    vkg_init(&t);
    int32_t x = vkg_input(&t, GE_DTYPE_F32, VKS(3, 5, 7));
    int32_t y = vkg_output(&t, GE_DTYPE_F32);
    ge_graph_add_op(&t.g, type, ge_op_name(type), &x, 1, &y, 1, NULL, &t.err);
    op_case cs = {ge_op_name(type), 4e-6, true};
    run_case(&t, &cs, lo, hi);
}

static void eltwise_cases(void) {
    printf("binary\n");
    const ge_op_type ops[] = {GE_OP_ADD, GE_OP_SUB, GE_OP_MUL, GE_OP_MAXIMUM, GE_OP_MINIMUM, GE_OP_SQUARED_DIFFERENCE};
    static char names[sizeof(ops) / sizeof(ops[0])][64];
    for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        snprintf(names[i], sizeof(names[i]), "%s same shape vec4", ge_op_name(ops[i]));
        binary_case(names[i], ops[i], VKS(1, 4, 6, 8), VKS(1, 4, 6, 8), GE_ACT_NONE, -3, 3, true);
    }
    binary_case("DIV same shape", GE_OP_DIV, VKS(2, 8), VKS(2, 8), GE_ACT_NONE, 0.5f, 3, true);
    binary_case("FLOOR_DIV same shape", GE_OP_FLOOR_DIV, VKS(16), VKS(16), GE_ACT_NONE, 0.5f, 9, true);
    binary_case("ADD relu6 same shape", GE_OP_ADD, VKS(1, 5, 5, 16), VKS(1, 5, 5, 16), GE_ACT_RELU6, -5, 5, true);
    binary_case("ADD per channel (vec4 period)", GE_OP_ADD, VKS(1, 3, 3, 8), VKS(8), GE_ACT_NONE, -1, 1, true);
    binary_case("MUL per channel, a broadcast (swapped)", GE_OP_MUL, VKS(1, 1, 1, 12), VKS(1, 4, 2, 12), GE_ACT_NONE, -1, 1,
                true);
    binary_case("PRELU alpha per channel", GE_OP_PRELU, VKS(1, 6, 6, 16), VKS(1, 1, 16), GE_ACT_NONE, -1, 1, true);
    binary_case("PRELU odd channels (broadcast path)", GE_OP_PRELU, VKS(1, 5, 5, 3), VKS(3), GE_ACT_NONE, -1, 1, true);
    binary_case("SUB scalar b", GE_OP_SUB, VKS(2, 3, 5), VKS(1), GE_ACT_NONE, -1, 1, true);
    binary_case("SUB a broadcast", GE_OP_SUB, VKS(1, 5), VKS(3, 4, 5), GE_ACT_RELU, -1, 1, true);
    binary_case("ADD outer broadcast 4-D", GE_OP_ADD, VKS(2, 1, 3, 1), VKS(1, 4, 1, 5), GE_ACT_NONE, -1, 1, true);
    binary_case("MAXIMUM 5-D broadcast (CPU)", GE_OP_MAXIMUM, VKS(2, 1, 3, 1, 4), VKS(1, 5, 1, 6, 1), GE_ACT_NONE, -1, 1,
                false);
    printf("unary\n");
    unary_case(GE_OP_RELU, -3, 3);
    unary_case(GE_OP_RELU6, -3, 9);
    unary_case(GE_OP_LOGISTIC, -20, 20);
    unary_case(GE_OP_TANH, -20, 20);
    unary_case(GE_OP_EXP, -10, 10);
    unary_case(GE_OP_SQRT, 0, 100);
    unary_case(GE_OP_RSQRT, 0.01f, 100);
    unary_case(GE_OP_NEG, -3, 3);
    unary_case(GE_OP_ABS, -3, 3);
    unary_case(GE_OP_FLOOR, -30, 30);
}

/* ---- data movement ---- */

static void cast_case(const char* name, ge_dtype from, ge_dtype to, float lo, float hi) {
    vk_graph t;
    vkg_init(&t);
    int32_t x = vkg_input(&t, from, VKS(1, 9, 7, 3));
    int32_t y = vkg_output(&t, to);
    ge_graph_add_op(&t.g, GE_OP_CAST, name, &x, 1, &y, 1, NULL, &t.err);
    op_case cs = {name, 0.0, true};
    run_case(&t, &cs, lo, hi);
}

static void reshape_case(void) {
    vk_graph t;
    vkg_init(&t);
    int32_t x = vkg_input(&t, GE_DTYPE_F32, VKS(1, 6, 6, 4));
    ge_shape ys = VKS(1, 144);
    int32_t y = ge_graph_add_tensor(&t.g, "out0", GE_DTYPE_F32, &ys, &t.err);
    t.outputs[t.num_outputs++] = y;
    ge_graph_add_op(&t.g, GE_OP_RESHAPE, "reshape", &x, 1, &y, 1, NULL, &t.err);
    op_case cs = {"RESHAPE input -> output (copy)", 0.0, true};
    run_case(&t, &cs, -1, 1);
}

static void concat_case(const char* name, ge_dtype dt, int32_t n, int32_t axis, ge_activation act) {
    vk_graph t;
    vkg_init(&t);
    int32_t in[8];
    for (int32_t i = 0; i < n; i++) in[i] = vkg_input(&t, dt, axis == 3 ? VKS(1, 3, 4, 2 + 3 * i) : VKS(1, 1 + i, 4, 5));
    int32_t y = vkg_output(&t, dt);
    ge_op_params p;
    memset(&p, 0, sizeof(p));
    p.axis.axis = axis;
    p.axis.act = act;
    ge_graph_add_op(&t.g, GE_OP_CONCAT, name, in, n, &y, 1, &p, &t.err);
    op_case cs = {name, 0.0, n <= 7};
    run_case(&t, &cs, -100, 100);
}

static void split_case(const char* name, int32_t n, int32_t axis) {
    vk_graph t;
    vkg_init(&t);
    int32_t x = vkg_input(&t, GE_DTYPE_F32, VKS(2, 6, 3 * n, 4));
    int32_t out[8];
    for (int32_t i = 0; i < n; i++) out[i] = vkg_output(&t, GE_DTYPE_F32);
    ge_op_params p;
    memset(&p, 0, sizeof(p));
    p.axis.axis = axis;
    p.axis.num_splits = n;
    ge_graph_add_op(&t.g, GE_OP_SPLIT, name, &x, 1, out, n, &p, &t.err);
    op_case cs = {name, 0.0, true};
    run_case(&t, &cs, -1, 1);
}

static void pad_case(const char* name, ge_dtype dt, ge_shape xs, const int32_t* before, const int32_t* after, float v) {
    vk_graph t;
    vkg_init(&t);
    int32_t x = vkg_input(&t, dt, xs);
    int32_t y = vkg_output(&t, dt);
    ge_op_params p;
    memset(&p, 0, sizeof(p));
    for (int32_t i = 0; i < xs.rank; i++) p.pad.before[i] = before[i], p.pad.after[i] = after[i];
    p.pad.value = v;
    ge_graph_add_op(&t.g, GE_OP_PAD, name, &x, 1, &y, 1, &p, &t.err);
    op_case cs = {name, 0.0, true};
    run_case(&t, &cs, -50, 50);
}

static void d2s_case(void) {
    vk_graph t;
    vkg_init(&t);
    int32_t x = vkg_input(&t, GE_DTYPE_F32, VKS(2, 3, 5, 12));
    int32_t y = vkg_output(&t, GE_DTYPE_F32);
    ge_op_params p;
    memset(&p, 0, sizeof(p));
    p.block.block_size = 2;
    ge_graph_add_op(&t.g, GE_OP_DEPTH_TO_SPACE, "d2s", &x, 1, &y, 1, &p, &t.err);
    op_case cs = {"DEPTH_TO_SPACE block 2 batch 2", 0.0, true};
    run_case(&t, &cs, -1, 1);
}

static void resize_case(const char* name, int32_t h, int32_t w, int32_t oh, int32_t ow, bool align, bool half) {
    vk_graph t;
    vkg_init(&t);
    int32_t x = vkg_input(&t, GE_DTYPE_F32, VKS(1, h, w, 5));
    int32_t y = vkg_output(&t, GE_DTYPE_F32);
    ge_op_params p;
    memset(&p, 0, sizeof(p));
    p.resize.out_h = oh, p.resize.out_w = ow;
    p.resize.align_corners = align;
    p.resize.half_pixel_centers = half;
    ge_graph_add_op(&t.g, GE_OP_RESIZE_BILINEAR, name, &x, 1, &y, 1, &p, &t.err);
    op_case cs = {name, 0.0, true};
    run_case(&t, &cs, -1, 1);
}

static void layout_cases(void) {
    printf("data movement\n");
    cast_case("CAST i32 -> f32", GE_DTYPE_I32, GE_DTYPE_F32, -300000000.0f, 300000000.0f);
    cast_case("CAST f32 -> i32 (truncate)", GE_DTYPE_F32, GE_DTYPE_I32, -1000, 1000);
    reshape_case();
    concat_case("CONCAT 3 inputs on channels relu", GE_DTYPE_F32, 3, 3, GE_ACT_RELU);
    concat_case("CONCAT 2 inputs on H", GE_DTYPE_F32, 2, 1, GE_ACT_NONE);
    concat_case("CONCAT 7 i32 inputs", GE_DTYPE_I32, 7, 3, GE_ACT_NONE);
    concat_case("CONCAT 8 inputs (CPU)", GE_DTYPE_F32, 8, 3, GE_ACT_NONE);
    split_case("SPLIT 3 ways on W", 3, 2);
    split_case("SPLIT 2 ways on W", 2, -2);
    const int32_t ch_b[4] = {0, 0, 0, 0}, ch_a[4] = {0, 0, 0, 32};
    pad_case("PAD channels 32 -> 64 (palm)", GE_DTYPE_F32, VKS(1, 6, 6, 32), ch_b, ch_a, 0.0f);
    const int32_t sp_b[4] = {0, 1, 2, 0}, sp_a[4] = {0, 2, 1, 0};
    pad_case("PAD spatial value -1", GE_DTYPE_F32, VKS(1, 5, 4, 3), sp_b, sp_a, -1.0f);
    const int32_t r2_b[2] = {1, 0}, r2_a[2] = {0, 3};
    pad_case("PAD rank 2 i32 value 7", GE_DTYPE_I32, VKS(3, 4), r2_b, r2_a, 7.0f);
    d2s_case();
    resize_case("RESIZE_BILINEAR 6->12 half pixel", 6, 6, 12, 12, false, true);
    resize_case("RESIZE_BILINEAR 5x7->12x9 align corners", 5, 7, 12, 9, true, false);
    resize_case("RESIZE_BILINEAR 4->11 plain", 4, 4, 11, 11, false, false);
}

int main(void) {
    if (!vk_test_available()) return test_finish();
    conv_cases();
    printf("convolutions with f16 weights (fp16 models)\n");
    g_f16_weights = true;
    conv_cases();
    g_f16_weights = false;
    pool_cases();
    eltwise_cases();
    layout_cases();
    printf("%d cases\n", g_cases);
    vk_test_check_validation("end");
    return test_finish();
}
