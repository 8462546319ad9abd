/*
 * Unit tests for the annual reports on the public site (site_files.c:
 * site_annual_pages through site_rebuild and site_sync): a vault with
 * annual/2025/SLUG.json and .md (the government's _all and an agency's
 * "a" + hex slug) gives annual/2025/SLUG.html with the Markdown beside
 * it and annual/index.html linking each, the home page links 年度报告,
 * the public branch has them, meta site_annual is the tree id of
 * annual/; a stray page under annual/ goes at a rebuild; a report
 * published later reaches the site at the next sync; values.jsonl and
 * names that are not reports are left out; a document that is not on
 * the site is never named in what is copied.  The renderer may be the
 * stub (site_render_annual_stub.c): only paths and links are checked.
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

#include "config.h"
#include "site.h"
#include "site_render.h"
#include "store.h"
#include "vault.h"

#define FIN		"淄博市财政局"
#define SECRET_TITLE	"关于内部人事安排的请示"

struct fx {
	char		 dir[64], vpath[96], dbpath[96], site[96];
	struct store	*st;
	struct vault	*vt;
	struct config	*cf;
	struct site_env	 e;
};

static int
put_meta(struct store *st, MDB_txn *txn, void *arg)
{
	return store_meta_put(st, txn, "vault_head", arg);
}

static int
put_rec(struct store *st, MDB_txn *txn, void *arg)
{
	return store_put_record(st, txn, arg);
}

/* Stage the files [path, content, ...], commit, and move vault_head. */
static void
commit_files(struct fx *f, const char *const *files)
{
	char	err[256], commit[VAULT_OID_HEX];

	for (; files[0] != NULL; files += 2)
		if (vault_stage(f->vt, files[0], files[1], strlen(files[1]),
		    err, sizeof(err)) != 0)
			fail_msg("vault_stage %s: %s", files[0], err);
	if (vault_commit(f->vt, "annual-report\n", commit, NULL, err,
	    sizeof(err)) != 0)
		fail_msg("vault_commit: %s", err);
	assert_int_equal(store_write(f->st, put_meta, commit), 0);
}

static int
setup(void **state)
{
	struct fx	*f;
	json_t		*rec;
	char		 err[256];

	f = calloc(1, sizeof(*f));
	assert_non_null(f);
	f->cf = calloc(1, sizeof(*f->cf));
	assert_non_null(f->cf);
	snprintf(f->dir, sizeof(f->dir), "/tmp/docket-sannual-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->vpath, sizeof(f->vpath), "%s/vault", f->dir);
	snprintf(f->dbpath, sizeof(f->dbpath), "%s/db", f->dir);
	snprintf(f->site, sizeof(f->site), "%s/site", f->dir);
	if (store_open(&f->st, f->dbpath, 0, 16 << 20, err, sizeof(err)) != 0)
		fail_msg("store_open: %s", err);
	if (vault_open(&f->vt, f->vpath, 1, err, sizeof(err)) != 0)
		fail_msg("vault_open: %s", err);
	snprintf(f->cf->publish.dir, sizeof(f->cf->publish.dir), "%s",
	    f->site);
	snprintf(f->cf->publish.site_name, sizeof(f->cf->publish.site_name),
	    "测试");
	snprintf(f->cf->vault, sizeof(f->cf->vault), "%s", f->vpath);
	f->e.cf = f->cf;
	f->e.st = f->st;
	f->e.vt = f->vt;
	/* A withheld document, never on the site. */
	rec = json_pack("{s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:[], s:b}",
	    "id", "D000002", "version", 1, "docno", "淄财〔2025〕2号",
	    "title", SECRET_TITLE, "agency", FIN, "disclosure", "withheld",
	    "status", "in_force", "flags", "published", 0);
	assert_int_equal(store_write(f->st, put_rec, rec), 0);
	json_decref(rec);
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
	free(f->cf);
	free(f);
	return rc;
}

static char *
slurp(struct fx *f, const char *rel)
{
	char	 path[256], *buf;
	FILE	*fp;
	long	 n;

	snprintf(path, sizeof(path), "%s/%s", f->site, rel);
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

static void
assert_has(struct fx *f, const char *rel, const char *what)
{
	char *s = slurp(f, rel);

	if (s == NULL)
		fail_msg("%s is not on the site", rel);
	if (what != NULL && strstr(s, what) == NULL)
		fail_msg("%s lacks \"%s\":\n%s", rel, what, s);
	free(s);
}

static void
assert_lacks(struct fx *f, const char *rel, const char *what)
{
	char *s = slurp(f, rel);

	if (s != NULL && strstr(s, what) != NULL)
		fail_msg("%s has \"%s\"", rel, what);
	free(s);
}

static int
on_site(struct fx *f, const char *rel)
{
	char		path[256];
	struct stat	sb;

	snprintf(path, sizeof(path), "%s/%s", f->site, rel);
	return stat(path, &sb) == 0;
}

/* 1 when the public branch has path. */
static int
on_public(struct fx *f, const char *rel)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "git --git-dir='%s' cat-file -e "
	    "'public:%s' 2>/dev/null", f->vpath, rel);
	return system(cmd) == 0;
}

