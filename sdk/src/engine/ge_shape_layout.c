/*
 * Shape rules: MEAN, RESHAPE, TRANSPOSE, CONCAT, SPLIT, PAD, STRIDED_SLICE, DEPTH_TO_SPACE,
 * RESIZE_BILINEAR / RESIZE_NEAREST, TILE.
 */
#include <string.h>

#include "engine/ge_shape_infer.h"

/* A dim computed in 64 bits: over the limit is LIMIT_EXCEEDED (before it is narrowed to int32). */
static glint_result fit_dim(const ge_shape_ctx* c, int64_t v, const char* what, int32_t* out) {
    if (v > GE_MAX_DIM)
        return ge_si_fail(c, GLINT_ERROR_LIMIT_EXCEEDED, "%s: dim %lld above the limit %d", what, (long long)v,
                          GE_MAX_DIM);
    if (v < 1)
        return ge_si_fail(c, GLINT_ERROR_MODEL_UNSUPPORTED, "%s: dim %lld (zero-size tensors are not supported)", what,
                          (long long)v);
    *out = (int32_t)v;
    return GLINT_SUCCESS;
}

static glint_result infer_mean(ge_shape_ctx* c) {
    const ge_tensor* x = ge_si_in(c, 0);
    const ge_reduce_params* p = &c->op->params.reduce;
    const int32_t rank = x->shape.rank;
    if (rank < 1 || (p->axes_mask >> rank) != 0)
        return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "axes mask 0x%x does not fit input '%s' of rank %d",
                          (unsigned)p->axes_mask, x->name, (int)rank);
    ge_shape out;
    memset(&out, 0, sizeof(out));
    for (int32_t i = 0; i < rank; i++) {
        if (p->axes_mask & (1u << i)) {
            if (p->keep_dims) out.dim[out.rank++] = 1;
        } else {
            out.dim[out.rank++] = x->shape.dim[i];
        }
    }
    return ge_si_set_output(c, 0, x->dtype, &out);
}

/* RESHAPE takes its target from the output tensor (set by the importer); one -1 dim is inferred. */
static glint_result infer_reshape(ge_shape_ctx* c) {
    const ge_tensor* x = ge_si_in(c, 0);
    const ge_tensor* y = ge_si_out(c, 0);
    const int64_t elems = ge_shape_elements(&x->shape);
    ge_shape out = y->shape;
    int32_t unknown = -1;
    int64_t known = 1;
    char sx[96], sy[96];
    ge_shape_format(&x->shape, sx, sizeof(sx));
    ge_shape_format(&y->shape, sy, sizeof(sy));
    for (int32_t i = 0; i < out.rank; i++) {
        if (out.dim[i] == -1 && unknown < 0) {
            unknown = i;
            continue;
        }
        if (out.dim[i] < 1)
            return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "target shape %s of '%s' is invalid", sy, y->name);
        if (out.dim[i] > GE_MAX_DIM)
            return ge_si_fail(c, GLINT_ERROR_LIMIT_EXCEEDED, "target shape %s of '%s' is above the limits", sy,
                              y->name);
        known *= out.dim[i]; /* <= 2^28 * 10^6 before the check below: no overflow */
        if (known > GE_MAX_TENSOR_ELEMENTS)
            return ge_si_fail(c, GLINT_ERROR_LIMIT_EXCEEDED, "target shape %s of '%s' is above the limits", sy,
                              y->name);
    }
    if (unknown >= 0) {
        if (elems % known != 0)
            return ge_si_fail(c, GLINT_ERROR_SHAPE_MISMATCH, "cannot reshape '%s' (%s) to %s", x->name, sx, sy);
        out.dim[unknown] = (int32_t)(elems / known);
    } else if (known != elems) {
        return ge_si_fail(c, GLINT_ERROR_SHAPE_MISMATCH, "cannot reshape '%s' (%s, %lld elements) to %s", x->name, sx,
                          (long long)elems, sy);
    }
    /* Write the resolved target first so set_output's agreement check sees a complete shape. */
    c->g->tensors[c->op->outputs[0]].shape = out;
    return ge_si_set_output(c, 0, x->dtype, &out);
}

static glint_result infer_transpose(ge_shape_ctx* c) {
    const ge_tensor* x = ge_si_in(c, 0);
    const ge_transpose_params* p = &c->op->params.transpose;
    ge_shape out = x->shape;
    uint32_t seen = 0;
    for (int32_t i = 0; i < x->shape.rank; i++) {
        int32_t a = p->perm[i];
        if (a < 0 || a >= x->shape.rank || (seen & (1u << a)))
            return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "perm is not a permutation of %d axes", (int)x->shape.rank);
        seen |= 1u << a;
        out.dim[i] = x->shape.dim[a];
    }
    return ge_si_set_output(c, 0, x->dtype, &out);
}

