/*
 * Unit tests for docx: real documents made by pandoc and LibreOffice
 * (their text, and the fields gongwen reads from it), hand-built ones
 * (tables, tabs and breaks, text boxes, namespaces, finding the main
 * part), and hostile ones built in memory: billion laughs, external
 * entities, invalid UTF-8, an entry named ../evil, a zip bomb, no main
 * part, every truncation and many corruptions.
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

#include "docx.h"
#include "gongwen.h"
#include "fixture.h"

#define W_NS	"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define RELS	"<?xml version=\"1.0\"?><Relationships xmlns=\"http://" \
	"schemas.openxmlformats.org/package/2006/relationships\">" \
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/" \
	"officeDocument/2006/relationships/officeDocument\" Target=\"%s\"/>" \
	"</Relationships>"

static const char gongwen_text[] =
    "南湖市生态环境局\n"
    "南环发〔2024〕27号\n"
    "南湖市生态环境局\n"
    "关于开展2024年度重点排污单位自行监测质量检查的通知\n"
    "各县（市、区）生态环境分局，各有关单位：\n"
    "为进一步规范重点排污单位自行监测行为，提高监测数据质量，"
    "市局决定开展2024年度自行监测质量检查。现将有关事项通知如下：\n"
    "一、检查范围为列入2024年度重点排污单位名录的企业。\n"
    "二、各分局应于2024年6月30日前完成现场检查，并报送检查结果。\n"
    "附件：2024年度自行监测质量检查表\n"
    "南湖市生态环境局\n"
    "2024年5月20日\n"
    "（此件公开发布）\n";

/* --- a docx built with libzip, in memory ---------------------------- */

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

/* A docx whose word/document.xml is xml. */
static unsigned char *
mkdocx(const char *xml, size_t *len)
{
	static char	rels[512];
	struct part	p[2];

	snprintf(rels, sizeof(rels), RELS, "word/document.xml");
	p[0].name = "_rels/.rels";
	p[0].data = rels;
	p[1].name = "word/document.xml";
	p[1].data = xml;
	return mkzip(p, 2, len);
}

static char *
extract(const void *buf, size_t len)
{
	char	*text, err[256];
	size_t	 n;

	if (docx_extract(buf, len, &text, &n, err, sizeof(err)) != 0)
		fail_msg("docx_extract: %s", err);
	assert_int_equal(n, strlen(text));
	return text;
}

static char *
extract_fixture(const char *name)
{
	char	*buf, *text;
	size_t	 len;

	buf = fixture_read(name, &len);
	text = extract(buf, len);
	free(buf);
	return text;
}

static void
refused(const void *buf, size_t len, const char *want)
{
	char	*text = (char *)1, err[256];

	assert_int_equal(docx_extract(buf, len, &text, NULL, err,
	    sizeof(err)), -1);
	assert_null(text);
	if (strstr(err, want) == NULL)
		fail_msg("reason \"%s\" lacks \"%s\"", err, want);
	assert_null(strchr(err, '\n'));
}

static void
refused_xml(const char *xml, const char *want)
{
	unsigned char	*zip;
	size_t		 len;

	zip = mkdocx(xml, &len);
	refused(zip, len, want);
	free(zip);
}

static void
check_fields(const char *text)
{
	struct gongwen	gw;

	assert_int_equal(gongwen_parse(text, &gw), 0);
	assert_non_null(gw.docno);
	assert_string_equal(gw.docno, "南环发〔2024〕27号");
	assert_non_null(gw.title);
	assert_string_equal(gw.title,
	    "关于开展2024年度重点排污单位自行监测质量检查的通知");
	assert_non_null(gw.signed_on);
	assert_string_equal(gw.signed_on, "2024-05-20");
	assert_int_equal(gw.disclosure, DISCLOSURE_PUBLIC);
	assert_non_null(gw.issuer);
	assert_string_equal(gw.issuer, "南湖市生态环境局");
	gongwen_free(&gw);
}

/* --- tests ---------------------------------------------------------- */

static void
test_pandoc(void **state)
{
	char	*text = extract_fixture("formats/gongwen-pandoc.docx");

	assert_string_equal(text, gongwen_text);
	check_fields(text);
	free(text);
}

/* LibreOffice: data descriptors, rsid attributes, a table as 版记. */
static void
test_libreoffice(void **state)
{
	char	*text = extract_fixture("formats/gongwen-lo.docx");
	size_t	 n = strlen(gongwen_text);

	assert_memory_equal(text, gongwen_text, n);
	assert_string_equal(text + n, "抄送：南湖市人民政府办公室。\n"
	    "南湖市生态环境局办公室\n"
	    "2024年5月20日印发\n"
	    "\n");
	check_fields(text);
	free(text);
}

