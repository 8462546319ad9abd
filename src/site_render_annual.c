/*
 * site_render_annual: the annual report's page and the index of reports
 * (see site_render_annual.h).  The words are annual_labels.c's, the
 * title, summary and notes annual_md.c's, so the page and the Markdown
 * say the same.  Table 三 and table 四 have the national format's header
 * rows (申请人情况 over 自然人 | 法人或其他组织 (five) | 总计; 行政复议 |
 * 行政诉讼 over 未经复议直接起诉 and 复议后起诉); the headings of table 三
 * (三、本年度办理结果, （三）不予公开 …) are rows of their own.  The
 * charts come from model.charts through svgchart.c, each followed by
 * its data as a table.  Every string goes through sr_esc.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annual_labels.h"
#include "annual_md.h"
#include "apply.h"
#include "label.h"
#include "site_render_annual.h"
#include "site_render_impl.h"
#include "svgchart.h"

/* o.a.b…, NULL-terminated path. */
static json_t *
ra_get(json_t *o, const char *const *path)
{
	for (; o != NULL && *path != NULL; path++)
		o = json_object_get(o, *path);
	return o;
}

#define RA_GET(o, ...)	ra_get(o, (const char *const []){ __VA_ARGS__, NULL })

/*
 * The site's stylesheet keeps header cells on one line; the national
 * tables' long row labels must wrap, and the widest tables (三, 四)
 * scroll inside the page rather than stretch it.
 */
#define RA_WRAP		" style=\"white-space:normal\""
#define RA_SCROLL	"<div class=\"table-scroll\" " \
	"style=\"overflow-x:auto\">\n"

static void
ra_cell(struct strbuf *sb, long long v)
{
	SR_LIT(sb, "<td>");
	sr_int(sb, v);
	SR_LIT(sb, "</td>");
}

/* Text as paragraphs: blank lines part them. */
static void
ra_paras(struct strbuf *sb, const char *s, const char *cls)
{
	const char	*end;
	size_t		 n;

	while (s != NULL && *s != '\0') {
		while (*s == '\n' || *s == '\r' || *s == ' ' || *s == '\t')
			s++;
		if (*s == '\0')
			break;
		end = strstr(s, "\n\n");
		n = end != NULL ? (size_t)(end - s) : strlen(s);
		while (n > 0 && strchr(" \t\r\n", s[n - 1]) != NULL)
			n--;
		SR_LIT(sb, "<p");
		if (cls != NULL) {
			SR_LIT(sb, " class=\"");
			sr_puts(sb, cls);
			SR_LIT(sb, "\"");
		}
		SR_LIT(sb, ">");
		sr_esc_n(sb, s, n);
		SR_LIT(sb, "</p>\n");
		s = end != NULL ? end + 2 : s + strlen(s);
	}
}

/* The operator's notes for a section, as paragraphs, as the public
 * page shows them (annual_md_public on a copy of the notes): a section
 * not written says only that, never where the notes file lies on the
 * server (the Markdown preview names it). */
static void
ra_note(struct strbuf *sb, json_t *m, const char *section)
{
	struct strbuf	 t;
	json_t		*pm, *notes = json_object_get(m, "notes");

	if ((pm = json_object()) == NULL || (notes != NULL &&
	    json_object_set_new(pm, "notes", json_deep_copy(notes)) == -1)) {
		json_decref(pm);
		sb->nomem = 1;
		return;
	}
	annual_md_public(pm);
	memset(&t, 0, sizeof(t));
	if (annual_md_note(&t, pm, section)) {
		strbuf_add(&t, "", 0);
		if (t.nomem)
			sb->nomem = 1;
		else
			ra_paras(sb, t.s, "note");
	}
	strbuf_free(&t);
	json_decref(pm);
}

