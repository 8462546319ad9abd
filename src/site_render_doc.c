/*
 * site_render_doc: one public document's page (see site_render.h): the
 * info table (索引号, 发布机构, 文号, 成文日期, 发布日期, 有效性, 领域,
 * 公开方式), a notice when it is no longer in force, its text in
 * paragraphs, its attachments, the original to download, and links to
 * the document that repealed it, the policy it interprets and its
 * interpretations.  The page is doc/SHARD/ID.html, two levels below the
 * root.  The record and every related one must be published: one that
 * is not makes the page refused before a byte of it is written.
 */
#include <stdio.h>
#include <string.h>

#include "site_render.h"
#include "site_render_impl.h"

/* doc/SHARD/ID.html */
#define DOC_DEPTH	2

/* One row of the info table: th and td, the value escaped. */
static void
sr_info(struct strbuf *sb, const char *label, const char *value)
{
	SR_LIT(sb, "<tr><th scope=\"row\">");
	sr_puts(sb, label);
	SR_LIT(sb, "</th><td>");
	sr_esc_or_none(sb, value);
	SR_LIT(sb, "</td></tr>\n");
}

/* The blanks a line of text may start or end with: ASCII and U+3000. */
static size_t
sr_blank_at(const char *s, size_t n)
{
	if (n >= 1 && (*s == ' ' || *s == '\t' || *s == '\f' || *s == '\v'))
		return 1;
	if (n >= 3 && memcmp(s, "\xe3\x80\x80", 3) == 0)
		return 3;
	return 0;
}

/* The text, a <p> per non-blank line, each line trimmed. */
static void
sr_paragraphs(struct strbuf *sb, const char *text)
{
	const char	*p = text, *e, *end = text + strlen(text);
	size_t		 n, k;

	while (p < end) {
		e = p + strcspn(p, "\r\n");
		n = (size_t)(e - p);
		while (n > 0 && (k = sr_blank_at(p, n)) > 0) {
			p += k;
			n -= k;
		}
		while (n > 0) {
			if (strchr(" \t\f\v", p[n - 1]) != NULL)
				n--;
			else if (n >= 3 && memcmp(p + n - 3, "\xe3\x80\x80",
			    3) == 0)
				n -= 3;
			else
				break;
		}
		if (n > 0) {
			SR_LIT(sb, "<p>");
			sr_esc_n(sb, p, n);
			SR_LIT(sb, "</p>\n");
		}
		p = e;
		if (p < end && *p == '\r')
			p++;
		if (p < end && *p == '\n')
			p++;
	}
}

/* What the page says of a document that is no longer in force. */
static void
sr_notice(struct strbuf *sb, json_t *rec, json_t *by)
{
	const char	*v = site_validity(rec);
	const char	*on = sr_str(rec, "status_on");

	if (strcmp(v, "有效") == 0)
		return;
	SR_LIT(sb, "<p class=\"notice ");
	sr_puts(sb, sr_validity_class(v));
	SR_LIT(sb, "\">本文件");
	/* A cleaned document keeps the day it lost force (status_on). */
	if (on != NULL) {
		SR_LIT(sb, "自 ");
		sr_esc(sb, on);
		SR_LIT(sb, " 起");
		sr_puts(sb, strcmp(v, "失效") == 0 ? "失效" : "废止");
	} else
		sr_puts(sb, strcmp(v, "失效") == 0 ? "已失效" : "已废止");
	if (by != NULL) {
		SR_LIT(sb, "，废止本文件的文件：");
		sr_rec_link(sb, DOC_DEPTH, by);
	}
	SR_LIT(sb, "。</p>\n");
}

/* 首页 › 政策文件库 › the month it was published in › this one. */
static void
sr_doc_crumbs(struct strbuf *sb, json_t *rec)
{
	json_t		*crumbs;
	const char	*on = sr_str(rec, "published_on");
	char		 ym[8], label[32], path[SITE_PATH_MAX];
	int		 y, m;

	crumbs = json_pack("[[s,s], [s,s]]", "首页", "index.html", "政策文件库",
	    "policy.html");
	if (on != NULL && sscanf(on, "%4d-%2d", &y, &m) == 2 && y > 1900 &&
	    y <= 9999 && m >= 1 && m <= 12) {
		snprintf(ym, sizeof(ym), "%04d-%02d", y, m);
		site_path_month(ym, path);
		snprintf(label, sizeof(label), "%d年%d月", y, m);
		json_array_append_new(crumbs, json_pack("[s,s]", label, path));
	}
	json_array_append_new(crumbs, json_pack("[s,s]", "正文", ""));
	sr_crumbs(sb, DOC_DEPTH, crumbs);
	json_decref(crumbs);
}

