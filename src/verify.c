/*
 * verify: `docketctl verify`, the check that the index and the vault
 * agree and that the vault's object store is sound.
 *
 * LMDB is read a record at a time with the caller's read transaction (a
 * vault may hold a million records; none is kept after its check), and
 * the vault through a git_repository of our own, at the commit LMDB has
 * indexed (meta vault_head): a daemon committing meanwhile changes
 * nothing we look at, and a head ahead of the index is only a note.
 *
 * For each LMDB record, in its directory records/<a>/<b>/<id>
 * (vault_record_dir):
 *   record.json   is record_vault_json() of the LMDB record, byte for byte;
 *   original.*    has the record's sha256;
 *   events.jsonl  holds the record's LMDB event rows, one line each with
 *                 its LF, in seq order (seq = line number); no rows, no
 *                 file.
 * The vault only ever adds or replaces files, so a new version in another
 * format leaves the earlier version's original.<ext> beside its own.  A
 * directory with several originals is sound when one has the record's
 * sha256 and every other one an earlier version's (the versions table).
 *
 * Then the records/<a>/<b>/ trees are walked for directories LMDB does
 * not know, and `git fsck --strict` checks the objects themselves.  It is
 * run without a shell; its stdout and stderr share one pipe so that its
 * lines keep their order, and it is waited for without a time limit (a
 * large vault takes minutes).
 *
 * An object the vault cannot read is a problem, reported and passed over;
 * only what stops the check as a whole (no repository, an LMDB error, no
 * memory) is a failure.
 *
 * On a terminal (verify_run_progress with stderr) each phase shows a
 * progress line (progress.c): the records against their directories
 * (counted against LMDB's record count), the vault's record shards, then
 * git fsck; a problem line first erases it, so the two never mix.
 */

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "errbuf.h"
#include "record.h"
#include "sha256.h"
#include "store.h"
#include "vault.h"
#include "exttool.h"
#include "progress.h"
#include "verify.h"

/* Longest tree entry name quoted in a problem. */
#define VERIFY_NAME_MAX		200
/* A commit id as quoted: git's usual abbreviation. */
#define VERIFY_ABBREV		12

struct verify_ctx {
	struct store		*st;
	MDB_txn			*txn;
	git_repository		*repo;
	git_tree		*root;		/* tree of the indexed head */
	FILE			*out;
	struct verify_report	*rep;
	struct progress		 prog;		/* the phase's line */
	FILE			*progfp;	/* where it goes, or NULL */
	char			*err;
	size_t			 errlen;
	int			 failed;	/* err is set; stop */
};

/* One original.* of a record directory. */
struct verify_orig {
	char	name[VERIFY_NAME_MAX + 1];
	char	hex[SHA256_HEX_LEN + 1];
	int	current;	/* has the record's sha256 */
	int	earlier;	/* has a version row's sha256 */
};

struct verify_origs {
	struct verify_orig	*v;
	size_t			 n;
};

/* Where events.jsonl is against the LMDB rows, as they are walked. */
struct verify_events {
	const char	*p, *end;	/* the rest of events.jsonl */
	size_t		 rows;		/* LMDB rows seen */
	size_t		 bad_line;	/* first line that differs, or 0 */
	size_t		 bad_seq;	/* first row out of sequence, or 0 */
	uint32_t	 seq;		/* its seq */
};

