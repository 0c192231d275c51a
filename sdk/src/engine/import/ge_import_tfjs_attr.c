/*
 * TF.js model.json attributes: a TensorFlow AttrValue in protobuf's JSON mapping, e.g.
 * {"i": "2"} (int64 as a string), {"f": 0.5}, {"b": true}, {"s": "<base64>"}, {"type": "DT_FLOAT"},
 * {"shape": {"dim": [{"size": "1"}]}}, {"list": {"i": ["1", "2"], "s": [...]}}.
 */
#include <math.h>
#include <string.h>

#include "engine/import/ge_import_tfjs_internal.h"

const gu_json* tfjs_attr(const tfjs_node* n, const char* name) { return gu_json_get(n->attr, name); }

bool tfjs_json_int(const gu_json* v, int64_t* out) {
    if (gu_json_int64(v, out)) return true;
    size_t len = 0;
    const char* s = gu_json_string(v, &len);
    if (!s || len == 0 || len > 20) return false;
    size_t i = 0;
    bool neg = false;
    if (s[0] == '-') {
        neg = true;
        i = 1;
        if (len == 1) return false;
    }
    uint64_t mag = 0;
    for (; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        uint64_t d = (uint64_t)(s[i] - '0');
        if (mag > (UINT64_MAX - d) / 10u) return false;
        mag = mag * 10u + d;
    }
    if (mag > (neg ? (uint64_t)INT64_MAX + 1u : (uint64_t)INT64_MAX)) return false;
    *out = neg ? (int64_t)(0u - mag) : (int64_t)mag;
    return true;
}

static bool json_float(const gu_json* v, double* out) {
    if (gu_json_double(v, out)) return true;
    const char* s = gu_json_string(v, NULL);
    if (!s) return false;
    if (strcmp(s, "NaN") == 0) {
        *out = NAN;
        return true;
    }
    if (strcmp(s, "Infinity") == 0) {
        *out = INFINITY;
        return true;
    }
    if (strcmp(s, "-Infinity") == 0) {
        *out = -INFINITY;
        return true;
    }
    return false;
}

glint_result tfjs_attr_int(tfjs_ctx* c, const tfjs_node* n, const char* name, bool required, int64_t def,
                           int64_t* out) {
    const gu_json* a = tfjs_attr(n, name);
    if (!a) {
        if (required) return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "attribute '%s' is missing", name);
        *out = def;
        return GLINT_SUCCESS;
    }
    if (!tfjs_json_int(gu_json_get(a, "i"), out))
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "attribute '%s' is not an integer (\"i\")", name);
    return GLINT_SUCCESS;
}

glint_result tfjs_attr_bool(tfjs_ctx* c, const tfjs_node* n, const char* name, bool def, bool* out) {
    const gu_json* a = tfjs_attr(n, name);
    if (!a) {
        *out = def;
        return GLINT_SUCCESS;
    }
    if (!gu_json_bool(gu_json_get(a, "b"), out))
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "attribute '%s' is not a boolean (\"b\")", name);
    return GLINT_SUCCESS;
}

glint_result tfjs_attr_float(tfjs_ctx* c, const tfjs_node* n, const char* name, float def, float* out) {
    const gu_json* a = tfjs_attr(n, name);
    if (!a) {
        *out = def;
        return GLINT_SUCCESS;
    }
    double d;
    if (!json_float(gu_json_get(a, "f"), &d))
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "attribute '%s' is not a float (\"f\")", name);
    *out = (float)d;
    return GLINT_SUCCESS;
}

static int b64_value(char ch) {
    if (ch >= 'A' && ch <= 'Z') return ch - 'A';
    if (ch >= 'a' && ch <= 'z') return ch - 'a' + 26;
    if (ch >= '0' && ch <= '9') return ch - '0' + 52;
    if (ch == '+' || ch == '-') return 62;
    if (ch == '/' || ch == '_') return 63;
    return -1;
}

