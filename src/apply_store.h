/*
 * apply_store: where applications are kept.  The vault holds each one
 * as applications/<YYYY>/<NNN>/<id>.json (the record with all its
 * events; NNN = number / 100, so no tree grows past 100 entries) on
 * main, beside records/ and internal/ — nothing publishes that
 * directory.  LMDB holds the same JSON in `applications` and the
 * deadlines in `app_due` (store.h).  A change is committed to the vault
 * (fsync'd pack, then the ref) before LMDB, as documents are; LMDB's
 * meta `apply_tree` names the applications/ tree it holds, so at start
 * (and by reindex) a vault ahead of the index is indexed again from the
 * vault alone.
 */
#ifndef DOCKET_APPLY_STORE_H
#define DOCKET_APPLY_STORE_H

#include <jansson.h>

#include "apply.h"
#include "attr.h"
#include "store.h"
#include "vault.h"

#define APPLY_DUE_DUE		'D'	/* the answer (while running) */
#define APPLY_DUE_CORRECTION	'C'	/* the correction period */
#define APPLY_DUE_CONSULT	'Q'	/* a consultation's 15 days */
#define APPLY_DUE_FEE		'F'	/* 20 days to pay */
#define APPLY_DUE_WAKE		'W'	/* next_check: docketd's clock */
#define APPLY_DUE_LATE		'L'	/* answered late, by answer day */
#define APPLY_DUE_ASKED		'R'	/* a document an answer names:
					 * R + the document number in ten
					 * digits + the id (Art. 44) */
#define APPLY_DUE_SOURCE	'H'	/* a drop-folder file: H + ten hex
					 * digits of its sha256 + the id */

/* The vault path of an application. */
void	apply_store_path(const char *id, char *buf, size_t len);

/* 0 with *rec (a new reference), MDB_NOTFOUND, or an LMDB error. */
DOCKET_WUR
int	apply_store_get(struct store *, MDB_txn *, const char *id,
	    json_t **rec);
/* The next id of a year (the highest in LMDB plus one). */
DOCKET_WUR
int	apply_store_next_id(struct store *, MDB_txn *, int year,
	    char id[APPLY_ID_LEN]);
/* Every application in id order; non-zero from cb stops. */
DOCKET_WUR
int	apply_store_each(struct store *, MDB_txn *,
	    int (*cb)(json_t *rec, void *arg), void *arg);

/*
 * The due keys of one kind (APPLY_DUE_*), earliest first, with date <=
 * upto (NULL: all): cb gets the id and the date; non-zero stops.  For
 * the clock that sets the flags on time (no scan over all applications).
 */
DOCKET_WUR
int	apply_store_each_due(struct store *, MDB_txn *, char kind,
	    const char *upto, int (*cb)(const char *id, const char *date,
	    void *arg), void *arg);

/* The application registered from a drop-folder file with this sha256:
 * 0 with id, MDB_NOTFOUND, or an LMDB error. */
DOCKET_WUR
int	apply_store_find_source(struct store *, MDB_txn *, const char *sha256,
	    char id[APPLY_ID_LEN]);

/*
 * Commit recs (an array of application records) to the vault, then to
 * LMDB.  0; -1 when nothing was recorded; -2 when the vault holds the
 * change but LMDB does not (apply_store_recover indexes it).
 */
DOCKET_WUR
int	apply_store_commit(struct store *, struct vault *, json_t *recs,
	    const char *message, char commit[VAULT_OID_HEX], char *err,
	    size_t errlen);

/* The two halves, for a change that commits with documents (change.c):
 * stage the files; after the commit, index them (parent: the head the
 * commit was built on, when LMDB's vault_head may move with it). */
DOCKET_WUR
int	apply_store_stage(struct vault *, json_t *recs, char *err,
	    size_t errlen);
DOCKET_WUR
int	apply_store_index(struct store *, struct vault *, json_t *recs,
	    const char *parent, const char *commit, char *err, size_t errlen);

/*
 * Index the applications of the vault's head when LMDB has not seen
 * that applications/ tree (or always, with force): both databases are
 * rebuilt from the vault.  Returns the number indexed (0 when nothing
 * had to be done), or -1 with a message.
 */
DOCKET_WUR
int	apply_store_recover(struct store *, struct vault *, int force,
	    char *err, size_t errlen);

#endif
