/* prefilter.c -- the literals a pattern needs, and one scan for all rules
 * (see prefilter.h).
 *
 * The analysis walks the pattern once, giving every piece an "info":
 *   exact: the piece matches exactly these strings (a few short ones:
 *          "arrivat" then [oaie] gives four), or
 *   needs: every match of the piece contains one of these strings, or
 *   nothing known ("any": needs with no string).
 * Concatenation multiplies exact sets while they stay small and otherwise
 * keeps the most selective needs of its parts; alternation unites them;
 * an optional piece needs nothing. This is the classic literal
 * prefilter of code-search engines, kept to what rules.tsv uses. */
#include "prefilter.h"

#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "mem.h"

enum {
    EXACT_MAX = 32,   /* strings in an exact set before it becomes needs */
    LITERAL_MAX = 47, /* bytes of a literal: longer ones are cut (a prefix is needed too) */
    NEEDS_MAX = 256,  /* strings in a needs set before it becomes "any" */
    CLASS_MAX = 16,   /* members of a character class kept exact */
};

/* ---- Literal sets -------------------------------------------------------------- */

void voce_literals_release(voce_literals *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->s[i]);
    free(l->s);
    memset(l, 0, sizeof *l);
}

static bool literals_has(const voce_literals *l, const char *s, size_t len)
{
    for (size_t i = 0; i < l->n; i++)
        if (strlen(l->s[i]) == len && memcmp(l->s[i], s, len) == 0)
            return true;
    return false;
}

static void literals_add(voce_literals *l, const char *s, size_t len)
{
    if (literals_has(l, s, len))
        return;
    l->s = voce_xgrow(l->s, &l->cap, l->n + 1, sizeof *l->s);
    char *copy = voce_xmalloc(len + 1);
    memcpy(copy, s, len);
    copy[len] = '\0';
    l->s[l->n++] = copy;
}

static void literals_clear(voce_literals *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->s[i]);
    l->n = 0;
}

/* ---- Infos ----------------------------------------------------------------------- */

typedef struct info {
    bool exact;
    voce_literals set; /* exact strings, or needs; !exact and empty: any */
} info;

static info info_any(void)
{
    info x = {false, {NULL, 0, 0}};
    return x;
}

static info info_exact(const char *s, size_t len)
{
    info x = {true, {NULL, 0, 0}};
    literals_add(&x.set, s, len);
    return x;
}

static void info_release(info *x)
{
    voce_literals_release(&x->set);
}

static bool is_any(const info *x)
{
    return !x->exact && x->set.n == 0;
}

/* Exact strings as needs: each match is one of them, so contains it. The
 * empty string is contained in everything: then nothing is known. */
static void to_needs(info *x)
{
    if (!x->exact)
        return;
    x->exact = false;
    if (literals_has(&x->set, "", 0))
        literals_clear(&x->set);
}

/* How selective needs are: the length of their shortest string first
 * (short strings occur everywhere), then fewer strings. */
static bool more_selective(const info *a, const info *b)
{
    if (is_any(b))
        return !is_any(a);
    if (is_any(a))
        return false;
    size_t ma = (size_t)-1, mb = (size_t)-1;
    for (size_t i = 0; i < a->set.n; i++)
        ma = strlen(a->set.s[i]) < ma ? strlen(a->set.s[i]) : ma;
    for (size_t i = 0; i < b->set.n; i++)
        mb = strlen(b->set.s[i]) < mb ? strlen(b->set.s[i]) : mb;
    if (ma != mb)
        return ma > mb;
    return a->set.n < b->set.n;
}

/* Keep in 'best' the more selective of it and 'x' (taken). */
static void keep_best(info *best, info *x)
{
    to_needs(x);
    if (more_selective(x, best)) {
        info_release(best);
        *best = *x;
    } else {
        info_release(x);
    }
}

