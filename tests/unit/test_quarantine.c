/*
 * Unit tests for quarantine: a refused file and its one-line reason, the
 * reason line read back (cause, where it was dropped, agency), the list's
 * order and numbers, a lookup by number or name, the names a request may
 * give, and the two ways out — retry into intake/[agency/]NAME (the
 * folder made when missing, never over an existing file) and drop.
 * Everything happens in a mkdtemp directory.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "quarantine.h"

struct fx {
	char	root[64], q[96], in[96], src[128];
};

static void
put(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	snprintf(f->root, sizeof(f->root), "/tmp/test_quarantine.XXXXXX");
	assert_non_null(mkdtemp(f->root));
	snprintf(f->q, sizeof(f->q), "%s/quarantine", f->root);
	snprintf(f->in, sizeof(f->in), "%s/intake", f->root);
	assert_int_equal(mkdir(f->q, 0700), 0);
	assert_int_equal(mkdir(f->in, 0700), 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*f = *state;
	char		 cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->root);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

/* Quarantine a new file with this content, dropped at intake/FROM. */
static void
refuse(struct fx *f, const char *name, const char *from, const char *reason,
    char *out, size_t outlen)
{
	snprintf(f->src, sizeof(f->src), "%s/spoolfile", f->root);
	put(f->src, "content\n");
	assert_int_equal(quarantine_move_from(f->q, f->src, name, from, reason,
	    out, outlen), 0);
}

static const char *
str(json_t *e, const char *k)
{
	return json_string_value(json_object_get(e, k));
}

static void
test_reason_line(void **state)
{
	struct fx	*f = *state;
	char		 out[256], path[300], line[1024];
	FILE		*fp;

	refuse(f, "big.txt", "财政局/big.txt", "too large", out, sizeof(out));
	snprintf(path, sizeof(path), "%s.reason", out);
	assert_non_null(fp = fopen(path, "r"));
	assert_non_null(fgets(line, sizeof(line), fp));
	assert_null(fgets(line + strlen(line), 8, fp));	/* one line */
	fclose(fp);
	assert_memory_equal(line, "too large (at ", 14);
	assert_non_null(strstr(line, ", from intake/财政局/big.txt)\n"));
}

/* A reason too long for the line is cut, on a character; where the file
 * came from is whole, so the list still names its agency. */
static void
test_long_reason(void **state)
{
	struct fx	*f = *state;
	char		 reason[3000], err[256];
	json_t		*l, *e;
	size_t		 i;

	for (i = 0; i + 3 < sizeof(reason); i += 3)
		memcpy(reason + i, "因", 3);
	reason[i] = '\0';
	refuse(f, "long.txt", "财政局/long.txt", reason, NULL, 0);
	assert_non_null(l = quarantine_list(f->q, err, sizeof(err)));
	assert_int_equal(json_array_size(l), 1);
	e = json_array_get(l, 0);
	assert_string_equal(str(e, "agency"), "财政局");
	assert_string_equal(str(e, "source_name"), "long.txt");
	assert_true(strlen(str(e, "reason")) > 1500);
	assert_int_equal(strlen(str(e, "reason")) % 3, 0);	/* whole 因 */
	assert_memory_equal(str(e, "reason"), reason,
	    strlen(str(e, "reason")));
	json_decref(l);
}

static void
test_list(void **state)
{
	struct fx	*f = *state;
	json_t		*l, *e;
	char		 err[256], path[300];

	/* from: intake itself, an agency, nested below an agency */
	refuse(f, "a.txt", NULL, "empty", NULL, 0);
	refuse(f, ".hidden.txt", "教育局/.hidden.txt", "unsupported (at "
	    "night)", NULL, 0);
	refuse(f, "deep.txt", "教育局/sub/deep.txt", "nested too deep", NULL,
	    0);
	/* the same name again: kept apart as a.txt.1 */
	refuse(f, "a.txt", "财政局/a.txt", "empty", NULL, 0);
	/* a legacy reason line (before "from"), and a stray .tmp */
	snprintf(path, sizeof(path), "%s/old.docx.2", f->q);
	put(path, "x");
	snprintf(path, sizeof(path), "%s/old.docx.2.reason", f->q);
	put(path, "not a zip (at 2026-01-01T00:00:00+0800)\n");
	snprintf(path, sizeof(path), "%s/x.reason.tmp", f->q);
	put(path, "x");

	assert_non_null(l = quarantine_list(f->q, err, sizeof(err)));
	assert_int_equal(json_array_size(l), 5);
	/* numbered 1..n in order */
	for (size_t i = 0; i < json_array_size(l); i++)
		assert_int_equal(json_integer_value(json_object_get(
		    json_array_get(l, i), "n")), (json_int_t)i + 1);

	assert_non_null(e = quarantine_find(l, "a.txt"));
	assert_string_equal(str(e, "source_name"), "a.txt");
	assert_true(json_is_null(json_object_get(e, "agency")));
	assert_string_equal(str(e, "reason"), "empty");
	assert_int_equal(json_integer_value(json_object_get(e, "size")), 8);

	assert_non_null(e = quarantine_find(l, "a.txt.1"));
	assert_string_equal(str(e, "source_name"), "a.txt");
	assert_string_equal(str(e, "agency"), "财政局");

	/* a dot-name is kept visible (intake ignores dot-names); the
	 * reason may hold " (at " */
	assert_non_null(e = quarantine_find(l, "hidden.txt"));
	assert_string_equal(str(e, "source_name"), "hidden.txt");
	assert_string_equal(str(e, "agency"), "教育局");
	assert_string_equal(str(e, "reason"), "unsupported (at night)");

	assert_non_null(e = quarantine_find(l, "deep.txt"));
	assert_string_equal(str(e, "agency"), "教育局");
	assert_string_equal(str(e, "source_name"), "deep.txt");

	assert_non_null(e = quarantine_find(l, "old.docx.2"));
	assert_string_equal(str(e, "source_name"), "old.docx");
	assert_string_equal(str(e, "reason"), "not a zip");
	assert_true(json_is_null(json_object_get(e, "agency")));

	/* by number */
	assert_ptr_equal(quarantine_find(l, "1"), json_array_get(l, 0));
	assert_ptr_equal(quarantine_find(l, "5"), json_array_get(l, 4));
	assert_null(quarantine_find(l, "0"));
	assert_null(quarantine_find(l, "6"));
	assert_null(quarantine_find(l, "x.reason.tmp"));
	assert_null(quarantine_find(l, ""));
	json_decref(l);

	assert_null(quarantine_list("/nonexistent/q", err, sizeof(err)));
	assert_non_null(strstr(err, "/nonexistent/q"));
}

