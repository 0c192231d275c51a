/*
 * TF.js lowering: data movement and shape arithmetic.
 *
 * Shape operands (reshape targets, axes, slice bounds, multiples, sizes) must be constants at
 * import, which they are once the input shape is static: Shape / Size / Rank become constants
 * and the arithmetic on them is folded (ge_import_tfjs_fold.c). Ops whose data input is a
 * small constant are evaluated here too; reshapes of a constant just relabel it.
 *   Pack      RESHAPE of each input (a new axis of 1), then CONCAT
 *   Unpack    SPLIT into size-1 parts, then RESHAPE each (outputs node, node:1, ...)
 *   Slice     STRIDED_SLICE
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/ge_shape.h"
#include "engine/import/ge_import_tfjs_internal.h"

static glint_result normalize_axis(tfjs_ctx* c, const tfjs_node* n, int64_t axis, int32_t rank, int32_t* out) {
    if (axis < -rank || axis >= rank)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "axis %lld is out of range for rank %d", (long long)axis,
                         (int)rank);
    *out = (int32_t)(axis < 0 ? axis + rank : axis);
    return GLINT_SUCCESS;
}

/* Output 0 = x with shape s (same elements): a relabelled constant or an IR RESHAPE. */
static glint_result reshape_to(tfjs_ctx* c, tfjs_node* n, tfjs_value* x, const ge_shape* s) {
    if (x->is_const) {
        tfjs_define_view_output(n, 0, x, s);
        return GLINT_SUCCESS;
    }
    int32_t t, out;
    glint_result r = tfjs_tensor(c, n, x, &t);
    if (r >= 0) r = tfjs_define_output(c, n, 0, x->dtype, s, &out);
    if (r < 0) return r;
    return tfjs_emit(c, n, GE_OP_RESHAPE, &t, 1, &out, 1, NULL);
}

static bool small_const(const tfjs_value* x, const ge_shape* out) {
    int64_t e = tfjs_elements(out);
    return x->is_const && e >= 0 && e <= TFJS_FOLD_MAX_ELEMENTS && tfjs_elements(&x->shape) <= TFJS_FOLD_MAX_ELEMENTS;
}

static void row_major_strides(const ge_shape* s, int64_t* strides) {
    int64_t k = 1;
    for (int32_t d = s->rank - 1; d >= 0; d--) {
        strides[d] = k;
        k *= s->dim[d];
    }
}

static int64_t* index_buffer(tfjs_ctx* c, int64_t count) {
    return gu_arena_alloc(&c->scratch, (size_t)(count > 0 ? count : 1) * sizeof(int64_t));
}

/* ---- Reshape, ExpandDims, Squeeze ---- */

static glint_result lower_reshape(tfjs_ctx* c, tfjs_node* n, tfjs_value** in) {
    tfjs_value* x = in[0];
    int64_t dims[GE_MAX_RANK];
    int32_t count = 0;
    glint_result r = tfjs_const_ints(c, n, in[1], "shape", dims, GE_MAX_RANK, &count);
    if (r < 0) return r;
    if (in[1]->shape.rank == 0) return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "the shape operand must be a vector");
    const int64_t total = tfjs_elements(&x->shape);
    int64_t known = 1;
    int32_t infer = -1;
    ge_shape s = {count, {0}};
    for (int32_t i = 0; i < count; i++) {
        if (dims[i] == -1 && infer < 0) {
            infer = i;
            continue;
        }
        if (dims[i] < 0 || dims[i] > GE_MAX_DIM)
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "target dimension %lld is invalid", (long long)dims[i]);
        s.dim[i] = (int32_t)dims[i];
        known *= dims[i];
        if (known > GE_MAX_TENSOR_ELEMENTS)
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "target shape is too large");
    }
    if (infer >= 0) {
        if (known == 0 || total % known != 0 || total / known > GE_MAX_DIM)
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "cannot infer the -1 dimension for %lld elements",
                             (long long)total);
        s.dim[infer] = (int32_t)(total / known);
        known = total;
    }
    if (known != total) {
        char a[64], b[64];
        ge_shape_format(&x->shape, a, sizeof(a));
        ge_shape_format(&s, b, sizeof(b));
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "cannot reshape %s into %s", a, b);
    }
    return reshape_to(c, n, x, &s);
}

static glint_result lower_expand_dims(tfjs_ctx* c, tfjs_node* n, tfjs_value** in) {
    tfjs_value* x = in[0];
    int64_t axis;
    glint_result r = tfjs_const_int(c, n, in[1], "axis", &axis);
    if (r < 0) return r;
    int32_t a = 0;
    if ((r = normalize_axis(c, n, axis, x->shape.rank + 1, &a)) < 0) return r;
    if (x->shape.rank >= GE_MAX_RANK)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "result rank above %d", GE_MAX_RANK);
    ge_shape s = {x->shape.rank + 1, {0}};
    for (int32_t d = 0, k = 0; d < s.rank; d++) s.dim[d] = d == a ? 1 : x->shape.dim[k++];
    return reshape_to(c, n, x, &s);
}

