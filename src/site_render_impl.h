/*
 * site_render_impl: what the site renderers (site_render.c, the document
 * page in site_render_doc.c, the lists in site_render_list.c and the
 * feeds in site_render_feed.c) share: the one
 * escaper every record string goes through, relative links, the check
 * that a record is published, and the frame of a page.  Internal to
 * site_render*.c.
 */
#ifndef DOCKET_SITE_RENDER_IMPL_H
#define DOCKET_SITE_RENDER_IMPL_H

#include <jansson.h>
#include <stddef.h>

#include "site_render.h"
#include "strbuf.h"

/* A string literal into a strbuf. */
#define SR_LIT(sb, lit)	strbuf_add(sb, lit, sizeof(lit) - 1)

/* What an unknown value shows. */
#define SR_NONE		"—"

/* s (NULL: nothing) into sb, HTML and XML safe: & < > " ' as entities,
 * control characters (C0, DEL, C1) as a blank (nl: LF kept), bidi
 * controls and U+FFFE/U+FFFF dropped, bytes that are not UTF-8 as
 * U+FFFD. */
void	 sr_esc(struct strbuf *sb, const char *s);
/* sr_esc of s[0..n). */
void	 sr_esc_n(struct strbuf *sb, const char *s, size_t n);
/* The same cleaning without the entities, into a new string (for
 * jansson, which wants valid UTF-8); NULL on allocation failure. */
char	*sr_clean(const char *s);
/* sr_esc of s, or of SR_NONE when s is NULL or empty. */
void	 sr_esc_or_none(struct strbuf *sb, const char *s);
/* A plain string (no escaping: literals and numbers only). */
void	 sr_puts(struct strbuf *sb, const char *s);
void	 sr_int(struct strbuf *sb, long long v);

/* A string member of o, or NULL (null, absent or not a string). */
const char *sr_str(json_t *o, const char *key);

/* 1 when rec may be shown: "published": true, and nothing in it says it
 * may not be (a 密级, flag classified, a hold, a disclosure other than
 * public). */
int	 sr_rec_ok(json_t *rec);

/* The depth of a page at path from the root (slashes in it). */
int	 sr_depth(const char *page);
/* An href to path (from the site root) from a page at depth: "../" per
 * level, then path with anything but [A-Za-z0-9/._~-] percent-encoded. */
void	 sr_href(struct strbuf *sb, int depth, const char *path);
/* path percent-encoded as in sr_href (no "../"). */
void	 sr_url_path(struct strbuf *sb, const char *path);
/* An absolute URL for the feeds and the sitemap: base_url (escaped) then
 * path; a relative one when base_url is empty. */
void	 sr_abs(struct strbuf *sb, const struct site_ctx *, const char *path);

/* The frame of a page at depth: doctype to the opening of <main>, with
 * title (escaped; NULL: the site's name alone), the site's header and
 * its navigation; feeds: 1 for the feeds' <link rel="alternate">. */
void	 sr_page_open(struct strbuf *sb, const struct site_ctx *, int depth,
	    const char *title, int feeds);
void	 sr_page_close(struct strbuf *sb, const struct site_ctx *, int depth);
/* Breadcrumbs [[label, path]…], path "" (or null) for the current page. */
void	 sr_crumbs(struct strbuf *sb, int depth, json_t *crumbs);
/* The class of a validity (site_validity) for the stylesheet. */
const char *sr_validity_class(const char *validity);
/* 《title》, or the docno, or the id: how a record is named in a link. */
void	 sr_rec_name(struct strbuf *sb, json_t *rec);
/* A link to a record's page, from a page at depth. */
void	 sr_rec_link(struct strbuf *sb, int depth, json_t *rec);
/* The records as a table (索引号, 标题 linked, 文号, 成文日期, 有效性); -1
 * when one of them is not published (nothing of it is written). */
int	 sr_rec_table(struct strbuf *sb, int depth, json_t *recs);
/* The RFC 3339 time of a date (YYYY-MM-DD): midnight in the zone of the
 * build time gen (+08:00 when it has none) into buf (32 bytes); buf ""
 * when date is not a date. */
void	 sr_date_time(const char *date, const char *gen, char *buf);

#endif
