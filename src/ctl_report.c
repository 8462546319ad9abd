/*
 * ctl_report: docketctl's reports and outbox (one group of the command
 * table, see docketctl.h).  `report` builds a report from the index
 * (read-only) and prints it (CSV with a UTF-8 BOM), or with --mail asks
 * docketd to queue it to its recipients: exit 0 once something is in the
 * outbox, 1 when nothing could be queued, each agency left out named with
 * the reason.  `outbox` shows the messages waiting, and why, never cutting
 * an address; its JSON times are RFC 3339.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calendar_load.h"
#include "control.h"
#include "docketctl.h"
#include "lifecycle.h"
#include "record.h"
#include "report.h"
#include "report_annual.h"
#include "vault.h"
#include "width.h"

/* The summary's "since": the latest summary any [report] sent. */
static void
ctl_report_since(struct ctl *c, char *buf, size_t len)
{
	char	key[128], v[32];
	size_t	i;

	buf[0] = '\0';
	for (i = 0; i < c->cf.nreports; i++) {
		if (strcmp(c->cf.reports[i].kind, "summary") != 0)
			continue;
		snprintf(key, sizeof(key), "report_since:%s",
		    c->cf.reports[i].name);
		if (store_meta_get(c->st, c->txn, key, v, sizeof(v)) == 0 &&
		    strcmp(v, buf) > 0)
			snprintf(buf, len, "%s", v);
	}
}

/* Why an agency got nothing, in Chinese. */
static const char *
ctl_skip_reason(const char *r)
{
	if (r == NULL)
		return "原因不明";
	if (strcmp(r, "no_secretary") == 0)
		return "未配置政务公开专员：[agency] secretary";
	if (strcmp(r, "mail_not_configured") == 0)
		return "未配置邮件发送：[mail]";
	if (strcmp(r, "nothing_due") == 0)
		return "没有需要报告的内容";
	return r;
}

/* The answer to report --mail: what was queued, who got nothing and why;
 * exit 1 when nothing could be queued. */
static int
ctl_report_mailed(struct ctl *c, json_t *res)
{
	json_t		*e;
	json_int_t	 queued;
	size_t		 i;

	queued = json_integer_value(json_object_get(res, "queued"));
	if (c->json)
		ctl_print_json(res);
	else {
		printf("已排入发件箱 %lld 封邮件\n", (long long)queued);
		json_array_foreach(json_object_get(res, "messages"), i, e)
			printf("  #%lld 发给 %s：%s\n", (long long)
			    json_integer_value(json_object_get(e, "id")),
			    record_str(e, "to") ? record_str(e, "to") : "-",
			    record_str(e, "subject") ?
			    record_str(e, "subject") : "-");
		json_array_foreach(json_object_get(res, "skipped"), i, e)
			printf("  未发给 %s：%s\n", record_str(e, "agency") ?
			    record_str(e, "agency") : "-",
			    ctl_skip_reason(record_str(e, "reason")));
		if (queued == 0 &&
		    json_array_size(json_object_get(res, "skipped")) == 0)
			printf("  没有需要报告的内容\n");
	}
	json_decref(res);
	if (queued == 0) {
		fflush(stdout);
		fprintf(stderr, "docketctl: report: 没有邮件可以排入发件箱\n");
		return EX_ERR;
	}
	return EX_OK;
}

