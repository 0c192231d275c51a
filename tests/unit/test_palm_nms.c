/* Weighted non-max suppression and SSD decoding on hand-made inputs. */
#include "test_util.h"
#include "tracker/gt_nms.h"
#include "tracker/gt_palm_decode.h"

static gt_detection box(float x0, float y0, float x1, float y1, float score) {
    gt_detection d;
    memset(&d, 0, sizeof(d));
    d.xmin = x0, d.ymin = y0, d.xmax = x1, d.ymax = y1, d.score = score;
    d.num_keypoints = 1;
    d.kp[0][0] = 0.5f * (x0 + x1);
    d.kp[0][1] = 0.5f * (y0 + y1);
    return d;
}

static void test_iou(void) {
    gt_detection a = box(0, 0, 2, 2, 1), b = box(1, 1, 3, 3, 1), c = box(2, 2, 3, 3, 1);
    CHECK_NEAR(gt_box_iou(&a, &b), 1.0 / 7.0, 1e-6);
    CHECK_NEAR(gt_box_iou(&a, &a), 1.0, 1e-6);
    CHECK(gt_box_iou(&a, &c) == 0.0f); /* touching corners */
    gt_detection e = box(1, 1, 1, 1, 1);
    CHECK(gt_box_iou(&e, &e) == 0.0f); /* empty */
}

static void test_sort(void) {
    gt_detection d[7];
    float s[7] = {0.3f, 0.9f, 0.5f, 0.9f, 0.1f, 0.7f, 0.5f};
    for (int i = 0; i < 7; i++) d[i] = box(0, 0, 1, 1, s[i]);
    int32_t idx[7] = {0, 1, 2, 3, 4, 5, 6};
    gt_sort_by_score(d, idx, 7);
    int32_t want[7] = {1, 3, 5, 2, 6, 0, 4}; /* ties keep the lower index first */
    for (int i = 0; i < 7; i++) CHECK(idx[i] == want[i]);
}

static void test_weighted(void) {
    /* Two overlapping boxes (IoU 0.6 > 0.3) and one far away. The group's corners and keypoints
     * are the score-weighted means; the score is the best one's. */
    gt_detection d[3];
    d[0] = box(0.0f, 0.0f, 1.0f, 1.0f, 0.6f);
    d[1] = box(0.2f, 0.0f, 1.2f, 1.0f, 0.9f); /* IoU with d0 = 0.8 / 1.2 */
    d[2] = box(5.0f, 5.0f, 6.0f, 6.0f, 0.7f);
    int32_t scratch[3];
    gt_detection out[3];
    int32_t n = gt_nms_weighted(d, 3, 0.3f, scratch, out, 3);
    CHECK(n == 2);
    CHECK_NEAR(out[0].score, 0.9, 1e-7);
    double w0 = 0.6 / 1.5, w1 = 0.9 / 1.5;
    CHECK_NEAR(out[0].xmin, w0 * 0.0 + w1 * 0.2, 1e-6);
    CHECK_NEAR(out[0].xmax, w0 * 1.0 + w1 * 1.2, 1e-6);
    CHECK_NEAR(out[0].ymax, 1.0, 1e-6);
    CHECK_NEAR(out[0].kp[0][0], w0 * 0.5 + w1 * 0.7, 1e-6);
    CHECK(out[0].anchor == d[1].anchor);
    CHECK_NEAR(out[1].xmin, 5.0, 1e-6);
    CHECK_NEAR(out[1].score, 0.7, 1e-7);
    /* max_out caps the output. */
    CHECK(gt_nms_weighted(d, 3, 0.3f, scratch, out, 1) == 1);
    /* With a threshold above their IoU the two stay apart (plain NMS would too). */
    CHECK(gt_nms_weighted(d, 3, 0.7f, scratch, out, 3) == 3);
    /* An empty best box still forms its own group (and the loop terminates). */
    gt_detection e[2] = {box(1, 1, 1, 1, 0.9f), box(1, 1, 1, 1, 0.8f)};
    CHECK(gt_nms_weighted(e, 2, 0.3f, scratch, out, 3) == 2);
    CHECK(gt_nms_weighted(d, 0, 0.3f, scratch, out, 3) == 0);
}

static void test_decode(void) {
    /* One anchor at (0.25, 0.75): raw values are in 192-pixel units relative to it, x first. */
    gt_anchor an[2] = {{0.25f, 0.75f, 1.0f, 1.0f}, {0.5f, 0.5f, 1.0f, 1.0f}};
    float raw[2 * 18] = {0};
    raw[0] = 19.2f;  /* cx + 0.1 */
    raw[1] = -9.6f;  /* cy - 0.05 */
    raw[2] = 48.0f;  /* w 0.25 */
    raw[3] = 96.0f;  /* h 0.5 */
    raw[4] = 0.0f, raw[5] = 38.4f;  /* keypoint 0: (0.25, 0.95) */
    raw[16] = -19.2f, raw[17] = 0;  /* keypoint 6: (0.15, 0.75) */
    float logits[2] = {2.0f, -1.0f};
    gt_ssd_decode_options o = gt_palm_decode_options(0.5f);
    gt_detection out[2];
    int32_t n = gt_ssd_decode(raw, logits, an, 2, &o, out, 2);
    CHECK(n == 1);
    CHECK_NEAR(out[0].xmin, 0.35 - 0.125, 1e-6);
    CHECK_NEAR(out[0].xmax, 0.35 + 0.125, 1e-6);
    CHECK_NEAR(out[0].ymin, 0.70 - 0.25, 1e-6);
    CHECK_NEAR(out[0].ymax, 0.70 + 0.25, 1e-6);
    CHECK_NEAR(out[0].score, 1.0 / (1.0 + exp(-2.0)), 1e-6);
    CHECK(out[0].num_keypoints == 7 && out[0].anchor == 0);
    CHECK_NEAR(out[0].kp[0][0], 0.25, 1e-6);
    CHECK_NEAR(out[0].kp[0][1], 0.95, 1e-6);
    CHECK_NEAR(out[0].kp[6][0], 0.15, 1e-6);
    /* Scores: clamped logits, threshold inclusive, NaN never kept. */
    CHECK_NEAR(gt_ssd_score(1000.0f, 100.0f), 1.0, 1e-7);
    float lo = gt_ssd_score(-1000.0f, 100.0f); /* sigmoid(-100): 0 in float, not NaN */
    CHECK(lo >= 0.0f && lo < 1e-30f);
    logits[0] = 0.0f; /* score exactly 0.5 */
    CHECK(gt_ssd_decode(raw, logits, an, 2, &o, out, 2) == 1);
    logits[0] = NAN;
    CHECK(gt_ssd_decode(raw, logits, an, 2, &o, out, 2) == 0);
}

int main(void) {
    test_iou();
    test_sort();
    test_weighted();
    test_decode();
    return test_finish();
}
