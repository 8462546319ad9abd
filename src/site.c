/*
 * site: the sync engine of the static site (see site.h).  This file
 * decides what to write: the changed records' pages, the pages of the
 * index keys they are or were on, the pages over everything (home,
 * feeds, years, sitemap index, 负面清单), the cleanup pages and, when
 * the vault's annual/ changed (meta site_annual), the annual reports; it
 * hands each page to site_pages.c to render and site_write.c to write,
 * and moves meta site_head last.
 */
#include <errno.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "log.h"
#include "publish.h"
#include "record.h"
#include "site.h"
#include "site_impl.h"
#include "site_render.h"
#include "site_write.h"
#include "vault_public.h"
#include "xalloc.h"

/* Paths committed to the public branch at once during a rebuild. */
#define SITE_PUBLIC_CHUNK	4096

void
site_now(char *buf, size_t len)
{
	time_t		now = time(NULL);
	struct tm	tm;
	long		off;

	localtime_r(&now, &tm);
	off = tm.tm_gmtoff / 60;
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, off < 0 ? '-' : '+', labs(off) / 60,
	    labs(off) % 60);
}

int
site_on(json_t *rec)
{
	return rec != NULL && json_is_true(json_object_get(rec, "published")) &&
	    publish_eligible(rec);
}

/* --- meta --------------------------------------------------------------- */

struct site_meta_put {
	json_t		*kv;		/* key -> string */
};

static int
site_meta_fn(struct store *st, MDB_txn *txn, void *arg)
{
	struct site_meta_put	*m = arg;
	const char		*k;
	json_t			*v;

	int			 rc;

	/* All or nothing: site_head must not move past a lost site/ID. */
	json_object_foreach(m->kv, k, v)
		if ((rc = store_meta_put(st, txn, k, json_string_value(v))) !=
		    0)
			return rc;
	return 0;
}

int
site_meta_flush(struct site_run *r, char *err, size_t errlen)
{
	struct site_meta_put	m = { r->meta };
	int			rc;

	if (json_object_size(r->meta) == 0)
		return 0;
	if ((rc = store_write(r->e->st, site_meta_fn, &m)) != 0) {
		snprintf(err, errlen, "site: index meta: %s",
		    store_strerror(rc));
		return -1;
	}
	json_object_clear(r->meta);
	return 0;
}

/* What meta "site/ID" says (NULL: nothing on the site). */
static json_t *
site_meta_get(struct site_run *r, const char *id)
{
	char	key[64], *buf;
	json_t	*v;

	snprintf(key, sizeof(key), "site/%s", id);
	if ((v = json_object_get(r->meta, key)) != NULL)
		return json_string_length(v) ? json_loads(json_string_value(v),
		    0, NULL) : NULL;
	buf = xmalloc(8192);
	if (store_meta_get(r->e->st, r->txn, key, buf, 8192) != 0 ||
	    buf[0] == '\0') {
		free(buf);
		return NULL;
	}
	v = json_loads(buf, 0, NULL);
	free(buf);
	return v;
}

/* --- public branch ------------------------------------------------------ */

/*
 * Commit what the run wrote to the public branch.  orphan: as a commit
 * without parent (vault_public_commit), as the end of a rebuild makes
 * it; a commit that takes a page off the branch is one anyway.
 */
int
site_public(struct site_run *r, const char *what, int orphan, char *err,
    size_t errlen)
{
	const char	**paths;
	char		  oid[VAULT_OID_HEX], msg[256];
	size_t		  i, n = site_out_count(r->out);
	int		  rc;

	if (n == 0 && !orphan)
		return 0;
	if (site_out_sync(r->out, err, errlen) == -1)
		return -1;
	paths = xcalloc(n, sizeof(*paths));
	for (i = 0; i < n; i++)
		paths[i] = site_out_path(r->out, i);
	snprintf(msg, sizeof(msg), "site: %s (%.12s)\n", what, r->head);
	rc = vault_public_commit(r->e->cf->vault, site_out_root(r->out),
	    paths, n, orphan, msg, oid, err, errlen);
	free(paths);
	if (rc == 0) {
		r->files += site_out_changed(r->out);
		site_out_clear(r->out);
	}
	return rc;
}

/* --- documents ---------------------------------------------------------- */

/* The extension of a record's original in the vault, or "" */
struct site_ext {
	char	ext[32];
};

