/*
 * gu_sha256_armv8: SHA-256 block compression with the ARMv8 Cryptographic Extension (SHA2).
 * Built with -march=armv8-a+crypto (cmake/glint_cpu_kernels.cmake); only called after
 * gu_sha256_dispatch.c has seen HWCAP_SHA2.
 *
 * How the instructions see the state (Arm ARM, SHA256H / SHA256H2 / SHA256SU0 / SHA256SU1):
 *   The state is two vectors in natural order, {a, b, c, d} and {e, f, g, h} (lane 0 = a, e).
 *   SHA256H  abcd, efgh, wk runs four rounds and returns the new {a, b, c, d};
 *   SHA256H2 efgh, abcd, wk runs the same four rounds and returns the new {e, f, g, h}; both
 *   take the state from before the rounds, so H2 gets the old abcd. wk lane i = W[t+i] + K[t+i].
 *   SHA256SU0 x, y: x = W[t-16..t-13], y = W[t-12..t-9]; gives W[t-16+i] + sigma0(W[t-15+i]).
 *   SHA256SU1 x, y, z: x = that, y = W[t-8..t-5], z = W[t-4..t-1]; adds W[t-7+i] and
 *   sigma1(W[t-2+i]) (lanes 2 and 3 using the W[t], W[t+1] it has just made): W[t..t+3].
 * The message words are big-endian in memory, REV32 puts them in lanes.
 */
#include "gu_sha256_impl.h"

#if defined(__aarch64__) && (defined(__ARM_FEATURE_SHA2) || defined(__ARM_FEATURE_CRYPTO))
#include <arm_neon.h>

static inline void rounds4(uint32x4_t* abcd, uint32x4_t* efgh, uint32x4_t w, int t) {
    const uint32x4_t wk = vaddq_u32(w, vld1q_u32(gu_sha256_k + t));
    const uint32x4_t abcd0 = *abcd;
    *abcd = vsha256hq_u32(abcd0, *efgh, wk);
    *efgh = vsha256h2q_u32(*efgh, abcd0, wk);
}

/* W[t+16..t+19] from w0 = W[t..t+3] .. w3 = W[t+12..t+15]. */
static inline uint32x4_t schedule4(uint32x4_t w0, uint32x4_t w1, uint32x4_t w2, uint32x4_t w3) {
    return vsha256su1q_u32(vsha256su0q_u32(w0, w1), w2, w3);
}

static inline uint32x4_t load_be(const uint8_t* p) {
    return vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p)));
}

static void blocks_armv8(uint32_t state[8], const uint8_t* data, size_t blocks) {
    uint32x4_t abcd = vld1q_u32(state), efgh = vld1q_u32(state + 4);
    for (size_t blk = 0; blk < blocks; blk++, data += 64) {
        const uint32x4_t abcd0 = abcd, efgh0 = efgh;
        uint32x4_t w0 = load_be(data), w1 = load_be(data + 16);
        uint32x4_t w2 = load_be(data + 32), w3 = load_be(data + 48);
        /* Rounds 0..47 make the schedule for 16..63 as they go; four vectors rotate. */
        for (int t = 0; t < 48; t += 16) {
            rounds4(&abcd, &efgh, w0, t);
            w0 = schedule4(w0, w1, w2, w3);
            rounds4(&abcd, &efgh, w1, t + 4);
            w1 = schedule4(w1, w2, w3, w0);
            rounds4(&abcd, &efgh, w2, t + 8);
            w2 = schedule4(w2, w3, w0, w1);
            rounds4(&abcd, &efgh, w3, t + 12);
            w3 = schedule4(w3, w0, w1, w2);
        }
        rounds4(&abcd, &efgh, w0, 48);
        rounds4(&abcd, &efgh, w1, 52);
        rounds4(&abcd, &efgh, w2, 56);
        rounds4(&abcd, &efgh, w3, 60);
        abcd = vaddq_u32(abcd, abcd0);
        efgh = vaddq_u32(efgh, efgh0);
    }
    vst1q_u32(state, abcd);
    vst1q_u32(state + 4, efgh);
}

const gu_sha256_blocks_fn gu_sha256_blocks_armv8 = blocks_armv8;
#else
const gu_sha256_blocks_fn gu_sha256_blocks_armv8 = NULL;
#endif
