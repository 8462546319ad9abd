/*
 * csvrow: one CSV row (RFC 4180) for people who open it in Excel or WPS:
 * CRLF line ends, a field quoted when it holds a comma or a quote
 * (doubled), control characters (CR, LF, TAB…) made spaces, and a field
 * that a spreadsheet would run as a formula (starting with = + - @) kept
 * as text by a leading apostrophe: titles and reasons come from hostile
 * files.  The UTF-8 BOM at the start of a file is the caller's.  Used by
 * the reports and by docketctl export.
 */
#ifndef DOCKET_CSVROW_H
#define DOCKET_CSVROW_H

#include <stddef.h>

#include "strbuf.h"

#define CSVROW_BOM	"\xef\xbb\xbf"

/* Append the n fields v[0..n) (NULL: empty) and CRLF to sb. */
void	csvrow_add(struct strbuf *sb, size_t n, const char *const *v);

#endif
