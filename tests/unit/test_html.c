/*
 * Unit tests for html: two article pages under tests/data/formats (a
 * GB2312 page of the old table-layout kind, a UTF-8 page with entities,
 * script, nested tables and a marking line), then block and cell
 * structure, white space, character references, what is dropped,
 * preformatted text, charset choice, and hostile input that must cost
 * linear time and memory and still give valid UTF-8.
 */

#include <iconv.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "html.h"
#include "textdec.h"
#include "fixture.h"

struct ht {
	char	*text;
	size_t	 len;
	int	 rc;
	char	 err[256];
};

static void
extract(const void *buf, size_t len, struct ht *h)
{
	memset(h, 0, sizeof(*h));
	h->rc = html_extract(buf, len, &h->text, &h->len, h->err,
	    sizeof(h->err));
	if (h->rc == 0) {
		assert_non_null(h->text);
		assert_int_equal(strlen(h->text), h->len);
		assert_true(textdec_is_utf8((unsigned char *)h->text, h->len));
	} else
		assert_null(h->text);
}

/* Extract a NUL-terminated string and compare the whole text. */
static void
check(const char *html, const char *want)
{
	struct ht	h;

	extract(html, strlen(html), &h);
	assert_int_equal(h.rc, 0);
	assert_string_equal(h.text, want);
	free(h.text);
}

/* 1 when line is one whole line of text. */
static int
has_line(const char *text, const char *line)
{
	const char	*p = text;
	size_t		 n = strlen(line);

	while ((p = strstr(p, line)) != NULL) {
		if ((p == text || p[-1] == '\n') && p[n] == '\n')
			return 1;
		p++;
	}
	return 0;
}

static void
test_gb2312_fixture(void **state)
{
	struct ht	 h;
	char		*buf;
	size_t		 len;

	buf = fixture_read("formats/html-gb2312-housing.html", &len);
	assert_false(textdec_is_utf8((unsigned char *)buf, len));
	extract(buf, len, &h);
	free(buf);
	assert_int_equal(h.rc, 0);

	/* The document's lines stand alone. */
	assert_true(has_line(h.text, "青川市住房和城乡建设局"));
	assert_true(has_line(h.text, "青建发〔2023〕9号"));
	assert_true(has_line(h.text,
	    "关于做好2023年城镇老旧小区改造工作的通知"));
	assert_true(has_line(h.text, "各县（市、区）住房城乡建设局："));
	assert_true(has_line(h.text, "二、请于2023年5月31日前报送改造计划。"));
	assert_true(has_line(h.text, "2023年4月10日"));
	assert_true(has_line(h.text, "（此件公开发布）"));
	/* &nbsp; indentation goes; GBK beyond GB2312 decodes. */
	assert_non_null(strstr(h.text, "\n为推进城镇老旧小区改造"));
	assert_non_null(strstr(h.text, "联系人：王堃，"));
	/* The metadata table: one line per row, cells joined by a tab. */
	assert_true(has_line(h.text,
	    "文 号：\t青建发〔2023〕9号\t发布日期：\t2023-04-12"));
	/* Dropped: title, script, style, comments, select. */
	assert_null(strstr(h.text, "门户网站"));
	assert_null(strstr(h.text, "错误"));
	assert_null(strstr(h.text, "font-size"));
	assert_null(strstr(h.text, "头部"));
	assert_null(strstr(h.text, "友情链接"));
	assert_null(strstr(h.text, "中国政府网"));
	assert_true(has_line(h.text,
	    "主办：青川市人民政府办公室 技术支持：青川市大数据中心"));
	free(h.text);
}

