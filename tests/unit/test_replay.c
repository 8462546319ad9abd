/*
 * Unit tests for replay: a fresh LMDB is rebuilt from the vault alone
 * (records, events, vault_head); an LMDB failure during replay is an
 * error that leaves vault_head where it was, and a second run finishes
 * the work; a replay with nothing to do does nothing; the vault's own
 * tree walk hands on exactly the files libgit2's diff reports, over a
 * random history with additions, changes, unchanged rewrites, removals
 * and a file that becomes a directory.  Faults come from fault.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <git2.h>

#include "change.h"
#include "fault.h"
#include "replay.h"
#include "sha256.h"
#include "store.h"
#include "vault.h"

struct fx {
	char		 dir[64];
	struct store	*st;		/* written live */
	struct store	*st2;		/* rebuilt by replay */
	struct vault	*vt;
};

static int
setup(void **state)
{
	struct fx	*f;
	char		 err[256], path[128];

	f = calloc(1, sizeof(*f));
	assert_non_null(f);
	fault_reset();
	snprintf(f->dir, sizeof(f->dir), "/tmp/docket-replay-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(path, sizeof(path), "%s/db", f->dir);
	if (store_open(&f->st, path, 0, 16 << 20, err, sizeof(err)) != 0)
		fail_msg("store_open: %s", err);
	snprintf(path, sizeof(path), "%s/db2", f->dir);
	if (store_open(&f->st2, path, 0, 16 << 20, err, sizeof(err)) != 0)
		fail_msg("store_open: %s", err);
	snprintf(path, sizeof(path), "%s/vault", f->dir);
	if (vault_open(&f->vt, path, 1, err, sizeof(err)) != 0)
		fail_msg("vault_open: %s", err);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*f = *state;
	char		 cmd[128];
	int		 rc;

	fault_reset();
	vault_close(f->vt);
	store_close(f->st);
	store_close(f->st2);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	rc = system(cmd);
	free(f);
	return rc;
}

static void
commit_rec(struct fx *f, uint64_t n, const char *content)
{
	struct change	*ch;
	json_t		*rec, *ev;
	char		 id[STORE_ID_LEN], hex[SHA256_HEX_LEN + 1];
	char		 commit[VAULT_OID_HEX], err[512];

	store_id_format(n, id);
	sha256_hex(content, strlen(content), hex);
	rec = json_pack("{s:s, s:s, s:s, s:i, s:s, s:s, s:s}", "id", id,
	    "title", "关于加强档案管理的通知", "status", "in_force", "version",
	    1, "sha256", hex, "source_name", "通知.txt", "received_at",
	    "2026-11-28T10:00:00+08:00");
	ev = json_pack("[{s:s, s:s}]", "action", "register", "time",
	    "2026-11-28T10:00:00");
	ch = change_new(f->st, f->vt);
	assert_non_null(ch);
	assert_int_equal(change_put(ch, rec, ev), 0);
	if (change_commit(ch, "register\n", commit, err, sizeof(err)) != 0)
		fail_msg("change_commit: %s", err);
	change_free(ch);
	json_decref(ev);
	json_decref(rec);
}

static int
count_ev(uint32_t seq, const char *line, size_t len, void *arg)
{
	(*(int *)arg)++;
	return 0;
}

/* st2 holds records 1..n with one event each and vault_head = head. */
static void
assert_rebuilt(struct fx *f, int n)
{
	MDB_txn	*txn;
	json_t	*rec;
	char	 head[VAULT_OID_HEX], indexed[VAULT_OID_HEX];
	size_t	 count;
	int	 i, nev;

	assert_int_equal(vault_head(f->vt, head), 0);
	assert_int_equal(store_txn_read(f->st2, &txn), 0);
	assert_int_equal(store_count_records(f->st2, txn, &count), 0);
	assert_int_equal(count, n);
	for (i = 1; i <= n; i++) {
		assert_int_equal(store_get_record(f->st2, txn, i, &rec), 0);
		json_decref(rec);
		nev = 0;
		assert_int_equal(store_each_event(f->st2, txn, i, count_ev,
		    &nev), 0);
		assert_int_equal(nev, 1);
	}
	assert_int_equal(store_meta_get(f->st2, txn, "vault_head", indexed,
	    sizeof(indexed)), 0);
	assert_string_equal(indexed, head);
	store_txn_end(txn);
}

static void
test_rebuild(void **state)
{
	struct fx	*f = *state;
	char		 err[512];

	commit_rec(f, 1, "one");
	commit_rec(f, 2, "two");
	commit_rec(f, 3, "three");
	assert_int_equal(replay_run(f->st2, f->vt, err, sizeof(err)), 3);
	assert_rebuilt(f, 3);
	/* Nothing left to do. */
	assert_int_equal(replay_run(f->st2, f->vt, err, sizeof(err)), 0);
	assert_rebuilt(f, 3);
}

static void
test_store_fails_during_replay(void **state)
{
	struct fx	*f = *state;
	MDB_txn		*txn;
	char		 err[512], indexed[VAULT_OID_HEX];

	commit_rec(f, 1, "one");
	commit_rec(f, 2, "two");
	/* The write transaction's first call fails (replay_run's own read
	 * of vault_head comes before it): the transaction is aborted and
	 * vault_head stays unset. */
	store_fail_after(f->st2, 1, EIO);
	assert_int_equal(replay_run(f->st2, f->vt, err, sizeof(err)), -1);
	assert_non_null(strstr(err, strerror(EIO)));
	assert_int_equal(store_txn_read(f->st2, &txn), 0);
	assert_int_equal(store_meta_get(f->st2, txn, "vault_head", indexed,
	    sizeof(indexed)), MDB_NOTFOUND);
	store_txn_end(txn);
	/* The disk recovers: the next run does it all. */
	assert_int_equal(replay_run(f->st2, f->vt, err, sizeof(err)), 2);
	assert_rebuilt(f, 2);
}

/* --- the tree walk against libgit2's diff ------------------------------ */

struct lines {
	char	*buf;
	size_t	 len, cap;
};

static void
lines_add(struct lines *l, const char *commit, const char *path,
    const void *buf, size_t len)
{
	char	 hex[SHA256_HEX_LEN + 1], line[512];
	int	 n;

	sha256_hex(buf, len, hex);
	n = snprintf(line, sizeof(line), "%s %s %s\n", commit, path, hex);
	assert_true(n > 0 && (size_t)n < sizeof(line));
	if (l->len + (size_t)n + 1 > l->cap) {
		l->cap = (l->len + (size_t)n + 1) * 2;
		assert_non_null(l->buf = realloc(l->buf, l->cap));
	}
	memcpy(l->buf + l->len, line, (size_t)n + 1);
	l->len += (size_t)n;
}

static int
walk_cb(const char *commit, int64_t when, const char *path, const char *buf,
    size_t len, void *arg)
{
	lines_add(arg, commit, path, buf, len);
	return 0;
}

struct ref_ctx {
	git_repository	*repo;
	const char	*commit;
	struct lines	*l;
};

/* What vault_replay hands on, the way it did with git diff. */
static int
ref_delta(const git_diff_delta *d, float progress, void *arg)
{
	struct ref_ctx	*r = arg;
	const char	*p = d->new_file.path;
	size_t		 n = strlen(p);
	git_blob	*blob;

	if (d->status != GIT_DELTA_ADDED && d->status != GIT_DELTA_MODIFIED)
		return 0;
	if (!(n > 12 && strcmp(p + n - 12, "/record.json") == 0) &&
	    !(n > 13 && strcmp(p + n - 13, "/events.jsonl") == 0) &&
	    !(strncmp(p, "cleanup/", 8) == 0 && n > 13 &&
	    strcmp(p + n - 5, ".json") == 0))
		return 0;
	assert_int_equal(git_blob_lookup(&blob, r->repo, &d->new_file.id), 0);
	lines_add(r->l, r->commit, p, git_blob_rawcontent(blob),
	    (size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
	return 0;
}

static void
ref_replay(git_repository *repo, struct lines *l)
{
	git_revwalk	*walk;
	git_oid		 id;
	git_commit	*c, *p;
	git_tree	*t, *pt;
	git_diff	*diff;
	char		 hex[GIT_OID_HEXSZ + 1];
	struct ref_ctx	 r = { repo, hex, l };

	assert_int_equal(git_revwalk_new(&walk, repo), 0);
	assert_int_equal(git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL |
	    GIT_SORT_REVERSE), 0);
	assert_int_equal(git_revwalk_push_ref(walk, "refs/heads/main"), 0);
	while (git_revwalk_next(&id, walk) == 0) {
		git_oid_tostr(hex, sizeof(hex), &id);
		assert_int_equal(git_commit_lookup(&c, repo, &id), 0);
		assert_int_equal(git_commit_tree(&t, c), 0);
		p = NULL;
		pt = NULL;
		if (git_commit_parentcount(c) > 0) {
			assert_int_equal(git_commit_parent(&p, c, 0), 0);
			assert_int_equal(git_commit_tree(&pt, p), 0);
		}
		assert_int_equal(git_diff_tree_to_tree(&diff, repo, pt, t,
		    NULL), 0);
		assert_int_equal(git_diff_foreach(diff, ref_delta, NULL, NULL,
		    NULL, &r), 0);
		git_diff_free(diff);
		git_tree_free(pt);
		git_tree_free(t);
		git_commit_free(p);
		git_commit_free(c);
	}
	git_revwalk_free(walk);
}

static int
line_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The lines sorted (the order within a commit is not the contract). */
static char **
lines_sorted(struct lines *l, size_t *n)
{
	char	**v = NULL, *p;
	size_t	  cap = 0;

	*n = 0;
	for (p = strtok(l->buf, "\n"); p != NULL; p = strtok(NULL, "\n")) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			assert_non_null(v = realloc(v, cap * sizeof(*v)));
		}
		v[(*n)++] = p;
	}
	qsort(v, *n, sizeof(*v), line_cmp);
	return v;
}

