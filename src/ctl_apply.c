/*
 * ctl_apply: `docketctl apply` — disclosure applications (依申请公开).
 * One command with subcommands (new, show, list, correct, corrected,
 * consult, consulted, extend, fee, paid, ask-reason, set-due, answer,
 * explain, appeal, appeal-result), each with exactly its own options.  Applicant details
 * are personal data, so reads as well as changes go through docketd's
 * socket, which lets only root and the admin group in: docketctl never
 * reads applications from LMDB itself.  Human output is Chinese, --json
 * the English keys of the record (apply.h).  Every bad input is a
 * Chinese message and exit 2.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "control.h"
#include "label.h"
#include "width.h"
#include "xalloc.h"

#include "docketctl.h"

/* The x[] slots of the options. */
enum {
	X_RECEIVED, X_CHANNEL, X_APPLICANT, X_APPLICANT_TYPE, X_REQUEST,
	X_CONTACT, X_OPEN, X_OVERDUE, X_WHAT, X_WITHIN, X_PARTY,
	X_APPROVED_BY, X_PAGES, X_COUNT, X_TYPE, X_SUB, X_DOCS, X_REFER,
	X_KIND, X_RESULT, X_DUE,
	/* the shared ones, checked by the same table */
	X_AGENCY, X_ON, X_REASON, X_DUE_BEFORE, X_N
};

static const char *const apply_optname[X_N] = {
	"--received", "--channel", "--applicant", "--applicant-type",
	"--request", "--contact", "--open", "--overdue", "--what", "--within",
	"--party", "--approved-by", "--pages", "--count", "--type", "--sub",
	"--docs", "--refer", "--kind", "--result", "--due", "--agency", "--on",
	"--reason", "--due-before"
};

static const struct option apply_opts[] = {
	{ "received", required_argument, NULL, CTL_O_X + X_RECEIVED },
	{ "channel", required_argument, NULL, CTL_O_X + X_CHANNEL },
	{ "applicant", required_argument, NULL, CTL_O_X + X_APPLICANT },
	{ "applicant-type", required_argument, NULL,
	    CTL_O_X + X_APPLICANT_TYPE },
	{ "request", required_argument, NULL, CTL_O_X + X_REQUEST },
	{ "contact", required_argument, NULL, CTL_O_X + X_CONTACT },
	{ "open", no_argument, NULL, CTL_O_X + X_OPEN },
	{ "overdue", no_argument, NULL, CTL_O_X + X_OVERDUE },
	{ "what", required_argument, NULL, CTL_O_X + X_WHAT },
	{ "within", required_argument, NULL, CTL_O_X + X_WITHIN },
	{ "party", required_argument, NULL, CTL_O_X + X_PARTY },
	{ "approved-by", required_argument, NULL, CTL_O_X + X_APPROVED_BY },
	{ "pages", required_argument, NULL, CTL_O_X + X_PAGES },
	{ "count", no_argument, NULL, CTL_O_X + X_COUNT },
	{ "type", required_argument, NULL, CTL_O_X + X_TYPE },
	{ "sub", required_argument, NULL, CTL_O_X + X_SUB },
	{ "docs", required_argument, NULL, CTL_O_X + X_DOCS },
	{ "refer", required_argument, NULL, CTL_O_X + X_REFER },
	{ "kind", required_argument, NULL, CTL_O_X + X_KIND },
	{ "result", required_argument, NULL, CTL_O_X + X_RESULT },
	{ "due", required_argument, NULL, CTL_O_X + X_DUE },
	{ "agency", required_argument, NULL, CTL_O_AGENCY },
	{ "on", required_argument, NULL, CTL_O_ON },
	{ "reason", required_argument, NULL, CTL_O_REASON },
	{ "due-before", required_argument, NULL, CTL_O_DUE },
	{ NULL, 0, NULL, 0 }
};

#define B(x)	(1u << (x))

struct apply_sub {
	const char	*name, *wire, *usage;
	int		 id;		/* takes ID */
	unsigned int	 allowed, required;
};

