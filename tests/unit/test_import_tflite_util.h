/* Helpers shared by the TFLite importer tests: whole-file reading. */
#ifndef TEST_IMPORT_TFLITE_UTIL_H
#define TEST_IMPORT_TFLITE_UTIL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* The whole file, malloc'ed; NULL when it cannot be read. */
static inline uint8_t* tflt_read_file(const char* path, size_t* out_size) {
    FILE* f = fopen(path, "rb");
    if (!f) return NULL;
    uint8_t* data = NULL;
    long n = -1;
    if (fseek(f, 0, SEEK_END) == 0) n = ftell(f);
    if (n >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        data = malloc((size_t)n + 1);
        if (data && fread(data, 1, (size_t)n, f) != (size_t)n) {
            free(data);
            data = NULL;
        }
    }
    fclose(f);
    if (data) *out_size = (size_t)n;
    return data;
}


/*
 * A tiny TFLite writer for hand-built (and deliberately broken) models. It lays the
 * FlatBuffer out front to back: every table is written before the objects it references,
 * so all uoffsets point forward as the format requires, and each vtable sits right before
 * its table. Positions of interesting bytes are recorded in tm_layout so tests can corrupt
 * them afterwards.
 */
#include <string.h>

typedef struct tfb {
    uint8_t buf[1 << 16];
    size_t len;
} tfb;

static inline size_t tfb_reserve(tfb* b, size_t n, size_t align) {
    while (b->len % align) b->buf[b->len++] = 0;
    size_t pos = b->len;
    memset(b->buf + pos, 0, n);
    b->len += n;
    return pos;
}
static inline void tfb_put(tfb* b, size_t pos, uint64_t v, int size) {
    for (int k = 0; k < size; k++) b->buf[pos + (size_t)k] = (uint8_t)(v >> (8 * k));
}
static inline void tfb_link(tfb* b, size_t slot, size_t target) { tfb_put(b, slot, (uint32_t)(target - slot), 4); }

typedef struct tfb_field {
    int id;
    int size;       /* 1, 4 or 8 bytes; references are 4 */
    uint64_t value; /* scalars */
} tfb_field;

/* Writes a table (vtable first); slots[k] receives the position of field k. Returns the table position. */
static inline size_t tfb_table(tfb* b, const tfb_field* f, int n, size_t* slots) {
    int max_id = -1;
    for (int k = 0; k < n; k++) max_id = f[k].id > max_id ? f[k].id : max_id;
    size_t vt_size = 4 + 2 * (size_t)(max_id + 1);
    size_t table_size = 4;
    for (int k = 0; k < n; k++) table_size += (size_t)f[k].size;
    size_t vt = tfb_reserve(b, vt_size, 4);
    size_t t = tfb_reserve(b, table_size, 4);
    tfb_put(b, vt, vt_size, 2);
    tfb_put(b, vt + 2, table_size, 2);
    tfb_put(b, t, (uint32_t)(t - vt), 4);
    size_t off = 4;
    for (int k = 0; k < n; k++) {
        tfb_put(b, vt + 4 + 2 * (size_t)f[k].id, off, 2);
        tfb_put(b, t + off, f[k].value, f[k].size);
        if (slots) slots[k] = t + off;
        off += (size_t)f[k].size;
    }
    return t;
}

/* A vector of n elements (elems may be NULL: zeroed); returns the position of its length. */
static inline size_t tfb_vector(tfb* b, const void* elems, uint32_t n, int elem_size) {
    size_t pos = tfb_reserve(b, 4 + (size_t)n * (size_t)elem_size, 4);
    tfb_put(b, pos, n, 4);
    for (uint32_t k = 0; k < n && elems; k++) {
        uint64_t v = 0;
        memcpy(&v, (const uint8_t*)elems + (size_t)k * (size_t)elem_size, (size_t)elem_size);
        tfb_put(b, pos + 4 + (size_t)k * (size_t)elem_size, v, elem_size);
    }
    return pos;
}
static inline size_t tfb_string(tfb* b, const char* s) {
    size_t n = strlen(s);
    size_t pos = tfb_vector(b, s, (uint32_t)n, 1);
    tfb_reserve(b, 1, 1); /* NUL */
    return pos;
}

/* Model description. */
typedef struct tm_sparsity {
    int32_t n;
    int32_t order[4];
    uint8_t format[4];
    int32_t dense_size[4];
    uint8_t seg_type[4], idx_type[4]; /* 1 int32, 2 uint16, 3 uint8 */
    const void* seg[4];
    const void* idx[4];
    uint32_t nseg[4], nidx[4];
    int32_t block_map_len;
} tm_sparsity;

