/*
 * Unit tests for ingest, with a store and a vault that fail on command
 * (fault.c): an LMDB error in the version-of lookup fails the batch (the
 * file stays in spool/, and is version 2 of its record once LMDB reads
 * again: never a new record); an LMDB error while linking repeals fails
 * the batch rather than miss the repeal; a ref fsync that fails after
 * main moved leaves a commit that is indexed by replay and never made
 * twice.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "config.h"
#include "fault.h"
#include "ingest.h"
#include "record.h"
#include "store.h"
#include "vault.h"

struct fx {
	char		 dir[64];
	struct config	 cf;
	struct store	*st;
	struct vault	*vt;
	struct ingest	*in;
	int		 seq;
};

static int
setup(void **state)
{
	struct fx	*f;
	char		 err[512];

	f = calloc(1, sizeof(*f));
	assert_non_null(f);
	fault_reset();
	snprintf(f->dir, sizeof(f->dir), "/tmp/docket-ingest-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	if (config_load_daemon(&f->cf, NULL, f->dir, err, sizeof(err)) != 0)
		fail_msg("config: %s", err);
	assert_int_equal(mkdir(f->cf.spool, 0750), 0);
	assert_int_equal(mkdir(f->cf.quarantine, 0750), 0);
	if (store_open(&f->st, f->cf.db, 0, 16 << 20, err, sizeof(err)) != 0)
		fail_msg("store_open: %s", err);
	if (vault_open(&f->vt, f->cf.vault, 1, err, sizeof(err)) != 0)
		fail_msg("vault_open: %s", err);
	f->in = ingest_new(&f->cf, f->st, f->vt);
	assert_non_null(f->in);
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
	ingest_free(f->in);
	vault_close(f->vt);
	store_close(f->st);
	config_free(&f->cf);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	rc = system(cmd);
	free(f);
	return rc;
}

/* A 公文 as tests/integration/lib.sh's make_doc writes it, into spool/. */
static void
drop(struct fx *f, const char *name, const char *docno, const char *body)
{
	char	 path[2 * PATH_MAX];
	FILE	*fp;

	f->seq++;
	snprintf(path, sizeof(path), "%s/%s", f->cf.spool, name);
	assert_non_null(fp = fopen(path, "w"));
	fprintf(fp, "淄博市教育局文件\n\n%s\n\n淄博市教育局\n"
	    "关于做好2024年安全生产工作的通知\n\n"
	    "各区县人民政府，市政府各部门，各有关单位：\n\n%s\n\n"
	    "一、工作要求。各单位要高度重视，确保第%d项任务按期完成。\n\n"
	    "淄博市教育局\n2024年3月%d日\n（此件公开发布）\n", docno,
	    body, f->seq, f->seq);
	assert_int_equal(fclose(fp), 0);
}