/* The failed checks of table t (0: all). */
static void
ra_checks(struct strbuf *sb, json_t *m, int t)
{
	json_t		*c;
	const char	*name;
	size_t		 i;

	json_array_foreach(json_object_get(m, "checks"), i, c) {
		if (!json_is_false(json_object_get(c, "ok")))
			continue;
		name = sr_str(c, "name");
		if (t != 0 && annual_check_table(name) != t)
			continue;
		SR_LIT(sb, "<p class=\"notice check-failed\"><strong>"
		    ANNUAL_CHECK_FAILED "</strong> ");
		sr_esc(sb, annual_check_name(name));
		SR_LIT(sb, "：");
		sr_esc(sb, sr_str(c, "detail"));
		SR_LIT(sb, "</p>\n");
	}
}

static void
ra_section(struct strbuf *sb, int n)
{
	SR_LIT(sb, "<section class=\"annual-part\" id=\"part");
	sr_int(sb, n);
	SR_LIT(sb, "\">\n<h2>");
	sr_puts(sb, annual_section_title(n));
	SR_LIT(sb, "</h2>\n");
}

/* --- the charts -------------------------------------------------------- */

/* A chart and its table in a figure; n 0: a line that says so. */
static int
ra_figure(struct strbuf *sb, const struct svgchart *c)
{
	SR_LIT(sb, "<figure class=\"annual-chart\" id=\"");
	sr_esc(sb, c->id);
	SR_LIT(sb, "\">\n<figcaption>");
	sr_esc(sb, c->title);
	SR_LIT(sb, "</figcaption>\n");
	if (c->n == 0)
		SR_LIT(sb, "<p class=\"empty\">暂无。</p>\n");
	else if (svgchart_bars(sb, c, sr_esc) == -1 ||
	    svgchart_table(sb, c, sr_esc) == -1)
		return -1;
	SR_LIT(sb, "</figure>\n");
	return 0;
}

static int
ra_chart_month(struct strbuf *sb, json_t *m)
{
	static const char *const months[12] = {
		"1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月",
		"10月", "11月", "12月"
	};
	static const char *const series[2] = { "收到申请", "作出答复" };
	struct svgchart	 c;
	json_t		*bm = RA_GET(m, "charts", "by_month");
	long		 v[24];
	size_t		 i;

	for (i = 0; i < 12; i++) {
		v[i] = (long)annual_md_count(json_array_get(json_object_get(bm,
		    "received"), i));
		v[12 + i] = (long)annual_md_count(json_array_get(
		    json_object_get(bm, "answered"), i));
	}
	memset(&c, 0, sizeof(c));
	c.id = "chart-month";
	c.title = "按月收到和答复的政府信息公开申请（件）";
	c.n = 12;
	c.nseries = 2;
	c.labels = months;
	c.series = series;
	c.values = v;
	return ra_figure(sb, &c);
}

static int
ra_chart_type(struct strbuf *sb, json_t *m)
{
	struct svgchart	 c;
	const char	*labels[8];
	json_t		*bt = RA_GET(m, "charts", "by_type");
	long		 v[8];
	size_t		 i;

	for (i = 0; apply_answer_types[i] != NULL && i < 8; i++) {
		labels[i] = annual_type_label(apply_answer_types[i]);
		if (json_is_object(bt))
			v[i] = (long)annual_md_count(json_object_get(bt,
			    apply_answer_types[i]));
		else
			v[i] = (long)annual_md_type_total(RA_GET(m,
			    "applications", "results"), apply_answer_types[i]);
	}
	memset(&c, 0, sizeof(c));
	c.id = "chart-type";
	c.title = "本年度办理结果（按答复类型，件）";
	c.n = i;
	c.nseries = 1;
	c.labels = labels;
	c.values = v;
	return ra_figure(sb, &c);
}

