/*
 * ge_import_tfjs_internal: shared state of the TF.js graph-model importer.
 *
 * Files:
 *   ge_import_tfjs.c          entry points, shard files, node table, topological order, driver
 *   ge_import_tfjs_weights.c  weightsManifest and inline Const tensors -> weight table, decoding
 *   ge_import_tfjs_attr.c     attribute access (TF AttrValue as JSON), base64, dtypes, shapes
 *   ge_import_tfjs_values.c   values, tensors, ops, constant materialisation, error helpers
 *   ge_import_tfjs_fold.c     evaluation of small constant subgraphs on the host
 *   ge_import_tfjs_ops*.c     lowering of each TF op into IR ops
 *
 * Every TF tensor ("node" or "node:k") becomes a tfjs_value. A value is either a constant known
 * on the host (weights, folded shape arithmetic) that becomes an IR constant only when an IR op
 * reads it, or an IR tensor produced by an op / graph input. Shapes are tracked at import
 * because IR RESHAPE and friends carry their target shape on the output tensor.
 */
#ifndef GE_IMPORT_TFJS_INTERNAL_H
#define GE_IMPORT_TFJS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/ge_graph.h"
#include "util/gu_alloc.h"
#include "util/gu_json.h"

/* Safety limits for hostile files. */
#define TFJS_MAX_JSON_BYTES ((size_t)64 << 20)
#define TFJS_MAX_WEIGHT_BYTES ((size_t)1 << 30) /* all shards together */
#define TFJS_MAX_NODE_INPUTS 1024
#define TFJS_MAX_SHARDS 4096
/* Constants evaluated on the host: per value, and all of them together. Bigger constant work is
 * left to IR ops (and the constant-folding pass). */
#define TFJS_FOLD_MAX_ELEMENTS ((int64_t)1 << 20)
#define TFJS_HOST_MAX_BYTES ((size_t)64 << 20)

typedef enum tfjs_encoding {
    TFJS_ENC_RAW = 0,   /* dtype's own little-endian bytes (float32, int32, bool as 1 byte) */
    TFJS_ENC_F16,       /* IEEE half, widened to float32 */
    TFJS_ENC_U8_AFFINE, /* q * scale + min */
    TFJS_ENC_U16_AFFINE,
    TFJS_ENC_HOST, /* already decoded: host points at the values (inline Const tensors) */
} tfjs_encoding;

/* One constant tensor's stored values: a weightsManifest entry or an inline Const tensor. */
typedef struct tfjs_weight {
    const char* name;
    ge_dtype dtype; /* decoded dtype: F32, I32 or BOOL */
    ge_shape shape;
    int64_t elements;
    tfjs_encoding encoding;
    float scale, min;     /* affine encodings */
    const uint8_t* bytes; /* stored bytes (into a shard group), for all but TFJS_ENC_HOST */
    size_t nbytes;
    const void* host;       /* decoded values, once decoded (or from the start for TFJS_ENC_HOST) */
    const float* f16_table; /* TFJS_ENC_F16: optional 65536-entry half -> float table */
    bool materialized;      /* some IR constant holds these values (any layout) */
    bool used;              /* a lowered Const node refers to it */
} tfjs_weight;

typedef struct tfjs_value {
    const char* name; /* TF tensor name: "node" for output 0, "node:k" otherwise */
    ge_dtype dtype;
    ge_shape shape;
    int32_t tensor; /* IR tensor, -1 until a constant is materialised */
    bool is_const;
    const void* host;    /* constant values on the host, or NULL when not decoded yet */
    tfjs_weight* weight; /* constant backed by stored values (shape may differ: a view) */
} tfjs_value;

typedef struct tfjs_node {
    const char* name;
    const char* op;
    const gu_json* json;
    const gu_json* attr; /* may be NULL */
    int32_t num_inputs;  /* data inputs; control inputs ("^x") are dropped */
    int32_t* input_node;
    int32_t* input_port;
    int32_t num_outputs;
    tfjs_value* outputs;
    uint8_t state; /* topological sort: 0 new, 1 on the stack, 2 done */
    bool lowered;
} tfjs_node;

