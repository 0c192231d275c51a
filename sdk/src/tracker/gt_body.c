/* The body pipeline (see gt_body.h). */
#include "tracker/gt_body.h"

#include <stdio.h>
#include <string.h>

#include "image/gi_affine.h"
#include "tracker/gt_movenet.h"
#include "util/gu_error.h"

#define GT_BODY_MAX_PATH 4096

struct gt_body {
    gu_allocator* allocator;
    gt_movenet movenet;
    float min_score;
    double crop_alpha;
    bool full_image_only;
    /* tracking state */
    int32_t image_w, image_h;  /* size the crop state refers to; 0 = none yet */
    bool have_next;            /* next_crop is set (else: the full image) */
    gt_body_crop next_crop;
    gt_body_crop_filter filter;
    /* last run */
    gt_body_crop last_crop;
    bool last_tracked;
    glint_body last;
};

static bool file_exists(const char* path) {
    FILE* f = fopen(path, "rb");
    if (f) fclose(f);
    return f != NULL;
}

/* Writes "<a><b><c>" into path; false when it does not fit. */
static bool join3(char* path, size_t size, const char* a, const char* b, const char* c) {
    int n = snprintf(path, size, "%s%s%s", a, b, c);
    return n >= 0 && (size_t)n < size;
}

/* model_path as given; else <dir>/tfjs/<file> if it exists, else <dir>/<file> if it exists, else
 * <dir>/tfjs/<file> (the set-up cache's layout; the load error then names it). */
static glint_result resolve_model(const gt_body_desc* desc, char* path, size_t size, glint_error* err) {
    const char* dir = desc->model_dir ? desc->model_dir : "models";
    const char* file = desc->variant == GLINT_MODEL_VARIANT_FULL ? "/movenet-thunder.json" : "/movenet-lightning.json";
    if (desc->model_path) {
        if (!join3(path, size, desc->model_path, "", ""))
            return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "body: model path too long");
        return GLINT_SUCCESS;
    }
    bool ok = join3(path, size, dir, "/tfjs", file);
    if (ok && !file_exists(path)) {
        char flat[GT_BODY_MAX_PATH];
        if (join3(flat, sizeof(flat), dir, "", file) && file_exists(flat)) strcpy(path, flat);
    }
    return ok ? GLINT_SUCCESS : gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "body: model path too long");
}

glint_result gt_body_create(const gt_body_desc* desc, gu_allocator* allocator, gt_body** out_body, glint_error* err) {
    if (!desc || !allocator || !out_body) return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "body: NULL argument");
    *out_body = NULL;
    if (desc->variant < GLINT_MODEL_VARIANT_DEFAULT || desc->variant > GLINT_MODEL_VARIANT_FULL)
        return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "body: unknown model variant %d", (int)desc->variant);
    if (!(desc->min_crop_keypoint_score >= 0.0f && desc->min_crop_keypoint_score < 1.0f))
        return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "body: min_crop_keypoint_score %g not in [0,1)",
                         (double)desc->min_crop_keypoint_score);
    if (!(desc->crop_filter_alpha >= 0.0f && desc->crop_filter_alpha <= 1.0f))
        return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "body: crop_filter_alpha %g not in [0,1]",
                         (double)desc->crop_filter_alpha);
    char path[GT_BODY_MAX_PATH];
    glint_result r = resolve_model(desc, path, sizeof(path), err);
    if (r < 0) return r;
    gt_body* b = gu_calloc(allocator, 1, sizeof(gt_body));
    if (!b) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "body: out of memory");
    b->allocator = allocator;
    b->min_score = desc->min_crop_keypoint_score > 0.0f ? desc->min_crop_keypoint_score
                                                         : GT_BODY_MIN_CROP_KEYPOINT_SCORE;
    b->crop_alpha = desc->crop_filter_alpha > 0.0f ? desc->crop_filter_alpha : GT_BODY_CROP_FILTER_ALPHA;
    b->full_image_only = desc->full_image_only;
    uint32_t backends = desc->backends;
    r = gt_movenet_init_on(&b->movenet, path, &backends, allocator, &desc->logger, err);
    if (r < 0) {
        gu_free(allocator, b);
        return r;
    }
    *out_body = b;
    return GLINT_SUCCESS;
}

