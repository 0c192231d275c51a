/*
 * gu_sha256: SHA-256 (FIPS 180-4), streaming or one-shot, plus hex helpers.
 *
 * Used to recognise pinned model files (engine/ge_known_models), to check .glint payloads and
 * to fingerprint prepared input tensors: every model load hashes the whole file, so the block
 * compression has hardware paths (x86-64 SHA extensions, ARMv8 Crypto SHA2) picked at run time,
 * beside the portable C one that every platform has. All paths give the same digest; the
 * portable one uses only fixed-width unsigned arithmetic, no endianness or alignment assumptions.
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

/*
 * Which compression code hashes. The default is the best path this build compiled and this CPU
 * runs, or the portable one when the environment has GLINT_ISA=scalar (the engine's switch for
 * "no instruction-set extensions", see engine/ge_isa.h). GLINT_SHA256=<path name> (below) picks
 * one path, if available, over both.
 */
typedef enum gu_sha256_path {
    GU_SHA256_PORTABLE = 0, /* C */
    GU_SHA256_SHANI,        /* x86-64 SHA extensions */
    GU_SHA256_ARMV8,        /* ARMv8 Cryptographic Extension, SHA2 */
    GU_SHA256_NUM_PATHS
} gu_sha256_path;

/* "portable", "sha_ni", "armv8_sha2"; "?" for anything else. */
const char* gu_sha256_path_name(gu_sha256_path path);
/* Compiled into this build and supported by this CPU (GLINT_ISA does not matter here). */
bool gu_sha256_path_available(gu_sha256_path path);
gu_sha256_path gu_sha256_active_path(void);
/*
 * Makes later hashing use `path`, false (and no change) when it is not available. For tests and
 * benchmarks: it is process-wide, and safe to call while other threads hash (a message may be
 * compressed partly by one path and partly by another, which gives the same digest).
 */
bool gu_sha256_use_path(gu_sha256_path path);

#endif /* GU_SHA256_H */
