/*
 * Unit tests for the annual report's pure core: gongwen_kind_of (the
 * kind of a document for table 二), the accumulator of annual_count.c and
 * the cross-checks of annual_check.c.  The data is the hand-counted year
 * 2025 of ISSUE19-PLAN.md §5 (tests/data/annual/fixture-2025.json: seven
 * document records and the 28 applications as apply.c stores them after
 * phase C, 2026-01-20).  Every cell the plan lists for 财政局 is asserted
 * here, then the figures of 市政府 (whose published 2024 report counted
 * R2 as normative, so both table 二 checks fail and name R2) and of the
 * whole government; then one broken case per check.  The finished models
 * are compared with the golden files tests/data/annual/2025-*.json
 * (without as_of); DOCKET_GOLDEN_UPDATE=1 rewrites them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>

#include "annual.h"
#include "gongwen_kind.h"
#include "fixture.h"

static json_t	*fx;

static json_t *
load_fixture(void)
{
	json_error_t	 e;
	size_t		 len;
	char		*buf = fixture_read("annual/fixture-2025.json", &len);
	json_t		*j = json_loadb(buf, len, 0, &e);

	if (j == NULL)
		fail_msg("fixture-2025.json:%d: %s", e.line, e.text);
	free(buf);
	return j;
}

/* The application of applicant 申请人TAG (a05, e01, ...). */
static json_t *
app_of(const char *tag)
{
	json_t	*a;
	size_t	 i;
	char	 name[32];

	snprintf(name, sizeof(name), "申请人%s", tag);
	json_array_foreach(json_object_get(fx, "applications"), i, a)
		if (strcmp(json_string_value(json_object_get(a, "applicant")),
		    name) == 0)
			return a;
	fail_msg("no application %s", tag);
	return NULL;
}

static json_t *
doc_of(const char *id)
{
	json_t	*r;
	size_t	 i;

	json_array_foreach(json_object_get(fx, "records"), i, r)
		if (strcmp(json_string_value(json_object_get(r, "id")), id) ==
		    0)
			return r;
	fail_msg("no record %s", id);
	return NULL;
}

/*
 * The model of agency (NULL: the whole government) for 2025 from recs and
 * apps, with last (or none) as last year's report and the fixture's
 * entered values and notes; checks run.
 */
static json_t *
model_with(const char *agency, json_t *recs, json_t *apps, json_t *last)
{
	struct annual_opts	 o;
	struct annual		*a;
	json_t			*extra, *m, *v;
	size_t			 i;

	memset(&o, 0, sizeof(o));
	o.year = 2025;
	o.agency = agency;
	o.as_of = "2025-12-31";
	a = annual_new(&o);
	assert_non_null(a);
	json_array_foreach(recs, i, v)
		assert_int_equal(annual_add_doc(a, v), 0);
	json_array_foreach(apps, i, v)
		assert_int_equal(annual_add_app(a, v), 0);
	extra = json_object();
	if (agency != NULL) {
		json_object_set(extra, "entered", json_object_get(
		    json_object_get(fx, "entered"), agency));
		json_object_set(extra, "notes", json_object_get(
		    json_object_get(fx, "notes"), agency));
	}
	if (last != NULL)
		json_object_set(extra, "last_year", last);
	m = annual_finish(a, extra);
	assert_non_null(m);
	annual_free(a);
	json_decref(extra);
	json_object_set_new(m, "checks", annual_check_run(m));
	assert_true(json_is_array(json_object_get(m, "checks")));
	return m;
}

static json_t *
model(const char *agency, json_t *last)
{
	return model_with(agency, json_object_get(fx, "records"),
	    json_object_get(fx, "applications"), last);
}

/* The number at a path of keys ("applications.new.person"). */
static long
num(json_t *m, const char *path)
{
	char	 buf[256], *k, *save = NULL;
	json_t	*v = m;

	snprintf(buf, sizeof(buf), "%s", path);
	for (k = strtok_r(buf, ".", &save); k != NULL;
	    k = strtok_r(NULL, ".", &save)) {
		v = json_object_get(v, k);
		if (v == NULL)
			fail_msg("no %s (at %s)", path, k);
	}
	if (!json_is_integer(v))
		fail_msg("%s is not a number", path);
	return (long)json_integer_value(v);
}

