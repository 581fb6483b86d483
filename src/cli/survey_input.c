/* survey_input.c -- what 'voce themes' and 'voce report' share: their
 * options, finding the score and date columns, and reading FILE... into a
 * voce_survey (keeping the records when they must be written back).
 *
 * Without --score-column or --date-column, a column is taken when a word
 * of its name says what it holds ("How likely are you to recommend us?
 * (0-10)", "NPS", "Voto"; "Submitted At", "Data") and its first value
 * reads as one; otherwise the records simply have no score or no date.
 * Given columns are never second-guessed: a value that does not read is
 * reported with its file and line. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../langid.h" /* voce_lang_names */
#include "cli.h"

bool cli_survey_option(cli_survey *o, int opt, const char *arg, const char *const *usage)
{
    switch (opt) {
    case CLI_OPT_SCORE_COLUMN: o->score_column = arg; return true;
    case CLI_OPT_DATE_COLUMN: o->date_column = arg; return true;
    case CLI_OPT_ALL: o->all = true; return true;
    case CLI_OPT_SCALE:
        if ((o->scale = voce_scale_parse(arg)) == VOCE_SCALE_AUTO && strcmp(arg, "auto") != 0) {
            cli_error("unknown scale '%s' (expected nps or csat)", arg);
            cli_usage(usage, true);
        }
        return true;
    case CLI_OPT_PERIOD: {
        int p = voce_period_parse(arg);
        if (p < 0) {
            cli_error("unknown period '%s' (expected day, week, month or quarter)", arg);
            cli_usage(usage, true);
        }
        o->period = (voce_period)p;
        return true;
    }
    case CLI_OPT_SEED: {
        char *end;
        unsigned long long v = strtoull(arg, &end, 10);
        if (!*arg || *end || arg[0] == '-') {
            cli_error("--seed takes a number, got '%s'", arg);
            cli_usage(usage, true);
        }
        o->seed = v;
        return true;
    }
    case CLI_OPT_THEMES: {
        char *end;
        long v = strtol(arg, &end, 10);
        if (!*arg || *end || v < 1 || v > 100) {
            cli_error("-k takes a number of themes from 1 to 100, got '%s'", arg);
            cli_usage(usage, true);
        }
        o->k = (unsigned)v;
        return true;
    }
    case 'v': o->verbose = true; return true;
    }
    return cli_input_option(&o->in, opt, arg, usage);
}

voce_classifier *cli_survey_classifier(const cli_survey *o, const char **lexicon_dir)
{
    voce_options opt = {0};
    opt.lexicon_dir = cli_lexicon_dir(o->in.lexicons, NULL);
    opt.model_dir = cli_model_dir(o->in.models, opt.lexicon_dir);
    opt.lang = o->in.lang;
    voce_classifier *c;
    voce_error err;
    if (voce_classifier_load(&c, &opt, &err) != VOCE_OK) {
        cli_report(&err);
        exit(EXIT_RESOURCE);
    }
    const char *warnings = voce_classifier_warnings(c);
    if (*warnings)
        cli_warn("%s", warnings);
    *lexicon_dir = opt.lexicon_dir;
    return c;
}

/* ---- Finding the columns ------------------------------------------------------- */

/* Whether a word of 'name' (split at anything not a letter or digit)
 * starts with one of 'hints', and none is 'unless'. */
static bool name_says(const char *name, const char *const *hints, size_t nhints, const char *unless)
{
    bool found = false;
    for (const char *p = name; *p;) {
        while (*p && !isalnum((unsigned char)*p))
            p++;
        const char *w = p;
        while (*p && isalnum((unsigned char)*p))
            p++;
        size_t n = (size_t)(p - w);
        char word[64];
        if (n == 0 || n >= sizeof word)
            continue;
        for (size_t i = 0; i < n; i++)
            word[i] = (char)tolower((unsigned char)w[i]);
        word[n] = '\0';
        if (unless && strcmp(word, unless) == 0)
            return false;
        for (size_t h = 0; h < nhints; h++)
            if (strncmp(word, hints[h], strlen(hints[h])) == 0)
                found = true;
    }
    return found;
}

