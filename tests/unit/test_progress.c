/*
 * Unit tests for progress: the line's text (percentage, counts, unit,
 * the final 完成, a total of 0, done past the total, a short buffer),
 * the rate limit (at most every PROGRESS_INTERVAL_MS, a clock that went
 * back draws again), and nothing at all written to a stream that is not
 * a terminal.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "progress.h"

static void
test_format(void **state)
{
	char	buf[128];

	(void)state;
	assert_string_equal(progress_format(buf, sizeof(buf), "索引", "",
	    450000, 1000000, 0), "索引： 45% (450000/1000000)");
	assert_string_equal(progress_format(buf, sizeof(buf), "重建索引",
	    " 个提交", 10, 10, 1), "重建索引：100% (10/10 个提交)，完成。");
	assert_string_equal(progress_format(buf, sizeof(buf), "校验记录",
	    " 件", 0, 3, 0), "校验记录：  0% (0/3 件)");
	/* More done than announced: never past 100 %. */
	assert_string_equal(progress_format(buf, sizeof(buf), "a", NULL,
	    7, 5, 0), "a：100% (7/5)");
	/* 99.9 % is not 100 %. */
	assert_string_equal(progress_format(buf, sizeof(buf), "a", "",
	    999, 1000, 0), "a： 99% (999/1000)");
	assert_string_equal(progress_format(buf, sizeof(buf), "a", " 件",
	    12, 0, 0), "a：12 件");
	assert_string_equal(progress_format(buf, sizeof(buf), "git fsck",
	    NULL, 0, 0, 0), "git fsck：进行中…");
	assert_string_equal(progress_format(buf, sizeof(buf), "git fsck",
	    NULL, 0, 0, 1), "git fsck：完成。");
	/* A short buffer is cut and terminated. */
	memset(buf, 'x', sizeof(buf));
	progress_format(buf, 5, "abcdefgh", "", 1, 2, 0);
	assert_string_equal(buf, "abcd");
}

static void
test_due(void **state)
{
	(void)state;
	assert_true(progress_due(0, 5));
	assert_false(progress_due(1000, 1000));
	assert_false(progress_due(1000, 1000 + PROGRESS_INTERVAL_MS - 1));
	assert_true(progress_due(1000, 1000 + PROGRESS_INTERVAL_MS));
	assert_true(progress_due(1000, 900));
}

static void
test_not_a_terminal(void **state)
{
	struct progress	 p;
	char		*buf = NULL;
	size_t		 len = 0;
	FILE		*fp;
	int		 i;

	(void)state;
	assert_non_null(fp = open_memstream(&buf, &len));
	progress_start(&p, fp, "索引", "", 100);
	for (i = 0; i <= 100; i++)
		progress_update(&p, (uint64_t)i);
	progress_clear(&p);
	progress_end(&p);
	fclose(fp);
	assert_int_equal(len, 0);
	free(buf);
	/* NULL: nothing, no crash. */
	progress_start(&p, NULL, "索引", "", 1);
	progress_update(&p, 1);
	progress_end(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_due),
		cmocka_unit_test(test_not_a_terminal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
