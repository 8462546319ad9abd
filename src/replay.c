/*
 * replay: index vault commits in LMDB, oldest first.
 *
 * Changes are gathered across commits and written in transactions of a
 * few thousand records, always ending on a commit boundary, so vault_head
 * in meta never names a commit whose records are not all indexed.  Each
 * record keeps the commit that last changed it; a version row is written
 * the first time a version number is seen, as on the live path.
 *
 * The layout (vault_record_dir): an index without vault_seq_from is given
 * one here, at every start.  For an archive from before sharding by
 * number, that is its next id: what it holds stays where it is.  For an
 * index rebuilt from the vault, it is one past the highest id the walk
 * found sharded by hash, or where the walk began when there is none (1
 * for a new archive).  An index that has it keeps it.  The index's cached
 * copy (store_seq_from) follows only what commits.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "change_apply.h"
#include "log.h"
#include "notify.h"
#include "record.h"
#include "replay.h"
#include "vault_opts.h"

#define REPLAY_FLUSH	2048

struct replay {
	struct store	*st;
	json_t		*recs;
	json_t		*events;
	json_t		*meta;
	char		 commit[VAULT_OID_HEX];	/* being gathered */
	int64_t		 when;
	int		 count;
	int		 seq_set;	/* vault_seq_from is being set */
	uint64_t	 seq_from;	/* ... to at least this */
	char		*err;
	size_t		 errlen;
};

/* vault_seq_from when the walk is done; vault_seq_walk after each part,
 * where a walk cut short by a crash takes up again. */
static int
replay_seq_meta(json_t *meta, uint64_t seq_from, int done)
{
	char	v[32];

	snprintf(v, sizeof(v), "%llu", (unsigned long long)seq_from);
	if (json_object_set_new(meta, "vault_seq_walk", json_string(v)) != 0)
		return -1;
	return done ? json_object_set_new(meta, "vault_seq_from",
	    json_string(v)) : 0;
}

static int
replay_flush(struct replay *r, const char *head, int done)
{
	struct change_apply	a;
	int			rc;

	notify_watchdog();
	if (r->seq_set && replay_seq_meta(r->meta, r->seq_from, done) == -1) {
		snprintf(r->err, r->errlen, "out of memory");
		return -1;
	}
	if (json_object_set_new(r->meta, "vault_head", json_string(head)) !=
	    0) {
		snprintf(r->err, r->errlen, "out of memory");
		return -1;
	}
	a.recs = r->recs;
	a.events = r->events;
	a.meta = r->meta;
	if ((rc = store_write(r->st, change_apply, &a)) != 0) {
		snprintf(r->err, r->errlen, "index %s: indexing up to commit "
		    "%.12s: %s", store_dir(r->st), head, store_strerror(rc));
		return -1;
	}
	r->count += (int)json_array_size(r->recs);
	json_array_clear(r->recs);
	json_object_clear(r->events);
	json_object_clear(r->meta);
	return 0;
}

/* records/hh/hh/ID/events.jsonl -> ID */
static int
replay_id_of(const char *path, char *id, size_t len)
{
	const char	*slash = strrchr(path, '/'), *p;
	size_t		 n;

	if (slash == NULL)
		return -1;
	for (p = slash; p > path && p[-1] != '/'; p--)
		;
	n = (size_t)(slash - p);
	if (n == 0 || n >= len)
		return -1;
	memcpy(id, p, n);
	id[n] = '\0';
	return 0;
}

static int
replay_events(struct replay *r, const char *path, const char *buf,
    size_t len)
{
	json_t		*lines;
	const char	*p = buf, *nl, *end = buf + len;
	char		 id[STORE_ID_LEN + 8];
	json_int_t	 seq = 0;

	if (replay_id_of(path, id, sizeof(id)) == -1)
		return 0;
	if ((lines = json_array()) == NULL ||
	    json_object_set_new(r->events, id, lines) != 0)
		goto fail;
	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		/* Never drop a line: a later seq would take its place. */
		if (nl > p && json_array_append_new(lines, json_pack("[I, s%]",
		    ++seq, p, (size_t)(nl - p))) != 0)
			goto fail;
	}
	return 0;
