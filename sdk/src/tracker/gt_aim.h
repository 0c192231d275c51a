/*
 * gt_aim: an aim ray (XR_FB_hand_tracking_aim's aimPose, XR_EXT_hand_interaction's
 * /input/aim/pose) from the 21 metric world keypoints, plus the palm frame it is built on.
 *
 * The choice, and why:
 *   direction = unit(knuckles - wrist), knuckles = midpoint of index MCP (5) and middle MCP (9)
 *     The palm's forward axis. Wrist and MCPs sit on the rigid part of the hand, so curling
 *     the fingers - above all the pinch that "clicks" along the ray - does not move the ray.
 *     A finger-based ray (mbucchia's hand_to_controller aims from the index's intermediate
 *     joint) swings exactly when the user pinches to select, which makes small targets hard
 *     to hit. The MCPs and the wrist are also the model's most stable points (MediaPipe
 *     builds its tracking ROI on them). Headsets cast the system ray from an estimated
 *     shoulder through the hand; without the shoulder (a camera on glasses sees only the
 *     hand, and world keypoints are relative to the hand's centre) the palm axis is the
 *     direction the user controls deliberately, by moving the wrist. It is not blended with
 *     the palm normal: the normal turns with forearm roll (pronation), which people do not
 *     use to aim, so mixing it in would make the ray drift while the palm axis stays put.
 *   origin = index MCP (5)
 *     The knuckle where the ray visibly leaves the hand, rigid with the palm for the same
 *     reason. World keypoints are centred on the hand, so the origin is relative to the hand
 *     centre; add the hand's position in the camera frame when one is known.
 *   palm_normal = unit(cross(index MCP - wrist, little MCP - wrist)), negated for a left hand:
 *     points out of the palm (palmar side) in right-handed camera axes (x right, y down,
 *     z forward). Handedness is the person's hand (glint_handedness), after any mirroring.
 *     Useful for a grip pose or for "palm facing the user" menus; not part of the ray.
 *
 * valid is false (and the ray zero) when a used point is not finite or the palm is degenerate
 * (wrist, index MCP and little MCP collinear or coincident to within 1e-3 of the hand size).
 * Works on image keypoints too (same axes, pixel units), but only world keypoints give a
 * metric, perspective-free ray.
 */
#ifndef GT_AIM_H
#define GT_AIM_H

#include <stdbool.h>

#include "glint/glint.h"

typedef struct gt_aim {
    bool valid;
    glint_vec3 origin;      /* index MCP, same units and frame as the keypoints */
    glint_vec3 direction;   /* unit vector */
    glint_vec3 palm_normal; /* unit vector out of the palm */
    glint_vec3 palm_center; /* middle of wrist and middle MCP (MediaPipe's hand centre, roughly) */
} gt_aim;

void gt_aim_compute(const glint_vec3 world[GLINT_HAND_KEYPOINTS], glint_handedness handedness, gt_aim* out);

#endif /* GT_AIM_H */
