/*
 * Unit tests for packwrite and vault_repack, checked with real git: object
 * ids equal git's; a pack written here passes git verify-pack and git
 * fsck --full and reads back with git cat-file; a merge of git's own packs
 * (with OFS_DELTA entries) and of ours, an object in two of them, gives
 * one pack git accepts, with every object; the geometric plan; and what
 * vault_repack_recover does with a manifest whose pack is there or not;
 * objects deflated ahead (packw_prepare, as the reader threads do) give
 * the very pack bytes packw_object gives.
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

#include "packwrite.h"
#include "vault_repack.h"

static char dir[64], git[128], packdir[192];

static int
setup(void **state)
{
	char cmd[256];

	snprintf(dir, sizeof(dir), "/tmp/docket-packw-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(git, sizeof(git), "%s/r.git", dir);
	snprintf(packdir, sizeof(packdir), "%s/objects/pack", git);
	snprintf(cmd, sizeof(cmd), "git init -q --bare '%s'", git);
	assert_int_equal(system(cmd), 0);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

/* Run a shell command in the repository; its exit status. */
static int
sh(const char *fmt, ...)
{
	char	cmd[2048], full[2600];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	snprintf(full, sizeof(full), "cd '%s' && export GIT_DIR='%s' "
	    "GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t GIT_COMMITTER_NAME=t "
	    "GIT_COMMITTER_EMAIL=t@t && (%s) >/dev/null 2>&1", git, git, cmd);
	return system(full);
}

/* The first line a shell command prints. */
static void
sh_out(char *out, size_t len, const char *cmd)
{
	char	 full[2600];
	FILE	*fp;

	snprintf(full, sizeof(full), "cd '%s' && GIT_DIR='%s' %s", git, git,
	    cmd);
	assert_non_null(fp = popen(full, "r"));
	if (fgets(out, (int)len, fp) == NULL)
		out[0] = '\0';
	out[strcspn(out, "\n")] = '\0';
	pclose(fp);
}

static void
tohex(const unsigned char *raw, char *hex)
{
	int i;

	for (i = 0; i < PACKW_RAWSZ; i++)
		sprintf(hex + 2 * i, "%02x", raw[i]);
}

static int
npacks(void)
{
	char	out[64];

	sh_out(out, sizeof(out), "ls objects/pack | grep -c '\\.pack$'");
	return atoi(out);
}

static void
test_hash_equals_git(void **state)
{
	unsigned char	oid[PACKW_RAWSZ];
	char		hex[PACKW_HEXSZ + 1];

	packw_hash(PACKW_BLOB, "hello\n", 6, oid);
	tohex(oid, hex);
	assert_string_equal(hex, "ce013625030ba8dba906f756967f9e9ca394464a");
	packw_hash(PACKW_TREE, "", 0, oid);
	tohex(oid, hex);
	assert_string_equal(hex, "4b825dc642cb6eb9a060e54bf8d69288fbee4904");
}

/* A commit of a.txt (text) and big.bin (2 MiB: past the write buffer),
 * written in pdir (pre: its blobs deflated ahead, packw_prepare); ref
 * points at it. */
