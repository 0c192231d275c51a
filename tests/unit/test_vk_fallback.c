/*
 * Every way the Vulkan backend can fail, injected, on a real model: the model must still load,
 * run on the CPU (the whole graph, or the ops the device cannot run), give the CPU's outputs,
 * say so through glint_model_get_backend, and free everything (a counting allocator checks it;
 * the asan stage checks the rest).
 *
 *   no loader        GLINT_VK_LOADER pointing nowhere, and the no_loader fault
 *   no device        VK_DRIVER_FILES pointing nowhere, the no_device fault, a device override
 *                    that matches nothing
 *   missing feature  a device limit (maxStorageBufferRange) too small for some tensors: those
 *                    ops run on the CPU inside the GPU run
 *   unsupported op   an op type without a shader: the graph is split GPU / CPU
 *   out of memory    device allocations fail
 *   device lost      VK_ERROR_DEVICE_LOST in the middle of a stream: that frame and all later
 *                    ones on the CPU, with the right outputs, on a one-segment graph and in
 *                    the middle of a frame of a split one (MoveNet's decode on the CPU)
 */
#include "test_vk_util.h"

#include "engine/vulkan/gv_fault.h"

typedef struct fixture {
    char path[1024];
    const char* photo;
    void* input;
    size_t input_bytes;
    float* expect[8]; /* CPU outputs */
    size_t expect_bytes[8];
    int32_t num_outputs;
} fixture;

static bool fixture_init(fixture* f, const char* file, const char* photo) {
    memset(f, 0, sizeof(*f));
    snprintf(f->path, sizeof(f->path), "%s/models/%s", test_cache_dir(), file);
    glint_model_desc d;
    memset(&d, 0, sizeof(d));
    d.path = f->path;
    d.backend = GLINT_BACKEND_CPU;
    glint_model* m = NULL;
    glint_error err;
    if (glint_model_load(&d, &m, &err) < 0) {
        printf("SKIP %s: %s\n", file, err.message);
        return false;
    }
    glint_tensor_info info;
    glint_model_input_info(m, 0, &info);
    f->input_bytes = info.bytes;
    f->input = malloc(info.bytes);
    CHECK(vk_photo_input(&info, photo, f->input, info.bytes));
    CHECK(glint_model_set_input(m, 0, f->input, f->input_bytes) == GLINT_SUCCESS);
    CHECK(glint_model_run(m, &err) == GLINT_SUCCESS);
    f->num_outputs = glint_model_output_count(m);
    for (int32_t k = 0; k < f->num_outputs && k < 8; k++) {
        const void* p;
        glint_model_output(m, k, &p, &f->expect_bytes[k]);
        f->expect[k] = malloc(f->expect_bytes[k]);
        memcpy(f->expect[k], p, f->expect_bytes[k]);
    }
    glint_model_destroy(m);
    return true;
}

static void fixture_free(fixture* f) {
    free(f->input);
    for (int k = 0; k < 8; k++) free(f->expect[k]);
}

/* Outputs within 1e-4 of the CPU's (relative to the largest value) */
static void check_outputs(const fixture* f, const glint_model* m, const char* what) {
    for (int32_t k = 0; k < f->num_outputs && k < 8; k++) {
        const float* p;
        size_t n;
        glint_model_output(m, k, (const void**)&p, &n);
        CHECK(n == f->expect_bytes[k]);
        double worst = 0.0, scale = 1.0;
        for (size_t i = 0; i < n / 4 && n == f->expect_bytes[k]; i++) {
            double e = fabs((double)p[i] - f->expect[k][i]);
            if (!(e <= worst)) worst = e;
            if (fabs(f->expect[k][i]) > scale) scale = fabs(f->expect[k][i]);
        }
        CHECK_MSG(worst <= 1e-4 * scale, "%s: output %d differs from the CPU by %g", what, (int)k, worst);
    }
}

