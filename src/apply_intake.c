/*
 * apply_intake: the applications' drop folder (see apply_intake.h).
 * docketd polls intake/applications/ every APPLY_INTAKE_POLL seconds (a
 * single directory; an export is renamed into place or left to settle
 * for [intake] settle, like documents).  Each file is handled alone:
 * read, hash, look the hash up, parse, register (vault, then LMDB), and
 * only then unlink.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "apply.h"
#include "apply_intake.h"
#include "apply_sched.h"
#include "apply_store.h"
#include "calendar.h"
#include "intake.h"
#include "lifecycle.h"
#include "log.h"
#include "quarantine.h"
#include "sha256.h"
#include "xalloc.h"

#define APPLY_INTAKE_POLL	2	/* seconds */

struct apply_intake {
	struct event	*ev;
	struct docket	*d;
};


/* jansson's reason, in Chinese for the quarantine reason an office reads. */
static const char *
apply_intake_jerr(const json_error_t *e)
{
	switch (json_error_code(e)) {
	case json_error_premature_end_of_input:
		return "内容不完整，提前结束";
	case json_error_end_of_input_expected:
		return "JSON 之后还有多余内容";
	case json_error_invalid_utf8:
		return "含有不是 UTF-8 编码的字节";
	case json_error_null_character:
		return "含有 NUL 字符";
	case json_error_duplicate_key:
		return "同一字段出现两次";
	case json_error_invalid_syntax:
	default:
		return "语法错误";
	}
}

static const struct {
	const char	*key, *what;
	int		 required;
} apply_intake_fields[] = {
	{ "received", "收到申请日期", 1 },
	{ "channel", "提交方式", 1 },
	{ "applicant", "申请人姓名或名称", 1 },
	{ "applicant_type", "申请人类型", 1 },
	{ "request", "申请公开的政府信息的描述", 1 },
	{ "contact", "联系方式", 0 },
	{ "agency", "机关", 0 },
};
#define APPLY_INTAKE_NFIELDS \
	(sizeof(apply_intake_fields) / sizeof(apply_intake_fields[0]))

json_t *
apply_intake_parse(const char *text, size_t len, int64_t today, char *reason,
    size_t reasonlen)
{
	json_error_t	 jerr;
	json_t		*in, *out, *v;
	const char	*s, *key;
	char		 list[128];
	int64_t		 day;
	size_t		 i;

	if ((in = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr)) ==
	    NULL) {
		snprintf(reason, reasonlen, "不是有效的 JSON（第 %d 行第 %d "
		    "列：%s）", jerr.line, jerr.column,
		    apply_intake_jerr(&jerr));
		return NULL;
	}
	if (!json_is_object(in)) {
		snprintf(reason, reasonlen, "内容应为一个 JSON 对象（含 "
		    "received、channel、applicant 等字段）");
		json_decref(in);
		return NULL;
	}
	out = json_object();
	for (i = 0; i < APPLY_INTAKE_NFIELDS; i++) {
		key = apply_intake_fields[i].key;
		v = json_object_get(in, key);
		if (v == NULL || json_is_null(v)) {
			if (!apply_intake_fields[i].required)
				continue;
			snprintf(reason, reasonlen, "缺少字段 %s（%s）", key,
			    apply_intake_fields[i].what);
			goto bad;
		}
		if (!json_is_string(v)) {
			snprintf(reason, reasonlen, "字段 %s（%s）应为字符串",
			    key, apply_intake_fields[i].what);
			goto bad;
		}
		s = json_string_value(v);
		if (s[strspn(s, " \t\r\n")] == '\0') {
			if (!apply_intake_fields[i].required)
				continue;
			snprintf(reason, reasonlen, "字段 %s（%s）为空", key,
			    apply_intake_fields[i].what);
			goto bad;
		}
		json_object_set(out, key, v);
	}
	s = json_string_value(json_object_get(out, "received"));
	if ((day = apply_day_of(s)) == APPLY_NODAY) {
		snprintf(reason, reasonlen, "字段 received（收到申请日期）：“%s”"
		    "不是有效日期（YYYY-MM-DD）", s);
		goto bad;
	}
	if (day > today) {
		snprintf(reason, reasonlen, "字段 received（收到申请日期）：%s "
		    "晚于今天", s);
		goto bad;
	}
	s = json_string_value(json_object_get(out, "channel"));
	if (!apply_one_of(apply_channels, s)) {
		apply_list_str(apply_channels, list, sizeof(list));
		snprintf(reason, reasonlen, "字段 channel（提交方式）：未知的提交"
		    "方式“%s”（应为 %s）", s, list);
		goto bad;
	}
	s = json_string_value(json_object_get(out, "applicant_type"));
	if (!apply_one_of(apply_applicant_types, s)) {
		apply_list_str(apply_applicant_types, list, sizeof(list));
		snprintf(reason, reasonlen, "字段 applicant_type（申请人类型）："
		    "未知的类型“%s”（应为 %s）", s, list);
		goto bad;
	}
	json_decref(in);
	return out;
