/*
 * docketctl: the administrator's view of docket.  main walks the command
 * table: global options (-r, -c, --json, -h, --version), the command by
 * name or alias, then that command's own options from its entry, its
 * argument count, and its handler.  Help comes from the same table:
 * `docketctl help` and `-h` list every command's synopsis, `docketctl
 * help CMD`, `CMD --help` and `CMD -h` that command's usage and help.
 * Reads go straight to LMDB (read-only) and the vault; changes go through
 * docketd's control socket.  This file is main for both programs: the
 * light docketctl (CTL_LIGHT: the read commands, few libraries) and
 * docketctl-full (every command), which the light one execs for the rest
 * (docketctl.h, "Light or full").
 *
 * Exit codes: 0 ok, 1 error, 2 usage, 3 not found, 4 permission denied,
 * 5 not allowed in the document's state.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "store.h"
#include "width.h"
#include "xalloc.h"

#include "docketctl.h"

/*
 * Every command, in the order help lists them.  A light one (plain entry)
 * is in both programs; CTL_FULL(entry) is in docketctl-full only, and the
 * light docketctl execs that for it (see docketctl.h, "light or full").
 */
#ifdef CTL_LIGHT
#define CTL_FULL(e)
#else
#define CTL_FULL(e)	e,
#endif
static const struct ctl_cmd *const ctl_table[] = {
	&ctl_cmd_status,
	&ctl_cmd_list,
	&ctl_cmd_show,
	&ctl_cmd_history,
	&ctl_cmd_versions,
	&ctl_cmd_text,
	CTL_FULL(&ctl_cmd_diff)
	CTL_FULL(&ctl_cmd_search)
	CTL_FULL(&ctl_cmd_mark)
	CTL_FULL(&ctl_cmd_review)
	CTL_FULL(&ctl_cmd_repeal)
	CTL_FULL(&ctl_cmd_unrepeal)
	CTL_FULL(&ctl_cmd_hold)
	CTL_FULL(&ctl_cmd_unhold)
	CTL_FULL(&ctl_cmd_restore)
	CTL_FULL(&ctl_cmd_ocr_checked)
	CTL_FULL(&ctl_cmd_cleanup)
	CTL_FULL(&ctl_cmd_schedule)
	CTL_FULL(&ctl_cmd_verify)
	CTL_FULL(&ctl_cmd_reindex)
	CTL_FULL(&ctl_cmd_ingest)
	CTL_FULL(&ctl_cmd_report)
	CTL_FULL(&ctl_cmd_outbox)
	CTL_FULL(&ctl_cmd_quarantine)
	CTL_FULL(&ctl_cmd_export)
	CTL_FULL(&ctl_cmd_calendar)
	CTL_FULL(&ctl_cmd_apply)
	CTL_FULL(&ctl_cmd_negative_list)
	CTL_FULL(&ctl_cmd_publish)
	CTL_FULL(&ctl_cmd_annual_report)
	NULL
};

/* Options every command takes, after its own. */
static const struct option ctl_common[] = {
	{ "json", no_argument, NULL, CTL_O_JSON },
	{ "help", no_argument, NULL, CTL_O_HELP },
	{ NULL, 0, NULL, 0 }
};

static const struct ctl_cmd *
ctl_find(const char *name)
{
	const struct ctl_cmd *const *e;

	for (e = ctl_table; *e != NULL; e++)
		if (strcmp((*e)->name, name) == 0 ||
		    ((*e)->alias != NULL && strcmp((*e)->alias, name) == 0))
			return *e;
	return NULL;
}

/* Help lines are at most this many display columns (width.h: CJK two). */
#define CTL_HELP_COLS	78

/*
 * May a help line end at b, the character after a?  At a space (dropped),
 * and between two characters when either is wide (Chinese has no spaces)
 * — but not before closing punctuation nor after opening punctuation, so
 * that "，" or "）" never starts a line and "（" never ends one.
 */
