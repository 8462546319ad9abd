/*
 * site_pages: which pages the site has besides the documents' own, and
 * what goes on each.  One idx_site key is one list page: m/YYYY-MM the
 * month's page of the 政策文件库 (and its sitemap), d/DOMAIN/YYYY a
 * domain's year, a/AGENCY/YYYY an agency's year.  The global pages (home,
 * policy.html, the year pages, the domain and agency indexes, the feeds,
 * the sitemap index, negative.html, style.css) are made from the keys
 * and their counts only (store_each_key), plus the newest month's
 * records for the home page and the feeds: memory is bounded by the
 * largest part of a list, never by the archive.  The cleanup pages and
 * a rebuild's pruning are in site_files.c.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "domains.h"
#include "neglist.h"
#include "publish.h"
#include "record.h"
#include "site_impl.h"
#include "xalloc.h"

#define SITE_LATEST	20	/* on the home page */
#define SITE_PAGE	1000	/* records on one list page */
#define SITE_FEED	50	/* in each feed */

/* Newest first: published_on, then 成文日期, then id, all descending. */
static int
site_rec_cmp(const void *pa, const void *pb)
{
	json_t		*a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
	static const char *keys[] = { "published_on", "signed_on", "id" };
	const char	*x, *y;
	size_t		 i;
	int		 c;

	for (i = 0; i < 3; i++) {
		x = record_str(a, keys[i]);
		y = record_str(b, keys[i]);
		c = strcmp(y ? y : "", x ? x : "");
		if (c != 0)
			return c;
	}
	return 0;
}

void
site_sort(json_t *arr, size_t max)
{
	json_t	**v, *e;
	size_t	  i, n = json_array_size(arr);

	if (n == 0)
		return;
	v = xcalloc(n, sizeof(*v));
	json_array_foreach(arr, i, e)
		v[i] = json_incref(e);
	qsort(v, n, sizeof(*v), site_rec_cmp);
	json_array_clear(arr);
	for (i = 0; i < n; i++) {
		if (max == 0 || i < max)
			json_array_append(arr, v[i]);
		json_decref(v[i]);
	}
	free(v);
}

/* Sort objects by a string field, descending. */
static int
site_label_cmp(const void *pa, const void *pb)
{
	const char *x = record_str(*(json_t *const *)pa, "label");
	const char *y = record_str(*(json_t *const *)pb, "label");

	return strcmp(y ? y : "", x ? x : "");
}

void
site_sort_by(json_t *arr, const char *field)
{
	json_t	**v, *e;
	size_t	  i, n = json_array_size(arr);

	(void)field;
	if (n == 0)
		return;
	v = xcalloc(n, sizeof(*v));
	json_array_foreach(arr, i, e)
		v[i] = json_incref(e);
	qsort(v, n, sizeof(*v), site_label_cmp);
	json_array_clear(arr);
	for (i = 0; i < n; i++) {
		json_array_append(arr, v[i]);
		json_decref(v[i]);
	}
	free(v);
}

/* What list pages, feeds and sitemaps show of a record: a list holds
 * these only, not the whole record (a month can be long). */
static const char *const site_list_keys[] = {
	"id", "docno", "title", "signed_on", "issuer", "index_no", "domain",
	"agency", "status", "status_on", "repealed_by", "repeal_reason",
	"published_on", "published", "hold", "flags", "disclosure", "secrecy",
	"received_at", "doc_type", "valid_until", "effective_from", "in_force",
	"version", NULL
};

static int
site_load_cb(struct site_run *r, json_t *rec, json_t *arr)
{
	json_t		*slim, *v, *by;
	uint64_t	 n;
	size_t		 i;

	if (!site_on(rec))
		return 0;
	slim = json_object();
	for (i = 0; site_list_keys[i] != NULL; i++)
		if ((v = json_object_get(rec, site_list_keys[i])) != NULL)
			json_object_set(slim, site_list_keys[i], v);
	/* The 政策文件库 links the document that repealed it, when that
	 * one is on the site too (never names one that is not). */
	if (r != NULL && record_str(rec, "repealed_by") != NULL &&
	    store_id_parse(record_str(rec, "repealed_by"), &n) == 0 &&
	    store_get_record(r->e->st, r->txn, n, &by) == 0) {
		if (site_on(by))
			json_object_set_new(slim, "repealer", json_pack(
			    "{s:O, s:O?, s:O?, s:b, s:s}", "id",
			    json_object_get(by, "id"), "docno",
			    json_object_get(by, "docno"), "title",
			    json_object_get(by, "title"), "published", 1,
			    "disclosure", "public"));
		json_decref(by);
	}
	json_array_append_new(arr, slim);
	return 0;
}

