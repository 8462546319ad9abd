/*
 * vault_tree: the trees of a commit.  vault_commit() sorts the staged
 * paths (vault_update_cmp) and vault_build_tree() writes the new trees
 * from the head tree plus those paths: only the trees on the paths a
 * commit touches are rewritten, the others keep their ids.  The upper
 * trees (the root, records/ and records/<a>/) and the bottom trees
 * written last (records/<a>/<b>/) are read from vault_tcache.c's copies
 * instead of inflated from the packs.
 */
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vault_impl.h"
#include "vault_tcache.h"
#include "xalloc.h"

/* Trees cached by path: the root, records/ and records/<a>/ in tcache,
 * records/<a>/<b>/ in bcache. */
#define VAULT_TCACHE_DEPTH	2
#define VAULT_BCACHE_DEPTH	3

/* An entry of the tree being built: its name is not NUL-terminated (it
 * points into the base tree, its cached copy or an update's path). */
struct vault_entry {
	const char	*name;
	size_t		 nlen;
	unsigned int	 mode;
	git_oid		 oid;
};

/* The smallest raw entry: "0 x\0" and an id. */
#define VAULT_ENTRY_MIN	(4 + GIT_OID_RAWSZ)

/* git's tree order: names compare as if a tree's name ended in '/'. */
static int
vault_entry_cmp(const void *pa, const void *pb)
{
	const struct vault_entry	*a = pa, *b = pb;
	size_t				 n = a->nlen < b->nlen ? a->nlen :
					    b->nlen;
	int				 c = memcmp(a->name, b->name, n);
	unsigned char			 ca, cb;

	if (c != 0)
		return c;
	ca = a->nlen > n ? (unsigned char)a->name[n] :
	    (a->mode == 040000 ? '/' : '\0');
	cb = b->nlen > n ? (unsigned char)b->name[n] :
	    (b->mode == 040000 ? '/' : '\0');
	return (int)ca - (int)cb;
}

/* The mode as git writes it (octal, no leading zero); its length. */
static size_t
vault_mode_put(unsigned int mode, char *out)
{
	char	t[12];
	size_t	n = 0, i;

	do {
		t[n++] = (char)('0' + (mode & 7));
		mode >>= 3;
	} while (mode != 0 && n < sizeof(t));
	for (i = 0; i < n; i++)
		out[i] = t[n - 1 - i];
	return n;
}

int
vault_update_cmp(const void *pa, const void *pb)
{
	return strcmp(((const git_tree_update *)pa)->path,
	    ((const git_tree_update *)pb)->path);
}

/*
 * Write the tree `base` (may be NULL) with updates[0..n) applied; every
 * update path is relative to this tree (prefix bytes skipped).  updates
 * are sorted by path.
 */
