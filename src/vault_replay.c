/*
 * vault_replay: hand every record state the vault's commits hold to a
 * callback, oldest commit first (reindex, recovery, the site and the
 * search index catching up).
 *
 * Each commit is compared with its first parent by walking both trees
 * at once and going down only where an entry's id differs: at a million
 * records a commit of a few hundred documents touches a few hundred of
 * the 65,536 bottom trees, and nothing else is read.  libgit2's diff
 * read far more and ran reindex at a million records for an hour.  The
 * upper trees (the root, records/ and records/<a>/) of one commit are
 * the old side of the next: a small table keyed by tree id keeps them,
 * so they are read from the packs once.  Only added or modified blobs
 * named record.json, events.jsonl or cleanup/<name>.json are handed
 * on, as git diff would report them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "vault_impl.h"

#define VR_SLOTS	1024	/* upper trees kept, direct-mapped */
#define VR_KEEP_DEPTH	2	/* root 0, records/ 1, records/<a>/ 2 */
#define VR_PATH_MAX	4096

struct vault_replay_ctx {
	struct vault	*v;
	const char	*commit;
	int64_t		 when;
	vault_record_cb	 cb;
	void		*arg;
	int		 rc;		/* the callback's, if it failed */
	git_tree	*slot[VR_SLOTS];
	char		 path[VR_PATH_MAX];
};

static size_t
vr_slot(const git_oid *id)
{
	return ((size_t)id->id[0] << 8 | id->id[1]) % VR_SLOTS;
}

/* The tree id, from the table or the packs; the caller frees it. */
static int
vr_tree(struct vault_replay_ctx *ctx, const git_oid *id, int depth,
    git_tree **out)
{
	git_tree	**s = &ctx->slot[vr_slot(id)];

	if (*s != NULL && git_oid_equal(git_tree_id(*s), id))
		return git_tree_dup(out, *s);
	if (git_tree_lookup(out, ctx->v->repo, id) != 0)
		return -1;
	if (depth <= VR_KEEP_DEPTH) {
		git_tree_free(*s);
		if (git_tree_dup(s, *out) != 0)
			*s = NULL;
	}
	return 0;
}

static int
vr_wanted(const char *p, size_t n)
{
	return (n > 12 && strcmp(p + n - 12, "/record.json") == 0) ||
	    (n > 13 && strcmp(p + n - 13, "/events.jsonl") == 0) ||
	    (strncmp(p, "cleanup/", 8) == 0 && n > 13 &&
	    strcmp(p + n - 5, ".json") == 0);
}

/* A blob added or modified at path[0..len). */
static int
vr_blob(struct vault_replay_ctx *ctx, const git_tree_entry *e, size_t len)
{
	git_blob	*blob;

	if (!vr_wanted(ctx->path, len))
		return 0;
	if (git_blob_lookup(&blob, ctx->v->repo, git_tree_entry_id(e)) != 0)
		return -1;
	ctx->rc = ctx->cb(ctx->commit, ctx->when, ctx->path,
	    git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob),
	    ctx->arg);
	git_blob_free(blob);
	return ctx->rc ? -1 : 0;
}

static int vr_walk(struct vault_replay_ctx *, const git_oid *,
    const git_oid *, size_t, int);

/* One entry of the new tree (oe: the old tree's entry of that name, or
 * NULL), its path to be appended at len. */
