/*
 * apply_store: applications in the vault and LMDB (see apply_store.h).
 * The due keys follow from each record as it is written, and the old
 * record's keys are removed in the same transaction, so app_due cannot
 * drift from applications.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply_store.h"
#include "change.h"
#include "log.h"

#define APPLY_DIR	"applications"

void
apply_store_path(const char *id, char *buf, size_t len)
{
	int		year;
	unsigned int	n;

	if (apply_id_parse(id, &year, &n) == -1) {
		snprintf(buf, len, APPLY_DIR "/invalid/%s.json", id);
		return;
	}
	snprintf(buf, len, APPLY_DIR "/%04d/%03u/%s.json", year, n / 100, id);
}

static int
apply_store_dbis(struct store *st, MDB_dbi *apps, MDB_dbi *due)
{
	return store_app_dbis(st, apps, due);
}

int
apply_store_get(struct store *st, MDB_txn *txn, const char *id,
    json_t **rec)
{
	MDB_dbi		apps, due;
	MDB_val		k, v;
	json_error_t	jerr;
	int		rc;

	if ((rc = apply_store_dbis(st, &apps, &due)) != 0)
		return rc;
	k.mv_data = (void *)id;
	k.mv_size = strlen(id);
	if ((rc = mdb_get(txn, apps, &k, &v)) != 0)
		return rc;
	if ((*rec = json_loadb(v.mv_data, v.mv_size, 0, &jerr)) == NULL)
		return MDB_CORRUPTED;
	return 0;
}

int
apply_store_next_id(struct store *st, MDB_txn *txn, int year,
    char id[APPLY_ID_LEN])
{
	MDB_dbi		 apps, due;
	MDB_cursor	*cur;
	MDB_val		 k, v;
	char		 hi[APPLY_ID_LEN];
	unsigned int	 n = 0;
	int		 rc, y;

	if ((rc = apply_store_dbis(st, &apps, &due)) != 0)
		return rc;
	if ((rc = mdb_cursor_open(txn, apps, &cur)) != 0)
		return rc;
	/* The first key past the year's last, then one back. */
	snprintf(hi, sizeof(hi), "A%04d.", year);
	k.mv_data = hi;
	k.mv_size = strlen(hi);
	rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
	if (rc == 0)
		rc = mdb_cursor_get(cur, &k, &v, MDB_PREV);
	else if (rc == MDB_NOTFOUND)
		rc = mdb_cursor_get(cur, &k, &v, MDB_LAST);
	if (rc == 0 && k.mv_size < APPLY_ID_LEN) {
		memcpy(hi, k.mv_data, k.mv_size);
		hi[k.mv_size] = '\0';
		if (apply_id_parse(hi, &y, &n) == -1 || y != year)
			n = 0;
	} else if (rc != 0 && rc != MDB_NOTFOUND) {
		mdb_cursor_close(cur);
		return rc;
	}
	mdb_cursor_close(cur);
	if (n >= 99999)
		return MDB_KEYEXIST;
	apply_id_format(year, n + 1, id);
	return 0;
}

int
apply_store_each(struct store *st, MDB_txn *txn,
    int (*cb)(json_t *rec, void *arg), void *arg)
{
	MDB_dbi		 apps, due;
	MDB_cursor	*cur;
	MDB_val		 k, v;
	json_error_t	 jerr;
	json_t		*rec;
	int		 rc, stop = 0;

	if ((rc = apply_store_dbis(st, &apps, &due)) != 0)
		return rc == MDB_NOTFOUND ? 0 : rc;
	if ((rc = mdb_cursor_open(txn, apps, &cur)) != 0)
		return rc;
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0 && !stop;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if ((rec = json_loadb(v.mv_data, v.mv_size, 0, &jerr)) == NULL)
			continue;
		stop = cb(rec, arg);
		json_decref(rec);
	}
	mdb_cursor_close(cur);
	return rc == MDB_NOTFOUND || rc == 0 ? 0 : rc;
}

