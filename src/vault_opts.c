/*
 * vault_opts: libgit2's process-wide memory limits, so that docketd's
 * private memory does not grow with the archive (issue 18).
 *
 * Measured with 15,000 tiny documents (heaptrack, malloc_stats): with
 * libgit2's defaults the heap in use grew by about 2 KB a record, and all
 * of it was the object cache — every tree and commit docketd writes is
 * read again (the tree builder reads the previous version of each tree it
 * changes, the pack writer reads back what it packs), each a new object
 * id, and the cache only starts evicting at 256 MB.  With the cache off,
 * the heap stayed at 7 MB.  The cache does help the tree builder, which
 * reads the same few upper trees in every batch, so it is kept but small.
 *
 * A pack is mapped through libgit2's windows (1 GB each on 64-bit, up to
 * 8 GB in all by default), so every pack read stays mapped; the mapped
 * limit makes libgit2 unmap the least recently used windows beyond it,
 * and the file limit closes the least recently used pack files (they are
 * opened again on demand).  The .idx maps are outside these limits:
 * memtrim.c drops their pages after each batch.
 */
#include <stdio.h>

#include <git2.h>

#include "vault_opts.h"

#define VAULT_CACHE_MAX		(4 * 1024 * 1024)	/* object cache */
#define VAULT_MAPPED_LIMIT	(32 * 1024 * 1024)	/* pack windows */
#define VAULT_WINDOW_SIZE	(4 * 1024 * 1024)	/* one window */
#define VAULT_FILE_LIMIT	128			/* open packs */

/*
 * A walk over the whole archive (reindex, the search worker's build):
 * libgit2's own window limits (1 GB windows, 8 GB mapped on 64-bit).
 * With docketd's 4 MB windows under 32 MB, reading every object of a
 * pack of several GB mapped and unmapped a window for nearly each one:
 * at a million records reindex spent a third of its time in munmap and
 * ran for hours.  The maps are of pack files, read-only: page cache the
 * kernel reclaims, which memtrim drops from docketd's count after.
 */
void
vault_opts_bulk(int on)
{
	size_t	big = sizeof(void *) >= 8;

	(void)git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, on ? (big ?
	    (size_t)1024 * 1024 * 1024 : (size_t)32 * 1024 * 1024) :
	    (size_t)VAULT_WINDOW_SIZE);
	(void)git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, on ? (big ?
	    (size_t)8192 * 1024 * 1024 : (size_t)256 * 1024 * 1024) :
	    (size_t)VAULT_MAPPED_LIMIT);
	(void)git_libgit2_opts(GIT_OPT_ENABLE_CACHING, on ? 0 : 1);
}

int
vault_opts_apply(char *err, size_t errlen)
{
	const git_error	*e;

	if (git_libgit2_init() < 0)
		goto fail;
	if (git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE,
	    (ssize_t)VAULT_CACHE_MAX) != 0 ||
	    git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE,
	    (size_t)VAULT_WINDOW_SIZE) != 0 ||
	    git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT,
	    (size_t)VAULT_MAPPED_LIMIT) != 0 ||
	    git_libgit2_opts(GIT_OPT_SET_MWINDOW_FILE_LIMIT,
	    (size_t)VAULT_FILE_LIMIT) != 0)
		goto fail;
	return 0;
fail:
	e = git_error_last();
	snprintf(err, errlen, "libgit2 memory limits: %s",
	    e != NULL && e->message != NULL ? e->message : "failed");
	return -1;
}
