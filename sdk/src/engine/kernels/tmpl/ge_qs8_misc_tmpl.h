/*
 * The cheap int8 ops around the convolutions, instantiated per ISA:
 *   ge_qs8_quantize_<isa>    QUANTIZE f32 -> int8 (the network input): q = roundf(x / s) + zp,
 *                            saturated, NaN -> zp, exactly ge_f32_quantize_ref
 *   ge_qs8_dequantize_<isa>  DEQUANTIZE int8 -> f32: (q - zp) * s, one rounding, as the reference
 *   ge_qs8_maxpool_<isa>     MAX_POOL2D: byte maximum over the taps inside the input, then the
 *                            reference's requantisation through a 256-entry table (identity
 *                            when input and output share their parameters)
 *   ge_qs8_mean_<isa>        MEAN over H and W: int32 sums per channel, the reference's requant
 * These are plain loops written so the compiler vectorises them with the file's ISA flags
 * (truncf + an exact remainder test instead of roundf, byte max); the arithmetic is the
 * reference's, element by element.
 */
#ifndef VQ_ISA
#error "include an ISA's ge_simdq_<isa>.h before this template"
#endif

/* ---- QUANTIZE ---- */

static bool VQ_FN(quantize_supports)(const ge_op* op, const ge_view* in, const ge_view* out) {
    if (op->num_inputs != 1 || op->num_outputs != 1) return false;
    if (in[0].dtype != GE_DTYPE_F32 || out[0].dtype != GE_DTYPE_I8 || !out[0].quant) return false;
    const ge_quant* q = out[0].quant;
    return q->count == 1 && q->scale && q->zero_point && q->scale[0] > 0.0f && isfinite(q->scale[0]) &&
           q->zero_point[0] >= GE_Q_MIN && q->zero_point[0] <= GE_Q_MAX;
}

typedef struct VQ_FN(qconvert_state) {
    int64_t n;
    float scale;
    int32_t zp;
} VQ_FN(qconvert_state);

static glint_result VQ_FN(qconvert_prepare)(const ge_op* op, const ge_view* in, const ge_view* out, ge_cpu_prep* prep,
                                            glint_error* err) {
    VQ_FN(qconvert_state)* s = gu_arena_alloc(prep->arena, sizeof(*s));
    if (!s) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "cpu kernels: out of memory");
    const ge_view* qv = op->type == GE_OP_QUANTIZE ? &out[0] : &in[0];
    s->n = ge_shape_elements(&out[0].shape);
    s->scale = qv->quant->scale[0];
    s->zp = qv->quant->zero_point[0];
    prep->state = s;
    prep->scratch_bytes = 0;
    return GLINT_SUCCESS;
}

static void VQ_FN(quantize_run)(const ge_cpu_call* call) {
    const VQ_FN(qconvert_state)* s = call->state;
    const float* restrict x = call->in[0].data;
    int8_t* restrict y = call->out[0].data;
    const float scale = s->scale;
    const int32_t zp = s->zp;
    const int64_t n = s->n;
    int64_t i = 0;
#if defined(VQ_HAVE_QUANTIZE16)
    for (; i + 16 <= n; i += 16) vq_quantize16(x + i, y + i, scale, zp);
#elif defined(VQ_HAVE_QUANTIZE8)
    for (; i + 8 <= n; i += 8) vq_quantize8(x + i, y + i, scale, zp);
#endif
    for (; i < n; i++) {
        float q = x[i] / scale;                          /* correctly rounded, like the reference */
        q = q != q ? 0.0f : q;                           /* NaN -> the zero point */
        q = q < -1e9f ? -1e9f : (q > 1e9f ? 1e9f : q);   /* saturates anyway; keeps the int exact */
        const int32_t t = (int32_t)q;                    /* toward zero */
        const float d = q - (float)t;                    /* exact */
        /* roundf: ties away from zero (an integer conversion instead of truncf, which the
         * compiler does not vectorise under strict floating-point rules) */
        const int32_t r = t + (d >= 0.5f ? 1 : 0) - (d <= -0.5f ? 1 : 0) + zp;
        y[i] = (int8_t)(r < -128 ? -128 : (r > 127 ? 127 : r));
    }
}

/* ---- DEQUANTIZE ---- */

