/*
 * termtext: what of a document's text a terminal may get as it is, and
 * the visible form of the rest (see termtext.h).
 */
#include <string.h>

#include "termtext.h"
#include "utf8.h"

/* The length of the plain character at s[0..n), or 0. */
static size_t
termtext_plain_len(const unsigned char *s, size_t n)
{
	size_t k;

	if (s[0] >= 0x20 && s[0] < 0x7f)
		return 1;
	if (s[0] == '\n' || s[0] == '\t')
		return 1;
	if (s[0] < 0x80)
		return 0;		/* C0, DEL */
	if ((k = utf8_valid_len(s, n)) == 0)
		return 0;		/* not UTF-8 */
	if (s[0] == 0xc2 && s[1] <= 0x9f)
		return 0;		/* C1: U+0080..U+009F */
	return k;
}

size_t
termtext_plain(const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, k;

	while (i < n && (k = termtext_plain_len(p + i, n - i)) > 0)
		i += k;
	return i;
}

size_t
termtext_mask(const char *s, size_t n, char rep[4])
{
	const unsigned char	c = (unsigned char)s[0];

	if (c < 0x20 || c == 0x7f) {
		rep[0] = '^';
		rep[1] = c == 0x7f ? '?' : (char)(c + 0x40);
		rep[2] = '\0';
		return 1;
	}
	memcpy(rep, "\xef\xbf\xbd", 4);		/* U+FFFD */
	if (c == 0xc2 && n >= 2 && (unsigned char)s[1] >= 0x80 &&
	    (unsigned char)s[1] <= 0x9f)
		return 2;			/* a C1 control */
	return 1;				/* a byte that is not UTF-8 */
}
