/*
 * ge_graph: the engine's one graph IR.
 *
 * Every importer (TFLite, TF.js, glint's own format) builds a ge_graph; every pass
 * rewrites one; every backend executes one. Conventions, fixed for all of them:
 *
 *  - Layout is NHWC for activations. Batch is always 1 in practice but kept in shapes.
 *  - Weights are canonicalised at import:
 *      CONV2D            filter [Cout, KH, KW, Cin]  (OHWI, as TFLite stores it)
 *      DEPTHWISE_CONV2D  filter [1, KH, KW, Cin * depth_multiplier]
 *      FULLY_CONNECTED   weights [Out, In]
 *    bias is an optional third input of shape [Cout] (index -1 when absent).
 *  - Shape-like operands (reshape targets, paddings, axes, slice bounds, resize size)
 *    are folded into op params at import when they are constants; op inputs are the
 *    data tensors only. An op whose shape operand is not constant is unsupported.
 *  - All shapes are static after ge_graph_infer_shapes(); the memory plan depends on it.
 *
 * Tensors and ops refer to each other by int32 index into the graph's arrays; -1 means
 * "absent". Names and constant data live in the graph's arena.
 */
#ifndef GE_GRAPH_H
#define GE_GRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "glint/glint_types.h"
#include "util/gu_alloc.h"

#define GE_MAX_RANK 6

/* Safety limits that hostile files cannot push past (checked at import and in shape inference). */
#define GE_MAX_TENSORS 100000
#define GE_MAX_OPS 100000
#define GE_MAX_OP_INPUTS 64
#define GE_MAX_OP_OUTPUTS 16
#define GE_MAX_DIM 1000000
#define GE_MAX_TENSOR_ELEMENTS (INT64_C(1) << 28) /* 256 M elements, 1 GiB as f32 */

typedef enum ge_dtype {
    GE_DTYPE_UNKNOWN = 0,
    GE_DTYPE_F32,
    GE_DTYPE_F16,
    GE_DTYPE_I32,
    GE_DTYPE_I64,
    GE_DTYPE_I8,
    GE_DTYPE_U8,
    GE_DTYPE_I16,
    GE_DTYPE_BOOL, /* one byte per element, 0 or 1 */
    GE_DTYPE_COUNT
} ge_dtype;

size_t ge_dtype_size(ge_dtype dtype); /* bytes per element; 0 for UNKNOWN */
const char* ge_dtype_name(ge_dtype dtype);

typedef struct ge_shape {
    int32_t rank;
    int32_t dim[GE_MAX_RANK];
} ge_shape;

int64_t ge_shape_elements(const ge_shape* s); /* 1 for rank 0 */
bool ge_shape_equal(const ge_shape* a, const ge_shape* b);
/* Writes "1x224x224x3" (or "scalar") into buf. */
void ge_shape_format(const ge_shape* s, char* buf, size_t size);

/* Quantization of one tensor (int8 graphs, issue "Int8 and fp16"). NULL for float tensors. */
typedef struct ge_quant {
    int32_t axis;        /* channel axis for per-channel, -1 for per-tensor */
    int32_t count;       /* 1 for per-tensor, else dim[axis] */
    const float* scale;  /* count entries */
    const int32_t* zero_point; /* count entries */
} ge_quant;

typedef struct ge_tensor {
    const char* name;  /* never NULL; interned in the graph arena */
    ge_dtype dtype;
    ge_shape shape;
    const void* data;  /* non-NULL: constant, 64-byte aligned, owned by the graph arena */
    size_t nbytes;     /* size of data for constants */
    const ge_quant* quant;
    /* Filled by analysis (ge_graph_analyze) and the memory plan: */
    int32_t producer;      /* op index, or -1 for graph inputs and constants */
    int32_t num_consumers; /* ops reading it (+1 if it is a graph output) */
    int64_t arena_offset;  /* byte offset in the activation arena, -1 if not planned */
} ge_tensor;

