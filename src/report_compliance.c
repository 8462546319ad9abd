/*
 * report_compliance: what needs a secretary's attention, by agency and
 * section — undetermined disclosure, missing reasons, conflicting
 * markings, overdue reviews, missing docno or date — from the
 * disclosure and flag indexes; and the disclosure applications answered
 * late (flag answered_late) this calendar year up to the report's day,
 * from the applications' due index ('L' keys) — ids and dates only, no
 * applicant; and, with report_opts.annual, last year's annual report:
 * when it is due, and late (report_annual.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply_store.h"
#include "errbuf.h"
#include "record.h"
#include "report_annual.h"
#include "report_kind.h"

struct report_section {
	const char	*key;
	const char	*name;
	enum store_index ix;
	const char	*hint;
};

static const struct report_section report_sections[] = {
	{ "undetermined", "未确定公开属性", STORE_IDX_DISCLOSURE,
	  "请确定公开属性（主动公开、依申请公开或不予公开；后两种须写明理由），"
	  "告知档案管理员登记" },
	{ "missing_reason", "缺少不予公开理由", STORE_IDX_FLAG,
	  "依申请公开、不予公开须写明理由，请将理由告知档案管理员补录" },
	{ "conflicting_markings", "公开属性标注冲突", STORE_IDX_FLAG,
	  "原文的公开属性标注相互矛盾，请核对原文，将正确的公开属性告知档案"
	  "管理员登记" },
	{ "review_overdue", "审查逾期", STORE_IDX_FLAG,
	  "审查期限已过，请尽快作出审查决定（继续不予公开或予以公开），并告知"
	  "档案管理员登记" },
	{ "no_docno", "缺少文号", STORE_IDX_FLAG,
	  "未能从原文识别文号，请核对原文" },
	{ "no_date", "缺少成文日期", STORE_IDX_FLAG,
	  "未能从原文识别成文日期，请核对原文" },
	{ "published_late", "主动公开超过二十个工作日", STORE_IDX_FLAG,
	  "这些文件进入公开目录时已超过成文日期（或解除不予公开）后二十个工作日"
	  "（《政府信息公开条例》第二十六条）；括号内是原因：报送迟（起草系统"
	  "交来时已超期）或待定（公开属性未确定期间超期），请查明并改进" },
};
#define REPORT_NSECTIONS (sizeof(report_sections) / sizeof(report_sections[0]))

static const char *report_numerals[] = {
	"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"
};

/* The title cell; a late publication says first why and how late. */
static void
compliance_title_cell(json_t *cells, json_t *item)
{
	json_t		*lag = json_object_get(item, "publish_lag");
	const char	*cause = record_str(lag, "cause");
	char		 buf[1024];

	if (!json_is_object(lag) || record_str(item, "title") == NULL) {
		report_cell(cells, record_str(item, "title"),
		    REPORT_TITLE_COLS);
		return;
	}
	/* The cause first: a long title is cut at the column's end. */
	snprintf(buf, sizeof(buf), "（%s，%lld 个工作日）%s", cause != NULL &&
	    strcmp(cause, "undetermined") == 0 ? "待定" : "报送迟",
	    (long long)json_integer_value(json_object_get(lag, "workdays")),
	    record_str(item, "title"));
	report_cell(cells, buf, REPORT_TITLE_COLS);
}

static json_t *
compliance_new_part(void)
{
	json_t	*counts = json_object(), *secs = json_object();
	size_t	 i;

	for (i = 0; i < REPORT_NSECTIONS; i++) {
		json_object_set_new(counts, report_sections[i].key,
		    json_integer(0));
		json_object_set_new(secs, report_sections[i].key, json_array());
	}
	return json_pack("{s:i, s:o, s:o, s:i, s:[]}", "documents", 0,
	    "counts", counts, "sections", secs, "answered_late", 0,
	    "late_answers");
}

static size_t
compliance_part_items(json_t *part)
{
	return (size_t)json_integer_value(json_object_get(part,
	    "documents")) + (size_t)json_integer_value(json_object_get(part,
	    "answered_late")) + report_annual_items(part);
}

