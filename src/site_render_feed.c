/*
 * site_render_feed: what other systems read from the public catalog: an
 * Atom 1.0 feed (RFC 4287) and a JSON Feed 1.1 over the latest
 * documents, and the sitemap (sitemaps.org 0.9) with its index.  Links
 * are absolute under [publish] base_url, relative to the site root when
 * it is empty.  Every record string is XML-escaped (Atom) or cleaned to
 * valid UTF-8 without control characters (JSON, which jansson then
 * escapes); a record that is not published makes the feed refuse.  See
 * site_render.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "site_render.h"
#include "site_render_impl.h"

#define SR_NAME(cx)	((cx)->site_name != NULL && *(cx)->site_name != '\0' ? \
			    (cx)->site_name : "政府信息公开")

/* 1 when every record of recs (NULL: none) may be shown. */
static int
sr_all_ok(json_t *recs)
{
	json_t	*rec;
	size_t	 i;

	if (recs != NULL && !json_is_array(recs))
		return 0;
	json_array_foreach(recs, i, rec)
		if (!sr_rec_ok(rec))
			return 0;
	return 1;
}

/* The times of an entry: published (published_on), and updated: the day
 * its status changed when that is later and not after the build. */
static void
sr_entry_times(const struct site_ctx *cx, json_t *rec, char pub[32],
    char upd[32])
{
	const char	*p = sr_str(rec, "published_on");
	const char	*s = sr_str(rec, "status_on");
	const char	*g = cx->generated;

	sr_date_time(p, g, pub);
	if (pub[0] == '\0')
		sr_date_time(sr_str(rec, "signed_on"), g, pub);
	if (pub[0] == '\0')
		snprintf(pub, 32, "%s", g != NULL && strlen(g) < 32 ? g :
		    "1970-01-01T00:00:00Z");
	upd[0] = '\0';
	if (s != NULL && p != NULL && strcmp(s, p) > 0 &&
	    (g == NULL || strncmp(s, g, 10) <= 0))
		sr_date_time(s, g, upd);
	if (upd[0] == '\0')
		snprintf(upd, 32, "%s", pub);
}

/* The one-line summary of an entry, unescaped (the caller escapes). */
static void
sr_summary(struct strbuf *sb, json_t *rec)
{
	static const struct {
		const char	*key, *label;
	} f[] = {
		{ "index_no", "索引号" },
		{ "docno", "文号" },
		{ "issuer", "发布机构" },
		{ "signed_on", "成文日期" },
		{ "published_on", "发布日期" },
	};
	size_t	 i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		sr_puts(sb, f[i].label);
		SR_LIT(sb, "：");
		sr_puts(sb, sr_str(rec, f[i].key) != NULL ?
		    sr_str(rec, f[i].key) : SR_NONE);
		SR_LIT(sb, "；");
	}
	SR_LIT(sb, "有效性：");
	sr_puts(sb, site_validity(rec));
}

/* The id of an entry: its page's URL under base_url, else a URN. */
static void
sr_entry_id(struct strbuf *sb, const struct site_ctx *cx, json_t *rec)
{
	char	path[SITE_PATH_MAX];

	site_path_doc(sr_str(rec, "id"), path);
	if (cx->base_url != NULL && *cx->base_url != '\0')
		sr_abs(sb, cx, path);
	else {
		SR_LIT(sb, "urn:docket:");
		sr_url_path(sb, path);
	}
}

/* --- Atom ------------------------------------------------------------- */

static void
sr_atom_entry(struct strbuf *out, const struct site_ctx *cx, json_t *rec)
{
	struct strbuf	 sum;
	const char	*t;
	char		 path[SITE_PATH_MAX], pub[32], upd[32];

	site_path_doc(sr_str(rec, "id"), path);
	sr_entry_times(cx, rec, pub, upd);
	SR_LIT(out, "<entry>\n<title type=\"text\">");
	t = sr_str(rec, "title");
	sr_esc(out, t != NULL && *t != '\0' ? t : sr_str(rec, "docno") ?
	    sr_str(rec, "docno") : sr_str(rec, "id"));
	SR_LIT(out, "</title>\n<id>");
	sr_entry_id(out, cx, rec);
	SR_LIT(out, "</id>\n<link rel=\"alternate\" type=\"text/html\" "
	    "href=\"");
	sr_abs(out, cx, path);
	SR_LIT(out, "\"/>\n<published>");
	sr_esc(out, pub);
	SR_LIT(out, "</published>\n<updated>");
	sr_esc(out, upd);
	SR_LIT(out, "</updated>\n");
	if ((t = sr_str(rec, "issuer")) != NULL && *t != '\0') {
		SR_LIT(out, "<author><name>");
		sr_esc(out, t);
		SR_LIT(out, "</name></author>\n");
	}
	if ((t = sr_str(rec, "domain")) != NULL && *t != '\0') {
		SR_LIT(out, "<category term=\"");
		sr_esc(out, t);
		SR_LIT(out, "\"/>\n");
	}
	memset(&sum, 0, sizeof(sum));
	sr_summary(&sum, rec);
	SR_LIT(out, "<summary type=\"text\">");
	sr_esc(out, sum.s);
	SR_LIT(out, "</summary>\n</entry>\n");
	if (sum.nomem)
		out->nomem = 1;
	strbuf_free(&sum);
}

