/*
 * TFLite importer on malformed and hostile input: every case must return a negative
 * glint_result with a message, never crash (this test is also run under ASan/UBSan) and
 * free everything it allocated.
 *
 *  - hand-built models (test_import_tflite_util.h writes them): a valid baseline, then one
 *    defect each: huge / negative dims, offsets and vector lengths past the end, buffer index
 *    out of range, cycles, tensors produced twice, unknown and custom ops, buffers smaller
 *    than their shape, bad options, broken CSR sparsity, ...
 *  - every truncation of the small model, and of a real model at every 1/64th of its size
 *    and at each of its first 256 lengths;
 *  - a few hundred single-bit flips of a real model at fixed-seed random positions.
 */
#include "engine/ge_graph.h"
#include "engine/import/ge_flatbuf.h"
#include "engine/import/ge_import.h"
#include "test_util.h"
#include "unit/test_import_tflite_util.h"

static tfb g_buf;
static tm_layout g_lay;

enum { T_F32 = 0, T_F16 = 1, T_I32 = 2 };
enum { OP_ADD = 0, OP_DEQUANTIZE = 6, OP_MAX_POOL = 17, OP_SOFTMAX = 25, OP_CUSTOM = 32, OP_DENSIFY = 124 };

static const float k_four[4] = {1, 2, 3, 4};

/* x [1,4] + c (constant, buffer 1) -> y */
static tm_model add_model(void) {
    tm_model m;
    memset(&m, 0, sizeof(m));
    m.version = 3;
    m.ncodes = 1;
    m.codes[0] = OP_ADD;
    m.ntensors = 3;
    m.tensors[0] = (tm_tensor){"x", 2, {1, 4}, T_F32, 0, NULL};
    m.tensors[1] = (tm_tensor){"c", 2, {1, 4}, T_F32, 1, NULL};
    m.tensors[2] = (tm_tensor){"y", 2, {1, 4}, T_F32, 0, NULL};
    m.nin = m.nout = 1;
    m.inputs[0] = 0;
    m.outputs[0] = 2;
    m.nops = 1;
    m.ops[0] = (tm_op){0, 2, 1, {0, 1}, {2}, 11, 1, {{0, 1, 0}}}; /* AddOptions, act NONE */
    m.nbuffers = 2;
    m.buffers[1] = (tm_buffer){k_four, 16, 0, 0};
    return m;
}

/* CSR [2,3] F16 weights: rows {col 2}, {cols 0, 1}. */
static const uint8_t k_seg[3] = {0, 1, 3};
static const uint16_t k_idx[3] = {2, 0, 1};
static const uint16_t k_vals[3] = {0x3c00, 0x4000, 0x4200}; /* 1, 2, 3 in fp16 */
static tm_sparsity g_sp;

/* DENSIFY(sparse w) -> DEQUANTIZE -> ADD with the input. */
static tm_model sparse_model(void) {
    tm_model m;
    memset(&m, 0, sizeof(m));
    m.version = 3;
    m.ncodes = 3;
    m.codes[0] = OP_DENSIFY;
    m.codes[1] = OP_DEQUANTIZE;
    m.codes[2] = OP_ADD;
    memset(&g_sp, 0, sizeof(g_sp));
    g_sp.n = 2;
    g_sp.order[0] = 0;
    g_sp.order[1] = 1;
    g_sp.format[0] = 0;
    g_sp.dense_size[0] = 2;
    g_sp.format[1] = 1;
    g_sp.seg_type[1] = 3;
    g_sp.seg[1] = k_seg;
    g_sp.nseg[1] = 3;
    g_sp.idx_type[1] = 2;
    g_sp.idx[1] = k_idx;
    g_sp.nidx[1] = 3;
    m.ntensors = 5;
    m.tensors[0] = (tm_tensor){"x", 2, {2, 3}, T_F32, 0, NULL};
    m.tensors[1] = (tm_tensor){"w_sparse", 2, {2, 3}, T_F16, 1, &g_sp};
    m.tensors[2] = (tm_tensor){"w_f16", 2, {2, 3}, T_F16, 0, NULL};
    m.tensors[3] = (tm_tensor){"w", 2, {2, 3}, T_F32, 0, NULL};
    m.tensors[4] = (tm_tensor){"y", 2, {2, 3}, T_F32, 0, NULL};
    m.nin = m.nout = 1;
    m.inputs[0] = 0;
    m.outputs[0] = 4;
    m.nops = 3;
    m.ops[0] = (tm_op){0, 1, 1, {1}, {2}, 0, 0, {{0}}};
    m.ops[1] = (tm_op){1, 1, 1, {2}, {3}, 0, 0, {{0}}};
    m.ops[2] = (tm_op){2, 2, 1, {0, 3}, {4}, 0, 0, {{0}}};
    m.nbuffers = 2;
    m.buffers[1] = (tm_buffer){k_vals, 6, 0, 0};
    return m;
}

