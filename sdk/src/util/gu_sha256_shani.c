/*
 * gu_sha256_shani: SHA-256 block compression with the x86 SHA extensions. Built with
 * -msha -msse4.1 (cmake/glint_cpu_kernels.cmake); only called after gu_sha256_dispatch.c has
 * seen the SHA bit in CPUID.
 *
 * How the instructions see the state (Intel SDM, SHA256RNDS2):
 *   SHA256RNDS2 dst, src, XMM0 runs two rounds. dst holds {C, D, G, H} and src {A, B, E, F},
 *   each in 32-bit lanes 3..0 (so lane 3 = C or A, lane 0 = H or F); XMM0 lanes 0 and 1 hold
 *   W[t] + K[t] and W[t+1] + K[t+1]. The result is the new {A, B, E, F}; the new {C, D, G, H}
 *   is the old {A, B, E, F}, because two rounds shift a->b->c and e->f->g twice.
 *   SHA256MSG1 x, y: x = W[t-16..t-13], y = W[t-12..t-9]; gives W[t-16+i] + sigma0(W[t-15+i]).
 *   SHA256MSG2 x, y: x = that plus W[t-7..t-4], y = W[t-4..t-1]; adds sigma1(W[t-2+i]), where
 *   lanes 2 and 3 use the W[t], W[t+1] it has just made.
 * The message words are big-endian in memory, one PSHUFB per 16 bytes puts them in lanes.
 */
#include "gu_sha256_impl.h"

#if defined(__SHA__) && defined(__SSE4_1__)
#include <immintrin.h>

/* Four rounds t..t+3 with the message vector w = W[t..t+3] (lane i = W[t+i]). abef and cdgh
 * swap roles after each SHA256RNDS2, so after two they are back in place. */
static inline void rounds4(__m128i* abef, __m128i* cdgh, __m128i w, int t) {
    const __m128i wk = _mm_add_epi32(w, _mm_loadu_si128((const __m128i*)(gu_sha256_k + t)));
    *cdgh = _mm_sha256rnds2_epu32(*cdgh, *abef, wk);
    *abef = _mm_sha256rnds2_epu32(*abef, *cdgh, _mm_shuffle_epi32(wk, 0x0e)); /* lanes 2, 3 down */
}

/* W[t+16..t+19] from w0 = W[t..t+3] .. w3 = W[t+12..t+15]. */
static inline __m128i schedule4(__m128i w0, __m128i w1, __m128i w2, __m128i w3) {
    const __m128i w7 = _mm_alignr_epi8(w3, w2, 4); /* W[t+9..t+12] */
    return _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32(w0, w1), w7), w3);
}

static void blocks_shani(uint32_t state[8], const uint8_t* data, size_t blocks) {
    /* Each 32-bit word byte-reversed: big-endian message words into lanes. */
    const __m128i bswap = _mm_set_epi8(12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3);
    /* state[0..3] = a b c d, state[4..7] = e f g h (lane 0 first); the instructions want
     * {a b e f} and {c d g h} with a and c in lane 3. */
    const __m128i dcba = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i*)state), 0x1b);
    const __m128i hgfe = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i*)(state + 4)), 0x1b);
    __m128i abef = _mm_unpackhi_epi64(hgfe, dcba); /* lanes 0..3: f e b a */
    __m128i cdgh = _mm_unpacklo_epi64(hgfe, dcba); /* lanes 0..3: h g d c */

    for (size_t blk = 0; blk < blocks; blk++, data += 64) {
        const __m128i abef0 = abef, cdgh0 = cdgh;
        __m128i w0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i*)data), bswap);
        __m128i w1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i*)(data + 16)), bswap);
        __m128i w2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i*)(data + 32)), bswap);
        __m128i w3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i*)(data + 48)), bswap);
        /* Rounds 0..47 make the schedule for 16..63 as they go; four vectors rotate. */
        for (int t = 0; t < 48; t += 16) {
            rounds4(&abef, &cdgh, w0, t);
            w0 = schedule4(w0, w1, w2, w3);
            rounds4(&abef, &cdgh, w1, t + 4);
            w1 = schedule4(w1, w2, w3, w0);
            rounds4(&abef, &cdgh, w2, t + 8);
            w2 = schedule4(w2, w3, w0, w1);
            rounds4(&abef, &cdgh, w3, t + 12);
            w3 = schedule4(w3, w0, w1, w2);
        }
        rounds4(&abef, &cdgh, w0, 48);
        rounds4(&abef, &cdgh, w1, 52);
        rounds4(&abef, &cdgh, w2, 56);
        rounds4(&abef, &cdgh, w3, 60);
        abef = _mm_add_epi32(abef, abef0);
        cdgh = _mm_add_epi32(cdgh, cdgh0);
    }

    _mm_storeu_si128((__m128i*)state, _mm_shuffle_epi32(_mm_unpackhi_epi64(cdgh, abef), 0x1b));
    _mm_storeu_si128((__m128i*)(state + 4), _mm_shuffle_epi32(_mm_unpacklo_epi64(cdgh, abef), 0x1b));
}

const gu_sha256_blocks_fn gu_sha256_blocks_shani = blocks_shani;
#else
const gu_sha256_blocks_fn gu_sha256_blocks_shani = NULL;
#endif