static void
test_walk_matches_git_diff(void **state)
{
	static const char *const files[] = { "record.json", "events.jsonl",
	    "text.txt", "original.docx" };
	static const char *const dirs[] = { "records/0a/1b/00000001",
	    "records/0a/1b/00000002", "records/0a/2c/00000003",
	    "records/ff/00/00000004", "records/0a/1b/00000001-x",
	    "cleanup", "applications/0a/00000005", "records/0a" };
	struct fx		*f = *state;
	git_repository		*repo;
	git_tree_update		 up[6];
	git_oid			 tree, commit, parent, blob;
	git_signature		*sig;
	git_commit		*pc;
	git_tree		*bt;
	struct lines		 got = { 0 }, want = { 0 };
	char			 path[6][128], content[32], err[512];
	char			 gitdir[128], **gv, **wv;
	unsigned int		 seed = 20261206;
	size_t			 gn, wn, i;
	int			 k, u, have_parent = 0, typechanges = 0;

	snprintf(gitdir, sizeof(gitdir), "%s/vault", f->dir);
	assert_int_equal(git_repository_open(&repo, gitdir), 0);
	assert_int_equal(git_signature_new(&sig, "test", "test@example.org",
	    1764979200, 480), 0);
	for (k = 0; k < 60; k++) {
		memset(up, 0, sizeof(up));
		for (u = 0; u < 6; u++) {
			const char *d = dirs[rand_r(&seed) % 8];
			int op = (int)(rand_r(&seed) % 10);

			snprintf(path[u], sizeof(path[u]), "%s/%s", d,
			    strcmp(d, "cleanup") == 0 ? "2026-12-01.json" :
			    files[rand_r(&seed) % 4]);
			if (strcmp(d, "records/0a") == 0 && op < 5)
				/* records/0a/1b as a file, then a dir again */
				snprintf(path[u], sizeof(path[u]),
				    "records/0a/1b");
			snprintf(content, sizeof(content), "{\"v\": %u}",
			    rand_r(&seed) % 4);
			up[u].path = path[u];
			up[u].filemode = GIT_FILEMODE_BLOB;
			if (op == 0 && have_parent) {
				up[u].action = GIT_TREE_UPDATE_REMOVE;
			} else {
				up[u].action = GIT_TREE_UPDATE_UPSERT;
				assert_int_equal(git_blob_create_from_buffer(
				    &blob, repo, content, strlen(content)), 0);
				git_oid_cpy(&up[u].id, &blob);
			}
		}
		if (have_parent) {
			assert_int_equal(git_commit_lookup(&pc, repo, &parent),
			    0);
			assert_int_equal(git_commit_tree(&bt, pc), 0);
		} else {
			pc = NULL;
			bt = NULL;
		}
		/* One update per path, removals of what is there only. */
		for (u = 0; u < 6; u++) {
			git_tree_entry *e = NULL;

			for (i = 0; i < (size_t)u; i++)
				if (up[i].path != NULL && up[u].path != NULL &&
				    (strncmp(up[i].path, up[u].path,
				    strlen(up[i].path)) == 0 ||
				    strncmp(up[i].path, up[u].path,
				    strlen(up[u].path)) == 0))
					up[u].path = NULL;
			if (up[u].path != NULL &&
			    up[u].action == GIT_TREE_UPDATE_REMOVE &&
			    (bt == NULL || git_tree_entry_bypath(&e, bt,
			    up[u].path) != 0))
				up[u].path = NULL;
			git_tree_entry_free(e);
		}
		for (i = 0, u = 0; u < 6; u++)
			if (up[u].path != NULL)
				up[i++] = up[u];
		if (git_tree_create_updated(&tree, repo, bt, i, up) != 0) {
			/* A file where a directory is, or the reverse:
			 * take the directory away first. */
			git_tree_update rm = { GIT_TREE_UPDATE_REMOVE,
			    { { 0 } }, GIT_FILEMODE_BLOB, "records/0a/1b" };
			git_tree *mid;

			typechanges++;
			assert_int_equal(git_tree_create_updated(&tree, repo,
			    bt, 1, &rm), 0);
			assert_int_equal(git_tree_lookup(&mid, repo, &tree), 0);
			assert_int_equal(git_tree_create_updated(&tree, repo,
			    mid, i, up), 0);
			git_tree_free(mid);
		}
		{
			git_tree *nt;

			assert_int_equal(git_tree_lookup(&nt, repo, &tree), 0);
			assert_int_equal(git_commit_create(&commit, repo,
			    "refs/heads/main", sig, sig, NULL, "test", nt,
			    pc != NULL ? 1 : 0,
			    (const git_commit *[]){ pc }), 0);
			git_tree_free(nt);
		}
		git_tree_free(bt);
		git_commit_free(pc);
		git_oid_cpy(&parent, &commit);
		have_parent = 1;
	}
	assert_int_equal(vault_replay(f->vt, NULL, walk_cb, &got, err,
	    sizeof(err)), 0);
	ref_replay(repo, &want);
	assert_non_null(got.buf);
	assert_non_null(want.buf);
	gv = lines_sorted(&got, &gn);
	wv = lines_sorted(&want, &wn);
	assert_true(wn > 60);
	assert_true(typechanges > 0);
	assert_int_equal(gn, wn);
	for (i = 0; i < wn; i++)
		assert_string_equal(gv[i], wv[i]);
	free(gv);
	free(wv);
	free(got.buf);
	free(want.buf);
	git_signature_free(sig);
	git_repository_free(repo);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rebuild, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_fails_during_replay,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_walk_matches_git_diff,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
