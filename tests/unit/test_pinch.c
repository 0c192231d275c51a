/*
 * Pinch strength (gt_pinch.h): the documented curve (1 at touch, 0 beyond release, linear,
 * monotone, clamped), thumb tips moved toward each finger tip of a synthetic hand, the same
 * strengths from world (metres) and image (pixels, turned and moved) keypoints, and
 * degenerate input.
 */
#include "test_gesture_synth.h"
#include "test_util.h"
#include "tracker/gt_pinch.h"
#include "tracker/gt_vec.h"

static void test_curve(void) {
    CHECK(gt_pinch_strength_from_distance(0.0f) == 1.0f);
    CHECK(gt_pinch_strength_from_distance(GT_PINCH_TOUCH) == 1.0f);
    CHECK(gt_pinch_strength_from_distance(GT_PINCH_RELEASE) == 0.0f);
    CHECK(gt_pinch_strength_from_distance(10.0f) == 0.0f);
    CHECK(gt_pinch_strength_from_distance(INFINITY) == 0.0f);
    CHECK(gt_pinch_strength_from_distance(NAN) == 0.0f);
    CHECK(gt_pinch_strength_from_distance(-1.0f) == 1.0f);
    CHECK_NEAR(gt_pinch_strength_from_distance(0.5f * (GT_PINCH_TOUCH + GT_PINCH_RELEASE)), 0.5f, 1e-6);
    float prev = 2.0f;
    int monotone = 1, clamped = 1;
    for (int i = 0; i <= 1000; i++) {
        float s = gt_pinch_strength_from_distance(-0.2f + 1.2f * (float)i / 1000.0f);
        if (s > prev) monotone = 0;
        if (s < 0.0f || s > 1.0f) clamped = 0;
        prev = s;
    }
    CHECK(monotone);
    CHECK(clamped);
}

/* A hand with its thumb tip put at `distance` hand sizes from finger f's tip, along a
 * direction away from the palm so no other tip gets closer by accident. */
static void pinch_hand(int finger, float distance, glint_vec3 kp[21]) {
    syn_hand(&SYN_OPEN, false, 0.0f, 0.0f, 1.0f, syn_v(0.0f, 0.0f, 0.0f), kp);
    float size = gt_pinch_hand_size(kp);
    glint_vec3 tip = kp[8 + 4 * finger];
    kp[4] = gt_v3_add(tip, gt_v3(0.0f, 0.0f, -distance * size));
}

static void test_fingers(void) {
    for (int f = 0; f < GLINT_FINGER_COUNT; f++) {
        float prev = -1.0f;
        int monotone = 1;
        for (int i = 0; i <= 40; i++) {
            float d = 0.8f - 0.02f * (float)i; /* 0.8 -> 0 hand sizes */
            glint_vec3 kp[21];
            pinch_hand(f, d, kp);
            float s[GLINT_FINGER_COUNT];
            gt_pinch_compute(kp, s);
            CHECK_NEAR(s[f], gt_pinch_strength_from_distance(d), 1e-5);
            if (s[f] < prev) monotone = 0;
            prev = s[f];
            if (d <= GT_PINCH_TOUCH) CHECK(s[f] == 1.0f);
            if (d >= GT_PINCH_RELEASE) CHECK(s[f] == 0.0f);
        }
        CHECK_MSG(monotone, "finger %d: strength must grow as the thumb approaches", f);
    }
    /* Thumb on the index tip: index 1, the little finger (far away) 0. */
    glint_vec3 kp[21];
    pinch_hand(GLINT_FINGER_INDEX, 0.0f, kp);
    float s[GLINT_FINGER_COUNT];
    gt_pinch_compute(kp, s);
    CHECK(s[GLINT_FINGER_INDEX] == 1.0f);
    CHECK(s[GLINT_FINGER_LITTLE] == 0.0f);
    /* An open hand (thumb spread) pinches nothing. */
    syn_hand(&SYN_OPEN, false, 0.0f, 0.0f, 0.01f, syn_v(0.0f, 0.0f, 0.0f), kp);
    gt_pinch_compute(kp, s);
    for (int f = 0; f < GLINT_FINGER_COUNT; f++) CHECK_MSG(s[f] == 0.0f, "open hand, finger %d: %.2f", f, (double)s[f]);
}

static void test_units_and_pose(void) {
    /* The same hand as world (metres) and as image keypoints (pixels, turned 37 degrees,
     * moved, mirrored to a left hand) gives the same strengths. */
    for (int f = 0; f < GLINT_FINGER_COUNT; f++) {
        glint_vec3 local[21], world[21], image[21];
        pinch_hand(f, 0.3f, local);
        for (int i = 0; i < 21; i++) {
            world[i] = gt_v3_scale(local[i], 0.01f);
            float c = cosf(37.0f * SYN_DEG), sn = sinf(37.0f * SYN_DEG);
            glint_vec3 p = gt_v3(-local[i].x, local[i].y, local[i].z);
            image[i] = gt_v3((c * p.x - sn * p.y) * 4.2f + 300.0f, (sn * p.x + c * p.y) * 4.2f + 200.0f, p.z * 4.2f);
        }
        float sw[GLINT_FINGER_COUNT], si[GLINT_FINGER_COUNT];
        gt_pinch_compute(world, sw);
        gt_pinch_compute(image, si);
        for (int g = 0; g < GLINT_FINGER_COUNT; g++) CHECK_NEAR(sw[g], si[g], 1e-4);
        CHECK_NEAR(sw[f], gt_pinch_strength_from_distance(0.3f), 1e-4);
    }
}

static void test_degenerate(void) {
    glint_vec3 kp[21];
    memset(kp, 0, sizeof(kp));
    float s[GLINT_FINGER_COUNT] = {9, 9, 9, 9};
    gt_pinch_compute(kp, s);
    for (int f = 0; f < GLINT_FINGER_COUNT; f++) CHECK(s[f] == 0.0f);
    syn_hand(&SYN_OPEN, false, 0.0f, 0.0f, 1.0f, syn_v(0.0f, 0.0f, 0.0f), kp);
    kp[0].x = NAN;
    gt_pinch_compute(kp, s);
    for (int f = 0; f < GLINT_FINGER_COUNT; f++) CHECK(s[f] == 0.0f);
    syn_hand(&SYN_OPEN, false, 0.0f, 0.0f, 1.0f, syn_v(0.0f, 0.0f, 0.0f), kp);
    kp[8].y = INFINITY;
    gt_pinch_compute(kp, s);
    CHECK(s[GLINT_FINGER_INDEX] == 0.0f);
    CHECK(gt_pinch_hand_size(kp) > 0.0f);
}

int main(void) {
    test_curve();
    test_fingers();
    test_units_and_pose();
    test_degenerate();
    return test_finish();
}