static glint_result infer_concat(ge_shape_ctx* c) {
    ge_axis_params* p = &c->op->params.axis;
    const ge_tensor* x0 = ge_si_in(c, 0);
    const int32_t rank = x0->shape.rank;
    int32_t axis;
    glint_result r;
    if ((r = ge_si_check_act(c, p->act)) < 0) return r;
    if (rank < 1 || !ge_axis_normalize(p->axis, rank, &axis))
        return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "axis %d is out of range for rank %d", (int)p->axis, (int)rank);
    p->axis = axis;
    int64_t total = 0;
    for (int32_t i = 0; i < c->op->num_inputs; i++) {
        const ge_tensor* xi = ge_si_in(c, i);
        if (xi->dtype != x0->dtype)
            return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "input %d '%s' is %s but input 0 is %s", (int)i, xi->name,
                              ge_dtype_name(xi->dtype), ge_dtype_name(x0->dtype));
        bool ok = xi->shape.rank == rank;
        for (int32_t d = 0; ok && d < rank; d++) ok = d == axis || xi->shape.dim[d] == x0->shape.dim[d];
        if (!ok) {
            char s0[96], si[96];
            ge_shape_format(&x0->shape, s0, sizeof(s0));
            ge_shape_format(&xi->shape, si, sizeof(si));
            return ge_si_fail(c, GLINT_ERROR_SHAPE_MISMATCH, "input %d '%s' (%s) does not match input 0 '%s' (%s) off "
                              "axis %d", (int)i, xi->name, si, x0->name, s0, (int)axis);
        }
        total += xi->shape.dim[axis]; /* <= 64 * 10^6 */
    }
    ge_shape out = x0->shape;
    if ((r = fit_dim(c, total, "concatenated axis", &out.dim[axis])) < 0) return r;
    return ge_si_set_output(c, 0, x0->dtype, &out);
}

/*
 * SPLIT into num_outputs parts: explicit split_sizes (one may be -1) or equal parts. An output
 * stored without the split axis (TF Unpack) is accepted when its part has size 1: the bytes are
 * the same.
 */
static glint_result infer_split(ge_shape_ctx* c) {
    ge_axis_params* p = &c->op->params.axis;
    const ge_tensor* x = ge_si_in(c, 0);
    const int32_t rank = x->shape.rank, n = c->op->num_outputs;
    int32_t axis;
    if (rank < 1 || !ge_axis_normalize(p->axis, rank, &axis))
        return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "axis %d is out of range for rank %d", (int)p->axis, (int)rank);
    p->axis = axis;
    const int32_t dim = x->shape.dim[axis];
    int32_t sizes[GE_MAX_OP_OUTPUTS];
    if (p->split_sizes) {
        int32_t unknown = -1;
        int64_t sum = 0;
        for (int32_t i = 0; i < n; i++) {
            sizes[i] = p->split_sizes[i];
            if (sizes[i] == -1 && unknown < 0) {
                unknown = i;
                continue;
            }
            if (sizes[i] < 1 || sizes[i] > dim)
                return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "split size %d of part %d is invalid for dim %d",
                                  (int)sizes[i], (int)i, (int)dim);
            sum += sizes[i];
        }
        if (unknown >= 0) {
            if (sum >= dim)
                return ge_si_fail(c, GLINT_ERROR_SHAPE_MISMATCH, "split sizes leave nothing for the -1 part of dim %d",
                                  (int)dim);
            sizes[unknown] = (int32_t)(dim - sum);
            int32_t* resolved = gu_arena_alloc(&c->g->arena, (size_t)n * sizeof(int32_t));
            if (!resolved) return ge_si_fail(c, GLINT_ERROR_OUT_OF_MEMORY, "out of memory");
            memcpy(resolved, sizes, (size_t)n * sizeof(int32_t));
            p->split_sizes = resolved;
        } else if (sum != dim) {
            return ge_si_fail(c, GLINT_ERROR_SHAPE_MISMATCH, "split sizes add up to %lld, not dim %d", (long long)sum,
                              (int)dim);
        }
    } else {
        if (p->num_splits != 0 && p->num_splits != n)
            return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "num_splits %d but %d outputs", (int)p->num_splits, (int)n);
        if (dim % n != 0)
            return ge_si_fail(c, GLINT_ERROR_SHAPE_MISMATCH, "dim %d of '%s' does not split into %d equal parts",
                              (int)dim, x->name, (int)n);
        p->num_splits = n;
        for (int32_t i = 0; i < n; i++) sizes[i] = dim / n;
    }
    for (int32_t i = 0; i < n; i++) {
        ge_shape out = x->shape;
        out.dim[axis] = sizes[i];
        const ge_tensor* y = ge_si_out(c, i);
        if (sizes[i] == 1 && y->shape.rank == rank - 1) { /* Unpack: the axis is squeezed away */
            ge_shape squeezed;
            memset(&squeezed, 0, sizeof(squeezed));
            for (int32_t d = 0; d < rank; d++)
                if (d != axis) squeezed.dim[squeezed.rank++] = out.dim[d];
            out = squeezed;
        }
        glint_result r = ge_si_set_output(c, i, x->dtype, &out);
        if (r < 0) return r;
    }
    return GLINT_SUCCESS;
}

