/*
 * gt_vec: the few 3-vector operations the tracker's post-processing needs, on glint_vec3.
 *
 * Header-only and inline so that the pure functions built on them (gestures, pinch, aim,
 * filters, prediction) stay allocation-free and cheap. Float math throughout: keypoints are
 * floats and nothing here accumulates over long sums.
 */
#ifndef GT_VEC_H
#define GT_VEC_H

#include <math.h>
#include <stdbool.h>

#include "glint/glint.h"

static inline glint_vec3 gt_v3(float x, float y, float z) {
    glint_vec3 v = {x, y, z};
    return v;
}
static inline glint_vec3 gt_v3_add(glint_vec3 a, glint_vec3 b) { return gt_v3(a.x + b.x, a.y + b.y, a.z + b.z); }
static inline glint_vec3 gt_v3_sub(glint_vec3 a, glint_vec3 b) { return gt_v3(a.x - b.x, a.y - b.y, a.z - b.z); }
static inline glint_vec3 gt_v3_scale(glint_vec3 a, float s) { return gt_v3(a.x * s, a.y * s, a.z * s); }
static inline float gt_v3_dot(glint_vec3 a, glint_vec3 b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
static inline glint_vec3 gt_v3_cross(glint_vec3 a, glint_vec3 b) {
    return gt_v3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x);
}
static inline float gt_v3_length(glint_vec3 a) { return sqrtf(gt_v3_dot(a, a)); }
static inline float gt_v3_distance(glint_vec3 a, glint_vec3 b) { return gt_v3_length(gt_v3_sub(a, b)); }
/* a + (b - a) * t */
static inline glint_vec3 gt_v3_lerp(glint_vec3 a, glint_vec3 b, float t) {
    return gt_v3(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.z + (b.z - a.z) * t);
}
static inline glint_vec3 gt_v3_mid(glint_vec3 a, glint_vec3 b) { return gt_v3_lerp(a, b, 0.5f); }
static inline bool gt_v3_finite(glint_vec3 a) { return isfinite(a.x) && isfinite(a.y) && isfinite(a.z); }

/* Unit vector along a; false (and *out = 0) when a is too short or not finite to have a
 * direction. min_length is in a's units. */
static inline bool gt_v3_normalize(glint_vec3 a, float min_length, glint_vec3* out) {
    float len = gt_v3_length(a);
    if (!(len > min_length) || !isfinite(len)) {
        *out = gt_v3(0.0f, 0.0f, 0.0f);
        return false;
    }
    *out = gt_v3_scale(a, 1.0f / len);
    return true;
}

/* Angle between a and b in radians, 0..pi; 0 when either is (near) zero. */
static inline float gt_v3_angle(glint_vec3 a, glint_vec3 b) {
    float la = gt_v3_length(a), lb = gt_v3_length(b);
    if (!(la > 0.0f) || !(lb > 0.0f)) return 0.0f;
    float c = gt_v3_dot(a, b) / (la * lb);
    if (c > 1.0f) c = 1.0f;
    if (c < -1.0f) c = -1.0f;
    return acosf(c);
}

static inline float gt_clampf(float x, float lo, float hi) { return x < lo ? lo : (x > hi ? hi : x); }

/* 0 at or below edge0, 1 at or above edge1, linear in between (edge0 < edge1), or the
 * reverse ramp when edge0 > edge1. Monotone, clamped. */
static inline float gt_ramp(float x, float edge0, float edge1) { return gt_clampf((x - edge0) / (edge1 - edge0), 0.0f, 1.0f); }

#endif /* GT_VEC_H */
