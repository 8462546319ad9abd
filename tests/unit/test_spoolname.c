/* Unit tests for spoolname: what a claim records survives the round trip. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "spoolname.h"

static void
test_roundtrip(void **state)
{
	char	buf[256], agency[256], name[256];
	int64_t	ms;

	assert_int_equal(spoolname_make(buf, sizeof(buf), 1700000000123LL, 7,
	    "淄博市财政局", "关于#预算%的通知.txt"), 0);
	assert_null(strchr(strchr(strchr(buf, '#') + 1, '#') + 1, '#'));
	assert_int_equal(spoolname_parse(buf, &ms, agency, sizeof(agency),
	    name, sizeof(name)), 0);
	assert_true(ms == 1700000000123LL);
	assert_string_equal(agency, "淄博市财政局");
	assert_string_equal(name, "关于#预算%的通知.txt");
}

static void
test_no_agency(void **state)
{
	char	buf[256], agency[256], name[256];
	int64_t	ms;

	assert_int_equal(spoolname_make(buf, sizeof(buf), 5, 0, NULL,
	    "a.txt"), 0);
	assert_int_equal(spoolname_parse(buf, &ms, agency, sizeof(agency),
	    name, sizeof(name)), 0);
	assert_string_equal(agency, "");
	assert_string_equal(name, "a.txt");
	assert_true(ms == 5);
}

static void
test_long_name_is_cut_on_a_character(void **state)
{
	char	buf[512], agency[256], name[512], longname[600];
	int64_t	ms;
	size_t	i;

	longname[0] = '\0';
	for (i = 0; i < 100; i++)
		strcat(longname, "文");	/* 300 bytes */
	assert_int_equal(spoolname_make(buf, sizeof(buf), 1, 1, "局",
	    longname), 0);
	assert_true(strlen(buf) <= 255);
	assert_int_equal(spoolname_parse(buf, &ms, agency, sizeof(agency),
	    name, sizeof(name)), 0);
	assert_int_equal(strlen(name) % 3, 0);	/* whole characters */
	assert_true(strncmp(name, longname, strlen(name)) == 0);
}

static void
test_long_name_keeps_its_extension(void **state)
{
	char	buf[512], agency[256], name[512], longname[600];
	int64_t	ms;
	size_t	i, len;

	/* 255 bytes, as a file system allows: the spool name must cut it. */
	memset(longname, 'a', 250);
	strcpy(longname + 250, ".docx");
	assert_int_equal(strlen(longname), 255);
	assert_int_equal(spoolname_make(buf, sizeof(buf), 1700000000123LL, 42,
	    "淄博市财政局", longname), 0);
	assert_true(strlen(buf) <= 255);
	assert_int_equal(spoolname_parse(buf, &ms, agency, sizeof(agency),
	    name, sizeof(name)), 0);
	assert_string_equal(agency, "淄博市财政局");
	len = strlen(name);
	assert_true(len < 255 && len > 5);
	assert_string_equal(name + len - 5, ".docx");
	assert_true(strncmp(name, longname, len - 5) == 0);

	/* Multibyte stem, escaped characters in the extension. */
	longname[0] = '\0';
	for (i = 0; i < 83; i++)
		strcat(longname, "文");	/* 249 bytes */
	strcat(longname, ".o#d");
	assert_int_equal(spoolname_make(buf, sizeof(buf), 1, 1, "局",
	    longname), 0);
	assert_true(strlen(buf) <= 255);
	assert_int_equal(spoolname_parse(buf, &ms, agency, sizeof(agency),
	    name, sizeof(name)), 0);
	len = strlen(name);
	assert_string_equal(name + len - 4, ".o#d");
	assert_int_equal((len - 4) % 3, 0);	/* whole characters */
	assert_true(strncmp(name, longname, len - 4) == 0);
}

static void
test_foreign_names_refused(void **state)
{
	char	agency[64], name[64];
	int64_t	ms;

	assert_int_equal(spoolname_parse("hello.txt", &ms, agency,
	    sizeof(agency), name, sizeof(name)), -1);
	assert_int_equal(spoolname_parse("12-3#x#", &ms, agency,
	    sizeof(agency), name, sizeof(name)), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_no_agency),
		cmocka_unit_test(test_long_name_is_cut_on_a_character),
		cmocka_unit_test(test_long_name_keeps_its_extension),
		cmocka_unit_test(test_foreign_names_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
