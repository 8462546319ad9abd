/*
 * Unit tests for change: a change is made durable vault first, then
 * LMDB; an index write that fails after the vault commit is healed by
 * replay (no event lost) or reported as -2 ("recorded in the vault")
 * when LMDB keeps failing; a full disk under the vault leaves both sides
 * untouched and says so with errno's text.  Faults come from fault.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "change.h"
#include "fault.h"
#include "replay.h"
#include "sha256.h"
#include "store.h"
#include "vault.h"
#include "xalloc.h"

struct fx {
	char		 dir[64];
	struct store	*st;
	struct vault	*vt;
};

static int
setup(void **state)
{
	struct fx	*f;
	char		 err[256], path[128];

	f = calloc(1, sizeof(*f));
	assert_non_null(f);
	fault_reset();
	snprintf(f->dir, sizeof(f->dir), "/tmp/docket-change-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(path, sizeof(path), "%s/db", f->dir);
	if (store_open(&f->st, path, 0, 16 << 20, err, sizeof(err)) != 0)
		fail_msg("store_open: %s", err);
	snprintf(path, sizeof(path), "%s/vault", f->dir);
	if (vault_open(&f->vt, path, 1, err, sizeof(err)) != 0)
		fail_msg("vault_open: %s", err);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*f = *state;
	char		 cmd[128];
	int		 rc;

	fault_reset();
	vault_close(f->vt);
	store_close(f->st);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	rc = system(cmd);
	free(f);
	return rc;
}

static json_t *
mkrec(uint64_t n, const char *content)
{
	char id[STORE_ID_LEN], hex[SHA256_HEX_LEN + 1];

	store_id_format(n, id);
	sha256_hex(content, strlen(content), hex);
	return json_pack("{s:s, s:s, s:s, s:i, s:s, s:s, s:s}", "id", id,
	    "title", "关于加强档案管理的通知", "status", "in_force", "version",
	    1, "sha256", hex, "source_name", "通知.txt", "received_at",
	    "2026-11-28T10:00:00+08:00");
}

/* Commit record n with one event; the change_commit result. */
static int
commit_rec(struct fx *f, uint64_t n, const char *content, char *err,
    size_t errlen)
{
	struct change	*ch;
	json_t		*rec, *ev;
	char		 commit[VAULT_OID_HEX];
	int		 rc;

	rec = mkrec(n, content);
	ev = json_pack("[{s:s, s:s}]", "action", "register", "time",
	    "2026-11-28T10:00:00");
	ch = change_new(f->st, f->vt);
	assert_non_null(ch);
	assert_int_equal(change_put(ch, rec, ev), 0);
	rc = change_commit(ch, "register\n", commit, err, errlen);
	change_free(ch);
	json_decref(ev);
	json_decref(rec);
	return rc;
}

static int
count_ev(uint32_t seq, const char *line, size_t len, void *arg)
{
	(*(int *)arg)++;
	return 0;
}

/* Record n is in LMDB with its one event. */
static void
assert_indexed(struct fx *f, uint64_t n)
{
	MDB_txn	*txn;
	json_t	*rec;
	int	 nev = 0;

	assert_int_equal(store_txn_read(f->st, &txn), 0);
	assert_int_equal(store_get_record(f->st, txn, n, &rec), 0);
	assert_non_null(json_object_get(rec, "commit"));
	json_decref(rec);
	assert_int_equal(store_each_event(f->st, txn, n, count_ev, &nev), 0);
	assert_int_equal(nev, 1);
	store_txn_end(txn);
}

static void
test_commit(void **state)
{
	struct fx	*f = *state;
	char		 err[512];

	assert_int_equal(commit_rec(f, 1, "one", err, sizeof(err)), 0);
	assert_indexed(f, 1);
}

/* The index write fails once after the vault commit: change_commit
 * replays the vault and the record with its event is there. */
static void
test_index_fails_once_replayed(void **state)
{
	struct fx	*f = *state;
	char		 err[512];
	unsigned char	 key[8] = { 0, 0, 0, 0, 0, 0, 0, 2 };

	assert_int_equal(commit_rec(f, 1, "one", err, sizeof(err)), 0);
	/* Record 2's key fails in LMDB from its first use on... */
	store_fail_key(key, sizeof(key), EIO);
	assert_int_equal(commit_rec(f, 2, "two", err, sizeof(err)), -2);
	assert_non_null(strstr(err, "recorded in the vault"));
	/* ...until the disk recovers: replay brings it in, event and all. */
	fault_reset();
	assert_int_equal(commit_rec(f, 3, "three", err, sizeof(err)), 0);
	assert_indexed(f, 1);
	assert_indexed(f, 3);
}

/* A full disk under the vault: nothing committed, nothing indexed, and
 * the message has the pack directory and errno's text. */
static void
test_full_disk(void **state)
{
	struct fx	*f = *state;
	char		 err[512], head0[VAULT_OID_HEX], head1[VAULT_OID_HEX];
	MDB_txn		*txn;
	json_t		*rec;

	assert_int_equal(commit_rec(f, 1, "one", err, sizeof(err)), 0);
	assert_int_equal(vault_head(f->vt, head0), 0);
	vault_fail_next(f->vt, VAULT_OP_PACK_WRITE, ENOSPC);
	assert_int_equal(commit_rec(f, 2, "two", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "No space left on device"));
	assert_non_null(strstr(err, "objects/pack"));
	assert_int_equal(vault_head(f->vt, head1), 0);
	assert_string_equal(head0, head1);
	assert_int_equal(store_txn_read(f->st, &txn), 0);
	assert_int_equal(store_get_record(f->st, txn, 2, &rec), MDB_NOTFOUND);
	store_txn_end(txn);
}

/* The ref moved but refs/heads could not be fsync'd: -2, and the next
 * change indexes it through replay (never a second commit of it). */
static void
test_ref_not_durable(void **state)
{
	struct fx	*f = *state;
	char		 err[512];

	vault_fail_next(f->vt, VAULT_OP_REF_AFTER_MOVE, EIO);
	vault_fail_next(f->vt, VAULT_OP_DIR_SYNC, EIO);
	assert_int_equal(commit_rec(f, 1, "one", err, sizeof(err)), -2);
	assert_non_null(strstr(err, "not yet durable"));
	assert_int_equal(commit_rec(f, 2, "two", err, sizeof(err)), 0);
	/* change_commit's own replay on the next index write is not run
	 * (that write succeeded): replay the rest as docketd does. */
	{
		char rerr[512];

		assert_true(replay_run(f->st, f->vt, rerr,
		    sizeof(rerr)) >= 0);
	}
	assert_indexed(f, 1);
	assert_indexed(f, 2);
}

/* The OOM policy: an allocation that cannot be had aborts (in a child,
 * so the test goes on); one that can is returned. */
static void
test_xalloc_aborts(void **state)
{
	pid_t	 pid;
	int	 status;
	char	*p;

	p = xstrdup("docket");
	assert_string_equal(p, "docket");
	free(p);
	if ((pid = fork()) == 0) {
		volatile size_t huge = SIZE_MAX / 2;

		(void)xmalloc(huge);
		_exit(0);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	/* abort(); under AddressSanitizer its own report and exit 1. */
	assert_true((WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT) ||
	    (WIFEXITED(status) && WEXITSTATUS(status) != 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_index_fails_once_replayed,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_disk, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_ref_not_durable, setup,
		    teardown),
		cmocka_unit_test(test_xalloc_aborts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