int
site_render_atom(struct strbuf *out, const struct site_ctx *cx, json_t *recs)
{
	json_t		*rec;
	size_t		 i;

	if (!sr_all_ok(recs))
		return -1;
	SR_LIT(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n"
	    "<title type=\"text\">");
	sr_esc(out, SR_NAME(cx));
	SR_LIT(out, "</title>\n<subtitle type=\"text\">主动公开的政府信息"
	    "</subtitle>\n<id>");
	if (cx->base_url != NULL && *cx->base_url != '\0')
		sr_abs(out, cx, "feed.atom");
	else
		SR_LIT(out, "urn:docket:feed.atom");
	SR_LIT(out, "</id>\n<updated>");
	sr_esc(out, cx->generated != NULL ? cx->generated :
	    "1970-01-01T00:00:00Z");
	SR_LIT(out, "</updated>\n<link rel=\"self\" "
	    "type=\"application/atom+xml\" href=\"");
	sr_abs(out, cx, "feed.atom");
	SR_LIT(out, "\"/>\n<link rel=\"alternate\" type=\"text/html\" "
	    "href=\"");
	sr_abs(out, cx, "index.html");
	SR_LIT(out, "\"/>\n<author><name>");
	sr_esc(out, SR_NAME(cx));
	SR_LIT(out, "</name></author>\n<generator>docket</generator>\n");
	json_array_foreach(recs, i, rec)
		sr_atom_entry(out, cx, rec);
	SR_LIT(out, "</feed>\n");
	return out->nomem ? -1 : 0;
}

/* --- JSON Feed -------------------------------------------------------- */

/* A cleaned string, or null. */
static json_t *
sr_jstr(const char *s)
{
	json_t	*j;
	char	*c;

	if (s == NULL)
		return json_null();
	if ((c = sr_clean(s)) == NULL)
		return NULL;
	j = json_string(c);
	free(c);
	return j;
}

/* The text of a strbuf as a JSON string. */
static json_t *
sr_jbuf(struct strbuf *sb)
{
	if (sb->nomem)
		return NULL;
	return sr_jstr(sb->s != NULL ? sb->s : "");
}

/* o[key] = v; *bad when v is NULL (out of memory, or bad UTF-8). */
static void
sr_set(json_t *o, const char *key, json_t *v, int *bad)
{
	if (v == NULL || json_object_set_new(o, key, v) == -1)
		*bad = 1;
}

static json_t *
sr_json_item(const struct site_ctx *cx, json_t *rec)
{
	struct strbuf	 sb;
	json_t		*it;
	const char	*t;
	char		 path[SITE_PATH_MAX], pub[32], upd[32];
	int		 bad = 0;

	site_path_doc(sr_str(rec, "id"), path);
	sr_entry_times(cx, rec, pub, upd);
	if ((it = json_object()) == NULL)
		return NULL;
	memset(&sb, 0, sizeof(sb));
	sr_entry_id(&sb, cx, rec);
	sr_set(it, "id", sr_jbuf(&sb), &bad);
	strbuf_free(&sb);
	sr_abs(&sb, cx, path);
	sr_set(it, "url", sr_jbuf(&sb), &bad);
	strbuf_free(&sb);
	t = sr_str(rec, "title");
	sr_set(it, "title", sr_jstr(t != NULL && *t != '\0' ? t :
	    sr_str(rec, "docno") ? sr_str(rec, "docno") : sr_str(rec, "id")),
	    &bad);
	sr_summary(&sb, rec);
	sr_set(it, "content_text", sr_jbuf(&sb), &bad);
	sr_set(it, "summary", sr_jbuf(&sb), &bad);
	strbuf_free(&sb);
	sr_set(it, "date_published", sr_jstr(pub), &bad);
	sr_set(it, "date_modified", sr_jstr(upd), &bad);
	if ((t = sr_str(rec, "issuer")) != NULL && *t != '\0')
		sr_set(it, "authors", json_pack("[{s:o}]", "name", sr_jstr(t)),
		    &bad);
	if ((t = sr_str(rec, "domain")) != NULL && *t != '\0')
		sr_set(it, "tags", json_pack("[o]", sr_jstr(t)), &bad);
	sr_set(it, "language", json_string("zh-CN"), &bad);
	sr_set(it, "_docket", json_pack("{s:o, s:o, s:o, s:s}",
	    "index_no", sr_jstr(sr_str(rec, "index_no")),
	    "docno", sr_jstr(sr_str(rec, "docno")),
	    "signed_on", sr_jstr(sr_str(rec, "signed_on")),
	    "validity", site_validity(rec)), &bad);
	if (bad) {
		json_decref(it);
		return NULL;
	}
	return it;
}

