/* normalize.c -- Unicode clean-up with an offset map back to the input.
 *
 * One pass over the input. ASCII that needs no change is copied byte by
 * byte without touching utf8proc. A starter followed by combining marks is
 * composed as one cluster, so NFC never has to look further than the
 * current character. Knowledge of languages lives in tokenize.c, not here. */
#include "normalize.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "utf8.h"

void voce_clean_init(voce_clean *c)
{
    voce_buf_init(&c->text);
    c->src = NULL;
    c->src_cap = 0;
    c->invalid = 0;
}

void voce_clean_release(voce_clean *c)
{
    voce_buf_release(&c->text);
    free(c->src);
    voce_clean_init(c);
}

/* What a code point becomes in clean text: itself, a folded stand-in,
 * a space, or nothing (-1). */
static int32_t fold_char(int32_t cp)
{
    switch (cp) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: /* ‘ ’ ‚ ‛ */
    case 0x00B4: case 0x0060: case 0x02BC: case 0x2032: /* ´ ` ʼ ′ */
        return '\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: /* “ ” „ ‟ */
    case 0x00AB: case 0x00BB: case 0x2033:              /* « » ″ */
        return '"';
    }
    /* A control character (NUL included) separates what is around it, so
     * it becomes a space; invisible formatting characters often sit inside
     * a word ("pro<ZWSP>blema") and are dropped. */
    if (voce_utf8_is_space(cp) || voce_utf8_is_control(cp))
        return ' ';
    if (voce_utf8_is_invisible(cp))
        return -1;
    return cp;
}

static void put(voce_clean *c, int32_t cp, uint32_t from)
{
    size_t at = c->text.len;
    voce_utf8_append(&c->text, cp);
    if (c->text.len + 1 > c->src_cap)
        c->src = voce_xgrow(c->src, &c->src_cap, c->text.len + 1, sizeof *c->src);
    for (size_t i = at; i < c->text.len; i++)
        c->src[i] = from;
}

enum { CLUSTER_MAX = 32 };

/* Printable ASCII that stays as it is (the backquote becomes an apostrophe). */
static bool is_plain(unsigned char b)
{
    return b >= 0x21 && b < 0x7F && b != '`';
}

void voce_normalize(const char *in, size_t len, voce_clean *c)
{
    if (len > UINT32_MAX)
        len = UINT32_MAX;
    voce_buf_reset(&c->text);
    voce_buf_grow(&c->text, len);
    c->src = voce_xgrow(c->src, &c->src_cap, len + 1, sizeof *c->src);
    c->invalid = 0;

    size_t i = 0;
    if (len >= 3 && (unsigned char)in[0] == 0xEF && (unsigned char)in[1] == 0xBB &&
        (unsigned char)in[2] == 0xBF)
        i = 3;
    bool pending_space = false;
    uint32_t space_from = 0; /* where the pending run of white space began */
    while (i < len) {
        unsigned char b = (unsigned char)in[i];
        /* Fast paths, most of a text: a space, and a run of printable
         * ASCII whose last byte no combining mark follows. */
        if (b == ' ') {
            if (!pending_space)
                space_from = (uint32_t)i;
            pending_space = true;
            i++;
            continue;
        }
        size_t run = 0;
        while (i + run < len && is_plain((unsigned char)in[i + run]))
            run++;
        if (run && i + run < len && (unsigned char)in[i + run] >= 0x80)
            run--; /* a mark may follow: the slow path composes it */
        if (run) {
            size_t at = c->text.len, room = at + 1 + run + 1;
            /* U+FFFD replacements can make the text longer than the input:
             * there is nearly always room, but it is checked. */
            if (room > c->text.cap)
                voce_buf_grow(&c->text, 1 + run);
            if (room > c->src_cap)
                c->src = voce_xgrow(c->src, &c->src_cap, room, sizeof *c->src);
            if (pending_space && at) {
                c->text.data[at] = ' ';
                c->src[at++] = space_from;
            }
            pending_space = false;
            memcpy(c->text.data + at, in + i, run);
            for (size_t k = 0; k < run; k++)
                c->src[at + k] = (uint32_t)(i + k);
            c->text.len = at + run;
            c->text.data[c->text.len] = '\0';
            i += run;
            continue;
        }
        uint32_t from = (uint32_t)i;
        bool bad = false;
        int32_t cp;
        i += voce_utf8_decode(in + i, len - i, &cp, &bad);
        if (bad)
            c->invalid++;
        cp = fold_char(cp);
        if (cp < 0)
            continue;
        if (cp == ' ') {
            if (!pending_space)
                space_from = from;
            pending_space = true;
            continue;
        }
        if (pending_space && c->text.len)
            put(c, ' ', space_from);
        pending_space = false;

        /* Gather the combining marks that follow and compose the cluster. */
        int32_t cluster[CLUSTER_MAX];
        size_t n = 0;
        cluster[n++] = cp;
        while (i < len && n < CLUSTER_MAX && (unsigned char)in[i] >= 0x80) {
            int32_t next;
            bool nbad = false;
            size_t used = voce_utf8_decode(in + i, len - i, &next, &nbad);
            if (nbad || voce_utf8_combining_class(next) == 0)
                break;
            cluster[n++] = next;
            i += used;
        }
        if (n > 1)
            n = voce_utf8_compose(cluster, n);
        for (size_t k = 0; k < n; k++)
            put(c, cluster[k], from);
    }
    c->src = voce_xgrow(c->src, &c->src_cap, c->text.len + 1, sizeof *c->src);
    /* The end of the text maps to the end of the input, or to where the
     * trailing white space began, so the last token ends where it should. */
    c->src[c->text.len] = pending_space ? space_from : (uint32_t)len;
    if (!c->text.data)
        voce_buf_add(&c->text, "", 0);
}