int
apply_store_each_due(struct store *st, MDB_txn *txn, char kind,
    const char *upto, int (*cb)(const char *id, const char *date, void *arg),
    void *arg)
{
	MDB_dbi		 apps, due;
	MDB_cursor	*cur;
	MDB_val		 k, v;
	char		 key[64], date[11], id[APPLY_ID_LEN];
	int		 rc, stop = 0;

	if ((rc = apply_store_dbis(st, &apps, &due)) != 0)
		return rc == MDB_NOTFOUND ? 0 : rc;
	if ((rc = mdb_cursor_open(txn, due, &cur)) != 0)
		return rc;
	key[0] = kind;
	k.mv_data = key;
	k.mv_size = 1;
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); rc == 0 && !stop;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (k.mv_size < 12 || k.mv_size >= sizeof(key) ||
		    ((const char *)k.mv_data)[0] != kind)
			break;
		memcpy(key, k.mv_data, k.mv_size);
		key[k.mv_size] = '\0';
		memcpy(date, key + 1, 10);
		date[10] = '\0';
		if (upto != NULL && strcmp(date, upto) > 0)
			break;
		if (strlen(key + 11) >= sizeof(id))
			continue;
		memcpy(id, key + 11, strlen(key + 11) + 1);
		stop = cb(id, date, arg);
	}
	mdb_cursor_close(cur);
	return rc == MDB_NOTFOUND || rc == 0 ? 0 : rc;
}

static void
apply_store_key(json_t *keys, char kind, const char *date, const char *id)
{
	char k[64];

	if (date == NULL || strlen(date) != 10)
		return;
	snprintf(k, sizeof(k), "%c%s%s", kind, date, id);
	json_array_append_new(keys, json_string(k));
}

/* The due keys of a record (kind + 10 characters + id), as strings. */
static json_t *
apply_store_keys(json_t *rec)
{
	const char	*id = json_string_value(json_object_get(rec, "id"));
	const char	*state = json_string_value(json_object_get(rec,
			    "state"));
	const char	*d;
	json_t		*o, *keys = json_array(), *nc, *a;
	char		 slot[16];
	uint64_t	 doc;
	size_t		 i;

	if (id == NULL || state == NULL)
		return keys;
	/* The file of the drop folder it came from: registered once. */
	d = json_string_value(json_object_get(json_object_get(rec, "source"),
	    "sha256"));
	if (d != NULL && strlen(d) >= 10) {
		snprintf(slot, sizeof(slot), "%.10s", d);
		apply_store_key(keys, APPLY_DUE_SOURCE, slot, id);
	}
	if (strcmp(state, "answered") == 0) {
		a = json_object_get(rec, "answer");
		json_array_foreach(json_object_get(rec, "flags"), i, o)
			if (json_is_string(o) && strcmp(json_string_value(o),
			    "answered_late") == 0)
				apply_store_key(keys, APPLY_DUE_LATE,
				    json_string_value(json_object_get(a, "on")),
				    id);
		json_array_foreach(json_object_get(a, "docs"), i, o)
			if (store_id_parse(json_string_value(o), &doc) == 0 &&
			    doc < 10000000000ULL) {
				snprintf(slot, sizeof(slot), "%010llu",
				    (unsigned long long)doc);
				apply_store_key(keys, APPLY_DUE_ASKED, slot,
				    id);
			}
		return keys;
	}
	/* When docketd looks at it again; a record written before
	 * next_check existed is looked at at once. */
	nc = json_object_get(rec, "next_check");
	if (nc == NULL)
		apply_store_key(keys, APPLY_DUE_WAKE, json_string_value(
		    json_object_get(rec, "received")), id);
	else if (json_is_string(nc))
		apply_store_key(keys, APPLY_DUE_WAKE, json_string_value(nc),
		    id);
	if (strcmp(state, "awaiting_correction") == 0) {
		apply_store_key(keys, APPLY_DUE_CORRECTION, json_string_value(
		    json_object_get(json_object_get(rec, "correction"),
		    "deadline")), id);
		return keys;
	}
	apply_store_key(keys, APPLY_DUE_DUE, json_string_value(
	    json_object_get(rec, "due")), id);
	json_array_foreach(json_object_get(rec, "consultations"), i, o)
		if (json_is_null(json_object_get(o, "replied_on")) &&
		    (d = json_string_value(json_object_get(o, "deadline")))) {
			apply_store_key(keys, APPLY_DUE_CONSULT, d, id);
			break;
		}
	o = json_object_get(rec, "fee");
	if (json_is_object(o) && json_is_null(json_object_get(o, "paid_on")))
		apply_store_key(keys, APPLY_DUE_FEE, json_string_value(
		    json_object_get(o, "deadline")), id);
	return keys;
}