static glint_result infer_pad(ge_shape_ctx* c) {
    const ge_tensor* x = ge_si_in(c, 0);
    const ge_pad_params* p = &c->op->params.pad;
    ge_shape out = x->shape;
    for (int32_t i = 0; i < x->shape.rank; i++) {
        if (p->before[i] < 0 || p->after[i] < 0)
            return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "negative padding %d,%d on axis %d", (int)p->before[i],
                              (int)p->after[i], (int)i);
        glint_result r = fit_dim(c, (int64_t)x->shape.dim[i] + p->before[i] + p->after[i], "padded", &out.dim[i]);
        if (r < 0) return r;
    }
    return ge_si_set_output(c, 0, x->dtype, &out);
}

static glint_result infer_strided_slice(ge_shape_ctx* c) {
    const ge_tensor* x = ge_si_in(c, 0);
    ge_slice_plan plan;
    const char* why = "";
    if (!ge_slice_resolve(&c->op->params.slice, &x->shape, &plan, &why)) {
        char sx[96];
        ge_shape_format(&x->shape, sx, sizeof(sx));
        return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "slice of '%s' (%s): %s", x->name, sx, why);
    }
    return ge_si_set_output(c, 0, x->dtype, &plan.out);
}

static glint_result need_rank4(const ge_shape_ctx* c, const ge_tensor* x) {
    if (x->shape.rank != 4) {
        char sx[96];
        ge_shape_format(&x->shape, sx, sizeof(sx));
        return ge_si_fail(c, GLINT_ERROR_SHAPE_MISMATCH, "input '%s' has shape %s; expected NHWC", x->name, sx);
    }
    return GLINT_SUCCESS;
}

static glint_result infer_depth_to_space(ge_shape_ctx* c) {
    const ge_tensor* x = ge_si_in(c, 0);
    const int32_t b = c->op->params.block.block_size;
    glint_result r;
    if ((r = need_rank4(c, x)) < 0) return r;
    if (b < 1 || b > GE_MAX_DIM)
        return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "invalid block size %d", (int)b);
    const int64_t bb = (int64_t)b * b;
    if (x->shape.dim[3] % bb != 0)
        return ge_si_fail(c, GLINT_ERROR_SHAPE_MISMATCH, "depth %d of '%s' is not a multiple of block %d squared",
                          (int)x->shape.dim[3], x->name, (int)b);
    ge_shape out = x->shape;
    if ((r = fit_dim(c, (int64_t)x->shape.dim[1] * b, "height", &out.dim[1])) < 0) return r;
    if ((r = fit_dim(c, (int64_t)x->shape.dim[2] * b, "width", &out.dim[2])) < 0) return r;
    out.dim[3] = (int32_t)(x->shape.dim[3] / bb);
    return ge_si_set_output(c, 0, x->dtype, &out);
}

static glint_result infer_resize(ge_shape_ctx* c) {
    const ge_tensor* x = ge_si_in(c, 0);
    const ge_resize_params* p = &c->op->params.resize;
    glint_result r;
    if ((r = need_rank4(c, x)) < 0) return r;
    if (p->align_corners && p->half_pixel_centers)
        return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "align_corners and half_pixel_centers are exclusive");
    ge_shape out = x->shape;
    if ((r = fit_dim(c, p->out_h, "output height", &out.dim[1])) < 0) return r;
    if ((r = fit_dim(c, p->out_w, "output width", &out.dim[2])) < 0) return r;
    return ge_si_set_output(c, 0, x->dtype, &out);
}

static glint_result infer_tile(ge_shape_ctx* c) {
    const ge_tensor* x = ge_si_in(c, 0);
    const ge_tile_params* p = &c->op->params.tile;
    ge_shape out = x->shape;
    for (int32_t i = 0; i < x->shape.rank; i++) {
        if (p->multiples[i] < 1)
            return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "multiple %d on axis %d", (int)p->multiples[i], (int)i);
        glint_result r = fit_dim(c, (int64_t)x->shape.dim[i] * p->multiples[i], "tiled", &out.dim[i]);
        if (r < 0) return r;
    }
    return ge_si_set_output(c, 0, x->dtype, &out);
}

glint_result ge_shape_infer_layout(ge_shape_ctx* c) {
    switch (c->op->type) {
    case GE_OP_MEAN: return infer_mean(c);
    case GE_OP_RESHAPE: return infer_reshape(c);
    case GE_OP_TRANSPOSE: return infer_transpose(c);
    case GE_OP_CONCAT: return infer_concat(c);
    case GE_OP_SPLIT: return infer_split(c);
    case GE_OP_PAD: return infer_pad(c);
    case GE_OP_STRIDED_SLICE: return infer_strided_slice(c);
    case GE_OP_DEPTH_TO_SPACE: return infer_depth_to_space(c);
    case GE_OP_RESIZE_BILINEAR:
    case GE_OP_RESIZE_NEAREST: return infer_resize(c);
    case GE_OP_TILE: return infer_tile(c);
    default: return ge_si_fail(c, GLINT_ERROR_INTERNAL, "not a layout op");
    }
}
