/*
 * f32 DEPTHWISE_CONV2D (depth multiplier 1, dilation 1, any stride and padding), instantiated
 * per ISA like ge_f32_gemm_tmpl.h:
 *
 *   ge_f32_dwconv3x3_<isa>, ge_f32_dwconv5x5_<isa>   kernel width known at compile time
 *   ge_f32_dwconv_<isa>                              any kernel size
 *
 * NHWC puts channels innermost, so one vector holds L channels of one pixel. For each output
 * row and each block of L channels, interior pixels (every horizontal tap inside the input)
 * are done four at a time: four independent accumulator chains hide the FMA latency and share
 * each weight load. Border pixels take the taps that land inside the input. Filters are
 * packed at load to [channel block][bias, KH*KW taps][L], zero padded, so weight loads are
 * always whole vectors; a partial last channel block loads and stores only its lanes.
 */
#ifndef VX_ISA
#error "include an ISA's ge_simd_<isa>.h before this template"
#endif

#include "engine/kernels/tmpl/ge_cpu_util.h"

#ifndef VX_FN
#define VX_FN(base) VX_CAT2(base, VX_ISA)
#define VX_L VX_LANES
#endif

typedef struct VX_FN(dw_state) {
    ge_cpu_conv cv;
    int32_t cblocks;
    const float* packed; /* cblocks x (1 + KH*KW) x L */
    float lo, hi;
} VX_FN(dw_state);

static bool VX_FN(dw_supports_any)(const ge_op* op, const ge_view* in, const ge_view* out) {
    ge_cpu_conv cv;
    if (!ge_cpu_f32_conv_ok(op, in, out) || !ge_cpu_conv_resolve(op, in, out, &cv)) return false;
    return in[1].shape.dim[0] == 1 && in[1].shape.dim[3] == cv.c && cv.oc == cv.c && cv.g.dilation_h == 1 &&
           cv.g.dilation_w == 1;
}
static bool VX_FN(dw3x3_supports)(const ge_op* op, const ge_view* in, const ge_view* out) {
    return VX_FN(dw_supports_any)(op, in, out) && in[1].shape.dim[1] == 3 && in[1].shape.dim[2] == 3;
}
static bool VX_FN(dw5x5_supports)(const ge_op* op, const ge_view* in, const ge_view* out) {
    return VX_FN(dw_supports_any)(op, in, out) && in[1].shape.dim[1] == 5 && in[1].shape.dim[2] == 5;
}

static glint_result VX_FN(dw_prepare)(const ge_op* op, const ge_view* in, const ge_view* out, ge_cpu_prep* prep,
                                      glint_error* err) {
    VX_FN(dw_state)* s = gu_arena_alloc(prep->arena, sizeof(*s));
    if (!s) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "cpu kernels: out of memory");
    ge_cpu_conv_resolve(op, in, out, &s->cv);
    ge_cpu_act_bounds(op->params.conv.act, &s->lo, &s->hi);
    const int32_t C = s->cv.c, T = s->cv.kh * s->cv.kw;
    s->cblocks = (int32_t)ge_cpu_div_up(C, VX_L);
    float* p = gu_arena_alloc(prep->arena, (size_t)s->cblocks * (size_t)(1 + T) * VX_L * sizeof(float));
    if (!p) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "cpu kernels: out of memory packing weights");
    const float* w = in[1].data;
    const float* b = ge_cpu_present(op, 2) ? in[2].data : NULL;
    for (int32_t cb = 0; cb < s->cblocks; cb++) {
        float* d = p + (size_t)cb * (size_t)(1 + T) * VX_L;
        const int32_t c0 = cb * VX_L, nl = (int32_t)ge_cpu_min64(VX_L, C - c0);
        for (int32_t j = 0; j < nl; j++) d[j] = b ? b[c0 + j] : 0.0f;
        for (int32_t t = 0; t < T; t++)
            for (int32_t j = 0; j < nl; j++) d[(size_t)(1 + t) * VX_L + j] = w[(size_t)t * C + c0 + j];
    }
    s->packed = p;
    prep->state = s;
    prep->scratch_bytes = 0;
    return GLINT_SUCCESS;
}

