/*
 * Unit tests for vault: a commit whose ref update fails after main moved
 * is recognised as done (read back) and never made twice; a failed fsync
 * of refs/heads after that is -2 (on main, not known durable); errors
 * name the file and errno's text, never a stale libgit2 message; start-up
 * stops when libgit2 will not fsync; the upper trees kept between
 * commits (vault_tcache.c) never lose or revive a file, a failed commit
 * among them.  Faults come from fault.c.
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
open_vault(void)
{
	struct vault	*v;
	char		 path[128], err[512];

	snprintf(path, sizeof(path), "%s/vault.git", dir);
	if (vault_open(&v, path, 1, err, sizeof(err)) != 0)
		fail_msg("vault_open: %s", err);
	return v;
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
 * written, from this handle (upper trees from vault_tcache.c) and from a
 * fresh one (everything from the packs).
 */
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
			vault_record_dir(id, dirp, sizeof(dirp));
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
			vault_record_dir(id, dirp, sizeof(dirp));
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
		cmocka_unit_test_setup_teardown(test_no_fsync_no_start, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_read_error_names_path,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_upper_tree_cache_keeps_every_file, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
