/*
 * Unit tests for ofd: a hand-built package that exercises the layout
 * rules (templates, page blocks, CDATA, scrambled pieces, split lines,
 * two pages, foreign prefixes), a realistic two-page document and the
 * fields gongwen reads from it, and broken or hostile packages built in
 * memory: missing parts, reference loops, escaping references, too many
 * pages or text objects, DTDs, invalid UTF-8, nonsense numbers, every
 * truncation and many corruptions.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../zipmem.h"

#include <zip.h>

#include "gongwen.h"
#include "ofd.h"
#include "fixture.h"

#define NS	"xmlns:ofd=\"http://www.ofdspec.org/2016\""
#define MAIN(root) "<ofd:OFD " NS "><ofd:DocBody><ofd:DocRoot>" root \
	"</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
#define DOC(pages) "<ofd:Document " NS "><ofd:CommonData>" \
	"<ofd:TemplatePage ID=\"7\" BaseLoc=\"Tpl/Content.xml\"/>" \
	"</ofd:CommonData><ofd:Pages>" pages "</ofd:Pages></ofd:Document>"
#define PAGE(body) "<ofd:Page " NS "><ofd:Content><ofd:Layer>" body \
	"</ofd:Layer></ofd:Content></ofd:Page>"
#define TEXT(box, x, y, s) "<ofd:TextObject ID=\"1\" Boundary=\"" box \
	"\" Size=\"5\"><ofd:TextCode X=\"" x "\" Y=\"" y "\">" s \
	"</ofd:TextCode></ofd:TextObject>"

struct part {
	const char	*name;
	const char	*data;
};

/* A zip of parts[0..n), built by tests/zipmem.h. */
static unsigned char *
mkzip(const struct part *p, size_t n, size_t *len)
{
	struct zipmem_part	*zp;
	unsigned char		*zip;
	size_t			 i;

	zp = calloc(n, sizeof(*zp));
	assert_non_null(zp);
	for (i = 0; i < n; i++) {
		zp[i].name = p[i].name;
		zp[i].data = p[i].data;
		zp[i].len = strlen(p[i].data);
	}
	zip = zipmem_build(zp, n, len);
	free(zp);
	assert_non_null(zip);
	return zip;
}

/* OFD.xml -> Doc_0/Document.xml (doc) -> pages given as parts. */
static unsigned char *
mkofd(const char *doc, const struct part *pages, size_t n, size_t *len)
{
	struct part	p[16];
	size_t		i;

	assert_true(n + 2 <= 16);
	p[0] = (struct part){ "OFD.xml", MAIN("Doc_0/Document.xml") };
	p[1] = (struct part){ "Doc_0/Document.xml", doc };
	for (i = 0; i < n; i++)
		p[i + 2] = pages[i];
	return mkzip(p, n + 2, len);
}

static char *
extract(const void *buf, size_t len)
{
	char	*text, err[256];
	size_t	 n;

	if (ofd_extract(buf, len, &text, &n, err, sizeof(err)) != 0)
		fail_msg("ofd_extract: %s", err);
	assert_int_equal(n, strlen(text));
	return text;
}

static void
refused(const void *buf, size_t len, const char *want)
{
	char	*text = (char *)1, err[256];

	assert_int_equal(ofd_extract(buf, len, &text, NULL, err,
	    sizeof(err)), -1);
	assert_null(text);
	if (strstr(err, want) == NULL)
		fail_msg("reason \"%s\" lacks \"%s\"", err, want);
	assert_null(strchr(err, '\n'));
}

static void
refused_ofd(const char *doc, const struct part *pages, size_t n,
    const char *want)
{
	unsigned char	*zip;
	size_t		 len;

	zip = mkofd(doc, pages, n, &len);
	refused(zip, len, want);
	free(zip);
}

static char *
text_of(const char *doc, const struct part *pages, size_t n)
{
	unsigned char	*zip;
	char		*text;
	size_t		 len;

	zip = mkofd(doc, pages, n, &len);
	text = extract(zip, len);
	free(zip);
	return text;
}

/* --- tests ---------------------------------------------------------- */

