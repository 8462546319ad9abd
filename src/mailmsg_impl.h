/*
 * mailmsg_impl: what the three parts of the mail composer share — the
 * limits of RFC 2047 and RFC 5322 lines, the state of a header field being
 * folded, and the functions one part calls in another.  mailmsg_addr.c
 * parses addresses, mailmsg_encode.c writes header text (encoded-words,
 * quoted strings, mailboxes, RFC 2231 file names) and base64,
 * mailmsg.c assembles the message.  Internal to mailmsg*.c.
 */
#ifndef DOCKET_MAILMSG_IMPL_H
#define DOCKET_MAILMSG_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "mailmsg.h"
#include "strbuf.h"

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

/* mailmsg_addr.c */
int	 mailmsg_atext(unsigned char);
int	 mailmsg_addr_check(const char *, size_t, char *, size_t);

/* mailmsg_encode.c */
int	 mailmsg_tspecial(unsigned char);
char	*mailmsg_clean(const char *, size_t);
int	 mailmsg_printable(const char *);
void	 mailmsg_b64_lines(struct strbuf *, const char *, size_t);
void	 mailmsg_begin(struct mailmsg_hdr *, struct strbuf *, const char *);
void	 mailmsg_end(struct mailmsg_hdr *);
void	 mailmsg_raw(struct mailmsg_hdr *, const char *, size_t);
void	 mailmsg_encoded(struct mailmsg_hdr *, const char *, size_t, size_t);
void	 mailmsg_quoted(struct strbuf *, const char *);
int	 mailmsg_text(struct mailmsg_hdr *, const char *);
int	 mailmsg_mailbox_check(const struct mail_addr *, char *, size_t);
int	 mailmsg_mailbox(struct mailmsg_hdr *, const struct mail_addr *);
int	 mailmsg_fname(struct strbuf *, const char *);

#endif