static int g_cases;

/* Imports bytes; checks the expected outcome (0: success, else that exact error code) and message. */
static glint_result run_bytes(const uint8_t* data, size_t size, glint_result want, const char* substr,
                              const char* what, ge_graph* keep) {
    gu_allocator alloc;
    gu_allocator_init(&alloc, NULL);
    ge_graph g;
    ge_graph_init(&g, &alloc);
    glint_error err = {0};
    glint_result r = ge_import_tflite(&g, data, size, &err);
    g_cases++;
    if (want == GLINT_SUCCESS) {
        CHECK_MSG(r == GLINT_SUCCESS, "%s: %s", what, err.message);
    } else if (want < 0) {
        CHECK_MSG(r == want, "%s: got %d (%s), expected %d", what, (int)r, err.message, (int)want);
        CHECK_MSG(err.message[0] != 0, "%s: empty message", what);
        if (substr) CHECK_MSG(strstr(err.message, substr) != NULL, "%s: message '%s' lacks '%s'", what, err.message, substr);
    } else { /* any outcome, but errors need a message */
        CHECK_MSG(r >= 0 || (err.message[0] != 0 && err.code == r), "%s: error %d without a message", what, (int)r);
    }
    if (keep && r == GLINT_SUCCESS) {
        *keep = g; /* caller frees */
        return r;
    }
    ge_graph_free(&g);
    CHECK_MSG(alloc.live_allocations == 0, "%s: %zu allocations leaked", what, alloc.live_allocations);
    return r;
}

static glint_result run_model(const tm_model* m, glint_result want, const char* substr, const char* what) {
    tm_write(&g_buf, m, &g_lay);
    return run_bytes(g_buf.buf, g_buf.len, want, substr, what, NULL);
}

static void test_valid_models(void) {
    tm_model m = add_model();
    gu_allocator alloc;
    gu_allocator_init(&alloc, NULL);
    ge_graph g;
    ge_graph_init(&g, &alloc);
    glint_error err = {0};
    tm_write(&g_buf, &m, &g_lay);
    CHECK_MSG(ge_import_tflite(&g, g_buf.buf, g_buf.len, &err) == GLINT_SUCCESS, "add model: %s", err.message);
    CHECK(g.num_ops == 1 && g.ops[0].type == GE_OP_ADD && g.num_inputs == 1 && g.num_outputs == 1);
    int32_t c = ge_graph_find_tensor(&g, "c");
    CHECK(c >= 0 && g.tensors[c].data && g.tensors[c].nbytes == 16 && memcmp(g.tensors[c].data, k_four, 16) == 0);
    ge_graph_free(&g);

    m = sparse_model();
    ge_graph_init(&g, &alloc);
    tm_write(&g_buf, &m, &g_lay);
    CHECK_MSG(ge_import_tflite(&g, g_buf.buf, g_buf.len, &err) == GLINT_SUCCESS, "sparse model: %s", err.message);
    CHECK(g.num_ops == 3 && g.ops[0].type == GE_OP_DENSIFY && g.ops[1].type == GE_OP_DEQUANTIZE);
    if (g.num_ops == 3) {
        const ge_op* d = &g.ops[0];
        const ge_tensor* in = &g.tensors[d->inputs[0]];
        const ge_densify_params* p = &d->params.densify;
        CHECK(in->dtype == GE_DTYPE_F16 && in->shape.rank == 1 && in->shape.dim[0] == 3 && in->nbytes == 6);
        CHECK(p->num_dims == 2 && p->traversal_order[0] == 0 && p->traversal_order[1] == 1);
        CHECK(p->dim_format[0] == 0 && p->dense_size[0] == 2 && p->dim_format[1] == 1 && p->dense_size[1] == 3);
        CHECK(p->num_segments[1] == 3 && p->segments[1][2] == 3 && p->num_indices[1] == 3);
        CHECK(p->indices[1][0] == 2 && p->indices[1][1] == 0 && p->indices[1][2] == 1);
        CHECK(g.tensors[d->outputs[0]].dtype == GE_DTYPE_F16);
    }
    ge_graph_free(&g);
    CHECK(alloc.live_allocations == 0);

    /* The offset/size buffer form: data placed after the FlatBuffer. */
    m = add_model();
    m.buffers[1] = (tm_buffer){NULL, 0, 2, 16}; /* placeholder offset: same layout as the final one */
    tm_write(&g_buf, &m, &g_lay);
    size_t off = g_buf.len;
    memcpy(g_buf.buf + off, k_four, 16);
    m.buffers[1].ext_offset = off;
    tm_write(&g_buf, &m, &g_lay);
    CHECK(g_buf.len == off);
    memcpy(g_buf.buf + off, k_four, 16);
    run_bytes(g_buf.buf, off + 16, GLINT_SUCCESS, NULL, "external buffer", NULL);
    run_bytes(g_buf.buf, off + 15, GLINT_ERROR_MODEL_FORMAT, "past the end", "external buffer past the end", NULL);
}

