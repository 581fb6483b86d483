/* cli_pool.c -- worker threads that stay up for the whole run.
 *
 * 'voce classify -j N' used to start N threads per batch and give each a
 * fixed slice, so a slice of long texts kept the others waiting, and the
 * main thread read and wrote while no one classified. Here N threads wait
 * for a batch, take records a few at a time from a shared counter (the
 * slow ones even out), and the caller reads the next batch and writes the
 * last one while they work. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "cli.h"

enum { CHUNK = 16 }; /* records taken at a time: few enough to balance, enough to not contend */

struct cli_pool {
    pthread_mutex_t mu;
    pthread_cond_t work, done;
    pthread_t *threads;
    int nthreads;
    cli_pool_fn fn;
    void *ctx;
    void *batch;          /* what items index into, this round */
    size_t n;             /* items this round */
    atomic_size_t next;   /* the next item to take */
    unsigned round;       /* bumped by each start */
    int finished;         /* threads done with this round */
    bool quit;
};

typedef struct thread_arg {
    cli_pool *pool;
    int index;
} thread_arg;

static void *run(void *arg)
{
    thread_arg *ta = arg;
    cli_pool *p = ta->pool;
    int index = ta->index;
    free(ta);
    unsigned seen = 0;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        while (p->round == seen && !p->quit)
            pthread_cond_wait(&p->work, &p->mu);
        if (p->quit) {
            pthread_mutex_unlock(&p->mu);
            return NULL;
        }
        seen = p->round;
        void *batch = p->batch;
        size_t n = p->n;
        pthread_mutex_unlock(&p->mu);
        size_t i;
        while ((i = atomic_fetch_add(&p->next, CHUNK)) < n) {
            size_t end = i + CHUNK < n ? i + CHUNK : n;
            for (; i < end; i++)
                p->fn(p->ctx, batch, index, i);
        }
        pthread_mutex_lock(&p->mu);
        if (++p->finished == p->nthreads)
            pthread_cond_signal(&p->done);
        pthread_mutex_unlock(&p->mu);
    }
}

cli_pool *cli_pool_new(int nthreads, cli_pool_fn fn, void *ctx)
{
    cli_pool *p = calloc(1, sizeof *p);
    if (!p || !(p->threads = calloc((size_t)nthreads, sizeof *p->threads)))
        cli_die(EXIT_IO, "out of memory");
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->work, NULL);
    pthread_cond_init(&p->done, NULL);
    p->fn = fn;
    p->ctx = ctx;
    p->finished = nthreads; /* nothing running */
    atomic_init(&p->next, 0);
    for (int i = 0; i < nthreads; i++) {
        thread_arg *ta = malloc(sizeof *ta);
        if (!ta)
            cli_die(EXIT_IO, "out of memory");
        *ta = (thread_arg){p, i};
        if (pthread_create(&p->threads[i], NULL, run, ta) != 0)
            cli_die(EXIT_IO, "cannot start a thread");
        p->nthreads++;
    }
    return p;
}

void cli_pool_start(cli_pool *p, void *batch, size_t n)
{
    pthread_mutex_lock(&p->mu);
    p->batch = batch;
    p->n = n;
    atomic_store(&p->next, 0);
    p->finished = 0;
    p->round++;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->mu);
}

void cli_pool_wait(cli_pool *p)
{
    pthread_mutex_lock(&p->mu);
    while (p->finished < p->nthreads)
        pthread_cond_wait(&p->done, &p->mu);
    pthread_mutex_unlock(&p->mu);
}

void cli_pool_free(cli_pool *p)
{
    if (!p)
        return;
    cli_pool_wait(p);
    pthread_mutex_lock(&p->mu);
    p->quit = true;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < p->nthreads; i++)
        pthread_join(p->threads[i], NULL);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->work);
    pthread_cond_destroy(&p->done);
    free(p->threads);
    free(p);
}
