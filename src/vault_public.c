/*
 * vault_public: commit the site's changed files to refs/heads/public.
 *
 * A repository handle of its own (the vault's struct stays vault.c's),
 * with a mempack backend of highest priority: the blobs are hashed here
 * and put there directly, git_tree_create_updated writes the few trees
 * on the changed paths there, and the commit too.  Exactly those objects
 * are then packed (packwrite.c, as vault.c does), fsync'd and linked
 * into place, and only then does public move, compare-and-swap on the
 * commit it was built on.  A crash before leaves an unreachable pack
 * and the branch where it was; site.c then redoes the sync, and the same
 * files give the same tree.
 */
#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "packwrite.h"
#include "vault_public.h"
#include "xalloc.h"

struct vp {
	git_repository	*repo;
	git_odb		*odb;
	git_odb_backend	*mempack;
	git_oid		*objs;		/* to pack */
	size_t		 nobjs, cap;
};

static void
vp_err(char *err, size_t errlen, const char *what)
{
	const git_error *e = git_error_last();

	if (e != NULL && e->message != NULL && e->message[0] != '\0')
		snprintf(err, errlen, "public branch: %s: %s", what,
		    e->message);
	else if (errno != 0)
		snprintf(err, errlen, "public branch: %s: %s", what,
		    strerror(errno));
	else
		snprintf(err, errlen, "public branch: %s: failed", what);
}

static void
vp_clear(void)
{
	git_error_clear();
	errno = 0;
}

static void
vp_add(struct vp *v, const git_oid *oid)
{
	if (v->nobjs == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 64;
		v->objs = xreallocarray(v->objs, v->cap, sizeof(*v->objs));
	}
	git_oid_cpy(&v->objs[v->nobjs++], oid);
}

static int
vp_open(struct vp *v, const char *path, int write, char *err, size_t errlen)
{
	memset(v, 0, sizeof(*v));
	if (git_libgit2_init() < 0) {
		snprintf(err, errlen, "public branch: libgit2 init failed");
		return -1;
	}
	vp_clear();
	if (git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1) != 0 ||
	    git_repository_open_bare(&v->repo, path) != 0 ||
	    git_repository_odb(&v->odb, v->repo) != 0) {
		vp_err(err, errlen, path);
		return -1;
	}
	if (write && (git_mempack_new(&v->mempack) != 0 ||
	    git_odb_add_backend(v->odb, v->mempack, 999) != 0)) {
		vp_err(err, errlen, "in-memory pack");
		return -1;
	}
	return 0;
}

static void
vp_close(struct vp *v)
{
	if (v->mempack != NULL)
		git_mempack_reset(v->mempack);
	git_odb_free(v->odb);
	git_repository_free(v->repo);
	free(v->objs);
	git_libgit2_shutdown();
}

int
vault_public_head(const char *vault_path, char oid[VAULT_OID_HEX], char *err,
    size_t errlen)
{
	struct vp	v;
	git_oid		id;
	int		rc;

	if (vp_open(&v, vault_path, 0, err, errlen) == -1) {
		vp_close(&v);
		return -1;
	}
	vp_clear();
	rc = git_reference_name_to_id(&id, v.repo, VAULT_PUBLIC_BRANCH);
	if (rc == 0)
		git_oid_tostr(oid, VAULT_OID_HEX, &id);
	else if (rc == GIT_ENOTFOUND)
		rc = 1;
	else {
		vp_err(err, errlen, VAULT_PUBLIC_BRANCH);
		rc = -1;
	}
	vp_close(&v);
	return rc;
}

/* A file of the site into the mempack; 1 when it is not there. */
static int
vp_blob(struct vp *v, const char *root, const char *rel, git_oid *oid,
    char *err, size_t errlen)
{
	char		 path[PATH_MAX];
	struct stat	 sb;
	char		*buf;
	size_t		 off = 0;
	ssize_t		 n;
	int		 fd, rc;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1) {
		if (errno == ENOENT)
			return 1;
		snprintf(err, errlen, "public branch: open %s: %s", path,
		    strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return 1;
	}
	buf = xmalloc((size_t)sb.st_size + 1);
	while (off < (size_t)sb.st_size && (n = read(fd, buf + off,
	    (size_t)sb.st_size - off)) > 0)
		off += (size_t)n;
	close(fd);
	if (off != (size_t)sb.st_size) {
		snprintf(err, errlen, "public branch: short read of %s", path);
		free(buf);
		return -1;
	}
	vp_clear();
	rc = git_odb_hash(oid, buf, off, GIT_OBJECT_BLOB) != 0 ||
	    v->mempack->write(v->mempack, oid, buf, off, GIT_OBJECT_BLOB) != 0;
	free(buf);
	if (rc) {
		vp_err(err, errlen, rel);
		return -1;
	}
	vp_add(v, oid);
	return 0;
}

