/*
 * gu_threadpool: see gu_threadpool.h.
 *
 * A job is published as one 64-bit word: generation (24 bits), task count and next task index
 * (20 bits each). Threads claim a task with a compare-and-swap on that word, so a claim only
 * succeeds for the job that is current and for an index below its count; the job's function
 * and context sit in one of two slots (by generation parity), read only by a thread that holds
 * a claimed task, which keeps the job (and its slot) alive until that task is done. The caller waits
 * for the job's tasks to be done, not for the workers: a worker the OS has not scheduled yet
 * (an oversubscribed machine) never holds a job up, the caller simply runs more of its tasks.
 */
#include "util/gu_threadpool.h"

#include <string.h>

#include "util/gu_error.h"

#if !defined(_WIN32) && (!defined(__EMSCRIPTEN__) || defined(__EMSCRIPTEN_PTHREADS__))
#define GU_HAVE_THREADS 1
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define GU_PAUSE() _mm_pause()
#elif defined(__aarch64__)
#define GU_PAUSE() __asm__ volatile("yield")
#else
#define GU_PAUSE() ((void)0)
#endif
#endif

/* Spin iterations before a thread sleeps (tens of microseconds: longer than the gap between two
 * ops of a network, short enough not to burn a shared core between frames). */
#define GU_SPIN_LIMIT 4000

/* The claim word's fields. */
#define GU_TASK_BITS 20
#define GU_TASK_MASK ((UINT64_C(1) << GU_TASK_BITS) - 1)
#define GU_GEN_MASK ((UINT32_C(1) << 24) - 1)

#ifdef GU_HAVE_THREADS
typedef struct gu_job {
    gu_task_fn fn;
    void* ctx;
    int32_t num_tasks;
} gu_job;
#endif

struct gu_threadpool {
    gu_allocator* allocator;
    int32_t threads;
#ifdef GU_HAVE_THREADS
    int32_t started; /* workers actually running */
    pthread_t worker[GU_THREADPOOL_MAX];
    struct gu_worker_arg {
        gu_threadpool* pool;
        int32_t thread; /* 1.. (the caller is 0) */
    } arg[GU_THREADPOOL_MAX];
    pthread_mutex_t mutex;
    pthread_cond_t wake;      /* a new job or shutdown */
    pthread_cond_t finished;  /* the last task of a job is done */
    gu_job slot[2];           /* the job of generation g is slot[g & 1] */
    uint32_t gen;             /* the caller's count of jobs */
    atomic_uint_fast64_t claim; /* generation << 40 | task count << 20 | next task */
    atomic_uint generation;     /* what workers wait on */
    atomic_int done;            /* tasks of the current job finished */
    atomic_bool shutdown;
    int32_t sleepers;           /* workers waiting on `wake` (under mutex) */
    bool caller_waiting;        /* the caller sleeps on `finished` (under mutex) */
#endif
};

#ifdef GU_HAVE_THREADS
/* Claims and runs tasks of job g until it has none left or is no longer current. */
static void work(gu_threadpool* p, uint32_t g, int32_t thread) {
    for (;;) {
        uint_fast64_t v = atomic_load_explicit(&p->claim, memory_order_acquire);
        if ((uint32_t)(v >> (2 * GU_TASK_BITS)) != (g & GU_GEN_MASK)) return;
        const int32_t task = (int32_t)(v & GU_TASK_MASK);
        if ((uint64_t)task >= ((v >> GU_TASK_BITS) & GU_TASK_MASK)) return;
        if (!atomic_compare_exchange_weak_explicit(&p->claim, &v, v + 1, memory_order_acq_rel, memory_order_relaxed))
            continue;
        const gu_job* job = &p->slot[g & 1]; /* stable: the job cannot end before this task does */
        job->fn(job->ctx, task, thread);
        if (atomic_fetch_add_explicit(&p->done, 1, memory_order_acq_rel) + 1 == job->num_tasks) {
            pthread_mutex_lock(&p->mutex);
            if (p->caller_waiting) pthread_cond_signal(&p->finished);
            pthread_mutex_unlock(&p->mutex);
        }
    }
}

static void* worker_main(void* arg) {
    const struct gu_worker_arg* a = arg;
    gu_threadpool* p = a->pool;
    const int32_t thread = a->thread;
    unsigned seen = 0u; /* the generation at create: a job may start before this thread runs */
    for (;;) {
        unsigned g;
        int spins = 0;
        while ((g = atomic_load_explicit(&p->generation, memory_order_acquire)) == seen &&
               !atomic_load_explicit(&p->shutdown, memory_order_relaxed) && spins < GU_SPIN_LIMIT) {
            GU_PAUSE();
            spins++;
        }
        if (g == seen && !atomic_load(&p->shutdown)) {
            pthread_mutex_lock(&p->mutex);
            p->sleepers++;
            while ((g = atomic_load(&p->generation)) == seen && !atomic_load(&p->shutdown))
                pthread_cond_wait(&p->wake, &p->mutex);
            p->sleepers--;
            pthread_mutex_unlock(&p->mutex);
        }
        if (atomic_load(&p->shutdown)) break;
        seen = g;
        work(p, g, thread);
    }
    return NULL;
}
#endif

