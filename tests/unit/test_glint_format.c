/*
 * The .glint file (format/ge_glint_format.h):
 *  - round trip of an int8 and an fp16 graph: every tensor (name, dtype, shape, quant, data),
 *    op (type, name, indices, params) and the graph inputs/outputs come back identical, and the
 *    read graph computes bit-identical outputs;
 *  - glint_model_load detects the format (from memory and from a file), recognises the source
 *    model by the stored hash, and runs it;
 *  - refusals with clear messages: wrong magic, other version, payload corrupted (sha256),
 *    truncated, and structurally bad payloads whose sha256 was recomputed (bad dtype, index,
 *    string table, quant record, param words), plus random bit flips that must never crash.
 * With GLINT_WRITE_GLINT_SEEDS=DIR the two small files are written there (fuzz seeds:
 * fuzz/corpus/fuzz_glint_format/).
 */
#include "engine/calib/ge_calib.h"
#include "engine/format/ge_glint_format.h"
#include "engine/ge_quant.h"
#include "glint/glint_model.h"
#include "test_quant_util.h"
#include "util/gu_sha256.h"

static gu_allocator g_alloc;

static void make_int8(ge_graph* f, ge_graph* q) {
    glint_error err = {0};
    ge_graph_init(f, &g_alloc);
    ge_graph_init(q, &g_alloc);
    CHECK(tq_build_net(f, 11, &err) == GLINT_SUCCESS);
    ge_calib c;
    CHECK(ge_calib_init(&c, f, &g_alloc, &err) == GLINT_SUCCESS);
    test_rng rng = {5};
    float x[TQ_INPUT_ELEMS];
    for (int s = 0; s < 8; s++) {
        tq_rand_input(&rng, x, TQ_INPUT_ELEMS);
        const void* in = x;
        ge_calib_add_sample(&c, &in, &err);
    }
    ge_tensor_range* ranges = calloc((size_t)f->num_tensors, sizeof(*ranges));
    CHECK(ge_calib_compute(&c, GE_OBSERVER_MINMAX, ranges, NULL, NULL, &err) == GLINT_SUCCESS);
    ge_quant_options opt = {ranges, NULL, true};
    CHECK_MSG(ge_quant_int8(f, &opt, q, NULL, &err) == GLINT_SUCCESS, "%s", err.message);
    free(ranges);
    ge_calib_free(&c);
}

static bool same_quant(const ge_quant* a, const ge_quant* b) {
    if (!a || !b) return a == b;
    if (a->count != b->count || (a->count > 1 && a->axis != b->axis)) return false;
    return memcmp(a->scale, b->scale, (size_t)a->count * 4) == 0 &&
           memcmp(a->zero_point, b->zero_point, (size_t)a->count * 4) == 0;
}

static void check_same_graph(const ge_graph* a, const ge_graph* b) {
    CHECK(a->num_tensors == b->num_tensors && a->num_ops == b->num_ops);
    CHECK(a->num_inputs == b->num_inputs && a->num_outputs == b->num_outputs);
    if (a->num_tensors != b->num_tensors || a->num_ops != b->num_ops) return;
    int bad = 0;
    for (int32_t t = 0; t < a->num_tensors; t++) {
        const ge_tensor* x = &a->tensors[t];
        const ge_tensor* y = &b->tensors[t];
        bad += strcmp(x->name, y->name) != 0 || x->dtype != y->dtype || !ge_shape_equal(&x->shape, &y->shape) ||
               !same_quant(x->quant, y->quant) || !x->data != !y->data ||
               (x->data && (x->nbytes != y->nbytes || memcmp(x->data, y->data, x->nbytes) != 0));
    }
    CHECK_MSG(bad == 0, "%d tensors differ", bad);
    bad = 0;
    for (int32_t o = 0; o < a->num_ops; o++) {
        const ge_op* x = &a->ops[o];
        const ge_op* y = &b->ops[o];
        int32_t wx[GE_GLINT_MAX_PARAMS], wy[GE_GLINT_MAX_PARAMS];
        int32_t nx = ge_glint_params_encode(x, wx, NULL), ny = ge_glint_params_encode(y, wy, NULL);
        bad += x->type != y->type || strcmp(x->name, y->name) != 0 || x->num_inputs != y->num_inputs ||
               x->num_outputs != y->num_outputs || nx != ny || memcmp(wx, wy, (size_t)nx * 4) != 0 ||
               memcmp(x->inputs, y->inputs, (size_t)x->num_inputs * 4) != 0 ||
               memcmp(x->outputs, y->outputs, (size_t)x->num_outputs * 4) != 0;
    }
    CHECK_MSG(bad == 0, "%d ops differ", bad);
    for (int32_t i = 0; i < a->num_outputs; i++) CHECK(a->outputs[i] == b->outputs[i]);
    for (int32_t i = 0; i < a->num_inputs; i++) CHECK(a->inputs[i] == b->inputs[i]);
}

