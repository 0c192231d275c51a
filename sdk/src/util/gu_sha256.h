/*
 * gu_sha256: SHA-256 (FIPS 180-4) in portable C, streaming or one-shot, plus hex helpers.
 *
 * Used to recognise pinned model files (engine/ge_known_models) and to fingerprint
 * prepared input tensors, so it must give the same digest on every platform: only
 * fixed-width unsigned arithmetic, no endianness or alignment assumptions.
 */
#ifndef GU_SHA256_H
#define GU_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GU_SHA256_BYTES 32
#define GU_SHA256_HEX_CHARS 64 /* without the terminating NUL */

typedef struct gu_sha256 {
    uint32_t state[8];
    uint64_t total_bytes; /* message length so far */
    uint8_t block[64];    /* pending partial block */
    size_t block_used;
} gu_sha256;

void gu_sha256_init(gu_sha256* ctx);
void gu_sha256_update(gu_sha256* ctx, const void* data, size_t size);
/* Writes the digest and leaves ctx unusable until the next gu_sha256_init. */
void gu_sha256_final(gu_sha256* ctx, uint8_t out_digest[GU_SHA256_BYTES]);

/* One-shot digest of a buffer. */
void gu_sha256_bytes(const void* data, size_t size, uint8_t out_digest[GU_SHA256_BYTES]);

/* Lower-case hex; out_hex must hold GU_SHA256_HEX_CHARS + 1 characters. */
void gu_sha256_to_hex(const uint8_t digest[GU_SHA256_BYTES], char out_hex[GU_SHA256_HEX_CHARS + 1]);
/* Parses exactly 64 hex digits (either case); false on anything else. */
bool gu_sha256_from_hex(const char* hex, uint8_t out_digest[GU_SHA256_BYTES]);

#endif /* GU_SHA256_H */