static void
test_table(void **state)
{
	char	*text = extract_fixture("formats/docx-table.docx");

	assert_string_equal(text,
	    "南湖市生态环境局\n"
	    "南环函〔2024〕3号\n"
	    "抄送：市委办公室。\n"
	    "南湖市生态环境局办公室\n"
	    "2024年5月20日印发\n"
	    "第一段\n"
	    "第二段\n"
	    "内表甲\n"
	    "内表乙\n"
	    "\n"
	    "（此件公开发布）\n");
	free(text);
}

static void
test_layout(void **state)
{
	char	*text = extract_fixture("formats/docx-layout.docx");

	assert_string_equal(text,
	    "姓名\t张三\n"
	    "第一行\n第二行\n第三行\n"
	    "保留文字\n"
	    "框前\n文本框\n框后\n"
	    "A-1\n"
	    "  行内 换行 \n"
	    "\n"
	    "<转义&>\n");
	free(text);
}

static void
test_namespaces(void **state)
{
	char	*text = extract_fixture("formats/docx-ns.docx");

	assert_string_equal(text,
	    "前缀ns0\n"
	    "默认命名空间\n"
	    "重新声明\t后\n"
	    "严格模式\n");
	free(text);
}

static void
test_content_types(void **state)
{
	char	*text = extract_fixture("formats/docx-ctypes.docx");

	assert_string_equal(text, "由内容类型找到的正文\n");
	free(text);
}

static void
test_main_part_lookup(void **state)
{
	static const char doc[] = "<w:document xmlns:w=\"" W_NS "\"><w:body>"
	    "<w:p><w:r><w:t>正文</w:t></w:r></w:p></w:body></w:document>";
	char		 rels[512], *text;
	struct part	 p[3];
	unsigned char	*zip;
	size_t		 len;

	/* a relationship to a missing part: fall back to word/document.xml */
	snprintf(rels, sizeof(rels), RELS, "word/missing.xml");
	p[0] = (struct part){ "_rels/.rels", rels };
	p[1] = (struct part){ "word/document.xml", doc };
	zip = mkzip(p, 2, &len);
	text = extract(zip, len);
	assert_string_equal(text, "正文\n");
	free(text);
	free(zip);

	/* a target that climbs out of the package is not followed */
	snprintf(rels, sizeof(rels), RELS, "../../word/document.xml");
	zip = mkzip(p, 2, &len);
	text = extract(zip, len);
	assert_string_equal(text, "正文\n");
	free(text);
	free(zip);

	/* external targets are ignored */
	p[0].data = "<Relationships><Relationship Type=\"x/officeDocument\" "
	    "Target=\"http://example.org/a.xml\" TargetMode=\"External\"/>"
	    "<Relationship Type=\"x/officeDocument\" Target=\"/w/d.xml\"/>"
	    "</Relationships>";
	p[1].name = "w/d.xml";
	zip = mkzip(p, 2, &len);
	text = extract(zip, len);
	assert_string_equal(text, "正文\n");
	free(text);
	free(zip);

	/* no main part at all */
	p[0].data = rels;
	p[1] = (struct part){ "docProps/core.xml", "<coreProperties/>" };
	p[2] = (struct part){ "[Content_Types].xml", "<Types/>" };
	zip = mkzip(p, 3, &len);
	refused(zip, len, "not a docx: no main document part "
	    "(word/document.xml)");
	free(zip);
}

static void
test_not_docx(void **state)
{
	char	*buf;
	size_t	 len;

	buf = fixture_read("formats/gongwen.ofd", &len);
	refused(buf, len, "not a docx: no main document part");
	free(buf);
	refused("南湖市生态环境局", strlen("南湖市生态环境局"), "not a zip");
	refused_xml("<html><body>hello</body></html>",
	    "word/document.xml: not a WordprocessingML document (root "
	    "element html)");
}

static void
test_empty_document(void **state)
{
	unsigned char	*zip;
	char		*text;
	size_t		 len;

	zip = mkdocx("<w:document xmlns:w=\"" W_NS "\"><w:body/>"
	    "</w:document>", &len);
	text = extract(zip, len);
	assert_string_equal(text, "");
	free(text);
	free(zip);
}

static void
test_billion_laughs(void **state)
{
	refused_xml("<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE w:document [\n"
	    " <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
	    " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
	    " <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
	    " <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
	    " <!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
	    " <!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
	    " <!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n"
	    "]>\n<w:document xmlns:w=\"" W_NS "\"><w:body><w:p><w:r>"
	    "<w:t>&g;</w:t></w:r></w:p></w:body></w:document>",
	    "word/document.xml: XML with a DOCTYPE is refused");
}

