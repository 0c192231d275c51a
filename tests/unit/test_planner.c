/*
 * The frame-budget planner with injected stage costs (no wall clock): it runs what is needed
 * when there is room, degrades in the documented order, never plans past the budget, reports
 * each stage, and recovers when costs drop.
 */
#include "test_util.h"
#include "tracker/gt_planner.h"

enum { DET = GLINT_STAGE_PALM_DETECTION, LM = GLINT_STAGE_HAND_LANDMARKS, BODY = GLINT_STAGE_BODY,
       POST = GLINT_STAGE_POSTPROCESS };

/* Fake costs in ms per run, fed back as if measured. */
typedef struct fake_costs {
    float det, lm, body, post;
} fake_costs;

static void record_all(gt_planner* p, fake_costs c) {
    gt_planner_record(p, GLINT_STAGE_PALM_DETECTION, GLINT_BACKEND_CPU, 1, c.det);
    gt_planner_record(p, GLINT_STAGE_HAND_LANDMARKS, GLINT_BACKEND_CPU, 1, c.lm);
    gt_planner_record(p, GLINT_STAGE_BODY, GLINT_BACKEND_CPU, 1, c.body);
    gt_planner_record(p, GLINT_STAGE_POSTPROCESS, GLINT_BACKEND_CPU, 1, c.post);
}

static gt_plan_request two_hands_and_body(float budget) {
    gt_plan_request r;
    memset(&r, 0, sizeof(r));
    r.budget_ms = budget;
    r.num_slots = 2;
    r.slot_tracked[0] = r.slot_tracked[1] = true;
    r.body_enabled = true;
    r.body_has_history = true;
    return r;
}

/* Runs one frame as the tracker would: plan, "execute" (measured cost = c exactly), record, end. */
static gt_plan run_frame(gt_planner* p, const gt_plan_request* r, fake_costs c) {
    gt_plan plan;
    gt_planner_plan(p, r, &plan);
    if (plan.run_detection) gt_planner_record(p, GLINT_STAGE_PALM_DETECTION, GLINT_BACKEND_CPU, 1, c.det);
    int lm_runs = 0;
    for (int i = 0; i < r->num_slots; i++) lm_runs += plan.run_landmarks[i] ? 1 : 0;
    if (lm_runs) gt_planner_record(p, GLINT_STAGE_HAND_LANDMARKS, GLINT_BACKEND_CPU, lm_runs, c.lm * (float)lm_runs);
    if (plan.run_body) gt_planner_record(p, GLINT_STAGE_BODY, GLINT_BACKEND_CPU, 1, c.body);
    /* The central promise: what was planned fits the budget left, by the estimates (the
     * measured costs may differ when they just changed; the moving average then catches up). */
    if (r->budget_ms > 0.0f) {
        float left = r->budget_ms - r->used_ms;
        float planned = plan.estimate_ms - plan.stages[POST].estimate_ms;
        CHECK_MSG(planned <= (left > 0.0f ? left : 0.0f) + 1e-4f, "planned %.3f ms with %.3f left (level %s)",
                  planned, left, gt_degrade_level_name(plan.level));
    }
    gt_planner_end_frame(p, plan.run_body, plan.run_landmarks, r->num_slots);
    return plan;
}

