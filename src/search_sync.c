/*
 * search_sync: the index follows LMDB (search_sync.h).  Kept apart from
 * search.c so that docketctl's search links only SQLite and this file's
 * LMDB and libgit2 stay on docketd's side.
 *
 * The index's file gets the mode of LMDB's data.mdb (without any bit for
 * others) and its group, and no group bits at all when the vault is not
 * readable by that group: whoever may read the text of a withheld record
 * through LMDB and the vault may read it here, and nobody else.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "record.h"
#include "search.h"
#include "search_sync.h"
#include "xalloc.h"

struct search_sync {
	char		 dbdir[PATH_MAX];
	char		 vault[PATH_MAX];
	char		 path[PATH_MAX];
	struct search	*s;
	uint64_t	*pending;	/* ids to write for `target` */
	size_t		 npending, ipending, cap;
	char		 target[VAULT_OID_HEX];
	unsigned long long rebuilt, rebuild_next;
	int		 nobuild;	/* never create or rebuild (docketd's
					 * committer: the worker's job) */
	ino_t		 ino;		/* of the file open */
	uint64_t	 seq_from;	/* store_seq_from: where records are */
};

/* search_sync_follow's catch-up: at most this many records a call. */
#define SS_FOLLOW_BUDGET	1024
#define SS_FOLLOW_STEPS		16
/* Behind by more new records than this, the committer leaves the
 * catching up to the worker: planning it (a diff of the trees) and
 * writing it would hold intake for as long as it takes. */
#define SS_NEAR_RECORDS		4096

/* An ss_open or ss_plan of a nobuild sync that would build the index. */
#define SS_WORKER	(-2)

struct search_sync *
search_sync_new(const char *dbdir, const char *vault)
{
	struct search_sync	*ss = xcalloc(1, sizeof(*ss));

	snprintf(ss->dbdir, sizeof(ss->dbdir), "%s", dbdir);
	snprintf(ss->vault, sizeof(ss->vault), "%s", vault);
	snprintf(ss->path, sizeof(ss->path), "%s/%s", dbdir, SEARCH_FILE);
	ss->seq_from = VAULT_SEQ_NONE;
	return ss;
}

static void
ss_unlink(struct search_sync *ss)
{
	if (search_remove(ss->dbdir) == -1)
		log_warn("removing %s", ss->path);
}

void
search_sync_close(struct search_sync *ss)
{
	int	damaged;

	if (ss == NULL)
		return;
	damaged = search_damaged(ss->s);
	search_close(ss->s);
	ss->s = NULL;
	/* Damaged inside (a page SQLite cannot read: the open did not
	 * see it): gone, and the next open builds a new one. */
	if (damaged) {
		log_warnx("search index %s: damaged; building a new one",
		    ss->path);
		ss_unlink(ss);
	}
	ss->npending = ss->ipending = 0;
	ss->target[0] = '\0';
}

void
search_sync_free(struct search_sync *ss)
{
	if (ss == NULL)
		return;
	search_sync_close(ss);
	free(ss->pending);
	free(ss);
}

void
search_sync_progress(struct search_sync *ss, unsigned long long *done,
    unsigned long long *next)
{
	*done = ss->rebuild_next ? ss->rebuilt : 0;
	*next = ss->rebuild_next;
}

/* The index's mode and group: data.mdb's, never anything for others,
 * and owner only unless data.mdb's group may also read the vault. */
static void
ss_mode(struct search_sync *ss, mode_t *mode, gid_t *gid)
{
	char		p[PATH_MAX + 16];
	struct stat	sb, vb;

	snprintf(p, sizeof(p), "%s/data.mdb", ss->dbdir);
	*mode = 0600;
	*gid = (gid_t)-1;
	if (stat(p, &sb) == 0) {
		*mode = sb.st_mode & 0660;
		*gid = sb.st_gid;
		if (stat(ss->vault, &vb) == -1 || vb.st_gid != sb.st_gid ||
		    (vb.st_mode & (S_IRGRP | S_IXGRP)) != (S_IRGRP | S_IXGRP))
			*mode &= 0600;
	}
}

