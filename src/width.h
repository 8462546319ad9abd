/*
 * width: display width of UTF-8 text in a terminal, CJK counting two
 * columns, for docketctl's aligned tables.
 */
#ifndef DOCKET_WIDTH_H
#define DOCKET_WIDTH_H

#include <stddef.h>

/* Columns s occupies. */
size_t	width_str(const char *s);
/* Columns of the first n bytes of s. */
size_t	width_strn(const char *s, size_t n);
/* Byte length of the longest prefix of s that fits in cols columns. */
size_t	width_prefix(const char *s, size_t cols);
/* Bytes of the first character of s (0 at its end), its columns in *cols:
 * for a caller that walks text one character at a time (docketctl's help
 * wraps Chinese, which has no spaces, between characters). */
size_t	width_char(const char *s, size_t *cols);

#endif
