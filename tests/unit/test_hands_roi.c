/* The hand pipeline's ROI math and landmark mapping on hand-computed cases (models.md 3.2, 3.3, 3.6). */
#include "test_util.h"
#include "tracker/gt_hand_landmark.h"
#include "tracker/gt_roi.h"

static const double PI = GI_PI;

static void test_angles(void) {
    CHECK_NEAR(gt_normalize_radians(1.5 * PI), -0.5 * PI, 1e-12);
    CHECK_NEAR(gt_normalize_radians(PI), -PI, 1e-12);
    CHECK_NEAR(gt_normalize_radians(-PI), -PI, 1e-12);
    CHECK_NEAR(gt_normalize_radians(-1.25 * PI), 0.75 * PI, 1e-12);
    CHECK_NEAR(gt_normalize_radians(0.0), 0.0, 1e-15);
    /* Direction from point 0 to point 1 (y down) -> the turn that makes it point up. */
    CHECK_NEAR(gt_rotation_from_points(0, 0, 0, -1, 0.5 * PI), 0.0, 1e-12);       /* up: none */
    CHECK_NEAR(gt_rotation_from_points(0, 0, 5, 0, 0.5 * PI), 0.5 * PI, 1e-12);   /* right */
    CHECK_NEAR(gt_rotation_from_points(0, 0, -5, 0, 0.5 * PI), -0.5 * PI, 1e-12); /* left */
    CHECK_NEAR(fabs(gt_rotation_from_points(0, 0, 0, 3, 0.5 * PI)), PI, 1e-12);   /* down */
    CHECK_NEAR(gt_rotation_from_points(0, 0, 1, -1, 0.5 * PI), 0.25 * PI, 1e-12); /* up-right */
}

static void test_transform(void) {
    gt_rect r = {100, 100, 40, 20, 0};
    gt_rect_transform palm = {2.6, 2.6, 0.0, -0.5, true};
    gt_rect o = gt_rect_apply_transform(&r, &palm);
    CHECK_NEAR(o.cx, 100, 1e-9);
    CHECK_NEAR(o.cy, 90, 1e-9); /* up by half the height */
    CHECK_NEAR(o.w, 104, 1e-9);
    CHECK_NEAR(o.h, 104, 1e-9);
    /* Turned by +90 deg, the rect's "up" is image +x: the shift goes right. */
    r.rotation = 0.5 * PI;
    o = gt_rect_apply_transform(&r, &palm);
    CHECK_NEAR(o.cx, 110, 1e-9);
    CHECK_NEAR(o.cy, 100, 1e-9);
    CHECK_NEAR(o.rotation, 0.5 * PI, 1e-15);
    /* shift_x moves along the rect's x axis (down in the image at +90 deg); no square_long. */
    gt_rect_transform t = {1.0, 2.0, 0.25, 0.0, false};
    o = gt_rect_apply_transform(&r, &t);
    CHECK_NEAR(o.cx, 100, 1e-9);
    CHECK_NEAR(o.cy, 110, 1e-9);
    CHECK_NEAR(o.w, 40, 1e-9);
    CHECK_NEAR(o.h, 40, 1e-9);
    gi_roi roi = gt_rect_to_roi(&o);
    CHECK_NEAR(roi.side, 40, 1e-9);
}

static void test_palm_roi(void) {
    gt_detection d;
    memset(&d, 0, sizeof(d));
    d.xmin = 50, d.ymin = 60, d.xmax = 90, d.ymax = 100;
    d.num_keypoints = 7;
    /* Upright hand: wrist below the middle MCP. */
    d.kp[0][0] = 70, d.kp[0][1] = 100;
    d.kp[2][0] = 70, d.kp[2][1] = 60;
    gi_roi roi = gt_roi_from_palm(&d);
    CHECK_NEAR(roi.rotation, 0.0, 1e-9);
    CHECK_NEAR(roi.cx, 70, 1e-4);
    CHECK_NEAR(roi.cy, 60, 1e-4); /* 80 - 0.5 * 40 */
    CHECK_NEAR(roi.side, 104, 1e-4);
    /* Pointing right (hand_right_open_palm's pose): turned +90 deg, moved towards the fingers. */
    d.kp[0][0] = 50, d.kp[0][1] = 80;
    d.kp[2][0] = 90, d.kp[2][1] = 80;
    roi = gt_roi_from_palm(&d);
    CHECK_NEAR(roi.rotation, 0.5 * PI, 1e-9);
    CHECK_NEAR(roi.cx, 90, 1e-4);
    CHECK_NEAR(roi.cy, 80, 1e-4);
    /* A non-square box: the long side counts. */
    d.xmax = 130;
    roi = gt_roi_from_palm(&d);
    CHECK_NEAR(roi.side, 2.6 * 80, 1e-4);
    CHECK_NEAR(roi.cx, 110, 1e-4); /* centre 90 + 0.5 * height 40 along +x */
}

/* An upright synthetic hand: the 12 landmarks the ROI uses span x 80..120, y 100..200; the
 * others (finger tips etc.) are far away and must not matter. */
