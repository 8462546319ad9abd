/*
 * vault_tcache: the raw contents of the vault's upper trees, kept in
 * memory between commits.
 *
 * Every commit rewrites the root tree, records/ and the records/<a>/
 * trees its documents fall under.  Each of those was written by an
 * earlier commit and sits in a pack: reading it back through libgit2
 * means an index lookup in every pack, a window map and an inflate, and
 * libgit2's object cache keeps no tree over 4 KB — a records/<a>/ tree
 * of a full archive holds 256 entries, about 7.7 KB.  So vault.c stores
 * here each upper tree it writes, under its path, and building the next
 * commit reads the tree from here when the id still matches (a failed
 * commit leaves a newer id here than the head's: the id check sends that
 * tree back to libgit2).  One entry per path: the upper levels of the
 * vault's two-level fan-out are at most 2 + 256 trees, about 2 MB at a
 * million records, whatever the archive's size.  The bottom trees
 * (records/<a>/<b>/) go to a second cache made with a bound
 * (vtc_new_max): new records sharded by number fill one bottom tree after
 * the other, each rewritten by many batches in a row, while records
 * sharded by hash touch bottom trees at random.  When a new path would
 * pass the bound the whole cache is dropped: the tree being filled is put
 * back by the next commit.
 *
 * Pure: no I/O, no libgit2.  vtc_entry() parses a raw tree, hostile or
 * not, without reading past its end.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vault_tcache.h"
#include "xalloc.h"

struct vtc_slot {
	char		*path;		/* NULL: empty */
	size_t		 plen;
	unsigned char	 oid[VTC_OIDLEN];
	unsigned char	*buf;
	size_t		 len;
};

struct vtc {
	struct vtc_slot	*slot;
	size_t		 cap;		/* a power of two */
	size_t		 n;
	size_t		 bytes;
	size_t		 max;		/* paths kept at most; 0 no bound */
};

static uint64_t
vtc_hash(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */

	while (n-- > 0) {
		h ^= (unsigned char)*p++;
		h *= 1099511628211ULL;
	}
	return h;
}

struct vtc *
vtc_new(void)
{
	struct vtc *c = xcalloc(1, sizeof(*c));

	c->cap = 512;
	c->slot = xcalloc(c->cap, sizeof(*c->slot));
	return c;
}

struct vtc *
vtc_new_max(size_t max)
{
	struct vtc *c = vtc_new();

	c->max = max;
	return c;
}

static void
vtc_clear(struct vtc *c)
{
	size_t i;

	for (i = 0; i < c->cap; i++) {
		free(c->slot[i].path);
		free(c->slot[i].buf);
	}
	memset(c->slot, 0, c->cap * sizeof(*c->slot));
	c->n = 0;
	c->bytes = 0;
}

void
vtc_free(struct vtc *c)
{
	if (c == NULL)
		return;
	vtc_clear(c);
	free(c->slot);
	free(c);
}

static struct vtc_slot *
vtc_find(struct vtc *c, const char *path, size_t plen)
{
	size_t		 i = (size_t)vtc_hash(path, plen) & (c->cap - 1);
	struct vtc_slot	*s;

	for (;; i = (i + 1) & (c->cap - 1)) {
		s = &c->slot[i];
		if (s->path == NULL || (s->plen == plen &&
		    memcmp(s->path, path, plen) == 0))
			return s;
	}
}

const unsigned char *
vtc_get(struct vtc *c, const char *path, size_t plen,
    const unsigned char oid[VTC_OIDLEN], size_t *len)
{
	struct vtc_slot *s = vtc_find(c, path, plen);

	if (s->path == NULL || memcmp(s->oid, oid, VTC_OIDLEN) != 0)
		return NULL;
	*len = s->len;
	return s->buf;
}

static void
vtc_grow(struct vtc *c)
{
	struct vtc_slot	*old = c->slot, *s;
	size_t		 ocap = c->cap, i;

	c->cap *= 2;
	c->slot = xcalloc(c->cap, sizeof(*c->slot));
	for (i = 0; i < ocap; i++) {
		if (old[i].path == NULL)
			continue;
		s = vtc_find(c, old[i].path, old[i].plen);
		*s = old[i];
	}
	free(old);
}

void
vtc_put(struct vtc *c, const char *path, size_t plen,
    const unsigned char oid[VTC_OIDLEN], const unsigned char *buf, size_t len)
{
	struct vtc_slot *s;

	if ((c->n + 1) * 4 > c->cap * 3)
		vtc_grow(c);
	s = vtc_find(c, path, plen);
	if (s->path == NULL && c->max != 0 && c->n >= c->max) {
		vtc_clear(c);
		s = vtc_find(c, path, plen);
	}
	if (s->path == NULL) {
		s->path = xmalloc(plen + 1);
		memcpy(s->path, path, plen);
		s->path[plen] = '\0';
		s->plen = plen;
		c->n++;
	} else {
		c->bytes -= s->len;
		free(s->buf);
	}
	memcpy(s->oid, oid, VTC_OIDLEN);
	s->buf = xmalloc(len ? len : 1);
	memcpy(s->buf, buf, len);
	s->len = len;
	c->bytes += len;
}

size_t
vtc_count(const struct vtc *c)
{
	return c->n;
}

size_t
vtc_bytes(const struct vtc *c)
{
	return c->bytes;
}

int
vtc_entry(const unsigned char *buf, size_t len, size_t *off,
    unsigned int *mode, const char **name, size_t *nlen,
    const unsigned char **oid)
{
	size_t		 p = *off;
	unsigned int	 m = 0;
	const unsigned char *nul;

	if (p >= len)
		return 0;
	if (buf[p] < '0' || buf[p] > '7')
		return -1;
	while (p < len && buf[p] >= '0' && buf[p] <= '7') {
		if (m > 0777777)
			return -1;
		m = m * 8 + (unsigned int)(buf[p++] - '0');
	}
	if (p >= len || buf[p++] != ' ')
		return -1;
	if ((nul = memchr(buf + p, '\0', len - p)) == NULL ||
	    nul == buf + p)
		return -1;
	*name = (const char *)buf + p;
	*nlen = (size_t)(nul - (buf + p));
	p = (size_t)(nul - buf) + 1;
	if (len - p < VTC_OIDLEN)
		return -1;
	*oid = buf + p;
	*mode = m;
	*off = p + VTC_OIDLEN;
	return 1;
}
