/*
 * No heap allocation inside glint_tracker_process after the first frame (glint.h's promise),
 * proved with a test_counting allocator hook: after frame 1 the tracker goes through detection,
 * tracking, a lost hand, a re-detection, a budget that forces skips, errors, predict and a
 * resolution change, and the hook must not be called once. Destroy frees everything. Hands
 * alone, then hands and body.
 */
#include <stdio.h>

#include "common/gs_image.h"
#include "glint/glint.h"
#include "test_util.h"

/* The photo moved right by dx pixels (gray fill), same size. */
static void shifted(const gs_image* src, int dx, uint8_t* dst) {
    int w = src->width, h = src->height;
    memset(dst, 128, (size_t)w * h * 3);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int sx = x - dx;
            if (sx < 0 || sx >= w) continue;
            memcpy(dst + ((size_t)y * w + x) * 3, src->rgb + ((size_t)y * w + sx) * 3, 3);
        }
}

static void run(const char* model_dir, const gs_image* photo, uint32_t features) {
    test_counting c = {0};
    glint_tracker_desc d = {0};
    d.model_dir = model_dir;
    d.features = features;
    d.allocator.alloc = test_count_alloc;
    d.allocator.free = test_count_free;
    d.allocator.user_data = &c;
    glint_tracker* t = NULL;
    glint_result r = glint_tracker_create(&d, &t);
    CHECK_MSG(r == GLINT_SUCCESS, "create: %s", glint_result_string(r));
    if (!t) return;
    CHECK(c.allocs > 0); /* the hook is really used */

    int w = photo->width, h = photo->height;
    uint8_t* moved = malloc((size_t)w * h * 3);
    uint8_t* blank = malloc((size_t)w * h * 3);
    memset(blank, 128, (size_t)w * h * 3);
    glint_image im = {GLINT_PIXEL_FORMAT_RGB8, w, h, 0, photo->rgb, NULL, 0};
    glint_frame f;
    int64_t ts = 0, step = 33333333;

    CHECK(glint_tracker_process(t, &im, ts += step, &f) == GLINT_SUCCESS);
    CHECK(f.num_hands == 1);
    long after_first = c.allocs;
    printf("features 0x%x: %ld allocations at create + first frame (%ld live)\n", (unsigned)features, c.allocs, c.live);

    /* Tracking while the hand moves. */
    for (int i = 1; i <= 3; i++) {
        shifted(photo, 6 * i, moved);
        im.data = moved;
        CHECK(glint_tracker_process(t, &im, ts += step, &f) == GLINT_SUCCESS);
        CHECK(f.num_hands == 1 && f.hands[0].state == GLINT_TRACK_TRACKED);
    }
    /* The hand disappears (LOST, detection runs and finds nothing), then comes back (NEW). */
    im.data = blank;
    CHECK(glint_tracker_process(t, &im, ts += step, &f) == GLINT_SUCCESS);
    CHECK(glint_tracker_process(t, &im, ts += step, &f) == GLINT_SUCCESS && f.num_hands == 0);
    im.data = photo->rgb;
    CHECK(glint_tracker_process(t, &im, ts += step, &f) == GLINT_SUCCESS);
    CHECK(f.num_hands == 1 && f.hands[0].state == GLINT_TRACK_NEW);
    /* Errors. */
    glint_image bad = im;
    bad.stride = 1;
    CHECK(glint_tracker_process(t, &bad, ts += step, &f) < 0);
    CHECK(glint_tracker_process(t, NULL, ts += step, &f) < 0);
    CHECK(glint_tracker_process(t, &im, 0, &f) < 0);
    /* Predict. */
    glint_frame p;
    CHECK(glint_tracker_predict(t, ts + step / 2, &p) == GLINT_SUCCESS && p.num_hands == 1);
    /* A smaller frame (tracks start over) in another format. */
    glint_image gray = {GLINT_PIXEL_FORMAT_GRAY8, w / 2, h / 2, w, blank, NULL, 0};
    CHECK(glint_tracker_process(t, &gray, ts += step, &f) == GLINT_SUCCESS);
    CHECK(glint_tracker_process(t, &im, ts += step, &f) == GLINT_SUCCESS && f.num_hands == 1);
    CHECK(glint_tracker_reset(t) == GLINT_SUCCESS);
    CHECK(glint_tracker_process(t, &im, ts += step, &f) == GLINT_SUCCESS && f.num_hands == 1);

    CHECK_MSG(c.allocs == after_first, "glint_tracker_process allocated %ld times after the first frame",
              c.allocs - after_first);
    glint_tracker_destroy(t);
    CHECK_MSG(c.live == 0 && c.frees == c.allocs, "after destroy: %ld allocations live", c.live);
    free(moved);
    free(blank);
}

