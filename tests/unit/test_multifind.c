/* Unit tests for multifind: one pass counts what memmem loops count. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "multifind.h"

/* The reference: memmem from the end of the previous match, to cap. */
static size_t
ref_count(const char *t, size_t n, const char *lit, size_t cap)
{
	const char	*p = t;
	size_t		 c = 0, l = strlen(lit);

	if (l == 0)
		return 0;
	while (c < cap && (p = memmem(p, n - (size_t)(p - t), lit, l)) != NULL) {
		c++;
		p += l;
	}
	return c;
}

static void
check(const char *const *v, size_t n, const char *t, size_t cap)
{
	struct multifind	*m;
	size_t			 counts[64], k;

	assert_true(n <= 64);
	assert_non_null(m = multifind_new(v, n));
	assert_int_equal(multifind_count(m, t, strlen(t), cap, counts), 0);
	for (k = 0; k < n; k++)
		assert_int_equal(counts[k], ref_count(t, strlen(t), v[k], cap));
	multifind_free(m);
}

static void
test_basic(void **state)
{
	const char *v[] = { "预算", "财政预算", "征收", "a", "aa", "", "预算",
	    "算", "教育" };

	(void)state;
	check(v, 9, "财政预算和预算执行；征收补偿aaaaa，算", 50);
	check(v, 9, "预算预算预算", 2);
	check(v, 9, "", 50);
	check(v, 9, "a", 50);
	check(v, 9, "教育", 0);
}

static void
test_random(void **state)
{
	static const char *alpha[] = { "a", "b", "预", "算", "征", "\xe3" };
	char		 t[400], words[20][16];
	const char	*v[20];
	size_t		 r, k, j, n;

	(void)state;
	srand(7);
	for (r = 0; r < 2000; r++) {
		for (k = 0; k < 20; k++) {
			words[k][0] = '\0';
			n = (size_t)rand() % 4;
			for (j = 0; j < n; j++)
				strcat(words[k], alpha[rand() % 6]);
			v[k] = words[k];
		}
		t[0] = '\0';
		n = (size_t)rand() % 60;
		for (j = 0; j < n; j++)
			strcat(t, alpha[rand() % 6]);
		check(v, 20, t, (size_t)rand() % 5 + 1);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
