/*
 * Unit tests for cron: the field syntax (lists, ranges, steps, names,
 * nicknames), the messages invalid expressions are refused with, and
 * cron_next and cron_prev across month ends, leap days, the day-of-month
 * or day-of-week rule and, in real zones, UTC+8 and a DST year.  The
 * expected times are worked out by hand and written as UTC literals.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "cron.h"

/* "YYYY-MM-DD HH:MM" as UTC unix seconds. */
static int64_t
utc(const char *s)
{
	struct tm	tm;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%d-%d-%d %d:%d", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday, &tm.tm_hour, &tm.tm_min) != 5)
		fail_msg("bad date literal %s", s);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (int64_t)timegm(&tm);
}

static const char *
show(int64_t t, char *buf, size_t len)
{
	time_t		tt = (time_t)t;
	struct tm	tm;

	if (t == -1)
		snprintf(buf, len, "none");
	else if (gmtime_r(&tt, &tm) == NULL)
		snprintf(buf, len, "?%lld", (long long)t);
	else
		strftime(buf, len, "%Y-%m-%d %H:%M:%S UTC", &tm);
	return buf;
}

static void
parse_ok(const char *expr, struct cron *c)
{
	char	err[256];

	if (cron_parse(c, expr, err, sizeof(err)) != 0)
		fail_msg("\"%s\" refused: %s", expr, err);
}

/* want is a UTC "YYYY-MM-DD HH:MM", or NULL for -1. */
static void
check(int prev, const char *expr, int64_t from, const char *want)
{
	struct cron	c;
	int64_t		got, exp;
	char		b1[64], b2[64], b3[64];

	parse_ok(expr, &c);
	exp = want == NULL ? -1 : utc(want);
	got = prev ? cron_prev(&c, from) : cron_next(&c, from);
	if (got != exp)
		fail_msg("cron_%s(\"%s\", %s) = %s, want %s",
		    prev ? "prev" : "next", expr, show(from, b1, sizeof(b1)),
		    show(got, b2, sizeof(b2)), show(exp, b3, sizeof(b3)));
}

static void
next_is(const char *expr, int64_t after, const char *want)
{
	check(0, expr, after, want);
}

static void
prev_is(const char *expr, int64_t at, const char *want)
{
	check(1, expr, at, want);
}

static void
same_cron(const char *a, const char *b)
{
	struct cron	x, y;

	parse_ok(a, &x);
	parse_ok(b, &y);
	if (x.minute != y.minute || x.hour != y.hour || x.dom != y.dom ||
	    x.month != y.month || x.dow != y.dow ||
	    x.dom_star != y.dom_star || x.dow_star != y.dow_star)
		fail_msg("\"%s\" and \"%s\" differ", a, b);
}

#define BIT(n)	((uint64_t)1 << (n))

