/*
 * gt_roi: the hand pipeline's region-of-interest math (models.md 3.2, 3.3, 3.6), in image pixels.
 *
 * MediaPipe does this in normalised image coordinates (NormalizedRect); with the square_long
 * option every formula is the same in pixels, and pixels avoid the aspect-ratio bookkeeping.
 * Rotation follows gi_roi (gi_affine.h): image = centre + R(rotation) * crop offset, y down,
 * and a positive rotation makes content that points along +x come out pointing up.
 *
 *   palm detection -> ROI: rotation from keypoint 0 (wrist) to 2 (middle MCP), target 90 deg;
 *                          box centre, box size; scale 2.6, shift_y -0.5, square_long.
 *   landmarks -> ROI:      rotation from the wrist to mean(mean(5, 13), 9); extent of the 12
 *                          landmarks 0,1,2,3,5,6,9,10,13,14,17,18 in the rotated frame;
 *                          scale 2.0, shift_y -0.1, square_long (HandLandmarksToRectCalculator).
 */
#ifndef GT_ROI_H
#define GT_ROI_H

#include <stdbool.h>
#include <stdint.h>

#include "glint/glint.h"
#include "gt_nms.h"
#include "image/gi_affine.h"

#define GT_PALM_ROI_SCALE 2.6
#define GT_PALM_ROI_SHIFT_Y (-0.5)
#define GT_TRACK_ROI_SCALE 2.0
#define GT_TRACK_ROI_SHIFT_Y (-0.1)

/* A rotated rectangle in image pixels (NormalizedRect times the image size). */
typedef struct gt_rect {
    double cx, cy, w, h;
    double rotation; /* radians */
} gt_rect;

typedef struct gt_rect_transform {
    double scale_x, scale_y;
    double shift_x, shift_y; /* in units of the rect's width / height, in its rotated frame */
    bool square_long;
} gt_rect_transform;

/* Wraps an angle into [-pi, pi) (MediaPipe's NormalizeRadians). */
double gt_normalize_radians(double angle);

/* normalize(target - atan2(-(y1 - y0), x1 - x0)): the rotation that turns the direction from
 * point 0 to point 1 into `target` (pi/2 = up) in the crop. */
double gt_rotation_from_points(double x0, double y0, double x1, double y1, double target);

/* RectTransformationCalculator: shift in the rect's rotated frame, then square_long, then scale. */
gt_rect gt_rect_apply_transform(const gt_rect* rect, const gt_rect_transform* t);

/* A square rect as the crop description gi_prepare takes (side = the larger of w, h). */
gi_roi gt_rect_to_roi(const gt_rect* rect);

/* Palm detection (box and keypoints in image pixels) -> the landmark model's ROI. */
gi_roi gt_roi_from_palm(const gt_detection* det);

/* The 21 hand landmarks (image pixels; z ignored) -> the next frame's ROI. */
gi_roi gt_roi_from_hand_landmarks(const glint_vec3 landmarks[GLINT_HAND_KEYPOINTS]);

/* Axis-aligned bounds of a rotated square ROI. */
void gt_roi_bounds(const gi_roi* roi, double* out_x0, double* out_y0, double* out_x1, double* out_y1);

/* IoU of the axis-aligned bounds of two ROIs: the overlap test used to de-duplicate hands.
 * (MediaPipe's association compares the rects without their rotation; bounds of the rotated
 * squares are as cheap and never miss an overlap that the rotated squares have.) */
double gt_roi_iou(const gi_roi* a, const gi_roi* b);

#endif /* GT_ROI_H */
