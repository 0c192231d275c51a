/*
 * ge_import: model importers. Each one fills a freshly initialised ge_graph (ge_graph_init)
 * from a file format; on failure the graph may hold a partial import, which the caller frees
 * with ge_graph_free as usual.
 */
#ifndef GE_IMPORT_H
#define GE_IMPORT_H

#include <stddef.h>

#include "engine/ge_graph.h"

/*
 * TFLite flatbuffer (schema v3, identifier "TFL3"), read straight from the bytes with every
 * offset bounds-checked; data may have any alignment and is not referenced after the call
 * (constants are copied into the graph arena). Imports subgraph 0, checks the structure
 * (ge_graph_analyze) and runs shape inference. Errors: GLINT_ERROR_MODEL_FORMAT (malformed or
 * inconsistent file), GLINT_ERROR_MODEL_UNSUPPORTED (op, dtype or feature glint does not run),
 * GLINT_ERROR_LIMIT_EXCEEDED (sizes above the GE_MAX_* limits), GLINT_ERROR_OUT_OF_MEMORY.
 */
glint_result ge_import_tflite(ge_graph* g, const void* data, size_t size, glint_error* err);

/*
 * TF.js graph model (model.json + binary weight shards, see docs models.md 4.1). The file
 * variant reads model.json and the shards named in weightsManifest from the json's folder;
 * a shard path must be a plain file name (no '/', '\\', ':', "." or ".."), and file sizes are
 * bounded. The memory variant takes the shards in manifest order (all paths of group 0, then
 * group 1, ...). input_shape_override (NULL: from the file) replaces the shape of the first
 * graph input, for models with free dimensions (MoveNet MultiPose: 1xHxWx3); it must agree with
 * every dimension the file fixes. Nodes are lowered into the IR with shape operands folded
 * into op params; shape arithmetic on static shapes (Shape, StridedSlice, Pack, Range, ...)
 * is evaluated at import. Ends with ge_graph_analyze and ge_graph_infer_shapes. Errors as for
 * ge_import_tflite, plus GLINT_ERROR_IO (a file cannot be read) and GLINT_ERROR_INVALID_ARGUMENT
 * (bad override or shard list); every message names the node and op at fault.
 */
glint_result ge_import_tfjs(ge_graph* g, const char* model_json_path, const ge_shape* input_shape_override,
                            glint_error* err);
glint_result ge_import_tfjs_memory(ge_graph* g, const char* json, size_t json_len, const void* const* shards,
                                   const size_t* shard_sizes, int num_shards, const ge_shape* input_shape_override,
                                   glint_error* err);

#endif /* GE_IMPORT_H */
