/*
 * errbuf: write a one-line reason into a caller's (char *err, size_t
 * errlen), the way every reader and tool in docket reports a refusal.
 */
#ifndef DOCKET_ERRBUF_H
#define DOCKET_ERRBUF_H

#include <stddef.h>

/* printf into err; does nothing when err is NULL or errlen is 0. */
void	errbuf_set(char *err, size_t errlen, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* err, cut short by a printf into a small buffer (here or anywhere):
 * without half a UTF-8 character at its end. */
void	errbuf_cut(char *err);

/*
 * s[0..n) fit to quote in a reason: at most max bytes (and outlen - 1),
 * not cut inside a UTF-8 character, control characters shown as '?'.
 */
void	errbuf_quote(const char *s, size_t n, size_t max, char *out,
	    size_t outlen);

#endif
