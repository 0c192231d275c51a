/*
 * f32 GEMM-shaped kernels, written once over the vector primitives of one ISA (vx_*, from
 * x86/ge_simd_avx512.h and friends) and instantiated per ISA by including this file:
 *
 *   ge_f32_conv1x1_<isa>  CONV2D 1x1, stride 1, no padding: the input pixels are the rows of A
 *   ge_f32_conv2d_<isa>   any CONV2D: MR output pixels at a time are gathered (im2col) into a
 *                         per-thread scratch tile of MR x (KH*KW*Cin), then the same GEMM
 *   ge_f32_fc_<isa>       FULLY_CONNECTED: rows of x times the weight matrix
 *
 * The microkernel computes an MR x NR block of C = A * B + bias (NR = 2 vectors of output
 * channels), clamps it (the fused activation) and stores it. B is packed at load into panels
 * of NR output channels: [NR bias][K][NR weights], zero padded, so the k loop reads one
 * contiguous stream; the last panel is 1 vector wide when at most one vector of channels is
 * left. Panel groups that fit in L2 are the outer loop, MR-row tiles of A the inner one, so
 * B stays in cache while A streams once per group.
 */
#ifndef VX_ISA
#error "include an ISA's ge_simd_<isa>.h before this template"
#endif

#include "engine/kernels/tmpl/ge_cpu_util.h"

#define VX_FN(base) VX_CAT2(base, VX_ISA)
#define VX_L VX_LANES
#define VX_NR (2 * VX_LANES)

/* Bytes of packed panels per L2-resident group (a quarter of a small L2). */
#define VX_PANEL_GROUP_BYTES (128 * 1024)

typedef struct VX_FN(gemm_state) {
    int32_t K, N;         /* reduction length, output channels */
    int32_t panels;       /* ceil(N / NR) */
    int32_t group;        /* panels per cache group */
    const float* packed;  /* panels of (1 + K) x NR floats */
    float lo, hi;         /* activation clamp */
    /* conv geometry (conv kernels) */
    ge_cpu_conv cv;
} VX_FN(gemm_state);

/* Packs B given as N rows of K (row n at w + n * K, i.e. OHWI filters or FC weights) and bias. */
static float* VX_FN(gemm_pack)(gu_arena* arena, const float* w, const float* bias, int32_t K, int32_t N,
                               int32_t* out_panels) {
    const int32_t panels = (int32_t)ge_cpu_div_up(N, VX_NR);
    size_t floats = (size_t)panels * (size_t)(K + 1) * VX_NR;
    float* p = gu_arena_alloc(arena, floats * sizeof(float));
    if (!p) return NULL;
    for (int32_t pi = 0; pi < panels; pi++) {
        float* dst = p + (size_t)pi * (size_t)(K + 1) * VX_NR;
        const int32_t n0 = pi * VX_NR;
        const int32_t rem = N - n0;
        const int32_t width = rem <= VX_L ? VX_L : VX_NR; /* narrow last panel */
        const int32_t nc = rem < width ? rem : width;
        for (int32_t j = 0; j < nc; j++) dst[j] = bias ? bias[n0 + j] : 0.0f;
        for (int32_t k = 0; k < K; k++)
            for (int32_t j = 0; j < nc; j++) dst[(size_t)(k + 1) * width + j] = w[(size_t)(n0 + j) * K + k];
    }
    *out_panels = panels;
    return p;
}

/*
 * C[0..mr) x [0..nc) = clamp(A rows * panel). A row m at a + m * lda (rows >= mr repeat the last
 * one: computed, never stored). MRC is a compile-time constant at every call site.
 */
