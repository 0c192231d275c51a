/*
 * The quantized models on Vulkan against the CPU: each model is turned into its int8 and its
 * fp16 variant here (glint-quantize's path: min/max calibration on real photos, then the
 * quantization pass, written as a .glint file) and loaded twice, on the CPU and on Vulkan.
 * The int8 ops are bit-exact (checked op by op in test_vk_real_ops); outputs of the int8
 * models come through fp32 heads, so they must agree within 1e-5 of their range (most are
 * bit-exact); fp16 (f16-rounded weights, fp32 arithmetic) within the fp32 epsilon. Validation on. The
 * int8 shaders are also run with 8-bit storage, packed words and integer dot product each
 * turned off (faults), so every variant is checked on this device.
 */
#include "test_vk_util.h" /* first: it sets _POSIX_C_SOURCE */

#include "engine/calib/ge_calib.h"
#include "engine/format/ge_glint_format.h"
#include "engine/ge_model.h"
#include "engine/ge_quant.h"
#include "engine/vulkan/gv_fault.h"
#include "util/gu_file.h"
#include "util/gu_sha256.h"

typedef struct quant_case {
    const char* file;
    const char* photos[3];
} quant_case;

static const quant_case k_cases[] = {
    {"mediapipe/hand_landmark_lite.tflite", {"hand_open_palm_a.png", "hand_left_fist_palm.png", "hand_right_open_palm.png"}},
    {"mediapipe/palm_detection_lite.tflite", {"hand_open_palm_b.png", "hand_left_open_back.png", "hand_right_fist_back.png"}},
    {"tfjs/movenet-lightning.json", {"person_astronaut.png", "person_messi5.png", "person_cameraman.png"}},
};

/* Writes the int8 (or fp16) variant of the model to out; false (and SKIP) without the model. */
static bool make_variant(const quant_case* c, bool int8, const char* out) {
    char path[1024];
    snprintf(path, sizeof(path), "%s/models/%s", test_cache_dir(), c->file);
    glint_model_desc d;
    memset(&d, 0, sizeof(d));
    d.path = path;
    d.backend = GLINT_BACKEND_CPU;
    glint_model* m = NULL;
    glint_error err;
    if (glint_model_load(&d, &m, &err) < 0) {
        printf("SKIP %s: %s\n", c->file, err.message);
        return false;
    }
    const ge_graph* g = ge_model_graph(m);
    gu_allocator a;
    gu_allocator_init(&a, NULL);
    ge_graph dst;
    ge_graph_init(&dst, &a);
    glint_result r;
    if (int8) {
        ge_calib cal;
        r = ge_calib_init(&cal, g, &a, &err);
        glint_tensor_info info;
        glint_model_input_info(m, 0, &info);
        void* sample = malloc(info.bytes);
        for (int i = 0; i < 3 && r >= 0; i++) {
            CHECK(vk_photo_input(&info, c->photos[i], sample, info.bytes));
            const void* ins[1] = {sample};
            r = ge_calib_add_sample(&cal, ins, &err);
        }
        free(sample);
        ge_tensor_range* ranges = calloc((size_t)g->num_tensors, sizeof(ge_tensor_range));
        if (r >= 0) r = ge_calib_compute(&cal, GE_OBSERVER_MINMAX, ranges, NULL, NULL, &err);
        ge_quant_options opt;
        memset(&opt, 0, sizeof(opt));
        opt.ranges = ranges;
        ge_quant_stats st;
        if (r >= 0) r = ge_quant_int8(g, &opt, &dst, &st, &err);
        if (r >= 0) printf("%s int8: %d int8 ops, %d fp32 ops\n", c->file, (int)st.int8_ops, (int)st.fp32_ops);
        free(ranges);
        ge_calib_free(&cal);
    } else {
        ge_quant_stats st;
        r = ge_quant_fp16(g, &dst, &st, &err);
    }
    ge_glint_meta meta;
    memset(&meta, 0, sizeof(meta));
    meta.precision = int8 ? GE_GLINT_INT8 : GE_GLINT_FP16;
    /* the source model's hash: the file is then recognised (input range) like the source */
    void* src = NULL;
    size_t src_size = 0;
    glint_error ferr;
    if (gu_file_read(path, &a, (size_t)1 << 30, &src, &src_size, &ferr) >= 0) {
        gu_sha256_bytes(src, src_size, meta.source_sha256);
        gu_free_aligned(&a, src);
    }
    if (r >= 0) r = ge_glint_write_file(out, &dst, &meta, &a, &err);
    CHECK_MSG(r >= 0, "%s %s: %s", c->file, int8 ? "int8" : "fp16", err.message);
    ge_graph_free(&dst);
    glint_model_destroy(m);
    return r >= 0;
}

