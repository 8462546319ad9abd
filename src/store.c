/*
 * store: docket's LMDB environment.  One environment per process, opened
 * after any fork.  docketd is the only writer; docketctl opens the same
 * environment read-only and needs no daemon.
 *
 * Writes go through store_write(), which owns the MDB_MAP_FULL policy:
 * abort, double the map, run the whole transaction again.  Records are
 * JSON (jansson) so that the vault's record.json and the index hold the
 * same thing; ids are 8-byte big-endian keys so they sort numerically.
 *
 * The write transaction has a sticky error, as in Knot DNS's LMDB
 * wrapper: the first failure of any store_* call inside store_write()
 * (MDB_NOTFOUND is an answer, not a failure) is remembered; every later
 * store_* call in that transaction returns it without touching LMDB, and
 * store_write() aborts the transaction and returns that first error, even
 * if the callback ignored it and returned 0.  A caller that reads "error"
 * as "not found" can therefore no longer commit on the strength of it.
 */
#include <errno.h>
#include <limits.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "interp.h"
#include "log.h"
#include "publish.h"
#include "store_impl.h"

static const char *store_idx_names[STORE_IDX_COUNT] = {
	"idx_disclosure", "idx_status", "idx_agency", "idx_flag", "idx_docno",
	"idx_repeals", "idx_domain", "idx_index_no", "idx_site",
	"idx_neg_item", "idx_interprets", "idx_repealed_by"
};

const char *
store_dir(const struct store *s)
{
	return s->dir;
}

const char *
store_strerror(int rc)
{
	return mdb_strerror(rc);
}

void
store_id_format(uint64_t id, char buf[STORE_ID_LEN])
{
	snprintf(buf, STORE_ID_LEN, "D%06" PRIu64, id);
}

int
store_id_parse(const char *s, uint64_t *out)
{
	uint64_t	v = 0;
	const char	*p = s;

	if (*p == 'D' || *p == 'd')
		p++;
	if (*p == '\0' || strlen(p) > 18)
		return -1;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (v == 0)
		return -1;
	*out = v;
	return 0;
}

static int
store_dbi(MDB_txn *txn, const char *name, unsigned int flags, MDB_dbi *dbi)
{
	return mdb_dbi_open(txn, name, flags, dbi);
}

