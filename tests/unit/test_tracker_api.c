/*
 * The public tracker API (glint.h) on bad input: every NULL, size, stride, format and
 * description mistake gets a negative code and a message that names the problem, and the
 * tracker keeps working afterwards (a real photo is tracked after each error). Also: the
 * pixel formats all give the same hand, predict and reset, and the names.
 *
 * Uses the hand models and a photo from the set-up cache; without them the model-dependent
 * parts are skipped with a message (unless GLINT_REQUIRE_MODELS is set: then they fail).
 */
#include <stdio.h>

#include "common/gs_image.h"
#include "glint/glint.h"
#include "test_tracker_util.h"
#include "test_util.h"

static char g_model_dir[1024];
static gs_image g_photo;

static bool have_models(void) { return test_load_hand_photo(g_model_dir, sizeof(g_model_dir), &g_photo); }

static glint_image rgb_view(const gs_image* im) {
    glint_image v = {0};
    v.format = GLINT_PIXEL_FORMAT_RGB8;
    v.width = im->width;
    v.height = im->height;
    v.data = im->rgb;
    return v;
}

static void test_names(void) {
    CHECK(strcmp(glint_gesture_name(GLINT_GESTURE_OPEN_PALM), "Open_Palm") == 0);
    CHECK(strcmp(glint_gesture_name(GLINT_GESTURE_ILOVEYOU), "ILoveYou") == 0);
    CHECK(strcmp(glint_gesture_name(GLINT_GESTURE_NONE), "None") == 0);
    CHECK(strcmp(glint_gesture_name((glint_gesture)99), "unknown") == 0);
    CHECK(strcmp(glint_stage_name(GLINT_STAGE_PALM_DETECTION), "palm_detection") == 0);
    CHECK(strcmp(glint_stage_name(GLINT_STAGE_BODY), "body") == 0);
    CHECK(strcmp(glint_stage_name((glint_stage)-1), "unknown") == 0);
    CHECK(glint_tracker_last_error(NULL)[0] != 0);
}

static int g_log_count;
static char g_log_last[512];
static void logger(glint_log_level level, const char* message, void* user) {
    (void)user;
    if (level == GLINT_LOG_ERROR) {
        g_log_count++;
        snprintf(g_log_last, sizeof(g_log_last), "%s", message);
    }
}

/* One broken field per case; the code and a word the message must contain. */
typedef struct bad_desc_case {
    int index;
    glint_result code;
    const char* word;
} bad_desc_case;

static void free_only(void* ptr, void* user) { (void)ptr, (void)user; }

static void break_desc(glint_tracker_desc* d, int index) {
    switch (index) {
    case 0: d->features = 0x10; break;
    case 1: d->max_hands = 3; break;
    case 2: d->max_hands = -1; break;
    case 3: d->budget_ms = -1.0f; break;
    case 4: d->budget_ms = NAN; break;
    case 5: d->backend = (glint_backend)-1; break; /* VULKAN is valid: test_tracker_backend */
    case 6: d->backend = (glint_backend)7; break;
    case 7: d->hand_model = (glint_model_variant)5; break;
    case 8: d->body_model = (glint_model_variant)-2; break;
    case 9: d->min_detection_score = 1.5f; break;
    case 10: d->min_presence_score = -0.1f; break;
    case 11: d->redetect_interval = -3; break;
    case 12: d->filter.beta = INFINITY; break;
    case 13: d->filter.min_cutoff = -1.0f; break;
    case 14: d->num_threads = -1; break;
    case 15: d->allocator.free = free_only; break; /* alloc missing */
    case 16: d->intrinsics.fx = NAN; break;
    case 17: d->model_dir = "/nonexistent/glint-models"; break;
    }
}

