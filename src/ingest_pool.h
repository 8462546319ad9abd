/*
 * ingest_pool: reader threads that prepare (ingest_prep.c: read, hash,
 * in-process extraction, parse) the spool files ingest will ask for next,
 * while ingest's committer works on the ones before them.  The committer
 * names the window (the next files in the order of claim) and takes each
 * file's preparation when its turn comes; every decision stays with it.
 */
#ifndef DOCKET_INGEST_POOL_H
#define DOCKET_INGEST_POOL_H

#include <stddef.h>

#include "config.h"
#include "domains.h"
#include "ingest_prep.h"

/* File bytes and extracted text the prepared window holds at most (one
 * larger file alone may exceed it, lest it never be read). */
#define INGEST_POOL_BYTES	(64ULL * 1024 * 1024)

struct ingest_pool;

/* n reader threads (1..64), reading spooldir with a copy of cf's
 * settings and classifying with d (which must not change until
 * ingest_pool_reset or ingest_pool_free).  NULL on failure (logged). */
struct ingest_pool *ingest_pool_new(unsigned int n, const struct config *cf,
		    const struct domains *d);
/* Stops and joins the threads, frees what they prepared. */
void		 ingest_pool_free(struct ingest_pool *);

/* Waits for the files being read, forgets every preparation and takes a
 * new copy of cf and d (a reload). */
void		 ingest_pool_reset(struct ingest_pool *,
		    const struct config *cf, const struct domains *d);

/* The window: the first max of these spool names (oldest claim first)
 * are prepared, in this order; a preparation of a name not among them is
 * dropped. */
void		 ingest_pool_want(struct ingest_pool *, char *const *names,
		    size_t n, size_t max);

/* The preparation of spool, to keep (ingest_prep_free, free), waiting
 * while a reader is at it; NULL when no reader has begun it (it is no
 * longer queued: the committer prepares it itself). */
struct ingest_prep *ingest_pool_take(struct ingest_pool *, const char *spool);

/* For tests: the bytes (files and texts) the window holds now; wait until the
 * readers have prepared the whole window (which must fit the budget). */
unsigned long long ingest_pool_held(struct ingest_pool *);
void		 ingest_pool_settle(struct ingest_pool *);

#endif
