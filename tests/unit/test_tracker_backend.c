/*
 * Where the tracker's stages run (glint_tracker_desc.backend), on a real photo
 * (hand_right_open_palm.png), each tracker checked frame by frame against a CPU tracker fed the
 * same frames: the hands (keypoints, world keypoints) must agree within a small epsilon, and
 * every stage report must say where the stage really ran.
 *
 * Without arguments (ctest test_tracker_backend): no device needed.
 *   - VULKAN and AUTO without a loader and without a device (GLINT_VK_FAULT=no_loader,
 *     no_device): create succeeds, everything runs and is reported on the CPU, AUTO keeps no
 *     Vulkan copy; every allocation is freed.
 * With --device (ctest test_vk_tracker_backend, in tools/test.sh's vulkan stage with the
 * validation layer; SKIP without a device unless GLINT_VK_REQUIRE=1):
 *   - VULKAN: every stage on Vulkan, same hands as the CPU.
 *   - AUTO on a CPU Vulkan driver (lavapipe): no Vulkan copy, every stage on the CPU; then,
 *     with GLINT_TRACKER_SOFTWARE_VULKAN=1, the driver is measured like a GPU:
 *   - AUTO: the planner measures each model stage on both backends (taking turns, 4 runs each;
 *     the tracker is reset between frames so that palm detection runs every frame), then runs
 *     each stage where its estimate is lowest; the measured ms per stage and backend are printed.
 *   - GLINT_VK_FAULT=device_lost:N in the middle of a stream, VULKAN and AUTO: the frame of the
 *     loss and every later one report CPU for that stage, the hands stay right, nothing leaks.
 */
#include "test_vk_util.h"

#include "glint/glint.h"
#include "test_tracker_util.h"
#include "tracker/gt_stage_models.h"
#include "tracker/gt_tracker.h"

#define KEYPOINT_EPS 0.05f  /* pixels (a 640-pixel-wide photo) */
#define WORLD_EPS 2e-4f     /* metres */

static char g_model_dir[1024];
static gs_image g_photo;
static float g_worst_px, g_worst_m; /* largest differences from the CPU tracker seen */

static bool have_models(void) { return test_load_hand_photo(g_model_dir, sizeof(g_model_dir), &g_photo); }

static glint_tracker* create(glint_backend backend, uint32_t features, test_counting* c) {
    glint_tracker_desc d = {0};
    d.model_dir = g_model_dir;
    d.features = features;
    d.backend = backend;
    if (c) {
        d.allocator.alloc = test_count_alloc;
        d.allocator.free = test_count_free;
        d.allocator.user_data = c;
    }
    glint_tracker* t = NULL;
    glint_result r = glint_tracker_create(&d, &t);
    CHECK_MSG(r == GLINT_SUCCESS && t, "create (backend %d): %s", (int)backend, glint_result_string(r));
    return t;
}

/* The two trackers fed the same frame; `reset` forgets the hands first (detection every frame). */
typedef struct pair {
    glint_tracker *ref, *t;
    glint_frame fr, f;
    int64_t ts;
} pair;

static bool step(pair* p, bool reset, const char* what) {
    glint_image im = {GLINT_PIXEL_FORMAT_RGB8, g_photo.width, g_photo.height, 0, g_photo.rgb, NULL, 0};
    if (reset) {
        glint_tracker_reset(p->ref);
        glint_tracker_reset(p->t);
    }
    p->ts += 33333333;
    glint_result r1 = glint_tracker_process(p->ref, &im, p->ts, &p->fr);
    glint_result r2 = glint_tracker_process(p->t, &im, p->ts, &p->f);
    CHECK_MSG(r1 == GLINT_SUCCESS && r2 == GLINT_SUCCESS, "%s: process: %s / %s", what,
              glint_tracker_last_error(p->ref), glint_tracker_last_error(p->t));
    if (r1 < 0 || r2 < 0) return false;
    CHECK_MSG(p->f.num_hands == p->fr.num_hands && p->f.num_hands == 1, "%s: %d hands, CPU %d", what,
              (int)p->f.num_hands, (int)p->fr.num_hands);
    float worst = 0.0f, worst_world = 0.0f;
    for (int h = 0; h < p->f.num_hands && h < p->fr.num_hands; h++) {
        const glint_hand *a = &p->f.hands[h], *b = &p->fr.hands[h];
        CHECK_MSG(a->state == b->state && a->handedness == b->handedness, "%s: hand %d state/side differ", what, h);
        for (int k = 0; k < GLINT_HAND_KEYPOINTS; k++) {
            float d[6] = {a->keypoints[k].x - b->keypoints[k].x, a->keypoints[k].y - b->keypoints[k].y,
                          a->keypoints[k].z - b->keypoints[k].z, a->world[k].x - b->world[k].x,
                          a->world[k].y - b->world[k].y, a->world[k].z - b->world[k].z};
            for (int i = 0; i < 6; i++) {
                float* w = i < 3 ? &worst : &worst_world;
                if (!(fabsf(d[i]) <= *w)) *w = fabsf(d[i]); /* NaN makes it fail */
            }
        }
    }
    if (worst > g_worst_px) g_worst_px = worst;
    if (worst_world > g_worst_m) g_worst_m = worst_world;
    CHECK_MSG(worst <= KEYPOINT_EPS && worst_world <= WORLD_EPS, "%s: keypoints differ from the CPU by %g px, %g m",
              what, (double)worst, (double)worst_world);
    return true;
}