static void test_unlimited_and_not_needed(void) {
    gt_planner p;
    gt_planner_init(&p, NULL);
    gt_plan_request r;
    memset(&r, 0, sizeof(r));
    gt_plan plan;

    /* Nothing enabled: only post-processing. */
    gt_planner_plan(&p, &r, &plan);
    CHECK(plan.stages[DET].status == GLINT_STAGE_NOT_NEEDED);
    CHECK(plan.stages[LM].status == GLINT_STAGE_NOT_NEEDED);
    CHECK(plan.stages[BODY].status == GLINT_STAGE_NOT_NEEDED);
    CHECK(plan.stages[POST].status == GLINT_STAGE_RAN);
    CHECK(!plan.run_detection && !plan.run_body);

    /* Hands on, no hand yet: detection with landmarks reserved for both free slots. Never
     * measured: the estimates are unknown (0) and everything runs once to be measured, even
     * under a tiny budget. */
    r.num_slots = 2;
    r.detection_wanted = true;
    r.body_enabled = true;
    r.budget_ms = 0.001f;
    gt_planner_plan(&p, &r, &plan);
    CHECK(plan.run_detection);
    CHECK(plan.new_hand_runs == 2);
    CHECK(plan.run_body);
    CHECK(plan.stages[DET].status == GLINT_STAGE_RAN);
    CHECK(plan.stages[LM].status == GLINT_STAGE_RAN && plan.stages[LM].runs == 2);
    CHECK(plan.stages[BODY].status == GLINT_STAGE_RAN);
    CHECK(plan.stages[DET].backend == GLINT_BACKEND_CPU);
    CHECK(plan.level == GT_DEGRADE_NONE);

    /* Unlimited budget with huge costs: everything needed still runs. */
    record_all(&p, (fake_costs){1000, 1000, 1000, 1});
    r.budget_ms = 0.0f;
    r.slot_tracked[0] = true;
    gt_planner_plan(&p, &r, &plan);
    CHECK(plan.run_detection && plan.run_landmarks[0] && !plan.run_landmarks[1] && plan.run_body);
    CHECK(plan.new_hand_runs == 1);
    CHECK(plan.stages[LM].runs == 2);
    CHECK_NEAR(plan.stages[LM].estimate_ms, 2000.0, 1e-3);
    CHECK_NEAR(plan.estimate_ms, 1000 + 2000 + 1000 + 1, 1e-3);
    CHECK(plan.level == GT_DEGRADE_NONE);
}

static void test_moving_average(void) {
    gt_planner p;
    gt_planner_init(&p, &(gt_planner_config){.alpha = 0.5f});
    glint_backend b;
    CHECK(gt_planner_estimate(&p, GLINT_STAGE_BODY, &b) < 0.0f);
    gt_planner_seed(&p, GLINT_STAGE_BODY, GLINT_BACKEND_CPU, 7.0f);
    CHECK_NEAR(gt_planner_estimate(&p, GLINT_STAGE_BODY, &b), 7.0, 1e-6);
    gt_planner_record(&p, GLINT_STAGE_BODY, GLINT_BACKEND_CPU, 1, 10.0f); /* replaces the prior */
    CHECK_NEAR(gt_planner_estimate(&p, GLINT_STAGE_BODY, &b), 10.0, 1e-6);
    gt_planner_record(&p, GLINT_STAGE_BODY, GLINT_BACKEND_CPU, 1, 20.0f);
    CHECK_NEAR(gt_planner_estimate(&p, GLINT_STAGE_BODY, &b), 15.0, 1e-6);
    gt_planner_record(&p, GLINT_STAGE_BODY, GLINT_BACKEND_CPU, 2, 10.0f); /* 5 per run */
    CHECK_NEAR(gt_planner_estimate(&p, GLINT_STAGE_BODY, &b), 10.0, 1e-6);
    gt_planner_seed(&p, GLINT_STAGE_BODY, GLINT_BACKEND_CPU, 1.0f); /* ignored once measured */
    CHECK_NEAR(gt_planner_estimate(&p, GLINT_STAGE_BODY, &b), 10.0, 1e-6);
    /* Garbage measurements are ignored. */
    gt_planner_record(&p, GLINT_STAGE_BODY, GLINT_BACKEND_CPU, 0, 10.0f);
    gt_planner_record(&p, GLINT_STAGE_BODY, GLINT_BACKEND_CPU, 1, -1.0f);
    gt_planner_record(&p, GLINT_STAGE_BODY, GLINT_BACKEND_CPU, 1, NAN);
    gt_planner_record(&p, GLINT_STAGE_COUNT, GLINT_BACKEND_CPU, 1, 1.0f);
    gt_planner_record(&p, GLINT_STAGE_BODY, GLINT_BACKEND_AUTO, 1, 1.0f);
    CHECK_NEAR(gt_planner_estimate(&p, GLINT_STAGE_BODY, &b), 10.0, 1e-6);
    CHECK(b == GLINT_BACKEND_CPU);

    /* Default alpha 0.2: a step from 10 to 20 ms is 90 % absorbed within about 10 frames. */
    gt_planner_init(&p, NULL);
    gt_planner_record(&p, GLINT_STAGE_BODY, GLINT_BACKEND_CPU, 1, 10.0f);
    for (int i = 0; i < 11; i++) gt_planner_record(&p, GLINT_STAGE_BODY, GLINT_BACKEND_CPU, 1, 20.0f);
    float e = gt_planner_estimate(&p, GLINT_STAGE_BODY, NULL);
    CHECK(e > 19.0f && e < 20.0f);
}