static long guess_column(voce_reader *r, bool score)
{
    static const char *const score_hints[] = {
        "nps",  "recommend", "raccomand", "consigl", "likely", "probab", "score",  "punteggio",
        "csat", "satisf",    "soddisf",   "rating",  "voto",   "stars",  "stelle", "valutaz"};
    static const char *const date_hints[] = {"date", "data",   "submitted", "created", "timestamp",
                                             "time", "giorno", "inviat",    "ricevut"};
    const char *const *names;
    size_t n = voce_reader_columns(r, &names);
    if (voce_reader_format(r) == VOCE_FORMAT_TEXT)
        return -1;
    size_t text = voce_reader_text_column(r);
    for (size_t i = 0; i < n; i++) {
        if (i == text)
            continue;
        if (score
                ? name_says(names[i], score_hints, sizeof score_hints / sizeof *score_hints,
                            "sentiment")
                : name_says(names[i], date_hints, sizeof date_hints / sizeof *date_hints, "update"))
            return (long)i;
    }
    return -1;
}

/* The column given as 'want' (a name or a number; "none": none), else a
 * guess; -1 for none. Dies with a usage error for a column not there. */
static long find_column(voce_reader *r, const char *want, bool score, const char *file,
                        bool *guessed)
{
    *guessed = false;
    if (want && strcmp(want, "none") == 0)
        return -1;
    if (want) {
        long c = cli_column(r, want);
        if (c < 0) {
            const char *const *names;
            size_t n = voce_reader_columns(r, &names);
            char list[1024] = "";
            for (size_t i = 0; i < n && strlen(list) + strlen(names[i]) + 8 < sizeof list; i++)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s'%s'", i ? ", " : "",
                         names[i]);
            cli_die(EXIT_USAGE, "%s: no column '%s' (columns: %s)", file, want, list);
        }
        return c;
    }
    *guessed = true;
    return guess_column(r, score);
}

static const char *field_of(const voce_record *rec, long col, size_t *len)
{
    if (col < 0 || (size_t)col >= rec->nfields) {
        *len = 0;
        return NULL;
    }
    *len = rec->field_len[col];
    return rec->field[col];
}

/* ---- Keeping records ---------------------------------------------------------- */

static void keep_record(cli_records *k, const voce_record *r, long survey_index)
{
    if (k->n == k->cap) {
        size_t cap = k->cap ? 2 * k->cap : 256;
        k->r = realloc(k->r, cap * sizeof *k->r);
        if (!k->r)
            cli_die(EXIT_IO, "out of memory");
        k->cap = cap;
    }
    cli_kept *kr = &k->r[k->n++];
    size_t need = r->raw_len + 1 + r->text_len + 1 + (r->id ? r->id_len + 1 : 0);
    for (size_t i = 0; i < r->nfields; i++)
        need += r->field_len[i] + 1;
    char *p = kr->store = malloc(need);
    kr->field = malloc((r->nfields ? r->nfields : 1) * sizeof *kr->field);
    kr->field_len = malloc((r->nfields ? r->nfields : 1) * sizeof *kr->field_len);
    if (!p || !kr->field || !kr->field_len)
        cli_die(EXIT_IO, "out of memory");
    kr->rec = *r;
    kr->survey_index = survey_index;
    memcpy(p, r->raw, r->raw_len);
    p[r->raw_len] = '\0';
    kr->rec.raw = p;
    p += r->raw_len + 1;
    for (size_t i = 0; i < r->nfields; i++) {
        memcpy(p, r->field[i], r->field_len[i]);
        p[r->field_len[i]] = '\0';
        kr->field[i] = p;
        kr->field_len[i] = r->field_len[i];
        p += r->field_len[i] + 1;
    }
    kr->rec.field = kr->field;
    kr->rec.field_len = kr->field_len;
    memcpy(p, r->text, r->text_len);
    p[r->text_len] = '\0';
    kr->rec.text = p;
    p += r->text_len + 1;
    if (r->id) {
        memcpy(p, r->id, r->id_len);
        p[r->id_len] = '\0';
        kr->rec.id = p;
    }
}

