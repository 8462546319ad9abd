/*
 * site_render_list: the pages that list: a list of documents (a domain,
 * an agency or a month in a year), an index of such lists (the years of
 * a domain, the months of a year, 政策文件库), the home page, the cleanup
 * results (清理结果) and their index, and the 负面清单.  See
 * site_render.h.
 *
 * A cleanup result is the public file cleanup/DATE.json (cleanup.c's
 * cleanup_public): the documents it names are public ones, the others
 * only counted.  Given the internal file instead (its lines carry a
 * "visibility" other than public) the renderer refuses.  The 负面清单
 * shows each item's count and nothing of the documents.  A renderer
 * that refuses leaves out as it found it.
 */
#include <stdio.h>
#include <string.h>

#include "cndate.h"
#include "site_render.h"
#include "site_render_impl.h"

/* Give out back as it was before a refused page. */
static int
sr_refuse(struct strbuf *out, size_t len0)
{
	if (out->s != NULL && out->len >= len0) {
		out->len = len0;
		out->s[len0] = '\0';
	}
	return -1;
}

/* A count of documents: "N 件". */
static void
sr_count(struct strbuf *sb, json_int_t n)
{
	SR_LIT(sb, "<span class=\"count\">（");
	sr_int(sb, (long long)n);
	SR_LIT(sb, " 件）</span>");
}

/* Entries [{"label","path","count"}] as a list; one with no path or a
 * count of 0 is not linked (its page may not exist). */
static void
sr_entries(struct strbuf *sb, int depth, json_t *entries)
{
	json_t		*e, *c;
	const char	*label, *path;
	size_t		 i;

	if (json_array_size(entries) == 0) {
		SR_LIT(sb, "<p class=\"empty\">暂无。</p>\n");
		return;
	}
	SR_LIT(sb, "<ul class=\"entries\">\n");
	json_array_foreach(entries, i, e) {
		label = sr_str(e, "label");
		path = sr_str(e, "path");
		c = json_object_get(e, "count");
		SR_LIT(sb, "<li>");
		if (path != NULL && *path != '\0' &&
		    (!json_is_integer(c) || json_integer_value(c) > 0)) {
			SR_LIT(sb, "<a href=\"");
			sr_href(sb, depth, path);
			SR_LIT(sb, "\">");
			sr_esc_or_none(sb, label);
			SR_LIT(sb, "</a>");
		} else
			sr_esc_or_none(sb, label);
		if (json_is_integer(c))
			sr_count(sb, json_integer_value(c));
		SR_LIT(sb, "</li>\n");
	}
	SR_LIT(sb, "</ul>\n");
}

int
site_render_list(struct strbuf *out, const struct site_ctx *cx,
    const char *heading, json_t *crumbs, json_t *recs)
{
	size_t	len0 = out->len;
	int	depth = sr_depth(cx->page);

	sr_page_open(out, cx, depth, heading, 0);
	sr_crumbs(out, depth, crumbs);
	SR_LIT(out, "<h1>");
	sr_esc_or_none(out, heading);
	SR_LIT(out, "</h1>\n<p class=\"total\">共 ");
	sr_int(out, (long long)json_array_size(recs));
	SR_LIT(out, " 件</p>\n");
	if (sr_rec_table(out, depth, recs) == -1)
		return sr_refuse(out, len0);
	sr_page_close(out, cx, depth);
	return out->nomem ? -1 : 0;
}

int
site_render_index(struct strbuf *out, const struct site_ctx *cx,
    const char *heading, json_t *crumbs, json_t *entries)
{
	int	depth = sr_depth(cx->page);

	sr_page_open(out, cx, depth, heading, 0);
	sr_crumbs(out, depth, crumbs);
	SR_LIT(out, "<h1>");
	sr_esc_or_none(out, heading);
	SR_LIT(out, "</h1>\n");
	sr_entries(out, depth, entries);
	sr_page_close(out, cx, depth);
	return out->nomem ? -1 : 0;
}

