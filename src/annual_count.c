/*
 * annual_count: the accumulator behind the annual report's model (see
 * annual.h).  Each document record and each application record is looked
 * at once, as stored, and counted as of 31 December of the year:
 *
 *   documents     kind by gongwen_kind_of; issued = signed_on in the
 *                 year; repealed = the day it lost effect in the year
 *                 (status_on of a repealed, expired or cleaned record, or
 *                 valid_until + 1 when the clock has not expired it yet);
 *                 in force = signed by 31 December and not lost by then
 *                 (the 施行 date is ignored on purpose, so that last
 *                 year + issued − repealed holds)
 *   applications  new = received_first in the year; carried in =
 *                 received before 1 January and not answered before it;
 *                 results = answer.on in the year, by answer type and
 *                 sub-type × applicant type; carried out = received by 31
 *                 December and not answered by then
 *   appeals       by the appeal's own day; a lawsuit after an earlier
 *                 review of the same application is 复议后起诉; the result
 *                 is the one recorded by 31 December (the appeal's
 *                 result_on when it has one, else the appeal_result
 *                 event's on, else the day of its time), else pending
 *   fees          notices and payments dated in the year, in yuan
 *
 * Whatever cannot be put in a cell of the national table (an unknown
 * applicant type, answer type, sub-type or appeal result) still counts in
 * the totals and goes to "explain" with the application's id, so the
 * cross-checks (annual_check.c) fail and say which one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annual.h"
#include "apply.h"
#include "apply_clock.h"
#include "lifecycle.h"
#include "record.h"
#include "report.h"
#include "report_kind.h"

#define ANNUAL_NTYPES	6	/* apply_answer_types */
#define ANNUAL_NSUBS	8	/* the most sub-types of one type */
#define ANNUAL_NRESULTS	4	/* apply_appeal_results */
#define ANNUAL_NBLOCKS	3	/* review, lawsuit_direct, _after_review */
#define ANNUAL_LOST_UNKNOWN	(APPLY_NODAY + 1)
#define ANNUAL_NEVER		INT64_MAX
#define ANNUAL_NODOMAIN		"（未分类）"

const char *const annual_col_keys[ANNUAL_NCOLS] = {
	"person", "business", "research", "nonprofit", "legal", "other",
	"total"
};

static const char *const annual_block_keys[ANNUAL_NBLOCKS] = {
	"review", "lawsuit_direct", "lawsuit_after_review"
};

struct annual_row {
	long	v[ANNUAL_NCOLS];
};

struct annual_docs {
	long	issued, repealed, in_force, last;
};

struct annual {
	int			 year;
	char			*agency;
	char			 as_of[11];
	const struct gongwen_kind_rule *rules;
	size_t			 nrules;
	int64_t			 d0, d1;	/* 1 January, 31 December */
	struct annual_docs	 docs[GW_KIND_COUNT];
	struct annual_row	 nw, cin, cout, total;
	struct annual_row	 res[ANNUAL_NTYPES][ANNUAL_NSUBS];
	long			 appeals[ANNUAL_NBLOCKS][ANNUAL_NRESULTS + 1];
	long			 fee_notices, fee_amount;
	long			 fee_paid, fee_paid_amount;
	long			 late_answers, published_late, review_overdue;
	long			 received[12], answered[12];
	long			 by_type[ANNUAL_NTYPES];
	json_t			*by_domain;	/* {domain: n} */
	json_t			*cands;		/* explain candidates */
	json_t			*apps;		/* explain: applications */
};

static int64_t
annual_day(const char *s)
{
	char buf[11];

	if (s == NULL || strlen(s) < 10)
		return APPLY_NODAY;
	memcpy(buf, s, 10);
	buf[10] = '\0';
	return apply_day_of(buf);
}

static int
annual_in_year(const struct annual *a, int64_t d)
{
	return d != APPLY_NODAY && d >= a->d0 && d <= a->d1;
}