int
store_open(struct store **out, const char *dir, int readonly,
    uint64_t map_size, char *err, size_t errlen)
{
	struct store	*s;
	MDB_txn		*txn = NULL;
	unsigned int	 cflag = readonly ? 0 : MDB_CREATE;
	int		 rc, i, dead;
	char		 ver[32];

	if ((s = calloc(1, sizeof(*s))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	s->readonly = readonly;
	s->map_size = map_size;
	if ((s->dir = strdup(dir)) == NULL) {
		snprintf(err, errlen, "out of memory");
		free(s);
		return -1;
	}
	if (!readonly && mkdir(dir, 0750) == -1 && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		free(s->dir);
		free(s);
		return -1;
	}
	if ((rc = mdb_env_create(&s->env)) != 0)
		goto fail;
	mdb_env_set_maxdbs(s->env, 32);
	mdb_env_set_maxreaders(s->env, 126);
	if (!readonly && (rc = mdb_env_set_mapsize(s->env, map_size)) != 0)
		goto fail;
	/* MDB_NOTLS: a thread may hold more than one read transaction. */
	if ((rc = mdb_env_open(s->env, dir, MDB_NOTLS | (readonly ? MDB_RDONLY : 0),
	    0640)) != 0)
		goto fail;
	if (!readonly) {
		MDB_envinfo info;
		char lockpath[PATH_MAX];

		/* Readers (docketctl, run by members of docketd's group) must
		 * write their slot into lock.mdb; the data stays 0640. */
		if (snprintf(lockpath, sizeof(lockpath), "%s/lock.mdb", dir) <
		    (int)sizeof(lockpath))
			(void)chmod(lockpath, 0660);

		/* A map grown earlier stays grown. */
		if (mdb_env_info(s->env, &info) == 0 &&
		    info.me_mapsize > s->map_size)
			s->map_size = info.me_mapsize;
		if (mdb_reader_check(s->env, &dead) == 0 && dead > 0)
			log_info("store: cleared %d stale reader slot(s)", dead);
	}
	if ((rc = mdb_txn_begin(s->env, NULL, readonly ? MDB_RDONLY : 0,
	    &txn)) != 0)
		goto fail;
	if ((rc = store_dbi(txn, "meta", cflag, &s->meta)) != 0)
		goto fail;
	rc = store_meta_get(s, txn, "schema_version", ver, sizeof(ver));
	if (rc == MDB_NOTFOUND && !readonly) {
		snprintf(ver, sizeof(ver), "%d", STORE_SCHEMA_VERSION);
		if ((rc = store_meta_put(s, txn, "schema_version", ver)) != 0)
			goto fail;
	} else if (rc != 0)
		goto fail;
	else if (atoi(ver) != STORE_SCHEMA_VERSION) {
		mdb_txn_abort(txn);
		snprintf(err, errlen, "%s: schema version %s, this docket "
		    "knows %d (rebuild it from the vault: docketctl reindex)",
		    dir, ver, STORE_SCHEMA_VERSION);
		mdb_env_close(s->env);
		free(s->dir);
		free(s);
		return -2;
	}
	s->seq_from = UINT64_MAX;
	rc = store_meta_get(s, txn, "vault_seq_from", ver, sizeof(ver));
	if ((rc == 0 && store_u64_parse(ver, &s->seq_from) == -1) ||
	    rc == MDB_BAD_VALSIZE) {
		/* Where every record is cannot be known from the index any
		 * more: it is derived, rebuild it (replay.c finds it). */
		mdb_txn_abort(txn);
		snprintf(err, errlen, "%s：索引中的档案目录起点（meta "
		    "vault_seq_from）已损坏；索引可从档案库重建：重启 docketd "
		    "会自动重建，或运行 docketctl reindex", dir);
		mdb_env_close(s->env);
		free(s->dir);
		free(s);
		return -2;
	} else if (rc != 0 && rc != MDB_NOTFOUND)
		goto fail;
	if ((rc = store_dbi(txn, "records", cflag, &s->records)) != 0 ||
	    (rc = store_dbi(txn, "versions", cflag, &s->versions)) != 0 ||
	    (rc = store_dbi(txn, "idx_sha256", cflag, &s->sha)) != 0 ||
	    (rc = store_dbi(txn, "events", cflag, &s->events)) != 0 ||
	    (rc = store_dbi(txn, "changes", cflag, &s->changes)) != 0 ||
	    (rc = store_dbi(txn, "outbox", cflag, &s->outbox)) != 0 ||
	    (rc = store_dbi(txn, "due", cflag, &s->due)) != 0)
		goto fail;
	for (i = 0; i < STORE_IDX_COUNT; i++)
		if ((rc = store_dbi(txn, store_idx_names[i],
		    cflag | MDB_DUPSORT, &s->idx[i])) != 0)
			goto fail;
	/* Applications (apply_store.c): an index made before they existed
	 * has none, which a reader takes as none. */
	rc = store_dbi(txn, "applications", cflag, &s->apps);
	if (rc == 0)
		rc = store_dbi(txn, "app_due", cflag, &s->app_due);
	if (rc == 0)
		s->has_apps = 1;
	else if (rc != MDB_NOTFOUND || !readonly)
		goto fail;
	/* Commit even a read-only txn: an abort would close the dbi handles
	 * it opened. */
	if ((rc = mdb_txn_commit(txn)) != 0) {
		txn = NULL;
		goto fail;
	}
	*out = s;
	return 0;
fail:
	if (txn != NULL)
		mdb_txn_abort(txn);
	snprintf(err, errlen, "%s: %s", dir, rc == ENOENT ?
	    "没有索引数据库（docketd 是否已在这个根目录上运行过？）" : mdb_strerror(rc));
	if (s->env != NULL)
		mdb_env_close(s->env);
	free(s->dir);
	free(s);
	return -1;
}

int
store_app_dbis(struct store *s, MDB_dbi *apps, MDB_dbi *due)
{
	if (!s->has_apps)
		return MDB_NOTFOUND;
	*apps = s->apps;
	*due = s->app_due;
	return 0;
}

void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	if (s->env != NULL)
		mdb_env_close(s->env);
	free(s->dir);
	free(s);
}

/*
 * After MDB_PANIC (a failed meta page write, ...) LMDB refuses every new
 * transaction of this environment: it must be closed and opened again.
 * That cannot happen here, under a caller that may hold a transaction:
 * the store only marks itself broken and tells its owner, who calls
 * store_reopen from its event loop.
 */
static int
store_failed(struct store *s, int rc)
{
	MDB_txn	*probe;
	int	 prc;

	if (rc == 0 || rc == MDB_NOTFOUND || rc == MDB_MAP_FULL ||
	    s->broken)
		return rc;
	if (rc != MDB_PANIC && s->env != NULL) {
		/* Any other error: is the environment still usable? */
		if ((prc = mdb_txn_begin(s->env, NULL, MDB_RDONLY,
		    &probe)) == 0) {
			mdb_txn_abort(probe);
			return rc;
		}
		if (prc != MDB_PANIC)
			return rc;
	}
	s->broken = 1;
	log_warnx("store: %s: the environment is unusable after %s; "
	    "reopening it", s->dir, mdb_strerror(rc));
	if (s->on_broken != NULL)
		s->on_broken(s->on_broken_arg);
	return rc;
}

int
store_broken(const struct store *s)
{
	return s->broken;
}

void
store_on_broken(struct store *s, void (*cb)(void *), void *arg)
{
	s->on_broken = cb;
	s->on_broken_arg = arg;
}

int
store_reopen(struct store *s, char *err, size_t errlen)
{
	struct store	*n;
	int		 rc;

	if (s->env != NULL) {
		mdb_env_close(s->env);
		s->env = NULL;
	}
	if ((rc = store_open(&n, s->dir, s->readonly, s->map_size, err,
	    errlen)) != 0)
		return rc;
	free(s->dir);
	n->on_broken = s->on_broken;
	n->on_broken_arg = s->on_broken_arg;
	*s = *n;
	free(n);
	log_info("store: %s reopened", s->dir);
	return 0;
}

int
store_txn_read(struct store *s, MDB_txn **txn)
{
	int rc;

	if (s->env == NULL)
		return MDB_PANIC;
	rc = mdb_txn_begin(s->env, NULL, MDB_RDONLY, txn);
	if (rc == MDB_MAP_RESIZED) {
		/* The writer grew the map since we opened it. */
		mdb_env_set_mapsize(s->env, 0);
		rc = mdb_txn_begin(s->env, NULL, MDB_RDONLY, txn);
	}
	return rc == MDB_PANIC ? store_failed(s, rc) : rc;
}

void
store_txn_end(MDB_txn *txn)
{
	if (txn != NULL)
		mdb_txn_abort(txn);
}

int
store_write(struct store *s, int (*fn)(struct store *, MDB_txn *, void *),
    void *arg)
{
	MDB_txn	*txn;
	int	 rc, tries;

	if (s->env == NULL)
		return MDB_PANIC;
	for (tries = 0; tries < 16; tries++) {
		if ((rc = mdb_txn_begin(s->env, NULL, 0, &txn)) != 0)
			return store_failed(s, rc);
		s->wtxn = txn;
		s->txn_err = 0;
		s->seq_put = 0;
		rc = fn(s, txn, arg);
		/* The first failure wins over whatever fn made of it. */
		if (s->txn_err != 0)
			rc = s->txn_err;
		s->wtxn = NULL;
		s->txn_err = 0;
		if (rc == 0) {
			if ((rc = mdb_txn_commit(txn)) != 0)
				rc = store_failed(s, rc);
			else if (s->seq_put != 0)
				s->seq_from = s->seq_put;
		} else
			mdb_txn_abort(txn);
		s->seq_put = 0;
		if (rc != MDB_MAP_FULL)
			return rc;
		s->map_size *= 2;
		log_info("store: map full, growing it to %" PRIu64 " MiB",
		    s->map_size >> 20);
		if ((rc = mdb_env_set_mapsize(s->env, s->map_size)) != 0)
			return rc;
	}
	return MDB_MAP_FULL;
}

static int
store_meta_get_(struct store *s, MDB_txn *txn, const char *key, char *buf,
    size_t len)
{
	MDB_val	k, v;
	int	rc;

	k.mv_data = (void *)key;
	k.mv_size = strlen(key);
	if ((rc = mdb_get(txn, s->meta, &k, &v)) != 0)
		return rc;
	if (v.mv_size >= len)
		return MDB_BAD_VALSIZE;
	memcpy(buf, v.mv_data, v.mv_size);
	buf[v.mv_size] = '\0';
	return 0;
}

int
store_u64_parse(const char *val, uint64_t *out)
{
	char			*end;
	unsigned long long	 n;

	if (val[0] < '0' || val[0] > '9')
		return -1;
	errno = 0;
	n = strtoull(val, &end, 10);
	if (errno != 0 || *end != '\0' || n == 0)
		return -1;
	*out = (uint64_t)n;
	return 0;
}

uint64_t
store_seq_from(const struct store *s)
{
	return s->seq_from;
}

static int
store_meta_put_(struct store *s, MDB_txn *txn, const char *key,
    const char *val)
{
	MDB_val	k, v;

	/* The cache follows what is committed (store_write). */
	if (strcmp(key, "vault_seq_from") == 0 && txn == s->wtxn &&
	    store_u64_parse(val, &s->seq_put) == -1)
		s->seq_put = UINT64_MAX;

	k.mv_data = (void *)key;
	k.mv_size = strlen(key);
	v.mv_data = (void *)val;
	v.mv_size = strlen(val);
	return mdb_put(txn, s->meta, &k, &v, 0);
}

static int
store_next_id_(struct store *s, MDB_txn *txn, uint64_t *id)
{
	char	buf[32];
	int	rc;

	rc = store_meta_get(s, txn, "next_id", buf, sizeof(buf));
	if (rc == MDB_NOTFOUND) {
		*id = 1;
		return 0;
	}
	if (rc != 0)
		return rc;
	*id = strtoull(buf, NULL, 10);
	if (*id == 0)
		*id = 1;
	return 0;
}

static int
store_get_record_(struct store *s, MDB_txn *txn, uint64_t id, json_t **out)
{
	unsigned char	 kb[8];
	MDB_val		 k, v;
	json_error_t	 jerr;
	int		 rc;

	store_id_key(id, kb);
	k.mv_data = kb;
	k.mv_size = sizeof(kb);
	if ((rc = mdb_get(txn, s->records, &k, &v)) != 0)
		return rc;
	*out = json_loadb(v.mv_data, v.mv_size, 0, &jerr);
	return *out == NULL ? MDB_CORRUPTED : 0;
}

static int
store_find_sha256_(struct store *s, MDB_txn *txn, const char *hex,
    uint64_t *id)
{
	MDB_val	k, v;
	int	rc;

	k.mv_data = (void *)hex;
	k.mv_size = strlen(hex);
	if ((rc = mdb_get(txn, s->sha, &k, &v)) != 0)
		return rc;
	if (v.mv_size != 8)
		return MDB_CORRUPTED;
	*id = store_key_id(v.mv_data);
	return 0;
}

static int
store_find_sha_prefix_(struct store *s, MDB_txn *txn, const char *prefix,
    uint64_t *id)
{
	MDB_cursor	*c;
	MDB_val		 k, v;
	size_t		 plen = strlen(prefix);
	int		 rc, found = 0;

	if ((rc = mdb_cursor_open(txn, s->sha, &c)) != 0)
		return rc;
	k.mv_data = (void *)prefix;
	k.mv_size = plen;
	rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
	while (rc == 0 && k.mv_size >= plen &&
	    memcmp(k.mv_data, prefix, plen) == 0) {
		uint64_t this = store_key_id(v.mv_data);

		if (found && this != *id) {
			mdb_cursor_close(c);
			return MDB_KEYEXIST;
		}
		*id = this;
		found = 1;
		rc = mdb_cursor_get(c, &k, &v, MDB_NEXT);
	}
	mdb_cursor_close(c);
	if (rc != 0 && rc != MDB_NOTFOUND)
		return rc;
	return found ? 0 : MDB_NOTFOUND;
}

static void
store_key(MDB_val *k, const char *s)
{
	size_t n = strlen(s);

	k->mv_data = (void *)s;
	k->mv_size = n > STORE_KEY_MAX ? STORE_KEY_MAX : n;
}

static int
store_find_docno_(struct store *s, MDB_txn *txn, const char *docno,
    uint64_t **ids, size_t *nids)
{
	MDB_cursor	*c;
	MDB_val		 k, v;
	uint64_t	*out = NULL, *tmp;
	size_t		 n = 0;
	int		 rc;

	*ids = NULL;
	*nids = 0;
	if ((rc = mdb_cursor_open(txn, s->idx[STORE_IDX_DOCNO], &c)) != 0)
		return rc;
	store_key(&k, docno);
	rc = mdb_cursor_get(c, &k, &v, MDB_SET_KEY);
	while (rc == 0) {
		if ((tmp = reallocarray(out, n + 1, sizeof(*out))) == NULL) {
			free(out);
			mdb_cursor_close(c);
			return ENOMEM;
		}
		out = tmp;
		out[n++] = store_key_id(v.mv_data);
		rc = mdb_cursor_get(c, &k, &v, MDB_NEXT_DUP);
	}
	mdb_cursor_close(c);
	if (rc != MDB_NOTFOUND) {
		free(out);
		return rc;
	}
	*ids = out;
	*nids = n;
	return n ? 0 : MDB_NOTFOUND;
}

/*
 * Add (del 0) or remove (del 1) the id v under every value of one index
 * field of a record: a string, or an array of strings of any length (no
 * fixed cap: every repeal of a decision is indexed, however many).
 */
static int
store_index_field(struct store *s, MDB_txn *txn, json_t *rec,
    enum store_index ix, MDB_val *v, int del)
{
	static const char	*field[STORE_IDX_COUNT] = {
		"disclosure", "status", "agency", "flags", "docno", "repeals",
		"domain", "index_no", NULL, "negative_item", "interprets",
		"repealed_by"
	};
	json_t			*f, *e;
	MDB_val			 k;
	char			 keys[PUBLISH_SITE_KEYS][PUBLISH_KEY_MAX];
	size_t			 i, n;
	int			 rc;

	if (ix == STORE_IDX_SITE) {
		/* Computed: where a record on the site is listed. */
		n = publish_site_keys(rec, keys);
		for (i = 0; i < n; i++) {
			store_key(&k, keys[i]);
			rc = del ? mdb_del(txn, s->idx[ix], &k, v) :
			    mdb_put(txn, s->idx[ix], &k, v, MDB_NODUPDATA);
			if (rc != 0 && rc != MDB_NOTFOUND && rc != MDB_KEYEXIST)
				return rc;
		}
		return 0;
	}
	f = json_object_get(rec, field[ix]);
	n = json_is_array(f) ? json_array_size(f) : 1;
	for (i = 0; i < n; i++) {
		e = json_is_array(f) ? json_array_get(f, i) : f;
		if (!json_is_string(e) || json_string_length(e) == 0)
			continue;
		store_key(&k, json_string_value(e));
		if (del) {
			rc = mdb_del(txn, s->idx[ix], &k, v);
			if (rc != 0 && rc != MDB_NOTFOUND)
				return rc;
		} else {
			rc = mdb_put(txn, s->idx[ix], &k, v, MDB_NODUPDATA);
			if (rc != 0 && rc != MDB_KEYEXIST)
				return rc;
		}
	}
	return 0;
}

static int
store_index_update(struct store *s, MDB_txn *txn, json_t *old, json_t *rec,
    unsigned char idk[8])
{
	MDB_val	 v;
	int	 ix, rc;

	v.mv_data = idk;
	v.mv_size = 8;
	for (ix = 0; ix < STORE_IDX_COUNT; ix++) {
		if (old != NULL && (rc = store_index_field(s, txn, old, ix, &v,
		    1)) != 0)
			return rc;
		if ((rc = store_index_field(s, txn, rec, ix, &v, 0)) != 0)
			return rc;
	}
	return 0;
}

/* The due key of one kind for a record; 0 when it has none. */
static int
store_due_key(json_t *rec, char kind, const unsigned char idk[8],
    unsigned char key[19])
{
	const char	*date = NULL, *st;
	json_t		*flags, *f;
	size_t		 i;

	st = json_string_value(json_object_get(rec, "status"));
	switch (kind) {
	case STORE_DUE_EXPIRY:
		if (st != NULL && strcmp(st, "in_force") == 0)
			date = json_string_value(json_object_get(rec,
			    "valid_until"));
		break;
	case STORE_DUE_OVERDUE:
		flags = json_object_get(rec, "flags");
		json_array_foreach(flags, i, f)
			if (json_is_string(f) && strcmp(json_string_value(f),
			    "review_overdue") == 0)
				return 0;
		/* FALLTHROUGH */
	case STORE_DUE_REVIEW:
		date = json_string_value(json_object_get(rec, "next_review"));
		break;
	case STORE_DUE_INTERP:
		date = interp_due_date(rec);
		break;
	}
	if (date == NULL || strlen(date) != 10)
		return 0;
	key[0] = (unsigned char)kind;
	memcpy(key + 1, date, 10);
	memcpy(key + 11, idk, 8);
	return 1;
}

static int
store_due_update(struct store *s, MDB_txn *txn, json_t *old, json_t *rec,
    const unsigned char idk[8])
{
	static const char	 kinds[] = { STORE_DUE_EXPIRY, STORE_DUE_REVIEW,
				    STORE_DUE_OVERDUE, STORE_DUE_INTERP };
	unsigned char		 ok[19], nk[19];
	MDB_val			 k, v;
	size_t			 i;
	int			 hado, hasn, rc;

	for (i = 0; i < sizeof(kinds); i++) {
		hado = old != NULL && store_due_key(old, kinds[i], idk, ok);
		hasn = store_due_key(rec, kinds[i], idk, nk);
		if (hado && hasn && memcmp(ok, nk, sizeof(ok)) == 0)
			continue;
		if (hado) {
			k.mv_data = ok;
			k.mv_size = sizeof(ok);
			rc = mdb_del(txn, s->due, &k, NULL);
			if (rc != 0 && rc != MDB_NOTFOUND)
				return rc;
		}
		if (hasn) {
			k.mv_data = nk;
			k.mv_size = sizeof(nk);
			v.mv_data = "";
			v.mv_size = 0;
			if ((rc = mdb_put(txn, s->due, &k, &v, 0)) != 0)
				return rc;
		}
	}
	return 0;
}

static int
store_put_record_(struct store *s, MDB_txn *txn, json_t *rec)
{
	unsigned char	 kb[8];
	json_t		*old = NULL;
	MDB_val		 k, v;
	uint64_t	 id, next;
	const char	*sha;
	char		*js, buf[32];
	int		 rc;

	if (store_id_parse(json_string_value(json_object_get(rec, "id")) ?
	    json_string_value(json_object_get(rec, "id")) : "", &id) == -1)
		return EINVAL;
	rc = store_get_record(s, txn, id, &old);
	if (rc != 0 && rc != MDB_NOTFOUND)
		return rc;
	store_id_key(id, kb);
	if ((rc = store_index_update(s, txn, old, rec, kb)) != 0 ||
	    (rc = store_due_update(s, txn, old, rec, kb)) != 0)
		goto out;
	if ((sha = json_string_value(json_object_get(rec, "sha256"))) != NULL) {
		store_key(&k, sha);
		v.mv_data = kb;
		v.mv_size = 8;
		if ((rc = mdb_put(txn, s->sha, &k, &v, 0)) != 0)
			goto out;
	}
	if ((js = json_dumps(rec, JSON_COMPACT | JSON_PRESERVE_ORDER)) == NULL) {
		rc = ENOMEM;
		goto out;
	}
	k.mv_data = kb;
	k.mv_size = 8;
	v.mv_data = js;
	v.mv_size = strlen(js);
	rc = mdb_put(txn, s->records, &k, &v, 0);
	free(js);
	if (rc != 0)
		goto out;
	if ((rc = store_next_id(s, txn, &next)) != 0)
		goto out;
	if (id >= next) {
		snprintf(buf, sizeof(buf), "%" PRIu64, id + 1);
		rc = store_meta_put(s, txn, "next_id", buf);
	}
out:
	json_decref(old);
	return rc;
}

static int
store_put_version_(struct store *s, MDB_txn *txn, uint64_t id, json_t *ver)
{
	unsigned char	 kb[16];
	MDB_val		 k, v;
	json_int_t	 n = json_integer_value(json_object_get(ver, "version"));
	char		*js;
	int		 rc;

	if (n <= 0)
		return EINVAL;
	store_id_key(id, kb);
	store_id_key((uint64_t)n, kb + 8);
	if ((js = json_dumps(ver, JSON_COMPACT | JSON_PRESERVE_ORDER)) == NULL)
		return ENOMEM;
	k.mv_data = kb;
	k.mv_size = sizeof(kb);
	v.mv_data = js;
	v.mv_size = strlen(js);
	rc = mdb_put(txn, s->versions, &k, &v, 0);
	free(js);
	return rc;
}

static int
store_call(MDB_val *v, store_record_cb cb, void *arg, int *stop)
{
	json_error_t	 jerr;
	json_t		*rec;

	if ((rec = json_loadb(v->mv_data, v->mv_size, 0, &jerr)) == NULL)
		return MDB_CORRUPTED;
	*stop = cb(rec, arg);
	json_decref(rec);
	return 0;
}

static int
store_each_record_(struct store *s, MDB_txn *txn, store_record_cb cb,
    void *arg)
{
	MDB_cursor	*c;
	MDB_val		 k, v;
	int		 rc, stop = 0;

	if ((rc = mdb_cursor_open(txn, s->records, &c)) != 0)
		return rc;
	for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0 && !stop;
	    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT))
		if ((rc = store_call(&v, cb, arg, &stop)) != 0)
			break;
	mdb_cursor_close(c);
	return rc == MDB_NOTFOUND || stop ? 0 : rc;
}