static void
test_fields(void **state)
{
	struct cron	c;

	(void)state;
	parse_ok("* * * * *", &c);
	assert_true(c.minute == BIT(60) - 1);
	assert_true(c.hour == 0xffffffU);
	assert_true(c.dom == 0xfffffffeU);
	assert_true(c.month == 0x1ffe);
	assert_true(c.dow == 0x7f);
	assert_int_equal(c.dom_star, 1);
	assert_int_equal(c.dow_star, 1);

	/* Lists, ranges, steps. */
	parse_ok("1,2,5 */6 1-3,10 */5 1-5", &c);
	assert_true(c.minute == (BIT(1) | BIT(2) | BIT(5)));
	assert_true(c.hour == (BIT(0) | BIT(6) | BIT(12) | BIT(18)));
	assert_true(c.dom == (BIT(1) | BIT(2) | BIT(3) | BIT(10)));
	assert_true(c.month == (BIT(1) | BIT(6) | BIT(11)));
	assert_true(c.dow == 0x3e);
	assert_int_equal(c.dom_star, 0);
	assert_int_equal(c.dow_star, 0);

	parse_ok("10-15/2 * * * *", &c);
	assert_true(c.minute == (BIT(10) | BIT(12) | BIT(14)));
	parse_ok("*/15 * * * *", &c);
	assert_true(c.minute == (BIT(0) | BIT(15) | BIT(30) | BIT(45)));
	/* N/S runs from N to the maximum. */
	parse_ok("5/20 20/1 * * *", &c);
	assert_true(c.minute == (BIT(5) | BIT(25) | BIT(45)));
	assert_true(c.hour == (BIT(20) | BIT(21) | BIT(22) | BIT(23)));
	parse_ok("1-3,10,*/20 * * * *", &c);
	assert_true(c.minute == (BIT(0) | BIT(1) | BIT(2) | BIT(3) |
	    BIT(10) | BIT(20) | BIT(40)));
	parse_ok("0-59 0-23 1-31 1-12 0-6", &c);
	assert_true(c.minute == BIT(60) - 1);
	assert_int_equal(c.dom_star, 0);
	assert_int_equal(c.dow_star, 0);
	parse_ok("05 007 * * *", &c);
	assert_true(c.minute == BIT(5));
	assert_true(c.hour == BIT(7));

	/* A field starting with '*' counts as a star for the day rule. */
	parse_ok("* * */2 * *,1", &c);
	assert_int_equal(c.dom_star, 1);
	assert_int_equal(c.dow_star, 1);

	/* Names. */
	parse_ok("* * * jan,Mar,DEC *", &c);
	assert_true(c.month == (BIT(1) | BIT(3) | BIT(12)));
	parse_ok("* * * jun-aug *", &c);
	assert_true(c.month == (BIT(6) | BIT(7) | BIT(8)));
	parse_ok("* * * feb-4,nov/1 *", &c);
	assert_true(c.month == (BIT(2) | BIT(3) | BIT(4) | BIT(11) |
	    BIT(12)));
	same_cron("0 9 * * mon-fri", "0 9 * * 1-5");
	same_cron("0 9 * * MON-FRI", "0 9 * * 1-5");
	same_cron("0 9 * * Mon-Fri", "0 9 * * 1-5");
	same_cron("0 9 * * sun,sat", "0 9 * * 0,6");
	same_cron("0 9 * * tue-5", "0 9 * * 2-5");

	/* 7 is Sunday. */
	parse_ok("* * * * 7", &c);
	assert_true(c.dow == 0x01);
	same_cron("* * * * 7", "* * * * 0");
	same_cron("* * * * 0,7", "* * * * sun");
	parse_ok("* * * * 5-7", &c);
	assert_true(c.dow == (BIT(5) | BIT(6) | BIT(0)));
	parse_ok("* * * * 0-7", &c);
	assert_true(c.dow == 0x7f);
	parse_ok("* * * * */2", &c);
	assert_true(c.dow == (BIT(0) | BIT(2) | BIT(4) | BIT(6)));
	/* N/S in day-of-week runs to 7: 1, 3, 5 and 7 (Sunday). */
	parse_ok("* * * * 1/2", &c);
	assert_true(c.dow == (BIT(1) | BIT(3) | BIT(5) | BIT(0)));
}

static void
test_whitespace(void **state)
{
	(void)state;
	same_cron("\t 0  6\t1 *   *  \n", "0 6 1 * *");
	same_cron("  @daily\t", "0 0 * * *");
}

static void
test_nicknames(void **state)
{
	(void)state;
	same_cron("@yearly", "0 0 1 1 *");
	same_cron("@annually", "0 0 1 1 *");
	same_cron("@monthly", "0 0 1 * *");
	same_cron("@weekly", "0 0 * * 0");
	same_cron("@daily", "0 0 * * *");
	same_cron("@midnight", "0 0 * * *");
	same_cron("@hourly", "0 * * * *");
	same_cron("@Daily", "0 0 * * *");

	next_is("@hourly", utc("2024-05-10 12:07"), "2024-05-10 13:00");
	next_is("@daily", utc("2024-05-10 12:07"), "2024-05-11 00:00");
	next_is("@midnight", utc("2024-12-31 23:59"), "2025-01-01 00:00");
	/* 2024-05-10 is a Friday. */
	next_is("@weekly", utc("2024-05-10 12:07"), "2024-05-12 00:00");
	next_is("@monthly", utc("2024-05-10 12:07"), "2024-06-01 00:00");
	next_is("@yearly", utc("2024-05-10 12:07"), "2025-01-01 00:00");
	next_is("@annually", utc("2025-01-01 00:00"), "2026-01-01 00:00");
	prev_is("@monthly", utc("2024-05-10 12:07"), "2024-05-01 00:00");
}

