/*
 * The body pipeline (gt_body) end to end on real photos:
 *  - person_messi5, first frame (full letterboxed image): keypoints in image pixels equal TF.js's
 *    output on the same tensor (tests/golden/movenet-lightning) within 0.01 px. reference.md
 *    section 8's list was made from a Pillow-resized tensor: re-created here bit for bit, the
 *    same model + C decode + mapping reproduce that list within 0.1 px (its rounding);
 *  - the following frames of the same picture run on a tracked crop around the person and the
 *    keypoints stay on the body;
 *  - run = false hands back the last result; nothing is allocated per frame (counting hook);
 *  - bad arguments and images are refused and the pipeline keeps working; reset and a new image
 *    size go back to the full image; a black frame is not a body; Thunder by option.
 * Skips when the set-up cache is missing (unless GLINT_REQUIRE_MODELS is set).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/gs_image.h"
#include "test_util.h"
#include "tracker/gt_body.h"
#include "tracker/gt_movenet.h"
#include "util/gu_sha256.h"
#include "util/gu_alloc.h"
#include "util/gu_time.h"

static test_counting g_hook_counts;

/* reference.md section 8: MoveNet Lightning (TF.js) on person_messi5, 192 letterbox; x, y, score. */
static const float k_messi_ref[17][3] = {
    {250.4f, 117.9f, .50f}, {253.3f, 109.9f, .56f}, {241.0f, 111.7f, .61f}, {255.4f, 105.8f, .66f},
    {223.0f, 107.6f, .69f}, {276.7f, 127.0f, .77f}, {194.5f, 128.3f, .79f}, {318.8f, 156.9f, .60f},
    {145.8f, 122.6f, .46f}, {363.5f, 157.1f, .55f}, {102.2f, 100.4f, .59f}, {294.0f, 223.9f, .66f},
    {249.2f, 243.1f, .79f}, {361.8f, 249.0f, .51f}, {246.7f, 286.0f, .58f}, {418.6f, 257.0f, .41f},
    {265.1f, 292.3f, .23f},
};

static double max_dist_to_ref(const glint_body* b, bool confident_only) {
    double worst = 0;
    for (int k = 0; k < 17; k++) {
        if (confident_only && k_messi_ref[k][2] < 0.4f) continue;
        double d = hypot(b->keypoints[k].x - k_messi_ref[k][0], b->keypoints[k].y - k_messi_ref[k][1]);
        if (d > worst) worst = d;
    }
    return worst;
}

/*
 * reference.md's MoveNet list was made from a tensor that tools/reference/prep.py letterboxed with
 * Pillow: Image.resize(BILINEAR), which, when shrinking, widens its triangle filter by the scale
 * factor (an antialiasing filter), in two 8-bit fixed-point passes (horizontal, then vertical),
 * pasted at integer offsets. glint's warp point-samples instead, and MoveNet is sensitive enough to
 * the difference (up to ~18 px on messi5's elbow). This re-creates that tensor (checked by its
 * sha256), so the reference list can be compared exactly. Written from the algorithm's description.
 */
#define PIL_BITS 22
static void pil_coeffs(int32_t in, int32_t out, int32_t* bounds, int32_t* coef, int32_t ksize) {
    double scale = (double)in / out, fscale = scale < 1.0 ? 1.0 : scale, support = fscale;
    for (int32_t o = 0; o < out; o++) {
        double center = (o + 0.5) * scale, total = 0.0, w[64];
        int32_t lo = (int32_t)(center - support + 0.5), hi = (int32_t)(center + support + 0.5);
        if (lo < 0) lo = 0;
        if (hi > in) hi = in;
        for (int32_t x = 0; x < hi - lo; x++) {
            double t = fabs((x + lo - center + 0.5) / fscale);
            w[x] = t < 1.0 ? 1.0 - t : 0.0;
            total += w[x];
        }
        for (int32_t x = 0; x < ksize; x++) {
            double k = x < hi - lo && total != 0.0 ? w[x] / total : 0.0;
            coef[o * ksize + x] = (int32_t)(k < 0 ? -0.5 + k * (1 << PIL_BITS) : 0.5 + k * (1 << PIL_BITS));
        }
        bounds[2 * o] = lo;
        bounds[2 * o + 1] = hi - lo;
    }
}

