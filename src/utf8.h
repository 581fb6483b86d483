/* utf8.h -- decoding, encoding and classifying code points.
 *
 * The only part of voce that talks to utf8proc. ASCII takes fast paths that
 * never call into it, since most feedback is mostly ASCII: the most used
 * functions are inline here and call the *_wide ones (utf8.c) only for
 * other code points. */
#ifndef VOCE_UTF8_H
#define VOCE_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define VOCE_REPLACEMENT 0xFFFD

/* Decode one code point from s[0..len), len >= 1. Returns the bytes used
 * (>= 1). An invalid or overlong sequence yields U+FFFD for one byte and
 * sets *invalid. */
size_t voce_utf8_decode_wide(const char *s, size_t len, int32_t *cp, bool *invalid);
static inline size_t voce_utf8_decode(const char *s, size_t len, int32_t *cp, bool *invalid)
{
    if ((unsigned char)s[0] < 0x80) {
        *cp = (unsigned char)s[0];
        return 1;
    }
    return voce_utf8_decode_wide(s, len, cp, invalid);
}

/* Encode 'cp' into out (4 bytes room). Returns the length. */
size_t voce_utf8_encode_wide(int32_t cp, char *out);
static inline size_t voce_utf8_encode(int32_t cp, char *out)
{
    if (cp >= 0 && cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    return voce_utf8_encode_wide(cp, out);
}

/* Append 'cp' to 'out', encoded: an ASCII character as one byte, with no
 * encoder and no memcpy call (the hot paths append a character at a time). */
static inline void voce_utf8_append(voce_buf *out, int32_t cp)
{
    if (cp >= 0 && cp < 0x80) {
        voce_buf_addc(out, (char)cp);
        return;
    }
    char enc[4];
    voce_buf_add(out, enc, voce_utf8_encode_wide(cp, enc));
}

bool voce_utf8_is_valid(const char *s, size_t len);

int32_t voce_utf8_lower_wide(int32_t cp);
static inline int32_t voce_utf8_lower(int32_t cp)
{
    if (cp >= 0 && cp < 0x80)
        return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    return voce_utf8_lower_wide(cp);
}
bool voce_utf8_is_upper_wide(int32_t cp);
static inline bool voce_utf8_is_upper(int32_t cp)
{
    if (cp >= 0 && cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    return voce_utf8_is_upper_wide(cp);
}
bool voce_utf8_is_lower_wide(int32_t cp);
static inline bool voce_utf8_is_lower(int32_t cp)
{
    if (cp >= 0 && cp < 0x80)
        return cp >= 'a' && cp <= 'z';
    return voce_utf8_is_lower_wide(cp);
}
bool voce_utf8_is_letter_wide(int32_t cp);
static inline bool voce_utf8_is_letter(int32_t cp)
{
    if (cp >= 0 && cp < 0x80)
        return (cp | 32) >= 'a' && (cp | 32) <= 'z';
    return voce_utf8_is_letter_wide(cp);
}
bool voce_utf8_is_mark_wide(int32_t cp);
static inline bool voce_utf8_is_mark(int32_t cp) /* combining marks (Mn, Mc, Me) */
{
    return cp >= 0x300 && voce_utf8_is_mark_wide(cp);
}
bool voce_utf8_is_digit_wide(int32_t cp);
static inline bool voce_utf8_is_digit(int32_t cp) /* Nd */
{
    if (cp >= 0 && cp < 0x80)
        return cp >= '0' && cp <= '9';
    return voce_utf8_is_digit_wide(cp);
}
bool voce_utf8_is_space(int32_t cp); /* Zs, Zl, Zp and ASCII white space */
bool voce_utf8_is_punct(int32_t cp); /* P* */
bool voce_utf8_is_control(int32_t cp);
/* Invisible characters to drop: zero-width space, joiners outside emoji,
 * word joiner, BOM, soft hyphen, bidi marks. */
bool voce_utf8_is_invisible(int32_t cp);

/* Emoji: a pictograph that starts a sequence; the pieces that extend one. */
bool voce_utf8_is_emoji(int32_t cp);
bool voce_utf8_is_emoji_modifier(int32_t cp); /* skin tones U+1F3FB..U+1F3FF */
bool voce_utf8_is_regional_indicator(int32_t cp);

/* Canonical combining class (0 for starters). */
int voce_utf8_combining_class(int32_t cp);

/* Compose a starter and its combining marks in place (NFC for one cluster).
 * Returns the new count. */
size_t voce_utf8_compose(int32_t *cps, size_t n);

/* The code point without its accents: "è" -> "e", "ñ" -> "n". */
int32_t voce_utf8_strip_marks_wide(int32_t cp);
static inline int32_t voce_utf8_strip_marks(int32_t cp)
{
    return cp < 0xC0 ? cp : voce_utf8_strip_marks_wide(cp);
}

/* Append the lookup key of s[0..len) to 'out': lower case, accents removed.
 * Lexicon terms and text tokens meet through this key. */
void voce_utf8_fold_key(const char *s, size_t len, voce_buf *out);

#endif
