/*
 * Helpers for the TF.js importer tests: write small model.json documents with single quotes
 * (turned into double quotes), import them from memory, run them on the reference kernels.
 */
#ifndef TEST_IMPORT_TFJS_UTIL_H
#define TEST_IMPORT_TFJS_UTIL_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "engine/ge_exec.h"
#include "engine/ge_graph.h"
#include "engine/ge_passes.h"
#include "engine/ge_plan.h"
#include "engine/import/ge_import.h"
#include "test_util.h"
#include "util/gu_alloc.h"

static gu_allocator tj_alloc;

/* Pool of formatted strings (freed all at once with tj_reset). */
static char tj_pool[1 << 20];
static size_t tj_pool_used;
static inline void tj_reset(void) { tj_pool_used = 0; }

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static inline const char*
tj_fmt(const char* fmt, ...) {
    char* dst = tj_pool + tj_pool_used;
    size_t room = sizeof(tj_pool) - tj_pool_used;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(dst, room, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= room) {
        fprintf(stderr, "tj_fmt: pool exhausted\n");
        abort();
    }
    for (int i = 0; i < n; i++)
        if (dst[i] == '\'') dst[i] = '"';
    tj_pool_used += (size_t)n + 1;
    return dst;
}

/* {'dim':[{'size':'1'},...]} from "1,4,4,2" ("" is a scalar). */
static inline const char* tj_shape(const char* dims) {
    char buf[512] = "{'dim':[";
    size_t k = strlen(buf);
    const char* p = dims;
    bool first = true;
    while (*p) {
        char num[32];
        size_t n = 0;
        while (*p && *p != ',' && n < sizeof(num) - 1) num[n++] = *p++;
        num[n] = 0;
        if (*p == ',') p++;
        k += (size_t)snprintf(buf + k, sizeof(buf) - k, "%s{'size':'%s'}", first ? "" : ",", num);
        first = false;
    }
    snprintf(buf + k, sizeof(buf) - k, "]}");
    return tj_fmt("%s", buf);
}

static inline const char* tj_placeholder(const char* name, const char* dtype, const char* dims) {
    return tj_fmt("{'name':'%s','op':'Placeholder','attr':{'dtype':{'type':'%s'},'shape':{'shape':%s}}}", name, dtype,
                  tj_shape(dims));
}

/* Inline constants: values as a JSON list body, e.g. "1,2,3". */
static inline const char* tj_const_i32(const char* name, const char* dims, const char* values) {
    return tj_fmt(
        "{'name':'%s','op':'Const','attr':{'dtype':{'type':'DT_INT32'},'value':{'tensor':{'dtype':'DT_INT32',"
        "'tensorShape':%s,'intVal':[%s]}}}}",
        name, tj_shape(dims), values);
}
static inline const char* tj_const_f32(const char* name, const char* dims, const char* values) {
    return tj_fmt(
        "{'name':'%s','op':'Const','attr':{'dtype':{'type':'DT_FLOAT'},'value':{'tensor':{'dtype':'DT_FLOAT',"
        "'tensorShape':%s,'floatVal':[%s]}}}}",
        name, tj_shape(dims), values);
}
static inline const char* tj_const_bool(const char* name, const char* dims, const char* values) {
    return tj_fmt(
        "{'name':'%s','op':'Const','attr':{'dtype':{'type':'DT_BOOL'},'value':{'tensor':{'dtype':'DT_BOOL',"
        "'tensorShape':%s,'boolVal':[%s]}}}}",
        name, tj_shape(dims), values);
}
/* A Const whose values live in the weightsManifest. */
static inline const char* tj_const_manifest(const char* name, const char* dtype, const char* dims) {
    return tj_fmt(
        "{'name':'%s','op':'Const','attr':{'dtype':{'type':'%s'},'value':{'tensor':{'dtype':'%s',"
        "'tensorShape':%s}}}}",
        name, dtype, dtype, tj_shape(dims));
}

/* inputs: "'a','b:1'" ; attrs: "'axis':{'i':'1'}" or "". */
static inline const char* tj_node(const char* name, const char* op, const char* inputs, const char* attrs) {
    return tj_fmt("{'name':'%s','op':'%s','input':[%s],'attr':{%s}}", name, op, inputs, attrs);
}

/* A whole model.json from node texts (NULL-terminated list) and an optional manifest body. */
static inline const char* tj_model(const char* manifest, const char* signature, const char* const* nodes) {
    size_t k = 0;
    static char body[1 << 18];
    body[0] = 0;
    for (int i = 0; nodes[i]; i++) k += (size_t)snprintf(body + k, sizeof(body) - k, "%s%s", i ? "," : "", nodes[i]);
    return tj_fmt("{'format':'graph-model','generatedBy':'test','modelTopology':{'node':[%s]}%s%s%s%s}", body,
                  manifest ? ",'weightsManifest':" : "", manifest ? manifest : "", signature ? ",'signature':" : "",
                  signature ? signature : "");
}