fail:
	snprintf(r->err, r->errlen, "%s: event %lld: out of memory or not "
	    "UTF-8", path, (long long)seq);
	return -1;
}

/* A record at records/<a>/<b>/ID/record.json: an id sharded by hash moves
 * the first id sharded by number past it. */
static void
replay_seq_note(struct replay *r, const char *path)
{
	char		 id[STORE_ID_LEN + 8], dir[160];
	const char	*slash = strrchr(path, '/');
	uint64_t	 n;

	if (strncmp(path, "records/", 8) != 0 || slash == NULL ||
	    (size_t)(slash - path) >= sizeof(dir) ||
	    replay_id_of(path, id, sizeof(id)) == -1 ||
	    store_id_parse(id, &n) == -1)
		return;
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = '\0';
	if (!vault_record_seq(id, dir) && n >= r->seq_from)
		r->seq_from = n + 1;
}

static int
replay_cb(const char *commit, int64_t when, const char *path,
    const char *buf, size_t len, void *arg)
{
	struct replay	*r = arg;
	json_error_t	 jerr;
	json_t		*rec;

	if (strcmp(commit, r->commit) != 0) {
		/* A commit boundary: flush what the earlier ones gathered. */
		if (r->commit[0] != '\0' && json_array_size(r->recs) +
		    json_object_size(r->events) >= REPLAY_FLUSH &&
		    replay_flush(r, r->commit, 0) == -1)
			return -1;
		snprintf(r->commit, sizeof(r->commit), "%s", commit);
		r->when = when;
	}
	if (strncmp(path, "cleanup/", 8) == 0) {
		char t[32];

		snprintf(t, sizeof(t), "%lld", (long long)when);
		if (json_object_set_new(r->meta, "last_cleanup",
		    json_string(t)) != 0) {
			snprintf(r->err, r->errlen, "out of memory");
			return -1;
		}
		return 0;
	}
	if (strlen(path) > 13 &&
	    strcmp(path + strlen(path) - 13, "/events.jsonl") == 0)
		return replay_events(r, path, buf, len);
	if (r->seq_set)
		replay_seq_note(r, path);
	if ((rec = json_loadb(buf, len, 0, &jerr)) == NULL) {
		snprintf(r->err, r->errlen, "commit %.12s: %s: %s", commit,
		    path, jerr.text);
		return -1;
	}
	if (json_array_append_new(r->recs, record_from_vault(rec, commit))
	    != 0) {
		json_decref(rec);
		snprintf(r->err, r->errlen, "commit %.12s: %s: out of memory",
		    commit, path);
		return -1;
	}
	json_decref(rec);
	return 0;
}

int
replay_run(struct store *st, struct vault *vt, char *err, size_t errlen)
{
	return replay_run_progress(st, vt, NULL, NULL, err, errlen);
}

/* Where an index without vault_seq_from starts: a walk cut short left
 * vault_seq_walk; else everything it holds is sharded by hash (an index
 * of an archive from before) and the next id is the first by number. */
static int
replay_seq_start(struct store *st, MDB_txn *txn, uint64_t *seq_from)
{
	char		buf[32];
	int		rc;

	rc = store_meta_get(st, txn, "vault_seq_walk", buf, sizeof(buf));
	if (rc == MDB_NOTFOUND || (rc == 0 &&
	    store_u64_parse(buf, seq_from) == -1))
		return store_next_id(st, txn, seq_from);
	return rc;
}

/*
 * An index without vault_seq_from that replay does not walk into.  A
 * write that fails (a full disk) leaves it unset and docketd running:
 * records stay sharded by hash until a start that can write it, and
 * that start's next id lies past them all.
 */
