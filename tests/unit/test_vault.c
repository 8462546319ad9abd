/*
 * Unit tests for vault: a commit whose ref update fails after main moved
 * is recognised as done (read back) and never made twice; a failed fsync
 * of refs/heads after that is -2 (on main, not known durable); errors
 * name the file and errno's text, never a stale libgit2 message; start-up
 * stops when libgit2 will not fsync; the upper trees kept between
 * commits (vault_tcache.c) never lose or revive a file, a failed commit
 * among them; blobs deflated ahead (vault_stage_pre, as ingest stages
 * what a reader thread prepared) give the tree and objects vault_stage
 * gives, an object staged both ways once, and git fsck --full --strict
 * is clean.  Faults come from fault.c.
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
#include <git2.h>

#include "fault.h"
#include "packwrite.h"
#include "vault.h"

static char dir[64];

static int
setup(void **state)
{
	snprintf(dir, sizeof(dir), "/tmp/docket-vault-XXXXXX");
	assert_non_null(mkdtemp(dir));
	fault_reset();
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	fault_reset();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

static struct vault *
open_vault_named(const char *name)
{
	struct vault	*v;
	char		 path[128], err[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (vault_open(&v, path, 1, err, sizeof(err)) != 0)
		fail_msg("vault_open: %s", err);
	return v;
}

static struct vault *
open_vault(void)
{
	return open_vault_named("vault.git");
}

static void
commit_one(struct vault *v, const char *path, const char *text, int want,
    char oid[VAULT_OID_HEX], char *err, size_t errlen)
{
	int64_t when;

	assert_int_equal(vault_stage(v, path, text, strlen(text), err, errlen),
	    0);
	assert_int_equal(vault_commit(v, "test", oid, &when, err, errlen),
	    want);
}

/* Commits on main, by walking first parents. */
static int
history(struct vault *v)
{
	char		 spec[VAULT_OID_HEX + 8], *buf, err[256];
	size_t		 len;
	int		 n = 0, rc;

	/* A commit has a file "n" we wrote with its number: count parents
	 * by reading HEAD~k until it is absent. */
	for (;;) {
		snprintf(spec, sizeof(spec), "main~%d", n);
		rc = vault_read(v, spec, "a.txt", &buf, &len, err, sizeof(err));
		if (rc != 0)
			break;
		free(buf);
		n++;
	}
	return n;
}

static void
test_ref_error_after_move_is_done(void **state)
{
	struct vault	*v = open_vault();
	char		 o1[VAULT_OID_HEX], o2[VAULT_OID_HEX], head[VAULT_OID_HEX];
	char		 err[512];

	commit_one(v, "a.txt", "one\n", 0, o1, err, sizeof(err));
	/* The ref moves, then libgit2 reports the fsync of refs/heads as
	 * failed: vault_commit reads main back and reports the commit. */
	vault_fail_next(v, VAULT_OP_REF_AFTER_MOVE, EIO);
	commit_one(v, "a.txt", "two\n", 0, o2, err, sizeof(err));
	assert_int_equal(vault_head(v, head), 0);
	assert_string_equal(head, o2);
	assert_string_not_equal(o1, o2);
	/* Exactly two commits: no second copy of the second one. */
	assert_int_equal(history(v), 2);
	assert_int_equal(vault_staged(v), 0);
	vault_close(v);
}

static void
test_ref_moved_sync_fails_is_minus_two(void **state)
{
	struct vault	*v = open_vault();
	char		 o1[VAULT_OID_HEX], o2[VAULT_OID_HEX], head[VAULT_OID_HEX];
	char		 err[512];

	commit_one(v, "a.txt", "one\n", 0, o1, err, sizeof(err));
	vault_fail_next(v, VAULT_OP_REF_AFTER_MOVE, EIO);
	vault_fail_next(v, VAULT_OP_DIR_SYNC, EIO);
	commit_one(v, "a.txt", "two\n", -2, o2, err, sizeof(err));
	/* On main, with its oid; the message names the directory and the
	 * error. */
	assert_int_equal(vault_head(v, head), 0);
	assert_string_equal(head, o2);
	assert_non_null(strstr(err, "refs/heads"));
	assert_non_null(strstr(err, strerror(EIO)));
	assert_int_equal(history(v), 2);
	/* vault_sync works again once the disk does. */
	assert_int_equal(vault_sync(v, err, sizeof(err)), 0);
	vault_close(v);
}

