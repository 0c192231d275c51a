/*
 * int8 (qs8) DEPTHWISE_CONV2D (depth multiplier 1, dilation 1, any stride and padding),
 * instantiated per ISA like ge_qs8_gemm_tmpl.h:
 *
 *   ge_qs8_dwconv3x3_<isa>, ge_qs8_dwconv5x5_<isa>, ge_qs8_dwconv_<isa> (any size)
 *
 * Each output channel reads one input channel, so there is no reduction over channels for a
 * dot-product instruction to exploit: L channels of a pixel are widened to 32-bit lanes and
 * multiplied by the weights (int32, or exact f32 on AVX2: see VQ_DW_F32 below), or, with AVX-512
 * VNNI, four taps along a kernel row are made the four bytes of a lane (VQ_DW_QUAD). Interior pixels
 * (every tap inside the input) use a bias with
 * -x_zp * sum(taps' w) folded in, so a tap costs load-widen, multiply, add; border pixels
 * subtract x_zp per tap and skip the taps outside. Four interior pixels at a time share each
 * weight load. Requantisation, zero point and clamp as in the reference (bit-exact).
 * Filters are packed at load: [channel block][bias, folded bias, requant, KH*KW taps][L].
 */
#ifndef VQ_ISA
#error "include an ISA's ge_simdq_<isa>.h before this template"
#endif

/*
 * The tap arithmetic. Where the ISA says VQ_DW_F32 (x86, whose 32-bit integer multiply is slow)
 * taps are f32 FMAs on integer values: every product and partial sum is an integer below
 * 2^24 (at most 512 taps x 255 x 127), so the f32 result is exact and the integer conversion at
 * the end gives the reference's sum. Elsewhere int32 multiply-adds.
 */
#if defined(VQ_DW_F32)
typedef vq_f32 vq_dwacc;
typedef float vq_dwtap;
#define VQ_DW_ZERO() vq_f32_zero()
#define VQ_DW_W(p) vq_f32_load(p)
#define VQ_DW_X(p, PART, nl) ((PART) ? vq_s8_to_f32_part(p, nl) : vq_s8_to_f32(p))
#define VQ_DW_SUBZ(x, zx) vq_f32_sub(x, vq_f32_set1((float)(zx)))
#define VQ_DW_MAC(acc, x, w) vq_f32_fma(x, w, acc)
#define VQ_DW_FINISH(acc, bias) vq_add(bias, vq_f32_to_i32(acc))
#else
typedef vq_i32 vq_dwacc;
typedef int32_t vq_dwtap;
#define VQ_DW_ZERO() vq_set1(0)
#define VQ_DW_W(p) vq_load_i32(p)
#define VQ_DW_X(p, PART, nl) ((PART) ? vq_load_s8_part(p, nl) : vq_load_s8(p))
#define VQ_DW_SUBZ(x, zx) vq_sub(x, vq_set1(zx))
#define VQ_DW_MAC(acc, x, w) vq_add(acc, vq_mul(x, w))
#define VQ_DW_FINISH(acc, bias) vq_add(bias, acc)
#endif
#define VQ_DW_MAX_TAPS 512
/*
 * VQ_DW_QUAD (AVX-512 VNNI): four taps of a kernel row per VPDPBUSD. Each input row of a channel
 * block becomes a ring row of "quads": column j, lane c = the bytes x ^ 0x80 of input columns
 * j .. j+3 (padding columns hold x_zp), so an output pixel's kernel row is ceil(KW / 4) dot
 * steps against the taps packed the same way (0 past KW). All taps, padding included, are
 * summed with x + 128, so -(128 + x_zp) * sum(w) is folded into the bias and rows outside the
 * input read a ring row of x_zp quads.
 */
/*
 * An ISA may make the lanes of the ring pairs instead of quads (VQ_DWQ_P = 2: AVX2, two int16 taps
 * per VPMADDWD lane) with its own column format through these hooks; the defaults are the quads:
 *   VQ_DWQ_COLB            bytes of one column of L channels in the flat row
 *   VQ_DWQ_OFFSET(zx)      the value a padding tap holds (its product with sum(w) is folded)
 *   vq_dwq_put_tap         tap i of lane `lane` (in units of one ring lane) of the packed taps
 *   vq_dwq_fill            bytes of padding columns (x_zp) in the flat row's format
 *   vq_dwq_fill_ring       bytes of padding lanes (x_zp) in the ring's format
 */
#if !defined(VQ_DWQ_P)
#define VQ_DWQ_P 4
#endif
#define VQ_DWQ_NQ(kw) (((kw) + VQ_DWQ_P - 1) / VQ_DWQ_P)
#if defined(VQ_DW_QUAD) && !defined(VQ_DWQ_COLB)
#define VQ_DWQ_COLB VQ_L
#define VQ_DWQ_OFFSET(zx) (128 + (zx))
static inline void vq_dwq_put_tap(uint8_t* taps, size_t lane, int i, int8_t w) {
    taps[lane * 4 + (size_t)i] = (uint8_t)w;
}
static inline void vq_dwq_fill(uint8_t* dst, int32_t bytes, int32_t zx) {
    vq_fill_span(dst, bytes, (uint8_t)((uint8_t)(int8_t)zx ^ 0x80u));
}
static inline void vq_dwq_fill_ring(uint8_t* dst, int32_t bytes, int32_t zx) { vq_dwq_fill(dst, bytes, zx); }
#endif
/*
 * A last block of at most L/2 channels (C % 16 in 1..8 with 16 lanes, e.g. C = 24) would leave
 * half its lanes idle: with VQ_DWQ_HALVES it is "paired", lanes L/2.. carrying the same channels
 * for the next output pixel (ring columns shifted by the stride), so one vector makes two pixels.
 */
