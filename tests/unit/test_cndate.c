/*
 * Unit tests for cndate: Arabic and Chinese-numeral dates, the blanks
 * PDF extraction inserts, calendar validity and formatting, day and
 * period arithmetic, and counts (有效期为三年).
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cndate.h"

/* Find the first date in s; return its YYYY-MM-DD in buf or "". */
static long
find(const char *s, char *buf, size_t *end)
{
	struct cndate	d;
	size_t		e = 0;
	long		at;

	buf[0] = '\0';
	at = cndate_find(s, strlen(s), &d, &e);
	if (at >= 0)
		cndate_format(&d, buf);
	if (end != NULL)
		*end = e;
	return at;
}

static void
test_arabic(void **state)
{
	char	buf[16];
	size_t	end;
	long	at;

	at = find("2020年8月26日", buf, &end);
	assert_int_equal(at, 0);
	assert_string_equal(buf, "2020-08-26");
	assert_int_equal(end, strlen("2020年8月26日"));

	at = find("印发日期：2021年02月03日印发", buf, &end);
	assert_int_equal(at, (long)strlen("印发日期："));
	assert_string_equal(buf, "2021-02-03");
	assert_int_equal(end, strlen("印发日期：2021年02月03日"));
}

static void
test_fullwidth_and_spaces(void **state)
{
	char	buf[16];

	assert_true(find("２０２２年６月１７日", buf, NULL) == 0);
	assert_string_equal(buf, "2022-06-17");
	assert_true(find("2022 年 6 月 17 日", buf, NULL) == 0);
	assert_string_equal(buf, "2022-06-17");
	assert_true(find("2022\xe3\x80\x80年6月\t17日", buf, NULL) == 0);
	assert_string_equal(buf, "2022-06-17");
	/* Letter-spaced digits, as PDF extraction leaves them. */
	assert_true(find("2 0 2 3 年 1 月 1 2 日", buf, NULL) == 0);
	assert_string_equal(buf, "2023-01-12");
	assert_int_equal(find("2023年1月1 0 0日", buf, NULL), -1);
}

static void
test_chinese_numerals(void **state)
{
	char	buf[16];

	assert_true(find("二〇一六年三月十日", buf, NULL) == 0);
	assert_string_equal(buf, "2016-03-10");
	assert_true(find("二○一九年十二月二十日", buf, NULL) == 0);
	assert_string_equal(buf, "2019-12-20");
	assert_true(find("二O一八年十一月三十日", buf, NULL) == 0);
	assert_string_equal(buf, "2018-11-30");
	assert_true(find("二零二一年一月三十一日", buf, NULL) == 0);
	assert_string_equal(buf, "2021-01-31");
	assert_true(find("二〇二〇年二月十五日", buf, NULL) == 0);
	assert_string_equal(buf, "2020-02-15");
	assert_true(find("二〇二〇年五月廿一日", buf, NULL) == 0);
	assert_string_equal(buf, "2020-05-21");
	/* A date in a sentence is found where it starts. */
	assert_int_equal(find("自二〇一七年一月一日起施行", buf, NULL),
	    (long)strlen("自"));
	assert_string_equal(buf, "2017-01-01");
}

static void
test_not_dates(void **state)
{
	char	buf[16];

	/* Deadlines without a year, months alone, invalid days. */
	assert_int_equal(find("9月20日前报送", buf, NULL), -1);
	assert_int_equal(find("2022年5月至8月", buf, NULL), -1);
	assert_int_equal(find("2021年2月30日", buf, NULL), -1);
	assert_int_equal(find("2021年13月1日", buf, NULL), -1);
	assert_int_equal(find("二〇二一年二月三十日", buf, NULL), -1);
	assert_int_equal(find("202年1月1日", buf, NULL), -1);
	/* Five digits are not a year. */
	assert_int_equal(find("12021年1月1日", buf, NULL), -1);
	assert_int_equal(find("2021年1月100日", buf, NULL), -1);
	assert_int_equal(find("", buf, NULL), -1);
	assert_int_equal(cndate_find(NULL, 0, NULL, NULL), -1);
}

static void
test_first_of_several(void **state)
{
	char	buf[16];

	assert_int_equal(find("2021年2月30日与2021年3月1日", buf, NULL),
	    (long)strlen("2021年2月30日与"));
	assert_string_equal(buf, "2021-03-01");
}

/* A date in shape whose numbers are no calendar date: found by
 * cndate_find_shape, with its numbers and valid 0; a real one after it
 * is not skipped to. */
