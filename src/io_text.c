/* io_text.c -- plain text: every line is one document.
 *
 * The simplest format and the one a pipeline of grep and tail produces.
 * Its one column is called "text". A blank line is a record with empty
 * text, so that every line in gives one line out. Writing TEXT is writing
 * TSV (record.c), so there is no writer here. */
#include "record.h"

#include "mem.h"

voce_status voce_text_open(voce_reader *r, voce_error *err)
{
    (void)err;
    char **names = voce_xcalloc(1, sizeof *names);
    names[0] = voce_xstrdup("text");
    voce_reader_set_columns(r, names, 1);
    return VOCE_OK;
}

int voce_text_next(voce_reader *r, voce_error *err)
{
    int st = voce_reader_read_line_record(r, err);
    if (st == 1)
        voce_fields_add(&r->fields, r->view, r->view_len);
    return st;
}