#define BOTH ((1u << GLINT_BACKEND_CPU) | (1u << GLINT_BACKEND_VULKAN))

/* Records one run of `stage` wherever the planner would run it now, at the cost that backend
 * has (cpu_ms or vk_ms); returns the backend. */
static glint_backend run_on_choice(gt_planner* p, glint_stage stage, float cpu_ms, float vk_ms) {
    glint_backend b;
    gt_planner_estimate(p, stage, &b);
    gt_planner_record(p, stage, b, 1, b == GLINT_BACKEND_VULKAN ? vk_ms : cpu_ms);
    return b;
}

static void test_backends(void) {
    gt_planner p;
    gt_planner_init(&p, &(gt_planner_config){.backends = BOTH});
    glint_backend b;
    /* Exploring: the least measured backend runs (ties: CPU), so they take turns, 4 runs each.
     * The first run of each is a warm-up that the second replaces; then an even mean. */
    const float cpu_runs[4] = {30, 10, 12, 8}, vk_runs[4] = {9, 4, 5, 3};
    for (int i = 0; i < 4; i++) {
        CHECK(run_on_choice(&p, GLINT_STAGE_BODY, cpu_runs[i], vk_runs[i]) == GLINT_BACKEND_CPU);
        if (i == 0) CHECK(gt_planner_estimate(&p, GLINT_STAGE_BODY, &b) < 0.0f && b == GLINT_BACKEND_VULKAN);
        CHECK(run_on_choice(&p, GLINT_STAGE_BODY, cpu_runs[i], vk_runs[i]) == GLINT_BACKEND_VULKAN);
    }
    CHECK_NEAR(p.cost[GLINT_STAGE_BODY][GLINT_BACKEND_CPU].ms, 10.0, 1e-5);
    CHECK_NEAR(p.cost[GLINT_STAGE_BODY][GLINT_BACKEND_VULKAN].ms, 4.0, 1e-5);
    /* Decided: the cheaper one, per stage. */
    CHECK_NEAR(gt_planner_estimate(&p, GLINT_STAGE_BODY, &b), 4.0, 1e-5);
    CHECK(b == GLINT_BACKEND_VULKAN);
    for (int i = 0; i < 8; i++) run_on_choice(&p, GLINT_STAGE_HAND_LANDMARKS, 3.0f, 12.0f);
    CHECK_NEAR(gt_planner_estimate(&p, GLINT_STAGE_HAND_LANDMARKS, &b), 3.0, 1e-5);
    CHECK(b == GLINT_BACKEND_CPU);
    /* A steady change moves the moving average and flips the choice. */
    gt_planner_init(&p, &(gt_planner_config){.backends = BOTH});
    for (int i = 0; i < 8; i++) run_on_choice(&p, GLINT_STAGE_BODY, 10.0f, 4.0f);
    for (int i = 0; i < 30; i++) gt_planner_record(&p, GLINT_STAGE_BODY, GLINT_BACKEND_VULKAN, 1, 30.0f);
    CHECK_NEAR(gt_planner_estimate(&p, GLINT_STAGE_BODY, &b), 10.0, 1e-5);
    CHECK(b == GLINT_BACKEND_CPU);
    /* Forced backend. */
    gt_planner_init(&p, &(gt_planner_config){.backend = GLINT_BACKEND_CPU});
    gt_planner_record(&p, GLINT_STAGE_BODY, GLINT_BACKEND_VULKAN, 1, 1.0f);
    CHECK(gt_planner_estimate(&p, GLINT_STAGE_BODY, &b) < 0.0f && b == GLINT_BACKEND_CPU);
    /* A forced backend taken away from a stage (its model fell back): the CPU. */
    gt_planner_init(&p, &(gt_planner_config){.backend = GLINT_BACKEND_VULKAN});
    CHECK(gt_planner_backends(&p, GLINT_STAGE_BODY) == (1u << GLINT_BACKEND_VULKAN));
    gt_planner_estimate(&p, GLINT_STAGE_BODY, &b);
    CHECK(b == GLINT_BACKEND_VULKAN);
    gt_planner_set_backends(&p, GLINT_STAGE_BODY, 0);
    gt_planner_estimate(&p, GLINT_STAGE_BODY, &b);
    CHECK(b == GLINT_BACKEND_CPU && gt_planner_backends(&p, GLINT_STAGE_BODY) == (1u << GLINT_BACKEND_CPU));
    gt_planner_estimate(&p, GLINT_STAGE_HAND_LANDMARKS, &b);
    CHECK(b == GLINT_BACKEND_VULKAN); /* per stage */
}

