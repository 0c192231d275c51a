/*
 * Every model, whole, on the Vulkan backend against the CPU, on lavapipe in CI with the
 * validation layer (and synchronization validation) on: the eight MediaPipe .tflite models
 * and the three MoveNet TF.js graphs, fp32, each on a real photo and on a random input.
 *
 * Outputs must agree within 1e-4 of the CPU output's range (the shaders sum in another order
 * than the CPU kernels; measured errors are around 1e-6 of the range), 1e-3 for the pose
 * landmark models: their segmentation logits (Identity_2, up to +-1900) lose about 1e-4 of
 * their range to summation order, as between the CPU and TFLite already (tests/golden). MoveNet Lightning and
 * Thunder are also checked cut at their four heads (what the tracker runs); their in-graph
 * decode takes arg-maxes, so there a keypoint may move to a neighbouring heatmap cell when two
 * cells are within float rounding of each other: keypoints must agree within 1.5 cells.
 * The table at the end is the lavapipe correctness report (with CPU and Vulkan times, which on
 * lavapipe say nothing about a real GPU).
 */
#include "test_vk_util.h"
#include "util/gu_time.h"

#define REL_TOL 1e-4
#define REL_TOL_SEGMENTATION 1e-3

typedef struct model_case {
    const char* file;  /* under $GLINT_CACHE_DIR/models */
    const char* photo; /* under $GLINT_CACHE_DIR/images */
    const char* const* outputs; /* NULL: the file's outputs */
    int32_t num_outputs;
    bool decode;       /* MoveNet's in-graph decode: keypoint check instead of the range check */
    int32_t heatmap;   /* heatmap size for the decode check */
    double tol;        /* 0: REL_TOL */
    bool staging;      /* through staging buffers and copy commands, as on a discrete GPU */
} model_case;

static const char* const k_heads[4] = {"StatefulPartitionedCall/center_0/conv2d_4/BiasAdd",
                                       "StatefulPartitionedCall/kpt_heatmap_0/conv2d_5/BiasAdd",
                                       "StatefulPartitionedCall/kpt_regress_0/conv2d_6/BiasAdd",
                                       "StatefulPartitionedCall/kpt_offset_0/conv2d_7/BiasAdd"};

static const model_case k_cases[] = {
    {"mediapipe/hand_landmark_lite.tflite", "hand_open_palm_a.png", NULL, 0, false, 0, 0, false},
    {"mediapipe/hand_landmark_full.tflite", "hand_right_open_palm.png", NULL, 0, false, 0, 0, false},
    {"mediapipe/palm_detection_lite.tflite", "hand_open_palm_b.png", NULL, 0, false, 0, 0, false},
    {"mediapipe/palm_detection_full.tflite", "hand_left_fist_palm.png", NULL, 0, false, 0, 0, false},
    {"mediapipe/pose_detection.tflite", "person_messi5.png", NULL, 0, false, 0, 0, false},
    {"mediapipe/pose_landmark_lite.tflite", "person_basketball1.png", NULL, 0, false, 0, REL_TOL_SEGMENTATION, false},
    {"mediapipe/pose_landmark_full.tflite", "person_cameraman.png", NULL, 0, false, 0, REL_TOL_SEGMENTATION, false},
    {"mediapipe/pose_landmark_heavy.tflite", "person_fireman_b.png", NULL, 0, false, 0, REL_TOL_SEGMENTATION, false},
    {"tfjs/movenet-lightning.json", "person_astronaut.png", k_heads, 4, false, 0, 0, false},
    {"tfjs/movenet-lightning.json", "person_astronaut.png", NULL, 0, true, 48, 0, false},
    {"tfjs/movenet-thunder.json", "person_basketball1.png", k_heads, 4, false, 0, 0, false},
    {"tfjs/movenet-thunder.json", "person_basketball1.png", NULL, 0, true, 64, 0, false},
    {"tfjs/movenet-multipose.json", "people_vtest_f200.png", NULL, 0, false, 0, 0, false},
    /* the staging path (lavapipe has unified memory, so it is forced): uploads, downloads and
     * the copies between GPU and CPU segments go through copy commands */
    {"mediapipe/hand_landmark_lite.tflite", "hand_open_palm_a.png", NULL, 0, false, 0, 0, true},
    {"tfjs/movenet-lightning.json", "person_astronaut.png", NULL, 0, true, 48, 0, true},
};

