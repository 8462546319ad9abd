/* Unit tests for spoolread: which read errors are retried, the backoff
 * of a file, a spool/ that cannot be listed is not "empty", and the
 * first names of a listing kept between batches (spoolread_next). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "log.h"
#include "spoolread.h"

static void
test_transient(void **state)
{
	(void)state;
	assert_true(spoolread_transient(EIO));
	assert_true(spoolread_transient(ENOMEM));
	assert_true(spoolread_transient(EINTR));
	assert_true(spoolread_transient(EMFILE));
	/* the file's own fault: quarantine */
	assert_false(spoolread_transient(ELOOP));
	assert_false(spoolread_transient(EACCES));
	assert_false(spoolread_transient(EISDIR));
}

static void
test_backoff(void **state)
{
	struct spoolread	*sr = spoolread_new();
	int64_t			 ms;

	(void)state;
	assert_non_null(sr);
	assert_true(spoolread_next_ms(sr) == -1);
	assert_false(spoolread_waiting(sr, "a"));
	spoolread_failed(sr, "a", "read error: Input/output error");
	assert_true(spoolread_waiting(sr, "a"));
	assert_false(spoolread_waiting(sr, "b"));
	ms = spoolread_next_ms(sr);
	assert_true(ms > 0 && ms <= 1000);
	spoolread_failed(sr, "a", "again");
	ms = spoolread_next_ms(sr);
	assert_true(ms > 1000 && ms <= 2000);
	spoolread_ok(sr, "a");
	assert_false(spoolread_waiting(sr, "a"));
	assert_true(spoolread_next_ms(sr) == -1);
	spoolread_free(sr);
}

static void
test_list(void **state)
{
	struct spoolread	*sr = spoolread_new();
	char			 dir[] = "/tmp/test_spoolread.XXXXXX", path[64];
	char			**names;
	size_t			 n, i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/b", dir);
	fclose(fopen(path, "w"));
	snprintf(path, sizeof(path), "%s/a", dir);
	fclose(fopen(path, "w"));
	snprintf(path, sizeof(path), "%s/.docketd-probe.1", dir);
	fclose(fopen(path, "w"));
	spoolread_failed(sr, "gone", "EIO");
	assert_int_equal(spoolread_list(sr, dir, &names, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(names[0], "a");
	assert_string_equal(names[1], "b");
	/* a file no longer there is forgotten */
	assert_true(spoolread_next_ms(sr) == -1);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	/* a directory that cannot be opened: -1, and a retry is due */
	snprintf(path, sizeof(path), "%s/none", dir);
	assert_int_equal(spoolread_list(sr, path, &names, &n), -1);
	assert_null(names);
	assert_int_equal(n, 0);
	assert_true(spoolread_next_ms(sr) >= 0);
	snprintf(path, sizeof(path), "%s/a", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/b", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/.docketd-probe.1", dir);
	unlink(path);
	/* readable again: no retry waits */
	assert_int_equal(spoolread_list(sr, dir, &names, &n), 0);
	assert_int_equal(n, 0);
	free(names);
	assert_true(spoolread_next_ms(sr) == -1);
	rmdir(dir);
	spoolread_free(sr);
}

/*
 * spoolread_list_first keeps the max smallest names, in order, whatever
 * the order of the directory; spoolread_next serves them over several
 * batches and lists again only when they are used up or dropped.
 */
static void
test_next(void **state)
{
	struct spoolread	*sr = spoolread_new();
	char			 dir[] = "/tmp/test_spoolread.XXXXXX", path[64];
	char			**names, **all;
	size_t			 n, nall, total, i, max;
	int			 fresh, k, perm[200];

	(void)state;
	assert_non_null(mkdtemp(dir));
	for (k = 0; k < 200; k++)
		perm[k] = k;
	srandom(7);
	for (k = 199; k > 0; k--) {
		int j = (int)(random() % (k + 1)), t = perm[k];

		perm[k] = perm[j];
		perm[j] = t;
	}
	for (k = 0; k < 200; k++) {
		snprintf(path, sizeof(path), "%s/%013d-claim", dir,
		    perm[k] * 7 + 3);
		fclose(fopen(path, "w"));
	}
	assert_int_equal(spoolread_list(sr, dir, &all, &nall), 0);
	assert_int_equal(nall, 200);
	for (max = 1; max <= 210; max += 13) {
		assert_int_equal(spoolread_list_first(sr, dir, max, &names, &n,
		    &total), 0);
		assert_int_equal(total, 200);
		assert_int_equal(n, max < 200 ? max : 200);
		for (i = 0; i < n; i++) {
			assert_string_equal(names[i], all[i]);
			free(names[i]);
		}
		free(names);
	}
	/* batches of 5 over a kept listing of 8 */
	assert_int_equal(spoolread_next(sr, dir, 8, &names, &n, &fresh), 0);
	assert_true(fresh);
	assert_int_equal(n, 200);
	assert_int_equal(spoolread_kept(sr), 8);
	assert_string_equal(names[0], all[0]);
	for (i = 0; i < 5; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	spoolread_taken(sr, 5);
	assert_int_equal(spoolread_next(sr, dir, 8, &names, &n, &fresh), 0);
	assert_false(fresh);
	assert_int_equal(n, 195);
	assert_int_equal(spoolread_kept(sr), 3);
	assert_string_equal(names[0], all[5]);
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	spoolread_taken(sr, 5);		/* more than kept: all of it */
	assert_int_equal(spoolread_kept(sr), 0);
	assert_int_equal(spoolread_next(sr, dir, 8, &names, &n, &fresh), 0);
	assert_true(fresh);
	assert_int_equal(n, 192);
	assert_string_equal(names[0], all[8]);
	/* dropped: listed again, from the directory as it is */
	snprintf(path, sizeof(path), "%s/%s", dir, all[8]);
	unlink(path);
	spoolread_relist(sr);
	assert_int_equal(spoolread_next(sr, dir, 8, &names, &n, &fresh), 0);
	assert_true(fresh);
	assert_int_equal(n, 191);
	assert_string_equal(names[0], all[9]);
	for (i = 0; i < nall; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, all[i]);
		unlink(path);
		free(all[i]);
	}
	free(all);
	spoolread_relist(sr);
	assert_int_equal(spoolread_next(sr, dir, 8, &names, &n, &fresh), 0);
	assert_int_equal(n, 0);
	assert_int_equal(spoolread_kept(sr), 0);
	rmdir(dir);
	spoolread_free(sr);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transient),
		cmocka_unit_test(test_backoff),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_next),
	};

	log_init(1, 0, "test_spoolread");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