typedef struct tm_tensor {
    const char* name;
    int32_t rank;
    int32_t dim[8];
    uint8_t type;
    uint32_t buffer;
    const tm_sparsity* sparsity;
} tm_tensor;

typedef struct tm_op {
    uint32_t opcode;
    int32_t nin, nout;
    int32_t in[4], out[2];
    uint8_t opt_type;
    int32_t nopt;
    tfb_field opt[6];
} tm_op;

typedef struct tm_buffer {
    const void* data;
    uint32_t size;
    uint64_t ext_offset, ext_size; /* the offset/size form (files over 2 GB) when ext_offset > 1 */
} tm_buffer;

typedef struct tm_model {
    uint32_t version;
    int32_t ncodes;
    int32_t codes[6];
    const char* custom_name; /* custom_code of every CUSTOM (32) op code */
    int32_t ntensors;
    tm_tensor tensors[12];
    int32_t nin, nout;
    int32_t inputs[2], outputs[2];
    int32_t nops;
    tm_op ops[6];
    int32_t nbuffers;
    tm_buffer buffers[6];
} tm_model;

typedef struct tm_layout {
    size_t root;          /* Model table */
    size_t tensors_vec;   /* SubGraph.tensors length field */
    size_t buffers_vec;
    size_t operators_vec;
    size_t shape_vec[12]; /* per tensor */
    size_t op_inputs_vec[6];
    size_t size;
} tm_layout;

static inline size_t tm_write_sparsity(tfb* b, const tm_sparsity* s) {
    tfb_field f[3] = {{0, 4, 0}, {1, 4, 0}, {2, 4, 0}};
    size_t slots[3];
    size_t t = tfb_table(b, f, 3, slots);
    tfb_link(b, slots[0], tfb_vector(b, s->order, (uint32_t)s->n, 4));
    int32_t bm[4] = {0, 0, 0, 0};
    tfb_link(b, slots[1], tfb_vector(b, bm, (uint32_t)s->block_map_len, 4));
    size_t dv = tfb_vector(b, NULL, (uint32_t)s->n, 4);
    tfb_link(b, slots[2], dv);
    for (int32_t k = 0; k < s->n; k++) {
        size_t ds[6];
        if (s->format[k] == 0) {
            tfb_field df[2] = {{0, 1, 0}, {1, 4, (uint32_t)s->dense_size[k]}};
            tfb_link(b, dv + 4 + 4 * (size_t)k, tfb_table(b, df, 2, ds));
            continue;
        }
        tfb_field df[6] = {{0, 1, s->format[k]}, {1, 4, 0}, {2, 1, s->seg_type[k]}, {3, 4, 0},
                           {4, 1, s->idx_type[k]}, {5, 4, 0}};
        tfb_link(b, dv + 4 + 4 * (size_t)k, tfb_table(b, df, 6, ds));
        /* element size by union type (1 int32, 2 uint16, else 1 byte, for deliberately bad types too) */
#define TM_ESIZE(type) ((type) == 1 ? 4 : (type) == 2 ? 2 : 1)
        tfb_field vf[1] = {{0, 4, 0}};
        size_t vs[1];
        tfb_link(b, ds[3], tfb_table(b, vf, 1, vs));
        tfb_link(b, vs[0], tfb_vector(b, s->seg[k], s->nseg[k], TM_ESIZE(s->seg_type[k])));
        tfb_link(b, ds[5], tfb_table(b, vf, 1, vs));
        tfb_link(b, vs[0], tfb_vector(b, s->idx[k], s->nidx[k], TM_ESIZE(s->idx_type[k])));
    }
    return t;
}