struct site_top {
	struct site_run	*r;
	json_t		*arr;
	size_t		 max;
};

/* Keep the newest max: sorted and cut whenever twice as many are held. */
static int
site_top_cb(json_t *rec, void *arg)
{
	struct site_top *t = arg;

	site_load_cb(t->r, rec, t->arr);
	if (t->max != 0 && json_array_size(t->arr) >= 2 * t->max)
		site_sort(t->arr, t->max);
	return 0;
}

json_t *
site_load(struct site_run *r, const char *key, size_t max)
{
	struct site_top t = { r, json_array(), max };

	if (store_each_indexed(r->e->st, r->txn, STORE_IDX_SITE, key,
	    site_top_cb, &t) != 0) {
		json_array_clear(t.arr);
		r->read_failed = 1;
	}
	site_sort(t.arr, max);
	return t.arr;
}

/* Render into a buffer and write it; -1 on a refusal or an error. */
int
site_emit(struct site_run *r, const char *path, struct strbuf *sb, int rc,
    char *err, size_t errlen)
{
	if (rc != 0 || sb->nomem) {
		snprintf(err, errlen, "site: cannot render %s", path);
		strbuf_free(sb);
		return -1;
	}
	if (r->written != NULL)
		json_object_set_new(r->written, path, json_true());
	rc = site_out_write(r->out, path, sb->s ? sb->s : "", sb->len, err,
	    errlen);
	strbuf_free(sb);
	return rc;
}

/* 1-based position of a domain in domains.conf, 0 for none or unknown. */
int
site_domain_no(struct site_run *r, const char *name)
{
	size_t i, n = r->e->domains ? domains_count(r->e->domains) : 0;

	for (i = 0; i < n; i++)
		if (strcmp(domains_name(r->e->domains, i), name) == 0)
			return (int)i + 1;
	return 0;
}

static void
site_slug(struct site_run *r, const char *agency, char *buf)
{
	const struct config_agency *a = NULL;

	if (agency != NULL && strcmp(agency, "-") != 0)
		a = config_agency(r->e->cf, agency);
	site_agency_slug(agency, a != NULL && a->code[0] ? a->code : NULL,
	    buf);
}

static json_t *
site_crumbs(struct site_run *r)
{
	return json_pack("[[ss]]", r->e->cf->publish.site_name, "index.html");
}

/* Split "d/NAME/YYYY" into name and year (name is cut in buf). */
static int
site_key_split(const char *key, char *name, size_t len, int *year)
{
	const char *slash = strrchr(key, '/');

	if (slash == NULL || slash < key + 2 || (size_t)(slash - key - 2) >=
	    len)
		return -1;
	memcpy(name, key + 2, (size_t)(slash - key - 2));
	name[slash - key - 2] = '\0';
	*year = atoi(slash + 1);
	return 0;
}

/* A part of a long list: base "month/2026-12.html", n 2 gives
 * "month/2026-12-2.html" (ext ".xml" for a sitemap's part). */
static void
site_part(const char *base, int n, char *buf)
{
	size_t l = strlen(base);
	const char *dot = strrchr(base, '.');

	if (dot == NULL)
		dot = base + l;
	snprintf(buf, SITE_PATH_MAX, "%.*s-%d%s", (int)(dot - base), base, n,
	    dot);
}

/* Remove parts n, n+1, … of base while they are there. */
static int
site_parts_remove(struct site_run *r, const char *base, const char *smap,
    int n, char *err, size_t errlen)
{
	char		p[SITE_PATH_MAX], abs[PATH_MAX + SITE_PATH_MAX];
	struct stat	sb;

	for (;; n++) {
		site_part(base, n, p);
		snprintf(abs, sizeof(abs), "%s/%s", site_out_root(r->out), p);
		if (stat(abs, &sb) == -1)
			return 0;
		if (site_out_remove(r->out, p, err, errlen) == -1)
			return -1;
		if (smap != NULL) {
			site_part(smap, n, p);
			if (site_out_remove(r->out, p, err, errlen) == -1)
				return -1;
		}
	}
}