static void
test_utf8_fixture(void **state)
{
	struct ht	 h;
	char		*buf;
	size_t		 len;

	buf = fixture_read("formats/html-utf8-entities.html", &len);
	extract(buf, len, &h);
	free(buf);
	assert_int_equal(h.rc, 0);
	assert_string_equal(h.text,
	    "首页\n"
	    "信息公开\n"
	    "发文机关\t青川市人民政府办公室\n"
	    "发文字号\t青府办发〔2024〕3号\n"
	    "青川市人民政府办公室\n"
	    "青府办发〔2024〕3号\n"
	    "青川市人民政府办公室\n"
	    "关于印发“青川市政务数据共享管理办法”的通知\n"
	    "各县（市、区）人民政府，市政府各部门：\n"
	    "《青川市政务数据共享管理办法》已经市政府同意，现印发给你们，"
	    "请认真贯彻执行。\n"
	    "共享目录分为无条件共享、有条件共享和不予共享三类——目录每年更新"
	    "一次……（第 3 条）。单价 5×2 元·次，A&B<C>D，\"引号\"'单'，"
	    "© 2024，中文\xf0\x9f\x98\x80。\n"
	    "青川市人民政府办公室\n"
	    "2024年1月22日\n"
	    "（此件依申请公开）\n"
	    "依申请公开理由：涉及尚未完成的系统建设方案。\n"
	    "附：代码  示例\n"
	    "    保持  缩进\n"
	    "末行\n"
	    "版权所有 © 青川市大数据中心\n");
	free(h.text);
}

static void
test_blocks(void **state)
{
	check("<p>一</p><p>二</p><div>三<div>四</div>五</div>",
	    "一\n二\n三\n四\n五\n");
	check("<ul><li>甲<li>乙</ul><h2>标题</h2>正文", "甲\n乙\n标题\n正文\n");
	/* <br> always breaks; never more than one blank line. */
	check("a<br>b<br><br>c<br><br><br><br>d<br/>", "a\nb\n\nc\n\nd\n");
	check("<p>a<br></p><p>b</p>", "a\nb\n");
	check("<section>s</section><article>a</article><blockquote>q"
	    "</blockquote><footer>f</footer>", "s\na\nq\nf\n");
	check("<span>行内</span><b>粗</b><a href=x>链接</a>", "行内粗链接\n");
	check("", "");
	check("<p></p><div> </div>", "");
	check("</br>x", "x\n");
}

static void
test_cells(void **state)
{
	check("<table><tr><td>a</td> <td> b </td><td></td><td>c</td></tr>"
	    "<tr><th>d</th><td>e</td></tr></table>", "a\tb\tc\nd\te\n");
	/* Block content in a cell keeps its lines; the next cell starts
	 * a line of its own after it. */
	check("<table><tr><td><p>青政发〔2024〕1号</p><p>关于…的通知</p></td>"
	    "<td>右</td></tr><tr><td>（此件公开发布）</td></tr></table>",
	    "青政发〔2024〕1号\n关于…的通知\n右\n（此件公开发布）\n");
	/* Nested tables: each row a line. */
	check("<table><tr><td><table><tr><td>x</td><td>y</td></tr>"
	    "<tr><td>z</td></tr></table></td><td>w</td></tr></table>",
	    "x\ty\nz\nw\n");
}

static void
test_whitespace(void **state)
{
	struct ht	h;

	check("  a \t\r\n b  ", "a b\n");
	check("<p>&nbsp;&nbsp;x&nbsp;&nbsp;&nbsp;y&nbsp;</p>", "x y\n");
	check("<p>\xc2\xa0\xe3\x80\x80\xe3\x80\x80正文</p>", "正文\n");
	/* A source line break between CJK characters goes; between a CJK
	 * character and a Latin word it is a space; so are other blanks. */
	check("<p>关于做好\n  城镇老旧小区改造</p>", "关于做好城镇老旧小区改造\n");
	check("<p>改造\nABC</p>", "改造 ABC\n");
	check("<p>关于 做好</p>", "关于 做好\n");
	check("a\r\nb", "a b\n");
	/* Controls and zero-width characters are not shown. */
	check("a\x01\x7f\xe2\x80\x8b" "b\xef\xbb\xbf", "ab\n");
	extract("a\0b", 3, &h);
	assert_int_equal(h.rc, 0);
	assert_string_equal(h.text, "ab\n");
	free(h.text);
}

