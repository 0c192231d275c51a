/*
 * TFLite importer, part 1: the model, its buffers and tensors, and the graph I/O.
 *
 * The file is read in place through ge_flatbuf (no flatbuffers library), and every
 * reference is checked before use. Tensors are validated up front (type, shape against
 * the GE_MAX_* limits, buffer index and size) but only enter the ge_graph when an op or
 * the graph I/O references them, so the shape operands that ops fold into their params
 * (reshape targets, paddings, resize sizes, axes) leave no dead constants behind.
 */
#include <stdio.h>
#include <string.h>

#include "engine/import/ge_import.h"
#include "engine/import/ge_import_tflite_internal.h"

static ge_dtype map_type(int8_t type) {
    switch (type) {
    case TFL_TYPE_FLOAT32: return GE_DTYPE_F32;
    case TFL_TYPE_FLOAT16: return GE_DTYPE_F16;
    case TFL_TYPE_INT32: return GE_DTYPE_I32;
    case TFL_TYPE_UINT8: return GE_DTYPE_U8;
    case TFL_TYPE_INT64: return GE_DTYPE_I64;
    case TFL_TYPE_BOOL: return GE_DTYPE_BOOL;
    case TFL_TYPE_INT16: return GE_DTYPE_I16;
    case TFL_TYPE_INT8: return GE_DTYPE_I8;
    default: return GE_DTYPE_UNKNOWN;
    }
}

static const char* type_name(int8_t type) {
    static const char* const names[] = {"FLOAT32", "FLOAT16", "INT32",     "UINT8", "INT64",  "STRING",
                                        "BOOL",    "INT16",   "COMPLEX64", "INT8",  "FLOAT64"};
    return type >= 0 && type < (int8_t)(sizeof(names) / sizeof(names[0])) ? names[type] : "unknown";
}

/* Length of a tensor name as printed in messages (the name itself may be long or binary). */

/* The bytes of buffer b: its data vector, or the offset/size pair of files over 2 GB. */
static glint_result read_buffer(tfl_ctx* c, uint32_t b, int32_t tensor_index, const uint8_t** out_data,
                                size_t* out_size) {
    *out_data = NULL;
    *out_size = 0;
    ge_fb_table bt;
    if (!ge_fb_vec_table(&c->fb, &c->buffers, b, &bt))
        return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: buffer %u (tensor %d): %s", b, (int)tensor_index,
                         c->fb.why);
    ge_fb_vector data;
    int r = ge_fb_vector_field(&c->fb, &bt, TFL_BUFFER_DATA, 1, &data);
    if (r == GE_FB_BAD)
        return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: buffer %u data: %s", b, c->fb.why);
    if (r == GE_FB_PRESENT && data.len > 0) {
        *out_data = ge_fb_vec_data(&c->fb, &data);
        *out_size = data.len;
        return GLINT_SUCCESS;
    }
    uint64_t off = 0, size = 0;
    if (!ge_fb_u64(&c->fb, &bt, TFL_BUFFER_OFFSET, 0, &off) || !ge_fb_u64(&c->fb, &bt, TFL_BUFFER_SIZE, 0, &size))
        return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: buffer %u offset/size: %s", b, c->fb.why);
    if (off > 1) { /* 0 and 1 mean "no external data" */
        if (off > c->fb.size || size > c->fb.size - off)
            return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT,
                             "tflite: buffer %u points to %llu bytes at offset %llu, past the end of the file (%zu "
                             "bytes)",
                             b, (unsigned long long)size, (unsigned long long)off, c->fb.size);
        *out_data = c->fb.data + off;
        *out_size = (size_t)size;
    }
    return GLINT_SUCCESS;
}