static int
vr_entry(struct vault_replay_ctx *ctx, const git_tree_entry *oe,
    const git_tree_entry *ne, size_t len, int depth)
{
	const char	*name = git_tree_entry_name(ne);
	size_t		 n = strlen(name);
	git_object_t	 nt = git_tree_entry_type(ne);
	int		 otree;

	if (oe != NULL && git_oid_equal(git_tree_entry_id(oe),
	    git_tree_entry_id(ne)) && git_tree_entry_type(oe) == nt)
		return 0;
	if (len + n + 2 > sizeof(ctx->path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(ctx->path + len, name, n + 1);
	otree = oe != NULL && git_tree_entry_type(oe) == GIT_OBJECT_TREE;
	if (nt == GIT_OBJECT_TREE) {
		ctx->path[len + n] = '/';
		return vr_walk(ctx, otree ? git_tree_entry_id(oe) : NULL,
		    git_tree_entry_id(ne), len + n + 1, depth + 1);
	}
	if (nt == GIT_OBJECT_BLOB)
		return vr_blob(ctx, ne, len + n);
	return 0;	/* a submodule: never written by docket */
}

/* Compare the trees old (NULL: none) and new, both sorted in git's
 * order, and go down where they differ. */
static int
vr_walk(struct vault_replay_ctx *ctx, const git_oid *oid, const git_oid *nid,
    size_t len, int depth)
{
	git_tree		*ot = NULL, *nt = NULL;
	const git_tree_entry	*oe, *ne;
	size_t			 i = 0, j = 0, on, nn;
	int			 c, rc = -1;

	if (vr_tree(ctx, nid, depth, &nt) != 0 ||
	    (oid != NULL && vr_tree(ctx, oid, depth, &ot) != 0))
		goto out;
	on = ot != NULL ? git_tree_entrycount(ot) : 0;
	nn = git_tree_entrycount(nt);
	while (j < nn) {
		ne = git_tree_entry_byindex(nt, j);
		oe = i < on ? git_tree_entry_byindex(ot, i) : NULL;
		c = oe != NULL ? git_tree_entry_cmp(oe, ne) : 1;
		if (c < 0) {		/* gone from the new tree */
			i++;
			continue;
		}
		if (vr_entry(ctx, c == 0 ? oe : NULL, ne, len, depth) != 0)
			goto out;
		if (c == 0)
			i++;
		j++;
	}
	rc = 0;
out:
	ctx->path[len] = '\0';
	git_tree_free(ot);
	git_tree_free(nt);
	return rc;
}

/* The commits from head back to since (excluded): a walk without
 * sorting, which reads only the commits. */
static int
vault_count_commits(struct vault *v, const git_oid *head, const char *since,
    size_t *n)
{
	git_revwalk	*walk = NULL;
	git_oid		 id, hide;
	int		 rc = -1, wrc;

	*n = 0;
	if (git_revwalk_new(&walk, v->repo) != 0 ||
	    git_revwalk_push(walk, head) != 0)
		goto out;
	if (since != NULL && since[0] != '\0' &&
	    (git_oid_fromstr(&hide, since) != 0 ||
	    git_revwalk_hide(walk, &hide) != 0))
		goto out;
	while ((wrc = git_revwalk_next(&id, walk)) == 0)
		(*n)++;
	rc = wrc == GIT_ITEROVER ? 0 : -1;
out:
	git_revwalk_free(walk);
	return rc;
}

int
vault_replay(struct vault *v, const char *since, vault_record_cb cb,
    void *arg, char *err, size_t errlen)
{
	return vault_replay_progress(v, since, cb, arg, NULL, NULL, err,
	    errlen);
}

int
vault_replay_progress(struct vault *v, const char *since, vault_record_cb cb,
    void *arg, vault_progress_cb progress, void *parg, char *err,
    size_t errlen)
{
	git_revwalk		*walk = NULL;
	git_oid			 id, hide;
	git_commit		*c = NULL, *p = NULL;
	struct vault_replay_ctx	*ctx;
	char			 hex[VAULT_OID_HEX];
	size_t			 ndone = 0, ntotal = 0, i;
	int			 rc = -1, wrc;

	vault_clear();
	if ((rc = git_reference_name_to_id(&id, v->repo, VAULT_BRANCH)) ==
	    GIT_ENOTFOUND)
		return 0;	/* empty vault */
	if (rc != 0) {
		vault_giterr_path(err, errlen, "vault head", VAULT_BRANCH);
		return -1;
	}
	if ((ctx = calloc(1, sizeof(*ctx))) == NULL) {
		snprintf(err, errlen, "vault replay: %s", strerror(errno));
		return -1;
	}
	ctx->v = v;
	ctx->cb = cb;
	ctx->arg = arg;
	rc = -1;
	vault_clear();
	if (progress != NULL && vault_count_commits(v, &id, since,
	    &ntotal) == -1) {
		vault_giterr(err, errlen, "vault walk (counting commits)");
		goto out;
	}
	if (git_revwalk_new(&walk, v->repo) != 0 ||
	    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL |
	    GIT_SORT_REVERSE) != 0 || git_revwalk_push(walk, &id) != 0) {
		vault_giterr(err, errlen, "vault walk");
		goto out;
	}
	if (since != NULL && since[0] != '\0') {
		if (git_oid_fromstr(&hide, since) != 0 ||
		    git_revwalk_hide(walk, &hide) != 0) {
			vault_giterr(err, errlen, "vault walk (indexed head)");
			goto out;
		}
	}
	while (vault_clear(), (wrc = git_revwalk_next(&id, walk)) == 0) {
		if (progress != NULL)
			progress(ndone++, ntotal, parg);
		git_oid_tostr(hex, sizeof(hex), &id);
		if (git_commit_lookup(&c, v->repo, &id) != 0) {
			vault_giterr_path(err, errlen, "vault replay: commit",
			    hex);
			goto out;
		}
		if (git_commit_parentcount(c) > 0 &&
		    git_commit_parent(&p, c, 0) != 0) {
			vault_giterr_path(err, errlen, "vault replay: parent of",
			    hex);
			goto out;
		}
		ctx->commit = hex;
		ctx->when = (int64_t)git_commit_time(c);
		ctx->rc = 0;
		ctx->path[0] = '\0';
		vault_clear();
		if (vr_walk(ctx, p != NULL ? git_commit_tree_id(p) : NULL,
		    git_commit_tree_id(c), 0, 0) != 0) {
			if (ctx->rc == 0)
				vault_giterr_path(err, errlen,
				    "vault replay: files of", hex);
			else
				snprintf(err, errlen, "replay of %s failed",
				    hex);
			goto out;
		}
		git_commit_free(p);
		p = NULL;
		git_commit_free(c);
		c = NULL;
	}
	if (wrc != GIT_ITEROVER) {
		vault_giterr(err, errlen, "vault walk");
		goto out;
	}
	if (progress != NULL)
		progress(ndone, ndone > ntotal ? ndone : ntotal, parg);
	rc = 0;
out:
	for (i = 0; i < VR_SLOTS; i++)
		git_tree_free(ctx->slot[i]);
	free(ctx);
	git_commit_free(p);
	git_commit_free(c);
	git_revwalk_free(walk);
	return rc;
}
