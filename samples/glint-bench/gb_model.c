/*
 * glint-bench --model: how fast one network runs on this CPU, and how much of the CPU that is.
 *
 *   glint-bench --model MODEL [--precision fp32|fp16|int8] [--threads N] [--isa NAME]
 *               [--runs N] [--warmup K] [--profile] [--json] [--backend cpu|vulkan] [--device D]
 *
 * MODEL is a .tflite, a TF.js model.json or a .glint file. A .glint file has its precision
 * (int8 or fp16 from glint-quantize); for a float model, --precision int8 or fp16 makes that
 * variant here first (int8: min/max calibration on the hand photo, or noise without it; fp16:
 * f16-rounded weights), which is the same graph rewrite glint-quantize does, so the timing is
 * representative even though the accuracy is not this tool's business.
 *
 * Every run starts with the input copied in (untimed, as an application sets each frame's
 * input). Reported: p50/p95/p99/mean ms over --runs runs after --warmup runs, the multiply-accumulates
 * per run and MAC/s at the median, and the percentage of this CPU's peak: the peak is measured
 * here with a register-only microkernel loop for that precision and the ISA the kernels use
 * (ge_cpu_peak.h), times the threads. Both numbers are printed. --isa caps the ISA (scalar,
 * avx2, avx512, avx512vnni, neon, dotprod, wasm_simd); --profile adds time per kernel.
 * --backend vulkan runs the graph on the Vulkan backend (ops without a shader on the CPU);
 * --profile then gives each GPU op's device time from timestamp queries, under its shader's
 * name. The peak percentage stays a CPU figure and is left out on Vulkan.
 */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_stats.h"
#include "common/gs_image.h"
#include "engine/calib/ge_calib.h"
#include "engine/format/ge_glint_format.h"
#include "engine/ge_cpu_peak.h"
#include "engine/ge_exec.h"
#include "engine/ge_isa.h"
#include "engine/ge_model.h"
#include "engine/ge_passes.h"
#include "engine/ge_plan.h"
#include "engine/ge_quant.h"
#include "engine/vulkan/gv_backend.h"
#include "gb_model.h"
#include "util/gu_file.h"
#include "util/gu_time.h"

typedef struct gb_options {
    const char* model;
    const char* precision; /* NULL: the file's */
    const char* isa;
    int32_t threads, runs, warmup;
    bool json, profile;
    bool vulkan;        /* --backend vulkan */
    const char* device; /* --device: Vulkan device index or name part */
} gb_options;

static void gb_usage(FILE* out) {
    fputs("usage: glint-bench --model MODEL [options]\n"
          "  --model MODEL        a .tflite, TF.js model.json or .glint file\n"
          "  --precision P        fp32, fp16 or int8 (default: the file's; a float model is\n"
          "                       converted here for fp16/int8)\n"
          "  --threads N          CPU threads (default 1)\n"
          "  --isa NAME           cap the ISA: scalar, avx2, avx512, avx512vnni, neon, dotprod, wasm_simd\n"
          "  --runs N             timed runs (default 100)\n"
          "  --warmup K           untimed runs first (default 5)\n"
          "  --profile            time per kernel\n"
          "  --json               print the results as JSON\n"
          "  --backend B          cpu (default) or vulkan (GPU, ops without a shader on the CPU;\n"
          "                       --profile then shows each op's GPU time)\n"
          "  --device D           Vulkan device: index or part of the name\n",
          out);
}

static int gb_int(const char* s, int32_t lo, int32_t* out) {
    char* end;
    long v = strtol(s, &end, 10);
    if (*end || v < lo || v > 1000000) return -1;
    *out = (int32_t)v;
    return 0;
}

