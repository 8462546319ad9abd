/*
 * memtrim: keep docketd's private memory flat as the archive grows
 * (issue 18).
 *
 * smaps counts a page of a file map as this process's private memory
 * while no other process maps it, so what docketd reads through maps
 * stays charged to it: LMDB's map of data.mdb (every page a batch looked
 * up, and the pages around it that the kernel maps on each fault) and
 * libgit2's maps of the vault's .idx files (held whole for as long as a
 * pack is open).  Measured with 10,000 tiny documents: 34 MB of data.mdb
 * and 10 MB of packs and indexes mapped, growing with every batch, beside
 * a 12 MB heap.
 *
 * Those pages are a cache of files: after a batch, MADV_DONTNEED drops
 * this process's mappings of them.  For a read-only map of a file that is
 * all it does — the page stays in the page cache, the next read maps it
 * again (a minor fault) with the same bytes — so nothing held in a
 * mapping that was never written can be lost.  Maps that are writable are
 * left alone.  The heap's free memory goes back with malloc_trim.
 *
 * memtrim_tick does the same within a batch, when the resident size grew
 * past a bound since the last trim (docketd.c says how much).
 */
#include <sys/mman.h>

#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "memtrim.h"

static int
memtrim_under(const char *path, const char *const *dirs, size_t n)
{
	size_t	i, l;

	for (i = 0; i < n; i++) {
		l = strlen(dirs[i]);
		if (l > 0 && strncmp(path, dirs[i], l) == 0 && path[l] == '/')
			return 1;
	}
	return 0;
}

int
memtrim(const char *const *dirs, size_t n, struct memtrim_stats *st)
{
	int rc;

	rc = memtrim_maps(dirs, n, st);
	malloc_trim(0);
	return rc;
}

int
memtrim_maps(const char *const *dirs, size_t n, struct memtrim_stats *st)
{
	FILE		*fp;
	char		 line[4096 + 256], perms[8], path[4096 + 1];
	unsigned long	 lo, hi, off, inode;
	int		 saved = 0;

	if (st != NULL)
		memset(st, 0, sizeof(*st));
	if ((fp = fopen("/proc/self/maps", "re")) == NULL)
		saved = errno;
	while (fp != NULL && fgets(line, sizeof(line), fp) != NULL) {
		path[0] = '\0';
		/* start-end perms offset dev inode path */
		if (sscanf(line, "%lx-%lx %7s %lx %*s %lu %4096[^\n]", &lo, &hi,
		    perms, &off, &inode, path) != 6 || inode == 0 ||
		    perms[0] != 'r' || perms[1] != '-' || hi <= lo)
			continue;
		if (!memtrim_under(path, dirs, n))
			continue;
		if (madvise((void *)(uintptr_t)lo, hi - lo, MADV_DONTNEED)
		    == 0 && st != NULL) {
			st->maps++;
			st->bytes += hi - lo;
		}
	}
	if (fp != NULL)
		fclose(fp);
	if (saved != 0) {
		errno = saved;
		return -1;
	}
	return 0;
}

size_t
memtrim_resident(void)
{
	FILE		*fp;
	unsigned long	 size, res;
	long		 pg = sysconf(_SC_PAGESIZE);
	int		 n;

	if ((fp = fopen("/proc/self/statm", "re")) == NULL)
		return 0;
	n = fscanf(fp, "%lu %lu", &size, &res);
	fclose(fp);
	if (n != 2 || pg <= 0)
		return 0;
	return (size_t)res * (size_t)pg;
}

static struct {
	char	dirs[2][4096];
	size_t	n;
	size_t	growth;
	size_t	base;		/* resident size after the last trim */
	size_t	ticks;
} mt_watch;

void
memtrim_watch(const char *const *dirs, size_t n, size_t growth)
{
	size_t i;

	mt_watch.n = 0;
	for (i = 0; i < n && i < 2; i++)
		if (snprintf(mt_watch.dirs[mt_watch.n],
		    sizeof(mt_watch.dirs[0]), "%s", dirs[i]) <
		    (int)sizeof(mt_watch.dirs[0]))
			mt_watch.n++;
	mt_watch.growth = growth;
	mt_watch.base = memtrim_resident();
	mt_watch.ticks = 0;
}

int
memtrim_watched(int heap)
{
	const char	*dirs[2];
	size_t		 i;
	int		 rc;

	for (i = 0; i < mt_watch.n; i++)
		dirs[i] = mt_watch.dirs[i];
	rc = heap ? memtrim(dirs, mt_watch.n, NULL) :
	    memtrim_maps(dirs, mt_watch.n, NULL);
	mt_watch.base = memtrim_resident();
	mt_watch.ticks = 0;
	return rc;
}

int
memtrim_grown(void)
{
	size_t rss = memtrim_resident();

	return rss == 0 || rss > mt_watch.base + mt_watch.growth;
}

void
memtrim_tick(void)
{
	if (mt_watch.growth == 0 || ++mt_watch.ticks < MEMTRIM_TICKS)
		return;
	mt_watch.ticks = 0;
	if (memtrim_grown())
		(void)memtrim_watched(0);
}