static void keep_columns(cli_records *k, voce_reader *r)
{
    const char *const *names;
    k->ncolumns = voce_reader_columns(r, &names);
    k->columns = calloc(k->ncolumns ? k->ncolumns : 1, sizeof *k->columns);
    if (!k->columns)
        cli_die(EXIT_IO, "out of memory");
    for (size_t i = 0; i < k->ncolumns; i++)
        if (!(k->columns[i] = strdup(names[i])))
            cli_die(EXIT_IO, "out of memory");
    k->format = voce_reader_format(r);
    k->delimiter = voce_reader_delimiter(r);
    k->from_excel = cli_from_excel(r);
}

void cli_records_release(cli_records *k)
{
    for (size_t i = 0; i < k->n; i++) {
        free(k->r[i].store);
        free(k->r[i].field);
        free(k->r[i].field_len);
    }
    free(k->r);
    for (size_t i = 0; i < k->ncolumns; i++)
        free(k->columns[i]);
    free(k->columns);
}

/* ---- Reading ------------------------------------------------------------------------- */

typedef struct reading {
    cli_survey *o;
    const voce_classifier *c;
    const char *lexicon_dir;
    voce_survey *s;
    char *score_name, *date_name; /* the columns chosen in the first file */
    size_t added;
    size_t skipped, repaired, bad_values;
} reading;

static void create_survey(reading *rd, const char *source)
{
    voce_survey_options so = {0};
    so.source = source;
    so.title = rd->o->title;
    so.has_score = rd->score_name != NULL;
    so.score_column = rd->score_name;
    so.scale = rd->o->scale;
    so.date_column = rd->date_name;
    so.period = rd->o->period;
    so.all = rd->o->all;
    so.themes.lexicon_dir = rd->lexicon_dir;
    so.themes.k = rd->o->k;
    so.themes.seed = rd->o->seed;
    voce_error err;
    if (voce_survey_new(&rd->s, rd->c, &so, &err) != VOCE_OK) {
        cli_report(&err);
        exit(EXIT_RESOURCE);
    }
    if (rd->o->verbose)
        fprintf(stderr, "voce %s: score column: %s; date column: %s\n", cli_command,
                rd->score_name ? rd->score_name : "none", rd->date_name ? rd->date_name : "none");
}

/* Choose the columns from the first file and its first record. */
static void choose_columns(reading *rd, voce_reader *r, const voce_record *first, const char *file)
{
    bool guessed;
    const char *const *names;
    voce_reader_columns(r, &names);
    long sc = find_column(r, rd->o->score_column, true, file, &guessed);
    size_t len;
    const char *v = first ? field_of(first, sc, &len) : NULL;
    int score;
    if (sc >= 0 && guessed && v && len && !voce_score_parse(v, len, &score))
        sc = -1;
    long dc = find_column(r, rd->o->date_column, false, file, &guessed);
    int32_t day;
    v = first ? field_of(first, dc, &len) : NULL;
    if (dc >= 0 && guessed && v && len && !voce_date_parse(v, len, &day))
        dc = -1;
    rd->score_name = sc >= 0 ? strdup(names[sc]) : NULL;
    rd->date_name = dc >= 0 ? strdup(names[dc]) : NULL;
}

static void add_record(reading *rd, const voce_record *rec, long sc, long dc, const char *file)
{
    size_t slen, dlen;
    const char *score = field_of(rec, sc, &slen);
    const char *date = field_of(rec, dc, &dlen);
    voce_error err;
    if (rec->repairs) {
        cli_warn("%s:%zu: %s", file, rec->line,
                 rec->repairs & VOCE_REPAIR_INVALID_UTF8 ? "invalid UTF-8 replaced by U+FFFD"
                                                         : "NUL bytes removed");
        rd->repaired++;
    }
    if (voce_survey_add(rd->s, rec->text, rec->text_len, score, slen, date, dlen, &err) !=
        VOCE_OK) {
        cli_warn("%s:%zu: %s", file, rec->line, err.msg);
        rd->bad_values++;
    }
    rd->added++;
}

