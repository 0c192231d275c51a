/*
 * Aim ray (gt_aim.h) on synthetic hands: direction along the palm axis, unit length, turning
 * with the hand, unmoved by finger curl (the pinch "click"), palm normal out of the palm for
 * both hands and both sides, origin at the index MCP, and invalid input.
 */
#include "test_gesture_synth.h"
#include "test_util.h"
#include "tracker/gt_aim.h"
#include "tracker/gt_vec.h"

static glint_vec3 kOrigin = {0.0f, 0.0f, 0.0f};

static void test_upright(void) {
    for (int left = 0; left <= 1; left++) {
        glint_vec3 kp[21];
        syn_hand(&SYN_OPEN, left, 0.0f, 0.0f, 0.01f, kOrigin, kp);
        gt_aim a;
        gt_aim_compute(kp, left ? GLINT_HANDEDNESS_LEFT : GLINT_HANDEDNESS_RIGHT, &a);
        CHECK(a.valid);
        CHECK_NEAR(gt_v3_length(a.direction), 1.0, 1e-5);
        CHECK_NEAR(gt_v3_length(a.palm_normal), 1.0, 1e-5);
        /* Fingers up (-y): the ray points up (tilted ~10 degrees toward the index, the
         * knuckle midpoint being between index and middle); the palm faces the camera (-z). */
        CHECK_MSG(a.direction.y < -0.95f, "direction %.3f %.3f %.3f", (double)a.direction.x, (double)a.direction.y,
                  (double)a.direction.z);
        CHECK_MSG(a.palm_normal.z < -0.99f, "%s hand palm normal z %.3f", left ? "left" : "right", (double)a.palm_normal.z);
        CHECK(a.origin.x == kp[5].x && a.origin.y == kp[5].y && a.origin.z == kp[5].z);
        CHECK_NEAR(gt_v3_dot(a.direction, a.palm_normal), 0.0, 0.05); /* the palm is flat here */

        /* Back of the hand to the camera (turned 180 degrees about the vertical): normal +z. */
        syn_hand(&SYN_OPEN, left, 180.0f, 0.0f, 0.01f, kOrigin, kp);
        gt_aim_compute(kp, left ? GLINT_HANDEDNESS_LEFT : GLINT_HANDEDNESS_RIGHT, &a);
        CHECK(a.valid && a.palm_normal.z > 0.99f);
        /* Wrong handedness flips the normal, not the ray. */
        gt_aim b;
        gt_aim_compute(kp, left ? GLINT_HANDEDNESS_RIGHT : GLINT_HANDEDNESS_LEFT, &b);
        CHECK(b.palm_normal.z < -0.99f);
        CHECK_NEAR(gt_v3_dot(a.direction, b.direction), 1.0, 1e-6);
    }
}

static void test_rotation(void) {
    /* The ray turns with the hand: rolled by r degrees (clockwise on screen), up (0,-1)
     * becomes (sin r, -cos r). Yawed, the ray stays in the palm. */
    for (int r = -180; r < 180; r += 30) {
        glint_vec3 kp[21];
        syn_hand(&SYN_OPEN, false, 0.0f, (float)r, 0.01f, kOrigin, kp);
        glint_vec3 up_hand[21];
        syn_hand(&SYN_OPEN, false, 0.0f, 0.0f, 0.01f, kOrigin, up_hand);
        gt_aim a, a0;
        gt_aim_compute(kp, GLINT_HANDEDNESS_RIGHT, &a);
        gt_aim_compute(up_hand, GLINT_HANDEDNESS_RIGHT, &a0);
        float c = cosf((float)r * SYN_DEG), s = sinf((float)r * SYN_DEG);
        glint_vec3 want = gt_v3(c * a0.direction.x - s * a0.direction.y, s * a0.direction.x + c * a0.direction.y,
                                a0.direction.z);
        CHECK_MSG(gt_v3_dot(a.direction, want) > 0.99999f, "roll %d", r);
    }
    glint_vec3 kp[21];
    syn_hand(&SYN_OPEN, false, 70.0f, 20.0f, 0.01f, kOrigin, kp);
    gt_aim a;
    gt_aim_compute(kp, GLINT_HANDEDNESS_RIGHT, &a);
    CHECK(a.valid);
    CHECK_NEAR(gt_v3_dot(a.direction, a.palm_normal), 0.0, 0.05);
}

static void test_curl_does_not_move_the_ray(void) {
    /* Open, pointing, pinching-like (claw) and fist share wrist and MCPs: same ray. */
    const syn_pose* poses[] = {&SYN_OPEN, &SYN_POINT, &SYN_CLAW, &SYN_FIST, &SYN_THUMB_FIST};
    gt_aim ref = {0};
    for (size_t i = 0; i < sizeof(poses) / sizeof(poses[0]); i++) {
        glint_vec3 kp[21];
        syn_hand(poses[i], true, 25.0f, -40.0f, 0.01f, gt_v3(0.02f, -0.01f, 0.0f), kp);
        gt_aim a;
        gt_aim_compute(kp, GLINT_HANDEDNESS_LEFT, &a);
        CHECK(a.valid);
        if (i == 0) {
            ref = a;
            continue;
        }
        CHECK_MSG(gt_v3_dot(a.direction, ref.direction) > 0.999999f, "pose %zu moved the ray", i);
        CHECK(gt_v3_distance(a.origin, ref.origin) < 1e-6f);
    }
}

static void test_invalid(void) {
    glint_vec3 kp[21];
    gt_aim a;
    memset(kp, 0, sizeof(kp));
    gt_aim_compute(kp, GLINT_HANDEDNESS_RIGHT, &a);
    CHECK(!a.valid);
    CHECK(a.direction.x == 0.0f && a.direction.y == 0.0f && a.direction.z == 0.0f);
    syn_hand(&SYN_OPEN, false, 0.0f, 0.0f, 0.01f, kOrigin, kp);
    kp[9].z = NAN;
    gt_aim_compute(kp, GLINT_HANDEDNESS_RIGHT, &a);
    CHECK(!a.valid);
    /* Wrist, index MCP and little MCP on one line: no palm plane. */
    syn_hand(&SYN_OPEN, false, 0.0f, 0.0f, 0.01f, kOrigin, kp);
    kp[17] = gt_v3_scale(kp[5], 0.5f);
    gt_aim_compute(kp, GLINT_HANDEDNESS_RIGHT, &a);
    CHECK(!a.valid);
    /* Image keypoints (pixels) work as well: same direction as the world ones. */
    glint_vec3 img[21], wld[21];
    syn_hand(&SYN_OPEN, false, 30.0f, 15.0f, 5.0f, gt_v3(320.0f, 240.0f, 0.0f), img);
    syn_hand(&SYN_OPEN, false, 30.0f, 15.0f, 0.01f, kOrigin, wld);
    gt_aim ai, aw;
    gt_aim_compute(img, GLINT_HANDEDNESS_RIGHT, &ai);
    gt_aim_compute(wld, GLINT_HANDEDNESS_RIGHT, &aw);
    CHECK(ai.valid && aw.valid);
    CHECK(gt_v3_dot(ai.direction, aw.direction) > 0.99999f);
    CHECK(gt_v3_dot(ai.palm_normal, aw.palm_normal) > 0.99999f);
}

int main(void) {
    test_upright();
    test_rotation();
    test_curl_does_not_move_the_ray();
    test_invalid();
    return test_finish();
}