static glint_result lower_squeeze(tfjs_ctx* c, tfjs_node* n, tfjs_value** in) {
    tfjs_value* x = in[0];
    int64_t dims[GE_MAX_RANK];
    int32_t count = 0;
    glint_result r = tfjs_attr_int_list(c, n, "squeeze_dims", dims, GE_MAX_RANK, &count);
    if (r >= 0 && count == 0) r = tfjs_attr_int_list(c, n, "axis", dims, GE_MAX_RANK, &count);
    if (r < 0) return r;
    uint32_t mask = 0;
    for (int32_t i = 0; i < count; i++) {
        int32_t a = 0;
        if ((r = normalize_axis(c, n, dims[i], x->shape.rank, &a)) < 0) return r;
        if (x->shape.dim[a] != 1)
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "cannot squeeze dimension %d of size %d", (int)a,
                             (int)x->shape.dim[a]);
        mask |= 1u << a;
    }
    ge_shape s = {0, {0}};
    for (int32_t d = 0; d < x->shape.rank; d++) {
        bool drop = count ? (mask & (1u << d)) != 0 : x->shape.dim[d] == 1;
        if (!drop) s.dim[s.rank++] = x->shape.dim[d];
    }
    return reshape_to(c, n, x, &s);
}

/* ---- Concat, Pack ---- */

/* Concatenates values along axis into output 0. */
static glint_result concat_values(tfjs_ctx* c, tfjs_node* n, tfjs_value** vals, int32_t count, int64_t axis64) {
    const tfjs_value* first = vals[0];
    int32_t axis = 0;
    glint_result r = normalize_axis(c, n, axis64, first->shape.rank, &axis);
    if (r < 0) return r;
    ge_shape out = first->shape;
    out.dim[axis] = 0;
    tfjs_value* kept[TFJS_MAX_NODE_INPUTS];
    int32_t num_kept = 0;
    for (int32_t i = 0; i < count; i++) {
        const tfjs_value* v = vals[i];
        if (v->dtype != first->dtype || v->shape.rank != first->shape.rank)
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "inputs differ in dtype or rank");
        for (int32_t d = 0; d < out.rank; d++)
            if (d != axis && v->shape.dim[d] != first->shape.dim[d])
                return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "input %d differs in dimension %d", (int)i, (int)d);
        out.dim[axis] += v->shape.dim[axis];
        if (out.dim[axis] > GE_MAX_DIM) return tfjs_fail(c, n, GLINT_ERROR_LIMIT_EXCEEDED, "result is too large");
        if (v->shape.dim[axis] > 0) kept[num_kept++] = vals[i]; /* empty inputs add nothing */
    }
    if (num_kept == 0) {
        tfjs_define_const_output(n, 0, first->dtype, &out, tfjs_host_alloc(c, 1));
        return GLINT_SUCCESS;
    }
    if (tfjs_all_const(kept, num_kept)) {
        bool handled;
        r = tfjs_fold_concat(c, n, kept, num_kept, axis, &out, &handled);
        if (r < 0 || handled) return r;
    }
    if (num_kept == 1) return reshape_to(c, n, kept[0], &out);
    int32_t ins[TFJS_MAX_NODE_INPUTS], t_out;
    if (num_kept > GE_MAX_OP_INPUTS)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "concatenates %d tensors (at most %d)", (int)num_kept,
                         GE_MAX_OP_INPUTS);
    for (int32_t i = 0; i < num_kept; i++)
        if ((r = tfjs_tensor(c, n, kept[i], &ins[i])) < 0) return r;
    if ((r = tfjs_define_output(c, n, 0, first->dtype, &out, &t_out)) < 0) return r;
    ge_op_params p;
    memset(&p, 0, sizeof(p));
    p.axis.axis = axis;
    return tfjs_emit(c, n, GE_OP_CONCAT, ins, num_kept, &t_out, 1, &p);
}

static glint_result lower_concat(tfjs_ctx* c, tfjs_node* n, tfjs_value** in) {
    const bool v2 = strcmp(n->op, "ConcatV2") == 0;
    int64_t axis;
    glint_result r = tfjs_const_int(c, n, v2 ? in[n->num_inputs - 1] : in[0], "axis", &axis);
    if (r < 0) return r;
    return concat_values(c, n, v2 ? in : in + 1, n->num_inputs - 1, axis);
}

static glint_result lower_pack(tfjs_ctx* c, tfjs_node* n, tfjs_value** in) {
    int64_t axis64;
    glint_result r = tfjs_attr_int(c, n, "axis", false, 0, &axis64);
    if (r < 0) return r;
    const tfjs_value* first = in[0];
    int32_t axis = 0;
    if ((r = normalize_axis(c, n, axis64, first->shape.rank + 1, &axis)) < 0) return r;
    if (first->shape.rank >= GE_MAX_RANK)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "result rank above %d", GE_MAX_RANK);
    ge_shape s = {first->shape.rank + 1, {0}};
    for (int32_t d = 0, k = 0; d < s.rank; d++) s.dim[d] = d == axis ? 1 : first->shape.dim[k++];
    /* Each input gets the new axis; a constant is relabelled, a run-time value reshaped. */
    tfjs_value* parts = gu_arena_alloc(&c->scratch, (size_t)n->num_inputs * sizeof(tfjs_value));
    tfjs_value* ptrs[TFJS_MAX_NODE_INPUTS];
    if (!parts) return tfjs_oom(c);
    for (int32_t i = 0; i < n->num_inputs; i++) {
        if (!ge_shape_equal(&in[i]->shape, &first->shape) || in[i]->dtype != first->dtype)
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "input %d differs in shape or dtype", (int)i);
        parts[i] = *in[i];
        parts[i].shape = s;
        if (!in[i]->is_const) {
            char suffix[24];
            snprintf(suffix, sizeof(suffix), "in%d", (int)i);
            r = tfjs_emit_reshape(c, n, in[i]->tensor, in[i]->dtype, &s, suffix, &parts[i].tensor);
            if (r < 0) return r;
        } else {
            parts[i].tensor = -1; /* a view: materialised with the new shape if needed */
        }
        ptrs[i] = &parts[i];
    }
    return concat_values(c, n, ptrs, n->num_inputs, axis);
}