static int
ctl_breakable(const char *a, size_t wa, const char *b, size_t wb)
{
	static const char *const closing[] = { "，", "。", "、", "；", "：",
	    "！", "？", "）", "》", "」", "』", "】", "〕", "〉", "”", "’",
	    "…", ")", "]", ",", ".", ";", ":", "!", "?", NULL };
	static const char *const opening[] = { "（", "《", "「", "『", "【",
	    "〔", "〈", "“", "‘", "(", "[", NULL };
	size_t i;

	if (*b == ' ')
		return 1;
	if (*a == ' ' || (wa < 2 && wb < 2))
		return 0;
	for (i = 0; closing[i] != NULL; i++)
		if (strncmp(b, closing[i], strlen(closing[i])) == 0)
			return 0;
	for (i = 0; opening[i] != NULL; i++)
		if (strncmp(a, opening[i], strlen(opening[i])) == 0)
			return 0;
	return 1;
}

/*
 * Print text and more wrapped at CTL_HELP_COLS display columns, each line
 * indented: at spaces, and between Chinese characters (ctl_breakable).  A
 * piece with no place to break is not cut; it runs over.
 */
static void
ctl_wrap(FILE *fp, int indent, const char *text, const char *more)
{
	char		 buf[2048];
	const char	*p, *q, *prev, *end, *next;
	size_t		 col, n, w, wprev;

	snprintf(buf, sizeof(buf), "%s%s", text, more);
	p = buf + strspn(buf, " ");
	while (*p != '\0') {
		col = (size_t)indent;
		end = next = NULL;
		prev = NULL;
		wprev = 0;
		for (q = p; *q != '\0'; q += n, prev = q - n, wprev = w) {
			n = width_char(q, &w);
			if (prev != NULL && ctl_breakable(prev, wprev, q, w)) {
				end = q;
				next = q;
			}
			if (end != NULL && col + w > CTL_HELP_COLS)
				break;
			col += w;
		}
		if (*q == '\0')
			end = next = q;
		while (end > p && end[-1] == ' ')
			end--;
		fprintf(fp, "%*s%.*s\n", indent, "", (int)(end - p), p);
		p = next + strspn(next, " ");
	}
}

#ifndef CTL_LIGHT
static void
ctl_help_all(FILE *fp)
{
	const struct ctl_cmd *const *e;

	fprintf(fp, "用法：docketctl [-r ROOT | -c FILE] COMMAND [ARGS] "
	    "[--json]\n      docketctl help [COMMAND] | --version\n\n"
	    "命令：\n");
	for (e = ctl_table; *e != NULL; e++) {
		fprintf(fp, "  %s%s%s\n", (*e)->name,
		    *(*e)->usage ? " " : "", (*e)->usage);
		ctl_wrap(fp, 6, (*e)->help, (*e)->admin ?
		    "（仅限 root 或管理员组）" : "");
	}
	fprintf(fp, "\n"
"DOC 为编号（D000042）、发文字号（括号写法不限：淄政办字〔2020〕79号、\n"
"[2020]、【2020】、(2020)），或至少 8 位十六进制、只对应一件文件的\n"
"sha256 前缀。\n"
"\n"
"选项：\n"
"  -r ROOT    docketd 运行所在的根目录（docketd -r ROOT）\n"
"  -c FILE    docketd 的配置文件（默认 %s）\n"
"  --json     机器可读的输出，键和值为英文\n"
"  -h         本帮助；单个命令的帮助用 docketctl help COMMAND\n"
"  --version  版本\n"
"\n"
"退出码：0 成功，1 出错，2 用法错误，3 找不到，4 权限不足，\n"
"5 文件当前的状态不允许此操作\n", CONFIG_DEFAULT_FILE);
}
#else
/* The light program has no table of every command: the full one helps. */
#define ctl_help_all(fp)	ctl_full_exec(&c)
#endif

static void
ctl_help_one(const struct ctl_cmd *e)
{
	printf("用法：docketctl %s%s%s\n%s%s%s", e->name,
	    *e->usage ? " " : "", e->usage, e->alias ? "      （别名：" : "",
	    e->alias ? e->alias : "", e->alias ? "）\n" : "");
	ctl_wrap(stdout, 0, e->help, "");
	if (e->admin)
		ctl_wrap(stdout, 0, "变更由 docketd 执行：仅限 root 或 "
		    "admin_group（docketd.conf）指定组的成员。", "");
	if (e->more != NULL)
		printf("\n%s", e->more);
	printf("%s  --json                 机器可读的输出（键和值为英文）\n"
	    "  -h, --help             本帮助\n", e->more != NULL ? "" : "\n");
}

