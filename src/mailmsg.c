/*
 * mailmsg: the mail that docket sends is one message, composed here in
 * full before any transport sees it.  Addresses are parsed strictly (an
 * ASCII dot-atom and a domain; no comments, groups or quoted local parts)
 * because they end up in SMTP commands and on a sendmail command line.
 * Display names, the subject and attachment file names are free text, and
 * may come from a document's title: every control character in them is
 * made a space and invalid UTF-8 becomes U+FFFD before anything is
 * written, so a CR or LF can never end a header early.  Text that is not
 * plain printable ASCII goes out as RFC 2047 base64 encoded-words cut
 * between characters, folded so that no line holding one exceeds 76
 * characters; file names as RFC 2231 parameters.  Bodies and attachments
 * are base64, so the message is 7-bit clean and no body line can be "."
 * or a MIME boundary.
 */

#include <sys/random.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "errbuf.h"
#include "mailmsg.h"
#include "strbuf.h"
#include "utf8.h"

/* Fold plain header text before this column. */
#define MAILMSG_LINE		78
/* Lines holding an encoded-word stay within this (RFC 2047 section 2). */
#define MAILMSG_EWLINE		76
/* Longest encoded-word. */
#define MAILMSG_EWMAX		75
/* "=?UTF-8?B?" and "?=". */
#define MAILMSG_EWOVER		12
/* Base64 characters in one body line. */
#define MAILMSG_B64LINE		76
/* Longest attachment file name, in bytes. */
#define MAILMSG_FNAME_MAX	255
/* Longest content type. */
#define MAILMSG_CTYPE_MAX	200
/* Encoded characters in one RFC 2231 file name segment. */
#define MAILMSG_SEG		45
/* Bytes of an address quoted in a reason. */
#define MAILMSG_QUOTE		64

/* Append a string literal. */
#define MAILMSG_LIT(sb, lit)	strbuf_add((sb), (lit), sizeof(lit) - 1)

/* One header field being written: where the line is, for folding. */
struct mailmsg_hdr {
	struct strbuf	*sb;
	size_t		 col;	/* bytes since the last CRLF */
	int		 first;	/* nothing after the field name yet */
	int		 glue;	/* next token goes on without a space */
};

static void	 mailmsg_random(unsigned char *, size_t);
static void	 mailmsg_hex(const unsigned char *, size_t, char *);
static int	 mailmsg_atext(unsigned char);
static int	 mailmsg_tspecial(unsigned char);
static int	 mailmsg_attrchar(unsigned char);
static int	 mailmsg_addr_check(const char *, size_t, char *, size_t);
static int	 mailmsg_phrase(const char *, size_t, char *, size_t, char *,
		    size_t);
static char	*mailmsg_clean(const char *, size_t);
static int	 mailmsg_printable(const char *);
static size_t	 mailmsg_charlen(unsigned char);
static void	 mailmsg_b64(const unsigned char *, size_t, char *);
static void	 mailmsg_b64_lines(struct strbuf *, const char *, size_t);
static void	 mailmsg_begin(struct mailmsg_hdr *, struct strbuf *,
		    const char *);
static void	 mailmsg_end(struct mailmsg_hdr *);
static void	 mailmsg_tok(struct mailmsg_hdr *, const char *, size_t,
		    size_t);
static void	 mailmsg_raw(struct mailmsg_hdr *, const char *, size_t);
static void	 mailmsg_fold(struct mailmsg_hdr *);
static void	 mailmsg_encoded(struct mailmsg_hdr *, const char *, size_t,
		    size_t);
static void	 mailmsg_quoted(struct strbuf *, const char *);
static int	 mailmsg_text(struct mailmsg_hdr *, const char *);
static int	 mailmsg_mailbox_check(const struct mail_addr *, char *,
		    size_t);
static int	 mailmsg_mailbox(struct mailmsg_hdr *, const struct mail_addr *);
static void	 mailmsg_date(struct strbuf *, int64_t);
static int	 mailmsg_ctype_check(const char *, char *, size_t);
static int	 mailmsg_msgid_check(const char *);
static int	 mailmsg_fname(struct strbuf *, const char *);
static int	 mailmsg_part(struct strbuf *, const char *,
		    const struct mail_part *, size_t, char *, size_t);

