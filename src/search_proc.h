/*
 * search_proc: docketd keeps the full-text index in step in a forked
 * child, as mirror pushes run: indexing costs about as much CPU as
 * ingesting, so it runs beside the event loop (on the other core), never
 * in it.  The child opens LMDB (read-only) and the vault itself, runs
 * search_sync_step until the index has caught up with LMDB, says "ok" or
 * "err TEXT" on its pipe and exits.  At most one child runs; a commit
 * meanwhile runs another when it ends.
 */
#ifndef DOCKET_SEARCH_PROC_H
#define DOCKET_SEARCH_PROC_H

struct event_base;
struct search_proc;

/* For the index in dbdir, from LMDB in dbdir and the vault at vault. */
struct search_proc *search_proc_new(struct event_base *, const char *dbdir,
	    const char *vault);
/* The index should follow a commit (or be checked at start): a child
 * runs now, or when the running one ends.  Cheap: call it after every
 * commit. */
void	 search_proc_kick(struct search_proc *);
/* A child runs (it writes the index: nobody else may then). */
int	 search_proc_running(struct search_proc *);
/* Kill a running child and wait for it (reindex replaces db/; stop). */
void	 search_proc_stop(struct search_proc *);
void	 search_proc_free(struct search_proc *);

#endif
