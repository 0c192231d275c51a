/*
 * gv_spirv: the SPIR-V modules built from shaders/ and embedded in the library.
 *
 * shaders/CMakeLists.txt compiles every shaders/<name>.comp (glslc) and <name>.spvasm
 * (spirv-as) and shaders/embed_spirv.cmake writes them into gv_spirv_data.c as one table,
 * sorted by name. Shader names say op, precision and variant: conv1x1_f32_tile4x4,
 * dwconv_f32_c4, binary_f32_bcast, ... (shaders/README.md has the scheme).
 */
#ifndef GV_SPIRV_H
#define GV_SPIRV_H

#include <stdint.h>

typedef struct gv_spirv_module {
    const char* name;     /* file name without extension */
    const uint32_t* code; /* SPIR-V words */
    int32_t words;
} gv_spirv_module;

extern const gv_spirv_module gv_spirv_modules[];
extern const int32_t gv_spirv_module_count;

/* The module called name, or NULL (e.g. an .spvasm shader left out of a build without spirv-as). */
const gv_spirv_module* gv_spirv_find(const char* name);

#endif /* GV_SPIRV_H */
