/*
 * annual: the model of the annual report (政府信息公开工作年度报告, 条例
 * Art. 49–50, national format 国办公开办函〔2021〕30号) for one year and
 * one agency (or the whole government), counted from the document
 * records and the application records as they are stored.  Pure: the
 * caller (annual_build.c) walks LMDB and reads the vault and the notes
 * file; annual_count.c counts, annual_check.c runs the cross-checks
 * (勾稽关系).  Everything is "as of 31 December of the year", so the
 * figures do not depend on the day the report is made.
 *
 * The model (JSON, keys in this order, the stable interface of
 * `docketctl annual-report --format json` and of the renderers):
 *   year, agency (null: the whole government), as_of,
 *   documents {regulation, normative: {issued, repealed, in_force}},
 *   entered {permits, penalties, enforcement, charges} (null: not
 *     entered; charges in 万元, as entered),
 *   applications {new, carried_in, results {granted, partial,
 *     denied {state_secret…query_matter}, unavailable {…3},
 *     not_processed {…5}, other {…3}, total}, carried_out}, where each
 *     row is {person, business, research, nonprofit, legal, other,
 *     total},
 *   appeals {review, lawsuit_direct, lawsuit_after_review: {upheld,
 *     corrected, other, pending, total}},
 *   fees {notices, amount, paid, amount_paid} (yuan),
 *   problems {late_answers, published_late, review_overdue},
 *   charts {by_month {received[12], answered[12]}, by_type {granted…
 *     other}, by_domain {DOMAIN: n, …} (published in the year, most
 *     first)},
 *   last_year {source: "published"|"computed", year, published_on (or
 *     null), in_force {regulation, normative}},
 *   explain: what may explain a failed check, each
 *     {what: "document", id, docno, title, from, to, cause, on, detail}
 *       cause "kind": its kind changed from → to on on (doc_kind_on);
 *       "late": registered on on, after last year's report, though formed
 *       before the year; "undated": lost in the year, never formed (no
 *       signed_on); docno null and title a placeholder for a classified
 *       or non-public record (report_docno / report_title rules), or
 *     {what: "application", id, check, detail}: it fits no cell of the
 *       national table (check: the one it breaks), or has no valid
 *       received_first (check "uncounted": counted nowhere),
 *   checks [{name, ok, detail}] (annual_check_run; [] until then),
 *   notes (extra.notes as given, else null; annual_build's shape, e.g.
 *     {file, overview, problems, other}).
 *
 * Totals are counted on their own (each application adds 1 to its cell
 * and, separately, to its row's total and to results.total), so the
 * checks test the counting instead of restating it.
 */
#ifndef DOCKET_ANNUAL_H
#define DOCKET_ANNUAL_H

#include <jansson.h>
#include <stddef.h>

#include "gongwen_kind.h"

enum annual_col {
	ANNUAL_PERSON, ANNUAL_BUSINESS, ANNUAL_RESEARCH, ANNUAL_NONPROFIT,
	ANNUAL_LEGAL, ANNUAL_OTHER, ANNUAL_TOTAL, ANNUAL_NCOLS
};	/* apply_applicant_types order */
extern const char *const annual_col_keys[ANNUAL_NCOLS];	/* "person".."total" */

struct annual_opts {
	int				 year;
	const char			*agency;	/* NULL: all */
	const char			*as_of;	/* min(today, YEAR-12-31) */
	const struct gongwen_kind_rule	*rules;
	size_t				 nrules;
};

struct annual;		/* the accumulator */

/* NULL when out of memory or year/as_of are not valid. */
struct annual	*annual_new(const struct annual_opts *);
/* Count one record / application (borrowed).  Another agency's is
 * skipped.  0, or -1 out of memory. */
int		 annual_add_doc(struct annual *, json_t *rec);
int		 annual_add_app(struct annual *, json_t *app);
/*
 * The model, without checks ("checks": []).  extra (borrowed, may be
 * NULL): {"entered": {…}|null, "notes": {…}, "last_year": the model of
 * last year's published report | null}.  Without last_year, last year's
 * in-force figures are computed from the same records.  NULL when out of
 * memory.
 */
json_t		*annual_finish(struct annual *, json_t *extra);
void		 annual_free(struct annual *);

/* The cross-checks of a model: [{name, ok, detail}] (annual_check.c);
 * NULL when out of memory. */
json_t		*annual_check_run(json_t *model);
/* 1 when every check passes (runs them when model.checks is empty). */
int		 annual_checks_ok(json_t *model);

#endif