static void
test_refs(void **state)
{
	check("&amp;&lt;&gt;&quot;&apos;&nbsp;x", "&<>\"' x\n");
	check("&ldquo;&rdquo;&lsquo;&rsquo;&mdash;&ndash;&middot;&times;"
	    "&divide;&hellip;&bull;&yen;&deg;&plusmn;&sect;&euro;&trade;",
	    "“”‘’—–·×÷…•¥°±§€™\n");
	check("&Alpha;&alpha;&Omega;&rarr;&hearts;&ensp;|", "ΑαΩ→♥ |\n");
	check("&#20013;&#x6587;&#X6587;&#65&#x42;c", "中文文ABc\n");
	/* Legacy names work without ';', as a prefix. */
	check("&copy2024 &amp &lt3 &notit; &nbspx", "©2024 & <3 ¬it; x\n");
	/* Not references. */
	check("& &; &nosuch; &#; &#x; &#xg; a&b", "& &; &nosuch; &#; &#x; "
	    "&#xg; a&b\n");
	check("&hellip &ldquo", "&hellip &ldquo\n");
	/* Bad code points become U+FFFD; 128-159 mean windows-1252. */
	check("&#0;|&#xD800;|&#xDFFF;|&#x110000;|&#99999999999999999999999;"
	    "|&#x7FFFFFFFFFFFFFFFFFFFFF;",
	    "\xef\xbf\xbd|\xef\xbf\xbd|\xef\xbf\xbd|\xef\xbf\xbd|"
	    "\xef\xbf\xbd|\xef\xbf\xbd\n");
	check("&#150;&#147;&#148;&#128;&#x10FFFF;", "–“”€\xf4\x8f\xbf\xbf\n");
	check("a&#1;&#x81;b&#32;&#10;c&#x9f;", "ab cŸ\n");
}

static void
test_dropped(void **state)
{
	check("<head><title>站点 - 标题</title></head><body>正文</body>",
	    "正文\n");
	check("a<script>document.write('<p>x</p>')</script>b", "ab\n");
	check("a<SCRIPT type=x>if (a</b) {}</ScRiPt >b", "ab\n");
	check("a<style>p{}</style><noscript>no</noscript>b", "ab\n");
	check("a<iframe src=x>frame</iframe>b<select><option>o</select>c",
	    "abc\n");
	check("a<template><p>t<template>u</template>v</p></template>b",
	    "ab\n");
	check("a<!-- c -->b<!---->c<!-->d<!--->e<!-- x --!>f", "abcdef\n");
	check("a<![CDATA[ x ]]>b<!DOCTYPE html>c<?php echo 1 ?>d", "abcd\n");
	/* Unterminated: the rest is comment, script, tag. */
	check("<p>a</p><!-- never closed <p>b</p>", "a\n");
	check("<p>a</p><script>var x = 1; <p>b</p>", "a\n");
	check("<p>a</p><a href=\"x>b</a> c", "a\n");
	/* A '<' that starts no tag is text. */
	check("1 < 2, 3 <4, a <= b, <>, </ >", "1 < 2, 3 <4, a <= b, <>,\n");
	check("x<", "x<\n");
	check("x</", "x</\n");
	check("x</>y", "xy\n");
}

static void
test_pre(void **state)
{
	check("<p>前</p><pre>\n  a  b\n\n\n\n\tc  \n</pre>后",
	    "前\n  a  b\n\n\tc\n后\n");
	check("<pre>x &lt; <b>y</b></pre>", "x < y\n");
	check("<xmp><b>&lt;</b></xmp>", "<b>&lt;</b>\n");
	check("<textarea>\n a &amp; <b>\n</textarea>z", " a & <b>\nz\n");
	check("<plaintext><p>&amp;</p>", "<p>&amp;</p>\n");
	check("<pre><pre>a</pre>  b  c</pre>", "a\n  b  c\n");
}

