/*
 * ctl_report: docketctl's reports and outbox.  `report` builds a report
 * from the index (read-only) and prints it, or with --mail asks docketd
 * to queue it to its recipients (exit 0 once it is in the outbox);
 * `outbox` shows the messages waiting, and why.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "docketctl.h"
#include "lifecycle.h"
#include "record.h"
#include "report.h"
#include "vault.h"

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

/* Why a part was not mailed, for people. */
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

int
ctl_report(struct ctl *c, int argc, char **argv)
{
	struct report_opts	 o;
	struct vault		*vt = NULL;
	json_t			*args, *res, *r, *e;
	const char		*fmt = c->format ? c->format : "text";
	const char		*kind;
	char			 err[512], check[11], since[32], *out;
	char			 kinds[128];
	size_t			 len, i;
	unsigned int		 k;

	if (argc != 1) {
		report_kind_list(kinds, sizeof(kinds), "|", "|");
		ctl_die(EX_USAGE, "usage: docketctl report %s [--as-of DATE] "
		    "[--agency A] [--format text|json|csv] [--mail]", kinds);
	}
	kind = argv[0];
	if (!report_kind_known(kind)) {
		report_kind_list(kinds, sizeof(kinds), ", ", " or ");
		ctl_die(EX_USAGE, "report: '%s' is not %s", kind, kinds);
	}
	if (strcmp(fmt, "text") != 0 && strcmp(fmt, "json") != 0 &&
	    strcmp(fmt, "csv") != 0)
		ctl_die(EX_USAGE, "--format: '%s' is not text, json or csv",
		    fmt);
	if (c->as_of != NULL && lc_date_add(c->as_of, 0, 0, check) == -1)
		ctl_die(EX_USAGE, "--as-of: '%s' is not a date (YYYY-MM-DD)",
		    c->as_of);
	if (c->mail) {
		if (c->format != NULL)
			ctl_die(EX_USAGE, "--format goes with printing; a mail "
			    "is text (with CSV if the [report] asks for it)");
		args = json_pack("{s:s}", "kind", kind);
		if (c->as_of != NULL)
			json_object_set_new(args, "as_of",
			    json_string(c->as_of));
		if (c->agency != NULL)
			json_object_set_new(args, "agency",
			    json_string(c->agency));
		res = ctl_call(c, "report_mail", args);
		json_decref(args);
		if (c->json)
			ctl_print_json(res);
		else {
			printf("%lld message(s) queued in the outbox\n",
			    (long long)json_integer_value(json_object_get(res,
			    "queued")));
			json_array_foreach(json_object_get(res, "messages"),
			    i, e)
				printf("  #%lld to %s: %s\n", (long long)
				    json_integer_value(json_object_get(e,
				    "id")), record_str(e, "to"),
				    record_str(e, "subject"));
			json_array_foreach(json_object_get(res, "skipped"),
			    i, e)
				printf("  未发送：%s（%s）\n", record_str(e,
				    "agency") ? record_str(e, "agency") :
				    "收件人名单", ctl_skip_reason(record_str(e,
				    "reason")));
		}
		k = json_integer_value(json_object_get(res, "queued")) == 0;
		json_decref(res);
		/* Asked to send and nothing could be queued: an error. */
		return k ? EX_ERR : EX_OK;
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
	ctl_report_since(c, since, sizeof(since));
	o.since = since[0] ? since : NULL;
	if (strcmp(kind, "cleanup") == 0 && vault_open(&vt, c->cf.vault, 0,
	    err, sizeof(err)) == -1)
		ctl_die(EX_ERR, "%s", err);
	if ((r = report_build(c->st, c->txn, vt, &o, err, sizeof(err))) ==
	    NULL)
		ctl_die(EX_ERR, "report: %s", err);
	if ((out = report_render(r, c->agency, c->json ? "json" : fmt, &len,
	    err, sizeof(err))) == NULL)
		ctl_die(EX_ERR, "report: %s", err);
	fwrite(out, 1, len, stdout);
	free(out);
	json_decref(r);
	vault_close(vt);
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
	json_array_append_new(arg, e);
	return 0;
}

int
ctl_outbox(struct ctl *c, int argc, char **argv)
{
	json_t	*all, *e, *args, *res;
	char	 ts[64], n[16], tries[16], *end;
	size_t	 i;
	unsigned long long id;
	int	 rc;

	if (argc == 2 && strcmp(argv[0], "drop") == 0) {
		id = strtoull(argv[1], &end, 10);
		if (*argv[1] == '\0' || *end != '\0' || id == 0)
			ctl_die(EX_USAGE, "outbox drop: '%s' is not a message "
			    "number", argv[1]);
		args = json_pack("{s:I}", "id", (json_int_t)id);
		res = ctl_call(c, "outbox_drop", args);
		json_decref(args);
		if (c->json)
			ctl_print_json(res);
		else
			printf("message %llu dropped from the outbox\n", id);
		json_decref(res);
		return EX_OK;
	}
	if (argc != 0)
		ctl_die(EX_USAGE, "usage: docketctl outbox [drop N]");
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
		printf("the outbox is empty: every queued message was "
		    "handed over\n");
		json_decref(all);
		return EX_OK;
	}
	ctl_cell("ID", 4, 0);
	ctl_cell("NEXT TRY", 25, 0);
	ctl_cell("TRIES", 5, 0);
	ctl_cell("TO", 30, 0);
	ctl_cell("SUBJECT / LAST ERROR", 0, 1);
	json_array_foreach(all, i, e) {
		snprintf(n, sizeof(n), "%lld", (long long)json_integer_value(
		    json_object_get(e, "id")));
		snprintf(tries, sizeof(tries), "%lld", (long long)
		    json_integer_value(json_object_get(e, "attempts")));
		record_rfc3339(json_integer_value(json_object_get(e,
		    "next_try")), ts, sizeof(ts));
		ctl_cell(n, 4, 0);
		ctl_cell(ts, 25, 0);
		ctl_cell(tries, 5, 0);
		ctl_cell(record_str(e, "to"), 30, 0);
		ctl_cell(record_str(e, "subject"), 0, 1);
		if (record_str(e, "last_error") != NULL)
			printf("%*s%s\n", 72, "", record_str(e, "last_error"));
	}
	json_decref(all);
	return EX_OK;
}
