/*
 * libFuzzer target for gu_json: any bytes must either parse or fail with a message, never
 * crash, leak or read out of bounds. On success the whole DOM is walked (every getter), so
 * a malformed node would be touched. Seed corpus: the real model.json files
 * .cache/models/tfjs/?*.json plus the small documents in fuzz/corpus/fuzz_json/.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util/gu_alloc.h"
#include "util/gu_json.h"

static size_t walk(const gu_json* v, int depth) {
    if (!v || depth > 600) return 0;
    size_t n = 1;
    size_t len = 0;
    double d;
    int64_t i;
    bool b;
    (void)gu_json_double(v, &d);
    (void)gu_json_int64(v, &i);
    (void)gu_json_bool(v, &b);
    const char* s = gu_json_string(v, &len);
    if (s && s[len] != 0) __builtin_trap(); /* strings are always terminated */
    size_t count = gu_json_count(v);
    for (size_t k = 0; k < count; k++) {
        const char* key = gu_json_key_at(v, k);
        /* Keys are unique, so a key without an embedded NUL finds exactly member k. */
        if (key && strlen(key) == v->u.children.keys[k]->u.string.length && gu_json_get(v, key) != gu_json_at(v, k))
            __builtin_trap();
        n += walk(gu_json_at(v, k), depth + 1);
    }
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    gu_allocator alloc;
    gu_allocator_init(&alloc, NULL);
    gu_arena arena;
    gu_arena_init(&arena, &alloc, 0);
    const gu_json* root = NULL;
    glint_error err = {0};
    gu_json_limits limits = {.max_bytes = 1 << 20};
    glint_result r = gu_json_parse(&arena, (const char*)data, size, &limits, &root, &err);
    if (r == GLINT_SUCCESS) {
        if (!root) __builtin_trap();
        walk(root, 0);
    } else if (err.message[0] == 0 || root != NULL) {
        __builtin_trap(); /* every failure explains itself */
    }
    gu_arena_free(&arena);
    if (alloc.live_allocations != 0) __builtin_trap();
    return 0;
}
