/*
 * ctl_status: `docketctl status` — whether docketd runs, the records by
 * disclosure and status, the last vault commit and the files waiting.
 * Read from LMDB, the vault and the root's directories; no daemon needed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctl_head.h"
#include "intake.h"
#include "label.h"
#include "mirror.h"
#include "record.h"
#include "store.h"
#include "vault.h"

#include "docketctl.h"

/* --- status ------------------------------------------------------------- */

/* Files waiting in a directory (recursively for intake/). */
static long
ctl_count_files(const char *dir, int recurse, int skip_reason, int depth)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	char		 path[PATH_MAX * 2];
	long		 n = 0;
	size_t		 len;

	if (depth > 8 || (d = opendir(dir)) == NULL)
		return depth == 0 ? -1 : 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		/* the entry's type, without a stat per file where the file
		 * system gives it: spool/ may hold a million claims */
		if (de->d_type == DT_DIR)
			sb.st_mode = S_IFDIR;
		else if (de->d_type != DT_UNKNOWN)
			sb.st_mode = de->d_type == DT_REG ? S_IFREG : 0;
		else if (lstat(path, &sb) == -1)
			continue;
		if (S_ISDIR(sb.st_mode)) {
			if (recurse)
				n += ctl_count_files(path, 1, skip_reason,
				    depth + 1);
			continue;
		}
		len = strlen(de->d_name);
		if (skip_reason && len > 7 &&
		    strcmp(de->d_name + len - 7, ".reason") == 0)
			continue;
		if (recurse && intake_ignored(de->d_name))
			continue;
		n++;
	}
	closedir(d);
	return n;
}

/* pid of the running daemon, 0 when none. */
static long
ctl_daemon_pid(struct ctl *c)
{
	char	buf[32];
	ssize_t	n;
	int	fd;
	long	pid = 0;

	if ((fd = open(c->cf.lock, O_RDONLY | O_CLOEXEC)) == -1)
		return 0;
	if (flock(fd, LOCK_SH | LOCK_NB) == -1 && errno == EWOULDBLOCK) {
		n = pread(fd, buf, sizeof(buf) - 1, 0);
		buf[n > 0 ? n : 0] = '\0';
		pid = strtol(buf, NULL, 10);
		if (pid <= 0)
			pid = -1;	/* running, pid unknown */
	}
	close(fd);
	return pid;
}

/*
 * The vault commit's summary in Chinese, for the forms docketd writes
 * ("register 2 documents", "mark D000003 by root", "expire: 1 document",
 * "cleanup 2027-01-01: 3 documents cleaned by root", "apply new A2026-00001
 * by root", "apply clock …", "quarantine_drop NAME by root",
 * "annual-report …"); any other as it is.
 */
static void
ctl_summary_zh(const char *s, char *buf, size_t len)
{
	char	w[64], a[128], b[64];
	int	n;

	if (sscanf(s, "register %d document", &n) == 1)
		snprintf(buf, len, "登记 %d 件", n);
	else if (sscanf(s, "apply new %127s from %63s", a, b) == 2)
		snprintf(buf, len, "登记申请 %s（来自 %s）", a, b);
	else if (sscanf(s, "apply new %127s by %63s", a, b) == 2)
		snprintf(buf, len, "登记申请 %s（%s）", a, b);
	else if (sscanf(s, "apply clock %63[0-9-]: %d application", b, &n) ==
	    2)
		snprintf(buf, len, "申请期限 %s：%d 件", b, n);
	else if (sscanf(s, "apply %63[a-z_] %127s by %63s", w, a, b) == 3)
		snprintf(buf, len, "申请 %s：%s（%s）", a, label_apply("action",
		    w), b);
	else if (sscanf(s, "quarantine_%63[a-z] %127s by %63s", w, a, b) ==
	    3 && (strcmp(w, "retry") == 0 || strcmp(w, "drop") == 0))
		snprintf(buf, len, "隔离文件 %s：%s（%s）", a,
		    strcmp(w, "retry") == 0 ? "移回收件箱" : "删除", b);
	else if (sscanf(s, "annual-report set %d", &n) == 1)
		snprintf(buf, len, "填报 %d 年度报告数据", n);
	else if (sscanf(s, "annual-report %d", &n) == 1)
		snprintf(buf, len, "发布 %d 年度报告", n);
	else if (sscanf(s, "cleanup %63[0-9-]: %d document", b, &n) == 2)
		snprintf(buf, len, "清理 %s：%d 件", b, n);
	else if (sscanf(s, "%63[a-z_]: %d document", w, &n) == 2)
		snprintf(buf, len, "%s %d 件", label_action(w), n);
	else if (sscanf(s, "%63[a-z_] %127s by %63s", w, a, b) == 3 &&
	    label_action(w) != w)
		snprintf(buf, len, "%s %s（%s）", label_action(w), a, b);
	else if (sscanf(s, "review %127s by %63s", a, b) == 2)
		snprintf(buf, len, "审查 %s（%s）", a, b);
	else
		snprintf(buf, len, "%s", s);
}

