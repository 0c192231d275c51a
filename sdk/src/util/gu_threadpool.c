/* gu_threadpool: see gu_threadpool.h. */
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

/* Spin iterations before a worker sleeps (~tens of microseconds). */
#define GU_SPIN_LIMIT 20000

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
    pthread_cond_t wake;  /* a new job or shutdown */
    pthread_cond_t done;  /* the last worker left the job */
    atomic_uint generation; /* bumped for every job */
    atomic_int next_task;
    atomic_int busy;        /* workers still inside the current job */
    atomic_bool shutdown;
    int32_t sleepers;       /* workers waiting on `wake` (under mutex) */
    bool caller_waiting;    /* the caller sleeps on `done` (under mutex) */
    /* the current job */
    int32_t num_tasks;
    gu_task_fn fn;
    void* ctx;
#endif
};

#ifdef GU_HAVE_THREADS
static void work(gu_threadpool* p, int32_t thread) {
    for (;;) {
        int32_t t = atomic_fetch_add_explicit(&p->next_task, 1, memory_order_relaxed);
        if (t >= p->num_tasks) break;
        p->fn(p->ctx, t, thread);
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
        work(p, thread);
        if (atomic_fetch_sub_explicit(&p->busy, 1, memory_order_acq_rel) == 1) {
            pthread_mutex_lock(&p->mutex);
            if (p->caller_waiting) pthread_cond_signal(&p->done);
            pthread_mutex_unlock(&p->mutex);
        }
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
    pthread_cond_init(&p->done, NULL);
    atomic_init(&p->generation, 0u);
    atomic_init(&p->next_task, 0);
    atomic_init(&p->busy, 0);
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
    pthread_cond_destroy(&p->done);
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
    if (p && p->started > 0 && num_tasks > 1) {
        p->num_tasks = num_tasks;
        p->fn = fn;
        p->ctx = ctx;
        atomic_store_explicit(&p->next_task, 0, memory_order_relaxed);
        atomic_store_explicit(&p->busy, p->started, memory_order_relaxed);
        pthread_mutex_lock(&p->mutex);
        atomic_fetch_add_explicit(&p->generation, 1u, memory_order_release);
        if (p->sleepers) pthread_cond_broadcast(&p->wake);
        pthread_mutex_unlock(&p->mutex);
        work(p, 0);
        /* Wait for the workers: spin first, then sleep. */
        int spins = 0;
        while (atomic_load_explicit(&p->busy, memory_order_acquire) > 0 && spins < GU_SPIN_LIMIT) {
            GU_PAUSE();
            spins++;
        }
        if (atomic_load(&p->busy) > 0) {
            pthread_mutex_lock(&p->mutex);
            p->caller_waiting = true;
            while (atomic_load(&p->busy) > 0) pthread_cond_wait(&p->done, &p->mutex);
            p->caller_waiting = false;
            pthread_mutex_unlock(&p->mutex);
        }
        return;
    }
#endif
    (void)p;
    for (int32_t t = 0; t < num_tasks; t++) fn(ctx, t, 0);
}