int
site_render_home(struct strbuf *out, const struct site_ctx *cx, json_t *home)
{
	json_t		*links = json_object_get(home, "links"), *l;
	size_t		 len0 = out->len, i;

	/* index.html: at the root */
	sr_page_open(out, cx, 0, NULL, 1);
	SR_LIT(out, "<h1>");
	sr_esc(out, cx->site_name != NULL && *cx->site_name != '\0' ?
	    cx->site_name : "政府信息公开");
	SR_LIT(out, "</h1>\n");
	if (json_array_size(links) > 0) {
		SR_LIT(out, "<nav class=\"links\">\n<ul class=\"entries\">\n");
		json_array_foreach(links, i, l) {
			SR_LIT(out, "<li><a href=\"");
			sr_href(out, 0, sr_str(l, "path"));
			SR_LIT(out, "\">");
			sr_esc_or_none(out, sr_str(l, "label"));
			SR_LIT(out, "</a></li>\n");
		}
		SR_LIT(out, "</ul>\n</nav>\n");
	}
	SR_LIT(out, "<section class=\"latest\">\n<h2>最新公开文件</h2>\n");
	if (sr_rec_table(out, 0, json_object_get(home, "latest")) == -1)
		return sr_refuse(out, len0);
	SR_LIT(out, "</section>\n<section class=\"domains\">\n"
	    "<h2>按领域浏览</h2>\n");
	sr_entries(out, 0, json_object_get(home, "domains"));
	SR_LIT(out, "</section>\n<section class=\"agencies\">\n"
	    "<h2>按发布机构浏览</h2>\n");
	sr_entries(out, 0, json_object_get(home, "agencies"));
	SR_LIT(out, "</section>\n<section class=\"years\">\n"
	    "<h2>按年度浏览</h2>\n");
	sr_entries(out, 0, json_object_get(home, "years"));
	SR_LIT(out, "</section>\n");
	sr_page_close(out, cx, 0);
	return out->nomem ? -1 : 0;
}

/* --- 清理结果 ----------------------------------------------------------- */

/* 1 when a line of a cleanup result may be shown: not a line of the
 * internal file about a document that is not public. */
static int
sr_cleanup_line_ok(json_t *e)
{
	json_t	*v = json_object_get(e, "visibility");

	return v == NULL || (json_is_string(v) &&
	    strcmp(json_string_value(v), "public") == 0);
}

static json_int_t
sr_cint(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* The sentence on what the result counts without naming. */
static void
sr_cleanup_counts(struct strbuf *sb, json_t *res, size_t named)
{
	static const struct {
		const char	*key, *label;
	} kinds[] = {
		{ "withheld_count", "不予公开" },
		{ "on_request_count", "依申请公开" },
		{ "undetermined_count", "公开属性待定" },
	};
	size_t	 i;
	int	 first = 1;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (sr_cint(res, kinds[i].key) > 0)
			break;
	if (i == sizeof(kinds) / sizeof(kinds[0]))
		return;
	if (named > 0) {
		SR_LIT(sb, "下表列出其中主动公开的文件 ");
		sr_int(sb, (long long)named);
		SR_LIT(sb, " 件；另有");
	} else
		SR_LIT(sb, "其中没有主动公开的文件；");
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (sr_cint(res, kinds[i].key) <= 0)
			continue;
		if (!first)
			SR_LIT(sb, "、");
		first = 0;
		sr_puts(sb, kinds[i].label);
		SR_LIT(sb, " ");
		sr_int(sb, (long long)sr_cint(res, kinds[i].key));
		SR_LIT(sb, " 件");
	}
	SR_LIT(sb, "，按规定只计件数，不列出文号和标题。");
}

/* A table cell holding a date in Chinese. */
static void
sr_cn_date(struct strbuf *sb, const char *iso)
{
	char	buf[64];

	cndate_format_cn(iso, buf, sizeof(buf));
	sr_esc(sb, buf);
}

static void
sr_cleanup_table(struct strbuf *sb, json_t *docs)
{
	json_t		*e;
	const char	*id;
	char		 path[SITE_PATH_MAX];
	size_t		 i;

	SR_LIT(sb, "<table class=\"cleanup\">\n<thead><tr><th>序号</th>"
	    "<th>文号</th><th>标题</th><th>发文机关</th><th>清理类型</th>"
	    "<th>失效或废止日期</th><th>依据</th></tr></thead>\n<tbody>\n");
	json_array_foreach(docs, i, e) {
		SR_LIT(sb, "<tr><td>");
		sr_int(sb, (long long)i + 1);
		SR_LIT(sb, "</td><td>");
		sr_esc_or_none(sb, sr_str(e, "docno"));
		SR_LIT(sb, "</td><td>");
		if ((id = sr_str(e, "id")) != NULL) {
			site_path_doc(id, path);
			SR_LIT(sb, "<a href=\"");
			sr_href(sb, 1, path);
			SR_LIT(sb, "\">");
			sr_esc_or_none(sb, sr_str(e, "title"));
			SR_LIT(sb, "</a>");
		} else
			sr_esc_or_none(sb, sr_str(e, "title"));
		SR_LIT(sb, "</td><td>");
		sr_esc_or_none(sb, sr_str(e, "issuer"));
		SR_LIT(sb, "</td><td>");
		sr_esc_or_none(sb, sr_str(e, "kind"));
		SR_LIT(sb, "</td><td>");
		sr_cn_date(sb, sr_str(e, "date"));
		SR_LIT(sb, "</td><td>");
		sr_esc_or_none(sb, sr_str(e, "basis"));
		SR_LIT(sb, "</td></tr>\n");
	}
	SR_LIT(sb, "</tbody>\n</table>\n");
}