/* One line per [mirror NAME]: where, what, the last success and error;
 * the next try only while docketd runs (it plans it). */
static void
ctl_status_mirrors(json_t *mj)
{
	json_t		*m;
	size_t		 i;
	const char	*ok, *bad, *next, *since;

	json_array_foreach(mj, i, m) {
		ok = record_str(m, "last_success");
		bad = record_str(m, "last_error");
		next = record_str(m, "next_try");
		since = record_str(m, "pushing_since");
		printf("镜像：       %s → %s（%s）；上次成功 %s",
		    esc(record_str(m, "name")), esc(record_str(m, "url")),
		    strcmp(record_str(m, "refs"), "all") == 0 ? "全部分支" :
		    "仅 public 分支", ok != NULL ? ok : "无");
		if (bad != NULL)
			printf("；错误：%s", esc(bad));
		if (since != NULL)
			printf("；推送中（自 %s）", since);
		if (next != NULL)
			printf("；下次重试 %s", next);
		printf("\n");
	}
}

static int
ctl_status(struct ctl *c, int argc, char **argv)
{
	static const char	*discl[] = { "public", "on_request",
	    "withheld", "undetermined", NULL };
	static const char	*stat[] = { "in_force", "expired", "repealed",
	    "cleaned", NULL };
	json_t			*o, *dj, *sj, *vj, *wj, *mj;
#ifndef CTL_LIGHT
	struct vault		*vt;
	char			 err[512];
#endif
	char			 head[VAULT_OID_HEX], ts[64], summary[256];
	char			 sum[512];
	int64_t			 when = 0;
	char			 indexed[VAULT_OID_HEX] = "";
	size_t			 n, total;
	long			 pid;
	int			 i, rc;

	(void)argc;
	(void)argv;
	ctl_open(c);
	pid = ctl_daemon_pid(c);
	o = json_object();
	json_object_set_new(o, "root", json_string(c->cf.root));
	json_object_set_new(o, "running", json_boolean(pid != 0));
	json_object_set_new(o, "pid", pid > 0 ? json_integer(pid) :
	    json_null());
	if ((rc = store_count_records(c->st, c->txn, &total)) != 0)
		ctl_die(EX_ERR, "status: %s", store_strerror(rc));
	json_object_set_new(o, "records", json_integer((json_int_t)total));
	dj = json_object();
	for (i = 0; discl[i]; i++) {
		if ((rc = store_count_indexed(c->st, c->txn,
		    STORE_IDX_DISCLOSURE, discl[i], &n)) != 0)
			ctl_die(EX_ERR, "status: %s", store_strerror(rc));
		json_object_set_new(dj, discl[i], json_integer((json_int_t)n));
	}
	json_object_set_new(o, "disclosure", dj);
	sj = json_object();
	for (i = 0; stat[i]; i++) {
		if ((rc = store_count_indexed(c->st, c->txn,
		    STORE_IDX_STATUS, stat[i], &n)) != 0)
			ctl_die(EX_ERR, "status: %s", store_strerror(rc));
		json_object_set_new(sj, stat[i], json_integer((json_int_t)n));
	}
	json_object_set_new(o, "status", sj);
	vj = json_null();
	if ((rc = store_meta_get(c->st, c->txn, "vault_head", indexed,
	    sizeof(indexed))) != 0 && rc != MDB_NOTFOUND)
		ctl_die(EX_ERR, "status: %s", store_strerror(rc));
	if (rc != 0)
		indexed[0] = '\0';
#ifdef CTL_LIGHT
	/* Without libgit2; a head it cannot read so, docketctl-full reads. */
	if ((rc = ctl_head_read(c->cf.vault, VAULT_BRANCH, head, &when,
	    summary, sizeof(summary))) == -1)
		ctl_full_exec(c);
#else
	rc = 1;
	if (vault_open(&vt, c->cf.vault, 0, err, sizeof(err)) == 0) {
		rc = vault_head_info(vt, head, &when, summary,
		    sizeof(summary));
		vault_close(vt);
	}
#endif
	if (rc == 0) {
		record_rfc3339(when, ts, sizeof(ts));
		vj = json_object();
		json_object_set_new(vj, "commit", json_string(head));
		json_object_set_new(vj, "time", json_string(ts));
		json_object_set_new(vj, "summary", json_string(summary));
		json_object_set_new(vj, "indexed",
		    json_boolean(strcmp(head, indexed) == 0));
	}
	json_object_set_new(o, "last_commit", vj);
	wj = json_object();
	json_object_set_new(wj, "intake",
	    json_integer(ctl_count_files(c->cf.intake, 1, 0, 0)));
	json_object_set_new(wj, "spool",
	    json_integer(ctl_count_files(c->cf.spool, 0, 0, 0)));
	json_object_set_new(wj, "quarantine",
	    json_integer(ctl_count_files(c->cf.quarantine, 0, 1, 0)));
	json_object_set_new(o, "waiting", wj);
	mj = mirror_status(&c->cf);
	if (pid == 0) {		/* nobody plans or pushes */
		json_t	*m;
		size_t	 k;

		json_array_foreach(mj, k, m) {
			json_object_set_new(m, "next_try", json_null());
			json_object_set_new(m, "pushing_since", json_null());
		}
	}
	json_object_set_new(o, "mirrors", mj);
	if (c->json) {
		ctl_print_json(o);
		json_decref(o);
		return EX_OK;
	}
	if (pid > 0)
		printf("docketd：    运行中（pid %ld），根目录 %s\n", pid,
		    c->cf.root);
	else if (pid < 0)
		printf("docketd：    运行中，根目录 %s\n", c->cf.root);
	else
		printf("docketd：    未运行（根目录 %s）\n", c->cf.root);
	printf("记录：       共 %zu 件\n", total);
	printf("公开属性：  ");
	for (i = 0; discl[i]; i++)
		printf("%s%s %lld", i ? "，" : " ", label_disclosure(discl[i]),
		    (long long)json_integer_value(json_object_get(dj,
		    discl[i])));
	printf("\n状态：      ");
	for (i = 0; stat[i]; i++)
		printf("%s%s %lld", i ? "，" : " ", label_status(stat[i]),
		    (long long)json_integer_value(json_object_get(sj,
		    stat[i])));
	printf("\n");
	if (json_is_object(vj)) {
		ctl_summary_zh(record_str(vj, "summary") ?
		    record_str(vj, "summary") : "", sum, sizeof(sum));
		printf("最近提交：   %.12s %s %s%s\n", record_str(vj, "commit"),
		    record_str(vj, "time"), sum,
		    json_is_true(json_object_get(vj, "indexed")) ? "" :
		    "（尚未索引）");
	} else
		printf("最近提交：   无\n");
	printf("等待处理：   收件箱 %lld，暂存 %lld，隔离 %lld\n",
	    (long long)json_integer_value(json_object_get(wj, "intake")),
	    (long long)json_integer_value(json_object_get(wj, "spool")),
	    (long long)json_integer_value(json_object_get(wj, "quarantine")));
	ctl_status_mirrors(mj);
	json_decref(o);
	return EX_OK;
}

const struct ctl_cmd ctl_cmd_status = {
	"status", NULL, "",
	"docketd 是否运行、按公开属性和效力状态的计数、档案库最近的提交、"
	"收件箱、暂存和隔离中等待处理的文件",
	NULL, NULL, 0, 0, 0, ctl_status
};
