/*
 * ctl_admin: docketctl's changes — mark, review, repeal, unrepeal, hold,
 * unhold, restore, ocr-checked, cleanup run — and the cleanup preview.
 * Changes are requests to docketd over its control socket, so the daemon
 * stays the only writer and every change is an event; the answer comes
 * once it is durable.  The preview reads the index directly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cleanup.h"
#include "control.h"
#include "docket.h"
#include "label.h"
#include "lifecycle.h"
#include "record.h"
#include "width.h"

#include "docketctl.h"

static const char *
ctl_id_of(struct ctl *c, const char *doc, char *buf, size_t len)
{
	json_t *rec;

	ctl_open(c);
	rec = ctl_resolve(c, doc);
	snprintf(buf, len, "%s", record_str(rec, "id"));
	json_decref(rec);
	return buf;
}

/* After a marking: the 负面清单 item the record now cites, or that its
 * reason cites none. */
static void
ctl_mark_item(json_t *rec)
{
	const char *item = record_str(rec, "negative_item");

	if (item != NULL)
		printf("负面清单事项：%s\n", esc(item));
	else if (lc_has_flag(rec, "reason_unlisted"))
		printf("注意：理由未对应负面清单中的任何事项（%s），将列入"
		    "定期审查提醒；可用 --item 指明事项（docketctl "
		    "negative-list）\n", label_flag("reason_unlisted"));
}

/* mark, review, repeal, unrepeal, hold, unhold, restore, ocr-checked: one
 * request to docketd named as the command (the same names as
 * CONTROL_CMD_MARK ... in control.h; ocr-checked is ocr_checked on the
 * wire), with the record's id. */
static int
ctl_mutate(struct ctl *c, int argc, char **argv)
{
	const char	*cmd = c->cmd == &ctl_cmd_ocr_checked ?
			    CONTROL_CMD_OCR_CHECKED : c->cmd->name;
	json_t		*args, *res, *ev;
	const char	*from, *to, *act;
	char		 id[STORE_ID_LEN], by[STORE_ID_LEN];

	/* mark: a disclosure, or --kind (wire name mark_kind), not both. */
	if (strcmp(cmd, "mark") == 0 && c->x[1] != NULL) {
		if (argc > 1 || c->x[0] != NULL)
			ctl_usage_die(c, "--kind 只变更文件类别，不能同时变更"
			    "公开属性（%s）", argc > 1 ? argv[1] : "--item");
		if (strcmp(c->x[1], "regulation") != 0 &&
		    strcmp(c->x[1], "normative") != 0 &&
		    strcmp(c->x[1], "other") != 0 &&
		    strcmp(c->x[1], "auto") != 0)
			ctl_usage_die(c, "--kind 只能是 regulation（规章）、"
			    "normative（行政规范性文件）、other（其他）或 auto"
			    "（按发文字号和标题判断），不是“%s”", c->x[1]);
		if (c->reason == NULL)
			ctl_usage_die(c, "变更文件类别需要说明理由（--reason）");
		cmd = CONTROL_CMD_MARK_KIND;
	} else if (strcmp(cmd, "mark") == 0 && argc < 2)
		ctl_usage_die(c, "缺少参数（用法：docketctl mark %s）",
		    "DOC public|on_request|withheld [--reason TEXT] "
		    "[--item ID] | DOC --kind regulation|normative|other|auto "
		    "--reason TEXT");
	/* Before reading the index: a user who may not change anything
	 * hears that, not a permission problem on the database. */
	ctl_check_admin(c);
	if (c->to != NULL && strcmp(argv[1], "release") != 0)
		ctl_usage_die(c, "--to goes with review release");
	ctl_check_date(c, "--on", c->on);
	args = json_pack("{s:s}", "id", ctl_id_of(c, argv[0], id,
	    sizeof(id)));
	if (c->reason != NULL)
		json_object_set_new(args, "reason", json_string(c->reason));
	if (strcmp(cmd, "mark") == 0)
		json_object_set_new(args, "disclosure", json_string(argv[1]));
	if (strcmp(cmd, "mark") == 0 && c->x[0] != NULL)
		json_object_set_new(args, "item", json_string(c->x[0]));
	if (strcmp(cmd, CONTROL_CMD_MARK_KIND) == 0)
		json_object_set_new(args, "kind", json_string(c->x[1]));
	if (strcmp(cmd, "review") == 0)
		json_object_set_new(args, "decision", json_string(argv[1]));
	if (c->to != NULL)
		json_object_set_new(args, "to", json_string(c->to));
	if (c->by != NULL)
		json_object_set_new(args, "by", json_string(ctl_id_of(c, c->by,
		    by, sizeof(by))));
	if (c->on != NULL)
		json_object_set_new(args, "on", json_string(c->on));
	res = ctl_call(c, cmd, args);
	json_decref(args);
	if (c->json)
		ctl_print_json(res);
	else if (strcmp(cmd, CONTROL_CMD_OCR_CHECKED) == 0) {
		ev = json_object_get(res, "event");
		printf("%s：%s，已取消“%s”标记（核对字段 %zu 项；提交 %.12s）\n",
		    record_str(res, "id"), label_action("ocr_checked"),
		    label_flag("ocr_check"), json_array_size(json_object_get(ev,
		    "fields")), record_str(res, "commit") ?
		    record_str(res, "commit") : "-");
	} else {
		ev = json_object_get(res, "event");
		act = record_str(ev, "action") ? record_str(ev, "action") : cmd;
		from = ctl_label_value(act, record_str(ev, "from"));
		to = ctl_label_value(act, record_str(ev, "to"));
		printf("%s：%s %s → %s（提交 %.12s）\n", record_str(res, "id"),
		    label_action(act), from ? from : "-", to ? to : "-",
		    record_str(res, "commit") ? record_str(res, "commit") :
		    "-");
		if (strcmp(cmd, "mark") == 0)
			ctl_mark_item(json_object_get(res, "record"));
	}
	json_decref(res);
	return EX_OK;
}

