/*
 * apply: the application record and its changes (see apply.h).  Every
 * change is checked against the clock as of its own day: an extension
 * only before the due date, a correction request only once (with a
 * warning after the 7th working day of Art. 30), an answer's type and
 * sub-type exactly the rows of the national annual-report table, a due
 * date set under Art. 35 only after the reasons were asked for, once,
 * later than the due date in force and decided before it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "calendar.h"
#include "cndate.h"
#include "label.h"
#include "record.h"

const char *const apply_channels[] = {
	"in_person", "post", "mail", "online", "fax", NULL
};
const char *const apply_applicant_types[] = {
	"person", "business", "research", "nonprofit", "legal", "other", NULL
};
const char *const apply_answer_types[] = {
	"granted", "partial", "denied", "unavailable", "not_processed",
	"other", NULL
};
const char *const apply_appeal_kinds[] = { "review", "lawsuit", NULL };
const char *const apply_appeal_results[] = {
	"upheld", "corrected", "other", "pending", NULL
};

static const char *const apply_subs_denied[] = {
	"state_secret", "law_forbids", "three_safeties", "third_party",
	"internal_affairs", "process_info", "enforcement_file",
	"query_matter", NULL
};
static const char *const apply_subs_unavailable[] = {
	"not_held", "needs_creation", "unclear_after_correction", NULL
};
static const char *const apply_subs_not_processed[] = {
	"petition", "repeat", "publication", "abusive", "confirm_request", NULL
};
static const char *const apply_subs_other[] = {
	"withdrawn_no_correction", "fee_unpaid", "other", NULL
};

int
apply_one_of(const char *const *list, const char *v)
{
	if (v == NULL)
		return 0;
	for (; *list != NULL; list++)
		if (strcmp(*list, v) == 0)
			return 1;
	return 0;
}

const char *const *
apply_answer_subs(const char *type, int *known)
{
	*known = apply_one_of(apply_answer_types, type);
	if (!*known)
		return NULL;
	if (strcmp(type, "denied") == 0)
		return apply_subs_denied;
	if (strcmp(type, "unavailable") == 0)
		return apply_subs_unavailable;
	if (strcmp(type, "not_processed") == 0)
		return apply_subs_not_processed;
	if (strcmp(type, "other") == 0)
		return apply_subs_other;
	return NULL;
}

void
apply_list_str(const char *const *list, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (; *list != NULL && n < len; list++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? "|" : "",
		    *list);
}

void
apply_id_format(int year, unsigned int n, char buf[APPLY_ID_LEN])
{
	snprintf(buf, APPLY_ID_LEN, "A%04d-%05u", year % 10000, n % 100000);
}

int
apply_id_parse(const char *s, int *year, unsigned int *n)
{
	int i;

	if (s == NULL || strlen(s) != 11 || (s[0] != 'A' && s[0] != 'a') ||
	    s[5] != '-')
		return -1;
	for (i = 1; i < 11; i++)
		if (i != 5 && (s[i] < '0' || s[i] > '9'))
			return -1;
	*year = atoi(s + 1);
	*n = (unsigned int)atoi(s + 6);
	return *n == 0 ? -1 : 0;
}

static const char *
apply_str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* A non-empty text argument. */
static const char *
apply_text(json_t *args, const char *k)
{
	const char *s = apply_str(args, k);

	return s != NULL && s[strspn(s, " \t\r\n")] != '\0' ? s : NULL;
}

