/*
 * The parts of the TFLite FlatBuffer schema (schema version 3, file identifier "TFL3")
 * that the importer reads. Field ids are the declaration order inside each table,
 * deprecated fields included; a union field takes two ids (its type, then its value).
 * Enum values are those of tensorflow/lite/schema/schema.fbs.
 */
#ifndef GE_IMPORT_TFLITE_SCHEMA_H
#define GE_IMPORT_TFLITE_SCHEMA_H

#define TFL_SCHEMA_VERSION 3
#define TFL_FILE_IDENTIFIER "TFL3"

/* table Model */
enum { TFL_MODEL_VERSION = 0, TFL_MODEL_OPERATOR_CODES = 1, TFL_MODEL_SUBGRAPHS = 2, TFL_MODEL_DESCRIPTION = 3,
       TFL_MODEL_BUFFERS = 4, TFL_MODEL_METADATA_BUFFER = 5, TFL_MODEL_METADATA = 6, TFL_MODEL_SIGNATURE_DEFS = 7 };

/* table OperatorCode */
enum { TFL_OPCODE_DEPRECATED_BUILTIN_CODE = 0, TFL_OPCODE_CUSTOM_CODE = 1, TFL_OPCODE_VERSION = 2,
       TFL_OPCODE_BUILTIN_CODE = 3 };

/* table SubGraph */
enum { TFL_SUBGRAPH_TENSORS = 0, TFL_SUBGRAPH_INPUTS = 1, TFL_SUBGRAPH_OUTPUTS = 2, TFL_SUBGRAPH_OPERATORS = 3,
       TFL_SUBGRAPH_NAME = 4 };

/* table Buffer: data, or (files over 2 GB) offset/size from the start of the file, valid when offset > 1 */
enum { TFL_BUFFER_DATA = 0, TFL_BUFFER_OFFSET = 1, TFL_BUFFER_SIZE = 2 };

/* table Metadata */
enum { TFL_METADATA_NAME = 0, TFL_METADATA_BUFFER = 1 };

/* table Tensor */
enum { TFL_TENSOR_SHAPE = 0, TFL_TENSOR_TYPE = 1, TFL_TENSOR_BUFFER = 2, TFL_TENSOR_NAME = 3,
       TFL_TENSOR_QUANTIZATION = 4, TFL_TENSOR_IS_VARIABLE = 5, TFL_TENSOR_SPARSITY = 6,
       TFL_TENSOR_SHAPE_SIGNATURE = 7, TFL_TENSOR_HAS_RANK = 8, TFL_TENSOR_VARIANT_TENSORS = 9 };

/* table QuantizationParameters (details is a union: type 4, value 5) */
enum { TFL_QUANT_MIN = 0, TFL_QUANT_MAX = 1, TFL_QUANT_SCALE = 2, TFL_QUANT_ZERO_POINT = 3,
       TFL_QUANT_DETAILS_TYPE = 4, TFL_QUANT_DETAILS = 5, TFL_QUANT_QUANTIZED_DIMENSION = 6 };

/* table SparsityParameters */
enum { TFL_SPARSITY_TRAVERSAL_ORDER = 0, TFL_SPARSITY_BLOCK_MAP = 1, TFL_SPARSITY_DIM_METADATA = 2 };

/* table DimensionMetadata (array_segments and array_indices are SparseIndexVector unions) */
enum { TFL_DIMMETA_FORMAT = 0, TFL_DIMMETA_DENSE_SIZE = 1, TFL_DIMMETA_SEGMENTS_TYPE = 2, TFL_DIMMETA_SEGMENTS = 3,
       TFL_DIMMETA_INDICES_TYPE = 4, TFL_DIMMETA_INDICES = 5 };
/* enum DimensionType */
enum { TFL_DIM_DENSE = 0, TFL_DIM_SPARSE_CSR = 1 };
/* union SparseIndexVector; each member table has one field, values (id 0) */
enum { TFL_SIV_NONE = 0, TFL_SIV_INT32 = 1, TFL_SIV_UINT16 = 2, TFL_SIV_UINT8 = 3 };

/* table Operator (builtin_options is a union: type 3, value 4) */
enum { TFL_OP_OPCODE_INDEX = 0, TFL_OP_INPUTS = 1, TFL_OP_OUTPUTS = 2, TFL_OP_BUILTIN_OPTIONS_TYPE = 3,
       TFL_OP_BUILTIN_OPTIONS = 4, TFL_OP_CUSTOM_OPTIONS = 5, TFL_OP_CUSTOM_OPTIONS_FORMAT = 6,
       TFL_OP_MUTATING_VARIABLE_INPUTS = 7, TFL_OP_INTERMEDIATES = 8 };

/* enum TensorType */
enum { TFL_TYPE_FLOAT32 = 0, TFL_TYPE_FLOAT16 = 1, TFL_TYPE_INT32 = 2, TFL_TYPE_UINT8 = 3, TFL_TYPE_INT64 = 4,
       TFL_TYPE_STRING = 5, TFL_TYPE_BOOL = 6, TFL_TYPE_INT16 = 7, TFL_TYPE_COMPLEX64 = 8, TFL_TYPE_INT8 = 9,
       TFL_TYPE_FLOAT64 = 10 };

