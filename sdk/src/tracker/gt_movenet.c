/* One MoveNet model cut at its heads (see gt_movenet.h). */
#include "tracker/gt_movenet.h"

#include <string.h>

#include "util/gu_error.h"

static const char* const k_heads[4] = {GT_MOVENET_HEAD_CENTER, GT_MOVENET_HEAD_HEATMAP, GT_MOVENET_HEAD_REGRESS,
                                       GT_MOVENET_HEAD_OFFSET};
static const int32_t k_head_channels[4] = {GT_MOVENET_CENTER_CHANNELS, GT_MOVENET_HEATMAP_CHANNELS,
                                           GT_MOVENET_REGRESS_CHANNELS, GT_MOVENET_OFFSET_CHANNELS};

static glint_result check_shapes(gt_movenet* mn, const char* path, glint_error* err) {
    glint_tensor_info in;
    if (glint_model_input_count(mn->model) != 1 || glint_model_input_info(mn->model, 0, &in) < 0)
        return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT, "movenet: %s: expected one input", path);
    /* SinglePose: a fixed square int32 RGB input whose side is a multiple of the output stride 4. */
    if (in.dtype != GLINT_DTYPE_I32 || in.rank != 4 || in.shape[0] != 1 || in.shape[3] != 3 ||
        in.shape[1] != in.shape[2] || in.shape[1] < 4 || in.shape[1] % 4 != 0 ||
        in.shape[1] / 4 > GT_MOVENET_MAX_GRID)
        return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT,
                         "movenet: %s: input '%s' is not a square int32 1xSxSx3 image (S a multiple of 4, <= %d)",
                         path, in.name, 4 * GT_MOVENET_MAX_GRID);
    mn->size = in.shape[1];
    const int32_t grid = mn->size / 4;
    for (int32_t i = 0; i < 4; i++) {
        glint_tensor_info out;
        if (glint_model_output_info(mn->model, i, &out) < 0 || out.dtype != GLINT_DTYPE_F32 || out.rank != 4 ||
            out.shape[0] != 1 || out.shape[1] != grid || out.shape[2] != grid || out.shape[3] != k_head_channels[i])
            return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT, "movenet: %s: head '%s' is not float32 1x%dx%dx%d", path,
                             k_heads[i], (int)grid, (int)grid, (int)k_head_channels[i]);
    }
    return gt_movenet_grid_init(&mn->grid, grid, grid, err);
}

glint_result gt_movenet_init(gt_movenet* mn, const char* path, gu_allocator* allocator, const glint_logger* logger,
                             glint_error* err) {
    uint32_t cpu = GT_BACKEND_BIT(GLINT_BACKEND_CPU);
    return gt_movenet_init_on(mn, path, &cpu, allocator, logger, err);
}

void gt_movenet_use(gt_movenet* mn, glint_backend backend) { mn->model = gt_stage_models_pick(&mn->models, backend); }

glint_result gt_movenet_init_on(gt_movenet* mn, const char* path, uint32_t* io_backends, gu_allocator* allocator,
                                const glint_logger* logger, glint_error* err) {
    memset(mn, 0, sizeof(*mn));
    glint_model_desc desc = {0};
    desc.path = path;
    desc.output_names = k_heads;
    desc.num_output_names = 4;
    desc.allocator = allocator->hook;
    if (logger) desc.logger = *logger;
    glint_result r = gt_stage_models_load(&mn->models, &desc, io_backends, err);
    if (r < 0) return r;
    gt_movenet_use(mn, GLINT_BACKEND_CPU);
    r = check_shapes(mn, path, err);
    if (r < 0) {
        gt_movenet_free(mn, allocator);
        return r;
    }
    mn->input_bytes = (size_t)mn->size * (size_t)mn->size * 3 * sizeof(int32_t);
    mn->input = gu_malloc(allocator, mn->input_bytes);
    if (!mn->input) {
        gt_movenet_free(mn, allocator);
        return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "movenet: out of memory");
    }
    return GLINT_SUCCESS;
}

void gt_movenet_free(gt_movenet* mn, gu_allocator* allocator) {
    if (!mn) return;
    gt_stage_models_free(&mn->models);
    gu_free(allocator, mn->input);
    memset(mn, 0, sizeof(*mn));
}

glint_result gt_movenet_run_input(gt_movenet* mn, gt_movenet_pose* out_pose, glint_error* err) {
    glint_result r = glint_model_set_input(mn->model, 0, mn->input, mn->input_bytes);
    if (r < 0) return gu_errorf(err, r, "movenet: cannot set the input");
    r = glint_model_run(mn->model, err);
    if (r < 0) return r;
    const void* heads[4];
    for (int32_t i = 0; i < 4; i++) {
        r = glint_model_output(mn->model, i, &heads[i], NULL);
        if (r < 0) return gu_errorf(err, r, "movenet: no output %d", (int)i);
    }
    gt_movenet_decode(&mn->grid, heads[0], heads[1], heads[2], heads[3], out_pose);
    return GLINT_SUCCESS;
}

void gt_movenet_to_image(const gt_movenet_pose* pose, int32_t size, const gi_affine* to_image,
                         glint_vec3 out_image[GT_MOVENET_KEYPOINTS]) {
    for (int32_t k = 0; k < GT_MOVENET_KEYPOINTS; k++) {
        const gt_movenet_keypoint* kp = &pose->keypoints[k];
        double x, y;
        gi_affine_apply(to_image, (double)kp->x * size, (double)kp->y * size, &x, &y);
        out_image[k].x = (float)x;
        out_image[k].y = (float)y;
        out_image[k].z = kp->score;
    }
}

glint_result gt_movenet_run(gt_movenet* mn, const gi_image* image, const gi_affine* to_image, gt_movenet_pose* out_pose,
                            glint_vec3 out_image[GT_MOVENET_KEYPOINTS], glint_error* err) {
    gi_prep_desc prep = {0};
    prep.width = prep.height = mn->size;
    prep.crop = GI_CROP_AFFINE;
    prep.to_image = *to_image;
    prep.range = GI_RANGE_0_255;
    prep.dtype = GLINT_DTYPE_I32;
    glint_result r = gi_prepare_tensor(image, &prep, mn->input, mn->input_bytes, NULL, err);
    if (r < 0) return r;
    r = gt_movenet_run_input(mn, out_pose, err);
    if (r < 0) return r;
    if (out_image) gt_movenet_to_image(out_pose, mn->size, to_image, out_image);
    return GLINT_SUCCESS;
}