static void
meta(struct fx *f, const char *key, char *buf, size_t len)
{
	MDB_txn *txn;

	assert_int_equal(store_txn_read(f->st, &txn), 0);
	if (store_meta_get(f->st, txn, key, buf, len) != 0)
		buf[0] = '\0';
	store_txn_end(txn);
}

static void
test_annual_pages(void **state)
{
	struct fx	*f = *state;
	char		 slug[SITE_PATH_MAX], p[3][SITE_PATH_MAX + 64], err[512];
	char		 oid[VAULT_OID_HEX], got[VAULT_OID_HEX], md[1024];
	char		 model[1024];
	const char	*files[16];
	size_t		 i = 0;

	site_agency_slug(FIN, NULL, slug);
	snprintf(p[0], sizeof(p[0]), "annual/2025/%s.json", slug);
	snprintf(p[1], sizeof(p[1]), "annual/2025/%s.md", slug);
	/* Table 二 does not add up, and the explanation names D000002,
	 * which is not on the site. */
	snprintf(model, sizeof(model), "{\"year\": 2025, \"agency\": \"%s\", "
	    "\"published_on\": \"2026-01-20\", \"first_published_on\": "
	    "\"2026-01-20\", \"documents\": {\"normative\": {\"issued\": 0, "
	    "\"repealed\": 0, \"in_force\": 1}}, \"last_year\": {\"source\": "
	    "\"published\", \"published_on\": \"2025-01-20\", \"in_force\": "
	    "{\"normative\": 0, \"regulation\": 0}}, \"explain\": [{\"what\": "
	    "\"document\", \"id\": \"D000002\", \"docno\": \"淄财规〔2024〕9号\", "
	    "\"title\": \"%s\", \"from\": null, \"to\": \"normative\", "
	    "\"cause\": \"late\", \"detail\": \"2025 年以前成文，2025-02-10 "
	    "才登记\"}]}", FIN, SECRET_TITLE);
	snprintf(md, sizeof(md), "# %s2025年政府信息公开工作年度报告\n\n"
	    "D000002 %s\n", FIN, SECRET_TITLE);
	files[i++] = p[0];
	files[i++] = model;
	files[i++] = p[1];
	files[i++] = md;
	files[i++] = "annual/2025/_all.json";
	files[i++] = "{\"year\": 2025, \"agency\": null, \"published_on\": "
	    "\"2026-03-01\"}";
	files[i++] = "annual/2025/_all.md";
	files[i++] = "# 2025年政府信息公开工作年度报告\n";
	files[i++] = "annual/2025/values.jsonl";
	files[i++] = "{\"seq\":1,\"action\":\"set\"}\n";
	files[i++] = "annual/2025/bad name.json";
	files[i++] = "{}";
	files[i++] = NULL;
	commit_files(f, files);

	/* A stray page from an older site goes at the rebuild. */
	assert_int_equal(mkdir(f->site, 0755), 0);
	snprintf(p[2], sizeof(p[2]), "mkdir -p '%s/annual/2019' && "
	    "echo old >'%s/annual/2019/old.html'", f->site, f->site);
	assert_int_equal(system(p[2]), 0);

	if (site_rebuild(&f->e, NULL, NULL, err, sizeof(err)) < 0)
		fail_msg("site_rebuild: %s", err);
	assert_has(f, "index.html", "annual/index.html");
	assert_has(f, "index.html", "年度报告");
	snprintf(p[2], sizeof(p[2]), "annual/2025/%s.html", slug);
	assert_has(f, p[2], "2025");
	assert_has(f, p[2], "</html>");
	assert_has(f, "annual/2025/_all.html", "</html>");
	assert_has(f, p[1], "2025年" FIN "政府信息公开工作年度报告");
	assert_has(f, "annual/2025/_all.md", "# 2025年");
	assert_has(f, "annual/index.html", p[2]);
	assert_has(f, "annual/index.html", "annual/2025/_all.html");
	/* The page links the Markdown beside it. */
	snprintf(md, sizeof(md), "%s.md", slug);
	assert_has(f, p[2], md);
	/* Not reports: left out. */
	assert_false(on_site(f, "annual/2025/values.html"));
	assert_false(on_site(f, "annual/2025/values.jsonl"));
	assert_false(on_site(f, "annual/2025/bad name.html"));
	assert_false(on_site(f, "annual/2019/old.html"));
	/* What is not on the site is not named. */
	assert_lacks(f, p[1], SECRET_TITLE);
	assert_has(f, p[1], "（不公开文件）");
	assert_lacks(f, p[2], SECRET_TITLE);
	/* Not its docno, not its id, in the page, the Markdown or the
	 * check's detail. */
	assert_lacks(f, p[1], "淄财规〔2024〕9号");
	assert_lacks(f, p[2], "淄财规〔2024〕9号");
	assert_lacks(f, p[1], "D000002");
	assert_lacks(f, p[2], "D000002");
	assert_has(f, p[1], "【勾稽关系检查未通过】");
	/* The public branch; site_annual. */
	assert_true(on_public(f, "annual/index.html"));
	assert_true(on_public(f, p[2]));
	assert_true(on_public(f, p[1]));
	assert_int_equal(vault_tree_id(f->vt, "annual", oid), 0);
	meta(f, "site_annual", got, sizeof(got));
	assert_string_equal(got, oid);

	/* A report published later comes with the next sync. */
	files[0] = "annual/2026/_all.json";
	files[1] = "{\"year\": 2026, \"agency\": null, \"published_on\": "
	    "\"2027-03-01\"}";
	files[2] = "annual/2026/_all.md";
	files[3] = "# 2026年\n";
	files[4] = NULL;
	commit_files(f, files);
	if (site_sync(&f->e, err, sizeof(err)) < 0)
		fail_msg("site_sync: %s", err);
	assert_has(f, "annual/2026/_all.html", "</html>");
	assert_has(f, "annual/2026/_all.md", "# 2026年");
	assert_has(f, "annual/index.html", "annual/2026/_all.html");
	assert_has(f, "annual/index.html", "annual/2025/_all.html");
	assert_true(on_public(f, "annual/2026/_all.html"));
	assert_int_equal(vault_tree_id(f->vt, "annual", oid), 0);
	meta(f, "site_annual", got, sizeof(got));
	assert_string_equal(got, oid);
	/* Nothing changed: nothing to do. */
	assert_int_equal(site_sync(&f->e, err, sizeof(err)), 0);
}

/* No annual/ in the vault: an index all the same (the home page links
 * it), and site_annual "none". */
static void
test_annual_none(void **state)
{
	struct fx	*f = *state;
	char		 err[512], got[VAULT_OID_HEX];
	const char	*files[] = { "cleanup/2026-01-01.json",
	    "{\"date\": \"2026-01-01\", \"documents\": []}", NULL };

	commit_files(f, files);
	if (site_rebuild(&f->e, NULL, NULL, err, sizeof(err)) < 0)
		fail_msg("site_rebuild: %s", err);
	assert_has(f, "annual/index.html", "</html>");
	assert_has(f, "index.html", "annual/index.html");
	meta(f, "site_annual", got, sizeof(got));
	assert_string_equal(got, "none");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_annual_pages, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_annual_none, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
