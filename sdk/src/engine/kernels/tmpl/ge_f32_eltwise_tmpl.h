/*
 * f32 ADD / SUB / MUL with a fused clamp activation, instantiated per ISA:
 *   ge_f32_add_<isa>, ge_f32_sub_<isa>, ge_f32_mul_<isa>
 *
 * The broadcasts that networks use: same shapes (residual adds), one operand a single value,
 * or one operand a vector over the last axis (per-channel scale or offset, shape [..1, C]).
 * Other broadcasts go to the reference kernel. Rows of C channels are split across threads
 * in large chunks (these ops are memory bound).
 */
#ifndef VX_ISA
#error "include an ISA's ge_simd_<isa>.h before this template"
#endif

#include "engine/kernels/tmpl/ge_cpu_util.h"

#ifndef VX_FN
#define VX_FN(base) VX_CAT2(base, VX_ISA)
#define VX_L VX_LANES
#endif

/* How b (or a) is laid over the output. */
enum { VX_BC_SAME = 0, VX_BC_SCALAR = 1, VX_BC_CHANNEL = 2 };

static int VX_FN(bin_kind)(const ge_shape* in, const ge_shape* out) {
    const int64_t n = ge_shape_elements(in);
    if (ge_shape_equal(in, out)) return VX_BC_SAME;
    if (n == 1) return VX_BC_SCALAR;
    if (out->rank < 1 || in->rank < 1 || in->rank > out->rank) return -1;
    /* [.., 1, C]: every dim but the last is 1 and the last equals the output's */
    if (in->dim[in->rank - 1] != out->dim[out->rank - 1]) return -1;
    for (int32_t d = 0; d + 1 < in->rank; d++)
        if (in->dim[d] != 1) return -1;
    return VX_BC_CHANNEL;
}

static bool VX_FN(bin_supports)(const ge_op* op, const ge_view* in, const ge_view* out) {
    float lo, hi;
    if (op->num_inputs != 2 || op->num_outputs != 1) return false;
    if (op->type != GE_OP_ADD && op->type != GE_OP_SUB && op->type != GE_OP_MUL) return false;
    if (in[0].dtype != GE_DTYPE_F32 || in[1].dtype != GE_DTYPE_F32 || out[0].dtype != GE_DTYPE_F32) return false;
    if (!ge_cpu_act_bounds(op->params.eltwise.act, &lo, &hi)) return false;
    const int ka = VX_FN(bin_kind)(&in[0].shape, &out[0].shape), kb = VX_FN(bin_kind)(&in[1].shape, &out[0].shape);
    if (ka < 0 || kb < 0) return false;
    return ka == VX_BC_SAME || kb == VX_BC_SAME; /* at least one operand has the output's shape */
}

typedef struct VX_FN(bin_state) {
    ge_op_type type;
    int kind_a, kind_b;
    int64_t rows, cols; /* the output as rows x cols (cols = last dim, or a multiple of it) */
    float lo, hi;
    /* A per-channel operand of few channels (an image's mean or scale, C = 3) is repeated into
     * the thread's scratch as a row of at least 64 elements (period), so spans are long instead
     * of C elements each. 0: no repetition. */
    int64_t channels, period;
} VX_FN(bin_state);

#define VX_REP_MIN 64

static glint_result VX_FN(bin_prepare)(const ge_op* op, const ge_view* in, const ge_view* out, ge_cpu_prep* prep,
                                       glint_error* err) {
    VX_FN(bin_state)* s = gu_arena_alloc(prep->arena, sizeof(*s));
    if (!s) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "cpu kernels: out of memory");
    s->type = op->type;
    s->kind_a = VX_FN(bin_kind)(&in[0].shape, &out[0].shape);
    s->kind_b = VX_FN(bin_kind)(&in[1].shape, &out[0].shape);
    const ge_shape* o = &out[0].shape;
    s->cols = o->rank ? o->dim[o->rank - 1] : 1;
    s->rows = s->cols ? ge_shape_elements(o) / s->cols : 0;
    if (s->kind_a != VX_BC_CHANNEL && s->kind_b != VX_BC_CHANNEL) { /* same shapes or a scalar: one long row */
        s->cols = ge_shape_elements(o);
        s->rows = 1;
    }
    ge_cpu_act_bounds(op->params.eltwise.act, &s->lo, &s->hi);
    prep->scratch_bytes = 0;
    if ((s->kind_a == VX_BC_CHANNEL || s->kind_b == VX_BC_CHANNEL) && s->cols < VX_REP_MIN) {
        s->channels = s->cols;
        s->period = ge_cpu_div_up(VX_REP_MIN, s->cols) * s->cols;
        s->rows = ge_cpu_div_up(s->rows * s->cols, s->period);
        s->cols = s->period;
        prep->scratch_bytes = 2 * (size_t)s->period * sizeof(float);
    }
    prep->state = s;
    return GLINT_SUCCESS;
}

