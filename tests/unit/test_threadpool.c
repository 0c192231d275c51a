/*
 * gu_threadpool: every task runs exactly once per job, thread indices stay in range, jobs of
 * every size (0, 1, fewer and more tasks than threads) complete, a pool is reused for many
 * back-to-back jobs (the network case), and nothing is allocated after create. Builds without
 * threads (WebAssembly without -pthread) get a pool of one that runs every task on the caller.
 */
#include <stdatomic.h>

#include "test_util.h"
#include "util/gu_threadpool.h"

#define MAX_TASKS 1000

typedef struct job {
    atomic_int count[MAX_TASKS];
    atomic_int bad_thread;
    int threads;
} job;

static void task(void* ctx, int32_t t, int32_t thread) {
    job* j = ctx;
    atomic_fetch_add(&j->count[t], 1);
    if (thread < 0 || thread >= j->threads) atomic_fetch_add(&j->bad_thread, 1);
    if (t % 7 == 0) /* uneven work */
        for (volatile int i = 0; i < 2000; i++) {
        }
}

int main(void) {
    static job j;
    for (int threads = 1; threads <= 4; threads++) {
        gu_allocator alloc;
        gu_allocator_init(&alloc, NULL);
        gu_threadpool* pool = NULL;
        glint_error err;
        CHECK(gu_threadpool_create(&alloc, threads, &pool, &err) == GLINT_SUCCESS);
        CHECK(gu_threadpool_threads(pool) == (gu_threadpool_supported() ? threads : 1));
        j.threads = gu_threadpool_threads(pool);
        const size_t allocs = alloc.total_allocations;
        static const int sizes[] = {0, 1, 2, 3, 5, 17, 64, 1000};
        for (int rep = 0; rep < 200; rep++) {
            int n = sizes[rep % 8];
            for (int t = 0; t < MAX_TASKS; t++) atomic_store(&j.count[t], 0);
            atomic_store(&j.bad_thread, 0);
            gu_threadpool_run(pool, n, task, &j);
            int wrong = 0;
            for (int t = 0; t < MAX_TASKS; t++) wrong += atomic_load(&j.count[t]) != (t < n ? 1 : 0);
            CHECK_MSG(wrong == 0, "threads %d job %d (%d tasks): %d tasks ran a wrong number of times", threads, rep,
                      n, wrong);
            CHECK(atomic_load(&j.bad_thread) == 0);
        }
        CHECK_MSG(alloc.total_allocations == allocs, "%zu allocations while running",
                  alloc.total_allocations - allocs);
        gu_threadpool_destroy(pool);
        CHECK(alloc.live_allocations == 0);
    }
    /* NULL pool: the caller runs everything */
    j.threads = 1;
    for (int t = 0; t < MAX_TASKS; t++) atomic_store(&j.count[t], 0);
    gu_threadpool_run(NULL, 10, task, &j);
    for (int t = 0; t < 10; t++) CHECK(atomic_load(&j.count[t]) == 1);
    return test_finish();
}
