/* TF.js import: values, IR tensors and ops, constant materialisation, error messages. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "engine/import/ge_import_tfjs_internal.h"
#include "util/gu_error.h"

glint_result tfjs_fail(tfjs_ctx* c, const tfjs_node* n, glint_result code, const char* fmt, ...) {
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (!n) return gu_errorf(c->err, code, "%s: %s", c->what, msg);
    /* Node names are long paths; their tail is what identifies them. */
    size_t len = strlen(n->name);
    const char* name = len > 72 ? n->name + len - 69 : n->name;
    return gu_errorf(c->err, code, "%s: node '%s%s' (%.40s): %s", c->what, len > 72 ? "..." : "", name, n->op, msg);
}

glint_result tfjs_oom(tfjs_ctx* c) {
    return gu_errorf(c->err, GLINT_ERROR_OUT_OF_MEMORY, "%s: out of memory", c->what);
}

int64_t tfjs_elements(const ge_shape* s) {
    int64_t e = 1;
    for (int32_t i = 0; i < s->rank; i++) {
        if (s->dim[i] <= 0) return s->dim[i] == 0 ? 0 : -1;
        e *= s->dim[i];
        if (e > GE_MAX_TENSOR_ELEMENTS) return GE_MAX_TENSOR_ELEMENTS + 1; /* saturate: callers compare */
    }
    return e;
}

bool tfjs_all_const(tfjs_value* const* in, int32_t n) {
    for (int32_t i = 0; i < n; i++)
        if (!in[i]->is_const) return false;
    return true;
}

glint_result tfjs_check_shape(tfjs_ctx* c, const tfjs_node* n, const ge_shape* s, const char* what) {
    char buf[96];
    if (s->rank < 0 || s->rank > GE_MAX_RANK)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "%s has rank %d (at most %d)", what, (int)s->rank,
                         GE_MAX_RANK);
    for (int32_t i = 0; i < s->rank; i++) {
        if (s->dim[i] < 1) {
            ge_shape_format(s, buf, sizeof(buf));
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "%s would have the empty shape %s", what, buf);
        }
        if (s->dim[i] > GE_MAX_DIM)
            return tfjs_fail(c, n, GLINT_ERROR_LIMIT_EXCEEDED, "%s dimension %d is %d (limit %d)", what, (int)i,
                             (int)s->dim[i], GE_MAX_DIM);
    }
    if (tfjs_elements(s) > GE_MAX_TENSOR_ELEMENTS) {
        ge_shape_format(s, buf, sizeof(buf));
        return tfjs_fail(c, n, GLINT_ERROR_LIMIT_EXCEEDED, "%s shape %s has too many elements", what, buf);
    }
    return GLINT_SUCCESS;
}

void* tfjs_host_alloc(tfjs_ctx* c, size_t bytes) {
    if (bytes > TFJS_HOST_MAX_BYTES - c->host_bytes) return NULL;
    void* p = gu_arena_alloc(&c->scratch, bytes ? bytes : 1);
    if (p) c->host_bytes += bytes;
    return p;
}

glint_result tfjs_host(tfjs_ctx* c, const tfjs_node* n, tfjs_value* v, const void** out) {
    *out = NULL;
    if (!v->is_const) return tfjs_fail(c, n, GLINT_ERROR_INTERNAL, "'%s' is not a constant", v->name);
    if (v->host) {
        *out = v->host;
        return GLINT_SUCCESS;
    }
    tfjs_weight* w = v->weight;
    if (!w) return tfjs_fail(c, n, GLINT_ERROR_INTERNAL, "constant '%s' has no values", v->name);
    if (!w->host) {
        if (w->elements > TFJS_FOLD_MAX_ELEMENTS) return GLINT_SUCCESS; /* too big to handle on the host */
        void* buf = tfjs_host_alloc(c, (size_t)w->elements * ge_dtype_size(w->dtype));
        if (!buf) return GLINT_SUCCESS;
        tfjs_weight_decode(w, buf);
        w->host = buf;
    }
    v->host = w->host;
    *out = v->host;
    return GLINT_SUCCESS;
}

glint_result tfjs_tensor(tfjs_ctx* c, const tfjs_node* n, tfjs_value* v, int32_t* out) {
    if (v->tensor >= 0) {
        *out = v->tensor;
        return GLINT_SUCCESS;
    }
    if (!v->is_const) return tfjs_fail(c, n, GLINT_ERROR_INTERNAL, "'%s' has no tensor", v->name);
    int64_t elements = tfjs_elements(&v->shape);
    if (elements < 0 || elements > GE_MAX_TENSOR_ELEMENTS)
        return tfjs_fail(c, n, GLINT_ERROR_LIMIT_EXCEEDED, "constant '%s' is too large", v->name);
    void* dst = NULL;
    int32_t t = ge_graph_add_const_uninit(c->g, v->name, v->dtype, &v->shape, &dst, c->err);
    if (t < 0) return t;
    if (v->host) {
        memcpy(dst, v->host, (size_t)elements * ge_dtype_size(v->dtype));
    } else if (v->weight) {
        tfjs_weight_decode(v->weight, dst);
    } else {
        return tfjs_fail(c, n, GLINT_ERROR_INTERNAL, "constant '%s' has no values", v->name);
    }
    if (v->weight) v->weight->materialized = true;
    v->tensor = t;
    *out = t;
    return GLINT_SUCCESS;
}

