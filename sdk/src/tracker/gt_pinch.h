/*
 * gt_pinch: pinch strength 0..1 between the thumb tip and each finger tip (index, middle,
 * ring, little), as XR_FB_hand_tracking_aim's pinchStrength* (1 = the finger touches the
 * thumb).
 *
 * Distance: the 3D distance between thumb tip (4) and the finger tip (8, 12, 16, 20), divided
 * by the hand size = 3D distance from the wrist (0) to the middle finger MCP (9). That bone
 * chain is rigid (it does not change with finger pose) and it is what MediaPipe's tracking
 * ROI is built on, so it is the most stable size the 21 points offer. Dividing by it makes the
 * curve independent of units (world metres or image pixels, whose z is on the x scale) and of
 * the hand's distance to the camera.
 *
 * Curve: strength = 1 at or below GT_PINCH_TOUCH, 0 at or beyond GT_PINCH_RELEASE, linear in
 * between (monotone non-increasing in the distance, clamped to 0..1).
 *   GT_PINCH_TOUCH 0.15: MediaPipe's tip points sit at the ends of the fingers, not on the
 *     pads that touch, so touching tips are still ~1-1.5 cm apart; with an adult wrist to
 *     middle-MCP distance of ~9 cm that is ~0.15 hand sizes.
 *   GT_PINCH_RELEASE 0.55: ~5 cm on the same hand, the distance at which mbucchia's
 *     hand_to_controller layer reaches 0 (its curve: 0 m -> 1, 0.05 m -> 0, field.md 4).
 * For world keypoints this is therefore close to that layer's metric mapping, shifted so that
 * real contact reads 1.
 */
#ifndef GT_PINCH_H
#define GT_PINCH_H

#include "glint/glint.h"

#define GT_PINCH_TOUCH 0.15f
#define GT_PINCH_RELEASE 0.55f

/* Hand size (wrist to middle MCP) in the keypoints' units; 0 when not finite. */
float gt_pinch_hand_size(const glint_vec3 keypoints[GLINT_HAND_KEYPOINTS]);

/* The curve: a distance in hand sizes -> strength 0..1 (NaN -> 0). */
float gt_pinch_strength_from_distance(float normalized_distance);

/* Strength per finger (GLINT_FINGER_INDEX..LITTLE) from world or image keypoints. All 0
 * when the hand size is zero or not finite (no hand, or garbage in). */
void gt_pinch_compute(const glint_vec3 keypoints[GLINT_HAND_KEYPOINTS], float out_strength[GLINT_FINGER_COUNT]);

#endif /* GT_PINCH_H */