static const glint_stage k_model_stages[3] = {GLINT_STAGE_PALM_DETECTION, GLINT_STAGE_HAND_LANDMARKS,
                                              GLINT_STAGE_BODY};

static const char* bname(glint_backend b) {
    return b == GLINT_BACKEND_CPU ? "cpu" : b == GLINT_BACKEND_VULKAN ? "vulkan" : "auto";
}

/* Every stage that ran this frame ran on `want`; post-processing always on the CPU. */
static void expect_ran_on(const glint_frame* f, glint_backend want, const char* what) {
    for (int i = 0; i < 3; i++) {
        const glint_stage_report* s = &f->stages[k_model_stages[i]];
        if (s->status != GLINT_STAGE_RAN) continue;
        CHECK_MSG(s->backend == want, "%s: %s ran on %s, want %s", what, glint_stage_name(k_model_stages[i]),
                  bname(s->backend), bname(want));
    }
    CHECK(f->stages[GLINT_STAGE_POSTPROCESS].backend == GLINT_BACKEND_CPU);
}

/* No loader / no device: create succeeds, everything on the CPU. */
static void without_vulkan(const char* fault, glint_backend backend) {
    char what[96];
    snprintf(what, sizeof(what), "%s, backend %s", fault, bname(backend));
    setenv("GLINT_VK_FAULT", fault, 1);
    test_counting c = {0};
    pair p = {0};
    p.ref = create(GLINT_BACKEND_CPU, GLINT_FEATURE_HANDS, NULL);
    p.t = create(backend, GLINT_FEATURE_HANDS, &c);
    unsetenv("GLINT_VK_FAULT");
    if (p.ref && p.t) {
        for (int s = 0; s < GLINT_STAGE_COUNT; s++)
            CHECK_MSG(gt_planner_backends(&p.t->planner, (glint_stage)s) == GT_BACKEND_BIT(GLINT_BACKEND_CPU),
                      "%s: stage %d may run on 0x%x", what, s, (unsigned)gt_planner_backends(&p.t->planner, (glint_stage)s));
        CHECK_MSG(!p.t->hands || !(gt_hands_usable(p.t->hands, GLINT_STAGE_PALM_DETECTION) &
                                   GT_BACKEND_BIT(GLINT_BACKEND_VULKAN)), "%s: a Vulkan copy without Vulkan", what);
        for (int i = 0; i < 3; i++) {
            if (!step(&p, i == 2, what)) break;
            expect_ran_on(&p.f, GLINT_BACKEND_CPU, what);
        }
        printf("  %-36s create ok, frames on the CPU\n", what);
    }
    glint_tracker_destroy(p.ref);
    glint_tracker_destroy(p.t);
    CHECK_MSG(c.live == 0, "%s: %ld allocations not freed", what, c.live);
}

static void vulkan_matches_cpu(void) {
    test_counting c = {0};
    pair p = {0};
    p.ref = create(GLINT_BACKEND_CPU, GLINT_FEATURE_HANDS, NULL);
    p.t = create(GLINT_BACKEND_VULKAN, GLINT_FEATURE_HANDS, &c);
    for (int i = 0; i < 4 && p.ref && p.t; i++) {
        if (!step(&p, i == 3, "vulkan")) break;
        expect_ran_on(&p.f, GLINT_BACKEND_VULKAN, "vulkan");
        CHECK(p.f.stages[GLINT_STAGE_HAND_LANDMARKS].status == GLINT_STAGE_RAN);
        printf("  vulkan frame %d: palm %s %.1f ms, landmarks %s %.1f ms (CPU %.1f, %.1f)\n", i + 1,
               bname(p.f.stages[0].backend), (double)p.f.stages[0].ms, bname(p.f.stages[1].backend),
               (double)p.f.stages[1].ms, (double)p.fr.stages[0].ms, (double)p.fr.stages[1].ms);
    }
    glint_tracker_destroy(p.ref);
    glint_tracker_destroy(p.t);
    CHECK_MSG(c.live == 0, "vulkan: %ld allocations not freed", c.live);
}