static int
annual_index(const char *const *list, const char *v)
{
	int i;

	if (v == NULL)
		return -1;
	for (i = 0; list[i] != NULL; i++)
		if (strcmp(list[i], v) == 0)
			return i;
	return -1;
}

/* The month (0..11) of a day in the year. */
static int
annual_month(const char *s)
{
	return (s[5] - '0') * 10 + (s[6] - '0') - 1;
}

struct annual *
annual_new(const struct annual_opts *o)
{
	struct annual	*a;
	char		 d[11];

	if (o == NULL || o->year < 1900 || o->year > 9998)
		return NULL;
	if ((a = calloc(1, sizeof(*a))) == NULL)
		return NULL;
	a->year = o->year;
	snprintf(d, sizeof(d), "%04d-01-01", o->year);
	a->d0 = apply_day_of(d);
	snprintf(d, sizeof(d), "%04d-12-31", o->year);
	a->d1 = apply_day_of(d);
	if (o->as_of != NULL && apply_day_of(o->as_of) != APPLY_NODAY)
		snprintf(a->as_of, sizeof(a->as_of), "%s", o->as_of);
	else
		snprintf(a->as_of, sizeof(a->as_of), "%s", d);
	a->rules = o->rules;
	a->nrules = o->nrules;
	if (o->agency != NULL && (a->agency = strdup(o->agency)) == NULL)
		goto fail;
	if ((a->by_domain = json_object()) == NULL ||
	    (a->cands = json_array()) == NULL ||
	    (a->apps = json_array()) == NULL)
		goto fail;
	return a;
fail:
	annual_free(a);
	return NULL;
}

void
annual_free(struct annual *a)
{
	if (a == NULL)
		return;
	free(a->agency);
	json_decref(a->by_domain);
	json_decref(a->cands);
	json_decref(a->apps);
	free(a);
}

static int
annual_wanted(const struct annual *a, json_t *rec)
{
	return a->agency == NULL || strcmp(report_agency(rec), a->agency) == 0;
}

/* --- documents ---------------------------------------------------------- */

/* The day rec lost effect: ANNUAL_NEVER while in force with no end,
 * ANNUAL_LOST_UNKNOWN when lost on a day nobody recorded. */
static int64_t
annual_lost(json_t *rec)
{
	const char	*st = record_str(rec, "status");
	int64_t		 d;

	if (st != NULL && (strcmp(st, "repealed") == 0 ||
	    strcmp(st, "expired") == 0 || strcmp(st, "cleaned") == 0)) {
		d = annual_day(record_str(rec, "status_on"));
		return d == APPLY_NODAY ? ANNUAL_LOST_UNKNOWN : d;
	}
	/* The clock expires it on valid_until + 1; it may not have run. */
	if ((d = annual_day(record_str(rec, "valid_until"))) != APPLY_NODAY)
		return d + 1;
	return ANNUAL_NEVER;
}

/* A name of rec that may be printed (the report_docno rules for a list:
 * nothing of a classified or non-public record). */
static void
annual_names(json_t *rec, json_t *o)
{
	static const struct report_opts	ro = { .list = 1 };
	struct report_ctx		rc;

	memset(&rc, 0, sizeof(rc));
	rc.o = &ro;
	json_object_set_new(o, "docno", report_docno(&rc, rec));
	json_object_set_new(o, "title", report_title(&rc, rec));
}

/* One document of explain: cause kind (its kind changed on on), late
 * (registered on on, after it was formed) or undated. */
static int
annual_explain_doc(struct annual *a, json_t *rec, const char *from,
    enum gw_kind to, const char *cause, const char *on, const char *detail)
{
	json_t *o;

	o = json_pack("{s:s, s:s?}", "what", "document", "id",
	    record_str(rec, "id"));
	if (o == NULL)
		return -1;
	annual_names(rec, o);
	json_object_set_new(o, "from", from != NULL ? json_string(from) :
	    json_null());
	json_object_set_new(o, "to", json_string(gongwen_kind_name(to)));
	json_object_set_new(o, "cause", json_string(cause));
	json_object_set_new(o, "on", on != NULL ? json_stringn(on, 10) :
	    json_null());
	json_object_set_new(o, "detail", json_string(detail));
	return json_array_append_new(a->cands, o);
}

