/* gu_error: fill a glint_error with a code and a formatted message, in one line. */
#ifndef GU_ERROR_H
#define GU_ERROR_H

#include "glint/glint_types.h"

/* Writes code and message into *err (when err is not NULL) and returns code. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
glint_result gu_errorf(glint_error* err, glint_result code, const char* fmt, ...);

/* Clears *err to success. */
void gu_error_clear(glint_error* err);

#endif /* GU_ERROR_H */
