/*
 * gt_anchors: SSD anchor boxes generated from MediaPipe's SsdAnchorsCalculator options.
 *
 * A detector such as palm detection predicts one box per anchor; the anchor table is not in
 * the model file, it is derived from a handful of options in the graph config. Generating it
 * here (rather than shipping a table) keeps the numbers checkable against models.md 3.2/3.4.
 *
 * Layout (what the calculator does and what the palm model's output concatenation confirms):
 * consecutive layers with the same stride are merged into one feature map; for each merged
 * layer, every cell (row-major: y, then x) gets one anchor per (aspect ratio, layer) plus one
 * interpolated-scale anchor per layer. Anchor centres are ((x + offset_x) / fw, (y + offset_y) / fh)
 * in [0,1] of the model input; with fixed_anchor_size every anchor has w = h = 1.
 */
#ifndef GT_ANCHORS_H
#define GT_ANCHORS_H

#include <stdbool.h>
#include <stdint.h>

#include "glint/glint_types.h"

#define GT_ANCHORS_MAX_LAYERS 8
#define GT_ANCHORS_MAX_RATIOS 4

typedef struct gt_anchor {
    float cx, cy; /* centre, normalised to the model input */
    float w, h;   /* 1 with fixed_anchor_size */
} gt_anchor;

typedef struct gt_ssd_anchor_options {
    int32_t input_width, input_height;
    int32_t num_layers;
    float min_scale, max_scale;
    float anchor_offset_x, anchor_offset_y;
    int32_t strides[GT_ANCHORS_MAX_LAYERS];
    int32_t num_aspect_ratios;
    float aspect_ratios[GT_ANCHORS_MAX_RATIOS];
    float interpolated_scale_aspect_ratio; /* > 0: one extra anchor per layer (proto default 1.0) */
    bool fixed_anchor_size;
} gt_ssd_anchor_options;

/* palm_detection_{lite,full}: 192x192, strides 8,16,16,16 -> 2016 anchors (models.md 3.2). */
gt_ssd_anchor_options gt_palm_anchor_options(void);

/* Number of anchors the options give (0 when they are invalid). */
int32_t gt_ssd_anchor_count(const gt_ssd_anchor_options* options);

/* Writes the anchors in the detector's output order into out (capacity entries) and the count
 * into *out_count. GLINT_ERROR_INVALID_ARGUMENT for bad options, GLINT_ERROR_LIMIT_EXCEEDED
 * when capacity is too small. */
glint_result gt_ssd_anchors_generate(const gt_ssd_anchor_options* options, gt_anchor* out, int32_t capacity,
                                     int32_t* out_count);

#endif /* GT_ANCHORS_H */
