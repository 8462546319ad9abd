/* Unit tests for termtext: a document's text on a terminal keeps its
 * characters, lines and tabs; control characters and bytes that are not
 * UTF-8 are shown (caret notation, U+FFFD), never sent. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "termtext.h"

/* s[0..n) as docketctl text shows it on a terminal. */
static const char *
render(const char *s, size_t n)
{
	static char	out[1024];
	char		rep[4];
	size_t		k, o = 0;

	while (n > 0) {
		k = termtext_plain(s, n);
		assert_true(o + k < sizeof(out));
		memcpy(out + o, s, k);
		o += k;
		s += k;
		n -= k;
		if (n == 0)
			break;
		k = termtext_mask(s, n, rep);
		assert_true(k >= 1 && k <= n);
		assert_true(o + strlen(rep) < sizeof(out));
		memcpy(out + o, rep, strlen(rep));
		o += strlen(rep);
		s += k;
		n -= k;
	}
	out[o] = '\0';
	return out;
}

#define R(lit)	render(lit, sizeof(lit) - 1)

static void
test_plain_text_unchanged(void **state)
{
	static const char t[] = "关于做好防汛工作的通知\n\t一、工作要求。\n"
	    "淄教发〔2024〕7号 ≥ 𠀀\n";

	(void)state;
	assert_int_equal(termtext_plain(t, sizeof(t) - 1), sizeof(t) - 1);
	assert_string_equal(R("关于做好防汛工作的通知\n\t一、工作要求。\n"
	    "淄教发〔2024〕7号 ≥ 𠀀\n"), t);
	assert_string_equal(R(""), "");
}

static void
test_escape_sequences_shown(void **state)
{
	(void)state;
	assert_string_equal(R("请各单位\033[2J于五月底前"),
	    "请各单位^[[2J于五月底前");
	/* an OSC title change, ended by BEL */
	assert_string_equal(R("\033]0;pwned\007x"), "^[]0;pwned^Gx");
	assert_string_equal(R("a\rb\bc\x7f\0d"), "a^Mb^Hc^?^@d");
	/* C1 CSI (U+009B) and NEL (U+0085): U+FFFD, the sequence's two
	 * bytes at once */
	assert_string_equal(R("x\xc2\x9b" "31my\xc2\x85"),
	    "x\xef\xbf\xbd" "31my\xef\xbf\xbd");
	/* U+00A0 follows C1 and is a character */
	assert_string_equal(R("a\xc2\xa0" "b"), "a\xc2\xa0" "b");
	assert_int_equal(termtext_plain("ab\033c", 4), 2);
}

static void
test_not_utf8_shown(void **state)
{
	(void)state;
	/* a raw 0x9B (CSI to an 8-bit terminal) */
	assert_string_equal(R("a\x9b" "2Jb"), "a\xef\xbf\xbd" "2Jb");
	/* GB18030 bytes, one U+FFFD each */
	assert_string_equal(R("\xb9\xab"), "\xef\xbf\xbd\xef\xbf\xbd");
	/* a truncated sequence at the end, and a lone C2 */
	assert_string_equal(R("a\xe9\x80"), "a\xef\xbf\xbd\xef\xbf\xbd");
	assert_string_equal(R("\xc2"), "\xef\xbf\xbd");
	/* an overlong ESC (C0 9B would be U+001B) */
	assert_string_equal(R("\xc0\x9b"), "\xef\xbf\xbd\xef\xbf\xbd");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_text_unchanged),
		cmocka_unit_test(test_escape_sequences_shown),
		cmocka_unit_test(test_not_utf8_shown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