GE_ALWAYS_INLINE vx_f32 VX_FN(bin_apply)(ge_op_type t, vx_f32 a, vx_f32 b) {
    return t == GE_OP_ADD ? vx_add(a, b) : t == GE_OP_SUB ? vx_sub(a, b) : vx_mul(a, b);
}

/* n elements; a_step / b_step are 1 (walk) or 0 (repeat element 0). */
GE_ALWAYS_INLINE void VX_FN(bin_span)(const ge_op_type T, const float* a, int a_step, const float* b, int b_step,
                                      float* y, int64_t n, vx_f32 lo, vx_f32 hi) {
    const vx_f32 a0 = vx_set1(a[0]), b0 = vx_set1(b[0]);
    int64_t i = 0;
    for (; i + VX_L <= n; i += VX_L) {
        vx_f32 va = a_step ? vx_load(a + i) : a0, vb = b_step ? vx_load(b + i) : b0;
        vx_store(y + i, vx_clamp(VX_FN(bin_apply)(T, va, vb), lo, hi));
    }
    if (i < n) {
        const int r = (int)(n - i);
        vx_f32 va = a_step ? vx_load_part(a + i, r) : a0, vb = b_step ? vx_load_part(b + i, r) : b0;
        vx_store_part(y + i, vx_clamp(VX_FN(bin_apply)(T, va, vb), lo, hi), r);
    }
}

typedef struct VX_FN(bin_job) {
    const VX_FN(bin_state) * s;
    const ge_cpu_call* call;
    const float *a, *b;
    float* y;
    int64_t per_task; /* elements of one task (a multiple of cols, or of L for one row) */
    int64_t total;
} VX_FN(bin_job);

static void VX_FN(bin_task)(void* ctx, int32_t task, int32_t thread) {
    const VX_FN(bin_job)* j = ctx;
    const VX_FN(bin_state)* s = j->s;
    const vx_f32 lo = vx_set1(s->lo), hi = vx_set1(s->hi);
    const int64_t e0 = (int64_t)task * j->per_task, e1 = ge_cpu_min64(e0 + j->per_task, j->total);
    const int sa = s->kind_a == VX_BC_SAME, sb = s->kind_b == VX_BC_SAME;
    float* rep_a = NULL;
    float* rep_b = NULL;
    if (s->period) { /* the per-channel operand(s), repeated to one period */
        float* rep = ge_cpu_scratch(j->call, thread);
        if (s->kind_a == VX_BC_CHANNEL) {
            rep_a = rep;
            for (int64_t i = 0; i < s->period; i++) rep_a[i] = j->a[i % s->channels];
        }
        if (s->kind_b == VX_BC_CHANNEL) {
            rep_b = rep + s->period;
            for (int64_t i = 0; i < s->period; i++) rep_b[i] = j->b[i % s->channels];
        }
    }
    /* per row, the broadcast operand restarts (channel) or stays (scalar) */
    for (int64_t e = e0; e < e1;) {
        const int64_t col = e % s->cols;
        const int64_t n = ge_cpu_min64(s->cols - col, e1 - e);
        const float* ca = rep_a ? rep_a : j->a;
        const float* cb = rep_b ? rep_b : j->b;
        const float* pa = sa ? j->a + e : s->kind_a == VX_BC_CHANNEL ? ca + col : j->a;
        const float* pb = sb ? j->b + e : s->kind_b == VX_BC_CHANNEL ? cb + col : j->b;
        const int as = s->kind_a != VX_BC_SCALAR, bs = s->kind_b != VX_BC_SCALAR;
        switch (s->type) {
        case GE_OP_ADD: VX_FN(bin_span)(GE_OP_ADD, pa, as, pb, bs, j->y + e, n, lo, hi); break;
        case GE_OP_SUB: VX_FN(bin_span)(GE_OP_SUB, pa, as, pb, bs, j->y + e, n, lo, hi); break;
        default: VX_FN(bin_span)(GE_OP_MUL, pa, as, pb, bs, j->y + e, n, lo, hi); break;
        }
        e += n;
    }
}

