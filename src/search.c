/*
 * search: the index file (search.h).  Tables:
 *   doc    FTS5 (docno, title, body, tags), tokenizer "docket", rowid =
 *          the record's number (D000042 -> 42); tags are the filters'
 *          values as words (search_tags): a filter is one more term of
 *          the query, so FTS5 skips through a common word's long doclist
 *          to the few documents that pass, instead of reading it all.
 *          detail=column: the index says which columns of a row hold a
 *          term, not where; a query reads where from the row's text
 *          (search_narrow.c).  Positions were a third of the indexing
 *          CPU, and the index's thread bounds ingest
 *   docs   rowid -> the SHA-256 of the text indexed (so an unchanged text
 *          is not written again) and its tags
 *   meta   key -> value: schema, search_head (the vault commit the index
 *          reflects), rebuild_next (where a rebuild goes on)
 * The journal is SQLite's rollback journal (not WAL): a reader then needs
 * only read access to the file, as for LMDB's data.mdb, and the file and
 * its journal keep the mode docketd gives them.  The journal is truncated
 * at each commit, not removed (journal_mode TRUNCATE): the same
 * durability, with no file made and unlinked for every batch.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "search.h"
#include "search_fts.h"
#include "search_narrow.h"
#include "search_snip.h"
#include "search_tok.h"
#include "xalloc.h"

#define SEARCH_SCHEMA	"4"
#define SEARCH_TAGS	80	/* bytes of a document's tags */
/* FTS5 gathers a transaction's terms in memory up to this many bytes
 * before it writes them as a segment (1 MB by default): a batch of
 * 10 KB documents then makes one or two segments instead of a dozen, and
 * fewer merges follow (tests/bench/ingest.sh: the index's thread took
 * about a fifth less CPU).  Memory: at most this much, while a batch is
 * written. */
#define SEARCH_HASHSIZE	"4194304"
#define SEARCH_SNIP_WIDTH	28	/* characters of a snippet, blanks aside */

enum {
	Q_PUT_DOC, Q_DEL_DOC, Q_PUT_SHA, Q_PUT_ATTR, Q_DEL_SHA, Q_GET_SHA,
	Q_GET_TAGS, Q_GET_DOC,
	Q_META_GET, Q_META_PUT, Q_COUNT, Q_MAXID, Q_N
};

static const char *const search_sql[Q_N] = {
	"INSERT INTO doc(rowid, docno, title, body, tags) VALUES (?1, ?2, ?3, "
	    "?4, ?5)",
	"DELETE FROM doc WHERE rowid = ?1",
	"INSERT OR REPLACE INTO docs(id, sha, tags) VALUES (?1, ?2, ?3)",
	"UPDATE docs SET tags = ?2 WHERE id = ?1",
	"DELETE FROM docs WHERE id = ?1",
	"SELECT sha FROM docs WHERE id = ?1",
	"SELECT tags FROM docs WHERE id = ?1",
	"SELECT docno, title, body FROM doc WHERE rowid = ?1",
	"SELECT v FROM meta WHERE k = ?1",
	"INSERT OR REPLACE INTO meta(k, v) VALUES (?1, ?2)",
	"SELECT count(*) FROM docs",
	"SELECT coalesce(max(id), 0) FROM docs",
};

struct search {
	sqlite3		*db;
	sqlite3_stmt	*q[Q_N];
	int		 damaged;	/* SQLite said the file is corrupt */
};

/* The last statement met a damaged file (read before a ROLLBACK, which
 * clears it): the connection remembers it (search_damaged). */
static void
search_note(struct search *s)
{
	int	c = sqlite3_errcode(s->db);

	if (c == SQLITE_CORRUPT || c == SQLITE_NOTADB)
		s->damaged = 1;
}

int
search_damaged(const struct search *s)
{
	return s != NULL && s->damaged;
}

static int
search_err(struct search *s, const char *what, char *err, size_t errlen)
{
	int	e = sqlite3_system_errno(s->db);

	search_note(s);
	/* SQLite's "disk I/O error" says nothing of which: add the errno. */
	if (e != 0)
		snprintf(err, errlen, "%s: %s (%s)", what,
		    sqlite3_errmsg(s->db), strerror(e));
	else
		snprintf(err, errlen, "%s: %s", what, sqlite3_errmsg(s->db));
	return -1;
}

