/* TF.js lowering: the op registry (every TF op glint imports) and per-op output counts. */
#include <string.h>

#include "engine/import/ge_import_tfjs_internal.h"

const tfjs_op_entry* tfjs_find_op(const char* op) {
    const tfjs_op_entry* (*tables[4])(int32_t*) = {tfjs_ops_math, tfjs_ops_nn, tfjs_ops_layout, tfjs_ops_index};
    for (int t = 0; t < 4; t++) {
        int32_t count = 0;
        const tfjs_op_entry* e = tables[t](&count);
        for (int32_t i = 0; i < count; i++)
            if (strcmp(e[i].op, op) == 0) return &e[i];
    }
    return NULL;
}

glint_result tfjs_output_count(tfjs_ctx* c, const tfjs_node* n, int32_t* out_count) {
    const char* attr = NULL;
    if (strcmp(n->op, "Unpack") == 0)
        attr = "num";
    else if (strcmp(n->op, "Split") == 0 || strcmp(n->op, "SplitV") == 0)
        attr = "num_split";
    if (attr) {
        int64_t num;
        glint_result r = tfjs_attr_int(c, n, attr, true, 0, &num);
        if (r < 0) return r;
        if (num < 1 || num > GE_MAX_OP_OUTPUTS)
            return tfjs_fail(c, n, num < 1 ? GLINT_ERROR_MODEL_FORMAT : GLINT_ERROR_MODEL_UNSUPPORTED,
                             "%s = %lld (glint supports 1..%d)", attr, (long long)num, GE_MAX_OP_OUTPUTS);
        *out_count = (int32_t)num;
    } else if (strcmp(n->op, "TopKV2") == 0) {
        *out_count = 2;
    } else if (strcmp(n->op, "NoOp") == 0) {
        *out_count = 0;
    } else {
        *out_count = 1;
    }
    return GLINT_SUCCESS;
}