static glint_result read_tensor(tfl_ctx* c, int32_t i, const ge_fb_table* tt) {
    tfl_tensor* t = &c->tensors[i];
    memset(t, 0, sizeof(*t));
    t->graph_index = -1;
    ge_fb* fb = &c->fb;
    if (ge_fb_string_field(fb, tt, TFL_TENSOR_NAME, &t->name, &t->name_len) == GE_FB_BAD)
        return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: tensor %d name: %s", (int)i, fb->why);
    if (!t->name) t->name = "";

    if (!ge_fb_i8(fb, tt, TFL_TENSOR_TYPE, TFL_TYPE_FLOAT32, &t->type))
        return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: tensor %d type: %s", (int)i, fb->why);
    t->dtype = map_type(t->type);
    if (t->dtype == GE_DTYPE_UNKNOWN)
        return gu_errorf(c->err, GLINT_ERROR_MODEL_UNSUPPORTED, "tflite: tensor %d '%.*s' has type %s (%d)", (int)i,
                         tfl_msg_len(t), t->name, type_name(t->type), (int)t->type);

    ge_fb_vector shape;
    if (ge_fb_vector_field(fb, tt, TFL_TENSOR_SHAPE, 4, &shape) == GE_FB_BAD)
        return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: tensor %d '%.*s' shape: %s", (int)i, tfl_msg_len(t),
                         t->name, fb->why);
    if (shape.len > GE_MAX_RANK)
        return gu_errorf(c->err, GLINT_ERROR_MODEL_UNSUPPORTED, "tflite: tensor %d '%.*s' has rank %u (at most %d)",
                         (int)i, tfl_msg_len(t), t->name, shape.len, GE_MAX_RANK);
    t->shape.rank = (int32_t)shape.len;
    int64_t elements = 1;
    for (uint32_t d = 0; d < shape.len; d++) {
        int32_t v = ge_fb_vec_i32(fb, &shape, d);
        if (v < 0)
            return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: tensor %d '%.*s' dim %u is %d", (int)i,
                             tfl_msg_len(t), t->name, d, (int)v);
        if (v > GE_MAX_DIM)
            return gu_errorf(c->err, GLINT_ERROR_LIMIT_EXCEEDED, "tflite: tensor %d '%.*s' dim %u is %d (limit %d)",
                             (int)i, tfl_msg_len(t), t->name, d, (int)v, GE_MAX_DIM);
        t->shape.dim[d] = v;
        elements *= v; /* <= 2^28 * 10^6 before the check below: no overflow */
        if (elements > GE_MAX_TENSOR_ELEMENTS)
            return gu_errorf(c->err, GLINT_ERROR_LIMIT_EXCEEDED,
                             "tflite: tensor %d '%.*s' has more than %lld elements", (int)i, tfl_msg_len(t), t->name,
                             (long long)GE_MAX_TENSOR_ELEMENTS);
    }

    if (!ge_fb_u32(fb, tt, TFL_TENSOR_BUFFER, 0, &t->buffer))
        return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: tensor %d buffer: %s", (int)i, fb->why);
    if (t->buffer >= (uint32_t)c->num_buffers)
        return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: tensor %d buffer index %u out of range (%d buffers)",
                         (int)i, t->buffer, (int)c->num_buffers);
    glint_result r = read_buffer(c, t->buffer, i, &t->data, &t->nbytes);
    if (r < 0) return r;
    if (t->nbytes == 0) t->data = NULL; /* buffer 0 and empty buffers: not a constant */

    int q = ge_fb_table_field(fb, tt, TFL_TENSOR_QUANTIZATION, &t->quant);
    int s = ge_fb_table_field(fb, tt, TFL_TENSOR_SPARSITY, &t->sparsity);
    if (q == GE_FB_BAD || s == GE_FB_BAD)
        return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: tensor %d '%.*s' %s: %s", (int)i, tfl_msg_len(t),
                         t->name, q == GE_FB_BAD ? "quantization" : "sparsity", fb->why);
    t->has_quant = q == GE_FB_PRESENT;
    t->has_sparsity = s == GE_FB_PRESENT;
    if (t->has_sparsity && !t->data)
        return gu_errorf(c->err, GLINT_ERROR_MODEL_UNSUPPORTED,
                         "tflite: tensor %d '%.*s' is sparse but not a constant", (int)i, tfl_msg_len(t), t->name);

    /* A sparse constant stores fewer values than its dense shape; tfl_sparse_values checks it. */
    if (t->data && !t->has_sparsity) {
        size_t need = (size_t)elements * ge_dtype_size(t->dtype);
        if (t->nbytes != need) {
            char sb[64];
            ge_shape_format(&t->shape, sb, sizeof(sb));
            return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT,
                             "tflite: tensor %d '%.*s' buffer %u has %zu bytes, but %s %s needs %zu", (int)i,
                             tfl_msg_len(t), t->name, t->buffer, t->nbytes, sb, type_name(t->type), need);
        }
    }
    return GLINT_SUCCESS;
}

