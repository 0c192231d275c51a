/* Shape rules: GATHER, GATHER_ND, ARG_MAX, TOPK, DENSIFY. */
#include <string.h>

#include "engine/ge_shape_infer.h"

static glint_result need_index_dtype(const ge_shape_ctx* c, const ge_tensor* idx) {
    if (idx->dtype != GE_DTYPE_I32 && idx->dtype != GE_DTYPE_I64)
        return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "indices '%s' are %s, not i32/i64", idx->name,
                          ge_dtype_name(idx->dtype));
    return GLINT_SUCCESS;
}

/* TF Gather(V2): out = params[:axis] + indices[batch_dims:] + params[axis+1:]. */
static glint_result infer_gather(ge_shape_ctx* c) {
    ge_axis_params* p = &c->op->params.axis;
    const ge_tensor* x = ge_si_in(c, 0);
    const ge_tensor* idx = ge_si_in(c, 1);
    glint_result r;
    if ((r = need_index_dtype(c, idx)) < 0) return r;
    const int32_t xr = x->shape.rank, ir = idx->shape.rank;
    int32_t axis, bd = p->batch_dims;
    if (xr < 1 || !ge_axis_normalize(p->axis, xr, &axis))
        return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "axis %d is out of range for rank %d", (int)p->axis, (int)xr);
    if (bd < 0) bd += ir;
    if (bd < 0 || bd > ir || bd > axis)
        return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "batch_dims %d is invalid (axis %d, indices rank %d)",
                          (int)p->batch_dims, (int)axis, (int)ir);
    for (int32_t d = 0; d < bd; d++)
        if (x->shape.dim[d] != idx->shape.dim[d])
            return ge_si_fail(c, GLINT_ERROR_SHAPE_MISMATCH, "batch dim %d differs: params %d, indices %d", (int)d,
                              (int)x->shape.dim[d], (int)idx->shape.dim[d]);
    if (xr - 1 + ir - bd > GE_MAX_RANK)
        return ge_si_fail(c, GLINT_ERROR_MODEL_UNSUPPORTED, "output rank %d above %d", (int)(xr - 1 + ir - bd),
                          GE_MAX_RANK);
    p->axis = axis;
    p->batch_dims = bd;
    ge_shape out;
    memset(&out, 0, sizeof(out));
    for (int32_t d = 0; d < axis; d++) out.dim[out.rank++] = x->shape.dim[d];
    for (int32_t d = bd; d < ir; d++) out.dim[out.rank++] = idx->shape.dim[d];
    for (int32_t d = axis + 1; d < xr; d++) out.dim[out.rank++] = x->shape.dim[d];
    return ge_si_set_output(c, 0, x->dtype, &out);
}

/* TF GatherNd: indices [..., K] address the first K dims of params; out = indices[:-1] + params[K:]. */
static glint_result infer_gather_nd(ge_shape_ctx* c) {
    const ge_tensor* x = ge_si_in(c, 0);
    const ge_tensor* idx = ge_si_in(c, 1);
    glint_result r;
    if ((r = need_index_dtype(c, idx)) < 0) return r;
    const int32_t xr = x->shape.rank, ir = idx->shape.rank;
    if (xr < 1 || ir < 1)
        return ge_si_fail(c, GLINT_ERROR_SHAPE_MISMATCH, "params '%s' and indices '%s' need rank >= 1", x->name,
                          idx->name);
    const int32_t k = idx->shape.dim[ir - 1];
    if (k < 1 || k > xr)
        return ge_si_fail(c, GLINT_ERROR_SHAPE_MISMATCH, "indices '%s' index %d dims of params '%s' (rank %d)",
                          idx->name, (int)k, x->name, (int)xr);
    if (ir - 1 + xr - k > GE_MAX_RANK)
        return ge_si_fail(c, GLINT_ERROR_MODEL_UNSUPPORTED, "output rank %d above %d", (int)(ir - 1 + xr - k),
                          GE_MAX_RANK);
    ge_shape out;
    memset(&out, 0, sizeof(out));
    for (int32_t d = 0; d < ir - 1; d++) out.dim[out.rank++] = idx->shape.dim[d];
    for (int32_t d = k; d < xr; d++) out.dim[out.rank++] = x->shape.dim[d];
    return ge_si_set_output(c, 0, x->dtype, &out);
}

