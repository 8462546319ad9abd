/*
 * Unit tests for apply_clock (and the checks of apply.c that depend on
 * it): the 20 working days of Art. 33 with the receipt day not counted,
 * receipt on a Saturday, the correction of Art. 30 (the clock stops, the
 * corrected application starts it again, an expired period, a late
 * request recorded with a warning), consultation and fee pauses
 * (Art. 32/34, 42) with their expiry, the one extension, a late answer,
 * and the answer types.  Most cases lie in July and August 2026, which
 * hold no public holiday and no 调休 day; the calendar's own cases (a
 * receipt on a holiday, a 调休 Sunday counted, the holidays named in the
 * explanation, a year without data) use the built-in calendar.
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
#include "calendar.h"
#include "calendar_load.h"

static struct calendar *cal;

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

	i = (i + 1) % 8;
	apply_day_str(d, buf[i]);
	return buf[i];
}

/* Events from a string of "action on [key value]" lines. */
static json_t *
evs(const char *first, ...)
{
	json_t		*a = json_array();
	va_list		 ap;
	const char	*action, *on;

	va_start(ap, first);
	for (action = first; action != NULL; action = va_arg(ap,
	    const char *)) {
		on = va_arg(ap, const char *);
		json_array_append_new(a, json_pack("{s:s, s:s, s:s}", "action",
		    action, "on", on, "channel", "in_person"));
	}
	va_end(ap);
	return a;
}

static void
run(json_t *e, const char *today, struct apply_clock *ck)
{
	char err[256];

	assert_int_equal(apply_clock_run(cal, e, D(today), APPLY_DUE_SOON, ck,
	    NULL, err, sizeof(err)), 0);
	json_decref(e);
}

static void
test_twenty_days(void **state)
{
	struct apply_clock ck;

	(void)state;
	/* Friday 2026-07-03: 20 working days → Friday 2026-07-31. */
	run(evs("receive", "2026-07-03", NULL), "2026-07-03", &ck);
	assert_string_equal(S(ck.due), "2026-07-31");
	assert_string_equal(ck.state, "open");
	assert_int_equal(ck.left, 20);
	assert_false(ck.flags & (APPLY_F_DUE_SOON | APPLY_F_OVERDUE));
	/* 5 working days left: due_soon. */
	run(evs("receive", "2026-07-03", NULL), "2026-07-24", &ck);
	assert_int_equal(ck.left, 5);
	assert_true(ck.flags & APPLY_F_DUE_SOON);
	run(evs("receive", "2026-07-03", NULL), "2026-07-31", &ck);
	assert_int_equal(ck.left, 0);
	run(evs("receive", "2026-07-03", NULL), "2026-08-03", &ck);
	assert_int_equal(ck.left, -1);
	assert_true(ck.flags & APPLY_F_OVERDUE);
	assert_false(ck.flags & APPLY_F_DUE_SOON);
}

static void
test_saturday(void **state)
{
	struct apply_clock ck;

	(void)state;
	/* Received Saturday: the first counted day is Monday. */
	run(evs("receive", "2026-07-04", NULL), "2026-07-04", &ck);
	assert_string_equal(S(ck.due), "2026-07-31");
	run(evs("receive", "2026-07-05", NULL), "2026-07-05", &ck);
	assert_string_equal(S(ck.due), "2026-07-31");
	/* Monday counts from Tuesday. */
	run(evs("receive", "2026-07-06", NULL), "2026-07-06", &ck);
	assert_string_equal(S(ck.due), "2026-08-03");
}

static void
test_correction(void **state)
{
	struct apply_clock ck;

	(void)state;
	run(evs("receive", "2026-07-03", "correct", "2026-07-07", NULL),
	    "2026-07-08", &ck);
	assert_string_equal(ck.state, "awaiting_correction");
	assert_true(ck.due == APPLY_NODAY);
	assert_false(ck.has_left);
	/* 15 working days after 07-07. */
	assert_string_equal(S(ck.correction_deadline), "2026-07-28");
	assert_false(ck.flags & APPLY_F_CORRECTION_EXPIRED);
	run(evs("receive", "2026-07-03", "correct", "2026-07-07", NULL),
	    "2026-07-29", &ck);
	assert_true(ck.flags & APPLY_F_CORRECTION_EXPIRED);
	/* Corrected Friday 07-10: a new day of receipt, 20 days again. */
	run(evs("receive", "2026-07-03", "correct", "2026-07-07", "corrected",
	    "2026-07-10", NULL), "2026-07-10", &ck);
	assert_string_equal(ck.state, "open");
	assert_string_equal(S(ck.received), "2026-07-10");
	assert_string_equal(S(ck.received_first), "2026-07-03");
	assert_string_equal(S(ck.due), "2026-08-07");
}