static void
test_charsets(void **state)
{
	/* 中文 in GBK, in Big5, in UTF-8. */
	const char	*gbk = "\xd6\xd0\xce\xc4";
	const char	*big5 = "\xa4\xa4\xa4\xe5";
	char		 buf[256];
	struct ht	 h;

	snprintf(buf, sizeof(buf), "<meta charset=\"gbk\"><p>%s</p>", gbk);
	check(buf, "中文\n");
	snprintf(buf, sizeof(buf), "<meta http-equiv=Content-Type "
	    "content='text/html; charset=GB2312'><p>%s</p>", gbk);
	check(buf, "中文\n");
	/* No declaration: not UTF-8, so GB18030. */
	snprintf(buf, sizeof(buf), "<p>%s</p>", gbk);
	check(buf, "中文\n");
	snprintf(buf, sizeof(buf), "<meta charset=big5><p>%s</p>", big5);
	check(buf, "中文\n");
	snprintf(buf, sizeof(buf), "<?xml version=\"1.0\" encoding=\"gbk\"?>"
	    "<p>%s</p>", gbk);
	check(buf, "中文\n");
	/* A commented-out declaration does not count. */
	snprintf(buf, sizeof(buf), "<!-- <meta charset=big5> --><meta "
	    "charset=gbk><p>%s</p>", gbk);
	check(buf, "中文\n");
	/* Declared GB2312 but valid UTF-8 (a transcoded, saved page). */
	check("<meta charset=gb2312><p>中文</p>", "中文\n");
	/* Declared UTF-8 but broken: U+FFFD, and the tag after survives. */
	snprintf(buf, sizeof(buf), "<meta charset=utf-8><p>%s\xe4</p>b",
	    "中");
	check(buf, "中\xef\xbf\xbd\nb\n");
	/* Broken GB18030: the byte goes, not the '<' after it. */
	check("<meta charset=gbk><p>\xd6\xd0\x81</p>b\xff",
	    "中\xef\xbf\xbd\nb\xef\xbf\xbd\n");
	check("\xef\xbb\xbf<p>中文</p>", "中文\n");
	check("<meta charset=klingon><p>中文</p>", "中文\n");
	/* UTF-16 with a BOM. */
	extract("\xff\xfe<\0p\0>\0\x2d\x4e\x87\x65", 12, &h);
	assert_int_equal(h.rc, 0);
	assert_string_equal(h.text, "中文\n");
	free(h.text);
	extract("\xff\xfe<\0p", 5, &h);	/* odd length */
	assert_int_equal(h.rc, -1);
	assert_non_null(strstr(h.err, "UTF-16"));
}

/*
 * A long GB18030 page, 4-byte sequences included, decodes exactly: the
 * characters that straddle iconv's input windows are not broken.
 */