static int
apply_store_keys_do(MDB_txn *txn, MDB_dbi due, json_t *keys, int put)
{
	MDB_val	 k, v;
	json_t	*x;
	size_t	 i;
	int	 rc;

	json_array_foreach(keys, i, x) {
		k.mv_data = (void *)json_string_value(x);
		k.mv_size = json_string_length(x);
		v.mv_data = (void *)"";
		v.mv_size = 0;
		rc = put ? mdb_put(txn, due, &k, &v, 0) : mdb_del(txn, due, &k,
		    NULL);
		if (rc != 0 && !(rc == MDB_NOTFOUND && !put))
			return rc;
	}
	return 0;
}

static int
apply_store_put(struct store *st, MDB_txn *txn, json_t *rec)
{
	MDB_dbi		 apps, due;
	MDB_val		 k, v;
	json_t		*old = NULL, *keys;
	char		*s;
	const char	*id = json_string_value(json_object_get(rec, "id"));
	int		 rc;

	if (id == NULL)
		return MDB_BAD_VALSIZE;
	if ((rc = apply_store_dbis(st, &apps, &due)) != 0)
		return rc;
	rc = apply_store_get(st, txn, id, &old);
	if (rc == 0) {
		keys = apply_store_keys(old);
		json_decref(old);
		rc = apply_store_keys_do(txn, due, keys, 0);
		json_decref(keys);
		if (rc != 0)
			return rc;
	} else if (rc != MDB_NOTFOUND)
		return rc;
	if ((s = json_dumps(rec, JSON_COMPACT | JSON_PRESERVE_ORDER)) == NULL)
		return ENOMEM;
	k.mv_data = (void *)id;
	k.mv_size = strlen(id);
	v.mv_data = s;
	v.mv_size = strlen(s);
	rc = mdb_put(txn, apps, &k, &v, 0);
	free(s);
	if (rc != 0)
		return rc;
	keys = apply_store_keys(rec);
	rc = apply_store_keys_do(txn, due, keys, 1);
	json_decref(keys);
	return rc;
}

int
apply_store_find_source(struct store *st, MDB_txn *txn, const char *sha256,
    char id[APPLY_ID_LEN])
{
	MDB_dbi		 apps, due;
	MDB_cursor	*cur;
	MDB_val		 k, v;
	json_t		*rec;
	char		 key[64];
	const char	*have;
	int		 rc, found = 0;

	if (strlen(sha256) < 10)
		return MDB_NOTFOUND;
	if ((rc = apply_store_dbis(st, &apps, &due)) != 0)
		return rc;
	if ((rc = mdb_cursor_open(txn, due, &cur)) != 0)
		return rc;
	snprintf(key, sizeof(key), "%c%.10s", APPLY_DUE_SOURCE, sha256);
	k.mv_data = key;
	k.mv_size = 11;
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); rc == 0 &&
	    !found; rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (k.mv_size <= 11 || k.mv_size - 11 >= APPLY_ID_LEN ||
		    memcmp(k.mv_data, key, 11) != 0)
			break;
		memcpy(id, (const char *)k.mv_data + 11, k.mv_size - 11);
		id[k.mv_size - 11] = '\0';
		/* Ten hex digits may be shared: the whole hash decides. */
		if (apply_store_get(st, txn, id, &rec) != 0)
			continue;
		have = json_string_value(json_object_get(json_object_get(rec,
		    "source"), "sha256"));
		found = have != NULL && strcmp(have, sha256) == 0;
		json_decref(rec);
	}
	mdb_cursor_close(cur);
	if (found)
		return 0;
	return rc == 0 || rc == MDB_NOTFOUND ? MDB_NOTFOUND : rc;
}