static int
search_exec(struct search *s, const char *sql, char *err, size_t errlen)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return search_err(s, sql, err, errlen);
	return 0;
}

/* The schema and the FTS5 options are in place already: then an open
 * writes nothing (a read, which a reader's lock does not hold up). */
static int
search_schema_ok(struct search *s)
{
	sqlite3_stmt	*q = NULL;
	int		 ok = 0;

	if (sqlite3_prepare_v2(s->db, "SELECT (SELECT v FROM meta WHERE "
	    "k = 'schema'), (SELECT v FROM doc_config WHERE k = 'hashsize')",
	    -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW &&
	    sqlite3_column_text(q, 0) != NULL &&
	    sqlite3_column_text(q, 1) != NULL)
		ok = strcmp((const char *)sqlite3_column_text(q, 0),
		    SEARCH_SCHEMA) == 0 &&
		    strcmp((const char *)sqlite3_column_text(q, 1),
		    SEARCH_HASHSIZE) == 0;
	sqlite3_finalize(q);
	return ok;
}

/* The last statement met another's lock (read before a ROLLBACK, which
 * clears it). */
static int
search_busy(struct search *s)
{
	int	e = sqlite3_errcode(s->db);

	return e == SQLITE_BUSY || e == SQLITE_LOCKED;
}

/* The tables and the FTS5 options: 0, -1 with a message, -2 with a
 * message when another connection's lock held it up past the timeout. */
static int
search_schema(struct search *s, char *err, size_t errlen)
{
	int	busy;

	if (search_schema_ok(s))
		return 0;
	if (search_exec(s, "BEGIN IMMEDIATE", err, errlen) == -1)
		return search_busy(s) ? -2 : -1;
	if (search_exec(s,
	    "CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT);"
	    "CREATE TABLE IF NOT EXISTS docs(id INTEGER PRIMARY KEY, "
	    "sha TEXT NOT NULL, tags TEXT NOT NULL);"
	    "CREATE VIRTUAL TABLE IF NOT EXISTS doc USING fts5(docno, "
	    "title, body, tags, tokenize = 'docket', detail = column);"
	    "INSERT OR IGNORE INTO meta(k, v) VALUES ('schema', '"
	    SEARCH_SCHEMA "');"
	    "INSERT INTO doc(doc, rank) VALUES ('hashsize', "
	    SEARCH_HASHSIZE ");", err, errlen) == -1 ||
	    search_exec(s, "COMMIT", err, errlen) == -1) {
		busy = search_busy(s);
		search_rollback(s);
		return busy ? -2 : -1;
	}
	return 0;
}

/* A rollback journal with something in it lies beside the file (an
 * empty one is what a commit leaves). */
static int
search_journal(const char *path)
{
	struct stat	sb;
	char		j[PATH_MAX + 16];

	snprintf(j, sizeof(j), "%s-journal", path);
	return stat(j, &sb) == 0 && sb.st_size > 0;
}

/* The database holds no table at all (or cannot say so). */
static int
search_empty(struct search *s)
{
	sqlite3_stmt	*q = NULL;
	int		 n = -1;

	if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM sqlite_master",
	    -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	return n == 0;
}

int
search_open(struct search **out, const char *path, int writable,
    unsigned mode, char *err, size_t errlen)
{
	struct search	*s;
	char		 v[16];
	int		 fd, i, rc;

	*out = NULL;
	if (writable) {
		/* The file gets its mode before SQLite writes a byte (and
		 * SQLite gives the journal the file's mode). */
		if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, mode)) ==
		    -1) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			return -1;
		}
		close(fd);
	} else if (access(path, F_OK) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	s = xcalloc(1, sizeof(*s));
	rc = sqlite3_open_v2(path, &s->db, writable ? SQLITE_OPEN_READWRITE :
	    SQLITE_OPEN_READONLY, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, s->db ?
		    sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
		goto fail;
	}
	/* docketd waits for a reader briefly, then tries again later (its
	 * loop must not stall); a reader waits for docketd's commit. */
	sqlite3_busy_timeout(s->db, writable ? 250 : 10000);
	/* A query reads the same doclist pages more than once (candidates,
	 * then snippets): keep them (64 MB at most, as they are used). */
	if (!writable)
		(void)sqlite3_exec(s->db, "PRAGMA cache_size = -65536", NULL,
		    NULL, NULL);
	/* A file with no table yet is one docketd is creating (it makes the
	 * file first, so that it has its mode, then the schema). */
	if (!writable && search_empty(s)) {
		snprintf(err, errlen, "%s: being created", path);
		search_close(s);
		return -2;
	}
	if ((rc = search_fts_register(s->db)) != SQLITE_OK) {
		snprintf(err, errlen, "%s: FTS5 tokenizer: %s", path,
		    sqlite3_errstr(rc));
		goto fail;
	}
	if (writable) {
		/* A reader holding the file past the busy timeout: not a
		 * damaged index, only a later one. */
		if (search_exec(s, "PRAGMA journal_mode = TRUNCATE", err,
		    errlen) == -1 || search_exec(s, "PRAGMA synchronous = FULL",
		    err, errlen) == -1)
			rc = search_busy(s) ? -2 : -1;
		else
			rc = search_schema(s, err, errlen);
		if (rc == -2) {
			search_close(s);
			return -2;
		}
		if (rc == -1)
			goto fail;
	}
	for (i = 0; i < Q_N; i++)
		if (sqlite3_prepare_v3(s->db, search_sql[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &s->q[i], NULL) != SQLITE_OK) {
			if (!writable && search_journal(path)) {
				/* A hot journal only docketd may roll back
				 * (a crash or an I/O error mid-write). */
				snprintf(err, errlen, "%s: being repaired",
				    path);
				search_close(s);
				return -2;
			}
			snprintf(err, errlen, "%s: not a search index (%s)",
			    path, sqlite3_errmsg(s->db));
			goto fail;
		}
	if ((rc = search_meta_get(s, "schema", v, sizeof(v))) != 0 ||
	    strcmp(v, SEARCH_SCHEMA) != 0) {
		snprintf(err, errlen, "%s: not a search index of schema %s",
		    path, SEARCH_SCHEMA);
		if (rc == 0) {		/* an index of another schema */
			search_close(s);
			return -3;
		}
		goto fail;
	}
	*out = s;
	return 0;
fail:
	search_close(s);
	return -1;
}

void
search_close(struct search *s)
{
	int	i;

	if (s == NULL)
		return;
	for (i = 0; i < Q_N; i++)
		sqlite3_finalize(s->q[i]);
	sqlite3_close(s->db);
	free(s);
}

int
search_remove(const char *dbdir)
{
	char	p[PATH_MAX + 32];
	int	rc = 0;

	snprintf(p, sizeof(p), "%s/%s-journal", dbdir, SEARCH_FILE);
	if (unlink(p) == -1 && errno != ENOENT)
		rc = -1;
	snprintf(p, sizeof(p), "%s/%s", dbdir, SEARCH_FILE);
	if (unlink(p) == -1 && errno != ENOENT)
		rc = -1;
	return rc;
}

int
search_begin(struct search *s, char *err, size_t errlen)
{
	return search_exec(s, "BEGIN IMMEDIATE", err, errlen);
}

int
search_commit(struct search *s, char *err, size_t errlen)
{
	if (search_exec(s, "COMMIT", err, errlen) == -1) {
		search_rollback(s);
		return -1;
	}
	return 0;
}

void
search_rollback(struct search *s)
{
	if (!sqlite3_get_autocommit(s->db))
		(void)sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

static int	search_get1(sqlite3_stmt *, char *, size_t);

/* Run a prepared statement that returns no row. */
static int
search_run(struct search *s, sqlite3_stmt *q, char *err, size_t errlen)
{
	int	rc = sqlite3_step(q);

	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	if (rc != SQLITE_DONE)
		return search_err(s, sqlite3_sql(q), err, errlen);
	return 0;
}

int
search_del(struct search *s, uint64_t id, char *err, size_t errlen)
{
	sqlite3_bind_int64(s->q[Q_DEL_DOC], 1, (sqlite3_int64)id);
	if (search_run(s, s->q[Q_DEL_DOC], err, errlen) == -1)
		return -1;
	sqlite3_bind_int64(s->q[Q_DEL_SHA], 1, (sqlite3_int64)id);
	return search_run(s, s->q[Q_DEL_SHA], err, errlen);
}

/* A value as a word of the tags: FNV-1a, 16 hex digits. */
static uint64_t
tag_hash(const char *v)
{
	uint64_t	h = 14695981039346656037ULL;

	for (; *v != '\0'; v++) {
		h ^= (unsigned char)*v;
		h *= 1099511628211ULL;
	}
	return h;
}

/* The tag word of one filter value (kind a, d, s) or year (y). */
static void
tag_word(char *buf, size_t len, char kind, const char *v, int year)
{
	if (kind == 'y')
		snprintf(buf, len, "xy%d", year);
	else
		snprintf(buf, len, "x%c%016llx", kind,
		    (unsigned long long)tag_hash(v));
}

/* The tags of a document: a word for each value it has. */
static void
search_tags(const struct search_attr *a, char *buf, size_t len)
{
	char	w[24];
	size_t	n = 0;

	buf[0] = '\0';
	if (a->agency != NULL) {
		tag_word(w, sizeof(w), 'a', a->agency, 0);
		n += (size_t)snprintf(buf + n, len - n, "%s ", w);
	}
	if (a->disclosure != NULL) {
		tag_word(w, sizeof(w), 'd', a->disclosure, 0);
		n += (size_t)snprintf(buf + n, len - n, "%s ", w);
	}
	if (a->status != NULL) {
		tag_word(w, sizeof(w), 's', a->status, 0);
		n += (size_t)snprintf(buf + n, len - n, "%s ", w);
	}
	if (a->year > 0 && n < len) {
		tag_word(w, sizeof(w), 'y', NULL, a->year);
		snprintf(buf + n, len - n, "%s", w);
	}
}

/* Write the FTS row of a document. */
static int
search_put_row(struct search *s, uint64_t id, const char *docno,
    const char *title, const char *text, size_t len, const char *tags,
    char *err, size_t errlen)
{
	sqlite3_stmt	*q = s->q[Q_PUT_DOC];

	sqlite3_bind_int64(q, 1, (sqlite3_int64)id);
	sqlite3_bind_text(q, 2, docno ? docno : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, title ? title : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, text, (int)len, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, tags, -1, SQLITE_STATIC);
	return search_run(s, q, err, errlen);
}

int
search_put_attr(struct search *s, uint64_t id, const struct search_attr *a,
    char *err, size_t errlen)
{
	sqlite3_stmt	*q = s->q[Q_GET_TAGS];
	char		 tags[SEARCH_TAGS], have[SEARCH_TAGS];
	const char	*v;
	char		*docno, *title, *body;
	int		 rc, blen;

	search_tags(a, tags, sizeof(tags));
	sqlite3_bind_int64(q, 1, (sqlite3_int64)id);
	if ((rc = search_get1(q, have, sizeof(have))) == -1)
		return search_err(s, "reading tags", err, errlen);
	if (rc == 1 || strcmp(have, tags) == 0)
		return 0;
	/* FTS5 cannot change one column: the row is written again from
	 * what it holds. */
	q = s->q[Q_GET_DOC];
	sqlite3_bind_int64(q, 1, (sqlite3_int64)id);
	if (sqlite3_step(q) != SQLITE_ROW) {
		sqlite3_reset(q);
		return search_err(s, "reading a document", err, errlen);
	}
	docno = xstrdup((const char *)sqlite3_column_text(q, 0) ?
	    (const char *)sqlite3_column_text(q, 0) : "");
	title = xstrdup((const char *)sqlite3_column_text(q, 1) ?
	    (const char *)sqlite3_column_text(q, 1) : "");
	/* The body by its length: a NUL inside is the text's own. */
	v = (const char *)sqlite3_column_text(q, 2);
	blen = sqlite3_column_bytes(q, 2);
	body = xmalloc((size_t)blen + 1);
	if (v != NULL)
		memcpy(body, v, (size_t)blen);
	body[v != NULL ? blen : 0] = '\0';
	if (v == NULL)
		blen = 0;
	sqlite3_reset(q);
	sqlite3_bind_int64(s->q[Q_DEL_DOC], 1, (sqlite3_int64)id);
	rc = search_run(s, s->q[Q_DEL_DOC], err, errlen);
	if (rc == 0)
		rc = search_put_row(s, id, docno, title, body, (size_t)blen,
		    tags, err, errlen);
	free(docno);
	free(title);
	free(body);
	if (rc == -1)
		return -1;
	q = s->q[Q_PUT_ATTR];
	sqlite3_bind_int64(q, 1, (sqlite3_int64)id);
	sqlite3_bind_text(q, 2, tags, -1, SQLITE_STATIC);
	return search_run(s, q, err, errlen);
}

int
search_put(struct search *s, uint64_t id, const char *sha,
    const struct search_attr *a, const char *docno, const char *title,
    const char *text, size_t len, char *err, size_t errlen)
{
	sqlite3_stmt	*q;
	char		 tags[SEARCH_TAGS];

	search_tags(a, tags, sizeof(tags));
	if (search_del(s, id, err, errlen) == -1 ||
	    search_put_row(s, id, docno, title, text, len, tags, err,
	    errlen) == -1)
		return -1;
	q = s->q[Q_PUT_SHA];
	sqlite3_bind_int64(q, 1, (sqlite3_int64)id);
	sqlite3_bind_text(q, 2, sha, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, tags, -1, SQLITE_STATIC);
	return search_run(s, q, err, errlen);
}

/* One text column of a one-row query into buf: 0, 1 (no row), -1. */
static int
search_get1(sqlite3_stmt *q, char *buf, size_t len)
{
	const unsigned char	*v;
	int			 rc = sqlite3_step(q);

	if (rc == SQLITE_ROW) {
		v = sqlite3_column_text(q, 0);
		snprintf(buf, len, "%s", v ? (const char *)v : "");
		rc = 0;
	} else
		rc = rc == SQLITE_DONE ? 1 : -1;
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	return rc;
}

int
search_sha(struct search *s, uint64_t id, char sha[SEARCH_SHA_LEN + 1])
{
	sqlite3_bind_int64(s->q[Q_GET_SHA], 1, (sqlite3_int64)id);
	return search_get1(s->q[Q_GET_SHA], sha, SEARCH_SHA_LEN + 1);
}

int
search_meta_get(struct search *s, const char *key, char *buf, size_t len)
{
	sqlite3_bind_text(s->q[Q_META_GET], 1, key, -1, SQLITE_STATIC);
	return search_get1(s->q[Q_META_GET], buf, len);
}

int
search_meta_put(struct search *s, const char *key, const char *val,
    char *err, size_t errlen)
{
	sqlite3_bind_text(s->q[Q_META_PUT], 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->q[Q_META_PUT], 2, val, -1, SQLITE_STATIC);
	return search_run(s, s->q[Q_META_PUT], err, errlen);
}

/* The one number a statement's one row holds. */
static int
search_number(sqlite3_stmt *q, uint64_t *n)
{
	int rc = sqlite3_step(q);

	if (rc == SQLITE_ROW)
		*n = (uint64_t)sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? 0 : -1;
}

int
search_count(struct search *s, uint64_t *n)
{
	return search_number(s->q[Q_COUNT], n);
}

int
search_max_id(struct search *s, uint64_t *n)
{
	return search_number(s->q[Q_MAXID], n);
}

/* --- queries -------------------------------------------------------------- */

static int
expr_has_token(void *arg, int co, const char *t, size_t l, size_t a, size_t b)
{
	(void)arg;
	(void)co;
	(void)t;
	(void)l;
	(void)a;
	(void)b;
	return 1;
}

/* Append the piece q[0..n) as one FTS5 string ("..." with " doubled),
 * unless nothing in it is a word. */
static void
expr_piece(char **out, size_t *olen, size_t *ocap, const char *q, size_t n)
{
	size_t	i, need = n * 2 + 4;

	if (search_tokenize(q, n, 1, expr_has_token, NULL) == 0)
		return;
	if (*olen + need + 1 > *ocap) {
		*ocap = (*olen + need + 1) * 2;
		*out = xrealloc(*out, *ocap);
	}
	if (*olen > 0)
		(*out)[(*olen)++] = ' ';
	(*out)[(*olen)++] = '"';
	for (i = 0; i < n; i++) {
		if (q[i] == '"')
			(*out)[(*olen)++] = '"';
		(*out)[(*olen)++] = q[i];
	}
	(*out)[(*olen)++] = '"';
	(*out)[*olen] = '\0';
}

char *
search_expr(const char *q)
{
	char		*out = NULL;
	size_t		 olen = 0, ocap = 0, i = 0, j;

	while (q[i] != '\0') {
		if (q[i] == ' ' || q[i] == '\t' || q[i] == '\n' ||
		    q[i] == '\r') {
			i++;
			continue;
		}
		if (strncmp(q + i, "\xe3\x80\x80", 3) == 0) {	/* U+3000 */
			i += 3;
			continue;
		}
		if (q[i] == '"') {
			j = ++i;
			while (q[j] != '\0' && q[j] != '"')
				j++;
			expr_piece(&out, &olen, &ocap, q + i, j - i);
			i = q[j] == '"' ? j + 1 : j;
			continue;
		}
		j = i;
		while (q[j] != '\0' && q[j] != ' ' && q[j] != '\t' &&
		    q[j] != '\n' && q[j] != '\r' && q[j] != '"' &&
		    strncmp(q + j, "\xe3\x80\x80", 3) != 0)
			j++;
		expr_piece(&out, &olen, &ocap, q + i, j - i);
		i = j;
	}
	return out;
}

/* Keep the best `limit` hits: a min-heap on the score. */
static void
heap_push(struct search_result *r, size_t limit, uint64_t id, double score)
{
	struct search_hit	*h = r->hits, t;
	size_t			 i, c;

	if (r->n < limit) {
		i = r->n++;
		h[i].id = id;
		h[i].score = score;
		while (i > 0 && h[(i - 1) / 2].score > h[i].score) {
			t = h[i];
			h[i] = h[(i - 1) / 2];
			h[(i - 1) / 2] = t;
			i = (i - 1) / 2;
		}
		return;
	}
	if (score <= h[0].score)
		return;
	h[0].id = id;
	h[0].score = score;
	for (i = 0; (c = 2 * i + 1) < r->n; i = c) {
		if (c + 1 < r->n && h[c + 1].score < h[c].score)
			c++;
		if (h[i].score <= h[c].score)
			break;
		t = h[i];
		h[i] = h[c];
		h[c] = t;
	}
}

int
search_hit_cmp(const void *a, const void *b)
{
	const struct search_hit	*x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return x->id < y->id ? 1 : x->id > y->id ? -1 : 0;
}

/* The filters as terms of the tags column ("tags : xa… AND tags : xy2016"),
 * or NULL when there is none. */
static char *
search_filter_tags(const struct search_filter *f)
{
	char	w[4][24], *out;
	size_t	n = 0, i;

	if (f != NULL && f->agency != NULL)
		tag_word(w[n++], sizeof(w[0]), 'a', f->agency, 0);
	if (f != NULL && f->disclosure != NULL)
		tag_word(w[n++], sizeof(w[0]), 'd', f->disclosure, 0);
	if (f != NULL && f->status != NULL)
		tag_word(w[n++], sizeof(w[0]), 's', f->status, 0);
	if (f != NULL && f->year > 0)
		tag_word(w[n++], sizeof(w[0]), 'y', NULL, f->year);
	if (n == 0)
		return NULL;
	out = xmalloc(n * 40);
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i > 0)
			strcat(out, " AND ");
		strcat(out, "tags : ");
		strcat(out, w[i]);
	}
	return out;
}

