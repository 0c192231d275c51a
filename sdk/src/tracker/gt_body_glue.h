/*
 * gt_body_glue: the tracker's side of the body pipeline (gt_body.h), in one place.
 *
 * The tracker calls these; they create the pipeline from the tracker's description, run or
 * skip it for a frame, and report the measured body in image pixels (z = score).
 */
#ifndef GT_BODY_GLUE_H
#define GT_BODY_GLUE_H

#include <stdbool.h>
#include <stdint.h>

#include "glint/glint.h"
#include "image/gi_image.h"

glint_result gt_tracker_body_create(glint_tracker* t, glint_error* out_error);
void gt_tracker_body_destroy(glint_tracker* t);
void gt_tracker_body_reset(glint_tracker* t);
/* run = false: nothing is computed (out->valid false). */
glint_result gt_tracker_body_step(glint_tracker* t, const gi_image* image, int64_t t_ns, bool run, glint_body* out,
                                  glint_error* out_error);

#endif /* GT_BODY_GLUE_H */