static int
ra_chart_domain(struct strbuf *sb, json_t *m)
{
	struct svgchart	 c;
	const char	**labels, *k;
	json_t		*bd = RA_GET(m, "charts", "by_domain"), *x;
	long		*v;
	size_t		 n = 0, cap;
	int		 rc;

	cap = json_object_size(bd) + 1;
	labels = calloc(cap, sizeof(*labels));
	v = calloc(cap, sizeof(*v));
	if (labels == NULL || v == NULL) {
		free(labels);
		free(v);
		return -1;
	}
	json_object_foreach(bd, k, x) {
		labels[n] = k;
		v[n++] = (long)annual_md_count(x);
	}
	memset(&c, 0, sizeof(c));
	c.id = "chart-domain";
	c.title = "本年主动公开的文件（按领域，件）";
	c.n = n;
	c.nseries = 1;
	c.labels = labels;
	c.values = v;
	rc = ra_figure(sb, &c);
	free(labels);
	free(v);
	return rc;
}

/* --- the tables -------------------------------------------------------- */

/* The entries of model.explain listed under table t: those the failed
 * checks' details do not name already. */
static void
ra_explain(struct strbuf *sb, json_t *m, int t)
{
	json_t		*x;
	const char	*v;
	size_t		 i, n = 0;

	json_array_foreach(json_object_get(m, "explain"), i, x)
		n += annual_md_explain_table(m, x) == t;
	if (n == 0)
		return;
	if (t == 2)
		SR_LIT(sb, "<p>可能影响上述核对的文件：</p>\n");
	else
		SR_LIT(sb, "<p>可能影响上述核对的申请：</p>\n");
	SR_LIT(sb, "<ul class=\"explain\">\n");
	json_array_foreach(json_object_get(m, "explain"), i, x) {
		if (annual_md_explain_table(m, x) != t)
			continue;
		SR_LIT(sb, "<li>");
		if ((v = sr_str(x, "id")) != NULL) {
			sr_esc(sb, v);
			SR_LIT(sb, " ");
		}
		sr_esc(sb, sr_str(x, "docno"));
		if ((v = sr_str(x, "title")) != NULL) {
			SR_LIT(sb, "《");
			sr_esc(sb, v);
			SR_LIT(sb, "》");
		}
		if ((v = sr_str(x, "detail")) != NULL) {
			SR_LIT(sb, "：");
			sr_esc(sb, v);
		}
		SR_LIT(sb, "</li>\n");
	}
	SR_LIT(sb, "</ul>\n");
}

/* An entered value, or 未填报: the page is the public one, so not the
 * command that enters it (the Markdown preview gives that). */
static void
ra_entered(struct strbuf *sb, json_t *m, const char *key)
{
	char		 buf[64];
	const char	*v;

	v = annual_md_value(RA_GET(m, "entered", key), buf, sizeof(buf));
	if (v != NULL) {
		SR_LIT(sb, "<td>");
		sr_esc(sb, v);
		SR_LIT(sb, "</td>");
		return;
	}
	SR_LIT(sb, "<td class=\"not-entered\">未填报</td>");
}

