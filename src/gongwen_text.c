/*
 * gongwen_text: the small steps every reader of a field takes over
 * UTF-8 text: decode a character, match a literal (also letter-spaced, as
 * PDF extraction leaves headings), skip blanks and colons, read the
 * number that opens a list item.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gongwen_impl.h"
#include "textblank.h"
#include "utf8.h"

static int gw_cn_numeral(uint32_t);

const char *gw_open_brackets[] = {
	"〔", "[", "【", "（", "(", "［", "〖",
};

const char *gw_close_brackets[] = {
	"〕", "]", "】", "）", ")", "］", "〗",
};
const size_t gw_nopen_brackets = nitems(gw_open_brackets);
const size_t gw_nclose_brackets = nitems(gw_close_brackets);

/* Decode one code point; bytes that are not valid UTF-8 decode as U+FFFD
 * one byte long, so a scan always advances and never overruns n. */
uint32_t
gw_u8_any(const char *str, size_t n, size_t *len)
{
	const unsigned char	*s = (const unsigned char *)str;
	uint32_t		 cp, min;
	size_t			 need, k;

	*len = 1;
	if (n == 0) {
		*len = 0;
		return 0;
	}
	if (s[0] < 0x80)
		return s[0];
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		need = 1;
		cp = s[0] & 0x1f;
		min = 0x80;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		need = 2;
		cp = s[0] & 0x0f;
		min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		need = 3;
		cp = s[0] & 0x07;
		min = 0x10000;
	} else
		return 0xfffd;
	if (n <= need)
		return 0xfffd;
	for (k = 1; k <= need; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0xfffd;
		cp = (cp << 6) | (s[k] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0xfffd;
	*len = need + 1;
	return cp;
}

/* Length of the character that ends s[0..n) (text is valid UTF-8). */
size_t
gw_u8_back(const char *s, size_t n)
{
	size_t	k = 1;

	while (k < n && k < 4 && ((unsigned char)s[n - k] & 0xc0) == 0x80)
		k++;
	return k <= n ? k : n;
}

int
gw_han(uint32_t cp)
{
	return (cp >= 0x4e00 && cp <= 0x9fff) ||
	    (cp >= 0x3400 && cp <= 0x4dbf) ||
	    (cp >= 0xf900 && cp <= 0xfaff) ||
	    (cp >= 0x20000 && cp <= 0x2ffff) || cp == 0x3007;
}

int
gw_digit(uint32_t cp)
{
	if (cp >= '0' && cp <= '9')
		return (int)(cp - '0');
	if (cp >= 0xff10 && cp <= 0xff19)
		return (int)(cp - 0xff10);
	return -1;
}

int
gw_starts(const char *s, size_t n, const char *lit)
{
	size_t	l;

	/* Most calls fail on the first byte; spare them the strlen. */
	if (lit[0] != '\0' && (n == 0 || s[0] != lit[0]))
		return 0;
	l = strlen(lit);
	return n >= l && memcmp(s, lit, l) == 0;
}

int
gw_ends(const char *s, size_t n, const char *lit)
{
	size_t	l = strlen(lit);

	return n >= l && memcmp(s + n - l, lit, l) == 0;
}

/*
 * memmem(3) for lit; most haystacks are a line or a sentence, short
 * enough that a plain loop beats memmem's set-up.
 */
const char *
gw_find(const char *s, size_t n, const char *lit)
{
	const char	*p, *e;
	size_t		 l = strlen(lit);

	if (l == 0 || n < l)
		return l == 0 ? s : NULL;
	if (n > 256)
		return memmem(s, n, lit, l);
	for (p = s, e = s + n - l; p <= e; p++)
		if (p[l - 1] == lit[l - 1] && *p == lit[0] &&
		    memcmp(p, lit, l) == 0)
			return p;
	return NULL;
}

/*
 * The first of nlit literals found in s[0..n), in one pass over s: only
 * the bytes that start a literal stop the scan.  NULL when none is.
 */
const char *
gw_find_any(const char *s, size_t n, const char *const *lit, size_t nlit)
{
	uint64_t	first[4] = { 0, 0, 0, 0 };
	size_t		i, j, l;
	unsigned char	c;

	for (j = 0; j < nlit; j++) {
		c = (unsigned char)lit[j][0];
		first[c >> 6] |= 1ull << (c & 63);
	}
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (!(first[c >> 6] & (1ull << (c & 63))))
			continue;
		for (j = 0; j < nlit; j++)
			if (lit[j][0] == s[i] && (lit[j][1] == '\0' ||
			    (i + 1 < n && lit[j][1] == s[i + 1] &&
			    (lit[j][2] == '\0' || (i + 2 < n &&
			    lit[j][2] == s[i + 2])))) &&
			    (l = strlen(lit[j])) <= n - i &&
			    memcmp(s + i, lit[j], l) == 0)
				return s + i;
	}
	return NULL;
}

