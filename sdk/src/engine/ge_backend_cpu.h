/*
 * ge_backend_cpu: the fast CPU kernels and how one is chosen for each op.
 *
 * Every optimised kernel is described by a ge_cpu_kernel: the op it implements, the ISA
 * extensions it needs (ge_isa.h), a shape/dtype check, a load-time prepare step (pack the
 * weights into the layout its microkernel reads, report the scratch it needs) and run.
 * ge_cpu_select() walks the table in preference order (widest ISA first) and returns the
 * first kernel whose ISA this machine has and whose constraints the op meets; NULL means
 * "use the reference kernel" (ge_ref_run_op), which covers every op.
 *
 * Packed weights live in a gu_arena owned by the plan; scratch (im2col tiles, partial
 * tiles) is one buffer per thread sized at load. run() allocates nothing.
 */
#ifndef GE_BACKEND_CPU_H
#define GE_BACKEND_CPU_H

#include "engine/ge_isa.h"
#include "engine/ge_kernels.h"
#include "util/gu_threadpool.h"

/* What prepare() may use and fill. */
typedef struct ge_cpu_prep {
    gu_arena* arena;        /* for packed weights and per-op state (64-byte aligned, zeroed) */
    void* state;            /* out: handed to run() */
    size_t scratch_bytes;   /* out: per thread */
} ge_cpu_prep;

/* One call of a prepared kernel. */
typedef struct ge_cpu_call {
    const ge_op* op;
    const ge_view* in;
    const ge_view* out;
    const void* state;
    uint8_t* scratch;        /* threads x scratch_stride bytes */
    size_t scratch_stride;
    gu_threadpool* pool;     /* NULL: the caller's thread only */
} ge_cpu_call;

static inline void* ge_cpu_scratch(const ge_cpu_call* c, int32_t thread) {
    return c->scratch + (size_t)thread * c->scratch_stride;
}

typedef struct ge_cpu_kernel {
    const char* name;  /* ge_<dtype>_<op>[_<variant>]_<isa>, e.g. ge_f32_conv1x1_avx512 */
    ge_op_type op;
    uint32_t isa;      /* ge_isa_bit set the kernel needs (0: portable C) */
    bool (*supports)(const ge_op* op, const ge_view* in, const ge_view* out);
    glint_result (*prepare)(const ge_op* op, const ge_view* in, const ge_view* out, ge_cpu_prep* prep,
                            glint_error* err);
    void (*run)(const ge_cpu_call* call);
} ge_cpu_kernel;

/* Every kernel compiled into this build, in preference order; includes ones this CPU lacks. */
int32_t ge_cpu_kernel_count(void);
const ge_cpu_kernel* ge_cpu_kernel_at(int32_t i);
const ge_cpu_kernel* ge_cpu_kernel_find(const char* name);

/* The kernel for op on this machine (ge_isa_available()), or NULL for the reference kernel. */
const ge_cpu_kernel* ge_cpu_select(const ge_op* op, const ge_view* in, const ge_view* out);

/* The executor's per-graph choice: one entry per op (kernel NULL: reference). */
typedef struct ge_cpu_plan {
    gu_allocator* allocator;
    gu_arena arena;
    const ge_cpu_kernel** kernel; /* num_ops entries */
    void** state;                 /* num_ops entries */
    int32_t num_ops;
    uint8_t* scratch;             /* threads x scratch_stride */
    size_t scratch_stride;
    int32_t threads;
    gu_threadpool* pool;          /* NULL when threads == 1 */
} ge_cpu_plan;

/*
 * Chooses and prepares a kernel for every op of g (shapes inferred, constants final).
 * views(ctx, op_index, in, out) fills an op's views (the executor's make_view; data may be
 * NULL for activations at load). threads >= 1.
 */
typedef void (*ge_cpu_views_fn)(void* ctx, int32_t op_index, ge_view* in, ge_view* out);
glint_result ge_cpu_plan_init(ge_cpu_plan* plan, const ge_graph* g, gu_allocator* allocator, int32_t threads,
                              ge_cpu_views_fn views, void* views_ctx, glint_error* err);
void ge_cpu_plan_free(ge_cpu_plan* plan);

/* Runs op o with its chosen kernel, or the reference kernel. */
glint_result ge_cpu_plan_run_op(const ge_cpu_plan* plan, int32_t o, const ge_op* op, const ge_view* in,
                                ge_view* out, glint_error* err);

/*
 * Tests and tools: prepares k for one op, runs it with `threads` threads and frees everything.
 * Fails with GLINT_ERROR_MODEL_UNSUPPORTED when k does not support the op or the ISA is absent.
 */
glint_result ge_cpu_run_kernel(const ge_cpu_kernel* k, const ge_op* op, const ge_view* in, ge_view* out,
                               int32_t threads, glint_error* err);

#endif /* GE_BACKEND_CPU_H */
