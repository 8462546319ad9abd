/*
 * packwrite: a git pack and its .idx v2, written here (packwrite.h).
 *
 * Pack: "PACK", version 2, the object count, then each entry (a varint
 * header of type and inflated size, then the zlib stream; a copied entry
 * is whatever another pack held, deltas included), then the SHA-1 of all
 * that.  Idx v2: "\377tOc", version 2, a fan-out table of 256 counts,
 * the sorted object ids, their entries' CRC-32s, their offsets (31 bits,
 * or the high bit and an index into a table of 64-bit offsets past
 * 2 GiB), the pack's checksum, and the SHA-1 of all that.  This is what
 * git's index-pack writes; `git verify-pack` and `git fsck` check it.
 *
 * Objects are deflated at zlib level 1: ingest is bound by CPU, a pack
 * a little larger is not.  Trees are stored (zlib level 0, still a zlib
 * stream git inflates as any other): they are mostly object ids, which
 * level 1 shrank by 8 % in the benchmark's vault, for a tenth of the
 * committer's time (each batch rewrites hundreds of shard trees, and a
 * small object's deflate costs some 20 µs whatever its size).  Writes go
 * through a 1 MiB buffer, each byte hashed once on its way out.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <nettle/sha1.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "packwrite.h"
#include "xalloc.h"

#define PACKW_BUF	(1024 * 1024)
#define PACKW_LEVEL	Z_BEST_SPEED

struct packw_ent {
	unsigned char	oid[PACKW_RAWSZ];
	uint32_t	crc;
	uint64_t	off;
};

struct packw_z {
	z_stream	 zs;
	unsigned char	*out;
	size_t		 cap;
};

struct packw {
	char			 dir[PATH_MAX];
	char			 tmp[PATH_MAX + 32];		/* pack, temporary */
	char			 tmpidx[PATH_MAX + 32];	/* idx, temporary */
	char			 name[PACKW_NAME];
	int			 fd;
	struct sha1_ctx		 sha;
	unsigned char		*buf;
	size_t			 blen;
	uint64_t		 off;
	uint32_t		 want;
	struct packw_ent	*e;
	uint32_t		 n;
	struct packw_z		*z;		/* packw_object's deflate */
	struct packw_z		*z0;		/* the same, stored: trees */
	int			 finished, published;
	unsigned char		 sum[PACKW_RAWSZ];
};

static const char *packw_types[] = {
	NULL, "commit", "tree", "blob", "tag"
};

void
packw_hash(enum packw_type type, const void *buf, size_t len,
    unsigned char oid[PACKW_RAWSZ])
{
	struct sha1_ctx	ctx;
	char		hdr[64];
	int		n;

	n = snprintf(hdr, sizeof(hdr), "%s %zu", packw_types[type], len);
	sha1_init(&ctx);
	sha1_update(&ctx, (size_t)n + 1, (const uint8_t *)hdr);
	sha1_update(&ctx, len, buf);
	sha1_digest(&ctx, PACKW_RAWSZ, oid);
}

size_t
packw_header(unsigned char *out, enum packw_type type, uint64_t size)
{
	size_t	n = 0;
	uint8_t	c;

	c = (uint8_t)((unsigned int)type << 4 | (size & 15));
	size >>= 4;
	while (size != 0) {
		out[n++] = c | 0x80;
		c = size & 0x7f;
		size >>= 7;
	}
	out[n++] = c;
	return n;
}

