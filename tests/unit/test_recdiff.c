/*
 * Unit tests for recdiff: equal records give nothing; a changed, an added
 * (null or absent before) and a removed field each give one entry with
 * the right change, in the new record's key order, removed ones last;
 * the version's own fields are left out; arrays and objects compare by
 * value; the result owns copies.  recdiff_text: labels for disclosure,
 * status and flags, 是/否, arrays joined with "，", （无） for null and
 * empty, numbers, objects as compact JSON, newlines made spaces.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>

#include "recdiff.h"

static json_t *
load(const char *s)
{
	json_error_t	 e;
	json_t		*j = json_loads(s, JSON_PRESERVE_ORDER, &e);

	assert_non_null(j);
	return j;
}

/* The diff as "field:change" joined by spaces, for one comparison. */
static char *
summary(json_t *d)
{
	static char	 buf[1024];
	json_t		*e;
	size_t		 i, o = 0;

	buf[0] = '\0';
	json_array_foreach(d, i, e)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s:%s",
		    i ? " " : "", json_string_value(json_object_get(e, "field")),
		    json_string_value(json_object_get(e, "change")));
	return buf;
}

static void
test_equal(void **state)
{
	json_t	*a = load("{\"id\":\"D000001\",\"title\":\"通知\",\"flags\":[\"x\"]}");
	json_t	*b = load("{\"id\":\"D000001\",\"flags\":[\"x\"],\"title\":\"通知\"}");
	json_t	*d;

	(void)state;
	d = recdiff(a, b);
	assert_non_null(d);
	assert_int_equal(json_array_size(d), 0);
	json_decref(d);
	json_decref(a);
	json_decref(b);
}

static void
test_changes(void **state)
{
	json_t	*a = load("{\"id\":\"D000001\",\"version\":1,\"title\":\"甲\","
	    "\"signer\":null,\"cc\":[\"a\",\"b\"],\"hold\":false,"
	    "\"gone\":\"x\",\"sha256\":\"aa\",\"size\":10,\"domain\":\"教育\"}");
	json_t	*b = load("{\"id\":\"D000001\",\"version\":2,\"cc\":[\"a\"],"
	    "\"title\":\"乙\",\"signer\":\"张三\",\"hold\":false,"
	    "\"sha256\":\"bb\",\"size\":11,\"domain\":null,"
	    "\"commit\":\"c\",\"received_at\":\"t\"}");
	json_t	*d, *e;

	(void)state;
	d = recdiff(a, b);
	assert_non_null(d);
	assert_string_equal(summary(d), "cc:changed title:changed "
	    "signer:added domain:removed gone:removed");
	e = json_array_get(d, 1);
	assert_string_equal(json_string_value(json_object_get(e, "from")),
	    "甲");
	assert_string_equal(json_string_value(json_object_get(e, "to")), "乙");
	e = json_array_get(d, 2);
	assert_true(json_is_null(json_object_get(e, "from")));
	e = json_array_get(d, 3);
	assert_true(json_is_null(json_object_get(e, "to")));
	assert_string_equal(json_string_value(json_object_get(e, "from")),
	    "教育");
	/* Copies: the records can go first. */
	json_decref(a);
	json_decref(b);
	e = json_array_get(d, 0);
	assert_int_equal(json_array_size(json_object_get(e, "from")), 2);
	assert_int_equal(json_array_size(json_object_get(e, "to")), 1);
	json_decref(d);
}

static void
test_skipped(void **state)
{
	(void)state;
	assert_true(recdiff_skipped("version"));
	assert_true(recdiff_skipped("commit"));
	assert_true(recdiff_skipped("sha256"));
	assert_true(recdiff_skipped("received_at"));
	assert_true(recdiff_skipped("size"));
	assert_false(recdiff_skipped("title"));
	assert_false(recdiff_skipped("source_name"));
	assert_false(recdiff_skipped("format"));
}

static void
check_text(const char *key, const char *json, const char *want)
{
	json_t	*v = json != NULL ? json_loads(json, JSON_DECODE_ANY, NULL) :
		    NULL;
	char	*s = recdiff_text(key, v);

	assert_string_equal(s, want);
	free(s);
	json_decref(v);
}

static void
test_text(void **state)
{
	(void)state;
	check_text("title", "\"关于……的通知\"", "关于……的通知");
	check_text("disclosure", "\"withheld\"", "不予公开");
	check_text("status", "\"repealed\"", "已废止");
	check_text("flags", "[\"no_docno\",\"classified\"]", "无发文字号，涉密");
	check_text("flags", "[]", "（无）");
	check_text("cc", "[\"市财政局\",\"市税务局\"]", "市财政局，市税务局");
	check_text("hold", "true", "是");
	check_text("published", "false", "否");
	check_text("signer", "null", "（无）");
	check_text("signer", NULL, "（无）");
	check_text("copy_no", "12", "12");
	check_text("publish_lag", "{\"workdays\":3}", "{\"workdays\":3}");
	check_text("title", "\"第一行\\n第二行\\t\"", "第一行 第二行 ");
	/* An unknown value keeps its English. */
	check_text("disclosure", "\"secret_new\"", "secret_new");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_equal),
		cmocka_unit_test(test_changes),
		cmocka_unit_test(test_skipped),
		cmocka_unit_test(test_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