#if defined(VQ_DW_QUAD) && defined(VQ_HAVE_HALVES)
#define VQ_DWQ_PAIRED(nl) ((nl) <= VQ_L / 2)
#else
#define VQ_DWQ_PAIRED(nl) 0
#endif
#if defined(VQ_DW_QUAD)
#define VQ_DW_X_OFFSET(zx) VQ_DWQ_OFFSET(zx)
#else
#define VQ_DW_X_OFFSET(zx) (zx)
#endif

typedef struct VQ_FN(qdw_state) {
    ge_cpu_conv cv;
    int32_t cblocks;
    int32_t ring_w, ring_c; /* VQ_DW_F32: padded row width (pixels) and channels of the f32 row ring */
    size_t block_bytes;
    int32_t zx, zy, lo, hi;
    const uint8_t* packed;
} VQ_FN(qdw_state);

/* Offsets inside one packed channel block. */
#define VQ_DW_BIAS 0
#define VQ_DW_FOLDED (VQ_L * 4)
#define VQ_DW_RQ (2 * VQ_L * 4)
#define VQ_DW_TAPS (2 * VQ_L * 4 + sizeof(vq_rq))

static bool VQ_FN(qdw_supports_any)(const ge_op* op, const ge_view* in, const ge_view* out) {
    ge_cpu_conv cv;
    if (!VQ_FN(qconv_ok)(op, in, out, &cv)) return false;
    return in[1].shape.dim[0] == 1 && in[1].shape.dim[3] == cv.c && cv.oc == cv.c && cv.g.dilation_h == 1 &&
           cv.g.dilation_w == 1 && cv.kh * cv.kw <= VQ_DW_MAX_TAPS;
}
static bool VQ_FN(qdw3x3_supports)(const ge_op* op, const ge_view* in, const ge_view* out) {
    return VQ_FN(qdw_supports_any)(op, in, out) && in[1].shape.dim[1] == 3 && in[1].shape.dim[2] == 3;
}
static bool VQ_FN(qdw5x5_supports)(const ge_op* op, const ge_view* in, const ge_view* out) {
    return VQ_FN(qdw_supports_any)(op, in, out) && in[1].shape.dim[1] == 5 && in[1].shape.dim[2] == 5;
}

static glint_result VQ_FN(qdw_prepare)(const ge_op* op, const ge_view* in, const ge_view* out, ge_cpu_prep* prep,
                                       glint_error* err) {
    VQ_FN(qdw_state)* s = gu_arena_alloc(prep->arena, sizeof(*s));
    if (!s) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "cpu kernels: out of memory");
    ge_cpu_conv_resolve(op, in, out, &s->cv);
    s->zx = ge_qs8_zp(&in[0]);
    s->zy = ge_qs8_zp(&out[0]);
    ge_qs8_bounds(op->params.conv.act, &out[0], &s->lo, &s->hi);
    const int32_t C = s->cv.c, T = s->cv.kh * s->cv.kw;
    s->cblocks = (int32_t)ge_cpu_div_up(C, VQ_L);
#if defined(VQ_DW_QUAD)
    const int32_t KW = s->cv.kw, NQ = VQ_DWQ_NQ(KW);
    const size_t taps_bytes = (size_t)s->cv.kh * NQ * VQ_L * 4;
#else
    const size_t taps_bytes = (size_t)T * VQ_L * sizeof(vq_dwtap);
#endif
    s->block_bytes = (VQ_DW_TAPS + taps_bytes + 63) / 64 * 64;
    uint8_t* p = gu_arena_alloc(prep->arena, s->block_bytes * (size_t)s->cblocks);
    if (!p) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "cpu kernels: out of memory packing weights");
    memset(p, 0, s->block_bytes * (size_t)s->cblocks); /* taps past KW and lanes past C weigh 0 */
    const int8_t* w = in[1].data;
    const int32_t* b = ge_cpu_present(op, 2) ? in[2].data : NULL;
    const double sx = ge_qs8_scale(&in[0]), sy = ge_qs8_scale(&out[0]);
    for (int32_t cb = 0; cb < s->cblocks; cb++) {
        uint8_t* d = p + (size_t)cb * s->block_bytes;
        int32_t* bias = (int32_t*)(void*)(d + VQ_DW_BIAS);
        int32_t* folded = (int32_t*)(void*)(d + VQ_DW_FOLDED);
        vq_dwtap* taps = (vq_dwtap*)(void*)(d + VQ_DW_TAPS);
        (void)taps;
        const int32_t c0 = cb * VQ_L, nl = (int32_t)ge_cpu_min64(VQ_L, C - c0);
        ge_q_mult mult[VQ_L];
        for (int32_t j = 0; j < nl; j++) {
            int64_t sum = 0;
            for (int32_t t = 0; t < T; t++) {
#if defined(VQ_DW_QUAD)
                const int32_t ky = t / KW, kx = t % KW;
                vq_dwq_put_tap(d + VQ_DW_TAPS, ((size_t)ky * NQ + kx / VQ_DWQ_P) * VQ_L + j, kx % VQ_DWQ_P,
                               w[(size_t)t * C + c0 + j]);
#else
                taps[(size_t)t * VQ_L + j] = (vq_dwtap)w[(size_t)t * C + c0 + j];
#endif
                sum += w[(size_t)t * C + c0 + j];
            }
            bias[j] = b ? b[c0 + j] : 0;
            folded[j] = bias[j] - (int32_t)(VQ_DW_X_OFFSET(s->zx) * sum);
            mult[j] = ge_qs8_mult(sx * (double)ge_qs8_channel_scale(&in[1], c0 + j) / sy);
        }
#if defined(VQ_DW_QUAD)
        if (VQ_DWQ_PAIRED(nl)) { /* lanes L/2.. repeat lanes 0.. (the next pixel's) */
            const int32_t H = VQ_L / 2;
            for (int32_t j = nl; j < H; j++) mult[j] = mult[0];
            for (int32_t j = 0; j < H; j++) {
                bias[H + j] = bias[j];
                folded[H + j] = folded[j];
                mult[H + j] = mult[j];
            }
            for (int32_t r = 0; r < s->cv.kh * NQ; r++)
                memcpy(d + VQ_DW_TAPS + ((size_t)r * VQ_L + H) * 4, d + VQ_DW_TAPS + (size_t)r * VQ_L * 4, (size_t)H * 4);
            vq_rq_pack_zp((vq_rq*)(void*)(d + VQ_DW_RQ), mult, VQ_L, s->zy);
            continue;
        }
#endif
        vq_rq_pack_zp((vq_rq*)(void*)(d + VQ_DW_RQ), mult, nl, s->zy);
    }
    s->packed = p;
    prep->state = s;
    prep->scratch_bytes = 0;
