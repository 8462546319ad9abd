/*
 * mailmsg: the mail that docket sends is one message, composed here in
 * full before any transport sees it: the header fields in order (Date,
 * From, To, Subject, Message-ID, MIME), the text body (and its HTML
 * alternative) and the attachments, each part base64 between random
 * boundaries, so the message is 7-bit clean and no body line can be "."
 * or a MIME boundary.  Addresses are parsed in mailmsg_addr.c; free text
 * goes into header fields through mailmsg_encode.c (control characters
 * made spaces, RFC 2047 encoded-words, RFC 2231 file names).
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
#include "mailmsg_impl.h"
#include "strbuf.h"

static void	 mailmsg_random(unsigned char *, size_t);
static void	 mailmsg_hex(const unsigned char *, size_t, char *);
static void	 mailmsg_date(struct strbuf *, int64_t);
static int	 mailmsg_ctype_check(const char *, char *, size_t);
static int	 mailmsg_msgid_check(const char *);
static int	 mailmsg_part(struct strbuf *, const char *,
		    const struct mail_part *, size_t, char *, size_t);

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