/* Float values printed for JSON. */
static inline const char* tj_floats(const float* v, int n) {
    char* buf = tj_pool + tj_pool_used;
    size_t k = 0, room = sizeof(tj_pool) - tj_pool_used;
    for (int i = 0; i < n; i++) k += (size_t)snprintf(buf + k, room - k, "%s%.9g", i ? "," : "", (double)v[i]);
    tj_pool_used += k + 1;
    return buf;
}

static inline glint_result tj_import(ge_graph* g, const char* json, const void* shard, size_t shard_size,
                                     const ge_shape* override, glint_error* err) {
    ge_graph_init(g, &tj_alloc);
    const void* shards[1] = {shard};
    size_t sizes[1] = {shard_size};
    return ge_import_tfjs_memory(g, json, strlen(json), shards, sizes, shard ? 1 : 0, override, err);
}

#define TJ_MAX_OUT 64
typedef struct tj_outputs {
    int count;
    float* data[TJ_MAX_OUT]; /* converted to float */
    int64_t size[TJ_MAX_OUT];
    ge_shape shape[TJ_MAX_OUT];
    char name[TJ_MAX_OUT][64];
} tj_outputs;

static inline void tj_outputs_free(tj_outputs* o) {
    for (int i = 0; i < o->count; i++) gu_free(&tj_alloc, o->data[i]);
    memset(o, 0, sizeof(*o));
}

/* Imports json, runs the default passes, plans, executes with inputs (floats, converted to each
 * input's dtype) and returns every graph output as floats. */
static inline glint_result tj_run(const char* json, const void* shard, size_t shard_size, const float* const* inputs,
                                  tj_outputs* out, glint_error* err) {
    memset(out, 0, sizeof(*out));
    ge_graph g;
    glint_result r = tj_import(&g, json, shard, shard_size, NULL, err);
    if (r >= 0) r = ge_passes_run_default(&g, err);
    if (r >= 0) r = ge_plan_memory(&g, (size_t)1 << 28, err);
    ge_exec ex;
    memset(&ex, 0, sizeof(ex));
    if (r >= 0) r = ge_exec_init(&ex, &g, &tj_alloc, false, err);
    if (r >= 0) {
        for (int32_t i = 0; i < g.num_inputs; i++) {
            const ge_tensor* t = &g.tensors[g.inputs[i]];
            void* dst = ge_exec_tensor_data(&ex, g.inputs[i]);
            int64_t n = ge_shape_elements(&t->shape);
            for (int64_t k = 0; k < n; k++) {
                if (t->dtype == GE_DTYPE_F32)
                    ((float*)dst)[k] = inputs[i][k];
                else if (t->dtype == GE_DTYPE_I32)
                    ((int32_t*)dst)[k] = (int32_t)inputs[i][k];
                else
                    ((uint8_t*)dst)[k] = inputs[i][k] != 0;
            }
        }
        r = ge_exec_run(&ex, err);
    }
    if (r >= 0) {
        out->count = g.num_outputs < TJ_MAX_OUT ? g.num_outputs : TJ_MAX_OUT;
        for (int i = 0; i < out->count; i++) {
            const ge_tensor* t = &g.tensors[g.outputs[i]];
            const void* src = ge_exec_tensor_data(&ex, g.outputs[i]);
            int64_t n = ge_shape_elements(&t->shape);
            out->size[i] = n;
            out->shape[i] = t->shape;
            snprintf(out->name[i], sizeof(out->name[i]), "%s", t->name);
            out->data[i] = gu_malloc(&tj_alloc, (size_t)(n ? n : 1) * sizeof(float));
            for (int64_t k = 0; k < n; k++)
                out->data[i][k] = t->dtype == GE_DTYPE_F32   ? ((const float*)src)[k]
                                  : t->dtype == GE_DTYPE_I32 ? (float)((const int32_t*)src)[k]
                                                             : (float)((const uint8_t*)src)[k];
        }
    }
    ge_exec_free(&ex);
    ge_graph_free(&g);
    return r;
}

/* Compares output i against expected values (NaN matches NaN). */
static inline void tj_expect(const tj_outputs* o, int i, const char* what, const float* expect, int64_t n, float tol) {
    CHECK_MSG(i < o->count, "%s: output %d missing", what, i);
    if (i >= o->count) return;
    CHECK_MSG(o->size[i] == n, "%s: %lld values, expected %lld", what, (long long)o->size[i], (long long)n);
    if (o->size[i] != n) return;
    for (int64_t k = 0; k < n; k++) {
        float a = o->data[i][k], b = expect[k];
        bool ok = (a != a && b != b) || fabsf(a - b) <= tol * (1.0f + fabsf(b));
        if (!ok) {
            CHECK_MSG(ok, "%s (%s): element %lld is %g, expected %g", what, o->name[i], (long long)k, (double)a,
                      (double)b);
            return;
        }
    }
    test_checks_++;
}

#endif /* TEST_IMPORT_TFJS_UTIL_H */