static void
test_layout(void **state)
{
	char	*buf, *text;
	size_t	 len;

	buf = fixture_read("formats/ofd-layout.ofd", &len);
	text = extract(buf, len);
	assert_string_equal(text,
	    /* page 1, with both templates */
	    "南湖市生态环境局文件\n"
	    "南环发〔2024〕27号\n"
	    "关于开展自行监测质量检查的通知\n"
	    "各县（市、区）生态环境分局：\n"
	    "请登录OFD Reader查看。\n"
	    "第一行文字\n"
	    "第二行文字\n"
	    "2024年5月20日\n"
	    "（此件公开发布）\n"
	    "南湖市生态环境局印制\n"
	    /* page 2, absolute BaseLoc, the footer template only */
	    "二、第二页正文。\n"
	    "南湖市生态环境局\n"
	    "南湖市生态环境局印制\n");
	free(text);
	free(buf);
}

static void
test_gongwen(void **state)
{
	struct gongwen	 gw;
	char		*buf, *text;
	size_t		 len;

	buf = fixture_read("formats/gongwen.ofd", &len);
	text = extract(buf, len);
	assert_non_null(strstr(text, "南湖市生态环境局\n南环发〔2024〕27号\n"
	    "南湖市生态环境局\n关于开展2024年度重点排污单位自行监测质量检查的"
	    "通知\n各县（市、区）生态环境分局，各有关单位：\n"));
	assert_non_null(strstr(text, "\n南湖市生态环境局\n2024年5月20日\n"
	    "（此件公开发布）\n"));
	assert_int_equal(gongwen_parse(text, &gw), 0);
	assert_non_null(gw.docno);
	assert_string_equal(gw.docno, "南环发〔2024〕27号");
	assert_non_null(gw.title);
	assert_string_equal(gw.title,
	    "关于开展2024年度重点排污单位自行监测质量检查的通知");
	assert_non_null(gw.signed_on);
	assert_string_equal(gw.signed_on, "2024-05-20");
	assert_int_equal(gw.disclosure, DISCLOSURE_PUBLIC);
	gongwen_free(&gw);
	free(text);
	free(buf);
}

/* X and Y carry over from the previous TextCode; pages of a second
 * document are found relative to it. */
static void
test_carry_and_docs(void **state)
{
	struct part	 p[4];
	unsigned char	*zip;
	char		*text;
	size_t		 len;

	p[0] = (struct part){ "Doc_0/P/Content.xml", PAGE(
	    "<ofd:TextObject Boundary=\"10 10 100 30\" Size=\"5\">"
	    "<ofd:TextCode X=\"0\" Y=\"5\">甲行</ofd:TextCode>"
	    "<ofd:TextCode X=\"20\">同行</ofd:TextCode>"
	    "<ofd:TextCode Y=\"15\">乙行</ofd:TextCode>"
	    "</ofd:TextObject>") };
	text = text_of(DOC("<ofd:Page ID=\"1\" BaseLoc=\"P/Content.xml\"/>"),
	    p, 1);
	assert_string_equal(text, "甲行同行\n乙行\n");
	free(text);

	p[0] = (struct part){ "OFD.xml", "<OFD xmlns=\"urn:x\"><DocBody>"
	    "<DocRoot>A/Document.xml</DocRoot></DocBody><DocBody><DocRoot>"
	    "/B/Document.xml</DocRoot></DocBody></OFD>" };
	p[1] = (struct part){ "A/Document.xml", "<Document><Pages><Page "
	    "BaseLoc=\"1.xml\"/></Pages></Document>" };
	p[2] = (struct part){ "B/Document.xml", "<Document><Pages><Page "
	    "BaseLoc=\"2.xml\"/></Pages></Document>" };
	p[3] = (struct part){ "A/1.xml", "<Page><Content><Layer><TextObject "
	    "Boundary=\"0 0 10 10\"><TextCode X=\"0\" Y=\"5\">文档一"
	    "</TextCode></TextObject></Layer></Content></Page>" };
	zip = mkzip(p, 4, &len);
	refused(zip, len, "page 2.xml: part B/2.xml is missing");
	free(zip);
	p[2].data = "<Document><Pages><Page BaseLoc=\"/A/1.xml\"/></Pages>"
	    "</Document>";
	zip = mkzip(p, 4, &len);
	refused(zip, len, "page /A/1.xml: part A/1.xml is referenced twice");
	free(zip);
}

