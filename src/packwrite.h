/*
 * packwrite: write a git pack (version 2) and its .idx (version 2)
 * directly, without libgit2's packbuilder (whose delta search was half of
 * ingest's CPU) or its indexer (which inflates and hashes every object a
 * second time).  The caller hands each object with its id: whole objects
 * are deflated here (no deltas), raw entries of another pack are copied
 * as they are (vault_repack.c).  The pack's trailer and the .idx's
 * checksums are SHA-1 (nettle).
 *
 * Durability: both files are written under temporary names in the pack
 * directory (tmp_pack_*) and fsync'd by packw_finish; packw_publish
 * links the .pack, then the .idx, into place (a reader only ever sees a
 * pack with its whole .idx), and fsyncs the directory.  Objects keep the
 * order they were given (vault.c gives its commit last: vault_gc.c reads
 * it there).
 */
#ifndef DOCKET_PACKWRITE_H
#define DOCKET_PACKWRITE_H

#include <stddef.h>
#include <stdint.h>

#include "attr.h"

#define PACKW_RAWSZ	20
#define PACKW_HEXSZ	40
/* "pack-" + 40 hex digits + NUL */
#define PACKW_NAME	46

/* git's object types as a pack stores them. */
enum packw_type {
	PACKW_COMMIT = 1,
	PACKW_TREE = 2,
	PACKW_BLOB = 3,
	PACKW_TAG = 4,
	PACKW_OFS_DELTA = 6,
	PACKW_REF_DELTA = 7
};

struct packw;
struct packw_z;

/*
 * An object deflated ahead of the pack (a reader thread of ingest_pool.c
 * does it for the blobs it read): its id, its inflated size and the zlib
 * stream packw_object would write for it, byte for byte.
 */
struct packw_pre {
	unsigned char	 oid[PACKW_RAWSZ];
	enum packw_type	 type;
	uint64_t	 size;		/* inflated */
	unsigned char	*z;		/* malloc'd zlib stream */
	size_t		 zlen;
};

/* A deflate stream kept for many objects (deflateInit allocates some
 * 270 KB; an object's reset only clears it).  One per thread. */
struct packw_z *packw_z_new(void);
void	packw_z_free(struct packw_z *);
/* Hash and deflate (type, buf, len) into pre, as packw_object would.
 * 0, or -1 (out of memory, or an object past 4 GiB: pre stays empty). */
DOCKET_WUR
int	packw_prepare(struct packw_z *, enum packw_type, const void *buf,
	    size_t len, struct packw_pre *pre);
/* Free pre's stream; pre is empty after. */
void	packw_pre_free(struct packw_pre *);

/* The object id git gives (type, buf, len): SHA-1 of "type len\0" buf. */
void	packw_hash(enum packw_type, const void *buf, size_t len,
	    unsigned char oid[PACKW_RAWSZ]);

/* Begin a pack of exactly n objects in dir (objects/pack). */
DOCKET_WUR
int	packw_begin(struct packw **, const char *dir, uint32_t n,
	    char *err, size_t errlen);
/* Add an object, deflated here.  Ids must not repeat in one pack. */
DOCKET_WUR
int	packw_object(struct packw *, const unsigned char oid[PACKW_RAWSZ],
	    enum packw_type, const void *buf, size_t len, char *err,
	    size_t errlen);
/* Add an object deflated ahead (packw_prepare): the same entry
 * packw_object writes for it. */
DOCKET_WUR
int	packw_object_pre(struct packw *, const struct packw_pre *,
	    char *err, size_t errlen);
/* Add an entry as another pack holds it (header and deflated data). */
DOCKET_WUR
int	packw_raw(struct packw *, const unsigned char oid[PACKW_RAWSZ],
	    const void *entry, size_t len, char *err, size_t errlen);
/* Where the next entry begins. */
uint64_t packw_tell(const struct packw *);
/* Write the trailer and the .idx, fsync both (still temporary); name
 * gets "pack-<hex>" (hex: the pack's checksum, as git names packs). */
DOCKET_WUR
int	packw_finish(struct packw *, char name[PACKW_NAME], char *err,
	    size_t errlen);
/* Link the .pack, then the .idx, into place; fsync the directory. */
DOCKET_WUR
int	packw_publish(struct packw *, char *err, size_t errlen);
/* Free; temporary files of a pack not published are removed. */
void	packw_free(struct packw *);

/* An entry's header: type and inflated size (git's varint).  Returns
 * the header's length (≤ 16). */
size_t	packw_header(unsigned char *out, enum packw_type, uint64_t size);
/* fsync a directory.  0 or -1 with err. */
DOCKET_WUR
int	packw_syncdir(const char *dir, char *err, size_t errlen);

#endif
