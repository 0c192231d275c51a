/*
 * glint_tracker_process: one camera frame through the planner and the pipelines.
 *
 *   1. check the arguments and the image (gt_tracker_image_view); a new resolution starts
 *      the tracks over (ROIs and filters are in pixels of the old frame)
 *   2. ask the pipelines what they need and let the planner decide (gt_planner_plan)
 *   3. hands: gt_hands_step with the plan; right before each model run a gate asks the
 *      planner again with the real clock (gt_planner_fits), so a frame that is running late
 *      does not start a stage it cannot finish
 *   4. body: run or skip (predicted), with the same last-moment check
 *   5. post-processing: filters, gestures, pinch, aim, prediction history
 *   6. feed the measured costs back (gt_planner_record, under the backend each stage really
 *      ran on: gt_tracker_backend.c), fill the stage reports, used_ms and deadline_missed,
 *      keep the frame for glint_tracker_predict
 * Nothing here allocates.
 */
#include <string.h>

#include "gt_body_glue.h"
#include "gt_tracker.h"
#include "util/gu_error.h"
#include "util/gu_log.h"
#include "util/gu_time.h"

static float ms_since(int64_t start_ns) { return (float)((double)(gu_time_ns() - start_ns) * 1e-6); }

typedef struct gate_ctx {
    glint_tracker* t;
    int64_t start_ns;
    int32_t refused[GLINT_STAGE_COUNT];
} gate_ctx;

/* The hands pipeline calls this before every model run. */
static bool hands_gate(void* user, glint_stage stage, int32_t runs) {
    gate_ctx* g = user;
    if (gt_planner_fits(&g->t->planner, stage, runs, g->t->desc.budget_ms, ms_since(g->start_ns))) return true;
    if ((int)stage >= 0 && stage < GLINT_STAGE_COUNT) g->refused[stage]++;
    return false;
}

static glint_result fail_with(glint_tracker* t, const glint_error* err) {
    return gt_tracker_fail(t, err->code, "%s", err->message);
}

/* Forget every track, keep the costs (a new resolution or glint_tracker_reset). */
static void restart_tracks(glint_tracker* t) {
    if (t->hands) gt_hands_reset(t->hands);
    gt_tracker_body_reset(t);
    gt_tracker_post_reset(t);
}

