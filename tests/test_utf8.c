/* test_utf8.c -- decoding, classes and the lookup key (utf8.c). */
#include "testutil.h"

#include <string.h>

#include "utf8.h"

static void fold(const char *s, voce_buf *out)
{
    voce_buf_reset(out);
    voce_utf8_fold_key(s, strlen(s), out);
}

static void accented_and_plain_spellings_share_a_lookup_key(void **state)
{
    (void)state;
    voce_buf a = VOCE_BUF_INIT, b = VOCE_BUF_INIT;
    fold("Perché", &a);
    fold("perche", &b);
    assert_string_equal(a.data, b.data);
    fold("PIÙ", &a);
    assert_string_equal(a.data, "piu");
    fold("città", &a);
    assert_string_equal(a.data, "citta");
    fold("e\xCC\x80", &a); /* decomposed è */
    assert_string_equal(a.data, "e");
    fold("dell'app", &a);
    assert_string_equal(a.data, "dell'app");
    voce_buf_release(&a);
    voce_buf_release(&b);
}

/* A few capitals grow a byte when lower-cased (U+023A, two bytes, is
 * U+2C65, three): the ASCII after them must still fit, however long. */
static void a_key_that_grows_when_folded_keeps_all_of_it(void **state)
{
    (void)state;
    voce_buf in = VOCE_BUF_INIT, want = VOCE_BUF_INIT, out = VOCE_BUF_INIT;
    voce_buf_adds(&out, "kept:"); /* appending: what is there stays */
    for (int i = 0; i < 40; i++) {
        voce_buf_adds(&in, "\xC8\xBA");
        voce_buf_adds(&want, "\xE2\xB1\xA5");
    }
    voce_buf_adds(&in, "AbC-Ok");
    voce_buf_adds(&want, "abc-ok");
    voce_utf8_fold_key(in.data, in.len, &out);
    assert_int_equal(out.len, 5 + want.len);
    assert_memory_equal(out.data, "kept:", 5);
    assert_string_equal(out.data + 5, want.data);
    voce_buf_release(&in);
    voce_buf_release(&want);
    voce_buf_release(&out);
}

static void invalid_sequences_decode_to_one_replacement_byte_each(void **state)
{
    (void)state;
    int32_t cp;
    bool bad = false;
    assert_int_equal(voce_utf8_decode("\xC0\xAF", 2, &cp, &bad), 1);
    assert_true(bad);
    assert_int_equal(cp, VOCE_REPLACEMENT);
    bad = false;
    assert_int_equal(voce_utf8_decode("\xE2\x82", 2, &cp, &bad), 1);
    assert_true(bad);
    bad = false;
    assert_int_equal(voce_utf8_decode("\xC3\xA8", 2, &cp, &bad), 2);
    assert_false(bad);
    assert_int_equal(cp, 0xE8);
    assert_false(voce_utf8_is_valid("ok\xFF", 3));
    assert_true(voce_utf8_is_valid("\xF0\x9F\x98\xA1", 4));
}

static void character_classes_follow_unicode(void **state)
{
    (void)state;
    assert_true(voce_utf8_is_letter(0xE8));
    assert_true(voce_utf8_is_upper(0xC8));
    assert_int_equal(voce_utf8_lower(0xC8), 0xE8);
    assert_true(voce_utf8_is_space(0xA0));
    assert_true(voce_utf8_is_emoji(0x1F621));
    assert_true(voce_utf8_is_emoji(0x2764));
    assert_false(voce_utf8_is_emoji('a'));
    assert_true(voce_utf8_is_emoji_modifier(0x1F3FD));
    assert_true(voce_utf8_is_invisible(0x200B));
    assert_false(voce_utf8_is_invisible(0x200D)); /* ZWJ builds emoji */
    assert_int_equal(voce_utf8_strip_marks(0xE0), 'a');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accented_and_plain_spellings_share_a_lookup_key),
        cmocka_unit_test(a_key_that_grows_when_folded_keeps_all_of_it),
        cmocka_unit_test(invalid_sequences_decode_to_one_replacement_byte_each),
        cmocka_unit_test(character_classes_follow_unicode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
