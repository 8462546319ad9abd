/*
 * ctl_annual: `docketctl annual-report` (one group of the command table,
 * see docketctl.h), the annual report on open government information
 * work (政府信息公开工作年度报告).
 *
 *   annual-report YEAR [--agency A] [--format md|html|json] [--check]
 *       builds the report from the index and the vault, read-only and
 *       with no daemon (annual_build.c), and prints it: Markdown by
 *       default, the site's page, or the model (--json is --format
 *       json).  --check prints only the cross-checks (勾稽关系) and
 *       exits 1 when one fails.
 *   annual-report set YEAR KEY VALUE [--agency A]
 *   annual-report publish YEAR [--agency A]
 *       changes, made by docketd (annual_cmd.c): root or the admin group.
 *
 * Bad input is a Chinese message and exit 2 before anything is read; an
 * unknown agency exit 3 with the known ones listed.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "annual.h"
#include "annual_build.h"
#include "annual_labels.h"
#include "annual_cmd.h"
#include "annual_json.h"
#include "annual_md.h"
#include "control.h"
#include "lifecycle.h"
#include "record.h"
#include "site_render_annual.h"
#include "strbuf.h"
#include "vault.h"

#include "docketctl.h"

enum { X_CHECK };

#define ANNUAL_USAGE \
	"docketctl annual-report YEAR [--agency A] [--format md|html|json] " \
	"[--check] | set YEAR KEY VALUE [--agency A] | publish YEAR " \
	"[--agency A]"

__attribute__((noreturn, format(printf, 1, 2))) static void
annual_usage(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "docketctl: annual-report: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "（用法：%s）\n", ANNUAL_USAGE);
	exit(EX_USAGE);
}

/* YEAR: four digits, 2008 to this year. */
static int
annual_year_arg(const char *s, int this_year)
{
	char	err[256];
	int	year;

	if (strlen(s) != 4 || strspn(s, "0123456789") != 4)
		annual_usage("“%s”不是年度（四位数字，例如 %d）", s,
		    this_year - 1);
	year = atoi(s);
	if (annual_year_check(year, this_year, err, sizeof(err)) == -1)
		annual_usage("%s", err);
	return year;
}

/* An agency of docketd.conf, of a document or of an application. */
static void
annual_check_agency(struct ctl *c)
{
	if (c->agency == NULL || config_agency(&c->cf, c->agency) != NULL)
		return;
	ctl_open(c);
	if (!annual_agency_in_apps(c->st, c->txn, c->agency))
		ctl_check_agency(c, c->agency);
}

/* --check: the checks only; exit 1 when one fails. */
static int
annual_print_checks(struct ctl *c, json_t *model, int year,
    const char *agency)
{
	json_t		*checks = json_object_get(model, "checks"), *ck, *out;
	const char	*detail;
	size_t		 i;
	int		 ok = annual_checks_ok(model);

	if (c->json) {
		out = json_pack("{s:i, s:s?, s:b, s:O}", "year", year,
		    "agency", agency, "ok", ok, "checks", checks);
		ctl_print_json(out);
		json_decref(out);
		return ok ? EX_OK : EX_ERR;
	}
	printf("%d年%s政府信息公开工作年度报告 勾稽关系检查：%s\n", year,
	    agency != NULL ? esc(agency) : "（全市）", ok ? "通过" : "未通过");
	json_array_foreach(checks, i, ck) {
		detail = record_str(ck, "detail");
		printf("  %s  %s%s%s\n", json_is_true(json_object_get(ck,
		    "ok")) ? "通过  " : "未通过", annual_check_name(
		    record_str(ck, "name")), detail != NULL && *detail ?
		    "：" : "", detail != NULL ? esc(detail) : "");
	}
	if (json_array_size(checks) == 0)
		printf("  （没有检查项）\n");
	return ok ? EX_OK : EX_ERR;
}

