/*
 * search_verify: `docketctl verify`'s check of the full-text index:
 * SQLite's quick_check, then, when the index has caught up with LMDB,
 * every record LMDB holds must be in it with the text of its current
 * version (the sha256), and nothing else.
 */
#ifndef DOCKET_SEARCH_VERIFY_H
#define DOCKET_SEARCH_VERIFY_H

#include <stdio.h>

#include "store.h"

struct search_verify_report {
	int	present;	/* 0: no index (docketd builds it) */
	int	behind;		/* it lags LMDB: content not compared */
	size_t	documents;	/* documents in the index */
	size_t	problems;
};

/* One line per problem (and a note for a missing or lagging index) to
 * out.  0, 1 when there are problems, -1 with a message. */
int	search_verify(struct store *, MDB_txn *, const char *dbdir, FILE *out,
	    struct search_verify_report *, char *err, size_t errlen);

#endif
