/*
 * width: East Asian Wide and Fullwidth characters take two terminal
 * columns (Unicode UAX #11); combining marks take none.  A table of the
 * ranges that occur in Chinese official text is enough here and does not
 * depend on the caller's locale.
 */
#include <stdint.h>
#include <string.h>

#include "width.h"

static size_t
width_decode(const unsigned char *s, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0 && (s[1] & 0xC0) == 0x80) {
		*cp = (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
		return 2;
	}
	if ((s[0] & 0xF0) == 0xE0 && (s[1] & 0xC0) == 0x80 &&
	    (s[2] & 0xC0) == 0x80) {
		*cp = (uint32_t)(s[0] & 0x0F) << 12 |
		    (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
		return 3;
	}
	if ((s[0] & 0xF8) == 0xF0 && (s[1] & 0xC0) == 0x80 &&
	    (s[2] & 0xC0) == 0x80 && (s[3] & 0xC0) == 0x80) {
		*cp = (uint32_t)(s[0] & 0x07) << 18 |
		    (uint32_t)(s[1] & 0x3F) << 12 |
		    (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
		return 4;
	}
	*cp = 0xFFFD;	/* invalid byte: one column */
	return 1;
}

static int
width_cp(uint32_t c)
{
	if (c == 0)
		return 0;
	if ((c >= 0x0300 && c <= 0x036F) || (c >= 0x200B && c <= 0x200F) ||
	    (c >= 0xFE00 && c <= 0xFE0F))
		return 0;
	if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
	    (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
	    (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
	    (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
	    (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
	    (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD))
		return 2;
	return 1;
}

size_t
width_strn(const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	const unsigned char	*end = p + n;
	size_t			 w = 0;
	uint32_t		 cp;

	while (p < end && *p) {
		p += width_decode(p, &cp);
		w += (size_t)width_cp(cp);
	}
	return w;
}

size_t
width_str(const char *s)
{
	return width_strn(s, strlen(s));
}

size_t
width_prefix(const char *s, size_t cols)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 w = 0, n;
	uint32_t		 cp;

	while (*p) {
		n = width_decode(p, &cp);
		if (w + (size_t)width_cp(cp) > cols)
			break;
		w += (size_t)width_cp(cp);
		p += n;
	}
	return (size_t)(p - (const unsigned char *)s);
}

size_t
width_char(const char *s, size_t *cols)
{
	uint32_t	 cp;
	size_t		 n;

	if (*s == '\0') {
		*cols = 0;
		return 0;
	}
	n = width_decode((const unsigned char *)s, &cp);
	*cols = (size_t)width_cp(cp);
	return n;
}
