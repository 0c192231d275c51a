/*
 * TF.js lowering: elementwise math, casts and reductions.
 *
 * TF ops without an IR twin are rewritten with IR ops of identical results:
 *   AddN             chain of ADD
 *   Reciprocal       DIV(1, x)
 *   Square           MUL(x, x)
 *   GreaterEqual     a >= b  == (b < a) or (a == b)      (false for NaN, as in TF)
 *   LessEqual        a <= b  == (a < b) or (a == b)
 *   NotEqual         not (a == b)
 *   LogicalAnd/Or    on 0/1 floats: a*b > 0.5, a+b > 0.5
 *   LogicalNot       0.5 > x
 *   Sum              MEAN * count                        (float)
 *   Max / Min        MAX_POOL2D over the reduced axes, seen as [1, outer, K, inner]
 * Booleans travel through CAST to float and back through GREATER, ops every backend has.
 */
#include <stdio.h>
#include <string.h>

#include "engine/ge_shape.h"
#include "engine/import/ge_import_tfjs_internal.h"

/* ---- unary ---- */

static glint_result lower_unary_ir(tfjs_ctx* c, tfjs_node* n, tfjs_value* x, ge_op_type type) {
    int32_t in, out;
    glint_result r = tfjs_tensor(c, n, x, &in);
    if (r < 0) return r;
    r = tfjs_define_output(c, n, 0, x->dtype, &x->shape, &out);
    if (r < 0) return r;
    return tfjs_emit(c, n, type, &in, 1, &out, 1, NULL);
}

typedef struct unary_map {
    const char* op;
    ge_op_type type;
    int fold; /* tfjs_unop + 1, or 0 when not folded at import */
    bool float_only;
} unary_map;

static const unary_map k_unary[] = {
    {"Relu", GE_OP_RELU, TFJS_RELU + 1, false},
    {"Relu6", GE_OP_RELU6, TFJS_RELU6 + 1, false},
    {"Sigmoid", GE_OP_LOGISTIC, 0, true},
    {"Tanh", GE_OP_TANH, 0, true},
    {"Exp", GE_OP_EXP, 0, true},
    {"Sqrt", GE_OP_SQRT, TFJS_SQRT + 1, true},
    {"Rsqrt", GE_OP_RSQRT, 0, true},
    {"Neg", GE_OP_NEG, TFJS_NEG + 1, false},
    {"Abs", GE_OP_ABS, TFJS_ABS + 1, false},
    {"Floor", GE_OP_FLOOR, TFJS_FLOOR + 1, true},
};

static glint_result lower_unary(tfjs_ctx* c, tfjs_node* n, tfjs_value** in) {
    const unary_map* m = NULL;
    for (size_t i = 0; i < sizeof(k_unary) / sizeof(k_unary[0]); i++)
        if (strcmp(k_unary[i].op, n->op) == 0) m = &k_unary[i];
    if (!m) return tfjs_fail(c, n, GLINT_ERROR_INTERNAL, "no unary mapping");
    tfjs_value* x = in[0];
    if (x->dtype != GE_DTYPE_F32 && (m->float_only || x->dtype != GE_DTYPE_I32))
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "input dtype %s", ge_dtype_name(x->dtype));
    if (m->fold && x->is_const) {
        bool handled;
        glint_result r = tfjs_fold_unary(c, n, (tfjs_unop)(m->fold - 1), x, &handled);
        if (r < 0 || handled) return r;
    }
    return lower_unary_ir(c, n, x, m->type);
}

static glint_result lower_identity(tfjs_ctx* c, tfjs_node* n, tfjs_value** in) {
    (void)c;
    const char* name = n->outputs[0].name;
    n->outputs[0] = *in[0];
    n->outputs[0].name = name; /* keeps the tensor; graph outputs are renamed at the end */
    return GLINT_SUCCESS;
}

/* ---- binary ---- */

static glint_result binary_shape(tfjs_ctx* c, tfjs_node* n, const tfjs_value* a, const tfjs_value* b, ge_shape* out) {
    if (a->dtype != b->dtype)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "input dtypes differ (%s, %s)", ge_dtype_name(a->dtype),
                         ge_dtype_name(b->dtype));
    if (!ge_broadcast_shape(&a->shape, &b->shape, out)) {
        char sa[64], sb[64];
        ge_shape_format(&a->shape, sa, sizeof(sa));
        ge_shape_format(&b->shape, sb, sizeof(sb));
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "shapes %s and %s do not broadcast", sa, sb);
    }
    return GLINT_SUCCESS;
}