glint_result glint_tracker_process(glint_tracker* t, const glint_image* image, int64_t timestamp_ns,
                                   glint_frame* out) {
    int64_t start = gu_time_ns();
    if (!t) return GLINT_ERROR_INVALID_ARGUMENT;
    if (!out) return gt_tracker_fail(t, GLINT_ERROR_INVALID_ARGUMENT, "process: out_frame is NULL");
    memset(out, 0, sizeof(*out));
    out->timestamp_ns = timestamp_ns;
    out->budget_ms = t->desc.budget_ms;
    if (!image) return gt_tracker_fail(t, GLINT_ERROR_INVALID_ARGUMENT, "process: image is NULL");

    glint_error err;
    gu_error_clear(&err);
    gi_image view;
    glint_result r = gt_tracker_image_view(image, &view, &err);
    if (r < 0) return fail_with(t, &err);
    if (t->have_timestamp && timestamp_ns <= t->last_timestamp_ns)
        return gt_tracker_fail(t, GLINT_ERROR_INVALID_ARGUMENT,
                               "process: timestamp %lld ns is not after the previous frame's %lld ns",
                               (long long)timestamp_ns, (long long)t->last_timestamp_ns);
    if (t->have_frame && (view.width != t->width || view.height != t->height)) {
        gu_log(&t->desc.logger, GLINT_LOG_INFO, "tracker: resolution %dx%d -> %dx%d, tracks start over",
               (int)t->width, (int)t->height, (int)view.width, (int)view.height);
        restart_tracks(t);
    }
    t->width = view.width;
    t->height = view.height;
    out->width = view.width;
    out->height = view.height;

    /* 2. What is needed, and what fits. */
    gt_plan_request req;
    memset(&req, 0, sizeof(req));
    req.budget_ms = t->desc.budget_ms;
    gt_hands_needs needs;
    memset(&needs, 0, sizeof(needs));
    if (t->hands) {
        gt_hands_needs_get(t->hands, &needs);
        req.detection_wanted = needs.detection_wanted;
        req.num_slots = needs.num_slots;
        memcpy(req.slot_tracked, needs.slot_tracked, sizeof(req.slot_tracked));
    }
    req.body_enabled = t->body != NULL;
    req.body_has_history = t->body_post.valid;
    req.used_ms = ms_since(start);
    gt_plan plan;
    gt_planner_plan(&t->planner, &req, &plan);
    memcpy(out->stages, plan.stages, sizeof(out->stages));
    gt_tracker_backend_use(t, &plan);

    gate_ctx gate = {t, start, {0}};
    bool landmarks_ran[GLINT_MAX_HANDS] = {false};
    gt_hands_result hands;
    memset(&hands, 0, sizeof(hands));

    /* 3. Hands. */
    if (t->hands) {
        gt_hands_plan hp;
        memset(&hp, 0, sizeof(hp));
        hp.run_detection = plan.run_detection;
        hp.new_hand_runs = plan.new_hand_runs;
        memcpy(hp.run_landmarks, plan.run_landmarks, sizeof(hp.run_landmarks));
        hp.gate = t->desc.budget_ms > 0.0f ? hands_gate : NULL;
        hp.gate_user = &gate;
        r = gt_hands_step(t->hands, &view, timestamp_ns, &hp, &hands, &err);
        if (r < 0) {
            memset(out->stages, 0, sizeof(out->stages));
            return fail_with(t, &err);
        }
        glint_stage_report* d = &out->stages[GLINT_STAGE_PALM_DETECTION];
        glint_stage_report* l = &out->stages[GLINT_STAGE_HAND_LANDMARKS];
        if (hands.detection_ran) gt_tracker_backend_record(t, GLINT_STAGE_PALM_DETECTION, 1, hands.detection_ms, d);
        if (hands.landmark_runs > 0)
            gt_tracker_backend_record(t, GLINT_STAGE_HAND_LANDMARKS, hands.landmark_runs, hands.landmarks_ms, l);

        d->ms = hands.detection_ms;
        d->runs = hands.detection_ran ? 1 : 0;
        if (hands.detection_ran)
            d->status = GLINT_STAGE_RAN;
        else if (needs.detection_wanted)
            d->status = GLINT_STAGE_SKIPPED;

        l->ms = hands.landmarks_ms;
        l->runs = hands.landmark_runs;
        bool any_predicted = false;
        for (int i = 0; i < GLINT_MAX_HANDS; i++) {
            const gt_hand_slot* s = &hands.slots[i];
            landmarks_ran[i] = s->valid && s->measured;
            any_predicted |= s->valid && s->hand.state == GLINT_TRACK_PREDICTED;
        }
        if (hands.landmark_runs > 0)
            l->status = GLINT_STAGE_RAN;
        else
            l->status = any_predicted ? GLINT_STAGE_PREDICTED : GLINT_STAGE_NOT_NEEDED;
    }

    /* 4. Body. */
    bool body_ran = false;
    if (t->body) {
        glint_stage_report* b = &out->stages[GLINT_STAGE_BODY];
        bool run = plan.run_body &&
                   gt_planner_fits(&t->planner, GLINT_STAGE_BODY, 1, t->desc.budget_ms, ms_since(start));
        glint_body measured;
        int64_t b0 = gu_time_ns();
        r = gt_tracker_body_step(t, &view, timestamp_ns, run, &measured, &err);
        if (r < 0) {
            memset(out->stages, 0, sizeof(out->stages));
            return fail_with(t, &err);
        }
        if (run) {
            b->ms = ms_since(b0);
            gt_tracker_backend_record(t, GLINT_STAGE_BODY, 1, b->ms, b);
            body_ran = true;
        }
        b->runs = run ? 1 : 0;
        b->status = run ? GLINT_STAGE_RAN : t->body_post.valid ? GLINT_STAGE_PREDICTED : GLINT_STAGE_SKIPPED;
        gt_tracker_post_body(t, run, &measured, timestamp_ns, &out->body);
    }

    /* 5. Post-processing. */
    int64_t p0 = gu_time_ns();
    for (int i = 0; i < GLINT_MAX_HANDS; i++) {
        if (!hands.slots[i].valid || out->num_hands >= GLINT_MAX_HANDS) continue;
        gt_tracker_post_hand(t, i, &hands.slots[i], timestamp_ns, &out->hands[out->num_hands++]);
    }
    glint_stage_report* post = &out->stages[GLINT_STAGE_POSTPROCESS];
    post->ms = ms_since(p0);
    post->status = GLINT_STAGE_RAN;
    post->runs = 1;
    gt_planner_record(&t->planner, GLINT_STAGE_POSTPROCESS, post->backend, 1, post->ms);
    gt_planner_end_frame(&t->planner, body_ran, landmarks_ran, GLINT_MAX_HANDS);
    gt_tracker_backend_update(t); /* a model that fell back this frame: its stage stays on the CPU */

    /* 6. The frame's totals. */
    out->used_ms = ms_since(start);
    out->deadline_missed = t->desc.budget_ms > 0.0f && out->used_ms > t->desc.budget_ms;
    if (out->deadline_missed)
        gu_log(&t->desc.logger, GLINT_LOG_DEBUG, "tracker: frame took %.2f ms of a %.2f ms budget", (double)out->used_ms,
               (double)t->desc.budget_ms);
    t->last = *out;
    t->have_frame = true;
    t->have_timestamp = true;
    t->last_timestamp_ns = timestamp_ns;
    return GLINT_SUCCESS;
}

glint_result glint_tracker_predict(const glint_tracker* t, int64_t display_time_ns, glint_frame* out) {
    if (!t || !out) return GLINT_ERROR_INVALID_ARGUMENT;
    if (!t->have_frame) {
        memset(out, 0, sizeof(*out));
        out->timestamp_ns = display_time_ns;
        return GLINT_SKIPPED; /* nothing tracked yet */
    }
    *out = t->last;
    gt_tracker_post_predict(t, display_time_ns, out);
    return GLINT_SUCCESS;
}
