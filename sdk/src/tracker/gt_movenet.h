/*
 * gt_movenet: one MoveNet SinglePose model (Lightning 192 or Thunder 256, TF.js graph models,
 * models.md 4.2) run up to its four heads, decoded in C (gt_movenet_decode).
 *
 * The model is loaded with the four head tensors as its outputs (glint_model_desc.output_names),
 * which drops the graph's own decode: what runs is the conv net alone. The input is the
 * model's int32 RGB 0..255 square, sampled from the image by any crop (gi_prepare). The input
 * buffer is allocated once, in init; a run allocates nothing.
 */
#ifndef GT_MOVENET_H
#define GT_MOVENET_H

#include <stddef.h>

#include "glint/glint.h"
#include "image/gi_affine.h"
#include "image/gi_image.h"
#include "image/gi_prepare.h"
#include "tracker/gt_movenet_decode.h"
#include "tracker/gt_stage_models.h"
#include "util/gu_alloc.h"

/* The head tensors in the TF.js graphs (the same names in Lightning and Thunder): the outputs
 * of the last 1x1 conv of each head, before the graph's sigmoids. */
#define GT_MOVENET_HEAD_CENTER "StatefulPartitionedCall/center_0/conv2d_4/BiasAdd"
#define GT_MOVENET_HEAD_HEATMAP "StatefulPartitionedCall/kpt_heatmap_0/conv2d_5/BiasAdd"
#define GT_MOVENET_HEAD_REGRESS "StatefulPartitionedCall/kpt_regress_0/conv2d_6/BiasAdd"
#define GT_MOVENET_HEAD_OFFSET "StatefulPartitionedCall/kpt_offset_0/conv2d_7/BiasAdd"

typedef struct gt_movenet {
    gt_stage_models models; /* one copy per backend the tracker may run it on */
    glint_model* model;     /* the copy the next run uses (gt_movenet_use) */
    int32_t size;     /* input side: 192 or 256 */
    int32_t* input;   /* size x size x 3 */
    size_t input_bytes;
    gt_movenet_grid grid; /* size / 4 cells a side */
} gt_movenet;

/* Loads path (a MoveNet model.json) with the heads as outputs and checks its shapes. */
glint_result gt_movenet_init(gt_movenet* mn, const char* path, gu_allocator* allocator, const glint_logger* logger,
                             glint_error* out_error);
/* The same with the model loaded for *io_backends (gt_stage_models_load); runs go to the CPU copy
 * when there is one until gt_movenet_use says otherwise. */
glint_result gt_movenet_init_on(gt_movenet* mn, const char* path, uint32_t* io_backends, gu_allocator* allocator,
                                const glint_logger* logger, glint_error* out_error);
void gt_movenet_free(gt_movenet* mn, gu_allocator* allocator);
/* Where the next runs go (the copy there is when none was loaded for `backend`). */
void gt_movenet_use(gt_movenet* mn, glint_backend backend);

/* Runs on the model input already in mn->input and decodes (normalised input-square coordinates). */
glint_result gt_movenet_run_input(gt_movenet* mn, gt_movenet_pose* out_pose, glint_error* out_error);

/*
 * Samples image through to_image (tensor pixels -> image pixels) into the input, runs and
 * decodes. out_image (optional) gets the keypoints in image pixels, z = score.
 */
glint_result gt_movenet_run(gt_movenet* mn, const gi_image* image, const gi_affine* to_image, gt_movenet_pose* out_pose,
                            glint_vec3 out_image[GT_MOVENET_KEYPOINTS], glint_error* out_error);

/* Keypoints of a decoded pose in image pixels (z = score), through the crop's tensor -> image map. */
void gt_movenet_to_image(const gt_movenet_pose* pose, int32_t size, const gi_affine* to_image,
                         glint_vec3 out_image[GT_MOVENET_KEYPOINTS]);

#endif /* GT_MOVENET_H */