static int gb_parse(int argc, char** argv, gb_options* o) {
    memset(o, 0, sizeof(*o));
    o->threads = 1;
    o->runs = 100;
    o->warmup = 5;
    for (int i = 1; i < argc; i++) {
        const char* a = argv[i];
        const bool v = i + 1 < argc;
        if (strcmp(a, "--model") == 0 && v) {
            o->model = argv[++i];
        } else if (strcmp(a, "--precision") == 0 && v) {
            o->precision = argv[++i];
            if (strcmp(o->precision, "fp32") && strcmp(o->precision, "fp16") && strcmp(o->precision, "int8")) return -1;
        } else if (strcmp(a, "--isa") == 0 && v) {
            o->isa = argv[++i];
        } else if (strcmp(a, "--threads") == 0 && v) {
            if (gb_int(argv[++i], 1, &o->threads)) return -1;
        } else if (strcmp(a, "--runs") == 0 && v) {
            if (gb_int(argv[++i], 1, &o->runs)) return -1;
        } else if (strcmp(a, "--warmup") == 0 && v) {
            if (gb_int(argv[++i], 0, &o->warmup)) return -1;
        } else if (strcmp(a, "--json") == 0) {
            o->json = true;
        } else if (strcmp(a, "--profile") == 0) {
            o->profile = true;
        } else if (strcmp(a, "--backend") == 0 && v) {
            const char* b = argv[++i];
            if (strcmp(b, "vulkan") && strcmp(b, "cpu")) return -1;
            o->vulkan = strcmp(b, "vulkan") == 0;
        } else if (strcmp(a, "--device") == 0 && v) {
            o->device = argv[++i];
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            gb_usage(stdout);
            exit(0);
        } else {
            fprintf(stderr, "glint-bench: unknown option or missing value: %s\n", a);
            return -1;
        }
    }
    return o->model ? 0 : -1;
}

