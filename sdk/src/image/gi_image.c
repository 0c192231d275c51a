#include "gi_image.h"

#include "util/gu_error.h"

int32_t gi_format_pixel_bytes(gi_format format) {
    switch (format) {
    case GI_FORMAT_RGBA8:
    case GI_FORMAT_BGRA8: return 4;
    case GI_FORMAT_RGB8: return 3;
    case GI_FORMAT_GRAY8:
    case GI_FORMAT_NV12:
    case GI_FORMAT_NV21: return 1;
    default: return 0;
    }
}

const char* gi_format_name(gi_format format) {
    switch (format) {
    case GI_FORMAT_RGBA8: return "rgba8";
    case GI_FORMAT_RGB8: return "rgb8";
    case GI_FORMAT_BGRA8: return "bgra8";
    case GI_FORMAT_GRAY8: return "gray8";
    case GI_FORMAT_NV12: return "nv12";
    case GI_FORMAT_NV21: return "nv21";
    default: return "unknown";
    }
}

gi_image gi_image_packed(const uint8_t* data, int32_t width, int32_t height, gi_format format) {
    gi_image im = {0};
    im.data = data;
    im.width = width;
    im.height = height;
    im.stride = width * gi_format_pixel_bytes(format);
    im.format = format;
    return im;
}

static int is_yuv420(gi_format f) { return f == GI_FORMAT_NV12 || f == GI_FORMAT_NV21; }

/* Chroma plane row stride actually used for the view (see the header for the defaults). */
static int32_t effective_uv_stride(const gi_image* im) {
    return im->uv_stride ? im->uv_stride : im->stride;
}

glint_result gi_image_validate(const gi_image* im, glint_error* err) {
    if (!im) return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "image: NULL view");
    int32_t bpp = gi_format_pixel_bytes(im->format);
    if (bpp == 0) return gu_errorf(err, GLINT_ERROR_IMAGE_FORMAT, "image: unknown pixel format %d", (int)im->format);
    if (!im->data) return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "image: NULL pixel data");
    if (im->width < 1 || im->height < 1 || im->width > GI_MAX_IMAGE_DIM || im->height > GI_MAX_IMAGE_DIM)
        return gu_errorf(err, GLINT_ERROR_IMAGE_FORMAT, "image: size %dx%d outside 1..%d", (int)im->width,
                         (int)im->height, GI_MAX_IMAGE_DIM);
    /* width <= 32768 and bpp <= 4, so the product cannot overflow. */
    if (im->stride < im->width * bpp)
        return gu_errorf(err, GLINT_ERROR_IMAGE_FORMAT, "image: stride %d < %d bytes of a %s row of %d pixels",
                         (int)im->stride, (int)(im->width * bpp), gi_format_name(im->format), (int)im->width);
    if (is_yuv420(im->format)) {
        int32_t uv_row = 2 * ((im->width + 1) / 2);
        if (im->uv_stride < 0 || effective_uv_stride(im) < uv_row)
            return gu_errorf(err, GLINT_ERROR_IMAGE_FORMAT, "image: %s chroma stride %d < %d bytes",
                             gi_format_name(im->format), (int)effective_uv_stride(im), (int)uv_row);
        if (!im->uv && im->uv_stride != 0 && im->uv_stride != im->stride)
            return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT,
                             "image: chroma plane after the Y plane must share its stride");
    } else if (im->uv || im->uv_stride) {
        return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "image: chroma plane given for packed format %s",
                         gi_format_name(im->format));
    }
    return GLINT_SUCCESS;
}

size_t gi_image_min_bytes(const gi_image* im) {
    if (gi_image_validate(im, NULL) != GLINT_SUCCESS) return 0;
    int32_t bpp = gi_format_pixel_bytes(im->format);
    /* The last row only needs its pixels, not a full stride. Sizes are < 2^31 * 2^15: fits size_t
     * on 64-bit; on 32-bit hosts such images could not exist in memory anyway. */
    size_t bytes = (size_t)im->stride * (size_t)(im->height - 1) + (size_t)im->width * (size_t)bpp;
    if (is_yuv420(im->format) && !im->uv) {
        int32_t ch = (im->height + 1) / 2;
        int32_t uv_row = 2 * ((im->width + 1) / 2);
        bytes = (size_t)im->stride * (size_t)im->height + (size_t)im->stride * (size_t)(ch - 1) + (size_t)uv_row;
    }
    return bytes;
}