/* AUTO keeps re-measuring the backend it does not use, less often the slower it was, and a
 * re-measurement replaces the stale estimate: a change in cost is noticed. */
static void test_remeasure(void) {
    gt_planner p;
    gt_planner_init(&p, &(gt_planner_config){.backends = BOTH});
    glint_backend b;
    for (int i = 0; i < 8; i++) run_on_choice(&p, GLINT_STAGE_HAND_LANDMARKS, 10.0f, 4.0f);
    /* CPU 2.5x Vulkan's cost: measured again after 2.5 x 50 = 125 runs on Vulkan (the last
     * exploring run, on Vulkan, is the first of them). */
    int vk_runs = 0;
    while (run_on_choice(&p, GLINT_STAGE_HAND_LANDMARKS, 10.0f, 4.0f) == GLINT_BACKEND_VULKAN && vk_runs < 1000)
        vk_runs++;
    CHECK_MSG(1 + vk_runs == 125, "CPU re-measured after %d Vulkan runs", 1 + vk_runs);
    CHECK(!gt_planner_trying(&p, GLINT_STAGE_HAND_LANDMARKS));
    /* Now the CPU got faster (the GPU is busy rendering, say): the next re-measurement shows it. */
    vk_runs = 0;
    while (run_on_choice(&p, GLINT_STAGE_HAND_LANDMARKS, 3.0f, 4.0f) == GLINT_BACKEND_VULKAN && vk_runs < 1000)
        vk_runs++;
    CHECK(vk_runs == 125); /* the CPU's re-measuring run, then 124 on Vulkan */
    CHECK_NEAR(gt_planner_estimate(&p, GLINT_STAGE_HAND_LANDMARKS, &b), 3.0, 1e-5);
    CHECK(b == GLINT_BACKEND_CPU);
    /* ... and Vulkan (4/3 of the CPU's cost) is re-measured after 66 CPU runs (the one that
     * re-measured the CPU first). */
    int cpu_runs = 0;
    while (run_on_choice(&p, GLINT_STAGE_HAND_LANDMARKS, 3.0f, 4.0f) == GLINT_BACKEND_CPU && cpu_runs < 1000)
        cpu_runs++;
    CHECK_MSG(1 + cpu_runs == 66, "Vulkan re-measured after %d CPU runs", 1 + cpu_runs);
    /* Much slower: capped interval. */
    gt_planner_init(&p, &(gt_planner_config){.backends = BOTH});
    for (int i = 0; i < 8; i++) run_on_choice(&p, GLINT_STAGE_BODY, 1.0f, 500.0f);
    cpu_runs = 0;
    while (run_on_choice(&p, GLINT_STAGE_BODY, 1.0f, 500.0f) == GLINT_BACKEND_CPU && cpu_runs < 5000) cpu_runs++;
    CHECK(cpu_runs == GT_PLANNER_REMEASURE_MAX); /* exploring ended on Vulkan */
    /* One backend allowed: no exploring, no re-measuring. */
    gt_planner_init(&p, &(gt_planner_config){.backends = BOTH});
    gt_planner_set_backends(&p, GLINT_STAGE_BODY, 1u << GLINT_BACKEND_CPU);
    for (int i = 0; i < 500; i++) CHECK(run_on_choice(&p, GLINT_STAGE_BODY, 5.0f, 1.0f) == GLINT_BACKEND_CPU);
}