static void
test_consult_pause(void **state)
{
	struct apply_clock ck;

	(void)state;
	/* Requested 07-08, reply 07-10: 07-09 and 07-10 are not counted. */
	run(evs("receive", "2026-07-03", "consult", "2026-07-08", "consulted",
	    "2026-07-10", NULL), "2026-07-10", &ck);
	assert_int_equal(ck.paused, 2);
	assert_string_equal(S(ck.due), "2026-08-04");
	assert_string_equal(ck.state, "open");
	/* No reply yet: paused through today, state consulting. */
	run(evs("receive", "2026-07-03", "consult", "2026-07-08", NULL),
	    "2026-07-09", &ck);
	assert_string_equal(ck.state, "consulting");
	assert_int_equal(ck.paused, 1);
	assert_string_equal(S(ck.consult_deadline), "2026-07-29");
	assert_false(ck.flags & APPLY_F_CONSULT_EXPIRED);
	/* Silence past 15 working days: expired, the pause stops at 15. */
	run(evs("receive", "2026-07-03", "consult", "2026-07-08", NULL),
	    "2026-07-30", &ck);
	assert_true(ck.flags & APPLY_F_CONSULT_EXPIRED);
	assert_int_equal(ck.paused, 15);
	assert_string_equal(S(ck.due), "2026-08-21");
}

static void
test_fee_pause(void **state)
{
	struct apply_clock ck;

	(void)state;
	run(evs("receive", "2026-07-03", "fee", "2026-07-08", "paid",
	    "2026-07-10", NULL), "2026-07-10", &ck);
	assert_int_equal(ck.paused, 2);
	assert_string_equal(S(ck.due), "2026-08-04");
	run(evs("receive", "2026-07-03", "fee", "2026-07-08", NULL),
	    "2026-08-05", &ck);
	assert_string_equal(ck.state, "awaiting_payment");
	assert_false(ck.flags & APPLY_F_FEE_UNPAID);
	run(evs("receive", "2026-07-03", "fee", "2026-07-08", NULL),
	    "2026-08-06", &ck);
	assert_true(ck.flags & APPLY_F_FEE_UNPAID);
}

static void
test_extension_and_late(void **state)
{
	struct apply_clock ck;

	(void)state;
	run(evs("receive", "2026-07-03", "extend", "2026-07-20", NULL),
	    "2026-07-20", &ck);
	assert_int_equal(ck.extended, 20);
	assert_string_equal(S(ck.due), "2026-08-28");
	run(evs("receive", "2026-07-03", "answer", "2026-07-31", NULL),
	    "2026-08-10", &ck);
	assert_string_equal(ck.state, "answered");
	assert_false(ck.flags & (APPLY_F_ANSWERED_LATE | APPLY_F_OVERDUE));
	assert_false(ck.has_left);
	run(evs("receive", "2026-07-03", "answer", "2026-08-03", NULL),
	    "2026-08-10", &ck);
	assert_true(ck.flags & APPLY_F_ANSWERED_LATE);
}

static void
test_explain(void **state)
{
	struct apply_clock	 ck;
	struct strbuf		 sb;
	char			 err[256];
	json_t			*e;

	(void)state;
	memset(&sb, 0, sizeof(sb));
	e = evs("receive", "2026-07-04", "consult", "2026-07-08", "consulted",
	    "2026-07-09", NULL);
	assert_int_equal(apply_clock_run(cal, e, D("2026-07-10"), 5, &ck, &sb,
	    err, sizeof(err)), 0);
	json_decref(e);
	assert_non_null(sb.s);
	assert_non_null(strstr(sb.s, "第三十一条第一项"));
	assert_non_null(strstr(sb.s, "2026-07-05 周日  休息日，不计"));
	assert_non_null(strstr(sb.s, "2026-07-06 周一  第 1 个工作日"));
	assert_non_null(strstr(sb.s, "2026-07-09 周四  征求意见期间，不计"));
	assert_non_null(strstr(sb.s, "第 20 个工作日"));
	assert_non_null(strstr(sb.s, "2026年8月3日"));
	strbuf_free(&sb);
}