/* enum BuiltinOperator (the ones glint maps, plus the custom marker) */
enum {
    TFL_ADD = 0, TFL_AVERAGE_POOL_2D = 1, TFL_CONCATENATION = 2, TFL_CONV_2D = 3, TFL_DEPTHWISE_CONV_2D = 4,
    TFL_DEPTH_TO_SPACE = 5, TFL_DEQUANTIZE = 6, TFL_FLOOR = 8, TFL_FULLY_CONNECTED = 9, TFL_LOGISTIC = 14,
    TFL_MAX_POOL_2D = 17, TFL_MUL = 18, TFL_RELU = 19, TFL_RELU_N1_TO_1 = 20, TFL_RELU6 = 21, TFL_RESHAPE = 22,
    TFL_RESIZE_BILINEAR = 23, TFL_TANH = 28, TFL_CUSTOM = 32, TFL_PAD = 34, TFL_MEAN = 40, TFL_SUB = 41,
    TFL_DIV = 42, TFL_EXP = 47, TFL_PRELU = 54, TFL_MAXIMUM = 55, TFL_MINIMUM = 57, TFL_NEG = 59, TFL_SQRT = 75,
    TFL_RSQRT = 76, TFL_RESIZE_NEAREST_NEIGHBOR = 97, TFL_SQUARED_DIFFERENCE = 99, TFL_ABS = 101,
    TFL_QUANTIZE = 114, TFL_DENSIFY = 124,
    /* Codes below this live in deprecated_builtin_code too; TFLite takes the max of both fields. */
    TFL_PLACEHOLDER_FOR_GREATER_OP_CODES = 127,
};

/* union BuiltinOptions member ids (0 = NONE) */
enum {
    TFL_OPT_NONE = 0, TFL_OPT_CONV2D = 1, TFL_OPT_DEPTHWISE_CONV2D = 2, TFL_OPT_POOL2D = 5,
    TFL_OPT_FULLY_CONNECTED = 8, TFL_OPT_CONCATENATION = 10, TFL_OPT_ADD = 11, TFL_OPT_RESIZE_BILINEAR = 15,
    TFL_OPT_RESHAPE = 17, TFL_OPT_MUL = 21, TFL_OPT_PAD = 22, TFL_OPT_REDUCER = 27, TFL_OPT_SUB = 28,
    TFL_OPT_DIV = 29, TFL_OPT_EXP = 33, TFL_OPT_DEQUANTIZE = 38, TFL_OPT_MAXIMUM_MINIMUM = 39, TFL_OPT_NEG = 42,
    TFL_OPT_RESIZE_NEAREST_NEIGHBOR = 74, TFL_OPT_SQUARED_DIFFERENCE = 76, TFL_OPT_ABS = 78,
    TFL_OPT_QUANTIZE = 89, TFL_OPT_DEPTH_TO_SPACE = 94, TFL_OPT_DENSIFY = 99,
};

/* Fields of the option tables used. */
enum { TFL_CONV_PADDING = 0, TFL_CONV_STRIDE_W = 1, TFL_CONV_STRIDE_H = 2, TFL_CONV_ACT = 3,
       TFL_CONV_DILATION_W = 4, TFL_CONV_DILATION_H = 5 };
enum { TFL_DW_PADDING = 0, TFL_DW_STRIDE_W = 1, TFL_DW_STRIDE_H = 2, TFL_DW_DEPTH_MULTIPLIER = 3, TFL_DW_ACT = 4,
       TFL_DW_DILATION_W = 5, TFL_DW_DILATION_H = 6 };
enum { TFL_POOL_PADDING = 0, TFL_POOL_STRIDE_W = 1, TFL_POOL_STRIDE_H = 2, TFL_POOL_FILTER_W = 3,
       TFL_POOL_FILTER_H = 4, TFL_POOL_ACT = 5 };
enum { TFL_FC_ACT = 0, TFL_FC_WEIGHTS_FORMAT = 1, TFL_FC_KEEP_NUM_DIMS = 2 };
enum { TFL_CONCAT_AXIS = 0, TFL_CONCAT_ACT = 1 };
enum { TFL_BINARY_ACT = 0 }; /* AddOptions, SubOptions, MulOptions, DivOptions */
enum { TFL_RESIZE_BILINEAR_ALIGN_CORNERS = 2, TFL_RESIZE_BILINEAR_HALF_PIXEL = 3 }; /* 0, 1 deprecated */
enum { TFL_RESIZE_NEAREST_ALIGN_CORNERS = 0, TFL_RESIZE_NEAREST_HALF_PIXEL = 1 };
enum { TFL_D2S_BLOCK_SIZE = 0 };
enum { TFL_REDUCER_KEEP_DIMS = 0 };

/* enum Padding and enum ActivationFunctionType */
enum { TFL_PADDING_SAME = 0, TFL_PADDING_VALID = 1 };
enum { TFL_ACT_NONE = 0, TFL_ACT_RELU = 1, TFL_ACT_RELU_N1_TO_1 = 2, TFL_ACT_RELU6 = 3, TFL_ACT_TANH = 4,
       TFL_ACT_SIGN_BIT = 5 };

#endif /* GE_IMPORT_TFLITE_SCHEMA_H */
