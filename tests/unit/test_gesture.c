/*
 * Gestures (gt_gesture.h) on synthetic hands: every class from its pose, for both hands,
 * turned in the image plane and about the vertical axis, in metres and in pixels; thumb
 * up/down only when the thumb really points up/down; keypoint noise; invalid input; and the
 * hysteresis filter's rules (immediate first label, no flicker, delayed change, fade to None).
 */
#include "test_gesture_synth.h"
#include "test_util.h"
#include "tracker/gt_gesture.h"

static const char* name(glint_gesture g) {
    static const char* names[GLINT_GESTURE_COUNT] = {"None",      "Closed_Fist", "Open_Palm", "Pointing_Up",
                                                     "Thumb_Down", "Thumb_Up",    "Victory",   "ILoveYou"};
    return (g >= 0 && g < GLINT_GESTURE_COUNT) ? names[g] : "?";
}

/* Classifies a posed hand from world keypoints, image keypoints and both; all three must
 * agree with `want` (or, with want < 0, differ from -want). Returns the number of misses. */
static int expect(const syn_pose* pose, const char* pose_name, bool left, float yaw, float roll, int want) {
    glint_vec3 world[21], image[21];
    syn_hand(pose, left, yaw, roll, 0.01f, syn_v(0.0f, 0.0f, 0.0f), world);
    syn_hand(pose, left, yaw, roll, 4.5f, syn_v(320.0f, 240.0f, 0.0f), image);
    const glint_vec3* sets[3][2] = {{world, NULL}, {NULL, image}, {world, image}};
    int misses = 0;
    for (int s = 0; s < 3; s++) {
        float score;
        glint_gesture g = gt_gesture_classify(sets[s][0], sets[s][1], NULL, &score);
        bool ok = want >= 0 ? (int)g == want : (int)g != -want;
        if (ok && want >= 0 && want != GLINT_GESTURE_NONE) ok = score >= GT_GESTURE_ENTER;
        if (!ok) {
            fprintf(stderr, "%s %s yaw %.0f roll %.0f (%s): got %s %.2f, want %s%s\n", pose_name, left ? "left" : "right",
                    (double)yaw, (double)roll, s == 0 ? "world" : s == 1 ? "image" : "both", name(g), (double)score,
                    want >= 0 ? "" : "not ", name((glint_gesture)(want >= 0 ? want : -want)));
            misses++;
        }
    }
    return misses;
}

static void test_rotation_invariant_classes(void) {
    struct {
        const syn_pose* pose;
        const char* name;
        glint_gesture want;
    } cases[] = {
        {&SYN_OPEN, "open", GLINT_GESTURE_OPEN_PALM},       {&SYN_FIST, "fist", GLINT_GESTURE_CLOSED_FIST},
        {&SYN_FIST_ALONG, "fist (thumb along the index)", GLINT_GESTURE_CLOSED_FIST},
        {&SYN_VICTORY, "victory", GLINT_GESTURE_VICTORY}, {&SYN_ILY, "ily", GLINT_GESTURE_ILOVEYOU},
        {&SYN_HORNS, "horns (thumb tucked)", GLINT_GESTURE_NONE},
    };
    const float yaws[] = {0.0f, 40.0f, -50.0f, 180.0f};
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        int misses = 0, total = 0;
        for (int left = 0; left <= 1; left++)
            for (size_t y = 0; y < sizeof(yaws) / sizeof(yaws[0]); y++)
                for (int roll = -180; roll < 180; roll += 30) {
                    /* A fist turned so its thumb points up or down is a thumbs-up/down; the
                     * along-the-index thumb is the one that must stay a fist there too. */
                    misses += expect(cases[c].pose, cases[c].name, left, yaws[y], (float)roll, (int)cases[c].want);
                    total += 3;
                }
        CHECK_MSG(misses == 0, "%s: %d of %d wrong", cases[c].name, misses, total);
    }
}

