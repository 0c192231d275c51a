/*
 * int8 (qs8) GEMM-shaped kernels, written once over an ISA's int8 primitives (vq_*, from
 * x86/ge_simdq_avx512vnni.h and friends) and instantiated per ISA:
 *
 *   ge_qs8_conv1x1_<isa>  CONV2D 1x1 stride 1 without padding: pixels are rows of A
 *   ge_qs8_conv2d_<isa>   any CONV2D: the taps of MR output pixels gathered (im2col)
 *   ge_qs8_fc_<isa>       FULLY_CONNECTED
 *
 * Arithmetic: exactly the reference's (ge_ref_qs8.h, ge_quant_math.h): acc = bias +
 * sum (x - x_zp) * w in int32, requantised per output channel with (M, s) from the same double
 * m = sx * sw[c] / sy, + y_zp, clamped to the fused activation's bounds. Integer sums do not
 * depend on order, so the result is bit-identical whatever the blocking.
 *
 * A tile: MR rows (output pixels) of Kp = K rounded up to VQ_KG elements, in the ISA's
 * activation format (VQ_A_FMT), packed per tile into per-thread scratch:
 *   VQ_A_U8X  x ^ 0x80 = x + 128, one byte (VNNI's unsigned operand)
 *   VQ_A_S8   x itself, one byte (SDOT)
 *   VQ_A_S16  x - x_zp, two bytes (PMADDWD, SMLAL, i32x4.dot_i16x8)
 * Padding taps hold "x = x_zp" in that format, so they add exactly 0; the formats that keep
 * the zero point in the data have -(offset) * sum(w) folded into the packed bias.
 * B panels of NR = 2 vectors of output channels: [bias][requant params][weights], the weights
 * as Kp / KG groups of vectors, each vector L lanes x KG values (VQ_W_INTERLEAVED: lane-major,
 * else k-major). The microkernel broadcasts 4 bytes of a row (one k group) and does one dot
 * step per vector, then requantises, clamps and stores int8.
 */
#ifndef VQ_ISA
#error "include an ISA's ge_simdq_<isa>.h before this template"
#endif

#include "engine/kernels/ref/ge_ref_qs8.h"
#include "engine/kernels/tmpl/ge_cpu_util.h"

/*
 * Optional ISA hooks, with the plain forms as defaults:
 *   VQ_HAVE_RQ_ZP  vq_rq_pack_zp / vq_requant_zp: requantisation with the output zero point
 *                  packed into the parameters (an ISA may fold it into its rounding constant)
 *   VQ_HAVE_PACK4  vq_pack4 + vq_store4x16 / vq_store2x32: four requantised vectors narrowed,
 *                  saturated and clamped together (see ge_simdq_avx512vnni.h)
 *   VQ_HAVE_PACK16 (VQ_A_S16) vq_pack16_span / vq_pack16_span_fast / vq_fill16_span_fast: tile
 *                  spans of x - x_zp as int16 in vector steps, the _fast forms as VQ_HAVE_PACK_SPAN's
 *                  (writes up to VQ_PACK_SLACK bytes past the span, reads whole blocks below a limit)
 */
#if !defined(VQ_HAVE_RQ_ZP)
static inline void vq_rq_pack_zp(vq_rq* r, const ge_q_mult* m, int n, int32_t zp) {
    (void)zp;
    vq_rq_pack(r, m, n);
}
static inline vq_i32 vq_requant_zp(vq_i32 acc, const vq_rq* r, vq_i32 vzp) { return vq_add(vq_requant(acc, r), vzp); }
#endif

#define VQ_A_U8X 1
#define VQ_A_S8 2
#define VQ_A_S16 3

#define VQ_FN(base) VX_CAT2(base, VQ_ISA)
#define VQ_NR (2 * VQ_L)
#define VQ_A_ESZ (VQ_A_FMT == VQ_A_S16 ? 2 : 1)
#define VQ_WVEC_BYTES (VQ_L * VQ_KG * VQ_W_ESZ)
#define VQ_PANEL_GROUP_BYTES (128 * 1024)

/* What a padding tap holds, and the offset whose product with sum(w) the bias absorbs. */
static inline int32_t VQ_FN(a_offset)(int32_t zx) {
    return VQ_A_FMT == VQ_A_U8X ? 128 + zx : VQ_A_FMT == VQ_A_S8 ? zx : 0;
}

/* n activations -> the A format. */
static inline void VQ_FN(pack_row)(uint8_t* restrict dst, const int8_t* restrict src, int32_t n, int32_t zx) {
#if VQ_A_FMT == VQ_A_U8X && defined(VQ_HAVE_PACK_SPAN)
    vq_pack_span(dst, src, n);
#elif VQ_A_FMT == VQ_A_U8X
    for (int32_t i = 0; i < n; i++) dst[i] = (uint8_t)((uint8_t)src[i] ^ 0x80u);
#elif VQ_A_FMT == VQ_A_S8
    memcpy(dst, src, (size_t)n);
#elif defined(VQ_HAVE_PACK16)
    vq_pack16_span((int16_t*)(void*)dst, src, n, zx);
#else
    /* fixed-length chunks vectorise without a loop prologue: im2col spans are often short */
    int16_t* d = (int16_t*)(void*)dst;
    int32_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int32_t k = 0; k < 8; k++) d[i + k] = (int16_t)(src[i + k] - zx);
    for (; i < n; i++) d[i] = (int16_t)(src[i] - zx);