static void
ra_table2(struct strbuf *sb, json_t *m)
{
	static const char *const groups[][3] = {
		{ "permits", NULL, "decisions" },
		{ "penalties", "enforcement", "decisions" },
		{ "charges", NULL, "amount" }
	};
	json_t		*last = json_object_get(m, "last_year"), *e;
	const char	*src;
	size_t		 i, k, g;

	SR_LIT(sb, "<table class=\"annual t2\">\n<thead><tr>"
	    "<th colspan=\"4\">");
	sr_puts(sb, annual_t2_article("regulation"));
	SR_LIT(sb, "</th></tr>\n<tr><th scope=\"col\">" ANNUAL_T2_CONTENT
	    "</th>");
	for (k = 0; annual_doc_cols[k] != NULL; k++) {
		SR_LIT(sb, "<th scope=\"col\">");
		sr_puts(sb, annual_t2_label(annual_doc_cols[k]));
		SR_LIT(sb, "</th>");
	}
	SR_LIT(sb, "</tr></thead>\n<tbody>\n");
	for (i = 0; annual_doc_kinds[i] != NULL; i++) {
		SR_LIT(sb, "<tr><th scope=\"row\">");
		sr_puts(sb, annual_t2_label(annual_doc_kinds[i]));
		SR_LIT(sb, "</th>");
		for (k = 0; annual_doc_cols[k] != NULL; k++)
			ra_cell(sb, annual_md_count(RA_GET(m, "documents",
			    annual_doc_kinds[i], annual_doc_cols[k])));
		SR_LIT(sb, "</tr>\n");
	}
	SR_LIT(sb, "</tbody>\n</table>\n");
	for (g = 0; g < 3; g++) {
		SR_LIT(sb, "<table class=\"annual t2\">\n<thead><tr>"
		    "<th colspan=\"2\">");
		sr_puts(sb, annual_t2_article(groups[g][0]));
		SR_LIT(sb, "</th></tr>\n<tr><th scope=\"col\">"
		    ANNUAL_T2_CONTENT "</th><th scope=\"col\">");
		sr_puts(sb, annual_t2_label(groups[g][2]));
		SR_LIT(sb, "</th></tr></thead>\n<tbody>\n");
		for (k = 0; k < 2 && groups[g][k] != NULL; k++) {
			SR_LIT(sb, "<tr><th scope=\"row\">");
			sr_puts(sb, annual_t2_label(groups[g][k]));
			SR_LIT(sb, "</th>");
			ra_entered(sb, m, groups[g][k]);
			SR_LIT(sb, "</tr>\n");
		}
		SR_LIT(sb, "</tbody>\n</table>\n");
	}
	if (json_is_object(e = json_object_get(last, "in_force"))) {
		src = sr_str(last, "source");
		SR_LIT(sb, "<p class=\"last-year\">上年末现行有效件数（");
		sr_puts(sb, src != NULL && strcmp(src, "published") == 0 ?
		    "据上年已发布的年度报告" : "据记录计算");
		SR_LIT(sb, "）：");
		for (i = 0; annual_doc_kinds[i] != NULL; i++) {
			if (i > 0)
				SR_LIT(sb, "，");
			sr_puts(sb, annual_t2_label(annual_doc_kinds[i]));
			SR_LIT(sb, " ");
			sr_int(sb, annual_md_count(json_object_get(e,
			    annual_doc_kinds[i])));
			SR_LIT(sb, " 件");
		}
		SR_LIT(sb, "。</p>\n");
	}
	ra_checks(sb, m, 2);
	ra_explain(sb, m, 2);
}

/* A row of table 三: kind RA_HEAD a heading across the table (no
 * figures), RA_SUB a sub-type's row.  An absent row shows zeros. */
#define RA_ROW	0
#define RA_SUB	1
#define RA_HEAD	2
static void
ra_t3_row(struct strbuf *sb, const char *label, json_t *row, int kind)
{
	int	c;

	if (kind == RA_HEAD) {
		SR_LIT(sb, "<tr class=\"heading\"><th scope=\"rowgroup\" "
		    "colspan=\"8\"" RA_WRAP ">");
		sr_puts(sb, label);
		SR_LIT(sb, "</th></tr>\n");
		return;
	}
	SR_LIT(sb, "<tr><th scope=\"row\"" RA_WRAP);
	if (kind == RA_SUB)
		SR_LIT(sb, " class=\"sub\"");
	SR_LIT(sb, ">");
	sr_puts(sb, label);
	SR_LIT(sb, "</th>");
	for (c = 0; c < ANNUAL_LABEL_NCOLS; c++)
		ra_cell(sb, annual_md_count(json_object_get(row,
		    annual_col_key(c))));
	SR_LIT(sb, "</tr>\n");
}

