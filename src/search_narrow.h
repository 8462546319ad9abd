/*
 * search_narrow: a filtered query with phrases, answered without FTS5's
 * phrase walk (search.c's search_query calls it).  A phrase of common
 * words (预算管理: 预算 算管 管理, two of them in most documents) under a
 * filter that few documents pass makes FTS5 seek through the long
 * doclists of the common words at every document the filter lets by:
 * 80-100 ms at a million, whatever the window, since the few matches
 * never fill it.  Here the rarest term of each phrase (a probe of its
 * newest matches tells) and the filter's terms find the candidates, a
 * superset, newest first; each is checked against its own text,
 * tokenized as FTS5 tokenized it, and ranked with docket_rank's own
 * formula (search_fts_score) on the same counts.  So the hits, their
 * order and scores are those of the plain query.
 */
#ifndef DOCKET_SEARCH_NARROW_H
#define DOCKET_SEARCH_NARROW_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

/* Each row that matches, newest first: push(arg, id, score). */
typedef void (*search_narrow_fn)(void *arg, uint64_t id, double score);

/*
 * expr: search_expr's expression (quoted pieces); tags: the filter's
 * terms as an FTS5 expression ("tags : xa… AND tags : xy2016").  At most
 * `window` matches (0: all) are pushed; *seen counts them and *cut says
 * there were more.  1 answered; 0 not a query it is for (the caller asks
 * FTS5 as before); -1 with a message.
 */
int	search_narrow(sqlite3 *db, const char *expr, const char *tags,
	    size_t window, search_narrow_fn push, void *arg, size_t *seen,
	    int *cut, char *err, size_t errlen);

#endif
