#include "gu_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

glint_result gu_errorf(glint_error* err, glint_result code, const char* fmt, ...) {
    if (err) {
        err->code = code;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof(err->message), fmt, ap);
        va_end(ap);
    }
    return code;
}

void gu_error_clear(glint_error* err) {
    if (err) memset(err, 0, sizeof(*err));
}

const char* glint_result_string(glint_result result) {
    switch (result) {
    case GLINT_SUCCESS: return "success";
    case GLINT_SKIPPED: return "skipped";
    case GLINT_ERROR_INVALID_ARGUMENT: return "invalid argument";
    case GLINT_ERROR_OUT_OF_MEMORY: return "out of memory";
    case GLINT_ERROR_IO: return "i/o error";
    case GLINT_ERROR_MODEL_FORMAT: return "malformed model file";
    case GLINT_ERROR_MODEL_UNSUPPORTED: return "unsupported model feature";
    case GLINT_ERROR_SHAPE_MISMATCH: return "shape mismatch";
    case GLINT_ERROR_LIMIT_EXCEEDED: return "safety limit exceeded";
    case GLINT_ERROR_CHECKSUM: return "checksum mismatch";
    case GLINT_ERROR_IMAGE_FORMAT: return "unsupported or inconsistent image";
    case GLINT_ERROR_BACKEND_UNAVAILABLE: return "backend unavailable";
    case GLINT_ERROR_DEVICE_LOST: return "device lost";
    case GLINT_ERROR_INTERNAL: return "internal error";
    }
    return "unknown result";
}