/* Under a budget a trial (exploring or re-measuring a backend that has an estimate) waits for
 * a frame where it changes nothing; an unmeasured backend is planned as free and runs. */
static void test_trial_budget(void) {
    gt_planner p;
    gt_planner_init(&p, &(gt_planner_config){.backends = BOTH});
    gt_plan_request r;
    memset(&r, 0, sizeof(r));
    r.num_slots = 1;
    r.slot_tracked[0] = true;
    r.budget_ms = 20.0f;
    gt_plan plan;
    gt_planner_plan(&p, &r, &plan); /* nothing measured: CPU first */
    CHECK(plan.run_landmarks[0] && plan.stages[LM].backend == GLINT_BACKEND_CPU);
    gt_planner_record(&p, GLINT_STAGE_HAND_LANDMARKS, GLINT_BACKEND_CPU, 1, 5.0f);
    gt_planner_plan(&p, &r, &plan); /* Vulkan unmeasured: free, it runs */
    CHECK(plan.run_landmarks[0] && plan.stages[LM].backend == GLINT_BACKEND_VULKAN);
    gt_planner_record(&p, GLINT_STAGE_HAND_LANDMARKS, GLINT_BACKEND_VULKAN, 1, 50.0f);
    for (int i = 0; i < 3; i++) gt_planner_record(&p, GLINT_STAGE_HAND_LANDMARKS, GLINT_BACKEND_CPU, 1, 5.0f);
    /* Vulkan's next exploring run (50 ms) would not fit 20 ms: held, the CPU runs. */
    for (int i = 0; i < 3; i++) {
        gt_planner_plan(&p, &r, &plan);
        CHECK(plan.run_landmarks[0] && plan.stages[LM].backend == GLINT_BACKEND_CPU && plan.level == GT_DEGRADE_NONE);
        CHECK(gt_planner_fits(&p, GLINT_STAGE_HAND_LANDMARKS, 1, r.budget_ms, 1.0f)); /* the gate agrees */
        gt_planner_record(&p, GLINT_STAGE_HAND_LANDMARKS, GLINT_BACKEND_CPU, 1, 5.0f);
    }
    /* With room for it, the trial runs. */
    r.budget_ms = 100.0f;
    gt_planner_plan(&p, &r, &plan);
    CHECK(plan.run_landmarks[0] && plan.stages[LM].backend == GLINT_BACKEND_VULKAN);
    CHECK_NEAR(plan.stages[LM].estimate_ms, 50.0, 1e-5);
    /* Unlimited: always. */
    r.budget_ms = 0.0f;
    gt_planner_plan(&p, &r, &plan);
    CHECK(plan.stages[LM].backend == GLINT_BACKEND_VULKAN);
}

/* Runs `frames` frames and writes what each did: "<level>:" then D (detection), the slots whose
 * landmarks ran, B (body); frames separated by spaces. */
static const char* trace(gt_planner* p, const gt_plan_request* r, fake_costs c, int frames) {
    static char buf[512];
    size_t n = 0;
    buf[0] = 0;
    for (int f = 0; f < frames; f++) {
        gt_plan plan = run_frame(p, r, c);
        n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%d:%s", f ? " " : "", (int)plan.level,
                              plan.run_detection ? "D" : "");
        for (int i = 0; i < r->num_slots; i++)
            if (plan.run_landmarks[i]) n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%d", i);
        if (plan.run_body) n += (size_t)snprintf(buf + n, sizeof(buf) - n, "B");
        /* Reports agree with the decisions. */
        CHECK(plan.stages[BODY].status == (!r->body_enabled ? GLINT_STAGE_NOT_NEEDED
                                           : plan.run_body  ? GLINT_STAGE_RAN
                                           : r->body_has_history ? GLINT_STAGE_PREDICTED
                                                                 : GLINT_STAGE_SKIPPED));
        if (r->detection_wanted)
            CHECK(plan.stages[DET].status == (plan.run_detection ? GLINT_STAGE_RAN : GLINT_STAGE_SKIPPED));
    }
    return buf;
}

#define CHECK_TRACE(got, want) CHECK_MSG(strcmp((got), (want)) == 0, "\n  got  %s\n  want %s", (got), (want))

/* The degradation order, level by level, with costs detection 10, landmarks 5 per hand,
 * body 8 (exact traces worked out by hand from the rules in gt_planner.h). */
