/*
 * Where each stage of the tracker runs (glint_tracker_desc.backend, see glint.h):
 *
 *   CPU     every model loaded for the CPU.
 *   VULKAN  every model loaded for Vulkan only; the engine moves a model to the CPU by itself
 *           when Vulkan is missing or fails, and the planner follows (below).
 *   AUTO    each model loaded twice, CPU and Vulkan (gt_stage_models.h: the Vulkan copy only
 *           when the build has Vulkan and a device works, else CPU only), and the planner
 *           picks per stage from measured wall time (gt_planner.h, "Backends").
 *
 * Per frame: the plan's backend per stage goes to the pipelines before they run; afterwards
 * each stage reports where its model really ran (glint_model_get_backend's last_run), and its
 * measured time is fed to the planner under that backend, except on the frame of a fallback
 * (the time includes the failed GPU attempt and says nothing about either backend). The
 * stage's allowed backends are then narrowed to where its models can still run, so a stage
 * whose Vulkan model fell back is never planned on Vulkan again.
 */
#include "gt_body.h"
#include "gt_stage_models.h"
#include "gt_tracker.h"
#include "util/gu_error.h"

glint_result gt_tracker_backend_check(glint_backend backend, glint_error* err) {
    switch (backend) {
    case GLINT_BACKEND_AUTO:
    case GLINT_BACKEND_CPU:
    case GLINT_BACKEND_VULKAN: return GLINT_SUCCESS;
    default:
        return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "tracker: unknown backend %d (0 auto, 1 cpu, 2 vulkan)",
                         (int)backend);
    }
}

uint32_t gt_tracker_backend_load(glint_backend backend) {
    if (backend == GLINT_BACKEND_VULKAN) return GT_BACKEND_BIT(GLINT_BACKEND_VULKAN);
    if (backend == GLINT_BACKEND_AUTO) return GT_BACKENDS_BOTH;
    return GT_BACKEND_BIT(GLINT_BACKEND_CPU);
}

/* Where the stage's models can run now (0: the stage has no model). */
static uint32_t usable(const glint_tracker* t, glint_stage stage) {
    if (stage == GLINT_STAGE_BODY) return t->body ? gt_body_usable(t->body) : 0u;
    if (stage == GLINT_STAGE_PALM_DETECTION || stage == GLINT_STAGE_HAND_LANDMARKS)
        return t->hands ? gt_hands_usable(t->hands, stage) : 0u;
    return 0u;
}

void gt_tracker_backend_update(glint_tracker* t) {
    for (int s = 0; s < GLINT_STAGE_COUNT; s++) {
        /* Post-processing (and a stage without a model) is plain C on the CPU. */
        uint32_t bits = usable(t, (glint_stage)s);
        uint32_t now = gt_planner_backends(&t->planner, (glint_stage)s);
        gt_planner_set_backends(&t->planner, (glint_stage)s, bits & now);
    }
}

void gt_tracker_backend_use(glint_tracker* t, const gt_plan* plan) {
    if (t->hands) {
        gt_hands_use_backend(t->hands, GLINT_STAGE_PALM_DETECTION, plan->stages[GLINT_STAGE_PALM_DETECTION].backend);
        gt_hands_use_backend(t->hands, GLINT_STAGE_HAND_LANDMARKS, plan->stages[GLINT_STAGE_HAND_LANDMARKS].backend);
    }
    if (t->body) gt_body_use_backend(t->body, plan->stages[GLINT_STAGE_BODY].backend);
}

void gt_tracker_backend_record(glint_tracker* t, glint_stage stage, int32_t runs, float ms, glint_stage_report* rep) {
    glint_backend ran = GLINT_BACKEND_CPU;
    if (stage == GLINT_STAGE_BODY && t->body) ran = gt_body_ran_on(t->body);
    if ((stage == GLINT_STAGE_PALM_DETECTION || stage == GLINT_STAGE_HAND_LANDMARKS) && t->hands)
        ran = gt_hands_ran_on(t->hands, stage);
    if (ran == GLINT_BACKEND_AUTO) ran = rep->backend; /* no run yet (cannot happen after one) */
    bool fell_back = ran != rep->backend;
    rep->backend = ran;
    if (!fell_back) gt_planner_record(&t->planner, stage, ran, runs, ms);
}
