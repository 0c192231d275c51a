/*
 * int8 (qs8) ADD and MUL of two tensors of the output's shape (residual connections),
 * instantiated per ISA: ge_qs8_add_<isa>, ge_qs8_mul_<isa>. The arithmetic is ge_q_add /
 * ge_q_mul (ge_quant_math.h) lane by lane, bit-exact: ADD rescales both inputs with 20
 * fraction bits, adds, requantises to the output; MUL requantises the product of the
 * zero-point-free inputs. Broadcasting ops stay on the reference kernel.
 */
#ifndef VQ_ISA
#error "include an ISA's ge_simdq_<isa>.h before this template"
#endif

typedef struct VQ_FN(qbin_state) {
    ge_op_type type;
    int64_t n;
    int32_t za, zb, zy, lo, hi;
    int32_t sha, shb; /* ADD: left shifts of a - za and b - zb */
    bool pure_a, pure_b; /* ADD: that input's rescale is the left shift alone (see add_pure_shift) */
    vq_rq ra, rb, ry; /* ADD: a, b and output multipliers; MUL: ry (with zy, see vq_rq_pack_zp) */
} VQ_FN(qbin_state);

static bool VQ_FN(qbin_supports)(const ge_op* op, const ge_view* in, const ge_view* out) {
    if (op->num_inputs != 2 || op->num_outputs != 1 || in[0].dtype != GE_DTYPE_I8 || in[1].dtype != GE_DTYPE_I8)
        return false;
    if (op->type != GE_OP_ADD && op->type != GE_OP_MUL) return false;
    if (!ge_qs8_claims(op, in, out) || !ge_qs8_supports(op, in, out)) return false;
    return ge_shape_equal(&in[0].shape, &out[0].shape) && ge_shape_equal(&in[1].shape, &out[0].shape);
}

static void VQ_FN(rq_uniform)(vq_rq* r, ge_q_mult m, int32_t zp) {
    ge_q_mult all[VQ_L];
    for (int i = 0; i < VQ_L; i++) all[i] = m;
    vq_rq_pack_zp(r, all, VQ_L, zp);
}

/*
 * ADD's input rescale requant((x - zx) << 20, M, s): x - zx has 20 zero bits below it, and
 * requant(v << j, M, s + j) = requant(v, M, s) exactly (numerator and denominator scaled by 2^j),
 * so an ISA with a cheaper form for large shifts (VQ_HAVE_RQ_ZP: s >= 33) gets the input shifted
 * further, while |x - zx| << (20 + j) stays below 2^30 (j <= 2; s >= 31 since the multiplier is at
 * most 1/2). Elsewhere j = 0.
 */
static void VQ_FN(add_input_shift)(ge_q_mult* m, int32_t* sh) {
    int32_t j = 0;
#if defined(VQ_HAVE_RQ_ZP)
    while (m->shift + j < 33 && j < 2) j++;
#endif
    m->shift += j;
    *sh = GE_Q_ADD_LEFT_SHIFT + j;
}

/*
 * The input with the larger scale (both, when the scales are equal) is rescaled by exactly 1/2:
 * M = 2^30, and requant(v << sh, 2^30, s) = floor(v * 2^(sh + 30 - s) + 1/2) = v << (sh + 30 - s)
 * whenever sh + 30 >= s (an integer plus one half, floored). Then the rescale is that shift alone.
 */
static bool VQ_FN(add_pure_shift)(ge_q_mult m, int32_t* sh) {
    if (m.mult != (INT32_C(1) << 30) || *sh + 30 < m.shift) return false;
    *sh += 30 - m.shift;
    return true;
}

static glint_result VQ_FN(qbin_prepare)(const ge_op* op, const ge_view* in, const ge_view* out, ge_cpu_prep* prep,
                                        glint_error* err) {
    VQ_FN(qbin_state)* s = gu_arena_alloc(prep->arena, sizeof(*s));
    if (!s) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "cpu kernels: out of memory");
    s->type = op->type;
    s->pure_a = s->pure_b = false;
    s->n = ge_shape_elements(&out[0].shape);
    const float sa = ge_qs8_scale(&in[0]), sb = ge_qs8_scale(&in[1]), sy = ge_qs8_scale(&out[0]);
    const int32_t za = ge_qs8_zp(&in[0]), zb = ge_qs8_zp(&in[1]), zy = ge_qs8_zp(&out[0]);
    bool ok;
    if (op->type == GE_OP_ADD) {
        ge_q_add_params p;
        ok = ge_q_add_params_init(sa, za, sb, zb, sy, zy, op->params.eltwise.act, &p);
        VQ_FN(add_input_shift)(&p.a, &s->sha);
        VQ_FN(add_input_shift)(&p.b, &s->shb);
        s->pure_a = VQ_FN(add_pure_shift)(p.a, &s->sha);
        s->pure_b = VQ_FN(add_pure_shift)(p.b, &s->shb);
        VQ_FN(rq_uniform)(&s->ra, p.a, 0);
        VQ_FN(rq_uniform)(&s->rb, p.b, 0);
        VQ_FN(rq_uniform)(&s->ry, p.out, zy);
        s->lo = p.lo;
        s->hi = p.hi;
    } else {
        ge_q_mul_params p;
        ok = ge_q_mul_params_init(sa, za, sb, zb, sy, zy, op->params.eltwise.act, &p);
        VQ_FN(rq_uniform)(&s->ry, p.out, zy);
        s->lo = p.lo;
        s->hi = p.hi;
    }
    if (!ok) return gu_errorf(err, GLINT_ERROR_MODEL_UNSUPPORTED, "cpu kernels: invalid int8 parameters");
    s->za = za;
    s->zb = zb;
    s->zy = zy;
    prep->state = s;
    prep->scratch_bytes = 0;
    return GLINT_SUCCESS;
}

