/*
 * site_render: the pages of the public catalog (政府信息公开), pure.  JSON
 * in, bytes out: a document's page with its info table (索引号, 发布机构,
 * 文号, 成文日期, 发布日期, 有效性, 领域, 公开方式), the list and index
 * pages, the home page, the cleanup results (清理结果), the 负面清单 (counts
 * only), an Atom 1.0 feed, a JSON Feed 1.1, the sitemap and its index, and
 * the stylesheet.  site.c decides what is on the site and where it is
 * written; nothing here touches the disk, the vault or LMDB.
 *
 * Pages are plain HTML5 (lang zh-CN, UTF-8), with relative links only,
 * no JavaScript and no external resource.  Every string that comes from
 * a record is HTML- (or XML-) escaped, with control characters, bidi
 * overrides and bytes that are not UTF-8 taken out, and a renderer given
 * a record that is not "published": true refuses (returns -1): a second
 * lock behind site.c's.
 */
#ifndef DOCKET_SITE_RENDER_H
#define DOCKET_SITE_RENDER_H

#include <jansson.h>

#include "strbuf.h"

/* Every renderer is pure: JSON in, bytes appended to out. Every string from
 * a record is HTML- (or XML-) escaped. A record passed in must have
 * "published": true; a renderer given one that has not returns -1 (a second
 * lock; site.c checks first). Returns 0, or -1. */
struct site_ctx {
	const char	*site_name;	/* [publish] site_name */
	const char	*base_url;	/* "" or ends with '/': absolute
					   links in feeds and sitemap */
	const char	*generated;	/* RFC 3339 time of this build (feeds'
					   updated) */
	const char	*page;		/* the path of the page being rendered
					   (site_path_*): list and index pages
					   link relative to it; NULL: the root.
					   The other pages know their own. */
};

/* Paths (relative to the site root, no leading '/'); buf of SITE_PATH_MAX. */
/* The form of the pages: change it whenever a renderer writes something
 * else, so that docketd writes every page again at its next start (meta
 * site_format). */
#define SITE_FORMAT	"2026-12-07.1"

#define SITE_PATH_MAX 512
/* doc/0000/D000042.html (shard = n/1000, 4 digits) */
void	site_path_doc(const char *id, char *buf);
/* file/0000/D000042.EXT (the original) */
void	site_path_file(const char *id, const char *ext, char *buf);
/* n: 1-based position in domains.conf, 0 = 未分类: domain/07/index.html
 * (year 0) or domain/07/2025.html; domain/other/... for n 0 */
void	site_path_domain(int n, int year, char *buf);
/* agency/SLUG/index.html or /YYYY.html */
void	site_path_agency(const char *slug, int year, char *buf);
/* code when set (and safe in a path: [A-Za-z0-9_-], at most 64 bytes),
 * else "a" + 12 hex of sha256(name); "-" or NULL (none) gives "none" */
void	site_agency_slug(const char *agency, const char *code, char *buf);
/* month/2025-03.html ; year pages: year/2025.html */
void	site_path_month(const char *ym, char *buf);
void	site_path_year(int year, char *buf);

/* A document's page: info table (索引号, 发布机构 issuer, 文号, 成文日期,
 * 发布日期 published_on, 有效性 (有效 / 失效 / 已废止 from status; a cleaned
 * one: 已废止 when repealed_by or repeal_reason, else 失效), 领域, 公开方式
 * 主动公开), title, text in paragraphs (text may be NULL), attachments list,
 * a link to the original (file_path may be NULL). rel: {"repealed_by":
 * REC|null, "interprets": REC|null, "interpretations": [REC…]} — only
 * published records; links to their pages.  rel may be NULL, and may
 * carry "domain_path" (site_path_domain of the record's 领域), which
 * makes the 领域 cell a link. */
int	site_render_doc(struct strbuf *out, const struct site_ctx *,
	    json_t *rec, const char *text, const char *file_path, json_t *rel);
/* A list page: heading, breadcrumbs [[label, path]…] (path "" for the
 * current), the records as a table (索引号, 标题 linked, 文号, 成文日期,
 * 有效性), newest first as given. */
int	site_render_list(struct strbuf *out, const struct site_ctx *,
	    const char *heading, json_t *crumbs, json_t *recs);
/* An index page: heading, crumbs, entries [{"label","path","count"}] (e.g.
 * the years of a domain). */
int	site_render_index(struct strbuf *out, const struct site_ctx *,
	    const char *heading, json_t *crumbs, json_t *entries);
/* Home: {"domains":[{label,path,count}] (all 26 in order, count 0
 * included), "agencies":[…], "years":[…], "latest":[REC…],
 * "links":[{label,path}] (政策文件库, 清理结果, 负面清单, 年度报告,
 * feeds)}. */
int	site_render_home(struct strbuf *out, const struct site_ctx *,
	    json_t *home);
/* Cleanup results: one run = the object of cleanup/DATE.json as on main
 * (already public-only); the index: [{"date","path","count"}]. */
int	site_render_cleanup(struct strbuf *out, const struct site_ctx *,
	    const char *date, json_t *result);
int	site_render_cleanup_index(struct strbuf *out, const struct site_ctx *,
	    json_t *runs);
/* 负面清单: [{"id","matter","basis","agency","count"}] — counts only,
 * never titles. */
int	site_render_negative(struct strbuf *out, const struct site_ctx *,
	    json_t *items);
/* Feeds over the latest records (newest first): Atom 1.0 (feed.atom) and
 * JSON Feed 1.1 (feed.json, with "_docket": {"index_no","docno",
 * "signed_on","validity"} per item); sitemap: urlset of [{"path",
 * "lastmod"}] and a sitemap index of [{"path","lastmod"}].  With base_url
 * "" the links are relative to the root (a sitemap then is of no use to a
 * search engine, which wants absolute URLs). */
int	site_render_atom(struct strbuf *out, const struct site_ctx *,
	    json_t *recs);
int	site_render_jsonfeed(struct strbuf *out, const struct site_ctx *,
	    json_t *recs);
int	site_render_sitemap(struct strbuf *out, const struct site_ctx *,
	    json_t *urls);
int	site_render_sitemap_index(struct strbuf *out, const struct site_ctx *,
	    json_t *maps);
/* The stylesheet (style.css), small; pages link it relatively and work
 * without JavaScript. */
const char *site_css(void);

/* The 有效性 of a record: 有效, 失效 or 已废止 (see site_render_doc). */
const char *site_validity(json_t *rec);

#endif
