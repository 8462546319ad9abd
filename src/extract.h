/*
 * extract: turn a document's bytes into UTF-8 text, by format.  The
 * dispatch table maps a file name extension to a reader; extensions with
 * an external command in [extract] of docketd.conf (pdf by default) run
 * that command.
 */
#ifndef DOCKET_EXTRACT_H
#define DOCKET_EXTRACT_H

#include <stddef.h>

struct config;
struct ocrq;

struct extract_ctx {
	const char		*path;	/* the file on disk (external tools) */
	const struct config	*cf;	/* [extract] settings; may be NULL */
	const char		*sha;	/* its SHA-256 (hex), for ocr */
	struct ocrq		*ocr;	/* OCR workers; NULL: OCR inline */
	int			 pure;	/* no external command, no OCR:
					 * EXTRACT_DEFER instead */
};

struct extract_result {
	char		*text;		/* malloc'd UTF-8, LF line ends */
	size_t		 len;
	const char	*format;	/* "txt", "docx", "ofd", "html", "pdf"… */
	const char	*charset;	/* what the input was, or NULL */
	char		 formatbuf[16];
	const char	*text_source;	/* "ocr", or NULL: the file's text */
	double		 ocr_confidence;	/* mean, 0..100, when ocr */
	int		 utf8;		/* text is known valid UTF-8, no NUL */
};

/* extract_text's answer for a scan whose OCR is queued: later. */
#define EXTRACT_PENDING	1
/* Its answer, with ctx->pure, for a document that needs an external
 * command or OCR (a fork, a queue): ask again without pure.  What pure
 * does is in-process and touches no shared state, so a reader thread
 * may call it (ingest_pool.c). */
#define EXTRACT_DEFER	2

/* Extract by content (OLE2 compound document, RTF, PDF, images, zip)
 * and by the extension of name.  0, EXTRACT_PENDING (OCR is under way in
 * ctx->ocr: ask again later), EXTRACT_DEFER (ctx->pure), or -1 with a one-line reason in err (the
 * file goes to quarantine). */
int	 extract_text(const char *name, const unsigned char *buf, size_t len,
	    const struct extract_ctx *, struct extract_result *, char *err,
	    size_t errlen);
void	 extract_result_free(struct extract_result *);

#endif