static int
vp_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every tree of the new tree on the paths updated (the new ones). */
static void
vp_trees(struct vp *v, git_tree *tree, const git_tree_update *u, size_t n)
{
	git_tree_entry	*te;
	char		 dir[PATH_MAX], *slash;
	size_t		 i;

	vp_add(v, git_tree_id(tree));
	for (i = 0; i < n; i++) {
		snprintf(dir, sizeof(dir), "%s", u[i].path);
		while ((slash = strrchr(dir, '/')) != NULL) {
			*slash = '\0';
			if (git_tree_entry_bypath(&te, tree, dir) != 0)
				continue;
			if (git_tree_entry_type(te) == GIT_OBJECT_TREE)
				vp_add(v, git_tree_entry_id(te));
			git_tree_entry_free(te);
		}
	}
}

static int
vp_oidcmp(const void *a, const void *b)
{
	return git_oid_cmp(*(const git_oid *const *)a,
	    *(const git_oid *const *)b);
}

/*
 * The objects to pack, each once, in the order added (the commit last),
 * written by packwrite.c (no delta search, no indexer), fsync'd and
 * linked into place.  A tree git_tree_create_updated found already on
 * disk is read from there (it is packed again: the pack stands alone).
 */
static int
vp_pack(struct vp *v, char *err, size_t errlen)
{
	struct packw	 *pw = NULL;
	const git_oid	**ord;
	git_odb_object	 *obj;
	unsigned char	 *keep;
	char		  dir[PATH_MAX], name[PACKW_NAME], perr[512];
	size_t		  i, n;
	int		  rc = -1;

	snprintf(dir, sizeof(dir), "%sobjects/pack",
	    git_repository_path(v->repo));
	ord = xcalloc(v->nobjs ? v->nobjs : 1, sizeof(*ord));
	keep = xcalloc(v->nobjs ? v->nobjs : 1, 1);
	for (i = 0; i < v->nobjs; i++)
		ord[i] = &v->objs[i];
	qsort(ord, v->nobjs, sizeof(*ord), vp_oidcmp);
	/* the first of equal ids by address is the first added */
	for (i = 0, n = 0; i < v->nobjs; i++) {
		size_t j = i, k = (size_t)(ord[i] - v->objs);

		while (j + 1 < v->nobjs && git_oid_equal(ord[j + 1], ord[i])) {
			j++;
			if ((size_t)(ord[j] - v->objs) < k)
				k = (size_t)(ord[j] - v->objs);
		}
		keep[k] = 1;
		n++;
		i = j;
	}
	if (packw_begin(&pw, dir, (uint32_t)n, perr, sizeof(perr)) == -1)
		goto fail;
	for (i = 0; i < v->nobjs; i++) {
		if (!keep[i])
			continue;
		vp_clear();
		if (git_odb_read(&obj, v->odb, &v->objs[i]) != 0) {
			vp_err(err, errlen, "pack");
			goto out;
		}
		rc = packw_object(pw, v->objs[i].id,
		    (enum packw_type)git_odb_object_type(obj),
		    git_odb_object_data(obj), git_odb_object_size(obj), perr,
		    sizeof(perr));
		git_odb_object_free(obj);
		if (rc == -1)
			goto fail;
		rc = -1;
	}
	if (packw_finish(pw, name, perr, sizeof(perr)) == -1 ||
	    packw_publish(pw, perr, sizeof(perr)) == -1)
		goto fail;
	rc = 0;
	goto out;
fail:
	snprintf(err, errlen, "public branch: writing the pack: %s", perr);
out:
	packw_free(pw);
	free(keep);
	free(ord);
	return rc;
}

static int
vp_update_cmp(const void *a, const void *b)
{
	return strcmp(((const git_tree_update *)a)->path,
	    ((const git_tree_update *)b)->path);
}

/* The files of the branch no longer on disk (vp_stale_cb). */
struct vp_stale {
	const char	 *site_root;
	const char	**sorted;	/* the paths given: not again */
	size_t		  nsorted;
	char		**path;
	size_t		  n, cap;
};