/* Keep what may explain a table 二 mismatch; annual_finish filters. */
static int
annual_candidate(struct annual *a, json_t *rec, enum gw_kind k,
    int64_t sd, int64_t lost)
{
	const char	*on = record_str(rec, "doc_kind_on");
	const char	*ra = record_str(rec, "received_at");
	const char	*was = record_str(rec, "doc_kind_was");
	enum gw_kind	 from = GW_KIND_OTHER;
	char		 detail[256];

	/* The kind before the last change: doc_kind_was ("auto": what the
	 * docno says), or, before that field, the inferred one. */
	if (was == NULL || gongwen_kind_parse(was, &from) == -1)
		from = gongwen_kind_inferred(rec, a->rules, a->nrules, NULL);
	if ((record_str(rec, "doc_kind") != NULL || was != NULL) &&
	    annual_day(on) != APPLY_NODAY && annual_day(on) >= a->d0 - 366 &&
	    from != k) {
		snprintf(detail, sizeof(detail), "文件类别于 %.10s 由“%s”"
		    "改为“%s”", on, gongwen_kind_label(from),
		    gongwen_kind_label(k));
		if (annual_explain_doc(a, rec, gongwen_kind_name(from), k,
		    "kind", on, detail) == -1)
			return -1;
	}
	if (k == GW_KIND_OTHER)
		return 0;
	/* Registered this year, formed before it, in force on 31 December
	 * of last year: a published report of last year could not count it. */
	if (annual_day(ra) != APPLY_NODAY && annual_day(ra) >= a->d0 - 366 &&
	    sd != APPLY_NODAY && sd < a->d0 && lost >= a->d0) {
		snprintf(detail, sizeof(detail), "%04d 年以前成文，%.10s "
		    "才登记", a->year, ra);
		if (annual_explain_doc(a, rec, NULL, k, "late", ra,
		    detail) == -1)
			return -1;
	}
	/* Lost this year without a day it was formed: counted as repealed
	 * only. */
	if (sd == APPLY_NODAY && annual_in_year(a, lost)) {
		snprintf(detail, sizeof(detail), "没有成文日期，本年失效只计入"
		    "本年废止");
		if (annual_explain_doc(a, rec, NULL, k, "undated", NULL,
		    detail) == -1)
			return -1;
	}
	return 0;
}

int
annual_add_doc(struct annual *a, json_t *rec)
{
	struct annual_docs	*dc;
	enum gw_kind		 k;
	const char		*po, *dom;
	json_t			*n;
	int64_t			 sd, lost;

	if (!json_is_object(rec) || !annual_wanted(a, rec))
		return 0;
	k = gongwen_kind_of(rec, a->rules, a->nrules, NULL);
	dc = &a->docs[k];
	sd = annual_day(record_str(rec, "signed_on"));
	lost = annual_lost(rec);
	if (annual_in_year(a, sd))
		dc->issued++;
	if (annual_in_year(a, lost))
		dc->repealed++;
	if (sd != APPLY_NODAY && sd <= a->d1 && lost > a->d1)
		dc->in_force++;
	if (sd != APPLY_NODAY && sd < a->d0 && lost >= a->d0)
		dc->last++;
	po = record_str(rec, "published_on");
	if (json_is_true(json_object_get(rec, "published")) &&
	    annual_in_year(a, annual_day(po))) {
		if ((dom = record_str(rec, "domain")) == NULL || *dom == '\0')
			dom = ANNUAL_NODOMAIN;
		n = json_object_get(a->by_domain, dom);
		if (json_object_set_new(a->by_domain, dom, json_integer(
		    (n != NULL ? json_integer_value(n) : 0) + 1)) == -1)
			return -1;
	}
	if (lc_has_flag(rec, "published_late") &&
	    annual_in_year(a, annual_day(po)))
		a->published_late++;
	if (lc_has_flag(rec, "review_overdue"))
		a->review_overdue++;
	return annual_candidate(a, rec, k, sd, lost);
}

