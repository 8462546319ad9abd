/*
 * errbuf: the one place that formats a reason into an error buffer.  A
 * reason cut short by a small buffer never ends in half a UTF-8
 * character (reasons quote file and entry names, often Chinese).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "errbuf.h"

void
errbuf_set(char *err, size_t errlen, const char *fmt, ...)
{
	va_list		ap;
	int		rc;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	rc = vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	if (rc >= 0 && (size_t)rc >= errlen)
		errbuf_cut(err);
}

void
errbuf_cut(char *err)
{
	size_t		n = strlen(err), k, need;
	unsigned char	c;

	for (k = n; k > 0 && ((unsigned char)err[k - 1] & 0xc0) == 0x80; k--)
		;
	if (k > 0 && (unsigned char)err[k - 1] >= 0xc0) {
		c = (unsigned char)err[k - 1];
		need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
		if (n - (k - 1) < need)
			err[k - 1] = '\0';
	}
}

void
errbuf_quote(const char *s, size_t n, size_t max, char *out, size_t outlen)
{
	size_t	i;

	if (outlen == 0)
		return;
	if (n > max || n >= outlen) {
		n = n > max ? max : n;
		n = n >= outlen ? outlen - 1 : n;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	for (i = 0; i < n; i++)
		out[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' :
		    s[i];
	out[n] = '\0';
}