/* A NUL-terminated copy of tensor i's name in c->scratch ("tensor_<i>" when it has none). */
const char* tfl_tensor_name(tfl_ctx* c, int32_t i) {
    const tfl_tensor* t = &c->tensors[i];
    size_t need = t->name_len + 1 < 32 ? 32 : t->name_len + 1;
    if (need > c->scratch_cap) {
        char* p = gu_malloc(c->g->allocator, need);
        if (!p) return NULL;
        gu_free(c->g->allocator, c->scratch);
        c->scratch = p;
        c->scratch_cap = need;
    }
    if (t->name_len == 0) {
        snprintf(c->scratch, c->scratch_cap, "tensor_%d", (int)i);
    } else {
        memcpy(c->scratch, t->name, t->name_len);
        c->scratch[t->name_len] = 0;
    }
    return c->scratch;
}

/* Per-tensor or per-channel affine quantization; none when the scale vector is empty. */
static glint_result read_quant(tfl_ctx* c, int32_t i, const ge_quant** out) {
    *out = NULL;
    tfl_tensor* t = &c->tensors[i];
    if (!t->has_quant) return GLINT_SUCCESS;
    ge_fb* fb = &c->fb;
    ge_fb_vector scale, zp;
    int32_t axis = 0;
    if (ge_fb_vector_field(fb, &t->quant, TFL_QUANT_SCALE, 4, &scale) == GE_FB_BAD ||
        ge_fb_vector_field(fb, &t->quant, TFL_QUANT_ZERO_POINT, 8, &zp) == GE_FB_BAD ||
        !ge_fb_i32(fb, &t->quant, TFL_QUANT_QUANTIZED_DIMENSION, 0, &axis))
        return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: tensor %d '%.*s' quantization: %s", (int)i,
                         tfl_msg_len(t), t->name, fb->why);
    if (scale.len == 0) return GLINT_SUCCESS; /* e.g. only min/max recorded: a float tensor */
    if (zp.len != 0 && zp.len != scale.len)
        return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT,
                         "tflite: tensor %d '%.*s' has %u scales but %u zero points", (int)i, tfl_msg_len(t), t->name,
                         scale.len, zp.len);
    if (scale.len > 1) {
        if (axis < 0 || axis >= t->shape.rank || (uint32_t)t->shape.dim[axis] != scale.len)
            return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT,
                             "tflite: tensor %d '%.*s' has %u scales along dimension %d, which does not match its "
                             "shape",
                             (int)i, tfl_msg_len(t), t->name, scale.len, (int)axis);
    }
    ge_quant* q = gu_arena_alloc(&c->g->arena, sizeof(ge_quant));
    float* sc = gu_arena_alloc(&c->g->arena, (size_t)scale.len * sizeof(float));
    int32_t* z = gu_arena_alloc(&c->g->arena, (size_t)scale.len * sizeof(int32_t));
    if (!q || !sc || !z) return gu_errorf(c->err, GLINT_ERROR_OUT_OF_MEMORY, "tflite: out of memory");
    for (uint32_t k = 0; k < scale.len; k++) {
        sc[k] = ge_fb_vec_f32(fb, &scale, k);
        int64_t zk = zp.len ? ge_fb_vec_i64(fb, &zp, k) : 0;
        if (!(sc[k] > 0.0f && sc[k] < 3.4e38f) || zk < INT32_MIN || zk > INT32_MAX)
            return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT,
                             "tflite: tensor %d '%.*s' quantization %u has scale %g, zero point %lld", (int)i,
                             tfl_msg_len(t), t->name, k, (double)sc[k], (long long)zk);
        z[k] = (int32_t)zk;
    }
    q->axis = scale.len > 1 ? axis : -1;
    q->count = (int32_t)scale.len;
    q->scale = sc;
    q->zero_point = z;
    *out = q;
    return GLINT_SUCCESS;
}

