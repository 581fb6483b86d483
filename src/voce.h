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
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VOCE_VERSION "0.1.0"

/* From this many training records on, "auto" trains with the dcd solver. */
#define VOCE_DCD_FROM 5000

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
    VOCE_TOK_URL,       /* placeholders: the token text is "<url>", ...; a mention
                         * keeps its handle in lower case ("@telcohelp") */
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

/* ---- Classification -------------------------------------------------------- */

/* Everything a classifier needs to load: lexicons, and optionally models.
 * A model NAME is the file NAME.meta and the libsvm files it names. */
typedef struct voce_options {
    const char *lexicon_dir;     /* required: the lexicons/ folder */
    const char *lang;            /* NULL: identify each text; "it" or "en": force */
    const char *model_dir;       /* NULL, or where <lang>-sentiment and <lang>-topic live */
    const char *sentiment_model; /* NULL, or a sentiment model NAME (overrides model_dir) */
    const char *topic_model;     /* NULL, or a topic model NAME (overrides model_dir) */
    bool lexicon_only;           /* use no model at all */
    bool force;                  /* accept a model built with other lexicons or rules,
                                  * or whose files were edited since it was saved */
    unsigned load_threads;       /* 0: read the files on up to 4 threads, no more than the
                                  * cores; 1: on the calling thread only; N: up to N */
} voce_options;

/* Loaded, read-only resources for classification: the analyzer, each
 * language's lexicon and rules. Load once, share between threads. The
 * files are read in parallel (opt->load_threads): the threads are joined
 * before it returns. */
typedef struct voce_classifier voce_classifier;

voce_status voce_classifier_load(voce_classifier **out, const voce_options *opt,
                                 voce_error *err);
void voce_classifier_free(voce_classifier *c);

/* What the classifier uses for 'lang' ("it", "en"): a sentence describing
 * its models ("svm sentiment models/it-sentiment, svm topics ...") or that
 * it falls back to the lexicon. Borrowed: valid while the classifier is,
 * and safe to call from any thread. */
const char *voce_classifier_describe(const voce_classifier *c, const char *lang);

/* Warnings from loading with 'force' (a model built with other lexicons),
 * one per line, or "" (borrowed). */
const char *voce_classifier_warnings(const voce_classifier *c);

/* Every sentiment (topics false) or topic (true) 'c' can give, separated
 * by '|': "positive|negative|neutral|mixed" with the shipped models, or the
 * labels of a model trained on others. For checking what a user asks for. */
const char *voce_classifier_labels(const voce_classifier *c, bool topics);

/* What voce says about one text. Strings are borrowed from the voce_doc
 * used for the call and valid until its next use. */
typedef struct voce_result {
    const char *lang;             /* "it", "en" or "und" */
    const char *sentiment;        /* "positive", "negative", "neutral" (or the labels
                                   * of a model trained on another label set) */
    double score;                 /* -1 (most negative) .. 1 (most positive) */
    double confidence;            /* 0..1: how sure the label is */
    const char *method;           /* "svm", or "lexicon" for a language without a model */
    const char *topics;           /* "billing|delivery", or "" */
    const char *topic_sentiments; /* "delivery:positive|support:negative", or "" */
    bool churn_risk;              /* a churn expression or rule fired */
    const char *flags;            /* "question|sarcasm", or "" */
} voce_result;

/* Classify 'len' bytes of 'text' (any bytes) using scratch 'd'. Never
 * fails on any input; an empty text is neutral with confidence 0. */
void voce_classify(const voce_classifier *c, voce_doc *d, const char *text, size_t len,
                   voce_result *out);


/* ---- Training and evaluation ---------------------------------------------- */

/* Metrics of predictions against gold labels: accuracy, per-class
 * precision/recall/F1, macro-F1 over the gold classes, the confusion
 * matrix, and (with confidences) the expected calibration error. For
 * multi-label data (topics) a label set is '|'-separated, and micro- and
 * macro-F1 are over labels. */