#if defined(VQ_DW_QUAD)
    /* KH ring rows + one row of padding quads, and the flipped, padded input row they are made of */
    s->ring_w = (s->cv.ow - 1) * s->cv.g.stride_w + VQ_DWQ_P * (NQ - 1) + 1;
    s->ring_c = VQ_L;
    prep->scratch_bytes = (size_t)(s->cv.kh + 1) * ((size_t)s->ring_w * VQ_L * 4 + 64) +
                          ((size_t)s->ring_w + VQ_DWQ_P - 1 + s->cv.g.stride_w) * VQ_DWQ_COLB + 64;
#elif defined(VQ_DW_F32)
    /* KH rows of one channel block of the input as f32 (x - x_zp), zero columns for the padding */
    s->ring_w = (s->cv.ow - 1) * s->cv.g.stride_w + s->cv.kw;
    if (s->ring_w < s->cv.g.pad_left + s->cv.w) s->ring_w = s->cv.g.pad_left + s->cv.w;
    s->ring_c = VQ_L;
    prep->scratch_bytes = (size_t)s->cv.kh * ((size_t)s->ring_w * s->ring_c * sizeof(float) + 64);
#endif
    return GLINT_SUCCESS;
}

#if defined(VQ_DW_QUAD)
typedef struct VQ_FN(qdwq_ring) {
    uint8_t* row[VQ_DW_MAX_TAPS];
    int32_t tag[VQ_DW_MAX_TAPS]; /* input row held by each slot, -1: none */
    uint8_t* pad_row;            /* quads of x_zp, for the rows outside the input */
    uint8_t* flat;               /* one input row of the block, flipped and padded: VQ_DWQ_COLB bytes a column */
} VQ_FN(qdwq_ring);

/* Ring row of input row xrow (channels c0..), columns j = 0, step, 2 step, ... (the others unread).
 * Paired block: flat column j takes its upper half from column j + stride first. */
static void VQ_FN(qdwq_fill)(const VQ_FN(qdw_state) * s, const int8_t* xrow, int32_t c0, uint8_t* flat, uint8_t* dst,
                             int32_t step) {
    const ge_cpu_conv* cv = &s->cv;
    const int32_t pl = cv->g.pad_left, C = cv->c, sw = cv->g.stride_w;
    const int n = (int)ge_cpu_min64(VQ_L, C - c0);
    const bool paired = VQ_DWQ_PAIRED(n);
    const int32_t cols = s->ring_w + VQ_DWQ_P - 1 + (paired ? sw : 0);
    const int32_t ix0 = (int32_t)ge_cpu_min64(pl, cols), ix1 = (int32_t)ge_cpu_max64(ix0, ge_cpu_min64(cols, (int64_t)pl + cv->w));
    const size_t CB = VQ_DWQ_COLB;
    if (ix0 > 0) vq_dwq_fill(flat, ix0 * (int32_t)CB, s->zx);
    for (int32_t j = ix0; j < ix1; j++) vq_dwq_col(flat + (size_t)j * CB, xrow + (size_t)(j - pl) * C + c0, n);
    if (ix1 < cols) vq_dwq_fill(flat + (size_t)ix1 * CB, (cols - ix1) * (int32_t)CB, s->zx);
#if defined(VQ_HAVE_HALVES)
    if (paired)
        for (int32_t j = 0; j < s->ring_w + 3; j++) vq_dwq_pair_col(flat + (size_t)j * CB, flat + (size_t)(j + sw) * CB);
#endif
    for (int32_t j = 0; j < s->ring_w; j += step) vq_dwq_transpose(dst + (size_t)j * VQ_L * 4, flat + (size_t)j * CB);
}

