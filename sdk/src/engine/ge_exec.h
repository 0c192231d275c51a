/*
 * ge_exec: runs a planned graph op by op on the CPU reference kernels.
 * Owns the activation arena (one allocation at init); run() allocates nothing.
 */
#ifndef GE_EXEC_H
#define GE_EXEC_H

#include "engine/ge_kernels.h"

typedef struct ge_exec {
    const ge_graph* graph;
    gu_allocator* allocator;
    uint8_t* arena;
    double* op_ms; /* per-op wall time of the last run when profiling, else NULL */
} ge_exec;

glint_result ge_exec_init(ge_exec* ex, const ge_graph* g, gu_allocator* allocator, bool profile, glint_error* err);
void ge_exec_free(ge_exec* ex);

/* Pointer to tensor t's storage: the constant data or its place in the arena. */
void* ge_exec_tensor_data(const ge_exec* ex, int32_t t);

glint_result ge_exec_run(ge_exec* ex, glint_error* err);
/* Runs only op o (the caller runs ops in order). */
glint_result ge_exec_run_op(ge_exec* ex, int32_t o, glint_error* err);

#endif /* GE_EXEC_H */
