/*
 * annual_cmd: the annual report's changes, made by docketd for
 * `docketctl annual-report set` and `publish` (root and the admin group
 * only: command.c's table).
 *
 * annual_set records a value of table 二 that no document gives — 行政
 * 许可, 行政处罚, 行政强制 (whole numbers) and 行政事业性收费 (万元, at
 * most 4 decimals) — as one event line {seq, time, actor, action "set",
 * year, agency, key, value, from} appended to annual/YEAR/values.jsonl in
 * the vault (change_append), the last line of an agency and key winning.
 * The file is outside records/ and named like no record, so replay and
 * the index never see it; the report reads it (annual_build.c).
 *
 * annual_publish builds the report of a past year as of today and
 * commits annual/YEAR/SLUG.json (the model with published_on and
 * first_published_on, which a later publication keeps) and SLUG.md in
 * one commit.  Next year's table 二 check starts from its in_force
 * figures; the site and the compliance report read it from there.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "annual.h"
#include "annual_build.h"
#include "annual_cmd.h"
#include "annual_json.h"
#include "annual_md.h"
#include "change.h"
#include "config.h"
#include "lifecycle.h"
#include "log.h"
#include "record.h"
#include "store.h"
#include "vault.h"

#define ANNUAL_INT_DIGITS	12	/* a count, at most 999 999 999 999 */

static const char *const annual_keys[] = { "permits", "penalties",
    "enforcement", "charges", NULL };

int
annual_key_known(const char *key)
{
	size_t i;

	for (i = 0; key != NULL && annual_keys[i] != NULL; i++)
		if (strcmp(key, annual_keys[i]) == 0)
			return 1;
	return 0;
}

const char *
annual_key_label(const char *key)
{
	if (strcmp(key, "permits") == 0)
		return "行政许可";
	if (strcmp(key, "penalties") == 0)
		return "行政处罚";
	if (strcmp(key, "enforcement") == 0)
		return "行政强制";
	return "行政事业性收费（万元）";
}

json_t *
annual_value_parse(const char *key, const char *text, char *err,
    size_t errlen)
{
	const char	*dot, *ip, *fp;
	char		 buf[64];
	size_t		 ni, nf;

	if (!annual_key_known(key)) {
		snprintf(err, errlen, "没有填报项“%s”（应为 permits 行政许可、"
		    "penalties 行政处罚、enforcement 行政强制或 charges "
		    "行政事业性收费）", key != NULL ? key : "");
		return NULL;
	}
	if (text == NULL)
		text = "";
	dot = strchr(text, '.');
	ni = dot != NULL ? (size_t)(dot - text) : strlen(text);
	nf = dot != NULL ? strlen(dot + 1) : 0;
	if (strcmp(key, "charges") != 0) {
		if (ni == 0 || dot != NULL || strspn(text, "0123456789") != ni ||
		    ni > ANNUAL_INT_DIGITS) {
			snprintf(err, errlen, "%s 的数量“%s”应为不小于 0 的"
			    "整数", annual_key_label(key), text);
			return NULL;
		}
		return json_integer((json_int_t)strtoll(text, NULL, 10));
	}
	if (ni == 0 || strspn(text, "0123456789") != ni ||
	    ni > ANNUAL_INT_DIGITS || (dot != NULL && (nf == 0 || nf > 4 ||
	    strspn(dot + 1, "0123456789") != nf))) {
		snprintf(err, errlen, "%s“%s”应为以万元计的金额，不小于 0，"
		    "最多 4 位小数（例如 12.5）", annual_key_label(key), text);
		return NULL;
	}
	/* One form for one amount: no leading zeros, no trailing ones. */
	for (ip = text; ni > 1 && *ip == '0'; ip++, ni--)
		;
	fp = dot != NULL ? dot + 1 : "";
	while (nf > 0 && fp[nf - 1] == '0')
		nf--;
	snprintf(buf, sizeof(buf), "%.*s%s%.*s", (int)ni, ip, nf ? "." : "",
	    (int)nf, fp);
	return json_string(buf);
}

