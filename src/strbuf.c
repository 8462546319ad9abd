/*
 * strbuf: append with doubling growth; never overflows, never loses the
 * NUL terminator.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

void
strbuf_add(struct strbuf *b, const char *s, size_t n)
{
	char	*tmp;
	size_t	 cap;

	if (b->nomem)
		return;
	if (b->s == NULL || n >= b->cap - b->len) {
		cap = b->cap ? b->cap : 256;
		while (n >= cap - b->len) {
			if (cap > SIZE_MAX / 2) {
				b->nomem = 1;
				return;
			}
			cap *= 2;
		}
		if ((tmp = realloc(b->s, cap)) == NULL) {
			b->nomem = 1;
			return;
		}
		b->s = tmp;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
strbuf_free(struct strbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
	b->nomem = 0;
}

void
strbuf_puts(struct strbuf *sb, const char *s)
{
	if (s != NULL)
		strbuf_add(sb, s, strlen(s));
}

void
strbuf_int(struct strbuf *sb, long long v)
{
	char	buf[32];
	int	n;

	n = snprintf(buf, sizeof(buf), "%lld", v);
	if (n > 0 && (size_t)n < sizeof(buf))
		strbuf_add(sb, buf, (size_t)n);
}