static void
test_minutes_hours(void **state)
{
	(void)state;
	next_is("*/15 * * * *", utc("2024-05-10 12:07"), "2024-05-10 12:15");
	/* Strictly after: a match at `after` itself is not returned. */
	next_is("*/15 * * * *", utc("2024-05-10 12:15"), "2024-05-10 12:30");
	next_is("*/15 * * * *", utc("2024-05-10 12:14") + 59,
	    "2024-05-10 12:15");
	next_is("*/15 * * * *", utc("2024-05-10 23:50"), "2024-05-11 00:00");
	next_is("* * * * *", utc("2024-05-10 12:07") + 30,
	    "2024-05-10 12:08");

	next_is("5,35 9-17/4 * * *", utc("2024-05-10 08:00"),
	    "2024-05-10 09:05");
	next_is("5,35 9-17/4 * * *", utc("2024-05-10 09:05"),
	    "2024-05-10 09:35");
	next_is("5,35 9-17/4 * * *", utc("2024-05-10 09:35"),
	    "2024-05-10 13:05");
	next_is("5,35 9-17/4 * * *", utc("2024-05-10 17:35"),
	    "2024-05-11 09:05");

	next_is("50/5 * * * *", utc("2024-05-10 10:52"), "2024-05-10 10:55");
	next_is("50/5 * * * *", utc("2024-05-10 10:55"), "2024-05-10 11:50");
	next_is("0 */6 * * *", utc("2024-05-10 13:00"), "2024-05-10 18:00");
	next_is("0 */6 * * *", utc("2024-05-10 18:00"), "2024-05-11 00:00");
	next_is("59 23 * * *", utc("2024-12-31 23:59"), "2025-01-01 23:59");
}

static void
test_names(void **state)
{
	(void)state;
	/* Mondays of January and July; 2024-07-01 and 2025-01-06 are. */
	next_is("0 9 * jan,jul mon", utc("2024-05-10 00:00"),
	    "2024-07-01 09:00");
	next_is("0 9 * jan,jul mon", utc("2024-07-01 09:00"),
	    "2024-07-08 09:00");
	next_is("0 9 * jan,jul mon", utc("2024-07-29 09:00"),
	    "2025-01-06 09:00");
	/* Friday evening to Monday. */
	next_is("30 17 * * MON-FRI", utc("2024-05-10 18:00"),
	    "2024-05-13 17:30");
	next_is("30 17 * * Mon-Fri", utc("2024-05-13 08:00"),
	    "2024-05-13 17:30");
	next_is("30 17 * * sat,SUN", utc("2024-05-10 18:00"),
	    "2024-05-11 17:30");
	next_is("0 0 1 jun-aug *", utc("2024-08-01 00:00"),
	    "2025-06-01 00:00");
	next_is("0 0 1 JUN-Aug *", utc("2024-06-01 00:00"),
	    "2024-07-01 00:00");
}

static void
test_dom_dow(void **state)
{
	(void)state;
	/*
	 * Both restricted: the 13th or any Friday.  2024-09-01 is a
	 * Sunday; the Fridays after are 09-06, 09-13 ... 10-11, 10-18,
	 * and 2024-10-13 is a Sunday.
	 */
	next_is("0 12 13 * fri", utc("2024-09-01 00:00"), "2024-09-06 12:00");
	next_is("0 12 13 * fri", utc("2024-09-06 12:00"), "2024-09-13 12:00");
	next_is("0 12 13 * fri", utc("2024-10-11 12:00"), "2024-10-13 12:00");
	next_is("0 12 13 * fri", utc("2024-10-13 12:00"), "2024-10-18 12:00");
	prev_is("0 12 13 * fri", utc("2024-10-17 00:00"), "2024-10-13 12:00");

	/* Day of month only. */
	next_is("0 12 13 * *", utc("2024-10-11 12:00"), "2024-10-13 12:00");
	next_is("0 12 13 * *", utc("2024-10-13 12:00"), "2024-11-13 12:00");
	/* Day of week only. */
	next_is("0 12 * * fri", utc("2024-10-11 12:00"), "2024-10-18 12:00");
	next_is("0 12 * * 5", utc("2024-10-13 00:00"), "2024-10-18 12:00");

	/*
	 * A field that starts with '*' is a star even with a step, so
	 * then both must match (as in Vixie cron): odd days that are
	 * Mondays.  2024-05-13 and 05-27 are; 05-20 is even.
	 */
	next_is("0 0 */2 * mon", utc("2024-05-10 00:00"), "2024-05-13 00:00");
	next_is("0 0 */2 * mon", utc("2024-05-13 00:00"), "2024-05-27 00:00");
}

