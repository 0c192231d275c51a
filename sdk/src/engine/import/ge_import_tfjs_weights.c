/*
 * TF.js weights: the weightsManifest (groups of {paths, weights}) laid over the shard bytes,
 * and Const nodes whose values are written inline in model.json.
 *
 * Each group's shards are its weights back to back, in manifest order, little-endian and
 * unpadded; a weight may straddle two shards, so a multi-shard group is concatenated first.
 * The byte counts must add up to the shards' size exactly: a mismatch means a truncated or
 * foreign shard, and importing it would silently shift every later weight.
 */
#include <math.h>
#include <string.h>

#include "engine/import/ge_import_tfjs_internal.h"
#include "util/gu_fp16.h"

static uint16_t rd16(const uint8_t* p) { return (uint16_t)(p[0] | (p[1] << 8)); }
static uint32_t rd32(const uint8_t* p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static int32_t round_to_i32(double v) {
    if (!(v == v)) return 0;
    v = floor(v + 0.5);
    if (v > 2147483647.0) return INT32_MAX;
    if (v < -2147483648.0) return INT32_MIN;
    return (int32_t)v;
}

/* Converted value of element i for the non-raw encodings. */
static double encoded_value(const tfjs_weight* w, int64_t i) {
    const uint8_t* s = w->bytes;
    switch (w->encoding) {
    case TFJS_ENC_F16: return gu_f16_to_f32(rd16(s + 2 * i));
    case TFJS_ENC_U8_AFFINE: return (double)((float)s[i] * w->scale + w->min);
    case TFJS_ENC_U16_AFFINE: return (double)((float)rd16(s + 2 * i) * w->scale + w->min);
    default: return 0.0;
    }
}

void tfjs_weight_decode(const tfjs_weight* w, void* dst) {
    const int64_t n = w->elements;
    const uint8_t* s = w->bytes;
    if (w->encoding == TFJS_ENC_HOST) {
        memcpy(dst, w->host, (size_t)n * ge_dtype_size(w->dtype));
    } else if (w->encoding == TFJS_ENC_RAW && w->dtype == GE_DTYPE_BOOL) {
        for (int64_t i = 0; i < n; i++) ((uint8_t*)dst)[i] = s[i] ? 1 : 0;
    } else if (w->encoding == TFJS_ENC_RAW) { /* 4-byte little-endian words, any host byte order */
        for (int64_t i = 0; i < n; i++) {
            uint32_t u = rd32(s + 4 * i);
            memcpy((uint8_t*)dst + 4 * i, &u, 4);
        }
    } else if (w->encoding == TFJS_ENC_F16 && w->dtype == GE_DTYPE_F32) { /* the common case: a tight loop */
        float* d = dst;
        if (w->f16_table)
            for (int64_t i = 0; i < n; i++) d[i] = w->f16_table[rd16(s + 2 * i)];
        else
            for (int64_t i = 0; i < n; i++) d[i] = gu_f16_to_f32(rd16(s + 2 * i));
    } else {
        for (int64_t i = 0; i < n; i++) {
            double v = encoded_value(w, i);
            if (w->dtype == GE_DTYPE_F32)
                ((float*)dst)[i] = (float)v;
            else if (w->dtype == GE_DTYPE_I32)
                ((int32_t*)dst)[i] = round_to_i32(v);
            else
                ((uint8_t*)dst)[i] = v != 0.0;
        }
    }
}

/* "float32" / "int32" / "bool" -> decoded dtype. */
static bool manifest_dtype(const char* s, ge_dtype* out) {
    if (strcmp(s, "float32") == 0)
        *out = GE_DTYPE_F32;
    else if (strcmp(s, "int32") == 0)
        *out = GE_DTYPE_I32;
    else if (strcmp(s, "bool") == 0)
        *out = GE_DTYPE_BOOL;
    else
        return false;
    return true;
}

static glint_result parse_weight_shape(tfjs_ctx* c, const gu_json* shape, const char* name, ge_shape* out,
                                       int64_t* out_elements) {
    memset(out, 0, sizeof(*out));
    if (!gu_json_is(shape, GU_JSON_ARRAY))
        return tfjs_fail(c, NULL, GLINT_ERROR_MODEL_FORMAT, "weightsManifest: weight '%.80s' has no shape array", name);
    size_t rank = gu_json_count(shape);
    if (rank > GE_MAX_RANK)
        return tfjs_fail(c, NULL, GLINT_ERROR_MODEL_UNSUPPORTED, "weightsManifest: weight '%.80s' has rank %zu", name,
                         rank);
    int64_t elements = 1;
    out->rank = (int32_t)rank;
    for (size_t i = 0; i < rank; i++) {
        int64_t d;
        if (!tfjs_json_int(gu_json_at(shape, i), &d) || d < 0)
            return tfjs_fail(c, NULL, GLINT_ERROR_MODEL_FORMAT, "weightsManifest: weight '%.80s' has a bad dimension",
                             name);
        if (d > GE_MAX_DIM)
            return tfjs_fail(c, NULL, GLINT_ERROR_LIMIT_EXCEEDED,
                             "weightsManifest: weight '%.80s' dimension %lld is above the limit", name, (long long)d);
        out->dim[i] = (int32_t)d;
        elements *= d; /* each factor <= 1e6 and the running product is checked below */
        if (elements > GE_MAX_TENSOR_ELEMENTS)
            return tfjs_fail(c, NULL, GLINT_ERROR_LIMIT_EXCEEDED,
                             "weightsManifest: weight '%.80s' has too many elements", name);
    }
    *out_elements = elements;
    return GLINT_SUCCESS;
}

static glint_result parse_entry(tfjs_ctx* c, const gu_json* e, tfjs_weight* w) {
    memset(w, 0, sizeof(*w));
    const char* name = gu_json_string(gu_json_get(e, "name"), NULL);
    const char* dtype = gu_json_string(gu_json_get(e, "dtype"), NULL);
    if (!gu_json_is(e, GU_JSON_OBJECT) || !name || !dtype)
        return tfjs_fail(c, NULL, GLINT_ERROR_MODEL_FORMAT, "weightsManifest: an entry lacks \"name\" or \"dtype\"");
    w->name = name;
    glint_result r = parse_weight_shape(c, gu_json_get(e, "shape"), name, &w->shape, &w->elements);
    if (r < 0) return r;
    if (!manifest_dtype(dtype, &w->dtype))
        return tfjs_fail(c, NULL, GLINT_ERROR_MODEL_UNSUPPORTED, "weightsManifest: weight '%.80s' has dtype '%.20s'",
                         name, dtype);
    size_t elem_bytes = ge_dtype_size(w->dtype);
    w->encoding = TFJS_ENC_RAW;
    const gu_json* q = gu_json_get(e, "quantization");
    if (q) {
        const char* qd = gu_json_string(gu_json_get(q, "dtype"), NULL);
        if (!qd)
            return tfjs_fail(c, NULL, GLINT_ERROR_MODEL_FORMAT,
                             "weightsManifest: weight '%.80s' quantization "
                             "lacks \"dtype\"",
                             name);
        const char* orig = gu_json_string(gu_json_get(q, "original_dtype"), NULL);
        ge_dtype od;
        if (orig && (!manifest_dtype(orig, &od) || od != w->dtype))
            return tfjs_fail(c, NULL, GLINT_ERROR_MODEL_FORMAT,
                             "weightsManifest: weight '%.80s' has dtype %s but original_dtype %.20s", name, dtype,
                             orig);
        if (strcmp(qd, "float16") == 0) {
            w->encoding = TFJS_ENC_F16;
            elem_bytes = 2;
        } else if (strcmp(qd, "uint8") == 0 || strcmp(qd, "uint16") == 0) {
            w->encoding = qd[4] == '8' ? TFJS_ENC_U8_AFFINE : TFJS_ENC_U16_AFFINE;
            elem_bytes = qd[4] == '8' ? 1 : 2;
            double scale, min;
            if (!gu_json_double(gu_json_get(q, "scale"), &scale) || !gu_json_double(gu_json_get(q, "min"), &min))
                return tfjs_fail(c, NULL, GLINT_ERROR_MODEL_FORMAT,
                                 "weightsManifest: weight '%.80s' (%s) lacks \"scale\" or \"min\"", name, qd);
            w->scale = (float)scale;
            w->min = (float)min;
        } else {
            return tfjs_fail(c, NULL, GLINT_ERROR_MODEL_UNSUPPORTED,
                             "weightsManifest: weight '%.80s' has quantization dtype '%.20s'", name, qd);
        }
        if (w->dtype == GE_DTYPE_BOOL)
            return tfjs_fail(c, NULL, GLINT_ERROR_MODEL_UNSUPPORTED, "weightsManifest: quantized bool weight '%.80s'",
                             name);
    }
    w->nbytes = (size_t)w->elements * elem_bytes;
    return GLINT_SUCCESS;
}

static uint32_t hash_str(const char* s, size_t len) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) h = (h ^ (uint8_t)s[i]) * 16777619u;
    return h;
}