typedef struct voce_metrics voce_metrics;

voce_metrics *voce_metrics_new(bool multilabel);
void voce_metrics_free(voce_metrics *m);
/* 'confidence' is the probability of 'pred' (single-label), or < 0 if unknown. */
void voce_metrics_add(voce_metrics *m, const char *gold, const char *pred, double confidence);
size_t voce_metrics_count(const voce_metrics *m);
double voce_metrics_accuracy(const voce_metrics *m);
double voce_metrics_macro_f1(const voce_metrics *m);
double voce_metrics_micro_f1(const voce_metrics *m);
double voce_metrics_ece(const voce_metrics *m); /* -1 without confidences */
/* A readable table, or one JSON object. */
void voce_metrics_print(const voce_metrics *m, FILE *out, bool json);

typedef struct voce_train_options {
    const char *task;     /* "sentiment": one label per record; "topic": several,
                           * '|'-separated, "label:polarity" items keep the label */
    const char *lang;     /* the model's language: "it" or "en" */
    double C;             /* 0: chosen by cross-validation over a grid */
    unsigned folds;       /* cross-validation folds; 0: 5 */
    const char *kernel;   /* "linear" (default) or "rbf" */
    const char *solver;   /* "libsvm", "dcd" (linear only; fast on big corpora) or
                           * NULL/"auto": libsvm up to VOCE_DCD_FROM records */
    const char *multiclass; /* sentiment task: "ovo" (one-vs-one, libsvm's way),
                           * "ovr" (one-vs-rest) or NULL/"auto": ovo up to 4
                           * classes, ovr for more (and always above 16) */
    double gamma;         /* RBF; 0: 1 / number of features */
    bool no_class_weights;/* default: weights balance the classes */
    uint64_t seed;        /* folds are drawn with it; 0: 42 */
    unsigned cv_repeats;  /* draws of folds whose mean macro-F1 chooses C and the
                           * configuration; 0: 1. Each costs a cross-validation;
                           * the calibration and figures come from the first */
    const char *fold_order; /* "shuffled" (NULL, the default): each class's records
                             * dealt into folds at random; "file": in contiguous
                             * blocks of the input's order, so that for texts in time
                             * order a fold is a period the others did not see */
    unsigned hash_bits;   /* 0: defaults for these four */
    unsigned word_ngrams;
    unsigned char_min, char_max;
    bool no_char_ngrams;
    bool no_char_mentions;/* character n-grams of words only, not of @mention
                           * handles too */
    bool no_final_separator; /* the ". , ; :" that end a text are no word
                              * features: "Average." is "Average" (the shipped
                              * models are trained so) */
    double char_weight;   /* the character n-grams' weight against the word
                           * n-grams' 1; 0: the default (VOCE_CHAR_BLOCK, 0.6) */
    bool char_weight_auto;        /* cross-validate the chosen configuration again with
                                   * the character n-grams weighing 1, and keep the
                                   * better (the vectors are built twice) */
    const char *lexicon_features; /* "yes", "no", or NULL/"auto": cross-validation
                           * decides whether the lexicon's aggregates, rule hits
                           * and emphasis help (they do for sentiment; for
                           * categories they can be noise) */
    const char *idf;      /* "yes", "no", or NULL/"auto": cross-validation decides
                           * whether to weigh hashed features by their inverse
                           * document frequency in the training texts (TF-IDF) */
    unsigned min_df;      /* with IDF: a hashed feature in fewer training texts
                           * than this is dropped (its IDF is 0); 0 or 1: none */
    size_t min_examples;  /* topic: fewer positive examples, no classifier; 0: 10 */
    const char *label_parts; /* "no", or NULL/"auto": with labels written PARENT#CHILD
                              * ("LAPTOP#QUALITY") and one-vs-rest, cross-validation
                              * decides whether a classifier per parent and per child
                              * helps (a rare label borrows its parts' examples) */
    const char *base_model; /* NULL, or a model NAME of the same language and
                             * lexicons whose probabilities of each text become
                             * features: a small corpus builds on what it knows.
                             * Refused if it was trained on these texts */
    bool base_if_polar;     /* offer base_model rather than impose it: only if the
                             * labels include positive and negative, only if it was
                             * not trained on these texts, and only if
                             * cross-validation prefers the model with it */
    bool verbose;         /* libsvm's own output to stderr */
    /* Called with progress lines ("fold 2/5, C=0.5: macro-F1 0.81"), or NULL. */
    void (*progress)(void *ctx, const char *line);
    void *progress_ctx;
} voce_train_options;