static void
test_sunday(void **state)
{
	(void)state;
	/* 2024-05-10 is a Friday, 05-12 a Sunday. */
	next_is("0 0 * * 7", utc("2024-05-10 00:00"), "2024-05-12 00:00");
	next_is("0 0 * * 0", utc("2024-05-10 00:00"), "2024-05-12 00:00");
	next_is("0 0 * * sun", utc("2024-05-10 00:00"), "2024-05-12 00:00");
	next_is("0 0 * * 5-7", utc("2024-05-11 00:00"), "2024-05-12 00:00");
	next_is("0 0 * * 5-7", utc("2024-05-12 00:00"), "2024-05-17 00:00");
	prev_is("0 0 * * 7", utc("2024-05-11 23:59"), "2024-05-05 00:00");
}

static void
test_month_ends(void **state)
{
	(void)state;
	next_is("0 0 31 * *", utc("2024-04-01 00:00"), "2024-05-31 00:00");
	next_is("0 0 31 * *", utc("2024-05-31 00:00"), "2024-07-31 00:00");
	next_is("0 0 31 * *", utc("2024-07-31 00:00"), "2024-08-31 00:00");
	next_is("0 0 31 * *", utc("2024-08-31 00:00"), "2024-10-31 00:00");
	next_is("0 0 31 * *", utc("2024-10-31 00:00"), "2024-12-31 00:00");
	next_is("0 0 31 * *", utc("2024-12-31 00:00"), "2025-01-31 00:00");
	next_is("0 0 30 * *", utc("2025-01-30 00:00"), "2025-03-30 00:00");
	next_is("0 0 * * *", utc("2024-02-28 12:00"), "2024-02-29 00:00");
	next_is("0 0 * * *", utc("2023-02-28 12:00"), "2023-03-01 00:00");

	/* Never. */
	next_is("0 0 30 2 *", utc("2024-01-01 00:00"), NULL);
	next_is("0 0 31 2 *", utc("2024-01-01 00:00"), NULL);
	next_is("0 0 31 4,6,9,11 *", utc("2024-01-01 00:00"), NULL);
	prev_is("0 0 30 2 *", utc("2024-01-01 00:00"), NULL);
}

static void
test_leap_day(void **state)
{
	(void)state;
	next_is("0 0 29 2 *", utc("2025-03-01 00:00"), "2028-02-29 00:00");
	next_is("0 0 29 2 *", utc("2024-01-15 00:00"), "2024-02-29 00:00");
	next_is("0 0 29 2 *", utc("2024-02-29 00:00"), "2028-02-29 00:00");
	/* 2100 is not a leap year: the next is 2104, within five years. */
	next_is("0 0 29 2 *", utc("2099-03-01 00:00"), "2104-02-29 00:00");
	/* From 2096-03-01 that is eight years away. */
	next_is("0 0 29 2 *", utc("2096-03-01 00:00"), NULL);
	/* 2000 is. */
	next_is("0 0 29 2 *", utc("1999-01-01 00:00"), "2000-02-29 00:00");

	prev_is("0 0 29 2 *", utc("2027-01-01 00:00"), "2024-02-29 00:00");
	prev_is("0 0 29 2 *", utc("2024-02-29 00:00"), "2024-02-29 00:00");
	prev_is("0 0 29 2 *", utc("2104-02-28 00:00"), NULL);
}

static void
test_monthly_six(void **state)
{
	(void)state;
	next_is("0 6 1 * *", utc("2024-12-31 23:59"), "2025-01-01 06:00");
	next_is("0 6 1 * *", utc("2024-12-31 00:00"), "2025-01-01 06:00");
	next_is("0 6 1 * *", utc("2024-12-01 06:00") + 1, "2025-01-01 06:00");
	next_is("0 6 1 * *", utc("2025-01-01 05:59"), "2025-01-01 06:00");
	next_is("0 6 1 * *", utc("2025-01-01 06:00"), "2025-02-01 06:00");
	next_is("0 6 1 * *", utc("2024-02-15 10:00"), "2024-03-01 06:00");
	next_is("0 6 1 * *", utc("2024-01-31 23:00"), "2024-02-01 06:00");
}

