/*
 * ge_flatbuf: a tiny, bounds-checked reader for FlatBuffers binaries.
 *
 * Importers read model files straight from untrusted bytes, so every access here is
 * checked against the buffer: root offset, vtables, field offsets, vectors (length x
 * element size), strings and union tables. Nothing is ever dereferenced through a cast:
 * scalars are assembled byte by byte (little-endian, whatever the host), so misaligned
 * input (a model sliced out of a bigger blob at an odd offset) is read correctly.
 *
 * Wire format in short: a table starts with an int32 soffset to its vtable (vtable =
 * table - soffset). A vtable is uint16 [vtable_size, table_size, field_offset...];
 * field `id` lives at table + field_offset[id] when that offset is non-zero. References
 * to sub-tables, vectors and strings are uint32 uoffsets relative to where they are
 * stored; a vector or string is a uint32 element count followed by the elements.
 * A union takes two ids: the type (uint8) and then the table reference.
 *
 * Because uoffsets are unsigned, references only point forward, and the importer walks a
 * fixed-depth schema, so a hostile file cannot make a read loop. Vector lengths are
 * checked against the bytes left, so a caller that allocates per element is bounded by
 * the file size.
 *
 * Every failing call returns false (or -1) and leaves a one-line reason in fb->why,
 * which the caller prefixes with what it was reading ("tensor 17 shape: ...").
 */
#ifndef GE_FLATBUF_H
#define GE_FLATBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ge_fb {
    const uint8_t* data;
    size_t size;
    char why[160]; /* reason for the last failure */
} ge_fb;

typedef struct ge_fb_table {
    size_t pos;          /* start of the table (its soffset) */
    size_t vtable;       /* start of its vtable */
    uint16_t vtable_size; /* bytes, including the two header fields */
    uint16_t table_size; /* bytes, including the soffset */
} ge_fb_table;

typedef struct ge_fb_vector {
    size_t pos;       /* first element */
    uint32_t len;     /* element count */
    uint32_t elem_size;
} ge_fb_vector;

/* Result of reading an optional field. */
enum { GE_FB_BAD = -1, GE_FB_ABSENT = 0, GE_FB_PRESENT = 1 };

void ge_fb_init(ge_fb* fb, const void* data, size_t size);

/* The root table; false when the header or the table is out of bounds. */
bool ge_fb_root(ge_fb* fb, ge_fb_table* out);

/* True when bytes 4..7 hold the 4-character file identifier (e.g. "TFL3"). */
bool ge_fb_has_identifier(const ge_fb* fb, const char ident[4]);

/* Validates the table at pos (soffset, vtable bounds) and describes it. */
bool ge_fb_table_at(ge_fb* fb, size_t pos, ge_fb_table* out);

/*
 * Scalar fields: *out gets the stored value, or def when the field is absent. False when
 * the field's bytes fall outside the table.
 */
bool ge_fb_u8(ge_fb* fb, const ge_fb_table* t, int id, uint8_t def, uint8_t* out);
bool ge_fb_i8(ge_fb* fb, const ge_fb_table* t, int id, int8_t def, int8_t* out);
bool ge_fb_bool(ge_fb* fb, const ge_fb_table* t, int id, bool def, bool* out);
bool ge_fb_i32(ge_fb* fb, const ge_fb_table* t, int id, int32_t def, int32_t* out);
bool ge_fb_u32(ge_fb* fb, const ge_fb_table* t, int id, uint32_t def, uint32_t* out);
bool ge_fb_u64(ge_fb* fb, const ge_fb_table* t, int id, uint64_t def, uint64_t* out);

/* Reference fields: GE_FB_PRESENT, GE_FB_ABSENT (out zeroed) or GE_FB_BAD. */
int ge_fb_table_field(ge_fb* fb, const ge_fb_table* t, int id, ge_fb_table* out);
int ge_fb_vector_field(ge_fb* fb, const ge_fb_table* t, int id, uint32_t elem_size, ge_fb_vector* out);
/* A string: *out_s points into the buffer (not NUL-terminated as far as the caller knows). */
int ge_fb_string_field(ge_fb* fb, const ge_fb_table* t, int id, const char** out_s, size_t* out_len);

/* Elements of a validated vector; i < v->len is the caller's job. */
uint8_t ge_fb_vec_u8(const ge_fb* fb, const ge_fb_vector* v, uint32_t i);
uint16_t ge_fb_vec_u16(const ge_fb* fb, const ge_fb_vector* v, uint32_t i);
int32_t ge_fb_vec_i32(const ge_fb* fb, const ge_fb_vector* v, uint32_t i);
int64_t ge_fb_vec_i64(const ge_fb* fb, const ge_fb_vector* v, uint32_t i);
float ge_fb_vec_f32(const ge_fb* fb, const ge_fb_vector* v, uint32_t i);
const uint8_t* ge_fb_vec_data(const ge_fb* fb, const ge_fb_vector* v);
/* Element i of a vector of tables (elem_size 4): follows and validates the reference. */
bool ge_fb_vec_table(ge_fb* fb, const ge_fb_vector* v, uint32_t i, ge_fb_table* out);

#endif /* GE_FLATBUF_H */