static bool gb_ends_with(const char* s, const char* suffix) {
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The precision a .glint file was written with ("" when MODEL is not one or is unreadable). */
static const char* gb_file_precision(const char* path) {
    if (!gb_ends_with(path, ".glint")) return "";
    gu_allocator a;
    gu_allocator_init(&a, NULL);
    void* data = NULL;
    size_t size = 0;
    glint_error err;
    const char* p = "";
    if (gu_file_read(path, &a, (size_t)1 << 30, &data, &size, &err) != GLINT_SUCCESS) return p;
    ge_graph g;
    ge_graph_init(&g, &a);
    ge_glint_meta meta;
    if (ge_glint_read(&g, data, size, &meta, &err) == GLINT_SUCCESS)
        p = meta.precision == GE_GLINT_INT8 ? "int8" : meta.precision == GE_GLINT_FP16 ? "fp16" : "fp32";
    ge_graph_free(&g);
    gu_free_aligned(&a, data);
    return p;
}

/* One input tensor: the hand photo squeezed to an NHWC image input in [0, 1], else noise. */
static void gb_fill_input(const ge_tensor* t, void* data, uint64_t seed) {
    const int64_t n = ge_shape_elements(&t->shape);
    uint64_t s = seed * 0x9E3779B97F4A7C15ull + 1;
    if (t->dtype != GE_DTYPE_F32) {
        memset(data, 0, (size_t)n * ge_dtype_size(t->dtype));
        return;
    }
    float* x = data;
    for (int64_t i = 0; i < n; i++) {
        s ^= s >> 12, s ^= s << 25, s ^= s >> 27;
        x[i] = (float)((s * 2685821657736338717ull) >> 40) / 16777216.0f;
    }
    if (seed != 0 || t->shape.rank != 4 || t->shape.dim[3] != 3) return;
    const char* cache = getenv("GLINT_CACHE_DIR");
    char path[1024];
    snprintf(path, sizeof(path), "%s/images/hand_right_open_palm.png", cache && cache[0] ? cache : ".cache");
    gs_image im;
    const char* why = NULL;
    if (gs_image_load(path, &im, &why) != 0) return;
    const int32_t h = t->shape.dim[1], w = t->shape.dim[2];
    for (int32_t y = 0; y < h; y++)
        for (int32_t xx = 0; xx < w; xx++)
            for (int c = 0; c < 3; c++)
                x[((int64_t)y * w + xx) * 3 + c] =
                    im.rgb[((size_t)(y * im.height / h) * (size_t)im.width + (size_t)(xx * im.width / w)) * 3 + c] /
                    255.0f;
    gs_image_free(&im);
}

/* int8 or fp16 variant of a float graph, planned, in *dst. */
static glint_result gb_convert(const ge_graph* src, const char* precision, gu_allocator* a, ge_graph* dst,
                               glint_error* err) {
    glint_result r;
    ge_graph_init(dst, a);
    if (strcmp(precision, "fp16") == 0) {
        r = ge_quant_fp16(src, dst, NULL, err);
        if (r >= 0) r = ge_passes_run_default(dst, err); /* folds the f16 weights' DEQUANTIZE */
    } else {
        ge_calib c;
        ge_tensor_range* ranges = calloc((size_t)src->num_tensors, sizeof(*ranges));
        r = ranges ? ge_calib_init(&c, src, a, err) : GLINT_ERROR_OUT_OF_MEMORY;
        if (r >= 0) {
            void* in[GE_MAX_OP_INPUTS] = {0};
            for (int s = 0; s < 2 && r >= 0; s++) {
                for (int32_t i = 0; i < src->num_inputs && i < GE_MAX_OP_INPUTS; i++) {
                    const ge_tensor* t = &src->tensors[src->inputs[i]];
                    in[i] = calloc((size_t)ge_shape_elements(&t->shape), ge_dtype_size(t->dtype));
                    if (in[i]) gb_fill_input(t, in[i], (uint64_t)s);
                }
                r = ge_calib_add_sample(&c, (const void* const*)in, err);
                for (int32_t i = 0; i < GE_MAX_OP_INPUTS; i++) free(in[i]), in[i] = NULL;
            }
            if (r >= 0) r = ge_calib_compute(&c, GE_OBSERVER_MINMAX, ranges, NULL, NULL, err);
            ge_calib_free(&c);
        }
        ge_quant_options opt = {ranges, NULL, false};
        if (r >= 0) r = ge_quant_int8(src, &opt, dst, NULL, err);
        free(ranges);
    }
    if (r >= 0) r = ge_plan_memory(dst, (size_t)1 << 30, err);
    return r;
}

typedef struct gb_kernel_time {
    const char* name;
    double ms;
    int32_t ops;
} gb_kernel_time;

static int gb_cmp_kt(const void* a, const void* b) {
    double x = ((const gb_kernel_time*)a)->ms, y = ((const gb_kernel_time*)b)->ms;
    return x < y ? 1 : x > y ? -1 : 0;
}

static void gb_json_string(const char* s) {
    putchar('"');
    for (; *s; s++) printf(*s == '"' || *s == '\\' ? "\\%c" : "%c", *s);
    putchar('"');
}

int gb_model_main(int argc, char** argv) {
    gb_options o;
    if (gb_parse(argc, argv, &o) != 0) {
        gb_usage(stderr);
        return 2;
    }
    if (o.isa && !ge_isa_set_limit(o.isa)) {
        fprintf(stderr, "glint-bench: unknown ISA '%s'\n", o.isa);
        return 2;
    }
    const char* file_precision = gb_file_precision(o.model);
    const char* precision = o.precision ? o.precision : (file_precision[0] ? file_precision : "fp32");
    if (file_precision[0] && strcmp(file_precision, precision) != 0) {
        fprintf(stderr, "glint-bench: %s is a %s model; --precision %s needs a float model or a %s .glint\n", o.model,
                file_precision, precision, precision);
        return 2;
    }
    glint_model_desc desc;
    memset(&desc, 0, sizeof(desc));
    desc.path = o.model;
    glint_model* model = NULL;
    glint_error err;
    memset(&err, 0, sizeof(err));
    const int64_t t_load = gu_time_ns();
    if (glint_model_load(&desc, &model, &err) != GLINT_SUCCESS) {
        fprintf(stderr, "glint-bench: %s: %s\n", o.model, err.message);
        return 1;
    }
    gu_allocator alloc;
    gu_allocator_init(&alloc, NULL);
    const ge_graph* g = ge_model_graph(model);
    ge_graph converted;
    bool have_converted = false;
    if (!file_precision[0] && strcmp(precision, "fp32") != 0) {
        if (gb_convert(g, precision, &alloc, &converted, &err) != GLINT_SUCCESS) {
            fprintf(stderr, "glint-bench: cannot make the %s variant: %s\n", precision, err.message);
            glint_model_destroy(model);
            return 1;
        }
        have_converted = true;
        g = &converted;
    }
    ge_exec ex;
    ge_exec_options eo = {o.profile, o.threads, false};
    if (ge_exec_init_ex(&ex, g, &alloc, &eo, &err) != GLINT_SUCCESS) {
        fprintf(stderr, "glint-bench: %s\n", err.message);
        return 1;
    }
    gv_backend* vk = NULL;
    if (o.vulkan) {
        gv_backend_options vo;
        memset(&vo, 0, sizeof(vo));
        vo.device = o.device;
        if (gv_backend_create(g, &vo, &alloc, &vk, &err) != GLINT_SUCCESS) {
            fprintf(stderr, "glint-bench: Vulkan unavailable: %s\n", err.message);
            ge_exec_free(&ex);
            if (have_converted) ge_graph_free(&converted);
            glint_model_destroy(model);
            return 1;
        }
    }
    const double load_ms = (double)(gu_time_ns() - t_load) * 1e-6;
    /* The inputs are copied in before every run (untimed), as an application sets a new frame's
     * input each time: the first op then finds it in cache, not evicted by the previous run. */
    void* inputs[GE_MAX_OP_INPUTS] = {0};
    size_t input_bytes[GE_MAX_OP_INPUTS] = {0};
    for (int32_t i = 0; i < g->num_inputs && i < GE_MAX_OP_INPUTS; i++) {
        const ge_tensor* t = &g->tensors[g->inputs[i]];
        input_bytes[i] = (size_t)ge_shape_elements(&t->shape) * ge_dtype_size(t->dtype);
        inputs[i] = malloc(input_bytes[i] ? input_bytes[i] : 1);
        if (inputs[i]) gb_fill_input(t, inputs[i], 0);
    }

    int32_t fast_ops = 0;
    for (int32_t op = 0; op < g->num_ops; op++) fast_ops += strcmp(ge_exec_kernel_name(&ex, op), "ref") != 0;
#define GB_KERNEL(op) (vk && gv_backend_op_shader(vk, op) ? gv_backend_op_shader(vk, op) : ge_exec_kernel_name(&ex, op))
    double* ms = calloc((size_t)o.runs, sizeof(double));
    gb_kernel_time* kt = calloc((size_t)g->num_ops + 1, sizeof(*kt));
    int32_t nkt = 0;
    double* op_ms = calloc((size_t)g->num_ops + 1, sizeof(double));
    int rc = 0;
    for (int32_t r = 0; r < o.warmup + o.runs && ms && kt; r++) {
        for (int32_t i = 0; i < g->num_inputs && i < GE_MAX_OP_INPUTS; i++)
            if (inputs[i]) memcpy(ge_exec_tensor_data(&ex, g->inputs[i]), inputs[i], input_bytes[i]);
        const int64_t t0 = gu_time_ns();
        if ((vk ? gv_backend_run(vk, &ex, &err) : ge_exec_run(&ex, &err)) != GLINT_SUCCESS) {
            fprintf(stderr, "glint-bench: run failed: %s\n", err.message);
            rc = 1;
            break;
        }
        if (r < o.warmup) continue;
        ms[r - o.warmup] = (double)(gu_time_ns() - t0) * 1e-6;
        if (!o.profile) continue;
        for (int32_t op = 0; op < g->num_ops; op++) { /* per kernel, summed over the timed runs */
            const char* name = GB_KERNEL(op);
            int32_t k = 0;
            while (k < nkt && strcmp(kt[k].name, name) != 0) k++;
            if (k == nkt) kt[nkt++].name = name;
            kt[k].ms += ex.op_ms[op] / o.runs;
            /* per op the fastest run: robust against other processes on a shared machine */
            if (op_ms && (r == o.warmup || ex.op_ms[op] < op_ms[op])) op_ms[op] = ex.op_ms[op];
            if (r == o.warmup) kt[k].ops++;
        }
    }
    ge_graph_stats st;
    ge_graph_stats_compute(g, &st);
    const ge_peak_kind kind = strcmp(precision, "int8") == 0 ? GE_PEAK_INT8 : GE_PEAK_F32;
    const char* peak_name = "";
    const double peak = vk ? 0.0 : ge_cpu_peak_measure(kind, 50.0, &peak_name);
    gv_backend_stats vs;
    gv_backend_get_stats(vk, &vs);
    const int32_t threads = ex.cpu.threads > 0 ? ex.cpu.threads : 1;
    bench_summary s = bench_summarize(ms, rc ? 0 : o.runs);
    const double macs_per_s = s.p50 > 0 ? (double)st.macs / (s.p50 * 1e-3) : 0.0;
    const double pct = peak > 0 ? 100.0 * macs_per_s / (peak * threads) : 0.0;
    char isa[128];
    ge_isa_format(ge_isa_available(), isa, sizeof(isa));
    if (o.profile && kt) qsort(kt, (size_t)nkt, sizeof(*kt), gb_cmp_kt);

    if (rc == 0 && o.json) {
        printf("{\"model\":");
        gb_json_string(o.model);
        printf(",\"precision\":\"%s\",\"threads\":%d,\"isa\":\"%s\",\"ops\":%d,\"fast_ops\":%d,\"macs\":%lld,"
               "\"runs\":%d,\"warmup\":%d,\"load_ms\":%.3f,\"p50_ms\":%.4f,\"p95_ms\":%.4f,\"p99_ms\":%.4f,"
               "\"mean_ms\":%.4f,\"min_ms\":%.4f,\"macs_per_s\":%.6g,\"peak_loop\":\"%s\",\"peak_macs_per_s\":%.6g,"
               "\"peak_percent\":%.2f",
               precision, (int)threads, ge_isa_best_name(ge_isa_available()), (int)g->num_ops, (int)fast_ops,
               (long long)st.macs, (int)o.runs, (int)o.warmup, load_ms, s.p50, s.p95, s.p99, s.mean, s.min,
               macs_per_s, peak_name, peak * threads, pct);
        if (vk) {
            printf(",\"backend\":\"vulkan\",\"device\":");
            gb_json_string(vs.device);
            printf(",\"gpu_ops\":%d,\"cpu_ops\":%d,\"gpu_submissions\":%d", (int)vs.gpu_ops, (int)vs.cpu_ops,
                   (int)vs.gpu_segments);
        }
        if (o.profile) {
            printf(",\"kernels\":[");
            for (int32_t k = 0; k < nkt; k++)
                printf("%s{\"name\":\"%s\",\"ops\":%d,\"ms\":%.4f}", k ? "," : "", kt[k].name, (int)kt[k].ops,
                       kt[k].ms);
            printf("]");
        }
        printf("}\n");
    } else if (rc == 0) {
        printf("glint-bench: %s\n", o.model);
        printf("precision %s, %d thread%s, ISA %s (%s); %d of %d ops on fast kernels; loaded in %.1f ms\n",
               precision, (int)threads, threads == 1 ? "" : "s", ge_isa_best_name(ge_isa_available()), isa,
               (int)fast_ops, (int)g->num_ops, load_ms);
        printf("%d runs (+%d warm-up): p50 %.3f ms, p95 %.3f ms, p99 %.3f ms, mean %.3f ms, min %.3f ms\n",
               (int)o.runs, (int)o.warmup, s.p50, s.p95, s.p99, s.mean, s.min);
        printf("%.1f M MACs per run: %.2f GMAC/s at the median\n", (double)st.macs * 1e-6, macs_per_s * 1e-9);
        if (vk)
            printf("backend Vulkan on %s: %d ops on the GPU, %d on the CPU, %d GPU submission%s per run\n", vs.device,
                   (int)vs.gpu_ops, (int)vs.cpu_ops, (int)vs.gpu_segments, vs.gpu_segments == 1 ? "" : "s");
        else
            printf("peak %.2f GMAC/s (%s, register-only loop, x %d thread%s): %.1f %% of peak\n",
                   peak * threads * 1e-9, peak_name, (int)threads, threads == 1 ? "" : "s", pct);
        if (o.profile) {
            printf("%-34s %5s %9s\n", "kernel", "ops", "ms/run");
            for (int32_t k = 0; k < nkt; k++) printf("%-34s %5d %9.3f\n", kt[k].name, (int)kt[k].ops, kt[k].ms);
            double sum_min = 0;
            for (int32_t op = 0; op < g->num_ops && op_ms; op++) sum_min += op_ms[op];
            printf("per op, fastest of the runs (sum %.3f ms):\n", sum_min);
            printf("%4s %-18s %-30s %-16s %9s %9s %8s\n", "op", "type", "kernel", "output", "MACs", "min ms",
                   "GMAC/s");
            for (int32_t op = 0; op < g->num_ops && op_ms; op++) {
                const ge_tensor* y = &g->tensors[g->ops[op].outputs[0]];
                char shape[64];
                ge_shape_format(&y->shape, shape, sizeof(shape));
                const int64_t m = ge_quant_op_macs(g, &g->ops[op]);
                printf("%4d %-18s %-30s %-16s %9lld %9.4f %8.2f\n", (int)op, ge_op_name(g->ops[op].type),
                       GB_KERNEL(op), shape, (long long)m, op_ms[op],
                       op_ms[op] > 0 ? (double)m / (op_ms[op] * 1e6) : 0.0);
            }
        }
    }
    free(ms);
    free(kt);
    free(op_ms);
    for (int32_t i = 0; i < GE_MAX_OP_INPUTS; i++) free(inputs[i]);
    gv_backend_destroy(vk);
    ge_exec_free(&ex);
    if (have_converted) ge_graph_free(&converted);
    glint_model_destroy(model);
    return rc;
}
