/*
 * ctl_util: the helpers docketctl's command files share — messages and
 * exits, the read-only view of LMDB (with a plain word on a permission
 * problem), the table cell, DOC resolution, the control socket call, the
 * admin, agency and date checks, and RFC 3339 times in JSON.
 */
#include <errno.h>
#include <grp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client.h"
#include "gongwen.h"
#include "label.h"
#include "lifecycle.h"
#include "record.h"
#include "sha256.h"
#include "store.h"
#include "width.h"

#include "docketctl.h"

void
ctl_die(int code, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "docketctl: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

void
ctl_usage_die(struct ctl *c, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "docketctl: %s: ", c->cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "；见 docketctl help %s\n", c->cmd->name);
	exit(EX_USAGE);
}

/* The group owning path, for a message; "" when unknown. */
static const char *
ctl_group_of(const char *path)
{
	struct stat	 sb;
	struct group	*gr;

	if (stat(path, &sb) == -1 || (gr = getgrgid(sb.st_gid)) == NULL)
		return "";
	return gr->gr_name;
}

/*
 * Exit 4: path cannot be read (what: "读取索引").  Names the group that
 * may, and never advises joining group root: when the data belongs to
 * root, the way for others is docketd under a user of its own.
 */
static void __attribute__((noreturn))
ctl_denied(const char *path, const char *what)
{
	const char *g = ctl_group_of(path);

	if (*g == '\0' || strcmp(g, "root") == 0)
		ctl_die(EX_DENIED, "权限不足：无法%s %s（group "
		    "root，仅 root 可读）。请以 root 身份运行 docketctl；要让"
		    "管理员组成员使用，请让 docketd 以专用用户运行（docketd -u "
		    "docket，或安装的 docketd.service），其数据即归 docket 组",
		    what, path);
	ctl_die(EX_DENIED, "权限不足：无法%s %s。请以 root 身份运行 "
	    "docketctl，或由 group %s 的成员运行（usermod -aG %s 用户名，"
	    "重新登录后生效）", what, path, g, g);
}

void
ctl_check_access(const char *path, int mode, const char *what)
{
	if (access(path, mode) == 0 || errno != EACCES)
		return;
	ctl_denied(path, what);
}

void
ctl_open(struct ctl *c)
{
	char		 err[512], lock[PATH_MAX + 16];
	int		 rc;

	if (c->st != NULL)
		return;
	snprintf(lock, sizeof(lock), "%s/lock.mdb", c->cf.db);
	if (access(c->cf.db, R_OK | X_OK) == -1 && errno == EACCES)
		goto denied;
	if (access(lock, R_OK | W_OK) == -1 && errno == EACCES)
		goto denied;
	if (store_open(&c->st, c->cf.db, 1, 0, err, sizeof(err)) < 0)
		ctl_die(EX_ERR, "%s", err);
	if ((rc = store_txn_read(c->st, &c->txn)) != 0)
		ctl_die(EX_ERR, "%s: %s", c->cf.db, store_strerror(rc));
	return;
denied:
	ctl_denied(c->cf.db, "读取索引");
}

void
ctl_print_json(json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	if (s == NULL)
		ctl_die(EX_ERR, "out of memory");
	puts(s);
	free(s);
}

void
ctl_cell(const char *s, size_t cols, int last)
{
	size_t w;

	if (s == NULL)
		s = "-";
	s = esc(s);
	if (last) {
		printf("%s\n", s);
		return;
	}
	w = width_str(s);
	if (w > cols) {
		size_t cut = width_prefix(s, cols);

		/* A cut before a wide character may leave a column over. */
		fwrite(s, 1, cut, stdout);
		w = width_strn(s, cut);
	} else
		fputs(s, stdout);
	for (; w < cols + 2; w++)
		putchar(' ');
}

void
ctl_json_time(json_t *obj, const char *key)
{
	json_t	*v = json_object_get(obj, key);
	char	 ts[64];

	if (!json_is_integer(v))
		return;
	record_rfc3339((int64_t)json_integer_value(v), ts, sizeof(ts));
	json_object_set_new(obj, key, json_string(ts));
}

/* --- resolving DOC ------------------------------------------------------ */

