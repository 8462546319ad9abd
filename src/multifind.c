/*
 * multifind: many literals counted in one pass over a text.
 *
 * The literals are bucketed by their first two bytes (a 64 Ki table of
 * bucket starts), so at each position of the text only the literals that
 * begin with the two bytes found there are compared.  One-byte literals
 * are compared at every position.  A literal's count follows memmem's
 * walk: a match is taken only at or after the end of its previous match
 * (leftmost, not overlapping), until the cap.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "multifind.h"

struct multifind {
	const char	*const *v;
	size_t		 n;
	size_t		*len;		/* strlen of each literal */
	uint32_t	*start;		/* 65537 bucket starts into order */
	uint32_t	*order;		/* two-byte-or-longer literals, by bucket */
	uint32_t	*one;		/* one-byte literals */
	size_t		 none;
};

static unsigned
mf_key(const char *p)
{
	return ((unsigned)(unsigned char)p[0] << 8) | (unsigned char)p[1];
}

struct multifind *
multifind_new(const char *const *v, size_t n)
{
	struct multifind	*m;
	size_t			 k, b, nlong = 0;

	if (n > UINT32_MAX - 1 || (m = calloc(1, sizeof(*m))) == NULL)
		return NULL;
	m->v = v;
	m->n = n;
	if ((m->len = calloc(n + 1, sizeof(*m->len))) == NULL ||
	    (m->start = calloc(65537, sizeof(*m->start))) == NULL ||
	    (m->order = calloc(n + 1, sizeof(*m->order))) == NULL ||
	    (m->one = calloc(n + 1, sizeof(*m->one))) == NULL) {
		multifind_free(m);
		return NULL;
	}
	for (k = 0; k < n; k++) {
		m->len[k] = strlen(v[k]);
		if (m->len[k] == 1)
			m->one[m->none++] = (uint32_t)k;
		else if (m->len[k] >= 2) {
			m->start[mf_key(v[k]) + 1]++;
			nlong++;
		}
	}
	for (b = 1; b <= 65536; b++)
		m->start[b] += m->start[b - 1];
	/* Fill each bucket in the literals' order (start[b] counts up to
	 * the next bucket's start as it is filled, then is shifted back). */
	for (k = 0; k < n; k++)
		if (m->len[k] >= 2)
			m->order[m->start[mf_key(v[k])]++] = (uint32_t)k;
	for (b = 65536; b > 0; b--)
		m->start[b] = m->start[b - 1];
	m->start[0] = 0;
	(void)nlong;
	return m;
}

void
multifind_free(struct multifind *m)
{
	if (m == NULL)
		return;
	free(m->len);
	free(m->start);
	free(m->order);
	free(m->one);
	free(m);
}

int
multifind_count(const struct multifind *m, const char *text, size_t len,
    size_t cap, size_t *counts)
{
	size_t	*next, pos, i, k, l;
	unsigned b;

	memset(counts, 0, m->n * sizeof(*counts));
	if (m->n == 0 || cap == 0)
		return 0;
	if ((next = calloc(m->n, sizeof(*next))) == NULL)
		return -1;
	for (pos = 0; pos < len; pos++) {
		for (i = 0; i < m->none; i++) {
			k = m->one[i];
			if (text[pos] == m->v[k][0] && pos >= next[k] &&
			    counts[k] < cap) {
				counts[k]++;
				next[k] = pos + 1;
			}
		}
		if (pos + 1 >= len)
			continue;
		b = mf_key(text + pos);
		for (i = m->start[b]; i < m->start[b + 1]; i++) {
			k = m->order[i];
			l = m->len[k];
			if (pos < next[k] || counts[k] >= cap || len - pos < l ||
			    memcmp(text + pos + 2, m->v[k] + 2, l - 2) != 0)
				continue;
			counts[k]++;
			next[k] = pos + l;
		}
	}
	free(next);
	return 0;
}