/* ---- Unpack, Split, SplitV ---- */

/* Splits x along axis into parts of the given sizes: outputs 0..count-1, each with
 * shape part_shape[k]; drop_axis removes the (size-1) axis from the outputs (Unpack). */
static glint_result split_values(tfjs_ctx* c, tfjs_node* n, tfjs_value* x, int32_t axis, const int32_t* sizes,
                                 int32_t count, bool drop_axis) {
    glint_result r;
    int64_t outer = 1, inner = 1;
    for (int32_t d = 0; d < axis; d++) outer *= x->shape.dim[d];
    for (int32_t d = axis + 1; d < x->shape.rank; d++) inner *= x->shape.dim[d];
    ge_shape part[GE_MAX_OP_OUTPUTS], out[GE_MAX_OP_OUTPUTS];
    for (int32_t k = 0; k < count; k++) {
        part[k] = x->shape;
        part[k].dim[axis] = sizes[k];
        out[k] = part[k];
        if (drop_axis) {
            out[k].rank--;
            for (int32_t d = axis; d < out[k].rank; d++) out[k].dim[d] = x->shape.dim[d + 1];
        }
    }
    if (small_const(x, &x->shape)) {
        int64_t start = 0;
        for (int32_t k = 0; k < count; k++) {
            int64_t elems = outer * sizes[k] * inner;
            int64_t* idx = index_buffer(c, elems);
            if (!idx) return tfjs_oom(c);
            int64_t i = 0;
            for (int64_t o = 0; o < outer; o++)
                for (int64_t j = 0; j < sizes[k] * inner; j++) idx[i++] = (o * x->shape.dim[axis] + start) * inner + j;
            if ((r = tfjs_fold_gather_elements(c, n, k, x, &out[k], idx)) < 0) return r;
            start += sizes[k];
        }
        return GLINT_SUCCESS;
    }
    int32_t tx;
    if ((r = tfjs_tensor(c, n, x, &tx)) < 0) return r;
    if (count == 1) {
        int32_t t_out;
        if ((r = tfjs_define_output(c, n, 0, x->dtype, &out[0], &t_out)) < 0) return r;
        return tfjs_emit(c, n, GE_OP_RESHAPE, &tx, 1, &t_out, 1, NULL);
    }
    int32_t outs[GE_MAX_OP_OUTPUTS];
    for (int32_t k = 0; k < count; k++) {
        char suffix[24];
        snprintf(suffix, sizeof(suffix), "part%d", (int)k);
        r = drop_axis ? tfjs_temp_tensor(c, n, suffix, x->dtype, &part[k], &outs[k])
                      : tfjs_define_output(c, n, k, x->dtype, &part[k], &outs[k]);
        if (r < 0) return r;
    }
    ge_op_params p;
    memset(&p, 0, sizeof(p));
    p.axis.axis = axis;
    p.axis.num_splits = count;
    bool equal = true;
    for (int32_t k = 1; k < count; k++) equal &= sizes[k] == sizes[0];
    if (!equal) {
        int32_t* sz = gu_arena_alloc(&c->g->arena, (size_t)count * sizeof(int32_t));
        if (!sz) return tfjs_oom(c);
        memcpy(sz, sizes, (size_t)count * sizeof(int32_t));
        p.axis.split_sizes = sz;
    }
    if ((r = tfjs_emit(c, n, GE_OP_SPLIT, &tx, 1, outs, count, &p)) < 0) return r;
    if (!drop_axis) return GLINT_SUCCESS;
    for (int32_t k = 0; k < count; k++) {
        int32_t t_out;
        if ((r = tfjs_define_output(c, n, k, x->dtype, &out[k], &t_out)) < 0) return r;
        if ((r = tfjs_emit(c, n, GE_OP_RESHAPE, &outs[k], 1, &t_out, 1, NULL)) < 0) return r;
    }
    return GLINT_SUCCESS;
}

static glint_result lower_unpack(tfjs_ctx* c, tfjs_node* n, tfjs_value** in) {
    tfjs_value* x = in[0];
    int64_t axis64;
    glint_result r = tfjs_attr_int(c, n, "axis", false, 0, &axis64);
    if (r < 0) return r;
    int32_t axis = 0;
    if ((r = normalize_axis(c, n, axis64, x->shape.rank, &axis)) < 0) return r;
    if (x->shape.dim[axis] != n->num_outputs)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "unpacks %d values from a dimension of %d",
                         (int)n->num_outputs, (int)x->shape.dim[axis]);
    int32_t sizes[GE_MAX_OP_OUTPUTS];
    for (int32_t k = 0; k < n->num_outputs; k++) sizes[k] = 1;
    return split_values(c, n, x, axis, sizes, n->num_outputs, true);
}

