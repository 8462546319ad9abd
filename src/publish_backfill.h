/*
 * publish_backfill: once, at start, put the public records of an archive
 * made before the catalog through the catalog (see publish_backfill.c).
 */
#ifndef DOCKET_PUBLISH_BACKFILL_H
#define DOCKET_PUBLISH_BACKFILL_H

#include <stddef.h>

struct store;
struct vault;

/* 0 (done now or before), or -1 with a message: retried at next start. */
int	publish_backfill(struct store *, struct vault *, char *err,
	    size_t errlen);

#endif
