/*
 * Output override and dead-op pruning (ge_pass_select_outputs / ge_pass_prune_dead_ops, and
 * glint_model_desc.output_names):
 *  - a hand-built graph: dead branches and the constants only they use disappear; errors for
 *    unknown, repeated and missing names;
 *  - hand_landmark_lite.tflite with an intermediate tensor (the global MEAN and its input) as
 *    outputs: only the ops up to it remain, and the MEAN output is the mean of its input;
 *  - MoveNet Lightning / Thunder with the four head tensors as outputs: the in-graph decode is
 *    gone and the heads are 1 x H x W x {1, 17, 34, 34}.
 * The model parts skip when the set-up cache is missing (unless GLINT_REQUIRE_MODELS is set).
 */
#include <stdio.h>
#include <string.h>

#include "engine/ge_graph.h"
#include "engine/ge_model.h"
#include "engine/ge_passes.h"
#include "glint/glint_model.h"
#include "test_util.h"
#include "util/gu_alloc.h"

static gu_allocator g_alloc;

static bool have_file(const char* path) {
    FILE* f = fopen(path, "rb");
    if (f) fclose(f);
    return f != NULL;
}

static bool models_required(void) { return getenv("GLINT_REQUIRE_MODELS") != NULL; }

static int32_t count_ops(const ge_graph* g, ge_op_type type) {
    int32_t n = 0;
    for (int32_t o = 0; o < g->num_ops; o++) n += g->ops[o].type == type;
    return n;
}

/*
 * in -> RELU -> a -> NEG -> b (output)
 *       a -> ABS -> c -> EXP -> d        (dead: nothing reads d)
 *       k (const) + a -> ADD -> e         (dead; k is used by nothing else)
 */
static void test_synthetic(void) {
    ge_graph g;
    glint_error err = {0};
    ge_graph_init(&g, &g_alloc);
    ge_shape s = {2, {1, 4}};
    int32_t in = ge_graph_add_tensor(&g, "in", GE_DTYPE_F32, &s, &err);
    int32_t a = ge_graph_add_tensor(&g, "a", GE_DTYPE_F32, &s, &err);
    int32_t b = ge_graph_add_tensor(&g, "b", GE_DTYPE_F32, &s, &err);
    int32_t c = ge_graph_add_tensor(&g, "c", GE_DTYPE_F32, &s, &err);
    int32_t d = ge_graph_add_tensor(&g, "d", GE_DTYPE_F32, &s, &err);
    int32_t e = ge_graph_add_tensor(&g, "e", GE_DTYPE_F32, &s, &err);
    float kv[4] = {1, 2, 3, 4};
    int32_t k = ge_graph_add_const(&g, "k", GE_DTYPE_F32, &s, kv, sizeof(kv), &err);
    CHECK(in >= 0 && a >= 0 && b >= 0 && c >= 0 && d >= 0 && e >= 0 && k >= 0);
    int32_t add_in[2] = {k, a};
    CHECK(ge_graph_add_op(&g, GE_OP_RELU, "relu", &in, 1, &a, 1, NULL, &err) >= 0);
    CHECK(ge_graph_add_op(&g, GE_OP_ABS, "abs", &a, 1, &c, 1, NULL, &err) >= 0);
    CHECK(ge_graph_add_op(&g, GE_OP_NEG, "neg", &a, 1, &b, 1, NULL, &err) >= 0);
    CHECK(ge_graph_add_op(&g, GE_OP_EXP, "exp", &c, 1, &d, 1, NULL, &err) >= 0);
    CHECK(ge_graph_add_op(&g, GE_OP_ADD, "add", add_in, 2, &e, 1, NULL, &err) >= 0);
    CHECK(ge_graph_set_io(&g, &in, 1, &b, 1, &err) == GLINT_SUCCESS);

    int32_t removed = -1;
    CHECK(ge_pass_prune_dead_ops(&g, &removed, &err) == GLINT_SUCCESS);
    CHECK(removed == 3);
    CHECK(g.num_ops == 2);
    CHECK(g.num_tensors == 3); /* in, a, b */
    CHECK(ge_graph_find_tensor(&g, "k") < 0 && ge_graph_find_tensor(&g, "d") < 0);
    CHECK(g.ops[0].type == GE_OP_RELU && g.ops[1].type == GE_OP_NEG);
    CHECK(strcmp(g.tensors[g.outputs[0]].name, "b") == 0);
    CHECK(strcmp(g.tensors[g.inputs[0]].name, "in") == 0);
    /* Nothing left to remove: a second run is a no-op. */
    CHECK(ge_pass_prune_dead_ops(&g, &removed, &err) == GLINT_SUCCESS && removed == 0 && g.num_ops == 2);

    /* Selecting an earlier tensor drops the NEG too. */
    const char* names_a[] = {"a"};
    CHECK(ge_pass_select_outputs(&g, names_a, 1, &removed, &err) == GLINT_SUCCESS);
    CHECK(removed == 1 && g.num_ops == 1 && g.num_outputs == 1);
    CHECK(strcmp(g.tensors[g.outputs[0]].name, "a") == 0);

    /* Errors name the culprit and leave the graph as it was. */
    const char* missing[] = {"a", "no_such_tensor"};
    CHECK(ge_pass_select_outputs(&g, missing, 2, NULL, &err) == GLINT_ERROR_INVALID_ARGUMENT);
    CHECK(strstr(err.message, "no_such_tensor") != NULL);
    const char* twice[] = {"a", "a"};
    CHECK(ge_pass_select_outputs(&g, twice, 2, NULL, &err) == GLINT_ERROR_INVALID_ARGUMENT);
    CHECK(strstr(err.message, "twice") != NULL);
    const char* null_name[] = {NULL};
    CHECK(ge_pass_select_outputs(&g, null_name, 1, NULL, &err) == GLINT_ERROR_INVALID_ARGUMENT);
    CHECK(ge_pass_select_outputs(&g, names_a, 0, NULL, &err) == GLINT_ERROR_INVALID_ARGUMENT);
    CHECK(ge_pass_select_outputs(&g, NULL, 1, NULL, &err) == GLINT_ERROR_INVALID_ARGUMENT);
    CHECK(g.num_ops == 1 && g.num_outputs == 1);
    ge_graph_free(&g);
}

