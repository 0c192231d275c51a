/*
 * gt_planner: decides, frame by frame, which tracker stages run inside the frame budget.
 *
 * Costs. For every stage and backend the planner keeps an exponential moving average of the
 * measured milliseconds per model run (landmarks: per hand). The first measurement seeds the
 * average; after that each new one moves it by `alpha` (default 0.2: a step change in cost,
 * e.g. thermal throttling, is 90 % absorbed after about 10 frames, while a single slow frame
 * moves it by only a fifth). A stage that has never been measured has no estimate: it is
 * planned as free so that it runs once and gets one, unless the caller gave a prior with
 * gt_planner_seed (the tracker does not guess priors: the first frame is the calibration).
 *
 * Backends (gt_planner_cost.c). Each stage has its own set of allowed backends (config.backends,
 * narrowed per stage with gt_planner_set_backends: the tracker allows only where the stage's
 * model really runs, and takes Vulkan away from a stage whose model fell back to the CPU). A
 * fixed config.backend is used where allowed; otherwise (AUTO, or the fixed one was taken
 * away) each stage picks among its allowed backends by measured cost:
 *   explore   while an allowed backend has fewer than GT_PLANNER_EXPLORE_RUNS measurements
 *             of the stage, the least measured one runs (ties: CPU first), so the backends
 *             take turns under the same conditions. When more than one backend is allowed,
 *             the first measurement of each is a warm-up (first-touch page faults, driver set-up)
 *             that the second replaces, and the following ones are averaged evenly, so the
 *             comparison rests on the mean of 3 warm runs; then the moving average goes on.
 *   exploit   the allowed backend with the lowest estimate.
 *   re-measure a backend not chosen is run once again after its stage has run N times
 *             elsewhere, N = GT_PLANNER_REMEASURE_RUNS x (its estimate / the chosen one's),
 *             at most GT_PLANNER_REMEASURE_MAX: a backend k times slower is retried k times less
 *             often, so re-measuring costs about 1 / GT_PLANNER_REMEASURE_RUNS (2 %) of the
 *             stage's time whatever k is. That measurement replaces the stale estimate, so a
 *             change (thermal throttling of one processor, a GPU busy with rendering) is seen
 *             at the next re-measurement and the choice flips.
 * With a budget, a trial (an exploring or re-measuring run on a backend that already has an
 * estimate) waits for a frame where it changes nothing: the plan must be the same, at the same
 * level, with and without it; meanwhile the stage runs where the estimate is lowest so far. So
 * measuring never costs quality under a budget, and a backend too slow to ever fit is simply
 * not explored further.
 * With a single allowed backend nothing of this applies (plain moving average).
 *
 * Probing. An estimate is only refreshed by running the stage, so a pessimistic one (a slow,
 * cold first run; a slowdown that has passed) could keep a stage off for ever under a tight
 * budget. Once a stage has been needed and not run for GT_PLANNER_PROBE_AFTER frames in a row
 * (30: one second at 30 fps), its estimate decays by GT_PLANNER_PROBE_DECAY (10 %) per further
 * frame until it fits; the measurement of that run then replaces the estimate instead of being
 * averaged in. A stage that really does not fit costs one missed deadline (reported) per probe,
 * roughly every 1.2 to 2 s depending on how far it is over.
 *
 * Degradation. With a budget, the planner picks the lowest level whose planned cost fits the
 * remaining budget. Levels are cumulative and ordered by how little they cost in quality:
 *   0 NONE            everything that is needed runs.
 *   1 BODY_HALF       the body runs every other frame; in between it is PREDICTED from
 *                     earlier frames (body motion is slower than hand motion and the body
 *                     result is the least latency-critical for interaction).
 *   2 DEFER_DETECTION palm detection is deferred while at least one hand is tracked (a second
 *                     hand entering the view is found a few frames later).
 *   3 ALTERNATE_HANDS landmarks run for one tracked hand per frame, the least recently
 *                     measured one (ties: taking turns); the other is PREDICTED.
 *   4 BODY_QUARTER    the body runs every fourth frame.
 *   5 GREEDY          what still fits, by priority: tracked hands' landmarks (stalest first),
 *                     then detection, then body; except that a body not run for
 *                     GT_BODY_MAX_AGE frames goes first (so it cannot starve for ever when it
 *                     fits the budget on its own; the hands are PREDICTED on that frame).
 * The level is chosen per frame: the mildest one under which *this* frame fits. The body's
 * and the alternation's phases make consecutive frames differ, e.g. under level 1 a frame
 * that runs the body may need level 2 (detection waits for the next frame) while the frame
 * after it, without the body, fits at level 1 with detection. At every level a stage never
 * starts when its estimate exceeds the budget left: it is reported SKIPPED (nothing to show)
 * or PREDICTED (extrapolated from history). Recovery: the level drops back as soon as a lower
 * level fits, but to go below the previous frame's level the lower plan must fit inside
 * (1 - recover_margin) of the budget (default 15 %), so that a plan that only just fits does
 * not flip levels on noise.
 *
 * Post-processing (gestures, filters, prediction) costs microseconds and produces the frame's
 * output even when everything else is skipped: it always runs and is not budgeted.
 *
 * Pure logic: no clock, no allocation. The tracker measures with gu_time_ns and feeds the
 * costs back with gt_planner_record; tests inject costs the same way.
 */
