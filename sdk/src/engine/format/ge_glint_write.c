/*
 * .glint writer (layout in ge_glint_format.h): sizes everything first, then fills one buffer
 * and signs the payload with its sha256.
 */
#include <stdio.h>
#include <string.h>

#include "engine/format/ge_glint_format.h"
#include "util/gu_error.h"
#include "util/gu_sha256.h"

#define TENSOR_RECORD_BYTES (4 + 4 + 4 + 4 * GE_MAX_RANK + 4 + 8 + 8)

bool ge_glint_detect(const void* data, size_t size) {
    return data && size >= 8 && memcmp(data, GE_GLINT_MAGIC, 8) == 0;
}

typedef struct wbuf {
    uint8_t* p;
    size_t at, size;
} wbuf;

static void put_bytes(wbuf* b, const void* src, size_t n) {
    memcpy(b->p + b->at, src, n);
    b->at += n;
}
static void put_u32(wbuf* b, uint32_t v) {
    uint8_t x[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    put_bytes(b, x, 4);
}
static void put_i32(wbuf* b, int32_t v) {
    put_u32(b, (uint32_t)v);
}
static void put_u64(wbuf* b, uint64_t v) {
    put_u32(b, (uint32_t)v);
    put_u32(b, (uint32_t)(v >> 32));
}
static void put_f32(wbuf* b, float f) {
    uint32_t u;
    memcpy(&u, &f, 4);
    put_u32(b, u);
}

static size_t align64(size_t v) {
    return (v + GE_GLINT_ALIGN - 1) & ~(size_t)(GE_GLINT_ALIGN - 1);
}

/* Distinct quant records (pointer identity), and each tensor's record index. */
typedef struct quant_table {
    const ge_quant** q;
    int32_t n;
    int32_t* of_tensor;
} quant_table;

glint_result ge_glint_write(const ge_graph* g, const ge_glint_meta* meta, gu_allocator* allocator, void** out_data,
                            size_t* out_size, glint_error* err) {
    *out_data = NULL;
    *out_size = 0;
    glint_result r = GLINT_SUCCESS;
    quant_table qt = {0};
    int32_t* words = NULL;
    const size_t nt = (size_t)(g->num_tensors ? g->num_tensors : 1);
    qt.q = gu_malloc(allocator, nt * sizeof(*qt.q));
    qt.of_tensor = gu_malloc(allocator, nt * sizeof(int32_t));
    words = gu_malloc(allocator, GE_GLINT_MAX_PARAMS * sizeof(int32_t));
    if (!qt.q || !qt.of_tensor || !words) {
        r = gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "glint write: out of memory");
        goto done;
    }

    /* ---- sizes ---- */
    size_t strings = 0, quant_bytes = 0, op_bytes = 0, data_bytes = 0;
    for (int32_t t = 0; t < g->num_tensors; t++) {
        const ge_tensor* ts = &g->tensors[t];
        strings += strlen(ts->name) + 1;
        qt.of_tensor[t] = -1;
        if (ts->quant) {
            int32_t k = 0;
            while (k < qt.n && qt.q[k] != ts->quant) k++;
            if (k == qt.n) {
                qt.q[qt.n++] = ts->quant;
                quant_bytes += 8 + 8 * (size_t)ts->quant->count;
            }
            qt.of_tensor[t] = k;
        }
        if (ts->data) data_bytes = align64(data_bytes) + ts->nbytes;
    }
    for (int32_t o = 0; o < g->num_ops; o++) {
        const ge_op* op = &g->ops[o];
        if (op->type == GE_OP_NONE) {
            r = gu_errorf(err, GLINT_ERROR_INTERNAL, "glint write: the graph has removed ops (compact it first)");
            goto done;
        }
        strings += strlen(op->name) + 1;
        int32_t np = ge_glint_params_encode(op, words, err);
        if (np < 0) {
            r = np;
            goto done;
        }
        op_bytes += 20 + 4 * (size_t)(op->num_inputs + op->num_outputs + np);
    }
    const size_t records = 32 + 4 + GE_GLINT_DESCRIPTION_BYTES + 6 * 4 + strings + quant_bytes +
                           TENSOR_RECORD_BYTES * (size_t)g->num_tensors + op_bytes +
                           4 * (size_t)(g->num_inputs + g->num_outputs);
    /* payload offsets are relative to the payload start, which is 64-aligned in the file */
    const size_t data_start = align64(records);
    const size_t payload = data_start + align64(data_bytes);
    const size_t total = GE_GLINT_HEADER_BYTES + payload;

    wbuf b = {gu_malloc_aligned(allocator, total, GE_GLINT_ALIGN), 0, total};
    if (!b.p) {
        r = gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "glint write: out of memory for %zu bytes", total);
        goto done;
    }
    memset(b.p, 0, total);

    /* ---- header (sha256 filled at the end) ---- */
    put_bytes(&b, GE_GLINT_MAGIC, 8);
    put_u32(&b, GE_GLINT_VERSION);
    put_u32(&b, GE_GLINT_HEADER_BYTES);
    put_u64(&b, payload);
    b.at = GE_GLINT_HEADER_BYTES;

    /* ---- payload ---- */
    put_bytes(&b, meta->source_sha256, 32);
    put_u32(&b, meta->precision);
    char desc[GE_GLINT_DESCRIPTION_BYTES] = {0};
    snprintf(desc, sizeof(desc), "%s", meta->description);
    put_bytes(&b, desc, sizeof(desc));
    put_u32(&b, (uint32_t)strings);
    put_u32(&b, (uint32_t)qt.n);
    put_u32(&b, (uint32_t)g->num_tensors);
    put_u32(&b, (uint32_t)g->num_ops);
    put_u32(&b, (uint32_t)g->num_inputs);
    put_u32(&b, (uint32_t)g->num_outputs);
    /* strings: tensor names then op names, in order */
    uint32_t name_at = 0;
    for (int32_t t = 0; t < g->num_tensors; t++) put_bytes(&b, g->tensors[t].name, strlen(g->tensors[t].name) + 1);
    for (int32_t o = 0; o < g->num_ops; o++) put_bytes(&b, g->ops[o].name, strlen(g->ops[o].name) + 1);
    for (int32_t k = 0; k < qt.n; k++) {
        const ge_quant* q = qt.q[k];
        put_i32(&b, q->axis);
        put_u32(&b, (uint32_t)q->count);
        for (int32_t i = 0; i < q->count; i++) put_f32(&b, q->scale[i]);
        for (int32_t i = 0; i < q->count; i++) put_i32(&b, q->zero_point[i]);
    }
    size_t data_at = data_start;
    for (int32_t t = 0; t < g->num_tensors; t++) {
        const ge_tensor* ts = &g->tensors[t];
        put_u32(&b, name_at);
        name_at += (uint32_t)strlen(ts->name) + 1;
        put_u32(&b, (uint32_t)ts->dtype);
        put_u32(&b, (uint32_t)ts->shape.rank);
        for (int32_t d = 0; d < GE_MAX_RANK; d++) put_i32(&b, d < ts->shape.rank ? ts->shape.dim[d] : 0);
        put_i32(&b, qt.of_tensor[t]);
        if (ts->data) {
            data_at = align64(data_at);
            put_u64(&b, data_at);
            put_u64(&b, ts->nbytes);
            memcpy(b.p + GE_GLINT_HEADER_BYTES + data_at, ts->data, ts->nbytes);
            data_at += ts->nbytes;
        } else {
            put_u64(&b, UINT64_MAX);
            put_u64(&b, 0);
        }
    }
    for (int32_t o = 0; o < g->num_ops; o++) {
        const ge_op* op = &g->ops[o];
        int32_t np = ge_glint_params_encode(op, words, err);
        put_u32(&b, (uint32_t)op->type);
        put_u32(&b, name_at);
        name_at += (uint32_t)strlen(op->name) + 1;
        put_u32(&b, (uint32_t)op->num_inputs);
        put_u32(&b, (uint32_t)op->num_outputs);
        put_u32(&b, (uint32_t)np);
        for (int32_t i = 0; i < op->num_inputs; i++) put_i32(&b, op->inputs[i]);
        for (int32_t i = 0; i < op->num_outputs; i++) put_i32(&b, op->outputs[i]);
        for (int32_t i = 0; i < np; i++) put_i32(&b, words[i]);
    }
    for (int32_t i = 0; i < g->num_inputs; i++) put_i32(&b, g->inputs[i]);
    for (int32_t i = 0; i < g->num_outputs; i++) put_i32(&b, g->outputs[i]);
    if (b.at != GE_GLINT_HEADER_BYTES + records) {
        gu_free_aligned(allocator, b.p);
        r = gu_errorf(err, GLINT_ERROR_INTERNAL, "glint write: layout mismatch (%zu vs %zu)", b.at,
                      (size_t)GE_GLINT_HEADER_BYTES + records);
        goto done;
    }
    gu_sha256_bytes(b.p + GE_GLINT_HEADER_BYTES, payload, b.p + 24);
    *out_data = b.p;
    *out_size = total;
done:
    gu_free(allocator, qt.q);
    gu_free(allocator, qt.of_tensor);
    gu_free(allocator, words);
    return r;
}

glint_result ge_glint_write_file(const char* path, const ge_graph* g, const ge_glint_meta* meta,
                                 gu_allocator* allocator, glint_error* err) {
    void* data = NULL;
    size_t size = 0;
    glint_result r = ge_glint_write(g, meta, allocator, &data, &size, err);
    if (r < 0) return r;
    FILE* f = fopen(path, "wb");
    if (!f) {
        gu_free_aligned(allocator, data);
        return gu_errorf(err, GLINT_ERROR_IO, "glint write: cannot create '%s'", path);
    }
    size_t wrote = fwrite(data, 1, size, f);
    int closed = fclose(f);
    gu_free_aligned(allocator, data);
    if (wrote != size || closed != 0) return gu_errorf(err, GLINT_ERROR_IO, "glint write: cannot write '%s'", path);
    return GLINT_SUCCESS;
}
