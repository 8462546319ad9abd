/*
 * Unit tests for verify: a small vault and LMDB built with the project's
 * own modules (records and events through change.c, originals staged by
 * hand as ingest does), then checked by verify_run.  A consistent archive
 * has no problem; each kind of damage — an original, a record.json or an
 * events.jsonl committed behind the index's back, a record directory the
 * index does not know, an index record the vault does not hold, a
 * corrupt object — is reported, with its line.  Damage is committed with
 * vault_stage + vault_commit and the index pointed at it (meta
 * vault_head), except where the test is that a head ahead of the index is
 * only a note.
 */

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

#include <jansson.h>

#include "change.h"
#include "record.h"
#include "sha256.h"
#include "store.h"
#include "vault.h"
#include "verify.h"

struct fx {
	char		 dir[64];
	char		 vpath[96];
	char		 dbpath[96];
	struct store	*st;
	struct vault	*vt;
};

/* What one verify_run gave. */
struct result {
	int			 rc;
	struct verify_report	 rep;
	char			*text;
	size_t			 len;
	char			 err[256];
};

/* The fixture's store, for record_path. */
static struct store *fx_st;

/* Records from 5 on sharded by number, the earlier ones by hash: an
 * archive from before sharding by number, then grown. */
static int
set_seq_from(struct store *st, MDB_txn *txn, void *arg)
{
	(void)arg;
	return store_meta_put(st, txn, "vault_seq_from", "5");
}

static int
setup(void **state)
{
	struct fx	*f;
	char		 err[256];

	f = calloc(1, sizeof(*f));
	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/docket-verify-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->vpath, sizeof(f->vpath), "%s/vault", f->dir);
	snprintf(f->dbpath, sizeof(f->dbpath), "%s/db", f->dir);
	if (store_open(&f->st, f->dbpath, 0, 16 << 20, err, sizeof(err)) != 0)
		fail_msg("store_open: %s", err);
	if (vault_open(&f->vt, f->vpath, 1, err, sizeof(err)) != 0)
		fail_msg("vault_open: %s", err);
	assert_int_equal(store_write(f->st, set_seq_from, NULL), 0);
	assert_int_equal(store_seq_from(f->st), 5);
	fx_st = f->st;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*f = *state;
	char		 cmd[128];
	int		 rc;

	vault_close(f->vt);
	store_close(f->st);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	rc = system(cmd);
	free(f);
	return rc;
}

