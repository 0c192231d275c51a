/*
 * gt_gesture: the canned hand gestures (None, Closed_Fist, Open_Palm, Pointing_Up, Thumb_Down,
 * Thumb_Up, Victory, ILoveYou, as MediaPipe's Gesture Recognizer names them) from landmark
 * geometry, and a hysteresis filter so labels do not flicker.
 *
 * Three steps, each usable alone:
 *   1. gt_gesture_shape: keypoints -> hand shape (per-finger extension 0..1, thumb measures,
 *      finger directions against "up"). Angles and distance ratios only, so the shape does
 *      not depend on units, scale, position or the hand's rotation; only the *_up fields
 *      refer to the image's up axis (-y, the gravity proxy for a camera held upright).
 *   2. gt_gesture_scores: shape -> a 0..1 score per class (fuzzy AND = min of the
 *      memberships each class needs; None = 1 - the best other score). The label is the
 *      argmax, so a class wins only above 0.5.
 *   3. gt_gesture_filter_*: hysteresis over frames.
 *
 * Finger extension (index..little) is the mean of two cues:
 *   - ratio = |tip - wrist| / |PIP - wrist|: above 1 when the tip is farther out than the
 *     PIP joint (straight finger), well below 1 when it folds back into the palm. Robust on
 *     both keypoint sets (measured on the real photos: open 1.26-1.52, fists 0.45-0.93).
 *     Ramp 0.9 (curled) .. 1.15 (extended).
 *   - bend = the sum of the flexion angles at MCP, PIP and DIP (0 straight, ~250 degrees in
 *     a fist). Ramp 150 (curled) .. 70 degrees (extended). Sharp on image keypoints (open
 *     9-24, fists 148-233 degrees), blurred on world keypoints, whose depth makes straight
 *     fingers look bent (open 46-110 degrees), hence the wide ramp and the pairing with the
 *     ratio.
 * The thumb has two measures, because a thumb can be straight without sticking out (laid
 * along the index in a fist):
 *   - thumb extension = mean of straightness (MCP + IP flexion, ramp 70 .. 30 degrees) and
 *     reach = the thumb tip's distance to the nearest index..little keypoint, in hand sizes
 *     (ramp 0.3 .. 0.6): folded over or laid along the fingers the tip touches one of them
 *     (real fists 0.14-0.19), spread out it is clear of all (real open palms 0.37-0.96).
 *   - thumb protrusion = how far the thumb tip reaches beyond every index..little keypoint,
 *     measured along the thumb's own direction, in hand sizes: clearly positive only when the
 *     thumb sticks out of the fist (thumbs up/down; ramp 0.1 .. 0.3), near zero or negative
 *     when tucked or laid along the index (real fists -0.15..0.07).
 * Hand size is |wrist - middle MCP| (rigid; gt_pinch.h).
 *
 * Class memberships (E = extension, C = 1 - E, T = thumb extension, P = ramp(protrusion,
 * 0.1, 0.3), U = ramp(thumb_up, 0.4, 0.75), D = ramp(-thumb_up, 0.4, 0.75)):
 *   Open_Palm    min(E_index, E_middle, E_ring, E_little, 0.6 + 0.4 T)
 *                (four fingers decide; a tucked thumb lowers the score but a hand showing
 *                four straight fingers is still an open palm)
 *   Closed_Fist  min(C_index..C_little, 1 - min(T, P, max(U, D)))
 *   Thumb_Up     min(C_index..C_little, T, P, U)
 *   Thumb_Down   min(C_index..C_little, T, P, D)
 *   Pointing_Up  min(E_index, C_middle, C_ring, C_little, ramp(index_up, -0.5, 0))
 *                ("up" only excludes pointing down: pointing sideways or at the camera
 *                counts, pointing at the floor does not)
 *   Victory      min(E_index, E_middle, C_ring, C_little)
 *   ILoveYou     min(T, E_index, C_middle, C_ring, E_little)
 * thumb_up = cosine between the thumb's direction (MCP -> tip) and up; index_up likewise
 * for the index (MCP -> tip). Thumb up/down are the only classes that depend on the
 * hand's rotation: a thumbs-up turned sideways is a fist.
 *
 * World vs image keypoints: world keypoints are metric and free of perspective (a finger
 * pointing at the camera keeps its length), image keypoints (pixels, z on the x scale) have
 * sharper joint angles but a compressed, less reliable depth. gt_gesture_classify takes
 * either or both; with both it averages the two shapes so that neither set's weakness
 * decides alone. On the real photos (tests/unit/test_gesture_real.c, full and lite models)
 * every photo gets its right label from each set alone and from both: world scores
 * 0.74-1.00, image 0.88-1.00, both 0.85-1.00.
 */
