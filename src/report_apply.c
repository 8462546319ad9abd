/*
 * report_apply: the `applications` report kind — the disclosure
 * applications (依申请公开) that need an agency's attention, as of the
 * report's day: overdue, due within [applications] due_soon working
 * days, awaiting a correction (补正), a third party's or another
 * office's opinion (征求意见), or a fee (缴费).  Each item has the
 * docketctl command that acts on it.  It reads the app_due index only:
 * the correction, consultation and fee deadlines of open applications,
 * and their due dates up to the due_soon horizon; every application is
 * re-derived as of the report's day (apply_view).
 *
 * Personal data: the applicant's name and contact are put in only when
 * report_opts.personal is set — by the mailer for a part mailed to that
 * application's own agency secretary, and by docketctl for root and the
 * admin group.  A list (summary) recipient never gets them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "apply_store.h"
#include "calendar.h"
#include "errbuf.h"
#include "record.h"
#include "report_kind.h"

struct apply_section {
	const char	*key;
	const char	*name;
	const char	*hint;
};

static const struct apply_section apply_sections[] = {
	{ "overdue", "已超过答复期限",
	  "已超过《政府信息公开条例》第三十三条规定的答复期限，请立即答复" },
	{ "due_soon", "即将到期",
	  "答复期限将至，请按期答复；确需延长的，须在期限内经政府信息公开工作"
	  "机构负责人同意（第三十三条第二款）" },
	{ "awaiting_correction", "等待补正",
	  "已告知申请人补正（第三十条）；补正期限届满未补正的，视为放弃申请" },
	{ "consulting", "征求意见中",
	  "征求第三方或其他机关意见（第三十二条、第三十四条），期限 15 个工作"
	  "日，逾期未答复的由本机关依法决定" },
	{ "awaiting_payment", "等待缴费",
	  "已发出收费通知（第四十二条）；20 个工作日内未缴费的视为放弃申请，"
	  "由系统自动结案" },
};
#define APPLY_NSECTIONS (sizeof(apply_sections) / sizeof(apply_sections[0]))

static json_t *
apply_new_part(void)
{
	json_t	*counts = json_object(), *secs = json_object();
	size_t	 i;

	for (i = 0; i < APPLY_NSECTIONS; i++) {
		json_object_set_new(counts, apply_sections[i].key,
		    json_integer(0));
		json_object_set_new(secs, apply_sections[i].key, json_array());
	}
	return json_pack("{s:i, s:o, s:o}", "applications", 0, "counts",
	    counts, "sections", secs);
}

static size_t
apply_part_items(json_t *part)
{
	return (size_t)json_integer_value(json_object_get(part,
	    "applications"));
}

struct apply_rep {
	struct report_ctx	*c;
	struct apply_ctx	 ax;
	json_t			*seen;
};

static int
apply_flag(json_t *v, const char *f)
{
	json_t	*x;
	size_t	 i;

	json_array_foreach(json_object_get(v, "flags"), i, x)
		if (json_is_string(x) && strcmp(json_string_value(x), f) == 0)
			return 1;
	return 0;
}

/* The section of an application as of the report's day, NULL: none. */
static const struct apply_section *
apply_section_of(json_t *v, const char **deadline, char *cmd, size_t len)
{
	const char	*id = record_str(v, "id"), *state;
	json_t		*o, *x;
	size_t		 i;

	state = record_str(v, "state");
	*deadline = NULL;
	if (state == NULL || strcmp(state, "answered") == 0)
		return NULL;
	if (strcmp(state, "awaiting_correction") == 0) {
		*deadline = record_str(json_object_get(v, "correction"),
		    "deadline");
		if (apply_flag(v, "correction_expired"))
			snprintf(cmd, len, "docketctl apply answer %s --on "
			    "YYYY-MM-DD --type other --sub "
			    "withdrawn_no_correction --reason '…'", id);
		else
			snprintf(cmd, len, "docketctl apply corrected %s --on "
			    "YYYY-MM-DD", id);
		return &apply_sections[2];
	}
	if (strcmp(state, "consulting") == 0) {
		json_array_foreach(json_object_get(v, "consultations"), i, x)
			if (json_is_null(json_object_get(x, "replied_on")))
				*deadline = record_str(x, "deadline");
		snprintf(cmd, len, "docketctl apply consulted %s --on "
		    "YYYY-MM-DD", id);
		return &apply_sections[3];
	}
	if (strcmp(state, "awaiting_payment") == 0) {
		o = json_object_get(v, "fee");
		*deadline = record_str(o, "deadline");
		snprintf(cmd, len, "docketctl apply paid %s --on YYYY-MM-DD",
		    id);
		return &apply_sections[4];
	}
	/* Waiting for nothing but the answer: no step of its own, whose
	 * deadline would only repeat 答复期限. */
	*deadline = NULL;
	snprintf(cmd, len, "docketctl apply answer %s --on YYYY-MM-DD --type "
	    "TYPE --reason '…'", id);
	if (apply_flag(v, "overdue"))
		return &apply_sections[0];
	if (apply_flag(v, "due_soon"))
		return &apply_sections[1];
	return NULL;
}