#ifndef GT_PLANNER_H
#define GT_PLANNER_H

#include <stdbool.h>
#include <stdint.h>

#include "glint/glint.h"

#define GT_PLANNER_BACKENDS 3 /* indexed by glint_backend; slot 0 (AUTO) is unused */
#define GT_BODY_MAX_AGE 8     /* GREEDY refreshes a body this many frames old before hands */
#define GT_PLANNER_PROBE_AFTER 30   /* frames a needed stage may starve before its estimate decays */
#define GT_PLANNER_PROBE_DECAY 0.9f /* per frame after that */
#define GT_PLANNER_EXPLORE_RUNS 4       /* measurements per backend before AUTO compares (1 warm-up) */
#define GT_PLANNER_REMEASURE_RUNS 50    /* runs elsewhere before a backend 1x as costly is re-measured */
#define GT_PLANNER_REMEASURE_MAX 3000   /* ... and at most this many, however slow it was */

typedef enum gt_degrade_level {
    GT_DEGRADE_NONE = 0,
    GT_DEGRADE_BODY_HALF = 1,
    GT_DEGRADE_DEFER_DETECTION = 2,
    GT_DEGRADE_ALTERNATE_HANDS = 3,
    GT_DEGRADE_BODY_QUARTER = 4,
    GT_DEGRADE_GREEDY = 5,
    GT_DEGRADE_COUNT
} gt_degrade_level;

typedef struct gt_planner_config {
    float alpha;             /* moving-average weight of a new measurement; 0 = 0.2 */
    float recover_margin;    /* fraction of the budget kept free to step back down; 0 = 0.15 */
    uint32_t backends;       /* bit (1 << glint_backend) per usable backend; 0 = CPU only
                                (a fixed `backend` is added); per stage: gt_planner_set_backends */
    glint_backend backend;   /* AUTO: measured, per stage (see Backends); else this one where allowed */
} gt_planner_config;

typedef struct gt_stage_cost {
    float ms;        /* moving average (or the prior), ms per run */
    int32_t samples; /* measurements so far; the first one replaces a prior */
    bool known;      /* measured or seeded: ms is an estimate */
} gt_stage_cost;

