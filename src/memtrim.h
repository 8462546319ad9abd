/*
 * memtrim: give back what docketd holds only as a cache of files it can
 * read again — pages of read-only file maps under a directory (LMDB's
 * map, libgit2's .idx and pack maps) and the malloc heap's free tail.
 */
#ifndef DOCKET_MEMTRIM_H
#define DOCKET_MEMTRIM_H

#include <stddef.h>

struct memtrim_stats {
	size_t	maps;		/* read-only file maps trimmed */
	size_t	bytes;		/* their length in all */
};

/*
 * Drop this process's pages of every read-only mapping of a file under
 * each of dirs[0..n) (absolute paths, no trailing slash), then trim the
 * heap.  0, or -1 with errno when /proc/self/maps cannot be read (the
 * heap is trimmed anyway).  stats may be NULL.
 */
int	memtrim(const char *const *dirs, size_t n, struct memtrim_stats *);
/* The same without the heap's trim (malloc_trim gives back every free
 * page inside the heap, which the next batch faults in again). */
int	memtrim_maps(const char *const *dirs, size_t n, struct memtrim_stats *);

/* This process's resident memory in bytes (/proc/self/statm: counters,
 * no walk of the page tables), an upper bound of its private memory;
 * 0 when unknown. */
size_t	memtrim_resident(void);

/*
 * docketd's trims, over directories registered once.  memtrim_watch
 * registers them (copied; n at most 2) and the growth that calls for a
 * trim (0: memtrim_tick does nothing).  memtrim_watched trims their maps
 * (and the heap when heap is set) as memtrim does, and notes the
 * resident size after it; memtrim_grown says whether it grew by `growth`
 * since (or cannot be read).  Within a batch: a batch of a large archive
 * maps tens of MB of file pages (each fault maps 64 KB around it), more
 * than the budget for the whole process, so the committer calls
 * memtrim_tick() once per document and per record written, and every
 * MEMTRIM_TICKS calls it trims the maps when memtrim_grown.  Not
 * thread-safe: the committer's only.
 */
#define MEMTRIM_TICKS	32
void	memtrim_watch(const char *const *dirs, size_t n, size_t growth);
int	memtrim_watched(int heap);
int	memtrim_grown(void);
void	memtrim_tick(void);

#endif
