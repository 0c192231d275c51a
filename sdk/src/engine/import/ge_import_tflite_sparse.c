/*
 * TFLite importer, part 3: sparse constants (SparsityParameters) for DENSIFY.
 *
 * pose_detection stores 38 weight tensors in CSR form: traversal order 0,1,2,3, the last
 * dimension SPARSE_CSR, the others DENSE. glint keeps the stored values as a 1-D constant
 * (the DENSIFY op's input) and describes the layout in ge_densify_params, per traversal
 * level k (the order of TFLite's dim_metadata):
 *   dim_format[k]  0 dense / 1 CSR, dense_size[k] = size of dense dimension traversal_order[k],
 *   segments[k] (num_segments[k] = positions at the previous level + 1) and indices[k].
 * Everything a densify kernel relies on is checked here, so it can index without checks:
 * segments start at 0, never decrease and end at num_indices; indices are strictly
 * increasing inside a segment and below the dimension size; the stored value count that
 * this implies equals the buffer's size. Block sparsity (block_map) has no IR form and is
 * refused.
 */
#include <stdio.h>
#include <string.h>

#include "engine/import/ge_import_tflite_internal.h"

/* Dense elements DENSIFY may produce for a file of `size` bytes. */
#define TFL_DENSIFY_BUDGET(size) ((uint64_t)(size) * 16u + (1u << 20))

static glint_result sparse_error(tfl_ctx* c, int32_t i, glint_result code, const char* what) {
    const tfl_tensor* t = &c->tensors[i];
    return gu_errorf(c->err, code, "tflite: sparse tensor %d '%.*s': %s", (int)i, tfl_msg_len(t), t->name, what);
}

static glint_result sparse_fb_error(tfl_ctx* c, int32_t i, const char* field) {
    const tfl_tensor* t = &c->tensors[i];
    return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT, "tflite: sparse tensor %d '%.*s' %s: %s", (int)i,
                     tfl_msg_len(t), t->name, field, c->fb.why);
}

/* Reads a SparseIndexVector union (type at id, table at id + 1) into an int32 arena array. */
static glint_result read_index_vector(tfl_ctx* c, int32_t i, const ge_fb_table* dm, int type_id, const char* what,
                                      const int32_t** out, int32_t* out_len) {
    ge_fb* fb = &c->fb;
    uint8_t type = 0;
    ge_fb_table vt;
    if (!ge_fb_u8(fb, dm, type_id, TFL_SIV_NONE, &type)) return sparse_fb_error(c, i, what);
    int r = ge_fb_table_field(fb, dm, type_id + 1, &vt);
    if (r == GE_FB_BAD) return sparse_fb_error(c, i, what);
    uint32_t esize = type == TFL_SIV_INT32 ? 4 : type == TFL_SIV_UINT16 ? 2 : type == TFL_SIV_UINT8 ? 1 : 0;
    if (esize == 0 || r != GE_FB_PRESENT) {
        char msg[96];
        snprintf(msg, sizeof(msg), "%s is missing or has index vector type %u", what, type);
        return sparse_error(c, i, GLINT_ERROR_MODEL_FORMAT, msg);
    }
    ge_fb_vector v;
    if (ge_fb_vector_field(fb, &vt, 0, esize, &v) == GE_FB_BAD) return sparse_fb_error(c, i, what);
    if (v.len > (uint32_t)INT32_MAX - 1) return sparse_error(c, i, GLINT_ERROR_LIMIT_EXCEEDED, "index vector too long");
    int32_t* dst = gu_arena_alloc(&c->g->arena, (size_t)(v.len ? v.len : 1) * sizeof(int32_t));
    if (!dst) return gu_errorf(c->err, GLINT_ERROR_OUT_OF_MEMORY, "tflite: out of memory");
    /* One loop per width (little-endian, any alignment): pose_detection has 680k indices. */
    const uint8_t* src = ge_fb_vec_data(fb, &v);
    if (esize == 1) {
        for (uint32_t k = 0; k < v.len; k++) dst[k] = src[k];
    } else if (esize == 2) {
        for (uint32_t k = 0; k < v.len; k++) dst[k] = (int32_t)(src[2 * k] | (src[2 * k + 1] << 8));
    } else {
        for (uint32_t k = 0; k < v.len; k++) dst[k] = ge_fb_vec_i32(fb, &v, k);
    }
    *out = dst;
    *out_len = (int32_t)v.len;
    return GLINT_SUCCESS;
}

