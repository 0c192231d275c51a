/*
 * libFuzzer target for the TF.js importer: the input bytes are model.json, imported in memory
 * together with a real weight shard, so that mutations of a real model.json reach the node
 * lowering with real weights behind it.
 *
 * Seed corpus: the real model.json files, .cache/models/tfjs/?*.json, plus fuzz/corpus/fuzz_tfjs/.
 * The weight shard is read once at start from $GLINT_FUZZ_TFJS_SHARD, else movenet-lightning.bin
 * in the cache's models/tfjs folder ($GLINT_CACHE_DIR, else the working directory's .cache); when
 * it is missing the target fuzzes with an empty shard.
 * Example: ./fuzz_tfjs -max_total_time=60 corpus/ seeds/
 *
 * Checks: no crash, no leak (allocation count back to zero), every failure has a message,
 * and a successful import yields a graph that passes ge_graph_analyze.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/ge_graph.h"
#include "engine/import/ge_import.h"
#include "util/gu_alloc.h"
#include "util/gu_file.h"

static gu_allocator g_shard_alloc;
static void* g_shard;
static size_t g_shard_size;

int LLVMFuzzerInitialize(int* argc, char*** argv) {
    (void)argc;
    (void)argv;
    gu_allocator_init(&g_shard_alloc, NULL);
    static char buf[4096];
    const char* path = getenv("GLINT_FUZZ_TFJS_SHARD");
    const char* cache = getenv("GLINT_CACHE_DIR");
    if (!path) {
        snprintf(buf, sizeof(buf), "%s/models/tfjs/movenet-lightning.bin", cache ? cache : ".cache");
        path = buf;
    }
    glint_error err;
    if (gu_file_read(path, &g_shard_alloc, (size_t)256 << 20, &g_shard, &g_shard_size, &err) < 0) {
        g_shard = NULL;
        g_shard_size = 0;
    }
    return 0;
}

static glint_result import_once(gu_allocator* alloc, const uint8_t* data, size_t size, int num_shards) {
    ge_graph g;
    ge_graph_init(&g, alloc);
    glint_error err;
    memset(&err, 0, sizeof(err));
    const void* shards[1] = {g_shard ? g_shard : ""};
    size_t sizes[1] = {g_shard_size};
    glint_result r = ge_import_tfjs_memory(&g, (const char*)data, size, shards, sizes, num_shards, NULL, &err);
    if (r < 0 && err.message[0] == 0) __builtin_trap();
    if (r == GLINT_SUCCESS && ge_graph_analyze(&g, &err) < 0) __builtin_trap();
    ge_graph_free(&g);
    return r;
}

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    gu_allocator alloc;
    gu_allocator_init(&alloc, NULL);
    /* The real shard for manifests that name one file; none for those that name no file. */
    if (import_once(&alloc, data, size, 1) == GLINT_ERROR_INVALID_ARGUMENT) import_once(&alloc, data, size, 0);
    if (alloc.live_allocations != 0) __builtin_trap();
    return 0;
}
