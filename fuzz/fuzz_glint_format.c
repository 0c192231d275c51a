/*
 * libFuzzer target for the .glint reader (ge_glint_read) and what glint_model_load does after
 * it (the default load passes and the memory plan): any bytes must load or fail with
 * GLINT_ERROR_* and a message, never crash, read out of bounds, leak, or allocate without bound.
 *
 * A mutated file almost never keeps a valid sha256, which would stop every input at the
 * checksum. So each input is tried twice: as is (header and checksum checks), and as a copy
 * whose header is repaired (payload size set to the real size, sha256 recomputed), which lets
 * the mutations reach every table of the payload.
 *
 * Seed corpus: fuzz/corpus/fuzz_glint_format/, small files written by tests/unit/test_glint_format.c
 * with GLINT_WRITE_GLINT_SEEDS=DIR: int8_net.glint (the int8 rewrite of the 13-op test network:
 * conv, depthwise, ADD, max pool, PRELU, MEAN, RESHAPE, FC, LOGISTIC with its table, resize,
 * CONCAT, QUANTIZE, per-channel quant records) and fp16_net.glint (the same network with F16
 * weights behind DEQUANTIZE ops). Larger seeds: any file glint-quantize writes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/format/ge_glint_format.h"
#include "engine/ge_passes.h"
#include "engine/ge_plan.h"
#include "util/gu_sha256.h"

#define FUZZ_MAX_ARENA ((size_t)64 << 20)

static void try_load(const uint8_t* data, size_t size) {
    gu_allocator alloc;
    gu_allocator_init(&alloc, NULL);
    ge_graph g;
    ge_graph_init(&g, &alloc);
    glint_error err = {0};
    glint_result r = ge_glint_read(&g, data, size, NULL, &err);
    if (r >= 0) r = ge_passes_run_default(&g, &err);
    if (r >= 0) r = ge_plan_memory(&g, FUZZ_MAX_ARENA, &err);
    if (r < 0 && (err.message[0] == 0 || err.code != r)) __builtin_trap(); /* errors always say why */
    if (r >= 0) {
        ge_graph_stats st;
        ge_graph_stats_compute(&g, &st);
    }
    ge_graph_free(&g);
    if (alloc.live_allocations != 0) __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try_load(data, size);
    if (size < GE_GLINT_HEADER_BYTES) return 0;
    uint8_t* copy = malloc(size);
    if (!copy) return 0;
    memcpy(copy, data, size);
    const uint64_t payload = size - GE_GLINT_HEADER_BYTES;
    for (int i = 0; i < 8; i++) copy[16 + i] = (uint8_t)(payload >> (8 * i));
    gu_sha256_bytes(copy + GE_GLINT_HEADER_BYTES, (size_t)payload, copy + 24);
    try_load(copy, size);
    free(copy);
    return 0;
}