int
annual_year_check(int year, int this_year, char *err, size_t errlen)
{
	if (year < ANNUAL_YEAR_MIN || year > this_year) {
		snprintf(err, errlen, "年度 %d 不在 %d 到 %d 之间（《政府信息"
		    "公开条例》%d 年施行）", year, ANNUAL_YEAR_MIN, this_year,
		    ANNUAL_YEAR_MIN);
		return -1;
	}
	return 0;
}

/* --- the agency --------------------------------------------------------- */

struct annual_known {
	const char	*want;
	int		 found;
};

static int
annual_known_cb(const char *key, size_t len, size_t count, void *arg)
{
	struct annual_known *k = arg;

	(void)count;
	if (strlen(k->want) == len && memcmp(key, k->want, len) == 0)
		k->found = 1;
	return k->found;
}

/* 1 when agency is configured or has documents in the index. */
static int
annual_agency_known(struct docket *d, const char *agency)
{
	struct annual_known	 k;
	MDB_txn			*txn;

	if (config_agency(d->cf, agency) != NULL)
		return 1;
	k.want = agency;
	k.found = 0;
	if (store_txn_read(d->st, &txn) != 0)
		return 0;
	if (store_each_key(d->st, txn, STORE_IDX_AGENCY, annual_known_cb,
	    &k) != 0)
		k.found = 0;
	if (!k.found)
		k.found = annual_agency_in_apps(d->st, txn, agency);
	store_txn_end(txn);
	return k.found;
}

/* year (a JSON integer) and agency (a string, or absent/null) of the
 * request; NULL, or an error reply. */
static json_t *
annual_args(struct docket *d, json_t *args, int this_year, int *year,
    const char **agency)
{
	json_t	*y = json_object_get(args, "year");
	json_t	*a = json_object_get(args, "agency");
	char	 err[256];

	if (!json_is_integer(y) || json_integer_value(y) < 0 ||
	    json_integer_value(y) > 9999)
		return control_error("usage", "缺少年度（year）");
	*year = (int)json_integer_value(y);
	if (annual_year_check(*year, this_year, err, sizeof(err)) == -1)
		return control_error("usage", "%s", err);
	*agency = NULL;
	if (a != NULL && !json_is_null(a)) {
		if (!json_is_string(a) || json_string_length(a) == 0 ||
		    json_string_length(a) > 255)
			return control_error("usage", "机关名称无效");
		*agency = json_string_value(a);
		if (!annual_agency_known(d, *agency))
			return control_error("notfound", "没有机关“%s”"
			    "（docketctl status 列出各机关）", *agency);
	}
	return NULL;
}

/* --- set ---------------------------------------------------------------- */

