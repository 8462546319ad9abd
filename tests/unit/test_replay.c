/*
 * Unit tests for replay: a fresh LMDB is rebuilt from the vault alone
 * (records, events, vault_head); an LMDB failure during replay is an
 * error that leaves vault_head where it was, and a second run finishes
 * the work; a replay with nothing to do does nothing.  Faults come from
 * fault.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "change.h"
#include "fault.h"
#include "replay.h"
#include "sha256.h"
#include "store.h"
#include "vault.h"

struct fx {
	char		 dir[64];
	struct store	*st;		/* written live */
	struct store	*st2;		/* rebuilt by replay */
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
	snprintf(f->dir, sizeof(f->dir), "/tmp/docket-replay-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(path, sizeof(path), "%s/db", f->dir);
	if (store_open(&f->st, path, 0, 16 << 20, err, sizeof(err)) != 0)
		fail_msg("store_open: %s", err);
	snprintf(path, sizeof(path), "%s/db2", f->dir);
	if (store_open(&f->st2, path, 0, 16 << 20, err, sizeof(err)) != 0)
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
	store_close(f->st2);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	rc = system(cmd);
	free(f);
	return rc;
}

static void
commit_rec(struct fx *f, uint64_t n, const char *content)
{
	struct change	*ch;
	json_t		*rec, *ev;
	char		 id[STORE_ID_LEN], hex[SHA256_HEX_LEN + 1];
	char		 commit[VAULT_OID_HEX], err[512];

	store_id_format(n, id);
	sha256_hex(content, strlen(content), hex);
	rec = json_pack("{s:s, s:s, s:s, s:i, s:s, s:s, s:s}", "id", id,
	    "title", "关于加强档案管理的通知", "status", "in_force", "version",
	    1, "sha256", hex, "source_name", "通知.txt", "received_at",
	    "2026-11-28T10:00:00+08:00");
	ev = json_pack("[{s:s, s:s}]", "action", "register", "time",
	    "2026-11-28T10:00:00");
	ch = change_new(f->st, f->vt);
	assert_non_null(ch);
	assert_int_equal(change_put(ch, rec, ev), 0);
	if (change_commit(ch, "register\n", commit, err, sizeof(err)) != 0)
		fail_msg("change_commit: %s", err);
	change_free(ch);
	json_decref(ev);
	json_decref(rec);
}

static int
count_ev(uint32_t seq, const char *line, size_t len, void *arg)
{
	(*(int *)arg)++;
	return 0;
}

/* st2 holds records 1..n with one event each and vault_head = head. */
static void
assert_rebuilt(struct fx *f, int n)
{
	MDB_txn	*txn;
	json_t	*rec;
	char	 head[VAULT_OID_HEX], indexed[VAULT_OID_HEX];
	size_t	 count;
	int	 i, nev;

	assert_int_equal(vault_head(f->vt, head), 0);
	assert_int_equal(store_txn_read(f->st2, &txn), 0);
	assert_int_equal(store_count_records(f->st2, txn, &count), 0);
	assert_int_equal(count, n);
	for (i = 1; i <= n; i++) {
		assert_int_equal(store_get_record(f->st2, txn, i, &rec), 0);
		json_decref(rec);
		nev = 0;
		assert_int_equal(store_each_event(f->st2, txn, i, count_ev,
		    &nev), 0);
		assert_int_equal(nev, 1);
	}
	assert_int_equal(store_meta_get(f->st2, txn, "vault_head", indexed,
	    sizeof(indexed)), 0);
	assert_string_equal(indexed, head);
	store_txn_end(txn);
}

static void
test_rebuild(void **state)
{
	struct fx	*f = *state;
	char		 err[512];

	commit_rec(f, 1, "one");
	commit_rec(f, 2, "two");
	commit_rec(f, 3, "three");
	assert_int_equal(replay_run(f->st2, f->vt, err, sizeof(err)), 3);
	assert_rebuilt(f, 3);
	/* Nothing left to do. */
	assert_int_equal(replay_run(f->st2, f->vt, err, sizeof(err)), 0);
	assert_rebuilt(f, 3);
}

static void
test_store_fails_during_replay(void **state)
{
	struct fx	*f = *state;
	MDB_txn		*txn;
	char		 err[512], indexed[VAULT_OID_HEX];

	commit_rec(f, 1, "one");
	commit_rec(f, 2, "two");
	/* The write transaction's first call fails (replay_run's own read
	 * of vault_head comes before it): the transaction is aborted and
	 * vault_head stays unset. */
	store_fail_after(f->st2, 1, EIO);
	assert_int_equal(replay_run(f->st2, f->vt, err, sizeof(err)), -1);
	assert_non_null(strstr(err, strerror(EIO)));
	assert_int_equal(store_txn_read(f->st2, &txn), 0);
	assert_int_equal(store_meta_get(f->st2, txn, "vault_head", indexed,
	    sizeof(indexed)), MDB_NOTFOUND);
	store_txn_end(txn);
	/* The disk recovers: the next run does it all. */
	assert_int_equal(replay_run(f->st2, f->vt, err, sizeof(err)), 2);
	assert_rebuilt(f, 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rebuild, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_fails_during_replay,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
