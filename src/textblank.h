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
/* Length in bytes of the blank at s[0..n), or 0 when there is none. */
size_t	 textblank_len(const char *s, size_t n);
/* Move *pp and shrink *np past the blanks at both ends. */
void	 textblank_trim(const char **pp, size_t *np);
/* A malloc'd copy of p[0..n) without any blank (and without line ends
 * when eol is set); NULL when out of memory. */
char	*textblank_dup_strip(const char *p, size_t n, int eol);

#endif
