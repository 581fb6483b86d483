/* analyzer.c -- the first stage of the pipeline, behind voce_analyze().
 *
 * Raw bytes -> clean text (normalize.c) -> language (langid.c) ->
 * placeholders (one combined pattern from lexicons/placeholders.tsv) ->
 * tokens (tokenize.c). The analyzer holds what is loaded once and shared;
 * the doc holds one thread's buffers, reused from text to text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "error.h"
#include "langid.h"
#include "mem.h"
#include "normalize.h"
#include "regex.h"
#include "tokenize.h"
#include "tsvfile.h"
#include "voce.h"
#include "doc.h"

struct voce_analyzer {
    voce_langid langid;
    voce_regex *placeholders; /* NULL when the file lists none */
};


static const struct {
    const char *name;
    uint16_t type;
} placeholder_types[] = {
    {"url", VOCE_TOK_URL},         {"email", VOCE_TOK_EMAIL},
    {"mention", VOCE_TOK_MENTION}, {"hashtag", VOCE_SPAN_HASHTAG},
    {"phone", VOCE_TOK_PHONE},     {"money", VOCE_TOK_MONEY},
    {"percent", VOCE_TOK_PERCENT}, {"date", VOCE_TOK_DATE},
    {"orderno", VOCE_TOK_ORDERNO},
};

static int placeholder_type(const char *name)
{
    for (size_t i = 0; i < sizeof placeholder_types / sizeof *placeholder_types; i++)
        if (strcmp(placeholder_types[i].name, name) == 0)
            return placeholder_types[i].type;
    return -1;
}

bool voce_lexicon_dir_is_valid(const char *dir)
{
    char path[4096];
    struct stat st;
    snprintf(path, sizeof path, "%s/placeholders.tsv", dir);
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Read placeholders.tsv, check each pattern alone (so an error names its
 * line and column), then join them into one alternation whose (*MARK)
 * names the type that matched. */
static voce_status load_placeholders(voce_analyzer *a, const char *lexicon_dir, voce_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/placeholders.tsv", lexicon_dir);
    voce_tsvfile f;
    voce_status st = voce_tsvfile_open(&f, path, err);
    if (st != VOCE_OK)
        return st;
    voce_buf all = VOCE_BUF_INIT;
    int r;
    while ((r = voce_tsvfile_next(&f, err)) == 1) {
        if (f.nfields != 2) {
            st = voce_tsvfile_error(&f, err, VOCE_ERR_PARSE, "expected 2 columns, got %zu",
                                    f.nfields);
            break;
        }
        if (placeholder_type(f.field[0]) < 0) {
            st = voce_tsvfile_error(&f, err, VOCE_ERR_PARSE, "unknown placeholder type '%s'",
                                    f.field[0]);
            break;
        }
        /* find_placeholders tries a pattern only where no word character
         * precedes (may_start): a pattern that does not open with a
         * look-behind saying so would be missed inside words, silently. */
        if (strncmp(f.field[1], "(?<!", 4) != 0 && strncmp(f.field[1], "(?<=", 4) != 0) {
            st = voce_tsvfile_error(&f, err, VOCE_ERR_PARSE,
                                    "a placeholder pattern must open with a look-behind that "
                                    "refuses a word character before it, such as (?<!\\w)");
            break;
        }
        char where[4200];
        snprintf(where, sizeof where, "%s:%zu", f.path, f.line);
        voce_regex *one;
        if ((st = voce_regex_compile(&one, f.field[1], VOCE_RE_CASELESS | VOCE_RE_NO_JIT, where,
                                     err)) != VOCE_OK)
            break;
        voce_regex_free(one);
        voce_buf_addf(&all, "%s(?:(*MARK:%s)%s)", all.len ? "|" : "", f.field[0], f.field[1]);
    }
    if (r < 0)
        st = VOCE_ERR_PARSE;
    /* With an offset limit: find_placeholders searches chosen windows only. */
    if (st == VOCE_OK && all.len)
        st = voce_regex_compile(&a->placeholders, all.data, VOCE_RE_CASELESS | VOCE_RE_OFFSET_LIMIT,
                                path, err);
    voce_buf_release(&all);
    voce_tsvfile_close(&f);
    return st;
}

voce_status voce_analyzer_load(voce_analyzer **out, const char *lexicon_dir, voce_error *err)
{
    *out = NULL;
    voce_analyzer *a = voce_xcalloc(1, sizeof *a);
    voce_status st = voce_langid_load(&a->langid, lexicon_dir, err);
    if (st != VOCE_OK) {
        free(a);
        return st;
    }
    if ((st = load_placeholders(a, lexicon_dir, err)) != VOCE_OK) {
        voce_analyzer_free(a);
        return st;
    }
    *out = a;
    return VOCE_OK;
}

void voce_analyzer_free(voce_analyzer *a)
{
    if (!a)
        return;
    voce_langid_release(&a->langid);
    voce_regex_free(a->placeholders);
    free(a);
}

voce_doc *voce_doc_new(void)
{
    voce_doc *d = voce_xcalloc(1, sizeof *d);
    voce_clean_init(&d->clean);
    voce_tokens_init(&d->tokens);
    d->scratch = voce_regex_scratch_new();
    d->lang = "und";
    return d;
}

void voce_doc_free(voce_doc *d)
{
    if (!d)
        return;
    voce_clean_release(&d->clean);
    voce_buf_release(&d->blanked);
    voce_buf_release(&d->keys);
    free(d->key);
    free(d->key_len);
    free(d->negated);
    free(d->clause);
    voce_buf_release(&d->folded);
    free(d->folded_src);
    free(d->rule_hits);
    free(d->cues);
    voce_vec_release(&d->vec);
    voce_vec_release(&d->topic_vec);
    voce_vec_release(&d->clause_vec);
    voce_vec_release(&d->base_vec);
    voce_vec_release(&d->raw);
    voce_feature_scratch_release(&d->features);
    voce_buf_release(&d->feature_names);
    free(d->marker);
    voce_buf_release(&d->out_topics);
    voce_buf_release(&d->out_topic_sentiments);
    voce_buf_release(&d->out_flags);
    voce_tokens_release(&d->tokens);
    free(d->spans);
    voce_regex_scratch_free(d->scratch);
    free(d);
}

/* Where placeholders can be. Every placeholder holds a byte they all
 * need: a digit (money, dates, phones, order numbers, percentages), '@'
 * (e-mails, mentions), '#' (hashtags), '/' or "www" (URLs). And it starts
 * in the word holding that byte or in the word before ("€ 12", "ordine
 * AB123"): words are runs of bytes other than white space, which no
 * placeholder holds before its needed byte. So the pattern, the costliest
 * step of the analysis, runs only at the positions of a "hot" word and of
 * the word before it, and most reviews have none (placeholders.tsv states
 * the contract for new patterns). */
static bool is_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static bool is_hot(const char *s, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= '0' && c <= '9') || c == '@' || c == '#' || c == '/')
            return true;
        if ((c | 32) == 'w' && i + 2 < b && (s[i + 1] | 32) == 'w' && (s[i + 2] | 32) == 'w')
            return true;
    }
    return false;
}