static glint_model* load(const fixture* f, const char* device, bool gpu_only, test_counting* c) {
    glint_model_desc d;
    memset(&d, 0, sizeof(d));
    d.path = f->path;
    d.backend = GLINT_BACKEND_VULKAN;
    d.device = device;
    d.vulkan_gpu_only = gpu_only;
    d.allocator.alloc = test_count_alloc;
    d.allocator.free = test_count_free;
    d.allocator.user_data = c;
    glint_model* m = NULL;
    glint_error err;
    CHECK_MSG(glint_model_load(&d, &m, &err) == GLINT_SUCCESS, "load: %s", err.message);
    return m;
}

static void run_frames(const fixture* f, glint_model* m, int frames, const char* what) {
    for (int i = 0; i < frames && m; i++) {
        glint_error err;
        CHECK(glint_model_set_input(m, 0, f->input, f->input_bytes) == GLINT_SUCCESS);
        CHECK_MSG(glint_model_run(m, &err) == GLINT_SUCCESS, "%s: run %d: %s", what, i, err.message);
        check_outputs(f, m, what);
    }
}

/* A load that must end up entirely on the CPU, with `reason` and `text` in the message. */
static void expect_cpu(const fixture* f, const char* what, const char* device, bool gpu_only, glint_result reason,
                       const char* text) {
    test_counting c = {0};
    glint_model* m = load(f, device, gpu_only, &c);
    if (!m) return;
    glint_model_backend_info bi;
    CHECK(glint_model_get_backend(m, &bi) == GLINT_SUCCESS);
    CHECK_MSG(bi.requested == GLINT_BACKEND_VULKAN && bi.active == GLINT_BACKEND_CPU, "%s: active %d", what,
              (int)bi.active);
    CHECK_MSG(bi.reason == reason, "%s: reason %s, expected %s (%s)", what, glint_result_string(bi.reason),
              glint_result_string(reason), bi.message);
    CHECK_MSG(strstr(bi.message, text) != NULL, "%s: message '%s' lacks '%s'", what, bi.message, text);
    run_frames(f, m, 2, what);
    CHECK(glint_model_get_backend(m, &bi) == GLINT_SUCCESS);
    CHECK_MSG(bi.last_run == GLINT_BACKEND_CPU && bi.gpu_ops == 0, "%s: last run %d", what, (int)bi.last_run);
    glint_model_destroy(m);
    CHECK_MSG(c.live == 0, "%s: %ld allocations not freed", what, c.live);
    printf("  %-44s CPU: %s\n", what, bi.message);
}

static void with_fault(const char* spec) {
    gv_faults fl;
    CHECK_MSG(gv_fault_parse(spec, &fl), "bad fault spec %s", spec);
    gv_fault_set(&fl);
}