static void	 verify_problem(struct verify_ctx *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static void	 verify_note(struct verify_ctx *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static void	 verify_fail(struct verify_ctx *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static const char *verify_gitmsg(void);
static void	 verify_clean(const char *, char *, size_t);
static int	 verify_blob(struct verify_ctx *, const char *, git_tree *,
		    const char *, git_blob **);
static void	 verify_record_json(struct verify_ctx *, const char *,
		    json_t *, git_tree *);
static int	 verify_version_cb(json_t *, void *);
static void	 verify_original(struct verify_ctx *, const char *, uint64_t,
		    json_t *, git_tree *);
static int	 verify_event_cb(uint32_t, const char *, size_t, void *);
static void	 verify_events(struct verify_ctx *, const char *, uint64_t,
		    git_tree *);
static int	 verify_record(json_t *, void *);
static int	 verify_subtree(struct verify_ctx *, const char *,
		    const git_tree_entry *, git_tree **);
static void	 verify_vault_dir(struct verify_ctx *, const char *,
		    const git_tree_entry *);
static void	 verify_walk(struct verify_ctx *);
static int	 verify_head(struct verify_ctx *, git_commit **);
static int	 verify_fsck(const char *, FILE *, struct progress *,
		    struct verify_report *, char *, size_t);

/* A problem: one line to out, counted. */
static void
verify_problem(struct verify_ctx *ctx, const char *fmt, ...)
{
	va_list	ap;

	progress_clear(&ctx->prog);
	va_start(ap, fmt);
	vfprintf(ctx->out, fmt, ap);
	va_end(ap);
	fputc('\n', ctx->out);
	fflush(ctx->out);
	ctx->rep->problems++;
}

/* A note: one line to out, not counted. */
static void
verify_note(struct verify_ctx *ctx, const char *fmt, ...)
{
	va_list	ap;

	progress_clear(&ctx->prog);
	va_start(ap, fmt);
	vfprintf(ctx->out, fmt, ap);
	va_end(ap);
	fputc('\n', ctx->out);
	fflush(ctx->out);
}

/* The check cannot go on: the reason goes to err. */
static void
verify_fail(struct verify_ctx *ctx, const char *fmt, ...)
{
	va_list	ap;

	if (ctx->failed)
		return;
	va_start(ap, fmt);
	vsnprintf(ctx->err, ctx->errlen, fmt, ap);
	va_end(ap);
	ctx->failed = 1;
}

static const char *
verify_gitmsg(void)
{
	const git_error	*e = git_error_last();

	return e != NULL && e->message != NULL ? e->message :
	    "unknown libgit2 error";
}

/* A name from the vault, fit to print: control characters become '?'. */
static void
verify_clean(const char *s, char *buf, size_t len)
{
	size_t	i;

	for (i = 0; s[i] != '\0' && i + 1 < len && i < VERIFY_NAME_MAX; i++)
		buf[i] = ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) ? '?' :
		    s[i];
	buf[i] = '\0';
}

/*
 * The file name in the record directory dt.  0 with *blob, 1 when there
 * is no such entry, 2 when there is one that is no readable file (which
 * is reported here).
 */
static int
verify_blob(struct verify_ctx *ctx, const char *id, git_tree *dt,
    const char *name, git_blob **blob)
{
	const git_tree_entry	*te;

	*blob = NULL;
	if ((te = git_tree_entry_byname(dt, name)) == NULL)
		return 1;
	if (git_tree_entry_type(te) != GIT_OBJECT_BLOB) {
		verify_problem(ctx, "%s: %s is not a file", id, name);
		return 2;
	}
	if (git_blob_lookup(blob, ctx->repo, git_tree_entry_id(te)) != 0) {
		verify_problem(ctx, "%s: %s cannot be read: %s", id, name,
		    verify_gitmsg());
		*blob = NULL;
		return 2;
	}
	return 0;
}

static void
verify_record_json(struct verify_ctx *ctx, const char *id, json_t *rec,
    git_tree *dt)
{
	git_blob	*blob;
	char		*want;
	size_t		 len;
	int		 rc;

	if ((rc = verify_blob(ctx, id, dt, "record.json", &blob)) == 1)
		verify_problem(ctx, "%s: no record.json in the vault", id);
	if (rc != 0)
		return;
	if ((want = record_vault_json(rec, &len)) == NULL) {
		verify_fail(ctx, "out of memory");
		git_blob_free(blob);
		return;
	}
	if ((git_object_size_t)len != git_blob_rawsize(blob) ||
	    memcmp(want, git_blob_rawcontent(blob), len) != 0)
		verify_problem(ctx, "%s: record.json differs from the index",
		    id);
	free(want);
	git_blob_free(blob);
}

/* Mark the originals that have this version row's sha256. */
static int
verify_version_cb(json_t *ver, void *arg)
{
	struct verify_origs	*o = arg;
	const char		*sha = record_str(ver, "sha256");
	size_t			 i;

	for (i = 0; sha != NULL && i < o->n; i++)
		if (strcmp(o->v[i].hex, sha) == 0)
			o->v[i].earlier = 1;
	return 0;
}

static void
verify_original(struct verify_ctx *ctx, const char *id, uint64_t nid,
    json_t *rec, git_tree *dt)
{
	struct verify_origs	 o;
	struct verify_orig	*tmp;
	const git_tree_entry	*te;
	const char		*sha = record_str(rec, "sha256"), *name;
	git_blob		*blob;
	size_t			 i, n, cur;
	int			 rc;

	memset(&o, 0, sizeof(o));
	n = git_tree_entrycount(dt);
	for (i = 0; i < n; i++) {
		te = git_tree_entry_byindex(dt, i);
		name = git_tree_entry_name(te);
		if (strncmp(name, "original.", 9) != 0)
			continue;
		if ((rc = verify_blob(ctx, id, dt, name, &blob)) != 0)
			continue;
		if ((tmp = reallocarray(o.v, o.n + 1, sizeof(*o.v))) == NULL) {
			git_blob_free(blob);
			verify_fail(ctx, "out of memory");
			goto out;
		}
		o.v = tmp;
		memset(&o.v[o.n], 0, sizeof(o.v[o.n]));
		verify_clean(name, o.v[o.n].name, sizeof(o.v[o.n].name));
		sha256_hex(git_blob_rawcontent(blob),
		    (size_t)git_blob_rawsize(blob), o.v[o.n].hex);
		o.v[o.n].current = sha != NULL &&
		    strcmp(o.v[o.n].hex, sha) == 0;
		git_blob_free(blob);
		ctx->rep->originals++;
		o.n++;
	}
	if (sha == NULL) {
		verify_problem(ctx, "%s: the index has no sha256", id);
		goto out;
	}
	if (o.n == 0) {
		verify_problem(ctx, "%s: no original.* in the vault", id);
		goto out;
	}
	if (o.n == 1) {
		if (!o.v[0].current)
			verify_problem(ctx, "%s: %s sha256 %s != index %s", id,
			    o.v[0].name, o.v[0].hex, sha);
		goto out;
	}

	/* Several: the others must be earlier versions'. */
	if ((rc = store_each_version(ctx->st, ctx->txn, nid,
	    verify_version_cb, &o)) != 0) {
		verify_fail(ctx, "%s: index versions: %s", id,
		    store_strerror(rc));
		goto out;
	}
	for (i = 0, cur = 0; i < o.n; i++) {
		if (o.v[i].current)
			cur++;
		else if (!o.v[i].earlier)
			verify_problem(ctx, "%s: %s sha256 %s is no version "
			    "in the index", id, o.v[i].name, o.v[i].hex);
	}
	if (cur == 0)
		verify_problem(ctx, "%s: no original.* has the index sha256 "
		    "%s", id, sha);
out:
	free(o.v);
}

/* Compare one LMDB row with the next line of events.jsonl. */
static int
verify_event_cb(uint32_t seq, const char *line, size_t len, void *arg)
{
	struct verify_events	*ev = arg;
	const char		*lf;
	size_t			 n;

	ev->rows++;
	if (seq != ev->rows && ev->bad_seq == 0) {
		ev->bad_seq = ev->rows;
		ev->seq = seq;
	}
	if (ev->p >= ev->end)
		return 0;	/* the file is shorter: counted after */
	lf = memchr(ev->p, '\n', (size_t)(ev->end - ev->p));
	n = lf != NULL ? (size_t)(lf - ev->p) : (size_t)(ev->end - ev->p);
	if ((lf == NULL || n != len || memcmp(ev->p, line, len) != 0) &&
	    ev->bad_line == 0)
		ev->bad_line = ev->rows;
	ev->p = lf != NULL ? lf + 1 : ev->end;
	return 0;
}

static void
verify_events(struct verify_ctx *ctx, const char *id, uint64_t nid,
    git_tree *dt)
{
	struct verify_events	 ev;
	git_blob		*blob;
	const char		*buf, *p;
	size_t			 len, lines;
	int			 rc;

	if ((rc = verify_blob(ctx, id, dt, "events.jsonl", &blob)) == 2)
		return;
	memset(&ev, 0, sizeof(ev));
	buf = blob != NULL ? git_blob_rawcontent(blob) : "";
	len = blob != NULL ? (size_t)git_blob_rawsize(blob) : 0;
	ev.p = buf;
	ev.end = buf + len;
	if ((rc = store_each_event(ctx->st, ctx->txn, nid, verify_event_cb,
	    &ev)) != 0) {
		verify_fail(ctx, "%s: index events: %s", id,
		    store_strerror(rc));
		git_blob_free(blob);
		return;
	}
	ctx->rep->events += ev.rows;

	/* Lines in the file; a last one without its LF counts. */
	for (lines = 0, p = buf; p < buf + len; lines++) {
		if ((p = memchr(p, '\n', (size_t)(buf + len - p))) == NULL)
			break;
		p++;
	}
	if (blob == NULL) {
		if (ev.rows > 0)
			verify_problem(ctx, "%s: no events.jsonl in the vault, "
			    "the index has %zu events", id, ev.rows);
	} else if (ev.rows == 0)
		verify_problem(ctx, "%s: events.jsonl has %zu events, the "
		    "index none", id, lines);
	else if (lines != ev.rows)
		verify_problem(ctx, "%s: events.jsonl has %zu events, the "
		    "index %zu", id, lines, ev.rows);
	else if (ev.bad_line != 0)
		verify_problem(ctx, "%s: events.jsonl line %zu differs from "
		    "the index", id, ev.bad_line);
	if (ev.bad_seq != 0)
		verify_problem(ctx, "%s: the index numbers event %zu seq %u",
		    id, ev.bad_seq, ev.seq);
	git_blob_free(blob);
}

/* store_each_record: one LMDB record against its vault directory. */
static int
verify_record(json_t *rec, void *arg)
{
	struct verify_ctx	*ctx = arg;
	git_tree_entry		*te = NULL;
	git_tree		*dt = NULL;
	const char		*id = record_str(rec, "id");
	char			 dir[128];
	uint64_t		 nid;
	int			 rc;

	ctx->rep->records++;
	progress_update(&ctx->prog, ctx->rep->records);
	if (id == NULL || store_id_parse(id, &nid) == -1) {
		verify_problem(ctx, "index record %zu has no valid id",
		    ctx->rep->records);
		return 0;
	}
	vault_record_dir(store_seq_from(ctx->st), id, dir, sizeof(dir));
	if ((rc = git_tree_entry_bypath(&te, ctx->root, dir)) != 0) {
		if (rc == GIT_ENOTFOUND)
			verify_problem(ctx, "%s: in the index but not in the "
			    "vault (%s)", id, dir);
		else
			verify_problem(ctx, "%s: %s cannot be read: %s", id,
			    dir, verify_gitmsg());
		return 0;
	}
	if (git_tree_entry_type(te) != GIT_OBJECT_TREE)
		verify_problem(ctx, "%s: %s is not a directory", id, dir);
	else if (git_tree_lookup(&dt, ctx->repo, git_tree_entry_id(te)) != 0)
		verify_problem(ctx, "%s: %s cannot be read: %s", id, dir,
		    verify_gitmsg());
	else {
		verify_record_json(ctx, id, rec, dt);
		if (!ctx->failed)
			verify_original(ctx, id, nid, rec, dt);
		if (!ctx->failed)
			verify_events(ctx, id, nid, dt);
	}
	git_tree_free(dt);
	git_tree_entry_free(te);
	return ctx->failed;
}

/* The tree of entry te in a walk under path; 0, or -1 when reported. */
static int
verify_subtree(struct verify_ctx *ctx, const char *path,
    const git_tree_entry *te, git_tree **out)
{
	*out = NULL;
	if (git_tree_entry_type(te) != GIT_OBJECT_TREE) {
		verify_problem(ctx, "%s: not a directory", path);
		return -1;
	}
	if (git_tree_lookup(out, ctx->repo, git_tree_entry_id(te)) != 0) {
		verify_problem(ctx, "%s: cannot be read: %s", path,
		    verify_gitmsg());
		*out = NULL;
		return -1;
	}
	return 0;
}

/* A directory records/<a>/<b>/<name>: a record LMDB must know, where
 * vault_record_dir puts it. */
static void
verify_vault_dir(struct verify_ctx *ctx, const char *path,
    const git_tree_entry *te)
{
	const char	*name = git_tree_entry_name(te);
	char		 idbuf[STORE_ID_LEN], want[128];
	json_t		*rec;
	uint64_t	 id;
	int		 rc;

	if (git_tree_entry_type(te) != GIT_OBJECT_TREE || name[0] != 'D' ||
	    store_id_parse(name, &id) == -1) {
		verify_problem(ctx, "%s: not a record directory", path);
		return;
	}
	store_id_format(id, idbuf);
	if (strcmp(idbuf, name) != 0) {
		verify_problem(ctx, "%s: not a record directory", path);
		return;
	}
	vault_record_dir(store_seq_from(ctx->st), name, want,
	    sizeof(want));
	if (strcmp(want, path) != 0)
		verify_problem(ctx, "%s: in the wrong shard (%s)", path, want);
	rc = store_get_record(ctx->st, ctx->txn, id, &rec);
	if (rc == MDB_NOTFOUND)
		verify_problem(ctx, "%s: in the vault but not in the index",
		    path);
	else if (rc != 0)
		verify_fail(ctx, "%s: index: %s", name, store_strerror(rc));
	else
		json_decref(rec);
}

/* records/<a>/<b>/<id>: what the vault holds that LMDB must know. */
static void
verify_walk(struct verify_ctx *ctx)
{
	const git_tree_entry	*te, *e1, *e2, *e3;
	git_tree		*recs = NULL, *t1, *t2;
	char			 n1[VERIFY_NAME_MAX + 1], n2[VERIFY_NAME_MAX + 1];
	char			 n3[VERIFY_NAME_MAX + 1];
	char			 path[3 * VERIFY_NAME_MAX + 16];
	size_t			 i, j, k;
	uint64_t		 dirs = 0;

	if ((te = git_tree_entry_byname(ctx->root, "records")) == NULL ||
	    verify_subtree(ctx, "records", te, &recs) == -1)
		return;
	/* Counted in record directories against the index's records: the
	 * first level has 16 entries at a million (vault_record_dir). */
	progress_start(&ctx->prog, ctx->progfp, "校验档案目录", " 件",
	    ctx->rep->records);
	for (i = 0; !ctx->failed && i < git_tree_entrycount(recs); i++) {
		e1 = git_tree_entry_byindex(recs, i);
		verify_clean(git_tree_entry_name(e1), n1, sizeof(n1));
		snprintf(path, sizeof(path), "records/%s", n1);
		if (verify_subtree(ctx, path, e1, &t1) == -1)
			continue;
		for (j = 0; !ctx->failed && j < git_tree_entrycount(t1); j++) {
			e2 = git_tree_entry_byindex(t1, j);
			verify_clean(git_tree_entry_name(e2), n2, sizeof(n2));
			snprintf(path, sizeof(path), "records/%s/%s", n1, n2);
			if (verify_subtree(ctx, path, e2, &t2) == -1)
				continue;
			for (k = 0; !ctx->failed &&
			    k < git_tree_entrycount(t2); k++) {
				e3 = git_tree_entry_byindex(t2, k);
				verify_clean(git_tree_entry_name(e3), n3,
				    sizeof(n3));
				snprintf(path, sizeof(path), "records/%s/%s/%s",
				    n1, n2, n3);
				verify_vault_dir(ctx, path, e3);
				progress_update(&ctx->prog, ++dirs);
			}
			git_tree_free(t2);
		}
		git_tree_free(t1);
	}
	progress_update(&ctx->prog, dirs);
	if (ctx->failed)
		progress_clear(&ctx->prog);
	else
		progress_end(&ctx->prog);
	git_tree_free(recs);
}

/*
 * The indexed head against the vault's main.  0 with *commit when the
 * records can be checked at it; 1 when they cannot (reported); -1 on a
 * failure.
 */
static int
verify_head(struct verify_ctx *ctx, git_commit **commit)
{
	git_oid		 idx, head;
	char		 buf[128], hhex[GIT_OID_HEXSZ + 1];
	size_t		 n;
	int		 rc, have_head;

	*commit = NULL;
	rc = git_reference_name_to_id(&head, ctx->repo, VAULT_BRANCH);
	if (rc != 0 && rc != GIT_ENOTFOUND) {
		verify_problem(ctx, "vault %s cannot be read: %s", VAULT_BRANCH,
		    verify_gitmsg());
		return 1;
	}
	have_head = rc == 0;
	if (have_head)
		git_oid_tostr(hhex, sizeof(hhex), &head);

	rc = store_meta_get(ctx->st, ctx->txn, "vault_head", buf, sizeof(buf));
	if (rc == MDB_NOTFOUND) {
		if (have_head)
			verify_note(ctx, "vault head %.*s is ahead of the index "
			    "(none); docketd will index it at start-up",
			    VERIFY_ABBREV, hhex);
		if ((rc = store_count_records(ctx->st, ctx->txn, &n)) != 0) {
			verify_fail(ctx, "index records: %s",
			    store_strerror(rc));
			return -1;
		}
		if (n > 0)
			verify_problem(ctx, "the index has %zu records but no "
			    "vault head", n);
		return 1;
	}
	if (rc != 0) {
		verify_fail(ctx, "index vault_head: %s", store_strerror(rc));
		return -1;
	}
	if (strlen(buf) != GIT_OID_HEXSZ || git_oid_fromstr(&idx, buf) != 0) {
		verify_clean(buf, buf, sizeof(buf));
		verify_problem(ctx, "the index head \"%s\" is not a commit id",
		    buf);
		return 1;
	}
	if (git_commit_lookup(commit, ctx->repo, &idx) != 0) {
		verify_problem(ctx, "the index head %.*s is not in the vault: "
		    "%s", VERIFY_ABBREV, buf, verify_gitmsg());
		*commit = NULL;
		return 1;
	}
	if (!have_head)
		verify_problem(ctx, "the vault has no branch main; the index is "
		    "at %.*s", VERIFY_ABBREV, buf);
	else if (!git_oid_equal(&head, &idx)) {
		rc = git_graph_descendant_of(ctx->repo, &head, &idx);
		if (rc == 1)
			verify_note(ctx, "vault head %.*s is ahead of the index "
			    "(%.*s); docketd will index it at start-up",
			    VERIFY_ABBREV, hhex, VERIFY_ABBREV, buf);
		else if (rc == 0)
			verify_problem(ctx, "vault head %.*s does not descend "
			    "from the index head %.*s", VERIFY_ABBREV, hhex,
			    VERIFY_ABBREV, buf);
		else
			verify_problem(ctx, "vault head %.*s against the index "
			    "head %.*s: %s", VERIFY_ABBREV, hhex, VERIFY_ABBREV,
			    buf, verify_gitmsg());
	}
	return 0;
}

static int
verify_fsck(const char *vault_path, FILE *out, struct progress *prog,
    struct verify_report *rep, char *err, size_t errlen)
{
	char		*argv[7], *gitdir = NULL, *line = NULL;
	FILE		*f = NULL;
	size_t		 cap = 0, n;
	ssize_t		 len, r;
	pid_t		 pid;
	int		 devnull = -1, op[2] = { -1, -1 }, sp[2] = { -1, -1 };
	int		 status = 0, e = 0, rc = -1, i;

	if (asprintf(&gitdir, "--git-dir=%s", vault_path) == -1) {
		gitdir = NULL;
		errbuf_set(err, errlen, "out of memory");
		goto out;
	}
	argv[0] = (char *)"git";
	argv[1] = gitdir;
	argv[2] = (char *)"fsck";
	argv[3] = (char *)"--strict";
	argv[4] = (char *)"--no-progress";
	/* Unreachable objects are no damage (a pack whose commit lost a
	 * race with its ref, until vault_gc.c removes it): not listed. */
	argv[5] = (char *)"--no-dangling";
	argv[6] = NULL;
	if ((devnull = open("/dev/null", O_RDONLY | O_CLOEXEC)) == -1 ||
	    exttool_fd_high(&devnull) == -1 || pipe2(op, O_CLOEXEC) == -1 ||
	    exttool_fd_high(&op[0]) == -1 || exttool_fd_high(&op[1]) == -1 ||
	    pipe2(sp, O_CLOEXEC) == -1 || exttool_fd_high(&sp[0]) == -1 ||
	    exttool_fd_high(&sp[1]) == -1) {
		errbuf_set(err, errlen, "git fsck: cannot set up pipes: %s",
		    strerror(errno));
		goto out;
	}
	fflush(out);
	if ((pid = fork()) == -1) {
		errbuf_set(err, errlen, "git fsck: cannot fork: %s",
		    strerror(errno));
		goto out;
	}
	if (pid == 0)
		exttool_exec_child(argv, devnull, op[1], op[1], sp[1], 1024);
	close(op[1]);
	close(sp[1]);
	close(devnull);
	op[1] = sp[1] = devnull = -1;

	if ((f = fdopen(op[0], "r")) != NULL) {
		op[0] = -1;
		while ((len = getline(&line, &cap, f)) != -1) {
			while (len > 0 && (line[len - 1] == '\n' ||
			    line[len - 1] == '\r'))
				line[--len] = '\0';
			for (n = 0; n < (size_t)len; n++)
				if ((unsigned char)line[n] < 0x20 ||
				    line[n] == 0x7f)
					line[n] = '?';
			progress_clear(prog);
			fprintf(out, "git fsck: %s\n", line);
			fflush(out);
			progress_update(prog, 0);
		}
		fclose(f);
	} else {
		/* Still reap it; its output is lost. */
		fprintf(out, "git fsck: cannot read its output: %s\n",
		    strerror(errno));
		close(op[0]);
		op[0] = -1;
	}
	while ((r = read(sp[0], &e, sizeof(e))) == -1 && errno == EINTR)
		;
	if (r != (ssize_t)sizeof(e))
		e = 0;
	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR) {
			errbuf_set(err, errlen, "git fsck: lost its exit "
			    "status: %s", strerror(errno));
			goto out;
		}
	}

	if (e != 0) {
		if (e == ENOENT)
			fprintf(out, "git fsck: not run, git is not "
			    "installed\n");
		else
			fprintf(out, "git fsck: not run, cannot run git: %s\n",
			    strerror(e));
		rep->fsck_ran = 0;
		rc = 0;
		goto out;
	}
	rep->fsck_ran = 1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		rep->fsck_ok = 1;
	else {
		if (WIFEXITED(status))
			fprintf(out, "git fsck: failed with exit status %d\n",
			    WEXITSTATUS(status));
		else
			fprintf(out, "git fsck: killed by signal %d\n",
			    WIFSIGNALED(status) ? WTERMSIG(status) : -1);
		rep->problems++;
	}
	rc = 0;
out:
	if (devnull != -1)
		close(devnull);
	for (i = 0; i < 2; i++) {
		if (op[i] != -1)
			close(op[i]);
		if (sp[i] != -1)
			close(sp[i]);
	}
	free(line);
	free(gitdir);
	return rc;
}

