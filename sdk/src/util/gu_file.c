#include "util/gu_file.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "util/gu_error.h"

glint_result gu_file_read(const char* path, gu_allocator* allocator, size_t max_size, void** out_data,
                          size_t* out_size, glint_error* err) {
    *out_data = NULL;
    *out_size = 0;
    if (!path) return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "file: path is NULL");
    FILE* f = fopen(path, "rb");
    if (!f) return gu_errorf(err, GLINT_ERROR_IO, "cannot open '%s': %s", path, strerror(errno));
    long size = -1;
    if (fseek(f, 0, SEEK_END) == 0) size = ftell(f);
    if (size < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return gu_errorf(err, GLINT_ERROR_IO, "cannot determine the size of '%s'", path);
    }
    if ((unsigned long)size > max_size) {
        fclose(f);
        return gu_errorf(err, GLINT_ERROR_LIMIT_EXCEEDED, "'%s' is %ld bytes, above the limit of %zu", path, size,
                         max_size);
    }
    void* data = gu_malloc_aligned(allocator, (size_t)size + 1, 64);
    if (!data) {
        fclose(f);
        return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "out of memory reading '%s' (%ld bytes)", path, size);
    }
    size_t got = size ? fread(data, 1, (size_t)size, f) : 0;
    fclose(f);
    if (got != (size_t)size) {
        gu_free_aligned(allocator, data);
        return gu_errorf(err, GLINT_ERROR_IO, "short read on '%s' (%zu of %ld bytes)", path, got, size);
    }
    ((char*)data)[size] = 0; /* lets text parsers treat the buffer as a C string too */
    *out_data = data;
    *out_size = (size_t)size;
    return GLINT_SUCCESS;
}