typedef struct voce_trainer voce_trainer;

/* A trainer featurises examples with the lexicons of 'c' as they are
 * added (the texts are not kept). */
voce_status voce_trainer_new(voce_trainer **out, const voce_classifier *c,
                             const voce_train_options *opt, voce_error *err);
void voce_trainer_free(voce_trainer *t);

/* Add an example. An empty label is VOCE_ERR_INVALID (the caller says
 * which record). */
voce_status voce_trainer_add(voce_trainer *t, const char *text, size_t len, const char *labels,
                             voce_error *err);

/* Cross-validate (choosing C unless given), calibrate on the held-out
 * folds, train on every example and save the model as NAME, atomically.
 * 'cv' (may be NULL) receives the cross-validated predictions. */
voce_status voce_trainer_finish(voce_trainer *t, const char *name, voce_metrics *cv,
                                voce_error *err);

/* ---- Explanations: what drove a decision ----------------------------------- */

typedef enum voce_cue_kind {
    VOCE_CUE_TERM,    /* a lexicon word or phrase ("pessimo", "non funziona") */
    VOCE_CUE_RULE,    /* a regex rule from rules.tsv */
    VOCE_CUE_TOPIC,   /* a topic cue word or rule */
    VOCE_CUE_NEGATOR, /* a negator; [start, end) spans its scope */
    VOCE_CUE_CONTRAST,/* a contrast marker ("ma", "but") */
    VOCE_CUE_FEATURE  /* a model feature with its weight in the decision */
} voce_cue_kind;

/* How a cue's weight was changed on the way (voce_cue.mods). */
enum {
    VOCE_MOD_NEGATED = 1u << 0,     /* inside a negation scope */
    VOCE_MOD_INTENSIFIED = 1u << 1, /* after an intensifier or downtoner */
    VOCE_MOD_CONTRAST = 1u << 2,    /* weighed by a contrast marker */
    VOCE_MOD_EMPHASIS = 1u << 3,    /* CAPS or elongated */
    VOCE_MOD_SARCASM = 1u << 4,     /* a sarcasm cue turned it */
    VOCE_MOD_OVERLAP = 1u << 5      /* a rule over a term of its sign: adds only the excess */
};

typedef struct voce_cue {
    uint8_t kind;         /* a voce_cue_kind */
    uint8_t mods;         /* VOCE_MOD_* */
    const char *name;     /* the term, rule, topic or feature (borrowed) */
    uint32_t start, end;  /* byte offsets into the input text */
    double weight;        /* what it added to the score (0 for topics) */
    double own_weight;    /* 'weight' but for contrast markers: what it says in
                           * its own clause (per-topic sentiment reads this) */
} voce_cue;

/* The cues of the last text classified with 'd', in text order. */
const voce_cue *voce_doc_cues(const voce_doc *d, size_t *count);

/* After voce_classify() with a topic model: the probability the model gave
 * each of its topics for the last text, in the model's order, and the bar
 * it had to reach: 0.5, or less when the lexicon names the topic in the
 * text (a cue). Why a topic is missing, for explanations. Returns how many
 * (0 without a topic model: the topics are then the lexicon's cues). */
typedef struct voce_topic_score {
    const char *topic;
    double probability;
    double bar;
} voce_topic_score;
size_t voce_doc_topic_scores(const voce_doc *d, const voce_topic_score **scores);

