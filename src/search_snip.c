/*
 * search_snip: the snippet of a hit (search_snip.h): a window of its text
 * around the places of the query (search_places), the places between
 * \x01 and \x02.  Pure: the text and the places in, a string out.
 *
 * FTS5's snippet() marks the instances of each term it is given, and a
 * phrase's bigrams overlap (预算 算公 公开 in 预算公开): given overlapping
 * instances it wrote parts of the text twice.  Here a place is a whole
 * piece as the query matched it, and overlapping places are one.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "search_narrow.h"
#include "search_snip.h"
#include "utf8.h"
#include "xalloc.h"

/* A blank does not count towards the window's width. */
static int
snip_blank(const char *t, size_t len, size_t i, size_t *clen)
{
	uint32_t	cp;

	*clen = utf8_decode((const unsigned char *)t + i, len - i, &cp);
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
	    cp == 0x3000;
}

/* The offset `n` characters before i (at a character's start). */
static size_t
snip_back(const char *t, size_t i, size_t n)
{
	while (i > 0 && n > 0) {
		i--;
		while (i > 0 && ((unsigned char)t[i] & 0xc0) == 0x80)
			i--;
		n--;
	}
	return i;
}

/* The offset after `width` characters that are not blanks from i. */
static size_t
snip_forward(const char *t, size_t len, size_t i, size_t width)
{
	size_t	clen, n = 0;

	while (i < len && n < width) {
		if (!snip_blank(t, len, i, &clen))
			n++;
		i += clen;
	}
	return i;
}

/* Where the last `width` characters that are not blanks begin. */
static size_t
snip_tail(const char *t, size_t len, size_t width)
{
	size_t	i = len, n = 0, clen;

	while (i > 0 && n < width) {
		i = snip_back(t, i, 1);
		if (!snip_blank(t, len, i, &clen))
			n++;
	}
	return i;
}

#define SNIP_ANCHORS	256	/* places tried as the window's first */

char *
search_snip(const char *text, size_t len, const struct search_span *sp,
    size_t n, size_t width)
{
	size_t	best = 0, bestn = 0, ws, we, i, k, c, o = 0, cap;
	char	*out;
	int	 open;

	/* The window where the most places begin; the first such.  (A place
	 * longer than the window is cut at its end.) */
	for (i = 0; i < n && i < SNIP_ANCHORS; i++) {
		ws = snip_back(text, sp[i].start, width / 4);
		we = snip_forward(text, len, ws, width);
		for (c = 0, k = i; k < n && sp[k].start < we; k++)
			c++;
		if (c > bestn) {
			bestn = c;
			best = ws;
		}
	}
	ws = best;
	we = snip_forward(text, len, ws, width);
	/* At the text's end: a full window, from further back. */
	if (we == len && (i = snip_tail(text, len, width)) < ws)
		ws = i;
	cap = (we - ws) + 2 * n + 16;
	out = xmalloc(cap);
	if (ws > 0) {
		memcpy(out + o, "\xe2\x80\xa6", 3);	/* … */
		o += 3;
	}
	for (k = 0; k < n && sp[k].end <= ws; k++)
		;
	open = k < n && sp[k].start < ws;	/* cut by the window */
	if (open)
		out[o++] = '\x01';
	for (i = ws; i < we; i++) {
		if (!open && k < n && sp[k].start == i) {
			out[o++] = '\x01';
			open = 1;
		}
		out[o++] = text[i];
		if (open && sp[k].end == i + 1) {
			out[o++] = '\x02';
			open = 0;
			k++;
		}
	}
	if (open)
		out[o++] = '\x02';
	if (we < len) {
		memcpy(out + o, "\xe2\x80\xa6", 3);
		o += 3;
	}
	out[o] = '\0';
	return out;
}
