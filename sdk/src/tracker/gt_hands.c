#include "gt_hands.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gt_hand_landmark.h"
#include "gt_palm.h"
#include "gt_roi.h"
#include "util/gu_error.h"
#include "util/gu_time.h"

typedef enum slot_kind {
    SLOT_FREE = 0,
    SLOT_PENDING,  /* ROI from a detection, landmarks not run yet */
    SLOT_TRACKING, /* ROI from its own latest landmarks */
} slot_kind;

typedef struct slot_state {
    slot_kind kind;
    uint32_t id;
    bool confirmed;     /* reported NEW already (so a loss is reported) */
    int64_t birth;      /* creation order: the younger of two duplicates goes */
    gi_roi roi;         /* where the next landmark run looks */
    gt_hand_slot last;  /* the latest measured report */
} slot_state;

struct gt_hands {
    gu_allocator* allocator;
    int32_t max_hands;
    bool mirrored;
    float min_detection_score, min_presence_score, min_overlap;
    int32_t redetect_interval;
    gt_palm_detector palm;
    gt_hand_landmark landmark;
    slot_state slots[GLINT_MAX_HANDS];
    gt_detection dets[GT_HANDS_MAX_DETECTIONS];
    uint32_t next_id;
    int64_t births;
    int64_t frames_since_detection;
    bool hand_lost; /* since the last detection run */
};

/* <dir>/mediapipe/<file> if it exists, else <dir>/<file>. */
static glint_result find_model(const char* dir, const char* file, char* out, size_t size, glint_error* err) {
    const char* sub[2] = {"/mediapipe/", "/"};
    for (int i = 0; i < 2; i++) {
        int n = snprintf(out, size, "%s%s%s", dir, sub[i], file);
        if (n < 0 || (size_t)n >= size) return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "hands: model path too long");
        FILE* f = fopen(out, "rb");
        if (f) {
            fclose(f);
            return GLINT_SUCCESS;
        }
    }
    return gu_errorf(err, GLINT_ERROR_IO, "hands: %s not found in %s/mediapipe/ or %s/", file, dir, dir);
}

glint_result gt_hands_create(const gt_hands_desc* desc, gu_allocator* allocator, gt_hands** out_hands,
                             glint_error* err) {
    gu_error_clear(err);
    if (!desc || !allocator || !out_hands) return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "hands: NULL argument");
    *out_hands = NULL;
    if (desc->max_hands < 0 || desc->max_hands > GLINT_MAX_HANDS)
        return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "hands: max_hands %d is not in 0..%d", (int)desc->max_hands,
                         GLINT_MAX_HANDS);
    const float scores[3] = {desc->min_detection_score, desc->min_presence_score, desc->min_overlap};
    for (int i = 0; i < 3; i++)
        if (!(scores[i] >= 0.0f && scores[i] <= 1.0f))
            return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "hands: thresholds must be in [0, 1]");
    if (desc->redetect_interval < 0)
        return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "hands: redetect_interval %d is negative",
                         (int)desc->redetect_interval);
    if (desc->variant != GLINT_MODEL_VARIANT_DEFAULT && desc->variant != GLINT_MODEL_VARIANT_LITE &&
        desc->variant != GLINT_MODEL_VARIANT_FULL)
        return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "hands: unknown model variant %d", (int)desc->variant);

    gt_hands* h = gu_calloc(allocator, 1, sizeof(gt_hands));
    if (!h) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "hands: out of memory");
    h->allocator = allocator;
    h->max_hands = desc->max_hands ? desc->max_hands : GLINT_MAX_HANDS;
    h->mirrored = desc->mirrored;
    h->min_detection_score = desc->min_detection_score > 0.0f ? desc->min_detection_score : 0.5f;
    h->min_presence_score = desc->min_presence_score > 0.0f ? desc->min_presence_score : 0.5f;
    h->min_overlap = desc->min_overlap > 0.0f ? desc->min_overlap : 0.5f;
    h->redetect_interval = desc->redetect_interval;
    gt_hands_reset(h);

    bool full = desc->variant == GLINT_MODEL_VARIANT_FULL;
    const char* dir = desc->model_dir ? desc->model_dir : "models";
    char path[1024];
    glint_result r = find_model(dir, full ? "palm_detection_full.tflite" : "palm_detection_lite.tflite", path,
                                sizeof(path), err);
    uint32_t backends = desc->backends; /* shared: a missing device is found once */
    if (r >= 0) r = gt_palm_init_on(&h->palm, path, &backends, allocator, &desc->logger, err);
    if (r >= 0)
        r = find_model(dir, full ? "hand_landmark_full.tflite" : "hand_landmark_lite.tflite", path, sizeof(path), err);
    if (r >= 0) r = gt_hand_landmark_init_on(&h->landmark, path, &backends, allocator, &desc->logger, err);
    if (r < 0) {
        gt_hands_destroy(h);
        return r;
    }
    *out_hands = h;
    return GLINT_SUCCESS;
}