static glint_model* load(const char* path, glint_backend backend) {
    glint_model_desc d;
    memset(&d, 0, sizeof(d));
    d.path = path;
    d.backend = backend;
    glint_model* m = NULL;
    glint_error err;
    CHECK_MSG(glint_model_load(&d, &m, &err) == GLINT_SUCCESS, "%s: %s", path, err.message);
    return m;
}

/* Runs both on a photo; returns the largest output difference relative to its range. */
static double compare(glint_model* cpu, glint_model* vk, const char* photo, bool* out_exact) {
    glint_tensor_info info;
    glint_model_input_info(cpu, 0, &info);
    void* in = malloc(info.bytes);
    CHECK(vk_photo_input(&info, photo, in, info.bytes));
    glint_error err;
    CHECK(glint_model_set_input(cpu, 0, in, info.bytes) == GLINT_SUCCESS);
    CHECK(glint_model_set_input(vk, 0, in, info.bytes) == GLINT_SUCCESS);
    CHECK_MSG(glint_model_run(cpu, &err) == GLINT_SUCCESS, "%s", err.message);
    CHECK_MSG(glint_model_run(vk, &err) == GLINT_SUCCESS, "%s", err.message);
    free(in);
    double worst = 0.0;
    *out_exact = true;
    for (int32_t k = 0; k < glint_model_output_count(cpu); k++) {
        const float *a, *b;
        size_t na, nb;
        glint_model_output(cpu, k, (const void**)&a, &na);
        glint_model_output(vk, k, (const void**)&b, &nb);
        CHECK(na == nb);
        if (na != nb) continue;
        if (memcmp(a, b, na) != 0) *out_exact = false;
        float lo = a[0], hi = a[0];
        double d = 0.0;
        for (size_t i = 0; i < na / 4; i++) {
            lo = a[i] < lo ? a[i] : lo;
            hi = a[i] > hi ? a[i] : hi;
            double e = fabs((double)a[i] - b[i]);
            if (!(e <= d)) d = e;
        }
        double rel = d / ((double)hi - lo > 1e-6 ? (double)hi - lo : 1.0);
        if (!(rel <= worst)) worst = rel;
    }
    return worst;
}

static void run_variant(const quant_case* c, const char* path, bool int8, const char* fault, const char* label) {
    gv_faults fl;
    gv_fault_parse(fault, &fl);
    gv_fault_set(&fl);
    glint_model* cpu = load(path, GLINT_BACKEND_CPU);
    glint_model* vk = load(path, GLINT_BACKEND_VULKAN);
    gv_fault_set(NULL);
    if (!cpu || !vk) {
        glint_model_destroy(cpu);
        glint_model_destroy(vk);
        return;
    }
    bool exact;
    double e = compare(cpu, vk, c->photos[0], &exact);
    glint_model_backend_info bi;
    glint_model_get_backend(vk, &bi);
    CHECK_MSG(bi.last_run == GLINT_BACKEND_VULKAN, "%s: not on Vulkan: %s", c->file, bi.message);
    /* int8 ops are bit-exact (test_vk_real_ops checks them one by one); the fp32 layers around
     * them (heads, decode) sum in another order than the CPU, hence the epsilon. */
    CHECK_MSG(e <= (int8 ? 1e-5 : 1e-4), "%s %s %s: max error %.3g of the range", c->file, int8 ? "int8" : "fp16", label,
              e);
    printf("  %-40s %-5s %-22s gpu ops %3d cpu ops %3d submissions %d  %s (max err %.3g)\n", c->file,
           int8 ? "int8" : "fp16", label, (int)bi.gpu_ops, (int)bi.cpu_ops, (int)bi.gpu_segments,
           exact ? "bit-exact" : "close", e);
    vk_test_check_validation(c->file);
    glint_model_destroy(cpu);
    glint_model_destroy(vk);
}

int main(void) {
    if (!vk_test_available()) return test_finish();
    for (size_t i = 0; i < sizeof(k_cases) / sizeof(k_cases[0]); i++) {
        const quant_case* c = &k_cases[i];
        char p8[256], p16[256];
        snprintf(p8, sizeof(p8), "/tmp/glint_vk_test_%d_int8.glint", (int)i);
        snprintf(p16, sizeof(p16), "/tmp/glint_vk_test_%d_fp16.glint", (int)i);
        if (make_variant(c, true, p8)) {
            run_variant(c, p8, true, "", "all features");
            run_variant(c, p8, true, "no_int_dot", "no integer dot");
            run_variant(c, p8, true, "no_int8", "no 8-bit storage");
            run_variant(c, p8, true, "no_int8,no_int_dot", "packed words only");
            remove(p8);
        }
        if (make_variant(c, false, p16)) {
            run_variant(c, p16, false, "", "f16 weights");
            run_variant(c, p16, false, "no_fp16", "no 16-bit storage");
            remove(p16);
        }
    }
    vk_test_check_validation("end");
    return test_finish();
}