/* Start filling the index from LMDB: from id 1, and the changes after
 * LMDB's head of now are synced after that. */
/* The vault commit LMDB reflects: 0, 1 none yet ("" in head), -1. */
static int
ss_lmdb_head(struct store *st, char head[VAULT_OID_HEX], char *err,
    size_t errlen)
{
	MDB_txn	*txn;
	int	 rc;

	head[0] = '\0';
	if ((rc = store_txn_read(st, &txn)) != 0) {
		snprintf(err, errlen, "index: %s", store_strerror(rc));
		return -1;
	}
	rc = store_meta_get(st, txn, "vault_head", head, VAULT_OID_HEX);
	store_txn_end(txn);
	if (rc == MDB_NOTFOUND) {
		head[0] = '\0';
		return 1;
	}
	if (rc != 0) {
		snprintf(err, errlen, "index: %s", store_strerror(rc));
		return -1;
	}
	return 0;
}

static int
ss_rebuild_start(struct search_sync *ss, struct store *st, char *err,
    size_t errlen)
{
	char	 head[VAULT_OID_HEX] = "";

	if (ss_lmdb_head(st, head, err, errlen) == -1)
		return -1;
	if (search_begin(ss->s, err, errlen) == -1)
		return -1;
	if (search_meta_put(ss->s, "search_head", head, err, errlen) == -1 ||
	    search_meta_put(ss->s, "rebuild_next", "1", err, errlen) == -1) {
		search_rollback(ss->s);
		return -1;
	}
	if (search_commit(ss->s, err, errlen) == -1)
		return -1;
	ss->npending = ss->ipending = 0;
	ss->rebuilt = 0;
	ss->rebuild_next = 1;
	return 0;
}

static int
ss_open(struct search_sync *ss, struct store *st, char *err, size_t errlen)
{
	struct stat	 sb;
	char		 v[VAULT_OID_HEX];
	mode_t		 mode;
	gid_t		 gid;
	int		 fresh, rc;

	ss->seq_from = store_seq_from(st);
	ss_mode(ss, &mode, &gid);
	fresh = access(ss->path, F_OK) == -1;
	if (fresh && ss->nobuild)
		return SS_WORKER;
	if ((rc = search_open(&ss->s, ss->path, 1, mode, err, errlen)) != 0) {
		if (fresh || rc == -2)
			return -1;	/* (-2: a reader holds it; later) */
		if (ss->nobuild)
			return SS_WORKER;
		log_warnx("search index: %s; building a new one", err);
		ss_unlink(ss);
		fresh = 1;
		if (search_open(&ss->s, ss->path, 1, mode, err, errlen) != 0)
			return -1;
	}
	/* No wider than data.mdb, whatever made the file. */
	if (chmod(ss->path, mode) == -1)
		log_warn("chmod %s", ss->path);
	if (gid != (gid_t)-1 && chown(ss->path, (uid_t)-1, gid) == -1 &&
	    errno != EPERM)
		log_warn("chown %s", ss->path);
	if (stat(ss->path, &sb) == 0)
		ss->ino = sb.st_ino;
	if (ss->nobuild && (search_meta_get(ss->s, "search_head", v,
	    sizeof(v)) != 0 || (search_meta_get(ss->s, "rebuild_next", v,
	    sizeof(v)) == 0 && v[0] != '\0'))) {
		search_close(ss->s);
		ss->s = NULL;
		return SS_WORKER;
	}
	if (search_meta_get(ss->s, "search_head", v, sizeof(v)) == 1 ||
	    fresh) {
		log_info("search index %s: building from the index", ss->path);
		if (ss_rebuild_start(ss, st, err, errlen) == -1)
			goto fail;
	} else if (search_meta_get(ss->s, "rebuild_next", v, sizeof(v)) ==
	    0 && v[0] != '\0') {
		ss->rebuild_next = strtoull(v, NULL, 10);
		ss->rebuilt = 0;
	}
	return 0;
fail:
	search_close(ss->s);
	ss->s = NULL;
	return -1;
}

/* The year the --year filter sees: the signing date's, else the day the
 * document was received. */
