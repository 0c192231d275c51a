#include "engine/ge_exec.h"

#include <string.h>

#include "engine/ge_plan.h"
#include "util/gu_error.h"
#include "util/gu_time.h"

static void make_view(const ge_exec* ex, int32_t t, ge_view* v);

/* ge_cpu_views_fn over the executor's arena. */
static void op_views(void* ctx, int32_t o, ge_view* in, ge_view* out) {
    const ge_exec* ex = ctx;
    const ge_op* op = &ex->graph->ops[o];
    for (int32_t i = 0; i < op->num_inputs; i++) make_view(ex, op->inputs[i], &in[i]);
    for (int32_t i = 0; i < op->num_outputs; i++) make_view(ex, op->outputs[i], &out[i]);
}

glint_result ge_exec_init(ge_exec* ex, const ge_graph* g, gu_allocator* allocator, bool profile, glint_error* err) {
    ge_exec_options opt = {profile, 1, false};
    return ge_exec_init_ex(ex, g, allocator, &opt, err);
}

glint_result ge_exec_init_ex(ge_exec* ex, const ge_graph* g, gu_allocator* allocator, const ge_exec_options* opt,
                             glint_error* err) {
    const bool profile = opt && opt->profile;
    memset(ex, 0, sizeof(*ex));
    ex->threads = opt && opt->threads > 1 ? opt->threads : 1;
    ex->reference_only = opt && opt->reference_only;
    ex->graph = g;
    ex->allocator = allocator;
    ex->arena = gu_malloc_aligned(allocator, g->activation_bytes ? g->activation_bytes : GE_PLAN_ALIGN, GE_PLAN_ALIGN);
    if (!ex->arena)
        return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "exec: cannot allocate the %zu-byte activation arena",
                         g->activation_bytes);
    /* Deterministic contents for never-written padding bytes (and quiet valgrind). */
    memset(ex->arena, 0, g->activation_bytes);
    if (profile) {
        ex->op_ms = gu_calloc(allocator, (size_t)(g->num_ops ? g->num_ops : 1), sizeof(double));
        if (!ex->op_ms) {
            ge_exec_free(ex);
            return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "exec: out of memory");
        }
    }
    if (!ex->reference_only) {
        glint_result r = ge_cpu_plan_init(&ex->cpu, g, allocator, ex->threads, op_views, ex, err);
        if (r < 0) {
            ge_exec_free(ex);
            return r;
        }
    }
    return GLINT_SUCCESS;
}

const char* ge_exec_kernel_name(const ge_exec* ex, int32_t o) {
    if (o < 0 || o >= ex->graph->num_ops || !ex->cpu.kernel || !ex->cpu.kernel[o]) return "ref";
    return ex->cpu.kernel[o]->name;
}

void ge_exec_free(ge_exec* ex) {
    if (!ex->allocator) return;
    ge_cpu_plan_free(&ex->cpu);
    gu_free_aligned(ex->allocator, ex->arena);
    gu_free(ex->allocator, ex->op_ms);
    memset(ex, 0, sizeof(*ex));
}

void* ge_exec_tensor_data(const ge_exec* ex, int32_t t) {
    const ge_tensor* ts = &ex->graph->tensors[t];
    if (ts->data) return (void*)ts->data;
    if (ts->arena_offset < 0) return NULL;
    return ex->arena + ts->arena_offset;
}

static void make_view(const ge_exec* ex, int32_t t, ge_view* v) {
    if (t < 0) {
        memset(v, 0, sizeof(*v));
        return;
    }
    const ge_tensor* ts = &ex->graph->tensors[t];
    v->dtype = ts->dtype;
    v->shape = ts->shape;
    v->data = ge_exec_tensor_data(ex, t);
    v->quant = ts->quant;
}

/* One op with the kernel chosen for it (the Vulkan backend runs the CPU segments of a graph
 * split between GPU and CPU this way). */
glint_result ge_exec_run_op(ge_exec* ex, int32_t o, glint_error* err) {
    const ge_op* op = &ex->graph->ops[o];
    ge_view in[GE_MAX_OP_INPUTS];
    ge_view out[GE_MAX_OP_OUTPUTS];
    for (int32_t i = 0; i < op->num_inputs; i++) make_view(ex, op->inputs[i], &in[i]);
    for (int32_t i = 0; i < op->num_outputs; i++) make_view(ex, op->outputs[i], &out[i]);
    return ge_cpu_plan_run_op(&ex->cpu, o, op, in, out, err);
}

glint_result ge_exec_run(ge_exec* ex, glint_error* err) {
    const ge_graph* g = ex->graph;
    ge_view in[GE_MAX_OP_INPUTS];
    ge_view out[GE_MAX_OP_OUTPUTS];
    for (int32_t o = 0; o < g->num_ops; o++) {
        const ge_op* op = &g->ops[o];
        for (int32_t i = 0; i < op->num_inputs; i++) make_view(ex, op->inputs[i], &in[i]);
        for (int32_t i = 0; i < op->num_outputs; i++) make_view(ex, op->outputs[i], &out[i]);
        int64_t t0 = ex->op_ms ? gu_time_ns() : 0;
        glint_result r = ge_cpu_plan_run_op(&ex->cpu, o, op, in, out, err);
        if (r < 0) return r;
        if (ex->op_ms) ex->op_ms[o] = (double)(gu_time_ns() - t0) * 1e-6;
    }
    return GLINT_SUCCESS;
}