struct search_push {
	struct search_result	*r;
	size_t			 limit;
};

/* search_narrow's rows into the heap. */
static void
search_push(void *arg, uint64_t id, double score)
{
	struct search_push	*p = arg;

	heap_push(p->r, p->limit, id, score);
}

int
search_query(struct search *s, const char *expr,
    const struct search_filter *f, size_t limit, size_t window,
    struct search_result *r, char *err, size_t errlen)
{
	struct search_push	 push;
	struct search_q		*sq;
	struct search_span	*sp;
	sqlite3_stmt		*q;
	const char		*body;
	char			*tags;
	size_t			 i, blen, nsp;
	int			 rc;

	memset(r, 0, sizeof(*r));
	if (limit == 0)
		return 0;
	if ((sq = search_q_new(expr)) == NULL) {
		snprintf(err, errlen, "query: not an expression: %s", expr);
		return -1;
	}
	r->hits = xcalloc(limit, sizeof(*r->hits));
	tags = search_filter_tags(f);
	push.r = r;
	push.limit = limit;
	rc = search_narrow(s->db, sq, tags, window, search_push, &push,
	    &r->seen, &r->cut, err, errlen);
	free(tags);
	if (rc < 0) {
		s->damaged |= rc == -2;
		search_q_free(sq);
		return -1;
	}
	qsort(r->hits, r->n, sizeof(*r->hits), search_hit_cmp);
	/* Snippets for the hits only: the body around the query's places. */
	q = s->q[Q_GET_DOC];
	for (i = 0; i < r->n; i++) {
		sqlite3_bind_int64(q, 1, (sqlite3_int64)r->hits[i].id);
		body = NULL;
		blen = 0;
		if (sqlite3_step(q) == SQLITE_ROW) {
			body = (const char *)sqlite3_column_text(q, 2);
			blen = (size_t)sqlite3_column_bytes(q, 2);
		}
		search_places(sq, body, blen, &sp, &nsp);
		r->hits[i].snippet = body != NULL ? search_snip(body, blen, sp,
		    nsp, SEARCH_SNIP_WIDTH) : xstrdup("");
		free(sp);
		sqlite3_reset(q);
	}
	search_q_free(sq);
	return 0;
}

