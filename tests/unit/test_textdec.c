/*
 * Unit tests for textdec: UTF-8 with and without BOM, UTF-16 LE/BE with
 * BOM, GB18030 (from a fixture under tests/data), line ends, and the
 * input it must refuse (binary, undecodable, odd-length UTF-16).
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "textdec.h"
#include "fixture.h"

struct dec {
	char		*out;
	size_t		 len;
	const char	*charset;
	char		 err[256];
};

static void
decode(const void *buf, size_t len, struct dec *d)
{
	memset(d, 0, sizeof(*d));
	d->out = textdec_decode(buf, len, &d->len, &d->charset, d->err,
	    sizeof(d->err));
}

static unsigned char *
fixture(const char *name, size_t *len)
{
	return (unsigned char *)fixture_read(name, len);
}

static void
test_utf8_plain(void **state)
{
	const char	*s = "南湖市水利局\n关于做好汛期值守的通知\n";
	struct dec	 d;

	decode(s, strlen(s), &d);
	assert_non_null(d.out);
	assert_string_equal(d.charset, "UTF-8");
	assert_string_equal(d.out, s);
	assert_int_equal(d.len, strlen(s));
	free(d.out);
}

static void
test_utf8_bom_stripped(void **state)
{
	const char	*s = "\xef\xbb\xbf" "南湖市水利局\n";
	struct dec	 d;

	decode(s, strlen(s), &d);
	assert_non_null(d.out);
	assert_string_equal(d.charset, "UTF-8");
	assert_string_equal(d.out, "南湖市水利局\n");
	free(d.out);
}

static void
test_line_ends(void **state)
{
	const char	*s = "第一行\r\n第二行\r第三行\r\n\r\n末行\r";
	struct dec	 d;

	decode(s, strlen(s), &d);
	assert_non_null(d.out);
	assert_string_equal(d.out, "第一行\n第二行\n第三行\n\n末行\n");
	assert_int_equal(d.len, strlen(d.out));
	assert_null(memchr(d.out, '\r', d.len));
	free(d.out);
}

static void
test_empty(void **state)
{
	struct dec	d;

	decode("", 0, &d);
	assert_non_null(d.out);
	assert_string_equal(d.out, "");
	assert_int_equal(d.len, 0);
	assert_string_equal(d.charset, "UTF-8");
	free(d.out);
}

static void
test_gb18030_fixture(void **state)
{
	unsigned char	*buf;
	size_t		 len;
	struct dec	 d;

	buf = fixture("textdec-gb18030-crlf.txt", &len);
	assert_false(textdec_is_utf8(buf, len));
	decode(buf, len, &d);
	assert_non_null(d.out);
	assert_string_equal(d.charset, "GB18030");
	/* 𠮷 is a four-byte GB18030 sequence. */
	assert_string_equal(d.out, "东川市教育局\n\n东教发〔2023〕4号\n\n"
	    "关于𠮷祥路小学校区调整的通知\n（此件公开发布）\n");
	free(d.out);
	free(buf);
}

static void
test_gb18030_inline(void **state)
{
	/* 公开 in GBK, then a CRLF. */
	const unsigned char	s[] = { 0xb9, 0xab, 0xbf, 0xaa, '\r', '\n' };
	struct dec		d;

	decode(s, sizeof(s), &d);
	assert_non_null(d.out);
	assert_string_equal(d.charset, "GB18030");
	assert_string_equal(d.out, "公开\n");
	free(d.out);
}

static void
test_utf16le_fixture(void **state)
{
	unsigned char	*buf;
	size_t		 len;
	struct dec	 d;

	buf = fixture("textdec-utf16le-bom.txt", &len);
	decode(buf, len, &d);
	assert_non_null(d.out);
	assert_string_equal(d.charset, "UTF-16LE");
	assert_string_equal(d.out, "西岭县民政局\n关于做好冬季救助工作的通知\n"
	    "2023年11月2日\n");
	free(d.out);
	free(buf);
}

static void
test_utf16be(void **state)
{
	/* BOM, 通知 CR LF, U+1F600 as a surrogate pair. */
	const unsigned char	s[] = { 0xfe, 0xff, 0x90, 0x1a, 0x77, 0xe5,
				    0x00, '\r', 0x00, '\n', 0xd8, 0x3d, 0xde,
				    0x00 };
	struct dec		d;

	decode(s, sizeof(s), &d);
	assert_non_null(d.out);
	assert_string_equal(d.charset, "UTF-16BE");
	assert_string_equal(d.out, "通知\n\xf0\x9f\x98\x80");
	free(d.out);
}

