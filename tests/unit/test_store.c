/* Unit tests for store: records, indexes, versions, map growth. */
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

#include "fault.h"
#include "store.h"

static char dir[64];

static int
setup(void **state)
{
	snprintf(dir, sizeof(dir), "/tmp/docket-store-XXXXXX");
	assert_non_null(mkdtemp(dir));
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

static json_t *
mkrec(uint64_t id, int version, const char *docno, const char *disc,
    const char *sha)
{
	char idbuf[STORE_ID_LEN];

	store_id_format(id, idbuf);
	return json_pack("{s:s, s:s, s:s, s:s, s:[s], s:i, s:s, s:n}",
	    "id", idbuf, "docno", docno, "disclosure", disc, "status",
	    "in_force", "flags", "missing_reason", "version", version,
	    "sha256", sha, "agency");
}

struct batch {
	json_t	*recs;
};

static int
put_all(struct store *st, MDB_txn *txn, void *arg)
{
	struct batch	*b = arg;
	json_t		*r;
	size_t		 i;
	uint64_t	 id;
	int		 rc;

	json_array_foreach(b->recs, i, r) {
		if (store_id_parse(json_string_value(json_object_get(r,
		    "id")), &id) == -1)
			return EINVAL;
		if ((rc = store_put_record(st, txn, r)) != 0)
			return rc;
		json_t *v = json_pack("{s:O}", "version",
		    json_object_get(r, "version"));
		rc = store_put_version(st, txn, id, v);
		json_decref(v);
		if (rc != 0)
			return rc;
	}
	return 0;
}

static int
count_cb(json_t *rec, void *arg)
{
	(*(int *)arg)++;
	return 0;
}

static void
test_ids(void **state)
{
	char		buf[STORE_ID_LEN];
	uint64_t	v;

	store_id_format(42, buf);
	assert_string_equal(buf, "D000042");
	assert_int_equal(store_id_parse("D000042", &v), 0);
	assert_true(v == 42);
	assert_int_equal(store_id_parse("d7", &v), 0);
	assert_true(v == 7);
	assert_int_equal(store_id_parse("D", &v), -1);
	assert_int_equal(store_id_parse("D0", &v), -1);
	assert_int_equal(store_id_parse("Dx1", &v), -1);
}

static void
test_put_find_reindex(void **state)
{
	struct store	*st;
	MDB_txn		*txn;
	struct batch	 b;
	char		 err[256];
	json_t		*r;
	uint64_t	 id, next, *ids;
	size_t		 n, nids;
	int		 count = 0;

	assert_int_equal(store_open(&st, dir, 0, 1 << 20, err, sizeof(err)),
	    0);
	b.recs = json_pack("[o, o]",
	    mkrec(1, 1, "淄财预〔2021〕15号", "public", "aaaa1111bbbb2222"),
	    mkrec(2, 1, "淄财预〔2021〕16号", "withheld", "aaaa1111cccc3333"));
	assert_int_equal(store_write(st, put_all, &b), 0);
	json_decref(b.recs);

	/* Version 2 of record 1 changes its disclosure: indexes follow. */
	b.recs = json_pack("[o]",
	    mkrec(1, 2, "淄财预〔2021〕15号", "withheld", "dddd4444eeee5555"));
	assert_int_equal(store_write(st, put_all, &b), 0);
	json_decref(b.recs);

	assert_int_equal(store_txn_read(st, &txn), 0);
	assert_int_equal(store_count_indexed(st, txn, STORE_IDX_DISCLOSURE,
	    "withheld", &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(store_count_indexed(st, txn, STORE_IDX_DISCLOSURE,
	    "public", &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(store_count_indexed(st, txn, STORE_IDX_FLAG,
	    "missing_reason", &n), 0);
	assert_int_equal(n, 2);
	/* Both contents of record 1 stay known. */
	assert_int_equal(store_find_sha256(st, txn, "aaaa1111bbbb2222", &id),
	    0);
	assert_true(id == 1);
	assert_int_equal(store_find_sha256(st, txn, "dddd4444eeee5555", &id),
	    0);
	assert_true(id == 1);
	/* A shared prefix is ambiguous; a longer one is not. */
	assert_int_equal(store_find_sha_prefix(st, txn, "aaaa1111", &id),
	    MDB_KEYEXIST);
	assert_int_equal(store_find_sha_prefix(st, txn, "aaaa1111c", &id), 0);
	assert_true(id == 2);
	assert_int_equal(store_find_sha_prefix(st, txn, "ffffffff", &id),
	    MDB_NOTFOUND);
	assert_int_equal(store_find_docno(st, txn, "淄财预〔2021〕15号", &ids,
	    &nids), 0);
	assert_int_equal(nids, 1);
	assert_true(ids[0] == 1);
	free(ids);
	assert_int_equal(store_get_record(st, txn, 1, &r), 0);
	assert_int_equal(json_integer_value(json_object_get(r, "version")), 2);
	assert_true(json_is_null(json_object_get(r, "agency")));
	json_decref(r);
	assert_int_equal(store_each_version(st, txn, 1, count_cb, &count), 0);
	assert_int_equal(count, 2);
	assert_int_equal(store_next_id(st, txn, &next), 0);
	assert_true(next == 3);
	store_txn_end(txn);
	store_close(st);

	/* Read-only reopen sees the same. */
	assert_int_equal(store_open(&st, dir, 1, 0, err, sizeof(err)), 0);
	assert_int_equal(store_txn_read(st, &txn), 0);
	assert_int_equal(store_count_records(st, txn, &n), 0);
	assert_int_equal(n, 2);
	store_txn_end(txn);
	store_close(st);
}

static void
test_map_full_grows(void **state)
{
	struct store	*st;
	MDB_txn		*txn;
	struct batch	 b;
	char		 err[256], docno[64], sha[65];
	size_t		 n;
	int		 i;

	/* A 64 KiB map cannot hold 2000 records: store_write must grow it. */
	assert_int_equal(store_open(&st, dir, 0, 64 * 1024, err, sizeof(err)),
	    0);
	b.recs = json_array();
	for (i = 1; i <= 2000; i++) {
		snprintf(docno, sizeof(docno), "测试发〔2024〕%d号", i);
		snprintf(sha, sizeof(sha), "%064x", i);
		json_array_append_new(b.recs, mkrec((uint64_t)i, 1, docno,
		    "public", sha));
	}
	assert_int_equal(store_write(st, put_all, &b), 0);
	json_decref(b.recs);
	assert_int_equal(store_txn_read(st, &txn), 0);
	assert_int_equal(store_count_records(st, txn, &n), 0);
	assert_int_equal(n, 2000);
	store_txn_end(txn);
	store_close(st);
}

static void
test_reopen(void **state)
{
	struct store	*st;
	MDB_txn		*txn;
	struct batch	 b;
	char		 err[256], docno[64], sha[65];
	size_t		 n;
	int		 i;

	/* What store_reopen does after MDB_PANIC: same struct, new env,
	 * the data and the grown map kept, writes work again. */
	assert_int_equal(store_open(&st, dir, 0, 64 * 1024, err, sizeof(err)),
	    0);
	assert_int_equal(store_broken(st), 0);
	b.recs = json_array();
	for (i = 1; i <= 1000; i++) {
		snprintf(docno, sizeof(docno), "测试发〔2024〕%d号", i);
		snprintf(sha, sizeof(sha), "%064x", i);
		json_array_append_new(b.recs, mkrec((uint64_t)i, 1, docno,
		    "public", sha));
	}
	assert_int_equal(store_write(st, put_all, &b), 0);
	json_decref(b.recs);
	assert_int_equal(store_reopen(st, err, sizeof(err)), 0);
	assert_int_equal(store_broken(st), 0);
	assert_int_equal(store_txn_read(st, &txn), 0);
	assert_int_equal(store_count_records(st, txn, &n), 0);
	assert_int_equal(n, 1000);
	store_txn_end(txn);
	b.recs = json_array();
	json_array_append_new(b.recs, mkrec(1001, 1, "测试发〔2025〕1号",
	    "public", "ab"));
	assert_int_equal(store_write(st, put_all, &b), 0);
	json_decref(b.recs);
	assert_int_equal(store_txn_read(st, &txn), 0);
	assert_int_equal(store_count_records(st, txn, &n), 0);
	assert_int_equal(n, 1001);
	store_txn_end(txn);
	store_close(st);
}

static void
test_missing_db_readonly(void **state)
{
	struct store	*st;
	char		 err[256];

	assert_int_equal(store_open(&st, "/nonexistent/db", 1, 0, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "/nonexistent/db"));
}

/*
 * The sticky transaction error: the first failure inside store_write()
 * is what the commit returns, even when the callback goes on and
 * returns 0; later calls in that transaction do nothing; nothing is
 * committed.
 */
struct sticky {
	int	first, second, third;
};

static int
sticky_fn(struct store *st, MDB_txn *txn, void *arg)
{
	struct sticky	*r = arg;
	json_t		*a = mkrec(1, 1, "甲〔2024〕1号", "public", "aa01");
	json_t		*b = mkrec(2, 1, "甲〔2024〕2号", "public", "aa02");

	/* The first LMDB call of the next store call fails with EIO. */
	store_fail_after(st, 0, EIO);
	r->first = store_put_record(st, txn, a);
	/* A sloppy caller carries on as if nothing happened. */
	r->second = store_put_record(st, txn, b);
	r->third = store_meta_put(st, txn, "sticky", "yes");
	json_decref(a);
	json_decref(b);
	return 0;
}

static int
put_sticky_ok(struct store *st, MDB_txn *txn, void *arg)
{
	return store_meta_put(st, txn, "sticky", "ok");
}

static void
test_sticky_error(void **state)
{
	struct store	*st;
	struct sticky	 r = { -1, -1, -1 };
	MDB_txn		*txn;
	json_t		*rec;
	char		 err[256], buf[16];
	long		 before;

	assert_int_equal(store_open(&st, dir, 0, 1 << 20, err, sizeof(err)),
	    0);
	fault_reset();
	assert_int_equal(store_write(st, sticky_fn, &r), EIO);
	assert_int_equal(r.first, EIO);
	assert_int_equal(r.second, EIO);
	assert_int_equal(r.third, EIO);
	assert_int_equal(store_broken(st), 0);
	/* Nothing of the aborted transaction is there. */
	assert_int_equal(store_txn_read(st, &txn), 0);
	assert_int_equal(store_get_record(st, txn, 2, &rec), MDB_NOTFOUND);
	assert_int_equal(store_meta_get(st, txn, "sticky", buf, sizeof(buf)),
	    MDB_NOTFOUND);
	store_txn_end(txn);
	/* The later calls did not reach LMDB at all. */
	fault_reset();
	before = store_calls();
	r.first = r.second = r.third = -1;
	assert_int_equal(store_write(st, sticky_fn, &r), EIO);
	/* One call reached the (failing) LMDB: the first one. */
	assert_int_equal(store_calls() - before, 1);
	/* The next transaction starts clean. */
	fault_reset();
	assert_int_equal(store_write(st, put_sticky_ok, NULL), 0);
	assert_int_equal(store_txn_read(st, &txn), 0);
	assert_int_equal(store_meta_get(st, txn, "sticky", buf, sizeof(buf)),
	    0);
	assert_string_equal(buf, "ok");
	store_txn_end(txn);
	store_close(st);
}

/* Put vault_seq_from to *arg's value; fail after it when arg[1] is set. */
static int
put_seq(struct store *st, MDB_txn *txn, void *arg)
{
	const char	*const *a = arg;
	int		 rc;

	if ((rc = store_meta_put(st, txn, "vault_seq_from", a[0])) != 0)
		return rc;
	return a[1] != NULL ? EIO : 0;
}

/* store_seq_from: unset is every record by hash; it follows what a
 * transaction commits, not what one that failed put; it is read back at
 * the next open; a damaged value makes the open ask for a rebuild. */
static void
test_seq_from(void **state)
{
	struct store	*st;
	const char	*ok[2] = { "7", NULL }, *bad[2] = { "9", "fail" };
	const char	*junk[2] = { "x7", NULL };
	char		 err[256];

	assert_int_equal(store_open(&st, dir, 0, 1 << 20, err, sizeof(err)),
	    0);
	assert_true(store_seq_from(st) == UINT64_MAX);
	assert_int_equal(store_write(st, put_seq, bad), EIO);
	assert_true(store_seq_from(st) == UINT64_MAX);
	assert_int_equal(store_write(st, put_seq, ok), 0);
	assert_int_equal(store_seq_from(st), 7);
	assert_int_equal(store_write(st, put_seq, bad), EIO);
	assert_int_equal(store_seq_from(st), 7);
	store_close(st);
	assert_int_equal(store_open(&st, dir, 1, 0, err, sizeof(err)), 0);
	assert_int_equal(store_seq_from(st), 7);
	store_close(st);
	assert_int_equal(store_open(&st, dir, 0, 1 << 20, err, sizeof(err)),
	    0);
	assert_int_equal(store_write(st, put_seq, junk), 0);
	store_close(st);
	assert_int_equal(store_open(&st, dir, 1, 0, err, sizeof(err)), -2);
	assert_non_null(strstr(err, "vault_seq_from"));
}

/* A read transaction has no sticky error: each call answers for itself. */
static void
test_read_not_sticky(void **state)
{
	struct store	*st;
	MDB_txn		*txn;
	char		 err[256], buf[16];

	assert_int_equal(store_open(&st, dir, 0, 1 << 20, err, sizeof(err)),
	    0);
	fault_reset();
	assert_int_equal(store_txn_read(st, &txn), 0);
	store_fail_after(st, 0, EIO);
	assert_int_equal(store_meta_get(st, txn, "schema_version", buf,
	    sizeof(buf)), EIO);
	assert_int_equal(store_meta_get(st, txn, "schema_version", buf,
	    sizeof(buf)), 0);
	store_txn_end(txn);
	store_close(st);
}

/*
 * A decision that repeals 45 documents: every one is indexed under
 * idx_repeals (the index once stopped at 31), and all 45 are removed
 * when the record changes.
 */
struct repeals {
	json_t	*rec;
};

static int
put_repeals(struct store *st, MDB_txn *txn, void *arg)
{
	return store_put_record(st, txn, ((struct repeals *)arg)->rec);
}

static void
test_many_repeals(void **state)
{
	struct store	*st;
	struct repeals	 r;
	MDB_txn		*txn;
	json_t		*list;
	char		 err[256], docno[64];
	size_t		 n;
	int		 i;

	assert_int_equal(store_open(&st, dir, 0, 1 << 20, err, sizeof(err)),
	    0);
	fault_reset();
	r.rec = mkrec(7, 1, "乙〔2024〕100号", "public", "bb07");
	list = json_array();
	for (i = 1; i <= 45; i++) {
		snprintf(docno, sizeof(docno), "乙〔2023〕%d号", i);
		json_array_append_new(list, json_string(docno));
	}
	json_object_set_new(r.rec, "repeals", list);
	assert_int_equal(store_write(st, put_repeals, &r), 0);
	assert_int_equal(store_txn_read(st, &txn), 0);
	for (i = 1; i <= 45; i++) {
		snprintf(docno, sizeof(docno), "乙〔2023〕%d号", i);
		assert_int_equal(store_count_indexed(st, txn,
		    STORE_IDX_REPEALS, docno, &n), 0);
		assert_int_equal(n, 1);
	}
	store_txn_end(txn);
	/* The new state repeals nothing: all 45 entries go. */
	json_object_set_new(r.rec, "repeals", json_array());
	assert_int_equal(store_write(st, put_repeals, &r), 0);
	assert_int_equal(store_txn_read(st, &txn), 0);
	for (i = 1; i <= 45; i++) {
		snprintf(docno, sizeof(docno), "乙〔2023〕%d号", i);
		assert_int_equal(store_count_indexed(st, txn,
		    STORE_IDX_REPEALS, docno, &n), 0);
		assert_int_equal(n, 0);
	}
	store_txn_end(txn);
	json_decref(r.rec);
	store_close(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids),
		cmocka_unit_test_setup_teardown(test_put_find_reindex, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_map_full_grows, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_reopen, setup, teardown),
		cmocka_unit_test(test_missing_db_readonly),
		cmocka_unit_test_setup_teardown(test_sticky_error, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_seq_from, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_read_not_sticky, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_many_repeals, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