struct apply_write {
	json_t		*recs;
	const char	*parent, *commit, *tree;
	int		 clear;
};

static int
apply_store_write(struct store *st, MDB_txn *txn, void *arg)
{
	struct apply_write	*w = arg;
	MDB_dbi			 apps, due;
	json_t			*rec;
	char			 head[VAULT_OID_HEX] = "";
	size_t			 i;
	int			 rc;

	if (w->clear) {
		if ((rc = apply_store_dbis(st, &apps, &due)) != 0 ||
		    (rc = mdb_drop(txn, apps, 0)) != 0 ||
		    (rc = mdb_drop(txn, due, 0)) != 0)
			return rc;
	}
	json_array_foreach(w->recs, i, rec)
		if ((rc = apply_store_put(st, txn, rec)) != 0)
			return rc;
	if ((rc = store_meta_put(st, txn, "apply_tree", w->tree)) != 0)
		return rc;
	/* The index is at the parent: it is at this commit now. */
	if (w->commit != NULL && w->parent != NULL &&
	    ((rc = store_meta_get(st, txn, "vault_head", head,
	    sizeof(head))) == 0 || rc == MDB_NOTFOUND) &&
	    strcmp(rc == 0 ? head : "", w->parent) == 0 &&
	    (rc = store_meta_put(st, txn, "vault_head", w->commit)) != 0)
		return rc;
	return 0;
}

int
apply_store_stage(struct vault *vt, json_t *recs, char *err, size_t errlen)
{
	json_t	*rec;
	char	 path[128], *s;
	size_t	 i;
	int	 rc;

	json_array_foreach(recs, i, rec) {
		apply_store_path(json_string_value(json_object_get(rec, "id")),
		    path, sizeof(path));
		if ((s = json_dumps(rec, JSON_INDENT(1) |
		    JSON_PRESERVE_ORDER)) == NULL) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		rc = vault_stage(vt, path, s, strlen(s), err, errlen);
		free(s);
		if (rc == -1)
			return -1;
	}
	return 0;
}

int
apply_store_index(struct store *st, struct vault *vt, json_t *recs,
    const char *parent, const char *commit, char *err, size_t errlen)
{
	struct apply_write	w;
	char			tree[VAULT_OID_HEX];
	int			rc;

	if (vault_tree_id(vt, APPLY_DIR, tree) != 0) {
		snprintf(err, errlen, "committed %.12s, but %s/ cannot be read "
		    "back", commit, APPLY_DIR);
		return -2;
	}
	memset(&w, 0, sizeof(w));
	w.recs = recs;
	w.parent = parent;
	w.commit = commit;
	w.tree = tree;
	if ((rc = store_write(st, apply_store_write, &w)) != 0) {
		snprintf(err, errlen, "committed to the vault (%.12s), not "
		    "indexed: %s", commit, store_strerror(rc));
		return -2;
	}
	return 0;
}

int
apply_store_commit(struct store *st, struct vault *vt, json_t *recs,
    const char *message, char commit[VAULT_OID_HEX], char *err,
    size_t errlen)
{
	char	parent[VAULT_OID_HEX] = "";
	int64_t	when;
	int	rc, prc;

	prc = vault_head(vt, parent);
	if (apply_store_stage(vt, recs, err, errlen) == -1) {
		vault_discard(vt);
		return -1;
	}
	if ((rc = vault_commit(vt, message, commit, &when, err, errlen)) ==
	    -1) {
		vault_discard(vt);
		return -1;
	}
	if (rc == -2 && vault_sync(vt, err, errlen) == -1)
		return -2;
	/* The first commit of the vault has no parent: "". */
	if ((rc = apply_store_index(st, vt, recs, prc == 0 ? parent :
	    prc == 1 ? "" : NULL, commit, err, errlen)) == 0 && prc == 0)
		change_index_past(parent, commit);
	return rc;
}