/* Emits IR op type(a, b) into tensor out_t (already defined) or a new temp tensor. */
static glint_result emit_binary(tfjs_ctx* c, tfjs_node* n, ge_op_type type, int32_t a, int32_t b, int32_t out) {
    int32_t ins[2] = {a, b};
    return tfjs_emit(c, n, type, ins, 2, &out, 1, NULL);
}

/* A bool tensor as 0/1 floats. */
static glint_result bool_to_f32(tfjs_ctx* c, tfjs_node* n, int32_t t, const ge_shape* s, const char* suffix,
                                int32_t* out) {
    glint_result r = tfjs_temp_tensor(c, n, suffix, GE_DTYPE_F32, s, out);
    if (r < 0) return r;
    return tfjs_emit(c, n, GE_OP_CAST, &t, 1, out, 1, NULL);
}

/* out (BOOL, node output 0) = lhs > rhs where one side is the scalar 0.5. */
static glint_result threshold(tfjs_ctx* c, tfjs_node* n, int32_t t, const ge_shape* s, bool t_on_left) {
    int32_t half, out;
    glint_result r = tfjs_scalar_f32(c, n, "half", 0.5f, &half);
    if (r < 0) return r;
    r = tfjs_define_output(c, n, 0, GE_DTYPE_BOOL, s, &out);
    if (r < 0) return r;
    return t_on_left ? emit_binary(c, n, GE_OP_GREATER, t, half, out) : emit_binary(c, n, GE_OP_GREATER, half, t, out);
}

/* Output 0 = (x1 or x2) for two BOOL tensors of shape s. */
static glint_result emit_or(tfjs_ctx* c, tfjs_node* n, int32_t x1, int32_t x2, const ge_shape* s, bool is_and) {
    int32_t f1, f2, sum;
    glint_result r = bool_to_f32(c, n, x1, s, "f0", &f1);
    if (r >= 0) r = bool_to_f32(c, n, x2, s, "f1", &f2);
    if (r >= 0) r = tfjs_temp_tensor(c, n, is_and ? "prod" : "sum", GE_DTYPE_F32, s, &sum);
    if (r >= 0) r = emit_binary(c, n, is_and ? GE_OP_MUL : GE_OP_ADD, f1, f2, sum);
    if (r < 0) return r;
    return threshold(c, n, sum, s, true);
}

typedef struct binary_map {
    const char* op;
    tfjs_binop fold;
    ge_op_type type; /* GE_OP_NONE: composite lowering */
} binary_map;

static const binary_map k_binary[] = {
    {"Add", TFJS_ADD, GE_OP_ADD},
    {"AddV2", TFJS_ADD, GE_OP_ADD},
    {"BiasAdd", TFJS_ADD, GE_OP_ADD},
    {"Sub", TFJS_SUB, GE_OP_SUB},
    {"Mul", TFJS_MUL, GE_OP_MUL},
    {"RealDiv", TFJS_DIV, GE_OP_DIV},
    {"Div", TFJS_TRUNC_DIV, GE_OP_DIV},
    {"FloorDiv", TFJS_FLOOR_DIV, GE_OP_FLOOR_DIV},
    {"SquaredDifference", TFJS_SQUARED_DIFFERENCE, GE_OP_SQUARED_DIFFERENCE},
    {"Maximum", TFJS_MAXIMUM, GE_OP_MAXIMUM},
    {"Minimum", TFJS_MINIMUM, GE_OP_MINIMUM},
    {"Greater", TFJS_GREATER, GE_OP_GREATER},
    {"Less", TFJS_LESS, GE_OP_LESS},
    {"Equal", TFJS_EQUAL, GE_OP_EQUAL},
    {"GreaterEqual", TFJS_GREATER_EQUAL, GE_OP_NONE},
    {"LessEqual", TFJS_LESS_EQUAL, GE_OP_NONE},
    {"NotEqual", TFJS_NOT_EQUAL, GE_OP_NONE},
    {"LogicalAnd", TFJS_LOGICAL_AND, GE_OP_NONE},
    {"LogicalOr", TFJS_LOGICAL_OR, GE_OP_NONE},
};