int32_t tfjs_map_find(const tfjs_map* m, const char* const* names, size_t stride, const char* key, size_t len) {
    if (!m->slots) return -1;
    for (uint32_t i = hash_str(key, len) & m->mask;; i = (i + 1) & m->mask) {
        int32_t idx = m->slots[i];
        if (idx < 0) return -1;
        const char* name = *(const char* const*)((const uint8_t*)names + (size_t)idx * stride);
        if (strncmp(name, key, len) == 0 && name[len] == 0) return idx;
    }
}

glint_result tfjs_map_build(tfjs_ctx* c, tfjs_map* m, const char* const* names, size_t stride, int32_t count,
                            int32_t* out_duplicate) {
    *out_duplicate = -1;
    uint32_t cap = 16;
    while (cap < (uint32_t)count * 2u) cap *= 2;
    m->slots = gu_arena_alloc(&c->scratch, (size_t)cap * sizeof(int32_t));
    if (!m->slots) return tfjs_oom(c);
    memset(m->slots, 0xff, (size_t)cap * sizeof(int32_t));
    m->mask = cap - 1;
    for (int32_t k = 0; k < count; k++) {
        const char* name = *(const char* const*)((const uint8_t*)names + (size_t)k * stride);
        size_t len = strlen(name);
        uint32_t i = hash_str(name, len) & m->mask;
        for (;; i = (i + 1) & m->mask) {
            int32_t idx = m->slots[i];
            if (idx < 0) break;
            const char* other = *(const char* const*)((const uint8_t*)names + (size_t)idx * stride);
            if (strcmp(other, name) == 0) {
                *out_duplicate = k;
                return GLINT_SUCCESS;
            }
        }
        m->slots[i] = k;
    }
    return GLINT_SUCCESS;
}