static int
store_each_indexed_(struct store *s, MDB_txn *txn, enum store_index ix,
    const char *key, store_record_cb cb, void *arg)
{
	MDB_cursor	*c;
	MDB_val		 k, v, rv;
	int		 rc, stop = 0;

	if ((rc = mdb_cursor_open(txn, s->idx[ix], &c)) != 0)
		return rc;
	store_key(&k, key);
	for (rc = mdb_cursor_get(c, &k, &v, MDB_SET_KEY); rc == 0 && !stop;
	    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT_DUP)) {
		MDB_val rk = v;

		if ((rc = mdb_get(txn, s->records, &rk, &rv)) != 0)
			break;
		if ((rc = store_call(&rv, cb, arg, &stop)) != 0)
			break;
	}
	mdb_cursor_close(c);
	return rc == MDB_NOTFOUND || stop ? 0 : rc;
}

static int
store_each_version_(struct store *s, MDB_txn *txn, uint64_t id,
    store_record_cb cb, void *arg)
{
	MDB_cursor	*c;
	MDB_val		 k, v;
	unsigned char	 kb[16];
	int		 rc, stop = 0;

	store_id_key(id, kb);
	memset(kb + 8, 0, 8);
	if ((rc = mdb_cursor_open(txn, s->versions, &c)) != 0)
		return rc;
	k.mv_data = kb;
	k.mv_size = sizeof(kb);
	for (rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE); rc == 0 && !stop;
	    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		if (k.mv_size != 16 || memcmp(k.mv_data, kb, 8) != 0)
			break;
		if ((rc = store_call(&v, cb, arg, &stop)) != 0)
			break;
	}
	mdb_cursor_close(c);
	return rc == MDB_NOTFOUND || rc == 0 || stop ? 0 : rc;
}

