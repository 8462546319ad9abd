/*
 * Unit tests for apply_clock (and the checks of apply.c that depend on
 * it): the 20 working days of Art. 33 with the receipt day not counted,
 * receipt on a Saturday, the correction of Art. 30 (the clock stops, the
 * corrected application starts it again, an expired period, a late
 * request recorded with a warning), consultation and fee pauses
 * (Art. 32/34, 42) with their expiry, the one extension, a late answer,
 * the answer types, and Art. 35 (reasons asked, a later due date set).  Most cases lie in July and August 2026, which
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

/* Art. 35: reasons asked (the clock runs on), a later due date set. */
static json_t *
art35_evs(void)
{
	return json_pack("[{s:s, s:s, s:s}, {s:s, s:s, s:s},"
	    " {s:s, s:s, s:s, s:s}]",
	    "action", "receive", "on", "2026-07-03", "channel", "in_person",
	    "action", "ask_reason", "on", "2026-07-06", "what", "说明用途",
	    "action", "set_due", "on", "2026-07-20", "due", "2026-08-21",
	    "reason", "申请数量大");
}

static void
test_art35_clock(void **state)
{
	struct apply_clock	 ck;
	struct strbuf		 sb;
	char			 err[256];
	json_t			*e;

	(void)state;
	/* Asked: nothing moves. */
	e = json_pack("[{s:s, s:s, s:s}, {s:s, s:s, s:s}]", "action",
	    "receive", "on", "2026-07-03", "channel", "in_person", "action",
	    "ask_reason", "on", "2026-07-06", "what", "说明用途");
	run(e, "2026-07-06", &ck);
	assert_string_equal(S(ck.due), "2026-07-31");
	assert_string_equal(S(ck.asked), "2026-07-06");
	assert_true(ck.set_due == APPLY_NODAY);
	assert_string_equal(ck.state, "open");
	/* The day set is the due date; Art. 33's is kept as due33. */
	run(art35_evs(), "2026-07-20", &ck);
	assert_string_equal(S(ck.due), "2026-08-21");
	assert_string_equal(S(ck.due33), "2026-07-31");
	assert_int_equal(ck.left, 24);
	assert_false(ck.flags & (APPLY_F_DUE_SOON | APPLY_F_OVERDUE));
	/* docketd wakes it when 5 working days are left. */
	assert_string_equal(S(apply_clock_next(cal, &ck, D("2026-07-20"),
	    APPLY_DUE_SOON)), "2026-08-14");
	/* Past Art. 33's day: not overdue. */
	run(art35_evs(), "2026-08-03", &ck);
	assert_false(ck.flags & APPLY_F_OVERDUE);
	run(art35_evs(), "2026-08-14", &ck);
	assert_int_equal(ck.left, 5);
	assert_true(ck.flags & APPLY_F_DUE_SOON);
	assert_string_equal(S(apply_clock_next(cal, &ck, D("2026-08-14"),
	    APPLY_DUE_SOON)), "2026-08-22");
	run(art35_evs(), "2026-08-24", &ck);
	assert_true(ck.flags & APPLY_F_OVERDUE);
	/* A consultation after it does not move the day set. */
	e = art35_evs();
	json_array_append_new(e, json_pack("{s:s, s:s, s:s}", "action",
	    "consult", "on", "2026-07-22", "party", "某公司"));
	run(e, "2026-07-28", &ck);
	assert_string_equal(ck.state, "consulting");
	assert_string_equal(S(ck.due), "2026-08-21");
	/* Answered on the day set: in time. */
	e = art35_evs();
	json_array_append_new(e, json_pack("{s:s, s:s, s:s}", "action",
	    "answer", "on", "2026-08-21", "type", "granted"));
	run(e, "2026-09-01", &ck);
	assert_false(ck.flags & APPLY_F_ANSWERED_LATE);

	/* explain quotes Art. 35 and shows both days. */
	memset(&sb, 0, sizeof(sb));
	e = art35_evs();
	assert_int_equal(apply_clock_run(cal, e, D("2026-07-20"), 5, &ck, &sb,
	    err, sizeof(err)), 0);
	json_decref(e);
	assert_non_null(sb.s);
	assert_non_null(strstr(sb.s, "2026年7月6日 要求申请人说明理由"));
	assert_non_null(strstr(sb.s, "数量、频次明显超过合理范围"));
	assert_non_null(strstr(sb.s, "答复期限照常计算"));
	assert_non_null(strstr(sb.s, "按第三十三条的答复期限为 2026年7月31日"));
	assert_non_null(strstr(sb.s, "可以确定延迟答复的合理期限并告知申请人"));
	assert_non_null(strstr(sb.s, "理由：申请数量大"));
	assert_non_null(strstr(sb.s, "答复期限：2026年8月21日（周五，第三十五条"));
	strbuf_free(&sb);
}