static int
ss_year(json_t *rec)
{
	const char	*d = record_str(rec, "signed_on");

	if (d == NULL || strlen(d) < 4)
		d = record_str(rec, "received_at");
	if (d == NULL || strlen(d) < 4)
		return 0;
	return atoi(d) > 0 && atoi(d) < 10000 ? atoi(d) : 0;
}

/* Write one record: its text only when its sha256 changed, from text()
 * when it has it, else from the vault. */
static int
ss_record(struct search_sync *ss, struct vault *vt, uint64_t id, json_t *rec,
    search_text_fn text, void *arg, char *err, size_t errlen)
{
	const char		*given = NULL;
	struct search_attr	 a;
	char			 have[SEARCH_SHA_LEN + 1], dir[128], path[160];
	const char		*sha = record_str(rec, "sha256");
	char			*buf = NULL;
	size_t			 len = 0;
	int			 rc;

	a.agency = record_str(rec, "agency");
	a.disclosure = record_str(rec, "disclosure");
	a.status = record_str(rec, "status");
	a.year = ss_year(rec);
	if (sha == NULL)
		sha = "";
	if ((rc = search_sha(ss->s, id, have)) == -1) {
		snprintf(err, errlen, "search index: reading D%" PRIu64, id);
		return -1;
	}
	if (rc == 0 && strcmp(have, sha) == 0)
		return search_put_attr(ss->s, id, &a, err, errlen);
	if (text != NULL && (given = text(arg, id, sha, &len)) != NULL)
		return search_put(ss->s, id, sha, &a, record_str(rec, "docno"),
		    record_str(rec, "title"), given, len, err, errlen);
	if (vt == NULL) {
		/* search_sync_batch on the feed's thread: no vault there. */
		snprintf(err, errlen, "search index: the text of D%" PRIu64
		    " is not in memory", id);
		return -1;
	}
	vault_record_dir(ss->seq_from, record_str(rec, "id"), dir,
	    sizeof(dir));
	snprintf(path, sizeof(path), "%s/text.txt", dir);
	rc = vault_read(vt, record_str(rec, "commit"), path, &buf, &len, err,
	    errlen);
	if (rc == -1)
		return -1;
	rc = search_put(ss->s, id, sha, &a, record_str(rec, "docno"),
	    record_str(rec, "title"), buf ? buf : "", buf ? len : 0, err,
	    errlen);
	free(buf);
	return rc;
}

/* Write the records of ids from LMDB (a missing one leaves the index). */
static int
ss_write(struct search_sync *ss, struct store *st, struct vault *vt,
    MDB_txn *txn, uint64_t id, char *err, size_t errlen)
{
	json_t	*rec;
	int	 rc;

	ss->seq_from = store_seq_from(st);
	rc = store_get_record(st, txn, id, &rec);
	if (rc == MDB_NOTFOUND)
		return search_del(ss->s, id, err, errlen);
	if (rc != 0) {
		snprintf(err, errlen, "index: %s", store_strerror(rc));
		return -1;
	}
	rc = ss_record(ss, vt, id, rec, NULL, NULL, err, errlen);
	json_decref(rec);
	return rc;
}

/* One chunk of a rebuild: ids rebuild_next .. (at most budget). */
static int
ss_rebuild_step(struct search_sync *ss, struct store *st, struct vault *vt,
    size_t budget, char *err, size_t errlen)
{
	MDB_txn		*txn;
	uint64_t	 id, next;
	size_t		 n = 0;
	char		 v[32];
	int		 rc;

	if ((rc = store_txn_read(st, &txn)) != 0) {
		snprintf(err, errlen, "index: %s", store_strerror(rc));
		return -1;
	}
	if ((rc = store_next_id(st, txn, &next)) != 0) {
		store_txn_end(txn);
		snprintf(err, errlen, "index: %s", store_strerror(rc));
		return -1;
	}
	if (search_begin(ss->s, err, errlen) == -1) {
		store_txn_end(txn);
		return -1;
	}
	for (id = ss->rebuild_next; id < next && n < budget; id++, n++) {
		if (ss_write(ss, st, vt, txn, id, err, errlen) == -1)
			goto fail;
	}
	store_txn_end(txn);
	txn = NULL;
	snprintf(v, sizeof(v), "%" PRIu64, id);
	if (search_meta_put(ss->s, "rebuild_next", id < next ? v : "", err,
	    errlen) == -1)
		goto fail;
	if (search_commit(ss->s, err, errlen) == -1)
		return -1;
	ss->rebuilt += n;
	ss->rebuild_next = id < next ? id : 0;
	if (ss->rebuild_next == 0)
		log_info("search index %s: built (%llu records)", ss->path,
		    ss->rebuilt);
	return 1;
fail:
	if (txn != NULL)
		store_txn_end(txn);
	search_rollback(ss->s);
	return -1;
}