static bool VQ_FN(dequantize_supports)(const ge_op* op, const ge_view* in, const ge_view* out) {
    if (op->num_inputs != 1 || op->num_outputs != 1) return false;
    if (in[0].dtype != GE_DTYPE_I8 || out[0].dtype != GE_DTYPE_F32 || !in[0].quant) return false;
    const ge_quant* q = in[0].quant;
    return q->count == 1 && q->scale && q->zero_point;
}

static void VQ_FN(dequantize_run)(const ge_cpu_call* call) {
    const VQ_FN(qconvert_state)* s = call->state;
    const int8_t* restrict x = call->in[0].data;
    float* restrict y = call->out[0].data;
    const float scale = s->scale;
    const int32_t zp = s->zp;
    const int64_t n = s->n;
    for (int64_t i = 0; i < n; i++) y[i] = (float)((int32_t)x[i] - zp) * scale;
}

/* ---- MAX_POOL2D ---- */

typedef struct VQ_FN(qpool_state) {
    ge_cpu_conv cv;
    int8_t lut[256];
    int8_t empty; /* output of a window without any tap inside */
    bool identity;
} VQ_FN(qpool_state);

static bool VQ_FN(qmaxpool_supports)(const ge_op* op, const ge_view* in, const ge_view* out) {
    if (op->num_inputs != 1 || op->num_outputs != 1 || in[0].dtype != GE_DTYPE_I8) return false;
    if (!ge_qs8_claims(op, in, out) || !ge_qs8_supports(op, in, out)) return false;
    return in[0].shape.rank == 4 && out[0].shape.rank == 4 && in[0].shape.dim[3] == out[0].shape.dim[3];
}

static glint_result VQ_FN(qmaxpool_prepare)(const ge_op* op, const ge_view* in, const ge_view* out, ge_cpu_prep* prep,
                                            glint_error* err) {
    VQ_FN(qpool_state)* s = gu_arena_alloc(prep->arena, sizeof(*s));
    if (!s) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "cpu kernels: out of memory");
    const ge_conv_params* p = &op->params.conv;
    const ge_shape* x = &in[0].shape;
    s->cv.n = x->dim[0], s->cv.h = x->dim[1], s->cv.w = x->dim[2], s->cv.c = x->dim[3];
    s->cv.oh = out[0].shape.dim[1], s->cv.ow = out[0].shape.dim[2], s->cv.oc = out[0].shape.dim[3];
    s->cv.kh = p->filter_h, s->cv.kw = p->filter_w;
    ge_conv_geometry(p, s->cv.h, s->cv.w, p->filter_h, p->filter_w, &s->cv.g);
    /* the reference: y = clamp(zy + requant(v - zx, sx / sy)), empty window clamp(zy) */
    const int32_t zx = ge_qs8_zp(&in[0]), zy = ge_qs8_zp(&out[0]);
    int32_t lo, hi;
    ge_qs8_bounds(p->act, &out[0], &lo, &hi);
    const ge_q_mult m = ge_qs8_mult((double)ge_qs8_scale(&in[0]) / (double)ge_qs8_scale(&out[0]));
    s->identity = true;
    for (int32_t v = -128; v <= 127; v++) {
        s->lut[v + 128] = ge_q_requant_out(v - zx, m, zy, lo, hi);
        s->identity &= s->lut[v + 128] == v;
    }
    s->empty = (int8_t)ge_q_clamp_i32(zy, lo, hi);
    prep->state = s;
    prep->scratch_bytes = 0;
    return GLINT_SUCCESS;
}

typedef struct VQ_FN(qpool_job) {
    const VQ_FN(qpool_state) * s;
    const int8_t* x;
    int8_t* y;
    int64_t rows, per_task;
} VQ_FN(qpool_job);