/* NP pixels of one channel block; SW = 1 makes the stride a compile-time 1 (shared loads). */
GE_ALWAYS_INLINE void VQ_FN(qdwq_pixels)(const int KWC, const int NP, const int SW, const bool PART, const bool PAIR,
                                         int32_t kw_rt,
                                         int nl, const uint8_t* const* rows, int32_t kh, size_t col0,
                                         size_t px_stride_rt, const uint8_t* blk, int8_t* y, size_t y_stride,
                                         const VQ_FN(qdw_state) * s) {
    const int32_t NQ = VQ_DWQ_NQ(KWC ? KWC : kw_rt);
    const size_t QB = (size_t)VQ_L * 4; /* bytes of one column of quads */
    const size_t px_stride = SW == 1 ? QB : px_stride_rt;
    const uint8_t* taps = blk + VQ_DW_TAPS;
    const vq_i32 b = vq_load_i32((const int32_t*)(const void*)(blk + VQ_DW_FOLDED));
    vq_i32 acc[8];
#pragma GCC unroll 8
    for (int p = 0; p < NP; p++) acc[p] = b;
    for (int32_t ky = 0; ky < kh; ky++) {
        const uint8_t* xr = rows[ky] + col0;
        const uint8_t* wr = taps + (size_t)ky * NQ * QB;
#pragma GCC unroll 4
        for (int32_t q = 0; q < NQ; q++) {
            const vq_w w = vq_load_w(wr + (size_t)q * QB);
#pragma GCC unroll 8
            for (int p = 0; p < NP; p++)
                acc[p] = vq_dot(acc[p],
                                vq_load_i32((const int32_t*)(const void*)(xr + (size_t)p * px_stride +
                                                                          (size_t)q * VQ_DWQ_P * QB)),
                                w);
        }
    }
    const vq_rq* rq = (const vq_rq*)(const void*)(blk + VQ_DW_RQ);
    const vq_i32 vzy = vq_set1(s->zy);
#if defined(VQ_HAVE_PACK4)
    if (NP % 4 == 0) {
        const vq_s8x4 lo8 = vq_s8x4_set1(s->lo), hi8 = vq_s8x4_set1(s->hi);
#pragma GCC unroll 2
        for (int p = 0; p < NP; p += 4) {
            const vq_s8x4 v = vq_pack4(vq_requant_zp(acc[p], rq, vzy), vq_requant_zp(acc[p + 1], rq, vzy),
                                       vq_requant_zp(acc[p + 2], rq, vzy), vq_requant_zp(acc[p + 3], rq, vzy), lo8, hi8);
#if defined(VQ_HAVE_HALVES)
            if (PAIR) { /* vector p: pixels 2p and 2p + 1 */
                int8_t* yp = y + (size_t)(2 * p) * y_stride;
                vq_store4x2x8(yp, y_stride, v, nl);
                continue;
            }
#endif
            int8_t* yp = y + (size_t)p * y_stride;
            vq_store4x16(yp, yp + y_stride, yp + 2 * y_stride, yp + 3 * y_stride, v, PART ? nl : VQ_L);
        }
        return;
    }
#endif
    const vq_i32 vlo = vq_set1(s->lo), vhi = vq_set1(s->hi);
#pragma GCC unroll 8
    for (int p = 0; p < NP; p++) {
        const vq_i32 r = vq_min(vq_max(vq_requant_zp(acc[p], rq, vzy), vlo), vhi);
#if defined(VQ_HAVE_HALVES)
        if (PAIR) { /* pixels 2p and 2p + 1, the second only when it exists (y_stride 0: it does not) */
            vq_store_s8_halves(y + (size_t)(2 * p) * y_stride, y_stride, r, nl);
            continue;
        }
#endif
        if (PART)
            vq_store_s8_part(y + (size_t)p * y_stride, r, nl);
        else
            vq_store_s8(y + (size_t)p * y_stride, r);
    }
}

/* One output row of channel block cb: groups of NP pixels, the last overlapping the one before. */
GE_ALWAYS_INLINE void VQ_FN(qdwq_row)(const int KWC, const VQ_FN(qdw_state) * s, VQ_FN(qdwq_ring) * ring,
                                      const int8_t* xn, int8_t* yrow, int32_t oy, int32_t cb) {
    const ge_cpu_conv* cv = &s->cv;
    const int32_t KW = KWC ? KWC : cv->kw, sw = cv->g.stride_w;
    const int32_t iy0 = oy * cv->g.stride_h - cv->g.pad_top;
    const int32_t c0 = cb * VQ_L;
    /* only the columns that some pixel reads: multiples of the stride when it divides VQ_DWQ_P */
    const int32_t step = VQ_DWQ_P % sw == 0 ? sw : 1;
    const uint8_t* rows[VQ_DW_MAX_TAPS];
    for (int32_t ky = 0; ky < cv->kh; ky++) {
        const int32_t iy = iy0 + ky;
        if (iy < 0 || iy >= cv->h) {
            rows[ky] = ring->pad_row;
            continue;
        }
        const int32_t slot = iy % cv->kh;
        if (ring->tag[slot] != iy) {
            VQ_FN(qdwq_fill)(s, xn + (size_t)iy * cv->w * cv->c, c0, ring->flat, ring->row[slot], step);
            ring->tag[slot] = iy;
        }
        rows[ky] = ring->row[slot];
    }
    const size_t QB = (size_t)VQ_L * 4, px_stride = (size_t)sw * QB, ys = (size_t)cv->oc;
    const int nl = (int)ge_cpu_min64(VQ_L, cv->c - c0);
    const uint8_t* blk = s->packed + (size_t)cb * s->block_bytes;
    const bool part = nl < VQ_L;
    const int32_t ow = cv->ow;
#define VQ_DWQ_CALL(NP_, SW_, PART_)                                                                             \
    VQ_FN(qdwq_pixels)(KWC, NP_, SW_, PART_, false, KW, nl, rows, cv->kh, (size_t)ox * px_stride, px_stride, blk, \
                       yrow + (size_t)ox * ys + c0, ys, s)
#define VQ_DWQ_GROUPS(NP_, SW_, PART_)            \
    for (int32_t ox = 0;; ox += NP_) {            \
        if (ox + NP_ > ow) ox = ow - NP_;         \
        VQ_DWQ_CALL(NP_, SW_, PART_);             \
        if (ox + NP_ >= ow) break;                \
    }
#if defined(VQ_HAVE_HALVES)
    if (VQ_DWQ_PAIRED(nl)) { /* vectors of two pixels: 4 vectors = 8 pixels, pairs, or a lone pixel */
        const size_t pair_stride = 2 * px_stride;
        if (ow >= 8) {
            for (int32_t ox = 0;; ox += 8) {
                if (ox + 8 > ow) ox = ow - 8;
                VQ_FN(qdwq_pixels)(KWC, 4, 0, true, true, KW, nl, rows, cv->kh, (size_t)ox * px_stride, pair_stride, blk,
                                   yrow + (size_t)ox * ys + c0, ys, s);
                if (ox + 8 >= ow) break;
            }
        } else if (ow >= 2) {
            for (int32_t ox = 0;; ox += 2) {
                if (ox + 2 > ow) ox = ow - 2;
                VQ_FN(qdwq_pixels)(KWC, 1, 0, true, true, KW, nl, rows, cv->kh, (size_t)ox * px_stride, pair_stride, blk,
                                   yrow + (size_t)ox * ys + c0, ys, s);
                if (ox + 2 >= ow) break;
            }
        } else {
            VQ_FN(qdwq_pixels)(KWC, 1, 0, true, true, KW, nl, rows, cv->kh, 0, pair_stride, blk, yrow + c0, 0, s);
        }
        return;
    }
#endif
    if (sw == 1 && ow >= 8) {
        if (part) {
            VQ_DWQ_GROUPS(8, 1, true)
        } else {
            VQ_DWQ_GROUPS(8, 1, false)
        }
    } else if (ow >= 4) {
        if (sw == 1) {
            if (part) {
                VQ_DWQ_GROUPS(4, 1, true)
            } else {
                VQ_DWQ_GROUPS(4, 1, false)
            }
        } else if (part) {
            VQ_DWQ_GROUPS(4, 0, true)
        } else {
            VQ_DWQ_GROUPS(4, 0, false)
        }
    } else {
        for (int32_t ox = 0; ox < ow; ox++) {
            if (part)
                VQ_DWQ_CALL(1, 0, true);
            else
                VQ_DWQ_CALL(1, 0, false);
        }
    }
#undef VQ_DWQ_GROUPS
#undef VQ_DWQ_CALL
}
#endif