static void test_degradation_order(void) {
    fake_costs c = {10, 5, 8, 0.1f};
    gt_planner p;

    /* One tracked hand, a free slot (detection wanted: 10 + 5 for the new hand), body.
     * Budget 40: everything, every frame (28). */
    gt_plan_request r = two_hands_and_body(40);
    r.detection_wanted = true;
    r.slot_tracked[1] = false;
    gt_planner_init(&p, NULL);
    record_all(&p, c);
    CHECK_TRACE(trace(&p, &r, c, 3), "0:D0B 0:D0B 0:D0B");

    /* Budget 25: 28 does not fit. Body frames defer detection (level 2: 5 + 8), the frames in
     * between run detection and predict the body (level 1: 10 + 5 + 5 = 20 <= 85 % of 25). */
    gt_planner_init(&p, NULL);
    record_all(&p, c);
    r.budget_ms = 25;
    CHECK_TRACE(trace(&p, &r, c, 5), "2:0B 1:D0 2:0B 1:D0 2:0B");

    /* Budget 19: detection never fits beside the tracked hand (20); the body keeps every other
     * frame. */
    gt_planner_init(&p, NULL);
    record_all(&p, c);
    r.budget_ms = 19;
    CHECK_TRACE(trace(&p, &r, c, 4), "2:0B 2:0 2:0B 2:0");
    /* ... but with no hand tracked detection is never deferred: it is the only way to find one. */
    gt_plan_request none = r;
    none.slot_tracked[0] = false;
    none.body_enabled = false;
    CHECK_TRACE(trace(&p, &none, c, 2), "3:D 3:D"); /* landmarks reserved for one new hand (15) */

    /* Two tracked hands, no body, budget 9: one hand per frame, taking turns. */
    gt_planner_init(&p, NULL);
    record_all(&p, c);
    r = two_hands_and_body(9);
    r.body_enabled = false;
    CHECK_TRACE(trace(&p, &r, c, 4), "3:0 3:1 3:0 3:1");

    /* Two hands and body, budget 13.5: body frames run the body beside one hand (13), the
     * frames in between both hands (10, level 1); the single hand alternates. */
    gt_planner_init(&p, NULL);
    record_all(&p, c);
    r = two_hands_and_body(13.5f);
    CHECK_TRACE(trace(&p, &r, c, 5), "3:0B 1:01 3:1B 1:01 3:0B");

    /* Budget 12.9: the body (8) fits beside no hand (13). Level 4 keeps one hand per frame while
     * the body is not due; greedy then runs both hands until the body is GT_BODY_MAX_AGE frames
     * old, when it goes first alone (the first frame: it has never run, hands predicted). */
    gt_planner_init(&p, NULL);
    record_all(&p, c);
    r = two_hands_and_body(12.9f);
    CHECK_TRACE(trace(&p, &r, c, 10), "5:B 1:01 4:0 4:1 5:01 5:01 5:01 5:01 5:B 1:01");
}

