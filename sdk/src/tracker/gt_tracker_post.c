/*
 * Post-processing per hand slot and for the body: One Euro filters, gesture, pinch, aim, and
 * the prediction history that extrapolates PREDICTED frames and glint_tracker_predict.
 *
 * Order for a measured hand: filter the image and world keypoints (unless disabled), push the
 * filtered sets into the history, then derive gesture, pinch and aim from the filtered world
 * keypoints (metric and perspective-free, so pinch and aim do not change with the distance to
 * the camera, and filtered so that labels and strengths do not jitter). A PREDICTED hand is
 * extrapolated from the history to the frame time and keeps its last gesture, pinch and aim.
 * A LOST hand is reported once with its last pose and then its state is dropped.
 */
#include <string.h>

#include "gt_aim.h"
#include "gt_gesture.h"
#include "gt_pinch.h"
#include "gt_tracker.h"

/* The pixel defaults' beta is tuned for a 640-pixel-wide frame (gt_one_euro.h); scale it to
 * this frame so that the same motion, in fractions of the frame, is smoothed alike. A beta the
 * caller set is used as given. */
static gt_one_euro_params pixel_params(const glint_tracker* t, int32_t width) {
    gt_one_euro_params p = t->pixel_filter;
    if (t->desc.filter.beta == 0.0f && width > 0) p.beta *= 640.0f / (float)width;
    return p;
}

static void hand_post_reset(gt_hand_post* p) {
    memset(p, 0, sizeof(*p));
    gt_gesture_filter_reset(&p->gesture);
    gt_predict_reset(&p->keypoints_history, GLINT_HAND_KEYPOINTS);
    gt_predict_reset(&p->world_history, GLINT_HAND_KEYPOINTS);
}

void gt_tracker_post_reset(glint_tracker* t) {
    for (int i = 0; i < GLINT_MAX_HANDS; i++) hand_post_reset(&t->hand_post[i]);
    memset(&t->body_post, 0, sizeof(t->body_post));
    gt_predict_reset(&t->body_post.history, GLINT_BODY_KEYPOINTS);
}

/* Gesture, pinch and aim of a measured hand. The gesture classifier averages the shapes of
 * both keypoint sets (gt_gesture.h); the label goes through the hand's hysteresis filter. */
static void derive(gt_hand_post* p, glint_hand* h) {
    float scores[GLINT_GESTURE_COUNT];
    gt_gesture_classify(h->world, h->keypoints, scores, NULL);
    h->gesture = gt_gesture_filter_update(&p->gesture, NULL, scores, &h->gesture_score);
    gt_pinch_compute(h->world, h->pinch);
    gt_aim aim;
    gt_aim_compute(h->world, h->handedness, &aim);
    h->aim_valid = aim.valid;
    h->aim_origin = aim.origin;
    h->aim_direction = aim.direction;
}

void gt_tracker_post_hand(glint_tracker* t, int32_t slot, const gt_hand_slot* in, int64_t t_ns, glint_hand* out) {
    gt_hand_post* p = &t->hand_post[slot];
    *out = in->hand;
    if (p->id != in->hand.id) {
        hand_post_reset(p);
        p->id = in->hand.id;
    }
    switch (in->hand.state) {
    case GLINT_TRACK_NEW:
    case GLINT_TRACK_TRACKED:
        if (!t->desc.filter.disabled) {
            gt_one_euro_params px = pixel_params(t, t->width);
            gt_one_euro_points_filter(&p->keypoints_filter, &px, in->hand.keypoints, GLINT_HAND_KEYPOINTS, t_ns,
                                      out->keypoints);
            gt_one_euro_points_filter(&p->world_filter, &t->world_filter, in->hand.world, GLINT_HAND_KEYPOINTS, t_ns,
                                      out->world);
        }
        gt_predict_push(&p->keypoints_history, t_ns, out->keypoints);
        gt_predict_push(&p->world_history, t_ns, out->world);
        derive(p, out);
        break;
    case GLINT_TRACK_PREDICTED:
        if (p->keypoints_history.count > 0) {
            gt_predict_at(&p->keypoints_history, NULL, t_ns, out->keypoints, NULL);
            gt_predict_at(&p->world_history, NULL, t_ns, out->world, NULL);
        }
        out->gesture = p->last.gesture;
        out->gesture_score = p->last.gesture_score;
        memcpy(out->pinch, p->last.pinch, sizeof(out->pinch));
        out->aim_valid = p->last.aim_valid;
        out->aim_origin = p->last.aim_origin;
        out->aim_direction = p->last.aim_direction;
        break;
    case GLINT_TRACK_LOST:
    default:
        if (p->keypoints_history.count > 0) {
            memcpy(out->keypoints, p->last.keypoints, sizeof(out->keypoints));
            memcpy(out->world, p->last.world, sizeof(out->world));
        }
        out->gesture = GLINT_GESTURE_NONE;
        out->gesture_score = 0.0f;
        memset(out->pinch, 0, sizeof(out->pinch));
        out->aim_valid = false;
        hand_post_reset(p);
        return;
    }
    p->last = *out;
}