static void fill_input(glint_model* m) {
    glint_tensor_info info;
    CHECK(glint_model_input_info(m, 0, &info) == GLINT_SUCCESS);
    static float buf[224 * 224 * 3];
    test_rng rng = {42};
    size_t n = info.bytes / sizeof(float);
    CHECK(n <= sizeof(buf) / sizeof(buf[0]));
    for (size_t i = 0; i < n; i++) buf[i] = test_rng_float(&rng, 0.0f, 1.0f);
    CHECK(glint_model_set_input(m, 0, buf, info.bytes) == GLINT_SUCCESS);
}

/* The global MEAN of hand_landmark_lite and its input as outputs: an intermediate tensor of a
 * .tflite model. */
static void test_tflite_intermediate(void) {
    char path[1024];
    snprintf(path, sizeof(path), "%s/models/mediapipe/hand_landmark_lite.tflite", test_cache_dir());
    if (!have_file(path)) {
        printf("skip tflite part: %s missing\n", path);
        CHECK(!models_required());
        return;
    }
    glint_error err = {0};
    glint_model_desc desc = {0};
    desc.path = path;
    glint_model* full = NULL;
    CHECK(glint_model_load(&desc, &full, &err) == GLINT_SUCCESS);
    if (!full) return;
    const ge_graph* fg = ge_model_graph(full);
    int32_t mean_op = -1;
    for (int32_t o = 0; o < fg->num_ops; o++)
        if (fg->ops[o].type == GE_OP_MEAN) mean_op = o;
    CHECK(mean_op >= 0);
    if (mean_op < 0) {
        glint_model_destroy(full);
        return;
    }
    char mean_in[256], mean_out[256];
    snprintf(mean_in, sizeof(mean_in), "%s", fg->tensors[fg->ops[mean_op].inputs[0]].name);
    snprintf(mean_out, sizeof(mean_out), "%s", fg->tensors[fg->ops[mean_op].outputs[0]].name);
    int32_t full_ops = fg->num_ops;
    glint_model_destroy(full);

    const char* names[] = {mean_out, mean_in};
    desc.output_names = names;
    desc.num_output_names = 2;
    glint_model* m = NULL;
    CHECK(glint_model_load(&desc, &m, &err) == GLINT_SUCCESS);
    if (!m) {
        fprintf(stderr, "load: %s\n", err.message);
        return;
    }
    const ge_graph* g = ge_model_graph(m);
    printf("hand_landmark_lite: %d ops, %d up to the MEAN ('%s')\n", (int)full_ops, (int)g->num_ops, mean_out);
    CHECK(glint_model_output_count(m) == 2);
    CHECK(g->num_ops == mean_op + 1); /* exactly the ops before it: the heads (FC, LOGISTIC) are gone */
    CHECK(count_ops(g, GE_OP_FULLY_CONNECTED) == 0 && count_ops(g, GE_OP_LOGISTIC) == 0);
    CHECK(g->ops[g->num_ops - 1].type == GE_OP_MEAN);
    glint_tensor_info oi, ii;
    CHECK(glint_model_output_info(m, 0, &oi) == GLINT_SUCCESS && strcmp(oi.name, mean_out) == 0);
    CHECK(glint_model_output_info(m, 1, &ii) == GLINT_SUCCESS && strcmp(ii.name, mean_in) == 0);
    CHECK(ii.rank == 4 && ii.shape[0] == 1);
    fill_input(m);
    CHECK(glint_model_run(m, &err) == GLINT_SUCCESS);
    const void* po = NULL;
    const void* pi = NULL;
    CHECK(glint_model_output(m, 0, &po, NULL) == GLINT_SUCCESS);
    CHECK(glint_model_output(m, 1, &pi, NULL) == GLINT_SUCCESS);
    if (po && pi && ii.rank == 4) {
        const float* x = pi;
        const float* mean = po;
        int32_t hw = ii.shape[1] * ii.shape[2], ch = ii.shape[3];
        CHECK((int64_t)oi.bytes == (int64_t)ch * 4);
        double worst = 0;
        for (int32_t c = 0; c < ch; c++) {
            double s = 0;
            for (int32_t p = 0; p < hw; p++) s += x[(size_t)p * ch + c];
            double diff = fabs(s / hw - mean[c]);
            if (diff > worst) worst = diff;
        }
        printf("hand_landmark_lite: MEAN of %dx%dx%d, max |err| %.3g\n", ii.shape[1], ii.shape[2], ch, worst);
        CHECK(worst < 1e-4);
    }
    glint_model_destroy(m);
}

