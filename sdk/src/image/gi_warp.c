#include "gi_warp.h"

#include <math.h>
#include <string.h>

#include "gi_pixel.h"
#include "util/gu_error.h"

/* floor(v / 2^n) for any sign; C leaves >> of negative values implementation-defined. */
static inline int64_t floor_shift(int64_t v, unsigned n) {
    if (v >= 0) return v >> n;
    return -(((-v) + ((INT64_C(1) << n) - 1)) >> n);
}

glint_result gi_warp_fixed_from_affine(const gi_affine* a, gi_warp_fixed* out, glint_error* err) {
    if (!a || !out) return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "warp: NULL map");
    for (int i = 0; i < 6; i++) {
        double v = a->m[i];
        double limit = (i == 2 || i == 5) ? GI_WARP_MAX_OFFSET : GI_WARP_MAX_LINEAR;
        if (!isfinite(v) || fabs(v) > limit)
            return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "warp: map coefficient %d = %g is not finite or above %g",
                             i, v, limit);
        /* v * 2^20 is exact (power-of-two scale, |v| < 2^31); +0.5 then floor is exact below 2^52. */
        out->m[i] = (int64_t)floor(v * (double)(INT64_C(1) << GI_WARP_FRAC_BITS) + 0.5);
    }
    out->border = GI_BORDER_ZERO;
    return GLINT_SUCCESS;
}

enum {
    /* Position S is in units of 2^-(F+1); this shift takes it to 1/256 pixel. */
    POS_SHIFT = GI_WARP_FRAC_BITS + 1 - 8,
};

/* The row loop is compiled once per pixel format (the format is a constant after inlining),
 * so the per-tap read has no format switch; only the value of fmt differs between copies. */
#if defined(__GNUC__)
#define GI_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define GI_ALWAYS_INLINE inline
#endif

static GI_ALWAYS_INLINE void read_tap(const gi_image* src, gi_format fmt, int32_t x, int32_t y, uint8_t rgb[3]) {
    gi_image im = *src;
    im.format = fmt;
    gi_read_rgb(&im, x, y, rgb);
}

static GI_ALWAYS_INLINE void warp_row_fmt(const gi_image* src, gi_format fmt, const gi_warp_fixed* map, int32_t y,
                                          int32_t x0, int32_t count, uint8_t* out_rgb) {
    const int64_t* m = map->m;
    const int64_t half_pixel = INT64_C(1) << GI_WARP_FRAC_BITS; /* 0.5 px in units of 2^-(F+1) */
    const int64_t round_half = INT64_C(1) << (POS_SHIFT - 1);
    const int64_t yy = 2 * (int64_t)y + 1;
    const int64_t row_x = m[1] * yy + 2 * m[2] - half_pixel;
    const int64_t row_y = m[4] * yy + 2 * m[5] - half_pixel;
    const int64_t w = src->width, h = src->height;
    for (int32_t i = 0; i < count; i++) {
        int64_t xx = 2 * (int64_t)(x0 + i) + 1;
        int64_t sx = floor_shift(m[0] * xx + row_x + round_half, POS_SHIFT); /* 1/256 px */
        int64_t sy = floor_shift(m[3] * xx + row_y + round_half, POS_SHIFT);
        int64_t ix = floor_shift(sx, 8), iy = floor_shift(sy, 8);
        uint32_t fx = (uint32_t)(sx - ix * 256), fy = (uint32_t)(sy - iy * 256);
        uint32_t wx0 = 256u - fx, wy0 = 256u - fy;
        uint32_t acc0 = 32768u, acc1 = 32768u, acc2 = 32768u;
        uint8_t p[4][3];
        if (ix >= 0 && iy >= 0 && ix + 1 < w && iy + 1 < h) {
            /* All four taps inside: no checks (a zero weight reads a valid pixel and adds 0). */
            int32_t x = (int32_t)ix, yv = (int32_t)iy;
            read_tap(src, fmt, x, yv, p[0]);
            read_tap(src, fmt, x + 1, yv, p[1]);
            read_tap(src, fmt, x, yv + 1, p[2]);
            read_tap(src, fmt, x + 1, yv + 1, p[3]);
            uint32_t w00 = wx0 * wy0, w10 = fx * wy0, w01 = wx0 * fy, w11 = fx * fy;
            acc0 += w00 * p[0][0] + w10 * p[1][0] + w01 * p[2][0] + w11 * p[3][0];
            acc1 += w00 * p[0][1] + w10 * p[1][1] + w01 * p[2][1] + w11 * p[3][1];
            acc2 += w00 * p[0][2] + w10 * p[1][2] + w01 * p[2][2] + w11 * p[3][2];
        } else if (map->border == GI_BORDER_REPLICATE) {
            /* Near or beyond the border, replicated: each tap reads the nearest pixel inside. */
            const uint32_t wx[2] = {wx0, fx}, wy[2] = {wy0, fy};
            for (int ty = 0; ty < 2; ty++) {
                int64_t py = iy + ty;
                py = py < 0 ? 0 : py >= h ? h - 1 : py;
                for (int tx = 0; tx < 2; tx++) {
                    int64_t px = ix + tx;
                    px = px < 0 ? 0 : px >= w ? w - 1 : px;
                    uint32_t wgt = wx[tx] * wy[ty];
                    if (wgt == 0) continue;
                    uint8_t rgb[3];
                    read_tap(src, fmt, (int32_t)px, (int32_t)py, rgb);
                    acc0 += wgt * rgb[0];
                    acc1 += wgt * rgb[1];
                    acc2 += wgt * rgb[2];
                }
            }
        } else {
            /* Near or beyond the border: taps outside are black (contribute 0) and never read;
             * taps with zero weight are skipped so they are never read either. */
            const uint32_t wx[2] = {wx0, fx}, wy[2] = {wy0, fy};
            for (int ty = 0; ty < 2; ty++) {
                int64_t py = iy + ty;
                if (wy[ty] == 0 || py < 0 || py >= h) continue;
                for (int tx = 0; tx < 2; tx++) {
                    int64_t px = ix + tx;
                    if (wx[tx] == 0 || px < 0 || px >= w) continue;
                    uint8_t rgb[3];
                    read_tap(src, fmt, (int32_t)px, (int32_t)py, rgb);
                    uint32_t wgt = wx[tx] * wy[ty];
                    acc0 += wgt * rgb[0];
                    acc1 += wgt * rgb[1];
                    acc2 += wgt * rgb[2];
                }
            }
        }
        uint8_t* o = out_rgb + 3 * (size_t)i;
        o[0] = (uint8_t)(acc0 >> 16);
        o[1] = (uint8_t)(acc1 >> 16);
        o[2] = (uint8_t)(acc2 >> 16);
    }
}

