#include "gt_palm.h"

#include <string.h>

#include "gt_palm_decode.h"
#include "image/gi_prepare.h"
#include "util/gu_error.h"

static int32_t find_output(const glint_model* m, const char* name, size_t bytes) {
    int32_t n = glint_model_output_count(m);
    for (int32_t i = 0; i < n; i++) {
        glint_tensor_info info;
        if (glint_model_output_info(m, i, &info) < 0) continue;
        if (info.name && strcmp(info.name, name) == 0 && info.dtype == GLINT_DTYPE_F32 && info.bytes == bytes)
            return i;
    }
    return -1;
}

glint_result gt_palm_init(gt_palm_detector* pd, const char* path, gu_allocator* allocator, const glint_logger* logger,
                          glint_error* err) {
    uint32_t cpu = GT_BACKEND_BIT(GLINT_BACKEND_CPU);
    return gt_palm_init_on(pd, path, &cpu, allocator, logger, err);
}

void gt_palm_use(gt_palm_detector* pd, glint_backend backend) { pd->model = gt_stage_models_pick(&pd->models, backend); }

glint_result gt_palm_init_on(gt_palm_detector* pd, const char* path, uint32_t* io_backends, gu_allocator* allocator,
                             const glint_logger* logger, glint_error* err) {
    memset(pd, 0, sizeof(*pd));
    gt_ssd_anchor_options ao = gt_palm_anchor_options();
    pd->anchors = gu_calloc(allocator, GT_PALM_NUM_ANCHORS, sizeof(gt_anchor));
    pd->decoded = gu_calloc(allocator, GT_PALM_NUM_ANCHORS, sizeof(gt_detection));
    pd->scratch = gu_calloc(allocator, GT_PALM_NUM_ANCHORS, sizeof(int32_t));
    if (!pd->anchors || !pd->decoded || !pd->scratch) {
        gt_palm_free(pd, allocator);
        return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "palm detection: out of memory");
    }
    int32_t count = 0;
    if (gt_ssd_anchors_generate(&ao, pd->anchors, GT_PALM_NUM_ANCHORS, &count) < 0 || count != GT_PALM_NUM_ANCHORS) {
        gt_palm_free(pd, allocator);
        return gu_errorf(err, GLINT_ERROR_INTERNAL, "palm detection: anchor generation gave %d anchors", (int)count);
    }
    glint_model_desc md;
    memset(&md, 0, sizeof(md));
    md.path = path;
    md.allocator = allocator->hook;
    if (logger) md.logger = *logger;
    glint_result r = gt_stage_models_load(&pd->models, &md, io_backends, err);
    if (r < 0) {
        gt_palm_free(pd, allocator);
        return r;
    }
    gt_palm_use(pd, GLINT_BACKEND_CPU);
    glint_tensor_info in;
    const int32_t s = GT_PALM_INPUT_SIZE;
    if (glint_model_input_count(pd->model) != 1 || glint_model_input_info(pd->model, 0, &in) < 0 ||
        in.dtype != GLINT_DTYPE_F32 || in.rank != 4 || in.shape[0] != 1 || in.shape[1] != s || in.shape[2] != s ||
        in.shape[3] != 3) {
        gt_palm_free(pd, allocator);
        return gu_errorf(err, GLINT_ERROR_MODEL_UNSUPPORTED, "palm detection: %s: expected one 1x%dx%dx3 f32 input",
                         path, s, s);
    }
    pd->out_boxes = find_output(pd->model, "Identity", (size_t)GT_PALM_NUM_ANCHORS * GT_PALM_NUM_COORDS * sizeof(float));
    pd->out_scores = find_output(pd->model, "Identity_1", (size_t)GT_PALM_NUM_ANCHORS * sizeof(float));
    if (pd->out_boxes < 0 || pd->out_scores < 0) {
        gt_palm_free(pd, allocator);
        return gu_errorf(err, GLINT_ERROR_MODEL_UNSUPPORTED,
                         "palm detection: %s: outputs Identity (2016x18) and Identity_1 (2016x1) not found", path);
    }
    pd->input_bytes = in.bytes;
    pd->input = gu_malloc_aligned(allocator, in.bytes, 64);
    if (!pd->input) {
        gt_palm_free(pd, allocator);
        return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "palm detection: out of memory");
    }
    return GLINT_SUCCESS;
}

