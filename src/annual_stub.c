/*
 * annual_stub: TEMPORARY stand-ins for the annual report's pure core
 * (annual.h, gongwen_kind.h: branch annual-core) and its renderers
 * (annual_md.h, annual_json.h, site_render_annual.h: branch
 * annual-render), so that the plumbing of branch annual-plumb builds
 * and its tests run before those are merged.  The model has the keys of
 * the plan with every count 0, the checks all pass, the renderers print
 * little.  The lead drops this file (and its Makefile.am block) at the
 * merge; nothing else refers to it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annual.h"
#include "annual_json.h"
#include "annual_md.h"
#include "gongwen_kind.h"
#include "site_render_annual.h"
#include "strbuf.h"

const char *const annual_col_keys[ANNUAL_NCOLS] = { "person", "business",
    "research", "nonprofit", "legal", "other", "total" };

struct annual {
	int	 year;
	char	*agency;
	char	 as_of[11];
};

const char *
gongwen_kind_name(enum gw_kind k)
{
	return k == GW_KIND_REGULATION ? "regulation" :
	    k == GW_KIND_NORMATIVE ? "normative" : "other";
}

int
gongwen_kind_parse(const char *s, enum gw_kind *k)
{
	if (strcmp(s, "regulation") == 0)
		*k = GW_KIND_REGULATION;
	else if (strcmp(s, "normative") == 0)
		*k = GW_KIND_NORMATIVE;
	else if (strcmp(s, "other") == 0)
		*k = GW_KIND_OTHER;
	else
		return -1;
	return 0;
}

enum gw_kind
gongwen_kind_of(json_t *rec, const struct gongwen_kind_rule *r, size_t n,
    const char **why)
{
	(void)rec;
	(void)r;
	(void)n;
	if (why != NULL)
		*why = "stub";
	return GW_KIND_OTHER;
}

struct annual *
annual_new(const struct annual_opts *o)
{
	struct annual *a;

	if ((a = calloc(1, sizeof(*a))) == NULL)
		return NULL;
	a->year = o->year;
	if (o->agency != NULL && (a->agency = strdup(o->agency)) == NULL) {
		free(a);
		return NULL;
	}
	snprintf(a->as_of, sizeof(a->as_of), "%s", o->as_of);
	return a;
}

int
annual_add_doc(struct annual *a, json_t *rec)
{
	(void)a;
	(void)rec;
	return 0;
}

int
annual_add_app(struct annual *a, json_t *app)
{
	(void)a;
	(void)app;
	return 0;
}

static json_t *
stub_row(void)
{
	json_t	*r = json_object();
	int	 i;

	for (i = 0; i < ANNUAL_NCOLS; i++)
		json_object_set_new(r, annual_col_keys[i], json_integer(0));
	return r;
}

static json_t *
stub_appeal(void)
{
	return json_pack("{s:i, s:i, s:i, s:i, s:i}", "upheld", 0,
	    "corrected", 0, "other", 0, "pending", 0, "total", 0);
}

json_t *
annual_finish(struct annual *a, json_t *extra)
{
	json_t	*m, *ly, *inf;

	m = json_pack("{s:i, s:s?, s:s}", "year", a->year, "agency",
	    a->agency, "as_of", a->as_of);
	json_object_set_new(m, "documents", json_pack("{s:{s:i, s:i, s:i}, "
	    "s:{s:i, s:i, s:i}}", "regulation", "issued", 0, "repealed", 0,
	    "in_force", 0, "normative", "issued", 0, "repealed", 0,
	    "in_force", 0));
	json_object_set(m, "entered", json_object_get(extra, "entered"));
	json_object_set_new(m, "applications", json_pack("{s:o, s:o, s:o, "
	    "s:{s:o, s:o, s:o, s:o, s:o, s:o, s:o}}", "new", stub_row(),
	    "carried_in", stub_row(), "carried_out", stub_row(), "results",
	    "granted", stub_row(), "partial", stub_row(), "denied",
	    json_object(), "unavailable", json_object(), "not_processed",
	    json_object(), "other", json_object(), "total", stub_row()));
	json_object_set_new(m, "appeals", json_pack("{s:o, s:o, s:o}",
	    "review", stub_appeal(), "lawsuit_direct", stub_appeal(),
	    "lawsuit_after_review", stub_appeal()));
	json_object_set_new(m, "fees", json_pack("{s:i, s:i, s:i, s:i}",
	    "notices", 0, "amount", 0, "paid", 0, "amount_paid", 0));
	json_object_set_new(m, "problems", json_pack("{s:i, s:i, s:i}",
	    "late_answers", 0, "published_late", 0, "review_overdue", 0));
	json_object_set_new(m, "charts", json_object());
	ly = json_object_get(extra, "last_year");
	inf = json_object();
	json_object_set_new(inf, "regulation", json_integer(0));
	json_object_set_new(inf, "normative", json_integer(0));
	json_object_set_new(m, "last_year", json_pack("{s:s, s:o}", "source",
	    json_is_object(ly) ? "published" : "computed", "in_force", inf));
	json_object_set_new(m, "explain", json_array());
	json_object_set_new(m, "checks", json_array());
	json_object_set(m, "notes", json_object_get(extra, "notes"));
	return m;
}

void
annual_free(struct annual *a)
{
	if (a == NULL)
		return;
	free(a->agency);
	free(a);
}

json_t *
annual_check_run(json_t *model)
{
	static const char *const names[] = { "table3_columns",
	    "table3_total", "table3_rows", "table4_total", "table2_regulation",
	    "table2_normative", NULL };
	json_t	*c = json_array();
	size_t	 i;

	(void)model;
	for (i = 0; names[i] != NULL; i++)
		json_array_append_new(c, json_pack("{s:s, s:b, s:s}", "name",
		    names[i], "ok", 1, "detail", ""));
	return c;
}

int
annual_checks_ok(json_t *model)
{
	json_t	*c;
	size_t	 i;

	json_array_foreach(json_object_get(model, "checks"), i, c)
		if (!json_is_true(json_object_get(c, "ok")))
			return 0;
	return 1;
}

char *
annual_json_render(json_t *model, size_t *len)
{
	char *s = json_dumps(model, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	if (s == NULL)
		return NULL;
	*len = strlen(s);
	/* one line feed at the end, as a text file */
	if ((s = realloc(s, *len + 2)) == NULL)
		return NULL;
	s[(*len)++] = '\n';
	s[*len] = '\0';
	return s;
}

