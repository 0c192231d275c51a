/*
 * Augmented calibration inputs (ge_calib_data.h).
 */
#include "engine/calib/ge_calib_data.h"

#include <math.h>
#include <string.h>

#include "util/gu_error.h"

ge_augment ge_augment_identity(void) {
    return (ge_augment){0.0, 1.0, 0.0, 0.0, 1.0f, 1.0f};
}

ge_augment_limits ge_augment_limits_default(void) {
    return (ge_augment_limits){30.0 * GI_PI / 180.0, 0.85, 1.2, 0.05, 0.6f, 1.4f, 0.8f, 1.2f};
}

static double uniform(uint64_t* s) { /* xorshift64*, [0, 1) */
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return (double)((*s * 2685821657736338717ull) >> 11) * (1.0 / 9007199254740992.0);
}

ge_augment ge_augment_draw(uint64_t* state, const ge_augment_limits* l) {
    if (*state == 0) *state = 0x9E3779B97F4A7C15ull;
    ge_augment a;
    a.rotation = (2.0 * uniform(state) - 1.0) * l->max_rotation;
    a.scale = l->min_scale + (l->max_scale - l->min_scale) * uniform(state);
    a.shift_x = (2.0 * uniform(state) - 1.0) * l->max_shift;
    a.shift_y = (2.0 * uniform(state) - 1.0) * l->max_shift;
    a.brightness = (float)(l->min_brightness + (l->max_brightness - l->min_brightness) * uniform(state));
    a.contrast = (float)(l->min_contrast + (l->max_contrast - l->min_contrast) * uniform(state));
    return a;
}

/* Similarity about (cx, cy) in image pixels: rotate, scale, then shift. */
static gi_affine similarity(double cx, double cy, double rotation, double scale, double dx, double dy) {
    const double c = cos(rotation) * scale, s = sin(rotation) * scale;
    gi_affine a = {{c, -s, cx - c * cx + s * cy + dx, s, c, cy - s * cx - c * cy + dy}};
    return a;
}

static void adjust_pixels(const gi_prep_desc* desc, const ge_augment* aug, void* out, size_t out_bytes) {
    if (aug->brightness == 1.0f && aug->contrast == 1.0f) return;
    float lo = 0.0f, hi = 255.0f;
    gi_range_bounds(desc->range, &lo, &hi);
    const float to_pixel = 255.0f / (hi - lo), to_value = (hi - lo) / 255.0f;
    if (desc->dtype == GLINT_DTYPE_F32) {
        float* v = out;
        for (size_t i = 0; i < out_bytes / 4; i++) {
            float p = (v[i] - lo) * to_pixel;
            p = ((p - 128.0f) * aug->contrast + 128.0f) * aug->brightness;
            p = p < 0.0f ? 0.0f : (p > 255.0f ? 255.0f : p);
            v[i] = lo + p * to_value;
        }
    } else if (desc->dtype == GLINT_DTYPE_I32) {
        int32_t* v = out;
        for (size_t i = 0; i < out_bytes / 4; i++) {
            float p = ((float)v[i] - 128.0f) * aug->contrast + 128.0f;
            p *= aug->brightness;
            v[i] = p < 0.0f ? 0 : (p > 255.0f ? 255 : (int32_t)lrintf(p));
        }
    } else if (desc->dtype == GLINT_DTYPE_U8) {
        uint8_t* v = out;
        for (size_t i = 0; i < out_bytes; i++) {
            float p = (((float)v[i] - 128.0f) * aug->contrast + 128.0f) * aug->brightness;
            v[i] = p < 0.0f ? 0 : (p > 255.0f ? 255 : (uint8_t)lrintf(p));
        }
    }
}

glint_result ge_calib_prepare(const gi_image* image, const gi_prep_desc* desc, const ge_augment* aug, void* out,
                              size_t out_bytes, glint_error* out_error) {
    if (!image || !desc || !aug || !out)
        return gu_errorf(out_error, GLINT_ERROR_INVALID_ARGUMENT, "calibration: NULL argument");
    gi_prep_desc d = *desc;
    if (desc->crop == GI_CROP_ROI) {
        d.roi.rotation += aug->rotation;
        d.roi.side *= aug->scale;
        d.roi.cx += aug->shift_x * desc->roi.side;
        d.roi.cy += aug->shift_y * desc->roi.side;
    } else {
        gi_affine base;
        glint_result r = gi_prep_to_image(desc, image->width, image->height, &base, out_error);
        if (r < 0) return r;
        const gi_affine s = similarity(0.5 * image->width, 0.5 * image->height, aug->rotation, aug->scale,
                                       aug->shift_x * image->width, aug->shift_y * image->height);
        d.crop = GI_CROP_AFFINE;
        d.to_image = gi_affine_compose(&s, &base);
    }
    glint_result r = gi_prepare_tensor(image, &d, out, out_bytes, NULL, out_error);
    if (r < 0) return r;
    adjust_pixels(desc, aug, out, out_bytes);
    return GLINT_SUCCESS;
}
