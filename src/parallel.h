/* parallel.h -- a few independent jobs run at once.
 *
 * Loading is most of a short run: the two languages' lexicons and rules,
 * and up to four models whose weights are half a million numbers in text.
 * They do not depend on one another, so on a machine with more than one
 * core they are read at the same time. */
#ifndef VOCE_PARALLEL_H
#define VOCE_PARALLEL_H

#include <stddef.h>

typedef void voce_job_fn(void *ctx, size_t job);

/* Run fn(ctx, 0), ..., fn(ctx, n - 1), each once, on up to 'threads'
 * threads and no more than the online cores (the caller's thread among
 * them; 0: one per core), and return when every job has finished. Jobs are taken in order by
 * whichever thread is free; without threads (or when none can be started) the caller runs them all,
 * in order. */
void voce_parallel(size_t n, unsigned threads, voce_job_fn *fn, void *ctx);

#endif
