/*
 * ingest: take claimed files out of spool/ and register them — read,
 * hash, extract, parse, then one vault commit and one LMDB transaction
 * per batch, then acknowledge by unlinking the spool files.
 */
#ifndef DOCKET_INGEST_H
#define DOCKET_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "domains.h"
#include "store.h"
#include "vault.h"

struct ingest;

struct ingest	*ingest_new(const struct config *, struct store *,
		    struct vault *);
void		 ingest_free(struct ingest *);

/* The domain rules to classify with (NULL: none); the caller owns them.
 * Also what a reload calls: the reader threads' preparations (made with
 * the old rules and settings) are dropped. */
void		 ingest_set_domains(struct ingest *, const struct domains *);

/* The OCR worker queue scans go to (NULL: OCR inline); the caller owns
 * it. */
struct ocrq;
void		 ingest_set_ocr(struct ingest *, struct ocrq *);

/* The LMDB environment to use from now on (after a reindex). */
void		 ingest_set_store(struct ingest *, struct store *);
/* Called after each batch that stored something (due dates may move). */
void		 ingest_on_change(struct ingest *, void (*)(void *), void *);

/* Bring LMDB up to the vault's head (commits not yet indexed). */
int		 ingest_recover(struct ingest *);

/*
 * Register up to cf->batch_max files from spool/ in one batch.  *left says
 * how many were still waiting.  Returns the number of files handled, or
 * -1 when the batch could not be stored (the files stay in spool/).
 */
int		 ingest_run(struct ingest *, size_t *left);
/* ms until a spool file whose read failed (EIO…), or an unreadable
 * spool/, is due to be tried again; -1 when none waits. */
int64_t		 ingest_retry_ms(const struct ingest *);

#endif
