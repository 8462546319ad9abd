/*
 * spoolmeta: a durable note of the original agency and name of a claimed
 * file whose spool name had to be cut (see spoolmeta.c).
 */
#ifndef DOCKET_SPOOLMETA_H
#define DOCKET_SPOOLMETA_H

#include <stddef.h>

/* Write spool/.meta/SNAME durably.  0, or -1 with errno. */
int	spoolmeta_write(const char *spool, const char *sname,
	    const char *agency, const char *name);
/* 0 found (agency "" for intake/ itself), 1 no note, -1 unreadable. */
int	spoolmeta_read(const char *spool, const char *sname, char *agency,
	    size_t alen, char *name, size_t nlen);
void	spoolmeta_remove(const char *spool, const char *sname);
/* At start: remove notes whose spool file is gone.  Count, or -1. */
int	spoolmeta_prune(const char *spool);

#endif
