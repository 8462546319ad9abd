/*
 * vault_merge: the merge of packs vault_repack.c decides (run in its
 * forked child), and the recovery that finishes or undoes one.
 *
 * The merge copies entries as they are: no inflate, no deflate, no
 * delta search.  Entries keep their order, source after source (the
 * newest commit last: vault_gc.c reads a pack's commit there); an object
 * in two sources is kept once, the first; an OFS_DELTA gets its base's
 * new distance (its base is before it, in the same source or, when
 * that was a duplicate, in an earlier one); each entry's CRC-32 is
 * checked against its source's .idx, so a damaged source fails the
 * merge instead of spreading.  The new .idx is written from the sources'
 * ids, CRCs and the new offsets.
 *
 * Crash safety.  The child writes the new pack and .idx under temporary
 * names and fsyncs them, then the manifest ROOT/vault.git/docket-repack
 * (docket-repack-1 for a merge in the second slot, vault_repack.h;
 * "new pack-N", "old pack-O" lines; written to a temporary file,
 * fsync'd, renamed, directory fsync'd), then links the .pack and the
 * .idx into place and fsyncs objects/pack.  Only after the child has
 * ended does the parent (vault_repack_recover) remove the sources, each
 * .idx before its .pack (the new pack noted first in docket-merged, which
 * vault_gc.c reads), fsync objects/pack and drop the manifest — that
 * slot's only: the other's child may still be writing; at start the
 * same function finishes what a kill left in every slot.  A kill anywhere
 * leaves either the sources alone (and temporary files vault_gc removes)
 * or the sources and the new pack (the same objects twice: git accepts
 * that), never an object in no pack.  The parent then reopens its
 * repository, whose pack list still names the removed packs.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "log.h"
#include "packwrite.h"
#include "vault_repack.h"
#include "xalloc.h"

/* A pack's .idx v2, read whole. */
struct rp_idx {
	unsigned char	*buf;
	size_t		 len;
	uint32_t	 n;
	const unsigned char *oids, *crcs, *offs, *large;
	size_t		 nlarge;
};

static uint32_t
rp_be32(const unsigned char *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	    (uint32_t)b[2] << 8 | b[3];
}

static uint64_t
rp_idx_off(const struct rp_idx *x, uint32_t i)
{
	uint32_t	o = rp_be32(x->offs + (size_t)i * 4), k;

	if (!(o & 0x80000000U))
		return o;
	k = o & 0x7fffffffU;
	if (k >= x->nlarge)
		return UINT64_MAX;
	return (uint64_t)rp_be32(x->large + (size_t)k * 8) << 32 |
	    rp_be32(x->large + (size_t)k * 8 + 4);
}

static int
rp_readfile(const char *path, unsigned char **buf, size_t *len, char *err,
    size_t errlen)
{
	struct stat	 sb;
	size_t		 off = 0;
	ssize_t		 r;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &sb) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	*buf = xmalloc((size_t)sb.st_size + 1);
	while (off < (size_t)sb.st_size) {
		if ((r = read(fd, *buf + off, (size_t)sb.st_size - off)) <= 0) {
			if (r == -1 && errno == EINTR)
				continue;
			snprintf(err, errlen, "%s: %s", path, r == 0 ?
			    "short read" : strerror(errno));
			close(fd);
			free(*buf);
			*buf = NULL;
			return -1;
		}
		off += (size_t)r;
	}
	close(fd);
	*len = off;
	return 0;
}

static int
rp_idx_read(const char *path, struct rp_idx *x, char *err, size_t errlen)
{
	size_t	need, i;

	memset(x, 0, sizeof(*x));
	if (rp_readfile(path, &x->buf, &x->len, err, errlen) == -1)
		return -1;
	if (x->len < 8 + 1024 + 40 || memcmp(x->buf, "\377tOc", 4) != 0 ||
	    rp_be32(x->buf + 4) != 2)
		goto bad;
	x->n = rp_be32(x->buf + 8 + 255 * 4);
	need = 8 + 1024 + (size_t)x->n * 28 + 40;
	if (x->len < need || (x->len - need) % 8 != 0)
		goto bad;
	x->oids = x->buf + 8 + 1024;
	x->crcs = x->oids + (size_t)x->n * 20;
	x->offs = x->crcs + (size_t)x->n * 4;
	x->large = x->offs + (size_t)x->n * 4;
	x->nlarge = (x->len - need) / 8;
	for (i = 0; i < x->n; i++)
		if (rp_idx_off(x, (uint32_t)i) == UINT64_MAX)
			goto bad;
	return 0;
bad:
	snprintf(err, errlen, "%s: not a pack index (version 2)", path);
	free(x->buf);
	x->buf = NULL;
	return -1;
}
/* --- the merge (the child) --------------------------------------------- */

