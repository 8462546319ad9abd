/*
 * mailmsg_addr: the addresses docket sends to, parsed strictly: an ASCII
 * dot-atom, "@" and a domain (labels or a [literal]) within the RFC 5321
 * limits, with an optional display name; no comments, groups or quoted
 * local parts, because an address ends up in SMTP commands and on a
 * sendmail command line.  Lists are split on commas.  Moved out of
 * mailmsg.c, which composes the message.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errbuf.h"
#include "mailmsg_impl.h"
#include "utf8.h"

static int	 mailmsg_phrase(const char *, size_t, char *, size_t, char *,
		    size_t);

/* RFC 5322 atext: what an atom (and a dot-atom local part) is made of. */
int
mailmsg_atext(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL;
}

/*
 * An address as docket sends to it: dot-atom "@" domain (labels of
 * letters, digits and '-', or a [literal]), ASCII only, within the RFC
 * 5321 limits.
 */
int
mailmsg_addr_check(const char *a, size_t n, char *err, size_t errlen)
{
	const char	*at = NULL, *d, *label;
	char		 show[MAILMSG_QUOTE + 1];
	size_t		 i, nlocal, ndom;
	unsigned char	 c;

	errbuf_quote(a, n, MAILMSG_QUOTE, show, sizeof(show));
	if (n == 0) {
		errbuf_set(err, errlen, "empty address");
		return -1;
	}
	/* Line breaks, blanks and controls first: they may be an attack. */
	for (i = 0; i < n; i++) {
		c = (unsigned char)a[i];
		if (c == '\r' || c == '\n') {
			errbuf_set(err, errlen, "line break in address \"%s\"",
			    show);
			return -1;
		}
		if (c == ' ' || c == '\t') {
			errbuf_set(err, errlen, "space in address \"%s\"",
			    show);
			return -1;
		}
		if (c < 0x20 || c == 0x7f) {
			errbuf_set(err, errlen,
			    "control character in address \"%s\"", show);
			return -1;
		}
	}
	if ((at = memchr(a, '@', n)) == NULL) {
		errbuf_set(err, errlen, "no '@' in address \"%s\"", show);
		return -1;
	}
	if (memchr(at + 1, '@', n - (size_t)(at - a) - 1) != NULL) {
		errbuf_set(err, errlen, "more than one '@' in address \"%s\"",
		    show);
		return -1;
	}
	for (i = 0; i < n; i++)
		if ((unsigned char)a[i] >= 0x80) {
			errbuf_set(err, errlen, "non-ASCII address \"%s\" "
			    "(write the domain in its xn-- form)", show);
			return -1;
		}
	nlocal = (size_t)(at - a);
	d = at + 1;
	ndom = n - nlocal - 1;
	if (nlocal == 0 || ndom == 0) {
		errbuf_set(err, errlen, "nothing %s '@' in address \"%s\"",
		    nlocal == 0 ? "before" : "after", show);
		return -1;
	}
	if (nlocal > 64 || ndom > 255) {
		errbuf_set(err, errlen, "%s too long in address \"%s\"",
		    nlocal > 64 ? "local part" : "domain", show);
		return -1;
	}
	for (i = 0; i < nlocal; i++) {
		c = (unsigned char)a[i];
		if (c == '.') {
			if (i == 0 || i + 1 == nlocal || a[i + 1] == '.') {
				errbuf_set(err, errlen,
				    "misplaced '.' in address \"%s\"", show);
				return -1;
			}
		} else if (!mailmsg_atext(c)) {
			errbuf_set(err, errlen,
			    "invalid character '%c' in address \"%s\"", c,
			    show);
			return -1;
		}
	}
	if (d[0] == '[') {
		if (ndom < 3 || d[ndom - 1] != ']')
			goto baddomain;
		for (i = 1; i + 1 < ndom; i++) {
			c = (unsigned char)d[i];
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')
			    || (c >= 'A' && c <= 'Z') || c == '.' || c == ':'))
				goto baddomain;
		}
		return 0;
	}
	label = d;
	for (i = 0; i <= ndom; i++) {
		c = i < ndom ? (unsigned char)d[i] : '.';
		if (c == '.') {
			if (d + i == label || d + i - label > 63 ||
			    label[0] == '-' || d[i - 1] == '-')
				goto baddomain;
			label = d + i + 1;
		} else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')
		    || (c >= 'A' && c <= 'Z') || c == '-'))
			goto baddomain;
	}
	return 0;

baddomain:
	errbuf_set(err, errlen, "invalid domain in address \"%s\"", show);
	return -1;
}

/*
 * The display name before '<': words, "quoted strings" (with \" and \\)
 * or both, joined by single spaces; control characters count as blanks.
 */
static int
mailmsg_phrase(const char *s, size_t n, char *out, size_t outlen,
    char *err, size_t errlen)
{
	size_t		 i = 0, o = 0;
	int		 blank = 0;
	unsigned char	 c;

	while (i < n) {
		c = (unsigned char)s[i];
		if (c == ' ' || c < 0x20 || c == 0x7f) {
			blank = o > 0;
			i++;
			continue;
		}
		if (blank) {
			if (o + 1 >= outlen)
				goto toolong;
			out[o++] = ' ';
			blank = 0;
		}
		if (c == '"') {
			for (i++; i < n && s[i] != '"'; i++) {
				if (s[i] == '\\' && i + 1 < n)
					i++;
				if (o + 1 >= outlen)
					goto toolong;
				c = (unsigned char)s[i];
				out[o++] = c < 0x20 || c == 0x7f ? ' ' : s[i];
			}
			if (i >= n) {
				errbuf_set(err, errlen,
				    "unterminated quote in display name");
				return -1;
			}
			i++;
			continue;
		}
		if (o + 1 >= outlen)
			goto toolong;
		out[o++] = s[i++];
	}
	out[o] = '\0';
	return 0;

toolong:
	errbuf_set(err, errlen, "display name longer than %zu bytes",
	    outlen - 1);
	return -1;
}

