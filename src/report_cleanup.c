/*
 * report_cleanup: what the cleanup of a day (or the latest one on or
 * before it) cleaned — 失效 and 废止, with the repealing document — from
 * the published result cleanup/DATE.json in the vault, by agency.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cndate.h"
#include "errbuf.h"
#include "record.h"
#include "report_kind.h"

static json_t *
cleanup_new_part(void)
{
	return json_pack("{s:i, s:i, s:i, s:[]}", "cleaned", 0, "expired", 0,
	    "repealed", 0, "items");
}

static size_t
cleanup_part_items(json_t *part)
{
	return json_array_size(json_object_get(part, "items"));
}

static int	cleanup_public_by(struct report_ctx *, json_t *);

/* Count a document that is not named under its disclosure. */
static void
cleanup_hide(json_t *counts, const char *disclosure)
{
	if (disclosure != NULL && strcmp(disclosure, "withheld") == 0)
		report_inc(counts, "withheld_count", 1);
	else if (disclosure != NULL && strcmp(disclosure, "on_request") == 0)
		report_inc(counts, "on_request_count", 1);
	else
		report_inc(counts, "undetermined_count", 1);
}

/*
 * One document of the published result.  It is named only when it is
 * public: by the result ("visibility" or "disclosure" when it says) and
 * by its record now (disclosure public, not classified); a document the
 * index does not know is not named either.  The others are counted in
 * counts, never named.
 */