glint_result tfl_account_buffer(tfl_ctx* c, int32_t i) {
    const tfl_tensor* t = &c->tensors[i];
    if (!t->data) return GLINT_SUCCESS;
    if (!c->buffer_used[t->buffer]) {
        c->buffer_used[t->buffer] = 1;
        return GLINT_SUCCESS;
    }
    c->shared_bytes += t->nbytes;
    if (c->shared_bytes > c->fb.size)
        return gu_errorf(c->err, GLINT_ERROR_LIMIT_EXCEEDED,
                         "tflite: tensors sharing constant buffers (tensor %d, buffer %u) would copy more than the "
                         "file size",
                         (int)i, t->buffer);
    return GLINT_SUCCESS;
}

glint_result tfl_graph_tensor(tfl_ctx* c, int32_t i, int32_t* out_index) {
    if (i < 0 || i >= c->num_tensors)
        return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: tensor index %d out of range (%d tensors)",
                         (int)i, (int)c->num_tensors);
    tfl_tensor* t = &c->tensors[i];
    if (t->has_sparsity) /* its graph tensor (if any) holds only the stored values */
        return gu_errorf(c->err, GLINT_ERROR_MODEL_UNSUPPORTED,
                         "tflite: sparse tensor %d '%.*s' is used other than as the input of DENSIFY", (int)i,
                         tfl_msg_len(t), t->name);
    if (t->graph_index >= 0) {
        *out_index = t->graph_index;
        return GLINT_SUCCESS;
    }
    glint_result r = tfl_account_buffer(c, i);
    if (r < 0) return r;
    const ge_quant* quant = NULL;
    r = read_quant(c, i, &quant);
    if (r < 0) return r;
    const char* name = tfl_tensor_name(c, i);
    if (!name) return gu_errorf(c->err, GLINT_ERROR_OUT_OF_MEMORY, "tflite: out of memory");
    int32_t idx = t->data ? ge_graph_add_const(c->g, name, t->dtype, &t->shape, t->data, t->nbytes, c->err)
                          : ge_graph_add_tensor(c->g, name, t->dtype, &t->shape, c->err);
    if (idx < 0) return (glint_result)idx;
    c->g->tensors[idx].quant = quant;
    t->graph_index = idx;
    *out_index = idx;
    return GLINT_SUCCESS;
}

static glint_result read_opcodes(tfl_ctx* c, const ge_fb_table* model) {
    ge_fb* fb = &c->fb;
    if (ge_fb_vector_field(fb, model, TFL_MODEL_OPERATOR_CODES, 4, &c->opcode_tables) == GE_FB_BAD)
        return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: operator_codes: %s", fb->why);
    if (c->opcode_tables.len > GE_MAX_OPS)
        return gu_errorf(c->err, GLINT_ERROR_LIMIT_EXCEEDED, "tflite: %u operator codes (limit %d)",
                         c->opcode_tables.len, GE_MAX_OPS);
    c->num_opcodes = (int32_t)c->opcode_tables.len;
    c->opcodes = gu_calloc(c->g->allocator, (size_t)c->num_opcodes + 1, sizeof(int32_t));
    if (!c->opcodes) return gu_errorf(c->err, GLINT_ERROR_OUT_OF_MEMORY, "tflite: out of memory");
    for (int32_t k = 0; k < c->num_opcodes; k++) {
        ge_fb_table oc;
        int8_t deprecated = 0;
        int32_t code = 0;
        if (!ge_fb_vec_table(fb, &c->opcode_tables, (uint32_t)k, &oc) ||
            !ge_fb_i8(fb, &oc, TFL_OPCODE_DEPRECATED_BUILTIN_CODE, 0, &deprecated) ||
            !ge_fb_i32(fb, &oc, TFL_OPCODE_BUILTIN_CODE, 0, &code))
            return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: operator code %d: %s", (int)k, fb->why);
        /* Older writers fill only the int8 field, newer ones both (the int8 one saturated at 127). */
        c->opcodes[k] = code > deprecated ? code : deprecated;
        if (c->opcodes[k] < 0)
            return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: operator code %d has builtin code %d",
                             (int)k, (int)c->opcodes[k]);
    }
    return GLINT_SUCCESS;
}