/* One list page (and its sitemap when smap is set). */
static int
site_list_page(struct site_run *r, const char *path, const char *smap,
    const char *heading, json_t *crumbs, json_t *recs, char *err,
    size_t errlen)
{
	struct strbuf	 sb = { 0 };
	json_t		*urls, *rec;
	size_t		 i;
	int		 rc;

	r->ctx.page = path;
	rc = site_render_list(&sb, &r->ctx, heading, crumbs, recs);
	if (site_emit(r, path, &sb, rc, err, errlen) == -1)
		return -1;
	if (smap == NULL)
		return 0;
	urls = json_array();
	json_array_foreach(recs, i, rec) {
		char dpath[SITE_PATH_MAX];

		site_path_doc(record_str(rec, "id"), dpath);
		json_array_append_new(urls, json_pack("{s:s, s:s?}", "path",
		    dpath, "lastmod", record_str(rec, "published_on")));
	}
	r->ctx.page = smap;
	rc = site_render_sitemap(&sb, &r->ctx, urls);
	json_decref(urls);
	return site_emit(r, smap, &sb, rc, err, errlen);
}

/* Streaming a long key: SITE_PAGE records a part, one part in memory. */
struct site_stream {
	struct site_run	*r;
	const char	*path, *smap, *heading;
	json_t		*crumbs, *buf;
	size_t		 i, total;
	uint64_t	 last_id;	/* the last record seen */
	int		 parts, rc;
	char		*err;
	size_t		 errlen;
};

static int
site_stream_flush(struct site_stream *st, int c)
{
	char		 p[SITE_PATH_MAX], sp[SITE_PATH_MAX];
	char		 h[PUBLISH_KEY_MAX + 96], label[32];
	char		 abs[PATH_MAX + SITE_PATH_MAX];
	struct stat	 sb;
	json_t		*crumbs;
	int		 part = c + 1, rc;

	site_part(st->path, part, p);
	/* A part whose records all come before every record this sync
	 * changed is as it was (parts count from the oldest): kept.  Not
	 * the last: the record that left may have been after its end. */
	snprintf(abs, sizeof(abs), "%s/%s", site_out_root(st->r->out), p);
	if (st->r->min_changed != 0 && st->last_id < st->r->min_changed &&
	    st->i != st->total && stat(abs, &sb) == 0) {
		json_array_clear(st->buf);
		return 0;
	}
	site_sort(st->buf, 0);
	if (st->smap != NULL)
		site_part(st->smap, part, sp);
	snprintf(label, sizeof(label), "第%d页", part);
	snprintf(h, sizeof(h), "%s（%s）", st->heading, label);
	crumbs = json_deep_copy(st->crumbs);
	json_array_append_new(crumbs, json_pack("[ss]", st->heading,
	    st->path));
	json_array_append_new(crumbs, json_pack("[ss]", label, ""));
	rc = site_list_page(st->r, p, st->smap ? sp : NULL, h, crumbs,
	    st->buf, st->err, st->errlen);
	json_decref(crumbs);
	json_array_clear(st->buf);
	return rc;
}

static int
site_stream_cb(json_t *rec, void *arg)
{
	struct site_stream	*st = arg;
	uint64_t		 n;

	if (store_id_parse(record_str(rec, "id"), &n) == 0)
		st->last_id = n;
	site_load_cb(st->r, rec, st->buf);
	st->i++;
	if (st->i % SITE_PAGE == 0 || st->i == st->total) {
		if (site_stream_flush(st, (int)((st->i - 1) / SITE_PAGE)) ==
		    -1) {
			st->rc = -1;
			return 1;
		}
	}
	return 0;
}

/*
 * The list of an index key at path (crumbs: down to its parent; heading:
 * this page).  Up to SITE_PAGE records: one page, newest first.  More:
 * path becomes the index of its parts, path-1.html (the oldest) to
 * path-N.html (the newest), each of SITE_PAGE records in the order of the
 * index (ids, i.e. registration; the last part has the rest) and newest
 * first within; they are made as the index walk gives them, one part in
 * memory at a time.  Counted from the oldest, a part only changes when a
 * record in it or before it does: a sync renders only those.  smap (month keys): the
 * sitemap of each page beside it.  No record: the pages go.
 */