static void
test_art35_changes(void **state)
{
	json_t		*rec, *r;
	char		*text;

	(void)state;
	ctx.cal = cal;
	ctx.actor = "test";
	ctx.now = 0;
	ctx.today = D("2026-09-30");
	ctx.due_soon = 5;
	rec = newrec("2026-07-03");
	assert_true(json_is_null(json_object_get(rec, "reasons")));
	/* set-due needs the reasons asked first. */
	assert_int_equal(change(rec, "set_due", json_pack("{s:s, s:s, s:s}",
	    "on", "2026-07-20", "due", "2026-08-21", "reason", "r"), NULL),
	    APPLY_EUSAGE);
	assert_int_equal(change(rec, "ask_reason", json_pack("{s:s}", "on",
	    "2026-07-06"), NULL), APPLY_EUSAGE);
	assert_int_equal(change(rec, "ask_reason", json_pack("{s:s, s:s}",
	    "on", "2026-10-01", "what", "说明用途"), NULL), APPLY_EUSAGE);
	assert_int_equal(change(rec, "ask_reason", json_pack("{s:s, s:s}",
	    "on", "2026-07-06", "what", "说明用途"), NULL), 0);
	r = json_object_get(rec, "reasons");
	assert_string_equal(json_string_value(json_object_get(r, "asked_on")),
	    "2026-07-06");
	assert_true(json_is_null(json_object_get(r, "set_due")));
	assert_string_equal(json_string_value(json_object_get(rec, "due")),
	    "2026-07-31");
	assert_int_equal(change(rec, "ask_reason", json_pack("{s:s, s:s}",
	    "on", "2026-07-07", "what", "again"), NULL), APPLY_ECONFLICT);
	/* A due not later, not a date, no reason; decided after the due. */
	assert_int_equal(change(rec, "set_due", json_pack("{s:s, s:s, s:s}",
	    "on", "2026-07-20", "due", "2026-07-31", "reason", "r"), NULL),
	    APPLY_EUSAGE);
	assert_int_equal(change(rec, "set_due", json_pack("{s:s, s:s, s:s}",
	    "on", "2026-07-20", "due", "2026-02-30", "reason", "r"), NULL),
	    APPLY_EUSAGE);
	assert_int_equal(change(rec, "set_due", json_pack("{s:s, s:s}",
	    "on", "2026-07-20", "due", "2026-08-21"), NULL), APPLY_EUSAGE);
	assert_int_equal(change(rec, "set_due", json_pack("{s:s, s:s, s:s}",
	    "on", "2026-08-03", "due", "2026-08-21", "reason", "r"), NULL),
	    APPLY_ECONFLICT);
	assert_int_equal(change(rec, "set_due", json_pack("{s:s, s:s, s:s}",
	    "on", "2026-07-20", "due", "2026-08-21", "reason", "申请数量大"),
	    NULL), 0);
	assert_string_equal(json_string_value(json_object_get(rec, "due")),
	    "2026-08-21");
	r = json_object_get(json_object_get(rec, "reasons"), "set_due");
	assert_string_equal(json_string_value(json_object_get(r, "due")),
	    "2026-08-21");
	assert_string_equal(json_string_value(json_object_get(r,
	    "due_before")), "2026-07-31");
	/* The due index follows it: today 09-30 is past it. */
	assert_true(has_flag(rec, "overdue"));
	/* Once; and no Art. 33 extension after it. */
	assert_int_equal(change(rec, "set_due", json_pack("{s:s, s:s, s:s}",
	    "on", "2026-07-21", "due", "2026-09-04", "reason", "r"), NULL),
	    APPLY_EUSAGE);
	assert_int_equal(change(rec, "extend", json_pack("{s:s, s:s, s:s}",
	    "on", "2026-07-21", "approved_by", "李四", "reason", "量大"),
	    NULL), APPLY_ECONFLICT);
	/* Reasons not reasonable: not processed, abusive (Art. 35). */
	assert_int_equal(change(rec, "answer", json_pack("{s:s, s:s, s:s,"
	    " s:s}", "on", "2026-08-20", "type", "not_processed", "sub",
	    "abusive", "reason", "理由不合理"), NULL), 0);
	assert_false(has_flag(rec, "answered_late"));
	assert_false(has_flag(rec, "overdue"));
	text = apply_explain(&ctx, rec);
	assert_non_null(text);
	assert_non_null(strstr(text, "告知申请人不予处理（第三十五条"));
	free(text);
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
		cmocka_unit_test(test_art35_clock),
		cmocka_unit_test(test_art35_changes),
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
