/*
 * The CPU backend on whole graphs: the executor with the fast kernels against the executor on
 * the reference kernels, op by op (every op's outputs compared right after it runs: int8 bit
 * for bit, f32 within a tolerance), on
 *   - the small network of test_quant_util.h (every op family), f32 and its int8 rewrite;
 *   - hand_landmark_lite.tflite and its int8 rewrite (calibrated on one real photo), when the
 *     model cache is there (skipped where files are not reachable, e.g. under Node, and under
 *     qemu in CI: GLINT_TEST_SKIP_MODELS).
 * And dispatch: the kernel chosen for an int8 1x1 conv is the one for this machine's best
 * ISA (under qemu -cpu cortex-a53 that is NEON, not dotprod), and GLINT_ISA-style caps work.
 */
#include "common/gs_image.h"
#include "engine/calib/ge_calib.h"
#include "engine/ge_isa.h"
#include "engine/ge_model.h"
#include "engine/ge_quant.h"
#include "engine/import/ge_import.h"
#include "test_quant_util.h"
#include "util/gu_file.h"

static gu_allocator g_alloc;

/* Largest |a - b| / (1 + |b|) of one f32 tensor, or count of differing bytes otherwise. */
static void compare_tensor(const char* what, const ge_graph* g, int32_t t, const ge_exec* fast, const ge_exec* ref,
                           double tol, double* worst) {
    const ge_tensor* ts = &g->tensors[t];
    const int64_t n = ge_shape_elements(&ts->shape);
    const void* a = ge_exec_tensor_data(fast, t);
    const void* b = ge_exec_tensor_data(ref, t);
    if (ts->dtype == GE_DTYPE_F32) {
        const float* x = a;
        const float* y = b;
        double w = 0;
        int64_t at = 0;
        for (int64_t i = 0; i < n; i++) {
            double d = fabs((double)x[i] - (double)y[i]) / (1.0 + fabs((double)y[i]));
            if (d > w || (isnan(x[i]) != isnan(y[i]))) w = isnan(x[i]) != isnan(y[i]) ? 1e9 : d, at = i;
        }
        if (w > *worst) *worst = w;
        CHECK_MSG(w <= tol, "%s: tensor %s differs by %g (relative) at %lld: %g vs %g", what, ts->name, w,
                  (long long)at, (double)x[at], (double)y[at]);
    } else {
        const size_t bytes = (size_t)n * ge_dtype_size(ts->dtype);
        int64_t bad = -1;
        for (size_t i = 0; i < bytes && bad < 0; i++)
            if (((const uint8_t*)a)[i] != ((const uint8_t*)b)[i]) bad = (int64_t)i;
        CHECK_MSG(bad < 0, "%s: tensor %s (%s) differs at byte %lld: %d vs %d", what, ts->name,
                  ge_dtype_name(ts->dtype), (long long)bad, bad >= 0 ? ((const int8_t*)a)[bad] : 0,
                  bad >= 0 ? ((const int8_t*)b)[bad] : 0);
    }
}

/*
 * Runs g on input x through both executors op by op; returns the worst f32 difference.
 * isolated: before each op, the fast executor's inputs are overwritten with the reference's, so a
 * difference is that op's own; otherwise the runs are independent (which also catches a kernel
 * writing outside its output into a tensor that is still live).
 */
