/* gu_sha256: the streaming API and padding over whichever block function is active. */
#include "gu_sha256.h"

#include <string.h>

#include "gu_sha256_impl.h"

void gu_sha256_init(gu_sha256* ctx) {
    /* FIPS 180-4 section 5.3.3: square roots of the first 8 primes. */
    static const uint32_t h0[8] = {0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
                                   0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u};
    memcpy(ctx->state, h0, sizeof(h0));
    ctx->total_bytes = 0;
    ctx->block_used = 0;
}

void gu_sha256_update(gu_sha256* ctx, const void* data, size_t size) {
    const uint8_t* p = data;
    const gu_sha256_blocks_fn blocks = gu_sha256_blocks_active();
    ctx->total_bytes += size;
    if (ctx->block_used) {
        size_t take = 64 - ctx->block_used;
        if (take > size) take = size;
        memcpy(ctx->block + ctx->block_used, p, take);
        ctx->block_used += take;
        p += take;
        size -= take;
        if (ctx->block_used < 64) return;
        blocks(ctx->state, ctx->block, 1);
        ctx->block_used = 0;
    }
    if (size >= 64) {
        blocks(ctx->state, p, size / 64);
        p += size & ~(size_t)63;
        size &= 63;
    }
    if (size) {
        memcpy(ctx->block, p, size);
        ctx->block_used = size;
    }
}

void gu_sha256_final(gu_sha256* ctx, uint8_t out_digest[GU_SHA256_BYTES]) {
    /* Padding (5.1.1): a 1 bit, zeros up to 56 mod 64, then the bit length big-endian. */
    const gu_sha256_blocks_fn blocks = gu_sha256_blocks_active();
    uint64_t bits = ctx->total_bytes * 8u;
    size_t n = ctx->block_used;
    ctx->block[n++] = 0x80;
    if (n > 56) {
        memset(ctx->block + n, 0, 64 - n);
        blocks(ctx->state, ctx->block, 1);
        n = 0;
    }
    memset(ctx->block + n, 0, 56 - n);
    for (int i = 0; i < 8; i++) ctx->block[56 + i] = (uint8_t)(bits >> (56 - 8 * i));
    blocks(ctx->state, ctx->block, 1);
    for (int i = 0; i < 8; i++) {
        out_digest[4 * i + 0] = (uint8_t)(ctx->state[i] >> 24);
        out_digest[4 * i + 1] = (uint8_t)(ctx->state[i] >> 16);
        out_digest[4 * i + 2] = (uint8_t)(ctx->state[i] >> 8);
        out_digest[4 * i + 3] = (uint8_t)ctx->state[i];
    }
    memset(ctx->block, 0, sizeof(ctx->block));
    ctx->block_used = 0;
}

void gu_sha256_bytes(const void* data, size_t size, uint8_t out_digest[GU_SHA256_BYTES]) {
    gu_sha256 ctx;
    gu_sha256_init(&ctx);
    gu_sha256_update(&ctx, data, size);
    gu_sha256_final(&ctx, out_digest);
}

void gu_sha256_to_hex(const uint8_t digest[GU_SHA256_BYTES], char out_hex[GU_SHA256_HEX_CHARS + 1]) {
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < GU_SHA256_BYTES; i++) {
        out_hex[2 * i] = digits[digest[i] >> 4];
        out_hex[2 * i + 1] = digits[digest[i] & 15];
    }
    out_hex[GU_SHA256_HEX_CHARS] = 0;
}

static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool gu_sha256_from_hex(const char* hex, uint8_t out_digest[GU_SHA256_BYTES]) {
    if (!hex) return false;
    for (int i = 0; i < GU_SHA256_BYTES; i++) {
        int hi = hex_value(hex[2 * i]);
        if (hi < 0) return false;
        int lo = hex_value(hex[2 * i + 1]);
        if (lo < 0) return false;
        out_digest[i] = (uint8_t)(hi * 16 + lo);
    }
    return hex[GU_SHA256_HEX_CHARS] == 0;
}