/* Whether the Vulkan device models get is a CPU implementation (lavapipe in CI). */
static bool device_is_software(void) {
    char path[1200];
    snprintf(path, sizeof(path), "%s/mediapipe/hand_landmark_lite.tflite", g_model_dir);
    glint_model_desc d = {0};
    d.path = path;
    d.backend = GLINT_BACKEND_VULKAN;
    glint_model* m = NULL;
    glint_model_backend_info bi = {0};
    glint_error err;
    if (glint_model_load(&d, &m, &err) == GLINT_SUCCESS) glint_model_get_backend(m, &bi);
    glint_model_destroy(m);
    return bi.active == GLINT_BACKEND_VULKAN && bi.software_device;
}

/* AUTO on a CPU Vulkan driver: no Vulkan copy, every stage planned and run on the CPU at once. */
static void auto_skips_software_device(void) {
    const uint32_t features = GLINT_FEATURE_HANDS | GLINT_FEATURE_BODY;
    test_counting c = {0};
    pair p = {0};
    p.ref = create(GLINT_BACKEND_CPU, features, NULL);
    p.t = create(GLINT_BACKEND_AUTO, features, &c);
    for (int i = 0; i < 3 && p.ref && p.t; i++) {
        if (!step(&p, true, "auto, software device")) break;
        for (int k = 0; k < 3; k++) {
            const glint_stage s = k_model_stages[k];
            CHECK_MSG(p.f.stages[s].backend == GLINT_BACKEND_CPU, "auto, software device: %s ran on %s",
                      glint_stage_name(s), bname(p.f.stages[s].backend));
            CHECK_MSG(gt_planner_backends(&p.t->planner, s) == GT_BACKEND_BIT(GLINT_BACKEND_CPU),
                      "auto, software device: %s may run on 0x%x", glint_stage_name(s),
                      (unsigned)gt_planner_backends(&p.t->planner, s));
        }
    }
    glint_tracker_destroy(p.ref);
    glint_tracker_destroy(p.t);
    CHECK_MSG(c.live == 0, "auto, software device: %ld allocations not freed", c.live);
}

/* AUTO: both measured, taking turns, then the cheaper per stage. */
static void auto_explores(void) {
    const uint32_t features = GLINT_FEATURE_HANDS | GLINT_FEATURE_BODY;
    test_counting c = {0};
    pair p = {0};
    p.ref = create(GLINT_BACKEND_CPU, features, NULL);
    p.t = create(GLINT_BACKEND_AUTO, features, &c);
    const int explore = 2 * GT_PLANNER_EXPLORE_RUNS;
    for (int i = 0; i < explore + 2 && p.ref && p.t; i++) {
        if (!step(&p, true, "auto")) break;
        glint_backend want = (i % 2) ? GLINT_BACKEND_VULKAN : GLINT_BACKEND_CPU;
        printf("  auto frame %2d:", i + 1);
        for (int k = 0; k < 3; k++) {
            const glint_stage_report* s = &p.f.stages[k_model_stages[k]];
            CHECK_MSG(s->status == GLINT_STAGE_RAN, "auto frame %d: %s did not run", i + 1,
                      glint_stage_name(k_model_stages[k]));
            if (i < explore)
                CHECK_MSG(s->backend == want, "auto frame %d: %s on %s, want %s (taking turns)", i + 1,
                          glint_stage_name(k_model_stages[k]), bname(s->backend), bname(want));
            printf(" %s %s %.1f ms", glint_stage_name(k_model_stages[k]), bname(s->backend), (double)s->ms);
        }
        printf("\n");
    }
    if (p.t) {
        printf("  auto estimates after exploring (ms per run):\n");
        for (int k = 0; k < 3; k++) {
            glint_stage s = k_model_stages[k];
            const gt_stage_cost* cpu = &p.t->planner.cost[s][GLINT_BACKEND_CPU];
            const gt_stage_cost* vk = &p.t->planner.cost[s][GLINT_BACKEND_VULKAN];
            CHECK_MSG(cpu->samples >= GT_PLANNER_EXPLORE_RUNS && vk->samples >= GT_PLANNER_EXPLORE_RUNS,
                      "%s: %d CPU and %d Vulkan measurements", glint_stage_name(s), (int)cpu->samples,
                      (int)vk->samples);
            glint_backend cheaper = vk->ms < cpu->ms ? GLINT_BACKEND_VULKAN : GLINT_BACKEND_CPU;
            CHECK_MSG(p.f.stages[s].backend == cheaper, "%s: ran on %s after exploring, cheaper is %s",
                      glint_stage_name(s), bname(p.f.stages[s].backend), bname(cheaper));
            printf("    %-15s cpu %8.2f  vulkan %8.2f  -> %s\n", glint_stage_name(s), (double)cpu->ms,
                   (double)vk->ms, bname(cheaper));
        }
    }
    glint_tracker_destroy(p.ref);
    glint_tracker_destroy(p.t);
    CHECK_MSG(c.live == 0, "auto: %ld allocations not freed", c.live);
}