static int
site_list(struct site_run *r, const char *key, const char *path,
    const char *smap, const char *heading, json_t *crumbs, char *err,
    size_t errlen)
{
	struct site_stream	 st;
	struct strbuf		 sb = { 0 };
	json_t			*recs, *entries, *c;
	size_t			 total = 0;
	int			 rc, n;

	if (store_count_indexed(r->e->st, r->txn, STORE_IDX_SITE, key,
	    &total) != 0) {
		snprintf(err, errlen, "无法读取索引（%s）", key);
		r->read_failed = 1;
		return -1;
	}
	if (total == 0) {
		if (site_out_remove(r->out, path, err, errlen) == -1 ||
		    (smap != NULL && site_out_remove(r->out, smap, err,
		    errlen) == -1))
			return -1;
		return site_parts_remove(r, path, smap, 1, err, errlen);
	}
	if (total <= SITE_PAGE) {
		recs = site_load(r, key, 0);
		c = json_deep_copy(crumbs);
		json_array_append_new(c, json_pack("[ss]", heading, ""));
		rc = site_list_page(r, path, smap, heading, c, recs, err,
		    errlen);
		json_decref(c);
		json_decref(recs);
		return rc == -1 ? -1 : site_parts_remove(r, path, smap, 1, err,
		    errlen);
	}
	memset(&st, 0, sizeof(st));
	st.r = r;
	st.path = path;
	st.smap = smap;
	st.heading = heading;
	st.crumbs = crumbs;
	st.buf = json_array();
	st.total = total;
	st.parts = (int)((total + SITE_PAGE - 1) / SITE_PAGE);
	st.err = err;
	st.errlen = errlen;
	rc = store_each_indexed(r->e->st, r->txn, STORE_IDX_SITE, key,
	    site_stream_cb, &st);
	json_decref(st.buf);
	if (st.rc == -1)
		return -1;
	if (rc != 0) {
		snprintf(err, errlen, "site: index %s: %s", key,
		    store_strerror(rc));
		return -1;
	}
	/* the index: the newest part (the last) first */
	entries = json_array();
	for (n = st.parts; n >= 1; n--) {
		char p[SITE_PATH_MAX], label[32];

		site_part(path, n, p);
		snprintf(label, sizeof(label), "第%d页", n);
		json_array_append_new(entries, json_pack("{s:s, s:s, s:I}",
		    "label", label, "path", p, "count", (json_int_t)(n ==
		    st.parts ? total - (size_t)(st.parts - 1) * SITE_PAGE :
		    SITE_PAGE)));
	}
	c = json_deep_copy(crumbs);
	json_array_append_new(c, json_pack("[ss]", heading, ""));
	r->ctx.page = path;
	rc = site_render_index(&sb, &r->ctx, heading, c, entries);
	json_decref(c);
	json_decref(entries);
	if (site_emit(r, path, &sb, rc, err, errlen) == -1 ||
	    (smap != NULL && site_out_remove(r->out, smap, err, errlen) == -1))
		return -1;
	return site_parts_remove(r, path, smap, st.parts + 1, err, errlen);
}

int
site_key_pages(struct site_run *r, const char *key, char *err, size_t errlen)
{
	char		 name[PUBLISH_KEY_MAX], path[SITE_PATH_MAX];
	char		 heading[PUBLISH_KEY_MAX + 64], slug[SITE_PATH_MAX];
	char		 ipath[SITE_PATH_MAX], smap[SITE_PATH_MAX];
	char		 ylabel[32];
	json_t		*crumbs;
	int		 year, rc;

	crumbs = site_crumbs(r);
	if (strncmp(key, "m/", 2) == 0 && strlen(key) == 9) {
		const char *ym = key + 2;

		site_path_month(ym, path);
		snprintf(smap, sizeof(smap), "sitemap/%s.xml", ym);
		site_path_year(atoi(ym), ipath);
		snprintf(ylabel, sizeof(ylabel), "%.4s年", ym);
		snprintf(heading, sizeof(heading), "%.4s年%d月", ym,
		    atoi(ym + 5));
		json_array_append_new(crumbs, json_pack("[ss]", "政策文件库",
		    "policy.html"));
		json_array_append_new(crumbs, json_pack("[ss]", ylabel, ipath));
		rc = site_list(r, key, path, smap, heading, crumbs, err,
		    errlen);
		json_decref(crumbs);
		return rc;
	}
	if ((key[0] != 'd' && key[0] != 'a') || key[1] != '/' ||
	    site_key_split(key, name, sizeof(name), &year) == -1) {
		json_decref(crumbs);
		return 0;	/* not ours */
	}
	if (key[0] == 'd') {
		int n = site_domain_no(r, name);

		site_path_domain(n, year, path);
		site_path_domain(n, 0, ipath);
		snprintf(heading, sizeof(heading), "%s", n ? name : "未分类");
	} else {
		site_slug(r, name, slug);
		site_path_agency(slug, year, path);
		site_path_agency(slug, 0, ipath);
		snprintf(heading, sizeof(heading), "%s", strcmp(name, "-") ?
		    name : "未注明机关");
	}
	json_array_append_new(crumbs, json_pack("[ss]", heading, ipath));
	snprintf(heading + strlen(heading), sizeof(heading) - strlen(heading),
	    " · %d年", year);
	rc = site_list(r, key, path, NULL, heading, crumbs, err, errlen);
	json_decref(crumbs);
	return rc;
}

