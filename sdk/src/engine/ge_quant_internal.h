/*
 * Private helpers of the quantization passes (ge_quant*.c): a graph builder that rewrites a
 * source graph op by op into a destination graph, keeping for every source tensor up to two
 * versions in the destination (its original dtype, and int8), and creating the conversion ops
 * between them on demand.
 */
#ifndef GE_QUANT_INTERNAL_H
#define GE_QUANT_INTERNAL_H

#include "engine/ge_quant.h"

typedef struct ge_qb {
    const ge_graph* src;
    ge_graph* dst;
    int32_t* orig; /* src tensor -> dst tensor in the original dtype, -1: not yet */
    int32_t* q8;   /* src tensor -> dst int8 tensor, -1: not yet */
    const ge_tensor_range* ranges;
    ge_quant_stats* stats;
    glint_error* err;
} ge_qb;

glint_result ge_qb_init(ge_qb* b, const ge_graph* src, ge_graph* dst, const ge_tensor_range* ranges,
                        ge_quant_stats* stats, glint_error* err);
void ge_qb_free(ge_qb* b);

/* A quant record in dst's arena (scales and zero points zeroed), or NULL with *err on OOM. */
ge_quant* ge_qb_new_quant(ge_qb* b, int32_t count, int32_t axis);
/* Per-tensor asymmetric parameters for [lo, hi] (ge_q_choose_activation). */
const ge_quant* ge_qb_activation_quant(ge_qb* b, float lo, float hi);

/* Copies op params, deep-copying arena arrays (SPLIT sizes) into dst. */
glint_result ge_qb_copy_params(ge_qb* b, const ge_op* op, ge_op_params* out);

/* dst tensor with src tensor t's name (plus suffix), dtype, shape; or a negative result. */
int32_t ge_qb_add_like(ge_qb* b, int32_t t, const char* suffix, ge_dtype dtype, const ge_quant* quant);

/* The original-dtype version of src tensor t: copies constants and graph inputs, and inserts a
 * DEQUANTIZE when only the int8 version exists. Negative result on failure. */
int32_t ge_qb_orig(ge_qb* b, int32_t t);

/* The int8 version of src tensor t. Constants are quantized per tensor from their own range;
 * an fp32 activation gets a QUANTIZE with its calibrated range (ranges[t].seen required). */
int32_t ge_qb_q8(ge_qb* b, int32_t t);

/* Adds an op to dst (name from the source op plus suffix). */
int32_t ge_qb_add_op(ge_qb* b, ge_op_type type, const char* name, const char* suffix, const int32_t* in,
                     int32_t nin, const int32_t* out, int32_t nout, const ge_op_params* params);

/* Copies src op o unchanged, reading the original versions of its inputs. */
glint_result ge_qb_copy_op(ge_qb* b, int32_t o);

/* Sets dst's inputs and outputs to the original versions of src's, then analyses and infers shapes. */
glint_result ge_qb_finish(ge_qb* b);

#endif /* GE_QUANT_INTERNAL_H */
