/*
 * vault: docket's git repository, through libgit2.
 *
 * Trees are built in memory from the head tree plus the staged paths
 * (vault_tree.c), so a commit rewrites only the trees on the paths it
 * touches: records/<a>/<b>/<id>/ (vault_record_dir) keeps every tree small
 * (256 records a bottom tree, 256 bottom trees a records/<a>/), and no
 * tree ever lists every record.
 *
 * New objects are hashed here and handed straight to the mempack backend.
 * Going through git_odb_write() would make libgit2 look for each new
 * object on disk first, and every miss rescans objects/pack/ — a cost
 * that grows with every pack the vault gains.
 *
 * Durability: GIT_OPT_ENABLE_FSYNC_GITDIR is on.  Staged objects live in
 * a mempack backend; vault_commit() writes them as one pack and its .idx
 * (packwrite.c: no delta search, no indexer; fsync'd, linked into
 * place), and only then moves main with a compare-and-swap on the old
 * head.  After a commit, vault_repack.c may merge packs in a child.  A
 * crash before the ref moves leaves unreachable objects, never a branch
 * that points at missing ones.  When
 * the ref update reports an error, main is read back: if it names the new
 * commit, the commit happened and only refs/heads needs its fsync again.
 *
 * Errors name the file or object and the cause.  libgit2's last error is
 * thread state that nothing resets, so it is cleared (with errno) before
 * each call whose failure is reported: vault_err() then prints libgit2's
 * message when that call set one, else errno's text when a system call
 * failed (ENOSPC: "No space left on device"), never a stale message of an
 * earlier call.
 */
#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <git2/sys/repository.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "packwrite.h"
#include "sha256.h"
#include "store.h"
#include "vault.h"
#include "vault_impl.h"
#include "vault_repack.h"
#include "vault_tcache.h"
#include "xalloc.h"

static int vault_inits;

/* Before a call whose failure vault_giterr() reports. */
void
vault_clear(void)
{
	git_error_clear();
	errno = 0;
}

/*
 * "what: cause" for a failure since the last vault_clear(): libgit2's
 * message if it set one, else errno's text, else (a library that failed
 * without saying why) that.
 */
void
vault_giterr(char *err, size_t errlen, const char *what)
{
	const git_error	*e = git_error_last();
	int		 saved = errno;

	if (e != NULL && e->klass != GIT_ERROR_NONE && e->message != NULL &&
	    e->message[0] != '\0')
		snprintf(err, errlen, "%s: %s", what, e->message);
	else if (saved != 0)
		snprintf(err, errlen, "%s: %s", what, strerror(saved));
	else
		snprintf(err, errlen, "%s: failed (libgit2 gave no reason)",
		    what);
}

/* The same with a path: "what PATH: cause". */
void
vault_giterr_path(char *err, size_t errlen, const char *what,
    const char *path)
{
	char buf[4096 + 128];

	snprintf(buf, sizeof(buf), "%s %s", what, path);
	vault_giterr(err, errlen, buf);
}

/* libgit2's global options; durability rests on the first one. */
static int
vault_init(char *err, size_t errlen)
{
	static const int levels[] = { GIT_CONFIG_LEVEL_GLOBAL,
	    GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_SYSTEM,
	    GIT_CONFIG_LEVEL_PROGRAMDATA };
	size_t i;

	/* No git_error_clear() before init: its state does not exist yet. */
	errno = 0;
	if (git_libgit2_init() < 0) {
		snprintf(err, errlen, "libgit2 init failed%s%s",
		    errno ? ": " : "", errno ? strerror(errno) : "");
		return -1;
	}
	vault_clear();
	if (git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1) != 0) {
		vault_giterr(err, errlen, "cannot make libgit2 fsync the "
		    "vault (GIT_OPT_ENABLE_FSYNC_GITDIR); refusing to run "
		    "without durable commits");
		git_libgit2_shutdown();
		return -1;
	}
	/* The vault depends on nobody's ~/.gitconfig or /etc/gitconfig
	 * (and after -u, $HOME may not even be readable). */
	for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
		vault_clear();
		if (git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, levels[i],
		    "") != 0) {
			vault_giterr(err, errlen, "libgit2 config search path");
			git_libgit2_shutdown();
			return -1;
		}
	}
	return 0;
}