static uint8_t pil_clip(int32_t v) {
    v >>= PIL_BITS;
    return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
}

/* Pillow's letterbox into size x size int32, and the tensor -> image map prep.py writes. */
static void pil_letterbox(const gs_image* im, int32_t size, int32_t* out, gi_affine* to_image) {
    double s = (double)size / (im->width > im->height ? im->width : im->height);
    int32_t nw = (int32_t)lround(im->width * s), nh = (int32_t)lround(im->height * s);
    int32_t ox = (size - nw) / 2, oy = (size - nh) / 2;
    int32_t kx = (int32_t)ceil((double)im->width / nw) * 2 + 1, ky = (int32_t)ceil((double)im->height / nh) * 2 + 1;
    int32_t* bx = malloc(sizeof(int32_t) * 2 * (size_t)nw);
    int32_t* by = malloc(sizeof(int32_t) * 2 * (size_t)nh);
    int32_t* cx = malloc(sizeof(int32_t) * (size_t)(nw * kx));
    int32_t* cy = malloc(sizeof(int32_t) * (size_t)(nh * ky));
    uint8_t* tmp = malloc((size_t)nw * im->height * 3);
    pil_coeffs(im->width, nw, bx, cx, kx);
    pil_coeffs(im->height, nh, by, cy, ky);
    for (int32_t y = 0; y < im->height; y++)
        for (int32_t x = 0; x < nw; x++)
            for (int32_t c = 0; c < 3; c++) {
                int32_t acc = 1 << (PIL_BITS - 1);
                for (int32_t i = 0; i < bx[2 * x + 1]; i++)
                    acc += im->rgb[((size_t)y * im->width + bx[2 * x] + i) * 3 + c] * cx[x * kx + i];
                tmp[((size_t)y * nw + x) * 3 + c] = pil_clip(acc);
            }
    memset(out, 0, sizeof(int32_t) * (size_t)size * size * 3);
    for (int32_t y = 0; y < nh; y++)
        for (int32_t x = 0; x < nw; x++)
            for (int32_t c = 0; c < 3; c++) {
                int32_t acc = 1 << (PIL_BITS - 1);
                for (int32_t i = 0; i < by[2 * y + 1]; i++)
                    acc += tmp[((size_t)(by[2 * y] + i) * nw + x) * 3 + c] * cy[y * ky + i];
                out[((size_t)(y + oy) * size + x + ox) * 3 + c] = pil_clip(acc);
            }
    free(bx), free(by), free(cx), free(cy), free(tmp);
    gi_affine a = {{1.0 / s, 0.0, -ox / s, 0.0, 1.0 / s, -oy / s}};
    *to_image = a;
}

static bool load_photo(const char* name, gs_image* img) {
    char path[1024];
    snprintf(path, sizeof(path), "%s/images/%s", test_cache_dir(), name);
    if (gs_image_load(path, img, NULL) == 0) return true;
    printf("skip: %s missing\n", path);
    CHECK(getenv("GLINT_REQUIRE_MODELS") == NULL);
    return false;
}

