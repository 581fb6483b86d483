/* voce.h -- the public interface of libvoce.
 *
 * voce reads customer feedback in Italian and English and says what the
 * customer feels and what they talk about. This header is all a program
 * embedding voce needs; every type behind it is opaque.
 *
 * Conventions:
 *   - a function that can fail returns voce_status and, if 'err' is not NULL,
 *     fills it with where ("file:line") and what went wrong;
 *   - constructors have the shape voce_status voce_x_load(voce_x **out, ...);
 *     on failure *out is NULL;
 *   - voce_x_free(NULL) does nothing;
 *   - a returned const char * is borrowed; it stays valid as long as the
 *     object it came from, or until the next call on that object;
 *   - the library never prints and never exits; running out of memory aborts.
 *   - loaded resources (voce_analyzer) are read-only after loading and may be
 *     shared by many threads; per-text scratch (voce_doc) belongs to one thread.
 */
#ifndef VOCE_H
#define VOCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VOCE_VERSION "0.1.0"

/* ---- Errors ------------------------------------------------------------ */

typedef enum voce_status {
    VOCE_OK = 0,
    VOCE_ERR_IO,      /* a file could not be opened, read or written */
    VOCE_ERR_PARSE,   /* a data file (lexicon, model, input) is malformed */
    VOCE_ERR_REGEX,   /* a rule does not compile, or hit its match limit */
    VOCE_ERR_MODEL,   /* a model does not fit these lexicons or this version */
    VOCE_ERR_INVALID  /* a caller passed an argument that makes no sense */
} voce_status;

typedef struct voce_error {
    voce_status status;
    int sys_errno;    /* errno for VOCE_ERR_IO, else 0 */
    char where[512];  /* "file:line" or "file:line:col", or a path */
    char msg[256];    /* what was wrong, lower case, no final period */
} voce_error;

/* One fixed sentence describing 'st'. */
const char *voce_strerror(voce_status st);

/* The library's version, "MAJOR.MINOR.PATCH". */
const char *voce_version(void);

/* ---- Lexicon directory ------------------------------------------------- */

/* Whether 'dir' looks like a voce lexicon directory (the lexicons/ folder of
 * the source tree or of <prefix>/share/voce). The library never searches for
 * its data: callers pass paths in. */
bool voce_lexicon_dir_is_valid(const char *dir);

/* ---- Text analysis: normalise, tokenise, identify the language --------- */

typedef enum voce_token_type {
    VOCE_TOK_WORD,      /* letters, possibly with digits, hyphens, an apostrophe */
    VOCE_TOK_NUMBER,    /* 12, 10,50, 3.5 */
    VOCE_TOK_PUNCT,     /* one punctuation mark; 'repeat' counts "!!!!" */
    VOCE_TOK_SYMBOL,    /* any other symbol */
    VOCE_TOK_EMOJI,     /* an emoji sequence (ZWJ, skin tone, flags) */
    VOCE_TOK_EMOTICON,  /* an ASCII emoticon: :-) :( <3 xD */
    VOCE_TOK_URL,       /* placeholders: the token text is "<url>", ... */
    VOCE_TOK_EMAIL,
    VOCE_TOK_MENTION,
    VOCE_TOK_PHONE,
    VOCE_TOK_MONEY,
    VOCE_TOK_PERCENT,
    VOCE_TOK_DATE,
    VOCE_TOK_ORDERNO,   /* an order, ticket or case code */
    VOCE_TOK_TYPE_COUNT
} voce_token_type;

/* Flags on a token: what normalisation saw and kept as signal. */
enum {
    VOCE_TF_ALLCAPS    = 1u << 0, /* written in capitals: "PESSIMO" */
    VOCE_TF_ELONGATED  = 1u << 1, /* letters were squeezed: "bellissimooo" */
    VOCE_TF_ELIDED     = 1u << 2, /* an Italian elided form: "dell'" */
    VOCE_TF_ACCENT_FIX = 1u << 3, /* apostrophe-as-accent repaired: "perche'" */
    VOCE_TF_HASHTAG    = 1u << 4, /* a word split out of a #hashtag */
    VOCE_TF_REPLACED   = 1u << 5  /* the text held invalid UTF-8 (now U+FFFD) */
};

typedef struct voce_token {
    const char *text;      /* normalised: NFC, lower case, squeezed; NUL-terminated */
    uint32_t len;          /* bytes in text */
    uint32_t start, end;   /* byte offsets [start, end) into the original input */
    uint16_t type;         /* a voce_token_type */
    uint16_t flags;        /* VOCE_TF_* bits */
    uint32_t repeat;       /* how many times a punctuation mark was repeated */
} voce_token;

/* Loaded, read-only resources for analysis: language profiles and the
 * placeholder patterns. Load once, share between threads. */
typedef struct voce_analyzer voce_analyzer;

/* Per-thread scratch holding the analysis of one text. Reused between
 * texts: analysing a new text invalidates the tokens of the previous one. */
typedef struct voce_doc voce_doc;

/* Load the analyzer's resources from 'lexicon_dir' (language profiles in
 * <lang>/stopwords.tsv, placeholder patterns in placeholders.tsv). */
voce_status voce_analyzer_load(voce_analyzer **out, const char *lexicon_dir, voce_error *err);
void voce_analyzer_free(voce_analyzer *a);

voce_doc *voce_doc_new(void);
void voce_doc_free(voce_doc *d);

/* Analyse 'len' bytes of 'text' (any bytes: invalid UTF-8 becomes U+FFFD and
 * is counted, NUL and control characters are dropped, a BOM is skipped) into
 * 'd'. 'lang' forces the language ("it", "en"); NULL identifies it. */
void voce_analyze(const voce_analyzer *a, const char *text, size_t len, const char *lang,
                  voce_doc *d);

/* The tokens of the last analysed text, and how many there are. */
const voce_token *voce_doc_tokens(const voce_doc *d, size_t *count);

/* The language of the last analysed text: "it", "en", or "und" when unsure. */
const char *voce_doc_lang(const voce_doc *d);

/* How many invalid UTF-8 sequences the last text held (each became U+FFFD). */
size_t voce_doc_invalid_bytes(const voce_doc *d);

/* The short name of a token type ("word", "url", ...) and of a flag bit. */
const char *voce_token_type_name(voce_token_type t);
const char *voce_token_flag_name(unsigned flag);

/* Describe token 't' as TEXT/TYPE@START-END, then its flags (+caps,
 * +elongated, ...) and +xN for a repeat, as 'voce tokens' prints it. Writes
 * at most 'size' bytes including the NUL; returns the length it needed. */
size_t voce_token_describe(const voce_token *t, char *buf, size_t size);

/* Identify the language of 'len' bytes of UTF-8 text on its own: "it", "en"
 * or "und". 'confidence', if not NULL, gets a value in [0, 1]. */
const char *voce_lang_detect(const voce_analyzer *a, const char *text, size_t len,
                             double *confidence);

#ifdef __cplusplus
}
#endif
#endif
