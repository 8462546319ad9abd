/*
 * spoolname: encode and decode spool file names (see spoolname.h).
 * A name that is too long for the file system loses the end of its stem,
 * never its timestamp, agency or extension (the extension decides how
 * the file is read), so the claim still succeeds.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spoolname.h"

#define SPOOLNAME_MAX	255
#define SPOOLNAME_EXT_MAX	16	/* ".xxx": longer is not an extension */

static size_t
spoolname_escape(char *dst, size_t len, const char *src)
{
	const unsigned char	*p = (const unsigned char *)src;
	size_t			 n = 0, clen, i;

	while (*p != '\0') {
		if (*p == '%' || *p == '#') {
			if (n + 3 >= len)
				break;
			n += (size_t)snprintf(dst + n, len - n, "%%%02X", *p);
			p++;
			continue;
		}
		/* Copy whole UTF-8 characters only: a cut name stays valid. */
		clen = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC0 ? 2 : 1;
		for (i = 1; i < clen; i++)
			if (p[i] == '\0')
				clen = i;
		if (n + clen >= len)
			break;
		memcpy(dst + n, p, clen);
		n += clen;
		p += clen;
	}
	dst[n] = '\0';
	return n;
}

static int
spoolname_unescape(char *dst, size_t len, const char *src, size_t srclen)
{
	size_t	i, n = 0;
	char	hex[3];

	for (i = 0; i < srclen; i++) {
		if (n + 1 >= len)
			return -1;
		if (src[i] == '%' && i + 2 < srclen) {
			hex[0] = src[i + 1];
			hex[1] = src[i + 2];
			hex[2] = '\0';
			dst[n++] = (char)strtol(hex, NULL, 16);
			i += 2;
		} else
			dst[n++] = src[i];
	}
	dst[n] = '\0';
	return 0;
}

int
spoolname_make(char *buf, size_t len, int64_t ms, unsigned int seq,
    const char *agency, const char *name)
{
	char		 ea[SPOOLNAME_MAX + 1], en[SPOOLNAME_MAX + 1];
	char		 ee[SPOOLNAME_EXT_MAX * 3 + 1], *stem;
	const char	*dot;
	size_t		 room, elen, slen;
	int		 n;

	spoolname_escape(ea, 96, agency ? agency : "");
	n = snprintf(buf, len, "%013" PRId64 "-%06u#%s#", ms, seq % 1000000,
	    ea);
	if (n < 0 || (size_t)n >= len || n >= SPOOLNAME_MAX)
		return -1;
	room = (size_t)(SPOOLNAME_MAX - n);
	spoolname_escape(en, room + 1, name);
	if (en[0] == '\0')
		return -1;
	/*
	 * Cut: the extension decides the format, so a shortened name keeps
	 * it and loses the end of its stem instead.
	 */
	dot = strrchr(name, '.');
	if (dot != NULL && dot != name && strlen(dot) <= SPOOLNAME_EXT_MAX &&
	    ((elen = spoolname_escape(ee, sizeof(ee), dot)) > strlen(en) ||
	    strcmp(en + strlen(en) - elen, ee) != 0)) {
		if (elen >= room)
			return -1;
		stem = strndup(name, (size_t)(dot - name));
		if (stem == NULL)
			return -1;
		slen = spoolname_escape(en, room - elen + 1, stem);
		free(stem);
		if (slen == 0)
			return -1;
		memcpy(en + slen, ee, elen + 1);
	}
	if ((size_t)n + strlen(en) >= len)
		return -1;
	strcat(buf, en);
	return 0;
}

int
spoolname_parse(const char *spool, int64_t *ms, char *agency, size_t alen,
    char *name, size_t nlen)
{
	const char	*h1, *h2;
	char		*end;

	*ms = strtoll(spool, &end, 10);
	if (end == spool || *end != '-')
		return -1;
	if ((h1 = strchr(spool, '#')) == NULL ||
	    (h2 = strchr(h1 + 1, '#')) == NULL || h2[1] == '\0')
		return -1;
	if (spoolname_unescape(agency, alen, h1 + 1, (size_t)(h2 - h1 - 1))
	    == -1)
		return -1;
	return spoolname_unescape(name, nlen, h2 + 1, strlen(h2 + 1));
}
