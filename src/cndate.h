/*
 * cndate: Chinese calendar-date parsing and date arithmetic.
 * 2020年8月26日, 二〇一六年三月十日 (〇 ○ O 零 for zero), with the spaces
 * PDF extractors insert.  Pure functions.
 */
#ifndef DOCKET_CNDATE_H
#define DOCKET_CNDATE_H

#include <stddef.h>
#include <stdint.h>

struct cndate {
	int	y, m, d;
};

/* Find the first date in s[0..len) (s need not be NUL-terminated at len).
 * On success fill *out, set *consumed_end to the byte offset just after
 * the date (after 日), and return the byte offset where it starts;
 * return -1 when there is none. */
long	cndate_find(const char *s, size_t len, struct cndate *out,
	    size_t *consumed_end);
/* The same, but the first date in shape (年月日 and numbers) whether or
 * not it is a calendar date: *valid is 0 for 2026年2月30日 or 13月, and
 * *out then holds its numbers as written. */
long	cndate_find_shape(const char *s, size_t len, struct cndate *out,
	    size_t *consumed_end, int *valid);

/* 1 when y-m-d is a real calendar date. */
int	cndate_valid(int y, int m, int d);

/* Format as YYYY-MM-DD into buf (at least 11 bytes). */
void	cndate_format(const struct cndate *, char *buf);

/* Move *d by days (may be negative).  Returns 0, or -1 (d unchanged)
 * when d is not a valid date or the result leaves years 1..9999. */
int	cndate_add_days(struct cndate *d, long days);

/* Days since 1970-01-01 of y-m-d in the proleptic Gregorian calendar
 * (H. Hinnant's days_from_civil), and the inverse.  The one date
 * arithmetic of docket: cron, reports and the readers use these. */
int64_t	cndate_days_from_civil(int64_t y, int m, int d);
void	cndate_civil_from_days(int64_t days, int *y, int *m, int *d);
/* The day number of a YYYY-MM-DD date (more may follow, as in RFC 3339
 * times); INT64_MIN when it is not a real date. */
int64_t	cndate_days_of(const char *iso);

/* 2026-11-28 -> 2026年11月28日 (no leading zeros) into buf; "—" when iso
 * is NULL or not a real date.  For people: reports, published results. */
void	cndate_format_cn(const char *iso, char *buf, size_t len);

/*
 * The last day of a period of the given years and months starting on
 * *start: the day before the same day that many months later
 * (2021-12-01 + 5 years = 2026-11-30), or the month's last day when it
 * has no such day (2020-02-29 + 1 year = 2021-02-28, 01-31 + 1 month =
 * 02-28).  Returns 0, or -1 when start is invalid or the result out of
 * range.
 */
int	cndate_period_end(const struct cndate *start, int years, int months,
	    struct cndate *out);

/*
 * Read a count at the start of s[0..len): Arabic digits (half- or
 * full-width, at most 4) or Chinese numerals below 100 (三, 十, 十二,
 * 二十五, 两).  Returns the bytes read and sets *value, or returns 0.
 */
size_t	cndate_number(const char *s, size_t len, int *value);

#endif