int main(void) {
    glint_allocator hook = {test_count_alloc, test_count_free, &g_hook_counts};
    gu_allocator alloc;
    gu_allocator_init(&alloc, &hook);
    char model_dir[1024];
    snprintf(model_dir, sizeof(model_dir), "%s/models", test_cache_dir());
    glint_error err = {0};
    gt_body_desc desc = {0};
    desc.model_dir = model_dir;

    /* Argument checks need no model. */
    gt_body* body = NULL;
    CHECK(gt_body_create(NULL, &alloc, &body, &err) == GLINT_ERROR_INVALID_ARGUMENT);
    CHECK(gt_body_create(&desc, NULL, &body, &err) == GLINT_ERROR_INVALID_ARGUMENT);
    desc.variant = (glint_model_variant)7;
    CHECK(gt_body_create(&desc, &alloc, &body, &err) == GLINT_ERROR_INVALID_ARGUMENT);
    desc.variant = GLINT_MODEL_VARIANT_DEFAULT;
    desc.crop_filter_alpha = 1.5f;
    CHECK(gt_body_create(&desc, &alloc, &body, &err) == GLINT_ERROR_INVALID_ARGUMENT);
    desc.crop_filter_alpha = 0.0f;
    gt_body_desc nowhere = desc;
    nowhere.model_dir = "/nonexistent-glint-models";
    CHECK(gt_body_create(&nowhere, &alloc, &body, &err) < 0 && body == NULL);
    CHECK_MSG(strstr(err.message, "/nonexistent-glint-models/tfjs/movenet-lightning.json") != NULL, "%s",
              err.message);
    CHECK(alloc.live_allocations == 0);

    char path_of_lightning[1100];
    snprintf(path_of_lightning, sizeof(path_of_lightning), "%s/tfjs/movenet-lightning.json", model_dir);
    glint_result r = gt_body_create(&desc, &alloc, &body, &err);
    if (r < 0) {
        printf("skip: %s\n", err.message);
        CHECK(getenv("GLINT_REQUIRE_MODELS") == NULL);
        return test_finish();
    }
    CHECK(gt_body_input_size(body) == 192);
    gs_image messi;
    if (!load_photo("person_messi5.png", &messi)) {
        gt_body_destroy(body);
        return test_finish();
    }
    gi_image view = gs_image_view(&messi);
    glint_body out, first;

    /* Frame 0: the whole image, letterboxed: TF.js's numbers. */
    int64_t t0 = gu_time_ns();
    CHECK(gt_body_step(body, &view, 0, true, &first, &err) == GLINT_SUCCESS);
    double ms = (double)(gu_time_ns() - t0) * 1e-6;
    gt_body_crop crop;
    bool tracked = true;
    gt_body_last_crop(body, &crop, &tracked);
    CHECK(!tracked);
    CHECK(first.valid && first.score > 0.5f);
    printf("frame 0 (%.1f ms): crop (%.1f,%.1f)-(%.1f,%.1f) score %.3f\n ", ms, crop.x_min, crop.y_min, crop.x_max,
           crop.y_max, first.score);
    for (int k = 0; k < 17; k++)
        printf(" %d:(%.1f,%.1f).%02d", k, first.keypoints[k].x, first.keypoints[k].y,
               (int)lroundf(first.keypoints[k].z * 100));
    printf("\n");
    /* TF.js on the same letterboxed tensor (tests/golden/movenet-lightning, whose input glint's
     * prep reproduces bit for bit), mapped to image pixels the way decode.py does. */
    char path[1024];
    snprintf(path, sizeof(path), "%s/golden/movenet-lightning/Identity.f32", test_data_dir());
    FILE* gf = fopen(path, "rb");
    float golden[51];
    CHECK_MSG(gf && fread(golden, sizeof(float), 51, gf) == 51, "cannot read %s", path);
    if (gf) fclose(gf);
    gi_affine lb = gi_affine_letterbox(view.width, view.height, 192, 192);
    double worst_px = 0, worst_score = 0;
    for (int k = 0; gf && k < 17; k++) {
        double x, y;
        gi_affine_apply(&lb, golden[3 * k + 1] * 192.0, golden[3 * k] * 192.0, &x, &y);
        worst_px = fmax(worst_px, hypot(first.keypoints[k].x - x, first.keypoints[k].y - y));
        worst_score = fmax(worst_score, fabs(first.keypoints[k].z - golden[3 * k + 2]));
    }
    printf("frame 0 vs TF.js on the same tensor: max %.2g px, max |dscore| %.2g\n", worst_px, worst_score);
    CHECK(worst_px <= 0.01 && worst_score <= 1e-5);
    /* reference.md's list: TF.js on Pillow's letterbox of the same photo (see pil_letterbox). The
     * difference is the resampling alone; it is checked exactly below. */
    double d_ref = max_dist_to_ref(&first, false);
    printf("frame 0 vs reference.md (a Pillow-resized input): max %.1f px\n", d_ref);
    CHECK(d_ref < 20.0);
    {
        gt_movenet mn;
        if (gt_movenet_init(&mn, path_of_lightning, &alloc, NULL, &err) == GLINT_SUCCESS) {
            gi_affine pil_map;
            pil_letterbox(&messi, 192, mn.input, &pil_map);
            uint8_t* bytes = malloc(192 * 192 * 3);
            for (int i = 0; i < 192 * 192 * 3; i++) bytes[i] = (uint8_t)mn.input[i];
            uint8_t digest[GU_SHA256_BYTES];
            char hex[GU_SHA256_HEX_CHARS + 1];
            gu_sha256_bytes(bytes, 192 * 192 * 3, digest);
            gu_sha256_to_hex(digest, hex);
            free(bytes);
            /* sha256 of prep.py's uint8 tensor (Pillow 9.4, Debian 12) */
            CHECK_MSG(strcmp(hex, "00bc1f37fc9593c80cdcaffe40304c4c47f0eb017449a45813fc62439fa914fc") == 0,
                      "Pillow letterbox re-creation: sha256 %s", hex);
            gt_movenet_pose pose;
            glint_vec3 kp[17];
            CHECK(gt_movenet_run_input(&mn, &pose, &err) == GLINT_SUCCESS);
            gt_movenet_to_image(&pose, 192, &pil_map, kp);
            double worst = 0;
            for (int k = 0; k < 17; k++) {
                worst = fmax(worst, fmax(fabs(kp[k].x - k_messi_ref[k][0]), fabs(kp[k].y - k_messi_ref[k][1])));
                CHECK_MSG(fabsf(kp[k].x - k_messi_ref[k][0]) <= 0.1f && fabsf(kp[k].y - k_messi_ref[k][1]) <= 0.1f,
                          "keypoint %d at (%.2f, %.2f), reference.md (%.1f, %.1f)", k, kp[k].x, kp[k].y,
                          k_messi_ref[k][0], k_messi_ref[k][1]);
                CHECK_NEAR(kp[k].z, k_messi_ref[k][2], 0.0051);
            }
            printf("on Pillow's tensor: max %.3f px from reference.md's (0.1 px rounded) list\n", worst);
            gt_movenet_free(&mn, &alloc);
        }
    }

    /* Frames 1..4: a crop that follows the person. Nothing is allocated any more. */
    long allocs_before = g_hook_counts.allocs;
    for (int f = 1; f <= 4; f++) {
        t0 = gu_time_ns();
        CHECK(gt_body_step(body, &view, f * 33333333LL, true, &out, &err) == GLINT_SUCCESS);
        ms = (double)(gu_time_ns() - t0) * 1e-6;
        gt_body_last_crop(body, &crop, &tracked);
        CHECK(tracked);
        CHECK(out.valid);
        /* the crop holds the person: its hips are well inside it */
        CHECK(crop.x_min < 249 && crop.x_max > 294 && crop.y_min < 224 && crop.y_max > 243);
        CHECK(crop.x_max - crop.x_min < 548); /* and it is smaller than the full letterbox square */
        double d = max_dist_to_ref(&out, true);
        printf("frame %d (%.1f ms): crop (%.1f,%.1f)-(%.1f,%.1f) score %.3f, confident keypoints within %.1f px of "
               "frame 0's reference\n",
               f, ms, crop.x_min, crop.y_min, crop.x_max, crop.y_max, out.score, d);
        CHECK(d < 20.0);
    }
    /* run = false: the last result, untouched, and still no allocation. */
    glint_body again;
    CHECK(gt_body_step(body, &view, 5 * 33333333LL, false, &again, &err) == GLINT_SUCCESS);
    CHECK(memcmp(&again, &out, sizeof(out)) == 0);
    CHECK(gt_body_step(body, NULL, 6 * 33333333LL, false, &again, &err) == GLINT_SUCCESS);
    CHECK(memcmp(&again, &out, sizeof(out)) == 0);
    CHECK_MSG(g_hook_counts.allocs == allocs_before, "%ld allocations in 4 steps", g_hook_counts.allocs - allocs_before);

    /* Bad input is refused, and the next good frame works. */
    gi_image bad = view;
    bad.width = 0;
    CHECK(gt_body_step(body, &bad, 0, true, &out, &err) < 0);
    CHECK(gt_body_step(body, NULL, 0, true, &out, &err) == GLINT_ERROR_INVALID_ARGUMENT);
    CHECK(gt_body_step(NULL, &view, 0, true, &out, &err) == GLINT_ERROR_INVALID_ARGUMENT);
    CHECK(gt_body_step(body, &view, 0, true, NULL, &err) == GLINT_ERROR_INVALID_ARGUMENT);
    CHECK(gt_body_step(body, &view, 7 * 33333333LL, true, &out, &err) == GLINT_SUCCESS && out.valid);
    gt_body_last_crop(body, &crop, &tracked);
    CHECK(tracked); /* a refused frame does not disturb tracking */

    /* reset: back to the whole image, and the very same result as frame 0. */
    gt_body_reset(body);
    CHECK(gt_body_step(body, &view, 8 * 33333333LL, true, &out, &err) == GLINT_SUCCESS);
    gt_body_last_crop(body, &crop, &tracked);
    CHECK(!tracked);
    CHECK(memcmp(&out, &first, sizeof(out)) == 0);

    /* An image of another size resets tracking too. */
    gs_image other;
    if (load_photo("person_fireman_b.png", &other)) {
        gi_image ov = gs_image_view(&other);
        CHECK(gt_body_step(body, &ov, 9 * 33333333LL, true, &out, &err) == GLINT_SUCCESS);
        gt_body_last_crop(body, &crop, &tracked);
        CHECK(!tracked);
        CHECK(crop.x_min == -72 && crop.x_max == 312 && crop.y_min == 0 && crop.y_max == 384);
        CHECK(out.valid);
        printf("fireman_b: score %.3f, nose (%.1f,%.1f), ankles (%.1f,%.1f) (%.1f,%.1f)\n", out.score,
               out.keypoints[0].x, out.keypoints[0].y, out.keypoints[15].x, out.keypoints[15].y, out.keypoints[16].x,
               out.keypoints[16].y);
        gs_image_free(&other);
    }

    /* No person: a black frame reports nothing valid and tracking starts over. */
    uint8_t* black = calloc((size_t)view.width * view.height * 3, 1);
    gi_image bv = gi_image_packed(black, view.width, view.height, GI_FORMAT_RGB8);
    CHECK(gt_body_step(body, &view, 10 * 33333333LL, true, &out, &err) == GLINT_SUCCESS);
    CHECK(gt_body_step(body, &bv, 11 * 33333333LL, true, &out, &err) == GLINT_SUCCESS);
    printf("black frame: valid %d, score %.3f\n", (int)out.valid, out.score);
    CHECK(!out.valid);
    CHECK(gt_body_step(body, &view, 12 * 33333333LL, true, &out, &err) == GLINT_SUCCESS);
    gt_body_last_crop(body, &crop, &tracked);
    CHECK(!tracked);
    free(black);
    gt_body_destroy(body);
    CHECK(alloc.live_allocations == 0);

    /* Thunder (256) by option. */
    desc.variant = GLINT_MODEL_VARIANT_FULL;
    desc.full_image_only = true;
    if (gt_body_create(&desc, &alloc, &body, &err) == GLINT_SUCCESS) {
        CHECK(gt_body_input_size(body) == 256);
        for (int f = 0; f < 2; f++) {
            CHECK(gt_body_step(body, &view, f, true, &out, &err) == GLINT_SUCCESS);
            gt_body_last_crop(body, &crop, &tracked);
            CHECK(!tracked); /* full_image_only */
        }
        double d = max_dist_to_ref(&out, true);
        printf("thunder on messi5: score %.3f, confident keypoints within %.1f px of Lightning's reference\n",
               out.score, d);
        CHECK(out.valid && d < 30.0); /* another model: near, not equal */
        gt_body_destroy(body);
    } else {
        printf("skip thunder: %s\n", err.message);
        CHECK(getenv("GLINT_REQUIRE_MODELS") == NULL);
    }
    CHECK(alloc.live_allocations == 0);
    gs_image_free(&messi);
    return test_finish();
}