static void
test_full_disk_names_pack_and_errno(void **state)
{
	struct vault	*v = open_vault();
	char		 o1[VAULT_OID_HEX], o2[VAULT_OID_HEX], head[VAULT_OID_HEX];
	char		 err[512];

	commit_one(v, "a.txt", "one\n", 0, o1, err, sizeof(err));
	/* A stale libgit2 message from some earlier call... */
	git_error_set_str(GIT_ERROR_INVALID, "stale message");
	/* ...then a pack write that fails like write(2) on a full disk. */
	vault_fail_next(v, VAULT_OP_PACK_WRITE, ENOSPC);
	commit_one(v, "a.txt", "two\n", -1, o2, err, sizeof(err));
	assert_non_null(strstr(err, "objects/pack"));
	assert_non_null(strstr(err, "No space left on device"));
	assert_null(strstr(err, "stale message"));
	assert_null(strstr(err, "unknown libgit2 error"));
	/* main did not move. */
	assert_int_equal(vault_head(v, head), 0);
	assert_string_equal(head, o1);
	assert_int_equal(history(v), 1);
	vault_close(v);
}

static void
test_no_fsync_no_start(void **state)
{
	struct vault	*v;
	char		 path[128], err[512];

	/* No vault is open: the next open initialises libgit2 again. */
	snprintf(path, sizeof(path), "%s/vault.git", dir);
	vault_fail_next(NULL, VAULT_OP_FSYNC_OPT, EINVAL);
	assert_int_equal(vault_open(&v, path, 1, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "GIT_OPT_ENABLE_FSYNC_GITDIR"));
	/* And it does start when the option is taken. */
	assert_int_equal(vault_open(&v, path, 1, err, sizeof(err)), 0);
	vault_close(v);
}

static void
test_read_error_names_path(void **state)
{
	struct vault	*v = open_vault();
	char		 o1[VAULT_OID_HEX], err[512], *buf;
	size_t		 len;

	commit_one(v, "dir/a.txt", "one\n", 0, o1, err, sizeof(err));
	/* A tree where a blob is wanted. */
	assert_int_equal(vault_read(v, NULL, "dir", &buf, &len, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "dir"));
	assert_int_equal(vault_read(v, NULL, "nothing", &buf, &len, err,
	    sizeof(err)), 1);
	vault_close(v);
}

/*
 * Many commits over the sharded records/ tree, with updates of earlier
 * files and a failed commit among them: every file reads back as last
 * written, from this handle (upper and bottom trees from vault_tcache.c)
 * and from a fresh one (everything from the packs).  Ids to 300 are
 * sharded by hash, later ones by number (seq_from 301): the bottom trees
 * of both, and more of them than the bounded cache keeps.
 */
/* Where records go: by number from seq_from on, by hash before it and
 * for ids that are not D<digits>. */
