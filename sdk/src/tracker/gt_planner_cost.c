/* The planner's cost estimates and its choice of backend per stage (see gt_planner.h, "Costs",
 * "Backends" and "Probing"). Pure logic, like the rest of the planner. */
#include <math.h>

#include "gt_planner.h"

static bool valid_stage(glint_stage s) { return (int)s >= 0 && s < GLINT_STAGE_COUNT; }
static bool valid_backend(glint_backend b) { return (int)b > 0 && (int)b < GT_PLANNER_BACKENDS; }

static int count_bits(uint32_t v) {
    int n = 0;
    for (; v; v &= v - 1) n++;
    return n;
}

void gt_planner_set_backends(gt_planner* planner, glint_stage stage, uint32_t backends) {
    if (!valid_stage(stage)) return;
    backends &= ((1u << GT_PLANNER_BACKENDS) - 1u) & ~1u;
    planner->allowed[stage] = backends ? backends : 1u << GLINT_BACKEND_CPU;
}

uint32_t gt_planner_backends(const gt_planner* planner, glint_stage stage) {
    return valid_stage(stage) ? planner->allowed[stage] : 0u;
}

void gt_planner_seed(gt_planner* planner, glint_stage stage, glint_backend backend, float ms_per_run) {
    if (!valid_stage(stage) || !valid_backend(backend) || !(ms_per_run >= 0.0f)) return;
    gt_stage_cost* c = &planner->cost[stage][backend];
    if (c->samples > 0) return; /* a measurement beats a prior */
    c->ms = ms_per_run;
    c->known = true;
}

void gt_planner_record(gt_planner* planner, glint_stage stage, glint_backend backend, int32_t runs, float total_ms) {
    if (!valid_stage(stage) || !valid_backend(backend) || runs <= 0 || !(total_ms >= 0.0f)) return;
    gt_stage_cost* c = &planner->cost[stage][backend];
    float per_run = total_ms / (float)runs;
    bool probe = planner->starved[stage] >= GT_PLANNER_PROBE_AFTER;
    bool comparing = count_bits(planner->allowed[stage]) > 1;
    /* Measured again after running elsewhere for a while: the old estimate is stale. */
    bool remeasure = comparing && c->samples >= GT_PLANNER_EXPLORE_RUNS && planner->runs_elsewhere[stage][backend] > 0;
    planner->starved[stage] = 0;
    for (int b = 1; b < GT_PLANNER_BACKENDS; b++) {
        int32_t* n = &planner->runs_elsewhere[stage][b];
        if (b == (int)backend)
            *n = 0;
        else if (*n < INT32_MAX - runs)
            *n += runs;
    }
    if (c->samples == 0 || probe || remeasure) /* first measurement, a probe, a stale estimate */
        c->ms = per_run;
    else if (comparing && c->samples < GT_PLANNER_EXPLORE_RUNS) /* warm-up replaced, then an even mean */
        c->ms += (per_run - c->ms) / (float)c->samples;
    else
        c->ms += planner->config.alpha * (per_run - c->ms);
    c->known = true;
    if (c->samples < INT32_MAX) c->samples++;
}

/* How many runs elsewhere before `b` (estimate ms) is measured again next to the best (best_ms). */
static int32_t remeasure_after(float ms, float best_ms) {
    double ratio = best_ms > 0.0f ? (double)ms / (double)best_ms : GT_PLANNER_REMEASURE_MAX;
    double n = GT_PLANNER_REMEASURE_RUNS * (ratio > 1.0 ? ratio : 1.0);
    return n > GT_PLANNER_REMEASURE_MAX ? GT_PLANNER_REMEASURE_MAX : (int32_t)n;
}

typedef enum choice_kind { CHOICE_FIXED, CHOICE_EXPLORE, CHOICE_BEST, CHOICE_REMEASURE } choice_kind;

/* Where the stage runs next and why (see "Backends" in gt_planner.h). */
static glint_backend choose(const gt_planner* p, glint_stage stage, choice_kind* out_kind) {
    uint32_t allowed = p->allowed[stage];
    glint_backend fixed = p->config.backend;
    *out_kind = CHOICE_FIXED;
    if (fixed != GLINT_BACKEND_AUTO && (allowed & (1u << fixed))) return fixed;
    if (count_bits(allowed) <= 1) {
        for (int b = 1; b < GT_PLANNER_BACKENDS; b++)
            if (allowed & (1u << b)) return (glint_backend)b;
        return GLINT_BACKEND_CPU;
    }
    int explore = -1, best = -1;
    for (int b = 1; b < GT_PLANNER_BACKENDS; b++) {
        if (!(allowed & (1u << b))) continue;
        const gt_stage_cost* c = &p->cost[stage][b];
        if (c->samples < GT_PLANNER_EXPLORE_RUNS && (explore < 0 || c->samples < p->cost[stage][explore].samples))
            explore = b;
        if (c->known && (best < 0 || c->ms < p->cost[stage][best].ms)) best = b;
    }
    /* A held trial (gt_planner_plan) gives way to the best estimate so far. */
    bool held = (p->trial_held & (1u << stage)) && best >= 0;
    if (explore >= 0 && !held) {
        *out_kind = CHOICE_EXPLORE;
        return (glint_backend)explore;
    }
    *out_kind = CHOICE_BEST;
    if (held) return (glint_backend)best;
    for (int b = 1; b < GT_PLANNER_BACKENDS; b++) {
        if (b == best || !(allowed & (1u << b))) continue;
        if (p->runs_elsewhere[stage][b] >= remeasure_after(p->cost[stage][b].ms, p->cost[stage][best].ms)) {
            *out_kind = CHOICE_REMEASURE;
            return (glint_backend)b;
        }
    }
    return (glint_backend)best;
}

bool gt_planner_trying(const gt_planner* planner, glint_stage stage) {
    if (!valid_stage(stage)) return false;
    choice_kind kind;
    choose(planner, stage, &kind);
    return kind == CHOICE_EXPLORE || kind == CHOICE_REMEASURE;
}

float gt_planner_estimate(const gt_planner* planner, glint_stage stage, glint_backend* out_backend) {
    if (!valid_stage(stage)) {
        if (out_backend) *out_backend = GLINT_BACKEND_CPU;
        return -1.0f;
    }
    choice_kind kind;
    glint_backend chosen = choose(planner, stage, &kind);
    const gt_stage_cost* c = &planner->cost[stage][chosen];
    float ms = c->known ? c->ms : -1.0f;
    if (out_backend) *out_backend = chosen;
    int32_t over = planner->starved[stage] - GT_PLANNER_PROBE_AFTER;
    if (ms > 0.0f && over >= 0) ms *= powf(GT_PLANNER_PROBE_DECAY, (float)(over + 1));
    return ms;
}