/* After voce_classify() with a sentiment model: add to the cues of 'd' the
 * 'max' model features that pushed hardest towards the chosen label (kind
 * VOCE_CUE_FEATURE, weight = their share of the decision, name = what the
 * feature is, e.g. "w:non funziona" or "c:essim"; offsets 0). Slow: for
 * explanations, not for every record. Does nothing without a model. */
void voce_explain_features(const voce_classifier *c, voce_doc *d, size_t max);

/* Identify the language of 'len' bytes of UTF-8 text on its own: "it", "en"
 * or "und". 'confidence', if not NULL, gets a value in [0, 1]. */
const char *voce_lang_detect(const voce_analyzer *a, const char *text, size_t len,
                             double *confidence);

/* ---- Records: reading and writing feedback exports --------------------- */

typedef enum voce_format {
    VOCE_FORMAT_AUTO = 0, /* from the file name's extension, then the content */
    VOCE_FORMAT_TEXT,     /* one document per line */
    VOCE_FORMAT_TSV,      /* header line, TAB-separated, no quoting */
    VOCE_FORMAT_CSV,      /* RFC 4180: quotes, doubled quotes, newlines in quotes */
    VOCE_FORMAT_JSONL     /* one JSON object per line */
} voce_format;

/* The name of a format ("text", "tsv", "csv", "jsonl"); and back (AUTO if
 * 'name' is none of them). */
const char *voce_format_name(voce_format f);
voce_format voce_format_parse(const char *name);

typedef struct voce_reader_options {
    voce_format format;      /* VOCE_FORMAT_AUTO to detect */
    char delimiter;          /* CSV field separator; 0 detects ',' ';' TAB '|' */
    const char *encoding;    /* NULL or "auto" detects (BOM, UTF-16, valid UTF-8,
                              * else Windows-1252); or "utf-8", "windows-1252",
                              * "latin-1", "utf-16le", "utf-16be" */
    const char *text_column; /* a column name (any case) or a 1-based number;
                              * NULL: text, comment, review, feedback, testo,
                              * commento, risposta... or a name holding one of
                              * them ("Customer comments"); else an error */
    const char *id_column;   /* NULL: none */
    bool no_header;          /* CSV/TSV: the first line is data */
    size_t max_record_bytes; /* 0: the default (64 MiB); a longer record is an error */
} voce_reader_options;

/* Repairs a reader made to a record (voce_record.repairs). */
enum {
    VOCE_REPAIR_INVALID_UTF8 = 1u << 0, /* invalid bytes became U+FFFD */
    VOCE_REPAIR_NUL = 1u << 1,          /* NUL bytes were removed */
};

/* One record. Every pointer is borrowed from the reader and valid until the
 * next voce_reader_next() call. All text is UTF-8. */
typedef struct voce_record {
    size_t line;              /* the input line where the record starts, 1-based */
    const char *text;         /* the text field, decoded (CSV unquoted, JSON unescaped) */
    size_t text_len;
    const char *id;           /* the id field, or NULL */
    size_t id_len;
    size_t nfields;           /* fields, decoded; for JSONL the top-level values in */
    const char *const *field; /* key order, strings unescaped, other values as JSON text */
    const size_t *field_len;
    const char *raw;          /* the record as read (converted to UTF-8), without */
    size_t raw_len;           /* its line end: passed through untouched on output */
    unsigned repairs;         /* VOCE_REPAIR_* bits */
} voce_record;

typedef struct voce_reader voce_reader;

/* Open 'path' ("-" for standard input) for reading records; the input is
 * read in a streaming way, in memory independent of its size. Fails with
 * VOCE_ERR_IO if it cannot be opened, VOCE_ERR_PARSE if the header or the
 * text column cannot be found, VOCE_ERR_INVALID for a bad option. */
voce_status voce_reader_open(voce_reader **out, const char *path,
                             const voce_reader_options *opt, voce_error *err);