/* GREEDY and the extreme: nothing fits. */
static void test_greedy_and_nothing_fits(void) {
    fake_costs c = {10, 5, 8, 0.1f};
    gt_planner p;
    gt_planner_init(&p, NULL);
    record_all(&p, c);
    gt_plan_request r = two_hands_and_body(6);
    gt_plan plan = run_frame(&p, &r, c);
    CHECK(plan.level == GT_DEGRADE_GREEDY);
    CHECK(plan.run_landmarks[0] + plan.run_landmarks[1] == 1);
    CHECK(!plan.run_body);
    CHECK(plan.stages[BODY].status == GLINT_STAGE_PREDICTED);
    CHECK_NEAR(plan.stages[BODY].estimate_ms, 8.0, 1e-6);
    /* Without body history there is nothing to predict: SKIPPED. */
    r.body_has_history = false;
    plan = run_frame(&p, &r, c);
    CHECK(plan.stages[BODY].status == GLINT_STAGE_SKIPPED);

    /* Budget below every stage, or already used up before planning. */
    r = two_hands_and_body(4);
    r.detection_wanted = true;
    plan = run_frame(&p, &r, c);
    CHECK(!plan.run_detection && !plan.run_landmarks[0] && !plan.run_landmarks[1] && !plan.run_body);
    CHECK(plan.stages[DET].status == GLINT_STAGE_SKIPPED);
    CHECK(plan.stages[LM].status == GLINT_STAGE_PREDICTED && plan.stages[LM].runs == 0);
    CHECK(plan.stages[BODY].status == GLINT_STAGE_PREDICTED);
    CHECK(plan.stages[POST].status == GLINT_STAGE_RAN);
    r = two_hands_and_body(50);
    r.used_ms = 49;
    plan = run_frame(&p, &r, c);
    CHECK(!plan.run_landmarks[0] && !plan.run_landmarks[1] && !plan.run_body);
    r.used_ms = 60; /* already over budget */
    plan = run_frame(&p, &r, c);
    CHECK(!plan.run_landmarks[0] && !plan.run_landmarks[1] && !plan.run_body);
    CHECK(plan.level == GT_DEGRADE_GREEDY);

    /* Greedy with a free slot: detection needs a landmark run after it to be useful. */
    gt_planner_init(&p, NULL);
    record_all(&p, c);
    memset(&r, 0, sizeof(r));
    r.num_slots = 1;
    r.detection_wanted = true;
    r.budget_ms = 12; /* det 10 + lm 5 = 15 does not fit */
    plan = run_frame(&p, &r, c);
    CHECK(!plan.run_detection && plan.stages[DET].status == GLINT_STAGE_SKIPPED);
    r.budget_ms = 15;
    plan = run_frame(&p, &r, c);
    CHECK(plan.run_detection && plan.new_hand_runs == 1);
}

/* Costs go up (throttling) and come back down: the level follows, with hysteresis. */
static void test_recovery(void) {
    gt_planner p;
    gt_planner_init(&p, NULL);
    fake_costs cheap = {4, 2, 3, 0.1f}, dear = {12, 6, 9, 0.1f};
    record_all(&p, cheap);
    gt_plan_request r = two_hands_and_body(10);
    gt_plan plan;
    for (int f = 0; f < 5; f++) {
        plan = run_frame(&p, &r, cheap);
        CHECK(plan.level == GT_DEGRADE_NONE && plan.run_body && plan.run_landmarks[0] && plan.run_landmarks[1]);
    }
    /* Costs triple: within a few frames the planner degrades (2+2+3=7 -> 6+6+9=21). */
    int worst = 0;
    for (int f = 0; f < 30; f++) {
        plan = run_frame(&p, &r, dear);
        if ((int)plan.level > worst) worst = (int)plan.level;
    }
    CHECK_MSG(worst >= GT_DEGRADE_ALTERNATE_HANDS, "worst level %s", gt_degrade_level_name((gt_degrade_level)worst));
    CHECK(plan.level != GT_DEGRADE_NONE);
    /* Costs drop again: back to level 0 and full work. */
    int first_full = -1;
    for (int f = 0; f < 40; f++) {
        plan = run_frame(&p, &r, cheap);
        if (first_full < 0 && plan.level == GT_DEGRADE_NONE) first_full = f;
    }
    CHECK_MSG(first_full >= 0 && first_full < 20, "recovered after %d frames", first_full);
    CHECK(plan.level == GT_DEGRADE_NONE && plan.run_body && plan.run_landmarks[0] && plan.run_landmarks[1]);

    /* Hysteresis: a plan that needs 9.5 of 10 ms is not re-entered from a higher level
     * (it needs to fit in 85 %), but is used when arriving from below. */
    gt_planner_init(&p, NULL);
    fake_costs tight = {4, 2.5f, 4.5f, 0.1f}; /* 2.5 + 2.5 + 4.5 = 9.5 */
    record_all(&p, tight);
    plan = run_frame(&p, &r, tight);
    CHECK(plan.level == GT_DEGRADE_NONE);
    p.level = GT_DEGRADE_BODY_HALF; /* as if the previous frame had degraded */
    plan = run_frame(&p, &r, tight);
    CHECK(plan.level == GT_DEGRADE_BODY_HALF);
}

/* A pessimistic first measurement (a cold first run) must not keep a stage off for ever: after
 * GT_PLANNER_PROBE_AFTER starving frames the estimate decays until the stage is tried, and
 * that measurement replaces it. A stage that really does not fit is only probed now and then. */
