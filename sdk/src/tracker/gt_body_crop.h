/*
 * gt_body_crop: where MoveNet looks next, from the keypoints it found last (the crop-region
 * tracking of TF.js MoveNet, tensorflow/tfjs-models pose-detection, movenet/crop_utils.ts and
 * detector.ts, re-implemented from its description):
 *
 *  - The torso is visible when a hip and a shoulder score above the threshold (0.2,
 *    MIN_CROP_KEYPOINT_SCORE). Otherwise: the full image, letterboxed (padded to a square).
 *  - Centre: the middle of the two hips. Torso range: the largest |dy| and |dx| of the four
 *    torso joints from the centre; body range: the same over every keypoint scoring at least
 *    the threshold. Half side = max(1.9 x torso ranges, 1.2 x body ranges), capped at the
 *    largest distance from the centre to an image border; a square of that half side around
 *    the centre. A crop larger than the image (half side > max(W, H) / 2) is the full image.
 *  - Each of the four crop edges is smoothed over frames by a low-pass filter,
 *    edge += alpha * (new - edge), alpha 0.9 (CROP_FILTER_ALPHA); the first value passes as is.
 *
 * Differences from TF.js, on purpose: the very first frame (and a frame after the person was
 * lost) uses the full letterboxed image, not TF.js's centre square guess, so a person off-centre
 * in a wide frame is not cut off; crops come from the raw keypoints (TF.js smooths them first;
 * glint smooths the reported keypoints later, in the tracker); and a crop is never smaller than
 * GT_BODY_CROP_MIN_FRACTION of the image's longer side (TF.js would crop to a point when all
 * keypoints coincide).
 *
 * Crops are squares in image pixels (continuous coordinates, gi_affine.h) and may extend past
 * the image borders; the model then sees black there, as with TF.js's cropAndResize.
 */
#ifndef GT_BODY_CROP_H
#define GT_BODY_CROP_H

#include <stdbool.h>
#include <stdint.h>

#include "glint/glint.h"
#include "image/gi_affine.h"

#define GT_BODY_MIN_CROP_KEYPOINT_SCORE 0.2f
#define GT_BODY_CROP_FILTER_ALPHA 0.9
#define GT_BODY_CROP_MIN_FRACTION (1.0 / 16.0)

typedef struct gt_body_crop {
    double x_min, y_min, x_max, y_max; /* image pixels */
} gt_body_crop;

/* The whole image padded to a square around its centre (the letterbox). */
gt_body_crop gt_body_crop_full(int32_t image_w, int32_t image_h);

/*
 * The crop for the next frame from this frame's keypoints (image pixels, z = score, COCO order).
 * Sets *out_tracked (optional) to whether the crop follows the body (false: full image).
 */
gt_body_crop gt_body_crop_next(const glint_vec3 keypoints[GLINT_BODY_KEYPOINTS], int32_t image_w, int32_t image_h,
                               float min_score, bool* out_tracked);

/* The tensor -> image map that samples the crop into a size x size model input. */
gi_affine gt_body_crop_to_affine(const gt_body_crop* crop, int32_t size);

/* Per-edge low-pass filter of crops over frames. Zero-initialised = reset. */
typedef struct gt_body_crop_filter {
    bool initialized;
    gt_body_crop value;
} gt_body_crop_filter;

gt_body_crop gt_body_crop_filter_apply(gt_body_crop_filter* filter, const gt_body_crop* crop, double alpha);

#endif /* GT_BODY_CROP_H */