bool tfjs_base64_decode(tfjs_ctx* c, const char* s, size_t len, uint8_t** out, size_t* out_len) {
    /* Padding is optional (protobuf JSON accepts both); '=' may only end the text. */
    size_t pad = 0;
    while (len > 0 && s[len - 1] == '=' && pad < 2) {
        len--;
        pad++;
    }
    if (pad && (len + pad) % 4 != 0) return false;
    if (len % 4 == 1) return false;
    size_t n = len / 4 * 3 + (len % 4 ? len % 4 - 1 : 0);
    uint8_t* dst = gu_arena_alloc(&c->scratch, n + 1);
    if (!dst) return false;
    size_t o = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < len; i++) {
        int v = b64_value(s[i]);
        if (v < 0) return false;
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            dst[o++] = (uint8_t)(acc >> bits);
            acc &= (1u << bits) - 1u;
        }
    }
    if (acc != 0) return false; /* non-canonical trailing bits */
    dst[o] = 0;
    *out = dst;
    *out_len = o;
    return true;
}

glint_result tfjs_attr_string(tfjs_ctx* c, const tfjs_node* n, const char* name, const char** out, size_t* out_len) {
    *out = NULL;
    if (out_len) *out_len = 0;
    const gu_json* a = tfjs_attr(n, name);
    if (!a) return GLINT_SUCCESS;
    size_t len = 0;
    const char* s = gu_json_string(gu_json_get(a, "s"), &len);
    if (!s) return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "attribute '%s' is not a string (\"s\")", name);
    uint8_t* bytes;
    size_t n_bytes;
    if (!tfjs_base64_decode(c, s, len, &bytes, &n_bytes))
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "attribute '%s' is not valid base64", name);
    *out = (const char*)bytes;
    if (out_len) *out_len = n_bytes;
    return GLINT_SUCCESS;
}

bool tfjs_parse_dtype(const gu_json* v, ge_dtype* out) {
    static const struct {
        const char* name;
        int number;
        ge_dtype dtype;
    } table[] = {
        {"DT_FLOAT", 1, GE_DTYPE_F32},  {"DT_INT32", 3, GE_DTYPE_I32}, {"DT_UINT8", 4, GE_DTYPE_U8},
        {"DT_INT16", 5, GE_DTYPE_I16},  {"DT_INT8", 6, GE_DTYPE_I8},   {"DT_INT64", 9, GE_DTYPE_I32},
        {"DT_BOOL", 10, GE_DTYPE_BOOL}, {"DT_HALF", 19, GE_DTYPE_F16},
    };
    const char* s = gu_json_string(v, NULL);
    int64_t num = -1;
    if (!s && !gu_json_int64(v, &num)) return false;
    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
        if (s ? strcmp(s, table[i].name) == 0 : num == table[i].number) {
            *out = table[i].dtype;
            return true;
        }
    return false;
}

glint_result tfjs_attr_type(tfjs_ctx* c, const tfjs_node* n, const char* name, bool required, ge_dtype def,
                            ge_dtype* out) {
    const gu_json* a = tfjs_attr(n, name);
    if (!a) {
        if (required) return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "attribute '%s' is missing", name);
        *out = def;
        return GLINT_SUCCESS;
    }
    const gu_json* t = gu_json_get(a, "type");
    if (!t) return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "attribute '%s' is not a type (\"type\")", name);
    if (!tfjs_parse_dtype(t, out)) {
        const char* s = gu_json_string(t, NULL);
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "attribute '%s': data type %.40s is not supported", name,
                         s ? s : "(number)");
    }
    return GLINT_SUCCESS;
}

/* The JSON array list.<key> of attribute name, or NULL (absent or empty list). */
static glint_result attr_list(tfjs_ctx* c, const tfjs_node* n, const char* name, const char* key, const gu_json** out) {
    *out = NULL;
    const gu_json* a = tfjs_attr(n, name);
    if (!a) return GLINT_SUCCESS;
    const gu_json* list = gu_json_get(a, "list");
    if (!gu_json_is(list, GU_JSON_OBJECT))
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "attribute '%s' is not a list", name);
    const gu_json* arr = gu_json_get(list, key);
    if (arr && !gu_json_is(arr, GU_JSON_ARRAY))
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "attribute '%s': list.%s is not an array", name, key);
    *out = arr;
    return GLINT_SUCCESS;
}