static int
store_count_indexed_(struct store *s, MDB_txn *txn, enum store_index ix,
    const char *key, size_t *count)
{
	MDB_cursor	*c;
	MDB_val		 k, v;
	size_t		 n = 0;
	int		 rc;

	*count = 0;
	if ((rc = mdb_cursor_open(txn, s->idx[ix], &c)) != 0)
		return rc;
	store_key(&k, key);
	rc = mdb_cursor_get(c, &k, &v, MDB_SET_KEY);
	if (rc == 0 && (rc = mdb_cursor_count(c, &n)) == 0)
		*count = (size_t)n;
	mdb_cursor_close(c);
	return rc == MDB_NOTFOUND ? 0 : rc;
}

static int
store_count_records_(struct store *s, MDB_txn *txn, size_t *count)
{
	MDB_stat	st;
	int		rc;

	if ((rc = mdb_stat(txn, s->records, &st)) != 0)
		return rc;
	*count = st.ms_entries;
	return 0;
}

static int
store_local_key(const MDB_val *k)
{
	const char *p = k->mv_data;

	return (k->mv_size == 11 && memcmp(p, "clock_since", 11) == 0) ||
	    (k->mv_size > 5 && memcmp(p, "mail_", 5) == 0) ||
	    (k->mv_size > 7 && memcmp(p, "report_", 7) == 0);
}

