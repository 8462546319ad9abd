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

#include <stddef.h>

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

/* How far a rebuild is: records done and the next id (0, 0 when none
 * runs). */
void	 search_sync_progress(struct search_sync *, unsigned long long *done,
	    unsigned long long *next);

#endif