static int
report_cleanup_doc(struct report_ctx *c, json_t *doc, json_t *counts)
{
	json_t		*rec = NULL, *part, *item, *by;
	const char	*agency = NULL, *kind, *status, *vis, *basis;
	uint64_t	 id;
	int		 repealed;

	if (!json_is_object(doc))
		return 0;
	if (record_str(doc, "id") != NULL &&
	    store_id_parse(record_str(doc, "id"), &id) == 0 &&
	    report_get(c, id, &rec) < 0)
		return -1;
	vis = record_str(doc, "visibility");
	if (vis == NULL)
		vis = record_str(doc, "disclosure");
	if (rec == NULL || (vis != NULL && strcmp(vis, "public") != 0) ||
	    strcmp(record_str(rec, "disclosure") ? record_str(rec,
	    "disclosure") : "", "public") != 0 ||
	    lc_classified(rec)) {
		/* Counted for the whole cleanup, as the published file
		 * counts them: no agency's part says whose they are. */
		if (rec != NULL)
			cleanup_hide(counts, vis != NULL &&
			    strcmp(vis, "public") != 0 ? vis :
			    record_str(rec, "disclosure"));
		else
			cleanup_hide(counts, vis);
		json_decref(rec);
		return 0;
	}
	agency = report_agency(rec);
	if (!report_wanted(c, agency)) {
		json_decref(rec);
		return 0;
	}
	kind = record_str(doc, "kind");
	status = record_str(doc, "status");
	repealed = kind != NULL ? strcmp(kind, "废止") == 0 :
	    status != NULL && strcmp(status, "repealed") == 0;
	by = json_object_get(doc, "repealed_by");
	basis = record_str(doc, "basis");
	if (json_is_object(by) && !cleanup_public_by(c, by)) {
		/* Repealed by a document that is not public: not named. */
		by = json_null();
		if (basis == NULL)
			basis = "已由另文废止（该文件不公开）";
	} else if (json_is_object(by))
		by = json_pack("{s:O?, s:O?, s:O?}", "id",
		    json_object_get(by, "id"), "docno",
		    json_object_get(by, "docno"), "title",
		    json_object_get(by, "title"));
	else
		by = json_null();
	item = json_pack("{s:O?, s:O?, s:O?, s:s, s:O?, s:O?, s:o, s:s?}",
	    "id", json_object_get(doc, "id"),
	    "docno", json_object_get(doc, "docno"),
	    "title", json_object_get(doc, "title"),
	    "kind", repealed ? "废止" : "失效",
	    "status", json_object_get(doc, "status"),
	    "date", json_object_get(doc, "date"), "repealed_by", by,
	    "basis", basis);
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

/* 1 when the repealing document may be named: its record is public
 * and not classified (a result's own "visibility" says so too). */
static int
cleanup_public_by(struct report_ctx *c, json_t *by)
{
	json_t		*rec = NULL;
	const char	*vis = record_str(by, "visibility");
	uint64_t	 id;
	int		 ok;

	if (vis != NULL && strcmp(vis, "public") != 0)
		return 0;
	if (record_str(by, "id") == NULL ||
	    store_id_parse(record_str(by, "id"), &id) != 0 ||
	    report_get(c, id, &rec) != 1)
		return 0;
	ok = strcmp(record_str(rec, "disclosure") ? record_str(rec,
	    "disclosure") : "", "public") == 0 &&
	    !lc_classified(rec);
	json_decref(rec);
	return ok;
}

struct cleanup_pick {
	const char	*as_of;
	char		 best[11];
};

/* cleanup/YYYY-MM-DD.json: the latest date on or before as_of. */
static int
cleanup_pick_cb(const char *name, void *arg)
{
	struct cleanup_pick	*p = arg;
	char			 d[11];

	if (strlen(name) != 15 || strcmp(name + 10, ".json") != 0)
		return 0;
	memcpy(d, name, 10);
	d[10] = '\0';
	if (report_valid_date(d) && strcmp(d, p->as_of) <= 0 &&
	    strcmp(d, p->best) > 0)
		memcpy(p->best, d, sizeof(p->best));
	return 0;
}

static json_int_t
cleanup_count(json_t *res, const char *key)
{
	return json_integer_value(json_object_get(res, key));
}

static int
cleanup_build(struct report_ctx *c, json_t *report, char *err,
    size_t errlen)
{
	static const char *const hidden[] = { "withheld_count",
	    "on_request_count", "undetermined_count" };
	struct cleanup_pick	 pick;
	json_t		*res = NULL, *doc, *runs, *cl, *counts = NULL, *state;
	json_t		*mailed = c->o->mailed;
	json_error_t	 jerr;
	char		 path[64], *buf = NULL;
	size_t		 len, i, ndocs, skip = 0;
	int		 rc, ret = -1, since_mail = 0;

	if (c->vt == NULL) {
		errbuf_set(err, errlen, "the cleanup report needs the vault");
		return -1;
	}
	/* The result of as_of, else the latest before it: never a later
	 * one. */
	memset(&pick, 0, sizeof(pick));
	pick.as_of = c->o->as_of;
	if ((rc = vault_list(c->vt, "cleanup", cleanup_pick_cb, &pick, err,
	    errlen)) == -1)
		return -1;
	if (pick.best[0] == '\0') {
		/* No result at all: a report that says so. */
		json_object_set_new(report, "cleanup", json_pack("{s:n, s:n, "
		    "s:b, s:i, s:n}", "date", "path", "fallback", 0, "runs", 0,
		    "held"));
		return 0;
	}
	snprintf(path, sizeof(path), "cleanup/%s.json", pick.best);
	if ((rc = vault_read(c->vt, NULL, path, &buf, &len, err,
	    errlen)) != 0) {
		if (rc == 1)
			errbuf_set(err, errlen, "%s vanished from the vault",
			    path);
		return -1;
	}
	if ((res = json_loadb(buf, len, 0, &jerr)) == NULL ||
	    !json_is_array(json_object_get(res, "documents"))) {
		errbuf_set(err, errlen, "%s in the vault is not a cleanup "
		    "result%s%s", path, res == NULL ? ": " : "",
		    res == NULL ? jerr.text : "");
		goto out;
	}
	runs = json_object_get(res, "runs");
	ndocs = json_array_size(json_object_get(res, "documents"));
	/* What the published file counts without naming. */
	counts = json_object();
	for (i = 0; i < 3; i++)
		json_object_set_new(counts, hidden[i], json_integer(
		    cleanup_count(res, hidden[i])));
	/* The state a mail of this report leaves behind. */
	state = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I}", "date", pick.best,
	    "runs", (json_int_t)json_array_size(runs),
	    "documents", (json_int_t)ndocs,
	    "withheld_count", cleanup_count(res, "withheld_count"),
	    "on_request_count", cleanup_count(res, "on_request_count"),
	    "undetermined_count", cleanup_count(res, "undetermined_count"));
	/* Mailed before: only what the later runs of the day added. */
	if (mailed != NULL && record_str(mailed, "date") != NULL &&
	    strcmp(record_str(mailed, "date"), pick.best) == 0) {
		since_mail = 1;
		skip = (size_t)cleanup_count(mailed, "documents");
		for (i = 0; i < 3; i++)
			report_inc(counts, hidden[i],
			    -cleanup_count(mailed, hidden[i]));
	}
	cl = json_pack("{s:s, s:s, s:b, s:I, s:O?, s:o, s:b, s:I}", "date",
	    pick.best, "path", path, "fallback",
	    strcmp(pick.best, c->o->as_of) != 0, "runs",
	    (json_int_t)json_array_size(runs), "held", json_object_get(
	    json_array_get(runs, json_array_size(runs) - 1), "held"),
	    "state", state, "since_last_mail", since_mail,
	    "mailed_runs", since_mail ? cleanup_count(mailed, "runs") : 0);
	json_object_set_new(report, "cleanup", cl);
	json_array_foreach(json_object_get(res, "documents"), i, doc)
		if (i >= skip && report_cleanup_doc(c, doc, counts) == -1) {
			errbuf_set(err, errlen, "%s", c->rc == ENOMEM ?
			    "out of memory" : store_strerror(c->rc));
			goto out;
		}
	for (i = 0; i < 3; i++)
		if (cleanup_count(counts, hidden[i]) < 0)
			json_object_set_new(counts, hidden[i], json_integer(0));
	json_object_update(cl, counts);
	ret = 0;