static void
test_record_dir(void **state)
{
	char	 d[128], h[128];

	(void)state;
	vault_record_dir(1, "D000001", d, sizeof(d));
	assert_string_equal(d, "records/00/00/D000001");
	vault_record_dir(1, "D070000", d, sizeof(d));
	/* 70000 = 0x11170 */
	assert_string_equal(d, "records/01/11/D070000");
	vault_record_dir(1, "D1000000", d, sizeof(d));
	assert_string_equal(d, "records/0f/42/D1000000");
	vault_record_dir(1, "D20000000", d, sizeof(d));
	/* 20000000 = 0x1312d00: a first level of three digits */
	assert_string_equal(d, "records/131/2d/D20000000");
	assert_int_equal(vault_record_seq("D20000000", d), 1);
	/* before seq_from: the SHA-256 of "D000001" starts bf01… */
	vault_record_dir(2, "D000001", h, sizeof(h));
	assert_string_equal(h, "records/bf/01/D000001");
	assert_int_equal(vault_record_seq("D000001", h), 0);
	vault_record_dir(VAULT_SEQ_NONE, "D000001", d, sizeof(d));
	assert_string_equal(d, h);
	/* not D<digits>: by hash whatever seq_from is */
	vault_record_dir(1, "X12", d, sizeof(d));
	vault_record_dir(VAULT_SEQ_NONE, "X12", h, sizeof(h));
	assert_string_equal(d, h);
	vault_record_dir(1, "D12a", d, sizeof(d));
	vault_record_dir(VAULT_SEQ_NONE, "D12a", h, sizeof(h));
	assert_string_equal(d, h);
	assert_int_equal(vault_record_seq("D12a", d), 0);
	vault_record_dir(1, "D", d, sizeof(d));
	vault_record_dir(VAULT_SEQ_NONE, "D", h, sizeof(h));
	assert_string_equal(d, h);
}

static void
test_upper_tree_cache_keeps_every_file(void **state)
{
	struct vault	*v = open_vault();
	char		 o[VAULT_OID_HEX], err[512], dirp[128], path[160];
	char		 text[64], id[16], *buf;
	size_t		 len;
	int64_t		 when;
	int		 c, i, k, last[600], pass;

	for (i = 0; i < 600; i++)
		last[i] = -1;
	for (c = 0; c < 30; c++) {
		if (c == 17)	/* fails after its trees are built */
			vault_fail_next(v, VAULT_OP_PACK_WRITE, ENOSPC);
		for (k = 0; k < 25; k++) {
			/* new ids, and every third an earlier one again */
			i = k % 3 == 0 && c > 0 ? (c * 7 + k * 13) % (c * 20) :
			    c * 20 + k % 20;
			snprintf(id, sizeof(id), "D%06d", i + 1);
			vault_record_dir(301, id, dirp, sizeof(dirp));
			snprintf(path, sizeof(path), "%s/a.txt", dirp);
			snprintf(text, sizeof(text), "%s in commit %d\n", id, c);
			assert_int_equal(vault_stage(v, path, text, strlen(text),
			    err, sizeof(err)), 0);
			if (c != 17)
				last[i] = c;
		}
		assert_int_equal(vault_commit(v, "test", o, &when, err,
		    sizeof(err)), c == 17 ? -1 : 0);
		if (c == 17)
			vault_discard(v);
	}
	for (pass = 0; pass < 2; pass++) {
		if (pass == 1) {
			vault_close(v);
			v = open_vault();
		}
		for (i = 0; i < 600; i++) {
			snprintf(id, sizeof(id), "D%06d", i + 1);
			vault_record_dir(301, id, dirp, sizeof(dirp));
			snprintf(path, sizeof(path), "%s/a.txt", dirp);
			if (last[i] < 0) {
				assert_int_equal(vault_read(v, NULL, path, &buf,
				    &len, err, sizeof(err)), 1);
				continue;
			}
			assert_int_equal(vault_read(v, NULL, path, &buf, &len,
			    err, sizeof(err)), 0);
			snprintf(text, sizeof(text), "%s in commit %d\n", id,
			    last[i]);
			assert_int_equal(len, strlen(text));
			assert_memory_equal(buf, text, len);
			free(buf);
		}
	}
	vault_close(v);
}