static void test_direction_classes(void) {
    int misses = 0;
    for (int left = 0; left <= 1; left++) {
        /* Mirroring turns the thumb to -x, so the roll that puts it up changes sign. */
        const float up_roll = left ? 90.0f : -90.0f;
        for (int d = -20; d <= 20; d += 10)
            for (int yaw = -60; yaw <= 60; yaw += 30) {
                misses += expect(&SYN_THUMB_FIST, "thumb up", left, (float)yaw, up_roll + (float)d, GLINT_GESTURE_THUMB_UP);
                misses += expect(&SYN_THUMB_FIST, "thumb down", left, (float)yaw, -up_roll + (float)d,
                                 GLINT_GESTURE_THUMB_DOWN);
            }
        /* Thumb sideways: a fist. */
        misses += expect(&SYN_THUMB_FIST, "thumb sideways", left, 0.0f, 0.0f, GLINT_GESTURE_CLOSED_FIST);
        misses += expect(&SYN_THUMB_FIST, "thumb sideways", left, 30.0f, 180.0f, GLINT_GESTURE_CLOSED_FIST);
        /* Pointing: up and sideways count, down does not. */
        for (int roll = -90; roll <= 90; roll += 30)
            for (int yaw = -40; yaw <= 40; yaw += 40)
                misses += expect(&SYN_POINT, "point", left, (float)yaw, (float)roll, GLINT_GESTURE_POINTING_UP);
        for (int roll = 150; roll <= 210; roll += 30)
            misses += expect(&SYN_POINT, "point down", left, 0.0f, (float)roll, -GLINT_GESTURE_POINTING_UP);
        /* A half-closed hand is not an open palm. */
        misses += expect(&SYN_CLAW, "claw", left, 0.0f, 0.0f, -GLINT_GESTURE_OPEN_PALM);
    }
    CHECK_MSG(misses == 0, "%d direction-dependent cases wrong", misses);
}

static void test_noise(void) {
    /* Every keypoint moved by up to +-4% of the hand size on each axis (about 3.5 mm on an
     * adult hand; more than MediaPipe's jitter on a still hand). */
    struct {
        const syn_pose* pose;
        float roll;
        glint_gesture want;
    } cases[] = {
        {&SYN_OPEN, 0.0f, GLINT_GESTURE_OPEN_PALM},   {&SYN_FIST, 20.0f, GLINT_GESTURE_CLOSED_FIST},
        {&SYN_POINT, -10.0f, GLINT_GESTURE_POINTING_UP}, {&SYN_VICTORY, 15.0f, GLINT_GESTURE_VICTORY},
        {&SYN_ILY, 0.0f, GLINT_GESTURE_ILOVEYOU},     {&SYN_THUMB_FIST, -90.0f, GLINT_GESTURE_THUMB_UP},
        {&SYN_THUMB_FIST, 90.0f, GLINT_GESTURE_THUMB_DOWN},
    };
    test_rng r = {2024};
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        int right = 0;
        const int trials = 200;
        for (int i = 0; i < trials; i++) {
            glint_vec3 kp[21];
            syn_hand(cases[c].pose, false, 0.0f, cases[c].roll, 0.01f, syn_v(0.0f, 0.0f, 0.0f), kp);
            const float a = 0.04f * 0.09f; /* 4% of a 9 cm hand size, in metres */
            for (int k = 0; k < 21; k++) {
                kp[k].x += test_rng_float(&r, -a, a);
                kp[k].y += test_rng_float(&r, -a, a);
                kp[k].z += test_rng_float(&r, -a, a);
            }
            if (gt_gesture_classify(kp, NULL, NULL, NULL) == cases[c].want) right++;
        }
        printf("noise +-4%% of hand size: %-11s %3d/%d\n", name(cases[c].want), right, trials);
        CHECK_MSG(right >= trials * 95 / 100, "%s under noise: %d/%d", name(cases[c].want), right, trials);
    }
}

static void test_scores_and_invalid(void) {
    glint_vec3 kp[21];
    syn_hand(&SYN_OPEN, false, 0.0f, 0.0f, 0.01f, syn_v(0.0f, 0.0f, 0.0f), kp);
    float scores[GLINT_GESTURE_COUNT];
    float best;
    CHECK(gt_gesture_classify(kp, NULL, scores, &best) == GLINT_GESTURE_OPEN_PALM);
    float others = 0.0f;
    for (int g = 1; g < GLINT_GESTURE_COUNT; g++) {
        CHECK(scores[g] >= 0.0f && scores[g] <= 1.0f);
        if (g != GLINT_GESTURE_OPEN_PALM && scores[g] > others) others = scores[g];
    }
    CHECK_NEAR(scores[GLINT_GESTURE_NONE], 1.0f - best, 1e-6);
    CHECK(others < 0.2f);

    gt_hand_shape s;
    CHECK(gt_gesture_shape(kp, &s) && s.valid);
    for (int f = 0; f < 5; f++) CHECK(s.extension[f] > 0.9f);

    /* Invalid keypoints: None with score 1, from either set; a valid second set still wins. */
    glint_vec3 bad[21];
    memcpy(bad, kp, sizeof(bad));
    bad[3].y = NAN;
    CHECK(!gt_gesture_shape(bad, &s) && !s.valid);
    CHECK(gt_gesture_classify(bad, NULL, scores, &best) == GLINT_GESTURE_NONE && best == 1.0f);
    CHECK(gt_gesture_classify(NULL, NULL, NULL, &best) == GLINT_GESTURE_NONE && best == 1.0f);
    CHECK(gt_gesture_classify(bad, kp, NULL, NULL) == GLINT_GESTURE_OPEN_PALM);
    memset(bad, 0, sizeof(bad));
    CHECK(gt_gesture_classify(bad, NULL, NULL, NULL) == GLINT_GESTURE_NONE);

    /* Ties go to the lower enum value. */
    float tie[GLINT_GESTURE_COUNT] = {0.1f, 0.7f, 0.7f, 0, 0, 0, 0, 0};
    CHECK(gt_gesture_best(tie, &best) == GLINT_GESTURE_CLOSED_FIST && best == 0.7f);
}

