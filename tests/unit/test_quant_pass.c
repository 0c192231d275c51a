/*
 * The int8 and fp16 rewrite passes (ge_quant.h) on a small network with every op family:
 *  - structure: one QUANTIZE at the input, int8 ops where the policy says, DEQUANTIZE at the
 *    borders, graph inputs and outputs unchanged in name, dtype and shape;
 *  - accuracy: every output of the int8 graph against the fp32 graph on held-out inputs (SQNR);
 *  - options: layers kept in fp32, quantized output ops (int8 LOGISTIC with its table), and a
 *    rewrite that keeps everything in fp32 reproduces the float outputs exactly;
 *  - fp16: F16 weights behind DEQUANTIZE, folded at load, outputs within fp16 rounding;
 *  - cross-layer equalization: the right pair is rescaled and the function is unchanged.
 */
#include "engine/calib/ge_calib.h"
#include "engine/ge_quant.h"
#include "test_quant_util.h"

static gu_allocator g_alloc;

static void calibrate(const ge_graph* g, ge_tensor_range* ranges) {
    ge_calib c;
    glint_error err = {0};
    CHECK(ge_calib_init(&c, g, &g_alloc, &err) == GLINT_SUCCESS);
    test_rng rng = {99};
    float x[TQ_INPUT_ELEMS];
    for (int s = 0; s < 24; s++) {
        tq_rand_input(&rng, x, TQ_INPUT_ELEMS);
        const void* in = x;
        CHECK(ge_calib_add_sample(&c, &in, &err) == GLINT_SUCCESS);
    }
    CHECK_MSG(ge_calib_compute(&c, GE_OBSERVER_MINMAX, ranges, NULL, NULL, &err) == GLINT_SUCCESS, "%s", err.message);
    ge_calib_free(&c);
}

static int count_ops(const ge_graph* g, ge_op_type t, ge_dtype in_dtype) {
    int n = 0;
    for (int32_t o = 0; o < g->num_ops; o++)
        if (g->ops[o].type == t &&
            (in_dtype == GE_DTYPE_UNKNOWN || g->tensors[g->ops[o].inputs[0]].dtype == in_dtype))
            n++;
    return n;
}

/* Worst SQNR over outputs of q against f on held-out inputs. */
static double compare(ge_graph* f, ge_graph* q, double* per_output) {
    tq_runner rf, rq;
    glint_error err = {0};
    CHECK(tq_runner_init(&rf, f, &g_alloc, &err) == GLINT_SUCCESS);
    CHECK_MSG(tq_runner_init(&rq, q, &g_alloc, &err) == GLINT_SUCCESS, "%s", err.message);
    double worst = 1e9;
    test_rng rng = {1234};
    float x[TQ_INPUT_ELEMS];
    double sum[8] = {0};
    for (int s = 0; s < 8; s++) {
        tq_rand_input(&rng, x, TQ_INPUT_ELEMS);
        CHECK(tq_run(&rf, x, &err) == GLINT_SUCCESS);
        CHECK_MSG(tq_run(&rq, x, &err) == GLINT_SUCCESS, "%s", err.message);
        for (int k = 0; k < f->num_outputs; k++) {
            int64_t n, m;
            const float* a = tq_output(&rf, k, &n);
            const float* b = tq_output(&rq, k, &m);
            CHECK(n == m);
            double db = tq_sqnr(a, b, n);
            sum[k] += db / 8;
            if (db < worst) worst = db;
        }
    }
    if (per_output)
        for (int k = 0; k < f->num_outputs; k++) per_output[k] = sum[k];
    ge_exec_free(&rf.ex);
    ge_exec_free(&rq.ex);
    return worst;
}