#ifndef GT_GESTURE_H
#define GT_GESTURE_H

#include <stdbool.h>
#include <stdint.h>

#include "glint/glint.h"

typedef struct gt_hand_shape {
    bool valid;
    float extension[5];     /* 0 curled .. 1 extended; [0] thumb, [1..4] index..little */
    float thumb_protrusion; /* hand sizes, see above */
    float thumb_up;         /* cos(thumb direction, up), -1..1 */
    float index_up;         /* cos(index direction, up), -1..1 */
    /* The raw cues, for tests and tuning. */
    float bend_deg[5];      /* summed flexion; [0] thumb MCP + IP */
    float ratio[5];         /* fingers: |tip-wrist|/|PIP-wrist|; [0]: the thumb's reach (hand sizes) */
} gt_hand_shape;

/* Shape of one keypoint set (world or image). valid = false (and the rest zero) when the
 * keypoints are not finite or the hand size is zero. */
bool gt_gesture_shape(const glint_vec3 keypoints[GLINT_HAND_KEYPOINTS], gt_hand_shape* out);

/* The mean of two valid shapes (a and b may be the same). */
gt_hand_shape gt_gesture_shape_mean(const gt_hand_shape* a, const gt_hand_shape* b);

/* Score 0..1 per glint_gesture from a valid shape; all 0 but None = 1 for an invalid one. */
void gt_gesture_scores(const gt_hand_shape* shape, float out_scores[GLINT_GESTURE_COUNT]);

/* The argmax of the scores (ties: the lower enum value) and its score. */
glint_gesture gt_gesture_best(const float scores[GLINT_GESTURE_COUNT], float* out_score);

/* One frame without hysteresis: world and/or image keypoints (either may be NULL; both:
 * averaged shapes, see above). out_scores may be NULL. None with score 1 when neither set
 * gives a valid shape. */
glint_gesture gt_gesture_classify(const glint_vec3* world, const glint_vec3* image, float out_scores[GLINT_GESTURE_COUNT],
                                  float* out_score);

/*
 * Hysteresis. Frame-based, because labels are produced once per landmark run:
 *   - A new track (after reset) takes the first frame's label at once if its score is at
 *     least enter; otherwise it starts as None. A single photo thus gets its label.
 *   - A different label replaces the current one only after it has been the best label,
 *     with a score of at least enter, for min_frames consecutive frames.
 *   - The current label (other than None) is dropped to None only after its own score has
 *     stayed below exit for min_frames consecutive frames; between exit and enter it holds.
 *   - The reported score is the current label's score this frame.
 * Defaults: enter 0.6, exit 0.4 (the 0.2 gap is wider than the frame-to-frame score noise
 * of a still hand), min_frames 3 (100 ms at 30 fps: shorter than a deliberate gesture,
 * longer than the one- or two-frame misreads during a transition, e.g. fingers passing
 * through "Victory" while opening a fist).
 */
#define GT_GESTURE_ENTER 0.6f
#define GT_GESTURE_EXIT 0.4f
#define GT_GESTURE_MIN_FRAMES 3

typedef struct gt_gesture_filter_params {
    float enter;        /* 0 = GT_GESTURE_ENTER */
    float exit;         /* 0 = GT_GESTURE_EXIT */
    int32_t min_frames; /* 0 = GT_GESTURE_MIN_FRAMES */
} gt_gesture_filter_params;

typedef struct gt_gesture_filter {
    bool started;
    glint_gesture current;
    glint_gesture candidate; /* the label trying to replace current */
    int32_t candidate_frames;
    int32_t weak_frames;     /* consecutive frames with current's score below exit */
} gt_gesture_filter;

void gt_gesture_filter_reset(gt_gesture_filter* f);

/* Feeds one frame's scores; returns the filtered label and its score (out_score may be
 * NULL). params may be NULL (defaults). */
glint_gesture gt_gesture_filter_update(gt_gesture_filter* f, const gt_gesture_filter_params* params,
                                       const float scores[GLINT_GESTURE_COUNT], float* out_score);

#endif /* GT_GESTURE_H */
