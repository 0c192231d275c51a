/*
 * gu_alloc: the allocator every module uses, plus a bump arena.
 *
 * gu_alloc wraps the user's glint_allocator hook (malloc/free when zero) and counts
 * live allocations, so tests can prove that a hot path does not allocate.
 */
#ifndef GU_ALLOC_H
#define GU_ALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "glint/glint_types.h"

typedef struct gu_allocator {
    glint_allocator hook;   /* zero: malloc/free */
    size_t live_allocations; /* allocations not yet freed */
    size_t total_allocations;
} gu_allocator;

void gu_allocator_init(gu_allocator* a, const glint_allocator* hook);
void* gu_malloc(gu_allocator* a, size_t size);
void* gu_calloc(gu_allocator* a, size_t count, size_t size); /* NULL on overflow */
void gu_free(gu_allocator* a, void* ptr);

/* Memory aligned to `align` (a power of two, <= 4096); free with gu_free_aligned. */
void* gu_malloc_aligned(gu_allocator* a, size_t size, size_t align);
void gu_free_aligned(gu_allocator* a, void* ptr);

/* Overflow-checked size arithmetic: false when the result does not fit. */
static inline bool gu_mul_size(size_t x, size_t y, size_t* out) {
    if (x != 0 && y > SIZE_MAX / x) return false;
    *out = x * y;
    return true;
}
static inline bool gu_add_size(size_t x, size_t y, size_t* out) {
    if (y > SIZE_MAX - x) return false;
    *out = x + y;
    return true;
}

/*
 * Bump arena: many small allocations freed together (names, op input lists, constant
 * weights). Blocks are chained; each allocation is aligned to 64 bytes so SIMD kernels
 * can read constants directly.
 */
typedef struct gu_arena_block gu_arena_block;
typedef struct gu_arena {
    gu_allocator* allocator;
    gu_arena_block* head;
    size_t block_size;  /* default block payload size */
    size_t bytes_used;  /* sum of allocation sizes (for reports) */
} gu_arena;

void gu_arena_init(gu_arena* arena, gu_allocator* allocator, size_t block_size);
void* gu_arena_alloc(gu_arena* arena, size_t size); /* 64-byte aligned, zeroed; NULL on OOM */
char* gu_arena_strdup(gu_arena* arena, const char* s);
char* gu_arena_strndup(gu_arena* arena, const char* s, size_t n);
void gu_arena_free(gu_arena* arena);

#endif /* GU_ALLOC_H */