/* --- global pages ------------------------------------------------------- */

/* What the keys say: counts per domain, agency, year and month, with the
 * years of each domain and agency. */
struct site_agg {
	json_t	*domains;	/* name -> {"count", "years": {Y: n}} */
	json_t	*agencies;
	json_t	*years;		/* Y -> {"count", "months": {YM: n}} */
	json_t	*months;	/* [YM…] ascending */
};

static void
site_agg_add(json_t *obj, const char *name, const char *sub, const char *k,
    json_int_t n)
{
	json_t *e, *s;

	if ((e = json_object_get(obj, name)) == NULL) {
		e = json_pack("{s:I, s:{}}", "count", (json_int_t)0, sub);
		json_object_set_new(obj, name, e);
	}
	json_object_set_new(e, "count", json_integer(json_integer_value(
	    json_object_get(e, "count")) + n));
	s = json_object_get(e, sub);
	json_object_set_new(s, k, json_integer(n));
}

static void
site_agg(struct site_run *r, struct site_agg *a)
{
	json_t		*keys = site_keys(r), *kv;
	const char	*k;
	char		 name[PUBLISH_KEY_MAX], ys[16];
	json_int_t	 n;
	size_t		 i;
	int		 year;

	a->domains = json_object();
	a->agencies = json_object();
	a->years = json_object();
	a->months = json_array();
	json_array_foreach(keys, i, kv) {
		k = json_string_value(json_array_get(kv, 0));
		n = json_integer_value(json_array_get(kv, 1));
		if (strncmp(k, "m/", 2) == 0 && strlen(k) == 9) {
			snprintf(ys, sizeof(ys), "%.4s", k + 2);
			site_agg_add(a->years, ys, "months", k + 2, n);
			json_array_append_new(a->months, json_string(k + 2));
		} else if ((k[0] == 'd' || k[0] == 'a') && k[1] == '/' &&
		    site_key_split(k, name, sizeof(name), &year) == 0) {
			snprintf(ys, sizeof(ys), "%d", year);
			site_agg_add(k[0] == 'd' ? a->domains : a->agencies,
			    name, "years", ys, n);
		}
	}
	json_decref(keys);
}

static void
site_agg_free(struct site_agg *a)
{
	json_decref(a->domains);
	json_decref(a->agencies);
	json_decref(a->years);
	json_decref(a->months);
}

/* The newest records, month by month from the last (bounded by max and
 * by the size of a month). */
static json_t *
site_latest(struct site_run *r, struct site_agg *a, size_t max)
{
	json_t	*out = json_array(), *m, *e;
	char	 key[32];
	size_t	 i, j;

	for (i = json_array_size(a->months); i > 0 &&
	    json_array_size(out) < max; i--) {
		snprintf(key, sizeof(key), "m/%s", json_string_value(
		    json_array_get(a->months, i - 1)));
		m = site_load(r, key, max);
		json_array_foreach(m, j, e)
			json_array_append(out, e);
		json_decref(m);
	}
	site_sort(out, max);
	return out;
}

/* An index page of years: entries from {Y: n}, newest first. */
static int
site_years_page(struct site_run *r, const char *path, const char *heading,
    json_t *years, int kind, const char *slug, int dom, char *err,
    size_t errlen)
{
	struct strbuf	 sb = { 0 };
	json_t		*entries = json_array(), *crumbs, *sorted;
	const char	*y;
	json_t		*n;
	char		 p[SITE_PATH_MAX], label[32];
	size_t		 i;
	int		 rc;

	sorted = json_array();
	json_object_foreach(years, y, n)
		json_array_append_new(sorted, json_string(y));
	/* keys of an object come in any order: sort them, newest first */
	for (i = 1; i < json_array_size(sorted); i++) {
		size_t j = i;

		while (j > 0 && strcmp(json_string_value(json_array_get(sorted,
		    j - 1)), json_string_value(json_array_get(sorted, j))) <
		    0) {
			json_t *t = json_incref(json_array_get(sorted, j));

			json_array_set(sorted, j, json_array_get(sorted, j -
			    1));
			json_array_set_new(sorted, j - 1, t);
			j--;
		}
	}
	json_array_foreach(sorted, i, n) {
		y = json_string_value(n);
		if (kind == 'd')
			site_path_domain(dom, atoi(y), p);
		else if (kind == 'a')
			site_path_agency(slug, atoi(y), p);
		else
			site_path_year(atoi(y), p);
		snprintf(label, sizeof(label), "%s年", y);
		json_array_append_new(entries, json_pack("{s:s, s:s, s:O}",
		    "label", label, "path", p, "count", json_object_get(years,
		    y)));
	}
	json_decref(sorted);
	crumbs = site_crumbs(r);
	json_array_append_new(crumbs, json_pack("[ss]", heading, ""));
	r->ctx.page = path;
	rc = site_render_index(&sb, &r->ctx, heading, crumbs, entries);
	json_decref(crumbs);
	json_decref(entries);
	return site_emit(r, path, &sb, rc, err, errlen);
}