glint_result gu_threadpool_create(gu_allocator* allocator, int32_t threads, gu_threadpool** out_pool,
                                  glint_error* err) {
    *out_pool = NULL;
    if (threads < 1) threads = 1;
    if (threads > GU_THREADPOOL_MAX) threads = GU_THREADPOOL_MAX;
    gu_threadpool* p = gu_calloc(allocator, 1, sizeof(*p));
    if (!p) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "thread pool: out of memory");
    p->allocator = allocator;
    p->threads = 1;
#ifdef GU_HAVE_THREADS
    pthread_mutex_init(&p->mutex, NULL);
    pthread_cond_init(&p->wake, NULL);
    pthread_cond_init(&p->finished, NULL);
    atomic_init(&p->claim, (uint_fast64_t)0);
    atomic_init(&p->generation, 0u);
    atomic_init(&p->done, 0);
    atomic_init(&p->shutdown, false);
    for (int32_t i = 0; i + 1 < threads; i++) {
        p->arg[i].pool = p;
        p->arg[i].thread = i + 1;
        if (pthread_create(&p->worker[i], NULL, worker_main, &p->arg[i]) != 0) break;
        p->started++;
    }
    p->threads = 1 + p->started;
#endif
    *out_pool = p;
    return GLINT_SUCCESS;
}

void gu_threadpool_destroy(gu_threadpool* p) {
    if (!p) return;
#ifdef GU_HAVE_THREADS
    pthread_mutex_lock(&p->mutex);
    atomic_store(&p->shutdown, true);
    pthread_cond_broadcast(&p->wake);
    pthread_mutex_unlock(&p->mutex);
    for (int32_t i = 0; i < p->started; i++) pthread_join(p->worker[i], NULL);
    pthread_cond_destroy(&p->finished);
    pthread_cond_destroy(&p->wake);
    pthread_mutex_destroy(&p->mutex);
#endif
    gu_free(p->allocator, p);
}

bool gu_threadpool_supported(void) {
#ifdef GU_HAVE_THREADS
    return true;
#else
    return false;
#endif
}

int32_t gu_threadpool_threads(const gu_threadpool* p) {
    return p ? p->threads : 1;
}

void gu_threadpool_run(gu_threadpool* p, int32_t num_tasks, gu_task_fn fn, void* ctx) {
    if (num_tasks <= 0) return;
#ifdef GU_HAVE_THREADS
    if (p && p->started > 0 && num_tasks > 1 && (uint64_t)num_tasks <= GU_TASK_MASK) {
        /* Publish: the slot first, then the claim word (release), then wake the workers. The
         * previous job is complete, so no thread can still claim from this slot's last use. */
        const uint32_t g = ++p->gen;
        p->slot[g & 1] = (gu_job){fn, ctx, num_tasks};
        atomic_store_explicit(&p->done, 0, memory_order_relaxed);
        atomic_store_explicit(&p->claim,
                              ((uint_fast64_t)(g & GU_GEN_MASK) << (2 * GU_TASK_BITS)) |
                                  ((uint_fast64_t)num_tasks << GU_TASK_BITS),
                              memory_order_release);
        pthread_mutex_lock(&p->mutex);
        atomic_store_explicit(&p->generation, g, memory_order_release);
        if (p->sleepers) pthread_cond_broadcast(&p->wake);
        pthread_mutex_unlock(&p->mutex);
        work(p, g, 0);
        /* Wait for the tasks other threads claimed: spin first, then sleep. */
        int spins = 0;
        while (atomic_load_explicit(&p->done, memory_order_acquire) < num_tasks && spins < GU_SPIN_LIMIT) {
            GU_PAUSE();
            spins++;
        }
        if (atomic_load(&p->done) < num_tasks) {
            pthread_mutex_lock(&p->mutex);
            p->caller_waiting = true;
            while (atomic_load(&p->done) < num_tasks) pthread_cond_wait(&p->finished, &p->mutex);
            p->caller_waiting = false;
            pthread_mutex_unlock(&p->mutex);
        }
        return;
    }
#endif
    (void)p;
    for (int32_t t = 0; t < num_tasks; t++) fn(ctx, t, 0);
}
