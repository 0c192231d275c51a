/*
 * Host evaluation of small constant subgraphs at import.
 *
 * TF.js graphs compute shapes at run time (Shape -> StridedSlice -> Mul -> Pack -> Reshape);
 * with a static input every one of those values is known at import, and the IR needs them as
 * op params. Float results follow float32 arithmetic exactly: each op is computed in double
 * and rounded once to float, which equals the float32 result for + - * / and sqrt. Ops whose
 * results depend on a libm (exp, sigmoid) are not folded here; they stay IR ops and the
 * constant-folding pass runs them with the reference kernels.
 */
#include <math.h>
#include <string.h>

#include "engine/ge_shape.h"
#include "engine/import/ge_import_tfjs_internal.h"

double tfjs_get_f64(ge_dtype dtype, const void* data, int64_t i) {
    switch (dtype) {
    case GE_DTYPE_F32: return ((const float*)data)[i];
    case GE_DTYPE_I32: return ((const int32_t*)data)[i];
    case GE_DTYPE_BOOL: return ((const uint8_t*)data)[i] ? 1.0 : 0.0;
    default: return 0.0;
    }
}

int64_t tfjs_get_i64(ge_dtype dtype, const void* data, int64_t i) {
    switch (dtype) {
    case GE_DTYPE_I32: return ((const int32_t*)data)[i];
    case GE_DTYPE_BOOL: return ((const uint8_t*)data)[i] ? 1 : 0;
    case GE_DTYPE_F32: {
        float f = ((const float*)data)[i];
        if (!(f == f)) return 0;
        if (f >= 9.2e18f) return INT64_MAX;
        if (f <= -9.2e18f) return INT64_MIN;
        return (int64_t)f;
    }
    default: return 0;
    }
}

/* Wraps to int32 like two's-complement hardware (TF integer arithmetic wraps). */
static int32_t wrap_i32(int64_t v) { return (int32_t)(uint32_t)(uint64_t)v; }

void tfjs_put_f64(ge_dtype dtype, void* data, int64_t i, double v) {
    switch (dtype) {
    case GE_DTYPE_F32: ((float*)data)[i] = (float)v; break;
    case GE_DTYPE_I32: {
        /* float -> int32: truncate toward zero, saturate, NaN -> 0 (no undefined behaviour) */
        int32_t x;
        if (!(v == v))
            x = 0;
        else if (v >= 2147483647.0)
            x = INT32_MAX;
        else if (v <= -2147483648.0)
            x = INT32_MIN;
        else
            x = (int32_t)v;
        ((int32_t*)data)[i] = x;
        break;
    }
    case GE_DTYPE_BOOL: ((uint8_t*)data)[i] = v != 0.0; break;
    default: break;
    }
}

bool tfjs_binop_is_compare(tfjs_binop op) {
    return op == TFJS_GREATER || op == TFJS_GREATER_EQUAL || op == TFJS_LESS || op == TFJS_LESS_EQUAL ||
           op == TFJS_EQUAL || op == TFJS_NOT_EQUAL || op == TFJS_LOGICAL_AND || op == TFJS_LOGICAL_OR;
}

/* Element strides of `in` seen through a broadcast to `out` (0 along stretched dims). */
static void broadcast_strides(const ge_shape* in, const ge_shape* out, int64_t* strides) {
    int64_t s = 1;
    for (int32_t d = out->rank - 1; d >= 0; d--) {
        int32_t id = d - (out->rank - in->rank);
        if (id < 0) {
            strides[d] = 0;
            continue;
        }
        strides[d] = in->dim[id] == 1 ? 0 : s;
        s *= in->dim[id];
    }
}

static float f32(double v) { return (float)v; }

