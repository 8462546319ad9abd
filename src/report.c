/*
 * report: build the secretaries' reports from the index and render them.
 *
 * A report is one JSON object.  Its "agencies" hold one part per agency
 * that has something to report (parts are made on first use), and its
 * "totals" are the sums of the parts' counts, so the part of one agency
 * is cut out as a report of its own (report_subset) with the same
 * totals code, and every renderer works on whole reports only.
 *
 * Nothing scans all records: reviews come from the due index, the
 * compliance sections from the disclosure and flag indexes, the summary
 * from index counts and the changes index, the cleanup from the vault.
 *
 * Text is for people: Chinese, one line per row, tables padded by
 * display width (width.h: CJK is two columns), every data field on one
 * line (CR, LF and other control characters become spaces), long titles
 * cut with "…".  CSV is RFC 4180 with CRLF line ends; JSON is the report.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errbuf.h"
#include "lifecycle.h"
#include "record.h"
#include "report.h"
#include "strbuf.h"
#include "width.h"

#define REPORT_TITLE_COLS	60	/* widest title in a text table */
#define REPORT_CELL_COLS	40	/* widest other cell */

enum report_kind {
	REPORT_REVIEW,
	REPORT_CLEANUP,
	REPORT_COMPLIANCE,
	REPORT_SUMMARY,
	REPORT_NKINDS
};

static const char *report_kind_names[REPORT_NKINDS] = {
	"review", "cleanup", "compliance", "summary"
};

/* Titles of the text and of the mail subject. */
static const char *report_titles[REPORT_NKINDS] = {
	"政务公开定期审查提醒", "文件清理结果", "政务公开合规检查",
	"政务公开档案概况"
};
static const char *report_short[REPORT_NKINDS] = {
	"定期审查提醒", "文件清理结果", "合规检查", "档案概况"
};

struct report_section {
	const char	*key;
	const char	*name;
	enum store_index ix;
	const char	*hint;
};

static const struct report_section report_sections[] = {
	{ "undetermined", "未确定公开属性", STORE_IDX_DISCLOSURE,
	  "请确定公开属性：docketctl mark 编号 public|on_request|withheld "
	  "--reason '…'" },
	{ "missing_reason", "缺少不予公开理由", STORE_IDX_FLAG,
	  "依申请公开、不予公开须写明理由：docketctl mark 编号 "
	  "on_request|withheld --reason '…'" },
	{ "conflicting_markings", "公开属性标注冲突", STORE_IDX_FLAG,
	  "请核对原文后重新标注：docketctl mark 编号 "
	  "public|on_request|withheld --reason '…'" },
	{ "review_overdue", "审查逾期", STORE_IDX_FLAG,
	  "请作出审查决定：docketctl review 编号 keep|release --reason '…'" },
	{ "no_docno", "缺少文号", STORE_IDX_FLAG,
	  "未能从原文识别文号，请核对原文" },
	{ "no_date", "缺少成文日期", STORE_IDX_FLAG,
	  "未能从原文识别成文日期，请核对原文" },
};
#define REPORT_NSECTIONS (sizeof(report_sections) / sizeof(report_sections[0]))

static const char *report_actions[][2] = {
	{ "register", "登记" },
	{ "version", "新版本" },
	{ "mark", "标注公开属性" },
	{ "review_keep", "审查后维持" },
	{ "review_release", "审查后放开" },
	{ "repeal", "废止" },
	{ "hold", "冻结" },
	{ "unhold", "解除冻结" },
	{ "expire", "失效" },
	{ "review_overdue", "审查逾期" },
	{ "clean", "清理" },
};
#define REPORT_NACTIONS (sizeof(report_actions) / sizeof(report_actions[0]))

static const char *report_disclosures[][2] = {
	{ "public", "主动公开" },
	{ "on_request", "依申请公开" },
	{ "withheld", "不予公开" },
	{ "undetermined", "未确定" },
};
static const char *report_statuses[][2] = {
	{ "in_force", "有效" },
	{ "expired", "失效" },
	{ "repealed", "废止" },
	{ "cleaned", "已清理" },
};
/* Other values an event's from and to may hold. */
static const char *report_others[][2] = {
	{ "on", "冻结" },
	{ "off", "未冻结" },
};

static const char *report_numerals[] = {
	"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"
};

#define REPORT_NOVALUE	"—"
#define REPORT_NODOMAIN	"（未分类）"

struct report_ctx {
	struct store			*st;
	MDB_txn				*txn;
	const struct report_opts	*o;
	const struct lc_policy		*pol;
	enum report_kind		 kind;
	long				 today;	/* day number of as_of */
	json_t				*agencies;
	json_t				*seen;	/* compliance: ids counted */
	json_t				*cache;	/* summary: id -> record */
	const struct report_section	*sec;
	int				 rc;	/* an error in a callback */
};

static void	report_addf(struct strbuf *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

/* --- small things ----------------------------------------------------- */

static void
report_add(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

static void
report_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list	 ap;
	char	 small[512], *big;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		strbuf_add(sb, small, (size_t)n);
		return;
	}
	if ((big = malloc((size_t)n + 1)) == NULL) {
		sb->nomem = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	strbuf_add(sb, big, (size_t)n);
	free(big);
}

static int
report_kind_of(json_t *report)
{
	const char	*k = record_str(report, "kind");
	int		 i;

	for (i = 0; k != NULL && i < REPORT_NKINDS; i++)
		if (strcmp(k, report_kind_names[i]) == 0)
			return i;
	return -1;
}

/* Day number of a YYYY-MM-DD date (days from 1970-01-01). */
static long
report_days(const char *date)
{
	long	y, m, d, era, yoe, doy, doe;
	int	iy, im, id;

	if (date == NULL || sscanf(date, "%4d-%2d-%2d", &iy, &im, &id) != 3)
		return 0;
	y = iy;
	m = im;
	d = id;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int
report_valid_date(const char *s)
{
	char tmp[11];

	return s != NULL && strlen(s) == 10 && lc_date_add(s, 0, 0, tmp) == 0 &&
	    strcmp(tmp, s) == 0;
}

/* 2026-11-28 -> 2026年11月28日 */
static void
report_cndate(const char *iso, char *buf, size_t len)
{
	int y, m, d;

	if (iso != NULL && sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) == 3)
		snprintf(buf, len, "%d年%d月%d日", y, m, d);
	else
		snprintf(buf, len, "%s", REPORT_NOVALUE);
}

/* 2026-11-20T10:00:00+08:00 -> 2026-11-20 10:00:00 */
static void
report_time(const char *t, char *buf, size_t len)
{
	if (t == NULL) {
		snprintf(buf, len, "%s", REPORT_NOVALUE);
		return;
	}
	snprintf(buf, len, "%.19s", t);
	if (strlen(buf) > 10 && buf[10] == 'T')
		buf[10] = ' ';
}

static const char *
report_lookup(const char *(*tab)[2], size_t n, const char *v)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++)
		if (strcmp(tab[i][0], v) == 0)
			return tab[i][1];
	return NULL;
}

#define REPORT_LOOKUP(tab, v) \
	report_lookup(tab, sizeof(tab) / sizeof(tab[0]), v)

static const char *
report_action_name(const char *a)
{
	const char *n = REPORT_LOOKUP(report_actions, a);

	return n != NULL ? n : a != NULL ? a : REPORT_NOVALUE;
}

/* An event's from or to, in Chinese where it is a known value. */
static const char *
report_value_name(const char *v)
{
	const char *n;

	if (v == NULL)
		return REPORT_NOVALUE;
	if ((n = REPORT_LOOKUP(report_disclosures, v)) != NULL ||
	    (n = REPORT_LOOKUP(report_statuses, v)) != NULL ||
	    (n = REPORT_LOOKUP(report_others, v)) != NULL)
		return n;
	return v;
}

/*
 * A data field for one line: control characters (CR, LF, tab ...)
 * become spaces; with cols, cut to that display width with "…".
 * malloc'd; NULL in gives "—".
 */
