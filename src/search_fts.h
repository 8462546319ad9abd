/*
 * search_fts: search_tok.c as an SQLite FTS5 tokenizer named "docket",
 * and the rank function docket_rank, registered on a connection before
 * any FTS5 table that uses them is read or written.
 */
#ifndef DOCKET_SEARCH_FTS_H
#define DOCKET_SEARCH_FTS_H

#include <sqlite3.h>

#define SEARCH_RANK_MAXCOL	8
#define SEARCH_RANK_MAXPH	32	/* phrases docket_rank counts */

/*
 * docket_rank's score (higher is better) of a row: tf[phrase][column]
 * the instances of each phrase in each column, w the columns' weights,
 * len their sizes in this row (tokens), nrow and total the table's rows
 * and column sizes.  search_narrow.c ranks with it too, so that its
 * scores are the very same.
 */
double	search_fts_score(double tf[][SEARCH_RANK_MAXCOL], int nph, int ncol,
	    const double *w, const int *len, sqlite3_int64 nrow,
	    const sqlite3_int64 *total);

/* SQLITE_OK or an SQLite error code. */
int	search_fts_register(sqlite3 *);

#endif