/* Both graphs on the same inputs: outputs bit-identical. */
static void check_same_outputs(ge_graph* a, ge_graph* b) {
    tq_runner ra, rb;
    glint_error err = {0};
    CHECK(tq_runner_init(&ra, a, &g_alloc, &err) == GLINT_SUCCESS);
    CHECK_MSG(tq_runner_init(&rb, b, &g_alloc, &err) == GLINT_SUCCESS, "%s", err.message);
    test_rng rng = {8};
    float x[TQ_INPUT_ELEMS];
    for (int s = 0; s < 3; s++) {
        tq_rand_input(&rng, x, TQ_INPUT_ELEMS);
        CHECK(tq_run(&ra, x, &err) == GLINT_SUCCESS && tq_run(&rb, x, &err) == GLINT_SUCCESS);
        for (int k = 0; k < a->num_outputs; k++) {
            int64_t n, m;
            const float* pa = tq_output(&ra, k, &n);
            const float* pb = tq_output(&rb, k, &m);
            CHECK(n == m && memcmp(pa, pb, (size_t)n * 4) == 0);
        }
    }
    ge_exec_free(&ra.ex);
    ge_exec_free(&rb.ex);
}

static void resign(uint8_t* file, size_t size) {
    gu_sha256_bytes(file + GE_GLINT_HEADER_BYTES, size - GE_GLINT_HEADER_BYTES, file + 24);
}

static glint_result read_bytes(const uint8_t* data, size_t size, glint_error* err) {
    ge_graph g;
    ge_graph_init(&g, &g_alloc);
    glint_result r = ge_glint_read(&g, data, size, NULL, err);
    if (r >= 0) r = ge_passes_run_default(&g, err);
    ge_graph_free(&g);
    return r;
}

static void expect_error(const char* what, const uint8_t* data, size_t size, glint_result code, const char* text) {
    glint_error err = {0};
    glint_result r = read_bytes(data, size, &err);
    CHECK_MSG(r == code, "%s: got %d (%s), want %d", what, (int)r, err.message, (int)code);
    CHECK_MSG(strstr(err.message, text) != NULL, "%s: message '%s' lacks '%s'", what, err.message, text);
}

static uint32_t rd32(const uint8_t* p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static void wr32(uint8_t* p, uint32_t v) {
    p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16), p[3] = (uint8_t)(v >> 24);
}

