/*
 * Unit tests for the working-day calendar (calendar.c, calendar_load.c):
 * every shipped year (2020-2026) against the open data set
 * NateScarlet/holiday-cn, a copy of whose YYYY.json is kept in
 * tests/data/holiday-cn/; the two years a reviewer checks first written
 * out from the notices; the built-in years equal to conf/holidays/; year
 * ends and years without data (counted Monday to Friday, *estimated);
 * receipt on a Saturday and on a holiday; the 2025-09-26 example of
 * issue 15; count_workdays; the parser's refusals; a site directory that
 * adds and overrides years.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <jansson.h>

#include "calendar.h"
#include "calendar_load.h"
#include "cndate.h"
#include "config.h"
#include "fixture.h"

static int64_t
D(const char *iso)
{
	int64_t d = cndate_days_of(iso);

	assert_true(d != INT64_MIN);
	return d;
}

static struct calendar *
builtin(void)
{
	struct calendar	*cal = calendar_new();
	char		 err[512];

	assert_non_null(cal);
	if (calendar_load_builtin(cal, err, sizeof(err)) != 0)
		fail_msg("built-in: %s", err);
	return cal;
}

/* The result of add as YYYY-MM-DD. */
static const char *
add(const struct calendar *cal, const char *from, int n, int *est)
{
	static char	 buf[16];
	int		 y, m, d;

	cndate_civil_from_days(calendar_add_workdays(cal, D(from), n, est),
	    &y, &m, &d);
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, d);
	return buf;
}

/* Every day of every holiday-cn file is what the calendar says, and
 * every holiday or 调休 day of the calendar is in holiday-cn. */
static void
test_against_holiday_cn(void **state)
{
	struct calendar	*cal = builtin();
	const struct cal_year *cy;
	json_t		*root, *days, *e;
	json_error_t	 jerr;
	char		 name[64], *buf;
	size_t		 len, i, j, k, seen;
	int		 year, off, wd;
	int64_t		 day;

	(void)state;
	for (year = 2020; year <= 2026; year++) {
		snprintf(name, sizeof(name), "holiday-cn/%d.json", year);
		buf = fixture_read(name, &len);
		root = json_loadb(buf, len, 0, &jerr);
		free(buf);
		if (root == NULL)
			fail_msg("%s: %s", name, jerr.text);
		assert_int_equal(json_integer_value(json_object_get(root,
		    "year")), year);
		days = json_object_get(root, "days");
		assert_true(json_array_size(days) > 10);
		json_array_foreach(days, i, e) {
			const char *ds = json_string_value(json_object_get(e,
			    "date"));
			const char *hn = json_string_value(json_object_get(e,
			    "name"));

			day = D(ds);
			off = json_is_true(json_object_get(e, "isOffDay"));
			wd = calendar_weekday(day);
			if (off) {
				if (calendar_kind(cal, day) != CAL_HOLIDAY)
					fail_msg("%d: %s (%s) is a holiday in "
					    "holiday-cn", year, ds, hn);
				assert_string_equal(calendar_name(cal, day), hn);
			} else if (wd >= 5) {
				if (calendar_kind(cal, day) !=
				    CAL_ADJUSTED_WORKDAY)
					fail_msg("%d: %s (%s) is a 调休 working "
					    "day in holiday-cn", year, ds, hn);
				assert_string_equal(calendar_name(cal, day), hn);
			} else {
				/* holiday-cn's 2020-02-03, the Monday work
				 * resumed after the COVID extension: a plain
				 * working day. */
				assert_int_equal(calendar_kind(cal, day),
				    CAL_WORKDAY);
			}
		}
		/* The converse: nothing in our file holiday-cn lacks. */
		cy = calendar_year(cal, year);
		assert_non_null(cy);
		for (j = 0; j < cy->nholidays; j++)
			for (k = 0; k < cy->holidays[j].noff +
			    cy->holidays[j].nwork; k++) {
				day = k < cy->holidays[j].noff ?
				    cy->holidays[j].off[k] :
				    cy->holidays[j].work[k -
				    cy->holidays[j].noff];
				seen = 0;
				json_array_foreach(days, i, e)
					if (D(json_string_value(json_object_get(
					    e, "date"))) == day)
						seen = 1;
				if (!seen)
					fail_msg("%d: day %lld of %s is not in "
					    "holiday-cn", year, (long long)day,
					    cy->holidays[j].name);
			}
		assert_true(cy->nnotices >= 1);
		assert_non_null(strstr(cy->notices[0].docno, "国办发明电"));
		json_decref(root);
	}
	calendar_free(cal);
}