static void test_bad_desc(void) {
    glint_tracker* t = (glint_tracker*)(uintptr_t)1;
    glint_tracker_desc d = {0};
    CHECK(glint_tracker_create(&d, NULL) == GLINT_ERROR_INVALID_ARGUMENT);
    CHECK(glint_tracker_create(NULL, &t) == GLINT_ERROR_INVALID_ARGUMENT && t == NULL);

    const bad_desc_case cases[] = {
        {0, GLINT_ERROR_INVALID_ARGUMENT, "feature"},       {1, GLINT_ERROR_INVALID_ARGUMENT, "max_hands"},
        {2, GLINT_ERROR_INVALID_ARGUMENT, "max_hands"},     {3, GLINT_ERROR_INVALID_ARGUMENT, "budget_ms"},
        {4, GLINT_ERROR_INVALID_ARGUMENT, "budget_ms"},     {5, GLINT_ERROR_INVALID_ARGUMENT, "backend"},
        {6, GLINT_ERROR_INVALID_ARGUMENT, "backend"},       {7, GLINT_ERROR_INVALID_ARGUMENT, "hand_model"},
        {8, GLINT_ERROR_INVALID_ARGUMENT, "body_model"},    {9, GLINT_ERROR_INVALID_ARGUMENT, "min_detection_score"},
        {10, GLINT_ERROR_INVALID_ARGUMENT, "min_presence_score"}, {11, GLINT_ERROR_INVALID_ARGUMENT, "redetect_interval"},
        {12, GLINT_ERROR_INVALID_ARGUMENT, "beta"},         {13, GLINT_ERROR_INVALID_ARGUMENT, "min_cutoff"},
        {14, GLINT_ERROR_INVALID_ARGUMENT, "num_threads"},  {15, GLINT_ERROR_INVALID_ARGUMENT, "allocator"},
        {16, GLINT_ERROR_INVALID_ARGUMENT, "intrinsics"},   {17, GLINT_ERROR_IO, "not found"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        memset(&d, 0, sizeof(d));
        d.model_dir = g_model_dir;
        d.logger.func = logger;
        break_desc(&d, cases[i].index);
        g_log_count = 0;
        g_log_last[0] = 0;
        t = (glint_tracker*)(uintptr_t)1;
        glint_result r = glint_tracker_create(&d, &t);
        CHECK_MSG(r == cases[i].code, "case %d: %d (%s), want %d", cases[i].index, (int)r, glint_result_string(r),
                  (int)cases[i].code);
        CHECK(t == NULL);
        /* The reason reaches the logger (there is no tracker to ask). */
        CHECK_MSG(g_log_count == 1 && strstr(g_log_last, cases[i].word), "case %d: logged '%s', want '%s'",
                  cases[i].index, g_log_last, cases[i].word);
    }
}

/* One bad image per case, given to a working tracker; then a good frame must still track. */
typedef struct bad_image_case {
    const char* what;
    glint_image image;
    glint_result code;
    const char* word;
} bad_image_case;

static void expect_hand(glint_tracker* t, int64_t ts, const char* after) {
    glint_image good = rgb_view(&g_photo);
    glint_frame f;
    glint_result r = glint_tracker_process(t, &good, ts, &f);
    CHECK_MSG(r == GLINT_SUCCESS && f.num_hands == 1, "after %s: result %d, %d hands (%s)", after, (int)r,
              (int)f.num_hands, glint_tracker_last_error(t));
}

static void test_bad_images(glint_tracker* t) {
    static uint8_t px[64 * 64 * 4];
    int32_t w = 64, h = 64;
    glint_image ok = {GLINT_PIXEL_FORMAT_RGBA8, w, h, 0, px, NULL, 0};
    bad_image_case cases[16];
    int n = 0;
#define BAD(desc_, code_, word_, ...)                                   \
    do {                                                                \
        glint_image im_ = ok;                                           \
        __VA_ARGS__;                                                    \
        cases[n++] = (bad_image_case){desc_, im_, code_, word_};        \
    } while (0)
    BAD("format 0", GLINT_ERROR_IMAGE_FORMAT, "format", im_.format = GLINT_PIXEL_FORMAT_UNKNOWN);
    BAD("format 42", GLINT_ERROR_IMAGE_FORMAT, "format", im_.format = (glint_pixel_format)42);
    BAD("NULL data", GLINT_ERROR_INVALID_ARGUMENT, "NULL", im_.data = NULL);
    BAD("zero width", GLINT_ERROR_IMAGE_FORMAT, "size", im_.width = 0);
    BAD("zero height", GLINT_ERROR_IMAGE_FORMAT, "size", im_.height = 0);
    BAD("negative width", GLINT_ERROR_IMAGE_FORMAT, "size", im_.width = -5);
    BAD("huge width", GLINT_ERROR_IMAGE_FORMAT, "size", im_.width = 1 << 20);
    BAD("huge height", GLINT_ERROR_IMAGE_FORMAT, "size", im_.height = 40000);
    BAD("short stride", GLINT_ERROR_IMAGE_FORMAT, "stride", im_.stride = 4 * w - 1);
    BAD("negative stride", GLINT_ERROR_IMAGE_FORMAT, "stride", im_.stride = -4 * w);
    BAD("uv on packed", GLINT_ERROR_INVALID_ARGUMENT, "uv", im_.uv = px);
    BAD("short chroma stride", GLINT_ERROR_IMAGE_FORMAT, "stride", im_.format = GLINT_PIXEL_FORMAT_NV12,
        im_.uv = px + w * h, im_.uv_stride = w - 2);
    BAD("negative chroma stride", GLINT_ERROR_IMAGE_FORMAT, "stride", im_.format = GLINT_PIXEL_FORMAT_NV21,
        im_.uv_stride = -1);
#undef BAD
    int64_t ts = 1000;
    for (int i = 0; i < n; i++) {
        glint_frame f;
        memset(&f, 0x5a, sizeof(f));
        glint_result r = glint_tracker_process(t, &cases[i].image, ts++, &f);
        const char* msg = glint_tracker_last_error(t);
        CHECK_MSG(r == cases[i].code, "%s: %d (%s), want %d", cases[i].what, (int)r, glint_result_string(r),
                  (int)cases[i].code);
        CHECK_MSG(strstr(msg, cases[i].word) != NULL, "%s: message '%s' lacks '%s'", cases[i].what, msg, cases[i].word);
        CHECK(f.num_hands == 0 && !f.body.valid); /* no stale data on an error */
        expect_hand(t, ts++, cases[i].what);
    }
    /* NULLs. */
    glint_frame f;
    CHECK(glint_tracker_process(NULL, &ok, ts++, &f) == GLINT_ERROR_INVALID_ARGUMENT);
    CHECK(glint_tracker_process(t, NULL, ts++, &f) == GLINT_ERROR_INVALID_ARGUMENT);
    CHECK(strstr(glint_tracker_last_error(t), "image") != NULL);
    CHECK(glint_tracker_process(t, &ok, ts++, NULL) == GLINT_ERROR_INVALID_ARGUMENT);
    CHECK(strstr(glint_tracker_last_error(t), "out_frame") != NULL);
    expect_hand(t, ts++, "NULLs");
    /* Timestamps must increase. */
    glint_image good = rgb_view(&g_photo);
    CHECK(glint_tracker_process(t, &good, ts - 1, &f) == GLINT_ERROR_INVALID_ARGUMENT);
    CHECK(strstr(glint_tracker_last_error(t), "timestamp") != NULL);
    CHECK(glint_tracker_process(t, &good, ts - 5, &f) == GLINT_ERROR_INVALID_ARGUMENT);
    expect_hand(t, ts++, "old timestamps");
    /* A padded stride is fine; so is a tiny image (nothing found, no error). */
    CHECK(glint_tracker_process(t, &ok, ts++, &f) == GLINT_SUCCESS && f.num_hands == 0);
    glint_image one = {GLINT_PIXEL_FORMAT_GRAY8, 1, 1, 0, px, NULL, 0};
    CHECK(glint_tracker_process(t, &one, ts++, &f) == GLINT_SUCCESS && f.num_hands == 0);
    CHECK(f.width == 1 && f.height == 1);
    expect_hand(t, ts++, "tiny images");
}

/* The photo in every pixel format (with padded strides) finds the same hand. */
static void to_format(const gs_image* im, glint_pixel_format fmt, int32_t pad, uint8_t* buf, glint_image* out) {
    int32_t w = im->width, h = im->height;
    int32_t bpp = fmt == GLINT_PIXEL_FORMAT_RGB8 ? 3 : (fmt == GLINT_PIXEL_FORMAT_RGBA8 || fmt == GLINT_PIXEL_FORMAT_BGRA8) ? 4 : 1;
    int32_t stride = w * bpp + pad;
    memset(out, 0, sizeof(*out));
    out->format = fmt;
    out->width = w;
    out->height = h;
    out->stride = stride;
    out->data = buf;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            const uint8_t* s = im->rgb + ((size_t)y * w + x) * 3;
            uint8_t* d = buf + (size_t)y * stride + (size_t)x * bpp;
            float yy = 16.0f + 0.257f * s[0] + 0.504f * s[1] + 0.098f * s[2];
            switch (fmt) {
            case GLINT_PIXEL_FORMAT_RGB8: d[0] = s[0], d[1] = s[1], d[2] = s[2]; break;
            case GLINT_PIXEL_FORMAT_RGBA8: d[0] = s[0], d[1] = s[1], d[2] = s[2], d[3] = 255; break;
            case GLINT_PIXEL_FORMAT_BGRA8: d[0] = s[2], d[1] = s[1], d[2] = s[0], d[3] = 255; break;
            case GLINT_PIXEL_FORMAT_GRAY8: d[0] = (uint8_t)(0.299f * s[0] + 0.587f * s[1] + 0.114f * s[2] + 0.5f); break;
            default: d[0] = (uint8_t)(yy + 0.5f); break; /* NV12/NV21 luma (BT.601 video range) */
            }
        }
    if (fmt == GLINT_PIXEL_FORMAT_NV12 || fmt == GLINT_PIXEL_FORMAT_NV21) {
        /* Chroma right after the Y plane, same stride; one (U, V) pair per 2x2 block. */
        uint8_t* uv = buf + (size_t)stride * h;
        for (int y = 0; y < (h + 1) / 2; y++)
            for (int x = 0; x < (w + 1) / 2; x++) {
                const uint8_t* s = im->rgb + ((size_t)(2 * y) * w + 2 * x) * 3;
                float u = 128.0f - 0.148f * s[0] - 0.291f * s[1] + 0.439f * s[2];
                float v = 128.0f + 0.439f * s[0] - 0.368f * s[1] - 0.071f * s[2];
                uint8_t* d = uv + (size_t)y * stride + 2 * x;
                d[fmt == GLINT_PIXEL_FORMAT_NV12 ? 0 : 1] = (uint8_t)(u + 0.5f);
                d[fmt == GLINT_PIXEL_FORMAT_NV12 ? 1 : 0] = (uint8_t)(v + 0.5f);
            }
    }
}

