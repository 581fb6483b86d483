/* tokenize.c -- words, numbers, punctuation, emoji, emoticons, placeholders.
 *
 * Splits clean text (normalize.c) into tokens whose text is lower case with
 * elongations squeezed, and whose offsets point into the original input.
 * Emphasis is kept as flags and counts rather than thrown away: ALL CAPS,
 * "bellissimooo", "!!!!". The language decides what an apostrophe means:
 * Italian elides ("dell'ordine" -> "dell'" "ordine") and writes accents as
 * apostrophes ("perche'" -> "perché"); English contracts ("don't" stays
 * whole). Which words carry sentiment is not decided here. */
#include "tokenize.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "utf8.h"

void voce_tokens_init(voce_tokens *t)
{
    t->tok = NULL;
    t->n = t->cap = 0;
    voce_buf_init(&t->text);
}

void voce_tokens_release(voce_tokens *t)
{
    free(t->tok);
    voce_buf_release(&t->text);
    voce_tokens_init(t);
}

/* The state of one tokenisation. */
typedef struct tokenizer {
    const char *s;  /* clean text */
    size_t len;
    const uint32_t *src;
    bool italian;   /* the language is not known to be English */
    bool english;   /* the language may be English */
    voce_tokens *out;
} tokenizer;

static int32_t cp_at(const tokenizer *z, size_t p, size_t *n)
{
    int32_t cp;
    *n = voce_utf8_decode(z->s + p, z->len - p, &cp, NULL);
    return cp;
}

static bool is_word_char(int32_t cp)
{
    return voce_utf8_is_letter(cp) || voce_utf8_is_digit(cp) || voce_utf8_is_mark(cp) ||
           cp == VOCE_REPLACEMENT;
}

static bool is_variation(int32_t cp)
{
    return cp == 0xFE0F || cp == 0xFE0E || cp == 0x20E3 || cp == 0x200D;
}

/* Start a token over clean bytes [a, b); its text is added by the caller
 * and closed by end_token(). Token text offsets are kept as indices until
 * the end, since the text buffer moves as it grows. */
static voce_token *begin_token(tokenizer *z, size_t a, size_t b, voce_token_type type)
{
    voce_tokens *t = z->out;
    t->tok = voce_xgrow(t->tok, &t->cap, t->n + 1, sizeof *t->tok);
    voce_token *k = &t->tok[t->n++];
    memset(k, 0, sizeof *k);
    k->text = (const char *)(uintptr_t)t->text.len;
    k->start = z->src[a];
    k->end = z->src[b];
    k->type = (uint16_t)type;
    k->repeat = 1;
    return k;
}

static void end_token(tokenizer *z, voce_token *k)
{
    voce_tokens *t = z->out;
    k->len = (uint32_t)(t->text.len - (uintptr_t)k->text);
    voce_buf_addc(&t->text, '\0');
}

static void add_cp(tokenizer *z, int32_t cp)
{
    voce_utf8_append(&z->out->text, cp);
}

static void emit_literal(tokenizer *z, size_t a, size_t b, voce_token_type type,
                         const char *text)
{
    voce_token *k = begin_token(z, a, b, type);
    voce_buf_adds(&z->out->text, text);
    end_token(z, k);
}

/* ---- Words --------------------------------------------------------------- */

/* The accented vowel an Italian writer meant by "<vowel>'". The closed é
 * belongs to -ché (perché, poiché), né, sé and -tré; every other e is è. */
static int32_t accent_for(int32_t vowel, const char *word, size_t len)
{
    switch (vowel) {
    case 'a': return 0xE0;
    case 'i': return 0xEC;
    case 'o': return 0xF2;
    case 'u': return 0xF9;
    case 'e':
        if ((len >= 3 && memcmp(word + len - 3, "che", 3) == 0) ||
            (len >= 3 && memcmp(word + len - 3, "tre", 3) == 0 && len > 3) ||
            (len == 2 && (memcmp(word, "ne", 2) == 0 || memcmp(word, "se", 2) == 0)))
            return 0xE9;
        return 0xE8;
    }
    return 0;
}