static const char mailmsg_b64chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Random bytes for Message-IDs and boundaries; unpredictable enough even
 * when getrandom(2) and /dev/urandom are both unavailable. */
static void
mailmsg_random(unsigned char *buf, size_t n)
{
	static unsigned int	 counter;
	struct timespec		 ts;
	size_t			 got = 0, i;
	ssize_t			 r;
	uint64_t		 x;
	int			 fd;

	while (got < n) {
		r = getrandom(buf + got, n - got, GRND_NONBLOCK);
		if (r > 0)
			got += (size_t)r;
		else if (r == -1 && errno == EINTR)
			continue;
		else
			break;
	}
	if (got < n && (fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)) !=
	    -1) {
		while (got < n) {
			r = read(fd, buf + got, n - got);
			if (r > 0)
				got += (size_t)r;
			else if (r == -1 && errno == EINTR)
				continue;
			else
				break;
		}
		close(fd);
	}
	if (got == n)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	x = (uint64_t)ts.tv_sec * 1000000007u ^ (uint64_t)ts.tv_nsec ^
	    (uint64_t)getpid() << 32 ^ (uint64_t)++counter << 48;
	for (i = got; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		buf[i] = (unsigned char)(x >> 24);
	}
}

static void
mailmsg_hex(const unsigned char *b, size_t n, char *out)
{
	static const char	hex[] = "0123456789abcdef";
	size_t			i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hex[b[i] >> 4];
		out[2 * i + 1] = hex[b[i] & 0x0f];
	}
	out[2 * n] = '\0';
}

/* RFC 5322 atext: what an atom (and a dot-atom local part) is made of. */
static int
mailmsg_atext(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL;
}

/* RFC 2045 tspecials. */
static int
mailmsg_tspecial(unsigned char c)
{
	return c != '\0' && strchr("()<>@,;:\\\"/[]?=", c) != NULL;
}

/* RFC 2231 attribute-char: kept as is in an extended parameter value. */
static int
mailmsg_attrchar(unsigned char c)
{
	return c > 0x20 && c < 0x7f && c != '*' && c != '\'' && c != '%' &&
	    !mailmsg_tspecial(c);
}

/*
 * An address as docket sends to it: dot-atom "@" domain (labels of
 * letters, digits and '-', or a [literal]), ASCII only, within the RFC
 * 5321 limits.
 */
static int
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

/*
 * Free text for a header, malloc'd: control characters (C0, DEL, C1)
 * become spaces, invalid UTF-8 becomes U+FFFD.
 */
static char *
mailmsg_clean(const char *s, size_t n)
{
	const unsigned char	*u = (const unsigned char *)s;
	char			*out;
	size_t			 i = 0, o = 0, k;
	uint32_t		 cp;

	if (n > (SIZE_MAX - 1) / 3 || (out = malloc(n * 3 + 1)) == NULL)
		return NULL;
	while (i < n) {
		if ((k = utf8_valid_len(u + i, n - i)) == 0) {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
			continue;
		}
		(void)utf8_decode(u + i, n - i, &cp);
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
			out[o++] = ' ';
			i += k;
			continue;
		}
		memcpy(out + o, s + i, k);
		o += k;
		i += k;
	}
	out[o] = '\0';
	return out;
}

/* 1 when s is printable ASCII with nothing that reads as an
 * encoded-word. */
static int
mailmsg_printable(const char *s)
{
	const unsigned char	*u;

	for (u = (const unsigned char *)s; *u != '\0'; u++)
		if (*u < 0x20 || *u > 0x7e)
			return 0;
	return strstr(s, "=?") == NULL;
}

