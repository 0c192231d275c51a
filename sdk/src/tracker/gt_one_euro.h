/*
 * gt_one_euro: the One Euro filter (Casiez, Roussel, Vogel, CHI 2012) on scalars, 3-vectors
 * and keypoint sets, with nanosecond timestamps and variable frame intervals.
 *
 * Per sample, with Te the time since the previous sample in seconds:
 *   dx      = (x - x_prev_filtered) / Te            raw speed
 *   dx_hat  = lowpass(dx, alpha(d_cutoff))          smoothed speed
 *   fc      = min_cutoff + beta * |dx_hat|          cutoff grows with speed
 *   x_hat   = lowpass(x, alpha(fc))
 *   alpha(f) = 1 / (1 + tau / Te), tau = 1 / (2 pi f)
 * At rest the cutoff is min_cutoff (strong smoothing, no jitter); when the keypoint moves the
 * cutoff rises with its speed so the lag stays small. The vec3 form uses the length of the
 * speed vector for the cutoff (one cutoff for all three axes), so a diagonal motion is not
 * filtered differently from a horizontal one and the path keeps its direction.
 *
 * Timestamps: the first sample after a reset passes through unchanged. A sample whose
 * timestamp is not after the previous one (duplicate or clock going backwards) changes
 * nothing and returns the previous output: a filter cannot undo time, and dividing by a zero
 * or negative interval would blow up the speed estimate. Long gaps need no special case:
 * alpha tends to 1 as Te grows, so the filter follows the new value. A non-finite sample is
 * ignored the same way (one NaN from upstream would otherwise stick in the state forever).
 */
#ifndef GT_ONE_EURO_H
#define GT_ONE_EURO_H

#include <stdbool.h>
#include <stdint.h>

#include "glint/glint.h"

typedef struct gt_one_euro_params {
    float min_cutoff; /* Hz: cutoff at rest */
    float beta;       /* Hz per (unit/s): how fast the cutoff rises with speed */
    float d_cutoff;   /* Hz: cutoff of the speed estimate */
} gt_one_euro_params;

/*
 * Defaults for image keypoints in pixels from a ~30 fps camera (the glint_tracker_desc
 * filter defaults):
 *   min_cutoff 1.0 Hz: Casiez's recommended starting point. At 30 fps (Te = 33 ms) it gives
 *     alpha = 0.17, which cuts the variance of frame-to-frame landmark noise on a still hand
 *     about 10x (std about 3x: a typical 1-3 px landmark jitter drops below 1 px) while a
 *     slow drift lags by tau = 0.16 s, which a still hand does not notice.
 *   beta 0.02 Hz per px/s: a hand crossing a 640 px frame in one second (~500 px/s) raises the
 *     cutoff to ~11 Hz (alpha 0.7 at 30 fps, lag ~15 ms), so fast motion is followed almost
 *     unfiltered; a slow 50 px/s motion gets 2 Hz, i.e. smoothing with ~4 px of lag. Speeds
 *     are in pixels, so for much larger or smaller frames scale beta by 640 / width.
 *   d_cutoff 1.0 Hz: the paper's recommended value; the speed estimate must itself be
 *     smooth or the jitter of the raw difference (~60 px/s for 2 px noise at 30 fps) would
 *     modulate the cutoff.
 */
#define GT_ONE_EURO_PIXEL_MIN_CUTOFF 1.0f
#define GT_ONE_EURO_PIXEL_BETA 0.02f
#define GT_ONE_EURO_PIXEL_D_CUTOFF 1.0f

/*
 * Defaults for metric world keypoints (metres, hand-centred). The same reasoning in metres:
 * world points move only with the hand's articulation and rotation, at ~0.1-1 m/s; beta 20
 * raises the cutoff to ~11 Hz at 0.5 m/s, while a still hand keeps 1 Hz against the model's
 * few-millimetre jitter.
 */
#define GT_ONE_EURO_WORLD_MIN_CUTOFF 1.0f
#define GT_ONE_EURO_WORLD_BETA 20.0f
#define GT_ONE_EURO_WORLD_D_CUTOFF 1.0f

/* The pixel defaults; gt_one_euro_params_world() the metric ones. */
gt_one_euro_params gt_one_euro_params_pixels(void);
gt_one_euro_params gt_one_euro_params_world(void);
/* p with every field <= 0 (or not finite) replaced by the one in defaults: a zero-initialised
 * glint_filter_desc field means "default". */
gt_one_euro_params gt_one_euro_params_or(gt_one_euro_params p, gt_one_euro_params defaults);

/* One scalar channel. Zero-initialised = reset. */
typedef struct gt_one_euro {
    bool initialized;
    int64_t t_prev_ns;
    float x_prev; /* previous output */
    float dx_prev; /* previous smoothed speed, units/s */
} gt_one_euro;

void gt_one_euro_reset(gt_one_euro* f);
float gt_one_euro_filter(gt_one_euro* f, const gt_one_euro_params* p, float x, int64_t t_ns);

/* One 3-vector channel (cutoff from the speed vector's length). Zero-initialised = reset. */
typedef struct gt_one_euro3 {
    bool initialized;
    int64_t t_prev_ns;
    glint_vec3 x_prev;
    glint_vec3 dx_prev;
} gt_one_euro3;

void gt_one_euro3_reset(gt_one_euro3* f);
glint_vec3 gt_one_euro3_filter(gt_one_euro3* f, const gt_one_euro_params* p, glint_vec3 x, int64_t t_ns);

/* A set of n points filtered independently (n up to GLINT_HAND_KEYPOINTS; e.g. a hand's 21
 * keypoints or the body's 17). in and out may be the same array. Zero-initialised = reset. */
typedef struct gt_one_euro_points {
    gt_one_euro3 point[GLINT_HAND_KEYPOINTS];
} gt_one_euro_points;

void gt_one_euro_points_reset(gt_one_euro_points* f);
void gt_one_euro_points_filter(gt_one_euro_points* f, const gt_one_euro_params* p, const glint_vec3* in, int32_t n,
                               int64_t t_ns, glint_vec3* out);

#endif /* GT_ONE_EURO_H */
