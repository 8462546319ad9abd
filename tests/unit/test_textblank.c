/* Unit tests for textblank: one notion of a blank for every field reader. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "textblank.h"

static void
test_len(void **state)
{
	(void)state;
	assert_int_equal(textblank_len(" x", 2), 1);
	assert_int_equal(textblank_len("\t", 1), 1);
	assert_int_equal(textblank_len("\xe3\x80\x80", 3), 3);	/* U+3000 */
	assert_int_equal(textblank_len("\xc2\xa0", 2), 2);	/* U+00A0 */
	assert_int_equal(textblank_len("\xef\xbb\xbf", 3), 3);	/* BOM */
	assert_int_equal(textblank_len("\xe2\x80\x8b", 3), 3);	/* U+200B */
	assert_int_equal(textblank_len("\xe2\x80\x82", 3), 3);	/* U+2002 */
	assert_int_equal(textblank_len("淄", 3), 0);
	assert_int_equal(textblank_len("\n", 1), 0);	/* a line end is not */
	assert_int_equal(textblank_len("\xe3\x80", 2), 0);	/* truncated */
	assert_int_equal(textblank_len("\x80", 1), 0);	/* continuation */
	assert_int_equal(textblank_len("", 0), 0);
}

static void
test_trim(void **state)
{
	const char	*s = "\xe3\x80\x80 淄政办发 \xc2\xa0\t";
	const char	*p = s;
	size_t		 n = strlen(s);

	(void)state;
	textblank_trim(&p, &n);
	assert_int_equal(n, strlen("淄政办发"));
	assert_memory_equal(p, "淄政办发", n);
	p = "\xe3\x80\x80 ";
	n = strlen(p);
	textblank_trim(&p, &n);
	assert_int_equal(n, 0);
}

static void
test_strip(void **state)
{
	char *s;

	(void)state;
	s = textblank_dup_strip("关 于\xe3\x80\x80印发\n通知", strlen(
	    "关 于\xe3\x80\x80印发\n通知"), 0);
	assert_string_equal(s, "关于印发\n通知");
	free(s);
	s = textblank_dup_strip("关 于\xe3\x80\x80印发\n通知", strlen(
	    "关 于\xe3\x80\x80印发\n通知"), 1);
	assert_string_equal(s, "关于印发通知");
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_len),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_strip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
