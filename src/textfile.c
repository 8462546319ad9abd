/*
 * textfile: read a configuration text file whole (see textfile.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textfile.h"

void
textfile_error(char *err, size_t errlen, const char *name, size_t line,
    const char *fmt, ...)
{
	va_list	ap;
	int	n;

	if (err == NULL || errlen == 0)
		return;
	n = snprintf(err, errlen, "%s:%zu: ", name, line);
	if (n < 0 || (size_t)n >= errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
}

char *
textfile_read(const char *path, size_t max, char *err, size_t errlen)
{
	FILE	*f;
	char	*buf;
	size_t	 n;

	if ((f = fopen(path, "rb")) == NULL) {
		textfile_error(err, errlen, path, 0, "%s", strerror(errno));
		return NULL;
	}
	if ((buf = malloc(max + 1)) == NULL) {
		fclose(f);
		textfile_error(err, errlen, path, 0, "out of memory");
		return NULL;
	}
	n = fread(buf, 1, max + 1, f);
	if (ferror(f) || n > max) {
		textfile_error(err, errlen, path, 0, "%s", ferror(f) ?
		    strerror(errno) : "file too large");
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	if (memchr(buf, '\0', n) != NULL) {
		textfile_error(err, errlen, path, 0, "NUL byte in file");
		free(buf);
		return NULL;
	}
	return buf;
}