static void test_formats(const glint_tracker_desc* base) {
    const glint_pixel_format fmts[] = {GLINT_PIXEL_FORMAT_RGB8, GLINT_PIXEL_FORMAT_RGBA8, GLINT_PIXEL_FORMAT_BGRA8,
                                       GLINT_PIXEL_FORMAT_NV12, GLINT_PIXEL_FORMAT_NV21, GLINT_PIXEL_FORMAT_GRAY8};
    const char* names[] = {"rgb8", "rgba8", "bgra8", "nv12", "nv21", "gray8"};
    size_t bytes = ((size_t)g_photo.width * 4 + 12) * (size_t)g_photo.height * 2;
    uint8_t* buf = calloc(1, bytes);
    glint_vec3 ref[GLINT_HAND_KEYPOINTS];
    float hand_size = 1.0f;
    for (int i = 0; i < 6; i++) {
        glint_tracker* t = NULL;
        glint_tracker_desc d = *base;
        d.filter.disabled = true;
        CHECK(glint_tracker_create(&d, &t) == GLINT_SUCCESS);
        if (!t) break;
        glint_image im;
        to_format(&g_photo, fmts[i], 12 + i, buf, &im);
        glint_frame f;
        glint_result r = glint_tracker_process(t, &im, 1, &f);
        CHECK_MSG(r == GLINT_SUCCESS && f.num_hands == 1, "%s: %d hands (%s)", names[i], (int)f.num_hands,
                  glint_tracker_last_error(t));
        if (r == GLINT_SUCCESS && f.num_hands == 1) {
            if (i == 0) {
                memcpy(ref, f.hands[0].keypoints, sizeof(ref));
                hand_size = hypotf(ref[9].x - ref[0].x, ref[9].y - ref[0].y);
            }
            float worst = 0.0f;
            for (int k = 0; k < GLINT_HAND_KEYPOINTS; k++) {
                float e = hypotf(f.hands[0].keypoints[k].x - ref[k].x, f.hands[0].keypoints[k].y - ref[k].y);
                if (e > worst) worst = e;
            }
            /* Same pixels: identical; a colour-space round trip (YUV) or gray: close. */
            float tol = i < 3 ? 1e-3f : 0.1f * hand_size;
            CHECK_MSG(worst <= tol, "%s: worst keypoint %.2f px from rgb8 (tolerance %.2f)", names[i], worst, tol);
            printf("%-6s hand found, worst keypoint %.2f px from rgb8 (hand size %.0f px)\n", names[i], worst, hand_size);
        }
        glint_tracker_destroy(t);
    }
    free(buf);
}

