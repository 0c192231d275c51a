#include "engine/ge_passes.h"
#include "util/gu_error.h"

static ge_activation* fused_act_slot(ge_op* op) {
    switch (op->type) {
    case GE_OP_CONV2D:
    case GE_OP_DEPTHWISE_CONV2D: return &op->params.conv.act;
    case GE_OP_FULLY_CONNECTED: return &op->params.fc.act;
    case GE_OP_ADD:
    case GE_OP_SUB:
    case GE_OP_MUL: return &op->params.eltwise.act;
    default: return NULL;
    }
}

static bool is_graph_output(const ge_graph* g, int32_t t) {
    for (int32_t i = 0; i < g->num_outputs; i++)
        if (g->outputs[i] == t) return true;
    return false;
}

glint_result ge_pass_fuse_activations(ge_graph* g, int32_t* out_fused, glint_error* err) {
    int32_t fused = 0;
    for (int32_t o = 0; o < g->num_ops; o++) {
        ge_op* act = &g->ops[o];
        if (act->type != GE_OP_RELU && act->type != GE_OP_RELU6) continue;
        if (act->num_inputs < 1 || act->inputs[0] < 0) continue;
        ge_tensor* mid = &g->tensors[act->inputs[0]];
        if (mid->producer < 0 || mid->num_consumers != 1 || is_graph_output(g, act->inputs[0])) continue;
        ge_op* prod = &g->ops[mid->producer];
        ge_activation* slot = fused_act_slot(prod);
        if (!slot || *slot != GE_ACT_NONE || prod->num_outputs != 1) continue;
        if (mid->dtype != GE_DTYPE_F32 || !ge_shape_equal(&mid->shape, &g->tensors[act->outputs[0]].shape)) continue;
        *slot = act->type == GE_OP_RELU ? GE_ACT_RELU : GE_ACT_RELU6;
        /* The producer now writes the activation's output; the intermediate tensor goes away. */
        int32_t out = act->outputs[0];
        ((int32_t*)prod->outputs)[0] = out;
        g->tensors[out].producer = mid->producer;
        mid->num_consumers = 0;
        mid->producer = -1;
        act->type = GE_OP_NONE;
        fused++;
    }
    if (out_fused) *out_fused = fused;
    (void)err;
    return GLINT_SUCCESS;
}
