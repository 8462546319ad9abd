/*
 * Unit tests for docketd's side of the applications' clock and drop
 * folder, the pure parts: apply_clock_next (the day an application is
 * looked at again: due_soon working days left, the day after the due
 * date, the end of a correction, consultation or fee period; nothing
 * while a pause moves the due date, nothing once answered), apply_tick
 * (a "flags" event with set/cleared, "estimated" left out, an unpaid fee
 * closed as other/fee_unpaid by docketd, no event when nothing changed)
 * and apply_intake_parse (the Chinese reasons naming the field).  July
 * and August 2026 hold no holiday; the built-in calendar is used.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "apply.h"
#include "apply_clock.h"
#include "apply_intake.h"
#include "calendar.h"
#include "calendar_load.h"

static struct calendar	*cal;
static struct apply_ctx	 ctx;

static int64_t
D(const char *s)
{
	int64_t d = apply_day_of(s);

	assert_true(d != APPLY_NODAY);
	return d;
}

static const char *
S(int64_t d)
{
	static char buf[8][11];
	static int i;

	if (d == APPLY_NODAY)
		return "none";
	i = (i + 1) % 8;
	apply_day_str(d, buf[i]);
	return buf[i];
}

static void
at(const char *today)
{
	ctx.cal = cal;
	ctx.actor = "docketd";
	ctx.now = 0;
	ctx.today = D(today);
	ctx.due_soon = 5;
}

static json_t *
newrec(const char *received)
{
	char	 err[256];
	json_t	*args, *rec;

	args = json_pack("{s:s, s:s, s:s, s:s, s:s}", "received", received,
	    "channel", "in_person", "applicant", "张三", "applicant_type",
	    "person", "request", "2025 年度预算公开情况");
	rec = apply_new(&ctx, "A2026-00001", args, err, sizeof(err));
	json_decref(args);
	assert_non_null(rec);
	return rec;
}

static int
change(json_t *rec, const char *action, json_t *args)
{
	char		 err[256];
	const char	*w;
	json_t		*ev = NULL;
	int		 rc;

	rc = apply_change(&ctx, rec, action, args, &ev, &w, err, sizeof(err));
	json_decref(ev);
	json_decref(args);
	return rc;
}

static const char *
str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static const char *
next_of(json_t *e, const char *today)
{
	struct apply_clock	ck;
	char			err[256];

	assert_int_equal(apply_clock_run(cal, e, D(today), 5, &ck, NULL, err,
	    sizeof(err)), 0);
	json_decref(e);
	return S(apply_clock_next(cal, &ck, D(today), 5));
}

static json_t *
evs(const char *a, const char *on, const char *b, const char *on2)
{
	json_t *e = json_pack("[{s:s, s:s}]", "action", a, "on", on);

	if (b != NULL)
		json_array_append_new(e, json_pack("{s:s, s:s}", "action", b,
		    "on", on2));
	return e;
}

static void
test_next(void **state)
{
	(void)state;
	/* Received Fri 07-03, due Fri 07-31: 5 left on Fri 07-24. */
	assert_string_equal(next_of(evs("receive", "2026-07-03", NULL, NULL),
	    "2026-07-03"), "2026-07-24");
	/* due_soon set: the day after the due date. */
	assert_string_equal(next_of(evs("receive", "2026-07-03", NULL, NULL),
	    "2026-07-24"), "2026-08-01");
	/* Overdue: nothing more. */
	assert_string_equal(next_of(evs("receive", "2026-07-03", NULL, NULL),
	    "2026-08-03"), "none");
	/* Answered: nothing. */
	assert_string_equal(next_of(evs("receive", "2026-07-03", "answer",
	    "2026-07-10"), "2026-07-10"), "none");
	/* A correction within 15 days of 07-07 (to 07-28): the day after. */
	assert_string_equal(next_of(evs("receive", "2026-07-03", "correct",
	    "2026-07-07"), "2026-07-08"), "2026-07-29");
	/* A consultation (07-08, to 07-29): only its end, the due date
	 * moves while it runs. */
	assert_string_equal(next_of(evs("receive", "2026-07-03", "consult",
	    "2026-07-08"), "2026-07-20"), "2026-07-30");
	/* A fee notice 07-08: 20 working days, to 08-05. */
	assert_string_equal(next_of(evs("receive", "2026-07-03", "fee",
	    "2026-07-08"), "2026-07-08"), "2026-08-06");
}

static int
count_action(json_t *rec, const char *action)
{
	json_t	*e;
	size_t	 i;
	int	 n = 0;

	json_array_foreach(json_object_get(rec, "events"), i, e)
		if (strcmp(str(e, "action"), action) == 0)
			n++;
	return n;
}

