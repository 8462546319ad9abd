/*
 * Unit tests for site_render: the public catalog's pages and feeds.  A
 * hostile title (<script>, quotes, &, control characters, a bidi
 * override, bytes that are not UTF-8) shows as text everywhere and keeps
 * the feeds well-formed; a record that is not published is refused by
 * every renderer, leaving nothing of it; the info table, the validity
 * labels and the links and paths; the Atom feed and the sitemaps parse
 * as XML (expat, through xmlsafe), the JSON Feed as JSON (jansson).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sha256.h"
#include "site_render.h"
#include "xmlsafe.h"

#define BASE	"https://gk.example.gov.cn/"
#define GEN	"2026-12-06T09:30:00+08:00"

/* A title that tries everything. */
#define HOSTILE	"<script>alert(\"x\")</script> & 'q' \x1b[31m\x01" \
	"\xe2\x80\xae" "evil\xff\xfe"

static const struct site_ctx CX = { "某县人民政府信息公开", BASE, GEN, NULL };

static json_t *
mkrec(const char *id, const char *title, const char *status)
{
	json_t	*r;

	r = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, "
	    "s:[s,s], s:s, s:s, s:n, s:n, s:n, s:b, s:s, s:b, s:n, s:[]}",
	    "id", id, "docno", "某政发〔2025〕3号",
	    "issuer", "某县人民政府", "index_no", "11440300/2025-00042",
	    "signed_on", "2025-03-01", "published_on", "2025-03-05",
	    "domain", "财政预决算", "disclosure", "public",
	    "attachments", "1.预算表", "2.说明",
	    "format", "pdf", "status", status, "status_on",
	    "repealed_by", "repeal_reason",
	    "published", 1, "agency", "县财政局", "hold", 0,
	    "secrecy", "flags");
	assert_non_null(r);
	/* unchecked: a hostile title may hold bytes that are not UTF-8 */
	json_object_set_new(r, "title", title != NULL ?
	    json_string_nocheck(title) : json_null());
	return r;
}

static struct strbuf
sb0(void)
{
	struct strbuf	sb;

	memset(&sb, 0, sizeof(sb));
	return sb;
}

static int
has(const struct strbuf *sb, const char *needle)
{
	return sb->s != NULL && strstr(sb->s, needle) != NULL;
}

/*
 * A rough check of our own HTML: every tag but the void ones is closed,
 * in order, and nothing outside a tag looks like one.
 */
static void
html_balanced(const char *s)
{
	static const char *const voids[] = { "meta", "link", "br", NULL };
	char	 stack[64][16], name[16];
	int	 sp = 0, close, v, i;
	size_t	 n;

	while ((s = strchr(s, '<')) != NULL) {
		s++;
		if (*s == '!') {		/* the doctype */
			s = strchr(s, '>');
			assert_non_null(s);
			continue;
		}
		close = *s == '/';
		if (close)
			s++;
		n = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789");
		assert_true(n > 0 && n < sizeof(name));
		memcpy(name, s, n);
		name[n] = '\0';
		assert_non_null(strchr(s, '>'));
		s = strchr(s, '>') + 1;
		for (v = 0, i = 0; voids[i] != NULL; i++)
			if (strcmp(name, voids[i]) == 0)
				v = 1;
		if (v)
			continue;
		if (close) {
			assert_true(sp > 0);
			assert_string_equal(stack[--sp], name);
		} else {
			assert_true(sp < 64);
			snprintf(stack[sp++], sizeof(stack[0]), "%s", name);
		}
	}
	assert_int_equal(sp, 0);
}

/* A page is a page: HTML5, zh-CN, UTF-8, balanced, no script. */
static void
page_ok(const struct strbuf *sb)
{
	assert_false(sb->nomem);
	assert_true(strncmp(sb->s, "<!DOCTYPE html>\n<html lang=\"zh-CN\">",
	    35) == 0);
	assert_true(has(sb, "<meta charset=\"utf-8\">"));
	assert_false(has(sb, "<script"));
	assert_false(has(sb, "http://"));
	assert_false(has(sb, "href=\"/"));
	html_balanced(sb->s);
}

/* --- XML through expat ------------------------------------------------- */

struct xcol {
	int		 entries;	/* elements named as want */
	const char	*want;
	const char	*grab;		/* collect the text of this element */
	int		 in;
	struct strbuf	 text;
};

static void
x_start(struct xmlsafe *xs, void *arg, const char *name, const char **attr)
{
	struct xcol	*c = arg;

	(void)xs;
	(void)attr;
	if (strcmp(name, c->want) == 0)
		c->entries++;
	if (c->grab != NULL && strcmp(name, c->grab) == 0)
		c->in = 1;
}

static void
x_end(struct xmlsafe *xs, void *arg, const char *name)
{
	struct xcol	*c = arg;

	(void)xs;
	if (c->grab != NULL && strcmp(name, c->grab) == 0) {
		c->in = 0;
		strbuf_add(&c->text, "\n", 1);
	}
}

static void
x_text(struct xmlsafe *xs, void *arg, const char *s, size_t len)
{
	struct xcol	*c = arg;

	(void)xs;
	if (c->in)
		strbuf_add(&c->text, s, len);
}

/* Parse xml; the count of want elements, the text of grab in c. */
static void
xml_parse(const struct strbuf *sb, struct xcol *c)
{
	struct xmlsafe_cb	 cb;
	char			 err[256];

	memset(&cb, 0, sizeof(cb));
	cb.start = x_start;
	cb.end = x_end;
	cb.text = x_text;
	if (xmlsafe_parse(sb->s, sb->len, &cb, c, err, sizeof(err)) != 0)
		fail_msg("not XML: %s\n%s", err, sb->s);
}

/* --- paths ------------------------------------------------------------- */