/* The body's One Euro filter works on x, y only; z carries the keypoint score, which is not
 * smoothed (a low score must show at once). */
void gt_tracker_post_body(glint_tracker* t, bool ran, const glint_body* measured, int64_t t_ns, glint_body* out) {
    gt_body_post* p = &t->body_post;
    if (ran) {
        *out = *measured;
        if (!measured->valid) {
            /* Ran and found nobody: forget the history rather than extrapolate a ghost. */
            memset(p, 0, sizeof(*p));
            gt_predict_reset(&p->history, GLINT_BODY_KEYPOINTS);
            return;
        }
        glint_vec3 xy[GLINT_BODY_KEYPOINTS];
        for (int i = 0; i < GLINT_BODY_KEYPOINTS; i++) xy[i] = (glint_vec3){measured->keypoints[i].x, measured->keypoints[i].y, 0.0f};
        if (!t->desc.filter.disabled) {
            gt_one_euro_params px = pixel_params(t, t->width);
            gt_one_euro_points_filter(&p->filter, &px, xy, GLINT_BODY_KEYPOINTS, t_ns, xy);
        }
        gt_predict_push(&p->history, t_ns, xy);
        for (int i = 0; i < GLINT_BODY_KEYPOINTS; i++) {
            out->keypoints[i].x = xy[i].x;
            out->keypoints[i].y = xy[i].y;
        }
        p->valid = true;
        p->last = *out;
        return;
    }
    if (!p->valid) {
        memset(out, 0, sizeof(*out));
        return;
    }
    *out = p->last;
    glint_vec3 xy[GLINT_BODY_KEYPOINTS];
    if (gt_predict_at(&p->history, NULL, t_ns, xy, NULL) == GLINT_SUCCESS)
        for (int i = 0; i < GLINT_BODY_KEYPOINTS; i++) {
            out->keypoints[i].x = xy[i].x;
            out->keypoints[i].y = xy[i].y;
        }
}

void gt_tracker_post_predict(const glint_tracker* t, int64_t display_time_ns, glint_frame* frame) {
    for (int i = 0; i < frame->num_hands; i++) {
        glint_hand* h = &frame->hands[i];
        if (h->state == GLINT_TRACK_LOST) continue;
        for (int s = 0; s < GLINT_MAX_HANDS; s++) {
            const gt_hand_post* p = &t->hand_post[s];
            if (p->id != h->id || p->keypoints_history.count == 0) continue;
            gt_predict_at(&p->keypoints_history, NULL, display_time_ns, h->keypoints, NULL);
            gt_predict_at(&p->world_history, NULL, display_time_ns, h->world, NULL);
            break;
        }
    }
    const gt_body_post* b = &t->body_post;
    if (frame->body.valid && b->valid) {
        glint_vec3 xy[GLINT_BODY_KEYPOINTS];
        if (gt_predict_at(&b->history, NULL, display_time_ns, xy, NULL) == GLINT_SUCCESS)
            for (int i = 0; i < GLINT_BODY_KEYPOINTS; i++) {
                frame->body.keypoints[i].x = xy[i].x;
                frame->body.keypoints[i].y = xy[i].y;
            }
    }
    frame->timestamp_ns = display_time_ns;
}
