/*
 * search_snip: a hit's snippet from its text and the places of the query
 * in it (search_narrow.h's search_places).  Pure.
 */
#ifndef DOCKET_SEARCH_SNIP_H
#define DOCKET_SEARCH_SNIP_H

#include <stddef.h>

struct search_span;

/*
 * About `width` characters of text (blanks not counted) around the
 * places sp[0..n) (in order, not overlapping): the window where the most
 * of them begin, the first such, and a full one at the text's end; each
 * place between \x01 and \x02 (a place the window cuts, from or to the
 * window's edge), "…" where the text goes on.  No place: the text's
 * beginning.  Allocated.
 */
char	*search_snip(const char *text, size_t len,
	    const struct search_span *sp, size_t n, size_t width);

#endif
