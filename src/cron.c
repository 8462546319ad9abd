/*
 * cron: parse five-field cron expressions and find when they fire.
 *
 * The syntax is Vixie cron's: each of minute, hour, day of month, month
 * and day of week is a comma list of items, an item being a star, N or
 * N-M, any of them optionally followed by /S (every S-th value; N/S runs
 * from N to the field's maximum).  Month and weekday names are allowed
 * wherever a number is, and @daily and the other nicknames stand for
 * whole expressions.  As in cron, when both day fields are restricted a
 * day matches when either does.
 *
 * Times are local.  The search walks the local calendar a month, a day
 * or an hour at a time and only turns a candidate wall-clock minute into
 * an instant (through localtime_r) when every field matches, so a rule
 * that fires once in four years costs a few hundred cheap steps.  A wall
 * time that does not exist (a DST gap) never fires; one that happens
 * twice fires at its first occurrence only.
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cndate.h"
#include "cron.h"

#define CRON_NFIELDS	5
#define CRON_YEARS	5	/* how far cron_next and cron_prev look */

struct cron_field {
	const char		*name;
	int			 lo, hi;
	const char *const	*names;		/* NULL: numbers only */
	int			 base;		/* value of names[0] */
	const char		*what;		/* for "unknown name" */
};

static const char *const cron_months[] = {
	"jan", "feb", "mar", "apr", "may", "jun",
	"jul", "aug", "sep", "oct", "nov", "dec", NULL
};

static const char *const cron_wdays[] = {
	"sun", "mon", "tue", "wed", "thu", "fri", "sat", NULL
};

static const struct cron_field cron_fields[CRON_NFIELDS] = {
	{ "minute", 0, 59, NULL, 0, NULL },
	{ "hour", 0, 23, NULL, 0, NULL },
	{ "day-of-month", 1, 31, NULL, 0, NULL },
	{ "month", 1, 12, cron_months, 1, "a month name (jan-dec)" },
	{ "day-of-week", 0, 7, cron_wdays, 0, "a day name (sun-sat)" },
};

static const struct {
	const char	*name;
	const char	*expr;
} cron_nicknames[] = {
	{ "@yearly",	"0 0 1 1 *" },
	{ "@annually",	"0 0 1 1 *" },
	{ "@monthly",	"0 0 1 * *" },
	{ "@weekly",	"0 0 * * 0" },
	{ "@daily",	"0 0 * * *" },
	{ "@midnight",	"0 0 * * *" },
	{ "@hourly",	"0 * * * *" },
};

