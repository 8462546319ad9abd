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
 * A pack is mapped through libgit2's windows.  docketd's were 4 MB under a
 * 32 MB limit, so that pack maps could not grow its private memory.  At a
 * million records that made the commit path slow: every batch reads the
 * bottom trees (records/<hh>/<hh>, sharded by hash then) it rewrites,
 * about one per document, each at a random place in several GB of
 * packs, so nearly every read mapped a new 4 MB window and unmapped the
 * least recently used one, and
 * each munmap flushed the TLB of every CPU running one of docketd's
 * threads (the readers).  At 1.04 M records munmap was 8 % of docketd's
 * CPU and git_odb_read 0.23 ms a tree (perf, tests/bench/million.sh, a
 * 20k chunk).  The windows are now libgit2's own sizes, 1 GB under 8 GB on
 * 64-bit (32 MB under 256 MB on 32-bit): a pack stays mapped, a read costs
 * only the page faults of what it touches.  Those pages are page cache
 * mapped read-only, and memtrim.c drops them from docketd's count with the
 * .idx maps and LMDB's (after a batch once resident memory grew 16 MB), so
 * private memory stays flat as before.  The file limit closes the least
 * recently used pack files (they are opened again on demand).
 */
#include <stdio.h>
#include <stdlib.h>

#include <git2.h>

#include "vault_opts.h"

#define VAULT_CACHE_MAX		(4 * 1024 * 1024)	/* object cache */
/* pack windows: libgit2's own sizes (see above) */
#define VAULT_BIG		(sizeof(void *) >= 8)
#define VAULT_MAPPED_LIMIT	(VAULT_BIG ? (size_t)8192 * 1024 * 1024 : \
				    (size_t)256 * 1024 * 1024)
#define VAULT_WINDOW_SIZE	(VAULT_BIG ? (size_t)1024 * 1024 * 1024 : \
				    (size_t)32 * 1024 * 1024)
#define VAULT_FILE_LIMIT	128			/* open packs */

/*
 * A walk over many commits (reindex, start-up replay, the search
 * worker's build): libgit2's object cache off.  Full, it evicts by
 * scanning its hash table from the first bucket each time
 * (cache_evict_entries), and at a million records that scan was a third
 * of reindex's CPU; vault_replay.c keeps the few trees it needs again.
 */
void
vault_opts_bulk(int on)
{
	(void)git_libgit2_opts(GIT_OPT_ENABLE_CACHING, on ? 0 : 1);
}

int
vault_opts_apply(char *err, size_t errlen)
{
	const git_error		*e;
	const char		*s;
	char			*end;
	unsigned long long	 v;
	size_t			 window = VAULT_WINDOW_SIZE;

	if (git_libgit2_init() < 0)
		goto fail;
	/* tests/integration/search.sh: packs larger than a window without
	 * writing gigabytes */
	if ((s = getenv("DOCKET_TEST_MWINDOW")) != NULL &&
	    (v = strtoull(s, &end, 10)) >= 4096 && *end == '\0')
		window = (size_t)v;
	if (git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE,
	    (ssize_t)VAULT_CACHE_MAX) != 0 ||
	    git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, window) != 0 ||
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

/*
 * libgit2 keeps every pack it opened in one cache for the process, by
 * path (mwindow.c), with its file descriptor and the windows it mapped.
 * A forked child inherits that cache, but exttool_child_setup closed the
 * descriptors: the child's own repository then found the parent's packs
 * there, and the first window it mapped of one failed with EBADF — or,
 * once the child had opened files of its own under those numbers, mapped
 * another file ("incorrect header check").  At a million records, with
 * packs larger than a window, the search worker failed so on every try
 * and built its index again from nothing.  A full shutdown forgets the
 * cache (the parent's pack structures and maps stay, unused, until the
 * child exits); then the options are set again.
 */
int
vault_opts_child(char *err, size_t errlen)
{
	static const int levels[] = { GIT_CONFIG_LEVEL_GLOBAL,
	    GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_SYSTEM,
	    GIT_CONFIG_LEVEL_PROGRAMDATA };
	size_t	i;

	for (i = 0; i < 64 && git_libgit2_shutdown() > 0; i++)
		;
	if (vault_opts_apply(err, errlen) == -1)
		return -1;
	/* libgit2's list of open packs (mwindow's mem_ctl) survives the
	 * shutdown and still holds the parent's, oldest first: at the open
	 * file limit it would close their descriptor numbers, now the
	 * child's own files.  No limit in the child (it exits when done). */
	if (git_libgit2_opts(GIT_OPT_SET_MWINDOW_FILE_LIMIT, (size_t)0) != 0)
		goto fail;
	/* what vault.c set in the parent: durable writes, no user's or
	 * system's git config */
	if (git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1) != 0)
		goto fail;
	for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		if (git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, levels[i], "") != 0)
			goto fail;
	return 0;
fail:
	snprintf(err, errlen, "libgit2 options in a child: %s",
	    git_error_last() != NULL && git_error_last()->message != NULL ?
	    git_error_last()->message : "failed");
	return -1;
}