static int
apply_rep_cb(const char *id, const char *date, void *arg)
{
	struct apply_rep		*r = arg;
	struct report_ctx		*c = r->c;
	const struct apply_section	*sec;
	json_t				*rec, *v, *item, *part;
	const char			*agency, *deadline;
	char				 cmd[256];
	int				 rc;

	(void)date;
	if (json_object_get(r->seen, id) != NULL)
		return 0;
	json_object_set_new(r->seen, id, json_true());
	if ((rc = apply_store_get(c->st, c->txn, id, &rec)) != 0) {
		if (rc != MDB_NOTFOUND)
			c->rc = rc;
		return rc != MDB_NOTFOUND;
	}
	v = apply_view(&r->ax, rec);
	json_decref(rec);
	if (v == NULL)
		return 0;
	agency = report_agency(v);
	if (!report_wanted(c, agency) ||
	    (sec = apply_section_of(v, &deadline, cmd, sizeof(cmd))) == NULL) {
		json_decref(v);
		return 0;
	}
	item = json_pack("{s:s, s:O, s:O, s:O, s:O, s:s?, s:O, s:O, s:s}",
	    "id", id, "received", json_object_get(v, "received"),
	    "due", json_object_get(v, "due"),
	    "working_days_left", json_object_get(v, "working_days_left"),
	    "state", json_object_get(v, "state"), "deadline", deadline,
	    "extended", json_object_get(v, "extended"),
	    "flags", json_object_get(v, "flags"), "command", cmd);
	if (item != NULL && c->o->personal) {
		json_object_set(item, "applicant", json_object_get(v,
		    "applicant") ? json_object_get(v, "applicant") :
		    json_null());
		json_object_set(item, "contact", json_object_get(v,
		    "contact") ? json_object_get(v, "contact") : json_null());
		json_object_set(item, "request", json_object_get(v,
		    "request") ? json_object_get(v, "request") : json_null());
	}
	/* agency is v's: v lives until the part is found. */
	part = item != NULL ? report_part(c, agency) : NULL;
	json_decref(v);
	if (item == NULL || part == NULL) {
		json_decref(item);
		c->rc = ENOMEM;
		return 1;
	}
	json_array_append_new(json_object_get(json_object_get(part,
	    "sections"), sec->key), item);
	report_inc(json_object_get(part, "counts"), sec->key, 1);
	report_inc(part, "applications", 1);
	return 0;
}

