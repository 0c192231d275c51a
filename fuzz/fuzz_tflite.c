/*
 * libFuzzer target for the TFLite importer (ge_import_tflite): any bytes must import or fail
 * with GLINT_ERROR_* and a message, never crash, read out of bounds, leak, or allocate without
 * bound. Each input goes into a fresh graph, which is then freed; the allocator's live count
 * must drop back to zero.
 *
 * Seed corpus: the real MediaPipe models, .cache/models/mediapipe/?*.tflite (tools/test.sh copies
 * those up to GLINT_FUZZ_MAX_LEN), plus two small models that tests/unit/test_import_tflite_bad.c
 * writes at fuzz time (GLINT_WRITE_TFLITE_SEEDS): an ADD with a constant and a DENSIFY of a CSR
 * fp16 constant, which mutate much faster than megabyte-sized files.
 */
#include <stddef.h>
#include <stdint.h>

#include "engine/ge_graph.h"
#include "engine/import/ge_import.h"

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    gu_allocator alloc;
    gu_allocator_init(&alloc, NULL);
    ge_graph g;
    ge_graph_init(&g, &alloc);
    glint_error err = {0};
    glint_result r = ge_import_tflite(&g, data, size, &err);
    if (r < 0 && (err.message[0] == 0 || err.code != r)) __builtin_trap(); /* errors always say why */
    if (r == GLINT_SUCCESS) {
        ge_graph_stats st;
        ge_graph_stats_compute(&g, &st); /* walks every op and constant of the imported graph */
    }
    ge_graph_free(&g);
    if (alloc.live_allocations != 0) __builtin_trap();
    return 0;
}