static glint_result lower_split(tfjs_ctx* c, tfjs_node* n, tfjs_value** in) {
    const bool v = strcmp(n->op, "SplitV") == 0;
    tfjs_value* x = v ? in[0] : in[1];
    int64_t axis64;
    glint_result r = tfjs_const_int(c, n, v ? in[2] : in[0], "axis", &axis64);
    if (r < 0) return r;
    int32_t axis = 0;
    if ((r = normalize_axis(c, n, axis64, x->shape.rank, &axis)) < 0) return r;
    const int32_t count = n->num_outputs, dim = x->shape.dim[axis];
    int32_t sizes[GE_MAX_OP_OUTPUTS];
    if (!v) {
        if (dim % count != 0)
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "dimension %d does not split into %d", (int)dim,
                             (int)count);
        for (int32_t k = 0; k < count; k++) sizes[k] = dim / count;
    } else {
        int64_t s[GE_MAX_OP_OUTPUTS];
        int32_t got = 0, infer = -1;
        if ((r = tfjs_const_ints(c, n, in[1], "size_splits", s, GE_MAX_OP_OUTPUTS, &got)) < 0) return r;
        if (got != count)
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "size_splits has %d entries for %d outputs", (int)got,
                             (int)count);
        int64_t sum = 0;
        for (int32_t k = 0; k < count; k++) {
            if (s[k] == -1 && infer < 0) {
                infer = k;
                continue;
            }
            if (s[k] < 1 || s[k] > dim)
                return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "split size %lld", (long long)s[k]);
            sizes[k] = (int32_t)s[k];
            sum += s[k];
        }
        if (infer >= 0) {
            if (dim - sum < 1) return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "split sizes exceed the dimension");
            sizes[infer] = (int32_t)(dim - sum);
            sum = dim;
        }
        if (sum != dim)
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "split sizes add up to %lld, not %d", (long long)sum,
                             (int)dim);
    }
    return split_values(c, n, x, axis, sizes, count, false);
}

/* ---- StridedSlice, Slice ---- */

static glint_result slice_with(tfjs_ctx* c, tfjs_node* n, tfjs_value* x, const ge_op_params* p) {
    ge_slice_plan plan;
    const char* why = "";
    if (!ge_slice_resolve(&p->slice, &x->shape, &plan, &why))
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "invalid slice: %s", why);
    if (small_const(x, &plan.out)) {
        int64_t count = tfjs_elements(&plan.out);
        int64_t* idx = index_buffer(c, count);
        if (!idx) return tfjs_oom(c);
        int64_t strides[GE_MAX_RANK], pos[GE_MAX_RANK] = {0};
        row_major_strides(&x->shape, strides);
        for (int64_t i = 0; i < count; i++) {
            int64_t off = 0;
            for (int32_t d = 0; d < plan.rank; d++) off += (plan.begin[d] + pos[d] * plan.stride[d]) * strides[d];
            idx[i] = off;
            for (int32_t d = plan.rank - 1; d >= 0; d--) {
                if (++pos[d] < plan.size[d]) break;
                pos[d] = 0;
            }
        }
        return tfjs_fold_gather_elements(c, n, 0, x, &plan.out, idx);
    }
    int32_t tx, out;
    glint_result r = tfjs_tensor(c, n, x, &tx);
    if (r >= 0) r = tfjs_define_output(c, n, 0, x->dtype, &plan.out, &out);
    if (r < 0) return r;
    return tfjs_emit(c, n, GE_OP_STRIDED_SLICE, &tx, 1, &out, 1, p);
}

static glint_result lower_strided_slice(tfjs_ctx* c, tfjs_node* n, tfjs_value** in) {
    int64_t b[GE_MAX_RANK], e[GE_MAX_RANK], s[GE_MAX_RANK];
    int32_t nb = 0, ne = 0, ns = 0;
    glint_result r = tfjs_const_ints(c, n, in[1], "begin", b, GE_MAX_RANK, &nb);
    if (r >= 0) r = tfjs_const_ints(c, n, in[2], "end", e, GE_MAX_RANK, &ne);
    if (r >= 0) r = tfjs_const_ints(c, n, in[3], "strides", s, GE_MAX_RANK, &ns);
    if (r < 0) return r;
    if (nb != ne || nb != ns)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "begin, end and strides differ in length");
    ge_op_params p;
    memset(&p, 0, sizeof(p));
    p.slice.num_axes = nb;
    for (int32_t i = 0; i < nb; i++) {
        if (b[i] < INT32_MIN || b[i] > INT32_MAX || e[i] < INT32_MIN || e[i] > INT32_MAX || s[i] < INT32_MIN ||
            s[i] > INT32_MAX)
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "slice bound out of range");
        p.slice.begin[i] = (int32_t)b[i];
        p.slice.end[i] = (int32_t)e[i];
        p.slice.strides[i] = (int32_t)s[i];
    }
    static const char* masks[5] = {"begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask"};
    uint32_t* dst[5] = {&p.slice.begin_mask, &p.slice.end_mask, &p.slice.ellipsis_mask, &p.slice.new_axis_mask,
                        &p.slice.shrink_axis_mask};
    for (int i = 0; i < 5; i++) {
        int64_t m;
        if ((r = tfjs_attr_int(c, n, masks[i], false, 0, &m)) < 0) return r;
        if (m < 0 || m > 0xFFFF)
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "%s %lld is out of range", masks[i], (long long)m);
        *dst[i] = (uint32_t)m & ((1u << nb) - 1u);
    }
    return slice_with(c, n, in[0], &p);
}