static int
annual_print(struct ctl *c, int year)
{
	struct vault	*vt = NULL;
	struct site_ctx	 cx;
	struct strbuf	 sb;
	json_t		*model;
	const char	*fmt = c->format != NULL ? c->format : "md";
	char		 today[11], err[512], gen[64], md[SITE_PATH_MAX + 8];
	char		 slug[SITE_PATH_MAX], *out = NULL;
	size_t		 len = 0;
	int		 rc;

	if (strcmp(fmt, "md") != 0 && strcmp(fmt, "html") != 0 &&
	    strcmp(fmt, "json") != 0)
		annual_usage("--format “%s”应为 md、html 或 json", fmt);
	if (c->json && c->format != NULL && strcmp(fmt, "json") != 0)
		annual_usage("--json 即 --format json，不能与 --format %s "
		    "同用", fmt);
	if (c->x[X_CHECK] != NULL && c->format != NULL)
		annual_usage("--check 只输出检查结果，不能与 --format 同用"
		    "（机器可读的结果用 --json）");
	if (c->json)
		fmt = "json";
	annual_check_agency(c);
	ctl_open(c);
	ctl_check_access(c->cf.vault, R_OK | X_OK, "读取档案库");
	if (vault_open(&vt, c->cf.vault, 0, err, sizeof(err)) == -1)
		ctl_die(EX_ERR, "%s", err);
	lc_date_of((int64_t)time(NULL), today);
	model = annual_build(c->st, c->txn, vt, &c->cf.annual, year, c->agency,
	    today, err, sizeof(err));
	vault_close(vt);
	if (model == NULL)
		ctl_die(EX_ERR, "annual-report: %s", err);
	if (c->x[X_CHECK] != NULL) {
		rc = annual_print_checks(c, model, year, c->agency);
		json_decref(model);
		return rc;
	}
	if (strcmp(fmt, "json") == 0)
		out = annual_json_render(model, &len);
	else if (strcmp(fmt, "md") == 0)
		out = annual_md_render(model, &len);
	else {
		memset(&sb, 0, sizeof(sb));
		memset(&cx, 0, sizeof(cx));
		record_rfc3339((int64_t)time(NULL), gen, sizeof(gen));
		cx.site_name = c->cf.publish.site_name;
		cx.base_url = c->cf.publish.base_url;
		cx.generated = gen;
		annual_slug(c->agency, slug);
		snprintf(md, sizeof(md), "%s.md", slug);
		if (site_render_annual(&sb, &cx, model, md) == -1 || sb.nomem)
			strbuf_free(&sb);
		else {
			out = sb.s;
			len = sb.len;
		}
	}
	json_decref(model);
	if (out == NULL)
		ctl_die(EX_ERR, "annual-report：无法生成报告");
	fwrite(out, 1, len, stdout);
	free(out);
	return EX_OK;
}

/* The value as people read it. */
static void
annual_value_str(json_t *v, char *buf, size_t len)
{
	if (json_is_integer(v))
		snprintf(buf, len, "%lld", (long long)json_integer_value(v));
	else if (json_is_string(v))
		snprintf(buf, len, "%s", json_string_value(v));
	else
		snprintf(buf, len, "未填报");
}