static void
test_tick(void **state)
{
	json_t	*rec, *ev;
	char	 err[256];
	int	 closed;

	(void)state;
	at("2026-07-03");
	rec = newrec("2026-07-03");
	assert_string_equal(str(rec, "next_check"), "2026-07-24");
	/* Nothing changed: no event. */
	at("2026-07-10");
	assert_int_equal(apply_tick(&ctx, rec, &closed, err, sizeof(err)), 0);
	assert_int_equal(count_action(rec, "flags"), 0);
	at("2026-07-24");
	assert_int_equal(apply_tick(&ctx, rec, &closed, err, sizeof(err)), 0);
	assert_false(closed);
	ev = json_array_get(json_object_get(rec, "events"),
	    json_array_size(json_object_get(rec, "events")) - 1);
	assert_string_equal(str(ev, "action"), "flags");
	assert_string_equal(str(ev, "actor"), "docketd");
	assert_string_equal(str(ev, "on"), "2026-07-24");
	assert_string_equal(json_string_value(json_array_get(
	    json_object_get(ev, "set"), 0)), "due_soon");
	assert_int_equal(json_array_size(json_object_get(ev, "cleared")), 0);
	assert_string_equal(str(rec, "next_check"), "2026-08-01");
	at("2026-08-03");
	assert_int_equal(apply_tick(&ctx, rec, &closed, err, sizeof(err)), 0);
	ev = json_array_get(json_object_get(rec, "events"),
	    json_array_size(json_object_get(rec, "events")) - 1);
	assert_string_equal(json_string_value(json_array_get(
	    json_object_get(ev, "set"), 0)), "overdue");
	assert_string_equal(json_string_value(json_array_get(
	    json_object_get(ev, "cleared"), 0)), "due_soon");
	assert_true(json_is_null(json_object_get(rec, "next_check")));
	/* An answer may be dated before docketd's flags event. */
	assert_int_equal(change(rec, "answer", json_pack("{s:s, s:s, s:s}",
	    "on", "2026-07-31", "type", "granted", "reason", "r")), 0);
	assert_string_equal(str(rec, "state"), "answered");
	json_decref(rec);

	/* An unpaid fee: closed as other/fee_unpaid by docketd. */
	at("2026-07-08");
	rec = newrec("2026-07-03");
	assert_int_equal(change(rec, "fee", json_pack("{s:s, s:I, s:s}",
	    "method", "count", "amount", (json_int_t)100, "derivation",
	    "x")), 0);
	assert_string_equal(str(rec, "next_check"), "2026-08-06");
	at("2026-08-05");
	assert_int_equal(apply_tick(&ctx, rec, &closed, err, sizeof(err)), 0);
	assert_false(closed);
	at("2026-08-06");
	assert_int_equal(apply_tick(&ctx, rec, &closed, err, sizeof(err)), 0);
	assert_true(closed);
	assert_string_equal(str(rec, "state"), "answered");
	assert_string_equal(str(json_object_get(rec, "answer"), "type"),
	    "other");
	assert_string_equal(str(json_object_get(rec, "answer"), "sub"),
	    "fee_unpaid");
	assert_string_equal(str(json_object_get(rec, "answer"), "on"),
	    "2026-08-06");
	assert_int_equal(count_action(rec, "flags"), 1);
	json_decref(rec);
}

static void
bad(const char *text, const char *want)
{
	char	 reason[512] = "";
	json_t	*a;

	a = apply_intake_parse(text, strlen(text), D("2026-12-04"), reason,
	    sizeof(reason));
	if (a != NULL || strstr(reason, want) == NULL)
		fail_msg("'%s': reason '%s', wanted '%s'", text, reason, want);
}

static void
test_intake_parse(void **state)
{
	const char	*good = "{\"received\": \"2026-12-03\", \"channel\": "
			    "\"online\", \"applicant\": \"钱七\", "
			    "\"applicant_type\": \"person\", \"request\": \"决算\","
			    " \"contact\": \"\", \"extra\": 1}";
	char		 reason[512];
	json_t		*a;

	(void)state;
	a = apply_intake_parse(good, strlen(good), D("2026-12-04"), reason,
	    sizeof(reason));
	assert_non_null(a);
	assert_string_equal(str(a, "applicant"), "钱七");
	assert_null(json_object_get(a, "contact"));	/* empty: left out */
	assert_null(json_object_get(a, "extra"));
	json_decref(a);
	bad("{\"received\": ", "不是有效的 JSON");
	bad("{\"received\": ", "内容不完整");
	bad("{\"a\": 1, \"a\": 2}", "同一字段出现两次");
	bad("[1, 2]", "JSON 对象");
	bad("{\"received\": \"2026-12-03\", \"channel\": \"post\", "
	    "\"applicant_type\": \"person\", \"request\": \"x\"}",
	    "缺少字段 applicant");
	bad("{\"received\": \"2026-12-03\", \"channel\": \"post\", "
	    "\"applicant\": 5, \"applicant_type\": \"person\", "
	    "\"request\": \"x\"}", "字段 applicant");
	bad("{\"received\": \"2026-02-30\", \"channel\": \"post\", "
	    "\"applicant\": \"a\", \"applicant_type\": \"person\", "
	    "\"request\": \"x\"}", "received");
	bad("{\"received\": \"2026-12-05\", \"channel\": \"post\", "
	    "\"applicant\": \"a\", \"applicant_type\": \"person\", "
	    "\"request\": \"x\"}", "晚于今天");
	bad("{\"received\": \"2026-12-03\", \"channel\": \"pigeon\", "
	    "\"applicant\": \"a\", \"applicant_type\": \"person\", "
	    "\"request\": \"x\"}", "字段 channel");
	bad("{\"received\": \"2026-12-03\", \"channel\": \"post\", "
	    "\"applicant\": \"a\", \"applicant_type\": \"alien\", "
	    "\"request\": \"x\"}", "字段 applicant_type");
	bad("{\"received\": \"2026-12-03\", \"channel\": \"post\", "
	    "\"applicant\": \"a\", \"applicant_type\": \"person\", "
	    "\"request\": \"  \"}", "字段 request");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_next),
		cmocka_unit_test(test_tick),
		cmocka_unit_test(test_intake_parse),
	};
	char	err[256];
	int	rc;

	cal = calendar_new();
	if (cal == NULL || calendar_load_builtin(cal, err, sizeof(err)) != 0) {
		fprintf(stderr, "built-in calendar: %s\n", err);
		return 1;
	}
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	calendar_free(cal);
	return rc;
}
