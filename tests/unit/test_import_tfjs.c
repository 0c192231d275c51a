/*
 * TF.js importer on the five real graph models (models.md section 4): inputs, outputs,
 * parameter and MAC counts, the TF op set each model uses (printed, and every op must lower),
 * the MultiPose input-shape override, and import time. Skips (exit 0) when the models are
 * missing, unless GLINT_REQUIRE_MODELS is set.
 */
#include <stdio.h>
#include <string.h>

#include "engine/ge_graph.h"
#include "engine/import/ge_import.h"
#include "test_util.h"
#include "util/gu_alloc.h"
#include "util/gu_file.h"
#include "util/gu_json.h"
#include "util/gu_time.h"

static gu_allocator g_alloc;

static double now_ms(void) { return (double)gu_time_ns() * 1e-6; }

static void model_path(char* buf, size_t size, const char* name) {
    snprintf(buf, size, "%s/models/tfjs/%s.json", test_cache_dir(), name);
}

static bool have_file(const char* path) {
    FILE* f = fopen(path, "rb");
    if (f) fclose(f);
    return f != NULL;
}

/* Prints the TF op histogram of model.json (the op set each model needs). */
static void dump_op_set(const char* name, const char* path) {
    void* data = NULL;
    size_t size = 0;
    glint_error err = {0};
    if (gu_file_read(path, &g_alloc, (size_t)64 << 20, &data, &size, &err) < 0) return;
    gu_arena arena;
    gu_arena_init(&arena, &g_alloc, 0);
    const gu_json* root = NULL;
    if (gu_json_parse(&arena, data, size, NULL, &root, &err) == GLINT_SUCCESS) {
        const gu_json* nodes = gu_json_get(gu_json_get(root, "modelTopology"), "node");
        const char* ops[128];
        int counts[128], num = 0;
        for (size_t i = 0; i < gu_json_count(nodes); i++) {
            const char* op = gu_json_string(gu_json_get(gu_json_at(nodes, i), "op"), NULL);
            if (!op) continue;
            int k = 0;
            while (k < num && strcmp(ops[k], op) != 0) k++;
            if (k == num && num < 128) ops[num] = op, counts[num++] = 0;
            if (k < num) counts[k]++;
        }
        printf("%s TF ops (%d kinds):", name, num);
        for (int k = 0; k < num; k++) printf(" %s %d%s", ops[k], counts[k], k + 1 < num ? "," : "\n");
    }
    gu_arena_free(&arena);
    gu_free_aligned(&g_alloc, data);
}

typedef struct expect {
    const char* name;
    ge_dtype in_dtype;
    ge_shape in_shape;
    int32_t num_outputs;
    ge_shape out_shape; /* of output 0 */
    const char* out_name;
    int64_t params; /* 0: not checked exactly */
    int64_t macs;
    ge_shape override; /* rank 0: none */
} expect;

static void check_model(const expect* e, bool require) {
    char path[1024];
    model_path(path, sizeof(path), e->name);
    if (!have_file(path)) {
        if (require)
            CHECK_MSG(false, "missing %s (GLINT_REQUIRE_MODELS is set)", path);
        else
            printf("skip %s: %s not found\n", e->name, path);
        return;
    }
    dump_op_set(e->name, path);
    ge_graph g;
    ge_graph_init(&g, &g_alloc);
    glint_error err = {0};
    double t0 = now_ms();
    glint_result r = ge_import_tfjs(&g, path, e->override.rank ? &e->override : NULL, &err);
    double t1 = now_ms();
    CHECK_MSG(r == GLINT_SUCCESS, "%s: %s", e->name, err.message);
    if (r == GLINT_SUCCESS) {
        ge_graph_stats st;
        ge_graph_stats_compute(&g, &st);
        char ib[64] = "", ob[64] = "";
        CHECK(g.num_inputs == 1);
        if (g.num_inputs == 1) {
            const ge_tensor* in = &g.tensors[g.inputs[0]];
            ge_shape_format(&in->shape, ib, sizeof(ib));
            CHECK_MSG(ge_shape_equal(&in->shape, &e->in_shape) && in->dtype == e->in_dtype, "%s input %s %s", e->name,
                      ge_dtype_name(in->dtype), ib);
        }
        CHECK_MSG(g.num_outputs == e->num_outputs, "%s: %d outputs", e->name, (int)g.num_outputs);
        if (g.num_outputs >= 1) {
            const ge_tensor* out = &g.tensors[g.outputs[0]];
            ge_shape_format(&out->shape, ob, sizeof(ob));
            CHECK_MSG(ge_shape_equal(&out->shape, &e->out_shape), "%s output %s", e->name, ob);
            CHECK_MSG(strcmp(out->name, e->out_name) == 0, "%s output named '%s'", e->name, out->name);
            CHECK(out->dtype == GE_DTYPE_F32);
            CHECK(ge_graph_find_tensor(&g, e->out_name) == g.outputs[0]);
        }
        if (e->params) CHECK_MSG(st.params == e->params, "%s params %lld", e->name, (long long)st.params);
        if (e->macs) CHECK_MSG(st.macs == e->macs, "%s MACs %lld", e->name, (long long)st.macs);
        printf("%s: input %s, output %s x%d, %d ops, %d tensors, %lld params, %lld MACs, import %.1f ms\n", e->name, ib,
               ob, (int)g.num_outputs, (int)g.num_ops, (int)g.num_tensors, (long long)st.params, (long long)st.macs,
               t1 - t0);
        printf("  IR ops:");
        for (int k = 1; k < GE_OP_COUNT; k++)
            if (st.op_counts[k]) printf(" %s %d", ge_op_name((ge_op_type)k), st.op_counts[k]);
        printf("\n");
    }
    ge_graph_free(&g);
}

int main(void) {
    gu_allocator_init(&g_alloc, NULL);
    const bool require = getenv("GLINT_REQUIRE_MODELS") != NULL;
    const expect models[] = {
        {"movenet-lightning",
         GE_DTYPE_I32,
         {4, {1, 192, 192, 3}},
         1,
         {4, {1, 1, 17, 3}},
         "Identity",
         2325002,
         270549504,
         {0}},
        {"movenet-thunder",
         GE_DTYPE_I32,
         {4, {1, 256, 256, 3}},
         1,
         {4, {1, 1, 17, 3}},
         "Identity",
         6238450,
         1219794944,
         {0}},
        {"movenet-multipose",
         GE_DTYPE_I32,
         {4, {1, 256, 256, 3}},
         1,
         {3, {1, 6, 56}},
         "Identity",
         0,
         971272192,
         {4, {1, 256, 256, 3}}},
        {"movenet-multipose",
         GE_DTYPE_I32,
         {4, {1, 256, 256, 3}},
         1,
         {3, {1, 6, 56}},
         "Identity",
         0,
         971272192,
         {0}}, /* the signature's 256x256 */
        {"movenet-multipose",
         GE_DTYPE_I32,
         {4, {1, 512, 384, 3}},
         1,
         {3, {1, 6, 56}},
         "Identity",
         0,
         0,
         {4, {1, 512, 384, 3}}},
        {"handlandmark-lite",
         GE_DTYPE_F32,
         {4, {1, 224, 224, 3}},
         4,
         {2, {1, 63}},
         "Identity",
         1011714,
         145605824,
         {0}},
        {"handlandmark-full", GE_DTYPE_F32, {4, {1, 224, 224, 3}}, 4, {2, {1, 63}}, "Identity", 2715682, 0, {0}},
    };
    for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++) check_model(&models[i], require);
    CHECK(g_alloc.live_allocations == 0);
    return test_finish();
}
