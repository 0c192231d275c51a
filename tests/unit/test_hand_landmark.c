/* The hand landmark stage on a real photo: crop, run, map back (x, y, z, world) and the
 * handedness value, against reference.md 8 (MediaPipe Tasks HandLandmarker lite) and the
 * committed TFLite golden outputs. */
#include "common/gs_image.h"
#include "test_util.h"
#include "tracker/gt_hand_landmark.h"

/* reference.md 8: HandLandmarker (tasks-vision 0.10.21, lite) on hand_right_open_palm (293x200):
 * x, y pixels and the normalised z. */
static const float k_ref[21][3] = {
    {52.7f, 99.2f, +0.000f},  {79.3f, 133.7f, -0.024f}, {116.5f, 155.3f, -0.039f}, {148.7f, 166.9f, -0.059f},
    {173.1f, 176.4f, -0.081f}, {152.8f, 117.1f, +0.010f}, {191.4f, 116.1f, -0.007f}, {214.9f, 114.0f, -0.022f},
    {234.7f, 111.3f, -0.037f}, {153.2f, 92.4f, -0.007f},  {196.8f, 85.4f, -0.021f},  {224.6f, 82.5f, -0.046f},
    {246.5f, 79.3f, -0.069f},  {144.4f, 70.7f, -0.032f},  {184.1f, 56.9f, -0.054f},  {207.2f, 50.6f, -0.082f},
    {227.0f, 46.4f, -0.102f},  {128.9f, 52.1f, -0.061f},  {155.5f, 34.9f, -0.083f},  {173.0f, 26.9f, -0.101f},
    {190.2f, 21.3f, -0.115f},
};

static int read_f32(const char* name, float* out, size_t count) {
    char path[1024];
    snprintf(path, sizeof(path), "%s/golden/hand_landmark_lite/%s", test_data_dir(), name);
    FILE* f = fopen(path, "rb");
    if (!f) return -1;
    size_t n = fread(out, sizeof(float), count, f);
    fclose(f);
    return n == count ? 0 : -1;
}