/* --- applications ------------------------------------------------------- */

static void
annual_row_add(struct annual_row *r, int col)
{
	if (col >= 0)
		r->v[col]++;
	r->v[ANNUAL_TOTAL]++;
}

/* An application that does not fit the table, for explain. */
static int
annual_app_problem(struct annual *a, json_t *app, const char *check,
    const char *what, const char *v, const char *tail)
{
	char	 detail[256];
	json_t	*o;

	snprintf(detail, sizeof(detail), "%s %s %s", what, v != NULL ? v :
	    "（空）", tail);
	o = json_pack("{s:s, s:s?, s:s, s:s}", "what", "application", "id",
	    record_str(app, "id"), "check", check, "detail", detail);
	if (o == NULL || json_array_append_new(a->apps, o) == -1)
		return -1;
	return 0;
}

static int
annual_add_result(struct annual *a, json_t *app, json_t *ans, int col,
    const char *on)
{
	const char *const	*subs;
	const char		*type = record_str(ans, "type");
	const char		*sub = record_str(ans, "sub");
	int			 t, s = 0, known;

	annual_row_add(&a->total, col);
	a->answered[annual_month(on)]++;
	subs = apply_answer_subs(type, &known);
	if (!known)
		return annual_app_problem(a, app, "table3_total",
		    "答复类型", type, "不在全国格式的办理结果之中");
	t = annual_index(apply_answer_types, type);
	a->by_type[t]++;
	if (subs != NULL && ((s = annual_index(subs, sub)) < 0 ||
	    s >= ANNUAL_NSUBS))
		return annual_app_problem(a, app, "table3_total",
		    "答复细分类型", sub, "不在全国格式的办理结果之中");
	annual_row_add(&a->res[t][s], col);
	return 0;
}

/* The results of app's appeals as of 31 December: res[i] for appeal i. */
static void
annual_appeal_results(struct annual *a, json_t *app, json_t *appeals,
    const char **res, size_t n)
{
	json_t		*ev;
	const char	*act, *on;
	size_t		 i, count = 0;

	for (i = 0; i < n; i++)
		res[i] = "pending";
	json_array_foreach(json_object_get(app, "events"), i, ev) {
		if ((act = record_str(ev, "action")) == NULL)
			continue;
		if (strcmp(act, "appeal") == 0) {
			count++;
			continue;
		}
		if (strcmp(act, "appeal_result") != 0 || count == 0 ||
		    count > n)
			continue;
		if ((on = record_str(ev, "on")) == NULL)
			on = record_str(ev, "time");
		if (annual_day(on) != APPLY_NODAY && annual_day(on) <= a->d1)
			res[count - 1] = record_str(ev, "result");
	}
	for (i = 0; i < n; i++) {
		ev = json_array_get(appeals, i);
		/* A result with its own day (result_on), or no events kept:
		 * the record's own. */
		if ((on = record_str(ev, "result_on")) != NULL &&
		    annual_day(on) != APPLY_NODAY)
			res[i] = annual_day(on) <= a->d1 ? record_str(ev,
			    "result") : "pending";
		else if (count == 0)
			res[i] = record_str(ev, "result");
	}
}

