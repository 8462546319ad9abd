/* Unit tests for width: CJK takes two columns, cutting keeps characters,
 * one character at a time. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "width.h"

static void
test_width(void **state)
{
	assert_int_equal(width_str("abc"), 3);
	assert_int_equal(width_str("淄政办字"), 8);
	assert_int_equal(width_str("〔2020〕79号"), 2 + 4 + 2 + 2 + 2);
	assert_int_equal(width_str("（）"), 4);
	assert_int_equal(width_str(""), 0);
}

static void
test_prefix(void **state)
{
	assert_int_equal(width_prefix("淄政办字", 5), 6);	/* 2 chars */
	assert_int_equal(width_prefix("ab淄", 3), 2);
	assert_int_equal(width_prefix("ab淄", 4), 5);
	/* 5 columns asked, a wide character would make 6: 4 are used. */
	assert_int_equal(width_strn("淄政办字", width_prefix("淄政办字", 5)), 4);
}

static void
test_char(void **state)
{
	size_t w;

	assert_int_equal(width_char("a淄", &w), 1);
	assert_int_equal(w, 1);
	assert_int_equal(width_char("淄a", &w), 3);
	assert_int_equal(w, 2);
	assert_int_equal(width_char("，", &w), 3);	/* fullwidth comma */
	assert_int_equal(w, 2);
	assert_int_equal(width_char("\xe6\xb7", &w), 1);	/* truncated */
	assert_int_equal(w, 1);
	assert_int_equal(width_char("", &w), 0);
	assert_int_equal(w, 0);
}

static void
test_invalid_utf8(void **state)
{
	/* A truncated sequence counts one column per byte, never reads on. */
	assert_int_equal(width_str("\xe6\xb7"), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_prefix),
		cmocka_unit_test(test_char),
		cmocka_unit_test(test_invalid_utf8),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