/* Bytes in the (valid) UTF-8 sequence that starts with c. */
static size_t
mailmsg_charlen(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

/* Base64 of b[0..n) into out, NUL-terminated (4 * ((n + 2) / 3) + 1). */
static void
mailmsg_b64(const unsigned char *b, size_t n, char *out)
{
	size_t		i, o = 0;
	uint32_t	v;

	for (i = 0; i + 2 < n; i += 3) {
		v = (uint32_t)b[i] << 16 | (uint32_t)b[i + 1] << 8 | b[i + 2];
		out[o++] = mailmsg_b64chars[v >> 18];
		out[o++] = mailmsg_b64chars[(v >> 12) & 0x3f];
		out[o++] = mailmsg_b64chars[(v >> 6) & 0x3f];
		out[o++] = mailmsg_b64chars[v & 0x3f];
	}
	if (i < n) {
		v = (uint32_t)b[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)b[i + 1] << 8;
		out[o++] = mailmsg_b64chars[v >> 18];
		out[o++] = mailmsg_b64chars[(v >> 12) & 0x3f];
		out[o++] = i + 1 < n ? mailmsg_b64chars[(v >> 6) & 0x3f] : '=';
		out[o++] = '=';
	}
	out[o] = '\0';
}

/* A body in base64, MAILMSG_B64LINE characters a line, each line CRLF. */
static void
mailmsg_b64_lines(struct strbuf *sb, const char *data, size_t len)
{
	const size_t	 chunk = MAILMSG_B64LINE / 4 * 3;
	char		 line[MAILMSG_B64LINE + 3];
	size_t		 i, k;

	for (i = 0; i < len; i += k) {
		k = len - i < chunk ? len - i : chunk;
		mailmsg_b64((const unsigned char *)data + i, k, line);
		strbuf_add(sb, line, strlen(line));
		MAILMSG_LIT(sb, "\r\n");
	}
}

static void
mailmsg_begin(struct mailmsg_hdr *h, struct strbuf *sb, const char *name)
{
	h->sb = sb;
	strbuf_add(sb, name, strlen(name));
	MAILMSG_LIT(sb, ":");
	h->col = strlen(name) + 1;
	h->first = 1;
	h->glue = 0;
}

static void
mailmsg_end(struct mailmsg_hdr *h)
{
	strbuf_add(h->sb, "\r\n", 2);
	h->col = 0;
}

/*
 * A token, after a space (none when glued), folding first when it would
 * pass limit.  Never folds before an empty token, so that no line is
 * blanks only, nor right after the field name.
 */
static void
mailmsg_tok(struct mailmsg_hdr *h, const char *s, size_t n, size_t limit)
{
	if (!h->glue && !h->first && n > 0 && h->col + 1 + n > limit)
		mailmsg_fold(h);
	if (!h->glue) {
		strbuf_add(h->sb, " ", 1);
		h->col++;
	}
	strbuf_add(h->sb, s, n);
	h->col += n;
	h->first = 0;
	h->glue = 0;
}

/* Text right where the line is (",", a closing quote). */
static void
mailmsg_raw(struct mailmsg_hdr *h, const char *s, size_t n)
{
	strbuf_add(h->sb, s, n);
	h->col += n;
	h->first = 0;
}

/* End the line; the next token's space starts the continuation. */
static void
mailmsg_fold(struct mailmsg_hdr *h)
{
	strbuf_add(h->sb, "\r\n", 2);
	h->col = 0;
}

/*
 * s[0..n) (clean UTF-8) as base64 encoded-words: each as long as the line
 * allows within limit, at most MAILMSG_EWMAX, cut between characters.
 * Decoders drop the blanks between adjacent encoded-words.
 */
static void
mailmsg_encoded(struct mailmsg_hdr *h, const char *s, size_t n,
    size_t limit)
{
	char	 word[MAILMSG_EWMAX + 1];
	size_t	 i = 0, take, k, room, maxraw, sep;

	while (i < n) {
		sep = h->glue ? 0 : 1;
		room = limit > h->col + sep ? limit - h->col - sep : 0;
		if (room > MAILMSG_EWMAX)
			room = MAILMSG_EWMAX;
		maxraw = room > MAILMSG_EWOVER ?
		    (room - MAILMSG_EWOVER) / 4 * 3 : 0;
		if (h->glue && maxraw < 4)
			maxraw = 4;	/* cannot fold here */
		for (take = 0; i + take < n; take += k) {
			k = mailmsg_charlen((unsigned char)s[i + take]);
			if (take + k > maxraw)
				break;
		}
		if (take == 0) {
			mailmsg_fold(h);
			continue;
		}
		memcpy(word, "=?UTF-8?B?", 10);
		mailmsg_b64((const unsigned char *)s + i, take, word + 10);
		strcat(word, "?=");
		mailmsg_tok(h, word, strlen(word), SIZE_MAX);
		i += take;
	}
}

/* s as an RFC 5322 quoted-string. */
static void
mailmsg_quoted(struct strbuf *sb, const char *s)
{
	MAILMSG_LIT(sb, "\"");
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			MAILMSG_LIT(sb, "\\");
		strbuf_add(sb, s, 1);
	}
	MAILMSG_LIT(sb, "\"");
}

