/* regex.c -- the one owner of PCRE2.
 *
 * JIT compilation on demand: compiling the ~270 rules to machine code cost
 * more than half of voce's start-up, yet with the literal prefilter most
 * rules run on a few texts in a thousand. A pattern is interpreted for its
 * first VOCE_RE_JIT_AFTER runs; the run that reaches the count compiles a
 * private copy with the JIT and publishes it, and later runs use the copy.
 * The original is never modified, so threads matching it meanwhile are
 * safe; the copy is published with release/acquire ordering. (Interpreter
 * and JIT give the same matches; only their step counts towards the match
 * limit differ, which matters only for a pattern that hits the limit.) */
#include "regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "error.h"
#include "mem.h"

struct voce_regex {
    pcre2_code *code;            /* interpreted */
    _Atomic(pcre2_code *) jit;   /* JIT-compiled copy, once made */
    atomic_uint runs;            /* until VOCE_RE_JIT_AFTER */
    atomic_bool jit_wanted;
    pthread_mutex_t lock;        /* held while making the copy */
};

enum { VOCE_RE_JIT_AFTER = 8 };

struct voce_regex_scratch {
    pcre2_match_data *md;
    pcre2_match_context *mc;
};

voce_status voce_regex_compile(voce_regex **out, const char *pattern, unsigned flags,
                               const char *where, voce_error *err)
{
    *out = NULL;
    uint32_t opts = PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK;
    if (flags & VOCE_RE_CASELESS)
        opts |= PCRE2_CASELESS;
    if (flags & VOCE_RE_ANCHORED)
        opts |= PCRE2_ANCHORED;
    if (flags & VOCE_RE_OFFSET_LIMIT)
        opts |= PCRE2_USE_OFFSET_LIMIT;
    int code_err;
    PCRE2_SIZE offset;
    /* Patterns come from our own files, which the loader already checked
     * for valid UTF-8; the subject texts are valid by construction. */
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                                     opts & ~PCRE2_NO_UTF_CHECK, &code_err, &offset, NULL);
    if (!code) {
        PCRE2_UCHAR msg[200];
        pcre2_get_error_message(code_err, msg, sizeof msg);
        char at[sizeof err->where];
        snprintf(at, sizeof at, "%s:%zu", where ? where : "pattern", (size_t)offset + 1);
        return voce_error_set(err, VOCE_ERR_REGEX, at, "%s", (const char *)msg);
    }
    voce_regex *re = voce_xcalloc(1, sizeof *re);
    re->code = code;
    atomic_init(&re->jit, NULL);
    atomic_init(&re->runs, 0);
    atomic_init(&re->jit_wanted, false);
    /* JIT is an optimisation: where it is unavailable, interpretation is
     * still correct. */
#ifndef VOCE_NO_JIT /* valgrind builds: memcheck cannot see into JIT code */
    atomic_init(&re->jit_wanted, !(flags & VOCE_RE_NO_JIT));
#endif
    pthread_mutex_init(&re->lock, NULL);
    *out = re;
    return VOCE_OK;
}

void voce_regex_free(voce_regex *re)
{
    if (!re)
        return;
    pcre2_code_free(re->code);
    pcre2_code_free(atomic_load(&re->jit));
    pthread_mutex_destroy(&re->lock);
    free(re);
}

/* The code to match with: the JIT copy once made, else the original (and
 * the run that reaches the threshold makes the copy). */
static const pcre2_code *code_for_run(voce_regex *re)
{
    pcre2_code *jit = atomic_load_explicit(&re->jit, memory_order_acquire);
    if (jit || !atomic_load_explicit(&re->jit_wanted, memory_order_relaxed))
        return jit ? jit : re->code;
    if (atomic_fetch_add_explicit(&re->runs, 1, memory_order_relaxed) + 1 < VOCE_RE_JIT_AFTER)
        return re->code;
    pthread_mutex_lock(&re->lock);
    jit = atomic_load_explicit(&re->jit, memory_order_acquire);
    if (!jit) {
        pcre2_code *copy = pcre2_code_copy(re->code);
        if (copy && pcre2_jit_compile(copy, PCRE2_JIT_COMPLETE) == 0) {
            atomic_store_explicit(&re->jit, copy, memory_order_release);
            jit = copy;
        } else {
            pcre2_code_free(copy);
            /* No JIT here: interpret from now on. */
            atomic_store_explicit(&re->jit_wanted, false, memory_order_relaxed);
        }
    }
    pthread_mutex_unlock(&re->lock);
    return jit ? jit : re->code;
}

voce_regex_scratch *voce_regex_scratch_new(void)
{
    voce_regex_scratch *sc = voce_xmalloc(sizeof *sc);
    sc->md = pcre2_match_data_create(16, NULL);
    sc->mc = pcre2_match_context_create(NULL);
    if (!sc->md || !sc->mc) {
        fprintf(stderr, "voce: out of memory (pcre2 match data)\n");
        abort();
    }
    pcre2_set_match_limit(sc->mc, VOCE_RE_MATCH_LIMIT);
    pcre2_set_depth_limit(sc->mc, 2000);
    return sc;
}

void voce_regex_scratch_free(voce_regex_scratch *sc)
{
    if (!sc)
        return;
    pcre2_match_data_free(sc->md);
    pcre2_match_context_free(sc->mc);
    free(sc);
}

int voce_regex_find_before(const voce_regex *re, const char *s, size_t len, size_t from,
                           size_t last_start, voce_regex_scratch *sc, voce_regex_match *m)
{
    pcre2_set_offset_limit(sc->mc, last_start);
    int rc = voce_regex_find(re, s, len, from, sc, m);
    pcre2_set_offset_limit(sc->mc, PCRE2_UNSET); /* other patterns refuse a limit */
    return rc;
}

int voce_regex_find(const voce_regex *re, const char *s, size_t len, size_t from,
                    voce_regex_scratch *sc, voce_regex_match *m)
{
    const pcre2_code *code = code_for_run((voce_regex *)re); /* the cache is internal */
    /* JIT code goes straight to pcre2_jit_match, which skips pcre2_match's
     * checks of the arguments: ours are right by construction (valid UTF-8,
     * from <= len, match data made for these patterns). */
    int rc = code != re->code
                 ? pcre2_jit_match(code, (PCRE2_SPTR)s, len, from, 0, sc->md, sc->mc)
                 : pcre2_match(code, (PCRE2_SPTR)s, len, from, PCRE2_NO_UTF_CHECK, sc->md, sc->mc);
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    if (rc < 0)
        return -1; /* match or depth limit, or another runtime failure */
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc->md);
    m->start = ov[0];
    m->end = ov[1];
    m->mark = (const char *)pcre2_get_mark(sc->md);
    return 1;
}