static void
test_holidays(void **state)
{
	struct apply_clock	 ck;
	struct strbuf		 sb;
	char			 err[256];
	json_t			*e;

	(void)state;
	/* The example: Friday 2025-09-26, 09-28 a 调休 Sunday,
	 * 10-01..10-08 the National Day and Mid-Autumn holiday. */
	memset(&sb, 0, sizeof(sb));
	e = evs("receive", "2025-09-26", NULL);
	assert_int_equal(apply_clock_run(cal, e, D("2025-09-26"), 5, &ck, &sb,
	    err, sizeof(err)), 0);
	json_decref(e);
	assert_string_equal(S(ck.due), "2025-10-30");
	assert_false(ck.flags & APPLY_F_ESTIMATED);
	assert_non_null(strstr(sb.s, "2025-09-28 周日  第 1 个工作日（"));
	assert_non_null(strstr(sb.s, "调休上班"));
	assert_non_null(strstr(sb.s, "2025-10-01 周三  国庆节"));
	assert_non_null(strstr(sb.s, "法定节假日，不计"));
	strbuf_free(&sb);
	/* Received on a holiday (2026-02-17, 春节): the first counted day is
	 * the first working day after it, 2026-02-24; 2026-02-28 is a 调休
	 * Saturday and counts. */
	run(evs("receive", "2026-02-17", NULL), "2026-02-17", &ck);
	/* 24..27 (4), 28 Sat (5), Mar 2..6 (10), 9..13 (15), 16..20 (20). */
	assert_string_equal(S(ck.due), "2026-03-20");
	/* Received on a Saturday before 2026's National Day: */
	run(evs("receive", "2026-09-19", NULL), "2026-09-19", &ck);
	/* 09-20 调休 Sunday (1), 21..24 (5), 25 off (中秋), 28..30 (8),
	 * 10-01..07 off, 10-08, 09 (10), 10-10 调休 Saturday (11),
	 * 12..16 (16), 19..22 (20). */
	assert_string_equal(S(ck.due), "2026-10-22");
	/* A year without data (2027+): counted Monday to Friday, estimated. */
	run(evs("receive", "2030-03-01", NULL), "2030-03-01", &ck);
	assert_true(ck.flags & APPLY_F_ESTIMATED);
	assert_string_equal(S(ck.due), "2030-03-29");
}

/* apply.c: the checks that use the clock. */
static struct apply_ctx ctx;

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
has_flag(json_t *rec, const char *flag)
{
	json_t	*v;
	size_t	 i;

	json_array_foreach(json_object_get(rec, "flags"), i, v)
		if (strcmp(json_string_value(v), flag) == 0)
			return 1;
	return 0;
}

static int
change(json_t *rec, const char *action, json_t *args, const char **warn)
{
	char		 err[256];
	const char	*w;
	json_t		*ev = NULL;
	int		 rc;

	rc = apply_change(&ctx, rec, action, args, &ev, warn ? warn : &w, err,
	    sizeof(err));
	json_decref(ev);
	json_decref(args);
	return rc;
}