glint_result tfjs_weights_parse(tfjs_ctx* c, const gu_json* manifest, const void* const* shards,
                                const size_t* shard_sizes, int num_shards) {
    if (!manifest) {
        if (num_shards != 0)
            return tfjs_fail(c, NULL, GLINT_ERROR_INVALID_ARGUMENT,
                             "%d weight shards given but model.json has no "
                             "weightsManifest",
                             num_shards);
        return GLINT_SUCCESS;
    }
    if (!gu_json_is(manifest, GU_JSON_ARRAY))
        return tfjs_fail(c, NULL, GLINT_ERROR_MODEL_FORMAT, "weightsManifest is not an array");
    size_t num_groups = gu_json_count(manifest);
    size_t total_entries = 0, total_paths = 0;
    for (size_t gi = 0; gi < num_groups; gi++) {
        const gu_json* grp = gu_json_at(manifest, gi);
        const gu_json* paths = gu_json_get(grp, "paths");
        const gu_json* weights = gu_json_get(grp, "weights");
        if (!gu_json_is(paths, GU_JSON_ARRAY) || !gu_json_is(weights, GU_JSON_ARRAY))
            return tfjs_fail(c, NULL, GLINT_ERROR_MODEL_FORMAT,
                             "weightsManifest group %zu lacks a \"paths\" or \"weights\" array", gi);
        total_entries += gu_json_count(weights);
        total_paths += gu_json_count(paths);
    }
    if (total_entries > GE_MAX_TENSORS)
        return tfjs_fail(c, NULL, GLINT_ERROR_LIMIT_EXCEEDED, "weightsManifest has %zu weights", total_entries);
    if (total_paths != (size_t)num_shards)
        return tfjs_fail(c, NULL, GLINT_ERROR_INVALID_ARGUMENT,
                         "weightsManifest names %zu shard files but %d shards were given", total_paths, num_shards);
    c->weights = gu_arena_alloc(&c->scratch, (total_entries ? total_entries : 1) * sizeof(tfjs_weight));
    c->group_copies = gu_arena_alloc(&c->scratch, (num_groups ? num_groups : 1) * sizeof(uint8_t*));
    if (!c->weights || !c->group_copies) return tfjs_oom(c);

    size_t shard = 0, total_bytes = 0;
    for (size_t gi = 0; gi < num_groups; gi++) {
        const gu_json* grp = gu_json_at(manifest, gi);
        const gu_json* weights = gu_json_get(grp, "weights");
        size_t np = gu_json_count(gu_json_get(grp, "paths"));
        size_t group_size = 0;
        for (size_t k = 0; k < np; k++) {
            if (!shards[shard + k] && shard_sizes[shard + k])
                return tfjs_fail(c, NULL, GLINT_ERROR_INVALID_ARGUMENT, "weight shard %zu is NULL", shard + k);
            group_size += shard_sizes[shard + k];
            total_bytes += shard_sizes[shard + k];
            if (total_bytes > TFJS_MAX_WEIGHT_BYTES || group_size < shard_sizes[shard + k])
                return tfjs_fail(c, NULL, GLINT_ERROR_LIMIT_EXCEEDED, "weight shards exceed %zu bytes",
                                 TFJS_MAX_WEIGHT_BYTES);
        }
        const uint8_t* bytes = np == 1 ? shards[shard] : NULL;
        if (np > 1 && group_size > 0) {
            uint8_t* copy = gu_malloc(c->alloc, group_size);
            if (!copy) return tfjs_oom(c);
            c->group_copies[c->num_group_copies++] = copy;
            size_t off = 0;
            for (size_t k = 0; k < np; k++) {
                if (shard_sizes[shard + k]) memcpy(copy + off, shards[shard + k], shard_sizes[shard + k]);
                off += shard_sizes[shard + k];
            }
            bytes = copy;
        }
        size_t offset = 0;
        for (size_t k = 0; k < gu_json_count(weights); k++) {
            tfjs_weight* w = &c->weights[c->num_weights];
            glint_result r = parse_entry(c, gu_json_at(weights, k), w);
            if (r < 0) return r;
            if (w->nbytes > group_size - offset)
                return tfjs_fail(
                    c, NULL, GLINT_ERROR_MODEL_FORMAT,
                    "weightsManifest group %zu: weight '%.80s' needs bytes %zu..%zu but the shards hold %zu", gi,
                    w->name, offset, offset + w->nbytes, group_size);
            w->bytes = bytes ? bytes + offset : NULL;
            offset += w->nbytes;
            c->num_weights++;
        }
        if (offset != group_size)
            return tfjs_fail(c, NULL, GLINT_ERROR_MODEL_FORMAT,
                             "weightsManifest group %zu: the weights take %zu bytes but the shards hold %zu", gi,
                             offset, group_size);
        shard += np;
    }
    /* Widening millions of halves is most of an import: a table makes it one load each. */
    int64_t halves = 0;
    for (int32_t i = 0; i < c->num_weights; i++)
        if (c->weights[i].encoding == TFJS_ENC_F16) halves += c->weights[i].elements;
    if (halves > (INT64_C(1) << 18)) {
        c->f16_table = gu_malloc(c->alloc, 65536 * sizeof(float));
        if (!c->f16_table) return tfjs_oom(c);
        for (uint32_t h = 0; h < 65536; h++) c->f16_table[h] = gu_f16_to_f32((uint16_t)h);
        for (int32_t i = 0; i < c->num_weights; i++)
            if (c->weights[i].encoding == TFJS_ENC_F16) c->weights[i].f16_table = c->f16_table;
    }
    int32_t dup = -1;
    if (c->num_weights == 0) return GLINT_SUCCESS;
    glint_result r = tfjs_map_build(c, &c->weight_map, &c->weights[0].name, sizeof(tfjs_weight), c->num_weights, &dup);
    if (r < 0) return r;
    if (dup >= 0)
        return tfjs_fail(c, NULL, GLINT_ERROR_MODEL_FORMAT, "weightsManifest has two weights named '%.80s'",
                         c->weights[dup].name);
    return GLINT_SUCCESS;
}