#if defined(VQ_DW_F32)
/*
 * The x86 path: each input row of a block of L channels is converted once to f32 (x - x_zp)
 * into a ring of KH rows with zero columns where the padding is, so every tap of every output
 * pixel is one FMA with a memory operand and there is no border case in x; rows outside the
 * input are skipped. The channel block is the outer loop so that the ring (KH rows x L lanes)
 * stays in L1 whatever the number of channels: a ring of all channels streams from L2.
 */
typedef struct VQ_FN(qdw_ring) {
    float* row[VQ_DW_MAX_TAPS];
    int32_t tag[VQ_DW_MAX_TAPS]; /* input row held by each slot, -1: none */
} VQ_FN(qdw_ring);

static void VQ_FN(qdw_fill)(const VQ_FN(qdw_state) * s, const int8_t* xrow, int32_t c0, float* dst) {
    const ge_cpu_conv* cv = &s->cv;
    const int32_t pl = cv->g.pad_left, C = cv->c;
    memset(dst, 0, (size_t)pl * VQ_L * sizeof(float));
    memset(dst + (size_t)(pl + cv->w) * VQ_L, 0, (size_t)(s->ring_w - pl - cv->w) * VQ_L * sizeof(float));
    const vq_f32 zx = vq_f32_set1((float)s->zx);
    const int8_t* xp = xrow + c0;
    float* d = dst + (size_t)pl * VQ_L;
    if (c0 + VQ_L <= C)
        for (int32_t ix = 0; ix < cv->w; ix++) vq_f32_store(d + (size_t)ix * VQ_L, vq_f32_sub(vq_s8_to_f32(xp + (size_t)ix * C), zx));
    else
        for (int32_t ix = 0; ix < cv->w; ix++)
            vq_f32_store(d + (size_t)ix * VQ_L, vq_f32_sub(vq_s8_to_f32_part(xp + (size_t)ix * C, C - c0), zx));
}

/* NP pixels; SW = 1 makes the stride a compile-time 1, so the loads of the taps that pixels
 * share (column ox + p + kx) are the same expression and are loaded once. */
