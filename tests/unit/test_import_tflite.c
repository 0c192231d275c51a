/*
 * TFLite importer on the eight real MediaPipe models: graph I/O names, shapes and dtypes,
 * op counts (docs: models.md section 3.1), the DENSIFY mapping of pose_detection, import from
 * a misaligned copy, and the import time of each model.
 *
 * The models come from the set-up cache ($GLINT_CACHE_DIR/models/mediapipe). A missing file
 * is skipped with a message, unless GLINT_REQUIRE_MODELS is set (CI sets it): then it fails.
 * Malformed and hostile files are in test_import_tflite_bad.c.
 */
#include <time.h>

#include "engine/ge_graph.h"
#include "engine/import/ge_import.h"
#include "test_util.h"
#include "unit/test_import_tflite_util.h"

typedef struct io_spec {
    const char* name;
    int32_t rank;
    int32_t dim[4];
} io_spec;

typedef struct op_count {
    ge_op_type type;
    int32_t count;
} op_count;

typedef struct model_spec {
    const char* file;
    io_spec input;
    int32_t num_outputs;
    io_spec outputs[5];
    op_count ops[12]; /* terminated by a zero count */
    int32_t num_ops;
} model_spec;

#define PALM_OUTPUTS {{"Identity", 3, {1, 2016, 18}}, {"Identity_1", 3, {1, 2016, 1}}}
#define HAND_OUTPUTS \
    {{"Identity", 2, {1, 63}}, {"Identity_1", 2, {1, 1}}, {"Identity_2", 2, {1, 1}}, {"Identity_3", 2, {1, 63}}}
#define POSE_LM_OUTPUTS                                                                                    \
    {{"Identity", 2, {1, 195}}, {"Identity_1", 2, {1, 1}}, {"Identity_2", 4, {1, 256, 256, 1}},            \
     {"Identity_3", 4, {1, 64, 64, 39}}, {"Identity_4", 2, {1, 117}}}

/* Op counts from models.md 3.1 (measured on the files with tflite_inspect.py). */
static const model_spec k_models[] = {
    {"palm_detection_lite.tflite", {"input_1", 4, {1, 192, 192, 3}}, 2, PALM_OUTPUTS,
     {{GE_OP_DEQUANTIZE, 113}, {GE_OP_CONV2D, 30}, {GE_OP_PRELU, 26}, {GE_OP_ADD, 25},
      {GE_OP_DEPTHWISE_CONV2D, 23}, {GE_OP_MAX_POOL2D, 4}, {GE_OP_RESHAPE, 4}, {GE_OP_PAD, 3},
      {GE_OP_RESIZE_BILINEAR, 2}, {GE_OP_CONCAT, 2}},
     232},
    {"palm_detection_full.tflite", {"input_1", 4, {1, 192, 192, 3}}, 2, PALM_OUTPUTS,
     {{GE_OP_DEQUANTIZE, 133}, {GE_OP_CONV2D, 35}, {GE_OP_PRELU, 31}, {GE_OP_ADD, 30},
      {GE_OP_DEPTHWISE_CONV2D, 28}, {GE_OP_MAX_POOL2D, 4}, {GE_OP_RESHAPE, 4}, {GE_OP_PAD, 3},
      {GE_OP_RESIZE_BILINEAR, 2}, {GE_OP_CONCAT, 2}},
     272},
    {"hand_landmark_lite.tflite", {"input_1", 4, {1, 224, 224, 3}}, 4, HAND_OUTPUTS,
     {{GE_OP_DEQUANTIZE, 102}, {GE_OP_CONV2D, 31}, {GE_OP_DEPTHWISE_CONV2D, 16}, {GE_OP_ADD, 10},
      {GE_OP_FULLY_CONNECTED, 4}, {GE_OP_LOGISTIC, 2}, {GE_OP_MAX_POOL2D, 1}, {GE_OP_MEAN, 1}},
     167},
    {"hand_landmark_full.tflite", {"input_1", 4, {1, 224, 224, 3}}, 4, HAND_OUTPUTS,
     {{GE_OP_DEQUANTIZE, 102}, {GE_OP_CONV2D, 31}, {GE_OP_DEPTHWISE_CONV2D, 16}, {GE_OP_ADD, 9},
      {GE_OP_FULLY_CONNECTED, 4}, {GE_OP_LOGISTIC, 2}, {GE_OP_MEAN, 1}},
     165},
    {"pose_detection.tflite", {"input_1", 4, {1, 224, 224, 3}}, 2,
     {{"Identity", 3, {1, 2254, 12}}, {"Identity_1", 3, {1, 2254, 1}}},
     {{GE_OP_DEQUANTIZE, 144}, {GE_OP_CONV2D, 45}, {GE_OP_DENSIFY, 38}, {GE_OP_DEPTHWISE_CONV2D, 28},
      {GE_OP_ADD, 15}, {GE_OP_PAD, 8}, {GE_OP_RESHAPE, 6}, {GE_OP_DEPTH_TO_SPACE, 3},
      {GE_OP_RESIZE_BILINEAR, 2}, {GE_OP_CONCAT, 2}},
     291},
    {"pose_landmark_lite.tflite", {"input_1", 4, {1, 256, 256, 3}}, 5, POSE_LM_OUTPUTS,
     {{GE_OP_DEQUANTIZE, 176}, {GE_OP_CONV2D, 54}, {GE_OP_DEPTHWISE_CONV2D, 34}, {GE_OP_ADD, 25},
      {GE_OP_PAD, 5}, {GE_OP_RESIZE_BILINEAR, 5}, {GE_OP_RESHAPE, 3}, {GE_OP_MAX_POOL2D, 2},
      {GE_OP_LOGISTIC, 1}},
     305},
    {"pose_landmark_full.tflite", {"input_1", 4, {1, 256, 256, 3}}, 5, POSE_LM_OUTPUTS,
     {{GE_OP_DEQUANTIZE, 192}, {GE_OP_CONV2D, 58}, {GE_OP_DEPTHWISE_CONV2D, 38}, {GE_OP_ADD, 28},
      {GE_OP_PAD, 5}, {GE_OP_RESIZE_BILINEAR, 5}, {GE_OP_RESHAPE, 3}, {GE_OP_MAX_POOL2D, 2},
      {GE_OP_LOGISTIC, 1}},
     332},
    {"pose_landmark_heavy.tflite", {"input_1", 4, {1, 256, 256, 3}}, 5, POSE_LM_OUTPUTS,
     {{GE_OP_DEQUANTIZE, 396}, {GE_OP_CONV2D, 116}, {GE_OP_DEPTHWISE_CONV2D, 82}, {GE_OP_ADD, 73},
      {GE_OP_PAD, 8}, {GE_OP_RESIZE_BILINEAR, 5}, {GE_OP_MAX_POOL2D, 5}, {GE_OP_RESHAPE, 3},
      {GE_OP_LOGISTIC, 1}},
     689},
};

