/*
 * search: the full-text index of the current text of every document, an
 * SQLite FTS5 table in ROOT/db/search.sqlite (see "The search index" in
 * doc/ARCHITECTURE.md).  It is derived: docketd writes it after each
 * commit from LMDB and the vault (search_sync.c), docketctl only reads it
 * (ctl_search.c).  This file is the index itself: open, write one
 * document, read its meta, answer a query.  It links only libsqlite3.
 */
#ifndef DOCKET_SEARCH_H
#define DOCKET_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "attr.h"

#define SEARCH_FILE		"search.sqlite"
#define SEARCH_SHA_LEN		64

struct search;

/*
 * Open the index at path.  writable: create it (mode `mode`, the tables)
 * when missing; else read-only, and a missing file is an error with errno
 * ENOENT.  A file that is not an index: -1 with a message; an index of
 * another schema (an older docketd's): -3 with a message (docketd then
 * removes either and builds a new one).  Read-only, a file
 * with no table yet (docketd is creating it) or a journal only docketd
 * may roll back: -2 with a message.  Writable, a file a reader holds
 * locked past the busy timeout: -2 with a message (try again later; it
 * is not damaged).  Writable, nothing is written when the schema and the
 * FTS5 options are in place already.
 */
DOCKET_WUR
int	 search_open(struct search **, const char *path, int writable,
	    unsigned mode, char *err, size_t errlen);
void	 search_close(struct search *);
/* A statement of this connection found the file damaged (SQLite's
 * SQLITE_CORRUPT or SQLITE_NOTADB): the index is to be built again. */
int	 search_damaged(const struct search *);
/* Remove the index (and a journal) from the directory dbdir: 0, or -1
 * with errno. */
int	 search_remove(const char *dbdir);

/* One write transaction around many puts (docketd: one per chunk). */
DOCKET_WUR
int	 search_begin(struct search *, char *err, size_t errlen);
DOCKET_WUR
int	 search_commit(struct search *, char *err, size_t errlen);
void	 search_rollback(struct search *);

/*
 * What the filters of a query see of a record: its agency, disclosure,
 * status and year (search_sync.c copies them from the current record on
 * every change of it, text or not).
 */
struct search_attr {
	const char	*agency, *disclosure, *status;
	int		 year;		/* 0: unknown */
};

/* Index (or replace) a document: sha names the text (its version's
 * SHA-256) so an unchanged text is not written again. */
DOCKET_WUR
int	 search_put(struct search *, uint64_t id, const char *sha,
	    const struct search_attr *, const char *docno, const char *title,
	    const char *text, size_t len, char *err, size_t errlen);
/* Only the attributes changed (a decision, an expiry). */
DOCKET_WUR
int	 search_put_attr(struct search *, uint64_t id,
	    const struct search_attr *, char *err, size_t errlen);
DOCKET_WUR
int	 search_del(struct search *, uint64_t id, char *err, size_t errlen);
/* The sha a document is indexed with: 0, 1 when not indexed, -1. */
DOCKET_WUR
int	 search_sha(struct search *, uint64_t id, char sha[SEARCH_SHA_LEN + 1]);

/* Meta values (search_head, rebuild_next): 0, 1 when unset, -1. */
DOCKET_WUR
int	 search_meta_get(struct search *, const char *key, char *buf,
	    size_t len);
DOCKET_WUR
int	 search_meta_put(struct search *, const char *key, const char *val,
	    char *err, size_t errlen);

/* Number of documents indexed. */
DOCKET_WUR
int	 search_count(struct search *, uint64_t *);
/* The highest record number indexed (0: none). */
DOCKET_WUR
int	 search_max_id(struct search *, uint64_t *);

/*
 * A user's query as its pieces ("piece" "piece", FTS5's string syntax;
 * search_narrow.c reads it), into a malloc'd string: every word (split at
 * white space) or "quoted phrase" must occur; docnos and phrases match as
 * consecutive words.  NULL when nothing in it can be searched (only
 * punctuation).
 */
char	*search_expr(const char *query);

/* A filter: NULL (or year 0) matches everything. */
struct search_filter {
	const char	*agency, *disclosure, *status;
	int		 year;
};

struct search_hit {
	uint64_t	 id;
	double		 score;		/* higher is better (docket_rank,
					 * search_fts.c) */
	char		*snippet;	/* the body around the match, the
					 * matched words between \x01 and \x02 */
};

struct search_result {
	struct search_hit	*hits;	/* best first */
	size_t			 n;
	size_t			 seen;	/* matches that passed the filter */
	int			 cut;	/* more matches than `window`: the
					 * hits are the best of the newest
					 * `window` of them */
};

/*
 * The `limit` best hits of an expression (BM25 without IDF, search_fts.c;
 * docno and title weigh more than the body) among the matches that pass the filter, taken
 * newest first and at most `window` of them (0: all): a match is checked
 * and ranked from its own text in a few microseconds (search_narrow.c),
 * so a word found in most of a million documents is ranked among its
 * newest `window` matches, which keeps every query near a constant time.
 * 0, or -1 with a message.
 */
DOCKET_WUR
int	 search_query(struct search *, const char *expr,
	    const struct search_filter *, size_t limit, size_t window,
	    struct search_result *, char *err, size_t errlen);
void	 search_result_free(struct search_result *);
/* The order of hits: score, higher first; then the newer (qsort's). */
int	 search_hit_cmp(const void *, const void *);

/* Merge FTS5's segments: all into one (pages 0, FTS5's optimize), or
 * about `pages` pages of that work (an incremental step).  Fewer
 * segments, faster queries.  0, or -1 with a message. */
DOCKET_WUR
int	 search_optimize(struct search *, int pages, char *err, size_t errlen);

/* SQLite's integrity check plus FTS5's own: 0, or -1 with the problem. */
DOCKET_WUR
int	 search_check(struct search *, char *err, size_t errlen);

#endif
