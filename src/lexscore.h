/* lexscore.h -- the lexicon scorer: sentiment without a model.
 *
 * In the spirit of VADER, tuned for customer language in two languages:
 * longest-match lexicon lookup, negation scopes to the end of the clause,
 * intensifiers and downtoners, contrast weighting, emphasis, emoji, and the
 * regex rules. It runs on every text: alone (voce classify --lexicon-only,
 * and for a language without a model) and as the source of the SVM's
 * lexicon features. */
#ifndef VOCE_LEXSCORE_H
#define VOCE_LEXSCORE_H

#include <stddef.h>

#include "lexicon.h"
#include "rules.h"
#include "voce.h"

typedef struct voce_lexscore voce_lexscore; /* doc.h */

/* Score the text last analysed into 'd' (voce_analyze) with 'lex' and
 * 'rules' (either may be NULL: a language without them scores 0). 'text'
 * is the same input, for cue offsets. Fills d->lex, d->cues, d->negated,
 * d->clause and d->key. */
void voce_lexscore_run(const voce_lexicon *lex, const voce_rules *rules, const char *text,
                   size_t len, voce_doc *d);

/* Into 'L', the summary of tokens [first, end) of the text scored into
 * 'd' (with 'rules', as voce_lexscore_run had them), as if they were a text
 * of their own: their punctuation and emphasis, the cues starting within
 * them, the rules that matched there. It reuses the text's analysis rather
 * than analysing the span again, so each cue keeps the weight the whole
 * text gave it (a negation opened before the span, sarcasm flagged
 * elsewhere still count) but for contrast markers, which weigh clauses
 * against each other, not what a clause says: its own_weight. L->topics
 * is left empty. */
void voce_lexscore_span(const voce_doc *d, const voce_rules *rules, size_t first, size_t end,
                        voce_lexscore *L);

/* -1, 0 or 1 for a squashed score, with the neutral band of config.h. */
int voce_lexscore_label(double score);

#endif