/* Scores with one class at `score` and None at 1 - score. */
static void one_hot(glint_gesture g, float score, float out[GLINT_GESTURE_COUNT]) {
    for (int i = 0; i < GLINT_GESTURE_COUNT; i++) out[i] = 0.0f;
    if (g != GLINT_GESTURE_NONE) out[g] = score;
    out[GLINT_GESTURE_NONE] = 1.0f - (g != GLINT_GESTURE_NONE ? score : 0.0f);
}

static void test_hysteresis(void) {
    gt_gesture_filter f;
    float s[GLINT_GESTURE_COUNT], score;

    /* A new track takes a strong first label at once (single photos get their label). */
    gt_gesture_filter_reset(&f);
    one_hot(GLINT_GESTURE_OPEN_PALM, 0.9f, s);
    CHECK(gt_gesture_filter_update(&f, NULL, s, &score) == GLINT_GESTURE_OPEN_PALM && score == 0.9f);
    /* ... but not a weak one. */
    gt_gesture_filter_reset(&f);
    one_hot(GLINT_GESTURE_OPEN_PALM, 0.55f, s);
    CHECK(gt_gesture_filter_update(&f, NULL, s, &score) == GLINT_GESTURE_NONE);
    CHECK_NEAR(score, 0.45f, 1e-6);

    /* Flicker between two labels every frame: the first one holds. */
    gt_gesture_filter_reset(&f);
    int changed = 0;
    for (int i = 0; i < 30; i++) {
        one_hot(i % 2 ? GLINT_GESTURE_CLOSED_FIST : GLINT_GESTURE_OPEN_PALM, 0.9f, s);
        if (gt_gesture_filter_update(&f, NULL, s, NULL) != GLINT_GESTURE_OPEN_PALM) changed++;
    }
    CHECK_MSG(changed == 0, "flicker leaked through %d times", changed);
    /* Two-frame bursts do not switch either (min_frames = 3). */
    gt_gesture_filter_reset(&f);
    for (int i = 0; i < 40; i++) {
        one_hot((i % 4) >= 2 ? GLINT_GESTURE_VICTORY : GLINT_GESTURE_OPEN_PALM, 0.9f, s);
        if (gt_gesture_filter_update(&f, NULL, s, NULL) != GLINT_GESTURE_OPEN_PALM) changed++;
    }
    CHECK(changed == 0);

    /* A steady change switches after exactly min_frames frames. */
    gt_gesture_filter_reset(&f);
    one_hot(GLINT_GESTURE_OPEN_PALM, 0.9f, s);
    for (int i = 0; i < 5; i++) gt_gesture_filter_update(&f, NULL, s, NULL);
    one_hot(GLINT_GESTURE_CLOSED_FIST, 0.8f, s);
    CHECK(gt_gesture_filter_update(&f, NULL, s, &score) == GLINT_GESTURE_OPEN_PALM);
    CHECK(score == 0.0f); /* the current label's own score this frame */
    CHECK(gt_gesture_filter_update(&f, NULL, s, NULL) == GLINT_GESTURE_OPEN_PALM);
    CHECK(gt_gesture_filter_update(&f, NULL, s, &score) == GLINT_GESTURE_CLOSED_FIST && score == 0.8f);

    /* Fading: between exit and enter the label holds; below exit for min_frames it drops. */
    gt_gesture_filter_reset(&f);
    one_hot(GLINT_GESTURE_VICTORY, 0.9f, s);
    gt_gesture_filter_update(&f, NULL, s, NULL);
    one_hot(GLINT_GESTURE_VICTORY, 0.45f, s); /* None is best (0.55) but below enter */
    for (int i = 0; i < 10; i++) CHECK(gt_gesture_filter_update(&f, NULL, s, NULL) == GLINT_GESTURE_VICTORY);
    one_hot(GLINT_GESTURE_VICTORY, 0.3f, s); /* None 0.7: strong, and Victory weak */
    CHECK(gt_gesture_filter_update(&f, NULL, s, NULL) == GLINT_GESTURE_VICTORY);
    CHECK(gt_gesture_filter_update(&f, NULL, s, NULL) == GLINT_GESTURE_VICTORY);
    CHECK(gt_gesture_filter_update(&f, NULL, s, &score) == GLINT_GESTURE_NONE && score == 0.7f);
    /* A one-frame dropout does not lose the label. */
    one_hot(GLINT_GESTURE_ILOVEYOU, 0.9f, s);
    for (int i = 0; i < 3; i++) gt_gesture_filter_update(&f, NULL, s, NULL);
    CHECK(f.current == GLINT_GESTURE_ILOVEYOU);
    one_hot(GLINT_GESTURE_NONE, 0.0f, s);
    CHECK(gt_gesture_filter_update(&f, NULL, s, NULL) == GLINT_GESTURE_ILOVEYOU);
    one_hot(GLINT_GESTURE_ILOVEYOU, 0.9f, s);
    CHECK(gt_gesture_filter_update(&f, NULL, s, NULL) == GLINT_GESTURE_ILOVEYOU);
    /* A muddle (no label strong, current weak) decays to None after min_frames. */
    float muddle[GLINT_GESTURE_COUNT] = {0.5f, 0.45f, 0.5f, 0, 0, 0, 0, 0.3f};
    gt_gesture_filter_update(&f, NULL, muddle, NULL);
    gt_gesture_filter_update(&f, NULL, muddle, NULL);
    CHECK(gt_gesture_filter_update(&f, NULL, muddle, NULL) == GLINT_GESTURE_NONE);

    /* Custom parameters: one frame suffices, a higher bar to enter. */
    gt_gesture_filter_params p = {0.85f, 0.5f, 1};
    gt_gesture_filter_reset(&f);
    one_hot(GLINT_GESTURE_OPEN_PALM, 0.8f, s);
    CHECK(gt_gesture_filter_update(&f, &p, s, NULL) == GLINT_GESTURE_NONE);
    one_hot(GLINT_GESTURE_OPEN_PALM, 0.9f, s);
    CHECK(gt_gesture_filter_update(&f, &p, s, NULL) == GLINT_GESTURE_OPEN_PALM);
    one_hot(GLINT_GESTURE_THUMB_UP, 0.9f, s);
    CHECK(gt_gesture_filter_update(&f, &p, s, NULL) == GLINT_GESTURE_THUMB_UP);
}

