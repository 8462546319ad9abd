/*
 * vault_gc: start-up removal of the packs no ref reaches (issue 14,
 * defect 5).
 *
 * docketd writes one pack per vault commit (vault.c): the commit object
 * and every tree and blob that commit introduces — vault.c hashes and
 * writes each new object itself, never skipping one because the odb
 * already has it.  So every object a commit reaches is in its own pack or
 * reached by its parent, and the objects of main's history are all in the
 * packs whose commit is on that history.  (The public branch's commit
 * without parent keeps its old head reachable from refs/docket/public-kept:
 * vault_public.c.)  A pack whose one commit no ref
 * reaches was written for a commit main never took (a kill between the
 * pack and the ref, a failed ref update, a ref undone by a crash before
 * its directory was synced); nothing needs it.
 *
 * The rule, cheap at a million records (no walk of trees, no lookup in
 * the whole object database per commit):
 *   - a pack's commit is read from that pack alone: its last object by
 *     the offsets in its .idx (packwrite.c keeps vault.c's
 *     insertion order, the commit last) or its first (offset 12: git
 *     writes commits first);
 *   - the packs vault_repack.c merged (vault.git/docket-merged) hold many
 *     commits and are never garbage; the walk below stops as soon as
 *     every other pack's commit is reached, so a start reads only the
 *     history since the oldest pack that could go, not all of it;
 *   - history is walked from every ref through those commits (and through
 *     the repository for a commit that ends no pack, e.g. in a pack
 *     vault_repack.c merged, or after a hand
 *     repack);
 *   - a pack is removed only when that commit is one no ref reaches
 *     (by id: two packs may hold the same commit), it holds no other commit (a hand-made pack of many commits
 *     is never touched), it has no .keep, no multi-pack-index exists, and
 *     it is older than main's tip commit ("older than the last durable
 *     commit": the pack of a commit that lost a race with the ref is
 *     removed at the start after the next one).
 * Anything unexpected keeps the pack.  The .idx goes first (the pack
 * vanishes for readers at once), then the .pack and its .rev/.bitmap;
 * a .pack without an .idx or an .idx without its .pack (a kill in
 * between), and an indexer's temporary
 * file, both older than the tip, are removed as orphans.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>
#include <git2/sys/odb_backend.h>

#include "esc.h"
#include "log.h"
#include "vault.h"
#include "vault_gc.h"
#include "vault_repack.h"

struct gc_pack {
	char		*base;		/* objects/pack/pack-<hex> */
	int64_t		 mtime;
	int		 first_commit;	/* its first or last object is a commit */
	git_oid		 commit;
	git_oid		*parents;
	size_t		 nparents;
	int		 reachable;
	int		 merged;	/* vault_repack.c's: never garbage */
};

/* An open-addressing set of object ids, each with a value. */
struct gc_slot {
	git_oid	oid;
	size_t	val;
	int	used;
};

struct gc_set {
	struct gc_slot	*s;
	size_t		 n, cap;	/* cap: a power of two */
};

struct gc {
	git_repository	*repo;
	struct gc_pack	*p;
	size_t		 np;
	struct gc_set	 bycommit;	/* first commit -> pack index */
	struct gc_set	 seen;		/* commits walked */
	struct gc_set	 cand;		/* commits of packs that may go */
	size_t		 pending;	/* of those, not walked yet */
	git_oid		*tips;		/* every ref's commit */
	size_t		 ntips;
};

static size_t
gc_hash(const git_oid *oid)
{
	size_t	h = 0;
	int	i;

	for (i = 0; i < 8; i++)
		h = h << 8 | oid->id[i];
	return h;
}

static struct gc_slot *
gc_set_get(const struct gc_set *t, const git_oid *oid)
{
	size_t i;

	if (t->cap == 0)
		return NULL;
	for (i = gc_hash(oid) & (t->cap - 1); t->s[i].used;
	    i = (i + 1) & (t->cap - 1))
		if (git_oid_equal(&t->s[i].oid, oid))
			return &t->s[i];
	return NULL;
}