static json_t *
annual_set(struct docket *d, const struct control_peer *p, json_t *args,
    const char *today)
{
	struct change	*ch;
	json_t		*value, *old = NULL, *prev, *ev, *out = NULL, *pub;
	const char	*key, *agency;
	char		 err[512], path[SITE_PATH_MAX], ts[64];
	char		 commit[VAULT_OID_HEX], msg[512];
	int		 year, rc;

	if ((out = annual_args(d, args, atoi(today), &year, &agency)) != NULL)
		return out;
	key = json_string_value(json_object_get(args, "key"));
	if ((value = annual_value_parse(key, json_string_value(
	    json_object_get(args, "value")), err, sizeof(err))) == NULL)
		return control_error("usage", "%s", err);
	if ((old = annual_entered(d->vt, year, agency, err, sizeof(err))) ==
	    NULL) {
		json_decref(value);
		return control_error("internal", "%s", err);
	}
	prev = json_object_get(old, key);
	if (json_equal(prev, value)) {
		out = control_error("conflict", "%d 年%s%s已是 %s", year,
		    agency != NULL ? agency : "", annual_key_label(key),
		    json_string_value(json_object_get(args, "value")));
		goto done;
	}
	record_rfc3339((int64_t)time(NULL), ts, sizeof(ts));
	ev = json_pack("{s:s, s:s, s:s, s:i, s:s?, s:s, s:O, s:O}", "time", ts,
	    "actor", p->user, "action", "set", "year", year, "agency", agency,
	    "key", key, "value", value, "from", prev);
	annual_values_path(year, path);
	if (ev == NULL || (ch = change_new(d->st, d->vt)) == NULL) {
		json_decref(ev);
		out = control_error("internal", "内存不足");
		goto done;
	}
	if (change_append(ch, path, ev, err, sizeof(err)) == -1) {
		change_free(ch);
		vault_discard(d->vt);
		json_decref(ev);
		out = control_error("internal", "%s", err);
		goto done;
	}
	snprintf(msg, sizeof(msg), "annual-report set %d %s %s by %s", year,
	    agency != NULL ? agency : "(government)", key, p->user);
	rc = change_commit(ch, msg, commit, err, sizeof(err));
	change_free(ch);
	if (rc == -1) {
		log_warnx("control: %s: %s", msg, err);
		json_decref(ev);
		out = control_error("internal", "未记录：%s", err);
		goto done;
	}
	/* -2: in the vault, where the report reads it; LMDB catches up. */
	if (rc == -2)
		log_warnx("control: %s: in the vault, index behind: %s", msg,
		    err);
	log_info("%s, commit %.12s", msg, commit);
	out = json_pack("{s:i, s:s?, s:s, s:O, s:O, s:s, s:s, s:o}", "year",
	    year, "agency", agency, "key", key, "value", value, "previous",
	    prev, "path", path, "commit", commit, "event", ev);
	/* A report published already no longer says this: tell. */
	if (out != NULL && (pub = annual_published(d->vt, year, agency)) !=
	    NULL) {
		json_object_set(out, "published_on", json_object_get(pub,
		    "published_on"));
		json_decref(pub);
	}
done:
	json_decref(value);
	json_decref(old);
	return out;
}

/* --- publish ------------------------------------------------------------ */

/* The snapshot: the model with the two dates after its as_of. */
static json_t *
annual_snapshot(json_t *model, const char *today, const char *first)
{
	json_t		*snap = json_object(), *v;
	const char	*k;

	json_object_foreach(model, k, v) {
		json_object_set(snap, k, v);
		if (strcmp(k, "as_of") == 0) {
			json_object_set_new(snap, "published_on",
			    json_string(today));
			json_object_set_new(snap, "first_published_on",
			    json_string(first));
		}
	}
	if (json_object_get(snap, "published_on") == NULL) {
		json_object_set_new(snap, "published_on", json_string(today));
		json_object_set_new(snap, "first_published_on",
		    json_string(first));
	}
	return snap;
}

/*
 * What the report publishes as not entered: [{"kind": "value", "key":
 * "permits"} (annual-report set), {"kind": "notes", "key": "overview",
 * "text": the placeholder, which names the notes file}].  The public
 * page says only 未填报 / 本部分未填写; this is for the one who publishes.
 */
static json_t *
annual_unfilled(json_t *model)
{
	static const char *const sections[] = { "overview", "problems",
	    "other" };
	json_t		*out = json_array(), *v, *notes, *e;
	const char	*k;
	size_t		 i;

	json_object_foreach(json_object_get(model, "entered"), k, v)
		if (json_is_null(v))
			json_array_append_new(out, json_pack("{s:s, s:s}",
			    "kind", "value", "key", k));
	notes = json_object_get(model, "notes");
	if (json_is_string(notes))
		for (i = 0; i < 3; i++)
			json_array_append_new(out, json_pack("{s:s, s:s, s:O}",
			    "kind", "notes", "key", sections[i], "text",
			    notes));
	json_array_foreach(json_object_get(notes, "placeholders"), i, e)
		if (json_is_string(e))
			json_array_append_new(out, json_pack("{s:s, s:O, s:O*}",
			    "kind", "notes", "key", e, "text",
			    json_object_get(notes, json_string_value(e))));
	return out;
}

