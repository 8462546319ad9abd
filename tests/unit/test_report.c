/*
 * Unit tests for report: a small LMDB (records through store_put_record,
 * events through store_put_event) and a vault holding one cleanup
 * result, then each kind built and checked as JSON — the right records
 * in the right agencies, due and overdue counts, the commands, what is
 * left out (public, cleaned, on_request without the policy, outside the
 * window, before `since`) — and rendered: the agency filter, the CSV
 * quoting, the CJK alignment of the text tables, data newlines kept off
 * the lines, and the mail subject.  Compliance with report_opts.annual:
 * last year's annual report due, published (a snapshot in the vault) or
 * not, late, its checks; without it, the report is as it was.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <jansson.h>

#include "lifecycle.h"
#include "config.h"
#include "config_annual.h"
#include "report.h"
#include "report_annual.h"
#include "report_kind.h"
#include "site_render.h"
#include "store.h"
#include "vault.h"
#include "width.h"

#define FIN	"淄博市财政局"
#define EDU	"淄博市教育局"
#define ASOF	"2026-11-28"
#define T_QUOTE	"关于\"十四五\",财政规划的通知"
#define T_NL	"关于教育经费的\n补充通知"

struct fx {
	char		 dir[64];
	char		 vpath[96];
	char		 dbpath[96];
	struct store	*st;
	struct vault	*vt;
	MDB_txn		*txn;
};

/* --- the fixture ------------------------------------------------------- */

static json_t *
mkrec(uint64_t n, const char *agency, const char *issuer, const char *docno,
    const char *title, const char *disclosure, const char *status,
    const char *next_review, const char *domain, const char *flags)
{
	char	 id[STORE_ID_LEN];
	json_t	*rec, *fl = json_array();
	char	*f, *s, *save = NULL;

	store_id_format(n, id);
	if (flags != NULL) {
		f = strdup(flags);
		for (s = strtok_r(f, ",", &save); s != NULL;
		    s = strtok_r(NULL, ",", &save))
			json_array_append_new(fl, json_string(s));
		free(f);
	}
	rec = json_pack("{s:s, s:i, s:s?, s:s?, s:s?, s:s?, s:s, s:s, s:o, "
	    "s:s, s:n, s:n, s:b, s:s?, s:s?}",
	    "id", id, "version", 1, "docno", docno, "issuer", issuer,
	    "agency", agency, "title", title, "signed_on", "2025-11-01",
	    "disclosure", disclosure, "flags", fl, "status", status,
	    "status_on", "repealed_by", "hold", 0, "next_review", next_review,
	    "domain", domain);
	assert_non_null(rec);
	return rec;
}

static int
put_records(struct store *st, MDB_txn *txn, void *arg)
{
	json_t	*recs = arg, *r;
	size_t	 i;
	int	 rc;

	json_array_foreach(recs, i, r)
		if ((rc = store_put_record(st, txn, r)) != 0)
			return rc;
	return 0;
}


static int
put_events(struct store *st, MDB_txn *txn, void *arg)
{
	json_t	*evs = arg, *e, *line;
	char	*s;
	size_t	 i;
	int	 rc;

	json_array_foreach(evs, i, e) {
		line = json_object_get(e, "line");
		s = json_dumps(line, JSON_COMPACT | JSON_PRESERVE_ORDER);
		rc = store_put_event(st, txn, (uint64_t)json_integer_value(
		    json_object_get(e, "id")), (uint32_t)json_integer_value(
		    json_object_get(line, "seq")), s, strlen(s));
		free(s);
		if (rc != 0)
			return rc;
	}
	return 0;
}

static void
add_event(json_t *evs, uint64_t id, uint32_t seq, const char *time,
    const char *actor, const char *action, const char *from, const char *to)
{
	json_t *line;

	line = json_pack("{s:i, s:s, s:s, s:s, s:s?, s:s?, s:n, s:n}", "seq",
	    (int)seq, "time", time, "actor", actor, "action", action, "from",
	    from, "to", to, "reason", "related");
	assert_non_null(line);
	json_array_append_new(evs, json_pack("{s:I, s:o}", "id",
	    (json_int_t)id, "line", line));
}

static const char cleanup_json[] =
"{\n"
"  \"date\": \"2026-11-01\",\n"
"  \"runs\": [{\"at\": \"2026-11-01T03:00:00+08:00\", \"actor\": \"docketd\","
" \"cleaned\": 3, \"held\": 1}],\n"
"  \"documents\": [\n"
"    {\"id\": \"D000013\", \"docno\": \"淄财〔2019〕5号\", \"title\": "
"\"关于旧办法的通知\", \"issuer\": \"淄博市财政局\", \"status\": \"repealed\","
" \"kind\": \"废止\", \"date\": \"2026-10-20\", \"repealed_by\": {\"id\": "
"\"D000014\", \"docno\": \"淄财〔2026〕9号\", \"title\": \"新办法\"}},\n"
"    {\"id\": \"D000015\", \"docno\": \"淄教〔2020〕2号\", \"title\": "
"\"临时措施\", \"issuer\": \"淄博市教育局\", \"status\": \"expired\","
" \"kind\": \"失效\", \"date\": \"2026-10-31\", \"repealed_by\": null},\n"
"    {\"id\": \"D000099\", \"docno\": null, \"title\": \"档案外文件\","
" \"issuer\": \"某某局\", \"status\": \"expired\", \"kind\": \"失效\","
" \"date\": \"2026-10-30\", \"repealed_by\": null}\n"
"  ]\n"
"}\n";