static void test_sequence(void) {
    /* A synthetic clip: open hand closing into a fist over 10 frames, held, then opening.
     * The filtered label goes Open_Palm -> Closed_Fist -> Open_Palm once each way, with no
     * other label in between. */
    gt_gesture_filter f;
    gt_gesture_filter_reset(&f);
    glint_gesture prev = GLINT_GESTURE_COUNT;
    int changes = 0;
    for (int i = 0; i < 60; i++) {
        float k = i < 10 ? 0.0f : i < 20 ? (float)(i - 10) / 10.0f : i < 40 ? 1.0f : i < 50 ? (float)(50 - i) / 10.0f : 0.0f;
        syn_pose pose;
        for (int fi = 0; fi < 4; fi++) {
            const float curled[3] = {80.0f, 100.0f, 65.0f};
            for (int j = 0; j < 3; j++) pose.flex[fi][j] = k * curled[j];
        }
        for (int b = 0; b < 3; b++)
            for (int j = 0; j < 3; j++) pose.thumb[b][j] = (1.0f - k) * SYN_OPEN.thumb[b][j] + k * SYN_FIST.thumb[b][j];
        glint_vec3 kp[21];
        syn_hand(&pose, false, 20.0f, 10.0f, 0.01f, syn_v(0.0f, 0.0f, 0.0f), kp);
        float scores[GLINT_GESTURE_COUNT];
        gt_gesture_classify(kp, NULL, scores, NULL);
        glint_gesture g = gt_gesture_filter_update(&f, NULL, scores, NULL);
        CHECK_MSG(g == GLINT_GESTURE_OPEN_PALM || g == GLINT_GESTURE_CLOSED_FIST || g == GLINT_GESTURE_NONE,
                  "frame %d: %s", i, name(g));
        if (g != prev) changes++;
        prev = g;
        if (i == 5 || i == 59) CHECK(g == GLINT_GESTURE_OPEN_PALM);
        if (i == 35) CHECK(g == GLINT_GESTURE_CLOSED_FIST);
    }
    CHECK_MSG(changes <= 5, "%d label changes over the clip", changes);
}

int main(void) {
    test_rotation_invariant_classes();
    test_direction_classes();
    test_noise();
    test_scores_and_invalid();
    test_hysteresis();
    test_sequence();
    return test_finish();
}
