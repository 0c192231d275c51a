/* gu_log: route messages to the user's logger hook; silent when there is none. */
#ifndef GU_LOG_H
#define GU_LOG_H

#include "glint/glint_types.h"

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
void gu_log(const glint_logger* logger, glint_log_level level, const char* fmt, ...);

#endif /* GU_LOG_H */