GE_ALWAYS_INLINE void VX_FN(ukernel_2v)(const int MRC, int mr, int32_t K, const float* a, size_t lda,
                                        const float* w, float* c, size_t ldc, int nc, vx_f32 lo, vx_f32 hi) {
    const float* ap[VX_MR];
    vx_f32 acc0[VX_MR], acc1[VX_MR];
    const vx_f32 b0 = vx_load(w), b1 = vx_load(w + VX_L);
#pragma GCC unroll 16
    for (int m = 0; m < MRC; m++) {
        ap[m] = a + (size_t)(m < mr ? m : mr - 1) * lda;
        acc0[m] = b0;
        acc1[m] = b1;
    }
    w += VX_NR;
    for (int32_t k = 0; k < K; k++) {
        const vx_f32 w0 = vx_load(w), w1 = vx_load(w + VX_L);
        w += VX_NR;
#pragma GCC unroll 16
        for (int m = 0; m < MRC; m++) {
            const vx_f32 x = vx_set1(ap[m][k]);
            acc0[m] = vx_fma(x, w0, acc0[m]);
            acc1[m] = vx_fma(x, w1, acc1[m]);
        }
    }
#pragma GCC unroll 16
    for (int m = 0; m < MRC; m++) {
        if (m >= mr) break;
        float* cm = c + (size_t)m * ldc;
        const vx_f32 r0 = vx_clamp(acc0[m], lo, hi);
        const vx_f32 r1 = vx_clamp(acc1[m], lo, hi);
        if (nc >= VX_NR) {
            vx_store(cm, r0);
            vx_store(cm + VX_L, r1);
        } else if (nc > VX_L) {
            vx_store(cm, r0);
            vx_store_part(cm + VX_L, r1, nc - VX_L);
        } else {
            vx_store_part(cm, r0, nc);
        }
    }
}

/* The same for a 1-vector panel (nc <= L). */
GE_ALWAYS_INLINE void VX_FN(ukernel_1v)(const int MRC, int mr, int32_t K, const float* a, size_t lda,
                                        const float* w, float* c, size_t ldc, int nc, vx_f32 lo, vx_f32 hi) {
    const float* ap[VX_MR];
    vx_f32 acc[VX_MR];
    const vx_f32 b0 = vx_load(w);
#pragma GCC unroll 16
    for (int m = 0; m < MRC; m++) {
        ap[m] = a + (size_t)(m < mr ? m : mr - 1) * lda;
        acc[m] = b0;
    }
    w += VX_L;
    for (int32_t k = 0; k < K; k++) {
        const vx_f32 w0 = vx_load(w);
        w += VX_L;
#pragma GCC unroll 16
        for (int m = 0; m < MRC; m++) acc[m] = vx_fma(vx_set1(ap[m][k]), w0, acc[m]);
    }
#pragma GCC unroll 16
    for (int m = 0; m < MRC; m++) {
        if (m >= mr) break;
        const vx_f32 r = vx_clamp(acc[m], lo, hi);
        if (nc >= VX_L)
            vx_store(c + (size_t)m * ldc, r);
        else
            vx_store_part(c + (size_t)m * ldc, r, nc);
    }
}

/* One MR-row tile of A against panels [p0, p1). */
static void VX_FN(gemm_tile)(const VX_FN(gemm_state) * s, int mr, const float* a, size_t lda, float* c, size_t ldc,
                             int32_t p0, int32_t p1) {
    const vx_f32 lo = vx_set1(s->lo), hi = vx_set1(s->hi);
    const size_t panel_floats = (size_t)(s->K + 1) * VX_NR;
    for (int32_t p = p0; p < p1; p++) {
        const int32_t n0 = p * VX_NR;
        const int nc = (int)ge_cpu_min64(VX_NR, s->N - n0);
        const float* w = s->packed + (size_t)p * panel_floats;
        float* cp = c + n0;
        if (nc > VX_L) {
            if (mr == 1)
                VX_FN(ukernel_2v)(1, mr, s->K, a, lda, w, cp, ldc, nc, lo, hi);
            else
                VX_FN(ukernel_2v)(VX_MR, mr, s->K, a, lda, w, cp, ldc, nc, lo, hi);
        } else {
            if (mr == 1)
                VX_FN(ukernel_1v)(1, mr, s->K, a, lda, w, cp, ldc, nc, lo, hi);
            else
                VX_FN(ukernel_1v)(VX_MR, mr, s->K, a, lda, w, cp, ldc, nc, lo, hi);
        }
    }
}