static void
write_commit_in(const char *pdir, int pre, const char *ref,
    const char *text, char commit_hex[PACKW_HEXSZ + 1])
{
	struct packw_z	*z = NULL;
	struct packw_pre pa, pb;
	struct packw	*pw;
	unsigned char	 a[PACKW_RAWSZ], b[PACKW_RAWSZ], t[PACKW_RAWSZ];
	unsigned char	 c[PACKW_RAWSZ], tree[128];
	unsigned char	*big;
	char		 th[PACKW_HEXSZ + 1], msg[256], name[PACKW_NAME];
	char		 err[512];
	size_t		 i, tl = 0, bl = 2 * 1024 * 1024;
	int		 n;

	big = malloc(bl);
	assert_non_null(big);
	for (i = 0; i < bl; i++)
		big[i] = (unsigned char)(i * 2654435761U >> 13);
	packw_hash(PACKW_BLOB, text, strlen(text), a);
	packw_hash(PACKW_BLOB, big, bl, b);
	memcpy(tree, "100644 a.txt", 13);
	tl = 13;
	memcpy(tree + tl, a, 20);
	tl += 20;
	memcpy(tree + tl, "100644 big.bin", 15);
	tl += 15;
	memcpy(tree + tl, b, 20);
	tl += 20;
	packw_hash(PACKW_TREE, tree, tl, t);
	tohex(t, th);
	n = snprintf(msg, sizeof(msg), "tree %s\nauthor t <t@t> 1700000000 "
	    "+0800\ncommitter t <t@t> 1700000000 +0800\n\n%s", th, text);
	packw_hash(PACKW_COMMIT, msg, (size_t)n, c);
	if (pre) {
		assert_non_null(z = packw_z_new());
		assert_int_equal(packw_prepare(z, PACKW_BLOB, text,
		    strlen(text), &pa), 0);
		assert_int_equal(packw_prepare(z, PACKW_BLOB, big, bl, &pb),
		    0);
		/* the ids packw_hash gives */
		assert_memory_equal(pa.oid, a, PACKW_RAWSZ);
		assert_memory_equal(pb.oid, b, PACKW_RAWSZ);
		assert_true(pb.size == bl);
	}
	if (packw_begin(&pw, pdir, 4, err, sizeof(err)) != 0 ||
	    (pre ? packw_object_pre(pw, &pa, err, sizeof(err)) :
	    packw_object(pw, a, PACKW_BLOB, text, strlen(text), err,
	    sizeof(err))) != 0 ||
	    (pre ? packw_object_pre(pw, &pb, err, sizeof(err)) :
	    packw_object(pw, b, PACKW_BLOB, big, bl, err, sizeof(err))) != 0 ||
	    packw_object(pw, t, PACKW_TREE, tree, tl, err, sizeof(err)) != 0 ||
	    packw_object(pw, c, PACKW_COMMIT, msg, (size_t)n, err,
	    sizeof(err)) != 0 ||
	    packw_finish(pw, name, err, sizeof(err)) != 0 ||
	    packw_publish(pw, err, sizeof(err)) != 0)
		fail_msg("packwrite: %s", err);
	packw_free(pw);
	if (pre) {
		packw_pre_free(&pa);
		packw_pre_free(&pb);
		assert_null(pa.z);
		packw_z_free(z);
	}
	free(big);
	tohex(c, commit_hex);
	if (ref != NULL)
		assert_int_equal(sh("git update-ref %s %s", ref, commit_hex),
		    0);
}

static void
write_commit(const char *ref, const char *text,
    char commit_hex[PACKW_HEXSZ + 1])
{
	write_commit_in(packdir, 0, ref, text, commit_hex);
}

/* The committer's deflate and the readers' (packw_prepare) write the same
 * pack, byte for byte, and git reads it. */
static void
test_pre_same_pack(void **state)
{
	char	c1[PACKW_HEXSZ + 1], c2[PACKW_HEXSZ + 1], out[256];
	char	other[256];

	snprintf(other, sizeof(other), "%s/other", dir);
	assert_int_equal(mkdir(other, 0755), 0);
	write_commit_in(other, 0, NULL, "same\n", c1);
	write_commit_in(packdir, 1, "refs/heads/main", "same\n", c2);
	assert_string_equal(c1, c2);
	assert_int_equal(npacks(), 1);
	/* the same pack name (its checksum) and the same bytes */
	assert_int_equal(sh("cmp objects/pack/pack-*.pack %s/pack-*.pack && "
	    "cmp objects/pack/pack-*.idx %s/pack-*.idx && "
	    "[ \"$(ls objects/pack)\" = \"$(ls %s)\" ]", other, other,
	    other), 0);
	assert_int_equal(sh("git fsck --full --strict"), 0);
	assert_int_equal(sh("git verify-pack objects/pack/*.idx"), 0);
	sh_out(out, sizeof(out), "git cat-file -p main:a.txt");
	assert_string_equal(out, "same");
	/* a stream that is not there is refused, not written */
	{
		struct packw	*pw;
		struct packw_pre empty;
		char		 err[256];

		memset(&empty, 0, sizeof(empty));
		assert_int_equal(packw_begin(&pw, packdir, 1, err,
		    sizeof(err)), 0);
		assert_int_equal(packw_object_pre(pw, &empty, err,
		    sizeof(err)), -1);
		packw_free(pw);
	}
}