/* 1 when oid was there already, 0 added, -1 out of memory. */
static int
gc_set_add(struct gc_set *t, const git_oid *oid, size_t val)
{
	struct gc_slot	*ns, *old = t->s;
	size_t		 i, ncap, ocap = t->cap;

	if (gc_set_get(t, oid) != NULL)
		return 1;
	if ((t->n + 1) * 2 > t->cap) {
		ncap = t->cap ? t->cap * 2 : 256;
		if ((ns = calloc(ncap, sizeof(*ns))) == NULL)
			return -1;
		t->s = ns;
		t->cap = ncap;
		t->n = 0;
		for (i = 0; i < ocap; i++)
			if (old[i].used)
				gc_set_add(t, &old[i].oid, old[i].val);
		free(old);
	}
	for (i = gc_hash(oid) & (t->cap - 1); t->s[i].used;
	    i = (i + 1) & (t->cap - 1))
		;
	git_oid_cpy(&t->s[i].oid, oid);
	t->s[i].val = val;
	t->s[i].used = 1;
	t->n++;
	return 0;
}

static uint32_t
gc_be32(const unsigned char *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	    (uint32_t)b[2] << 8 | b[3];
}

/* The first and the last object of a pack (by offset), from its .idx
 * v2: its object ids, then its 32-bit offsets (the high bit means a
 * large offset, i.e. past 2 GiB: not a last object docketd wrote). */
static int
gc_end_oids(const char *idx, git_oid *first, git_oid *last)
{
	FILE		*fp;
	unsigned char	 hdr[8 + 256 * 4], *off = NULL, raw[20];
	uint32_t	 n, i, o, ifirst = 0, ilast = 0, max = 0;
	size_t		 sz;
	int		 rc = -1, have = 0;

	if ((fp = fopen(idx, "re")) == NULL)
		return -1;
	if (fread(hdr, 1, sizeof(hdr), fp) != sizeof(hdr) ||
	    memcmp(hdr, "\377tOc", 4) != 0 || gc_be32(hdr + 4) != 2)
		goto out;
	n = gc_be32(hdr + 8 + 255 * 4);
	if (n == 0 || n > 100000000)
		goto out;
	sz = (size_t)n * 4;
	if ((off = malloc(sz)) == NULL || fseeko(fp, (off_t)(sizeof(hdr) +
	    (size_t)n * 24), SEEK_SET) != 0 || fread(off, 1, sz, fp) != sz)
		goto out;
	for (i = 0; i < n; i++) {
		o = gc_be32(off + (size_t)i * 4);
		if (o == 12) {
			ifirst = i;
			have = 1;
		}
		if (!(o & 0x80000000U) && o > max) {
			max = o;
			ilast = i;
		}
	}
	if (!have)
		goto out;
	if (fseeko(fp, (off_t)(sizeof(hdr) + (size_t)ifirst * 20),
	    SEEK_SET) != 0 || fread(raw, 1, 20, fp) != 20)
		goto out;
	git_oid_fromraw(first, raw);
	if (fseeko(fp, (off_t)(sizeof(hdr) + (size_t)ilast * 20),
	    SEEK_SET) != 0 || fread(raw, 1, 20, fp) != 20)
		goto out;
	git_oid_fromraw(last, raw);
	rc = 0;
out:
	free(off);
	fclose(fp);
	return rc;
}

/* Parents of a raw commit object. */
static int
gc_parents(const char *data, size_t len, git_oid **out, size_t *n)
{
	const char	*p = data, *end = data + len, *nl;
	git_oid		*v = NULL, *t;

	*out = NULL;
	*n = 0;
	while (p < end && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL &&
	    nl != p) {
		if (nl - p == 7 + GIT_OID_HEXSZ &&
		    memcmp(p, "parent ", 7) == 0) {
			if ((t = reallocarray(v, *n + 1, sizeof(*v))) == NULL ||
			    git_oid_fromstrn(&t[*n], p + 7, GIT_OID_HEXSZ)
			    != 0) {
				free(t != NULL ? t : v);
				*n = 0;
				return -1;
			}
			v = t;
			(*n)++;
		}
		p = nl + 1;
	}
	*out = v;
	return 0;
}

/* The pack's commit: its last object (packwrite.c writes in
 * the order vault.c inserts, the commit last) or its first (git writes
 * commits first), read from that pack alone. */
