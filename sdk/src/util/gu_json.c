/* gu_json: strict RFC 8259 parser (see gu_json.h for the rules it enforces). */
#include "util/gu_json.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/gu_error.h"

#define JSON_DEFAULT_MAX_BYTES ((size_t)64 << 20)
#define JSON_DEFAULT_MAX_DEPTH 64u
#define JSON_HARD_MAX_DEPTH 512u /* the parser recurses once per level: keep the C stack small */
#define JSON_DEFAULT_MAX_VALUES ((size_t)4 << 20)
#define JSON_MAX_NUMBER_CHARS 1024 /* longer literals are refused rather than fed to strtod */
#define JSON_POOL_CHUNK ((size_t)64 << 10)

/*
 * Nodes are small and numerous; gu_arena aligns every allocation to 64 bytes, so the parser
 * carves 8-byte-aligned pieces out of larger arena chunks instead.
 */
typedef struct json_pool {
    gu_arena* arena;
    uint8_t* cur;
    size_t left;
} json_pool;

static void* pool_alloc(json_pool* p, size_t n) {
    n = (n + 7u) & ~(size_t)7u;
    if (n == 0) n = 8;
    if (n > JSON_POOL_CHUNK / 8) return gu_arena_alloc(p->arena, n);
    if (n > p->left) {
        p->cur = gu_arena_alloc(p->arena, JSON_POOL_CHUNK);
        if (!p->cur) {
            p->left = 0;
            return NULL;
        }
        p->left = JSON_POOL_CHUNK;
    }
    void* r = p->cur;
    p->cur += n;
    p->left -= n;
    return r;
}

typedef struct json_parser {
    const uint8_t* text;
    size_t size;
    size_t pos;
    uint32_t line;
    size_t line_start; /* offset of the first byte of the current line */
    uint32_t max_depth;
    size_t max_values;
    size_t num_values;
    json_pool pool;
    gu_allocator* allocator;
    /* Children of the containers being parsed, innermost last (objects push key, value pairs). */
    const gu_json** stack;
    size_t stack_len, stack_cap;
    glint_error* err;
    glint_result failure; /* code of the last error, for helpers that return NULL/false */
} json_parser;

static uint32_t column_of(const json_parser* p, size_t pos) { return (uint32_t)(pos - p->line_start + 1); }

static glint_result fail_at(json_parser* p, size_t pos, glint_result code, const char* what) {
    return gu_errorf(p->err, code, "%u:%u: %s", (unsigned)p->line, (unsigned)column_of(p, pos), what);
}

/* "found 'x'", "found byte 0xc3" or "found end of input" for syntax errors. */
static glint_result fail_expected(json_parser* p, const char* expected) {
    char found[32];
    if (p->pos >= p->size)
        snprintf(found, sizeof(found), "end of input");
    else if (p->text[p->pos] >= 0x21 && p->text[p->pos] < 0x7f)
        snprintf(found, sizeof(found), "'%c'", p->text[p->pos]);
    else
        snprintf(found, sizeof(found), "byte 0x%02x", p->text[p->pos]);
    return gu_errorf(p->err, GLINT_ERROR_MODEL_FORMAT, "%u:%u: expected %s, found %s", (unsigned)p->line,
                     (unsigned)column_of(p, p->pos), expected, found);
}

static void skip_ws(json_parser* p) {
    while (p->pos < p->size) {
        uint8_t c = p->text[p->pos];
        if (c == ' ' || c == '\t' || c == '\r') {
            p->pos++;
        } else if (c == '\n') {
            p->pos++;
            p->line++;
            p->line_start = p->pos;
        } else {
            break;
        }
    }
}

static gu_json* new_node(json_parser* p, gu_json_type type, size_t start) {
    if (p->num_values >= p->max_values) {
        p->failure = fail_at(p, start, GLINT_ERROR_LIMIT_EXCEEDED, "too many values");
        return NULL;
    }
    gu_json* v = pool_alloc(&p->pool, sizeof(gu_json));
    if (!v) {
        p->failure = gu_errorf(p->err, GLINT_ERROR_OUT_OF_MEMORY, "json: out of memory");
        return NULL;
    }
    p->num_values++;
    v->type = type;
    v->line = p->line;
    v->column = column_of(p, start);
    return v;
}