/* A record's number (store_id_parse); 0 for an id that is none. */
static uint64_t
vault_id_number(const char *id)
{
	uint64_t n;

	return store_id_parse(id, &n) == 0 ? n : 0;
}

void
vault_record_dir(uint64_t seq_from, const char *id, char *buf, size_t len)
{
	char		hex[SHA256_HEX_LEN + 1];
	uint64_t	n = vault_id_number(id);

	if (n != 0 && n >= seq_from) {
		snprintf(buf, len, "records/%02llx/%02llx/%s",
		    (unsigned long long)(n >> 16),
		    (unsigned long long)((n >> 8) & 255), id);
		return;
	}
	/* Shard on a hash of the id so sequential ids spread evenly. */
	sha256_hex(id, strlen(id), hex);
	snprintf(buf, len, "records/%.2s/%.2s/%s", hex, hex + 2, id);
}

int
vault_record_seq(const char *id, const char *dir)
{
	char want[128];

	if (vault_id_number(id) == 0)
		return 0;
	vault_record_dir(0, id, want, sizeof(want));
	return strcmp(want, dir) == 0;
}

int
vault_open(struct vault **out, const char *path, int create, char *err,
    size_t errlen)
{
	struct vault	*v;
	int		 rc;

	if (vault_inits == 0 && vault_init(err, errlen) == -1)
		return -1;
	vault_inits++;
	v = xcalloc(1, sizeof(*v));
	vault_clear();
	rc = git_repository_open_bare(&v->repo, path);
	if (rc == GIT_ENOTFOUND && create) {
		git_repository_init_options opts;

		git_repository_init_options_init(&opts,
		    GIT_REPOSITORY_INIT_OPTIONS_VERSION);

		opts.flags = GIT_REPOSITORY_INIT_BARE |
		    GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT;
		opts.initial_head = "main";
		opts.mode = GIT_REPOSITORY_INIT_SHARED_UMASK;
		vault_clear();
		rc = git_repository_init_ext(&v->repo, path, &opts);
	}
	if (rc != 0) {
		vault_giterr(err, errlen, path);
		goto fail;
	}
	vault_clear();
	if (git_repository_odb(&v->odb, v->repo) != 0) {
		vault_giterr_path(err, errlen, "object database of", path);
		goto fail;
	}
	if (create) {
		/* Writes land in memory first (highest priority). */
		vault_clear();
		if (git_mempack_new(&v->mempack) != 0 ||
		    git_odb_add_backend(v->odb, v->mempack, 999) != 0) {
			vault_giterr_path(err, errlen, "in-memory pack of",
			    path);
			goto fail;
		}
		/* The packs stay O(log n) (vault_repack.c). */
		v->repack = vault_repack_new(git_repository_path(v->repo));
		v->tcache = vtc_new();
		v->bcache = vtc_new_max(VAULT_BCACHE_MAX);
	}
	*out = v;
	return 0;
fail:
	git_odb_free(v->odb);
	git_repository_free(v->repo);
	free(v);
	if (--vault_inits == 0)
		git_libgit2_shutdown();
	return -1;
}

/*
 * A new repository handle after a repack removed packs: libgit2 keeps
 * the packs it knew (their maps, their descriptors).  Between commits:
 * nothing is staged.  On failure the old handle stays (it still reads
 * what it has open) and the next merge tries again.
 */
