/*
 * ocrq: the bounded queue of OCR worker processes.  A batch that meets a
 * scanned document does not wait for it: it asks ocrq, which either has
 * the text (a sidecar a worker wrote, spool/.ocr/SHA256.txt), has the
 * reason OCR failed (SHA256.err), or queues the file and answers
 * "pending"; the file stays in spool/ until a later batch stores it.
 * Workers are forked processes, at most [ocr] workers at once, each
 * with a time limit; when one ends, the done callback schedules a batch.
 */
#ifndef DOCKET_OCRQ_H
#define DOCKET_OCRQ_H

#include <stddef.h>

struct config;
struct event_base;
struct ocrq;

enum ocrq_state {
	OCRQ_DONE,		/* text ready */
	OCRQ_FAILED,		/* reason in err */
	OCRQ_PENDING,		/* queued or being read: later */
};

/* A queue over cf's spool (sidecars in spool/.ocr, which exists only
 * while it holds something); leftovers of a crash are cleared.  NULL
 * with a reason. */
struct ocrq	*ocrq_new(const struct config *cf, char *err, size_t errlen);
/* Kills the workers still running (SIGKILL to their groups). */
void		 ocrq_free(struct ocrq *);
/* Watch the workers from the event loop; done(arg) after each ends.
 * Workers may be started before (docketd's start-up batches). */
int		 ocrq_attach(struct ocrq *, struct event_base *,
		    void (*done)(void *), void *arg);

/*
 * The OCR of the file at path whose content has SHA-256 sha (hex).
 * OCRQ_DONE: *text (malloc'd), *len and *confidence are set.
 * OCRQ_FAILED: err says why.  OCRQ_PENDING: the file is queued (or the
 * queue is full and it is asked for again after the next worker ends).
 */
enum ocrq_state	 ocrq_get(struct ocrq *, const char *sha, const char *path,
		    int is_pdf, char **text, size_t *len, double *confidence,
		    char *err, size_t errlen);
/* The document is stored (or refused): its sidecars go. */
void		 ocrq_forget(struct ocrq *, const char *sha);
/* 1 when the file at path is queued or being read. */
int		 ocrq_busy(const struct ocrq *, const char *path);
/* Documents queued and being read. */
size_t		 ocrq_pending(const struct ocrq *);

#endif