bad:
	json_decref(in);
	json_decref(out);
	return NULL;
}

/* Read a whole regular file (at most APPLY_INTAKE_MAX bytes). */
static char *
apply_intake_read(const char *path, size_t *len, char *why, size_t whylen)
{
	struct stat	 sb;
	char		*buf;
	ssize_t		 n;
	size_t		 got = 0;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		snprintf(why, whylen, "%s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode) ||
	    sb.st_size > APPLY_INTAKE_MAX) {
		snprintf(why, whylen, "文件过大或不是普通文件（上限 %d 字节）",
		    APPLY_INTAKE_MAX);
		close(fd);
		return NULL;
	}
	buf = xmalloc((size_t)sb.st_size + 1);
	while (got < (size_t)sb.st_size &&
	    (n = read(fd, buf + got, (size_t)sb.st_size - got)) > 0)
		got += (size_t)n;
	close(fd);
	buf[got] = '\0';
	*len = got;
	return buf;
}

static void
apply_intake_quarantine(struct apply_intake *ai, const char *path,
    const char *name, const char *reason)
{
	char from[PATH_MAX], r[1024];

	snprintf(from, sizeof(from), "%s/%s", APPLY_INTAKE_DIR, name);
	snprintf(r, sizeof(r), "政府信息公开申请文件无法登记：%s", reason);
	if (quarantine_move_from(ai->d->cf->quarantine, path, name, from, r,
	    NULL, 0) == -1)
		log_warn("apply intake: quarantine %s", path);
	else
		log_info("quarantined %s: %s", from, r);
}

/* One file: 1 registered, 0 not (quarantined, already registered, or
 * left for later). */
static int
apply_intake_one(struct apply_intake *ai, const char *dir, const char *name)
{
	struct docket		*d = ai->d;
	struct apply_ctx	 ctx;
	struct calendar		*own = NULL;
	MDB_txn			*txn;
	json_t			*args, *rec, *recs;
	char			 path[PATH_MAX * 2], sha[SHA256_HEX_LEN + 1];
	char			 why[512], id[APPLY_ID_LEN], today[11];
	char			 msg[160], commit[VAULT_OID_HEX];
	char			*buf;
	size_t			 len;
	int64_t			 now = (int64_t)time(NULL);
	int			 rc, out = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((buf = apply_intake_read(path, &len, why, sizeof(why))) == NULL) {
		if (errno != ENOENT)
			apply_intake_quarantine(ai, path, name, why);
		return 0;
	}
	sha256_hex(buf, len, sha);
	if ((rc = store_txn_read(d->st, &txn)) != 0) {
		log_warnx("apply intake: %s", store_strerror(rc));
		free(buf);
		return 0;
	}
	rc = apply_store_find_source(d->st, txn, sha, id);
	store_txn_end(txn);
	if (rc == 0) {
		/* Registered before a crash took the unlink. */
		log_info("apply intake: %s/%s is already %s; removed",
		    APPLY_INTAKE_DIR, name, id);
		if (unlink(path) == -1 && errno != ENOENT)
			log_warn("apply intake: unlink %s", path);
		free(buf);
		return 0;
	}
	if (rc != MDB_NOTFOUND) {
		log_warnx("apply intake: %s", store_strerror(rc));
		free(buf);
		return 0;
	}
	lc_date_of(now, today);
	args = apply_intake_parse(buf, len, apply_day_of(today), why,
	    sizeof(why));
	free(buf);
	if (args == NULL) {
		apply_intake_quarantine(ai, path, name, why);
		return 0;
	}
	if (d->cal == NULL && (own = calendar_new()) == NULL) {
		json_decref(args);
		return 0;
	}
	apply_sched_ctx(&ctx, d, own, now, today);
	if ((rc = store_txn_read(d->st, &txn)) != 0) {
		log_warnx("apply intake: %s", store_strerror(rc));
		goto done;
	}
	rc = apply_store_next_id(d->st, txn, atoi(json_string_value(
	    json_object_get(args, "received"))), id);
	store_txn_end(txn);
	if (rc != 0) {
		log_warnx("apply intake: no id: %s", store_strerror(rc));
		goto done;
	}
	if ((rec = apply_new(&ctx, id, args, why, sizeof(why))) == NULL) {
		apply_intake_quarantine(ai, path, name, why);
		goto done;
	}
	json_object_set_new(rec, "source", json_pack("{s:s, s:s, s:s}",
	    "kind", "drop_folder", "file", name, "sha256", sha));
	json_object_set_new(json_array_get(json_object_get(rec, "events"), 0),
	    "source", json_string(name));
	recs = json_pack("[o]", rec);
	snprintf(msg, sizeof(msg), "apply new %s from %s/ by docketd", id,
	    APPLY_INTAKE_DIR);
	rc = apply_store_commit(d->st, d->vt, recs, msg, commit, why,
	    sizeof(why));
	json_decref(recs);
	if (rc == -1) {
		/* Not recorded: the file stays for the next poll. */
		log_warnx("apply intake: %s: %s", msg, why);
		goto done;
	}
	if (rc == -2)	/* in the vault: apply_store_recover indexes it */
		log_warnx("apply intake: %s: %s", msg, why);
	log_info("%s (%s), commit %.12s", msg, name, commit);
	if (unlink(path) == -1 && errno != ENOENT)
		log_warn("apply intake: unlink %s", path);
	out = 1;
done:
	json_decref(args);
	calendar_free(own);
	return out;
}