static glint_result lower_slice(tfjs_ctx* c, tfjs_node* n, tfjs_value** in) {
    tfjs_value* x = in[0];
    int64_t b[GE_MAX_RANK], sz[GE_MAX_RANK];
    int32_t nb = 0, ns = 0;
    glint_result r = tfjs_const_ints(c, n, in[1], "begin", b, GE_MAX_RANK, &nb);
    if (r >= 0) r = tfjs_const_ints(c, n, in[2], "size", sz, GE_MAX_RANK, &ns);
    if (r < 0) return r;
    if (nb != x->shape.rank || ns != nb)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "begin and size need one entry per dimension");
    ge_op_params p;
    memset(&p, 0, sizeof(p));
    p.slice.num_axes = nb;
    for (int32_t i = 0; i < nb; i++) {
        const int64_t dim = x->shape.dim[i];
        if (b[i] < 0 || b[i] > dim || sz[i] < -1 || (sz[i] >= 0 && b[i] + sz[i] > dim))
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "slice [%lld, +%lld) is out of bounds for dimension %d",
                             (long long)b[i], (long long)sz[i], (int)i);
        p.slice.begin[i] = (int32_t)b[i];
        p.slice.end[i] = sz[i] < 0 ? 0 : (int32_t)(b[i] + sz[i]);
        p.slice.strides[i] = 1;
        if (sz[i] < 0) p.slice.end_mask |= 1u << i;
    }
    return slice_with(c, n, x, &p);
}

/* ---- Transpose, Tile, Pad ---- */

static glint_result lower_transpose(tfjs_ctx* c, tfjs_node* n, tfjs_value** in) {
    tfjs_value* x = in[0];
    int64_t perm[GE_MAX_RANK];
    int32_t count = 0;
    glint_result r = tfjs_const_ints(c, n, in[1], "perm", perm, GE_MAX_RANK, &count);
    if (r < 0) return r;
    if (count != x->shape.rank)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "perm has %d entries for rank %d", (int)count,
                         (int)x->shape.rank);
    uint32_t seen = 0;
    bool identity = true;
    ge_op_params p;
    memset(&p, 0, sizeof(p));
    ge_shape out = {count, {0}};
    for (int32_t i = 0; i < count; i++) {
        if (perm[i] < 0 || perm[i] >= count || (seen & (1u << perm[i])))
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "perm is not a permutation");
        seen |= 1u << perm[i];
        p.transpose.perm[i] = (int32_t)perm[i];
        out.dim[i] = x->shape.dim[perm[i]];
        identity &= perm[i] == i;
    }
    if (identity) return reshape_to(c, n, x, &x->shape);
    if (small_const(x, &out)) {
        int64_t total = tfjs_elements(&out), strides[GE_MAX_RANK], pos[GE_MAX_RANK] = {0};
        int64_t* idx = index_buffer(c, total);
        if (!idx) return tfjs_oom(c);
        row_major_strides(&x->shape, strides);
        for (int64_t i = 0; i < total; i++) {
            int64_t off = 0;
            for (int32_t d = 0; d < count; d++) off += pos[d] * strides[perm[d]];
            idx[i] = off;
            for (int32_t d = count - 1; d >= 0; d--) {
                if (++pos[d] < out.dim[d]) break;
                pos[d] = 0;
            }
        }
        return tfjs_fold_gather_elements(c, n, 0, x, &out, idx);
    }
    int32_t tx, t_out;
    if ((r = tfjs_tensor(c, n, x, &tx)) < 0) return r;
    if ((r = tfjs_define_output(c, n, 0, x->dtype, &out, &t_out)) < 0) return r;
    return tfjs_emit(c, n, GE_OP_TRANSPOSE, &tx, 1, &t_out, 1, &p);
}

