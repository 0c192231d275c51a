/*
 * gt_palm_decode: raw SSD outputs of the palm detector -> scored detections (models.md 3.2).
 *
 * MediaPipe's TensorsToDetectionsCalculator with the palm options: per anchor 18 regressors in
 * x-first order (reverse_output_order), scaled by 1/192 and offset by the anchor centre (the
 * anchors have w = h = 1, but the anchor size is applied anyway so other SSD heads can reuse
 * this): box centre, box size, then 7 keypoints. Score = sigmoid(clamp(logit, -100, 100)),
 * kept when >= min_score. Results are in normalised model-input coordinates ([0,1] of the
 * 192x192 letterboxed tensor).
 */
#ifndef GT_PALM_DECODE_H
#define GT_PALM_DECODE_H

#include <stdint.h>

#include "gt_anchors.h"
#include "gt_nms.h"

#define GT_PALM_INPUT_SIZE 192
#define GT_PALM_NUM_ANCHORS 2016
#define GT_PALM_NUM_COORDS 18
#define GT_PALM_NUM_KEYPOINTS 7
#define GT_PALM_SCORE_CLIP 100.0f
#define GT_PALM_NMS_IOU 0.3f

/* Palm keypoints (models.md 3.2). */
enum {
    GT_PALM_KP_WRIST = 0,
    GT_PALM_KP_INDEX_MCP = 1,
    GT_PALM_KP_MIDDLE_MCP = 2,
    GT_PALM_KP_RING_MCP = 3,
    GT_PALM_KP_LITTLE_MCP = 4,
    GT_PALM_KP_THUMB_BASE_A = 5,
    GT_PALM_KP_THUMB_BASE_B = 6,
};

typedef struct gt_ssd_decode_options {
    int32_t num_coords;     /* values per anchor (18) */
    int32_t num_keypoints;  /* 7 */
    float x_scale, y_scale, w_scale, h_scale; /* 192 */
    float score_clip;       /* logits clamped to [-clip, clip] before the sigmoid; 0 = no clamp */
    float min_score;        /* keep score >= this */
} gt_ssd_decode_options;

gt_ssd_decode_options gt_palm_decode_options(float min_score);

/* sigmoid(clamp(logit)) as the calculator computes it. */
float gt_ssd_score(float logit, float clip);

/* Decodes num_anchors rows of raw (num_coords floats each) and logits (one each) against the
 * anchors; writes the kept detections (anchor order) to out (capacity entries) and returns how
 * many. */
int32_t gt_ssd_decode(const float* raw, const float* logits, const gt_anchor* anchors, int32_t num_anchors,
                      const gt_ssd_decode_options* options, gt_detection* out, int32_t capacity);

#endif /* GT_PALM_DECODE_H */