/* acc := acc x next, both exact; false (acc untouched) if too big. */
static bool cross(info *acc, const info *next)
{
    if (acc->set.n * next->set.n > EXACT_MAX)
        return false;
    for (size_t i = 0; i < acc->set.n; i++)
        for (size_t j = 0; j < next->set.n; j++)
            if (strlen(acc->set.s[i]) + strlen(next->set.s[j]) > LITERAL_MAX)
                return false;
    voce_literals out = {NULL, 0, 0};
    char buf[2 * LITERAL_MAX + 2];
    for (size_t i = 0; i < acc->set.n; i++) {
        for (size_t j = 0; j < next->set.n; j++) {
            size_t a = strlen(acc->set.s[i]), b = strlen(next->set.s[j]);
            memcpy(buf, acc->set.s[i], a);
            memcpy(buf + a, next->set.s[j], b);
            literals_add(&out, buf, a + b);
        }
    }
    voce_literals_release(&acc->set);
    acc->set = out;
    return true;
}

/* a := a | b (b taken). */
static void unite(info *a, info *b)
{
    if (a->exact && b->exact && a->set.n + b->set.n <= EXACT_MAX) {
        for (size_t i = 0; i < b->set.n; i++)
            literals_add(&a->set, b->set.s[i], strlen(b->set.s[i]));
        info_release(b);
        return;
    }
    to_needs(a);
    to_needs(b);
    if (is_any(a) || is_any(b) || a->set.n + b->set.n > NEEDS_MAX) {
        literals_clear(&a->set);
    } else {
        for (size_t i = 0; i < b->set.n; i++)
            literals_add(&a->set, b->set.s[i], strlen(b->set.s[i]));
    }
    info_release(b);
}

/* ---- The parser ------------------------------------------------------------------ */

typedef struct parser {
    const char *p;
    bool failed; /* something not understood: the whole pattern gives up */
    /* Whether a match may hold a segment break, and how deep in
     * look-arounds we are (what they look at is not part of the match). */
    bool may_break;
    int lookaround;
} parser;

/* What is being parsed may match one of the bytes lo..hi. */
static void consumes(parser *ps, unsigned lo, unsigned hi)
{
    if (ps->lookaround)
        return;
    for (unsigned c = lo; c <= hi; c++)
        if (voce_segment_break(c))
            ps->may_break = true;
}

/* What is being parsed may match about anything. */
static void consumes_any(parser *ps)
{
    consumes(ps, 0, 255);
}

static info parse_alternation(parser *ps);

/* The length of the UTF-8 sequence starting with byte c (1 if invalid). */
static size_t utf8_len(unsigned char c)
{
    return c < 0xc0 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

/* After '\': a literal byte into *c (true), or an escape that is not one
 * (false, with *x its info: zero-width, any, or failed). */
static bool parse_escape(parser *ps, char *c, info *x)
{
    char e = *ps->p;
    if (!e) {
        ps->failed = true;
        return false;
    }
    ps->p++;
    switch (e) {
    case 'b': case 'B': case 'A': case 'z': case 'Z': case 'G':
        *x = info_exact("", 0); /* zero-width */
        return false;
    case 'w': case 'd': case 's': case 'h': case 'v': case 'R':
        *x = info_any(); /* letters, digits, white space: never a break */
        return false;
    case 'W': case 'D': case 'S': case 'H': case 'V': case 'N': case 'X': case 'C':
        consumes_any(ps);
        *x = info_any();
        return false;
    case 'p': case 'P':
        consumes_any(ps);
        if (*ps->p == '{') {
            const char *end = strchr(ps->p, '}');
            if (!end) {
                ps->failed = true;
                return false;
            }
            ps->p = end + 1;
        } else if (*ps->p) {
            ps->p++;
        }
        *x = info_any();
        return false;
    case 'n': *c = '\n'; consumes(ps, '\n', '\n'); return true;
    case 't': *c = '\t'; return true;
    case 'r': *c = '\r'; return true;
    case 'f': *c = '\f'; return true;
    case 'e': *c = 27; return true;
    case 'a': *c = 7; return true;
    default:
        if ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || (e >= '0' && e <= '9') ||
            (unsigned char)e >= 0x80) {
            ps->failed = true; /* \x, \Q, \1, \g, \k, \K ...: not worth understanding */
            return false;
        }
        *c = e;
        consumes(ps, (unsigned char)e, (unsigned char)e);
        return true;
    }
}

