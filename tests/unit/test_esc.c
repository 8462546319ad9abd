/* Unit tests for esc: names are quoted for logs and terminals as git
 * quotes paths; valid UTF-8 text is left alone. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "esc.h"

static void
test_plain_names_unchanged(void **state)
{
	char buf[256];

	(void)state;
	assert_string_equal(esc_ctl("关于预算的通知.docx", buf, sizeof(buf)),
	    "关于预算的通知.docx");
	assert_string_equal(esc_ctl("a b.txt", buf, sizeof(buf)), "a b.txt");
	assert_string_equal(esc_ctl("", buf, sizeof(buf)), "");
	assert_false(esc_needed("淄博市财政局"));
}

static void
test_controls_quoted(void **state)
{
	char buf[256];

	(void)state;
	assert_string_equal(esc_ctl("a\nb.txt", buf, sizeof(buf)),
	    "\"a\\nb.txt\"");
	assert_string_equal(esc_ctl("\001ag\033[31m", buf, sizeof(buf)),
	    "\"\\001ag\\033[31m\"");
	assert_string_equal(esc_ctl("t\tr\r\x7f", buf, sizeof(buf)),
	    "\"t\\tr\\r\\177\"");
	/* a quote or backslash is escaped, as git does */
	assert_string_equal(esc_ctl("a\"b\\c", buf, sizeof(buf)),
	    "\"a\\\"b\\\\c\"");
	/* C1 CSI (U+009B, C2 9B) is a control too */
	assert_string_equal(esc_ctl("x\xc2\x9by", buf, sizeof(buf)),
	    "\"x\\302\\233y\"");
	/* Chinese next to a control stays readable */
	assert_string_equal(esc_ctl("通知\n", buf, sizeof(buf)),
	    "\"通知\\n\"");
}

static void
test_invalid_utf8_octal(void **state)
{
	char buf[256];

	(void)state;
	/* GB18030 "公文" is not UTF-8 */
	assert_string_equal(esc_ctl("\xb9\xab\xce\xc4", buf, sizeof(buf)),
	    "\"\\271\\253\\316\\304\"");
	/* a truncated sequence at the end */
	assert_string_equal(esc_ctl("a\xe9\x80", buf, sizeof(buf)),
	    "\"a\\351\\200\"");
	assert_false(esc_clean("\xe9\x80", 2));
	assert_true(esc_clean("通", 3));
	assert_false(esc_clean("a\0b", 3));
}

static void
test_truncation(void **state)
{
	char	 buf[16], big[2000];
	size_t	 i;

	(void)state;
	esc_ctl("\n\n\n\n\n\n\n\n\n\n\n\n", buf, sizeof(buf));
	assert_true(strlen(buf) < sizeof(buf));
	assert_int_equal(buf[0], '"');
	assert_int_equal(buf[strlen(buf) - 1], '"');
	assert_non_null(strstr(buf, "..."));
	for (i = 0; i + 1 < sizeof(big); i++)
		big[i] = i % 2 ? '\n' : 'x';
	big[sizeof(big) - 1] = '\0';
	assert_true(strlen(esc(big)) < 1024);
	assert_null(strchr(esc(big), '\n'));
	assert_string_equal(esc(NULL), "(null)");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_names_unchanged),
		cmocka_unit_test(test_controls_quoted),
		cmocka_unit_test(test_invalid_utf8_octal),
		cmocka_unit_test(test_truncation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