static void
vault_reopen(struct vault *v)
{
	git_repository	*repo = NULL;
	git_odb		*odb = NULL;
	git_odb_backend	*mp = NULL;
	char		 path[4096];

	snprintf(path, sizeof(path), "%s", git_repository_path(v->repo));
	vault_clear();
	if (git_repository_open_bare(&repo, path) != 0 ||
	    git_repository_odb(&odb, repo) != 0 ||
	    git_mempack_new(&mp) != 0 ||
	    git_odb_add_backend(odb, mp, 999) != 0) {
		const git_error *e = git_error_last();

		log_warnx("vault: reopening %s after a repack: %s", path,
		    e != NULL && e->message != NULL ? e->message : "failed");
		if (mp != NULL && odb == NULL)
			mp->free(mp);
		git_odb_free(odb);
		git_repository_free(repo);
		return;
	}
	git_odb_free(v->odb);
	git_repository_free(v->repo);
	v->repo = repo;
	v->odb = odb;
	v->mempack = mp;
}

void
vault_close(struct vault *v)
{
	if (v == NULL)
		return;
	vault_discard(v);
	vault_repack_free(v->repack);
	free(v->updates);
	free(v->written);
	vtc_free(v->tcache);
	vtc_free(v->bcache);
	free(v->pre);
	git_odb_free(v->odb);
	git_repository_free(v->repo);
	free(v);
	if (--vault_inits == 0)
		git_libgit2_shutdown();
}

/* One more object of the next commit. */
static void
vault_written(struct vault *v, const git_oid *oid, size_t pre)
{
	if (v->nwritten == v->wcap) {
		size_t	 ncap = v->wcap ? v->wcap * 2 : 256;

		v->written = xreallocarray(v->written, ncap,
		    sizeof(*v->written));
		v->wcap = ncap;
	}
	git_oid_cpy(&v->written[v->nwritten].oid, oid);
	v->written[v->nwritten++].pre = pre;
}

/* Hash an object and put it in the mempack, bypassing the odb's lookups. */
int
vault_write(struct vault *v, git_oid *oid, const void *buf, size_t len,
    git_object_t type)
{
	if (v->mempack == NULL) {
		git_error_set_str(GIT_ERROR_ODB, "vault opened read-only");
		return -1;
	}
	/* SHA-1 by nettle: libgit2's (sha1dc) costs several times more. */
	packw_hash((enum packw_type)type, buf, len, oid->id);
	vault_written(v, oid, 0);
	return v->mempack->write(v->mempack, oid, buf, len, type);
}

/* Serialise and store a commit object. */
static int
vault_write_commit(struct vault *v, git_oid *out, const git_oid *tree,
    const git_oid *parent, const char *message, int64_t when)
{
	char		 th[GIT_OID_HEXSZ + 1], ph[GIT_OID_HEXSZ + 1], *buf;
	char		 sig[128];
	struct tm	 tm;
	time_t		 t = (time_t)when;
	long		 off;
	int		 n, rc;

	localtime_r(&t, &tm);
	off = tm.tm_gmtoff / 60;
	snprintf(sig, sizeof(sig), "docketd <docketd@localhost> %lld %c%02ld%02ld",
	    (long long)when, off < 0 ? '-' : '+', labs(off) / 60,
	    labs(off) % 60);
	git_oid_tostr(th, sizeof(th), tree);
	if (parent != NULL)
		git_oid_tostr(ph, sizeof(ph), parent);
	n = xasprintf(&buf, "tree %s\n%s%s%sauthor %s\ncommitter %s\n\n%s",
	    th, parent ? "parent " : "", parent ? ph : "", parent ? "\n" : "",
	    sig, sig, message);
	if (n < 0)
		return -1;
	rc = vault_write(v, out, buf, (size_t)n, GIT_OBJECT_COMMIT);
	free(buf);
	return rc;
}

/* path's entry in the next commit's tree: the blob oid. */
static void
vault_update(struct vault *v, const char *path, const git_oid *oid)
{
	git_tree_update	*u;

	if (v->nupdates == v->cap) {
		size_t	 ncap = v->cap ? v->cap * 2 : 64;

		v->updates = xreallocarray(v->updates, ncap,
		    sizeof(*v->updates));
		v->cap = ncap;
	}
	u = &v->updates[v->nupdates];
	memset(u, 0, sizeof(*u));
	u->action = GIT_TREE_UPDATE_UPSERT;
	git_oid_cpy(&u->id, oid);
	u->filemode = GIT_FILEMODE_BLOB;
	u->path = xstrdup(path);
	v->nupdates++;
}