typedef struct tfjs_map { /* name -> index, open addressing */
    int32_t* slots;       /* -1 empty */
    uint32_t mask;
} tfjs_map;

typedef struct tfjs_ctx {
    ge_graph* g;
    gu_allocator* alloc;
    gu_arena scratch; /* JSON DOM, tables, host constants; freed when the import ends */
    glint_error* err;
    const char* what; /* file name used in messages */
    const ge_shape* input_override;

    const gu_json* root;
    tfjs_node* nodes;
    int32_t num_nodes;
    tfjs_map node_map;

    tfjs_weight* weights;
    int32_t num_weights;
    tfjs_map weight_map;
    uint8_t** group_copies; /* concatenated multi-shard groups (gu_malloc), freed at the end */
    float* f16_table;       /* half -> float for big fp16 manifests (gu_malloc), freed at the end */
    int32_t num_group_copies;

    size_t host_bytes; /* host constant bytes so far (TFJS_HOST_MAX_BYTES) */
    int32_t num_graph_inputs;
    int32_t* graph_inputs; /* node indices of Placeholders, in graph input order */
} tfjs_ctx;

/* ---- errors (ge_import_tfjs_values.c) ---- */

/* "<file>: node '<name>' (<op>): <message>"; returns code. n may be NULL. */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
glint_result
tfjs_fail(tfjs_ctx* c, const tfjs_node* n, glint_result code, const char* fmt, ...);
glint_result tfjs_oom(tfjs_ctx* c);

/* ---- name maps (ge_import_tfjs_weights.c) ---- */

/* Builds a map over count records whose names sit at names + i * stride (bytes); the index of
 * the first duplicate name goes to *out_duplicate (else -1). */
glint_result tfjs_map_build(tfjs_ctx* c, tfjs_map* m, const char* const* names, size_t stride, int32_t count,
                            int32_t* out_duplicate);
/* Index of the record named key[0..len), or -1. */
int32_t tfjs_map_find(const tfjs_map* m, const char* const* names, size_t stride, const char* key, size_t len);

/* ---- attributes (ge_import_tfjs_attr.c) ---- */

const gu_json* tfjs_attr(const tfjs_node* n, const char* name);
/* Each returns GLINT_SUCCESS and the value, def when absent (required == false), or an error. */
glint_result tfjs_attr_int(tfjs_ctx* c, const tfjs_node* n, const char* name, bool required, int64_t def, int64_t* out);
glint_result tfjs_attr_bool(tfjs_ctx* c, const tfjs_node* n, const char* name, bool def, bool* out);
glint_result tfjs_attr_float(tfjs_ctx* c, const tfjs_node* n, const char* name, float def, float* out);
/* Decoded "s" attribute (base64) into scratch, NUL-terminated; NULL/0 when absent. */
glint_result tfjs_attr_string(tfjs_ctx* c, const tfjs_node* n, const char* name, const char** out, size_t* out_len);
glint_result tfjs_attr_type(tfjs_ctx* c, const tfjs_node* n, const char* name, bool required, ge_dtype def,
                            ge_dtype* out);
/* list.i: up to max entries into out; *out_count = number present (0 when absent). */
glint_result tfjs_attr_int_list(tfjs_ctx* c, const tfjs_node* n, const char* name, int64_t* out, int32_t max,
                                int32_t* out_count);
/* list.s: decoded strings into scratch. */
glint_result tfjs_attr_string_list(tfjs_ctx* c, const tfjs_node* n, const char* name, const char** out, int32_t max,
                                   int32_t* out_count);

/* TF DataType ("DT_FLOAT" or its enum number) -> ge dtype; false when glint has no such dtype.
 * int64 maps to I32, as in TF.js, which has no 64-bit integers. */
bool tfjs_parse_dtype(const gu_json* v, ge_dtype* out);
/* TensorShapeProto JSON {"dim":[{"size":"1"}...], "unknownRank":bool}: dims (-1 unknown). */
glint_result tfjs_parse_shape(tfjs_ctx* c, const tfjs_node* n, const gu_json* shape, ge_shape* out,
                              bool* out_unknown_rank);