static int
ctl_report(struct ctl *c, int argc, char **argv)
{
	struct report_opts	 o;
	struct vault		*vt = NULL;
	struct calendar		*cal = NULL;
	json_t			*args, *res, *r;
	const char		*fmt = c->format ? c->format : "text";
	const char		*kind;
	char			 err[512], since[32], *out, kinds[128];
	size_t			 len;
	unsigned int		 k;

	(void)argc;
	kind = argv[0];
	if (!report_kind_known(kind)) {
		report_kind_list(kinds, sizeof(kinds), "、", " 或 ");
		ctl_usage_die(c, "没有报告“%s”（可用：%s）", kind, kinds);
	}
	if (strcmp(fmt, "text") != 0 && strcmp(fmt, "json") != 0 &&
	    strcmp(fmt, "csv") != 0)
		ctl_usage_die(c, "--format：“%s”不是 text、json 或 csv", fmt);
	ctl_check_date(c, "--as-of", c->as_of);
	if (c->mail)
		ctl_check_admin(c);
	ctl_check_agency(c, c->agency);
	if (c->mail) {
		if (c->format != NULL)
			ctl_usage_die(c, "--format 只用于打印；邮件是文本（[report] "
			    "要求时附 CSV）");
		args = json_pack("{s:s}", "kind", kind);
		if (c->as_of != NULL)
			json_object_set_new(args, "as_of",
			    json_string(c->as_of));
		if (c->agency != NULL)
			json_object_set_new(args, "agency",
			    json_string(c->agency));
		res = ctl_call(c, CONTROL_CMD_REPORT_MAIL, args);
		json_decref(args);
		return ctl_report_mailed(c, res);
	}
	ctl_open(c);
	memset(&o, 0, sizeof(o));
	o.kind = kind;
	if (c->as_of != NULL)
		snprintf(o.as_of, sizeof(o.as_of), "%s", c->as_of);
	else
		lc_date_of((int64_t)time(NULL), o.as_of);
	o.within_days = 30;
	for (k = 0; k < c->cf.nreports; k++)
		if (strcmp(c->cf.reports[k].kind, kind) == 0) {
			o.within_days = c->cf.reports[k].within_days;
			break;
		}
	o.agency = c->agency;
	o.policy = &c->cf.review;
	if (strcmp(kind, "applications") == 0) {
		/* Applicants are personal data: administrators only. */
		o.personal = ctl_is_admin(c);
		o.due_soon = c->cf.apply.due_soon;
		if ((cal = calendar_open(c->cf.calendar_dir,
		    !c->cf.calendar_dir_set, err, sizeof(err))) == NULL)
			ctl_die(EX_ERR, "calendar: %s", err);
		o.cal = cal;
	}
	ctl_report_since(c, since, sizeof(since));
	o.since = since[0] ? since : NULL;
	if (strcmp(kind, "cleanup") == 0 && vault_open(&vt, c->cf.vault, 0,
	    err, sizeof(err)) == -1)
		ctl_die(EX_ERR, "%s", err);
	/* Compliance: last year's annual report, published or not (the
	 * vault's annual/); a vault this user cannot read leaves it out. */
	if (strcmp(kind, "compliance") == 0) {
		if (vault_open(&vt, c->cf.vault, 0, err, sizeof(err)) == 0)
			o.annual = report_annual_conf(&c->cf);
		else
			fprintf(stderr, "docketctl: report: 年度报告发布情况未"
			    "列入（%s）\n", err);
	}
	if ((r = report_build(c->st, c->txn, vt, &o, err, sizeof(err))) ==
	    NULL)
		ctl_die(EX_ERR, "report: %s", err);
	if ((out = report_render(r, c->agency, c->json ? "json" : fmt, &len,
	    err, sizeof(err))) == NULL)
		ctl_die(EX_ERR, "report: %s", err);
	/* CSV for Excel on Chinese Windows: a UTF-8 BOM first. */
	if (!c->json && strcmp(fmt, "csv") == 0 && (len < 3 ||
	    memcmp(out, CTL_BOM, 3) != 0))
		fputs(CTL_BOM, stdout);
	fwrite(out, 1, len, stdout);
	free(out);
	json_decref(r);
	vault_close(vt);
	calendar_free(cal);
	return EX_OK;
}

struct outbox_ctx {
	json_t	*all;
};

static int
ctl_outbox_cb(uint64_t id, const char *json, size_t len, void *arg)
{
	json_error_t	 jerr;
	json_t		*e;

	if ((e = json_loadb(json, len, 0, &jerr)) == NULL)
		e = json_pack("{s:s}", "damaged", jerr.text);
	/* The message itself is long: show its size. */
	json_object_set_new(e, "size", json_integer((json_int_t)
	    json_string_length(json_object_get(e, "message"))));
	json_object_del(e, "message");
	json_object_set_new(e, "id", json_integer((json_int_t)id));
	/* Times as RFC 3339, never epoch numbers. */
	ctl_json_time(e, "created");
	ctl_json_time(e, "next_try");
	ctl_json_time(e, "last_try");
	ctl_json_time(e, "sent_at");
	json_array_append_new(arg, e);
	return 0;
}

