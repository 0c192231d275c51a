/* glint-model run: feed inputs, run the network, write every output as float32. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "engine/ge_model.h"
#include "glint-model/gm.h"
#include "glint-model/gm_input.h"
#include "util/gu_fp16.h"
#include "util/gu_time.h"

#define GM_MAX_INPUTS 16

static int cmp_double(const void* a, const void* b) {
    double x = *(const double*)a, y = *(const double*)b;
    return x < y ? -1 : x > y;
}

/* Output as float32, whatever its dtype (BOOL/ints widen exactly up to 2^24). */
static float element_as_f32(const void* data, glint_dtype dtype, size_t i) {
    switch (dtype) {
    case GLINT_DTYPE_F32: return ((const float*)data)[i];
    case GLINT_DTYPE_F16: return gu_f16_to_f32(((const uint16_t*)data)[i]);
    case GLINT_DTYPE_I32: return (float)((const int32_t*)data)[i];
    case GLINT_DTYPE_I64: return (float)((const int64_t*)data)[i];
    case GLINT_DTYPE_I8: return (float)((const int8_t*)data)[i];
    case GLINT_DTYPE_U8:
    case GLINT_DTYPE_BOOL: return (float)((const uint8_t*)data)[i];
    case GLINT_DTYPE_I16: return (float)((const int16_t*)data)[i];
    default: return 0.0f;
    }
}

/* Output names may contain '/' or ':' (TF names): keep them readable but safe as file names. */
static void safe_file_name(const char* name, char* out, size_t size) {
    size_t n = 0;
    for (const char* p = name; *p && n + 1 < size; p++)
        out[n++] = (*p == '/' || *p == '\\' || *p == ':' || (*p == '.' && p == name)) ? '_' : *p;
    out[n] = 0;
}

static int write_outputs(glint_model* model, const char* dir) {
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "glint-model run: cannot create '%s': %s\n", dir, strerror(errno));
        return 1;
    }
    for (int32_t i = 0; i < glint_model_output_count(model); i++) {
        glint_tensor_info ti;
        glint_model_output_info(model, i, &ti);
        const void* data;
        size_t bytes;
        glint_model_output(model, i, &data, &bytes);
        size_t esize = ti.dtype == GLINT_DTYPE_F32 || ti.dtype == GLINT_DTYPE_I32 ? 4 : 1;
        size_t count = ti.bytes / (esize ? esize : 1);
        if (ti.dtype == GLINT_DTYPE_F16 || ti.dtype == GLINT_DTYPE_I16) count = ti.bytes / 2;
        if (ti.dtype == GLINT_DTYPE_I64) count = ti.bytes / 8;
        char fname[256], path[1200];
        safe_file_name(ti.name, fname, sizeof(fname));
        snprintf(path, sizeof(path), "%s/%s.raw", dir, fname);
        FILE* f = fopen(path, "wb");
        if (!f) {
            fprintf(stderr, "glint-model run: cannot write '%s': %s\n", path, strerror(errno));
            return 1;
        }
        float mn = 0, mx = 0;
        double sum = 0;
        for (size_t k = 0; k < count; k++) {
            float v = element_as_f32(data, ti.dtype, k);
            fwrite(&v, 4, 1, f); /* little-endian hosts only; glint targets x86-64, aarch64, wasm */
            if (k == 0 || v < mn) mn = v;
            if (k == 0 || v > mx) mx = v;
            sum += v;
        }
        fclose(f);
        char shape[64];
        gm_format_shape(&ti, shape, sizeof(shape));
        printf("output %-20s %-14s min %-12.6g max %-12.6g mean %-12.6g -> %s\n", ti.name, shape, mn, mx,
               count ? sum / (double)count : 0.0, path);
    }
    return 0;
}