static void
gc_pack_read(struct gc_pack *pk)
{
	char		 idx[PATH_MAX];
	git_odb_backend	*b = NULL;
	git_odb		*odb = NULL;
	git_odb_object	*obj = NULL;
	git_oid		 end[2];
	int		 k;

	snprintf(idx, sizeof(idx), "%s.idx", pk->base);
	if (gc_end_oids(idx, &end[1], &end[0]) == -1)
		return;
	if (git_odb_new(&odb) != 0)
		return;
	if (git_odb_backend_one_pack(&b, idx) != 0 ||
	    git_odb_add_backend(odb, b, 1) != 0) {
		if (b != NULL && b->free != NULL)
			b->free(b);
		git_odb_free(odb);
		return;
	}
	for (k = 0; k < 2 && !pk->first_commit; k++) {
		if (git_odb_read(&obj, odb, &end[k]) == 0 &&
		    git_odb_object_type(obj) == GIT_OBJECT_COMMIT &&
		    gc_parents(git_odb_object_data(obj),
		    git_odb_object_size(obj), &pk->parents,
		    &pk->nparents) == 0) {
			git_oid_cpy(&pk->commit, &end[k]);
			pk->first_commit = 1;
		}
		git_odb_object_free(obj);
		obj = NULL;
	}
	git_odb_free(odb);
}

/* How many commits the pack holds (read from that pack alone). */
struct gc_count {
	git_odb	*odb;
	size_t	 commits;
};

static int
gc_count_cb(const git_oid *oid, void *arg)
{
	struct gc_count	*c = arg;
	size_t		 len;
	git_object_t	 type;

	if (git_odb_read_header(&len, &type, c->odb, oid) != 0)
		c->commits += 2;	/* unknown: as if many */
	else if (type == GIT_OBJECT_COMMIT)
		c->commits++;
	return c->commits > 1 ? 1 : 0;
}

static size_t
gc_pack_commits(const struct gc_pack *pk)
{
	char		 idx[PATH_MAX];
	git_odb_backend	*b = NULL;
	struct gc_count	 c = { NULL, 0 };

	snprintf(idx, sizeof(idx), "%s.idx", pk->base);
	if (git_odb_new(&c.odb) != 0)
		return 2;
	if (git_odb_backend_one_pack(&b, idx) != 0 ||
	    git_odb_add_backend(c.odb, b, 1) != 0) {
		if (b != NULL && b->free != NULL)
			b->free(b);
		git_odb_free(c.odb);
		return 2;
	}
	git_odb_foreach(c.odb, gc_count_cb, &c);
	git_odb_free(c.odb);
	return c.commits;
}

static struct gc_pack *
gc_find(struct gc *g, const git_oid *oid)
{
	struct gc_slot *sl = gc_set_get(&g->bycommit, oid);

	return sl != NULL ? &g->p[sl->val] : NULL;
}

/*
 * Mark every pack whose first commit some ref reaches.  Walks the
 * history from every ref at once, breadth first, through the packs' own
 * commits; a commit not first in a pack (e.g. inside a merged pack) is
 * read through the repository.  Stops once every pack that could be
 * garbage (not a merged pack) is reached: then no pack can go, and the
 * rest of the history, however long, is not read.  -1 when a commit
 * cannot be read: then no pack may be removed.
 */
static int
gc_walk(struct gc *g)
{
	git_oid		*q = NULL, *t, cur;
	size_t		 head = 0, n = 0, cap = 0, i;
	struct gc_pack	*pk;
	git_commit	*c;
	int		 rc = 0, s;

#define GC_PUSH(o) do {							\
	if (n == cap) {							\
		cap = cap ? cap * 2 : 64;				\
		if ((t = reallocarray(q, cap, sizeof(*t))) == NULL) {	\
			rc = -1;					\
			goto out;					\
		}							\
		q = t;							\
	}								\
	git_oid_cpy(&q[n++], (o));					\
} while (0)

	for (i = 0; i < g->ntips; i++)
		GC_PUSH(&g->tips[i]);
	while (head < n && g->pending > 0) {
		git_oid_cpy(&cur, &q[head++]);
		if ((s = gc_set_add(&g->seen, &cur, 0)) == 1)
			continue;
		if (s == -1) {
			rc = -1;
			goto out;
		}
		if (gc_set_get(&g->cand, &cur) != NULL)
			g->pending--;
		if ((pk = gc_find(g, &cur)) != NULL) {
			pk->reachable = 1;
			for (i = 0; i < pk->nparents; i++)
				GC_PUSH(&pk->parents[i]);
			continue;
		}
		if (git_commit_lookup(&c, g->repo, &cur) != 0) {
			rc = -1;
			goto out;
		}
		for (i = 0; i < git_commit_parentcount(c); i++)
			GC_PUSH(git_commit_parent_id(c, (unsigned int)i));
		git_commit_free(c);
	}
out:
	free(q);
	return rc;
#undef GC_PUSH
}

