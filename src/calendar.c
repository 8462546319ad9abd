/*
 * calendar: parse the holiday files and count working days.  Pure: text
 * in, days out.  A year's file (conf/holidays/YYYY.conf) is
 *
 *	year = 2025
 *	[notice]			one or more: where the dates come from
 *	title = 国务院办公厅关于2025年部分节假日安排的通知
 *	docno = 国办发明电〔2024〕12号
 *	date = 2024-11-12
 *	url = https://...		(optional)
 *	[holiday 春节]			one per holiday, in the notice's order
 *	off = 2025-01-28..2025-02-04	days off: dates and ranges, commas
 *	work = 2025-01-26, 2025-02-08	调休: weekend days worked (optional)
 *	note = ...			(optional)
 *
 * with # comments.  Dates are full (a notice may reach into the year
 * before: 2023's 元旦 starts on 2022-12-31).  The parser is strict — a
 * 调休 day that is not a Saturday or Sunday, a date given twice, a date
 * another year's file already sets, a year that is not the file's — so a
 * typo in a legal deadline's data is an error, not a wrong date.
 *
 * All loaded dates sit in one sorted index (day, kind, name), rebuilt
 * when a year is added or replaced; a lookup is a binary search.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "cndate.h"

#define CAL_FILE_MAX		(64 * 1024)
#define CAL_VALUE_MAX		1024
#define CAL_NOTICES_MAX		8
#define CAL_HOLIDAYS_MAX	32
#define CAL_DAYS_MAX		64	/* per list (off or work) */
#define CAL_RANGE_MAX		31	/* days in one a..b */
#define CAL_YEAR_MIN		1970
#define CAL_YEAR_MAX		9998

struct cal_day {
	int64_t		 day;
	enum cal_kind	 kind;
	const char	*name;
	int		 year;		/* of the file */
};

struct calendar {
	struct cal_year	*years;		/* ascending */
	size_t		 nyears;
	struct cal_day	*days;		/* ascending */
	size_t		 ndays;
};

int
calendar_weekday(int64_t day)
{
	int64_t w = (day + 3) % 7;	/* 1970-01-01 was a Thursday */

	return (int)(w < 0 ? w + 7 : w);
}

struct calendar *
calendar_new(void)
{
	return calloc(1, sizeof(struct calendar));
}

static void
cal_year_clear(struct cal_year *y)
{
	size_t i;

	for (i = 0; i < y->nnotices; i++) {
		free(y->notices[i].title);
		free(y->notices[i].docno);
		free(y->notices[i].date);
		free(y->notices[i].url);
	}
	for (i = 0; i < y->nholidays; i++) {
		free(y->holidays[i].name);
		free(y->holidays[i].note);
		free(y->holidays[i].off);
		free(y->holidays[i].work);
	}
	free(y->notices);
	free(y->holidays);
	free(y->source);
	memset(y, 0, sizeof(*y));
}

void
calendar_free(struct calendar *cal)
{
	size_t i;

	if (cal == NULL)
		return;
	for (i = 0; i < cal->nyears; i++)
		cal_year_clear(&cal->years[i]);
	free(cal->years);
	free(cal->days);
	free(cal);
}

/* --- lookups ------------------------------------------------------------ */

