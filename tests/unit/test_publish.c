/*
 * Unit tests for the catalog's rules (publish.c): who may be on the
 * site, the 索引号 given once and kept, published_on the first day only,
 * the 20-working-day rule with its two causes (against the built-in
 * 2025/2026 holidays), a release that starts the count again, leaving
 * the site with an event, and the site index keys.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "calendar.h"
#include "calendar_load.h"
#include "publish.h"
#include "utf8.h"

struct fake {
	unsigned int	 next;		/* next seq to give */
	int		 calls;
	char		 prefix[64];	/* the last prefix asked for */
};

static const char *
fake_code(void *arg, const char *agency)
{
	(void)arg;
	return agency != NULL && strcmp(agency, "市财政局") == 0 ?
	    "11370300MB28" : NULL;
}

static int
fake_seq(void *arg, const char *prefix, unsigned int *seq, char *err,
    size_t errlen)
{
	struct fake	*f = arg;

	(void)err;
	(void)errlen;
	f->calls++;
	snprintf(f->prefix, sizeof(f->prefix), "%s", prefix);
	*seq = f->next++;
	return 0;
}

static struct calendar *cal;

static void
ctx(struct publish_ctx *c, struct fake *f, const char *today)
{
	memset(c, 0, sizeof(*c));
	c->cal = cal;
	snprintf(c->today, sizeof(c->today), "%s", today);
	c->actor = "docketd";
	c->now = 1764979200;	/* any: only the events' time */
	c->code = fake_code;
	c->next_seq = fake_seq;
	c->arg = f;
}

static json_t *
rec(const char *disclosure, const char *signed_on, const char *agency)
{
	json_t *r = json_pack("{s:s, s:s, s:s?, s:s?, s:b, s:n, s:n, s:n, "
	    "s:n, s:[], s:b, s:s}", "id", "D000042", "disclosure", disclosure,
	    "signed_on", signed_on, "agency", agency, "published", 0,
	    "index_no", "published_on", "publish_lag", "secrecy", "flags",
	    "hold", 0, "received_at", "2026-03-02T09:00:00+08:00");

	assert_non_null(r);
	return r;
}

static const char *
S(json_t *r, const char *k)
{
	return json_string_value(json_object_get(r, k));
}

static int
has_flag(json_t *r, const char *flag)
{
	json_t	*f;
	size_t	 i;

	json_array_foreach(json_object_get(r, "flags"), i, f)
		if (strcmp(json_string_value(f), flag) == 0)
			return 1;
	return 0;
}

static void
test_eligible(void **state)
{
	json_t	*r = rec("public", "2026-03-02", NULL);

	(void)state;
	assert_int_equal(publish_eligible(r), 1);
	assert_null(publish_why_not(r));
	json_object_set_new(r, "disclosure", json_string("on_request"));
	assert_int_equal(publish_eligible(r), 0);
	json_object_set_new(r, "disclosure", json_string("withheld"));
	assert_int_equal(publish_eligible(r), 0);
	json_object_set_new(r, "disclosure", json_string("undetermined"));
	assert_int_equal(publish_eligible(r), 0);
	json_object_set_new(r, "disclosure", json_string("public"));
	json_object_set_new(r, "hold", json_true());
	assert_int_equal(publish_eligible(r), 0);
	json_object_set_new(r, "hold", json_false());
	json_object_set_new(r, "secrecy", json_string("秘密"));
	assert_int_equal(publish_eligible(r), 0);
	json_object_set_new(r, "secrecy", json_null());
	json_array_append_new(json_object_get(r, "flags"),
	    json_string("classified"));
	assert_int_equal(publish_eligible(r), 0);
	/* Repealed and cleaned documents stay in the catalog. */
	json_array_clear(json_object_get(r, "flags"));
	json_object_set_new(r, "status", json_string("cleaned"));
	assert_int_equal(publish_eligible(r), 1);
	json_decref(r);
}

/* Registered public on time: in the catalog, numbered under its
 * agency's code and its 成文日期's year, not late. */