static void test_int8_default(void) {
    glint_error err = {0};
    ge_graph f, q;
    ge_graph_init(&f, &g_alloc);
    ge_graph_init(&q, &g_alloc);
    CHECK_MSG(tq_build_net(&f, 5, &err) == GLINT_SUCCESS, "%s", err.message);
    ge_tensor_range* ranges = calloc((size_t)f.num_tensors, sizeof(*ranges));
    calibrate(&f, ranges);
    CHECK(ranges[f.inputs[0]].seen && ranges[f.inputs[0]].min >= 0.0f && ranges[f.inputs[0]].max <= 1.0f);
    ge_quant_options opt = {ranges, NULL, false};
    ge_quant_stats st;
    CHECK_MSG(ge_quant_int8(&f, &opt, &q, &st, &err) == GLINT_SUCCESS, "%s", err.message);
    /* conv1, dw1, pw1, add1, pool1, prelu1, mean1, flatten, up1, cat1 are int8; fc1, sigmoid, head
     * produce outputs and stay fp32 */
    CHECK_MSG(st.int8_ops == 10 && st.fp32_ops == 3, "int8 %d fp32 %d", st.int8_ops, st.fp32_ops);
    CHECK(st.quantize_ops == 1 && count_ops(&q, GE_OP_QUANTIZE, GE_DTYPE_F32) == 1);
    CHECK_MSG(st.dequantize_ops == 2, "%d dequantize", st.dequantize_ops); /* flat -> fc1, cat -> head */
    CHECK(count_ops(&q, GE_OP_CONV2D, GE_DTYPE_I8) == 2 && count_ops(&q, GE_OP_CONV2D, GE_DTYPE_F32) == 1);
    CHECK(count_ops(&q, GE_OP_DEPTHWISE_CONV2D, GE_DTYPE_I8) == 1);
    CHECK(count_ops(&q, GE_OP_PRELU, GE_DTYPE_I8) == 1 && count_ops(&q, GE_OP_CONCAT, GE_DTYPE_I8) == 1);
    CHECK(q.num_inputs == 1 && q.num_outputs == 3);
    for (int k = 0; k < 3; k++) {
        const ge_tensor* a = &f.tensors[f.outputs[k]];
        const ge_tensor* b = &q.tensors[q.outputs[k]];
        CHECK(strcmp(a->name, b->name) == 0 && b->dtype == GE_DTYPE_F32 && ge_shape_equal(&a->shape, &b->shape));
    }
    CHECK(strcmp(q.tensors[q.inputs[0]].name, "input") == 0);
    /* weights: int8 per channel with zero points 0, bias int32 */
    for (int32_t o = 0; o < q.num_ops; o++) {
        const ge_op* op = &q.ops[o];
        if (op->type != GE_OP_CONV2D || q.tensors[op->inputs[0]].dtype != GE_DTYPE_I8) continue;
        const ge_tensor* w = &q.tensors[op->inputs[1]];
        CHECK(w->dtype == GE_DTYPE_I8 && w->quant && w->quant->count == w->shape.dim[0] && w->quant->axis == 0);
        for (int32_t c = 0; c < w->quant->count; c++) CHECK(w->quant->zero_point[c] == 0);
        CHECK(q.tensors[op->inputs[2]].dtype == GE_DTYPE_I32);
    }
    double per[3];
    double worst = compare(&f, &q, per);
    printf("int8 SQNR: logits %.1f dB, probs %.1f dB, heat %.1f dB\n", per[0], per[1], per[2]);
    CHECK_MSG(worst > 25.0, "worst output SQNR %.1f dB", worst);
    ge_graph_free(&q);

    /* every heavy op kept: nothing becomes int8 (cheap ops never start an int8 region), and the
     * rewrite is the identity on values */
    bool* keep = calloc((size_t)f.num_ops, 1);
    for (int32_t o = 0; o < f.num_ops; o++) keep[o] = true;
    opt.keep_fp32 = keep;
    ge_graph_init(&q, &g_alloc);
    CHECK(ge_quant_int8(&f, &opt, &q, &st, &err) == GLINT_SUCCESS);
    CHECK(st.int8_ops == 0 && st.quantize_ops == 0 && st.dequantize_ops == 0);
    CHECK(compare(&f, &q, NULL) >= 200.0);
    ge_graph_free(&q);

    /* quantize the output ops too: int8 LOGISTIC with a 256-entry table, outputs still f32 */
    opt.keep_fp32 = NULL;
    opt.quantize_output_ops = true;
    ge_graph_init(&q, &g_alloc);
    CHECK_MSG(ge_quant_int8(&f, &opt, &q, &st, &err) == GLINT_SUCCESS, "%s", err.message);
    CHECK_MSG(st.int8_ops == 13 && st.fp32_ops == 0, "int8 %d fp32 %d", st.int8_ops, st.fp32_ops);
    CHECK(count_ops(&q, GE_OP_LOGISTIC, GE_DTYPE_I8) == 1);
    for (int k = 0; k < 3; k++) {
        CHECK(strcmp(f.tensors[f.outputs[k]].name, q.tensors[q.outputs[k]].name) == 0);
        CHECK(q.tensors[q.outputs[k]].dtype == GE_DTYPE_F32);
    }
    worst = compare(&f, &q, per);
    printf("int8 with int8 heads: logits %.1f dB, probs %.1f dB, heat %.1f dB\n", per[0], per[1], per[2]);
    CHECK_MSG(worst > 20.0, "worst output SQNR %.1f dB", worst);
    ge_graph_free(&q);
    free(keep);
    free(ranges);
    ge_graph_free(&f);
}