static const struct apply_sub apply_subs[] = {
	{ "new", CONTROL_CMD_APPLY_NEW, "--received DATE --channel C "
	    "--applicant NAME --applicant-type T --request TEXT [--contact "
	    "TEXT] [--agency NAME]", 0,
	    B(X_RECEIVED) | B(X_CHANNEL) | B(X_APPLICANT) |
	    B(X_APPLICANT_TYPE) | B(X_REQUEST) | B(X_CONTACT) | B(X_AGENCY),
	    B(X_RECEIVED) | B(X_CHANNEL) | B(X_APPLICANT) |
	    B(X_APPLICANT_TYPE) | B(X_REQUEST) },
	{ "show", CONTROL_CMD_APPLY_SHOW, "ID", 1, 0, 0 },
	{ "list", CONTROL_CMD_APPLY_LIST, "[--open] [--overdue] "
	    "[--due-before DATE] [--agency NAME]", 0,
	    B(X_OPEN) | B(X_OVERDUE) | B(X_DUE_BEFORE) | B(X_AGENCY), 0 },
	{ "correct", CONTROL_CMD_APPLY_CORRECT, "ID --on DATE --what TEXT "
	    "[--within N]", 1, B(X_ON) | B(X_WHAT) | B(X_WITHIN),
	    B(X_ON) | B(X_WHAT) },
	{ "corrected", CONTROL_CMD_APPLY_CORRECTED, "ID --on DATE", 1,
	    B(X_ON), B(X_ON) },
	{ "consult", CONTROL_CMD_APPLY_CONSULT, "ID --party NAME --on DATE", 1,
	    B(X_PARTY) | B(X_ON), B(X_PARTY) | B(X_ON) },
	{ "consulted", CONTROL_CMD_APPLY_CONSULTED, "ID --on DATE", 1,
	    B(X_ON), B(X_ON) },
	{ "extend", CONTROL_CMD_APPLY_EXTEND, "ID --on DATE --approved-by "
	    "NAME --reason TEXT", 1, B(X_ON) | B(X_APPROVED_BY) | B(X_REASON),
	    B(X_ON) | B(X_APPROVED_BY) | B(X_REASON) },
	{ "fee", CONTROL_CMD_APPLY_FEE, "ID --pages N | --count", 1,
	    B(X_PAGES) | B(X_COUNT), 0 },
	{ "paid", CONTROL_CMD_APPLY_PAID, "ID --on DATE", 1, B(X_ON),
	    B(X_ON) },
	{ "ask-reason", CONTROL_CMD_APPLY_ASK_REASON, "ID --on DATE --what "
	    "TEXT", 1, B(X_ON) | B(X_WHAT), B(X_ON) | B(X_WHAT) },
	{ "set-due", CONTROL_CMD_APPLY_SET_DUE, "ID --on DATE --due DATE "
	    "--reason TEXT", 1, B(X_ON) | B(X_DUE) | B(X_REASON),
	    B(X_ON) | B(X_DUE) | B(X_REASON) },
	{ "answer", CONTROL_CMD_APPLY_ANSWER, "ID --on DATE --type TYPE "
	    "[--sub SUB] [--docs D...] [--refer AGENCY] --reason TEXT", 1,
	    B(X_ON) | B(X_TYPE) | B(X_SUB) | B(X_DOCS) | B(X_REFER) |
	    B(X_REASON), B(X_ON) | B(X_TYPE) | B(X_REASON) },
	{ "explain", CONTROL_CMD_APPLY_EXPLAIN, "ID", 1, 0, 0 },
	{ "appeal", CONTROL_CMD_APPLY_APPEAL, "ID --kind review|lawsuit "
	    "--on DATE", 1, B(X_KIND) | B(X_ON), B(X_KIND) | B(X_ON) },
	{ "appeal-result", CONTROL_CMD_APPLY_APPEAL_RESULT, "ID --result "
	    "upheld|corrected|other|pending", 1, B(X_RESULT), B(X_RESULT) },
};

__attribute__((noreturn, format(printf, 2, 3))) static void
apply_usage(const struct apply_sub *s, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "docketctl: apply%s%s: ", s ? " " : "",
	    s ? s->name : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (s != NULL)
		fprintf(stderr, "（用法：docketctl apply %s %s）\n", s->name,
		    s->usage);
	else
		fprintf(stderr, "；见 'docketctl help apply'\n");
	exit(EX_USAGE);
}

