#include "gt_planner.h"

#include <math.h>
#include <string.h>

enum { GT_AGE_NEVER = 1 << 20 }; /* "has never run": older than any alternation period */

void gt_planner_init(gt_planner* planner, const gt_planner_config* config) {
    memset(planner, 0, sizeof(*planner));
    if (config) planner->config = *config;
    gt_planner_config* c = &planner->config;
    if (!(c->alpha > 0.0f && c->alpha <= 1.0f)) c->alpha = 0.2f;
    if (!(c->recover_margin > 0.0f && c->recover_margin < 1.0f)) c->recover_margin = 0.15f;
    if ((int)c->backend < 0 || (int)c->backend >= GT_PLANNER_BACKENDS) c->backend = GLINT_BACKEND_AUTO;
    if (c->backend != GLINT_BACKEND_AUTO) c->backends |= 1u << c->backend;
    c->backends &= (1u << GT_PLANNER_BACKENDS) - 1u;
    c->backends &= ~1u; /* AUTO is not a place to run */
    if (c->backends == 0) c->backends = 1u << GLINT_BACKEND_CPU;
    for (int s = 0; s < GLINT_STAGE_COUNT; s++) planner->allowed[s] = c->backends;
    planner->body_age = GT_AGE_NEVER;
    for (int i = 0; i < GLINT_MAX_HANDS; i++) planner->landmark_age[i] = GT_AGE_NEVER;
}

bool gt_planner_fits(const gt_planner* planner, glint_stage stage, int32_t runs, float budget_ms, float elapsed_ms) {
    if (!(budget_ms > 0.0f) || runs <= 0) return true;
    float est = gt_planner_estimate(planner, stage, NULL);
    if (est < 0.0f) return true;
    return est * (float)runs <= budget_ms - elapsed_ms;
}

/* One candidate plan: which stages a level asks for, before the budget check. */
typedef struct candidate {
    bool detection;
    int32_t new_hand_runs;
    bool landmarks[GLINT_MAX_HANDS];
    bool body;
} candidate;

typedef struct costs {
    float det, lm, body; /* ms per run, unknown = 0 */
} costs;

static float known_or_zero(float ms) { return ms < 0.0f ? 0.0f : ms; }

static float candidate_cost(const candidate* c, const costs* k, int32_t num_slots) {
    float t = 0.0f;
    if (c->detection) t += k->det + k->lm * (float)c->new_hand_runs;
    for (int i = 0; i < num_slots; i++)
        if (c->landmarks[i]) t += k->lm;
    if (c->body) t += k->body;
    return t;
}

static int32_t count_tracked(const gt_plan_request* r, int32_t num_slots) {
    int32_t n = 0;
    for (int i = 0; i < num_slots; i++) n += r->slot_tracked[i] ? 1 : 0;
    return n;
}

/* The tracked slot whose landmarks are the oldest; ties go to the slot whose turn it is
 * (alternate_next, then upwards), so two hands that both ran last frame take turns. -1 if none. */
static int stalest_slot(const gt_planner* p, const gt_plan_request* r, int32_t num_slots, const bool* exclude) {
    int best = -1;
    for (int k = 0; k < num_slots; k++) {
        int i = (p->alternate_next + k) % num_slots;
        if (!r->slot_tracked[i] || (exclude && exclude[i])) continue;
        if (best < 0 || p->landmark_age[i] > p->landmark_age[best]) best = i;
    }
    return best;
}

static candidate level_candidate(const gt_planner* p, const gt_plan_request* r, int32_t num_slots,
                                 gt_degrade_level level) {
    candidate c;
    memset(&c, 0, sizeof(c));
    int32_t tracked = count_tracked(r, num_slots);
    int32_t free_slots = num_slots - tracked;

    if (num_slots > 0 && r->detection_wanted) {
        c.detection = !(level >= GT_DEGRADE_DEFER_DETECTION && tracked > 0);
        /* Reserve landmarks for what the detector may find: every free slot, or one when hands
         * already alternate. */
        if (c.detection) c.new_hand_runs = level >= GT_DEGRADE_ALTERNATE_HANDS && free_slots > 1 ? 1 : free_slots;
    }
    if (level >= GT_DEGRADE_ALTERNATE_HANDS) {
        int s = stalest_slot(p, r, num_slots, NULL);
        if (s >= 0) c.landmarks[s] = true;
    } else {
        for (int i = 0; i < num_slots; i++) c.landmarks[i] = r->slot_tracked[i];
    }
    if (r->body_enabled) {
        int32_t period = level >= GT_DEGRADE_BODY_QUARTER ? 4 : level >= GT_DEGRADE_BODY_HALF ? 2 : 1;
        /* Nothing to predict from: the body runs whatever the level says. */
        c.body = !r->body_has_history || p->body_age >= period - 1;
    }
    return c;
}

