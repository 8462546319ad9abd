/*
 * cndate: find calendar dates written the way Chinese official documents
 * write them.  A date is a year, 年, a month, 月, a day and 日, each number
 * in Arabic digits (half- or full-width) or in Chinese numerals
 * (二〇一六年三月十日, with 〇 ○ O Ｏ 零 for zero).  PDF extractors scatter
 * spaces through dates, so a few blanks are allowed between any two
 * tokens.  The scanner looks at a bounded number of characters from each
 * start, so finding a date is linear in the input; bytes that are not
 * valid UTF-8 are stepped over one at a time and never match.
 *
 * It also does the little date arithmetic the validity rules need (the
 * last day of a period of N years) and reads the counts they are given
 * in (有效期为三年).
 */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cndate.h"

/* Blanks tolerated between two tokens ("2021 年 2 月 3 日"). */
#define CNDATE_MAX_GAP	3

struct cndate_cur {
	const unsigned char	*s;
	size_t			 len;
	size_t			 pos;
};

static uint32_t	cndate_u8(const unsigned char *, size_t, size_t, size_t *);
static uint32_t	cndate_peek(const struct cndate_cur *, size_t *);
static int	cndate_arabic(uint32_t);
static int	cndate_hanzi(uint32_t);
static int	cndate_blank(uint32_t);
static void	cndate_skip_gap(struct cndate_cur *);
static int	cndate_accept(struct cndate_cur *, uint32_t);
static int	cndate_read_year(struct cndate_cur *, int *);
static int	cndate_read_small(struct cndate_cur *, int *);
static int	cndate_read_at(const unsigned char *, size_t, size_t,
		    struct cndate *, size_t *);

/* Decode one code point at s[i]; invalid bytes decode as U+FFFD, one
 * byte long, so the caller always advances. */
