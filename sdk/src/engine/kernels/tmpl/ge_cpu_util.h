/*
 * Helpers shared by every CPU kernel template instance (ISA independent, header-only so each
 * ISA file gets its own copy compiled with its own flags; see ge_backend_cpu.h for why an
 * ISA file's code must never run on a machine without that ISA).
 */
#ifndef GE_CPU_UTIL_H
#define GE_CPU_UTIL_H

#include <float.h>
#include <stddef.h>
#include <string.h>

#include "engine/ge_backend_cpu.h"
#include "engine/ge_shape.h"
#include "util/gu_error.h"

#define VX_CAT2_(a, b) a##_##b
#define VX_CAT2(a, b) VX_CAT2_(a, b)
#define VX_STR_(a) #a
#define VX_STR(a) VX_STR_(a)

#if defined(__GNUC__)
#define GE_ALWAYS_INLINE static inline __attribute__((always_inline))
#else
#define GE_ALWAYS_INLINE static inline
#endif

static inline int64_t ge_cpu_min64(int64_t a, int64_t b) { return a < b ? a : b; }
static inline int64_t ge_cpu_max64(int64_t a, int64_t b) { return a > b ? a : b; }
static inline int64_t ge_cpu_div_up(int64_t a, int64_t b) { return (a + b - 1) / b; }

/* Clamp bounds of a fused activation; false for activations that are not clamps. */
static inline bool ge_cpu_act_bounds(ge_activation act, float* lo, float* hi) {
    switch (act) {
    case GE_ACT_NONE: *lo = -FLT_MAX; *hi = FLT_MAX; return true;
    case GE_ACT_RELU: *lo = 0.0f; *hi = FLT_MAX; return true;
    case GE_ACT_RELU6: *lo = 0.0f; *hi = 6.0f; return true;
    case GE_ACT_RELU_N1_TO_1: *lo = -1.0f; *hi = 1.0f; return true;
    default: return false;
    }
}

static inline bool ge_cpu_present(const ge_op* op, int32_t i) {
    return i < op->num_inputs && op->inputs && op->inputs[i] >= 0;
}

/* f32 conv-family op: 4-D NHWC input/output, constant filter (and bias), clamp activation. */
static inline bool ge_cpu_f32_conv_ok(const ge_op* op, const ge_view* in, const ge_view* out) {
    float lo, hi;
    if (op->num_inputs < 2 || op->num_outputs != 1) return false;
    if (in[0].dtype != GE_DTYPE_F32 || in[1].dtype != GE_DTYPE_F32 || out[0].dtype != GE_DTYPE_F32) return false;
    if (!in[1].data) return false; /* weights must be constants to be packed at load */
    if (ge_cpu_present(op, 2) && (in[2].dtype != GE_DTYPE_F32 || !in[2].data)) return false;
    if (in[0].shape.rank != 4 || out[0].shape.rank != 4 || in[1].shape.rank != 4) return false;
    return ge_cpu_act_bounds(op->params.conv.act, &lo, &hi);
}

/* Resolved geometry of a conv op whose shapes are final. */
typedef struct ge_cpu_conv {
    int32_t n, h, w, c;       /* input */
    int32_t oh, ow, oc;       /* output */
    int32_t kh, kw;
    ge_conv_geom g;
} ge_cpu_conv;

static inline bool ge_cpu_conv_resolve(const ge_op* op, const ge_view* in, const ge_view* out, ge_cpu_conv* cv) {
    const ge_shape* x = &in[0].shape;
    const ge_shape* f = &in[1].shape;
    cv->n = x->dim[0], cv->h = x->dim[1], cv->w = x->dim[2], cv->c = x->dim[3];
    cv->oh = out[0].shape.dim[1], cv->ow = out[0].shape.dim[2], cv->oc = out[0].shape.dim[3];
    cv->kh = f->dim[1], cv->kw = f->dim[2];
    if (!ge_conv_geometry(&op->params.conv, cv->h, cv->w, cv->kh, cv->kw, &cv->g)) return false;
    return cv->g.out_h == cv->oh && cv->g.out_w == cv->ow && out[0].shape.dim[0] == cv->n;
}

/*
 * Work split for a GEMM-shaped job of m_tiles x n_panels: tasks are rectangles of m-tiles x
 * panels, enough of them (about 4 per thread) for balance, whole m-tiles when there are many.
 */
typedef struct ge_cpu_split {
    int64_t m_tiles, m_per_task, m_tasks;
    int32_t panels, p_per_task, p_tasks;
} ge_cpu_split;

static inline void ge_cpu_split_init(ge_cpu_split* s, int64_t m_tiles, int32_t panels, int32_t threads) {
    s->m_tiles = m_tiles;
    s->panels = panels;
    const int64_t want = threads > 1 ? 4 * (int64_t)threads : 1;
    s->m_per_task = ge_cpu_max64(1, ge_cpu_div_up(m_tiles, want));
    s->m_tasks = ge_cpu_div_up(m_tiles, s->m_per_task);
    s->p_per_task = panels;
    s->p_tasks = 1;
    if (s->m_tasks < want && panels > 1) {
        int64_t pt = ge_cpu_min64(panels, ge_cpu_div_up(want, s->m_tasks));
        s->p_per_task = (int32_t)ge_cpu_div_up(panels, pt);
        s->p_tasks = (int32_t)ge_cpu_div_up(panels, s->p_per_task);
    }
}

#endif /* GE_CPU_UTIL_H */