void gt_hands_destroy(gt_hands* h) {
    if (!h) return;
    gu_allocator* a = h->allocator;
    gt_palm_free(&h->palm, a);
    gt_hand_landmark_free(&h->landmark, a);
    gu_free(a, h);
}

void gt_hands_reset(gt_hands* h) {
    if (!h) return;
    memset(h->slots, 0, sizeof(h->slots));
    h->next_id = 1;
    h->births = 0;
    h->frames_since_detection = INT32_MAX; /* the first frame may detect */
    h->hand_lost = false;
}

void gt_hands_use_backend(gt_hands* h, glint_stage stage, glint_backend backend) {
    if (stage == GLINT_STAGE_PALM_DETECTION) gt_palm_use(&h->palm, backend);
    if (stage == GLINT_STAGE_HAND_LANDMARKS) gt_hand_landmark_use(&h->landmark, backend);
}

uint32_t gt_hands_usable(const gt_hands* h, glint_stage stage) {
    if (stage == GLINT_STAGE_PALM_DETECTION) return gt_stage_models_usable(&h->palm.models);
    if (stage == GLINT_STAGE_HAND_LANDMARKS) return gt_stage_models_usable(&h->landmark.models);
    return 0;
}

glint_backend gt_hands_ran_on(const gt_hands* h, glint_stage stage) {
    if (stage == GLINT_STAGE_PALM_DETECTION) return gt_model_last_backend(h->palm.model);
    if (stage == GLINT_STAGE_HAND_LANDMARKS) return gt_model_last_backend(h->landmark.model);
    return GLINT_BACKEND_AUTO;
}

static int32_t count_free(const gt_hands* h) {
    int32_t n = 0;
    for (int32_t s = 0; s < h->max_hands; s++) n += h->slots[s].kind == SLOT_FREE;
    return n;
}

void gt_hands_needs_get(const gt_hands* h, gt_hands_needs* out) {
    memset(out, 0, sizeof(*out));
    if (!h) return;
    out->num_slots = h->max_hands;
    out->num_free = count_free(h);
    for (int32_t s = 0; s < h->max_hands; s++) out->slot_tracked[s] = h->slots[s].kind != SLOT_FREE;
    bool interval_ok = h->redetect_interval <= 0 || h->frames_since_detection >= h->redetect_interval;
    out->detection_wanted = out->num_free > 0 && (interval_ok || h->hand_lost);
}

void gt_hands_plan_all(const gt_hands* h, gt_hands_plan* out) {
    memset(out, 0, sizeof(*out));
    if (!h) return;
    gt_hands_needs n;
    gt_hands_needs_get(h, &n);
    out->run_detection = n.detection_wanted;
    out->new_hand_runs = n.detection_wanted ? n.num_free : 0;
    for (int32_t s = 0; s < GLINT_MAX_HANDS; s++) out->run_landmarks[s] = n.slot_tracked[s];
}

static bool gate_allows(const gt_hands_plan* plan, glint_stage stage, gt_hands_result* out) {
    if (!plan->gate || plan->gate(plan->gate_user, stage, 1)) return true;
    out->skipped_by_gate = true;
    return false;
}

/* A crop the warp can take and that can hold a hand: finite, at least a few pixels, not absurdly
 * larger than the image and centred near it. A broken model output (NaN, a wild box) then loses
 * one hand instead of failing the frame. */