static glint_result lower_binary(tfjs_ctx* c, tfjs_node* n, tfjs_value** in) {
    const binary_map* m = NULL;
    for (size_t i = 0; i < sizeof(k_binary) / sizeof(k_binary[0]); i++)
        if (strcmp(k_binary[i].op, n->op) == 0) m = &k_binary[i];
    if (!m) return tfjs_fail(c, n, GLINT_ERROR_INTERNAL, "no binary mapping");
    tfjs_value *a = in[0], *b = in[1];
    ge_shape out_shape;
    glint_result r = binary_shape(c, n, a, b, &out_shape);
    if (r < 0) return r;
    const bool logical = m->fold == TFJS_LOGICAL_AND || m->fold == TFJS_LOGICAL_OR;
    if (logical && a->dtype != GE_DTYPE_BOOL)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "inputs must be bool, not %s", ge_dtype_name(a->dtype));
    if (!logical && a->dtype != GE_DTYPE_F32 && a->dtype != GE_DTYPE_I32)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "input dtype %s", ge_dtype_name(a->dtype));
    if (strcmp(n->op, "BiasAdd") == 0) {
        const char* fmt = NULL;
        r = tfjs_attr_string(c, n, "data_format", &fmt, NULL);
        if (r < 0) return r;
        if (fmt && strcmp(fmt, "NHWC") != 0)
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "data_format %.8s (only NHWC)", fmt);
        if (b->shape.rank != 1 || a->shape.rank < 1 || b->shape.dim[0] != a->shape.dim[a->shape.rank - 1])
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "bias must be a vector over the last dimension");
    }
    if ((m->fold == TFJS_DIV || m->fold == TFJS_TRUNC_DIV) && a->dtype != GE_DTYPE_F32 && !(a->is_const && b->is_const))
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "integer division (only FloorDiv) on run-time values");
    if (a->is_const && b->is_const) {
        bool handled;
        r = tfjs_fold_binary(c, n, m->fold, a, b, &handled);
        if (r < 0 || handled) return r;
    }
    int32_t ta, tb, out;
    r = tfjs_tensor(c, n, a, &ta);
    if (r >= 0) r = tfjs_tensor(c, n, b, &tb);
    if (r < 0) return r;
    if (m->type != GE_OP_NONE) {
        ge_dtype odt =
            (m->type == GE_OP_GREATER || m->type == GE_OP_LESS || m->type == GE_OP_EQUAL) ? GE_DTYPE_BOOL : a->dtype;
        r = tfjs_define_output(c, n, 0, odt, &out_shape, &out);
        if (r < 0) return r;
        return emit_binary(c, n, m->type, ta, tb, out);
    }
    switch (m->fold) {
    case TFJS_LOGICAL_AND:
    case TFJS_LOGICAL_OR: return emit_or(c, n, ta, tb, &out_shape, m->fold == TFJS_LOGICAL_AND);
    case TFJS_NOT_EQUAL: {
        int32_t eq, f;
        r = tfjs_temp_tensor(c, n, "eq", GE_DTYPE_BOOL, &out_shape, &eq);
        if (r >= 0) r = emit_binary(c, n, GE_OP_EQUAL, ta, tb, eq);
        if (r >= 0) r = bool_to_f32(c, n, eq, &out_shape, "f", &f);
        if (r < 0) return r;
        return threshold(c, n, f, &out_shape, false); /* 0.5 > eq */
    }
    default: { /* GreaterEqual, LessEqual: strict comparison or equality */
        int32_t lt, eq;
        r = tfjs_temp_tensor(c, n, "lt", GE_DTYPE_BOOL, &out_shape, &lt);
        if (r >= 0)
            r = m->fold == TFJS_GREATER_EQUAL ? emit_binary(c, n, GE_OP_LESS, tb, ta, lt)
                                              : emit_binary(c, n, GE_OP_LESS, ta, tb, lt);
        if (r >= 0) r = tfjs_temp_tensor(c, n, "eq", GE_DTYPE_BOOL, &out_shape, &eq);
        if (r >= 0) r = emit_binary(c, n, GE_OP_EQUAL, ta, tb, eq);
        if (r < 0) return r;
        return emit_or(c, n, lt, eq, &out_shape, false);
    }
    }
}

static glint_result lower_logical_not(tfjs_ctx* c, tfjs_node* n, tfjs_value** in) {
    tfjs_value* x = in[0];
    if (x->dtype != GE_DTYPE_BOOL) return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "input must be bool");
    if (x->is_const) {
        bool handled;
        glint_result r = tfjs_fold_unary(c, n, TFJS_LOGICAL_NOT, x, &handled);
        if (r < 0 || handled) return r;
    }
    int32_t t, f;
    glint_result r = tfjs_tensor(c, n, x, &t);
    if (r >= 0) r = bool_to_f32(c, n, t, &x->shape, "f", &f);
    if (r < 0) return r;
    return threshold(c, n, f, &x->shape, false);
}