/* Italian truncations whose apostrophe is not an accent: "un po'". */
static bool is_truncation(const char *w, size_t len)
{
    static const char *const words[] = {"po", "mo", "di", "fa", "va", "sta", "da", "to", "be"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strlen(words[i]) == len && memcmp(words[i], w, len) == 0)
            return true;
    return false;
}

enum word_ending {
    END_PLAIN,      /* the word is [a, b) */
    END_APOSTROPHE, /* keep the apostrophe at b-1 in the text: "dell'", "po'" */
    END_ACCENT      /* the apostrophe at b-1 stands for an accent: "perche'" */
};

/* Emit the word over clean bytes [a, b): lower case, with runs of three or
 * more equal letters squeezed to one. */
static void emit_word(tokenizer *z, size_t a, size_t b, enum word_ending ending,
                      uint16_t extra_flags)
{
    size_t text_end = ending == END_PLAIN ? b : b - 1;
    voce_token *k = begin_token(z, a, b, VOCE_TOK_WORD);
    k->flags = extra_flags;
    voce_buf *out = &z->out->text;
    size_t word_start = out->len;
    size_t letters = 0, uppers = 0, lowers = 0, digits = 0, others = 0;
    int32_t prev = -1;
    size_t run = 0, run_start = 0;
    for (size_t p = a; p < text_end;) {
        size_t n;
        int32_t cp = cp_at(z, p, &n);
        p += n;
        if (is_variation(cp))
            continue;
        if (voce_utf8_is_letter(cp)) {
            letters++;
            uppers += voce_utf8_is_upper(cp);
            lowers += voce_utf8_is_lower(cp);
            cp = voce_utf8_lower(cp);
        } else if (voce_utf8_is_digit(cp)) {
            digits++;
        } else if (cp != '.' && cp != ',') {
            others++;
        }
        if (cp == VOCE_REPLACEMENT)
            k->flags |= VOCE_TF_REPLACED;
        if (cp == prev && voce_utf8_is_letter(cp)) {
            if (++run >= 3) {
                /* Third or later repeat: drop what the run added. */
                out->len = run_start;
                out->data[out->len] = '\0';
                add_cp(z, cp);
                k->flags |= VOCE_TF_ELONGATED;
                continue;
            }
        } else {
            run = 1;
            run_start = out->len;
        }
        prev = cp;
        add_cp(z, cp);
    }
    const char *w = out->data + word_start;
    size_t wlen = out->len - word_start;
    if (letters >= 2 && uppers == letters && lowers == 0)
        k->flags |= VOCE_TF_ALLCAPS;
    if (letters == 0 && others == 0 && digits > 0 && ending == END_PLAIN)
        k->type = VOCE_TOK_NUMBER;
    if (ending == END_ACCENT) {
        int32_t acc = accent_for((unsigned char)w[wlen - 1], w, wlen);
        out->len--;
        add_cp(z, acc);
        k->flags |= VOCE_TF_ACCENT_FIX;
    } else if (ending == END_APOSTROPHE) {
        voce_buf_addc(out, '\'');
    }
    w = out->data + word_start; /* adding the ending may have moved the buffer */
    /* "xD", "XDDD": a laughing emoticon spelt with letters. */
    if (wlen >= 2 && w[0] == 'x' && strspn(w + 1, "d") == wlen - 1) {
        k->type = VOCE_TOK_EMOTICON;
        k->flags &= (uint16_t)~VOCE_TF_ALLCAPS;
        out->len = word_start;
        voce_buf_adds(out, "xd");
    }
    end_token(z, k);
}

static bool ascii_ieq(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)a[i]) != (unsigned char)b[i])
            return false;
    return true;
}

static bool is_english_clitic(const char *s, size_t n)
{
    static const char *const clitics[] = {"s", "t", "m", "re", "ve", "ll", "d"};
    for (size_t i = 0; i < sizeof clitics / sizeof *clitics; i++)
        if (strlen(clitics[i]) == n && ascii_ieq(s, clitics[i], n))
            return true;
    return false;
}

/* Scan a word from 'p' (a word character), stopping at 'limit' (the next
 * placeholder). Returns where scanning should resume. */
