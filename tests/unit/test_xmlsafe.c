/*
 * Unit tests for xmlsafe: local names whatever the namespace prefix,
 * attributes, character data and CDATA, stopping from a call-back, and
 * the hostile XML it must refuse: DOCTYPEs (billion laughs, external
 * entities), invalid UTF-8, unknown encodings, deep nesting, size.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "xmlsafe.h"

struct trace {
	char	 s[4096];
	size_t	 len;
	size_t	 textlen;
	int	 stop_at;	/* stop at the nth element start */
	int	 fail_at;	/* fail at the nth element start */
	int	 starts;
};

static void
tr_add(struct trace *t, const char *s, size_t n)
{
	if (n > sizeof(t->s) - 1 - t->len)
		n = sizeof(t->s) - 1 - t->len;
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
}

static void
tr_start(struct xmlsafe *xs, void *arg, const char *name, const char **attr)
{
	struct trace	*t = arg;
	char		 buf[256];
	size_t		 i;

	t->starts++;
	if (t->stop_at == t->starts) {
		xmlsafe_stop(xs);
		return;
	}
	if (t->fail_at == t->starts) {
		xmlsafe_fail(xs, "element %s is not wanted", name);
		return;
	}
	snprintf(buf, sizeof(buf), "<%s@%u", name, xmlsafe_depth(xs));
	tr_add(t, buf, strlen(buf));
	for (i = 0; attr[i] != NULL; i += 2) {
		snprintf(buf, sizeof(buf), " %s=%s", attr[i], attr[i + 1]);
		tr_add(t, buf, strlen(buf));
	}
	tr_add(t, ">", 1);
}

static void
tr_end(struct xmlsafe *xs, void *arg, const char *name)
{
	struct trace	*t = arg;

	tr_add(t, "</", 2);
	tr_add(t, name, strlen(name));
	tr_add(t, ">", 1);
}

static void
tr_text(struct xmlsafe *xs, void *arg, const char *s, size_t len)
{
	struct trace	*t = arg;

	t->textlen += len;
	if (len < 200)
		tr_add(t, s, len);
}

static const struct xmlsafe_cb cb = { tr_start, tr_end, tr_text, 0, 0 };

static int
parse(const char *xml, struct trace *t, char *err, size_t errlen)
{
	return xmlsafe_parse(xml, strlen(xml), &cb, t, err, errlen);
}

static void
refused(const char *xml, const char *want)
{
	struct trace	t;
	char		err[256];

	memset(&t, 0, sizeof(t));
	assert_int_equal(parse(xml, &t, err, sizeof(err)), -1);
	if (strstr(err, want) == NULL)
		fail_msg("reason \"%s\" lacks \"%s\"", err, want);
	assert_null(strstr(t.s, "root:"));	/* no /etc/passwd */
}

static void
test_local_names(void **state)
{
	const char	*xml = "<?xml version=\"1.0\"?>\n"
	    "<w:document xmlns:w=\"urn:w\" xmlns:r=\"urn:r\">"
	    "<w:body><w:t xml:space=\"preserve\" r:id=\"5\">甲</w:t>"
	    "<p xmlns=\"urn:default\" plain=\"1\">乙</p>"
	    "<x:p xmlns:x=\"urn:w\">丙</x:p><q>丁</q></w:body></w:document>";
	struct trace	 t;
	char		 err[256];

	memset(&t, 0, sizeof(t));
	assert_int_equal(parse(xml, &t, err, sizeof(err)), 0);
	assert_string_equal(t.s, "<document@1><body@2>"
	    "<t@3 space=preserve id=5>甲</t>"
	    "<p@3 plain=1>乙</p><p@3>丙</p><q@3>丁</q></body></document>");
}

static void
test_text(void **state)
{
	const char	*xml = "<a>x&lt;&amp;&#x4E2D;<![CDATA[<b>文&amp;]]>"
	    "<!-- comment --><?pi data?>y</a>";
	struct trace	 t;
	char		 err[256];

	memset(&t, 0, sizeof(t));
	assert_int_equal(parse(xml, &t, err, sizeof(err)), 0);
	assert_string_equal(t.s, "<a@1>x<&中<b>文&amp;y</a>");
}

static void
test_attr(void **state)
{
	const char	*attr[] = { "ID", "1", "BaseLoc", "a.xml", NULL };

	assert_string_equal(xmlsafe_attr(attr, "BaseLoc"), "a.xml");
	assert_null(xmlsafe_attr(attr, "baseloc"));
	assert_null(xmlsafe_attr(NULL, "ID"));
}

static void
test_stop_and_fail(void **state)
{
	const char	*xml = "<a><b/><c/><d/></a>";
	struct trace	 t;
	char		 err[256];

	memset(&t, 0, sizeof(t));
	t.stop_at = 3;
	assert_int_equal(parse(xml, &t, err, sizeof(err)), 0);
	assert_string_equal(t.s, "<a@1><b@2></b>");

	memset(&t, 0, sizeof(t));
	t.fail_at = 2;
	assert_int_equal(parse(xml, &t, err, sizeof(err)), -1);
	assert_string_equal(err, "element b is not wanted");
	assert_string_equal(t.s, "<a@1>");
}