typedef struct row {
    char name[64];
    int32_t gpu_ops, cpu_ops;
    double err_photo, err_random; /* max |vk - cpu| / range */
    double cpu_ms, vk_ms;
} row;

static glint_model* load(const char* path, const model_case* c, glint_backend backend, glint_error* err) {
    glint_model_desc d;
    memset(&d, 0, sizeof(d));
    d.path = path;
    d.backend = backend;
    d.output_names = c->outputs;
    d.num_output_names = c->num_outputs;
    glint_model* m = NULL;
    return glint_model_load(&d, &m, err) < 0 ? NULL : m;
}

static double run_ms(glint_model* m) {
    glint_error err;
    int64_t t0 = gu_time_ns();
    CHECK_MSG(glint_model_run(m, &err) == GLINT_SUCCESS, "run: %s", err.message);
    return (double)(gu_time_ns() - t0) * 1e-6;
}

/* Largest output difference relative to the CPU output's range, over all outputs. */
static double compare(const glint_model* cpu, const glint_model* vk, double tol) {
    double worst = 0.0;
    for (int32_t k = 0; k < glint_model_output_count(cpu); k++) {
        const float *a = NULL, *b = NULL;
        size_t na = 0, nb = 0;
        glint_model_output(cpu, k, (const void**)&a, &na);
        glint_model_output(vk, k, (const void**)&b, &nb);
        CHECK(na == nb && na > 0);
        float lo = a[0], hi = a[0];
        double d = 0.0;
        for (size_t i = 0; i < na / 4 && na == nb; i++) {
            lo = a[i] < lo ? a[i] : lo;
            hi = a[i] > hi ? a[i] : hi;
            double e = fabs((double)a[i] - (double)b[i]);
            if (!(e <= d)) d = e;
        }
        double range = (double)hi - (double)lo;
        double rel = d / (range > 1e-6 ? range : 1.0);
        if (rel > tol) {
            glint_tensor_info info;
            glint_model_output_info(cpu, k, &info);
            printf("    output %s: max |vk - cpu| %.3g, range [%g, %g]\n", info.name, d, lo, hi);
        }
        if (!(rel <= worst)) worst = rel;
    }
    return worst;
}

/* MoveNet decode output [1,1,17,3] = (y, x, score): positions within 1.5 heatmap cells. */
static double compare_keypoints(const glint_model* cpu, const glint_model* vk, int32_t heatmap) {
    const float *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    glint_model_output(cpu, 0, (const void**)&a, &na);
    glint_model_output(vk, 0, (const void**)&b, &nb);
    double worst = 0.0;
    for (size_t i = 0; i < na / 4 && na == nb; i += 3) {
        double dy = fabs((double)a[i] - b[i]) * heatmap, dx = fabs((double)a[i + 1] - b[i + 1]) * heatmap;
        double d = dy > dx ? dy : dx;
        if (!(d <= worst)) worst = d;
    }
    return worst; /* in heatmap cells */
}

static void check_backend(const glint_model* vk, const char* name, row* r) {
    glint_model_backend_info bi;
    CHECK(glint_model_get_backend(vk, &bi) == GLINT_SUCCESS);
    CHECK_MSG(bi.requested == GLINT_BACKEND_VULKAN && bi.active == GLINT_BACKEND_VULKAN &&
                  bi.last_run == GLINT_BACKEND_VULKAN && bi.fallbacks == 0,
              "%s: not on Vulkan (%s)", name, bi.message);
    CHECK_MSG(bi.gpu_ops > 0, "%s: no op on the GPU", name);
    r->gpu_ops = bi.gpu_ops;
    r->cpu_ops = bi.cpu_ops;
}