static void test_refusals(const uint8_t* file, size_t size) {
    uint8_t* b = malloc(size);
    memcpy(b, file, size);
    b[0] = 'X';
    expect_error("magic", b, size, GLINT_ERROR_MODEL_FORMAT, "wrong magic");
    memcpy(b, file, size);
    wr32(b + 8, 7);
    expect_error("version", b, size, GLINT_ERROR_MODEL_UNSUPPORTED, "format version 7");
    memcpy(b, file, size);
    b[size - 1] ^= 0x40;
    expect_error("payload flip", b, size, GLINT_ERROR_CHECKSUM, "sha256");
    memcpy(b, file, size);
    expect_error("truncated", b, size - 64, GLINT_ERROR_MODEL_FORMAT, "truncated or padded");
    expect_error("header only", b, 40, GLINT_ERROR_MODEL_FORMAT, "wrong magic");

    /* structure, with a valid sha256 */
    const size_t P = GE_GLINT_HEADER_BYTES;
    const uint32_t strings = rd32(file + P + 100), quants = rd32(file + P + 104);
    size_t at = P + 124 + strings; /* first quant record */
    const size_t first_quant = at;
    for (uint32_t k = 0; k < quants; k++) at += 8 + 8 * (size_t)rd32(file + at + 4);
    const size_t tensor0 = at;
    memcpy(b, file, size);
    wr32(b + tensor0 + 4, 99); /* dtype of tensor 0 */
    resign(b, size);
    expect_error("dtype", b, size, GLINT_ERROR_MODEL_FORMAT, "bad name, dtype");
    memcpy(b, file, size);
    b[P + 124 + strings - 1] = 'x'; /* last byte of the string table */
    resign(b, size);
    expect_error("strings", b, size, GLINT_ERROR_MODEL_FORMAT, "NUL-terminated");
    memcpy(b, file, size);
    wr32(b + first_quant + 4, 1000000); /* channel count */
    resign(b, size);
    expect_error("quant count", b, size, GLINT_ERROR_MODEL_FORMAT, "quant record 0");
    memcpy(b, file, size);
    wr32(b + first_quant + 8, 0xBF800000u); /* scale -1 */
    resign(b, size);
    expect_error("quant scale", b, size, GLINT_ERROR_MODEL_FORMAT, "positive finite");
    /* the first op: after all tensor records */
    const uint32_t nt = rd32(file + P + 108);
    const size_t op0 = tensor0 + (size_t)nt * (12 + 4 * GE_MAX_RANK + 4 + 16);
    memcpy(b, file, size);
    wr32(b + op0 + 20, 5000000); /* input 0 of op 0 */
    resign(b, size);
    expect_error("op input", b, size, GLINT_ERROR_MODEL_FORMAT, "input 0 is tensor");
    memcpy(b, file, size);
    wr32(b + op0 + 16, 3); /* param word count of op 0 (a conv: 13) */
    resign(b, size);
    expect_error("params", b, size, GLINT_ERROR_MODEL_FORMAT, "parameter words");
    memcpy(b, file, size);
    wr32(b + op0, 0); /* type NONE */
    resign(b, size);
    expect_error("op type", b, size, GLINT_ERROR_MODEL_FORMAT, "bad type");

    /* random bit flips in the records (re-signed): any outcome but a crash, errors say why */
    test_rng rng = {2024};
    const size_t records_end = op0 + 4096 < size ? op0 + 4096 : size;
    int failures = 0, silent = 0;
    for (int i = 0; i < 1500; i++) {
        memcpy(b, file, size);
        for (int k = 0; k < 3; k++) {
            size_t pos = P + (size_t)(test_rng_next(&rng) % (records_end - P));
            b[pos] ^= (uint8_t)(1u << (test_rng_next(&rng) % 8));
        }
        resign(b, size);
        glint_error err = {0};
        glint_result r = read_bytes(b, size, &err);
        if (r < 0) {
            failures++;
            silent += err.message[0] == 0;
        }
    }
    CHECK(failures > 0 && silent == 0);
    free(b);
}

