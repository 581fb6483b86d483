/* normalize.h -- raw bytes to clean Unicode text, keeping the way back.
 *
 * The clean text is NFC UTF-8 with invalid bytes replaced by U+FFFD,
 * control characters made spaces, zero-width characters dropped, every
 * run of white space
 * turned into one space, typographic apostrophes folded to ' and
 * typographic double quotes to ". Case is kept (capitals are a signal).
 * For every byte of the clean text, 'src' gives the offset of the original
 * byte it came from, so tokens can point back into the user's text. */
#ifndef VOCE_NORMALIZE_H
#define VOCE_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

typedef struct voce_clean {
    voce_buf text;
    uint32_t *src;   /* src[i]: original offset of text byte i; src[len] = input length */
    size_t src_cap;
    size_t invalid;  /* invalid UTF-8 sequences replaced */
} voce_clean;

void voce_clean_init(voce_clean *c);
void voce_clean_release(voce_clean *c);

/* Clean 'len' bytes of 'in' into 'c' (its previous contents are replaced).
 * Inputs longer than 4 GiB are cut at 4 GiB: offsets are 32-bit. */
void voce_normalize(const char *in, size_t len, voce_clean *c);

#endif
