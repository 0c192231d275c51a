/*
 * glint-quantize: the model's kind, its photos and the inputs made from them.
 *
 * Hand landmark models see hand crops made the way the tracker makes them: the palm detector
 * on the whole photo (gt_palm), its detection turned into a rotated ROI (gt_roi_from_palm),
 * the float landmark model run once on it, and the tracking ROI derived from those landmarks
 * (gt_roi_from_hand_landmarks): that second ROI is the crop a tracked hand gets every frame.
 * Other models see the whole photo letterboxed to their input.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "engine/ge_model.h"
#include "glint-quantize/gq.h"
#include "tracker/gt_hand_landmark.h"
#include "tracker/gt_movenet.h"
#include "tracker/gt_palm.h"
#include "tracker/gt_roi.h"

const char* const gq_movenet_heads[4] = {GT_MOVENET_HEAD_CENTER, GT_MOVENET_HEAD_HEATMAP, GT_MOVENET_HEAD_REGRESS,
                                         GT_MOVENET_HEAD_OFFSET};

const char* gq_kind_name(gq_kind kind) {
    switch (kind) {
    case GQ_HAND_LANDMARK: return "hand_landmark";
    case GQ_PALM: return "palm_detection";
    case GQ_MOVENET: return "movenet";
    case GQ_GENERIC: break;
    }
    return "generic";
}

glint_model* gq_load(const char* path, gq_kind kind) {
    glint_model_desc desc = {0};
    desc.path = path;
    if (kind == GQ_MOVENET) {
        desc.output_names = gq_movenet_heads;
        desc.num_output_names = 4;
    }
    glint_model* m = NULL;
    glint_error err = {0};
    if (glint_model_load(&desc, &m, &err) < 0) {
        fprintf(stderr, "glint-quantize: %s: %s\n", path, err.message);
        return NULL;
    }
    return m;
}

gq_kind gq_detect_kind(const glint_model* model) {
    const ge_graph* g = ge_model_graph(model);
    glint_tensor_info in;
    if (glint_model_input_info(model, 0, &in) < 0 || in.rank != 4) return GQ_GENERIC;
    if (ge_graph_find_tensor(g, GT_MOVENET_HEAD_CENTER) >= 0 && ge_graph_find_tensor(g, GT_MOVENET_HEAD_OFFSET) >= 0)
        return GQ_MOVENET;
    int32_t n_out = glint_model_output_count(model);
    glint_tensor_info out;
    if (in.shape[1] == 224 && in.shape[2] == 224 && n_out == 4 && glint_model_output_info(model, 0, &out) >= 0 &&
        out.bytes == 63 * sizeof(float) && ge_graph_find_tensor(g, "Identity_3") >= 0)
        return GQ_HAND_LANDMARK;
    if (in.shape[1] == 192 && in.shape[2] == 192 && n_out == 2 && glint_model_output_info(model, 0, &out) >= 0 &&
        out.rank == 3 && out.shape[1] == 2016 && out.shape[2] == 18)
        return GQ_PALM;
    return GQ_GENERIC;
}

static bool is_image_file(const char* name) {
    const char* dot = strrchr(name, '.');
    if (!dot) return false;
    return !strcmp(dot, ".png") || !strcmp(dot, ".jpg") || !strcmp(dot, ".jpeg") || !strcmp(dot, ".PNG") ||
           !strcmp(dot, ".JPG") || !strcmp(dot, ".bmp");
}

static char* dup_str(const char* s) {
    size_t n = strlen(s) + 1;
    char* d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

static int cmp_str(const void* a, const void* b) {
    return strcmp(*(const char* const*)a, *(const char* const*)b);
}

/* The input description of the model: square size, range (from a known model, else [0,1] for
 * f32 and 0..255 for integer inputs), dtype. */
static int input_desc(glint_model* model, gi_prep_desc* out) {
    glint_tensor_info in;
    if (glint_model_input_info(model, 0, &in) < 0 || in.rank != 4 || in.shape[3] != 3) {
        fprintf(stderr, "glint-quantize: the model's first input is not an NHWC image\n");
        return -1;
    }
    gi_range range = GI_RANGE_0_1;
    if (in.dtype != GLINT_DTYPE_F32) range = GI_RANGE_0_255;
    else if (!(in.range_min == 0 && in.range_max == 0)) gi_range_from_bounds(in.range_min, in.range_max, &range);
    *out = gi_prep_desc_letterbox(in.shape[2], in.shape[1], range, in.dtype);
    return 0;
}

/* Hand crops of one photo: palm detections -> landmark ROI (see the file comment). */
static void find_hands(gq_image* im, gt_palm_detector* palm, gt_hand_landmark* hl, const gi_prep_desc* input) {
    gi_image view = gs_image_view(&im->image);
    gt_detection det[GQ_MAX_CROPS];
    int32_t n = 0;
    glint_error err = {0};
    if (gt_palm_detect(palm, &view, 0.5f, det, GQ_MAX_CROPS, &n, &err) < 0) n = 0;
    for (int32_t i = 0; i < n; i++) {
        gi_roi roi = gt_roi_from_palm(&det[i]);
        gt_hand_measurement m;
        if (gt_hand_landmark_run(hl, &view, &roi, &m, &err) < 0) continue;
        gi_prep_desc d = *input;
        d.crop = GI_CROP_ROI;
        d.roi = gt_roi_from_hand_landmarks(m.keypoints);
        d.border = GI_BORDER_REPLICATE;
        im->crop[im->num_crops++] = d;
    }
}