static void VQ_FN(qmaxpool_task)(void* ctx, int32_t task, int32_t thread) {
    const VQ_FN(qpool_job)* j = ctx;
    const VQ_FN(qpool_state)* s = j->s;
    const ge_cpu_conv* cv = &s->cv;
    const ge_conv_geom* g = &cv->g;
    const int32_t C = cv->c;
    const int64_t r0 = (int64_t)task * j->per_task, r1 = ge_cpu_min64(r0 + j->per_task, j->rows);
    for (int64_t r = r0; r < r1; r++) {
        const int32_t oy = (int32_t)(r % cv->oh), n = (int32_t)(r / cv->oh);
        const int32_t iy0 = oy * g->stride_h - g->pad_top;
        const int32_t ky0 = (int32_t)ge_cpu_max64(0, -iy0), ky1 = (int32_t)ge_cpu_min64(cv->kh, cv->h - iy0);
        for (int32_t ox = 0; ox < cv->ow; ox++) {
            const int32_t ix0 = ox * g->stride_w - g->pad_left;
            const int32_t kx0 = (int32_t)ge_cpu_max64(0, -ix0), kx1 = (int32_t)ge_cpu_min64(cv->kw, cv->w - ix0);
            int8_t* restrict o = j->y + ((size_t)r * cv->ow + ox) * C;
            if (ky0 >= ky1 || kx0 >= kx1) {
                memset(o, (int)(uint8_t)s->empty, (size_t)C);
                continue;
            }
            /* tap (0, 0) of the window, which may lie outside the input: only taps inside are read */
            const int8_t* x0 = j->x + (((ptrdiff_t)n * cv->h + iy0) * cv->w + ix0) * (ptrdiff_t)C;
            int32_t c = 0;
            for (; c + 16 <= C; c += 16) { /* 16 channels in a local array: no aliasing, one vector max per tap */
                int8_t m[16];
                for (int32_t i = 0; i < 16; i++) m[i] = -128;
                for (int32_t ky = ky0; ky < ky1; ky++)
                    for (int32_t kx = kx0; kx < kx1; kx++) {
                        const int8_t* xp = x0 + ((size_t)ky * cv->w + (size_t)kx) * C + c;
                        for (int32_t i = 0; i < 16; i++) m[i] = xp[i] > m[i] ? xp[i] : m[i];
                    }
                memcpy(o + c, m, 16);
            }
            for (; c < C; c++) {
                int8_t m = -128;
                for (int32_t ky = ky0; ky < ky1; ky++)
                    for (int32_t kx = kx0; kx < kx1; kx++) {
                        const int8_t v = x0[((size_t)ky * cv->w + (size_t)kx) * C + c];
                        m = v > m ? v : m;
                    }
                o[c] = m;
            }
            if (!s->identity)
                for (int32_t k = 0; k < C; k++) o[k] = s->lut[o[k] + 128];
        }
    }
}

static void VQ_FN(qmaxpool_run)(const ge_cpu_call* call) {
    VQ_FN(qpool_job) j;
    j.s = call->state;
    j.x = call->in[0].data;
    j.y = call->out[0].data;
    j.rows = (int64_t)j.s->cv.n * j.s->cv.oh;
    const int32_t threads = gu_threadpool_threads(call->pool);
    j.per_task = threads > 1 ? ge_cpu_max64(1, ge_cpu_div_up(j.rows, 4 * (int64_t)threads)) : j.rows;
    gu_threadpool_run(call->pool, (int32_t)ge_cpu_div_up(j.rows, j.per_task), VQ_FN(qmaxpool_task), &j);
}

/* ---- MEAN over H and W of NHWC (the global average pool before the classifier heads) ----
 * acc[c] = sum over the H x W pixels of x - zx in int32, then the reference's requantisation by
 * sx / (sy * H * W) (same double expression), + zy, saturated: exactly ge_qs8_mean_ref. */

typedef struct VQ_FN(qmean_state) {
    int32_t n, hw, c, zx, zy;
    ge_q_mult mult;
} VQ_FN(qmean_state);

static bool VQ_FN(qmean_supports)(const ge_op* op, const ge_view* in, const ge_view* out) {
    if (op->num_inputs < 1 || op->num_outputs != 1 || in[0].dtype != GE_DTYPE_I8) return false;
    if (!ge_qs8_claims(op, in, out) || !ge_qs8_supports(op, in, out)) return false;
    const ge_shape* x = &in[0].shape;
    return x->rank == 4 && op->params.reduce.axes_mask == 0x6u &&
           ge_shape_elements(&out[0].shape) == (int64_t)x->dim[0] * x->dim[3] &&
           (int64_t)x->dim[1] * x->dim[2] <= (INT64_C(1) << 22); /* the int32 sums cannot overflow */
}