static int
annual_set_cmd(struct ctl *c, int argc, char **argv, int this_year)
{
	json_t	*v, *args, *res;
	char	 err[256], was[64], now[64];
	int	 year;

	if (argc != 4)
		annual_usage("set 需要年度、填报项和数值（例如 set %d permits "
		    "120）", this_year - 1);
	year = annual_year_arg(argv[1], this_year);
	if ((v = annual_value_parse(argv[2], argv[3], err, sizeof(err))) ==
	    NULL)
		annual_usage("%s", err);
	json_decref(v);
	ctl_check_admin(c);
	annual_check_agency(c);
	args = json_pack("{s:i, s:s, s:s, s:s?}", "year", year, "key",
	    argv[2], "value", argv[3], "agency", c->agency);
	res = ctl_call(c, CONTROL_CMD_ANNUAL_SET, args);
	json_decref(args);
	if (c->json)
		ctl_print_json(res);
	else {
		annual_value_str(json_object_get(res, "value"), now,
		    sizeof(now));
		annual_value_str(json_object_get(res, "previous"), was,
		    sizeof(was));
		printf("已记录 %d 年%s%s（%s）：%s（原为%s），提交 %.12s\n",
		    year, c->agency != NULL ? esc(c->agency) : "（全市）",
		    annual_key_label(argv[2]), argv[2], now, was,
		    record_str(res, "commit") ? record_str(res, "commit") :
		    "-");
		if (record_str(res, "published_on") != NULL)
			printf("注意：%d 年报告已于 %s 发布，发布的版本不含此值；"
			    "重新发布：docketctl annual-report publish %d%s%s\n",
			    year, record_str(res, "published_on"), year,
			    c->agency != NULL ? " --agency " : "",
			    c->agency != NULL ? esc(c->agency) : "");
	}
	json_decref(res);
	return EX_OK;
}

/* The notes file's section a key names (annual_build.c's markers). */
static const char *
annual_section_label(const char *key)
{
	return strcmp(key, "overview") == 0 ? "总体情况" :
	    strcmp(key, "problems") == 0 ? "问题与改进" :
	    strcmp(key, "other") == 0 ? "其他事项" : key;
}

/* After a publication: what it published as not entered, and how to
 * enter it before publishing again: a line per value, and a line per
 * notes placeholder naming its sections (a missing file is one line). */
static void
annual_warn_unfilled(struct ctl *c, json_t *res, int year)
{
	json_t		*u = json_object_get(res, "unfilled"), *e, *f;
	const char	*kind, *key, *text;
	char		 secs[256];
	size_t		 i, j, n = 0;

	if (json_array_size(u) == 0)
		return;
	fflush(stdout);
	fprintf(stderr, "docketctl: 警告：报告中有 %zu 项尚未填报，公开网站上"
	    "显示为“未填报”或“本部分未填写”；填报后可重新发布：\n",
	    json_array_size(u));
	json_array_foreach(u, i, e) {
		kind = record_str(e, "kind");
		key = record_str(e, "key");
		text = record_str(e, "text");
		if (kind == NULL || key == NULL)
			continue;
		if (strcmp(kind, "value") == 0) {
			fprintf(stderr, "  %s：docketctl annual-report set %d %s "
			    "%s%s%s\n", annual_t2_label(key) ? annual_t2_label(
			    key) : esc(key), year, esc(key),
			    strcmp(key, "charges") == 0 ? "AMOUNT" : "N",
			    c->agency ? " --agency " : "", c->agency ?
			    esc(c->agency) : "");
			continue;
		}
		/* The sections of this placeholder, said once, at its first
		 * entry. */
		for (j = 0; j < i; j++)
			if (text != NULL && record_str(json_array_get(u, j),
			    "text") != NULL && strcmp(text, record_str(
			    json_array_get(u, j), "text")) == 0)
				break;
		if (j < i)
			continue;
		secs[0] = '\0';
		n = 0;
		json_array_foreach(u, j, f)
			if (n < sizeof(secs) && record_str(f, "key") != NULL &&
			    (f == e || (text != NULL && record_str(f, "text") !=
			    NULL && strcmp(text, record_str(f, "text")) == 0)))
				n += (size_t)snprintf(secs + n, sizeof(secs) - n,
				    "%s%s", n ? "、" : "", annual_section_label(
				    record_str(f, "key")));
		fprintf(stderr, "  %s：%s\n", secs, text ? esc(text) :
		    "未填写");
	}
}

