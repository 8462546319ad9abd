/*
 * Unit tests for label: the agreed Chinese labels (TEAM.md), every known
 * value turns into Chinese with no ASCII left, labels of one kind are
 * distinct, an unknown value comes back as itself (the same pointer) and
 * NULL stays NULL.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "label.h"

typedef const char *(*label_fn)(const char *);

static const char *const disclosures[] = { "public", "on_request",
	"withheld", "undetermined", NULL };
static const char *const statuses[] = { "in_force", "expired", "repealed",
	"cleaned", NULL };
static const char *const flags[] = { "classified", "no_marking",
	"conflicting_markings", "missing_reason", "no_docno", "no_title",
	"no_date", "review_overdue", NULL };
static const char *const actions[] = { "register", "version", "mark",
	"review_keep", "review_release", "repeal", "unrepeal", "hold",
	"unhold", "expire", "review_overdue", "clean", "restore",
	"quarantine_retry", "quarantine_drop", NULL };

static int
has_ascii_letter(const char *s)
{
	for (; *s; s++)
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    *s == '_')
			return 1;
	return 0;
}

static void
check_kind(label_fn fn, const char *const *vals)
{
	size_t i, j;

	for (i = 0; vals[i] != NULL; i++) {
		const char *l = fn(vals[i]);

		assert_non_null(l);
		assert_true(l != vals[i]);
		assert_false(has_ascii_letter(l));
		for (j = 0; j < i; j++)
			assert_string_not_equal(l, fn(vals[j]));
	}
	assert_null(fn(NULL));
}

static void
test_known(void **state)
{
	(void)state;
	check_kind(label_disclosure, disclosures);
	check_kind(label_status, statuses);
	check_kind(label_flag, flags);
	check_kind(label_action, actions);
}

static void
test_agreed(void **state)
{
	(void)state;
	/* The words the interface in TEAM.md fixes. */
	assert_string_equal(label_disclosure("public"), "公开");
	assert_string_equal(label_disclosure("on_request"), "依申请公开");
	assert_string_equal(label_disclosure("withheld"), "不予公开");
	assert_string_equal(label_disclosure("undetermined"), "待定");
	assert_string_equal(label_status("in_force"), "在用");
	assert_string_equal(label_status("expired"), "已失效");
	assert_string_equal(label_status("repealed"), "已废止");
	assert_string_equal(label_status("cleaned"), "已清理");
	assert_string_equal(label_flag("classified"), "涉密");
	assert_string_equal(label_action("register"), "登记");
	assert_string_equal(label_action("hold"), "冻结");
	assert_string_equal(label_action("restore"), "恢复效力");
	/* The flag's word, OCR kept as the report says it. */
	assert_string_equal(label_flag("ocr_check"), "OCR识别待核对");
	assert_string_equal(label_action("ocr_checked"), "OCR识别已核对");
}

static void
test_unknown(void **state)
{
	static const char v[] = "something_new";

	(void)state;
	assert_ptr_equal(label_disclosure(v), v);
	assert_ptr_equal(label_status(v), v);
	assert_ptr_equal(label_flag(v), v);
	assert_ptr_equal(label_action(v), v);
	/* A value of another kind is not this kind's. */
	assert_string_equal(label_status("public"), "public");
	assert_string_equal(label_disclosure(""), "");
}

/* A domain rule in words: each part labelled, an unknown part kept. */
static void
test_domain_rule(void **state)
{
	char	buf[256];

	(void)state;
	label_domain_rule("agency:农业农村", buf, sizeof(buf));
	assert_string_equal(buf, "发文机关含“农业农村”");
	label_domain_rule("title:低保+body:救助", buf, sizeof(buf));
	assert_string_equal(buf, "标题含“低保”，正文含“救助”");
	label_domain_rule("title:低保+agency:民政", buf, sizeof(buf));
	assert_string_equal(buf, "标题含“低保”，发文机关含“民政”");
	label_domain_rule("other:x+title:", buf, sizeof(buf));
	assert_string_equal(buf, "other:x，title:");
	label_domain_rule("", buf, sizeof(buf));
	assert_string_equal(buf, "");
	/* cut to the buffer, still a string */
	label_domain_rule("title:低保+body:救助", buf, 8);
	assert_true(strlen(buf) < 8);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known),
		cmocka_unit_test(test_agreed),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_domain_rule),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
