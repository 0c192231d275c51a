/*
 * gt_hand_landmark: the hand landmark model on one rotated ROI, mapped back to the image.
 *
 * Input: the ROI (gi_roi, image pixels) is cropped with gi_prepare into a 224x224 [0,1]
 * tensor, so that the hand comes out upright: bilinear, and outside the image the nearest edge
 * pixel is repeated (GI_BORDER_REPLICATE), because MediaPipe's landmark graphs leave
 * ImageToTensorCalculator's border_mode unset, which means BORDER_REPLICATE (only the palm
 * detector's letterbox asks for BORDER_ZERO). It matters for hands near the frame edge.
 * Outputs (models.md 3.3), read by tensor name: Identity 21 x (x, y, z) in crop pixels,
 * Identity_1 presence (a probability), Identity_2 handedness (probability of label index 0),
 * Identity_3 21 x (x, y, z) world metres.
 *
 * Mapping back (MediaPipe's LandmarkProjection / WorldLandmarkProjection calculators):
 *   x, y  -> through the crop's tensor -> image affine map (rotation, scale, centre): image pixels.
 *   z     -> z_image = z_raw * side / (224 * 0.4) pixels: the model's z is on the crop's pixel
 *            scale divided by MediaPipe's normalize_z = 0.4, then scaled by the ROI like x. So
 *            z_image / image_width equals the normalised z that MediaPipe Tasks reports.
 *   world -> x, y rotated by the ROI rotation (R(rotation), the same turn as the crop), z as is;
 *            metres, origin near the hand's centre, image axes (x right, y down).
 *
 * Handedness (glint's convention, pinned by tests on the gcompris photos): p = Identity_2 is
 * the probability that the hand is the person's RIGHT hand when the image is not mirrored
 * (a rear / head-mounted camera). This is how tasks-vision 0.10.21 labels index 0 ("Right"),
 * and it gives the true side on photos of known hands. With a mirrored (selfie) image the
 * sides swap. The score is the probability of the reported side (>= 0.5).
 */
#ifndef GT_HAND_LANDMARK_H
#define GT_HAND_LANDMARK_H

#include <stdbool.h>
#include <stddef.h>

#include "glint/glint.h"
#include "image/gi_image.h"
#include "image/gi_prepare.h"
#include "tracker/gt_stage_models.h"
#include "util/gu_alloc.h"

#define GT_HAND_LANDMARK_INPUT_SIZE 224
#define GT_HAND_LANDMARK_NORMALIZE_Z 0.4

typedef struct gt_hand_measurement {
    gi_roi roi;                                  /* the crop the model saw */
    float presence;                              /* 0..1 */
    float handedness_raw;                        /* Identity_2 as is */
    glint_vec3 keypoints[GLINT_HAND_KEYPOINTS];  /* image pixels, z on the x pixel scale */
    glint_vec3 world[GLINT_HAND_KEYPOINTS];      /* metres */
} gt_hand_measurement;

typedef struct gt_hand_landmark {
    gt_stage_models models; /* one copy per backend the tracker may run it on */
    glint_model* model;     /* the copy the next run uses (gt_hand_landmark_use) */
    float* input;        /* the 224x224x3 tensor, allocated once */
    size_t input_bytes;
    int32_t out_landmarks, out_presence, out_handedness, out_world; /* output indices */
    gi_border border;    /* GI_BORDER_REPLICATE (set by init); tests set ZERO to match stored tensors */
} gt_hand_landmark;

/* Loads the model file and allocates the input tensor. */
glint_result gt_hand_landmark_init(gt_hand_landmark* hl, const char* path, gu_allocator* allocator,
                                   const glint_logger* logger, glint_error* out_error);
/* The same with the model loaded for *io_backends (gt_stage_models_load); runs go to the CPU copy
 * when there is one until gt_hand_landmark_use says otherwise. */
glint_result gt_hand_landmark_init_on(gt_hand_landmark* hl, const char* path, uint32_t* io_backends,
                                      gu_allocator* allocator, const glint_logger* logger, glint_error* out_error);
void gt_hand_landmark_free(gt_hand_landmark* hl, gu_allocator* allocator);
/* Where the next runs go (the copy there is when none was loaded for `backend`). */
void gt_hand_landmark_use(gt_hand_landmark* hl, glint_backend backend);

/* Crops roi out of image, runs the model and maps the outputs back (allocates nothing). */
glint_result gt_hand_landmark_run(gt_hand_landmark* hl, const gi_image* image, const gi_roi* roi,
                                  gt_hand_measurement* out, glint_error* out_error);

/* The mapping above on raw outputs: landmarks (63, crop pixels) and world (63) through the crop
 * map to_image (tensor -> image, as gi_prepare returns it) of a crop with the given roi. */
void gt_hand_landmarks_to_image(const float* raw_landmarks, const float* raw_world, const gi_roi* roi,
                                const gi_affine* to_image, glint_vec3 out_keypoints[GLINT_HAND_KEYPOINTS],
                                glint_vec3 out_world[GLINT_HAND_KEYPOINTS]);

/* glint's handedness convention (see above): side and its probability from the raw value. */
void gt_handedness_from_raw(float raw, bool mirrored, glint_handedness* out_side, float* out_score);

#endif /* GT_HAND_LANDMARK_H */
