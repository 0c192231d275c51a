/*
 * ge_plan: the static memory plan. Every activation tensor (graph inputs and outputs included)
 * gets a byte offset in one arena sized at load time; tensors whose lifetimes do not overlap
 * share memory. Nothing is allocated per frame.
 */
#ifndef GE_PLAN_H
#define GE_PLAN_H

#include "engine/ge_graph.h"

#define GE_PLAN_ALIGN 64

/*
 * Assigns tensors[i].arena_offset for every non-constant tensor and sets g->activation_bytes.
 * Needs ge_graph_analyze and shape inference first. Fails with GLINT_ERROR_LIMIT_EXCEEDED if
 * the arena would exceed max_bytes.
 */
glint_result ge_plan_memory(ge_graph* g, size_t max_bytes, glint_error* err);

#endif /* GE_PLAN_H */