static const char *
apply_opt(struct ctl *c, int x)
{
	switch (x) {
	case X_AGENCY:		return c->agency;
	case X_ON:		return c->on;
	case X_REASON:		return c->reason;
	case X_DUE_BEFORE:	return c->due_before;
	default:		return c->x[x];
	}
}

static void
apply_check_date(const struct apply_sub *s, const char *opt, const char *v)
{
	if (v != NULL && apply_day_of(v) == APPLY_NODAY)
		apply_usage(s, "%s %s 不是有效日期（YYYY-MM-DD）", opt, v);
}

/* A positive whole number, or exit 2. */
static long
apply_number(const struct apply_sub *s, const char *opt, const char *v,
    long max)
{
	char	*end;
	long	 n = strtol(v, &end, 10);

	if (*v == '\0' || *end != '\0' || n < 1 || n > max)
		apply_usage(s, "%s %s 应为 1 到 %ld 之间的整数", opt, v, max);
	return n;
}

static void
apply_check_list(const struct apply_sub *s, const char *opt, const char *v,
    const char *const *list, const char *what)
{
	char buf[256];

	if (v != NULL && !apply_one_of(list, v)) {
		apply_list_str(list, buf, sizeof(buf));
		apply_usage(s, "%s %s：%s应为 %s", opt, v, what, buf);
	}
}

/* --- output ----------------------------------------------------------------- */