/* Read the next record into 'rec'. Returns 1 for a record, 0 at the end,
 * or -1 when a record cannot be read (err->where is "file:line"): the reader
 * has then skipped to a safe place, rec->raw and rec->line describe what was
 * skipped when possible, and reading may go on. A read failure of the file
 * itself is -1 with VOCE_ERR_IO and ends the input. */
int voce_reader_next(voce_reader *r, voce_record *rec, voce_error *err);

voce_format voce_reader_format(const voce_reader *r);
char voce_reader_delimiter(const voce_reader *r);
/* The encoding the input is read in ("utf-8", "windows-1252", "latin-1",
 * "utf-16le", "utf-16be"), and in *bom (may be NULL) whether it began with a
 * byte-order mark. */
const char *voce_reader_encoding(const voce_reader *r, bool *bom);
/* The column names (from the header; "1", "2"... without one; the keys of
 * the first object for JSONL), and which of them is the text. */
size_t voce_reader_columns(const voce_reader *r, const char *const **names);
size_t voce_reader_text_column(const voce_reader *r);
void voce_reader_close(voce_reader *r);

typedef struct voce_writer voce_writer;

/* Write records to 'fp' in 'format' (TEXT is written as TSV). 'in_format'
 * and 'in_columns' describe the input, so that a record can pass through
 * untouched when the formats agree, or be converted when they do not.
 * 'delimiter' separates CSV output (0: ','); CSV passes through untouched
 * only with the input's own delimiter, so give it voce_reader_delimiter().
 * 'extra' names the columns appended to every record; where 'extra_is_json'
 * (may be NULL) is true, JSONL output writes that column's values as JSON
 * text (a number, array or object) rather than as a string. With a header
 * format, the header is written before the first record. */
voce_status voce_writer_open(voce_writer **out, FILE *fp, voce_format format, char delimiter,
                             voce_format in_format, const char *const *in_columns,
                             size_t n_in, const char *const *extra, const bool *extra_is_json,
                             size_t n_extra, voce_error *err);

/* Write 'rec' followed by the values in 'extra' (one per extra column; NULL
 * is an empty value, or null in JSONL). Only I/O errors fail. */
voce_status voce_writer_write(voce_writer *w, const voce_record *rec, const char *const *extra,
                              voce_error *err);
void voce_writer_free(voce_writer *w);

/* ---- Redaction: personal data out of feedback that is shared ------------ */

/* The patterns of personal data to mask (e-mail addresses, phone numbers,
 * IBANs, card numbers, codici fiscali), compiled from a lexicons folder.
 * Read-only once loaded: share it between threads. */
typedef struct voce_redactor voce_redactor;

/* Load <lexicon_dir>/redact.tsv (name, placeholder, pattern per row). A
 * pattern that does not compile is VOCE_ERR_REGEX at "redact.tsv:LINE:COL". */
voce_status voce_redactor_load(voce_redactor **out, const char *lexicon_dir, voce_error *err);
void voce_redactor_free(voce_redactor *r);

/* Copy 'len' bytes of 'text' into 'buf' with the personal data replaced by
 * placeholders ("[EMAIL]", "[PHONE]", "[IBAN]", "[CARD]", "[CF]"); card
 * numbers must pass the Luhn check and IBANs their mod-97 check. Other
 * bytes, invalid UTF-8 included, are kept. Writes at most 'size' bytes,
 * the NUL included, and returns the length the whole result needs (as
 * snprintf does: call again with a bigger buffer if it is 'size' or more).
 * 'found' (may be NULL) gets how many items were replaced. Safe to call
 * from several threads at once. */
size_t voce_redact(const voce_redactor *r, const char *text, size_t len, char *buf, size_t size,
                   size_t *found);

/* Like voce_redact, for the record 'rec' as 'rd' read it (rec->raw): its
 * text field is redacted where it stands (a CSV cell is re-quoted, a JSON
 * string re-escaped, only if something was replaced) and every other byte
 * is kept. A record whose text field cannot be found in rec->raw (one the
 * reader could not read, or plain text; also when 'rd' is NULL) is
 * redacted whole. */