static glint_result VX_FN(gemm_prepare_common)(VX_FN(gemm_state) * s, const float* w, const float* bias, int32_t K,
                                               int32_t N, ge_activation act, ge_cpu_prep* prep, glint_error* err) {
    s->K = K;
    s->N = N;
    ge_cpu_act_bounds(act, &s->lo, &s->hi);
    s->packed = VX_FN(gemm_pack)(prep->arena, w, bias, K, N, &s->panels);
    if (!s->packed) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "cpu kernels: out of memory packing weights");
    size_t panel_bytes = (size_t)(K + 1) * VX_NR * sizeof(float);
    s->group = (int32_t)ge_cpu_max64(1, (int64_t)(VX_PANEL_GROUP_BYTES / panel_bytes));
    prep->state = s;
    return GLINT_SUCCESS;
}

/* ---- the job: a task is a rectangle of m-tiles x panels ---- */

typedef struct VX_FN(gemm_job) {
    const VX_FN(gemm_state) * s;
    const ge_cpu_call* call;
    ge_cpu_split split;
    int64_t M;           /* rows (output pixels) */
    const float* a;      /* conv1x1 / fc: rows of A */
    size_t lda;
    float* c;
    size_t ldc;
    bool im2col;         /* conv2d: gather rows into scratch */
    const float* x;      /* conv2d: the input tensor */
} VX_FN(gemm_job);

/* n floats from src to dst (src NULL: zeros), whole vectors then one partial: for the short spans
 * of im2col (few channels) this beats a memcpy call. */
static inline void VX_FN(copy_span)(float* dst, const float* src, int64_t n) {
    int64_t i = 0;
    if (!src) {
        for (; i + VX_LANES <= n; i += VX_LANES) vx_store(dst + i, vx_zero());
        if (i < n) vx_store_part(dst + i, vx_zero(), (int)(n - i));
        return;
    }
    for (; i + VX_LANES <= n; i += VX_LANES) vx_store(dst + i, vx_load(src + i));
    if (i < n) vx_store_part(dst + i, vx_load_part(src + i, (int)(n - i)), (int)(n - i));
}

/* Gathers the im2col rows of output pixels [m0, m0 + mr) into dst (mr rows of K floats). */
static void VX_FN(im2col_rows)(const ge_cpu_conv* cv, const float* x, int64_t m0, int mr, float* dst) {
    const ge_conv_geom* g = &cv->g;
    const int32_t C = cv->c;
    const size_t K = (size_t)cv->kh * cv->kw * C;
    /* the pixel of row 0 by division, the rest by stepping */
    const int64_t t0 = m0 / cv->ow;
    int64_t ox = m0 % cv->ow, oy = t0 % cv->oh, n = t0 / cv->oh;
    for (int r = 0; r < mr; r++) {
        if (r > 0 && ++ox == cv->ow) {
            ox = 0;
            if (++oy == cv->oh) oy = 0, n++;
        }
        float* d = dst + (size_t)r * K;
        const float* xn = x + (size_t)n * cv->h * cv->w * C;
        const int64_t iy0 = oy * g->stride_h - g->pad_top, ix0 = ox * g->stride_w - g->pad_left;
        if (g->dilation_h == 1 && g->dilation_w == 1 && iy0 >= 0 && iy0 + cv->kh <= cv->h && ix0 >= 0 &&
            ix0 + cv->kw <= cv->w) { /* interior pixel: one input span per kernel row */
            const float* src = xn + ((size_t)iy0 * cv->w + (size_t)ix0) * C;
            for (int32_t ky = 0; ky < cv->kh; ky++)
                VX_FN(copy_span)(d + (size_t)ky * cv->kw * C, src + (size_t)ky * cv->w * C, (int64_t)cv->kw * C);
            continue;
        }
        for (int32_t ky = 0; ky < cv->kh; ky++) {
            const int64_t iy = oy * g->stride_h - g->pad_top + (int64_t)ky * g->dilation_h;
            float* dr = d + (size_t)ky * cv->kw * C;
            if (iy < 0 || iy >= cv->h) {
                VX_FN(copy_span)(dr, NULL, (int64_t)cv->kw * C);
                continue;
            }
            const float* xr = xn + (size_t)iy * cv->w * C;
            if (g->dilation_w == 1) { /* the taps inside are one contiguous span of the input row */
                const int32_t kx0 = (int32_t)ge_cpu_max64(0, -ix0);
                const int32_t kx1 = (int32_t)ge_cpu_max64(kx0, ge_cpu_min64(cv->kw, cv->w - ix0));
                if (kx0 > 0) VX_FN(copy_span)(dr, NULL, (int64_t)kx0 * C);
                VX_FN(copy_span)(dr + (size_t)kx0 * C, xr + (ix0 + kx0) * C, (int64_t)(kx1 - kx0) * C);
                if (kx1 < cv->kw) VX_FN(copy_span)(dr + (size_t)kx1 * C, NULL, (int64_t)(cv->kw - kx1) * C);
                continue;
            }
            for (int32_t kx = 0; kx < cv->kw; kx++) {
                const int64_t ix = ix0 + (int64_t)kx * g->dilation_w;
                float* dk = dr + (size_t)kx * C;
                if (ix < 0 || ix >= cv->w)
                    memset(dk, 0, (size_t)C * sizeof(float));
                else
                    memcpy(dk, xr + ix * C, (size_t)C * sizeof(float));
            }
        }
    }
}

