/*
 * gu_threadpool: a small fork-join pool for the CPU kernels.
 *
 * gu_threadpool_run(pool, n, fn, ctx) calls fn(ctx, task, thread) once for every task in
 * [0, n) and returns when all are done. The calling thread works too (it is thread 0), so a
 * pool of T threads starts T-1 workers, and a NULL pool (or T = 1) simply runs the tasks in
 * order on the caller: one thread never pays for synchronisation. Tasks are handed out one
 * at a time from an atomic counter, so uneven tasks balance themselves, and the caller waits
 * for the tasks, not the workers: a worker the OS has not scheduled (more threads than free
 * cores) never stalls a job. Jobs of more than 2^20 - 1 tasks run on the caller alone.
 *
 * Workers spin briefly after a job before they sleep on a condition variable: a network is
 * dozens of short jobs in a row, and waking a sleeping thread costs more than most of them.
 * Nothing is allocated after create. Not re-entrant: one run at a time per pool.
 * Where threads are unavailable (no pthreads, or emscripten without -pthread) create gives a
 * pool that runs everything on the caller.
 */
#ifndef GU_THREADPOOL_H
#define GU_THREADPOOL_H

#include <stdbool.h>
#include <stdint.h>

#include "util/gu_alloc.h"

typedef struct gu_threadpool gu_threadpool;

typedef void (*gu_task_fn)(void* ctx, int32_t task, int32_t thread);

/* threads >= 1 (clamped to GU_THREADPOOL_MAX). */
#define GU_THREADPOOL_MAX 64
glint_result gu_threadpool_create(gu_allocator* allocator, int32_t threads, gu_threadpool** out_pool,
                                  glint_error* err);
void gu_threadpool_destroy(gu_threadpool* pool); /* NULL is fine */

/* False where this build has no threads (a pool then always has 1). */
bool gu_threadpool_supported(void);

/* Threads that run tasks (1 for NULL). */
int32_t gu_threadpool_threads(const gu_threadpool* pool);

void gu_threadpool_run(gu_threadpool* pool, int32_t num_tasks, gu_task_fn fn, void* ctx);

#endif /* GU_THREADPOOL_H */