/* vault_replay: the ids whose record.json a commit changed. */
static int
ss_changed(const char *commit, int64_t when, const char *path,
    const char *buf, size_t len, void *arg)
{
	struct search_sync	*ss = arg;
	const char		*slash, *id;
	uint64_t		 n;
	char			 idb[STORE_ID_LEN];
	size_t			 l;

	(void)commit;
	(void)when;
	(void)buf;
	(void)len;
	l = strlen(path);
	if (strncmp(path, "records/", 8) != 0 || l < 12 ||
	    strcmp(path + l - 12, "/record.json") != 0)
		return 0;
	slash = path + l - 12;
	for (id = slash; id > path && id[-1] != '/'; id--)
		;
	if ((size_t)(slash - id) >= sizeof(idb))
		return 0;
	memcpy(idb, id, (size_t)(slash - id));
	idb[slash - id] = '\0';
	if (store_id_parse(idb, &n) == -1)
		return 0;
	if (ss->npending == ss->cap) {
		ss->cap = ss->cap ? ss->cap * 2 : 256;
		ss->pending = xreallocarray(ss->pending, ss->cap,
		    sizeof(*ss->pending));
	}
	ss->pending[ss->npending++] = n;
	return 0;
}

/* The commits LMDB indexed after search_head: which records to write. */
static int
ss_plan(struct search_sync *ss, struct store *st, struct vault *vt,
    char *err, size_t errlen)
{
	char	 head[VAULT_OID_HEX] = "", vhead[VAULT_OID_HEX] = "";
	char	 have[VAULT_OID_HEX] = "";
	int	 rc;

	if ((rc = ss_lmdb_head(st, head, err, errlen)) != 0)
		return rc == 1 ? 0 : -1;
	if (search_meta_get(ss->s, "search_head", have, sizeof(have)) == -1) {
		snprintf(err, errlen, "%s: cannot read search_head", ss->path);
		return -1;
	}
	if (strcmp(have, head) == 0)
		return 0;
	/* LMDB lags the vault (a batch is being replayed): wait for it. */
	if (vault_head(vt, vhead) != 0 || strcmp(vhead, head) != 0)
		return 0;
	ss->npending = ss->ipending = 0;
	if (vault_replay(vt, have[0] ? have : NULL, ss_changed, ss, err,
	    errlen) == -1) {
		/* search_head is not in main's history (a vault put back
		 * from a replica, say): start again from LMDB. */
		if (ss->nobuild) {
			search_sync_close(ss);
			return SS_WORKER;
		}
		log_warnx("search index: %s; building it again", err);
		search_sync_close(ss);
		ss_unlink(ss);
		return 1;
	}
	memcpy(ss->target, head, sizeof(ss->target));
	return 1;
}

