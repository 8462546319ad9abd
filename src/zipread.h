/*
 * zipread: read entries of a zip container held in memory, treating it
 * as hostile.  The central directory is checked before libzip reads it
 * (entry count, names, encryption, overlapping entries) and every entry
 * is inflated into memory with the bytes actually produced counted
 * against caps.  Nothing is written to disk.
 */
#ifndef DOCKET_ZIPREAD_H
#define DOCKET_ZIPREAD_H

#include <stddef.h>
#include <stdint.h>

#define ZIPREAD_MAX_ENTRIES	10000
#define ZIPREAD_MAX_ENTRY_BYTES	(64ULL << 20)
#define ZIPREAD_MAX_TOTAL_BYTES	(256ULL << 20)
#define ZIPREAD_MAX_RATIO	200
#define ZIPREAD_RATIO_SLACK	(1ULL << 20)	/* inflated below this, any ratio */

struct zipread_limits {
	size_t		max_entries;
	uint64_t	max_entry_bytes;	/* inflated, one entry */
	uint64_t	max_total_bytes;	/* inflated, all reads together */
	unsigned int	max_ratio;		/* inflated : compressed; 0 = off */
};

struct zipread;

/* Fill in the default limits above. */
void	 zipread_limits_init(struct zipread_limits *);

/* Check the container and open it.  buf must stay valid and unchanged
 * until zipread_close().  lim NULL means the defaults.  0, or -1 with a
 * one-line reason in err. */
int	 zipread_open(struct zipread **, const void *buf, size_t len,
	    const struct zipread_limits *lim, char *err, size_t errlen);

/* Inflate the entry called name (exact, as stored) into a malloc'd,
 * NUL-terminated buffer.  0; 1 when there is no such entry; -1 with a
 * reason when the entry is refused or unreadable. */
int	 zipread_read(struct zipread *, const char *name, char **out,
	    size_t *outlen, char *err, size_t errlen);

/* 1 when an entry of that name exists. */
int	 zipread_exists(const struct zipread *, const char *name);

/* The entries in central directory order. */
size_t	 zipread_count(const struct zipread *);
const char *zipread_name(const struct zipread *, size_t);

void	 zipread_close(struct zipread *);

/* Resolve a reference found inside entry from (a docx relationship
 * target, an ofd BaseLoc) to an entry name: relative to from's directory,
 * or to the root when it starts with '/'; '\\' counts as '/', "." and
 * ".." are folded.  0, or -1 when it climbs out of the root, is empty or
 * does not fit in outsz. */
int	 zipread_path(const char *from, const char *ref, char *out,
	    size_t outsz);

#endif
