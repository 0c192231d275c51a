/*
 * glint: shared public types (result codes, allocator and logger hooks, error details).
 *
 * Every public function returns a glint_result: 0 is success, positive values are
 * non-error conditions, negative values are errors. Output parameters are named out_*.
 */
#ifndef GLINT_TYPES_H
#define GLINT_TYPES_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32) && defined(GLINT_BUILD_SHARED)
#define GLINT_API __declspec(dllexport)
#elif defined(__GNUC__)
#define GLINT_API __attribute__((visibility("default")))
#else
#define GLINT_API
#endif

typedef enum glint_result {
    GLINT_SUCCESS = 0,
    /* Positive: not an error. */
    GLINT_SKIPPED = 1, /* the requested work was not done this time (e.g. budget) */

    /* Negative: errors. Keep glint_result_string() in sync. */
    GLINT_ERROR_INVALID_ARGUMENT = -1,   /* NULL pointer, out-of-range value */
    GLINT_ERROR_OUT_OF_MEMORY = -2,      /* an allocation failed */
    GLINT_ERROR_IO = -3,                 /* a file could not be opened or read */
    GLINT_ERROR_MODEL_FORMAT = -4,       /* malformed, truncated or inconsistent model file */
    GLINT_ERROR_MODEL_UNSUPPORTED = -5,  /* valid file, but an op / dtype / feature we do not run */
    GLINT_ERROR_SHAPE_MISMATCH = -6,     /* tensor shapes do not agree */
    GLINT_ERROR_LIMIT_EXCEEDED = -7,     /* a size is above a safety limit (huge dims, arena) */
    GLINT_ERROR_CHECKSUM = -8,           /* content hash does not match */
    GLINT_ERROR_IMAGE_FORMAT = -9,       /* unsupported or inconsistent image */
    GLINT_ERROR_BACKEND_UNAVAILABLE = -10, /* no such backend on this machine */
    GLINT_ERROR_DEVICE_LOST = -11,       /* the GPU went away */
    GLINT_ERROR_INTERNAL = -12,          /* a bug: please report */
} glint_result;

/* A short, static, human-readable name for a result code. Never NULL. */
GLINT_API const char* glint_result_string(glint_result result);

/*
 * Allocator hook. Zero-initialised means malloc/free. alloc must return memory aligned
 * to at least 16 bytes; the SDK over-aligns internally where it needs more.
 */
typedef struct glint_allocator {
    void* (*alloc)(size_t size, void* user_data);
    void (*free)(void* ptr, void* user_data);
    void* user_data;
} glint_allocator;

typedef enum glint_log_level {
    GLINT_LOG_ERROR = 0,
    GLINT_LOG_WARN = 1,
    GLINT_LOG_INFO = 2,
    GLINT_LOG_DEBUG = 3,
} glint_log_level;

/* Logger hook. Zero-initialised means silent: the SDK prints nothing unless asked. */
typedef struct glint_logger {
    void (*func)(glint_log_level level, const char* message, void* user_data);
    void* user_data;
} glint_logger;

/* Detailed error: the code plus a message that says what was wrong and where. */
typedef struct glint_error {
    glint_result code;
    char message[256];
} glint_error;

#ifdef __cplusplus
}
#endif

#endif /* GLINT_TYPES_H */