static double compare_graph_mode(const char* what, ge_graph* g, const void* x, double tol, int threads,
                                 bool isolated) {
    glint_error err = {0};
    if (g->activation_bytes == 0)
        CHECK_MSG(ge_plan_memory(g, (size_t)1 << 30, &err) == GLINT_SUCCESS, "%s", err.message);
    ge_exec fast, ref;
    ge_exec_options of = {false, threads, false}, orf = {false, 1, true};
    CHECK_MSG(ge_exec_init_ex(&fast, g, &g_alloc, &of, &err) == GLINT_SUCCESS, "%s", err.message);
    CHECK_MSG(ge_exec_init_ex(&ref, g, &g_alloc, &orf, &err) == GLINT_SUCCESS, "%s", err.message);
    const ge_tensor* in = &g->tensors[g->inputs[0]];
    const size_t bytes = (size_t)ge_shape_elements(&in->shape) * ge_dtype_size(in->dtype);
    memcpy(ge_exec_tensor_data(&fast, g->inputs[0]), x, bytes);
    memcpy(ge_exec_tensor_data(&ref, g->inputs[0]), x, bytes);
    double worst = 0;
    int fast_ops = 0;
    for (int32_t o = 0; o < g->num_ops; o++) {
        /* inputs from the reference run, so a difference is the op's own, not an inherited one */
        const ge_op* op = &g->ops[o];
        for (int32_t i = 0; i < op->num_inputs && isolated; i++) {
            const int32_t t = op->inputs[i];
            if (t < 0 || g->tensors[t].data) continue;
            const ge_tensor* ts = &g->tensors[t];
            memcpy(ge_exec_tensor_data(&fast, t), ge_exec_tensor_data(&ref, t),
                   (size_t)ge_shape_elements(&ts->shape) * ge_dtype_size(ts->dtype));
        }
        CHECK_MSG(ge_exec_run_op(&fast, o, &err) == GLINT_SUCCESS, "%s", err.message);
        CHECK_MSG(ge_exec_run_op(&ref, o, &err) == GLINT_SUCCESS, "%s", err.message);
        fast_ops += strcmp(ge_exec_kernel_name(&fast, o), "ref") != 0;
        char w[256];
        snprintf(w, sizeof(w), "%s op %d %s (%s)", what, (int)o, ge_op_name(op->type), ge_exec_kernel_name(&fast, o));
        for (int32_t i = 0; i < op->num_outputs; i++) compare_tensor(w, g, op->outputs[i], &fast, &ref, tol, &worst);
    }
    printf("%s (%s): %d ops, %d on fast kernels, %d threads, worst f32 difference %.3g\n", what,
           isolated ? "op by op" : "whole run", (int)g->num_ops, fast_ops, threads, worst);
    CHECK_MSG(fast_ops > 0, "%s: no op ran on a fast kernel", what);
    ge_exec_free(&fast);
    ge_exec_free(&ref);
    return worst;
}

static double compare_graph(const char* what, ge_graph* g, const void* x, double tol, int threads) {
    double a = compare_graph_mode(what, g, x, tol, threads, true);
    double b = compare_graph_mode(what, g, x, tol * 10, threads, false);
    return a > b ? a : b;
}

/* min/max ranges of every tensor over the given inputs (ge_calib), then the int8 rewrite. */
static bool quantize(const ge_graph* f, const void* const* samples, int n, ge_graph* q) {
    glint_error err = {0};
    ge_calib c;
    ge_tensor_range* ranges = calloc((size_t)f->num_tensors, sizeof(*ranges));
    bool ok = ge_calib_init(&c, f, &g_alloc, &err) == GLINT_SUCCESS;
    for (int s = 0; s < n && ok; s++) ok = ge_calib_add_sample(&c, &samples[s], &err) == GLINT_SUCCESS;
    ok = ok && ge_calib_compute(&c, GE_OBSERVER_MINMAX, ranges, NULL, NULL, &err) == GLINT_SUCCESS;
    ge_calib_free(&c);
    ge_quant_options opt = {ranges, NULL, false};
    ge_graph_init(q, &g_alloc);
    ok = ok && ge_quant_int8(f, &opt, q, NULL, &err) == GLINT_SUCCESS;
    CHECK_MSG(ok, "quantize: %s", err.message);
    free(ranges);
    return ok;
}

static void small_net(void) {
    glint_error err = {0};
    ge_graph f, q;
    ge_graph_init(&f, &g_alloc);
    CHECK_MSG(tq_build_net(&f, 7, &err) == GLINT_SUCCESS, "%s", err.message);
    test_rng rng = {42};
    static float x[4][TQ_INPUT_ELEMS];
    const void* samples[4];
    for (int s = 0; s < 4; s++) {
        tq_rand_input(&rng, x[s], TQ_INPUT_ELEMS);
        samples[s] = x[s];
    }
    compare_graph("small net f32", &f, x[0], 1e-4, 1);
    compare_graph("small net f32", &f, x[1], 1e-4, 3);
    if (quantize(&f, samples, 4, &q)) {
        compare_graph("small net int8", &q, x[2], 1e-4, 1);
        compare_graph("small net int8", &q, x[3], 1e-4, 3);
        ge_graph_free(&q);
    }
    ge_graph_free(&f);
}

