/*
 * report_review: reviews due within N days, overdue first — the
 * withheld (and, by policy, on_request) documents whose periodic review
 * (定期审查) comes up, by agency, from the due index.  The JSON items keep
 * the docketctl commands that record a decision, for the administrator;
 * text, HTML and CSV go to secretaries, who cannot run docketctl: they
 * say what to ask the records administrator (档案管理员) for.
 *
 * Art. 44 of the 条例: a document asked for by three or more distinct
 * applicants (the documents disclosure answers named, `apply answer
 * --docs`: the applications' 'R' keys) that is not public is proposed
 * for proactive publication, in a section of its agency's part.  Only
 * the number of applicants is shown, never who; a classified document
 * is not named (report_docno, report_title).  Documents
 * registered from scans (flag ocr_check) are listed too, each part's
 * "ocr_check" items, for a person to confirm their fields against the
 * paper.  Withheld and on_request documents whose stated reason cites no
 * item of the 负面清单 (flag reason_unlisted) are each part's
 * "reason_unlisted" items: the secretary names the item, or the list
 * gains one.  This is internal mail to the agency itself, so titles are
 * shown.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "apply_store.h"
#include "cndate.h"
#include "errbuf.h"
#include "record.h"
#include "report_kind.h"

static json_t *
review_new_part(void)
{
	return json_pack("{s:i, s:i, s:i, s:[], s:i, s:[]}", "due", 0,
	    "overdue", 0, "past_grace", 0, "items", "proposed", 0,
	    "proposals");
}

static size_t
review_part_items(json_t *part)
{
	return json_array_size(json_object_get(part, "items")) +
	    json_array_size(json_object_get(part, "proposals")) +
	    json_array_size(json_object_get(part, "ocr_check")) +
	    json_array_size(json_object_get(part, "reason_unlisted"));
}

#define REPORT_ART44_MIN	3	/* distinct applicants (Art. 44) */

/* 'R' keys: the document number (ten digits) and an application. */
static int
report_asked_cb(const char *id, const char *docnum, void *arg)
{
	struct report_ctx	*c = arg;
	json_t			*app, *who;
	const char		*name;
	int			 rc;

	if ((rc = apply_store_get(c->st, c->txn, id, &app)) != 0) {
		if (rc != MDB_NOTFOUND)
			c->rc = rc;
		return rc != MDB_NOTFOUND;
	}
	name = record_str(app, "applicant");
	if (name != NULL) {
		if ((who = json_object_get(c->seen, docnum)) == NULL) {
			who = json_object();
			json_object_set_new(c->seen, docnum, who);
		}
		json_object_set_new(who, name, json_true());
	}
	json_decref(app);
	return 0;
}

/* Art. 44: the proposals for proactive publication. */
static int
review_art44(struct report_ctx *c)
{
	json_t		*who, *rec, *part, *item;
	const char	*docnum, *agency, *disc;
	char		 ids[STORE_ID_LEN];
	uint64_t	 id;
	int		 rc, r;

	if ((c->seen = json_object()) == NULL)
		return ENOMEM;
	if ((rc = apply_store_each_due(c->st, c->txn, APPLY_DUE_ASKED, NULL,
	    report_asked_cb, c)) != 0 || (rc = c->rc) != 0)
		return rc;
	json_object_foreach(c->seen, docnum, who) {
		if (json_object_size(who) < REPORT_ART44_MIN)
			continue;
		id = strtoull(docnum, NULL, 10);
		if ((r = report_get(c, id, &rec)) < 0)
			return c->rc;
		if (r == 0)
			continue;
		agency = report_agency(rec);
		disc = record_str(rec, "disclosure");
		if ((disc != NULL && strcmp(disc, "public") == 0) ||
		    report_cleaned(rec) || !report_wanted(c, agency)) {
			json_decref(rec);
			continue;
		}
		store_id_format(id, ids);
		item = json_pack("{s:s, s:o, s:o, s:O?, s:O?, s:I, s:b}", "id",
		    ids, "docno", report_docno(c, rec), "title",
		    report_title(c, rec), "signed_on", json_object_get(rec,
		    "signed_on"), "disclosure", json_object_get(rec,
		    "disclosure"), "applicants",
		    (json_int_t)json_object_size(who), "classified",
		    lc_classified(rec));
		part = item != NULL ? report_part(c, agency) : NULL;
		json_decref(rec);	/* agency was rec's */
		if (item == NULL || part == NULL) {
			json_decref(item);
			return ENOMEM;
		}
		json_array_append_new(json_object_get(part, "proposals"), item);
		report_inc(part, "proposed", 1);
	}
	return 0;
}


