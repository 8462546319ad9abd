/*
 * textnorm: undo what a PDF extractor does to Chinese text.  pdftotext
 * puts a blank wherever two glyph runs are apart on the page, and in a
 * 公文 they are apart wherever the font changes (digits are set in a Latin
 * font: "2023 年 8 月 25 日", "淄建字〔2023〕52 号") and wherever a line is
 * letter-spaced ("关 于").  Those blanks break the date, docno and title
 * matching in gongwen, so a single blank goes when a CJK character or a
 * wide bracket is on one side and a digit, a bracket or (for a one-char
 * word) another CJK character on the other.  What a blank between two
 * Latin words means is left alone, as are runs of blanks (columns in
 * -layout output) and a blank between two CJK words of two characters or
 * more (joint issuers signing side by side).  Lines are never joined.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "textnorm.h"
#include "utf8.h"

enum tn_class {
	TN_SEP,		/* a blank: space, tab, U+3000, U+00A0 */
	TN_H,		/* CJK: Han, kana, fullwidth forms, CJK punctuation */
	TN_WBR,		/* a wide bracket: 〔〕（）【】《》… */
	TN_ABR,		/* an ASCII bracket */
	TN_D,		/* an ASCII digit */
	TN_L,		/* anything else: Latin letters, ASCII punctuation */
};

static int		 tn_wide(uint32_t);
static enum tn_class	 tn_class(uint32_t);
static int		 tn_join(uint32_t, uint32_t, int);
static size_t		 tn_line(const uint32_t *, size_t, char *);

/* Decode one character (U+FFFD for a byte that starts no valid UTF-8
 * sequence: no overlongs, no surrogates, nothing above U+10FFFF). */
/* East Asian wide or fullwidth (not Hangul), and the punctuation that is
 * set full width in Chinese text: — ‘ ’ “ ” … ·. */
static int
tn_wide(uint32_t cp)
{
	return utf8_is_cjk(cp) ||
	    cp == 0x2014 || (cp >= 0x2018 && cp <= 0x201d) || cp == 0x2026 ||
	    cp == 0x00b7;
}

static enum tn_class
tn_class(uint32_t cp)
{
	if (cp == ' ' || cp == '\t' || cp == 0x3000 || cp == 0xa0)
		return TN_SEP;
	if (cp >= '0' && cp <= '9')
		return TN_D;
	if (cp == '(' || cp == ')' || cp == '[' || cp == ']')
		return TN_ABR;
	if ((cp >= 0x3008 && cp <= 0x3011) || (cp >= 0x3014 && cp <= 0x301b) ||
	    cp == 0xff08 || cp == 0xff09 || cp == 0xff3b || cp == 0xff3d ||
	    cp == 0xff5b || cp == 0xff5d || cp == 0xff5f || cp == 0xff60)
		return TN_WBR;
	return tn_wide(cp) ? TN_H : TN_L;
}

/* Whether the single blank between a and b goes; one is 1 when the word
 * on either side of it is one character long. */
static int
tn_join(uint32_t a, uint32_t b, int one)
{
	enum tn_class	ca = tn_class(a), cb = tn_class(b);

	if (ca == TN_SEP || cb == TN_SEP)
		return 0;
	if (ca == TN_WBR || cb == TN_WBR)
		return 1;
	if (ca == TN_H && (cb == TN_D || cb == TN_ABR))
		return 1;
	if ((ca == TN_D || ca == TN_ABR) && cb == TN_H)
		return 1;
	if (ca == TN_H && cb == TN_H)
		return one;
	return 0;
}

/* One line (no terminator) into out; returns the bytes written. */
static size_t
tn_line(const uint32_t *cp, size_t m, char *out)
{
	size_t	i, j, o = 0, word = 0;
	int	one;

	while (m > 0 && tn_class(cp[m - 1]) == TN_SEP)
		m--;
	for (i = 0; i < m; i++) {
		if (cp[i] != ' ') {
			o += utf8_encode(cp[i], out + o);
			word = tn_class(cp[i]) == TN_SEP ? 0 : word + 1;
			continue;
		}
		for (j = i; j < m && cp[j] == ' '; j++)
			;
		/* j < m: trailing blanks are gone */
		one = word == 1 || j + 1 == m ||
		    tn_class(cp[j + 1]) == TN_SEP;
		if (i == 0 || j - i != 1 || !tn_join(cp[i - 1], cp[j], one)) {
			memset(out + o, ' ', j - i);
			o += j - i;
		}
		word = 0;
		i = j - 1;
	}
	return o;
}

char *
textnorm_cjk_spaces(const char *text, size_t *len)
{
	const unsigned char	*p, *q, *end;
	uint32_t		*cp = NULL, *tmp;
	char			*out;
	size_t			 n, o = 0, m, cap = 0, k, w;

	if (len != NULL)
		*len = 0;
	if (text == NULL)
		text = "";
	n = strlen(text);
	/* A byte becomes at most U+FFFD (3 bytes); one newline is added. */
	if (n > (SIZE_MAX - 2) / 3 || (out = malloc(n * 3 + 2)) == NULL)
		return NULL;
	p = (const unsigned char *)text;
	end = p + n;
	while (p < end) {
		for (q = p; q < end && *q != '\n' && *q != '\r' && *q != '\f';
		    q++)
			;
		if ((size_t)(q - p) > cap) {
			cap = (size_t)(q - p);
			if ((tmp = reallocarray(cp, cap, sizeof(*cp))) == NULL) {
				free(cp);
				free(out);
				return NULL;
			}
			cp = tmp;
		}
		for (m = 0; p < q; p += k)
			k = utf8_decode(p, (size_t)(q - p), &cp[m++]);
		w = tn_line(cp, m, out + o);
		o += w;
		if (q == end)
			break;
		if (*q == '\f' && w == 0) {
			p = q + 1;	/* a page break at a line start */
			continue;
		}
		out[o++] = '\n';
		if (*q == '\r' && q + 1 < end && q[1] == '\n')
			q++;
		p = q + 1;
	}
	free(cp);
	while (o > 0 && out[o - 1] == '\n')
		o--;
	if (o > 0)
		out[o++] = '\n';
	out[o] = '\0';
	if (len != NULL)
		*len = o;
	return out;
}
