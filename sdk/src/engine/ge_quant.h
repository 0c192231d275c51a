/*
 * ge_quant: post-training quantization passes. They rewrite a loaded fp32 graph (after the
 * default load passes) into a new graph:
 *
 *  int8 (ge_quant_int8): every op with an int8 kernel (ge_ref_qs8.h) whose inputs have
 *    calibrated ranges becomes an int8 op: per-channel symmetric int8 weights, int32 bias,
 *    per-tensor asymmetric int8 activations (ge_quant_math.h). A QUANTIZE is inserted where an
 *    fp32 value enters the int8 region, a DEQUANTIZE where an int8 value leaves it (graph
 *    outputs, ops without an int8 kernel, layers kept in fp32). The graph's inputs and outputs
 *    keep their names, dtypes and shapes, so the rewritten model is a drop-in replacement.
 *    Policy: CONV2D / DEPTHWISE_CONV2D / FULLY_CONNECTED are quantized whenever possible; the
 *    cheap ops (ADD, MUL, pools, MEAN, CONCAT, RESIZE, PAD, PRELU, LOGISTIC, byte movers) only
 *    when one of their inputs is already int8, so no QUANTIZE / DEQUANTIZE pair is spent on a
 *    cheap op between two fp32 ops (e.g. MoveNet's input normalisation). Ops that produce a
 *    graph output stay fp32 by default (the heads are tiny and an 8-bit landmark output would
 *    cost up to half a step of its range). Byte movers, max pool, resize and pad give their
 *    output the input's parameters; LOGISTIC's output is (1/256, -128) with a 256-entry table.
 *
 *  fp16 (ge_quant_fp16): the weights of CONV2D, DEPTHWISE_CONV2D and FULLY_CONNECTED (not the
 *    biases) are stored as F16 constants, each read through a DEQUANTIZE op. Loading folds the
 *    DEQUANTIZEs (ge_pass_fold_constants), so the reference path computes with fp16-rounded
 *    weights and fp32 accumulation; kernels that read f16 weights directly may match the
 *    DEQUANTIZE(F16 constant) pattern before folding.
 *
 * The source graph is not modified. dst must be freshly initialised (ge_graph_init); on
 * success it has been analysed and shape-inferred (not folded: an fp16 file keeps F16 weights).
 */
#ifndef GE_QUANT_H
#define GE_QUANT_H

#include "engine/ge_graph.h"

/* Observed real range of one tensor (calibration). seen == false: no range, stays fp32. */
typedef struct ge_tensor_range {
    float min, max;
    bool seen;
} ge_tensor_range;

typedef struct ge_quant_options {
    const ge_tensor_range* ranges; /* src->num_tensors entries (int8 only) */
    const bool* keep_fp32;         /* optional, src->num_ops entries: true keeps that op in fp32 */
    bool quantize_output_ops;      /* false (default): ops producing graph outputs stay fp32 */
} ge_quant_options;

typedef struct ge_quant_stats {
    int32_t int8_ops;       /* source ops turned into int8 ops */
    int32_t fp32_ops;       /* source ops left in float (no kernel, no range, kept, policy) */
    int32_t quantize_ops;   /* inserted QUANTIZE */
    int32_t dequantize_ops; /* inserted DEQUANTIZE (int8 -> f32, or F16 weights) */
    int64_t int8_macs, fp32_macs;
} ge_quant_stats;

glint_result ge_quant_int8(const ge_graph* src, const ge_quant_options* opt, ge_graph* dst, ge_quant_stats* out_stats,
                           glint_error* err);
glint_result ge_quant_fp16(const ge_graph* src, ge_graph* dst, ge_quant_stats* out_stats, glint_error* err);

/*
 * Cross-layer equalization (ge_quant_equalize.c): dst = a copy of src in which every
 * producer -> single consumer pair of conv / depthwise / FC ops has the channels of the tensor
 * between them rescaled to similar ranges (the function is unchanged), from channel_absmax[t]
 * (per src tensor, the largest |x| of each channel over calibration: ge_calib). alpha in [0, 1]
 * is how much of the range moves into a conv/FC consumer's weights. out_pairs: pairs changed.
 */
glint_result ge_quant_equalize(const ge_graph* src, const float* const* channel_absmax, float alpha, ge_graph* dst,
                               int32_t* out_pairs, glint_error* err);

/* True when op (in src) could become an int8 op at all: an int8 kernel exists for its type and
 * parameters (fused activation a clamp). The sensitivity analysis walks these. */
bool ge_quant_op_quantizable(const ge_graph* src, int32_t op_index);

/* Multiply-accumulates of one op (conv family; 0 for others), as ge_graph_stats counts them. */
int64_t ge_quant_op_macs(const ge_graph* g, const ge_op* op);

/* A copy of src (tensors with their data and quant, ops, inputs, outputs) into a fresh dst. */
glint_result ge_graph_clone(const ge_graph* src, ge_graph* dst, glint_error* err);

#endif /* GE_QUANT_H */
