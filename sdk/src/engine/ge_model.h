/* ge_model: internal access to a loaded glint_model for tools and tests in this repository. */
#ifndef GE_MODEL_H
#define GE_MODEL_H

#include "engine/ge_exec.h"
#include "glint/glint_model.h"

const ge_graph* ge_model_graph(const glint_model* model);

/* Per-op wall times of the last run (num_ops entries), or NULL unless profiling is on. */
const double* ge_model_op_ms(const glint_model* model);
glint_result ge_model_enable_profiling(glint_model* model, glint_error* err);

#endif /* GE_MODEL_H */