static int
apply_build(struct report_ctx *c, json_t *report, char *err, size_t errlen)
{
	static const char	 kinds[] = { APPLY_DUE_CORRECTION,
				    APPLY_DUE_CONSULT, APPLY_DUE_FEE };
	struct apply_rep	 r;
	struct calendar		*own = NULL;
	char			 upto[11];
	size_t			 i;
	int			 rc = 0, est = 0;

	memset(&r, 0, sizeof(r));
	r.c = c;
	if (c->o->cal == NULL && (own = calendar_new()) == NULL) {
		errbuf_set(err, errlen, "out of memory");
		return -1;
	}
	r.ax.cal = c->o->cal != NULL ? c->o->cal : own;
	r.ax.actor = "docketd";
	r.ax.today = c->today;
	r.ax.due_soon = c->o->due_soon > 0 ? c->o->due_soon : APPLY_DUE_SOON;
	r.seen = json_object();
	/* Due dates up to the day due_soon working days ahead. */
	apply_day_str(calendar_add_workdays(r.ax.cal, c->today, r.ax.due_soon,
	    &est), upto);
	json_object_set_new(report, "due_soon_days",
	    json_integer(r.ax.due_soon));
	json_object_set_new(report, "until", json_string(upto));
	json_object_set_new(report, "personal",
	    json_boolean(c->o->personal));
	for (i = 0; rc == 0 && i < sizeof(kinds); i++)
		if ((rc = apply_store_each_due(c->st, c->txn, kinds[i], NULL,
		    apply_rep_cb, &r)) == 0)
			rc = c->rc;
	if (rc == 0 && (rc = apply_store_each_due(c->st, c->txn,
	    APPLY_DUE_DUE, upto, apply_rep_cb, &r)) == 0)
		rc = c->rc;
	json_decref(r.seen);
	calendar_free(own);
	if (rc != 0) {
		errbuf_set(err, errlen, "the applications' due index: %s",
		    rc == ENOMEM ? "out of memory" : store_strerror(rc));
		return -1;
	}
	return 0;
}

static const char *apply_numerals[] = { "一", "二", "三", "四", "五" };

static void
apply_text_part(struct report_out *sb, json_t *view, json_t *part)
{
	struct report_table	 t;
	json_t			*counts = json_object_get(part, "counts");
	json_t			*items, *item, *cells, *notes, *left;
	const char		*who;
	char			 n[32], line[512];
	size_t			 i, j, k = 0;
	int			 personal = json_is_true(json_object_get(view,
				    "personal"));

	report_addf(sb, "需要办理的申请 %lld 件：",
	    (long long)report_int(part, "applications"));
	for (i = 0; i < APPLY_NSECTIONS; i++)
		report_addf(sb, "%s%s %lld 件", i ? "，" : "",
		    apply_sections[i].name, (long long)report_int(counts,
		    apply_sections[i].key));
	report_add(sb, "。\n");
	for (i = 0; i < APPLY_NSECTIONS; i++) {
		items = json_object_get(json_object_get(part, "sections"),
		    apply_sections[i].key);
		if (json_array_size(items) == 0)
			continue;
		report_addf(sb, "\n%s、%s（%zu 件）\n%s。\n\n",
		    apply_numerals[k++ % 5], apply_sections[i].name,
		    json_array_size(items), apply_sections[i].hint);
		if (personal)
			report_table_init(&t, 6, "编号", "申请人", "收到日期",
			    "答复期限", "剩余工作日", "环节期限");
		else
			report_table_init(&t, 5, "编号", "收到日期",
			    "答复期限", "剩余工作日", "环节期限");
		json_array_foreach(items, j, item) {
			cells = json_array();
			notes = json_array();
			report_cell(cells, record_str(item, "id"), 0);
			if (personal) {
				who = record_str(item, "applicant");
				report_cell(cells, who ? who : REPORT_NOVALUE,
				    REPORT_CELL_COLS);
			}
			report_cell(cells, record_str(item, "received"), 0);
			report_cell(cells, record_str(item, "due") ?
			    record_str(item, "due") : REPORT_NOVALUE, 0);
			left = json_object_get(item, "working_days_left");
			if (json_is_integer(left))
				snprintf(n, sizeof(n), "%lld",
				    (long long)json_integer_value(left));
			else
				snprintf(n, sizeof(n), "%s", REPORT_NOVALUE);
			report_cell(cells, n, 0);
			report_cell(cells, record_str(item, "deadline") ?
			    record_str(item, "deadline") : REPORT_NOVALUE, 0);
			if (personal && record_str(item, "request") != NULL) {
				snprintf(line, sizeof(line), "申请内容：%s",
				    record_str(item, "request"));
				report_cell(notes, line, REPORT_TITLE_COLS);
			}
			snprintf(line, sizeof(line), "办理：%s",
			    record_str(item, "command"));
			report_cell(notes, line, 0);
			report_table_row(&t, cells, notes);
		}
		report_table_print(sb, &t);
	}
}