static void
test_prev(void **state)
{
	(void)state;
	/* At or before. */
	prev_is("0 6 1 * *", utc("2025-01-01 06:00"), "2025-01-01 06:00");
	prev_is("0 6 1 * *", utc("2025-01-01 06:00") + 30,
	    "2025-01-01 06:00");
	prev_is("0 6 1 * *", utc("2025-01-01 05:59"), "2024-12-01 06:00");
	prev_is("0 6 1 * *", utc("2025-03-15 12:00"), "2025-03-01 06:00");
	prev_is("*/15 * * * *", utc("2024-05-10 12:14") + 59,
	    "2024-05-10 12:00");
	prev_is("*/15 * * * *", utc("2024-05-10 00:10"), "2024-05-10 00:00");
	prev_is("50 23 * * *", utc("2024-05-10 00:10"), "2024-05-09 23:50");
	prev_is("0 0 31 * *", utc("2024-07-15 00:00"), "2024-05-31 00:00");
	prev_is("0 0 31 * *", utc("2025-03-01 00:00"), "2025-01-31 00:00");
	/* Sunday 2024-05-12 back to Friday. */
	prev_is("0 9 * * mon-fri", utc("2024-05-12 08:00"),
	    "2024-05-10 09:00");
	prev_is("0 0 1 jan *", utc("2024-05-10 00:00"), "2024-01-01 00:00");
}

struct bad {
	const char	*expr;
	const char	*msg;
};

