/*
 * vault_tcache: the contents of the vault's upper trees, kept between
 * commits (see vault_tcache.c).  Pure: no I/O, no libgit2.
 */
#ifndef DOCKET_VAULT_TCACHE_H
#define DOCKET_VAULT_TCACHE_H

#include <stddef.h>

#include "attr.h"

#define VTC_OIDLEN	20

struct vtc;

struct vtc	*vtc_new(void);
/* A cache of at most max paths: a new one past that drops them all. */
struct vtc	*vtc_new_max(size_t max);
void		 vtc_free(struct vtc *);

/*
 * The raw tree (git's "mode name\0<20-byte id>" entries) last stored for
 * the tree path `path` (plen bytes, "" for the root tree), if its object
 * id is `oid`; NULL otherwise.  *len gets its length.
 */
const unsigned char *vtc_get(struct vtc *, const char *path, size_t plen,
	    const unsigned char oid[VTC_OIDLEN], size_t *len);

/* Remember buf (copied) as the tree at path, with object id oid. */
void	vtc_put(struct vtc *, const char *path, size_t plen,
	    const unsigned char oid[VTC_OIDLEN], const unsigned char *buf,
	    size_t len);

/* Entries kept, and the bytes they hold. */
size_t	vtc_count(const struct vtc *);
size_t	vtc_bytes(const struct vtc *);

/*
 * Walk one entry of a raw tree at *off: its mode (octal), name (not
 * NUL-terminated: *nlen bytes) and id.  1 an entry (and *off moves past
 * it), 0 the end, -1 a malformed tree.
 */
DOCKET_WUR
int	vtc_entry(const unsigned char *buf, size_t len, size_t *off,
	    unsigned int *mode, const char **name, size_t *nlen,
	    const unsigned char **oid);

#endif
