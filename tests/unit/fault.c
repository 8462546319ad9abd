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
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fault.h"
#include "packwrite.h"

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
int	__real_packw_finish(struct packw *, char *, char *, size_t);
int	__wrap_packw_finish(struct packw *, char *, char *, size_t);
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

/* Finishing a pack fails the way write(2) does on a full disk. */
int
__wrap_packw_finish(struct packw *pw, char *name, char *err, size_t errlen)
{
	int e;

	if ((e = fault_take(VAULT_OP_PACK_WRITE)) != 0) {
		snprintf(err, errlen, "writing objects/pack/tmp_pack_test: %s",
		    strerror(e));
		errno = e;
		return -1;
	}
	return __real_packw_finish(pw, name, err, errlen);
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

/* Only the fsync of refs/heads (not of a pack, nor objects/pack). */
static int
fault_is_refs_heads(int fd)
{
	char	link[64], path[4096];
	ssize_t	n;
	size_t	l;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	if ((n = readlink(link, path, sizeof(path) - 1)) <= 0)
		return 0;
	path[n] = '\0';
	l = (size_t)n;
	return l >= 10 && strcmp(path + l - 10, "refs/heads") == 0;
}

int
__wrap_fsync(int fd)
{
	int e;

	if (fault_is_refs_heads(fd) &&
	    (e = fault_take(VAULT_OP_DIR_SYNC)) != 0) {
		errno = e;
		return -1;
	}
	return __real_fsync(fd);
}