/* Reciprocal = 1 / x; Square = x * x. */
static glint_result lower_reciprocal_square(tfjs_ctx* c, tfjs_node* n, tfjs_value** in) {
    tfjs_value* x = in[0];
    const bool square = strcmp(n->op, "Square") == 0;
    if (x->dtype != GE_DTYPE_F32 && !(square && x->dtype == GE_DTYPE_I32))
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "input dtype %s", ge_dtype_name(x->dtype));
    if (x->is_const) {
        bool handled;
        glint_result r = tfjs_fold_unary(c, n, square ? TFJS_SQUARE : TFJS_RECIPROCAL, x, &handled);
        if (r < 0 || handled) return r;
    }
    int32_t t, lhs, out;
    glint_result r = tfjs_tensor(c, n, x, &t);
    if (r < 0) return r;
    if (square)
        lhs = t;
    else if ((r = tfjs_scalar_f32(c, n, "one", 1.0f, &lhs)) < 0)
        return r;
    r = tfjs_define_output(c, n, 0, x->dtype, &x->shape, &out);
    if (r < 0) return r;
    return emit_binary(c, n, square ? GE_OP_MUL : GE_OP_DIV, lhs, t, out);
}

static glint_result lower_addn(tfjs_ctx* c, tfjs_node* n, tfjs_value** in) {
    if (n->num_inputs == 1) return lower_identity(c, n, in);
    ge_shape s = in[0]->shape;
    for (int32_t i = 1; i < n->num_inputs; i++) {
        glint_result r = binary_shape(c, n, in[0], in[i], &s);
        if (r < 0) return r;
        if (!ge_shape_equal(&in[i]->shape, &in[0]->shape))
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "AddN inputs must have equal shapes");
    }
    if (in[0]->dtype != GE_DTYPE_F32 && in[0]->dtype != GE_DTYPE_I32)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "input dtype %s", ge_dtype_name(in[0]->dtype));
    int32_t acc;
    glint_result r = tfjs_tensor(c, n, in[0], &acc);
    if (r < 0) return r;
    for (int32_t i = 1; i < n->num_inputs; i++) {
        int32_t t, out;
        r = tfjs_tensor(c, n, in[i], &t);
        if (r < 0) return r;
        if (i == n->num_inputs - 1) {
            r = tfjs_define_output(c, n, 0, in[0]->dtype, &s, &out);
        } else {
            char suffix[24];
            snprintf(suffix, sizeof(suffix), "sum%d", (int)i);
            r = tfjs_temp_tensor(c, n, suffix, in[0]->dtype, &s, &out);
        }
        if (r >= 0) r = emit_binary(c, n, GE_OP_ADD, acc, t, out);
        if (r < 0) return r;
        acc = out;
    }
    return GLINT_SUCCESS;
}

static glint_result lower_cast(tfjs_ctx* c, tfjs_node* n, tfjs_value** in) {
    tfjs_value* x = in[0];
    ge_dtype to;
    glint_result r = tfjs_attr_type(c, n, "DstT", true, GE_DTYPE_UNKNOWN, &to);
    if (r < 0) return r;
    if (to != GE_DTYPE_F32 && to != GE_DTYPE_I32 && to != GE_DTYPE_BOOL)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "cast to %s", ge_dtype_name(to));
    if (x->dtype != GE_DTYPE_F32 && x->dtype != GE_DTYPE_I32 && x->dtype != GE_DTYPE_BOOL)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "cast from %s", ge_dtype_name(x->dtype));
    if (to == x->dtype) return lower_identity(c, n, in);
    if (x->is_const) {
        bool handled;
        r = tfjs_fold_cast(c, n, x, to, &handled);
        if (r < 0 || handled) return r;
    }
    int32_t t, out;
    r = tfjs_tensor(c, n, x, &t);
    if (r >= 0) r = tfjs_define_output(c, n, 0, to, &x->shape, &out);
    if (r < 0) return r;
    return tfjs_emit(c, n, GE_OP_CAST, &t, 1, &out, 1, NULL);
}

/* ---- reductions ---- */

typedef struct reduce_info {
    uint32_t mask;       /* reduced axes */
    int32_t first, last; /* lowest and highest reduced axis */
    ge_shape out;        /* result shape (keep_dims honoured) */
    int64_t count;       /* elements reduced into each output */
} reduce_info;