static void
apply_text(struct report_out *sb, json_t *view, json_t *agencies)
{
	json_t	*parts = json_object_get(view, "agencies");
	json_t	*totals = json_object_get(view, "totals");
	int	 one = record_str(view, "generated_for") != NULL;

	report_text_title(sb, view, record_str(view, "as_of"));
	report_addf(sb, "以下是已逾期、%lld 个工作日内到期，或等待补正、征求"
	    "意见、缴费的政府信息公开申请（依申请公开）。每件后附记录办理结果"
	    "的 docketctl 命令，可交档案管理员执行。\n\n",
	    (long long)report_int(view, "due_soon_days"));
	if (report_int(totals, "applications") == 0) {
		report_add(sb, "没有需要办理的申请。\n");
		return;
	}
	if (!one)
		report_addf(sb, "共 %lld 个机关，需要办理的申请 %lld 件。\n\n",
		    (long long)report_int(totals, "agencies"),
		    (long long)report_int(totals, "applications"));
	report_text_parts(sb, view, agencies, parts, one, apply_text_part);
}

static void
apply_csv(struct strbuf *sb, const char *agency, json_t *part)
{
	json_t		*item, *left;
	const char	*v[9];
	char		 n[32];
	size_t		 j, k;

	for (k = 0; k < APPLY_NSECTIONS; k++)
		json_array_foreach(json_object_get(json_object_get(part,
		    "sections"), apply_sections[k].key), j, item) {
			left = json_object_get(item, "working_days_left");
			snprintf(n, sizeof(n), "%lld", (long long)
			    json_integer_value(left));
			v[0] = agency;
			v[1] = apply_sections[k].name;
			v[2] = record_str(item, "id");
			v[3] = record_str(item, "applicant");
			v[4] = record_str(item, "received");
			v[5] = record_str(item, "due");
			v[6] = json_is_integer(left) ? n : NULL;
			v[7] = record_str(item, "deadline");
			v[8] = record_str(item, "command");
			report_csv_row(sb, 9, v);
		}
}

static void
apply_subject(json_t *view, const char **date, char *buf, size_t len)
{
	json_t *totals = json_object_get(view, "totals");

	(void)date;
	snprintf(buf, len, "待办申请 %lld 件（逾期 %lld 件）",
	    (long long)report_int(totals, "applications"),
	    (long long)report_int(json_object_get(totals, "counts"),
	    "overdue"));
}

const struct report_kind report_kind_applications = {
	.name = "applications",
	.title = "政府信息公开申请办理提醒",
	.short_title = "依申请公开办理提醒",
	.new_part = apply_new_part,
	.part_items = apply_part_items,
	.build = apply_build,
	.text = apply_text,
	.csv_hdr = { "机关", "事项", "编号", "申请人", "收到日期", "答复期限",
	    "剩余工作日", "环节期限", "办理命令" },
	.csv_ncols = 9,
	.csv = apply_csv,
	.subject = apply_subject,
};
