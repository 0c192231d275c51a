/*
 * RESIZE_BILINEAR (f32) and RESIZE_NEAREST (any dtype), NHWC, computing source coordinates
 * exactly as TFLite's reference kernels do, in float and in the same operation order, so the
 * results match bit for bit:
 *   scale = in / out, or (in - 1) / (out - 1) with align_corners and out > 1;
 *   bilinear source = (dst + 0.5) * scale - 0.5 with half_pixel_centers, else dst * scale;
 *   lower = max(floor(src), 0), upper = min(ceil(src), in - 1); weights use (src - lower).
 *   nearest source = min(round or floor((dst + offset) * scale), in - 1), offset 0.5 with
 *   half_pixel_centers; round (half away from zero) only with align_corners.
 */
#include <math.h>
#include <string.h>

#include "engine/kernels/ref/ge_ref.h"

static float axis_scale(int32_t in, int32_t out, bool align_corners) {
    if (align_corners && out > 1) return (float)(in - 1) / (float)(out - 1);
    return (float)in / (float)out;
}

static void bilinear_source(int32_t dst, float scale, bool half_pixel, int32_t in, float* src, int32_t* lo,
                            int32_t* hi) {
    const float v = half_pixel ? ((float)dst + 0.5f) * scale - 0.5f : (float)dst * scale;
    const int32_t f = (int32_t)floorf(v);
    const int32_t c = (int32_t)ceilf(v);
    *src = v;
    *lo = f > 0 ? f : 0;
    *hi = c < in - 1 ? c : in - 1;
}

void ge_f32_resize_bilinear_ref(const ge_resize_params* p, const ge_view* x, const ge_view* y) {
    const int32_t N = x->shape.dim[0], H = x->shape.dim[1], W = x->shape.dim[2], C = x->shape.dim[3];
    const int32_t OH = y->shape.dim[1], OW = y->shape.dim[2];
    const float sh = axis_scale(H, OH, p->align_corners), sw = axis_scale(W, OW, p->align_corners);
    const float* in = x->data;
    float* out = y->data;
    for (int32_t n = 0; n < N; n++) {
        const float* in_n = in + (int64_t)n * H * W * C;
        for (int32_t oy = 0; oy < OH; oy++) {
            float fy;
            int32_t y0, y1;
            bilinear_source(oy, sh, p->half_pixel_centers, H, &fy, &y0, &y1);
            const float dy = fy - (float)y0;
            for (int32_t ox = 0; ox < OW; ox++) {
                float fx;
                int32_t x0, x1;
                bilinear_source(ox, sw, p->half_pixel_centers, W, &fx, &x0, &x1);
                const float dx = fx - (float)x0;
                const float* p00 = in_n + ((int64_t)y0 * W + x0) * C;
                const float* p10 = in_n + ((int64_t)y1 * W + x0) * C;
                const float* p01 = in_n + ((int64_t)y0 * W + x1) * C;
                const float* p11 = in_n + ((int64_t)y1 * W + x1) * C;
                float* o = out + (((int64_t)n * OH + oy) * OW + ox) * C;
                for (int32_t c = 0; c < C; c++)
                    o[c] = p00[c] * (1 - dy) * (1 - dx) + p10[c] * dy * (1 - dx) + p01[c] * (1 - dy) * dx +
                           p11[c] * dy * dx;
            }
        }
    }
}

static int32_t nearest_source(int32_t dst, int32_t in, int32_t out, bool align_corners, bool half_pixel) {
    const float scale = axis_scale(in, out, align_corners);
    const float offset = half_pixel ? 0.5f : 0.0f;
    const float v = ((float)dst + offset) * scale;
    int32_t s = align_corners ? (int32_t)roundf(v) : (int32_t)floorf(v);
    if (s > in - 1) s = in - 1;
    if (half_pixel && s < 0) s = 0;
    return s;
}

void ge_any_resize_nearest_ref(const ge_resize_params* p, const ge_view* x, const ge_view* y) {
    const int32_t N = x->shape.dim[0], H = x->shape.dim[1], W = x->shape.dim[2], C = x->shape.dim[3];
    const int32_t OH = y->shape.dim[1], OW = y->shape.dim[2];
    const size_t es = ge_dtype_size(x->dtype);
    const uint8_t* in = x->data;
    uint8_t* out = y->data;
    for (int32_t n = 0; n < N; n++)
        for (int32_t oy = 0; oy < OH; oy++) {
            const int32_t iy = nearest_source(oy, H, OH, p->align_corners, p->half_pixel_centers);
            for (int32_t ox = 0; ox < OW; ox++) {
                const int32_t ix = nearest_source(ox, W, OW, p->align_corners, p->half_pixel_centers);
                memcpy(out + (size_t)((((int64_t)n * OH + oy) * OW + ox) * C) * es,
                       in + (size_t)((((int64_t)n * H + iy) * W + ix) * C) * es, (size_t)C * es);
            }
        }
}