/* A character class after '[': its members as an exact set when few and
 * plain, else any. */
static info parse_class(parser *ps)
{
    bool negated = *ps->p == '^', give_up = negated;
    bool may_break = ps->may_break;
    if (negated)
        ps->p++;
    info x = {true, {NULL, 0, 0}};
    bool first = true;
    for (;;) {
        const char *at = ps->p;
        if (!*at) {
            ps->failed = true;
            break;
        }
        if (*at == ']' && !first) {
            ps->p++;
            break;
        }
        first = false;
        if (at[0] == '[' && at[1] == ':') { /* [:alpha:] */
            const char *end = strstr(at, ":]");
            if (!end) {
                ps->failed = true;
                break;
            }
            ps->p = end + 2;
            give_up = true;
            consumes_any(ps);
            continue;
        }
        char lo[5];
        size_t n;
        if (*at == '\\') {
            ps->p++;
            info esc = {false, {NULL, 0, 0}};
            char c;
            if (!parse_escape(ps, &c, &esc)) {
                info_release(&esc);
                if (ps->failed)
                    break;
                give_up = true; /* \w, \d ... inside a class */
                continue;
            }
            lo[0] = c;
            n = 1;
        } else {
            n = utf8_len((unsigned char)*at);
            for (size_t k = 0; k < n; k++)
                if (!at[k]) {
                    ps->failed = true;
                    return x;
                }
            memcpy(lo, at, n);
            ps->p += n;
            if (n == 1)
                consumes(ps, (unsigned char)lo[0], (unsigned char)lo[0]);
        }
        if (ps->p[0] == '-' && ps->p[1] && ps->p[1] != ']') {
            /* A range: expand a short ASCII one. */
            ps->p++;
            unsigned char hi = (unsigned char)*ps->p;
            if (hi == '\\' || hi >= 0x80 || n != 1)
                consumes_any(ps); /* a range not understood here */
            else
                consumes(ps, (unsigned char)lo[0], hi);
            if (hi == '\\' || hi >= 0x80 || n != 1 || (unsigned char)lo[0] > hi ||
                hi - (unsigned char)lo[0] >= CLASS_MAX) {
                if (hi == '\\')
                    ps->p++;
                if (*ps->p)
                    ps->p += utf8_len((unsigned char)*ps->p);
                give_up = true;
                continue;
            }
            ps->p++;
            for (unsigned c = (unsigned char)lo[0]; c <= hi; c++) {
                char one = (char)c;
                literals_add(&x.set, &one, 1);
            }
            continue;
        }
        literals_add(&x.set, lo, n);
    }
    if (negated) {
        /* [^.!?]: what its members match is what it does not; it may
         * match a break it does not list. */
        ps->may_break = may_break;
        for (unsigned c = 0; c < 128; c++) {
            char member = (char)c;
            if (voce_segment_break(c) && !literals_has(&x.set, &member, 1))
                consumes(ps, c, c);
        }
    }
    if (give_up || x.set.n > CLASS_MAX || x.set.n == 0) {
        info_release(&x);
        return info_any();
    }
    return x;
}