/* Two documents, each page in the other's directory. */
static void
test_two_docs(void **state)
{
	struct part	 p[5];
	unsigned char	*zip;
	char		*text;
	size_t		 len;

	p[0] = (struct part){ "OFD.xml", "<OFD><DocBody><DocRoot>A/Document.xml"
	    "</DocRoot></DocBody><DocBody><DocRoot>B/Document.xml</DocRoot>"
	    "</DocBody></OFD>" };
	p[1] = (struct part){ "A/Document.xml", "<Document><Pages><Page "
	    "BaseLoc=\"../B/1.xml\"/></Pages></Document>" };
	p[2] = (struct part){ "B/Document.xml", "<Document><Pages><Page "
	    "BaseLoc=\"../A/1.xml\"/></Pages></Document>" };
	p[3] = (struct part){ "B/1.xml", "<Page><Content><Layer><TextObject "
	    "Boundary=\"0 0 10 10\"><TextCode X=\"0\" Y=\"5\">文档一"
	    "</TextCode></TextObject></Layer></Content></Page>" };
	p[4] = (struct part){ "A/1.xml", "<Page><Content><Layer><TextObject "
	    "Boundary=\"0 0 10 10\"><TextCode X=\"0\" Y=\"5\">文档二"
	    "</TextCode></TextObject></Layer></Content></Page>" };
	zip = mkzip(p, 5, &len);
	text = extract(zip, len);
	assert_string_equal(text, "文档一\n文档二\n");
	free(text);
	free(zip);
}

/* The CTM maps TextCode positions (here: scaled by 2, moved down 20). */
static void
test_ctm(void **state)
{
	struct part	 p[1];
	char		*text;

	p[0] = (struct part){ "Doc_0/P.xml", PAGE(
	    TEXT("10 30 100 10", "0", "5", "第三")
	    "<ofd:TextObject Boundary=\"10 0 100 50\" Size=\"2.5\" "
	    "CTM=\"2 0 0 2 0 20\"><ofd:TextCode X=\"0\" Y=\"2.5\">第二"
	    "</ofd:TextCode><ofd:TextCode X=\"5\" Y=\"-5\">第一"
	    "</ofd:TextCode><ofd:TextCode X=\"5\" Y=\"7.2\">行</ofd:TextCode>"
	    "</ofd:TextObject>"
	    "<ofd:TextObject Boundary=\"0 0 9 9\" CTM=\"0 0 0 0 nan 1\">"
	    "<ofd:TextCode X=\"0\" Y=\"50\">末</ofd:TextCode></ofd:TextObject>") };
	text = text_of(DOC("<ofd:Page ID=\"1\" BaseLoc=\"P.xml\"/>"), p, 1);
	/* baselines: 第一 10, 第二 25, 第三 35 and 行 34.4, 末 50 */
	assert_string_equal(text, "第一\n第二\n第三行\n末\n");
	free(text);
}

static void
test_missing_parts(void **state)
{
	struct part	 p[2];
	unsigned char	*zip;
	size_t		 len;

	p[0] = (struct part){ "Doc_0/Document.xml", "<Document/>" };
	zip = mkzip(p, 1, &len);
	refused(zip, len, "not an OFD: no OFD.xml");
	free(zip);

	p[0] = (struct part){ "OFD.xml", "<ofd:OFD " NS "><ofd:DocBody>"
	    "<ofd:DocInfo/></ofd:DocBody></ofd:OFD>" };
	zip = mkzip(p, 1, &len);
	refused(zip, len, "OFD.xml names no document (DocRoot)");
	free(zip);

	p[0] = (struct part){ "OFD.xml", MAIN("Doc_0/Document.xml") };
	zip = mkzip(p, 1, &len);
	refused(zip, len, "DocRoot: part Doc_0/Document.xml is missing");
	free(zip);

	refused_ofd(DOC(""), NULL, 0, "Doc_0/Document.xml: document has no "
	    "pages");
	refused_ofd(DOC("<ofd:Page ID=\"1\"/>"), NULL, 0, "page 1 has no "
	    "BaseLoc");
	refused_ofd(DOC("<ofd:Page ID=\"1\" BaseLoc=\"Pages/Page_9/"
	    "Content.xml\"/>"), NULL, 0, "page Pages/Page_9/Content.xml: part "
	    "Doc_0/Pages/Page_9/Content.xml is missing");

	p[0] = (struct part){ "Doc_0/P/Content.xml", "<ofd:Page " NS ">"
	    "<ofd:Template TemplateID=\"9\"/></ofd:Page>" };
	refused_ofd(DOC("<ofd:Page ID=\"1\" BaseLoc=\"P/Content.xml\"/>"), p,
	    1, "page 1 uses template 9, which is not declared");
	p[0].data = "<ofd:Page " NS "><ofd:Template TemplateID=\"7\"/>"
	    "</ofd:Page>";
	refused_ofd(DOC("<ofd:Page ID=\"1\" BaseLoc=\"P/Content.xml\"/>"), p,
	    1, "template Tpl/Content.xml: part Doc_0/Tpl/Content.xml is "
	    "missing");
}