/* A record read by OCR (flag ocr_check): into its agency's list. */
static int
report_review_ocr_cb(json_t *rec, void *arg)
{
	struct report_ctx	*c = arg;
	json_t			*list, *item;
	const char		*agency = report_agency(rec);

	if (report_cleaned(rec) || !report_wanted(c, agency))
		return 0;
	if ((list = report_part_list(c, agency, "ocr_check")) == NULL) {
		c->rc = ENOMEM;
		return 1;
	}
	item = json_pack("{s:O?, s:o, s:o, s:O?, s:O?, s:O?}",
	    "id", json_object_get(rec, "id"),
	    "docno", report_docno(c, rec),
	    "title", report_title(c, rec),
	    "signed_on", json_object_get(rec, "signed_on"),
	    "ocr_confidence", json_object_get(rec, "ocr_confidence"),
	    "ocr_fields", json_object_get(rec, "ocr_fields"));
	if (item == NULL || list == NULL) {
		json_decref(item);
		c->rc = ENOMEM;
		return 1;
	}
	json_array_append_new(list, item);
	return 0;
}

/* A withheld or on_request record citing no 负面清单 item (flag
 * reason_unlisted): into its agency's list. */
static int
report_review_unlisted_cb(json_t *rec, void *arg)
{
	struct report_ctx	*c = arg;
	json_t			*list, *item;
	const char		*agency = report_agency(rec);
	const char		*disc = record_str(rec, "disclosure");

	if (report_cleaned(rec) || !report_wanted(c, agency) || disc == NULL ||
	    (strcmp(disc, "withheld") != 0 && strcmp(disc, "on_request") != 0))
		return 0;
	if ((list = report_part_list(c, agency, "reason_unlisted")) == NULL) {
		c->rc = ENOMEM;
		return 1;
	}
	item = json_pack("{s:O?, s:o, s:o, s:O?, s:O?, s:O?}",
	    "id", json_object_get(rec, "id"),
	    "docno", report_docno(c, rec),
	    "title", report_title(c, rec),
	    "signed_on", json_object_get(rec, "signed_on"),
	    "disclosure", json_object_get(rec, "disclosure"),
	    "reason", lc_classified(rec) || c->o->list ? NULL :
	    json_object_get(rec, "disclosure_reason"));
	if (item == NULL || list == NULL) {
		json_decref(item);
		c->rc = ENOMEM;
		return 1;
	}
	json_array_append_new(list, item);
	return 0;
}

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
	item = json_pack("{s:s, s:o, s:o, s:O?, s:O?, s:s, s:I, s:b, s:b, "
	    "s:b, s:{s:s, s:s}}", "id", ids,
	    "docno", report_docno(c, rec),
	    "title", report_title(c, rec),
	    "signed_on", json_object_get(rec, "signed_on"),
	    "disclosure", json_object_get(rec, "disclosure"),
	    "next_review", date, "days_overdue", (json_int_t)late,
	    "overdue", late > 0, "past_grace", past,
	    "hold", json_is_true(json_object_get(rec, "hold")),
	    "command", "keep", keep, "release", rel);
	/* A state secret is never released: no command suggests it. */
	if (item != NULL && lc_classified(rec))
		json_object_del(json_object_get(item, "command"), "release");
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
review_build(struct report_ctx *c, json_t *report, char *err, size_t errlen)
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
	if (rc == 0)
		rc = review_art44(c);
	if (rc == 0 && (rc = store_each_indexed(c->st, c->txn, STORE_IDX_FLAG,
	    "ocr_check", report_review_ocr_cb, c)) == 0)
		rc = c->rc;
	if (rc == 0 && (rc = store_each_indexed(c->st, c->txn, STORE_IDX_FLAG,
	    "reason_unlisted", report_review_unlisted_cb, c)) == 0)
		rc = c->rc;
	if (rc != 0) {
		errbuf_set(err, errlen, "the due index: %s",
		    store_strerror(rc));
		return -1;
	}
	return 0;
}