static uint32_t
cndate_u8(const unsigned char *s, size_t len, size_t i, size_t *n)
{
	uint32_t	cp, min;
	size_t		need, k;
	unsigned char	c = s[i];

	*n = 1;
	if (c < 0x80)
		return c;
	if (c >= 0xc2 && c <= 0xdf) {
		need = 1;
		cp = c & 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 2;
		cp = c & 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3;
		cp = c & 0x07;
		min = 0x10000;
	} else
		return 0xfffd;
	if (len - i <= need)
		return 0xfffd;
	for (k = 1; k <= need; k++) {
		if ((s[i + k] & 0xc0) != 0x80)
			return 0xfffd;
		cp = (cp << 6) | (s[i + k] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0xfffd;
	*n = need + 1;
	return cp;
}

static uint32_t
cndate_peek(const struct cndate_cur *c, size_t *n)
{
	if (c->pos >= c->len) {
		*n = 0;
		return 0;
	}
	return cndate_u8(c->s, c->len, c->pos, n);
}

/* Value of an Arabic digit, half- or full-width, or -1. */
static int
cndate_arabic(uint32_t cp)
{
	if (cp >= '0' && cp <= '9')
		return (int)(cp - '0');
	if (cp >= 0xff10 && cp <= 0xff19)
		return (int)(cp - 0xff10);
	return -1;
}

/* Value of a Chinese digit 〇..九, or -1.  Ten is handled by the caller. */
static int
cndate_hanzi(uint32_t cp)
{
	switch (cp) {
	case 0x3007:	/* 〇 */
	case 0x25cb:	/* ○ */
	case 0x96f6:	/* 零 */
	case 'O':
	case 0xff2f:	/* Ｏ */
		return 0;
	case 0x4e00:	/* 一 */
		return 1;
	case 0x4e8c:	/* 二 */
		return 2;
	case 0x4e09:	/* 三 */
		return 3;
	case 0x56db:	/* 四 */
		return 4;
	case 0x4e94:	/* 五 */
		return 5;
	case 0x516d:	/* 六 */
		return 6;
	case 0x4e03:	/* 七 */
		return 7;
	case 0x516b:	/* 八 */
		return 8;
	case 0x4e5d:	/* 九 */
		return 9;
	}
	return -1;
}

static int
cndate_blank(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == 0x3000 || cp == 0xa0;
}

static void
cndate_skip_gap(struct cndate_cur *c)
{
	size_t		n;
	int		i;

	for (i = 0; i < CNDATE_MAX_GAP; i++) {
		if (!cndate_blank(cndate_peek(c, &n)) || n == 0)
			return;
		c->pos += n;
	}
}

/* Consume cp (after an optional gap) or leave the cursor where it was. */
static int
cndate_accept(struct cndate_cur *c, uint32_t want)
{
	size_t		save = c->pos, n;

	cndate_skip_gap(c);
	if (cndate_peek(c, &n) == want && n > 0) {
		c->pos += n;
		return 1;
	}
	c->pos = save;
	return 0;
}

/* Four digits, all Arabic or all Chinese. */
static int
cndate_read_year(struct cndate_cur *c, int *y)
{
	size_t		n;
	uint32_t	cp;
	int		i, v, hanzi;

	cp = cndate_peek(c, &n);
	if (n == 0)
		return -1;
	if (cndate_arabic(cp) >= 0)
		hanzi = 0;
	else if (cndate_hanzi(cp) >= 0)
		hanzi = 1;
	else
		return -1;
	*y = 0;
	for (i = 0; i < 4; i++) {
		if (i > 0)
			cndate_skip_gap(c);
		cp = cndate_peek(c, &n);
		if (n == 0)
			return -1;
		v = hanzi ? cndate_hanzi(cp) : cndate_arabic(cp);
		if (v < 0)
			return -1;
		*y = *y * 10 + v;
		c->pos += n;
	}
	return 0;
}

/*
 * A month or day: one or two Arabic digits, or a Chinese number below
 * 40 (三, 十, 十二, 二十, 三十一; also 廿 and 卅).
 */
static int
cndate_read_small(struct cndate_cur *c, int *out)
{
	size_t		n, save;
	uint32_t	cp;
	int		v, w, tens;

	cp = cndate_peek(c, &n);
	if (n == 0)
		return -1;
	if ((v = cndate_arabic(cp)) >= 0) {
		/* One or two digits, maybe letter-spaced (1 2月); not three. */
		c->pos += n;
		save = c->pos;
		cndate_skip_gap(c);
		cp = cndate_peek(c, &n);
		if (n > 0 && (w = cndate_arabic(cp)) >= 0) {
			c->pos += n;
			v = v * 10 + w;
			save = c->pos;
			cndate_skip_gap(c);
			cp = cndate_peek(c, &n);
			if (n > 0 && cndate_arabic(cp) >= 0)
				return -1;
		}
		c->pos = save;
		*out = v;
		return 0;
	}

	tens = -1;
	if (cp == 0x5eff) {		/* 廿 */
		tens = 2;
		c->pos += n;
	} else if (cp == 0x5345) {	/* 卅 */
		tens = 3;
		c->pos += n;
	} else if (cp == 0x5341) {	/* 十 */
		tens = 1;
		c->pos += n;
	} else if ((v = cndate_hanzi(cp)) > 0) {
		c->pos += n;
		cp = cndate_peek(c, &n);
		if (n > 0 && cp == 0x5341) {
			if (v > 3)
				return -1;
			tens = v;
			c->pos += n;
		} else {
			*out = v;
			return 0;
		}
	} else
		return -1;

	cp = cndate_peek(c, &n);
	if (n > 0 && (w = cndate_hanzi(cp)) > 0) {
		c->pos += n;
		*out = tens * 10 + w;
	} else
		*out = tens * 10;
	return 0;
}

/* Read a whole date starting exactly at s[pos]: 0, -1 when there is no
 * date there, -2 when there is one in shape (年月日 and numbers) that is
 * no calendar date (2月30日, 13月); *out and *end are filled then too. */
static int
cndate_read_at(const unsigned char *s, size_t len, size_t pos,
    struct cndate *out, size_t *end)
{
	struct cndate_cur	c = { s, len, pos };
	struct cndate		d;

	if (cndate_read_year(&c, &d.y) == -1)
		return -1;
	if (!cndate_accept(&c, 0x5e74))		/* 年 */
		return -1;
	cndate_skip_gap(&c);
	if (cndate_read_small(&c, &d.m) == -1)
		return -1;
	if (!cndate_accept(&c, 0x6708))		/* 月 */
		return -1;
	cndate_skip_gap(&c);
	if (cndate_read_small(&c, &d.d) == -1)
		return -1;
	if (!cndate_accept(&c, 0x65e5))		/* 日 */
		return -1;
	*out = d;
	*end = c.pos;
	return cndate_valid(d.y, d.m, d.d) ? 0 : -2;
}

/* The first date at a number's start; with shapes, also one that is no
 * calendar date (*valid says which). */
static long
cndate_scan(const char *str, size_t len, int shapes, struct cndate *out,
    size_t *consumed_end, int *valid)
{
	const unsigned char	*s = (const unsigned char *)str;
	struct cndate		 d;
	size_t			 i, n, end;
	uint32_t		 cp;
	int			 prev_arabic = 0, prev_hanzi = 0, rc;

	if (s == NULL)
		return -1;
	for (i = 0; i < len; i += n) {
		cp = cndate_u8(s, len, i, &n);
		/* A year starts a number; never start inside one. */
		if ((cndate_arabic(cp) >= 0 && !prev_arabic) ||
		    (cndate_hanzi(cp) >= 0 && !prev_hanzi)) {
			rc = cndate_read_at(s, len, i, &d, &end);
			if (rc == 0 || (rc == -2 && shapes)) {
				if (out != NULL)
					*out = d;
				if (consumed_end != NULL)
					*consumed_end = end;
				if (valid != NULL)
					*valid = rc == 0;
				return (long)i;
			}
		}
		prev_arabic = cndate_arabic(cp) >= 0;
		prev_hanzi = cndate_hanzi(cp) >= 0;
	}
	return -1;
}

long
cndate_find(const char *str, size_t len, struct cndate *out,
    size_t *consumed_end)
{
	return cndate_scan(str, len, 0, out, consumed_end, NULL);
}

long
cndate_find_shape(const char *str, size_t len, struct cndate *out,
    size_t *consumed_end, int *valid)
{
	return cndate_scan(str, len, 1, out, consumed_end, valid);
}

int
cndate_valid(int y, int m, int d)
{
	static const int	mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int			max;

	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return 0;
	max = mdays[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		max = 29;
	return d <= max;
}

void
cndate_format(const struct cndate *d, char *buf)
{
	int	y = d->y, m = d->m, dd = d->d;

	/* Keep the output inside 11 bytes whatever the caller passes. */
	if (y < 0 || y > 9999)
		y = 0;
	if (m < 0 || m > 99)
		m = 0;
	if (dd < 0 || dd > 99)
		dd = 0;
	snprintf(buf, 11, "%04d-%02d-%02d", y, m, dd);
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
int64_t
cndate_days_from_civil(int64_t y, int m, int d)
{
	int64_t	era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
cndate_civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t	era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int64_t
cndate_days_of(const char *iso)
{
	int y, m, d;

	if (iso == NULL || strlen(iso) < 10 ||
	    sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
	    !cndate_valid(y, m, d))
		return INT64_MIN;
	return cndate_days_from_civil(y, m, d);
}

void
cndate_format_cn(const char *iso, char *buf, size_t len)
{
	int y, m, d;

	if (len == 0)
		return;
	if (iso != NULL && sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) == 3 &&
	    cndate_valid(y, m, d))
		snprintf(buf, len, "%d年%d月%d日", y, m, d);
	else
		snprintf(buf, len, "%s", "—");
}

int
cndate_add_days(struct cndate *d, long days)
{
	struct cndate	r;

	if (!cndate_valid(d->y, d->m, d->d) || days > 3660000L ||
	    days < -3660000L)
		return -1;
	cndate_civil_from_days(cndate_days_from_civil(d->y, d->m, d->d) + days,
	    &r.y, &r.m, &r.d);
	if (!cndate_valid(r.y, r.m, r.d))
		return -1;
	*d = r;
	return 0;
}

int
cndate_period_end(const struct cndate *start, int years, int months,
    struct cndate *out)
{
	struct cndate	r;
	long		mon;

	if (!cndate_valid(start->y, start->m, start->d) || years < 0 ||
	    months < 0 || years > 9999 || months > 120000)
		return -1;
	mon = (long)start->y * 12 + (start->m - 1) + (long)years * 12 + months;
	if (mon / 12 > 9999)
		return -1;
	r.y = (int)(mon / 12);
	r.m = (int)(mon % 12) + 1;
	r.d = start->d;
	/* No such day that month (02-29, 31st): the period ends with it. */
	if (!cndate_valid(r.y, r.m, r.d)) {
		while (r.d > 28 && !cndate_valid(r.y, r.m, r.d))
			r.d--;
	} else if (cndate_add_days(&r, -1) == -1)
		return -1;
	if (!cndate_valid(r.y, r.m, r.d))
		return -1;
	*out = r;
	return 0;
}

size_t
cndate_number(const char *str, size_t len, int *value)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 i = 0, n;
	uint32_t		 cp;
	int			 v = 0, digits = 0, tens = -1, w;

	if (s == NULL || len == 0)
		return 0;
	cp = cndate_u8(s, len, 0, &n);
	if (cndate_arabic(cp) >= 0) {
		while (i < len && digits < 5 &&
		    (w = cndate_arabic(cndate_u8(s, len, i, &n))) >= 0) {
			v = v * 10 + w;
			digits++;
			i += n;
		}
		if (digits > 4)
			return 0;
		*value = v;
		return i;
	}
	/* 两 counts as two on its own (两年), never as a digit of 十. */
	if (cp == 0x4e24) {
		*value = 2;
		return n;
	}
	if (cp == 0x5341) {			/* 十 */
		tens = 1;
		i = n;
	} else if ((w = cndate_hanzi(cp)) > 0) {
		i = n;
		if (i < len && cndate_u8(s, len, i, &n) == 0x5341) {
			tens = w;
			i += n;
		} else {
			*value = w;
			return i;
		}
	} else
		return 0;
	if (i < len && (w = cndate_hanzi(cndate_u8(s, len, i, &n))) > 0) {
		*value = tens * 10 + w;
		return i + n;
	}
	*value = tens * 10;
	return i;
}
