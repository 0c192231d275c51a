/*
 * MoveNet crop-region tracking (gt_body_crop) on hand-made keypoints: the letterbox square,
 * torso visibility, the torso and body ranges with their 1.9 / 1.2 factors, the cap at the
 * farthest border, the fall-back to the full image, the minimum size, the per-edge low-pass
 * filter and the tensor -> image map of a crop.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "test_util.h"
#include "tracker/gt_body_crop.h"

enum { NOSE = 0, L_SHO = 5, R_SHO = 6, L_ELB = 7, L_WRI = 9, L_HIP = 11, R_HIP = 12, L_ANK = 15 };

static void set(glint_vec3* k, int i, float x, float y, float s) {
    k[i].x = x;
    k[i].y = y;
    k[i].z = s;
}

static void check_crop(gt_body_crop c, double x0, double y0, double x1, double y1) {
    CHECK_NEAR(c.x_min, x0, 1e-9);
    CHECK_NEAR(c.y_min, y0, 1e-9);
    CHECK_NEAR(c.x_max, x1, 1e-9);
    CHECK_NEAR(c.y_max, y1, 1e-9);
}

static void test_full(void) {
    check_crop(gt_body_crop_full(640, 480), 0, -80, 640, 560);
    check_crop(gt_body_crop_full(240, 384), -72, 0, 312, 384);
    check_crop(gt_body_crop_full(100, 100), 0, 0, 100, 100);
    /* Its map equals the letterbox map. */
    gt_body_crop c = gt_body_crop_full(548, 342);
    gi_affine a = gt_body_crop_to_affine(&c, 192), b = gi_affine_letterbox(548, 342, 192, 192);
    for (int i = 0; i < 6; i++) CHECK_NEAR(a.m[i], b.m[i], 1e-12);
}

