#include "engine/ge_passes.h"

glint_result ge_passes_run_default(ge_graph* g, glint_error* err) {
    glint_result r = ge_graph_analyze(g, err);
    if (r >= 0) r = ge_graph_infer_shapes(g, err);
    if (r >= 0) r = ge_pass_fold_constants(g, NULL, err);
    if (r >= 0) r = ge_graph_compact(g, err); /* also re-analyzes: consumer counts for fusion */
    if (r >= 0) r = ge_pass_fuse_activations(g, NULL, err);
    if (r >= 0) r = ge_graph_compact(g, err);
    return r;
}
