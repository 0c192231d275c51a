#include "engine/import/ge_flatbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static bool fb_fail(ge_fb* fb, const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(fb->why, sizeof(fb->why), fmt, ap);
    va_end(ap);
    return false;
}

/* Little-endian loads from any alignment. */
static uint16_t ld16(const uint8_t* p) { return (uint16_t)(p[0] | (p[1] << 8)); }
static uint32_t ld32(const uint8_t* p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
static uint64_t ld64(const uint8_t* p) { return (uint64_t)ld32(p) | ((uint64_t)ld32(p + 4) << 32); }

/* True when [pos, pos + n) lies inside the buffer (64-bit math: no wrap-around). */
static bool in_bounds(const ge_fb* fb, uint64_t pos, uint64_t n) {
    return pos <= (uint64_t)fb->size && n <= (uint64_t)fb->size - pos;
}

void ge_fb_init(ge_fb* fb, const void* data, size_t size) {
    fb->data = data;
    fb->size = data ? size : 0;
    fb->why[0] = 0;
}

bool ge_fb_has_identifier(const ge_fb* fb, const char ident[4]) {
    return fb->size >= 8 && memcmp(fb->data + 4, ident, 4) == 0;
}

bool ge_fb_table_at(ge_fb* fb, size_t pos, ge_fb_table* out) {
    if (!in_bounds(fb, pos, 4))
        return fb_fail(fb, "table at offset %zu is past the end (%zu bytes)", pos, fb->size);
    int32_t soff = (int32_t)ld32(fb->data + pos);
    int64_t vt = (int64_t)pos - (int64_t)soff;
    if (vt < 0 || !in_bounds(fb, (uint64_t)vt, 4))
        return fb_fail(fb, "table at offset %zu has its vtable at %lld, outside the buffer", pos, (long long)vt);
    uint16_t vt_size = ld16(fb->data + vt);
    uint16_t tab_size = ld16(fb->data + vt + 2);
    if (vt_size < 4 || (vt_size & 1u) || !in_bounds(fb, (uint64_t)vt, vt_size))
        return fb_fail(fb, "table at offset %zu has a bad vtable (size %u at offset %lld)", pos, vt_size,
                       (long long)vt);
    if (tab_size < 4 || !in_bounds(fb, pos, tab_size))
        return fb_fail(fb, "table at offset %zu claims %u bytes, past the end (%zu bytes)", pos, tab_size, fb->size);
    out->pos = pos;
    out->vtable = (size_t)vt;
    out->vtable_size = vt_size;
    out->table_size = tab_size;
    return true;
}

bool ge_fb_root(ge_fb* fb, ge_fb_table* out) {
    if (fb->size < 8) return fb_fail(fb, "file is %zu bytes, too short for a FlatBuffer header", fb->size);
    uint32_t root = ld32(fb->data);
    if (!in_bounds(fb, root, 4))
        return fb_fail(fb, "root table offset %u is past the end (%zu bytes)", root, fb->size);
    return ge_fb_table_at(fb, root, out);
}

/*
 * Locates field `id` of width `width`: GE_FB_PRESENT with *out_pos, GE_FB_ABSENT, or
 * GE_FB_BAD when the vtable puts it outside the table.
 */
static int field_pos(ge_fb* fb, const ge_fb_table* t, int id, uint32_t width, size_t* out_pos) {
    uint32_t slot = 4u + 2u * (uint32_t)id;
    if (id < 0 || slot + 2u > t->vtable_size) return GE_FB_ABSENT;
    uint16_t off = ld16(fb->data + t->vtable + slot);
    if (off == 0) return GE_FB_ABSENT;
    if ((uint32_t)off + width > t->table_size) {
        fb_fail(fb, "field %d of the table at offset %zu lies outside the table (%u + %u > %u bytes)", id, t->pos,
                off, width, t->table_size);
        return GE_FB_BAD;
    }
    *out_pos = t->pos + off;
    return GE_FB_PRESENT;
}

#define FB_SCALAR_GETTER(fn, type, width, load)                                   \
    bool fn(ge_fb* fb, const ge_fb_table* t, int id, type def, type* out) {      \
        size_t p;                                                                 \
        int r = field_pos(fb, t, id, width, &p);                                  \
        if (r == GE_FB_BAD) return false;                                         \
        *out = r == GE_FB_PRESENT ? (type)(load) : def;                           \
        return true;                                                              \
    }

FB_SCALAR_GETTER(ge_fb_u8, uint8_t, 1, fb->data[p])
FB_SCALAR_GETTER(ge_fb_i8, int8_t, 1, (int8_t)fb->data[p])
FB_SCALAR_GETTER(ge_fb_bool, bool, 1, fb->data[p] != 0)
FB_SCALAR_GETTER(ge_fb_i32, int32_t, 4, (int32_t)ld32(fb->data + p))
FB_SCALAR_GETTER(ge_fb_u32, uint32_t, 4, ld32(fb->data + p))
FB_SCALAR_GETTER(ge_fb_u64, uint64_t, 8, ld64(fb->data + p))

/* Follows the uoffset stored at field `id`: GE_FB_PRESENT with *out_target. */
static int follow(ge_fb* fb, const ge_fb_table* t, int id, size_t* out_target) {
    size_t p;
    int r = field_pos(fb, t, id, 4, &p);
    if (r != GE_FB_PRESENT) return r;
    uint64_t target = (uint64_t)p + ld32(fb->data + p);
    if (!in_bounds(fb, target, 4)) {
        fb_fail(fb, "field %d of the table at offset %zu points to %llu, past the end (%zu bytes)", id, t->pos,
                (unsigned long long)target, fb->size);
        return GE_FB_BAD;
    }
    *out_target = (size_t)target;
    return GE_FB_PRESENT;
}

int ge_fb_table_field(ge_fb* fb, const ge_fb_table* t, int id, ge_fb_table* out) {
    memset(out, 0, sizeof(*out));
    size_t target;
    int r = follow(fb, t, id, &target);
    if (r != GE_FB_PRESENT) return r;
    return ge_fb_table_at(fb, target, out) ? GE_FB_PRESENT : GE_FB_BAD;
}

/* Validates a vector header at pos whose elements are elem_size bytes. */
static bool vector_at(ge_fb* fb, size_t pos, uint32_t elem_size, ge_fb_vector* out) {
    uint32_t len = ld32(fb->data + pos); /* pos + 4 already checked by follow() */
    uint64_t bytes = (uint64_t)len * elem_size;
    if (!in_bounds(fb, (uint64_t)pos + 4, bytes))
        return fb_fail(fb, "vector at offset %zu claims %u elements of %u bytes, past the end (%zu bytes)", pos, len,
                       elem_size, fb->size);
    out->pos = pos + 4;
    out->len = len;
    out->elem_size = elem_size;
    return true;
}

int ge_fb_vector_field(ge_fb* fb, const ge_fb_table* t, int id, uint32_t elem_size, ge_fb_vector* out) {
    memset(out, 0, sizeof(*out));
    out->elem_size = elem_size;
    size_t target;
    int r = follow(fb, t, id, &target);
    if (r != GE_FB_PRESENT) return r;
    return vector_at(fb, target, elem_size, out) ? GE_FB_PRESENT : GE_FB_BAD;
}

int ge_fb_string_field(ge_fb* fb, const ge_fb_table* t, int id, const char** out_s, size_t* out_len) {
    *out_s = NULL;
    *out_len = 0;
    ge_fb_vector v;
    int r = ge_fb_vector_field(fb, t, id, 1, &v);
    if (r != GE_FB_PRESENT) return r;
    *out_s = (const char*)(fb->data + v.pos);
    *out_len = v.len;
    return GE_FB_PRESENT;
}

uint8_t ge_fb_vec_u8(const ge_fb* fb, const ge_fb_vector* v, uint32_t i) { return fb->data[v->pos + i]; }
uint16_t ge_fb_vec_u16(const ge_fb* fb, const ge_fb_vector* v, uint32_t i) {
    return ld16(fb->data + v->pos + (size_t)i * 2);
}
int32_t ge_fb_vec_i32(const ge_fb* fb, const ge_fb_vector* v, uint32_t i) {
    return (int32_t)ld32(fb->data + v->pos + (size_t)i * 4);
}
int64_t ge_fb_vec_i64(const ge_fb* fb, const ge_fb_vector* v, uint32_t i) {
    return (int64_t)ld64(fb->data + v->pos + (size_t)i * 8);
}
float ge_fb_vec_f32(const ge_fb* fb, const ge_fb_vector* v, uint32_t i) {
    uint32_t u = ld32(fb->data + v->pos + (size_t)i * 4);
    float f;
    memcpy(&f, &u, 4);
    return f;
}
const uint8_t* ge_fb_vec_data(const ge_fb* fb, const ge_fb_vector* v) { return fb->data + v->pos; }

bool ge_fb_vec_table(ge_fb* fb, const ge_fb_vector* v, uint32_t i, ge_fb_table* out) {
    size_t p = v->pos + (size_t)i * 4;
    uint64_t target = (uint64_t)p + ld32(fb->data + p);
    if (!in_bounds(fb, target, 4))
        return fb_fail(fb, "element %u of the vector at offset %zu points to %llu, past the end (%zu bytes)", i,
                       v->pos - 4, (unsigned long long)target, fb->size);
    return ge_fb_table_at(fb, (size_t)target, out);
}