#endif
}

/* n elements that contribute nothing: x = x_zp. */
static inline void VQ_FN(fill_row)(uint8_t* dst, int32_t n, int32_t zx) {
#if VQ_A_FMT == VQ_A_U8X && defined(VQ_HAVE_PACK_SPAN)
    vq_fill_span(dst, n, (uint8_t)((uint8_t)(int8_t)zx ^ 0x80u));
#elif VQ_A_FMT == VQ_A_U8X
    memset(dst, (int)((uint8_t)(int8_t)zx ^ 0x80u), (size_t)n);
#elif VQ_A_FMT == VQ_A_S8
    memset(dst, (int)(uint8_t)(int8_t)zx, (size_t)n);
#else
    memset(dst, 0, (size_t)n * 2);
#endif
}

/* Tile spans that may write past their end (into the tile's slack, rewritten later) and read
 * whole blocks below limit: the im2col gather of a few channels per tap is mostly these. */
#if defined(VQ_PACK_SLACK) && VQ_A_FMT == VQ_A_S16 && defined(VQ_HAVE_PACK16)
static inline void VQ_FN(pack_row_fast)(uint8_t* dst, const int8_t* src, int32_t n, int32_t zx, const int8_t* limit) {
    vq_pack16_span_fast((int16_t*)(void*)dst, src, n, zx, limit);
}
static inline void VQ_FN(fill_row_fast)(uint8_t* dst, int32_t n, int32_t zx) {
    (void)zx;
    vq_fill16_span_fast((int16_t*)(void*)dst, n);
}
#elif defined(VQ_PACK_SLACK)
static inline void VQ_FN(pack_row_fast)(uint8_t* dst, const int8_t* src, int32_t n, int32_t zx, const int8_t* limit) {
    (void)zx;
    vq_pack_span_fast(dst, src, n, limit);
}
static inline void VQ_FN(fill_row_fast)(uint8_t* dst, int32_t n, int32_t zx) {
    vq_fill_span_fast(dst, n, (uint8_t)((uint8_t)(int8_t)zx ^ 0x80u));
}
#else
#define VQ_PACK_SLACK 0
static inline void VQ_FN(pack_row_fast)(uint8_t* dst, const int8_t* src, int32_t n, int32_t zx, const int8_t* limit) {
    (void)limit;
    VQ_FN(pack_row)(dst, src, n, zx);
}
static inline void VQ_FN(fill_row_fast)(uint8_t* dst, int32_t n, int32_t zx) { VQ_FN(fill_row)(dst, n, zx); }
#endif

typedef struct VQ_FN(qgemm_state) {
    int32_t K, Kp, N;
    int32_t panels, group;
    size_t panel_bytes;  /* stride between panels */
    size_t row_bytes;    /* one A tile row */
    int32_t zx, zy, lo, hi;
    const uint8_t* packed;
    ge_cpu_conv cv;      /* conv kernels */
    /* implicit CONV2D (VQ_HAVE_PIXELS4, at most 4 input channels: RGB stems): no im2col tile, the
     * rows are read from a flipped copy of the input with the padding made explicit and every
     * pixel widened to 4 bytes, so that one k group is one tap */
    bool implicit;
    int32_t hp, wp;       /* the copy: rows and columns of 4-byte pixels */
    const int32_t* goff;  /* byte offset of every k group from a row's first tap */
} VQ_FN(qgemm_state);

/* Panel byte offsets of a panel `width` channels wide. */
static inline size_t VQ_FN(panel_rq_off)(int32_t width) { return (size_t)width * 4; }
static inline size_t VQ_FN(panel_w_off)(int32_t width) {
    return VQ_FN(panel_rq_off)(width) + (size_t)(width / VQ_L) * sizeof(vq_rq);
}