static const char *
S(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static void
apply_kv(const char *k, const char *v)
{
	char	*q;
	size_t	 n;

	ctl_cell(k, 14, 0);
	if (v == NULL || *v == '\0' || !esc_needed(v)) {
		printf("%s\n", v != NULL && *v ? v : "—");
		return;
	}
	/* An applicant's data comes from outside (the drop folder too):
	 * quoted as list quotes it, never cut. */
	n = strlen(v) * 4 + 3;
	q = xmalloc(n);
	printf("%s\n", esc_ctl(v, q, n));
	free(q);
}

static void
apply_flags_str(json_t *flags, char *buf, size_t len)
{
	json_t	*v;
	size_t	 i, n = 0;

	buf[0] = '\0';
	json_array_foreach(flags, i, v)
		if (n < len)
			n += (size_t)snprintf(buf + n, len - n, "%s%s",
			    n ? "、" : "", label_apply("flag",
			    json_string_value(v)));
}

/* An event's action; for a change of flags, which: 标记变更：已逾期；
 * 解除：即将到期. */
static void
apply_event_what(json_t *ev, char *buf, size_t len)
{
	const char	*act = S(ev, "action");
	char		 set[256], clr[256];

	if (act == NULL || strcmp(act, "flags") != 0) {
		snprintf(buf, len, "%s", label_apply("action", act));
		return;
	}
	apply_flags_str(json_object_get(ev, "set"), set, sizeof(set));
	apply_flags_str(json_object_get(ev, "cleared"), clr, sizeof(clr));
	snprintf(buf, len, "%s%s%s%s%s", label_apply("action", act),
	    set[0] ? "：" : "", set, clr[0] ? (set[0] ? "；解除：" :
	    "：解除：") : "", clr);
}

static void
apply_print(json_t *r)
{
	json_t	*o, *v;
	size_t	 i;
	char	 buf[1024];

	apply_kv("编号", S(r, "id"));
	apply_kv("机关", S(r, "agency"));
	apply_kv("申请人", S(r, "applicant"));
	apply_kv("申请人类型", label_apply("applicant_type",
	    S(r, "applicant_type")));
	apply_kv("联系方式", S(r, "contact"));
	apply_kv("提交方式", label_apply("channel", S(r, "channel")));
	apply_kv("申请内容", S(r, "request"));
	apply_kv("收到申请之日", S(r, "received"));
	apply_kv("答复期限", S(r, "due"));
	apply_kv("已延长", json_is_true(json_object_get(r, "extended")) ?
	    "是（20 个工作日）" : "否");
	apply_kv("状态", label_apply("state", S(r, "state")));
	apply_flags_str(json_object_get(r, "flags"), buf, sizeof(buf));
	apply_kv("标记", buf);
	snprintf(buf, sizeof(buf), "%lld", (long long)json_integer_value(
	    json_object_get(r, "paused_working_days")));
	apply_kv("暂停工作日", buf);
	if (json_is_integer(v = json_object_get(r, "working_days_left")))
		snprintf(buf, sizeof(buf), "%lld", (long long)
		    json_integer_value(v));
	else
		buf[0] = '\0';
	apply_kv("剩余工作日", buf);
	if (json_is_object(o = json_object_get(r, "correction"))) {
		snprintf(buf, sizeof(buf), "%s 告知：%s；期限至 %s%s%s",
		    S(o, "on"), S(o, "what"), S(o, "deadline"),
		    S(o, "corrected_on") ? "；补正于 " : "",
		    S(o, "corrected_on") ? S(o, "corrected_on") : "");
		apply_kv("补正", buf);
	}
	json_array_foreach(json_object_get(r, "consultations"), i, o) {
		snprintf(buf, sizeof(buf), "%s %s，%s%s（期限 %s）", S(o, "on"),
		    S(o, "party"), S(o, "replied_on") ? S(o, "replied_on") :
		    "尚未答复", S(o, "replied_on") ? " 收到意见" : "",
		    S(o, "deadline") ? S(o, "deadline") : "—");
		apply_kv("征求意见", buf);
	}
	if (json_is_object(o = json_object_get(r, "fee"))) {
		snprintf(buf, sizeof(buf), "%s %lld 元，%s 通知，%s%s",
		    label_apply("fee", S(o, "method")), (long long)
		    json_integer_value(json_object_get(o, "amount")),
		    S(o, "notice_on"), S(o, "paid_on") ? "缴费于 " : "尚未缴费",
		    S(o, "paid_on") ? S(o, "paid_on") : "");
		apply_kv("收费", buf);
		if (S(o, "derivation") != NULL)
			apply_kv("", S(o, "derivation"));
	}
	if (json_is_object(o = json_object_get(r, "reasons"))) {
		snprintf(buf, sizeof(buf), "%s 要求申请人说明理由（第三十五条）"
		    "：%s", S(o, "asked_on"), S(o, "what"));
		apply_kv("说明理由", buf);
		if (json_is_object(v = json_object_get(o, "set_due"))) {
			snprintf(buf, sizeof(buf), "%s 确定延迟答复期限至 %s"
			    "（原期限 %s，第三十五条）：%s", S(v, "on"),
			    S(v, "due"), S(v, "due_before"), S(v, "reason"));
			apply_kv("延迟答复", buf);
		}
	}
	if (json_is_object(o = json_object_get(r, "answer"))) {
		snprintf(buf, sizeof(buf), "%s %s%s%s%s%s", S(o, "on"),
		    label_apply("answer", S(o, "type")), S(o, "sub") ? "：" :
		    "", S(o, "sub") ? label_apply("sub", S(o, "sub")) : "",
		    S(o, "refer") ? "；掌握该信息的机关：" : "",
		    S(o, "refer") ? S(o, "refer") : "");
		apply_kv("答复", buf);
		apply_kv("答复理由", S(o, "reason"));
		buf[0] = '\0';
		json_array_foreach(json_object_get(o, "docs"), i, v)
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
			    "%s%s", i ? " " : "", json_string_value(v));
		if (buf[0] != '\0')
			apply_kv("公开文件", buf);
	}
	json_array_foreach(json_object_get(r, "appeals"), i, o) {
		snprintf(buf, sizeof(buf), "%s %s，%s", S(o, "on"),
		    label_apply("appeal", S(o, "kind")), label_apply("result",
		    S(o, "result")));
		apply_kv("复议诉讼", buf);
	}
	printf("\n事件：\n");
	json_array_foreach(json_object_get(r, "events"), i, o) {
		apply_event_what(o, buf, sizeof(buf));
		printf("  %lld  %s  %s  %s  %s\n", (long long)
		    json_integer_value(json_object_get(o, "seq")), S(o, "on") ?
		    S(o, "on") : "", buf, S(o, "actor"), S(o, "time"));
	}
}