int
vault_build_tree(struct vault *v, const git_oid *base, git_tree_update *u,
    size_t n, size_t prefix, git_oid *out)
{
	git_tree		*bt = NULL;
	struct vault_entry	*e = NULL, *t;
	size_t			 ne = 0, cap, i, j, k, c, nl, len, off, hint = 0;
	const git_tree_entry	*te;
	const char		*name, *slash;
	unsigned char		*buf = NULL, *own = NULL;
	const unsigned char	*raw;
	size_t			 rawlen, depth;
	struct vtc		*cache;
	int			 rc = -1;

	/*
	 * This tree's path is the updates' first prefix bytes ("" the
	 * root, "records/", "records/<a>/"…): the upper ones are cached
	 * in tcache, the bottom ones ("records/<a>/<b>/") in bcache.
	 * Names are not copied: they point into the cached tree (copied
	 * once, as a later vtc_put may replace it), into libgit2's tree
	 * (freed at the end) or into the updates' paths.
	 */
	for (i = 0, depth = 0; i < prefix; i++)
		if (u[0].path[i] == '/')
			depth++;
	cache = depth <= VAULT_TCACHE_DEPTH ? v->tcache :
	    depth == VAULT_BCACHE_DEPTH ? v->bcache : NULL;
	if (base != NULL && cache != NULL && (raw = vtc_get(cache, u[0].path,
	    prefix, base->id, &rawlen)) != NULL) {
		size_t			 roff = 0, nml;
		unsigned int		 m;
		const char		*nm;
		const unsigned char	*id;
		int			 er = 0;

		own = xmalloc(rawlen + 1);
		memcpy(own, raw, rawlen);
		cap = rawlen / VAULT_ENTRY_MIN + n + 1;
		e = xcalloc(cap, sizeof(*e));
		while (ne < cap - n - 1 && (er = vtc_entry(own, rawlen, &roff,
		    &m, &nm, &nml, &id)) == 1) {
			e[ne].name = nm;
			e[ne].nlen = nml;
			e[ne].mode = m;
			memcpy(e[ne].oid.id, id, GIT_OID_RAWSZ);
			ne++;
		}
		/* A cached copy that does not parse to its end would drop
		 * the entries after the fault: read the tree from the
		 * packs instead. */
		if (er == -1 || roff != rawlen) {
			free(e);
			free(own);
			e = NULL;
			own = NULL;
			ne = 0;
		}
	}
	if (e == NULL) {
		if (base != NULL && git_tree_lookup(&bt, v->repo, base) != 0)
			return -1;
		cap = (bt ? git_tree_entrycount(bt) : 0) + n + 1;
		e = xcalloc(cap, sizeof(*e));
		for (i = 0; bt != NULL && i < git_tree_entrycount(bt); i++) {
			te = git_tree_entry_byindex(bt, i);
			e[ne].name = git_tree_entry_name(te);
			e[ne].nlen = strlen(e[ne].name);
			e[ne].mode =
			    (unsigned int)git_tree_entry_filemode_raw(te);
			git_oid_cpy(&e[ne].oid, git_tree_entry_id(te));
			ne++;
		}
	}
	for (i = 0; i < n; i = j) {
		name = u[i].path + prefix;
		slash = strchr(name, '/');
		nl = slash ? (size_t)(slash - name) : strlen(name);
		/* updates[i..j) share this first component */
		for (j = i + 1; j < n && strncmp(u[j].path + prefix, name, nl)
		    == 0 && (u[j].path[prefix + nl] == '/' ||
		    u[j].path[prefix + nl] == '\0'); j++)
			;
		/* Both are sorted: look from after the last one found. */
		for (c = 0, k = ne; c < ne; c++) {
			k = (hint + c) % ne;
			if (e[k].nlen == nl && memcmp(e[k].name, name, nl) == 0)
				break;
		}
		if (c == ne) {
			k = ne++;
			e[k].name = name;
			e[k].nlen = nl;
			e[k].mode = 0;
		}
		hint = k + 1;
		if (slash == NULL) {
			e[k].mode = 0100644;
			git_oid_cpy(&e[k].oid, &u[j - 1].id);
		} else {
			git_oid	 child;

			if (vault_build_tree(v, e[k].mode == 040000 ?
			    &e[k].oid : NULL, u + i, j - i, prefix + nl + 1,
			    &child) != 0)
				goto out;
			e[k].mode = 040000;
			git_oid_cpy(&e[k].oid, &child);
		}
	}
	/* Sorted already unless a name was added (or a mode changed). */
	for (i = 1; i < ne; i++)
		if (vault_entry_cmp(&e[i - 1], &e[i]) > 0)
			break;
	if (i < ne)
		qsort(e, ne, sizeof(*e), vault_entry_cmp);
	for (i = 0, len = 0; i < ne; i++)
		len += 12 + e[i].nlen + GIT_OID_RAWSZ;
	buf = xmalloc(len + 1);
	for (i = 0, off = 0; i < ne; i++) {
		t = &e[i];
		off += vault_mode_put(t->mode, (char *)buf + off);
		buf[off++] = ' ';
		memcpy(buf + off, t->name, t->nlen);
		off += t->nlen;
		buf[off++] = '\0';
		memcpy(buf + off, t->oid.id, GIT_OID_RAWSZ);
		off += GIT_OID_RAWSZ;
	}
	rc = vault_write(v, out, buf, off, GIT_OBJECT_TREE);
	if (rc == 0 && cache != NULL)
		vtc_put(cache, u[0].path, prefix, out->id, buf, off);
out:
	free(e);
	free(own);
	free(buf);
	git_tree_free(bt);
	return rc;
}