/* Row path has person business research nonprofit legal other total. */
static void
row_is(json_t *m, const char *path, long p, long b, long r, long n, long l,
    long o, long t)
{
	const long	 want[ANNUAL_NCOLS] = { p, b, r, n, l, o, t };
	char		 k[256];
	int		 i;

	for (i = 0; i < ANNUAL_NCOLS; i++) {
		snprintf(k, sizeof(k), "applications.%s.%s", path,
		    annual_col_keys[i]);
		if (num(m, k) != want[i])
			fail_msg("%s = %ld, want %ld", k, num(m, k), want[i]);
	}
}

static json_t *
check_of(json_t *m, const char *name)
{
	json_t	*c;
	size_t	 i;

	json_array_foreach(json_object_get(m, "checks"), i, c)
		if (strcmp(json_string_value(json_object_get(c, "name")),
		    name) == 0)
			return c;
	fail_msg("no check %s", name);
	return NULL;
}

static int
check_ok(json_t *m, const char *name)
{
	return json_is_true(json_object_get(check_of(m, name), "ok"));
}

static const char *
check_detail(json_t *m, const char *name)
{
	return json_string_value(json_object_get(check_of(m, name), "detail"));
}

static void
assert_contains(const char *s, const char *sub)
{
	if (s == NULL || strstr(s, sub) == NULL)
		fail_msg("\"%s\" does not contain \"%s\"", s ? s : "(null)",
		    sub);
}

/* --- gongwen_kind ------------------------------------------------------- */

static void
test_kind(void **state)
{
	struct gongwen_kind_rule rules[3];
	const char	*why;
	json_t		*r;

	(void)state;
	assert_int_equal(gongwen_kind_of(doc_of("D000001"), NULL, 0, &why),
	    GW_KIND_NORMATIVE);
	assert_int_equal(gongwen_kind_of(doc_of("D000005"), NULL, 0, &why),
	    GW_KIND_REGULATION);
	assert_string_equal(why, "发文字号含“令”");
	assert_int_equal(gongwen_kind_of(doc_of("D000007"), NULL, 0, &why),
	    GW_KIND_OTHER);
	/* R2: normative by its title, regulation by its override. */
	assert_int_equal(gongwen_kind_inferred(doc_of("D000006"), NULL, 0,
	    &why), GW_KIND_NORMATIVE);
	assert_int_equal(gongwen_kind_of(doc_of("D000006"), NULL, 0, &why),
	    GW_KIND_REGULATION);
	assert_string_equal(why, "人工指定");

	r = json_pack("{s:s, s:s, s:s, s:s}", "docno", "鲁政字〔2025〕9号",
	    "title", "山东省人民政府令第 360 号", "issuer", "山东省人民政府",
	    "agency", "省政府");
	assert_int_equal(gongwen_kind_of(r, NULL, 0, NULL), GW_KIND_REGULATION);
	json_object_set_new(r, "title", json_string("山东省城镇燃气管理规定"));
	json_object_set_new(r, "doc_type", json_string("令"));
	assert_int_equal(gongwen_kind_of(r, NULL, 0, &why), GW_KIND_REGULATION);
	assert_string_equal(why, "人民政府发布的令");
	json_object_set_new(r, "doc_type", json_string("通知"));
	assert_int_equal(gongwen_kind_of(r, NULL, 0, NULL), GW_KIND_NORMATIVE);

	/* Rules: the agency's longest prefix, then the global one; the
	 * override still wins; "auto" infers. */
	memset(rules, 0, sizeof(rules));
	snprintf(rules[0].prefix, sizeof(rules[0].prefix), "淄财");
	rules[0].kind = GW_KIND_OTHER;
	snprintf(rules[1].agency, sizeof(rules[1].agency), "财政局");
	snprintf(rules[1].prefix, sizeof(rules[1].prefix), "淄财");
	rules[1].kind = GW_KIND_REGULATION;
	snprintf(rules[2].agency, sizeof(rules[2].agency), "财政局");
	snprintf(rules[2].prefix, sizeof(rules[2].prefix), "淄财规〔2025〕");
	rules[2].kind = GW_KIND_OTHER;
	assert_int_equal(gongwen_kind_of(doc_of("D000001"), rules, 3, &why),
	    GW_KIND_REGULATION);
	assert_string_equal(why, "本机关配置规则");
	assert_int_equal(gongwen_kind_of(doc_of("D000003"), rules, 3, NULL),
	    GW_KIND_OTHER);
	assert_int_equal(gongwen_kind_of(doc_of("D000001"), rules, 1, &why),
	    GW_KIND_OTHER);
	assert_string_equal(why, "配置规则");
	assert_int_equal(gongwen_kind_of(doc_of("D000007"), rules, 3, NULL),
	    GW_KIND_OTHER);
	json_object_set_new(r, "docno", json_string("淄财〔2025〕1号"));
	json_object_set_new(r, "agency", json_string("财政局"));
	json_object_set_new(r, "doc_kind", json_string("normative"));
	assert_int_equal(gongwen_kind_of(r, rules, 3, &why), GW_KIND_NORMATIVE);
	json_object_set_new(r, "doc_kind", json_string("auto"));
	assert_int_equal(gongwen_kind_of(r, rules, 3, NULL),
	    GW_KIND_REGULATION);
	json_decref(r);

	assert_string_equal(gongwen_kind_name(GW_KIND_NORMATIVE), "normative");
	assert_string_equal(gongwen_kind_label(GW_KIND_REGULATION), "规章");
	{
		enum gw_kind k;

		assert_int_equal(gongwen_kind_parse("regulation", &k), 0);
		assert_int_equal(k, GW_KIND_REGULATION);
		assert_int_equal(gongwen_kind_parse("auto", &k), -1);
		assert_int_equal(gongwen_kind_parse("bogus", &k), -1);
	}
}