int
site_render_jsonfeed(struct strbuf *out, const struct site_ctx *cx,
    json_t *recs)
{
	struct strbuf	 sb;
	json_t		*feed, *items, *rec, *it;
	char		*js;
	size_t		 i;
	int		 ret = -1;

	if (!sr_all_ok(recs))
		return -1;
	if ((feed = json_object()) == NULL)
		return -1;
	items = json_array();
	json_object_set_new(feed, "version",
	    json_string("https://jsonfeed.org/version/1.1"));
	json_object_set_new(feed, "title", sr_jstr(SR_NAME(cx)));
	memset(&sb, 0, sizeof(sb));
	if (cx->base_url != NULL && *cx->base_url != '\0') {
		sr_abs(&sb, cx, "index.html");
		json_object_set_new(feed, "home_page_url", sr_jbuf(&sb));
		strbuf_free(&sb);
		sr_abs(&sb, cx, "feed.json");
		json_object_set_new(feed, "feed_url", sr_jbuf(&sb));
		strbuf_free(&sb);
	}
	json_object_set_new(feed, "description",
	    json_string("主动公开的政府信息"));
	json_object_set_new(feed, "language", json_string("zh-CN"));
	json_object_set_new(feed, "authors", json_pack("[{s:o}]", "name",
	    sr_jstr(SR_NAME(cx))));
	json_array_foreach(recs, i, rec) {
		if ((it = sr_json_item(cx, rec)) == NULL)
			goto out;
		json_array_append_new(items, it);
	}
	json_object_set(feed, "items", items);
	if ((js = json_dumps(feed, JSON_INDENT(1) | JSON_PRESERVE_ORDER |
	    JSON_ESCAPE_SLASH)) == NULL)
		goto out;
	sr_puts(out, js);
	SR_LIT(out, "\n");
	free(js);
	ret = out->nomem ? -1 : 0;
out:
	json_decref(items);
	json_decref(feed);
	return ret;
}

/* --- sitemap ---------------------------------------------------------- */

/* The <loc> and <lastmod> of one [{"path","lastmod"}] entry. */
static void
sr_sitemap_entry(struct strbuf *out, const struct site_ctx *cx, json_t *u,
    const char *tag)
{
	const char	*lm = sr_str(u, "lastmod");

	SR_LIT(out, "<");
	sr_puts(out, tag);
	SR_LIT(out, "><loc>");
	sr_abs(out, cx, sr_str(u, "path"));
	SR_LIT(out, "</loc>");
	if (lm != NULL && *lm != '\0') {
		SR_LIT(out, "<lastmod>");
		sr_esc(out, lm);
		SR_LIT(out, "</lastmod>");
	}
	SR_LIT(out, "</");
	sr_puts(out, tag);
	SR_LIT(out, ">\n");
}

static int
sr_sitemap(struct strbuf *out, const struct site_ctx *cx, json_t *urls,
    const char *root, const char *tag)
{
	json_t	*u;
	size_t	 i;

	SR_LIT(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<");
	sr_puts(out, root);
	SR_LIT(out, " xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
	    "\n");
	json_array_foreach(urls, i, u)
		if (sr_str(u, "path") != NULL)
			sr_sitemap_entry(out, cx, u, tag);
	SR_LIT(out, "</");
	sr_puts(out, root);
	SR_LIT(out, ">\n");
	return out->nomem ? -1 : 0;
}

int
site_render_sitemap(struct strbuf *out, const struct site_ctx *cx,
    json_t *urls)
{
	return sr_sitemap(out, cx, urls, "urlset", "url");
}

int
site_render_sitemap_index(struct strbuf *out, const struct site_ctx *cx,
    json_t *maps)
{
	return sr_sitemap(out, cx, maps, "sitemapindex", "sitemap");
}
