/*
 * mailer: docketd's reports by mail, like the mail cron sends.  Each
 * [report] runs on its cron schedule (a run missed while docketd was
 * down happens once at start-up, as anacron does); cleanup reports go
 * out after each cleanup run.  Every message is composed and put in the
 * LMDB outbox before any delivery is tried; delivery retries with
 * backoff, across restarts, and a message leaves the outbox only after
 * a successful hand-off.
 */
#ifndef DOCKET_MAILER_H
#define DOCKET_MAILER_H

#include <event2/event.h>
#include <jansson.h>

#include "docket.h"

struct mailer;

struct mailer	*mailer_new(struct event_base *, struct docket *, char *err,
		    size_t errlen);
void		 mailer_free(struct mailer *);
/* The [report] sections may have changed (after a reload). */
void		 mailer_reload(struct mailer *);

/*
 * Build the report of kind for as_of (YYYY-MM-DD) — one agency's part or
 * all — and queue it to its recipients: those of rep, or when rep is
 * NULL those of the first [report] of that kind, else each agency's
 * secretary.  On return the messages are durable in the outbox; queued
 * (an array, may be NULL) gets {id, to, subject} for each, and skipped
 * (may be NULL) {agency, reason} for each part not mailed: "nothing_due"
 * (nothing in it and no send_empty; agency null for a list of
 * recipients), "mail_not_configured" (no [mail] section) or
 * "no_secretary" (no [agency] secretary).  Every skip is logged.
 * Returns the number queued, or -1 with a message.
 */
int		 mailer_queue(struct mailer *, const char *kind,
		    const char *as_of, const char *agency,
		    const struct config_report *rep, json_t *queued,
		    json_t *skipped, char *err, size_t errlen);

/* docket.after_cleanup: queue the cleanup reports. */
void		 mailer_after_cleanup(void *);

#endif