/* A one-op int8 1x1 conv: which kernel does dispatch pick under each ISA cap? */
static const char* picked_qs8_conv1x1(void) {
    static int8_t xd[1 * 4 * 4 * 16], wd[32 * 16];
    float one = 0.05f;
    int32_t zero = 0;
    float ws[32];
    int32_t wz[32];
    for (int i = 0; i < 32; i++) ws[i] = 0.01f, wz[i] = 0;
    ge_quant qx = {-1, 1, &one, &zero}, qw = {0, 32, ws, wz}, qy = {-1, 1, &one, &zero};
    ge_view in[3], out[1];
    memset(in, 0, sizeof(in));
    memset(out, 0, sizeof(out));
    in[0] = (ge_view){GE_DTYPE_I8, {4, {1, 4, 4, 16}}, xd, &qx};
    in[1] = (ge_view){GE_DTYPE_I8, {4, {32, 1, 1, 16}}, wd, &qw};
    out[0] = (ge_view){GE_DTYPE_I8, {4, {1, 4, 4, 32}}, NULL, &qy};
    int32_t ins[3] = {0, 1, -1}, outs[1] = {2};
    ge_op op;
    memset(&op, 0, sizeof(op));
    op.type = GE_OP_CONV2D;
    op.num_inputs = 3;
    op.inputs = ins;
    op.num_outputs = 1;
    op.outputs = outs;
    op.params.conv.stride_h = op.params.conv.stride_w = 1;
    op.params.conv.padding = GE_PADDING_VALID;
    const ge_cpu_kernel* k = ge_cpu_select(&op, in, out);
    return k ? k->name : "ref";
}