/* --- 财政局 ------------------------------------------------------------- */

static void
test_finance(void **state)
{
	json_t *m = model("财政局", NULL);

	(void)state;
	assert_int_equal(num(m, "year"), 2025);
	assert_string_equal(json_string_value(json_object_get(m, "agency")),
	    "财政局");
	/* Table 三 (P B R N L O = total). */
	row_is(m, "new", 14, 3, 2, 2, 2, 1, 24);
	row_is(m, "carried_in", 0, 1, 0, 0, 0, 0, 1);
	row_is(m, "results.granted", 2, 1, 0, 0, 0, 0, 3);
	row_is(m, "results.partial", 1, 0, 0, 0, 0, 0, 1);
	row_is(m, "results.denied.state_secret", 0, 0, 1, 0, 0, 0, 1);
	row_is(m, "results.denied.law_forbids", 1, 0, 0, 0, 0, 0, 1);
	row_is(m, "results.denied.three_safeties", 0, 1, 0, 0, 0, 0, 1);
	row_is(m, "results.denied.third_party", 0, 0, 0, 0, 1, 0, 1);
	row_is(m, "results.denied.internal_affairs", 1, 0, 0, 0, 0, 0, 1);
	row_is(m, "results.denied.process_info", 0, 0, 0, 1, 0, 0, 1);
	row_is(m, "results.denied.enforcement_file", 1, 0, 0, 0, 0, 0, 1);
	row_is(m, "results.denied.query_matter", 0, 0, 0, 0, 0, 1, 1);
	row_is(m, "results.unavailable.not_held", 1, 0, 0, 0, 0, 0, 1);
	row_is(m, "results.unavailable.needs_creation", 0, 1, 0, 0, 0, 0, 1);
	row_is(m, "results.unavailable.unclear_after_correction", 1, 0, 0, 0,
	    0, 0, 1);
	row_is(m, "results.not_processed.petition", 1, 0, 0, 0, 0, 0, 1);
	row_is(m, "results.not_processed.repeat", 1, 0, 0, 0, 0, 0, 1);
	row_is(m, "results.not_processed.publication", 0, 0, 1, 0, 0, 0, 1);
	row_is(m, "results.not_processed.abusive", 1, 0, 0, 0, 0, 0, 1);
	row_is(m, "results.not_processed.confirm_request", 0, 1, 0, 0, 0, 0,
	    1);
	row_is(m, "results.other.withdrawn_no_correction", 1, 0, 0, 0, 0, 0,
	    1);
	row_is(m, "results.other.fee_unpaid", 1, 0, 0, 0, 0, 0, 1);
	row_is(m, "results.other.other", 0, 0, 0, 1, 0, 0, 1);
	row_is(m, "results.total", 13, 4, 2, 2, 1, 1, 23);
	row_is(m, "carried_out", 1, 0, 0, 0, 1, 0, 2);

	/* Table 四. */
	assert_int_equal(num(m, "appeals.review.upheld"), 1);
	assert_int_equal(num(m, "appeals.review.corrected"), 0);
	assert_int_equal(num(m, "appeals.review.other"), 1);
	assert_int_equal(num(m, "appeals.review.pending"), 1);
	assert_int_equal(num(m, "appeals.review.total"), 3);
	assert_int_equal(num(m, "appeals.lawsuit_direct.upheld"), 0);
	assert_int_equal(num(m, "appeals.lawsuit_direct.corrected"), 1);
	assert_int_equal(num(m, "appeals.lawsuit_direct.other"), 0);
	assert_int_equal(num(m, "appeals.lawsuit_direct.pending"), 0);
	assert_int_equal(num(m, "appeals.lawsuit_direct.total"), 1);
	assert_int_equal(num(m, "appeals.lawsuit_after_review.upheld"), 0);
	assert_int_equal(num(m, "appeals.lawsuit_after_review.corrected"), 0);
	assert_int_equal(num(m, "appeals.lawsuit_after_review.other"), 0);
	assert_int_equal(num(m, "appeals.lawsuit_after_review.pending"), 1);
	assert_int_equal(num(m, "appeals.lawsuit_after_review.total"), 1);

	/* Fees (六). */
	assert_int_equal(num(m, "fees.notices"), 2);
	assert_int_equal(num(m, "fees.amount"), 300);
	assert_int_equal(num(m, "fees.paid"), 1);
	assert_int_equal(num(m, "fees.amount_paid"), 100);

	/* Table 二: N3, N4 issued; N2, N4 lost; N1, N3 in force; last
	 * year (computed) N1, N2. */
	assert_int_equal(num(m, "documents.normative.issued"), 2);
	assert_int_equal(num(m, "documents.normative.repealed"), 2);
	assert_int_equal(num(m, "documents.normative.in_force"), 2);
	assert_int_equal(num(m, "documents.regulation.issued"), 0);
	assert_int_equal(num(m, "documents.regulation.repealed"), 0);
	assert_int_equal(num(m, "documents.regulation.in_force"), 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    m, "last_year"), "source")), "computed");
	assert_int_equal(num(m, "last_year.in_force.normative"), 2);
	assert_int_equal(num(m, "last_year.in_force.regulation"), 0);

	/* Entered values, as entered. */
	assert_int_equal(num(m, "entered.permits"), 120);
	assert_int_equal(num(m, "entered.penalties"), 35);
	assert_int_equal(num(m, "entered.enforcement"), 4);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    m, "entered"), "charges")), "12.5");

	/* 五: a19 answered late (a21 and a22 were paused, not late); the
	 * four documents were registered and published on 2025-06-02. */
	assert_int_equal(num(m, "problems.late_answers"), 1);
	assert_int_equal(num(m, "problems.published_late"), 4);
	assert_int_equal(num(m, "problems.review_overdue"), 0);

	/* Charts: received by month (a03.. a26), answered by month. */
	assert_int_equal(json_integer_value(json_array_get(json_object_get(
	    json_object_get(json_object_get(m, "charts"), "by_month"),
	    "received"), 0)), 2);		/* a03, a04 */
	assert_int_equal(json_integer_value(json_array_get(json_object_get(
	    json_object_get(json_object_get(m, "charts"), "by_month"),
	    "answered"), 11)), 1);		/* a22 */
	assert_int_equal(num(m, "charts.by_type.denied"), 8);
	assert_int_equal(num(m, "charts.by_domain.财政"), 4);

	/* Every check passes; nothing to explain. */
	assert_true(check_ok(m, "table3_columns"));
	assert_true(check_ok(m, "table3_total"));
	assert_true(check_ok(m, "table3_rows"));
	assert_true(check_ok(m, "table4_total"));
	assert_true(check_ok(m, "table2_regulation"));
	assert_true(check_ok(m, "table2_normative"));
	assert_true(annual_checks_ok(m));
	assert_int_equal(json_array_size(json_object_get(m, "explain")), 0);
	assert_contains(check_detail(m, "table3_columns"), "24 + 1 = 23 + 2");
	assert_contains(check_detail(m, "table2_normative"),
	    "现行有效 2 = 按记录推算的上年现行有效 2 + 本年制发 2 − "
	    "本年废止 2");
	json_decref(m);
}

