/*
 * site_render_annual: the annual report (政府信息公开工作年度报告) on the
 * public site, pure.  A published report's model (annual.h, the JSON of
 * annual/YEAR/SLUG.json in the vault: aggregates only) in, a full HTML
 * page out: the national tables, the charts with their tables beside
 * them, and a link to the Markdown (md_name, beside the page).  The
 * index lists every published report: entries [{year, agency, html, md,
 * published_on}], paths from the site root.  Returns 0, or -1.
 */
#ifndef DOCKET_SITE_RENDER_ANNUAL_H
#define DOCKET_SITE_RENDER_ANNUAL_H

#include <jansson.h>

#include "site_render.h"
#include "strbuf.h"

int	site_render_annual(struct strbuf *, const struct site_ctx *,
	    json_t *model, const char *md_name);
int	site_render_annual_index(struct strbuf *, const struct site_ctx *,
	    json_t *entries);

#endif