static void	cron_err(char *, size_t, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static int	cron_space(int);
static int	cron_digit(int);
static int	cron_alpha(int);
static int	cron_lower(int);
static int	cron_casecmp(const char *, const char *, size_t);
static void	cron_show(char *, size_t, int);
static int	cron_parse_value(const struct cron_field *, int,
		    const char *, size_t, size_t *, int *, char *, size_t);
static int	cron_parse_item(const struct cron_field *, int, const char *,
		    size_t, uint64_t *, char *, size_t);
static int	cron_parse_field(const struct cron_field *, int, const char *,
		    size_t, uint64_t *, char *, size_t);
static int64_t	cron_floordiv(int64_t, int64_t);
static int	cron_weekday(int64_t);
static int	cron_wall(int64_t, int64_t *);
static int	cron_instant(int64_t, int64_t *);
static int	cron_day_match(const struct cron *, int, int);
static void	cron_start(int64_t, int, int64_t *, int *, int64_t *);

static void
cron_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list	ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static int
cron_space(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
	    ch == '\v' || ch == '\f';
}

static int
cron_digit(int ch)
{
	return ch >= '0' && ch <= '9';
}

static int
cron_alpha(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

static int
cron_lower(int ch)
{
	return ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch;
}

/* 0 when s[0..len) equals the NUL-terminated name, ignoring case. */
static int
cron_casecmp(const char *s, const char *name, size_t len)
{
	size_t	i;

	if (strlen(name) != len)
		return 1;
	for (i = 0; i < len; i++)
		if (cron_lower((unsigned char)s[i]) != name[i])
			return 1;
	return 0;
}

/* Render one offending character for a message. */
static void
cron_show(char *buf, size_t len, int ch)
{
	if (ch > ' ' && ch < 0x7f)
		snprintf(buf, len, "'%c'", ch);
	else
		snprintf(buf, len, "byte 0x%02x", (unsigned int)ch);
}

/*
 * Read a number or a name at s[*p] (s is one item, slen long) and
 * check it is in the field's range.
 */
static int
cron_parse_value(const struct cron_field *f, int n, const char *s, size_t slen,
    size_t *p, int *out, char *err, size_t errlen)
{
	size_t	start = *p;
	long	v = 0;
	int	i;
	char	ch[16];

	if (start == slen) {
		cron_err(err, errlen, "field %d (%s): missing value after "
		    "'%c' in \"%.*s\"", n, f->name, s[start - 1], (int)slen, s);
		return -1;
	}
	if (cron_digit((unsigned char)s[start])) {
		while (*p < slen && cron_digit((unsigned char)s[*p])) {
			if (v < 100000)
				v = v * 10 + (s[*p] - '0');
			(*p)++;
		}
		if (v < f->lo || v > f->hi) {
			cron_err(err, errlen, "field %d (%s): %.*s is out of "
			    "range %d-%d", n, f->name, (int)(*p - start),
			    s + start, f->lo, f->hi);
			return -1;
		}
		*out = (int)v;
		return 0;
	}
	if (cron_alpha((unsigned char)s[start])) {
		while (*p < slen && cron_alpha((unsigned char)s[*p]))
			(*p)++;
		if (f->names == NULL) {
			cron_err(err, errlen, "field %d (%s): \"%.*s\" is not "
			    "a number", n, f->name, (int)(*p - start),
			    s + start);
			return -1;
		}
		for (i = 0; f->names[i] != NULL; i++) {
			if (cron_casecmp(s + start, f->names[i],
			    *p - start) == 0) {
				*out = f->base + i;
				return 0;
			}
		}
		cron_err(err, errlen, "field %d (%s): \"%.*s\" is not %s", n,
		    f->name, (int)(*p - start), s + start, f->what);
		return -1;
	}
	cron_show(ch, sizeof(ch), (unsigned char)s[start]);
	cron_err(err, errlen, "field %d (%s): unexpected %s in \"%.*s\"", n,
	    f->name, ch, (int)slen, s);
	return -1;
}

/* One item of a list: *, N, N-M, each optionally /S. */
static int
cron_parse_item(const struct cron_field *f, int n, const char *s, size_t slen,
    uint64_t *bits, char *err, size_t errlen)
{
	size_t	p = 0, start;
	long	step = 1;
	int	lo, hi, v, single = 0;
	char	ch[16];

	if (s[0] == '*') {
		lo = f->lo;
		hi = f->hi;
		p = 1;
	} else {
		if (cron_parse_value(f, n, s, slen, &p, &lo, err, errlen) == -1)
			return -1;
		hi = lo;
		if (p < slen && s[p] == '-') {
			p++;
			if (cron_parse_value(f, n, s, slen, &p, &hi, err,
			    errlen) == -1)
				return -1;
			if (hi < lo) {
				cron_err(err, errlen, "field %d (%s): range "
				    "\"%.*s\" is reversed", n, f->name,
				    (int)p, s);
				return -1;
			}
		} else
			single = 1;
	}
	if (p < slen && s[p] == '/') {
		start = ++p;
		step = 0;
		while (p < slen && cron_digit((unsigned char)s[p])) {
			if (step < 100000)
				step = step * 10 + (s[p] - '0');
			p++;
		}
		if (p == start) {
			cron_err(err, errlen, "field %d (%s): missing step "
			    "after '/' in \"%.*s\"", n, f->name, (int)slen, s);
			return -1;
		}
		if (step == 0) {
			cron_err(err, errlen, "field %d (%s): step 0 in "
			    "\"%.*s\"", n, f->name, (int)slen, s);
			return -1;
		}
		if (step > f->hi) {
			cron_err(err, errlen, "field %d (%s): step %.*s is out "
			    "of range 1-%d", n, f->name, (int)(p - start),
			    s + start, f->hi);
			return -1;
		}
		if (single)
			hi = f->hi;	/* N/S: N to the maximum */
	}
	if (p < slen) {
		cron_show(ch, sizeof(ch), (unsigned char)s[p]);
		cron_err(err, errlen, "field %d (%s): unexpected %s in "
		    "\"%.*s\"", n, f->name, ch, (int)slen, s);
		return -1;
	}
	for (v = lo; v <= hi; v += (int)step)
		*bits |= (uint64_t)1 << v;
	return 0;
}

/* A whole field: a comma list of items, none empty. */
static int
cron_parse_field(const struct cron_field *f, int n, const char *s, size_t len,
    uint64_t *bits, char *err, size_t errlen)
{
	size_t	start = 0, end;

	*bits = 0;
	for (;;) {
		for (end = start; end < len && s[end] != ','; end++)
			;
		if (end == start) {
			cron_err(err, errlen, "field %d (%s): empty item in "
			    "\"%.*s\"", n, f->name, (int)len, s);
			return -1;
		}
		if (cron_parse_item(f, n, s + start, end - start, bits, err,
		    errlen) == -1)
			return -1;
		if (end == len)
			return 0;
		start = end + 1;
	}
}

int
cron_parse(struct cron *c, const char *expr, char *err, size_t errlen)
{
	const char	*tok[CRON_NFIELDS];
	size_t		 toklen[CRON_NFIELDS], i, len;
	const char	*s = expr;
	uint64_t	 bits[CRON_NFIELDS];
	struct cron	 out;
	int		 n = 0;

	if (expr == NULL) {
		cron_err(err, errlen, "no expression");
		return -1;
	}
	for (;;) {
		while (cron_space((unsigned char)*s))
			s++;
		if (*s == '\0')
			break;
		for (len = 0; s[len] != '\0' &&
		    !cron_space((unsigned char)s[len]); len++)
			;
		if (n < CRON_NFIELDS) {
			tok[n] = s;
			toklen[n] = len;
		}
		n++;
		s += len;
	}

	if (n > 0 && tok[0][0] == '@') {
		if (n > 1) {
			cron_err(err, errlen, "%.*s takes no fields, got %d",
			    (int)toklen[0], tok[0], n - 1);
			return -1;
		}
		for (i = 0; i < sizeof(cron_nicknames) /
		    sizeof(cron_nicknames[0]); i++) {
			if (cron_casecmp(tok[0], cron_nicknames[i].name,
			    toklen[0]) == 0)
				return cron_parse(c, cron_nicknames[i].expr,
				    err, errlen);
		}
		cron_err(err, errlen, "unknown nickname \"%.*s\" (@yearly, "
		    "@annually, @monthly, @weekly, @daily, @midnight or "
		    "@hourly)", (int)toklen[0], tok[0]);
		return -1;
	}
	if (n != CRON_NFIELDS) {
		cron_err(err, errlen, "expected %d fields, got %d",
		    CRON_NFIELDS, n);
		return -1;
	}

	for (i = 0; i < CRON_NFIELDS; i++)
		if (cron_parse_field(&cron_fields[i], (int)i + 1, tok[i],
		    toklen[i], &bits[i], err, errlen) == -1)
			return -1;

	memset(&out, 0, sizeof(out));
	out.minute = bits[0];
	out.hour = (uint32_t)bits[1];
	out.dom = (uint32_t)bits[2];
	out.month = (uint16_t)bits[3];
	/* 7 is Sunday too. */
	out.dow = (uint8_t)((bits[4] | bits[4] >> 7) & 0x7f);
	out.dom_star = tok[2][0] == '*';
	out.dow_star = tok[4][0] == '*';
	*c = out;
	return 0;
}

static int64_t
cron_floordiv(int64_t a, int64_t b)
{
	int64_t	q = a / b;

	if (a % b != 0 && (a < 0) != (b < 0))
		q--;
	return q;
}

/* 0 for Sunday; day 0, 1970-01-01, was a Thursday. */
static int
cron_weekday(int64_t day)
{
	return (int)((day % 7 + 11) % 7);
}

/*
 * The local wall clock at t, as seconds since 1970-01-01 00:00 of a
 * calendar with no time zone.
 */
static int
cron_wall(int64_t t, int64_t *wall)
{
	time_t		tt = (time_t)t;
	struct tm	tm;

	if ((int64_t)tt != t || localtime_r(&tt, &tm) == NULL)
		return -1;
	*wall = cndate_days_from_civil((int64_t)tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday) * 86400 + tm.tm_hour * 3600 +
	    tm.tm_min * 60 + tm.tm_sec;
	return 0;
}

/*
 * The earliest instant whose wall clock reads `wall`: -1 when there is
 * none (a DST gap).  Candidates are wall minus the UTC offset in force a
 * day before, at, and a day after, each refined once; one that reads
 * back as `wall` is real.
 */
static int
cron_instant(int64_t wall, int64_t *out)
{
	int64_t	probe[3], t, w, best = 0;
	int	i, j, found = 0;

	probe[0] = wall - 86400;
	probe[1] = wall;
	probe[2] = wall + 86400;
	for (i = 0; i < 3; i++) {
		t = probe[i];
		for (j = 0; j < 2; j++) {
			if (cron_wall(t, &w) == -1)
				break;
			t = wall - (w - t);
			if (cron_wall(t, &w) == 0 && w == wall &&
			    (!found || t < best)) {
				best = t;
				found = 1;
			}
		}
	}
	if (!found)
		return -1;
	*out = best;
	return 0;
}

static int
cron_day_match(const struct cron *c, int dom, int dow)
{
	int	a, b;

	a = (c->dom >> dom) & 1;
	b = (c->dow >> dow) & 1;
	if (c->dom_star || c->dow_star)
		return a && b;
	return a || b;
}

/*
 * Split a wall-clock minute count into a day and a minute of the day,
 * and find the day `years` years away where the search gives up.
 */
static void
cron_start(int64_t minutes, int years, int64_t *day, int *mod,
    int64_t *limit)
{
	int	y, m, d;

	*day = cron_floordiv(minutes, 1440);
	*mod = (int)(minutes - *day * 1440);
	cndate_civil_from_days(*day, &y, &m, &d);
	if (m == 2 && d == 29)
		d = 28;
	*limit = cndate_days_from_civil((int64_t)y + years, m, d);
}

int64_t
cron_next(const struct cron *c, int64_t after)
{
	int64_t	wall, day, last, t;
	int	y, m, d, mod, h, mi;

	if (cron_wall(after, &wall) == -1)
		return -1;
	cron_start(cron_floordiv(wall, 60) + 1, CRON_YEARS, &day, &mod,
	    &last);
	while (day <= last) {
		cndate_civil_from_days(day, &y, &m, &d);
		if ((c->month & (1U << m)) == 0) {
			day = m == 12 ?
			    cndate_days_from_civil((int64_t)y + 1, 1, 1) :
			    cndate_days_from_civil(y, m + 1, 1);
			mod = 0;
			continue;
		}
		if (cron_day_match(c, d, cron_weekday(day))) {
			for (h = mod / 60, mi = mod % 60; h < 24;
			    h++, mi = 0) {
				if ((c->hour & ((uint32_t)1 << h)) == 0)
					continue;
				for (; mi < 60; mi++) {
					if ((c->minute &
					    ((uint64_t)1 << mi)) == 0)
						continue;
					if (cron_instant(day * 86400 +
					    h * 3600 + mi * 60, &t) == 0 &&
					    t > after)
						return t;
				}
			}
		}
		day++;
		mod = 0;
	}
	return -1;
}

int64_t
cron_prev(const struct cron *c, int64_t at)
{
	int64_t	wall, before, ext, day, first, t;
	int	y, m, d, mod, h, mi;

	if (cron_wall(at, &wall) == -1)
		return -1;
	/*
	 * Just after the clocks went back, the hour before them has been
	 * lived through already: start from the latest wall time seen.
	 */
	if (cron_wall(at - 86400, &before) == 0) {
		ext = (before - (at - 86400)) - (wall - at);
		if (ext > 0)
			wall += ext;
	}
	cron_start(cron_floordiv(wall, 60), -CRON_YEARS, &day, &mod, &first);
	while (day >= first) {
		cndate_civil_from_days(day, &y, &m, &d);
		if ((c->month & (1U << m)) == 0) {
			day = cndate_days_from_civil(y, m, 1) - 1;
			mod = 1439;
			continue;
		}
		if (cron_day_match(c, d, cron_weekday(day))) {
			for (h = mod / 60, mi = mod % 60; h >= 0;
			    h--, mi = 59) {
				if ((c->hour & ((uint32_t)1 << h)) == 0)
					continue;
				for (; mi >= 0; mi--) {
					if ((c->minute &
					    ((uint64_t)1 << mi)) == 0)
						continue;
					if (cron_instant(day * 86400 +
					    h * 3600 + mi * 60, &t) == 0 &&
					    t <= at)
						return t;
				}
			}
		}
		day--;
		mod = 1439;
	}
	return -1;
}
