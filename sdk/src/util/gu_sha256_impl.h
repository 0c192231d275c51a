/*
 * gu_sha256_impl: the SHA-256 compression functions behind gu_sha256, one per instruction set.
 * Private to gu_sha256*.c; gu_sha256.h picks among them at run time.
 *
 * Every function takes the state as FIPS 180-4 words H0..H7 in that order and compresses
 * `blocks` consecutive 64-byte blocks, so paths can be swapped between calls, even in the
 * middle of a message.
 */
#ifndef GU_SHA256_IMPL_H
#define GU_SHA256_IMPL_H

#include <stddef.h>
#include <stdint.h>

typedef void (*gu_sha256_blocks_fn)(uint32_t state[8], const uint8_t* data, size_t blocks);

/* The round constants K0..K63 (FIPS 180-4 section 4.2.2). */
extern const uint32_t gu_sha256_k[64];

/* Portable C, always there. */
void gu_sha256_blocks_portable(uint32_t state[8], const uint8_t* data, size_t blocks);

/*
 * The hardware paths: NULL where this build did not compile them (no compiler support for the
 * file's instruction-set flags, or another architecture). Whether the CPU has the instructions is
 * gu_sha256_dispatch.c's question, asked in a file built without those flags, so nothing from these
 * files runs before the answer is yes.
 */
extern const gu_sha256_blocks_fn gu_sha256_blocks_shani; /* x86-64 SHA extensions (SHA-NI) */
extern const gu_sha256_blocks_fn gu_sha256_blocks_armv8; /* ARMv8 Cryptographic Extension, SHA2 */

/* The function every hash uses now (the best available path, see gu_sha256_use_path). */
gu_sha256_blocks_fn gu_sha256_blocks_active(void);

#endif /* GU_SHA256_IMPL_H */