static void test_hostile_models(void) {
    tm_model m;

    m = add_model();
    m.tensors[0].dim[1] = 2000000;
    run_model(&m, GLINT_ERROR_LIMIT_EXCEEDED, "dim 1 is 2000000", "dim above GE_MAX_DIM");
    m = add_model();
    m.tensors[1].rank = 4;
    m.tensors[1].dim[0] = 1000000, m.tensors[1].dim[1] = 1000000, m.tensors[1].dim[2] = 1000000;
    m.tensors[1].dim[3] = 1000000;
    run_model(&m, GLINT_ERROR_LIMIT_EXCEEDED, "elements", "element count overflow");
    m = add_model();
    m.tensors[2].dim[1] = -1;
    run_model(&m, GLINT_ERROR_MODEL_FORMAT, "dim 1 is -1", "negative dim");
    m = add_model();
    m.tensors[2].rank = 7;
    run_model(&m, GLINT_ERROR_MODEL_UNSUPPORTED, "rank 7", "rank 7");
    m = add_model();
    m.tensors[1].buffer = 900;
    run_model(&m, GLINT_ERROR_MODEL_FORMAT, "tensor 1 buffer index 900 out of range (2 buffers)", "buffer index");
    m = add_model();
    m.buffers[1].size = 12;
    run_model(&m, GLINT_ERROR_MODEL_FORMAT, "has 12 bytes", "buffer smaller than the shape");
    m = add_model();
    m.buffers[1].size = 3;
    m.tensors[1].type = T_F16; /* 4 x fp16 = 8 bytes needed */
    run_model(&m, GLINT_ERROR_MODEL_FORMAT, "needs 8", "fp16 buffer smaller than the shape");
    m = add_model();
    m.tensors[0].type = 5; /* STRING */
    run_model(&m, GLINT_ERROR_MODEL_UNSUPPORTED, "STRING", "string tensor");
    m = add_model();
    m.version = 2;
    run_model(&m, GLINT_ERROR_MODEL_UNSUPPORTED, "version 2", "schema version");

    /* Ops. */
    m = add_model();
    m.codes[0] = OP_SOFTMAX;
    run_model(&m, GLINT_ERROR_MODEL_UNSUPPORTED, "SOFTMAX (code 25)", "unsupported op");
    m = add_model();
    m.codes[0] = 1000;
    run_model(&m, GLINT_ERROR_MODEL_UNSUPPORTED, "code 1000", "unknown builtin code");
    m = add_model();
    m.codes[0] = -3;
    run_model(&m, GLINT_ERROR_MODEL_FORMAT, "builtin code -3", "negative builtin code");
    m = add_model();
    m.codes[0] = OP_CUSTOM;
    m.custom_name = "MyCustomOp";
    run_model(&m, GLINT_ERROR_MODEL_UNSUPPORTED, "MyCustomOp", "custom op");
    m = add_model();
    m.ops[0].opcode = 7;
    run_model(&m, GLINT_ERROR_MODEL_FORMAT, "opcode_index 7 out of range", "opcode index");
    m = add_model();
    m.ops[0].in[1] = 57;
    run_model(&m, GLINT_ERROR_MODEL_FORMAT, "is tensor 57", "op input out of range");
    m = add_model();
    m.ops[0].in[1] = -1;
    run_model(&m, GLINT_ERROR_MODEL_FORMAT, "required input 1", "absent required input");
    m = add_model();
    m.ops[0].nin = 3;
    m.ops[0].in[2] = 0;
    run_model(&m, GLINT_ERROR_MODEL_FORMAT, "3 inputs", "too many inputs");
    m = add_model();
    m.ops[0].out[0] = 1;
    m.outputs[0] = 1;
    run_model(&m, GLINT_ERROR_MODEL_FORMAT, "constant", "op writes a constant");
    m = add_model();
    m.inputs[0] = 1;
    run_model(&m, GLINT_ERROR_MODEL_FORMAT, "constant", "graph input is a constant");
    m = add_model();
    m.outputs[0] = 12;
    run_model(&m, GLINT_ERROR_MODEL_FORMAT, "outputs 0 is tensor 12", "graph output out of range");
    m = add_model();
    m.ops[0].opt_type = 1; /* Conv2DOptions on an ADD */
    run_model(&m, GLINT_ERROR_MODEL_FORMAT, "union type 1", "wrong options type");
    m = add_model();
    m.ops[0].opt[0].value = 5;
    run_model(&m, GLINT_ERROR_MODEL_UNSUPPORTED, "SIGN_BIT", "SIGN_BIT activation");
    m = add_model();
    m.ops[0].opt[0].value = 9;
    run_model(&m, GLINT_ERROR_MODEL_FORMAT, "fused activation 9", "unknown activation");
    m = add_model();
    m.codes[0] = OP_MAX_POOL;
    m.ops[0] = (tm_op){0, 1, 1, {0}, {2}, 5, 5, {{0, 1, 0}, {1, 4, 0}, {2, 4, 1}, {3, 4, 1}, {4, 4, 1}}};
    m.tensors[0] = (tm_tensor){"x", 4, {1, 4, 4, 1}, T_F32, 0, NULL};
    m.tensors[2] = (tm_tensor){"y", 4, {1, 4, 4, 1}, T_F32, 0, NULL};
    run_model(&m, GLINT_ERROR_MODEL_FORMAT, "stride_w 0", "zero stride");

    /* Structure: cycle and double production (found by ge_graph_analyze). */
    m = add_model();
    m.ntensors = 4;
    m.tensors[3] = (tm_tensor){"z", 2, {1, 4}, T_F32, 0, NULL};
    m.nops = 2;
    m.ops[0] = (tm_op){0, 2, 1, {0, 3}, {2}, 0, 0, {{0}}}; /* reads z, produced by op 1 */
    m.ops[1] = (tm_op){0, 2, 1, {2, 1}, {3}, 0, 0, {{0}}};
    m.outputs[0] = 3;
    run_model(&m, GLINT_ERROR_MODEL_FORMAT, "before", "cycle / read before produced");
    m = add_model();
    m.nops = 2;
    m.ops[1] = m.ops[0];
    run_model(&m, GLINT_ERROR_MODEL_FORMAT, "written by op 0 and op 1", "tensor produced twice");
    m = add_model();
    m.ops[0].in[0] = 2; /* reads its own output */
    run_model(&m, GLINT_ERROR_MODEL_FORMAT, "before", "self loop");
    m = add_model();
    m.nops = 0;
    run_model(&m, GLINT_ERROR_MODEL_FORMAT, "never produced", "output never produced");

    /* Shared constant buffers: at most one file size of extra copies. */
    {
        static float big[1024];
        m = add_model();
        m.buffers[1] = (tm_buffer){big, sizeof(big), 0, 0};
        m.ntensors = 6;
        for (int k = 0; k < 6; k++) m.tensors[k] = (tm_tensor){"t", 2, {1, 1024}, T_F32, 0, NULL};
        m.tensors[1].buffer = m.tensors[3].buffer = m.tensors[5].buffer = 1;
        m.nops = 2;
        m.ops[0] = (tm_op){0, 2, 1, {0, 1}, {2}, 0, 0, {{0}}};
        m.ops[1] = (tm_op){0, 2, 1, {2, 3}, {4}, 0, 0, {{0}}};
        m.outputs[0] = 4;
        run_model(&m, GLINT_SUCCESS, NULL, "two tensors sharing a buffer");
        m.nops = 3;
        m.ops[2] = (tm_op){0, 2, 1, {4, 5}, {2}, 0, 0, {{0}}};
        m.ntensors = 7;
        m.tensors[6] = m.tensors[2];
        m.ops[2].out[0] = 6;
        m.outputs[0] = 6;
        run_model(&m, GLINT_ERROR_LIMIT_EXCEEDED, "sharing", "three tensors sharing a buffer");
    }

    /* Sparsity. */
    uint8_t seg_bad[3] = {0, 2, 1};
    uint16_t idx_bad[3] = {2, 3, 1};
    m = sparse_model();
    g_sp.seg[1] = seg_bad;
    run_model(&m, GLINT_ERROR_MODEL_FORMAT, "segments run from 0 to 1", "CSR segments");
    m = sparse_model();
    seg_bad[1] = 4, seg_bad[2] = 3; /* segment 0 would run past the 3 indices */
    g_sp.seg[1] = seg_bad;
    run_model(&m, GLINT_ERROR_MODEL_FORMAT, "decreases", "CSR segments decreasing");
    m = sparse_model();
    g_sp.idx[1] = idx_bad;
    run_model(&m, GLINT_ERROR_MODEL_FORMAT, "index 1 is 3", "CSR index out of range");
    m = sparse_model();
    idx_bad[1] = 1, idx_bad[2] = 1;
    g_sp.idx[1] = idx_bad;
    run_model(&m, GLINT_ERROR_MODEL_FORMAT, "increasing", "CSR duplicate index");
    m = sparse_model();
    m.buffers[1].size = 4;
    run_model(&m, GLINT_ERROR_MODEL_FORMAT, "3 stored values need 6", "sparse buffer size");
    m = sparse_model();
    g_sp.block_map_len = 1;
    run_model(&m, GLINT_ERROR_MODEL_UNSUPPORTED, "block-sparse", "block sparsity");
    m = sparse_model();
    g_sp.order[1] = 0;
    run_model(&m, GLINT_ERROR_MODEL_FORMAT, "permutation", "traversal order");
    m = sparse_model();
    g_sp.dense_size[0] = 5;
    run_model(&m, GLINT_ERROR_MODEL_FORMAT, "dense_size 5", "dense size");
    m = sparse_model();
    g_sp.seg_type[1] = 4;
    run_model(&m, GLINT_ERROR_MODEL_FORMAT, "index vector type 4", "index vector type");
    m = sparse_model();
    m.ops[2].in[1] = 1; /* the ADD reads the sparse constant directly */
    run_model(&m, GLINT_ERROR_MODEL_UNSUPPORTED, "other than as the input of DENSIFY", "sparse tensor misuse");
    {
        /* 2 bytes of CSR values that would densify to 2 M elements: above the budget for a small file. */
        static uint8_t seg_wide[1025];
        for (int k = 1; k < 1025; k++) seg_wide[k] = 1;
        m = sparse_model();
        for (int k = 0; k < 5; k++) m.tensors[k].dim[0] = 1024, m.tensors[k].dim[1] = 2048;
        g_sp.dense_size[0] = 1024;
        g_sp.seg[1] = seg_wide;
        g_sp.nseg[1] = 1025;
        g_sp.nidx[1] = 1;
        m.buffers[1].size = 2;
        run_model(&m, GLINT_ERROR_LIMIT_EXCEEDED, "per byte", "densify amplification");
    }
    m = sparse_model();
    m.ops[0].in[0] = 0; /* DENSIFY of a dense activation */
    run_model(&m, GLINT_ERROR_MODEL_FORMAT, "not a sparse constant", "DENSIFY of a non-sparse tensor");
}

