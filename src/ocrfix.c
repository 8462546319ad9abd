/*
 * ocrfix: repair OCR damage to the marks of a 公文 before the reader.
 *
 * tesseract reads a scanned page well enough for a person, but the reader
 * keys on small marks that OCR gets wrong in a few typical ways.  Each
 * rule here is about one kind of mark, as GB/T 9704-2012 prints it:
 *
 *   blanks      OCR puts a blank between CJK characters, and between
 *               them and digits or brackets; one blank there goes (two or
 *               more are kept: the gap between 印发机关 and 印发日期).
 *   numbers     in a run of digits that ends in 年, 月, 日 or 号 or sits
 *               in brackets, letters that look like digits (O o 〇 → 0,
 *               l I | 丨 → 1) are digits when the run has one real digit.
 *   发文字号    after an organ's abbreviation, any bracket-like glyph
 *               around a four-digit year, (2021], [2021), 【2021】,
 *               〔 2021 〕, is 〔2021〕, and the number runs into 号.
 *   attachments after 附件：, an item number read as a look-alike (工. l.
 *               Z.) is the digit the sequence expects, and a comma
 *               after an item number is its full stop.
 *   seal junk   a red seal over the 成文日期 adds stray glyphs around the
 *               date: a line that is a date and at most a few stray
 *               characters with no meaning is the date; a line of a few
 *               glyphs with no CJK character and no digit is dropped.
 *
 * Lines are kept one for one.  Pure: no I/O, allocation via xalloc.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ocrfix.h"
#include "xalloc.h"

/* Stray characters a date line may carry and still be a bare date. */
#define OCRFIX_DATE_JUNK	4
/* Longest line of seal junk (glyphs without CJK or digits). */
#define OCRFIX_JUNK_LINE	6

struct line {
	uint32_t	*c;
	size_t		 n;
	size_t		 cap;
};

/* --- UTF-8 -------------------------------------------------------------- */

