/*
 * docketd_reindex: `docketctl reindex`, the rebuild of LMDB from the
 * vault alone (replay.c, then the applications), built beside the live
 * index and swapped in by two renames; the index's users (the store's
 * callers, ingest, the full-text worker, the site) are pointed at the
 * new one.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "apply_cmd.h"
#include "docketd_impl.h"
#include "ingest.h"
#include "log.h"
#include "replay.h"
#include "search.h"
#include "search_feed.h"
#include "search_proc.h"
#include "store.h"

/* Remove an LMDB directory docketd made (data.mdb, lock.mdb). */
static void
docketd_rmdb(const char *dir)
{
	char path[PATH_MAX + 16];

	snprintf(path, sizeof(path), "%s/data.mdb", dir);
	if (unlink(path) == -1 && errno != ENOENT)
		log_warn("unlink %s", path);
	snprintf(path, sizeof(path), "%s/lock.mdb", dir);
	if (unlink(path) == -1 && errno != ENOENT)
		log_warn("unlink %s", path);
	/* The full-text index goes with it (built again from the new). */
	if (search_remove(dir) == -1)
		log_warn("removing the search index in %s", dir);
	if (rmdir(dir) == -1 && errno != ENOENT)
		log_warn("rmdir %s", dir);
}

/* Records in a rebuilt index (what `docketctl status` counts). */
static int
docketd_count(struct store *st, char *err, size_t errlen)
{
	MDB_txn	*txn = NULL;
	size_t	 n = 0;
	int	 rc;

	if ((rc = store_txn_read(st, &txn)) != 0 ||
	    (rc = store_count_records(st, txn, &n)) != 0) {
		snprintf(err, errlen, "counting records: %s",
		    store_strerror(rc));
		if (txn != NULL)
			store_txn_end(txn);
		return -1;
	}
	store_txn_end(txn);
	return (int)n;
}

/*
 * Rebuild LMDB from the vault alone: into db.reindex, then swapped in by
 * two renames.  The live index serves until the new one is complete; a
 * crash leaves either the old one or the new one in place (and at worst
 * a stale db.reindex or db.old, removed next time).
 */
int
docketd_reindex(void *arg, vault_progress_cb progress, void *parg, char *err,
    size_t errlen)
{
	struct docketd	*d = arg;
	struct store	*ns;
	char		 tmp[PATH_MAX + 16], old[PATH_MAX + 16], rerr[512];
	char		 parent[PATH_MAX], *slash;
	int		 n, fd, rc;

	snprintf(tmp, sizeof(tmp), "%s.reindex", d->cf.db);
	snprintf(old, sizeof(old), "%s.old", d->cf.db);
	docketd_rmdb(tmp);
	docketd_rmdb(old);
	if (store_open(&ns, tmp, 0, d->cf.map_size, err, errlen) < 0)
		return -1;
	n = replay_run_progress(ns, d->vt, progress, parg, rerr, sizeof(rerr));
	if (n < 0 || (n = docketd_count(ns, rerr, sizeof(rerr))) < 0) {
		snprintf(err, errlen, "%s", rerr);
		store_close(ns);
		docketd_rmdb(tmp);
		return -1;
	}
	/* Applications live in their own part of the vault. */
	if (apply_cmd_recover(&(struct docket){ .cf = &d->cf, .st = ns,
	    .vt = d->vt, .cal = d->cal }, 1, rerr, sizeof(rerr)) < 0) {
		snprintf(err, errlen, "%s", rerr);
		store_close(ns);
		docketd_rmdb(tmp);
		return -1;
	}
	/* The outbox and the mailer's and clock's memory are not in the
	 * vault: carry them over. */
	if (d->st != NULL && (rc = store_copy_local(d->st, ns)) != 0) {
		snprintf(err, errlen, "copying the outbox: %s",
		    store_strerror(rc));
		store_close(ns);
		docketd_rmdb(tmp);
		return -1;
	}
	store_close(ns);
	if (d->st != NULL) {
		store_close(d->st);
		d->st = d->dk.st = NULL;
	}
	/* Its worker writes in db/: not while the directory is replaced. */
	search_proc_stop(d->search);
	search_feed_close(d->feed);
	if (rename(d->cf.db, old) == -1 && errno != ENOENT) {
		snprintf(err, errlen, "rename %s: %s", d->cf.db,
		    strerror(errno));
		n = -1;
		goto reopen;
	}
	if (rename(tmp, d->cf.db) == -1) {
		snprintf(err, errlen, "rename %s: %s", tmp, strerror(errno));
		if (rename(old, d->cf.db) == -1)
			log_warn("rename %s back", old);
		n = -1;
		goto reopen;
	}
	snprintf(parent, sizeof(parent), "%s", d->cf.db);
	if ((slash = strrchr(parent, '/')) != NULL && slash != parent)
		*slash = '\0';
	if ((fd = open(parent, O_RDONLY | O_DIRECTORY)) != -1) {
		if (fsync(fd) == -1)
			log_warn("fsync %s", parent);
		close(fd);
	}
	docketd_rmdb(old);
reopen:
	if (store_open(&d->st, d->cf.db, 0, d->cf.map_size, rerr,
	    sizeof(rerr)) < 0)
		fatalx("reindex: cannot reopen the index: %s", rerr);
	d->dk.st = d->st;
	store_on_broken(d->st, docketd_store_broken, d);
	if (d->ing != NULL)
		ingest_set_store(d->ing, d->st);
	/* The site's meta was in the old index: it is written again. */
	docketd_site_kick(d);
	/* So was the full-text index: it is built again from the new one. */
	search_proc_kick(d->search);
	return n;
}
