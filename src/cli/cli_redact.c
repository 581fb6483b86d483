/* cli_redact.c -- --redact: a record's personal data masked before it is
 * written, in every form a writer may use (its raw form to pass it through,
 * its fields to convert it, its text for plain output). The library finds
 * and replaces; this file only keeps the copies. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static void *grow(void *p, size_t *cap, size_t need)
{
    if (need <= *cap)
        return p;
    size_t n = *cap ? *cap : 256;
    while (n < need)
        n *= 2;
    p = realloc(p, n);
    if (!p)
        cli_die(EXIT_IO, "out of memory");
    *cap = n;
    return p;
}

void cli_redact(const voce_redactor *red, const voce_reader *rd, voce_record *rec, cli_redaction *x)
{
    size_t need;
    if (rec->raw) {
        need = voce_redact_record(red, rd, rec, x->raw, x->raw_cap, NULL);
        if (need >= x->raw_cap) {
            x->raw = grow(x->raw, &x->raw_cap, need + 1);
            voce_redact_record(red, rd, rec, x->raw, x->raw_cap, NULL);
        }
        rec->raw = x->raw;
        rec->raw_len = need;
    }
    need = voce_redact(red, rec->text, rec->text_len, x->text, x->text_cap, NULL);
    if (need >= x->text_cap) {
        x->text = grow(x->text, &x->text_cap, need + 1);
        voce_redact(red, rec->text, rec->text_len, x->text, x->text_cap, NULL);
    }
    rec->text = x->text;
    rec->text_len = need;

    size_t col = rd ? voce_reader_text_column(rd) : 0;
    if (!rec->field || col >= rec->nfields)
        return;
    if (rec->nfields > x->field_cap) {
        x->field = realloc(x->field, rec->nfields * sizeof *x->field);
        x->field_len = realloc(x->field_len, rec->nfields * sizeof *x->field_len);
        if (!x->field || !x->field_len)
            cli_die(EXIT_IO, "out of memory");
        x->field_cap = rec->nfields;
    }
    memcpy(x->field, rec->field, rec->nfields * sizeof *x->field);
    memcpy(x->field_len, rec->field_len, rec->nfields * sizeof *x->field_len);
    x->field[col] = rec->text;
    x->field_len[col] = rec->text_len;
    rec->field = x->field;
    rec->field_len = x->field_len;
}

void cli_redaction_release(cli_redaction *x)
{
    free(x->text);
    free(x->raw);
    free(x->field);
    free(x->field_len);
    memset(x, 0, sizeof *x);
}
