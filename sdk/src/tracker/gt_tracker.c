/* glint_tracker_create / destroy / reset / last_error: the description's defaults and checks. */
#include "gt_tracker.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gt_body_glue.h"
#include "util/gu_error.h"
#include "util/gu_log.h"

glint_result gt_tracker_fail(glint_tracker* t, glint_result code, const char* fmt, ...) {
    t->error.code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->error.message, sizeof(t->error.message), fmt, ap);
    va_end(ap);
    gu_log(&t->desc.logger, GLINT_LOG_ERROR, "%s", t->error.message);
    return code;
}

static bool finite_nonneg(float v) { return isfinite(v) && v >= 0.0f; }

/* Checks the caller's description and fills in every default; the message says which field. */
static glint_result resolve_desc(const glint_tracker_desc* in, glint_tracker_desc* out, glint_error* err) {
    *out = *in;
    const uint32_t known = GLINT_FEATURE_HANDS | GLINT_FEATURE_BODY;
    if (out->features & ~known)
        return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "tracker: unknown feature bits 0x%x (known: hands 0x%x, body 0x%x)",
                         (unsigned)(out->features & ~known), (unsigned)GLINT_FEATURE_HANDS, (unsigned)GLINT_FEATURE_BODY);
    if (out->features == 0) out->features = GLINT_FEATURE_HANDS;
    if (out->max_hands < 0 || out->max_hands > GLINT_MAX_HANDS)
        return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "tracker: max_hands %d is not in 1..%d (0 = %d)",
                         (int)out->max_hands, GLINT_MAX_HANDS, GLINT_MAX_HANDS);
    if (out->max_hands == 0) out->max_hands = GLINT_MAX_HANDS;
    if (!finite_nonneg(out->budget_ms) || out->budget_ms > 1e6f)
        return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "tracker: budget_ms %g is not in 0..1e6 (0 = unlimited)",
                         (double)out->budget_ms);
    glint_result r = gt_tracker_backend_check(out->backend, err);
    if (r < 0) return r;
    const glint_model_variant variants[2] = {out->hand_model, out->body_model};
    const char* variant_names[2] = {"hand_model", "body_model"};
    for (int i = 0; i < 2; i++)
        if ((int)variants[i] < GLINT_MODEL_VARIANT_DEFAULT || (int)variants[i] > GLINT_MODEL_VARIANT_FULL)
            return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "tracker: %s %d is not a glint_model_variant",
                             variant_names[i], (int)variants[i]);
    if (!finite_nonneg(out->min_detection_score) || out->min_detection_score > 1.0f)
        return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "tracker: min_detection_score %g is not in [0, 1]",
                         (double)out->min_detection_score);
    if (!finite_nonneg(out->min_presence_score) || out->min_presence_score > 1.0f)
        return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "tracker: min_presence_score %g is not in [0, 1]",
                         (double)out->min_presence_score);
    if (out->redetect_interval < 0)
        return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "tracker: redetect_interval %d is negative",
                         (int)out->redetect_interval);
    const float filter[3] = {out->filter.min_cutoff, out->filter.beta, out->filter.d_cutoff};
    const char* filter_names[3] = {"min_cutoff", "beta", "d_cutoff"};
    for (int i = 0; i < 3; i++)
        if (!finite_nonneg(filter[i]))
            return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "tracker: filter.%s %g must be finite and >= 0",
                             filter_names[i], (double)filter[i]);
    const glint_camera_intrinsics* k = &out->intrinsics;
    if (!finite_nonneg(k->fx) || !finite_nonneg(k->fy) || !isfinite(k->cx) || !isfinite(k->cy))
        return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "tracker: camera intrinsics must be finite, fx and fy >= 0");
    if (out->num_threads < 0 || out->num_threads > 256)
        return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "tracker: num_threads %d is not in 0..256",
                         (int)out->num_threads);
    if (out->num_threads == 0) out->num_threads = 1;
    if ((out->allocator.alloc == NULL) != (out->allocator.free == NULL))
        return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "tracker: allocator needs both alloc and free (or neither)");
    if (!out->model_dir || !out->model_dir[0]) {
        const char* env = getenv("GLINT_MODEL_DIR");
        out->model_dir = env && env[0] ? env : "models";
    }
    return GLINT_SUCCESS;
}

/* The filter parameters: the caller's non-zero fields over the documented defaults. Image
 * keypoints: pixel defaults (gt_one_euro.h), whose beta is tuned on a 640-pixel-wide frame,
 * so the default beta is rescaled per frame width (gt_tracker_post.c). World keypoints: the
 * metric defaults; the caller's cutoffs (Hz, unit-free) apply to them too, beta (per unit of
 * speed) does not. */