static int
annual_publish_cmd(struct ctl *c, int argc, char **argv, int this_year)
{
	json_t		*args, *res, *ck;
	const char	*first, *on;
	size_t		 i;
	int		 year;

	if (argc != 2)
		annual_usage("publish 需要且只需要年度（例如 publish %d）",
		    this_year - 1);
	year = annual_year_arg(argv[1], this_year);
	if (year >= this_year)
		annual_usage("%d 年尚未结束：年度报告在次年发布（可先用 "
		    "docketctl annual-report %d 预览）", year, year);
	ctl_check_admin(c);
	annual_check_agency(c);
	args = json_pack("{s:i, s:s?}", "year", year, "agency", c->agency);
	res = ctl_call(c, CONTROL_CMD_ANNUAL_PUBLISH, args);
	json_decref(args);
	if (c->json)
		ctl_print_json(res);
	else {
		on = record_str(res, "published_on");
		first = record_str(res, "first_published_on");
		printf("已发布 %d 年%s政府信息公开工作年度报告：%s、%s"
		    "（发布日期 %s%s%s），提交 %.12s\n", year, c->agency ?
		    esc(c->agency) : "（全市）", record_str(res, "path"),
		    record_str(res, "md"), on ? on : "-", first && on &&
		    strcmp(first, on) != 0 ? "，首次发布 " : "",
		    first && on && strcmp(first, on) != 0 ? first : "",
		    record_str(res, "commit") ? record_str(res, "commit") :
		    "-");
		annual_warn_unfilled(c, res, year);
		if (!json_is_true(json_object_get(res, "checks_ok"))) {
			fflush(stdout);
			fprintf(stderr, "docketctl: 警告：勾稽关系检查未通过，"
			    "报告中已标明：\n");
			json_array_foreach(json_object_get(res, "checks"), i,
			    ck)
				if (!json_is_true(json_object_get(ck, "ok")))
					fprintf(stderr, "  %s：%s\n",
					    annual_check_name(record_str(ck,
					    "name")), record_str(ck, "detail") ?
					    esc(record_str(ck, "detail")) : "");
		}
	}
	json_decref(res);
	return EX_OK;
}

static int
ctl_annual(struct ctl *c, int argc, char **argv)
{
	char	today[11];
	int	this_year, change;

	lc_date_of((int64_t)time(NULL), today);
	this_year = atoi(today);
	change = strcmp(argv[0], "set") == 0 || strcmp(argv[0], "publish") == 0;
	if (change && (c->format != NULL || c->x[X_CHECK] != NULL))
		annual_usage("%s 不接受 %s", argv[0], c->format != NULL ?
		    "--format" : "--check");
	if (strcmp(argv[0], "set") == 0)
		return annual_set_cmd(c, argc, argv, this_year);
	if (strcmp(argv[0], "publish") == 0)
		return annual_publish_cmd(c, argc, argv, this_year);
	if (argc > 1)
		annual_usage("多余的参数“%s”", argv[1]);
	return annual_print(c, annual_year_arg(argv[0], this_year));
}

static const struct option annual_opts[] = {
	{ "agency", required_argument, NULL, CTL_O_AGENCY },
	{ "format", required_argument, NULL, CTL_O_FORMAT },
	{ "check", no_argument, NULL, CTL_O_X + X_CHECK },
	{ NULL, 0, NULL, 0 }
};

const struct ctl_cmd ctl_cmd_annual_report = {
	"annual-report", NULL, "YEAR [--agency A] [--format md|html|json] "
	"[--check]\n"
	"      | set YEAR KEY VALUE [--agency A] | publish YEAR [--agency A]",
	"YEAR 年度的政府信息公开工作年度报告，依据记录生成，直接读取、"
	"不经 docketd；set 填报文件中没有的数据，publish 把往年的报告提交到"
	"档案库和公开网站（set 和 publish 仅限 root 或管理员组）",
	"  --agency A             单个机关的报告（默认：全市）\n"
	"  --format F             md（默认）、html（网站上的页面）或 json\n"
	"  --check                只做勾稽关系检查；有一项不通过时退出码为 1\n"
	"  KEY VALUE              permits|penalties|enforcement N（整数），\n"
	"                         或 charges AMOUNT（万元，最多 4 位小数）\n"
	"  YEAR                   2008 年至今年；publish 只能是往年\n",
	annual_opts, 1, 4, 0, ctl_annual
};
