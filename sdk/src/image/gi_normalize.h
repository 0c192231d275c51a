/*
 * gi_normalize: RGB8 values -> model input tensor elements.
 *
 * The networks glint imports want one of: float32 in [0,1] (x / 255), float32 in [-1,1]
 * (x / 127.5 - 1), or the plain 0..255 values as float32, int32 (MoveNet) or uint8. Each
 * float result is computed once per byte value with single IEEE operations (a division,
 * then a subtraction: nothing a compiler may fuse), so every platform gets the same bits;
 * these are also the values numpy gives for x.astype(float32) / 255 and / 127.5 - 1.
 */
#ifndef GI_NORMALIZE_H
#define GI_NORMALIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "glint/glint_model.h"

typedef enum gi_range {
    GI_RANGE_0_1 = 0,   /* x / 255 */
    GI_RANGE_M1_1 = 1,  /* x / 127.5 - 1 */
    GI_RANGE_0_255 = 2, /* x */
} gi_range;

/* The [min, max] pair of a range (glint_tensor_info.range_min/max use the same numbers). */
void gi_range_bounds(gi_range range, float* out_min, float* out_max);
/* The range with exactly these bounds; false when there is none. */
bool gi_range_from_bounds(float min, float max, gi_range* out_range);
/* "0,1", "-1,1", "0,255". */
const char* gi_range_name(gi_range range);

/* Supported element types: F32 with any range; I32 and U8 with GI_RANGE_0_255 only. */
bool gi_normalize_supported(gi_range range, glint_dtype dtype);
/* Bytes per element of a supported dtype (4, 4, 1), else 0. */
size_t gi_normalize_elem_bytes(glint_dtype dtype);

/* A conversion set up once (the float table), then applied row by row. */
typedef struct gi_normalizer {
    gi_range range;
    glint_dtype dtype;
    float lut[256]; /* F32 only: the element for each byte value */
} gi_normalizer;

/* false when the combination is not supported. */
bool gi_normalizer_init(gi_normalizer* n, gi_range range, glint_dtype dtype);
/* Converts count bytes into count elements at out, in host byte order (little-endian on every
 * platform glint supports); out need not be aligned. */
void gi_normalizer_run(const gi_normalizer* n, const uint8_t* values, size_t count, void* out);

#endif /* GI_NORMALIZE_H */