/* Stage path's text deflated ahead (pre) or not. */
static void
stage_as(struct vault *v, struct packw_z *z, int pre, const char *path,
    const char *text, size_t len)
{
	struct packw_pre	 p;
	char			 err[512];

	if (!pre) {
		if (vault_stage(v, path, text, len, err, sizeof(err)) != 0)
			fail_msg("vault_stage: %s", err);
		return;
	}
	assert_int_equal(packw_prepare(z, PACKW_BLOB, text, len, &p), 0);
	if (vault_stage_pre(v, path, &p, err, sizeof(err)) != 0)
		fail_msg("vault_stage_pre: %s", err);
	assert_null(p.z);		/* the vault's now */
}

static void
test_pre_deflated_same_objects(void **state)
{
	struct vault	*v[2];
	struct packw_z	*z;
	char		 tree[2][VAULT_OID_HEX], oid[VAULT_OID_HEX];
	char		 err[512], cmd[512], *buf, *big;
	size_t		 len, bl = 300 * 1024, i;
	int64_t		 when;
	int		 k;

	assert_non_null(z = packw_z_new());
	assert_non_null(big = malloc(bl));
	for (i = 0; i < bl; i++)
		big[i] = (char)(i * 2654435761U >> 13);
	v[0] = open_vault_named("a.git");
	v[1] = open_vault_named("b.git");
	for (k = 0; k < 2; k++) {
		/* a text file whose text is itself (one blob, staged as the
		 * original ahead and as the text here), a large binary, the
		 * record here, and a blob deflated ahead twice */
		stage_as(v[k], z, k, "r/1/original.txt", "甲\n", 4);
		stage_as(v[k], z, 0, "r/1/text.txt", "甲\n", 4);
		stage_as(v[k], z, k, "r/2/original.bin", big, bl);
		stage_as(v[k], z, k, "r/2/text.txt", "乙\n", 4);
		stage_as(v[k], z, 0, "r/2/record.json", "{}", 2);
		stage_as(v[k], z, k, "r/3/text.txt", "乙\n", 4);
		if (vault_commit(v[k], "test", oid, &when, err,
		    sizeof(err)) != 0)
			fail_msg("vault_commit: %s", err);
		assert_int_equal(vault_tree_id(v[k], "", tree[k]), 0);
	}
	assert_string_equal(tree[0], tree[1]);
	assert_int_equal(vault_read(v[1], NULL, "r/2/original.bin", &buf, &len,
	    err, sizeof(err)), 0);
	assert_true(len == bl);
	assert_memory_equal(buf, big, bl);
	free(buf);
	assert_int_equal(vault_read(v[1], NULL, "r/3/text.txt", &buf, &len,
	    err, sizeof(err)), 0);
	assert_string_equal(buf, "乙\n");
	free(buf);
	/* what was staged and dropped frees its stream (ASan, valgrind) */
	stage_as(v[1], z, 1, "r/4/text.txt", "丙\n", 4);
	vault_discard(v[1]);
	for (k = 0; k < 2; k++)
		vault_close(v[k]);
	/* the same objects, once each (4 blobs, 5 trees, the commit); git
	 * finds nothing wrong */
	snprintf(cmd, sizeof(cmd), "cd '%s' && for r in a b; do "
	    "GIT_DIR=$r.git git fsck --full --strict 2>&1 >/dev/null || "
	    "exit 1; GIT_DIR=$r.git git verify-pack -v $r.git/objects/pack/*.idx "
	    "| grep -cE '^[0-9a-f]{40} ' > $r.n; done; "
	    "cmp a.n b.n && [ \"$(cat a.n)\" = 10 ]", dir);
	assert_int_equal(system(cmd), 0);
	free(big);
	packw_z_free(z);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_ref_error_after_move_is_done, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_ref_moved_sync_fails_is_minus_two, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_full_disk_names_pack_and_errno, setup, teardown),
		cmocka_unit_test(test_record_dir),
		cmocka_unit_test_setup_teardown(test_no_fsync_no_start, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_read_error_names_path,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_upper_tree_cache_keeps_every_file, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_pre_deflated_same_objects, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
