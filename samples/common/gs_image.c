#include "common/gs_image.h"

#include <stdlib.h>
#include <string.h>

#include <stb_image.h>
#include <stb_image_write.h>

int gs_image_load(const char* path, gs_image* out, const char** out_reason) {
    memset(out, 0, sizeof(*out));
    int w = 0, h = 0, n = 0;
    /* Ask for 3 channels: stb replicates gray and drops alpha. */
    unsigned char* px = stbi_load(path, &w, &h, &n, 3);
    if (!px) {
        if (out_reason) *out_reason = stbi_failure_reason();
        return -1;
    }
    if (w < 1 || h < 1 || w > GI_MAX_IMAGE_DIM || h > GI_MAX_IMAGE_DIM) {
        stbi_image_free(px);
        if (out_reason) *out_reason = "image size outside 1..32768";
        return -1;
    }
    out->rgb = px;
    out->width = w;
    out->height = h;
    out->channels_in_file = n;
    return 0;
}

void gs_image_free(gs_image* image) {
    if (image && image->rgb) stbi_image_free(image->rgb);
    if (image) memset(image, 0, sizeof(*image));
}

gi_image gs_image_view(const gs_image* image) {
    return gi_image_packed(image->rgb, image->width, image->height, GI_FORMAT_RGB8);
}

int gs_png_write_rgb8(const char* path, const uint8_t* rgb, int32_t width, int32_t height, int32_t stride) {
    return stbi_write_png(path, width, height, 3, rgb, stride) ? 0 : -1;
}