static void
test_charsets_long(void **state)
{
	static const char *const pieces[] = {
		"中", "文", "\xf0\x9f\x98\x80", "a", "〔", "€", "\xe3\x90\x80",
	};
	struct ht	 h;
	iconv_t		 cd;
	char		*u, *g, *ip, *op;
	size_t		 n = 0, cap = 3 * 1024 * 1024, il, ol, k;
	unsigned int	 x = 1;

	u = malloc(cap + 8);
	g = malloc(cap * 2);
	assert_non_null(u);
	assert_non_null(g);
	while (n < cap) {
		x = x * 1103515245u + 12345u;
		k = strlen(pieces[(x >> 16) % 7]);
		memcpy(u + n, pieces[(x >> 16) % 7], k);
		n += k;
	}
	u[n] = '\0';
	cd = iconv_open("GB18030", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	ip = u;
	il = n;
	op = g;
	ol = cap * 2;
	assert_true(iconv(cd, &ip, &il, &op, &ol) != (size_t)-1);
	iconv_close(cd);
	assert_false(textdec_is_utf8((unsigned char *)g, cap * 2 - ol));
	extract(g, cap * 2 - ol, &h);
	assert_int_equal(h.rc, 0);
	assert_int_equal(h.len, n + 1);
	assert_memory_equal(h.text, u, n);
	free(h.text);
	free(u);
	free(g);
}

static void
test_errors(void **state)
{
	char	*text = (char *)1, err[64];
	size_t	 len = 1;

	assert_int_equal(html_extract(NULL, 5, &text, &len, err, sizeof(err)),
	    -1);
	assert_null(text);
	assert_string_equal(err, "no input");
	assert_int_equal(html_extract(NULL, 0, &text, &len, err, sizeof(err)),
	    0);
	assert_string_equal(text, "");
	assert_int_equal(len, 0);
	free(text);
}

/* n bytes of pattern repeated, NUL-terminated. */
static char *
repeat(const char *pat, size_t n)
{
	size_t	 k = strlen(pat), i;
	char	*s = malloc(n + 1);

	assert_non_null(s);
	for (i = 0; i < n; i++)
		s[i] = pat[i % k];
	s[n] = '\0';
	return s;
}

static void
test_hostile(void **state)
{
	struct ht	 h;
	char		*s;
	size_t		 n = 10 * 1024 * 1024;

	/* 10 MB of nested <div>, then text: one line. */
	s = repeat("<div>", n);
	memcpy(s + n - 10, "<p>x</p>  ", 10);
	extract(s, n, &h);
	assert_int_equal(h.rc, 0);
	assert_string_equal(h.text, "x\n");
	free(h.text);
	free(s);

	/* 10 MB of '<': all text. */
	s = repeat("<", n);
	extract(s, n, &h);
	assert_int_equal(h.rc, 0);
	assert_int_equal(h.len, n + 1);
	free(h.text);
	free(s);

	/* "<a<a<a...": one unterminated tag. */
	s = repeat("<a", n);
	extract(s, n, &h);
	assert_int_equal(h.rc, 0);
	assert_string_equal(h.text, "");
	free(h.text);
	free(s);

	/* A 10 MB attribute, an unterminated quote, an endless comment. */
	s = repeat("x", n);
	memcpy(s, "<p>a</p><p title=\"", 18);
	extract(s, n, &h);
	assert_int_equal(h.rc, 0);
	assert_string_equal(h.text, "a\n");
	free(h.text);
	memcpy(s, "<p>a</p><!--------", 18);
	extract(s, n, &h);
	assert_int_equal(h.rc, 0);
	assert_string_equal(h.text, "a\n");
	free(h.text);
	memcpy(s, "<p>a</p><script>  ", 18);
	extract(s, n, &h);
	assert_int_equal(h.rc, 0);
	assert_string_equal(h.text, "a\n");
	free(h.text);
	free(s);

	/* Many "</scrip" that never end the script. */
	s = repeat("</scrip", n);
	memcpy(s, "<script>", 8);
	extract(s, n, &h);
	assert_int_equal(h.rc, 0);
	assert_string_equal(h.text, "");
	free(h.text);
	free(s);

	/* 10 MB of entities and of a huge one. */
	s = repeat("&#x1F600;&lt", n);
	extract(s, n, &h);
	assert_int_equal(h.rc, 0);
	assert_true(h.len <= n);
	free(h.text);
	free(s);
	s = repeat("9", n);
	memcpy(s, "&#", 2);
	extract(s, n, &h);
	assert_int_equal(h.rc, 0);
	assert_string_equal(h.text, "\xef\xbf\xbd\n");
	free(h.text);
	free(s);

	/* Invalid UTF-8 everywhere, with and without a declaration. */
	s = repeat("\xff\xc0<p>\xe4\xb8", n);
	extract(s, n, &h);
	assert_int_equal(h.rc, 0);
	free(h.text);
	memcpy(s, "<meta charset=utf-8>", 20);
	extract(s, n, &h);
	assert_int_equal(h.rc, 0);
	free(h.text);
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gb2312_fixture),
		cmocka_unit_test(test_utf8_fixture),
		cmocka_unit_test(test_blocks),
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_whitespace),
		cmocka_unit_test(test_refs),
		cmocka_unit_test(test_dropped),
		cmocka_unit_test(test_pre),
		cmocka_unit_test(test_charsets),
		cmocka_unit_test(test_charsets_long),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