static void
test_loops(void **state)
{
	struct part	 p[2];
	unsigned char	*zip;
	size_t		 len;

	p[0] = (struct part){ "OFD.xml", MAIN("OFD.xml") };
	zip = mkzip(p, 1, &len);
	refused(zip, len, "part OFD.xml is referenced twice");
	free(zip);

	p[0] = (struct part){ "OFD.xml", MAIN("/OFD.xml/../Doc_0/./Document.xml") };
	p[1] = (struct part){ "Doc_0/Document.xml",
	    DOC("<ofd:Page ID=\"1\" BaseLoc=\"Document.xml\"/>") };
	zip = mkzip(p, 2, &len);
	refused(zip, len, "part Doc_0/Document.xml is referenced twice");
	free(zip);

	p[0] = (struct part){ "Doc_0/P/Content.xml", PAGE(TEXT("0 0 9 9", "0",
	    "5", "页")) };
	refused_ofd(DOC("<ofd:Page ID=\"1\" BaseLoc=\"P/Content.xml\"/>"
	    "<ofd:Page ID=\"2\" BaseLoc=\"/Doc_0/P/Content.xml\"/>"), p, 1,
	    "page /Doc_0/P/Content.xml: part Doc_0/P/Content.xml is "
	    "referenced twice");

	/* a page that is also its own template */
	p[0].data = "<ofd:Page " NS "><ofd:Template TemplateID=\"7\"/>"
	    "</ofd:Page>";
	p[0].name = "Doc_0/Tpl/Content.xml";
	refused_ofd(DOC("<ofd:Page ID=\"1\" BaseLoc=\"Tpl/Content.xml\"/>"), p,
	    1, "part Doc_0/Tpl/Content.xml is referenced twice");

	refused_ofd(DOC("<ofd:Page ID=\"1\" BaseLoc=\"../../etc/passwd\"/>"),
	    NULL, 0, "Doc_0/Document.xml: reference escapes the package: "
	    "../../etc/passwd");
}

static void
test_wrong_roots(void **state)
{
	struct part	 p[1];
	unsigned char	*zip;
	size_t		 len;

	p[0] = (struct part){ "OFD.xml", "<html><DocBody/></html>" };
	zip = mkzip(p, 1, &len);
	refused(zip, len, "OFD.xml: not an OFD main file (root element html)");
	free(zip);
	refused_ofd("<Page/>", NULL, 0, "Doc_0/Document.xml: not an OFD "
	    "document (root element Page)");
	p[0] = (struct part){ "Doc_0/P/Content.xml", "<Document/>" };
	refused_ofd(DOC("<ofd:Page ID=\"1\" BaseLoc=\"P/Content.xml\"/>"), p,
	    1, "Doc_0/P/Content.xml: not an OFD page (root element Document)");
}

static void
test_too_many_pages(void **state)
{
	char	*doc, *p;
	size_t	 i, n = 2001;

	doc = malloc(n * 64 + 256);
	assert_non_null(doc);
	p = doc + sprintf(doc, "<Document><Pages>");
	for (i = 0; i < n; i++)
		p += sprintf(p, "<Page ID=\"%zu\" BaseLoc=\"P%zu.xml\"/>", i, i);
	strcpy(p, "</Pages></Document>");
	refused_ofd(doc, NULL, 0, "Doc_0/Document.xml: too many pages "
	    "(limit 2000)");
	free(doc);
}

