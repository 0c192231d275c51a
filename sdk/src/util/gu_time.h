/* gu_time: a monotonic clock in nanoseconds (profiling, budgets). */
#ifndef GU_TIME_H
#define GU_TIME_H

#include <stdint.h>

int64_t gu_time_ns(void);

#endif /* GU_TIME_H */
