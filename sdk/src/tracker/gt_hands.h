/*
 * gt_hands: the hand pipeline, as MediaPipe's hand landmarker runs it on video.
 *
 *   palm detection (gt_palm) -> ROI from the palm (gt_roi_from_palm) -> hand landmarks
 *   (gt_hand_landmark) -> next frame's ROI from those landmarks (gt_roi_from_hand_landmarks)
 *   -> hand landmarks -> ...
 *
 * Slots. There are max_hands slots (<= GLINT_MAX_HANDS). A slot is free, pending (a detection
 * gave it an ROI but its landmarks have not run yet) or tracking. A tracking slot keeps the
 * ROI made from its latest landmarks and runs the landmark model on it again next frame; the
 * palm detector is not needed for it. When the presence score falls below min_presence_score
 * the hand is reported LOST once and the slot is freed.
 *
 * Detection is wanted (gt_hands_needs) when a slot is free, and then, if redetect_interval
 * N > 0, only every N frames (counted from the last detection run); right after a hand was
 * lost it is wanted at once regardless of N. New detections are taken best first and
 * de-duplicated against every occupied slot by ROI overlap: IoU of the axis-aligned bounds of
 * the two rotated ROIs (gt_roi_iou) above min_overlap (default 0.5, the role
 * min_tracking_confidence plays in MediaPipe Tasks) means "the same hand", and the tracked
 * one wins. After the landmark runs, two tracking slots whose new ROIs overlap that much are
 * one hand seen twice: the younger track is dropped (reported LOST).
 *
 * States: NEW on the first frame a hand's landmarks confirm it (presence >= threshold),
 * TRACKED on later measured frames, PREDICTED when the plan did not run its landmarks this
 * frame (the keypoints are the last measured ones; the caller extrapolates), LOST once.
 * Ids count up from 1 per gt_hands and stay with a hand while it is tracked.
 *
 * Memory: everything (models, tensors, anchors, scratch) is allocated in gt_hands_create;
 * gt_hands_step allocates nothing.
 */
#ifndef GT_HANDS_H
#define GT_HANDS_H

#include <stdbool.h>
#include <stdint.h>

#include "glint/glint.h"
#include "image/gi_affine.h"
#include "image/gi_image.h"
#include "util/gu_alloc.h"

#define GT_HANDS_MAX_DETECTIONS 8 /* palms kept after NMS per detector run */

typedef struct gt_hands_desc {
    const char* model_dir;          /* palm_detection_*.tflite and hand_landmark_*.tflite in
                                       <dir>/mediapipe/ or <dir>/; NULL = "models" */
    glint_model_variant variant;    /* DEFAULT and LITE: *_lite; FULL: *_full */
    int32_t max_hands;              /* 1..GLINT_MAX_HANDS; 0 = GLINT_MAX_HANDS */
    bool mirrored;                  /* selfie image: handedness flipped (gt_hand_landmark.h) */
    float min_detection_score;      /* 0 = 0.5 */
    float min_presence_score;       /* 0 = 0.5 */
    float min_overlap;              /* ROI IoU that makes two ROIs the same hand; 0 = 0.5 */
    int32_t redetect_interval;      /* 0 = every frame with a free slot */
    uint32_t backends;              /* where the models may run (gt_stage_models.h); 0 = CPU */
    glint_logger logger;
} gt_hands_desc;

typedef struct gt_hands gt_hands; /* opaque */

/* What the next gt_hands_step would like to do (mirrors the planner's gt_plan_request). */
typedef struct gt_hands_needs {
    bool detection_wanted;                 /* a slot is free and the interval allows it, or a
                                              hand was just lost */
    int32_t num_slots;                     /* max_hands */
    int32_t num_free;                      /* free slots (what a detection could fill) */
    bool slot_tracked[GLINT_MAX_HANDS];    /* the slot has an ROI: its landmarks are wanted */
} gt_hands_needs;

/* Called right before each model run when not NULL; returning false skips that run (the
 * planner's last-moment budget check). stage: GLINT_STAGE_PALM_DETECTION or
 * GLINT_STAGE_HAND_LANDMARKS; runs: 1. */
typedef bool (*gt_hands_gate)(void* user, glint_stage stage, int32_t runs);

typedef struct gt_hands_plan {
    bool run_detection;
    int32_t new_hand_runs;                 /* landmark runs allowed on new detections this frame */
    bool run_landmarks[GLINT_MAX_HANDS];   /* per slot with an ROI (slot_tracked) */
    gt_hands_gate gate;                    /* optional */
    void* gate_user;
} gt_hands_plan;

typedef struct gt_hand_slot {
    bool valid;            /* the slot reports a hand this frame (any state, LOST included) */
    bool measured;         /* its landmarks ran this frame */
    glint_hand hand;       /* id, state, handedness (+score), presence, keypoints, world;
                              gesture, pinch and aim are left 0 for post-processing */
    float handedness_raw;  /* Identity_2 of the latest measurement */
    gi_roi roi;            /* the ROI of the latest measurement */
    gi_roi next_roi;       /* the ROI the next landmark run will use (valid unless LOST) */
} gt_hand_slot;

typedef struct gt_hands_result {
    gt_hand_slot slots[GLINT_MAX_HANDS];
    int32_t num_valid;
    bool detection_ran;
    int32_t num_detections;    /* palms after NMS (before de-duplication) */
    int32_t num_new;           /* hands that became NEW this frame */
    int32_t landmark_runs;     /* landmark model runs this frame */
    float detection_ms;        /* wall time of the detector (preparation included) */
    float landmarks_ms;        /* wall time of all landmark runs */
    bool skipped_by_gate;      /* the gate refused a run */
} gt_hands_result;

glint_result gt_hands_create(const gt_hands_desc* desc, gu_allocator* allocator, gt_hands** out_hands,
                             glint_error* out_error);
void gt_hands_destroy(gt_hands* hands);

/* What the next step wants (pure query). */
void gt_hands_needs_get(const gt_hands* hands, gt_hands_needs* out_needs);

/* The plan that does everything gt_hands_needs_get asks for (no budget). */
void gt_hands_plan_all(const gt_hands* hands, gt_hands_plan* out_plan);

/* One frame. plan NULL = gt_hands_plan_all. t_ns is the frame time (kept for the caller's
 * bookkeeping; the pipeline itself is frame-based). On an error (bad image, model failure) the
 * tracks are left as they were and out holds no hands. */
glint_result gt_hands_step(gt_hands* hands, const gi_image* image, int64_t t_ns, const gt_hands_plan* plan,
                           gt_hands_result* out, glint_error* out_error);

/* Forgets every hand (e.g. after a camera switch). */
void gt_hands_reset(gt_hands* hands);

/* Backends, per stage (GLINT_STAGE_PALM_DETECTION or GLINT_STAGE_HAND_LANDMARKS): where the
 * next runs go (the copy there is when none was loaded for `backend`), where the stage can run
 * now (bits, gt_stage_models_usable; 0 for another stage), and where its last run went. */
void gt_hands_use_backend(gt_hands* hands, glint_stage stage, glint_backend backend);
uint32_t gt_hands_usable(const gt_hands* hands, glint_stage stage);
glint_backend gt_hands_ran_on(const gt_hands* hands, glint_stage stage);

#endif /* GT_HANDS_H */