/* --- cleanup ------------------------------------------------------------ */

/* The basis (依据) of a line: the repealing document, else the reason of
 * a manual repeal, else the end of validity; never empty. */
static void
ctl_cleanup_basis(json_t *e, char *b, size_t len)
{
	json_t		*by = json_object_get(e, "repealed_by");
	const char	*why;

	why = record_str(e, "basis") ? record_str(e, "basis") :
	    record_str(e, "repeal_reason") ? record_str(e, "repeal_reason") :
	    record_str(e, "reason");
	if (json_is_object(by))
		snprintf(b, len, "%s", record_str(by, "docno") ?
		    record_str(by, "docno") : record_str(by, "id"));
	else if (why != NULL)
		snprintf(b, len, "%s", why);
	else if (record_str(e, "status") != NULL &&
	    strcmp(record_str(e, "status"), "repealed") == 0)
		snprintf(b, len, "经审查决定废止");
	else if (record_str(e, "valid_until") != NULL)
		snprintf(b, len, "有效期至 %s 届满", record_str(e, "valid_until"));
	else
		snprintf(b, len, "有效期届满");
}

/* The table of a preview; columns as wide as their widest cell (nothing
 * is cut). */
static void
ctl_cleanup_table(json_t *list)
{
	json_t	*e;
	size_t	 i, wd = width_str("发文字号"), wb = width_str("依据"), w;
	char	 b[512];

	json_array_foreach(list, i, e) {
		if (record_str(e, "docno") != NULL &&
		    (w = width_str(record_str(e, "docno"))) > wd)
			wd = w;
		ctl_cleanup_basis(e, b, sizeof(b));
		if ((w = width_str(b)) > wb)
			wb = w;
	}
	ctl_cell("编号", 8, 0);
	ctl_cell("发文字号", wd, 0);
	ctl_cell("类别", 4, 0);
	ctl_cell("日期", 10, 0);
	ctl_cell("依据", wb, 0);
	ctl_cell("标题", 0, 1);
	json_array_foreach(list, i, e) {
		ctl_cleanup_basis(e, b, sizeof(b));
		ctl_cell(record_str(e, "id"), 8, 0);
		ctl_cell(record_str(e, "docno"), wd, 0);
		ctl_cell(record_str(e, "kind"), 4, 0);
		ctl_cell(record_str(e, "date"), 10, 0);
		ctl_cell(b, wb, 0);
		ctl_cell(record_str(e, "title"), 0, 1);
	}
}

