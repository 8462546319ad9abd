/*
 * xalloc: docket's one out-of-memory policy.  An allocation that fails
 * is logged and the process aborts: a daemon that keeps running without
 * the memory to record an event would lose it silently, while a restart
 * replays the vault and loses nothing.  jansson is given the same
 * allocator (xalloc_install_jansson) so a json_* call never returns NULL
 * for want of memory either.
 */
#ifndef DOCKET_XALLOC_H
#define DOCKET_XALLOC_H

#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
int	 xasprintf(char **, const char *, ...)
	    __attribute__((format(printf, 2, 3)));

/* Make jansson allocate through xmalloc (json_set_alloc_funcs); call
 * once at start, before any json_t exists. */
void	 xalloc_install_jansson(void);

#endif
