/*
 * ofd: the text of an OFD document (GB/T 33190-2016, the Chinese fixed
 * layout format), with lines rebuilt from glyph positions, read from
 * memory through zipread and xmlsafe.
 */
#ifndef DOCKET_OFD_H
#define DOCKET_OFD_H

#include <stddef.h>

#define OFD_MAX_DOCS		16
#define OFD_MAX_PAGES		2000
#define OFD_MAX_TEMPLATES	256
#define OFD_MAX_TEXTCODES	200000	/* in the whole document */

/* UTF-8 text of every page, top to bottom, page by page, LF line ends,
 * malloc'd and NUL-terminated in *text (length in *textlen).  Text
 * pieces whose baselines agree make one line, ordered by x.  0, or -1
 * with a one-line reason. */
int	 ofd_extract(const unsigned char *buf, size_t len, char **text,
	    size_t *textlen, char *err, size_t errlen);

#endif
