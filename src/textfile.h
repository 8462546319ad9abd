/*
 * textfile: the small text files docket is configured by (domains.conf,
 * negative-list.conf): read whole, with a size cap and no NUL, and
 * errors in the FILE:LINE form their parsers use.
 */
#ifndef DOCKET_TEXTFILE_H
#define DOCKET_TEXTFILE_H

#include <stddef.h>

/* "NAME:LINE: message" into err (line 0 for the file as a whole). */
void	 textfile_error(char *err, size_t errlen, const char *name,
	    size_t line, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));

/* The file's bytes, NUL-terminated (malloc'd), or NULL with a message:
 * it cannot be read, it is over max bytes, or it holds a NUL byte. */
char	*textfile_read(const char *path, size_t max, char *err,
	    size_t errlen);

#endif
