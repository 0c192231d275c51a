#include <string.h>

#include "engine/ge_kernels.h"
#include "engine/ge_passes.h"
#include "util/gu_error.h"

static bool all_inputs_constant(const ge_graph* g, const ge_op* op) {
    int32_t present = 0;
    for (int32_t i = 0; i < op->num_inputs; i++) {
        int32_t t = op->inputs[i];
        if (t < 0) continue;
        if (!g->tensors[t].data) return false;
        present++;
    }
    return present > 0;
}

glint_result ge_pass_fold_constants(ge_graph* g, int32_t* out_folded, glint_error* err) {
    int32_t folded = 0;
    ge_view in[GE_MAX_OP_INPUTS];
    ge_view out[GE_MAX_OP_OUTPUTS];
    for (int32_t o = 0; o < g->num_ops; o++) {
        ge_op* op = &g->ops[o];
        if (op->type == GE_OP_NONE || !all_inputs_constant(g, op)) continue;
        for (int32_t i = 0; i < op->num_inputs; i++) {
            memset(&in[i], 0, sizeof(in[i]));
            int32_t t = op->inputs[i];
            if (t < 0) continue;
            in[i].dtype = g->tensors[t].dtype;
            in[i].shape = g->tensors[t].shape;
            in[i].data = (void*)g->tensors[t].data;
            in[i].quant = g->tensors[t].quant;
        }
        for (int32_t i = 0; i < op->num_outputs; i++) {
            ge_tensor* ts = &g->tensors[op->outputs[i]];
            int64_t elems = ge_shape_elements(&ts->shape);
            size_t esize = ge_dtype_size(ts->dtype);
            if (elems < 0 || esize == 0)
                return gu_errorf(err, GLINT_ERROR_INTERNAL, "fold: op '%s' output '%s' has no static shape",
                                 op->name, ts->name);
            size_t nbytes = (size_t)elems * esize;
            void* data = gu_arena_alloc(&g->arena, nbytes);
            if (!data) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "fold: out of memory for '%s'", ts->name);
            out[i].dtype = ts->dtype;
            out[i].shape = ts->shape;
            out[i].data = data;
            out[i].quant = ts->quant;
        }
        glint_result r = ge_ref_run_op(op, in, out, err);
        if (r < 0) return r;
        for (int32_t i = 0; i < op->num_outputs; i++) {
            ge_tensor* ts = &g->tensors[op->outputs[i]];
            ts->data = out[i].data;
            ts->nbytes = (size_t)ge_shape_elements(&ts->shape) * ge_dtype_size(ts->dtype);
            ts->producer = -1;
        }
        op->type = GE_OP_NONE;
        folded++;
    }
    if (out_folded) *out_folded = folded;
    return GLINT_SUCCESS;
}