static void load_failures(const fixture* f) {
    printf("load-time failures\n");
    with_fault("no_loader");
    expect_cpu(f, "no Vulkan loader (fault)", NULL, false, GLINT_ERROR_BACKEND_UNAVAILABLE, "loader");
    gv_fault_set(NULL);

    setenv("GLINT_VK_LOADER", "/nonexistent/libvulkan.so.1", 1);
    expect_cpu(f, "no Vulkan loader (GLINT_VK_LOADER)", NULL, false, GLINT_ERROR_BACKEND_UNAVAILABLE, "cannot open");
    unsetenv("GLINT_VK_LOADER");

    with_fault("no_device");
    expect_cpu(f, "no device (fault)", NULL, false, GLINT_ERROR_BACKEND_UNAVAILABLE, "no Vulkan physical device");
    gv_fault_set(NULL);

    const char* saved = getenv("VK_DRIVER_FILES");
    char* keep = saved ? strdup(saved) : NULL;
    setenv("VK_DRIVER_FILES", "/nonexistent/icd.json", 1);
    expect_cpu(f, "no driver (VK_DRIVER_FILES)", NULL, false, GLINT_ERROR_BACKEND_UNAVAILABLE, "vulkan:");
    if (keep) setenv("VK_DRIVER_FILES", keep, 1);
    else unsetenv("VK_DRIVER_FILES");
    free(keep);

    expect_cpu(f, "device override matches nothing", "no-such-gpu", false, GLINT_ERROR_BACKEND_UNAVAILABLE, "no-such-gpu");
    expect_cpu(f, "device override past the last index", "99", false, GLINT_ERROR_BACKEND_UNAVAILABLE, "past the last");

    /* vulkan_gpu_only on a Vulkan driver that runs on the CPU (lavapipe): refused at device choice */
    test_counting c = {0};
    glint_model* probe = load(f, NULL, false, &c);
    glint_model_backend_info bi = {0};
    if (probe) glint_model_get_backend(probe, &bi);
    glint_model_destroy(probe);
    if (bi.active == GLINT_BACKEND_VULKAN && bi.software_device)
        expect_cpu(f, "GPU only, the device is a CPU driver", NULL, true, GLINT_ERROR_BACKEND_UNAVAILABLE,
                   "runs on the CPU");
    else
        printf("  %-44s skipped: %s is not a CPU driver\n", "GPU only, the device is a CPU driver", bi.device);

    with_fault("oom");
    expect_cpu(f, "out of device memory (fault)", NULL, false, GLINT_ERROR_OUT_OF_MEMORY, "OUT_OF_DEVICE_MEMORY");
    gv_fault_set(NULL);
}

/* Vulkan stays active but some ops run on the CPU: outputs still right. */
static void expect_split(const fixture* f, const char* what, const char* fault, const char* text) {
    with_fault(fault);
    test_counting c = {0};
    glint_model* m = load(f, NULL, false, &c);
    gv_fault_set(NULL);
    if (!m) return;
    run_frames(f, m, 2, what);
    glint_model_backend_info bi;
    CHECK(glint_model_get_backend(m, &bi) == GLINT_SUCCESS);
    CHECK_MSG(bi.active == GLINT_BACKEND_VULKAN && bi.last_run == GLINT_BACKEND_VULKAN, "%s: not on Vulkan: %s",
              what, bi.message);
    CHECK_MSG(bi.gpu_ops > 0 && bi.cpu_ops > 0, "%s: %d GPU ops, %d CPU ops", what, (int)bi.gpu_ops, (int)bi.cpu_ops);
    CHECK_MSG(strstr(bi.message, text) != NULL, "%s: message '%s' lacks '%s'", what, bi.message, text);
    printf("  %-44s %d ops on the GPU, %d on the CPU (%s)\n", what, (int)bi.gpu_ops, (int)bi.cpu_ops, bi.message);
    glint_model_destroy(m);
    CHECK_MSG(c.live == 0, "%s: %ld allocations not freed", what, c.live);
}

static void whole_graph_unsupported(void) {
    /* A graph whose only op has no shader: Vulkan refuses it at load, the CPU runs it. */
    vk_graph t;
    vkg_init(&t);
    int32_t x = vkg_input(&t, GE_DTYPE_F32, VKS(1, 4, 6));
    int32_t y = vkg_output(&t, GE_DTYPE_F32);
    ge_op_params p;
    memset(&p, 0, sizeof(p));
    p.transpose.perm[0] = 0, p.transpose.perm[1] = 2, p.transpose.perm[2] = 1;
    ge_graph_add_op(&t.g, GE_OP_TRANSPOSE, "transpose", &x, 1, &y, 1, &p, &t.err);
    float data[24];
    for (int i = 0; i < 24; i++) data[i] = (float)i;
    void* in[1] = {data};
    vk_result r;
    CHECK(vk_compare(&t, in, NULL, &r));
    CHECK_MSG(!r.ran && strstr(r.why, "no op of this graph runs on the GPU"), "whole-graph CPU: %s", r.why);
    printf("  %-44s %s\n", "graph without any GPU op", r.why);
    vkg_free(&t);
}