/* Metadata carries nothing glint uses (min_runtime_version, ...); it is only checked for bounds. */
static glint_result check_metadata(tfl_ctx* c, const ge_fb_table* model) {
    ge_fb* fb = &c->fb;
    ge_fb_vector md;
    if (ge_fb_vector_field(fb, model, TFL_MODEL_METADATA, 4, &md) == GE_FB_BAD)
        return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: metadata: %s", fb->why);
    for (uint32_t k = 0; k < md.len; k++) {
        ge_fb_table mt;
        const char* name;
        size_t len;
        uint32_t buffer = 0;
        if (!ge_fb_vec_table(fb, &md, k, &mt) || ge_fb_string_field(fb, &mt, TFL_METADATA_NAME, &name, &len) == GE_FB_BAD ||
            !ge_fb_u32(fb, &mt, TFL_METADATA_BUFFER, 0, &buffer))
            return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: metadata %u: %s", k, fb->why);
        if (buffer >= (uint32_t)c->num_buffers)
            return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT,
                             "tflite: metadata %u buffer index %u out of range (%d buffers)", k, buffer,
                             (int)c->num_buffers);
    }
    return GLINT_SUCCESS;
}

/* Maps SubGraph.inputs or .outputs (field id) into graph tensor indices. */
static glint_result read_io(tfl_ctx* c, const ge_fb_table* sg, int id, const char* what, int32_t* out,
                            int32_t* out_count) {
    ge_fb_vector v;
    if (ge_fb_vector_field(&c->fb, sg, id, 4, &v) == GE_FB_BAD)
        return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: subgraph %s: %s", what, c->fb.why);
    if (v.len == 0) return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: the subgraph has no %s", what);
    if (v.len > GE_MAX_OP_INPUTS)
        return gu_errorf(c->err, GLINT_ERROR_LIMIT_EXCEEDED, "tflite: %u graph %s (limit %d)", v.len, what,
                         GE_MAX_OP_INPUTS);
    for (uint32_t k = 0; k < v.len; k++) {
        int32_t ti = ge_fb_vec_i32(&c->fb, &v, k);
        if (ti < 0 || ti >= c->num_tensors)
            return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: graph %s %u is tensor %d (%d tensors)", what,
                             k, (int)ti, (int)c->num_tensors);
        if (c->tensors[ti].data)
            return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: graph %s %u (tensor %d '%.*s') is a constant",
                             what, k, (int)ti, tfl_msg_len(&c->tensors[ti]), c->tensors[ti].name);
        glint_result r = tfl_graph_tensor(c, ti, &out[k]);
        if (r < 0) return r;
    }
    *out_count = (int32_t)v.len;
    return GLINT_SUCCESS;
}