int gq_data_load(gq_data* data, const char* dir, const gq_options* opt, glint_model* model) {
    memset(data, 0, sizeof(*data));
    data->kind = gq_detect_kind(model);
    if (input_desc(model, &data->input) < 0) return -1;
    DIR* d = opendir(dir);
    if (!d) {
        fprintf(stderr, "glint-quantize: cannot open the image folder '%s'\n", dir);
        return -1;
    }
    char* names[4096];
    int32_t count = 0;
    struct dirent* e;
    while ((e = readdir(d)) && count < 4096)
        if (is_image_file(e->d_name) && (names[count] = dup_str(e->d_name)) != NULL) count++;
    closedir(d);
    qsort(names, (size_t)count, sizeof(char*), cmp_str);
    if (opt->max_images > 0 && count > opt->max_images) {
        for (int32_t i = opt->max_images; i < count; i++) free(names[i]);
        count = opt->max_images;
    }
    data->images = calloc((size_t)(count ? count : 1), sizeof(gq_image));

    gu_allocator alloc;
    gu_allocator_init(&alloc, NULL);
    gt_palm_detector palm;
    gt_hand_landmark hl;
    bool hands = data->kind == GQ_HAND_LANDMARK;
    if (hands) {
        glint_error err = {0};
        if (opt->palm) {
            snprintf(data->palm_path, sizeof(data->palm_path), "%s", opt->palm);
        } else { /* next to the model: palm_detection_full for a full landmark model, else lite */
            const char* slash = strrchr(opt->model, '/');
            int dir_len = slash ? (int)(slash - opt->model + 1) : 0;
            snprintf(data->palm_path, sizeof(data->palm_path), "%.*spalm_detection_%s.tflite", dir_len, opt->model,
                     strstr(opt->model, "full") ? "full" : "lite");
        }
        if (gt_palm_init(&palm, data->palm_path, &alloc, NULL, &err) < 0) {
            fprintf(stderr, "glint-quantize: hand crops need the palm detector (--palm): %s\n", err.message);
            return -1;
        }
        if (gt_hand_landmark_init(&hl, opt->model, &alloc, NULL, &err) < 0) {
            fprintf(stderr, "glint-quantize: %s\n", err.message);
            gt_palm_free(&palm, &alloc);
            return -1;
        }
    }
    for (int32_t i = 0; i < count; i++) {
        gq_image* im = &data->images[data->num_images];
        char path[2048];
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        const char* why = NULL;
        if (gs_image_load(path, &im->image, &why) < 0) {
            fprintf(stderr, "glint-quantize: skipping %s: %s\n", path, why ? why : "unreadable");
            free(names[i]);
            continue;
        }
        snprintf(im->name, sizeof(im->name), "%s", names[i]);
        free(names[i]);
        if (hands) {
            find_hands(im, &palm, &hl, &data->input);
        } else {
            im->crop[0] = data->input;
            im->num_crops = 1;
        }
        if (im->num_crops == 0) { /* no hand found: not useful for a hand model */
            gs_image_free(&im->image);
            continue;
        }
        data->num_images++;
    }
    if (hands) {
        gt_palm_free(&palm, &alloc);
        gt_hand_landmark_free(&hl, &alloc);
    }
    if (data->num_images == 0) {
        fprintf(stderr, "glint-quantize: no usable images in '%s'%s\n", dir, hands ? " (no hands found)" : "");
        return -1;
    }
    return 0;
}

void gq_data_free(gq_data* data) {
    for (int32_t i = 0; i < data->num_images; i++) gs_image_free(&data->images[i].image);
    free(data->images);
    memset(data, 0, sizeof(*data));
}

int gq_data_add_samples(const gq_data* data, ge_calib* calib, int32_t augment, uint64_t seed, bool quiet) {
    const size_t bytes = gi_prep_tensor_bytes(&data->input);
    void* buf = malloc(bytes);
    if (!buf) return -1;
    ge_augment_limits limits = ge_augment_limits_default();
    uint64_t state = seed ? seed : 1;
    int32_t made = 0, total = 0;
    for (int32_t i = 0; i < data->num_images; i++) total += data->images[i].num_crops * (1 + augment);
    for (int32_t i = 0; i < data->num_images; i++) {
        const gq_image* im = &data->images[i];
        gi_image view = gs_image_view(&im->image);
        for (int32_t c = 0; c < im->num_crops; c++)
            for (int32_t a = 0; a <= augment; a++) {
                ge_augment aug = a == 0 ? ge_augment_identity() : ge_augment_draw(&state, &limits);
                glint_error err = {0};
                const void* in = buf;
                if (ge_calib_prepare(&view, &im->crop[c], &aug, buf, bytes, &err) < 0 ||
                    ge_calib_add_sample(calib, &in, &err) < 0) {
                    fprintf(stderr, "glint-quantize: %s: %s\n", im->name, err.message);
                    free(buf);
                    return -1;
                }
                made++;
                if (!quiet) fprintf(stderr, "\rpreparing inputs %d/%d", (int)made, (int)total);
            }
    }
    if (!quiet) fprintf(stderr, "\n");
    free(buf);
    return 0;
}