glint_result tfjs_attr_int_list(tfjs_ctx* c, const tfjs_node* n, const char* name, int64_t* out, int32_t max,
                                int32_t* out_count) {
    *out_count = 0;
    const gu_json* arr;
    glint_result r = attr_list(c, n, name, "i", &arr);
    if (r < 0 || !arr) return r;
    size_t count = gu_json_count(arr);
    if (count > (size_t)max)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "attribute '%s' has %zu entries (at most %d)", name,
                         count, (int)max);
    for (size_t i = 0; i < count; i++)
        if (!tfjs_json_int(gu_json_at(arr, i), &out[i]))
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "attribute '%s' entry %zu is not an integer", name, i);
    *out_count = (int32_t)count;
    return GLINT_SUCCESS;
}

glint_result tfjs_attr_string_list(tfjs_ctx* c, const tfjs_node* n, const char* name, const char** out, int32_t max,
                                   int32_t* out_count) {
    *out_count = 0;
    const gu_json* arr;
    glint_result r = attr_list(c, n, name, "s", &arr);
    if (r < 0 || !arr) return r;
    size_t count = gu_json_count(arr);
    if (count > (size_t)max)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "attribute '%s' has %zu entries (at most %d)", name,
                         count, (int)max);
    for (size_t i = 0; i < count; i++) {
        size_t len = 0;
        const char* s = gu_json_string(gu_json_at(arr, i), &len);
        uint8_t* bytes;
        size_t n_bytes;
        if (!s || !tfjs_base64_decode(c, s, len, &bytes, &n_bytes))
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "attribute '%s' entry %zu is not a base64 string", name,
                             i);
        out[i] = (const char*)bytes;
    }
    *out_count = (int32_t)count;
    return GLINT_SUCCESS;
}

glint_result tfjs_parse_shape(tfjs_ctx* c, const tfjs_node* n, const gu_json* shape, ge_shape* out,
                              bool* out_unknown_rank) {
    memset(out, 0, sizeof(*out));
    *out_unknown_rank = false;
    if (!gu_json_is(shape, GU_JSON_OBJECT)) return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "shape is not an object");
    bool unknown = false;
    if (gu_json_bool(gu_json_get(shape, "unknownRank"), &unknown) && unknown) {
        *out_unknown_rank = true;
        return GLINT_SUCCESS;
    }
    const gu_json* dims = gu_json_get(shape, "dim");
    if (!dims) return GLINT_SUCCESS; /* scalar */
    if (!gu_json_is(dims, GU_JSON_ARRAY)) return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "shape.dim is not an array");
    size_t rank = gu_json_count(dims);
    if (rank > GE_MAX_RANK)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "shape has rank %zu (at most %d)", rank, GE_MAX_RANK);
    out->rank = (int32_t)rank;
    for (size_t i = 0; i < rank; i++) {
        const gu_json* d = gu_json_at(dims, i);
        const gu_json* size = gu_json_get(d, "size");
        int64_t v = 0;
        if (!gu_json_is(d, GU_JSON_OBJECT) || (size && !tfjs_json_int(size, &v)))
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "shape dimension %zu is malformed", i);
        /* protobuf JSON omits zero values: a dim without "size" is 0. */
        if (v < -1 || v > GE_MAX_DIM)
            return tfjs_fail(c, n, v < -1 ? GLINT_ERROR_MODEL_FORMAT : GLINT_ERROR_LIMIT_EXCEEDED,
                             "shape dimension %zu is %lld", i, (long long)v);
        out->dim[i] = (int32_t)v;
    }
    return GLINT_SUCCESS;
}