/* Under a budget too small for any model: after the calibration frame every stage is skipped
 * or predicted, also without allocating. */
static void run_budgeted(const char* model_dir, const gs_image* photo, uint32_t features) {
    test_counting c = {0};
    glint_tracker_desc d = {0};
    d.model_dir = model_dir;
    d.features = features;
    d.budget_ms = 0.5f;
    /* One calibration frame: with AUTO and a Vulkan device the Vulkan copies' first runs would
     * be a second one (test_tracker_backend covers that). */
    d.backend = GLINT_BACKEND_CPU;
    d.allocator.alloc = test_count_alloc;
    d.allocator.free = test_count_free;
    d.allocator.user_data = &c;
    glint_tracker* t = NULL;
    CHECK(glint_tracker_create(&d, &t) == GLINT_SUCCESS);
    if (!t) return;
    glint_image im = {GLINT_PIXEL_FORMAT_RGB8, photo->width, photo->height, 0, photo->rgb, NULL, 0};
    glint_frame f;
    CHECK(glint_tracker_process(t, &im, 1, &f) == GLINT_SUCCESS && f.num_hands == 1);
    CHECK(f.deadline_missed); /* the calibration frame runs everything once */
    long after_first = c.allocs;
    for (int i = 2; i < 6; i++) {
        CHECK(glint_tracker_process(t, &im, i * 33333333LL, &f) == GLINT_SUCCESS);
        CHECK(f.num_hands == 1 && f.hands[0].state == GLINT_TRACK_PREDICTED);
        CHECK(f.stages[GLINT_STAGE_HAND_LANDMARKS].status == GLINT_STAGE_PREDICTED);
        CHECK(f.stages[GLINT_STAGE_HAND_LANDMARKS].runs == 0);
        if (features & GLINT_FEATURE_BODY) CHECK(f.stages[GLINT_STAGE_BODY].status == GLINT_STAGE_PREDICTED);
    }
    CHECK_MSG(c.allocs == after_first, "budgeted: %ld allocations after the first frame", c.allocs - after_first);
    glint_tracker_destroy(t);
    CHECK(c.live == 0);
}

int main(void) {
    char model_dir[1024], path[1200];
    snprintf(model_dir, sizeof(model_dir), "%s/models", test_cache_dir());
    snprintf(path, sizeof(path), "%s/images/hand_right_open_palm.png", test_cache_dir());
    gs_image photo;
    char lm[1200];
    snprintf(lm, sizeof(lm), "%s/mediapipe/hand_landmark_lite.tflite", model_dir);
    FILE* f = fopen(lm, "rb");
    if (f) fclose(f);
    if (!f || gs_image_load(path, &photo, NULL) != 0) {
        printf("skip: no hand models or photo under %s (run tools/setup.sh)\n", test_cache_dir());
        CHECK_MSG(getenv("GLINT_REQUIRE_MODELS") == NULL, "models missing and GLINT_REQUIRE_MODELS is set");
        return test_finish();
    }
    run(model_dir, &photo, GLINT_FEATURE_HANDS);
    run_budgeted(model_dir, &photo, GLINT_FEATURE_HANDS);
    char movenet[1200];
    snprintf(movenet, sizeof(movenet), "%s/tfjs/movenet-lightning.json", model_dir);
    f = fopen(movenet, "rb");
    if (f) {
        fclose(f);
        run(model_dir, &photo, GLINT_FEATURE_HANDS | GLINT_FEATURE_BODY);
        run_budgeted(model_dir, &photo, GLINT_FEATURE_HANDS | GLINT_FEATURE_BODY);
    } else {
        printf("skip: body (no %s)\n", movenet);
        CHECK_MSG(getenv("GLINT_REQUIRE_MODELS") == NULL, "MoveNet missing and GLINT_REQUIRE_MODELS is set");
    }
    gs_image_free(&photo);
    return test_finish();
}
