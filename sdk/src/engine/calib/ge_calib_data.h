/*
 * ge_calib_data: calibration inputs from real images through the real pre-processing
 * (gi_prepare_tensor), with augmentations.
 *
 * An augmentation perturbs the crop the model would see, the way a tracked camera does:
 * rotation about the crop centre, scale (zoom in/out), shift, and brightness / contrast of the
 * pixels. For a rotated ROI crop (hand landmarks) it changes the ROI; for any other crop
 * (letterbox) it composes a similarity about the image centre with the crop's tensor -> image
 * map. Brightness and contrast act on the pixel values before normalisation:
 * p' = clamp((p - 128) * contrast + 128) * brightness, clamped to [0, 255], then mapped back to
 * the tensor's range (f32 ranges stay continuous, i32 inputs are rounded).
 */
#ifndef GE_CALIB_DATA_H
#define GE_CALIB_DATA_H

#include <stdint.h>

#include "image/gi_prepare.h"

typedef struct ge_augment {
    double rotation;      /* radians, about the crop centre */
    double scale;         /* > 1 zooms out (a larger region) */
    double shift_x, shift_y; /* in units of the crop side (ROI) or image size (others) */
    float brightness;     /* pixel multiplier */
    float contrast;       /* around mid-grey */
} ge_augment;

typedef struct ge_augment_limits {
    double max_rotation;  /* radians, uniform in [-max, max] */
    double min_scale, max_scale;
    double max_shift;
    float min_brightness, max_brightness;
    float min_contrast, max_contrast;
} ge_augment_limits;

/* No change. */
ge_augment ge_augment_identity(void);
/* Defaults for hand crops and for whole-frame letterboxes (measured to stay within what the
 * tracker produces: rotation +-30 deg, scale 0.85..1.2, shift 5 %, brightness 0.6..1.4). */
ge_augment_limits ge_augment_limits_default(void);
/* A random augmentation within limits from a xorshift state (deterministic for a seed). */
ge_augment ge_augment_draw(uint64_t* state, const ge_augment_limits* limits);

/* One model input: desc's crop of image, perturbed by aug, into out (gi_prep_tensor_bytes(desc)). */
glint_result ge_calib_prepare(const gi_image* image, const gi_prep_desc* desc, const ge_augment* aug, void* out,
                              size_t out_bytes, glint_error* out_error);

#endif /* GE_CALIB_DATA_H */