/* Register record n (version 1) with original.txt and nevents events. */
static void
add_record(struct fx *f, uint64_t n, const char *content, int nevents)
{
	struct change	*ch;
	json_t		*rec, *ev;
	char		 id[STORE_ID_LEN], hex[SHA256_HEX_LEN + 1], dir[128];
	char		 path[160], commit[VAULT_OID_HEX], err[256];
	int		 i;

	store_id_format(n, id);
	sha256_hex(content, strlen(content), hex);
	/* source_name and received_at too: change_version_row needs them
	 * for the versions row. */
	rec = json_pack("{s:s, s:s, s:s, s:i, s:s, s:s, s:s}", "id", id,
	    "title", "关于加强档案管理的通知", "status", "in_force", "version",
	    1, "sha256", hex, "source_name", "通知.txt", "received_at",
	    "2026-11-28T10:00:00+08:00");
	assert_non_null(rec);
	ev = json_array();
	for (i = 0; i < nevents; i++)
		json_array_append_new(ev, json_pack("{s:s, s:i}", "event",
		    i == 0 ? "registered" : "noted", "n", i));
	vault_record_dir(store_seq_from(f->st), id, dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/original.txt", dir);
	if (vault_stage(f->vt, path, content, strlen(content), err,
	    sizeof(err)) != 0)
		fail_msg("vault_stage: %s", err);
	ch = change_new(f->st, f->vt);
	assert_non_null(ch);
	assert_int_equal(change_put(ch, rec, nevents > 0 ? ev : NULL), 0);
	if (change_commit(ch, "register\n", commit, err, sizeof(err)) != 0)
		fail_msg("change_commit: %s", err);
	change_free(ch);
	json_decref(ev);
	json_decref(rec);
}

/* A new version of record n, as ingest makes it: original.<ext> of its
 * own, record.json with the version and sha256 moved on. */
static void
add_version(struct fx *f, uint64_t n, const char *ext, const char *content)
{
	struct change	*ch;
	MDB_txn		*txn;
	json_t		*rec, *ev;
	char		 id[STORE_ID_LEN], hex[SHA256_HEX_LEN + 1], dir[128];
	char		 path[160], commit[VAULT_OID_HEX], err[256];

	store_id_format(n, id);
	sha256_hex(content, strlen(content), hex);
	assert_int_equal(store_txn_read(f->st, &txn), 0);
	assert_int_equal(store_get_record(f->st, txn, n, &rec), 0);
	store_txn_end(txn);
	json_object_set_new(rec, "version", json_integer(json_integer_value(
	    json_object_get(rec, "version")) + 1));
	json_object_set_new(rec, "sha256", json_string(hex));
	vault_record_dir(store_seq_from(f->st), id, dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/original.%s", dir, ext);
	if (vault_stage(f->vt, path, content, strlen(content), err,
	    sizeof(err)) != 0)
		fail_msg("vault_stage: %s", err);
	ev = json_pack("[{s:s}]", "event", "new_version");
	ch = change_new(f->st, f->vt);
	assert_non_null(ch);
	assert_int_equal(change_put(ch, rec, ev), 0);
	if (change_commit(ch, "new version\n", commit, err, sizeof(err)) != 0)
		fail_msg("change_commit: %s", err);
	change_free(ch);
	json_decref(ev);
	json_decref(rec);
}

static int
put_head(struct store *st, MDB_txn *txn, void *arg)
{
	return store_meta_put(st, txn, "vault_head", arg);
}

/*
 * Commit one file behind the index's back: path is relative to record
 * n's directory (or to the vault root when n is 0).  With move_index the
 * index's vault_head follows, as though the commit had been indexed.
 */
static void
tamper(struct fx *f, uint64_t n, const char *rel, const void *buf,
    size_t len, int move_index)
{
	char	id[STORE_ID_LEN], dir[128], path[256], commit[VAULT_OID_HEX];
	char	err[256];

	if (n != 0) {
		store_id_format(n, id);
		vault_record_dir(store_seq_from(f->st), id, dir, sizeof(dir));
		snprintf(path, sizeof(path), "%s/%s", dir, rel);
	} else
		snprintf(path, sizeof(path), "%s", rel);
	if (vault_stage(f->vt, path, buf, len, err, sizeof(err)) != 0 ||
	    vault_commit(f->vt, "tamper\n", commit, NULL, err,
	    sizeof(err)) != 0)
		fail_msg("tamper: %s", err);
	if (move_index)
		assert_int_equal(store_write(f->st, put_head, commit), 0);
}

static void
run(struct fx *f, struct result *r)
{
	MDB_txn	*txn;
	FILE	*out;

	memset(r, 0, sizeof(*r));
	out = open_memstream(&r->text, &r->len);
	assert_non_null(out);
	assert_int_equal(store_txn_read(f->st, &txn), 0);
	r->rc = verify_run(f->st, txn, f->vpath, out, &r->rep, r->err,
	    sizeof(r->err));
	store_txn_end(txn);
	fclose(out);
	/* Shown with `make check` in the test's log. */
	printf("--- verify: rc %d, %zu records, %zu events, %zu originals, "
	    "%zu problems, fsck ran %d ok %d%s%s\n%s", r->rc, r->rep.records,
	    r->rep.events, r->rep.originals, r->rep.problems, r->rep.fsck_ran,
	    r->rep.fsck_ok, r->err[0] ? ", err: " : "", r->err, r->text);
}

static void
has_line(const struct result *r, const char *line)
{
	const char	*p = r->text;
	size_t		 n = strlen(line);

	while ((p = strstr(p, line)) != NULL) {
		if ((p == r->text || p[-1] == '\n') && p[n] == '\n')
			return;
		p++;
	}
	fail_msg("no line \"%s\" in:\n%s", line, r->text);
}

static void
record_path(uint64_t n, char *buf, size_t len)
{
	char	id[STORE_ID_LEN];

	store_id_format(n, id);
	vault_record_dir(store_seq_from(fx_st), id, buf, len);
}

/* Three records: with two events, with none, with one. */
static void
build(struct fx *f)
{
	add_record(f, 1, "第一份文件\n", 2);
	add_record(f, 2, "second document\n", 0);
	add_record(f, 3, "third document\n", 1);
}

static void
test_consistent(void **state)
{
	struct fx	*f = *state;
	struct result	 r;

	build(f);
	run(f, &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.rep.problems, 0);
	assert_int_equal(r.rep.records, 3);
	assert_int_equal(r.rep.events, 3);
	assert_int_equal(r.rep.originals, 3);
	/* git is there and the vault passes fsck --strict. */
	assert_int_equal(r.rep.fsck_ran, 1);
	assert_int_equal(r.rep.fsck_ok, 1);
	assert_int_equal(r.len, 0);
	free(r.text);
}

static void
test_empty(void **state)
{
	struct fx	*f = *state;
	struct result	 r;

	run(f, &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.rep.problems, 0);
	assert_int_equal(r.rep.records, 0);
	free(r.text);
}

static void
test_original_tampered(void **state)
{
	struct fx	*f = *state;
	struct result	 r;
	const char	*bad = "第一份文件, altered\n";
	char		 line[512], good[SHA256_HEX_LEN + 1];
	char		 badhex[SHA256_HEX_LEN + 1];

	build(f);
	tamper(f, 1, "original.txt", bad, strlen(bad), 1);
	run(f, &r);
	sha256_hex("第一份文件\n", strlen("第一份文件\n"), good);
	sha256_hex(bad, strlen(bad), badhex);
	snprintf(line, sizeof(line), "D000001: original.txt sha256 %s != "
	    "index %s", badhex, good);
	has_line(&r, line);
	assert_int_equal(r.rc, 1);
	assert_int_equal(r.rep.problems, 1);
	assert_int_equal(r.rep.fsck_ok, 1);
	free(r.text);
}

static void
test_record_json_differs(void **state)
{
	struct fx	*f = *state;
	struct result	 r;
	MDB_txn		*txn;
	json_t		*rec;
	char		*js;
	size_t		 len;

	build(f);
	assert_int_equal(store_txn_read(f->st, &txn), 0);
	assert_int_equal(store_get_record(f->st, txn, 2, &rec), 0);
	store_txn_end(txn);
	json_object_set_new(rec, "status", json_string("repealed"));
	js = record_vault_json(rec, &len);
	assert_non_null(js);
	tamper(f, 2, "record.json", js, len, 1);
	free(js);
	json_decref(rec);
	run(f, &r);
	has_line(&r, "D000002: record.json differs from the index");
	assert_int_equal(r.rc, 1);
	assert_int_equal(r.rep.problems, 1);
	free(r.text);
}

/* The same record.json without its final LF differs too. */
static void
test_record_json_no_lf(void **state)
{
	struct fx	*f = *state;
	struct result	 r;
	MDB_txn		*txn;
	json_t		*rec;
	char		*js;
	size_t		 len;

	build(f);
	assert_int_equal(store_txn_read(f->st, &txn), 0);
	assert_int_equal(store_get_record(f->st, txn, 3, &rec), 0);
	store_txn_end(txn);
	js = record_vault_json(rec, &len);
	assert_non_null(js);
	tamper(f, 3, "record.json", js, len - 1, 1);
	free(js);
	json_decref(rec);
	run(f, &r);
	has_line(&r, "D000003: record.json differs from the index");
	assert_int_equal(r.rep.problems, 1);
	free(r.text);
}

static void
test_extra_record_dir(void **state)
{
	struct fx	*f = *state;
	struct result	 r;
	char		 dir[128], line[256];

	build(f);
	tamper(f, 99, "record.json", "{}\n", 3, 1);
	run(f, &r);
	record_path(99, dir, sizeof(dir));
	snprintf(line, sizeof(line), "%s: in the vault but not in the index",
	    dir);
	has_line(&r, line);
	assert_int_equal(r.rc, 1);
	assert_int_equal(r.rep.problems, 1);
	assert_int_equal(r.rep.records, 3);
	free(r.text);
}

static void
test_not_a_record_dir(void **state)
{
	struct fx	*f = *state;
	struct result	 r;

	build(f);
	tamper(f, 0, "records/00/00/notes/readme.txt", "x\n", 2, 1);
	run(f, &r);
	has_line(&r, "records/00/00/notes: not a record directory");
	assert_int_equal(r.rep.problems, 1);
	free(r.text);
}

/* events.jsonl lost its last line: 1 in the vault, 2 in the index. */
static void
test_events_count(void **state)
{
	struct fx	*f = *state;
	struct result	 r;
	char		 dir[128], *buf, *lf, path[160], err[256];
	size_t		 len;

	build(f);
	record_path(1, dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/events.jsonl", dir);
	if (vault_read(f->vt, NULL, path, &buf, &len, err, sizeof(err)) != 0)
		fail_msg("vault_read: %s", err);
	lf = memchr(buf, '\n', len);
	assert_non_null(lf);
	tamper(f, 1, "events.jsonl", buf, (size_t)(lf + 1 - buf), 1);
	free(buf);
	run(f, &r);
	has_line(&r, "D000001: events.jsonl has 1 events, the index 2");
	assert_int_equal(r.rc, 1);
	assert_int_equal(r.rep.problems, 1);
	free(r.text);
}

/* An index row the vault's log lacks. */
static int
put_event(struct store *st, MDB_txn *txn, void *arg)
{
	const char *line = "{\"seq\":2,\"event\":\"phantom\"}";

	return store_put_event(st, txn, 3, 2, line, strlen(line));
}

static void
test_events_index_extra(void **state)
{
	struct fx	*f = *state;
	struct result	 r;

	build(f);
	assert_int_equal(store_write(f->st, put_event, NULL), 0);
	run(f, &r);
	has_line(&r, "D000003: events.jsonl has 1 events, the index 2");
	assert_int_equal(r.rep.problems, 1);
	free(r.text);
}

static void
test_events_line_differs(void **state)
{
	struct fx	*f = *state;
	struct result	 r;
	char		 dir[128], *buf, *p, path[160], err[256];
	size_t		 len;

	build(f);
	record_path(1, dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/events.jsonl", dir);
	if (vault_read(f->vt, NULL, path, &buf, &len, err, sizeof(err)) != 0)
		fail_msg("vault_read: %s", err);
	p = strstr(buf, "noted");
	assert_non_null(p);
	memcpy(p, "NOTED", 5);
	tamper(f, 1, "events.jsonl", buf, len, 1);
	free(buf);
	run(f, &r);
	has_line(&r, "D000001: events.jsonl line 2 differs from the index");
	assert_int_equal(r.rep.problems, 1);
	free(r.text);
}

/* No events in the index, yet an events.jsonl. */
static void
test_events_unexpected(void **state)
{
	struct fx	*f = *state;
	struct result	 r;
	const char	*log = "{\"seq\":1,\"event\":\"registered\"}\n";

	build(f);
	tamper(f, 2, "events.jsonl", log, strlen(log), 1);
	run(f, &r);
	has_line(&r, "D000002: events.jsonl has 1 events, the index none");
	assert_int_equal(r.rep.problems, 1);
	free(r.text);
}

/* Damage after the indexed head is not looked at: only the note. */
static void
test_head_ahead(void **state)
{
	struct fx	*f = *state;
	struct result	 r;
	MDB_txn		*txn;
	char		 indexed[64], head[VAULT_OID_HEX], line[256];

	build(f);
	tamper(f, 1, "original.txt", "later\n", 6, 0);
	assert_int_equal(store_txn_read(f->st, &txn), 0);
	assert_int_equal(store_meta_get(f->st, txn, "vault_head", indexed,
	    sizeof(indexed)), 0);
	store_txn_end(txn);
	assert_int_equal(vault_head(f->vt, head), 0);
	run(f, &r);
	snprintf(line, sizeof(line), "vault head %.12s is ahead of the index "
	    "(%.12s); docketd will index it at start-up", head, indexed);
	has_line(&r, line);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.rep.problems, 0);
	free(r.text);
}

/* In the index, not in the vault. */
static int
put_orphan(struct store *st, MDB_txn *txn, void *arg)
{
	json_t	*rec;
	int	 rc;

	rec = json_pack("{s:s, s:i, s:s}", "id", "D000007", "version", 1,
	    "sha256", "00");
	rc = store_put_record(st, txn, rec);
	json_decref(rec);
	return rc;
}

static void
test_missing_in_vault(void **state)
{
	struct fx	*f = *state;
	struct result	 r;
	char		 dir[128], line[256];

	build(f);
	assert_int_equal(store_write(f->st, put_orphan, NULL), 0);
	run(f, &r);
	record_path(7, dir, sizeof(dir));
	snprintf(line, sizeof(line), "D000007: in the index but not in the "
	    "vault (%s)", dir);
	has_line(&r, line);
	assert_int_equal(r.rep.problems, 1);
	assert_int_equal(r.rep.records, 4);
	free(r.text);
}

/* v1 original.txt stays beside v2's original.pdf: sound. */
static void
test_versions_two_formats(void **state)
{
	struct fx	*f = *state;
	struct result	 r;

	build(f);
	add_version(f, 1, "pdf", "%PDF-1.4 version two\n");
	run(f, &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.rep.problems, 0);
	assert_int_equal(r.rep.originals, 4);
	assert_int_equal(r.rep.events, 4);
	free(r.text);
}

/* ... but a third original that is no version's is a problem. */
static void
test_versions_stray_original(void **state)
{
	struct fx	*f = *state;
	struct result	 r;
	char		 line[256], hex[SHA256_HEX_LEN + 1];

	build(f);
	add_version(f, 1, "pdf", "%PDF-1.4 version two\n");
	tamper(f, 1, "original.doc", "stray\n", 6, 1);
	run(f, &r);
	sha256_hex("stray\n", 6, hex);
	snprintf(line, sizeof(line), "D000001: original.doc sha256 %s is no "
	    "version in the index", hex);
	has_line(&r, line);
	assert_int_equal(r.rep.problems, 1);
	free(r.text);
}

/* A corrupt loose object: git fsck fails, its lines pass through. */
static void
test_fsck_fails(void **state)
{
	struct fx	*f = *state;
	struct result	 r;
	char		 path[256];
	FILE		*o;

	build(f);
	snprintf(path, sizeof(path), "%s/objects/00", f->vpath);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/objects/00/"
	    "00000000000000000000000000000000000000", f->vpath);
	assert_non_null(o = fopen(path, "w"));
	fputs("not a zlib stream", o);
	fclose(o);
	run(f, &r);
	assert_int_equal(r.rc, 1);
	assert_int_equal(r.rep.fsck_ran, 1);
	assert_int_equal(r.rep.fsck_ok, 0);
	assert_int_equal(r.rep.problems, 1);
	assert_non_null(strstr(r.text, "git fsck: "));
	assert_non_null(strstr(r.text, "\ngit fsck: failed with exit status"));
	free(r.text);
}

/* No git: said, and not a problem. */
static void
test_no_git(void **state)
{
	struct fx	*f = *state;
	struct result	 r;
	char		*path = getenv("PATH") ? strdup(getenv("PATH")) : NULL;

	build(f);
	assert_int_equal(setenv("PATH", f->dir, 1), 0);
	run(f, &r);
	if (path != NULL)
		setenv("PATH", path, 1);
	else
		unsetenv("PATH");
	free(path);
	has_line(&r, "git fsck: not run, git is not installed");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.rep.fsck_ran, 0);
	assert_int_equal(r.rep.problems, 0);
	free(r.text);
}

static void
test_no_vault(void **state)
{
	struct fx	*f = *state;
	struct result	 r;
	char		 saved[96];

	memcpy(saved, f->vpath, sizeof(saved));
	snprintf(f->vpath, sizeof(f->vpath), "%s/nonexistent", f->dir);
	run(f, &r);
	memcpy(f->vpath, saved, sizeof(saved));
	assert_int_equal(r.rc, -1);
	assert_non_null(strstr(r.err, "nonexistent"));
	free(r.text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_consistent, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_original_tampered, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_record_json_differs, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_record_json_no_lf, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_extra_record_dir, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_not_a_record_dir, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_events_count, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_events_index_extra, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_events_line_differs, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_events_unexpected, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_head_ahead, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_missing_in_vault, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_versions_two_formats,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_versions_stray_original,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_fsck_fails, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_no_git, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_vault, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
