/*
 * ctl_export: docketctl export — the 台账 (ledger) of the documents, one
 * row each with its fields, disclosure, status and dates, under Chinese
 * column headers.  CSV (RFC 4180, CRLF, UTF-8 with a BOM so Excel on
 * Chinese Windows reads it as it is) streams to stdout or -o FILE; .xlsx
 * is written by libxlsxwriter in constant-memory mode (one row at a
 * time, so a million records never sit in memory).  Records come from
 * the LMDB index, walked as `list` walks it (the narrowest index a
 * filter allows); the same filters apply, and cleaned documents only
 * with --status cleaned or --all.
 *
 * The ledger is internal: it names withheld, on_request and classified
 * documents like every other.  It is for the administrator, not for
 * publication (--disclosure public gives a list that may be shown).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "csvrow.h"
#include "docketctl.h"
#include "gongwen.h"
#include "label.h"
#include "lifecycle.h"
#include "record.h"

struct ctl_export_opts {
	const char	*output;			/* -o FILE */
	const char	*disclosure, *status, *flag;	/* as for list */
	int		 all;
};

/* A disclosure or status as its Chinese label (label.c). */
static const char *
export_label(const char *v)
{
	const char *l = label_disclosure(v);

	return l != v ? l : label_status(v);
}

enum { EXPORT_PLAIN, EXPORT_LABEL, EXPORT_BOOL };

static const struct {
	const char	*key, *header;
	int		 kind;
	double		 width;		/* xlsx column width */
} export_cols[] = {
	{ "id",			"编号",		EXPORT_PLAIN,	10 },
	{ "docno",		"发文字号",	EXPORT_PLAIN,	22 },
	{ "title",		"标题",		EXPORT_PLAIN,	50 },
	{ "issuer",		"发文机关",	EXPORT_PLAIN,	20 },
	{ "agency",		"所属单位",	EXPORT_PLAIN,	16 },
	{ "doc_type",		"文种",		EXPORT_PLAIN,	8 },
	{ "signed_on",		"成文日期",	EXPORT_PLAIN,	12 },
	{ "effective_from",	"施行日期",	EXPORT_PLAIN,	12 },
	{ "valid_until",	"有效期至",	EXPORT_PLAIN,	12 },
	{ "disclosure",		"公开属性",	EXPORT_LABEL,	12 },
	{ "disclosure_reason",	"公开属性理由",	EXPORT_PLAIN,	24 },
	{ "status",		"效力状态",	EXPORT_LABEL,	10 },
	{ "status_on",		"状态日期",	EXPORT_PLAIN,	12 },
	{ "next_review",	"下次审查日期",	EXPORT_PLAIN,	14 },
	{ "hold",		"冻结",		EXPORT_BOOL,	6 },
	{ "domain",		"领域",		EXPORT_PLAIN,	14 },
	{ "received_at",	"登记时间",	EXPORT_PLAIN,	26 },
};
#define EXPORT_NCOLS	(sizeof(export_cols) / sizeof(export_cols[0]))

struct export_ctx {
	struct ctl_export_opts	*x;
	const char		*agency;
	int			 xlsx;
	FILE			*fp;		/* csv */
	lxw_worksheet		*ws;		/* xlsx */
	lxw_row_t		 row;
	size_t			 n;
	int			 failed;
};

/* One cell's text; "" for an unknown value. */
static const char *
export_value(json_t *rec, size_t col)
{
	json_t *v = json_object_get(rec, export_cols[col].key);

	if (export_cols[col].kind == EXPORT_BOOL)
		return json_is_true(v) ? "是" : "否";
	if (!json_is_string(v))
		return "";
	if (export_cols[col].kind == EXPORT_LABEL)
		return export_label(json_string_value(v));
	return json_string_value(v);
}

static void
export_row(struct export_ctx *e, const char *const *cells,
    lxw_format *fmt)
{
	size_t		i;
	lxw_error	rc;

	if (!e->xlsx) {
		struct strbuf sb;

		memset(&sb, 0, sizeof(sb));
		csvrow_add(&sb, EXPORT_NCOLS, cells);
		if (sb.nomem || fwrite(sb.s, 1, sb.len, e->fp) != sb.len)
			e->failed = 1;
		strbuf_free(&sb);
		e->row++;
		return;
	}
	for (i = 0; i < EXPORT_NCOLS; i++) {
		if (cells[i][0] == '\0')
			continue;
		if ((rc = worksheet_write_string(e->ws, e->row, (lxw_col_t)i,
		    cells[i], fmt)) != LXW_NO_ERROR) {
			fprintf(stderr, "docketctl: export：第 %u 行：%s\n",
			    (unsigned int)e->row, lxw_strerror(rc));
			e->failed = 1;
		}
	}
	e->row++;
}