/* As of 31 December: the same figures whenever the report is made. */
static void
test_as_of(void **state)
{
	json_t	*m;

	(void)state;
	/* a26 answered 2026-01-12 is still carried out; a27 received
	 * 2026-01-05 is counted nowhere; a01 (2024) nowhere either. */
	m = model("财政局", NULL);
	assert_int_equal(num(m, "applications.carried_out.legal"), 1);
	assert_int_equal(num(m, "charts.by_type.granted"), 3);
	json_decref(m);
}

/* --- 市政府 and the whole government ------------------------------------ */

static void
test_government(void **state)
{
	json_t		*m;
	const char	*d;

	(void)state;
	m = model("市政府", json_object_get(fx, "last_year"));
	assert_int_equal(num(m, "documents.regulation.issued"), 1);
	assert_int_equal(num(m, "documents.regulation.repealed"), 0);
	assert_int_equal(num(m, "documents.regulation.in_force"), 2);
	assert_int_equal(num(m, "documents.normative.issued"), 0);
	assert_int_equal(num(m, "documents.normative.repealed"), 0);
	assert_int_equal(num(m, "documents.normative.in_force"), 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    m, "last_year"), "source")), "published");
	assert_int_equal(num(m, "last_year.in_force.regulation"), 0);
	assert_int_equal(num(m, "last_year.in_force.normative"), 1);
	row_is(m, "new", 0, 0, 0, 0, 0, 0, 0);

	/* 0 + 1 − 0 ≠ 2 and 1 + 0 − 0 ≠ 0: both name R2. */
	assert_false(check_ok(m, "table2_regulation"));
	assert_false(check_ok(m, "table2_normative"));
	assert_false(annual_checks_ok(m));
	d = check_detail(m, "table2_regulation");
	assert_contains(d, "现行有效 2 ≠ 上年报告（2025-06-02 发布）的"
	    "现行有效 0 "
	    "+ 本年制发 1 − 本年废止 0");
	assert_contains(d, "D000006 淄政发〔2024〕8号"
	    "《淄博市政府投资项目管理办法》");
	assert_contains(d, "文件类别于 2025-12-31 由“行政规范性文件”"
	    "改为“规章”");
	d = check_detail(m, "table2_normative");
	assert_contains(d, "现行有效 0 ≠");
	assert_contains(d, "D000006");
	assert_true(check_ok(m, "table3_columns"));
	assert_true(check_ok(m, "table4_total"));
	assert_int_equal(json_array_size(json_object_get(m, "explain")), 1);
	json_decref(m);

	/* Without the published report, last year is computed from the
	 * records with today's kinds: R2 was a regulation in force. */
	m = model("市政府", NULL);
	assert_int_equal(num(m, "last_year.in_force.regulation"), 1);
	assert_true(annual_checks_ok(m));
	json_decref(m);
}

