/*
 * MoveNet head decode (see gt_movenet_decode.h). Every step is written as the graph's op
 * sequence in float32 (one rounding per op, no fused multiply-add: the build is ISO C), so the
 * chosen cells and the values equal what the engine computes for the full graph.
 */
#include "tracker/gt_movenet_decode.h"

#include <math.h>
#include <string.h>

#include "util/gu_error.h"

float gt_movenet_round_f16(float value) {
    uint32_t u;
    memcpy(&u, &value, 4);
    uint32_t sign = u & 0x80000000u, mag = u & 0x7fffffffu;
    int32_t exponent = (int32_t)(mag >> 23) - 127;
    if (exponent < -14 || exponent > 15) return value; /* subnormal, overflow, inf, NaN: not needed */
    /* float16 keeps the top 10 of float32's 23 fraction bits: add half of the dropped range,
     * then truncate (ties go up in magnitude; a carry correctly bumps the exponent). */
    mag = (mag + 0x1000u) & ~0x1fffu;
    u = sign | mag;
    memcpy(&value, &u, 4);
    return value;
}

glint_result gt_movenet_grid_init(gt_movenet_grid* grid, int32_t height, int32_t width, glint_error* out_error) {
    if (!grid || height < 1 || width < 1 || height > GT_MOVENET_MAX_GRID || width > GT_MOVENET_MAX_GRID)
        return gu_errorf(out_error, GLINT_ERROR_INVALID_ARGUMENT, "movenet: head grid %dx%d (expected 1..%d)",
                         (int)height, (int)width, GT_MOVENET_MAX_GRID);
    memset(grid, 0, sizeof(*grid));
    grid->height = height;
    grid->width = width;
    grid->scale_y = gt_movenet_round_f16((float)(1.0 / height));
    grid->scale_x = gt_movenet_round_f16((float)(1.0 / width));
    grid->distance_offset = gt_movenet_round_f16(1.8f);
    /* The weight map was folded at conversion time from the exact formula (distance to the grid
     * centre (H/2, W/2), + 1.8, reciprocal), rounded to float32, then stored as float16. */
    for (int32_t y = 0; y < height; y++) {
        for (int32_t x = 0; x < width; x++) {
            double dy = y - height * 0.5, dx = x - width * 0.5;
            float w = (float)(1.0 / (sqrt(dy * dy + dx * dx) + 1.8));
            grid->center_weight[y * width + x] = gt_movenet_round_f16(w);
        }
    }
    return GLINT_SUCCESS;
}

static float sigmoid(float v) { return 1.0f / (1.0f + expf(-v)); }

void gt_movenet_decode(const gt_movenet_grid* grid, const float* center, const float* heatmap, const float* regress,
                       const float* offset, gt_movenet_pose* out_pose) {
    const int32_t h = grid->height, w = grid->width, cells = h * w;
    enum { K = GT_MOVENET_KEYPOINTS };

    /* 1. Person centre: the most central confident cell. */
    int32_t best = 0;
    float best_v = -INFINITY;
    for (int32_t i = 0; i < cells; i++) {
        float v = sigmoid(center[i]) * grid->center_weight[i];
        if (v > best_v) {
            best_v = v;
            best = i;
        }
    }
    const int32_t crow = best / w, ccol = best - crow * w;
    out_pose->center_row = crow;
    out_pose->center_col = ccol;

    /* 2. Where the centre says each keypoint is (cell units). */
    float reg_y[K], reg_x[K];
    const float* r = regress + (size_t)best * GT_MOVENET_REGRESS_CHANNELS;
    for (int32_t k = 0; k < K; k++) {
        reg_y[k] = (float)crow + r[2 * k];
        reg_x[k] = (float)ccol + r[2 * k + 1];
    }

    /* 3. Per keypoint, the heatmap peak nearest to that guess: sigmoid / (distance + 1.8). */
    int32_t kbest[K];
    float kbest_v[K];
    for (int32_t k = 0; k < K; k++) {
        kbest[k] = 0;
        kbest_v[k] = -INFINITY;
    }
    for (int32_t y = 0; y < h; y++) {
        for (int32_t x = 0; x < w; x++) {
            const int32_t i = y * w + x;
            const float* hm = heatmap + (size_t)i * GT_MOVENET_HEATMAP_CHANNELS;
            for (int32_t k = 0; k < K; k++) {
                float dy = (float)y - reg_y[k], dx = (float)x - reg_x[k];
                float sq_y = dy * dy, sq_x = dx * dx;
                float dist = sqrtf(sq_y + sq_x);
                float v = sigmoid(hm[k]) / (dist + grid->distance_offset);
                if (v > kbest_v[k]) {
                    kbest_v[k] = v;
                    kbest[k] = i;
                }
            }
        }
    }

    /* 4. Sub-cell offset at the chosen cell, scale to the input square, score. */
    for (int32_t k = 0; k < K; k++) {
        const int32_t i = kbest[k];
        const int32_t row = i / w, col = i - row * w;
        const float* o = offset + (size_t)i * GT_MOVENET_OFFSET_CHANNELS;
        gt_movenet_keypoint* kp = &out_pose->keypoints[k];
        kp->y = ((float)row + o[2 * k]) * grid->scale_y;
        kp->x = ((float)col + o[2 * k + 1]) * grid->scale_x;
        kp->score = sigmoid(heatmap[(size_t)i * GT_MOVENET_HEATMAP_CHANNELS + k]);
        out_pose->cell_row[k] = row;
        out_pose->cell_col[k] = col;
    }
}