static void
test_utf16_bad(void **state)
{
	const unsigned char	odd[] = { 0xff, 0xfe, 0x1a, 0x90, 0xe5 };
	const unsigned char	lone[] = { 0xff, 0xfe, 0x3d, 0xd8, 'A', 0 };
	const unsigned char	nul[] = { 0xff, 0xfe, 'A', 0, 0, 0 };
	struct dec		d;

	decode(odd, sizeof(odd), &d);
	assert_null(d.out);
	assert_non_null(strstr(d.err, "odd"));

	/* An unpaired high surrogate. */
	decode(lone, sizeof(lone), &d);
	assert_null(d.out);
	assert_non_null(strstr(d.err, "UTF-16LE"));

	decode(nul, sizeof(nul), &d);
	assert_null(d.out);
	assert_non_null(strstr(d.err, "binary"));
}

static void
test_nul_is_binary(void **state)
{
	const char	s[] = "东川市\0教育局";
	struct dec	d;

	decode(s, sizeof(s) - 1, &d);
	assert_null(d.out);
	assert_non_null(strstr(d.err, "binary"));
	assert_non_null(strstr(d.err, "9"));	/* byte offset of the NUL */
	assert_null(d.charset);
}

static void
test_undecodable(void **state)
{
	/* 0xff can start neither UTF-8 nor GB18030. */
	const unsigned char	s[] = { 'a', 'b', 0xff, 0xff, 'c' };
	const unsigned char	bom_bad[] = { 0xef, 0xbb, 0xbf, 'a', 0xc3 };
	struct dec		d;

	decode(s, sizeof(s), &d);
	assert_null(d.out);
	assert_string_equal(d.err, "not valid UTF-8 and not GB18030 either "
	    "(byte offset 2)");

	decode(bom_bad, sizeof(bom_bad), &d);
	assert_null(d.out);
	assert_non_null(strstr(d.err, "byte offset 4"));
}

static void
test_small_err_buffer(void **state)
{
	const unsigned char	s[] = { 0xff, 0xff };
	char			err[8];
	size_t			len = 99;

	assert_null(textdec_decode(s, sizeof(s), &len, NULL, err,
	    sizeof(err)));
	assert_int_equal(strlen(err), sizeof(err) - 1);
	assert_null(textdec_decode(s, sizeof(s), NULL, NULL, NULL, 0));
}

static void
test_is_utf8(void **state)
{
	const unsigned char	overlong[] = { 0xc0, 0xaf };
	const unsigned char	overlong3[] = { 0xe0, 0x80, 0xaf };
	const unsigned char	surrogate[] = { 0xed, 0xa0, 0x80 };
	const unsigned char	too_big[] = { 0xf4, 0x90, 0x80, 0x80 };
	const unsigned char	truncated[] = { 0xe4, 0xb8 };
	const unsigned char	max[] = { 0xf4, 0x8f, 0xbf, 0xbf };

	assert_true(textdec_is_utf8((const unsigned char *)"公文", 6));
	assert_true(textdec_is_utf8(max, sizeof(max)));
	assert_true(textdec_is_utf8(NULL, 0));
	assert_false(textdec_is_utf8(overlong, sizeof(overlong)));
	assert_false(textdec_is_utf8(overlong3, sizeof(overlong3)));
	assert_false(textdec_is_utf8(surrogate, sizeof(surrogate)));
	assert_false(textdec_is_utf8(too_big, sizeof(too_big)));
	assert_false(textdec_is_utf8(truncated, sizeof(truncated)));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_plain),
		cmocka_unit_test(test_utf8_bom_stripped),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_gb18030_fixture),
		cmocka_unit_test(test_gb18030_inline),
		cmocka_unit_test(test_utf16le_fixture),
		cmocka_unit_test(test_utf16be),
		cmocka_unit_test(test_utf16_bad),
		cmocka_unit_test(test_nul_is_binary),
		cmocka_unit_test(test_undecodable),
		cmocka_unit_test(test_small_err_buffer),
		cmocka_unit_test(test_is_utf8),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
