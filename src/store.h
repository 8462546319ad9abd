/*
 * store: the LMDB side of docket — current state, indexes and (later) the
 * due clock.  The vault is the record; this is the index.
 *
 * Named databases:
 *   meta         key -> value (schema_version, next_id, vault_head,
 *                vault_seq_from: see store_seq_from)
 *   records      id (8-byte big-endian) -> record JSON
 *   versions     id + version (big-endian) -> version JSON
 *   idx_sha256   hex sha256 -> id           (every version's content)
 *   idx_docno    normalised docno -> ids    (dupsort)
 *   idx_disclosure, idx_status, idx_agency, idx_flag  value -> ids (dupsort)
 *   idx_repeals  docno a record repeals -> ids of the repealing records
 *   idx_domain   domain -> ids (dupsort)
 *   idx_index_no, idx_neg_item, idx_interprets, idx_repealed_by
 *                field value -> ids
 *   idx_site     m/YYYY-MM, d/DOMAIN/YYYY, a/AGENCY/YYYY -> ids of the
 *                records on the public site (publish_site_keys)
 *   events       id + seq (big-endian) -> one events.jsonl line
 *   outbox       mail id (big-endian) -> queued message JSON (not derived:
 *                kept across reindex by store_copy_local)
 *   changes      event time (YYYY-MM-DDTHH:MM:SS, local) + id + seq -> ""
 *   due          kind + YYYY-MM-DD + id -> ""  (the lifecycle clock)
 *
 * Everything but meta is derived from the vault: indexes and due keys
 * follow from each record as store_put_record() writes it.
 */
#ifndef DOCKET_STORE_H
#define DOCKET_STORE_H

#include <jansson.h>
#include <lmdb.h>
#include <stdint.h>

#include "attr.h"

#define STORE_SCHEMA_VERSION	6
#define STORE_ID_LEN		24

enum store_index {
	STORE_IDX_DISCLOSURE,
	STORE_IDX_STATUS,
	STORE_IDX_AGENCY,
	STORE_IDX_FLAG,
	STORE_IDX_DOCNO,
	STORE_IDX_REPEALS,
	STORE_IDX_DOMAIN,
	STORE_IDX_INDEX_NO,	/* index_no (索引号) -> id */
	STORE_IDX_SITE,		/* publish_site_keys() of a record on the
				 * public site -> ids */
	STORE_IDX_NEG_ITEM,	/* negative_item (负面清单 id) -> ids */
	STORE_IDX_INTERPRETS,	/* interprets (the policy's id) -> ids of
				 * its interpretations */
	STORE_IDX_REPEALED_BY,	/* repealed_by (the repealing record's id)
				 * -> ids of the records it repealed */
	STORE_IDX_COUNT
};

struct store;

/*
 * Due keys.  Each record has at most one of each, derived from its fields:
 *   E  valid_until    while status is in_force (expires the day after)
 *   R  next_review    while it has one (review due)
 *   O  next_review    while it has one and no review_overdue flag
 */
#define STORE_DUE_EXPIRY	'E'
#define STORE_DUE_REVIEW	'R'
#define STORE_DUE_OVERDUE	'O'
/*   I  published_on  while a published 规范性文件 in force has no 政策解读
 *                    (interp_due_date); flag no_interpretation
 *                    [publish] interpretation_days later */
#define STORE_DUE_INTERP	'I'

/* Open (and with !readonly create) the environment in dir.  Returns -1
 * with a message, or -2 when the database has another schema version
 * (it is derived: rebuild it from the vault). */
DOCKET_WUR
int	 store_open(struct store **, const char *dir, int readonly,
	    uint64_t map_size, char *err, size_t errlen);
void	 store_close(struct store *);

/*
 * After MDB_PANIC, or an error after which no transaction can begin, the
 * store is broken: every call fails until store_reopen() closes the
 * environment and opens it again (with no transaction of it open; the
 * index then lags the vault: replay it).  cb is called once when it
 * breaks, from inside the failing call.
 */
