/*
 * Unit tests for ctl_head: the vault head read without libgit2 says what
 * git says (id, committer time, %s summary) for a loose commit, a packed
 * one, a packed-refs ref; a missing repository or ref is 1; the summary
 * joins the first paragraph's lines as git_commit_summary does.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ctl_head.h"

static char	dir[64];

/* Run a shell command in the repository; its first output line. */
static void
sh(const char *cmd, char *out, size_t len)
{
	char	 full[1024];
	FILE	*fp;

	snprintf(full, sizeof(full), "cd %s && %s", dir, cmd);
	assert_non_null(fp = popen(full, "r"));
	if (out != NULL) {
		out[0] = '\0';
		if (fgets(out, (int)len, fp) != NULL)
			out[strcspn(out, "\n")] = '\0';
	}
	while (fgetc(fp) != EOF)
		;
	assert_int_equal(pclose(fp), 0);
}

/* The head as git says it; its summary into summary (256 bytes). */
static void
check_head(char *summary)
{
	char	oid[41], want[41], wsum[256], wtime[32];
	int64_t	when = 0;

	assert_int_equal(ctl_head_read(dir, "refs/heads/main", oid, &when,
	    summary, 256), 0);
	sh("git rev-parse refs/heads/main", want, sizeof(want));
	assert_string_equal(oid, want);
	sh("git log -1 --format=%ct main", wtime, sizeof(wtime));
	assert_int_equal(when, strtoll(wtime, NULL, 10));
	sh("git log -1 --format=%s main", wsum, sizeof(wsum));
	assert_string_equal(summary, wsum);
}

static void
test_head(void **state)
{
	char	oid[41], summary[256];
	int64_t	when;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test_ctl_head.XXXXXX");
	assert_non_null(mkdtemp(dir));
	assert_int_equal(ctl_head_read(dir, "refs/heads/main", oid, &when,
	    summary, sizeof(summary)), 1);
	sh("git init -q --bare . && git config user.name t && "
	    "git config user.email t@t && "
	    "t=$(printf 'x' | git hash-object -w --stdin) && "
	    "tree=$(printf '100644 blob %s\\ta\\n' $t | git mktree) && "
	    "c=$(printf '登记 3 件\\n第二行  \\n\\n正文\\n' | "
	    "GIT_COMMITTER_DATE='1700000000 +0800' git commit-tree $tree) && "
	    "git update-ref refs/heads/main $c", NULL, 0);
	assert_int_equal(ctl_head_read(dir, "refs/heads/nosuch", oid, &when,
	    summary, sizeof(summary)), 1);
	check_head(summary);				/* loose */
	assert_string_equal(summary, "登记 3 件 第二行");
	sh("git repack -adq", NULL, 0);		/* packed */
	sh("h=$(git rev-parse main) && "
	    "test ! -e objects/$(echo $h | cut -c1-2)/$(echo $h | cut -c3-)",
	    NULL, 0);
	check_head(summary);
	sh("git pack-refs --all && test ! -e refs/heads/main", NULL, 0);
	check_head(summary);				/* packed-refs */
	sh("rm -rf objects/pack/*", NULL, 0);	/* a ref to nothing */
	assert_int_equal(ctl_head_read(dir, "refs/heads/main", oid, &when,
	    summary, sizeof(summary)), -1);
	sh("rm -rf ../$(basename $PWD)", NULL, 0);
}

static void
test_parse(void **state)
{
	static const char	 body[] = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n"
	    "author a <a@b> 1 +0000\ncommitter c <c@d> 1234567890 -0500\n\n"
	    "\n\nfirst\n \nsecond\n";
	char			 s[8];
	int64_t			 when;

	(void)state;
	assert_int_equal(ctl_head_parse(body, sizeof(body) - 1, &when, s,
	    sizeof(s)), 0);
	assert_int_equal(when, 1234567890);
	assert_string_equal(s, "first");
	assert_int_equal(ctl_head_parse("tree x\n\nmsg", 11, &when, s,
	    sizeof(s)), -1);		/* no committer */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_head),
		cmocka_unit_test(test_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