static void report_text_art44(struct report_out *, json_t *);
/* The documents from scans, for a person to check against the paper. */
static void
report_text_ocr_part(struct report_out *sb, json_t *part)
{
	struct report_table	 t;
	json_t			*list = json_object_get(part, "ocr_check");
	json_t			*item, *cells, *notes, *v;
	size_t			 i;
	char			 conf[32];

	if (json_array_size(list) == 0)
		return;
	report_addf(sb, "\n以下 %zu 件由扫描件经 OCR 识别登记，其发文字号、"
	    "标题、日期等字段须对照纸质原件人工核对：\n\n",
	    json_array_size(list));
	report_table_init(&t, 5, "编号", "文号", "标题", "成文日期",
	    "识别置信度");
	json_array_foreach(list, i, item) {
		cells = json_array();
		notes = json_array();
		report_cell(cells, record_str(item, "id"), 0);
		report_cell(cells, record_str(item, "docno"), REPORT_CELL_COLS);
		report_cell(cells, record_str(item, "title"),
		    REPORT_TITLE_COLS);
		report_cell(cells, record_str(item, "signed_on"), 0);
		v = json_object_get(item, "ocr_confidence");
		if (json_is_number(v))
			snprintf(conf, sizeof(conf), "%.1f",
			    json_number_value(v));
		else
			snprintf(conf, sizeof(conf), "%s", REPORT_NOVALUE);
		report_cell(cells, conf, 0);
		report_table_row(&t, cells, notes);
	}
	report_table_print(sb, &t);
}

/* The documents whose reason cites no 负面清单 item. */
static void
report_text_unlisted_part(struct report_out *sb, json_t *part)
{
	struct report_table	 t;
	json_t			*list, *item, *cells, *notes;
	size_t			 i;
	const char		*d;

	list = json_object_get(part, "reason_unlisted");
	if (json_array_size(list) == 0)
		return;
	report_addf(sb, "\n以下 %zu 件不予公开或依申请公开的文件，所述理由"
	    "未对应本机关政务公开负面清单中的任何事项。请逐件确认所依据的清单"
	    "事项并告知档案管理员登记；确属清单未列的情形，请提出补充负面清单"
	    "的意见：\n\n", json_array_size(list));
	report_table_init(&t, 5, "编号", "文号", "标题", "公开属性",
	    "所述理由");
	json_array_foreach(list, i, item) {
		cells = json_array();
		notes = json_array();
		d = record_str(item, "disclosure");
		report_cell(cells, record_str(item, "id"), 0);
		report_cell(cells, record_str(item, "docno"), REPORT_CELL_COLS);
		report_cell(cells, record_str(item, "title"),
		    REPORT_TITLE_COLS);
		report_cell(cells, d != NULL && strcmp(d, "withheld") == 0 ?
		    "不予公开" : "依申请公开", 0);
		report_cell(cells, record_str(item, "reason") ?
		    record_str(item, "reason") : "（未说明理由）",
		    REPORT_TITLE_COLS);
		report_table_row(&t, cells, notes);
	}
	report_table_print(sb, &t);
}

static void
report_text_review_part(struct report_out *sb, json_t *view, json_t *part)
{
	struct report_table	 t;
	json_t			*item, *cells, *notes;
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
	if (json_array_size(json_object_get(part, "items")) == 0) {
		report_text_art44(sb, part);
		report_text_ocr_part(sb, part);
		report_text_unlisted_part(sb, part);
		return;
	}
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
		if (json_is_true(json_object_get(item, "hold")))
			report_cell(notes, "（此件已冻结：如审查后予以公开，"
			    "请档案管理员先解除冻结）", 0);
		report_table_row(&t, cells, notes);
	}
	report_table_print(sb, &t);
	report_text_art44(sb, part);
	report_text_ocr_part(sb, part);
	report_text_unlisted_part(sb, part);
}