static glint_result VQ_FN(qmean_prepare)(const ge_op* op, const ge_view* in, const ge_view* out, ge_cpu_prep* prep,
                                         glint_error* err) {
    (void)op;
    VQ_FN(qmean_state)* s = gu_arena_alloc(prep->arena, sizeof(*s));
    if (!s) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "cpu kernels: out of memory");
    const ge_shape* x = &in[0].shape;
    s->n = x->dim[0], s->hw = x->dim[1] * x->dim[2], s->c = x->dim[3];
    s->zx = ge_qs8_zp(&in[0]);
    s->zy = ge_qs8_zp(&out[0]);
    s->mult = ge_qs8_mult((double)ge_qs8_scale(&in[0]) / ((double)ge_qs8_scale(&out[0]) * (double)s->hw));
    prep->state = s;
    prep->scratch_bytes = (size_t)s->c * sizeof(int32_t);
    return GLINT_SUCCESS;
}

static void VQ_FN(qmean_run)(const ge_cpu_call* call) {
    const VQ_FN(qmean_state)* s = call->state;
    int32_t* restrict acc = ge_cpu_scratch(call, 0);
    const int32_t C = s->c;
    for (int32_t n = 0; n < s->n; n++) {
        const int8_t* restrict x = (const int8_t*)call->in[0].data + (size_t)n * s->hw * C;
        int8_t* restrict y = (int8_t*)call->out[0].data + (size_t)n * C;
        for (int32_t c = 0; c < C; c++) acc[c] = -s->hw * s->zx;
        for (int32_t p = 0; p < s->hw; p++)
            for (int32_t c = 0; c < C; c++) acc[c] += x[(size_t)p * C + c];
        for (int32_t c = 0; c < C; c++) y[c] = ge_q_requant_out(acc[c], s->mult, s->zy, GE_Q_MIN, GE_Q_MAX);
    }
}

/* ---- PRELU (int8): the reference's two requantisations per element, lane by lane ----
 * d = x - zx; d >= 0: requant(d, sx / sy); d < 0: requant(d * (a[c] - za[c]), sx * sa[c] / sy);
 * + zy, saturated. alpha: one value or one per channel (last axis), a constant. */

typedef struct VQ_FN(qprelu_state) {
    int64_t rows;
    int32_t C, cblocks;
    int32_t zx, zy;
    vq_rq pos;
    int32_t* am;  /* cblocks x L: a - za (0 past C) */
    vq_rq* neg;   /* cblocks */
} VQ_FN(qprelu_state);

static bool VQ_FN(qprelu_supports)(const ge_op* op, const ge_view* in, const ge_view* out) {
    if (op->type != GE_OP_PRELU || op->num_inputs != 2 || op->num_outputs != 1 || in[0].dtype != GE_DTYPE_I8)
        return false;
    if (!ge_qs8_claims(op, in, out) || !ge_qs8_supports(op, in, out) || !in[1].data) return false;
    const ge_shape* x = &in[0].shape;
    if (!ge_shape_equal(x, &out[0].shape) || x->rank < 1) return false;
    const ge_shape* a = &in[1].shape;
    const int64_t na = ge_shape_elements(a);
    if (na == 1) return true;
    if (a->rank < 1 || a->rank > x->rank || a->dim[a->rank - 1] != x->dim[x->rank - 1]) return false;
    for (int32_t d = 0; d + 1 < a->rank; d++)
        if (a->dim[d] != 1) return false;
    return true;
}