static bool ends_with(const char* s, const char* suffix) {
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void dispatch(void) {
    const uint32_t isa = ge_isa_available();
    char names[128];
    ge_isa_format(isa, names, sizeof(names));
    const char* want = (isa & GE_ISA_AVX512VNNI) ? "_avx512vnni"
                       : (isa & GE_ISA_AVX2)     ? "_avx2"
                       : (isa & GE_ISA_DOTPROD)  ? "_dotprod"
                       : (isa & GE_ISA_NEON)     ? "_neon"
                       : (isa & GE_ISA_WASM_SIMD) ? "_wasm"
                                                  : "_scalar";
    const char* got = picked_qs8_conv1x1();
    printf("ISA %s: int8 1x1 conv runs on %s\n", names, got);
    CHECK_MSG(ends_with(got, want), "picked %s, want *%s", got, want);
    /* capped at scalar: the portable kernel */
    CHECK(ge_isa_set_limit("scalar"));
    CHECK(ge_isa_available() == 0);
    got = picked_qs8_conv1x1();
    CHECK_MSG(ends_with(got, "_scalar"), "capped: picked %s", got);
    CHECK(!ge_isa_set_limit("no-such-isa"));
    CHECK(ge_isa_set_limit(NULL));
    CHECK(ge_isa_available() == ge_isa_detected());
}

/* x (h x w x 3, [0, 1]): the hand photo squeezed to size (nearest; any real content will do),
 * or noise when the photo is not there. */
static void photo_input(int h, int w, float* x) {
    char photo[1024];
    snprintf(photo, sizeof(photo), "%s/images/hand_right_open_palm.png", test_cache_dir());
    gs_image im;
    const char* why = NULL;
    if (gs_image_load(photo, &im, &why) == 0) {
        for (int y = 0; y < h; y++)
            for (int xx = 0; xx < w; xx++)
                for (int c = 0; c < 3; c++) {
                    const uint8_t* row = im.rgb + (size_t)(y * im.height / h) * 3 * (size_t)im.width;
                    x[(y * w + xx) * 3 + c] = row[(size_t)(xx * im.width / w) * 3 + c] / 255.0f;
                }
        gs_image_free(&im);
    } else {
        test_rng rng = {5};
        for (int i = 0; i < h * w * 3; i++) x[i] = test_rng_float(&rng, 0.0f, 1.0f);
    }
}

/* hand_landmark_lite on a real hand photo: f32, then int8 calibrated on that photo. */
static void real_model(void) {
    if (getenv("GLINT_TEST_SKIP_MODELS")) { /* the emulated CI stages test kernels and small graphs only */
        printf("skipped the real model (GLINT_TEST_SKIP_MODELS)\n");
        return;
    }
    char path[1024];
    snprintf(path, sizeof(path), "%s/models/mediapipe/hand_landmark_lite.tflite", test_cache_dir());
    void* file = NULL;
    size_t size = 0;
    glint_error err = {0};
    if (gu_file_read(path, &g_alloc, (size_t)1 << 28, &file, &size, &err) != GLINT_SUCCESS) {
        printf("skipped the real model: %s\n", err.message);
        return;
    }
    ge_graph f, q;
    ge_graph_init(&f, &g_alloc);
    CHECK_MSG(ge_import_tflite(&f, file, size, &err) == GLINT_SUCCESS, "%s", err.message);
    gu_free_aligned(&g_alloc, file);
    CHECK_MSG(ge_passes_run_default(&f, &err) == GLINT_SUCCESS, "%s", err.message);
    float* x = calloc(224 * 224 * 3, sizeof(float));
    photo_input(224, 224, x);
    compare_graph("hand_landmark_lite f32", &f, x, 2e-3, 1);
    const void* samples[1] = {x};
    if (quantize(&f, samples, 1, &q)) {
        compare_graph("hand_landmark_lite int8", &q, x, 2e-3, 1);
        compare_graph("hand_landmark_lite int8", &q, x, 2e-3, 2);
        ge_graph_free(&q);
    }
    ge_graph_free(&f);
    free(x);
}

/* The public API's num_threads: the same bits with 1 and 3 threads (no kernel splits a sum). */
static void api_threads(void) {
    if (getenv("GLINT_TEST_SKIP_MODELS")) return;
    char path[1024];
    snprintf(path, sizeof(path), "%s/models/mediapipe/hand_landmark_lite.tflite", test_cache_dir());
    float* x = calloc(224 * 224 * 3, sizeof(float));
    photo_input(224, 224, x);
    float* out[2] = {NULL, NULL};
    size_t bytes = 0;
    for (int k = 0; k < 2; k++) {
        glint_model_desc desc;
        memset(&desc, 0, sizeof(desc));
        desc.path = path;
        desc.num_threads = k ? 3 : 1;
        glint_model* m = NULL;
        glint_error err = {0};
        if (glint_model_load(&desc, &m, &err) != GLINT_SUCCESS) {
            printf("skipped the threads check: %s\n", err.message);
            break;
        }
        CHECK(glint_model_set_input(m, 0, x, 224 * 224 * 3 * sizeof(float)) == GLINT_SUCCESS);
        CHECK(glint_model_run(m, &err) == GLINT_SUCCESS);
        const void* data = NULL;
        CHECK(glint_model_output(m, 0, &data, &bytes) == GLINT_SUCCESS);
        out[k] = malloc(bytes);
        memcpy(out[k], data, bytes);
        glint_model_destroy(m);
    }
    if (out[0] && out[1]) CHECK_MSG(memcmp(out[0], out[1], bytes) == 0, "1 and 3 threads give different outputs");
    free(out[0]);
    free(out[1]);
    free(x);
}

/* GLINT_COMPARE_MODEL=FILE: any model glint loads (.tflite, model.json, .glint), random input. */
static void env_model(void) {
    const char* path = getenv("GLINT_COMPARE_MODEL");
    if (!path || !path[0]) return;
    glint_model_desc desc;
    memset(&desc, 0, sizeof(desc));
    desc.path = path;
    glint_model* m = NULL;
    glint_error err = {0};
    CHECK_MSG(glint_model_load(&desc, &m, &err) == GLINT_SUCCESS, "%s: %s", path, err.message);
    if (!m) return;
    ge_graph* g = (ge_graph*)ge_model_graph(m);
    const ge_tensor* in = &g->tensors[g->inputs[0]];
    const int64_t n = ge_shape_elements(&in->shape);
    float* x = calloc((size_t)n, sizeof(float));
    const char* raw = getenv("GLINT_COMPARE_INPUT"); /* a raw f32 tensor of the input's size */
    FILE* fr = raw && raw[0] ? fopen(raw, "rb") : NULL;
    if (fr) {
        CHECK(fread(x, sizeof(float), (size_t)n, fr) == (size_t)n);
        fclose(fr);
    } else if (in->shape.rank == 4 && in->shape.dim[3] == 3 && in->dtype == GE_DTYPE_F32) {
        photo_input(in->shape.dim[1], in->shape.dim[2], x);
    } else {
        test_rng rng = {77};
        for (int64_t i = 0; i < n; i++) x[i] = test_rng_float(&rng, 0.0f, 1.0f);
    }
    compare_graph(path, g, x, 2e-3, 1);
    free(x);
    glint_model_destroy(m);
}

int main(void) {
    gu_allocator_init(&g_alloc, NULL);
    if (getenv("GLINT_COMPARE_MODEL")) {
        env_model();
        return test_finish();
    }
    dispatch();
    small_net();
    real_model();
    api_threads();
    CHECK_MSG(g_alloc.live_allocations == 0, "%zu allocations leaked", g_alloc.live_allocations);
    return test_finish();
}