static void
test_paths(void **state)
{
	char	b[SITE_PATH_MAX], hex[SHA256_HEX_LEN + 1], want[32];

	(void)state;
	site_path_doc("D000042", b);
	assert_string_equal(b, "doc/0000/D000042.html");
	site_path_doc("D1234567", b);
	assert_string_equal(b, "doc/1234/D1234567.html");
	site_path_doc("../../etc/passwd", b);
	assert_null(strstr(b, ".."));
	assert_int_equal(strncmp(b, "doc/0000/", 9), 0);
	site_path_file("D000042", "PDF", b);
	assert_string_equal(b, "file/0000/D000042.pdf");
	site_path_file("D002001", "docx", b);
	assert_string_equal(b, "file/0002/D002001.docx");
	site_path_file("D000042", "../x", b);
	assert_string_equal(b, "file/0000/D000042.bin");
	site_path_file("D000042", NULL, b);
	assert_string_equal(b, "file/0000/D000042.bin");
	site_path_domain(7, 0, b);
	assert_string_equal(b, "domain/07/index.html");
	site_path_domain(7, 2025, b);
	assert_string_equal(b, "domain/07/2025.html");
	site_path_domain(26, 2024, b);
	assert_string_equal(b, "domain/26/2024.html");
	site_path_domain(0, 0, b);
	assert_string_equal(b, "domain/other/index.html");
	site_path_domain(0, 2025, b);
	assert_string_equal(b, "domain/other/2025.html");
	site_path_agency("a0123456789ab", 0, b);
	assert_string_equal(b, "agency/a0123456789ab/index.html");
	site_path_agency("11440300", 2025, b);
	assert_string_equal(b, "agency/11440300/2025.html");
	site_path_agency("../x", 2025, b);
	assert_null(strstr(b, ".."));
	site_path_month("2025-03", b);
	assert_string_equal(b, "month/2025-03.html");
	site_path_month("../../etc", b);
	assert_null(strstr(b, ".."));
	site_path_year(2025, b);
	assert_string_equal(b, "year/2025.html");

	site_agency_slug("县财政局", "11440300MB2C", b);
	assert_string_equal(b, "11440300MB2C");
	sha256_hex("县财政局", strlen("县财政局"), hex);
	snprintf(want, sizeof(want), "a%.12s", hex);
	site_agency_slug("县财政局", NULL, b);
	assert_string_equal(b, want);
	site_agency_slug("县财政局", "", b);
	assert_string_equal(b, want);
	site_agency_slug("县财政局", "../../x", b);	/* unsafe code */
	assert_string_equal(b, want);
	site_agency_slug("县财政局", "11.44", b);
	assert_string_equal(b, want);
	site_agency_slug("-", NULL, b);
	assert_string_equal(b, "none");
	site_agency_slug(NULL, NULL, b);
	assert_string_equal(b, "none");
}

/* --- escaping ---------------------------------------------------------- */

static void
assert_hostile_escaped(const struct strbuf *sb)
{
	assert_false(has(sb, "<script"));
	assert_false(has(sb, "alert(\"x\")"));
	assert_true(has(sb, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
	    " &amp; &#39;q&#39;"));
	assert_null(strchr(sb->s, '\x1b'));
	assert_null(strchr(sb->s, '\x01'));
	assert_false(has(sb, "\xe2\x80\xae"));		/* RLO dropped */
	assert_false(has(sb, "\xff"));
	assert_true(has(sb, "evil\xef\xbf\xbd\xef\xbf\xbd"));	/* U+FFFD */
}