/* A quantifier at ps->p, if any: true with its bounds (max -1: none). */
static bool parse_quantifier(parser *ps, long *min, long *max)
{
    const char *p = ps->p;
    if (*p == '?' || *p == '*' || *p == '+') {
        *min = *p == '+';
        *max = *p == '?' ? 1 : -1;
        p++;
    } else if (*p == '{') {
        char *end;
        p++;
        *min = 0;
        if (*p >= '0' && *p <= '9')
            *min = strtol(p, &end, 10), p = end;
        else if (*p != ',')
            return false; /* a literal '{' */
        *max = *min;
        if (*p == ',') {
            p++;
            *max = -1;
            if (*p >= '0' && *p <= '9')
                *max = strtol(p, &end, 10), p = end;
        }
        if (*p != '}')
            return false;
        p++;
    } else {
        return false;
    }
    if (*p == '?' || *p == '+')
        p++; /* lazy or possessive: the same strings */
    ps->p = p;
    return true;
}

/* A group after '(': its content's info (zero-width for lookaround). */
static info parse_group(parser *ps)
{
    bool lookaround = false;
    const char *p = ps->p;
    if (*p == '*') {
        ps->failed = true; /* (*VERB) */
        return info_any();
    }
    if (*p == '?') {
        p++;
        if (*p == ':' || *p == '>' || *p == '|') {
            p++;
        } else if (*p == '=' || *p == '!') {
            lookaround = true;
            p++;
        } else if (*p == '<' && (p[1] == '=' || p[1] == '!')) {
            lookaround = true;
            p += 2;
        } else if (*p == '<' || *p == '\'' || (*p == 'P' && p[1] == '<')) {
            char close = *p == '\'' ? '\'' : '>';
            p = strchr(p + 1, close);
            if (!p) {
                ps->failed = true;
                return info_any();
            }
            p++;
        } else {
            ps->failed = true; /* options, comments, conditionals, recursion */
            return info_any();
        }
    }
    ps->p = p;
    ps->lookaround += lookaround;
    info x = parse_alternation(ps);
    ps->lookaround -= lookaround;
    if (*ps->p != ')') {
        ps->failed = true;
        return x;
    }
    ps->p++;
    if (lookaround) {
        /* It only narrows what the rest matches: needs nothing itself. */
        info_release(&x);
        return info_exact("", 0);
    }
    return x;
}

/* One atom and its quantifier. */
static info parse_atom(parser *ps)
{
    info x;
    const char *at = ps->p;
    char c;
    switch (*at) {
    case '(':
        ps->p++;
        x = parse_group(ps);
        break;
    case '[':
        ps->p++;
        x = parse_class(ps);
        break;
    case '.':
        ps->p++;
        consumes_any(ps);
        x = info_any();
        break;
    case '^': case '$':
        ps->p++;
        x = info_exact("", 0);
        break;
    case '*': case '+': case '?':
        ps->failed = true; /* nothing to repeat */
        return info_any();
    case '\\':
        ps->p++;
        x = info_any();
        if (parse_escape(ps, &c, &x))
            x = info_exact(&c, 1);
        break;
    default: {
        size_t n = utf8_len((unsigned char)*at);
        for (size_t k = 0; k < n; k++)
            if (!at[k]) {
                ps->failed = true;
                return info_any();
            }
        ps->p += n;
        if (n == 1)
            consumes(ps, (unsigned char)*at, (unsigned char)*at);
        x = info_exact(at, n);
    }
    }
    long min, max;
    if (ps->failed || !parse_quantifier(ps, &min, &max))
        return x;
    if (min == 0) {
        if (max == 1 && x.exact && x.set.n < EXACT_MAX) {
            literals_add(&x.set, "", 0); /* x? : x or nothing */
            return x;
        }
        info_release(&x);
        return info_any();
    }
    if (!(min == 1 && max == 1))
        to_needs(&x); /* x+, x{2,5}: at least one x, exactly what is unknown */
    return x;
}

