/*
 * gi_affine: 2x3 affine maps between tensor (destination) pixels and image (source) pixels.
 *
 * Coordinates are continuous: pixel (i, j) covers [i, i+1) x [j, j+1), so its centre is at
 * (i + 0.5, j + 0.5), and a W x H picture spans [0, W] x [0, H]. The same convention serves
 * both directions, so a tensor -> image map used to crop an image also un-letterboxes or
 * un-rotates the model's outputs (landmarks in tensor pixels -> image pixels):
 *
 *   x' = m[0] * x + m[1] * y + m[2]
 *   y' = m[3] * x + m[4] * y + m[5]
 *
 * These builders use double precision; the warp quantises the result once to fixed point
 * (gi_warp.h), which is what makes the sampling itself bit-exact everywhere.
 */
#ifndef GI_AFFINE_H
#define GI_AFFINE_H

#include <stdbool.h>
#include <stdint.h>

#define GI_PI 3.14159265358979323846

typedef struct gi_affine {
    double m[6];
} gi_affine;

/* A rotated square region of an image (MediaPipe's NormalizedRect, in pixels). rotation is in
 * radians: image = centre + R(rotation) * ((u - 0.5) * side, (v - 0.5) * side) for (u, v) in the
 * unit square of the crop, R = [[cos, -sin], [sin, cos]], y pointing down (models.md 3.6).
 * A positive rotation turns content that points along +x so that it comes out pointing up. */
typedef struct gi_roi {
    double cx, cy;   /* centre, image pixels */
    double side;     /* edge length, image pixels */
    double rotation; /* radians */
} gi_roi;

gi_affine gi_affine_identity(void);
void gi_affine_apply(const gi_affine* a, double x, double y, double* out_x, double* out_y);
/* Inverse map; false when the map is singular (or not finite). */
bool gi_affine_invert(const gi_affine* a, gi_affine* out_inverse);
/* a after b: x -> a(b(x)). */
gi_affine gi_affine_compose(const gi_affine* a, const gi_affine* b);

/* Letterbox: the whole image_w x image_h picture scaled to fit a dst_w x dst_h tensor with its
 * aspect ratio kept, centred (bars of equal width on both sides, fractional if need be), as
 * MediaPipe's ImageToTensorCalculator with keep_aspect_ratio. Returns tensor -> image. */
gi_affine gi_affine_letterbox(int32_t image_w, int32_t image_h, int32_t dst_w, int32_t dst_h);

/* Rotated square ROI into a dst_w x dst_h tensor; returns tensor -> image. For a non-square
 * tensor the ROI fits the shorter side and the longer side shows more of the image around it
 * (aspect ratio kept, nothing of the ROI cut off). */
gi_affine gi_affine_roi(const gi_roi* roi, int32_t dst_w, int32_t dst_h);

/* The square of side max(w, h) around the image centre, turned by rotation (radians): a whole
 * photo put upright (prep.py --rotate, reference.md section 2). */
gi_roi gi_roi_rotated_image(int32_t image_w, int32_t image_h, double rotation);

#endif /* GI_AFFINE_H */
