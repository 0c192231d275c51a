/* SSD anchors from the SsdAnchorsCalculator options: counts, centres and order (models.md 3.2, 3.4). */
#include "test_util.h"
#include "tracker/gt_anchors.h"

static gt_anchor anchors[4096];

static void test_palm(void) {
    gt_ssd_anchor_options o = gt_palm_anchor_options();
    CHECK(gt_ssd_anchor_count(&o) == 2016);
    int32_t n = 0;
    CHECK(gt_ssd_anchors_generate(&o, anchors, 4096, &n) == GLINT_SUCCESS);
    CHECK(n == 2016);
    /* Stride 8: 24x24 cells x 2 anchors, row-major, both anchors of a cell share its centre. */
    CHECK_NEAR(anchors[0].cx, 0.5 / 24, 1e-7);
    CHECK_NEAR(anchors[0].cy, 0.5 / 24, 1e-7);
    CHECK_NEAR(anchors[1].cx, 0.5 / 24, 1e-7);
    CHECK_NEAR(anchors[2].cx, 1.5 / 24, 1e-7); /* next cell along x */
    CHECK_NEAR(anchors[2].cy, 0.5 / 24, 1e-7);
    CHECK_NEAR(anchors[48].cx, 0.5 / 24, 1e-7); /* next row */
    CHECK_NEAR(anchors[48].cy, 1.5 / 24, 1e-7);
    CHECK_NEAR(anchors[1151].cx, 23.5 / 24, 1e-6);
    CHECK_NEAR(anchors[1151].cy, 23.5 / 24, 1e-6);
    /* Stride 16 (three layers merged): 12x12 cells x 6 anchors. */
    for (int i = 1152; i < 1158; i++) {
        CHECK_NEAR(anchors[i].cx, 0.5 / 12, 1e-7);
        CHECK_NEAR(anchors[i].cy, 0.5 / 12, 1e-7);
    }
    CHECK_NEAR(anchors[1158].cx, 1.5 / 12, 1e-7);
    CHECK_NEAR(anchors[1152 + 6 * 12].cy, 1.5 / 12, 1e-7);
    CHECK_NEAR(anchors[2015].cx, 11.5 / 12, 1e-6);
    CHECK_NEAR(anchors[2015].cy, 11.5 / 12, 1e-6);
    /* fixed_anchor_size: every anchor is 1 x 1. */
    int unit = 1;
    for (int i = 0; i < n; i++) unit &= anchors[i].w == 1.0f && anchors[i].h == 1.0f;
    CHECK(unit);
    /* reference.md 8: the best palm on hand_open_palm_a is anchor 1695 (stride 16): cell 90 = row 7, col 6. */
    CHECK_NEAR(anchors[1695].cx, 6.5 / 12, 1e-6);
    CHECK_NEAR(anchors[1695].cy, 7.5 / 12, 1e-6);
    /* Too small a buffer is refused. */
    CHECK(gt_ssd_anchors_generate(&o, anchors, 2015, &n) == GLINT_ERROR_LIMIT_EXCEEDED);
}

static void test_pose(void) {
    /* Pose detection's options (models.md 3.4): 28x28x2 + 14x14x2 + 7x7x6 = 2254. */
    gt_ssd_anchor_options o = gt_palm_anchor_options();
    o.input_width = o.input_height = 224;
    o.num_layers = 5;
    o.strides[0] = 8, o.strides[1] = 16, o.strides[2] = 32, o.strides[3] = 32, o.strides[4] = 32;
    CHECK(gt_ssd_anchor_count(&o) == 2254);
    int32_t n = 0;
    CHECK(gt_ssd_anchors_generate(&o, anchors, 4096, &n) == GLINT_SUCCESS && n == 2254);
    CHECK_NEAR(anchors[1568].cx, 0.5 / 14, 1e-7);
    CHECK_NEAR(anchors[1568 + 392].cx, 0.5 / 7, 1e-7);
    CHECK_NEAR(anchors[2253].cy, 6.5 / 7, 1e-6);
}

static void test_sizes(void) {
    /* Without fixed_anchor_size: scale of layer i = min + (max - min) * i / (n - 1), the extra
     * anchor sqrt(scale_i * scale_{i+1}) (1 after the last layer); aspect ratio 2 -> w = s*sqrt2. */
    gt_ssd_anchor_options o = {0};
    o.input_width = o.input_height = 64;
    o.num_layers = 2;
    o.min_scale = 0.2f;
    o.max_scale = 0.6f;
    o.anchor_offset_x = o.anchor_offset_y = 0.5f;
    o.strides[0] = 32, o.strides[1] = 64;
    o.num_aspect_ratios = 2;
    o.aspect_ratios[0] = 1.0f, o.aspect_ratios[1] = 2.0f;
    o.interpolated_scale_aspect_ratio = 1.0f;
    int32_t n = 0;
    CHECK(gt_ssd_anchors_generate(&o, anchors, 4096, &n) == GLINT_SUCCESS);
    CHECK(n == 2 * 2 * 3 + 1 * 3);
    CHECK_NEAR(anchors[0].w, 0.2, 1e-6);
    CHECK_NEAR(anchors[1].w, 0.2 * sqrt(2.0), 1e-6);
    CHECK_NEAR(anchors[1].h, 0.2 / sqrt(2.0), 1e-6);
    CHECK_NEAR(anchors[2].w, sqrt(0.2 * 0.6), 1e-6);
    CHECK_NEAR(anchors[12].w, 0.6, 1e-6);
    CHECK_NEAR(anchors[14].w, sqrt(0.6), 1e-6);
    CHECK_NEAR(anchors[12].cx, 0.5, 1e-7);
    /* Bad options. */
    o.strides[1] = 0;
    CHECK(gt_ssd_anchor_count(&o) == 0);
    CHECK(gt_ssd_anchors_generate(&o, anchors, 4096, &n) == GLINT_ERROR_INVALID_ARGUMENT);
}

int main(void) {
    test_palm();
    test_pose();
    test_sizes();
    return test_finish();
}