static size_t scan_word(tokenizer *z, size_t p, size_t limit)
{
    size_t q = p, n;
    bool all_digits = true;
    for (;;) {
        while (q < limit) {
            int32_t cp = cp_at(z, q, &n);
            if (!is_word_char(cp))
                break;
            if (!voce_utf8_is_digit(cp))
                all_digits = false;
            q += n;
        }
        if (q + 1 >= limit)
            break;
        char c = z->s[q];
        size_t n2;
        int32_t next = cp_at(z, q + 1, &n2);
        /* 10,50 and 3.5 stay one number; "wi-fi" stays one word. */
        if ((c == '.' || c == ',') && all_digits && voce_utf8_is_digit(next)) {
            q++;
            continue;
        }
        if (c == '-' && is_word_char(next)) {
            q++;
            continue;
        }
        if (c == '\'' && voce_utf8_is_letter(next)) {
            size_t r = q + 1;
            while (r < limit) {
                int32_t cp = cp_at(z, r, &n);
                if (!voce_utf8_is_letter(cp))
                    break;
                r += n;
            }
            bool clitic = is_english_clitic(z->s + q + 1, r - q - 1);
            if (!z->italian || (z->english && clitic)) {
                q = r; /* don't, it's, o'clock */
                continue;
            }
            emit_word(z, p, q + 1, END_APOSTROPHE, VOCE_TF_ELIDED); /* dell' */
            return q + 1;
        }
        break;
    }
    /* An apostrophe right after the word, not followed by a letter. */
    if (q < limit && z->s[q] == '\'' && z->italian) {
        bool quoted = p > 0 && z->s[p - 1] == '\'';
        char last = z->s[q - 1];
        if (!quoted && strchr("aeiouAEIOU", last)) {
            /* Decide on the lower-case ASCII spelling of the word. */
            char low[8];
            size_t wl = q - p;
            bool ascii = wl < sizeof low;
            for (size_t i = 0; ascii && i < wl; i++) {
                unsigned char ch = (unsigned char)z->s[p + i];
                ascii = ch < 0x80;
                low[i] = (char)tolower(ch);
            }
            if (ascii && is_truncation(low, wl))
                emit_word(z, p, q + 1, END_APOSTROPHE, 0);
            else
                emit_word(z, p, q + 1, END_ACCENT, 0);
            return q + 1;
        }
    }
    emit_word(z, p, q, END_PLAIN, 0);
    return q;
}

/* ---- Emoticons, emoji, punctuation ------------------------------------------ */

static bool boundary_before(const tokenizer *z, size_t p)
{
    if (p == 0)
        return true;
    unsigned char c = (unsigned char)z->s[p - 1];
    return c == ' ' || c >= 0x80;
}

static bool boundary_after(const tokenizer *z, size_t p)
{
    if (p >= z->len)
        return true;
    unsigned char c = (unsigned char)z->s[p];
    return c == ' ' || c >= 0x80 || (ispunct(c) && c != '\'' && c != '_');
}

/* Length of an ASCII emoticon starting at p, or 0. The mouth may repeat
 * (":)))"); *repeat gets how often. The grammar: eyes [:;=], an optional
 * tear or nose, a mouth; or one of the fixed shapes <3 </3 ^^ ^_^ -_-. */
static size_t match_emoticon(const tokenizer *z, size_t p, uint32_t *repeat, size_t *core)
{
    static const char *const shapes[] = {"</3", "<3", "^_^", "^.^", "^-^", "^^", "-_-", "-.-",
                                         "o.o", "o_o", "t_t", ";_;"};
    const char *s = z->s + p;
    size_t room = z->len - p;
    if (!boundary_before(z, p))
        return 0;
    *repeat = 1;
    for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++) {
        size_t n = strlen(shapes[i]);
        if (n <= room && ascii_ieq(s, shapes[i], n) && boundary_after(z, p + n)) {
            *core = n;
            return n;
        }
    }
    if (!strchr(":;=", s[0]) || room < 2)
        return 0;
    size_t i = 1;
    if (i < room && (s[i] == '\'' || s[i] == '-' || s[i] == '^'))
        i++;
    if (i < room && s[i - 1] == '\'' && s[i] == '-')
        i++;
    if (i >= room || !strchr(")(][dDpP/\\|oO*3$@xXcCsS", s[i]))
        return 0;
    size_t mouth = i++;
    /* Letter mouths (:D :P) must not run into a word: "10:Dopo". */
    while (i < room && s[i] == s[mouth] && !isalpha((unsigned char)s[mouth]))
        i++;
    if (!boundary_after(z, p + i))
        return 0;
    *repeat = (uint32_t)(i - mouth);
    *core = mouth + 1;
    return i;
}

