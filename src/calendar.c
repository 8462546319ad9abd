/*
 * calendar: STAND-IN on branch `apply` until helper `cal` lands the real
 * src/calendar.c (TEAM.md).  It implements the interface of calendar.h
 * with weekends only — Monday to Friday are working days, no holidays,
 * no 调休 — and every year counts as a year without data (*estimated is
 * set).  calendar_parse_year is a stub that refuses.  At merge, take
 * cal's calendar.c and drop this file.
 */
#include <stdio.h>
#include <stdlib.h>

#include "calendar.h"

struct calendar {
	int	unused;
};

struct calendar *
calendar_new(void)
{
	return calloc(1, sizeof(struct calendar));
}

void
calendar_free(struct calendar *c)
{
	free(c);
}

int
calendar_parse_year(struct calendar *c, const char *text, size_t len,
    char *err, size_t errlen)
{
	(void)c;
	(void)text;
	(void)len;
	snprintf(err, errlen, "calendar files are not read by this build "
	    "(stand-in calendar)");
	return -1;
}

int
calendar_has_year(const struct calendar *c, int year)
{
	(void)c;
	(void)year;
	return 0;
}

/* 1970-01-01 was a Thursday: day 0 -> 3 (Mon = 0). */
static int
calendar_wday(int64_t day)
{
	int64_t w = (day + 3) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

enum cal_kind
calendar_kind(const struct calendar *c, int64_t day)
{
	(void)c;
	return calendar_wday(day) >= 5 ? CAL_WEEKEND : CAL_WORKDAY;
}

int
calendar_is_workday(const struct calendar *c, int64_t day)
{
	return calendar_kind(c, day) == CAL_WORKDAY;
}

const char *
calendar_name(const struct calendar *c, int64_t day)
{
	(void)c;
	(void)day;
	return NULL;
}

int64_t
calendar_add_workdays(const struct calendar *c, int64_t day, int n,
    int *estimated)
{
	if (estimated != NULL)
		*estimated |= 1;
	while (n > 0) {
		day++;
		if (calendar_is_workday(c, day))
			n--;
	}
	return day;
}

int
calendar_count_workdays(const struct calendar *c, int64_t from, int64_t to,
    int *estimated)
{
	int n = 0;

	if (estimated != NULL)
		*estimated |= 1;
	for (; from < to; from++)
		if (calendar_is_workday(c, from + 1))
			n++;
	return n;
}