/* A sequence of atoms, up to '|', ')' or the end. */
static info parse_sequence(parser *ps)
{
    info acc = info_exact("", 0), best = info_any();
    bool all_exact = true;
    while (*ps->p && *ps->p != '|' && *ps->p != ')' && !ps->failed) {
        info x = parse_atom(ps);
        if (x.exact) {
            if (cross(&acc, &x)) {
                info_release(&x);
                continue;
            }
            all_exact = false;
            keep_best(&best, &acc);
            acc = x;
        } else {
            all_exact = false;
            keep_best(&best, &acc);
            acc = info_exact("", 0);
            keep_best(&best, &x);
        }
    }
    if (all_exact) {
        info_release(&best);
        return acc;
    }
    keep_best(&best, &acc);
    return best;
}

static info parse_alternation(parser *ps)
{
    info x = parse_sequence(ps);
    while (*ps->p == '|' && !ps->failed) {
        ps->p++;
        info y = parse_sequence(ps);
        unite(&x, &y);
    }
    return x;
}

bool voce_prefilter_needs(const char *pattern, voce_literals *out, bool *confined)
{
    literals_clear(out);
    parser ps = {pattern, false, false, 0};
    info x = parse_alternation(&ps);
    if (*ps.p)
        ps.failed = true; /* an unmatched ')' */
    if (confined)
        *confined = !ps.failed && !ps.may_break;
    to_needs(&x);
    if (ps.failed || is_any(&x)) {
        info_release(&x);
        return false;
    }
    voce_literals_release(out);
    *out = x.set;
    return true;
}

/* ---- The scanner ----------------------------------------------------------------- */

enum { BUCKET_BITS = 14, NBUCKETS = 1 << BUCKET_BITS };

typedef struct literal {
    char *text;
    uint32_t len;
    uint64_t head;      /* its first 8 bytes (little-endian; all of a shorter one), */
    uint64_t head_mask; /* which of a text's 8 bytes to compare with them: most
                         * candidates are turned down without calling memcmp
                         * ("non funziona" and "non risponde" share 4 bytes) */
    uint32_t *patterns; /* the patterns that need it */
    size_t npatterns, cap;
} literal;

struct voce_prefilter {
    size_t npatterns;
    uint64_t *always; /* patterns with no needs: candidates for every text */
    size_t words;
    literal *lit;
    size_t nlit, lit_cap;
    voce_hmap lit_index; /* literal text -> its number */
    /* Literals of 3 bytes or more, by a hash of their first three: a
     * bitmap of the buckets in use, then each bucket's literals. */
    uint64_t used[NBUCKETS / 64];
    uint32_t *bucket_start; /* NBUCKETS + 1 */
    uint32_t *bucket_lit;
    /* Literals of 1 or 2 bytes: looked for one by one. */
    uint32_t *short_lit;
    size_t nshort;
};

voce_prefilter *voce_prefilter_new(void)
{
    voce_prefilter *p = voce_xcalloc(1, sizeof *p);
    voce_hmap_init(&p->lit_index);
    return p;
}

void voce_prefilter_free(voce_prefilter *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nlit; i++) {
        free(p->lit[i].text);
        free(p->lit[i].patterns);
    }
    free(p->lit);
    voce_hmap_release(&p->lit_index);
    free(p->always);
    free(p->bucket_start);
    free(p->bucket_lit);
    free(p->short_lit);
    free(p);
}

