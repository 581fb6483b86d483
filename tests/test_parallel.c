/* test_parallel.c -- voce_parallel runs every job once, on as many threads
 * as it may, and returns only when all are done (parallel.c). */
#define _DEFAULT_SOURCE /* usleep */
#include "testutil.h"

#include <pthread.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include "parallel.h"

enum { JOBS = 200 };

typedef struct tally {
    atomic_int runs[JOBS];
    pthread_t who[JOBS];
    atomic_int busy, most_busy;
} tally;

static void job(void *ctx, size_t i)
{
    tally *t = ctx;
    int now = atomic_fetch_add(&t->busy, 1) + 1;
    int seen = atomic_load(&t->most_busy);
    while (now > seen && !atomic_compare_exchange_weak(&t->most_busy, &seen, now))
        ;
    t->who[i] = pthread_self();
    usleep(200); /* long enough for the threads to overlap */
    atomic_fetch_add(&t->runs[i], 1);
    atomic_fetch_sub(&t->busy, 1);
}

static void every_job_once(void **state)
{
    (void)state;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    for (unsigned threads = 0; threads <= 9; threads++) {
        tally *t = calloc(1, sizeof *t);
        assert_non_null(t);
        voce_parallel(JOBS, threads, job, t);
        for (size_t i = 0; i < JOBS; i++)
            if (atomic_load(&t->runs[i]) != 1)
                fail_msg("threads %u: job %zu ran %d times", threads, i, atomic_load(&t->runs[i]));
        assert_int_equal(atomic_load(&t->busy), 0);
        /* Never more at once than asked, nor than the cores (nor than 8). */
        int most = atomic_load(&t->most_busy);
        long limit = threads && threads < cores ? threads : cores;
        if (limit > 8)
            limit = 8;
        if (most > limit)
            fail_msg("threads %u: %d jobs at once, limit %ld", threads, most, limit);
        if (threads == 1) /* all on the caller's own thread */
            for (size_t i = 0; i < JOBS; i++)
                assert_true(pthread_equal(t->who[i], pthread_self()));
        free(t);
    }
}

static void no_jobs(void **state)
{
    (void)state;
    voce_parallel(0, 4, job, NULL); /* never calls job */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_job_once),
        cmocka_unit_test(no_jobs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
