/* pool.h — a fixed set of worker threads that run the independent rows (or heads) of a kernel.
 * Which thread computes a row never changes what is computed, so results are the same bits for
 * every thread count. Not a general task scheduler.
 *
 * Usage:
 *     tf_Pool *pool = tf_pool_new(4);        // NULL when threads <= 1: everything runs inline
 *     tf_pool_run(pool, fn, ctx, n_tasks);   // fn(ctx, 0..n_tasks-1), returns when all are done
 *     tf_pool_free(pool);
 */
#ifndef TF_POOL_H
#define TF_POOL_H

typedef struct tf_Pool tf_Pool;
typedef void (*tf_TaskFn)(void *ctx, int task);

tf_Pool *tf_pool_new(int threads);
void tf_pool_free(tf_Pool *p);
int tf_pool_threads(const tf_Pool *p);  /* 1 for NULL */
void tf_pool_run(tf_Pool *p, tf_TaskFn fn, void *ctx, int n_tasks);

#endif