/* Packs N rows of K int8 weights (OHWI or FC [O, I]), int32 bias and the multipliers. */
static glint_result VQ_FN(qgemm_pack)(VQ_FN(qgemm_state) * s, gu_arena* arena, const int8_t* w, const int32_t* bias,
                                      const ge_view* x, const ge_view* wv, const ge_view* y, glint_error* err) {
    const int32_t K = s->K, Kp = s->Kp, N = s->N;
    s->panels = (int32_t)ge_cpu_div_up(N, VQ_NR);
    size_t wbytes = (size_t)(Kp / VQ_KG) * 2 * VQ_WVEC_BYTES;
    s->panel_bytes = (VQ_FN(panel_w_off)(VQ_NR) + wbytes + 63) / 64 * 64;
    uint8_t* p = gu_arena_alloc(arena, s->panel_bytes * (size_t)s->panels);
    if (!p) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "cpu kernels: out of memory packing weights");
    const int32_t off = VQ_FN(a_offset)(s->zx);
    const double sx = ge_qs8_scale(x), sy = ge_qs8_scale(y);
    for (int32_t pi = 0; pi < s->panels; pi++) {
        uint8_t* dst = p + (size_t)pi * s->panel_bytes;
        const int32_t n0 = pi * VQ_NR, rem = N - n0;
        const int32_t width = rem <= VQ_L ? VQ_L : VQ_NR;
        const int32_t nc = rem < width ? rem : width;
        int32_t* db = (int32_t*)(void*)dst;
        ge_q_mult mult[VQ_NR];
        for (int32_t j = 0; j < nc; j++) {
            const int8_t* wr = w + (size_t)(n0 + j) * K;
            int64_t sum = 0;
            for (int32_t k = 0; k < K; k++) sum += wr[k];
            db[j] = (bias ? bias[n0 + j] : 0) - (int32_t)((int64_t)off * sum);
            mult[j] = ge_qs8_mult(sx * (double)ge_qs8_channel_scale(wv, n0 + j) / sy);
        }
        vq_rq* rq = (vq_rq*)(void*)(dst + VQ_FN(panel_rq_off)(width));
        for (int32_t v = 0; v < width / VQ_L; v++) {
            const int32_t have = (int32_t)ge_cpu_max64(0, ge_cpu_min64(VQ_L, nc - v * VQ_L));
            vq_rq_pack_zp(&rq[v], mult + v * VQ_L, have, s->zy);
        }
        uint8_t* dw = dst + VQ_FN(panel_w_off)(width);
        const int32_t nv = width / VQ_L;
        for (int32_t g = 0; g < Kp / VQ_KG; g++)
            for (int32_t v = 0; v < nv; v++)
                for (int32_t jj = 0; jj < VQ_L; jj++)
                    for (int32_t i = 0; i < VQ_KG; i++) {
                        const int32_t j = v * VQ_L + jj, k = g * VQ_KG + i;
                        const int8_t val = (j < nc && k < K) ? w[(size_t)(n0 + j) * K + k] : 0;
                        const size_t e = ((size_t)g * nv + v) * (VQ_L * VQ_KG) +
                                         (VQ_W_INTERLEAVED ? (size_t)jj * VQ_KG + i : (size_t)i * VQ_L + jj);
                        if (VQ_W_ESZ == 1)
                            dw[e] = (uint8_t)val;
                        else
                            ((int16_t*)(void*)dw)[e] = val;
                    }
    }
    s->packed = p;
    s->group = (int32_t)ge_cpu_max64(1, (int64_t)(VQ_PANEL_GROUP_BYTES / s->panel_bytes));
    return GLINT_SUCCESS;
}

/*
 * C[0..mr) x [0..nc) of one panel NV vectors wide. A row m at a + m * lda (rows >= mr repeat the
 * last: computed, never stored). FLIP: the rows are the int8 activations themselves and the
 * unsigned operand is made per broadcast (VQ_HAVE_FLIP_A), instead of a packed tile.
 */