GE_ALWAYS_INLINE void VQ_FN(qdw_ring_pixels)(const int KWC, const int NP, const int SW, const bool PART, int32_t kw_rt,
                                             int nl, float* const* rows, int32_t ky0, int32_t ky1, size_t col0,
                                             size_t px_stride_rt, size_t RC, const uint8_t* blk, int8_t* y,
                                             size_t y_stride, const VQ_FN(qdw_state) * s) {
    const int32_t KW = KWC ? KWC : kw_rt;
    const size_t px_stride = SW == 1 ? RC : px_stride_rt;
    const float* taps = (const float*)(const void*)(blk + VQ_DW_TAPS);
    vq_f32 acc[8];
#pragma GCC unroll 8
    for (int p = 0; p < NP; p++) acc[p] = vq_f32_zero();
    for (int32_t ky = ky0; ky < ky1; ky++) {
        const float* xr = rows[ky] + col0;
        const float* wr = taps + (size_t)ky * KW * VQ_L;
#pragma GCC unroll 8
        for (int32_t kx = 0; kx < KW; kx++) {
            const vq_f32 w = vq_f32_load(wr + (size_t)kx * VQ_L);
#pragma GCC unroll 8
            for (int p = 0; p < NP; p++)
                acc[p] = vq_f32_fma(vq_f32_load(xr + (size_t)p * px_stride + (size_t)kx * RC), w, acc[p]);
        }
    }
    const vq_i32 b = vq_load_i32((const int32_t*)(const void*)(blk + VQ_DW_BIAS));
    const vq_rq* rq = (const vq_rq*)(const void*)(blk + VQ_DW_RQ);
    const vq_i32 vzy = vq_set1(s->zy), vlo = vq_set1(s->lo), vhi = vq_set1(s->hi);
#if defined(VQ_HAVE_PACK4)
    if (NP % 4 == 0) {
        const vq_s8x4 lo8 = vq_s8x4_set1(s->lo), hi8 = vq_s8x4_set1(s->hi);
#pragma GCC unroll 2
        for (int p = 0; p < NP; p += 4) {
            const vq_s8x4 v = vq_pack4(vq_requant_zp(vq_add(b, vq_f32_to_i32(acc[p])), rq, vzy),
                                       vq_requant_zp(vq_add(b, vq_f32_to_i32(acc[p + 1])), rq, vzy),
                                       vq_requant_zp(vq_add(b, vq_f32_to_i32(acc[p + 2])), rq, vzy),
                                       vq_requant_zp(vq_add(b, vq_f32_to_i32(acc[p + 3])), rq, vzy), lo8, hi8);
            int8_t* yp = y + (size_t)p * y_stride;
            vq_store4x16(yp, yp + y_stride, yp + 2 * y_stride, yp + 3 * y_stride, v, PART ? nl : VQ_L);
        }
        return;
    }
#endif
#pragma GCC unroll 8
    for (int p = 0; p < NP; p++) {
        vq_i32 r = vq_min(vq_max(vq_requant_zp(vq_add(b, vq_f32_to_i32(acc[p])), rq, vzy), vlo), vhi);
        if (PART)
            vq_store_s8_part(y + (size_t)p * y_stride, r, nl);
        else
            vq_store_s8(y + (size_t)p * y_stride, r);
    }
}

/* One output row of channel block cb. Groups of NP pixels; a row that is not a multiple of NP
 * ends with a group overlapping the previous one (the same outputs stored twice), not singles. */
GE_ALWAYS_INLINE void VQ_FN(qdw_ring_row)(const int KWC, const VQ_FN(qdw_state) * s, VQ_FN(qdw_ring) * ring,
                                          const int8_t* xn, int8_t* yrow, int32_t oy, int32_t cb) {
    const ge_cpu_conv* cv = &s->cv;
    const int32_t KW = KWC ? KWC : cv->kw, RC = VQ_L;
    const int32_t iy0 = oy * cv->g.stride_h - cv->g.pad_top;
    const int32_t ky0 = (int32_t)ge_cpu_max64(0, -iy0), ky1 = (int32_t)ge_cpu_min64(cv->kh, cv->h - iy0);
    const int32_t c0 = cb * VQ_L;
    float* rows[VQ_DW_MAX_TAPS];
    for (int32_t ky = ky0; ky < ky1; ky++) {
        const int32_t iy = iy0 + ky, slot = iy % cv->kh;
        if (ring->tag[slot] != iy) {
            VQ_FN(qdw_fill)(s, xn + (size_t)iy * cv->w * cv->c, c0, ring->row[slot]);
            ring->tag[slot] = iy;
        }
        rows[ky] = ring->row[slot];
    }
    const size_t px_stride = (size_t)cv->g.stride_w * RC, ys = (size_t)cv->oc;
    const int nl = (int)ge_cpu_min64(VQ_L, cv->c - c0);
    const uint8_t* blk = s->packed + (size_t)cb * s->block_bytes;
    const bool part = nl < VQ_L;
    const int32_t ow = cv->ow;
#define VQ_DW_RING_CALL(NP_, SW_, PART_)                                                                     \
    VQ_FN(qdw_ring_pixels)(KWC, NP_, SW_, PART_, KW, nl, rows, ky0, ky1, (size_t)ox * px_stride, px_stride, RC, \
                           blk, yrow + (size_t)ox * ys + c0, ys, s)
#define VQ_DW_RING_GROUPS(NP_, SW_, PART_)                                     \
    for (int32_t ox = 0;; ox += NP_) {                                         \
        if (ox + NP_ > ow) ox = ow - NP_;                                      \
        VQ_DW_RING_CALL(NP_, SW_, PART_);                                      \
        if (ox + NP_ >= ow) break;                                             \
    }
    if (cv->g.stride_w == 1 && ow >= 8) {
        if (part) {
            VQ_DW_RING_GROUPS(8, 1, true)
        } else {
            VQ_DW_RING_GROUPS(8, 1, false)
        }
    } else if (ow >= 4) {
        if (cv->g.stride_w == 1) {
            if (part) {
                VQ_DW_RING_GROUPS(4, 1, true)
            } else {
                VQ_DW_RING_GROUPS(4, 1, false)
            }
        } else if (part) {
            VQ_DW_RING_GROUPS(4, 0, true)
        } else {
            VQ_DW_RING_GROUPS(4, 0, false)
        }
    } else {
        for (int32_t ox = 0; ox < ow; ox++) {
            if (part)
                VQ_DW_RING_CALL(1, 0, true);
            else
                VQ_DW_RING_CALL(1, 0, false);
        }
    }
#undef VQ_DW_RING_GROUPS
#undef VQ_DW_RING_CALL
}
#endif

