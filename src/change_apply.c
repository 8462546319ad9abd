/*
 * change_apply: write one batch of records, version rows, events and meta
 * into an open LMDB write transaction.  A version row is written when the
 * record is new to LMDB or its version number differs from the stored
 * one; events are stored under their own seq, so writing the same lines
 * twice (replay after the live path) changes nothing.
 */
#include <errno.h>
#include <string.h>

#include "change_apply.h"
#include "memtrim.h"
#include "record.h"

json_t *
change_version_row(json_t *rec)
{
	return json_pack("{s:O?, s:O?, s:O?, s:O?, s:O?}",
	    "version", json_object_get(rec, "version"),
	    "commit", json_object_get(rec, "commit"),
	    "sha256", json_object_get(rec, "sha256"),
	    "received_at", json_object_get(rec, "received_at"),
	    "source_name", json_object_get(rec, "source_name"));
}

int
change_apply(struct store *st, MDB_txn *txn, void *arg)
{
	struct change_apply	*a = arg;
	json_t			*rec, *old, *ver, *list, *ent;
	const char		*key, *line;
	uint64_t		 id;
	size_t			 i, j;
	int			 rc;

	json_array_foreach(a->recs, i, rec) {
		memtrim_tick();
		if (store_id_parse(record_str(rec, "id"), &id) == -1)
			return EINVAL;
		old = NULL;
		rc = store_get_record(st, txn, id, &old);
		if (rc != 0 && rc != MDB_NOTFOUND)
			return rc;
		ver = NULL;
		if (rc == MDB_NOTFOUND || json_integer_value(json_object_get(
		    old, "version")) != json_integer_value(json_object_get(rec,
		    "version"))) {
			if ((ver = change_version_row(rec)) == NULL) {
				json_decref(old);
				return ENOMEM;
			}
		}
		json_decref(old);
		if ((rc = store_put_record(st, txn, rec)) != 0) {
			json_decref(ver);
			return rc;
		}
		if (ver != NULL) {
			rc = store_put_version(st, txn, id, ver);
			json_decref(ver);
			if (rc != 0)
				return rc;
		}
	}
	json_object_foreach(a->events, key, list) {
		if (store_id_parse(key, &id) == -1)
			return EINVAL;
		json_array_foreach(list, j, ent) {
			line = json_string_value(json_array_get(ent, 1));
			if (line == NULL)
				return EINVAL;
			if ((rc = store_put_event(st, txn, id, (uint32_t)
			    json_integer_value(json_array_get(ent, 0)), line,
			    strlen(line))) != 0)
				return rc;
		}
	}
	json_object_foreach(a->meta, key, ent)
		if ((rc = store_meta_put(st, txn, key,
		    json_string_value(ent))) != 0)
			return rc;
	return 0;
}