static void
apply_print_list(json_t *list)
{
	json_t	*r, *v;
	size_t	 i;
	char	 left[16], flags[256];

	if (json_array_size(list) == 0) {
		printf("没有符合条件的申请。\n");
		return;
	}
	ctl_cell("编号", 11, 0);
	ctl_cell("状态", 10, 0);
	ctl_cell("收到", 10, 0);
	ctl_cell("期限", 10, 0);
	ctl_cell("剩余", 4, 0);
	ctl_cell("申请人", 16, 0);
	ctl_cell("标记", 0, 1);
	json_array_foreach(list, i, r) {
		v = json_object_get(r, "working_days_left");
		if (json_is_integer(v))
			snprintf(left, sizeof(left), "%lld",
			    (long long)json_integer_value(v));
		else
			snprintf(left, sizeof(left), "-");
		apply_flags_str(json_object_get(r, "flags"), flags,
		    sizeof(flags));
		ctl_cell(S(r, "id"), 11, 0);
		ctl_cell(label_apply("state", S(r, "state")), 10, 0);
		ctl_cell(S(r, "received"), 10, 0);
		ctl_cell(S(r, "due"), 10, 0);
		ctl_cell(left, 4, 0);
		ctl_cell(S(r, "applicant"), 16, 0);
		ctl_cell(flags[0] ? flags : "-", 0, 1);
	}
	printf("共 %zu 件。\n", json_array_size(list));
}

/* --- the command ----------------------------------------------------------------- */

