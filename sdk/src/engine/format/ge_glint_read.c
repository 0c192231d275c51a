/*
 * .glint reader (layout in ge_glint_format.h). Order: header (magic, version, sizes), then the
 * payload's sha256, then a cursor walk where every read is bounds-checked and every value is
 * validated before the graph is built from it. Nothing in the file is trusted.
 */
#include <math.h>
#include <string.h>

#include "engine/format/ge_glint_format.h"
#include "util/gu_error.h"
#include "util/gu_sha256.h"

typedef struct rcur {
    const uint8_t* p;
    size_t at, size; /* within the payload */
    bool failed;
} rcur;

static bool have(rcur* c, size_t n) {
    if (c->failed || n > c->size - c->at) {
        c->failed = true;
        return false;
    }
    return true;
}
static uint32_t get_u32(rcur* c) {
    if (!have(c, 4)) return 0;
    const uint8_t* x = c->p + c->at;
    c->at += 4;
    return (uint32_t)x[0] | (uint32_t)x[1] << 8 | (uint32_t)x[2] << 16 | (uint32_t)x[3] << 24;
}
static int32_t get_i32(rcur* c) {
    return (int32_t)get_u32(c);
}
static uint64_t get_u64(rcur* c) {
    uint64_t lo = get_u32(c);
    return lo | (uint64_t)get_u32(c) << 32;
}
static float get_f32(rcur* c) {
    uint32_t u = get_u32(c);
    float f;
    memcpy(&f, &u, 4);
    return f;
}
static const uint8_t* get_bytes(rcur* c, size_t n) {
    if (!have(c, n)) return NULL;
    const uint8_t* x = c->p + c->at;
    c->at += n;
    return x;
}

static uint64_t read_u64_at(const uint8_t* p) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = v << 8 | p[i];
    return v;
}
static uint32_t read_u32_at(const uint8_t* p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

#define TRUNCATED(what) gu_errorf(err, GLINT_ERROR_MODEL_FORMAT, "glint file: truncated %s", what)

static glint_result check_header(const uint8_t* d, size_t size, glint_error* err) {
    if (size < GE_GLINT_HEADER_BYTES || memcmp(d, GE_GLINT_MAGIC, 8) != 0)
        return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT, "glint file: wrong magic (not a .glint model)");
    const uint32_t version = read_u32_at(d + 8);
    if (version != GE_GLINT_VERSION)
        return gu_errorf(err, GLINT_ERROR_MODEL_UNSUPPORTED,
                         "glint file: format version %u, this build reads version %u (re-run glint-quantize)",
                         (unsigned)version, (unsigned)GE_GLINT_VERSION);
    if (read_u32_at(d + 12) != GE_GLINT_HEADER_BYTES)
        return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT, "glint file: header size %u, expected %u",
                         (unsigned)read_u32_at(d + 12), (unsigned)GE_GLINT_HEADER_BYTES);
    const uint64_t payload = read_u64_at(d + 16);
    if (payload != (uint64_t)(size - GE_GLINT_HEADER_BYTES))
        return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT,
                         "glint file: %zu bytes, the header says %llu (truncated or padded)", size,
                         (unsigned long long)(payload + GE_GLINT_HEADER_BYTES));
    uint8_t digest[GU_SHA256_BYTES];
    gu_sha256_bytes(d + GE_GLINT_HEADER_BYTES, (size_t)payload, digest);
    if (memcmp(digest, d + 24, GU_SHA256_BYTES) != 0)
        return gu_errorf(err, GLINT_ERROR_CHECKSUM, "glint file: payload sha256 does not match the header (corrupt)");
    return GLINT_SUCCESS;
}

static bool dtype_ok(uint32_t d) {
    return d > GE_DTYPE_UNKNOWN && d < GE_DTYPE_COUNT;
}

