/*
 * schedule: docketd's lifecycle clock.  It sleeps on one libevent timer
 * until the earliest thing due — an expiry (valid_until passed), a
 * review turning overdue, or the next cleanup by its cron schedule —
 * read from the date-keyed due index, never by scanning records.  At
 * start it catches up on everything that fell due while it was down.
 */
#ifndef DOCKET_SCHEDULE_H
#define DOCKET_SCHEDULE_H

#include <event2/event.h>
#include <jansson.h>

#include "docket.h"

struct schedule;

struct schedule	*schedule_new(struct event_base *, struct docket *,
		    char *err, size_t errlen);
void		 schedule_free(struct schedule *);

/* Run what is due now, then sleep until the next thing is. */
void		 schedule_kick(struct schedule *);
/* The cleanup schedule may have changed (after a reload). */
int		 schedule_reload(struct schedule *, char *err, size_t errlen);
/* What is due next, and when: for `docketctl schedule`. */
json_t		*schedule_report(struct schedule *, int limit);

/* Local midnight starting a YYYY-MM-DD day; -1 if bad. */
int64_t		 schedule_midnight(const char *date);

#endif