static int
ctl_apply(struct ctl *c, int argc, char **argv)
{
	const struct apply_sub	*s = NULL;
	json_t			*args, *res, *docs, *rec, *v2;
	const char		*v, *id = NULL, *p;
	size_t			 i;
	int			 x, first;

	for (i = 0; i < sizeof(apply_subs) / sizeof(apply_subs[0]); i++)
		if (strcmp(argv[0], apply_subs[i].name) == 0)
			s = &apply_subs[i];
	if (s == NULL)
		apply_usage(NULL, "没有子命令 '%s'（new, show, list, correct, "
		    "corrected, consult, consulted, extend, fee, paid, "
		    "ask-reason, set-due, answer, explain, appeal, "
		    "appeal-result）", argv[0]);
	/* Exactly this subcommand's options. */
	for (x = 0; x < X_N; x++) {
		if (apply_opt(c, x) != NULL && !(s->allowed & B(x)))
			apply_usage(s, "不接受选项 %s", apply_optname[x]);
		if (apply_opt(c, x) == NULL && (s->required & B(x)))
			apply_usage(s, "缺少选项 %s", apply_optname[x]);
	}
	if (s->id && argc < 2)
		apply_usage(s, "缺少申请编号");
	if (s->id)
		id = argv[1];
	first = s->id ? 2 : 1;
	if (argc > first && c->x[X_DOCS] == NULL)
		apply_usage(s, "多余的参数 '%s'", argv[first]);
	if (id != NULL) {
		int		y;
		unsigned int	n;

		if (apply_id_parse(id, &y, &n) == -1)
			apply_usage(s, "'%s' 不是申请编号（例如 A2026-00001）",
			    id);
	}
	apply_check_date(s, "--received", c->x[X_RECEIVED]);
	apply_check_date(s, "--on", c->on);
	apply_check_date(s, "--due-before", c->due_before);
	apply_check_date(s, "--due", c->x[X_DUE]);
	apply_check_list(s, "--channel", c->x[X_CHANNEL], apply_channels,
	    "提交方式");
	apply_check_list(s, "--applicant-type", c->x[X_APPLICANT_TYPE],
	    apply_applicant_types, "申请人类型");
	apply_check_list(s, "--type", c->x[X_TYPE], apply_answer_types,
	    "答复类型");
	apply_check_list(s, "--kind", c->x[X_KIND], apply_appeal_kinds,
	    "类型");
	apply_check_list(s, "--result", c->x[X_RESULT], apply_appeal_results,
	    "结果");
	if (c->x[X_TYPE] != NULL) {
		const char *const	*subs;
		int			 known;

		subs = apply_answer_subs(c->x[X_TYPE], &known);
		if (subs != NULL && c->x[X_SUB] == NULL)
			apply_usage(s, "答复类型 %s 需要 --sub（%s）",
			    c->x[X_TYPE], label_apply("answer",
			    c->x[X_TYPE]));
		if (subs == NULL && c->x[X_SUB] != NULL)
			apply_usage(s, "答复类型 %s 没有细分类型（--sub）",
			    c->x[X_TYPE]);
		if (subs != NULL)
			apply_check_list(s, "--sub", c->x[X_SUB], subs,
			    "细分类型");
		if (c->x[X_REFER] != NULL && (strcmp(c->x[X_TYPE],
		    "unavailable") != 0 || strcmp(c->x[X_SUB], "not_held")))
			apply_usage(s, "--refer 只用于 --type unavailable "
			    "--sub not_held");
	}
	if (strcmp(s->name, "fee") == 0 && (c->x[X_PAGES] != NULL) ==
	    (c->x[X_COUNT] != NULL))
		apply_usage(s, "给出 --pages N 或 --count 之一");

	args = json_object();
	if (id != NULL)
		json_object_set_new(args, "id", json_string(id));
	for (x = 0; x < X_N; x++) {
		if ((v = apply_opt(c, x)) == NULL || x == X_DOCS ||
		    x == X_OPEN || x == X_OVERDUE || x == X_COUNT ||
		    x == X_WITHIN || x == X_PAGES)
			continue;
		p = apply_optname[x] + 2;
		{
			char key[32];
			size_t k;

			snprintf(key, sizeof(key), "%s", p);
			for (k = 0; key[k]; k++)
				if (key[k] == '-')
					key[k] = '_';
			json_object_set_new(args, key, json_string(v));
		}
	}
	if (c->x[X_OPEN] != NULL)
		json_object_set_new(args, "open", json_true());
	if (c->x[X_OVERDUE] != NULL)
		json_object_set_new(args, "overdue", json_true());
	if (c->x[X_COUNT] != NULL)
		json_object_set_new(args, "count", json_true());
	if (c->x[X_WITHIN] != NULL)
		json_object_set_new(args, "within", json_integer(apply_number(s,
		    "--within", c->x[X_WITHIN], 60)));
	if (c->x[X_PAGES] != NULL)
		json_object_set_new(args, "pages", json_integer(apply_number(s,
		    "--pages", c->x[X_PAGES], 1000000)));
	/* Who may before anything is read: a user who may not change
	 * anything hears that, not what the index holds. */
	ctl_check_admin(c);
	if (c->x[X_DOCS] != NULL) {
		char *dup = xstrdup(c->x[X_DOCS]), *tok, *save = NULL;

		docs = json_array();
		for (tok = strtok_r(dup, ", ", &save); tok != NULL;
		    tok = strtok_r(NULL, ", ", &save))
			json_array_append_new(docs, json_string(tok));
		free(dup);
		for (x = first; x < argc; x++)
			json_array_append_new(docs, json_string(argv[x]));
		/* DOC as everywhere: an id, a docno or a sha256 prefix
		 * (exit 3 when none names a document); docketd takes ids. */
		if (json_array_size(docs) > 0)
			ctl_open(c);
		json_array_foreach(docs, i, v2) {
			rec = ctl_resolve(c, json_string_value(v2));
			json_array_set(docs, i, json_object_get(rec, "id"));
			json_decref(rec);
		}
		if (json_array_size(docs) == 0)
			apply_usage(s, "--docs 需要文件编号");
		json_object_set_new(args, "docs", docs);
	}

	res = ctl_call(c, s->wire, args);
	json_decref(args);
	if (c->json) {
		ctl_print_json(res);
		json_decref(res);
		return EX_OK;
	}
	if (strcmp(s->name, "new") == 0) {
		printf("%s\n", S(res, "id"));
		if (S(res, "warning") != NULL)
			fprintf(stderr, "docketctl: 警告：%s\n",
			    S(res, "warning"));
	} else if (strcmp(s->name, "show") == 0)
		apply_print(res);
	else if (strcmp(s->name, "list") == 0)
		apply_print_list(res);
	else if (strcmp(s->name, "explain") == 0)
		fputs(S(res, "text") ? S(res, "text") : "", stdout);
	else {
		rec = json_object_get(res, "record");
		printf("申请 %s：已记录%s。", S(res, "id"), label_apply("action",
		    S(json_object_get(res, "event"), "action")));
		if (S(rec, "due") != NULL &&
		    strcmp(S(rec, "state"), "answered") != 0)
			printf("答复期限 %s%s。", S(rec, "due"),
			    strcmp(s->name, "set-due") == 0 ?
			    "（第三十五条确定的延迟答复期限）" : "");
		printf("状态：%s。\n", label_apply("state", S(rec, "state")));
		if (strcmp(s->name, "fee") == 0 && json_is_object(
		    json_object_get(rec, "fee")))
			printf("%s\n", S(json_object_get(rec, "fee"),
			    "derivation"));
		if (json_is_object(json_object_get(rec, "answer"))) {
			json_t *f;

			json_array_foreach(json_object_get(rec, "flags"), i, f)
				if (strcmp(json_string_value(f),
				    "answered_late") == 0)
					printf("注意：答复晚于答复期限 %s"
					    "（逾期答复）。\n", S(rec, "due"));
		}
		if (S(res, "warning") != NULL)
			fprintf(stderr, "docketctl: 警告：%s\n",
			    S(res, "warning"));
	}
	json_decref(res);
	return EX_OK;
}

