/*
 * report_summary: totals by disclosure, status and domain (the whole
 * archive, from index counts) and what changed since the last summary,
 * by agency (from the changes index).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errbuf.h"
#include "label.h"
#include "record.h"
#include "report_kind.h"

#define REPORT_CHANGES_OMIT	"另有 %lld 条未列出。\n"
#define REPORT_NODOMAIN	"（未分类）"

/* What the summary counts; the Chinese comes from label.c, as for
 * docketctl. */
static const char *const report_actions[] = {
	"register", "version", "mark", "review_keep", "review_release",
	"repeal", "unrepeal", "hold", "unhold", "expire", "review_overdue",
	"clean", "restore",
};
#define REPORT_NACTIONS (sizeof(report_actions) / sizeof(report_actions[0]))

static const char *const report_disclosures[] = {
	"public", "on_request", "withheld", "undetermined",
};
static const char *const report_statuses[] = {
	"in_force", "expired", "repealed", "cleaned",
};
#define REPORT_N(tab)	(sizeof(tab) / sizeof(tab[0]))

static json_t *
summary_new_part(void)
{
	json_t	*counts = json_object();
	size_t	 i;

	for (i = 0; i < REPORT_NACTIONS; i++)
		json_object_set_new(counts, report_actions[i],
		    json_integer(0));
	return json_pack("{s:i, s:o, s:[], s:i}", "changed", 0, "counts",
	    counts, "changes", "omitted", 0);
}

static size_t
summary_part_items(json_t *part)
{
	return (size_t)json_integer_value(json_object_get(part, "changed"));
}

static const char *
report_action_name(const char *a)
{
	return a != NULL ? label_action(a) : REPORT_NOVALUE;
}

/* An event's from or to, in Chinese where it is a known value. */
static const char *
report_value_name(const char *v)
{
	const char *n;

	if (v == NULL)
		return REPORT_NOVALUE;
	/* hold and unhold go from and to on and off */
	if (strcmp(v, "on") == 0)
		return "冻结";
	if (strcmp(v, "off") == 0)
		return "未冻结";
	if ((n = label_disclosure(v)) != v || (n = label_status(v)) != v)
		return n;
	return v;
}

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
    const char *const *tab, size_t n, json_t *out)
{
	size_t	i, count;
	int	rc;

	for (i = 0; i < n; i++) {
		if ((rc = store_count_indexed(c->st, c->txn, ix, tab[i],
		    &count)) != 0)
			return rc;
		json_object_set_new(out, tab[i],
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
		e = json_pack("{s:s, s:o, s:o}", "agency",
		    report_agency(rec), "docno", report_docno(c, rec),
		    "title", report_title(c, rec));
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
summary_build(struct report_ctx *c, json_t *report, char *err,
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
	    REPORT_N(report_disclosures), disc)) != 0 ||
	    (rc = report_counts(c, STORE_IDX_STATUS, report_statuses,
	    REPORT_N(report_statuses), stat)) != 0 ||
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

/* A two-column table of counts: name (in Chinese where known), count. */
static void
report_text_counts(struct report_out *sb, const char *what, json_t *counts,
    const char *(*label)(const char *))
{
	struct report_table	 t;
	json_t			*cells, *v;
	const char		*k, *name;
	char			 num[32];

	report_table_init(&t, 2, what, "件数");
	json_object_foreach(counts, k, v) {
		cells = json_array();
		name = label != NULL ? label(k) : NULL;
		report_cell(cells, name ? name : k, REPORT_CELL_COLS);
		snprintf(num, sizeof(num), "%lld",
		    (long long)json_integer_value(v));
		report_cell(cells, num, 0);
		report_table_row(&t, cells, NULL);
	}
	report_table_print(sb, &t);
}

static void
report_text_summary_part(struct report_out *sb, json_t *view, json_t *part)
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
		report_addf(sb, "另有 %lld 条未列出（如需完整记录，请联系档案"
		    "管理员）。\n", (long long)report_int(part, "omitted"));
}

static void
report_text_summary(struct report_out *sb, json_t *view, json_t *agencies)
{
	json_t		*parts = json_object_get(view, "agencies");
	json_t		*totals = json_object_get(view, "totals");
	const char	*since = record_str(view, "since");
	char		 tbuf[32];
	int		 one = record_str(view, "generated_for") != NULL;

	report_text_title(sb, view, record_str(view, "as_of"));
	report_addf(sb, "档案共有文件 %lld 件。\n\n",
	    (long long)report_int(totals, "records"));
	report_add(sb, "一、公开属性（全部档案）\n\n");
	report_text_counts(sb, "公开属性", json_object_get(totals,
	    "disclosure"), label_disclosure);
	report_add(sb, "\n二、效力状态（全部档案）\n\n");
	report_text_counts(sb, "效力状态", json_object_get(totals, "status"),
	    label_status);
	report_add(sb, "\n三、领域（全部档案）\n\n");
	if (json_object_size(json_object_get(totals, "domain")) == 0)
		report_add(sb, "没有文件。\n");
	else
		report_text_counts(sb, "领域", json_object_get(totals,
		    "domain"), NULL);
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

/* An event's from or to: empty when null. */
static const char *
report_csv_value(const char *v)
{
	return v != NULL ? report_value_name(v) : NULL;
}

static void
summary_csv(struct strbuf *sb, const char *agency, json_t *part)
{
	json_t		*item;
	const char	*v[8];
	char		 tbuf[32];
	size_t		 j;

	json_array_foreach(json_object_get(part, "changes"), j, item) {
		report_time(record_str(item, "time"), tbuf, sizeof(tbuf));
		v[0] = agency;
		v[1] = tbuf;
		v[2] = record_str(item, "id");
		v[3] = record_str(item, "docno");
		v[4] = report_action_name(record_str(item, "action"));
		v[5] = report_csv_value(record_str(item, "from"));
		v[6] = report_csv_value(record_str(item, "to"));
		v[7] = record_str(item, "actor");
		report_csv_row(sb, 8, v);
	}
}

static void
summary_subject(json_t *view, const char **date, char *buf, size_t len)
{
	json_t *totals = json_object_get(view, "totals");

	(void)date;
	if (record_str(view, "since") == NULL)
		snprintf(buf, len, "共有文件 %lld 件",
		    (long long)report_int(totals, "records"));
	else
		snprintf(buf, len, "变动 %lld 条",
		    (long long)report_int(totals, "changed"));
}

const struct report_kind report_kind_summary = {
	.name = "summary",
	.title = "政务公开档案概况",
	.short_title = "档案概况",
	.new_part = summary_new_part,
	.part_items = summary_part_items,
	.build = summary_build,
	.text = report_text_summary,
	.csv_hdr = { "机关", "时间", "编号", "文号", "事项", "原值", "新值",
	    "操作人" },
	.csv_ncols = 8,
	.csv = summary_csv,
	.subject = summary_subject,
};
