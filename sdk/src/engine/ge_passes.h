/*
 * ge_passes: graph rewrites run at load, after import and shape inference.
 * Each pass leaves removed ops as GE_OP_NONE; ge_graph_compact() cleans up afterwards.
 */
#ifndef GE_PASSES_H
#define GE_PASSES_H

#include "engine/ge_graph.h"

/*
 * Evaluates every op whose inputs are all constants with the reference kernels and turns its
 * outputs into constants. This is how DEQUANTIZE of fp16 weights, DENSIFY of sparse weights and
 * the shape arithmetic of TF.js graphs disappear before the first frame.
 */
glint_result ge_pass_fold_constants(ge_graph* g, int32_t* out_folded, glint_error* err);

/*
 * Folds a RELU / RELU6 that is the only reader of a CONV2D, DEPTHWISE_CONV2D, FULLY_CONNECTED,
 * ADD, SUB or MUL output into that op's fused activation. Needs ge_graph_analyze first.
 */
glint_result ge_pass_fuse_activations(ge_graph* g, int32_t* out_fused, glint_error* err);

/* The standard load pipeline: analyze, infer shapes, fold, fuse, compact, re-infer. */
glint_result ge_passes_run_default(ge_graph* g, glint_error* err);

/*
 * Drops every op whose outputs no graph output needs, directly or through later ops, then
 * compacts the graph (unused tensors and constants go too). Graph inputs are always kept.
 * out_removed (optional) gets the number of ops dropped.
 */
glint_result ge_pass_prune_dead_ops(ge_graph* g, int32_t* out_removed, glint_error* err);

/*
 * Makes the named tensors the graph outputs, in that order, and prunes what they do not need
 * (glint_model_desc.output_names). An unknown or repeated name is GLINT_ERROR_INVALID_ARGUMENT
 * naming it. Run it right after import, before the default passes.
 */
glint_result ge_pass_select_outputs(ge_graph* g, const char* const* names, int32_t num_names,
                                    int32_t* out_removed, glint_error* err);

#endif /* GE_PASSES_H */
