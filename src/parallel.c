/* parallel.c -- see parallel.h. */
#define _POSIX_C_SOURCE 200809L
#include "parallel.h"

#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

enum { MAX_THREADS = 8 };

typedef struct runner {
    voce_job_fn *fn;
    void *ctx;
    size_t n;
    atomic_size_t next;
} runner;

static void *take_jobs(void *arg)
{
    runner *r = arg;
    size_t job;
    while ((job = atomic_fetch_add(&r->next, 1)) < r->n)
        r->fn(r->ctx, job);
    return NULL;
}

void voce_parallel(size_t n, unsigned threads, voce_job_fn *fn, void *ctx)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (threads == 0 || (cores > 0 && threads > (unsigned long)cores))
        threads = cores > 0 ? (unsigned)cores : 1;
    if (threads > MAX_THREADS)
        threads = MAX_THREADS;
    if (threads > n)
        threads = (unsigned)n;
    runner r = {fn, ctx, n, 0};
    pthread_t helper[MAX_THREADS];
    unsigned started = 0;
    while (started + 1 < threads && pthread_create(&helper[started], NULL, take_jobs, &r) == 0)
        started++;
    take_jobs(&r);
    for (unsigned i = 0; i < started; i++)
        pthread_join(helper[i], NULL);
}