/* An application answered late ('L' key: the day of the answer). */
static int
report_late_cb(const char *id, const char *date, void *arg)
{
	struct report_ctx	*c = arg;
	json_t			*rec, *part, *item;
	const char		*agency;
	int			 rc;

	/* This year up to the report's day. */
	if (strncmp(date, c->o->as_of, 4) != 0 ||
	    strcmp(date, c->o->as_of) > 0)
		return 0;
	if ((rc = apply_store_get(c->st, c->txn, id, &rec)) != 0) {
		if (rc != MDB_NOTFOUND)
			c->rc = rc;
		return rc != MDB_NOTFOUND;
	}
	agency = report_agency(rec);
	if (!report_wanted(c, agency)) {
		json_decref(rec);
		return 0;
	}
	item = json_pack("{s:s, s:O?, s:O?, s:s, s:O?}", "id", id,
	    "received", json_object_get(rec, "received"),
	    "due", json_object_get(rec, "due"), "answered", date,
	    "type", json_object_get(json_object_get(rec, "answer"), "type"));
	/* agency is rec's: rec lives until the part is found. */
	part = item != NULL ? report_part(c, agency) : NULL;
	json_decref(rec);
	if (item == NULL || part == NULL) {
		json_decref(item);
		c->rc = ENOMEM;
		return 1;
	}
	json_array_append_new(json_object_get(part, "late_answers"), item);
	report_inc(part, "answered_late", 1);
	return 0;
}

static int
report_compliance_cb(json_t *rec, void *arg)
{
	struct report_ctx	*c = arg;
	json_t			*part, *item;
	const char		*agency = report_agency(rec), *id;
	const struct report_section *sec = c->sec;

	if (report_cleaned(rec) || !report_wanted(c, agency) ||
	    (id = record_str(rec, "id")) == NULL)
		return 0;
	item = json_pack("{s:s, s:o, s:o, s:O?}", "id", id,
	    "docno", report_docno(c, rec),
	    "title", report_title(c, rec),
	    "signed_on", json_object_get(rec, "signed_on"));
	if (item != NULL && strcmp(sec->key, "published_late") == 0 &&
	    json_is_object(json_object_get(rec, "publish_lag")))
		json_object_set(item, "publish_lag", json_object_get(rec,
		    "publish_lag"));
	if (item == NULL || (part = report_part(c, agency)) == NULL) {
		json_decref(item);
		c->rc = ENOMEM;
		return 1;
	}
	json_array_append_new(json_object_get(json_object_get(part,
	    "sections"), sec->key), item);
	report_inc(json_object_get(part, "counts"), sec->key, 1);
	if (json_object_get(c->seen, id) == NULL) {
		json_object_set_new(c->seen, id, json_true());
		report_inc(part, "documents", 1);
	}
	return 0;
}

static int
compliance_build(struct report_ctx *c, json_t *report, char *err,
    size_t errlen)
{
	const struct report_section *sec;
	size_t	i;
	int	rc = 0;

	(void)report;
	if ((c->seen = json_object()) == NULL) {
		errbuf_set(err, errlen, "out of memory");
		return -1;
	}
	for (i = 0; rc == 0 && i < REPORT_NSECTIONS; i++) {
		c->sec = sec = &report_sections[i];
		rc = store_each_indexed(c->st, c->txn, sec->ix, sec->key,
		    report_compliance_cb, c);
		if (rc == 0)
			rc = c->rc;
	}
	if (rc == 0 && (rc = apply_store_each_due(c->st, c->txn,
	    APPLY_DUE_LATE, c->o->as_of, report_late_cb, c)) == 0)
		rc = c->rc;
	if (rc != 0) {
		errbuf_set(err, errlen, "%s", rc == ENOMEM ? "out of memory" :
		    store_strerror(rc));
		return -1;
	}
	return report_annual_build(c, err, errlen);
}

static void
report_text_compliance_part(struct report_out *sb, json_t *view, json_t *part)
{
	(void)view;
	struct report_table	 t;
	json_t			*counts = json_object_get(part, "counts");
	json_t			*items, *item, *cells;
	size_t			 i, j, n = 0;

	report_annual_text(sb, part);
	report_addf(sb, "需要处理的文件 %lld 件：",
	    (long long)report_int(part, "documents"));
	for (i = 0; i < REPORT_NSECTIONS; i++)
		report_addf(sb, "%s%s %lld 件", i ? "，" : "",
		    report_sections[i].name, (long long)report_int(counts,
		    report_sections[i].key));
	report_add(sb, "。\n");
	if (report_int(part, "answered_late") > 0)
		report_addf(sb, "本年度逾期答复的政府信息公开申请 %lld 件。\n",
		    (long long)report_int(part, "answered_late"));
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
			compliance_title_cell(cells, item);
			report_cell(cells, record_str(item, "signed_on"), 0);
			report_table_row(&t, cells, NULL);
		}
		report_table_print(sb, &t);
	}
	items = json_object_get(part, "late_answers");
	if (json_array_size(items) == 0)
		return;
	report_addf(sb, "\n%s、逾期答复的政府信息公开申请（%zu 件）\n本年度"
	    "超过《政府信息公开条例》第三十三条规定期限作出答复的申请，"
	    "计入年度报告，请查明原因。\n\n", report_numerals[n++ % 10],
	    json_array_size(items));
	report_table_init(&t, 4, "编号", "收到日期", "答复期限", "答复日期");
	json_array_foreach(items, j, item) {
		cells = json_array();
		report_cell(cells, record_str(item, "id"), 0);
		report_cell(cells, record_str(item, "received"), 0);
		report_cell(cells, record_str(item, "due"), 0);
		report_cell(cells, record_str(item, "answered"), 0);
		report_table_row(&t, cells, NULL);
	}
	report_table_print(sb, &t);
}