static void upright_hand(glint_vec3 lm[21]) {
    for (int i = 0; i < 21; i++) lm[i].x = 1000.0f + 37.0f * i, lm[i].y = -500.0f, lm[i].z = 0;
    lm[0] = (glint_vec3){100, 200, 0};
    lm[1] = (glint_vec3){85, 180, 0};
    lm[2] = (glint_vec3){82, 160, 0};
    lm[3] = (glint_vec3){80, 140, 0};
    lm[5] = (glint_vec3){85, 100, 0};
    lm[6] = (glint_vec3){88, 110, 0};
    lm[9] = (glint_vec3){100, 100, 0};
    lm[10] = (glint_vec3){100, 105, 0};
    lm[13] = (glint_vec3){115, 100, 0};
    lm[14] = (glint_vec3){112, 120, 0};
    lm[17] = (glint_vec3){120, 110, 0};
    lm[18] = (glint_vec3){118, 130, 0};
}

static void test_landmark_roi(void) {
    glint_vec3 lm[21];
    upright_hand(lm);
    gi_roi roi = gt_roi_from_hand_landmarks(lm);
    /* wrist (100,200) -> mean(mean(5,13), 9) = (100,100): straight up. Box 40 x 100 around
     * (100,150); shift_y -0.1 * 100 = -10; square_long 100, scale 2 -> 200. */
    CHECK_NEAR(roi.rotation, 0.0, 1e-9);
    CHECK_NEAR(roi.cx, 100, 1e-4);
    CHECK_NEAR(roi.cy, 140, 1e-4);
    CHECK_NEAR(roi.side, 200, 1e-4);
    /* The same hand turned about (0,0) by (x, y) -> (-y, x): it now points right, and its ROI
     * is the old one turned the same way, with rotation +90 deg. */
    glint_vec3 t[21];
    for (int i = 0; i < 21; i++) t[i] = (glint_vec3){-lm[i].y, lm[i].x, 0};
    gi_roi r2 = gt_roi_from_hand_landmarks(t);
    CHECK_NEAR(r2.rotation, 0.5 * PI, 1e-9);
    CHECK_NEAR(r2.cx, -140, 1e-4);
    CHECK_NEAR(r2.cy, 100, 1e-4);
    CHECK_NEAR(r2.side, 200, 1e-4);
    /* Turned by 30 deg about the wrist: the extent is measured in the hand's own frame, so the
     * side stays 200 and the centre turns with the hand. */
    double a = 30.0 * PI / 180.0, c = cos(a), s = sin(a);
    for (int i = 0; i < 21; i++) {
        double dx = lm[i].x - 100.0, dy = lm[i].y - 200.0;
        t[i] = (glint_vec3){(float)(100.0 + c * dx - s * dy), (float)(200.0 + s * dx + c * dy), 0};
    }
    r2 = gt_roi_from_hand_landmarks(t);
    CHECK_NEAR(r2.side, 200, 1e-3);
    CHECK_NEAR(r2.rotation, a, 1e-6); /* positive turn of the image content = positive rotation */
    CHECK_NEAR(r2.cx, 100.0 + c * 0.0 - s * -60.0, 1e-3);
    CHECK_NEAR(r2.cy, 200.0 + s * 0.0 + c * -60.0, 1e-3);
}

static void test_iou(void) {
    gi_roi a = {100, 100, 50, 0}, b = {100, 100, 50, 0}, c = {125, 100, 50, 0}, far = {400, 0, 10, 0};
    CHECK_NEAR(gt_roi_iou(&a, &b), 1.0, 1e-12);
    CHECK_NEAR(gt_roi_iou(&a, &c), 25.0 * 50.0 / (2 * 2500.0 - 1250.0), 1e-12);
    CHECK(gt_roi_iou(&a, &far) == 0.0);
    /* A square turned by 45 deg has bounds side * sqrt(2). */
    gi_roi d = {0, 0, 10, 0.25 * PI};
    double x0, y0, x1, y1;
    gt_roi_bounds(&d, &x0, &y0, &x1, &y1);
    CHECK_NEAR(x1 - x0, 10 * sqrt(2.0), 1e-9);
    CHECK_NEAR(y0, -5 * sqrt(2.0), 1e-9);
}

