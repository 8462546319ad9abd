/*
 * docx: the text of a Word (WordprocessingML, ECMA-376) document, one
 * paragraph per line, read from memory through zipread and xmlsafe.
 */
#ifndef DOCKET_DOCX_H
#define DOCKET_DOCX_H

#include <stddef.h>

/* UTF-8 text of the main document part, LF line ends, malloc'd and
 * NUL-terminated in *text (length in *textlen).  Each paragraph is a
 * line, w:tab a tab, w:br and w:cr a line break, and each table cell's
 * paragraphs lines of their own.  0, or -1 with a one-line reason. */
int	 docx_extract(const unsigned char *buf, size_t len, char **text,
	    size_t *textlen, char *err, size_t errlen);

#endif
