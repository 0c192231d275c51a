/* ge_backend_cpu: kernel selection at load and the per-op call (see ge_backend_cpu.h). */
#include "engine/ge_backend_cpu.h"

#include <stdlib.h>
#include <string.h>

#include "util/gu_error.h"

/* Scratch strides are rounded to whole cache lines so threads never share one. */
#define GE_CPU_SCRATCH_ALIGN 64

const ge_cpu_kernel* ge_cpu_kernel_find(const char* name) {
    for (int32_t i = 0; i < ge_cpu_kernel_count(); i++) {
        const ge_cpu_kernel* k = ge_cpu_kernel_at(i);
        if (strcmp(k->name, name) == 0) return k;
    }
    return NULL;
}

/* An ISA file's code (supports() included) may use its instructions anywhere, so the ISA test
 * must come first, always. */
static bool usable(const ge_cpu_kernel* k, uint32_t isa, const ge_op* op, const ge_view* in, const ge_view* out) {
    return k->op == op->type && (k->isa & ~isa) == 0 && k->supports(op, in, out);
}

/* GLINT_KERNELS=ref: every op on the reference kernels (a debugging and comparison aid). */
static bool reference_only_env(void) {
    const char* e = getenv("GLINT_KERNELS");
    return e && strcmp(e, "ref") == 0;
}

const ge_cpu_kernel* ge_cpu_select(const ge_op* op, const ge_view* in, const ge_view* out) {
    if (reference_only_env()) return NULL;
    const uint32_t isa = ge_isa_available();
    for (int32_t i = 0; i < ge_cpu_kernel_count(); i++) {
        const ge_cpu_kernel* k = ge_cpu_kernel_at(i);
        if (usable(k, isa, op, in, out)) return k;
    }
    return NULL;
}

static size_t round_up(size_t n, size_t a) {
    return (n + a - 1) / a * a;
}

glint_result ge_cpu_plan_init(ge_cpu_plan* plan, const ge_graph* g, gu_allocator* allocator, int32_t threads,
                              ge_cpu_views_fn views, void* views_ctx, glint_error* err) {
    memset(plan, 0, sizeof(*plan));
    plan->allocator = allocator;
    gu_arena_init(&plan->arena, allocator, 256 * 1024);
    plan->num_ops = g->num_ops;
    plan->threads = threads < 1 ? 1 : threads;
    const size_t n = (size_t)(g->num_ops ? g->num_ops : 1);
    plan->kernel = gu_calloc(allocator, n, sizeof(*plan->kernel));
    plan->state = gu_calloc(allocator, n, sizeof(*plan->state));
    if (!plan->kernel || !plan->state) {
        ge_cpu_plan_free(plan);
        return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "cpu backend: out of memory");
    }
    size_t scratch = 0;
    ge_view in[GE_MAX_OP_INPUTS], out[GE_MAX_OP_OUTPUTS];
    for (int32_t o = 0; o < g->num_ops; o++) {
        const ge_op* op = &g->ops[o];
        views(views_ctx, o, in, out);
        const ge_cpu_kernel* k = ge_cpu_select(op, in, out);
        if (!k) continue;
        ge_cpu_prep prep = {&plan->arena, NULL, 0};
        glint_result r = k->prepare(op, in, out, &prep, err);
        if (r < 0) {
            ge_cpu_plan_free(plan);
            return r;
        }
        plan->kernel[o] = k;
        plan->state[o] = prep.state;
        if (prep.scratch_bytes > scratch) scratch = prep.scratch_bytes;
    }
    if (plan->threads > 1) {
        glint_result r = gu_threadpool_create(allocator, plan->threads, &plan->pool, err);
        if (r < 0) {
            ge_cpu_plan_free(plan);
            return r;
        }
        plan->threads = gu_threadpool_threads(plan->pool);
    }
    if (scratch) {
        plan->scratch_stride = round_up(scratch, GE_CPU_SCRATCH_ALIGN);
        plan->scratch =
            gu_malloc_aligned(allocator, plan->scratch_stride * (size_t)plan->threads, GE_CPU_SCRATCH_ALIGN);
        if (!plan->scratch) {
            ge_cpu_plan_free(plan);
            return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "cpu backend: cannot allocate %zu bytes of scratch",
                             plan->scratch_stride * (size_t)plan->threads);
        }
    }
    return GLINT_SUCCESS;
}

void ge_cpu_plan_free(ge_cpu_plan* plan) {
    if (!plan->allocator) return;
    gu_threadpool_destroy(plan->pool);
    gu_free_aligned(plan->allocator, plan->scratch);
    gu_free(plan->allocator, plan->kernel);
    gu_free(plan->allocator, plan->state);
    gu_arena_free(&plan->arena);
    memset(plan, 0, sizeof(*plan));
}

glint_result ge_cpu_plan_run_op(const ge_cpu_plan* plan, int32_t o, const ge_op* op, const ge_view* in, ge_view* out,
                                glint_error* err) {
    const ge_cpu_kernel* k = plan->kernel ? plan->kernel[o] : NULL;
    if (!k) return ge_ref_run_op(op, in, out, err);
    ge_cpu_call call = {op, in, out, plan->state[o], plan->scratch, plan->scratch_stride, plan->pool};
    k->run(&call);
    return GLINT_SUCCESS;
}

glint_result ge_cpu_run_kernel(const ge_cpu_kernel* k, const ge_op* op, const ge_view* in, ge_view* out,
                               int32_t threads, glint_error* err) {
    if (!usable(k, ge_isa_available(), op, in, out))
        return gu_errorf(err, GLINT_ERROR_MODEL_UNSUPPORTED, "cpu backend: %s cannot run this op here", k->name);
    gu_allocator alloc;
    gu_allocator_init(&alloc, NULL);
    gu_arena arena;
    gu_arena_init(&arena, &alloc, 64 * 1024);
    ge_cpu_prep prep = {&arena, NULL, 0};
    gu_threadpool* pool = NULL;
    uint8_t* scratch = NULL;
    glint_result r = k->prepare(op, in, out, &prep, err);
    if (r >= 0 && threads > 1) r = gu_threadpool_create(&alloc, threads, &pool, err);
    const int32_t t = gu_threadpool_threads(pool);
    const size_t stride = round_up(prep.scratch_bytes, GE_CPU_SCRATCH_ALIGN);
    if (r >= 0 && stride) {
        scratch = gu_malloc_aligned(&alloc, stride * (size_t)t, GE_CPU_SCRATCH_ALIGN);
        if (!scratch) r = gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "cpu backend: out of memory");
    }
    if (r >= 0) {
        ge_cpu_call call = {op, in, out, prep.state, scratch, stride, pool};
        k->run(&call);
    }
    gu_free_aligned(&alloc, scratch);
    gu_threadpool_destroy(pool);
    gu_arena_free(&arena);
    return r;
}