glint_result tfjs_fold_binary(tfjs_ctx* c, tfjs_node* n, tfjs_binop op, tfjs_value* a, tfjs_value* b,
                              bool* out_handled) {
    *out_handled = false;
    ge_shape out;
    if (!ge_broadcast_shape(&a->shape, &b->shape, &out)) return GLINT_SUCCESS; /* the caller reports it */
    int64_t count = tfjs_elements(&out);
    if (count < 0 || count > TFJS_FOLD_MAX_ELEMENTS) return GLINT_SUCCESS;
    const void *ha, *hb;
    glint_result r = tfjs_host(c, n, a, &ha);
    if (r < 0 || !ha) return r;
    r = tfjs_host(c, n, b, &hb);
    if (r < 0 || !hb) return r;
    const ge_dtype dt = a->dtype;
    const ge_dtype out_dt = tfjs_binop_is_compare(op) ? GE_DTYPE_BOOL : dt;
    void* dst = tfjs_host_alloc(c, (size_t)(count ? count : 1) * ge_dtype_size(out_dt));
    if (!dst) return GLINT_SUCCESS;

    int64_t sa[GE_MAX_RANK], sb[GE_MAX_RANK], idx[GE_MAX_RANK] = {0};
    broadcast_strides(&a->shape, &out, sa);
    broadcast_strides(&b->shape, &out, sb);
    int64_t ia = 0, ib = 0;
    const bool is_int = dt == GE_DTYPE_I32;
    for (int64_t i = 0; i < count; i++) {
        if (is_int && !tfjs_binop_is_compare(op)) {
            int64_t x = tfjs_get_i64(dt, ha, ia), y = tfjs_get_i64(dt, hb, ib), v = 0;
            switch (op) {
            case TFJS_ADD: v = x + y; break;
            case TFJS_SUB: v = x - y; break;
            case TFJS_MUL: v = x * y; break;
            case TFJS_MAXIMUM: v = x > y ? x : y; break;
            case TFJS_MINIMUM: v = x < y ? x : y; break;
            case TFJS_SQUARED_DIFFERENCE: {
                uint64_t d = (uint64_t)(x - y);
                v = (int64_t)(d * d);
                break;
            }
            case TFJS_TRUNC_DIV:
            case TFJS_FLOOR_DIV:
            case TFJS_DIV:
                if (y == 0) return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "integer division by zero in a constant");
                v = x / y; /* int64: INT32_MIN / -1 does not trap */
                if (op == TFJS_FLOOR_DIV && (x % y != 0) && ((x < 0) != (y < 0))) v -= 1;
                break;
            default: break;
            }
            ((int32_t*)dst)[i] = wrap_i32(v);
        } else {
            double x = tfjs_get_f64(dt, ha, ia), y = tfjs_get_f64(dt, hb, ib), v = 0;
            switch (op) {
            case TFJS_ADD: v = f32(x + y); break;
            case TFJS_SUB: v = f32(x - y); break;
            case TFJS_MUL: v = f32(x * y); break;
            case TFJS_DIV:
            case TFJS_TRUNC_DIV: v = f32(x / y); break;
            case TFJS_FLOOR_DIV: v = floor(f32(x / y)); break;
            case TFJS_MAXIMUM: v = x > y || x != x ? x : y; break;
            case TFJS_MINIMUM: v = x < y || x != x ? x : y; break;
            case TFJS_SQUARED_DIFFERENCE: {
                double d = f32(x - y);
                v = f32(d * d);
                break;
            }
            case TFJS_GREATER: v = x > y; break;
            case TFJS_GREATER_EQUAL: v = x >= y; break;
            case TFJS_LESS: v = x < y; break;
            case TFJS_LESS_EQUAL: v = x <= y; break;
            case TFJS_EQUAL: v = x == y; break;
            case TFJS_NOT_EQUAL: v = x != y; break;
            case TFJS_LOGICAL_AND: v = x != 0 && y != 0; break;
            case TFJS_LOGICAL_OR: v = x != 0 || y != 0; break;
            }
            tfjs_put_f64(out_dt, dst, i, v);
        }
        /* advance the output odometer and both input offsets */
        for (int32_t d = out.rank - 1; d >= 0; d--) {
            ia += sa[d];
            ib += sb[d];
            if (++idx[d] < out.dim[d]) break;
            ia -= sa[d] * out.dim[d];
            ib -= sb[d] * out.dim[d];
            idx[d] = 0;
        }
    }
    tfjs_define_const_output(n, 0, out_dt, &out, dst);
    *out_handled = true;
    return GLINT_SUCCESS;
}

glint_result tfjs_fold_unary(tfjs_ctx* c, tfjs_node* n, tfjs_unop op, tfjs_value* x, bool* out_handled) {
    *out_handled = false;
    int64_t count = tfjs_elements(&x->shape);
    if (count < 0 || count > TFJS_FOLD_MAX_ELEMENTS) return GLINT_SUCCESS;
    const void* hx;
    glint_result r = tfjs_host(c, n, x, &hx);
    if (r < 0 || !hx) return r;
    const ge_dtype dt = x->dtype;
    void* dst = tfjs_host_alloc(c, (size_t)(count ? count : 1) * ge_dtype_size(dt));
    if (!dst) return GLINT_SUCCESS;
    for (int64_t i = 0; i < count; i++) {
        if (dt == GE_DTYPE_I32) {
            int64_t v = tfjs_get_i64(dt, hx, i);
            switch (op) {
            case TFJS_NEG: v = -v; break;
            case TFJS_ABS: v = v < 0 ? -v : v; break;
            case TFJS_RELU: v = v < 0 ? 0 : v; break;
            case TFJS_RELU6: v = v < 0 ? 0 : v > 6 ? 6 : v; break;
            case TFJS_SQUARE: v = v * v; break;
            default: return GLINT_SUCCESS; /* float-only op: leave it to the IR */
            }
            ((int32_t*)dst)[i] = wrap_i32(v);
        } else {
            double v = tfjs_get_f64(dt, hx, i);
            switch (op) {
            case TFJS_NEG: v = -v; break;
            case TFJS_ABS: v = fabs(v); break;
            case TFJS_FLOOR: v = floor(v); break;
            case TFJS_RELU: v = v < 0 ? 0 : v; break;
            case TFJS_RELU6: v = v < 0 ? 0 : v > 6 ? 6 : v; break;
            case TFJS_SQRT: v = f32(sqrt(v)); break;
            case TFJS_RECIPROCAL: v = f32(1.0 / v); break;
            case TFJS_SQUARE: v = f32(v * v); break;
            case TFJS_LOGICAL_NOT: v = v == 0; break;
            }
            tfjs_put_f64(dt, dst, i, v);
        }
    }
    tfjs_define_const_output(n, 0, dt, &x->shape, dst);
    *out_handled = true;
    return GLINT_SUCCESS;
}