void gt_body_destroy(gt_body* body) {
    if (!body) return;
    gu_allocator* a = body->allocator;
    gt_movenet_free(&body->movenet, a);
    gu_free(a, body);
}

void gt_body_reset(gt_body* body) {
    if (!body) return;
    body->have_next = false;
    memset(&body->filter, 0, sizeof(body->filter));
}

void gt_body_use_backend(gt_body* body, glint_backend backend) { gt_movenet_use(&body->movenet, backend); }
uint32_t gt_body_usable(const gt_body* body) { return gt_stage_models_usable(&body->movenet.models); }
glint_backend gt_body_ran_on(const gt_body* body) { return gt_model_last_backend(body->movenet.model); }

int32_t gt_body_input_size(const gt_body* body) { return body ? body->movenet.size : 0; }

void gt_body_last_crop(const gt_body* body, gt_body_crop* out_crop, bool* out_tracked) {
    if (out_crop) *out_crop = body->last_crop;
    if (out_tracked) *out_tracked = body->last_tracked;
}

static bool same_crop(const gt_body_crop* a, const gt_body_crop* b) {
    return a->x_min == b->x_min && a->y_min == b->y_min && a->x_max == b->x_max && a->y_max == b->y_max;
}

glint_result gt_body_step(gt_body* body, const gi_image* image, int64_t t_ns, bool run, glint_body* out,
                          glint_error* err) {
    /* t_ns is not needed: TF.js's crop filter works per frame, without a time constant, and the
     * keypoint filtering / prediction that does depend on time is the tracker's. */
    (void)t_ns;
    if (!body || !out) return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "body: NULL argument");
    if (!run) {
        *out = body->last;
        return GLINT_SUCCESS;
    }
    glint_result r = gi_image_validate(image, err);
    if (r < 0) return r;
    if (image->width != body->image_w || image->height != body->image_h) {
        gt_body_reset(body);
        body->image_w = image->width;
        body->image_h = image->height;
    }
    const int32_t w = image->width, h = image->height, size = body->movenet.size;

    /* This frame's crop. The full image goes through the letterbox map itself, so that the
     * input is bit-identical to the letterboxed tensors of the goldens (tests/golden). */
    gt_body_crop full = gt_body_crop_full(w, h);
    gt_body_crop crop = body->have_next ? body->next_crop : full;
    gi_affine to_image = same_crop(&crop, &full) ? gi_affine_letterbox(w, h, size, size)
                                                 : gt_body_crop_to_affine(&crop, size);
    gt_movenet_pose pose;
    glint_body result;
    memset(&result, 0, sizeof(result));
    r = gt_movenet_run(&body->movenet, image, &to_image, &pose, result.keypoints, err);
    if (r < 0) return r;
    body->last_crop = crop;
    body->last_tracked = !same_crop(&crop, &full);

    int32_t confident = 0;
    float sum = 0.0f;
    for (int32_t k = 0; k < GLINT_BODY_KEYPOINTS; k++) {
        if (result.keypoints[k].z > body->min_score) {
            confident++;
            sum += result.keypoints[k].z;
        }
    }
    result.valid = confident > 0;
    result.score = confident ? sum / (float)confident : 0.0f;

    /* Next frame's crop. */
    if (!result.valid || body->full_image_only) {
        gt_body_reset(body);
    } else {
        gt_body_crop next = gt_body_crop_next(result.keypoints, w, h, body->min_score, NULL);
        body->next_crop = gt_body_crop_filter_apply(&body->filter, &next, body->crop_alpha);
        body->have_next = true;
    }
    body->last = result;
    *out = result;
    return GLINT_SUCCESS;
}
