/* Unit tests for csvrow: RFC 4180 rows that a spreadsheet opens safely. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "csvrow.h"

static char *
row(size_t n, const char *const *v)
{
	struct strbuf sb;

	memset(&sb, 0, sizeof(sb));
	csvrow_add(&sb, n, v);
	assert_false(sb.nomem);
	return sb.s;
}

static void
test_plain_and_quoted(void **state)
{
	const char	*v[] = { "D000001", "关于\"试行\"办法的通知", "a,b", NULL };
	char		*s;

	(void)state;
	s = row(4, v);
	assert_string_equal(s,
	    "D000001,\"关于\"\"试行\"\"办法的通知\",\"a,b\",\r\n");
	free(s);
}

static void
test_control_characters(void **state)
{
	const char	*v[] = { "第一行\r\n第二行\t完" };
	char		*s;

	(void)state;
	s = row(1, v);
	assert_string_equal(s, "第一行  第二行 完\r\n");
	free(s);
}

static void
test_formula(void **state)
{
	const char	*v[] = { "=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)",
	    "关于=的通知" };
	char		*s;

	(void)state;
	s = row(5, v);
	assert_string_equal(s, "\"'=HYPERLINK(\"\"http://x\"\")\",'+1,'-2,"
	    "'@SUM(A1),关于=的通知\r\n");
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_and_quoted),
		cmocka_unit_test(test_control_characters),
		cmocka_unit_test(test_formula),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
