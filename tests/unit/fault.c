/*
 * fault: the wrappers behind fault.h.  Linked with -Wl,--wrap=mdb_get
 * (and the others in FAULT_LDFLAGS), each call of store.c or vault.c to
 * these functions comes here first.
 */
#include <errno.h>
#include <git2.h>
#include <git2/sys/odb_backend.h>
#include <lmdb.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "fault.h"

int	__real_mdb_get(MDB_txn *, MDB_dbi, MDB_val *, MDB_val *);
int	__real_mdb_put(MDB_txn *, MDB_dbi, MDB_val *, MDB_val *, unsigned int);
int	__real_mdb_del(MDB_txn *, MDB_dbi, MDB_val *, MDB_val *);
int	__real_mdb_cursor_get(MDB_cursor *, MDB_val *, MDB_val *,
	    MDB_cursor_op);
int	__wrap_mdb_get(MDB_txn *, MDB_dbi, MDB_val *, MDB_val *);
int	__wrap_mdb_put(MDB_txn *, MDB_dbi, MDB_val *, MDB_val *, unsigned int);
int	__wrap_mdb_del(MDB_txn *, MDB_dbi, MDB_val *, MDB_val *);
int	__wrap_mdb_cursor_get(MDB_cursor *, MDB_val *, MDB_val *,
	    MDB_cursor_op);
int	__real_git_reference_create(git_reference **, git_repository *,
	    const char *, const git_oid *, int, const char *);
int	__wrap_git_reference_create(git_reference **, git_repository *,
	    const char *, const git_oid *, int, const char *);
int	__real_git_reference_create_matching(git_reference **,
	    git_repository *, const char *, const git_oid *, int,
	    const git_oid *, const char *);
int	__wrap_git_reference_create_matching(git_reference **,
	    git_repository *, const char *, const git_oid *, int,
	    const git_oid *, const char *);
int	__real_git_odb_write_pack(git_odb_writepack **, git_odb *,
	    git_indexer_progress_cb, void *);
int	__wrap_git_odb_write_pack(git_odb_writepack **, git_odb *,
	    git_indexer_progress_cb, void *);
int	__real_git_libgit2_opts(int, ...);
int	__wrap_git_libgit2_opts(int, ...);
int	__real_fsync(int);
int	__wrap_fsync(int);

static long	 calls, fail_at = -1;
static int	 fail_rc;
static char	 fail_key[512];
static size_t	 fail_keylen;
static int	 fail_keyrc;
static int	 vfail[VAULT_OP_COUNT];	/* errno + 1 when armed */

void
store_fail_after(struct store *st, int n, int rc)
{
	(void)st;
	fail_at = calls + n;
	fail_rc = rc;
}

void
store_fail_key(const void *key, size_t len, int rc)
{
	if (len > sizeof(fail_key))
		len = sizeof(fail_key);
	memcpy(fail_key, key, len);
	fail_keylen = len;
	fail_keyrc = rc;
}

long
store_calls(void)
{
	return calls;
}

void
vault_fail_next(struct vault *v, enum vault_op op, int err)
{
	(void)v;
	vfail[op] = err + 1;
}

void
fault_reset(void)
{
	fail_at = -1;
	fail_keylen = 0;
	fail_keyrc = 0;
	memset(vfail, 0, sizeof(vfail));
}

/* 0: pass the call on; else the error to return. */
static int
fault_mdb(const MDB_val *key)
{
	long this = calls++;

	if (fail_at >= 0 && this == fail_at) {
		fail_at = -1;
		return fail_rc;
	}
	if (fail_keylen > 0 && key != NULL && key->mv_size == fail_keylen &&
	    memcmp(key->mv_data, fail_key, fail_keylen) == 0)
		return fail_keyrc;
	return 0;
}

int
__wrap_mdb_get(MDB_txn *txn, MDB_dbi dbi, MDB_val *k, MDB_val *v)
{
	int rc;

	if ((rc = fault_mdb(k)) != 0)
		return rc;
	return __real_mdb_get(txn, dbi, k, v);
}