static void
ra_table3(struct strbuf *sb, json_t *m)
{
	const char *const	*subs;
	const char		*t;
	json_t			*apps = json_object_get(m, "applications");
	json_t			*res = json_object_get(apps, "results");
	size_t			 i;
	int			 c, known;

	SR_LIT(sb, RA_SCROLL "<table class=\"annual t3\">\n<thead>\n"
	    "<tr><th rowspan=\"3\" class=\"note\"" RA_WRAP ">" ANNUAL_T3_NOTE
	    "</th>"
	    "<th colspan=\"7\">" ANNUAL_T3_APPLICANT "</th></tr>\n"
	    "<tr><th rowspan=\"2\" scope=\"col\">");
	sr_puts(sb, annual_col_label(0));
	SR_LIT(sb, "</th><th colspan=\"5\" scope=\"colgroup\">" ANNUAL_T3_ORGS
	    "</th><th rowspan=\"2\" scope=\"col\">");
	sr_puts(sb, annual_col_label(ANNUAL_LABEL_NCOLS - 1));
	SR_LIT(sb, "</th></tr>\n<tr>");
	for (c = 1; c < ANNUAL_LABEL_NCOLS - 1; c++) {
		SR_LIT(sb, "<th scope=\"col\">");
		sr_puts(sb, annual_col_label(c));
		SR_LIT(sb, "</th>");
	}
	SR_LIT(sb, "</tr>\n</thead>\n<tbody>\n");
	ra_t3_row(sb, annual_row_label("new", NULL),
	    json_object_get(apps, "new"), RA_ROW);
	ra_t3_row(sb, annual_row_label("carried_in", NULL),
	    json_object_get(apps, "carried_in"), RA_ROW);
	ra_t3_row(sb, annual_row_label("results", NULL), NULL, RA_HEAD);
	for (i = 0; (t = apply_answer_types[i]) != NULL; i++) {
		subs = apply_answer_subs(t, &known);
		if (subs == NULL) {
			ra_t3_row(sb, annual_row_label(t, NULL),
			    json_object_get(res, t), RA_ROW);
			continue;
		}
		ra_t3_row(sb, annual_row_label(t, NULL), NULL, RA_HEAD);
		for (; *subs != NULL; subs++)
			ra_t3_row(sb, annual_row_label(t, *subs),
			    RA_GET(res, t, *subs), RA_SUB);
	}
	ra_t3_row(sb, annual_row_label("total", NULL),
	    json_object_get(res, "total"), RA_ROW);
	ra_t3_row(sb, annual_row_label("carried_out", NULL),
	    json_object_get(apps, "carried_out"), RA_ROW);
	SR_LIT(sb, "</tbody>\n</table>\n</div>\n");
	ra_checks(sb, m, 3);
	ra_explain(sb, m, 3);
}

static void
ra_table4(struct strbuf *sb, json_t *m)
{
	size_t	b, k;

	SR_LIT(sb, RA_SCROLL "<table class=\"annual t4\">\n<thead>\n<tr>"
	    "<th colspan=\"5\" scope=\"colgroup\">");
	sr_puts(sb, annual_appeal_label("review"));
	SR_LIT(sb, "</th><th colspan=\"10\" scope=\"colgroup\">");
	sr_puts(sb, annual_appeal_label("lawsuit"));
	SR_LIT(sb, "</th></tr>\n<tr>");
	for (k = 0; annual_appeal_cols[k] != NULL; k++) {
		SR_LIT(sb, "<th rowspan=\"2\" scope=\"col\">");
		sr_puts(sb, annual_appeal_label(annual_appeal_cols[k]));
		SR_LIT(sb, "</th>");
	}
	for (b = 1; annual_appeal_blocks[b] != NULL; b++) {
		SR_LIT(sb, "<th colspan=\"5\" scope=\"colgroup\">");
		sr_puts(sb, annual_appeal_label(annual_appeal_blocks[b]));
		SR_LIT(sb, "</th>");
	}
	SR_LIT(sb, "</tr>\n<tr>");
	for (b = 1; annual_appeal_blocks[b] != NULL; b++)
		for (k = 0; annual_appeal_cols[k] != NULL; k++) {
			SR_LIT(sb, "<th scope=\"col\">");
			sr_puts(sb, annual_appeal_label(annual_appeal_cols[k]));
			SR_LIT(sb, "</th>");
		}
	SR_LIT(sb, "</tr>\n</thead>\n<tbody>\n<tr>");
	for (b = 0; annual_appeal_blocks[b] != NULL; b++)
		for (k = 0; annual_appeal_cols[k] != NULL; k++)
			ra_cell(sb, annual_md_count(RA_GET(m, "appeals",
			    annual_appeal_blocks[b], annual_appeal_cols[k])));
	SR_LIT(sb, "</tr>\n</tbody>\n</table>\n</div>\n");
	ra_checks(sb, m, 4);
	ra_explain(sb, m, 4);
}