static void
stub_add(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

char *
annual_md_render(json_t *model, size_t *len)
{
	struct strbuf	 sb;
	json_t		*v, *n = json_object_get(model, "notes");
	const char	*k;
	char		 line[512];

	memset(&sb, 0, sizeof(sb));
	snprintf(line, sizeof(line), "# %s%lld年政府信息公开工作年度报告\n\n",
	    json_string_value(json_object_get(model, "agency")) ?
	    json_string_value(json_object_get(model, "agency")) : "",
	    (long long)json_integer_value(json_object_get(model, "year")));
	stub_add(&sb, line);
	if (!annual_checks_ok(model))
		stub_add(&sb, "**【勾稽关系检查未通过】**\n\n");
	stub_add(&sb, "## 一、总体情况\n\n");
	stub_add(&sb, json_string_value(json_object_get(n, "overview")) ?
	    json_string_value(json_object_get(n, "overview")) : "");
	stub_add(&sb, "\n\n## 二、主动公开政府信息情况\n\n");
	json_object_foreach(json_object_get(model, "entered"), k, v) {
		if (json_is_integer(v))
			snprintf(line, sizeof(line), "- %s: %lld\n", k,
			    (long long)json_integer_value(v));
		else if (json_is_string(v))
			snprintf(line, sizeof(line), "- %s: %s\n", k,
			    json_string_value(v));
		else
			snprintf(line, sizeof(line), "- %s: 未填报（docketctl "
			    "annual-report set %lld %s N）\n", k, (long long)
			    json_integer_value(json_object_get(model, "year")),
			    k);
		stub_add(&sb, line);
	}
	stub_add(&sb, "\n## 三、收到和处理政府信息公开申请情况\n\n"
	    "## 四、政府信息公开行政复议、行政诉讼情况\n\n"
	    "## 五、存在的主要问题及改进情况\n\n");
	stub_add(&sb, json_string_value(json_object_get(n, "problems")) ?
	    json_string_value(json_object_get(n, "problems")) : "");
	stub_add(&sb, "\n\n## 六、其他需要报告的事项\n\n");
	stub_add(&sb, json_string_value(json_object_get(n, "other")) ?
	    json_string_value(json_object_get(n, "other")) : "");
	stub_add(&sb, "\n");
	if (sb.nomem) {
		strbuf_free(&sb);
		return NULL;
	}
	*len = sb.len;
	return sb.s;
}

int
site_render_annual(struct strbuf *sb, const struct site_ctx *ctx,
    json_t *model, const char *md_name)
{
	char	*md;
	size_t	 len, i;

	(void)ctx;
	if ((md = annual_md_render(model, &len)) == NULL)
		return -1;
	stub_add(sb, "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head>"
	    "<meta charset=\"utf-8\"><title>年度报告</title></head><body><pre>");
	for (i = 0; i < len; i++)
		switch (md[i]) {
		case '<': stub_add(sb, "&lt;"); break;
		case '>': stub_add(sb, "&gt;"); break;
		case '&': stub_add(sb, "&amp;"); break;
		default: strbuf_add(sb, md + i, 1);
		}
	free(md);
	stub_add(sb, "</pre>");
	if (md_name != NULL) {
		stub_add(sb, "<p><a href=\"");
		stub_add(sb, md_name);
		stub_add(sb, "\">Markdown</a></p>");
	}
	stub_add(sb, "</body></html>\n");
	return sb->nomem ? -1 : 0;
}

int
site_render_annual_index(struct strbuf *sb, const struct site_ctx *ctx,
    json_t *entries)
{
	(void)ctx;
	(void)entries;
	stub_add(sb, "<!DOCTYPE html>\n<html lang=\"zh-CN\"><body></body>"
	    "</html>\n");
	return sb->nomem ? -1 : 0;
}