bool voce_prefilter_add(voce_prefilter *p, const char *pattern, bool *confined)
{
    size_t id = p->npatterns++;
    if (id / 64 >= p->words) {
        p->always = voce_xrealloc(p->always, (p->words + 1) * sizeof *p->always);
        p->always[p->words++] = 0;
    }
    voce_literals needs = {NULL, 0, 0};
    bool filtered = voce_prefilter_needs(pattern, &needs, confined);
    if (!filtered) {
        p->always[id / 64] |= 1ull << (id % 64);
        voce_literals_release(&needs);
        return false;
    }
    for (size_t i = 0; i < needs.n; i++) {
        size_t len = strlen(needs.s[i]);
        uint32_t k;
        if (!voce_hmap_get(&p->lit_index, needs.s[i], len, &k)) {
            k = (uint32_t)p->nlit++;
            p->lit = voce_xgrow(p->lit, &p->lit_cap, p->nlit, sizeof *p->lit);
            p->lit[k] = (literal){.text = voce_xstrdup(needs.s[i]), .len = (uint32_t)len};
            voce_hmap_put(&p->lit_index, needs.s[i], len, k);
        }
        literal *l = &p->lit[k];
        if (l->npatterns && l->patterns[l->npatterns - 1] == id)
            continue;
        l->patterns = voce_xgrow(l->patterns, &l->cap, l->npatterns + 1, sizeof *l->patterns);
        l->patterns[l->npatterns++] = (uint32_t)id;
    }
    voce_literals_release(&needs);
    return true;
}

static uint32_t bucket_of(const unsigned char *s)
{
    uint32_t key = (uint32_t)s[0] | (uint32_t)s[1] << 8 | (uint32_t)s[2] << 16;
    return (key * 0x9e3779b1u) >> (32 - BUCKET_BITS);
}

/* The first min(n, 8) bytes at s as a little-endian word (the rest 0). */
static uint64_t load_head(const unsigned char *s, size_t n)
{
    if (n >= 8)
        return voce_load_le(s, 8);
    uint64_t w = 0; /* near a text's end: a byte at a time, not a memcpy call */
    for (size_t k = 0; k < n; k++)
        w |= (uint64_t)s[k] << (8 * k);
    return w;
}

/* Whether the long literal 'l' occurs at t[i..], t holding len bytes. */
static inline bool literal_at(const literal *l, const unsigned char *t, size_t i, size_t len)
{
    if (l->len > len - i)
        return false;
    if ((load_head(t + i, len - i) & l->head_mask) != l->head)
        return false;
    return l->len <= 8 || memcmp(t + i + 8, l->text + 8, l->len - 8) == 0;
}

void voce_prefilter_finish(voce_prefilter *p)
{
    free(p->bucket_start);
    free(p->bucket_lit);
    free(p->short_lit);
    memset(p->used, 0, sizeof p->used);
    p->bucket_start = voce_xcalloc(NBUCKETS + 1, sizeof *p->bucket_start);
    p->bucket_lit = voce_xmalloc((p->nlit ? p->nlit : 1) * sizeof *p->bucket_lit);
    p->short_lit = voce_xmalloc((p->nlit ? p->nlit : 1) * sizeof *p->short_lit);
    p->nshort = 0;
    /* Counting sort of the long literals by bucket. */
    for (size_t i = 0; i < p->nlit; i++) {
        if (p->lit[i].len < 3) {
            p->short_lit[p->nshort++] = (uint32_t)i;
            continue;
        }
        literal *l = &p->lit[i];
        l->head = load_head((const unsigned char *)l->text, l->len);
        l->head_mask = l->len >= 8 ? ~0ull : (1ull << (8 * l->len)) - 1;
        uint32_t b = bucket_of((const unsigned char *)p->lit[i].text);
        p->bucket_start[b + 1]++;
        p->used[b / 64] |= 1ull << (b % 64);
    }
    for (size_t b = 0; b < NBUCKETS; b++)
        p->bucket_start[b + 1] += p->bucket_start[b];
    uint32_t *fill = voce_xmalloc(NBUCKETS * sizeof *fill);
    memcpy(fill, p->bucket_start, NBUCKETS * sizeof *fill);
    for (size_t i = 0; i < p->nlit; i++)
        if (p->lit[i].len >= 3)
            p->bucket_lit[fill[bucket_of((const unsigned char *)p->lit[i].text)]++] = (uint32_t)i;
    free(fill);
    voce_hmap_release(&p->lit_index); /* only adding needs it */
    voce_hmap_init(&p->lit_index);
}

size_t voce_prefilter_words(const voce_prefilter *p)
{
    return p->words;
}

