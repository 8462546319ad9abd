/*
 * search_narrow: a query of the full-text index, answered by FTS5 for the
 * rows that hold its terms and by the rows' own text for where (search.c's
 * search_query calls it; the index keeps no positions, FTS5's
 * detail=column).  The candidates are found by the rarest term of each
 * phrase (a probe of its newest matches tells) and the filter's terms, a
 * superset, newest first; each is checked against its own text, tokenized
 * as FTS5 tokenized it, and ranked with docket_rank's formula
 * (search_fts_score) on the counts a phrase query would have given.
 */
#ifndef DOCKET_SEARCH_NARROW_H
#define DOCKET_SEARCH_NARROW_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

/* A query (search_expr's expression: quoted pieces) parsed once, for
 * search_narrow and search_places.  NULL when expr is not such an
 * expression. */
struct search_q	*search_q_new(const char *expr);
void		 search_q_free(struct search_q *);

/* Each row that matches, newest first: push(arg, id, score). */
typedef void (*search_narrow_fn)(void *arg, uint64_t id, double score);

/*
 * tags: the filter's terms as an FTS5 expression ("tags : xa… AND
 * tags : xy2016"), or NULL.
 * At most `window` matches (0: all) are pushed; *seen counts them and
 * *cut says there were more.  0, -1 with a message, -2 with a message
 * when the file is damaged.
 */
int	search_narrow(sqlite3 *db, struct search_q *, const char *tags,
	    size_t window, search_narrow_fn push, void *arg, size_t *seen,
	    int *cut, char *err, size_t errlen);

/* A place of a query in a text: its bytes [start, end). */
struct search_span {
	size_t	start, end;
};

/* The places of the query's pieces in text, as search_narrow matches them
 * (search_snip.c marks them): in order, overlapping ones as one; *out is
 * NULL when none (else free it). */
void	search_places(struct search_q *, const char *text, size_t len,
	    struct search_span **out, size_t *n);

#endif