static void
test_too_many_codes(void **state)
{
	struct part	 p[1];
	char		*page, *s;
	size_t		 i, n = OFD_MAX_TEXTCODES + 1;

	page = malloc(n * 100 + 64);
	assert_non_null(page);
	s = page + sprintf(page, "<Page><Content><Layer>");
	for (i = 0; i < n; i++)	/* varied, or it deflates past 200:1 */
		s += sprintf(s, "<TextObject ID=\"%zu\" Boundary=\"%zu %zu 1 "
		    "1\"><TextCode X=\"%zu\" Y=\"1\">字</TextCode></TextObject>",
		    i, i * 7 % 1000, i % 997, i * 13 % 101);
	strcpy(s, "</Layer></Content></Page>");
	p[0] = (struct part){ "Doc_0/P.xml", page };
	refused_ofd(DOC("<ofd:Page ID=\"1\" BaseLoc=\"P.xml\"/>"), p, 1,
	    "too many text objects (limit 200000)");
	free(page);
}

/*
 * A template is parsed once but laid out on every page that uses it:
 * many pages using a big template must hit a cap, not run for minutes or
 * fill memory.
 */
static void
amplify(size_t ncodes, size_t codelen, size_t npages, const char *want)
{
	struct part	*p;
	char		*tpl, *doc, *s, (*names)[32], *code;
	size_t		 i;
	static const char page[] = "<Page><Template TemplateID=\"7\"/></Page>";

	p = calloc(npages + 3, sizeof(*p));
	names = calloc(npages, sizeof(*names));
	tpl = malloc(ncodes * (codelen + 100) + 64);
	doc = malloc(npages * 64 + 256);
	code = malloc(codelen + 1);
	assert_true(p && names && tpl && doc && code);
	for (i = 0; i < codelen; i++)
		code[i] = "0123456789abcdefghijklmnopqrstuvwxyz"[(i * i + i / 7)
		    % 36];
	code[codelen] = '\0';
	s = tpl + sprintf(tpl, "<Page><Content><Layer>");
	for (i = 0; i < ncodes; i++)
		s += sprintf(s, "<TextObject Boundary=\"%zu %zu 1 1\"><TextCode "
		    "X=\"0\" Y=\"1\">%zu%s</TextCode></TextObject>", i % 150,
		    i % 250, i, code);
	strcpy(s, "</Layer></Content></Page>");
	s = doc + sprintf(doc, "<Document><CommonData><TemplatePage ID=\"7\" "
	    "BaseLoc=\"T.xml\"/></CommonData><Pages>");
	for (i = 0; i < npages; i++) {
		s += sprintf(s, "<Page BaseLoc=\"P%zu.xml\"/>", i);
		snprintf(names[i], sizeof(names[i]), "Doc_0/P%zu.xml", i);
		p[i + 3] = (struct part){ names[i], page };
	}
	strcpy(s, "</Pages></Document>");
	p[0] = (struct part){ "OFD.xml", MAIN("Doc_0/Document.xml") };
	p[1] = (struct part){ "Doc_0/Document.xml", doc };
	p[2] = (struct part){ "Doc_0/T.xml", tpl };
	{
		unsigned char	*zip;
		size_t		 len;

		zip = mkzip(p, npages + 3, &len);
		refused(zip, len, want);
		free(zip);
	}
	free(p);
	free(names);
	free(tpl);
	free(doc);
	free(code);
}

static void
test_template_amplification(void **state)
{
	amplify(5000, 1, 201, "too much text to lay out (limit 1000000 "
	    "pieces)");
	amplify(10, 60000, 120, "more than 67108864 bytes of text");
}