/* GREEDY: tracked landmarks (stalest first), then detection, then body, each only if it fits. */
static candidate greedy_candidate(const gt_planner* p, const gt_plan_request* r, int32_t num_slots, const costs* k,
                                  float limit) {
    candidate c;
    memset(&c, 0, sizeof(c));
    float left = limit;
    if (r->body_enabled && r->body_has_history && p->body_age >= GT_BODY_MAX_AGE - 1 && k->body <= left) {
        c.body = true; /* starving: refresh it before the hands */
        left -= k->body;
    }
    for (;;) {
        int s = stalest_slot(p, r, num_slots, c.landmarks);
        if (s < 0 || k->lm > left) break;
        c.landmarks[s] = true;
        left -= k->lm;
    }
    if (num_slots > 0 && r->detection_wanted && k->det <= left) {
        c.detection = true;
        left -= k->det;
        int32_t free_slots = num_slots - count_tracked(r, num_slots);
        while (c.new_hand_runs < free_slots && k->lm <= left) {
            c.new_hand_runs++;
            left -= k->lm;
        }
        if (c.new_hand_runs == 0 && free_slots > 0) {
            /* Detection without a landmark run after it finds nothing usable: give it back. */
            c.detection = false;
            left += k->det;
        }
    }
    if (r->body_enabled && !c.body && k->body <= left) {
        c.body = true;
        left -= k->body;
    }
    return c;
}

/* The estimates and backends of this frame, and the mildest level that fits with them. */
static gt_degrade_level choose_level(const gt_planner* planner, const gt_plan_request* request, int32_t num_slots,
                                     float per_run[GLINT_STAGE_COUNT], glint_backend backend[GLINT_STAGE_COUNT],
                                     costs* k, candidate* c) {
    for (int s = 0; s < GLINT_STAGE_COUNT; s++) per_run[s] = gt_planner_estimate(planner, (glint_stage)s, &backend[s]);
    *k = (costs){known_or_zero(per_run[GLINT_STAGE_PALM_DETECTION]),
                 known_or_zero(per_run[GLINT_STAGE_HAND_LANDMARKS]), known_or_zero(per_run[GLINT_STAGE_BODY])};
    if (!(request->budget_ms > 0.0f)) {
        *c = level_candidate(planner, request, num_slots, GT_DEGRADE_NONE);
        return GT_DEGRADE_NONE;
    }
    float remaining = request->budget_ms - request->used_ms;
    float relaxed = request->budget_ms * (1.0f - planner->config.recover_margin) - request->used_ms;
    gt_degrade_level level;
    for (level = GT_DEGRADE_NONE; level < GT_DEGRADE_GREEDY; level++) {
        *c = level_candidate(planner, request, num_slots, level);
        float limit = level < planner->level ? relaxed : remaining;
        if (candidate_cost(c, k, num_slots) <= limit) return level;
    }
    *c = greedy_candidate(planner, request, num_slots, k, remaining);
    return GT_DEGRADE_GREEDY;
}

static bool same_candidate(const candidate* a, const candidate* b) {
    if (a->detection != b->detection || a->new_hand_runs != b->new_hand_runs || a->body != b->body) return false;
    for (int i = 0; i < GLINT_MAX_HANDS; i++)
        if (a->landmarks[i] != b->landmarks[i]) return false;
    return true;
}