/* A list of ISO dates, separated by spaces, are all of kind k. */
static void
all_kind(const struct calendar *cal, enum cal_kind k, const char *list)
{
	char	 buf[1024], *p, *s;

	snprintf(buf, sizeof(buf), "%s", list);
	for (p = strtok_r(buf, " ", &s); p != NULL; p = strtok_r(NULL, " ",
	    &s))
		if (calendar_kind(cal, D(p)) != k)
			fail_msg("%s: kind %d, expected %d", p,
			    calendar_kind(cal, D(p)), k);
}

/* The days off and 调休 days of a year, and no others. */
static void
year_is(const struct calendar *cal, int year, const char *off,
    const char *work)
{
	const struct cal_year	*cy = calendar_year(cal, year);
	size_t			 i, noff = 0, nwork = 0, want_off = 0,
				 want_work = 0;
	const char		*p;

	assert_non_null(cy);
	all_kind(cal, CAL_HOLIDAY, off);
	all_kind(cal, CAL_ADJUSTED_WORKDAY, work);
	for (i = 0; i < cy->nholidays; i++) {
		noff += cy->holidays[i].noff;
		nwork += cy->holidays[i].nwork;
	}
	for (p = off; *p; p++)
		want_off += *p == '-';
	for (p = work; *p; p++)
		want_work += *p == '-';
	assert_int_equal(noff, want_off / 2);
	assert_int_equal(nwork, want_work / 2);
}

/* Issue 15's two years, written out from the notices. */
static void
test_2025_2026(void **state)
{
	struct calendar *cal = builtin();

	(void)state;
	year_is(cal, 2025,
	    "2025-01-01 2025-01-28 2025-01-29 2025-01-30 2025-01-31 "
	    "2025-02-01 2025-02-02 2025-02-03 2025-02-04 2025-04-04 "
	    "2025-04-05 2025-04-06 2025-05-01 2025-05-02 2025-05-03 "
	    "2025-05-04 2025-05-05 2025-05-31 2025-06-01 2025-06-02 "
	    "2025-10-01 2025-10-02 2025-10-03 2025-10-04 2025-10-05 "
	    "2025-10-06 2025-10-07 2025-10-08",
	    "2025-01-26 2025-02-08 2025-04-27 2025-09-28 2025-10-11");
	year_is(cal, 2026,
	    "2026-01-01 2026-01-02 2026-01-03 2026-02-15 2026-02-16 "
	    "2026-02-17 2026-02-18 2026-02-19 2026-02-20 2026-02-21 "
	    "2026-02-22 2026-02-23 2026-04-04 2026-04-05 2026-04-06 "
	    "2026-05-01 2026-05-02 2026-05-03 2026-05-04 2026-05-05 "
	    "2026-06-19 2026-06-20 2026-06-21 2026-09-25 2026-09-26 "
	    "2026-09-27 2026-10-01 2026-10-02 2026-10-03 2026-10-04 "
	    "2026-10-05 2026-10-06 2026-10-07",
	    "2026-01-04 2026-02-14 2026-02-28 2026-05-09 2026-09-20 "
	    "2026-10-10");
	assert_string_equal(calendar_name(cal, D("2026-02-28")), "春节");
	assert_string_equal(calendar_name(cal, D("2025-10-08")),
	    "国庆节、中秋节");
	assert_null(calendar_name(cal, D("2025-10-09")));
	assert_string_equal(calendar_year(cal, 2026)->notices[0].date,
	    "2025-11-04");
	/* Plain days around them. */
	assert_int_equal(calendar_kind(cal, D("2025-10-09")), CAL_WORKDAY);
	assert_int_equal(calendar_kind(cal, D("2025-10-12")), CAL_WEEKEND);
	assert_true(calendar_is_workday(cal, D("2025-09-28")));
	assert_false(calendar_is_workday(cal, D("2025-10-01")));
	/* 2020: the Spring Festival as the COVID extension left it. */
	all_kind(cal, CAL_HOLIDAY, "2020-01-24 2020-01-31 2020-02-01 "
	    "2020-02-02");
	all_kind(cal, CAL_ADJUSTED_WORKDAY, "2020-01-19");
	all_kind(cal, CAL_WORKDAY, "2020-02-03");
	assert_int_equal(calendar_year(cal, 2020)->nnotices, 2);
	calendar_free(cal);
}

