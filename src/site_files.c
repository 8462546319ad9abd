/*
 * site_files: the site's pages that come from files rather than index
 * keys — the cleanup results (清理结果) of the vault's cleanup/, filtered
 * so that a document named there that is not public now is only counted
 * — and a rebuild's last step, which walks the directories the site
 * owns and removes what the index no longer has (documents and originals
 * checked against it, list pages against what the rebuild wrote) and any
 * temporary file a crash left.  Nothing outside those directories is
 * touched.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "site_impl.h"
#include "xalloc.h"

/* --- cleanup results ---------------------------------------------------- */

static int
site_cleanup_cb(const char *name, void *arg)
{
	size_t n = strlen(name);

	/* YYYY-MM-DD.json only */
	if (n == 15 && strcmp(name + 10, ".json") == 0 && name[4] == '-' &&
	    name[7] == '-')
		json_array_append_new(arg, json_stringn(name, 10));
	return 0;
}

/* 1 when the record named by id is on the site now. */
static int
site_id_on(struct site_run *r, json_t *id)
{
	json_t		*rec = NULL;
	uint64_t	 n;
	int		 on;

	if (!json_is_string(id) || store_id_parse(json_string_value(id), &n)
	    != 0 || store_get_record(r->e->st, r->txn, n, &rec) != 0)
		return 0;
	on = site_on(rec);
	json_decref(rec);
	return on;
}

static void
site_count_more(json_t *res, const char *key)
{
	json_object_set_new(res, key, json_integer(json_integer_value(
	    json_object_get(res, key)) + 1));
}

/*
 * A cleanup result names the documents that were public on its day.  One
 * that is not public now (marked withheld since, put on hold) is only
 * counted on the site, like the others that were never named; so is a
 * repealing document or a correction that is no longer public.
 */
static void
site_cleanup_filter(struct site_run *r, json_t *res)
{
	json_t		*docs = json_object_get(res, "documents"), *keep, *e;
	json_t		*corr = json_object_get(res, "corrections"), *by;
	json_t		*rec = NULL;
	const char	*d;
	uint64_t	 n;
	size_t		 i;

	keep = json_array();
	json_array_foreach(docs, i, e) {
		if (site_id_on(r, json_object_get(e, "id"))) {
			by = json_object_get(e, "repealed_by");
			if (json_is_object(by) && !site_id_on(r,
			    json_object_get(by, "id"))) {
				/* Its basis names it too (《title》（docno）
				 * 废止): neither may stay. */
				json_object_set_new(e, "repealed_by",
				    json_null());
				json_object_set_new(e, "basis", json_string(
				    "已由另文废止（该文件不公开）"));
			}
			json_array_append(keep, e);
			continue;
		}
		d = NULL;
		if (json_is_string(json_object_get(e, "id")) &&
		    store_id_parse(record_str(e, "id"), &n) == 0 &&
		    store_get_record(r->e->st, r->txn, n, &rec) == 0)
			d = record_str(rec, "disclosure");
		site_count_more(res, d && strcmp(d, "withheld") == 0 ?
		    "withheld_count" : d && strcmp(d, "on_request") == 0 ?
		    "on_request_count" : "undetermined_count");
		json_decref(rec);
		rec = NULL;
	}
	json_object_set_new(res, "documents", keep);
	json_array_foreach(corr, i, e)
		if (json_is_true(json_object_get(e, "named")) &&
		    !site_id_on(r, json_object_get(e, "id")))
			json_array_set_new(corr, i, json_pack("{s:O, s:b}",
			    "date", json_object_get(e, "date"), "named", 0));
}

int
site_cleanup_pages(struct site_run *r, char *err, size_t errlen)
{
	struct strbuf	 sb = { 0 };
	json_t		*dates = json_array(), *runs = json_array(), *d, *res;
	char		 path[64], p[SITE_PATH_MAX], verr[256], *buf;
	size_t		 i, len;
	int		 rc = -1;

	if (vault_list(r->e->vt, "cleanup", site_cleanup_cb, dates, verr,
	    sizeof(verr)) == -1) {
		snprintf(err, errlen, "site: %s", verr);
		goto out;
	}
	for (i = json_array_size(dates); i > 0; i--) {
		d = json_array_get(dates, i - 1);
		snprintf(path, sizeof(path), "cleanup/%s.json",
		    json_string_value(d));
		if (vault_read(r->e->vt, NULL, path, &buf, &len, verr,
		    sizeof(verr)) != 0)
			continue;
		res = json_loadb(buf, len, 0, NULL);
		free(buf);
		if (res == NULL)
			continue;
		site_cleanup_filter(r, res);
		snprintf(p, sizeof(p), "cleanup/%s.html", json_string_value(d));
		r->ctx.page = p;
		rc = site_render_cleanup(&sb, &r->ctx, json_string_value(d),
		    res);
		json_array_append_new(runs, json_pack("{s:O, s:s, s:I}", "date",
		    d, "path", p, "count", (json_int_t)json_array_size(
		    json_object_get(res, "documents"))));
		json_decref(res);
		if (site_emit(r, p, &sb, rc, err, errlen) == -1) {
			rc = -1;
			goto out;
		}
	}
	r->ctx.page = "cleanup/index.html";
	rc = site_render_cleanup_index(&sb, &r->ctx, runs);
	rc = site_emit(r, "cleanup/index.html", &sb, rc, err, errlen);
out:
	json_decref(dates);
	json_decref(runs);
	return rc;
}

