/*
 * ctl_quarantine: docketctl quarantine — what docketd refused, and the
 * two ways out.  `list` and `show` read the quarantine folder directly
 * (no daemon needed); `retry` (back to intake/, into the agency folder
 * it came from, once the cause is fixed) and `drop` (remove it, with a
 * reason) ask docketd, which records each as an event in the vault's
 * quarantine/log.jsonl before the file moves.  N is the number `list`
 * shows, or the file's name in quarantine/.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"
#include "docketctl.h"
#include "quarantine.h"
#include "record.h"
#include "width.h"

static json_t *
ctl_q_list(struct ctl *c)
{
	json_t	*list;
	char	 err[512];

	ctl_check_access(c->cf.quarantine, R_OK | X_OK, "读取隔离区");
	if ((list = quarantine_list(c->cf.quarantine, err, sizeof(err))) ==
	    NULL)
		ctl_die(EX_ERR, "quarantine: %s", err);
	return list;
}

/* The entry N names (a number from list, or a name), or exit 3. */
static json_t *
ctl_q_entry(struct ctl *c, json_t *list, const char *which)
{
	json_t *e;

	if ((e = quarantine_find(list, which)) == NULL)
		ctl_die(EX_NOTFOUND, "quarantine: 没有隔离文件 %s (%zu 个隔离"
		    "文件；见 docketctl quarantine list)", which,
		    json_array_size(list));
	return e;
}

static void
ctl_q_print_list(json_t *list)
{
	static const char	*hdr[] = { "序号", "文件名", "单位", "隔离时间" };
	static const char	*key[] = { "n", "name", "agency", "time" };
	size_t			 w[4], i, j, cw;
	json_t			*e, *v;
	char			 buf[64];

	for (j = 0; j < 4; j++)
		w[j] = width_str(hdr[j]);
	json_array_foreach(list, i, e)
		for (j = 1; j < 4; j++)
			if ((v = json_object_get(e, key[j])) != NULL &&
			    json_is_string(v) && (cw = width_str(esc(
			    json_string_value(v)))) > w[j])
				w[j] = cw;
	if (w[1] > 40)
		w[1] = 40;
	w[3] = 19;
	for (j = 0; j < 4; j++)
		ctl_cell(hdr[j], w[j], 0);
	ctl_cell("原因", 0, 1);
	json_array_foreach(list, i, e) {
		snprintf(buf, sizeof(buf), "%lld", (long long)
		    json_integer_value(json_object_get(e, "n")));
		ctl_cell(buf, w[0], 0);
		ctl_cell(record_str(e, "name"), w[1], 0);
		ctl_cell(record_str(e, "agency") ? record_str(e, "agency") :
		    "-", w[2], 0);
		/* 2026-12-06T10:00:00+08:00 -> 2026-12-06 10:00:00 */
		snprintf(buf, sizeof(buf), "%.19s", record_str(e, "time"));
		if (strlen(buf) > 10)
			buf[10] = ' ';
		ctl_cell(buf, w[3], 0);
		ctl_cell(record_str(e, "reason"), 0, 1);
	}
	printf("共 %zu 个隔离文件\n", json_array_size(list));
}

static void
ctl_q_print_one(json_t *e)
{
	printf("序号        %lld\n", (long long)json_integer_value(
	    json_object_get(e, "n")));
	printf("文件名      quarantine/%s\n", esc(record_str(e, "name")));
	printf("原文件      intake/%s%s%s\n", record_str(e, "agency") ?
	    esc(record_str(e, "agency")) : "", record_str(e, "agency") ?
	    "/" : "", esc(record_str(e, "source_name")));
	printf("单位        %s\n", record_str(e, "agency") ?
	    esc(record_str(e, "agency")) : "-");
	printf("大小        %lld 字节\n", (long long)json_integer_value(
	    json_object_get(e, "size")));
	printf("隔离时间    %s\n", record_str(e, "time"));
	printf("原因        %s\n", esc(record_str(e, "reason")));
}

static int
ctl_quarantine(struct ctl *c, int argc, char **argv)
{
	json_t		*list, *e, *args, *res;
	const char	*sub = argc > 0 ? argv[0] : "list";
	int		 retry;

	if (strcmp(sub, "list") == 0) {
		if (argc > 1)
			ctl_usage_die(c, "list 不接受参数");
		list = ctl_q_list(c);
		if (c->json)
			ctl_print_json(list);
		else
			ctl_q_print_list(list);
		json_decref(list);
		return EX_OK;
	}
	if (strcmp(sub, "show") == 0) {
		if (argc != 2)
			ctl_usage_die(c, "show 只接受一个 N（list "
			    "中的序号，或文件名）");
		list = ctl_q_list(c);
		e = ctl_q_entry(c, list, argv[1]);
		if (c->json)
			ctl_print_json(e);
		else
			ctl_q_print_one(e);
		json_decref(list);
		return EX_OK;
	}
	if (strcmp(sub, "retry") != 0 && strcmp(sub, "drop") != 0)
		ctl_usage_die(c, "“%s”不是 list、show、retry 或 drop 之一",
		    esc(sub));
	retry = sub[0] == 'r';
	if (argc != 2)
		ctl_usage_die(c, "%s 需要一个参数 N（list 中的序号，或文件名）",
		    sub);
	if (!retry && c->reason == NULL)
		ctl_usage_die(c, "drop 需要写明理由（--reason 理由）");
	if (c->reason != NULL && *c->reason == '\0')
		ctl_usage_die(c, "--reason 的理由是空的");
	/* A user who may not change anything hears that first. */
	ctl_check_admin(c);
	list = ctl_q_list(c);
	e = ctl_q_entry(c, list, argv[1]);
	args = json_pack("{s:O}", "name", json_object_get(e, "name"));
	if (c->reason != NULL)
		json_object_set_new(args, "reason", json_string(c->reason));
	json_decref(list);
	res = ctl_call(c, retry ? CONTROL_CMD_QUARANTINE_RETRY :
	    CONTROL_CMD_QUARANTINE_DROP, args);
	json_decref(args);
	if (c->json)
		ctl_print_json(res);
	else if (json_is_true(json_object_get(res, "done_before")))
		printf("%s：已处理过（见档案库的 quarantine/log.jsonl）\n",
		    esc(record_str(res, "name")));
	else if (retry)
		printf("%s：已移回 %s，将重新入库（提交 %.12s）\n",
		    esc(record_str(res, "name")), esc(record_str(res, "to")),
		    record_str(res, "commit"));
	else
		printf("%s：已删除（提交 %.12s）\n", esc(record_str(res, "name")),
		    record_str(res, "commit"));
	json_decref(res);
	return EX_OK;
}

static const struct option quarantine_opts[] = {
	{ "reason", required_argument, NULL, CTL_O_REASON },
	{ NULL, 0, NULL, 0 }
};

const struct ctl_cmd ctl_cmd_quarantine = {
	"quarantine", NULL, "[list | show N | retry N [--reason TEXT] |\n"
	"      drop N --reason TEXT]",
	"docketd 拒收的文件（文件名、机关、原因、时间）；原因排除后，retry "
	"把文件移回收件箱，drop 将其删除；每次都记为一条事件（retry 和 drop "
	"仅限 root 或管理员组）",
	"  --reason TEXT          理由（drop 必填）\n",
	quarantine_opts, 0, 2, 0, ctl_quarantine
};
