/* pool.c — worker threads for tf_pool_run. The caller's thread takes tasks too; tasks are
 * claimed from an atomic counter. Sized once, freed once. */
#include "pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "tf_base.h"

struct tf_Pool {
    int n_workers;
    pthread_t *threads;
    pthread_mutex_t mu;
    pthread_cond_t start, done;
    unsigned long generation;
    int stop;
    tf_TaskFn fn;
    void *ctx;
    int n_tasks;
    atomic_int next;
    int busy;  /* workers still inside the current generation */
};

static void drain(tf_Pool *p)
{
    for (int t; (t = atomic_fetch_add(&p->next, 1)) < p->n_tasks;) p->fn(p->ctx, t);
}

static void *worker(void *arg)
{
    tf_Pool *p = arg;
    unsigned long seen = 0;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->generation == seen && !p->stop) pthread_cond_wait(&p->start, &p->mu);
        if (p->stop) break;
        seen = p->generation;
        pthread_mutex_unlock(&p->mu);
        drain(p);
        pthread_mutex_lock(&p->mu);
        if (--p->busy == 0) pthread_cond_signal(&p->done);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

tf_Pool *tf_pool_new(int threads)
{
    if (threads <= 1) return NULL;
    tf_Pool *p = tf_xcalloc(1, sizeof *p);
    p->n_workers = threads - 1;
    p->threads = tf_xcalloc((size_t)p->n_workers, sizeof *p->threads);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->start, NULL);
    pthread_cond_init(&p->done, NULL);
    for (int i = 0; i < p->n_workers; i++)
        TF_ASSERT(pthread_create(&p->threads[i], NULL, worker, p) == 0);
    return p;
}

void tf_pool_free(tf_Pool *p)
{
    if (!p) return;
    pthread_mutex_lock(&p->mu);
    p->stop = 1;
    pthread_cond_broadcast(&p->start);
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < p->n_workers; i++) pthread_join(p->threads[i], NULL);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->start);
    pthread_cond_destroy(&p->done);
    free(p->threads);
    free(p);
}

int tf_pool_threads(const tf_Pool *p) { return p ? p->n_workers + 1 : 1; }

void tf_pool_run(tf_Pool *p, tf_TaskFn fn, void *ctx, int n_tasks)
{
    if (!p || n_tasks <= 1) {
        for (int t = 0; t < n_tasks; t++) fn(ctx, t);
        return;
    }
    pthread_mutex_lock(&p->mu);
    p->fn = fn;
    p->ctx = ctx;
    p->n_tasks = n_tasks;
    atomic_store(&p->next, 0);
    p->busy = p->n_workers;
    p->generation++;
    pthread_cond_broadcast(&p->start);
    pthread_mutex_unlock(&p->mu);
    drain(p);
    pthread_mutex_lock(&p->mu);
    while (p->busy > 0) pthread_cond_wait(&p->done, &p->mu);
    pthread_mutex_unlock(&p->mu);
}