static const char* const k_movenet_heads[4] = {
    "StatefulPartitionedCall/center_0/conv2d_4/BiasAdd",
    "StatefulPartitionedCall/kpt_heatmap_0/conv2d_5/BiasAdd",
    "StatefulPartitionedCall/kpt_regress_0/conv2d_6/BiasAdd",
    "StatefulPartitionedCall/kpt_offset_0/conv2d_7/BiasAdd",
};

static void test_movenet_heads(const char* name, int32_t grid) {
    char path[1024];
    snprintf(path, sizeof(path), "%s/models/tfjs/%s.json", test_cache_dir(), name);
    if (!have_file(path)) {
        printf("skip %s: %s missing\n", name, path);
        CHECK(!models_required());
        return;
    }
    glint_error err = {0};
    glint_model_desc desc = {0};
    desc.path = path;
    glint_model* full = NULL;
    CHECK(glint_model_load(&desc, &full, &err) == GLINT_SUCCESS);
    if (!full) {
        fprintf(stderr, "%s: %s\n", name, err.message);
        return;
    }
    glint_model_stats fs;
    glint_model_get_stats(full, &fs);
    const ge_graph* fg = ge_model_graph(full);
    CHECK(count_ops(fg, GE_OP_ARG_MAX) == 2 && count_ops(fg, GE_OP_GATHER_ND) >= 3);
    glint_model_destroy(full);

    desc.output_names = k_movenet_heads;
    desc.num_output_names = 4;
    glint_model* m = NULL;
    CHECK(glint_model_load(&desc, &m, &err) == GLINT_SUCCESS);
    if (!m) {
        fprintf(stderr, "%s heads: %s\n", name, err.message);
        return;
    }
    const ge_graph* g = ge_model_graph(m);
    glint_model_stats hs;
    glint_model_get_stats(m, &hs);
    printf("%s: %d ops -> %d with the heads as outputs; MACs %lld -> %lld; activations %zu -> %zu bytes\n", name,
           (int)fs.num_ops, (int)hs.num_ops, (long long)fs.macs, (long long)hs.macs, fs.activation_bytes,
           hs.activation_bytes);
    /* Everything after the heads' last 1x1 convs is gone: sigmoids, argmaxes, gathers, casts. */
    CHECK(hs.num_ops < fs.num_ops);
    CHECK(count_ops(g, GE_OP_ARG_MAX) == 0 && count_ops(g, GE_OP_GATHER_ND) == 0);
    CHECK(count_ops(g, GE_OP_LOGISTIC) == 0 && count_ops(g, GE_OP_FLOOR_DIV) == 0);
    CHECK(count_ops(g, GE_OP_SQRT) == 0 && count_ops(g, GE_OP_SQUARED_DIFFERENCE) == 0);
    CHECK(hs.macs == fs.macs); /* the decode has no convolutions */
    /* The last op of the graph writes a head, and every op left feeds one. */
    static const int32_t channels[4] = {1, 17, 34, 34};
    CHECK(glint_model_output_count(m) == 4);
    for (int32_t i = 0; i < 4 && i < glint_model_output_count(m); i++) {
        glint_tensor_info info;
        CHECK(glint_model_output_info(m, i, &info) == GLINT_SUCCESS);
        CHECK(strcmp(info.name, k_movenet_heads[i]) == 0);
        CHECK(info.dtype == GLINT_DTYPE_F32);
        CHECK_MSG(info.rank == 4 && info.shape[0] == 1 && info.shape[1] == grid && info.shape[2] == grid &&
                      info.shape[3] == channels[i],
                  "%s: rank %d shape %dx%dx%dx%d", info.name, info.rank, info.shape[0], info.shape[1],
                  info.shape[2], info.shape[3]);
    }
    glint_model_destroy(m);

    /* A misspelt head is a clear error. */
    const char* bad[] = {"StatefulPartitionedCall/center_0/conv2d_4/BiasAd"};
    desc.output_names = bad;
    desc.num_output_names = 1;
    CHECK(glint_model_load(&desc, &m, &err) == GLINT_ERROR_INVALID_ARGUMENT);
    CHECK(strstr(err.message, "BiasAd'") != NULL);
}

int main(void) {
    gu_allocator_init(&g_alloc, NULL);
    test_synthetic();
    test_tflite_intermediate();
    test_movenet_heads("movenet-lightning", 48);
    test_movenet_heads("movenet-thunder", 64);
    CHECK(g_alloc.live_allocations == 0);
    return test_finish();
}