int
search_sync_step(struct search_sync *ss, struct store *st, struct vault *vt,
    size_t budget, char *err, size_t errlen)
{
	MDB_txn	*txn;
	size_t	 n;
	int	 rc;

	if (ss->s == NULL && (rc = ss_open(ss, st, err, errlen)) < 0)
		return rc;
	if (ss->rebuild_next != 0)
		return ss_rebuild_step(ss, st, vt, budget, err, errlen);
	if (ss->target[0] == '\0')
		return ss_plan(ss, st, vt, err, errlen);
	if ((rc = store_txn_read(st, &txn)) != 0) {
		snprintf(err, errlen, "index: %s", store_strerror(rc));
		return -1;
	}
	if (search_begin(ss->s, err, errlen) == -1) {
		store_txn_end(txn);
		return -1;
	}
	for (n = 0; ss->ipending < ss->npending && n < budget; n++)
		if (ss_write(ss, st, vt, txn, ss->pending[ss->ipending++],
		    err, errlen) == -1)
			goto fail;
	store_txn_end(txn);
	txn = NULL;
	if (ss->ipending == ss->npending && search_meta_put(ss->s,
	    "search_head", ss->target, err, errlen) == -1)
		goto fail;
	if (search_commit(ss->s, err, errlen) == -1)
		goto fail;
	if (ss->ipending == ss->npending) {
		ss->target[0] = '\0';
		ss->npending = ss->ipending = 0;
	}
	return 1;
fail:
	if (txn != NULL)
		store_txn_end(txn);
	search_rollback(ss->s);
	/* Plan again from search_head, which did not move. */
	ss->target[0] = '\0';
	ss->npending = ss->ipending = 0;
	return -1;
}

void
search_sync_nobuild(struct search_sync *ss)
{
	ss->nobuild = 1;
}

/* tests/integration/search_batch.sh: hold docketd after a commit's LMDB
 * transaction, before the index's (DOCKET_SEARCH_STALL=batch), to be
 * killed there. */
static void
ss_stall(const char *where)
{
	const char *s = getenv("DOCKET_SEARCH_STALL");

	if (s != NULL && strcmp(s, where) == 0)
		for (;;)
			pause();
}

/* The batch itself: the records of commit, its texts from text() (vt
 * NULL: from nowhere else). */
static int
ss_batch(struct search_sync *ss, struct vault *vt, const char *commit,
    json_t *recs, search_text_fn text, void *arg, char *err, size_t errlen)
{
	json_t		*rec;
	const char	*id;
	uint64_t	 n;
	size_t		 i;

	json_array_foreach(recs, i, rec) {
		if ((id = record_str(rec, "id")) == NULL ||
		    store_id_parse(id, &n) == -1)
			continue;
		if (ss_record(ss, vt, n, rec, text, arg, err, errlen) == -1)
			return -1;
	}
	return search_meta_put(ss->s, "search_head", commit, err, errlen);
}

int
search_sync_building(struct search_sync *ss, struct store *st)
{
	char	v[32], err[256];
	int	rc;

	if (ss->s == NULL && (rc = ss_open(ss, st, err, sizeof(err))) < 0)
		return 1;
	if (search_meta_get(ss->s, "rebuild_next", v, sizeof(v)) == 0 &&
	    v[0] != '\0')
		return 1;
	return 0;
}

int
search_sync_far(struct search_sync *ss, struct store *st)
{
	MDB_txn		*txn;
	uint64_t	 next, have, near = SS_NEAR_RECORDS;
	const char	*env;
	char		 err[256];
	int		 rc;

	if (ss->target[0] != '\0')
		return 0;	/* planned: the rest is bounded steps */
	if (ss->s == NULL && (rc = ss_open(ss, st, err, sizeof(err))) < 0)
		return 1;
	if (store_txn_read(st, &txn) != 0)
		return 1;
	rc = store_next_id(st, txn, &next);
	store_txn_end(txn);
	if (rc != 0 || search_max_id(ss->s, &have) == -1)
		return 1;
	/* tests/integration/search_batch.sh: a near that a test reaches */
	if ((env = getenv("DOCKET_SEARCH_NEAR")) != NULL)
		near = strtoull(env, NULL, 10);
	return next > have + 1 + near;
}

/* The batch in one transaction when the index is at parent: 0, 1 when
 * it is not, -1 with a message. */
static int
ss_follow_batch(struct search_sync *ss, struct vault *vt, const char *parent,
    const char *commit, json_t *recs, search_text_fn text, void *arg,
    char *err, size_t errlen)
{
	char	have[VAULT_OID_HEX];

	if (search_begin(ss->s, err, errlen) == -1)
		return -1;
	/* Read inside the transaction: nothing moves it meanwhile. */
	if (search_meta_get(ss->s, "search_head", have, sizeof(have)) == 0 &&
	    strcmp(have, parent) == 0) {
		if (ss_batch(ss, vt, commit, recs, text, arg, err, errlen) ==
		    -1) {
			search_rollback(ss->s);
			return -1;
		}
		ss_stall("batch");
		return search_commit(ss->s, err, errlen);
	}
	search_rollback(ss->s);
	return 1;
}