static void
report_text_art44(struct report_out *sb, json_t *part)
{
	struct report_table	 t;
	json_t			*item, *cells, *notes;
	size_t			 i;
	char			 n[32];

	if (json_array_size(json_object_get(part, "proposals")) == 0)
		return;
	report_add(sb, "\n建议主动公开（条例第四十四条）\n"
	    "以下文件已有三个以上申请人申请公开（多个申请人就相同政府信息向同一"
	    "行政机关提出公开申请，且该政府信息属于可以公开的），请研究纳入主动"
	    "公开范围，并告知档案管理员登记。\n\n");
	report_table_init(&t, 5, "编号", "文号", "标题", "成文日期",
	    "申请人数");
	json_array_foreach(json_object_get(part, "proposals"), i, item) {
		cells = json_array();
		notes = json_array();
		report_cell(cells, record_str(item, "id"), 0);
		report_cell(cells, record_str(item, "docno"), REPORT_CELL_COLS);
		report_cell(cells, record_str(item, "title"),
		    REPORT_TITLE_COLS);
		report_cell(cells, record_str(item, "signed_on"), 0);
		snprintf(n, sizeof(n), "%lld", (long long)report_int(item,
		    "applicants"));
		report_cell(cells, n, 0);
		if (json_is_true(json_object_get(item, "classified")))
			report_cell(notes, "（涉密文件：未解密前不得公开，请按"
			    "保密规定办理）", 0);
		report_table_row(&t, cells, notes);
	}
	report_table_print(sb, &t);
}

static void
report_text_review(struct report_out *sb, json_t *view, json_t *agencies)
{
	json_t		*parts = json_object_get(view, "agencies");
	json_t		*totals = json_object_get(view, "totals");
	char		 until[64];
	int		 one = record_str(view, "generated_for") != NULL;

	report_text_title(sb, view, record_str(view, "as_of"));
	cndate_format_cn(record_str(view, "until"), until, sizeof(until));
	report_addf(sb, "以下是审查期限在%s以前（%lld日内）或已经逾期、"
	    "须作出审查决定的文件。", until,
	    (long long)report_int(view, "within_days"));
	if (report_int(totals, "due") == 0 &&
	    report_int(totals, "proposed") == 0 &&
	    report_int(totals, "agencies") == 0) {
		report_add(sb, "\n\n没有待审查的文件。\n");
		return;
	}
	report_add(sb, "请逐件审查：继续不予公开的，请写明理由；可以公开的，"
	    "请写明公开方式。审查意见请告知档案管理员，由档案管理员在档案系统"
	    "中登记审查决定。\n\n");
	if (!one)
		report_addf(sb, "共 %lld 个机关，待审查 %lld 件，其中已逾期 "
		    "%lld 件。\n\n", (long long)report_int(totals, "agencies"),
		    (long long)report_int(totals, "due"),
		    (long long)report_int(totals, "overdue"));
	report_text_parts(sb, view, agencies, parts, one,
	    report_text_review_part);
}

static void
review_csv(struct strbuf *sb, const char *agency, json_t *part)
{
	json_t		*item;
	const char	*v[8];
	char		 num[32];
	size_t		 j;

	json_array_foreach(json_object_get(part, "items"), j, item) {
		snprintf(num, sizeof(num), "%lld", (long long)
		    report_int(item, "days_overdue"));
		v[0] = agency;
		v[1] = record_str(item, "id");
		v[2] = record_str(item, "docno");
		v[3] = record_str(item, "title");
		v[4] = record_str(item, "signed_on");
		v[5] = record_str(item, "next_review");
		v[6] = num;
		v[7] = json_is_true(json_object_get(item, "overdue")) ? "是" :
		    "否";
		report_csv_row(sb, 8, v);
	}
}

static void
review_subject(json_t *view, const char **date, char *buf, size_t len)
{
	json_t *totals = json_object_get(view, "totals");

	(void)date;
	if (report_int(totals, "proposed") > 0)
		snprintf(buf, len, "待审查 %lld 件（逾期 %lld 件），建议主动"
		    "公开 %lld 件", (long long)report_int(totals, "due"),
		    (long long)report_int(totals, "overdue"),
		    (long long)report_int(totals, "proposed"));
	else
		snprintf(buf, len, "待审查 %lld 件（逾期 %lld 件）",
		    (long long)report_int(totals, "due"),
		    (long long)report_int(totals, "overdue"));
}

const struct report_kind report_kind_review = {
	.name = "review",
	.title = "政务公开定期审查提醒",
	.short_title = "定期审查提醒",
	.new_part = review_new_part,
	.part_items = review_part_items,
	.build = review_build,
	.text = report_text_review,
	.csv_hdr = { "机关", "编号", "文号", "标题", "成文日期", "审查期限",
	    "逾期天数", "是否逾期" },
	.csv_ncols = 8,
	.csv = review_csv,
	.subject = review_subject,
};
