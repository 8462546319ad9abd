/*
 * Unit tests for site_write and vault_public: a file is written whole
 * (no temporary left), an identical rewrite changes nothing on disk but
 * is still remembered; a removal of a missing file is no error.  The
 * public branch gets one commit per call with the files as they are on
 * disk, removed ones leave its tree, a call that changes nothing makes
 * no commit, a commit only writes the trees on the changed paths (the
 * others are the parent's, object for object), and main is untouched.
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

#include "site_write.h"
#include "vault.h"
#include "vault_public.h"

static char dir[64], site[128], vpath[128];

static int
setup(void **state)
{
	struct vault	*v;
	char		 err[512];

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/docket-site-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(site, sizeof(site), "%s/site", dir);
	snprintf(vpath, sizeof(vpath), "%s/vault.git", dir);
	assert_int_equal(mkdir(site, 0755), 0);
	if (vault_open(&v, vpath, 1, err, sizeof(err)) != 0)
		fail_msg("vault_open: %s", err);
	vault_close(v);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

static char *
slurp(const char *rel)
{
	char	 path[256], *buf;
	FILE	*fp;
	long	 n;

	snprintf(path, sizeof(path), "%s/%s", site, rel);
	if ((fp = fopen(path, "r")) == NULL)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = calloc(1, (size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	return buf;
}

/* Output of a git command on the vault (first line). */
static void
git(const char *args, char *out, size_t len)
{
	char	 cmd[512];
	FILE	*fp;

	snprintf(cmd, sizeof(cmd), "git --git-dir='%s' %s 2>/dev/null", vpath,
	    args);
	assert_non_null(fp = popen(cmd, "r"));
	out[0] = '\0';
	if (fgets(out, (int)len, fp) == NULL)
		out[0] = '\0';
	out[strcspn(out, "\n")] = '\0';
	pclose(fp);
}

/* vault_public_commit(paths, n, orphan): made a commit or not (made),
 * then the branch has count commits and index.html holds index. */
static void
public_commit(const char *const *paths, size_t n, int orphan, int made,
    const char *count, const char *index)
{
	char	err[512], oid[VAULT_OID_HEX], out[256];

	if (vault_public_commit(vpath, site, paths, n, orphan, "site: t\n",
	    oid, err, sizeof(err)) != 0)
		fail_msg("public commit: %s", err);
	assert_int_equal(strlen(oid), made ? 40 : 0);
	git("rev-list --count public", out, sizeof(out));
	assert_string_equal(out, count);
	git("show public:index.html", out, sizeof(out));
	assert_string_equal(out, index);
}

/* What site_out wrote is for a web server whatever the umask: written
 * under docketd's systemd umask (0027), 0755 and 0644. */
static void
site_modes_public(void)
{
	const char *const	 dirs[] = { "", "/doc", "/doc/0000" };
	char			 p[256];
	struct stat		 sb;
	size_t			 i;

	for (i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s%s", site, dirs[i]);
		assert_int_equal(stat(p, &sb), 0);
		assert_int_equal(sb.st_mode & 07777, 0755);
	}
	snprintf(p, sizeof(p), "%s/doc/0000/D000001.html", site);
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0644);
}

static void
test_write(void **state)
{
	struct site_out	*o = site_out_new(site);
	char		 err[512], *s, out[256];
	mode_t		 um = umask(0027);

	(void)state;
	assert_int_equal(site_out_write(o, "doc/0000/D000001.html", "<p>一</p>",
	    strlen("<p>一</p>"), err, sizeof(err)), 0);
	assert_int_equal(site_out_write(o, "index.html", "home", 4, err,
	    sizeof(err)), 0);
	assert_int_equal(site_out_changed(o), 2);
	/* the same bytes again: nothing changes, but it is remembered */
	assert_int_equal(site_out_write(o, "index.html", "home", 4, err,
	    sizeof(err)), 0);
	assert_int_equal(site_out_changed(o), 2);
	assert_int_equal(site_out_count(o), 3);
	assert_int_equal(site_out_remove(o, "nothing/here.html", err,
	    sizeof(err)), 0);
	assert_int_equal(site_out_sync(o, err, sizeof(err)), 0);
	assert_non_null(s = slurp("doc/0000/D000001.html"));
	assert_string_equal(s, "<p>一</p>");
	site_modes_public();
	free(s);
	/* no temporary file is left */
	snprintf(out, sizeof(out), "find '%s' -name '.*' | wc -l", site);
	{
		FILE	*fp = popen(out, "r");
		int	 n = -1;

		assert_non_null(fp);
		assert_int_equal(fscanf(fp, "%d", &n), 1);
		pclose(fp);
		assert_int_equal(n, 0);
	}
	umask(um);
	site_out_free(o);
}

