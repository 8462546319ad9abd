/*
 * html: the visible text of an HTML page (a government site's article
 * page saved as a file), one line per block element.  Sloppy HTML is
 * expected; the tokenizer never builds a tree, so its work and memory are
 * linear in the input whatever the nesting.  Pure apart from iconv.
 */
#ifndef DOCKET_HTML_H
#define DOCKET_HTML_H

#include <stddef.h>

/*
 * The visible text of buf[0..len): UTF-8 (always valid), LF line ends,
 * one line per block element, table cells of a row joined by a tab, runs
 * of white space collapsed, at most one blank line in a row, ending in a
 * newline unless empty.  The charset comes from a BOM, then a <meta>
 * declaration (but bytes that are valid UTF-8 are read as UTF-8), then
 * the bytes (UTF-8 if valid, else GB18030); bytes that do not decode
 * become U+FFFD.  Returns 0 with a malloc'd NUL-terminated string in
 * *text (length in *textlen; textlen may be NULL), or -1 with a one-line
 * reason in err (errlen bytes).
 */
int	 html_extract(const unsigned char *buf, size_t len, char **text,
	    size_t *textlen, char *err, size_t errlen);

#endif
