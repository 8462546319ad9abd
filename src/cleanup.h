/*
 * cleanup: the periodic cleanup of expired (失效) and repealed (废止)
 * documents, and its published result.  A run turns every expired or
 * repealed document not on hold into cleaned and commits, with them,
 * cleanup/YYYY-MM-DD.json and a readable cleanup/YYYY-MM-DD.md in
 * Chinese: the results the office publishes.  They name only public
 * documents, each with its own legal date and basis; the others are
 * counted, never named, and listed in full in
 * internal/cleanup/YYYY-MM-DD.json, which no publication path reads.
 */
#ifndef DOCKET_CLEANUP_H
#define DOCKET_CLEANUP_H

#include <jansson.h>
#include <stdint.h>

#include "docket.h"

/*
 * What a run on date asof (YYYY-MM-DD) would clean: documents expired or
 * repealed by then, including those still in force whose valid_until is
 * before asof.  Returns {"as_of", "clean": [...], "held": [...]}, each
 * entry {id, docno, title, issuer, status, kind, date, repealed_by}, or
 * NULL with a message.
 */
json_t	*cleanup_preview(struct docket *, const char *asof, char *err,
	    size_t errlen);

/*
 * Clean now, as actor.  Returns {"date", "cleaned", "held", "commit",
 * "json", "md"} (paths in the vault), or NULL with a message.  Nothing is
 * reported before the vault and LMDB commits are done.
 */
json_t	*cleanup_run(struct docket *, const char *actor, int64_t now,
	    char *err, size_t errlen);

/* The Markdown notice for a published cleanup/YYYY-MM-DD.json object. */
char	*cleanup_markdown(json_t *result);

#endif