static int
export_cb(json_t *rec, void *arg)
{
	struct export_ctx	*e = arg;
	const char		*cells[EXPORT_NCOLS], *v;
	size_t			 i;

	if (e->x->disclosure && ((v = record_str(rec, "disclosure")) == NULL
	    || strcmp(v, e->x->disclosure) != 0))
		return 0;
	if (e->x->status && ((v = record_str(rec, "status")) == NULL ||
	    strcmp(v, e->x->status) != 0))
		return 0;
	if (e->agency && ((v = record_str(rec, "agency")) == NULL ||
	    strcmp(v, e->agency) != 0))
		return 0;
	if (e->x->flag && !lc_has_flag(rec, e->x->flag))
		return 0;
	if (!e->x->all && e->x->status == NULL &&
	    (v = record_str(rec, "status")) != NULL &&
	    strcmp(v, "cleaned") == 0)
		return 0;
	for (i = 0; i < EXPORT_NCOLS; i++)
		cells[i] = export_value(rec, i);
	export_row(e, cells, NULL);
	e->n++;
	return e->failed;
}

static int
export_walk(struct ctl *c, struct export_ctx *e)
{
	if (e->x->disclosure)
		return store_each_indexed(c->st, c->txn, STORE_IDX_DISCLOSURE,
		    e->x->disclosure, export_cb, e);
	if (e->x->flag)
		return store_each_indexed(c->st, c->txn, STORE_IDX_FLAG,
		    e->x->flag, export_cb, e);
	if (e->agency)
		return store_each_indexed(c->st, c->txn, STORE_IDX_AGENCY,
		    e->agency, export_cb, e);
	if (e->x->status)
		return store_each_indexed(c->st, c->txn, STORE_IDX_STATUS,
		    e->x->status, export_cb, e);
	return store_each_record(c->st, c->txn, export_cb, e);
}

/* Refuse a filter value list would refuse. */
static void
export_check(struct ctl *c, struct export_ctx *e)
{
	ctl_check_filters(c, e->x->disclosure, e->x->status);
	if (e->x->flag && !label_flag_known(e->x->flag))
		ctl_usage_die(c, "--flag：没有标记“%s”", e->x->flag);
	/* As for list: a configured [agency] or one the index holds. */
	ctl_check_agency(c, e->agency);
}

static int
export_csv(struct ctl *c, struct export_ctx *e)
{
	const char	*hdr[EXPORT_NCOLS];
	size_t		 i;
	int		 rc;

	if (e->x->output != NULL && (e->fp = fopen(e->x->output, "we")) ==
	    NULL)
		ctl_die(EX_ERR, "%s：无法写入：%s", e->x->output,
		    strerror(errno));
	if (e->x->output == NULL)
		e->fp = stdout;
	fputs(CSVROW_BOM, e->fp);
	for (i = 0; i < EXPORT_NCOLS; i++)
		hdr[i] = export_cols[i].header;
	export_row(e, hdr, NULL);
	if ((rc = export_walk(c, e)) != 0)
		ctl_die(EX_ERR, "export: %s", store_strerror(rc));
	if (fflush(e->fp) == EOF || ferror(e->fp) ||
	    (e->fp != stdout && fclose(e->fp) == EOF))
		ctl_die(EX_ERR, "%s: %s", e->x->output ? e->x->output :
		    "stdout", strerror(errno));
	return EX_OK;
}

/* Copy a finished file to stdout. */
static void
export_cat(const char *path)
{
	char	 buf[65536];
	size_t	 n;
	FILE	*fp;

	if ((fp = fopen(path, "re")) == NULL)
		ctl_die(EX_ERR, "%s: %s", path, strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		if (fwrite(buf, 1, n, stdout) != n)
			break;
	fclose(fp);
	if (fflush(stdout) == EOF || ferror(stdout))
		ctl_die(EX_ERR, "stdout: %s", strerror(errno));
}

static int
export_xlsx(struct ctl *c, struct export_ctx *e)
{
	lxw_workbook_options	 opt = { 0 };
	lxw_doc_properties	 props = { 0 };
	lxw_workbook		*wb;
	lxw_format		*bold;
	const char		*hdr[EXPORT_NCOLS], *path = e->x->output;
	char			 tmp[4096] = "";
	size_t			 i;
	lxw_error		 lrc;
	struct stat		 sb;
	int			 rc, fd, made = 0;

	if (path == NULL) {
		if (isatty(STDOUT_FILENO))
			ctl_usage_die(c, "--format xlsx 输出二进制文件：请用 "
			    "-o FILE 指定文件（或重定向标准输出）");
		snprintf(tmp, sizeof(tmp), "%s/docketctl-export.XXXXXX",
		    getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") :
		    "/tmp");
		if ((fd = mkstemp(tmp)) == -1)
			ctl_die(EX_ERR, "%s: %s", tmp, strerror(errno));
		close(fd);
		path = tmp;
	}
	/* The workbook is written at its close: find out now, in words,
	 * whether FILE can be (a missing folder, no permission). */
	if (tmp[0] == '\0') {
		made = lstat(path, &sb) == -1;	/* a dangling link too */
		if ((fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644)) ==
		    -1)
			ctl_die(EX_ERR, "%s：无法写入：%s", path,
			    strerror(errno));
		close(fd);
	}
	opt.constant_memory = LXW_TRUE;
	if ((wb = workbook_new_opt(path, &opt)) == NULL ||
	    (e->ws = workbook_add_worksheet(wb, "台账")) == NULL) {
		if (tmp[0] || made)
			unlink(path);
		ctl_die(EX_ERR, "%s：无法创建工作簿", path);
	}
	props.title = "文件台账";
	props.comments = "docketctl export";
	workbook_set_properties(wb, &props);
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	for (i = 0; i < EXPORT_NCOLS; i++) {
		hdr[i] = export_cols[i].header;
		worksheet_set_column(e->ws, (lxw_col_t)i, (lxw_col_t)i,
		    export_cols[i].width, NULL);
	}
	worksheet_freeze_panes(e->ws, 1, 0);
	export_row(e, hdr, bold);
	rc = export_walk(c, e);
	if (rc == 0 && !e->failed)
		worksheet_autofilter(e->ws, 0, 0, e->row > 1 ? e->row - 1 : 1,
		    (lxw_col_t)(EXPORT_NCOLS - 1));
	if ((lrc = workbook_close(wb)) != LXW_NO_ERROR || rc != 0 ||
	    e->failed) {
		if (tmp[0] || made)
			unlink(path);
		if (rc != 0)
			ctl_die(EX_ERR, "export: %s", store_strerror(rc));
		ctl_die(EX_ERR, "%s：%s", e->x->output ? e->x->output :
		    "xlsx", lrc != LXW_NO_ERROR ? lxw_strerror(lrc) :
		    "有一行未能写入");
	}
	if (tmp[0]) {
		export_cat(tmp);
		unlink(tmp);
	}
	return EX_OK;
}