void
search_result_free(struct search_result *r)
{
	size_t	i;

	for (i = 0; i < r->n; i++)
		free(r->hits[i].snippet);
	free(r->hits);
	memset(r, 0, sizeof(*r));
}

int
search_optimize(struct search *s, int pages, char *err, size_t errlen)
{
	char	sql[128];

	if (pages <= 0)
		snprintf(sql, sizeof(sql), "INSERT INTO doc(doc) VALUES "
		    "('optimize')");
	else
		snprintf(sql, sizeof(sql), "INSERT INTO doc(doc, rank) VALUES "
		    "('merge', -%d)", pages);
	return search_exec(s, sql, err, errlen);
}

int
search_check(struct search *s, char *err, size_t errlen)
{
	sqlite3_stmt	*q;
	const char	*v;
	char		*p;
	int		 rc, bad = 0;

	if (sqlite3_prepare_v2(s->db, "PRAGMA quick_check", -1, &q, NULL) !=
	    SQLITE_OK)
		return search_err(s, "quick_check", err, errlen);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		v = (const char *)sqlite3_column_text(q, 0);
		if (v != NULL && strcmp(v, "ok") != 0 && !bad) {
			snprintf(err, errlen, "quick_check: %s", v);
			bad = 1;
		}
	}
	if (rc != SQLITE_DONE && !bad) {
		search_err(s, "quick_check", err, errlen);
		bad = 1;
	}
	sqlite3_finalize(q);
	if (bad) {
		/* quick_check's report on one line. */
		for (p = err; (p = strchr(p, '\n')) != NULL; )
			*p = ' ';
		return -1;
	}
	/* FTS5's own check (the index agrees with its content) is an
	 * INSERT: only a writable connection can run it. */
	if (!sqlite3_db_readonly(s->db, "main") && sqlite3_exec(s->db, "INSERT INTO doc(doc) VALUES "
	    "('integrity-check')", NULL, NULL, NULL) != SQLITE_OK)
		return search_err(s, "FTS5 integrity-check", err, errlen);
	return 0;
}