/* GLINT_VK_FAULT=device_lost:N: each Vulkan model loses its device at its N-th submission. */
static void device_lost(glint_backend backend, int at, bool reset, glint_stage stage, int lost_frame) {
    char what[96], spec[32];
    snprintf(what, sizeof(what), "%s, device lost at submission %d", bname(backend), at);
    snprintf(spec, sizeof(spec), "device_lost:%d", at);
    setenv("GLINT_VK_FAULT", spec, 1);
    test_counting c = {0};
    pair p = {0};
    p.ref = create(GLINT_BACKEND_CPU, GLINT_FEATURE_HANDS, NULL);
    p.t = create(backend, GLINT_FEATURE_HANDS, &c);
    unsetenv("GLINT_VK_FAULT");
    for (int i = 1; i <= lost_frame + 2 && p.ref && p.t; i++) {
        if (!step(&p, reset, what)) break;
        const glint_stage_report* s = &p.f.stages[stage];
        glint_backend want = i < lost_frame ? (backend == GLINT_BACKEND_AUTO && i % 2 ? GLINT_BACKEND_CPU
                                                                                       : GLINT_BACKEND_VULKAN)
                                            : GLINT_BACKEND_CPU;
        CHECK_MSG(s->status == GLINT_STAGE_RAN && s->backend == want, "%s: frame %d: %s ran on %s, want %s", what, i,
                  glint_stage_name(stage), bname(s->backend), bname(want));
        printf("  %-40s frame %d: %s on %s\n", what, i, glint_stage_name(stage), bname(s->backend));
    }
    if (p.t)
        CHECK_MSG(gt_planner_backends(&p.t->planner, stage) == GT_BACKEND_BIT(GLINT_BACKEND_CPU),
                  "%s: %s may still run on 0x%x", what, glint_stage_name(stage),
                  (unsigned)gt_planner_backends(&p.t->planner, stage));
    glint_tracker_destroy(p.ref);
    glint_tracker_destroy(p.t);
    CHECK_MSG(c.live == 0, "%s: %ld allocations not freed", what, c.live);
}

int main(int argc, char** argv) {
    bool device = argc > 1 && strcmp(argv[1], "--device") == 0;
    if (!have_models()) {
        printf("skip: no hand models or photo under %s (run tools/setup.sh)\n", test_cache_dir());
        return test_finish();
    }
    if (!device) {
        printf("without Vulkan\n");
        without_vulkan("no_loader", GLINT_BACKEND_VULKAN);
        without_vulkan("no_loader", GLINT_BACKEND_AUTO);
        without_vulkan("no_device", GLINT_BACKEND_VULKAN);
        without_vulkan("no_device", GLINT_BACKEND_AUTO);
    } else if (vk_test_available()) {
        printf("backend vulkan\n");
        vulkan_matches_cpu();
        if (device_is_software()) {
            printf("backend auto, a CPU Vulkan driver: left out\n");
            auto_skips_software_device();
            setenv("GLINT_TRACKER_SOFTWARE_VULKAN", "1", 1); /* measure it anyway, to test the planner */
        }
        printf("backend auto\n");
        auto_explores();
        printf("device lost in the middle of a stream\n");
        /* Tracking: the landmark model submits once per frame; its 3rd submission fails. */
        device_lost(GLINT_BACKEND_VULKAN, 3, false, GLINT_STAGE_HAND_LANDMARKS, 3);
        /* AUTO, detection every frame: Vulkan runs on even frames; its 2nd one (frame 4) fails. */
        device_lost(GLINT_BACKEND_AUTO, 2, true, GLINT_STAGE_PALM_DETECTION, 4);
        vk_test_check_validation("end");
    }
    printf("largest difference from the CPU tracker: %.2g px, %.2g m\n", (double)g_worst_px, (double)g_worst_m);
    gs_image_free(&g_photo);
    return test_finish();
}