static bool push_child(json_parser* p, const gu_json* v) {
    if (p->stack_len == p->stack_cap) {
        size_t cap = p->stack_cap ? p->stack_cap * 2 : 256;
        size_t bytes;
        if (!gu_mul_size(cap, sizeof(*p->stack), &bytes)) {
            p->failure = gu_errorf(p->err, GLINT_ERROR_OUT_OF_MEMORY, "json: out of memory");
            return false;
        }
        const gu_json** s = gu_malloc(p->allocator, bytes);
        if (!s) {
            p->failure = gu_errorf(p->err, GLINT_ERROR_OUT_OF_MEMORY, "json: out of memory");
            return false;
        }
        if (p->stack_len) memcpy(s, p->stack, p->stack_len * sizeof(*p->stack));
        gu_free(p->allocator, p->stack);
        p->stack = s;
        p->stack_cap = cap;
    }
    p->stack[p->stack_len++] = v;
    return true;
}

static glint_result parse_value(json_parser* p, uint32_t depth, const gu_json** out);

/* ---- literals ---- */

static glint_result parse_literal(json_parser* p, const char* word, gu_json_type type, bool value,
                                  const gu_json** out) {
    size_t n = strlen(word);
    size_t start = p->pos;
    if (p->size - p->pos < n || memcmp(p->text + p->pos, word, n) != 0) return fail_expected(p, "a value");
    p->pos += n;
    gu_json* v = new_node(p, type, start);
    if (!v) return p->failure;
    if (type == GU_JSON_BOOL) v->u.boolean = value;
    *out = v;
    return GLINT_SUCCESS;
}

/* ---- numbers ---- */

static bool is_digit(uint8_t c) { return c >= '0' && c <= '9'; }

static glint_result parse_number(json_parser* p, const gu_json** out) {
    size_t start = p->pos;
    const uint8_t* t = p->text;
    size_t i = p->pos;
    bool negative = false, integral = true;
    if (i < p->size && t[i] == '-') {
        negative = true;
        i++;
    }
    if (i >= p->size || !is_digit(t[i])) {
        p->pos = i;
        return fail_expected(p, "a digit");
    }
    size_t int_start = i;
    if (t[i] == '0') {
        i++;
        if (i < p->size && is_digit(t[i]))
            return fail_at(p, start, GLINT_ERROR_MODEL_FORMAT, "number has a leading zero");
    } else {
        while (i < p->size && is_digit(t[i])) i++;
    }
    size_t int_end = i;
    if (i < p->size && t[i] == '.') {
        integral = false;
        i++;
        if (i >= p->size || !is_digit(t[i])) {
            p->pos = i;
            return fail_expected(p, "a digit after the decimal point");
        }
        while (i < p->size && is_digit(t[i])) i++;
    }
    if (i < p->size && (t[i] == 'e' || t[i] == 'E')) {
        integral = false;
        i++;
        if (i < p->size && (t[i] == '+' || t[i] == '-')) i++;
        if (i >= p->size || !is_digit(t[i])) {
            p->pos = i;
            return fail_expected(p, "a digit in the exponent");
        }
        while (i < p->size && is_digit(t[i])) i++;
    }
    size_t len = i - start;
    if (len > JSON_MAX_NUMBER_CHARS) return fail_at(p, start, GLINT_ERROR_LIMIT_EXCEEDED, "number literal is too long");

    /* strtod needs a terminated copy, and honours the C locale's decimal point: translate '.'. */
    char buf[JSON_MAX_NUMBER_CHARS + 1];
    memcpy(buf, t + start, len);
    buf[len] = 0;
    const char* dp = localeconv()->decimal_point;
    if (dp && dp[0] && dp[0] != '.' && dp[1] == 0) {
        char* dot = strchr(buf, '.');
        if (dot) *dot = dp[0];
    }
    char* end = NULL;
    double d = strtod(buf, &end);
    if (end != buf + len) return fail_at(p, start, GLINT_ERROR_MODEL_FORMAT, "malformed number");
    if (isinf(d)) return fail_at(p, start, GLINT_ERROR_MODEL_FORMAT, "number is out of range");

    gu_json* v = new_node(p, GU_JSON_NUMBER, start);
    if (!v) return p->failure;
    v->u.number.value = d;
    v->u.number.is_int = false;
    if (integral) {
        /* Exact conversion of the digits, so 9007199254740993 stays exact. */
        uint64_t mag = 0;
        bool overflow = false;
        for (size_t k = int_start; k < int_end; k++) {
            uint64_t digit = (uint64_t)(t[k] - '0');
            if (mag > (UINT64_MAX - digit) / 10u) {
                overflow = true;
                break;
            }
            mag = mag * 10u + digit;
        }
        uint64_t limit = negative ? (uint64_t)INT64_MAX + 1u : (uint64_t)INT64_MAX;
        if (!overflow && mag <= limit) {
            v->u.number.is_int = true;
            v->u.number.integer = negative ? (int64_t)(0u - mag) : (int64_t)mag;
        }
    } else if (d == floor(d) && d >= -9223372036854775808.0 && d < 9223372036854775808.0) {
        v->u.number.is_int = true;
        v->u.number.integer = (int64_t)d;
    }
    p->pos = i;
    *out = v;
    return GLINT_SUCCESS;
}