out:
	free(buf);
	json_decref(counts);
	json_decref(res);
	return ret;
}

static void
report_text_cleanup_part(struct report_out *sb, json_t *view, json_t *part)
{
	(void)view;
	struct report_table	 t;
	json_t			*item, *cells, *by;
	size_t			 i;
	char			*v;
	const char		*s;
	struct strbuf		 b;

	report_addf(sb, "清理文件 %lld 件，其中失效 %lld 件，废止 %lld 件。\n",
	    (long long)report_int(part, "cleaned"),
	    (long long)report_int(part, "expired"),
	    (long long)report_int(part, "repealed"));
	if (json_array_size(json_object_get(part, "items")) == 0)
		return;
	report_add(sb, "\n");
	report_table_init(&t, 6, "编号", "文号", "标题", "清理类型",
	    "失效或废止日期", "依据");
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
		if ((s = record_str(item, "basis")) != NULL)
			strbuf_add(&b, s, strlen(s));
		else if (json_is_object(by)) {
			if ((s = record_str(by, "docno")) != NULL)
				strbuf_add(&b, s, strlen(s));
			if ((s = record_str(by, "title")) != NULL) {
				if (b.len > 0)
					strbuf_add(&b, " ", 1);
				strbuf_add(&b, s, strlen(s));
			}
			if (b.len == 0 && (s = record_str(by, "id")) != NULL)
				strbuf_add(&b, s, strlen(s));
		} else {
			s = strcmp(record_str(item, "kind") ? record_str(item,
			    "kind") : "", "失效") == 0 ? "有效期届满" :
			    "经审查决定废止";
			strbuf_add(&b, s, strlen(s));
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
report_text_cleanup(struct report_out *sb, json_t *view, json_t *agencies)
{
	json_t		*parts = json_object_get(view, "agencies");
	json_t		*totals = json_object_get(view, "totals");
	json_t		*cl = json_object_get(view, "cleanup");
	const char	*date = record_str(cl, "date");
	char		 cn[64], asof[64];
	int		 one = record_str(view, "generated_for") != NULL;

	report_text_title(sb, view, date ? date : record_str(view, "as_of"));
	cndate_format_cn(record_str(view, "as_of"), asof, sizeof(asof));
	if (date == NULL) {
		report_addf(sb, "截至%s，档案库中还没有清理结果。\n", asof);
		return;
	}
	cndate_format_cn(date, cn, sizeof(cn));
	if (json_is_true(json_object_get(cl, "fallback")))
		report_addf(sb, "%s没有进行清理，以下是最近一次清理"
		    "（%s）的结果。\n\n", asof, cn);
	report_addf(sb, "清理日期：%s。", cn);
	if (json_is_true(json_object_get(cl, "since_last_mail")))
		report_addf(sb, "当日前 %lld 次清理的结果已经发送，以下只列"
		    "此后新清理的文件。", (long long)report_int(cl,
		    "mailed_runs"));
	if (!one) {
		report_addf(sb, "列出的公开文件共 %lld 件，其中失效 %lld 件，"
		    "废止 %lld 件", (long long)report_int(totals, "cleaned"),
		    (long long)report_int(totals, "expired"),
		    (long long)report_int(totals, "repealed"));
		if (json_integer_value(json_object_get(cl, "held")) > 0)
			report_addf(sb, "；另有 %lld 件因冻结未清理",
			    (long long)report_int(cl, "held"));
		report_add(sb, "。");
	}
	if (report_int(cl, "withheld_count") + report_int(cl,
	    "on_request_count") + report_int(cl, "undetermined_count") > 0) {
		static const struct {
			const char *key, *what;
		} kinds[] = {
			{ "withheld_count", "不予公开文件" },
			{ "on_request_count", "依申请公开文件" },
			{ "undetermined_count", "公开属性待定文件" },
		};
		size_t	k;
		int	first = 1;

		report_add(sb, "本次清理（全部机关）另有");
		for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
			if (report_int(cl, kinds[k].key) == 0)
				continue;
			report_addf(sb, "%s%s %lld 件", first ? "" : "、",
			    kinds[k].what,
			    (long long)report_int(cl, kinds[k].key));
			first = 0;
		}
		report_add(sb, "，按规定只计件数，不列出。");
	}
	report_add(sb, "\n\n");
	if (json_array_size(agencies) == 0 && !one)
		report_add(sb, "没有可以列出的公开文件。\n\n");
	report_text_parts(sb, view, agencies, parts, one,
	    report_text_cleanup_part);
	report_add(sb, "以上文件各自于所列失效或废止日期失去效力，清理并不改变"
	    "这一日期，只是将其移出在用文件；原文及其全部记录保存于档案库。"
	    "如对清理结果有疑问，请联系档案管理员。\n");
}

static void
cleanup_csv(struct strbuf *sb, const char *agency, json_t *part)
{
	json_t		*item, *by;
	const char	*v[10];
	size_t		 j;

	json_array_foreach(json_object_get(part, "items"), j, item) {
		by = json_object_get(item, "repealed_by");
		v[9] = record_str(item, "basis");
		v[0] = agency;
		v[1] = record_str(item, "id");
		v[2] = record_str(item, "docno");
		v[3] = record_str(item, "title");
		v[4] = record_str(item, "kind");
		v[5] = record_str(item, "date");
		v[6] = record_str(by, "id");
		v[7] = record_str(by, "docno");
		v[8] = record_str(by, "title");
		report_csv_row(sb, 10, v);
	}
}

static void
cleanup_subject(json_t *view, const char **date, char *buf, size_t len)
{
	json_t *totals = json_object_get(view, "totals");
	json_t *cl = json_object_get(view, "cleanup");

	if (record_str(cl, "date") == NULL) {
		snprintf(buf, len, "尚无清理结果");
		return;
	}
	*date = record_str(cl, "date");
	snprintf(buf, len, "清理 %lld 件（失效 %lld 件，废止 %lld 件）",
	    (long long)report_int(totals, "cleaned"),
	    (long long)report_int(totals, "expired"),
	    (long long)report_int(totals, "repealed"));
}

const struct report_kind report_kind_cleanup = {
	.name = "cleanup",
	.title = "文件清理结果",
	.short_title = "文件清理结果",
	.new_part = cleanup_new_part,
	.part_items = cleanup_part_items,
	.build = cleanup_build,
	.text = report_text_cleanup,
	.csv_hdr = { "机关", "编号", "文号", "标题", "清理类型",
	    "失效或废止日期", "废止依据编号", "废止依据文号", "废止依据标题",
	    "依据" },
	.csv_ncols = 10,
	.csv = cleanup_csv,
	.subject = cleanup_subject,
};
