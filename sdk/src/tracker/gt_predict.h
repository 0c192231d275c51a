/*
 * gt_predict: a keypoint set (a hand's 21 points, the body's 17) at a requested time, from a
 * short timestamped history of filtered samples (a ring buffer, no allocation).
 *
 * What a request at time t gets (gt_predict_kind says which case it was):
 *   t == a stored sample's time        that sample (EXACT)
 *   oldest < t < newest                linear interpolation between the two samples around t
 *                                      (INTERPOLATED)
 *   t > newest                         damped constant-velocity extrapolation (EXTRAPOLATED):
 *        h = min(t - newest, max_horizon)
 *        p = newest + v * h                                        for h <= linear_horizon
 *        p = newest + v * (linear_horizon + tau * (1 - e^-((h - linear_horizon) / tau)))
 *                                                                  beyond
 *      v is the least-squares slope over the samples of the last velocity_window (at most the
 *      whole history): exact for exact linear motion, and averaging a few frames halves the
 *      noise of a two-point difference. Up to linear_horizon (50 ms, about the camera-to-
 *      display latency of a 30 fps pipeline) the model is pure constant velocity, so linear
 *      motion is predicted exactly. Beyond it the velocity decays with time constant tau: a
 *      hand does not keep its speed for long (it stops, turns), and the error of a constant-
 *      velocity guess grows with the square of the horizon. Past max_horizon (100 ms) the
 *      prediction holds still: a request that far ahead means the tracker is behind and a
 *      further guess would only overshoot.
 *   t < oldest                         the newest sample (OLDER_THAN_HISTORY): such a request
 *      means a clock-domain mismatch or a stale caller; the best available pose is the latest
 *      measured one, never an empty hand (Ultraleap's layer returned nothing for times before
 *      its latest frame, fixed in its 1.2.0) and never a backwards extrapolation.
 */
#ifndef GT_PREDICT_H
#define GT_PREDICT_H

#include <stdint.h>

#include "glint/glint.h"

#define GT_PREDICT_HISTORY 8                      /* samples kept: ~0.27 s at 30 fps */
#define GT_PREDICT_MAX_POINTS GLINT_HAND_KEYPOINTS /* 21 >= the body's 17 */

#define GT_PREDICT_DEFAULT_LINEAR_HORIZON_NS 50000000LL   /* 50 ms */
#define GT_PREDICT_DEFAULT_MAX_HORIZON_NS 100000000LL     /* 100 ms */
#define GT_PREDICT_DEFAULT_DECAY_NS 50000000LL            /* tau, 50 ms */
#define GT_PREDICT_DEFAULT_VELOCITY_WINDOW_NS 100000000LL /* 100 ms: 3-4 frames at 30 fps */

/* Zero fields take the defaults above. */
typedef struct gt_predict_params {
    int64_t linear_horizon_ns;
    int64_t max_horizon_ns;
    int64_t decay_ns;
    int64_t velocity_window_ns;
} gt_predict_params;

typedef enum gt_predict_kind {
    GT_PREDICT_EXACT = 0,
    GT_PREDICT_INTERPOLATED = 1,
    GT_PREDICT_EXTRAPOLATED = 2,
    GT_PREDICT_OLDER_THAN_HISTORY = 3,
} gt_predict_kind;

/* History of one keypoint set. Reset before use (zero-initialised = empty with 0 points). */
typedef struct gt_predict {
    int32_t num_points;
    int32_t count; /* samples held, 0..GT_PREDICT_HISTORY */
    int32_t head;  /* index of the newest sample */
    int64_t t_ns[GT_PREDICT_HISTORY];
    glint_vec3 points[GT_PREDICT_HISTORY][GT_PREDICT_MAX_POINTS];
} gt_predict;

/* Empties the history and sets the set's size (1..GT_PREDICT_MAX_POINTS; others: clamped). */
void gt_predict_reset(gt_predict* p, int32_t num_points);

/* Appends a sample. t_ns must be after the newest sample's time; the same time replaces the
 * newest sample (a re-run of the same frame); an older time is refused with
 * GLINT_ERROR_INVALID_ARGUMENT and the history is unchanged. */
glint_result gt_predict_push(gt_predict* p, int64_t t_ns, const glint_vec3* points);

/* The set at t_ns (see the table above) into out_points (num_points entries). params may be
 * NULL (defaults). out_kind may be NULL. GLINT_ERROR_INVALID_ARGUMENT when the history is
 * empty. */
glint_result gt_predict_at(const gt_predict* p, const gt_predict_params* params, int64_t t_ns,
                           glint_vec3* out_points, gt_predict_kind* out_kind);

/* Time of the newest sample (0 when empty). */
int64_t gt_predict_newest_ns(const gt_predict* p);

#endif /* GT_PREDICT_H */