void gt_planner_plan(gt_planner* planner, const gt_plan_request* request, gt_plan* out_plan) {
    gt_plan* out = out_plan;
    memset(out, 0, sizeof(*out));
    int32_t num_slots = request->num_slots;
    if (num_slots < 0) num_slots = 0;
    if (num_slots > GLINT_MAX_HANDS) num_slots = GLINT_MAX_HANDS;

    glint_backend backend[GLINT_STAGE_COUNT];
    float per_run[GLINT_STAGE_COUNT];
    costs k;
    candidate c;
    planner->trial_held = 0;
    gt_degrade_level level = choose_level(planner, request, num_slots, per_run, backend, &k, &c);
    uint32_t trials = 0;
    for (int s = 0; s < GLINT_STAGE_COUNT; s++) /* an unmeasured backend is planned as free: never held */
        trials |= per_run[s] >= 0.0f && gt_planner_trying(planner, (glint_stage)s) ? 1u << s : 0u;
    if (trials && request->budget_ms > 0.0f) {
        /* Backend trials only on a frame they leave unchanged (see Backends in gt_planner.h);
         * held ones stay held for the rest of the frame, so the gate agrees with the plan. */
        planner->trial_held = trials;
        candidate without;
        float per_run_without[GLINT_STAGE_COUNT];
        glint_backend backend_without[GLINT_STAGE_COUNT];
        costs k_without;
        gt_degrade_level level_without =
            choose_level(planner, request, num_slots, per_run_without, backend_without, &k_without, &without);
        if (level_without == level && same_candidate(&without, &c)) {
            planner->trial_held = 0;
        } else {
            level = level_without;
            c = without;
            k = k_without;
            memcpy(per_run, per_run_without, sizeof(per_run));
            memcpy(backend, backend_without, sizeof(backend));
        }
    }
    planner->level = level;
    out->level = level;
    if (level >= GT_DEGRADE_ALTERNATE_HANDS && num_slots > 0) {
        /* The next tie goes to the slot after the last one measured alone. */
        for (int i = 0; i < num_slots; i++)
            if (c.landmarks[i]) planner->alternate_next = (i + 1) % num_slots;
    }

    out->run_detection = c.detection;
    out->new_hand_runs = c.detection ? c.new_hand_runs : 0;
    out->run_body = c.body;
    int32_t tracked_runs = 0, tracked_skipped = 0;
    for (int i = 0; i < num_slots; i++) {
        out->run_landmarks[i] = c.landmarks[i] && request->slot_tracked[i];
        tracked_runs += out->run_landmarks[i] ? 1 : 0;
        tracked_skipped += request->slot_tracked[i] && !out->run_landmarks[i] ? 1 : 0;
    }

    glint_stage_report* st = out->stages;
    for (int s = 0; s < GLINT_STAGE_COUNT; s++) {
        st[s].backend = backend[s];
        st[s].estimate_ms = known_or_zero(per_run[s]);
    }
    /* Palm detection. */
    glint_stage_report* d = &st[GLINT_STAGE_PALM_DETECTION];
    if (num_slots == 0 || !request->detection_wanted)
        d->status = GLINT_STAGE_NOT_NEEDED;
    else
        d->status = out->run_detection ? GLINT_STAGE_RAN : GLINT_STAGE_SKIPPED;
    d->runs = out->run_detection ? 1 : 0;
    /* Landmarks: planned runs include the reservation for new hands. */
    glint_stage_report* l = &st[GLINT_STAGE_HAND_LANDMARKS];
    l->runs = tracked_runs + out->new_hand_runs;
    if (l->runs > 0)
        l->status = GLINT_STAGE_RAN;
    else
        l->status = tracked_skipped > 0 ? GLINT_STAGE_PREDICTED : GLINT_STAGE_NOT_NEEDED;
    if (l->runs > 0) l->estimate_ms = k.lm * (float)l->runs;
    /* Body. */
    glint_stage_report* b = &st[GLINT_STAGE_BODY];
    if (!request->body_enabled)
        b->status = GLINT_STAGE_NOT_NEEDED;
    else if (out->run_body)
        b->status = GLINT_STAGE_RAN;
    else
        b->status = request->body_has_history ? GLINT_STAGE_PREDICTED : GLINT_STAGE_SKIPPED;
    b->runs = out->run_body ? 1 : 0;
    /* Post-processing always runs. */
    st[GLINT_STAGE_POSTPROCESS].status = GLINT_STAGE_RAN;
    st[GLINT_STAGE_POSTPROCESS].runs = 1;

    out->estimate_ms = candidate_cost(&c, &k, num_slots) + known_or_zero(per_run[GLINT_STAGE_POSTPROCESS]);
    planner->frame++;

    /* Starvation counts for probing: gt_planner_record resets a stage that runs. */
    bool needed[GLINT_STAGE_COUNT] = {false};
    needed[GLINT_STAGE_PALM_DETECTION] = num_slots > 0 && request->detection_wanted;
    needed[GLINT_STAGE_HAND_LANDMARKS] = count_tracked(request, num_slots) > 0;
    needed[GLINT_STAGE_BODY] = request->body_enabled;
    for (int s = 0; s < GLINT_STAGE_COUNT; s++) {
        if (!needed[s])
            planner->starved[s] = 0;
        else if (planner->starved[s] < INT32_MAX)
            planner->starved[s]++;
    }
}

void gt_planner_end_frame(gt_planner* planner, bool body_ran, const bool* landmarks_ran, int32_t num_slots) {
    planner->body_age = body_ran ? 0 : (planner->body_age < GT_AGE_NEVER ? planner->body_age + 1 : GT_AGE_NEVER);
    for (int i = 0; i < GLINT_MAX_HANDS; i++) {
        bool ran = landmarks_ran && i < num_slots && landmarks_ran[i];
        int32_t* age = &planner->landmark_age[i];
        *age = ran ? 0 : (*age < GT_AGE_NEVER ? *age + 1 : GT_AGE_NEVER);
    }
}

const char* gt_degrade_level_name(gt_degrade_level level) {
    switch (level) {
    case GT_DEGRADE_NONE: return "none";
    case GT_DEGRADE_BODY_HALF: return "body_half";
    case GT_DEGRADE_DEFER_DETECTION: return "defer_detection";
    case GT_DEGRADE_ALTERNATE_HANDS: return "alternate_hands";
    case GT_DEGRADE_BODY_QUARTER: return "body_quarter";
    case GT_DEGRADE_GREEDY: return "greedy";
    default: return "?";
    }
}
