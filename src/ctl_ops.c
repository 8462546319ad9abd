/*
 * ctl_ops: docketctl's operations — schedule (asks docketd what is due),
 * reindex (docketd rebuilds the index from the vault), verify (the vault
 * against the index) and ingest (files handed to the intake the way a
 * drafting system would).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "control.h"
#include "progress.h"
#include "record.h"
#include "search_verify.h"
#include "verify.h"
#include "width.h"

#include "docketctl.h"

/* --- schedule, reindex, verify ------------------------------------------ */

static void
ctl_schedule_list(json_t *list, const char *datekey, const char *hdr)
{
	json_t	*e;
	size_t	 i, wd = width_str("发文字号"), w;

	/* The docno column as wide as the widest (nothing is cut). */
	json_array_foreach(list, i, e)
		if (record_str(e, "docno") != NULL &&
		    (w = width_str(record_str(e, "docno"))) > wd)
			wd = w;
	if (json_array_size(list) == 0) {
		printf("（无）\n");
		return;
	}
	ctl_cell("编号", 8, 0);
	ctl_cell("发文字号", wd, 0);
	ctl_cell(hdr, 11, 0);
	ctl_cell("标题", 0, 1);
	json_array_foreach(list, i, e) {
		char due[32];

		snprintf(due, sizeof(due), "%s%s", record_str(e, datekey),
		    json_is_true(json_object_get(e, "overdue")) ? "!" : "");
		ctl_cell(record_str(e, "id"), 8, 0);
		ctl_cell(record_str(e, "docno"), wd, 0);
		ctl_cell(due, 11, 0);
		ctl_cell(record_str(e, "title"), 0, 1);
	}
}

static int
ctl_schedule(struct ctl *c, int argc, char **argv)
{
	json_t	*args = json_pack("{s:i}", "limit", 20), *res;

	(void)argc;
	(void)argv;
	res = ctl_call(c, CONTROL_CMD_SCHEDULE, args);
	json_decref(args);
	if (c->json) {
		ctl_print_json(res);
		json_decref(res);
		return EX_OK;
	}
	printf("下次唤醒：  %s\n", record_str(res, "next_wake") ?
	    record_str(res, "next_wake") : "-");
	printf("下次清理：  %s（计划 \"%s\"）\n",
	    record_str(res, "next_cleanup") ? record_str(res, "next_cleanup") :
	    "无", record_str(res, "cleanup_schedule") ?
	    record_str(res, "cleanup_schedule") : "");
	printf("上次清理：  %s\n", record_str(res, "last_cleanup") ?
	    record_str(res, "last_cleanup") : "无");
	printf("\n即将失效（有效期至）：\n");
	ctl_schedule_list(json_object_get(res, "expiries"), "valid_until",
	    "有效期至");
	printf("\n待审查（! 表示逾期）：\n");
	ctl_schedule_list(json_object_get(res, "reviews"), "next_review",
	    "审查到期");
	printf("\n待发布政策解读的规范性文件（到期未发布即标记）：\n");
	ctl_schedule_list(json_object_get(res, "interpretations"), "due_on",
	    "解读期限");
	printf("\n政府信息公开申请（下次检查期限）：\n");
	if (json_array_size(json_object_get(res, "applications")) == 0)
		printf("（无）\n");
	else {
		json_t	*e;
		size_t	 i;

		ctl_cell("编号", 12, 0);
		ctl_cell("下次检查", 0, 1);
		json_array_foreach(json_object_get(res, "applications"), i,
		    e) {
			ctl_cell(record_str(e, "id"), 12, 0);
			ctl_cell(record_str(e, "next_check"), 0, 1);
		}
	}
	json_decref(res);
	return EX_OK;
}

/* docketd's progress lines: the commits replayed so far. */
static void
ctl_reindex_progress(uint64_t done, uint64_t total, void *arg)
{
	struct progress *p = arg;

	p->total = total;
	progress_update(p, done);
}