static int
annual_add_appeals(struct annual *a, json_t *app)
{
	json_t		*appeals = json_object_get(app, "appeals"), *ap, *p;
	const char	*res[64], *kind;
	size_t		 i, j, n = json_array_size(appeals);
	int64_t		 on;
	int		 b, r;

	if (n > 64)
		n = 64;
	annual_appeal_results(a, app, appeals, res, n);
	for (i = 0; i < n; i++) {
		ap = json_array_get(appeals, i);
		on = annual_day(record_str(ap, "on"));
		if (!annual_in_year(a, on))
			continue;
		kind = record_str(ap, "kind");
		if (kind != NULL && strcmp(kind, "review") == 0)
			b = 0;
		else if (kind != NULL && strcmp(kind, "lawsuit") == 0) {
			b = 1;
			for (j = 0; j < i; j++) {
				p = json_array_get(appeals, j);
				if (record_str(p, "kind") != NULL &&
				    strcmp(record_str(p, "kind"), "review") ==
				    0 && annual_day(record_str(p, "on")) <= on)
					b = 2;
			}
		} else {
			if (annual_app_problem(a, app, "table4_total",
			    "复议或诉讼类型", kind, "不明") == -1)
				return -1;
			continue;
		}
		a->appeals[b][ANNUAL_NRESULTS]++;
		if ((r = annual_index(apply_appeal_results, res[i])) < 0) {
			if (annual_app_problem(a, app, "table4_total",
			    "复议或诉讼结果", res[i], "不在全国格式之中") == -1)
				return -1;
			continue;
		}
		a->appeals[b][r]++;
	}
	return 0;
}

static void
annual_add_fee(struct annual *a, json_t *app)
{
	json_t	*fee = json_object_get(app, "fee");
	long	 amount;

	if (!json_is_object(fee))
		return;
	amount = (long)json_integer_value(json_object_get(fee, "amount"));
	if (annual_in_year(a, annual_day(record_str(fee, "notice_on")))) {
		a->fee_notices++;
		a->fee_amount += amount;
	}
	if (annual_in_year(a, annual_day(record_str(fee, "paid_on")))) {
		a->fee_paid++;
		a->fee_paid_amount += amount;
	}
}

int
annual_add_app(struct annual *a, json_t *app)
{
	json_t		*ans;
	const char	*rf_s, *on = NULL;
	int64_t		 rf, ad = APPLY_NODAY;
	int		 col;

	if (!json_is_object(app) || !annual_wanted(a, app))
		return 0;
	rf_s = record_str(app, "received_first");
	if ((rf = annual_day(rf_s)) == APPLY_NODAY)
		return annual_app_problem(a, app, "uncounted",
		    "收到申请日期", rf_s, "无效，未计入");
	col = annual_index(apply_applicant_types, record_str(app,
	    "applicant_type"));
	if (col >= ANNUAL_TOTAL)
		col = -1;
	if (col < 0 && rf <= a->d1 && annual_app_problem(a, app,
	    "table3_rows", "申请人类型", record_str(app, "applicant_type"),
	    "不在全国格式的六列之中") == -1)
		return -1;
	ans = json_object_get(app, "answer");
	if (json_is_object(ans)) {
		on = record_str(ans, "on");
		ad = annual_day(on);
	}
	if (annual_in_year(a, rf)) {
		annual_row_add(&a->nw, col);
		a->received[annual_month(rf_s)]++;
	}
	if (rf < a->d0 && (ad == APPLY_NODAY || ad >= a->d0))
		annual_row_add(&a->cin, col);
	if (annual_in_year(a, ad)) {
		if (annual_add_result(a, app, ans, col, on) == -1)
			return -1;
		if (apply_has_str(json_object_get(app, "flags"),
		    "answered_late"))
			a->late_answers++;
	}
	if (rf <= a->d1 && (ad == APPLY_NODAY || ad > a->d1))
		annual_row_add(&a->cout, col);
	annual_add_fee(a, app);
	return annual_add_appeals(a, app);
}

/* --- the model ---------------------------------------------------------- */

static json_t *
annual_row_json(const struct annual_row *r)
{
	json_t	*o = json_object();
	int	 i;

	for (i = 0; o != NULL && i < ANNUAL_NCOLS; i++)
		json_object_set_new(o, annual_col_keys[i],
		    json_integer(r->v[i]));
	return o;
}