static size_t scan_emoticon(tokenizer *z, size_t p)
{
    uint32_t repeat;
    size_t core;
    size_t n = match_emoticon(z, p, &repeat, &core);
    if (!n)
        return 0;
    voce_token *k = begin_token(z, p, p + n, VOCE_TOK_EMOTICON);
    for (size_t i = 0; i < core; i++)
        voce_buf_addc(&z->out->text, (char)tolower((unsigned char)z->s[p + i]));
    k->repeat = repeat;
    end_token(z, k);
    return p + n;
}

/* One emoji sequence: a pictograph (or a pair of regional indicators) with
 * its variation selectors, skin tone and ZWJ-joined parts. The token text
 * keeps the pictographs and joiners and drops selectors and skin tones, so
 * every variant of an emoji meets the same lexicon entry. */
static size_t scan_emoji(tokenizer *z, size_t p)
{
    size_t n;
    int32_t cp = cp_at(z, p, &n);
    size_t q = p + n;
    voce_token *k = begin_token(z, p, p, VOCE_TOK_EMOJI);
    add_cp(z, cp);
    if (voce_utf8_is_regional_indicator(cp)) {
        int32_t next = q < z->len ? cp_at(z, q, &n) : 0;
        if (voce_utf8_is_regional_indicator(next)) {
            add_cp(z, next);
            q += n;
        }
    } else {
        while (q < z->len) {
            int32_t next = cp_at(z, q, &n);
            if (next == 0xFE0F || next == 0xFE0E || next == 0x20E3 ||
                voce_utf8_is_emoji_modifier(next) || (next >= 0xE0020 && next <= 0xE007F)) {
                q += n;
                continue;
            }
            if (next == 0x200D && q + n < z->len) {
                size_t n2;
                int32_t after = cp_at(z, q + n, &n2);
                if (voce_utf8_is_emoji(after)) {
                    add_cp(z, 0x200D);
                    add_cp(z, after);
                    q += n + n2;
                    continue;
                }
            }
            break;
        }
    }
    k->end = z->src[q];
    end_token(z, k);
    return q;
}

static size_t scan_punct(tokenizer *z, size_t p, voce_token_type type)
{
    size_t n;
    int32_t cp = cp_at(z, p, &n);
    size_t q = p + n;
    uint32_t repeat = 1;
    if (type == VOCE_TOK_PUNCT) {
        size_t n2;
        while (q < z->len && cp_at(z, q, &n2) == cp) {
            q += n2;
            repeat++;
        }
    }
    voce_token *k = begin_token(z, p, q, type);
    add_cp(z, cp);
    k->repeat = repeat;
    end_token(z, k);
    return q;
}

/* ---- Placeholders and hashtags ------------------------------------------------ */

static const char *placeholder_text(uint16_t type)
{
    switch (type) {
    case VOCE_TOK_URL: return "<url>";
    case VOCE_TOK_EMAIL: return "<email>";
    case VOCE_TOK_MENTION: return "<mention>";
    case VOCE_TOK_PHONE: return "<phone>";
    case VOCE_TOK_MONEY: return "<money>";
    case VOCE_TOK_PERCENT: return "<percent>";
    case VOCE_TOK_DATE: return "<date>";
    case VOCE_TOK_ORDERNO: return "<orderno>";
    }
    return "<?>";
}

/* An @mention keeps its handle, in lower case: "@TelcoHelp" says which
 * company, product or team a message is addressed to, which a placeholder
 * would throw away. */
static void emit_mention(tokenizer *z, size_t a, size_t b)
{
    voce_token *k = begin_token(z, a, b, VOCE_TOK_MENTION);
    for (size_t p = a; p < b;) {
        size_t n;
        int32_t cp = cp_at(z, p, &n);
        add_cp(z, voce_utf8_lower(cp));
        p += n;
    }
    end_token(z, k);
}

/* "#PessimoServizio" -> "pessimo" "servizio": split where a lower-case
 * letter meets a capital, at underscores and between letters and digits. */
