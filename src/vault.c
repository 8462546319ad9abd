/*
 * vault: docket's git repository, through libgit2.
 *
 * Trees are built in memory with git_tree_create_updated() from the head
 * tree plus the staged paths, so a commit rewrites only the trees on the
 * paths it touches: records/<hh>/<hh>/<id>/ keeps every tree small (two
 * levels of 256 fan-out), and no tree ever lists every record.
 *
 * Durability: GIT_OPT_ENABLE_FSYNC_GITDIR is on.  Staged objects live in
 * a mempack backend; vault_commit() dumps them as one pack, writes it
 * through the odb's pack writer (fsync'd), and only then moves main with a
 * compare-and-swap on the old head.  A crash before the ref moves leaves
 * unreachable objects, never a branch that points at missing ones.
 */
#include <errno.h>
#include <git2.h>
#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <git2/sys/repository.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "sha256.h"
#include "vault.h"

struct vault {
	git_repository		*repo;
	git_odb			*odb;
	git_odb_backend		*mempack;
	git_tree_update		*updates;
	size_t			 nupdates, cap;
};

static int vault_inits;

static void
vault_giterr(char *err, size_t errlen, const char *what)
{
	const git_error *e = git_error_last();

	snprintf(err, errlen, "%s: %s", what, e && e->message ? e->message :
	    "unknown libgit2 error");
}

void
vault_record_dir(const char *id, char *buf, size_t len)
{
	char hex[SHA256_HEX_LEN + 1];

	/* Shard on a hash of the id so sequential ids spread evenly. */
	sha256_hex(id, strlen(id), hex);
	snprintf(buf, len, "records/%.2s/%.2s/%s", hex, hex + 2, id);
}