/* Plain text t into sb, escaped; t is freed. */
static void
ra_esc_free(struct strbuf *sb, struct strbuf *t)
{
	if (t->nomem)
		sb->nomem = 1;
	else
		sr_esc(sb, t->s != NULL ? t->s : "");
	strbuf_free(t);
}

static void
ra_problems(struct strbuf *sb, json_t *m)
{
	struct strbuf	t;
	int		i;

	SR_LIT(sb, "<p>根据记录统计：</p>\n<ul class=\"problems\">\n");
	for (i = 0; i < ANNUAL_PROBLEM_ITEMS; i++) {
		memset(&t, 0, sizeof(t));
		annual_problem_item(&t, m, i);
		SR_LIT(sb, "<li>");
		ra_esc_free(sb, &t);
		if (i + 1 < ANNUAL_PROBLEM_ITEMS)
			SR_LIT(sb, "；</li>\n");
		else
			SR_LIT(sb, "。</li>\n");
	}
	SR_LIT(sb, "</ul>\n");
}

static void
ra_fees(struct strbuf *sb, json_t *m)
{
	struct strbuf	t = { NULL, 0, 0, 0 };

	annual_fees_text(&t, m);
	SR_LIT(sb, "<p class=\"fees\">");
	ra_esc_free(sb, &t);
	SR_LIT(sb, "</p>\n");
}

/* --- the pages --------------------------------------------------------- */

/* Give out back as it was. */
static int
ra_refuse(struct strbuf *out, size_t len0)
{
	if (out->s != NULL && out->len >= len0) {
		out->len = len0;
		out->s[len0] = '\0';
	}
	return -1;
}

int
site_render_annual(struct strbuf *out, const struct site_ctx *cx,
    json_t *m, const char *md_name)
{
	struct strbuf	 title, summary;
	json_t		*crumbs;
	size_t		 len0 = out->len;
	int		 depth = sr_depth(cx->page), rc = 0;

	if (!json_is_object(m))
		return -1;
	memset(&title, 0, sizeof(title));
	memset(&summary, 0, sizeof(summary));
	annual_md_title(&title, m);
	strbuf_add(&title, "", 0);
	annual_md_summary(&summary, m);
	strbuf_add(&summary, "", 0);
	crumbs = json_pack("[[s,s],[s,s],[s,s]]", "首页", "index.html",
	    "年度报告", "annual/index.html", "", "");
	if (title.nomem || summary.nomem || crumbs == NULL ||
	    json_array_set_new(json_array_get(crumbs, 2), 0,
	    json_string_nocheck(title.s)) == -1) {
		rc = -1;
		goto done;
	}
	sr_page_open(out, cx, depth, title.s, 0);
	sr_crumbs(out, depth, crumbs);
	SR_LIT(out, "<article class=\"annual\">\n<h1>");
	sr_esc(out, title.s);
	SR_LIT(out, "</h1>\n");
	if (sr_str(m, "as_of") != NULL) {
		SR_LIT(out, "<p class=\"as-of\">数据截至 ");
		sr_esc(out, sr_str(m, "as_of"));
		SR_LIT(out, "。</p>\n");
	}
	ra_checks(out, m, 0);
	if (md_name != NULL && *md_name != '\0') {
		SR_LIT(out, "<p class=\"alt-format\"><a href=\"");
		sr_url_path(out, md_name);
		SR_LIT(out, "\" type=\"text/markdown\">本报告的 Markdown 文本"
		    "</a></p>\n");
	}

	ra_section(out, 1);
	SR_LIT(out, "<p>");
	sr_esc(out, summary.s);
	SR_LIT(out, "</p>\n");
	ra_note(out, m, "overview");
	SR_LIT(out, "</section>\n");

	ra_section(out, 2);
	ra_table2(out, m);
	if (ra_chart_domain(out, m) == -1)
		rc = -1;
	SR_LIT(out, "</section>\n");

	ra_section(out, 3);
	ra_table3(out, m);
	if (ra_chart_month(out, m) == -1 || ra_chart_type(out, m) == -1)
		rc = -1;
	SR_LIT(out, "</section>\n");

	ra_section(out, 4);
	ra_table4(out, m);
	SR_LIT(out, "</section>\n");

	ra_section(out, 5);
	ra_note(out, m, "problems");
	ra_problems(out, m);
	SR_LIT(out, "</section>\n");

	ra_section(out, 6);
	ra_fees(out, m);
	ra_note(out, m, "other");
	SR_LIT(out, "</section>\n</article>\n");
	sr_page_close(out, cx, depth);
done:
	strbuf_free(&title);
	strbuf_free(&summary);
	json_decref(crumbs);
	if (rc == -1 || out->nomem)
		return ra_refuse(out, len0);
	return 0;
}