struct rp_src {
	char		 path[2 * PATH_MAX];
	struct rp_idx	 x;
	unsigned char	*map;
	size_t		 size;
	uint32_t	*byoff;		/* idx positions by offset */
	size_t		 base;		/* first global entry number */
};

struct rp_ent {
	uint32_t	src, i;
};

static struct rp_src	*rp_sort_src;

static int
rp_offcmp(const void *pa, const void *pb)
{
	const struct rp_idx	*x = &rp_sort_src->x;
	uint64_t		 a = rp_idx_off(x, *(const uint32_t *)pa);
	uint64_t		 b = rp_idx_off(x, *(const uint32_t *)pb);

	return a < b ? -1 : a > b;
}

static struct rp_src	*rp_srcs;

static int
rp_entcmp(const void *pa, const void *pb)
{
	const struct rp_ent	*a = pa, *b = pb;
	int			 c;

	c = memcmp(rp_srcs[a->src].x.oids + (size_t)a->i * 20,
	    rp_srcs[b->src].x.oids + (size_t)b->i * 20, 20);
	if (c != 0)
		return c;
	if (a->src != b->src)
		return a->src < b->src ? -1 : 1;
	return rp_idx_off(&rp_srcs[a->src].x, a->i) <
	    rp_idx_off(&rp_srcs[a->src].x, b->i) ? -1 : 1;
}

