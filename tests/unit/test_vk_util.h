/*
 * Helpers for the Vulkan tests (test_vk_*.c): environment, availability (skip or fail),
 * validation-message checks, single-op graphs run on the CPU reference kernels and on the
 * Vulkan backend with the same inputs, and real model inputs made from the test photos.
 *
 * Environment: the tests turn the Khronos validation layer with synchronization validation on
 * (GLINT_VK_VALIDATION=1 unless already set) and every validation message fails the test.
 * Without a usable Vulkan device a test prints SKIP and passes, unless GLINT_VK_REQUIRE=1
 * (tools/test.sh's vulkan stage), where it fails.
 */
#ifndef TEST_VK_UTIL_H
#define TEST_VK_UTIL_H

#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L /* setenv */
#endif

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/gs_image.h"
#include "engine/ge_exec.h"
#include "engine/ge_passes.h"
#include "engine/ge_plan.h"
#include "engine/vulkan/gv_backend.h"
#if GLINT_HAVE_VULKAN
#include "engine/vulkan/gv_context.h"
#endif
#include "glint/glint_model.h"
#include "image/gi_prepare.h"
#include "test_util.h"

/*
 * LeakSanitizer: the Khronos validation layer (C++) leaves a few objects behind when the loader
 * unloads it (none without the layer). glint is C and never calls operator new, so leaks whose
 * stack goes through libstdc++ are not glint's. Only consulted in sanitizer builds.
 */
const char* __lsan_default_suppressions(void);
const char* __lsan_default_suppressions(void) { return "leak:libstdc++\n"; }

static inline void vk_test_env(void) {
    setenv("XDG_RUNTIME_DIR", "/tmp", 0);
    setenv("GLINT_VK_VALIDATION", "1", 0);
    /* lavapipe with validation on a loaded CI machine can take seconds per frame: the frame
     * timeout (a hung GPU) must not turn slowness into a fallback */
    setenv("GLINT_VK_TIMEOUT_MS", "120000", 0);
}

static inline bool vk_test_required(void) {
    const char* v = getenv("GLINT_VK_REQUIRE");
    return v && *v && strcmp(v, "0") != 0;
}

/* True when a Vulkan device can be opened (with validation as configured); else prints why
 * and, under GLINT_VK_REQUIRE=1, counts a failure. */
static inline bool vk_test_available(void) {
    vk_test_env();
    if (!gv_backend_built()) {
        printf("SKIP: this build has no Vulkan backend\n");
        CHECK_MSG(!vk_test_required(), "GLINT_VK_REQUIRE=1 but the build has no Vulkan backend");
        return false;
    }
#if GLINT_HAVE_VULKAN
    gu_allocator a;
    gu_allocator_init(&a, NULL);
    gv_context* ctx = NULL;
    glint_error err;
    gv_context_options opt = {0};
    opt.no_disk_cache = true;
    if (gv_context_create(&opt, &a, &ctx, &err) < 0) {
        printf("SKIP: no usable Vulkan device: %s\n", err.message);
        CHECK_MSG(!vk_test_required(), "GLINT_VK_REQUIRE=1 but Vulkan is unavailable: %s", err.message);
        return false;
    }
    printf("vulkan device: %s (validation %s)\n", ctx->feat.name, ctx->validation ? "on, with sync validation" : "off");
    CHECK_MSG(ctx->validation || !vk_test_required(), "GLINT_VK_REQUIRE=1 needs GLINT_VK_VALIDATION on");
    gv_context_destroy(ctx);
    return true;
#else
    return false;
#endif
}

/* Every validation message so far is a failure. */
static inline void vk_test_check_validation(const char* where) {
#if GLINT_HAVE_VULKAN
    uint32_t n = gv_validation_message_total();
    CHECK_MSG(n == 0, "%s: %u validation message(s), last: %s", where, n, gv_validation_last_message());
#else
    (void)where;
#endif
}

/* ---- single-op graphs ---- */

typedef struct vk_graph {
    gu_allocator alloc;
    ge_graph g;
    glint_error err;
    int32_t inputs[8], outputs[8];
    int32_t num_inputs, num_outputs;
} vk_graph;

static inline void vkg_init(vk_graph* t) {
    memset(t, 0, sizeof(*t));
    gu_allocator_init(&t->alloc, NULL);
    ge_graph_init(&t->g, &t->alloc);
}

static inline ge_shape vk_shape(int rank, const int32_t* d) {
    ge_shape s;
    memset(&s, 0, sizeof(s));
    s.rank = rank;
    for (int i = 0; i < rank; i++) s.dim[i] = d[i];
    return s;
}
#define VKS(...) vk_shape((int)(sizeof((int32_t[]){__VA_ARGS__}) / sizeof(int32_t)), (const int32_t[]){__VA_ARGS__})