/* Unstructured text (the subject): plain words folded at blanks when it
 * is printable ASCII with short words, encoded-words otherwise. */
static int
mailmsg_text(struct mailmsg_hdr *h, const char *s)
{
	const char	*p, *q;
	char		*c;
	size_t		 n = s != NULL ? strlen(s) : 0, w;
	int		 plain;

	if ((c = mailmsg_clean(s != NULL ? s : "", n)) == NULL)
		return -1;
	n = strlen(c);
	plain = mailmsg_printable(c);
	for (p = c; plain && *p != '\0'; p += w) {
		w = strcspn(p, " ");
		if (w > MAILMSG_LINE - 2)
			plain = 0;
		if (p[w] == ' ')
			w++;
	}
	if (!plain) {
		mailmsg_encoded(h, c, n, MAILMSG_EWLINE);
		free(c);
		return 0;
	}
	for (p = c;; p = q + 1) {
		q = p + strcspn(p, " ");
		mailmsg_tok(h, p, (size_t)(q - p), MAILMSG_LINE);
		if (*q == '\0')
			break;
	}
	free(c);
	return 0;
}

/* A struct mail_addr from anywhere: both strings terminated, the address
 * valid. */
static int
mailmsg_mailbox_check(const struct mail_addr *a, char *err, size_t errlen)
{
	if (strnlen(a->name, sizeof(a->name)) == sizeof(a->name)) {
		errbuf_set(err, errlen, "display name not terminated");
		return -1;
	}
	if (strnlen(a->addr, sizeof(a->addr)) == sizeof(a->addr)) {
		errbuf_set(err, errlen, "address not terminated");
		return -1;
	}
	return mailmsg_addr_check(a->addr, strlen(a->addr), err, errlen);
}

/* "name <addr>" or "addr": a name of atoms as is, other ASCII names
 * quoted, anything else encoded. */
static int
mailmsg_mailbox(struct mailmsg_hdr *h, const struct mail_addr *a)
{
	struct strbuf	 q;
	char		*c, *p, angle[sizeof(a->addr) + 2];
	size_t		 n;
	int		 atoms;

	n = strnlen(a->name, sizeof(a->name));
	if ((c = mailmsg_clean(a->name, n)) == NULL)
		return -1;
	/* Blanks at the ends mean nothing in a phrase. */
	for (n = strlen(c); n > 0 && c[n - 1] == ' '; n--)
		c[n - 1] = '\0';
	for (p = c; *p == ' '; p++)
		;
	memmove(c, p, strlen(p) + 1);
	n = strlen(c);

	/* Lines here may hold encoded-words; leave room for a ','. */
	if (n == 0) {
		mailmsg_tok(h, a->addr, strlen(a->addr), MAILMSG_EWLINE - 1);
		free(c);
		return 0;
	}
	if (mailmsg_printable(c)) {
		atoms = strstr(c, "  ") == NULL;
		for (p = c; atoms && *p != '\0'; p++)
			if (*p != ' ' && !mailmsg_atext((unsigned char)*p))
				atoms = 0;
		if (atoms)
			mailmsg_tok(h, c, n, MAILMSG_EWLINE);
		else {
			memset(&q, 0, sizeof(q));
			mailmsg_quoted(&q, c);
			if (q.nomem) {
				free(c);
				return -1;
			}
			mailmsg_tok(h, q.s, q.len, MAILMSG_EWLINE);
			strbuf_free(&q);
		}
	} else
		mailmsg_encoded(h, c, n, MAILMSG_EWLINE);
	free(c);

	snprintf(angle, sizeof(angle), "<%s>", a->addr);
	mailmsg_tok(h, angle, strlen(angle), MAILMSG_EWLINE - 1);
	return 0;
}

