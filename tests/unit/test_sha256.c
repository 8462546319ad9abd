/* Unit tests for sha256: FIPS 180-4 test vectors and streaming. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "sha256.h"

static void
test_vectors(void **state)
{
	char	hex[SHA256_HEX_LEN + 1];

	sha256_hex("", 0, hex);
	assert_string_equal(hex,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	sha256_hex("abc", 3, hex);
	assert_string_equal(hex,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	    56, hex);
	assert_string_equal(hex,
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void
test_streaming_equals_oneshot(void **state)
{
	static unsigned char	buf[1000003];
	struct dsha256	c;
	uint8_t			d[SHA256_DIGEST_LEN];
	char			a[SHA256_HEX_LEN + 1], b[SHA256_HEX_LEN + 1];
	size_t			i, off, step;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)(i * 131 + 7);
	sha256_hex(buf, sizeof(buf), a);
	dsha256_init(&c);
	for (off = 0, step = 1; off < sizeof(buf); off += step, step = step * 3 % 997 + 1)
		dsha256_update(&c, buf + off, off + step > sizeof(buf) ?
		    sizeof(buf) - off : step);
	dsha256_final(&c, d);
	for (i = 0; i < SHA256_DIGEST_LEN; i++)
		snprintf(b + 2 * i, 3, "%02x", d[i]);
	assert_string_equal(a, b);
}

static void
test_million_a(void **state)
{
	static char	buf[1000000];
	char		hex[SHA256_HEX_LEN + 1];

	memset(buf, 'a', sizeof(buf));
	sha256_hex(buf, sizeof(buf), hex);
	assert_string_equal(hex,
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_streaming_equals_oneshot),
		cmocka_unit_test(test_million_a),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
