/*
 * docket: what the daemon's lifecycle modules share — the configuration,
 * the LMDB environment and the vault.  One instance lives in docketd;
 * reindex swaps st, so modules read it from here and never keep a copy.
 */
#ifndef DOCKET_DOCKET_H
#define DOCKET_DOCKET_H

struct calendar;

#include "attr.h"
#include "config.h"
#include "store.h"
#include "vault.h"

struct docket {
	const struct config	*cf;
	struct store		*st;
	struct vault		*vt;
	/* The working-day calendar (calendar.h); docketd replaces it on
	 * reload, so read it from here. */
	const struct calendar	*cal;
	/* Called after each cleanup run that committed (the mailer sends
	 * the cleanup reports); may be NULL. */
	void			(*after_cleanup)(void *);
	void			*after_cleanup_arg;
};

#endif