/* RFC 5322 date-time, local time with a numeric zone; day and month
 * names are English whatever the locale. */
static void
mailmsg_date(struct strbuf *sb, int64_t now)
{
	static const char	*days[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
				    "Fri", "Sat" };
	static const char	*months[] = { "Jan", "Feb", "Mar", "Apr", "May",
				    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
				    "Dec" };
	struct tm		 tm;
	time_t			 t = (time_t)now;
	char			 buf[96];
	long			 off;
	int			 n;

	if (localtime_r(&t, &tm) == NULL) {
		t = 0;
		(void)gmtime_r(&t, &tm);
	}
	off = tm.tm_gmtoff / 60;
	n = snprintf(buf, sizeof(buf),
	    "Date: %s, %d %s %04d %02d:%02d:%02d %c%02ld%02ld\r\n",
	    days[tm.tm_wday % 7], tm.tm_mday, months[tm.tm_mon % 12],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec,
	    off < 0 ? '-' : '+', (off < 0 ? -off : off) / 60,
	    (off < 0 ? -off : off) % 60);
	if (n > 0 && (size_t)n < sizeof(buf))
		strbuf_add(sb, buf, (size_t)n);
}

/* type/subtype tokens, then printable parameters; not a multipart or
 * message type (a part of those cannot be base64). */
static int
mailmsg_ctype_check(const char *ct, char *err, size_t errlen)
{
	const unsigned char	*u = (const unsigned char *)ct;
	size_t			 i, n = strlen(ct), t;
	int			 slash = 0;

	for (i = 0; i < n; i++)
		if (u[i] < 0x20 || u[i] > 0x7e)
			goto bad;
	if (n == 0 || n > MAILMSG_CTYPE_MAX)
		goto bad;
	for (i = 0, t = 0; i < n && u[i] != ';' && u[i] != ' '; i++) {
		if (u[i] == '/' && !slash && t > 0) {
			slash = 1;
			t = 0;
			continue;
		}
		if (mailmsg_tspecial(u[i]))
			goto bad;
		t++;
	}
	if (!slash || t == 0)
		goto bad;
	while (i < n && u[i] == ' ')
		i++;
	if (i < n && u[i] != ';')
		goto bad;
	if (strncasecmp(ct, "multipart/", 10) == 0 ||
	    strncasecmp(ct, "message/", 8) == 0)
		goto bad;
	return 0;

bad:
	errbuf_set(err, errlen, "bad attachment content type \"%.64s\"",
	    ct);
	return -1;
}

/* "<left@right>", printable, no blanks or specials. */
static int
mailmsg_msgid_check(const char *id)
{
	size_t	n = strlen(id), i, ats = 0;

	if (n < 5 || n >= MAIL_MSGID_LEN || id[0] != '<' || id[n - 1] != '>')
		return -1;
	for (i = 1; i + 1 < n; i++) {
		if ((unsigned char)id[i] <= 0x20 || (unsigned char)id[i] >= 0x7f
		    || strchr("<>()\\\",;:", id[i]) != NULL)
			return -1;
		if (id[i] == '@') {
			if (i == 1 || i + 2 == n)
				return -1;
			ats++;
		}
	}
	return ats == 1 ? 0 : -1;
}

/*
 * Content-Disposition's file name: quoted when short printable ASCII,
 * else RFC 2231 filename*=UTF-8''... in segments of whole characters.
 * fn is clean.
 */
