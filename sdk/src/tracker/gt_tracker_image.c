/* glint_image (public) -> gi_image (the image module's view), with a message per mistake. */
#include "gt_tracker.h"

#include "util/gu_error.h"

glint_result gt_tracker_image_view(const glint_image* image, gi_image* out_view, glint_error* err) {
    if (!image) return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "image: NULL glint_image");
    gi_image v = {0};
    /* The enums share their values; anything else is refused here, before it is cast. */
    switch (image->format) {
    case GLINT_PIXEL_FORMAT_RGBA8: v.format = GI_FORMAT_RGBA8; break;
    case GLINT_PIXEL_FORMAT_RGB8: v.format = GI_FORMAT_RGB8; break;
    case GLINT_PIXEL_FORMAT_BGRA8: v.format = GI_FORMAT_BGRA8; break;
    case GLINT_PIXEL_FORMAT_GRAY8: v.format = GI_FORMAT_GRAY8; break;
    case GLINT_PIXEL_FORMAT_NV12: v.format = GI_FORMAT_NV12; break;
    case GLINT_PIXEL_FORMAT_NV21: v.format = GI_FORMAT_NV21; break;
    default:
        return gu_errorf(err, GLINT_ERROR_IMAGE_FORMAT,
                         "image: unsupported pixel format %d (RGBA8, RGB8, BGRA8, GRAY8, NV12, NV21)",
                         (int)image->format);
    }
    if (!image->data) return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "image: data is NULL");
    if (image->width <= 0 || image->height <= 0 || image->width > GI_MAX_IMAGE_DIM || image->height > GI_MAX_IMAGE_DIM)
        return gu_errorf(err, GLINT_ERROR_IMAGE_FORMAT, "image: size %dx%d is not in 1..%d on each side",
                         (int)image->width, (int)image->height, GI_MAX_IMAGE_DIM);
    if (image->stride < 0 || image->uv_stride < 0)
        return gu_errorf(err, GLINT_ERROR_IMAGE_FORMAT, "image: negative stride (%d, chroma %d)", (int)image->stride,
                         (int)image->uv_stride);
    int32_t row = image->width * gi_format_pixel_bytes(v.format); /* <= 32768 * 4 */
    v.data = image->data;
    v.width = image->width;
    v.height = image->height;
    v.stride = image->stride ? image->stride : row;
    if (v.format == GI_FORMAT_NV12 || v.format == GI_FORMAT_NV21) {
        v.uv = image->uv;
        /* glint.h: uv_stride 0 = same as stride, for a separate chroma plane too. */
        v.uv_stride = image->uv_stride ? image->uv_stride : (image->uv ? v.stride : 0);
    } else if (image->uv || image->uv_stride) {
        return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "image: uv/uv_stride given for a packed %s image",
                         gi_format_name(v.format));
    }
    glint_result r = gi_image_validate(&v, err);
    if (r < 0) return r;
    *out_view = v;
    return GLINT_SUCCESS;
}