int
__wrap_mdb_put(MDB_txn *txn, MDB_dbi dbi, MDB_val *k, MDB_val *v,
    unsigned int flags)
{
	int rc;

	if ((rc = fault_mdb(k)) != 0)
		return rc;
	return __real_mdb_put(txn, dbi, k, v, flags);
}

int
__wrap_mdb_del(MDB_txn *txn, MDB_dbi dbi, MDB_val *k, MDB_val *v)
{
	int rc;

	if ((rc = fault_mdb(k)) != 0)
		return rc;
	return __real_mdb_del(txn, dbi, k, v);
}

int
__wrap_mdb_cursor_get(MDB_cursor *c, MDB_val *k, MDB_val *v,
    MDB_cursor_op op)
{
	int rc;

	if ((rc = fault_mdb(op == MDB_SET || op == MDB_SET_KEY ||
	    op == MDB_SET_RANGE ? k : NULL)) != 0)
		return rc;
	return __real_mdb_cursor_get(c, k, v, op);
}

/* Take an armed vault fault: its errno, or 0. */
static int
fault_take(enum vault_op op)
{
	int e = vfail[op];

	vfail[op] = 0;
	return e ? e - 1 : 0;
}

static int
fault_ref_moved(int rc)
{
	int e;

	if (rc != 0 || (e = fault_take(VAULT_OP_REF_AFTER_MOVE)) == 0)
		return rc;
	/* What libgit2 says when the fsync after the rename fails. */
	git_error_set_str(GIT_ERROR_OS, e == EIO ?
	    "could not fsync 'refs/heads': Input/output error" :
	    "could not fsync 'refs/heads'");
	return -1;
}

int
__wrap_git_reference_create(git_reference **out, git_repository *repo,
    const char *name, const git_oid *id, int force, const char *log)
{
	return fault_ref_moved(__real_git_reference_create(out, repo, name,
	    id, force, log));
}

int
__wrap_git_reference_create_matching(git_reference **out,
    git_repository *repo, const char *name, const git_oid *id, int force,
    const git_oid *cur, const char *log)
{
	return fault_ref_moved(__real_git_reference_create_matching(out, repo,
	    name, id, force, cur, log));
}

static int	 pack_errno;

/* A pack writer whose commit fails the way write(2) does on a full disk:
 * errno set, no libgit2 message. */
static int
fault_pack_commit(git_odb_writepack *wp, git_indexer_progress *stats)
{
	(void)wp;
	(void)stats;
	errno = pack_errno;
	return -1;
}

int
__wrap_git_odb_write_pack(git_odb_writepack **out, git_odb *odb,
    git_indexer_progress_cb cb, void *payload)
{
	int rc, e;

	rc = __real_git_odb_write_pack(out, odb, cb, payload);
	if (rc == 0 && (e = fault_take(VAULT_OP_PACK_WRITE)) != 0) {
		pack_errno = e;
		(*out)->commit = fault_pack_commit;
	}
	return rc;
}

int
__wrap_git_libgit2_opts(int option, ...)
{
	va_list		 ap;
	int		 rc, e, level;
	const char	*path;

	va_start(ap, option);
	switch (option) {
	case GIT_OPT_ENABLE_FSYNC_GITDIR:
		e = va_arg(ap, int);
		if (fault_take(VAULT_OP_FSYNC_OPT) != 0) {
			git_error_set_str(GIT_ERROR_INVALID,
			    "fsync option refused (test)");
			rc = -1;
		} else
			rc = __real_git_libgit2_opts(option, e);
		break;
	case GIT_OPT_SET_SEARCH_PATH:
		level = va_arg(ap, int);
		path = va_arg(ap, const char *);
		rc = __real_git_libgit2_opts(option, level, path);
		break;
	default:
		rc = -1;
		git_error_set_str(GIT_ERROR_INVALID,
		    "fault.c does not forward this option");
	}
	va_end(ap);
	return rc;
}

int
__wrap_fsync(int fd)
{
	int e;

	if ((e = fault_take(VAULT_OP_DIR_SYNC)) != 0) {
		errno = e;
		return -1;
	}
	return __real_fsync(fd);
}