static void split_hashtag(tokenizer *z, size_t a, size_t b)
{
    size_t p = a + 1; /* past '#' */
    while (p < b) {
        size_t n;
        int32_t cp = cp_at(z, p, &n);
        if (!is_word_char(cp)) {
            p += n;
            continue;
        }
        size_t q = p + n, piece = 1;
        bool digit = voce_utf8_is_digit(cp);
        int32_t prev = cp;
        while (q < b) {
            int32_t next = cp_at(z, q, &n);
            if (!is_word_char(next) || voce_utf8_is_digit(next) != digit)
                break;
            /* A capital after lower case starts a word, unless what came
             * before is a single letter: "#iPhone" stays whole. */
            if (voce_utf8_is_upper(next) && voce_utf8_is_lower(prev) && piece > 1)
                break;
            /* "PESSIMOServizio": the capital before a lower-case one starts
             * the next word. */
            if (voce_utf8_is_upper(prev) && voce_utf8_is_upper(next) && q + n < b) {
                size_t n3;
                int32_t after = cp_at(z, q + n, &n3);
                if (voce_utf8_is_lower(after))
                    break;
            }
            prev = next;
            q += n;
            piece++;
        }
        emit_word(z, p, q, END_PLAIN, VOCE_TF_HASHTAG);
        p = q;
    }
}

/* ---- The loop ---------------------------------------------------------------------- */

void voce_tokenize(const voce_clean *c, const voce_span *spans, size_t nspans,
                   const char *lang, voce_tokens *t)
{
    tokenizer z = {
        .s = voce_buf_str(&c->text),
        .len = c->text.len,
        .src = c->src,
        .italian = strcmp(lang, "en") != 0,
        .english = strcmp(lang, "it") != 0,
        .out = t,
    };
    t->n = 0;
    voce_buf_reset(&t->text);
    size_t next_span = 0;
    size_t p = 0;
    while (p < z.len) {
        /* A token may run into a placeholder ("$$20": the run "$$", then
         * the money "$20"; "<30€"): the token stands and the placeholder is
         * dropped, so that p never passes 'limit' (scan_word needs p < limit
         * to move on). */
        while (next_span < nspans && spans[next_span].start < p)
            next_span++;
        size_t limit = next_span < nspans ? spans[next_span].start : z.len;
        if (p == limit && next_span < nspans) {
            const voce_span *sp = &spans[next_span++];
            if (sp->type == VOCE_SPAN_HASHTAG)
                split_hashtag(&z, sp->start, sp->end);
            else if (sp->type == VOCE_TOK_MENTION)
                emit_mention(&z, sp->start, sp->end);
            else
                emit_literal(&z, sp->start, sp->end, sp->type, placeholder_text(sp->type));
            p = sp->end;
            continue;
        }
        size_t n, q;
        int32_t cp = cp_at(&z, p, &n);
        unsigned char b = (unsigned char)z.s[p];
        if (cp == ' ' || is_variation(cp) || voce_utf8_is_emoji_modifier(cp)) {
            p += n;
        } else if (b < 0x80 && (ispunct(b) || strchr("oOtT", b)) &&
                   (q = scan_emoticon(&z, p)) != 0) {
            p = q; /* ":-)", "<3"; and "o_o", "T_T", which start with letters */
        } else if (is_word_char(cp)) {
            p = scan_word(&z, p, limit);
        } else if (voce_utf8_is_emoji(cp) || voce_utf8_is_regional_indicator(cp)) {
            p = scan_emoji(&z, p);
        } else if (cp == '\'') {
            p += n; /* a quote, or an apostrophe whose word took what it needed */
        } else if ((b < 0x80 && ispunct(b)) || (b >= 0x80 && voce_utf8_is_punct(cp))) {
            p = scan_punct(&z, p, VOCE_TOK_PUNCT);
        } else {
            p = scan_punct(&z, p, VOCE_TOK_SYMBOL);
        }
    }
    /* Texts were recorded as offsets while the buffer grew; make them
     * pointers now that it will not move. */
    for (size_t i = 0; i < t->n; i++)
        t->tok[i].text = voce_buf_str(&t->text) + (uintptr_t)t->tok[i].text;
}
