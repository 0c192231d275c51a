/* glint-model info: what a model takes, gives and costs. */
#include <stdio.h>
#include <string.h>

#include "engine/ge_model.h"
#include "glint-model/gm.h"

static void print_tensor_json(FILE* f, const glint_tensor_info* ti) {
    fprintf(f, "{\"name\":");
    gm_json_string(f, ti->name);
    fprintf(f, ",\"dtype\":\"%s\",\"shape\":[", gm_dtype_name(ti->dtype));
    for (int32_t d = 0; d < ti->rank; d++) fprintf(f, d ? ",%d" : "%d", (int)ti->shape[d]);
    fprintf(f, "]");
    if (ti->range_max > ti->range_min) fprintf(f, ",\"range\":[%g,%g]", ti->range_min, ti->range_max);
    fprintf(f, "}");
}

int gm_cmd_info(int argc, char** argv) {
    const char* path = NULL;
    const char* input_shape = NULL;
    int json = 0;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            json = 1;
        else if (!strcmp(argv[i], "--input-shape") && i + 1 < argc)
            input_shape = argv[++i];
        else if (!path && argv[i][0] != '-')
            path = argv[i];
        else {
            fprintf(stderr, "glint-model info: unexpected argument '%s'\n", argv[i]);
            return 2;
        }
    }
    if (!path) {
        fprintf(stderr, "usage: glint-model info MODEL [--json] [--input-shape 1xHxWxC]\n");
        return 2;
    }
    glint_model* model = gm_load_model(path, input_shape);
    if (!model) return 1;
    glint_model_stats st;
    glint_model_get_stats(model, &st);
    const ge_graph* g = ge_model_graph(model);
    ge_graph_stats gs;
    ge_graph_stats_compute(g, &gs);

    glint_tensor_info ti;
    char shape[64];
    if (json) {
        printf("{\"model\":");
        gm_json_string(stdout, path);
        printf(",\"inputs\":[");
        for (int32_t i = 0; i < glint_model_input_count(model); i++) {
            glint_model_input_info(model, i, &ti);
            if (i) printf(",");
            print_tensor_json(stdout, &ti);
        }
        printf("],\"outputs\":[");
        for (int32_t i = 0; i < glint_model_output_count(model); i++) {
            glint_model_output_info(model, i, &ti);
            if (i) printf(",");
            print_tensor_json(stdout, &ti);
        }
        printf("],\"ops\":{");
        int first = 1;
        for (int o = 1; o < GE_OP_COUNT; o++) {
            if (!gs.op_counts[o]) continue;
            printf("%s\"%s\":%d", first ? "" : ",", ge_op_name((ge_op_type)o), (int)gs.op_counts[o]);
            first = 0;
        }
        printf("},\"num_ops\":%d,\"params\":%lld,\"macs\":%lld,\"constant_bytes\":%zu,"
               "\"peak_activation_bytes\":%zu,\"load_ms\":%.3f}\n",
               (int)st.num_ops, (long long)st.params, (long long)st.macs, st.constant_bytes, st.activation_bytes,
               st.load_ms);
    } else {
        printf("model: %s\n", path);
        for (int32_t i = 0; i < glint_model_input_count(model); i++) {
            glint_model_input_info(model, i, &ti);
            gm_format_shape(&ti, shape, sizeof(shape));
            printf("input  %-24s %-8s %s", ti.name, gm_dtype_name(ti.dtype), shape);
            if (ti.range_max > ti.range_min) printf("  range [%g, %g]", ti.range_min, ti.range_max);
            printf("\n");
        }
        for (int32_t i = 0; i < glint_model_output_count(model); i++) {
            glint_model_output_info(model, i, &ti);
            gm_format_shape(&ti, shape, sizeof(shape));
            printf("output %-24s %-8s %s\n", ti.name, gm_dtype_name(ti.dtype), shape);
        }
        printf("ops (after import passes): %d\n", (int)st.num_ops);
        for (int o = 1; o < GE_OP_COUNT; o++)
            if (gs.op_counts[o]) printf("  %-20s %d\n", ge_op_name((ge_op_type)o), (int)gs.op_counts[o]);
        printf("params: %lld\nMACs: %lld (%.1f M)\nconstant bytes: %zu\npeak activation bytes: %zu (%.2f MiB)\n"
               "load: %.1f ms\n",
               (long long)st.params, (long long)st.macs, (double)st.macs * 1e-6, st.constant_bytes,
               st.activation_bytes, (double)st.activation_bytes / (1024.0 * 1024.0), st.load_ms);
    }
    glint_model_destroy(model);
    return 0;
}