glint_result tfjs_fold_cast(tfjs_ctx* c, tfjs_node* n, tfjs_value* x, ge_dtype to, bool* out_handled) {
    *out_handled = false;
    int64_t count = tfjs_elements(&x->shape);
    if (count < 0 || count > TFJS_FOLD_MAX_ELEMENTS) return GLINT_SUCCESS;
    const void* hx;
    glint_result r = tfjs_host(c, n, x, &hx);
    if (r < 0 || !hx) return r;
    void* dst = tfjs_host_alloc(c, (size_t)(count ? count : 1) * ge_dtype_size(to));
    if (!dst) return GLINT_SUCCESS;
    for (int64_t i = 0; i < count; i++) {
        if (x->dtype == GE_DTYPE_I32 && to == GE_DTYPE_I32)
            ((int32_t*)dst)[i] = ((const int32_t*)hx)[i];
        else
            tfjs_put_f64(to, dst, i, tfjs_get_f64(x->dtype, hx, i));
    }
    tfjs_define_const_output(n, 0, to, &x->shape, dst);
    *out_handled = true;
    return GLINT_SUCCESS;
}

glint_result tfjs_fold_gather_elements(tfjs_ctx* c, tfjs_node* n, int32_t k, tfjs_value* x, const ge_shape* out_shape,
                                       const int64_t* src_index) {
    int64_t count = tfjs_elements(out_shape);
    const void* hx;
    glint_result r = tfjs_host(c, n, x, &hx);
    if (r < 0) return r;
    size_t es = ge_dtype_size(x->dtype);
    void* dst = hx ? tfjs_host_alloc(c, (size_t)(count > 0 ? count : 1) * es) : NULL;
    if (!dst) return tfjs_fail(c, n, GLINT_ERROR_LIMIT_EXCEEDED, "constant is too large to evaluate at import");
    for (int64_t i = 0; i < count; i++)
        memcpy((uint8_t*)dst + (size_t)i * es, (const uint8_t*)hx + (size_t)src_index[i] * es, es);
    tfjs_define_const_output(n, k, x->dtype, out_shape, dst);
    return GLINT_SUCCESS;
}

glint_result tfjs_fold_concat(tfjs_ctx* c, tfjs_node* n, tfjs_value* const* in, int32_t count, int32_t axis,
                              const ge_shape* out_shape, bool* out_handled) {
    *out_handled = false;
    int64_t total = tfjs_elements(out_shape);
    if (total < 0 || total > TFJS_FOLD_MAX_ELEMENTS) return GLINT_SUCCESS;
    const ge_dtype dt = in[0]->dtype;
    const size_t es = ge_dtype_size(dt);
    const void* host[TFJS_MAX_NODE_INPUTS];
    for (int32_t i = 0; i < count; i++) {
        glint_result r = tfjs_host(c, n, in[i], &host[i]);
        if (r < 0 || !host[i]) return r;
    }
    uint8_t* dst = tfjs_host_alloc(c, (size_t)(total ? total : 1) * es);
    if (!dst) return GLINT_SUCCESS;
    int64_t outer = 1, inner = 1;
    for (int32_t d = 0; d < axis; d++) outer *= out_shape->dim[d];
    for (int32_t d = axis + 1; d < out_shape->rank; d++) inner *= out_shape->dim[d];
    size_t off = 0;
    for (int64_t o = 0; o < outer; o++)
        for (int32_t i = 0; i < count; i++) {
            size_t block = (size_t)(in[i]->shape.dim[axis] * inner) * es;
            memcpy(dst + off, (const uint8_t*)host[i] + (size_t)o * block, block);
            off += block;
        }
    tfjs_define_const_output(n, 0, dt, out_shape, dst);
    *out_handled = true;
    return GLINT_SUCCESS;
}
