/*
 * Gestures, aim and pinch on real landmark outputs: glint's engine runs MediaPipe's hand
 * landmark models (full and lite) on upright crops of the test photos, and the
 * post-processing must read open palms as Open_Palm and fists as Closed_Fist, from world
 * keypoints, image keypoints and both; the aim ray must point along the upright hand and the
 * palm normal must face the camera on palm-side photos and away from it on back-side ones
 * (with the model's own handedness); open palms must not pinch.
 *
 * Photos (tools/setup.sh, $GLINT_CACHE_DIR/images): the gcompris hands point sideways
 * (fingers to the right), so they are turned by 90 degrees (crop=rotate:90, as
 * tests/golden/cases.tsv does); the two opencv palms are upright already.
 * Skips when the cache is missing, unless GLINT_REQUIRE_MODELS is set.
 */
#include <stdlib.h>

#include "common/gs_image.h"
#include "glint/glint_model.h"
#include "image/gi_prepare.h"
#include "test_util.h"
#include "tracker/gt_aim.h"
#include "tracker/gt_gesture.h"
#include "tracker/gt_pinch.h"
#include "tracker/gt_vec.h"

#define SIDE 224

typedef struct photo_case {
    const char* file;
    double rotate_deg;
    glint_gesture want;
    bool palm_side; /* the palm faces the camera */
} photo_case;

static const photo_case kPhotos[] = {
    {"hand_right_open_palm.png", 90.0, GLINT_GESTURE_OPEN_PALM, true},
    {"hand_left_open_back.png", 90.0, GLINT_GESTURE_OPEN_PALM, false},
    {"hand_open_palm_a.png", 0.0, GLINT_GESTURE_OPEN_PALM, true},
    {"hand_open_palm_b.png", 0.0, GLINT_GESTURE_OPEN_PALM, true},
    {"hand_right_fist_back.png", 90.0, GLINT_GESTURE_CLOSED_FIST, false},
    {"hand_left_fist_palm.png", 90.0, GLINT_GESTURE_CLOSED_FIST, true},
};

static const char* gesture_name(glint_gesture g) {
    static const char* names[GLINT_GESTURE_COUNT] = {"None",      "Closed_Fist", "Open_Palm", "Pointing_Up",
                                                     "Thumb_Down", "Thumb_Up",    "Victory",   "ILoveYou"};
    return (g >= 0 && g < GLINT_GESTURE_COUNT) ? names[g] : "?";
}

/* Runs the model on the photo's upright crop; image keypoints in tensor pixels, world in
 * metres (both in the crop's upright axes). Returns false (with a message) on failure. */
static bool landmarks(glint_model* model, const char* path, double rotate_deg, glint_vec3 image[21], glint_vec3 world[21],
                      float* out_presence, float* out_right) {
    gs_image img;
    const char* why = NULL;
    if (gs_image_load(path, &img, &why) != 0) {
        CHECK_MSG(0, "cannot load %s: %s", path, why ? why : "?");
        return false;
    }
    static float tensor[SIDE * SIDE * 3];
    gi_prep_desc prep;
    memset(&prep, 0, sizeof(prep));
    prep.width = prep.height = SIDE;
    prep.crop = GI_CROP_ROTATE;
    prep.rotation = rotate_deg * (GI_PI / 180.0);
    prep.range = GI_RANGE_0_1;
    prep.dtype = GLINT_DTYPE_F32;
    glint_error err;
    gi_image view = gs_image_view(&img);
    glint_result r = gi_prepare_tensor(&view, &prep, tensor, sizeof(tensor), NULL, &err);
    gs_image_free(&img);
    CHECK_MSG(r == GLINT_SUCCESS, "prepare %s: %s", path, err.message);
    if (r != GLINT_SUCCESS) return false;
    CHECK(glint_model_set_input(model, 0, tensor, sizeof(tensor)) == GLINT_SUCCESS);
    r = glint_model_run(model, &err);
    CHECK_MSG(r == GLINT_SUCCESS, "run %s: %s", path, err.message);
    if (r != GLINT_SUCCESS) return false;
    /* Outputs (models.md 3.3): Identity 1x63 image, Identity_1 presence, Identity_2
     * handedness (probability of index 0, "Right" on non-mirrored photos), Identity_3 world. */
    const void* out[4];
    size_t bytes[4];
    for (int i = 0; i < 4; i++) CHECK(glint_model_output(model, i, &out[i], &bytes[i]) == GLINT_SUCCESS);
    if (bytes[0] != 63 * sizeof(float) || bytes[3] != 63 * sizeof(float)) {
        CHECK_MSG(0, "unexpected output sizes %zu, %zu", bytes[0], bytes[3]);
        return false;
    }
    memcpy(image, out[0], 63 * sizeof(float));
    memcpy(world, out[3], 63 * sizeof(float));
    *out_presence = *(const float*)out[1];
    *out_right = *(const float*)out[2];
    return true;
}