int
search_sync_ready(struct search_sync *ss)
{
	struct stat	sb;

	return ss->s != NULL && ss->target[0] == '\0' &&
	    ss->rebuild_next == 0 && stat(ss->path, &sb) == 0 &&
	    sb.st_ino == ss->ino;
}

int
search_sync_at(struct search_sync *ss, struct store *st, const char *parent,
    char *err, size_t errlen)
{
	struct stat	sb;
	char		have[VAULT_OID_HEX];
	int		rc;

	if (ss->s != NULL && (stat(ss->path, &sb) == -1 || sb.st_ino !=
	    ss->ino))
		search_sync_close(ss);
	if (ss->s == NULL && (rc = ss_open(ss, st, err, errlen)) < 0)
		return rc == SS_WORKER ? 2 : -1;
	return search_sync_ready(ss) && search_meta_get(ss->s, "search_head",
	    have, sizeof(have)) == 0 && strcmp(have, parent) == 0;
}

int
search_sync_batch(struct search_sync *ss, const char *parent,
    const char *commit, json_t *recs, search_text_fn text, void *arg,
    char *err, size_t errlen)
{
	return ss_follow_batch(ss, NULL, parent, commit, recs, text, arg, err,
	    errlen);
}

/* The fields of a record ss_record and ss_year read. */
static const char *const ss_fields[] = {
	"id", "sha256", "agency", "disclosure", "status", "signed_on",
	"received_at", "docno", "title", "commit",
};

json_t *
search_sync_recs(json_t *recs)
{
	json_t		*out, *rec, *c, *v;
	size_t		 i, k;

	if ((out = json_array()) == NULL)
		return NULL;
	json_array_foreach(recs, i, rec) {
		if ((c = json_object()) == NULL ||
		    json_array_append_new(out, c) != 0)
			goto fail;
		for (k = 0; k < sizeof(ss_fields) / sizeof(ss_fields[0]); k++)
			if ((v = json_object_get(rec, ss_fields[k])) != NULL &&
			    json_is_string(v) && json_object_set_new(c,
			    ss_fields[k], json_stringn(json_string_value(v),
			    json_string_length(v))) != 0)
				goto fail;
	}
	return out;
fail:
	json_decref(out);
	return NULL;
}

int
search_sync_follow(struct search_sync *ss, struct store *st,
    struct vault *vt, const char *parent, const char *commit, json_t *recs,
    search_text_fn text, void *arg, char *err, size_t errlen)
{
	struct stat	 sb;
	int		 rc, steps;

	ss->seq_from = store_seq_from(st);
	/* The file docketd's worker replaced (a damaged one) or reindex
	 * removed is not the one open. */
	if (ss->s != NULL && (stat(ss->path, &sb) == -1 || sb.st_ino !=
	    ss->ino))
		search_sync_close(ss);
	if (ss->s == NULL && (rc = ss_open(ss, st, err, errlen)) < 0)
		return rc == SS_WORKER ? 1 : -1;
	if (ss->target[0] == '\0' && parent != NULL && recs != NULL &&
	    (rc = ss_follow_batch(ss, vt, parent, commit, recs, text, arg,
	    err, errlen)) != 1)
		return rc;
	/* Behind (a failed step, a commit indexed by replay, the worker's
	 * last minutes): catch up from LMDB and the vault, a bounded number
	 * of steps; the rest is the worker's, and all of it when far. */
	if (search_sync_far(ss, st))
		return 1;
	for (steps = 0; steps < SS_FOLLOW_STEPS; steps++)
		if ((rc = search_sync_step(ss, st, vt, SS_FOLLOW_BUDGET, err,
		    errlen)) != 1)
			return rc == SS_WORKER ? 1 : rc;
	return 1;
}
