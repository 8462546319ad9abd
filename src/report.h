/*
 * report: the reports mailed to each agency's open-government secretary
 * (政务公开专员) and printed by `docketctl report`.  Four kinds, each
 * built from the index (and for cleanup the vault) as one JSON object
 * grouped by agency, then rendered whole or one agency's part as
 * Chinese text with CJK-aligned tables, CSV or JSON:
 *
 *   review      reviews due within N days, overdue first (the JSON has
 *               the docketctl commands that record a decision; what
 *               people read says what to ask the administrator for)
 *   cleanup     the public documents the cleanup of a day (or the
 *               latest one before it) cleaned, each with its legal date
 *               and basis; the others only counted, never named
 *   compliance  what needs a secretary's attention: undetermined
 *               disclosure, missing reasons, conflicting markings,
 *               overdue reviews, missing docno or date; the annual
 *               report due (年度报告)
 *   summary     totals by disclosure, status and domain, and what
 *               changed since the last report
 *   applications  disclosure applications overdue, due soon, awaiting a
 *               correction, a consultation or a fee, each with the
 *               docketctl command that acts on it (report_apply.c)
 *
 * Building reads one transaction and changes nothing.
 */
#ifndef DOCKET_REPORT_H
#define DOCKET_REPORT_H

#include <jansson.h>
#include <lmdb.h>
#include <stddef.h>

#include "lifecycle.h"
#include "store.h"
#include "vault.h"

struct calendar;
struct config_annual;

#define REPORT_WITHIN_DEFAULT	30	/* review look-ahead in days */
#define REPORT_CHANGES_MAX	50	/* summary lines per agency */
#define REPORT_NO_AGENCY	"（未署机关）"

/*
 * kind         review | cleanup | compliance | summary
 * as_of        YYYY-MM-DD: "today" for the report
 * within_days  review look-ahead in days; 0: REPORT_WITHIN_DEFAULT
 * agency       only this agency's part, or NULL for all
 * policy       the review policy; NULL: lc_policy_default()
 * since        summary: changes since this local time
 *              YYYY-MM-DDTHH:MM:SS; NULL: none known (the report says so)
 * mailed       cleanup: what an earlier mail of a day's result held, the
 *              report's "cleanup"."state" then ({date, documents,
 *              withheld_count, on_request_count, undetermined_count});
 *              when the result is of that date only what came since is
 *              reported.  NULL: all of it.
 * cal          applications: the working-day calendar (NULL: built-in)
 * due_soon     applications: [applications] due_soon (0: the default)
 * personal     applications: put the applicant's name, contact and
 *              request in (only for that agency's own secretary, or an
 *              administrator); 0 leaves them out
 * annual       compliance: [annual_report] (report_annual.h): each
 *              agency's part says when last year's annual report is due
 *              and flags annual_report_late; NULL leaves it out
 */
struct report_opts {
	const char		*kind;
	char			 as_of[11];
	int			 within_days;
	const char		*agency;
	const struct lc_policy	*policy;
	const char		*since;
	json_t			*mailed;
	const struct calendar	*cal;
	int			 due_soon;
	int			 personal;
	int			 list;		/* mailed to a list, not to an
					 * agency's own secretary: no
					 * non-public docno or title */
	const struct config_annual *annual;
	int			 annual_published_only;	/* docketd's mailer:
					 * an unpublished report is not
					 * built for its checks (a walk of
					 * the agency's records in the
					 * event loop) */
};

/* The kinds' names in order ("review", ...), NULL past the last. */
const char	*report_kind_name(size_t i);
/* 1 when name is a report kind. */
int		 report_kind_known(const char *name);
/* The names joined by sep, the last by last ("review, cleanup,
 * compliance or summary") into buf: for messages that list the kinds. */
void		 report_kind_list(char *buf, size_t len, const char *sep,
		    const char *last);

/* A record's agency for reports: its "agency" (the intake folder, else
 * the [agency] its issuer maps to), else "（未署机关）".  Borrowed from
 * rec. */
const char	*report_agency(json_t *rec);

/*
 * Build a report: {"kind", "as_of", "generated_for": agency|null,
 * "totals": {...}, "agencies": {"AGENCY": {...}, ...}} and a few fields
 * of the kind.  vt is needed for cleanup only (may be NULL otherwise).
 * NULL with a message in err on failure; an unknown kind is an error
 * naming the four kinds.
 */
json_t		*report_build(struct store *, MDB_txn *, struct vault *,
		    const struct report_opts *, char *err, size_t errlen);

/* The agencies that have something in the report, sorted, as a JSON
 * array of strings (new reference). */
json_t		*report_agencies(json_t *report);

/* 1 when the agency's part (the whole report for NULL) has no items. */
int		 report_empty(json_t *report, const char *agency);

/*
 * Render the whole report (agency NULL) or one agency's part as "text"
 * (Chinese, plain UTF-8, tables aligned for CJK double width), "csv"
 * (RFC 4180: CRLF, header row, UTF-8) or "json".  Returns a malloc'd,
 * NUL-terminated buffer and its length in *len (len may be NULL), or
 * NULL with a message.  No line carries a CR or LF from a data field.
 */
char		*report_render(json_t *report, const char *agency,
		    const char *format, size_t *len, char *err, size_t errlen);

/* A Chinese subject line for a mail of this report or agency's part,
 * e.g. "【政务公开】淄博市财政局 定期审查提醒：待审查 3 件（逾期 1 件）
 * （2026年11月28日）".  No CR or LF; cut on a character boundary. */
void		 report_subject(json_t *report, const char *agency, char *buf,
		    size_t len);

#endif