static void
test_publish_on_time(void **state)
{
	struct publish_ctx	 c;
	struct fake		 f = { 7, 0, "" };
	json_t			*r = rec("public", "2025-12-30", "市财政局");
	json_t			*ev = json_array();
	char			 err[128];

	(void)state;
	ctx(&c, &f, "2026-01-20");
	assert_int_equal(publish_apply(&c, r, NULL, ev, err, sizeof(err)), 1);
	assert_true(json_is_true(json_object_get(r, "published")));
	assert_string_equal(f.prefix, "11370300MB28/2025-");
	assert_string_equal(S(r, "index_no"), "11370300MB28/2025-00007");
	assert_string_equal(S(r, "published_on"), "2026-01-20");
	assert_false(has_flag(r, "published_late"));
	assert_true(json_is_null(json_object_get(r, "publish_lag")));
	/* No event of the change's own: one of the catalog's. */
	assert_int_equal(json_array_size(ev), 1);
	assert_string_equal(S(json_array_get(ev, 0), "action"), "publish");
	assert_string_equal(S(json_array_get(ev, 0), "to"),
	    "11370300MB28/2025-00007");
	/* Nothing to do the second time. */
	assert_int_equal(publish_apply(&c, r, "public", ev, err,
	    sizeof(err)), 0);
	assert_int_equal(json_array_size(ev), 1);
	assert_int_equal(f.calls, 1);
	json_decref(r);
	json_decref(ev);
}

/*
 * From 2025-09-01 (a Monday): the weekdays 09-02..09-26 are 19 working
 * days and Sunday 09-28 is worked for 国庆 (the 20th), so a document of
 * 09-01 is on time on 09-28 and late on 09-29 (the 21st).  Across 国庆
 * (10-01..10-08 off, 10-11 worked): from 09-26, 10-30 is the 20th
 * working day (issue 15's example) and 10-31 the 21st.
 */
static void
test_publish_late(void **state)
{
	struct publish_ctx	 c;
	struct fake		 f = { 1, 0, "" };
	json_t			*r, *ev = json_array(), *lag;
	char			 err[128];

	(void)state;
	r = rec("public", "2025-09-01", NULL);
	ctx(&c, &f, "2025-09-28");
	assert_int_equal(publish_apply(&c, r, NULL, ev, err, sizeof(err)), 1);
	assert_false(has_flag(r, "published_late"));
	/* No agency and no site code: DOCKET. */
	assert_string_equal(S(r, "index_no"), "DOCKET/2025-00001");
	json_decref(r);

	r = rec("public", "2025-09-01", NULL);
	ctx(&c, &f, "2025-09-29");
	assert_int_equal(publish_apply(&c, r, NULL, ev, err, sizeof(err)), 1);
	assert_true(has_flag(r, "published_late"));
	lag = json_object_get(r, "publish_lag");
	assert_string_equal(S(lag, "from"), "2025-09-01");
	assert_string_equal(S(lag, "cause"), "late_intake");
	assert_int_equal(json_integer_value(json_object_get(lag,
	    "workdays")), 21);
	json_decref(r);

	/* It waited undetermined: that is the cause. */
	r = rec("public", "2025-09-26", NULL);
	ctx(&c, &f, "2025-10-30");
	assert_int_equal(publish_apply(&c, r, "undetermined", ev, err,
	    sizeof(err)), 1);
	assert_false(has_flag(r, "published_late"));
	json_decref(r);
	r = rec("public", "2025-09-26", NULL);
	ctx(&c, &f, "2025-10-31");
	assert_int_equal(publish_apply(&c, r, "undetermined", ev, err,
	    sizeof(err)), 1);
	assert_true(has_flag(r, "published_late"));
	lag = json_object_get(r, "publish_lag");
	assert_string_equal(S(lag, "cause"), "undetermined");
	/* 09-28 and 10-11 are 调休 working days; 10-01..10-08 are not. */
	assert_int_equal(json_integer_value(json_object_get(lag,
	    "workdays")), 21);
	json_decref(r);

	/* Released after a review: the count starts at the release. */
	r = rec("public", "2024-05-10", NULL);
	ctx(&c, &f, "2026-03-02");
	assert_int_equal(publish_apply(&c, r, "withheld", ev, err,
	    sizeof(err)), 1);
	assert_false(has_flag(r, "published_late"));
	json_decref(r);

	/* Backfill: never late. */
	r = rec("public", "2020-01-02", NULL);
	ctx(&c, &f, "2026-03-02");
	c.no_lag = 1;
	assert_int_equal(publish_apply(&c, r, NULL, ev, err, sizeof(err)), 1);
	assert_false(has_flag(r, "published_late"));
	json_decref(r);
	json_decref(ev);
}

/*
 * Leaving and coming back: one 索引号, one published_on.  The change's
 * own event (here a mark) carries the note: one change, one event.
 */
