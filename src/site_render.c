/*
 * site_render: the public catalog's paths, the escaper, the frame of a
 * page, the table of documents and the stylesheet (see site_render.h).
 * A document's page is in site_render_doc.c; the lists, the home page,
 * the cleanup results and the 负面清单 in site_render_list.c; the feeds
 * and the sitemap in site_render_feed.c.
 *
 * Every string from a record reaches the page through sr_esc(), so a
 * title holding "<script>" or a quote shows as text, a control character
 * cannot break a line of a feed, and bytes that are not UTF-8 cannot make
 * a page or a feed invalid.  Pure: no I/O.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "site_render.h"
#include "site_render_impl.h"
#include "utf8.h"

#define SR_DEFAULT_NAME	"政府信息公开"

/* --- escaping ---------------------------------------------------------- */

/* Bidi embeddings, overrides and isolates, and the marks: they can make
 * a title read backwards. */
static int
sr_bidi(uint32_t cp)
{
	return cp == 0x200e || cp == 0x200f || (cp >= 0x202a &&
	    cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x061c;
}

/* s cleaned into sb; ent: with & < > " ' as entities. */
static void
sr_walk(struct strbuf *sb, const char *s, size_t n, int ent)
{
	const unsigned char	*p = (const unsigned char *)s;
	const char		*rep;
	size_t			 i = 0, start = 0, adv, k;
	uint32_t		 cp;

	while (i < n) {
		rep = NULL;
		adv = 1;
		if (p[i] >= 0x20 && p[i] < 0x7f) {
			if (ent)
				switch (p[i]) {
				case '&': rep = "&amp;"; break;
				case '<': rep = "&lt;"; break;
				case '>': rep = "&gt;"; break;
				case '"': rep = "&quot;"; break;
				case '\'': rep = "&#39;"; break;
				default: break;
				}
			if (rep == NULL) {
				i++;
				continue;
			}
		} else if (p[i] < 0x80)
			rep = " ";		/* C0, DEL */
		else if ((k = utf8_valid_len(p + i, n - i)) == 0)
			rep = "\xef\xbf\xbd";	/* U+FFFD */
		else {
			utf8_decode(p + i, k, &cp);
			adv = k;
			if (cp <= 0x9f)
				rep = " ";	/* C1 */
			else if (sr_bidi(cp) || cp == 0xfffe || cp == 0xffff)
				rep = "";
			else {
				i += k;
				continue;
			}
		}
		if (i > start)
			strbuf_add(sb, s + start, i - start);
		strbuf_add(sb, rep, strlen(rep));
		i += adv;
		start = i;
	}
	if (i > start)
		strbuf_add(sb, s + start, i - start);
}

void
sr_esc(struct strbuf *sb, const char *s)
{
	if (s != NULL)
		sr_walk(sb, s, strlen(s), 1);
}

void
sr_esc_n(struct strbuf *sb, const char *s, size_t n)
{
	sr_walk(sb, s, n, 1);
}

void
sr_esc_or_none(struct strbuf *sb, const char *s)
{
	sr_esc(sb, s != NULL && *s != '\0' ? s : SR_NONE);
}

char *
sr_clean(const char *s)
{
	struct strbuf	 sb;

	memset(&sb, 0, sizeof(sb));
	if (s == NULL)
		s = "";
	sr_walk(&sb, s, strlen(s), 0);
	strbuf_add(&sb, "", 0);
	if (sb.nomem) {
		strbuf_free(&sb);
		return NULL;
	}
	return sb.s;
}

void
sr_puts(struct strbuf *sb, const char *s)
{
	strbuf_puts(sb, s);
}

void
sr_int(struct strbuf *sb, long long v)
{
	strbuf_int(sb, v);
}

const char *
sr_str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* --- the lock ---------------------------------------------------------- */

int
sr_rec_ok(json_t *rec)
{
	json_t		*f, *disc;
	size_t		 i;

	if (!json_is_object(rec) ||
	    !json_is_true(json_object_get(rec, "published")) ||
	    sr_str(rec, "id") == NULL)
		return 0;
	if (sr_str(rec, "secrecy") != NULL ||
	    json_is_true(json_object_get(rec, "hold")))
		return 0;
	json_array_foreach(json_object_get(rec, "flags"), i, f)
		if (json_is_string(f) &&
		    strcmp(json_string_value(f), "classified") == 0)
			return 0;
	/* It must say it is public: a record that does not say is not. */
	if ((disc = json_object_get(rec, "disclosure")) == NULL ||
	    !json_is_string(disc) ||
	    strcmp(json_string_value(disc), "public") != 0)
		return 0;
	return 1;
}

const char *
site_validity(json_t *rec)
{
	const char	*st = sr_str(rec, "status");

	if (st == NULL || strcmp(st, "in_force") == 0)
		return "有效";
	if (strcmp(st, "repealed") == 0)
		return "已废止";
	if (strcmp(st, "cleaned") == 0 &&
	    (sr_str(rec, "repealed_by") != NULL ||
	    sr_str(rec, "repeal_reason") != NULL))
		return "已废止";
	if (strcmp(st, "expired") == 0 || strcmp(st, "cleaned") == 0)
		return "失效";
	return "有效";
}

const char *
sr_validity_class(const char *v)
{
	if (strcmp(v, "有效") == 0)
		return "in-force";
	return strcmp(v, "失效") == 0 ? "expired" : "repealed";
}

/* --- paths ------------------------------------------------------------- */

/* An id in a file name: [A-Za-z0-9_-] kept, anything else '_'. */
static void
sr_safe_name(const char *s, char *buf, size_t len)
{
	size_t	o = 0;

	if (s == NULL || *s == '\0')
		s = "_";
	for (; *s && o + 1 < len; s++)
		buf[o++] = (strchr("_-", *s) != NULL ||
		    (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		    (*s >= '0' && *s <= '9')) ? *s : '_';
	buf[o] = '\0';
}

/* The shard of an id: its number / 1000, or 0 when it has none. */
static unsigned long long
sr_shard(const char *id)
{
	const char		*p = id;
	unsigned long long	 v = 0;

	if (p == NULL)
		return 0;
	if (*p == 'D' || *p == 'd')
		p++;
	if (*p == '\0' || strlen(p) > 18)
		return 0;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		v = v * 10 + (unsigned long long)(*p - '0');
	}
	return v / 1000;
}

void
site_path_doc(const char *id, char *buf)
{
	char	name[64];

	sr_safe_name(id, name, sizeof(name));
	snprintf(buf, SITE_PATH_MAX, "doc/%04llu/%s.html", sr_shard(id),
	    name);
}

void
site_path_file(const char *id, const char *ext, char *buf)
{
	char	name[64], e[16];
	size_t	i, o = 0;

	sr_safe_name(id, name, sizeof(name));
	/* lower-case letters and digits, or "bin" */
	for (i = 0; ext != NULL && ext[i] != '\0' && o + 1 < sizeof(e); i++) {
		if (ext[i] >= 'A' && ext[i] <= 'Z')
			e[o++] = (char)(ext[i] - 'A' + 'a');
		else if ((ext[i] >= 'a' && ext[i] <= 'z') ||
		    (ext[i] >= '0' && ext[i] <= '9'))
			e[o++] = ext[i];
		else
			break;
	}
	if (o == 0 || ext[i] != '\0')
		snprintf(e, sizeof(e), "bin");
	else
		e[o] = '\0';
	snprintf(buf, SITE_PATH_MAX, "file/%04llu/%s.%s", sr_shard(id), name,
	    e);
}

/* dir/index.html or dir/YYYY.html */
static void
sr_path_years(const char *dir, int year, char *buf)
{
	if (year <= 0 || year > 9999)
		snprintf(buf, SITE_PATH_MAX, "%s/index.html", dir);
	else
		snprintf(buf, SITE_PATH_MAX, "%s/%04d.html", dir, year);
}

void
site_path_domain(int n, int year, char *buf)
{
	char	dir[32];

	if (n <= 0 || n > 99)
		snprintf(dir, sizeof(dir), "domain/other");
	else
		snprintf(dir, sizeof(dir), "domain/%02d", n);
	sr_path_years(dir, year, buf);
}

void
site_path_agency(const char *slug, int year, char *buf)
{
	char	name[128], dir[160];

	sr_safe_name(slug, name, sizeof(name));
	snprintf(dir, sizeof(dir), "agency/%s", name);
	sr_path_years(dir, year, buf);
}

void
site_agency_slug(const char *agency, const char *code, char *buf)
{
	char	 hex[SHA256_HEX_LEN + 1];
	size_t	 n;

	if (code != NULL && (n = strlen(code)) > 0 && n <= 64 &&
	    strspn(code, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == n) {
		snprintf(buf, SITE_PATH_MAX, "%s", code);
		return;
	}
	if (agency == NULL || *agency == '\0' || strcmp(agency, "-") == 0) {
		snprintf(buf, SITE_PATH_MAX, "none");
		return;
	}
	sha256_hex(agency, strlen(agency), hex);
	snprintf(buf, SITE_PATH_MAX, "a%.12s", hex);
}

void
site_path_month(const char *ym, char *buf)
{
	int	y, m;
	char	tail;

	if (ym == NULL || strlen(ym) != 7 ||
	    sscanf(ym, "%4d-%2d%c", &y, &m, &tail) != 2 || ym[4] != '-' ||
	    strspn(ym, "0123456789-") != 7 || m < 1 || m > 12) {
		snprintf(buf, SITE_PATH_MAX, "month/unknown.html");
		return;
	}
	snprintf(buf, SITE_PATH_MAX, "month/%04d-%02d.html", y, m);
}

void
site_path_year(int year, char *buf)
{
	if (year <= 0 || year > 9999)
		snprintf(buf, SITE_PATH_MAX, "year/unknown.html");
	else
		snprintf(buf, SITE_PATH_MAX, "year/%04d.html", year);
}

/* --- links ------------------------------------------------------------- */

int
sr_depth(const char *page)
{
	int	d = 0;

	if (page == NULL)
		return 0;
	while (*page == '/')
		page++;
	for (; *page; page++)
		if (*page == '/')
			d++;
	return d;
}

void
sr_url_path(struct strbuf *sb, const char *path)
{
	static const char	 hexd[] = "0123456789ABCDEF";
	const unsigned char	*p;
	char			 pc[3];

	if (path == NULL)
		return;
	while (*path == '/')
		path++;
	for (p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("/._~-", *p) != NULL)
			strbuf_add(sb, (const char *)p, 1);
		else {
			pc[0] = '%';
			pc[1] = hexd[*p >> 4];
			pc[2] = hexd[*p & 15];
			strbuf_add(sb, pc, 3);
		}
	}
}

void
sr_href(struct strbuf *sb, int depth, const char *path)
{
	int	i;

	for (i = 0; i < depth; i++)
		SR_LIT(sb, "../");
	sr_url_path(sb, path);
}

void
sr_abs(struct strbuf *sb, const struct site_ctx *cx, const char *path)
{
	const char	*b = cx->base_url;
	size_t		 n;

	if (b != NULL && (n = strlen(b)) > 0) {
		sr_esc(sb, b);
		if (b[n - 1] != '/')
			SR_LIT(sb, "/");
	}
	sr_url_path(sb, path);
}

/* <a href="HREF">TEXT</a> with the text escaped. */
static void
sr_link(struct strbuf *sb, int depth, const char *path, const char *text)
{
	SR_LIT(sb, "<a href=\"");
	sr_href(sb, depth, path);
	SR_LIT(sb, "\">");
	sr_esc(sb, text);
	SR_LIT(sb, "</a>");
}

/* --- the frame of a page ----------------------------------------------- */

static const char *
sr_site_name(const struct site_ctx *cx)
{
	return cx->site_name != NULL && *cx->site_name != '\0' ?
	    cx->site_name : SR_DEFAULT_NAME;
}

void
sr_page_open(struct strbuf *sb, const struct site_ctx *cx, int depth,
    const char *title, int feeds)
{
	SR_LIT(sb, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n<title>");
	if (title != NULL) {
		sr_esc(sb, title);
		SR_LIT(sb, " - ");
	}
	sr_esc(sb, sr_site_name(cx));
	SR_LIT(sb, "</title>\n<link rel=\"stylesheet\" href=\"");
	sr_href(sb, depth, "style.css");
	SR_LIT(sb, "\">\n");
	if (feeds) {
		SR_LIT(sb, "<link rel=\"alternate\" "
		    "type=\"application/atom+xml\" title=\"Atom\" href=\"");
		sr_href(sb, depth, "feed.atom");
		SR_LIT(sb, "\">\n<link rel=\"alternate\" "
		    "type=\"application/feed+json\" title=\"JSON Feed\" "
		    "href=\"");
		sr_href(sb, depth, "feed.json");
		SR_LIT(sb, "\">\n");
	}
	SR_LIT(sb, "</head>\n<body>\n<header class=\"site\">\n"
	    "<p class=\"site-name\">");
	sr_link(sb, depth, "index.html", sr_site_name(cx));
	SR_LIT(sb, "</p>\n<nav class=\"site-nav\">");
	sr_link(sb, depth, "index.html", "首页");
	SR_LIT(sb, " ");
	sr_link(sb, depth, "policy.html", "政策文件库");
	SR_LIT(sb, " ");
	sr_link(sb, depth, "cleanup/index.html", "清理结果");
	SR_LIT(sb, " ");
	sr_link(sb, depth, "negative.html", "负面清单");
	SR_LIT(sb, "</nav>\n</header>\n<main>\n");
}

void
sr_page_close(struct strbuf *sb, const struct site_ctx *cx, int depth)
{
	SR_LIT(sb, "</main>\n<footer class=\"site\">\n<p>");
	sr_esc(sb, sr_site_name(cx));
	SR_LIT(sb, " · ");
	sr_link(sb, depth, "feed.atom", "Atom 订阅");
	SR_LIT(sb, " · ");
	sr_link(sb, depth, "feed.json", "JSON Feed");
	SR_LIT(sb, " · ");
	sr_link(sb, depth, "sitemap.xml", "网站地图");
	SR_LIT(sb, "</p>\n</footer>\n</body>\n</html>\n");
}

void
sr_crumbs(struct strbuf *sb, int depth, json_t *crumbs)
{
	json_t		*c;
	const char	*label, *path;
	size_t		 i;

	if (json_array_size(crumbs) == 0)
		return;
	SR_LIT(sb, "<nav class=\"crumbs\" aria-label=\"当前位置\">");
	json_array_foreach(crumbs, i, c) {
		if (json_is_array(c)) {
			label = json_string_value(json_array_get(c, 0));
			path = json_string_value(json_array_get(c, 1));
		} else {
			label = sr_str(c, "label");
			path = sr_str(c, "path");
		}
		if (i > 0)
			SR_LIT(sb, " › ");
		if (path != NULL && *path != '\0')
			sr_link(sb, depth, path, label ? label : SR_NONE);
		else {
			SR_LIT(sb, "<span aria-current=\"page\">");
			sr_esc_or_none(sb, label);
			SR_LIT(sb, "</span>");
		}
	}
	SR_LIT(sb, "</nav>\n");
}

void
sr_rec_name(struct strbuf *sb, json_t *rec)
{
	const char	*t = sr_str(rec, "title");

	if (t != NULL && *t != '\0') {
		sr_esc(sb, t);
		return;
	}
	t = sr_str(rec, "docno");
	sr_esc(sb, t != NULL && *t != '\0' ? t : sr_str(rec, "id"));
}

void
sr_rec_link(struct strbuf *sb, int depth, json_t *rec)
{
	char	path[SITE_PATH_MAX];

	site_path_doc(sr_str(rec, "id"), path);
	SR_LIT(sb, "<a href=\"");
	sr_href(sb, depth, path);
	SR_LIT(sb, "\">");
	sr_rec_name(sb, rec);
	SR_LIT(sb, "</a>");
}

int
sr_rec_table(struct strbuf *sb, int depth, json_t *recs)
{
	json_t		*rec;
	const char	*v;
	size_t		 i;

	json_array_foreach(recs, i, rec)
		if (!sr_rec_ok(rec) || (json_is_object(json_object_get(rec,
		    "repealer")) && !sr_rec_ok(json_object_get(rec,
		    "repealer"))))
			return -1;
	if (json_array_size(recs) == 0) {
		SR_LIT(sb, "<p class=\"empty\">暂无文件。</p>\n");
		return 0;
	}
	SR_LIT(sb, "<table class=\"docs\">\n<thead><tr><th>索引号</th>"
	    "<th>标题</th><th>文号</th><th>成文日期</th><th>有效性</th></tr>"
	    "</thead>\n<tbody>\n");
	json_array_foreach(recs, i, rec) {
		v = site_validity(rec);
		SR_LIT(sb, "<tr><td class=\"index-no\">");
		sr_esc_or_none(sb, sr_str(rec, "index_no"));
		SR_LIT(sb, "</td><td class=\"title\">");
		sr_rec_link(sb, depth, rec);
		SR_LIT(sb, "</td><td class=\"docno\">");
		sr_esc_or_none(sb, sr_str(rec, "docno"));
		SR_LIT(sb, "</td><td class=\"date\">");
		sr_esc_or_none(sb, sr_str(rec, "signed_on"));
		SR_LIT(sb, "</td><td class=\"validity ");
		sr_puts(sb, sr_validity_class(v));
		SR_LIT(sb, "\">");
		sr_puts(sb, v);
		/* 政策文件库: the document that repealed it, when public. */
		if (json_is_object(json_object_get(rec, "repealer"))) {
			json_t	*by = json_object_get(rec, "repealer");
			char	 path[SITE_PATH_MAX];

			site_path_doc(sr_str(by, "id"), path);
			SR_LIT(sb, "<br><span class=\"by\">由<a href=\"");
			sr_href(sb, depth, path);
			SR_LIT(sb, "\">");
			if (sr_str(by, "docno") != NULL)
				sr_esc(sb, sr_str(by, "docno"));
			else
				sr_rec_name(sb, by);
			SR_LIT(sb, "</a>废止</span>");
		}
		SR_LIT(sb, "</td></tr>\n");
	}
	SR_LIT(sb, "</tbody>\n</table>\n");
	return 0;
}

void
sr_date_time(const char *date, const char *gen, char *buf)
{
	const char	*zone = "+08:00";
	size_t		 n;
	int		 y, m, d;

	buf[0] = '\0';
	if (date == NULL || strlen(date) < 10 ||
	    strspn(date, "0123456789") != 4 || date[4] != '-' ||
	    date[7] != '-' || sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		return;
	if (gen != NULL && (n = strlen(gen)) >= 20) {
		if (gen[n - 1] == 'Z' || gen[n - 1] == 'z')
			zone = "Z";
		else if (n >= 25 && (gen[n - 6] == '+' ||
		    gen[n - 6] == '-') && gen[n - 3] == ':' &&
		    strspn(gen + n - 5, "0123456789") == 2 &&
		    strspn(gen + n - 2, "0123456789") == 2)
			zone = gen + n - 6;
	}
	snprintf(buf, 32, "%04d-%02d-%02dT00:00:00%s", y, m, d, zone);
}

/* --- the stylesheet ---------------------------------------------------- */

const char *
site_css(void)
{
	return
	    "/* docket: the public catalog */\n"
	    "body{margin:0;font-family:\"Noto Sans CJK SC\",\"Source Han Sans "
	    "SC\",\"Microsoft YaHei\",\"PingFang SC\",sans-serif;"
	    "line-height:1.7;color:#222;background:#fff}\n"
	    "header.site,footer.site{background:#9e1b1b;color:#fff;"
	    "padding:.6em 1em}\n"
	    "header.site a,footer.site a{color:#fff}\n"
	    ".site-name{font-size:1.4em;font-weight:bold;margin:0}\n"
	    ".site-nav a{margin-right:1.2em}\n"
	    "main{max-width:60em;margin:0 auto;padding:1em}\n"
	    "a{color:#0b4a8b}\n"
	    ".crumbs{font-size:.9em;color:#555;margin-bottom:1em}\n"
	    "h1{font-size:1.5em;text-align:center}\n"
	    "table{border-collapse:collapse;width:100%;margin:1em 0}\n"
	    "th,td{border:1px solid #ccc;padding:.3em .6em;"
	    "text-align:left;vertical-align:top}\n"
	    "th{background:#f3f3f3;white-space:nowrap}\n"
	    "table.info th{width:7em}\n"
	    ".text p{text-indent:2em;margin:.4em 0}\n"
	    ".validity.in-force{color:#176b21}\n"
	    ".validity.expired{color:#8a6d00}\n"
	    ".validity.repealed{color:#b00020;font-weight:bold}\n"
	    ".notice{border:1px solid #b00020;padding:.5em;"
	    "background:#fff4f4}\n"
	    ".notice.expired{border-color:#8a6d00;background:#fffbea}\n"
	    ".empty{color:#777}\n"
	    "ul.entries{list-style:none;padding:0;display:flex;"
	    "flex-wrap:wrap;gap:.4em 1.5em}\n"
	    ".count{color:#777}\n"
	    "@media print{header.site,footer.site,.crumbs{display:none}}\n";
}
