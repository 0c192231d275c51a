/*
 * gt_tracker: the glint_tracker behind glint.h, shared by the files that implement it.
 *
 *   gt_tracker.c          create (defaults and validation of the description), destroy,
 *                         reset, last_error
 *   gt_tracker_image.c    glint_image -> gi_image (formats, strides) with messages
 *   gt_tracker_process.c  one frame: plan (gt_planner), hands (gt_hands), body (gt_body),
 *                         post-processing, stage reports; glint_tracker_predict
 *   gt_tracker_post.c     per-hand and body post-processing state: One Euro filters,
 *                         gestures, pinch, aim, prediction history
 *   gt_tracker_names.c    glint_gesture_name, glint_stage_name
 *   gt_tracker_backend.c  where each stage runs: models loaded per glint_tracker_desc.backend,
 *                         the plan's backend per stage, where it really ran, fallbacks
 *
 * Memory: everything is allocated in glint_tracker_create (the tracker, the pipelines with
 * their models, tensors and scratch); process and predict allocate nothing, which
 * test_tracker_alloc proves with a counting allocator hook.
 */
#ifndef GT_TRACKER_H
#define GT_TRACKER_H

#include <stdbool.h>
#include <stdint.h>

#include "glint/glint.h"
#include "gt_gesture.h"
#include "gt_hands.h"
#include "gt_one_euro.h"
#include "gt_planner.h"
#include "gt_predict.h"
#include "image/gi_image.h"
#include "util/gu_alloc.h"

/* Post-processing state of one hand slot; belongs to the hand with this id. */
typedef struct gt_hand_post {
    uint32_t id;                   /* 0: none */
    gt_one_euro_points keypoints_filter, world_filter;
    gt_predict keypoints_history, world_history; /* filtered, measured frames only */
    gt_gesture_filter gesture;     /* hysteresis of the label */
    glint_hand last;               /* the latest reported hand (gesture, pinch, aim kept while predicted) */
} gt_hand_post;

typedef struct gt_body_post {
    bool valid;                    /* a body has been measured (since the last reset) */
    gt_one_euro_points filter;
    gt_predict history;
    glint_body last;
} gt_body_post;

typedef struct gt_body gt_body; /* the body pipeline (gt_body.h) */

struct glint_tracker {
    gu_allocator allocator;
    glint_tracker_desc desc;       /* with every default filled in */
    char* model_dir;               /* owned copy */
    glint_error error;             /* the latest error (sticky until the next one) */
    gt_planner planner;
    gt_hands* hands;               /* NULL unless GLINT_FEATURE_HANDS */
    gt_body* body;                 /* NULL unless GLINT_FEATURE_BODY */
    gt_one_euro_params pixel_filter, world_filter;
    gt_hand_post hand_post[GLINT_MAX_HANDS];
    gt_body_post body_post;
    bool have_frame;               /* `last` holds a processed frame */
    bool have_timestamp;           /* last_timestamp_ns is set (timestamps must increase) */
    int64_t last_timestamp_ns;
    int32_t width, height;         /* of the frame being processed (the last one after it) */
    glint_frame last;              /* the latest result, for glint_tracker_predict */
};

/* glint_image -> gi_image: every field checked, with a message on error. */
glint_result gt_tracker_image_view(const glint_image* image, gi_image* out_view, glint_error* out_error);

/* Post-processing (gt_tracker_post.c). */
void gt_tracker_post_reset(glint_tracker* t);
/* One hand slot's result this frame -> the reported hand (filters, gesture, pinch, aim;
 * PREDICTED slots are extrapolated to t_ns from their history). */
void gt_tracker_post_hand(glint_tracker* t, int32_t slot, const gt_hand_slot* in, int64_t t_ns, glint_hand* out);
/* The body this frame: measured (ran) or extrapolated from history. */
void gt_tracker_post_body(glint_tracker* t, bool ran, const glint_body* measured, int64_t t_ns, glint_body* out);
/* The latest frame moved to display_time_ns (glint_tracker_predict). */
void gt_tracker_post_predict(const glint_tracker* t, int64_t display_time_ns, glint_frame* frame);

/* Backends (gt_tracker_backend.c). */
glint_result gt_tracker_backend_check(glint_backend backend, glint_error* out_error);
/* The gt_stage_models bits to load every model for (CPU, VULKAN, or both for AUTO). */
uint32_t gt_tracker_backend_load(glint_backend backend);
/* Narrows the planner's backends per stage to where its models can run now (after create and
 * after every frame: a Vulkan model that fell back takes Vulkan away from its stage). */
void gt_tracker_backend_update(glint_tracker* t);
/* Sends the plan's backend per stage to the pipelines. */
void gt_tracker_backend_use(glint_tracker* t, const gt_plan* plan);
/* After `stage` ran: rep->backend (planned) becomes where it really ran, and the measurement
 * goes to the planner unless the model fell back during this frame. */
void gt_tracker_backend_record(glint_tracker* t, glint_stage stage, int32_t runs, float ms, glint_stage_report* rep);

/* Sets the tracker's error (and logs it at ERROR level); returns code. */
glint_result gt_tracker_fail(glint_tracker* t, glint_result code, const char* fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#endif /* GT_TRACKER_H */