static void
test_all(void **state)
{
	json_t *m = model(NULL, NULL);

	(void)state;
	assert_true(json_is_null(json_object_get(m, "agency")));
	assert_int_equal(num(m, "documents.regulation.issued"), 1);
	assert_int_equal(num(m, "documents.regulation.in_force"), 2);
	assert_int_equal(num(m, "last_year.in_force.regulation"), 1);
	assert_int_equal(num(m, "documents.normative.issued"), 2);
	assert_int_equal(num(m, "documents.normative.repealed"), 2);
	assert_int_equal(num(m, "documents.normative.in_force"), 2);
	assert_int_equal(num(m, "last_year.in_force.normative"), 2);
	row_is(m, "new", 15, 3, 2, 2, 2, 1, 25);
	row_is(m, "results.granted", 3, 1, 0, 0, 0, 0, 4);
	assert_int_equal(num(m, "applications.results.total.total"), 24);
	row_is(m, "carried_out", 1, 0, 0, 0, 1, 0, 2);
	assert_true(json_is_null(json_object_get(json_object_get(m,
	    "entered"), "permits")));
	assert_true(json_is_null(json_object_get(m, "notes")));
	assert_true(annual_checks_ok(m));
	json_decref(m);
}

/* --- one broken case per check ----------------------------------------- */

static json_t *
apps_plus(json_t *extra_app)
{
	json_t *apps = json_deep_copy(json_object_get(fx, "applications"));

	json_array_append_new(apps, extra_app);
	return apps;
}