/* GPU submissions per run of f's model. */
static int32_t gpu_segments(const fixture* f) {
    test_counting c = {0};
    glint_model* m = load(f, NULL, false, &c);
    glint_model_backend_info bi;
    memset(&bi, 0, sizeof(bi));
    if (m) glint_model_get_backend(m, &bi);
    glint_model_destroy(m);
    return bi.gpu_segments;
}

/* VK_ERROR_DEVICE_LOST at GPU submission `at` (1-based, counted over the stream). */
static void device_lost(const fixture* f, const char* what, int32_t at) {
    char spec[32];
    snprintf(spec, sizeof(spec), "device_lost:%d", (int)at);
    with_fault(spec);
    test_counting c = {0};
    glint_model* m = load(f, NULL, false, &c);
    gv_fault_set(NULL);
    if (!m) return;
    glint_model_backend_info bi;
    for (int frame = 1; frame <= 5; frame++) {
        glint_error err;
        CHECK(glint_model_set_input(m, 0, f->input, f->input_bytes) == GLINT_SUCCESS);
        CHECK_MSG(glint_model_run(m, &err) == GLINT_SUCCESS, "%s: frame %d: %s", what, frame, err.message);
        check_outputs(f, m, what);
        CHECK(glint_model_get_backend(m, &bi) == GLINT_SUCCESS);
        if (bi.last_run == GLINT_BACKEND_CPU) {
            CHECK_MSG(bi.active == GLINT_BACKEND_CPU && bi.fallbacks == 1 && bi.reason == GLINT_ERROR_DEVICE_LOST,
                      "%s: frame %d: active %d, fallbacks %d, reason %s", what, frame, (int)bi.active,
                      (int)bi.fallbacks, glint_result_string(bi.reason));
            CHECK(strstr(bi.message, "DEVICE_LOST") != NULL);
        }
        printf("  %-44s frame %d on %s\n", what, frame, bi.last_run == GLINT_BACKEND_VULKAN ? "Vulkan" : "CPU");
    }
    CHECK_MSG(bi.last_run == GLINT_BACKEND_CPU && bi.fallbacks == 1, "%s: never moved to the CPU", what);
    glint_model_destroy(m);
    CHECK_MSG(c.live == 0, "%s: %ld allocations not freed", what, c.live);
}

int main(void) {
    if (!vk_test_available()) return test_finish();
    fixture hand, movenet;
    if (fixture_init(&hand, "mediapipe/hand_landmark_lite.tflite", "hand_open_palm_a.png")) {
        load_failures(&hand);
        printf("ops on the CPU inside a GPU run\n");
        expect_split(&hand, "CONV2D without a shader (fault)", "unsupported:CONV2D", "CONV2D");
        expect_split(&hand, "maxStorageBufferRange 256 KiB (device limit)", "storage_range:262144",
                     "maxStorageBufferRange");
        whole_graph_unsupported();
        printf("device lost in the middle of a stream\n");
        const int32_t per = gpu_segments(&hand);
        CHECK(per == 1);
        device_lost(&hand, "hand_landmark_lite, lost in frame 3", 2 * per + 1);
        fixture_free(&hand);
    }
    if (fixture_init(&movenet, "tfjs/movenet-lightning.json", "person_astronaut.png")) {
        /* MoveNet with its decode: GPU backbone, CPU decode, maybe more GPU: lose the device
         * at the start of frame 2, and after frame 2's first GPU segment and CPU segment ran. */
        const int32_t per = gpu_segments(&movenet);
        printf("  movenet-lightning: %d GPU submissions per frame\n", (int)per);
        device_lost(&movenet, "movenet-lightning, lost at frame 2's start", per + 1);
        if (per >= 2) device_lost(&movenet, "movenet-lightning, lost in frame 2's middle", per + 2);
        fixture_free(&movenet);
    }
    vk_test_check_validation("end");
    return test_finish();
}
