/*
 * store_impl: what the parts of the LMDB wrapper share and nobody else
 * may see — struct store, the key encodings and the sticky transaction
 * error (see store.c).  store.c holds the environment, records and
 * indexes; store_log.c the events, the change log, the due clock and
 * the outbox.
 */
#ifndef DOCKET_STORE_IMPL_H
#define DOCKET_STORE_IMPL_H

#include <lmdb.h>
#include <stdint.h>

#include "store.h"

struct store {
	MDB_env		*env;		/* NULL after a failed reopen */
	char		*dir;
	int		 readonly;
	int		 broken;	/* MDB_PANIC: reopen before use */
	void		(*on_broken)(void *);
	void		*on_broken_arg;
	uint64_t	 map_size;
	MDB_txn		*wtxn;		/* store_write's transaction */
	int		 txn_err;	/* its first failure (sticky) */
	MDB_dbi		 meta, records, versions, sha, idx[STORE_IDX_COUNT], due,
			 events, changes, outbox;
	MDB_dbi		 apps, app_due;	/* apply_store.c */
	int		 has_apps;
	uint64_t	 seq_from;	/* meta vault_seq_from */
	uint64_t	 seq_put;	/* ... as store_write's txn put it; 0 none */
};

/* LMDB keys are limited to 511 bytes; longer index values are cut. */
#define STORE_KEY_MAX	400

/*
 * The sticky error.  STORE_STICKY at the top of a call returns the first
 * failure of the write transaction; store_note() records a failure (the
 * first only) and passes rc on.  Read transactions are not affected.
 */
#define STORE_STICKY(s, txn) do {					\
	if ((txn) != NULL && (txn) == (s)->wtxn && (s)->txn_err != 0)	\
		return (s)->txn_err;					\
} while (0)

static inline int
store_note(struct store *s, MDB_txn *txn, int rc)
{
	if (rc != 0 && rc != MDB_NOTFOUND && rc != MDB_KEYEXIST &&
	    txn != NULL && txn == s->wtxn && s->txn_err == 0)
		s->txn_err = rc;
	return rc;
}

/*
 * A public store_* call: the sticky error first, then NAME_ (the
 * static implementation), whose failure is noted.
 */
#define STORE_ENTRY(name, params, args)					\
int name params								\
{									\
	STORE_STICKY(s, txn);						\
	return store_note(s, txn, name##_ args);			\
}

static inline void
store_id_key(uint64_t id, unsigned char k[8])
{
	int i;

	for (i = 0; i < 8; i++)
		k[i] = (unsigned char)(id >> (56 - 8 * i));
}

static inline uint64_t
store_key_id(const unsigned char *k)
{
	uint64_t	v = 0;
	int		i;

	for (i = 0; i < 8; i++)
		v = v << 8 | k[i];
	return v;
}

#endif
