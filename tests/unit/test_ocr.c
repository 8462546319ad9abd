/*
 * Unit tests for ocr's reading of tesseract TSV: words joined per line,
 * a new block a new paragraph, a gap wider than three line heights kept
 * as a wide gap, the mean confidence over the words that have one.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ocr.h"

#define HDR "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\t" \
	"left\ttop\twidth\theight\tconf\ttext\n"

static void
test_tsv(void **state)
{
	const char *tsv = HDR
	    "1\t1\t0\t0\t0\t0\t0\t0\t1654\t2339\t-1\t\n"
	    "4\t1\t1\t1\t1\t0\t159\t238\t269\t27\t-1\t\n"
	    "5\t1\t1\t1\t1\t1\t159\t239\t38\t25\t50\t淄\n"
	    "5\t1\t1\t1\t1\t2\t197\t239\t36\t25\t100\t财预\n"
	    "4\t1\t1\t1\t2\t0\t159\t300\t900\t25\t-1\t\n"
	    "5\t1\t1\t1\t2\t1\t159\t300\t220\t25\t90\t淄博市财政局办公室\n"
	    "5\t1\t1\t1\t2\t2\t743\t300\t63\t21\t90\t2021年\n"
	    "5\t1\t1\t1\t2\t3\t806\t300\t20\t21\t-1\t\n"
	    "4\t1\t2\t1\t1\t0\t159\t400\t100\t25\t-1\t\n"
	    "5\t1\t2\t1\t1\t1\t159\t400\t100\t25\t70\t附件\r\n";
	char	*text = NULL;
	size_t	 len = 0, cap = 0, n = 0;
	double	 sum = 0;

	(void)state;
	ocr_tsv_text(tsv, strlen(tsv), &text, &len, &cap, &sum, &n);
	assert_non_null(text);
	assert_string_equal(text, "淄 财预\n淄博市财政局办公室    2021年\n\n附件\n");
	assert_int_equal(len, strlen(text));
	assert_int_equal(n, 5);
	assert_true(sum == 50 + 100 + 90 + 90 + 70);
	free(text);

	text = NULL;
	len = cap = n = 0;
	sum = 0;
	ocr_tsv_text(HDR, strlen(HDR), &text, &len, &cap, &sum, &n);
	assert_null(text);
	assert_int_equal(n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tsv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