size_t voce_redact_record(const voce_redactor *r, const voce_reader *rd, const voce_record *rec,
                          char *buf, size_t size, size_t *found);

/* ---- NPS and CSAT ------------------------------------------------------------- */

/* The scale of a score column. */
typedef enum voce_scale {
    VOCE_SCALE_AUTO = 0, /* tell from the column's name, else from its values */
    VOCE_SCALE_NPS,      /* 0-10: promoters 9-10, passives 7-8, detractors 0-6 */
    VOCE_SCALE_CSAT      /* 1-5: satisfied 4-5, neutral 3, dissatisfied 1-2 (counted as
                          * promoters, passives and detractors) */
} voce_scale;

/* "nps", "csat" or "auto"; and back (AUTO for anything else). */
const char *voce_scale_name(voce_scale s);
voce_scale voce_scale_parse(const char *name);

/* The scale a column's name announces ("How likely... (0-10)", "NPS",
 * "CSAT 1-5"), or AUTO if it says nothing. */
voce_scale voce_scale_from_name(const char *column);

/* The scale of a column: from its name if it says, else NPS if any of the
 * 'n' scores is 0 or above 5, else CSAT (NPS for no scores at all). */
voce_scale voce_scale_detect(const char *column, const int *scores, size_t n);

/* Read a score: a whole number with optional spaces around it, written
 * "7", "7.0" or "7,0". Returns false for anything else ("", "n/a", "7.5"). */
bool voce_score_parse(const char *s, size_t len, int *score);

/* Counts of answers on one scale. The caller owns it; voce_nps_init()
 * empties it. */
typedef struct voce_nps {
    voce_scale scale; /* NPS or CSAT */
    size_t promoters, passives, detractors;
} voce_nps;

void voce_nps_init(voce_nps *t, voce_scale scale);

/* 1 for a promoter, 0 for a passive, -1 for a detractor, -2 if 'score' is
 * outside the scale. */
int voce_nps_class(voce_scale scale, int score);

/* Count one answer. A score outside the scale is not counted and is
 * VOCE_ERR_INVALID ("score 11 is outside the NPS scale 0-10"). */
voce_status voce_nps_add(voce_nps *t, int score, voce_error *err);

typedef struct voce_nps_summary {
    voce_scale scale;
    size_t n, promoters, passives, detractors;
    double promoters_pct, passives_pct, detractors_pct; /* of n, 0..100 */
    double score; /* NPS: promoters_pct - detractors_pct, -100..100;
                   * CSAT: promoters_pct (the share satisfied), 0..100 */
    double moe;   /* the 95% margin of error of 'score', in its points:
                   * NPS: 1.96 * sqrt((p_pro + p_det - (p_pro - p_det)^2) / n) * 100;
                   * CSAT: 1.96 * sqrt(p (1 - p) / n) * 100 */
} voce_nps_summary;

/* The score of 't'. With n = 0 every number is 0. With very few answers
 * the margin is unreliable (one answer has a margin of 0). */
void voce_nps_summarize(const voce_nps *t, voce_nps_summary *out);

/* The 95% margin of error of the change b->score - a->score between two
 * independent samples: 1.96 * sqrt(se_a^2 + se_b^2), in points. */
double voce_nps_change_moe(const voce_nps_summary *a, const voce_nps_summary *b);

/* ---- Themes: what recurring subjects comments are about ------------------------ */

/* Unsupervised and deterministic: spherical k-means over TF-IDF vectors of
 * stemmed content words (and voce's topics), k chosen by silhouette, labels
 * made of the most distinctive phrases as customers wrote them. */
typedef struct voce_themes voce_themes;