glint_result ge_glint_read(ge_graph* g, const void* data, size_t size, ge_glint_meta* out_meta, glint_error* err) {
    const uint8_t* d = data;
    glint_result r = data ? check_header(d, size, err)
                          : gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "glint file: no data");
    if (r < 0) return r;
    rcur c = {d + GE_GLINT_HEADER_BYTES, 0, size - GE_GLINT_HEADER_BYTES, false};

    ge_glint_meta meta;
    const uint8_t* src_hash = get_bytes(&c, 32);
    meta.precision = get_u32(&c);
    const uint8_t* desc = get_bytes(&c, GE_GLINT_DESCRIPTION_BYTES);
    if (c.failed) return TRUNCATED("meta");
    memcpy(meta.source_sha256, src_hash, 32);
    memcpy(meta.description, desc, GE_GLINT_DESCRIPTION_BYTES);
    meta.description[GE_GLINT_DESCRIPTION_BYTES - 1] = '\0';
    if (meta.precision > GE_GLINT_INT8)
        return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT, "glint file: unknown precision %u", (unsigned)meta.precision);

    const uint32_t strings_bytes = get_u32(&c), num_quants = get_u32(&c), num_tensors = get_u32(&c);
    const uint32_t num_ops = get_u32(&c), num_inputs = get_u32(&c), num_outputs = get_u32(&c);
    if (c.failed) return TRUNCATED("counts");
    if (num_tensors > GE_MAX_TENSORS || num_ops > GE_MAX_OPS || num_quants > num_tensors ||
        num_inputs > GE_MAX_OP_INPUTS || num_outputs > GE_MAX_OP_INPUTS || num_outputs < 1)
        return gu_errorf(err, GLINT_ERROR_LIMIT_EXCEEDED,
                         "glint file: %u tensors, %u ops, %u quant records, %u inputs, %u outputs (limits %d, %d, "
                         "tensors, %d, 1..%d)",
                         (unsigned)num_tensors, (unsigned)num_ops, (unsigned)num_quants, (unsigned)num_inputs,
                         (unsigned)num_outputs, GE_MAX_TENSORS, GE_MAX_OPS, GE_MAX_OP_INPUTS, GE_MAX_OP_INPUTS);
    const char* strings = (const char*)get_bytes(&c, strings_bytes);
    if (!strings) return TRUNCATED("string table");
    if (strings_bytes == 0 || strings[strings_bytes - 1] != '\0')
        return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT, "glint file: the string table is not NUL-terminated");

    /* quant records, built straight into the graph arena */
    ge_quant* quants = num_quants ? gu_arena_alloc(&g->arena, (size_t)num_quants * sizeof(ge_quant)) : NULL;
    if (num_quants && !quants) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "glint file: out of memory");
    for (uint32_t k = 0; k < num_quants; k++) {
        const int32_t axis = get_i32(&c);
        const uint32_t count = get_u32(&c);
        if (c.failed) return TRUNCATED("quant record");
        if (count < 1 || count > GE_GLINT_MAX_QUANT_COUNT || axis < -1 || axis >= GE_MAX_RANK ||
            (count > 1 && axis < 0))
            return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT, "glint file: quant record %u: axis %d, %u channels",
                             (unsigned)k, (int)axis, (unsigned)count);
        if (!have(&c, (size_t)count * 8)) return TRUNCATED("quant record");
        float* s = gu_arena_alloc(&g->arena, (size_t)count * sizeof(float));
        int32_t* z = gu_arena_alloc(&g->arena, (size_t)count * sizeof(int32_t));
        if (!s || !z) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "glint file: out of memory");
        for (uint32_t i = 0; i < count; i++) {
            s[i] = get_f32(&c);
            if (!(s[i] > 0.0f) || !isfinite(s[i]))
                return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT, "glint file: quant record %u: scale %u is not a "
                                 "positive finite number", (unsigned)k, (unsigned)i);
        }
        for (uint32_t i = 0; i < count; i++) z[i] = get_i32(&c);
        quants[k] = (ge_quant){axis, (int32_t)count, s, z};
    }

    for (uint32_t t = 0; t < num_tensors; t++) {
        const uint32_t name = get_u32(&c), dtype = get_u32(&c), rank = get_u32(&c);
        ge_shape shape = {0};
        for (int32_t i = 0; i < GE_MAX_RANK; i++) shape.dim[i] = get_i32(&c);
        const int32_t quant = get_i32(&c);
        const uint64_t off = get_u64(&c), nbytes = get_u64(&c);
        if (c.failed) return TRUNCATED("tensor table");
        if (name >= strings_bytes || !dtype_ok(dtype) || rank > GE_MAX_RANK || quant < -1 ||
            quant >= (int32_t)num_quants)
            return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT, "glint file: tensor %u has a bad name, dtype, rank or "
                             "quant index", (unsigned)t);
        shape.rank = (int32_t)rank;
        for (uint32_t i = 0; i < GE_MAX_RANK; i++) {
            if (i < rank && (shape.dim[i] < 1 || shape.dim[i] > GE_MAX_DIM))
                return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT, "glint file: tensor '%s' dim %u is %d", strings + name,
                                 (unsigned)i, (int)shape.dim[i]);
            if (i >= rank) shape.dim[i] = 0;
        }
        const int64_t elems = ge_shape_elements(&shape);
        if (elems > GE_MAX_TENSOR_ELEMENTS)
            return gu_errorf(err, GLINT_ERROR_LIMIT_EXCEEDED, "glint file: tensor '%s' has %lld elements",
                             strings + name, (long long)elems);
        if (quant >= 0) {
            const ge_quant* q = &quants[quant];
            if (q->count > 1 && (q->axis >= (int32_t)rank || shape.dim[q->axis] != q->count))
                return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT, "glint file: tensor '%s' has %d scales along axis %d",
                                 strings + name, (int)q->count, (int)q->axis);
        }
        const uint64_t need = (uint64_t)elems * ge_dtype_size((ge_dtype)dtype);
        int32_t idx;
        if (off == UINT64_MAX) {
            if (nbytes != 0)
                return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT, "glint file: activation '%s' has data bytes",
                                 strings + name);
            idx = ge_graph_add_tensor(g, strings + name, (ge_dtype)dtype, &shape, err);
        } else {
            if (nbytes != need || off % GE_GLINT_ALIGN != 0 || off > c.size || nbytes > c.size - off)
                return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT,
                                 "glint file: constant '%s': %llu bytes at %llu (needs %llu, 64-aligned, inside the "
                                 "file)", strings + name, (unsigned long long)nbytes, (unsigned long long)off,
                                 (unsigned long long)need);
            idx = ge_graph_add_const(g, strings + name, (ge_dtype)dtype, &shape, c.p + off, (size_t)nbytes, err);
        }
        if (idx < 0) return idx;
        if (quant >= 0) g->tensors[idx].quant = &quants[quant];
    }

    int32_t in[GE_MAX_OP_INPUTS], out[GE_MAX_OP_OUTPUTS], words[GE_GLINT_MAX_PARAMS];
    for (uint32_t o = 0; o < num_ops; o++) {
        const uint32_t type = get_u32(&c), name = get_u32(&c), nin = get_u32(&c), nout = get_u32(&c);
        const uint32_t np = get_u32(&c);
        if (c.failed) return TRUNCATED("op table");
        if (type <= GE_OP_NONE || type >= GE_OP_COUNT || name >= strings_bytes || nin > GE_MAX_OP_INPUTS || nout < 1 ||
            nout > GE_MAX_OP_OUTPUTS || np > GE_GLINT_MAX_PARAMS)
            return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT, "glint file: op %u has a bad type, name or counts",
                             (unsigned)o);
        for (uint32_t i = 0; i < nin; i++) in[i] = get_i32(&c);
        for (uint32_t i = 0; i < nout; i++) out[i] = get_i32(&c);
        for (uint32_t i = 0; i < np; i++) words[i] = get_i32(&c);
        if (c.failed) return TRUNCATED("op table");
        for (uint32_t i = 0; i < nin; i++)
            if (in[i] < -1 || in[i] >= (int32_t)num_tensors)
                return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT, "glint file: op '%s' input %u is tensor %d",
                                 strings + name, (unsigned)i, (int)in[i]);
        for (uint32_t i = 0; i < nout; i++)
            if (out[i] < 0 || out[i] >= (int32_t)num_tensors)
                return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT, "glint file: op '%s' output %u is tensor %d",
                                 strings + name, (unsigned)i, (int)out[i]);
        ge_op_params params;
        r = ge_glint_params_decode((ge_op_type)type, (int32_t)nout, words, np, &g->arena, &params, err);
        if (r < 0) return r;
        int32_t idx = ge_graph_add_op(g, (ge_op_type)type, strings + name, in, (int32_t)nin, out, (int32_t)nout,
                                      &params, err);
        if (idx < 0) return idx;
    }

    int32_t gin[GE_MAX_OP_INPUTS], gout[GE_MAX_OP_INPUTS];
    for (uint32_t i = 0; i < num_inputs; i++) gin[i] = get_i32(&c);
    for (uint32_t i = 0; i < num_outputs; i++) gout[i] = get_i32(&c);
    if (c.failed) return TRUNCATED("graph inputs and outputs");
    r = ge_graph_set_io(g, gin, (int32_t)num_inputs, gout, (int32_t)num_outputs, err);
    if (r < 0) return r;
    if (out_meta) *out_meta = meta;
    return GLINT_SUCCESS;
}