int
vault_open(struct vault **out, const char *path, int create, char *err,
    size_t errlen)
{
	struct vault	*v;
	int		 rc;

	if (vault_inits++ == 0) {
		git_libgit2_init();
		git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
	}
	if ((v = calloc(1, sizeof(*v))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	rc = git_repository_open_bare(&v->repo, path);
	if (rc == GIT_ENOTFOUND && create) {
		git_repository_init_options opts;

		git_repository_init_options_init(&opts,
		    GIT_REPOSITORY_INIT_OPTIONS_VERSION);

		opts.flags = GIT_REPOSITORY_INIT_BARE |
		    GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT;
		opts.initial_head = "main";
		opts.mode = GIT_REPOSITORY_INIT_SHARED_UMASK;
		rc = git_repository_init_ext(&v->repo, path, &opts);
	}
	if (rc != 0) {
		vault_giterr(err, errlen, path);
		free(v);
		return -1;
	}
	if (git_repository_odb(&v->odb, v->repo) != 0) {
		vault_giterr(err, errlen, "vault odb");
		goto fail;
	}
	if (create) {
		/* Writes land in memory first (highest priority). */
		if (git_mempack_new(&v->mempack) != 0 ||
		    git_odb_add_backend(v->odb, v->mempack, 999) != 0) {
			vault_giterr(err, errlen, "vault mempack");
			goto fail;
		}
	}
	*out = v;
	return 0;
fail:
	git_odb_free(v->odb);
	git_repository_free(v->repo);
	free(v);
	return -1;
}

void
vault_close(struct vault *v)
{
	if (v == NULL)
		return;
	vault_discard(v);
	free(v->updates);
	git_odb_free(v->odb);
	git_repository_free(v->repo);
	free(v);
	if (--vault_inits == 0)
		git_libgit2_shutdown();
}

int
vault_stage(struct vault *v, const char *path, const void *buf, size_t len,
    char *err, size_t errlen)
{
	git_tree_update	*u;
	git_oid		 oid;

	if (v->nupdates == v->cap) {
		size_t	 ncap = v->cap ? v->cap * 2 : 64;

		if ((u = reallocarray(v->updates, ncap, sizeof(*u))) == NULL) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		v->updates = u;
		v->cap = ncap;
	}
	if (git_blob_create_from_buffer(&oid, v->repo, buf, len) != 0) {
		vault_giterr(err, errlen, "vault blob");
		return -1;
	}
	u = &v->updates[v->nupdates];
	memset(u, 0, sizeof(*u));
	u->action = GIT_TREE_UPDATE_UPSERT;
	u->id = oid;
	u->filemode = GIT_FILEMODE_BLOB;
	if ((u->path = strdup(path)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	v->nupdates++;
	return 0;
}

size_t
vault_staged(struct vault *v)
{
	return v->nupdates;
}

void
vault_discard(struct vault *v)
{
	size_t i;

	for (i = 0; i < v->nupdates; i++)
		free((char *)v->updates[i].path);
	v->nupdates = 0;
	if (v->mempack != NULL)
		git_mempack_reset(v->mempack);
}

int
vault_head(struct vault *v, char oid[VAULT_OID_HEX])
{
	git_oid	id;
	int	rc;

	rc = git_reference_name_to_id(&id, v->repo, VAULT_BRANCH);
	if (rc == GIT_ENOTFOUND)
		return 1;
	if (rc != 0)
		return -1;
	git_oid_tostr(oid, VAULT_OID_HEX, &id);
	return 0;
}

int
vault_head_info(struct vault *v, char oid[VAULT_OID_HEX], int64_t *when,
    char *summary, size_t len)
{
	git_oid		 id;
	git_commit	*c;
	const char	*s;

	if (git_reference_name_to_id(&id, v->repo, VAULT_BRANCH) != 0)
		return 1;
	if (git_commit_lookup(&c, v->repo, &id) != 0)
		return -1;
	git_oid_tostr(oid, VAULT_OID_HEX, &id);
	*when = (int64_t)git_commit_time(c);
	s = git_commit_summary(c);
	snprintf(summary, len, "%s", s ? s : "");
	git_commit_free(c);
	return 0;
}

/* Write what the mempack holds as one pack, through the odb writer. */
static int
vault_flush_pack(struct vault *v, char *err, size_t errlen)
{
	git_buf			 pack = GIT_BUF_INIT;
	git_odb_writepack	*wp = NULL;
	git_indexer_progress	 stats;
	int			 rc = -1;

	memset(&stats, 0, sizeof(stats));
	if (git_mempack_dump(&pack, v->repo, v->mempack) != 0) {
		vault_giterr(err, errlen, "vault pack");
		goto out;
	}
	if (git_odb_write_pack(&wp, v->odb, NULL, NULL) != 0) {
		vault_giterr(err, errlen, "vault pack writer");
		goto out;
	}
	if (wp->append(wp, pack.ptr, pack.size, &stats) != 0 ||
	    wp->commit(wp, &stats) != 0) {
		vault_giterr(err, errlen, "vault pack write");
		goto out;
	}
	rc = 0;
out:
	if (wp != NULL)
		wp->free(wp);
	git_buf_dispose(&pack);
	return rc;
}

int
vault_commit(struct vault *v, const char *message, char oid[VAULT_OID_HEX],
    int64_t *when, char *err, size_t errlen)
{
	git_oid			 parent_id, tree_id, commit_id;
	git_commit		*parent = NULL;
	git_tree		*base = NULL, *tree = NULL;
	git_signature		*sig = NULL;
	git_reference		*ref = NULL;
	const git_commit	*parents[1];
	int			 have_parent, rc = -1;

	if (v->mempack == NULL) {
		snprintf(err, errlen, "vault opened read-only");
		return -1;
	}
	have_parent = git_reference_name_to_id(&parent_id, v->repo,
	    VAULT_BRANCH) == 0;
	if (have_parent) {
		if (git_commit_lookup(&parent, v->repo, &parent_id) != 0 ||
		    git_commit_tree(&base, parent) != 0) {
			vault_giterr(err, errlen, "vault head");
			goto out;
		}
	}
	if (git_tree_create_updated(&tree_id, v->repo, base, v->nupdates,
	    v->updates) != 0) {
		vault_giterr(err, errlen, "vault tree");
		goto out;
	}
	if (git_signature_now(&sig, "docketd", "docketd@localhost") != 0 ||
	    git_tree_lookup(&tree, v->repo, &tree_id) != 0) {
		vault_giterr(err, errlen, "vault signature");
		goto out;
	}
	parents[0] = parent;
	if (git_commit_create(&commit_id, v->repo, NULL, sig, sig, "UTF-8",
	    message, tree, have_parent ? 1 : 0, parents) != 0) {
		vault_giterr(err, errlen, "vault commit");
		goto out;
	}
	if (vault_flush_pack(v, err, errlen) == -1)
		goto out;
	/* Compare-and-swap: only move main from the head we built on. */
	if (have_parent)
		rc = git_reference_create_matching(&ref, v->repo, VAULT_BRANCH,
		    &commit_id, 1, &parent_id, "docketd: commit");
	else
		rc = git_reference_create(&ref, v->repo, VAULT_BRANCH,
		    &commit_id, 0, "docketd: initial commit");
	if (rc != 0) {
		vault_giterr(err, errlen, "vault ref " VAULT_BRANCH);
		rc = -1;
		goto out;
	}
	git_oid_tostr(oid, VAULT_OID_HEX, &commit_id);
	if (when != NULL)
		*when = (int64_t)sig->when.time;
	rc = 0;
out:
	vault_discard(v);
	git_reference_free(ref);
	git_signature_free(sig);
	git_tree_free(tree);
	git_tree_free(base);
	git_commit_free(parent);
	return rc;
}

int
vault_read(struct vault *v, const char *commit, const char *path,
    char **buf, size_t *len, char *err, size_t errlen)
{
	git_object	*obj = NULL;
	git_blob	*blob = NULL;
	char		 spec[512];
	int		 rc;

	snprintf(spec, sizeof(spec), "%s:%s", commit ? commit : VAULT_BRANCH,
	    path);
	rc = git_revparse_single(&obj, v->repo, spec);
	if (rc == GIT_ENOTFOUND)
		return 1;
	if (rc != 0 || git_object_type(obj) != GIT_OBJECT_BLOB) {
		vault_giterr(err, errlen, spec);
		git_object_free(obj);
		return -1;
	}
	blob = (git_blob *)obj;
	*len = (size_t)git_blob_rawsize(blob);
	if ((*buf = malloc(*len + 1)) == NULL) {
		git_object_free(obj);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	memcpy(*buf, git_blob_rawcontent(blob), *len);
	(*buf)[*len] = '\0';
	git_object_free(obj);
	return 0;
}

struct vault_replay_ctx {
	struct vault	*v;
	const char	*commit;
	int64_t		 when;
	vault_record_cb	 cb;
	void		*arg;
	int		 rc;
};

static int
vault_replay_delta(const git_diff_delta *d, float progress, void *arg)
{
	struct vault_replay_ctx	*ctx = arg;
	const char		*p = d->new_file.path;
	size_t			 n = strlen(p);
	git_blob		*blob;

	if (d->status != GIT_DELTA_ADDED && d->status != GIT_DELTA_MODIFIED)
		return 0;
	if (n < 12 || strcmp(p + n - 12, "/record.json") != 0)
		return 0;
	if (git_blob_lookup(&blob, ctx->v->repo, &d->new_file.id) != 0)
		return -1;
	ctx->rc = ctx->cb(ctx->commit, ctx->when, git_blob_rawcontent(blob),
	    (size_t)git_blob_rawsize(blob), ctx->arg);
	git_blob_free(blob);
	return ctx->rc ? -1 : 0;
}

int
vault_replay(struct vault *v, const char *since, vault_record_cb cb,
    void *arg, char *err, size_t errlen)
{
	git_revwalk		*walk = NULL;
	git_oid			 id, hide;
	git_commit		*c = NULL, *p = NULL;
	git_tree		*t = NULL, *pt = NULL;
	git_diff		*diff = NULL;
	struct vault_replay_ctx	 ctx;
	char			 hex[VAULT_OID_HEX];
	int			 rc = -1, wrc;

	memset(&ctx, 0, sizeof(ctx));
	ctx.v = v;
	ctx.cb = cb;
	ctx.arg = arg;
	if (git_reference_name_to_id(&id, v->repo, VAULT_BRANCH) != 0)
		return 0;	/* empty vault */
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
	while ((wrc = git_revwalk_next(&id, walk)) == 0) {
		if (git_commit_lookup(&c, v->repo, &id) != 0 ||
		    git_commit_tree(&t, c) != 0) {
			vault_giterr(err, errlen, "vault replay commit");
			goto out;
		}
		if (git_commit_parentcount(c) > 0 &&
		    (git_commit_parent(&p, c, 0) != 0 ||
		    git_commit_tree(&pt, p) != 0)) {
			vault_giterr(err, errlen, "vault replay parent");
			goto out;
		}
		if (git_diff_tree_to_tree(&diff, v->repo, pt, t, NULL) != 0) {
			vault_giterr(err, errlen, "vault diff");
			goto out;
		}
		git_oid_tostr(hex, sizeof(hex), &id);
		ctx.commit = hex;
		ctx.when = (int64_t)git_commit_time(c);
		if (git_diff_foreach(diff, vault_replay_delta, NULL, NULL,
		    NULL, &ctx) != 0) {
			if (ctx.rc == 0)
				vault_giterr(err, errlen, "vault replay");
			else
				snprintf(err, errlen, "replay of %s failed",
				    hex);
			goto out;
		}
		git_diff_free(diff);
		diff = NULL;
		git_tree_free(pt);
		pt = NULL;
		git_commit_free(p);
		p = NULL;
		git_tree_free(t);
		t = NULL;
		git_commit_free(c);
		c = NULL;
	}
	if (wrc != GIT_ITEROVER) {
		vault_giterr(err, errlen, "vault walk");
		goto out;
	}
	rc = 0;
out:
	git_diff_free(diff);
	git_tree_free(pt);
	git_commit_free(p);
	git_tree_free(t);
	git_commit_free(c);
	git_revwalk_free(walk);
	return rc;
}
