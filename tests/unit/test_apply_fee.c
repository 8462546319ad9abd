/*
 * Unit tests for apply_fee: the two fee scales of 国办函〔2020〕109号 at
 * every band edge (per count: 10/11, 30/31, 40/41, 50/51; per volume:
 * 30/31, 100/101, 200/201), the invalid inputs, and the derivation text.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "apply_fee.h"

static void
test_by_count(void **state)
{
	static const struct { int n; long fee; } t[] = {
		{ 1, 0 }, { 10, 0 }, { 11, 100 }, { 20, 100 }, { 30, 100 },
		{ 31, 200 }, { 40, 200 }, { 41, 300 }, { 50, 300 },
		{ 51, 400 }, { 60, 400 }, { 61, 500 }, { 100, 800 },
		{ 101, 900 }
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (apply_fee_by_count(t[i].n, NULL) != t[i].fee)
			fail_msg("request %d: %ld, expected %ld", t[i].n,
			    apply_fee_by_count(t[i].n, NULL), t[i].fee);
	assert_int_equal(apply_fee_by_count(0, NULL), -1);
	assert_int_equal(apply_fee_by_count(-3, NULL), -1);
	assert_int_equal(apply_fee_by_count(APPLY_FEE_COUNT_MAX + 1, NULL),
	    -1);
	assert_true(apply_fee_by_count(APPLY_FEE_COUNT_MAX, NULL) > 0);
}

static void
test_by_pages(void **state)
{
	static const struct { int p; long fee; } t[] = {
		{ 0, 0 }, { 1, 0 }, { 30, 0 }, { 31, 10 }, { 50, 200 },
		{ 100, 700 }, { 101, 720 }, { 200, 2700 }, { 201, 2740 },
		{ 250, 4700 }, { 1000, 34700 }
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (apply_fee_by_pages(t[i].p, NULL) != t[i].fee)
			fail_msg("%d pages: %ld, expected %ld", t[i].p,
			    apply_fee_by_pages(t[i].p, NULL), t[i].fee);
	assert_int_equal(apply_fee_by_pages(-1, NULL), -1);
	assert_int_equal(apply_fee_by_pages(APPLY_FEE_PAGES_MAX + 1, NULL),
	    -1);
	/* The largest volume fits a long. */
	assert_int_equal(apply_fee_by_pages(APPLY_FEE_PAGES_MAX, NULL),
	    2700L + (APPLY_FEE_PAGES_MAX - 200L) * 40);
}

static void
test_derivation(void **state)
{
	struct strbuf	 b = { 0 };

	(void)state;
	assert_int_equal(apply_fee_by_count(35, &b), 200);
	assert_non_null(b.s);
	assert_non_null(strstr(b.s, "第 35 件"));
	assert_non_null(strstr(b.s, "第 31 至 40 件"));
	assert_non_null(strstr(b.s, "本件收费 200 元"));
	assert_non_null(strstr(b.s, "国办函〔2020〕109号"));
	strbuf_free(&b);

	assert_int_equal(apply_fee_by_count(7, &b), 0);
	assert_non_null(strstr(b.s, "不收费"));
	strbuf_free(&b);

	assert_int_equal(apply_fee_by_pages(250, &b), 4700);
	assert_non_null(strstr(b.s, "共 250 页"));
	assert_non_null(strstr(b.s, "第 31 至 100 页每页 10 元，70 页 700 元"));
	assert_non_null(strstr(b.s, "第 101 至 200 页每页 20 元，100 页 2000 元"));
	assert_non_null(strstr(b.s, "第 201 至 250 页每页 40 元，50 页 2000 元"));
	assert_non_null(strstr(b.s, "合计 4700 元"));
	strbuf_free(&b);

	assert_int_equal(apply_fee_by_pages(45, &b), 150);
	assert_non_null(strstr(b.s, "第 31 至 45 页每页 10 元，15 页 150 元"));
	assert_null(strstr(b.s, "101"));
	strbuf_free(&b);

	assert_int_equal(apply_fee_by_pages(-2, &b), -1);
	assert_non_null(strstr(b.s, "无效"));
	strbuf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_by_count),
		cmocka_unit_test(test_by_pages),
		cmocka_unit_test(test_derivation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