struct gc_refs {
	struct gc	*g;
	int		 rc;
};

/* Every ref's commit (a tag peeled) into g->tips. */
static int
gc_ref_cb(const char *name, void *arg)
{
	struct gc_refs	*r = arg;
	git_oid		 oid, *t;
	git_object	*o = NULL;

	if (git_reference_name_to_id(&oid, r->g->repo, name) != 0)
		return 0;	/* a symbolic ref to nothing yet */
	if (git_object_lookup(&o, r->g->repo, &oid, GIT_OBJECT_ANY) != 0) {
		r->rc = -1;
		return 1;
	}
	/* a tag: peel to what it names */
	if (git_object_type(o) != GIT_OBJECT_COMMIT) {
		git_object *p = NULL;

		if (git_object_peel(&p, o, GIT_OBJECT_COMMIT) != 0) {
			git_object_free(o);
			return 0;	/* names no commit */
		}
		git_oid_cpy(&oid, git_object_id(p));
		git_object_free(p);
	}
	git_object_free(o);
	if ((t = reallocarray(r->g->tips, r->g->ntips + 1,
	    sizeof(*t))) == NULL) {
		r->rc = -1;
		return 1;
	}
	r->g->tips = t;
	git_oid_cpy(&t[r->g->ntips++], &oid);
	return 0;
}

static int
gc_unlink(const char *base, const char *ext)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s%s", base, ext);
	if (unlink(path) == -1 && errno != ENOENT) {
		log_warn("vault gc: unlink %s", esc(path));
		return -1;
	}
	return 0;
}

static int64_t
gc_mtime(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? (int64_t)sb.st_mtime : -1;
}