typedef struct voce_themes_options {
    const char *lexicon_dir; /* required: stopwords and function words are left out */
    unsigned k;              /* themes to make; 0: chosen by silhouette among 2..k_max */
    unsigned k_max;          /* 0: 10 (and never more than n / 6 for n comments) */
    uint64_t seed;           /* of k-means++; 0: 42. Same input and seed, same themes */
} voce_themes_options;

voce_status voce_themes_new(voce_themes **out, const voce_themes_options *opt, voce_error *err);
void voce_themes_free(voce_themes *t);

/* Add the text last classified with 'd' (voce_classify on this 'text')
 * as the next comment; returns its number (0, 1, ...). 'group': a comment
 * to group into themes; otherwise it is only placed in the theme it is
 * close to, if any (to compare, say, promoters with detractors). */
size_t voce_themes_add(voce_themes *t, const voce_doc *d, const char *text, size_t len,
                       bool group);

/* Find the themes. Can be called again after more comments were added. */
void voce_themes_run(voce_themes *t);

typedef struct voce_theme {
    const char *label;          /* the phrases joined by ", "; "other" for "other" */
    const char *const *phrases; /* the most distinctive phrases, in the customers' words */
    size_t nphrases;
    size_t size;                /* grouped comments in the theme */
    bool other;                 /* the theme of outliers and too-small clusters (last) */
    const size_t *quotes;       /* up to 3 comment numbers, the closest to the centre */
    size_t nquotes;             /* first ("other": the first ones) */
} voce_theme;

/* How many themes there are (with "other" last, when it has any comment),
 * and theme 'i' (borrowed from 't', NULL if out of range). Themes are
 * ordered by size. */
size_t voce_themes_count(const voce_themes *t);
const voce_theme *voce_themes_get(const voce_themes *t, size_t i);

/* The theme of comment 'comment_no', or -1 for a comment placed nowhere. */
long voce_themes_of(const voce_themes *t, size_t comment_no);

/* The text of comment 'comment_no' (borrowed, NUL-terminated), and its
 * length. */
const char *voce_themes_text(const voce_themes *t, size_t comment_no, size_t *len);

/* The number of comments added. */
size_t voce_themes_size(const voce_themes *t);

/* The k used, the range it was chosen from (k_min = k_max when forced)
 * and the silhouette that chose it (NaN when it was not chosen). Any
 * pointer may be NULL. */
unsigned voce_themes_k(const voce_themes *t, unsigned *k_min, unsigned *k_max,
                       double *silhouette);

/* Comments in different languages share no words, so when two languages
 * each have a tenth of the grouped comments, each is grouped apart (the
 * few of other languages, or of none identified, with the largest): the
 * number of themes made for 'lang' ("it", "en"), k_min, k_max and the
 * silhouette above then being sums and a mean weighted by comments. 0 for
 * every language when they were grouped together. */
unsigned voce_themes_k_of(const voce_themes *t, const char *lang);

/* The mean silhouette of the clustering tried with 'k' themes while
 * choosing k, or NaN if none was tried; with the languages grouped apart,
 * the one tried for language 'lang' ("it", "en") with k of its themes
 * (voce_themes_silhouette is then NaN for every k). */
double voce_themes_silhouette(const voce_themes *t, unsigned k);
double voce_themes_silhouette_of(const voce_themes *t, const char *lang, unsigned k);

/* ---- Surveys and the report ------------------------------------------------------- */

/* How to group dates. */
typedef enum voce_period {
    VOCE_PERIOD_AUTO = 0, /* the finest of the four giving at most 12 periods */
    VOCE_PERIOD_DAY,
    VOCE_PERIOD_WEEK,     /* ISO weeks, Monday to Sunday */
    VOCE_PERIOD_MONTH,
    VOCE_PERIOD_QUARTER
} voce_period;

/* Read a date at the start of s[0..len) into a day number (days since
 * 1970-01-01): 2025-03-07 (then anything: a time, "T10:00:00Z"),
 * 2025/03/07, 07/03/2025, 07-03-2025, 07.03.2025 (day first, as in Italy
 * and most of Europe, unless the first number cannot be a month and the
 * second can: 03/27/2025 is read as US month/day). False for anything
 * else, or a date that does not exist. */
