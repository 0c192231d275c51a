/* Shape rules: binary ops (broadcasting), unary ops, CAST, PRELU, DEQUANTIZE, QUANTIZE, SELECT. */
#include "engine/ge_shape_infer.h"

static bool is_comparison(ge_op_type t) {
    return t == GE_OP_GREATER || t == GE_OP_LESS || t == GE_OP_EQUAL;
}

static glint_result broadcast2(const ge_shape_ctx* c, const ge_tensor* a, const ge_tensor* b, ge_shape* out) {
    if (!ge_broadcast_shape(&a->shape, &b->shape, out)) {
        char sa[96], sb[96];
        ge_shape_format(&a->shape, sa, sizeof(sa));
        ge_shape_format(&b->shape, sb, sizeof(sb));
        return ge_si_fail(c, GLINT_ERROR_SHAPE_MISMATCH, "'%s' (%s) and '%s' (%s) do not broadcast", a->name, sa,
                          b->name, sb);
    }
    return GLINT_SUCCESS;
}

static glint_result same_dtype(const ge_shape_ctx* c, const ge_tensor* a, const ge_tensor* b) {
    if (a->dtype != b->dtype)
        return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "'%s' is %s but '%s' is %s", a->name, ge_dtype_name(a->dtype),
                          b->name, ge_dtype_name(b->dtype));
    return GLINT_SUCCESS;
}

static glint_result infer_binary(ge_shape_ctx* c) {
    const ge_tensor* a = ge_si_in(c, 0);
    const ge_tensor* b = ge_si_in(c, 1);
    glint_result r;
    if ((r = same_dtype(c, a, b)) < 0) return r;
    ge_activation act = c->op->type == GE_OP_PRELU ? GE_ACT_NONE : c->op->params.eltwise.act;
    if ((r = ge_si_check_act(c, act)) < 0) return r;
    if (is_comparison(c->op->type) && act != GE_ACT_NONE)
        return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "a comparison cannot have a fused activation");
    ge_shape out;
    if ((r = broadcast2(c, a, b, &out)) < 0) return r;
    return ge_si_set_output(c, 0, is_comparison(c->op->type) ? GE_DTYPE_BOOL : a->dtype, &out);
}

static glint_result infer_select(ge_shape_ctx* c) {
    const ge_tensor* cond = ge_si_in(c, 0);
    const ge_tensor* a = ge_si_in(c, 1);
    const ge_tensor* b = ge_si_in(c, 2);
    glint_result r;
    if (cond->dtype != GE_DTYPE_BOOL)
        return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "condition '%s' is %s, not bool", cond->name,
                          ge_dtype_name(cond->dtype));
    if ((r = same_dtype(c, a, b)) < 0) return r;
    ge_shape ab, out;
    if ((r = broadcast2(c, a, b, &ab)) < 0) return r;
    if (!ge_broadcast_shape(&cond->shape, &ab, &out)) {
        char sc[96], s2[96];
        ge_shape_format(&cond->shape, sc, sizeof(sc));
        ge_shape_format(&ab, s2, sizeof(s2));
        return ge_si_fail(c, GLINT_ERROR_SHAPE_MISMATCH, "condition '%s' (%s) does not broadcast with %s", cond->name,
                          sc, s2);
    }
    return ge_si_set_output(c, 0, a->dtype, &out);
}

static bool has_scale(const ge_quant* q) {
    return q && q->count >= 1 && q->scale && q->zero_point;
}

/* Per-channel quantisation must name a real axis whose size is the number of scales. */
static glint_result check_quant(const ge_shape_ctx* c, const ge_tensor* t) {
    if (!has_scale(t->quant))
        return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "'%s' (%s) has no quantisation parameters", t->name,
                          ge_dtype_name(t->dtype));
    const ge_quant* q = t->quant;
    if (q->count == 1) return GLINT_SUCCESS;
    if (q->axis < 0 || q->axis >= t->shape.rank || t->shape.dim[q->axis] != q->count)
        return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "'%s' has %d scales along axis %d, which does not fit its shape",
                          t->name, (int)q->count, (int)q->axis);
    return GLINT_SUCCESS;
}

static glint_result infer_unary(ge_shape_ctx* c) {
    const ge_tensor* x = ge_si_in(c, 0);
    const ge_tensor* y = ge_si_out(c, 0);
    ge_dtype out_dtype = x->dtype;
    glint_result r;
    switch (c->op->type) {
    case GE_OP_CAST:
        if (y->dtype <= GE_DTYPE_UNKNOWN || y->dtype >= GE_DTYPE_COUNT)
            return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "output '%s' has no target dtype", y->name);
        out_dtype = y->dtype;
        break;
    case GE_OP_DEQUANTIZE:
        if (x->dtype == GE_DTYPE_F32 || x->dtype == GE_DTYPE_BOOL)
            return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "cannot dequantize %s '%s'", ge_dtype_name(x->dtype),
                              x->name);
        if (x->dtype != GE_DTYPE_F16 && (r = check_quant(c, x)) < 0) return r;
        out_dtype = GE_DTYPE_F32;
        break;
    case GE_OP_QUANTIZE:
        if (x->dtype != GE_DTYPE_F32)
            return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "QUANTIZE input '%s' is %s, not f32", x->name,
                              ge_dtype_name(x->dtype));
        if (y->dtype != GE_DTYPE_I8 && y->dtype != GE_DTYPE_U8 && y->dtype != GE_DTYPE_I16)
            return ge_si_fail(c, GLINT_ERROR_MODEL_FORMAT, "QUANTIZE output '%s' is %s, not i8/u8/i16", y->name,
                              ge_dtype_name(y->dtype));
        out_dtype = y->dtype;
        break;
    default: break;
    }
    glint_result rr = ge_si_set_output(c, 0, out_dtype, &x->shape);
    if (rr < 0) return rr;
    if (c->op->type == GE_OP_QUANTIZE) return check_quant(c, ge_si_out(c, 0));
    return GLINT_SUCCESS;
}

glint_result ge_shape_infer_eltwise(ge_shape_ctx* c) {
    switch (c->op->type) {
    case GE_OP_ADD:
    case GE_OP_SUB:
    case GE_OP_MUL:
    case GE_OP_DIV:
    case GE_OP_FLOOR_DIV:
    case GE_OP_SQUARED_DIFFERENCE:
    case GE_OP_MAXIMUM:
    case GE_OP_MINIMUM:
    case GE_OP_GREATER:
    case GE_OP_LESS:
    case GE_OP_EQUAL:
    case GE_OP_PRELU: return infer_binary(c);
    case GE_OP_SELECT: return infer_select(c);
    default: return infer_unary(c);
    }
}
