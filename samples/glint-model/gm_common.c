#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glint-model/gm.h"

const char* gm_dtype_name(glint_dtype dtype) {
    switch (dtype) {
    case GLINT_DTYPE_F32: return "float32";
    case GLINT_DTYPE_F16: return "float16";
    case GLINT_DTYPE_I32: return "int32";
    case GLINT_DTYPE_I64: return "int64";
    case GLINT_DTYPE_I8: return "int8";
    case GLINT_DTYPE_U8: return "uint8";
    case GLINT_DTYPE_I16: return "int16";
    case GLINT_DTYPE_BOOL: return "bool";
    default: return "unknown";
    }
}

void gm_format_shape(const glint_tensor_info* info, char* buf, size_t size) {
    size_t n = 0;
    buf[0] = 0;
    for (int32_t i = 0; i < info->rank && n < size; i++)
        n += (size_t)snprintf(buf + n, size - n, i ? "x%d" : "%d", (int)info->shape[i]);
    if (info->rank == 0) snprintf(buf, size, "scalar");
}

glint_model* gm_load_model(const char* path, const char* input_shape) {
    return gm_load_model_on(path, input_shape, GLINT_BACKEND_AUTO, NULL);
}

glint_model* gm_load_model_on(const char* path, const char* input_shape, int backend, const char* device) {
    glint_model_desc desc;
    memset(&desc, 0, sizeof(desc));
    desc.path = path;
    desc.backend = (glint_backend)backend;
    desc.device = device;
    if (input_shape) {
        const char* p = input_shape;
        while (*p && desc.input_rank < GLINT_MAX_RANK) {
            char* end;
            long v = strtol(p, &end, 10);
            if (end == p || v <= 0) break;
            desc.input_shape[desc.input_rank++] = (int32_t)v;
            p = *end == 'x' ? end + 1 : end;
        }
    }
    glint_error err;
    glint_model* model = NULL;
    glint_result r = glint_model_load(&desc, &model, &err);
    if (r < 0) {
        fprintf(stderr, "glint-model: cannot load '%s': %s (%s)\n", path, err.message, glint_result_string(r));
        return NULL;
    }
    return model;
}

void gm_json_string(FILE* f, const char* s) {
    fputc('"', f);
    for (const unsigned char* p = (const unsigned char*)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}