static bool roi_usable(const gi_roi* roi, const gi_image* image) {
    double big = image->width > image->height ? image->width : image->height;
    if (!isfinite(roi->cx) || !isfinite(roi->cy) || !isfinite(roi->side) || !isfinite(roi->rotation)) return false;
    if (roi->side < 4.0 || roi->side > 8.0 * big) return false;
    return roi->cx > -2.0 * big && roi->cx < 3.0 * big && roi->cy > -2.0 * big && roi->cy < 3.0 * big;
}

/* Runs the landmark model for slot s on its ROI and updates the slot; an error only when the
 * model or the crop fails. */
static glint_result measure(gt_hands* h, const gi_image* image, int32_t s, gt_hands_result* out, glint_error* err) {
    slot_state* st = &h->slots[s];
    gt_hand_measurement m;
    if (roi_usable(&st->roi, image)) {
        int64_t t0 = gu_time_ns();
        glint_result r = gt_hand_landmark_run(&h->landmark, image, &st->roi, &m, err);
        out->landmarks_ms += (float)((double)(gu_time_ns() - t0) * 1e-6);
        if (r < 0) return r;
        out->landmark_runs++;
    } else {
        /* The ROI does not fit this frame (e.g. the resolution changed): the hand is lost. */
        memset(&m, 0, sizeof(m));
        m.roi = st->roi;
    }
    gt_hand_slot* rep = &out->slots[s];
    gi_roi next = gt_roi_from_hand_landmarks(m.keypoints);
    if (m.presence >= h->min_presence_score && roi_usable(&next, image)) { /* NaN fails both */
        glint_hand* hand = &st->last.hand;
        memset(&st->last, 0, sizeof(st->last));
        hand->id = st->id;
        hand->state = st->confirmed ? GLINT_TRACK_TRACKED : GLINT_TRACK_NEW;
        if (!st->confirmed) out->num_new++;
        st->confirmed = true;
        gt_handedness_from_raw(m.handedness_raw, h->mirrored, &hand->handedness, &hand->handedness_score);
        hand->presence = m.presence;
        memcpy(hand->keypoints, m.keypoints, sizeof(hand->keypoints));
        memcpy(hand->world, m.world, sizeof(hand->world));
        st->last.handedness_raw = m.handedness_raw;
        st->last.roi = m.roi;
        st->roi = next;
        st->last.next_roi = st->roi;
        st->kind = SLOT_TRACKING;
        *rep = st->last;
        rep->valid = true;
        rep->measured = true;
        return GLINT_SUCCESS;
    }
    /* No hand in the ROI any more. A hand that was reported is reported LOST once, with its
     * last keypoints; a detection that never showed a hand just goes away. */
    if (st->confirmed) {
        *rep = st->last;
        rep->valid = true;
        rep->measured = true;
        rep->hand.state = GLINT_TRACK_LOST;
        rep->hand.presence = m.presence == m.presence ? m.presence : 0.0f;
        rep->roi = m.roi;
        h->hand_lost = true;
    }
    memset(st, 0, sizeof(*st));
    return GLINT_SUCCESS;
}

/* Two tracks on one hand: keep the older, drop the younger. */
static void drop_duplicates(gt_hands* h, gt_hands_result* out) {
    for (int32_t a = 0; a < h->max_hands; a++) {
        for (int32_t b = 0; b < h->max_hands; b++) {
            slot_state *sa = &h->slots[a], *sb = &h->slots[b];
            if (a == b || sa->kind == SLOT_FREE || sb->kind == SLOT_FREE || sb->birth < sa->birth) continue;
            if (gt_roi_iou(&sa->roi, &sb->roi) <= h->min_overlap) continue;
            gt_hand_slot* rep = &out->slots[b];
            if (rep->valid && rep->hand.state == GLINT_TRACK_NEW) {
                /* Confirmed only this frame: it was never a separate hand for the caller. */
                memset(rep, 0, sizeof(*rep));
                out->num_new--;
            } else if (sb->confirmed) {
                *rep = sb->last;
                rep->valid = true;
                rep->hand.state = GLINT_TRACK_LOST;
                h->hand_lost = true;
            }
            memset(sb, 0, sizeof(*sb));
        }
    }
}

static bool overlaps_occupied(const gt_hands* h, const gi_roi* roi) {
    for (int32_t s = 0; s < h->max_hands; s++)
        if (h->slots[s].kind != SLOT_FREE && gt_roi_iou(&h->slots[s].roi, roi) > h->min_overlap) return true;
    return false;
}