static int
ctl_export(struct ctl *c, struct ctl_export_opts *x, int argc, char **argv)
{
	struct export_ctx	 e;
	const char		*fmt = c->format, *dot;
	int			 rc;

	(void)argv;
	(void)argc;
	/* No --format: the one -o FILE names (a .xlsx given CSV would not
	 * open in Excel), else CSV. */
	if (fmt == NULL)
		fmt = x->output != NULL && (dot = strrchr(x->output, '.')) !=
		    NULL && strcasecmp(dot, ".xlsx") == 0 ? "xlsx" : "csv";
	memset(&e, 0, sizeof(e));
	if (strcmp(fmt, "xlsx") == 0)
		e.xlsx = 1;
	else if (strcmp(fmt, "csv") != 0)
		ctl_usage_die(c, "--format：“%s”不是 csv 或 xlsx", fmt);
	e.x = x;
	e.agency = c->agency;
	ctl_open(c);
	export_check(c, &e);
	rc = e.xlsx ? export_xlsx(c, &e) : export_csv(c, &e);
	if (x->output != NULL)
		fprintf(stderr, "docketctl: 已导出 %zu 件文件到 %s\n",
		    e.n, x->output);
	return rc;
}

/* The table's handler: the options as ctl_export takes them. */
static int
ctl_export_run(struct ctl *c, int argc, char **argv)
{
	struct ctl_export_opts x;

	/* --json: the same records with their English keys and values,
	 * as list --json gives them. */
	if (c->json) {
		if (c->output != NULL || c->format != NULL)
			ctl_usage_die(c, "--json 直接输出记录；-o 和 --format "
			    "只用于 csv 或 xlsx");
		return ctl_cmd_list.run(c, 0, argv);
	}
	memset(&x, 0, sizeof(x));
	x.output = c->output;
	x.disclosure = c->disclosure;
	x.status = c->status;
	x.flag = c->flag;
	x.all = c->all;
	return ctl_export(c, &x, argc, argv);
}

static const struct option export_opts[] = {
	{ "format", required_argument, NULL, CTL_O_FORMAT },
	{ "output", required_argument, NULL, 'o' },
	{ "disclosure", required_argument, NULL, CTL_O_DISCLOSURE },
	{ "status", required_argument, NULL, CTL_O_STATUS },
	{ "agency", required_argument, NULL, CTL_O_AGENCY },
	{ "flag", required_argument, NULL, CTL_O_FLAG },
	{ "all", no_argument, NULL, CTL_O_ALL },
	{ NULL, 0, NULL, 0 }
};

const struct ctl_cmd ctl_cmd_export = {
	"export", NULL, "[--format csv|xlsx] [-o|--output FILE] [--disclosure D]\n"
	"      [--status S] [--agency A] [--flag F] [--all]",
	"台账：每件文件及其字段、公开属性、效力状态和日期；CSV（带 UTF-8 "
	"BOM）或 .xlsx",
	"  --format F             csv 或 xlsx（默认：-o 的文件名以 .xlsx\n"
	"                         结尾时为 xlsx，否则为 csv）\n"
	"  -o, --output FILE      写入 FILE 而不是标准输出（xlsx 必须指定）\n"
	"  --disclosure, --status, --agency, --flag, --all\n"
	"                         与 list 的筛选条件相同\n"
	"  --json                 按 list --json 的格式输出记录\n",
	export_opts, 0, 0, 0, ctl_export_run
};