static glint_result reduce_axes(tfjs_ctx* c, tfjs_node* n, tfjs_value** in, reduce_info* ri) {
    tfjs_value* x = in[0];
    int64_t axes[GE_MAX_RANK * 2];
    int32_t count = 0;
    glint_result r = tfjs_const_ints(c, n, in[1], "reduction axes", axes, GE_MAX_RANK * 2, &count);
    if (r < 0) return r;
    bool keep = false;
    r = tfjs_attr_bool(c, n, "keep_dims", false, &keep);
    if (r < 0) return r;
    memset(ri, 0, sizeof(*ri));
    ri->first = GE_MAX_RANK;
    ri->last = -1;
    for (int32_t i = 0; i < count; i++) {
        int64_t a = axes[i];
        if (a < -x->shape.rank || a >= x->shape.rank)
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "reduction axis %lld is out of range for rank %d",
                             (long long)a, (int)x->shape.rank);
        if (a < 0) a += x->shape.rank;
        ri->mask |= 1u << a;
        if (a < ri->first) ri->first = (int32_t)a;
        if (a > ri->last) ri->last = (int32_t)a;
    }
    ri->count = 1;
    for (int32_t d = 0; d < x->shape.rank; d++) {
        if (ri->mask & (1u << d)) {
            ri->count *= x->shape.dim[d];
            if (keep) ri->out.dim[ri->out.rank++] = 1;
        } else {
            ri->out.dim[ri->out.rank++] = x->shape.dim[d];
        }
    }
    return GLINT_SUCCESS;
}

/* Mean, and Sum as MEAN * count. */
static glint_result lower_mean_sum(tfjs_ctx* c, tfjs_node* n, tfjs_value** in) {
    tfjs_value* x = in[0];
    if (x->dtype != GE_DTYPE_F32)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "input dtype %s", ge_dtype_name(x->dtype));
    reduce_info ri;
    glint_result r = reduce_axes(c, n, in, &ri);
    if (r < 0) return r;
    if (ri.mask == 0) return lower_identity(c, n, in);
    const bool sum = strcmp(n->op, "Sum") == 0;
    bool keep = false;
    r = tfjs_attr_bool(c, n, "keep_dims", false, &keep);
    if (r < 0) return r;
    ge_op_params p;
    memset(&p, 0, sizeof(p));
    p.reduce.axes_mask = ri.mask;
    p.reduce.keep_dims = keep;
    int32_t t, mean;
    r = tfjs_tensor(c, n, x, &t);
    if (r < 0) return r;
    r = sum ? tfjs_temp_tensor(c, n, "mean", GE_DTYPE_F32, &ri.out, &mean)
            : tfjs_define_output(c, n, 0, GE_DTYPE_F32, &ri.out, &mean);
    if (r >= 0) r = tfjs_emit(c, n, GE_OP_MEAN, &t, 1, &mean, 1, &p);
    if (r < 0 || !sum) return r;
    int32_t k, out;
    r = tfjs_scalar_f32(c, n, "count", (float)ri.count, &k);
    if (r >= 0) r = tfjs_define_output(c, n, 0, GE_DTYPE_F32, &ri.out, &out);
    if (r < 0) return r;
    return emit_binary(c, n, GE_OP_MUL, mean, k, out);
}