struct store_copy {
	struct store	*from;
};

static int
store_copy_fn(struct store *to, MDB_txn *wtxn, void *arg)
{
	struct store_copy	*cp = arg;
	MDB_txn			*rtxn;
	MDB_cursor		*c;
	MDB_val			 k, v;
	int			 rc, pass;

	if ((rc = store_txn_read(cp->from, &rtxn)) != 0)
		return rc;
	for (pass = 0; pass < 2 && rc == 0; pass++) {
		if ((rc = mdb_cursor_open(rtxn, pass ? cp->from->outbox :
		    cp->from->meta, &c)) != 0)
			break;
		for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0;
		    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
			if (!pass && !store_local_key(&k))
				continue;
			if ((rc = mdb_put(wtxn, pass ? to->outbox : to->meta,
			    &k, &v, 0)) != 0)
				break;
		}
		mdb_cursor_close(c);
		if (rc == MDB_NOTFOUND)
			rc = 0;
	}
	mdb_txn_abort(rtxn);
	return rc;
}

int
store_copy_local(struct store *from, struct store *to)
{
	struct store_copy cp = { from };

	return store_write(to, store_copy_fn, &cp);
}

static int
store_each_key_(struct store *s, MDB_txn *txn, enum store_index ix,
    store_key_cb cb, void *arg)
{
	MDB_cursor	*c;
	MDB_val		 k, v;
	size_t		 n;
	int		 rc;

	if ((rc = mdb_cursor_open(txn, s->idx[ix], &c)) != 0)
		return rc;
	for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT_NODUP)) {
		if ((rc = mdb_cursor_count(c, &n)) != 0)
			break;
		if (cb(k.mv_data, k.mv_size, n, arg) != 0)
			break;
	}
	mdb_cursor_close(c);
	return rc == MDB_NOTFOUND || rc == 0 ? 0 : rc;
}