static json_t *
annual_publish(struct docket *d, const struct control_peer *p, json_t *args,
    const char *today)
{
	struct change	*ch = NULL;
	MDB_txn		*txn;
	json_t		*model, *prev, *snap = NULL, *out = NULL;
	const char	*agency, *first;
	char		 err[512], jpath[SITE_PATH_MAX], mpath[SITE_PATH_MAX];
	char		 commit[VAULT_OID_HEX], msg[512], *js = NULL, *md = NULL;
	char		 firstbuf[11];
	size_t		 jlen, mlen;
	int		 year, rc;

	if ((out = annual_args(d, args, atoi(today), &year, &agency)) != NULL)
		return out;
	if (year >= atoi(today))
		return control_error("usage", "%d 年尚未结束：年度报告在次年"
		    "发布（可先用 docketctl annual-report %d 预览）", year,
		    year);
	if ((rc = store_txn_read(d->st, &txn)) != 0)
		return control_error("internal", "%s", store_strerror(rc));
	model = annual_build(d->st, txn, d->vt, &d->cf->annual, year, agency,
	    today, err, sizeof(err));
	store_txn_end(txn);
	if (model == NULL)
		return control_error("internal", "%s", err);
	/* A report published again keeps the day it first was. */
	if (annual_published_get(d->vt, year, agency, &prev, err,
	    sizeof(err)) == -1)
		/* Never taken for a first publication (its day). */
		return control_error("internal", "读取已发布的报告：%s", err);
	first = json_string_value(json_object_get(prev,
	    "first_published_on"));
	snprintf(firstbuf, sizeof(firstbuf), "%s", first != NULL &&
	    strlen(first) == 10 ? first : today);
	json_decref(prev);
	snap = annual_snapshot(model, today, firstbuf);
	if ((js = annual_json_render(snap, &jlen)) == NULL ||
	    (md = annual_md_render(snap, &mlen)) == NULL) {
		out = control_error("internal", "无法生成报告");
		goto done;
	}
	annual_path(year, agency, "json", jpath);
	annual_path(year, agency, "md", mpath);
	if ((ch = change_new(d->st, d->vt)) == NULL) {
		out = control_error("internal", "内存不足");
		goto done;
	}
	if (vault_stage(d->vt, jpath, js, jlen, err, sizeof(err)) == -1 ||
	    vault_stage(d->vt, mpath, md, mlen, err, sizeof(err)) == -1) {
		vault_discard(d->vt);
		out = control_error("internal", "%s", err);
		goto done;
	}
	snprintf(msg, sizeof(msg), "annual-report %d %s by %s", year,
	    agency != NULL ? agency : "(government)", p->user);
	if ((rc = change_commit(ch, msg, commit, err, sizeof(err))) == -1) {
		log_warnx("control: %s: %s", msg, err);
		out = control_error("internal", "未记录：%s", err);
		goto done;
	}
	/* -2: in the vault, where the site reads it; LMDB catches up. */
	if (rc == -2)
		log_warnx("control: %s: in the vault, index behind: %s", msg,
		    err);
	log_info("%s, commit %.12s", msg, commit);
	out = json_pack("{s:i, s:s?, s:s, s:s, s:s, s:s, s:s, s:b, s:O, s:o}",
	    "year", year, "agency", agency, "commit", commit, "path", jpath,
	    "md", mpath, "published_on", today, "first_published_on",
	    firstbuf, "checks_ok", annual_checks_ok(model), "checks",
	    json_object_get(model, "checks"), "unfilled",
	    annual_unfilled(model));
done:
	change_free(ch);
	free(js);
	free(md);
	json_decref(snap);
	json_decref(model);
	return out;
}

json_t *
annual_cmd(struct docket *d, const struct control_peer *p, const char *cmd,
    json_t *args)
{
	char today[11];

	lc_date_of((int64_t)time(NULL), today);
	if (strcmp(cmd, CONTROL_CMD_ANNUAL_SET) == 0)
		return annual_set(d, p, args, today);
	if (strcmp(cmd, CONTROL_CMD_ANNUAL_PUBLISH) == 0)
		return annual_publish(d, p, args, today);
	return control_error("usage", "unknown command '%s'", cmd);
}