static void
test_find_shape(void **state)
{
	const char	*s = "落款2021年2月30日与2021年3月1日";
	struct cndate	 d;
	size_t		 end;
	int		 valid = -1;

	(void)state;
	assert_int_equal(cndate_find_shape(s, strlen(s), &d, &end, &valid),
	    (long)strlen("落款"));
	assert_int_equal(valid, 0);
	assert_int_equal(d.y, 2021);
	assert_int_equal(d.m, 2);
	assert_int_equal(d.d, 30);
	assert_int_equal(end, strlen("落款2021年2月30日"));
	s = "二〇二一年十三月一日";
	assert_true(cndate_find_shape(s, strlen(s), &d, &end, &valid) == 0);
	assert_int_equal(valid, 0);
	assert_int_equal(d.m, 13);
	s = "2021年3月1日";
	assert_true(cndate_find_shape(s, strlen(s), &d, &end, &valid) == 0);
	assert_int_equal(valid, 1);
	/* Not a date at all, in any shape. */
	s = "9月20日前报送";
	assert_int_equal(cndate_find_shape(s, strlen(s), &d, &end, &valid),
	    -1);
}

static void
test_length_bound(void **state)
{
	const char	*s = "2021年3月1日";
	struct cndate	 d;
	size_t		 end;

	/* The date must lie inside len: s need not end there. */
	assert_int_equal(cndate_find(s, strlen(s) - 1, &d, &end), -1);
	assert_int_equal(cndate_find(s, strlen(s), &d, &end), 0);
	assert_int_equal(d.y, 2021);
	assert_int_equal(d.m, 3);
	assert_int_equal(d.d, 1);
}

static void
test_invalid_utf8(void **state)
{
	char	buf[16];

	/* 年 cut short is not 年. */
	assert_int_equal(find("\xff" "2021" "\xe5\xb9" "1月2日\x80", buf,
	    NULL), -1);
	assert_true(find("\xff\xfe 2021年1月2日 \xc0\xaf", buf, NULL) > 0);
	assert_string_equal(buf, "2021-01-02");
}

static void
test_valid(void **state)
{
	assert_true(cndate_valid(2020, 2, 29));
	assert_false(cndate_valid(2021, 2, 29));
	assert_false(cndate_valid(1900, 2, 29));
	assert_true(cndate_valid(2000, 2, 29));
	assert_true(cndate_valid(2021, 12, 31));
	assert_false(cndate_valid(2021, 4, 31));
	assert_false(cndate_valid(2021, 0, 1));
	assert_false(cndate_valid(2021, 1, 0));
	assert_false(cndate_valid(0, 1, 1));
}

static void
test_format(void **state)
{
	struct cndate	d = { 2016, 3, 10 };
	char		buf[11];

	cndate_format(&d, buf);
	assert_string_equal(buf, "2016-03-10");
	d.y = 987;
	d.m = 1;
	d.d = 2;
	cndate_format(&d, buf);
	assert_string_equal(buf, "0987-01-02");
}

/* d moved by days, as YYYY-MM-DD, or "-" when refused. */
static const char *
shift(int y, int m, int d, long days, char *buf)
{
	struct cndate	c = { y, m, d };

	if (cndate_add_days(&c, days) == -1)
		return "-";
	cndate_format(&c, buf);
	return buf;
}

static void
test_add_days(void **state)
{
	char	buf[16];

	assert_string_equal(shift(2021, 12, 31, 1, buf), "2022-01-01");
	assert_string_equal(shift(2022, 1, 1, -1, buf), "2021-12-31");
	assert_string_equal(shift(2020, 2, 28, 1, buf), "2020-02-29");
	assert_string_equal(shift(2021, 2, 28, 1, buf), "2021-03-01");
	assert_string_equal(shift(2000, 3, 1, -1, buf), "2000-02-29");
	assert_string_equal(shift(1900, 3, 1, -1, buf), "1900-02-28");
	assert_string_equal(shift(2021, 1, 1, 365, buf), "2022-01-01");
	assert_string_equal(shift(2024, 1, 1, 366, buf), "2025-01-01");
	assert_string_equal(shift(2021, 6, 15, 0, buf), "2021-06-15");
	/* Invalid input and results outside years 1..9999 are refused. */
	assert_string_equal(shift(2021, 2, 30, 1, buf), "-");
	assert_string_equal(shift(9999, 12, 31, 1, buf), "-");
	assert_string_equal(shift(1, 1, 1, -1, buf), "-");
	assert_string_equal(shift(2021, 1, 1, 99999999L, buf), "-");
}

/* The last day of a period, as YYYY-MM-DD, or "-" when refused. */
static const char *
period(int y, int m, int d, int years, int months, char *buf)
{
	struct cndate	s = { y, m, d }, e;

	if (cndate_period_end(&s, years, months, &e) == -1)
		return "-";
	cndate_format(&e, buf);
	return buf;
}