static void test_round_trip(void) {
    ge_graph f, q;
    make_int8(&f, &q);
    glint_error err = {0};
    ge_glint_meta meta = {{0}, GE_GLINT_INT8, "int8 test"};
    for (int i = 0; i < 32; i++) meta.source_sha256[i] = (uint8_t)i;
    void* data = NULL;
    size_t size = 0;
    CHECK_MSG(ge_glint_write(&q, &meta, &g_alloc, &data, &size, &err) == GLINT_SUCCESS, "%s", err.message);
    CHECK(ge_glint_detect(data, size));
    CHECK(size % 64 == 0);
    ge_graph r;
    ge_graph_init(&r, &g_alloc);
    ge_glint_meta got;
    CHECK_MSG(ge_glint_read(&r, data, size, &got, &err) == GLINT_SUCCESS, "%s", err.message);
    CHECK(got.precision == GE_GLINT_INT8 && strcmp(got.description, "int8 test") == 0);
    CHECK(memcmp(got.source_sha256, meta.source_sha256, 32) == 0);
    check_same_graph(&q, &r);
    CHECK(ge_passes_run_default(&r, &err) == GLINT_SUCCESS);
    check_same_outputs(&q, &r);

    /* through the public API, from memory */
    glint_model_desc desc = {0};
    desc.data = data;
    desc.size = size;
    glint_model* m = NULL;
    CHECK_MSG(glint_model_load(&desc, &m, &err) == GLINT_SUCCESS, "%s", err.message);
    if (m) {
        CHECK(glint_model_input_count(m) == 1 && glint_model_output_count(m) == 3);
        glint_tensor_info info;
        CHECK(glint_model_output_info(m, 2, &info) == GLINT_SUCCESS && strcmp(info.name, "heat") == 0);
        test_rng rng = {8};
        float x[TQ_INPUT_ELEMS];
        tq_rand_input(&rng, x, TQ_INPUT_ELEMS);
        CHECK(glint_model_set_input(m, 0, x, sizeof(x)) == GLINT_SUCCESS);
        CHECK(glint_model_run(m, &err) == GLINT_SUCCESS);
        tq_runner rq;
        CHECK(tq_runner_init(&rq, &q, &g_alloc, &err) == GLINT_SUCCESS);
        CHECK(tq_run(&rq, x, &err) == GLINT_SUCCESS);
        for (int k = 0; k < 3; k++) {
            const void* o;
            size_t bytes;
            int64_t n;
            const float* want = tq_output(&rq, k, &n);
            CHECK(glint_model_output(m, k, &o, &bytes) == GLINT_SUCCESS && bytes == (size_t)n * 4);
            CHECK(memcmp(o, want, bytes) == 0);
        }
        ge_exec_free(&rq.ex);
        glint_model_destroy(m);
    }
    /* from a file */
    char path[256];
    snprintf(path, sizeof(path), "test_glint_format.tmp.glint");
    CHECK(ge_glint_write_file(path, &q, &meta, &g_alloc, &err) == GLINT_SUCCESS);
    desc.data = NULL;
    desc.size = 0;
    desc.path = path;
    CHECK_MSG(glint_model_load(&desc, &m, &err) == GLINT_SUCCESS, "%s", err.message);
    glint_model_destroy(m);
    remove(path);

    test_refusals(data, size);

    const char* seeds = getenv("GLINT_WRITE_GLINT_SEEDS");
    if (seeds) {
        snprintf(path, sizeof(path), "%s/int8_net.glint", seeds);
        CHECK(ge_glint_write_file(path, &q, &meta, &g_alloc, &err) == GLINT_SUCCESS);
    }

    /* fp16 */
    ge_graph h, hr;
    ge_graph_init(&h, &g_alloc);
    ge_graph_init(&hr, &g_alloc);
    CHECK(ge_quant_fp16(&f, &h, NULL, &err) == GLINT_SUCCESS);
    void* hdata = NULL;
    size_t hsize = 0;
    meta.precision = GE_GLINT_FP16;
    CHECK(ge_glint_write(&h, &meta, &g_alloc, &hdata, &hsize, &err) == GLINT_SUCCESS);
    CHECK_MSG(ge_glint_read(&hr, hdata, hsize, NULL, &err) == GLINT_SUCCESS, "%s", err.message);
    check_same_graph(&h, &hr);
    CHECK(ge_passes_run_default(&h, &err) == GLINT_SUCCESS && ge_passes_run_default(&hr, &err) == GLINT_SUCCESS);
    check_same_outputs(&h, &hr);
    if (seeds) {
        snprintf(path, sizeof(path), "%s/fp16_net.glint", seeds);
        CHECK(ge_glint_write_file(path, &h, &meta, &g_alloc, &err) == GLINT_SUCCESS);
    }
    void* fdata = NULL;
    size_t fsize = 0;
    meta.precision = GE_GLINT_FP32;
    CHECK(ge_glint_write(&f, &meta, &g_alloc, &fdata, &fsize, &err) == GLINT_SUCCESS);
    printf("tiny net: fp32 %zu bytes, fp16 %zu bytes, int8 %zu bytes\n", fsize, hsize, size);
    gu_free_aligned(&g_alloc, fdata);
    gu_free_aligned(&g_alloc, hdata);
    gu_free_aligned(&g_alloc, data);
    ge_graph_free(&h);
    ge_graph_free(&hr);
    ge_graph_free(&r);
    ge_graph_free(&q);
    ge_graph_free(&f);
}

int main(void) {
    gu_allocator_init(&g_alloc, NULL);
    test_round_trip();
    CHECK_MSG(g_alloc.live_allocations == 0, "%zu allocations leaked", g_alloc.live_allocations);
    return test_finish();
}
