/*
 * ingest_prep: the pure, expensive part of registering one spool file —
 * read it (O_NOFOLLOW, fstat checks), hash it, extract its text with the
 * in-process readers, parse the 公文 fields and classify the domain.
 * Nothing here touches LMDB, the vault, the OCR queue, spool/'s retry
 * state, the log or the quarantine: ingest.c decides all that, on one
 * thread, in the order of claim.  A reader thread of ingest_pool.c and
 * ingest.c itself (readers = 1) call the same functions, so both give the
 * same record.
 */
#ifndef DOCKET_INGEST_PREP_H
#define DOCKET_INGEST_PREP_H

#include <sys/stat.h>

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "domains.h"
#include "extract.h"
#include "gongwen.h"
#include "packwrite.h"
#include "sha256.h"

/* Not done yet (xrc, prc). */
#define INGEST_PREP_NOTYET	(-2)

struct ingest_prep {
	char			 name[NAME_MAX + 1];	/* the name it was
							 * extracted as */
	int			 read;		/* ingest_prep_read was run */
	struct stat		 sb;		/* the file that was read */
	unsigned char		*buf;		/* its bytes, or NULL */
	size_t			 len;
	int			 vanished;	/* buf NULL: 1 gone, 2 later */
	char			 sha[SHA256_HEX_LEN + 1];
	int			 xrc;		/* extract_text's answer */
	struct extract_result	 x;
	int			 prc;		/* parse: 0, -1 out of memory */
	struct gongwen		 gw;
	char			 why[512];	/* refusal of read or extract */
	struct packw_pre	 zbuf;		/* buf as a git blob, deflated */
	struct packw_pre	 ztext;		/* x.text, likewise */
};

/* Make p empty (nothing done yet). */
void	ingest_prep_init(struct ingest_prep *p);
void	ingest_prep_free(struct ingest_prep *p);

/*
 * Read spooldir/spool into p->buf and hash it.  0; or -1 with p->why
 * set (the file is refused) or p->vanished 1 (it is gone) or 2 (an error
 * of the disk's, spoolread_transient: read it later).  reserve (may be
 * NULL) is called with the size before the bytes are allocated; its -1
 * gives up (p->vanished 2).
 */
int	ingest_prep_read(struct ingest_prep *p, const char *spooldir,
	    const char *spool, uint64_t max_size,
	    int (*reserve)(void *, size_t), void *arg);

/* Extract p->buf's text as name (p->xrc is extract_text's answer), then
 * when that gave text, parse and classify it (p->prc).  Returns p->xrc. */
int	ingest_prep_extract(struct ingest_prep *p, const char *name,
	    const struct extract_ctx *, const struct domains *);

/*
 * Hash and deflate as git blobs what the vault will store of p when it is
 * a new document: the file's bytes, and the text when extraction gave one
 * (p->zbuf, p->ztext; left empty on failure: the committer then deflates
 * them itself).  A reader thread does it, so the committer only copies
 * the streams into the pack (vault_stage_pre).  The bytes they add.
 */
size_t	ingest_prep_deflate(struct ingest_prep *p, struct packw_z *z);

/* The spool name's own idea of the document's name and agency, with the
 * note of a name the spool name had to cut (spoolmeta).  -1 when that
 * note is unreadable (the spool name's are used). */
int	ingest_prep_name(const char *spooldir, const char *spool,
	    int64_t *ms, char *agency, size_t alen, char *name, size_t nlen);

/* 1 when path is still the very file p read (device, inode, size,
 * times), 0 otherwise. */
int	ingest_prep_same(const struct ingest_prep *p, const char *path);

#endif
