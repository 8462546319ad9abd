/*
 * ocrfix: repair what OCR does to the marks the reader relies on, in the
 * text tesseract read from a scanned 公文, before the reader sees it.
 * General rules, each about a kind of mark, never about one document:
 * brackets of a 发文字号 read as any bracket-like glyph, digits read as
 * look-alike letters inside dates and numbers, an attachment item number
 * read as a look-alike character, blanks OCR puts between CJK
 * characters, and the junk a red seal adds around the 成文日期.  Pure;
 * no I/O.
 */
#ifndef DOCKET_OCRFIX_H
#define DOCKET_OCRFIX_H

#include <stddef.h>

/*
 * The repaired text of text[0..len) (UTF-8; invalid bytes become
 * U+FFFD), NUL-terminated and malloc'd (xmalloc), its length in *outlen.
 * Lines are kept one for one (a line of seal junk becomes empty).
 */
char	*ocrfix_text(const char *text, size_t len, size_t *outlen);

#endif
