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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