static void
test_external_entity(void **state)
{
	char		 rels[512];
	struct part	 p[2];
	unsigned char	*zip;
	size_t		 len;

	refused_xml("<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE w:document [ <!ENTITY xxe SYSTEM "
	    "\"file:///etc/passwd\"> ]>\n<w:document xmlns:w=\"" W_NS "\">"
	    "<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body>"
	    "</w:document>", "word/document.xml: XML with a DOCTYPE is "
	    "refused");

	/* in the relationships, which are read first */
	snprintf(rels, sizeof(rels), "<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE r SYSTEM \"file:///etc/passwd\">%s", "<Relationships/>");
	p[0] = (struct part){ "_rels/.rels", rels };
	p[1] = (struct part){ "word/document.xml", "<document/>" };
	zip = mkzip(p, 2, &len);
	refused(zip, len, "_rels/.rels: XML with a DOCTYPE is refused");
	free(zip);
}

static void
test_invalid_utf8(void **state)
{
	refused_xml("<w:document xmlns:w=\"" W_NS "\"><w:body><w:p><w:r>"
	    "<w:t>南湖\xb0\xa1</w:t></w:r></w:p></w:body></w:document>",
	    "word/document.xml: invalid UTF-8 in XML at line 1");
}

static void
test_escaping_entry(void **state)
{
	char		 rels[512];
	struct part	 p[3];
	unsigned char	*zip;
	size_t		 len;

	snprintf(rels, sizeof(rels), RELS, "word/document.xml");
	p[0] = (struct part){ "_rels/.rels", rels };
	p[1] = (struct part){ "word/document.xml", "<document/>" };
	p[2] = (struct part){ "../evil", "#!/bin/sh\n" };
	zip = mkzip(p, 3, &len);
	refused(zip, len, "entry name escapes: ../evil");
	free(zip);
}

/* 4 MiB of empty paragraphs deflate to a few KiB. */
static void
test_zip_bomb(void **state)
{
	static const char	 head[] = "<w:document xmlns:w=\"" W_NS "\">"
	    "<w:body>", tail[] = "</w:body></w:document>";
	unsigned char		*zip;
	char			*xml;
	size_t			 n = 4 * 1024 * 1024, len, i;

	xml = malloc(n + sizeof(head) + sizeof(tail));
	assert_non_null(xml);
	strcpy(xml, head);
	for (i = strlen(head); i + 6 <= n; i += 6)
		memcpy(xml + i, "<w:p/>", 6);
	strcpy(xml + i, tail);
	zip = mkdocx(xml, &len);
	assert_true(len < n / 200);
	refused(zip, len, "zip bomb: entry word/document.xml inflates past "
	    "200:1");
	free(zip);
	free(xml);
}

/* No prefix of a docx is read; none crashes. */
static void
test_truncated(void **state)
{
	char	*buf, *cut, *text, err[256];
	size_t	 len, i;

	buf = fixture_read("formats/docx-table.docx", &len);
	for (i = 0; i < len; i++) {
		cut = malloc(i ? i : 1);
		assert_non_null(cut);
		memcpy(cut, buf, i);
		err[0] = '\0';
		assert_int_equal(docx_extract((unsigned char *)cut, i, &text,
		    NULL, err, sizeof(err)), -1);
		assert_true(err[0] != '\0');
		free(cut);
	}
	free(buf);
}

/* Corrupt every byte of a docx in turn: text or a reason, no crash. */
static void
test_corrupt(void **state)
{
	char	*buf, *bad, *text, err[256];
	size_t	 len, i;
	int	 ok = 0;

	buf = fixture_read("formats/docx-layout.docx", &len);
	bad = malloc(len);
	assert_non_null(bad);
	for (i = 0; i < len; i++) {
		memcpy(bad, buf, len);
		bad[i] ^= 0x5a;
		err[0] = '\0';
		if (docx_extract((unsigned char *)bad, len, &text, NULL, err,
		    sizeof(err)) == 0) {
			ok++;
			free(text);
		} else
			assert_true(err[0] != '\0');
	}
	assert_true(ok < (int)len);
	free(bad);
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pandoc),
		cmocka_unit_test(test_libreoffice),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_namespaces),
		cmocka_unit_test(test_content_types),
		cmocka_unit_test(test_main_part_lookup),
		cmocka_unit_test(test_not_docx),
		cmocka_unit_test(test_empty_document),
		cmocka_unit_test(test_billion_laughs),
		cmocka_unit_test(test_external_entity),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_escaping_entry),
		cmocka_unit_test(test_zip_bomb),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_corrupt),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
