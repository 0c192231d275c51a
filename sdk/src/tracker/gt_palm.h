/*
 * gt_palm: the palm detector on a whole frame (models.md 3.2).
 *
 * letterbox to 192x192 [0,1] (gi_prepare) -> model -> decode against the 2016 SSD anchors
 * (gt_palm_decode) -> weighted NMS in normalised tensor coordinates (gt_nms) -> boxes and
 * keypoints mapped back to image pixels through the letterbox's tensor -> image map. The
 * anchors, the input tensor and every scratch array are allocated once, in init.
 */
#ifndef GT_PALM_H
#define GT_PALM_H

#include <stddef.h>

#include "glint/glint.h"
#include "gt_anchors.h"
#include "gt_nms.h"
#include "gt_stage_models.h"
#include "image/gi_affine.h"
#include "image/gi_image.h"
#include "util/gu_alloc.h"

typedef struct gt_palm_detector {
    gt_stage_models models; /* one copy per backend the tracker may run it on */
    glint_model* model;     /* the copy the next run uses (gt_palm_use) */
    float* input;          /* 192x192x3 */
    size_t input_bytes;
    int32_t out_boxes, out_scores; /* output indices (Identity 2016x18, Identity_1 2016x1) */
    gt_anchor* anchors;    /* GT_PALM_NUM_ANCHORS */
    gt_detection* decoded; /* GT_PALM_NUM_ANCHORS */
    int32_t* scratch;      /* GT_PALM_NUM_ANCHORS */
    int32_t num_decoded;   /* above the threshold, before NMS (last run) */
} gt_palm_detector;

glint_result gt_palm_init(gt_palm_detector* pd, const char* path, gu_allocator* allocator, const glint_logger* logger,
                          glint_error* out_error);
/* The same with the model loaded for *io_backends (gt_stage_models_load); runs go to the CPU copy
 * when there is one until gt_palm_use says otherwise. */
glint_result gt_palm_init_on(gt_palm_detector* pd, const char* path, uint32_t* io_backends, gu_allocator* allocator,
                             const glint_logger* logger, glint_error* out_error);
/* Where the next runs go (the copy there is when none was loaded for `backend`). */
void gt_palm_use(gt_palm_detector* pd, glint_backend backend);
void gt_palm_free(gt_palm_detector* pd, gu_allocator* allocator);

/* Detects palms in image: at most max_out detections with score >= min_score, best first, box
 * and keypoints in image pixels. *out_count = how many. Allocates nothing. */
glint_result gt_palm_detect(gt_palm_detector* pd, const gi_image* image, float min_score, gt_detection* out,
                            int32_t max_out, int32_t* out_count, glint_error* out_error);

/* The post-processing alone, on raw outputs of a 192 letterbox of an image_w x image_h image
 * (for tests on stored tensors): decode, NMS, un-letterbox. scratch_dets and scratch_idx hold
 * GT_PALM_NUM_ANCHORS entries. *out_num_decoded (may be NULL): detections above min_score
 * before NMS. Returns how many detections were written to out. */
int32_t gt_palm_postprocess(const float* raw_boxes, const float* raw_scores, const gt_anchor* anchors,
                            float min_score, const gi_affine* to_image, gt_detection* scratch_dets,
                            int32_t* scratch_idx, gt_detection* out, int32_t max_out, int32_t* out_num_decoded);

#endif /* GT_PALM_H */
