/*
 * Unit tests for vault_tcache: a tree is returned only under its path
 * and id, a newer tree replaces an older one, the table grows past its
 * first size without losing an entry, and vtc_entry() walks well-formed
 * trees and refuses malformed ones without reading past their end.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vault_tcache.h"

static void
oid_of(unsigned char oid[VTC_OIDLEN], int n)
{
	memset(oid, 0, VTC_OIDLEN);
	memcpy(oid, &n, sizeof(n));
}

static void
test_get_put(void **state)
{
	struct vtc		*c = vtc_new();
	unsigned char		 o1[VTC_OIDLEN], o2[VTC_OIDLEN];
	const unsigned char	*b;
	size_t			 len;
	char			 path[32], data[32];
	int			 i;

	(void)state;
	oid_of(o1, 1);
	oid_of(o2, 2);
	assert_null(vtc_get(c, "records/", 8, o1, &len));
	vtc_put(c, "records/", 8, o1, (const unsigned char *)"one", 3);
	assert_non_null(b = vtc_get(c, "records/", 8, o1, &len));
	assert_int_equal(len, 3);
	assert_memory_equal(b, "one", 3);
	/* another id under the path, another path: nothing */
	assert_null(vtc_get(c, "records/", 8, o2, &len));
	assert_null(vtc_get(c, "records/0", 9, o1, &len));
	assert_null(vtc_get(c, "", 0, o1, &len));
	/* a newer tree replaces the older */
	vtc_put(c, "records/", 8, o2, (const unsigned char *)"second", 6);
	assert_null(vtc_get(c, "records/", 8, o1, &len));
	assert_non_null(b = vtc_get(c, "records/", 8, o2, &len));
	assert_memory_equal(b, "second", 6);
	assert_int_equal(vtc_count(c), 1);
	assert_int_equal(vtc_bytes(c), 6);
	/* the root ("") and a thousand paths: the table grows */
	vtc_put(c, "", 0, o1, (const unsigned char *)"", 0);
	for (i = 0; i < 1000; i++) {
		snprintf(path, sizeof(path), "records/%02x/", i);
		snprintf(data, sizeof(data), "tree %d", i);
		oid_of(o1, i + 10);
		vtc_put(c, path, strlen(path), o1, (const unsigned char *)data,
		    strlen(data));
	}
	assert_int_equal(vtc_count(c), 1002);
	for (i = 0; i < 1000; i++) {
		snprintf(path, sizeof(path), "records/%02x/", i);
		snprintf(data, sizeof(data), "tree %d", i);
		oid_of(o1, i + 10);
		assert_non_null(b = vtc_get(c, path, strlen(path), o1, &len));
		assert_int_equal(len, strlen(data));
		assert_memory_equal(b, data, len);
	}
	oid_of(o1, 1);
	assert_non_null(vtc_get(c, "", 0, o1, &len));
	assert_int_equal(len, 0);
	vtc_free(c);
}

/* The tree "t" at records/<a>/<i>/, with id i. */
static void
put_bottom(struct vtc *c, int a, int i)
{
	unsigned char	o[VTC_OIDLEN];
	char		path[32];

	snprintf(path, sizeof(path), "records/%02x/%02x/", a, i);
	oid_of(o, i);
	vtc_put(c, path, strlen(path), o, (const unsigned char *)"t", 1);
}

/* Whether records/<a>/<i>/ with id i is there. */
static int
has_bottom(struct vtc *c, int a, int i)
{
	unsigned char	o[VTC_OIDLEN];
	char		path[32];
	size_t		len;

	snprintf(path, sizeof(path), "records/%02x/%02x/", a, i);
	oid_of(o, i);
	return vtc_get(c, path, strlen(path), o, &len) != NULL;
}

/* A bounded cache keeps at most its bound, drops all for a new path past
 * it, and replacing a path it holds drops nothing. */