static int
store_last_key_(struct store *s, MDB_txn *txn, enum store_index ix,
    const char *prefix, char *buf, size_t len)
{
	MDB_cursor	*c;
	MDB_val		 k, v;
	size_t		 pl = strlen(prefix);
	char		*hi;
	int		 rc;

	/* Past every key with the prefix: prefix + 0xff, then one back. */
	if ((hi = malloc(pl + 2)) == NULL)
		return ENOMEM;
	memcpy(hi, prefix, pl);
	hi[pl] = (char)0xff;
	hi[pl + 1] = '\0';
	if ((rc = mdb_cursor_open(txn, s->idx[ix], &c)) != 0) {
		free(hi);
		return rc;
	}
	k.mv_data = hi;
	k.mv_size = pl + 1;
	rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
	if (rc == 0)
		rc = mdb_cursor_get(c, &k, &v, MDB_PREV_NODUP);
	else if (rc == MDB_NOTFOUND)
		rc = mdb_cursor_get(c, &k, &v, MDB_LAST);
	if (rc == 0 && (k.mv_size < pl || memcmp(k.mv_data, prefix, pl) != 0))
		rc = MDB_NOTFOUND;
	if (rc == 0 && k.mv_size >= len)
		rc = MDB_BAD_VALSIZE;
	if (rc == 0) {
		memcpy(buf, k.mv_data, k.mv_size);
		buf[k.mv_size] = '\0';
	}
	mdb_cursor_close(c);
	free(hi);
	return rc;
}

