/*
 * gi_image: a read-only view of a camera frame or decoded picture in memory.
 *
 * These are the pixel formats the tracker accepts from cameras. The view never owns or
 * copies the pixels. Every reader in the image module goes through gi_image_validate
 * first, so a view with a bad size or stride is rejected once, up front.
 *
 * Packed formats (data, stride = bytes from one row to the next, may exceed the row):
 *   RGBA8  bytes R, G, B, A (alpha is ignored)     BGRA8  bytes B, G, R, A (Android/Windows)
 *   RGB8   bytes R, G, B                           GRAY8  one luma byte, becomes R = G = B
 * Semi-planar YUV 4:2:0 (Android camera NV21, iOS/MediaCodec NV12):
 *   data/stride is the Y plane (width x height bytes). uv/uv_stride is the interleaved
 *   chroma plane of ceil(width/2) x ceil(height/2) pairs: NV12 stores (U, V) = (Cb, Cr),
 *   NV21 stores (V, U) = (Cr, Cb). uv may be NULL when the chroma plane directly follows
 *   the Y plane (at data + stride * height) with uv_stride == stride (then uv_stride may be 0).
 *   Colour conversion: BT.601, video ("limited") range, the convention of Android's camera
 *   YUV output; see gi_pixel.h.
 */
#ifndef GI_IMAGE_H
#define GI_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "glint/glint_types.h"

/* Limits that keep every coordinate and byte offset comfortably inside 32/64-bit math. */
#define GI_MAX_IMAGE_DIM 32768

typedef enum gi_format {
    GI_FORMAT_UNKNOWN = 0,
    GI_FORMAT_RGBA8 = 1,
    GI_FORMAT_RGB8 = 2,
    GI_FORMAT_BGRA8 = 3,
    GI_FORMAT_GRAY8 = 4,
    GI_FORMAT_NV12 = 5,
    GI_FORMAT_NV21 = 6,
} gi_format;

typedef struct gi_image {
    const uint8_t* data; /* packed pixels, or the Y plane */
    int32_t width, height;
    int32_t stride;      /* bytes per row of data */
    gi_format format;
    const uint8_t* uv;   /* NV12/NV21 chroma plane; NULL: right after the Y plane */
    int32_t uv_stride;   /* bytes per chroma row; 0 with uv NULL: same as stride */
} gi_image;

/* Bytes per pixel of a packed format; 1 for the Y plane of NV12/NV21; 0 when unknown. */
int32_t gi_format_pixel_bytes(gi_format format);
/* "rgba8", "rgb8", "bgra8", "gray8", "nv12", "nv21"; "unknown" otherwise. */
const char* gi_format_name(gi_format format);

/* A packed view with stride = width x pixel bytes. */
gi_image gi_image_packed(const uint8_t* data, int32_t width, int32_t height, gi_format format);

/* Checks format, dimensions (1..GI_MAX_IMAGE_DIM), strides (at least one row of pixels) and
 * pointers. GLINT_ERROR_IMAGE_FORMAT or GLINT_ERROR_INVALID_ARGUMENT with a message. */
glint_result gi_image_validate(const gi_image* image, glint_error* out_error);

/* The smallest buffer (from data) that holds the image, including the chroma plane when uv is
 * NULL; a caller that knows its buffer size compares against this. 0 for an invalid view. */
size_t gi_image_min_bytes(const gi_image* image);

#endif /* GI_IMAGE_H */