/* 1: all hex digits; *n their count. */
static int
ctl_is_hex(const char *s, size_t *n)
{
	for (*n = 0; *s; s++, (*n)++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return 0;
	return *n > 0;
}

json_t *
ctl_resolve(struct ctl *c, const char *doc)
{
	json_t		*rec = NULL;
	uint64_t	 id, *ids;
	size_t		 nids, i, nhex;
	char		*docno, lower[80], idbuf[STORE_ID_LEN];
	int		 rc;

	if (store_id_parse(doc, &id) == 0 &&
	    store_get_record(c->st, c->txn, id, &rec) == 0)
		return rec;
	if ((docno = gongwen_docno_normalize(doc)) != NULL) {
		rc = store_find_docno(c->st, c->txn, docno, &ids, &nids);
		free(docno);
		if (rc == 0 && nids > 1) {
			fprintf(stderr, "docketctl: %s names %zu records:",
			    doc, nids);
			for (i = 0; i < nids; i++) {
				store_id_format(ids[i], idbuf);
				fprintf(stderr, " %s", idbuf);
			}
			fprintf(stderr, "; give an id\n");
			free(ids);
			exit(EX_ERR);
		}
		if (rc == 0) {
			id = ids[0];
			free(ids);
			if (store_get_record(c->st, c->txn, id, &rec) == 0)
				return rec;
		}
	}
	if (strlen(doc) < sizeof(lower)) {
		for (i = 0; doc[i]; i++)
			lower[i] = (doc[i] >= 'A' && doc[i] <= 'F') ?
			    (char)(doc[i] - 'A' + 'a') : doc[i];
		lower[i] = '\0';
		if (ctl_is_hex(lower, &nhex) && nhex < 8 &&
		    strspn(lower, "0123456789") < nhex &&
		    store_id_parse(doc, &id) != 0)
			ctl_die(EX_USAGE, "%s: a sha256 prefix needs at least 8 "
			    "hex digits (this one has %zu); or give an id "
			    "(D000042) or a docno", doc, nhex);
		if (ctl_is_hex(lower, &nhex) && nhex >= 8 &&
		    nhex <= SHA256_HEX_LEN) {
			rc = store_find_sha_prefix(c->st, c->txn, lower, &id);
			if (rc == MDB_KEYEXIST)
				ctl_die(EX_ERR, "sha256 前缀 %s 对应多个"
				    "文件，请多给几位", doc);
			if (rc == 0 &&
			    store_get_record(c->st, c->txn, id, &rec) == 0)
				return rec;
		}
	}
	ctl_die(EX_NOTFOUND, "%s：没有这个文件（按编号、发文字号或 sha256 "
	    "前缀查找）", doc);
}

/* --- docketd ------------------------------------------------------------ */

static const char *
ctl_admin_group(struct ctl *c)
{
	return c->cf.admin_group[0] ? c->cf.admin_group : "(none)";
}

json_t *
ctl_call(struct ctl *c, const char *cmd, json_t *args)
{
	return ctl_call_progress(c, cmd, args, NULL, NULL);
}

json_t *
ctl_call_progress(struct ctl *c, const char *cmd, json_t *args,
    client_progress_cb progress, void *parg)
{
	json_t	*res = NULL;
	char	 code[32] = "", err[1024] = "";
	int	 ex = EX_ERR;

	if (client_call_progress(c->cf.sock, cmd, args, progress, parg, &res,
	    code, sizeof(code), err, sizeof(err)) == 0)
		return res;
	if (strcmp(code, "connect") == 0 && access(c->cf.sock, W_OK) == -1 &&
	    errno == EACCES)
		ctl_die(EX_DENIED, "权限不足：仅限 root 或 %s 组的成员"
		    "（无法打开 %s）", ctl_admin_group(c), c->cf.sock);
	if (strcmp(code, "denied") == 0)
		ex = EX_DENIED;
	else if (strcmp(code, "usage") == 0 || strcmp(code, "malformed") == 0)
		ex = EX_USAGE;
	else if (strcmp(code, "notfound") == 0)
		ex = EX_NOTFOUND;
	else if (strcmp(code, "conflict") == 0)
		ex = EX_CONFLICT;
	ctl_die(ex, "%s", err);
}

int
ctl_is_admin(struct ctl *c)
{
	struct group	*gr;
	gid_t		 groups[256];
	int		 n, i;

	if (geteuid() == 0)
		return 1;
	if (c->cf.admin_group[0] != '\0' &&
	    (gr = getgrnam(c->cf.admin_group)) != NULL) {
		if (getegid() == gr->gr_gid || getgid() == gr->gr_gid)
			return 1;
		n = getgroups((int)(sizeof(groups) / sizeof(groups[0])),
		    groups);
		for (i = 0; i < n; i++)
			if (groups[i] == gr->gr_gid)
				return 1;
	}
	return 0;
}

void
ctl_check_admin(struct ctl *c)
{
	if (ctl_is_admin(c))
		return;
	ctl_die(EX_DENIED, "权限不足：仅限 root 或 %s 组的成员",
	    ctl_admin_group(c));
}

/* --- agencies ----------------------------------------------------------- */

struct agency_ctx {
	const char	*want;
	int		 found;
	json_t		*names;
};

static int
ctl_agency_cb(const char *key, size_t len, size_t count, void *arg)
{
	struct agency_ctx *a = arg;

	(void)count;
	if (strlen(a->want) == len && memcmp(a->want, key, len) == 0)
		a->found = 1;
	json_array_append_new(a->names, json_stringn(key, len));
	return 0;
}

void
ctl_check_agency(struct ctl *c, const char *agency)
{
	struct agency_ctx	 a;
	json_t			*v;
	size_t			 i, j;
	int			 dup, rc;

	if (agency == NULL)
		return;
	if (config_agency(&c->cf, agency) != NULL)
		return;
	a.want = agency;
	a.found = 0;
	a.names = json_array();
	ctl_open(c);
	if ((rc = store_each_key(c->st, c->txn, STORE_IDX_AGENCY,
	    ctl_agency_cb, &a)) != 0)
		ctl_die(EX_ERR, "agencies: %s", store_strerror(rc));
	if (a.found) {
		json_decref(a.names);
		return;
	}
	for (i = 0; i < c->cf.nagencies; i++) {
		dup = 0;
		json_array_foreach(a.names, j, v)
			if (strcmp(json_string_value(v),
			    c->cf.agencies[i].name) == 0)
				dup = 1;
		if (!dup)
			json_array_append_new(a.names,
			    json_string(c->cf.agencies[i].name));
	}
	fflush(stdout);
	fprintf(stderr, "docketctl: %s: 没有机关“%s”；已知的机关：",
	    c->cmd->name, agency);
	json_array_foreach(a.names, i, v)
		fprintf(stderr, "%s%s", i ? "、" : "",
		    esc(json_string_value(v)));
	fprintf(stderr, "%s\n", json_array_size(a.names) ? "" : "（无）");
	json_decref(a.names);
	exit(EX_NOTFOUND);
}

void
ctl_check_date(struct ctl *c, const char *opt, const char *s)
{
	char check[11];

	if (s != NULL && lc_date_add(s, 0, 0, check) == -1)
		ctl_usage_die(c, "%s：“%s”不是日期（YYYY-MM-DD）", opt,
		    s);
}

void
ctl_check_filters(struct ctl *c, const char *disclosure, const char *status)
{
	static const char	*statuses[] = { "in_force", "expired",
	    "repealed", "cleaned", NULL };
	enum disclosure		 d;
	size_t			 i;

	if (disclosure != NULL && gongwen_disclosure_parse(disclosure, &d) ==
	    -1)
		ctl_usage_die(c, "--disclosure：“%s”不是公开属性；可用 "
		    "public（公开）、on_request（依申请公开）、withheld（不予"
		    "公开）、undetermined（待定）", esc(disclosure));
	if (status == NULL)
		return;
	for (i = 0; statuses[i]; i++)
		if (strcmp(statuses[i], status) == 0)
			return;
	ctl_usage_die(c, "--status：“%s”不是状态；可用 in_force（在用）、"
	    "expired（已失效）、repealed（已废止）、cleaned（已清理）",
	    esc(status));
}

/* --- labels ------------------------------------------------------------ */

/* A value of an event's from/to, labelled for its action. */
const char *
ctl_label_value(const char *action, const char *v)
{
	const char *l;

	if (v == NULL)
		return NULL;
	if (strcmp(action, "hold") == 0 || strcmp(action, "unhold") == 0)
		return strcmp(v, "on") == 0 ? "冻结" : strcmp(v, "off") == 0 ?
		    "未冻结" : v;
	if (strcmp(action, "doc_kind") == 0)
		return label_doc_kind(v);
	if ((l = label_disclosure(v)) != v)
		return l;
	return label_status(v);
}