static int
setup(void **state)
{
	struct fx	*f;
	json_t		*recs, *evs;
	char		 err[256], commit[VAULT_OID_HEX], t[32];
	int		 i;

	f = calloc(1, sizeof(*f));
	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/docket-report-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->vpath, sizeof(f->vpath), "%s/vault", f->dir);
	snprintf(f->dbpath, sizeof(f->dbpath), "%s/db", f->dir);
	if (store_open(&f->st, f->dbpath, 0, 16 << 20, err, sizeof(err)) != 0)
		fail_msg("store_open: %s", err);
	if (vault_open(&f->vt, f->vpath, 1, err, sizeof(err)) != 0)
		fail_msg("vault_open: %s", err);

	recs = json_array();
	/* Finance: overdue, due soon, due later, public (not reviewed). */
	json_array_append_new(recs, mkrec(1, FIN, FIN, "淄财〔2025〕1号",
	    T_QUOTE, "withheld", "in_force", "2026-11-01", "财政", NULL));
	json_array_append_new(recs, mkrec(2, FIN, FIN, "淄财〔2025〕22号",
	    "关于预算公开的通知", "withheld", "in_force", "2026-12-10", "财政",
	    NULL));
	json_array_append_new(recs, mkrec(3, FIN, FIN, "淄财〔2025〕3号",
	    "关于资产管理的意见", "withheld", "in_force", "2027-03-01", "财政",
	    NULL));
	json_array_append_new(recs, mkrec(4, FIN, FIN, "淄财〔2025〕4号",
	    "公开文件", "public", "in_force", "2026-11-15", "财政", NULL));
	/* Education: on_request (by its issuer's [agency]), cleaned,
	 * overdue flagged. */
	json_array_append_new(recs, mkrec(5, EDU, EDU, "淄教〔2025〕5号",
	    "依申请公开的文件", "on_request", "in_force", "2026-11-20", "教育",
	    NULL));
	json_array_append_new(recs, mkrec(6, EDU, EDU, "淄教〔2025〕6号",
	    "已清理的文件", "withheld", "cleaned", "2026-11-10", "教育",
	    "missing_reason"));
	json_array_append_new(recs, mkrec(7, EDU, EDU, "淄教〔2025〕7号",
	    T_NL, "withheld", "in_force", "2026-10-01", "教育",
	    "review_overdue"));
	/* Compliance. */
	json_array_append_new(recs, mkrec(8, FIN, FIN, NULL,
	    "未确定属性的文件", "undetermined", "in_force", NULL, NULL,
	    "no_docno"));
	json_array_append_new(recs, mkrec(9, FIN, FIN, "淄财〔2025〕9号",
	    "缺理由的文件", "withheld", "in_force", NULL, "财政",
	    "missing_reason"));
	json_array_append_new(recs, mkrec(10, EDU, EDU, "淄教〔2025〕10号",
	    "标注冲突的文件", "public", "in_force", NULL, "教育",
	    "conflicting_markings,no_date"));
	json_array_append_new(recs, mkrec(11, FIN, FIN, "淄财〔2025〕11号",
	    "已清理未确定", "undetermined", "cleaned", NULL, NULL, NULL));
	json_array_append_new(recs, mkrec(12, NULL, NULL, NULL,
	    "无机关文件", "public", "in_force", NULL, NULL, "no_date"));
	/* Cleanup. */
	json_array_append_new(recs, mkrec(13, FIN, FIN, "淄财〔2019〕5号",
	    "关于旧办法的通知", "public", "cleaned", NULL, "财政", NULL));
	json_array_append_new(recs, mkrec(14, FIN, FIN, "淄财〔2026〕9号",
	    "新办法", "public", "in_force", NULL, "财政", NULL));
	json_array_append_new(recs, mkrec(15, EDU, EDU, "淄教〔2020〕2号",
	    "临时措施", "public", "cleaned", NULL, "教育", NULL));
	assert_int_equal(store_write(f->st, put_records, recs), 0);
	json_decref(recs);

	evs = json_array();
	add_event(evs, 1, 1, "2026-11-10T09:00:00+08:00", "docketd",
	    "register", NULL, "withheld");		/* before since */
	add_event(evs, 1, 2, "2026-11-21T10:00:00+08:00", "zhang", "mark",
	    "undetermined", "withheld");
	add_event(evs, 7, 1, "2026-11-22T03:00:00+08:00", "docketd",
	    "review_overdue", "2026-10-01", NULL);
	add_event(evs, 2, 1, "2026-11-25T15:30:00+08:00", "li", "review_keep",
	    "2026-11-25", "2027-11-25");
	add_event(evs, 15, 1, "2026-11-29T00:00:01+08:00", "docketd",
	    "expire", "in_force", "expired");		/* after as_of */
	for (i = 1; i <= 55; i++) {
		snprintf(t, sizeof(t), "2026-11-23T08:%02d:00+08:00", i);
		add_event(evs, 9, (uint32_t)i, t, "docketd", "version", "v1",
		    "v2");
	}
	assert_int_equal(store_write(f->st, put_events, evs), 0);
	json_decref(evs);

	if (vault_stage(f->vt, "cleanup/2026-11-01.json", cleanup_json,
	    strlen(cleanup_json), err, sizeof(err)) != 0 ||
	    vault_commit(f->vt, "cleanup 2026-11-01\n", commit, NULL, err,
	    sizeof(err)) != 0)
		fail_msg("vault: %s", err);
	assert_int_equal(store_txn_read(f->st, &f->txn), 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*f = *state;
	char		 cmd[128];
	int		 rc;

	store_txn_end(f->txn);
	vault_close(f->vt);
	store_close(f->st);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	rc = system(cmd);
	free(f);
	return rc;
}

/* --- helpers ------------------------------------------------------------ */

static void
opts_init(struct report_opts *o, const char *kind)
{
	memset(o, 0, sizeof(*o));
	o->kind = kind;
	snprintf(o->as_of, sizeof(o->as_of), "%s", ASOF);
}

static json_t *
build(struct fx *f, const struct report_opts *o)
{
	char	 err[256] = "";
	json_t	*r;

	r = report_build(f->st, f->txn, f->vt, o, err, sizeof(err));
	if (r == NULL)
		fail_msg("report_build: %s", err);
	return r;
}

static char *
render(json_t *r, const char *agency, const char *format)
{
	char	 err[256] = "", *s;
	size_t	 len = 0;

	s = report_render(r, agency, format, &len, err, sizeof(err));
	if (s == NULL)
		fail_msg("report_render: %s", err);
	assert_int_equal(strlen(s), len);
	/* REPORT_DUMP=1 shows what the tests see. */
	if (getenv("REPORT_DUMP") != NULL)
		fprintf(stderr, "--- %s %s\n%s", agency ? agency : "(all)",
		    format, s);
	return s;
}

static json_t *
part(json_t *r, const char *agency)
{
	return json_object_get(json_object_get(r, "agencies"), agency);
}

static json_t *
items(json_t *r, const char *agency)
{
	return json_object_get(part(r, agency), "items");
}