static int
site_year_pages(struct site_run *r, struct site_agg *a, char *err,
    size_t errlen)
{
	struct strbuf	 sb = { 0 };
	const char	*y, *ym;
	json_t		*e, *n, *entries, *crumbs;
	char		 path[SITE_PATH_MAX], p[SITE_PATH_MAX], label[64];
	int		 rc;

	json_object_foreach(a->years, y, e) {
		size_t i;

		entries = json_array();
		for (i = json_array_size(a->months); i > 0; i--) {
			ym = json_string_value(json_array_get(a->months,
			    i - 1));
			if (strncmp(ym, y, 4) != 0)
				continue;
			n = json_object_get(json_object_get(e, "months"), ym);
			site_path_month(ym, p);
			snprintf(label, sizeof(label), "%.4s年%d月", ym,
			    atoi(ym + 5));
			json_array_append_new(entries, json_pack("{s:s, s:s, "
			    "s:O}", "label", label, "path", p, "count", n));
		}
		site_path_year(atoi(y), path);
		snprintf(label, sizeof(label), "%s年", y);
		crumbs = site_crumbs(r);
		json_array_append_new(crumbs, json_pack("[ss]", "政策文件库",
		    "policy.html"));
		json_array_append_new(crumbs, json_pack("[ss]", label, ""));
		r->ctx.page = path;
		rc = site_render_index(&sb, &r->ctx, label, crumbs, entries);
		json_decref(crumbs);
		json_decref(entries);
		if (site_emit(r, path, &sb, rc, err, errlen) == -1)
			return -1;
	}
	return 0;
}

/* Index pages whose keys all went since the last sync. */
static int
site_gone(struct site_run *r, struct site_agg *a, char *err, size_t errlen)
{
	const char	*k;
	json_t		*v;
	char		 name[PUBLISH_KEY_MAX], path[SITE_PATH_MAX];
	char		 slug[SITE_PATH_MAX], ys[16];
	int		 year;

	json_object_foreach(r->keys, k, v) {
		path[0] = '\0';
		if (strncmp(k, "m/", 2) == 0) {
			snprintf(ys, sizeof(ys), "%.4s", k + 2);
			if (json_object_get(a->years, ys) == NULL)
				site_path_year(atoi(ys), path);
		} else if (k[0] == 'a' && site_key_split(k, name, sizeof(name),
		    &year) == 0 && json_object_get(a->agencies, name) ==
		    NULL) {
			site_slug(r, name, slug);
			site_path_agency(slug, 0, path);
		} else if (k[0] == 'd' && site_key_split(k, name, sizeof(name),
		    &year) == 0 && site_domain_no(r, name) == 0 &&
		    json_object_get(a->domains, "-") == NULL)
			site_path_domain(0, 0, path);
		if (path[0] != '\0' && site_out_remove(r->out, path, err,
		    errlen) == -1)
			return -1;
	}
	return 0;
}

static json_int_t
site_count(json_t *obj, const char *name)
{
	return json_integer_value(json_object_get(json_object_get(obj, name),
	    "count"));
}