static void
sr_cleanup_corrections(struct strbuf *sb, json_t *corr)
{
	json_t		*e;
	const char	*docno;
	size_t		 i;

	if (json_array_size(corr) == 0)
		return;
	SR_LIT(sb, "<section class=\"corrections\">\n<h2>更正</h2>\n<ul>\n");
	json_array_foreach(corr, i, e) {
		SR_LIT(sb, "<li>");
		if (json_is_true(json_object_get(e, "named"))) {
			docno = sr_str(e, "docno");
			SR_LIT(sb, "更正：此前公布为已清理的《");
			sr_esc_or_none(sb, sr_str(e, "title"));
			SR_LIT(sb, "》（");
			sr_esc(sb, docno != NULL ? docno : "无文号");
			SR_LIT(sb, "）经核实不应清理，已于");
			sr_cn_date(sb, sr_str(e, "date"));
			SR_LIT(sb, "恢复效力。");
			if (sr_str(e, "reason") != NULL) {
				SR_LIT(sb, "理由：");
				sr_esc(sb, sr_str(e, "reason"));
			}
		} else {
			SR_LIT(sb, "更正：此前清理结果中计数的不公开文件 1 件"
			    "经核实不应清理，已于");
			sr_cn_date(sb, sr_str(e, "date"));
			SR_LIT(sb, "恢复效力。");
		}
		SR_LIT(sb, "</li>\n");
	}
	SR_LIT(sb, "</ul>\n</section>\n");
}

int
site_render_cleanup(struct strbuf *out, const struct site_ctx *cx,
    const char *date, json_t *result)
{
	json_t		*docs = json_object_get(result, "documents");
	json_t		*corr = json_object_get(result, "corrections"), *e;
	json_t		*crumbs;
	char		 cn[64], title[128];
	size_t		 i;

	if (!json_is_object(result))
		return -1;
	json_array_foreach(docs, i, e)
		if (!sr_cleanup_line_ok(e))
			return -1;
	json_array_foreach(corr, i, e)
		if (!sr_cleanup_line_ok(e) ||
		    (!json_is_true(json_object_get(e, "named")) &&
		    (sr_str(e, "title") != NULL || sr_str(e, "docno") != NULL)))
			return -1;
	if (date == NULL)
		date = sr_str(result, "date");
	cndate_format_cn(date, cn, sizeof(cn));
	snprintf(title, sizeof(title), "文件清理结果（%s）", cn);

	/* cleanup/DATE.html: one level down */
	sr_page_open(out, cx, 1, title, 0);
	crumbs = json_pack("[[s,s],[s,s],[s,s]]", "首页", "index.html",
	    "清理结果", "cleanup/index.html", cn, "");
	sr_crumbs(out, 1, crumbs);
	json_decref(crumbs);
	SR_LIT(out, "<h1>");
	sr_esc(out, title);
	SR_LIT(out, "</h1>\n<p>清理日期：");
	sr_esc(out, cn);
	SR_LIT(out, "。本次共清理文件 ");
	sr_int(out, (long long)sr_cint(result, "cleaned"));
	SR_LIT(out, " 件，其中失效 ");
	sr_int(out, (long long)sr_cint(result, "expired"));
	SR_LIT(out, " 件，废止 ");
	sr_int(out, (long long)sr_cint(result, "repealed"));
	SR_LIT(out, " 件。");
	sr_cleanup_counts(out, result, json_array_size(docs));
	SR_LIT(out, "</p>\n");
	if (sr_cint(result, "cleaned") == 0 && json_array_size(docs) == 0)
		SR_LIT(out, "<p class=\"empty\">本次清理没有需要清理的文件。"
		    "</p>\n");
	else if (json_array_size(docs) > 0)
		sr_cleanup_table(out, docs);
	sr_cleanup_corrections(out, corr);
	if (sr_cint(result, "cleaned") > 0)
		SR_LIT(out, "<p class=\"note\">上述文件各自自其失效或废止日期"
		    "起失去效力（失效日期为有效期届满的次日，废止日期为废止它的"
		    "文件施行之日或决定废止之日）；本次清理仅对已失去效力的文件"
		    "予以集中清理和公布，并不改变其失去效力的日期。原文及其全部"
		    "记录保存于档案库。</p>\n");
	sr_page_close(out, cx, 1);
	return out->nomem ? -1 : 0;
}

