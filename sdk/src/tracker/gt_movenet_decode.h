/*
 * gt_movenet_decode: MoveNet SinglePose's keypoint decode, in C, from the four head tensors.
 *
 * The TF.js graph ends in a small decode (argmax, gather, floor-div, casts) that glint cuts off
 * (glint_model_desc.output_names) and does here instead, exactly as the graph does it
 * (models.md 4.2), so that the result equals the model's own output:
 *
 *   1. centre = argmax over cells of sigmoid(center) * W[y][x], where W is a constant weight map
 *      that favours the middle of the input: W = 1 / (distance to (H/2, W/2) in cells + 1.8);
 *   2. regressed keypoint k = centre cell + (regress[2k], regress[2k+1]) at the centre cell (dy, dx);
 *   3. per keypoint, cell = argmax of sigmoid(heatmap_k) / (distance to the regressed point + 1.8);
 *   4. keypoint = (cell + (offset[2k], offset[2k+1]) at that cell) * (1/H, 1/W), score =
 *      sigmoid(heatmap_k) at that cell.
 *
 * Argmax ties go to the lowest flattened index (row-major), as in TF. The graph's constants are
 * stored as float16, and the constant-folded weight map was rounded from float32 to float16
 * with ties away from zero; gt_movenet_grid_init reproduces all of them bit for bit (the MoveNet
 * test checks against the model's own constants), so nothing is read from the model file.
 */
#ifndef GT_MOVENET_DECODE_H
#define GT_MOVENET_DECODE_H

#include <stdint.h>

#include "glint/glint_types.h"

#define GT_MOVENET_KEYPOINTS 17
#define GT_MOVENET_MAX_GRID 64 /* Thunder: 256 / 4 */

/* Head channels, NHWC, all [1, H, W, C] float32. */
#define GT_MOVENET_CENTER_CHANNELS 1
#define GT_MOVENET_HEATMAP_CHANNELS GT_MOVENET_KEYPOINTS
#define GT_MOVENET_REGRESS_CHANNELS (2 * GT_MOVENET_KEYPOINTS)
#define GT_MOVENET_OFFSET_CHANNELS (2 * GT_MOVENET_KEYPOINTS)

typedef struct gt_movenet_grid {
    int32_t height, width; /* head resolution: 48 (Lightning) or 64 (Thunder) */
    float scale_y, scale_x; /* cell units -> input-square units: 1/H and 1/W as float16 */
    float distance_offset;  /* 1.8 as float16 (1.7998046875): keeps the divisor away from 0 */
    float center_weight[GT_MOVENET_MAX_GRID * GT_MOVENET_MAX_GRID]; /* row-major H x W */
} gt_movenet_grid;

typedef struct gt_movenet_keypoint {
    float y, x;  /* normalised to the model's input square, [0,1] inside it */
    float score; /* sigmoid of the heatmap at the chosen cell */
} gt_movenet_keypoint;

typedef struct gt_movenet_pose {
    gt_movenet_keypoint keypoints[GT_MOVENET_KEYPOINTS]; /* COCO-17 order */
    int32_t center_row, center_col; /* the person-centre cell */
    int32_t cell_row[GT_MOVENET_KEYPOINTS], cell_col[GT_MOVENET_KEYPOINTS]; /* chosen cells */
} gt_movenet_pose;

/* Fills the constants for an height x width head grid (1..GT_MOVENET_MAX_GRID each). */
glint_result gt_movenet_grid_init(gt_movenet_grid* grid, int32_t height, int32_t width, glint_error* out_error);

/* Float32 -> float16 -> float32 with ties rounded away from zero (how the weight map and the
 * model's other float16 constants were rounded). Values outside float16's normal range are
 * returned unchanged. */
float gt_movenet_round_f16(float value);

/*
 * Decodes one pose. center: H*W, heatmap: H*W*17, regress and offset: H*W*34, all NHWC float32
 * logits / raw values as the heads output them (before any sigmoid). No allocation; about
 * H*W*17 sigmoids and square roots.
 */
void gt_movenet_decode(const gt_movenet_grid* grid, const float* center, const float* heatmap, const float* regress,
                       const float* offset, gt_movenet_pose* out_pose);

#endif /* GT_MOVENET_DECODE_H */