static int
site_home(struct site_run *r, struct site_agg *a, json_t *feed, char *err,
    size_t errlen)
{
	struct strbuf	 sb = { 0 };
	json_t		*home, *doms, *agcs, *yrs, *e, *latest;
	const char	*k;
	char		 p[SITE_PATH_MAX], slug[SITE_PATH_MAX], label[32];
	size_t		 i, n = r->e->domains ? domains_count(r->e->domains) :
			    0;
	int		 rc;

	doms = json_array();
	for (i = 0; i < n; i++) {
		k = domains_name(r->e->domains, i);
		site_path_domain((int)i + 1, 0, p);
		json_array_append_new(doms, json_pack("{s:s, s:s, s:I}",
		    "label", k, "path", p, "count", site_count(a->domains,
		    k)));
	}
	{
		/* 未分类: the records with no domain (or one not in the
		 * list), when there are any */
		json_int_t	 other = 0;

		json_object_foreach(a->domains, k, e)
			if (site_domain_no(r, k) == 0)
				other += site_count(a->domains, k);
		if (other > 0) {
			site_path_domain(0, 0, p);
			json_array_append_new(doms, json_pack("{s:s, s:s, "
			    "s:I}", "label", "未分类", "path", p, "count",
			    other));
		}
	}
	agcs = json_array();
	json_object_foreach(a->agencies, k, e) {
		site_slug(r, k, slug);
		site_path_agency(slug, 0, p);
		json_array_append_new(agcs, json_pack("{s:s, s:s, s:I}",
		    "label", strcmp(k, "-") ? k : "未注明机关", "path", p,
		    "count", site_count(a->agencies, k)));
	}
	yrs = json_array();
	json_object_foreach(a->years, k, e) {
		site_path_year(atoi(k), p);
		snprintf(label, sizeof(label), "%s年", k);
		json_array_append_new(yrs, json_pack("{s:s, s:s, s:I}",
		    "label", label, "path", p, "count", site_count(a->years,
		    k)));
	}
	site_sort_by(yrs, "label");
	latest = json_array();
	for (i = 0; i < json_array_size(feed) && i < SITE_LATEST; i++)
		json_array_append(latest, json_array_get(feed, i));
	home = json_pack("{s:o, s:o, s:o, s:o, s:[{s:s, s:s}, {s:s, s:s}, "
	    "{s:s, s:s}, {s:s, s:s}, {s:s, s:s}, {s:s, s:s}]}", "domains",
	    doms, "agencies", agcs, "years", yrs, "latest", latest, "links",
	    "label", "政策文件库", "path", "policy.html",
	    "label", "清理结果", "path", "cleanup/index.html",
	    "label", "负面清单", "path", "negative.html",
	    "label", "年度报告", "path", "annual/index.html",
	    "label", "Atom 订阅", "path", "feed.atom",
	    "label", "JSON Feed", "path", "feed.json");
	r->ctx.page = "index.html";
	rc = site_render_home(&sb, &r->ctx, home);
	json_decref(home);
	return site_emit(r, "index.html", &sb, rc, err, errlen);
}

static int
site_feeds(struct site_run *r, struct site_agg *a, json_t *recs, char *err,
    size_t errlen)
{
	struct strbuf	 sb = { 0 };
	json_t		*maps, *mv;
	const char	*ym;
	char		 p[SITE_PATH_MAX], last[16], today[16], ys[8];
	json_int_t	 n, part;
	size_t		 i;
	int		 rc;

	r->ctx.page = "feed.atom";
	rc = site_render_atom(&sb, &r->ctx, recs);
	if (site_emit(r, "feed.atom", &sb, rc, err, errlen) == -1)
		return -1;
	r->ctx.page = "feed.json";
	rc = site_render_jsonfeed(&sb, &r->ctx, recs);
	if (site_emit(r, "feed.json", &sb, rc, err, errlen) == -1)
		return -1;
	/* The sitemap index: a month's lastmod is its last day (documents
	 * are filed under the month they were published), or today. */
	snprintf(today, sizeof(today), "%.10s", r->generated);
	maps = json_array();
	json_array_foreach(a->months, i, mv) {
		static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31,
		    30, 31, 30, 31 };
		int y, m, d;

		ym = json_string_value(mv);
		y = atoi(ym);
		m = atoi(ym + 5);
		if (m < 1 || m > 12)
			continue;
		d = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) ||
		    y % 400 == 0));
		snprintf(last, sizeof(last), "%.7s-%02d", ym, d);
		snprintf(p, sizeof(p), "sitemap/%s.xml", ym);
		snprintf(ys, sizeof(ys), "%.4s", ym);
		n = json_integer_value(json_object_get(json_object_get(
		    json_object_get(a->years, ys), "months"), ym));
		/* a long month has a sitemap per part (site_list) */
		for (part = n > SITE_PAGE ? 1 : 0; part <= (n > SITE_PAGE ?
		    (n + SITE_PAGE - 1) / SITE_PAGE : 0); part++) {
			char pp[SITE_PATH_MAX];

			if (part > 0)
				site_part(p, (int)part, pp);
			json_array_append_new(maps, json_pack("{s:s, s:s}",
			    "path", part > 0 ? pp : p, "lastmod",
			    strcmp(last, today) < 0 ? last : today));
		}
	}
	r->ctx.page = "sitemap.xml";
	rc = site_render_sitemap_index(&sb, &r->ctx, maps);
	json_decref(maps);
	return site_emit(r, "sitemap.xml", &sb, rc, err, errlen);
}

