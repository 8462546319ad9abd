/*
 * report_annual: the annual report (政府信息公开工作年度报告) in the
 * compliance report.  From 1 January each agency that had a document or
 * an application by 31 December has a report of that year due (31
 * January, or what [annual_report] says); its part then says when, how
 * many days remain, whether it is published (the vault's
 * annual/YEAR/SLUG.json) and whether its cross-checks (勾稽关系) pass, and
 * flags annual_report_late when it was not published by its day.  Only
 * with report_opts.annual set and a vault; report_compliance.c uses it,
 * and the report's callers report_annual_conf.
 */
#ifndef DOCKET_REPORT_ANNUAL_H
#define DOCKET_REPORT_ANNUAL_H

#include <jansson.h>
#include <lmdb.h>
#include <stddef.h>

#include "strbuf.h"

struct config;
struct config_annual;
struct report_ctx;
struct report_out;
struct store;
struct vault;

/* Days before the due date from which an unpublished report counts as
 * something to do. */
#define REPORT_ANNUAL_SOON	31

/*
 * Each wanted agency's part gets "annual_report": {year, due, days_left,
 * published_on (the first publication, or null), checks_ok (null: not
 * checked), failed [check names], flags []|["annual_report_late"]} and
 * the integers annual_report_due (1: unpublished, due within
 * REPORT_ANNUAL_SOON days) and annual_report_late (1: flagged), which the
 * totals sum.  0, or -1 with a message.
 */
int		 report_annual_build(struct report_ctx *, char *err,
		    size_t errlen);
/* What of a part counts as things to do (annual_report_due + _late). */
size_t		 report_annual_items(json_t *part);
/* The part's line ("2025年政府信息公开工作年度报告：应于 2026-01-31 前发
 * 布，还有 11 天；勾稽关系：通过"), nothing without an annual_report. */
void		 report_annual_text(struct report_out *, json_t *part);
/* The part's CSV row, when it counts. */
void		 report_annual_csv(struct strbuf *, const char *agency,
		    json_t *part);

/* The [annual_report] configuration of cf, for report_opts.annual. */
const struct config_annual *report_annual_conf(const struct config *);

#endif