static void run_case(const model_case* c, row* r) {
    char path[1024];
    snprintf(path, sizeof(path), "%s/models/%s", test_cache_dir(), c->file);
    const char* base = strrchr(c->file, '/') ? strrchr(c->file, '/') + 1 : c->file;
    snprintf(r->name, sizeof(r->name), "%s%s%s", base, c->num_outputs ? " (heads)" : (c->decode ? " (decode)" : ""),
             c->staging ? " staging" : "");
    FILE* f = fopen(path, "rb");
    if (!f) {
        printf("%-40s SKIP (no %s; run tools/setup.sh)\n", r->name, path);
        r->gpu_ops = -1;
        return;
    }
    fclose(f);
    glint_error err;
    glint_model* cpu = load(path, c, GLINT_BACKEND_CPU, &err);
    CHECK_MSG(cpu != NULL, "%s: %s", r->name, err.message);
    if (c->staging) setenv("GLINT_VK_STAGING", "1", 1);
    glint_model* vk = load(path, c, GLINT_BACKEND_VULKAN, &err);
    if (c->staging) unsetenv("GLINT_VK_STAGING");
    CHECK_MSG(vk != NULL, "%s: %s", r->name, err.message);
    if (!cpu || !vk) {
        glint_model_destroy(cpu);
        glint_model_destroy(vk);
        return;
    }
    glint_tensor_info in;
    glint_model_input_info(cpu, 0, &in);
    void* data = calloc(1, in.bytes);
    test_rng rng = {0x1234567ull + in.bytes};
    for (int pass = 0; pass < 2; pass++) {
        bool photo = pass == 0;
        if (photo) {
            CHECK_MSG(vk_photo_input(&in, c->photo, data, in.bytes), "%s: cannot make an input from %s", r->name,
                      c->photo);
        } else {
            float lo = in.range_max > in.range_min ? in.range_min : 0.0f;
            float hi = in.range_max > in.range_min ? in.range_max : 1.0f;
            vk_fill(&rng, (ge_dtype)in.dtype, data, (int64_t)(in.bytes / 4), lo, hi);
        }
        /* A run may reuse its input's memory for later tensors: set the input before each run. */
        for (int rep = 0; rep < (photo ? 2 : 1); rep++) { /* photo: the second run's times (steady state) */
            CHECK(glint_model_set_input(cpu, 0, data, in.bytes) == GLINT_SUCCESS);
            CHECK(glint_model_set_input(vk, 0, data, in.bytes) == GLINT_SUCCESS);
            double tc = run_ms(cpu), tv = run_ms(vk);
            if (photo) r->cpu_ms = tc, r->vk_ms = tv;
        }
        const double tol = c->tol > 0 ? c->tol : REL_TOL;
        double e = c->decode ? compare_keypoints(cpu, vk, c->heatmap) : compare(cpu, vk, tol);
        if (photo) r->err_photo = e;
        else r->err_random = e;
        if (c->decode) CHECK_MSG(e <= 1.5, "%s (%s input): keypoints differ by %.2f heatmap cells", r->name,
                                 photo ? "photo" : "random", e);
        else CHECK_MSG(e <= tol, "%s (%s input): max error %.3g of the output range", r->name,
                       photo ? "photo" : "random", e);
    }
    check_backend(vk, r->name, r);
    vk_test_check_validation(r->name);
    free(data);
    glint_model_destroy(cpu);
    glint_model_destroy(vk);
}

int main(void) {
    if (!vk_test_available()) return test_finish();
    const int n = (int)(sizeof(k_cases) / sizeof(k_cases[0]));
    row rows[sizeof(k_cases) / sizeof(k_cases[0])];
    memset(rows, 0, sizeof(rows));
    for (int i = 0; i < n; i++) {
        int64_t t0 = gu_time_ns();
        run_case(&k_cases[i], &rows[i]);
        printf("%-40s done in %.1f s\n", rows[i].name, (double)(gu_time_ns() - t0) * 1e-9);
        fflush(stdout);
    }
    printf("\n%-40s %7s %7s %12s %12s %9s %9s\n", "model (fp32)", "gpu ops", "cpu ops", "err photo", "err random",
           "cpu ms", "vk ms");
    for (int i = 0; i < n; i++) {
        const row* r = &rows[i];
        if (r->gpu_ops < 0) continue;
        printf("%-40s %7d %7d %12.3g %12.3g %9.2f %9.2f%s\n", r->name, (int)r->gpu_ops, (int)r->cpu_ops, r->err_photo,
               r->err_random, r->cpu_ms, r->vk_ms, k_cases[i].decode ? "  (errors in heatmap cells)" : "");
    }
    vk_test_check_validation("end");
    return test_finish();
}
