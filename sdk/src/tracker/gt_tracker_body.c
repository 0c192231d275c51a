/* The body pipeline behind the tracker (gt_body_glue.h): gt_body with the tracker's settings. */
#include <string.h>

#include "gt_body.h"
#include "gt_body_glue.h"
#include "gt_stage_models.h"
#include "gt_tracker.h"

glint_result gt_tracker_body_create(glint_tracker* t, glint_error* err) {
    gt_body_desc bd;
    memset(&bd, 0, sizeof(bd));
    bd.model_dir = t->model_dir;
    bd.variant = t->desc.body_model;
    bd.backends = gt_planner_backends(&t->planner, GLINT_STAGE_BODY);
    /* AUTO: when neither hand model found a Vulkan device, the body will not either. */
    if (t->hands && t->desc.backend == GLINT_BACKEND_AUTO &&
        !((gt_hands_usable(t->hands, GLINT_STAGE_PALM_DETECTION) | gt_hands_usable(t->hands, GLINT_STAGE_HAND_LANDMARKS)) &
          GT_BACKEND_BIT(GLINT_BACKEND_VULKAN)))
        bd.backends = GT_BACKEND_BIT(GLINT_BACKEND_CPU);
    bd.logger = t->desc.logger;
    return gt_body_create(&bd, &t->allocator, &t->body, err);
}

void gt_tracker_body_destroy(glint_tracker* t) {
    if (t->body) gt_body_destroy(t->body);
    t->body = NULL;
}

void gt_tracker_body_reset(glint_tracker* t) {
    if (t->body) gt_body_reset(t->body);
}

glint_result gt_tracker_body_step(glint_tracker* t, const gi_image* image, int64_t t_ns, bool run, glint_body* out,
                                  glint_error* err) {
    memset(out, 0, sizeof(*out));
    if (!t->body || !run) return GLINT_SUCCESS; /* skipped frames are extrapolated by the caller */
    return gt_body_step(t->body, image, t_ns, true, out, err);
}
