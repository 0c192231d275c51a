/*
 * gu_json: a strict RFC 8259 JSON parser that builds a read-only DOM in a gu_arena.
 *
 * glint parses TF.js model.json files (and small configs) itself so that the SDK builds for
 * Android and WebAssembly without extra libraries. Model files come from the network, so the
 * parser treats its input as hostile:
 *  - strict grammar: no comments, no trailing commas, no leading zeros, no NaN/Infinity,
 *    no control characters or invalid UTF-8 inside strings, nothing but whitespace after the
 *    top-level value, duplicate object keys rejected (a leading UTF-8 byte order mark is skipped,
 *    as RFC 8259 allows);
 *  - bounded: nesting depth, input size and number of values are limited (gu_json_limits), so a
 *    small hostile file cannot exhaust the stack or memory;
 *  - every error names line:column (1-based, column in bytes) and what was expected.
 *
 * Strings are unescaped to UTF-8 (\uXXXX surrogate pairs are combined; lone surrogates are
 * rejected) and NUL-terminated; `length` is authoritative because \u0000 is legal. Numbers are
 * doubles; `is_int` says the value is integral and fits int64 (plain integer literals are
 * converted exactly, not through the double). Objects keep their keys in file order.
 *
 * All nodes live in the caller's arena and are freed with it; nothing else is allocated
 * after gu_json_parse returns.
 */
#ifndef GU_JSON_H
#define GU_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "glint/glint_types.h"
#include "util/gu_alloc.h"

typedef enum gu_json_type {
    GU_JSON_NULL = 0,
    GU_JSON_BOOL,
    GU_JSON_NUMBER,
    GU_JSON_STRING,
    GU_JSON_ARRAY,
    GU_JSON_OBJECT,
} gu_json_type;

typedef struct gu_json gu_json;
struct gu_json {
    gu_json_type type;
    uint32_t line, column; /* where the value starts in the text */
    union {
        bool boolean;
        struct {
            double value;
            int64_t integer; /* valid when is_int */
            bool is_int;
        } number;
        struct {
            const char* chars; /* UTF-8, NUL-terminated */
            size_t length;     /* bytes, without the terminator */
        } string;
        struct {
            size_t count;
            const gu_json* const* items; /* array elements, or object values */
            const gu_json* const* keys;  /* objects only: GU_JSON_STRING nodes, same order */
        } children;
    } u;
};

typedef struct gu_json_limits {
    size_t max_bytes;   /* input size; 0: 64 MiB */
    uint32_t max_depth; /* nesting of arrays/objects; 0: 64 */
    size_t max_values;  /* every value counts, keys included; 0: 4 Mi */
} gu_json_limits;

/*
 * Parses text[0..size) into a DOM allocated from arena. On success *out_root is the top-level
 * value. Errors: GLINT_ERROR_MODEL_FORMAT (syntax, with "line:col: ..."), GLINT_ERROR_LIMIT_EXCEEDED,
 * GLINT_ERROR_OUT_OF_MEMORY, GLINT_ERROR_INVALID_ARGUMENT. limits may be NULL (defaults).
 * The text need not be NUL-terminated.
 */
glint_result gu_json_parse(gu_arena* arena, const char* text, size_t size, const gu_json_limits* limits,
                           const gu_json** out_root, glint_error* err);

/* ---- navigation: all accept NULL and return NULL / 0 / false on type mismatch ---- */

/* The value of key in an object (keys compared as exact UTF-8 bytes), or NULL. */
const gu_json* gu_json_get(const gu_json* object, const char* key);
/* Number of elements of an array or members of an object; 0 for anything else. */
size_t gu_json_count(const gu_json* v);
/* Element i of an array, or the value of member i of an object; NULL when out of range. */
const gu_json* gu_json_at(const gu_json* v, size_t index);
/* Key of member i of an object (NUL-terminated), or NULL. */
const char* gu_json_key_at(const gu_json* object, size_t index);

bool gu_json_is(const gu_json* v, gu_json_type type);
/* The string's bytes (NUL-terminated) or NULL if v is not a string; *out_length optional. */
const char* gu_json_string(const gu_json* v, size_t* out_length);
/* True and the value when v is a number (any number for double, integral within int64 for int64). */
bool gu_json_double(const gu_json* v, double* out_value);
bool gu_json_int64(const gu_json* v, int64_t* out_value);
bool gu_json_bool(const gu_json* v, bool* out_value);

const char* gu_json_type_name(gu_json_type type); /* "null", "boolean", ... */

/*
 * Typed member access that fails cleanly: on a missing key or a wrong type, returns
 * GLINT_ERROR_MODEL_FORMAT with a message like `3:17: "shape" must be an array, found string`
 * (position of the object when the key is missing). `what` prefixes the message (e.g. a file
 * name); it may be NULL.
 */
glint_result gu_json_member(const gu_json* object, const char* key, gu_json_type type, const char* what,
                            const gu_json** out_value, glint_error* err);
glint_result gu_json_member_string(const gu_json* object, const char* key, const char* what, const char** out_chars,
                                   size_t* out_length, glint_error* err);
glint_result gu_json_member_int64(const gu_json* object, const char* key, const char* what, int64_t* out_value,
                                  glint_error* err);
glint_result gu_json_member_double(const gu_json* object, const char* key, const char* what, double* out_value,
                                   glint_error* err);
glint_result gu_json_member_bool(const gu_json* object, const char* key, const char* what, bool* out_value,
                                 glint_error* err);

#endif /* GU_JSON_H */
