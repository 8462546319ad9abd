/*
 * verify: check the vault against the index, for `docketctl verify`.
 * Every record LMDB holds is compared, at the commit LMDB has indexed,
 * with its directory in the vault (record.json, the original's SHA-256,
 * events.jsonl); every record directory in the vault must be in LMDB;
 * then git fsck checks the object store itself.
 */
#ifndef DOCKET_VERIFY_H
#define DOCKET_VERIFY_H

#include <lmdb.h>
#include <stddef.h>
#include <stdio.h>

#include "store.h"

struct verify_report {
	size_t	records;	/* LMDB records checked */
	size_t	events;		/* LMDB event rows checked */
	size_t	originals;	/* original.* files hashed */
	size_t	problems;
	int	fsck_ran;	/* 0: git is not installed (not a problem) */
	int	fsck_ok;	/* git fsck exited 0 */
};

/*
 * Check the vault at vault_path against LMDB at LMDB's indexed head (meta
 * vault_head), reading with txn, which the caller opened and ends.  One
 * line per problem goes to out ("D000042: record.json differs from the
 * index"), and one for a vault head ahead of the index, which is a note
 * and not a problem.  Then `git --git-dir=VAULT fsck --strict
 * --no-progress` runs; its output is passed through prefixed with
 * "git fsck: " and a non-zero exit is a problem.  Records are streamed,
 * never all held in memory.  Returns 0 when there is no problem, 1 when
 * there is one or more (counted in the report), -1 with a message in err
 * when the check itself could not be done.
 */
int	verify_run(struct store *, MDB_txn *, const char *vault_path,
	    FILE *out, struct verify_report *, char *err, size_t errlen);
/* The same, with a progress line per phase on progfp (stderr) when it is
 * a terminal (progress.h); NULL: none. */
int	verify_run_progress(struct store *, MDB_txn *, const char *vault_path,
	    FILE *out, FILE *progfp, struct verify_report *, char *err,
	    size_t errlen);

#endif