static void
test_pack_git_reads(void **state)
{
	char	c[PACKW_HEXSZ + 1], out[256];

	write_commit("refs/heads/main", "one\n", c);
	assert_int_equal(npacks(), 1);
	assert_int_equal(sh("git fsck --full --strict"), 0);
	assert_int_equal(sh("git verify-pack -v objects/pack/*.idx"), 0);
	sh_out(out, sizeof(out), "git cat-file -p main:a.txt");
	assert_string_equal(out, "one");
	sh_out(out, sizeof(out), "git rev-parse main");
	assert_string_equal(out, c);
	/* the commit is the last entry (vault_gc.c reads it there) */
	sh_out(out, sizeof(out), "git verify-pack -v objects/pack/*.idx | "
	    "grep -E '^[0-9a-f]{40} ' | sort -k5 -n | tail -1 | cut -c1-40");
	assert_string_equal(out, c);
	/* an object twice in one pack is refused */
	{
		struct packw	*pw;
		unsigned char	 a[PACKW_RAWSZ];
		char		 err[256], name[PACKW_NAME];

		packw_hash(PACKW_BLOB, "x", 1, a);
		assert_int_equal(packw_begin(&pw, packdir, 2, err,
		    sizeof(err)), 0);
		assert_int_equal(packw_object(pw, a, PACKW_BLOB, "x", 1, err,
		    sizeof(err)), 0);
		assert_int_equal(packw_object(pw, a, PACKW_BLOB, "x", 1, err,
		    sizeof(err)), 0);
		assert_int_equal(packw_finish(pw, name, err, sizeof(err)), -1);
		packw_free(pw);
		/* nothing left behind */
		assert_int_equal(sh("ls objects/pack | grep -q tmp_pack_"),
		    256);
	}
}

static int
pack_names(char names[][PACKW_NAME], int max)
{
	char	 full[512], line[128];
	FILE	*fp;
	int	 n = 0;

	snprintf(full, sizeof(full), "ls -tr '%s' | sed -n "
	    "'s/\\.idx$//p'", packdir);
	assert_non_null(fp = popen(full, "r"));
	while (n < max && fgets(line, sizeof(line), fp) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		snprintf(names[n++], PACKW_NAME, "%.45s", line);
	}
	pclose(fp);
	return n;
}

