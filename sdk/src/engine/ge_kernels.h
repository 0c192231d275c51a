/*
 * ge_kernels: how backends run one op.
 *
 * A kernel sees views: dtype, shape and a data pointer per input and output, already
 * resolved by the executor (constants point into the graph, activations into the arena).
 * An absent optional input (e.g. no bias) has data == NULL.
 *
 * The reference kernels (kernels/ref/) are naive and obviously correct: the oracle every
 * accelerated kernel and shader is tested against. Naming: ge_<dtype>_<op>[_<variant>]_<isa>,
 * e.g. ge_f32_conv2d_ref, ge_qs8_dwconv2d_3x3_avx512vnni.
 */
#ifndef GE_KERNELS_H
#define GE_KERNELS_H

#include "engine/ge_graph.h"

typedef struct ge_view {
    ge_dtype dtype;
    ge_shape shape;
    void* data;
    const ge_quant* quant;
} ge_view;

/*
 * Runs op with the reference kernels. Inputs and outputs are in the op's order; output
 * shapes and dtypes are already set (shape inference). Returns GLINT_ERROR_MODEL_UNSUPPORTED
 * (with the op and dtype named in *err) when no reference kernel exists for the combination.
 */
glint_result ge_ref_run_op(const ge_op* op, const ge_view* inputs, ge_view* outputs, glint_error* err);

/* True if ge_ref_run_op supports op with these input dtypes (checked at load, not per frame). */
bool ge_ref_supports(const ge_op* op, const ge_view* inputs, const ge_view* outputs);

#endif /* GE_KERNELS_H */