GE_ALWAYS_INLINE void VQ_FN(qukernel)(const int MRC, const int NV, const bool FLIP, const bool IMPL, int mr,
                                      int32_t groups, const uint8_t* a, size_t lda, const uint8_t* const* rows,
                                      const int32_t* goff, const uint8_t* panel, int8_t* c, size_t ldc, int nc,
                                      int32_t zy, int32_t lo, int32_t hi) {
    const int32_t width = NV * VQ_L;
    const int32_t* bias = (const int32_t*)(const void*)panel;
    const vq_rq* rq = (const vq_rq*)(const void*)(panel + VQ_FN(panel_rq_off)(width));
    const uint8_t* w = panel + VQ_FN(panel_w_off)(width);
    const uint8_t* ap[VQ_MR];
    vq_i32 acc[VQ_MR][2];
    const vq_i32 b0 = vq_load_i32(bias), b1 = NV > 1 ? vq_load_i32(bias + VQ_L) : b0;
#pragma GCC unroll 16
    for (int m = 0; m < MRC; m++) {
        ap[m] = IMPL ? rows[m] : a + (size_t)(m < mr ? m : mr - 1) * lda; /* IMPL: rows >= mr repeat the last */
        acc[m][0] = b0;
        acc[m][1] = b1;
    }
    for (int32_t g = 0; g < groups; g++) {
        const size_t go = IMPL ? (size_t)goff[g] : (size_t)g * 4;
        const vq_w w0 = vq_load_w(w);
        const vq_w w1 = NV > 1 ? vq_load_w(w + VQ_WVEC_BYTES) : w0;
        w += NV * VQ_WVEC_BYTES;
#pragma GCC unroll 16
        for (int m = 0; m < MRC; m++) {
            vq_i32 av = vq_bcast_a(ap[m] + go);
#if defined(VQ_HAVE_FLIP_A)
            if (FLIP) av = vq_flip_a(av);
#endif
            acc[m][0] = vq_dot(acc[m][0], av, w0);
            if (NV > 1) acc[m][1] = vq_dot(acc[m][1], av, w1);
        }
    }
    const vq_i32 vzy = vq_set1(zy), vlo = vq_set1(lo), vhi = vq_set1(hi);
#if defined(VQ_HAVE_PACK4)
    if (MRC % 4 == 0) { /* rows >= mr repeat row mr - 1: they are stored there again, same bytes */
        const vq_s8x4 lo8 = vq_s8x4_set1(lo), hi8 = vq_s8x4_set1(hi);
        int8_t* rowp[VQ_MR];
#pragma GCC unroll 16
        for (int m = 0; m < MRC; m++) rowp[m] = c + (size_t)(m < mr ? m : mr - 1) * ldc;
#pragma GCC unroll 16
        for (int m = 0; m < MRC; m += 4 / NV) {
            if (m >= mr) break;
            if (NV == 2) {
                const vq_s8x4 v = vq_pack4(vq_requant_zp(acc[m][0], &rq[0], vzy), vq_requant_zp(acc[m][1], &rq[1], vzy),
                                           vq_requant_zp(acc[m + 1][0], &rq[0], vzy),
                                           vq_requant_zp(acc[m + 1][1], &rq[1], vzy), lo8, hi8);
                vq_store2x32(rowp[m], rowp[m + 1], v, nc);
            } else {
                const vq_s8x4 v = vq_pack4(vq_requant_zp(acc[m][0], &rq[0], vzy), vq_requant_zp(acc[m + 1][0], &rq[0], vzy),
                                           vq_requant_zp(acc[m + 2][0], &rq[0], vzy),
                                           vq_requant_zp(acc[m + 3][0], &rq[0], vzy), lo8, hi8);
                vq_store4x16(rowp[m], rowp[m + 1], rowp[m + 2], rowp[m + 3], v, nc);
            }
        }
        return;
    }
#endif
#pragma GCC unroll 16
    for (int m = 0; m < MRC; m++) {
        if (m >= mr) break;
        int8_t* cm = c + (size_t)m * ldc;
#pragma GCC unroll 2
        for (int v = 0; v < NV; v++) {
            vq_i32 r = vq_requant_zp(acc[m][v], &rq[v], vzy);
            r = vq_min(vq_max(r, vlo), vhi);
            const int left = nc - v * VQ_L;
            if (left >= VQ_L)
                vq_store_s8(cm + v * VQ_L, r);
            else if (left > 0)
                vq_store_s8_part(cm + v * VQ_L, r, left);
        }
    }
}

GE_ALWAYS_INLINE void VQ_FN(qgemm_tile_impl)(const bool FLIP, const bool IMPL, const VQ_FN(qgemm_state) * s, int mr,
                                             const uint8_t* a, size_t lda, const uint8_t* const* rows, int8_t* c,
                                             size_t ldc, int32_t p0, int32_t p1) {
    const int32_t groups = s->Kp / VQ_KG;
    const int32_t* goff = s->goff;
    for (int32_t p = p0; p < p1; p++) {
        const int32_t n0 = p * VQ_NR;
        const int nc = (int)ge_cpu_min64(VQ_NR, s->N - n0);
        const uint8_t* panel = s->packed + (size_t)p * s->panel_bytes;
        if (nc > VQ_L) {
            if (mr == 1)
                VQ_FN(qukernel)(1, 2, FLIP, IMPL, mr, groups, a, lda, rows, goff, panel, c + n0, ldc, nc, s->zy, s->lo,
                                s->hi);
            else
                VQ_FN(qukernel)(VQ_MR, 2, FLIP, IMPL, mr, groups, a, lda, rows, goff, panel, c + n0, ldc, nc, s->zy,
                                s->lo, s->hi);
        } else {
            if (mr == 1)
                VQ_FN(qukernel)(1, 1, FLIP, IMPL, mr, groups, a, lda, rows, goff, panel, c + n0, ldc, nc, s->zy, s->lo,
                                s->hi);
            else
                VQ_FN(qukernel)(VQ_MR, 1, FLIP, IMPL, mr, groups, a, lda, rows, goff, panel, c + n0, ldc, nc, s->zy,
                                s->lo, s->hi);
        }
    }
}

static void VQ_FN(qgemm_tile)(const VQ_FN(qgemm_state) * s, int mr, const uint8_t* a, int8_t* c, size_t ldc,
                              int32_t p0, int32_t p1) {
    VQ_FN(qgemm_tile_impl)(false, false, s, mr, a, s->row_bytes, NULL, c, ldc, p0, p1);
}

#if !(VQ_A_FMT == VQ_A_U8X && defined(VQ_HAVE_PACK_SPAN))
/* A read in place: rows of K int8 activations (VQ_HAVE_FLIP_A, or VQ_A_S8 which needs no change). */
static void VQ_FN(qgemm_tile_direct)(const VQ_FN(qgemm_state) * s, int mr, const int8_t* a, int8_t* c, size_t ldc,
                                     int32_t p0, int32_t p1) {
    VQ_FN(qgemm_tile_impl)(VQ_A_FMT == VQ_A_U8X, false, s, mr, (const uint8_t*)a, (size_t)s->K, NULL, c, ldc, p0, p1);
}
#endif