/* A JSON integer given as a number or a decimal string (protobuf JSON int64). */
bool tfjs_json_int(const gu_json* v, int64_t* out);
/* Base64 (standard or URL alphabet, padding optional) into scratch; false if malformed. */
bool tfjs_base64_decode(tfjs_ctx* c, const char* s, size_t len, uint8_t** out, size_t* out_len);

/* ---- weights (ge_import_tfjs_weights.c) ---- */

/* Parses weightsManifest against the shard bytes (group_bytes: per group, concatenated). */
glint_result tfjs_weights_parse(tfjs_ctx* c, const gu_json* manifest, const void* const* shards,
                                const size_t* shard_sizes, int num_shards);
/* Value of a Const node: its manifest entry by name, or its inline tensor attr. */
glint_result tfjs_weight_for_const(tfjs_ctx* c, const tfjs_node* n, tfjs_weight** out);
/* Decodes w's elements (dtype-sized) into dst. */
void tfjs_weight_decode(const tfjs_weight* w, void* dst);

/* ---- values, tensors and ops (ge_import_tfjs_values.c) ---- */

int64_t tfjs_elements(const ge_shape* s);
bool tfjs_all_const(tfjs_value* const* in, int32_t n);
/* Checks a shape for an IR tensor (dims in [1, GE_MAX_DIM], element limit). */
glint_result tfjs_check_shape(tfjs_ctx* c, const tfjs_node* n, const ge_shape* s, const char* what);
/* Host values of a constant (decoding stored values into scratch on first use); fails with
 * LIMIT_EXCEEDED-free *out == NULL when the constant is too big to handle on the host. */
glint_result tfjs_host(tfjs_ctx* c, const tfjs_node* n, tfjs_value* v, const void** out);
/* Allocates host memory for a folded constant (counts against TFJS_HOST_MAX_BYTES). */
void* tfjs_host_alloc(tfjs_ctx* c, size_t bytes);
/* The IR tensor of v, adding the constant to the graph the first time. */
glint_result tfjs_tensor(tfjs_ctx* c, const tfjs_node* n, tfjs_value* v, int32_t* out);
/* Defines output k of n as a new IR tensor (named after the TF tensor). */
glint_result tfjs_define_output(tfjs_ctx* c, tfjs_node* n, int32_t k, ge_dtype dtype, const ge_shape* shape,
                                int32_t* out_tensor);
/* Defines output k of n as a host constant (data from tfjs_host_alloc, or shared host data). */
void tfjs_define_const_output(tfjs_node* n, int32_t k, ge_dtype dtype, const ge_shape* shape, const void* host);
/* A constant that views v's values with another shape (same element count). */
void tfjs_define_view_output(tfjs_node* n, int32_t k, const tfjs_value* v, const ge_shape* shape);
/* An intermediate IR tensor "node#suffix". */
glint_result tfjs_temp_tensor(tfjs_ctx* c, const tfjs_node* n, const char* suffix, ge_dtype dtype,
                              const ge_shape* shape, int32_t* out_tensor);
/* A new IR constant "node#suffix" from host data. */
glint_result tfjs_temp_const(tfjs_ctx* c, const tfjs_node* n, const char* suffix, ge_dtype dtype, const ge_shape* shape,
                             const void* data, int32_t* out_tensor);
glint_result tfjs_scalar_f32(tfjs_ctx* c, const tfjs_node* n, const char* suffix, float value, int32_t* out_tensor);
glint_result tfjs_emit(tfjs_ctx* c, const tfjs_node* n, ge_op_type type, const int32_t* inputs, int32_t num_inputs,
                       const int32_t* outputs, int32_t num_outputs, const ge_op_params* params);
/* RESHAPE of tensor t into a new temp tensor "node#suffix" of shape s. */
glint_result tfjs_emit_reshape(tfjs_ctx* c, const tfjs_node* n, int32_t t, ge_dtype dtype, const ge_shape* s,
                               const char* suffix, int32_t* out_tensor);

/* Reads a constant integer operand (scalar or 1-D, I32) into out[0..*count). */
glint_result tfjs_const_ints(tfjs_ctx* c, const tfjs_node* n, tfjs_value* v, const char* what, int64_t* out,
                             int32_t max, int32_t* count);