/* Bytes of the UTF-8 character whose lead byte is c. */
static size_t
gw_u8_lead_len(unsigned char c)
{
	return c < 0xc0 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

/*
 * Match lit (l bytes, valid UTF-8) at the start of s[0..n) with up to two
 * blanks between its characters, as in a letter-spaced PDF heading
 * (关 于).  Returns the length of the match, or 0.
 */
size_t
gw_spaced_at(const char *s, size_t n, const char *lit, size_t l)
{
	size_t	j = 0, cl = 0, k, gap;

	while (j < l) {
		k = gw_u8_lead_len((unsigned char)lit[j]);
		if (n - cl < k || memcmp(s + cl, lit + j, k) != 0)
			return 0;
		cl += k;
		j += k;
		if (j == l)
			break;
		for (gap = 0; gap < 2 && cl < n &&
		    (k = textblank_len(s + cl, n - cl)) > 0; gap++)
			cl += k;
	}
	return cl;
}

/*
 * Find lit in s[0..n) as gw_spaced_at matches it.  *mlen gets the match
 * length.  Candidates are where lit's first character stands: text is
 * valid UTF-8, so a lead byte never matches inside a character.
 */
const char *
gw_find_spaced(const char *s, size_t n, const char *lit, size_t *mlen)
{
	const char	*q;
	char		 first[5];
	size_t		 l = strlen(lit), k0, at = 0, m;

	if (l == 0)
		return NULL;
	k0 = gw_u8_lead_len((unsigned char)lit[0]);
	if (k0 > l)
		k0 = l;
	memcpy(first, lit, k0);
	first[k0] = '\0';
	while (at < n && (q = gw_find(s + at, n - at, first)) != NULL) {
		at = (size_t)(q - s);
		if ((m = gw_spaced_at(q, n - at, lit, l)) > 0) {
			*mlen = m;
			return q;
		}
		at += k0;
	}
	return NULL;
}

/* Length of whichever of lits starts s, or 0. */
size_t
gw_match_any(const char *s, size_t n, const char **lits, size_t nlits)
{
	size_t	i;

	if (n == 0)
		return 0;
	for (i = 0; i < nlits; i++)
		if (s[0] == lits[i][0] && gw_starts(s, n, lits[i]))
			return strlen(lits[i]);
	return 0;
}

/*
 * Return a copy of s with every invalid byte replaced by U+FFFD, or NULL
 * with *outlen 0 when s is valid already (and NULL with *outlen 1 when
 * out of memory).
 */
char *
gw_repair(const char *s, size_t len, size_t *outlen)
{
	char	*out;
	size_t	 i, j, k;

	*outlen = 0;
	if (utf8_valid_prefix((const unsigned char *)s, len) == len)
		return NULL;
	if (len > (SIZE_MAX - 1) / 3 || (out = malloc(len * 3 + 1)) == NULL) {
		*outlen = 1;
		return NULL;
	}
	for (i = j = 0; i < len; i += k) {
		if (gw_u8(s + i, len - i, &k) == 0xfffd && k == 1) {
			memcpy(out + j, "\xef\xbf\xbd", 3);
			j += 3;
		} else {
			memcpy(out + j, s + i, k);
			j += k;
		}
	}
	out[j] = '\0';
	*outlen = j;
	return out;
}

/* strdup(3), which strict C11 does not declare. */
char *
gw_strdup(const char *s)
{
	size_t	 n = strlen(s) + 1;
	char	*d;

	if ((d = malloc(n)) != NULL)
		memcpy(d, s, n);
	return d;
}

/* ---- small readers ---- */

/* Length of a blank-free copy of l into buf (bufsize bytes), or
 * SIZE_MAX when it does not fit. */
size_t
gw_noblank_into(const char *p, size_t n, char *buf, size_t bufsize)
{
	size_t	i, j, k;

	for (i = j = 0; i < n; i += k) {
		if ((k = textblank_len(p + i, n - i)) > 0)
			continue;
		gw_u8(p + i, n - i, &k);
		if (j + k >= bufsize)
			return SIZE_MAX;
		memcpy(buf + j, p + i, k);
		j += k;
	}
	buf[j] = '\0';
	return j;
}

/* Skip blanks from at; returns the new offset. */
size_t
gw_skip_blanks(const char *p, size_t n, size_t at)
{
	size_t	k;

	while (at < n && (k = textblank_len(p + at, n - at)) > 0)
		at += k;
	return at;
}

/* Skip a colon (full- or half-width) and the blanks around it at at;
 * returns the new offset, or SIZE_MAX when there is no colon. */
size_t
gw_skip_colon(const char *p, size_t n, size_t at)
{
	at = gw_skip_blanks(p, n, at);
	if (gw_starts(p + at, n - at, "："))
		at += strlen("：");
	else if (at < n && p[at] == ':')
		at++;
	else
		return SIZE_MAX;
	return gw_skip_blanks(p, n, at);
}

/* 1 when cp is a Chinese numeral as used in enumerations (一 … 十, 百). */
static int
gw_cn_numeral(uint32_t cp)
{
	static const uint32_t	nums[] = { 0x3007, 0x96f6, 0x4e00, 0x4e8c,
				    0x4e09, 0x56db, 0x4e94, 0x516d, 0x4e03,
				    0x516b, 0x4e5d, 0x5341, 0x767e, 0x4e24 };
	size_t			i;

	for (i = 0; i < nitems(nums); i++)
		if (cp == nums[i])
			return 1;
	return 0;
}

/*
 * 1 when p[0..n) opens with a year: four digits and 年 (2024年度).  After
 * an item number (1．2024年度…) it makes the number an item's, not the
 * whole part of a decimal (1.5万元).
 */
int
gw_year_at(const char *p, size_t n)
{
	size_t	i = 0, k, nd = 0;

	while (i < n && gw_digit(gw_u8(p + i, n - i, &k)) >= 0) {
		i += k;
		nd++;
	}
	return nd == 4 && gw_starts(p + i, n - i, "年");
}

/*
 * Length of the enumeration that opens p[0..n) (第十二条, 一、, （一）,
 * (1), 1. 1、 1．), blanks after it included; 0 when there is none.
 */
size_t
gw_enum_len(const char *p, size_t n)
{
	static const char	*open[] = { "（", "(" };
	static const char	*close[] = { "）", ")" };
	static const char	*units[] = { "条", "章", "节", "款", "项" };
	static const char	*seps[] = { "、", ".", "．" };
	uint32_t		 cp;
	size_t			 i = 0, k, nd = 0, m;
	int			 paren = 0, arabic = 0;

	if (gw_starts(p, n, "第"))
		i = strlen("第");
	else if ((k = gw_match_any(p, n, open, nitems(open))) > 0) {
		paren = 1;
		i = k;
	}
	while (i < n && nd < 6) {
		cp = gw_u8(p + i, n - i, &k);
		if (gw_digit(cp) >= 0)
			arabic = 1;
		else if (!gw_cn_numeral(cp))
			break;
		i += k;
		nd++;
	}
	if (nd == 0)
		return 0;
	if (gw_starts(p, n, "第"))
		m = gw_match_any(p + i, n - i, units, nitems(units));
	else if (paren)
		m = gw_match_any(p + i, n - i, close, nitems(close));
	else {
		m = gw_match_any(p + i, n - i, seps, nitems(seps));
		/* 1.5万元 is a number, not an enumeration. */
		if (m > 0 && arabic && i + m < n &&
		    !gw_year_at(p + i + m, n - i - m) &&
		    gw_digit(gw_u8(p + i + m, n - i - m, &k)) >= 0)
			m = 0;
	}
	if (m == 0)
		return 0;
	return gw_skip_blanks(p, n, i + m);
}

/*
 * The number of a list item opening p[0..n) (1. 2、 3． （4） 5) 附件6：),
 * the blanks after it included in the returned length; 0 when none.
 */
size_t
gw_item_number(const char *p, size_t n, int *num)
{
	static const char	*open[] = { "（", "(" };
	static const char	*close[] = { "）", ")" };
	static const char	*seps[] = { ".", "．", "、", "，", ",", "）",
				    ")", "：", ":" };
	size_t			 i = 0, k, m, nd = 0;
	int			 v = 0, d, paren = 0;

	if (gw_starts(p, n, "附件"))
		i = gw_skip_blanks(p, n, strlen("附件"));
	if ((k = gw_match_any(p + i, n - i, open, nitems(open))) > 0) {
		paren = 1;
		i += k;
	}
	while (i < n && nd < 3 && (d = gw_digit(gw_u8(p + i, n - i, &k))) >= 0) {
		v = v * 10 + d;
		nd++;
		i += k;
	}
	if (nd == 0 || v == 0)
		return 0;
	if (paren)
		m = gw_match_any(p + i, n - i, close, nitems(close));
	else
		m = gw_match_any(p + i, n - i, seps, nitems(seps));
	if (m == 0)
		return 0;
	if (i + m < n && gw_digit(gw_u8(p + i + m, n - i - m, &k)) >= 0 &&
	    !gw_year_at(p + i + m, n - i - m))
		return 0;
	*num = v;
	return gw_skip_blanks(p, n, i + m);
}

size_t
gw_count(const char *s, const char *lit)
{
	size_t	c = 0, l = strlen(lit);

	while ((s = strstr(s, lit)) != NULL) {
		c++;
		s += l;
	}
	return c;
}
