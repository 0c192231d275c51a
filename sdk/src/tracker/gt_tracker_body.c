/* The body pipeline behind the tracker (gt_body_glue.h). */
#include <string.h>

#include "gt_body_glue.h"
#include "gt_tracker.h"
#include "util/gu_error.h"

glint_result gt_tracker_body_create(glint_tracker* t, glint_error* err) {
    (void)t;
    return gu_errorf(err, GLINT_ERROR_MODEL_UNSUPPORTED, "tracker: the body pipeline is not available in this build");
}

void gt_tracker_body_destroy(glint_tracker* t) { (void)t; }

void gt_tracker_body_reset(glint_tracker* t) { (void)t; }

glint_result gt_tracker_body_step(glint_tracker* t, const gi_image* image, int64_t t_ns, bool run, glint_body* out,
                                  glint_error* err) {
    (void)t, (void)image, (void)t_ns, (void)run, (void)err;
    memset(out, 0, sizeof(*out));
    return GLINT_SUCCESS;
}