int
mail_addr_parse(const char *s, struct mail_addr *out, char *err,
    size_t errlen)
{
	const char	*b, *e, *lt = NULL, *gt, *p;
	char		 show[MAILMSG_QUOTE + 1];
	int		 inq = 0;
	size_t		 n;

	memset(out, 0, sizeof(*out));
	if (s == NULL)
		s = "";
	b = s;
	e = s + strlen(s);
	while (b < e && (*b == ' ' || *b == '\t' || *b == '\r' || *b == '\n'))
		b++;
	while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
	    e[-1] == '\n'))
		e--;
	if (b == e) {
		errbuf_set(err, errlen, "empty address");
		return -1;
	}

	for (p = b; p < e; p++) {
		if (inq && *p == '\\' && p + 1 < e)
			p++;
		else if (*p == '"')
			inq = !inq;
		else if (!inq && *p == '<') {
			lt = p;
			break;
		}
	}
	if (lt == NULL) {
		if (inq) {
			errbuf_set(err, errlen,
			    "unterminated quote in display name");
			return -1;
		}
		errbuf_quote(b, (size_t)(e - b), MAILMSG_QUOTE, show,
		    sizeof(show));
		if (memchr(b, '>', (size_t)(e - b)) != NULL) {
			errbuf_set(err, errlen, "'>' without '<' in \"%s\"",
			    show);
			return -1;
		}
		if (strcspn(b, " \t") < (size_t)(e - b) &&
		    memchr(b, '@', (size_t)(e - b)) != NULL) {
			errbuf_set(err, errlen, "space in address \"%s\" "
			    "(write Name <address>)", show);
			return -1;
		}
		n = (size_t)(e - b);
		if (mailmsg_addr_check(b, n, err, errlen) == -1)
			return -1;
		if (n >= sizeof(out->addr)) {
			errbuf_set(err, errlen, "address too long");
			return -1;
		}
		memcpy(out->addr, b, n);
		return 0;
	}

	if ((gt = memchr(lt, '>', (size_t)(e - lt))) == NULL) {
		errbuf_set(err, errlen, "missing '>' after '<'");
		return -1;
	}
	if (gt + 1 != e) {
		errbuf_quote(gt + 1, (size_t)(e - gt - 1), MAILMSG_QUOTE,
		    show, sizeof(show));
		errbuf_set(err, errlen, "text after '>': \"%s\"", show);
		return -1;
	}
	n = (size_t)(gt - lt - 1);
	if (mailmsg_addr_check(lt + 1, n, err, errlen) == -1)
		return -1;
	if (n >= sizeof(out->addr)) {
		errbuf_set(err, errlen, "address too long");
		return -1;
	}
	if (mailmsg_phrase(b, (size_t)(lt - b), out->name, sizeof(out->name),
	    err, errlen) == -1) {
		memset(out, 0, sizeof(*out));
		return -1;
	}
	memcpy(out->addr, lt + 1, n);
	return 0;
}

int
mail_addr_list(const char *s, struct mail_addr **out, size_t *n, char *err,
    size_t errlen)
{
	struct mail_addr	*v = NULL, *tmp;
	const char		*p, *item;
	char			*one = NULL, why[256];
	size_t			 cap = 0, len, k = 0, nitem = 0;
	int			 inq = 0, inangle = 0;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		s = "";
	for (p = item = s;; p++) {
		if (*p != '\0' && !(*p == ',' && !inq && !inangle)) {
			if (inq && *p == '\\' && p[1] != '\0')
				p++;
			else if (*p == '"' && !inangle)
				inq = !inq;
			else if (*p == '<' && !inq)
				inangle = 1;
			else if (*p == '>' && !inq)
				inangle = 0;
			continue;
		}
		len = (size_t)(p - item);
		nitem++;
		if (strspn(item, " \t\r\n") < len) {
			if ((one = strndup(item, len)) == NULL)
				goto nomem;
			if (k == cap) {
				cap = cap == 0 ? 4 : cap * 2;
				if ((tmp = reallocarray(v, cap, sizeof(*v))) ==
				    NULL)
					goto nomem;
				v = tmp;
			}
			if (mail_addr_parse(one, &v[k], why, sizeof(why)) ==
			    -1) {
				errbuf_set(err, errlen, "address %zu: %s",
				    nitem, why);
				goto fail;
			}
			k++;
			free(one);
			one = NULL;
		}
		if (*p == '\0')
			break;
		item = p + 1;
	}
	if (k == 0) {
		errbuf_set(err, errlen, "no address");
		goto fail;
	}
	*out = v;
	*n = k;
	return 0;

nomem:
	errbuf_set(err, errlen, "out of memory");
fail:
	free(one);
	free(v);
	return -1;
}
