/* TF.js lowering: indexing and selection (GatherNd, GatherV2, ArgMax, TopKV2, Select). */
#include <string.h>

#include "engine/ge_shape.h"
#include "engine/import/ge_import_tfjs_internal.h"

static glint_result lower_gather_nd(tfjs_ctx* c, tfjs_node* n, tfjs_value** in) {
    tfjs_value *params = in[0], *indices = in[1];
    if (indices->dtype != GE_DTYPE_I32) return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "indices must be int32");
    if (indices->shape.rank < 1) return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "indices must have rank >= 1");
    const int32_t depth = indices->shape.dim[indices->shape.rank - 1];
    if (depth < 1 || depth > params->shape.rank)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "index depth %d for params of rank %d", (int)depth,
                         (int)params->shape.rank);
    ge_shape out = {0, {0}};
    for (int32_t d = 0; d < indices->shape.rank - 1; d++) out.dim[out.rank++] = indices->shape.dim[d];
    for (int32_t d = depth; d < params->shape.rank; d++) {
        if (out.rank >= GE_MAX_RANK)
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "result rank above %d", GE_MAX_RANK);
        out.dim[out.rank++] = params->shape.dim[d];
    }
    int32_t ins[2], t_out;
    glint_result r = tfjs_tensor(c, n, params, &ins[0]);
    if (r >= 0) r = tfjs_tensor(c, n, indices, &ins[1]);
    if (r >= 0) r = tfjs_define_output(c, n, 0, params->dtype, &out, &t_out);
    if (r < 0) return r;
    return tfjs_emit(c, n, GE_OP_GATHER_ND, ins, 2, &t_out, 1, NULL);
}

static glint_result lower_gather(tfjs_ctx* c, tfjs_node* n, tfjs_value** in) {
    tfjs_value *params = in[0], *indices = in[1];
    int64_t axis64 = 0, batch = 0;
    glint_result r = n->num_inputs == 3 ? tfjs_const_int(c, n, in[2], "axis", &axis64) : GLINT_SUCCESS;
    if (r >= 0) r = tfjs_attr_int(c, n, "batch_dims", false, 0, &batch);
    if (r < 0) return r;
    if (indices->dtype != GE_DTYPE_I32) return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "indices must be int32");
    int32_t axis = 0;
    if (!ge_axis_normalize((int32_t)axis64, params->shape.rank, &axis) || axis64 != (int32_t)axis64)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "axis %lld is out of range", (long long)axis64);
    if (batch < 0) batch += indices->shape.rank;
    if (batch < 0 || batch > axis || batch > indices->shape.rank)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "batch_dims %lld is out of range", (long long)batch);
    ge_shape out = {0, {0}};
    for (int32_t d = 0; d < axis; d++) out.dim[out.rank++] = params->shape.dim[d];
    for (int32_t d = (int32_t)batch; d < indices->shape.rank; d++) {
        if (out.rank >= GE_MAX_RANK)
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "result rank above %d", GE_MAX_RANK);
        out.dim[out.rank++] = indices->shape.dim[d];
    }
    for (int32_t d = axis + 1; d < params->shape.rank; d++) {
        if (out.rank >= GE_MAX_RANK)
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "result rank above %d", GE_MAX_RANK);
        out.dim[out.rank++] = params->shape.dim[d];
    }
    ge_op_params p;
    memset(&p, 0, sizeof(p));
    p.axis.axis = axis;
    p.axis.batch_dims = (int32_t)batch;
    int32_t ins[2], t_out;
    r = tfjs_tensor(c, n, params, &ins[0]);
    if (r >= 0) r = tfjs_tensor(c, n, indices, &ins[1]);
    if (r >= 0) r = tfjs_define_output(c, n, 0, params->dtype, &out, &t_out);
    if (r < 0) return r;
    return tfjs_emit(c, n, GE_OP_GATHER, ins, 2, &t_out, 1, &p);
}

static glint_result lower_arg_max(tfjs_ctx* c, tfjs_node* n, tfjs_value** in) {
    tfjs_value* x = in[0];
    int64_t axis64;
    glint_result r = tfjs_const_int(c, n, in[1], "dimension", &axis64);
    if (r < 0) return r;
    ge_dtype ot;
    /* int64 (TF's default) is int32 here, as in TF.js. */
    if ((r = tfjs_attr_type(c, n, "output_type", false, GE_DTYPE_I32, &ot)) < 0) return r;
    if (ot != GE_DTYPE_I32) return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "output_type %s", ge_dtype_name(ot));
    if (x->dtype != GE_DTYPE_F32 && x->dtype != GE_DTYPE_I32)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "input dtype %s", ge_dtype_name(x->dtype));
    int32_t axis = 0;
    if (x->shape.rank < 1 || axis64 < -x->shape.rank || axis64 >= x->shape.rank)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "axis %lld is out of range", (long long)axis64);
    axis = (int32_t)(axis64 < 0 ? axis64 + x->shape.rank : axis64);
    ge_shape out = {0, {0}};
    for (int32_t d = 0; d < x->shape.rank; d++)
        if (d != axis) out.dim[out.rank++] = x->shape.dim[d];
    ge_op_params p;
    memset(&p, 0, sizeof(p));
    p.axis.axis = axis;
    int32_t tx, t_out;
    r = tfjs_tensor(c, n, x, &tx);
    if (r >= 0) r = tfjs_define_output(c, n, 0, GE_DTYPE_I32, &out, &t_out);
    if (r < 0) return r;
    return tfjs_emit(c, n, GE_OP_ARG_MAX, &tx, 1, &t_out, 1, &p);
}