static void
ctl_setopt(struct ctl *c, int code, const char *arg)
{
	switch (code) {
	case CTL_O_JSON:	c->json = 1; break;
	case CTL_O_DISCLOSURE:	c->disclosure = arg; break;
	case CTL_O_STATUS:	c->status = arg; break;
	case CTL_O_AGENCY:	c->agency = arg; break;
	case CTL_O_FLAG:	c->flag = arg; break;
	case CTL_O_DUE:		c->due_before = arg; break;
	case CTL_O_ALL:		c->all = 1; break;
	case CTL_O_HELD:	c->held = 1; break;
	case CTL_O_REASON:	c->reason = arg; break;
	case CTL_O_TO:		c->to = arg; break;
	case CTL_O_BY:		c->by = arg; break;
	case CTL_O_ON:		c->on = arg; break;
	case CTL_O_ASOF:	c->as_of = arg; break;
	case CTL_O_FORMAT:	c->format = arg; break;
	case CTL_O_MAIL:	c->mail = 1; break;
	case CTL_O_VERSION:	c->version = arg; break;
	case CTL_O_OUTPUT:
	case 'o':		c->output = arg; break;
	default:
		if (code >= CTL_O_X && code < CTL_O_X + CTL_NX)
			c->x[code - CTL_O_X] = arg != NULL ? arg : "";
	}
}

/* The option argv[optind - 1] names, without any "=value". */
static const char *
ctl_badopt(char **argv, int ind, int optopt_, char *buf, size_t len)
{
	const char *a = ind > 0 ? argv[ind - 1] : "?";

	if (optopt_ > 0 && optopt_ < 256)
		snprintf(buf, len, "-%c", optopt_);
	else
		snprintf(buf, len, "%.*s", (int)strcspn(a, "="), a);
	return buf;
}

