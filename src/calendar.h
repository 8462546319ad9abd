/*
 * calendar: the working-day calendar of the Chinese public service — the
 * weekends, the public holidays (法定节假日) and the 调休 working weekend
 * days that the 国务院办公厅 sets each year in its notice.  One year's
 * data is one small text file (conf/holidays/YYYY.conf, the format is in
 * docketd.conf(5)); this module only parses text and counts days, it does
 * no I/O (calendar_load.h reads the files).  A year without data is
 * counted Monday to Friday, and every count that touches one says so
 * through *estimated.
 *
 * Days are int64_t days since 1970-01-01, as cndate_days_from_civil()
 * returns.
 */
#ifndef DOCKET_CALENDAR_H
#define DOCKET_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

struct calendar;					/* opaque */

struct calendar	*calendar_new(void);
void		 calendar_free(struct calendar *);

/* Parse one year's file text (need not be NUL-terminated at len) and
 * add the year, replacing a year of the same number already there (a
 * site file overrides the built-in one).  0 ok; -1 with a message in err
 * ("line N: reason"), the calendar unchanged. */
int	calendar_parse_year(struct calendar *, const char *text, size_t len,
	    char *err, size_t errlen);
/* 1 when the year's data is loaded. */
int	calendar_has_year(const struct calendar *, int year);

enum cal_kind {
	CAL_WORKDAY,
	CAL_WEEKEND,
	CAL_HOLIDAY,
	CAL_ADJUSTED_WORKDAY		/* 调休上班: a weekend day worked */
};

enum cal_kind	calendar_kind(const struct calendar *, int64_t day);
int		calendar_is_workday(const struct calendar *, int64_t day);
/* The holiday's name for a holiday or 调休 day ("春节"), or NULL. */
const char	*calendar_name(const struct calendar *, int64_t day);

/*
 * The Nth working day after day (day itself not counted): a receipt on a
 * Saturday has its first counted day on the next working day, which may
 * be a 调休 Sunday.  n == 0 gives day; n < 0 counts back (the |n|th working
 * day before).  *estimated |= 1 when a day of a year without data was
 * counted over (Monday to Friday); estimated may be NULL.
 */
int64_t	calendar_add_workdays(const struct calendar *, int64_t day, int n,
	    int *estimated);
/* The working days in (from, to]; 0 when to <= from.  *estimated as
 * above. */
int	calendar_count_workdays(const struct calendar *, int64_t from,
	    int64_t to, int *estimated);

/* --- for display: what a year's file says ------------------------------ */

/* A 国务院办公厅 notice a year's data comes from. */
struct cal_notice {
	char		*title;		/* 国务院办公厅关于2025年部分节假日安排的通知 */
	char		*docno;		/* 国办发明电〔2024〕12号 */
	char		*date;		/* YYYY-MM-DD */
	char		*url;		/* or NULL */
};

/* One holiday of the year: its days off and its 调休 working days, each
 * sorted. */
struct cal_holiday {
	char		*name;		/* 春节 */
	char		*note;		/* or NULL */
	int64_t		*off;
	size_t		 noff;
	int64_t		*work;
	size_t		 nwork;
};

struct cal_year {
	int			 year;
	char			*source;	/* where it was read; or NULL */
	struct cal_notice	*notices;
	size_t			 nnotices;
	struct cal_holiday	*holidays;	/* in the file's order */
	size_t			 nholidays;
};

/* The year's data, or NULL; valid until the year is replaced or the
 * calendar freed. */
const struct cal_year *calendar_year(const struct calendar *, int year);
/* The years loaded, ascending: up to max into years; returns how many
 * there are. */
size_t	calendar_years(const struct calendar *, int *years, size_t max);
/* Record where the year was read (a path, "built-in"); -1 when no such
 * year or out of memory. */
int	calendar_set_source(struct calendar *, int year, const char *source);

/* Monday 0 .. Sunday 6 of a day. */
int	calendar_weekday(int64_t day);

#endif