int gm_cmd_run(int argc, char** argv) {
    const char* path = NULL;
    const char* out_dir = NULL;
    const char* input_shape = NULL;
    const char* inputs[GM_MAX_INPUTS];
    int num_inputs = 0, repeat = 1, profile = 0, backend = GLINT_BACKEND_AUTO;
    const char* device = NULL;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--input") && i + 1 < argc && num_inputs < GM_MAX_INPUTS)
            inputs[num_inputs++] = argv[++i];
        else if (!strcmp(argv[i], "--out") && i + 1 < argc)
            out_dir = argv[++i];
        else if (!strcmp(argv[i], "--repeat") && i + 1 < argc)
            repeat = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--input-shape") && i + 1 < argc)
            input_shape = argv[++i];
        else if (!strcmp(argv[i], "--profile"))
            profile = 1;
        else if (!strcmp(argv[i], "--backend") && i + 1 < argc) {
            const char* b = argv[++i];
            backend = !strcmp(b, "vulkan") ? GLINT_BACKEND_VULKAN : !strcmp(b, "cpu") ? GLINT_BACKEND_CPU : -1;
            if (backend < 0 && strcmp(b, "auto") != 0) {
                fprintf(stderr, "glint-model run: --backend is cpu, vulkan or auto\n");
                return 2;
            }
            if (backend < 0) backend = GLINT_BACKEND_AUTO;
        } else if (!strcmp(argv[i], "--device") && i + 1 < argc)
            device = argv[++i];
        else if (!path && argv[i][0] != '-')
            path = argv[i];
        else {
            fprintf(stderr, "glint-model run: unexpected argument '%s'\n", argv[i]);
            return 2;
        }
    }
    if (!path || repeat < 1) {
        fprintf(stderr, "usage: glint-model run MODEL --input NAME=FILE ... [--out DIR] [--repeat N] [--profile] "
                        "[--backend cpu|vulkan|auto] [--device INDEX|NAME]\n");
        return 2;
    }
    glint_model* model = gm_load_model_on(path, input_shape, backend, device);
    if (!model) return 1;
    int rc = 1;
    glint_error err;
    if (profile && ge_model_enable_profiling(model, &err) < 0) {
        fprintf(stderr, "glint-model run: %s\n", err.message);
        goto done;
    }
    for (int i = 0; i < num_inputs; i++)
        if (gm_set_input_from_arg(model, inputs[i]) != 0) goto done;
    if (num_inputs < glint_model_input_count(model))
        fprintf(stderr, "glint-model run: warning: %d of %d inputs given; the rest are zero\n", num_inputs,
                (int)glint_model_input_count(model));

    double* ms = calloc((size_t)repeat, sizeof(double));
    if (!ms) goto done;
    for (int k = 0; k < repeat; k++) {
        int64_t t0 = gu_time_ns();
        glint_result r = glint_model_run(model, &err);
        ms[k] = (double)(gu_time_ns() - t0) * 1e-6;
        if (r < 0) {
            fprintf(stderr, "glint-model run: %s (%s)\n", err.message, glint_result_string(r));
            free(ms);
            goto done;
        }
    }
    qsort(ms, (size_t)repeat, sizeof(double), cmp_double);
    glint_model_stats st;
    glint_model_get_stats(model, &st);
    printf("model %s: load %.1f ms, run p50 %.2f ms, min %.2f ms, max %.2f ms over %d run(s); %.1f M MACs, "
           "peak activations %zu bytes\n",
           path, st.load_ms, ms[repeat / 2], ms[0], ms[repeat - 1], repeat, (double)st.macs * 1e-6,
           st.activation_bytes);
    free(ms);
    glint_model_backend_info bi;
    if (glint_model_get_backend(model, &bi) == GLINT_SUCCESS && bi.requested == GLINT_BACKEND_VULKAN) {
        if (bi.last_run == GLINT_BACKEND_VULKAN)
            printf("backend: Vulkan on %s: %d ops on the GPU, %d on the CPU, %d GPU submission(s) per run%s%s\n",
                   bi.device, (int)bi.gpu_ops, (int)bi.cpu_ops, (int)bi.gpu_segments, bi.cpu_ops ? "; first CPU op: " : "",
                   bi.cpu_ops ? bi.message : "");
        else
            printf("backend: CPU (Vulkan was asked: %s: %s)\n", glint_result_string(bi.reason), bi.message);
    }
    if (profile) {
        const ge_graph* g = ge_model_graph(model);
        const double* op_ms = ge_model_op_ms(model);
        for (int32_t o = 0; o < g->num_ops; o++)
            printf("  op %4d %-20s %-40s %8.3f ms\n", (int)o, ge_op_name(g->ops[o].type), g->ops[o].name, op_ms[o]);
    }
    rc = out_dir ? write_outputs(model, out_dir) : 0;
done:
    glint_model_destroy(model);
    return rc;
}