static void run_model(const char* model_file, int require) {
    char path[1024];
    snprintf(path, sizeof(path), "%s/models/mediapipe/%s", test_cache_dir(), model_file);
    FILE* probe = fopen(path, "rb");
    if (!probe) {
        printf("SKIP %s (not found; run tools/setup.sh)\n", path);
        CHECK_MSG(!require, "%s is missing and GLINT_REQUIRE_MODELS is set", path);
        return;
    }
    fclose(probe);
    glint_model_desc desc;
    memset(&desc, 0, sizeof(desc));
    desc.path = path;
    glint_model* model = NULL;
    glint_error err;
    glint_result r = glint_model_load(&desc, &model, &err);
    CHECK_MSG(r == GLINT_SUCCESS, "load %s: %s", path, err.message);
    if (r != GLINT_SUCCESS) return;

    printf("%s\n%-26s %-8s %-20s %-20s %-20s %-6s %-6s %s\n", model_file, "photo", "presence", "world", "image", "both",
           "aim_up", "normal", "pinch i/m/r/l");
    for (size_t c = 0; c < sizeof(kPhotos) / sizeof(kPhotos[0]); c++) {
        const photo_case* pc = &kPhotos[c];
        char photo[1024];
        snprintf(photo, sizeof(photo), "%s/images/%s", test_cache_dir(), pc->file);
        probe = fopen(photo, "rb");
        if (!probe) {
            printf("SKIP %s (not found)\n", photo);
            CHECK_MSG(!require, "%s is missing and GLINT_REQUIRE_MODELS is set", photo);
            continue;
        }
        fclose(probe);
        glint_vec3 image[21], world[21];
        float presence = 0.0f, right = 0.0f;
        if (!landmarks(model, photo, pc->rotate_deg, image, world, &presence, &right)) continue;
        CHECK_MSG(presence > 0.9f, "%s: presence %.3f", pc->file, (double)presence);

        float sw, si, sb;
        glint_gesture gw = gt_gesture_classify(world, NULL, NULL, &sw);
        glint_gesture gi = gt_gesture_classify(NULL, image, NULL, &si);
        glint_gesture gb = gt_gesture_classify(world, image, NULL, &sb);

        /* Over a few identical frames the filtered label is there from the first one. */
        gt_gesture_filter filter;
        gt_gesture_filter_reset(&filter);
        float scores[GLINT_GESTURE_COUNT];
        gt_gesture_classify(world, image, scores, NULL);
        glint_gesture gf = GLINT_GESTURE_COUNT;
        for (int i = 0; i < 5; i++) {
            gf = gt_gesture_filter_update(&filter, NULL, scores, NULL);
            CHECK(gf == gb);
        }

        gt_aim aim;
        glint_handedness hand = right > 0.5f ? GLINT_HANDEDNESS_RIGHT : GLINT_HANDEDNESS_LEFT;
        gt_aim_compute(world, hand, &aim);
        /* Seen in the image plane (the ray may also tilt in depth: a fist's forearm recedes). */
        glint_vec3 in_plane = {0.0f, 0.0f, 0.0f};
        gt_v3_normalize(gt_v3(aim.direction.x, aim.direction.y, 0.0f), 1e-6f, &in_plane);
        float aim_up = -in_plane.y;
        float pinch[GLINT_FINGER_COUNT];
        gt_pinch_compute(world, pinch);

        char bw[32], bi[32], bb[32];
        snprintf(bw, sizeof(bw), "%s %.2f", gesture_name(gw), (double)sw);
        snprintf(bi, sizeof(bi), "%s %.2f", gesture_name(gi), (double)si);
        snprintf(bb, sizeof(bb), "%s %.2f", gesture_name(gb), (double)sb);
        printf("%-26s %-8.3f %-20s %-20s %-20s %-6.2f %-6.2f %.2f %.2f %.2f %.2f\n", pc->file, (double)presence, bw, bi, bb,
               (double)aim_up, (double)aim.palm_normal.z, (double)pinch[0], (double)pinch[1], (double)pinch[2],
               (double)pinch[3]);

        CHECK_MSG(gw == pc->want && sw >= GT_GESTURE_ENTER, "%s %s world: %s %.2f", model_file, pc->file, gesture_name(gw),
                  (double)sw);
        CHECK_MSG(gi == pc->want && si >= GT_GESTURE_ENTER, "%s %s image: %s %.2f", model_file, pc->file, gesture_name(gi),
                  (double)si);
        CHECK_MSG(gb == pc->want && sb >= GT_GESTURE_ENTER, "%s %s both: %s %.2f", model_file, pc->file, gesture_name(gb),
                  (double)sb);
        CHECK(aim.valid);
        /* The crop is upright, so on screen the palm axis points up (within ~45 degrees). */
        CHECK_MSG(aim_up > 0.7f, "%s: aim direction . up = %.2f", pc->file, (double)aim_up);
        /* Palm side to the camera: normal toward the camera (-z); back side: away (+z). */
        CHECK_MSG(pc->palm_side ? aim.palm_normal.z < -0.3f : aim.palm_normal.z > 0.3f, "%s: palm normal z %.2f",
                  pc->file, (double)aim.palm_normal.z);
        if (pc->want == GLINT_GESTURE_OPEN_PALM)
            for (int f = 0; f < GLINT_FINGER_COUNT; f++)
                CHECK_MSG(pinch[f] < 0.5f, "%s: open palm pinches finger %d (%.2f)", pc->file, f, (double)pinch[f]);
    }
    glint_model_destroy(model);
}

int main(void) {
    int require = getenv("GLINT_REQUIRE_MODELS") && getenv("GLINT_REQUIRE_MODELS")[0];
    run_model("hand_landmark_full.tflite", require);
    run_model("hand_landmark_lite.tflite", require);
    return test_finish();
}
