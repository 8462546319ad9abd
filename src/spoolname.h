/*
 * spoolname: the name a claimed file carries in spool/.  It encodes what
 * the claim must not forget across a crash: when it was received, which
 * agency folder it came from, and its name as dropped.
 *     <unix-ms>-<seq>#<agency>#<source name>   ('%' and '#' escaped)
 */
#ifndef DOCKET_SPOOLNAME_H
#define DOCKET_SPOOLNAME_H

#include <stddef.h>
#include <stdint.h>

int	spoolname_make(char *buf, size_t len, int64_t ms, unsigned int seq,
	    const char *agency, const char *name);
/* Decode; agency is "" when the file came from intake/ itself. */
int	spoolname_parse(const char *spool, int64_t *ms, char *agency,
	    size_t alen, char *name, size_t nlen);

#endif
