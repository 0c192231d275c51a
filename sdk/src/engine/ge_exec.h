/*
 * ge_exec: runs a planned graph op by op on the CPU: each op with the fast kernel chosen for
 * it at init (ge_backend_cpu.h: this machine's ISA, the op's shapes), or the reference kernel.
 * Owns the activation arena, packed weights, scratch and the thread pool (all allocated at
 * init); run() allocates nothing.
 */
#ifndef GE_EXEC_H
#define GE_EXEC_H

#include "engine/ge_backend_cpu.h"
#include "engine/ge_kernels.h"

typedef struct ge_exec {
    const ge_graph* graph;
    gu_allocator* allocator;
    uint8_t* arena;
    double* op_ms; /* per-op wall time of the last run when profiling, else NULL */
    ge_cpu_plan cpu; /* the kernel chosen for each op */
    int32_t threads;
    bool reference_only;
} ge_exec;

typedef struct ge_exec_options {
    bool profile;        /* per-op wall times in op_ms */
    int32_t threads;     /* 0 or 1: the calling thread only */
    bool reference_only; /* every op on the reference kernels (oracle runs, comparisons) */
} ge_exec_options;

glint_result ge_exec_init_ex(ge_exec* ex, const ge_graph* g, gu_allocator* allocator, const ge_exec_options* opt,
                             glint_error* err);
/* One thread, fast kernels. */
glint_result ge_exec_init(ge_exec* ex, const ge_graph* g, gu_allocator* allocator, bool profile, glint_error* err);

/* Name of the kernel that runs op o ("ref" for the reference kernels). */
const char* ge_exec_kernel_name(const ge_exec* ex, int32_t o);
void ge_exec_free(ge_exec* ex);

/* Pointer to tensor t's storage: the constant data or its place in the arena. */
void* ge_exec_tensor_data(const ge_exec* ex, int32_t t);

glint_result ge_exec_run(ge_exec* ex, glint_error* err);
/* Runs only op o (the caller runs ops in order). */
glint_result ge_exec_run_op(ge_exec* ex, int32_t o, glint_error* err);

#endif /* GE_EXEC_H */