static int
ctl_reindex(struct ctl *c, int argc, char **argv)
{
	struct progress	 prog;
	json_t		*res, *args = NULL;

	(void)argc;
	(void)argv;
	/* Progress is asked for only to show it: on a terminal. */
	progress_start(&prog, stderr, "重建索引", " 个提交", 0);
	if (prog.fp != NULL)
		args = json_pack("{s:b}", "progress", 1);
	res = ctl_call_progress(c, CONTROL_CMD_REINDEX, args,
	    prog.fp != NULL ? ctl_reindex_progress : NULL, &prog);
	json_decref(args);
	progress_end(&prog);
	if (c->json)
		ctl_print_json(res);
	else
		printf("重建索引：从档案库重建 %lld 件记录\n",
		    (long long)json_integer_value(json_object_get(res,
		    "indexed")));
	json_decref(res);
	return EX_OK;
}

static int
ctl_verify(struct ctl *c, int argc, char **argv)
{
	struct verify_report	 r;
	struct search_verify_report sr;
	json_t			*o, *lines;
	FILE			*mem = NULL;
	char			 err[512], *buf = NULL, *line, *next;
	size_t			 len = 0;
	const char		*fsck;
	int			 rc;

	(void)argc;
	(void)argv;
	ctl_open(c);
	memset(&r, 0, sizeof(r));
	/* For --json the problem lines are collected, not printed. */
	if (c->json && (mem = open_memstream(&buf, &len)) == NULL)
		ctl_die(EX_ERR, "out of memory");
	/* Progress on stderr, shown only when it is a terminal. */
	rc = verify_run_progress(c->st, c->txn, c->cf.vault, mem ? mem :
	    stdout, stderr, &r, err, sizeof(err));
	if (rc == -1)
		ctl_die(EX_ERR, "verify: %s", err);
	/* The full-text index (derived, like LMDB). */
	switch (search_verify(c->st, c->txn, c->cf.db, mem ? mem : stdout,
	    &sr, err, sizeof(err))) {
	case -1:
		ctl_die(EX_ERR, "verify: %s", err);
	case 1:
		rc = 1;
		r.problems += sr.problems;
		break;
	}
	if (mem != NULL)
		fclose(mem);
	fsck = !r.fsck_ran ? "not_run" : r.fsck_ok ? "clean" : "failed";
	if (c->json) {
		lines = json_array();
		for (line = buf; line != NULL && *line; line = next) {
			if ((next = strchr(line, '\n')) != NULL)
				*next++ = '\0';
			if (*line)
				json_array_append_new(lines,
				    json_string(line));
		}
		o = json_pack("{s:b, s:I, s:I, s:I, s:s, s:I, s:o, "
		    "s:{s:b, s:b, s:I, s:I}}", "ok",
		    rc == 0, "records", (json_int_t)r.records, "originals",
		    (json_int_t)r.originals, "events", (json_int_t)r.events,
		    "fsck", fsck, "problems", (json_int_t)r.problems,
		    "messages", lines, "search", "present", sr.present,
		    "behind", sr.behind, "documents",
		    (json_int_t)sr.documents, "problems",
		    (json_int_t)sr.problems);
		ctl_print_json(o);
		json_decref(o);
		free(buf);
	} else
		printf("校验：检查了 %zu 件记录、%zu 个原件、%zu 条事件；"
		    "git fsck %s；全文索引 %zu 份文件%s；问题 %zu 个\n",
		    r.records, r.originals, r.events, !r.fsck_ran ? "未运行" :
		    r.fsck_ok ? "通过" : "失败", sr.documents, !sr.present ?
		    "（尚未建立）" : sr.behind ? "（追赶中）" : "", r.problems);
	return rc == 0 ? EX_OK : EX_ERR;
}

/* --- ingest ------------------------------------------------------------- */

/* Copy one file into intake/ as a drafting system would: write a hidden
 * temporary name, fsync, then rename it into place. */