/* ARG_MAX drops the axis; the index dtype is I32 unless the model asks for I64. */
static glint_result infer_arg_max(ge_shape_ctx* c) {
    ge_axis_params* p = &c->op->params.axis;
    const ge_tensor* x = ge_si_in(c, 0);
    int32_t axis;
    if (x->shape.rank < 1 || !ge_axis_normalize(p->axis, x->shape.rank, &axis))
        return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "axis %d is out of range for rank %d", (int)p->axis,
                          (int)x->shape.rank);
    p->axis = axis;
    ge_shape out;
    memset(&out, 0, sizeof(out));
    for (int32_t d = 0; d < x->shape.rank; d++)
        if (d != axis) out.dim[out.rank++] = x->shape.dim[d];
    ge_dtype dt = ge_si_out(c, 0)->dtype == GE_DTYPE_I64 ? GE_DTYPE_I64 : GE_DTYPE_I32;
    return ge_si_set_output(c, 0, dt, &out);
}

static glint_result infer_topk(ge_shape_ctx* c) {
    const ge_tensor* x = ge_si_in(c, 0);
    const int32_t k = c->op->params.topk.k;
    if (x->shape.rank < 1)
        return ge_si_fail(c, GLINT_ERROR_SHAPE_MISMATCH, "input '%s' is a scalar", x->name);
    const int32_t last = x->shape.dim[x->shape.rank - 1];
    if (k < 1 || k > last)
        return ge_si_fail(c, GLINT_ERROR_SHAPE_MISMATCH, "k = %d but the last dim of '%s' is %d", (int)k, x->name,
                          (int)last);
    ge_shape out = x->shape;
    out.dim[out.rank - 1] = k;
    glint_result r = ge_si_set_output(c, 0, x->dtype, &out);
    if (r < 0 || c->op->num_outputs < 2) return r;
    return ge_si_set_output(c, 1, GE_DTYPE_I32, &out);
}

/*
 * DENSIFY: input 0 holds the stored values (any shape; its element count is the value count);
 * the dense shape is the output tensor's (from the file), or, if the file has none, dense_size
 * placed back through traversal_order.
 */
static glint_result infer_densify(ge_shape_ctx* c) {
    const ge_tensor* x = ge_si_in(c, 0);
    const ge_densify_params* p = &c->op->params.densify;
    const ge_tensor* y = ge_si_out(c, 0);
    ge_shape dense = y->shape;
    if (dense.rank == 0) {
        if (p->num_dims < 1 || p->num_dims > GE_MAX_RANK)
            return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "num_dims %d", (int)p->num_dims);
        dense.rank = p->num_dims;
        for (int32_t l = 0; l < p->num_dims; l++) {
            int32_t d = p->traversal_order[l];
            if (d < 0 || d >= dense.rank)
                return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "traversal_order[%d] = %d", (int)l, (int)d);
            dense.dim[d] = p->dense_size[l];
        }
    }
    for (int32_t d = 0; d < dense.rank; d++)
        if (dense.dim[d] < 1)
            return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "the dense shape of '%s' is unknown", y->name);
    glint_result r = ge_si_set_output(c, 0, x->dtype, &dense);
    if (r < 0) return r;
    const char* why = "";
    if (!ge_densify_validate(p, &dense, ge_shape_elements(&x->shape), &why)) {
        char sd[96];
        ge_shape_format(&dense, sd, sizeof(sd));
        return ge_si_fail(c, p->num_dims > dense.rank ? GLINT_ERROR_MODEL_UNSUPPORTED : GLINT_ERROR_MODEL_FORMAT,
                          "sparse '%s' to %s: %s", x->name, sd, why);
    }
    return GLINT_SUCCESS;
}

glint_result ge_shape_infer_index(ge_shape_ctx* c) {
    switch (c->op->type) {
    case GE_OP_GATHER: return infer_gather(c);
    case GE_OP_GATHER_ND: return infer_gather_nd(c);
    case GE_OP_ARG_MAX: return infer_arg_max(c);
    case GE_OP_TOPK: return infer_topk(c);
    case GE_OP_DENSIFY: return infer_densify(c);
    default: return ge_si_fail(c, GLINT_ERROR_INTERNAL, "not an indexing op");
    }
}
