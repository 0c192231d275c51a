/*
 * gi_warp: bilinear affine resampling of any gi_image into RGB8, bit-exact everywhere.
 *
 * For each destination pixel (x, y) the source position is dst_to_src applied to the pixel
 * centre (x + 0.5, y + 0.5) (continuous coordinates, gi_affine.h), minus 0.5 to get to
 * source pixel-centre indices; then the four neighbouring source pixels are blended.
 * Taps outside the source read as black (0, 0, 0), like OpenCV's warpAffine with
 * BORDER_CONSTANT 0 that MediaPipe's detectors use, so borders fade to black over one pixel;
 * or, with GI_BORDER_REPLICATE, as the nearest edge pixel: MediaPipe's landmark crops leave
 * ImageToTensorCalculator's border_mode unset, which the calculator treats as BORDER_REPLICATE.
 * No anti-aliasing: a strong downscale skips pixels, as MediaPipe's warp does.
 *
 * Why integers: the same bytes must come out of Release, -O0, sanitizer, aarch64 and wasm
 * builds, so golden tensors can be identified by their sha256. The map is converted once
 * (gi_warp_fixed_from_affine) and all per-pixel math is int64/int32:
 *   - coefficients: round(m * 2^20) (half rounds up, towards +infinity), int64.
 *     |m0|,|m1|,|m3|,|m4| <= 65536 and |m2|,|m5| <= 2^30 are required, so every sum fits
 *     in 55 bits.
 *   - position: S = A(2x+1) + B(2y+1) + 2C - 2^20 in units of 2^-21 pixel, exact; then
 *     rounded to 1/256 pixel (add half, floor): integer part = tap index, low 8 bits = weight.
 *   - weights: (256-fx)(256-fy), fx(256-fy), (256-fx)fy, fx*fy, summing to 65536;
 *     out = (sum of weight * value + 32768) >> 16, i.e. rounded half up.
 * Camera formats are converted to RGB per tap (gi_pixel.h, integer BT.601) before blending.
 * The only floating point is building the 6 coefficients in double (gi_affine.c); it can only
 * change a coefficient when the exact value lies within about 1e-16 of a 2^-21 rounding
 * boundary, and the letterbox and right-angle maps used by tests land on exact values.
 */
#ifndef GI_WARP_H
#define GI_WARP_H

#include <stdint.h>

#include "gi_affine.h"
#include "gi_image.h"
#include "glint/glint_types.h"

#define GI_WARP_FRAC_BITS 20
#define GI_WARP_MAX_LINEAR 65536.0
#define GI_WARP_MAX_OFFSET 1073741824.0 /* 2^30 */
#define GI_WARP_MAX_DST_DIM 32768

/* What a tap outside the source reads. */
typedef enum gi_border {
    GI_BORDER_ZERO = 0,      /* black */
    GI_BORDER_REPLICATE = 1, /* the nearest edge pixel (coordinates clamped) */
} gi_border;

/* The dst -> src map in fixed point (units of 2^-GI_WARP_FRAC_BITS), and the border rule
 * (gi_warp_fixed_from_affine sets GI_BORDER_ZERO; change it afterwards if need be). */
typedef struct gi_warp_fixed {
    int64_t m[6];
    gi_border border;
} gi_warp_fixed;

/* GLINT_ERROR_INVALID_ARGUMENT when a coefficient is not finite or out of the limits above. */
glint_result gi_warp_fixed_from_affine(const gi_affine* dst_to_src, gi_warp_fixed* out_fixed, glint_error* out_error);

/* Destination row y, pixels x0 .. x0+count-1, into out_rgb (3 bytes per pixel). The source
 * must have passed gi_image_validate; count and coordinates are not re-checked. */
void gi_warp_row(const gi_image* src, const gi_warp_fixed* map, int32_t y, int32_t x0, int32_t count,
                 uint8_t* out_rgb);

/* The whole dst_w x dst_h RGB8 destination (dst_stride bytes per row, >= 3 * dst_w). */
glint_result gi_warp_affine_rgb8(const gi_image* src, const gi_affine* dst_to_src, uint8_t* dst, int32_t dst_w,
                                 int32_t dst_h, int32_t dst_stride, glint_error* out_error);

#endif /* GI_WARP_H */
