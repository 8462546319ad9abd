/*
 * gongwen_docno: the 发文字号 (agency code + 〔year〕 + number + 号) in
 * any bracket form, with the blanks PDF extraction inserts and the damage
 * it does (〔201510号), normalised to 〔year〕; and whether a line is a
 * docno line of its own rather than a reference in a sentence.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gongwen_impl.h"
#include "textblank.h"

static size_t gw_skip_gap(const char *, size_t, size_t);
static int gw_docno_label(const char *, size_t);

/* Step over the few blanks PDF extraction puts inside a docno. */
static size_t
gw_skip_gap(const char *s, size_t n, size_t at)
{
	size_t	k, i;

	for (i = 0; i < 4 && at < n && (k = textblank_len(s + at, n - at)) > 0;
	    i++)
		at += k;
	return at;
}

/*
 * A docno whose bracket opens at s[at]: agency code, 〔year〕, number, 号,
 * blanks allowed around the parts.  A damaged 〔201510号 (no closing
 * bracket) still reads as 〔2015〕10号.  On success *start and *end delimit it
 * and norm (at least normlen bytes) gets the normalised form.
 */
int
gw_docno_at(const char *s, size_t n, size_t at, size_t *start, size_t *end,
    char *norm, size_t normlen)
{
	char		year[5], num[8];
	size_t		i, k, cstart, code_chars, nyear = 0, nnum = 0, gap;
	size_t		run, blank;
	uint32_t	cp;
	int		d;

	/* The agency code: Han characters just before the bracket. */
	cstart = at;
	for (gap = 0; cstart > 0 && gap < 3; gap++) {
		k = gw_u8_back(s, cstart);
		if (textblank_len(s + cstart - k, k) != k)
			break;
		cstart -= k;
	}
	i = cstart;
	/*
	 * A letter-spaced code (淄 财 预) is read across single blanks; a
	 * blank after a longer run ends it (文号 淄财预〔…).
	 */
	for (code_chars = 0, run = 0; cstart > 0 && code_chars <= GW_CODE_MAX;
	    code_chars++, run++) {
		k = gw_u8_back(s, cstart);
		cp = gw_u8(s + cstart - k, k, &k);
		if (run == 1 && textblank_is(cp) && cstart > k) {
			blank = k;
			k = gw_u8_back(s, cstart - blank);
			cp = gw_u8(s + cstart - blank - k, k, &k);
			if (gw_han(cp)) {
				cstart -= blank;
				run = 0;
			}
		}
		if (!gw_han(cp))
			break;
		cstart -= k;
	}
	if (code_chars == 0 || code_chars > GW_CODE_MAX)
		return -1;

	k = gw_match_any(s + at, n - at, gw_open_brackets,
	    gw_nopen_brackets);
	if (k == 0)
		return -1;
	at += k;
	at = gw_skip_gap(s, n, at);
	while (at < n && nyear < 4 &&
	    (d = gw_digit(gw_u8(s + at, n - at, &k))) >= 0) {
		year[nyear++] = (char)('0' + d);
		at += k;
	}
	if (nyear != 4 || (year[0] != '1' && year[0] != '2'))
		return -1;
	year[4] = '\0';
	at = gw_skip_gap(s, n, at);
	k = gw_match_any(s + at, n - at, gw_close_brackets,
	    gw_nclose_brackets);
	if (k > 0)
		at = gw_skip_gap(s, n, at + k);
	else if (at >= n || gw_digit(gw_u8(s + at, n - at, &k)) < 0)
		return -1;
	while (at < n && (d = gw_digit(gw_u8(s + at, n - at, &k))) >= 0) {
		if (nnum >= sizeof(num) - 1)
			return -1;
		num[nnum++] = (char)('0' + d);
		at += k;
	}
	if (nnum == 0)
		return -1;
	num[nnum] = '\0';
	at = gw_skip_gap(s, n, at);
	if (!gw_starts(s + at, n - at, "号"))
		return -1;
	at += strlen("号");

	/* code + 〔 + year + 〕 + number + 号 */
	if ((i - cstart) + 3 + 4 + 3 + nnum + 3 + 1 > normlen)
		return -1;
	for (k = 0, gap = cstart; gap < i;) {
		if ((blank = textblank_len(s + gap, i - gap)) > 0)
			gap += blank;
		else
			norm[k++] = s[gap++];
	}
	norm[k] = '\0';
	strcat(norm, "〔");
	strcat(norm, year);
	strcat(norm, "〕");
	strcat(norm, num);
	strcat(norm, "号");
	*start = cstart;
	*end = at;
	return 0;
}

/* The first docno in s[0..n). */
int
gw_docno_find(const char *s, size_t n, size_t *start, size_t *end,
    char *norm, size_t normlen)
{
	size_t	i;

	/* Every opening bracket starts with ( [ or the lead byte e3 or ef;
	 * in valid UTF-8 none of them stands inside a character. */
	for (i = 0; i < n; i++) {
		if (s[i] != '(' && s[i] != '[' && (unsigned char)s[i] != 0xe3 &&
		    (unsigned char)s[i] != 0xef)
			continue;
		if (gw_match_any(s + i, n - i, gw_open_brackets,
		    gw_nopen_brackets) > 0 &&
		    gw_docno_at(s, n, i, start, end, norm, normlen) == 0)
			return 0;
	}
	return -1;
}

/* A label such as 发文字号： or 文号: (web pages show the docno so). */
static int
gw_docno_label(const char *p, size_t n)
{
	textblank_trim(&p, &n);
	if (!gw_ends(p, n, "：") && !gw_ends(p, n, ":"))
		return 0;
	return n <= 24 && (gw_find(p, n, "文号") != NULL ||
	    gw_find(p, n, "字号") != NULL);
}

/*
 * A docno standing as a line of its own (or beside 签发人), not one quoted
 * in a sentence or in parentheses.
 */
int
gw_docno_line(const struct gw_line *l, char *norm, size_t normlen)
{
	struct gw_line	*w = (struct gw_line *)(uintptr_t)l;
	size_t		 start, end, from = 0, k;

	if (!(l->flags & GW_LF_OPEN) || (l->known & GW_LC_NODOCNO))
		return -1;
	while (from < l->n && gw_docno_find(l->p + from, l->n - from, &start,
	    &end, norm, normlen) == 0) {
		start += from;
		end += from;
		if ((start == 0 || textblank_len(l->p + start - 1, 1) == 1 ||
		    (start >= 3 && textblank_len(l->p + start - 3, 3) == 3) ||
		    gw_docno_label(l->p, start)) &&
		    (end == l->n || textblank_len(l->p + end, l->n - end) > 0 ||
		    /* PDF text may lose the blank before 签发人. */
		    gw_find_spaced(l->p + end, l->n - end, "签发人", &k) ==
		    l->p + end) &&
		    gw_find(l->p, start, "（") == NULL &&
		    gw_find(l->p, start, "(") == NULL &&
		    gw_find(l->p, start, "《") == NULL &&
		    gw_find(l->p, start, "。") == NULL)
			return 0;
		from = end;
	}
	if (normlen >= GW_NORM_MAX)
		w->known |= GW_LC_NODOCNO;
	return -1;
}