static int
vp_stale_cb(const char *root, const git_tree_entry *e, void *arg)
{
	struct vp_stale	*s = arg;
	struct stat	 sb;
	char		 rel[PATH_MAX], abs[PATH_MAX * 2];
	const char	*key = rel;

	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		return 0;
	if ((size_t)snprintf(rel, sizeof(rel), "%s%s", root,
	    git_tree_entry_name(e)) >= sizeof(rel))
		return 0;
	snprintf(abs, sizeof(abs), "%s/%s", s->site_root, rel);
	if (lstat(abs, &sb) == 0 || errno != ENOENT ||
	    bsearch(&key, s->sorted, s->nsorted, sizeof(*s->sorted),
	    vp_cmp) != NULL)
		return 0;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->path = xreallocarray(s->path, s->cap, sizeof(*s->path));
	}
	s->path[s->n++] = xstrdup(rel);
	return 0;
}

int
vault_public_commit(const char *vault_path, const char *site_root,
    const char *const *paths, size_t n, int orphan, const char *message,
    char oid[VAULT_OID_HEX], char *err, size_t errlen)
{
	struct vp_stale	 st = { site_root, NULL, 0, NULL, 0, 0 };
	int		 asked = orphan, keep = 0, have_keep = 0;
	git_oid		 keep_old, keep_id;
	git_commit	*kc = NULL;
	const git_commit *kp[2];
	git_reference	*kref = NULL;
	struct vp	 v;
	git_oid		 parent_id, tree_id, commit_id, empty_id;
	git_commit	*parent = NULL;
	git_tree	*base = NULL, *tree = NULL;
	git_treebuilder	*tb = NULL;
	git_tree_entry	*te;
	git_tree_update	*u = NULL;
	git_signature	*sig = NULL;
	git_reference	*ref = NULL;
	const char	**sorted = NULL;
	size_t		 i, nu = 0;
	int		 have_parent, drop, rc = -1, r;

	oid[0] = '\0';
	if (vp_open(&v, vault_path, 1, err, errlen) == -1)
		goto out;
	vp_clear();
	r = git_reference_name_to_id(&parent_id, v.repo, VAULT_PUBLIC_BRANCH);
	if (r != 0 && r != GIT_ENOTFOUND) {
		vp_err(err, errlen, VAULT_PUBLIC_BRANCH);
		goto out;
	}
	have_parent = r == 0;
	if (have_parent) {
		if (git_commit_lookup(&parent, v.repo, &parent_id) != 0 ||
		    git_commit_tree(&base, parent) != 0) {
			vp_err(err, errlen, "public head");
			goto out;
		}
	} else if (git_treebuilder_new(&tb, v.repo, NULL) != 0 ||
	    git_treebuilder_write(&empty_id, tb) != 0 ||
	    git_tree_lookup(&base, v.repo, &empty_id) != 0) {
		vp_err(err, errlen, "empty tree");
		goto out;
	}
	sorted = xcalloc(n ? n : 1, sizeof(*sorted));
	memcpy(sorted, paths, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), vp_cmp);
	u = xcalloc(n ? n : 1, sizeof(*u));
	for (i = 0; i < n; i++) {
		if (i > 0 && strcmp(sorted[i], sorted[i - 1]) == 0)
			continue;
		r = vp_blob(&v, site_root, sorted[i], &u[nu].id, err, errlen);
		if (r == -1)
			goto out;
		if (r == 0) {
			u[nu].action = GIT_TREE_UPDATE_UPSERT;
			u[nu].filemode = GIT_FILEMODE_BLOB;
			u[nu].path = sorted[i];
			nu++;
			continue;
		}
		/* gone from the site: out of the branch, if it is there */
		if (git_tree_entry_bypath(&te, base, sorted[i]) != 0)
			continue;
		git_tree_entry_free(te);
		u[nu].action = GIT_TREE_UPDATE_REMOVE;
		u[nu].path = sorted[i];
		nu++;
		orphan = 1;	/* withdrawn: no history keeps it */
	}
	/* Asked for an orphan (a rebuild's end): the branch is the site as
	 * it is on disk, so a file it holds that the site no longer has
	 * goes too (a site directory wiped, a crash after a removal). */
	if (asked && have_parent) {
		st.sorted = sorted;
		st.nsorted = n;
		if (git_tree_walk(base, GIT_TREEWALK_PRE, vp_stale_cb, &st) !=
		    0) {
			vp_err(err, errlen, "public tree");
			goto out;
		}
		if (st.n > 0)
			u = xreallocarray(u, nu + st.n, sizeof(*u));
		for (i = 0; i < st.n; i++) {
			memset(&u[nu], 0, sizeof(u[nu]));
			u[nu].action = GIT_TREE_UPDATE_REMOVE;
			u[nu].path = st.path[i];
			nu++;
		}
		qsort(u, nu, sizeof(*u), vp_update_cmp);
	}
	/* Nothing to update: no commit, but for an orphan that drops a
	 * history (a root commit has none to drop). */
	drop = orphan && have_parent && git_commit_parentcount(parent) > 0;
	if (nu == 0 && !drop) {
		rc = 0;
		goto out;
	}
	vp_clear();
	if (nu == 0)
		git_oid_cpy(&tree_id, git_tree_id(base));
	else if (git_tree_create_updated(&tree_id, v.repo, base, nu, u) !=
	    0) {
		vp_err(err, errlen, "tree");
		goto out;
	}
	if (git_oid_equal(&tree_id, git_tree_id(base)) && have_parent &&
	    !drop) {
		rc = 0;
		goto out;
	}
	if (git_tree_lookup(&tree, v.repo, &tree_id) != 0) {
		vp_err(err, errlen, "new tree");
		goto out;
	}
	vp_trees(&v, tree, u, nu);
	vp_clear();
	if (git_signature_now(&sig, "docketd", "docketd@localhost") != 0 ||
	    git_commit_create(&commit_id, v.repo, NULL, sig, sig, NULL,
	    message, tree, have_parent && !orphan ? 1 : 0,
	    (const git_commit **)(have_parent && !orphan ? &parent : NULL)) !=
	    0) {
		vp_err(err, errlen, "commit");
		goto out;
	}
	vp_add(&v, &commit_id);
	/*
	 * A commit without parent leaves the old head to no ref; but its
	 * pack, and its ancestors', hold the objects of every page the new
	 * commit did not change, and vault_gc.c removes the pack of a
	 * commit no ref reaches.  So the old head stays reachable from a ref
	 * of the vault's own (never a branch: neither a clone of public nor
	 * a mirror push takes it): a commit in the same pack whose parents
	 * are the old head and that ref's previous commit.
	 */
	if (have_parent && orphan) {
		r = git_reference_name_to_id(&keep_old, v.repo,
		    VAULT_PUBLIC_KEPT);
		if (r != 0 && r != GIT_ENOTFOUND) {
			vp_err(err, errlen, VAULT_PUBLIC_KEPT);
			goto out;
		}
		have_keep = r == 0;
		if (have_keep && git_commit_lookup(&kc, v.repo, &keep_old) !=
		    0) {
			vp_err(err, errlen, VAULT_PUBLIC_KEPT);
			goto out;
		}
		kp[0] = parent;
		kp[1] = kc;
		if (git_commit_create(&keep_id, v.repo, NULL, sig, sig, NULL,
		    "docketd: the public branch before it dropped its "
		    "history (the vault's own; never published)\n", base,
		    have_keep ? 2 : 1, kp) != 0) {
			vp_err(err, errlen, "commit");
			goto out;
		}
		vp_add(&v, &keep_id);
		keep = 1;
	}
	if (vp_pack(&v, err, errlen) == -1)
		goto out;
	vp_clear();
	/* The kept history first: a crash before the branch moves leaves
	 * it one commit more to keep, never a branch without its objects. */
	if (keep) {
		if (have_keep)
			r = git_reference_create_matching(&kref, v.repo,
			    VAULT_PUBLIC_KEPT, &keep_id, 1, &keep_old,
			    "docketd: public history kept");
		else
			r = git_reference_create(&kref, v.repo,
			    VAULT_PUBLIC_KEPT, &keep_id, 0,
			    "docketd: public history kept");
		if (r != 0) {
			vp_err(err, errlen, VAULT_PUBLIC_KEPT);
			goto out;
		}
	}
	if (have_parent)
		r = git_reference_create_matching(&ref, v.repo,
		    VAULT_PUBLIC_BRANCH, &commit_id, 1, &parent_id,
		    "docketd: site");
	else
		r = git_reference_create(&ref, v.repo, VAULT_PUBLIC_BRANCH,
		    &commit_id, 0, "docketd: site");
	if (r != 0) {
		vp_err(err, errlen, VAULT_PUBLIC_BRANCH);
		goto out;
	}
	git_oid_tostr(oid, VAULT_OID_HEX, &commit_id);
	rc = 0;
out:
	git_reference_free(ref);
	git_reference_free(kref);
	git_commit_free(kc);
	git_signature_free(sig);
	git_tree_free(tree);
	git_tree_free(base);
	git_treebuilder_free(tb);
	git_commit_free(parent);
	free(u);
	free(sorted);
	for (i = 0; i < st.n; i++)
		free(st.path[i]);
	free(st.path);
	vp_close(&v);
	return rc;
}