static size_t
ocrfix_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t	c;
	size_t		k, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		k = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		k = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		k = 4, c = s[0] & 0x07;
	else
		goto bad;
	if (n < k)
		goto bad;
	for (i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto bad;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((k == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ||
	    (k == 4 && (c < 0x10000 || c > 0x10ffff)))
		goto bad;
	*cp = c;
	return k;
bad:
	*cp = 0xfffd;
	return 1;
}

static size_t
ocrfix_encode(uint32_t c, char *o)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (char)(0xc0 | (c >> 6));
		o[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (char)(0xe0 | (c >> 12));
		o[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		o[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | (c >> 18));
	o[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	o[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

/* --- classes ------------------------------------------------------------ */

static int
is_han(uint32_t c)
{
	return (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) ||
	    (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x2ffff) ||
	    c == 0x3007;
}

/* CJK punctuation, full-width forms, and the marks set with them. */
static int
is_cjk(uint32_t c)
{
	return is_han(c) || (c >= 0x3001 && c <= 0x303f) ||
	    (c >= 0xff01 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffee) ||
	    (c >= 0x2014 && c <= 0x2026) || c == 0x00b7;
}

static int
is_blank(uint32_t c)
{
	return c == ' ' || c == '\t' || c == 0x3000 || c == 0xa0;
}

static int
is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

static int
is_bracket(uint32_t c)
{
	return c == '(' || c == ')' || c == '[' || c == ']' || c == '{' ||
	    c == '}' || c == '<' || c == '>';
}

/* Bracket-like glyphs OCR gives for 〔 and 〕. */
static int
is_open(uint32_t c)
{
	return c == '(' || c == '[' || c == '{' || c == '<' || c == 0xff08 ||
	    c == 0xff3b || c == 0xff5b || c == 0x3010 || c == 0x3014 ||
	    c == 0x3008 || c == 0x300a || c == 0x300c || c == 0x300e ||
	    c == 0x3016;
}

static int
is_close(uint32_t c)
{
	return c == ')' || c == ']' || c == '}' || c == '>' || c == 0xff09 ||
	    c == 0xff3d || c == 0xff5d || c == 0x3011 || c == 0x3015 ||
	    c == 0x3009 || c == 0x300b || c == 0x300d || c == 0x300f ||
	    c == 0x3017;
}

/* A letter OCR gives for a digit, inside a number: the digit or -1. */
static int
digit_lookalike(uint32_t c)
{
	switch (c) {
	case 'O': case 'o': case 0x3007: case 0x25cb:	/* 〇 ○ */
		return 0;
	case 'l': case 'I': case '|': case 0x4e28:	/* 丨 */
		return 1;
	}
	return -1;
}

/* A glyph OCR gives for an item number at the start of a list item. */
static int
item_lookalike(uint32_t c)
{
	switch (c) {
	case 0x5de5: case 'l': case 'I': case '|': case 0x4e28:	/* 工 丨 */
	case 'i': case ']': case 0x300d: case 0x3011:		/* 」 】 */
		return 1;
	case 'Z': case 'z': case 0x4e59:			/* 乙 */
		return 2;
	case 'S': case 's':
		return 5;
	case 'B':
		return 8;
	case 'O': case 'o':
		return 0;
	}
	return -1;
}

static int
is_item_sep(uint32_t c)
{
	return c == '.' || c == 0xff0e || c == 0x3001 || c == ',' ||
	    c == 0xff0c || c == 0x00b7;
}

/* --- line edits --------------------------------------------------------- */

static void
line_del(struct line *l, size_t at, size_t k)
{
	memmove(l->c + at, l->c + at + k, (l->n - at - k) * sizeof(*l->c));
	l->n -= k;
}

static size_t
skip_blanks(const struct line *l, size_t i)
{
	while (i < l->n && is_blank(l->c[i]))
		i++;
	return i;
}

/* One blank between CJK and anything, or between a bracket and a digit,
 * is OCR's; runs of two or more are the page's gaps.  Trailing blanks
 * go. */
static void
fix_blanks(struct line *l)
{
	size_t		i;
	uint32_t	a, b;

	while (l->n > 0 && is_blank(l->c[l->n - 1]))
		l->n--;
	for (i = 1; i + 1 < l->n; i++) {
		if (!is_blank(l->c[i]) || is_blank(l->c[i + 1]) ||
		    is_blank(l->c[i - 1]))
			continue;
		a = l->c[i - 1];
		b = l->c[i + 1];
		if (is_cjk(a) || is_cjk(b) || (is_bracket(a) && is_digit(b)) ||
		    (is_digit(a) && is_bracket(b))) {
			line_del(l, i, 1);
			i--;
		}
	}
}

/* A run of digits and look-alikes ending in 年月日号 or bracketed. */
static void
fix_numbers(struct line *l)
{
	size_t		i = 0, j, k, d;
	uint32_t	next, prev;

	while (i < l->n) {
		if (!is_digit(l->c[i]) && digit_lookalike(l->c[i]) < 0) {
			i++;
			continue;
		}
		for (j = i, d = 0; j < l->n && (is_digit(l->c[j]) ||
		    digit_lookalike(l->c[j]) >= 0); j++)
			d += is_digit(l->c[j]);
		k = skip_blanks(l, j);
		next = k < l->n ? l->c[k] : 0;
		prev = i > 0 ? l->c[i - 1] : 0;
		/* Needs one real digit, and a context that makes it a number:
		 * not the l of a Latin word. */
		if (d > 0 && (next == 0x5e74 ||
		    next == 0x6708 || next == 0x65e5 || next == 0x53f7 ||
		    is_close(next) || is_open(prev)) &&
		    (i == 0 || !((prev >= 'a' && prev <= 'z') ||
		    (prev >= 'A' && prev <= 'Z')))) {
			for (k = i; k < j; k++)
				if (!is_digit(l->c[k]))
					l->c[k] = '0' +
					    (uint32_t)digit_lookalike(l->c[k]);
		}
		i = j;
	}
}

static size_t
digits_at(const struct line *l, size_t i, size_t max)
{
	size_t	k = 0;

	while (i + k < l->n && k < max && is_digit(l->c[i + k]))
		k++;
	return k;
}

/* Han + [bracket] YYYY [bracket] N 号 → Han〔YYYY〕N号. */
static void
fix_docnos(struct line *l)
{
	size_t		i, p, y, q, nd, r, e, k, out;
	uint32_t	buf[32];
	int		open, close;

	for (i = 1; i < l->n; i++) {
		/* i: the first character after the organ's abbreviation. */
		if (!is_han(l->c[i - 1]) || l->c[i - 1] == 0x53f7)
			continue;
		p = skip_blanks(l, i);
		open = p < l->n && is_open(l->c[p]);
		y = skip_blanks(l, open ? p + 1 : p);
		if (digits_at(l, y, 5) != 4 || (l->c[y] != '1' &&
		    l->c[y] != '2'))
			continue;
		q = skip_blanks(l, y + 4);
		close = q < l->n && is_close(l->c[q]);
		if (!open && !close)
			continue;
		r = skip_blanks(l, close ? q + 1 : q);
		if ((nd = digits_at(l, r, 6)) == 0 || nd > 5)
			continue;
		e = skip_blanks(l, r + nd);
		if (e >= l->n || l->c[e] != 0x53f7)	/* 号 */
			continue;
		out = 0;
		buf[out++] = 0x3014;
		for (k = 0; k < 4; k++)
			buf[out++] = l->c[y + k];
		buf[out++] = 0x3015;
		for (k = 0; k < nd; k++)
			buf[out++] = l->c[r + k];
		buf[out++] = 0x53f7;
		/* One longer at most than what it replaces ([i, e]): a
		 * bracket OCR lost. */
		if (out > e + 1 - i) {
			if (out > e + 2 - i || l->n + 1 > l->cap)
				continue;
			memmove(l->c + e + 2, l->c + e + 1,
			    (l->n - e - 1) * sizeof(*l->c));
			l->n++;
			e++;
		}
		memcpy(l->c + i, buf, out * sizeof(*buf));
		line_del(l, i + out, e + 1 - i - out);
		i += out - 1;
	}
}

/* The item number at i of an attachment line.  0 when the line goes on
 * the list (*expect moves on), -1 when it is not an item. */
static int
fix_item(struct line *l, size_t i, int *expect)
{
	size_t	nd;
	int	v = 0, m;

	i = skip_blanks(l, i);
	if (i >= l->n)
		return -1;
	/* Blanks OCR put between the number and its stop. */
	nd = digits_at(l, i, 3);
	if (nd == 0 && item_lookalike(l->c[i]) >= 0)
		nd = 1;
	if (nd > 0 && i + nd < l->n && is_blank(l->c[i + nd]) &&
	    skip_blanks(l, i + nd) < l->n &&
	    is_item_sep(l->c[skip_blanks(l, i + nd)]))
		line_del(l, i + nd, skip_blanks(l, i + nd) - (i + nd));
	if ((nd = digits_at(l, i, 3)) > 0) {
		for (size_t k = 0; k < nd; k++)
			v = v * 10 + (int)(l->c[i + k] - '0');
		if (i + nd < l->n && is_item_sep(l->c[i + nd]) &&
		    (i + nd + 1 >= l->n || !is_digit(l->c[i + nd + 1]) ||
		    v == *expect)) {
			if (l->c[i + nd] == ',' || l->c[i + nd] == 0xff0c ||
			    l->c[i + nd] == 0x00b7)
				l->c[i + nd] = '.';
			*expect = v + 1;
			return 0;
		}
		return -1;
	}
	if ((m = item_lookalike(l->c[i])) >= 0 && m == *expect &&
	    i + 1 < l->n && is_item_sep(l->c[i + 1]) &&
	    (i + 2 >= l->n || !is_digit(l->c[i + 2]))) {
		l->c[i] = '0' + (uint32_t)m;
		if (l->c[i + 1] != 0x3001)
			l->c[i + 1] = '.';
		*expect = m + 1;
		return 0;
	}
	return -1;
}

/* 附件： and the items under it. */
static void
fix_attachments(struct line *l, int *active, int *expect)
{
	size_t	i = skip_blanks(l, 0), h = i;

	if (i >= l->n)
		return;			/* a blank line keeps the list open */
	/* A bullet or stray mark before 附件 (- • * ·). */
	while (h < l->n && h < i + 3 && (l->c[h] == '-' || l->c[h] == '*' ||
	    l->c[h] == 0x2022 || l->c[h] == 0x00b7 || l->c[h] == 0x2014 ||
	    is_blank(l->c[h])))
		h++;
	if (h + 1 < l->n && l->c[h] == 0x9644 && l->c[h + 1] == 0x4ef6) {
		size_t k = skip_blanks(l, h + 2);

		if (k < l->n && (l->c[k] == 0xff1a || l->c[k] == ':')) {
			*active = 1;
			*expect = 1;
			(void)fix_item(l, k + 1, expect);
			return;
		}
	}
	if (*active && fix_item(l, i, expect) == -1)
		*active = 0;
}

static int
is_cn_numeral(uint32_t c)
{
	return c == 0x3007 || c == 0x25cb || c == 0x96f6 || c == 0x4e00 ||
	    c == 0x4e8c || c == 0x4e09 || c == 0x56db || c == 0x4e94 ||
	    c == 0x516d || c == 0x4e03 || c == 0x516b || c == 0x4e5d ||
	    c == 0x5341;
}

/* A date part: 1..max digits (or Chinese numerals) and blanks, then the
 * unit.  The index after the unit, or 0. */
static size_t
date_part(const struct line *l, size_t i, size_t max, uint32_t unit)
{
	size_t	k = 0;
	int	cn = i < l->n && is_cn_numeral(l->c[i]);

	i = skip_blanks(l, i);
	while (i + k < l->n && k < max && (cn ? is_cn_numeral(l->c[i + k]) :
	    is_digit(l->c[i + k])))
		k++;
	if (k == 0)
		return 0;
	i = skip_blanks(l, i + k);
	return i < l->n && l->c[i] == unit ? i + 1 : 0;
}

/* Characters around a date that give it a meaning (印发, 起施行, 至, 于,
 * a bracket or a colon): their presence keeps the line as it is. */
static int
is_date_word(uint32_t c)
{
	static const uint32_t words[] = {
		0x5370, 0x53d1, 0x5e03, 0x8d77, 0x81f3, 0x6b62, 0x524d,
		0x540e, 0x4ee5, 0x4e4b, 0x65bd, 0x884c, 0x81ea, 0x4e8e,
		0x4ece, 0x5230, 0x622a, 0x671f, 0x6548, 0x6210, 0x7b7e,
		0x65e5, 0x5e74, 0x6708, 0x53f7, 0xff1a, ':', 0xff08, 0xff09,
		'(', ')', 0x3014, 0x3015, 0xff0c, 0x3002,
	};
	size_t i;

	if (is_digit(c))
		return 1;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (words[i] == c)
			return 1;
	return 0;
}

static void
fix_seal(struct line *l)
{
	size_t	i, a, m, d, nres = 0, k, nrule = 0, nhan = 0;
	size_t	ds = 0, de = 0;

	/* A line of a few glyphs with no CJK and no digit: seal junk. */
	for (i = 0, k = 0; i < l->n; i++) {
		if (is_blank(l->c[i]))
			continue;
		k++;
		if (is_cjk(l->c[i]) || is_digit(l->c[i]))
			nhan++;
		if (l->c[i] == '-' || l->c[i] == '_' || l->c[i] == '=')
			nrule++;
	}
	if (k > 0 && k <= OCRFIX_JUNK_LINE && nhan == 0 && nrule < 2) {
		l->n = 0;
		return;
	}
	/* The date on the line. */
	for (i = 0; i < l->n && de == 0; i++) {
		if (!is_digit(l->c[i]) && !is_cn_numeral(l->c[i]))
			continue;
		if (i > 0 && (is_digit(l->c[i - 1]) ||
		    is_cn_numeral(l->c[i - 1])))
			continue;
		if ((a = date_part(l, i, 4, 0x5e74)) == 0 ||	/* 年 */
		    (m = date_part(l, a, 3, 0x6708)) == 0 ||	/* 月 */
		    (d = date_part(l, m, 3, 0x65e5)) == 0)	/* 日 */
			continue;
		ds = i;
		de = d;
	}
	if (de == 0)
		return;
	for (i = 0; i < l->n; i++) {
		if ((i >= ds && i < de) || is_blank(l->c[i]))
			continue;
		if (is_date_word(l->c[i]))
			return;
		nres++;
	}
	/* A run of CJK characters before or after the date is words. */
	for (i = 0, k = 0; i < l->n; i++) {
		if (i >= ds && i < de)
			k = 0;
		else if (is_han(l->c[i]) && ++k >= 3)
			return;
		else if (!is_han(l->c[i]))
			k = 0;
	}
	if (nres == 0 || nres > OCRFIX_DATE_JUNK)
		return;
	/* The date alone, where it stood. */
	a = skip_blanks(l, 0);
	memmove(l->c + a, l->c + ds, (de - ds) * sizeof(*l->c));
	l->n = a + (de - ds);
}

/* A year in Chinese numerals of three, the first 〇 or 零, before 年:
 * OCR lost its leading 二 (two strokes read as a rule). */
static void
fix_cn_year(struct line *l)
{
	size_t	i, k;

	for (i = 0; i + 3 < l->n; i++) {
		if (l->c[i] != 0x3007 && l->c[i] != 0x96f6 && l->c[i] != 0x25cb)
			continue;
		if (i > 0 && is_cn_numeral(l->c[i - 1]))
			continue;
		for (k = 0; k < 3 && is_cn_numeral(l->c[i + k]); k++)
			;
		if (k != 3 || l->c[i + 3] != 0x5e74 || l->n + 1 > l->cap)
			continue;
		memmove(l->c + i + 1, l->c + i, (l->n - i) * sizeof(*l->c));
		l->c[i] = 0x4e8c;			/* 二 */
		l->n++;
		i += 4;
	}
}

/* 密级★保密期限: the star read as a look-alike (女 大 * x …) between the
 * 密级 and a number of 年 or 个月. */
static void
fix_secrecy(struct line *l)
{
	size_t	i, j;

	for (i = 0; i + 3 < l->n; i++) {
		if (l->c[i + 1] != 0x5bc6 || (l->c[i] != 0x7edd &&	/* 密 绝 */
		    l->c[i] != 0x673a && l->c[i] != 0x79d8))	/* 机 秘 */
			continue;
		j = skip_blanks(l, i + 2);
		if (j + 1 >= l->n || l->c[j] == 0x2605 || is_digit(l->c[j]))
			continue;
		if (!is_digit(l->c[skip_blanks(l, j + 1)]))
			continue;
		l->c[j] = 0x2605;				/* ★ */
		line_del(l, j + 1, skip_blanks(l, j + 1) - (j + 1));
		line_del(l, i + 2, j - (i + 2));
	}
}

/* The 附注 in brackets, （此件…）: an opening glyph OCR gave as 《 ( 〈
 * and a closing one as ) 》 are the full-width brackets. */
static void
fix_note(struct line *l)
{
	size_t	i = skip_blanks(l, 0), e = l->n;

	if (i + 2 >= l->n || !is_open(l->c[i]) || l->c[i + 1] != 0x6b64 ||
	    l->c[i + 2] != 0x4ef6)				/* 此件 */
		return;
	l->c[i] = 0xff08;
	while (e > i && is_blank(l->c[e - 1]))
		e--;
	if (e > i + 3 && is_close(l->c[e - 1]))
		l->c[e - 1] = 0xff09;
}

static void
fix_line(struct line *l, int *att, int *expect)
{
	fix_blanks(l);
	fix_numbers(l);
	fix_cn_year(l);
	fix_secrecy(l);
	fix_note(l);
	fix_docnos(l);
	fix_attachments(l, att, expect);
	fix_seal(l);
}

char *
ocrfix_text(const char *text, size_t len, size_t *outlen)
{
	const unsigned char	*s = (const unsigned char *)text;
	struct line		 l;
	uint32_t		*cps;
	char			*out;
	size_t			 i = 0, o = 0, k;
	int			 att = 0, expect = 1;

	/* A line of n code points has n bytes at least; each may grow by
	 * one (a lost bracket per 发文字号 of 7 bytes or more). */
	cps = xreallocarray(NULL, 2 * len + 2, sizeof(*cps));
	out = xmalloc(len * 3 + 16);	/* a byte becomes 3 at most */
	while (i < len) {
		l.c = cps;
		l.n = 0;
		l.cap = 2 * len + 2;
		while (i < len && s[i] != '\n') {
			if (s[i] == '\r') {
				i++;
				continue;
			}
			i += ocrfix_decode(s + i, len - i, &l.c[l.n]);
			l.n++;
		}
		fix_line(&l, &att, &expect);
		for (k = 0; k < l.n; k++)
			o += ocrfix_encode(l.c[k], out + o);
		if (i < len) {
			out[o++] = '\n';
			i++;
		}
	}
	out[o] = '\0';
	free(cps);
	*outlen = o;
	return out;
}