static void test_next(void) {
    const int32_t W = 640, H = 480;
    glint_vec3 k[GLINT_BODY_KEYPOINTS];
    memset(k, 0, sizeof(k));
    bool tracked = true;
    /* Nothing visible: full image. */
    check_crop(gt_body_crop_next(k, W, H, 0.2f, &tracked), 0, -80, 640, 560);
    CHECK(!tracked);

    /* A standing person: hips at (300, 300) and (340, 300), shoulders at (290, 200), (350, 200). */
    set(k, L_HIP, 340, 300, 0.8f);
    set(k, R_HIP, 300, 300, 0.8f);
    set(k, L_SHO, 350, 200, 0.8f);
    set(k, R_SHO, 290, 200, 0.8f);
    /* centre (320, 300); torso ranges: x 30, y 100 -> 190. */
    check_crop(gt_body_crop_next(k, W, H, 0.2f, &tracked), 130, 110, 510, 490);
    CHECK(tracked);
    /* An ankle 200 px below the centre: body y range 200 * 1.2 = 240 > 190. */
    set(k, L_ANK, 330, 500, 0.5f);
    check_crop(gt_body_crop_next(k, W, H, 0.2f, NULL), 80, 60, 560, 540);
    /* ... but not when the model is unsure of it (score below the threshold). */
    k[L_ANK].z = 0.1f;
    check_crop(gt_body_crop_next(k, W, H, 0.2f, NULL), 130, 110, 510, 490);
    /* A score exactly at the threshold counts for the body range (TF.js skips only "< 0.2"). */
    k[L_ANK].z = 0.2f;
    check_crop(gt_body_crop_next(k, W, H, 0.2f, NULL), 80, 60, 560, 540);
    k[L_ANK].z = 0.0f;
    /* A wrist far right: body x range 150 * 1.2 = 180 < 190 (no change) ; 200 -> 240. */
    set(k, L_WRI, 470, 250, 0.9f);
    check_crop(gt_body_crop_next(k, W, H, 0.2f, NULL), 130, 110, 510, 490);
    set(k, L_WRI, 520, 250, 0.9f);
    check_crop(gt_body_crop_next(k, W, H, 0.2f, NULL), 80, 60, 560, 540);
    k[L_WRI].z = 0.0f;

    /* Torso visibility: one hip and one shoulder are enough; no shoulder is not. */
    k[R_HIP].z = 0.1f;
    k[R_SHO].z = 0.1f;
    gt_body_crop_next(k, W, H, 0.2f, &tracked);
    CHECK(tracked);
    k[L_SHO].z = 0.2f; /* the torso test is strict: "> 0.2" */
    check_crop(gt_body_crop_next(k, W, H, 0.2f, &tracked), 0, -80, 640, 560);
    CHECK(!tracked);
    k[L_SHO].z = 0.8f;
    k[L_HIP].z = 0.15f;
    gt_body_crop_next(k, W, H, 0.2f, &tracked);
    CHECK(!tracked);
    /* ... and the torso joints count for the torso range even with low scores. */
    k[L_HIP].z = 0.8f;
    k[R_SHO].z = 0.0f;
    set(k, R_SHO, 100, 200, 0.0f); /* 220 px left of the centre: half side 418 */
    gt_body_crop c = gt_body_crop_next(k, W, H, 0.2f, &tracked);
    /* 418 > the farthest border (320 px to either side): capped at 320, then 320 <= 640 / 2. */
    check_crop(c, 0, -20, 640, 620);
    CHECK(tracked);
    set(k, R_SHO, 290, 200, 0.8f);

    /* Off-centre person with a big crop: capped at the farthest border, then larger than half the
     * image's longer side -> full image. */
    set(k, L_HIP, 120, 300, 0.8f);
    set(k, R_HIP, 80, 300, 0.8f);
    set(k, L_SHO, 130, 60, 0.8f);
    set(k, R_SHO, 70, 60, 0.8f); /* centre (100, 300), torso y 240 -> 456; reach 540 */
    check_crop(gt_body_crop_next(k, W, H, 0.2f, &tracked), 0, -80, 640, 560);
    CHECK(!tracked);
    set(k, L_SHO, 130, 200, 0.8f);
    set(k, R_SHO, 70, 200, 0.8f); /* torso y 100 -> 190 */
    check_crop(gt_body_crop_next(k, W, H, 0.2f, &tracked), -90, 110, 290, 490);
    CHECK(tracked);

    /* All keypoints on one spot: the crop does not collapse (1/16 of the longer side). */
    for (int i = 0; i < GLINT_BODY_KEYPOINTS; i++) set(k, i, 200, 150, 0.9f);
    check_crop(gt_body_crop_next(k, W, H, 0.2f, &tracked), 180, 130, 220, 170);
    CHECK(tracked);
    /* Not-a-number keypoints never make a crop. */
    set(k, L_HIP, NAN, 150, 0.9f);
    check_crop(gt_body_crop_next(k, W, H, 0.2f, &tracked), 0, -80, 640, 560);
    CHECK(!tracked);
}

static void test_filter_and_map(void) {
    gt_body_crop_filter f;
    memset(&f, 0, sizeof(f));
    gt_body_crop a = {0, 0, 100, 100}, b = {100, 50, 300, 250};
    check_crop(gt_body_crop_filter_apply(&f, &a, 0.9), 0, 0, 100, 100); /* first value passes */
    check_crop(gt_body_crop_filter_apply(&f, &b, 0.9), 90, 45, 280, 235);
    check_crop(gt_body_crop_filter_apply(&f, &b, 0.9), 99, 49.5, 298, 248.5);
    memset(&f, 0, sizeof(f));
    check_crop(gt_body_crop_filter_apply(&f, &b, 0.9), 100, 50, 300, 250);
    check_crop(gt_body_crop_filter_apply(&f, &a, 1.0), 0, 0, 100, 100); /* alpha 1: no smoothing */

    /* The map sends the tensor's corners to the crop's corners (continuous coordinates). */
    gi_affine m = gt_body_crop_to_affine(&b, 192);
    double x, y;
    gi_affine_apply(&m, 0, 0, &x, &y);
    CHECK_NEAR(x, 100, 1e-9);
    CHECK_NEAR(y, 50, 1e-9);
    gi_affine_apply(&m, 192, 192, &x, &y);
    CHECK_NEAR(x, 300, 1e-9);
    CHECK_NEAR(y, 250, 1e-9);
    gi_affine_apply(&m, 96, 48, &x, &y);
    CHECK_NEAR(x, 200, 1e-9);
    CHECK_NEAR(y, 100, 1e-9);
}

int main(void) {
    test_full();
    test_next();
    test_filter_and_map();
    return test_finish();
}