static void
test_break_sub(void **state)
{
	json_t	*a, *apps, *m;

	(void)state;
	/* A sub-type the national table has no row for. */
	a = json_deep_copy(app_of("a06"));
	json_object_set_new(a, "id", json_string("A2025-00901"));
	json_object_set_new(json_object_get(a, "answer"), "sub",
	    json_string("bogus"));
	apps = apps_plus(a);
	m = model_with("财政局", json_object_get(fx, "records"), apps, NULL);
	assert_false(check_ok(m, "table3_total"));
	assert_contains(check_detail(m, "table3_total"), "自然人：三（七）14 ≠ "
	    "各项办理结果之和 13");
	assert_contains(check_detail(m, "table3_total"), "A2025-00901（答复细分"
	    "类型 bogus 不在全国格式的办理结果之中）");
	assert_true(check_ok(m, "table3_columns"));
	assert_true(check_ok(m, "table3_rows"));
	json_decref(m);
	json_decref(apps);

	/* An applicant type the table has no column for. */
	a = json_deep_copy(app_of("a06"));
	json_object_set_new(a, "id", json_string("A2025-00902"));
	json_object_set_new(a, "applicant_type", json_string("martian"));
	apps = apps_plus(a);
	m = model_with("财政局", json_object_get(fx, "records"), apps, NULL);
	assert_false(check_ok(m, "table3_rows"));
	assert_contains(check_detail(m, "table3_rows"),
	    "一、本年新收：总计 25 ≠ 各列之和 24");
	assert_contains(check_detail(m, "table3_rows"), "A2025-00902");
	json_decref(m);
	json_decref(apps);

	/* No day of receipt: counted nowhere, but said so. */
	a = json_deep_copy(app_of("a06"));
	json_object_set_new(a, "id", json_string("A2025-00907"));
	json_object_set_new(a, "received_first", json_string("2025-02-30"));
	apps = apps_plus(a);
	m = model_with("财政局", json_object_get(fx, "records"), apps, NULL);
	assert_int_equal(num(m, "applications.new.total"), 24);
	assert_true(annual_checks_ok(m));
	a = json_array_get(json_object_get(m, "explain"), 0);
	assert_string_equal(json_string_value(json_object_get(a, "id")),
	    "A2025-00907");
	assert_string_equal(json_string_value(json_object_get(a, "check")),
	    "uncounted");
	json_decref(m);
	json_decref(apps);
}

static void
test_break_columns(void **state)
{
	json_t *m = model("财政局", NULL);

	(void)state;
	json_object_set_new(json_object_get(json_object_get(m, "applications"),
	    "new"), "person", json_integer(15));
	json_object_set_new(m, "checks", annual_check_run(m));
	assert_false(check_ok(m, "table3_columns"));
	assert_contains(check_detail(m, "table3_columns"),
	    "自然人：一 15 + 二 0 ≠ 三（七）13 + 四 1");
	assert_false(check_ok(m, "table3_rows"));
	assert_false(annual_checks_ok(m));
	json_decref(m);
}

static void
test_break_appeals(void **state)
{
	json_t	*m, *a, *apps, *ev;

	(void)state;
	/* A mis-sum in 复议后起诉. */
	m = model("财政局", NULL);
	json_object_set_new(json_object_get(json_object_get(m, "appeals"),
	    "lawsuit_after_review"), "total", json_integer(2));
	json_object_set_new(m, "checks", annual_check_run(m));
	assert_false(check_ok(m, "table4_total"));
	assert_contains(check_detail(m, "table4_total"),
	    "复议后起诉：总计 2 ≠");
	json_decref(m);

	/* A result the table does not know: counted in the total only. */
	a = json_deep_copy(app_of("a08"));
	json_object_set_new(a, "id", json_string("A2025-00903"));
	ev = json_array_get(json_object_get(a, "events"),
	    json_array_size(json_object_get(a, "events")) - 1);
	assert_string_equal(json_string_value(json_object_get(ev, "action")),
	    "appeal_result");
	json_object_set_new(ev, "result", json_string("dismissed"));
	apps = apps_plus(a);
	m = model_with("财政局", json_object_get(fx, "records"), apps, NULL);
	assert_int_equal(num(m, "appeals.lawsuit_direct.total"), 2);
	assert_false(check_ok(m, "table4_total"));
	assert_contains(check_detail(m, "table4_total"), "A2025-00903");
	json_decref(m);
	json_decref(apps);
}