typedef struct VQ_FN(qgemm_job) {
    const VQ_FN(qgemm_state) * s;
    const ge_cpu_call* call;
    ge_cpu_split split;
    int64_t M;
    const int8_t* a; /* rows of K (conv1x1, fc) */
    bool im2col;     /* conv2d: gather taps from x */
    const int8_t* x_end; /* conv2d: end of the input tensor (reads stay below it) */
    bool direct;     /* rows of a read in place, no tile (see qgemm_direct_ok) */
    const uint8_t* xpad; /* implicit conv: the input copy (qimplicit_copy) */
    const int8_t* x;
    int8_t* c;
    size_t ldc;
} VQ_FN(qgemm_job);

/* Packs the A tile of rows [m0, m0 + mr) into tile (the kernel never reads rows >= mr). */
static void VQ_FN(qpack_tile)(const VQ_FN(qgemm_job) * j, int64_t m0, int mr, uint8_t* tile) {
    const VQ_FN(qgemm_state)* s = j->s;
    const int32_t K = s->K;
    const size_t pad_bytes = (size_t)(s->Kp - K) * VQ_A_ESZ;
    /* the pixel of row 0 by division, the rest by stepping (a division per row costs more than
     * gathering a small row) */
    int64_t ox = 0, oy = 0, n = 0;
    if (j->im2col) {
        const int64_t t = m0 / s->cv.ow;
        ox = m0 % s->cv.ow, oy = t % s->cv.oh, n = t / s->cv.oh;
    }
    for (int r = 0; r < mr; r++) {
        uint8_t* d = tile + (size_t)r * s->row_bytes;
        if (!j->im2col) {
            VQ_FN(pack_row)(d, j->a + (size_t)(m0 + r) * K, K, s->zx);
        } else {
            if (r > 0 && ++ox == s->cv.ow) {
                ox = 0;
                if (++oy == s->cv.oh) oy = 0, n++;
            }
            const ge_cpu_conv* cv = &s->cv;
            const ge_conv_geom* g = &cv->g;
            const int8_t* xn = j->x + (size_t)n * cv->h * cv->w * cv->c;
            const size_t tap_bytes = (size_t)cv->c * VQ_A_ESZ;
            const int64_t iy0 = oy * g->stride_h - g->pad_top, ix0 = ox * g->stride_w - g->pad_left;
            if (g->dilation_h == 1 && g->dilation_w == 1 && iy0 >= 0 && iy0 + cv->kh <= cv->h && ix0 >= 0 &&
                ix0 + cv->kw <= cv->w) { /* interior pixel: one input span per kernel row */
                const int8_t* src = xn + ((size_t)iy0 * cv->w + (size_t)ix0) * cv->c;
                const int32_t span = cv->kw * cv->c;
                for (int32_t ky = 0; ky < cv->kh; ky++)
                    VQ_FN(pack_row_fast)(d + (size_t)ky * span * VQ_A_ESZ, src + (size_t)ky * cv->w * cv->c, span,
                                         s->zx, j->x_end);
                if (pad_bytes) VQ_FN(fill_row_fast)(d + (size_t)K * VQ_A_ESZ, s->Kp - K, s->zx);
                continue;
            }
            /* spans in increasing address order: a fast span's overrun is rewritten by the next */
            for (int32_t ky = 0; ky < cv->kh; ky++) {
                const int64_t iy = oy * g->stride_h - g->pad_top + (int64_t)ky * g->dilation_h;
                uint8_t* dr = d + (size_t)ky * cv->kw * tap_bytes;
                if (iy < 0 || iy >= cv->h) {
                    VQ_FN(fill_row_fast)(dr, cv->kw * cv->c, s->zx);
                    continue;
                }
                const int8_t* xr = xn + (size_t)iy * cv->w * cv->c;
                if (g->dilation_w == 1) { /* the taps inside are one contiguous span of the input row */
                    const int32_t kx0 = (int32_t)ge_cpu_max64(0, -ix0);
                    const int32_t kx1 = (int32_t)ge_cpu_max64(kx0, ge_cpu_min64(cv->kw, cv->w - ix0));
                    if (kx0 > 0) VQ_FN(fill_row_fast)(dr, kx0 * cv->c, s->zx);
                    VQ_FN(pack_row_fast)(dr + (size_t)kx0 * tap_bytes, xr + (ix0 + kx0) * cv->c, (kx1 - kx0) * cv->c,
                                         s->zx, j->x_end);
                    if (kx1 < cv->kw) VQ_FN(fill_row_fast)(dr + (size_t)kx1 * tap_bytes, (cv->kw - kx1) * cv->c, s->zx);
                    continue;
                }
                for (int32_t kx = 0; kx < cv->kw; kx++) {
                    const int64_t ix = ix0 + (int64_t)kx * g->dilation_w;
                    if (ix < 0 || ix >= cv->w)
                        VQ_FN(fill_row_fast)(dr + (size_t)kx * tap_bytes, cv->c, s->zx);
                    else
                        VQ_FN(pack_row_fast)(dr + (size_t)kx * tap_bytes, xr + ix * cv->c, cv->c, s->zx, j->x_end);
                }
            }
        }
        if (pad_bytes) VQ_FN(fill_row_fast)(d + (size_t)K * VQ_A_ESZ, s->Kp - K, s->zx); /* weights are 0 there */
    }
}

