#include "gi_normalize.h"

#include <string.h>

void gi_range_bounds(gi_range range, float* out_min, float* out_max) {
    switch (range) {
    case GI_RANGE_M1_1: *out_min = -1.0f, *out_max = 1.0f; return;
    case GI_RANGE_0_255: *out_min = 0.0f, *out_max = 255.0f; return;
    case GI_RANGE_0_1:
    default: *out_min = 0.0f, *out_max = 1.0f; return;
    }
}

bool gi_range_from_bounds(float min, float max, gi_range* out_range) {
    if (min == 0.0f && max == 1.0f) *out_range = GI_RANGE_0_1;
    else if (min == -1.0f && max == 1.0f) *out_range = GI_RANGE_M1_1;
    else if (min == 0.0f && max == 255.0f) *out_range = GI_RANGE_0_255;
    else return false;
    return true;
}

const char* gi_range_name(gi_range range) {
    switch (range) {
    case GI_RANGE_0_1: return "0,1";
    case GI_RANGE_M1_1: return "-1,1";
    case GI_RANGE_0_255: return "0,255";
    default: return "?";
    }
}

bool gi_normalize_supported(gi_range range, glint_dtype dtype) {
    if (range != GI_RANGE_0_1 && range != GI_RANGE_M1_1 && range != GI_RANGE_0_255) return false;
    if (dtype == GLINT_DTYPE_F32) return true;
    return (dtype == GLINT_DTYPE_I32 || dtype == GLINT_DTYPE_U8) && range == GI_RANGE_0_255;
}

size_t gi_normalize_elem_bytes(glint_dtype dtype) {
    switch (dtype) {
    case GLINT_DTYPE_F32:
    case GLINT_DTYPE_I32: return 4;
    case GLINT_DTYPE_U8: return 1;
    default: return 0;
    }
}

/* One float per byte value. Each entry is a single correctly rounded division (and for
 * [-1,1] one correctly rounded subtraction), evaluated in float: C11 with FLT_EVAL_METHOD 0
 * (x86-64 SSE, aarch64, wasm) gives the same bits everywhere. */
static float value_f32(uint8_t x, gi_range range) {
    float v = (float)x;
    switch (range) {
    case GI_RANGE_0_1: return v / 255.0f;
    case GI_RANGE_M1_1: {
        float q = v / 127.5f;
        return q - 1.0f;
    }
    default: return v;
    }
}

bool gi_normalizer_init(gi_normalizer* n, gi_range range, glint_dtype dtype) {
    if (!gi_normalize_supported(range, dtype)) return false;
    n->range = range;
    n->dtype = dtype;
    for (int i = 0; i < 256; i++) n->lut[i] = value_f32((uint8_t)i, range);
    return true;
}

void gi_normalizer_run(const gi_normalizer* n, const uint8_t* values, size_t count, void* out) {
    uint8_t* o = out;
    switch (n->dtype) {
    case GLINT_DTYPE_U8: memcpy(o, values, count); return;
    case GLINT_DTYPE_I32:
        for (size_t i = 0; i < count; i++) {
            int32_t v = values[i];
            memcpy(o + 4 * i, &v, 4);
        }
        return;
    default:
        for (size_t i = 0; i < count; i++) memcpy(o + 4 * i, &n->lut[values[i]], 4);
        return;
    }
}
