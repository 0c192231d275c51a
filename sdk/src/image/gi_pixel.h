/*
 * gi_pixel: read one source pixel of any gi_format as RGB, in integers only.
 *
 * Internal to the image module (the warp samples through these). Callers have validated
 * the view and checked 0 <= x < width, 0 <= y < height.
 *
 * YUV -> RGB is BT.601 in video range (Y 16..235, Cb/Cr 16..240), which is what Android
 * camera NV21 frames carry. The coefficients are the usual 8-bit fixed-point forms of the
 * BT.601 matrix scaled to full-range RGB (255/219 = 1.164 -> 298/256, 1.596 -> 409/256,
 * 0.391 -> 100/256, 0.813 -> 208/256, 2.018 -> 516/256), rounded by +128 and clamped to 0..255.
 * Chroma is sampled nearest (each Cb/Cr pair covers a 2x2 block of luma), as Android does.
 */
#ifndef GI_PIXEL_H
#define GI_PIXEL_H

#include <stdint.h>

#include "gi_image.h"

static inline uint8_t gi_clamp_u8_shift8(int32_t v) {
    /* v >> 8 for non-negative v only: right shifts of negative values are
     * implementation-defined in C, and negatives clamp to 0 anyway. */
    if (v < 0) return 0;
    v >>= 8;
    return (uint8_t)(v > 255 ? 255 : v);
}

static inline void gi_yuv601v_to_rgb(int32_t y, int32_t u, int32_t v, uint8_t rgb[3]) {
    int32_t c = 298 * (y - 16) + 128;
    int32_t d = u - 128, e = v - 128;
    rgb[0] = gi_clamp_u8_shift8(c + 409 * e);
    rgb[1] = gi_clamp_u8_shift8(c - 100 * d - 208 * e);
    rgb[2] = gi_clamp_u8_shift8(c + 516 * d);
}

/* Start of the chroma plane (see gi_image.h for the uv == NULL layout). */
static inline const uint8_t* gi_uv_plane(const gi_image* im) {
    return im->uv ? im->uv : im->data + (size_t)im->stride * (size_t)im->height;
}
static inline int32_t gi_uv_stride(const gi_image* im) { return im->uv_stride ? im->uv_stride : im->stride; }

static inline void gi_read_rgb(const gi_image* im, int32_t x, int32_t y, uint8_t rgb[3]) {
    const uint8_t* row = im->data + (size_t)y * (size_t)im->stride;
    switch (im->format) {
    case GI_FORMAT_RGBA8: {
        const uint8_t* p = row + 4 * (size_t)x;
        rgb[0] = p[0], rgb[1] = p[1], rgb[2] = p[2];
        return;
    }
    case GI_FORMAT_RGB8: {
        const uint8_t* p = row + 3 * (size_t)x;
        rgb[0] = p[0], rgb[1] = p[1], rgb[2] = p[2];
        return;
    }
    case GI_FORMAT_BGRA8: {
        const uint8_t* p = row + 4 * (size_t)x;
        rgb[0] = p[2], rgb[1] = p[1], rgb[2] = p[0];
        return;
    }
    case GI_FORMAT_GRAY8: rgb[0] = rgb[1] = rgb[2] = row[x]; return;
    case GI_FORMAT_NV12:
    case GI_FORMAT_NV21: {
        const uint8_t* c = gi_uv_plane(im) + (size_t)(y >> 1) * (size_t)gi_uv_stride(im) + 2 * (size_t)(x >> 1);
        int32_t u = im->format == GI_FORMAT_NV12 ? c[0] : c[1];
        int32_t v = im->format == GI_FORMAT_NV12 ? c[1] : c[0];
        gi_yuv601v_to_rgb(row[x], u, v, rgb);
        return;
    }
    default: rgb[0] = rgb[1] = rgb[2] = 0; return;
    }
}

#endif /* GI_PIXEL_H */