/* The idx position of the entry at offset off in s, or UINT32_MAX. */
static uint32_t
rp_find_off(const struct rp_src *s, uint64_t off)
{
	size_t		lo = 0, hi = s->x.n, mid;
	uint64_t	o;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		o = rp_idx_off(&s->x, s->byoff[mid]);
		if (o == off)
			return s->byoff[mid];
		if (o < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return UINT32_MAX;
}

static int
rp_src_open(struct rp_src *s, const char *dir, const char *name, char *err,
    size_t errlen)
{
	char		 idx[2 * PATH_MAX];
	struct stat	 sb;
	int		 fd;
	uint32_t	 i;

	snprintf(idx, sizeof(idx), "%s/%s.idx", dir, name);
	snprintf(s->path, sizeof(s->path), "%s/%s.pack", dir, name);
	if (rp_idx_read(idx, &s->x, err, errlen) == -1)
		return -1;
	if ((fd = open(s->path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &sb) == -1) {
		snprintf(err, errlen, "%s: %s", s->path, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	s->size = (size_t)sb.st_size;
	if (s->size < 32 || (s->map = mmap(NULL, s->size, PROT_READ,
	    MAP_PRIVATE, fd, 0)) == MAP_FAILED) {
		s->map = NULL;
		snprintf(err, errlen, "%s: %s", s->path, s->size < 32 ?
		    "too short" : strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	(void)madvise(s->map, s->size, MADV_SEQUENTIAL);
	if (memcmp(s->map, "PACK", 4) != 0 || (rp_be32(s->map + 4) != 2 &&
	    rp_be32(s->map + 4) != 3) || rp_be32(s->map + 8) != s->x.n ||
	    memcmp(s->map + s->size - 20, s->x.buf + s->x.len - 40, 20) != 0) {
		snprintf(err, errlen, "%s: does not match its .idx", s->path);
		return -1;
	}
	s->byoff = xcalloc(s->x.n ? s->x.n : 1, sizeof(*s->byoff));
	for (i = 0; i < s->x.n; i++)
		s->byoff[i] = i;
	rp_sort_src = s;
	qsort(s->byoff, s->x.n, sizeof(*s->byoff), rp_offcmp);
	for (i = 0; i < s->x.n; i++)
		if (rp_idx_off(&s->x, s->byoff[i]) < 12 ||
		    rp_idx_off(&s->x, s->byoff[i]) >= s->size - 20 ||
		    (i > 0 && rp_idx_off(&s->x, s->byoff[i]) ==
		    rp_idx_off(&s->x, s->byoff[i - 1]))) {
			snprintf(err, errlen, "%s: bad offset in its .idx",
			    s->path);
			return -1;
		}
	return 0;
}

static void
rp_src_close(struct rp_src *s)
{
	if (s->map != NULL)
		munmap(s->map, s->size);
	free(s->x.buf);
	free(s->byoff);
}

/* One entry of s (idx position i, length len) into the new pack. */
static int
rp_copy(struct packw *pw, struct rp_src *s, uint32_t i, uint64_t off,
    size_t len, const uint64_t *newoff, char *err, size_t errlen)
{
	const unsigned char	*p = s->map + off, *q;
	unsigned char		*nb, dh[16];
	uint64_t		 dist, base, nd;
	uint32_t		 bi;
	size_t			 hl, dl, pos;
	int			 type, rc;

	if ((uint32_t)crc32(0, p, (uInt)len) != rp_be32(s->x.crcs +
	    (size_t)i * 4)) {
		snprintf(err, errlen, "%s: entry at %llu fails its CRC",
		    s->path, (unsigned long long)off);
		return -1;
	}
	type = (p[0] >> 4) & 7;
	if (type != PACKW_OFS_DELTA)
		return packw_raw(pw, s->x.oids + (size_t)i * 20, p, len, err,
		    errlen);
	/* type and size, then the base's distance back */
	for (q = p; q < p + len && (*q & 0x80); q++)
		;
	q++;
	hl = (size_t)(q - p);
	if (q >= p + len)
		goto bad;
	dist = *q & 127;
	while (*q++ & 0x80) {
		if (q >= p + len || dist >= (UINT64_MAX >> 8))
			goto bad;
		dist = ((dist + 1) << 7) | (*q & 127);
	}
	dl = (size_t)(q - p) - hl;
	if (dist == 0 || dist > off)
		goto bad;
	base = off - dist;
	if ((bi = rp_find_off(s, base)) == UINT32_MAX)
		goto bad;
	nd = packw_tell(pw) - newoff[s->base + bi];
	pos = sizeof(dh) - 1;
	dh[pos] = nd & 127;
	while (nd >>= 7)
		dh[--pos] = 128 | (--nd & 127);
	nb = xmalloc(len - dl + sizeof(dh));
	memcpy(nb, p, hl);
	memcpy(nb + hl, dh + pos, sizeof(dh) - pos);
	memcpy(nb + hl + sizeof(dh) - pos, q, len - hl - dl);
	rc = packw_raw(pw, s->x.oids + (size_t)i * 20, nb,
	    hl + sizeof(dh) - pos + len - hl - dl, err, errlen);
	free(nb);
	return rc;
bad:
	snprintf(err, errlen, "%s: bad delta entry at %llu", s->path,
	    (unsigned long long)off);
	return -1;
}

/* The manifest of a merge in slot (VAULT_REPACK_MANIFEST, then "-1"…),
 * with suffix (".tmp" or ""). */
static void
rp_manifest_path(char *buf, size_t len, const char *gitdir, int slot,
    const char *suffix)
{
	if (slot == 0)
		snprintf(buf, len, "%s/%s%s", gitdir, VAULT_REPACK_MANIFEST,
		    suffix);
	else
		snprintf(buf, len, "%s/%s-%d%s", gitdir, VAULT_REPACK_MANIFEST,
		    slot, suffix);
}

/* Write and fsync the manifest, then rename it into place. */
static int
rp_manifest(const char *gitdir, int slot, const char *newname,
    char *const *names, size_t n, char *err, size_t errlen)
{
	char	 tmp[2 * PATH_MAX], path[2 * PATH_MAX];
	FILE	*fp;
	size_t	 i;
	int	 bad;

	rp_manifest_path(tmp, sizeof(tmp), gitdir, slot, ".tmp");
	rp_manifest_path(path, sizeof(path), gitdir, slot, "");
	if ((fp = fopen(tmp, "we")) == NULL) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		return -1;
	}
	fprintf(fp, "new %s\n", newname);
	for (i = 0; i < n; i++)
		fprintf(fp, "old %s\n", names[i]);
	bad = fflush(fp) != 0 || fsync(fileno(fp)) == -1;
	if (fclose(fp) != 0)
		bad = 1;
	if (bad || rename(tmp, path) == -1) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		(void)unlink(tmp);
		return -1;
	}
	return packw_syncdir(gitdir, err, errlen);
}

/* tests/integration/repack.sh: hold the child of slot 0 at a point, to
 * be killed there (DOCKET_REPACK_STALL=manifest or published); the other
 * slot's merges go on. */
static void
rp_stall(int slot, const char *where)
{
	const char *s = getenv("DOCKET_REPACK_STALL");

	if (slot == 0 && s != NULL && strcmp(s, where) == 0)
		for (;;)
			pause();
}

int
vault_repack_merge(const char *gitdir, char *const *names, size_t n,
    char *err, size_t errlen)
{
	return vault_repack_merge_slot(gitdir, 0, names, n, err, errlen);
}

int
vault_repack_merge_slot(const char *gitdir, int slot, char *const *names,
    size_t n, char *err, size_t errlen)
{
	struct rp_src	*src;
	struct rp_ent	*ent = NULL;
	struct packw	*pw = NULL;
	uint64_t	*newoff = NULL, off, next;
	uint32_t	*kept = NULL;
	char		 dir[PATH_MAX + 16], name[PACKW_NAME];
	size_t		 s, i, j, total = 0, nkeep, g;
	int		 rc = -1;

	snprintf(dir, sizeof(dir), "%s/objects/pack", gitdir);
	src = xcalloc(n ? n : 1, sizeof(*src));
	for (s = 0; s < n; s++) {
		if (rp_src_open(&src[s], dir, names[s], err, errlen) == -1)
			goto out;
		src[s].base = total;
		total += src[s].x.n;
	}
	if (total >= UINT32_MAX) {
		snprintf(err, errlen, "%s: too many objects to merge", dir);
		goto out;
	}
	/* Each id once: the first in source order. */
	ent = xcalloc(total ? total : 1, sizeof(*ent));
	for (s = 0, g = 0; s < n; s++)
		for (i = 0; i < src[s].x.n; i++, g++) {
			ent[g].src = (uint32_t)s;
			ent[g].i = (uint32_t)i;
		}
	rp_srcs = src;
	qsort(ent, total, sizeof(*ent), rp_entcmp);
	kept = xcalloc(total ? total : 1, sizeof(*kept));
	for (g = 0, nkeep = 0; g < total; g = j) {
		size_t first = src[ent[g].src].base + ent[g].i;

		for (j = g; j < total && memcmp(src[ent[j].src].x.oids +
		    (size_t)ent[j].i * 20, src[ent[g].src].x.oids +
		    (size_t)ent[g].i * 20, 20) == 0; j++)
			kept[src[ent[j].src].base + ent[j].i] = (uint32_t)first;
		nkeep++;
	}
	newoff = xcalloc(total ? total : 1, sizeof(*newoff));
	if (packw_begin(&pw, dir, (uint32_t)nkeep, err, errlen) == -1)
		goto out;
	for (s = 0; s < n; s++) {
		struct rp_src *sp = &src[s];

		for (j = 0; j < sp->x.n; j++) {
			i = sp->byoff[j];
			g = sp->base + i;
			if (kept[g] != g) {
				newoff[g] = newoff[kept[g]];
				continue;
			}
			off = rp_idx_off(&sp->x, (uint32_t)i);
			next = j + 1 < sp->x.n ? rp_idx_off(&sp->x,
			    sp->byoff[j + 1]) : sp->size - 20;
			newoff[g] = packw_tell(pw);
			if (rp_copy(pw, sp, (uint32_t)i, off, (size_t)(next -
			    off), newoff, err, errlen) == -1)
				goto out;
		}
	}
	if (packw_finish(pw, name, err, errlen) == -1)
		goto out;
	for (s = 0; s < n; s++)
		if (strcmp(names[s], name) == 0) {
			snprintf(err, errlen, "%s: merge gave a source back",
			    name);
			goto out;
		}
	if (rp_manifest(gitdir, slot, name, names, n, err, errlen) == -1)
		goto out;
	rp_stall(slot, "manifest");
	if (packw_publish(pw, err, errlen) == -1)
		goto out;
	rp_stall(slot, "published");
	rc = 0;
out:
	packw_free(pw);
	for (s = 0; s < n; s++)
		rp_src_close(&src[s]);
	free(src);
	free(ent);
	free(kept);
	free(newoff);
	return rc;
}

/* --- finishing a merge --------------------------------------------------- */

int
vault_repack_name_ok(const char *s)
{
	size_t i;

	if (strncmp(s, "pack-", 5) != 0 || strlen(s) != 5 + PACKW_HEXSZ)
		return 0;
	for (i = 5; s[i] != '\0'; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

static int
rp_exists(const char *dir, const char *name, const char *ext)
{
	char	path[2 * PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s%s", dir, name, ext);
	return access(path, F_OK) == 0;
}

static void
rp_unlink(const char *dir, const char *name, const char *ext)
{
	char	path[2 * PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s%s", dir, name, ext);
	if (unlink(path) == -1 && errno != ENOENT)
		log_warn("vault repack: unlink %s", path);
}

char **
vault_repack_merged(const char *gitdir, size_t *n)
{
	char	 path[2 * PATH_MAX], line[128];
	char	**v = NULL;
	FILE	*fp;
	size_t	 l;

	*n = 0;
	snprintf(path, sizeof(path), "%s/%s", gitdir, VAULT_REPACK_MERGED);
	if ((fp = fopen(path, "re")) == NULL)
		return NULL;
	while (fgets(line, sizeof(line), fp) != NULL) {
		l = strlen(line);
		if (l > 0 && line[l - 1] == '\n')
			line[--l] = '\0';
		if (!vault_repack_name_ok(line))
			continue;
		v = xreallocarray(v, *n + 1, sizeof(*v));
		v[(*n)++] = xstrdup(line);
	}
	fclose(fp);
	return v;
}

void
vault_repack_merged_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The list of merged packs, the sources out and the new one in; written
 * to a temporary file, fsync'd, renamed, directory fsync'd. */
static int
rp_merged_update(const char *gitdir, const char *newname,
    char (*old)[PACKW_NAME], size_t nold, char *err, size_t errlen)
{
	char	 tmp[2 * PATH_MAX], path[2 * PATH_MAX];
	char	**v;
	FILE	*fp;
	size_t	 n, i, j;
	int	 bad = 0, skip;

	snprintf(tmp, sizeof(tmp), "%s/%s.tmp", gitdir, VAULT_REPACK_MERGED);
	snprintf(path, sizeof(path), "%s/%s", gitdir, VAULT_REPACK_MERGED);
	v = vault_repack_merged(gitdir, &n);
	if ((fp = fopen(tmp, "we")) == NULL) {
		snprintf(err, errlen, "vault repack: %s: %s", tmp,
		    strerror(errno));
		vault_repack_merged_free(v, n);
		return -1;
	}
	for (i = 0; i < n; i++) {
		skip = strcmp(v[i], newname) == 0;
		for (j = 0; j < nold && !skip; j++)
			skip = strcmp(v[i], old[j]) == 0;
		if (!skip)
			fprintf(fp, "%s\n", v[i]);
	}
	fprintf(fp, "%s\n", newname);
	vault_repack_merged_free(v, n);
	bad = fflush(fp) != 0 || fsync(fileno(fp)) == -1;
	if (fclose(fp) != 0)
		bad = 1;
	if (bad || rename(tmp, path) == -1) {
		snprintf(err, errlen, "vault repack: %s: %s", tmp,
		    strerror(errno));
		(void)unlink(tmp);
		return -1;
	}
	return packw_syncdir(gitdir, err, errlen);
}

int
vault_repack_manifest_new(const char *gitdir, int slot,
    char name[PACKW_NAME])
{
	char	 path[2 * PATH_MAX], line[128];
	FILE	*fp;
	size_t	 l;
	int	 found = 0;

	rp_manifest_path(path, sizeof(path), gitdir, slot, "");
	if ((fp = fopen(path, "re")) == NULL)
		return 0;
	while (!found && fgets(line, sizeof(line), fp) != NULL) {
		l = strlen(line);
		if (l > 0 && line[l - 1] == '\n')
			line[--l] = '\0';
		if (strncmp(line, "new ", 4) == 0 &&
		    vault_repack_name_ok(line + 4)) {
			memcpy(name, line + 4, PACKW_NAME);
			found = 1;
		}
	}
	fclose(fp);
	return found;
}

int
vault_repack_recover(const char *gitdir, char *err, size_t errlen)
{
	int	slot, rc, any = 0;

	for (slot = 0; slot < VAULT_REPACK_SLOTS; slot++) {
		if ((rc = vault_repack_recover_slot(gitdir, slot, err,
		    errlen)) == -1)
			return -1;
		any |= rc;
	}
	return any;
}

int
vault_repack_recover_slot(const char *gitdir, int slot, char *err,
    size_t errlen)
{
	char	 path[2 * PATH_MAX], dir[PATH_MAX + 16], line[128];
	char	 newname[PACKW_NAME] = "", (*old)[PACKW_NAME] = NULL;
	FILE	*fp;
	size_t	 n = 0, i, l;
	int	 rc = -1, done = 0;

	snprintf(dir, sizeof(dir), "%s/objects/pack", gitdir);
	rp_manifest_path(path, sizeof(path), gitdir, slot, ".tmp");
	(void)unlink(path);
	rp_manifest_path(path, sizeof(path), gitdir, slot, "");
	if ((fp = fopen(path, "re")) == NULL) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "vault repack: %s: %s", path,
		    strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), fp) != NULL) {
		l = strlen(line);
		if (l > 0 && line[l - 1] == '\n')
			line[--l] = '\0';
		if (strncmp(line, "new ", 4) == 0 && vault_repack_name_ok(line + 4))
			memcpy(newname, line + 4, PACKW_NAME);
		else if (strncmp(line, "old ", 4) == 0 &&
		    vault_repack_name_ok(line + 4)) {
			old = xreallocarray(old, n + 1, sizeof(*old));
			memcpy(old[n++], line + 4, PACKW_NAME);
		} else {
			snprintf(err, errlen, "vault repack: %s: unexpected "
			    "line; nothing removed", path);
			goto out;
		}
	}
	if (newname[0] == '\0') {
		snprintf(err, errlen, "vault repack: %s names no new pack; "
		    "nothing removed", path);
		goto out;
	}
	if (rp_exists(dir, newname, ".idx") && rp_exists(dir, newname,
	    ".pack")) {
		/* The new pack is in place: make that durable, note it
		 * among the merged packs (vault_gc.c), then the sources go,
		 * each .idx before its .pack. */
		if (packw_syncdir(dir, err, errlen) == -1 ||
		    rp_merged_update(gitdir, newname, old, n, err,
		    errlen) == -1)
			goto out;
		for (i = 0; i < n; i++) {
			if (strcmp(old[i], newname) == 0)
				continue;
			rp_unlink(dir, old[i], ".idx");
			rp_unlink(dir, old[i], ".pack");
			rp_unlink(dir, old[i], ".rev");
			rp_unlink(dir, old[i], ".bitmap");
		}
		done = 1;
	} else
		/* cut short before the .idx: the sources stay */
		rp_unlink(dir, newname, ".pack");
	if (packw_syncdir(dir, err, errlen) == -1)
		goto out;
	if (unlink(path) == -1) {
		snprintf(err, errlen, "vault repack: unlink %s: %s", path,
		    strerror(errno));
		goto out;
	}
	if (packw_syncdir(gitdir, err, errlen) == -1)
		log_warnx("%s", err);
	if (done)
		log_info("vault repack: %zu pack(s) merged into %s", n,
		    newname);
	rc = done;
out:
	fclose(fp);
	free(old);
	return rc;
}
