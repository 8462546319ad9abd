/*
 * ctl_head: the vault's head commit (id, committer time, summary) read
 * straight from the repository files with zlib — the loose or packed ref,
 * then the commit as a loose object or a whole (undeltified) entry of a
 * pack — so `docketctl status` needs no libgit2.  Anything else (a
 * deltified commit, an index version it does not know) is left to the
 * caller, which asks libgit2 (docketctl-full).
 */
#ifndef DOCKET_CTL_HEAD_H
#define DOCKET_CTL_HEAD_H

#include <stddef.h>
#include <stdint.h>

/* 0 and the head of ref in gitdir; 1 no repository or no such ref;
 * -1 not readable this way (see above). */
int	ctl_head_read(const char *gitdir, const char *ref, char oid[41],
	    int64_t *when, char *summary, size_t len);
/* The committer time and summary of a commit object's body (pure). */
int	ctl_head_parse(const char *body, size_t n, int64_t *when,
	    char *summary, size_t len);

#endif