#if defined(VQ_HAVE_PIXELS4)
/* The rows of output pixels [m0, m0 + mr) in the copy. */
static void VQ_FN(qimplicit_tile)(const VQ_FN(qgemm_job) * j, int64_t m0, int mr, int8_t* c, size_t ldc, int32_t p0,
                                  int32_t p1) {
    const VQ_FN(qgemm_state)* s = j->s;
    const ge_cpu_conv* cv = &s->cv;
    const uint8_t* rows[VQ_MR];
    const int64_t t = m0 / cv->ow;
    int64_t ox = m0 % cv->ow, oy = t % cv->oh, n = t / cv->oh;
    for (int r = 0; r < mr; r++) {
        if (r > 0 && ++ox == cv->ow) {
            ox = 0;
            if (++oy == cv->oh) oy = 0, n++;
        }
        rows[r] = j->xpad + (((size_t)n * s->hp + (size_t)oy * cv->g.stride_h) * s->wp + (size_t)ox * cv->g.stride_w) * 4;
    }
    for (int r = mr; r < VQ_MR; r++) rows[r] = rows[mr - 1];
    VQ_FN(qgemm_tile_impl)(false, true, s, mr, NULL, 0, rows, c, ldc, p0, p1);
}
#endif

static void VQ_FN(qgemm_task)(void* ctx, int32_t task, int32_t thread) {
    const VQ_FN(qgemm_job)* j = ctx;
    const VQ_FN(qgemm_state)* s = j->s;
    const int64_t mt = task % j->split.m_tasks, pt = task / j->split.m_tasks;
    const int64_t t0 = mt * j->split.m_per_task, t1 = ge_cpu_min64(t0 + j->split.m_per_task, j->split.m_tiles);
    const int32_t p0 = (int32_t)(pt * j->split.p_per_task);
    const int32_t p1 = (int32_t)ge_cpu_min64(p0 + j->split.p_per_task, j->split.panels);
    uint8_t* tile = ge_cpu_scratch(j->call, thread);
    for (int32_t g0 = p0; g0 < p1; g0 += s->group) {
        const int32_t g1 = (int32_t)ge_cpu_min64(g0 + s->group, p1);
        for (int64_t t = t0; t < t1; t++) {
            const int64_t m0 = t * VQ_MR;
            const int mr = (int)ge_cpu_min64(VQ_MR, j->M - m0);
#if defined(VQ_HAVE_PIXELS4)
            if (s->implicit) {
                VQ_FN(qimplicit_tile)(j, m0, mr, j->c + (size_t)m0 * j->ldc, j->ldc, g0, g1);
                continue;
            }
#endif
            if (j->direct) {
#if VQ_A_FMT == VQ_A_U8X && defined(VQ_HAVE_PACK_SPAN)
                /* the rows are contiguous: flipping them into the tile costs a few vector ops,
                 * flipping every broadcast (VQ_HAVE_FLIP_A) one per row and k group per panel */
                vq_pack_span(tile, j->a + (size_t)m0 * s->K, (int32_t)mr * s->K);
                VQ_FN(qgemm_tile)(s, mr, tile, j->c + (size_t)m0 * j->ldc, j->ldc, g0, g1);
#else
                VQ_FN(qgemm_tile_direct)(s, mr, j->a + (size_t)m0 * s->K, j->c + (size_t)m0 * j->ldc, j->ldc, g0, g1);
#endif
                continue;
            }
            VQ_FN(qpack_tile)(j, m0, mr, tile);
            VQ_FN(qgemm_tile)(s, mr, tile, j->c + (size_t)m0 * j->ldc, j->ldc, g0, g1);
        }
    }
}

/* Rows of A can be read in place when they are whole k groups already in the kernel's format. */
static bool VQ_FN(qgemm_direct_ok)(const VQ_FN(qgemm_state) * s) {
#if defined(VQ_HAVE_FLIP_A) || VQ_A_FMT == VQ_A_S8
    return s->K % VQ_KG == 0;
#else
    (void)s;
    return false;
#endif
}

static void VQ_FN(qgemm_run)(VQ_FN(qgemm_job) * j) {
    j->direct = !j->im2col && !j->s->implicit && VQ_FN(qgemm_direct_ok)(j->s);
    ge_cpu_split_init(&j->split, ge_cpu_div_up(j->M, VQ_MR), j->s->panels, gu_threadpool_threads(j->call->pool));
    gu_threadpool_run(j->call->pool, (int32_t)(j->split.m_tasks * j->split.p_tasks), VQ_FN(qgemm_task), j);
}