/* ---- strings ---- */

static int hex_value(uint8_t c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Reads 4 hex digits at text[i]; -1 if malformed. */
static int32_t read_hex4(const json_parser* p, size_t i) {
    if (p->size - i < 4) return -1;
    int32_t v = 0;
    for (int k = 0; k < 4; k++) {
        int h = hex_value(p->text[i + (size_t)k]);
        if (h < 0) return -1;
        v = v * 16 + h;
    }
    return v;
}

static size_t put_utf8(char* dst, uint32_t cp) {
    if (cp < 0x80) {
        dst[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        dst[0] = (char)(0xC0 | (cp >> 6));
        dst[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        dst[0] = (char)(0xE0 | (cp >> 12));
        dst[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        dst[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    dst[0] = (char)(0xF0 | (cp >> 18));
    dst[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    dst[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    dst[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Length of the valid UTF-8 sequence at s[0..n) (RFC 3629: no overlongs, no surrogates), or 0. */
static size_t utf8_sequence(const uint8_t* s, size_t n) {
    uint8_t c = s[0];
    size_t len;
    uint8_t lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    if (n < len) return 0;
    if (s[1] < lo || s[1] > hi) return 0;
    for (size_t k = 2; k < len; k++)
        if ((s[k] & 0xC0) != 0x80) return 0;
    return len;
}

static glint_result parse_string(json_parser* p, const gu_json** out) {
    size_t start = p->pos;
    p->pos++; /* opening quote */
    /* Find the closing quote first: the unescaped text is never longer than the raw text. */
    size_t i = p->pos;
    while (i < p->size && p->text[i] != '"') i += p->text[i] == '\\' ? 2 : 1;
    if (i >= p->size) return fail_at(p, start, GLINT_ERROR_MODEL_FORMAT, "unterminated string");
    size_t raw_len = i - p->pos;
    char* dst = pool_alloc(&p->pool, raw_len + 1);
    if (!dst) return gu_errorf(p->err, GLINT_ERROR_OUT_OF_MEMORY, "json: out of memory");
    size_t n = 0;
    while (p->text[p->pos] != '"') {
        uint8_t c = p->text[p->pos];
        if (c < 0x20)
            return fail_at(p, p->pos, GLINT_ERROR_MODEL_FORMAT, "control character in string (must be escaped)");
        if (c == '\\') {
            uint8_t e = p->text[p->pos + 1]; /* exists: the scan above stopped at a quote after it */
            switch (e) {
            case '"': dst[n++] = '"'; break;
            case '\\': dst[n++] = '\\'; break;
            case '/': dst[n++] = '/'; break;
            case 'b': dst[n++] = '\b'; break;
            case 'f': dst[n++] = '\f'; break;
            case 'n': dst[n++] = '\n'; break;
            case 'r': dst[n++] = '\r'; break;
            case 't': dst[n++] = '\t'; break;
            case 'u': {
                int32_t u = read_hex4(p, p->pos + 2);
                if (u < 0) return fail_at(p, p->pos, GLINT_ERROR_MODEL_FORMAT, "\\u must be followed by 4 hex digits");
                uint32_t cp = (uint32_t)u;
                if (cp >= 0xDC00 && cp <= 0xDFFF)
                    return fail_at(p, p->pos, GLINT_ERROR_MODEL_FORMAT, "lone low surrogate in \\u escape");
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    size_t q = p->pos + 6;
                    int32_t lo =
                        (p->size - q >= 6 && p->text[q] == '\\' && p->text[q + 1] == 'u') ? read_hex4(p, q + 2) : -1;
                    if (lo < 0xDC00 || lo > 0xDFFF)
                        return fail_at(p, p->pos, GLINT_ERROR_MODEL_FORMAT,
                                       "high surrogate in \\u escape is not followed by a low surrogate");
                    cp = 0x10000u + ((cp - 0xD800u) << 10) + ((uint32_t)lo - 0xDC00u);
                    p->pos += 6;
                }
                /* 6 escape bytes become at most 4 (a pair: 12 become 4), so dst cannot overflow. */
                n += put_utf8(dst + n, cp);
                p->pos += 4;
                break;
            }
            default: return fail_at(p, p->pos, GLINT_ERROR_MODEL_FORMAT, "invalid escape sequence in string");
            }
            p->pos += 2;
        } else if (c < 0x80) {
            dst[n++] = (char)c;
            p->pos++;
        } else {
            size_t len = utf8_sequence(p->text + p->pos, p->size - p->pos);
            if (len == 0) return fail_at(p, p->pos, GLINT_ERROR_MODEL_FORMAT, "invalid UTF-8 in string");
            memcpy(dst + n, p->text + p->pos, len);
            n += len;
            p->pos += len;
        }
    }
    p->pos++; /* closing quote */
    dst[n] = 0;
    gu_json* v = new_node(p, GU_JSON_STRING, start);
    if (!v) return p->failure;
    v->u.string.chars = dst;
    v->u.string.length = n;
    *out = v;
    return GLINT_SUCCESS;
}

/* ---- containers ---- */

/* Copies the top `count` stack entries into a pool array and pops them. */
static const gu_json* const* take_children(json_parser* p, size_t base, size_t count, size_t step, size_t first) {
    const gu_json** items = pool_alloc(&p->pool, (count ? count : 1) * sizeof(*items));
    if (!items) return NULL;
    for (size_t k = 0; k < count; k++) items[k] = p->stack[base + k * step + first];
    return items;
}

static int compare_keys(const void* a, const void* b) {
    const gu_json* ka = *(const gu_json* const*)a;
    const gu_json* kb = *(const gu_json* const*)b;
    size_t la = ka->u.string.length, lb = kb->u.string.length;
    int c = memcmp(ka->u.string.chars, kb->u.string.chars, la < lb ? la : lb);
    if (c) return c;
    return la < lb ? -1 : la > lb ? 1 : 0;
}

static bool same_key(const gu_json* a, const gu_json* b) {
    return a->u.string.length == b->u.string.length &&
           memcmp(a->u.string.chars, b->u.string.chars, a->u.string.length) == 0;
}

/* Rejects duplicate keys: they make the meaning of a document depend on the parser. */
static glint_result check_duplicates(json_parser* p, const gu_json* const* keys, size_t n) {
    const gu_json* dup = NULL;
    if (n <= 16) {
        for (size_t a = 1; a < n && !dup; a++)
            for (size_t b = 0; b < a; b++)
                if (same_key(keys[a], keys[b])) {
                    dup = keys[a];
                    break;
                }
    } else {
        const gu_json** sorted = gu_malloc(p->allocator, n * sizeof(*sorted));
        if (!sorted) return gu_errorf(p->err, GLINT_ERROR_OUT_OF_MEMORY, "json: out of memory");
        memcpy(sorted, keys, n * sizeof(*sorted));
        qsort(sorted, n, sizeof(*sorted), compare_keys);
        for (size_t k = 1; k < n; k++)
            if (same_key(sorted[k - 1], sorted[k])) {
                dup = sorted[k];
                break;
            }
        gu_free(p->allocator, sorted);
    }
    if (!dup) return GLINT_SUCCESS;
    char msg[96];
    snprintf(msg, sizeof(msg), "duplicate object key \"%.48s\"", dup->u.string.chars);
    return gu_errorf(p->err, GLINT_ERROR_MODEL_FORMAT, "%u:%u: %s", (unsigned)dup->line, (unsigned)dup->column, msg);
}

static glint_result parse_array(json_parser* p, uint32_t depth, const gu_json** out) {
    size_t start = p->pos;
    gu_json* v = new_node(p, GU_JSON_ARRAY, start);
    if (!v) return p->failure;
    p->pos++; /* [ */
    size_t base = p->stack_len;
    skip_ws(p);
    if (p->pos < p->size && p->text[p->pos] == ']') {
        p->pos++;
    } else {
        for (;;) {
            const gu_json* item = NULL;
            glint_result r = parse_value(p, depth + 1, &item);
            if (r < 0) return r;
            if (!push_child(p, item)) return p->failure;
            skip_ws(p);
            if (p->pos < p->size && p->text[p->pos] == ',') {
                p->pos++;
                skip_ws(p);
                continue;
            }
            if (p->pos < p->size && p->text[p->pos] == ']') {
                p->pos++;
                break;
            }
            return fail_expected(p, "',' or ']' in array");
        }
    }
    size_t count = p->stack_len - base;
    v->u.children.count = count;
    v->u.children.items = take_children(p, base, count, 1, 0);
    v->u.children.keys = NULL;
    if (!v->u.children.items) return gu_errorf(p->err, GLINT_ERROR_OUT_OF_MEMORY, "json: out of memory");
    p->stack_len = base;
    *out = v;
    return GLINT_SUCCESS;
}

static glint_result parse_object(json_parser* p, uint32_t depth, const gu_json** out) {
    size_t start = p->pos;
    gu_json* v = new_node(p, GU_JSON_OBJECT, start);
    if (!v) return p->failure;
    p->pos++; /* { */
    size_t base = p->stack_len;
    skip_ws(p);
    if (p->pos < p->size && p->text[p->pos] == '}') {
        p->pos++;
    } else {
        for (;;) {
            if (p->pos >= p->size || p->text[p->pos] != '"') return fail_expected(p, "a string key in object");
            const gu_json* key = NULL;
            glint_result r = parse_string(p, &key);
            if (r < 0) return r;
            skip_ws(p);
            if (p->pos >= p->size || p->text[p->pos] != ':') return fail_expected(p, "':' after object key");
            p->pos++;
            const gu_json* value = NULL;
            r = parse_value(p, depth + 1, &value);
            if (r < 0) return r;
            if (!push_child(p, key) || !push_child(p, value)) return p->failure;
            skip_ws(p);
            if (p->pos < p->size && p->text[p->pos] == ',') {
                p->pos++;
                skip_ws(p);
                continue;
            }
            if (p->pos < p->size && p->text[p->pos] == '}') {
                p->pos++;
                break;
            }
            return fail_expected(p, "',' or '}' in object");
        }
    }
    size_t count = (p->stack_len - base) / 2;
    v->u.children.count = count;
    v->u.children.keys = take_children(p, base, count, 2, 0);
    v->u.children.items = take_children(p, base, count, 2, 1);
    if (!v->u.children.keys || !v->u.children.items)
        return gu_errorf(p->err, GLINT_ERROR_OUT_OF_MEMORY, "json: out of memory");
    p->stack_len = base;
    glint_result r = check_duplicates(p, v->u.children.keys, count);
    if (r < 0) return r;
    *out = v;
    return GLINT_SUCCESS;
}

static glint_result parse_value(json_parser* p, uint32_t depth, const gu_json** out) {
    skip_ws(p);
    if (p->pos >= p->size) return fail_expected(p, "a value");
    uint8_t c = p->text[p->pos];
    if (c == '{' || c == '[') {
        if (depth >= p->max_depth) return fail_at(p, p->pos, GLINT_ERROR_LIMIT_EXCEEDED, "nesting is too deep");
        return c == '{' ? parse_object(p, depth, out) : parse_array(p, depth, out);
    }
    if (c == '"') return parse_string(p, out);
    if (c == '-' || is_digit(c)) return parse_number(p, out);
    if (c == 't') return parse_literal(p, "true", GU_JSON_BOOL, true, out);
    if (c == 'f') return parse_literal(p, "false", GU_JSON_BOOL, false, out);
    if (c == 'n') return parse_literal(p, "null", GU_JSON_NULL, false, out);
    return fail_expected(p, "a value");
}

glint_result gu_json_parse(gu_arena* arena, const char* text, size_t size, const gu_json_limits* limits,
                           const gu_json** out_root, glint_error* err) {
    if (out_root) *out_root = NULL;
    if (!arena || !out_root || (!text && size))
        return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "json: NULL argument");
    json_parser p;
    memset(&p, 0, sizeof(p));
    size_t max_bytes = limits && limits->max_bytes ? limits->max_bytes : JSON_DEFAULT_MAX_BYTES;
    p.max_depth = limits && limits->max_depth ? limits->max_depth : JSON_DEFAULT_MAX_DEPTH;
    if (p.max_depth > JSON_HARD_MAX_DEPTH) p.max_depth = JSON_HARD_MAX_DEPTH;
    p.max_values = limits && limits->max_values ? limits->max_values : JSON_DEFAULT_MAX_VALUES;
    if (size > max_bytes)
        return gu_errorf(err, GLINT_ERROR_LIMIT_EXCEEDED, "json: %zu bytes is above the limit of %zu", size, max_bytes);
    p.text = (const uint8_t*)text;
    p.size = size;
    p.line = 1;
    p.pool.arena = arena;
    p.allocator = arena->allocator;
    p.err = err;
    /* RFC 8259 section 8.1: a parser may ignore a leading byte order mark. */
    if (size >= 3 && p.text[0] == 0xEF && p.text[1] == 0xBB && p.text[2] == 0xBF) p.pos = p.line_start = 3;

    const gu_json* root = NULL;
    glint_result r = parse_value(&p, 0, &root);
    if (r >= 0) {
        skip_ws(&p);
        if (p.pos < p.size) r = fail_expected(&p, "end of input after the top-level value");
    }
    gu_free(p.allocator, p.stack);
    if (r < 0) return r;
    *out_root = root;
    return GLINT_SUCCESS;
}

/* ---- navigation ---- */

const gu_json* gu_json_get(const gu_json* object, const char* key) {
    if (!object || object->type != GU_JSON_OBJECT || !key) return NULL;
    size_t n = strlen(key);
    for (size_t i = 0; i < object->u.children.count; i++) {
        const gu_json* k = object->u.children.keys[i];
        if (k->u.string.length == n && memcmp(k->u.string.chars, key, n) == 0) return object->u.children.items[i];
    }
    return NULL;
}

size_t gu_json_count(const gu_json* v) {
    if (!v || (v->type != GU_JSON_ARRAY && v->type != GU_JSON_OBJECT)) return 0;
    return v->u.children.count;
}

const gu_json* gu_json_at(const gu_json* v, size_t index) {
    if (index >= gu_json_count(v)) return NULL;
    return v->u.children.items[index];
}

const char* gu_json_key_at(const gu_json* object, size_t index) {
    if (!object || object->type != GU_JSON_OBJECT || index >= object->u.children.count) return NULL;
    return object->u.children.keys[index]->u.string.chars;
}

bool gu_json_is(const gu_json* v, gu_json_type type) { return v && v->type == type; }

const char* gu_json_string(const gu_json* v, size_t* out_length) {
    if (!v || v->type != GU_JSON_STRING) return NULL;
    if (out_length) *out_length = v->u.string.length;
    return v->u.string.chars;
}

bool gu_json_double(const gu_json* v, double* out_value) {
    if (!v || v->type != GU_JSON_NUMBER) return false;
    *out_value = v->u.number.value;
    return true;
}

bool gu_json_int64(const gu_json* v, int64_t* out_value) {
    if (!v || v->type != GU_JSON_NUMBER || !v->u.number.is_int) return false;
    *out_value = v->u.number.integer;
    return true;
}

bool gu_json_bool(const gu_json* v, bool* out_value) {
    if (!v || v->type != GU_JSON_BOOL) return false;
    *out_value = v->u.boolean;
    return true;
}

const char* gu_json_type_name(gu_json_type type) {
    switch (type) {
    case GU_JSON_NULL: return "null";
    case GU_JSON_BOOL: return "boolean";
    case GU_JSON_NUMBER: return "number";
    case GU_JSON_STRING: return "string";
    case GU_JSON_ARRAY: return "array";
    case GU_JSON_OBJECT: return "object";
    }
    return "?";
}

/* ---- typed members ---- */

static glint_result member_error(const gu_json* at, const char* what, const char* key, const char* problem,
                                 glint_error* err) {
    return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT, "%s%s%u:%u: \"%.64s\" %s", what ? what : "", what ? ":" : "",
                     at ? (unsigned)at->line : 0u, at ? (unsigned)at->column : 0u, key, problem);
}

glint_result gu_json_member(const gu_json* object, const char* key, gu_json_type type, const char* what,
                            const gu_json** out_value, glint_error* err) {
    *out_value = NULL;
    if (!object || object->type != GU_JSON_OBJECT)
        return member_error(object, what, key, "is looked up in something that is not an object", err);
    const gu_json* v = gu_json_get(object, key);
    if (!v) return member_error(object, what, key, "is missing", err);
    if (v->type != type) {
        char problem[64];
        snprintf(problem, sizeof(problem), "must be %s %s, found %s",
                 type == GU_JSON_ARRAY || type == GU_JSON_OBJECT ? "an" : "a", gu_json_type_name(type),
                 gu_json_type_name(v->type));
        return member_error(v, what, key, problem, err);
    }
    *out_value = v;
    return GLINT_SUCCESS;
}

glint_result gu_json_member_string(const gu_json* object, const char* key, const char* what, const char** out_chars,
                                   size_t* out_length, glint_error* err) {
    const gu_json* v;
    glint_result r = gu_json_member(object, key, GU_JSON_STRING, what, &v, err);
    if (r < 0) return r;
    *out_chars = gu_json_string(v, out_length);
    return GLINT_SUCCESS;
}

glint_result gu_json_member_int64(const gu_json* object, const char* key, const char* what, int64_t* out_value,
                                  glint_error* err) {
    const gu_json* v;
    glint_result r = gu_json_member(object, key, GU_JSON_NUMBER, what, &v, err);
    if (r < 0) return r;
    if (!gu_json_int64(v, out_value)) return member_error(v, what, key, "must be an integer that fits 64 bits", err);
    return GLINT_SUCCESS;
}

glint_result gu_json_member_double(const gu_json* object, const char* key, const char* what, double* out_value,
                                   glint_error* err) {
    const gu_json* v;
    glint_result r = gu_json_member(object, key, GU_JSON_NUMBER, what, &v, err);
    if (r < 0) return r;
    gu_json_double(v, out_value);
    return GLINT_SUCCESS;
}

glint_result gu_json_member_bool(const gu_json* object, const char* key, const char* what, bool* out_value,
                                 glint_error* err) {
    const gu_json* v;
    glint_result r = gu_json_member(object, key, GU_JSON_BOOL, what, &v, err);
    if (r < 0) return r;
    gu_json_bool(v, out_value);
    return GLINT_SUCCESS;
}
