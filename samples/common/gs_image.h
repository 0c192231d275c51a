/*
 * gs_image: image files for the command-line tools and samples (not part of the SDK).
 *
 * PNG, JPEG, BMP, TGA, ... are decoded with stb_image (Debian's libstb-dev) into RGB8;
 * gray and alpha images are converted (gray -> R = G = B, alpha dropped). PNG output for
 * debug overlays goes through stb_image_write.
 */
#ifndef GS_IMAGE_H
#define GS_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "image/gi_image.h"

typedef struct gs_image {
    uint8_t* rgb;  /* width * height * 3 bytes, rows packed (stride = 3 * width); free with gs_image_free */
    int32_t width, height;
    int32_t channels_in_file; /* 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA */
} gs_image;

/* Returns 0 on success; on failure prints nothing, returns -1 and, when out_reason is not
 * NULL, points it at a static description (stb's failure reason). */
int gs_image_load(const char* path, gs_image* out_image, const char** out_reason);
void gs_image_free(gs_image* image);

/* The SDK's view of a loaded image (GI_FORMAT_RGB8, packed). */
gi_image gs_image_view(const gs_image* image);

/* Writes RGB8 pixels (stride bytes per row) as a PNG; 0 on success, -1 on failure. */
int gs_png_write_rgb8(const char* path, const uint8_t* rgb, int32_t width, int32_t height, int32_t stride);

#endif /* GS_IMAGE_H */