typedef enum ge_op_type {
    GE_OP_NONE = 0, /* a removed op; ge_graph_compact() drops them */
    /* convolution family */
    GE_OP_CONV2D,
    GE_OP_DEPTHWISE_CONV2D,
    GE_OP_FULLY_CONNECTED,
    /* pooling and reductions */
    GE_OP_MAX_POOL2D,
    GE_OP_AVERAGE_POOL2D,
    GE_OP_MEAN,
    /* elementwise binary, numpy broadcasting, f32 and i32 */
    GE_OP_ADD,
    GE_OP_SUB,
    GE_OP_MUL,
    GE_OP_DIV,
    GE_OP_FLOOR_DIV,
    GE_OP_SQUARED_DIFFERENCE,
    GE_OP_MAXIMUM,
    GE_OP_MINIMUM,
    GE_OP_GREATER,      /* output BOOL */
    GE_OP_LESS,         /* output BOOL */
    GE_OP_EQUAL,        /* output BOOL */
    /* elementwise unary */
    GE_OP_RELU,
    GE_OP_RELU6,
    GE_OP_LOGISTIC,
    GE_OP_TANH,
    GE_OP_EXP,
    GE_OP_SQRT,
    GE_OP_RSQRT,
    GE_OP_NEG,
    GE_OP_ABS,
    GE_OP_FLOOR,
    GE_OP_CAST,         /* to the output tensor's dtype; float->int truncates toward zero */
    GE_OP_PRELU,        /* inputs: x, alpha (broadcast against x) */
    GE_OP_DEQUANTIZE,   /* f16 -> f32, or int8/uint8 with quant -> f32 */
    GE_OP_QUANTIZE,     /* f32 -> int8 with the output's quant */
    /* data movement */
    GE_OP_RESHAPE,      /* to the output tensor's shape (also ExpandDims, Squeeze) */
    GE_OP_TRANSPOSE,
    GE_OP_CONCAT,
    GE_OP_SPLIT,        /* equal or explicit sizes along an axis; several outputs (also Unpack) */
    GE_OP_PAD,
    GE_OP_STRIDED_SLICE,
    GE_OP_DEPTH_TO_SPACE,
    GE_OP_RESIZE_BILINEAR,
    GE_OP_RESIZE_NEAREST,
    GE_OP_TILE,
    /* indexing */
    GE_OP_GATHER,       /* along an axis, i32 indices (second input) */
    GE_OP_GATHER_ND,    /* i32 indices (second input), last dim indexes the leading dims of params */
    GE_OP_ARG_MAX,      /* output I32; ties pick the lowest index */
    GE_OP_TOPK,         /* outputs: values, I32 indices; sorted descending, ties by lower index */
    GE_OP_SELECT,       /* inputs: BOOL cond, a, b (broadcasting) */
    /* sparse weights (only folded at import: pose_detection) */
    GE_OP_DENSIFY,
    GE_OP_COUNT
} ge_op_type;

const char* ge_op_name(ge_op_type type); /* "CONV2D", ... */

typedef enum ge_activation {
    GE_ACT_NONE = 0,
    GE_ACT_RELU,
    GE_ACT_RELU6,
    GE_ACT_RELU_N1_TO_1,
    GE_ACT_TANH,
    GE_ACT_SIGMOID,
} ge_activation;

typedef enum ge_padding {
    GE_PADDING_EXPLICIT = 0, /* pad_* fields are authoritative */
    GE_PADDING_SAME,         /* TF "SAME": resolved into pad_* by shape inference */
    GE_PADDING_VALID,        /* no padding: shape inference sets pad_* to 0 */
} ge_padding;

typedef struct ge_conv_params { /* CONV2D, DEPTHWISE_CONV2D, MAX/AVERAGE_POOL2D */
    int32_t stride_h, stride_w;
    int32_t dilation_h, dilation_w; /* 0 is read as 1 */
    int32_t filter_h, filter_w;     /* pools only; convs take it from the filter tensor */
    ge_padding padding;
    int32_t pad_top, pad_left, pad_bottom, pad_right;
    int32_t depth_multiplier;       /* depthwise only; 0 is read as 1 */
    ge_activation act;
} ge_conv_params;

typedef struct ge_fc_params {
    ge_activation act;
    bool keep_num_dims; /* output [..., Out] instead of [batch, Out] */
} ge_fc_params;

typedef struct ge_eltwise_params { /* binary ops */
    ge_activation act;
} ge_eltwise_params;

typedef struct ge_axis_params { /* CONCAT, SPLIT, GATHER, ARG_MAX */
    int32_t axis;               /* negative counts from the end; normalised by shape inference */
    ge_activation act;          /* CONCAT only */
    int32_t num_splits;         /* SPLIT: equal parts when split_sizes is NULL */
    const int32_t* split_sizes; /* SPLIT: optional, one per output (arena) */
    int32_t batch_dims;         /* GATHER */
} ge_axis_params;

typedef struct ge_reduce_params { /* MEAN */
    uint32_t axes_mask; /* bit i set: reduce axis i */
    bool keep_dims;
} ge_reduce_params;

typedef struct ge_pad_params {
    int32_t before[GE_MAX_RANK];
    int32_t after[GE_MAX_RANK];
    float value; /* constant pad value (f32 tensors) */
} ge_pad_params;

typedef struct ge_transpose_params {
    int32_t perm[GE_MAX_RANK];
} ge_transpose_params;

typedef struct ge_slice_params { /* STRIDED_SLICE, TF semantics */
    int32_t begin[GE_MAX_RANK];
    int32_t end[GE_MAX_RANK];
    int32_t strides[GE_MAX_RANK];
    int32_t num_axes; /* entries used in begin/end/strides */
    uint32_t begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_axis_mask;
} ge_slice_params;

typedef struct ge_resize_params { /* RESIZE_BILINEAR, RESIZE_NEAREST */
    int32_t out_h, out_w;
    bool align_corners;
    bool half_pixel_centers;
} ge_resize_params;

typedef struct ge_block_params { /* DEPTH_TO_SPACE */
    int32_t block_size;
} ge_block_params;