int
verify_run(struct store *st, MDB_txn *txn, const char *vault_path,
    FILE *out, struct verify_report *rep, char *err, size_t errlen)
{
	return verify_run_progress(st, txn, vault_path, out, NULL, rep, err,
	    errlen);
}

int
verify_run_progress(struct store *st, MDB_txn *txn, const char *vault_path,
    FILE *out, FILE *progfp, struct verify_report *rep, char *err,
    size_t errlen)
{
	struct verify_ctx	 ctx;
	git_commit		*commit = NULL;
	size_t			 nrec = 0;
	int			 rc, ret = -1;

	memset(rep, 0, sizeof(*rep));
	memset(&ctx, 0, sizeof(ctx));
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	ctx.st = st;
	ctx.txn = txn;
	ctx.out = out;
	ctx.rep = rep;
	ctx.err = err;
	ctx.errlen = errlen;
	ctx.progfp = progfp;

	/* As vault.c: nobody's ~/.gitconfig or /etc/gitconfig applies. */
	git_libgit2_init();
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, "");
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_XDG, "");
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, "");
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH,
	    GIT_CONFIG_LEVEL_PROGRAMDATA, "");
	if (git_repository_open_bare(&ctx.repo, vault_path) != 0) {
		errbuf_set(err, errlen, "%s: %s", vault_path, verify_gitmsg());
		ctx.repo = NULL;
		goto out;
	}

	if ((rc = verify_head(&ctx, &commit)) == -1)
		goto out;
	if (rc == 0) {
		if (git_commit_tree(&ctx.root, commit) != 0) {
			verify_problem(&ctx, "the index head's tree cannot be "
			    "read: %s", verify_gitmsg());
			ctx.root = NULL;
		} else {
			/* Only the line's total: a failure shows up below. */
			if (store_count_records(st, txn, &nrec) != 0)
				nrec = 0;
			progress_start(&ctx.prog, progfp, "校验记录", " 件",
			    nrec);
			rc = store_each_record(st, txn, verify_record, &ctx);
			if (rc != 0 && !ctx.failed)
				verify_fail(&ctx, "index records: %s",
				    store_strerror(rc));
			if (ctx.failed) {
				progress_clear(&ctx.prog);
				goto out;
			}
			progress_end(&ctx.prog);
			verify_walk(&ctx);
			if (ctx.failed)
				goto out;
		}
	}

	/* git's own progress would share its pipe with its findings: a line
	 * of ours says it runs. */
	progress_start(&ctx.prog, progfp, "git fsck", NULL, 0);
	rc = verify_fsck(vault_path, out, &ctx.prog, rep, err, errlen);
	if (rc == -1) {
		progress_clear(&ctx.prog);
		goto out;
	}
	progress_end(&ctx.prog);
	ret = rep->problems == 0 ? 0 : 1;
out:
	git_tree_free(ctx.root);
	git_commit_free(commit);
	git_repository_free(ctx.repo);
	git_libgit2_shutdown();
	fflush(out);
	return ret;
}
