/*
 * site_render_annual: the annual report (政府信息公开工作年度报告) on the
 * public site: one page per agency and year, in the site's frame (the
 * other pages' header, navigation and stylesheet), with the tables of
 * the national format (国办公开办函〔2021〕30号), every failed cross-check
 * as a visible warning, a link to the Markdown beside it, and three
 * charts as inline SVG, each in a <figure> with the table of the data it
 * draws: applications received and answered by month, answers by type,
 * documents published by domain; and the index of the reports (年度报告).
 * Pure: JSON in, bytes appended; no JavaScript.
 */
#ifndef DOCKET_SITE_RENDER_ANNUAL_H
#define DOCKET_SITE_RENDER_ANNUAL_H

#include <jansson.h>

#include "site_render.h"
#include "strbuf.h"

/* The report of model (annual.h) at ctx->page (annual/YEAR/SLUG.html);
 * md_name: the Markdown's file name beside it (NULL: no link).  0, or -1
 * when model is not an object or memory ran out (out as it was). */
int	site_render_annual(struct strbuf *out, const struct site_ctx *,
	    json_t *model, const char *md_name);
/* The index at ctx->page (annual/index.html): entries [{"year",
 * "agency" (null: the whole government), "html", "md" (paths from the
 * site's root), "published_on"}], in the order given. */
int	site_render_annual_index(struct strbuf *out, const struct site_ctx *,
	    json_t *entries);

#endif
