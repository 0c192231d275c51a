/*
 * gi_prepare: image -> model input tensor in one call (crop/letterbox, resample, normalise).
 *
 * This is the single entry point that the tracker, `glint-model prep` and `glint-model run
 * --input NAME=IMAGE` share, so a tensor made by any of them has the same bytes (and sha256)
 * as the committed goldens' inputs (tests/golden/cases.tsv).
 *
 * The tensor is [1, height, width, 3], NHWC, RGB, batch 1. Steps: build the tensor -> image
 * affine map from the crop mode (gi_affine.h), resample with gi_warp (bit-exact bilinear,
 * black outside the image), convert each byte with gi_normalize. No allocation: rows are
 * processed through a small stack buffer.
 *
 * Text form of a description ("prep spec", used by cases.tsv and the tools), ';'-separated:
 *   size=WxH or size=S          tensor width and height (S: square)
 *   range=0,1 | -1,1 | 0,255    value range (default 0,1)
 *   dtype=f32 | i32 | u8        element type (default f32)
 *   crop=letterbox              whole image, aspect kept, centred, black bars (default)
 *   crop=rotate:DEG             square of side max(w,h) at the image centre, turned by DEG degrees
 *   crop=roi:CX,CY,SIDE,DEG     rotated square ROI in image pixels (gi_roi; DEG in degrees)
 *   crop=affine:A,B,C,D,E,F     the tensor -> image map itself
 * e.g. "size=224;range=0,1;crop=rotate:90". Degrees become radians as DEG * (pi / 180) in double.
 */
#ifndef GI_PREPARE_H
#define GI_PREPARE_H

#include <stddef.h>
#include <stdint.h>

#include "gi_affine.h"
#include "gi_image.h"
#include "gi_normalize.h"
#include "gi_warp.h"
#include "glint/glint_model.h"

typedef enum gi_crop {
    GI_CROP_LETTERBOX = 0, /* whole image, aspect ratio kept (detectors, MoveNet) */
    GI_CROP_ROI = 1,       /* rotated square ROI (landmark models) */
    GI_CROP_ROTATE = 2,    /* whole image turned about its centre: roi from gi_roi_rotated_image */
    GI_CROP_AFFINE = 3,    /* caller-given tensor -> image map */
} gi_crop;

typedef struct gi_prep_desc {
    int32_t width, height; /* tensor W and H, 1..GI_WARP_MAX_DST_DIM */
    gi_crop crop;
    gi_roi roi;            /* GI_CROP_ROI */
    double rotation;       /* GI_CROP_ROTATE, radians */
    gi_affine to_image;    /* GI_CROP_AFFINE */
    gi_range range;
    glint_dtype dtype;     /* GLINT_DTYPE_F32, _I32 or _U8 (see gi_normalize_supported) */
    gi_border border;      /* pixels outside the image: 0 = black (gi_warp.h); not in the text form */
} gi_prep_desc;

/* A letterbox description (the detectors and MoveNet). */
gi_prep_desc gi_prep_desc_letterbox(int32_t width, int32_t height, gi_range range, glint_dtype dtype);

/* W * H * 3 * element size; 0 when the description is invalid. */
size_t gi_prep_tensor_bytes(const gi_prep_desc* desc);

/* The tensor -> image map this description gives for an image_w x image_h image. */
glint_result gi_prep_to_image(const gi_prep_desc* desc, int32_t image_w, int32_t image_h, gi_affine* out_to_image,
                              glint_error* out_error);

/* Fills out (exactly gi_prep_tensor_bytes(desc) bytes, or GLINT_ERROR_SHAPE_MISMATCH) and,
 * when out_to_image is not NULL, the tensor -> image map (to undo the crop on outputs). */
glint_result gi_prepare_tensor(const gi_image* image, const gi_prep_desc* desc, void* out, size_t out_bytes,
                               gi_affine* out_to_image, glint_error* out_error);

/* Parses the text form above into *out_desc (missing keys take their defaults; size is required). */
glint_result gi_prep_spec_parse(const char* spec, gi_prep_desc* out_desc, glint_error* out_error);

/* "f32", "i32", "u8" <-> dtype; GLINT_DTYPE_UNKNOWN / "?" otherwise. */
glint_dtype gi_dtype_from_name(const char* name);
const char* gi_dtype_name(glint_dtype dtype);

#endif /* GI_PREPARE_H */
