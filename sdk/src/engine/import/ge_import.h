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

#endif /* GE_IMPORT_H */
