/*
 * apply_clock: the deadline of a disclosure application, derived from
 * its events and the calendar (see apply_clock.h for the rules).  The
 * due date is found by one walk over the days after receipt: a day that
 * is not a working day is passed, a working day inside a pause
 * (consultation, fee) is passed and counted as paused, any other working
 * day is counted, until the 20th (40th with the extension).  The same
 * walk writes the explanation, so what `apply explain` shows is what
 * the clock computed.  A due date the office set under Art. 35 then
 * replaces the walk's (which explain still shows, as Art. 33's).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply_clock.h"
#include "calendar.h"
#include "cndate.h"

const char *const apply_flag_names[APPLY_F_COUNT] = {
	"due_soon", "overdue", "correction_expired", "consult_expired",
	"fee_unpaid", "answered_late", "estimated"
};

#define APPLY_MAX_PAUSES	64

struct apply_pause {
	int64_t		 from, to;	/* paused: (from, to] */
	int		 fee;		/* else a consultation */
	int		 open;
	const char	*party;
};

void
apply_day_str(int64_t day, char buf[11])
{
	int y, m, d;

	cndate_civil_from_days(day, &y, &m, &d);
	if (y < 0 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) {
		snprintf(buf, 11, "0000-00-00");
		return;
	}
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = buf[7] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
}

int64_t
apply_day_of(const char *s)
{
	int64_t d;

	if (s == NULL || strlen(s) != 10)
		return APPLY_NODAY;
	d = cndate_days_of(s);
	return d == INT64_MIN ? APPLY_NODAY : d;
}