/*
 * NP output pixels of one row and one channel block. x points at input (row 0 of the kernel
 * window's top, column of tap kx = 0 of the first pixel, channel c0); taps [ky0, ky1) x
 * [kx0, kx1) are inside the input. KWC: kernel width when known at compile time, else 0.
 */
GE_ALWAYS_INLINE void VX_FN(dw_pixels)(const int KWC, const int NP, const bool PART, int32_t kw_rt, int nl,
                                       const float* x, size_t row_stride, size_t px_stride, size_t C, int32_t ky0,
                                       int32_t ky1, int32_t kx0, int32_t kx1, const float* wp, float* y,
                                       size_t y_stride, vx_f32 lo, vx_f32 hi) {
    const int32_t KW = KWC ? KWC : kw_rt;
    vx_f32 acc[4];
    const vx_f32 bias = vx_load(wp);
#pragma GCC unroll 4
    for (int p = 0; p < NP; p++) acc[p] = bias;
    for (int32_t ky = ky0; ky < ky1; ky++) {
        const float* xr = x + (size_t)ky * row_stride;
        const float* wr = wp + VX_L + (size_t)ky * KW * VX_L;
#pragma GCC unroll 8
        for (int32_t kx = kx0; kx < kx1; kx++) {
            const vx_f32 w = vx_load(wr + (size_t)kx * VX_L);
#pragma GCC unroll 4
            for (int p = 0; p < NP; p++) {
                const float* xp = xr + (size_t)p * px_stride + (size_t)kx * C;
                acc[p] = vx_fma(PART ? vx_load_part(xp, nl) : vx_load(xp), w, acc[p]);
            }
        }
    }
#pragma GCC unroll 4
    for (int p = 0; p < NP; p++) {
        const vx_f32 r = vx_clamp(acc[p], lo, hi);
        if (PART)
            vx_store_part(y + (size_t)p * y_stride, r, nl);
        else
            vx_store(y + (size_t)p * y_stride, r);
    }
}

typedef struct VX_FN(dw_job) {
    const VX_FN(dw_state) * s;
    const float* x;
    float* y;
    int64_t rows, rows_per_task;
} VX_FN(dw_job);

/* One output row, one channel block. */
GE_ALWAYS_INLINE void VX_FN(dw_row_block)(const int KWC, const bool PART, const VX_FN(dw_state) * s, const float* xn,
                                          float* yrow, int32_t oy, int32_t c0) {
    const ge_cpu_conv* cv = &s->cv;
    const ge_conv_geom* g = &cv->g;
    const int32_t KW = KWC ? KWC : cv->kw;
    const size_t C = (size_t)cv->c;
    const int nl = (int)ge_cpu_min64(VX_L, cv->c - c0);
    const vx_f32 lo = vx_set1(s->lo), hi = vx_set1(s->hi);
    const float* wp = s->packed + (size_t)(c0 / VX_L) * (size_t)(1 + cv->kh * KW) * VX_L;
    const int32_t iy0 = oy * g->stride_h - g->pad_top;
    const int32_t ky0 = (int32_t)ge_cpu_max64(0, -iy0), ky1 = (int32_t)ge_cpu_min64(cv->kh, cv->h - iy0);
    const size_t row_stride = (size_t)cv->w * C, px_stride = (size_t)g->stride_w * C;
    /* x of tap (ky = 0, kx = 0) may lie outside the input; only taps in range are read */
    const float* xrow = xn + (ptrdiff_t)iy0 * (ptrdiff_t)row_stride + c0;
    /* interior: ox * sw - pl >= 0 and ox * sw - pl + KW - 1 < W */
    const int32_t sw = g->stride_w, pl = g->pad_left;
    int32_t in_lo = (int32_t)ge_cpu_div_up(pl, sw), in_hi = (cv->w - KW + pl) >= 0 ? (cv->w - KW + pl) / sw + 1 : 0;
    if (in_hi > cv->ow) in_hi = cv->ow;
    if (in_lo > in_hi) in_lo = in_hi;
    const size_t ys = (size_t)cv->oc;
    for (int32_t ox = 0; ox < cv->ow;) {
        const int32_t ix0 = ox * sw - pl;
        const float* xp = xrow + (ptrdiff_t)ix0 * (ptrdiff_t)C;
        float* yp = yrow + (size_t)ox * ys + c0;
        if (ox >= in_lo && ox + 4 <= in_hi) {
            VX_FN(dw_pixels)(KWC, 4, PART, KW, nl, xp, row_stride, px_stride, C, ky0, ky1, 0, KW, wp, yp, ys, lo, hi);
            ox += 4;
        } else if (ox >= in_lo && ox < in_hi) {
            VX_FN(dw_pixels)(KWC, 1, PART, KW, nl, xp, row_stride, px_stride, C, ky0, ky1, 0, KW, wp, yp, ys, lo, hi);
            ox += 1;
        } else {
            const int32_t kx0 = (int32_t)ge_cpu_max64(0, -ix0), kx1 = (int32_t)ge_cpu_min64(KW, cv->w - ix0);
            VX_FN(dw_pixels)(0, 1, PART, KW, nl, xp, row_stride, px_stride, C, ky0, ky1, kx0, kx1, wp, yp, ys, lo,
                             hi);
            ox += 1;
        }
    }
}