static void
test_invalid(void **state)
{
	static const struct bad	cases[] = {
		{ "", "expected 5 fields, got 0" },
		{ "   \t ", "expected 5 fields, got 0" },
		{ "0 0 * *", "expected 5 fields, got 4" },
		{ "0 0 * * * *", "expected 5 fields, got 6" },
		{ "0 0 * * * # x", "expected 5 fields, got 7" },

		{ "60 * * * *", "field 1 (minute): 60 is out of range 0-59" },
		{ "0 24 * * *", "field 2 (hour): 24 is out of range 0-23" },
		{ "* * 0 * *",
		    "field 3 (day-of-month): 0 is out of range 1-31" },
		{ "* * 32 * *",
		    "field 3 (day-of-month): 32 is out of range 1-31" },
		{ "* * * 0 *", "field 4 (month): 0 is out of range 1-12" },
		{ "* * * 13 *", "field 4 (month): 13 is out of range 1-12" },
		{ "* * * * 8",
		    "field 5 (day-of-week): 8 is out of range 0-7" },
		{ "1-60 * * * *",
		    "field 1 (minute): 60 is out of range 0-59" },
		{ "99999999999999999999 * * * *", "field 1 (minute): "
		    "99999999999999999999 is out of range 0-59" },

		{ "1,,2 * * * *", "field 1 (minute): empty item in \"1,,2\"" },
		{ ",1 * * * *", "field 1 (minute): empty item in \",1\"" },
		{ "1, * * * *", "field 1 (minute): empty item in \"1,\"" },
		{ "* * * * mon,",
		    "field 5 (day-of-week): empty item in \"mon,\"" },

		{ "5-1 * * * *", "field 1 (minute): range \"5-1\" is reversed" },
		{ "* 23-1 * * *", "field 2 (hour): range \"23-1\" is reversed" },
		{ "* * * * fri-mon",
		    "field 5 (day-of-week): range \"fri-mon\" is reversed" },
		{ "* * * dec-jan *",
		    "field 4 (month): range \"dec-jan\" is reversed" },

		{ "*/0 * * * *", "field 1 (minute): step 0 in \"*/0\"" },
		{ "* 1-5/0 * * *", "field 2 (hour): step 0 in \"1-5/0\"" },
		{ "* * 3/0 * *", "field 3 (day-of-month): step 0 in \"3/0\"" },
		{ "*/60 * * * *",
		    "field 1 (minute): step 60 is out of range 1-59" },
		{ "* * * */13 *",
		    "field 4 (month): step 13 is out of range 1-12" },
		{ "*/ * * * *",
		    "field 1 (minute): missing step after '/' in \"*/\"" },
		{ "* * * * */mon", "field 5 (day-of-week): missing step "
		    "after '/' in \"*/mon\"" },
		{ "*/2/3 * * * *",
		    "field 1 (minute): unexpected '/' in \"*/2/3\"" },

		{ "5- * * * *",
		    "field 1 (minute): missing value after '-' in \"5-\"" },
		{ "-5 * * * *", "field 1 (minute): unexpected '-' in \"-5\"" },
		{ "/5 * * * *", "field 1 (minute): unexpected '/' in \"/5\"" },
		{ "*-5 * * * *",
		    "field 1 (minute): unexpected '-' in \"*-5\"" },
		{ "** * * * *", "field 1 (minute): unexpected '*' in \"**\"" },
		{ "1-2-3 * * * *",
		    "field 1 (minute): unexpected '-' in \"1-2-3\"" },
		{ "5x * * * *", "field 1 (minute): unexpected 'x' in \"5x\"" },
		{ "1.5 * * * *", "field 1 (minute): unexpected '.' in \"1.5\"" },
		{ "* 0x10 * * *",
		    "field 2 (hour): unexpected 'x' in \"0x10\"" },
		{ "\xc3\xa9 * * * *",
		    "field 1 (minute): unexpected byte 0xc3 in \"\xc3\xa9\"" },
		{ "* * * * 1;", "field 5 (day-of-week): unexpected ';' in "
		    "\"1;\"" },

		{ "mon * * * *", "field 1 (minute): \"mon\" is not a number" },
		{ "* jan * * *", "field 2 (hour): \"jan\" is not a number" },
		{ "* * mon * *",
		    "field 3 (day-of-month): \"mon\" is not a number" },
		{ "* * * mon *", "field 4 (month): \"mon\" is not a month "
		    "name (jan-dec)" },
		{ "* * * january *", "field 4 (month): \"january\" is not a "
		    "month name (jan-dec)" },
		{ "* * * * jan", "field 5 (day-of-week): \"jan\" is not a "
		    "day name (sun-sat)" },
		{ "* * * * monday", "field 5 (day-of-week): \"monday\" is "
		    "not a day name (sun-sat)" },
		{ "* * * * mon1", "field 5 (day-of-week): unexpected '1' in "
		    "\"mon1\"" },

		{ "@reboot", "unknown nickname \"@reboot\" (@yearly, "
		    "@annually, @monthly, @weekly, @daily, @midnight or "
		    "@hourly)" },
		{ "@", "unknown nickname \"@\" (@yearly, @annually, "
		    "@monthly, @weekly, @daily, @midnight or @hourly)" },
		{ "@dailyx", "unknown nickname \"@dailyx\" (@yearly, "
		    "@annually, @monthly, @weekly, @daily, @midnight or "
		    "@hourly)" },
		{ "@daily 5", "@daily takes no fields, got 1" },
		{ "0 @daily * * *",
		    "field 2 (hour): unexpected '@' in \"@daily\"" },
	};
	struct cron	c, orig;
	char		err[256];
	size_t		i;

	(void)state;
	memset(&orig, 0xa5, sizeof(orig));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		c = orig;
		err[0] = '\0';
		if (cron_parse(&c, cases[i].expr, err, sizeof(err)) != -1)
			fail_msg("\"%s\" accepted", cases[i].expr);
		if (strcmp(err, cases[i].msg) != 0)
			fail_msg("\"%s\": got \"%s\", want \"%s\"",
			    cases[i].expr, err, cases[i].msg);
		if (memcmp(&c, &orig, sizeof(c)) != 0)
			fail_msg("\"%s\": struct changed", cases[i].expr);
	}

	/* No buffer, or a short one. */
	assert_int_equal(cron_parse(&c, "0 24 * * *", NULL, 0), -1);
	assert_int_equal(cron_parse(&c, "0 24 * * *", err, 0), -1);
	memset(err, 'z', sizeof(err));
	assert_int_equal(cron_parse(&c, "0 24 * * *", err, 8), -1);
	assert_string_equal(err, "field 2");
	assert_int_equal(err[8], 'z');
	assert_int_equal(cron_parse(&c, NULL, err, sizeof(err)), -1);
}

