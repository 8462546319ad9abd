/*
 * fault: a store and a vault that fail on command, for the unit tests of
 * ingest, change, vault and replay.  Nothing here is compiled into
 * docketd: the tests link with -Wl,--wrap=SYMBOL (FAULT_WRAP in
 * Makefile.am) for the LMDB and libgit2 calls store.c and vault.c make,
 * and fault.c decides per call whether to pass it on (__real_SYMBOL) or
 * fail it.  Every fault is one-shot unless said otherwise; fault_reset()
 * clears them all.
 */
#ifndef DOCKET_TEST_FAULT_H
#define DOCKET_TEST_FAULT_H

#include <stddef.h>

struct store;
struct vault;

/* The (n+1)th LMDB data call from now (mdb_get, mdb_put, mdb_del,
 * mdb_cursor_get) fails with rc, once.  st is for the reader: there is
 * one environment per test. */
void	store_fail_after(struct store *st, int n, int rc);
/* Every LMDB data call whose key is key (len bytes) fails with rc, until
 * fault_reset(). */
void	store_fail_key(const void *key, size_t len, int rc);
/* LMDB data calls made so far (for a test to aim store_fail_after). */
long	store_calls(void);

enum vault_op {
	/* The ref update moves main, then reports err (the fsync of
	 * refs/heads or the reflog failed after the rename). */
	VAULT_OP_REF_AFTER_MOVE,
	/* The fsync of refs/heads in vault_sync fails with err. */
	VAULT_OP_DIR_SYNC,
	/* Writing the pack fails with errno err and no libgit2 message (a
	 * full disk as a system call reports it). */
	VAULT_OP_PACK_WRITE,
	/* git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR) fails. */
	VAULT_OP_FSYNC_OPT,
	VAULT_OP_COUNT
};
/* The next op of that kind fails with errno err (v: for the reader). */
void	vault_fail_next(struct vault *v, enum vault_op op, int err);

void	fault_reset(void);

#endif