GE_ALWAYS_INLINE void VX_FN(dw_task_impl)(const int KWC, const VX_FN(dw_job) * j, int32_t task) {
    const VX_FN(dw_state)* s = j->s;
    const ge_cpu_conv* cv = &s->cv;
    const int64_t r0 = (int64_t)task * j->rows_per_task, r1 = ge_cpu_min64(r0 + j->rows_per_task, j->rows);
    for (int64_t r = r0; r < r1; r++) {
        const int32_t oy = (int32_t)(r % cv->oh), n = (int32_t)(r / cv->oh);
        const float* xn = j->x + (size_t)n * cv->h * cv->w * cv->c;
        float* yrow = j->y + (size_t)r * cv->ow * cv->oc;
        const int32_t full = cv->c / VX_L * VX_L;
        for (int32_t c0 = 0; c0 < full; c0 += VX_L) VX_FN(dw_row_block)(KWC, false, s, xn, yrow, oy, c0);
        if (full < cv->c) VX_FN(dw_row_block)(KWC, true, s, xn, yrow, oy, full);
    }
}

static void VX_FN(dw3x3_task)(void* ctx, int32_t task, int32_t thread) { VX_FN(dw_task_impl)(3, ctx, task); }
static void VX_FN(dw5x5_task)(void* ctx, int32_t task, int32_t thread) { VX_FN(dw_task_impl)(5, ctx, task); }
static void VX_FN(dw_any_task)(void* ctx, int32_t task, int32_t thread) { VX_FN(dw_task_impl)(0, ctx, task); }

static void VX_FN(dw_run_with)(const ge_cpu_call* call, gu_task_fn fn) {
    VX_FN(dw_job) j;
    j.s = call->state;
    j.x = call->in[0].data;
    j.y = call->out[0].data;
    j.rows = (int64_t)j.s->cv.n * j.s->cv.oh;
    const int32_t threads = gu_threadpool_threads(call->pool);
    j.rows_per_task = threads > 1 ? ge_cpu_max64(1, ge_cpu_div_up(j.rows, 4 * (int64_t)threads)) : j.rows;
    gu_threadpool_run(call->pool, (int32_t)ge_cpu_div_up(j.rows, j.rows_per_task), fn, &j);
}

static void VX_FN(dw3x3_run)(const ge_cpu_call* call) { VX_FN(dw_run_with)(call, VX_FN(dw3x3_task)); }
static void VX_FN(dw5x5_run)(const ge_cpu_call* call) { VX_FN(dw_run_with)(call, VX_FN(dw5x5_task)); }
static void VX_FN(dw_any_run)(const ge_cpu_call* call) { VX_FN(dw_run_with)(call, VX_FN(dw_any_task)); }