static glint_result import_model(tfl_ctx* c) {
    ge_fb* fb = &c->fb;
    ge_fb_table model;
    if (!ge_fb_root(fb, &model)) return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: %s", fb->why);
    if (!ge_fb_has_identifier(fb, TFL_FILE_IDENTIFIER))
        return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT,
                         "tflite: file identifier is not \"" TFL_FILE_IDENTIFIER "\" (not a TFLite model)");
    uint32_t version = 0;
    if (!ge_fb_u32(fb, &model, TFL_MODEL_VERSION, 0, &version))
        return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: model version: %s", fb->why);
    if (version != TFL_SCHEMA_VERSION)
        return gu_errorf(c->err, GLINT_ERROR_MODEL_UNSUPPORTED, "tflite: schema version %u (glint reads version %d)",
                         version, TFL_SCHEMA_VERSION);

    if (ge_fb_vector_field(fb, &model, TFL_MODEL_BUFFERS, 4, &c->buffers) == GE_FB_BAD)
        return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: buffers: %s", fb->why);
    if (c->buffers.len > (uint32_t)INT32_MAX)
        return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: %u buffers", c->buffers.len);
    c->num_buffers = (int32_t)c->buffers.len;
    c->buffer_used = gu_calloc(c->g->allocator, (size_t)c->num_buffers + 1, 1);
    if (!c->buffer_used) return gu_errorf(c->err, GLINT_ERROR_OUT_OF_MEMORY, "tflite: out of memory");
    glint_result r = read_opcodes(c, &model);
    if (r < 0) return r;
    r = check_metadata(c, &model);
    if (r < 0) return r;

    ge_fb_vector subgraphs;
    ge_fb_table sg;
    if (ge_fb_vector_field(fb, &model, TFL_MODEL_SUBGRAPHS, 4, &subgraphs) == GE_FB_BAD)
        return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: subgraphs: %s", fb->why);
    if (subgraphs.len == 0) return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: the model has no subgraph");
    /* Subgraph 0 is the model; others only serve control flow ops (IF, WHILE), which glint does not run. */
    if (!ge_fb_vec_table(fb, &subgraphs, 0, &sg))
        return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: subgraph 0: %s", fb->why);

    ge_fb_vector tensors, operators;
    if (ge_fb_vector_field(fb, &sg, TFL_SUBGRAPH_TENSORS, 4, &tensors) == GE_FB_BAD)
        return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: subgraph tensors: %s", fb->why);
    if (tensors.len > GE_MAX_TENSORS)
        return gu_errorf(c->err, GLINT_ERROR_LIMIT_EXCEEDED, "tflite: %u tensors (limit %d)", tensors.len,
                         GE_MAX_TENSORS);
    if (ge_fb_vector_field(fb, &sg, TFL_SUBGRAPH_OPERATORS, 4, &operators) == GE_FB_BAD)
        return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: subgraph operators: %s", fb->why);
    if (operators.len > GE_MAX_OPS)
        return gu_errorf(c->err, GLINT_ERROR_LIMIT_EXCEEDED, "tflite: %u operators (limit %d)", operators.len,
                         GE_MAX_OPS);

    c->num_tensors = (int32_t)tensors.len;
    c->tensors = gu_calloc(c->g->allocator, (size_t)c->num_tensors + 1, sizeof(tfl_tensor));
    if (!c->tensors) return gu_errorf(c->err, GLINT_ERROR_OUT_OF_MEMORY, "tflite: out of memory");
    for (int32_t i = 0; i < c->num_tensors; i++) {
        ge_fb_table tt;
        if (!ge_fb_vec_table(fb, &tensors, (uint32_t)i, &tt))
            return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: tensor %d: %s", (int)i, fb->why);
        r = read_tensor(c, i, &tt);
        if (r < 0) return r;
    }

    /* Graph inputs first, so that they come first in the graph's tensor list. */
    int32_t inputs[GE_MAX_OP_INPUTS], outputs[GE_MAX_OP_INPUTS];
    int32_t num_inputs = 0, num_outputs = 0;
    r = read_io(c, &sg, TFL_SUBGRAPH_INPUTS, "inputs", inputs, &num_inputs);
    if (r < 0) return r;

    for (uint32_t k = 0; k < operators.len; k++) {
        ge_fb_table ot;
        if (!ge_fb_vec_table(fb, &operators, k, &ot))
            return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: op %u: %s", k, fb->why);
        r = tfl_import_op(c, (int32_t)k, &ot);
        if (r < 0) return r;
    }

    r = read_io(c, &sg, TFL_SUBGRAPH_OUTPUTS, "outputs", outputs, &num_outputs);
    if (r < 0) return r;
    r = ge_graph_set_io(c->g, inputs, num_inputs, outputs, num_outputs, c->err);
    if (r < 0) return r;

    /* Structure (cycles, tensors produced twice or read before produced), then shapes. */
    r = ge_graph_analyze(c->g, c->err);
    if (r < 0) return r;
    return ge_graph_infer_shapes(c->g, c->err);
}

glint_result ge_import_tflite(ge_graph* g, const void* data, size_t size, glint_error* err) {
    if (!g || !g->allocator || (!data && size))
        return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "tflite: NULL graph or data");
    gu_error_clear(err);
    tfl_ctx c;
    memset(&c, 0, sizeof(c));
    c.g = g;
    c.err = err;
    ge_fb_init(&c.fb, data, size);
    glint_result r = import_model(&c);
    gu_free(g->allocator, c.opcodes);
    gu_free(g->allocator, c.tensors);
    gu_free(g->allocator, c.scratch);
    gu_free(g->allocator, c.buffer_used);
    return r;
}
