#include "gu_alloc.h"

#include <stdlib.h>
#include <string.h>

void gu_allocator_init(gu_allocator* a, const glint_allocator* hook) {
    memset(a, 0, sizeof(*a));
    if (hook && hook->alloc && hook->free) a->hook = *hook;
}

void* gu_malloc(gu_allocator* a, size_t size) {
    if (size == 0) size = 1;
    void* p = a->hook.alloc ? a->hook.alloc(size, a->hook.user_data) : malloc(size);
    if (p) {
        a->live_allocations++;
        a->total_allocations++;
    }
    return p;
}

void* gu_calloc(gu_allocator* a, size_t count, size_t size) {
    size_t total;
    if (!gu_mul_size(count, size, &total)) return NULL;
    void* p = gu_malloc(a, total);
    if (p) memset(p, 0, total);
    return p;
}

void gu_free(gu_allocator* a, void* ptr) {
    if (!ptr) return;
    a->live_allocations--;
    if (a->hook.free)
        a->hook.free(ptr, a->hook.user_data);
    else
        free(ptr);
}

/* The byte before the aligned pointer block stores the offset back to the raw pointer. */
void* gu_malloc_aligned(gu_allocator* a, size_t size, size_t align) {
    if (align < sizeof(void*)) align = sizeof(void*);
    size_t total;
    if (!gu_add_size(size, align + sizeof(void*), &total)) return NULL;
    uint8_t* raw = gu_malloc(a, total);
    if (!raw) return NULL;
    uintptr_t p = ((uintptr_t)raw + sizeof(void*) + align - 1) & ~(uintptr_t)(align - 1);
    ((void**)p)[-1] = raw;
    return (void*)p;
}

void gu_free_aligned(gu_allocator* a, void* ptr) {
    if (!ptr) return;
    gu_free(a, ((void**)ptr)[-1]);
}

struct gu_arena_block {
    gu_arena_block* next;
    size_t capacity;
    size_t used;
    uint8_t* data; /* 64-byte aligned start */
};

enum { GU_ARENA_ALIGN = 64 };

void gu_arena_init(gu_arena* arena, gu_allocator* allocator, size_t block_size) {
    memset(arena, 0, sizeof(*arena));
    arena->allocator = allocator;
    arena->block_size = block_size ? block_size : 64 * 1024;
}

void* gu_arena_alloc(gu_arena* arena, size_t size) {
    size_t rounded;
    if (!gu_add_size(size, GU_ARENA_ALIGN - 1, &rounded)) return NULL;
    rounded &= ~(size_t)(GU_ARENA_ALIGN - 1);
    if (rounded == 0) rounded = GU_ARENA_ALIGN;
    gu_arena_block* b = arena->head;
    if (!b || b->capacity - b->used < rounded) {
        size_t cap = rounded > arena->block_size ? rounded : arena->block_size;
        size_t total;
        if (!gu_add_size(cap, sizeof(gu_arena_block) + GU_ARENA_ALIGN, &total)) return NULL;
        uint8_t* raw = gu_malloc(arena->allocator, total);
        if (!raw) return NULL;
        b = (gu_arena_block*)raw;
        b->capacity = cap;
        b->used = 0;
        b->data = (uint8_t*)(((uintptr_t)(raw + sizeof(gu_arena_block)) + GU_ARENA_ALIGN - 1) &
                             ~(uintptr_t)(GU_ARENA_ALIGN - 1));
        /* Big one-off blocks go behind the head so the head keeps serving small requests. */
        if (arena->head && rounded > arena->block_size) {
            b->next = arena->head->next;
            arena->head->next = b;
        } else {
            b->next = arena->head;
            arena->head = b;
        }
    }
    void* p = b->data + b->used;
    b->used += rounded;
    arena->bytes_used += size;
    memset(p, 0, size);
    return p;
}

char* gu_arena_strndup(gu_arena* arena, const char* s, size_t n) {
    char* d = gu_arena_alloc(arena, n + 1);
    if (!d) return NULL;
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

char* gu_arena_strdup(gu_arena* arena, const char* s) { return gu_arena_strndup(arena, s, strlen(s)); }

void gu_arena_free(gu_arena* arena) {
    gu_arena_block* b = arena->head;
    while (b) {
        gu_arena_block* next = b->next;
        gu_free(arena->allocator, b);
        b = next;
    }
    arena->head = NULL;
    arena->bytes_used = 0;
}