static int
ctl_cleanup(struct ctl *c, int argc, char **argv)
{
	struct docket	 d = { 0 };
	json_t		*res;
	char		 today[11], err[512];

	if (argc == 1 && strcmp(argv[0], "run") != 0)
		ctl_usage_die(c, "'%s' is not run", argv[0]);
	if (argc == 1) {
		if (c->as_of != NULL)
			ctl_usage_die(c, "cleanup run cleans now; --as-of "
			    "goes with the preview");
		res = ctl_call(c, CONTROL_CMD_CLEANUP_RUN, NULL);
		if (c->json)
			ctl_print_json(res);
		else
			printf("清理 %s：清理 %lld 件，冻结未清理 %lld 件；"
			    "结果已发布：%s、%s（提交 %.12s）\n",
			    record_str(res, "date"), (long long)
			    json_integer_value(json_object_get(res, "cleaned")),
			    (long long)json_integer_value(json_object_get(res,
			    "held")), record_str(res, "json"),
			    record_str(res, "md"), record_str(res, "commit"));
		json_decref(res);
		return EX_OK;
	}
	lc_date_of((int64_t)time(NULL), today);
	ctl_check_date(c, "--as-of", c->as_of);
	ctl_open(c);
	d.cf = &c->cf;
	d.st = c->st;
	d.vt = NULL;
	if ((res = cleanup_preview(&d, c->as_of ? c->as_of : today, err,
	    sizeof(err))) == NULL)
		ctl_die(EX_ERR, "cleanup: %s", err);
	if (c->json)
		ctl_print_json(res);
	else {
		printf("%s 清理将清理 %zu 件：\n",
		    record_str(res, "as_of"),
		    json_array_size(json_object_get(res, "clean")));
		ctl_cleanup_table(json_object_get(res, "clean"));
		if (json_array_size(json_object_get(res, "held")) > 0) {
			printf("\n冻结中，不清理：\n");
			ctl_cleanup_table(json_object_get(res, "held"));
		}
	}
	json_decref(res);
	return EX_OK;
}


/* --- the entries -------------------------------------------------------- */

static const struct option reason_opts[] = {
	{ "reason", required_argument, NULL, CTL_O_REASON },
	{ NULL, 0, NULL, 0 }
};

static const struct option mark_opts[] = {
	{ "reason", required_argument, NULL, CTL_O_REASON },
	{ "item", required_argument, NULL, CTL_O_X + 0 },
	{ "kind", required_argument, NULL, CTL_O_X + 1 },
	{ NULL, 0, NULL, 0 }
};

static const struct option review_opts[] = {
	{ "reason", required_argument, NULL, CTL_O_REASON },
	{ "to", required_argument, NULL, CTL_O_TO },
	{ NULL, 0, NULL, 0 }
};

static const struct option repeal_opts[] = {
	{ "reason", required_argument, NULL, CTL_O_REASON },
	{ "by", required_argument, NULL, CTL_O_BY },
	{ "on", required_argument, NULL, CTL_O_ON },
	{ NULL, 0, NULL, 0 }
};