/* An appeal result entered after 31 December is still pending. */
static void
test_appeal_as_of(void **state)
{
	json_t	*a, *apps, *m, *ev;

	(void)state;
	a = json_deep_copy(app_of("a20"));
	json_object_set_new(a, "id", json_string("A2025-00904"));
	ev = json_pack("{s:i, s:s, s:s, s:s, s:n, s:s, s:s}", "seq", 99,
	    "time", "2026-01-15T10:00:00+08:00", "actor", "admin", "action",
	    "appeal_result", "on", "kind", "review", "result", "upheld");
	json_array_append_new(json_object_get(a, "events"), ev);
	json_object_set_new(json_array_get(json_object_get(a, "appeals"), 0),
	    "result", json_string("upheld"));
	apps = apps_plus(a);
	m = model_with("财政局", json_object_get(fx, "records"), apps, NULL);
	assert_int_equal(num(m, "appeals.review.pending"), 2);
	assert_int_equal(num(m, "appeals.review.upheld"), 1);
	assert_true(check_ok(m, "table4_total"));
	json_decref(m);
	json_decref(apps);

	/* A result with its own day (result_on) goes by that day. */
	a = json_deep_copy(app_of("a20"));
	json_object_set_new(a, "id", json_string("A2025-00905"));
	json_object_set_new(json_array_get(json_object_get(a, "appeals"), 0),
	    "result", json_string("corrected"));
	json_object_set_new(json_array_get(json_object_get(a, "appeals"), 0),
	    "result_on", json_string("2025-12-30"));
	apps = apps_plus(a);
	a = json_deep_copy(a);
	json_object_set_new(a, "id", json_string("A2025-00906"));
	json_object_set_new(json_array_get(json_object_get(a, "appeals"), 0),
	    "result_on", json_string("2026-01-02"));
	json_array_append_new(apps, a);
	m = model_with("财政局", json_object_get(fx, "records"), apps, NULL);
	assert_int_equal(num(m, "appeals.review.corrected"), 1);
	assert_int_equal(num(m, "appeals.review.pending"), 2);
	assert_int_equal(num(m, "appeals.review.total"), 5);
	json_decref(m);
	json_decref(apps);
}

/* A normative document lost this year without a day it was formed. */
static void
test_break_undated(void **state)
{
	json_t	*recs, *r, *m;

	(void)state;
	recs = json_deep_copy(json_object_get(fx, "records"));
	r = json_deep_copy(json_array_get(recs, 1));
	json_object_set_new(r, "id", json_string("D000099"));
	json_object_set_new(r, "docno", json_string("淄财规〔2024〕9号"));
	json_object_set_new(r, "signed_on", json_null());
	json_object_set_new(r, "status_on", json_string("2025-05-01"));
	json_array_append_new(recs, r);
	m = model_with("财政局", recs, json_object_get(fx, "applications"),
	    NULL);
	assert_int_equal(num(m, "documents.normative.repealed"), 3);
	assert_false(check_ok(m, "table2_normative"));
	assert_contains(check_detail(m, "table2_normative"), "D000099 淄财规"
	    "〔2024〕9号《淄博市政府采购内部控制管理办法》：没有成文日期");
	json_decref(m);
	json_decref(recs);
}

/* A kind flip after last year's report: N1 marked "other" on
 * 2025-03-01, while the published 2024 report counted it. */