static inline int32_t vkg_input(vk_graph* t, ge_dtype dt, ge_shape s) {
    char name[32];
    snprintf(name, sizeof(name), "in%d", (int)t->num_inputs);
    int32_t i = ge_graph_add_tensor(&t->g, name, dt, &s, &t->err);
    t->inputs[t->num_inputs++] = i;
    return i;
}

static inline int32_t vkg_output(vk_graph* t, ge_dtype dt) {
    char name[32];
    snprintf(name, sizeof(name), "out%d", (int)t->num_outputs);
    ge_shape s = vk_shape(0, NULL);
    int32_t i = ge_graph_add_tensor(&t->g, name, dt, &s, &t->err);
    t->outputs[t->num_outputs++] = i;
    return i;
}

static inline int32_t vkg_const(vk_graph* t, ge_dtype dt, ge_shape s, const void* data) {
    static int counter = 0;
    char name[32];
    snprintf(name, sizeof(name), "const%d", counter++);
    size_t n = (size_t)ge_shape_elements(&s) * ge_dtype_size(dt);
    return ge_graph_add_const(&t->g, name, dt, &s, data, n, &t->err);
}

static inline void vkg_free(vk_graph* t) { ge_graph_free(&t->g); }

/* Fills n elements of dtype dt with random values in [lo, hi). */
static inline void vk_fill(test_rng* r, ge_dtype dt, void* p, int64_t n, float lo, float hi) {
    for (int64_t i = 0; i < n; i++) {
        float v = test_rng_float(r, lo, hi);
        if (dt == GE_DTYPE_F32) ((float*)p)[i] = v;
        else if (dt == GE_DTYPE_I32) ((int32_t*)p)[i] = (int32_t)v;
    }
}

/* The oracle: every op of g on the reference kernels, over ex's arena. */
static inline glint_result vk_run_reference(const ge_graph* g, ge_exec* ex, glint_error* err) {
    ge_view in[GE_MAX_OP_INPUTS], out[GE_MAX_OP_OUTPUTS];
    for (int32_t o = 0; o < g->num_ops; o++) {
        const ge_op* op = &g->ops[o];
        for (int32_t k = 0; k < 2; k++) {
            const int32_t n = k ? op->num_outputs : op->num_inputs;
            for (int32_t i = 0; i < n; i++) {
                const int32_t ti = k ? op->outputs[i] : op->inputs[i];
                ge_view* v = k ? &out[i] : &in[i];
                memset(v, 0, sizeof(*v));
                if (ti < 0) continue;
                v->dtype = g->tensors[ti].dtype;
                v->shape = g->tensors[ti].shape;
                v->data = ge_exec_tensor_data(ex, ti);
                v->quant = g->tensors[ti].quant;
            }
        }
        glint_result r = ge_ref_run_op(op, in, out, err);
        if (r < 0) return r;
    }
    return GLINT_SUCCESS;
}

typedef struct vk_result {
    bool ran;          /* the Vulkan backend was created and ran */
    int32_t gpu_ops;   /* ops it put on the GPU */
    double max_abs;    /* max |gpu - cpu| over every output element */
    double max_ref;    /* max |cpu| */
    bool exact;        /* bit-identical outputs */
    char why[300];     /* when !ran */
} vk_result;

/*
 * Runs the graph (inputs and outputs set, ops added) on the CPU reference kernels and on Vulkan,
 * with input i taken from data[i], and compares every output. Finalises the graph (analysis,
 * shapes, memory plan) first; returns false if that fails.
 */
