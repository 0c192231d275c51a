/*
 * ge_shape: shape arithmetic shared by shape inference (ge_shape*.c) and the kernels.
 *
 * Shape inference and every kernel must agree exactly on convolution geometry, broadcasting
 * and strided-slice canonicalisation; keeping the rules in one place makes that true by
 * construction. Kernels call these too, so a hand-built op (tests) with SAME padding or a
 * negative axis runs correctly without a graph.
 */
#ifndef GE_SHAPE_H
#define GE_SHAPE_H

#include "engine/ge_graph.h"

/*
 * One spatial axis of a convolution or pool: output size and resolved pads.
 * SAME follows TF: out = ceil(in / stride), total = max((out-1)*stride + (k-1)*dilation+1 - in, 0),
 * before = total / 2. VALID: no pads. EXPLICIT: the given pads (must be >= 0).
 * Returns false when the parameters are invalid (stride/kernel/dilation < 1, negative pads)
 * or the output would be empty; *out_size is then 0.
 */
bool ge_conv_axis(int64_t in, int64_t kernel, int64_t stride, int64_t dilation, ge_padding padding,
                  int64_t pad_before, int64_t pad_after, int64_t* out_size, int32_t* out_pad_before,
                  int32_t* out_pad_after);

/* Fully resolved 2-D geometry of a CONV2D / DEPTHWISE_CONV2D / pool over an NHWC input. */
typedef struct ge_conv_geom {
    int32_t stride_h, stride_w;
    int32_t dilation_h, dilation_w;
    int32_t kernel_h, kernel_w;
    int32_t pad_top, pad_left, pad_bottom, pad_right;
    int32_t out_h, out_w;
} ge_conv_geom;

/* Resolves p over an input of in_h x in_w with a kh x kw kernel (0 dilation read as 1). */
bool ge_conv_geometry(const ge_conv_params* p, int32_t in_h, int32_t in_w, int32_t kh, int32_t kw,
                      ge_conv_geom* out_geom);

/* Numpy broadcasting of two shapes (right-aligned, 1 stretches). False if incompatible. */
bool ge_broadcast_shape(const ge_shape* a, const ge_shape* b, ge_shape* out);

/* Maps axis in [-rank, rank) to [0, rank). False when out of range. */
bool ge_axis_normalize(int32_t axis, int32_t rank, int32_t* out_axis);

/*
 * STRIDED_SLICE with TF semantics (begin/end/ellipsis/new_axis/shrink masks, negative indices,
 * clamping, negative strides), canonicalised per input dimension.
 */
typedef struct ge_slice_plan {
    int32_t rank;                /* input rank */
    int64_t begin[GE_MAX_RANK];  /* first input index taken along each input dim */
    int64_t stride[GE_MAX_RANK]; /* step along each input dim (non-zero) */
    int64_t size[GE_MAX_RANK];   /* number of indices taken along each input dim (may be 0) */
    ge_shape out;                /* final output shape: shrunk dims dropped, new axes inserted */
} ge_slice_plan;

/* Returns false with a static reason in *out_why when the slice is invalid for `in`. */
bool ge_slice_resolve(const ge_slice_params* p, const ge_shape* in, ge_slice_plan* out_plan, const char** out_why);

/* Overflow-safe product of dims: -1 when any dim is negative (unknown), INT64_MAX when it overflows. */
int64_t ge_dims_product(const int32_t* dims, int32_t n);

/*
 * DENSIFY: checks a CSR description against the dense shape and the number of stored values,
 * walking every segment and index exactly as the densify kernel will (levels in traversal
 * order; blocks are not supported). Hostile files feed these arrays, so nothing is trusted:
 * segments must start at 0 and never decrease, stay inside the index array, every index must be
 * inside its dimension, and the number of values the walk visits must equal num_values.
 */
bool ge_densify_validate(const ge_densify_params* p, const ge_shape* dense, int64_t num_values, const char** out_why);

#endif /* GE_SHAPE_H */
