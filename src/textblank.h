/*
 * textblank: what counts as a blank in the text of a 公文, and trimming
 * and stripping it.  PDF and OFD extraction scatter blanks of every kind
 * through CJK text: ASCII space and tab, the ideographic space U+3000,
 * no-break space U+00A0, a stray BOM U+FEFF and the typographic spaces
 * U+2000..U+200B.  gongwen, marking and domains read fields with the same
 * notion of a blank, so it is defined once, here.  Line ends are not
 * blanks: callers work line by line.  Pure; no allocation but in
 * textblank_dup_strip.
 */
#ifndef DOCKET_TEXTBLANK_H
#define DOCKET_TEXTBLANK_H

#include <stddef.h>
#include <stdint.h>

/* 1 when the scalar value cp is a blank. */
int	 textblank_is(uint32_t cp);
/* Length in bytes of the blank at s[0..n), or 0 when there is none.
 * Inline, for the reader calls it at nearly every character: only the
 * lead bytes that can open a blank (U+00A0, U+2000-U+200B, U+3000,
 * U+FEFF) take the call. */
size_t	 textblank_len_mb(const char *s, size_t n);
static inline size_t
textblank_len(const char *s, size_t n)
{
	unsigned char	c;

	if (n == 0)
		return 0;
	c = (unsigned char)s[0];
	if (c < 0x80)
		return c == ' ' || c == '\t' || c == '\r' || c == '\f' ||
		    c == '\v';
	if (c != 0xc2 && c != 0xe2 && c != 0xe3 && c != 0xef)
		return 0;
	return textblank_len_mb(s, n);
}
/* Move *pp and shrink *np past the blanks at both ends. */
void	 textblank_trim(const char **pp, size_t *np);
/* A malloc'd copy of p[0..n) without any blank (and without line ends
 * when eol is set); NULL when out of memory. */
char	*textblank_dup_strip(const char *p, size_t n, int eol);

#endif
