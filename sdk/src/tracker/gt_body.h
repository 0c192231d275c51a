/*
 * gt_body: the body pipeline. MoveNet SinglePose (Lightning by default, Thunder by option) on a
 * crop that follows the person from frame to frame, as TF.js MoveNet does it (gt_body_crop.h),
 * with the four heads decoded in C (gt_movenet_decode.h).
 *
 * Per frame that runs: crop (full letterboxed image at first and whenever the torso was not
 * seen) -> int32 0..255 input (gi_prepare, black outside the image) -> heads -> decode ->
 * keypoints mapped back to image pixels -> the next frame's crop from these keypoints.
 * Pose score = mean of the keypoint scores above 0.2 (as TF.js); valid = at least one such
 * keypoint. When no keypoint passes, the crop goes back to the full image.
 *
 * Everything is allocated in gt_body_create; gt_body_step allocates nothing. One thread at a
 * time per gt_body.
 */
#ifndef GT_BODY_H
#define GT_BODY_H

#include <stdbool.h>
#include <stdint.h>

#include "glint/glint.h"
#include "image/gi_image.h"
#include "tracker/gt_body_crop.h"
#include "util/gu_alloc.h"

typedef struct gt_body_desc {
    const char* model_dir;         /* movenet-lightning.json / movenet-thunder.json (+ .bin) in
                                      <dir>/tfjs/ or <dir>/; NULL = "models" */
    const char* model_path;        /* optional: this model.json, overriding model_dir and variant */
    glint_model_variant variant;   /* DEFAULT, LITE: Lightning (192); FULL: Thunder (256) */
    float min_crop_keypoint_score; /* 0 = 0.2 (TF.js MIN_CROP_KEYPOINT_SCORE) */
    float crop_filter_alpha;       /* 0 = 0.9 (TF.js CROP_FILTER_ALPHA); 1 = no smoothing */
    bool full_image_only;          /* no crop tracking: every frame on the whole letterboxed image */
    uint32_t backends;             /* where the model may run (gt_stage_models.h); 0 = CPU */
    glint_logger logger;
} gt_body_desc;

typedef struct gt_body gt_body;

/* allocator must outlive the gt_body (the tracker's own). */
glint_result gt_body_create(const gt_body_desc* desc, gu_allocator* allocator, gt_body** out_body,
                            glint_error* out_error);
void gt_body_destroy(gt_body* body);

/* Forgets the person: the next run looks at the whole image again. */
void gt_body_reset(gt_body* body);

/*
 * One frame. run = true: runs the model on image and reports the measured body (image pixels,
 * z = score). run = false: nothing is computed and out gets the last result unchanged (the
 * caller marks it predicted / extrapolates it). A size change of the image resets the crop.
 */
glint_result gt_body_step(gt_body* body, const gi_image* image, int64_t t_ns, bool run, glint_body* out,
                          glint_error* out_error);

/* Backends: where the next runs go (the copy there is when none was loaded for `backend`),
 * where the model can run now (bits, gt_stage_models_usable), where its last run went. */
void gt_body_use_backend(gt_body* body, glint_backend backend);
uint32_t gt_body_usable(const gt_body* body);
glint_backend gt_body_ran_on(const gt_body* body);

/* The model input side (192 or 256). */
int32_t gt_body_input_size(const gt_body* body);

/* The crop the last run used (image pixels) and whether it came from tracking (false: full image). */
void gt_body_last_crop(const gt_body* body, gt_body_crop* out_crop, bool* out_tracked);

#endif /* GT_BODY_H */