int
site_render_annual_index(struct strbuf *out, const struct site_ctx *cx,
    json_t *entries)
{
	json_t		*e, *crumbs, *y;
	const char	*a, *p;
	size_t		 i;
	int		 depth = sr_depth(cx->page);

	crumbs = json_pack("[[s,s],[s,s]]", "首页", "index.html", "年度报告",
	    "");
	if (crumbs == NULL)
		return -1;
	sr_page_open(out, cx, depth, "政府信息公开工作年度报告", 0);
	sr_crumbs(out, depth, crumbs);
	json_decref(crumbs);
	SR_LIT(out, "<h1>政府信息公开工作年度报告</h1>\n");
	if (json_array_size(entries) == 0)
		SR_LIT(out, "<p class=\"empty\">暂无。</p>\n");
	else {
		SR_LIT(out, "<table class=\"annual-index\">\n<thead><tr>"
		    "<th scope=\"col\">年度</th><th scope=\"col\">机关</th>"
		    "<th scope=\"col\">报告</th><th scope=\"col\">Markdown</th>"
		    "<th scope=\"col\">发布日期</th></tr></thead>\n<tbody>\n");
		json_array_foreach(entries, i, e) {
			y = json_object_get(e, "year");
			a = sr_str(e, "agency");
			SR_LIT(out, "<tr><td>");
			if (json_is_integer(y))
				sr_int(out, (long long)json_integer_value(y));
			else
				sr_esc_or_none(out, sr_str(e, "year"));
			SR_LIT(out, "</td><td>");
			sr_esc(out, a != NULL && *a != '\0' ? a :
			    ANNUAL_ALL_NAME);
			SR_LIT(out, "</td><td>");
			if ((p = sr_str(e, "html")) != NULL) {
				SR_LIT(out, "<a href=\"");
				sr_href(out, depth, p);
				SR_LIT(out, "\">");
				if (json_is_integer(y)) {
					sr_int(out, (long long)
					    json_integer_value(y));
					SR_LIT(out, "年");
				}
				sr_esc(out, a != NULL && *a != '\0' ? a :
				    ANNUAL_ALL_NAME);
				SR_LIT(out, "政府信息公开工作年度报告</a>");
			} else
				sr_puts(out, SR_NONE);
			SR_LIT(out, "</td><td>");
			if ((p = sr_str(e, "md")) != NULL) {
				SR_LIT(out, "<a href=\"");
				sr_href(out, depth, p);
				SR_LIT(out, "\" type=\"text/markdown\">"
				    "Markdown</a>");
			} else
				sr_puts(out, SR_NONE);
			SR_LIT(out, "</td><td>");
			sr_esc_or_none(out, sr_str(e, "published_on"));
			SR_LIT(out, "</td></tr>\n");
		}
		SR_LIT(out, "</tbody>\n</table>\n");
	}
	sr_page_close(out, cx, depth);
	return out->nomem ? -1 : 0;
}