typedef struct ge_topk_params {
    int32_t k;
} ge_topk_params;

typedef struct ge_tile_params {
    int32_t multiples[GE_MAX_RANK];
} ge_tile_params;

typedef struct ge_densify_params {
    /* CSR description of the constant input (TFLite SparsityParameters), arena-owned. */
    int32_t traversal_order[GE_MAX_RANK];
    int32_t num_dims;
    /* per dimension: dense (size) or CSR (segments, indices) */
    int32_t dim_format[GE_MAX_RANK]; /* 0 dense, 1 sparse CSR */
    int32_t dense_size[GE_MAX_RANK];
    const int32_t* segments[GE_MAX_RANK];
    int32_t num_segments[GE_MAX_RANK];
    const int32_t* indices[GE_MAX_RANK];
    int32_t num_indices[GE_MAX_RANK];
} ge_densify_params;

typedef union ge_op_params {
    ge_conv_params conv;
    ge_fc_params fc;
    ge_eltwise_params eltwise;
    ge_axis_params axis;
    ge_reduce_params reduce;
    ge_pad_params pad;
    ge_transpose_params transpose;
    ge_slice_params slice;
    ge_resize_params resize;
    ge_block_params block;
    ge_topk_params topk;
    ge_tile_params tile;
    ge_densify_params densify;
} ge_op_params;

typedef struct ge_op {
    ge_op_type type;
    const char* name; /* for messages and profiles; interned */
    int32_t num_inputs;
    const int32_t* inputs;  /* tensor indices, -1 = absent optional input */
    int32_t num_outputs;
    const int32_t* outputs;
    ge_op_params params;
} ge_op;

typedef struct ge_graph {
    gu_allocator* allocator;
    gu_arena arena; /* names, index lists, constant data */
    ge_tensor* tensors;
    int32_t num_tensors, cap_tensors;
    ge_op* ops;
    int32_t num_ops, cap_ops;
    int32_t* inputs;
    int32_t num_inputs;
    int32_t* outputs;
    int32_t num_outputs;
    size_t activation_bytes; /* set by the memory plan (ge_plan_memory) */
} ge_graph;

/* Lifetime. */
glint_result ge_graph_init(ge_graph* g, gu_allocator* allocator);
void ge_graph_free(ge_graph* g);

/*
 * Building. Names are copied. Every function returns an index >= 0, or a negative
 * glint_result (out of memory, limit exceeded) with *err filled.
 */
int32_t ge_graph_add_tensor(ge_graph* g, const char* name, ge_dtype dtype, const ge_shape* shape,
                            glint_error* err);
/* A constant. data is copied into the arena (64-byte aligned); nbytes must equal elements x dtype size. */
int32_t ge_graph_add_const(ge_graph* g, const char* name, ge_dtype dtype, const ge_shape* shape,
                           const void* data, size_t nbytes, glint_error* err);
/* A constant whose storage the caller fills: returns the index and the writable data pointer. */
int32_t ge_graph_add_const_uninit(ge_graph* g, const char* name, ge_dtype dtype, const ge_shape* shape,
                                  void** out_data, glint_error* err);
int32_t ge_graph_add_op(ge_graph* g, ge_op_type type, const char* name, const int32_t* inputs,
                        int32_t num_inputs, const int32_t* outputs, int32_t num_outputs,
                        const ge_op_params* params, glint_error* err);
glint_result ge_graph_set_io(ge_graph* g, const int32_t* inputs, int32_t num_inputs, const int32_t* outputs,
                             int32_t num_outputs, glint_error* err);

/* Finds a tensor by name; -1 if none. Linear scan: for import and tools, not hot paths. */
int32_t ge_graph_find_tensor(const ge_graph* g, const char* name);

/* Drops GE_OP_NONE ops and tensors no op or output references; keeps relative order. */
glint_result ge_graph_compact(ge_graph* g, glint_error* err);

/*
 * Checks structure (indices in range, every non-constant, non-input tensor produced exactly
 * once, ops in topological order, no cycles) and fills producer / num_consumers.
 */
glint_result ge_graph_analyze(ge_graph* g, glint_error* err);

/*
 * Shape inference, in op order: computes every op's output shapes (and dtypes where the op
 * defines them) from its inputs and params, resolves SAME padding into explicit pads and
 * normalises negative axes. An output that already has a shape (from the file) must agree,
 * or GLINT_ERROR_SHAPE_MISMATCH names the op. Enforces the GE_MAX_* limits.
 */
glint_result ge_graph_infer_shapes(ge_graph* g, glint_error* err);

/* Statistics for reports (glint-model info). */
typedef struct ge_graph_stats {
    int32_t op_counts[GE_OP_COUNT];
    int64_t params;   /* elements of every constant tensor */
    int64_t macs;     /* CONV2D, DEPTHWISE_CONV2D and FULLY_CONNECTED multiply-accumulates */
    size_t const_bytes;
} ge_graph_stats;
void ge_graph_stats_compute(const ge_graph* g, ge_graph_stats* out_stats);

#endif /* GE_GRAPH_H */
