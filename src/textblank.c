/*
 * textblank: the one definition of a blank in 公文 text (see textblank.h),
 * with the trimming and stripping that gongwen, marking and domains share.
 */
#include <stdlib.h>
#include <string.h>

#include "textblank.h"
#include "utf8.h"

int
textblank_is(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\f' ||
	    cp == '\v' || cp == 0x3000 || cp == 0xa0 || cp == 0xfeff ||
	    (cp >= 0x2000 && cp <= 0x200b);
}

/* textblank_len past its inline test: a lead byte that can open a
 * blank. */
size_t
textblank_len_mb(const char *s, size_t n)
{
	uint32_t	cp;
	size_t		k;

	if (utf8_valid_len((const unsigned char *)s, n) == 0)
		return 0;
	k = utf8_decode((const unsigned char *)s, n, &cp);
	return textblank_is(cp) ? k : 0;
}

/* Length of the last (possibly invalid) character of p[0..n), n >= 1. */
static size_t
textblank_last(const char *p, size_t n)
{
	size_t k = 1;

	while (k < n && k < 4 && ((unsigned char)p[n - k] & 0xc0) == 0x80)
		k++;
	return k;
}

void
textblank_trim(const char **pp, size_t *np)
{
	const char	*p = *pp;
	size_t		 n = *np, k;

	while (n > 0 && (k = textblank_len(p, n)) > 0) {
		p += k;
		n -= k;
	}
	while (n > 0) {
		k = textblank_last(p, n);
		if (textblank_len(p + n - k, k) != k)
			break;
		n -= k;
	}
	*pp = p;
	*np = n;
}

char *
textblank_dup_strip(const char *p, size_t n, int eol)
{
	char	*out;
	size_t	 i, j, k;

	if ((out = malloc(n + 1)) == NULL)
		return NULL;
	for (i = j = 0; i < n; i += k) {
		if ((k = textblank_len(p + i, n - i)) > 0)
			continue;
		if (eol && p[i] == '\n') {
			k = 1;
			continue;
		}
		k = 1;
		out[j++] = p[i];
	}
	out[j] = '\0';
	return out;
}