static glint_result lower_tile(tfjs_ctx* c, tfjs_node* n, tfjs_value** in) {
    tfjs_value* x = in[0];
    int64_t m[GE_MAX_RANK];
    int32_t count = 0;
    glint_result r = tfjs_const_ints(c, n, in[1], "multiples", m, GE_MAX_RANK, &count);
    if (r < 0) return r;
    if (count != x->shape.rank)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "multiples has %d entries for rank %d", (int)count,
                         (int)x->shape.rank);
    ge_op_params p;
    memset(&p, 0, sizeof(p));
    ge_shape out = {count, {0}};
    for (int32_t i = 0; i < count; i++) {
        if (m[i] < 1 || m[i] > GE_MAX_DIM || (int64_t)x->shape.dim[i] * m[i] > GE_MAX_DIM)
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "multiple %lld is out of range", (long long)m[i]);
        p.tile.multiples[i] = (int32_t)m[i];
        out.dim[i] = (int32_t)(x->shape.dim[i] * m[i]);
    }
    if (tfjs_elements(&out) > GE_MAX_TENSOR_ELEMENTS)
        return tfjs_fail(c, n, GLINT_ERROR_LIMIT_EXCEEDED, "result is too large");
    if (small_const(x, &out)) {
        int64_t total = tfjs_elements(&out), strides[GE_MAX_RANK], pos[GE_MAX_RANK] = {0};
        int64_t* idx = index_buffer(c, total);
        if (!idx) return tfjs_oom(c);
        row_major_strides(&x->shape, strides);
        for (int64_t i = 0; i < total; i++) {
            int64_t off = 0;
            for (int32_t d = 0; d < count; d++) off += (pos[d] % x->shape.dim[d]) * strides[d];
            idx[i] = off;
            for (int32_t d = count - 1; d >= 0; d--) {
                if (++pos[d] < out.dim[d]) break;
                pos[d] = 0;
            }
        }
        return tfjs_fold_gather_elements(c, n, 0, x, &out, idx);
    }
    int32_t tx, t_out;
    if ((r = tfjs_tensor(c, n, x, &tx)) < 0) return r;
    if ((r = tfjs_define_output(c, n, 0, x->dtype, &out, &t_out)) < 0) return r;
    return tfjs_emit(c, n, GE_OP_TILE, &tx, 1, &t_out, 1, &p);
}

static glint_result lower_pad(tfjs_ctx* c, tfjs_node* n, tfjs_value** in) {
    tfjs_value* x = in[0];
    int64_t pads[2 * GE_MAX_RANK];
    int32_t count = 0;
    tfjs_value* pv = in[1];
    if (pv->shape.rank == 2) { /* [rank, 2]: read it as a flat list */
        tfjs_value flat = *pv;
        flat.shape.rank = 1;
        flat.shape.dim[0] = pv->shape.dim[0] * pv->shape.dim[1];
        glint_result r = tfjs_const_ints(c, n, &flat, "paddings", pads, 2 * GE_MAX_RANK, &count);
        pv->host = flat.host; /* keep the decoded copy */
        if (r < 0) return r;
    } else if (pv->is_const) {
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "paddings must have shape [rank, 2]");
    } else {
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "the paddings operand is not a constant");
    }
    if (count != 2 * x->shape.rank)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "paddings must have shape [rank, 2]");
    ge_op_params p;
    memset(&p, 0, sizeof(p));
    ge_shape out = x->shape;
    for (int32_t d = 0; d < x->shape.rank; d++) {
        if (pads[2 * d] < 0 || pads[2 * d + 1] < 0 || pads[2 * d] > GE_MAX_DIM || pads[2 * d + 1] > GE_MAX_DIM)
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "padding must be in [0, %d]", GE_MAX_DIM);
        p.pad.before[d] = (int32_t)pads[2 * d];
        p.pad.after[d] = (int32_t)pads[2 * d + 1];
        int64_t dim = (int64_t)out.dim[d] + pads[2 * d] + pads[2 * d + 1];
        if (dim > GE_MAX_DIM) return tfjs_fail(c, n, GLINT_ERROR_LIMIT_EXCEEDED, "padded dimension is too large");
        out.dim[d] = (int32_t)dim;
    }
    if (n->num_inputs == 3) {
        const void* h;
        glint_result r =
            in[2]->is_const && in[2]->shape.rank == 0 ? tfjs_host(c, n, in[2], &h) : GLINT_ERROR_MODEL_UNSUPPORTED;
        if (r < 0 || !h || in[2]->dtype != x->dtype)
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED,
                             "the pad value must be a constant scalar of the input dtype");
        p.pad.value = (float)tfjs_get_f64(in[2]->dtype, h, 0);
    }
    int32_t tx, t_out;
    glint_result r = tfjs_tensor(c, n, x, &tx);
    if (r >= 0) r = tfjs_define_output(c, n, 0, x->dtype, &out, &t_out);
    if (r < 0) return r;
    return tfjs_emit(c, n, GE_OP_PAD, &tx, 1, &t_out, 1, &p);
}

/* ---- resizing ---- */

static glint_result lower_resize(tfjs_ctx* c, tfjs_node* n, tfjs_value** in) {
    tfjs_value* x = in[0];
    if (x->shape.rank != 4 || x->dtype != GE_DTYPE_F32)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "input must be a float NHWC tensor");
    int64_t size[2];
    int32_t count = 0;
    glint_result r = tfjs_const_ints(c, n, in[1], "size", size, 2, &count);
    if (r < 0) return r;
    if (count != 2 || size[0] < 1 || size[1] < 1 || size[0] > GE_MAX_DIM || size[1] > GE_MAX_DIM)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "size must be two positive integers");
    ge_op_params p;
    memset(&p, 0, sizeof(p));
    p.resize.out_h = (int32_t)size[0];
    p.resize.out_w = (int32_t)size[1];
    if ((r = tfjs_attr_bool(c, n, "align_corners", false, &p.resize.align_corners)) < 0) return r;
    if ((r = tfjs_attr_bool(c, n, "half_pixel_centers", false, &p.resize.half_pixel_centers)) < 0) return r;
    if (p.resize.align_corners && p.resize.half_pixel_centers)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "align_corners and half_pixel_centers are exclusive");
    ge_shape out = {4, {x->shape.dim[0], p.resize.out_h, p.resize.out_w, x->shape.dim[3]}};
    int32_t tx, t_out;
    if ((r = tfjs_tensor(c, n, x, &tx)) < 0) return r;
    if ((r = tfjs_define_output(c, n, 0, x->dtype, &out, &t_out)) < 0) return r;
    return tfjs_emit(c, n, strcmp(n->op, "ResizeBilinear") == 0 ? GE_OP_RESIZE_BILINEAR : GE_OP_RESIZE_NEAREST, &tx, 1,
                     &t_out, 1, &p);
}