static json_t *
annual_results_json(const struct annual *a)
{
	const char *const	*subs;
	json_t			*o = json_object(), *m;
	int			 t, s, known;

	for (t = 0; o != NULL && t < ANNUAL_NTYPES; t++) {
		subs = apply_answer_subs(apply_answer_types[t], &known);
		if (subs == NULL) {
			json_object_set_new(o, apply_answer_types[t],
			    annual_row_json(&a->res[t][0]));
			continue;
		}
		m = json_object();
		for (s = 0; subs[s] != NULL && s < ANNUAL_NSUBS; s++)
			json_object_set_new(m, subs[s],
			    annual_row_json(&a->res[t][s]));
		json_object_set_new(o, apply_answer_types[t], m);
	}
	if (o != NULL)
		json_object_set_new(o, "total", annual_row_json(&a->total));
	return o;
}

static json_t *
annual_docs_json(const struct annual_docs *d)
{
	return json_pack("{s:I, s:I, s:I}", "issued", (json_int_t)d->issued,
	    "repealed", (json_int_t)d->repealed, "in_force",
	    (json_int_t)d->in_force);
}

static json_t *
annual_longs(const long *v, size_t n)
{
	json_t	*arr = json_array();
	size_t	 i;

	for (i = 0; arr != NULL && i < n; i++)
		json_array_append_new(arr, json_integer(v[i]));
	return arr;
}

struct annual_dom {
	const char	*name;
	json_int_t	 n;
};

static int
annual_dom_cmp(const void *x, const void *y)
{
	const struct annual_dom *a = x, *b = y;

	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	return strcmp(a->name, b->name);
}

static json_t *
annual_charts_json(const struct annual *a)
{
	struct annual_dom	*v;
	json_t			*by_type, *by_dom, *n;
	const char		*k;
	size_t			 i = 0, cnt = json_object_size(a->by_domain);
	int			 t;

	by_type = json_object();
	for (t = 0; by_type != NULL && t < ANNUAL_NTYPES; t++)
		json_object_set_new(by_type, apply_answer_types[t],
		    json_integer(a->by_type[t]));
	by_dom = json_object();
	if ((v = calloc(cnt + 1, sizeof(*v))) == NULL) {
		json_decref(by_type);
		json_decref(by_dom);
		return NULL;
	}
	json_object_foreach(a->by_domain, k, n) {
		v[i].name = k;
		v[i++].n = json_integer_value(n);
	}
	qsort(v, cnt, sizeof(*v), annual_dom_cmp);
	for (i = 0; by_dom != NULL && i < cnt; i++)
		json_object_set_new(by_dom, v[i].name, json_integer(v[i].n));
	free(v);
	return json_pack("{s:{s:o, s:o}, s:o, s:o}", "by_month", "received",
	    annual_longs(a->received, 12), "answered",
	    annual_longs(a->answered, 12), "by_type", by_type, "by_domain",
	    by_dom);
}

/* last_year {source, year, published_on, in_force {regulation,
 * normative}}; *since: the day it was published, or NULL. */
static json_t *
annual_last_json(const struct annual *a, json_t *last, const char **since)
{
	json_t	*docs;

	*since = NULL;
	if (json_is_object(json_object_get(last, "model")))
		last = json_object_get(last, "model");
	docs = json_object_get(last, "documents");
	if (!json_is_object(docs))
		return json_pack("{s:s, s:i, s:n, s:{s:I, s:I}}", "source",
		    "computed", "year", a->year - 1, "published_on",
		    "in_force", "regulation",
		    (json_int_t)a->docs[GW_KIND_REGULATION].last, "normative",
		    (json_int_t)a->docs[GW_KIND_NORMATIVE].last);
	*since = record_str(last, "published_on");
	return json_pack("{s:s, s:i, s:s?, s:{s:I, s:I}}", "source",
	    "published", "year", a->year - 1, "published_on", *since,
	    "in_force", "regulation", json_integer_value(json_object_get(
	    json_object_get(docs, "regulation"), "in_force")), "normative",
	    json_integer_value(json_object_get(json_object_get(docs,
	    "normative"), "in_force")));
}

