#include "gt_hand_landmark.h"

#include <math.h>
#include <string.h>

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

glint_result gt_hand_landmark_init(gt_hand_landmark* hl, const char* path, gu_allocator* allocator,
                                   const glint_logger* logger, glint_error* err) {
    uint32_t cpu = GT_BACKEND_BIT(GLINT_BACKEND_CPU);
    return gt_hand_landmark_init_on(hl, path, &cpu, allocator, logger, err);
}

void gt_hand_landmark_use(gt_hand_landmark* hl, glint_backend backend) {
    hl->model = gt_stage_models_pick(&hl->models, backend);
}

glint_result gt_hand_landmark_init_on(gt_hand_landmark* hl, const char* path, uint32_t* io_backends,
                                      gu_allocator* allocator, const glint_logger* logger, glint_error* err) {
    memset(hl, 0, sizeof(*hl));
    glint_model_desc md;
    memset(&md, 0, sizeof(md));
    md.path = path;
    md.allocator = allocator->hook;
    if (logger) md.logger = *logger;
    glint_result r = gt_stage_models_load(&hl->models, &md, io_backends, err);
    if (r < 0) return r;
    gt_hand_landmark_use(hl, GLINT_BACKEND_CPU);
    glint_tensor_info in;
    const int32_t s = GT_HAND_LANDMARK_INPUT_SIZE;
    if (glint_model_input_count(hl->model) != 1 || glint_model_input_info(hl->model, 0, &in) < 0 ||
        in.dtype != GLINT_DTYPE_F32 || in.rank != 4 || in.shape[0] != 1 || in.shape[1] != s || in.shape[2] != s ||
        in.shape[3] != 3) {
        gt_hand_landmark_free(hl, allocator);
        return gu_errorf(err, GLINT_ERROR_MODEL_UNSUPPORTED, "hand landmark: %s: expected one 1x%dx%dx3 f32 input",
                         path, s, s);
    }
    hl->out_landmarks = find_output(hl->model, "Identity", 63 * sizeof(float));
    hl->out_presence = find_output(hl->model, "Identity_1", sizeof(float));
    hl->out_handedness = find_output(hl->model, "Identity_2", sizeof(float));
    hl->out_world = find_output(hl->model, "Identity_3", 63 * sizeof(float));
    if (hl->out_landmarks < 0 || hl->out_presence < 0 || hl->out_handedness < 0 || hl->out_world < 0) {
        gt_hand_landmark_free(hl, allocator);
        return gu_errorf(err, GLINT_ERROR_MODEL_UNSUPPORTED,
                         "hand landmark: %s: outputs Identity (63), Identity_1..2 (1), Identity_3 (63) not found", path);
    }
    hl->border = GI_BORDER_REPLICATE; /* as MediaPipe's landmark crop (see the header) */
    hl->input_bytes = in.bytes;
    hl->input = gu_malloc_aligned(allocator, in.bytes, 64);
    if (!hl->input) {
        gt_hand_landmark_free(hl, allocator);
        return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "hand landmark: out of memory");
    }
    return GLINT_SUCCESS;
}

void gt_hand_landmark_free(gt_hand_landmark* hl, gu_allocator* allocator) {
    if (!hl) return;
    gt_stage_models_free(&hl->models);
    if (hl->input) gu_free_aligned(allocator, hl->input);
    memset(hl, 0, sizeof(*hl));
}

void gt_hand_landmarks_to_image(const float* lm, const float* world, const gi_roi* roi, const gi_affine* to_image,
                                glint_vec3 out_kp[GLINT_HAND_KEYPOINTS], glint_vec3 out_world[GLINT_HAND_KEYPOINTS]) {
    const double z_scale = roi->side / (GT_HAND_LANDMARK_INPUT_SIZE * GT_HAND_LANDMARK_NORMALIZE_Z);
    const double c = cos(roi->rotation), s = sin(roi->rotation);
    for (int32_t i = 0; i < GLINT_HAND_KEYPOINTS; i++) {
        double x, y;
        gi_affine_apply(to_image, lm[3 * i], lm[3 * i + 1], &x, &y);
        out_kp[i].x = (float)x;
        out_kp[i].y = (float)y;
        out_kp[i].z = (float)(lm[3 * i + 2] * z_scale);
        double wx = world[3 * i], wy = world[3 * i + 1];
        out_world[i].x = (float)(c * wx - s * wy);
        out_world[i].y = (float)(s * wx + c * wy);
        out_world[i].z = world[3 * i + 2];
    }
}

void gt_handedness_from_raw(float raw, bool mirrored, glint_handedness* out_side, float* out_score) {
    float p_right = raw != raw ? 0.5f : raw; /* NaN: undecided */
    if (p_right < 0.0f) p_right = 0.0f;
    if (p_right > 1.0f) p_right = 1.0f;
    if (mirrored) p_right = 1.0f - p_right;
    if (p_right >= 0.5f) {
        *out_side = GLINT_HANDEDNESS_RIGHT;
        *out_score = p_right;
    } else {
        *out_side = GLINT_HANDEDNESS_LEFT;
        *out_score = 1.0f - p_right;
    }
}

glint_result gt_hand_landmark_run(gt_hand_landmark* hl, const gi_image* image, const gi_roi* roi,
                                  gt_hand_measurement* out, glint_error* err) {
    gi_prep_desc pd;
    memset(&pd, 0, sizeof(pd));
    pd.width = pd.height = GT_HAND_LANDMARK_INPUT_SIZE;
    pd.crop = GI_CROP_ROI;
    pd.roi = *roi;
    pd.range = GI_RANGE_0_1;
    pd.dtype = GLINT_DTYPE_F32;
    pd.border = hl->border;
    gi_affine to_image;
    glint_result r = gi_prepare_tensor(image, &pd, hl->input, hl->input_bytes, &to_image, err);
    if (r < 0) return r;
    r = glint_model_set_input(hl->model, 0, hl->input, hl->input_bytes);
    if (r < 0) return gu_errorf(err, r, "hand landmark: set input failed");
    r = glint_model_run(hl->model, err);
    if (r < 0) return r;
    const void *lm, *pres, *hand, *world;
    if (glint_model_output(hl->model, hl->out_landmarks, &lm, NULL) < 0 ||
        glint_model_output(hl->model, hl->out_presence, &pres, NULL) < 0 ||
        glint_model_output(hl->model, hl->out_handedness, &hand, NULL) < 0 ||
        glint_model_output(hl->model, hl->out_world, &world, NULL) < 0)
        return gu_errorf(err, GLINT_ERROR_INTERNAL, "hand landmark: missing output");
    out->roi = *roi;
    out->presence = *(const float*)pres;
    out->handedness_raw = *(const float*)hand;
    gt_hand_landmarks_to_image(lm, world, roi, &to_image, out->keypoints, out->world);
    return GLINT_SUCCESS;
}