/* --- prune (rebuild) ---------------------------------------------------- */

/* Each entry of ROOT/rel (a directory), to fn(r, rel, name). */
static int
site_walk(struct site_run *r, const char *rel,
    int (*fn)(struct site_run *, const char *, const char *, void *),
    void *arg, char *err, size_t errlen)
{
	char		 path[PATH_MAX];
	DIR		*dp;
	struct dirent	*de;
	int		 rc = 0;

	snprintf(path, sizeof(path), "%s/%s", site_out_root(r->out), rel);
	if ((dp = opendir(path)) == NULL) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		snprintf(err, errlen, "opendir %s: %s", path, strerror(errno));
		return -1;
	}
	while (rc == 0 && (de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..")
		    == 0)
			continue;
		rc = fn(r, rel, de->d_name, arg);
	}
	closedir(dp);
	if (rc == -1 && err[0] == '\0')
		snprintf(err, errlen, "site: pruning %s failed", path);
	return rc;
}

struct site_prune_ctx {
	json_t	*keep;		/* set of paths that should be there */
	char	*err;
	size_t	 errlen;
	int	 docs;		/* check documents against the index */
};

static int
site_prune_rm(struct site_run *r, const char *rel, const char *name,
    struct site_prune_ctx *c)
{
	char p[SITE_PATH_MAX];

	snprintf(p, sizeof(p), "%s/%s", rel, name);
	return site_out_remove(r->out, p, c->err, c->errlen);
}

/* A file of doc/NNNN or file/NNNN: kept while its record is on the site. */
static int
site_prune_doc(struct site_run *r, const char *rel, const char *name,
    void *arg)
{
	struct site_prune_ctx	*c = arg;
	char			 id[STORE_ID_LEN];
	json_t			*rec = NULL;
	uint64_t		 n;
	size_t			 l = strcspn(name, ".");
	int			 keep = 0;

	if (name[0] == '.')
		return site_prune_rm(r, rel, name, c);	/* a crash's .tmp */
	if (l < sizeof(id)) {
		memcpy(id, name, l);
		id[l] = '\0';
		if (store_id_parse(id, &n) == 0 && store_get_record(r->e->st,
		    r->txn, n, &rec) == 0 && site_on(rec)) {
			keep = 1;
		}
		json_decref(rec);
	}
	if (!keep && l < sizeof(id) && strncmp(rel, "doc/", 4) == 0) {
		char mkey[64];

		snprintf(mkey, sizeof(mkey), "site/%s", id);
		json_object_set_new(r->meta, mkey, json_string(""));
	}
	return keep ? 0 : site_prune_rm(r, rel, name, c);
}

/* A page of an index directory: kept when this rebuild wrote it. */
static int
site_prune_page(struct site_run *r, const char *rel, const char *name,
    void *arg)
{
	struct site_prune_ctx	*c = arg;
	char			 p[SITE_PATH_MAX];

	snprintf(p, sizeof(p), "%s/%s", rel, name);
	if (json_object_get(c->keep, p) != NULL)
		return 0;
	return site_prune_rm(r, rel, name, c);
}

/* A shard or a domain/agency directory: its entries. */
static int
site_prune_dir(struct site_run *r, const char *rel, const char *name,
    void *arg)
{
	struct site_prune_ctx	*c = arg;
	char			 p[SITE_PATH_MAX];

	snprintf(p, sizeof(p), "%s/%s", rel, name);
	if (name[0] == '.')
		return site_prune_rm(r, rel, name, c);
	return site_walk(r, p, c->docs ? site_prune_doc : site_prune_page, c,
	    c->err, c->errlen);
}

int
site_prune(struct site_run *r, char *err, size_t errlen)
{
	struct site_prune_ctx	 c;
	int			 rc = -1;

	/* The pages this rebuild wrote are the site's; documents and
	 * originals are checked against the index.  Only the directories
	 * the site makes are walked: nothing else in dir is touched. */
	c.keep = r->written;
	c.err = err;
	c.errlen = errlen;
	err[0] = '\0';
	c.docs = 1;
	if (site_walk(r, "doc", site_prune_dir, &c, err, errlen) == -1 ||
	    site_walk(r, "file", site_prune_dir, &c, err, errlen) == -1)
		goto out;
	c.docs = 0;
	if (site_walk(r, "month", site_prune_page, &c, err, errlen) == -1 ||
	    site_walk(r, "sitemap", site_prune_page, &c, err, errlen) == -1 ||
	    site_walk(r, "year", site_prune_page, &c, err, errlen) == -1 ||
	    site_walk(r, "domain", site_prune_dir, &c, err, errlen) == -1 ||
	    site_walk(r, "agency", site_prune_dir, &c, err, errlen) == -1 ||
	    site_walk(r, "cleanup", site_prune_page, &c, err, errlen) == -1)
		goto out;
	rc = 0;
out:
	return rc;
}