/* The built-in years are conf/holidays/ (read from the source tree). */
static void
test_builtin_is_conf(void **state)
{
	struct calendar	*a = builtin(), *b = calendar_new();
	const char	*data = getenv("DOCKET_TEST_DATA");
	char		 dir[1024], err[512];
	int64_t		 d;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/../../conf/holidays",
	    data && *data ? data : "tests/data");
	if (calendar_load_dir(b, dir, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	for (int y = 2020; y <= 2026; y++)
		assert_true(calendar_has_year(b, y));
	for (d = D("2019-12-01"); d <= D("2027-01-31"); d++) {
		assert_int_equal(calendar_kind(a, d), calendar_kind(b, d));
		if (calendar_name(a, d) != NULL)
			assert_string_equal(calendar_name(a, d),
			    calendar_name(b, d));
	}
	assert_non_null(strstr(calendar_year(b, 2025)->source, "2025.conf"));
	assert_string_equal(calendar_year(a, 2025)->source, "built-in");
	calendar_free(a);
	calendar_free(b);
}

/* The example, receipt on a Saturday and on a holiday. */
static void
test_add(void **state)
{
	struct calendar	*cal = builtin();
	int		 est = 0;

	(void)state;
	/* Friday; 09-28 is a 调休 Sunday, 10-01..08 off. */
	assert_string_equal(add(cal, "2025-09-26", 20, &est), "2025-10-30");
	assert_int_equal(est, 0);
	assert_string_equal(add(cal, "2025-09-26", 1, &est), "2025-09-28");
	/* Received Saturday 09-27: the first counted day is Sunday 09-28. */
	assert_string_equal(add(cal, "2025-09-27", 1, &est), "2025-09-28");
	assert_string_equal(add(cal, "2025-09-27", 20, &est), "2025-10-30");
	/* An ordinary Saturday: the first counted day is Monday. */
	assert_string_equal(add(cal, "2025-03-08", 1, &est), "2025-03-10");
	/* Received on a holiday: counting starts after it. */
	assert_string_equal(add(cal, "2025-10-03", 1, &est), "2025-10-09");
	assert_string_equal(add(cal, "2025-10-03", 3, &est), "2025-10-11");
	assert_string_equal(add(cal, "2025-01-27", 1, &est), "2025-02-05");
	/* 7 working days (补正) across the Spring Festival 2026. */
	assert_string_equal(add(cal, "2026-02-12", 7, &est), "2026-02-28");
	/* n 0 is the day; back counting. */
	assert_string_equal(add(cal, "2025-10-05", 0, &est), "2025-10-05");
	assert_string_equal(add(cal, "2025-10-30", -20, &est), "2025-09-26");
	assert_int_equal(est, 0);
	calendar_free(cal);
}

/* Year ends, and years without data. */
static void
test_year_ends(void **state)
{
	struct calendar	*cal = builtin();
	int		 est = 0;

	(void)state;
	/* 2023's 元旦 began on 2022-12-31, a Saturday, in 2023's file. */
	assert_int_equal(calendar_kind(cal, D("2022-12-31")), CAL_HOLIDAY);
	assert_string_equal(calendar_name(cal, D("2022-12-31")), "元旦");
	assert_string_equal(add(cal, "2022-12-30", 1, &est), "2023-01-03");
	assert_int_equal(est, 0);
	/* 2025 into 2026's 元旦 (Thu-Sat) and its 调休 Sunday 01-04. */
	assert_string_equal(add(cal, "2025-12-31", 1, &est), "2026-01-04");
	assert_string_equal(add(cal, "2025-12-30", 2, &est), "2026-01-04");
	assert_int_equal(est, 0);
	/* 2026 into 2027: no data, Monday to Friday, estimated. */
	assert_false(calendar_has_year(cal, 2027));
	assert_string_equal(add(cal, "2026-12-31", 1, &est), "2027-01-01");
	assert_int_equal(est, 1);
	est = 0;
	assert_string_equal(add(cal, "2026-12-25", 3, &est), "2026-12-30");
	assert_int_equal(est, 0);
	assert_string_equal(add(cal, "2026-12-25", 20, &est), "2027-01-22");
	assert_int_equal(est, 1);
	/* Before the first year too. */
	est = 0;
	assert_string_equal(add(cal, "2019-12-30", 2, &est), "2020-01-02");
	assert_int_equal(est, 1);
	/* A year far from the data: plain weekends. */
	est = 0;
	assert_string_equal(add(cal, "2030-01-04", 1, &est), "2030-01-07");
	assert_int_equal(est, 1);
	assert_int_equal(calendar_kind(cal, D("2027-01-01")), CAL_WORKDAY);
	calendar_free(cal);
}

static void
test_count(void **state)
{
	struct calendar	*cal = builtin();
	int		 est = 0;

	(void)state;
	/* (09-26, 10-30]: the 20 of the example. */
	assert_int_equal(calendar_count_workdays(cal, D("2025-09-26"),
	    D("2025-10-30"), &est), 20);
	assert_int_equal(calendar_count_workdays(cal, D("2025-10-30"),
	    D("2025-09-26"), &est), 0);
	assert_int_equal(calendar_count_workdays(cal, D("2025-10-01"),
	    D("2025-10-08"), &est), 0);
	assert_int_equal(calendar_count_workdays(cal, D("2025-10-01"),
	    D("2025-10-11"), &est), 3);
	/* Whole years: 2025 has 248 working days (261 weekdays less 18 off
	 * plus 5 调休), 2026 248 (261 less 19 plus 6). */
	assert_int_equal(calendar_count_workdays(cal, D("2024-12-31"),
	    D("2025-12-31"), &est), 248);
	assert_int_equal(calendar_count_workdays(cal, D("2025-12-31"),
	    D("2026-12-31"), &est), 248);
	assert_int_equal(est, 0);
	/* 2027: 261 weekdays, estimated. */
	assert_int_equal(calendar_count_workdays(cal, D("2026-12-31"),
	    D("2027-12-31"), &est), 261);
	assert_int_equal(est, 1);
	/* Consistent with add for every n in a busy stretch. */
	for (int n = 1; n <= 60; n++) {
		int64_t r = calendar_add_workdays(cal, D("2025-09-20"), n,
		    NULL);

		assert_int_equal(calendar_count_workdays(cal, D("2025-09-20"),
		    r, NULL), n);
		assert_true(calendar_is_workday(cal, r));
	}
	calendar_free(cal);
}

static const char good[] =
    "# a test year\n"
    "year = 2031\n"
    "[notice]\n"
    "title = 国务院办公厅关于2031年部分节假日安排的通知\n"
    "docno = 国办发明电〔2030〕1号\n"
    "date = 2030-11-01\n"
    "[holiday 元旦]\n"
    "off = 2031-01-01\n"
    "[holiday 春节]\n"
    "off = 2031-01-22 .. 2031-01-28, 2031-01-29\n"
    "work = 2031-01-19, 2031-02-08\n"
    "note = 测试\n";

static void
expect_refused(const char *text, const char *why)
{
	struct calendar	*cal = builtin();
	char		 err[512];

	err[0] = '\0';
	if (calendar_parse_year(cal, text, strlen(text), err,
	    sizeof(err)) != -1)
		fail_msg("accepted: %s", text);
	if (strstr(err, why) == NULL)
		fail_msg("message '%s' lacks '%s'", err, why);
	/* The calendar is unchanged. */
	assert_false(calendar_has_year(cal, 2031));
	assert_int_equal(calendar_kind(cal, D("2025-10-01")), CAL_HOLIDAY);
	calendar_free(cal);
}

static void
test_parse(void **state)
{
	struct calendar	*cal = calendar_new();
	char		 err[512], buf[2048];
	const struct cal_year *cy;

	(void)state;
	if (calendar_parse_year(cal, good, strlen(good), err, sizeof(err)))
		fail_msg("%s", err);
	cy = calendar_year(cal, 2031);
	assert_non_null(cy);
	assert_int_equal(cy->nholidays, 2);
	assert_int_equal(cy->holidays[1].noff, 8);
	assert_string_equal(cy->holidays[1].note, "测试");
	assert_null(cy->notices[0].url);
	assert_int_equal(calendar_kind(cal, D("2031-01-29")), CAL_HOLIDAY);
	assert_int_equal(calendar_kind(cal, D("2031-02-08")),
	    CAL_ADJUSTED_WORKDAY);
	/* Replacing the year drops its old days. */
	snprintf(buf, sizeof(buf), "%.*s", (int)(strstr(good, "[holiday 春节]")
	    - good), good);
	if (calendar_parse_year(cal, buf, strlen(buf), err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(calendar_kind(cal, D("2031-02-08")), CAL_WEEKEND);
	assert_int_equal(calendar_kind(cal, D("2031-01-29")), CAL_WORKDAY);
	calendar_free(cal);

	expect_refused("year = 2031\n", "no [notice]");
	expect_refused("[notice]\n", "year");
	expect_refused("year = 31\n", "not a year");
	expect_refused("year = 2031\n[notice]\ntitle = t\ndocno = d\n"
	    "date = 2030-11-01\n", "no [holiday");
	expect_refused("year = 2031\n[notice]\ntitle = t\ndate = 2030-11-01\n"
	    "[holiday x]\noff = 2031-01-01\n", "docno");
	expect_refused("year = 2031\n[notice]\ntitle = t\ndocno = d\n"
	    "date = 2030-11-31\n", "not a date");
	/* 2031-01-20 is a Monday: not a 调休 day. */
	snprintf(buf, sizeof(buf), "%s[holiday y]\noff = 2031-05-01\n"
	    "work = 2031-01-20\n", good);
	expect_refused(buf, "weekday");
	snprintf(buf, sizeof(buf), "%s[holiday y]\noff = 2031-01-01\n", good);
	expect_refused(buf, "given twice");
	snprintf(buf, sizeof(buf), "%s[holiday 元旦]\noff = 2031-05-01\n", good);
	expect_refused(buf, "given twice");
	snprintf(buf, sizeof(buf), "%s[holiday y]\noff = 2033-05-01\n", good);
	expect_refused(buf, "not near");
	snprintf(buf, sizeof(buf), "%s[holiday y]\noff = 2031-05-05..2031-05-01\n",
	    good);
	expect_refused(buf, "range");
	snprintf(buf, sizeof(buf), "%s[holiday y]\noff = 2031-05-01,\n", good);
	expect_refused(buf, "empty item");
	snprintf(buf, sizeof(buf), "%s[holiday y]\nof = 2031-05-01\n", good);
	expect_refused(buf, "unknown key 'of'");
	snprintf(buf, sizeof(buf), "%s[holidays]\n", good);
	expect_refused(buf, "unknown section");
	snprintf(buf, sizeof(buf), "%s[holiday]\n", good);
	expect_refused(buf, "[holiday NAME]: a name");
	snprintf(buf, sizeof(buf), "%s[holiday y]\n", good);
	expect_refused(buf, "no 'off'");
	snprintf(buf, sizeof(buf), "%sjunk\n", good);
	expect_refused(buf, "line 13");
	/* A date another year's file sets (2025's National Day). */
	expect_refused("year = 2026\n[notice]\ntitle = t\ndocno = d\n"
	    "date = 2025-11-04\n[holiday x]\noff = 2025-10-01\n", "both");
}

static void
write_file(const char *dir, const char *name, const char *text)
{
	char	 path[1024];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
}

/* A site directory adds a year and overrides one; other names are
 * ignored; a file whose year is not its name's is refused. */
static void
test_load_dir(void **state)
{
	char		 dir[] = "/tmp/test_calendar.XXXXXX", err[1024];
	char		 buf[2048], path[1100];
	struct calendar	*cal;
	int		 est = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(buf, sizeof(buf), "year = 2027\n[notice]\ntitle = 国务院办公厅"
	    "关于2027年部分节假日安排的通知\ndocno = 国办发明电〔2026〕1号\n"
	    "date = 2026-11-01\n[holiday 元旦]\noff = 2027-01-01..2027-01-03\n");
	write_file(dir, "2027.conf", buf);
	/* An override of 2025 without the National Day. */
	write_file(dir, "2025.conf", "year = 2025\n[notice]\ntitle = t\n"
	    "docno = d\ndate = 2024-11-12\n[holiday 元旦]\noff = 2025-01-01\n");
	write_file(dir, "README", "not a year\n");
	write_file(dir, "2028.conf.bak", "junk\n");
	assert_non_null(cal = calendar_open(dir, 0, err, sizeof(err)));
	assert_true(calendar_has_year(cal, 2027));
	assert_int_equal(calendar_kind(cal, D("2027-01-01")), CAL_HOLIDAY);
	assert_string_equal(add(cal, "2026-12-31", 1, &est), "2027-01-04");
	assert_int_equal(est, 0);
	assert_int_equal(calendar_kind(cal, D("2025-10-01")), CAL_WORKDAY);
	snprintf(path, sizeof(path), "%s/2025.conf", dir);
	assert_string_equal(calendar_year(cal, 2025)->source, path);
	assert_string_equal(calendar_year(cal, 2024)->source, "built-in");
	calendar_free(cal);

	/* Missing: fine for the default directory only. */
	snprintf(path, sizeof(path), "%s/none", dir);
	assert_non_null(cal = calendar_open(path, 1, err, sizeof(err)));
	assert_true(calendar_has_year(cal, 2026));
	calendar_free(cal);
	assert_null(calendar_open(path, 0, err, sizeof(err)));
	assert_non_null(strstr(err, "none"));
	assert_non_null(cal = calendar_open("", 0, err, sizeof(err)));
	calendar_free(cal);

	/* 2029.conf saying year = 2028. */
	write_file(dir, "2029.conf", "year = 2028\n[notice]\ntitle = t\n"
	    "docno = d\ndate = 2027-11-01\n[holiday a]\noff = 2028-01-01\n");
	assert_null(calendar_open(dir, 0, err, sizeof(err)));
	assert_non_null(strstr(err, "2029.conf"));
	assert_non_null(strstr(err, "not 2029"));
	/* A bad file names itself and its line. */
	write_file(dir, "2029.conf", "year = 2029\nbogus\n");
	assert_null(calendar_open(dir, 0, err, sizeof(err)));
	assert_non_null(strstr(err, "2029.conf: line 2"));

	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	assert_int_equal(system(path), 0);
}

/* [calendar] dir in docketd.conf: resolved under the root like the other
 * paths; ROOT/holidays by default under -r when it exists. */
static void
test_config_dir(void **state)
{
	char		 dir[] = "/tmp/test_calendar_cf.XXXXXX", err[512];
	char		 want[1100], cmd[1100];
	struct config	 cf;

	(void)state;
	assert_non_null(mkdtemp(dir));
	write_file(dir, "a.conf", "[calendar]\ndir = hol\n");
	write_file(dir, "b.conf", "[calendar]\nfolder = hol\n");
	write_file(dir, "c.conf", "# nothing\n");
	snprintf(want, sizeof(want), "%s/a.conf", dir);
	if (config_load(&cf, want, dir, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	snprintf(want, sizeof(want), "%s/hol", dir);
	assert_string_equal(cf.calendar_dir, want);
	assert_true(cf.calendar_dir_set);
	config_free(&cf);
	snprintf(want, sizeof(want), "%s/b.conf", dir);
	assert_int_equal(config_load(&cf, want, dir, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "unknown key 'folder' in [calendar]"));
	snprintf(want, sizeof(want), "%s/c.conf", dir);
	if (config_load(&cf, want, dir, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	assert_string_equal(cf.calendar_dir, "");
	assert_false(cf.calendar_dir_set);
	config_free(&cf);
	snprintf(want, sizeof(want), "%s/holidays", dir);
	assert_int_equal(mkdir(want, 0755), 0);
	snprintf(want, sizeof(want), "%s/c.conf", dir);
	if (config_load(&cf, want, dir, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	snprintf(want, sizeof(want), "%s/holidays", dir);
	assert_string_equal(cf.calendar_dir, want);
	config_free(&cf);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void
test_weekday(void **state)
{
	(void)state;
	assert_int_equal(calendar_weekday(D("1970-01-01")), 3);
	assert_int_equal(calendar_weekday(D("2025-09-26")), 4);
	assert_int_equal(calendar_weekday(D("2025-09-28")), 6);
	assert_int_equal(calendar_weekday(D("1969-12-29")), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_weekday),
		cmocka_unit_test(test_against_holiday_cn),
		cmocka_unit_test(test_2025_2026),
		cmocka_unit_test(test_builtin_is_conf),
		cmocka_unit_test(test_add),
		cmocka_unit_test(test_year_ends),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_load_dir),
		cmocka_unit_test(test_config_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