int
vault_stage(struct vault *v, const char *path, const void *buf, size_t len,
    char *err, size_t errlen)
{
	git_oid oid;

	vault_clear();
	if (vault_write(v, &oid, buf, len, GIT_OBJECT_BLOB) != 0) {
		vault_giterr_path(err, errlen, "vault blob for", path);
		return -1;
	}
	vault_update(v, path, &oid);
	return 0;
}

int
vault_stage_pre(struct vault *v, const char *path, struct packw_pre *pre,
    char *err, size_t errlen)
{
	git_oid oid;

	if (v->mempack == NULL) {
		snprintf(err, errlen, "vault blob for %s: vault opened "
		    "read-only", path);
		packw_pre_free(pre);
		return -1;
	}
	if (pre->type != PACKW_BLOB || pre->z == NULL) {
		snprintf(err, errlen, "vault blob for %s: not a blob "
		    "deflated ahead", path);
		packw_pre_free(pre);
		return -1;
	}
	if (v->npre == v->precap) {
		size_t	 ncap = v->precap ? v->precap * 2 : 64;

		v->pre = xreallocarray(v->pre, ncap, sizeof(*v->pre));
		v->precap = ncap;
	}
	v->pre[v->npre++] = *pre;		/* the vault's now */
	memset(pre, 0, sizeof(*pre));
	git_oid_fromraw(&oid, v->pre[v->npre - 1].oid);
	vault_written(v, &oid, v->npre);
	vault_update(v, path, &oid);
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
	v->nwritten = 0;
	for (i = 0; i < v->npre; i++)
		packw_pre_free(&v->pre[i]);
	v->npre = 0;
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

/* Insertion order of the objects written, each id once (the mempack
 * keeps one copy of a blob staged twice; so must the pack). */
struct vault_ord {
	const git_oid	*oid;
	size_t		 i;
};

static int
vault_ord_cmp(const void *pa, const void *pb)
{
	const struct vault_ord	*a = pa, *b = pb;
	int			 c = git_oid_cmp(a->oid, b->oid);

	if (c != 0)
		return c;
	return a->i < b->i ? -1 : a->i > b->i;
}

/*
 * Write this commit's objects as one pack (packwrite.c: deflated whole,
 * no delta search, no indexer), fsync'd and linked into place, in the
 * order written: the commit last.  Not git_mempack_dump(): it packs each
 * commit with its whole tree, i.e. the entire archive, every time.
 */
static int
vault_flush_pack(struct vault *v, char *err, size_t errlen)
{
	struct packw		*pw = NULL;
	struct vault_ord	*ord;
	unsigned char		*keep;
	char			 dir[4096], name[PACKW_NAME], perr[512];
	void			*data;
	size_t			 i, n, len;
	git_object_t		 type;
	int			 rc = -1;

	snprintf(dir, sizeof(dir), "%sobjects/pack",
	    git_repository_path(v->repo));
	ord = xcalloc(v->nwritten ? v->nwritten : 1, sizeof(*ord));
	keep = xcalloc(v->nwritten ? v->nwritten : 1, 1);
	for (i = 0; i < v->nwritten; i++) {
		ord[i].oid = &v->written[i].oid;
		ord[i].i = i;
	}
	qsort(ord, v->nwritten, sizeof(*ord), vault_ord_cmp);
	for (i = 0, n = 0; i < v->nwritten; i++)
		if (i == 0 || !git_oid_equal(ord[i].oid, ord[i - 1].oid)) {
			keep[ord[i].i] = 1;
			n++;
		}
	if (packw_begin(&pw, dir, (uint32_t)n, perr, sizeof(perr)) == -1)
		goto fail;
	for (i = 0; i < v->nwritten; i++) {
		if (!keep[i])
			continue;
		if (v->written[i].pre > 0) {
			/* A reader thread deflated it (ingest_pool.c). */
			if (packw_object_pre(pw, &v->pre[v->written[i].pre -
			    1], perr, sizeof(perr)) == -1)
				goto fail;
			continue;
		}
		vault_clear();
		if (v->mempack->read(&data, &len, &type, v->mempack,
		    &v->written[i].oid) != 0) {
			char hex[VAULT_OID_HEX];

			git_oid_tostr(hex, sizeof(hex), &v->written[i].oid);
			vault_giterr_path(err, errlen, "vault pack: object",
			    hex);
			goto out;
		}
		rc = packw_object(pw, v->written[i].oid.id,
		    (enum packw_type)type,
		    data, len, perr, sizeof(perr));
		git_odb_backend_data_free(v->mempack, data);
		if (rc == -1)
			goto fail;
		rc = -1;
	}
	if (packw_finish(pw, name, perr, sizeof(perr)) == -1 ||
	    packw_publish(pw, perr, sizeof(perr)) == -1)
		goto fail;
	/* The new pack for this handle's readers (the mempack is reset). */
	vault_clear();
	if (git_odb_refresh(v->odb) != 0) {
		vault_giterr_path(err, errlen, "vault: reading the packs in",
		    dir);
		goto out;
	}
	rc = 0;
	goto out;
fail:
	snprintf(err, errlen, "vault pack: %s", perr);
out:
	packw_free(pw);
	free(keep);
	free(ord);
	return rc;
}

int
vault_sync(struct vault *v, char *err, size_t errlen)
{
	char	path[4096];
	int	fd, rc;

	snprintf(path, sizeof(path), "%srefs/heads",
	    git_repository_path(v->repo));
	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "open %s: %s", path, strerror(errno));
		return -1;
	}
	if ((rc = fsync(fd)) == -1)
		snprintf(err, errlen, "fsync %s: %s", path, strerror(errno));
	close(fd);
	return rc;
}

