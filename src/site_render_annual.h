/*
 * site_render_annual: the annual report as a page of the public site
 * (tables in the national format, inline SVG charts each with its
 * table) and the index of the published reports.  Pure, like
 * site_render.c.
 */
#ifndef DOCKET_SITE_RENDER_ANNUAL_H
#define DOCKET_SITE_RENDER_ANNUAL_H

#include <jansson.h>

#include "site_render.h"
#include "strbuf.h"

int	site_render_annual(struct strbuf *, const struct site_ctx *,
	    json_t *model, const char *md_name);
/* entries: [{year, agency, html, md, published_on}] */
int	site_render_annual_index(struct strbuf *, const struct site_ctx *,
	    json_t *entries);

#endif