static void
test_public(void **state)
{
	struct site_out	*o = site_out_new(site);
	const char	*paths[4];
	char		 err[512], oid[VAULT_OID_HEX], oid2[VAULT_OID_HEX];
	char		 out[256], tree_a[64];

	(void)state;
	assert_int_equal(vault_public_head(vpath, oid, err, sizeof(err)), 1);
	assert_int_equal(site_out_write(o, "doc/0000/D000001.html", "one", 3,
	    err, sizeof(err)), 0);
	assert_int_equal(site_out_write(o, "month/2026-12.html", "m", 1, err,
	    sizeof(err)), 0);
	assert_int_equal(site_out_write(o, "index.html", "home", 4, err,
	    sizeof(err)), 0);
	paths[0] = "doc/0000/D000001.html";
	paths[1] = "month/2026-12.html";
	paths[2] = "index.html";
	paths[3] = "index.html";	/* twice: once in the tree */
	if (vault_public_commit(vpath, site, paths, 4, 0, "site: test\n", oid,
	    err, sizeof(err)) != 0)
		fail_msg("public commit: %s", err);
	assert_int_equal(strlen(oid), 40);
	git("ls-tree -r --name-only public | wc -l", out, sizeof(out));
	assert_string_equal(out, "3");
	git("show public:doc/0000/D000001.html", out, sizeof(out));
	assert_string_equal(out, "one");
	git("rev-parse -q --verify refs/heads/main", out, sizeof(out));
	assert_string_equal(out, "");	/* main is not touched */
	git("rev-parse public:month", tree_a, sizeof(tree_a));

	/* nothing changed: no commit */
	if (vault_public_commit(vpath, site, paths, 3, 0, "site: same\n", oid2,
	    err, sizeof(err)) != 0)
		fail_msg("public commit: %s", err);
	assert_string_equal(oid2, "");
	git("rev-list --count public", out, sizeof(out));
	assert_string_equal(out, "1");

	/* a page gone, another changed: the untouched tree is the same
	 * object */
	assert_int_equal(site_out_remove(o, "doc/0000/D000001.html", err,
	    sizeof(err)), 0);
	assert_int_equal(site_out_write(o, "index.html", "home 2", 6, err,
	    sizeof(err)), 0);
	paths[0] = "doc/0000/D000001.html";
	paths[1] = "index.html";
	if (vault_public_commit(vpath, site, paths, 2, 0, "site: two\n", oid2,
	    err, sizeof(err)) != 0)
		fail_msg("public commit: %s", err);
	assert_int_equal(strlen(oid2), 40);
	git("ls-tree -r --name-only public", out, sizeof(out));
	assert_string_equal(out, "index.html");
	git("ls-tree -r --name-only public | wc -l", out, sizeof(out));
	assert_string_equal(out, "2");
	git("rev-parse public:month", out, sizeof(out));
	assert_string_equal(out, tree_a);
	/* ...and the page gone takes the history with it: nothing the
	 * branch reaches holds it */
	git("rev-list --count public", out, sizeof(out));
	assert_string_equal(out, "1");
	git("rev-list --objects public | grep -c D000001", out, sizeof(out));
	assert_string_equal(out, "0");
	/* ...but the vault keeps it, under a ref that is no branch, so
	 * that vault_gc.c keeps the packs the new tree still needs */
	git("rev-list --objects refs/docket/public-kept | grep -c D000001",
	    out, sizeof(out));
	assert_string_equal(out, "1");
	git("for-each-ref --format='%(refname)' refs/heads", out, sizeof(out));
	assert_string_equal(out, "refs/heads/public");
	/* every object is in a pack, none loose; fsck is clean */
	snprintf(out, sizeof(out), "find '%s/objects' -type f ! -path '*/pack/*'"
	    " ! -path '*/info/*' | wc -l", vpath);
	{
		FILE	*fp = popen(out, "r");
		int	 n = -1;

		assert_non_null(fp);
		assert_int_equal(fscanf(fp, "%d", &n), 1);
		pclose(fp);
		assert_int_equal(n, 0);
	}
	git("fsck --strict --no-progress --no-dangling && echo clean", out,
	    sizeof(out));
	assert_string_equal(out, "clean");

	/* orphan on a root commit: the change, without parent */
	assert_int_equal(site_out_write(o, "index.html", "home 3", 6, err,
	    sizeof(err)), 0);
	paths[0] = "index.html";
	public_commit(paths, 1, 1, 1, "1", "home 3");
	git("rev-parse public:month", out, sizeof(out));
	assert_string_equal(out, tree_a);
	/* orphan with nothing to update: a root commit stays as it is */
	public_commit(paths, 1, 1, 0, "1", "home 3");
	/* ...but a head with a history loses it, its tree unchanged */
	assert_int_equal(site_out_write(o, "index.html", "home 4", 6, err,
	    sizeof(err)), 0);
	public_commit(paths, 1, 0, 1, "2", "home 4");
	public_commit(NULL, 0, 1, 1, "1", "home 4");
	/* orphan (a rebuild's end): a file of the branch gone from the
	 * site without being noted goes from the branch too */
	snprintf(out, sizeof(out), "%s/month/2026-12.html", site);
	assert_int_equal(unlink(out), 0);
	public_commit(paths, 1, 0, 0, "1", "home 4");	/* not asked */
	git("ls-tree -r --name-only public | grep -c month/", out,
	    sizeof(out));
	assert_string_equal(out, "1");
	public_commit(paths, 1, 1, 1, "1", "home 4");
	git("ls-tree -r --name-only public | grep -c month/", out,
	    sizeof(out));
	assert_string_equal(out, "0");
	git("ls-tree -r --name-only public", out, sizeof(out));
	assert_string_equal(out, "index.html");
	git("fsck --strict --no-progress --no-dangling && echo clean", out,
	    sizeof(out));
	assert_string_equal(out, "clean");
	site_out_free(o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_public, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
