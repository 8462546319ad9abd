/*
 * site_render_annual_stub: a stand-in for site_render_annual.c (branch
 * annual-render) until it is merged, so that the site's annual pages
 * (site_files.c:site_annual_pages) build and are tested for their paths
 * and links.  A minimal page: the title, the year and agency, the link
 * to the Markdown; the index: a list of links.  The lead drops this file
 * at the merge.
 */
#include <stdio.h>

#include "site_render_annual.h"
#include "site_render_impl.h"

static void
sras_title(char *buf, size_t len, json_t *model)
{
	const char *agency = sr_str(model, "agency");

	snprintf(buf, len, "%s%lld年政府信息公开工作年度报告",
	    agency != NULL ? agency : "", (long long)json_integer_value(
	    json_object_get(model, "year")));
}

int
site_render_annual(struct strbuf *sb, const struct site_ctx *ctx,
    json_t *model, const char *md_name)
{
	int	depth = sr_depth(ctx->page != NULL ? ctx->page : "");
	char	title[512];

	if (!json_is_object(model))
		return -1;
	sras_title(title, sizeof(title), model);
	sr_page_open(sb, ctx, depth, title, 0);
	SR_LIT(sb, "<h1>");
	sr_esc(sb, title);
	SR_LIT(sb, "</h1>\n");
	if (md_name != NULL) {
		SR_LIT(sb, "<p><a href=\"");
		sr_url_path(sb, md_name);
		SR_LIT(sb, "\">Markdown</a></p>\n");
	}
	sr_page_close(sb, ctx, depth);
	return sb->nomem ? -1 : 0;
}

int
site_render_annual_index(struct strbuf *sb, const struct site_ctx *ctx,
    json_t *entries)
{
	int	 depth = sr_depth(ctx->page != NULL ? ctx->page : "");
	json_t	*e;
	size_t	 i;
	char	 title[512];

	sr_page_open(sb, ctx, depth, "年度报告", 0);
	SR_LIT(sb, "<h1>政府信息公开工作年度报告</h1>\n<ul>\n");
	json_array_foreach(entries, i, e) {
		sras_title(title, sizeof(title), e);
		SR_LIT(sb, "<li><a href=\"");
		sr_href(sb, depth, sr_str(e, "html") ? sr_str(e, "html") : "");
		SR_LIT(sb, "\">");
		sr_esc(sb, title);
		SR_LIT(sb, "</a></li>\n");
	}
	SR_LIT(sb, "</ul>\n");
	sr_page_close(sb, ctx, depth);
	return sb->nomem ? -1 : 0;
}