static void
test_name_ok(void **state)
{
	(void)state;
	assert_true(quarantine_name_ok("a.txt"));
	assert_true(quarantine_name_ok("关于印发.docx.1"));
	assert_false(quarantine_name_ok(""));
	assert_false(quarantine_name_ok(".a.txt"));
	assert_false(quarantine_name_ok("../a.txt"));
	assert_false(quarantine_name_ok("sub/a.txt"));
	assert_false(quarantine_name_ok("a.txt.reason"));
	assert_false(quarantine_name_ok("a.txt.reason.tmp"));
	assert_false(quarantine_name_ok(".."));
}

static void
test_retry_and_drop(void **state)
{
	struct fx	*f = *state;
	json_t		*l, *e;
	char		 err[256], to[256], path[300];
	struct stat	 sb;

	refuse(f, "big.txt", "财政局/big.txt", "too large", NULL, 0);
	refuse(f, "c.txt", NULL, "empty", NULL, 0);
	refuse(f, "d.txt", NULL, "junk", NULL, 0);
	assert_non_null(l = quarantine_list(f->q, err, sizeof(err)));

	/* into the agency folder, made on the way */
	e = quarantine_find(l, "big.txt");
	assert_int_equal(quarantine_retry(f->q, f->in, e, to, sizeof(to)), 0);
	assert_string_equal(to, "财政局/big.txt");
	snprintf(path, sizeof(path), "%s/财政局/big.txt", f->in);
	assert_int_equal(stat(path, &sb), 0);
	snprintf(path, sizeof(path), "%s/big.txt", f->q);
	assert_int_equal(stat(path, &sb), -1);
	snprintf(path, sizeof(path), "%s/big.txt.reason", f->q);
	assert_int_equal(stat(path, &sb), -1);
	/* a second time: gone */
	assert_int_equal(quarantine_retry(f->q, f->in, e, to, sizeof(to)), -1);
	assert_int_equal(errno, ENOENT);

	/* never over a file intake holds */
	snprintf(path, sizeof(path), "%s/c.txt", f->in);
	put(path, "other\n");
	e = quarantine_find(l, "c.txt");
	assert_int_equal(quarantine_retry(f->q, f->in, e, to, sizeof(to)), -1);
	assert_int_equal(errno, EEXIST);
	snprintf(path, sizeof(path), "%s/c.txt.reason", f->q);
	assert_int_equal(stat(path, &sb), 0);

	/* drop: the file and its reason */
	assert_int_equal(quarantine_drop(f->q, "d.txt"), 0);
	snprintf(path, sizeof(path), "%s/d.txt", f->q);
	assert_int_equal(stat(path, &sb), -1);
	snprintf(path, sizeof(path), "%s/d.txt.reason", f->q);
	assert_int_equal(stat(path, &sb), -1);
	assert_int_equal(quarantine_drop(f->q, "d.txt"), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(quarantine_drop(f->q, "../intake/c.txt"), -1);
	assert_int_equal(errno, EINVAL);
	json_decref(l);
}

static void
test_sha256(void **state)
{
	struct fx	*f = *state;
	char		 hex[65], path[300];

	snprintf(path, sizeof(path), "%s/abc", f->q);
	put(path, "abc");
	assert_int_equal(quarantine_sha256(f->q, "abc", hex), 0);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	assert_int_equal(quarantine_sha256(f->q, "none", hex), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reason_line, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_reason, setup,
		    teardown),
		cmocka_unit_test(test_name_ok),
		cmocka_unit_test_setup_teardown(test_retry_and_drop, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_sha256, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
