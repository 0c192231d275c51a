#include "gu_log.h"

#include <stdarg.h>
#include <stdio.h>

void gu_log(const glint_logger* logger, glint_log_level level, const char* fmt, ...) {
    if (!logger || !logger->func) return;
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    logger->func(level, buf, logger->user_data);
}