/* Checks one CSR level over `positions` parents of a dimension of `size`. */
static glint_result check_csr(tfl_ctx* c, int32_t i, int32_t level, int64_t positions, int32_t size,
                              const int32_t* seg, int32_t num_seg, const int32_t* idx, int32_t num_idx) {
    char msg[128];
    if ((int64_t)num_seg != positions + 1) {
        snprintf(msg, sizeof(msg), "level %d has %d segments, expected %lld", (int)level, (int)num_seg,
                 (long long)(positions + 1));
        return sparse_error(c, i, GLINT_ERROR_MODEL_FORMAT, msg);
    }
    if (seg[0] != 0 || seg[num_seg - 1] != num_idx) {
        snprintf(msg, sizeof(msg), "level %d segments run from %d to %d, expected 0 to %d", (int)level, (int)seg[0],
                 (int)seg[num_seg - 1], (int)num_idx);
        return sparse_error(c, i, GLINT_ERROR_MODEL_FORMAT, msg);
    }
    /* All segments first: with the ends checked above, this keeps every segment inside idx. */
    for (int32_t s = 0; s + 1 < num_seg; s++) {
        if (seg[s + 1] < seg[s]) {
            snprintf(msg, sizeof(msg), "level %d segment %d decreases", (int)level, (int)s);
            return sparse_error(c, i, GLINT_ERROR_MODEL_FORMAT, msg);
        }
    }
    for (int32_t s = 0; s + 1 < num_seg; s++) {
        for (int32_t k = seg[s]; k < seg[s + 1]; k++) {
            if (idx[k] < 0 || idx[k] >= size || (k > seg[s] && idx[k] <= idx[k - 1])) {
                snprintf(msg, sizeof(msg), "level %d index %d is %d (dimension size %d, increasing per segment)",
                         (int)level, (int)k, (int)idx[k], (int)size);
                return sparse_error(c, i, GLINT_ERROR_MODEL_FORMAT, msg);
            }
        }
    }
    return GLINT_SUCCESS;
}

static glint_result parse_sparsity(tfl_ctx* c, int32_t i, ge_densify_params* p, int64_t* out_values) {
    tfl_tensor* t = &c->tensors[i];
    ge_fb* fb = &c->fb;
    ge_fb_vector order, block_map, dims;
    if (ge_fb_vector_field(fb, &t->sparsity, TFL_SPARSITY_TRAVERSAL_ORDER, 4, &order) == GE_FB_BAD)
        return sparse_fb_error(c, i, "traversal_order");
    if (ge_fb_vector_field(fb, &t->sparsity, TFL_SPARSITY_BLOCK_MAP, 4, &block_map) == GE_FB_BAD)
        return sparse_fb_error(c, i, "block_map");
    if (ge_fb_vector_field(fb, &t->sparsity, TFL_SPARSITY_DIM_METADATA, 4, &dims) == GE_FB_BAD)
        return sparse_fb_error(c, i, "dim_metadata");
    if (block_map.len != 0)
        return sparse_error(c, i, GLINT_ERROR_MODEL_UNSUPPORTED, "block-sparse tensors are not supported");
    int32_t rank = t->shape.rank;
    if (rank < 1 || order.len != (uint32_t)rank || dims.len != (uint32_t)rank)
        return sparse_error(c, i, GLINT_ERROR_MODEL_FORMAT,
                            "traversal_order and dim_metadata must have one entry per dimension");

    memset(p, 0, sizeof(*p));
    p->num_dims = rank;
    uint32_t seen = 0;
    for (int32_t k = 0; k < rank; k++) {
        int32_t d = ge_fb_vec_i32(fb, &order, (uint32_t)k);
        if (d < 0 || d >= rank || (seen & (1u << d)))
            return sparse_error(c, i, GLINT_ERROR_MODEL_FORMAT, "traversal_order is not a permutation");
        seen |= 1u << d;
        p->traversal_order[k] = d;
    }

    int64_t positions = 1; /* stored entries at the current level */
    for (int32_t k = 0; k < rank; k++) {
        int32_t size = t->shape.dim[p->traversal_order[k]];
        ge_fb_table dm;
        uint8_t format = 0;
        int32_t dense_size = 0;
        if (!ge_fb_vec_table(fb, &dims, (uint32_t)k, &dm) || !ge_fb_u8(fb, &dm, TFL_DIMMETA_FORMAT, 0, &format) ||
            !ge_fb_i32(fb, &dm, TFL_DIMMETA_DENSE_SIZE, 0, &dense_size))
            return sparse_fb_error(c, i, "dim_metadata");
        p->dense_size[k] = size;
        if (format == TFL_DIM_DENSE) {
            if (dense_size != size) {
                char msg[96];
                snprintf(msg, sizeof(msg), "level %d dense_size %d differs from the dimension size %d", (int)k,
                         (int)dense_size, (int)size);
                return sparse_error(c, i, GLINT_ERROR_MODEL_FORMAT, msg);
            }
            p->dim_format[k] = 0;
            positions *= size; /* stays <= the dense element count (<= 2^28), see check_csr */
        } else if (format == TFL_DIM_SPARSE_CSR) {
            p->dim_format[k] = 1;
            glint_result r = read_index_vector(c, i, &dm, TFL_DIMMETA_SEGMENTS_TYPE, "array_segments",
                                               &p->segments[k], &p->num_segments[k]);
            if (r < 0) return r;
            r = read_index_vector(c, i, &dm, TFL_DIMMETA_INDICES_TYPE, "array_indices", &p->indices[k],
                                  &p->num_indices[k]);
            if (r < 0) return r;
            r = check_csr(c, i, k, positions, size, p->segments[k], p->num_segments[k], p->indices[k],
                          p->num_indices[k]);
            if (r < 0) return r;
            positions = p->num_indices[k];
        } else {
            char msg[64];
            snprintf(msg, sizeof(msg), "level %d has dimension format %u", (int)k, format);
            return sparse_error(c, i, GLINT_ERROR_MODEL_FORMAT, msg);
        }
    }
    *out_values = positions;
    return GLINT_SUCCESS;
}

