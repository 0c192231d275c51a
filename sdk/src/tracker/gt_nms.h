/*
 * gt_nms: detections (box + keypoints + score) and MediaPipe's WEIGHTED non-max suppression.
 *
 * Weighted NMS (NonMaxSuppressionCalculator, algorithm WEIGHTED, overlap type IoU): take the
 * best remaining detection, gather every remaining detection whose IoU with it is above the
 * threshold (itself included), and output one detection whose box corners and keypoints are
 * the score-weighted average of that group, with the best one's score. Repeat on the rest.
 * Averaging instead of dropping is what makes palm boxes and keypoints steadier than plain NMS.
 *
 * Coordinates are whatever the caller uses (the palm pipeline runs NMS in normalised model
 * input coordinates, as MediaPipe does, before undoing the letterbox). Nothing allocates:
 * the caller provides an index scratch array.
 */
#ifndef GT_NMS_H
#define GT_NMS_H

#include <stdint.h>

#define GT_DETECTION_MAX_KEYPOINTS 8

typedef struct gt_detection {
    float xmin, ymin, xmax, ymax;
    float score;
    int32_t anchor;      /* index of the anchor it came from (of the best one after NMS) */
    int32_t num_keypoints;
    float kp[GT_DETECTION_MAX_KEYPOINTS][2]; /* x, y */
} gt_detection;

/* Intersection over union of two axis-aligned boxes; 0 when they do not overlap or a box is empty. */
float gt_box_iou(const gt_detection* a, const gt_detection* b);

/* Sorts idx[0..n) by descending score of dets[idx[i]] (ties: lower index first), in place,
 * without allocating (heap sort). */
void gt_sort_by_score(const gt_detection* dets, int32_t* idx, int32_t n);

/* Weighted NMS of dets[0..n). scratch: n ints. Writes at most max_out detections to out, best
 * first, and returns how many. iou_threshold: a detection joins the group when IoU > it. */
int32_t gt_nms_weighted(const gt_detection* dets, int32_t n, float iou_threshold, int32_t* scratch,
                        gt_detection* out, int32_t max_out);

#endif /* GT_NMS_H */