static glint_result lower_depth_to_space(tfjs_ctx* c, tfjs_node* n, tfjs_value** in) {
    tfjs_value* x = in[0];
    int64_t b;
    const char* fmt = NULL;
    glint_result r = tfjs_attr_int(c, n, "block_size", true, 0, &b);
    if (r >= 0) r = tfjs_attr_string(c, n, "data_format", &fmt, NULL);
    if (r < 0) return r;
    if (fmt && strcmp(fmt, "NHWC") != 0) return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "data_format %.8s", fmt);
    if (x->shape.rank != 4 || b < 2 || b > 1024 || x->shape.dim[3] % (b * b) != 0 ||
        (int64_t)x->shape.dim[1] * b > GE_MAX_DIM || (int64_t)x->shape.dim[2] * b > GE_MAX_DIM)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "block size %lld does not fit the input", (long long)b);
    ge_op_params p;
    memset(&p, 0, sizeof(p));
    p.block.block_size = (int32_t)b;
    ge_shape out = {4,
                    {x->shape.dim[0], (int32_t)(x->shape.dim[1] * b), (int32_t)(x->shape.dim[2] * b),
                     (int32_t)(x->shape.dim[3] / (b * b))}};
    int32_t tx, t_out;
    if ((r = tfjs_tensor(c, n, x, &tx)) < 0) return r;
    if ((r = tfjs_define_output(c, n, 0, x->dtype, &out, &t_out)) < 0) return r;
    return tfjs_emit(c, n, GE_OP_DEPTH_TO_SPACE, &tx, 1, &t_out, 1, &p);
}

/* ---- constants from shapes: Shape, Size, Rank, Fill, ZerosLike, OnesLike, Range ---- */

static glint_result int_const_output(tfjs_ctx* c, tfjs_node* n, const int32_t* vals, int32_t count, bool scalar) {
    int32_t* h = tfjs_host_alloc(c, (size_t)(count ? count : 1) * sizeof(int32_t));
    if (!h) return tfjs_oom(c);
    if (count) memcpy(h, vals, (size_t)count * sizeof(int32_t));
    ge_shape s = {scalar ? 0 : 1, {count}};
    tfjs_define_const_output(n, 0, GE_DTYPE_I32, &s, h);
    return GLINT_SUCCESS;
}

static glint_result lower_shape(tfjs_ctx* c, tfjs_node* n, tfjs_value** in) {
    const tfjs_value* x = in[0];
    if (strcmp(n->op, "Shape") == 0) return int_const_output(c, n, x->shape.dim, x->shape.rank, false);
    int32_t v = strcmp(n->op, "Rank") == 0 ? x->shape.rank : (int32_t)tfjs_elements(&x->shape);
    return int_const_output(c, n, &v, 1, true);
}

/* A constant of shape s filled with value (converted to dtype). */
static glint_result filled(tfjs_ctx* c, tfjs_node* n, ge_dtype dtype, const ge_shape* s, double value) {
    int64_t count = tfjs_elements(s);
    if (count < 0 || count > TFJS_FOLD_MAX_ELEMENTS)
        return tfjs_fail(c, n, GLINT_ERROR_LIMIT_EXCEEDED, "constant of %lld elements is too large", (long long)count);
    void* h = tfjs_host_alloc(c, (size_t)(count ? count : 1) * ge_dtype_size(dtype));
    if (!h) return tfjs_fail(c, n, GLINT_ERROR_LIMIT_EXCEEDED, "constant is too large");
    for (int64_t i = 0; i < count; i++) tfjs_put_f64(dtype, h, i, value);
    tfjs_define_const_output(n, 0, dtype, s, h);
    return GLINT_SUCCESS;
}

static glint_result lower_fill(tfjs_ctx* c, tfjs_node* n, tfjs_value** in) {
    int64_t dims[GE_MAX_RANK];
    int32_t count = 0;
    glint_result r = tfjs_const_ints(c, n, in[0], "dims", dims, GE_MAX_RANK, &count);
    if (r < 0) return r;
    tfjs_value* v = in[1];
    if (!v->is_const || v->shape.rank != 0)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "the fill value must be a constant scalar");
    const void* h;
    if ((r = tfjs_host(c, n, v, &h)) < 0) return r;
    ge_shape s = {count, {0}};
    for (int32_t i = 0; i < count; i++) {
        if (dims[i] < 0 || dims[i] > GE_MAX_DIM)
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "dimension %lld is invalid", (long long)dims[i]);
        s.dim[i] = (int32_t)dims[i];
    }
    if (v->dtype == GE_DTYPE_I32) { /* exact for every int32 */
        int64_t total = tfjs_elements(&s);
        if (total < 0 || total > TFJS_FOLD_MAX_ELEMENTS)
            return tfjs_fail(c, n, GLINT_ERROR_LIMIT_EXCEEDED, "constant is too large");
        int32_t* out = tfjs_host_alloc(c, (size_t)(total ? total : 1) * sizeof(int32_t));
        if (!out) return tfjs_fail(c, n, GLINT_ERROR_LIMIT_EXCEEDED, "constant is too large");
        for (int64_t i = 0; i < total; i++) out[i] = ((const int32_t*)h)[0];
        tfjs_define_const_output(n, 0, GE_DTYPE_I32, &s, out);
        return GLINT_SUCCESS;
    }
    return filled(c, n, v->dtype, &s, tfjs_get_f64(v->dtype, h, 0));
}