/* requant(acc) + zy, not yet clamped */
GE_ALWAYS_INLINE vq_i32 VQ_FN(qbin_lanes_zp)(const bool ADD, const bool PA, const bool PB, const VQ_FN(qbin_state) * s,
                                             vq_i32 a, vq_i32 b) {
    a = vq_sub(a, vq_set1(s->za));
    b = vq_sub(b, vq_set1(s->zb));
    vq_i32 acc;
    const vq_i32 zero = vq_set1(0);
    if (ADD) {
        a = vq_shl(a, s->sha);
        b = vq_shl(b, s->shb);
        acc = vq_add(PA ? a : vq_requant_zp(a, &s->ra, zero), PB ? b : vq_requant_zp(b, &s->rb, zero));
    } else {
        acc = vq_mul(a, b);
    }
    return vq_requant_zp(acc, &s->ry, vq_set1(s->zy));
}

GE_ALWAYS_INLINE vq_i32 VQ_FN(qbin_lanes)(const bool ADD, const bool PA, const bool PB, const VQ_FN(qbin_state) * s,
                                          vq_i32 a, vq_i32 b) {
    return vq_min(vq_max(VQ_FN(qbin_lanes_zp)(ADD, PA, PB, s, a, b), vq_set1(s->lo)), vq_set1(s->hi));
}

typedef struct VQ_FN(qbin_job) {
    const VQ_FN(qbin_state) * s;
    const int8_t *a, *b;
    int8_t* y;
    int64_t per_task;
} VQ_FN(qbin_job);

GE_ALWAYS_INLINE void VQ_FN(qbin_span)(const bool ADD, const bool PA, const bool PB, const VQ_FN(qbin_state) * s,
                                       const int8_t* a, const int8_t* b, int8_t* y, int64_t n) {
    int64_t i = 0;
#if defined(VQ_HAVE_PACK4)
    const vq_s8x4 lo8 = vq_s8x4_set1(s->lo), hi8 = vq_s8x4_set1(s->hi);
    for (; i + 4 * VQ_L <= n; i += 4 * VQ_L) {
#define VQ_BIN_LANES(o) VQ_FN(qbin_lanes_zp)(ADD, PA, PB, s, vq_load_s8(a + i + (o)), vq_load_s8(b + i + (o)))
        const vq_s8x4 v = vq_pack4(VQ_BIN_LANES(0), VQ_BIN_LANES(VQ_L), VQ_BIN_LANES(2 * VQ_L), VQ_BIN_LANES(3 * VQ_L),
                                   lo8, hi8);
#undef VQ_BIN_LANES
        vq_store4x16(y + i, y + i + VQ_L, y + i + 2 * VQ_L, y + i + 3 * VQ_L, v, VQ_L);
    }
#endif
    for (; i + VQ_L <= n; i += VQ_L)
        vq_store_s8(y + i, VQ_FN(qbin_lanes)(ADD, PA, PB, s, vq_load_s8(a + i), vq_load_s8(b + i)));
    if (i < n) {
        const int r = (int)(n - i);
        const vq_i32 v = VQ_FN(qbin_lanes)(ADD, PA, PB, s, vq_load_s8_part(a + i, r), vq_load_s8_part(b + i, r));
        vq_store_s8_part(y + i, v, r);
    }
}

/* One task function per op, chosen once per run rather than per task. */
static void VQ_FN(qadd_task)(void* ctx, int32_t task, int32_t thread) {
    const VQ_FN(qbin_job)* j = ctx;
    const int64_t e0 = (int64_t)task * j->per_task, n = ge_cpu_min64(j->per_task, j->s->n - e0);
    const int8_t *a = j->a + e0, *b = j->b + e0;
    int8_t* y = j->y + e0;
    if (j->s->pure_a && j->s->pure_b)
        VQ_FN(qbin_span)(true, true, true, j->s, a, b, y, n);
    else if (j->s->pure_a)
        VQ_FN(qbin_span)(true, true, false, j->s, a, b, y, n);
    else if (j->s->pure_b)
        VQ_FN(qbin_span)(true, false, true, j->s, a, b, y, n);
    else
        VQ_FN(qbin_span)(true, false, false, j->s, a, b, y, n);
}
static void VQ_FN(qmul_task)(void* ctx, int32_t task, int32_t thread) {
    const VQ_FN(qbin_job)* j = ctx;
    const int64_t e0 = (int64_t)task * j->per_task, n = ge_cpu_min64(j->per_task, j->s->n - e0);
    VQ_FN(qbin_span)(false, false, false, j->s, j->a + e0, j->b + e0, j->y + e0, n);
}

static void VQ_FN(qbin_run)(const ge_cpu_call* call) {
    VQ_FN(qbin_job) j;
    j.s = call->state;
    j.a = call->in[0].data;
    j.b = call->in[1].data;
    j.y = call->out[0].data;
    const int32_t threads = gu_threadpool_threads(call->pool);
    int64_t per = threads > 1 ? ge_cpu_max64(16384, ge_cpu_div_up(j.s->n, 2 * (int64_t)threads)) : j.s->n;
    j.per_task = ge_cpu_max64(1, ge_cpu_div_up(per, VQ_L) * VQ_L);
    gu_threadpool_run(call->pool, (int32_t)ge_cpu_div_up(j.s->n, j.per_task),
                      j.s->type == GE_OP_ADD ? VQ_FN(qadd_task) : VQ_FN(qmul_task), &j);
}