static int
in_spool(struct fx *f, const char *name)
{
	char path[2 * PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", f->cf.spool, name);
	return access(path, F_OK) == 0;
}

static size_t
nrecords(struct fx *f)
{
	MDB_txn	*txn;
	size_t	 n;

	assert_int_equal(store_txn_read(f->st, &txn), 0);
	assert_int_equal(store_count_records(f->st, txn, &n), 0);
	store_txn_end(txn);
	return n;
}

static json_t *
getrec(struct fx *f, uint64_t id)
{
	MDB_txn	*txn;
	json_t	*rec;

	assert_int_equal(store_txn_read(f->st, &txn), 0);
	assert_int_equal(store_get_record(f->st, txn, id, &rec), 0);
	store_txn_end(txn);
	return rec;
}

struct commits {
	char	last[VAULT_OID_HEX];
	int	n;
};

static int
commits_cb(const char *commit, int64_t when, const char *path,
    const char *buf, size_t len, void *arg)
{
	struct commits *c = arg;

	if (strcmp(c->last, commit) != 0) {
		snprintf(c->last, sizeof(c->last), "%s", commit);
		c->n++;
	}
	return 0;
}

/* Commits on main that change a record. */
static int
ncommits(struct fx *f)
{
	struct commits	c;
	char		err[512];

	memset(&c, 0, sizeof(c));
	assert_int_equal(vault_replay(f->vt, NULL, commits_cb, &c, err,
	    sizeof(err)), 0);
	return c.n;
}

static int
run(struct fx *f)
{
	size_t left;

	return ingest_run(f->in, &left);
}

#define BODY	"为进一步做好相关工作，根据上级部署，现将有关事项通知如下。"
#define BODY2	"根据工作需要，对原通知第二条作如下修改。"

static void
test_version_lookup_error_fails_batch(void **state)
{
	struct fx	*f = *state;
	json_t		*rec;
	const char	*docno;
	char		 key[256];

	drop(f, "a1.txt", "淄教发〔2024〕1号", BODY);
	assert_int_equal(run(f), 1);
	assert_int_equal(nrecords(f), 1);
	rec = getrec(f, 1);
	assert_non_null(docno = record_str(rec, "docno"));
	snprintf(key, sizeof(key), "%s", docno);
	json_decref(rec);

	/* Same docno and issuer, new content: version 2 of D000001.  The
	 * docno index cannot be read. */
	drop(f, "a2.txt", "淄教发〔2024〕1号", BODY2);
	store_fail_key(key, strlen(key), EIO);
	assert_int_equal(run(f), -1);
	assert_true(in_spool(f, "a2.txt"));
	assert_int_equal(ncommits(f), 1);
	fault_reset();
	assert_int_equal(nrecords(f), 1);

	/* LMDB reads again: the retry makes it version 2, not D000002. */
	assert_int_equal(run(f), 1);
	assert_false(in_spool(f, "a2.txt"));
	assert_int_equal(nrecords(f), 1);
	rec = getrec(f, 1);
	assert_int_equal(json_integer_value(json_object_get(rec, "version")),
	    2);
	json_decref(rec);
	assert_int_equal(ncommits(f), 2);
}

static void
test_sha_lookup_error_fails_batch(void **state)
{
	struct fx	*f = *state;
	json_t		*rec;
	char		 sha[80];

	drop(f, "b1.txt", "淄教发〔2024〕2号", BODY);
	assert_int_equal(run(f), 1);
	rec = getrec(f, 1);
	snprintf(sha, sizeof(sha), "%s", record_str(rec, "sha256"));
	json_decref(rec);
	/* The same bytes again, while idx_sha256 cannot be read: not a
	 * new record (the batch fails), then a duplicate. */
	f->seq--;
	drop(f, "b2.txt", "淄教发〔2024〕2号", BODY);
	store_fail_key(sha, strlen(sha), EIO);
	assert_int_equal(run(f), -1);
	assert_true(in_spool(f, "b2.txt"));
	fault_reset();
	assert_int_equal(run(f), 1);
	assert_false(in_spool(f, "b2.txt"));
	assert_int_equal(nrecords(f), 1);
	assert_int_equal(ncommits(f), 1);
}

#define REPEALS(d) "为进一步规范相关工作，现将有关事项通知如下。本通知自" \
	"印发之日起施行，原《关于做好2023年有关工作的通知》（" d "）同时废止。"

static void
test_repeal_link_error_fails_batch(void **state)
{
	struct fx	*f = *state;
	json_t		*rec;
	const char	*docno;
	char		 key[256];

	drop(f, "t1.txt", "淄教发〔2024〕901号", BODY);
	assert_int_equal(run(f), 1);
	rec = getrec(f, 1);
	assert_non_null(docno = record_str(rec, "docno"));
	snprintf(key, sizeof(key), "%s", docno);
	json_decref(rec);

	/* r1 repeals t1; looking t1 up fails. */
	drop(f, "r1.txt", "淄教发〔2024〕911号", REPEALS("淄教发〔2024〕901号"));
	store_fail_key(key, strlen(key), EIO);
	assert_int_equal(run(f), -1);
	assert_true(in_spool(f, "r1.txt"));
	fault_reset();
	rec = getrec(f, 1);
	assert_string_equal(record_str(rec, "status"), "in_force");
	json_decref(rec);

	/* The retry links it. */
	assert_int_equal(run(f), 1);
	assert_int_equal(nrecords(f), 2);
	rec = getrec(f, 1);
	assert_string_equal(record_str(rec, "status"), "repealed");
	json_decref(rec);
}

static void
test_ref_fsync_after_move_not_twice(void **state)
{
	struct fx	*f = *state;

	drop(f, "c1.txt", "淄教发〔2024〕3号", BODY);
	drop(f, "c2.txt", "淄教发〔2024〕4号", BODY);
	/* main moves, then neither libgit2's fsync of refs/heads nor ours
	 * works: the commit is there but not known durable. */
	vault_fail_next(f->vt, VAULT_OP_REF_AFTER_MOVE, EIO);
	vault_fail_next(f->vt, VAULT_OP_DIR_SYNC, EIO);
	assert_int_equal(run(f), -1);
	assert_true(in_spool(f, "c1.txt"));
	assert_true(in_spool(f, "c2.txt"));
	assert_int_equal(ncommits(f), 1);
	/* The next batch replays that commit first: the files are then
	 * duplicates, removed, and no second commit is made. */
	assert_int_equal(run(f), 2);
	assert_false(in_spool(f, "c1.txt"));
	assert_false(in_spool(f, "c2.txt"));
	assert_int_equal(nrecords(f), 2);
	assert_int_equal(ncommits(f), 1);
}

static void
test_ref_error_after_move_read_back(void **state)
{
	struct fx	*f = *state;

	drop(f, "d1.txt", "淄教发〔2024〕5号", BODY);
	/* Only libgit2's fsync fails; ours works: the commit is done. */
	vault_fail_next(f->vt, VAULT_OP_REF_AFTER_MOVE, EIO);
	assert_int_equal(run(f), 1);
	assert_false(in_spool(f, "d1.txt"));
	assert_int_equal(nrecords(f), 1);
	assert_int_equal(ncommits(f), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_version_lookup_error_fails_batch, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_sha_lookup_error_fails_batch, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_repeal_link_error_fails_batch, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_ref_fsync_after_move_not_twice, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_ref_error_after_move_read_back, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