glint_result tfjs_define_output(tfjs_ctx* c, tfjs_node* n, int32_t k, ge_dtype dtype, const ge_shape* shape,
                                int32_t* out_tensor) {
    glint_result r = tfjs_check_shape(c, n, shape, "output");
    if (r < 0) return r;
    tfjs_value* v = &n->outputs[k];
    int32_t t = ge_graph_add_tensor(c->g, v->name, dtype, shape, c->err);
    if (t < 0) return t;
    v->dtype = dtype;
    v->shape = *shape;
    v->tensor = t;
    v->is_const = false;
    v->host = NULL;
    v->weight = NULL;
    *out_tensor = t;
    return GLINT_SUCCESS;
}

void tfjs_define_const_output(tfjs_node* n, int32_t k, ge_dtype dtype, const ge_shape* shape, const void* host) {
    tfjs_value* v = &n->outputs[k];
    v->dtype = dtype;
    v->shape = *shape;
    v->tensor = -1;
    v->is_const = true;
    v->host = host;
    v->weight = NULL;
}

void tfjs_define_view_output(tfjs_node* n, int32_t k, const tfjs_value* src, const ge_shape* shape) {
    tfjs_value* v = &n->outputs[k];
    v->dtype = src->dtype;
    v->shape = *shape;
    v->tensor = -1;
    v->is_const = true;
    v->host = src->host;
    v->weight = src->weight;
}

static const char* temp_name(tfjs_ctx* c, const tfjs_node* n, const char* suffix) {
    size_t len = strlen(n->name) + strlen(suffix) + 2;
    char* s = gu_arena_alloc(&c->scratch, len);
    if (s) snprintf(s, len, "%s#%s", n->name, suffix);
    return s;
}

glint_result tfjs_temp_tensor(tfjs_ctx* c, const tfjs_node* n, const char* suffix, ge_dtype dtype,
                              const ge_shape* shape, int32_t* out_tensor) {
    glint_result r = tfjs_check_shape(c, n, shape, "intermediate tensor");
    if (r < 0) return r;
    const char* name = temp_name(c, n, suffix);
    if (!name) return tfjs_oom(c);
    int32_t t = ge_graph_add_tensor(c->g, name, dtype, shape, c->err);
    if (t < 0) return t;
    *out_tensor = t;
    return GLINT_SUCCESS;
}

glint_result tfjs_temp_const(tfjs_ctx* c, const tfjs_node* n, const char* suffix, ge_dtype dtype, const ge_shape* shape,
                             const void* data, int32_t* out_tensor) {
    const char* name = temp_name(c, n, suffix);
    if (!name) return tfjs_oom(c);
    int64_t elements = tfjs_elements(shape);
    if (elements < 0 || elements > GE_MAX_TENSOR_ELEMENTS)
        return tfjs_fail(c, n, GLINT_ERROR_LIMIT_EXCEEDED, "constant '%s' is too large", name);
    int32_t t = ge_graph_add_const(c->g, name, dtype, shape, data, (size_t)elements * ge_dtype_size(dtype), c->err);
    if (t < 0) return t;
    *out_tensor = t;
    return GLINT_SUCCESS;
}

glint_result tfjs_scalar_f32(tfjs_ctx* c, const tfjs_node* n, const char* suffix, float value, int32_t* out_tensor) {
    ge_shape s = {0};
    return tfjs_temp_const(c, n, suffix, GE_DTYPE_F32, &s, &value, out_tensor);
}

glint_result tfjs_emit(tfjs_ctx* c, const tfjs_node* n, ge_op_type type, const int32_t* inputs, int32_t num_inputs,
                       const int32_t* outputs, int32_t num_outputs, const ge_op_params* params) {
    int32_t o = ge_graph_add_op(c->g, type, n->name, inputs, num_inputs, outputs, num_outputs, params, c->err);
    return o < 0 ? o : GLINT_SUCCESS;
}

glint_result tfjs_emit_reshape(tfjs_ctx* c, const tfjs_node* n, int32_t t, ge_dtype dtype, const ge_shape* s,
                               const char* suffix, int32_t* out_tensor) {
    glint_result r = tfjs_temp_tensor(c, n, suffix, dtype, s, out_tensor);
    if (r < 0) return r;
    return tfjs_emit(c, n, GE_OP_RESHAPE, &t, 1, out_tensor, 1, NULL);
}

glint_result tfjs_const_ints(tfjs_ctx* c, const tfjs_node* n, tfjs_value* v, const char* what, int64_t* out,
                             int32_t max, int32_t* count) {
    if (!v->is_const)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED,
                         "the %s operand '%s' is not a constant (glint needs static shapes)", what, v->name);
    if (v->dtype != GE_DTYPE_I32)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "the %s operand has dtype %s, expected int32", what,
                         ge_dtype_name(v->dtype));
    if (v->shape.rank > 1)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "the %s operand has rank %d, expected 0 or 1", what,
                         (int)v->shape.rank);
    int64_t e = tfjs_elements(&v->shape);
    if (e < 0 || e > max)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "the %s operand has %lld entries (at most %d)", what,
                         (long long)e, (int)max);
    const void* host;
    glint_result r = tfjs_host(c, n, v, &host);
    if (r < 0) return r;
    if (!host) return tfjs_fail(c, n, GLINT_ERROR_LIMIT_EXCEEDED, "the %s operand cannot be read", what);
    for (int64_t i = 0; i < e; i++) out[i] = ((const int32_t*)host)[i];
    *count = (int32_t)e;
    return GLINT_SUCCESS;
}

glint_result tfjs_const_int(tfjs_ctx* c, const tfjs_node* n, tfjs_value* v, const char* what, int64_t* out) {
    int64_t vals[1];
    int32_t count = 0;
    glint_result r = tfjs_const_ints(c, n, v, what, vals, 1, &count);
    if (r < 0) return r;
    if (count != 1) return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "the %s operand must hold one value", what);
    *out = vals[0];
    return GLINT_SUCCESS;
}