/* Max / Min over a contiguous block of axes: [outer, K, inner] -> MAX_POOL2D with a 1xK window. */
static glint_result lower_max_min(tfjs_ctx* c, tfjs_node* n, tfjs_value** in) {
    tfjs_value* x = in[0];
    if (x->dtype != GE_DTYPE_F32)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "input dtype %s", ge_dtype_name(x->dtype));
    reduce_info ri;
    glint_result r = reduce_axes(c, n, in, &ri);
    if (r < 0) return r;
    if (ri.mask == 0) return lower_identity(c, n, in);
    for (int32_t d = ri.first; d <= ri.last; d++)
        if (!(ri.mask & (1u << d)))
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "reduction over non-adjacent axes");
    const bool is_min = strcmp(n->op, "Min") == 0;
    int64_t outer = 1, inner = 1;
    for (int32_t d = 0; d < ri.first; d++) outer *= x->shape.dim[d];
    for (int32_t d = ri.last + 1; d < x->shape.rank; d++) inner *= x->shape.dim[d];
    if (outer > GE_MAX_DIM || inner > GE_MAX_DIM || ri.count > GE_MAX_DIM)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "reduction too large for the pooling lowering");
    ge_shape s4 = {4, {1, (int32_t)outer, (int32_t)ri.count, (int32_t)inner}};
    ge_shape p4 = {4, {1, (int32_t)outer, 1, (int32_t)inner}};
    int32_t t, v, pooled, out;
    r = tfjs_tensor(c, n, x, &t);
    if (r < 0) return r;
    r = tfjs_emit_reshape(c, n, t, GE_DTYPE_F32, &s4, "rows", &v);
    if (r < 0) return r;
    if (is_min) {
        int32_t neg;
        r = tfjs_temp_tensor(c, n, "neg", GE_DTYPE_F32, &s4, &neg);
        if (r >= 0) r = tfjs_emit(c, n, GE_OP_NEG, &v, 1, &neg, 1, NULL);
        if (r < 0) return r;
        v = neg;
    }
    ge_op_params p;
    memset(&p, 0, sizeof(p));
    p.conv.stride_h = p.conv.stride_w = 1;
    p.conv.filter_h = 1;
    p.conv.filter_w = (int32_t)ri.count;
    p.conv.padding = GE_PADDING_VALID;
    r = tfjs_temp_tensor(c, n, "pool", GE_DTYPE_F32, &p4, &pooled);
    if (r >= 0) r = tfjs_emit(c, n, GE_OP_MAX_POOL2D, &v, 1, &pooled, 1, &p);
    if (r < 0) return r;
    if (is_min) {
        int32_t neg;
        r = tfjs_temp_tensor(c, n, "unneg", GE_DTYPE_F32, &p4, &neg);
        if (r >= 0) r = tfjs_emit(c, n, GE_OP_NEG, &pooled, 1, &neg, 1, NULL);
        if (r < 0) return r;
        pooled = neg;
    }
    r = tfjs_define_output(c, n, 0, GE_DTYPE_F32, &ri.out, &out);
    if (r < 0) return r;
    return tfjs_emit(c, n, GE_OP_RESHAPE, &pooled, 1, &out, 1, NULL);
}

static const tfjs_op_entry k_math_ops[] = {
    {"Identity", lower_identity, 1, 1},
    {"Snapshot", lower_identity, 1, 1},
    {"StopGradient", lower_identity, 1, 1},
    {"Relu", lower_unary, 1, 1},
    {"Relu6", lower_unary, 1, 1},
    {"Sigmoid", lower_unary, 1, 1},
    {"Tanh", lower_unary, 1, 1},
    {"Exp", lower_unary, 1, 1},
    {"Sqrt", lower_unary, 1, 1},
    {"Rsqrt", lower_unary, 1, 1},
    {"Neg", lower_unary, 1, 1},
    {"Abs", lower_unary, 1, 1},
    {"Floor", lower_unary, 1, 1},
    {"Reciprocal", lower_reciprocal_square, 1, 1},
    {"Inv", lower_reciprocal_square, 1, 1},
    {"Square", lower_reciprocal_square, 1, 1},
    {"LogicalNot", lower_logical_not, 1, 1},
    {"Add", lower_binary, 2, 2},
    {"AddV2", lower_binary, 2, 2},
    {"BiasAdd", lower_binary, 2, 2},
    {"Sub", lower_binary, 2, 2},
    {"Mul", lower_binary, 2, 2},
    {"RealDiv", lower_binary, 2, 2},
    {"Div", lower_binary, 2, 2},
    {"FloorDiv", lower_binary, 2, 2},
    {"SquaredDifference", lower_binary, 2, 2},
    {"Maximum", lower_binary, 2, 2},
    {"Minimum", lower_binary, 2, 2},
    {"Greater", lower_binary, 2, 2},
    {"Less", lower_binary, 2, 2},
    {"Equal", lower_binary, 2, 2},
    {"GreaterEqual", lower_binary, 2, 2},
    {"LessEqual", lower_binary, 2, 2},
    {"NotEqual", lower_binary, 2, 2},
    {"LogicalAnd", lower_binary, 2, 2},
    {"LogicalOr", lower_binary, 2, 2},
    {"AddN", lower_addn, 1, TFJS_MAX_NODE_INPUTS},
    {"Cast", lower_cast, 1, 1},
    {"Mean", lower_mean_sum, 2, 2},
    {"Sum", lower_mean_sum, 2, 2},
    {"Max", lower_max_min, 2, 2},
    {"Min", lower_max_min, 2, 2},
};

const tfjs_op_entry* tfjs_ops_math(int32_t* out_count) {
    *out_count = (int32_t)(sizeof(k_math_ops) / sizeof(k_math_ops[0]));
    return k_math_ops;
}