/* --- entry points: the sticky error around every call with a txn ---- */

STORE_ENTRY(store_meta_get, (struct store *s, MDB_txn *txn, const char *key,
    char *buf, size_t len),
    (s, txn, key, buf, len))
STORE_ENTRY(store_meta_put, (struct store *s, MDB_txn *txn, const char *key,
    const char *val),
    (s, txn, key, val))
STORE_ENTRY(store_next_id, (struct store *s, MDB_txn *txn, uint64_t *id),
    (s, txn, id))
STORE_ENTRY(store_get_record, (struct store *s, MDB_txn *txn, uint64_t id,
    json_t **out),
    (s, txn, id, out))
STORE_ENTRY(store_find_sha256, (struct store *s, MDB_txn *txn, const char
    *hex, uint64_t *id),
    (s, txn, hex, id))
STORE_ENTRY(store_find_sha_prefix, (struct store *s, MDB_txn *txn, const char
    *prefix, uint64_t *id),
    (s, txn, prefix, id))
STORE_ENTRY(store_find_docno, (struct store *s, MDB_txn *txn, const char
    *docno, uint64_t **ids, size_t *nids),
    (s, txn, docno, ids, nids))
STORE_ENTRY(store_put_record, (struct store *s, MDB_txn *txn, json_t *rec),
    (s, txn, rec))