/* Whether a placeholder may start at byte 'at' of s: at a character's
 * first byte, at the start of the text or after a byte that is not an
 * ASCII letter, digit or '_'. Every pattern opens with a look-behind
 * refusing a word character before it (placeholders.tsv states the
 * contract), so elsewhere in a word nothing can start; a byte of a
 * non-ASCII character is let through, for the pattern to judge. */
static bool may_start(const char *s, size_t at)
{
    if (((unsigned char)s[at] & 0xc0) == 0x80)
        return false;
    if (at == 0)
        return true;
    unsigned char c = (unsigned char)s[at - 1];
    return !((c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z') || c == '_');
}

/* Find the placeholders starting in [win_start, win_end) from *from on,
 * recording them; *from moves past each match. A search that hits the
 * match limit gives up on the rest of the window (and is counted). */
static void try_window(const voce_analyzer *a, voce_doc *d, const char *s, size_t len,
                       size_t win_start, size_t win_end, size_t *from)
{
    size_t at = win_start > *from ? win_start : *from;
    while (at < win_end) {
        if (!may_start(s, at)) {
            at++;
            continue;
        }
        /* The pattern at this position only (the offset limit stops the
         * search there; look-arounds still see the whole text): a few
         * positions a word, where one search across the window would try
         * every alternative's look-behind at every byte. */
        voce_regex_match m;
        int r = voce_regex_find_before(a->placeholders, s, len, at, at, d->scratch, &m);
        if (r < 0) {
            d->regex_limit_hits++;
            break;
        }
        if (r == 0) {
            at++;
            continue;
        }
        if (m.end > m.start && m.mark) {
            d->spans = voce_xgrow(d->spans, &d->spans_cap, d->nspans + 1, sizeof *d->spans);
            d->spans[d->nspans++] = (voce_span){(uint32_t)m.start, (uint32_t)m.end,
                                                (uint16_t)placeholder_type(m.mark)};
        }
        at = m.end > m.start ? m.end : m.start + 1;
        *from = at;
    }
    if (*from < win_end)
        *from = win_end;
}

static void find_placeholders(const voce_analyzer *a, voce_doc *d)
{
    d->nspans = 0;
    if (!a->placeholders)
        return;
    const char *s = voce_buf_str(&d->clean.text);
    size_t len = d->clean.text.len, from = 0, prev_start = 0;
    for (size_t i = 0; i < len;) {
        while (i < len && is_space((unsigned char)s[i]))
            i++;
        size_t start = i;
        while (i < len && !is_space((unsigned char)s[i]))
            i++;
        if (start < i && is_hot(s, start, i))
            try_window(a, d, s, len, prev_start, i, &from);
        prev_start = start;
    }
}

static const char *known_lang(const char *lang)
{
    for (int i = 0; i < VOCE_LANG_COUNT; i++)
        if (strcmp(lang, voce_lang_names[i]) == 0)
            return voce_lang_names[i];
    return "und";
}

/* Identify the language of the clean text with its placeholders blanked
 * out: "info@negozio.it" or "@TelcoHelp" say nothing about the language. */
static const char *detect_lang(const voce_analyzer *a, voce_doc *d, double *confidence)
{
    const voce_buf *clean = &d->clean.text;
    voce_buf_reset(&d->blanked);
    voce_buf_add(&d->blanked, voce_buf_str(clean), clean->len);
    for (size_t i = 0; i < d->nspans; i++)
        memset(d->blanked.data + d->spans[i].start, ' ', d->spans[i].end - d->spans[i].start);
    return voce_langid_detect(&a->langid, voce_buf_str(&d->blanked), d->blanked.len, confidence,
                              &d->lang_lean);
}

void voce_analyze(const voce_analyzer *a, const char *text, size_t len, const char *lang,
                  voce_doc *d)
{
    d->regex_limit_hits = 0;
    voce_normalize(text, len, &d->clean);
    find_placeholders(a, d);
    d->lang_lean = -1;
    d->lang = lang ? known_lang(lang) : detect_lang(a, d, NULL);
    voce_tokenize(&d->clean, d->spans, d->nspans, d->lang, &d->tokens);
}

const voce_token *voce_doc_tokens(const voce_doc *d, size_t *count)
{
    *count = d->tokens.n;
    return d->tokens.tok;
}

const char *voce_doc_lang(const voce_doc *d)
{
    return d->lang;
}

size_t voce_doc_invalid_bytes(const voce_doc *d)
{
    return d->clean.invalid;
}

const char *voce_lang_detect(const voce_analyzer *a, const char *text, size_t len,
                             double *confidence)
{
    voce_doc *d = voce_doc_new();
    voce_normalize(text, len, &d->clean);
    find_placeholders(a, d);
    const char *lang = detect_lang(a, d, confidence);
    voce_doc_free(d);
    return lang;
}

const char *voce_token_type_name(voce_token_type t)
{
    static const char *const names[VOCE_TOK_TYPE_COUNT] = {
        "word", "number", "punct", "symbol", "emoji", "emoticon", "url", "email",
        "mention", "phone", "money", "percent", "date", "orderno",
    };
    return (unsigned)t < VOCE_TOK_TYPE_COUNT ? names[t] : "?";
}

const char *voce_token_flag_name(unsigned flag)
{
    switch (flag) {
    case VOCE_TF_ALLCAPS: return "caps";
    case VOCE_TF_ELONGATED: return "elongated";
    case VOCE_TF_ELIDED: return "elided";
    case VOCE_TF_ACCENT_FIX: return "accent";
    case VOCE_TF_HASHTAG: return "hashtag";
    case VOCE_TF_REPLACED: return "replaced";
    }
    return "?";
}

size_t voce_token_describe(const voce_token *t, char *buf, size_t size)
{
    voce_buf b = VOCE_BUF_INIT;
    voce_buf_add(&b, t->text, t->len);
    voce_buf_addf(&b, "/%s@%u-%u", voce_token_type_name((voce_token_type)t->type), t->start,
                  t->end);
    for (unsigned bit = 1; bit <= VOCE_TF_REPLACED; bit <<= 1)
        if (t->flags & bit)
            voce_buf_addf(&b, "+%s", voce_token_flag_name(bit));
    if (t->repeat > 1)
        voce_buf_addf(&b, "+x%u", t->repeat);
    if (size) {
        size_t n = b.len < size - 1 ? b.len : size - 1;
        memcpy(buf, voce_buf_str(&b), n);
        buf[n] = '\0';
    }
    size_t need = b.len;
    voce_buf_release(&b);
    return need;
}

const voce_cue *voce_doc_cues(const voce_doc *d, size_t *count)
{
    *count = d->ncues;
    return d->cues;
}