static void
test_merge_git_and_ours(void **state)
{
	char	 names[16][PACKW_NAME], *np[16], err[512], out[256], c[41];
	char	 before[32];
	int	 i, n;

	/* git's packs: deltas between similar versions of a file */
	assert_int_equal(sh("seq 1 3000 > f; git hash-object -w f && "
	    "t=$(printf '100644 blob %%s\\tf\\n' $(git hash-object f) | "
	    "git mktree) && c=$(git commit-tree $t -m one) && "
	    "git update-ref refs/heads/main $c && seq 1 3001 > f && "
	    "git hash-object -w f && t=$(printf '100644 blob %%s\\tf\\n' "
	    "$(git hash-object f) | git mktree) && "
	    "c=$(git commit-tree $t -p $c -m two) && "
	    "git update-ref refs/heads/main $c && git repack -a -d -f -q"),
	    0);
	assert_int_equal(sh("git verify-pack -v objects/pack/*.idx | "
	    "grep -q 'chain length = 1'"), 0);
	assert_int_equal(sh("seq 1 3002 > f && t=$(printf '100644 blob "
	    "%%s\\tf\\n' $(git hash-object -w f) | git mktree) && "
	    "c=$(git commit-tree $t -p main -m three) && "
	    "git update-ref refs/heads/main $c && git repack -d -q"), 0);
	/* ours, on another branch; its a.txt is also a blob of git's */
	assert_int_equal(sh("printf 'one\\n' | git hash-object -w --stdin | "
	    "git pack-objects -q objects/pack/pack"), 0);
	sleep(1);
	write_commit("refs/heads/ours", "one\n", c);
	n = pack_names(names, 16);
	assert_true(n >= 4);
	sh_out(before, sizeof(before), "git cat-file --batch-all-objects "
	    "--batch-check | wc -l");
	for (i = 0; i < n; i++)
		np[i] = names[i];
	if (vault_repack_merge(git, np, (size_t)n, err, sizeof(err)) != 0)
		fail_msg("merge: %s", err);
	/* the sources stay until recovery */
	assert_int_equal(npacks(), n + 1);
	assert_int_equal(vault_repack_recover(git, err, sizeof(err)), 1);
	assert_int_equal(npacks(), 1);
	assert_int_equal(sh("test -e %s/docket-repack", git), 256);
	assert_int_equal(sh("git fsck --full --strict"), 0);
	assert_int_equal(sh("git verify-pack objects/pack/*.idx"), 0);
	sh_out(out, sizeof(out), "git cat-file --batch-all-objects "
	    "--batch-check | wc -l");
	assert_string_equal(out, before);
	/* deltas copied as they were */
	assert_int_equal(sh("git verify-pack -v objects/pack/*.idx | "
	    "grep -q 'chain length = 1'"), 0);
	sh_out(out, sizeof(out), "git cat-file -p main:f | tail -1");
	assert_string_equal(out, "3002");
	sh_out(out, sizeof(out), "git cat-file -p ours:a.txt");
	assert_string_equal(out, "one");
	/* the newest commit last (the last source's last entry) */
	sh_out(out, sizeof(out), "git verify-pack -v objects/pack/*.idx | "
	    "grep -E '^[0-9a-f]{40} ' | sort -k5 -n | tail -1 | cut -c1-40");
	assert_string_equal(out, c);
}

static void
test_recover(void **state)
{
	char	names[4][PACKW_NAME], err[512], c[41];
	FILE	*fp;
	char	path[256];
	int	n;

	write_commit("refs/heads/main", "one\n", c);
	write_commit("refs/heads/main", "two\n", c);
	n = pack_names(names, 4);
	assert_int_equal(n, 2);
	/* a kill before the new pack was in place: the sources stay */
	snprintf(path, sizeof(path), "%s/docket-repack", git);
	assert_non_null(fp = fopen(path, "w"));
	fprintf(fp, "new pack-%s\nold %s\nold %s\n",
	    "0123456789abcdef0123456789abcdef01234567", names[0], names[1]);
	fclose(fp);
	assert_int_equal(vault_repack_recover(git, err, sizeof(err)), 0);
	assert_int_equal(npacks(), 2);
	assert_int_equal(access(path, F_OK), -1);
	/* in place: the sources go (the second one is the new pack here) */
	assert_non_null(fp = fopen(path, "w"));
	fprintf(fp, "new %s\nold %s\nold %s\n", names[1], names[0], names[1]);
	fclose(fp);
	assert_int_equal(vault_repack_recover(git, err, sizeof(err)), 1);
	assert_int_equal(npacks(), 1);
	assert_int_equal(sh("test -e objects/pack/%s.pack", names[1]), 0);
	/* noted among the merged packs (vault_gc.c skips them) */
	{
		char	**m;
		size_t	  nm;

		m = vault_repack_merged(git, &nm);
		assert_int_equal(nm, 1);
		assert_string_equal(m[0], names[1]);
		vault_repack_merged_free(m, nm);
	}
	/* a manifest that does not parse removes nothing */
	assert_non_null(fp = fopen(path, "w"));
	fprintf(fp, "old ../../x\n");
	fclose(fp);
	assert_int_equal(vault_repack_recover(git, err, sizeof(err)), -1);
	assert_int_equal(npacks(), 1);
}

/*
 * Two merges at once (vault_repack.h, VAULT_REPACK_SLOTS): each over its
 * own packs, each with its own manifest; finishing one slot leaves the
 * other's manifest and sources alone, and the start-up recovery finishes
 * every slot.
 */