static glint_result VQ_FN(qgemm_init)(VQ_FN(qgemm_state) * s, int32_t K, int32_t N, ge_activation act,
                                      const ge_op* op, const ge_view* in, const ge_view* out, const int8_t* w,
                                      ge_cpu_prep* prep, glint_error* err) {
    s->K = K;
    s->Kp = (int32_t)ge_cpu_div_up(K, VQ_KG) * VQ_KG;
    s->N = N;
    s->row_bytes = (size_t)s->Kp * VQ_A_ESZ;
    s->zx = ge_qs8_zp(&in[0]);
    s->zy = ge_qs8_zp(&out[0]);
    ge_qs8_bounds(act, &out[0], &s->lo, &s->hi);
    const int32_t* bias = ge_cpu_present(op, 2) ? in[2].data : NULL;
    prep->state = s;
    prep->scratch_bytes = (size_t)VQ_MR * s->row_bytes + VQ_PACK_SLACK;
    return VQ_FN(qgemm_pack)(s, prep->arena, w, bias, &in[0], &in[1], &out[0], err);
}

/* ---- CONV2D ---- */

/* Common to the int8 conv kernels: what the reference accepts (dtypes, quant parameters,
 * the accumulator contract), constant weights and bias, NHWC 4-D. */
static bool VQ_FN(qconv_ok)(const ge_op* op, const ge_view* in, const ge_view* out, ge_cpu_conv* cv) {
    if (op->num_inputs < 2 || op->num_outputs != 1 || in[0].dtype != GE_DTYPE_I8) return false;
    if (!ge_qs8_claims(op, in, out) || !ge_qs8_supports(op, in, out)) return false;
    if (!in[1].data || (ge_cpu_present(op, 2) && !in[2].data)) return false;
    if (in[0].shape.rank != 4 || out[0].shape.rank != 4 || in[1].shape.rank != 4) return false;
    return ge_cpu_conv_resolve(op, in, out, cv);
}

static bool VQ_FN(qconv1x1_supports)(const ge_op* op, const ge_view* in, const ge_view* out) {
    ge_cpu_conv cv;
    if (!VQ_FN(qconv_ok)(op, in, out, &cv)) return false;
    const ge_conv_geom* g = &cv.g;
    return cv.kh == 1 && cv.kw == 1 && g->stride_h == 1 && g->stride_w == 1 && g->pad_top == 0 &&
           g->pad_left == 0 && g->pad_bottom == 0 && g->pad_right == 0 && in[1].shape.dim[0] == cv.oc &&
           in[1].shape.dim[3] == cv.c;
}

static bool VQ_FN(qconv2d_supports)(const ge_op* op, const ge_view* in, const ge_view* out) {
    ge_cpu_conv cv;
    if (!VQ_FN(qconv_ok)(op, in, out, &cv)) return false;
    return in[1].shape.dim[0] == cv.oc && in[1].shape.dim[3] == cv.c;
}

static glint_result VQ_FN(qconv_prepare)(const ge_op* op, const ge_view* in, const ge_view* out, ge_cpu_prep* prep,
                                         glint_error* err) {
    VQ_FN(qgemm_state)* s = gu_arena_alloc(prep->arena, sizeof(*s));
    if (!s) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "cpu kernels: out of memory");
    memset(s, 0, sizeof(*s));
    ge_cpu_conv_resolve(op, in, out, &s->cv);
    const ge_cpu_conv* cv = &s->cv;
#if defined(VQ_HAVE_PIXELS4)
    if (cv->c <= 4 && cv->kh * cv->kw > 1 && cv->g.dilation_h == 1 && cv->g.dilation_w == 1) {
        const int32_t T = cv->kh * cv->kw;
        int8_t* w4 = gu_arena_alloc(prep->arena, (size_t)cv->oc * T * 4);
        int32_t* goff = gu_arena_alloc(prep->arena, (size_t)T * sizeof(int32_t));
        if (!w4 || !goff) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "cpu kernels: out of memory");
        const int8_t* w = in[1].data;
        for (int64_t ot = 0; ot < (int64_t)cv->oc * T; ot++) /* (o, tap) rows of C -> of 4, zero weights past C */
            for (int32_t c = 0; c < 4; c++) w4[ot * 4 + c] = c < cv->c ? w[ot * cv->c + c] : 0;
        s->implicit = true;
        s->hp = (cv->oh - 1) * cv->g.stride_h + (cv->kh - 1) * cv->g.dilation_h + 1;
        s->wp = (cv->ow - 1) * cv->g.stride_w + (cv->kw - 1) * cv->g.dilation_w + 1;
        for (int32_t t = 0; t < T; t++)
            goff[t] = ((t / cv->kw) * cv->g.dilation_h * s->wp + (t % cv->kw) * cv->g.dilation_w) * 4;
        s->goff = goff;
        glint_result r = VQ_FN(qgemm_init)(s, T * 4, cv->oc, op->params.conv.act, op, in, out, w4, prep, err);
        const size_t copy = (size_t)cv->n * s->hp * s->wp * 4 + 64;
        if (prep->scratch_bytes < copy) prep->scratch_bytes = copy;
        return r;
    }