/* A free slot that has nothing to report this frame: a slot whose hand was just reported LOST
 * is reused from the next frame on, so that the LOST report is not overwritten. */
static int32_t first_open(const gt_hands* h, const gt_hands_result* out) {
    for (int32_t s = 0; s < h->max_hands; s++)
        if (h->slots[s].kind == SLOT_FREE && !out->slots[s].valid) return s;
    return -1;
}

static glint_result detect(gt_hands* h, const gi_image* image, const gt_hands_plan* plan, gt_hands_result* out,
                           glint_error* err) {
    int32_t n = 0;
    int64_t t0 = gu_time_ns();
    glint_result r = gt_palm_detect(&h->palm, image, h->min_detection_score, h->dets, GT_HANDS_MAX_DETECTIONS, &n, err);
    out->detection_ms = (float)((double)(gu_time_ns() - t0) * 1e-6);
    if (r < 0) return r;
    out->detection_ran = true;
    out->num_detections = n;
    h->frames_since_detection = 1; /* as of the next frame */
    h->hand_lost = false;
    int32_t runs_left = plan->new_hand_runs;
    for (int32_t i = 0; i < n; i++) {
        int32_t s = first_open(h, out);
        if (s < 0) break;
        gi_roi roi = gt_roi_from_palm(&h->dets[i]);
        if (!roi_usable(&roi, image) || overlaps_occupied(h, &roi)) continue;
        slot_state* st = &h->slots[s];
        memset(st, 0, sizeof(*st));
        st->kind = SLOT_PENDING;
        st->id = h->next_id++;
        if (h->next_id == 0) h->next_id = 1;
        st->birth = h->births++;
        st->roi = roi;
        st->last.next_roi = roi;
        if (runs_left > 0 && gate_allows(plan, GLINT_STAGE_HAND_LANDMARKS, out)) {
            runs_left--;
            r = measure(h, image, s, out, err);
            if (r < 0) return r;
        }
    }
    return GLINT_SUCCESS;
}

glint_result gt_hands_step(gt_hands* h, const gi_image* image, int64_t t_ns, const gt_hands_plan* plan,
                           gt_hands_result* out, glint_error* err) {
    gu_error_clear(err);
    if (!out) return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "hands: NULL result");
    memset(out, 0, sizeof(*out));
    if (!h || !image) return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "hands: NULL argument");
    glint_result r = gi_image_validate(image, err);
    if (r < 0) return r;
    gt_hands_plan all;
    if (!plan) {
        gt_hands_plan_all(h, &all);
        plan = &all;
    }
    (void)t_ns;

    /* 1. Follow the hands we have, each from its own ROI. */
    for (int32_t s = 0; s < h->max_hands && r >= 0; s++) {
        slot_state* st = &h->slots[s];
        if (st->kind == SLOT_FREE) continue;
        if (plan->run_landmarks[s] && gate_allows(plan, GLINT_STAGE_HAND_LANDMARKS, out)) {
            r = measure(h, image, s, out, err);
        } else if (st->confirmed) {
            out->slots[s] = st->last;
            out->slots[s].valid = true;
            out->slots[s].measured = false;
            out->slots[s].hand.state = GLINT_TRACK_PREDICTED;
        }
    }
    if (r >= 0) drop_duplicates(h, out);

    /* 2. Look for new hands when a slot is free. */
    if (r >= 0 && plan->run_detection && first_open(h, out) >= 0 &&
        gate_allows(plan, GLINT_STAGE_PALM_DETECTION, out)) {
        r = detect(h, image, plan, out, err);
        if (r >= 0) drop_duplicates(h, out);
    } else if (h->frames_since_detection < INT32_MAX) {
        h->frames_since_detection++;
    }
    if (r < 0) {
        gt_hands_result keep = *out;
        memset(out, 0, sizeof(*out));
        out->detection_ms = keep.detection_ms;
        out->landmarks_ms = keep.landmarks_ms;
        return r;
    }
    for (int32_t s = 0; s < h->max_hands; s++) out->num_valid += out->slots[s].valid;
    return GLINT_SUCCESS;
}