/* Serialises m into b; returns the file size. */
static inline size_t tm_write(tfb* b, const tm_model* m, tm_layout* lay) {
    memset(lay, 0, sizeof(*lay));
    b->len = 0;
    size_t hdr = tfb_reserve(b, 8, 4);
    memcpy(b->buf + 4, "TFL3", 4);
    tfb_field mf[4] = {{0, 4, m->version}, {1, 4, 0}, {2, 4, 0}, {4, 4, 0}};
    size_t ms[4];
    lay->root = tfb_table(b, mf, 4, ms);
    tfb_link(b, hdr, lay->root);

    size_t cv = tfb_vector(b, NULL, (uint32_t)m->ncodes, 4);
    tfb_link(b, ms[1], cv);
    for (int32_t k = 0; k < m->ncodes; k++) {
        int32_t code = m->codes[k];
        /* deprecated_builtin_code saturates at 127 (PLACEHOLDER_FOR_GREATER_OP_CODES), as writers do. */
        tfb_field of[4] = {{0, 1, (uint8_t)(code < 127 ? code : 127)}, {2, 4, 1}, {3, 4, (uint32_t)code}, {1, 4, 0}};
        size_t os[4];
        bool custom = code == 32 && m->custom_name;
        tfb_link(b, cv + 4 + 4 * (size_t)k, tfb_table(b, of, custom ? 4 : 3, os));
        if (custom) tfb_link(b, os[3], tfb_string(b, m->custom_name));
    }

    size_t sv = tfb_vector(b, NULL, 1, 4);
    tfb_link(b, ms[2], sv);
    tfb_field sf[4] = {{0, 4, 0}, {1, 4, 0}, {2, 4, 0}, {3, 4, 0}};
    size_t ss[4];
    tfb_link(b, sv + 4, tfb_table(b, sf, 4, ss));
    lay->tensors_vec = tfb_vector(b, NULL, (uint32_t)m->ntensors, 4);
    tfb_link(b, ss[0], lay->tensors_vec);
    for (int32_t k = 0; k < m->ntensors; k++) {
        const tm_tensor* t = &m->tensors[k];
        tfb_field tf[5] = {{0, 4, 0}, {1, 1, t->type}, {2, 4, t->buffer}, {3, 4, 0}, {6, 4, 0}};
        size_t ts[5];
        tfb_link(b, lay->tensors_vec + 4 + 4 * (size_t)k, tfb_table(b, tf, t->sparsity ? 5 : 4, ts));
        lay->shape_vec[k] = tfb_vector(b, t->dim, (uint32_t)t->rank, 4);
        tfb_link(b, ts[0], lay->shape_vec[k]);
        tfb_link(b, ts[3], tfb_string(b, t->name));
        if (t->sparsity) tfb_link(b, ts[4], tm_write_sparsity(b, t->sparsity));
    }
    tfb_link(b, ss[1], tfb_vector(b, m->inputs, (uint32_t)m->nin, 4));
    tfb_link(b, ss[2], tfb_vector(b, m->outputs, (uint32_t)m->nout, 4));
    lay->operators_vec = tfb_vector(b, NULL, (uint32_t)m->nops, 4);
    tfb_link(b, ss[3], lay->operators_vec);
    for (int32_t k = 0; k < m->nops; k++) {
        const tm_op* o = &m->ops[k];
        tfb_field of[5] = {{0, 4, o->opcode}, {1, 4, 0}, {2, 4, 0}, {3, 1, o->opt_type}, {4, 4, 0}};
        size_t os[5];
        tfb_link(b, lay->operators_vec + 4 + 4 * (size_t)k, tfb_table(b, of, o->opt_type ? 5 : 3, os));
        lay->op_inputs_vec[k] = tfb_vector(b, o->in, (uint32_t)o->nin, 4);
        tfb_link(b, os[1], lay->op_inputs_vec[k]);
        tfb_link(b, os[2], tfb_vector(b, o->out, (uint32_t)o->nout, 4));
        if (o->opt_type) tfb_link(b, os[4], tfb_table(b, o->opt, o->nopt, NULL));
    }

    lay->buffers_vec = tfb_vector(b, NULL, (uint32_t)m->nbuffers, 4);
    tfb_link(b, ms[3], lay->buffers_vec);
    for (int32_t k = 0; k < m->nbuffers; k++) {
        const tm_buffer* bu = &m->buffers[k];
        size_t bs[3];
        if (bu->ext_offset > 1) {
            tfb_field bf[2] = {{1, 8, bu->ext_offset}, {2, 8, bu->ext_size}};
            tfb_link(b, lay->buffers_vec + 4 + 4 * (size_t)k, tfb_table(b, bf, 2, bs));
        } else if (bu->size) {
            tfb_field bf[1] = {{0, 4, 0}};
            tfb_link(b, lay->buffers_vec + 4 + 4 * (size_t)k, tfb_table(b, bf, 1, bs));
            tfb_link(b, bs[0], tfb_vector(b, bu->data, bu->size, 1));
        } else {
            tfb_link(b, lay->buffers_vec + 4 + 4 * (size_t)k, tfb_table(b, NULL, 0, NULL));
        }
    }
    lay->size = b->len;
    return b->len;
}

#endif /* TEST_IMPORT_TFLITE_UTIL_H */