static glint_result VQ_FN(qprelu_prepare)(const ge_op* op, const ge_view* in, const ge_view* out, ge_cpu_prep* prep,
                                          glint_error* err) {
    VQ_FN(qprelu_state)* s = gu_arena_alloc(prep->arena, sizeof(*s));
    if (!s) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "cpu kernels: out of memory");
    const ge_shape* x = &in[0].shape;
    s->C = x->dim[x->rank - 1];
    s->rows = s->C ? ge_shape_elements(x) / s->C : 0;
    s->cblocks = (int32_t)ge_cpu_div_up(s->C, VQ_L);
    s->zx = ge_qs8_zp(&in[0]);
    s->zy = ge_qs8_zp(&out[0]);
    const double ratio = (double)ge_qs8_scale(&in[0]) / (double)ge_qs8_scale(&out[0]);
    VQ_FN(rq_uniform)(&s->pos, ge_qs8_mult(ratio), 0);
    s->am = gu_arena_alloc(prep->arena, (size_t)s->cblocks * VQ_L * sizeof(int32_t));
    s->neg = gu_arena_alloc(prep->arena, (size_t)s->cblocks * sizeof(vq_rq));
    if (!s->am || !s->neg) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "cpu kernels: out of memory");
    const ge_view* a = &in[1];
    const int8_t* av = a->data;
    const bool one = ge_shape_elements(&a->shape) == 1;
    const ge_quant* aq = a->quant;
    for (int32_t cb = 0; cb < s->cblocks; cb++) {
        ge_q_mult m[VQ_L];
        int n = 0;
        for (int32_t j = 0; j < VQ_L; j++) {
            const int32_t c = cb * VQ_L + j;
            if (c >= s->C) {
                s->am[(size_t)cb * VQ_L + j] = 0;
                continue;
            }
            const int32_t ai = one ? 0 : c;          /* alpha's element for channel c */
            const int32_t ch = aq->count > 1 ? ai : 0; /* its quantization channel */
            s->am[(size_t)cb * VQ_L + j] = av[ai] - aq->zero_point[ch];
            m[j] = ge_qs8_mult(ratio * (double)aq->scale[ch]);
            n = j + 1;
        }
        vq_rq_pack(&s->neg[cb], m, n);
    }
    prep->state = s;
    prep->scratch_bytes = 0;
    return GLINT_SUCCESS;
}

GE_ALWAYS_INLINE vq_i32 VQ_FN(qprelu_lanes)(const VQ_FN(qprelu_state) * s, vq_i32 x, int32_t cb) {
    const vq_i32 d = vq_sub(x, vq_set1(s->zx));
    const vq_i32 pos = vq_requant(d, &s->pos);
    const vq_i32 neg = vq_requant(vq_mul(d, vq_load_i32(s->am + (size_t)cb * VQ_L)), &s->neg[cb]);
    const vq_i32 r = vq_add(vq_select_neg(d, neg, pos), vq_set1(s->zy));
    return vq_min(vq_max(r, vq_set1(GE_Q_MIN)), vq_set1(GE_Q_MAX));
}

typedef struct VQ_FN(qprelu_job) {
    const VQ_FN(qprelu_state) * s;
    const int8_t* x;
    int8_t* y;
    int64_t per_task;
} VQ_FN(qprelu_job);

static void VQ_FN(qprelu_task)(void* ctx, int32_t task, int32_t thread) {
    const VQ_FN(qprelu_job)* j = ctx;
    const VQ_FN(qprelu_state)* s = j->s;
    const int64_t r0 = (int64_t)task * j->per_task, r1 = ge_cpu_min64(r0 + j->per_task, s->rows);
    const int32_t full = s->C / VQ_L;
    for (int64_t r = r0; r < r1; r++) {
        const int8_t* x = j->x + r * s->C;
        int8_t* y = j->y + r * s->C;
        for (int32_t cb = 0; cb < full; cb++)
            vq_store_s8(y + cb * VQ_L, VQ_FN(qprelu_lanes)(s, vq_load_s8(x + cb * VQ_L), cb));
        if (full < s->cblocks) {
            const int n = s->C - full * VQ_L;
            vq_store_s8_part(y + full * VQ_L, VQ_FN(qprelu_lanes)(s, vq_load_s8_part(x + full * VQ_L, n), full), n);
        }
    }
}

static void VQ_FN(qprelu_run)(const ge_cpu_call* call) {
    VQ_FN(qprelu_job) j;
    j.s = call->state;
    j.x = call->in[0].data;
    j.y = call->out[0].data;
    const int32_t threads = gu_threadpool_threads(call->pool);
    const int64_t min_rows = ge_cpu_max64(1, 16384 / ge_cpu_max64(1, j.s->C));
    j.per_task = threads > 1 ? ge_cpu_max64(min_rows, ge_cpu_div_up(j.s->rows, 2 * (int64_t)threads)) : j.s->rows;
    if (j.per_task < 1) j.per_task = 1;
    gu_threadpool_run(call->pool, (int32_t)ge_cpu_div_up(j.s->rows, j.per_task), VQ_FN(qprelu_task), &j);
}
