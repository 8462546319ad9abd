/*
 * search_fts: search_tok.c as an SQLite FTS5 tokenizer named "docket",
 * and the rank function docket_rank, registered on a connection before
 * any FTS5 table that uses them is read or written.
 */
#ifndef DOCKET_SEARCH_FTS_H
#define DOCKET_SEARCH_FTS_H

#include <sqlite3.h>

/* SQLITE_OK or an SQLite error code. */
int	search_fts_register(sqlite3 *);

#endif