static double now_ms(void) {
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

static void check_io(const ge_graph* g, int32_t t, const io_spec* want, const char* model) {
    const ge_tensor* ts = &g->tensors[t];
    CHECK_MSG(strcmp(ts->name, want->name) == 0, "%s: tensor '%s', expected '%s'", model, ts->name, want->name);
    CHECK_MSG(ts->dtype == GE_DTYPE_F32, "%s: '%s' dtype %s", model, ts->name, ge_dtype_name(ts->dtype));
    ge_shape s = {want->rank, {0}};
    for (int32_t d = 0; d < want->rank; d++) s.dim[d] = want->dim[d];
    char got[64], exp[64];
    ge_shape_format(&ts->shape, got, sizeof(got));
    ge_shape_format(&s, exp, sizeof(exp));
    CHECK_MSG(ge_shape_equal(&ts->shape, &s), "%s: '%s' shape %s, expected %s", model, ts->name, got, exp);
}

/* DENSIFY: F16 1-D constant of stored values in, dense F16 out, a CSR last level. */
static void check_densify(const ge_graph* g, const char* model) {
    int32_t n = 0;
    int64_t values = 0;
    for (int32_t o = 0; o < g->num_ops; o++) {
        const ge_op* op = &g->ops[o];
        if (op->type != GE_OP_DENSIFY) continue;
        n++;
        const ge_tensor* in = &g->tensors[op->inputs[0]];
        const ge_tensor* out = &g->tensors[op->outputs[0]];
        const ge_densify_params* p = &op->params.densify;
        CHECK_MSG(in->data && in->dtype == GE_DTYPE_F16 && in->shape.rank == 1, "%s: DENSIFY %d input", model, o);
        CHECK_MSG(out->dtype == GE_DTYPE_F16 && out->shape.rank == 4, "%s: DENSIFY %d output", model, o);
        CHECK(p->num_dims == 4);
        CHECK(p->dim_format[0] == 0 && p->dim_format[3] == 1);
        CHECK(p->num_indices[3] == in->shape.dim[0]);
        CHECK(p->num_segments[3] == out->shape.dim[0] * out->shape.dim[1] * out->shape.dim[2] + 1);
        values += in->shape.dim[0];
    }
    CHECK_MSG(n == 38, "%s: %d DENSIFY ops", model, (int)n);
    CHECK_MSG(values == 680895, "%s: %lld stored sparse values (models.md: 680,895)", model, (long long)values);
}

static int import_one(const model_spec* m, bool require) {
    char path[1024];
    snprintf(path, sizeof(path), "%s/models/mediapipe/%s", test_cache_dir(), m->file);
    size_t size = 0;
    uint8_t* data = tflt_read_file(path, &size);
    if (!data) {
        if (require) {
            CHECK_MSG(data != NULL, "%s is missing and GLINT_REQUIRE_MODELS is set", path);
        } else {
            printf("skip: %s not found (run tools/setup.sh; set GLINT_REQUIRE_MODELS to make this fail)\n", path);
        }
        return 0;
    }
    gu_allocator alloc;
    gu_allocator_init(&alloc, NULL);
    ge_graph g;
    ge_graph_init(&g, &alloc);
    glint_error err = {0};
    double t0 = now_ms();
    glint_result r = ge_import_tflite(&g, data, size, &err);
    double t1 = now_ms();
    CHECK_MSG(r == GLINT_SUCCESS, "%s: %s", m->file, err.message);
    if (r == GLINT_SUCCESS) {
        printf("%-28s import %7.2f ms  %4d ops %5d tensors  %zu bytes\n", m->file, t1 - t0, (int)g.num_ops,
               (int)g.num_tensors, size);
        CHECK(g.num_inputs == 1);
        if (g.num_inputs == 1) check_io(&g, g.inputs[0], &m->input, m->file);
        CHECK_MSG(g.num_outputs == m->num_outputs, "%s: %d outputs", m->file, (int)g.num_outputs);
        for (int32_t k = 0; k < g.num_outputs && k < m->num_outputs; k++) check_io(&g, g.outputs[k], &m->outputs[k], m->file);

        ge_graph_stats st;
        ge_graph_stats_compute(&g, &st);
        int32_t listed = 0;
        for (int k = 0; k < 12 && m->ops[k].count; k++) {
            CHECK_MSG(st.op_counts[m->ops[k].type] == m->ops[k].count, "%s: %d %s ops, expected %d", m->file,
                      (int)st.op_counts[m->ops[k].type], ge_op_name(m->ops[k].type), (int)m->ops[k].count);
            listed += m->ops[k].count;
        }
        CHECK_MSG(g.num_ops == m->num_ops && listed == m->num_ops, "%s: %d ops (table %d, listed %d)", m->file,
                  (int)g.num_ops, (int)m->num_ops, (int)listed);
        /* Every weight is an F16 constant feeding its own DEQUANTIZE (kept for constant folding). */
        for (int32_t o = 0; o < g.num_ops; o++) {
            const ge_op* op = &g.ops[o];
            if (op->type != GE_OP_DEQUANTIZE) continue;
            const ge_tensor* in = &g.tensors[op->inputs[0]];
            CHECK_MSG(in->dtype == GE_DTYPE_F16, "%s: DEQUANTIZE %d reads %s", m->file, (int)o,
                      ge_dtype_name(in->dtype));
            CHECK(g.tensors[op->outputs[0]].dtype == GE_DTYPE_F32);
        }
        if (strcmp(m->file, "pose_detection.tflite") == 0) check_densify(&g, m->file);
    }
    ge_graph_free(&g);
    CHECK_MSG(alloc.live_allocations == 0, "%s: %zu allocations leaked", m->file, alloc.live_allocations);

    /* The same bytes at an odd address (palm_detection_full sits at offset 11 of its blob). */
    if (strcmp(m->file, "palm_detection_full.tflite") == 0) {
        uint8_t* odd = malloc(size + 11);
        if (odd) {
            memcpy(odd + 11, data, size);
            ge_graph g2;
            ge_graph_init(&g2, &alloc);
            r = ge_import_tflite(&g2, odd + 11, size, &err);
            CHECK_MSG(r == GLINT_SUCCESS && g2.num_ops == m->num_ops, "misaligned %s: %s", m->file, err.message);
            ge_graph_free(&g2);
            free(odd);
        }
    }
    free(data);
    return 1;
}

int main(void) {
    bool require = getenv("GLINT_REQUIRE_MODELS") && getenv("GLINT_REQUIRE_MODELS")[0];
    int found = 0;
    for (size_t k = 0; k < sizeof(k_models) / sizeof(k_models[0]); k++) found += import_one(&k_models[k], require);
    if (found == 0) printf("skip: no MediaPipe model found under %s/models/mediapipe\n", test_cache_dir());
    return test_finish();
}