int
vault_commit(struct vault *v, const char *message, char oid[VAULT_OID_HEX],
    int64_t *when, char *err, size_t errlen)
{
	git_oid			 parent_id, tree_id, commit_id, head_id;
	git_commit		*parent = NULL;
	git_reference		*ref = NULL;
	int64_t			 now = (int64_t)time(NULL);
	char			 refpath[4096];
	int			 have_parent, rc = -1;

	if (v->mempack == NULL) {
		snprintf(err, errlen, "vault opened read-only");
		return -1;
	}
	snprintf(refpath, sizeof(refpath), "%s%s",
	    git_repository_path(v->repo), VAULT_BRANCH);
	vault_clear();
	rc = git_reference_name_to_id(&parent_id, v->repo, VAULT_BRANCH);
	if (rc != 0 && rc != GIT_ENOTFOUND) {
		vault_giterr_path(err, errlen, "vault head", refpath);
		rc = -1;
		goto out;
	}
	have_parent = rc == 0;
	rc = -1;
	vault_clear();
	if (have_parent && git_commit_lookup(&parent, v->repo, &parent_id)
	    != 0) {
		char hex[VAULT_OID_HEX];

		git_oid_tostr(hex, sizeof(hex), &parent_id);
		vault_giterr_path(err, errlen, "vault head commit", hex);
		goto out;
	}
	qsort(v->updates, v->nupdates, sizeof(*v->updates), vault_update_cmp);
	vault_clear();
	if (vault_build_tree(v, have_parent ? git_commit_tree_id(parent) :
	    NULL, v->updates, v->nupdates, 0, &tree_id) != 0) {
		vault_giterr(err, errlen, "vault tree");
		goto out;
	}
	vault_clear();
	if (vault_write_commit(v, &commit_id, &tree_id, have_parent ?
	    &parent_id : NULL, message, now) != 0) {
		vault_giterr(err, errlen, "vault commit object");
		goto out;
	}
	if (vault_flush_pack(v, err, errlen) == -1)
		goto out;
	/* Compare-and-swap: only move main from the head we built on. */
	vault_clear();
	if (have_parent)
		rc = git_reference_create_matching(&ref, v->repo, VAULT_BRANCH,
		    &commit_id, 1, &parent_id, "docketd: commit");
	else
		rc = git_reference_create(&ref, v->repo, VAULT_BRANCH,
		    &commit_id, 0, "docketd: initial commit");
	if (rc != 0) {
		vault_giterr_path(err, errlen, "vault ref", refpath);
		rc = -1;
		/*
		 * The error may come after the rename (the fsync of
		 * refs/heads, the reflog): then main already names this
		 * commit, and a retry must not make a second one.
		 */
		if (git_reference_name_to_id(&head_id, v->repo,
		    VAULT_BRANCH) != 0 || !git_oid_equal(&head_id, &commit_id))
			goto out;
		git_oid_tostr(oid, VAULT_OID_HEX, &commit_id);
		if (when != NULL)
			*when = now;
		log_warnx("vault: %s, but main moved to %.12s; syncing "
		    "refs/heads again", err, oid);
		if (vault_sync(v, err, errlen) == -1) {
			rc = -2;
			goto out;
		}
		rc = 0;
		goto out;
	}
	git_oid_tostr(oid, VAULT_OID_HEX, &commit_id);
	if (when != NULL)
		*when = now;
	rc = 0;
out:
	vault_discard(v);
	git_reference_free(ref);
	git_commit_free(parent);
	if (rc != -1 && v->on_commit != NULL)
		v->on_commit(v->on_commit_arg);
	/* A merge that ended: its sources are gone, read the new pack. */
	if (rc != -1 && vault_repack_tick(v->repack, v->repo) == 1)
		vault_reopen(v);
	return rc;
}