/*
 * NP output pixels of one row and one channel block; x at the input of tap (ky = 0, kx = 0) of
 * the first pixel, channel c0; taps [ky0, ky1) x [kx0, kx1) are inside the input. FULL: every
 * tap of the kernel is inside (folded bias, no zero-point subtraction).
 */
GE_ALWAYS_INLINE void VQ_FN(qdw_pixels)(const int KWC, const int NP, const bool PART, const bool FULL, int32_t kw_rt,
                                        int nl, const int8_t* x, size_t row_stride, size_t px_stride, size_t C,
                                        int32_t ky0, int32_t ky1, int32_t kx0, int32_t kx1, const uint8_t* blk,
                                        int8_t* y, size_t y_stride, const VQ_FN(qdw_state) * s) {
    const int32_t KW = KWC ? KWC : kw_rt;
    const vq_dwtap* taps = (const vq_dwtap*)(const void*)(blk + VQ_DW_TAPS);
    vq_dwacc acc[4];
#pragma GCC unroll 4
    for (int p = 0; p < NP; p++) acc[p] = VQ_DW_ZERO();
    for (int32_t ky = ky0; ky < ky1; ky++) {
        const int8_t* xr = x + (size_t)ky * row_stride;
        const vq_dwtap* wr = taps + (size_t)ky * KW * VQ_L;
#pragma GCC unroll 8
        for (int32_t kx = kx0; kx < kx1; kx++) {
            const vq_dwacc w = VQ_DW_W(wr + (size_t)kx * VQ_L);
#pragma GCC unroll 4
            for (int p = 0; p < NP; p++) {
                const int8_t* xp = xr + (size_t)p * px_stride + (size_t)kx * C;
                vq_dwacc xv = VQ_DW_X(xp, PART, nl);
                if (!FULL) xv = VQ_DW_SUBZ(xv, s->zx);
                acc[p] = VQ_DW_MAC(acc[p], xv, w);
            }
        }
    }
    const vq_i32 b = vq_load_i32((const int32_t*)(const void*)(blk + (FULL ? VQ_DW_FOLDED : VQ_DW_BIAS)));
    const vq_rq* rq = (const vq_rq*)(const void*)(blk + VQ_DW_RQ);
    const vq_i32 vzy = vq_set1(s->zy), vlo = vq_set1(s->lo), vhi = vq_set1(s->hi);
#pragma GCC unroll 4
    for (int p = 0; p < NP; p++) {
        vq_i32 r = vq_min(vq_max(vq_requant_zp(VQ_DW_FINISH(acc[p], b), rq, vzy), vlo), vhi);
        if (PART)
            vq_store_s8_part(y + (size_t)p * y_stride, r, nl);
        else
            vq_store_s8(y + (size_t)p * y_stride, r);
    }
}

GE_ALWAYS_INLINE void VQ_FN(qdw_row_block)(const int KWC, const bool PART, const VQ_FN(qdw_state) * s,
                                           const int8_t* xn, int8_t* yrow, int32_t oy, int32_t c0) {
    const ge_cpu_conv* cv = &s->cv;
    const ge_conv_geom* g = &cv->g;
    const int32_t KW = KWC ? KWC : cv->kw;
    const size_t C = (size_t)cv->c;
    const int nl = (int)ge_cpu_min64(VQ_L, cv->c - c0);
    const uint8_t* blk = s->packed + (size_t)(c0 / VQ_L) * s->block_bytes;
    const int32_t iy0 = oy * g->stride_h - g->pad_top;
    const int32_t ky0 = (int32_t)ge_cpu_max64(0, -iy0), ky1 = (int32_t)ge_cpu_min64(cv->kh, cv->h - iy0);
    const bool rows_full = ky0 == 0 && ky1 == cv->kh;
    const size_t row_stride = (size_t)cv->w * C, px_stride = (size_t)g->stride_w * C;
    const int8_t* xrow = xn + (ptrdiff_t)iy0 * (ptrdiff_t)row_stride + c0;
    const int32_t sw = g->stride_w, pl = g->pad_left;
    int32_t in_lo = (int32_t)ge_cpu_div_up(pl, sw), in_hi = (cv->w - KW + pl) >= 0 ? (cv->w - KW + pl) / sw + 1 : 0;
    if (in_hi > cv->ow) in_hi = cv->ow;
    if (in_lo > in_hi) in_lo = in_hi;
    const size_t ys = (size_t)cv->oc;
    for (int32_t ox = 0; ox < cv->ow;) {
        const int32_t ix0 = ox * sw - pl;
        const int8_t* xp = xrow + (ptrdiff_t)ix0 * (ptrdiff_t)C;
        int8_t* yp = yrow + (size_t)ox * ys + c0;
        if (rows_full && ox >= in_lo && ox + 4 <= in_hi) {
            VQ_FN(qdw_pixels)(KWC, 4, PART, true, KW, nl, xp, row_stride, px_stride, C, 0, cv->kh, 0, KW, blk, yp, ys,
                              s);
            ox += 4;
        } else if (rows_full && ox >= in_lo && ox < in_hi) {
            VQ_FN(qdw_pixels)(KWC, 1, PART, true, KW, nl, xp, row_stride, px_stride, C, 0, cv->kh, 0, KW, blk, yp, ys,
                              s);
            ox += 1;
        } else {
            const int32_t kx0 = (int32_t)ge_cpu_max64(0, -ix0), kx1 = (int32_t)ge_cpu_min64(KW, cv->w - ix0);
            VQ_FN(qdw_pixels)(0, 1, PART, false, KW, nl, xp, row_stride, px_stride, C, ky0, ky1, kx0, kx1, blk, yp,
                              ys, s);
            ox += 1;
        }
    }
}

