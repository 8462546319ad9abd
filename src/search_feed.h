/*
 * search_feed: the full-text index follows ingest batch by batch, in
 * docketd's committer.  Ingest hands every text it stages for the vault
 * to search_feed_text (change_text); after each change_commit,
 * search_feed_commit writes the commit's records into the index in one
 * SQLite transaction from those texts, with no read back from the vault
 * (search_sync_follow).  What it cannot do (no index yet, a rebuild, an
 * index far behind, the worker running) it leaves to the forked worker
 * (search_proc.c).  The index is derived: it commits after LMDB, and a
 * crash between the two is caught up from LMDB at the next start.  The
 * transaction itself runs on a thread while the committer goes on with
 * the next batches (search_feedq.c); search_feed_wait, before each LMDB
 * commit, waits until at most one such batch is left.
 */
#ifndef DOCKET_SEARCH_FEED_H
#define DOCKET_SEARCH_FEED_H

#include <jansson.h>
#include <stddef.h>

#include "search_proc.h"
#include "store.h"
#include "vault.h"

struct event_base;
struct search_feed;

/* For the index in dbdir, of the vault at vault; sp is the worker.  With
 * base, batches are written on a thread of the feed's (two in flight);
 * base NULL: in the committer. */
struct search_feed *search_feed_new(struct event_base *base,
	    const char *dbdir, const char *vault, struct search_proc *sp);
void	 search_feed_free(struct search_feed *);

/* The text of the record id (D000042) at sha, staged for the next
 * commit: a copy is kept until the next search_feed_commit. */
void	 search_feed_text(struct search_feed *, const char *id,
	    const char *sha, const char *text, size_t len);

/* After change_commit (change_on_index): parent NULL when the commit was
 * indexed by replay (recs NULL).  The texts are dropped. */
void	 search_feed_commit(struct search_feed *, struct store *,
	    struct vault *, const char *parent, const char *commit,
	    json_t *recs);

/* Before every LMDB commit (change_index_hook's before): wait until at
 * most SFQ_DEPTH - 1 batches handed over are not yet in the index, so
 * that the index is never more than SFQ_DEPTH batches behind LMDB. */
void	 search_feed_wait(struct search_feed *);

/* Close the index file (reindex replaces db/). */
void	 search_feed_close(struct search_feed *);

#endif
