/*
 * ctl_publish: docketctl publish — the public site ([publish] dir).
 * `--status` (the default) reads the index (read-only, whether docketd runs or not):
 * where the site is, which vault commit it reflects, how many documents
 * it has, the last sync and the public branch's head.  `--rebuild`
 * writes the whole site again: a running docketd does it (asked over the
 * control socket, so there is still one writer); on a stopped one
 * docketctl takes the root's lock itself and runs the rebuild here, with
 * its progress on a terminal.  Either way memory stays bounded (site.c
 * streams one index key at a time).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "control.h"
#include "domains.h"
#include "domains_default.h"
#include "record.h"
#include "neglist.h"
#include "site.h"
#include "vault.h"

#include "docketctl.h"

enum { X_REBUILD, X_STATUS };

static const struct option publish_opts[] = {
	{ "rebuild", no_argument, NULL, CTL_O_X + X_REBUILD },
	{ "status", no_argument, NULL, CTL_O_X + X_STATUS },
	{ NULL, 0, NULL, 0 }
};

static void
ctl_publish_progress(void *arg, size_t done, size_t total)
{
	(void)arg;
	fprintf(stderr, "\r重建公开网站：%zu / %zu 件", done, total);
	if (done == total)
		fputc('\n', stderr);
	fflush(stderr);
}

static void
ctl_publish_print(json_t *st)
{
	const char	*s;
	const char	*sh = record_str(st, "site_head");
	const char	*vh = record_str(st, "vault_head");

	printf("公开网站：    %s\n", esc(record_str(st, "dir")));
	printf("网站名称：    %s\n", esc(record_str(st, "site_name")));
	s = record_str(st, "base_url");
	printf("网址：        %s\n", s && s[0] ? esc(s) : "（未设置）");
	printf("公开文件：    %lld 件\n", (long long)json_integer_value(
	    json_object_get(st, "documents")));
	/* %.12s shortens a commit id, never the Chinese text (12 bytes
	 * of UTF-8 would cut a character in half). */
	if (sh == NULL)
		printf("网站对应提交：（尚未生成）\n");
	else
		printf("网站对应提交：%.12s%s\n", sh,
		    json_is_true(json_object_get(st, "behind")) ?
		    "（落后于索引，待同步）" : "（已同步）");
	printf("索引提交：    %.12s\n", vh ? vh : "-");
	s = record_str(st, "last_sync");
	printf("上次同步：    %s\n", s ? s : "-");
	s = record_str(st, "public_head");
	if (s != NULL)
		printf("public 分支： %.12s\n", s);
	else
		printf("public 分支： （尚无）\n");
	/* Why docketd could not bring it up to date (it retries). */
	if ((s = record_str(st, "last_error")) != NULL)
		printf("上次错误：    %s\n", esc(s));
}

/* 1 when docketd holds the root's lock. */
static int
ctl_publish_running(struct ctl *c, int *lockfd)
{
	*lockfd = open(c->cf.lock, O_RDONLY | O_CLOEXEC);
	if (*lockfd == -1)
		return 0;
	if (flock(*lockfd, LOCK_EX | LOCK_NB) == -1 && errno == EWOULDBLOCK) {
		close(*lockfd);
		*lockfd = -1;
		return 1;
	}
	return 0;
}

/* The rebuild on a stopped docketd, under the root's lock. */
static int
ctl_publish_local(struct ctl *c)
{
	struct site_env	 e;
	struct store	*st = NULL;
	struct vault	*vt = NULL;
	struct domains	*dom;
	struct neglist	*neg;
	char		 err[512];
	int		 n;

	if (c->cf.domains[0] != '\0')
		dom = domains_load(c->cf.domains, err, sizeof(err));
	else
		dom = domains_load_buf(domains_default,
		    "<built-in domains.conf>", err, sizeof(err));
	if (dom == NULL)
		ctl_die(EX_ERR, "domains: %s", err);
	if (store_open(&st, c->cf.db, 0, c->cf.map_size, err,
	    sizeof(err)) != 0)
		ctl_die(EX_ERR, "%s", err);
	if (vault_open(&vt, c->cf.vault, 0, err, sizeof(err)) == -1)
		ctl_die(EX_ERR, "vault: %s", err);
	memset(&e, 0, sizeof(e));
	e.cf = &c->cf;
	e.st = st;
	e.vt = vt;
	e.domains = dom;
	if ((neg = neglist_open(c->cf.negative_list, err, sizeof(err))) ==
	    NULL)
		ctl_die(EX_ERR, "负面清单：%s", err);
	e.neg = neg;
	n = site_rebuild(&e, !c->json && isatty(2) ? ctl_publish_progress :
	    NULL, NULL, err, sizeof(err));
	vault_close(vt);
	store_close(st);
	domains_free(dom);
	neglist_free(neg);
	if (n < 0)
		ctl_die(EX_ERR, "重建公开网站失败：%s", err);
	return n;
}

static int
ctl_publish(struct ctl *c, int argc, char **argv)
{
	struct site_env	 e;
	json_t		*res;
	char		 err[512];
	int		 rebuild = c->x[X_REBUILD] != NULL, lockfd = -1, n;

	(void)argc;
	(void)argv;
	if (rebuild && c->x[X_STATUS] != NULL)
		ctl_usage_die(c, "--rebuild 与 --status 只能选一个");
	if (c->cf.publish.dir[0] == '\0')
		ctl_die(EX_CONFLICT, "没有公开网站：配置文件 %s 中未设置 [publish] "
		    "dir", c->cf.file[0] ? c->cf.file : "（默认）");
	if (!rebuild) {
		ctl_open(c);
		memset(&e, 0, sizeof(e));
		e.cf = &c->cf;
		e.st = c->st;
		store_txn_end(c->txn);
		c->txn = NULL;
		if ((res = site_status(&e, err, sizeof(err))) == NULL)
			ctl_die(EX_ERR, "%s", err);
		if (c->json)
			ctl_print_json(res);
		else
			ctl_publish_print(res);
		json_decref(res);
		return EX_OK;
	}
	ctl_check_admin(c);
	if (ctl_publish_running(c, &lockfd)) {
		if (!c->json && isatty(2))
			fprintf(stderr, "docketd 正在重建公开网站……\n");
		res = ctl_call(c, CONTROL_CMD_PUBLISH_REBUILD, NULL);
	} else {
		n = ctl_publish_local(c);
		res = json_pack("{s:s, s:i}", "dir", c->cf.publish.dir,
		    "documents", n);
	}
	if (lockfd != -1)
		close(lockfd);
	if (c->json)
		ctl_print_json(res);
	else
		printf("已重建公开网站：%lld 件公开文件，写入 %s\n",
		    (long long)json_integer_value(json_object_get(res,
		    "documents")), esc(record_str(res, "dir")));
	json_decref(res);
	return EX_OK;
}

const struct ctl_cmd ctl_cmd_publish = {
	"publish", NULL, "[--status] | --rebuild",
	"公开网站（[publish] dir）：全部重新生成，或查看其现状",
	"  --rebuild              重新生成每个页面（docketd 运行时由它生成）\n"
	"  --status               站点目录、网站对应的提交、文件数、上次同步\n",
	publish_opts, 0, 0, 0, ctl_publish
};