/* Byte patches of a valid file: offsets and lengths pointing outside. */
static void test_patched_offsets(void) {
    tm_model m = add_model();
    uint8_t copy[sizeof(g_buf.buf)];
    typedef struct patch {
        size_t pos;
        uint32_t value;
        const char* what;
    } patch;
    patch patches[16];
    int n = 0;
    tm_write(&g_buf, &m, &g_lay);
    size_t size = g_buf.len;
    patches[n++] = (patch){0, 0xfffffff0u, "root offset past the end"};
    patches[n++] = (patch){0, (uint32_t)size - 2, "root offset at the last bytes"};
    patches[n++] = (patch){g_lay.root, 0x7fffffffu, "root vtable far before the file"};
    patches[n++] = (patch){g_lay.root, 0x80000000u, "root vtable far after the file"};
    patches[n++] = (patch){g_lay.tensors_vec, 0xffffffffu, "tensors vector length -1"};
    patches[n++] = (patch){g_lay.tensors_vec, 0x80000000u, "tensors vector length 2^31"};
    patches[n++] = (patch){g_lay.tensors_vec, 0x40000000u, "tensors vector length 2^30"};
    patches[n++] = (patch){g_lay.buffers_vec, 0x3fffffffu, "buffers vector length"};
    patches[n++] = (patch){g_lay.operators_vec, 0xfffffffeu, "operators vector length"};
    patches[n++] = (patch){g_lay.shape_vec[0], 0xffffffffu, "shape vector length"};
    patches[n++] = (patch){g_lay.op_inputs_vec[0], 0x7fffffffu, "op inputs length"};
    patches[n++] = (patch){g_lay.tensors_vec + 4, 0xfffffff0u, "tensor 0 offset past the end"};
    patches[n++] = (patch){g_lay.buffers_vec + 8, (uint32_t)size, "buffer 1 offset past the end"};
    for (int k = 0; k < n; k++) {
        memcpy(copy, g_buf.buf, size);
        for (int b = 0; b < 4; b++) copy[patches[k].pos + (size_t)b] = (uint8_t)(patches[k].value >> (8 * b));
        run_bytes(copy, size, GLINT_ERROR_MODEL_FORMAT, NULL, patches[k].what, NULL);
    }
    /* Wrong file identifier; NULL and empty input. */
    memcpy(copy, g_buf.buf, size);
    copy[4] = 'X';
    run_bytes(copy, size, GLINT_ERROR_MODEL_FORMAT, "identifier", "file identifier", NULL);
    run_bytes(copy, 0, GLINT_ERROR_MODEL_FORMAT, "too short", "empty file", NULL);
    {
        gu_allocator alloc;
        gu_allocator_init(&alloc, NULL);
        ge_graph g;
        ge_graph_init(&g, &alloc);
        glint_error err = {0};
        CHECK(ge_import_tflite(&g, NULL, 10, &err) == GLINT_ERROR_INVALID_ARGUMENT && err.message[0]);
        CHECK(ge_import_tflite(NULL, copy, size, &err) == GLINT_ERROR_INVALID_ARGUMENT);
        ge_graph_free(&g);
    }
    /* Every truncation of the small models (the copy keeps ASan's eye on the exact end). */
    const tm_model models[2] = {add_model(), sparse_model()};
    for (int k = 0; k < 2; k++) {
        tm_write(&g_buf, &models[k], &g_lay);
        for (size_t len = 0; len < g_buf.len; len++) {
            uint8_t* t = malloc(len ? len : 1);
            memcpy(t, g_buf.buf, len);
            glint_result r = run_bytes(t, len, 1, NULL, "truncated small model", NULL);
            CHECK_MSG(r < 0, "small model %d truncated to %zu of %zu bytes imported", k, len, g_buf.len);
            free(t);
        }
    }
}