int main(void) {
    char path[1024];
    snprintf(path, sizeof(path), "%s/images/hand_right_open_palm.png", test_cache_dir());
    gs_image img;
    if (gs_image_load(path, &img, NULL) != 0) {
        printf("skip: %s not found (run tools/setup.sh)\n", path);
        return test_finish();
    }
    snprintf(path, sizeof(path), "%s/models/mediapipe/hand_landmark_lite.tflite", test_cache_dir());
    gu_allocator alloc;
    gu_allocator_init(&alloc, NULL);
    gt_hand_landmark hl;
    glint_error err;
    glint_result r = gt_hand_landmark_init(&hl, path, &alloc, NULL, &err);
    CHECK_MSG(r == GLINT_SUCCESS, "%s", err.message);
    if (r != GLINT_SUCCESS) return test_finish();

    /* The golden crop: the whole photo turned +90 deg so that the fingers point up. It reaches
     * past the top and bottom of the photo, which the golden tensor fills with black. */
    gi_image view = gs_image_view(&img);
    gi_roi roi = gi_roi_rotated_image(img.width, img.height, 0.5 * GI_PI);
    gt_hand_measurement m, mr;
    CHECK(hl.border == GI_BORDER_REPLICATE); /* the pipeline's (MediaPipe's) rule */
    r = gt_hand_landmark_run(&hl, &view, &roi, &mr, &err);
    CHECK_MSG(r == GLINT_SUCCESS, "%s", err.message);
    hl.border = GI_BORDER_ZERO;
    r = gt_hand_landmark_run(&hl, &view, &roi, &m, &err);
    CHECK_MSG(r == GLINT_SUCCESS, "%s", err.message);
    printf("presence %.4f handedness raw %.4f\n", m.presence, m.handedness_raw);
    CHECK(m.presence > 0.99f);
    glint_handedness side;
    float score;
    gt_handedness_from_raw(m.handedness_raw, false, &side, &score);
    CHECK(side == GLINT_HANDEDNESS_RIGHT); /* it is a right hand, and the photo is not mirrored */
    gt_handedness_from_raw(m.handedness_raw, true, &side, &score);
    CHECK(side == GLINT_HANDEDNESS_LEFT);

    /* Against MediaPipe Tasks (which crops by its own ROI, so not the same input): a few pixels. */
    double worst = 0, sum = 0, worst_z = 0;
    for (int i = 0; i < 21; i++) {
        double d = hypot(m.keypoints[i].x - k_ref[i][0], m.keypoints[i].y - k_ref[i][1]);
        double dz = fabs(m.keypoints[i].z / img.width - k_ref[i][2]);
        sum += d;
        if (d > worst) worst = d;
        if (dz > worst_z) worst_z = dz;
    }
    printf("vs Tasks: mean %.2f px, worst %.2f px; worst normalised z difference %.4f\n", sum / 21, worst, worst_z);
    double moved = 0;
    for (int i = 0; i < 21; i++) moved += hypot(mr.keypoints[i].x - m.keypoints[i].x, mr.keypoints[i].y - m.keypoints[i].y);
    printf("replicated border instead of black: presence %.4f, keypoints move %.2f px on average\n", mr.presence, moved / 21);
    CHECK(mr.presence > 0.99f && moved / 21 < 2.0);
    CHECK(worst < 4.0);
    CHECK(worst_z < 0.02); /* z / image width is MediaPipe's normalised z */
    /* World landmarks: metres; wrist to middle finger tip about 0.17 m (reference.md 8, full
     * model; lite is close), in image axes: the fingers point right (+x). */
    double reach = sqrt(pow(m.world[12].x - m.world[0].x, 2) + pow(m.world[12].y - m.world[0].y, 2) +
                        pow(m.world[12].z - m.world[0].z, 2));
    printf("world wrist -> middle tip %.3f m, dx %.3f dy %.3f\n", reach, m.world[12].x - m.world[0].x,
           m.world[12].y - m.world[0].y);
    CHECK(reach > 0.12 && reach < 0.22);
    CHECK(m.world[12].x - m.world[0].x > 0.1);

    /* The committed TFLite outputs on the same input, mapped by the same function: the mapping is
     * checked against an independent runtime's numbers, the engine against those numbers. */
    float lm[63], world[63], pres, hand;
    if (read_f32("Identity.f32", lm, 63) == 0 && read_f32("Identity_3.f32", world, 63) == 0 &&
        read_f32("Identity_1.f32", &pres, 1) == 0 && read_f32("Identity_2.f32", &hand, 1) == 0) {
        glint_vec3 kp[21], w[21];
        gi_affine to_image = gi_affine_roi(&roi, 224, 224);
        gt_hand_landmarks_to_image(lm, world, &roi, &to_image, kp, w);
        double worst_golden = 0;
        for (int i = 0; i < 21; i++) {
            double d = hypot(kp[i].x - m.keypoints[i].x, kp[i].y - m.keypoints[i].y);
            if (d > worst_golden) worst_golden = d;
            CHECK_NEAR(kp[i].z, m.keypoints[i].z, 0.01);
            CHECK_NEAR(w[i].x, m.world[i].x, 1e-4);
            CHECK_NEAR(w[i].y, m.world[i].y, 1e-4);
        }
        printf("vs TFLite golden outputs: worst %.5f px; presence %.5f handedness %.5f\n", worst_golden, pres, hand);
        CHECK(worst_golden < 0.01);
        CHECK_NEAR(pres, m.presence, 1e-4);
        CHECK_NEAR(hand, m.handedness_raw, 1e-4);
    } else {
        CHECK_MSG(0, "golden outputs for hand_landmark_lite not found under %s", test_data_dir());
    }

    gt_hand_landmark_free(&hl, &alloc);
    CHECK(alloc.live_allocations == 0);
    gs_image_free(&img);
    return test_finish();
}