static void VX_FN(bin_run)(const ge_cpu_call* call) {
    VX_FN(bin_job) j;
    j.s = call->state;
    j.call = call;
    j.a = call->in[0].data;
    j.b = call->in[1].data;
    j.y = call->out[0].data;
    j.total = ge_shape_elements(&call->out[0].shape);
    const int32_t threads = gu_threadpool_threads(call->pool);
    /* tasks of at least 16 K elements: below that a thread costs more than it saves */
    int64_t per = threads > 1 ? ge_cpu_max64(16384, ge_cpu_div_up(j.total, 2 * (int64_t)threads)) : j.total;
    per = ge_cpu_div_up(per, VX_L) * VX_L;
    j.per_task = per > 0 ? per : 1;
    gu_threadpool_run(call->pool, (int32_t)ge_cpu_div_up(j.total, j.per_task), VX_FN(bin_task), &j);
}

/* ---- PRELU: y = x >= 0 ? x : x * alpha, alpha per channel (last axis) or one value ---- */

static bool VX_FN(prelu_supports)(const ge_op* op, const ge_view* in, const ge_view* out) {
    if (op->type != GE_OP_PRELU || op->num_inputs != 2 || op->num_outputs != 1) return false;
    if (in[0].dtype != GE_DTYPE_F32 || in[1].dtype != GE_DTYPE_F32 || out[0].dtype != GE_DTYPE_F32) return false;
    const ge_shape* x = &in[0].shape;
    if (!ge_shape_equal(x, &out[0].shape) || x->rank < 1) return false;
    const int64_t na = ge_shape_elements(&in[1].shape);
    if (na == 1) return in[1].shape.rank <= x->rank;
    return VX_FN(bin_kind)(&in[1].shape, x) == VX_BC_CHANNEL;
}

typedef struct VX_FN(prelu_state) {
    int64_t rows, cols;
    bool scalar_alpha;
} VX_FN(prelu_state);

static glint_result VX_FN(prelu_prepare)(const ge_op* op, const ge_view* in, const ge_view* out, ge_cpu_prep* prep,
                                         glint_error* err) {
    VX_FN(prelu_state)* s = gu_arena_alloc(prep->arena, sizeof(*s));
    if (!s) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "cpu kernels: out of memory");
    const ge_shape* x = &in[0].shape;
    s->cols = x->dim[x->rank - 1];
    s->rows = s->cols ? ge_shape_elements(x) / s->cols : 0;
    s->scalar_alpha = ge_shape_elements(&in[1].shape) == 1;
    prep->state = s;
    prep->scratch_bytes = 0;
    return GLINT_SUCCESS;
}

typedef struct VX_FN(prelu_job) {
    const VX_FN(prelu_state) * s;
    const float *x, *alpha;
    float* y;
    int64_t per_task;
} VX_FN(prelu_job);

static void VX_FN(prelu_task)(void* ctx, int32_t task, int32_t thread) {
    const VX_FN(prelu_job)* j = ctx;
    const VX_FN(prelu_state)* s = j->s;
    const int64_t r0 = (int64_t)task * j->per_task, r1 = ge_cpu_min64(r0 + j->per_task, s->rows);
    const int64_t C = s->cols, full = C / VX_L * VX_L;
    const vx_f32 a0 = vx_set1(j->alpha[0]);
    for (int64_t r = r0; r < r1; r++) {
        const float* x = j->x + r * C;
        float* y = j->y + r * C;
        int64_t c = 0;
        for (; c < full; c += VX_L) {
            const vx_f32 a = s->scalar_alpha ? a0 : vx_load(j->alpha + c);
            vx_store(y + c, vx_prelu(vx_load(x + c), a));
        }
        if (c < C) {
            const int n = (int)(C - c);
            const vx_f32 a = s->scalar_alpha ? a0 : vx_load_part(j->alpha + c, n);
            vx_store_part(y + c, vx_prelu(vx_load_part(x + c, n), a), n);
        }
    }
}

static void VX_FN(prelu_run)(const ge_cpu_call* call) {
    VX_FN(prelu_job) j;
    j.s = call->state;
    j.x = call->in[0].data;
    j.alpha = call->in[1].data;
    j.y = call->out[0].data;
    const int32_t threads = gu_threadpool_threads(call->pool);
    const int64_t min_rows = ge_cpu_max64(1, 16384 / ge_cpu_max64(1, j.s->cols));
    j.per_task = threads > 1 ? ge_cpu_max64(min_rows, ge_cpu_div_up(j.s->rows, 2 * (int64_t)threads)) : j.s->rows;
    if (j.per_task < 1) j.per_task = 1;
    gu_threadpool_run(call->pool, (int32_t)ge_cpu_div_up(j.s->rows, j.per_task), VX_FN(prelu_task), &j);
}
