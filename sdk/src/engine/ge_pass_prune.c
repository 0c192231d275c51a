/*
 * Output selection and dead-op pruning (see ge_passes.h).
 *
 * Why: MoveNet's graph ends in a small argmax/gather decode that the tracker does itself in C
 * (and that GPU backends cannot run). Making the four head tensors the graph outputs and
 * dropping everything after them leaves a plain conv net; the same mechanism serves tools that
 * want to look at an intermediate tensor.
 */
#include <string.h>

#include "engine/ge_passes.h"
#include "util/gu_error.h"

glint_result ge_pass_prune_dead_ops(ge_graph* g, int32_t* out_removed, glint_error* err) {
    if (out_removed) *out_removed = 0;
    /* Reverse topological order needs a checked graph (ops sorted, indices in range). */
    glint_result r = ge_graph_analyze(g, err);
    if (r < 0) return r;
    uint8_t* needed = gu_calloc(g->allocator, (size_t)(g->num_tensors ? g->num_tensors : 1), 1);
    if (!needed) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "prune: out of memory");
    for (int32_t i = 0; i < g->num_outputs; i++) needed[g->outputs[i]] = 1;
    /* Ops are in topological order, so one backward sweep sees every reader of a tensor
     * before its producer: an op is live when any of its outputs is needed. */
    int32_t removed = 0;
    for (int32_t o = g->num_ops - 1; o >= 0; o--) {
        ge_op* op = &g->ops[o];
        if (op->type == GE_OP_NONE) continue;
        bool live = false;
        for (int32_t i = 0; i < op->num_outputs && !live; i++) live = needed[op->outputs[i]] != 0;
        if (!live) {
            op->type = GE_OP_NONE;
            removed++;
            continue;
        }
        for (int32_t i = 0; i < op->num_inputs; i++)
            if (op->inputs[i] >= 0) needed[op->inputs[i]] = 1;
    }
    gu_free(g->allocator, needed);
    if (out_removed) *out_removed = removed;
    /* Compaction drops the removed ops and every tensor (constants included) only they used. */
    return removed ? ge_graph_compact(g, err) : GLINT_SUCCESS;
}

glint_result ge_pass_select_outputs(ge_graph* g, const char* const* names, int32_t num_names,
                                    int32_t* out_removed, glint_error* err) {
    if (out_removed) *out_removed = 0;
    if (num_names <= 0 || num_names > GE_MAX_OP_INPUTS || !names)
        return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "outputs: %d output names (expected 1..%d)",
                         (int)num_names, GE_MAX_OP_INPUTS);
    int32_t outs[GE_MAX_OP_INPUTS];
    for (int32_t i = 0; i < num_names; i++) {
        if (!names[i]) return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "outputs: output name %d is NULL", (int)i);
        int32_t t = ge_graph_find_tensor(g, names[i]);
        if (t < 0)
            return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "outputs: the model has no tensor named '%.150s'",
                             names[i]);
        for (int32_t j = 0; j < i; j++)
            if (outs[j] == t)
                return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "outputs: '%.150s' is named twice", names[i]);
        outs[i] = t;
    }
    glint_result r = ge_graph_set_io(g, g->inputs, g->num_inputs, outs, num_names, err);
    if (r < 0) return r;
    return ge_pass_prune_dead_ops(g, out_removed, err);
}