static const char *
sget(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static json_int_t
iget(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* The line of s that starts with prefix (a copy), or NULL. */
static char *
line_starting(const char *s, const char *prefix)
{
	const char	*p = s, *e;

	while (*p) {
		e = strchr(p, '\n');
		if (e == NULL)
			e = p + strlen(p);
		if (strncmp(p, prefix, strlen(prefix)) == 0)
			return strndup(p, (size_t)(e - p));
		p = *e ? e + 1 : e;
	}
	return NULL;
}

/* Display column where needle starts in line. */
static size_t
column_of(const char *line, const char *needle)
{
	const char *p = strstr(line, needle);

	if (p == NULL)
		fail_msg("'%s' not in line '%s'", needle, line);
	return width_strn(line, (size_t)(p - line));
}

/* --- tests -------------------------------------------------------------- */

/* report_names.c lists the kinds of report.c's table, in its order. */
static void
test_kind_names(void **state)
{
	const struct report_kind	*k;
	size_t				 i;

	(void)state;
	for (i = 0; report_kind_name(i) != NULL; i++) {
		assert_non_null(k = report_kind_find(report_kind_name(i)));
		assert_string_equal(k->name, report_kind_name(i));
		assert_true(report_kind_known(report_kind_name(i)));
	}
	assert_int_equal(i, 5);
	assert_false(report_kind_known("nosuch"));
}

static void
test_agency(void **state)
{
	json_t *r;

	r = json_pack("{s:s, s:s}", "agency", "文件夹机关", "issuer",
	    "发文机关");
	assert_string_equal(report_agency(r), "文件夹机关");
	/* No agency stored (no folder, no [agency] maps the issuer): none,
	 * whatever the issuer. */
	json_object_set_new(r, "agency", json_null());
	assert_string_equal(report_agency(r), "（未署机关）");
	json_decref(r);
}

static void
test_review(void **state)
{
	struct fx		*f = *state;
	struct report_opts	 o;
	json_t			*r, *it, *a;

	opts_init(&o, "review");
	r = build(f, &o);
	assert_string_equal(sget(r, "kind"), "review");
	assert_string_equal(sget(r, "as_of"), ASOF);
	assert_true(json_is_null(json_object_get(r, "generated_for")));
	assert_int_equal(iget(r, "within_days"), 30);
	assert_string_equal(sget(r, "until"), "2026-12-28");

	/* Finance: D000001 overdue, then D000002; D000003 (2027) and the
	 * public D000004 are not there. */
	assert_int_equal(json_array_size(items(r, FIN)), 2);
	it = json_array_get(items(r, FIN), 0);
	assert_string_equal(sget(it, "id"), "D000001");
	assert_string_equal(sget(it, "docno"), "淄财〔2025〕1号");
	assert_string_equal(sget(it, "title"), T_QUOTE);
	assert_string_equal(sget(it, "signed_on"), "2025-11-01");
	assert_string_equal(sget(it, "next_review"), "2026-11-01");
	assert_int_equal(iget(it, "days_overdue"), 27);
	assert_true(json_is_true(json_object_get(it, "overdue")));
	assert_string_equal(sget(json_object_get(it, "command"), "keep"),
	    "docketctl review D000001 keep --reason '…'");
	assert_string_equal(sget(json_object_get(it, "command"), "release"),
	    "docketctl review D000001 release --to public --reason '…'");
	it = json_array_get(items(r, FIN), 1);
	assert_string_equal(sget(it, "id"), "D000002");
	assert_int_equal(iget(it, "days_overdue"), 0);
	assert_true(json_is_false(json_object_get(it, "overdue")));
	assert_int_equal(iget(part(r, FIN), "due"), 2);
	assert_int_equal(iget(part(r, FIN), "overdue"), 1);

	/* Education: only D000007 (on_request D000005 without the policy,
	 * cleaned D000006 never). */
	assert_int_equal(json_array_size(items(r, EDU)), 1);
	it = json_array_get(items(r, EDU), 0);
	assert_string_equal(sget(it, "id"), "D000007");
	assert_int_equal(iget(it, "days_overdue"), 58);
	assert_true(json_is_true(json_object_get(it, "past_grace")));

	assert_int_equal(iget(json_object_get(r, "totals"), "due"), 3);
	assert_int_equal(iget(json_object_get(r, "totals"), "overdue"), 2);
	assert_int_equal(iget(json_object_get(r, "totals"), "agencies"), 2);
	a = report_agencies(r);
	assert_int_equal(json_array_size(a), 2);
	/* Sorted: 淄博市教 (U+6559) before 淄博市财 (U+8D22). */
	assert_string_equal(json_string_value(json_array_get(a, 0)), EDU);
	assert_string_equal(json_string_value(json_array_get(a, 1)), FIN);
	json_decref(a);
	assert_false(report_empty(r, NULL));
	assert_false(report_empty(r, FIN));
	assert_true(report_empty(r, "不存在的机关"));
	json_decref(r);
}

static void
test_review_policy_window(void **state)
{
	struct fx		*f = *state;
	struct report_opts	 o;
	struct lc_policy	 p;
	json_t			*r, *it;

	lc_policy_default(&p);
	p.review_on_request = 1;
	opts_init(&o, "review");
	o.policy = &p;
	r = build(f, &o);
	/* Oldest first: D000007 (10-01) then D000005 (11-20). */
	assert_int_equal(json_array_size(items(r, EDU)), 2);
	assert_string_equal(sget(json_array_get(items(r, EDU), 0), "id"),
	    "D000007");
	it = json_array_get(items(r, EDU), 1);
	assert_string_equal(sget(it, "id"), "D000005");
	assert_int_equal(iget(it, "days_overdue"), 8);
	assert_int_equal(iget(json_object_get(r, "totals"), "due"), 4);
	json_decref(r);

	opts_init(&o, "review");
	o.within_days = 120;
	r = build(f, &o);
	assert_int_equal(json_array_size(items(r, FIN)), 3);
	assert_string_equal(sget(json_array_get(items(r, FIN), 2), "id"),
	    "D000003");
	json_decref(r);

	/* Nothing due by then. */
	opts_init(&o, "review");
	snprintf(o.as_of, sizeof(o.as_of), "2020-01-01");
	o.within_days = 1;
	r = build(f, &o);
	assert_true(report_empty(r, NULL));
	assert_true(report_empty(r, FIN));
	assert_int_equal(json_array_size(json_object_get(r, "agencies")), 0);
	json_decref(r);
}

static void
test_review_agency(void **state)
{
	struct fx		*f = *state;
	struct report_opts	 o;
	json_t			*r, *a, *j;
	char			*s;
	json_error_t		 jerr;

	opts_init(&o, "review");
	o.agency = FIN;
	r = build(f, &o);
	assert_string_equal(sget(r, "generated_for"), FIN);
	assert_int_equal(json_object_size(json_object_get(r, "agencies")), 1);
	assert_null(part(r, EDU));
	assert_int_equal(iget(json_object_get(r, "totals"), "due"), 2);
	assert_int_equal(iget(json_object_get(r, "totals"), "overdue"), 1);
	assert_false(report_empty(r, FIN));
	assert_true(report_empty(r, EDU));
	a = report_agencies(r);
	assert_int_equal(json_array_size(a), 1);
	assert_string_equal(json_string_value(json_array_get(a, 0)), FIN);
	json_decref(a);
	json_decref(r);

	/* One agency's part of a whole report, as JSON. */
	opts_init(&o, "review");
	r = build(f, &o);
	s = render(r, EDU, "json");
	j = json_loads(s, 0, &jerr);
	assert_non_null(j);
	assert_string_equal(sget(j, "generated_for"), EDU);
	assert_int_equal(json_object_size(json_object_get(j, "agencies")), 1);
	assert_int_equal(iget(json_object_get(j, "totals"), "due"), 1);
	assert_int_equal(iget(json_object_get(j, "totals"), "overdue"), 1);
	json_decref(j);
	free(s);
	json_decref(r);
}

/* Every row's title starts at the header's 标题 column. */
static void
check_title_column(const char *text, json_t *its)
{
	json_t	*it;
	char	*hdr, *line, prefix[32], *want, *p;
	size_t	 col, i;

	hdr = line_starting(text, "编号");
	assert_non_null(hdr);
	col = column_of(hdr, "标题");
	json_array_foreach(its, i, it) {
		snprintf(prefix, sizeof(prefix), "%s ", sget(it, "id"));
		line = line_starting(text, prefix);
		assert_non_null(line);
		want = strdup(sget(it, "title"));
		for (p = want; *p; p++)
			if (*p == '\n')
				*p = ' ';
		assert_int_equal(column_of(line, want), col);
		free(want);
		free(line);
	}
	free(hdr);
}

static void
test_review_text(void **state)
{
	struct fx		*f = *state;
	struct report_opts	 o;
	json_t			*r;
	char			*s, *line;
	const char		*d1, *d2;

	opts_init(&o, "review");
	r = build(f, &o);

	s = render(r, FIN, "text");
	assert_non_null(strstr(s, FIN " 政务公开定期审查提醒"
	    "（截至2026年11月28日）\n"));
	assert_non_null(strstr(s, "待审查 2 件，其中已逾期 1 件"));
	check_title_column(s, items(r, FIN));
	/* Overdue first; each row with its two commands. */
	d1 = strstr(s, "D000001 ");
	d2 = strstr(s, "D000002 ");
	assert_non_null(d1);
	assert_non_null(d2);
	assert_true(d1 < d2);
	/* For a secretary: what to ask the administrator for, never a
	 * command to type. */
	assert_null(strstr(s, "docketctl"));
	assert_non_null(strstr(s, "档案管理员"));
	line = line_starting(s, "D000001 ");
	assert_non_null(strstr(line, "27"));
	free(line);
	assert_null(strstr(s, EDU));
	assert_null(strchr(s, '\r'));
	free(s);

	/* The whole report: both agencies, the newline title on one line. */
	s = render(r, NULL, "text");
	assert_true(strncmp(s, "政务公开定期审查提醒（截至2026年11月28日）\n",
	    strlen("政务公开定期审查提醒（截至2026年11月28日）\n")) == 0);
	assert_non_null(strstr(s, "【" FIN "】"));
	assert_non_null(strstr(s, "【" EDU "】"));
	assert_non_null(strstr(s, "已逾期"));
	line = line_starting(s, "D000007 ");
	assert_non_null(line);
	assert_non_null(strstr(line, "关于教育经费的 补充通知"));
	free(line);
	assert_null(strstr(s, "的\n补充"));
	check_title_column(s, items(r, EDU));
	free(s);
	json_decref(r);

	/* Nothing due. */
	opts_init(&o, "review");
	snprintf(o.as_of, sizeof(o.as_of), "2020-01-01");
	r = build(f, &o);
	s = render(r, NULL, "text");
	assert_non_null(strstr(s, "没有待审查的文件"));
	free(s);
	json_decref(r);
}

static void
test_review_html(void **state)
{
	struct fx		*f = *state;
	struct report_opts	 o;
	json_t			*r;
	char			*s;

	opts_init(&o, "review");
	r = build(f, &o);
	s = render(r, FIN, "html");
	assert_non_null(strstr(s, "<meta charset=\"utf-8\">"));
	assert_non_null(strstr(s, "<table"));
	assert_non_null(strstr(s, "<th>编号</th>"));
	assert_non_null(strstr(s, "<td>D000001</td>"));
	/* Every value escaped: the quoted title keeps its quotes as
	 * entities, whole (HTML cells are not cut). */
	assert_non_null(strstr(s, "<td>关于&quot;十四五&quot;,财政规划的通知"
	    "</td>"));
	assert_null(strstr(s, "docketctl"));
	assert_null(strstr(s, EDU));
	free(s);
	json_decref(r);
}

static void
test_review_csv(void **state)
{
	struct fx		*f = *state;
	struct report_opts	 o;
	json_t			*r;
	char			*s;
	const char		*p;

	opts_init(&o, "review");
	r = build(f, &o);
	s = render(r, NULL, "csv");
	/* A UTF-8 BOM first, for Excel on Chinese Windows. */
	assert_true(strncmp(s, "\xef\xbb\xbf机关,编号,文号,标题,成文日期,审查期限,"
	    "逾期天数,是否逾期\r\n", strlen("\xef\xbb\xbf机关,编号,"
	    "文号,标题,成文日期,审查期限,逾期天数,是否逾期\r\n")) == 0);
	assert_non_null(strstr(s, "\r\n" FIN ",D000001,淄财〔2025〕1号,"
	    "\"关于\"\"十四五\"\",财政规划的通知\",2025-11-01,2026-11-01,27,是"
	    "\r\n"));
	assert_null(strstr(s, "docketctl"));
	assert_non_null(strstr(s, "\r\n" EDU ",D000007,淄教〔2025〕7号,"
	    "关于教育经费的 补充通知,"));
	/* Every LF ends a record: CRLF only. */
	for (p = s; (p = strchr(p, '\n')) != NULL; p++)
		assert_true(p > s && p[-1] == '\r');
	/* Header and three rows. */
	{
		size_t n = 0;

		for (p = s; (p = strchr(p, '\n')) != NULL; p++)
			n++;
		assert_int_equal(n, 4);
	}
	free(s);
	json_decref(r);
}

static void
test_subject(void **state)
{
	struct fx		*f = *state;
	struct report_opts	 o;
	json_t			*r;
	char			 buf[256], small[40];
	size_t			 i;

	opts_init(&o, "review");
	r = build(f, &o);
	report_subject(r, FIN, buf, sizeof(buf));
	assert_string_equal(buf, "【政务公开】淄博市财政局 定期审查提醒："
	    "待审查 2 件（逾期 1 件）（2026年11月28日）");
	/* Cut on a character boundary, never a broken character. */
	report_subject(r, FIN, small, sizeof(small));
	assert_true(strlen(small) < sizeof(small));
	assert_true(strncmp(buf, small, strlen(small)) == 0);
	assert_true(strlen(small) > 0);
	assert_true(((unsigned char)buf[strlen(small)] & 0xc0) != 0x80);
	report_subject(r, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "【政务公开】定期审查提醒：待审查 3 件"
	    "（逾期 2 件）（2026年11月28日）");
	json_decref(r);

	/* An agency name with a newline stays on the line. */
	r = json_pack("{s:s, s:s, s:s, s:{s:i, s:i}, s:{}}", "kind", "review",
	    "as_of", ASOF, "generated_for", "某\r\n局", "totals", "due", 0,
	    "overdue", 0, "agencies");
	report_subject(r, NULL, buf, sizeof(buf));
	for (i = 0; buf[i]; i++)
		assert_true(buf[i] != '\r' && buf[i] != '\n');
	assert_non_null(strstr(buf, "待审查 0 件"));
	json_decref(r);
}

static void
test_compliance(void **state)
{
	struct fx		*f = *state;
	struct report_opts	 o;
	json_t			*r, *secs, *c;
	char			*s, *line;

	opts_init(&o, "compliance");
	r = build(f, &o);
	secs = json_object_get(part(r, FIN), "sections");
	assert_int_equal(json_array_size(json_object_get(secs, "undetermined")),
	    1);	/* D000011 is cleaned */
	assert_string_equal(sget(json_array_get(json_object_get(secs,
	    "undetermined"), 0), "id"), "D000008");
	assert_int_equal(json_array_size(json_object_get(secs, "no_docno")), 1);
	assert_int_equal(json_array_size(json_object_get(secs,
	    "missing_reason")), 1);
	assert_string_equal(sget(json_array_get(json_object_get(secs,
	    "missing_reason"), 0), "id"), "D000009");
	/* D000008 counts once though it is in two sections. */
	assert_int_equal(iget(part(r, FIN), "documents"), 2);

	secs = json_object_get(part(r, EDU), "sections");
	/* D000006 (cleaned) is not missing a reason any more. */
	assert_int_equal(json_array_size(json_object_get(secs,
	    "missing_reason")), 0);
	assert_int_equal(json_array_size(json_object_get(secs,
	    "conflicting_markings")), 1);
	assert_int_equal(json_array_size(json_object_get(secs,
	    "review_overdue")), 1);
	assert_int_equal(json_array_size(json_object_get(secs, "no_date")), 1);
	c = json_object_get(part(r, EDU), "counts");
	assert_int_equal(iget(c, "no_date"), 1);
	assert_int_equal(iget(c, "review_overdue"), 1);
	assert_int_equal(iget(part(r, EDU), "documents"), 2);

	/* No agency, no issuer. */
	assert_non_null(part(r, "（未署机关）"));
	assert_int_equal(iget(json_object_get(part(r, "（未署机关）"),
	    "counts"), "no_date"), 1);
	c = json_object_get(json_object_get(r, "totals"), "counts");
	assert_int_equal(iget(c, "no_date"), 2);
	assert_int_equal(iget(c, "undetermined"), 1);
	assert_int_equal(iget(json_object_get(r, "totals"), "documents"), 5);

	s = render(r, FIN, "text");
	assert_non_null(strstr(s, FIN " 政务公开合规检查"
	    "（截至2026年11月28日）"));
	assert_non_null(strstr(s, "未确定公开属性 1 件"));
	assert_non_null(strstr(s, "缺少不予公开理由 1 件"));
	assert_non_null(strstr(s, "缺少文号 1 件"));
	assert_non_null(strstr(s, "一、未确定公开属性（1 件）"));
	line = line_starting(s, "D000008 ");
	assert_non_null(line);
	assert_non_null(strstr(line, "未确定属性的文件"));
	free(line);
	free(s);
	s = render(r, NULL, "csv");
	assert_non_null(strstr(s, FIN ",未确定公开属性,D000008,,"
	    "未确定属性的文件,2025-11-01\r\n"));
	assert_non_null(strstr(s, EDU ",公开属性标注冲突,D000010,"));
	free(s);
	json_decref(r);

	opts_init(&o, "compliance");
	o.agency = EDU;
	r = build(f, &o);
	assert_int_equal(json_object_size(json_object_get(r, "agencies")), 1);
	assert_int_equal(iget(json_object_get(r, "totals"), "documents"), 2);
	json_decref(r);

	/* Without o.annual, nothing of the annual report. */
	opts_init(&o, "compliance");
	r = build(f, &o);
	assert_null(json_object_get(part(r, FIN), "annual_report"));
	assert_null(json_object_get(part(r, FIN), "annual_report_due"));
	assert_null(json_object_get(json_object_get(r, "totals"),
	    "annual_report_late"));
	s = render(r, NULL, "text");
	assert_null(strstr(s, "年度报告"));
	free(s);
	json_decref(r);
}

/* A published report of 2025 in the vault: annual/2025/SLUG.json. */
static void
publish_annual(struct fx *f, const char *agency, const char *first,
    const char *checks)
{
	char	slug[SITE_PATH_MAX], path[SITE_PATH_MAX + 32], err[256];
	char	commit[VAULT_OID_HEX], *js;

	site_agency_slug(agency, NULL, slug);
	snprintf(path, sizeof(path), "annual/2025/%s.json", slug);
	assert_true(asprintf(&js, "{\"year\": 2025, \"agency\": \"%s\", "
	    "\"published_on\": \"2026-02-10\", \"first_published_on\": "
	    "\"%s\", \"checks\": %s}", agency, first, checks) > 0);
	if (vault_stage(f->vt, path, js, strlen(js), err, sizeof(err)) != 0 ||
	    vault_commit(f->vt, "annual-report 2025\n", commit, NULL, err,
	    sizeof(err)) != 0)
		fail_msg("vault: %s", err);
	free(js);
}

static json_t *
annual_of(json_t *r, const char *agency)
{
	return json_object_get(part(r, agency), "annual_report");
}

/*
 * o.annual set: every agency with a document by 2025-12-31 has its 2025
 * report due on 2026-01-31 (report_annual_stub.c's config_annual_due
 * until the merge; then [annual_report]'s default); published (the
 * vault's snapshot, first_published_on) or not, checks from the snapshot
 * or the report built now (the stub's: none, so they pass).
 */

/* docketd.conf's [annual_report] defaults (01-31, 03-31). */
static struct config *
annual_cf(void)
{
	static struct config	cf;
	static int		done;

	if (!done) {
		config_annual_defaults(&cf);
		done = 1;
	}
	return &cf;
}

static void
test_compliance_annual(void **state)
{
	struct fx		*f = *state;
	struct report_opts	 o;
	json_t			*r, *a;
	char			*s, *line, subj[512];

	publish_annual(f, FIN, "2026-01-15", "[{\"name\": \"table3_total\", "
	    "\"ok\": true, \"detail\": \"\"}, {\"name\": "
	    "\"table2_regulation\", \"ok\": false, \"detail\": \"D000001\"}]");

	/* 20 January: 11 days left. */
	opts_init(&o, "compliance");
	snprintf(o.as_of, sizeof(o.as_of), "2026-01-20");
	o.annual = report_annual_conf(annual_cf());
	r = build(f, &o);
	a = annual_of(r, EDU);
	assert_non_null(a);
	assert_int_equal(iget(a, "year"), 2025);
	assert_string_equal(sget(a, "due"), "2026-01-31");
	assert_int_equal(iget(a, "days_left"), 11);
	assert_true(json_is_null(json_object_get(a, "published_on")));
	assert_true(json_is_true(json_object_get(a, "checks_ok")));
	assert_int_equal(json_array_size(json_object_get(a, "failed")), 0);
	assert_int_equal(json_array_size(json_object_get(a, "flags")), 0);
	assert_int_equal(iget(part(r, EDU), "annual_report_due"), 1);
	assert_int_equal(iget(part(r, EDU), "annual_report_late"), 0);
	a = annual_of(r, FIN);
	assert_non_null(a);
	assert_string_equal(sget(a, "published_on"), "2026-01-15");
	assert_true(json_is_false(json_object_get(a, "checks_ok")));
	assert_int_equal(json_array_size(json_object_get(a, "failed")), 1);
	assert_string_equal(json_string_value(json_array_get(
	    json_object_get(a, "failed"), 0)), "table2_regulation");
	assert_int_equal(iget(part(r, FIN), "annual_report_due"), 0);
	/* No agency: no annual report. */
	assert_null(annual_of(r, "（未署机关）"));
	/* The government's own report: due 31 March. */
	a = annual_of(r, "全市");
	assert_non_null(a);
	assert_string_equal(sget(a, "due"), "2026-03-31");
	assert_int_equal(iget(a, "days_left"), 70);
	assert_int_equal(json_array_size(json_object_get(a, "flags")), 0);
	assert_int_equal(iget(json_object_get(r, "totals"),
	    "annual_report_due"), 1);
	assert_int_equal(iget(json_object_get(r, "totals"),
	    "annual_report_late"), 0);
	s = render(r, EDU, "text");
	line = line_starting(s, "2025年");
	assert_non_null(line);
	assert_string_equal(line, "2025年政府信息公开工作年度报告：应于 "
	    "2026-01-31 前发布，还有 11 天；勾稽关系：通过");
	free(line);
	free(s);
	s = render(r, FIN, "text");
	line = line_starting(s, "2025年");
	assert_non_null(line);
	assert_string_equal(line, "2025年政府信息公开工作年度报告：已于 "
	    "2026-01-15 发布；勾稽关系：未通过（table2_regulation）");
	free(line);
	free(s);
	s = render(r, NULL, "text");
	assert_non_null(strstr(s, "年度报告待发布 1 个机关"));
	free(s);
	s = render(r, NULL, "csv");
	assert_non_null(strstr(s, EDU ",年度报告待发布,,,"
	    "2025年政府信息公开工作年度报告,2026-01-31\r\n"));
	assert_null(strstr(s, FIN ",年度报告"));
	free(s);
	report_subject(r, EDU, subj, sizeof(subj));
	if (strstr(subj, "年度报告待发布 1 个") == NULL)
		fail_msg("subject: %s", subj);
	json_decref(r);

	/* docketd's mailer builds no unpublished report in its loop: the
	 * same dates, its checks not known. */
	opts_init(&o, "compliance");
	snprintf(o.as_of, sizeof(o.as_of), "2026-01-20");
	o.annual = report_annual_conf(annual_cf());
	o.annual_published_only = 1;
	r = build(f, &o);
	a = annual_of(r, EDU);
	assert_int_equal(iget(a, "days_left"), 11);
	assert_true(json_is_null(json_object_get(a, "checks_ok")));
	assert_int_equal(iget(part(r, EDU), "annual_report_due"), 1);
	assert_true(json_is_false(json_object_get(annual_of(r, FIN),
	    "checks_ok")));
	s = render(r, EDU, "text");
	line = line_starting(s, "2025年");
	assert_string_equal(line, "2025年政府信息公开工作年度报告：应于 "
	    "2026-01-31 前发布，还有 11 天；勾稽关系：尚未检查（发布时检查）");
	free(line);
	free(s);
	json_decref(r);

	/* 2 February: the unpublished one is late; the one published on
	 * time is not. */
	opts_init(&o, "compliance");
	snprintf(o.as_of, sizeof(o.as_of), "2026-02-02");
	o.annual = report_annual_conf(annual_cf());
	r = build(f, &o);
	a = annual_of(r, EDU);
	assert_int_equal(iget(a, "days_left"), -2);
	assert_int_equal(json_array_size(json_object_get(a, "flags")), 1);
	assert_string_equal(json_string_value(json_array_get(
	    json_object_get(a, "flags"), 0)), "annual_report_late");
	assert_int_equal(iget(part(r, EDU), "annual_report_late"), 1);
	assert_int_equal(iget(part(r, EDU), "annual_report_due"), 0);
	assert_int_equal(json_array_size(json_object_get(annual_of(r, FIN),
	    "flags")), 0);
	assert_int_equal(iget(json_object_get(r, "totals"),
	    "annual_report_late"), 1);
	s = render(r, EDU, "text");
	line = line_starting(s, "2025年");
	assert_string_equal(line, "2025年政府信息公开工作年度报告：应于 "
	    "2026-01-31 前发布，已逾期 2 天未发布（annual_report_late）；"
	    "勾稽关系：通过");
	free(line);
	free(s);
	report_subject(r, NULL, subj, sizeof(subj));
	assert_non_null(strstr(subj, "年度报告逾期 1 个"));
	json_decref(r);

	/* Published late, later: still flagged; the agency filter. */
	publish_annual(f, EDU, "2026-02-03", "[]");
	opts_init(&o, "compliance");
	snprintf(o.as_of, sizeof(o.as_of), "2026-02-10");
	o.annual = report_annual_conf(annual_cf());
	o.agency = EDU;
	r = build(f, &o);
	assert_int_equal(json_object_size(json_object_get(r, "agencies")), 1);
	assert_null(annual_of(r, "全市"));
	assert_int_equal(iget(part(r, EDU), "annual_report_late"), 1);
	s = render(r, EDU, "text");
	line = line_starting(s, "2025年");
	assert_string_equal(line, "2025年政府信息公开工作年度报告：已于 "
	    "2026-02-03 发布，逾期 3 天（annual_report_late）；勾稽关系：通过");
	free(line);
	free(s);
	json_decref(r);

	/* Without a vault, what is published is not known: left out. */
	opts_init(&o, "compliance");
	o.annual = report_annual_conf(annual_cf());
	r = report_build(f->st, f->txn, NULL, &o, subj, sizeof(subj));
	assert_non_null(r);
	assert_null(annual_of(r, EDU));
	json_decref(r);
}

static void
test_summary(void **state)
{
	struct fx		*f = *state;
	struct report_opts	 o;
	json_t			*r, *t, *p, *ch;
	char			*s, buf[256];

	opts_init(&o, "summary");
	o.since = "2026-11-20T00:00:00";
	r = build(f, &o);
	t = json_object_get(r, "totals");
	assert_int_equal(iget(t, "records"), 15);
	assert_int_equal(iget(json_object_get(t, "disclosure"), "withheld"), 6);
	assert_int_equal(iget(json_object_get(t, "disclosure"), "public"), 6);
	assert_int_equal(iget(json_object_get(t, "disclosure"),
	    "undetermined"), 2);
	assert_int_equal(iget(json_object_get(t, "disclosure"), "on_request"),
	    1);
	assert_int_equal(iget(json_object_get(t, "status"), "cleaned"), 4);
	assert_int_equal(iget(json_object_get(t, "status"), "in_force"), 11);
	assert_int_equal(iget(json_object_get(t, "domain"), "财政"), 7);
	assert_int_equal(iget(json_object_get(t, "domain"), "教育"), 5);
	assert_int_equal(iget(json_object_get(t, "domain"), "（未分类）"), 3);

	/* Finance: the mark, 55 versions, the review; not the register
	 * before since. */
	p = part(r, FIN);
	assert_int_equal(iget(p, "changed"), 57);
	assert_int_equal(iget(json_object_get(p, "counts"), "version"), 55);
	assert_int_equal(iget(json_object_get(p, "counts"), "mark"), 1);
	assert_int_equal(iget(json_object_get(p, "counts"), "review_keep"), 1);
	assert_int_equal(iget(json_object_get(p, "counts"), "register"), 0);
	assert_int_equal(json_array_size(json_object_get(p, "changes")), 50);
	assert_int_equal(iget(p, "omitted"), 7);
	ch = json_array_get(json_object_get(p, "changes"), 0);
	assert_string_equal(sget(ch, "id"), "D000001");
	assert_string_equal(sget(ch, "action"), "mark");
	assert_string_equal(sget(ch, "from"), "undetermined");
	assert_string_equal(sget(ch, "to"), "withheld");
	assert_string_equal(sget(ch, "actor"), "zhang");
	assert_string_equal(sget(ch, "docno"), "淄财〔2025〕1号");
	/* Education: the overdue, not the expiry after as_of. */
	p = part(r, EDU);
	assert_int_equal(iget(p, "changed"), 1);
	assert_int_equal(iget(json_object_get(p, "counts"), "review_overdue"),
	    1);
	assert_int_equal(iget(json_object_get(p, "counts"), "expire"), 0);
	assert_int_equal(iget(t, "changed"), 58);

	s = render(r, FIN, "text");
	assert_non_null(strstr(s, FIN " 政务公开档案概况"
	    "（截至2026年11月28日）"));
	assert_non_null(strstr(s, "公开属性"));
	assert_non_null(strstr(s, "效力状态"));
	assert_non_null(strstr(s, "领域"));
	assert_non_null(strstr(s, "变动情况（自2026-11-20 00:00:00起）"));
	assert_non_null(strstr(s, "不予公开"));
	assert_non_null(strstr(s, "待定→不予公开"));
	assert_non_null(strstr(s, "另有 7 条未列出"));
	free(s);
	report_subject(r, EDU, buf, sizeof(buf));
	assert_string_equal(buf, "【政务公开】淄博市教育局 档案概况：变动 1 条"
	    "（2026年11月28日）");
	json_decref(r);

	/* No since: totals only, and the text says why. */
	opts_init(&o, "summary");
	r = build(f, &o);
	assert_true(json_is_null(json_object_get(r, "since")));
	assert_int_equal(json_object_size(json_object_get(r, "agencies")), 0);
	assert_true(report_empty(r, NULL));
	s = render(r, NULL, "text");
	assert_non_null(strstr(s, "不列变动情况"));
	free(s);
	json_decref(r);
}

static void
test_cleanup(void **state)
{
	struct fx		*f = *state;
	struct report_opts	 o;
	json_t			*r, *it, *cl;
	char			*s, buf[256], err[256];

	/* No result on or before as_of: a report saying so (never the
	 * later result of 2026-11-01). */
	opts_init(&o, "cleanup");
	snprintf(o.as_of, sizeof(o.as_of), "2026-10-31");
	r = build(f, &o);
	assert_true(json_is_null(json_object_get(json_object_get(r, "cleanup"),
	    "date")));
	assert_true(report_empty(r, NULL));
	s = render(r, NULL, "text");
	assert_non_null(strstr(s, "还没有清理结果"));
	free(s);
	json_decref(r);

	/* The result of that day. */
	opts_init(&o, "cleanup");
	snprintf(o.as_of, sizeof(o.as_of), "2026-11-01");
	r = build(f, &o);
	cl = json_object_get(r, "cleanup");
	assert_string_equal(sget(cl, "date"), "2026-11-01");
	assert_true(json_is_false(json_object_get(cl, "fallback")));
	assert_int_equal(iget(cl, "held"), 1);
	assert_int_equal(json_array_size(items(r, FIN)), 1);
	it = json_array_get(items(r, FIN), 0);
	assert_string_equal(sget(it, "kind"), "废止");
	assert_string_equal(sget(it, "date"), "2026-10-20");
	assert_string_equal(sget(json_object_get(it, "repealed_by"), "docno"),
	    "淄财〔2026〕9号");
	assert_string_equal(sget(json_object_get(it, "repealed_by"), "title"),
	    "新办法");
	it = json_array_get(items(r, EDU), 0);
	assert_string_equal(sget(it, "kind"), "失效");
	assert_true(json_is_null(json_object_get(it, "repealed_by")));
	/* Not in the index: its disclosure is unknown, so it is counted,
	 * never named. */
	assert_int_equal(json_array_size(items(r, "某某局")), 0);
	assert_int_equal(iget(cl, "undetermined_count"), 1);
	assert_int_equal(iget(json_object_get(r, "totals"), "cleaned"), 2);
	assert_int_equal(iget(json_object_get(r, "totals"), "expired"), 1);
	assert_int_equal(iget(json_object_get(r, "totals"), "repealed"), 1);
	s = render(r, FIN, "text");
	assert_non_null(strstr(s, FIN " 文件清理结果（2026年11月1日）"));
	assert_non_null(strstr(s, "失效 0 件，废止 1 件"));
	assert_non_null(strstr(s, "淄财〔2026〕9号 新办法"));
	check_title_column(s, items(r, FIN));
	free(s);
	s = render(r, NULL, "csv");
	assert_non_null(strstr(s, "\r\n" FIN ",D000013,淄财〔2019〕5号,"
	    "关于旧办法的通知,废止,2026-10-20,D000014,淄财〔2026〕9号,"
	    "新办法,\r\n"));
	free(s);
	report_subject(r, FIN, buf, sizeof(buf));
	assert_string_equal(buf, "【政务公开】淄博市财政局 文件清理结果："
	    "清理 1 件（失效 0 件，废止 1 件）（2026年11月1日）");
	json_decref(r);

	/* None on as_of: the latest before it, found in the vault. */
	opts_init(&o, "cleanup");
	r = build(f, &o);
	cl = json_object_get(r, "cleanup");
	assert_string_equal(sget(cl, "date"), "2026-11-01");
	assert_true(json_is_true(json_object_get(cl, "fallback")));
	assert_int_equal(iget(json_object_get(r, "totals"), "cleaned"), 2);
	s = render(r, NULL, "text");
	assert_non_null(strstr(s, "2026年11月28日没有进行清理，以下是最近"
	    "一次清理（2026年11月1日）的结果"));
	assert_non_null(strstr(s, "另有 1 件因冻结未清理"));
	assert_null(strstr(s, "档案外文件"));
	free(s);
	json_decref(r);

	/* Mailed before with its first two documents: only what came
	 * since — nothing public. */
	opts_init(&o, "cleanup");
	o.mailed = json_pack("{s:s, s:i, s:i}", "date", "2026-11-01", "runs",
	    1, "documents", 2);
	r = build(f, &o);
	json_decref(o.mailed);
	cl = json_object_get(r, "cleanup");
	assert_true(json_is_true(json_object_get(cl, "since_last_mail")));
	assert_true(report_empty(r, NULL));
	assert_int_equal(iget(cl, "undetermined_count"), 1);
	assert_int_equal(iget(json_object_get(cl, "state"), "documents"), 3);
	json_decref(r);
	/* Mailed on another day: all of it. */
	opts_init(&o, "cleanup");
	o.mailed = json_pack("{s:s, s:i}", "date", "2026-10-01", "documents",
	    2);
	r = build(f, &o);
	json_decref(o.mailed);
	assert_int_equal(iget(json_object_get(r, "totals"), "cleaned"), 2);
	json_decref(r);

	/* The vault is needed. */
	opts_init(&o, "cleanup");
	assert_null(report_build(f->st, f->txn, NULL, &o, err, sizeof(err)));
	assert_non_null(strstr(err, "vault"));
}

static void
test_errors(void **state)
{
	struct fx		*f = *state;
	struct report_opts	 o;
	json_t			*r;
	char			 err[256];

	opts_init(&o, "weekly");
	assert_null(report_build(f->st, f->txn, f->vt, &o, err, sizeof(err)));
	assert_non_null(strstr(err, "weekly"));
	assert_non_null(strstr(err, "review"));
	assert_non_null(strstr(err, "cleanup"));
	assert_non_null(strstr(err, "compliance"));
	assert_non_null(strstr(err, "summary"));

	opts_init(&o, "review");
	snprintf(o.as_of, sizeof(o.as_of), "2026-13-01");
	assert_null(report_build(f->st, f->txn, f->vt, &o, err, sizeof(err)));
	opts_init(&o, "review");
	o.within_days = -1;
	assert_null(report_build(f->st, f->txn, f->vt, &o, err, sizeof(err)));
	opts_init(&o, "summary");
	o.since = "yesterday";
	assert_null(report_build(f->st, f->txn, f->vt, &o, err, sizeof(err)));

	opts_init(&o, "review");
	r = build(f, &o);
	assert_null(report_render(r, NULL, "xml", NULL, err, sizeof(err)));
	assert_non_null(strstr(err, "xml"));
	json_decref(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test(test_agency),
		cmocka_unit_test_setup_teardown(test_review, setup, teardown),
		cmocka_unit_test_setup_teardown(test_review_policy_window,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_review_agency, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_review_text, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_review_csv, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_subject, setup, teardown),
		cmocka_unit_test_setup_teardown(test_review_html, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_compliance_annual, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_compliance, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_summary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cleanup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