static void
test_period_end(void **state)
{
	char	buf[16];

	/* 自2021年12月1日起施行，有效期5年. */
	assert_string_equal(period(2021, 12, 1, 5, 0, buf), "2026-11-30");
	assert_string_equal(period(2021, 3, 1, 5, 0, buf), "2026-02-28");
	assert_string_equal(period(2023, 1, 1, 3, 0, buf), "2025-12-31");
	assert_string_equal(period(2024, 3, 1, 2, 0, buf), "2026-02-28");
	assert_string_equal(period(2023, 3, 1, 1, 0, buf), "2024-02-29");
	/* No such day in the last year or month: its last day. */
	assert_string_equal(period(2020, 2, 29, 1, 0, buf), "2021-02-28");
	assert_string_equal(period(2020, 2, 29, 4, 0, buf), "2024-02-28");
	assert_string_equal(period(2021, 1, 31, 0, 1, buf), "2021-02-28");
	assert_string_equal(period(2021, 8, 31, 0, 6, buf), "2022-02-28");
	assert_string_equal(period(2021, 5, 10, 0, 6, buf), "2021-11-09");
	assert_string_equal(period(2021, 11, 15, 1, 2, buf), "2023-01-14");
	assert_string_equal(period(2021, 2, 30, 1, 0, buf), "-");
	assert_string_equal(period(9990, 1, 1, 100, 0, buf), "-");
	assert_string_equal(period(2021, 1, 1, -1, 0, buf), "-");
}

static void
test_number(void **state)
{
	static const struct {
		const char	*s;
		size_t		 len;	/* bytes read; 0: none */
		int		 v;
	} cases[] = {
		{ "5年", 1, 5 }, { "10年", 2, 10 }, { "１０年", 6, 10 },
		{ "三年", 3, 3 }, { "十年", 3, 10 }, { "十二个月", 6, 12 },
		{ "二十年", 6, 20 }, { "二十五年", 9, 25 }, { "两年", 3, 2 },
		{ "九十九", 9, 99 }, { "年", 0, 0 }, { "", 0, 0 },
		{ "12345", 0, 0 }, { "〇年", 0, 0 }, { "\xe4\xb8", 0, 0 },
	};
	size_t	i, n;
	int	v;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		v = -1;
		n = cndate_number(cases[i].s, strlen(cases[i].s), &v);
		if (n != cases[i].len)
			fail_msg("%s: read %zu bytes", cases[i].s, n);
		if (n > 0)
			assert_int_equal(v, cases[i].v);
	}
	/* The length bounds the read: "1" of "12". */
	assert_int_equal(cndate_number("12", 1, &v), 1);
	assert_int_equal(v, 1);
	assert_int_equal(cndate_number(NULL, 0, &v), 0);
}

/* The one date arithmetic: known day numbers, the inverse on every day
 * of four centuries (leap years, 1900 and 2000 included), and the
 * weekday pattern cron relies on. */
static void
test_days_from_civil(void **state)
{
	int64_t	z;
	int	y, m, d;

	(void)state;
	assert_int_equal(cndate_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(cndate_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(cndate_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(cndate_days_from_civil(2000, 2, 29), 11016);
	assert_int_equal(cndate_days_from_civil(1900, 3, 1) -
	    cndate_days_from_civil(1900, 2, 28), 1);	/* not a leap year */
	assert_int_equal(cndate_days_from_civil(2026, 11, 28), 20785);
	for (z = cndate_days_from_civil(1800, 1, 1);
	    z < cndate_days_from_civil(2200, 1, 1); z++) {
		cndate_civil_from_days(z, &y, &m, &d);
		assert_true(cndate_valid(y, m, d));
		if (cndate_days_from_civil(y, m, d) != z)
			fail_msg("day %lld: %04d-%02d-%02d", (long long)z, y,
			    m, d);
	}
	/* 1970-01-01 was a Thursday. */
	assert_int_equal((cndate_days_from_civil(2026, 12, 6) % 7 + 11) % 7,
	    0);
	assert_int_equal(cndate_days_of("2026-11-28"), 20785);
	assert_int_equal(cndate_days_of("2026-11-28T10:00:00+08:00"), 20785);
	assert_true(cndate_days_of("2026-02-29") == INT64_MIN);
	assert_true(cndate_days_of("2026-1-5") == INT64_MIN);
	assert_true(cndate_days_of(NULL) == INT64_MIN);
}

static void
test_format_cn(void **state)
{
	char buf[64], small[8];

	(void)state;
	cndate_format_cn("2026-03-01", buf, sizeof(buf));
	assert_string_equal(buf, "2026年3月1日");
	cndate_format_cn("2026-11-28T10:00:00+08:00", buf, sizeof(buf));
	assert_string_equal(buf, "2026年11月28日");
	cndate_format_cn("2026-02-30", buf, sizeof(buf));
	assert_string_equal(buf, "—");
	cndate_format_cn(NULL, buf, sizeof(buf));
	assert_string_equal(buf, "—");
	cndate_format_cn("soon", buf, sizeof(buf));
	assert_string_equal(buf, "—");
	/* Cut to the buffer, never past it. */
	cndate_format_cn("2026-11-28", small, sizeof(small));
	assert_true(strlen(small) < sizeof(small));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arabic),
		cmocka_unit_test(test_fullwidth_and_spaces),
		cmocka_unit_test(test_chinese_numerals),
		cmocka_unit_test(test_not_dates),
		cmocka_unit_test(test_first_of_several),
		cmocka_unit_test(test_find_shape),
		cmocka_unit_test(test_length_bound),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_add_days),
		cmocka_unit_test(test_period_end),
		cmocka_unit_test(test_number),
		cmocka_unit_test(test_days_from_civil),
		cmocka_unit_test(test_format_cn),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
