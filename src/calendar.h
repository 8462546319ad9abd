/*
 * calendar: China's working-day calendar — weekends, the public holidays
 * and the 调休 working weekend days of each year, from one small file per
 * year (conf/holidays/YYYY.conf).  Pure: no I/O here (calendar_load.h
 * reads the files).  Days are int64_t days since 1970-01-01, as
 * cndate_days_from_civil() returns.  A year without data is counted
 * Monday to Friday, and every answer that touched one says so through
 * *estimated.
 *
 * The interface is shared with the applications clock (apply_clock.c);
 * see TEAM.md.
 */
#ifndef DOCKET_CALENDAR_H
#define DOCKET_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

struct calendar;

struct calendar	*calendar_new(void);
void		 calendar_free(struct calendar *);
/* Parse one year's file text; 0 ok, -1 with err. */
int		 calendar_parse_year(struct calendar *, const char *text,
		    size_t len, char *err, size_t errlen);
int		 calendar_has_year(const struct calendar *, int year);

enum cal_kind {
	CAL_WORKDAY,
	CAL_WEEKEND,
	CAL_HOLIDAY,
	CAL_ADJUSTED_WORKDAY		/* 调休上班 */
};

enum cal_kind	 calendar_kind(const struct calendar *, int64_t day);
int		 calendar_is_workday(const struct calendar *, int64_t day);
/* The holiday's or 调休 day's name, or NULL. */
const char	*calendar_name(const struct calendar *, int64_t day);
/* The Nth working day after day (day itself not counted).  *estimated
 * |= 1 when a year without data was touched (counted Mon–Fri). */
int64_t		 calendar_add_workdays(const struct calendar *, int64_t day,
		    int n, int *estimated);
/* Working days in (from, to]. */
int		 calendar_count_workdays(const struct calendar *, int64_t from,
		    int64_t to, int *estimated);

#endif