static void
packw_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static int
packw_writeall(int fd, const unsigned char *p, size_t len, const char *path,
    char *err, size_t errlen)
{
	ssize_t	w;

	while (len > 0) {
		if ((w = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			snprintf(err, errlen, "writing %s: %s", path,
			    strerror(errno));
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

static int
packw_flush(struct packw *pw, char *err, size_t errlen)
{
	if (pw->blen == 0)
		return 0;
	if (packw_writeall(pw->fd, pw->buf, pw->blen, pw->tmp, err,
	    errlen) == -1)
		return -1;
	pw->blen = 0;
	return 0;
}

/* Bytes into the pack (hashed). */
static int
packw_put(struct packw *pw, const void *data, size_t len, char *err,
    size_t errlen)
{
	const unsigned char	*p = data;
	size_t			 k;

	sha1_update(&pw->sha, len, p);
	pw->off += len;
	while (len > 0) {
		if (pw->blen == PACKW_BUF && packw_flush(pw, err,
		    errlen) == -1)
			return -1;
		k = PACKW_BUF - pw->blen;
		if (k > len)
			k = len;
		memcpy(pw->buf + pw->blen, p, k);
		pw->blen += k;
		p += k;
		len -= k;
	}
	return 0;
}

int
packw_syncdir(const char *dir, char *err, size_t errlen)
{
	int	fd, rc;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "open %s: %s", dir, strerror(errno));
		return -1;
	}
	if ((rc = fsync(fd)) == -1)
		snprintf(err, errlen, "fsync %s: %s", dir, strerror(errno));
	close(fd);
	return rc;
}

static int
packw_mktemp(const char *dir, char *path, size_t len, char *err,
    size_t errlen)
{
	int	fd;

	if ((size_t)snprintf(path, len, "%s/tmp_pack_XXXXXX", dir) >= len) {
		snprintf(err, errlen, "%s: path too long", dir);
		path[0] = '\0';
		return -1;
	}
	if ((fd = mkostemp(path, O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "creating a pack in %s: %s", dir,
		    strerror(errno));
		path[0] = '\0';
	}
	return fd;
}

int
packw_begin(struct packw **out, const char *dir, uint32_t n, char *err,
    size_t errlen)
{
	struct packw	*pw;
	unsigned char	 hdr[12];

	pw = xcalloc(1, sizeof(*pw));
	pw->fd = -1;
	snprintf(pw->dir, sizeof(pw->dir), "%s", dir);
	pw->want = n;
	pw->buf = xmalloc(PACKW_BUF);
	pw->e = xcalloc(n ? n : 1, sizeof(*pw->e));
	sha1_init(&pw->sha);
	if ((pw->fd = packw_mktemp(dir, pw->tmp, sizeof(pw->tmp), err,
	    errlen)) == -1) {
		packw_free(pw);
		return -1;
	}
	memcpy(hdr, "PACK", 4);
	packw_be32(hdr + 4, 2);
	packw_be32(hdr + 8, n);
	if (packw_put(pw, hdr, sizeof(hdr), err, errlen) == -1) {
		packw_free(pw);
		return -1;
	}
	*out = pw;
	return 0;
}

uint64_t
packw_tell(const struct packw *pw)
{
	return pw->off;
}

static int
packw_entry(struct packw *pw, const unsigned char *oid, char *err,
    size_t errlen)
{
	if (pw->n == pw->want) {
		snprintf(err, errlen, "pack in %s: more objects than the %u "
		    "announced", pw->dir, pw->want);
		return -1;
	}
	memcpy(pw->e[pw->n].oid, oid, PACKW_RAWSZ);
	pw->e[pw->n].off = pw->off;
	return 0;
}

static struct packw_z *
packw_z_level(int level)
{
	struct packw_z *z;

	if ((z = calloc(1, sizeof(*z))) == NULL)
		return NULL;
	if (deflateInit(&z->zs, level) != Z_OK) {
		free(z);
		return NULL;
	}
	return z;
}

struct packw_z *
packw_z_new(void)
{
	return packw_z_level(PACKW_LEVEL);
}

void
packw_z_free(struct packw_z *z)
{
	if (z == NULL)
		return;
	deflateEnd(&z->zs);
	free(z->out);
	free(z);
}

/* Deflate buf whole into z->out; its length, or 0 on failure. */
static size_t
packw_z_deflate(struct packw_z *z, const void *buf, size_t len)
{
	size_t		 bound;
	unsigned char	*o;

	if (len > UINT_MAX || deflateReset(&z->zs) != Z_OK)
		return 0;
	bound = deflateBound(&z->zs, (uLong)len);
	if (bound > z->cap) {
		if ((o = malloc(bound)) == NULL)
			return 0;
		free(z->out);
		z->out = o;
		z->cap = bound;
	}
	z->zs.next_in = (Bytef *)(uintptr_t)buf;
	z->zs.avail_in = (uInt)len;
	z->zs.next_out = z->out;
	z->zs.avail_out = (uInt)bound;
	if (deflate(&z->zs, Z_FINISH) != Z_STREAM_END)
		return 0;
	return (size_t)z->zs.total_out;
}

int
packw_prepare(struct packw_z *z, enum packw_type type, const void *buf,
    size_t len, struct packw_pre *pre)
{
	size_t zl;

	memset(pre, 0, sizeof(*pre));
	if ((zl = packw_z_deflate(z, buf, len)) == 0 ||
	    (pre->z = malloc(zl)) == NULL)
		return -1;
	memcpy(pre->z, z->out, zl);
	pre->zlen = zl;
	pre->type = type;
	pre->size = len;
	packw_hash(type, buf, len, pre->oid);
	/* The buffer of a large object goes back (a reader may keep
	 * one per thread for the daemon's life). */
	if (z->cap > 4 * 1024 * 1024) {
		free(z->out);
		z->out = NULL;
		z->cap = 0;
	}
	return 0;
}

void
packw_pre_free(struct packw_pre *pre)
{
	free(pre->z);
	memset(pre, 0, sizeof(*pre));
}

/* An entry: header, then the zlib stream z. */
static int
packw_put_entry(struct packw *pw, const unsigned char *oid,
    enum packw_type type, uint64_t size, const unsigned char *z,
    size_t zlen, char *err, size_t errlen)
{
	unsigned char	hdr[16];
	size_t		hl;
	uint32_t	crc;

	if (packw_entry(pw, oid, err, errlen) == -1)
		return -1;
	hl = packw_header(hdr, type, size);
	crc = (uint32_t)crc32(0, hdr, (uInt)hl);
	crc = (uint32_t)crc32(crc, z, (uInt)zlen);
	pw->e[pw->n].crc = crc;
	if (packw_put(pw, hdr, hl, err, errlen) == -1 ||
	    packw_put(pw, z, zlen, err, errlen) == -1)
		return -1;
	pw->n++;
	return 0;
}

int
packw_object(struct packw *pw, const unsigned char oid[PACKW_RAWSZ],
    enum packw_type type, const void *buf, size_t len, char *err,
    size_t errlen)
{
	struct packw_z	**zp = type == PACKW_TREE ? &pw->z0 : &pw->z;
	size_t		  zl;

	if (*zp == NULL && (*zp = packw_z_level(type == PACKW_TREE ?
	    Z_NO_COMPRESSION : PACKW_LEVEL)) == NULL) {
		snprintf(err, errlen, "pack: zlib: out of memory");
		return -1;
	}
	if ((zl = packw_z_deflate(*zp, buf, len)) == 0) {
		snprintf(err, errlen, "pack: cannot deflate an object of "
		    "%zu bytes", len);
		return -1;
	}
	return packw_put_entry(pw, oid, type, len, (*zp)->out, zl, err,
	    errlen);
}

int
packw_object_pre(struct packw *pw, const struct packw_pre *pre, char *err,
    size_t errlen)
{
	if (pre->z == NULL || pre->zlen == 0) {
		snprintf(err, errlen, "pack: an object deflated ahead "
		    "without its data");
		return -1;
	}
	return packw_put_entry(pw, pre->oid, pre->type, pre->size, pre->z,
	    pre->zlen, err, errlen);
}

int
packw_raw(struct packw *pw, const unsigned char oid[PACKW_RAWSZ],
    const void *entry, size_t len, char *err, size_t errlen)
{
	const unsigned char	*p = entry;
	uint32_t		 crc = 0;
	size_t			 k, left = len;

	if (packw_entry(pw, oid, err, errlen) == -1)
		return -1;
	/* crc32() takes an unsigned int length */
	while (left > 0) {
		k = left > (1U << 30) ? (1U << 30) : left;
		crc = (uint32_t)crc32(crc, p, (uInt)k);
		p += k;
		left -= k;
	}
	pw->e[pw->n].crc = crc;
	if (packw_put(pw, entry, len, err, errlen) == -1)
		return -1;
	pw->n++;
	return 0;
}

static int
packw_oidcmp(const void *a, const void *b)
{
	return memcmp(((const struct packw_ent *)a)->oid,
	    ((const struct packw_ent *)b)->oid, PACKW_RAWSZ);
}

/* The .idx v2 of the entries, to fd (hashed as it goes). */
static int
packw_idx(struct packw *pw, int fd, char *err, size_t errlen)
{
	struct sha1_ctx	 ctx;
	unsigned char	*b, *p;
	uint32_t	 i, fan[256], nlarge = 0;
	size_t		 len;
	int		 rc;

	qsort(pw->e, pw->n, sizeof(*pw->e), packw_oidcmp);
	memset(fan, 0, sizeof(fan));
	for (i = 0; i < pw->n; i++) {
		if (i > 0 && memcmp(pw->e[i].oid, pw->e[i - 1].oid,
		    PACKW_RAWSZ) == 0) {
			snprintf(err, errlen, "pack in %s: an object twice",
			    pw->dir);
			return -1;
		}
		fan[pw->e[i].oid[0]]++;
		if (pw->e[i].off >= 0x80000000ULL)
			nlarge++;
	}
	for (i = 1; i < 256; i++)
		fan[i] += fan[i - 1];
	len = 8 + 256 * 4 + (size_t)pw->n * (20 + 4 + 4) + (size_t)nlarge * 8 +
	    2 * PACKW_RAWSZ;
	p = b = xmalloc(len);
	memcpy(p, "\377tOc", 4);
	packw_be32(p + 4, 2);
	p += 8;
	for (i = 0; i < 256; i++, p += 4)
		packw_be32(p, fan[i]);
	for (i = 0; i < pw->n; i++, p += PACKW_RAWSZ)
		memcpy(p, pw->e[i].oid, PACKW_RAWSZ);
	for (i = 0; i < pw->n; i++, p += 4)
		packw_be32(p, pw->e[i].crc);
	nlarge = 0;
	for (i = 0; i < pw->n; i++, p += 4)
		packw_be32(p, pw->e[i].off < 0x80000000ULL ?
		    (uint32_t)pw->e[i].off : 0x80000000U | nlarge++);
	for (i = 0; i < pw->n; i++) {
		if (pw->e[i].off < 0x80000000ULL)
			continue;
		packw_be32(p, (uint32_t)(pw->e[i].off >> 32));
		packw_be32(p + 4, (uint32_t)pw->e[i].off);
		p += 8;
	}
	memcpy(p, pw->sum, PACKW_RAWSZ);
	p += PACKW_RAWSZ;
	sha1_init(&ctx);
	sha1_update(&ctx, (size_t)(p - b), b);
	sha1_digest(&ctx, PACKW_RAWSZ, p);
	p += PACKW_RAWSZ;
	rc = packw_writeall(fd, b, (size_t)(p - b), pw->tmpidx, err, errlen);
	free(b);
	return rc;
}

int
packw_finish(struct packw *pw, char name[PACKW_NAME], char *err,
    size_t errlen)
{
	static const char	 hex[] = "0123456789abcdef";
	int			 fd = -1, i;

	if (pw->n != pw->want) {
		snprintf(err, errlen, "pack in %s: %u objects of the %u "
		    "announced", pw->dir, pw->n, pw->want);
		return -1;
	}
	sha1_digest(&pw->sha, PACKW_RAWSZ, pw->sum);
	if (packw_writeall(pw->fd, pw->buf, pw->blen, pw->tmp, err,
	    errlen) == -1 || packw_writeall(pw->fd, pw->sum, PACKW_RAWSZ,
	    pw->tmp, err, errlen) == -1)
		return -1;
	pw->blen = 0;
	if (fsync(pw->fd) == -1) {
		snprintf(err, errlen, "fsync %s: %s", pw->tmp,
		    strerror(errno));
		return -1;
	}
	memcpy(pw->name, "pack-", 5);
	for (i = 0; i < PACKW_RAWSZ; i++) {
		pw->name[5 + 2 * i] = hex[pw->sum[i] >> 4];
		pw->name[6 + 2 * i] = hex[pw->sum[i] & 15];
	}
	pw->name[5 + PACKW_HEXSZ] = '\0';
	if ((fd = packw_mktemp(pw->dir, pw->tmpidx, sizeof(pw->tmpidx), err,
	    errlen)) == -1)
		return -1;
	if (packw_idx(pw, fd, err, errlen) == -1)
		goto fail;
	if (fsync(fd) == -1) {
		snprintf(err, errlen, "fsync %s: %s", pw->tmpidx,
		    strerror(errno));
		goto fail;
	}
	close(fd);
	/* As git's and libgit2's: read-only for everyone the umask lets. */
	{
		mode_t	um = umask(0);

		umask(um);
		if (fchmod(pw->fd, 0444 & ~um) == -1 ||
		    chmod(pw->tmpidx, 0444 & ~um) == -1) {
			snprintf(err, errlen, "chmod %s: %s", pw->tmp,
			    strerror(errno));
			return -1;
		}
	}
	pw->finished = 1;
	memcpy(name, pw->name, PACKW_NAME);
	return 0;
fail:
	close(fd);
	return -1;
}

/*
 * Link tmp to path, then unlink tmp (as git and libgit2 finalize a pack:
 * an existing file of that name is the same pack, its name being its
 * checksum).
 */
static int
packw_place(char *tmp, const char *path, char *err, size_t errlen)
{
	if (link(tmp, path) == -1 && errno != EEXIST) {
		snprintf(err, errlen, "link %s to %s: %s", tmp, path,
		    strerror(errno));
		return -1;
	}
	(void)unlink(tmp);
	tmp[0] = '\0';
	return 0;
}

int
packw_publish(struct packw *pw, char *err, size_t errlen)
{
	char	path[PATH_MAX + 64];

	if (!pw->finished) {
		snprintf(err, errlen, "pack in %s: not finished", pw->dir);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%s.pack", pw->dir, pw->name);
	if (packw_place(pw->tmp, path, err, errlen) == -1)
		return -1;
	snprintf(path, sizeof(path), "%s/%s.idx", pw->dir, pw->name);
	if (packw_place(pw->tmpidx, path, err, errlen) == -1)
		return -1;
	pw->published = 1;
	return packw_syncdir(pw->dir, err, errlen);
}

void
packw_free(struct packw *pw)
{
	if (pw == NULL)
		return;
	if (pw->fd != -1)
		close(pw->fd);
	if (pw->tmp[0] != '\0')
		(void)unlink(pw->tmp);
	if (pw->tmpidx[0] != '\0')
		(void)unlink(pw->tmpidx);
	packw_z_free(pw->z);
	packw_z_free(pw->z0);
	free(pw->buf);
	free(pw->e);
	free(pw);
}
