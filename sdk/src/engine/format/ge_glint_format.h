/*
 * ge_glint_format: glint's own model file (.glint), written by glint-quantize and read by
 * glint_model_load. It holds one ge_graph exactly (tensors, ops with their params, constants,
 * quantization parameters), so loading is a bounds-checked walk and a copy of the constants:
 * no TFLite flatbuffer or JSON parsing, no weight conversion.
 *
 * Layout, all integers little-endian:
 *
 *   header (64 bytes)
 *     0   magic "GLINTMDL"
 *     8   u32 format version (GE_GLINT_VERSION)
 *     12  u32 header size (64)
 *     16  u64 payload size (bytes after the header; the file is exactly 64 + payload)
 *     24  u8[32] sha256 of the payload
 *     56  u32 flags (0), u32 reserved (0)
 *   payload
 *     meta      u8[32] sha256 of the source model file (tflite / model.json) it was made from
 *               u32 precision (ge_glint_precision), char[64] description (NUL-terminated text)
 *     counts    u32 num_strings_bytes, num_quants, num_tensors, num_ops, num_inputs, num_outputs
 *     strings   num_strings_bytes of NUL-terminated names; names are u32 offsets into it
 *     quants    per record: i32 axis, u32 count, f32 scale[count], i32 zero_point[count]
 *     tensors   per tensor: u32 name, u32 dtype, u32 rank, i32 dim[6], i32 quant (-1 none),
 *               u64 data offset (from the payload start, 64-byte aligned; ~0 for activations),
 *               u64 data bytes
 *     ops       per op: u32 type, u32 name, u32 num_inputs, u32 num_outputs, u32 num_params,
 *               i32 inputs[], i32 outputs[], i32 params[num_params] (ge_glint_params.c: the
 *               op's ge_op_params field by field, floats as their bits)
 *     io        i32 inputs[num_inputs], i32 outputs[num_outputs]
 *     padding   zeros to a 64-byte boundary, then the constant data blobs, each 64-byte aligned
 *
 * Constants are stored in the IR's canonical layouts (conv OHWI, depthwise [1,H,W,C], FC
 * [O,I]) with the dtype the kernels read (int8 weights, int32 bias, f16 weights behind a
 * DEQUANTIZE in fp16 files), 64-byte aligned like the graph arena, so a reader could also
 * use them in place.
 *
 * The reader trusts nothing: every count, offset, index, string, dtype, shape, quant record
 * and param block is checked before use, and the sha256 is verified before anything else is
 * parsed; the graph then goes through the normal load passes (structure and shape checks).
 */
#ifndef GE_GLINT_FORMAT_H
#define GE_GLINT_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/ge_graph.h"

#define GE_GLINT_MAGIC "GLINTMDL"
#define GE_GLINT_VERSION 1u
#define GE_GLINT_HEADER_BYTES 64u
#define GE_GLINT_ALIGN 64u
#define GE_GLINT_DESCRIPTION_BYTES 64u
#define GE_GLINT_MAX_PARAMS 64u       /* i32 words of one op's params */
#define GE_GLINT_MAX_QUANT_COUNT 65536 /* channels of one quant record */

typedef enum ge_glint_precision {
    GE_GLINT_FP32 = 0,
    GE_GLINT_FP16 = 1, /* f16 weights */
    GE_GLINT_INT8 = 2, /* int8 (possibly with fp32 layers: mixed) */
} ge_glint_precision;

typedef struct ge_glint_meta {
    uint8_t source_sha256[32];
    uint32_t precision; /* ge_glint_precision */
    char description[GE_GLINT_DESCRIPTION_BYTES];
} ge_glint_meta;

/* True when data starts with the .glint magic (format detection; says nothing about validity). */
bool ge_glint_detect(const void* data, size_t size);

/* Serialises g (analysed, shapes inferred) into a new buffer (free with gu_free_aligned). */
glint_result ge_glint_write(const ge_graph* g, const ge_glint_meta* meta, gu_allocator* allocator, void** out_data,
                            size_t* out_size, glint_error* err);
glint_result ge_glint_write_file(const char* path, const ge_graph* g, const ge_glint_meta* meta,
                                 gu_allocator* allocator, glint_error* err);

/* Parses a .glint file into g (freshly initialised). Messages name what is wrong. The graph
 * still needs the load passes (ge_passes_run_default) and a memory plan. */
glint_result ge_glint_read(ge_graph* g, const void* data, size_t size, ge_glint_meta* out_meta, glint_error* err);

/* ---- op params <-> i32 words (ge_glint_params.c) ---- */

/* Writes op's params into words (at most GE_GLINT_MAX_PARAMS); returns the count or a negative result. */
int32_t ge_glint_params_encode(const ge_op* op, int32_t* words, glint_error* err);
/* Reads them back for an op of `type` with num_outputs outputs; arrays (SPLIT sizes) go into arena. */
glint_result ge_glint_params_decode(ge_op_type type, int32_t num_outputs, const int32_t* words, uint32_t count,
                                    gu_arena* arena, ge_op_params* out, glint_error* err);

#endif /* GE_GLINT_FORMAT_H */