static void test_fp16(void) {
    glint_error err = {0};
    ge_graph f, h;
    ge_graph_init(&f, &g_alloc);
    ge_graph_init(&h, &g_alloc);
    CHECK(tq_build_net(&f, 6, &err) == GLINT_SUCCESS);
    ge_quant_stats st;
    CHECK_MSG(ge_quant_fp16(&f, &h, &st, &err) == GLINT_SUCCESS, "%s", err.message);
    CHECK(st.dequantize_ops == 5); /* w1, wd, w2, wf, wh */
    int f16 = 0;
    for (int32_t t = 0; t < h.num_tensors; t++) f16 += h.tensors[t].data && h.tensors[t].dtype == GE_DTYPE_F16;
    CHECK(f16 == 5);
    /* loading folds the DEQUANTIZEs back into f32 weights */
    CHECK(ge_passes_run_default(&h, &err) == GLINT_SUCCESS);
    CHECK(count_ops(&h, GE_OP_DEQUANTIZE, GE_DTYPE_UNKNOWN) == 0);
    double worst = compare(&f, &h, NULL);
    CHECK_MSG(worst > 50.0, "fp16 worst SQNR %.1f dB", worst);
    ge_graph_free(&h);
    ge_graph_free(&f);
}

/* Cross-layer equalization keeps the function: one pair (dw1 -> pw1) in the test network. */
static void test_equalize(void) {
    glint_error err = {0};
    ge_graph f, e;
    ge_graph_init(&f, &g_alloc);
    ge_graph_init(&e, &g_alloc);
    CHECK(tq_build_net(&f, 9, &err) == GLINT_SUCCESS);
    ge_calib c;
    CHECK(ge_calib_init(&c, &f, &g_alloc, &err) == GLINT_SUCCESS);
    test_rng rng = {3};
    float x[TQ_INPUT_ELEMS];
    for (int s = 0; s < 8; s++) {
        tq_rand_input(&rng, x, TQ_INPUT_ELEMS);
        const void* in = x;
        ge_calib_add_sample(&c, &in, &err);
    }
    ge_tensor_range* ranges = calloc((size_t)f.num_tensors, sizeof(*ranges));
    CHECK(ge_calib_compute(&c, GE_OBSERVER_MINMAX, ranges, NULL, NULL, &err) == GLINT_SUCCESS);
    const int32_t d1 = ge_graph_find_tensor(&f, "d1");
    CHECK(d1 >= 0 && c.channel_absmax[d1] != NULL);
    float seen = 0;
    for (int k = 0; k < 8; k++) seen = c.channel_absmax[d1][k] > seen ? c.channel_absmax[d1][k] : seen;
    CHECK(seen > 0.0f && seen <= 6.0f && fabsf(seen - ranges[d1].max) < 1e-6f);
    int32_t pairs = 0;
    CHECK(ge_quant_equalize(&f, (const float* const*)c.channel_absmax, 0.5f, &e, &pairs, &err) == GLINT_SUCCESS);
    CHECK_MSG(pairs == 1, "%d pairs", pairs);
    const int32_t wd = ge_graph_find_tensor(&e, "wd"), wd0 = ge_graph_find_tensor(&f, "wd");
    CHECK(wd >= 0 && memcmp(e.tensors[wd].data, f.tensors[wd0].data, f.tensors[wd0].nbytes) != 0);
    CHECK(compare(&f, &e, NULL) > 100.0);
    free(ranges);
    ge_calib_free(&c);
    ge_graph_free(&e);
    ge_graph_free(&f);
}

static void test_clone(void) {
    glint_error err = {0};
    ge_graph f, c;
    ge_graph_init(&f, &g_alloc);
    ge_graph_init(&c, &g_alloc);
    CHECK(tq_build_net(&f, 7, &err) == GLINT_SUCCESS);
    CHECK(ge_graph_clone(&f, &c, &err) == GLINT_SUCCESS);
    CHECK(c.num_ops == f.num_ops && c.num_inputs == 1 && c.num_outputs == 3);
    CHECK(compare(&f, &c, NULL) >= 200.0);
    ge_graph_free(&c);
    ge_graph_free(&f);
}

int main(void) {
    gu_allocator_init(&g_alloc, NULL);
    test_int8_default();
    test_fp16();
    test_equalize();
    test_clone();
    CHECK_MSG(g_alloc.live_allocations == 0, "%zu allocations leaked", g_alloc.live_allocations);
    return test_finish();
}