static void
replay_seq_settle(struct store *st, uint64_t seq_from)
{
	struct change_apply	a;
	int			rc = ENOMEM;

	memset(&a, 0, sizeof(a));
	if ((a.recs = json_array()) != NULL &&
	    (a.events = json_object()) != NULL &&
	    (a.meta = json_object()) != NULL &&
	    replay_seq_meta(a.meta, seq_from, 1) == 0)
		rc = store_write(st, change_apply, &a);
	if (rc != 0)
		log_warnx("index %s: cannot write vault_seq_from (%s): new "
		    "records stay sharded by hash until a start that can",
		    store_dir(st), store_strerror(rc));
	json_decref(a.recs);
	json_decref(a.events);
	json_decref(a.meta);
}

int
replay_run_progress(struct store *st, struct vault *vt,
    vault_progress_cb progress, void *parg, char *err, size_t errlen)
{
	MDB_txn		*txn;
	char		 indexed[VAULT_OID_HEX] = "", head[VAULT_OID_HEX];
	char		 verr[512] = "", seq[32];
	struct replay	 r;
	int		 rc, ret = -1;

	err[0] = '\0';
	memset(&r, 0, sizeof(r));
	if ((rc = store_txn_read(st, &txn)) != 0) {
		snprintf(err, errlen, "index %s: %s", store_dir(st),
		    store_strerror(rc));
		return -1;
	}
	rc = store_meta_get(st, txn, "vault_head", indexed, sizeof(indexed));
	if (rc == 0 || rc == MDB_NOTFOUND) {
		rc = store_meta_get(st, txn, "vault_seq_from", seq,
		    sizeof(seq));
		/* tests/integration/layout.sh: an index as docket kept it
		 * before there was a vault_seq_from. */
		r.seq_set = rc == MDB_NOTFOUND &&
		    getenv("DOCKET_TEST_OLD_LAYOUT") == NULL;
		if (rc == MDB_NOTFOUND)
			rc = replay_seq_start(st, txn, &r.seq_from);
	}
	store_txn_end(txn);
	if (rc != 0) {
		snprintf(err, errlen, "index %s: meta: %s",
		    store_dir(st), store_strerror(rc));
		return -1;
	}
	if ((rc = vault_head(vt, head)) == -1) {
		snprintf(err, errlen, "cannot read the vault head");
		return -1;
	}
	if (rc == 1 || strcmp(indexed, head) == 0) {
		if (r.seq_set)
			replay_seq_settle(st, r.seq_from);
		return 0;
	}
	/* Index only what a crash cannot take back. */
	if (vault_sync(vt, verr, sizeof(verr)) == -1) {
		snprintf(err, errlen, "%s", verr);
		return -1;
	}
	log_info("replay: vault head %.12s is not indexed (indexed: %.12s)",
	    head, indexed[0] ? indexed : "none");
	r.st = st;
	r.err = err;
	r.errlen = errlen;
	r.recs = json_array();
	r.events = json_object();
	r.meta = json_object();
	if (r.recs == NULL || r.events == NULL || r.meta == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	/* A walk over many commits: big pack windows (vault_opts.c). */
	vault_opts_bulk(1);
	rc = vault_replay_progress(vt, indexed[0] ? indexed : NULL, replay_cb,
	    &r, progress, parg, verr, sizeof(verr));
	vault_opts_bulk(0);
	if (rc == -1) {
		if (err[0] == '\0')
			snprintf(err, errlen, "%s", verr);
		goto out;
	}
	/* The rest, and commits without records, move the head too. */
	if (replay_flush(&r, head, 1) == -1)
		goto out;
	log_info("replay: indexed %d record state(s) up to %.12s", r.count,
	    head);
	ret = r.count;
out:
	json_decref(r.recs);
	json_decref(r.events);
	json_decref(r.meta);
	return ret;
}