static int
mailmsg_fname(struct strbuf *sb, const char *fn)
{
	static const char	 hex[] = "0123456789ABCDEF";
	struct strbuf		 seg;
	const unsigned char	*u = (const unsigned char *)fn;
	size_t			 i, k, j, nseg = 0, n = strlen(fn);
	char			 pct[4], num[64];
	int			 nomem;

	if (mailmsg_printable(fn) && n <= MAILMSG_SEG) {
		MAILMSG_LIT(sb, ";\r\n filename=");
		mailmsg_quoted(sb, fn);
		return 0;
	}
	memset(&seg, 0, sizeof(seg));
	for (i = 0; i < n || seg.len > 0;) {
		k = i < n ? mailmsg_charlen(u[i]) : 0;
		if (i < n && (seg.len == 0 || seg.len + k * 3 <= MAILMSG_SEG)) {
			for (j = 0; j < k; j++) {
				if (mailmsg_attrchar(u[i + j])) {
					strbuf_add(&seg, fn + i + j, 1);
					continue;
				}
				pct[0] = '%';
				pct[1] = hex[u[i + j] >> 4];
				pct[2] = hex[u[i + j] & 0x0f];
				strbuf_add(&seg, pct, 3);
			}
			i += k;
			continue;
		}
		/* One segment when it all fits, numbered ones otherwise. */
		if (nseg == 0 && i >= n)
			MAILMSG_LIT(sb, ";\r\n filename*=UTF-8''");
		else {
			snprintf(num, sizeof(num), ";\r\n filename*%zu*=",
			    nseg);
			strbuf_add(sb, num, strlen(num));
			if (nseg == 0)
				MAILMSG_LIT(sb, "UTF-8''");
		}
		strbuf_add(sb, seg.s, seg.len);
		seg.len = 0;
		nseg++;
	}
	nomem = seg.nomem;
	strbuf_free(&seg);
	return nomem ? -1 : 0;
}

/* One attachment, after its boundary line. */
static int
mailmsg_part(struct strbuf *sb, const char *boundary,
    const struct mail_part *part, size_t idx, char *err, size_t errlen)
{
	struct mailmsg_hdr	 h;
	const char		*ct;
	char			*fn = NULL;
	size_t			 n;

	ct = part->content_type != NULL ? part->content_type :
	    "application/octet-stream";
	if (mailmsg_ctype_check(ct, err, errlen) == -1)
		return -1;
	if (part->data == NULL && part->len > 0) {
		errbuf_set(err, errlen, "attachment %zu has no data", idx + 1);
		return -1;
	}
	if (part->filename != NULL && part->filename[0] != '\0') {
		if ((n = strlen(part->filename)) > MAILMSG_FNAME_MAX) {
			errbuf_set(err, errlen,
			    "attachment %zu: file name longer than %d bytes",
			    idx + 1, MAILMSG_FNAME_MAX);
			return -1;
		}
		if ((fn = mailmsg_clean(part->filename, n)) == NULL)
			goto nomem;
	}

	MAILMSG_LIT(sb, "--");
	strbuf_add(sb, boundary, strlen(boundary));
	MAILMSG_LIT(sb, "\r\nContent-Type: ");
	strbuf_add(sb, ct, strlen(ct));
	if (fn != NULL) {
		MAILMSG_LIT(sb, ";\r\n name=");
		if (mailmsg_printable(fn))
			mailmsg_quoted(sb, fn);
		else {
			/* What older readers show; RFC 2231 below is the
			 * standard form. */
			MAILMSG_LIT(sb, "\"");
			h.sb = sb;
			h.col = 7;
			h.first = 0;
			h.glue = 1;
			mailmsg_encoded(&h, fn, strlen(fn),
			    MAILMSG_EWLINE - 1);
			MAILMSG_LIT(sb, "\"");
		}
	}
	MAILMSG_LIT(sb, "\r\nContent-Transfer-Encoding: base64\r\n"
	    "Content-Disposition: attachment");
	if (fn != NULL && mailmsg_fname(sb, fn) == -1)
		goto nomem;
	MAILMSG_LIT(sb, "\r\n\r\n");
	mailmsg_b64_lines(sb, part->data, part->len);
	free(fn);
	return 0;

nomem:
	free(fn);
	errbuf_set(err, errlen, "out of memory");
	return -1;
}

