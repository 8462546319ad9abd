/*
 * apply_sched: docketd's clock for disclosure applications.  Each open
 * application carries next_check, the day its flags next change by time
 * alone (apply_clock_next), in the app_due index under 'W'.  schedule.c
 * calls apply_sched_pass on each wake: every application whose day has
 * come (up to today, so what fell due while docketd was down is caught
 * up at start) is re-derived as of today by apply_tick — a "flags" event
 * for what changed, an unpaid fee closed as other/fee_unpaid — and
 * committed as docketd, vault then LMDB, in chunks.  Nothing scans all
 * applications.
 */
#ifndef DOCKET_APPLY_SCHED_H
#define DOCKET_APPLY_SCHED_H

#include <jansson.h>
#include <stdint.h>

#include "docket.h"

/* Act on every application due up to the day of now.  The number
 * committed, or -1 (logged). */
int	apply_sched_pass(struct docket *, int64_t now);
/* The context of a change made by docketd itself (the clock, the drop
 * folder): its calendar (own when none is loaded), today, due_soon. */
struct apply_ctx;
struct calendar;
void	apply_sched_ctx(struct apply_ctx *, const struct docket *,
	    const struct calendar *own, int64_t now, const char *today);

/* The earliest next_checks, at most limit: [{id, next_check}] (ids and
 * days only: no personal data), for `docketctl schedule`. */
json_t	*apply_sched_list(struct docket *, int limit);

/* Local midnight of the earliest next_check, -1 when none. */
int64_t	apply_sched_first(struct docket *);

#endif