static glint_result lower_zeros_ones(tfjs_ctx* c, tfjs_node* n, tfjs_value** in) {
    return filled(c, n, in[0]->dtype, &in[0]->shape, strcmp(n->op, "OnesLike") == 0 ? 1.0 : 0.0);
}

static glint_result lower_range(tfjs_ctx* c, tfjs_node* n, tfjs_value** in) {
    const void* h[3];
    for (int i = 0; i < 3; i++) {
        if (!in[i]->is_const || in[i]->shape.rank != 0)
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "start, limit and delta must be constant scalars");
        glint_result r = tfjs_host(c, n, in[i], &h[i]);
        if (r < 0) return r;
        if (in[i]->dtype != in[0]->dtype)
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "start, limit and delta differ in dtype");
    }
    const ge_dtype dt = in[0]->dtype;
    if (dt != GE_DTYPE_F32 && dt != GE_DTYPE_I32)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "range of %s", ge_dtype_name(dt));
    double start = tfjs_get_f64(dt, h[0], 0), limit = tfjs_get_f64(dt, h[1], 0), delta = tfjs_get_f64(dt, h[2], 0);
    if (delta == 0 || !isfinite(start) || !isfinite(limit) || !isfinite(delta) || (delta > 0 && start > limit) ||
        (delta < 0 && start < limit))
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "range(%g, %g, %g) is invalid", start, limit, delta);
    double count = dt == GE_DTYPE_I32 ? floor((fabs(limit - start) + fabs(delta) - 1) / fabs(delta))
                                      : ceil(fabs((limit - start) / delta));
    if (count > (double)TFJS_FOLD_MAX_ELEMENTS)
        return tfjs_fail(c, n, GLINT_ERROR_LIMIT_EXCEEDED, "range of %.0f elements is too large", count);
    ge_shape s = {1, {(int32_t)count}};
    void* out = tfjs_host_alloc(c, (size_t)(count > 0 ? count : 1) * ge_dtype_size(dt));
    if (!out) return tfjs_oom(c);
    /* Accumulate like TF and TF.js do (val += delta), in the tensor's own type. */
    float fv = (float)start;
    int64_t iv = (int64_t)start;
    for (int64_t i = 0; i < (int64_t)count; i++) {
        if (dt == GE_DTYPE_F32) {
            ((float*)out)[i] = fv;
            fv += (float)delta;
        } else {
            ((int32_t*)out)[i] = (int32_t)iv;
            iv += (int64_t)delta;
        }
    }
    tfjs_define_const_output(n, 0, dt, &s, out);
    return GLINT_SUCCESS;
}

static const tfjs_op_entry k_layout_ops[] = {
    {"Reshape", lower_reshape, 2, 2},
    {"ExpandDims", lower_expand_dims, 2, 2},
    {"Squeeze", lower_squeeze, 1, 1},
    {"ConcatV2", lower_concat, 2, TFJS_MAX_NODE_INPUTS},
    {"Concat", lower_concat, 2, TFJS_MAX_NODE_INPUTS},
    {"Pack", lower_pack, 1, TFJS_MAX_NODE_INPUTS},
    {"Unpack", lower_unpack, 1, 1},
    {"Split", lower_split, 2, 2},
    {"SplitV", lower_split, 3, 3},
    {"StridedSlice", lower_strided_slice, 4, 4},
    {"Slice", lower_slice, 3, 3},
    {"Transpose", lower_transpose, 2, 2},
    {"Tile", lower_tile, 2, 2},
    {"Pad", lower_pad, 2, 2},
    {"PadV2", lower_pad, 3, 3},
    {"ResizeBilinear", lower_resize, 2, 2},
    {"ResizeNearestNeighbor", lower_resize, 2, 2},
    {"DepthToSpace", lower_depth_to_space, 1, 1},
    {"Shape", lower_shape, 1, 1},
    {"Size", lower_shape, 1, 1},
    {"Rank", lower_shape, 1, 1},
    {"Fill", lower_fill, 2, 2},
    {"ZerosLike", lower_zeros_ones, 1, 1},
    {"OnesLike", lower_zeros_ones, 1, 1},
    {"Range", lower_range, 3, 3},
};

const tfjs_op_entry* tfjs_ops_layout(int32_t* out_count) {
    *out_count = (int32_t)(sizeof(k_layout_ops) / sizeof(k_layout_ops[0]));
    return k_layout_ops;
}