/* --- recovery: the vault's applications/ into LMDB ---------------------- */

struct apply_walk {
	struct vault	*vt;
	json_t		*recs;
	char		 dir[256];
	int		 depth;
	char		*err;
	size_t		 errlen;
};

static int
apply_walk_cb(const char *name, void *arg)
{
	struct apply_walk	*w = arg;
	json_error_t		 jerr;
	json_t			*rec;
	char			 path[256], save[256], *buf = NULL;
	size_t			 len;
	int			 rc;

	if (snprintf(path, sizeof(path), "%s/%s", w->dir, name) >=
	    (int)sizeof(w->dir))
		return 0;
	if (w->depth < 2) {
		snprintf(save, sizeof(save), "%s", w->dir);
		snprintf(w->dir, sizeof(w->dir), "%s", path);
		w->depth++;
		rc = vault_list(w->vt, path, apply_walk_cb, w, w->err,
		    w->errlen);
		w->depth--;
		snprintf(w->dir, sizeof(w->dir), "%s", save);
		return rc == -1 ? -1 : 0;
	}
	if (strlen(name) < 6 || strcmp(name + strlen(name) - 5, ".json") != 0)
		return 0;
	if ((rc = vault_read(w->vt, NULL, path, &buf, &len, w->err,
	    w->errlen)) != 0)
		return rc == 1 ? 0 : -1;
	rec = json_loadb(buf, len, 0, &jerr);
	free(buf);
	if (rec == NULL || !json_is_string(json_object_get(rec, "id"))) {
		log_warnx("apply: %s in the vault is not an application (%s); "
		    "skipped", path, rec ? "no id" : jerr.text);
		json_decref(rec);
		return 0;
	}
	json_array_append_new(w->recs, rec);
	return 0;
}

int
apply_store_recover(struct store *st, struct vault *vt, int force, char *err,
    size_t errlen)
{
	struct apply_write	 aw;
	struct apply_walk	 w;
	MDB_txn			*txn;
	char			 tree[VAULT_OID_HEX] = "", have[VAULT_OID_HEX] = "";
	int			 rc, n;

	if ((rc = vault_tree_id(vt, APPLY_DIR, tree)) == -1) {
		snprintf(err, errlen, "the vault's %s/ cannot be read",
		    APPLY_DIR);
		return -1;
	}
	if ((rc = store_txn_read(st, &txn)) != 0) {
		snprintf(err, errlen, "%s", store_strerror(rc));
		return -1;
	}
	rc = store_meta_get(st, txn, "apply_tree", have, sizeof(have));
	store_txn_end(txn);
	if (rc != 0 && rc != MDB_NOTFOUND) {
		snprintf(err, errlen, "%s", store_strerror(rc));
		return -1;
	}
	if (!force && strcmp(have, tree) == 0)
		return 0;
	/* Index only what a crash cannot take back. */
	if (vault_sync(vt, err, errlen) == -1)
		return -1;
	memset(&w, 0, sizeof(w));
	w.vt = vt;
	w.recs = json_array();
	w.err = err;
	w.errlen = errlen;
	snprintf(w.dir, sizeof(w.dir), "%s", APPLY_DIR);
	if (tree[0] != '\0' && vault_list(vt, APPLY_DIR, apply_walk_cb, &w,
	    err, errlen) == -1) {
		json_decref(w.recs);
		return -1;
	}
	memset(&aw, 0, sizeof(aw));
	aw.recs = w.recs;
	aw.tree = tree;
	aw.clear = 1;
	if ((rc = store_write(st, apply_store_write, &aw)) != 0) {
		snprintf(err, errlen, "indexing applications: %s",
		    store_strerror(rc));
		json_decref(w.recs);
		return -1;
	}
	n = (int)json_array_size(w.recs);
	json_decref(w.recs);
	if (!force || n > 0)
		log_info("apply: %d application(s) indexed from the vault", n);
	return n;
}
