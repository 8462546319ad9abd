/*
 * textdec: turn the bytes of a plain-text document into clean UTF-8.
 * Detects UTF-8 (with or without BOM), UTF-16 LE/BE with BOM and
 * GB18030/GBK (anything that is not valid UTF-8), and turns CRLF and
 * lone CR into LF.  Pure apart from iconv.
 */
#ifndef DOCKET_TEXTDEC_H
#define DOCKET_TEXTDEC_H

#include <stddef.h>

/* Returns a malloc'd NUL-terminated UTF-8 string (length in *outlen), or
 * NULL with a one-line reason in err (errlen bytes). */
char	*textdec_decode(const unsigned char *buf, size_t len, size_t *outlen,
	    const char **charset, char *err, size_t errlen);

/* 1 when buf[0..len) is valid UTF-8 (no overlongs, no surrogates). */
int	 textdec_is_utf8(const unsigned char *buf, size_t len);

#endif