int
site_render_doc(struct strbuf *out, const struct site_ctx *cx, json_t *rec,
    const char *text, const char *file_path, json_t *rel)
{
	json_t		*by, *of, *ints, *r, *a;
	const char	*v, *fmt, *dom, *dpath;
	char		 up[16];
	size_t		 i, n;

	if (!sr_rec_ok(rec))
		return -1;
	by = json_object_get(rel, "repealed_by");
	of = json_object_get(rel, "interprets");
	ints = json_object_get(rel, "interpretations");
	if (json_is_null(by))
		by = NULL;
	if (json_is_null(of))
		of = NULL;
	if ((by != NULL && !sr_rec_ok(by)) || (of != NULL && !sr_rec_ok(of)))
		return -1;
	json_array_foreach(ints, i, r)
		if (!sr_rec_ok(r))
			return -1;

	sr_page_open(out, cx, DOC_DEPTH, sr_str(rec, "title") ?
	    sr_str(rec, "title") : sr_str(rec, "id"), 0);
	sr_doc_crumbs(out, rec);
	SR_LIT(out, "<article class=\"doc\">\n<h1>");
	sr_rec_name(out, rec);
	SR_LIT(out, "</h1>\n");
	sr_notice(out, rec, by);
	v = site_validity(rec);
	SR_LIT(out, "<table class=\"info\">\n");
	sr_info(out, "索引号", sr_str(rec, "index_no"));
	sr_info(out, "发布机构", sr_str(rec, "issuer"));
	sr_info(out, "文号", sr_str(rec, "docno"));
	sr_info(out, "成文日期", sr_str(rec, "signed_on"));
	sr_info(out, "发布日期", sr_str(rec, "published_on"));
	SR_LIT(out, "<tr><th scope=\"row\">有效性</th><td class=\"validity ");
	sr_puts(out, sr_validity_class(v));
	SR_LIT(out, "\">");
	sr_puts(out, v);
	SR_LIT(out, "</td></tr>\n");
	dom = sr_str(rec, "domain") ? sr_str(rec, "domain") : "未分类";
	if ((dpath = sr_str(rel, "domain_path")) != NULL && *dpath != '\0') {
		SR_LIT(out, "<tr><th scope=\"row\">领域</th><td><a href=\"");
		sr_href(out, DOC_DEPTH, dpath);
		SR_LIT(out, "\">");
		sr_esc(out, dom);
		SR_LIT(out, "</a></td></tr>\n");
	} else
		sr_info(out, "领域", dom);
	sr_info(out, "公开方式", "主动公开");
	SR_LIT(out, "</table>\n");

	SR_LIT(out, "<section class=\"text\">\n");
	if (text == NULL || strspn(text, " \t\r\n\f\v") == strlen(text))
		SR_LIT(out, "<p class=\"empty\">正文暂无。</p>\n");
	else
		sr_paragraphs(out, text);
	SR_LIT(out, "</section>\n");

	if ((n = json_array_size(json_object_get(rec, "attachments"))) > 0) {
		SR_LIT(out, "<section class=\"attachments\">\n<h2>附件</h2>\n"
		    "<ol>\n");
		json_array_foreach(json_object_get(rec, "attachments"), i, a) {
			SR_LIT(out, "<li>");
			sr_esc_or_none(out, json_string_value(a));
			SR_LIT(out, "</li>\n");
		}
		SR_LIT(out, "</ol>\n</section>\n");
	}
	if (file_path != NULL && *file_path != '\0') {
		SR_LIT(out, "<p class=\"original\"><a href=\"");
		sr_href(out, DOC_DEPTH, file_path);
		SR_LIT(out, "\">下载原件");
		if ((fmt = sr_str(rec, "format")) != NULL && *fmt != '\0' &&
		    strlen(fmt) < 16) {
			for (i = 0; fmt[i] != '\0'; i++)
				up[i] = fmt[i] >= 'a' && fmt[i] <= 'z' ?
				    (char)(fmt[i] - 'a' + 'A') : fmt[i];
			up[i] = '\0';
			SR_LIT(out, "（");
			sr_esc(out, up);
			SR_LIT(out, "）");
		}
		SR_LIT(out, "</a></p>\n");
	}

	if (by != NULL || of != NULL || json_array_size(ints) > 0) {
		SR_LIT(out, "<section class=\"related\">\n<h2>相关文件</h2>\n"
		    "<ul>\n");
		if (by != NULL) {
			SR_LIT(out, "<li>废止本文件的文件：");
			sr_rec_link(out, DOC_DEPTH, by);
			SR_LIT(out, "</li>\n");
		}
		if (of != NULL) {
			SR_LIT(out, "<li>本文解读的政策：");
			sr_rec_link(out, DOC_DEPTH, of);
			SR_LIT(out, "</li>\n");
		}
		json_array_foreach(ints, i, r) {
			SR_LIT(out, "<li>政策解读：");
			sr_rec_link(out, DOC_DEPTH, r);
			SR_LIT(out, "</li>\n");
		}
		SR_LIT(out, "</ul>\n</section>\n");
	}
	SR_LIT(out, "</article>\n");
	sr_page_close(out, cx, DOC_DEPTH);
	return out->nomem ? -1 : 0;
}

