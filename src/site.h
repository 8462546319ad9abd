/*
 * site: the static site of the public catalog ([publish] dir), kept in
 * line with the index, and its copy on the vault's public branch.
 *
 * LMDB meta site_head names the vault commit the site reflects (the
 * index's vault_head when it was written).  site_sync() finds the
 * records changed since (vault_replay from site_head), rewrites or
 * removes their document pages and originals, and regenerates only the
 * list pages they are on now (publish_site_keys, idx_site) or were on
 * before (meta "site/ID": the keys a record was rendered under and its
 * original's path), then the home page, feeds, year pages and sitemap
 * index, and the cleanup pages when cleanup/ changed.  Every file is
 * written atomically (site_write.c), the touched directories fsync'd,
 * the touched paths committed to refs/heads/public (vault_public.c),
 * and only then does site_head move: a crash mid-sync means the sync is
 * simply done again.  site_rebuild() writes everything, streaming one
 * index key at a time (bounded memory whatever the archive's size), and
 * removes what should not be there.
 *
 * Nothing reaches the site but records with "published": true that
 * publish_eligible() also accepts; every renderer refuses others again.
 */
#ifndef DOCKET_SITE_H
#define DOCKET_SITE_H

#include <jansson.h>
#include <stddef.h>

#include "config.h"
#include "store.h"
#include "vault.h"

struct domains;

struct neglist;

struct site_env {
	const struct config	*cf;
	struct store		*st;
	struct vault		*vt;
	const struct domains	*domains;	/* the 26 of the catalog */
	const struct neglist	*neg;		/* 负面清单, or NULL */
};

/* A rebuild's progress: documents written of total. */
typedef void (*site_progress_cb)(void *arg, size_t done, size_t total);

/*
 * Bring the site up to the index.  Returns the number of files written
 * or removed (0: nothing to do, or no [publish] dir), or -1 with a
 * message (nothing moved: the next call does it again).
 */
int	 site_sync(const struct site_env *, char *err, size_t errlen);

/* Keep why the last sync failed (meta site_error, "TIME why"), for
 * `publish --status`; the next sync that succeeds clears it. */
int	 site_note_error(const struct site_env *, const char *why);

/* Write the whole site again.  Returns the number of documents on it,
 * or -1 with a message. */
int	 site_rebuild(const struct site_env *, site_progress_cb, void *arg,
	    char *err, size_t errlen);

/* {dir, site_head, vault_head, behind, documents, last_sync, public_head,
 * base_url, site_name}; NULL with a message. */
json_t	*site_status(const struct site_env *, char *err, size_t errlen);

#endif
