/* Pinch strength from thumb-tip to finger-tip distances; see gt_pinch.h for the curve. */
#include "tracker/gt_pinch.h"

#include <math.h>

#include "tracker/gt_vec.h"

float gt_pinch_hand_size(const glint_vec3 keypoints[GLINT_HAND_KEYPOINTS]) {
    float size = gt_v3_distance(keypoints[0], keypoints[9]);
    return isfinite(size) ? size : 0.0f;
}

float gt_pinch_strength_from_distance(float normalized_distance) {
    if (!(normalized_distance == normalized_distance)) return 0.0f; /* NaN */
    return gt_ramp(normalized_distance, GT_PINCH_RELEASE, GT_PINCH_TOUCH);
}

void gt_pinch_compute(const glint_vec3 keypoints[GLINT_HAND_KEYPOINTS], float out_strength[GLINT_FINGER_COUNT]) {
    static const int tips[GLINT_FINGER_COUNT] = {8, 12, 16, 20};
    float size = gt_pinch_hand_size(keypoints);
    for (int f = 0; f < GLINT_FINGER_COUNT; f++) {
        if (!(size > 0.0f)) {
            out_strength[f] = 0.0f;
            continue;
        }
        float d = gt_v3_distance(keypoints[4], keypoints[tips[f]]) / size;
        out_strength[f] = isfinite(d) ? gt_pinch_strength_from_distance(d) : 0.0f;
    }
}