static void VX_FN(gemm_task)(void* ctx, int32_t task, int32_t thread) {
    const VX_FN(gemm_job)* j = ctx;
    const VX_FN(gemm_state)* s = j->s;
    const int64_t mt = task % j->split.m_tasks, pt = task / j->split.m_tasks;
    const int64_t t0 = mt * j->split.m_per_task, t1 = ge_cpu_min64(t0 + j->split.m_per_task, j->split.m_tiles);
    const int32_t p0 = (int32_t)(pt * j->split.p_per_task);
    const int32_t p1 = (int32_t)ge_cpu_min64(p0 + j->split.p_per_task, j->split.panels);
    float* tile = j->im2col ? ge_cpu_scratch(j->call, thread) : NULL;
    for (int32_t g0 = p0; g0 < p1; g0 += s->group) {
        const int32_t g1 = (int32_t)ge_cpu_min64(g0 + s->group, p1);
        for (int64_t t = t0; t < t1; t++) {
            const int64_t m0 = t * VX_MR;
            const int mr = (int)ge_cpu_min64(VX_MR, j->M - m0);
            float* c = j->c + (size_t)m0 * j->ldc;
            if (j->im2col) {
                VX_FN(im2col_rows)(&s->cv, j->x, m0, mr, tile);
                VX_FN(gemm_tile)(s, mr, tile, (size_t)s->K, c, j->ldc, g0, g1);
            } else {
                VX_FN(gemm_tile)(s, mr, j->a + (size_t)m0 * j->lda, j->lda, c, j->ldc, g0, g1);
            }
        }
    }
}

static void VX_FN(gemm_run_job)(VX_FN(gemm_job) * j) {
    const int64_t m_tiles = ge_cpu_div_up(j->M, VX_MR);
    ge_cpu_split_init(&j->split, m_tiles, j->s->panels, gu_threadpool_threads(j->call->pool));
    gu_threadpool_run(j->call->pool, (int32_t)(j->split.m_tasks * j->split.p_tasks), VX_FN(gemm_task), j);
}

/* ---- CONV2D ---- */

static bool VX_FN(conv1x1_supports)(const ge_op* op, const ge_view* in, const ge_view* out) {
    ge_cpu_conv cv;
    if (!ge_cpu_f32_conv_ok(op, in, out) || !ge_cpu_conv_resolve(op, in, out, &cv)) return false;
    const ge_conv_geom* g = &cv.g;
    return cv.kh == 1 && cv.kw == 1 && g->stride_h == 1 && g->stride_w == 1 && g->pad_top == 0 &&
           g->pad_left == 0 && g->pad_bottom == 0 && g->pad_right == 0 && in[1].shape.dim[0] == cv.oc &&
           in[1].shape.dim[3] == cv.c;
}

static bool VX_FN(conv2d_supports)(const ge_op* op, const ge_view* in, const ge_view* out) {
    ge_cpu_conv cv;
    if (!ge_cpu_f32_conv_ok(op, in, out) || !ge_cpu_conv_resolve(op, in, out, &cv)) return false;
    return in[1].shape.dim[0] == cv.oc && in[1].shape.dim[3] == cv.c;
}

