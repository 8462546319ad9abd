/*
 * apply: the disclosure application (依申请公开) as a record — its JSON
 * shape, the values its fields may take, and the changes the `apply`
 * commands make to it.  Pure functions on the record JSON, like
 * lifecycle.c: each checks that a change is allowed, applies it, appends
 * one event and re-derives the clock's fields (apply_clock.c).  Nothing
 * here touches the vault or LMDB; apply_store.c does.
 *
 * Id: "A" + the year of the first day of receipt + "-" + a five-digit
 * sequence number within that year (A2026-00001).  The number is the
 * highest of that year in LMDB plus one, so it follows from the vault
 * and survives reindex; ids sort by year, then number.
 *
 * Record (English keys; dates YYYY-MM-DD, event times RFC 3339):
 *   id, agency, applicant, applicant_type, contact, channel, request,
 *   received (day of receipt in force), received_first, receipt_rule,
 *   due, extended, state, flags, paused_working_days, correction,
 *   consultations, fee, reasons (Art. 35: null, or {asked_on, what,
 *   set_due: null or {on, due, reason, due_before}}),
 *   answer {type, sub, docs, reason, refer, on},
 *   appeals [{kind, on, result}], events [{seq, time, actor, action, on,
 *   ...}].
 * Actions: receive, correct, corrected, consult, consulted, extend, fee,
 * paid, ask_reason, set_due, answer, appeal, appeal_result; and docketd's "flags" {set,
 * cleared} when time alone changed them (apply_tick).  next_check: the
 * day docketd looks at the application again (apply_clock_next), or
 * null.
 */
#ifndef DOCKET_APPLY_H
#define DOCKET_APPLY_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "apply_clock.h"

#define APPLY_EUSAGE	1	/* a bad or missing argument */
#define APPLY_ECONFLICT	2	/* not allowed in the application's state */
#define APPLY_ID_LEN	16	/* A2026-00001 + NUL, with room */

struct calendar;

extern const char *const apply_channels[];		/* NULL-terminated */
extern const char *const apply_applicant_types[];
extern const char *const apply_answer_types[];
extern const char *const apply_appeal_kinds[];
extern const char *const apply_appeal_results[];
/* 1 when v is one of list. */
int	apply_one_of(const char *const *list, const char *v);
/* The sub-types of an answer type (NULL-terminated), NULL when it has
 * none; *known 0 when type is not an answer type. */
const char *const *apply_answer_subs(const char *type, int *known);
/* "a, b, c" of a list, for messages. */
void	apply_list_str(const char *const *list, char *buf, size_t len);

/* The id of number n of a year; parse: 0, or -1 when not an id. */
void	apply_id_format(int year, unsigned int n, char buf[APPLY_ID_LEN]);
int	apply_id_parse(const char *, int *year, unsigned int *n);

/* 1 when arr (of strings) holds v. */
int	apply_has_str(json_t *arr, const char *v);

struct apply_ctx {
	const struct calendar	*cal;
	const char		*actor;		/* user name, or "docketd" */
	int64_t			 now;		/* unix time of the event */
	int64_t			 today;		/* day number of today */
	int			 due_soon;	/* working days */
};

/*
 * A new application from the fields of `apply new` (received, channel,
 * applicant, applicant_type, request, contact, agency) with id; NULL with
 * a message in err (every error here is a usage error).
 */
json_t	*apply_new(const struct apply_ctx *, const char *id, json_t *args,
	    char *err, size_t errlen);

/*
 * One change: action is correct, corrected, consult, consulted, extend,
 * fee, paid, ask_reason, set_due, answer, appeal or appeal_result; args
 * its fields (on, what, within, party, approved_by, reason, method,
 * pages, nth, amount, derivation, due, type, sub, docs, refer, kind,
 * result).  0 with *ev (a new
 * reference to the event appended), or APPLY_EUSAGE / APPLY_ECONFLICT
 * with a message in err and rec unchanged.  *warning is set to a
 * message (static storage) when the change was made with a warning.
 */
int	apply_change(const struct apply_ctx *, json_t *rec, const char *action,
	    json_t *args, json_t **ev, const char **warning, char *err,
	    size_t errlen);

/* Re-derive received, due, extended, state, flags and
 * paused_working_days as of ctx->today.  0, or -1 with err. */
int	apply_derive(const struct apply_ctx *, json_t *rec,
	    struct apply_clock *, char *err, size_t errlen);

/*
 * docketd's clock (apply_sched.c): re-derive rec as of ctx->today and,
 * when its flags changed, append a "flags" event {set, cleared} (actor
 * ctx->actor, on today).  An application with fee_unpaid is then closed:
 * answer other/fee_unpaid (Art. 42), and *closed is 1.  0, or -1 with
 * err (rec may then be partly changed: drop it).
 */
int	apply_tick(const struct apply_ctx *, json_t *rec, int *closed,
	    char *err, size_t errlen);

/* What show and list print: a copy derived as of today, with
 * working_days_left.  NULL on a broken record. */
json_t	*apply_view(const struct apply_ctx *, json_t *rec);

/* The Chinese derivation of `apply explain`: malloc'd text, or NULL. */
char	*apply_explain(const struct apply_ctx *, json_t *rec);

#endif