const struct ctl_cmd ctl_cmd_apply = {
	"apply", NULL, "SUBCOMMAND [ID] [OPTIONS]，为以下之一：\n"
	"      new --received DATE --channel C --applicant NAME\n"
	"        --applicant-type T --request TEXT [--contact TEXT] [--agency NAME]\n"
	"      show ID | explain ID\n"
	"      list [--open] [--overdue] [--due-before DATE] [--agency NAME]\n"
	"      correct ID --on DATE --what TEXT [--within N]\n"
	"      corrected ID --on DATE | consulted ID --on DATE | paid ID --on DATE\n"
	"      consult ID --party NAME --on DATE\n"
	"      extend ID --on DATE --approved-by NAME --reason TEXT\n"
	"      ask-reason ID --on DATE --what TEXT\n"
	"      set-due ID --on DATE --due DATE --reason TEXT\n"
	"      fee ID --pages N | --count\n"
	"      answer ID --on DATE --type TYPE [--sub SUB] [--docs DOC...]\n"
	"        [--refer AGENCY] --reason TEXT\n"
	"      appeal ID --kind review|lawsuit --on DATE\n"
	"      appeal-result ID --result upheld|corrected|other|pending",
	"依申请公开的申请：登记，按工作日计算法定期限，记录直至答复的每一"
	"步；因含个人信息，查询也不例外",
	"  C（提交方式）：in_person|post|mail|online|fax\n"
	"  T（申请人类型）：person|business|research|nonprofit|legal|other\n"
	"  TYPE [SUB]（答复类型和细分类型）：\n"
	"      granted; partial; denied state_secret|law_forbids|\n"
	"      three_safeties|third_party|internal_affairs|process_info|\n"
	"      enforcement_file|query_matter; unavailable not_held|needs_creation|\n"
	"      unclear_after_correction（--refer 只与 not_held 同用）;\n"
	"      not_processed "
	"petition|repeat|publication|abusive|confirm_request;\n"
	"      other withdrawn_no_correction|fee_unpaid|other\n"
	"  --within N：补正期限，以工作日计（默认 15）\n"
	"  fee：按 [applications] fee_method 的规定用 --pages 或 --count\n"
	"  ask-reason、set-due：第三十五条（申请数量、频次明显超过"
	"合理范围）：\n"
	"      要求申请人说明理由；理由合理的，确定延迟答复期限"
	"（--due，须晚于\n"
	"      当前的答复期限）\n"
	"  ID：A2026-00001；DATE：YYYY-MM-DD，不晚于今天\n",
	apply_opts, 1, -1, 1, ctl_apply
};