DOCKET_WUR
int	 store_broken(const struct store *);
void	 store_on_broken(struct store *, void (*cb)(void *), void *arg);
DOCKET_WUR
int	 store_reopen(struct store *, char *err, size_t errlen);

DOCKET_WUR
int	 store_txn_read(struct store *, MDB_txn **);
void	 store_txn_end(MDB_txn *);

/*
 * Run fn inside one write transaction and commit it durably.  On
 * MDB_MAP_FULL the transaction is aborted, the map doubled and fn run
 * again, so fn must only depend on its argument.  Returns 0 or an LMDB
 * error (or fn's non-zero result).  The error is sticky: once a store_*
 * call inside fn fails (MDB_NOTFOUND is an answer, not a failure), every
 * later store_* call in the transaction returns that error without doing
 * anything, and store_write aborts and returns it even if fn returned 0.
 */
DOCKET_WUR
int	 store_write(struct store *, int (*fn)(struct store *, MDB_txn *,
	    void *), void *arg);

/* Ids: D000042 <-> 42. */
void	 store_id_format(uint64_t, char buf[STORE_ID_LEN]);
DOCKET_WUR
int	 store_id_parse(const char *, uint64_t *);
/* A meta number: decimal digits only, not 0; -1 for anything else. */
int	 store_u64_parse(const char *, uint64_t *);

/* Lookups (0 found, MDB_NOTFOUND, or another LMDB error). */
DOCKET_WUR
int	 store_get_record(struct store *, MDB_txn *, uint64_t id, json_t **);
DOCKET_WUR
int	 store_find_sha256(struct store *, MDB_txn *, const char *hex,
	    uint64_t *id);
/* Unique sha256 prefix (>= 8 hex digits); EINVAL-like MDB_KEYEXIST when
 * ambiguous. */
DOCKET_WUR
int	 store_find_sha_prefix(struct store *, MDB_txn *, const char *prefix,
	    uint64_t *id);
/* Every id filed under a normalised docno; ids is malloc'd. */
DOCKET_WUR
int	 store_find_docno(struct store *, MDB_txn *, const char *docno,
	    uint64_t **ids, size_t *nids);

/* Meta values as strings; get returns MDB_NOTFOUND when unset. */
DOCKET_WUR
int	 store_meta_get(struct store *, MDB_txn *, const char *key,
	    char *buf, size_t len);
DOCKET_WUR
int	 store_meta_put(struct store *, MDB_txn *, const char *key,
	    const char *val);
DOCKET_WUR
int	 store_next_id(struct store *, MDB_txn *, uint64_t *);

/*
 * The first record number the vault shards by number (vault_record_dir):
 * meta vault_seq_from, read when the index is opened and kept current by
 * store_write when a transaction that put it commits.  VAULT_SEQ_NONE (UINT64_MAX) while unset: an index of an
 * archive from before, every record sharded by hash.  replay.c sets it.
 */
uint64_t store_seq_from(const struct store *);

/* Write a record (replacing the indexes of its previous state) and one
 * version row.  rec must hold "id" and "version". */
DOCKET_WUR
int	 store_put_record(struct store *, MDB_txn *, json_t *rec);
DOCKET_WUR
int	 store_put_version(struct store *, MDB_txn *, uint64_t id,
	    json_t *version);

/* Iterate. cb returns non-zero to stop. */
typedef int (*store_record_cb)(json_t *rec, void *arg);
DOCKET_WUR
int	 store_each_record(struct store *, MDB_txn *, store_record_cb, void *);
DOCKET_WUR
int	 store_each_indexed(struct store *, MDB_txn *, enum store_index,
	    const char *key, store_record_cb, void *);
DOCKET_WUR
int	 store_each_version(struct store *, MDB_txn *, uint64_t id,
	    store_record_cb, void *);