/* Marks the bytes of every Model.buffers[i].data in a valid file; returns the bytes left unmarked. */
static size_t mark_buffer_data(const uint8_t* data, size_t size, uint8_t* is_data) {
    ge_fb fb;
    ge_fb_table model, bt;
    ge_fb_vector buffers, v;
    ge_fb_init(&fb, data, size);
    if (!ge_fb_root(&fb, &model) || ge_fb_vector_field(&fb, &model, 4, 4, &buffers) != GE_FB_PRESENT) return 0;
    for (uint32_t k = 0; k < buffers.len; k++)
        if (ge_fb_vec_table(&fb, &buffers, k, &bt) && ge_fb_vector_field(&fb, &bt, 0, 1, &v) == GE_FB_PRESENT)
            memset(is_data + v.pos, 1, v.len);
    size_t n = 0;
    for (size_t k = 0; k < size; k++) n += !is_data[k];
    return n;
}

/* Truncations and bit flips of a real model. */
static void test_real_model_damage(void) {
    char path[1024];
    snprintf(path, sizeof(path), "%s/models/mediapipe/palm_detection_lite.tflite", test_cache_dir());
    size_t size = 0;
    uint8_t* data = tflt_read_file(path, &size);
    if (!data) {
        bool require = getenv("GLINT_REQUIRE_MODELS") && getenv("GLINT_REQUIRE_MODELS")[0];
        if (require) CHECK_MSG(data != NULL, "%s is missing and GLINT_REQUIRE_MODELS is set", path);
        else printf("skip: %s not found; real-model truncations and bit flips not run\n", path);
        return;
    }
    run_bytes(data, size, GLINT_SUCCESS, NULL, "palm_detection_lite", NULL);

    /* Truncation: each 1/64th and the first 256 lengths, in an exact-size copy. */
    for (int k = 0; k < 64 + 256; k++) {
        size_t len = k < 64 ? size * (size_t)k / 64 : (size_t)(k - 64);
        uint8_t* t = malloc(len ? len : 1);
        memcpy(t, data, len);
        char what[64];
        snprintf(what, sizeof(what), "truncated to %zu bytes", len);
        glint_result r = run_bytes(t, len, 1, NULL, what, NULL);
        CHECK_MSG(r < 0, "%s: imported", what);
        free(t);
    }

    /* Bit flips: a quarter anywhere (mostly weights: must still import, or fail cleanly), the
     * rest in the FlatBuffer structure, i.e. outside every buffer's data. */
    uint8_t* is_data = calloc(size, 1);
    size_t structure = mark_buffer_data(data, size, is_data);
    CHECK(structure > 1000 && structure < size);
    test_rng rng = {0x7f1e5eedULL};
    int ok = 0, failed = 0;
    for (int k = 0; k < 400; k++) {
        size_t pos = (size_t)(test_rng_next(&rng) % size);
        while (k % 4 != 0 && is_data[pos]) pos = (size_t)(test_rng_next(&rng) % size);
        uint8_t bit = (uint8_t)(1u << (test_rng_next(&rng) % 8));
        data[pos] ^= bit;
        char what[64];
        snprintf(what, sizeof(what), "bit flip at %zu", pos);
        glint_result r = run_bytes(data, size, 1, NULL, what, NULL);
        if (r < 0) failed++;
        else ok++;
        data[pos] ^= bit;
    }
    printf("bit flips: %d imported, %d refused (structure: %zu of %zu bytes)\n", ok, failed, structure, size);
    free(is_data);
    free(data);
}

/* With GLINT_WRITE_TFLITE_SEEDS=DIR, writes the two valid small models there and exits: the
 * fuzz stage of tools/test.sh seeds fuzz_tflite with them (they are made here, not committed). */
static void write_seeds(const char* dir) {
    const tm_model models[2] = {add_model(), sparse_model()};
    const char* names[2] = {"add_const.tflite", "densify_csr.tflite"};
    for (int k = 0; k < 2; k++) {
        char path[1024];
        snprintf(path, sizeof(path), "%s/%s", dir, names[k]);
        tm_write(&g_buf, &models[k], &g_lay);
        FILE* f = fopen(path, "wb");
        CHECK_MSG(f && fwrite(g_buf.buf, 1, g_buf.len, f) == g_buf.len, "writing %s", path);
        if (f) fclose(f);
    }
}

int main(void) {
    const char* seeds = getenv("GLINT_WRITE_TFLITE_SEEDS");
    if (seeds && seeds[0]) {
        write_seeds(seeds);
        return test_finish();
    }
    test_valid_models();
    test_hostile_models();
    test_patched_offsets();
    test_real_model_damage();
    printf("%d import cases\n", g_cases);
    return test_finish();
}
