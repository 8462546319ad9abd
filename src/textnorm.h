/*
 * textnorm: repair the text an external extractor (pdftotext) gives for
 * a Chinese document before it is parsed.  Pure functions.
 */
#ifndef DOCKET_TEXTNORM_H
#define DOCKET_TEXTNORM_H

#include <stddef.h>

/*
 * Undo the blanks a PDF extractor puts between CJK text and digits or
 * brackets, and inside letter-spaced CJK: "2022 年 3 月 15 日" becomes
 * "2022年3月15日", "淄建字〔 2023 〕 52 号" "淄建字〔2023〕52号", "关 于"
 * "关于".  Only a single ASCII space goes: a space between two Latin
 * words or numbers ("ISO 9001") stays, as do runs of spaces (columns in
 * -layout output) and a space between two CJK words of two or more
 * characters (two agency names side by side).  Lines are never joined: a
 * form feed inside a line becomes a newline (one at the start of a line
 * is dropped), CRLF becomes LF, trailing blanks and trailing blank lines
 * go, and bytes that are not UTF-8 become U+FFFD.
 *
 * text is NUL-terminated.  Returns the malloc'd, NUL-terminated result,
 * its length in *len when len is not NULL, or NULL when out of memory.
 */
char	*textnorm_cjk_spaces(const char *text, size_t *len);

#endif