void gt_palm_free(gt_palm_detector* pd, gu_allocator* allocator) {
    if (!pd) return;
    gt_stage_models_free(&pd->models);
    if (pd->input) gu_free_aligned(allocator, pd->input);
    gu_free(allocator, pd->anchors);
    gu_free(allocator, pd->decoded);
    gu_free(allocator, pd->scratch);
    memset(pd, 0, sizeof(*pd));
}

int32_t gt_palm_postprocess(const float* raw_boxes, const float* raw_scores, const gt_anchor* anchors,
                            float min_score, const gi_affine* to_image, gt_detection* scratch_dets,
                            int32_t* scratch_idx, gt_detection* out, int32_t max_out, int32_t* out_num_decoded) {
    gt_ssd_decode_options o = gt_palm_decode_options(min_score);
    int32_t n = gt_ssd_decode(raw_boxes, raw_scores, anchors, GT_PALM_NUM_ANCHORS, &o, scratch_dets,
                              GT_PALM_NUM_ANCHORS);
    if (out_num_decoded) *out_num_decoded = n;
    int32_t m = gt_nms_weighted(scratch_dets, n, GT_PALM_NMS_IOU, scratch_idx, out, max_out);
    /* Normalised tensor coordinates -> tensor pixels -> image pixels. The letterbox map is a
     * scale and a translation, so the box stays axis-aligned. */
    const double s = GT_PALM_INPUT_SIZE;
    for (int32_t i = 0; i < m; i++) {
        gt_detection* d = &out[i];
        double x0, y0, x1, y1;
        gi_affine_apply(to_image, d->xmin * s, d->ymin * s, &x0, &y0);
        gi_affine_apply(to_image, d->xmax * s, d->ymax * s, &x1, &y1);
        d->xmin = (float)(x0 < x1 ? x0 : x1);
        d->xmax = (float)(x0 < x1 ? x1 : x0);
        d->ymin = (float)(y0 < y1 ? y0 : y1);
        d->ymax = (float)(y0 < y1 ? y1 : y0);
        for (int32_t k = 0; k < d->num_keypoints; k++) {
            double x, y;
            gi_affine_apply(to_image, d->kp[k][0] * s, d->kp[k][1] * s, &x, &y);
            d->kp[k][0] = (float)x;
            d->kp[k][1] = (float)y;
        }
    }
    return m;
}

glint_result gt_palm_detect(gt_palm_detector* pd, const gi_image* image, float min_score, gt_detection* out,
                            int32_t max_out, int32_t* out_count, glint_error* err) {
    *out_count = 0;
    gi_prep_desc desc = gi_prep_desc_letterbox(GT_PALM_INPUT_SIZE, GT_PALM_INPUT_SIZE, GI_RANGE_0_1, GLINT_DTYPE_F32);
    gi_affine to_image;
    glint_result r = gi_prepare_tensor(image, &desc, pd->input, pd->input_bytes, &to_image, err);
    if (r < 0) return r;
    r = glint_model_set_input(pd->model, 0, pd->input, pd->input_bytes);
    if (r < 0) return gu_errorf(err, r, "palm detection: set input failed");
    r = glint_model_run(pd->model, err);
    if (r < 0) return r;
    const void *boxes, *scores;
    if (glint_model_output(pd->model, pd->out_boxes, &boxes, NULL) < 0 ||
        glint_model_output(pd->model, pd->out_scores, &scores, NULL) < 0)
        return gu_errorf(err, GLINT_ERROR_INTERNAL, "palm detection: missing output");
    *out_count = gt_palm_postprocess(boxes, scores, pd->anchors, min_score, &to_image, pd->decoded, pd->scratch, out,
                                     max_out, &pd->num_decoded);
    return GLINT_SUCCESS;
}
