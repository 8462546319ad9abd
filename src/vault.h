/*
 * vault: the git repository (bare, branch main) that is docket's record.
 * Each batch of documents becomes one commit; objects go to an in-memory
 * pack first and reach disk as one fsync'd pack, so a batch costs a few
 * fsyncs, not several per object.
 */
#ifndef DOCKET_VAULT_H
#define DOCKET_VAULT_H

#include <stddef.h>
#include <stdint.h>

#include "attr.h"

#define VAULT_OID_HEX	41
#define VAULT_BRANCH	"refs/heads/main"

struct vault;

DOCKET_WUR
int	vault_open(struct vault **, const char *path, int create,
	    char *err, size_t errlen);
void	vault_close(struct vault *);

/*
 * The directory of a record, records/<a>/<b>/<id>.  Ids numbered from
 * seq_from on are sharded by number (a = n >> 16, b = (n >> 8) & 255, in
 * hex), so a batch of new records falls into one or two bottom trees;
 * earlier ids, and any id that is not a record number (store_id_parse),
 * by the SHA-256 of the id (a, b its first two bytes), the only layout
 * before there was a seq_from.  seq_from is the index's (store_seq_from); VAULT_SEQ_NONE
 * shards every id by hash.
 */
#define VAULT_SEQ_NONE	UINT64_MAX
void	vault_record_dir(uint64_t seq_from, const char *id, char *buf,
	    size_t len);
/* 1 when dir is where vault_record_dir puts id by number. */
int	vault_record_seq(const char *id, const char *dir);

/* Stage a file of the next commit (blob into memory). */
DOCKET_WUR
int	vault_stage(struct vault *, const char *path, const void *buf,
	    size_t len, char *err, size_t errlen);
/*
 * The same for a blob a reader thread hashed and deflated already
 * (packwrite.h): the pack gets its stream as it is, not deflated again.
 * The vault takes pre's stream (pre is empty after, whatever the answer).
 */
struct packw_pre;
DOCKET_WUR
int	vault_stage_pre(struct vault *, const char *path,
	    struct packw_pre *pre, char *err, size_t errlen);
/* Number of staged files. */
size_t	vault_staged(struct vault *);
/* Drop what is staged. */
void	vault_discard(struct vault *);
/*
 * Write the staged files as one commit on main, durably; oid in hex.
 * 0; -1 when main did not move; -2 when main names the new commit (oid
 * and when are set) but refs/heads could not be fsync'd: the commit is
 * there, not yet known durable (vault_sync before indexing it).
 */
DOCKET_WUR
int	vault_commit(struct vault *, const char *message, char oid[VAULT_OID_HEX],
	    int64_t *when, char *err, size_t errlen);
/* After each vault_commit that moved main (0 or -2), fn(arg): e.g. the
 * mirrors' kick (mirror.c).  It must not use the vault. */
void	vault_on_commit(struct vault *, void (*fn)(void *), void *arg);
/* fsync refs/heads, so that where main points is durable.  0 or -1. */
DOCKET_WUR
int	vault_sync(struct vault *, char *err, size_t errlen);

/* Current head of main; returns 1 when the branch has no commit yet. */
DOCKET_WUR
int	vault_head(struct vault *, char oid[VAULT_OID_HEX]);

/* Head commit with its time and first message line; 1 when none. */
DOCKET_WUR
int	vault_head_info(struct vault *, char oid[VAULT_OID_HEX], int64_t *when,
	    char *summary, size_t len);

/* Read a file at a commit (NULL: head). 0, 1 when absent, -1 on error. */
DOCKET_WUR
int	vault_read(struct vault *, const char *commit, const char *path,
	    char **buf, size_t *len, char *err, size_t errlen);

/*
 * The names in a directory of head's tree (files and subdirectories),
 * in git's order (byte order), each to cb; cb returns 0 to go on, 1 to
 * stop, -1 for an error.  0, 1 when the directory is absent, -1.
 */
typedef int (*vault_list_cb)(const char *name, void *arg);
DOCKET_WUR
int	vault_list(struct vault *, const char *dir, vault_list_cb, void *arg,
	    char *err, size_t errlen);

/* The object id of a path in head's tree (applications/: whether the
 * index has seen it).  0, 1 when absent, -1. */
DOCKET_WUR
int	vault_tree_id(struct vault *, const char *path,
	    char oid[VAULT_OID_HEX]);

/*
 * Walk the commits after `since` (NULL: from the first) up to head, oldest
 * first, and call cb for every file each one adds or changes that is
 * state: records' record.json and events.jsonl, and cleanup/ results.
 */
typedef int (*vault_record_cb)(const char *commit, int64_t when,
	    const char *path, const char *buf, size_t len, void *arg);
DOCKET_WUR
int	vault_replay(struct vault *, const char *since, vault_record_cb,
	    void *arg, char *err, size_t errlen);
/*
 * The same, telling progress(done, total, parg) the commits walked so far
 * of those to walk, before each one and once at the end (done = total);
 * the total is counted first, by a walk of the commits alone.
 */
typedef void (*vault_progress_cb)(size_t done, size_t total, void *arg);
DOCKET_WUR
int	vault_replay_progress(struct vault *, const char *since,
	    vault_record_cb, void *arg, vault_progress_cb progress,
	    void *parg, char *err, size_t errlen);

#endif