void gi_warp_row(const gi_image* src, const gi_warp_fixed* map, int32_t y, int32_t x0, int32_t count,
                 uint8_t* out_rgb) {
    switch (src->format) {
    case GI_FORMAT_RGBA8: warp_row_fmt(src, GI_FORMAT_RGBA8, map, y, x0, count, out_rgb); return;
    case GI_FORMAT_RGB8: warp_row_fmt(src, GI_FORMAT_RGB8, map, y, x0, count, out_rgb); return;
    case GI_FORMAT_BGRA8: warp_row_fmt(src, GI_FORMAT_BGRA8, map, y, x0, count, out_rgb); return;
    case GI_FORMAT_GRAY8: warp_row_fmt(src, GI_FORMAT_GRAY8, map, y, x0, count, out_rgb); return;
    case GI_FORMAT_NV12: warp_row_fmt(src, GI_FORMAT_NV12, map, y, x0, count, out_rgb); return;
    case GI_FORMAT_NV21: warp_row_fmt(src, GI_FORMAT_NV21, map, y, x0, count, out_rgb); return;
    default: memset(out_rgb, 0, 3 * (size_t)count); return; /* unreachable after validation */
    }
}

glint_result gi_warp_affine_rgb8(const gi_image* src, const gi_affine* dst_to_src, uint8_t* dst, int32_t dst_w,
                                 int32_t dst_h, int32_t dst_stride, glint_error* err) {
    glint_result r = gi_image_validate(src, err);
    if (r != GLINT_SUCCESS) return r;
    if (!dst) return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "warp: NULL destination");
    if (dst_w < 1 || dst_h < 1 || dst_w > GI_WARP_MAX_DST_DIM || dst_h > GI_WARP_MAX_DST_DIM)
        return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "warp: destination %dx%d outside 1..%d", (int)dst_w,
                         (int)dst_h, GI_WARP_MAX_DST_DIM);
    if (dst_stride < 3 * dst_w)
        return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "warp: destination stride %d < %d", (int)dst_stride,
                         (int)(3 * dst_w));
    gi_warp_fixed map;
    r = gi_warp_fixed_from_affine(dst_to_src, &map, err);
    if (r != GLINT_SUCCESS) return r;
    for (int32_t y = 0; y < dst_h; y++) gi_warp_row(src, &map, y, 0, dst_w, dst + (size_t)y * (size_t)dst_stride);
    return GLINT_SUCCESS;
}
