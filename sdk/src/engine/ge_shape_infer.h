/*
 * ge_shape_infer: private interface between the shape-inference driver (ge_shape.c) and the
 * per-family rules (ge_shape_conv.c, ge_shape_eltwise.c, ge_shape_layout.c, ge_shape_index.c).
 *
 * The driver has already checked, before a family rule runs: the op's input/output counts,
 * every index, and that every present input has a known, non-empty shape within the limits
 * and a known dtype. Rules read inputs with ge_si_in(), report with ge_si_fail() (which names
 * the op) and publish results with ge_si_set_output() (which enforces limits and agreement with
 * shapes stored in the file).
 */
#ifndef GE_SHAPE_INFER_H
#define GE_SHAPE_INFER_H

#include "engine/ge_graph.h"
#include "engine/ge_shape.h"

typedef struct ge_shape_ctx {
    ge_graph* g;
    ge_op* op;
    int32_t op_index;
    uint8_t* known; /* per tensor: its shape and dtype are final */
    glint_error* err;
} ge_shape_ctx;

/* Input i of the current op, or NULL when that optional input is absent. */
const ge_tensor* ge_si_in(const ge_shape_ctx* c, int32_t i);
/* Output i's tensor (read-only view, e.g. for a target shape the importer stored). */
const ge_tensor* ge_si_out(const ge_shape_ctx* c, int32_t i);

/* Fills *err with "shape inference: op N 'name' (TYPE): <message>" and returns code. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
glint_result ge_si_fail(const ge_shape_ctx* c, glint_result code, const char* fmt, ...);

/*
 * Publishes output i: checks every dim is in [1, GE_MAX_DIM] and the element count within
 * GE_MAX_TENSOR_ELEMENTS; if the tensor already has a shape (rank > 0; -1 dims match anything)
 * it must agree, and an already-set dtype must equal dtype.
 */
glint_result ge_si_set_output(ge_shape_ctx* c, int32_t i, ge_dtype dtype, const ge_shape* shape);

/* Checks an activation enum value. */
glint_result ge_si_check_act(const ge_shape_ctx* c, ge_activation act);

/* Per-family rules: each handles the op types named. */
glint_result ge_shape_infer_conv(ge_shape_ctx* c);    /* CONV2D, DEPTHWISE_CONV2D, FULLY_CONNECTED, pools */
glint_result ge_shape_infer_eltwise(ge_shape_ctx* c); /* binary, unary, CAST, PRELU, (DE)QUANTIZE, SELECT */
glint_result ge_shape_infer_layout(ge_shape_ctx* c);  /* MEAN, RESHAPE, TRANSPOSE, CONCAT, SPLIT, PAD, slices,
                                                         DEPTH_TO_SPACE, RESIZE_*, TILE */
glint_result ge_shape_infer_index(ge_shape_ctx* c);   /* GATHER, GATHER_ND, ARG_MAX, TOPK, DENSIFY */

#endif /* GE_SHAPE_INFER_H */
