/*
 * strbuf: a growable NUL-terminated byte buffer for the readers that
 * build text piece by piece (docx, ofd).  An allocation failure is
 * sticky (nomem) so callers check once, at the end.
 */
#ifndef DOCKET_STRBUF_H
#define DOCKET_STRBUF_H

#include <stddef.h>

struct strbuf {
	char	*s;
	size_t	 len;
	size_t	 cap;
	int	 nomem;
};

void	strbuf_add(struct strbuf *, const char *, size_t);
/* A C string (nothing for NULL); a number in decimal. */
void	strbuf_puts(struct strbuf *, const char *);
void	strbuf_int(struct strbuf *, long long);
void	strbuf_free(struct strbuf *);

#endif