static const struct cal_day *
cal_find(const struct calendar *cal, int64_t day)
{
	size_t lo = 0, hi = cal->ndays, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cal->days[mid].day == day)
			return &cal->days[mid];
		if (cal->days[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct cal_year *
calendar_year(const struct calendar *cal, int year)
{
	size_t i;

	for (i = 0; i < cal->nyears; i++)
		if (cal->years[i].year == year)
			return &cal->years[i];
	return NULL;
}

int
calendar_has_year(const struct calendar *cal, int year)
{
	return calendar_year(cal, year) != NULL;
}

size_t
calendar_years(const struct calendar *cal, int *years, size_t max)
{
	size_t i;

	for (i = 0; i < cal->nyears && i < max; i++)
		years[i] = cal->years[i].year;
	return cal->nyears;
}

int
calendar_set_source(struct calendar *cal, int year, const char *source)
{
	struct cal_year	*y = (struct cal_year *)calendar_year(cal, year);
	char		*s;

	if (y == NULL || (s = strdup(source)) == NULL)
		return -1;
	free(y->source);
	y->source = s;
	return 0;
}

enum cal_kind
calendar_kind(const struct calendar *cal, int64_t day)
{
	const struct cal_day *d = cal_find(cal, day);

	if (d != NULL)
		return d->kind;
	return calendar_weekday(day) >= 5 ? CAL_WEEKEND : CAL_WORKDAY;
}

int
calendar_is_workday(const struct calendar *cal, int64_t day)
{
	enum cal_kind k = calendar_kind(cal, day);

	return k == CAL_WORKDAY || k == CAL_ADJUSTED_WORKDAY;
}

const char *
calendar_name(const struct calendar *cal, int64_t day)
{
	const struct cal_day *d = cal_find(cal, day);

	return d != NULL ? d->name : NULL;
}

/* Mark *estimated when day's year has no data. */
static void
cal_touch(const struct calendar *cal, int64_t day, int *estimated)
{
	int y, m, d;

	if (estimated == NULL || *estimated)
		return;
	cndate_civil_from_days(day, &y, &m, &d);
	if (!calendar_has_year(cal, y))
		*estimated = 1;
}

int64_t
calendar_add_workdays(const struct calendar *cal, int64_t day, int n,
    int *estimated)
{
	int step = n < 0 ? -1 : 1;

	while (n != 0) {
		day += step;
		cal_touch(cal, day, estimated);
		if (calendar_is_workday(cal, day))
			n -= step;
	}
	return day;
}

int
calendar_count_workdays(const struct calendar *cal, int64_t from,
    int64_t to, int *estimated)
{
	int n = 0;

	for (; from < to; ) {
		from++;
		cal_touch(cal, from, estimated);
		if (calendar_is_workday(cal, from))
			n++;
	}
	return n;
}

/* --- parsing ------------------------------------------------------------ */

struct cal_parse {
	struct cal_year	 y;
	int		 line;
	char		*err;
	size_t		 errlen;
	struct cal_notice *notice;	/* the current section */
	struct cal_holiday *holiday;
};

static int
cal_fail(struct cal_parse *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
cal_fail(struct cal_parse *p, const char *fmt, ...)
{
	va_list	 ap;
	int	 n = 0;

	if (p->errlen == 0)
		return -1;
	if (p->line > 0)
		n = snprintf(p->err, p->errlen, "line %d: ", p->line);
	if (n < 0 || (size_t)n >= p->errlen)
		n = 0;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static int
cal_is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Trim s[0..*n) in place: returns the new start, *n the new length. */
static const char *
cal_trim(const char *s, size_t *n)
{
	while (*n > 0 && cal_is_blank(s[0])) {
		s++;
		(*n)--;
	}
	while (*n > 0 && cal_is_blank(s[*n - 1]))
		(*n)--;
	return s;
}

/* A strict YYYY-MM-DD of exactly n bytes; INT64_MIN when not. */
static int64_t
cal_date(const char *s, size_t n)
{
	char	 buf[11];
	size_t	 i;

	if (n != 10)
		return INT64_MIN;
	for (i = 0; i < 10; i++)
		if ((i == 4 || i == 7) ? s[i] != '-' :
		    (s[i] < '0' || s[i] > '9'))
			return INT64_MIN;
	memcpy(buf, s, 10);
	buf[10] = '\0';
	return cndate_days_of(buf);
}

static char *
cal_strndup(const char *s, size_t n)
{
	char *r = malloc(n + 1);

	if (r != NULL) {
		memcpy(r, s, n);
		r[n] = '\0';
	}
	return r;
}

static int
cal_cmp_day(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* "a, b..c, d" into a sorted list. */
static int
cal_parse_days(struct cal_parse *p, const char *key, const char *v,
    size_t n, int64_t **out, size_t *nout)
{
	int64_t		 list[CAL_DAYS_MAX], a, b;
	size_t		 cnt = 0, len, dl;
	const char	*item, *end, *dots;
	int		 y, m, d;

	if (*out != NULL)
		return cal_fail(p, "%s given twice", key);
	for (;;) {	/* each item, the last one too when empty: "a," */
		end = memchr(v, ',', n);
		len = end != NULL ? (size_t)(end - v) : n;
		item = cal_trim(v, &len);
		if (len == 0)
			return cal_fail(p, "%s: an empty item", key);
		dots = NULL;
		for (dl = 0; dl + 1 < len; dl++)
			if (item[dl] == '.' && item[dl + 1] == '.') {
				dots = item + dl;
				break;
			}
		if (dots != NULL) {
			size_t la = (size_t)(dots - item), lb = len - la - 2;
			const char *sa = cal_trim(item, &la);
			const char *sb = cal_trim(dots + 2, &lb);

			a = cal_date(sa, la);
			b = cal_date(sb, lb);
		} else
			a = b = cal_date(item, len);
		if (a == INT64_MIN || b == INT64_MIN)
			return cal_fail(p, "%s: '%.*s' is not a date (YYYY-MM-DD) "
			    "or a range (YYYY-MM-DD..YYYY-MM-DD)", key, (int)len,
			    item);
		if (b < a || b - a >= CAL_RANGE_MAX)
			return cal_fail(p, "%s: '%.*s' is not a range of 1 to %d "
			    "days", key, (int)len, item, CAL_RANGE_MAX);
		for (; a <= b; a++) {
			cndate_civil_from_days(a, &y, &m, &d);
			if (y < p->y.year - 1 || y > p->y.year + 1)
				return cal_fail(p, "%s: %04d-%02d-%02d is not "
				    "near the year %d", key, y, m, d, p->y.year);
			if (cnt == CAL_DAYS_MAX)
				return cal_fail(p, "%s: more than %d days", key,
				    CAL_DAYS_MAX);
			list[cnt++] = a;
		}
		if (end == NULL)
			break;
		n -= (size_t)(end - v) + 1;
		v = end + 1;
	}
	if (cnt == 0)
		return cal_fail(p, "%s: no date", key);
	qsort(list, cnt, sizeof(list[0]), cal_cmp_day);
	if ((*out = malloc(cnt * sizeof(list[0]))) == NULL)
		return cal_fail(p, "out of memory");
	memcpy(*out, list, cnt * sizeof(list[0]));
	*nout = cnt;
	return 0;
}

static int
cal_set_str(struct cal_parse *p, const char *key, char **dst, const char *v,
    size_t n)
{
	if (*dst != NULL)
		return cal_fail(p, "%s given twice", key);
	if (n == 0)
		return cal_fail(p, "%s is empty", key);
	if ((*dst = cal_strndup(v, n)) == NULL)
		return cal_fail(p, "out of memory");
	return 0;
}

static int
cal_section(struct cal_parse *p, const char *s, size_t n)
{
	struct cal_year	*y = &p->y;
	void		*tmp;
	size_t		 i;

	if (y->year == 0)
		return cal_fail(p, "'year = YYYY' must come before any section");
	p->notice = NULL;
	p->holiday = NULL;
	if (n == 6 && memcmp(s, "notice", 6) == 0) {
		if (y->nnotices == CAL_NOTICES_MAX)
			return cal_fail(p, "more than %d notices",
			    CAL_NOTICES_MAX);
		if ((tmp = realloc(y->notices, (y->nnotices + 1) *
		    sizeof(*y->notices))) == NULL)
			return cal_fail(p, "out of memory");
		y->notices = tmp;
		p->notice = &y->notices[y->nnotices++];
		memset(p->notice, 0, sizeof(*p->notice));
		return 0;
	}
	if (n >= 7 && memcmp(s, "holiday", 7) == 0 && (n == 7 ||
	    cal_is_blank(s[7]))) {
		s += 7;
		n -= 7;
		s = cal_trim(s, &n);
		if (n == 0 || n > 128)
			return cal_fail(p, "[holiday NAME]: a name of 1 to 128 "
			    "bytes");
		for (i = 0; i < y->nholidays; i++)
			if (strlen(y->holidays[i].name) == n &&
			    memcmp(y->holidays[i].name, s, n) == 0)
				return cal_fail(p, "[holiday %.*s] given twice",
				    (int)n, s);
		if (y->nholidays == CAL_HOLIDAYS_MAX)
			return cal_fail(p, "more than %d holidays",
			    CAL_HOLIDAYS_MAX);
		if ((tmp = realloc(y->holidays, (y->nholidays + 1) *
		    sizeof(*y->holidays))) == NULL)
			return cal_fail(p, "out of memory");
		y->holidays = tmp;
		p->holiday = &y->holidays[y->nholidays];
		memset(p->holiday, 0, sizeof(*p->holiday));
		if ((p->holiday->name = cal_strndup(s, n)) == NULL)
			return cal_fail(p, "out of memory");
		y->nholidays++;
		return 0;
	}
	return cal_fail(p, "unknown section [%.*s] (known: [notice], "
	    "[holiday NAME])", (int)n, s);
}

static int
cal_key(struct cal_parse *p, const char *k, size_t kn, const char *v,
    size_t vn)
{
	char	 key[32];
	int64_t	 day;
	int	 yr;
	size_t	 i;

	if (kn == 0 || kn >= sizeof(key))
		return cal_fail(p, "a line without a key");
	memcpy(key, k, kn);
	key[kn] = '\0';
	if (vn > CAL_VALUE_MAX)
		return cal_fail(p, "%s: longer than %d bytes", key,
		    CAL_VALUE_MAX);
	if (p->notice != NULL) {
		if (strcmp(key, "title") == 0)
			return cal_set_str(p, key, &p->notice->title, v, vn);
		if (strcmp(key, "docno") == 0)
			return cal_set_str(p, key, &p->notice->docno, v, vn);
		if (strcmp(key, "url") == 0)
			return cal_set_str(p, key, &p->notice->url, v, vn);
		if (strcmp(key, "date") == 0) {
			if (cal_date(v, vn) == INT64_MIN)
				return cal_fail(p, "date: '%.*s' is not a date "
				    "(YYYY-MM-DD)", (int)vn, v);
			return cal_set_str(p, key, &p->notice->date, v, vn);
		}
		return cal_fail(p, "unknown key '%s' in [notice] (known: "
		    "title, docno, date, url)", key);
	}
	if (p->holiday != NULL) {
		if (strcmp(key, "off") == 0)
			return cal_parse_days(p, key, v, vn, &p->holiday->off,
			    &p->holiday->noff);
		if (strcmp(key, "work") == 0) {
			if (cal_parse_days(p, key, v, vn, &p->holiday->work,
			    &p->holiday->nwork) == -1)
				return -1;
			for (i = 0; i < p->holiday->nwork; i++) {
				day = p->holiday->work[i];
				if (calendar_weekday(day) < 5) {
					int y, m, d;

					cndate_civil_from_days(day, &y, &m, &d);
					return cal_fail(p, "work: %04d-%02d-%02d "
					    "is a weekday; 调休 working days are "
					    "Saturdays and Sundays", y, m, d);
				}
			}
			return 0;
		}
		if (strcmp(key, "note") == 0)
			return cal_set_str(p, key, &p->holiday->note, v, vn);
		return cal_fail(p, "unknown key '%s' in [holiday] (known: off, "
		    "work, note)", key);
	}
	if (strcmp(key, "year") == 0) {
		if (p->y.year != 0)
			return cal_fail(p, "year given twice");
		if (vn != 4 || v[0] < '0' || v[0] > '9' || v[1] < '0' ||
		    v[1] > '9' || v[2] < '0' || v[2] > '9' || v[3] < '0' ||
		    v[3] > '9')
			return cal_fail(p, "year: '%.*s' is not a year (YYYY)",
			    (int)vn, v);
		yr = (v[0] - '0') * 1000 + (v[1] - '0') * 100 +
		    (v[2] - '0') * 10 + (v[3] - '0');
		if (yr < CAL_YEAR_MIN || yr > CAL_YEAR_MAX)
			return cal_fail(p, "year: %d is out of range", yr);
		p->y.year = yr;
		return 0;
	}
	return cal_fail(p, "unknown key '%s' (before the sections: year)",
	    key);
}

/* What a complete file must hold. */
static int
cal_check(struct cal_parse *p)
{
	struct cal_year		*y = &p->y;
	struct cal_holiday	*h;
	int64_t			*all;
	size_t			 n = 0, i, j;
	int			 yy, m, d;

	p->line = 0;
	if (y->year == 0)
		return cal_fail(p, "no 'year = YYYY'");
	if (y->nnotices == 0)
		return cal_fail(p, "no [notice]: name the 国务院办公厅 notice "
		    "the dates come from");
	for (i = 0; i < y->nnotices; i++)
		if (y->notices[i].title == NULL || y->notices[i].docno ==
		    NULL || y->notices[i].date == NULL)
			return cal_fail(p, "[notice] %zu: title, docno and date "
			    "are required", i + 1);
	if (y->nholidays == 0)
		return cal_fail(p, "no [holiday NAME]");
	for (i = 0; i < y->nholidays; i++) {
		h = &y->holidays[i];
		if (h->noff == 0)
			return cal_fail(p, "[holiday %s]: no 'off' days",
			    h->name);
		n += h->noff + h->nwork;
	}
	if ((all = malloc(n * sizeof(*all))) == NULL)
		return cal_fail(p, "out of memory");
	for (i = n = 0; i < y->nholidays; i++) {
		h = &y->holidays[i];
		for (j = 0; j < h->noff; j++)
			all[n++] = h->off[j];
		for (j = 0; j < h->nwork; j++)
			all[n++] = h->work[j];
	}
	qsort(all, n, sizeof(*all), cal_cmp_day);
	for (i = 1; i < n; i++)
		if (all[i] == all[i - 1]) {
			cndate_civil_from_days(all[i], &yy, &m, &d);
			free(all);
			return cal_fail(p, "%04d-%02d-%02d is given twice", yy,
			    m, d);
		}
	free(all);
	return 0;
}

/* Rebuild the index from every year; -1 (nothing changed) when a date is
 * in two years' files. */
static int
cal_reindex(struct calendar *cal, struct cal_parse *p)
{
	struct cal_day		*v;
	struct cal_holiday	*h;
	size_t			 n = 0, i, j, k;
	int			 y, m, d;

	for (i = 0; i < cal->nyears; i++)
		for (j = 0; j < cal->years[i].nholidays; j++)
			n += cal->years[i].holidays[j].noff +
			    cal->years[i].holidays[j].nwork;
	if ((v = malloc((n ? n : 1) * sizeof(*v))) == NULL)
		return cal_fail(p, "out of memory");
	for (i = n = 0; i < cal->nyears; i++)
		for (j = 0; j < cal->years[i].nholidays; j++) {
			h = &cal->years[i].holidays[j];
			for (k = 0; k < h->noff + h->nwork; k++) {
				v[n].day = k < h->noff ? h->off[k] :
				    h->work[k - h->noff];
				v[n].kind = k < h->noff ? CAL_HOLIDAY :
				    CAL_ADJUSTED_WORKDAY;
				v[n].name = h->name;
				v[n].year = cal->years[i].year;
				n++;
			}
		}
	/* Insertion sort: a few hundred days, mostly in order already. */
	for (i = 1; i < n; i++) {
		struct cal_day t = v[i];

		for (j = i; j > 0 && v[j - 1].day > t.day; j--)
			v[j] = v[j - 1];
		v[j] = t;
	}
	for (i = 1; i < n; i++)
		if (v[i].day == v[i - 1].day) {
			cndate_civil_from_days(v[i].day, &y, &m, &d);
			cal_fail(p, "%04d-%02d-%02d is set by both the %d and "
			    "the %d file", y, m, d, v[i - 1].year, v[i].year);
			free(v);
			return -1;
		}
	free(cal->days);
	cal->days = v;
	cal->ndays = n;
	return 0;
}

/* Put the parsed year in place (replacing one of the same number). */
static int
cal_install(struct calendar *cal, struct cal_parse *p)
{
	struct cal_year	*tmp, old;
	size_t		 i;
	int		 replaced = 0;

	for (i = 0; i < cal->nyears; i++)
		if (cal->years[i].year >= p->y.year)
			break;
	if (i < cal->nyears && cal->years[i].year == p->y.year) {
		old = cal->years[i];
		cal->years[i] = p->y;
		replaced = 1;
	} else {
		if ((tmp = realloc(cal->years, (cal->nyears + 1) *
		    sizeof(*tmp))) == NULL)
			return cal_fail(p, "out of memory");
		cal->years = tmp;
		memmove(&cal->years[i + 1], &cal->years[i],
		    (cal->nyears - i) * sizeof(*tmp));
		cal->years[i] = p->y;
		cal->nyears++;
	}
	if (cal_reindex(cal, p) == -1) {
		/* Undo: the calendar is as it was. */
		if (replaced)
			cal->years[i] = old;
		else {
			memmove(&cal->years[i], &cal->years[i + 1],
			    (cal->nyears - i - 1) * sizeof(*tmp));
			cal->nyears--;
		}
		return -1;
	}
	if (replaced)
		cal_year_clear(&old);
	memset(&p->y, 0, sizeof(p->y));
	return 0;
}

int
calendar_parse_year(struct calendar *cal, const char *text, size_t len,
    char *err, size_t errlen)
{
	struct cal_parse	 p;
	const char		*s = text, *end, *nl, *line, *eq, *k, *v;
	size_t			 n, ln, kn, vn;

	memset(&p, 0, sizeof(p));
	p.err = err;
	p.errlen = errlen;
	if (len > CAL_FILE_MAX) {
		cal_fail(&p, "larger than %d bytes", CAL_FILE_MAX);
		return -1;
	}
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		s += 3;		/* a byte order mark */
		len -= 3;
	}
	end = s + len;
	n = len;
	while (n > 0) {
		p.line++;
		nl = memchr(s, '\n', n);
		ln = nl != NULL ? (size_t)(nl - s) : n;
		line = cal_trim(s, &ln);
		if (memchr(line, '\0', ln) != NULL) {
			cal_fail(&p, "a NUL byte");
			goto fail;
		}
		if (ln == 0 || line[0] == '#' || line[0] == ';')
			;
		else if (line[0] == '[') {
			if (line[ln - 1] != ']') {
				cal_fail(&p, "a section without ']'");
				goto fail;
			}
			kn = ln - 2;
			k = cal_trim(line + 1, &kn);
			if (cal_section(&p, k, kn) == -1)
				goto fail;
		} else {
			if ((eq = memchr(line, '=', ln)) == NULL) {
				cal_fail(&p, "not 'key = value': '%.*s'",
				    (int)(ln > 60 ? 60 : ln), line);
				goto fail;
			}
			kn = (size_t)(eq - line);
			k = cal_trim(line, &kn);
			vn = ln - (size_t)(eq - line) - 1;
			v = cal_trim(eq + 1, &vn);
			if (cal_key(&p, k, kn, v, vn) == -1)
				goto fail;
		}
		if (nl == NULL)
			break;
		s = nl + 1;
		n = (size_t)(end - s);
	}
	if (cal_check(&p) == -1 || cal_install(cal, &p) == -1)
		goto fail;
	return 0;
fail:
	cal_year_clear(&p.y);
	return -1;
}