/* What may explain a table 二 mismatch: a kind set in the year or after
 * last year's report; with a published report, what was registered after
 * it.  Then the applications that fit no cell. */
static json_t *
annual_explain_json(const struct annual *a, const char *since)
{
	json_t		*out = json_array(), *c;
	const char	*cause;
	size_t		 i;
	int64_t		 on, sd = since != NULL ? annual_day(since) :
			    APPLY_NODAY;

	json_array_foreach(a->cands, i, c) {
		cause = record_str(c, "cause");
		on = annual_day(record_str(c, "on"));
		if (strcmp(cause, "kind") == 0 && !(on >= a->d0 ||
		    (sd != APPLY_NODAY && on > sd)))
			continue;
		if (strcmp(cause, "late") == 0 && (sd == APPLY_NODAY ||
		    on <= sd))
			continue;
		json_array_append(out, c);
	}
	json_array_foreach(a->apps, i, c)
		json_array_append(out, c);
	return out;
}

json_t *
annual_finish(struct annual *a, json_t *extra)
{
	static const char *const ek[] = {
		"permits", "penalties", "enforcement", "charges"
	};
	json_t		*m, *entered, *e, *appeals, *apps, *blk, *v;
	const char	*since;
	size_t		 i;
	int		 b, r;

	e = json_object_get(extra, "entered");
	entered = json_object();
	for (i = 0; entered != NULL && i < sizeof(ek) / sizeof(ek[0]); i++) {
		v = json_object_get(e, ek[i]);
		json_object_set_new(entered, ek[i], v != NULL ?
		    json_deep_copy(v) : json_null());
	}
	appeals = json_object();
	for (b = 0; appeals != NULL && b < ANNUAL_NBLOCKS; b++) {
		blk = json_object();
		for (r = 0; blk != NULL && r < ANNUAL_NRESULTS; r++)
			json_object_set_new(blk, apply_appeal_results[r],
			    json_integer(a->appeals[b][r]));
		if (blk != NULL)
			json_object_set_new(blk, "total",
			    json_integer(a->appeals[b][ANNUAL_NRESULTS]));
		json_object_set_new(appeals, annual_block_keys[b], blk);
	}
	apps = json_pack("{s:o, s:o, s:o, s:o}", "new", annual_row_json(&a->nw),
	    "carried_in", annual_row_json(&a->cin), "results",
	    annual_results_json(a), "carried_out", annual_row_json(&a->cout));
	m = json_pack("{s:i, s:s?, s:s, s:{s:o, s:o}, s:o, s:o, s:o,"
	    " s:{s:I, s:I, s:I, s:I}, s:{s:I, s:I, s:I}, s:o}",
	    "year", a->year, "agency", a->agency, "as_of", a->as_of,
	    "documents", "regulation",
	    annual_docs_json(&a->docs[GW_KIND_REGULATION]), "normative",
	    annual_docs_json(&a->docs[GW_KIND_NORMATIVE]),
	    "entered", entered, "applications", apps, "appeals", appeals,
	    "fees", "notices", (json_int_t)a->fee_notices, "amount",
	    (json_int_t)a->fee_amount, "paid", (json_int_t)a->fee_paid,
	    "amount_paid", (json_int_t)a->fee_paid_amount,
	    "problems", "late_answers", (json_int_t)a->late_answers,
	    "published_late", (json_int_t)a->published_late,
	    "review_overdue", (json_int_t)a->review_overdue,
	    "charts", annual_charts_json(a));
	if (m == NULL)
		return NULL;
	if (json_object_set_new(m, "last_year", annual_last_json(a,
	    json_object_get(extra, "last_year"), &since)) == -1 ||
	    json_object_set_new(m, "explain", annual_explain_json(a,
	    since)) == -1 ||
	    json_object_set_new(m, "checks", json_array()) == -1 ||
	    json_object_set_new(m, "notes", (v = json_object_get(extra,
	    "notes")) != NULL ? json_deep_copy(v) : json_null()) == -1) {
		json_decref(m);
		return NULL;
	}
	return m;
}
