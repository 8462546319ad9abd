/*
 * publish_backfill: an archive made before the public catalog existed
 * has public records that were never put through publish_apply.  Once,
 * at start (LMDB meta "catalog" unset), docketd walks the public
 * disclosure index and commits those records in chunks; change_commit's
 * publish step gives each its 索引号 and published_on.  They are not
 * flagged published_late: they were registered before docket kept a
 * catalog, and their lateness is not the catalog's to measure.  Bounded:
 * only ids are collected, then CHUNK records a commit.  A crash halfway
 * redoes the rest at the next start (the meta key is set last).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "change.h"
#include "log.h"
#include "publish.h"
#include "publish_backfill.h"
#include "record.h"
#include "store.h"
#include "vault.h"

#define BACKFILL_CHUNK	1000

struct backfill {
	uint64_t	*ids;
	size_t		 n, cap;
	int		 oom;
};

static int
backfill_cb(json_t *rec, void *arg)
{
	struct backfill	*b = arg;
	uint64_t	 id, *tmp;

	if (json_is_true(json_object_get(rec, "published")) ||
	    !publish_eligible(rec) ||
	    store_id_parse(record_str(rec, "id"), &id) == -1)
		return 0;
	if (b->n == b->cap) {
		if ((tmp = reallocarray(b->ids, b->cap ? b->cap * 2 : 256,
		    sizeof(*tmp))) == NULL) {
			b->oom = 1;
			return 1;
		}
		b->ids = tmp;
		b->cap = b->cap ? b->cap * 2 : 256;
	}
	b->ids[b->n++] = id;
	return 0;
}

static int
backfill_done(struct store *st, MDB_txn *txn, void *arg)
{
	(void)arg;
	return store_meta_put(st, txn, "catalog", "1");
}

int
publish_backfill(struct store *st, struct vault *vt, char *err, size_t errlen)
{
	struct backfill	 b;
	struct change	*ch;
	MDB_txn		*txn = NULL;
	json_t		*rec;
	char		 v[8], commit[VAULT_OID_HEX], msg[128];
	size_t		 i = 0, k;
	int		 rc, ret = -1;

	memset(&b, 0, sizeof(b));
	if ((rc = store_txn_read(st, &txn)) != 0) {
		snprintf(err, errlen, "index: %s", store_strerror(rc));
		return -1;
	}
	if (store_meta_get(st, txn, "catalog", v, sizeof(v)) == 0) {
		store_txn_end(txn);
		return 0;
	}
	rc = store_each_indexed(st, txn, STORE_IDX_DISCLOSURE, "public",
	    backfill_cb, &b);
	store_txn_end(txn);
	txn = NULL;
	if (rc != 0 || b.oom) {
		snprintf(err, errlen, "index: %s", b.oom ? "out of memory" :
		    store_strerror(rc));
		goto out;
	}
	if (b.n > 0)
		log_info("catalog: %zu public document(s) registered before the "
		    "catalog; giving them their 索引号", b.n);
	change_site_backfill(1);
	while (i < b.n) {
		ch = change_new(st, vt);
		if ((rc = store_txn_read(st, &txn)) != 0) {
			change_free(ch);
			snprintf(err, errlen, "index: %s", store_strerror(rc));
			goto out;
		}
		for (k = 0; i < b.n && k < BACKFILL_CHUNK; i++, k++)
			if ((rec = change_get(ch, txn, b.ids[i])) != NULL &&
			    change_put(ch, rec, NULL) == -1) {
				store_txn_end(txn);
				change_free(ch);
				snprintf(err, errlen, "out of memory");
				goto out;
			}
		store_txn_end(txn);
		txn = NULL;
		snprintf(msg, sizeof(msg), "catalog: %zu document%s registered "
		    "before it", k, k == 1 ? "" : "s");
		rc = change_commit(ch, msg, commit, err, errlen);
		change_free(ch);
		if (rc != 0)
			goto out;
	}
	if ((rc = store_write(st, backfill_done, NULL)) != 0) {
		snprintf(err, errlen, "index: %s", store_strerror(rc));
		goto out;
	}
	ret = 0;
out:
	change_site_backfill(0);
	free(b.ids);
	return ret;
}