void
mail_msgid(const struct mail_addr *from, int64_t now, char *buf, size_t len)
{
	unsigned char	 rnd[16];
	char		 hex[sizeof(rnd) * 2 + 1];
	const char	*dom = NULL;

	if (len == 0)
		return;
	if (from != NULL && strnlen(from->addr, sizeof(from->addr)) <
	    sizeof(from->addr) && (dom = strrchr(from->addr, '@')) != NULL)
		dom++;
	if (dom == NULL || *dom == '\0')
		dom = "localhost";
	mailmsg_random(rnd, sizeof(rnd));
	mailmsg_hex(rnd, sizeof(rnd), hex);
	snprintf(buf, len, "<%s.%lld@%s>", hex, (long long)now, dom);
}

/* Text in canonical form: every line end CRLF. */
static void
mailmsg_crlf(struct strbuf *out, const char *s)
{
	const char *p;

	for (p = s != NULL ? s : ""; *p != '\0'; p++) {
		if (*p == '\r' && p[1] == '\n')
			continue;
		if (*p == '\r' || *p == '\n')
			MAILMSG_LIT(out, "\r\n");
		else
			strbuf_add(out, p, 1);
	}
}

/* A new boundary: "=_" never occurs in base64, so no part can hold it. */
static void
mailmsg_boundary(char *buf, size_t len, const char *what)
{
	unsigned char	rnd[16];
	char		hex[sizeof(rnd) * 2 + 1];

	mailmsg_random(rnd, sizeof(rnd));
	mailmsg_hex(rnd, sizeof(rnd), hex);
	snprintf(buf, len, "=_docket_%s_%s", what, hex);
}

/*
 * The body's headers and content: text/plain alone, or with html a
 * multipart/alternative of text/plain and text/html (plain first, the
 * one readers fall back to), each UTF-8 in base64.
 */
static void
mailmsg_body(struct strbuf *sb, const struct strbuf *body,
    const struct strbuf *html, int with_html)
{
	char boundary[96];

	if (!with_html) {
		MAILMSG_LIT(sb, "Content-Type: text/plain; charset=UTF-8\r\n"
		    "Content-Transfer-Encoding: base64\r\n\r\n");
		mailmsg_b64_lines(sb, body->s, body->len);
		return;
	}
	mailmsg_boundary(boundary, sizeof(boundary), "alt");
	MAILMSG_LIT(sb, "Content-Type: multipart/alternative;\r\n"
	    " boundary=\"");
	strbuf_add(sb, boundary, strlen(boundary));
	MAILMSG_LIT(sb, "\"\r\n\r\n--");
	strbuf_add(sb, boundary, strlen(boundary));
	MAILMSG_LIT(sb, "\r\nContent-Type: text/plain; charset=UTF-8"
	    "\r\nContent-Transfer-Encoding: base64\r\n\r\n");
	mailmsg_b64_lines(sb, body->s, body->len);
	MAILMSG_LIT(sb, "--");
	strbuf_add(sb, boundary, strlen(boundary));
	MAILMSG_LIT(sb, "\r\nContent-Type: text/html; charset=UTF-8"
	    "\r\nContent-Transfer-Encoding: base64\r\n\r\n");
	mailmsg_b64_lines(sb, html->s, html->len);
	MAILMSG_LIT(sb, "--");
	strbuf_add(sb, boundary, strlen(boundary));
	MAILMSG_LIT(sb, "--\r\n");
}

int
mail_compose(const struct mail_addr *from, const struct mail_addr *to,
    size_t nto, const char *subject, const char *body_utf8,
    const struct mail_part *parts, size_t nparts, int64_t now,
    const char *msgid, char **out, size_t *outlen, char *err, size_t errlen)
{
	return mail_compose_alt(from, to, nto, subject, body_utf8, NULL,
	    parts, nparts, now, msgid, out, outlen, err, errlen);
}