/* Number of ids filed under key in an index. */
DOCKET_WUR
int	 store_count_indexed(struct store *, MDB_txn *, enum store_index,
	    const char *key, size_t *count);
DOCKET_WUR
int	 store_count_records(struct store *, MDB_txn *, size_t *count);
/* The distinct keys of an index with how many ids each has; non-zero
 * from cb stops. */
typedef int (*store_key_cb)(const char *key, size_t len, size_t count,
	    void *arg);
DOCKET_WUR
int	 store_each_key(struct store *, MDB_txn *, enum store_index,
	    store_key_cb, void *);

/* The greatest key of an index that starts with prefix, into buf (NUL
 * terminated); MDB_NOTFOUND when none does. */
DOCKET_WUR
int	 store_last_key(struct store *, MDB_txn *, enum store_index,
	    const char *prefix, char *buf, size_t len);

/* Events: seq counts from 1; line is one JSON object without LF. */
DOCKET_WUR
int	 store_put_event(struct store *, MDB_txn *, uint64_t id, uint32_t seq,
	    const char *line, size_t len);
typedef int (*store_event_cb)(uint32_t seq, const char *line, size_t len,
	    void *arg);
DOCKET_WUR
int	 store_each_event(struct store *, MDB_txn *, uint64_t id,
	    store_event_cb, void *);
/*
 * Events in time order from `since` (inclusive; YYYY-MM-DDTHH:MM:SS or a
 * prefix, NULL: all) to before `until` (NULL: no end): cb gets the id,
 * seq and the event line.  Non-zero from cb stops.
 */
typedef int (*store_change_cb)(uint64_t id, uint32_t seq, const char *line,
	    size_t len, void *arg);
DOCKET_WUR
int	 store_each_change(struct store *, MDB_txn *, const char *since,
	    const char *until, store_change_cb, void *);

/* Highest seq of a record's events (0 when none). */
DOCKET_WUR
int	 store_last_event(struct store *, MDB_txn *, uint64_t id,
	    uint32_t *seq);

/*
 * Due keys of one kind, oldest date first, with date <= upto (NULL: all).
 * cb gets the id and the date; non-zero stops.  store_due_first gives the
 * earliest (MDB_NOTFOUND when none).
 */
typedef int (*store_due_cb)(uint64_t id, const char *date, void *arg);
DOCKET_WUR
int	 store_each_due(struct store *, MDB_txn *, char kind, const char *upto,
	    store_due_cb, void *);
DOCKET_WUR
int	 store_due_first(struct store *, MDB_txn *, char kind, char date[11],
	    uint64_t *id);

/* The mail outbox. */
DOCKET_WUR
int	 store_outbox_put(struct store *, MDB_txn *, uint64_t id,
	    const char *json, size_t len);
DOCKET_WUR
int	 store_outbox_del(struct store *, MDB_txn *, uint64_t id);
typedef int (*store_outbox_cb)(uint64_t id, const char *json, size_t len,
	    void *arg);
DOCKET_WUR
int	 store_each_outbox(struct store *, MDB_txn *, store_outbox_cb, void *);

/*
 * Copy what the vault does not hold (the outbox, and the meta keys of
 * the mailer and the clock: clock_since, mail_*, report_*) from one
 * environment to another: reindex keeps them.
 */
DOCKET_WUR
int	 store_copy_local(struct store *from, struct store *to);

/*
 * The databases of applications, owned by apply_store.c:
 *   applications  application id (A2026-00001) -> application JSON
 *   app_due       kind + YYYY-MM-DD + id -> ""  (D due, C correction,
 *                 Q consultation, F fee deadline)
 * MDB_NOTFOUND when this (read-only) environment has none yet.
 */
DOCKET_WUR
int	 store_app_dbis(struct store *, MDB_dbi *apps, MDB_dbi *due);

const char *store_strerror(int);
/* The environment's directory, for messages ("index DIR: ..."). */
const char *store_dir(const struct store *);

#endif
