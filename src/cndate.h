/*
 * cndate: Chinese calendar-date parsing and date arithmetic.
 * 2020年8月26日, 二〇一六年三月十日 (〇 ○ O 零 for zero), with the spaces
 * PDF extractors insert.  Pure functions.
 */
#ifndef DOCKET_CNDATE_H
#define DOCKET_CNDATE_H

#include <stddef.h>

struct cndate {
	int	y, m, d;
};

/* Find the first date in s[0..len) (s need not be NUL-terminated at len).
 * On success fill *out, set *consumed_end to the byte offset just after
 * the date (after 日), and return the byte offset where it starts;
 * return -1 when there is none. */
long	cndate_find(const char *s, size_t len, struct cndate *out,
	    size_t *consumed_end);

/* 1 when y-m-d is a real calendar date. */
int	cndate_valid(int y, int m, int d);

/* Format as YYYY-MM-DD into buf (at least 11 bytes). */
void	cndate_format(const struct cndate *, char *buf);

#endif
