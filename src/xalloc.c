/*
 * xalloc: allocation that cannot fail quietly.  Each wrapper logs what it
 * could not get (log.c reaches syslog or stderr without allocating) and
 * aborts, so the core shows where.  Zero-sized requests are made one byte
 * so that NULL always means failure.
 */
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "xalloc.h"

static void
xalloc_die(const char *what, size_t n)
{
	log_warnx("out of memory: %s of %zu bytes failed; aborting", what, n);
	abort();
}

void *
xmalloc(size_t n)
{
	void *p;

	if ((p = malloc(n ? n : 1)) == NULL)
		xalloc_die("malloc", n);
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	if ((p = calloc(nmemb, size)) == NULL)
		xalloc_die("calloc", nmemb * size);
	return p;
}

void *
xrealloc(void *old, size_t n)
{
	void *p;

	if ((p = realloc(old, n ? n : 1)) == NULL)
		xalloc_die("realloc", n);
	return p;
}

void *
xreallocarray(void *old, size_t nmemb, size_t size)
{
	void *p;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	if ((p = reallocarray(old, nmemb, size)) == NULL)
		xalloc_die("reallocarray", nmemb * size);
	return p;
}

char *
xstrdup(const char *s)
{
	char *p;

	if ((p = strdup(s)) == NULL)
		xalloc_die("strdup", strlen(s) + 1);
	return p;
}

char *
xstrndup(const char *s, size_t n)
{
	char *p;

	if ((p = strndup(s, n)) == NULL)
		xalloc_die("strndup", n + 1);
	return p;
}

int
xasprintf(char **out, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vasprintf(out, fmt, ap);
	va_end(ap);
	if (n < 0) {
		if (errno == ENOMEM || errno == 0)
			xalloc_die("asprintf", 0);
		/* An encoding error is not memory: report it. */
		*out = NULL;
	}
	return n;
}

static void *
xalloc_json_malloc(size_t n)
{
	return xmalloc(n);
}

void
xalloc_install_jansson(void)
{
	json_set_alloc_funcs(xalloc_json_malloc, free);
}