/* Restore UTC after a test that changed the zone, pass or fail. */
static int
tz_utc(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	return 0;
}

static void
test_shanghai(void **state)
{
	(void)state;
	if (access("/usr/share/zoneinfo/Asia/Shanghai", R_OK) != 0)
		skip();
	setenv("TZ", "Asia/Shanghai", 1);
	tzset();

	/* CST is UTC+8; 06:00 CST is 22:00 UTC the day before. */
	next_is("0 6 1 * *", utc("2024-12-31 21:00"),	/* 01-01 05:00 */
	    "2024-12-31 22:00");
	next_is("0 6 1 * *", utc("2024-12-31 15:00"),	/* 12-31 23:00 */
	    "2024-12-31 22:00");
	next_is("0 6 1 * *", utc("2024-12-31 23:00"),	/* 01-01 07:00 */
	    "2025-01-31 22:00");
	prev_is("0 6 1 * *", utc("2025-01-15 00:00"), "2024-12-31 22:00");
	/* Monday 01:00 CST is Sunday 17:00 UTC. */
	next_is("0 1 * * mon", utc("2024-05-10 00:00"), "2024-05-12 17:00");
	next_is("30 0 1 * *", utc("2024-05-10 00:00"), "2024-05-31 16:30");
	next_is("0 0 29 2 *", utc("2025-03-01 00:00"), "2028-02-28 16:00");
	next_is("@daily", utc("2024-05-10 15:59"), "2024-05-10 16:00");
	next_is("@daily", utc("2024-05-10 16:00"), "2024-05-11 16:00");
}

static void
test_dst(void **state)
{
	(void)state;
	if (access("/usr/share/zoneinfo/America/New_York", R_OK) != 0)
		skip();
	setenv("TZ", "America/New_York", 1);
	tzset();

	/*
	 * 2024-03-10 02:00 EST (07:00 UTC) became 03:00 EDT: 02:30 never
	 * happened that day and is skipped.
	 */
	next_is("30 2 * * *", utc("2024-03-08 17:00"), "2024-03-09 07:30");
	next_is("30 2 * * *", utc("2024-03-09 17:00"), "2024-03-11 06:30");
	prev_is("30 2 * * *", utc("2024-03-10 12:00"), "2024-03-09 07:30");
	next_is("*/30 * * * *", utc("2024-03-10 06:45"), "2024-03-10 07:00");
	next_is("0 3 * * *", utc("2024-03-10 06:45"), "2024-03-10 07:00");

	/*
	 * 2024-11-03 02:00 EDT (06:00 UTC) became 01:00 EST: 01:30 came
	 * twice (05:30 and 06:30 UTC) and fires only the first time.
	 */
	next_is("30 1 * * *", utc("2024-11-02 16:00"), "2024-11-03 05:30");
	next_is("30 1 * * *", utc("2024-11-03 05:30"), "2024-11-04 06:30");
	next_is("0 * * * *", utc("2024-11-03 05:00"), "2024-11-03 07:00");
	next_is("0 0 * * *", utc("2024-11-03 03:00"), "2024-11-03 04:00");
	next_is("0 0 * * *", utc("2024-11-03 04:00"), "2024-11-04 05:00");
	/* During the second 01:xx, 01:45 EDT was the last run. */
	prev_is("45 1 * * *", utc("2024-11-03 06:10"), "2024-11-03 05:45");
	prev_is("45 1 * * *", utc("2024-11-03 05:44"), "2024-11-02 05:45");
	prev_is("0 * * * *", utc("2024-11-03 06:59"), "2024-11-03 05:00");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_whitespace),
		cmocka_unit_test(test_nicknames),
		cmocka_unit_test(test_minutes_hours),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_dom_dow),
		cmocka_unit_test(test_sunday),
		cmocka_unit_test(test_month_ends),
		cmocka_unit_test(test_leap_day),
		cmocka_unit_test(test_monthly_six),
		cmocka_unit_test(test_prev),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test_teardown(test_shanghai, tz_utc),
		cmocka_unit_test_teardown(test_dst, tz_utc),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