static void
test_leave_and_return(void **state)
{
	struct publish_ctx	 c;
	struct fake		 f = { 3, 0, "" };
	json_t			*r = rec("public", "2026-02-02", NULL);
	json_t			*ev = json_pack("[{s:s}]", "action", "register");
	json_t			*e;
	char			 err[128];

	(void)state;
	ctx(&c, &f, "2026-02-03");
	assert_int_equal(publish_apply(&c, r, NULL, ev, err, sizeof(err)), 1);
	assert_int_equal(json_array_size(ev), 1);
	assert_string_equal(S(json_array_get(ev, 0), "publish"),
	    "DOCKET/2026-00003");
	json_object_set_new(r, "disclosure", json_string("on_request"));
	ctx(&c, &f, "2026-02-10");
	json_decref(ev);
	ev = json_pack("[{s:s}]", "action", "mark");
	assert_int_equal(publish_apply(&c, r, "public", ev, err,
	    sizeof(err)), 1);
	assert_false(json_is_true(json_object_get(r, "published")));
	assert_int_equal(json_array_size(ev), 1);
	e = json_array_get(ev, 0);
	assert_string_equal(S(e, "action"), "mark");
	assert_string_equal(S(e, "unpublish"), "依申请公开，不主动公开");
	assert_string_equal(S(r, "index_no"), "DOCKET/2026-00003");
	/* Without an event of the change: one of the catalog's. */
	json_object_set_new(r, "disclosure", json_string("public"));
	json_object_set_new(r, "hold", json_true());
	json_object_set_new(r, "published", json_true());
	json_array_clear(ev);
	assert_int_equal(publish_apply(&c, r, "public", ev, err,
	    sizeof(err)), 1);
	e = json_array_get(ev, 0);
	assert_string_equal(S(e, "action"), "unpublish");
	assert_string_equal(S(e, "from"), "public");
	assert_string_equal(S(e, "reason"), "已冻结");
	json_object_set_new(r, "hold", json_false());
	json_object_set_new(r, "disclosure", json_string("on_request"));
	json_object_set_new(r, "disclosure", json_string("public"));
	ctx(&c, &f, "2026-06-01");
	assert_int_equal(publish_apply(&c, r, "on_request", ev, err,
	    sizeof(err)), 1);
	assert_true(json_is_true(json_object_get(r, "published")));
	assert_string_equal(S(r, "index_no"), "DOCKET/2026-00003");
	assert_string_equal(S(r, "published_on"), "2026-02-03");
	assert_int_equal(f.calls, 1);
	json_decref(r);
	json_decref(ev);
}

static void
test_site_keys(void **state)
{
	char	 keys[PUBLISH_SITE_KEYS][PUBLISH_KEY_MAX];
	json_t	*r = rec("public", "2025-12-30", "市卫健委/市中医药局");

	(void)state;
	assert_int_equal(publish_site_keys(r, keys), 0);
	json_object_set_new(r, "published", json_true());
	json_object_set_new(r, "published_on", json_string("2026-01-05"));
	json_object_set_new(r, "domain", json_string("卫生健康"));
	assert_int_equal(publish_site_keys(r, keys), 3);
	assert_string_equal(keys[0], "m/2026-01");
	assert_string_equal(keys[1], "d/卫生健康/2025");
	assert_string_equal(keys[2], "a/市卫健委／市中医药局/2025");
	/* A name longer than a key: cut between characters, never in one. */
	{
		char	 longname[PUBLISH_KEY_MAX * 2];
		size_t	 i;

		longname[0] = 'x';
		for (i = 1; i + 3 < sizeof(longname); i += 3)
			memcpy(longname + i, "局", 3);
		longname[i] = '\0';
		json_object_set_new(r, "agency", json_string(longname));
		assert_int_equal(publish_site_keys(r, keys), 3);
		assert_int_equal(utf8_valid_prefix((unsigned char *)keys[2],
		    strlen(keys[2])), strlen(keys[2]));
		assert_true(strlen(keys[2]) < PUBLISH_KEY_MAX);
	}
	json_object_set_new(r, "domain", json_null());
	json_object_set_new(r, "signed_on", json_null());
	assert_int_equal(publish_site_keys(r, keys), 3);
	assert_string_equal(keys[1], "d/-/2026");
	json_decref(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_eligible),
		cmocka_unit_test(test_publish_on_time),
		cmocka_unit_test(test_publish_late),
		cmocka_unit_test(test_leave_and_return),
		cmocka_unit_test(test_site_keys),
	};
	char	err[256];
	int	rc;

	if ((cal = calendar_new()) == NULL ||
	    calendar_load_builtin(cal, err, sizeof(err)) == -1) {
		fprintf(stderr, "calendar: %s\n", err);
		return 1;
	}
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	calendar_free(cal);
	return rc;
}
