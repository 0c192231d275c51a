/* gu_file: read a whole file into memory with a size cap (model files, weight shards). */
#ifndef GU_FILE_H
#define GU_FILE_H

#include <stddef.h>

#include "glint/glint_types.h"
#include "util/gu_alloc.h"

/*
 * Reads path into a new 64-byte-aligned buffer (free with gu_free_aligned). Files larger than
 * max_size are refused with GLINT_ERROR_LIMIT_EXCEEDED before anything is allocated.
 */
glint_result gu_file_read(const char* path, gu_allocator* allocator, size_t max_size, void** out_data,
                          size_t* out_size, glint_error* err);

#endif /* GU_FILE_H */