int
vault_gc_packs(const char *path, struct vault_gc_stats *st, char *err,
    size_t errlen)
{
	struct gc	 g;
	struct gc_refs	 r;
	char		 dir[2048], f[2600], base[2400];
	DIR		*d = NULL;
	struct dirent	*de;
	git_oid		 tip;
	git_commit	*tipc = NULL;
	int64_t		 tip_time, mt;
	size_t		 i, len;
	struct gc_pack	*t;
	char		**merged = NULL;
	size_t		 nmerged = 0;
	int		 rc = -1;

	memset(&g, 0, sizeof(g));
	memset(st, 0, sizeof(*st));
	/* A merge a kill cut short (vault_repack.c): finish it first. */
	if (vault_repack_recover(path, err, errlen) == -1)
		log_warnx("%s", err);
	git_libgit2_init();
	snprintf(dir, sizeof(dir), "%s/objects/pack", path);
	if (git_repository_open_bare(&g.repo, path) != 0) {
		rc = 0;		/* no vault yet */
		goto out;
	}
	if (git_reference_name_to_id(&tip, g.repo, VAULT_BRANCH) != 0) {
		rc = 0;		/* no commit yet: nothing is garbage */
		goto out;
	}
	if (git_commit_lookup(&tipc, g.repo, &tip) != 0) {
		snprintf(err, errlen, "vault gc: main's commit: %s",
		    git_error_last() ? git_error_last()->message : "?");
		goto out;
	}
	tip_time = (int64_t)git_commit_time(tipc);
	snprintf(f, sizeof(f), "%s/multi-pack-index", dir);
	if (access(f, F_OK) == 0) {
		log_info("vault gc: %s has a multi-pack-index; left to git",
		    dir);
		rc = 0;
		goto out;
	}
	if ((d = opendir(dir)) == NULL) {
		rc = errno == ENOENT ? 0 : -1;
		if (rc == -1)
			snprintf(err, errlen, "vault gc: %s: %s", dir,
			    strerror(errno));
		goto out;
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		snprintf(f, sizeof(f), "%s/%s", dir, de->d_name);
		/* an indexer's temporary file a kill left */
		if (strncmp(de->d_name, "pack_git2_", 10) == 0 ||
		    strncmp(de->d_name, "tmp_pack_", 9) == 0) {
			if ((mt = gc_mtime(f)) >= 0 && mt < tip_time &&
			    unlink(f) == 0)
				st->orphans++;
			continue;
		}
		/* an .idx whose .pack never came (a kill between the two) */
		if (strncmp(de->d_name, "pack-", 5) == 0 && len > 9 &&
		    strcmp(de->d_name + len - 4, ".idx") == 0) {
			snprintf(base, sizeof(base), "%s/%.*s.pack", dir,
			    (int)(len - 4), de->d_name);
			if (access(base, F_OK) != 0 && errno == ENOENT &&
			    (mt = gc_mtime(f)) >= 0 && mt < tip_time &&
			    unlink(f) == 0)
				st->orphans++;
			continue;
		}
		if (strncmp(de->d_name, "pack-", 5) != 0 || len < 6 ||
		    strcmp(de->d_name + len - 5, ".pack") != 0)
			continue;
		snprintf(base, sizeof(base), "%s/%.*s", dir, (int)(len - 5),
		    de->d_name);
		mt = gc_mtime(f);
		snprintf(f, sizeof(f), "%s.idx", base);
		if (access(f, F_OK) != 0) {
			/* no .idx: no reader can use it */
			if (mt >= 0 && mt < tip_time && gc_unlink(base,
			    ".pack") == 0) {
				gc_unlink(base, ".rev");
				gc_unlink(base, ".bitmap");
				st->orphans++;
			}
			continue;
		}
		if ((t = reallocarray(g.p, g.np + 1, sizeof(*t))) == NULL) {
			snprintf(err, errlen, "vault gc: out of memory");
			goto out;
		}
		g.p = t;
		memset(&g.p[g.np], 0, sizeof(g.p[0]));
		if ((g.p[g.np].base = strdup(base)) == NULL) {
			snprintf(err, errlen, "vault gc: out of memory");
			goto out;
		}
		g.p[g.np].mtime = mt;
		g.np++;
	}
	st->packs = g.np;
	merged = vault_repack_merged(path, &nmerged);
	for (i = 0; i < g.np; i++) {
		const char	*bn = strrchr(g.p[i].base, '/');
		size_t		 k;
		int		 a;

		bn = bn != NULL ? bn + 1 : g.p[i].base;
		for (k = 0; k < nmerged; k++)
			if (strcmp(merged[k], bn) == 0)
				g.p[i].merged = 1;
		gc_pack_read(&g.p[i]);
		if (g.p[i].first_commit &&
		    gc_set_add(&g.bycommit, &g.p[i].commit, i) == -1) {
			snprintf(err, errlen, "vault gc: out of memory");
			goto out;
		}
		if (g.p[i].first_commit && !g.p[i].merged) {
			if ((a = gc_set_add(&g.cand, &g.p[i].commit, 0)) == -1) {
				snprintf(err, errlen, "vault gc: out of memory");
				goto out;
			}
			if (a == 0)
				g.pending++;
		}
	}
	/* What every ref reaches. */
	r.g = &g;
	r.rc = 0;
	if (git_reference_foreach_name(g.repo, gc_ref_cb, &r) != 0 &&
	    r.rc == 0)
		r.rc = -1;
	if (r.rc == 0 && gc_walk(&g) == -1)
		r.rc = -1;
	if (r.rc == -1) {
		snprintf(err, errlen, "vault gc: walking the history: %s "
		    "(nothing removed)", git_error_last() ?
		    git_error_last()->message : "?");
		goto out;
	}
	for (i = 0; i < g.np; i++) {
		struct gc_pack *pk = &g.p[i];

		/* by commit id: two packs may hold the same commit */
		if (!pk->first_commit || pk->merged || pk->reachable ||
		    gc_set_get(&g.seen, &pk->commit) != NULL)
			continue;
		snprintf(f, sizeof(f), "%s.keep", pk->base);
		if (pk->mtime < 0 || pk->mtime >= tip_time ||
		    access(f, F_OK) == 0)
			continue;
		if (gc_pack_commits(pk) != 1) {
			st->kept_unknown++;
			continue;
		}
		if (gc_unlink(pk->base, ".idx") == -1)
			continue;
		gc_unlink(pk->base, ".pack");
		gc_unlink(pk->base, ".rev");
		gc_unlink(pk->base, ".bitmap");
		log_info("vault gc: removed %s.pack (commit %.12s, which no "
		    "ref reaches)", pk->base, git_oid_tostr_s(&pk->commit));
		st->removed++;
	}
	rc = 0;
out:
	if (d != NULL)
		closedir(d);
	for (i = 0; i < g.np; i++) {
		free(g.p[i].base);
		free(g.p[i].parents);
	}
	free(g.p);
	free(g.bycommit.s);
	free(g.seen.s);
	free(g.cand.s);
	free(g.tips);
	vault_repack_merged_free(merged, nmerged);
	git_commit_free(tipc);
	git_repository_free(g.repo);
	git_libgit2_shutdown();
	return rc;
}