static void test_probe(void) {
    gt_planner p;
    gt_planner_init(&p, NULL);
    gt_plan_request r;
    memset(&r, 0, sizeof(r));
    r.budget_ms = 90;
    r.num_slots = 1;
    r.slot_tracked[0] = true;
    gt_planner_record(&p, GLINT_STAGE_HAND_LANDMARKS, GLINT_BACKEND_CPU, 1, 130.0f); /* cold first run */
    fake_costs real = {0, 80, 0, 0};
    int first_run = -1, runs = 0;
    for (int f = 0; f < 100; f++) {
        gt_plan plan = run_frame(&p, &r, real);
        if (plan.run_landmarks[0]) {
            runs++;
            if (first_run < 0) first_run = f;
        } else {
            CHECK(plan.stages[LM].status == GLINT_STAGE_PREDICTED);
        }
    }
    /* Frame f plans with f starving frames behind it; from f = 30 the estimate is 130 * 0.9^(f - 29):
     * 85.3 <= 90 at f = 33, the probe; from then on it runs every frame. */
    CHECK_MSG(first_run == GT_PLANNER_PROBE_AFTER + 3, "first probe at frame %d", first_run);
    CHECK_NEAR(gt_planner_estimate(&p, GLINT_STAGE_HAND_LANDMARKS, NULL), 80.0, 1e-4);
    CHECK(runs == 100 - first_run);

    /* Really 120 ms: probes come back about every 30 + 3 frames, never more often. */
    gt_planner_init(&p, NULL);
    gt_planner_record(&p, GLINT_STAGE_HAND_LANDMARKS, GLINT_BACKEND_CPU, 1, 120.0f);
    real.lm = 120;
    runs = 0;
    int last = -1, min_gap = 1000;
    for (int f = 0; f < 200; f++) {
        gt_plan plan = run_frame(&p, &r, real);
        if (!plan.run_landmarks[0]) continue;
        runs++;
        if (last >= 0 && f - last < min_gap) min_gap = f - last;
        last = f;
    }
    CHECK_MSG(runs >= 4 && runs <= 7 && min_gap > GT_PLANNER_PROBE_AFTER, "%d probes, closest %d frames apart", runs,
              min_gap);

    /* A stage that is not needed does not starve: no spurious decay when it is needed again. */
    gt_planner_init(&p, NULL);
    gt_planner_record(&p, GLINT_STAGE_HAND_LANDMARKS, GLINT_BACKEND_CPU, 1, 130.0f);
    gt_plan_request none = r;
    none.slot_tracked[0] = false;
    for (int f = 0; f < 50; f++) run_frame(&p, &none, real);
    CHECK_NEAR(gt_planner_estimate(&p, GLINT_STAGE_HAND_LANDMARKS, NULL), 130.0, 1e-4);
}

/* The mid-frame check the tracker makes with the real clock. */
static void test_fits(void) {
    gt_planner p;
    gt_planner_init(&p, NULL);
    CHECK(gt_planner_fits(&p, GLINT_STAGE_BODY, 1, 10, 9.9f)); /* unknown cost: runs */
    gt_planner_record(&p, GLINT_STAGE_BODY, GLINT_BACKEND_CPU, 1, 5);
    CHECK(gt_planner_fits(&p, GLINT_STAGE_BODY, 1, 10, 5));
    CHECK(!gt_planner_fits(&p, GLINT_STAGE_BODY, 1, 10, 5.5f));
    CHECK(!gt_planner_fits(&p, GLINT_STAGE_BODY, 2, 10, 0.5f));
    CHECK(gt_planner_fits(&p, GLINT_STAGE_BODY, 2, 0, 1000)); /* no budget */
    CHECK(gt_planner_fits(&p, GLINT_STAGE_BODY, 0, 10, 1000)); /* nothing to run */
}

int main(void) {
    test_unlimited_and_not_needed();
    test_moving_average();
    test_backends();
    test_remeasure();
    test_trial_budget();
    test_degradation_order();
    test_greedy_and_nothing_fits();
    test_recovery();
    test_probe();
    test_fits();
    return test_finish();
}
