/*
 * replay: bring LMDB up to the vault.  The vault alone is the record;
 * LMDB is rebuilt from it by walking the commits LMDB has not indexed
 * (all of them for an empty database) and writing each record.json,
 * events.jsonl and cleanup result exactly as the live path would.  Used
 * at start-up after a crash between the two commits, and by reindex.
 */
#ifndef DOCKET_REPLAY_H
#define DOCKET_REPLAY_H

#include "store.h"
#include "vault.h"

/* Returns the number of record states indexed, or -1 with a message. */
int	replay_run(struct store *, struct vault *, char *err, size_t errlen);
/* The same, telling progress the commits walked (vault_replay_progress);
 * NULL: none. */
int	replay_run_progress(struct store *, struct vault *, vault_progress_cb,
	    void *parg, char *err, size_t errlen);

#endif
