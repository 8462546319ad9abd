/*
 * ocr: read the text of a scanned document — a PDF without a text layer,
 * or an image — with tesseract.  A PDF's pages are rendered one at a
 * time with pdftoppm (bounded pages and resolution), each tool under the
 * exttool limits; tesseract's TSV gives the words, their layout (a wide
 * gap between words stays a gap) and the mean confidence.  Synchronous:
 * docketd runs it in a worker process (ocrq.c), tools call it directly.
 */
#ifndef DOCKET_OCR_H
#define DOCKET_OCR_H

#include <stddef.h>

struct config;

struct ocr_result {
	char		*text;		/* malloc'd UTF-8, raw OCR (no ocrfix) */
	size_t		 len;
	double		 confidence;	/* mean word confidence, 0..100 */
	unsigned int	 pages;		/* pages read */
	unsigned int	 pages_total;	/* pages the PDF has */
};

/*
 * OCR the file at path (is_pdf: render its pages first) using the [ocr]
 * and [extract] limits of cf, with scratch files in a new directory
 * under tmpdir.  0, or -1 with a one-line reason (a tool missing or
 * failing, no text found, confidence below min_confidence).
 */
int	 ocr_file(const struct config *cf, const char *path, int is_pdf,
	    const char *tmpdir, struct ocr_result *r, char *err,
	    size_t errlen);
void	 ocr_result_free(struct ocr_result *);

/* Append the words of tesseract TSV output to sb-like buffer *text (len
 * *tlen, capacity *tcap), adding to *confsum and *nwords.  Exposed for
 * the unit test. */
void	 ocr_tsv_text(const char *tsv, size_t n, char **text, size_t *tlen,
	    size_t *tcap, double *confsum, size_t *nwords);

#endif