static void test_predict_and_reset(glint_tracker* t) {
    glint_frame f, p;
    glint_tracker_reset(t);
    CHECK(glint_tracker_predict(t, 5, &p) == GLINT_SKIPPED && p.num_hands == 0);
    CHECK(glint_tracker_predict(NULL, 5, &p) == GLINT_ERROR_INVALID_ARGUMENT);
    CHECK(glint_tracker_predict(t, 5, NULL) == GLINT_ERROR_INVALID_ARGUMENT);
    glint_image good = rgb_view(&g_photo);
    /* After a reset timestamps may start over. */
    CHECK(glint_tracker_process(t, &good, 1, &f) == GLINT_SUCCESS && f.num_hands == 1);
    CHECK(f.hands[0].state == GLINT_TRACK_NEW);
    CHECK(f.stages[GLINT_STAGE_PALM_DETECTION].status == GLINT_STAGE_RAN);
    CHECK(f.stages[GLINT_STAGE_HAND_LANDMARKS].status == GLINT_STAGE_RAN);
    CHECK(f.stages[GLINT_STAGE_BODY].status == GLINT_STAGE_NOT_NEEDED);
    CHECK(f.used_ms > 0.0f && !f.deadline_missed && f.budget_ms == 0.0f);
    CHECK(glint_tracker_process(t, &good, 33000000, &f) == GLINT_SUCCESS && f.num_hands == 1);
    CHECK(f.hands[0].state == GLINT_TRACK_TRACKED);
    CHECK(glint_tracker_predict(t, 50000000, &p) == GLINT_SUCCESS);
    CHECK(p.num_hands == 1 && p.timestamp_ns == 50000000 && p.hands[0].id == f.hands[0].id);
    for (int k = 0; k < GLINT_HAND_KEYPOINTS; k++) {
        CHECK(isfinite(p.hands[0].keypoints[k].x) && isfinite(p.hands[0].keypoints[k].y));
        /* A still hand stays (nearly) still. */
        CHECK(fabsf(p.hands[0].keypoints[k].x - f.hands[0].keypoints[k].x) < 0.05f * g_photo.width);
    }
}

int main(void) {
    test_names();
    bool models = have_models();
    bool require = getenv("GLINT_REQUIRE_MODELS") != NULL;
    if (!models) {
        printf("skip: no hand models or photo under %s (run tools/setup.sh)\n", test_cache_dir());
        CHECK_MSG(!require, "models missing and GLINT_REQUIRE_MODELS is set");
        return test_finish();
    }
    test_bad_desc();
    glint_tracker_desc d = {0};
    d.model_dir = g_model_dir;
    glint_tracker* t = NULL;
    CHECK(glint_tracker_create(&d, &t) == GLINT_SUCCESS);
    if (t) {
        CHECK(glint_tracker_last_error(t)[0] == 0);
        test_bad_images(t);
        test_predict_and_reset(t);
        glint_tracker_destroy(t);
    }
    test_formats(&d);
    gs_image_free(&g_photo);
    return test_finish();
}