static void
test_doctype(void **state)
{
	refused("<!DOCTYPE a><a/>", "DOCTYPE is refused");
	refused("<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC "
	    "\"-//W3C//DTD XHTML 1.0//EN\" \"http://www.w3.org/TR/xhtml1/"
	    "DTD/xhtml1-strict.dtd\"><html/>", "DOCTYPE is refused");
}

static void
test_billion_laughs(void **state)
{
	refused("<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE lolz [\n"
	    " <!ENTITY lol \"lol\">\n"
	    " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
	    " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
	    " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
	    " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
	    " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
	    " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
	    " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
	    " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
	    " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
	    "]>\n<lolz>&lol9;</lolz>", "DOCTYPE is refused");
}

static void
test_external_entity(void **state)
{
	refused("<?xml version=\"1.0\"?>\n<!DOCTYPE foo [ <!ENTITY xxe "
	    "SYSTEM \"file:///etc/passwd\"> ]>\n<foo>&xxe;</foo>",
	    "DOCTYPE is refused");
	refused("<?xml version=\"1.0\"?>\n<!DOCTYPE foo SYSTEM "
	    "\"file:///etc/passwd\"><foo/>", "DOCTYPE is refused");
	/* without a DTD an entity reference is simply undefined */
	refused("<foo>&xxe;</foo>", "undefined entity");
}

static void
test_invalid_utf8(void **state)
{
	refused("<a>\n南湖\xff\xfe市</a>", "invalid UTF-8 in XML at line 2");
	refused("<a>\xe5\x8d</a>", "invalid UTF-8");
	refused("<a>\xc0\xaf</a>", "invalid UTF-8");		/* overlong */
	refused("<a>\xed\xa0\x80</a>", "invalid UTF-8");	/* surrogate */
}

static void
test_encodings(void **state)
{
	/* UTF-16LE with a BOM: "<a>中</a>" */
	static const char	u16[] = "\xff\xfe<\0a\0>\0\x2d\x4e<\0/\0a\0>\0";
	struct trace		t;
	char			err[256];

	memset(&t, 0, sizeof(t));
	assert_int_equal(xmlsafe_parse(u16, sizeof(u16) - 1, &cb, &t, err,
	    sizeof(err)), 0);
	assert_string_equal(t.s, "<a@1>中</a>");
	refused("<?xml version=\"1.0\" encoding=\"GBK\"?><a>\xc4\xcf</a>",
	    "unknown encoding");
}

static void
test_malformed(void **state)
{
	refused("", "XML error at line 1: no element found");
	refused("<a><b></a>", "mismatched tag");
	refused("<a/><b/>", "junk after document element");
	refused("<x:a/>", "unbound prefix");
	refused("<a>\x01</a>", "not well-formed");
}

static void
test_depth(void **state)
{
	struct xmlsafe_cb	 c = cb;
	struct trace		 t;
	char			*xml, err[256];
	size_t			 i, n = 300;

	xml = malloc(n * 7 + 1);
	assert_non_null(xml);
	xml[0] = '\0';
	for (i = 0; i < n; i++)
		strcat(xml, "<a>");
	for (i = 0; i < n; i++)
		strcat(xml, "</a>");
	memset(&t, 0, sizeof(t));
	assert_int_equal(parse(xml, &t, err, sizeof(err)), -1);
	assert_string_equal(err, "XML nested deeper than 256 elements");
	c.max_depth = 1000;
	memset(&t, 0, sizeof(t));
	assert_int_equal(xmlsafe_parse(xml, strlen(xml), &c, &t, err,
	    sizeof(err)), 0);
	free(xml);
}

/* Larger than one chunk handed to expat; and the size cap. */
static void
test_size(void **state)
{
	struct xmlsafe_cb	 c = cb;
	struct trace		 t;
	size_t			 k = 1024 * 1024 + 7, n, i;
	char			*xml, err[256];

	n = 3 + 3 * k + 4;
	xml = malloc(n);
	assert_non_null(xml);
	memcpy(xml, "<a>", 3);
	for (i = 0; i < k; i++)
		memcpy(xml + 3 + 3 * i, "南", 3);
	memcpy(xml + 3 + 3 * k, "</a>", 4);
	memset(&t, 0, sizeof(t));
	if (xmlsafe_parse(xml, n, &cb, &t, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	assert_int_equal(t.textlen, 3 * k);
	c.max_bytes = n - 1;
	assert_int_equal(xmlsafe_parse(xml, n, &c, &t, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "XML part too large"));
	free(xml);
}

static void
test_reason_fix(void **state)
{
	char	a[] = "line\none\x7f";
	char	b[] = "名\xe5\x8d";		/* cut by snprintf */
	char	c[] = "a\xff" "b\xc0\xaf" "c\xe5\x8d" "d";
	char	d[] = "南湖市 ok";

	xmlsafe_reason_fix(a);
	assert_string_equal(a, "line?one?");
	xmlsafe_reason_fix(b);
	assert_string_equal(b, "名");
	xmlsafe_reason_fix(c);
	assert_string_equal(c, "a?b??c??d");
	xmlsafe_reason_fix(d);
	assert_string_equal(d, "南湖市 ok");
	xmlsafe_reason_fix(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_local_names),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_attr),
		cmocka_unit_test(test_stop_and_fail),
		cmocka_unit_test(test_doctype),
		cmocka_unit_test(test_billion_laughs),
		cmocka_unit_test(test_external_entity),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_reason_fix),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
