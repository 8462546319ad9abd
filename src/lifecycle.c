/*
 * lifecycle: the transitions of a record, as pure functions on its JSON.
 *
 * Every function checks first and changes after, so a refused transition
 * leaves the record as it was.  Each accepted one appends an event object
 * ({time, actor, action, from, to, reason, related}) that change.c numbers
 * and makes durable together with the record.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cndate.h"
#include "label.h"
#include "lifecycle.h"
#include "record.h"

void
lc_policy_default(struct lc_policy *p)
{
	p->review_months = 12;
	p->review_days = 0;
	p->review_grace_days = 30;
	p->review_on_request = 0;
}

void
lc_date_of(int64_t t, char out[11])
{
	struct tm	tm;
	time_t		tt = (time_t)t;

	localtime_r(&tt, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

void
lc_ctx_init(struct lc_ctx *c, const struct lc_policy *p, const char *actor,
    int64_t now)
{
	c->policy = p;
	c->actor = actor;
	c->now = now;
	lc_date_of(now, c->today);
}

int
lc_parse_period(const char *s, int *months, int *days)
{
	long	 n;
	char	*end;
	size_t	 ulen;
	int	 any = 0;

	*months = *days = 0;
	for (;;) {
		while (isspace((unsigned char)*s))
			s++;
		if (*s == '\0')
			break;
		if (!isdigit((unsigned char)*s))
			return -1;
		n = strtol(s, &end, 10);
		if (n < 0 || n > 100000)
			return -1;
		s = end;
		while (isspace((unsigned char)*s))
			s++;
		for (ulen = 0; isalpha((unsigned char)s[ulen]); ulen++)
			;
#define UNIT(a, b) ((ulen == strlen(a) && strncasecmp(s, a, ulen) == 0) || \
	(ulen == strlen(b) && strncasecmp(s, b, ulen) == 0))
		if (ulen == 1 && (*s == 'd' || *s == 'D'))
			*days += (int)n;
		else if (UNIT("day", "days"))
			*days += (int)n;
		else if ((ulen == 1 && (*s == 'w' || *s == 'W')) ||
		    UNIT("week", "weeks"))
			*days += 7 * (int)n;
		else if ((ulen == 1 && (*s == 'm' || *s == 'M')) ||
		    UNIT("month", "months"))
			*months += (int)n;
		else if ((ulen == 1 && (*s == 'y' || *s == 'Y')) ||
		    UNIT("year", "years"))
			*months += 12 * (int)n;
		else
			return -1;
#undef UNIT
		s += ulen;
		any = 1;
	}
	return any ? 0 : -1;
}

static int
lc_date_parse(const char *s, struct cndate *d)
{
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    sscanf(s, "%4d-%2d-%2d", &d->y, &d->m, &d->d) != 3 ||
	    !cndate_valid(d->y, d->m, d->d))
		return -1;
	return 0;
}

int
lc_date_add(const char *date, int months, int days, char *out)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
				    30, 31 };
	struct cndate	d;
	int		m, last;

	if (lc_date_parse(date, &d) == -1)
		return -1;
	if (months < -120000 || months > 120000)
		return -1;
	m = d.y * 12 + (d.m - 1) + months;
	if (m < 12)
		return -1;
	d.y = m / 12;
	d.m = m % 12 + 1;
	last = mdays[d.m - 1] + (d.m == 2 && ((d.y % 4 == 0 && d.y % 100 != 0)
	    || d.y % 400 == 0));
	if (d.d > last)
		d.d = last;
	if (d.y < 1 || d.y > 9999 || cndate_add_days(&d, days) == -1)
		return -1;
	cndate_format(&d, out);
	return 0;
}

static json_t *
lc_strval(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

json_t *
lc_event(const struct lc_ctx *c, const char *action, const char *from,
    const char *to, const char *reason, const char *related)
{
	char ts[64];

	record_rfc3339(c->now, ts, sizeof(ts));
	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o}",
	    "time", ts, "actor", c->actor, "action", action,
	    "from", lc_strval(from), "to", lc_strval(to),
	    "reason", lc_strval(reason), "related", lc_strval(related));
}

int
lc_reviewable(const struct lc_policy *p, const char *disclosure)
{
	if (disclosure == NULL)
		return 0;
	return strcmp(disclosure, "withheld") == 0 ||
	    (p->review_on_request && strcmp(disclosure, "on_request") == 0);
}

int
lc_classified(json_t *rec)
{
	/* Records registered before the flag existed carry the 密级 only. */
	return lc_has_flag(rec, "classified") ||
	    record_str(rec, "secrecy") != NULL;
}

