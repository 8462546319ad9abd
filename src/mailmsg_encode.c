/*
 * mailmsg_encode: header text as it goes on the wire.  Free text (display
 * names, the subject, attachment file names) may come from a document's
 * title: every control character is made a space and invalid UTF-8
 * U+FFFD before anything is written, so a CR or LF can never end a header
 * early.  Text that is not plain printable ASCII becomes RFC 2047 base64
 * encoded-words cut between characters and folded so that no line holding
 * one exceeds 76 characters; file names become RFC 2231 parameters; bodies
 * and attachments base64 lines.  mailmsg.c assembles the message.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errbuf.h"
#include "mailmsg_impl.h"
#include "strbuf.h"
#include "utf8.h"

static int	 mailmsg_attrchar(unsigned char);
static size_t	 mailmsg_charlen(unsigned char);
static void	 mailmsg_b64(const unsigned char *, size_t, char *);
static void	 mailmsg_tok(struct mailmsg_hdr *, const char *, size_t,
		    size_t);
static void	 mailmsg_fold(struct mailmsg_hdr *);

static const char mailmsg_b64chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* RFC 2045 tspecials. */
int
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
 * Free text for a header, malloc'd: control characters (C0, DEL, C1)
 * become spaces, invalid UTF-8 becomes U+FFFD.
 */
char *
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
int
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
void
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

void
mailmsg_begin(struct mailmsg_hdr *h, struct strbuf *sb, const char *name)
{
	h->sb = sb;
	strbuf_add(sb, name, strlen(name));
	MAILMSG_LIT(sb, ":");
	h->col = strlen(name) + 1;
	h->first = 1;
	h->glue = 0;
}

void
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
void
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
void
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
void
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
int
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
int
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
int
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

/*
 * Content-Disposition's file name: quoted when short printable ASCII,
 * else RFC 2231 filename*=UTF-8''... in segments of whole characters.
 * fn is clean.
 */
int
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
