#include "gt_anchors.h"

#include <math.h>
#include <stddef.h>

gt_ssd_anchor_options gt_palm_anchor_options(void) {
    gt_ssd_anchor_options o = {0};
    o.input_width = 192;
    o.input_height = 192;
    o.num_layers = 4;
    o.min_scale = 0.1484375f;
    o.max_scale = 0.75f;
    o.anchor_offset_x = 0.5f;
    o.anchor_offset_y = 0.5f;
    o.strides[0] = 8;
    o.strides[1] = 16;
    o.strides[2] = 16;
    o.strides[3] = 16;
    o.num_aspect_ratios = 1;
    o.aspect_ratios[0] = 1.0f;
    o.interpolated_scale_aspect_ratio = 1.0f;
    o.fixed_anchor_size = true;
    return o;
}

static bool options_valid(const gt_ssd_anchor_options* o) {
    if (!o || o->input_width <= 0 || o->input_height <= 0) return false;
    if (o->num_layers <= 0 || o->num_layers > GT_ANCHORS_MAX_LAYERS) return false;
    if (o->num_aspect_ratios < 0 || o->num_aspect_ratios > GT_ANCHORS_MAX_RATIOS) return false;
    for (int32_t i = 0; i < o->num_layers; i++)
        if (o->strides[i] <= 0 || o->strides[i] > o->input_width || o->strides[i] > o->input_height) return false;
    for (int32_t i = 0; i < o->num_aspect_ratios; i++)
        if (!(o->aspect_ratios[i] > 0.0f)) return false;
    return true;
}

/* Scale of layer i of n, linear from min to max (the calculator's CalculateScale). */
static float layer_scale(const gt_ssd_anchor_options* o, int32_t i) {
    if (o->num_layers == 1) return 0.5f * (o->min_scale + o->max_scale);
    return o->min_scale + (o->max_scale - o->min_scale) * (float)i / (float)(o->num_layers - 1);
}

/* Anchors per cell of the merged layer that starts at `first` and ends before *out_end. */
static int32_t anchors_per_cell(const gt_ssd_anchor_options* o, int32_t first, int32_t* out_end,
                                float* out_w, float* out_h) {
    int32_t n = 0;
    int32_t end = first;
    while (end < o->num_layers && o->strides[end] == o->strides[first]) {
        float scale = layer_scale(o, end);
        for (int32_t r = 0; r < o->num_aspect_ratios; r++) {
            float sq = sqrtf(o->aspect_ratios[r]);
            if (out_w) out_w[n] = scale * sq, out_h[n] = scale / sq;
            n++;
        }
        if (o->interpolated_scale_aspect_ratio > 0.0f) {
            float next = end == o->num_layers - 1 ? 1.0f : layer_scale(o, end + 1);
            float s = sqrtf(scale * next);
            float sq = sqrtf(o->interpolated_scale_aspect_ratio);
            if (out_w) out_w[n] = s * sq, out_h[n] = s / sq;
            n++;
        }
        end++;
    }
    *out_end = end;
    return n;
}

static int32_t feature_size(int32_t input, int32_t stride) { return (input + stride - 1) / stride; }

int32_t gt_ssd_anchor_count(const gt_ssd_anchor_options* o) {
    if (!options_valid(o)) return 0;
    int64_t total = 0;
    for (int32_t layer = 0; layer < o->num_layers;) {
        int32_t end;
        int32_t per_cell = anchors_per_cell(o, layer, &end, NULL, NULL);
        total += (int64_t)per_cell * feature_size(o->input_width, o->strides[layer]) *
                 feature_size(o->input_height, o->strides[layer]);
        layer = end;
    }
    return total > INT32_MAX ? 0 : (int32_t)total;
}

glint_result gt_ssd_anchors_generate(const gt_ssd_anchor_options* o, gt_anchor* out, int32_t capacity,
                                     int32_t* out_count) {
    if (out_count) *out_count = 0;
    if (!out || !out_count || !options_valid(o)) return GLINT_ERROR_INVALID_ARGUMENT;
    int32_t total = gt_ssd_anchor_count(o);
    if (total <= 0) return GLINT_ERROR_INVALID_ARGUMENT;
    if (total > capacity) return GLINT_ERROR_LIMIT_EXCEEDED;
    /* Up to (ratios + 1) anchors per merged layer member. */
    float aw[GT_ANCHORS_MAX_LAYERS * (GT_ANCHORS_MAX_RATIOS + 1)];
    float ah[GT_ANCHORS_MAX_LAYERS * (GT_ANCHORS_MAX_RATIOS + 1)];
    int32_t n = 0;
    for (int32_t layer = 0; layer < o->num_layers;) {
        int32_t end;
        int32_t per_cell = anchors_per_cell(o, layer, &end, aw, ah);
        int32_t fw = feature_size(o->input_width, o->strides[layer]);
        int32_t fh = feature_size(o->input_height, o->strides[layer]);
        for (int32_t y = 0; y < fh; y++) {
            for (int32_t x = 0; x < fw; x++) {
                for (int32_t a = 0; a < per_cell; a++) {
                    gt_anchor* an = &out[n++];
                    an->cx = ((float)x + o->anchor_offset_x) / (float)fw;
                    an->cy = ((float)y + o->anchor_offset_y) / (float)fh;
                    an->w = o->fixed_anchor_size ? 1.0f : aw[a];
                    an->h = o->fixed_anchor_size ? 1.0f : ah[a];
                }
            }
        }
        layer = end;
    }
    *out_count = n;
    return GLINT_SUCCESS;
}