static const struct option cleanup_opts[] = {
	{ "as-of", required_argument, NULL, CTL_O_ASOF },
	{ NULL, 0, NULL, 0 }
};

const struct ctl_cmd ctl_cmd_mark = {
	"mark", NULL,
	"DOC public|on_request|withheld [--reason TEXT] [--item ID]\n"
	"      | DOC --kind regulation|normative|other|auto --reason TEXT",
	"设定公开属性（on_request 和 withheld 须有 --reason 或 --item）；"
	"或为年度报告更正文件类别",
	"  --reason TEXT          理由\n"
	"  --item ID              所引用的负面清单事项（见 docketctl\n"
	"                         negative-list）；不给时为理由所对应的事项；\n"
	"                         不给 --reason 时，以该事项的“事项”和\n"
	"                         “依据”为理由\n"
	"  --kind K               regulation（规章）、normative（行政规范性\n"
	"                         文件）或 other（其他），用于年度报告表二；\n"
	"                         auto：按发文字号和标题重新判断（须有\n"
	"                         --reason）\n",
	mark_opts, 1, 2, 1, ctl_mutate
};

const struct ctl_cmd ctl_cmd_review = {
	"review", NULL, "DOC keep|release [--to public|on_request] --reason TEXT",
	"记录对不予公开文件的定期审查决定",
	"  --to D                 release 后的公开属性：public（默认）或\n"
	"                         on_request\n"
	"  --reason TEXT          理由（必填）\n",
	review_opts, 2, 2, 1, ctl_mutate
};

const struct ctl_cmd ctl_cmd_repeal = {
	"repeal", NULL, "DOC [--by DOC2] [--on DATE] --reason TEXT",
	"废止文件（由后来的文件废止，或人工废止）",
	"  --by DOC2              废止它的文件\n"
	"  --on DATE              失去效力之日（默认今天）\n"
	"  --reason TEXT          理由（必填）\n",
	repeal_opts, 1, 1, 1, ctl_mutate
};

const struct ctl_cmd ctl_cmd_unrepeal = {
	"unrepeal", NULL, "DOC --reason TEXT",
	"在清理之前撤销废止",
	"  --reason TEXT          理由（必填）\n",
	reason_opts, 1, 1, 1, ctl_mutate
};

const struct ctl_cmd ctl_cmd_hold = {
	"hold", NULL, "DOC --reason TEXT",
	"冻结文件：冻结期间不清理，也不能变更公开属性",
	"  --reason TEXT          理由（必填）\n",
	reason_opts, 1, 1, 1, ctl_mutate
};

const struct ctl_cmd ctl_cmd_unhold = {
	"unhold", NULL, "DOC --reason TEXT",
	"解除冻结",
	"  --reason TEXT          理由（必填）\n",
	reason_opts, 1, 1, 1, ctl_mutate
};

const struct ctl_cmd ctl_cmd_restore = {
	"restore", NULL, "DOC --reason TEXT",
	"让误清理的文件恢复效力（下次发布的结果附有更正）",
	"  --reason TEXT          理由（必填）\n",
	reason_opts, 1, 1, 1, ctl_mutate
};

const struct ctl_cmd ctl_cmd_ocr_checked = {
	"ocr-checked", NULL, "DOC --reason TEXT",
	"记录已由人工对照纸质原件核对 OCR 从扫描件识别的字段：清除"
	"标记 ocr_check",
	"  --reason TEXT          核对了什么、如何核对（必填）\n",
	reason_opts, 1, 1, 1, ctl_mutate
};

const struct ctl_cmd ctl_cmd_cleanup = {
	"cleanup", NULL, "[--as-of DATE] | cleanup run",
	"下次清理将清理哪些文件；run 立即清理，并把结果发布到档案库"
	"（run 仅限 root 或管理员组）",
	"  --as-of DATE           预览在 DATE 这天清理的结果（默认今天）\n",
	cleanup_opts, 0, 1, 0, ctl_cleanup
};