static void
test_changes(void **state)
{
	json_t		*rec;
	const char	*warn;

	(void)state;
	ctx.cal = cal;
	ctx.actor = "test";
	ctx.now = 0;
	ctx.today = D("2026-09-30");
	ctx.due_soon = 5;
	rec = newrec("2026-07-03");
	assert_string_equal(json_string_value(json_object_get(rec, "due")),
	    "2026-07-31");
	/* Extension: once, only before due. */
	assert_int_equal(change(rec, "extend", json_pack("{s:s, s:s}", "on",
	    "2026-07-20", "approved_by", "李四"), NULL), APPLY_EUSAGE);
	assert_int_equal(change(rec, "extend", json_pack("{s:s, s:s, s:s}",
	    "on", "2026-08-03", "approved_by", "李四", "reason", "量大"),
	    NULL), APPLY_ECONFLICT);
	assert_int_equal(change(rec, "extend", json_pack("{s:s, s:s, s:s}",
	    "on", "2026-07-20", "approved_by", "李四", "reason", "量大"),
	    NULL), 0);
	assert_string_equal(json_string_value(json_object_get(rec, "due")),
	    "2026-08-28");
	assert_int_equal(change(rec, "extend", json_pack("{s:s, s:s, s:s}",
	    "on", "2026-07-21", "approved_by", "李四", "reason", "量大"),
	    NULL), APPLY_ECONFLICT);
	/* Answer: type and sub exactly; refer only with not_held. */
	assert_int_equal(change(rec, "answer", json_pack("{s:s, s:s, s:s}",
	    "on", "2026-08-03", "type", "denied", "reason", "r"), NULL),
	    APPLY_EUSAGE);
	assert_int_equal(change(rec, "answer", json_pack("{s:s, s:s, s:s,"
	    " s:s}", "on", "2026-08-03", "type", "granted", "sub", "x",
	    "reason", "r"), NULL), APPLY_EUSAGE);
	assert_int_equal(change(rec, "answer", json_pack("{s:s, s:s, s:s,"
	    " s:s, s:s}", "on", "2026-08-03", "type", "unavailable", "sub",
	    "needs_creation", "refer", "某局", "reason", "r"), NULL),
	    APPLY_EUSAGE);
	assert_int_equal(change(rec, "answer", json_pack("{s:s, s:s, s:s}",
	    "on", "2026-08-03", "type", "bogus", "reason", "r"),
	    NULL), APPLY_EUSAGE);
	assert_int_equal(change(rec, "answer", json_pack("{s:s, s:s, s:s,"
	    " s:s, s:s}", "on", "2026-08-03", "type", "unavailable", "sub",
	    "not_held", "refer", "某局", "reason", "r"), NULL), 0);
	assert_string_equal(json_string_value(json_object_get(rec, "state")),
	    "answered");
	/* Within the extended period: not late. */
	assert_false(has_flag(rec, "answered_late"));
	assert_int_equal(change(rec, "consult", json_pack("{s:s, s:s}", "on",
	    "2026-08-04", "party", "x"), NULL), APPLY_ECONFLICT);
	json_decref(rec);

	/* A correction after the 7th working day: recorded, with a warning. */
	rec = newrec("2026-07-03");
	warn = NULL;
	assert_int_equal(change(rec, "correct", json_pack("{s:s, s:s}", "on",
	    "2026-07-15", "what", "写明文件名称"), &warn), 0);
	assert_non_null(warn);
	assert_int_equal(change(rec, "correct", json_pack("{s:s, s:s}", "on",
	    "2026-07-16", "what", "again"), NULL), APPLY_ECONFLICT);
	assert_int_equal(change(rec, "corrected", json_pack("{s:s}", "on",
	    "2026-07-17"), NULL), 0);
	assert_string_equal(json_string_value(json_object_get(rec,
	    "received")), "2026-07-17");
	/* Late answer. */
	assert_int_equal(change(rec, "answer", json_pack("{s:s, s:s, s:s}",
	    "on", "2026-09-01", "type", "granted", "reason", "r"), NULL), 0);
	assert_true(has_flag(rec, "answered_late"));
	json_decref(rec);
}

static void
test_ids(void **state)
{
	char		buf[APPLY_ID_LEN];
	int		y;
	unsigned int	n;

	(void)state;
	apply_id_format(2026, 42, buf);
	assert_string_equal(buf, "A2026-00042");
	assert_int_equal(apply_id_parse(buf, &y, &n), 0);
	assert_int_equal(y, 2026);
	assert_int_equal(n, 42);
	assert_int_equal(apply_id_parse("A2026-00000", &y, &n), -1);
	assert_int_equal(apply_id_parse("D000042", &y, &n), -1);
	assert_int_equal(apply_id_parse("A2026-0004x", &y, &n), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_holidays),
		cmocka_unit_test(test_twenty_days),
		cmocka_unit_test(test_saturday),
		cmocka_unit_test(test_correction),
		cmocka_unit_test(test_consult_pause),
		cmocka_unit_test(test_fee_pause),
		cmocka_unit_test(test_extension_and_late),
		cmocka_unit_test(test_explain),
		cmocka_unit_test(test_changes),
		cmocka_unit_test(test_ids),
	};
	int rc;

	char err[256];

	cal = calendar_new();
	if (cal == NULL || calendar_load_builtin(cal, err, sizeof(err)) != 0) {
		fprintf(stderr, "built-in calendar: %s\n", err);
		return 1;
	}
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	calendar_free(cal);
	return rc;
}