static int
site_ext_cb(const char *name, void *arg)
{
	struct site_ext *x = arg;

	if (strncmp(name, "original.", 9) == 0) {
		snprintf(x->ext, sizeof(x->ext), "%s", name + 9);
		return 1;
	}
	return 0;
}

/*
 * An original a browser would open as a page and run (HTML as drafting
 * systems and portals save it, SVG, XML with a stylesheet) is not put on
 * the portal's own address: its text is on the document's page.
 */
static int
site_active_ext(const char *ext)
{
	static const char *const active[] = { "html", "htm", "shtml",
	    "xhtml", "xht", "svg", "svgz", "xml", "xsl", "mht", "mhtml", "js",
	    NULL };
	size_t	i;

	for (i = 0; active[i] != NULL; i++)
		if (strcasecmp(ext, active[i]) == 0)
			return 1;
	return 0;
}

/* A published record by id, or NULL. */
static json_t *
site_get(struct site_run *r, const char *id)
{
	json_t		*rec = NULL;
	uint64_t	 n;

	if (id == NULL || store_id_parse(id, &n) != 0 ||
	    store_get_record(r->e->st, r->txn, n, &rec) != 0)
		return NULL;
	if (!site_on(rec)) {
		json_decref(rec);
		return NULL;
	}
	return rec;
}

struct site_coll {
	json_t	*arr;
	size_t	 max;		/* 0: all */
};

static int
site_coll_cb(json_t *rec, void *arg)
{
	struct site_coll *c = arg;

	if (site_on(rec))
		json_array_append(c->arr, rec);
	return c->max != 0 && json_array_size(c->arr) >= c->max;
}

static int
site_coll_all_cb(json_t *rec, void *arg)
{
	struct site_coll *c = arg;

	json_array_append(c->arr, rec);
	return c->max != 0 && json_array_size(c->arr) >= c->max;
}

/* The related records a document page links (published only). */
static json_t *
site_rel(struct site_run *r, json_t *rec)
{
	struct site_coll	 c;
	json_t			*rel, *x;
	uint64_t		 n;

	rel = json_object();
	x = site_get(r, record_str(rec, "repealed_by"));
	json_object_set_new(rel, "repealed_by", x ? x : json_null());
	x = site_get(r, record_str(rec, "interprets"));
	json_object_set_new(rel, "interprets", x ? x : json_null());
	c.arr = json_array();
	c.max = 100;
	if (store_id_parse(record_str(rec, "id"), &n) == 0 &&
	    store_each_indexed(r->e->st, r->txn, STORE_IDX_INTERPRETS,
	    record_str(rec, "id"), site_coll_cb, &c) != 0)
		json_array_clear(c.arr);
	site_sort(c.arr, 0);
	json_object_set_new(rel, "interpretations", c.arr);
	/* the 领域 cell links the domain's page of the record's year */
	{
		char		 dp[SITE_PATH_MAX];
		const char	*dom = record_str(rec, "domain");

		site_path_domain(dom ? site_domain_no(r, dom) : 0,
		    publish_year(rec), dp);
		json_object_set_new(rel, "domain_path", json_string(dp));
	}
	return rel;
}

/*
 * Write a published record's page and original; the new meta value
 * (its keys and its original's path) goes to r->meta, its keys to
 * r->keys.
 */