struct site_negc {
	json_t *items;
};

static int
site_neg_cb(const char *key, size_t len, size_t count, void *arg)
{
	struct site_negc *c = arg;

	json_array_append_new(c->items, json_pack("{s:s#, s:s, s:s, s:s, "
	    "s:I}", "id", key, len, "matter", "", "basis", "", "agency", "",
	    "count", (json_int_t)count));
	return 0;
}

/* 负面清单: each item with how many documents cite it (counts only);
 * the matter and basis come with the negative list (neglist.c). */
static int
site_negative(struct site_run *r, char *err, size_t errlen)
{
	struct strbuf		sb = { 0 };
	struct site_negc	c = { json_array() };
	int			rc;

	if (r->e->neg != NULL) {
		/* The list's items, each with its count (0 too). */
		json_decref(c.items);
		if (neglist_counts(r->e->neg, r->e->st, r->txn, &c.items) !=
		    0) {
			c.items = json_array();
			r->read_failed = 1;
		}
	} else if (store_each_key(r->e->st, r->txn, STORE_IDX_NEG_ITEM,
	    site_neg_cb, &c) != 0) {
		json_array_clear(c.items);
		r->read_failed = 1;
	}
	r->ctx.page = "negative.html";
	rc = site_render_negative(&sb, &r->ctx, c.items);
	json_decref(c.items);
	return site_emit(r, "negative.html", &sb, rc, err, errlen);
}

int
site_global_pages(struct site_run *r, char *err, size_t errlen)
{
	struct strbuf	 sb = { 0 };
	struct site_agg	 a;
	const char	*k, *css = site_css();
	json_t		*e, *feed;
	char		 p[SITE_PATH_MAX], slug[SITE_PATH_MAX];
	char		 heading[PUBLISH_KEY_MAX];
	size_t		 i, n = r->e->domains ? domains_count(r->e->domains) :
			    0;
	int		 rc = -1;

	site_agg(r, &a);
	feed = site_latest(r, &a, SITE_FEED);
	if (site_home(r, &a, feed, err, errlen) == -1 ||
	    site_years_page(r, "policy.html", "政策文件库", a.years, 'y', NULL,
	    0, err, errlen) == -1 ||
	    site_year_pages(r, &a, err, errlen) == -1)
		goto out;
	/* Every domain of the catalog has its page, empty or not. */
	for (i = 0; i < n; i++) {
		json_t *years = json_object_get(json_object_get(a.domains,
		    domains_name(r->e->domains, i)), "years");
		json_t *none = json_object();

		site_path_domain((int)i + 1, 0, p);
		rc = site_years_page(r, p, domains_name(r->e->domains, i),
		    years ? years : none, 'd', NULL, (int)i + 1, err, errlen);
		json_decref(none);
		if (rc == -1)
			goto out;
	}
	rc = -1;
	json_object_foreach(a.domains, k, e) {
		if (site_domain_no(r, k) != 0)
			continue;
		site_path_domain(0, 0, p);
		if (site_years_page(r, p, "未分类", json_object_get(e, "years"),
		    'd', NULL, 0, err, errlen) == -1)
			goto out;
	}
	json_object_foreach(a.agencies, k, e) {
		site_slug(r, k, slug);
		site_path_agency(slug, 0, p);
		snprintf(heading, sizeof(heading), "%s", strcmp(k, "-") ? k :
		    "未注明机关");
		if (site_years_page(r, p, heading, json_object_get(e, "years"),
		    'a', slug, 0, err, errlen) == -1)
			goto out;
	}
	if (site_gone(r, &a, err, errlen) == -1 ||
	    site_feeds(r, &a, feed, err, errlen) == -1 ||
	    site_negative(r, err, errlen) == -1)
		goto out;
	strbuf_add(&sb, css, strlen(css));
	if (site_emit(r, "style.css", &sb, 0, err, errlen) == -1)
		goto out;
	rc = 0;
out:
	json_decref(feed);
	site_agg_free(&a);
	return rc;
}