int
site_render_cleanup_index(struct strbuf *out, const struct site_ctx *cx,
    json_t *runs)
{
	json_t		*r, *crumbs;
	const char	*path;
	char		 cn[64];
	size_t		 i;

	/* cleanup/index.html: one level down */
	sr_page_open(out, cx, 1, "清理结果", 0);
	crumbs = json_pack("[[s,s],[s,s]]", "首页", "index.html", "清理结果",
	    "");
	sr_crumbs(out, 1, crumbs);
	json_decref(crumbs);
	SR_LIT(out, "<h1>清理结果</h1>\n<p>按照规定，定期对失效和废止的文件"
	    "进行清理，并公布清理结果。</p>\n");
	if (json_array_size(runs) == 0)
		SR_LIT(out, "<p class=\"empty\">暂无清理结果。</p>\n");
	else {
		SR_LIT(out, "<table class=\"runs\">\n<thead><tr>"
		    "<th>清理日期</th><th>清理文件数</th></tr></thead>\n"
		    "<tbody>\n");
		json_array_foreach(runs, i, r) {
			cndate_format_cn(sr_str(r, "date"), cn, sizeof(cn));
			SR_LIT(out, "<tr><td>");
			if ((path = sr_str(r, "path")) != NULL && *path) {
				SR_LIT(out, "<a href=\"");
				sr_href(out, 1, path);
				SR_LIT(out, "\">");
				sr_esc(out, cn);
				SR_LIT(out, "</a>");
			} else
				sr_esc(out, cn);
			SR_LIT(out, "</td><td>");
			sr_int(out, (long long)sr_cint(r, "count"));
			SR_LIT(out, "</td></tr>\n");
		}
		SR_LIT(out, "</tbody>\n</table>\n");
	}
	sr_page_close(out, cx, 1);
	return out->nomem ? -1 : 0;
}

/* --- 负面清单 ----------------------------------------------------------- */

int
site_render_negative(struct strbuf *out, const struct site_ctx *cx,
    json_t *items)
{
	json_t		*it, *crumbs;
	size_t		 i;

	/* negative.html: at the root */
	sr_page_open(out, cx, 0, "负面清单", 0);
	crumbs = json_pack("[[s,s],[s,s]]", "首页", "index.html", "负面清单",
	    "");
	sr_crumbs(out, 0, crumbs);
	json_decref(crumbs);
	SR_LIT(out, "<h1>负面清单</h1>\n<p>下列事项的政府信息不主动公开。每一"
	    "事项列明其依据和所涉文件的件数；所涉文件不公布标题、文号和内容。"
	    "</p>\n");
	if (json_array_size(items) == 0)
		SR_LIT(out, "<p class=\"empty\">暂无事项。</p>\n");
	else {
		/* 序号, not the item's id: the id is the configuration's
		 * short name (state-secret), not words for the public. */
		SR_LIT(out, "<table class=\"negative\">\n<thead><tr>"
		    "<th>序号</th><th>事项</th><th>依据</th><th>机关</th>"
		    "<th>所涉文件数</th></tr></thead>\n<tbody>\n");
		json_array_foreach(items, i, it) {
			SR_LIT(out, "<tr><td>");
			sr_int(out, (long long)i + 1);
			SR_LIT(out, "</td><td>");
			sr_esc_or_none(out, sr_str(it, "matter"));
			SR_LIT(out, "</td><td>");
			sr_esc_or_none(out, sr_str(it, "basis"));
			SR_LIT(out, "</td><td>");
			sr_esc_or_none(out, sr_str(it, "agency"));
			SR_LIT(out, "</td><td class=\"count\">");
			sr_int(out, (long long)sr_cint(it, "count"));
			SR_LIT(out, "</td></tr>\n");
		}
		SR_LIT(out, "</tbody>\n</table>\n");
	}
	sr_page_close(out, cx, 0);
	return out->nomem ? -1 : 0;
}