static void test_landmark_mapping(void) {
    /* A 224 crop of side 448 around (100,100), turned +90 deg (content pointing right came out
     * pointing up). Crop pixel (112, 0), the top middle, is 224 image pixels to the right. */
    gi_roi roi = {100, 100, 448, 0.5 * PI};
    gi_affine m = gi_affine_roi(&roi, 224, 224);
    float raw[63] = {0}, world[63] = {0};
    raw[0] = 112, raw[1] = 0, raw[2] = 10;          /* landmark 0 */
    raw[3] = 112, raw[4] = 112, raw[5] = -4.48f;     /* landmark 1: the crop centre */
    raw[6] = 0, raw[7] = 224, raw[8] = 0;            /* landmark 2: bottom-left corner */
    world[0] = 0.01f, world[1] = 0.02f, world[2] = 0.03f;
    glint_vec3 kp[21], w[21];
    gt_hand_landmarks_to_image(raw, world, &roi, &m, kp, w);
    CHECK_NEAR(kp[0].x, 100 + 224, 1e-4);
    CHECK_NEAR(kp[0].y, 100, 1e-4);
    CHECK_NEAR(kp[1].x, 100, 1e-4);
    CHECK_NEAR(kp[1].y, 100, 1e-4);
    CHECK_NEAR(kp[2].x, 100 - 224, 1e-4); /* crop bottom = image left */
    CHECK_NEAR(kp[2].y, 100 - 224, 1e-4); /* crop left = image top */
    /* z: raw * side / (224 * 0.4): 10 -> 50 pixels, -4.48 -> -22.4. */
    CHECK_NEAR(kp[0].z, 50, 1e-4);
    CHECK_NEAR(kp[1].z, -22.4, 1e-4);
    /* World: x, y turned like the crop ((x, y) -> (-y, x) at +90 deg), z unchanged. */
    CHECK_NEAR(w[0].x, -0.02, 1e-7);
    CHECK_NEAR(w[0].y, 0.01, 1e-7);
    CHECK_NEAR(w[0].z, 0.03, 1e-7);
}

/* The landmark crop's border rule: outside the image MediaPipe repeats the edge pixel
 * (GI_BORDER_REPLICATE); the default stays black; inside, both give the same bytes. */
static void test_crop_border(void) {
    static const uint8_t px[2 * 4 * 3] = {10, 20, 30,  40, 50, 60,  70, 80, 90,  100, 110, 120,
                                          130, 140, 150, 160, 170, 180, 190, 200, 210, 220, 230, 240};
    gi_image img = gi_image_packed(px, 4, 2, GI_FORMAT_RGB8);
    gi_prep_desc d;
    memset(&d, 0, sizeof(d));
    d.width = d.height = 8;
    d.crop = GI_CROP_ROI;
    d.roi = (gi_roi){2.0, 1.0, 8.0, 0.0}; /* 8x8 pixels around the 4x2 image: 1:1 sampling */
    d.range = GI_RANGE_0_255;
    d.dtype = GLINT_DTYPE_U8;
    uint8_t zero[8 * 8 * 3], repl[8 * 8 * 3];
    glint_error err;
    CHECK(gi_prepare_tensor(&img, &d, zero, sizeof(zero), NULL, &err) == GLINT_SUCCESS);
    d.border = GI_BORDER_REPLICATE;
    CHECK(gi_prepare_tensor(&img, &d, repl, sizeof(repl), NULL, &err) == GLINT_SUCCESS);
    /* Tensor (x, y) samples image pixel (x - 2, y - 3). */
    for (int c = 0; c < 3; c++) {
        CHECK(zero[(0 * 8 + 0) * 3 + c] == 0);
        CHECK(repl[(0 * 8 + 0) * 3 + c] == px[c]);                  /* top-left corner */
        CHECK(repl[(7 * 8 + 7) * 3 + c] == px[(1 * 4 + 3) * 3 + c]); /* bottom-right corner */
        CHECK(repl[(3 * 8 + 7) * 3 + c] == px[(0 * 4 + 3) * 3 + c]); /* right of row 0 */
        CHECK(zero[(3 * 8 + 2) * 3 + c] == px[c]);                   /* inside: both the same */
        CHECK(repl[(4 * 8 + 5) * 3 + c] == zero[(4 * 8 + 5) * 3 + c]);
    }
    d.border = (gi_border)7;
    CHECK(gi_prepare_tensor(&img, &d, repl, sizeof(repl), NULL, &err) == GLINT_ERROR_INVALID_ARGUMENT);
}

static void test_handedness(void) {
    glint_handedness side;
    float score;
    /* glint's convention: raw = P(right hand) in a non-mirrored image. */
    gt_handedness_from_raw(0.9f, false, &side, &score);
    CHECK(side == GLINT_HANDEDNESS_RIGHT);
    CHECK_NEAR(score, 0.9, 1e-6);
    gt_handedness_from_raw(0.9f, true, &side, &score);
    CHECK(side == GLINT_HANDEDNESS_LEFT);
    CHECK_NEAR(score, 0.9, 1e-6);
    gt_handedness_from_raw(0.2f, false, &side, &score);
    CHECK(side == GLINT_HANDEDNESS_LEFT);
    CHECK_NEAR(score, 0.8, 1e-6);
    gt_handedness_from_raw(0.2f, true, &side, &score);
    CHECK(side == GLINT_HANDEDNESS_RIGHT);
    CHECK_NEAR(score, 0.8, 1e-6);
    gt_handedness_from_raw(NAN, false, &side, &score);
    CHECK_NEAR(score, 0.5, 1e-6);
}

int main(void) {
    test_angles();
    test_transform();
    test_palm_roi();
    test_landmark_roi();
    test_iou();
    test_landmark_mapping();
    test_handedness();
    test_crop_border();
    return test_finish();
}