/* ---- inline Const values ---- */

static glint_result inline_values(tfjs_ctx* c, const tfjs_node* n, const gu_json* tensor, tfjs_weight* w) {
    void* host = tfjs_host_alloc(c, (size_t)(w->elements ? w->elements : 1) * ge_dtype_size(w->dtype));
    if (!host) return tfjs_fail(c, n, GLINT_ERROR_LIMIT_EXCEEDED, "inline constant is too large");
    const size_t esize = ge_dtype_size(w->dtype);
    size_t len = 0;
    const char* content = gu_json_string(gu_json_get(tensor, "tensorContent"), &len);
    if (content) {
        uint8_t* raw;
        size_t raw_len;
        if (!tfjs_base64_decode(c, content, len, &raw, &raw_len))
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "tensorContent is not valid base64");
        const char* dt = gu_json_string(gu_json_get(tensor, "dtype"), NULL);
        size_t stored = (dt && strcmp(dt, "DT_INT64") == 0) ? 8 : esize;
        if (raw_len != (size_t)w->elements * stored)
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "tensorContent has %zu bytes, the shape needs %zu",
                             raw_len, (size_t)w->elements * stored);
        for (int64_t i = 0; i < w->elements; i++) {
            const uint8_t* p = raw + (size_t)i * stored;
            if (stored == 8) {
                uint64_t u = (uint64_t)rd32(p) | ((uint64_t)rd32(p + 4) << 32);
                int64_t v = (int64_t)u;
                if (v < INT32_MIN || v > INT32_MAX)
                    return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "int64 constant value does not fit int32");
                ((int32_t*)host)[i] = (int32_t)v;
            } else if (esize == 1) {
                ((uint8_t*)host)[i] = p[0] ? 1 : 0;
            } else {
                uint32_t u = rd32(p);
                memcpy((uint8_t*)host + 4 * i, &u, 4);
            }
        }
    } else {
        const char* key = w->dtype == GE_DTYPE_F32 ? "floatVal" : w->dtype == GE_DTYPE_BOOL ? "boolVal" : "intVal";
        const gu_json* vals = gu_json_get(tensor, key);
        if (!vals && w->dtype == GE_DTYPE_I32) vals = gu_json_get(tensor, "int64Val");
        if (vals && !gu_json_is(vals, GU_JSON_ARRAY))
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "tensor.%s is not an array", key);
        size_t count = gu_json_count(vals);
        if (count > (size_t)w->elements)
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "tensor has %zu values for %lld elements", count,
                             (long long)w->elements);
        /* TensorProto: no values means zeros; fewer values repeat the last one. */
        for (int64_t i = 0; i < w->elements; i++) {
            const gu_json* v = count ? gu_json_at(vals, (size_t)i < count ? (size_t)i : count - 1) : NULL;
            if (w->dtype == GE_DTYPE_F32) {
                double d = 0;
                if (v && !gu_json_double(v, &d))
                    return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "tensor.floatVal holds a non-number");
                ((float*)host)[i] = (float)d;
            } else if (w->dtype == GE_DTYPE_BOOL) {
                bool b = false;
                if (v && !gu_json_bool(v, &b))
                    return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "tensor.boolVal holds a non-boolean");
                ((uint8_t*)host)[i] = b;
            } else {
                int64_t x = 0;
                if (v && (!tfjs_json_int(v, &x) || x < INT32_MIN || x > INT32_MAX))
                    return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT,
                                     "tensor integer value is malformed or beyond int32");
                ((int32_t*)host)[i] = (int32_t)x;
            }
        }
    }
    w->host = host;
    w->encoding = TFJS_ENC_HOST;
    return GLINT_SUCCESS;
}