static void
test_hostile_xml(void **state)
{
	struct part	 p[1];
	unsigned char	*zip;
	size_t		 len;

	p[0] = (struct part){ "Doc_0/P.xml", "<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE p [<!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">"
	    "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
	    "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
	    "]>" PAGE(TEXT("0 0 9 9", "0", "5", "&c;")) };
	refused_ofd(DOC("<ofd:Page ID=\"1\" BaseLoc=\"P.xml\"/>"), p, 1,
	    "Doc_0/P.xml: XML with a DOCTYPE is refused");

	p[0] = (struct part){ "OFD.xml", "<!DOCTYPE o [<!ENTITY x SYSTEM "
	    "\"file:///etc/passwd\">]><ofd:OFD " NS "><ofd:DocBody>"
	    "<ofd:DocRoot>&x;</ofd:DocRoot></ofd:DocBody></ofd:OFD>" };
	zip = mkzip(p, 1, &len);
	refused(zip, len, "OFD.xml: XML with a DOCTYPE is refused");
	free(zip);

	p[0] = (struct part){ "Doc_0/P.xml", PAGE(TEXT("0 0 9 9", "0", "5",
	    "南湖\xe5\xb8")) };
	refused_ofd(DOC("<ofd:Page ID=\"1\" BaseLoc=\"P.xml\"/>"), p, 1,
	    "Doc_0/P.xml: invalid UTF-8 in XML at line 1");
}

/* Numbers that are not numbers are taken as 0 (or clamped). */
static void
test_bad_numbers(void **state)
{
	struct part	 p[1];
	char		*text;

	p[0] = (struct part){ "Doc_0/P.xml", PAGE(
	    TEXT("nan inf -1e999 x", "1e400", "nan", "一")
	    TEXT("", "", "", "二")
	    "<ofd:TextObject Size=\"-5\" Boundary=\"0x10,20\">"
	    "<ofd:TextCode X=\"--\" Y=\"1e-400\">三</ofd:TextCode>"
	    "</ofd:TextObject>"
	    "<ofd:TextCode X=\"0\" Y=\"0\">不在对象里</ofd:TextCode>") };
	text = text_of(DOC("<ofd:Page ID=\"1\" BaseLoc=\"P.xml\"/>"), p, 1);
	assert_non_null(strstr(text, "一"));
	assert_non_null(strstr(text, "二"));
	assert_non_null(strstr(text, "三"));
	assert_null(strstr(text, "不在对象里"));
	free(text);
}

static void
test_no_text(void **state)
{
	struct part	 p[1];
	char		*text;

	p[0] = (struct part){ "Doc_0/P.xml", PAGE("<ofd:ImageObject "
	    "Boundary=\"0 0 210 297\" ResourceID=\"5\"/>") };
	text = text_of(DOC("<ofd:Page ID=\"1\" BaseLoc=\"P.xml\"/>"), p, 1);
	assert_string_equal(text, "");
	free(text);
}

static void
test_truncated(void **state)
{
	char	*buf, *cut, *text, err[256];
	size_t	 len, i;

	buf = fixture_read("formats/ofd-layout.ofd", &len);
	for (i = 0; i < len; i++) {
		cut = malloc(i ? i : 1);
		assert_non_null(cut);
		memcpy(cut, buf, i);
		err[0] = '\0';
		assert_int_equal(ofd_extract((unsigned char *)cut, i, &text,
		    NULL, err, sizeof(err)), -1);
		assert_true(err[0] != '\0');
		free(cut);
	}
	free(buf);
}

static void
test_corrupt(void **state)
{
	char	*buf, *bad, *text, err[256];
	size_t	 len, i;

	buf = fixture_read("formats/ofd-layout.ofd", &len);
	bad = malloc(len);
	assert_non_null(bad);
	for (i = 0; i < len; i++) {
		memcpy(bad, buf, len);
		bad[i] ^= 0x21;
		err[0] = '\0';
		if (ofd_extract((unsigned char *)bad, len, &text, NULL, err,
		    sizeof(err)) == 0)
			free(text);
		else
			assert_true(err[0] != '\0');
	}
	free(bad);
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_gongwen),
		cmocka_unit_test(test_carry_and_docs),
		cmocka_unit_test(test_two_docs),
		cmocka_unit_test(test_ctm),
		cmocka_unit_test(test_missing_parts),
		cmocka_unit_test(test_loops),
		cmocka_unit_test(test_wrong_roots),
		cmocka_unit_test(test_too_many_pages),
		cmocka_unit_test(test_too_many_codes),
		cmocka_unit_test(test_template_amplification),
		cmocka_unit_test(test_hostile_xml),
		cmocka_unit_test(test_bad_numbers),
		cmocka_unit_test(test_no_text),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_corrupt),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
