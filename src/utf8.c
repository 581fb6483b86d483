/* utf8.c -- the one owner of utf8proc. */
#include "utf8.h"

#include <utf8proc.h>

size_t voce_utf8_decode_wide(const char *s, size_t len, int32_t *cp, bool *invalid)
{
    unsigned char c = (unsigned char)s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    utf8proc_int32_t v;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s,
                                          (utf8proc_ssize_t)(len < 4 ? len : 4), &v);
    if (n <= 0) {
        *cp = VOCE_REPLACEMENT;
        if (invalid)
            *invalid = true;
        return 1;
    }
    *cp = v;
    return (size_t)n;
}

size_t voce_utf8_encode_wide(int32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    return (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)out);
}

bool voce_utf8_is_valid(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        bool bad = false;
        int32_t cp;
        i += voce_utf8_decode(s + i, len - i, &cp, &bad);
        if (bad)
            return false;
    }
    return true;
}

int32_t voce_utf8_lower_wide(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    return utf8proc_tolower(cp);
}

bool voce_utf8_is_upper_wide(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LU;
}

bool voce_utf8_is_lower_wide(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'a' && cp <= 'z';
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

bool voce_utf8_is_letter_wide(int32_t cp)
{
    if (cp < 0x80)
        return (cp | 32) >= 'a' && (cp | 32) <= 'z';
    utf8proc_category_t c = utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

bool voce_utf8_is_mark_wide(int32_t cp)
{
    if (cp < 0x300)
        return false;
    utf8proc_category_t c = utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME;
}

bool voce_utf8_is_digit_wide(int32_t cp)
{
    if (cp < 0x80)
        return cp >= '0' && cp <= '9';
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_ND;
}

bool voce_utf8_is_space(int32_t cp)
{
    if (cp < 0x80)
        return cp == ' ' || (cp >= '\t' && cp <= '\r');
    if (cp == 0x85)
        return true;
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL ||
           c == UTF8PROC_CATEGORY_ZP;
}

bool voce_utf8_is_punct(int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_PC && c <= UTF8PROC_CATEGORY_PO;
}

bool voce_utf8_is_control(int32_t cp)
{
    if (cp < 0x20 || cp == 0x7f)
        return true;
    return cp >= 0x80 && utf8proc_category(cp) == UTF8PROC_CATEGORY_CC;
}

bool voce_utf8_is_invisible(int32_t cp)
{
    switch (cp) {
    case 0x00AD: /* soft hyphen */
    case 0x200B: /* zero-width space */
    case 0x200C: /* zero-width non-joiner */
    case 0x200E: case 0x200F: /* bidi marks */
    case 0x2060: /* word joiner */
    case 0xFEFF: /* BOM / zero-width no-break space */
        return true;
    }
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

bool voce_utf8_is_emoji(int32_t cp)
{
    if (cp < 0x80)
        return false;
    const utf8proc_property_t *p = utf8proc_get_property(cp);
    switch (p->boundclass) {
    case UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC:
    case UTF8PROC_BOUNDCLASS_E_BASE:
    case UTF8PROC_BOUNDCLASS_E_BASE_GAZ:
    case UTF8PROC_BOUNDCLASS_GLUE_AFTER_ZWJ:
    case UTF8PROC_BOUNDCLASS_E_ZWG:
        return true;
    default:
        return false;
    }
}

bool voce_utf8_is_emoji_modifier(int32_t cp)
{
    return cp >= 0x1F3FB && cp <= 0x1F3FF;
}

bool voce_utf8_is_regional_indicator(int32_t cp)
{
    return cp >= 0x1F1E6 && cp <= 0x1F1FF;
}

int voce_utf8_combining_class(int32_t cp)
{
    if (cp < 0x300)
        return 0;
    return utf8proc_get_property(cp)->combining_class;
}

size_t voce_utf8_compose(int32_t *cps, size_t n)
{
    utf8proc_ssize_t r = utf8proc_normalize_utf32(
        (utf8proc_int32_t *)cps, (utf8proc_ssize_t)n,
        (utf8proc_option_t)(UTF8PROC_COMPOSE | UTF8PROC_STABLE));
    return r < 0 ? n : (size_t)r;
}

int32_t voce_utf8_strip_marks_wide(int32_t cp)
{
    if (cp < 0xC0)
        return cp;
    utf8proc_int32_t out[8];
    int last = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(
        cp, out, 8, (utf8proc_option_t)(UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK), &last);
    return n >= 1 ? out[0] : cp;
}

void voce_utf8_fold_key(const char *s, size_t len, voce_buf *out)
{
    size_t i = 0;
    voce_buf_grow(out, len);
    while (i < len) {
        /* A run of ASCII, lower-cased a byte for a byte into the room grown
         * for what is left of s (grown again below after a letter that
         * folding may have lengthened). */
        char *to = out->data + out->len;
        size_t from = i;
        for (unsigned char c; i < len && (c = (unsigned char)s[i]) < 0x80; i++)
            to[i - from] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
        out->len += i - from;
        out->data[out->len] = '\0';
        if (i == len)
            break;
        int32_t cp;
        i += voce_utf8_decode(s + i, len - i, &cp, NULL);
        if (voce_utf8_is_mark(cp))
            continue;
        cp = voce_utf8_strip_marks(voce_utf8_lower(cp));
        voce_utf8_append(out, cp);
        voce_buf_grow(out, len - i);
    }
}