#endif
    return VQ_FN(qgemm_init)(s, cv->kh * cv->kw * cv->c, cv->oc, op->params.conv.act, op, in, out, in[1].data, prep,
                             err);
}

#if defined(VQ_HAVE_PIXELS4)
/* The implicit conv's input copy: padding rows and columns hold x_zp, pixels are 4 bytes. */
static void VQ_FN(qimplicit_copy)(const VQ_FN(qgemm_state) * s, const int8_t* x, uint8_t* dst) {
    const ge_cpu_conv* cv = &s->cv;
    const uint8_t pad = (uint8_t)((uint8_t)(int8_t)s->zx ^ 0x80u);
    const int32_t pl = cv->g.pad_left, pt = cv->g.pad_top, wp = s->wp;
    const int32_t ix0 = (int32_t)ge_cpu_min64(pl, wp), ix1 = (int32_t)ge_cpu_max64(ix0, ge_cpu_min64(wp, (int64_t)pl + cv->w));
    for (int32_t n = 0; n < cv->n; n++)
        for (int32_t py = 0; py < s->hp; py++) {
            uint8_t* d = dst + ((size_t)n * s->hp + py) * wp * 4;
            const int32_t iy = py - pt;
            if (iy < 0 || iy >= cv->h) {
                vq_fill_span(d, wp * 4, pad);
                continue;
            }
            vq_fill_span(d, ix0 * 4, pad);
            vq_pack_pixels4(d + (size_t)ix0 * 4, x + (((size_t)n * cv->h + iy) * cv->w + (ix0 - pl)) * cv->c, ix1 - ix0,
                            cv->c, pad);
            vq_fill_span(d + (size_t)ix1 * 4, (wp - ix1) * 4, pad);
        }
}

#endif

static void VQ_FN(qconv_run_impl)(const ge_cpu_call* call, bool im2col) {
    const VQ_FN(qgemm_state)* s = call->state;
    VQ_FN(qgemm_job) j;
    memset(&j, 0, sizeof(j));
    j.s = s;
    j.call = call;
    j.M = (int64_t)s->cv.n * s->cv.oh * s->cv.ow;
    j.a = call->in[0].data;
    j.x = call->in[0].data;
    j.x_end = j.x + ge_shape_elements(&call->in[0].shape);
    j.im2col = im2col;
#if defined(VQ_HAVE_PIXELS4)
    if (s->implicit) { /* one copy before the tasks, in thread 0's scratch (they need no tile) */
        uint8_t* copy = ge_cpu_scratch(call, 0);
        VQ_FN(qimplicit_copy)(s, call->in[0].data, copy);
        j.xpad = copy;
        j.im2col = false;
    }
#endif
    j.c = call->out[0].data;
    j.ldc = (size_t)s->cv.oc;
    VQ_FN(qgemm_run)(&j);
}
static void VQ_FN(qconv1x1_run)(const ge_cpu_call* call) { VQ_FN(qconv_run_impl)(call, false); }
static void VQ_FN(qconv2d_run)(const ge_cpu_call* call) { VQ_FN(qconv_run_impl)(call, true); }

/* ---- FULLY_CONNECTED ---- */

static bool VQ_FN(qfc_supports)(const ge_op* op, const ge_view* in, const ge_view* out) {
    if (op->num_inputs < 2 || op->num_outputs != 1 || in[0].dtype != GE_DTYPE_I8) return false;
    if (!ge_qs8_claims(op, in, out) || !ge_qs8_supports(op, in, out)) return false;
    if (!in[1].data || in[1].shape.rank != 2 || (ge_cpu_present(op, 2) && !in[2].data)) return false;
    const int64_t depth = in[1].shape.dim[1], units = in[1].shape.dim[0];
    if (depth < 1 || units < 1 || ge_shape_elements(&in[0].shape) % depth != 0) return false;
    return ge_shape_elements(&out[0].shape) == ge_shape_elements(&in[0].shape) / depth * units;
}

static glint_result VQ_FN(qfc_prepare)(const ge_op* op, const ge_view* in, const ge_view* out, ge_cpu_prep* prep,
                                       glint_error* err) {
    VQ_FN(qgemm_state)* s = gu_arena_alloc(prep->arena, sizeof(*s));
    if (!s) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "cpu kernels: out of memory");
    memset(s, 0, sizeof(*s));
    return VQ_FN(qgemm_init)(s, in[1].shape.dim[1], in[1].shape.dim[0], op->params.fc.act, op, in, out, in[1].data, prep,
                             err);
}

static void VQ_FN(qfc_run)(const ge_cpu_call* call) {
    const VQ_FN(qgemm_state)* s = call->state;
    VQ_FN(qgemm_job) j;
    memset(&j, 0, sizeof(j));
    j.s = s;
    j.call = call;
    j.M = ge_shape_elements(&call->in[0].shape) / s->K;
    j.a = call->in[0].data;
    j.c = call->out[0].data;
    j.ldc = (size_t)s->N;
    VQ_FN(qgemm_run)(&j);
}