static void
report_text_compliance(struct report_out *sb, json_t *view, json_t *agencies)
{
	json_t		*parts = json_object_get(view, "agencies");
	json_t		*totals = json_object_get(view, "totals");
	int		 one = record_str(view, "generated_for") != NULL;

	report_text_title(sb, view, record_str(view, "as_of"));
	if (!one) {
		if (report_int(totals, "documents") == 0 &&
		    report_int(totals, "answered_late") == 0 &&
		    report_int(totals, "annual_report_due") == 0 &&
		    report_int(totals, "annual_report_late") == 0) {
			report_add(sb, "没有需要处理的文件。\n");
			return;
		}
		report_addf(sb, "共 %lld 个机关，需要处理的文件 %lld 件",
		    (long long)report_int(totals, "agencies"),
		    (long long)report_int(totals, "documents"));
		if (report_int(totals, "answered_late") > 0)
			report_addf(sb, "，本年度逾期答复的申请 %lld 件",
			    (long long)report_int(totals, "answered_late"));
		if (report_int(totals, "annual_report_due") > 0)
			report_addf(sb, "，年度报告待发布 %lld 个机关",
			    (long long)report_int(totals,
			    "annual_report_due"));
		if (report_int(totals, "annual_report_late") > 0)
			report_addf(sb, "，年度报告逾期 %lld 个机关"
			    "（annual_report_late）", (long long)report_int(
			    totals, "annual_report_late"));
		report_add(sb, "。\n\n");
	}
	report_text_parts(sb, view, agencies, parts, one,
	    report_text_compliance_part);
}

static void
compliance_csv(struct strbuf *sb, const char *agency, json_t *part)
{
	json_t		*item;
	const char	*v[6];
	size_t		 j, k;

	for (k = 0; k < REPORT_NSECTIONS; k++)
		json_array_foreach(json_object_get(json_object_get(part,
		    "sections"), report_sections[k].key), j, item) {
			v[0] = agency;
			v[1] = report_sections[k].name;
			v[2] = record_str(item, "id");
			v[3] = record_str(item, "docno");
			v[4] = record_str(item, "title");
			v[5] = record_str(item, "signed_on");
			report_csv_row(sb, 6, v);
		}
	json_array_foreach(json_object_get(part, "late_answers"), j, item) {
		v[0] = agency;
		v[1] = "逾期答复的申请";
		v[2] = record_str(item, "id");
		v[3] = NULL;
		v[4] = NULL;
		v[5] = record_str(item, "answered");
		report_csv_row(sb, 6, v);
	}
	report_annual_csv(sb, agency, part);
}

static void
compliance_subject(json_t *view, const char **date, char *buf, size_t len)
{
	(void)date;
	json_t	*totals = json_object_get(view, "totals");
	size_t	 n;

	if (report_int(totals, "answered_late") > 0)
		snprintf(buf, len, "待处理文件 %lld 件，逾期答复申请 %lld 件",
		    (long long)report_int(totals, "documents"),
		    (long long)report_int(totals, "answered_late"));
	else
		snprintf(buf, len, "待处理文件 %lld 件", (long long)
		    report_int(totals, "documents"));
	n = strlen(buf);
	if (report_int(totals, "annual_report_late") > 0)
		snprintf(buf + n, len - n, "，年度报告逾期 %lld 个",
		    (long long)report_int(totals, "annual_report_late"));
	else if (report_int(totals, "annual_report_due") > 0)
		snprintf(buf + n, len - n, "，年度报告待发布 %lld 个",
		    (long long)report_int(totals, "annual_report_due"));
}

const struct report_kind report_kind_compliance = {
	.name = "compliance",
	.title = "政务公开合规检查",
	.short_title = "合规检查",
	.new_part = compliance_new_part,
	.part_items = compliance_part_items,
	.build = compliance_build,
	.text = report_text_compliance,
	.csv_hdr = { "机关", "问题", "编号", "文号", "标题", "成文日期" },
	.csv_ncols = 6,
	.csv = compliance_csv,
	.subject = compliance_subject,
};