glint_result tfjs_weight_for_const(tfjs_ctx* c, const tfjs_node* n, tfjs_weight** out) {
    *out = NULL;
    const gu_json* value = tfjs_attr(n, "value");
    const gu_json* tensor = gu_json_get(value, "tensor");
    ge_dtype attr_dtype = GE_DTYPE_UNKNOWN;
    glint_result r = tfjs_attr_type(c, n, "dtype", false, GE_DTYPE_UNKNOWN, &attr_dtype);
    if (r < 0) return r;
    ge_shape tshape = {0};
    bool have_tshape = false;
    if (tensor) {
        const gu_json* ts = gu_json_get(tensor, "tensorShape");
        if (ts) {
            bool unknown_rank;
            r = tfjs_parse_shape(c, n, ts, &tshape, &unknown_rank);
            if (r < 0) return r;
            have_tshape = !unknown_rank;
            for (int32_t i = 0; i < tshape.rank; i++)
                if (tshape.dim[i] < 0)
                    return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "constant has an unknown dimension");
        }
        ge_dtype td;
        const gu_json* tdt = gu_json_get(tensor, "dtype");
        if (tdt) {
            if (!tfjs_parse_dtype(tdt, &td))
                return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "constant has an unsupported data type");
            if (attr_dtype == GE_DTYPE_UNKNOWN) attr_dtype = td;
            if (td != attr_dtype)
                return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "tensor dtype differs from the dtype attribute");
        }
    }
    int32_t idx = c->num_weights ? tfjs_map_find(&c->weight_map, &c->weights[0].name, sizeof(tfjs_weight), n->name,
                                                 strlen(n->name))
                                 : -1;
    if (idx >= 0) {
        tfjs_weight* w = &c->weights[idx];
        if (attr_dtype != GE_DTYPE_UNKNOWN && attr_dtype != w->dtype)
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "dtype %s differs from the weightsManifest's %s",
                             ge_dtype_name(attr_dtype), ge_dtype_name(w->dtype));
        if (have_tshape && !ge_shape_equal(&tshape, &w->shape)) {
            char a[64], b[64];
            ge_shape_format(&tshape, a, sizeof(a));
            ge_shape_format(&w->shape, b, sizeof(b));
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "shape %s differs from the weightsManifest's %s", a, b);
        }
        w->used = true;
        *out = w;
        return GLINT_SUCCESS;
    }
    /* Not in the manifest: the values must be inline. */
    if (!tensor)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "constant has no value (not in weightsManifest, no tensor)");
    if (attr_dtype != GE_DTYPE_F32 && attr_dtype != GE_DTYPE_I32 && attr_dtype != GE_DTYPE_BOOL)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "inline constant of dtype %s", ge_dtype_name(attr_dtype));
    tfjs_weight* w = gu_arena_alloc(&c->scratch, sizeof(tfjs_weight));
    if (!w) return tfjs_oom(c);
    w->name = n->name;
    w->dtype = attr_dtype;
    w->shape = tshape;
    w->elements = tfjs_elements(&tshape);
    if (w->elements > GE_MAX_TENSOR_ELEMENTS)
        return tfjs_fail(c, n, GLINT_ERROR_LIMIT_EXCEEDED, "inline constant has too many elements");
    r = inline_values(c, n, tensor, w);
    if (r < 0) return r;
    w->used = true;
    *out = w;
    return GLINT_SUCCESS;
}