static int
ctl_outbox(struct ctl *c, int argc, char **argv)
{
	json_t	*all, *e, *args, *res;
	char	 n[16], tries[16], *end;
	size_t	 i, wto;
	unsigned long long id;
	int	 rc;

	if (argc >= 1 && strcmp(argv[0], "drop") != 0)
		ctl_usage_die(c, "outbox 只有子命令 drop，没有“%s”（列出发件箱"
		    "不需要参数）", argv[0]);
	if (argc == 1)
		ctl_usage_die(c, "drop 需要邮件编号（见 docketctl outbox）");
	if (argc == 2) {
		id = strtoull(argv[1], &end, 10);
		if (*argv[1] == '\0' || *end != '\0' || id == 0)
			ctl_usage_die(c, "drop：“%s”不是邮件编号", argv[1]);
		args = json_pack("{s:I}", "id", (json_int_t)id);
		res = ctl_call(c, CONTROL_CMD_OUTBOX_DROP, args);
		json_decref(args);
		if (c->json)
			ctl_print_json(res);
		else
			printf("邮件 %llu 已从发件箱删除\n", id);
		json_decref(res);
		return EX_OK;
	}
	all = json_array();
	ctl_open(c);
	if ((rc = store_each_outbox(c->st, c->txn, ctl_outbox_cb, all)) != 0)
		ctl_die(EX_ERR, "outbox: %s", store_strerror(rc));
	if (c->json) {
		ctl_print_json(all);
		json_decref(all);
		return EX_OK;
	}
	if (json_array_size(all) == 0) {
		printf("发件箱是空的\n");
		json_decref(all);
		return EX_OK;
	}
	/* Addresses are never cut: the column is as wide as the longest. */
	wto = width_str("收件人");
	json_array_foreach(all, i, e)
		if (record_str(e, "to") != NULL &&
		    width_str(record_str(e, "to")) > wto)
			wto = width_str(record_str(e, "to"));
	ctl_cell("编号", 4, 0);
	ctl_cell("下次尝试", 25, 0);
	ctl_cell("次数", 4, 0);
	ctl_cell("收件人", wto, 0);
	ctl_cell("主题 / 最近错误", 0, 1);
	json_array_foreach(all, i, e) {
		snprintf(n, sizeof(n), "%lld", (long long)json_integer_value(
		    json_object_get(e, "id")));
		snprintf(tries, sizeof(tries), "%lld", (long long)
		    json_integer_value(json_object_get(e, "attempts")));
		ctl_cell(n, 4, 0);
		ctl_cell(record_str(e, "next_try"), 25, 0);
		ctl_cell(tries, 4, 0);
		ctl_cell(record_str(e, "to"), wto, 0);
		ctl_cell(record_str(e, "subject"), 0, 1);
		if (record_str(e, "last_error") != NULL)
			printf("%*s%s\n", (int)(6 + 27 + 6 + wto + 2), "",
			    record_str(e, "last_error"));
	}
	json_decref(all);
	return EX_OK;
}

/* --- the entries -------------------------------------------------------- */

static const struct option report_opts[] = {
	{ "as-of", required_argument, NULL, CTL_O_ASOF },
	{ "agency", required_argument, NULL, CTL_O_AGENCY },
	{ "format", required_argument, NULL, CTL_O_FORMAT },
	{ "mail", no_argument, NULL, CTL_O_MAIL },
	{ NULL, 0, NULL, 0 }
};

const struct ctl_cmd ctl_cmd_report = {
	"report", NULL, "review|cleanup|compliance|summary|applications\n"
	"      [--as-of DATE] [--agency A] [--format text|json|csv] [--mail]",
	"输出报告；--mail 经 docketd 排入发件箱，发给报告的收件人"
	"（--mail 仅限 root 或管理员组）",
	"  --as-of DATE           截至 DATE 的报告（默认今天）\n"
	"  --agency A             只看一个机关（配置的 [agency]，或索引中已有\n"
	"                         的机关）\n"
	"  --format F             text（默认）、json 或 csv（带 UTF-8 BOM）\n"
	"  --mail                 排入发件箱，不输出\n",
	report_opts, 1, 1, 0, ctl_report
};

const struct ctl_cmd ctl_cmd_outbox = {
	"outbox", NULL, "[drop N]",
	"待交出的邮件及原因；drop N 放弃第 N 封邮件（drop 仅限 root 或"
	"管理员组）",
	NULL, NULL, 0, 2, 0, ctl_outbox
};
