/* Helpers shared by the TFLite importer tests: whole-file reading. */
#ifndef TEST_IMPORT_TFLITE_UTIL_H
#define TEST_IMPORT_TFLITE_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* The whole file, malloc'ed; NULL when it cannot be read. */
static inline uint8_t* tflt_read_file(const char* path, size_t* out_size) {
    FILE* f = fopen(path, "rb");
    if (!f) return NULL;
    uint8_t* data = NULL;
    long n = -1;
    if (fseek(f, 0, SEEK_END) == 0) n = ftell(f);
    if (n >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        data = malloc((size_t)n + 1);
        if (data && fread(data, 1, (size_t)n, f) != (size_t)n) {
            free(data);
            data = NULL;
        }
    }
    fclose(f);
    if (data) *out_size = (size_t)n;
    return data;
}

#endif /* TEST_IMPORT_TFLITE_UTIL_H */