static void
test_two_slots(void **state)
{
	char	names[8][PACKW_NAME], *a[2], *b[2], err[512], c[41];
	char	newname[PACKW_NAME], before[32], out[32];
	int	n;

	write_commit("refs/heads/main", "one\n", c);
	write_commit("refs/heads/main", "two\n", c);
	write_commit("refs/heads/main", "three\n", c);
	write_commit("refs/heads/main", "four\n", c);
	n = pack_names(names, 8);
	assert_int_equal(n, 4);
	sh_out(before, sizeof(before), "git cat-file --batch-all-objects "
	    "--batch-check | wc -l");
	a[0] = names[0];
	a[1] = names[1];
	b[0] = names[2];
	b[1] = names[3];
	if (vault_repack_merge_slot(git, 0, a, 2, err, sizeof(err)) != 0)
		fail_msg("merge in slot 0: %s", err);
	if (vault_repack_merge_slot(git, 1, b, 2, err, sizeof(err)) != 0)
		fail_msg("merge in slot 1: %s", err);
	assert_int_equal(sh("test -e %s/docket-repack", git), 0);
	assert_int_equal(sh("test -e %s/docket-repack-1", git), 0);
	assert_int_equal(npacks(), 6);
	assert_int_equal(vault_repack_manifest_new(git, 1, newname), 1);
	assert_int_equal(sh("test -e objects/pack/%s.idx", newname), 0);
	/* slot 1 ends first: its sources go, slot 0's stay */
	assert_int_equal(vault_repack_recover_slot(git, 1, err, sizeof(err)),
	    1);
	assert_int_equal(npacks(), 4);
	assert_int_equal(sh("test -e %s/docket-repack-1", git), 256);
	assert_int_equal(sh("test -e %s/docket-repack", git), 0);
	assert_int_equal(sh("test -e objects/pack/%s.pack", names[0]), 0);
	assert_int_equal(sh("test -e objects/pack/%s.pack", names[1]), 0);
	assert_int_equal(sh("test -e objects/pack/%s.pack", names[2]), 256);
	assert_int_equal(vault_repack_manifest_new(git, 1, newname), 0);
	/* the start-up recovery finishes slot 0 */
	assert_int_equal(vault_repack_recover(git, err, sizeof(err)), 1);
	assert_int_equal(npacks(), 2);
	assert_int_equal(sh("test -e %s/docket-repack", git), 256);
	assert_int_equal(sh("git fsck --full --strict"), 0);
	sh_out(out, sizeof(out), "git cat-file --batch-all-objects "
	    "--batch-check | wc -l");
	assert_string_equal(out, before);
	/* both new packs are noted among the merged ones */
	{
		char	**m;
		size_t	  nm;

		m = vault_repack_merged(git, &nm);
		assert_int_equal(nm, 2);
		vault_repack_merged_free(m, nm);
	}
}

static void
test_plan(void **state)
{
	uint64_t	g[] = { 1, 3, 100, 1000 };
	uint64_t	eq[] = { 10, 10, 10, 10 };
	uint64_t	two[] = { 1, 1, 4 };
	uint64_t	roll[] = { 2, 3, 5, 100 };
	uint64_t	up[] = { 2, 3, 5, 12, 1000 };

	assert_int_equal(vault_repack_plan(g, 0), 0);
	assert_int_equal(vault_repack_plan(g, 1), 0);
	assert_int_equal(vault_repack_plan(g, 4), 0);
	assert_int_equal(vault_repack_plan(eq, 4), 4);
	assert_int_equal(vault_repack_plan(two, 3), 2);
	assert_int_equal(vault_repack_plan(roll, 4), 3);
	/* 2+3+5 = 10: 12 < 20 joins it, 1000 does not */
	assert_int_equal(vault_repack_plan(up, 5), 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_equals_git),
		cmocka_unit_test_setup_teardown(test_pack_git_reads, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_pre_same_pack, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_merge_git_and_ours, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_recover, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_slots, setup,
		    teardown),
		cmocka_unit_test(test_plan),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