static void
apply_say(struct strbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
apply_say(struct strbuf *sb, const char *fmt, ...)
{
	char	buf[1024];
	va_list	ap;
	int	n;

	if (sb == NULL)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	strbuf_add(sb, buf, (size_t)n < sizeof(buf) ? (size_t)n :
	    sizeof(buf) - 1);
}

/* 2026年3月1日 */
static const char *
apply_cn(int64_t day, char *buf, size_t len)
{
	char iso[11];

	apply_day_str(day, iso);
	cndate_format_cn(iso, buf, len);
	return buf;
}

static const char *
apply_wday(int64_t day)
{
	static const char *const w[7] = {
		"周一", "周二", "周三", "周四", "周五", "周六", "周日"
	};
	int64_t	i = (day + 3) % 7;

	return w[i < 0 ? i + 7 : i];
}

/* Art. 35 of the 条例, quoted in explain. */
#define APPLY_ART35_ASK	"“申请人申请公开政府信息的数量、频次明显超过合理" \
	"范围，行政机关可以要求申请人说明理由。”"
#define APPLY_ART35_DUE	"“行政机关认为申请理由合理，但是无法在本条例第三十" \
	"三条规定的期限内答复申请人的，可以确定延迟答复的合理期限并告知" \
	"申请人。”"
#define APPLY_ART35_NO	"“行政机关认为申请理由不合理，告知申请人不予处理”"

/* The Art. 31 rule for a channel, in Chinese. */
static const char *
apply_receipt_rule(const char *channel)
{
	if (channel == NULL)
		return "（未记录提交方式）";
	if (strcmp(channel, "in_person") == 0)
		return "当面提交：以提交之日为收到申请之日（第三十一条第一项）";
	if (strcmp(channel, "post") == 0)
		return "邮寄（需签收）：以行政机关签收之日为收到申请之日"
		    "（第三十一条第二项）";
	if (strcmp(channel, "mail") == 0)
		return "平常信函等无需签收的邮寄方式：以政府信息公开工作机构与"
		    "申请人确认之日为收到申请之日（第三十一条第二项）";
	if (strcmp(channel, "online") == 0)
		return "互联网渠道：以双方确认之日为收到申请之日（第三十一条"
		    "第三项）";
	if (strcmp(channel, "fax") == 0)
		return "传真：以双方确认之日为收到申请之日（第三十一条第三项）";
	return "（未知的提交方式）";
}

static const char *
apply_s(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* The pause (from, to] holding day, or NULL. */
static const struct apply_pause *
apply_paused_on(const struct apply_pause *p, size_t np, int64_t day)
{
	size_t i;

	for (i = 0; i < np; i++)
		if (day > p[i].from && day <= p[i].to)
			return &p[i];
	return NULL;
}

/* Note a year the calendar has no data for. */
static void
apply_touch(const struct calendar *cal, int64_t day, int *est)
{
	int y, m, d;

	cndate_civil_from_days(day, &y, &m, &d);
	if (!calendar_has_year(cal, y))
		*est = 1;
}

int
apply_clock_run(const struct calendar *cal, json_t *events, int64_t today,
    int due_soon, struct apply_clock *out, struct strbuf *ex, char *err,
    size_t errlen)
{
	struct apply_pause	 p[APPLY_MAX_PAUSES];
	const struct apply_pause *pp;
	size_t			 np = 0, i, k;
	json_t			*ev, *answer_ev = NULL;
	const char		*action, *channel = NULL, *name, *s;
	char			 cn[64], cn2[64], cn3[64], iso[11];
	int64_t			 r = APPLY_NODAY, on, end, cap, d;
	int64_t			 ext_on = APPLY_NODAY, set_on = APPLY_NODAY;
	int			 awaiting = 0, ext = 0, est = 0, n, target;
	int			 within = APPLY_CORRECT_WITHIN, left;

	memset(out, 0, sizeof(*out));
	out->received = out->received_first = out->due = APPLY_NODAY;
	out->answered = out->correction_deadline = APPLY_NODAY;
	out->consult_deadline = out->fee_deadline = APPLY_NODAY;
	out->asked = out->set_due = out->due33 = APPLY_NODAY;
	if (!json_is_array(events)) {
		snprintf(err, errlen, "申请没有事件记录");
		return -1;
	}
	json_array_foreach(events, i, ev) {
		if ((action = apply_s(ev, "action")) == NULL)
			continue;
		on = apply_day_of(apply_s(ev, "on"));
		if (on == APPLY_NODAY && strcmp(action, "appeal_result") != 0) {
			snprintf(err, errlen, "事件 %zu（%s）没有有效日期", i + 1,
			    action);
			return -1;
		}
		if (strcmp(action, "receive") == 0) {
			r = out->received_first = on;
			channel = apply_s(ev, "channel");
			apply_say(ex, "收到申请之日：%s（%s）\n  依据：%s\n",
			    apply_cn(on, cn, sizeof(cn)), apply_wday(on),
			    apply_receipt_rule(channel));
		} else if (strcmp(action, "correct") == 0) {
			awaiting = 1;
			if (json_is_integer(json_object_get(ev, "within")))
				within = (int)json_integer_value(
				    json_object_get(ev, "within"));
			out->correction_deadline = calendar_add_workdays(cal,
			    on, within, &est);
			n = r != APPLY_NODAY ? calendar_count_workdays(cal, r,
			    on, &est) : 0;
			apply_say(ex, "%s 一次性告知补正（第三十条）：收到申请后"
			    "第 %d 个工作日%s；补正期限 %d 个工作日，至 %s。"
			    "补正期间不计算答复期限。\n", apply_cn(on, cn,
			    sizeof(cn)), n, n > APPLY_CORRECT_ASK_DAYS ?
			    "（超过第三十条规定的 7 个工作日）" : "", within,
			    apply_cn(out->correction_deadline, cn2,
			    sizeof(cn2)));
		} else if (strcmp(action, "corrected") == 0) {
			awaiting = 0;
			r = on;
			ext = 0;
			ext_on = APPLY_NODAY;
			out->set_due = set_on = APPLY_NODAY;
			out->correction_deadline = APPLY_NODAY;
			apply_say(ex, "%s 收到补正后的申请：答复期限自该日起"
			    "重新计算（第三十条）。\n", apply_cn(on, cn,
			    sizeof(cn)));
		} else if ((strcmp(action, "consult") == 0 ||
		    strcmp(action, "fee") == 0) && np < APPLY_MAX_PAUSES) {
			p[np].from = on;
			p[np].to = APPLY_NODAY;
			p[np].fee = action[0] == 'f';
			p[np].open = 1;
			p[np].party = apply_s(ev, "party");
			np++;
		} else if (strcmp(action, "consulted") == 0 ||
		    strcmp(action, "paid") == 0) {
			for (k = 0; k < np; k++)
				if (p[k].open && p[k].fee == (action[0] == 'p')) {
					p[k].open = 0;
					p[k].to = on;
					break;
				}
		} else if (strcmp(action, "extend") == 0) {
			ext = APPLY_EXTEND_DAYS;
			ext_on = on;
		} else if (strcmp(action, "ask_reason") == 0) {
			out->asked = on;
			s = apply_s(ev, "what");
			apply_say(ex, "%s 要求申请人说明理由（第三十五条：%s）%s%s。"
			    "答复期限照常计算。\n", apply_cn(on, cn, sizeof(cn)),
			    APPLY_ART35_ASK, s ? "：" : "", s ? s : "");
		} else if (strcmp(action, "set_due") == 0) {
			out->set_due = apply_day_of(apply_s(ev, "due"));
			set_on = on;
			if (out->set_due == APPLY_NODAY) {
				snprintf(err, errlen, "事件 %zu（%s）没有有效的"
				    "延迟答复期限", i + 1, action);
				return -1;
			}
		} else if (strcmp(action, "answer") == 0) {
			out->answered = on;
			answer_ev = ev;
		}
	}
	if (r == APPLY_NODAY) {
		snprintf(err, errlen, "申请没有收到日期");
		return -1;
	}
	out->received = r;
	out->extended = ext;
	apply_touch(cal, r, &est);

	/* Pauses end at the reply (payment), else today (the answer). */
	end = out->answered != APPLY_NODAY ? out->answered : today;
	for (k = 0; k < np; k++) {
		if (p[k].open)
			p[k].to = end;
		if (!p[k].fee) {
			cap = calendar_add_workdays(cal, p[k].from,
			    APPLY_CONSULT_DAYS, &est);
			if (p[k].open && out->answered == APPLY_NODAY) {
				out->consult_deadline = cap;
				if (today > cap)
					out->flags |= APPLY_F_CONSULT_EXPIRED;
			}
			if (p[k].to > cap)
				p[k].to = cap;
		} else {
			cap = calendar_add_workdays(cal, p[k].from,
			    APPLY_FEE_DAYS, &est);
			if (p[k].open && out->answered == APPLY_NODAY) {
				out->fee_deadline = cap;
				if (today > cap)
					out->flags |= APPLY_F_FEE_UNPAID;
			}
		}
		if (p[k].to < p[k].from)
			p[k].to = p[k].from;
		apply_cn(p[k].to, cn3, sizeof(cn3));
		apply_say(ex, "%s %s%s%s（%s）：%s 至 %s 不计算答复期限%s。\n",
		    apply_cn(p[k].from, cn, sizeof(cn)), p[k].fee ?
		    "发出收费通知" : "征求意见", p[k].party ? "：" : "",
		    p[k].party ? p[k].party : "", p[k].fee ? "第四十二条" :
		    "第三十二条、第三十四条，答复期限 15 个工作日",
		    apply_cn(p[k].from + 1, cn2, sizeof(cn2)), cn3, p[k].open ?
		    (p[k].fee ? "（尚未缴费，暂计至今天）" :
		    "（尚未答复，暂计至今天，最长 15 个工作日）") : "");
	}

	if (awaiting && out->answered == APPLY_NODAY) {
		out->state = "awaiting_correction";
		if (today > out->correction_deadline)
			out->flags |= APPLY_F_CORRECTION_EXPIRED;
		apply_say(ex, "等待补正：答复期限待收到补正后的申请之日起重新"
		    "计算。%s\n", today > out->correction_deadline ?
		    "补正期限已过，申请人逾期未补正的，视为放弃申请（第三十"
		    "条），可以 apply answer --type other --sub "
		    "withdrawn_no_correction 结案。" : "");
		if (est)
			out->flags |= APPLY_F_ESTIMATED;
		return 0;
	}

	/* The walk. */
	target = APPLY_DAYS;
	apply_say(ex, "答复期限：自收到申请之日起 %d 个工作日内（第三十三条"
	    "第一款），收到申请之日不计入，逐日如下：\n", APPLY_DAYS);
	for (n = 0, d = r; n < target; ) {
		d++;
		apply_touch(cal, d, &est);
		name = calendar_name(cal, d);
		apply_day_str(d, iso);
		if (!calendar_is_workday(cal, d)) {
			if (calendar_kind(cal, d) == CAL_HOLIDAY)
				apply_say(ex, "  %s %s  %s 法定节假日，不计\n",
				    iso, apply_wday(d), name ? name : "");
			else
				apply_say(ex, "  %s %s  休息日，不计\n", iso,
				    apply_wday(d));
			continue;
		}
		if ((pp = apply_paused_on(p, np, d)) != NULL) {
			out->paused++;
			apply_say(ex, "  %s %s  %s期间，不计（暂停第 %d 个工作日）"
			    "\n", iso, apply_wday(d), pp->fee ? "等待缴费" :
			    "征求意见", out->paused);
			continue;
		}
		n++;
		if (calendar_kind(cal, d) == CAL_ADJUSTED_WORKDAY)
			apply_say(ex, "  %s %s  第 %d 个工作日（%s调休上班）\n",
			    iso, apply_wday(d), n, name ? name : "");
		else
			apply_say(ex, "  %s %s  第 %d 个工作日\n", iso,
			    apply_wday(d), n);
		if (n == APPLY_DAYS && ext > 0) {
			apply_say(ex, "  —— %s 经政府信息公开工作机构负责人同意"
			    "延长答复期限 %d 个工作日（第三十三条第二款）——\n",
			    apply_cn(ext_on, cn, sizeof(cn)), ext);
			target += ext;
		}
	}
	out->due = out->due33 = d;
	if (out->set_due != APPLY_NODAY) {
		/* Art. 35: the office's day replaces Art. 33's. */
		out->due = out->set_due;
		apply_say(ex, "按第三十三条的答复期限为 %s（%s）%s。\n",
		    apply_cn(d, cn, sizeof(cn)), apply_wday(d), out->paused ?
		    "（已顺延暂停的工作日）" : "");
		s = NULL;
		json_array_foreach(events, i, ev)
			if ((action = apply_s(ev, "action")) != NULL &&
			    strcmp(action, "set_due") == 0)
				s = apply_s(ev, "reason");
		apply_say(ex, "  —— %s 申请人说明的理由合理，但无法在第三十三条"
		    "规定的期限内答复，确定延迟答复的合理期限并告知申请人"
		    "（第三十五条：%s）%s%s ——\n", apply_cn(set_on, cn,
		    sizeof(cn)), APPLY_ART35_DUE, s ? "；理由：" : "", s ? s : "");
		apply_say(ex, "答复期限：%s（%s，第三十五条确定的延迟答复期限；"
		    "此后的暂停不再顺延）。\n", apply_cn(out->due, cn,
		    sizeof(cn)), apply_wday(out->due));
	} else
		apply_say(ex, "答复期限：%s（%s）%s。\n", apply_cn(d, cn,
		    sizeof(cn)), apply_wday(d), out->paused ?
		    "（已顺延暂停的工作日）" : "");

	if (out->answered != APPLY_NODAY) {
		out->state = "answered";
		/* Closed while the office waited for a correction: no
		 * answer time was running (Art. 30), so it cannot be late. */
		if (out->answered > out->due && !awaiting)
			out->flags |= APPLY_F_ANSWERED_LATE;
		apply_say(ex, "%s 已答复%s。\n", apply_cn(out->answered, cn,
		    sizeof(cn)), awaiting ? "，在等待补正期间结案，答复期限未"
		    "起算（第三十条）" : out->answered > out->due ?
		    "，晚于答复期限（answered_late）" : "，在期限内");
		if (out->asked != APPLY_NODAY && (s = apply_s(answer_ev,
		    "type")) != NULL && strcmp(s, "not_processed") == 0 &&
		    (s = apply_s(answer_ev, "sub")) != NULL &&
		    strcmp(s, "abusive") == 0)
			apply_say(ex, "申请人说明的理由不合理，告知申请人不予处理"
			    "（第三十五条：%s）。\n", APPLY_ART35_NO);
	} else {
		for (k = 0; k < np; k++)
			if (p[k].open)
				break;
		out->state = k == np ? "open" : p[k].fee ?
		    "awaiting_payment" : "consulting";
		if (today <= out->due)
			left = calendar_count_workdays(cal, today, out->due,
			    &est);
		else
			left = -calendar_count_workdays(cal, out->due, today,
			    &est);
		out->left = left;
		out->has_left = 1;
		if (today > out->due)
			out->flags |= APPLY_F_OVERDUE;
		else if (left <= due_soon)
			out->flags |= APPLY_F_DUE_SOON;
	}
	if (est) {
		out->flags |= APPLY_F_ESTIMATED;
		apply_say(ex, "注意：所涉年份没有节假日数据，按周一至周五估算"
		    "，以国务院办公厅通知为准。\n");
	}
	return 0;
}

int64_t
apply_clock_next(const struct calendar *cal, const struct apply_clock *ck,
    int64_t today, int due_soon)
{
	int64_t	best = APPLY_NODAY, c[5], d;
	size_t	n = 0, i;
	int	k, running;

	if (ck->answered != APPLY_NODAY || ck->state == NULL)
		return APPLY_NODAY;
	if (strcmp(ck->state, "awaiting_correction") == 0) {
		if (!(ck->flags & APPLY_F_CORRECTION_EXPIRED) &&
		    ck->correction_deadline != APPLY_NODAY)
			c[n++] = ck->correction_deadline + 1;
	} else {
		if (ck->consult_deadline != APPLY_NODAY &&
		    !(ck->flags & APPLY_F_CONSULT_EXPIRED))
			c[n++] = ck->consult_deadline + 1;
		if (ck->fee_deadline != APPLY_NODAY &&
		    !(ck->flags & APPLY_F_FEE_UNPAID))
			c[n++] = ck->fee_deadline + 1;
		/* While a pause runs, each paused day moves the due date
		 * with it: the count of days left stands still.  Not a
		 * due date set under Art. 35: that day stays. */
		running = ck->set_due != APPLY_NODAY ||
		    (ck->fee_deadline == APPLY_NODAY &&
		    (ck->consult_deadline == APPLY_NODAY ||
		    (ck->flags & APPLY_F_CONSULT_EXPIRED)));
		if (running && ck->due != APPLY_NODAY) {
			if (!(ck->flags & APPLY_F_OVERDUE))
				c[n++] = ck->due + 1;
			if (!(ck->flags & (APPLY_F_OVERDUE |
			    APPLY_F_DUE_SOON)) && due_soon >= 0) {
				/* The day due_soon working days are left:
				 * the (due_soon + 1)th working day back from
				 * the due date, the due date counted. */
				for (d = ck->due, k = 1; k < due_soon + 1 &&
				    d > ck->received; ) {
					d--;
					if (calendar_is_workday(cal, d))
						k++;
				}
				c[n++] = d;
			}
		}
	}
	for (i = 0; i < n; i++)
		if (c[i] > today && (best == APPLY_NODAY || c[i] < best))
			best = c[i];
	return best;
}