glint_result tfl_sparse_values(tfl_ctx* c, int32_t i, ge_densify_params* out_params, int32_t* out_index) {
    tfl_tensor* t = &c->tensors[i];
    if (!t->has_sparsity || !t->data)
        return gu_errorf(c->err, GLINT_ERROR_MODEL_FORMAT,
                         "tflite: DENSIFY input tensor %d '%.*s' is not a sparse constant", (int)i, tfl_msg_len(t),
                         t->name);
    if (!t->densify) {
        ge_densify_params* p = gu_arena_alloc(&c->g->arena, sizeof(ge_densify_params));
        if (!p) return gu_errorf(c->err, GLINT_ERROR_OUT_OF_MEMORY, "tflite: out of memory");
        int64_t values = 0;
        glint_result r = parse_sparsity(c, i, p, &values);
        if (r < 0) return r;
        size_t need = (size_t)values * ge_dtype_size(t->dtype);
        if (t->nbytes != need) {
            char msg[128];
            snprintf(msg, sizeof(msg), "buffer %u has %zu bytes, its %lld stored values need %zu", t->buffer,
                     t->nbytes, (long long)values, need);
            return sparse_error(c, i, GLINT_ERROR_MODEL_FORMAT, msg);
        }
        r = tfl_account_buffer(c, i);
        if (r < 0) return r;
        /* pose_detection: 2.7 M dense elements from a 3 MB file. */
        c->densified_elements += ge_shape_elements(&t->shape);
        if (c->densified_elements > (int64_t)TFL_DENSIFY_BUDGET(c->fb.size))
            return sparse_error(c, i, GLINT_ERROR_LIMIT_EXCEEDED,
                                "DENSIFY outputs would hold more than 16 elements per byte of the file");
        ge_shape shape = {1, {(int32_t)values}};
        const char* name = tfl_tensor_name(c, i);
        if (!name) return gu_errorf(c->err, GLINT_ERROR_OUT_OF_MEMORY, "tflite: out of memory");
        int32_t idx = ge_graph_add_const(c->g, name, t->dtype, &shape, t->data, t->nbytes, c->err);
        if (idx < 0) return (glint_result)idx;
        t->densify = p;
        t->graph_index = idx;
    }
    *out_params = *t->densify;
    *out_index = t->graph_index;
    return GLINT_SUCCESS;
}