typedef struct VQ_FN(qdw_job) {
    const VQ_FN(qdw_state) * s;
    const ge_cpu_call* call;
    const int8_t* x;
    int8_t* y;
    int64_t rows, rows_per_task;
} VQ_FN(qdw_job);

GE_ALWAYS_INLINE void VQ_FN(qdw_task_impl)(const int KWC, const VQ_FN(qdw_job) * j, int32_t task, int32_t thread) {
    const VQ_FN(qdw_state)* s = j->s;
    const ge_cpu_conv* cv = &s->cv;
    const int64_t r0 = (int64_t)task * j->rows_per_task, r1 = ge_cpu_min64(r0 + j->rows_per_task, j->rows);
#if defined(VQ_DW_QUAD)
    {
        VQ_FN(qdwq_ring) ring;
        uint8_t* scratch = ge_cpu_scratch(j->call, thread);
        const size_t slot_bytes = (size_t)s->ring_w * VQ_L * 4 + 64;
        for (int32_t k = 0; k < cv->kh; k++) ring.row[k] = scratch + (size_t)k * slot_bytes;
        ring.pad_row = scratch + (size_t)cv->kh * slot_bytes;
        ring.flat = ring.pad_row + slot_bytes;
        vq_dwq_fill_ring(ring.pad_row, s->ring_w * VQ_L * 4, s->zx);
        for (int32_t cb = 0; cb < s->cblocks; cb++) {
            int32_t ring_n = -1;
            for (int64_t r = r0; r < r1; r++) {
                const int32_t oy = (int32_t)(r % cv->oh), n = (int32_t)(r / cv->oh);
                if (n != ring_n) { /* a new block, or another image of the batch */
                    for (int32_t k = 0; k < cv->kh; k++) ring.tag[k] = -1;
                    ring_n = n;
                }
                VQ_FN(qdwq_row)(KWC, s, &ring, j->x + (size_t)n * cv->h * cv->w * cv->c,
                                j->y + (size_t)r * cv->ow * cv->oc, oy, cb);
            }
        }
        return;
    }
#endif
#if defined(VQ_DW_F32)
    VQ_FN(qdw_ring) ring;
    uint8_t* scratch = ge_cpu_scratch(j->call, thread);
    const size_t slot_bytes = (size_t)s->ring_w * s->ring_c * sizeof(float) + 64;
    for (int32_t k = 0; k < cv->kh; k++) ring.row[k] = (float*)(void*)(scratch + (size_t)k * slot_bytes);
    for (int32_t cb = 0; cb < s->cblocks; cb++) {
        int32_t ring_n = -1;
        for (int64_t r = r0; r < r1; r++) {
            const int32_t oy = (int32_t)(r % cv->oh), n = (int32_t)(r / cv->oh);
            if (n != ring_n) { /* a new block, or another image of the batch: the cached rows are not its rows */
                for (int32_t k = 0; k < cv->kh; k++) ring.tag[k] = -1;
                ring_n = n;
            }
            VQ_FN(qdw_ring_row)(KWC, s, &ring, j->x + (size_t)n * cv->h * cv->w * cv->c,
                                j->y + (size_t)r * cv->ow * cv->oc, oy, cb);
        }
    }
    return;
#endif
    for (int64_t r = r0; r < r1; r++) {
        const int32_t oy = (int32_t)(r % cv->oh), n = (int32_t)(r / cv->oh);
        const int8_t* xn = j->x + (size_t)n * cv->h * cv->w * cv->c;
        int8_t* yrow = j->y + (size_t)r * cv->ow * cv->oc;
        const int32_t full = cv->c / VQ_L * VQ_L;
        for (int32_t c0 = 0; c0 < full; c0 += VQ_L) VQ_FN(qdw_row_block)(KWC, false, s, xn, yrow, oy, c0);
        if (full < cv->c) VQ_FN(qdw_row_block)(KWC, true, s, xn, yrow, oy, full);
    }
}

static void VQ_FN(qdw3x3_task)(void* ctx, int32_t task, int32_t thread) { VQ_FN(qdw_task_impl)(3, ctx, task, thread); }
static void VQ_FN(qdw5x5_task)(void* ctx, int32_t task, int32_t thread) { VQ_FN(qdw_task_impl)(5, ctx, task, thread); }
static void VQ_FN(qdw_any_task)(void* ctx, int32_t task, int32_t thread) {
    VQ_FN(qdw_task_impl)(0, ctx, task, thread);
}

static void VQ_FN(qdw_run_with)(const ge_cpu_call* call, gu_task_fn fn) {
    VQ_FN(qdw_job) j;
    j.s = call->state;
    j.call = call;
    j.x = call->in[0].data;
    j.y = call->out[0].data;
    j.rows = (int64_t)j.s->cv.n * j.s->cv.oh;
    const int32_t threads = gu_threadpool_threads(call->pool);
    j.rows_per_task = threads > 1 ? ge_cpu_max64(1, ge_cpu_div_up(j.rows, 4 * (int64_t)threads)) : j.rows;
    gu_threadpool_run(call->pool, (int32_t)ge_cpu_div_up(j.rows, j.rows_per_task), fn, &j);
}

static void VQ_FN(qdw3x3_run)(const ge_cpu_call* call) { VQ_FN(qdw_run_with)(call, VQ_FN(qdw3x3_task)); }
static void VQ_FN(qdw5x5_run)(const ge_cpu_call* call) { VQ_FN(qdw_run_with)(call, VQ_FN(qdw5x5_task)); }
static void VQ_FN(qdw_any_run)(const ge_cpu_call* call) { VQ_FN(qdw_run_with)(call, VQ_FN(qdw_any_task)); }