int
site_doc_write(struct site_run *r, json_t *rec, char *err, size_t errlen)
{
	struct strbuf	 page = { 0 };
	struct site_ext	 x = { "" };
	char		 keys[PUBLISH_SITE_KEYS][PUBLISH_KEY_MAX];
	char		 dir[256], path[512], fpath[SITE_PATH_MAX];
	char		 dpath[SITE_PATH_MAX], mkey[64], verr[256];
	char		*text = NULL, *orig = NULL, *val;
	const char	*id = record_str(rec, "id");
	json_t		*rel, *meta, *karr;
	size_t		 nk, i, tlen, olen;
	int		 rc = -1;

	vault_record_dir(store_seq_from(r->e->st), id, dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/text.txt", dir);
	if (vault_read(r->e->vt, NULL, path, &text, &tlen, verr,
	    sizeof(verr)) != 0)
		text = NULL;
	fpath[0] = '\0';
	if (vault_list(r->e->vt, dir, site_ext_cb, &x, verr, sizeof(verr)) ==
	    0 && x.ext[0] != '\0' && !site_active_ext(x.ext)) {
		snprintf(path, sizeof(path), "%s/original.%s", dir, x.ext);
		if (vault_read(r->e->vt, NULL, path, &orig, &olen, verr,
		    sizeof(verr)) == 0) {
			site_path_file(id, x.ext, fpath);
			if (site_out_write(r->out, fpath, orig, olen, err,
			    errlen) == -1)
				goto out;
		}
	}
	rel = site_rel(r, rec);
	site_path_doc(id, dpath);
	r->ctx.page = dpath;
	rc = site_render_doc(&page, &r->ctx, rec, text, fpath[0] ? fpath :
	    NULL, rel);
	json_decref(rel);
	if (rc != 0 || page.nomem) {
		snprintf(err, errlen, "site: cannot render %s", id);
		rc = -1;
		goto out;
	}
	if (site_out_write(r->out, dpath, page.s, page.len, err, errlen) ==
	    -1) {
		rc = -1;
		goto out;
	}
	nk = publish_site_keys(rec, keys);
	karr = json_array();
	for (i = 0; i < nk; i++) {
		json_array_append_new(karr, json_string(keys[i]));
		json_object_set_new(r->keys, keys[i], json_true());
	}
	meta = json_pack("{s:o, s:s}", "k", karr, "f", fpath);
	val = json_dumps(meta, JSON_COMPACT);
	json_decref(meta);
	snprintf(mkey, sizeof(mkey), "site/%s", id);
	json_object_set_new(r->meta, mkey, json_string(val));
	free(val);
	r->docs++;
	rc = 0;
out:
	strbuf_free(&page);
	free(text);
	free(orig);
	return rc;
}

/* A record that is not (or no longer) on the site: its page and original
 * go, and the pages it was on are regenerated. */
static int
site_doc_remove(struct site_run *r, const char *id, json_t *old, char *err,
    size_t errlen)
{
	char		 dpath[SITE_PATH_MAX], mkey[64];
	const char	*f;
	json_t		*k;
	size_t		 i;

	site_path_doc(id, dpath);
	if (site_out_remove(r->out, dpath, err, errlen) == -1)
		return -1;
	if ((f = record_str(old, "f")) != NULL && f[0] != '\0' &&
	    site_out_remove(r->out, f, err, errlen) == -1)
		return -1;
	json_array_foreach(json_object_get(old, "k"), i, k)
		if (json_is_string(k))
			json_object_set_new(r->keys, json_string_value(k),
			    json_true());
	if (old != NULL) {
		snprintf(mkey, sizeof(mkey), "site/%s", id);
		json_object_set_new(r->meta, mkey, json_string(""));
	}
	return 0;
}

/* One changed record: its page now, and the keys of before and after. */
static int
site_doc_sync(struct site_run *r, const char *id, char *err, size_t errlen)
{
	json_t		*rec = NULL, *old, *k;
	uint64_t	 n;
	size_t		 i;
	int		 rc;

	old = site_meta_get(r, id);
	if (store_id_parse(id, &n) == 0 &&
	    store_get_record(r->e->st, r->txn, n, &rec) == 0 && site_on(rec)) {
		json_array_foreach(json_object_get(old, "k"), i, k)
			if (json_is_string(k))
				json_object_set_new(r->keys,
				    json_string_value(k), json_true());
		rc = site_doc_write(r, rec, err, errlen);
		/* A moved original (a new version) leaves the old one. */
		if (rc == 0 && record_str(old, "f") != NULL &&
		    record_str(old, "f")[0] != '\0') {
			char	 fpath[SITE_PATH_MAX];
			json_t	*nm;
			char	 mkey[64];

			snprintf(mkey, sizeof(mkey), "site/%s", id);
			nm = json_loads(json_string_value(json_object_get(
			    r->meta, mkey)), 0, NULL);
			snprintf(fpath, sizeof(fpath), "%s",
			    record_str(nm, "f") ? record_str(nm, "f") : "");
			json_decref(nm);
			if (strcmp(fpath, record_str(old, "f")) != 0)
				rc = site_out_remove(r->out,
				    record_str(old, "f"), err, errlen);
		}
	} else
		rc = site_doc_remove(r, id, old, err, errlen);
	json_decref(rec);
	json_decref(old);
	return rc;
}

/* --- the sync ----------------------------------------------------------- */

struct site_changes {
	json_t	*ids;		/* set */
	int	 cleanup;
};

static int
site_replay_cb(const char *commit, int64_t when, const char *path,
    const char *buf, size_t len, void *arg)
{
	struct site_changes	*c = arg;
	const char		*p, *slash;
	char			 id[STORE_ID_LEN + 8];

	(void)commit;
	(void)when;
	(void)buf;
	(void)len;
	if (strncmp(path, "cleanup/", 8) == 0) {
		c->cleanup = 1;
		return 0;
	}
	if (strncmp(path, "records/", 8) != 0 ||
	    (p = strstr(path, "/record.json")) == NULL || p[12] != '\0')
		return 0;
	for (slash = p; slash > path && slash[-1] != '/'; slash--)
		;
	if ((size_t)(p - slash) >= sizeof(id))
		return 0;
	memcpy(id, slash, (size_t)(p - slash));
	id[p - slash] = '\0';
	json_object_set_new(c->ids, id, json_true());
	return 0;
}

static void
site_link(json_t *more, const char *id)
{
	if (id != NULL)
		json_object_set_new(more, id, json_true());
}

/*
 * The pages that link a changed record change with it: the policy it
 * interprets, its interpretations, and the documents it repealed (their
 * repealed_by names it), whether it came onto the site or left it.
 */
static void
site_related(struct site_run *r, json_t *ids)
{
	struct site_coll	 c;
	json_t			*more = json_object(), *rec, *x, *e;
	const char		*id;
	uint64_t		 n, *rids;
	size_t			 i, j, nr;

	json_object_foreach(ids, id, x) {
		rec = NULL;
		if (store_id_parse(id, &n) != 0 || store_get_record(r->e->st,
		    r->txn, n, &rec) != 0)
			continue;
		site_link(more, record_str(rec, "interprets"));
		c.arr = json_array();
		c.max = 100;
		if (store_each_indexed(r->e->st, r->txn, STORE_IDX_INTERPRETS,
		    id, site_coll_all_cb, &c) == 0)
			json_array_foreach(c.arr, i, e)
				site_link(more, record_str(e, "id"));
		json_decref(c.arr);
		/* What it repealed: their list entries link it by docno. */
		c.arr = json_array();
		c.max = 0;
		if (store_each_indexed(r->e->st, r->txn,
		    STORE_IDX_REPEALED_BY, id, site_coll_all_cb, &c) == 0)
			json_array_foreach(c.arr, i, e)
				site_link(more, record_str(e, "id"));
		json_decref(c.arr);
		json_array_foreach(json_object_get(rec, "repeals"), i, e) {
			if (!json_is_string(e) || store_find_docno(r->e->st,
			    r->txn, json_string_value(e), &rids, &nr) != 0)
				continue;
			for (j = 0; j < nr; j++) {
				json_t	*o = NULL;
				char	 oid[STORE_ID_LEN];

				if (store_get_record(r->e->st, r->txn, rids[j],
				    &o) == 0 && record_str(o, "repealed_by") &&
				    strcmp(record_str(o, "repealed_by"), id) ==
				    0) {
					store_id_format(rids[j], oid);
					site_link(more, oid);
				}
				json_decref(o);
			}
			free(rids);
		}
		json_decref(rec);
	}
	json_object_update(ids, more);
	json_decref(more);
}

static int
site_head_of(struct site_env const *e, const char *key, char *buf,
    size_t len)
{
	MDB_txn	*txn;
	int	 rc;

	if ((rc = store_txn_read(e->st, &txn)) != 0)
		return rc;
	rc = store_meta_get(e->st, txn, key, buf, len);
	store_txn_end(txn);
	return rc;
}

static void
site_run_init(struct site_run *r, const struct site_env *e)
{
	memset(r, 0, sizeof(*r));
	r->e = e;
	r->out = site_out_new(e->cf->publish.dir);
	r->keys = json_object();
	r->meta = json_object();
	site_now(r->generated, sizeof(r->generated));
	r->ctx.site_name = e->cf->publish.site_name;
	r->ctx.base_url = e->cf->publish.base_url;
	r->ctx.generated = r->generated;
}

static void
site_run_free(struct site_run *r)
{
	if (r->txn != NULL)
		store_txn_end(r->txn);
	site_out_free(r->out);
	json_decref(r->keys);
	json_decref(r->meta);
	json_decref(r->written);
}

/* The last step: site_head (and the meta of the documents) moves. */
static int
site_finish(struct site_run *r, char *err, size_t errlen)
{
	char key[64];

	if (r->txn != NULL) {
		store_txn_end(r->txn);
		r->txn = NULL;
	}
	/* A list built from a failed read is short: nothing of it goes to
	 * the public branch, and site_head stays for the next try. */
	if (r->read_failed) {
		snprintf(err, errlen, "公开网站：读取索引失败，稍后重试");
		return -1;
	}
	if (site_public(r, r->what, r->rebuild, err, errlen) == -1)
		return -1;
	snprintf(key, sizeof(key), "site_head");
	json_object_set_new(r->meta, key, json_string(r->head));
	json_object_set_new(r->meta, "site_synced",
	    json_string(r->generated));
	json_object_set_new(r->meta, "site_error", json_string(""));
	json_object_set_new(r->meta, "site_format", json_string(SITE_FORMAT));
	return site_meta_flush(r, err, errlen);
}

int
site_note_error(const struct site_env *e, const char *why)
{
	struct site_meta_put	 m;
	char			 ts[64], *line;
	int			 rc;

	record_rfc3339((int64_t)time(NULL), ts, sizeof(ts));
	if (asprintf(&line, "%s %s", ts, why) == -1)
		return -1;
	m.kv = json_pack("{s:s}", "site_error", line);
	free(line);
	if (m.kv == NULL)
		return -1;
	rc = store_write(e->st, site_meta_fn, &m);
	json_decref(m.kv);
	return rc == 0 ? 0 : -1;
}

/* 1 when the vault's annual/ is not the one the site's annual pages were
 * written from (meta site_annual); a failed read counts as changed. */
static int
site_annual_stale(const struct site_env *e)
{
	char	oid[VAULT_OID_HEX], seen[VAULT_OID_HEX];
	int	rc;

	if ((rc = vault_tree_id(e->vt, "annual", oid)) == -1 ||
	    site_head_of(e, "site_annual", seen, sizeof(seen)) != 0)
		return 1;
	return strcmp(seen, rc == 0 ? oid : "none") != 0;
}

int
site_sync(const struct site_env *e, char *err, size_t errlen)
{
	struct site_run		 r;
	struct site_changes	 c = { NULL, 0 };
	char			 head[VAULT_OID_HEX], shead[VAULT_OID_HEX];
	char			 rerr[512];
	const char		*id, *k;
	json_t			*v;
	int			 rc, annual;

	if (e->cf->publish.dir[0] == '\0')
		return 0;
	if (site_head_of(e, "vault_head", head, sizeof(head)) != 0)
		return 0;	/* nothing indexed yet */
	rc = site_head_of(e, "site_head", shead, sizeof(shead));
	{
		/* A site directory emptied (or a new dir): all again. */
		char		home[PATH_MAX + 16];
		struct stat	sb;

		snprintf(home, sizeof(home), "%s/index.html",
		    e->cf->publish.dir);
		if (rc == 0 && stat(home, &sb) == -1 && errno == ENOENT)
			rc = MDB_NOTFOUND;
	}
	if (rc == 0) {
		/* Pages of an older docket: all again, in today's form. */
		char	fmt[64];

		if (site_head_of(e, "site_format", fmt, sizeof(fmt)) != 0 ||
		    strcmp(fmt, SITE_FORMAT) != 0) {
			log_info("site: %s was written by another version of "
			    "docket: writing it all again", e->cf->publish.dir);
			return site_rebuild(e, NULL, NULL, err, errlen) < 0 ?
			    -1 : 1;
		}
	}
	if (rc == 0 && strcmp(head, shead) == 0)
		return 0;
	if (rc != 0) {
		log_info("site: %s has no site yet: writing it all",
		    e->cf->publish.dir);
		return site_rebuild(e, NULL, NULL, err, errlen) < 0 ? -1 : 1;
	}
	c.ids = json_object();
	if (vault_replay(e->vt, shead, site_replay_cb, &c, rerr,
	    sizeof(rerr)) == -1) {
		json_decref(c.ids);
		log_warnx("site: cannot replay from %.12s (%s): writing the "
		    "whole site", shead, rerr);
		return site_rebuild(e, NULL, NULL, err, errlen) < 0 ? -1 : 1;
	}
	annual = site_annual_stale(e);
	site_run_init(&r, e);
	snprintf(r.head, sizeof(r.head), "%s", head);
	snprintf(r.what, sizeof(r.what), "%zu record(s)%s",
	    json_object_size(c.ids), annual ? ", annual reports" : "");
	rc = -1;
	if (store_txn_read(e->st, &r.txn) != 0) {
		snprintf(err, errlen, "site: cannot read the index");
		goto out;
	}
	site_related(&r, c.ids);
	json_object_foreach(c.ids, id, v) {
		uint64_t n;

		if (store_id_parse(id, &n) == 0 && (r.min_changed == 0 ||
		    n < r.min_changed))
			r.min_changed = n;
		if (site_doc_sync(&r, id, err, errlen) == -1)
			goto out;
	}
	if (r.min_changed == 0)
		r.min_changed = UINT64_MAX;	/* cleanup only: no list */
	json_object_foreach(r.keys, k, v)
		if (site_key_pages(&r, k, err, errlen) == -1)
			goto out;
	if ((json_object_size(c.ids) > 0 || c.cleanup) &&
	    site_global_pages(&r, err, errlen) == -1)
		goto out;
	if ((c.cleanup || json_object_size(c.ids) > 0) &&
	    site_cleanup_pages(&r, err, errlen) == -1)
		goto out;
	if (annual && site_annual_pages(&r, err, errlen) == -1)
		goto out;
	if (site_finish(&r, err, errlen) == -1)
		goto out;
	rc = (int)r.files;
	log_debug("site: %.12s: %zu record(s), %d file(s) changed", head,
	    json_object_size(c.ids), rc);
out:
	site_run_free(&r);
	json_decref(c.ids);
	return rc;
}

/* --- the rebuild -------------------------------------------------------- */

struct site_keylist {
	json_t	*keys;		/* [[key, count]…] in key order */
};

static int
site_key_cb(const char *key, size_t len, size_t count, void *arg)
{
	struct site_keylist *l = arg;

	json_array_append_new(l->keys, json_pack("[s#, I]", key, len,
	    (json_int_t)count));
	return 0;
}

json_t *
site_keys(struct site_run *r)
{
	struct site_keylist l;

	l.keys = json_array();
	if (store_each_key(r->e->st, r->txn, STORE_IDX_SITE, site_key_cb,
	    &l) != 0)
		json_array_clear(l.keys);
	return l.keys;
}

struct site_docs {
	struct site_run		*r;
	site_progress_cb	 cb;
	void			*arg;
	size_t			 done, total;
	char			*err;
	size_t			 errlen;
	int			 rc;
};

/* One document of a rebuild, as the index walk gives it: nothing of a
 * month is held, and the document meta and paths go out every 1000. */
static int
site_docs_cb(json_t *rec, void *arg)
{
	struct site_docs	*d = arg;
	struct site_run		*r = d->r;

	if (!site_on(rec))
		return 0;
	if (site_doc_write(r, rec, d->err, d->errlen) == -1) {
		d->rc = -1;
		return 1;
	}
	d->done++;
	if (d->cb != NULL && (d->done % 100 == 0 || d->done == d->total))
		d->cb(d->arg, d->done, d->total);
	if (json_object_size(r->meta) >= 1000 && (site_public(r,
	    "rebuild (part)", 0, d->err, d->errlen) == -1 ||
	    site_meta_flush(r, d->err, d->errlen) == -1)) {
		d->rc = -1;
		return 1;
	}
	return 0;
}

int
site_rebuild(const struct site_env *e, site_progress_cb cb, void *arg,
    char *err, size_t errlen)
{
	struct site_run	 r;
	struct site_docs d;
	json_t		*keys, *kv;
	const char	*k;
	size_t		 i, total = 0;
	int		 rc = -1;

	if (e->cf->publish.dir[0] == '\0') {
		snprintf(err, errlen, "no [publish] dir in the configuration");
		return -1;
	}
	site_run_init(&r, e);
	r.written = json_object();
	snprintf(r.what, sizeof(r.what), "rebuild");
	r.rebuild = 1;
	if (site_head_of(e, "vault_head", r.head, sizeof(r.head)) != 0)
		r.head[0] = '\0';
	if (store_txn_read(e->st, &r.txn) != 0) {
		snprintf(err, errlen, "site: cannot read the index");
		goto out;
	}
	keys = site_keys(&r);
	json_array_foreach(keys, i, kv)
		if (strncmp(json_string_value(json_array_get(kv, 0)), "m/",
		    2) == 0)
			total += (size_t)json_integer_value(json_array_get(kv,
			    1));
	if (cb != NULL)
		cb(arg, 0, total);
	d.r = &r;
	d.cb = cb;
	d.arg = arg;
	d.done = 0;
	d.total = total;
	d.err = err;
	d.errlen = errlen;
	/* The documents, a month at a time; then each key's pages. */
	rc = 0;
	json_array_foreach(keys, i, kv) {
		k = json_string_value(json_array_get(kv, 0));
		if (strncmp(k, "m/", 2) == 0) {
			d.rc = 0;
			if ((rc = store_each_indexed(e->st, r.txn,
			    STORE_IDX_SITE, k, site_docs_cb, &d)) != 0 &&
			    d.rc == 0)
				snprintf(err, errlen, "site: index %s: %s", k,
				    store_strerror(rc));
			if (rc != 0 || d.rc != 0) {
				rc = -1;
				break;
			}
		}
		if ((rc = site_key_pages(&r, k, err, errlen)) == -1)
			break;
		/* Bounded: the document meta and the paths go out often. */
		if (json_object_size(r.meta) < 1000 && site_out_count(r.out) <
		    SITE_PUBLIC_CHUNK)
			continue;
		store_txn_end(r.txn);
		r.txn = NULL;
		if ((rc = site_public(&r, "rebuild (part)", 0, err, errlen)) ==
		    -1 || (rc = site_meta_flush(&r, err, errlen)) == -1)
			break;
		if (store_txn_read(e->st, &r.txn) != 0) {
			snprintf(err, errlen, "site: cannot read the index");
			rc = -1;
			break;
		}
	}
	json_decref(keys);
	if (rc == -1)
		goto out;
	rc = -1;
	if (site_global_pages(&r, err, errlen) == -1 ||
	    site_cleanup_pages(&r, err, errlen) == -1 ||
	    site_annual_pages(&r, err, errlen) == -1 ||
	    site_prune(&r, err, errlen) == -1 ||
	    site_finish(&r, err, errlen) == -1)
		goto out;
	log_info("site: %zu document(s) written to %s", r.docs,
	    e->cf->publish.dir);
	rc = (int)r.docs;
out:
	site_run_free(&r);
	return rc;
}

/* --- status ------------------------------------------------------------- */

json_t *
site_status(const struct site_env *e, char *err, size_t errlen)
{
	struct site_run	 r;
	char		 head[VAULT_OID_HEX] = "", shead[VAULT_OID_HEX] = "";
	char		 synced[64] = "", phead[VAULT_OID_HEX] = "";
	char		 serr[1024] = "";
	json_t		*keys, *kv, *out;
	size_t		 i, docs = 0;
	const char	*k;
	int		 ph;

	(void)site_head_of(e, "vault_head", head, sizeof(head));
	(void)site_head_of(e, "site_head", shead, sizeof(shead));
	(void)site_head_of(e, "site_synced", synced, sizeof(synced));
	(void)site_head_of(e, "site_error", serr, sizeof(serr));
	/* an unreadable vault (another user) is no reason to say nothing */
	ph = vault_public_head(e->cf->vault, phead, err, errlen);
	memset(&r, 0, sizeof(r));
	r.e = e;
	if (store_txn_read(e->st, &r.txn) != 0) {
		snprintf(err, errlen, "cannot read the index");
		return NULL;
	}
	keys = site_keys(&r);
	store_txn_end(r.txn);
	json_array_foreach(keys, i, kv) {
		k = json_string_value(json_array_get(kv, 0));
		if (strncmp(k, "m/", 2) == 0)
			docs += (size_t)json_integer_value(json_array_get(kv,
			    1));
	}
	json_decref(keys);
	out = json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:b, s:I, s:s?, s:s?, "
	    "s:s?}",
	    "dir", e->cf->publish.dir, "site_name", e->cf->publish.site_name,
	    "base_url", e->cf->publish.base_url,
	    "site_head", shead[0] ? shead : NULL,
	    "vault_head", head[0] ? head : NULL,
	    "behind", strcmp(head, shead) != 0, "documents", (json_int_t)docs,
	    "last_sync", synced[0] ? synced : NULL,
	    "public_head", ph == 0 ? phead : NULL,
	    "last_error", serr[0] ? serr : NULL);
	return out;
}