int cli_survey_read(cli_survey *o, const voce_classifier *c, const char *lexicon_dir, int nfiles,
                    char **files, voce_survey **out, cli_records *keep)
{
    reading rd = {.o = o, .c = c, .lexicon_dir = lexicon_dir};
    int rc = EXIT_OK;
    char *stdin_only[] = {"-"};
    if (nfiles == 0) {
        files = stdin_only;
        nfiles = 1;
    }
    for (int f = 0; f < nfiles; f++) {
        voce_reader *r = cli_open_reader(files[f], &o->in.reader, &rc);
        if (!r)
            continue;
        const char *file = strcmp(files[f], "-") == 0 ? "<stdin>" : files[f];
        voce_record rec;
        voce_error err;
        int got = voce_reader_next(r, &rec, &err);
        if (!rd.s) {
            choose_columns(&rd, r, got > 0 ? &rec : NULL, file);
            create_survey(&rd, nfiles == 1 ? file : NULL);
            if (keep)
                keep_columns(keep, r);
        }
        long sc = rd.score_name ? cli_column(r, rd.score_name) : -1;
        long dc = rd.date_name ? cli_column(r, rd.date_name) : -1;
        if (rd.score_name && sc < 0)
            cli_warn("%s: no column '%s': its records have no score", file, rd.score_name);
        if (rd.date_name && dc < 0)
            cli_warn("%s: no column '%s': its records have no date", file, rd.date_name);
        for (; got != 0; got = voce_reader_next(r, &rec, &err)) {
            if (got < 0) {
                cli_warn("%s: %s (%s)", err.where, err.msg,
                         keep ? "written without a theme" : "skipped");
                rd.skipped++;
                if (err.status == VOCE_ERR_IO) {
                    rc = EXIT_IO;
                    break;
                }
                if (keep)
                    keep_record(keep, &rec, -1);
                continue;
            }
            if (keep)
                keep_record(keep, &rec, (long)rd.added);
            add_record(&rd, &rec, sc, dc, file);
        }
        voce_reader_close(r);
    }
    if (!rd.s)
        create_survey(&rd, NULL);
    free(rd.score_name);
    free(rd.date_name);
    voce_survey_finish(rd.s);
    if (rd.skipped || rd.repaired || rd.bad_values) {
        cli_warn("%zu record(s) unreadable, %zu repaired, %zu with a score or date left out",
                 rd.skipped, rd.repaired, rd.bad_values);
        if (rc == EXIT_OK)
            rc = EXIT_PARTIAL;
    }
    *out = rd.s;
    return rc;
}

void cli_survey_explain(const voce_survey *s)
{
    voce_nps_summary sum;
    voce_survey_nps(s, &sum);
    fprintf(stderr, "voce %s: scale %s, %zu answers\n", cli_command,
            voce_scale_name(voce_survey_scale(s)), sum.n);
    const voce_themes *th = voce_survey_themes(s);
    for (unsigned k = 1; k <= 30; k++) {
        double sil = voce_themes_silhouette(th, k);
        if (sil == sil) /* not NaN: tried */
            fprintf(stderr, "voce %s: k=%u: silhouette %.4f\n", cli_command, k, sil);
    }
    for (int li = 0; li < VOCE_LANG_COUNT; li++) { /* each language grouped apart */
        const char *lang = voce_lang_names[li];
        if (!voce_themes_k_of(th, lang))
            continue;
        fprintf(stderr, "voce %s: %s: %u themes\n", cli_command, lang, voce_themes_k_of(th, lang));
        for (unsigned k = 1; k <= 30; k++) {
            double sil = voce_themes_silhouette_of(th, lang, k);
            if (sil == sil)
                fprintf(stderr, "voce %s: %s: k=%u: silhouette %.4f\n", cli_command, lang, k, sil);
        }
    }
}