int
lc_has_flag(json_t *rec, const char *flag)
{
	json_t	*f;
	size_t	 i;

	json_array_foreach(json_object_get(rec, "flags"), i, f)
		if (json_is_string(f) && strcmp(json_string_value(f), flag) == 0)
			return 1;
	return 0;
}

void
lc_set_flag(json_t *rec, const char *flag, int on)
{
	json_t	*flags = json_object_get(rec, "flags"), *f;
	size_t	 i;

	if (!json_is_array(flags)) {
		flags = json_array();
		json_object_set_new(rec, "flags", flags);
	}
	json_array_foreach(flags, i, f)
		if (json_is_string(f) && strcmp(json_string_value(f), flag) == 0) {
			if (!on)
				json_array_remove(flags, i);
			return;
		}
	if (on)
		json_array_append_new(flags, json_string(flag));
}

static const char *
lc_id(json_t *rec)
{
	const char *id = record_str(rec, "id");

	return id != NULL ? id : "the record";
}

static int
lc_fail(int code, char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
lc_fail(int code, char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL && errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return code;
}

static int
lc_is(json_t *rec, const char *key, const char *val)
{
	const char *v = record_str(rec, key);

	return v != NULL && strcmp(v, val) == 0;
}

/* The review schedule that follows from the disclosure: keep a running
 * one, start one from `from`, or end it. */
static void
lc_schedule_review(const struct lc_ctx *c, json_t *rec, const char *from,
    int restart)
{
	char next[11];

	if (!lc_reviewable(c->policy, record_str(rec, "disclosure")) ||
	    lc_is(rec, "status", "cleaned")) {
		json_object_set_new(rec, "next_review", json_null());
		lc_set_flag(rec, "review_overdue", 0);
		return;
	}
	if (!restart && record_str(rec, "next_review") != NULL)
		return;
	if (lc_date_add(from, c->policy->review_months,
	    c->policy->review_days, next) == -1 &&
	    lc_date_add(c->today, c->policy->review_months,
	    c->policy->review_days, next) == -1)
		return;
	json_object_set_new(rec, "next_review", json_string(next));
	lc_set_flag(rec, "review_overdue", 0);
}

int
lc_register(const struct lc_ctx *c, json_t *rec, json_t *events)
{
	const char	*recv = record_str(rec, "received_at");
	char		 day[11], why[600];

	/* The registration date is the day it was received. */
	if (recv != NULL && strlen(recv) >= 10) {
		memcpy(day, recv, 10);
		day[10] = '\0';
	} else
		memcpy(day, c->today, 11);
	json_object_set_new(rec, "next_review", json_null());
	lc_schedule_review(c, rec, day, 1);
	snprintf(why, sizeof(why), "registered from %s",
	    record_str(rec, "source_name") ? record_str(rec, "source_name") :
	    "intake");
	json_array_append_new(events, lc_event(c, "register", NULL,
	    record_str(rec, "disclosure"), why, NULL));
	return 0;
}

int
lc_new_version(const struct lc_ctx *c, json_t *prev, json_t *rec,
    json_t *events)
{
	/* agency too: it is decided once, at registration (docketd.conf(5)
	 * [agency]); a new version dropped in another folder, or outside
	 * any, stays the record's agency's, with its 索引号. */
	static const char *carry[] = { "agency", "status", "status_on",
				      "repealed_by",
				      "hold", "next_review", "published",
				      "index_no", "published_on", "publish_lag",
				      "negative_item", "interprets",
				      "interpreted_on", "doc_kind", "doc_kind_on",
				      "doc_kind_was" };
	const char	*od = record_str(prev, "disclosure");
	const char	*nd = record_str(rec, "disclosure");
	char		 from[32], to[32], why[256] = "";
	size_t		 i;

	for (i = 0; i < sizeof(carry) / sizeof(carry[0]); i++)
		json_object_set(rec, carry[i], json_object_get(prev, carry[i]));
	if (lc_has_flag(prev, "review_overdue"))
		lc_set_flag(rec, "review_overdue", 1);
	if (lc_has_flag(prev, "published_late"))
		lc_set_flag(rec, "published_late", 1);
	if (lc_has_flag(prev, "no_interpretation"))
		lc_set_flag(rec, "no_interpretation", 1);
	if (od != NULL && nd != NULL && strcmp(od, nd) != 0) {
		if (json_is_true(json_object_get(prev, "hold"))) {
			/* A hold blocks disclosure changes, from any side. */
			snprintf(why, sizeof(why), "on hold: disclosure stays "
			    "%s (this version is marked %s)", od, nd);
			json_object_set(rec, "disclosure",
			    json_object_get(prev, "disclosure"));
			json_object_set(rec, "disclosure_reason",
			    json_object_get(prev, "disclosure_reason"));
		} else {
			snprintf(why, sizeof(why), "disclosure %s -> %s by "
			    "this version's marking", od, nd);
			if (!lc_reviewable(c->policy, od))
				json_object_set_new(rec, "next_review",
				    json_null());
		}
	}
	lc_schedule_review(c, rec, c->today, 0);
	snprintf(from, sizeof(from), "v%lld", (long long)json_integer_value(
	    json_object_get(prev, "version")));
	snprintf(to, sizeof(to), "v%lld", (long long)json_integer_value(
	    json_object_get(rec, "version")));
	json_array_append_new(events, lc_event(c, "version", from, to,
	    why[0] ? why : NULL, NULL));
	return 0;
}

static int
lc_disclosure_valid(const char *d)
{
	return d != NULL && (strcmp(d, "public") == 0 ||
	    strcmp(d, "on_request") == 0 || strcmp(d, "withheld") == 0);
}

static int
lc_empty(const char *s)
{
	if (s == NULL)
		return 1;
	while (isspace((unsigned char)*s))
		s++;
	return *s == '\0';
}

int
lc_mark(const struct lc_ctx *c, json_t *rec, const char *disclosure,
    const char *reason, json_t *events, char *err, size_t errlen)
{
	const char	*cur = record_str(rec, "disclosure");
	char		 oldbuf[32];
	const char	*old = NULL;

	/* A copy: setting the new value frees the record's string. */
	if (cur != NULL) {
		snprintf(oldbuf, sizeof(oldbuf), "%s", cur);
		old = oldbuf;
	}

	if (!lc_disclosure_valid(disclosure))
		return lc_fail(LC_EUSAGE, err, errlen, "公开属性只能是 public"
		    "（公开）、on_request（依申请公开）或 withheld（不予公开），"
		    "不是“%s”",
		    disclosure ? disclosure : "");
	if (strcmp(disclosure, "public") != 0 && lc_empty(reason))
		return lc_fail(LC_EUSAGE, err, errlen, "标为%s需要说明理由"
		    "（--reason）", label_disclosure(disclosure));
	if (lc_is(rec, "status", "cleaned"))
		return lc_fail(LC_ECONFLICT, err, errlen, "%s 已清理，公开属性"
		    "不能再变更", lc_id(rec));
	if (strcmp(disclosure, "withheld") != 0 && lc_classified(rec))
		return lc_fail(LC_ECONFLICT, err, errlen, "%s 为涉密文件"
		    "（密级 %s），国家秘密不得公开（《保守国家秘密法》）",
		    lc_id(rec), record_str(rec, "secrecy") ?
		    record_str(rec, "secrecy") : "");
	if (json_is_true(json_object_get(rec, "hold")))
		return lc_fail(LC_ECONFLICT, err, errlen, "%s 已冻结，须先解除"
		    "冻结（docketctl unhold）", lc_id(rec));
	if (old != NULL && strcmp(old, disclosure) == 0 &&
	    (lc_empty(reason) || lc_is(rec, "disclosure_reason", reason)))
		return lc_fail(LC_ECONFLICT, err, errlen, "%s 的公开属性已经是%s",
		    lc_id(rec), label_disclosure(disclosure));
	json_array_append_new(events, lc_event(c, "mark", old, disclosure,
	    lc_empty(reason) ? NULL : reason, NULL));
	json_object_set_new(rec, "disclosure", json_string(disclosure));
	json_object_set_new(rec, "disclosure_reason", lc_empty(reason) ?
	    json_null() : json_string(reason));
	lc_set_flag(rec, "missing_reason", 0);
	lc_set_flag(rec, "conflicting_markings", 0);
	lc_schedule_review(c, rec, c->today,
	    old == NULL || !lc_reviewable(c->policy, old));
	return 0;
}

int
lc_review(const struct lc_ctx *c, json_t *rec, int release, const char *to,
    const char *reason, json_t *events, char *err, size_t errlen)
{
	const char	*old = record_str(rec, "disclosure");
	const char	*due = record_str(rec, "next_review");
	char		 next[11];

	if (lc_empty(reason))
		return lc_fail(LC_EUSAGE, err, errlen, "审查决定需要说明理由"
		    "（--reason）");
	if (release && to == NULL)
		to = "public";
	if (release && (to == NULL || (strcmp(to, "public") != 0 &&
	    strcmp(to, "on_request") != 0)))
		return lc_fail(LC_EUSAGE, err, errlen, "release --to 只能是 "
		    "public 或 on_request，不是“%s”", to);
	if (!release && to != NULL)
		return lc_fail(LC_EUSAGE, err, errlen, "--to 只用于 release，"
		    "不用于 keep");
	if (lc_is(rec, "status", "cleaned"))
		return lc_fail(LC_ECONFLICT, err, errlen, "%s 已清理，无需审查",
		    lc_id(rec));
	if (!lc_reviewable(c->policy, old))
		return lc_fail(LC_ECONFLICT, err, errlen, "%s 为%s，不在定期"
		    "审查范围内", lc_id(rec), old ? label_disclosure(old) :
		    "未标注公开属性");
	if (release) {
		if (lc_classified(rec))
			return lc_fail(LC_ECONFLICT, err, errlen, "%s 为涉密"
			    "文件（密级 %s），国家秘密不得公开"
			    "（《保守国家秘密法》）", lc_id(rec),
			    record_str(rec, "secrecy") ?
			    record_str(rec, "secrecy") : "");
		if (json_is_true(json_object_get(rec, "hold")))
			return lc_fail(LC_ECONFLICT, err, errlen, "%s 已冻结，"
			    "须先解除冻结（docketctl unhold）",
			    lc_id(rec));
		if (strcmp(old, to) == 0)
			return lc_fail(LC_ECONFLICT, err, errlen, "%s 的公开"
			    "属性已经是%s", lc_id(rec), label_disclosure(to));
		json_array_append_new(events, lc_event(c, "review_release",
		    old, to, reason, NULL));
		json_object_set_new(rec, "disclosure", json_string(to));
		json_object_set_new(rec, "disclosure_reason",
		    strcmp(to, "public") == 0 ? json_null() :
		    json_string(reason));
		json_object_set_new(rec, "next_review", json_null());
		lc_set_flag(rec, "review_overdue", 0);
		lc_set_flag(rec, "missing_reason", 0);
		lc_schedule_review(c, rec, c->today, 1);
		return 0;
	}
	/* Keep is a decision on a review that is due: due today or
	 * earlier, or flagged overdue.  Never accepted as a no-op. */
	if (due != NULL && strcmp(due, c->today) > 0 &&
	    !lc_has_flag(rec, "review_overdue"))
		return lc_fail(LC_ECONFLICT, err, errlen, "%s 下次审查日期为 "
		    "%s，尚未到期", lc_id(rec), due);
	if (lc_date_add(c->today, c->policy->review_months,
	    c->policy->review_days, next) == -1)
		return lc_fail(LC_EUSAGE, err, errlen, "无法从 %s 推算下次"
		    "审查日期", c->today);
	json_array_append_new(events, lc_event(c, "review_keep", due, next,
	    reason, NULL));
	json_object_set_new(rec, "next_review", json_string(next));
	lc_set_flag(rec, "review_overdue", 0);
	return 0;
}

const char *
lc_effective_date(json_t *rec)
{
	struct cndate	 cd;
	const char	*d = record_str(rec, "effective_from");

	if (lc_date_parse(d, &cd) == -1)
		d = record_str(rec, "signed_on");
	return lc_date_parse(d, &cd) == 0 ? d : NULL;
}

int
lc_repeal(const struct lc_ctx *c, json_t *rec, const char *by,
    const char *by_docno, const char *on, const char *reason,
    json_t *events, char *err, size_t errlen)
{
	const char	*st = record_str(rec, "status");
	char		 why[512], day[11];

	if (by != NULL && strcmp(by, lc_id(rec)) == 0)
		return lc_fail(LC_EUSAGE, err, errlen, "%s 不能废止自身",
		    lc_id(rec));
	if (on != NULL && lc_date_add(on, 0, 0, day) == -1)
		return lc_fail(LC_EUSAGE, err, errlen, "“%s”不是日期"
		    "（YYYY-MM-DD）", on);
	if (lc_empty(reason)) {
		if (by == NULL)
			return lc_fail(LC_EUSAGE, err, errlen, "废止需要说明"
			    "理由（--reason）");
		snprintf(why, sizeof(why), "由%s废止", by_docno ? by_docno :
		    by);
		reason = why;
	}
	if (st == NULL || (strcmp(st, "in_force") != 0 &&
	    strcmp(st, "expired") != 0))
		return lc_fail(LC_ECONFLICT, err, errlen, "%s %s，不能废止",
		    lc_id(rec), st ? label_status(st) : "状态不明");
	/*
	 * The legal date: the day given (the repealing document's 施行
	 * date, or --on), else today.  An expired document keeps the day
	 * it lapsed when that came first: it lost effect then.
	 */
	if (on == NULL)
		snprintf(day, sizeof(day), "%s", c->today);
	if (strcmp(st, "expired") == 0 && record_str(rec, "status_on") !=
	    NULL && strcmp(record_str(rec, "status_on"), day) < 0)
		snprintf(day, sizeof(day), "%s", record_str(rec, "status_on"));
	json_array_append_new(events, lc_event(c, "repeal", st, "repealed",
	    reason, by));
	json_object_set_new(rec, "status", json_string("repealed"));
	json_object_set_new(rec, "status_on", json_string(day));
	json_object_set_new(rec, "repealed_by", lc_strval(by));
	json_object_set_new(rec, "repeal_reason", json_string(reason));
	return 0;
}

/* Back in force: the repeal's traces go (the events keep them). */
static void
lc_back_in_force(json_t *rec)
{
	json_object_set_new(rec, "status", json_string("in_force"));
	json_object_set_new(rec, "status_on", json_null());
	json_object_set_new(rec, "repealed_by", json_null());
	if (json_object_get(rec, "repeal_reason") != NULL)
		json_object_set_new(rec, "repeal_reason", json_null());
}

int
lc_unrepeal(const struct lc_ctx *c, json_t *rec, const char *reason,
    json_t *events, char *err, size_t errlen)
{
	char by[64] = "";

	if (lc_empty(reason))
		return lc_fail(LC_EUSAGE, err, errlen, "撤销废止需要说明理由"
		    "（--reason）");
	if (lc_is(rec, "status", "cleaned"))
		return lc_fail(LC_ECONFLICT, err, errlen, "%s 已清理；恢复"
		    "效力请用 docketctl restore",
		    lc_id(rec));
	if (!lc_is(rec, "status", "repealed"))
		return lc_fail(LC_ECONFLICT, err, errlen, "%s %s，未被废止",
		    lc_id(rec), record_str(rec, "status") ?
		    label_status(record_str(rec, "status")) : "状态不明");
	if (record_str(rec, "repealed_by") != NULL)
		snprintf(by, sizeof(by), "%s", record_str(rec, "repealed_by"));
	json_array_append_new(events, lc_event(c, "unrepeal", "repealed",
	    "in_force", reason, by[0] ? by : NULL));
	lc_back_in_force(rec);
	return 0;
}

int
lc_restore(const struct lc_ctx *c, json_t *rec, const char *reason,
    json_t *events, char *err, size_t errlen)
{
	char by[64] = "";

	if (lc_empty(reason))
		return lc_fail(LC_EUSAGE, err, errlen, "恢复效力需要说明理由"
		    "（--reason）");
	if (!lc_is(rec, "status", "cleaned"))
		return lc_fail(LC_ECONFLICT, err, errlen, "%s %s，未清理%s",
		    lc_id(rec), record_str(rec, "status") ?
		    label_status(record_str(rec, "status")) : "状态不明",
		    lc_is(rec, "status", "repealed") ? "（清理前撤销废止请用 "
		    "docketctl unrepeal）" : "");
	if (record_str(rec, "repealed_by") != NULL)
		snprintf(by, sizeof(by), "%s", record_str(rec, "repealed_by"));
	json_array_append_new(events, lc_event(c, "restore", "cleaned",
	    "in_force", reason, by[0] ? by : NULL));
	lc_back_in_force(rec);
	/* Cleaning ended its review; in force again, a new one starts. */
	lc_schedule_review(c, rec, c->today, 1);
	return 0;
}

int
lc_hold(const struct lc_ctx *c, json_t *rec, int on, const char *reason,
    json_t *events, char *err, size_t errlen)
{
	int held = json_is_true(json_object_get(rec, "hold"));

	on = on != 0;
	if (lc_empty(reason))
		return lc_fail(LC_EUSAGE, err, errlen, "%s需要说明理由"
		    "（--reason）", on ? "冻结" : "解除冻结");
	if (on && lc_is(rec, "status", "cleaned"))
		return lc_fail(LC_ECONFLICT, err, errlen, "%s 已清理",
		    lc_id(rec));
	if (on == held)
		return lc_fail(LC_ECONFLICT, err, errlen, "%s %s",
		    lc_id(rec), on ? "已经冻结" : "未冻结");
	json_array_append_new(events, lc_event(c, on ? "hold" : "unhold",
	    on ? "off" : "on", on ? "on" : "off", reason, NULL));
	json_object_set_new(rec, "hold", json_boolean(on));
	return 0;
}

int
lc_ocr_checked(const struct lc_ctx *c, json_t *rec, const char *reason,
    json_t *events, char *err, size_t errlen)
{
	json_t *ev, *fields;

	if (lc_empty(reason))
		return lc_fail(LC_EUSAGE, err, errlen, "核对 OCR 识别字段需要"
		    "说明理由（--reason）");
	if (!lc_has_flag(rec, "ocr_check"))
		return lc_fail(LC_ECONFLICT, err, errlen, "%s 没有“OCR识别"
		    "待核对”标记：%s", lc_id(rec), lc_is(rec, "text_source",
		    "ocr") ? "已经核对过" : "不是由扫描件经 OCR 识别登记的");
	ev = lc_event(c, "ocr_checked", NULL, NULL, reason, NULL);
	fields = json_object_get(rec, "ocr_fields");
	json_object_set_new(ev, "fields", json_is_array(fields) ?
	    json_deep_copy(fields) : json_array());
	json_array_append_new(events, ev);
	lc_set_flag(rec, "ocr_check", 0);
	return 0;
}

int
lc_doc_kind(const struct lc_ctx *c, json_t *rec, const char *kind,
    const char *reason, json_t *events, char *err, size_t errlen)
{
	const char	*cur = record_str(rec, "doc_kind");
	char		 old[32];

	if (kind == NULL || (strcmp(kind, "regulation") != 0 &&
	    strcmp(kind, "normative") != 0 && strcmp(kind, "other") != 0 &&
	    strcmp(kind, "auto") != 0))
		return lc_fail(LC_EUSAGE, err, errlen, "文件类别只能是 "
		    "regulation（规章）、normative（行政规范性文件）、other"
		    "（其他）或 auto（按发文字号和标题判断），不是“%s”",
		    kind ? kind : "");
	if (lc_empty(reason))
		return lc_fail(LC_EUSAGE, err, errlen, "变更文件类别需要说明"
		    "理由（--reason）");
	/* A copy: setting the new value frees the record's string. */
	snprintf(old, sizeof(old), "%s", cur != NULL ? cur : "auto");
	if (strcmp(old, kind) == 0)
		return lc_fail(LC_ECONFLICT, err, errlen, "%s 的文件类别%s",
		    lc_id(rec), strcmp(kind, "auto") == 0 ? "未经人工设定，"
		    "已按发文字号和标题判断" : "已经是这一类别");
	json_array_append_new(events, lc_event(c, "doc_kind", old, kind,
	    reason, NULL));
	if (strcmp(kind, "auto") == 0)
		json_object_del(rec, "doc_kind");
	else
		json_object_set_new(rec, "doc_kind", json_string(kind));
	json_object_set_new(rec, "doc_kind_on", json_string(c->today));
	/* What it was, for the annual report's explanation of a change
	 * back to what the docno says (doc_kind then equals inference). */
	json_object_set_new(rec, "doc_kind_was", json_string(old));
	return 0;
}

int
lc_expire(const struct lc_ctx *c, json_t *rec, json_t *events)
{
	const char	*until = record_str(rec, "valid_until");
	char		 lapse[11], why[64];

	if (!lc_is(rec, "status", "in_force") || until == NULL ||
	    strcmp(until, c->today) >= 0 ||
	    lc_date_add(until, 0, 1, lapse) == -1)
		return LC_ECONFLICT;
	snprintf(why, sizeof(why), "valid until %s", until);
	json_array_append_new(events, lc_event(c, "expire", "in_force",
	    "expired", why, NULL));
	json_object_set_new(rec, "status", json_string("expired"));
	json_object_set_new(rec, "status_on", json_string(lapse));
	return 0;
}

int
lc_overdue(const struct lc_ctx *c, json_t *rec, json_t *events)
{
	const char	*due = record_str(rec, "next_review");
	char		 late[11], why[64];

	if (due == NULL || lc_has_flag(rec, "review_overdue") ||
	    lc_date_add(due, 0, c->policy->review_grace_days, late) == -1 ||
	    strcmp(late, c->today) > 0)
		return LC_ECONFLICT;
	snprintf(why, sizeof(why), "review was due on %s", due);
	json_array_append_new(events, lc_event(c, "review_overdue", due, NULL,
	    why, NULL));
	lc_set_flag(rec, "review_overdue", 1);
	return 0;
}

int
lc_clean(const struct lc_ctx *c, json_t *rec, json_t *events, char *err,
    size_t errlen)
{
	const char *st = record_str(rec, "status");

	if (st == NULL || (strcmp(st, "expired") != 0 &&
	    strcmp(st, "repealed") != 0))
		return lc_fail(LC_ECONFLICT, err, errlen, "%s %s；只清理已失效"
		    "或已废止的文件", lc_id(rec), st ? label_status(st) :
		    "状态不明");
	if (json_is_true(json_object_get(rec, "hold")))
		return lc_fail(LC_ECONFLICT, err, errlen, "%s 已冻结",
		    lc_id(rec));
	json_array_append_new(events, lc_event(c, "clean", st, "cleaned",
	    NULL, record_str(rec, "repealed_by")));
	json_object_set_new(rec, "status", json_string("cleaned"));
	json_object_set_new(rec, "next_review", json_null());
	lc_set_flag(rec, "review_overdue", 0);
	return 0;
}