/* Parse a command's options: its own table and the common ones. */
static int
ctl_parse(struct ctl *c, const struct ctl_cmd *e, int argc, char **argv,
    const char **cfile, const char **root)
{
	struct option	 lo[40];
	char		 bad[64], shorts[64];
	size_t		 n = 0, i, j;
	int		 ch;

	if (e->opts != NULL)
		for (i = 0; e->opts[i].name != NULL && n < 30; i++)
			lo[n++] = e->opts[i];
	for (i = 0; ctl_common[i].name != NULL; i++)
		lo[n++] = ctl_common[i];
	memset(&lo[n], 0, sizeof(lo[n]));
	/* A table option whose val is a letter is also that short one. */
	snprintf(shorts, sizeof(shorts), ":c:hr:");
	for (i = 0; i < n; i++)
		if (lo[i].val > 0 && lo[i].val < 128 &&
		    strlen(shorts) + 3 < sizeof(shorts)) {
			j = strlen(shorts);
			shorts[j++] = (char)lo[i].val;
			if (lo[i].has_arg == required_argument)
				shorts[j++] = ':';
			shorts[j] = '\0';
		}
	optind = 0;	/* GNU: start over, permuting again */
	opterr = 0;
	while ((ch = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
		switch (ch) {
		case 'c':
			*cfile = optarg;
			break;
		case 'r':
			*root = optarg;
			break;
		case 'h':
		case CTL_O_HELP:
			ctl_help_one(e);
			exit(EX_OK);
		case ':':
			ctl_die(EX_USAGE, "%s：选项 %s 需要一个值；见 "
			    "docketctl help %s", e->name, ctl_badopt(argv,
			    optind, optopt, bad, sizeof(bad)), e->name);
		case '?':
			ctl_badopt(argv, optind, optopt, bad, sizeof(bad));
			ctl_die(EX_USAGE, "%s：没有选项 %s%s；见 docketctl "
			    "help %s", e->name, bad, bad[0] == '-' &&
			    bad[1] >= '0' && bad[1] <= '9' ? "（以 - 开头的值"
			    "写在 -- 之后，如 -- -5）" : "", e->name);
		default:
			ctl_setopt(c, ch, optarg);
		}
	}
	return optind;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, CTL_O_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const struct ctl_cmd	*e;
	struct ctl		 c;
	const char		*cfile = NULL, *root = NULL, *name;
	char			 err[512], bad[64];
	int			 ch, rc, nargs;

	/* One out-of-memory policy, jansson's allocations included. */
	xalloc_install_jansson();
	memset(&c, 0, sizeof(c));
	c.argv = argv;
	opterr = 0;
	/* Global options stop at the command ('+'). */
	while ((ch = getopt_long(argc, argv, "+:c:hr:", longopts, NULL))
	    != -1) {
		switch (ch) {
		case 'c':
			cfile = optarg;
			break;
		case 'r':
			root = optarg;
			break;
		case CTL_O_JSON:
			c.json = 1;
			break;
		case 'h':
			ctl_help_all(stdout);
			return EX_OK;
		case 'V':
			printf("%s\n", PACKAGE_STRING);
			return EX_OK;
		case ':':
			ctl_die(EX_USAGE, "选项 %s 需要一个值；见 docketctl "
			    "help", ctl_badopt(argv, optind, optopt, bad,
			    sizeof(bad)));
		default:
			ctl_die(EX_USAGE, "没有选项 %s；见 docketctl help",
			    ctl_badopt(argv, optind, optopt, bad,
			    sizeof(bad)));
		}
	}
	if (optind >= argc)
		ctl_die(EX_USAGE, "没有给出命令；见 docketctl help");
	name = argv[optind];
	if (strcmp(name, "help") == 0) {
		if (optind + 1 >= argc) {
			ctl_help_all(stdout);
			return EX_OK;
		}
		if (optind + 2 < argc)
			ctl_die(EX_USAGE, "help 只接受一个命令；见 "
			    "docketctl help");
		if (strcmp(argv[optind + 1], "-h") == 0 ||
		    strcmp(argv[optind + 1], "--help") == 0 ||
		    strcmp(argv[optind + 1], "help") == 0) {
			ctl_help_all(stdout);
			return EX_OK;
		}
		if ((e = ctl_find(argv[optind + 1])) == NULL) {
#ifdef CTL_LIGHT
			ctl_full_exec(&c);	/* a full command's help */
#endif
			ctl_die(EX_USAGE, "没有命令“%s”；见 docketctl help",
			    argv[optind + 1]);
		}
		ctl_help_one(e);
		return EX_OK;
	}
	if ((e = ctl_find(name)) == NULL) {
#ifdef CTL_LIGHT
		ctl_full_exec(&c);	/* a full command (or none: it says) */
#endif
		ctl_die(EX_USAGE, "没有命令“%s”；见 docketctl help", name);
	}
	c.cmd = e;
	argc -= optind;
	argv += optind;
	rc = ctl_parse(&c, e, argc, argv, &cfile, &root);
	argc -= rc;
	argv += rc;
	nargs = argc;
	if (nargs < e->minargs || (e->maxargs >= 0 && nargs > e->maxargs)) {
		char	 u[2048];
		size_t	 i, j;

		/* The usage on one line. */
		for (i = j = 0; e->usage[i] && j + 1 < sizeof(u); i++)
			if (e->usage[i] != '\n')
				u[j++] = e->usage[i];
			else {
				u[j++] = ' ';
				while (e->usage[i + 1] == ' ')
					i++;
			}
		u[j] = '\0';
		ctl_usage_die(&c, "%s（用法：docketctl %s%s%s）",
		    nargs < e->minargs ? "缺少参数" : "参数过多", e->name,
		    *u ? " " : "", u);
	}
	if (config_load(&c.cf, cfile, root, err, sizeof(err)) == -1)
		ctl_die(EX_ERR, "配置有误：%s", err);
	rc = e->run(&c, argc, argv);
	if (c.txn != NULL)
		store_txn_end(c.txn);
	if (c.st != NULL)
		store_close(c.st);
	config_free(&c.cf);
	return rc;
}