void
vault_on_commit(struct vault *v, void (*fn)(void *), void *arg)
{
	v->on_commit = fn;
	v->on_commit_arg = arg;
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
	vault_clear();
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
	*buf = xmalloc(*len + 1);
	memcpy(*buf, git_blob_rawcontent(blob), *len);
	(*buf)[*len] = '\0';
	git_object_free(obj);
	return 0;
}

int
vault_list(struct vault *v, const char *dir, vault_list_cb cb, void *arg,
    char *err, size_t errlen)
{
	git_object	*obj = NULL;
	git_tree	*tree;
	char		 spec[512];
	size_t		 i, n;
	int		 rc;

	snprintf(spec, sizeof(spec), "%s:%s", VAULT_BRANCH, dir);
	vault_clear();
	rc = git_revparse_single(&obj, v->repo, spec);
	if (rc == GIT_ENOTFOUND)
		return 1;
	if (rc != 0 || git_object_type(obj) != GIT_OBJECT_TREE) {
		vault_giterr(err, errlen, spec);
		git_object_free(obj);
		return -1;
	}
	tree = (git_tree *)obj;
	n = git_tree_entrycount(tree);
	for (i = 0, rc = 0; rc == 0 && i < n; i++)
		rc = cb(git_tree_entry_name(git_tree_entry_byindex(tree, i)),
		    arg);
	git_object_free(obj);
	return rc < 0 ? -1 : 0;
}

int
vault_tree_id(struct vault *v, const char *dir, char oid[VAULT_OID_HEX])
{
	git_object	*obj = NULL;
	char		 spec[512];
	int		 rc;

	snprintf(spec, sizeof(spec), "%s:%s", VAULT_BRANCH, dir);
	rc = git_revparse_single(&obj, v->repo, spec);
	if (rc == GIT_ENOTFOUND)
		return 1;
	if (rc != 0)
		return -1;
	git_oid_tostr(oid, VAULT_OID_HEX, git_object_id(obj));
	git_object_free(obj);
	return 0;
}