/* Whether the two bytes a, b occur together in text (memmem is slow for
 * so short a needle). */
static bool has_pair(const char *text, size_t len, char a, char b)
{
    const char *p = text, *end = text + len;
    while (end - p >= 2 && (p = memchr(p, a, (size_t)(end - p - 1))) != NULL) {
        if (p[1] == b)
            return true;
        p++;
    }
    return false;
}

static void mark(const literal *l, uint64_t *candidates)
{
    for (size_t k = 0; k < l->npatterns; k++)
        candidates[l->patterns[k] / 64] |= 1ull << (l->patterns[k] % 64);
}

void voce_prefilter_scan(const voce_prefilter *p, const char *text, size_t len,
                         uint64_t *candidates)
{
    if (p->words)
        memcpy(candidates, p->always, p->words * sizeof *candidates);
    const unsigned char *t = (const unsigned char *)text;
    for (size_t i = 0; i + 3 <= len; i++) {
        uint32_t b = bucket_of(t + i);
        if (!(p->used[b / 64] >> (b % 64) & 1))
            continue;
        for (uint32_t k = p->bucket_start[b]; k < p->bucket_start[b + 1]; k++) {
            const literal *l = &p->lit[p->bucket_lit[k]];
            if (literal_at(l, t, i, len))
                mark(l, candidates);
        }
    }
    for (size_t s = 0; s < p->nshort; s++) {
        const literal *l = &p->lit[p->short_lit[s]];
        if (l->len == 1 ? memchr(text, l->text[0], len) != NULL
                        : has_pair(text, len, l->text[0], l->text[1]))
            mark(l, candidates);
    }
}

/* The segment holding byte q, from segment *k on (q only grows). */
static size_t segment_of(const uint32_t *end, size_t nseg, size_t *k, size_t q)
{
    while (*k + 1 < nseg && q > end[*k])
        (*k)++;
    return *k;
}

void voce_prefilter_scan_segments(const voce_prefilter *p, const char *text, size_t len,
                                  const uint32_t *end, size_t nseg, uint64_t *candidates,
                                  uint64_t *per_segment)
{
    size_t words = p->words;
    if (words) {
        memcpy(candidates, p->always, words * sizeof *candidates);
        for (size_t k = 0; k < nseg; k++)
            memcpy(per_segment + k * words, p->always, words * sizeof *candidates);
    }
    const unsigned char *t = (const unsigned char *)text;
    size_t k = 0;
    for (size_t i = 0; i + 3 <= len; i++) {
        uint32_t b = bucket_of(t + i);
        if (!(p->used[b / 64] >> (b % 64) & 1))
            continue;
        size_t seg = segment_of(end, nseg, &k, i);
        for (uint32_t j = p->bucket_start[b]; j < p->bucket_start[b + 1]; j++) {
            const literal *l = &p->lit[p->bucket_lit[j]];
            if (literal_at(l, t, i, len)) {
                mark(l, candidates);
                if (i + l->len <= end[seg]) /* not across the segment's break */
                    mark(l, per_segment + seg * words);
            }
        }
    }
    /* Short literals: each occurrence, at most one a segment. */
    for (size_t s = 0; s < p->nshort; s++) {
        const literal *l = &p->lit[p->short_lit[s]];
        size_t at = 0, seg = 0;
        while (at + l->len <= len) {
            const char *q = memchr(text + at, l->text[0], len - at - (l->len - 1));
            if (!q)
                break;
            size_t pos = (size_t)(q - text);
            if (l->len == 2 && q[1] != l->text[1]) {
                at = pos + 1;
                continue;
            }
            mark(l, candidates);
            segment_of(end, nseg, &seg, pos);
            if (pos + l->len <= end[seg])
                mark(l, per_segment + seg * words);
            at = pos + 1 > end[seg] ? pos + 1 : (size_t)end[seg]; /* on to the next segment */
        }
    }
}