static int
ctl_ingest_one(struct ctl *c, json_t *done, const char *dir,
    const char *file)
{
	struct stat	 sb;
	const char	*base;
	char		 tmp[PATH_MAX], dst[PATH_MAX], buf[65536];
	ssize_t		 n;
	int		 in, out;

	base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	if (*base == '\0' || *base == '.') {
		fprintf(stderr, "docketctl: %s：收件箱不接受这个文件名（不能为空，"
		    "也不能以 . 开头）\n", file);
		return -1;
	}
	if ((in = open(file, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(in, &sb) == -1) {
		fprintf(stderr, "docketctl: %s: %s\n", file, strerror(errno));
		if (in != -1)
			close(in);
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		fprintf(stderr, "docketctl: %s：不是普通文件\n", file);
		close(in);
		return -1;
	}
	if (snprintf(tmp, sizeof(tmp), "%s/.%s.docketctl.%ld", dir, base,
	    (long)getpid()) >= (int)sizeof(tmp) ||
	    snprintf(dst, sizeof(dst), "%s/%s", dir, base) >= (int)sizeof(dst)) {
		fprintf(stderr, "docketctl: %s：文件名过长\n", file);
		close(in);
		return -1;
	}
	if (access(dst, F_OK) == 0) {
		fprintf(stderr, "docketctl: 收件箱中已有同名文件 %s 等待处理；"
		    "未覆盖\n", dst);
		close(in);
		return -1;
	}
	if ((out = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0640)) == -1) {
		fprintf(stderr, "docketctl: %s: %s\n", tmp, strerror(errno));
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n) {
			n = -1;
			break;
		}
	close(in);
	if (n < 0 || fsync(out) == -1 || close(out) == -1 ||
	    rename(tmp, dst) == -1) {
		fprintf(stderr, "docketctl: %s: %s\n", file, strerror(errno));
		unlink(tmp);
		return -1;
	}
	if (c->json)
		json_array_append_new(done, json_pack("{s:s, s:s}", "file",
		    file, "queued", dst));
	else
		printf("已交入收件箱：%s → %s\n", file, dst);
	return 0;
}

static int
ctl_ingest(struct ctl *c, int argc, char **argv)
{
	json_t	*done = json_array();
	char	dir[PATH_MAX];
	int	i, bad = 0;

	if (c->agency != NULL) {
		if (c->agency[0] == '\0' || c->agency[0] == '.' ||
		    strchr(c->agency, '/') != NULL)
			ctl_usage_die(c, "--agency：“%s”不是机关目录名（不能为空、"
			    "不能以 . 开头、不能含 /）", c->agency);
		ctl_check_access(c->cf.intake, W_OK | X_OK, "写入收件箱");
		if (snprintf(dir, sizeof(dir), "%s/%s", c->cf.intake,
		    c->agency) >= (int)sizeof(dir))
			ctl_die(EX_USAGE, "--agency：名称过长");
		if (mkdir(dir, 0770) == -1 && errno != EEXIST)
			ctl_die(EX_ERR, "%s: %s", dir, strerror(errno));
	} else
		snprintf(dir, sizeof(dir), "%s", c->cf.intake);
	ctl_check_access(dir, W_OK | X_OK, "写入收件箱");
	for (i = 0; i < argc; i++)
		if (ctl_ingest_one(c, done, dir, argv[i]) == -1)
			bad++;
	if (c->json)
		ctl_print_json(done);
	json_decref(done);
	return bad ? EX_ERR : EX_OK;
}

/* --- the entries -------------------------------------------------------- */

static const struct option ingest_opts[] = {
	{ "agency", required_argument, NULL, CTL_O_AGENCY },
	{ NULL, 0, NULL, 0 }
};

const struct ctl_cmd ctl_cmd_schedule = {
	"schedule", NULL, "",
	"接下来到期的事项及时间（向 docketd 查询）",
	NULL, NULL, 0, 0, 0, ctl_schedule
};

const struct ctl_cmd ctl_cmd_verify = {
	"verify", NULL, "",
	"校验：核对档案库与索引、每个原件的 sha256，并运行 git fsck",
	NULL, NULL, 0, 0, 0, ctl_verify
};

const struct ctl_cmd ctl_cmd_reindex = {
	"reindex", NULL, "",
	"仅凭档案库重建索引；输出记录数",
	NULL, NULL, 0, 0, 1, ctl_reindex
};

const struct ctl_cmd ctl_cmd_ingest = {
	"ingest", NULL, "[--agency A] FILE...",
	"把文件交入收件箱（给出 --agency 时交入 intake/A）",
	"  --agency A             该机关的收件箱目录\n",
	ingest_opts, 1, -1, 0, ctl_ingest
};