static json_t *
apply_strval(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

/* --on: a real date, not after today, not before receipt. */
static int
apply_on(const struct apply_ctx *c, json_t *rec, json_t *args,
    const char *opt, int64_t *day, char *err, size_t errlen)
{
	const char	*s = apply_str(args, "on");
	int64_t		 first;

	if (s == NULL) {
		snprintf(err, errlen, "缺少 %s 日期（YYYY-MM-DD）", opt);
		return APPLY_EUSAGE;
	}
	if ((*day = apply_day_of(s)) == APPLY_NODAY) {
		snprintf(err, errlen, "%s %s 不是有效日期（YYYY-MM-DD）", opt,
		    s);
		return APPLY_EUSAGE;
	}
	if (*day > c->today) {
		snprintf(err, errlen, "%s %s 晚于今天", opt, s);
		return APPLY_EUSAGE;
	}
	/* The clock is the 2019 条例's, in force from 2019-05-15. */
	if (*day < apply_day_of("2019-05-15")) {
		snprintf(err, errlen, "%s %s 早于 2019-05-15（修订后的《政府"
		    "信息公开条例》施行之日），docket 不按旧条例计算期限", opt, s);
		return APPLY_EUSAGE;
	}
	first = rec != NULL ? apply_day_of(apply_str(rec, "received_first")) :
	    APPLY_NODAY;
	if (first != APPLY_NODAY && *day < first) {
		snprintf(err, errlen, "%s %s 早于收到申请之日 %s", opt, s,
		    apply_str(rec, "received_first"));
		return APPLY_EUSAGE;
	}
	return 0;
}

static const char *
apply_rule_of(const char *channel)
{
	if (strcmp(channel, "in_person") == 0)
		return "art31_1";
	if (strcmp(channel, "online") == 0 || strcmp(channel, "fax") == 0)
		return "art31_3";
	return "art31_2";
}

static json_t *
apply_event(const struct apply_ctx *c, json_t *rec, const char *action,
    const char *on)
{
	char	ts[64];
	json_t	*evs = json_object_get(rec, "events");

	record_rfc3339(c->now, ts, sizeof(ts));
	return json_pack("{s:I, s:s, s:s, s:s, s:o}", "seq",
	    (json_int_t)json_array_size(evs) + 1, "time", ts, "actor",
	    c->actor, "action", action, "on", apply_strval(on));
}

/*
 * An application registered when it is already due soon or overdue (it
 * was received long before): its log says so at once, as the daily tick
 * says it of the others (apply_tick), which sees no change later.
 */
static void
apply_new_flags(const struct apply_ctx *c, json_t *rec)
{
	json_t	*set = json_array(), *x, *ev;
	char	 today[11];
	size_t	 i;

	json_array_foreach(json_object_get(rec, "flags"), i, x)
		if (json_is_string(x) && strcmp(json_string_value(x),
		    "estimated") != 0)
			json_array_append(set, x);
	if (json_array_size(set) == 0) {
		json_decref(set);
		return;
	}
	apply_day_str(c->today, today);
	ev = apply_event(c, rec, "flags", today);
	json_object_set_new(ev, "actor", json_string("docketd"));
	json_object_set_new(ev, "set", set);
	json_object_set_new(ev, "cleared", json_array());
	json_array_append_new(json_object_get(rec, "events"), ev);
}

json_t *
apply_new(const struct apply_ctx *c, const char *id, json_t *args,
    char *err, size_t errlen)
{
	const char	*received = apply_str(args, "received");
	const char	*channel = apply_str(args, "channel");
	const char	*type = apply_str(args, "applicant_type");
	const char	*applicant = apply_text(args, "applicant");
	const char	*request = apply_text(args, "request");
	json_t		*rec, *ev;
	char		 list[128];
	int64_t		 day;
	int		 rc;
	json_t		*on;

	on = json_pack("{s:s?}", "on", received);
	rc = apply_on(c, NULL, on, "--received", &day, err, errlen);
	json_decref(on);
	if (rc != 0)
		return NULL;
	if (!apply_one_of(apply_channels, channel)) {
		apply_list_str(apply_channels, list, sizeof(list));
		snprintf(err, errlen, "--channel %s：提交方式应为 %s",
		    channel ? channel : "（缺少）", list);
		return NULL;
	}
	if (applicant == NULL) {
		snprintf(err, errlen, "缺少申请人姓名或名称（--applicant）");
		return NULL;
	}
	if (!apply_one_of(apply_applicant_types, type)) {
		apply_list_str(apply_applicant_types, list, sizeof(list));
		snprintf(err, errlen, "--applicant-type %s：申请人类型应为 %s",
		    type ? type : "（缺少）", list);
		return NULL;
	}
	if (request == NULL) {
		snprintf(err, errlen, "缺少申请公开的政府信息的描述"
		    "（--request，第二十九条）");
		return NULL;
	}
	rec = json_pack("{s:s, s:o, s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:s,"
	    " s:n, s:b, s:s, s:[], s:i, s:n, s:[], s:n, s:n, s:n, s:[], s:[]}",
	    "id", id, "agency", apply_strval(apply_text(args, "agency")),
	    "applicant", applicant, "applicant_type", type,
	    "contact", apply_strval(apply_text(args, "contact")),
	    "channel", channel, "request", request, "received", received,
	    "received_first", received, "receipt_rule", apply_rule_of(channel),
	    "due", "extended", 0, "state", "open", "flags",
	    "paused_working_days", 0, "correction", "consultations", "fee",
	    "reasons", "answer", "appeals", "events");
	if (rec == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	ev = apply_event(c, rec, "receive", received);
	json_object_set_new(ev, "channel", json_string(channel));
	json_array_append_new(json_object_get(rec, "events"), ev);
	if (apply_derive(c, rec, NULL, err, errlen) == -1) {
		json_decref(rec);
		return NULL;
	}
	apply_new_flags(c, rec);
	return rec;
}

/* The clock of rec as of day (for checks on the day of a change). */
static int
apply_clock_at(const struct apply_ctx *c, json_t *rec, int64_t day,
    struct apply_clock *ck, char *err, size_t errlen)
{
	return apply_clock_run(c->cal, json_object_get(rec, "events"), day,
	    c->due_soon, ck, NULL, err, errlen);
}

static int
apply_do_answer(const struct apply_ctx *c, json_t *rec, json_t *args,
    json_t *ev, int64_t on, char *err, size_t errlen)
{
	const char		*type = apply_str(args, "type");
	const char		*sub = apply_str(args, "sub");
	const char		*refer = apply_text(args, "refer");
	const char		*reason = apply_text(args, "reason");
	const char *const	*subs;
	json_t			*docs = json_object_get(args, "docs"), *a;
	char			 list[256];
	int			 known;

	subs = apply_answer_subs(type, &known);
	if (!known) {
		apply_list_str(apply_answer_types, list, sizeof(list));
		snprintf(err, errlen, "--type %s：答复类型应为 %s",
		    type ? type : "（缺少）", list);
		return APPLY_EUSAGE;
	}
	if (subs != NULL && !apply_one_of(subs, sub)) {
		apply_list_str(subs, list, sizeof(list));
		snprintf(err, errlen, "--sub %s：%s 的细分类型应为 %s",
		    sub ? sub : "（缺少）", type, list);
		return APPLY_EUSAGE;
	}
	if (subs == NULL && sub != NULL) {
		snprintf(err, errlen, "--sub：答复类型 %s 没有细分类型", type);
		return APPLY_EUSAGE;
	}
	if (refer != NULL && !(strcmp(type, "unavailable") == 0 &&
	    strcmp(sub, "not_held") == 0)) {
		snprintf(err, errlen, "--refer 只用于 --type unavailable --sub "
		    "not_held（告知申请人掌握该信息的机关，第三十六条第五项）");
		return APPLY_EUSAGE;
	}
	if (reason == NULL) {
		snprintf(err, errlen, "答复需要理由或说明（--reason）");
		return APPLY_EUSAGE;
	}
	if (docs != NULL && !json_is_array(docs)) {
		snprintf(err, errlen, "--docs 应为文件编号列表");
		return APPLY_EUSAGE;
	}
	if (sub != NULL && strcmp(sub, "withdrawn_no_correction") == 0 &&
	    json_is_null(json_object_get(rec, "correction"))) {
		snprintf(err, errlen, "没有告知补正的记录，不能按逾期不补正"
		    "结案");
		return APPLY_ECONFLICT;
	}
	if (sub != NULL && strcmp(sub, "fee_unpaid") == 0 &&
	    json_is_null(json_object_get(rec, "fee"))) {
		snprintf(err, errlen, "没有收费通知的记录，不能按逾期未缴费"
		    "结案");
		return APPLY_ECONFLICT;
	}
	a = json_pack("{s:s, s:o, s:o, s:s, s:o, s:s}", "type", type, "sub",
	    apply_strval(sub), "docs", docs ? json_incref(docs) :
	    json_array(), "reason", reason, "refer", apply_strval(refer),
	    "on", apply_str(args, "on"));
	if (a == NULL) {
		snprintf(err, errlen, "out of memory");
		return APPLY_EUSAGE;
	}
	json_object_update(ev, a);
	json_object_set_new(rec, "answer", a);
	(void)c;
	(void)on;
	return 0;
}

int
apply_change(const struct apply_ctx *c, json_t *rec, const char *action,
    json_t *args, json_t **evp, const char **warning, char *err,
    size_t errlen)
{
	struct apply_clock	 ck;
	json_t			*ev, *o = NULL, *v;
	const char		*on_s = apply_str(args, "on"), *s;
	char			 list[128];
	int64_t			 on = APPLY_NODAY;
	int			 rc, within, answered, appeal, est = 0;
	size_t			 i;

	*evp = NULL;
	*warning = NULL;
	appeal = strcmp(action, "appeal") == 0 ||
	    strcmp(action, "appeal_result") == 0;
	answered = !json_is_null(json_object_get(rec, "answer"));
	if (answered && !appeal) {
		snprintf(err, errlen, "申请 %s 已于 %s 答复，不能再%s",
		    apply_str(rec, "id"), apply_str(json_object_get(rec,
		    "answer"), "on"), strcmp(action, "answer") == 0 ? "答复" :
		    "变更");
		return APPLY_ECONFLICT;
	}
	if (strcmp(action, "fee") == 0) {
		char today[11];

		apply_day_str(c->today, today);
		json_object_set_new(args, "on", json_string(today));
		on_s = apply_str(args, "on");
	}
	if (strcmp(action, "appeal_result") != 0 &&
	    (rc = apply_on(c, rec, args, "--on", &on, err, errlen)) != 0)
		return rc;
	/* The log is in the order things happened. */
	for (i = json_array_size(json_object_get(rec, "events")), v = NULL;
	    i > 0; i--) {
		v = json_array_get(json_object_get(rec, "events"), i - 1);
		/* docketd's flag changes are not the operator's log: an
		 * answer recorded late may be dated before them. */
		if (apply_day_of(apply_str(v, "on")) != APPLY_NODAY &&
		    (apply_str(v, "action") == NULL ||
		    strcmp(apply_str(v, "action"), "flags") != 0))
			break;
		v = NULL;
	}
	if (on != APPLY_NODAY && v != NULL &&
	    on < apply_day_of(apply_str(v, "on"))) {
		snprintf(err, errlen, "--on %s 早于上一事件（%s）的日期 %s",
		    on_s, label_apply("action", apply_str(v, "action")),
		    apply_str(v, "on"));
		return APPLY_EUSAGE;
	}
	if (apply_clock_at(c, rec, on != APPLY_NODAY ? on : c->today, &ck,
	    err, errlen) == -1)
		return APPLY_ECONFLICT;
	if (!appeal && strcmp(action, "answer") != 0 &&
	    strcmp(action, "corrected") != 0 &&
	    strcmp(ck.state, "awaiting_correction") == 0) {
		snprintf(err, errlen, "申请 %s 正在等待补正：先记录补正"
		    "（apply corrected）或答复（apply answer）",
		    apply_str(rec, "id"));
		return APPLY_ECONFLICT;
	}
	ev = apply_event(c, rec, action, on_s);
	if (strcmp(action, "correct") == 0) {
		if ((s = apply_text(args, "what")) == NULL) {
			snprintf(err, errlen, "缺少需要补正的事项（--what）");
			goto usage;
		}
		within = APPLY_CORRECT_WITHIN;
		if ((v = json_object_get(args, "within")) != NULL) {
			if (!json_is_integer(v) || json_integer_value(v) < 1 ||
			    json_integer_value(v) > 60) {
				snprintf(err, errlen, "--within 应为 1 到 60 "
				    "之间的工作日数");
				goto usage;
			}
			within = (int)json_integer_value(v);
		}
		if (!json_is_null(json_object_get(rec, "correction"))) {
			snprintf(err, errlen, "第三十条：补正只能一次性告知，"
			    "申请 %s 已告知过", apply_str(rec, "id"));
			goto conflict;
		}
		if (calendar_count_workdays(c->cal, ck.received, on, &est) >
		    APPLY_CORRECT_ASK_DAYS) {
			*warning = "补正告知晚于收到申请之日起 7 个工作日"
			    "（第三十条），已记录";
			json_object_set_new(ev, "warning",
			    json_string(*warning));
		}
		json_object_set_new(ev, "what", json_string(s));
		json_object_set_new(ev, "within", json_integer(within));
		json_object_set_new(rec, "correction", json_pack("{s:s, s:s,"
		    " s:i, s:s, s:n}", "on", on_s, "what", s, "within", within,
		    "deadline", "", "corrected_on"));
	} else if (strcmp(action, "corrected") == 0) {
		o = json_object_get(rec, "correction");
		if (strcmp(ck.state, "awaiting_correction") != 0) {
			snprintf(err, errlen, "申请 %s 没有在等待补正",
			    apply_str(rec, "id"));
			goto conflict;
		}
		if (on < apply_day_of(apply_str(o, "on"))) {
			snprintf(err, errlen, "--on %s 早于告知补正之日 %s",
			    on_s, apply_str(o, "on"));
			goto usage;
		}
		json_object_set_new(o, "corrected_on", json_string(on_s));
	} else if (strcmp(action, "consult") == 0) {
		if ((s = apply_text(args, "party")) == NULL) {
			snprintf(err, errlen, "缺少征求意见的对象（--party）");
			goto usage;
		}
		json_object_set_new(ev, "party", json_string(s));
		json_array_append_new(json_object_get(rec, "consultations"),
		    json_pack("{s:s, s:s, s:n}", "party", s, "on", on_s,
		    "replied_on"));
	} else if (strcmp(action, "consulted") == 0) {
		for (i = 0, o = NULL; i < json_array_size(json_object_get(rec,
		    "consultations")); i++) {
			o = json_array_get(json_object_get(rec,
			    "consultations"), i);
			if (json_is_null(json_object_get(o, "replied_on")))
				break;
			o = NULL;
		}
		if (o == NULL) {
			snprintf(err, errlen, "申请 %s 没有未答复的征求意见",
			    apply_str(rec, "id"));
			goto conflict;
		}
		if (on < apply_day_of(apply_str(o, "on"))) {
			snprintf(err, errlen, "--on %s 早于征求意见之日 %s",
			    on_s, apply_str(o, "on"));
			goto usage;
		}
		json_object_set(ev, "party", json_object_get(o, "party"));
		json_object_set_new(o, "replied_on", json_string(on_s));
	} else if (strcmp(action, "extend") == 0) {
		if (ck.set_due != APPLY_NODAY) {
			apply_day_str(ck.set_due, list);
			snprintf(err, errlen, "申请 %s 已按第三十五条确定延迟答复"
			    "期限 %s，不再按第三十三条延长",
			    apply_str(rec, "id"), list);
			goto conflict;
		}
		if (ck.extended) {
			snprintf(err, errlen, "第三十三条：答复期限只能延长一次，"
			    "申请 %s 已延长", apply_str(rec, "id"));
			goto conflict;
		}
		if (on > ck.due) {
			apply_day_str(ck.due, list);
			snprintf(err, errlen, "答复期限 %s 已过，不能再延长"
			    "（第三十三条：延长须在期限内决定）", list);
			goto conflict;
		}
		if ((s = apply_text(args, "approved_by")) == NULL ||
		    apply_text(args, "reason") == NULL) {
			snprintf(err, errlen, "延长答复期限需要批准人"
			    "（--approved-by，政府信息公开工作机构负责人）和理由"
			    "（--reason）");
			goto usage;
		}
		json_object_set_new(ev, "approved_by", json_string(s));
		json_object_set_new(ev, "reason",
		    json_string(apply_text(args, "reason")));
		json_object_set_new(ev, "days", json_integer(APPLY_EXTEND_DAYS));
	} else if (strcmp(action, "fee") == 0) {
		if (!json_is_null(json_object_get(rec, "fee"))) {
			snprintf(err, errlen, "申请 %s 已发出过收费通知",
			    apply_str(rec, "id"));
			goto conflict;
		}
		if (!json_is_integer(json_object_get(args, "amount")) ||
		    apply_str(args, "method") == NULL) {
			snprintf(err, errlen, "收费需要计费方式和金额");
			goto usage;
		}
		/* Nothing to pay: no notice, so the clock never waits for a
		 * payment that cannot come (and docketd never closes it as
		 * fee_unpaid). */
		if (json_integer_value(json_object_get(args, "amount")) <= 0) {
			snprintf(err, errlen, "申请 %s 按本机关的计费方式不收费"
			    "（0 元）：不发收费通知，答复期限照常计算%s%s",
			    apply_str(rec, "id"),
			    apply_str(args, "derivation") ? "。" : "",
			    apply_str(args, "derivation") ?
			    apply_str(args, "derivation") : "");
			goto conflict;
		}
		o = json_pack("{s:s, s:O, s:O, s:O, s:O, s:s, s:n}", "method",
		    apply_str(args, "method"), "pages", json_object_get(args,
		    "pages") ? json_object_get(args, "pages") : json_null(),
		    "nth", json_object_get(args, "nth") ?
		    json_object_get(args, "nth") : json_null(), "amount",
		    json_object_get(args, "amount"), "derivation",
		    json_object_get(args, "derivation") ?
		    json_object_get(args, "derivation") : json_null(),
		    "notice_on", on_s, "paid_on");
		json_object_set_new(ev, "method", json_string(apply_str(args,
		    "method")));
		json_object_set(ev, "amount", json_object_get(args, "amount"));
		json_object_set_new(rec, "fee", o);
	} else if (strcmp(action, "paid") == 0) {
		o = json_object_get(rec, "fee");
		if (json_is_null(o) || o == NULL ||
		    !json_is_null(json_object_get(o, "paid_on"))) {
			snprintf(err, errlen, "申请 %s 没有待缴的费用",
			    apply_str(rec, "id"));
			goto conflict;
		}
		if (on < apply_day_of(apply_str(o, "notice_on"))) {
			snprintf(err, errlen, "--on %s 早于收费通知之日 %s",
			    on_s, apply_str(o, "notice_on"));
			goto usage;
		}
		json_object_set_new(o, "paid_on", json_string(on_s));
	} else if (strcmp(action, "ask_reason") == 0) {
		if ((s = apply_text(args, "what")) == NULL) {
			snprintf(err, errlen, "缺少要求申请人说明理由的事项"
			    "（--what，第三十五条）");
			goto usage;
		}
		if (json_is_object(json_object_get(rec, "reasons"))) {
			snprintf(err, errlen, "申请 %s 已于 %s 要求说明理由"
			    "（第三十五条）", apply_str(rec, "id"),
			    apply_str(json_object_get(rec, "reasons"),
			    "asked_on"));
			goto conflict;
		}
		json_object_set_new(ev, "what", json_string(s));
		json_object_set_new(rec, "reasons", json_pack("{s:s, s:s, s:n}",
		    "asked_on", on_s, "what", s, "set_due"));
	} else if (strcmp(action, "set_due") == 0) {
		char	 due33[11];
		int64_t	 due;

		o = json_object_get(rec, "reasons");
		if (!json_is_object(o) || ck.asked == APPLY_NODAY) {
			snprintf(err, errlen, "第三十五条：先要求申请人说明理由"
			    "（apply ask-reason），才能确定延迟答复期限");
			goto usage;
		}
		if (ck.set_due != APPLY_NODAY) {
			apply_day_str(ck.set_due, list);
			snprintf(err, errlen, "申请 %s 已确定延迟答复期限 %s，"
			    "只能确定一次", apply_str(rec, "id"), list);
			goto usage;
		}
		s = apply_str(args, "due");
		if ((due = apply_day_of(s)) == APPLY_NODAY) {
			snprintf(err, errlen, "--due %s 不是有效日期"
			    "（YYYY-MM-DD）", s ? s : "（缺少）");
			goto usage;
		}
		apply_day_str(ck.due, due33);
		if (due <= ck.due) {
			snprintf(err, errlen, "--due %s 不晚于现在的答复期限 %s"
			    "（第三十五条：延迟答复的期限应晚于第三十三条规定的"
			    "期限）", s, due33);
			goto usage;
		}
		if (on > ck.due) {
			snprintf(err, errlen, "答复期限 %s 已过，不能再确定延迟"
			    "答复期限（第三十五条：无法在第三十三条规定的期限内"
			    "答复的，在期限内确定并告知申请人）", due33);
			goto conflict;
		}
		if (apply_text(args, "reason") == NULL) {
			snprintf(err, errlen, "确定延迟答复期限需要理由"
			    "（--reason）");
			goto usage;
		}
		json_object_set_new(ev, "due", json_string(s));
		json_object_set_new(ev, "due_before", json_string(due33));
		json_object_set_new(ev, "reason",
		    json_string(apply_text(args, "reason")));
		json_object_set_new(o, "set_due", json_pack("{s:s, s:s, s:s,"
		    " s:s}", "on", on_s, "due", s, "reason",
		    apply_text(args, "reason"), "due_before", due33));
	} else if (strcmp(action, "answer") == 0) {
		if ((rc = apply_do_answer(c, rec, args, ev, on, err,
		    errlen)) != 0) {
			json_decref(ev);
			return rc;
		}
	} else if (strcmp(action, "appeal") == 0) {
		s = apply_str(args, "kind");
		if (!apply_one_of(apply_appeal_kinds, s)) {
			snprintf(err, errlen, "--kind %s：应为 review（行政复议）"
			    "或 lawsuit（行政诉讼）", s ? s : "（缺少）");
			goto usage;
		}
		json_object_set_new(ev, "kind", json_string(s));
		json_array_append_new(json_object_get(rec, "appeals"),
		    json_pack("{s:s, s:s, s:s}", "kind", s, "on", on_s,
		    "result", "pending"));
	} else if (strcmp(action, "appeal_result") == 0) {
		s = apply_str(args, "result");
		if (!apply_one_of(apply_appeal_results, s)) {
			apply_list_str(apply_appeal_results, list,
			    sizeof(list));
			snprintf(err, errlen, "--result %s：应为 %s",
			    s ? s : "（缺少）", list);
			goto usage;
		}
		o = json_object_get(rec, "appeals");
		if (json_array_size(o) == 0) {
			snprintf(err, errlen, "申请 %s 没有行政复议或诉讼的记录"
			    "（先 apply appeal）", apply_str(rec, "id"));
			goto conflict;
		}
		o = json_array_get(o, json_array_size(o) - 1);
		json_object_set_new(ev, "kind", json_string(apply_str(o,
		    "kind")));
		json_object_set_new(ev, "result", json_string(s));
		json_object_set_new(o, "result", json_string(s));
	} else {
		snprintf(err, errlen, "unknown action %s", action);
		goto usage;
	}
	json_array_append(json_object_get(rec, "events"), ev);
	if (apply_derive(c, rec, NULL, err, errlen) == -1) {
		json_decref(ev);
		return APPLY_ECONFLICT;
	}
	*evp = ev;
	return 0;
usage:
	json_decref(ev);
	return APPLY_EUSAGE;
conflict:
	json_decref(ev);
	return APPLY_ECONFLICT;
}

int
apply_derive(const struct apply_ctx *c, json_t *rec, struct apply_clock *out,
    char *err, size_t errlen)
{
	struct apply_clock	 ck;
	json_t			*flags, *o;
	char			 day[11];
	size_t			 i2;
	int64_t			 next;
	int			 i, est = 0;

	if (apply_clock_run(c->cal, json_object_get(rec, "events"), c->today,
	    c->due_soon, &ck, NULL, err, errlen) == -1)
		return -1;
	apply_day_str(ck.received, day);
	json_object_set_new(rec, "received", json_string(day));
	if (ck.due != APPLY_NODAY) {
		apply_day_str(ck.due, day);
		json_object_set_new(rec, "due", json_string(day));
	} else
		json_object_set_new(rec, "due", json_null());
	json_object_set_new(rec, "extended", json_boolean(ck.extended > 0));
	json_object_set_new(rec, "state", json_string(ck.state));
	flags = json_array();
	for (i = 0; i < APPLY_F_COUNT; i++)
		if (ck.flags & (1u << i))
			json_array_append_new(flags,
			    json_string(apply_flag_names[i]));
	json_object_set_new(rec, "flags", flags);
	json_object_set_new(rec, "paused_working_days",
	    json_integer(ck.paused));
	/* Records from before Art. 35 was kept have no "reasons". */
	if (json_object_get(rec, "reasons") == NULL)
		json_object_set_new(rec, "reasons", json_null());
	/* When docketd looks at it again (the app_due index). */
	next = apply_clock_next(c->cal, &ck, c->today, c->due_soon);
	if (next != APPLY_NODAY) {
		apply_day_str(next, day);
		json_object_set_new(rec, "next_check", json_string(day));
	} else
		json_object_set_new(rec, "next_check", json_null());
	if (json_is_object(o = json_object_get(rec, "correction"))) {
		if (ck.correction_deadline != APPLY_NODAY) {
			apply_day_str(ck.correction_deadline, day);
			json_object_set_new(o, "deadline", json_string(day));
		}
	}
	/* The deadlines of consultations (Art. 32: 15 working days) and of
	 * a fee notice (Art. 42: 20), for the due index. */
	json_array_foreach(json_object_get(rec, "consultations"), i2, o) {
		int64_t d = apply_day_of(json_string_value(json_object_get(o,
		    "on")));

		if (d == APPLY_NODAY)
			continue;
		apply_day_str(calendar_add_workdays(c->cal, d,
		    APPLY_CONSULT_DAYS, &est), day);
		json_object_set_new(o, "deadline", json_string(day));
	}
	if (json_is_object(o = json_object_get(rec, "fee")) &&
	    apply_day_of(apply_str(o, "notice_on")) != APPLY_NODAY) {
		apply_day_str(calendar_add_workdays(c->cal, apply_day_of(
		    apply_str(o, "notice_on")), APPLY_FEE_DAYS, &est), day);
		json_object_set_new(o, "deadline", json_string(day));
	}
	if (out != NULL)
		*out = ck;
	return 0;
}

int
apply_has_str(json_t *arr, const char *v)
{
	json_t	*x;
	size_t	 i;

	json_array_foreach(arr, i, x)
		if (json_is_string(x) && strcmp(json_string_value(x), v) == 0)
			return 1;
	return 0;
}

int
apply_tick(const struct apply_ctx *c, json_t *rec, int *closed, char *err,
    size_t errlen)
{
	json_t		*old, *now, *set, *cleared, *ev, *x, *args, *aev;
	const char	*warning;
	char		 today[11], reason[256];
	size_t		 i;
	int		 rc;

	*closed = 0;
	if (!json_is_null(json_object_get(rec, "answer")) &&
	    json_object_get(rec, "answer") != NULL) {
		/* Nothing runs any more: just the derived fields. */
		return apply_derive(c, rec, NULL, err, errlen) == -1 ? -1 : 0;
	}
	old = json_incref(json_object_get(rec, "flags"));
	if (apply_derive(c, rec, NULL, err, errlen) == -1) {
		json_decref(old);
		return -1;
	}
	now = json_object_get(rec, "flags");
	set = json_array();
	cleared = json_array();
	/* "estimated" says how a date was counted, not what is due. */
	json_array_foreach(now, i, x)
		if (!apply_has_str(old, json_string_value(x)) &&
		    strcmp(json_string_value(x), "estimated") != 0)
			json_array_append(set, x);
	json_array_foreach(old, i, x)
		if (json_is_string(x) && !apply_has_str(now,
		    json_string_value(x)) && strcmp(json_string_value(x),
		    "estimated") != 0)
			json_array_append(cleared, x);
	json_decref(old);
	apply_day_str(c->today, today);
	if (json_array_size(set) + json_array_size(cleared) > 0) {
		ev = apply_event(c, rec, "flags", today);
		json_object_set_new(ev, "set", set);
		json_object_set_new(ev, "cleared", cleared);
		json_array_append_new(json_object_get(rec, "events"), ev);
	} else {
		json_decref(set);
		json_decref(cleared);
	}
	if (!apply_has_str(now, "fee_unpaid"))
		return 0;
	/* Art. 42 and 国办函〔2020〕109号: unpaid 20 working days after the
	 * notice, the application is closed as abandoned. */
	snprintf(reason, sizeof(reason), "收费通知（%s）后 %d 个工作日内未缴费，"
	    "视为放弃申请（第四十二条，国办函〔2020〕109号）",
	    apply_str(json_object_get(rec, "fee"), "notice_on") ?
	    apply_str(json_object_get(rec, "fee"), "notice_on") : "?",
	    APPLY_FEE_DAYS);
	args = json_pack("{s:s, s:s, s:s, s:s}", "on", today, "type", "other",
	    "sub", "fee_unpaid", "reason", reason);
	rc = apply_change(c, rec, "answer", args, &aev, &warning, err,
	    errlen);
	json_decref(args);
	if (rc != 0)
		return -1;
	json_decref(aev);
	*closed = 1;
	return 0;
}

json_t *
apply_view(const struct apply_ctx *c, json_t *rec)
{
	struct apply_clock	 ck;
	json_t			*v = json_deep_copy(rec);
	char			 err[256];

	if (v == NULL || apply_derive(c, v, &ck, err, sizeof(err)) == -1) {
		json_decref(v);
		return NULL;
	}
	json_object_set_new(v, "working_days_left", ck.has_left ?
	    json_integer(ck.left) : json_null());
	return v;
}

char *
apply_explain(const struct apply_ctx *c, json_t *rec)
{
	struct apply_clock	 ck;
	struct strbuf		 sb;
	char			 err[256], line[512];
	int			 n;

	memset(&sb, 0, sizeof(sb));
	n = snprintf(line, sizeof(line), "申请 %s 的答复期限推算（依据"
	    "《中华人民共和国政府信息公开条例》）\n", apply_str(rec, "id"));
	strbuf_add(&sb, line, (size_t)n);
	if (apply_clock_run(c->cal, json_object_get(rec, "events"), c->today,
	    c->due_soon, &ck, &sb, err, sizeof(err)) == -1) {
		n = snprintf(line, sizeof(line), "无法推算：%s\n", err);
		strbuf_add(&sb, line, (size_t)n);
	}
	if (sb.nomem) {
		strbuf_free(&sb);
		return NULL;
	}
	return sb.s;
}