bool voce_date_parse(const char *s, size_t len, int32_t *day);

/* "auto", "day", "week", "month", "quarter"; and back (-1 if unknown). */
const char *voce_period_label(voce_period p);
int voce_period_parse(const char *name);

/* A survey: records with a text, maybe a score and a date, read one by one
 * and analysed together: NPS or CSAT overall, by topic and by period, the
 * sentiment and topics of the comments, the themes of the detractors and
 * what drives them. 'voce themes' and 'voce report' both print one. */
typedef struct voce_survey voce_survey;

typedef struct voce_survey_options {
    const char *source;       /* what was read, named in the report; may be NULL */
    const char *title;        /* the report's title; NULL: "Customer feedback" */
    bool has_score;           /* records have a score column */
    const char *score_column; /* its name, to tell the scale and for the report */
    voce_scale scale;         /* AUTO: voce_scale_detect() over all the scores */
    const char *date_column;  /* the name of the date column, or NULL for none */
    voce_period period;
    bool all;                 /* group every comment into themes, not only the
                               * detractors (or, without scores, negative comments) */
    voce_themes_options themes;
} voce_survey_options;

/* 'c' classifies every text and must outlive the survey. */
voce_status voce_survey_new(voce_survey **out, const voce_classifier *c,
                            const voce_survey_options *opt, voce_error *err);
void voce_survey_free(voce_survey *s);

/* Add the next record: its text, and its score and date as written (NULL
 * or empty: not given). The record is always counted. VOCE_ERR_PARSE: its
 * score is not a whole number in the scale, or its date cannot be read;
 * it is counted without it and err->msg says why (err->where is empty: the
 * caller knows the file and line). */
voce_status voce_survey_add(voce_survey *s, const char *text, size_t len, const char *score,
                            size_t score_len, const char *date, size_t date_len,
                            voce_error *err);

/* Decide the scale, choose whom to group, find the themes and count it
 * all. Once, after the last voce_survey_add(). */
void voce_survey_finish(voce_survey *s);

/* After voce_survey_finish(): the scale used (AUTO when no record had a
 * score), the overall NPS or CSAT, the themes, and the theme of record
 * 'i' (0-based in the order added): its label, "(no comment)" for a
 * grouped record with an empty text, "" for a record not grouped. */
voce_scale voce_survey_scale(const voce_survey *s);
void voce_survey_nps(const voce_survey *s, voce_nps_summary *out);
const voce_themes *voce_survey_themes(const voce_survey *s);
const char *voce_survey_theme_label(const voce_survey *s, size_t i);

typedef enum voce_report_format {
    VOCE_REPORT_TEXT,     /* a table for people at a terminal */
    VOCE_REPORT_MARKDOWN, /* for tickets, wikis and terminals */
    VOCE_REPORT_HTML,     /* one self-contained page: inline CSS and SVG, no scripts */
    VOCE_REPORT_JSON,     /* one object, for dashboards */
    VOCE_REPORT_JSONL     /* one object a line */
} voce_report_format;

/* The format a file name asks for: .html/.htm, .md/.markdown, .json,
 * .jsonl, .txt; -1 for anything else. */
int voce_report_format_from_path(const char *path);

/* The themes as 'voce themes' prints them: TEXT (a table with quotes), JSON
 * (one object) or JSONL (one object per theme). VOCE_ERR_IO if writing
 * failed. */
voce_status voce_survey_write_themes(const voce_survey *s, FILE *fp, voce_report_format f,
                                     voce_error *err);

/* The whole report: MARKDOWN, HTML or JSON. Numbers are the ones of
 * voce_survey_nps() and voce_survey_write_themes(), written the same way. */
voce_status voce_survey_write_report(const voce_survey *s, FILE *fp, voce_report_format f,
                                     voce_error *err);

#ifdef __cplusplus
}
#endif
#endif
