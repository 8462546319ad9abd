/*
 * search_sync: docketd keeps the search index (search.h) in step with
 * LMDB and the vault.  After every commit docketd's loop runs a step:
 * the records whose record.json changed since the commit the index
 * reflects (meta search_head; vault_replay names them) are written again
 * — the text (read from the vault at the record's commit) only when the
 * record's sha256 changed, else only what the filters see.  A missing or
 * damaged index is replaced by an empty one that is then filled from
 * LMDB record by record (meta rebuild_next).  Each step does at most
 * `budget` records in one SQLite transaction and says whether more is
 * to do; a killed worker loses at most one step.
 */
#ifndef DOCKET_SEARCH_SYNC_H
#define DOCKET_SEARCH_SYNC_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"
#include "vault.h"

struct search_sync;

/* For the index in the directory dbdir (ROOT/db), of the vault at vault
 * (whose mode bounds the index's). */
struct search_sync *search_sync_new(const char *dbdir, const char *vault);
void	 search_sync_free(struct search_sync *);
/* Close the file (reindex replaced the directory): the next step opens
 * or builds it again. */
void	 search_sync_close(struct search_sync *);

/* One step: 0 in step, 1 more to do (step again soon), -1 with a
 * message (try again later). */
int	 search_sync_step(struct search_sync *, struct store *,
	    struct vault *, size_t budget, char *err, size_t errlen);

/*
 * docketd's committer: this sync never creates or rebuilds the index
 * (search_sync_follow returns 1 instead: the worker's job).
 */
void	 search_sync_nobuild(struct search_sync *);

/* A nobuild sync: 1 when the index is missing, unreadable or being
 * built (the worker's), else 0 (its file is then open). */
int	 search_sync_building(struct search_sync *, struct store *);
/* 1 when the index is more than a few thousand new records behind
 * LMDB (or cannot say): the worker's catching up, not the committer's. */
int	 search_sync_far(struct search_sync *, struct store *);

/* The text of record id at sha when the caller has it in memory (the
 * batch ingest just staged, search_feed.c), with its length; else NULL. */
typedef const char *(*search_text_fn)(void *arg, uint64_t id,
	    const char *sha, size_t *len);

/*
 * After change_commit wrote commit into LMDB (parent: LMDB's vault head
 * before it; recs: the records it wrote): the index follows in one SQLite
 * transaction — the texts from text(), the vault only for those it does
 * not have — and its search_head moves to commit.  An index that is not
 * at parent catches up from LMDB and the vault first (at most 16,384
 * records).  0 in step; 1 the rest is the worker's (no index, a rebuild,
 * still behind); -1 with a message.  parent or recs NULL: only catch up.
 */
int	 search_sync_follow(struct search_sync *, struct store *,
	    struct vault *, const char *parent, const char *commit,
	    json_t *recs, search_text_fn text, void *arg, char *err,
	    size_t errlen);

/*
 * The batch alone, for docketd's index thread (search_feed.c): the
 * records of recs in one transaction, every text from text() (none from
 * the vault, nor anything from LMDB), when the index is at parent; its
 * search_head moves to commit.  0; 1 when the index is not at parent;
 * -1 with a message.  Only when search_sync_ready said 1, and nothing
 * else uses this sync until it returns.
 */
int	 search_sync_batch(struct search_sync *, const char *parent,
	    const char *commit, json_t *recs, search_text_fn text, void *arg,
	    char *err, size_t errlen);
/* 1 when the index is open (the same file still), with nothing planned
 * or being rebuilt: search_sync_batch may be tried.  It reads nothing a
 * search_sync_batch running on another thread writes. */
int	 search_sync_ready(struct search_sync *);
/* Opens the index when it is closed (or another file now): 1 when it is
 * then ready and at parent, so that the batch after parent may go to
 * search_sync_batch; 0 when it is open but not (search_sync_follow
 * catches up); 2 when the worker's (no index yet, one it cannot open, or
 * a rebuild under way), -1 with a message (search_sync_follow would say
 * the same: 1, -1).
 * Only when nothing else uses this sync. */
int	 search_sync_at(struct search_sync *, struct store *,
	    const char *parent, char *err, size_t errlen);
/* A copy of recs with only what the index reads of each record (for
 * another thread: it shares nothing with recs); NULL when out of memory. */
json_t	*search_sync_recs(json_t *recs);

/* How far a rebuild is: records done and the next id (0, 0 when none
 * runs). */
void	 search_sync_progress(struct search_sync *, unsigned long long *done,
	    unsigned long long *next);

#endif
