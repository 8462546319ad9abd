/*
 * fixture: read a test fixture, tests/data/NAME (DOCKET_TEST_DATA, set by
 * `make check`, overrides the directory).  For cmocka tests; the buffer is
 * NUL-terminated and its length goes to *len.
 */
#ifndef DOCKET_TEST_FIXTURE_H
#define DOCKET_TEST_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

static char *
fixture_read(const char *name, size_t *len)
{
	const char	*dir = getenv("DOCKET_TEST_DATA");
	char		 path[1024], *buf;
	FILE		*f;
	long		 n;

	if (dir == NULL || *dir == '\0')
		dir = "tests/data";
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "rb")) == NULL)
		fail_msg("cannot open fixture %s", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

#endif
