/*
 * Shared state of the TFLite importer, split over ge_import_tflite.c (model, tensors,
 * graph I/O), ge_import_tflite_ops.c (operator mapping), ge_import_tflite_sparse.c
 * (CSR sparsity -> DENSIFY params) and ge_import_tflite_names.c (op names for messages).
 */
#ifndef GE_IMPORT_TFLITE_INTERNAL_H
#define GE_IMPORT_TFLITE_INTERNAL_H

#include "engine/ge_graph.h"
#include "engine/import/ge_flatbuf.h"
#include "engine/import/ge_import_tflite_schema.h"
#include "util/gu_error.h"

/* One TFLite tensor as read (and validated) from the file. */
typedef struct tfl_tensor {
    const char* name; /* into the file, name_len bytes, not NUL-terminated; NULL if absent */
    size_t name_len;
    int8_t type;      /* TFLite TensorType */
    ge_dtype dtype;
    ge_shape shape;   /* as stored in the file (the dense shape for sparse tensors) */
    uint32_t buffer;
    const uint8_t* data; /* constant bytes inside the file; NULL for activations */
    size_t nbytes;
    bool has_quant;
    ge_fb_table quant;
    bool has_sparsity;
    ge_fb_table sparsity;
    const ge_densify_params* densify; /* parsed sparsity, once (several DENSIFY ops may share it) */
    int32_t graph_index; /* the ge_graph tensor, -1 until an op or the graph I/O references it */
} tfl_tensor;

typedef struct tfl_ctx {
    ge_graph* g;
    glint_error* err;
    ge_fb fb;
    int32_t num_buffers;
    ge_fb_vector buffers;
    int32_t num_opcodes;
    int32_t* opcodes;      /* resolved BuiltinOperator per OperatorCode */
    ge_fb_vector opcode_tables;
    int32_t num_tensors;
    tfl_tensor* tensors;
    char* scratch;         /* NUL-terminated copies of names */
    size_t scratch_cap;
    /* Constant bytes copied from buffers already copied once (tensors sharing a buffer): capped
     * at the file size, so a hostile file cannot make the arena grow without bound. */
    uint8_t* buffer_used;
    size_t shared_bytes;
    /* Dense elements all DENSIFY ops will produce (when folded at load): capped relative to the
     * file size, so a few CSR bytes cannot demand gigabytes. */
    int64_t densified_elements;
} tfl_ctx;

/* At most this many characters of a tensor name go into an error message. */
#define TFL_MSG_NAME 48

/* Length of a tensor's name as printed in messages ("%.*s": names may be long or binary). */
static inline int tfl_msg_len(const tfl_tensor* t) {
    return t->name_len > TFL_MSG_NAME ? TFL_MSG_NAME : (int)t->name_len;
}

/* A NUL-terminated copy of tensor i's name ("tensor_<i>" when it has none), valid until the next call. */
const char* tfl_tensor_name(tfl_ctx* c, int32_t i);

/* Counts tensor i's constant bytes against the shared-buffer budget (see shared_bytes). */
glint_result tfl_account_buffer(tfl_ctx* c, int32_t i);

/* The graph tensor for TFLite tensor i, created on first use. Sparse tensors are refused here. */
glint_result tfl_graph_tensor(tfl_ctx* c, int32_t i, int32_t* out_index);

/* A sparse constant as DENSIFY's input: its stored values as a 1-D constant, plus the CSR description. */
glint_result tfl_sparse_values(tfl_ctx* c, int32_t i, ge_densify_params* out_params, int32_t* out_index);

/* Validates and maps operator op_index into the graph. */
glint_result tfl_import_op(tfl_ctx* c, int32_t op_index, const ge_fb_table* op);

/* "DEPTHWISE_CONV_2D" for a BuiltinOperator code; "?" for codes past the known list. */
const char* tfl_builtin_name(int32_t code);

#endif /* GE_IMPORT_TFLITE_INTERNAL_H */