typedef struct gt_planner {
    gt_planner_config config;
    gt_stage_cost cost[GLINT_STAGE_COUNT][GT_PLANNER_BACKENDS];
    gt_degrade_level level;      /* level chosen for the latest frame */
    int64_t frame;               /* frames planned so far */
    int32_t body_age;            /* frames since the body last ran (large: never) */
    int32_t landmark_age[GLINT_MAX_HANDS]; /* frames since each slot's landmarks last ran */
    int32_t alternate_next;      /* slot preferred on a tie when hands alternate */
    int32_t starved[GLINT_STAGE_COUNT]; /* consecutive frames needed but not run (probing) */
    uint32_t allowed[GLINT_STAGE_COUNT]; /* backend bits per stage */
    /* stage runs on other backends since this backend last measured the stage (re-measuring) */
    int32_t runs_elsewhere[GLINT_STAGE_COUNT][GT_PLANNER_BACKENDS];
    uint32_t trial_held;         /* stage bits: this frame's backend trial waits (budget) */
} gt_planner;

/* What the pipelines need this frame. */
typedef struct gt_plan_request {
    float budget_ms;        /* 0 = unlimited */
    float used_ms;          /* already spent this frame before planning (input conversion) */
    bool detection_wanted;  /* a hand slot is free or a hand was lost (and the re-detect
                               interval allows it) */
    int32_t num_slots;      /* hand slots in use by the tracker (max_hands), 0 = hands off */
    bool slot_tracked[GLINT_MAX_HANDS]; /* the slot follows a hand: its landmarks are needed */
    bool body_enabled;
    bool body_has_history;  /* an earlier body result exists to predict from */
} gt_plan_request;

typedef struct gt_plan {
    gt_degrade_level level;
    bool run_detection;
    /* Landmark runs reserved for hands the detector may find this frame (0 when detection
     * does not run); the hands pipeline runs at most this many on new detections. */
    int32_t new_hand_runs;
    bool run_landmarks[GLINT_MAX_HANDS]; /* per tracked slot */
    bool run_body;
    /* Per stage: status, planned runs, estimate_ms (for the planned runs, or for one run when
     * the stage does not run), backend; ms is left 0 for the caller to fill. */
    glint_stage_report stages[GLINT_STAGE_COUNT];
    float estimate_ms;      /* planned total, not counting used_ms */
} gt_plan;

void gt_planner_init(gt_planner* planner, const gt_planner_config* config);

/* A prior for a stage on a backend (ms per run), used until the first measurement. */
void gt_planner_seed(gt_planner* planner, glint_stage stage, glint_backend backend, float ms_per_run);

/* Feeds back a measurement: `runs` model runs of `stage` on `backend` took total_ms. */
void gt_planner_record(gt_planner* planner, glint_stage stage, glint_backend backend, int32_t runs, float total_ms);

/* The estimate in ms per run (decayed while the stage starves, see Probing) and where it
 * would run (the chosen backend); a negative value when the stage has no estimate yet (it is
 * then planned as free). */
float gt_planner_estimate(const gt_planner* planner, glint_stage stage, glint_backend* out_backend);

/* Where `stage` may run from now on (bits 1 << glint_backend; 0 or no valid bit = CPU only). */
void gt_planner_set_backends(gt_planner* planner, glint_stage stage, uint32_t backends);
uint32_t gt_planner_backends(const gt_planner* planner, glint_stage stage);

/* True when the backend gt_planner_estimate picks for `stage` now is a trial (exploring or
 * re-measuring, see Backends), which gt_planner_plan may hold back for the frame. */
bool gt_planner_trying(const gt_planner* planner, glint_stage stage);

/* Decides this frame's work (updates the degradation level). */
void gt_planner_plan(gt_planner* planner, const gt_plan_request* request, gt_plan* out_plan);

/* Whether `runs` runs of `stage` still fit when elapsed_ms of the frame are gone; the tracker
 * asks this again right before starting each stage, with the real clock. Always true without
 * a budget or without an estimate. */
bool gt_planner_fits(const gt_planner* planner, glint_stage stage, int32_t runs, float budget_ms, float elapsed_ms);

/* Closes the frame: what actually ran (after any last-moment skips), for the alternation
 * counters. landmarks_ran may be NULL (none ran). */
void gt_planner_end_frame(gt_planner* planner, bool body_ran, const bool* landmarks_ran, int32_t num_slots);

const char* gt_degrade_level_name(gt_degrade_level level); /* "none", "body_half", ... */

#endif /* GT_PLANNER_H */