static void resolve_filters(glint_tracker* t) {
    gt_one_euro_params user = {t->desc.filter.min_cutoff, t->desc.filter.beta, t->desc.filter.d_cutoff};
    t->pixel_filter = gt_one_euro_params_or(user, gt_one_euro_params_pixels());
    gt_one_euro_params world_user = {user.min_cutoff, 0.0f, user.d_cutoff};
    t->world_filter = gt_one_euro_params_or(world_user, gt_one_euro_params_world());
}

glint_result glint_tracker_create(const glint_tracker_desc* desc, glint_tracker** out_tracker) {
    glint_error err;
    gu_error_clear(&err);
    if (!out_tracker) return GLINT_ERROR_INVALID_ARGUMENT;
    *out_tracker = NULL;
    if (!desc) return GLINT_ERROR_INVALID_ARGUMENT;
    glint_tracker_desc d;
    glint_result r = resolve_desc(desc, &d, &err);
    if (r < 0) {
        gu_log(&desc->logger, GLINT_LOG_ERROR, "%s", err.message);
        return r;
    }

    gu_allocator alloc;
    gu_allocator_init(&alloc, &d.allocator);
    glint_tracker* t = gu_calloc(&alloc, 1, sizeof(glint_tracker));
    if (!t) {
        gu_log(&d.logger, GLINT_LOG_ERROR, "tracker: out of memory");
        return GLINT_ERROR_OUT_OF_MEMORY;
    }
    t->allocator = alloc; /* its counters include the tracker itself */
    t->desc = d;
    size_t len = strlen(d.model_dir);
    t->model_dir = gu_malloc(&t->allocator, len + 1);
    if (!t->model_dir) {
        glint_tracker_destroy(t);
        gu_log(&d.logger, GLINT_LOG_ERROR, "tracker: out of memory");
        return GLINT_ERROR_OUT_OF_MEMORY;
    }
    memcpy(t->model_dir, d.model_dir, len + 1);
    t->desc.model_dir = t->model_dir;
    t->desc.allocator = d.allocator;

    gt_planner_config pc = {0};
    pc.backend = d.backend;
    pc.backends = gt_tracker_backend_load(d.backend);
    gt_planner_init(&t->planner, &pc);
    resolve_filters(t);
    gt_tracker_post_reset(t);

    if (d.features & GLINT_FEATURE_HANDS) {
        gt_hands_desc hd = {0};
        hd.model_dir = t->model_dir;
        hd.variant = d.hand_model;
        hd.max_hands = d.max_hands;
        hd.mirrored = d.mirrored;
        hd.min_detection_score = d.min_detection_score;
        hd.min_presence_score = d.min_presence_score;
        hd.redetect_interval = d.redetect_interval;
        hd.backends = pc.backends;
        hd.logger = d.logger;
        r = gt_hands_create(&hd, &t->allocator, &t->hands, &err);
        if (r < 0) goto fail;
    }
    if (d.features & GLINT_FEATURE_BODY) {
        r = gt_tracker_body_create(t, &err);
        if (r < 0) goto fail;
    }
    gt_tracker_backend_update(t);
    *out_tracker = t;
    return GLINT_SUCCESS;

fail:
    gu_log(&d.logger, GLINT_LOG_ERROR, "%s", err.message);
    glint_tracker_destroy(t);
    return r;
}

void glint_tracker_destroy(glint_tracker* t) {
    if (!t) return;
    if (t->hands) gt_hands_destroy(t->hands);
    gt_tracker_body_destroy(t);
    gu_allocator alloc = t->allocator;
    gu_free(&alloc, t->model_dir);
    gu_free(&alloc, t);
}

glint_result glint_tracker_reset(glint_tracker* t) {
    if (!t) return GLINT_ERROR_INVALID_ARGUMENT;
    if (t->hands) gt_hands_reset(t->hands);
    gt_tracker_body_reset(t);
    gt_tracker_post_reset(t);
    t->have_frame = false;
    memset(&t->last, 0, sizeof(t->last));
    /* Costs stay: they describe the machine, not the scene. Timestamps may start over. */
    t->have_timestamp = false;
    t->last_timestamp_ns = 0;
    return GLINT_SUCCESS;
}

const char* glint_tracker_last_error(const glint_tracker* t) {
    if (!t) return "tracker: NULL tracker";
    return t->error.message;
}