STORE_ENTRY(store_put_version, (struct store *s, MDB_txn *txn, uint64_t id,
    json_t *ver),
    (s, txn, id, ver))
STORE_ENTRY(store_each_record, (struct store *s, MDB_txn *txn, store_record_cb
    cb, void *arg),
    (s, txn, cb, arg))
STORE_ENTRY(store_each_indexed, (struct store *s, MDB_txn *txn, enum
    store_index ix, const char *key, store_record_cb cb, void *arg),
    (s, txn, ix, key, cb, arg))
STORE_ENTRY(store_each_version, (struct store *s, MDB_txn *txn, uint64_t id,
    store_record_cb cb, void *arg),
    (s, txn, id, cb, arg))
STORE_ENTRY(store_count_indexed, (struct store *s, MDB_txn *txn, enum
    store_index ix, const char *key, size_t *count),
    (s, txn, ix, key, count))
STORE_ENTRY(store_count_records, (struct store *s, MDB_txn *txn, size_t
    *count),
    (s, txn, count))
STORE_ENTRY(store_last_key, (struct store *s, MDB_txn *txn, enum
    store_index ix, const char *prefix, char *buf, size_t len),
    (s, txn, ix, prefix, buf, len))
STORE_ENTRY(store_each_key, (struct store *s, MDB_txn *txn, enum store_index
    ix, store_key_cb cb, void *arg),
    (s, txn, ix, cb, arg))