int
mail_compose_alt(const struct mail_addr *from, const struct mail_addr *to,
    size_t nto, const char *subject, const char *body_utf8,
    const char *html_utf8, const struct mail_part *parts, size_t nparts,
    int64_t now, const char *msgid, char **out, size_t *outlen, char *err,
    size_t errlen)
{
	struct strbuf		 sb, body, html;
	struct mailmsg_hdr	 h;
	char			 boundary[96], id[MAIL_MSGID_LEN], why[200];
	size_t			 i;

	*out = NULL;
	if (outlen != NULL)
		*outlen = 0;
	memset(&sb, 0, sizeof(sb));
	memset(&body, 0, sizeof(body));
	memset(&html, 0, sizeof(html));
	if (from == NULL) {
		errbuf_set(err, errlen, "no sender");
		return -1;
	}
	if (to == NULL || nto == 0) {
		errbuf_set(err, errlen, "no recipient");
		return -1;
	}
	if (mailmsg_mailbox_check(from, why, sizeof(why)) == -1) {
		errbuf_set(err, errlen, "sender: %s", why);
		return -1;
	}
	for (i = 0; i < nto; i++)
		if (mailmsg_mailbox_check(&to[i], why, sizeof(why)) == -1) {
			errbuf_set(err, errlen, "recipient %zu: %s", i + 1,
			    why);
			return -1;
		}
	if (msgid != NULL) {
		if (mailmsg_msgid_check(msgid) == -1) {
			errbuf_set(err, errlen, "bad Message-ID \"%.64s\"",
			    msgid);
			return -1;
		}
		snprintf(id, sizeof(id), "%s", msgid);
	} else
		mail_msgid(from, now, id, sizeof(id));
	if (nparts > 0 && parts == NULL) {
		errbuf_set(err, errlen, "no attachments given");
		return -1;
	}

	mailmsg_date(&sb, now);
	mailmsg_begin(&h, &sb, "From");
	if (mailmsg_mailbox(&h, from) == -1)
		goto nomem;
	mailmsg_end(&h);
	mailmsg_begin(&h, &sb, "To");
	for (i = 0; i < nto; i++) {
		if (i > 0)
			mailmsg_raw(&h, ",", 1);
		if (mailmsg_mailbox(&h, &to[i]) == -1)
			goto nomem;
	}
	mailmsg_end(&h);
	mailmsg_begin(&h, &sb, "Subject");
	if (mailmsg_text(&h, subject) == -1)
		goto nomem;
	mailmsg_end(&h);
	MAILMSG_LIT(&sb, "Message-ID: ");
	strbuf_add(&sb, id, strlen(id));
	MAILMSG_LIT(&sb, "\r\nMIME-Version: 1.0\r\n");

	mailmsg_crlf(&body, body_utf8);
	if (html_utf8 != NULL)
		mailmsg_crlf(&html, html_utf8);
	if (body.nomem || html.nomem)
		goto nomem;

	if (nparts == 0)
		mailmsg_body(&sb, &body, &html, html_utf8 != NULL);
	else {
		mailmsg_boundary(boundary, sizeof(boundary), "mix");
		MAILMSG_LIT(&sb, "Content-Type: multipart/mixed;\r\n"
		    " boundary=\"");
		strbuf_add(&sb, boundary, strlen(boundary));
		MAILMSG_LIT(&sb, "\"\r\n\r\n--");
		strbuf_add(&sb, boundary, strlen(boundary));
		MAILMSG_LIT(&sb, "\r\n");
		mailmsg_body(&sb, &body, &html, html_utf8 != NULL);
		for (i = 0; i < nparts; i++)
			if (mailmsg_part(&sb, boundary, &parts[i], i, err,
			    errlen) == -1)
				goto fail;
		MAILMSG_LIT(&sb, "--");
		strbuf_add(&sb, boundary, strlen(boundary));
		MAILMSG_LIT(&sb, "--\r\n");
	}
	if (sb.nomem)
		goto nomem;
	strbuf_free(&body);
	strbuf_free(&html);
	*out = sb.s;
	if (outlen != NULL)
		*outlen = sb.len;
	return 0;

nomem:
	errbuf_set(err, errlen, "out of memory");
fail:
	strbuf_free(&sb);
	strbuf_free(&body);
	strbuf_free(&html);
	return -1;
}
