/*
 * mailmsg: parse mail addresses and compose one RFC 5322 / MIME message
 * (a UTF-8 text body, optionally with attachments), for the reports that
 * docket mails to agency secretaries.  Everything a caller passes in
 * (subject, display names, file names) may come from a document and is
 * treated as hostile: no value can ever start a header line of its own.
 */
#ifndef DOCKET_MAILMSG_H
#define DOCKET_MAILMSG_H

#include <stddef.h>
#include <stdint.h>

/* Room for a Message-ID made by mail_msgid, NUL included. */
#define MAIL_MSGID_LEN		400

struct mail_addr {
	char	name[256];	/* display name, UTF-8; may be "" */
	char	addr[320];	/* local@domain, ASCII */
};

/* An attachment, e.g. { "报表.csv", "text/csv; charset=UTF-8", ... }. */
struct mail_part {
	const char	*filename;	/* UTF-8; NULL or "" for none */
	const char	*content_type;	/* NULL for application/octet-stream */
	const char	*data;
	size_t		 len;
};

/*
 * Parse one address: "李秘书 <li@czj.example.gov.cn>", "\"Li, Mi\"
 * <a@b>", "<a@b>" or "a@b".  The address must be an ASCII dot-atom
 * local part, '@', and a domain (or [literal]); control characters in the
 * display name become spaces.  Returns 0, or -1 with a reason in err
 * (empty, no '@', space or control character in the address, missing
 * '>', unterminated quote, too long, ...).
 */
int	 mail_addr_parse(const char *s, struct mail_addr *out, char *err,
	    size_t errlen);

/*
 * Parse a comma-separated list of addresses into a malloc'd array of *n
 * entries; commas inside "quotes" or <> do not split, empty items (a
 * trailing comma) are skipped.  An empty list is an error.  Returns 0, or
 * -1 with *out NULL, *n 0 and a reason naming the item in err.
 */
int	 mail_addr_list(const char *s, struct mail_addr **out, size_t *n,
	    char *err, size_t errlen);

/*
 * Build the whole message, CRLF line ends, into a malloc'd NUL-terminated
 * buffer (*out, length *outlen): Date (from now, local time, numeric
 * zone), From, To (all of to), Subject, Message-ID (msgid, "<x@y>", or a
 * new one when NULL), MIME-Version, and a base64 text/plain UTF-8 body
 * (line ends made CRLF first), or multipart/mixed with the text and each
 * part base64 as an attachment.  Non-ASCII names and subjects become RFC
 * 2047 encoded-words of at most 75 characters, never split inside a
 * character, in header lines of at most 76; non-ASCII file names use RFC
 * 2231 (with an RFC 2047 name= on Content-Type for older readers).  Any
 * control character in subject, names or file names is made a space
 * first; invalid UTF-8 becomes U+FFFD.  Returns 0, or -1 with a reason in
 * err (bad address, no recipient, bad content type or Message-ID, out of
 * memory).
 */
int	 mail_compose(const struct mail_addr *from, const struct mail_addr *to,
	    size_t nto, const char *subject, const char *body_utf8,
	    const struct mail_part *parts, size_t nparts, int64_t now,
	    const char *msgid, char **out, size_t *outlen, char *err,
	    size_t errlen);

/*
 * The same with an HTML alternative: html_utf8 non-NULL makes the body a
 * multipart/alternative of the text (text/plain) and the HTML
 * (text/html), both UTF-8 in base64 with CRLF line ends — inside the
 * multipart/mixed when there are attachments.  The caller escapes what
 * the HTML holds.
 */
int	 mail_compose_alt(const struct mail_addr *from,
	    const struct mail_addr *to, size_t nto, const char *subject,
	    const char *body_utf8, const char *html_utf8,
	    const struct mail_part *parts, size_t nparts, int64_t now,
	    const char *msgid, char **out, size_t *outlen, char *err,
	    size_t errlen);

/* A new Message-ID, "<32 random hex.now@domain of from>" ("localhost"
 * when from has no domain), into buf (MAIL_MSGID_LEN is enough). */
void	 mail_msgid(const struct mail_addr *from, int64_t now, char *buf,
	    size_t len);

#endif
