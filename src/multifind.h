/*
 * multifind: count the occurrences of many literals in one text in one
 * pass, as a loop of memmem(3) calls per literal would count them
 * (leftmost first, not overlapping, at most a cap per literal).  Built
 * once from the literals (the domain rules' body keywords), then used
 * read-only, so any number of threads may count with one index.
 */
#ifndef DOCKET_MULTIFIND_H
#define DOCKET_MULTIFIND_H

#include <stddef.h>

struct multifind;

/* An index of the n literals v[0..n-1] (NULL when out of memory).  The
 * strings must outlive the index.  Empty literals are never counted. */
struct multifind	*multifind_new(const char *const *v, size_t n);
void			 multifind_free(struct multifind *);

/*
 * counts[k] = the number of non-overlapping occurrences of literal k in
 * text[0..len-1], searching from the left and stopping at cap, exactly
 * what repeated memmem from the end of the previous match gives.  counts
 * has n entries.  Returns 0, or -1 when out of memory.
 */
int			 multifind_count(const struct multifind *,
			    const char *text, size_t len, size_t cap,
			    size_t *counts);

#endif
