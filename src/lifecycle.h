/*
 * lifecycle: the state machine of a record's disclosure and validity.
 * Pure functions over the record JSON: each checks that a transition is
 * allowed, applies it, and returns the event that records it.  Nothing
 * here touches the vault or LMDB; change.c makes the results durable.
 *
 *   disclosure  public | on_request | withheld | undetermined
 *   status      in_force -> expired -> repealed -> cleaned
 *               in_force -> repealed -> cleaned, expired -> cleaned
 *               undo: repealed -> in_force (unrepeal),
 *                     cleaned -> in_force (restore)
 *   hold        blocks cleanup and disclosure changes while set
 */
#ifndef DOCKET_LIFECYCLE_H
#define DOCKET_LIFECYCLE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* Results besides 0. */
#define LC_EUSAGE	1	/* a bad or missing argument */
#define LC_ECONFLICT	2	/* not allowed in the record's state */

struct lc_policy {
	int	review_months;		/* review period: months ... */
	int	review_days;		/* ... plus days */
	int	review_grace_days;	/* overdue after due + grace */
	int	review_on_request;	/* on_request is reviewed too */
};

/* Who acts and when: today is the local date YYYY-MM-DD of now. */
struct lc_ctx {
	const struct lc_policy	*policy;
	const char		*actor;		/* user name, or "docketd" */
	int64_t			 now;
	char			 today[11];
};

void	lc_ctx_init(struct lc_ctx *, const struct lc_policy *,
	    const char *actor, int64_t now);
void	lc_policy_default(struct lc_policy *);
/* "12 months", "12m", "1y", "90d", "2w", "1 year 6 months": -1 if bad. */
int	lc_parse_period(const char *, int *months, int *days);

/* Date arithmetic on YYYY-MM-DD strings (out: 11 bytes); -1 if bad. */
int	lc_date_add(const char *date, int months, int days, char *out);
/* Local date of a unix time. */
void	lc_date_of(int64_t t, char out[11]);

/* An event object; from, to, reason and related may be NULL. */
json_t	*lc_event(const struct lc_ctx *, const char *action,
	    const char *from, const char *to, const char *reason,
	    const char *related);

/* 1 when this disclosure is periodically reviewed under the policy. */
int	lc_reviewable(const struct lc_policy *, const char *disclosure);

/*
 * The transitions.  Each returns 0 and appends its event(s) to events,
 * or LC_EUSAGE / LC_ECONFLICT with a message in err and rec unchanged.
 */
int	lc_register(const struct lc_ctx *, json_t *rec, json_t *events);
/* rec is the new version, prev the record it replaces. */
int	lc_new_version(const struct lc_ctx *, json_t *prev, json_t *rec,
	    json_t *events);
int	lc_mark(const struct lc_ctx *, json_t *rec, const char *disclosure,
	    const char *reason, json_t *events, char *err, size_t errlen);
/* keep: next review moves on (refused, LC_ECONFLICT with the due date,
 * while next_review is after today and the review is not overdue);
 * release: disclosure becomes `to` (public when NULL) and the review
 * ends. */
int	lc_review(const struct lc_ctx *, json_t *rec, int release,
	    const char *to, const char *reason, json_t *events, char *err,
	    size_t errlen);
/*
 * by: the repealing record's id (may be NULL for a manual repeal).  on:
 * the day the document lost effect (the repealing document's 施行 date,
 * see lc_effective_date, or the day an administrator gives), NULL for
 * today.  The reason (or 由<docno>废止) is kept in "repeal_reason".
 */
int	lc_repeal(const struct lc_ctx *, json_t *rec, const char *by,
	    const char *by_docno, const char *on, const char *reason,
	    json_t *events, char *err, size_t errlen);
/* The day a record takes effect: effective_from, else signed_on, else
 * NULL. */
const char *lc_effective_date(json_t *rec);
/* Undo a repeal before the cleanup: repealed -> in_force; status_on,
 * repealed_by and repeal_reason are cleared (an expiry that has passed
 * is found again by the clock).  A reason is required. */
int	lc_unrepeal(const struct lc_ctx *, json_t *rec, const char *reason,
	    json_t *events, char *err, size_t errlen);
/* A wrongly cleaned document back in force (action "restore"): cleaned
 * -> in_force, as lc_unrepeal, and a review starts again when its
 * disclosure is reviewed.  A reason is required. */
int	lc_restore(const struct lc_ctx *, json_t *rec, const char *reason,
	    json_t *events, char *err, size_t errlen);
int	lc_hold(const struct lc_ctx *, json_t *rec, int on, const char *reason,
	    json_t *events, char *err, size_t errlen);
/*
 * A person checked the fields OCR read (ocr_fields) against the paper:
 * the flag ocr_check goes, with an event "ocr_checked" that names the
 * fields (its "fields").  A reason is required; LC_ECONFLICT when the
 * record has no ocr_check flag (never read by OCR, or checked before).
 */
int	lc_ocr_checked(const struct lc_ctx *, json_t *rec, const char *reason,
	    json_t *events, char *err, size_t errlen);
/*
 * The document's kind for the annual report (规章, 行政规范性文件 or
 * other), set by hand: kind is regulation, normative or other, stored in
 * "doc_kind", or auto, which removes it so the kind is inferred again
 * (gongwen_kind.c).  "doc_kind_on" keeps the day of the last change, auto
 * included.  Action "doc_kind", from and to the stored value ("auto" for
 * none).  A reason is required; LC_ECONFLICT when nothing changes.
 */
int	lc_doc_kind(const struct lc_ctx *, json_t *rec, const char *kind,
	    const char *reason, json_t *events, char *err, size_t errlen);
/* Clock-driven: each returns LC_ECONFLICT when it does not apply now. */
int	lc_expire(const struct lc_ctx *, json_t *rec, json_t *events);
int	lc_overdue(const struct lc_ctx *, json_t *rec, json_t *events);
int	lc_clean(const struct lc_ctx *, json_t *rec, json_t *events,
	    char *err, size_t errlen);

/* 1 for a state secret: flag classified, or a 密级. */
int	lc_classified(json_t *rec);
/* Flags on a record. */
int	lc_has_flag(json_t *rec, const char *flag);
void	lc_set_flag(json_t *rec, const char *flag, int on);

#endif