static glint_result lower_top_k(tfjs_ctx* c, tfjs_node* n, tfjs_value** in) {
    tfjs_value* x = in[0];
    int64_t k;
    glint_result r = tfjs_const_int(c, n, in[1], "k", &k);
    if (r < 0) return r;
    if (x->shape.rank < 1 || k < 1 || k > x->shape.dim[x->shape.rank - 1])
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "k = %lld does not fit the last dimension", (long long)k);
    if (x->dtype != GE_DTYPE_F32 && x->dtype != GE_DTYPE_I32)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "input dtype %s", ge_dtype_name(x->dtype));
    ge_shape out = x->shape;
    out.dim[out.rank - 1] = (int32_t)k;
    ge_op_params p;
    memset(&p, 0, sizeof(p));
    p.topk.k = (int32_t)k;
    int32_t tx, outs[2];
    r = tfjs_tensor(c, n, x, &tx);
    if (r >= 0) r = tfjs_define_output(c, n, 0, x->dtype, &out, &outs[0]);
    if (r >= 0) r = tfjs_define_output(c, n, 1, GE_DTYPE_I32, &out, &outs[1]);
    if (r < 0) return r;
    return tfjs_emit(c, n, GE_OP_TOPK, &tx, 1, outs, 2, &p);
}

/* Select (v1: a rank-1 condition picks rows) and SelectV2 (broadcasting). */
static glint_result lower_select(tfjs_ctx* c, tfjs_node* n, tfjs_value** in) {
    tfjs_value *cond = in[0], *a = in[1], *b = in[2];
    if (cond->dtype != GE_DTYPE_BOOL) return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "condition must be bool");
    if (a->dtype != b->dtype) return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "branches differ in dtype");
    const bool v2 = strcmp(n->op, "SelectV2") == 0;
    ge_shape out, cond_shape = cond->shape;
    if (!v2) {
        if (!ge_shape_equal(&a->shape, &b->shape))
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "branches differ in shape");
        out = a->shape;
        if (cond->shape.rank == 1 && a->shape.rank > 1) {
            if (cond->shape.dim[0] != a->shape.dim[0])
                return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "condition length differs from the first dimension");
            cond_shape.rank = a->shape.rank; /* [n] -> [n, 1, ..., 1] to broadcast over rows */
            for (int32_t d = 1; d < cond_shape.rank; d++) cond_shape.dim[d] = 1;
        } else if (cond->shape.rank != 0 && !ge_shape_equal(&cond->shape, &a->shape)) {
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "condition shape differs from the branches");
        }
    } else {
        ge_shape ab;
        if (!ge_broadcast_shape(&a->shape, &b->shape, &ab) || !ge_broadcast_shape(&ab, &cond->shape, &out))
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "condition and branches do not broadcast");
    }
    int32_t ins[3], t_out;
    glint_result r = tfjs_tensor(c, n, cond, &ins[0]);
    if (r >= 0 && !ge_shape_equal(&cond_shape, &cond->shape))
        r = tfjs_emit_reshape(c, n, ins[0], GE_DTYPE_BOOL, &cond_shape, "cond", &ins[0]);
    if (r >= 0) r = tfjs_tensor(c, n, a, &ins[1]);
    if (r >= 0) r = tfjs_tensor(c, n, b, &ins[2]);
    if (r >= 0) r = tfjs_define_output(c, n, 0, a->dtype, &out, &t_out);
    if (r < 0) return r;
    return tfjs_emit(c, n, GE_OP_SELECT, ins, 3, &t_out, 1, NULL);
}

static const tfjs_op_entry k_index_ops[] = {
    {"GatherNd", lower_gather_nd, 2, 2}, {"GatherV2", lower_gather, 3, 3}, {"Gather", lower_gather, 2, 2},
    {"ArgMax", lower_arg_max, 2, 2},     {"TopKV2", lower_top_k, 2, 2},    {"Select", lower_select, 3, 3},
    {"SelectV2", lower_select, 3, 3},
};

const tfjs_op_entry* tfjs_ops_index(int32_t* out_count) {
    *out_count = (int32_t)(sizeof(k_index_ops) / sizeof(k_index_ops[0]));
    return k_index_ops;
}