static glint_result VX_FN(conv_prepare)(const ge_op* op, const ge_view* in, const ge_view* out, ge_cpu_prep* prep,
                                        glint_error* err) {
    VX_FN(gemm_state)* s = gu_arena_alloc(prep->arena, sizeof(*s));
    if (!s) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "cpu kernels: out of memory");
    ge_cpu_conv_resolve(op, in, out, &s->cv);
    const int32_t K = s->cv.kh * s->cv.kw * s->cv.c;
    const float* bias = ge_cpu_present(op, 2) ? in[2].data : NULL;
    glint_result r = VX_FN(gemm_prepare_common)(s, in[1].data, bias, K, s->cv.oc, op->params.conv.act, prep, err);
    prep->scratch_bytes = (size_t)VX_MR * (size_t)K * sizeof(float); /* the im2col tile (conv2d) */
    return r;
}

static void VX_FN(conv1x1_run)(const ge_cpu_call* call) {
    const VX_FN(gemm_state)* s = call->state;
    VX_FN(gemm_job) j;
    memset(&j, 0, sizeof(j));
    j.s = s;
    j.call = call;
    j.M = (int64_t)s->cv.n * s->cv.oh * s->cv.ow;
    j.a = call->in[0].data;
    j.lda = (size_t)s->cv.c;
    j.c = call->out[0].data;
    j.ldc = (size_t)s->cv.oc;
    VX_FN(gemm_run_job)(&j);
}

static void VX_FN(conv2d_run)(const ge_cpu_call* call) {
    const VX_FN(gemm_state)* s = call->state;
    VX_FN(gemm_job) j;
    memset(&j, 0, sizeof(j));
    j.s = s;
    j.call = call;
    j.M = (int64_t)s->cv.n * s->cv.oh * s->cv.ow;
    j.im2col = true;
    j.x = call->in[0].data;
    j.c = call->out[0].data;
    j.ldc = (size_t)s->cv.oc;
    VX_FN(gemm_run_job)(&j);
}

/* ---- FULLY_CONNECTED ---- */

static bool VX_FN(fc_supports)(const ge_op* op, const ge_view* in, const ge_view* out) {
    float lo, hi;
    if (op->num_inputs < 2 || op->num_outputs != 1) return false;
    if (in[0].dtype != GE_DTYPE_F32 || in[1].dtype != GE_DTYPE_F32 || out[0].dtype != GE_DTYPE_F32) return false;
    if (!in[1].data || in[1].shape.rank != 2) return false;
    if (ge_cpu_present(op, 2) && (in[2].dtype != GE_DTYPE_F32 || !in[2].data)) return false;
    const int64_t depth = in[1].shape.dim[1], units = in[1].shape.dim[0];
    if (depth < 1 || units < 1 || ge_shape_elements(&in[0].shape) % depth != 0) return false;
    if (ge_shape_elements(&out[0].shape) != ge_shape_elements(&in[0].shape) / depth * units) return false;
    return ge_cpu_act_bounds(op->params.fc.act, &lo, &hi);
}

static glint_result VX_FN(fc_prepare)(const ge_op* op, const ge_view* in, const ge_view* out, ge_cpu_prep* prep,
                                      glint_error* err) {
    VX_FN(gemm_state)* s = gu_arena_alloc(prep->arena, sizeof(*s));
    if (!s) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "cpu kernels: out of memory");
    const float* bias = ge_cpu_present(op, 2) ? in[2].data : NULL;
    prep->scratch_bytes = 0;
    return VX_FN(gemm_prepare_common)(s, in[1].data, bias, in[1].shape.dim[1], in[1].shape.dim[0], op->params.fc.act,
                                      prep, err);
}

static void VX_FN(fc_run)(const ge_cpu_call* call) {
    const VX_FN(gemm_state)* s = call->state;
    VX_FN(gemm_job) j;
    memset(&j, 0, sizeof(j));
    j.s = s;
    j.call = call;
    j.M = ge_shape_elements(&call->in[0].shape) / s->K;
    j.a = call->in[0].data;
    j.lda = (size_t)s->K;
    j.c = call->out[0].data;
    j.ldc = (size_t)s->N;
    VX_FN(gemm_run_job)(&j);
}
