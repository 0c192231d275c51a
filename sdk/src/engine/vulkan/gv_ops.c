/*
 * gv_ops_lower: graph op -> shader dispatch (see gv_ops.h): int8 ops go to gv_lower_qs8.c,
 * the rest (and RESHAPE, which moves bytes whatever their type) to gv_lower_f32.c.
 */
#include "engine/vulkan/gv_ops.h"

#include <string.h>

#include "engine/vulkan/gv_lower.h"

bool gv_ops_lower(const ge_graph* g, int32_t o, const gv_device_limits* lim, const gv_faults* faults,
                  gu_arena* arena, gv_dispatch* d, char* why, size_t why_size) {
    memset(d, 0, sizeof(*d));
    for (int32_t i = 0; i < GV_MAX_BINDINGS; i++) d->tensor[i] = -1;
    gv_lower L = {g, &g->ops[o], lim, arena, d, why, why_size};
    if (why && why_size) why[0] = '\0';
    const ge_op* op = L.op;
    if (faults && (faults->bits & GV_FAULT_UNSUPPORTED_OP) && faults->unsupported_op == op->type)
        return gv_no(&L, "%s: no shader (injected fault)", ge_op_name(op->type));
    if (op->num_outputs < 1 || op->num_inputs < 1) return gv_no(&L, "%s: no inputs or outputs", ge_op_name(op->type));
    const bool int8 = gv_is_i8(gv_in(&L, 0)) || (op->type == GE_OP_CONCAT && gv_is_i8(gv_out(&L, 0)));
    if (int8 && op->type != GE_OP_RESHAPE) return gv_lower_qs8(&L);
    return gv_lower_f32(&L);
}