/* A constant integer scalar (or 1-element vector) operand. */
glint_result tfjs_const_int(tfjs_ctx* c, const tfjs_node* n, tfjs_value* v, const char* what, int64_t* out);

/* ---- folding (ge_import_tfjs_fold.c) ---- */

typedef enum tfjs_binop {
    TFJS_ADD,
    TFJS_SUB,
    TFJS_MUL,
    TFJS_DIV,
    TFJS_TRUNC_DIV,
    TFJS_FLOOR_DIV,
    TFJS_MAXIMUM,
    TFJS_MINIMUM,
    TFJS_SQUARED_DIFFERENCE,
    TFJS_GREATER,
    TFJS_GREATER_EQUAL,
    TFJS_LESS,
    TFJS_LESS_EQUAL,
    TFJS_EQUAL,
    TFJS_NOT_EQUAL,
    TFJS_LOGICAL_AND,
    TFJS_LOGICAL_OR,
} tfjs_binop;

typedef enum tfjs_unop {
    TFJS_NEG,
    TFJS_ABS,
    TFJS_FLOOR,
    TFJS_RELU,
    TFJS_RELU6,
    TFJS_SQRT,
    TFJS_RECIPROCAL,
    TFJS_SQUARE,
    TFJS_LOGICAL_NOT,
} tfjs_unop;

bool tfjs_binop_is_compare(tfjs_binop op);
/* Elementwise results with broadcasting; *out_handled false when the inputs are too big. */
glint_result tfjs_fold_binary(tfjs_ctx* c, tfjs_node* n, tfjs_binop op, tfjs_value* a, tfjs_value* b,
                              bool* out_handled);
glint_result tfjs_fold_unary(tfjs_ctx* c, tfjs_node* n, tfjs_unop op, tfjs_value* x, bool* out_handled);
glint_result tfjs_fold_cast(tfjs_ctx* c, tfjs_node* n, tfjs_value* x, ge_dtype to, bool* out_handled);
/* Generic data movement on host constants: out element i = x element src_index[i]. */
glint_result tfjs_fold_gather_elements(tfjs_ctx* c, tfjs_node* n, int32_t k, tfjs_value* x, const ge_shape* out_shape,
                                       const int64_t* src_index);
/* Concatenation of constants along axis (all same dtype and rank). */
glint_result tfjs_fold_concat(tfjs_ctx* c, tfjs_node* n, tfjs_value* const* in, int32_t count, int32_t axis,
                              const ge_shape* out_shape, bool* out_handled);
/* Reads element i of host data as double / int64 (by dtype). */
double tfjs_get_f64(ge_dtype dtype, const void* data, int64_t i);
int64_t tfjs_get_i64(ge_dtype dtype, const void* data, int64_t i);
void tfjs_put_f64(ge_dtype dtype, void* data, int64_t i, double v);

/* ---- lowering (ge_import_tfjs_ops*.c) ---- */

typedef glint_result (*tfjs_lower_fn)(tfjs_ctx* c, tfjs_node* n, tfjs_value** in);
typedef struct tfjs_op_entry {
    const char* op;
    tfjs_lower_fn lower;
    int32_t min_inputs, max_inputs; /* data inputs */
} tfjs_op_entry;

/* Lowering by TF op name; NULL when glint does not support the op. */
const tfjs_op_entry* tfjs_find_op(const char* op);
/* Number of outputs a node of this op has (Unpack, Split, TopKV2 have several). */
glint_result tfjs_output_count(tfjs_ctx* c, const tfjs_node* n, int32_t* out_count);

/* Per-file tables (ge_import_tfjs_ops.c merges them). */
const tfjs_op_entry* tfjs_ops_math(int32_t* out_count);
const tfjs_op_entry* tfjs_ops_nn(int32_t* out_count);
const tfjs_op_entry* tfjs_ops_layout(int32_t* out_count);
const tfjs_op_entry* tfjs_ops_index(int32_t* out_count);

#endif /* GE_IMPORT_TFJS_INTERNAL_H */
