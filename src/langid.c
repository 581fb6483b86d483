/* langid.c -- language identification from function words and word shape.
 *
 * Short customer texts defeat statistical profiles trained on long ones,
 * so the evidence is what survives in three words: function words from each
 * language's stopwords.tsv (a word on both lists tells nothing and is left
 * out of both), Italian accented vowels, and how content words end (Italian
 * words end in a vowel, English ones mostly in a consonant or -y; a final
 * -e says nothing). Each piece of evidence is a vote; the text is "und"
 * when the votes are too few or too close. */
#include "langid.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "tsvfile.h"
#include "utf8.h"

const char *const voce_lang_names[VOCE_LANG_COUNT] = {"it", "en"};

/* Votes: a function word counts fully, word shape counts less because
 * loanwords ("delivery", "app", "customer care") cross languages. */
#define VOTE_STOPWORD 1.0
#define VOTE_ACCENT 0.6
#define VOTE_ENDING 0.35
#define MIN_EVIDENCE 0.9 /* below this, "und" */
#define MIN_MARGIN 0.25  /* |it - en| / (it + en) below this, "und" */

voce_status voce_langid_load(voce_langid *l, const char *lexicon_dir, voce_error *err)
{
    voce_hmap_init(&l->stopwords);
    voce_buf key = VOCE_BUF_INIT;
    voce_status st = VOCE_OK;
    for (int i = 0; i < VOCE_LANG_COUNT && st == VOCE_OK; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s/stopwords.tsv", lexicon_dir, voce_lang_names[i]);
        voce_tsvfile f;
        if ((st = voce_tsvfile_open(&f, path, err)) != VOCE_OK)
            break;
        int r;
        while ((r = voce_tsvfile_next(&f, err)) == 1) {
            if (f.nfields != 1) {
                st = voce_tsvfile_error(&f, err, VOCE_ERR_PARSE, "expected 1 column, got %zu",
                                        f.nfields);
                break;
            }
            voce_buf_reset(&key);
            voce_utf8_fold_key(f.field[0], strlen(f.field[0]), &key);
            uint32_t langs = 0;
            voce_hmap_get(&l->stopwords, key.data, key.len, &langs);
            voce_hmap_put(&l->stopwords, key.data, key.len, langs | 1u << i);
        }
        if (r < 0)
            st = VOCE_ERR_PARSE;
        voce_tsvfile_close(&f);
    }
    voce_buf_release(&key);
    if (st != VOCE_OK)
        voce_langid_release(l);
    return st;
}

void voce_langid_release(voce_langid *l)
{
    voce_hmap_release(&l->stopwords);
}

static bool is_italian_accent(int32_t cp)
{
    switch (cp) {
    case 0xE0: case 0xE8: case 0xE9: case 0xEC: case 0xF2: case 0xF9:
    case 0xC0: case 0xC8: case 0xC9: case 0xCC: case 0xD2: case 0xD9:
        return true;
    }
    return false;
}

/* Weigh one word: key[0..n) is its folded form, 'accent' whether it held an
 * Italian accented vowel, 'elided' whether an apostrophe follows it. */
static void vote(const voce_langid *l, const char *key, size_t n, bool accent, bool elided,
                 double votes[VOCE_LANG_COUNT])
{
    uint32_t langs = 0;
    bool stop = voce_hmap_get(&l->stopwords, key, n, &langs);
    for (int i = 0; i < VOCE_LANG_COUNT; i++)
        if (langs & 1u << i)
            votes[i] += VOTE_STOPWORD;
    if (accent)
        votes[VOCE_LANG_IT] += VOTE_ACCENT;
    if (stop || elided || n < 3)
        return;
    char last = key[n - 1];
    if (last < 'a' || last > 'z')
        return;
    if (strchr("aiou", last))
        votes[VOCE_LANG_IT] += VOTE_ENDING;
    else if (last != 'e')
        votes[VOCE_LANG_EN] += VOTE_ENDING;
}

enum { KEY_MAX = 64 }; /* a longer word is not voted on */

const char *voce_langid_detect(const voce_langid *l, const char *text, size_t len,
                               double *confidence, int *lean)
{
    double votes[VOCE_LANG_COUNT] = {0};
    char key[KEY_MAX + 4]; /* 4 bytes of slack for the fixed-size copy below */
    size_t n = 0;
    bool accent = false, overflow = false;
    size_t i = 0;
    while (i <= len) {
        int32_t cp = 0;
        size_t used = 1;
        if (i < len)
            used = voce_utf8_decode(text + i, len - i, &cp, NULL);
        if (i < len && voce_utf8_is_letter(cp)) {
            accent |= is_italian_accent(cp);
            char enc[4];
            cp = voce_utf8_strip_marks(voce_utf8_lower(cp));
            size_t k = voce_utf8_encode(cp, enc);
            if (n + k < KEY_MAX - 1) {
                memcpy(key + n, enc, sizeof enc); /* a fixed 4: one move, no call */
                n += k;
            } else {
                overflow = true;
            }
        } else if (n) {
            /* "dell'ordine": the stopword is "dell'". */
            bool elided = cp == '\'' && i + 1 < len && voce_utf8_is_letter((unsigned char)text[i + 1]);
            if (elided)
                key[n++] = '\'';
            if (!overflow)
                vote(l, key, n, accent, elided, votes);
            n = 0;
            accent = overflow = false;
        }
        i += used;
    }
    double it = votes[VOCE_LANG_IT], en = votes[VOCE_LANG_EN];
    double total = it + en;
    if (lean)
        *lean = it > en ? VOCE_LANG_IT : en > it ? VOCE_LANG_EN : -1;
    double margin = total > 0 ? (it > en ? it - en : en - it) / total : 0;
    if (total < MIN_EVIDENCE || margin < MIN_MARGIN) {
        if (confidence)
            *confidence = 0;
        return "und";
    }
    if (confidence) {
        double strength = total / 4.0 < 1.0 ? total / 4.0 : 1.0;
        *confidence = margin * (0.5 + 0.5 * strength);
    }
    return it > en ? voce_lang_names[VOCE_LANG_IT] : voce_lang_names[VOCE_LANG_EN];
}