static inline bool vk_compare(vk_graph* t, void* const* data, const gv_backend_options* opt, vk_result* out) {
    memset(out, 0, sizeof(*out));
    glint_error* err = &t->err;
    if (ge_graph_set_io(&t->g, t->inputs, t->num_inputs, t->outputs, t->num_outputs, err) < 0 ||
        ge_graph_analyze(&t->g, err) < 0 || ge_graph_infer_shapes(&t->g, err) < 0 ||
        ge_plan_memory(&t->g, (size_t)1 << 30, err) < 0) {
        snprintf(out->why, sizeof(out->why), "graph: %s", err->message);
        return false;
    }
    ge_exec cpu, gpu;
    if (ge_exec_init(&cpu, &t->g, &t->alloc, false, err) < 0) return false;
    if (ge_exec_init(&gpu, &t->g, &t->alloc, false, err) < 0) {
        ge_exec_free(&cpu);
        return false;
    }
    for (int32_t i = 0; i < t->num_inputs; i++) {
        const ge_tensor* ts = &t->g.tensors[t->inputs[i]];
        size_t n = (size_t)ge_shape_elements(&ts->shape) * ge_dtype_size(ts->dtype);
        memcpy(ge_exec_tensor_data(&cpu, t->inputs[i]), data[i], n);
        memcpy(ge_exec_tensor_data(&gpu, t->inputs[i]), data[i], n);
    }
    bool ok = vk_run_reference(&t->g, &cpu, err) >= 0;
    gv_backend* b = NULL;
    glint_error verr;
    if (ok && gv_backend_create(&t->g, opt, &t->alloc, &b, &verr) >= 0) {
        gv_backend_stats st;
        gv_backend_get_stats(b, &st);
        out->gpu_ops = st.gpu_ops;
        if (gv_backend_run(b, &gpu, &verr) >= 0) out->ran = true;
        else snprintf(out->why, sizeof(out->why), "run: %s", verr.message);
        gv_backend_destroy(b);
    } else if (ok) {
        snprintf(out->why, sizeof(out->why), "create: %s", verr.message);
    }
    if (out->ran) {
        out->exact = true;
        for (int32_t k = 0; k < t->num_outputs; k++) {
            const ge_tensor* ts = &t->g.tensors[t->outputs[k]];
            const int64_t n = ge_shape_elements(&ts->shape);
            const uint8_t* c = ge_exec_tensor_data(&cpu, t->outputs[k]);
            const uint8_t* gp = ge_exec_tensor_data(&gpu, t->outputs[k]);
            if (memcmp(c, gp, (size_t)n * ge_dtype_size(ts->dtype)) != 0) out->exact = false;
            for (int64_t i = 0; i < n; i++) {
                double x, y;
                if (ts->dtype == GE_DTYPE_F32) x = ((const float*)c)[i], y = ((const float*)gp)[i];
                else if (ts->dtype == GE_DTYPE_I32) x = ((const int32_t*)c)[i], y = ((const int32_t*)gp)[i];
                else x = c[i], y = gp[i];
                double d = fabs(x - y);
                if (!(d <= out->max_abs)) out->max_abs = d; /* NaN propagates as a failure */
                if (fabs(x) > out->max_ref) out->max_ref = fabs(x);
            }
        }
    }
    ge_exec_free(&cpu);
    ge_exec_free(&gpu);
    return ok;
}

/* Runs an already finalised graph (a vk_compare before) again, e.g. under other faults. */
static inline bool vk_rerun(vk_graph* t, void* const* data, const gv_backend_options* opt, vk_result* out) {
    memset(out, 0, sizeof(*out));
    ge_exec cpu, gpu;
    glint_error* err = &t->err;
    if (ge_exec_init(&cpu, &t->g, &t->alloc, false, err) < 0) return false;
    if (ge_exec_init(&gpu, &t->g, &t->alloc, false, err) < 0) {
        ge_exec_free(&cpu);
        return false;
    }
    for (int32_t i = 0; i < t->num_inputs; i++) {
        const ge_tensor* ts = &t->g.tensors[t->inputs[i]];
        size_t n = (size_t)ge_shape_elements(&ts->shape) * ge_dtype_size(ts->dtype);
        memcpy(ge_exec_tensor_data(&cpu, t->inputs[i]), data[i], n);
        memcpy(ge_exec_tensor_data(&gpu, t->inputs[i]), data[i], n);
    }
    bool ok = vk_run_reference(&t->g, &cpu, err) >= 0;
    gv_backend* b = NULL;
    glint_error verr;
    if (ok && gv_backend_create(&t->g, opt, &t->alloc, &b, &verr) >= 0) {
        if (gv_backend_run(b, &gpu, &verr) >= 0) out->ran = true;
        else snprintf(out->why, sizeof(out->why), "run: %s", verr.message);
        gv_backend_destroy(b);
    } else if (ok) {
        snprintf(out->why, sizeof(out->why), "create: %s", verr.message);
    }
    out->exact = out->ran;
    for (int32_t k = 0; k < t->num_outputs && out->ran; k++) {
        const ge_tensor* ts = &t->g.tensors[t->outputs[k]];
        size_t n = (size_t)ge_shape_elements(&ts->shape) * ge_dtype_size(ts->dtype);
        if (memcmp(ge_exec_tensor_data(&cpu, t->outputs[k]), ge_exec_tensor_data(&gpu, t->outputs[k]), n) != 0)
            out->exact = false;
    }
    ge_exec_free(&cpu);
    ge_exec_free(&gpu);
    return ok;
}

/* ---- real inputs ---- */

/* Fills a model input from a test photo (letterboxed, the model's range and dtype); false if
 * the photo or the range is unknown. */
static inline bool vk_photo_input(const glint_tensor_info* info, const char* photo, void* out, size_t bytes) {
    char path[1024];
    snprintf(path, sizeof(path), "%s/images/%s", test_cache_dir(), photo);
    gs_image img;
    if (gs_image_load(path, &img, NULL) != 0) return false;
    gi_range range;
    bool ok = info->rank == 4 && info->shape[3] == 3 && gi_range_from_bounds(info->range_min, info->range_max, &range);
    if (ok) {
        gi_prep_desc d = gi_prep_desc_letterbox(info->shape[2], info->shape[1], range, info->dtype);
        gi_image view = gs_image_view(&img);
        glint_error err;
        ok = gi_prepare_tensor(&view, &d, out, bytes, NULL, &err) >= 0;
    }
    gs_image_free(&img);
    return ok;
}

#endif /* TEST_VK_UTIL_H */