int
apply_intake_scan(struct apply_intake *ai)
{
	const struct config	*cf = ai->d->cf;
	DIR			*dp;
	struct dirent		*de;
	struct stat		 sb;
	char			 dir[PATH_MAX + 32], path[PATH_MAX * 2], err[512];
	struct timespec		 ts;
	int64_t			 age;
	int			 n = 0, recovered = 0;

	if (ai == NULL)
		return 0;
	snprintf(dir, sizeof(dir), "%s/%s", cf->intake, APPLY_INTAKE_DIR);
	if ((dp = opendir(dir)) == NULL)
		return 0;
	clock_gettime(CLOCK_REALTIME, &ts);
	while ((de = readdir(dp)) != NULL) {
		if (intake_ignored(de->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (lstat(path, &sb) == -1 || S_ISDIR(sb.st_mode))
			continue;
		/* Still being written: wait for it to settle. */
		age = ((int64_t)ts.tv_sec - sb.st_mtim.tv_sec) * 1000 +
		    (ts.tv_nsec - sb.st_mtim.tv_nsec) / 1000000;
		if (S_ISREG(sb.st_mode) && age < (int64_t)cf->settle_ms)
			continue;
		/* A vault commit LMDB missed is indexed first, so its file
		 * is found registered. */
		if (!recovered) {
			if (apply_store_recover(ai->d->st, ai->d->vt, 0, err,
			    sizeof(err)) < 0)
				log_warnx("apply intake: %s", err);
			recovered = 1;
		}
		n += apply_intake_one(ai, dir, de->d_name);
	}
	closedir(dp);
	return n;
}

static void
apply_intake_cb(evutil_socket_t fd, short ev, void *arg)
{
	(void)fd;
	(void)ev;
	apply_intake_scan(arg);
}

struct apply_intake *
apply_intake_new(struct event_base *base, struct docket *d)
{
	struct apply_intake	*ai;
	struct timeval		 tv = { APPLY_INTAKE_POLL, 0 };

	ai = xcalloc(1, sizeof(*ai));
	ai->d = d;
	if ((ai->ev = event_new(base, -1, EV_PERSIST, apply_intake_cb,
	    ai)) == NULL) {
		free(ai);
		return NULL;
	}
	event_add(ai->ev, &tv);
	return ai;
}

void
apply_intake_free(struct apply_intake *ai)
{
	if (ai == NULL)
		return;
	event_free(ai->ev);
	free(ai);
}
