/*
 * esc: quote names with control characters or invalid UTF-8 for logs and
 * terminals, as git quotes paths; valid UTF-8 text is left alone.  See
 * esc.h.  Pure: no I/O, no allocation.
 */
#include <stdio.h>
#include <string.h>

#include "esc.h"
#include "utf8.h"

/* Length of the printable character at s (valid UTF-8, not a control
 * character), or 0 when that byte must be escaped. */
static size_t
esc_plain_len(const unsigned char *s, size_t n)
{
	size_t	 k;
	uint32_t cp;

	if (s[0] < 0x20 || s[0] == 0x7f)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if ((k = utf8_valid_len(s, n)) == 0)
		return 0;
	utf8_decode(s, k, &cp);
	if (cp >= 0x80 && cp <= 0x9f)		/* C1: CSI is 0x9b */
		return 0;
	return k;
}

int
esc_clean(const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, k;

	while (i < n) {
		if ((k = esc_plain_len(p + i, n - i)) == 0)
			return 0;
		i += k;
	}
	return 1;
}

char *
esc_mask(const char *s, char *buf, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n = strlen(s), i = 0, o = 0, k;

	if (len == 0)
		return buf;
	while (i < n && o + 1 < len) {
		k = esc_plain_len(p + i, n - i);
		if (k == 0 || p[i] == '"' || p[i] == '\\') {
			buf[o++] = '?';
			i++;
			continue;
		}
		if (o + k >= len)
			break;
		memcpy(buf + o, s + i, k);
		o += k;
		i += k;
	}
	buf[o] = '\0';
	return buf;
}

int
esc_needed(const char *s)
{
	/* as git: a quote or backslash alone makes the name ambiguous */
	return s != NULL && (strpbrk(s, "\"\\") != NULL ||
	    !esc_clean(s, strlen(s)));
}

char *
esc_ctl(const char *s, char *buf, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n, i = 0, o = 0, k;
	char			 e[8];
	const char		*rep;

	if (len == 0)
		return buf;
	if (s == NULL) {
		snprintf(buf, len, "(null)");
		return buf;
	}
	n = strlen(s);
	if (!esc_needed(s)) {
		snprintf(buf, len, "%s", s);
		return buf;
	}
	if (len < 6) {		/* no room for even "..." */
		buf[0] = '\0';
		return buf;
	}
	buf[o++] = '"';
	while (i < n) {
		rep = NULL;
		k = esc_plain_len(p + i, n - i);
		if (k == 1 && (p[i] == '"' || p[i] == '\\')) {
			e[0] = '\\';
			e[1] = (char)p[i];
			e[2] = '\0';
			rep = e;
		} else if (k > 0) {
			/* printable: copied as is below */
		} else {
			switch (p[i]) {
			case '\a': rep = "\\a"; break;
			case '\b': rep = "\\b"; break;
			case '\t': rep = "\\t"; break;
			case '\n': rep = "\\n"; break;
			case '\v': rep = "\\v"; break;
			case '\f': rep = "\\f"; break;
			case '\r': rep = "\\r"; break;
			default:
				snprintf(e, sizeof(e), "\\%03o", p[i]);
				rep = e;
			}
			k = 1;
		}
		/* keep room for the closing quote, or "..." and the quote */
		if (rep != NULL) {
			if (o + strlen(rep) + 5 > len)
				break;
			memcpy(buf + o, rep, strlen(rep));
			o += strlen(rep);
		} else {
			if (o + k + 5 > len)
				break;
			memcpy(buf + o, p + i, k);
			o += k;
		}
		i += k;
	}
	if (i < n) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o++] = '"';
	buf[o] = '\0';
	return buf;
}

const char *
esc(const char *s)
{
	static _Thread_local char	ring[8][1024];
	static _Thread_local unsigned	next;

	return esc_ctl(s, ring[next++ % 8], sizeof(ring[0]));
}