static void
test_bounded(void **state)
{
	struct vtc	*c = vtc_new_max(4);
	unsigned char	 o[VTC_OIDLEN];
	int		 i;

	(void)state;
	for (i = 0; i < 4; i++)
		put_bottom(c, 0, i);
	assert_int_equal(vtc_count(c), 4);
	/* the same path again, a new tree: still four */
	oid_of(o, 9);
	vtc_put(c, "records/00/03/", 14, o, (const unsigned char *)"tt", 2);
	assert_int_equal(vtc_count(c), 4);
	assert_int_equal(vtc_bytes(c), 5);
	assert_true(has_bottom(c, 0, 0));
	/* a fifth path: the others go */
	put_bottom(c, 0, 5);
	assert_int_equal(vtc_count(c), 1);
	assert_int_equal(vtc_bytes(c), 1);
	assert_false(has_bottom(c, 0, 0));
	assert_true(has_bottom(c, 0, 5));
	for (i = 0; i < 100; i++) {
		put_bottom(c, 1, i);
		assert_true(vtc_count(c) <= 4);
	}
	vtc_free(c);
}

static size_t
tree(unsigned char *buf, const char *mode, const char *name, int idbyte)
{
	size_t n = (size_t)sprintf((char *)buf, "%s %s", mode, name) + 1;

	memset(buf + n, idbyte, VTC_OIDLEN);
	return n + VTC_OIDLEN;
}

static void
test_entry(void **state)
{
	unsigned char		 buf[256];
	const unsigned char	*id;
	const char		*name;
	size_t			 len, off = 0, nlen, cut;
	unsigned int		 mode;

	(void)state;
	len = tree(buf, "40000", "0a", 0x11);
	len += tree(buf + len, "100644", "text.txt", 0x22);
	assert_int_equal(vtc_entry(buf, len, &off, &mode, &name, &nlen, &id), 1);
	assert_int_equal(mode, 040000);
	assert_int_equal(nlen, 2);
	assert_memory_equal(name, "0a", 2);
	assert_int_equal(id[0], 0x11);
	assert_int_equal(vtc_entry(buf, len, &off, &mode, &name, &nlen, &id), 1);
	assert_int_equal(mode, 0100644);
	assert_memory_equal(name, "text.txt", 8);
	assert_int_equal(id[19], 0x22);
	assert_int_equal(vtc_entry(buf, len, &off, &mode, &name, &nlen, &id), 0);
	/* every truncation of a one-entry tree is refused or empty */
	len = tree(buf, "100644", "a", 0x33);
	for (cut = 1; cut < len; cut++) {
		off = 0;
		assert_int_equal(vtc_entry(buf, cut, &off, &mode, &name, &nlen,
		    &id), -1);
	}
	/* no mode, a bad digit, no name, no space */
	off = 0;
	len = tree(buf, "", "a", 1);
	assert_int_equal(vtc_entry(buf, len, &off, &mode, &name, &nlen, &id),
	    -1);
	off = 0;
	len = tree(buf, "100648", "a", 1);
	assert_int_equal(vtc_entry(buf, len, &off, &mode, &name, &nlen, &id),
	    -1);
	off = 0;
	len = tree(buf, "100644", "", 1);
	assert_int_equal(vtc_entry(buf, len, &off, &mode, &name, &nlen, &id),
	    -1);
	off = 0;
	memcpy(buf, "100644a\0", 8);
	memset(buf + 8, 1, VTC_OIDLEN);
	assert_int_equal(vtc_entry(buf, 8 + VTC_OIDLEN, &off, &mode, &name,
	    &nlen, &id), -1);
	/* a mode too long to be one */
	off = 0;
	len = tree(buf, "7777777777777", "a", 1);
	assert_int_equal(vtc_entry(buf, len, &off, &mode, &name, &nlen, &id),
	    -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_get_put),
		cmocka_unit_test(test_bounded),
		cmocka_unit_test(test_entry),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