static void
test_hostile_title(void **state)
{
	struct strbuf	 sb = sb0();
	struct site_ctx	 cx = CX;
	json_t		*rec, *recs, *home;

	(void)state;
	rec = mkrec("D000042", HOSTILE, "in_force");
	json_object_set_new(rec, "docno", json_string("\"><img src=x "
	    "onerror=alert(1)>"));
	assert_int_equal(site_render_doc(&sb, &cx, rec,
	    "<iframe src=\"javascript:alert(1)\"></iframe>\n"
	    "正文 & 附则\n", "file/0000/D000042.pdf", NULL), 0);
	page_ok(&sb);
	assert_hostile_escaped(&sb);
	assert_false(has(&sb, "<img"));
	assert_true(has(&sb, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
	assert_false(has(&sb, "<iframe"));
	assert_true(has(&sb, "<p>&lt;iframe src=&quot;javascript:alert(1)"
	    "&quot;&gt;&lt;/iframe&gt;</p>"));
	assert_true(has(&sb, "<p>正文 &amp; 附则</p>"));
	strbuf_free(&sb);

	recs = json_pack("[O]", rec);
	cx.page = "month/2025-03.html";
	assert_int_equal(site_render_list(&sb, &cx, "2025年3月<b>", NULL,
	    recs), 0);
	page_ok(&sb);
	assert_hostile_escaped(&sb);
	assert_true(has(&sb, "<h1>2025年3月&lt;b&gt;</h1>"));
	strbuf_free(&sb);

	home = json_pack("{s:O, s:[], s:[], s:[], s:[]}", "latest", recs,
	    "domains", "agencies", "years", "links");
	assert_int_equal(site_render_home(&sb, &CX, home), 0);
	page_ok(&sb);
	assert_hostile_escaped(&sb);
	strbuf_free(&sb);

	/* a hostile site name too */
	cx.site_name = "<b>县</b>";
	assert_int_equal(site_render_negative(&sb, &cx, NULL), 0);
	page_ok(&sb);
	assert_true(has(&sb, "&lt;b&gt;县&lt;/b&gt;"));
	strbuf_free(&sb);

	json_decref(home);
	json_decref(recs);
	json_decref(rec);
}

/* --- the lock ---------------------------------------------------------- */

static void
test_unpublished_refused(void **state)
{
	struct strbuf	 sb = sb0();
	struct site_ctx	 cx = CX;
	json_t		*pub, *priv, *recs, *home, *rel;
	const char	*secret = "不予公开的秘密标题";
	static const char *const breaks[] = { "published", "disclosure",
	    "hold", "secrecy", "flags", NULL };
	size_t		 i;

	(void)state;
	pub = mkrec("D000001", "公开的文件", "in_force");
	for (i = 0; breaks[i] != NULL; i++) {
		priv = mkrec("D000002", secret, "in_force");
		if (strcmp(breaks[i], "published") == 0)
			json_object_set_new(priv, "published", json_false());
		else if (strcmp(breaks[i], "disclosure") == 0)
			json_object_set_new(priv, "disclosure",
			    json_string("withheld"));
		else if (strcmp(breaks[i], "hold") == 0)
			json_object_set_new(priv, "hold", json_true());
		else if (strcmp(breaks[i], "secrecy") == 0)
			json_object_set_new(priv, "secrecy", json_string("秘密"));
		else
			json_object_set_new(priv, "flags",
			    json_pack("[s]", "classified"));

		assert_int_equal(site_render_doc(&sb, &cx, priv, "秘密正文",
		    NULL, NULL), -1);
		assert_true(sb.s == NULL || sb.len == 0);

		/* as a relation of a public one */
		rel = json_pack("{s:O, s:n, s:[]}", "repealed_by", priv,
		    "interprets", "interpretations");
		assert_int_equal(site_render_doc(&sb, &cx, pub, NULL, NULL,
		    rel), -1);
		json_decref(rel);
		rel = json_pack("{s:n, s:n, s:[O]}", "repealed_by",
		    "interprets", "interpretations", priv);
		assert_int_equal(site_render_doc(&sb, &cx, pub, NULL, NULL,
		    rel), -1);
		json_decref(rel);

		/* in a list, after a public one: nothing of the page stays */
		recs = json_pack("[O, O]", pub, priv);
		strbuf_add(&sb, "before", 6);
		cx.page = "domain/07/2025.html";
		assert_int_equal(site_render_list(&sb, &cx, "列表", NULL, recs),
		    -1);
		assert_string_equal(sb.s, "before");
		home = json_pack("{s:O}", "latest", recs);
		assert_int_equal(site_render_home(&sb, &cx, home), -1);
		assert_string_equal(sb.s, "before");
		assert_int_equal(site_render_atom(&sb, &cx, recs), -1);
		assert_int_equal(site_render_jsonfeed(&sb, &cx, recs), -1);
		assert_string_equal(sb.s, "before");
		strbuf_free(&sb);
		json_decref(home);
		json_decref(recs);
		json_decref(priv);
	}
	/* not an object at all */
	assert_int_equal(site_render_doc(&sb, &cx, NULL, NULL, NULL, NULL),
	    -1);
	strbuf_free(&sb);
	json_decref(pub);
}

/* --- a document's page ------------------------------------------------- */

static void
test_doc_page(void **state)
{
	struct strbuf	 sb = sb0();
	json_t		*rec, *rel;
	static const char *const labels[] = { "索引号", "发布机构", "文号",
	    "成文日期", "发布日期", "有效性", "领域", "公开方式", NULL };
	char		 th[64];
	size_t		 i;

	(void)state;
	rec = mkrec("D000042", "关于2025年预算的通知", "in_force");
	assert_int_equal(site_render_doc(&sb, &CX, rec,
	    "　　第一段正文。  \r\n\r\n\f\n  第二段。\n\x0c",
	    "file/0000/D000042.pdf", NULL), 0);
	page_ok(&sb);
	for (i = 0; labels[i] != NULL; i++) {
		snprintf(th, sizeof(th), "<th scope=\"row\">%s</th>", labels[i]);
		assert_true(has(&sb, th));
	}
	assert_true(has(&sb, "<td>11440300/2025-00042</td>"));
	assert_true(has(&sb, "<td>某县人民政府</td>"));
	assert_true(has(&sb, "<td>某政发〔2025〕3号</td>"));
	assert_true(has(&sb, "<td>2025-03-01</td>"));
	assert_true(has(&sb, "<td>2025-03-05</td>"));
	assert_true(has(&sb, ">有效</td>"));
	assert_true(has(&sb, "<td>财政预决算</td>"));
	assert_true(has(&sb, "<td>主动公开</td>"));
	assert_true(has(&sb, "<h1>关于2025年预算的通知</h1>"));
	assert_true(has(&sb, "<title>关于2025年预算的通知 - "
	    "某县人民政府信息公开</title>"));
	/* paragraphs: trimmed, blank lines and page breaks gone */
	assert_true(has(&sb, "<section class=\"text\">\n<p>第一段正文。</p>\n"
	    "<p>第二段。</p>\n</section>"));
	assert_true(has(&sb, "<li>1.预算表</li>\n<li>2.说明</li>"));
	assert_true(has(&sb, "<a href=\"../../file/0000/D000042.pdf\">下载原件"
	    "（PDF）</a>"));
	assert_true(has(&sb, "href=\"../../style.css\""));
	assert_true(has(&sb, "href=\"../../index.html\""));
	assert_true(has(&sb, "href=\"../../policy.html\""));
	assert_false(has(&sb, "相关文件"));
	/* where it is: the month it was published in */
	assert_true(has(&sb, "<a href=\"../../index.html\">首页</a> › "
	    "<a href=\"../../policy.html\">政策文件库</a> › "
	    "<a href=\"../../month/2025-03.html\">2025年3月</a> › "
	    "<span aria-current=\"page\">正文</span>"));
	assert_false(has(&sb, "class=\"notice"));
	strbuf_free(&sb);

	/* the 领域 linked when site gives its page */
	rel = json_pack("{s:s}", "domain_path", "domain/07/index.html");
	assert_int_equal(site_render_doc(&sb, &CX, rec, NULL, NULL, rel), 0);
	page_ok(&sb);
	assert_true(has(&sb, "<th scope=\"row\">领域</th><td><a href=\""
	    "../../domain/07/index.html\">财政预决算</a></td>"));
	json_decref(rel);
	strbuf_free(&sb);

	/* no text, no file, no domain */
	json_object_set_new(rec, "domain", json_null());
	json_object_set_new(rec, "attachments", json_array());
	assert_int_equal(site_render_doc(&sb, &CX, rec, NULL, NULL, NULL), 0);
	page_ok(&sb);
	assert_true(has(&sb, "正文暂无"));
	assert_true(has(&sb, "<td>未分类</td>"));
	assert_false(has(&sb, "下载原件"));
	assert_false(has(&sb, "附件"));
	strbuf_free(&sb);
	json_decref(rec);
}

/* --- validity ---------------------------------------------------------- */

static void
test_validity(void **state)
{
	json_t		*r;
	struct strbuf	 sb = sb0();

	(void)state;
	r = mkrec("D000001", "文", "in_force");
	assert_string_equal(site_validity(r), "有效");
	json_object_set_new(r, "status", json_string("expired"));
	assert_string_equal(site_validity(r), "失效");
	json_object_set_new(r, "status", json_string("repealed"));
	assert_string_equal(site_validity(r), "已废止");
	json_object_set_new(r, "status", json_string("cleaned"));
	assert_string_equal(site_validity(r), "失效");
	json_object_set_new(r, "repealed_by", json_string("D000009"));
	assert_string_equal(site_validity(r), "已废止");
	json_object_set_new(r, "repealed_by", json_null());
	json_object_set_new(r, "repeal_reason", json_string("经审查决定废止"));
	assert_string_equal(site_validity(r), "已废止");

	/* on the pages */
	json_object_set_new(r, "status", json_string("expired"));
	json_object_set_new(r, "status_on", json_string("2026-01-01"));
	assert_int_equal(site_render_doc(&sb, &CX, r, NULL, NULL, NULL), 0);
	assert_true(has(&sb, "<td class=\"validity expired\">失效</td>"));
	assert_true(has(&sb, "<p class=\"notice expired\">本文件自 2026-01-01 "
	    "起失效。</p>"));
	strbuf_free(&sb);
	/* Cleaned: it keeps the day it lost force. */
	json_object_set_new(r, "status", json_string("cleaned"));
	json_object_set_new(r, "repeal_reason", json_null());
	assert_int_equal(site_render_doc(&sb, &CX, r, NULL, NULL, NULL), 0);
	assert_true(has(&sb, "<p class=\"notice expired\">本文件自 2026-01-01 "
	    "起失效。</p>"));
	assert_true(has(&sb, "<td class=\"validity expired\">失效</td>"));
	strbuf_free(&sb);
	json_object_set_new(r, "repealed_by", json_string("D000009"));
	assert_int_equal(site_render_doc(&sb, &CX, r, NULL, NULL, NULL), 0);
	assert_true(has(&sb, "<p class=\"notice repealed\">本文件自 2026-01-01 "
	    "起废止。</p>"));
	assert_true(has(&sb, "<td class=\"validity repealed\">已废止</td>"));
	strbuf_free(&sb);
	/* Without the day (an old record): no date, no guess. */
	json_object_set_new(r, "status_on", json_null());
	assert_int_equal(site_render_doc(&sb, &CX, r, NULL, NULL, NULL), 0);
	assert_true(has(&sb, "<p class=\"notice repealed\">本文件已废止。</p>"));
	strbuf_free(&sb);
	json_object_set_new(r, "status_on", json_string("2026-01-01"));
	json_decref(r);
}

/* --- relations: repeal and interpretation link both ways --------------- */

static void
test_relations(void **state)
{
	struct strbuf	 sb = sb0();
	json_t		*old, *by, *pol, *in, *rel;

	(void)state;
	old = mkrec("D000042", "旧办法", "repealed");
	json_object_set_new(old, "repealed_by", json_string("D001007"));
	json_object_set_new(old, "status_on", json_string("2025-06-01"));
	by = mkrec("D001007", "新办法", "in_force");
	rel = json_pack("{s:O, s:n, s:[]}", "repealed_by", by, "interprets",
	    "interpretations");
	assert_int_equal(site_render_doc(&sb, &CX, old, "x", NULL, rel), 0);
	page_ok(&sb);
	assert_true(has(&sb, "<td class=\"validity repealed\">已废止</td>"));
	assert_true(has(&sb, "本文件自 2025-06-01 起废止，废止本文件的文件：<a href=\""
	    "../../doc/0001/D001007.html\">新办法</a>"));
	assert_true(has(&sb, "废止本文件的文件：<a href=\"../../doc/0001/"
	    "D001007.html\">新办法</a>"));
	strbuf_free(&sb);
	json_decref(rel);

	/* the repealing document not public: 已废止, not named */
	assert_int_equal(site_render_doc(&sb, &CX, old, "x", NULL, NULL), 0);
	assert_true(has(&sb, "本文件自 2025-06-01 起废止。"));
	assert_false(has(&sb, "D001007"));
	strbuf_free(&sb);

	pol = mkrec("D000100", "某某管理办法", "in_force");
	in = mkrec("D000101", "《某某管理办法》政策解读", "in_force");
	rel = json_pack("{s:n, s:n, s:[O]}", "repealed_by", "interprets",
	    "interpretations", in);
	assert_int_equal(site_render_doc(&sb, &CX, pol, NULL, NULL, rel), 0);
	assert_true(has(&sb, "政策解读：<a href=\"../../doc/0000/D000101.html\">"
	    "《某某管理办法》政策解读</a>"));
	strbuf_free(&sb);
	json_decref(rel);
	rel = json_pack("{s:n, s:O, s:[]}", "repealed_by", "interprets", pol,
	    "interpretations");
	assert_int_equal(site_render_doc(&sb, &CX, in, NULL, NULL, rel), 0);
	assert_true(has(&sb, "本文解读的政策：<a href=\"../../doc/0000/"
	    "D000100.html\">某某管理办法</a>"));
	strbuf_free(&sb);
	json_decref(rel);
	json_decref(old);
	json_decref(by);
	json_decref(pol);
	json_decref(in);
}

/* --- list and index pages: links relative to the page ------------------ */

static void
test_list_and_index(void **state)
{
	struct strbuf	 sb = sb0();
	struct site_ctx	 cx = CX;
	json_t		*recs, *crumbs, *entries;

	(void)state;
	recs = json_pack("[o, o]", mkrec("D000042", "甲", "in_force"),
	    mkrec("D003001", "乙", "repealed"));
	crumbs = json_pack("[[s,s], [s,s], [s,s]]", "首页", "index.html",
	    "财政预决算", "domain/07/index.html", "2025年", "");
	cx.page = "domain/07/2025.html";
	assert_int_equal(site_render_list(&sb, &cx, "财政预决算 2025年", crumbs,
	    recs), 0);
	page_ok(&sb);
	assert_true(has(&sb, "href=\"../../style.css\""));
	assert_true(has(&sb, "<a href=\"../../index.html\">首页</a> › "
	    "<a href=\"../../domain/07/index.html\">财政预决算</a> › "
	    "<span aria-current=\"page\">2025年</span>"));
	assert_true(has(&sb, "<th>索引号</th><th>标题</th><th>文号</th>"
	    "<th>成文日期</th><th>有效性</th>"));
	assert_true(has(&sb, "<a href=\"../../doc/0000/D000042.html\">甲</a>"));
	assert_true(has(&sb, "<a href=\"../../doc/0003/D003001.html\">乙</a>"));
	/* newest first as given */
	assert_true(strstr(sb.s, ">甲</a>") < strstr(sb.s, ">乙</a>"));
	assert_true(has(&sb, ">已废止</td>"));
	assert_true(has(&sb, "共 2 件"));
	strbuf_free(&sb);

	cx.page = "month/2025-03.html";
	assert_int_equal(site_render_list(&sb, &cx, "2025年3月", NULL, recs),
	    0);
	assert_true(has(&sb, "href=\"../style.css\""));
	assert_true(has(&sb, "<a href=\"../doc/0000/D000042.html\">"));
	strbuf_free(&sb);

	/* The 政策文件库 links the repealing document, by its docno; one
	 * that is not public refuses the page. */
	json_object_set_new(json_array_get(recs, 1), "repealer", json_pack(
	    "{s:s, s:s, s:s, s:b, s:s}", "id", "D003002", "docno",
	    "某政发〔2025〕9号", "title", "关于废止的决定", "published", 1,
	    "disclosure", "public"));
	assert_int_equal(site_render_list(&sb, &cx, "2025年3月", NULL, recs),
	    0);
	assert_true(has(&sb, ">已废止<br><span class=\"by\">由<a href=\""
	    "../doc/0003/D003002.html\">某政发〔2025〕9号</a>废止</span>"));
	strbuf_free(&sb);
	json_object_set_new(json_object_get(json_array_get(recs, 1),
	    "repealer"), "published", json_false());
	assert_int_equal(site_render_list(&sb, &cx, "2025年3月", NULL, recs),
	    -1);
	strbuf_free(&sb);
	json_object_del(json_array_get(recs, 1), "repealer");

	/* empty list */
	assert_int_equal(site_render_list(&sb, &cx, "空", NULL, NULL), 0);
	assert_true(has(&sb, "暂无文件"));
	strbuf_free(&sb);

	/* an index: the years of a domain; a count of 0 is not linked */
	entries = json_pack("[{s:s, s:s, s:i}, {s:s, s:s, s:i}]",
	    "label", "2025年", "path", "domain/07/2025.html", "count", 12,
	    "label", "2024年", "path", "domain/07/2024.html", "count", 0);
	cx.page = "domain/07/index.html";
	assert_int_equal(site_render_index(&sb, &cx, "财政预决算", NULL,
	    entries), 0);
	page_ok(&sb);
	assert_true(has(&sb, "<li><a href=\"../../domain/07/2025.html\">2025年"
	    "</a><span class=\"count\">（12 件）</span></li>"));
	assert_true(has(&sb, "<li>2024年<span class=\"count\">（0 件）"));
	strbuf_free(&sb);

	/* at the root (policy.html), and a path that tries to get out */
	cx.page = "policy.html";
	json_object_set_new(json_array_get(entries, 0), "path",
	    json_string("javascript:alert(1)\" x=\""));
	assert_int_equal(site_render_index(&sb, &cx, "政策文件库", NULL,
	    entries), 0);
	page_ok(&sb);
	assert_true(has(&sb, "href=\"style.css\""));
	assert_true(has(&sb, "href=\"javascript%3Aalert%281%29%22%20x%3D%22\""));
	strbuf_free(&sb);
	json_decref(entries);
	json_decref(crumbs);
	json_decref(recs);
}

/* --- home -------------------------------------------------------------- */

static void
test_home(void **state)
{
	struct strbuf	 sb = sb0();
	json_t		*home, *domains;
	char		 path[SITE_PATH_MAX], label[32];
	int		 i;

	(void)state;
	domains = json_array();
	for (i = 1; i <= 26; i++) {
		site_path_domain(i, 0, path);
		snprintf(label, sizeof(label), "领域%02d", i);
		json_array_append_new(domains, json_pack("{s:s, s:s, s:i}",
		    "label", label, "path", path, "count", i == 7 ? 3 : 0));
	}
	home = json_pack("{s:o, s:[{s:s, s:s, s:i}], s:[{s:s, s:s, s:i}], "
	    "s:[o], s:[{s:s, s:s}, {s:s, s:s}]}",
	    "domains", domains,
	    "agencies", "label", "县财政局", "path",
	    "agency/a0123456789ab/index.html", "count", 3,
	    "years", "label", "2025年", "path", "year/2025.html", "count", 3,
	    "latest", mkrec("D000042", "最新的文件", "in_force"),
	    "links", "label", "政策文件库", "path", "policy.html",
	    "label", "清理结果", "path", "cleanup/index.html");
	assert_non_null(home);
	assert_int_equal(site_render_home(&sb, &CX, home), 0);
	page_ok(&sb);
	assert_true(has(&sb, "<h1>某县人民政府信息公开</h1>"));
	assert_true(has(&sb, "href=\"style.css\""));
	assert_true(has(&sb, "type=\"application/atom+xml\" title=\"Atom\" "
	    "href=\"feed.atom\""));
	assert_true(has(&sb, "href=\"feed.json\""));
	assert_true(has(&sb, "<a href=\"domain/07/index.html\">领域07</a>"));
	assert_true(has(&sb, "<li>领域26<span class=\"count\">（0 件）"));
	for (i = 1; i <= 26; i++) {
		snprintf(label, sizeof(label), "领域%02d", i);
		assert_true(has(&sb, label));
	}
	assert_true(has(&sb, "<a href=\"agency/a0123456789ab/index.html\">"
	    "县财政局</a>"));
	assert_true(has(&sb, "<a href=\"year/2025.html\">2025年</a>"));
	assert_true(has(&sb, "<a href=\"doc/0000/D000042.html\">最新的文件</a>"));
	assert_true(has(&sb, "<a href=\"cleanup/index.html\">清理结果</a>"));
	strbuf_free(&sb);
	json_decref(home);
}

/* --- 清理结果 ----------------------------------------------------------- */

/* The shape of cleanup/DATE.json (cleanup.c's cleanup_public). */
static json_t *
cleanup_result(void)
{
	json_t	*r;

	r = json_pack("{s:s, s:[{s:s, s:s, s:i, s:i}], s:i, s:i, s:i, "
	    "s:[{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:n}, "
	    "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:{s:s, s:s, s:s}}], "
	    "s:i, s:i, s:i, "
	    "s:[{s:s, s:s, s:s, s:s, s:s, s:b}, {s:s, s:b}]}",
	    "date", "2026-11-28",
	    "runs", "at", "2026-11-28T10:00:00+08:00", "actor", "张三",
	    "cleaned", 5, "held", 0,
	    "cleaned", 5, "expired", 2, "repealed", 3,
	    "documents",
	    "id", "D000042", "docno", "某政发〔2020〕1号", "title", "失效<的>文件",
	    "issuer", "某县人民政府", "status", "expired", "kind", "失效",
	    "date", "2026-01-01", "basis", "有效期至2025年12月31日届满",
	    "repealed_by",
	    "id", "D000043", "docno", "某政发〔2019〕2号", "title", "废止的文件",
	    "issuer", "某县人民政府", "status", "repealed", "kind", "废止",
	    "date", "2026-02-01", "basis", "《新办法》（某政发〔2026〕1号）废止",
	    "repealed_by", "id", "D001007", "docno", "某政发〔2026〕1号",
	    "title", "新办法",
	    "withheld_count", 2, "on_request_count", 1, "undetermined_count", 0,
	    "corrections",
	    "id", "D000050", "docno", "某政发〔2018〕3号", "title", "恢复的文件",
	    "date", "2026-11-27", "reason", "误清理", "named", 1,
	    "date", "2026-11-26", "named", 0);
	assert_non_null(r);
	return r;
}

static void
test_cleanup(void **state)
{
	struct strbuf	 sb = sb0();
	json_t		*res, *runs;

	(void)state;
	res = cleanup_result();
	assert_int_equal(site_render_cleanup(&sb, &CX, "2026-11-28", res), 0);
	page_ok(&sb);
	assert_true(has(&sb, "<h1>文件清理结果（2026年11月28日）</h1>"));
	assert_true(has(&sb, "本次共清理文件 5 件，其中失效 2 件，废止 3 件。"));
	assert_true(has(&sb, "下表列出其中主动公开的文件 2 件；另有不予公开 2 件、"
	    "依申请公开 1 件，按规定只计件数，不列出文号和标题。"));
	assert_false(has(&sb, "公开属性待定"));
	assert_true(has(&sb, "<a href=\"../doc/0000/D000042.html\">失效&lt;的"
	    "&gt;文件</a>"));
	assert_true(has(&sb, "<td>2026年1月1日</td>"));
	assert_true(has(&sb, "《新办法》（某政发〔2026〕1号）废止"));
	assert_true(has(&sb, "《恢复的文件》（某政发〔2018〕3号）经核实不应清理，"
	    "已于2026年11月27日恢复效力。理由：误清理"));
	assert_true(has(&sb, "计数的不公开文件 1 件经核实不应清理"));
	assert_true(has(&sb, "href=\"../style.css\""));
	assert_true(has(&sb, "<a href=\"../cleanup/index.html\">清理结果</a>"));
	strbuf_free(&sb);

	/* the internal file (lines with their visibility) is refused */
	json_object_set_new(json_array_get(json_object_get(res, "documents"),
	    1), "visibility", json_string("withheld"));
	assert_int_equal(site_render_cleanup(&sb, &CX, "2026-11-28", res), -1);
	json_object_set_new(json_array_get(json_object_get(res, "documents"),
	    1), "visibility", json_string("public"));
	assert_int_equal(site_render_cleanup(&sb, &CX, "2026-11-28", res), 0);
	strbuf_free(&sb);
	/* an unnamed correction that names */
	json_object_set_new(json_array_get(json_object_get(res, "corrections"),
	    1), "title", json_string("秘密"));
	assert_int_equal(site_render_cleanup(&sb, &CX, "2026-11-28", res), -1);
	json_decref(res);
	strbuf_free(&sb);

	/* an empty run */
	res = json_pack("{s:s, s:[], s:i, s:i, s:i, s:[], s:i, s:i, s:i, "
	    "s:[]}", "date", "2026-12-01", "runs", "cleaned", 0, "expired", 0,
	    "repealed", 0, "documents", "withheld_count", 0,
	    "on_request_count", 0, "undetermined_count", 0, "corrections");
	assert_int_equal(site_render_cleanup(&sb, &CX, "2026-12-01", res), 0);
	page_ok(&sb);
	assert_true(has(&sb, "本次清理没有需要清理的文件。"));
	strbuf_free(&sb);
	json_decref(res);

	runs = json_pack("[{s:s, s:s, s:i}]", "date", "2026-11-28", "path",
	    "cleanup/2026-11-28.html", "count", 5);
	assert_int_equal(site_render_cleanup_index(&sb, &CX, runs), 0);
	page_ok(&sb);
	assert_true(has(&sb, "<a href=\"../cleanup/2026-11-28.html\">"
	    "2026年11月28日</a></td><td>5</td>"));
	strbuf_free(&sb);
	json_decref(runs);
}

/* --- 负面清单 ----------------------------------------------------------- */

static void
test_negative(void **state)
{
	struct strbuf	 sb = sb0();
	json_t		*items;

	(void)state;
	items = json_pack("[{s:s, s:s, s:s, s:s, s:i, s:s}]", "id", "N01",
	    "matter", "涉及国家秘密的事项", "basis", "条例第十四条",
	    "agency", "县财政局", "count", 4, "title", "不应出现的标题");
	assert_int_equal(site_render_negative(&sb, &CX, items), 0);
	page_ok(&sb);
	assert_true(has(&sb, "<h1>负面清单</h1>"));
	assert_true(has(&sb, "<tr><td>1</td><td>涉及国家秘密的事项</td>"
	    "<td>条例第十四条</td><td>县财政局</td><td class=\"count\">4</td>"
	    "</tr>"));
	assert_false(has(&sb, "N01"));	/* the configuration's id */
	assert_false(has(&sb, "不应出现的标题"));
	assert_true(has(&sb, "href=\"style.css\""));
	strbuf_free(&sb);
	json_decref(items);
}

/* --- feeds ------------------------------------------------------------- */

static json_t *
feed_recs(void)
{
	json_t	*recs;

	recs = json_pack("[o, o]", mkrec("D000042", HOSTILE, "in_force"),
	    mkrec("D000041", "第二个文件", "repealed"));
	json_object_set_new(json_array_get(recs, 1), "status_on",
	    json_string("2025-06-01"));
	return recs;
}

static void
test_atom(void **state)
{
	struct strbuf	 sb = sb0();
	struct site_ctx	 cx = CX;
	struct xcol	 c;
	json_t		*recs = feed_recs();

	(void)state;
	assert_int_equal(site_render_atom(&sb, &cx, recs), 0);
#define ATOM_HEAD	"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" \
	"<feed xmlns=\"http://www.w3.org/2005/Atom\""
	assert_true(strncmp(sb.s, ATOM_HEAD, strlen(ATOM_HEAD)) == 0);
	memset(&c, 0, sizeof(c));
	c.want = "entry";
	c.grab = "title";
	xml_parse(&sb, &c);
	assert_int_equal(c.entries, 2);
	/* the parsed title is the title, unescaped once, cleaned */
	assert_non_null(strstr(c.text.s, "<script>alert(\"x\")</script> & 'q'"));
	assert_null(strchr(c.text.s, '\x1b'));
	strbuf_free(&c.text);
	assert_true(has(&sb, "<updated>" GEN "</updated>"));
	assert_true(has(&sb, "<id>" BASE "feed.atom</id>"));
	assert_true(has(&sb, "<link rel=\"self\" type=\"application/atom+xml\" "
	    "href=\"" BASE "feed.atom\"/>"));
	assert_true(has(&sb, "<link rel=\"alternate\" type=\"text/html\" "
	    "href=\"" BASE "doc/0000/D000042.html\"/>"));
	assert_true(has(&sb, "<published>2025-03-05T00:00:00+08:00</published>"));
	/* repealed later: updated on that day */
	assert_true(has(&sb, "<updated>2025-06-01T00:00:00+08:00</updated>"));
	assert_true(has(&sb, "有效性：已废止"));
	assert_true(has(&sb, "<author><name>某县人民政府</name></author>"));
	strbuf_free(&sb);

	/* no base_url: relative links, a URN id; still XML */
	cx.base_url = "";
	assert_int_equal(site_render_atom(&sb, &cx, recs), 0);
	memset(&c, 0, sizeof(c));
	c.want = "entry";
	xml_parse(&sb, &c);
	assert_true(has(&sb, "href=\"doc/0000/D000042.html\""));
	assert_true(has(&sb, "<id>urn:docket:doc/0000/D000042.html</id>"));
	strbuf_free(&sb);
	json_decref(recs);
}

static void
test_jsonfeed(void **state)
{
	struct strbuf	 sb = sb0();
	json_t		*recs = feed_recs(), *feed, *it, *d;
	json_error_t	 jerr;

	(void)state;
	assert_int_equal(site_render_jsonfeed(&sb, &CX, recs), 0);
	feed = json_loads(sb.s, 0, &jerr);
	if (feed == NULL)
		fail_msg("not JSON: %s\n%s", jerr.text, sb.s);
	assert_string_equal(json_string_value(json_object_get(feed,
	    "version")), "https://jsonfeed.org/version/1.1");
	assert_string_equal(json_string_value(json_object_get(feed, "title")),
	    "某县人民政府信息公开");
	assert_string_equal(json_string_value(json_object_get(feed,
	    "feed_url")), BASE "feed.json");
	assert_string_equal(json_string_value(json_object_get(feed,
	    "home_page_url")), BASE "index.html");
	assert_int_equal(json_array_size(json_object_get(feed, "items")), 2);
	it = json_array_get(json_object_get(feed, "items"), 0);
	assert_string_equal(json_string_value(json_object_get(it, "url")),
	    BASE "doc/0000/D000042.html");
	assert_string_equal(json_string_value(json_object_get(it, "id")),
	    BASE "doc/0000/D000042.html");
	assert_non_null(strstr(json_string_value(json_object_get(it, "title")),
	    "<script>alert(\"x\")</script> & 'q'"));
	assert_null(strchr(json_string_value(json_object_get(it, "title")),
	    '\x1b'));
	assert_non_null(json_string_value(json_object_get(it, "content_text")));
	assert_string_equal(json_string_value(json_object_get(it,
	    "date_published")), "2025-03-05T00:00:00+08:00");
	d = json_object_get(it, "_docket");
	assert_string_equal(json_string_value(json_object_get(d, "index_no")),
	    "11440300/2025-00042");
	assert_string_equal(json_string_value(json_object_get(d, "docno")),
	    "某政发〔2025〕3号");
	assert_string_equal(json_string_value(json_object_get(d, "signed_on")),
	    "2025-03-01");
	assert_string_equal(json_string_value(json_object_get(d, "validity")),
	    "有效");
	d = json_object_get(json_array_get(json_object_get(feed, "items"), 1),
	    "_docket");
	assert_string_equal(json_string_value(json_object_get(d, "validity")),
	    "已废止");
	/* "</script>" cannot close a script element it is embedded in */
	assert_false(has(&sb, "</script"));
	json_decref(feed);
	strbuf_free(&sb);

	/* empty: still a feed */
	feed = json_array();
	assert_int_equal(site_render_jsonfeed(&sb, &CX, feed), 0);
	json_decref(feed);
	assert_non_null(feed = json_loads(sb.s, 0, &jerr));
	assert_int_equal(json_array_size(json_object_get(feed, "items")), 0);
	json_decref(feed);
	strbuf_free(&sb);
	json_decref(recs);
}

static void
test_sitemap(void **state)
{
	struct strbuf	 sb = sb0();
	struct xcol	 c;
	json_t		*urls, *maps;

	(void)state;
	urls = json_pack("[{s:s, s:s}, {s:s, s:s}, {s:s}]",
	    "path", "doc/0000/D000042.html", "lastmod", "2025-03-05",
	    "path", "domain/07/2025.html", "lastmod", "2025-03-05",
	    "path", "index.html");
	assert_int_equal(site_render_sitemap(&sb, &CX, urls), 0);
	memset(&c, 0, sizeof(c));
	c.want = "url";
	c.grab = "loc";
	xml_parse(&sb, &c);
	assert_int_equal(c.entries, 3);
	assert_string_equal(c.text.s, BASE "doc/0000/D000042.html\n"
	    BASE "domain/07/2025.html\n" BASE "index.html\n");
	strbuf_free(&c.text);
	assert_true(has(&sb, "<urlset xmlns=\"http://www.sitemaps.org/schemas/"
	    "sitemap/0.9\">"));
	assert_true(has(&sb, "<url><loc>" BASE "doc/0000/D000042.html</loc>"
	    "<lastmod>2025-03-05</lastmod></url>"));
	assert_true(has(&sb, "<url><loc>" BASE "index.html</loc></url>"));
	strbuf_free(&sb);

	maps = json_pack("[{s:s, s:s}]", "path", "sitemap/2025-03.xml",
	    "lastmod", "2025-03-31");
	assert_int_equal(site_render_sitemap_index(&sb, &CX, maps), 0);
	memset(&c, 0, sizeof(c));
	c.want = "sitemap";
	xml_parse(&sb, &c);
	assert_int_equal(c.entries, 1);
	assert_true(has(&sb, "<sitemapindex xmlns="));
	assert_true(has(&sb, "<sitemap><loc>" BASE "sitemap/2025-03.xml</loc>"
	    "<lastmod>2025-03-31</lastmod></sitemap>"));
	strbuf_free(&sb);
	json_decref(maps);
	json_decref(urls);
}

static void
test_css(void **state)
{
	const char	*css = site_css();

	(void)state;
	assert_true(strlen(css) > 100 && strlen(css) < 8192);
	assert_null(strstr(css, "url("));
	assert_null(strstr(css, "@import"));
	assert_null(strstr(css, "expression("));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_hostile_title),
		cmocka_unit_test(test_unpublished_refused),
		cmocka_unit_test(test_doc_page),
		cmocka_unit_test(test_validity),
		cmocka_unit_test(test_relations),
		cmocka_unit_test(test_list_and_index),
		cmocka_unit_test(test_home),
		cmocka_unit_test(test_cleanup),
		cmocka_unit_test(test_negative),
		cmocka_unit_test(test_atom),
		cmocka_unit_test(test_jsonfeed),
		cmocka_unit_test(test_sitemap),
		cmocka_unit_test(test_css),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
