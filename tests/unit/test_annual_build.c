/*
 * Unit tests for the annual report's plumbing that needs no LMDB: the
 * values `annual-report set` takes (annual_value_parse, one stored form
 * per amount), the years, the vault paths, and the notes file
 * (annual_notes: sections, a BOM, a file that is not UTF-8, a missing
 * file or section each a placeholder naming the file).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "annual_build.h"
#include "annual_cmd.h"
#include "config.h"
#include "config_annual.h"

/* text of the stored value, or "NULL" */
static const char *
parsed(const char *key, const char *text)
{
	static char	 buf[64];
	char		 err[256];
	json_t		*v = annual_value_parse(key, text, err, sizeof(err));

	if (v == NULL) {
		assert_true(err[0] != '\0');
		return "NULL";
	}
	if (json_is_integer(v))
		snprintf(buf, sizeof(buf), "%lld", (long long)
		    json_integer_value(v));
	else
		snprintf(buf, sizeof(buf), "\"%s\"", json_string_value(v));
	json_decref(v);
	return buf;
}

static void
test_values(void **state)
{
	char err[256];

	(void)state;
	assert_string_equal(parsed("permits", "120"), "120");
	assert_string_equal(parsed("penalties", "0"), "0");
	assert_string_equal(parsed("enforcement", "007"), "7");
	assert_string_equal(parsed("permits", "999999999999"), "999999999999");
	assert_string_equal(parsed("permits", "1000000000000"), "NULL");
	assert_string_equal(parsed("permits", "-1"), "NULL");
	assert_string_equal(parsed("permits", "1.5"), "NULL");
	assert_string_equal(parsed("permits", ""), "NULL");
	assert_string_equal(parsed("permits", "12a"), "NULL");
	assert_string_equal(parsed("permits", NULL), "NULL");
	assert_string_equal(parsed("charges", "12.5"), "\"12.5\"");
	assert_string_equal(parsed("charges", "012.50"), "\"12.5\"");
	assert_string_equal(parsed("charges", "12.0000"), "\"12\"");
	assert_string_equal(parsed("charges", "0.0001"), "\"0.0001\"");
	assert_string_equal(parsed("charges", "000"), "\"0\"");
	assert_string_equal(parsed("charges", "1.23456"), "NULL");
	assert_string_equal(parsed("charges", ".5"), "NULL");
	assert_string_equal(parsed("charges", "5."), "NULL");
	assert_string_equal(parsed("charges", "1,5"), "NULL");
	assert_string_equal(parsed("charges", "-0.5"), "NULL");
	assert_string_equal(parsed("permit", "1"), "NULL");
	assert_string_equal(parsed(NULL, "1"), "NULL");
	assert_true(annual_key_known("charges"));
	assert_false(annual_key_known("fees"));
	assert_int_equal(annual_year_check(2008, 2026, err, sizeof(err)), 0);
	assert_int_equal(annual_year_check(2026, 2026, err, sizeof(err)), 0);
	assert_int_equal(annual_year_check(2007, 2026, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "2008"));
	assert_int_equal(annual_year_check(2027, 2026, err, sizeof(err)), -1);
}

static void
test_paths(void **state)
{
	char buf[SITE_PATH_MAX];

	(void)state;
	annual_slug(NULL, buf);
	assert_string_equal(buf, "_all");
	annual_slug("财政局", buf);
	assert_int_equal(strlen(buf), 13);
	assert_int_equal(buf[0], 'a');
	annual_path(2025, NULL, "json", buf);
	assert_string_equal(buf, "annual/2025/_all.json");
	annual_path(2025, NULL, "md", buf);
	assert_string_equal(buf, "annual/2025/_all.md");
	annual_values_path(2025, buf);
	assert_string_equal(buf, "annual/2025/values.jsonl");
	/* never a name replay takes for a record */
	assert_null(strstr(buf, "record.json"));
	assert_null(strstr(buf, "events.jsonl"));
}

static char dir[64];

static void
put(const char *name, const char *text, size_t len)
{
	char	 path[128];
	FILE	*fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(fp = fopen(path, "w"));
	assert_int_equal(fwrite(text, 1, len, fp), len);
	fclose(fp);
}

static void
gone(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_int_equal(unlink(path), 0);
}

static const char *
S(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static void
test_notes(void **state)
{
	struct config_annual	 a;
	json_t			*n;
	char			 want[256];
	static const char	 sections[] = "开头一段。\n\n"
	    "[问题与改进]\n问题一。\n\n【其他事项】\n无。\n"
	    "  [总体情况]  \n第二段。\n";
	static const char	 gbk[] = "\xb1\xbe\xc4\xea\xb6\xc8";	/* 本年度 */

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/docket-annual-XXXXXX");
	assert_non_null(mkdtemp(dir));
	memset(&a, 0, sizeof(a));
	snprintf(a.notes_dir, sizeof(a.notes_dir), "%s", dir);

	/* missing: every section a placeholder naming the file */
	n = annual_notes(&a, 2025, "财政局");
	assert_false(json_is_true(json_object_get(n, "found")));
	snprintf(want, sizeof(want), "（本部分由政府信息公开工作机构填写：%s/"
	    "2025-财政局.md）", dir);
	assert_string_equal(S(n, "overview"), want);
	assert_string_equal(S(n, "other"), want);
	assert_int_equal(json_array_size(json_object_get(n, "placeholders")),
	    3);
	json_decref(n);

	/* text before a marker is 一's; a marker twice adds to it */
	put("2025-财政局.md", sections, sizeof(sections) - 1);
	n = annual_notes(&a, 2025, "财政局");
	assert_true(json_is_true(json_object_get(n, "found")));
	assert_string_equal(S(n, "overview"), "开头一段。\n\n第二段。");
	assert_string_equal(S(n, "problems"), "问题一。");
	assert_string_equal(S(n, "other"), "无。");
	assert_int_equal(json_array_size(json_object_get(n, "placeholders")),
	    0);
	json_decref(n);

	/* the government's, with a BOM and CRLF, one section */
	put("2025.md", "\xef\xbb\xbf[其他事项]\r\n无。\r\n",
	    strlen("\xef\xbb\xbf[其他事项]\r\n无。\r\n"));
	n = annual_notes(&a, 2025, NULL);
	assert_string_equal(S(n, "other"), "无。");
	snprintf(want, sizeof(want), "（本部分由政府信息公开工作机构填写：%s/"
	    "2025.md 中的 [总体情况]）", dir);
	assert_string_equal(S(n, "overview"), want);
	json_decref(n);

	/* GBK: not used, and the placeholder says why */
	put("2024-财政局.md", gbk, sizeof(gbk) - 1);
	n = annual_notes(&a, 2024, "财政局");
	assert_false(json_is_true(json_object_get(n, "found")));
	assert_non_null(strstr(S(n, "error"), "UTF-8"));
	assert_non_null(strstr(S(n, "overview"), "该文件不是 UTF-8"));
	json_decref(n);

	/* an agency name is never a way out of the directory */
	n = annual_notes(&a, 2025, "../x");
	assert_false(json_is_true(json_object_get(n, "found")));
	json_decref(n);

	gone("2025-财政局.md");
	gone("2025.md");
	gone("2024-财政局.md");
	assert_int_equal(rmdir(dir), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_notes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