static char *
report_clean(const char *s, size_t cols)
{
	char	*out, *p;
	size_t	 cut, n;

	if (s == NULL || *s == '\0')
		s = REPORT_NOVALUE;
	n = strlen(s);
	if ((out = malloc(n + sizeof("…"))) == NULL)
		return NULL;
	memcpy(out, s, n + 1);
	for (p = out; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	if (cols > 1 && width_str(out) > cols) {
		cut = width_prefix(out, cols - 1);
		memcpy(out + cut, "…", sizeof("…"));
	}
	return out;
}

static void
report_inc(json_t *obj, const char *key, json_int_t by)
{
	json_t *v = json_object_get(obj, key);

	json_object_set_new(obj, key, json_integer(json_integer_value(v) + by));
}

static int
report_strcmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* --- parts and totals ------------------------------------------------- */

/* An empty part of an agency, the shape every part of the kind has. */
static json_t *
report_new_part(enum report_kind kind)
{
	json_t	*p, *counts, *secs;
	size_t	 i;

	switch (kind) {
	case REPORT_REVIEW:
		return json_pack("{s:i, s:i, s:i, s:[]}", "due", 0, "overdue",
		    0, "past_grace", 0, "items");
	case REPORT_CLEANUP:
		return json_pack("{s:i, s:i, s:i, s:[]}", "cleaned", 0,
		    "expired", 0, "repealed", 0, "items");
	case REPORT_COMPLIANCE:
		counts = json_object();
		secs = json_object();
		for (i = 0; i < REPORT_NSECTIONS; i++) {
			json_object_set_new(counts, report_sections[i].key,
			    json_integer(0));
			json_object_set_new(secs, report_sections[i].key,
			    json_array());
		}
		return json_pack("{s:i, s:o, s:o}", "documents", 0, "counts",
		    counts, "sections", secs);
	case REPORT_SUMMARY:
		counts = json_object();
		for (i = 0; i < REPORT_NACTIONS; i++)
			json_object_set_new(counts, report_actions[i][0],
			    json_integer(0));
		p = json_pack("{s:i, s:o, s:[], s:i}", "changed", 0, "counts",
		    counts, "changes", "omitted", 0);
		return p;
	default:
		return NULL;
	}
}

/* The number of things a part reports. */
static size_t
report_part_items(enum report_kind kind, json_t *part)
{
	if (part == NULL)
		return 0;
	switch (kind) {
	case REPORT_REVIEW:
	case REPORT_CLEANUP:
		return json_array_size(json_object_get(part, "items"));
	case REPORT_COMPLIANCE:
		return (size_t)json_integer_value(json_object_get(part,
		    "documents"));
	case REPORT_SUMMARY:
		return (size_t)json_integer_value(json_object_get(part,
		    "changed"));
	default:
		return 0;
	}
}

static json_t *
report_part(struct report_ctx *c, const char *agency)
{
	json_t *p;

	if ((p = json_object_get(c->agencies, agency)) != NULL)
		return p;
	if ((p = report_new_part(c->kind)) == NULL)
		return NULL;
	json_object_set_new(c->agencies, agency, p);
	return p;
}

/*
 * Set the summed totals of a report from its parts: every integer of a
 * part and every integer of its "counts", plus the number of agencies
 * with something.  Totals of other kinds (the summary's archive counts)
 * are left alone.
 */
static void
report_retotal(json_t *report)
{
	json_t		*totals, *tmpl, *agencies, *part, *v, *w, *tc;
	const char	*k, *a, *kk;
	size_t		 n = 0;
	int		 kind = report_kind_of(report);

	if (kind < 0 || (tmpl = report_new_part(kind)) == NULL)
		return;
	if ((totals = json_object_get(report, "totals")) == NULL) {
		totals = json_object();
		json_object_set_new(report, "totals", totals);
	}
	json_object_foreach(tmpl, k, v)
		if (json_is_integer(v) || strcmp(k, "counts") == 0)
			json_object_set(totals, k, v);
	json_decref(tmpl);
	tc = json_object_get(totals, "counts");
	if (tc != NULL) {
		/* Its own copy: the template's is shared no more. */
		tc = json_deep_copy(tc);
		json_object_set_new(totals, "counts", tc);
	}
	agencies = json_object_get(report, "agencies");
	json_object_foreach(agencies, a, part) {
		if (report_part_items(kind, part) > 0)
			n++;
		json_object_foreach(part, k, v) {
			if (json_is_integer(v))
				report_inc(totals, k, json_integer_value(v));
			else if (strcmp(k, "counts") == 0 && tc != NULL)
				json_object_foreach(v, kk, w)
					report_inc(tc, kk,
					    json_integer_value(w));
		}
	}
	json_object_set_new(totals, "agencies", json_integer((json_int_t)n));
}

/* A report of one agency's part: the whole report's own fields, that
 * part alone (an empty one when it has none) and its totals. */
static json_t *
report_subset(json_t *report, const char *agency)
{
	json_t		*out, *v, *part;
	const char	*k;
	int		 kind = report_kind_of(report);

	if (kind < 0 || (out = json_object()) == NULL)
		return NULL;
	json_object_foreach(report, k, v) {
		if (strcmp(k, "agencies") == 0)
			continue;
		if (strcmp(k, "generated_for") == 0)
			json_object_set_new(out, k, json_string(agency));
		else if (strcmp(k, "totals") == 0)
			json_object_set_new(out, k, json_deep_copy(v));
		else
			json_object_set(out, k, v);
	}
	if ((part = json_object_get(json_object_get(report, "agencies"),
	    agency)) != NULL)
		part = json_deep_copy(part);
	else
		part = report_new_part(kind);
	json_object_set_new(out, "agencies", json_pack("{s:o}", agency,
	    part));
	report_retotal(out);
	return out;
}

/* The agency a rendering is for: asked, else the report's own. */
static json_t *
report_view(json_t *report, const char *agency)
{
	if (agency == NULL)
		agency = record_str(report, "generated_for");
	if (agency == NULL) {
		json_incref(report);
		return report;
	}
	return report_subset(report, agency);
}

json_t *
report_agencies(json_t *report)
{
	json_t		*agencies = json_object_get(report, "agencies"), *part;
	json_t		*out;
	const char	*a, **v;
	size_t		 n = 0, i;
	int		 kind = report_kind_of(report);

	if ((out = json_array()) == NULL)
		return NULL;
	if ((v = calloc(json_object_size(agencies) + 1, sizeof(*v))) == NULL) {
		json_decref(out);
		return NULL;
	}
	json_object_foreach(agencies, a, part)
		if (kind >= 0 && report_part_items(kind, part) > 0)
			v[n++] = a;
	qsort(v, n, sizeof(*v), report_strcmp);
	for (i = 0; i < n; i++)
		json_array_append_new(out, json_string(v[i]));
	free(v);
	return out;
}

int
report_empty(json_t *report, const char *agency)
{
	json_t		*agencies = json_object_get(report, "agencies"), *part;
	const char	*a;
	int		 kind = report_kind_of(report);

	if (kind < 0)
		return 1;
	if (agency != NULL)
		return report_part_items(kind, json_object_get(agencies,
		    agency)) == 0;
	json_object_foreach(agencies, a, part)
		if (report_part_items(kind, part) > 0)
			return 0;
	return 1;
}

const char *
report_agency(json_t *rec)
{
	const char *a = record_str(rec, "agency");

	if (a == NULL || *a == '\0')
		a = record_str(rec, "issuer");
	if (a == NULL || *a == '\0')
		a = REPORT_NO_AGENCY;
	return a;
}

static int
report_wanted(struct report_ctx *c, const char *agency)
{
	return c->o->agency == NULL || strcmp(c->o->agency, agency) == 0;
}

static int
report_cleaned(json_t *rec)
{
	const char *st = record_str(rec, "status");

	return st != NULL && strcmp(st, "cleaned") == 0;
}

/* The record of id: 1 found, 0 gone, -1 an LMDB error (in c->rc). */
static int
report_get(struct report_ctx *c, uint64_t id, json_t **rec)
{
	int rc;

	if ((rc = store_get_record(c->st, c->txn, id, rec)) == 0)
		return 1;
	if (rc == MDB_NOTFOUND)
		return 0;
	c->rc = rc;
	return -1;
}

/* --- review ------------------------------------------------------------ */

static int
report_review_cb(uint64_t id, const char *date, void *arg)
{
	struct report_ctx	*c = arg;
	json_t			*rec, *part, *item;
	const char		*agency;
	char			 ids[STORE_ID_LEN], keep[128], rel[128];
	long			 late;
	int			 r, past;

	if ((r = report_get(c, id, &rec)) <= 0)
		return r < 0;
	agency = report_agency(rec);
	if (!lc_reviewable(c->pol, record_str(rec, "disclosure")) ||
	    report_cleaned(rec) || !report_wanted(c, agency))
		goto out;
	if ((part = report_part(c, agency)) == NULL) {
		c->rc = ENOMEM;
		json_decref(rec);
		return 1;
	}
	store_id_format(id, ids);
	late = c->today - report_days(date);
	if (late < 0)
		late = 0;
	past = lc_has_flag(rec, "review_overdue") ||
	    (late > 0 && late >= c->pol->review_grace_days);
	snprintf(keep, sizeof(keep), "docketctl review %s keep --reason '…'",
	    ids);
	snprintf(rel, sizeof(rel), "docketctl review %s release --to public "
	    "--reason '…'", ids);
	item = json_pack("{s:s, s:O?, s:O?, s:O?, s:O?, s:s, s:I, s:b, s:b, "
	    "s:b, s:{s:s, s:s}}", "id", ids,
	    "docno", json_object_get(rec, "docno"),
	    "title", json_object_get(rec, "title"),
	    "signed_on", json_object_get(rec, "signed_on"),
	    "disclosure", json_object_get(rec, "disclosure"),
	    "next_review", date, "days_overdue", (json_int_t)late,
	    "overdue", late > 0, "past_grace", past,
	    "hold", json_is_true(json_object_get(rec, "hold")),
	    "command", "keep", keep, "release", rel);
	if (item == NULL) {
		c->rc = ENOMEM;
		json_decref(rec);
		return 1;
	}
	json_array_append_new(json_object_get(part, "items"), item);
	report_inc(part, "due", 1);
	if (late > 0)
		report_inc(part, "overdue", 1);
	if (past)
		report_inc(part, "past_grace", 1);
out:
	json_decref(rec);
	return 0;
}

static int
report_review(struct report_ctx *c, json_t *report, char *err, size_t errlen)
{
	char	upto[11];
	int	within = c->o->within_days, rc;

	if (within == 0)
		within = REPORT_WITHIN_DEFAULT;
	if (within < 0 || within > 36600) {
		errbuf_set(err, errlen, "the review look-ahead must be 0 to "
		    "36600 days, not %d", within);
		return -1;
	}
	if (lc_date_add(c->o->as_of, 0, within, upto) == -1) {
		errbuf_set(err, errlen, "cannot add %d days to %s", within,
		    c->o->as_of);
		return -1;
	}
	json_object_set_new(report, "within_days", json_integer(within));
	json_object_set_new(report, "until", json_string(upto));
	json_object_set_new(report, "grace_days",
	    json_integer(c->pol->review_grace_days));
	/* Due dates up to as_of + within, oldest (most overdue) first. */
	rc = store_each_due(c->st, c->txn, STORE_DUE_REVIEW, upto,
	    report_review_cb, c);
	if (rc == 0)
		rc = c->rc;
	if (rc != 0) {
		errbuf_set(err, errlen, "the due index: %s",
		    store_strerror(rc));
		return -1;
	}
	return 0;
}

/* --- cleanup ----------------------------------------------------------- */

static int
report_cleanup_doc(struct report_ctx *c, json_t *doc)
{
	json_t		*rec = NULL, *part, *item, *by;
	const char	*agency = NULL, *kind, *status;
	uint64_t	 id;
	int		 repealed;

	if (!json_is_object(doc))
		return 0;
	if (record_str(doc, "id") != NULL &&
	    store_id_parse(record_str(doc, "id"), &id) == 0 &&
	    report_get(c, id, &rec) < 0)
		return -1;
	if (rec != NULL)
		agency = report_agency(rec);
	else if ((agency = record_str(doc, "issuer")) == NULL ||
	    *agency == '\0')
		agency = REPORT_NO_AGENCY;
	if (!report_wanted(c, agency)) {
		json_decref(rec);
		return 0;
	}
	kind = record_str(doc, "kind");
	status = record_str(doc, "status");
	repealed = kind != NULL ? strcmp(kind, "废止") == 0 :
	    status != NULL && strcmp(status, "repealed") == 0;
	by = json_object_get(doc, "repealed_by");
	if (json_is_object(by))
		by = json_pack("{s:O?, s:O?, s:O?}", "id",
		    json_object_get(by, "id"), "docno",
		    json_object_get(by, "docno"), "title",
		    json_object_get(by, "title"));
	else
		by = json_null();
	item = json_pack("{s:O?, s:O?, s:O?, s:s, s:O?, s:O?, s:o}",
	    "id", json_object_get(doc, "id"),
	    "docno", json_object_get(doc, "docno"),
	    "title", json_object_get(doc, "title"),
	    "kind", repealed ? "废止" : "失效",
	    "status", json_object_get(doc, "status"),
	    "date", json_object_get(doc, "date"), "repealed_by", by);
	if (item == NULL || (part = report_part(c, agency)) == NULL) {
		json_decref(item);
		json_decref(rec);
		c->rc = ENOMEM;
		return -1;
	}
	json_array_append_new(json_object_get(part, "items"), item);
	report_inc(part, "cleaned", 1);
	report_inc(part, repealed ? "repealed" : "expired", 1);
	json_decref(rec);
	return 0;
}

static int
report_cleanup(struct report_ctx *c, struct vault *vt, json_t *report,
    char *err, size_t errlen)
{
	json_t		*res = NULL, *doc, *runs;
	json_error_t	 jerr;
	char		 path[64], date[11], meta[32], *buf = NULL;
	size_t		 len, i;
	int		 rc, fallback = 0, ret = -1;

	if (vt == NULL) {
		errbuf_set(err, errlen, "the cleanup report needs the vault");
		return -1;
	}
	memcpy(date, c->o->as_of, sizeof(date));
	snprintf(path, sizeof(path), "cleanup/%s.json", date);
	if ((rc = vault_read(vt, NULL, path, &buf, &len, err, errlen)) == -1)
		return -1;
	if (rc == 1) {
		/* None that day: the latest, by the time of its commit. */
		rc = store_meta_get(c->st, c->txn, "last_cleanup", meta,
		    sizeof(meta));
		if (rc != 0 && rc != MDB_NOTFOUND) {
			errbuf_set(err, errlen, "meta last_cleanup: %s",
			    store_strerror(rc));
			return -1;
		}
		if (rc == 0) {
			rc = 1;
			lc_date_of((int64_t)strtoll(meta, NULL, 10), date);
			if (strcmp(date, c->o->as_of) != 0) {
				snprintf(path, sizeof(path),
				    "cleanup/%s.json", date);
				if ((rc = vault_read(vt, NULL, path, &buf,
				    &len, err, errlen)) == -1)
					return -1;
				fallback = 1;
			}
		} else
			rc = 1;
	}
	if (rc == 1) {
		/* No result at all: a report that says so. */
		json_object_set_new(report, "cleanup", json_pack("{s:n, s:n, "
		    "s:b, s:i, s:n}", "date", "path", "fallback", 0, "runs", 0,
		    "held"));
		return 0;
	}
	if ((res = json_loadb(buf, len, 0, &jerr)) == NULL ||
	    !json_is_array(json_object_get(res, "documents"))) {
		errbuf_set(err, errlen, "%s in the vault is not a cleanup "
		    "result%s%s", path, res == NULL ? ": " : "",
		    res == NULL ? jerr.text : "");
		goto out;
	}
	runs = json_object_get(res, "runs");
	json_object_set_new(report, "cleanup", json_pack("{s:s, s:s, s:b, "
	    "s:I, s:O?}", "date", record_str(res, "date") ?
	    record_str(res, "date") : date, "path", path, "fallback", fallback,
	    "runs", (json_int_t)json_array_size(runs), "held", json_object_get(
	    json_array_get(runs, json_array_size(runs) - 1), "held")));
	json_array_foreach(json_object_get(res, "documents"), i, doc)
		if (report_cleanup_doc(c, doc) == -1) {
			errbuf_set(err, errlen, "%s", c->rc == ENOMEM ?
			    "out of memory" : store_strerror(c->rc));
			goto out;
		}
	ret = 0;
out:
	free(buf);
	json_decref(res);
	return ret;
}

/* --- compliance -------------------------------------------------------- */

static int
report_compliance_cb(json_t *rec, void *arg)
{
	struct report_ctx	*c = arg;
	json_t			*part, *item;
	const char		*agency = report_agency(rec), *id;

	if (report_cleaned(rec) || !report_wanted(c, agency) ||
	    (id = record_str(rec, "id")) == NULL)
		return 0;
	item = json_pack("{s:s, s:O?, s:O?, s:O?}", "id", id,
	    "docno", json_object_get(rec, "docno"),
	    "title", json_object_get(rec, "title"),
	    "signed_on", json_object_get(rec, "signed_on"));
	if (item == NULL || (part = report_part(c, agency)) == NULL) {
		json_decref(item);
		c->rc = ENOMEM;
		return 1;
	}
	json_array_append_new(json_object_get(json_object_get(part,
	    "sections"), c->sec->key), item);
	report_inc(json_object_get(part, "counts"), c->sec->key, 1);
	if (json_object_get(c->seen, id) == NULL) {
		json_object_set_new(c->seen, id, json_true());
		report_inc(part, "documents", 1);
	}
	return 0;
}

static int
report_compliance(struct report_ctx *c, char *err, size_t errlen)
{
	size_t	i;
	int	rc = 0;

	if ((c->seen = json_object()) == NULL) {
		errbuf_set(err, errlen, "out of memory");
		return -1;
	}
	for (i = 0; rc == 0 && i < REPORT_NSECTIONS; i++) {
		c->sec = &report_sections[i];
		rc = store_each_indexed(c->st, c->txn, c->sec->ix,
		    c->sec->key, report_compliance_cb, c);
		if (rc == 0)
			rc = c->rc;
	}
	if (rc != 0) {
		errbuf_set(err, errlen, "%s", rc == ENOMEM ? "out of memory" :
		    store_strerror(rc));
		return -1;
	}
	return 0;
}

/* --- summary ----------------------------------------------------------- */

/* Distinct keys of an index with their counts. */
struct report_keys {
	json_t	*out;
	size_t	*sum;
};

static int
report_key_cb(const char *k, size_t len, size_t n, void *arg)
{
	struct report_keys	*rk = arg;
	json_t			*key;

	/* A key cut inside a character is not a string: skip it. */
	if ((key = json_stringn(k, len)) == NULL)
		return 0;
	json_object_set_new(rk->out, json_string_value(key),
	    json_integer((json_int_t)n));
	json_decref(key);
	*rk->sum += n;
	return 0;
}

static int
report_index_keys(struct report_ctx *c, enum store_index ix, json_t *out,
    size_t *sum)
{
	struct report_keys rk = { out, sum };

	*sum = 0;
	return store_each_key(c->st, c->txn, ix, report_key_cb, &rk);
}

static int
report_counts(struct report_ctx *c, enum store_index ix,
    const char *(*tab)[2], size_t n, json_t *out)
{
	size_t	i, count;
	int	rc;

	for (i = 0; i < n; i++) {
		if ((rc = store_count_indexed(c->st, c->txn, ix, tab[i][0],
		    &count)) != 0)
			return rc;
		json_object_set_new(out, tab[i][0],
		    json_integer((json_int_t)count));
	}
	return 0;
}

/* Agency, docno and title of a record, looked up once. */
static json_t *
report_cached(struct report_ctx *c, uint64_t id)
{
	json_t	*rec, *e;
	char	 ids[STORE_ID_LEN];
	int	 r;

	store_id_format(id, ids);
	if ((e = json_object_get(c->cache, ids)) != NULL)
		return e;
	if ((r = report_get(c, id, &rec)) < 0)
		return NULL;
	if (r == 0)
		e = json_pack("{s:s, s:n, s:n}", "agency", REPORT_NO_AGENCY,
		    "docno", "title");
	else {
		e = json_pack("{s:s, s:O?, s:O?}", "agency",
		    report_agency(rec), "docno", json_object_get(rec, "docno"),
		    "title", json_object_get(rec, "title"));
		json_decref(rec);
	}
	if (e == NULL) {
		c->rc = ENOMEM;
		return NULL;
	}
	json_object_set_new(c->cache, ids, e);
	return e;
}

static int
report_change_cb(uint64_t id, uint32_t seq, const char *line, size_t len,
    void *arg)
{
	struct report_ctx	*c = arg;
	json_t			*ev, *e, *part, *changes, *item;
	json_error_t		 jerr;
	const char		*agency, *action;
	char			 ids[STORE_ID_LEN];

	if ((e = report_cached(c, id)) == NULL)
		return 1;
	agency = record_str(e, "agency");
	if (!report_wanted(c, agency))
		return 0;
	if ((ev = json_loadb(line, len, 0, &jerr)) == NULL)
		return 0;	/* not an event: verify's business */
	if ((part = report_part(c, agency)) == NULL) {
		json_decref(ev);
		c->rc = ENOMEM;
		return 1;
	}
	action = record_str(ev, "action");
	report_inc(json_object_get(part, "counts"), action ? action : "?", 1);
	report_inc(part, "changed", 1);
	changes = json_object_get(part, "changes");
	if (json_array_size(changes) >= REPORT_CHANGES_MAX) {
		report_inc(part, "omitted", 1);
		json_decref(ev);
		return 0;
	}
	store_id_format(id, ids);
	item = json_pack("{s:O?, s:s, s:I, s:O?, s:O?, s:O?, s:O?, s:O?, "
	    "s:O?}", "time", json_object_get(ev, "time"), "id", ids,
	    "seq", (json_int_t)seq, "docno", json_object_get(e, "docno"),
	    "title", json_object_get(e, "title"),
	    "action", json_object_get(ev, "action"),
	    "from", json_object_get(ev, "from"),
	    "to", json_object_get(ev, "to"),
	    "actor", json_object_get(ev, "actor"));
	json_decref(ev);
	if (item == NULL) {
		c->rc = ENOMEM;
		return 1;
	}
	json_array_append_new(changes, item);
	return 0;
}

static int
report_summary(struct report_ctx *c, json_t *report, char *err,
    size_t errlen)
{
	json_t	*totals, *disc, *stat, *dom;
	char	 until[11], day[11];
	size_t	 records, sum;
	int	 rc;

	if (c->o->since != NULL) {
		snprintf(day, sizeof(day), "%s", c->o->since);
		if (strlen(c->o->since) < 10 || strlen(c->o->since) > 19 ||
		    !report_valid_date(day)) {
			errbuf_set(err, errlen, "since must be a local time "
			    "YYYY-MM-DDTHH:MM:SS, not '%s'", c->o->since);
			return -1;
		}
	}
	if (lc_date_add(c->o->as_of, 0, 1, until) == -1) {
		errbuf_set(err, errlen, "cannot add a day to %s", c->o->as_of);
		return -1;
	}
	json_object_set_new(report, "since", c->o->since ?
	    json_string(c->o->since) : json_null());
	disc = json_object();
	stat = json_object();
	dom = json_object();
	totals = json_pack("{s:i, s:o, s:o, s:o}", "records", 0,
	    "disclosure", disc, "status", stat, "domain", dom);
	if (totals == NULL) {
		errbuf_set(err, errlen, "out of memory");
		return -1;
	}
	json_object_set_new(report, "totals", totals);
	if ((rc = store_count_records(c->st, c->txn, &records)) != 0 ||
	    (rc = report_counts(c, STORE_IDX_DISCLOSURE, report_disclosures,
	    sizeof(report_disclosures) / sizeof(report_disclosures[0]),
	    disc)) != 0 ||
	    (rc = report_counts(c, STORE_IDX_STATUS, report_statuses,
	    sizeof(report_statuses) / sizeof(report_statuses[0]), stat)) != 0 ||
	    (rc = report_index_keys(c, STORE_IDX_DOMAIN, dom, &sum)) != 0)
		goto fail;
	json_object_set_new(totals, "records",
	    json_integer((json_int_t)records));
	if (records > sum)
		json_object_set_new(dom, REPORT_NODOMAIN,
		    json_integer((json_int_t)(records - sum)));
	if (c->o->since == NULL)
		return 0;
	if ((c->cache = json_object()) == NULL) {
		rc = ENOMEM;
		goto fail;
	}
	rc = store_each_change(c->st, c->txn, c->o->since, until,
	    report_change_cb, c);
	if (rc == 0)
		rc = c->rc;
	if (rc != 0)
		goto fail;
	return 0;
fail:
	errbuf_set(err, errlen, "%s", rc == ENOMEM ? "out of memory" :
	    store_strerror(rc));
	return -1;
}

/* --- build ------------------------------------------------------------- */

json_t *
report_build(struct store *st, MDB_txn *txn, struct vault *vt,
    const struct report_opts *o, char *err, size_t errlen)
{
	struct report_ctx	 c;
	struct lc_policy	 defpol;
	json_t			*report;
	int			 i, rc = -1;

	memset(&c, 0, sizeof(c));
	for (i = 0; o->kind != NULL && i < REPORT_NKINDS; i++)
		if (strcmp(o->kind, report_kind_names[i]) == 0)
			break;
	if (o->kind == NULL || i == REPORT_NKINDS) {
		errbuf_set(err, errlen, "unknown report '%s': the kinds are "
		    "review, cleanup, compliance and summary",
		    o->kind ? o->kind : "");
		return NULL;
	}
	if (!report_valid_date(o->as_of)) {
		errbuf_set(err, errlen, "'%.10s' is not a date (YYYY-MM-DD)",
		    o->as_of);
		return NULL;
	}
	if (o->policy == NULL)
		lc_policy_default(&defpol);
	c.st = st;
	c.txn = txn;
	c.o = o;
	c.pol = o->policy ? o->policy : &defpol;
	c.kind = i;
	c.today = report_days(o->as_of);
	report = json_pack("{s:s, s:s, s:o}", "kind", o->kind, "as_of",
	    o->as_of, "generated_for", o->agency ? json_string(o->agency) :
	    json_null());
	if (report == NULL || (c.agencies = json_object()) == NULL) {
		errbuf_set(err, errlen, "out of memory");
		goto out;
	}
	switch (c.kind) {
	case REPORT_REVIEW:
		rc = report_review(&c, report, err, errlen);
		break;
	case REPORT_CLEANUP:
		rc = report_cleanup(&c, vt, report, err, errlen);
		break;
	case REPORT_COMPLIANCE:
		rc = report_compliance(&c, err, errlen);
		break;
	case REPORT_SUMMARY:
		rc = report_summary(&c, report, err, errlen);
		break;
	default:
		break;
	}
	if (rc != 0)
		goto out;
	json_object_set(report, "agencies", c.agencies);
	report_retotal(report);
out:
	json_decref(c.agencies);
	json_decref(c.seen);
	json_decref(c.cache);
	if (rc != 0) {
		json_decref(report);
		return NULL;
	}
	return report;
}

/* --- text -------------------------------------------------------------- */

struct report_table {
	size_t		 ncols;
	const char	*hdr[8];
	json_t		*rows;		/* [{cells: [...], notes: [...]}] */
};

static void
report_table_init(struct report_table *t, size_t ncols, ...)
{
	va_list	ap;
	size_t	i;

	t->ncols = ncols;
	va_start(ap, ncols);
	for (i = 0; i < ncols && i < 8; i++)
		t->hdr[i] = va_arg(ap, const char *);
	va_end(ap);
	t->rows = json_array();
}

/* A cell of the row being built; cols cuts it (0: never). */
static void
report_cell(json_t *row, const char *s, size_t cols)
{
	char *v = report_clean(s, cols);

	json_array_append_new(row, v ? json_string(v) : json_string("?"));
	free(v);
}

static void
report_table_row(struct report_table *t, json_t *cells, json_t *notes)
{
	json_array_append_new(t->rows, json_pack("{s:o, s:o}", "cells", cells,
	    "notes", notes ? notes : json_array()));
}

static void
report_pad(struct strbuf *sb, const char *s, size_t cols, int last)
{
	size_t w = width_str(s);

	report_add(sb, s);
	if (last)
		return;
	for (; w < cols + 2; w++)
		strbuf_add(sb, " ", 1);
}

static void
report_table_print(struct strbuf *sb, struct report_table *t)
{
	json_t	*row, *cells, *note;
	size_t	 w[8], i, j, total = 0;

	for (j = 0; j < t->ncols; j++)
		w[j] = width_str(t->hdr[j]);
	json_array_foreach(t->rows, i, row) {
		cells = json_object_get(row, "cells");
		for (j = 0; j < t->ncols; j++) {
			const char *s = json_string_value(json_array_get(cells,
			    j));

			if (s != NULL && width_str(s) > w[j])
				w[j] = width_str(s);
		}
	}
	for (j = 0; j < t->ncols; j++) {
		report_pad(sb, t->hdr[j], w[j], j + 1 == t->ncols);
		total += w[j] + (j + 1 == t->ncols ? 0 : 2);
	}
	strbuf_add(sb, "\n", 1);
	for (j = 0; j < total; j++)
		strbuf_add(sb, "-", 1);
	strbuf_add(sb, "\n", 1);
	json_array_foreach(t->rows, i, row) {
		cells = json_object_get(row, "cells");
		for (j = 0; j < t->ncols; j++) {
			const char *s = json_string_value(json_array_get(cells,
			    j));

			report_pad(sb, s ? s : "", w[j], j + 1 == t->ncols);
		}
		strbuf_add(sb, "\n", 1);
		json_array_foreach(json_object_get(row, "notes"), j, note) {
			report_add(sb, "    ");
			report_add(sb, json_string_value(note));
			strbuf_add(sb, "\n", 1);
		}
	}
	json_decref(t->rows);
	t->rows = NULL;
}

/* A cleaned-up data field in running text. */
static void
report_addclean(struct strbuf *sb, const char *s)
{
	char *v = report_clean(s, 0);

	if (v == NULL) {
		sb->nomem = 1;
		return;
	}
	report_add(sb, v);
	free(v);
}

static json_int_t
report_int(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* The agencies of a view with something to show, sorted; for a view of
 * one agency, that one even when its part is empty. */
static json_t *
report_view_agencies(json_t *view)
{
	const char *one = record_str(view, "generated_for");

	if (one != NULL)
		return json_pack("[s]", one);
	return report_agencies(view);
}

static void
report_text_title(struct strbuf *sb, json_t *view, int kind, const char *date)
{
	const char	*one = record_str(view, "generated_for");
	char		 cn[64];

	if (one != NULL) {
		report_addclean(sb, one);
		report_add(sb, " ");
	}
	report_cndate(date, cn, sizeof(cn));
	if (kind == REPORT_CLEANUP)
		report_addf(sb, "%s（%s）\n\n", report_titles[kind], cn);
	else
		report_addf(sb, "%s（截至%s）\n\n", report_titles[kind], cn);
}

/* Each agency's part under its 【name】 (no name when the view is one
 * agency's). */
static void
report_text_parts(struct strbuf *sb, json_t *view, json_t *agencies,
    json_t *parts, int one, void (*part_fn)(struct strbuf *, json_t *,
    json_t *))
{
	json_t	*a;
	size_t	 i;

	json_array_foreach(agencies, i, a) {
		if (!one) {
			report_add(sb, "【");
			report_addclean(sb, json_string_value(a));
			report_add(sb, "】");
		}
		part_fn(sb, view, json_object_get(parts, json_string_value(a)));
		report_add(sb, "\n");
	}
}

static void
report_text_review_part(struct strbuf *sb, json_t *view, json_t *part)
{
	struct report_table	 t;
	json_t			*item, *cells, *notes, *cmd;
	size_t			 i;
	char			 days[32];

	report_addf(sb, "待审查 %lld 件，其中已逾期 %lld 件",
	    (long long)report_int(part, "due"),
	    (long long)report_int(part, "overdue"));
	if (report_int(part, "past_grace") > 0)
		report_addf(sb, "（超过%lld日宽限期 %lld 件）",
		    (long long)report_int(view, "grace_days"),
		    (long long)report_int(part, "past_grace"));
	report_add(sb, "。\n");
	if (json_array_size(json_object_get(part, "items")) == 0)
		return;
	report_add(sb, "\n");
	report_table_init(&t, 6, "编号", "文号", "标题", "成文日期", "审查期限",
	    "逾期天数");
	json_array_foreach(json_object_get(part, "items"), i, item) {
		cells = json_array();
		notes = json_array();
		report_cell(cells, record_str(item, "id"), 0);
		report_cell(cells, record_str(item, "docno"), REPORT_CELL_COLS);
		report_cell(cells, record_str(item, "title"),
		    REPORT_TITLE_COLS);
		report_cell(cells, record_str(item, "signed_on"), 0);
		report_cell(cells, record_str(item, "next_review"), 0);
		if (json_is_true(json_object_get(item, "overdue")))
			snprintf(days, sizeof(days), "%lld", (long long)
			    report_int(item, "days_overdue"));
		else
			snprintf(days, sizeof(days), "%s", REPORT_NOVALUE);
		report_cell(cells, days, 0);
		cmd = json_object_get(item, "command");
		report_cell(notes, record_str(cmd, "keep"), 0);
		report_cell(notes, record_str(cmd, "release"), 0);
		if (json_is_true(json_object_get(item, "hold")))
			report_cell(notes, "（冻结中：release 前须先 docketctl "
			    "unhold）", 0);
		report_table_row(&t, cells, notes);
	}
	report_table_print(sb, &t);
}

static void
report_text_review(struct strbuf *sb, json_t *view, json_t *agencies)
{
	json_t		*parts = json_object_get(view, "agencies");
	json_t		*totals = json_object_get(view, "totals");
	char		 until[64];
	int		 one = record_str(view, "generated_for") != NULL;

	report_text_title(sb, view, REPORT_REVIEW, record_str(view, "as_of"));
	report_cndate(record_str(view, "until"), until, sizeof(until));
	report_addf(sb, "以下是审查期限在%s以前（%lld日内）或已经逾期、"
	    "须作出审查决定的文件。", until,
	    (long long)report_int(view, "within_days"));
	if (report_int(totals, "due") == 0) {
		report_add(sb, "\n\n没有待审查的文件。\n");
		return;
	}
	report_add(sb, "每件文件下方是记录决定的命令：keep 维持现有公开属性，"
	    "release 转为主动公开（请把 '…' 换成审查理由）。\n\n");
	if (!one)
		report_addf(sb, "共 %lld 个机关，待审查 %lld 件，其中已逾期 "
		    "%lld 件。\n\n", (long long)report_int(totals, "agencies"),
		    (long long)report_int(totals, "due"),
		    (long long)report_int(totals, "overdue"));
	report_text_parts(sb, view, agencies, parts, one,
	    report_text_review_part);
}

static void
report_text_cleanup_part(struct strbuf *sb, json_t *view, json_t *part)
{
	(void)view;
	struct report_table	 t;
	json_t			*item, *cells, *by;
	size_t			 i;
	char			*v;
	struct strbuf		 b;

	report_addf(sb, "清理文件 %lld 件，其中失效 %lld 件，废止 %lld 件。\n",
	    (long long)report_int(part, "cleaned"),
	    (long long)report_int(part, "expired"),
	    (long long)report_int(part, "repealed"));
	if (json_array_size(json_object_get(part, "items")) == 0)
		return;
	report_add(sb, "\n");
	report_table_init(&t, 6, "编号", "文号", "标题", "清理类型",
	    "失效或废止日期", "废止依据");
	json_array_foreach(json_object_get(part, "items"), i, item) {
		cells = json_array();
		report_cell(cells, record_str(item, "id"), 0);
		report_cell(cells, record_str(item, "docno"), REPORT_CELL_COLS);
		report_cell(cells, record_str(item, "title"),
		    REPORT_TITLE_COLS);
		report_cell(cells, record_str(item, "kind"), 0);
		report_cell(cells, record_str(item, "date"), 0);
		by = json_object_get(item, "repealed_by");
		memset(&b, 0, sizeof(b));
		if (json_is_object(by)) {
			if (record_str(by, "docno") != NULL)
				report_add(&b, record_str(by, "docno"));
			if (record_str(by, "title") != NULL) {
				if (b.len > 0)
					report_add(&b, " ");
				report_add(&b, record_str(by, "title"));
			}
			if (b.len == 0 && record_str(by, "id") != NULL)
				report_add(&b, record_str(by, "id"));
		}
		v = b.nomem ? NULL : b.s;
		/* The last column: not cut. */
		report_cell(cells, v, 0);
		strbuf_free(&b);
		report_table_row(&t, cells, NULL);
	}
	report_table_print(sb, &t);
}

static void
report_text_cleanup(struct strbuf *sb, json_t *view, json_t *agencies)
{
	json_t		*parts = json_object_get(view, "agencies");
	json_t		*totals = json_object_get(view, "totals");
	json_t		*cl = json_object_get(view, "cleanup");
	const char	*date = record_str(cl, "date");
	char		 cn[64], asof[64];
	int		 one = record_str(view, "generated_for") != NULL;

	report_text_title(sb, view, REPORT_CLEANUP, date ? date :
	    record_str(view, "as_of"));
	report_cndate(record_str(view, "as_of"), asof, sizeof(asof));
	if (date == NULL) {
		report_addf(sb, "截至%s，档案库中还没有清理结果。\n", asof);
		return;
	}
	report_cndate(date, cn, sizeof(cn));
	if (json_is_true(json_object_get(cl, "fallback")))
		report_addf(sb, "%s没有进行清理，以下是最近一次清理"
		    "（%s）的结果。\n\n", asof, cn);
	report_addf(sb, "清理日期：%s。", cn);
	if (!one) {
		report_addf(sb, "本次共清理文件 %lld 件，其中失效 %lld 件，"
		    "废止 %lld 件", (long long)report_int(totals, "cleaned"),
		    (long long)report_int(totals, "expired"),
		    (long long)report_int(totals, "repealed"));
		if (json_integer_value(json_object_get(cl, "held")) > 0)
			report_addf(sb, "；另有 %lld 件因冻结未清理",
			    (long long)report_int(cl, "held"));
		report_add(sb, "。\n\n");
	} else
		report_add(sb, "\n\n");
	if (json_array_size(agencies) == 0 && !one)
		report_add(sb, "本次清理没有需要清理的文件。\n\n");
	report_text_parts(sb, view, agencies, parts, one,
	    report_text_cleanup_part);
	report_add(sb, "以上文件自清理之日起不再作为有效文件，原文及其全部记录"
	    "保存于档案库。\n");
}

static void
report_text_compliance_part(struct strbuf *sb, json_t *view, json_t *part)
{
	(void)view;
	struct report_table	 t;
	json_t			*counts = json_object_get(part, "counts");
	json_t			*items, *item, *cells;
	size_t			 i, j, n = 0;

	report_addf(sb, "需要处理的文件 %lld 件：",
	    (long long)report_int(part, "documents"));
	for (i = 0; i < REPORT_NSECTIONS; i++)
		report_addf(sb, "%s%s %lld 件", i ? "，" : "",
		    report_sections[i].name, (long long)report_int(counts,
		    report_sections[i].key));
	report_add(sb, "。\n");
	for (i = 0; i < REPORT_NSECTIONS; i++) {
		items = json_object_get(json_object_get(part, "sections"),
		    report_sections[i].key);
		if (json_array_size(items) == 0)
			continue;
		report_addf(sb, "\n%s、%s（%zu 件）\n%s。\n\n",
		    report_numerals[n++ % 10], report_sections[i].name,
		    json_array_size(items), report_sections[i].hint);
		report_table_init(&t, 4, "编号", "文号", "标题", "成文日期");
		json_array_foreach(items, j, item) {
			cells = json_array();
			report_cell(cells, record_str(item, "id"), 0);
			report_cell(cells, record_str(item, "docno"),
			    REPORT_CELL_COLS);
			report_cell(cells, record_str(item, "title"),
			    REPORT_TITLE_COLS);
			report_cell(cells, record_str(item, "signed_on"), 0);
			report_table_row(&t, cells, NULL);
		}
		report_table_print(sb, &t);
	}
}

static void
report_text_compliance(struct strbuf *sb, json_t *view, json_t *agencies)
{
	json_t		*parts = json_object_get(view, "agencies");
	json_t		*totals = json_object_get(view, "totals");
	int		 one = record_str(view, "generated_for") != NULL;

	report_text_title(sb, view, REPORT_COMPLIANCE,
	    record_str(view, "as_of"));
	if (!one) {
		if (report_int(totals, "documents") == 0) {
			report_add(sb, "没有需要处理的文件。\n");
			return;
		}
		report_addf(sb, "共 %lld 个机关，需要处理的文件 %lld 件。\n\n",
		    (long long)report_int(totals, "agencies"),
		    (long long)report_int(totals, "documents"));
	}
	report_text_parts(sb, view, agencies, parts, one,
	    report_text_compliance_part);
}

/* A two-column table of counts: name (in Chinese where known), count. */
static void
report_text_counts(struct strbuf *sb, const char *what, json_t *counts,
    const char *(*tab)[2], size_t n)
{
	struct report_table	 t;
	json_t			*cells, *v;
	const char		*k, *name;
	char			 num[32];

	report_table_init(&t, 2, what, "件数");
	json_object_foreach(counts, k, v) {
		cells = json_array();
		name = tab != NULL ? report_lookup(tab, n, k) : NULL;
		report_cell(cells, name ? name : k, REPORT_CELL_COLS);
		snprintf(num, sizeof(num), "%lld",
		    (long long)json_integer_value(v));
		report_cell(cells, num, 0);
		report_table_row(&t, cells, NULL);
	}
	report_table_print(sb, &t);
}

static void
report_text_summary_part(struct strbuf *sb, json_t *view, json_t *part)
{
	(void)view;
	struct report_table	 t;
	json_t			*counts = json_object_get(part, "counts");
	json_t			*ch, *cells, *v;
	const char		*k;
	char			 tbuf[32], ft[256];
	size_t			 i;
	int			 any = 0;

	report_addf(sb, "共 %lld 条", (long long)report_int(part, "changed"));
	json_object_foreach(counts, k, v) {
		if (json_integer_value(v) == 0)
			continue;
		report_add(sb, any ? "，" : "：");
		report_addclean(sb, report_action_name(k));
		report_addf(sb, " %lld 条", (long long)json_integer_value(v));
		any = 1;
	}
	report_add(sb, "。\n");
	if (json_array_size(json_object_get(part, "changes")) == 0)
		return;
	report_add(sb, "\n");
	report_table_init(&t, 6, "时间", "编号", "文号", "事项", "变动",
	    "操作人");
	json_array_foreach(json_object_get(part, "changes"), i, ch) {
		cells = json_array();
		report_time(record_str(ch, "time"), tbuf, sizeof(tbuf));
		report_cell(cells, tbuf, 0);
		report_cell(cells, record_str(ch, "id"), 0);
		report_cell(cells, record_str(ch, "docno"), REPORT_CELL_COLS);
		report_cell(cells, report_action_name(record_str(ch,
		    "action")), 0);
		snprintf(ft, sizeof(ft), "%s→%s",
		    report_value_name(record_str(ch, "from")),
		    report_value_name(record_str(ch, "to")));
		report_cell(cells, ft, REPORT_CELL_COLS);
		report_cell(cells, record_str(ch, "actor"), 0);
		report_table_row(&t, cells, NULL);
	}
	report_table_print(sb, &t);
	if (report_int(part, "omitted") > 0)
		report_addf(sb, "另有 %lld 条未列出（可用 docketctl history "
		    "编号 查看）。\n", (long long)report_int(part, "omitted"));
}

static void
report_text_summary(struct strbuf *sb, json_t *view, json_t *agencies)
{
	json_t		*parts = json_object_get(view, "agencies");
	json_t		*totals = json_object_get(view, "totals");
	const char	*since = record_str(view, "since");
	char		 tbuf[32];
	int		 one = record_str(view, "generated_for") != NULL;

	report_text_title(sb, view, REPORT_SUMMARY, record_str(view, "as_of"));
	report_addf(sb, "档案共有文件 %lld 件。\n\n",
	    (long long)report_int(totals, "records"));
	report_add(sb, "一、公开属性（全部档案）\n\n");
	report_text_counts(sb, "公开属性", json_object_get(totals,
	    "disclosure"), report_disclosures, sizeof(report_disclosures) /
	    sizeof(report_disclosures[0]));
	report_add(sb, "\n二、效力状态（全部档案）\n\n");
	report_text_counts(sb, "效力状态", json_object_get(totals, "status"),
	    report_statuses, sizeof(report_statuses) /
	    sizeof(report_statuses[0]));
	report_add(sb, "\n三、领域（全部档案）\n\n");
	if (json_object_size(json_object_get(totals, "domain")) == 0)
		report_add(sb, "没有文件。\n");
	else
		report_text_counts(sb, "领域", json_object_get(totals,
		    "domain"), NULL, 0);
	report_add(sb, "\n四、变动情况");
	if (since == NULL) {
		report_add(sb, "\n\n不知道上次报告的时间，本报告不列变动"
		    "情况。\n");
		return;
	}
	report_time(since, tbuf, sizeof(tbuf));
	report_add(sb, "（自");
	report_addclean(sb, tbuf);
	report_add(sb, "起）\n\n");
	if (!one) {
		if (report_int(totals, "changed") == 0) {
			report_add(sb, "期间没有变动。\n");
			return;
		}
		report_addf(sb, "共 %lld 个机关，变动 %lld 条。\n\n",
		    (long long)report_int(totals, "agencies"),
		    (long long)report_int(totals, "changed"));
	}
	report_text_parts(sb, view, agencies, parts, one,
	    report_text_summary_part);
}

/* --- csv --------------------------------------------------------------- */

/* One field: control characters (CR, LF) become spaces, so it is
 * quoted only when it holds a comma or a quote (doubled). */
static void
report_csv_field(struct strbuf *sb, const char *s, int first)
{
	const char	*p;
	int		 quote;

	if (!first)
		strbuf_add(sb, ",", 1);
	if (s == NULL)
		return;
	quote = strpbrk(s, ",\"") != NULL;
	if (quote)
		strbuf_add(sb, "\"", 1);
	for (p = s; *p; p++) {
		if (*p == '"')
			strbuf_add(sb, "\"\"", 2);
		else if ((unsigned char)*p < 0x20 || *p == 0x7f)
			strbuf_add(sb, " ", 1);
		else
			strbuf_add(sb, p, 1);
	}
	if (quote)
		strbuf_add(sb, "\"", 1);
}

/* An event's from or to: empty when null. */
static const char *
report_csv_value(const char *v)
{
	return v != NULL ? report_value_name(v) : NULL;
}

static void
report_csv_row(struct strbuf *sb, size_t n, const char **v)
{
	size_t i;

	for (i = 0; i < n; i++)
		report_csv_field(sb, v[i], i == 0);
	strbuf_add(sb, "\r\n", 2);
}

static void
report_csv(struct strbuf *sb, json_t *view, json_t *agencies, int kind)
{
	static const char *hdr[REPORT_NKINDS][10] = {
		{ "机关", "编号", "文号", "标题", "成文日期", "审查期限",
		  "逾期天数", "是否逾期", "维持命令", "放开命令" },
		{ "机关", "编号", "文号", "标题", "清理类型", "失效或废止日期",
		  "废止依据编号", "废止依据文号", "废止依据标题" },
		{ "机关", "问题", "编号", "文号", "标题", "成文日期" },
		{ "机关", "时间", "编号", "文号", "事项", "原值", "新值",
		  "操作人" },
	};
	static const size_t nhdr[REPORT_NKINDS] = { 10, 9, 6, 8 };
	json_t		*parts = json_object_get(view, "agencies"), *a, *part;
	json_t		*item, *by, *cmd;
	const char	*v[10], *an;
	char		 num[32], tbuf[32];
	size_t		 i, j, k;

	report_csv_row(sb, nhdr[kind], hdr[kind]);
	json_array_foreach(agencies, i, a) {
		an = json_string_value(a);
		part = json_object_get(parts, an);
		switch (kind) {
		case REPORT_REVIEW:
			json_array_foreach(json_object_get(part, "items"), j,
			    item) {
				cmd = json_object_get(item, "command");
				snprintf(num, sizeof(num), "%lld", (long long)
				    report_int(item, "days_overdue"));
				v[0] = an;
				v[1] = record_str(item, "id");
				v[2] = record_str(item, "docno");
				v[3] = record_str(item, "title");
				v[4] = record_str(item, "signed_on");
				v[5] = record_str(item, "next_review");
				v[6] = num;
				v[7] = json_is_true(json_object_get(item,
				    "overdue")) ? "是" : "否";
				v[8] = record_str(cmd, "keep");
				v[9] = record_str(cmd, "release");
				report_csv_row(sb, 10, v);
			}
			break;
		case REPORT_CLEANUP:
			json_array_foreach(json_object_get(part, "items"), j,
			    item) {
				by = json_object_get(item, "repealed_by");
				v[0] = an;
				v[1] = record_str(item, "id");
				v[2] = record_str(item, "docno");
				v[3] = record_str(item, "title");
				v[4] = record_str(item, "kind");
				v[5] = record_str(item, "date");
				v[6] = record_str(by, "id");
				v[7] = record_str(by, "docno");
				v[8] = record_str(by, "title");
				report_csv_row(sb, 9, v);
			}
			break;
		case REPORT_COMPLIANCE:
			for (k = 0; k < REPORT_NSECTIONS; k++)
				json_array_foreach(json_object_get(
				    json_object_get(part, "sections"),
				    report_sections[k].key), j, item) {
					v[0] = an;
					v[1] = report_sections[k].name;
					v[2] = record_str(item, "id");
					v[3] = record_str(item, "docno");
					v[4] = record_str(item, "title");
					v[5] = record_str(item, "signed_on");
					report_csv_row(sb, 6, v);
				}
			break;
		case REPORT_SUMMARY:
			json_array_foreach(json_object_get(part, "changes"), j,
			    item) {
				report_time(record_str(item, "time"), tbuf,
				    sizeof(tbuf));
				v[0] = an;
				v[1] = tbuf;
				v[2] = record_str(item, "id");
				v[3] = record_str(item, "docno");
				v[4] = report_action_name(record_str(item,
				    "action"));
				v[5] = report_csv_value(record_str(item,
				    "from"));
				v[6] = report_csv_value(record_str(item,
				    "to"));
				v[7] = record_str(item, "actor");
				report_csv_row(sb, 8, v);
			}
			break;
		default:
			break;
		}
	}
}

/* --- render ------------------------------------------------------------ */

char *
report_render(json_t *report, const char *agency, const char *format,
    size_t *len, char *err, size_t errlen)
{
	struct strbuf	 sb;
	json_t		*view, *agencies;
	char		*s;
	int		 kind = report_kind_of(report);

	if (kind < 0) {
		errbuf_set(err, errlen, "not a report");
		return NULL;
	}
	if (format == NULL || (strcmp(format, "text") != 0 &&
	    strcmp(format, "csv") != 0 && strcmp(format, "json") != 0)) {
		errbuf_set(err, errlen, "unknown format '%s': the formats are "
		    "text, csv and json", format ? format : "");
		return NULL;
	}
	if ((view = report_view(report, agency)) == NULL) {
		errbuf_set(err, errlen, "out of memory");
		return NULL;
	}
	memset(&sb, 0, sizeof(sb));
	if (strcmp(format, "json") == 0) {
		s = json_dumps(view, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		if (s != NULL) {
			report_add(&sb, s);
			report_add(&sb, "\n");
			free(s);
		} else
			sb.nomem = 1;
	} else if ((agencies = report_view_agencies(view)) == NULL)
		sb.nomem = 1;
	else {
		if (strcmp(format, "csv") == 0)
			report_csv(&sb, view, agencies, kind);
		else if (kind == REPORT_REVIEW)
			report_text_review(&sb, view, agencies);
		else if (kind == REPORT_CLEANUP)
			report_text_cleanup(&sb, view, agencies);
		else if (kind == REPORT_COMPLIANCE)
			report_text_compliance(&sb, view, agencies);
		else
			report_text_summary(&sb, view, agencies);
		json_decref(agencies);
	}
	json_decref(view);
	if (sb.nomem || sb.s == NULL) {
		strbuf_free(&sb);
		errbuf_set(err, errlen, "out of memory");
		return NULL;
	}
	if (len != NULL)
		*len = sb.len;
	return sb.s;
}

void
report_subject(json_t *report, const char *agency, char *buf, size_t len)
{
	json_t		*view, *totals, *cl;
	const char	*one, *date;
	char		 cn[64], *who = NULL, *p;
	int		 kind = report_kind_of(report);

	if (len == 0)
		return;
	buf[0] = '\0';
	if (kind < 0 || (view = report_view(report, agency)) == NULL)
		return;
	totals = json_object_get(view, "totals");
	one = record_str(view, "generated_for");
	if (one != NULL && (who = report_clean(one, 0)) == NULL)
		goto out;
	date = record_str(view, "as_of");
	cl = json_object_get(view, "cleanup");
	if (kind == REPORT_CLEANUP && record_str(cl, "date") != NULL)
		date = record_str(cl, "date");
	report_cndate(date, cn, sizeof(cn));
	switch (kind) {
	case REPORT_REVIEW:
		errbuf_set(buf, len, "【政务公开】%s%s%s：待审查 %lld 件"
		    "（逾期 %lld 件）（%s）", who ? who : "", who ? " " : "",
		    report_short[kind], (long long)report_int(totals, "due"),
		    (long long)report_int(totals, "overdue"), cn);
		break;
	case REPORT_CLEANUP:
		if (record_str(cl, "date") == NULL)
			errbuf_set(buf, len, "【政务公开】%s%s%s：尚无清理结果"
			    "（%s）", who ? who : "", who ? " " : "",
			    report_short[kind], cn);
		else
			errbuf_set(buf, len, "【政务公开】%s%s%s：清理 %lld 件"
			    "（失效 %lld 件，废止 %lld 件）（%s）",
			    who ? who : "", who ? " " : "", report_short[kind],
			    (long long)report_int(totals, "cleaned"),
			    (long long)report_int(totals, "expired"),
			    (long long)report_int(totals, "repealed"), cn);
		break;
	case REPORT_COMPLIANCE:
		errbuf_set(buf, len, "【政务公开】%s%s%s：待处理文件 %lld 件"
		    "（%s）", who ? who : "", who ? " " : "",
		    report_short[kind],
		    (long long)report_int(totals, "documents"), cn);
		break;
	default:
		if (record_str(view, "since") == NULL)
			errbuf_set(buf, len, "【政务公开】%s%s%s：共有文件 "
			    "%lld 件（%s）", who ? who : "", who ? " " : "",
			    report_short[kind],
			    (long long)report_int(totals, "records"), cn);
		else
			errbuf_set(buf, len, "【政务公开】%s%s%s：变动 %lld 条"
			    "（%s）", who ? who : "", who ? " " : "",
			    report_short[kind],
			    (long long)report_int(totals, "changed"), cn);
		break;
	}
	/* Nothing in a header line may break it. */
	for (p = buf; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
out:
	free(who);
	json_decref(view);
}