static void
test_break_kind(void **state)
{
	json_t		*recs, *r, *last, *m;
	const char	*d;

	(void)state;
	recs = json_deep_copy(json_object_get(fx, "records"));
	r = json_array_get(recs, 0);
	assert_string_equal(json_string_value(json_object_get(r, "id")),
	    "D000001");
	json_object_set_new(r, "doc_kind", json_string("other"));
	json_object_set_new(r, "doc_kind_on", json_string("2025-03-01"));
	last = json_pack("{s:i, s:s, s:s, s:{s:{s:i, s:i, s:i}, s:{s:i, s:i,"
	    " s:i}}}", "year", 2024, "agency", "财政局", "published_on",
	    "2025-01-20", "documents", "regulation", "issued", 0, "repealed", 0,
	    "in_force", 0, "normative", "issued", 1, "repealed", 0,
	    "in_force", 2);
	m = model_with("财政局", recs, json_object_get(fx, "applications"),
	    last);
	assert_int_equal(num(m, "documents.normative.in_force"), 1);
	assert_false(check_ok(m, "table2_normative"));
	assert_true(check_ok(m, "table2_regulation"));
	d = check_detail(m, "table2_normative");
	assert_contains(d, "现行有效 1 ≠ 上年报告（2025-01-20 发布）的"
	    "现行有效 2");
	assert_contains(d, "D000001 淄财规〔2023〕1号");
	assert_contains(d, "由“行政规范性文件”改为“其他”");
	json_decref(m);

	/* Registered after the report was published: named too; a
	 * classified one without its docno or title. */
	json_object_del(r, "doc_kind");
	json_object_set_new(r, "received_at",
	    json_string("2025-02-10T09:00:00+08:00"));
	json_object_set_new(r, "flags", json_pack("[s]", "classified"));
	json_object_set_new(json_object_get(json_object_get(last, "documents"),
	    "normative"), "in_force", json_integer(1));
	m = model_with("财政局", recs, json_object_get(fx, "applications"),
	    last);
	assert_false(check_ok(m, "table2_normative"));
	d = check_detail(m, "table2_normative");
	/* classified: its id and the placeholder, not in 《》 */
	assert_contains(d, "D000001（涉密文件，不列出文号和标题）：");
	assert_null(strstr(d, "《（"));
	assert_contains(d, "2025 年以前成文，2025-02-10 才登记");
	assert_null(strstr(d, "淄财规〔2023〕1号"));
	json_decref(m);
	json_decref(recs);

	/* Marked back to what its docno says (doc_kind equals the
	 * inference): the kind it had (doc_kind_was) still explains it. */
	recs = json_deep_copy(json_object_get(fx, "records"));
	r = json_array_get(recs, 0);
	json_object_set_new(r, "doc_kind", json_string("normative"));
	json_object_set_new(r, "doc_kind_was", json_string("other"));
	json_object_set_new(r, "doc_kind_on", json_string("2025-03-01"));
	m = model_with("财政局", recs, json_object_get(fx, "applications"),
	    last);
	assert_false(check_ok(m, "table2_normative"));
	d = check_detail(m, "table2_normative");
	assert_contains(d, "D000001 淄财规〔2023〕1号");
	assert_contains(d, "由“其他”改为“行政规范性文件”");
	json_decref(m);
	json_decref(last);
	json_decref(recs);
}

/* --- golden models ------------------------------------------------------ */

static void
golden(const char *agency, const char *file, json_t *last)
{
	const char	*dir = getenv("DOCKET_TEST_DATA");
	json_t		*m = model(agency, last);
	char		*got, *want, path[1024], name[256];
	size_t		 len;
	FILE		*f;

	json_object_del(m, "as_of");
	got = json_dumps(m, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	assert_non_null(got);
	snprintf(name, sizeof(name), "annual/%s", file);
	if (getenv("DOCKET_GOLDEN_UPDATE") != NULL) {
		snprintf(path, sizeof(path), "%s/%s", dir != NULL && *dir ?
		    dir : "tests/data", name);
		assert_non_null(f = fopen(path, "w"));
		fprintf(f, "%s\n", got);
		assert_int_equal(fclose(f), 0);
	}
	want = fixture_read(name, &len);
	if (len == 0 || want[len - 1] != '\n' || strlen(got) != len - 1 ||
	    memcmp(got, want, len - 1) != 0)
		fail_msg("%s differs from the model (DOCKET_GOLDEN_UPDATE=1 "
		    "rewrites it):\n%s", name, got);
	free(want);
	free(got);
	json_decref(m);
}

static void
test_golden(void **state)
{
	(void)state;
	golden("财政局", "2025-财政局.json", NULL);
	golden("市政府", "2025-市政府.json", json_object_get(fx, "last_year"));
	golden(NULL, "2025-all.json", NULL);
}

static void
test_bad_opts(void **state)
{
	struct annual_opts o;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.year = 12;
	assert_null(annual_new(&o));
	assert_null(annual_new(NULL));
}

static int
setup(void **state)
{
	(void)state;
	fx = load_fixture();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	json_decref(fx);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kind),
		cmocka_unit_test(test_finance),
		cmocka_unit_test(test_as_of),
		cmocka_unit_test(test_government),
		cmocka_unit_test(test_all),
		cmocka_unit_test(test_break_sub),
		cmocka_unit_test(test_break_columns),
		cmocka_unit_test(test_break_appeals),
		cmocka_unit_test(test_appeal_as_of),
		cmocka_unit_test(test_break_kind),
		cmocka_unit_test(test_break_undated),
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_bad_opts),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
