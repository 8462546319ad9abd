/*
 * apply_cmd: the control-socket side of the disclosure applications.
 * Each change reads the application from LMDB, applies one apply.c
 * change as the peer's user name, and commits it (vault, then LMDB)
 * before it answers; the reply carries the application as of today,
 * its event and the commit.  An answer that names documents also puts
 * an event (apply_answer, related = the application's id, no personal
 * data) on each document's history, in the same vault commit.  The
 * calendar is docketd's (built-in years and [calendar] dir, reloaded on
 * SIGHUP).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "apply.h"
#include "apply_cmd.h"
#include "apply_fee.h"
#include "apply_store.h"
#include "calendar.h"
#include "change.h"
#include "label.h"
#include "lifecycle.h"
#include "log.h"
#include "record.h"

struct apply_env {
	struct docket			*d;
	const struct control_peer	*p;
	struct calendar			*own;	/* when docketd has none */
	struct apply_ctx		 ctx;
};

static const char *
apply_cmd_str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static int
apply_env_init(struct apply_env *e, struct docket *d,
    const struct control_peer *p)
{
	char	today[11];
	int64_t	now = (int64_t)time(NULL);

	memset(e, 0, sizeof(*e));
	e->d = d;
	e->p = p;
	if (d->cal == NULL && (e->own = calendar_new()) == NULL)
		return -1;
	lc_date_of(now, today);
	e->ctx.cal = d->cal != NULL ? d->cal : e->own;
	e->ctx.actor = p != NULL ? p->user : "docketd";
	e->ctx.now = now;
	e->ctx.today = apply_day_of(today);
	e->ctx.due_soon = d->cf->apply.due_soon > 0 ? d->cf->apply.due_soon :
	    APPLY_DUE_SOON;
	return 0;
}

static void
apply_env_free(struct apply_env *e)
{
	calendar_free(e->own);
}

int
apply_cmd_recover(struct docket *d, int force, char *err, size_t errlen)
{
	return apply_store_recover(d->st, d->vt, force, err, errlen);
}

/* The application named by args.id (A2026-00001), or an error. */
static json_t *
apply_cmd_get(struct apply_env *e, json_t *args, json_t **errout)
{
	const char	*ids = apply_cmd_str(args, "id");
	char		 id[APPLY_ID_LEN];
	MDB_txn		*txn;
	json_t		*rec = NULL;
	unsigned int	 n;
	int		 rc, y;

	if (ids == NULL || apply_id_parse(ids, &y, &n) == -1) {
		*errout = control_error("usage", "'%s' 不是申请编号（例如 "
		    "A2026-00001）", ids ? ids : "");
		return NULL;
	}
	apply_id_format(y, n, id);
	if ((rc = store_txn_read(e->d->st, &txn)) != 0) {
		*errout = control_error("internal", "%s", store_strerror(rc));
		return NULL;
	}
	rc = apply_store_get(e->d->st, txn, id, &rec);
	store_txn_end(txn);
	if (rc == MDB_NOTFOUND) {
		*errout = control_error("notfound", "没有申请 %s", id);
		return NULL;
	}
	if (rc != 0) {
		*errout = control_error("internal", "%s", store_strerror(rc));
		return NULL;
	}
	return rec;
}

static json_t *
apply_cmd_reply(struct apply_env *e, json_t *rec, json_t *ev,
    const char *commit, const char *warning)
{
	json_t	*v = apply_view(&e->ctx, rec);
	char	 buf[1024];

	/* A deadline counted through a year without holiday data says so
	 * every time it is given (the calendar's Mon–Fri estimate). */
	if (v != NULL && apply_has_str(json_object_get(v, "flags"),
	    "estimated") && json_is_null(json_object_get(v, "answer"))) {
		snprintf(buf, sizeof(buf), "%s%s答复期限涉及尚无节假日安排"
		    "数据的年份，按周一至周五估算；该年放假通知发布后，在 "
		    "holidays/ 目录增加该年文件并重新加载（SIGHUP）",
		    warning ? warning : "", warning ? "；" : "");
		warning = buf;
	}
	return json_pack("{s:s, s:s, s:o, s:O, s:s?}", "id",
	    apply_cmd_str(rec, "id"), "commit", commit, "record",
	    v ? v : json_null(), "event", ev ? ev : json_null(), "warning",
	    warning);
}

static json_t *
apply_cmd_new(struct apply_env *e, json_t *args)
{
	const char	*received = apply_cmd_str(args, "received");
	MDB_txn		*txn;
	json_t		*rec, *recs, *out;
	char		 id[APPLY_ID_LEN], err[512] = "", msg[128];
	char		 commit[VAULT_OID_HEX], warn[512] = "";
	int		 rc;

	if (received == NULL || apply_day_of(received) == APPLY_NODAY)
		return control_error("usage", "--received %s 不是有效日期"
		    "（YYYY-MM-DD）", received ? received : "（缺少）");
	if ((rc = store_txn_read(e->d->st, &txn)) != 0)
		return control_error("internal", "%s", store_strerror(rc));
	rc = apply_store_next_id(e->d->st, txn, atoi(received), id);
	store_txn_end(txn);
	if (rc != 0)
		return control_error("internal", "no id: %s",
		    store_strerror(rc));
	if ((rec = apply_new(&e->ctx, id, args, err, sizeof(err))) == NULL)
		return control_error("usage", "%s", err);
	recs = json_pack("[O]", rec);
	snprintf(msg, sizeof(msg), "apply new %s by %s", id, e->ctx.actor);
	rc = apply_store_commit(e->d->st, e->d->vt, recs, msg, commit, err,
	    sizeof(err));
	json_decref(recs);
	if (rc == -1) {
		json_decref(rec);
		log_warnx("control: %s: %s", msg, err);
		return control_error("internal", "未记录：%s", err);
	}
	if (rc == -2)
		log_warnx("control: %s: %s", msg, err);
	log_info("%s, commit %.12s", msg, commit);
	/* Recorded all the same (the office named it), but nobody will be
	 * reminded of an agency that has no [agency] section. */
	if (apply_cmd_str(rec, "agency") != NULL && e->d->cf->nagencies > 0 &&
	    config_agency(e->d->cf, apply_cmd_str(rec, "agency")) == NULL)
		snprintf(warn, sizeof(warn), "docketd.conf 没有 [agency %s]："
		    "不会有秘书收到这件申请的到期提醒", apply_cmd_str(rec,
		    "agency"));
	out = apply_cmd_reply(e, rec, json_array_get(json_object_get(rec,
	    "events"), 0), commit, warn[0] ? warn : NULL);
	json_decref(rec);
	return out;
}

/* --- fees ---------------------------------------------------------------- */

struct apply_nth {
	const char	*applicant, *month, *first, *id;
	int		 n;
};

static int
apply_nth_cb(json_t *rec, void *arg)
{
	struct apply_nth	*a = arg;
	const char		*f = apply_cmd_str(rec, "received_first");
	const char		*id = apply_cmd_str(rec, "id");

	const char		*who = apply_cmd_str(rec, "applicant");

	if (f == NULL || id == NULL || who == NULL ||
	    strncmp(f, a->month, 7) != 0 || strcmp(who, a->applicant) != 0)
		return 0;
	if (strcmp(f, a->first) < 0 || (strcmp(f, a->first) == 0 &&
	    strcmp(id, a->id) <= 0))
		a->n++;
	return 0;
}

/* The fee under the office's method into args (method, pages or nth,
 * amount, derivation); NULL or an error. */
static json_t *
apply_cmd_fee(struct apply_env *e, json_t *rec, json_t *args)
{
	struct strbuf	 sb;
	struct apply_nth a;
	MDB_txn		*txn;
	json_t		*pages = json_object_get(args, "pages");
	int		 count = json_is_true(json_object_get(args, "count"));
	long		 fee;
	int		 rc;

	if (e->d->cf->apply.fee_pages && (count || pages == NULL))
		return control_error("usage", "本机关按量计收（docketd.conf "
		    "[applications] fee_method = pages）：请用 --pages N");
	if (!e->d->cf->apply.fee_pages && (!count || pages != NULL))
		return control_error("usage", "本机关按件计收（docketd.conf "
		    "[applications] fee_method = count）：请用 --count");
	memset(&sb, 0, sizeof(sb));
	if (e->d->cf->apply.fee_pages) {
		if (!json_is_integer(pages) || json_integer_value(pages) < 1 ||
		    json_integer_value(pages) > 1000000)
			return control_error("usage", "--pages 应为正整数");
		fee = apply_fee_by_pages((int)json_integer_value(pages), &sb);
		json_object_set_new(args, "method", json_string("pages"));
	} else {
		memset(&a, 0, sizeof(a));
		a.applicant = apply_cmd_str(rec, "applicant");
		a.month = a.first = apply_cmd_str(rec, "received_first");
		a.id = apply_cmd_str(rec, "id");
		if ((rc = store_txn_read(e->d->st, &txn)) != 0)
			return control_error("internal", "%s",
			    store_strerror(rc));
		rc = apply_store_each(e->d->st, txn, apply_nth_cb, &a);
		store_txn_end(txn);
		if (rc != 0)
			return control_error("internal", "%s",
			    store_strerror(rc));
		fee = apply_fee_by_count(a.n, &sb);
		json_object_set_new(args, "method", json_string("count"));
		json_object_set_new(args, "nth", json_integer(a.n));
	}
	json_object_set_new(args, "amount", json_integer(fee));
	json_object_set_new(args, "derivation", json_string(sb.s ? sb.s : ""));
	strbuf_free(&sb);
	return NULL;
}

/* --- answer: the documents it names -------------------------------------- */

/* Check the ids of docs; put normalised ids back.  NULL or an error. */
static json_t *
apply_cmd_docs(struct apply_env *e, json_t *args)
{
	json_t		*docs = json_object_get(args, "docs"), *v, *rec, *out;
	MDB_txn		*txn;
	uint64_t	 id;
	char		 idb[STORE_ID_LEN];
	size_t		 i;
	int		 rc;

	if (docs == NULL || json_is_null(docs))
		return NULL;
	if (!json_is_array(docs))
		return control_error("usage", "--docs 应为文件编号列表");
	if ((rc = store_txn_read(e->d->st, &txn)) != 0)
		return control_error("internal", "%s", store_strerror(rc));
	out = NULL;
	json_array_foreach(docs, i, v) {
		if (!json_is_string(v) || store_id_parse(json_string_value(v),
		    &id) == -1) {
			out = control_error("usage", "--docs %s 不是文件编号"
			    "（D000042）", json_is_string(v) ?
			    json_string_value(v) : "?");
			break;
		}
		if ((rc = store_get_record(e->d->st, txn, id, &rec)) != 0) {
			out = control_error("notfound", "没有文件 %s",
			    json_string_value(v));
			break;
		}
		json_decref(rec);
		store_id_format(id, idb);
		json_array_set_new(docs, i, json_string(idb));
	}
	store_txn_end(txn);
	return out;
}

/* Commit the application with an event on each linked document. */
static int
apply_cmd_commit_docs(struct apply_env *e, json_t *rec, const char *msg,
    char commit[VAULT_OID_HEX], char *err, size_t errlen)
{
	struct lc_ctx	 lc;
	struct change	*ch;
	MDB_txn		*txn;
	json_t		*recs, *docs, *v, *doc, *ev, *evs;
	uint64_t	 id;
	size_t		 i;
	int		 rc;
	char		 why[128];

	docs = json_object_get(json_object_get(rec, "answer"), "docs");
	if (json_array_size(docs) == 0) {
		recs = json_pack("[O]", rec);
		rc = apply_store_commit(e->d->st, e->d->vt, recs, msg, commit,
		    err, errlen);
		json_decref(recs);
		return rc;
	}
	if ((ch = change_new(e->d->st, e->d->vt)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if ((rc = store_txn_read(e->d->st, &txn)) != 0) {
		change_free(ch);
		snprintf(err, errlen, "%s", store_strerror(rc));
		return -1;
	}
	lc_ctx_init(&lc, &e->d->cf->review, e->ctx.actor, e->ctx.now);
	json_array_foreach(docs, i, v) {
		if (store_id_parse(json_string_value(v), &id) == -1 ||
		    (doc = change_get(ch, txn, id)) == NULL)
			continue;
		snprintf(why, sizeof(why), "依申请公开答复 %s：%s",
		    apply_cmd_str(rec, "id"), label_apply("answer",
		    apply_cmd_str(json_object_get(rec, "answer"), "type")));
		ev = lc_event(&lc, "apply_answer", NULL, NULL, why,
		    apply_cmd_str(rec, "id"));
		json_object_set(ev, "answer_type", json_object_get(
		    json_object_get(rec, "answer"), "type"));
		evs = json_pack("[o]", ev);
		change_put(ch, doc, evs);
		json_decref(evs);
	}
	store_txn_end(txn);
	recs = json_pack("[O]", rec);
	if (apply_store_stage(e->d->vt, recs, err, errlen) == -1) {
		vault_discard(e->d->vt);
		change_free(ch);
		json_decref(recs);
		return -1;
	}
	rc = change_commit(ch, msg, commit, err, errlen);
	change_free(ch);
	if (rc == 0)
		rc = apply_store_index(e->d->st, e->d->vt, recs, NULL, commit,
		    err, errlen);
	json_decref(recs);
	return rc;
}

/* --- the changes ---------------------------------------------------------- */

static const struct {
	const char	*wire, *action;
} apply_cmd_actions[] = {
	{ CONTROL_CMD_APPLY_CORRECT, "correct" },
	{ CONTROL_CMD_APPLY_CORRECTED, "corrected" },
	{ CONTROL_CMD_APPLY_CONSULT, "consult" },
	{ CONTROL_CMD_APPLY_CONSULTED, "consulted" },
	{ CONTROL_CMD_APPLY_EXTEND, "extend" },
	{ CONTROL_CMD_APPLY_FEE, "fee" },
	{ CONTROL_CMD_APPLY_PAID, "paid" },
	{ CONTROL_CMD_APPLY_ASK_REASON, "ask_reason" },
	{ CONTROL_CMD_APPLY_SET_DUE, "set_due" },
	{ CONTROL_CMD_APPLY_ANSWER, "answer" },
	{ CONTROL_CMD_APPLY_APPEAL, "appeal" },
	{ CONTROL_CMD_APPLY_APPEAL_RESULT, "appeal_result" },
};

static json_t *
apply_cmd_change(struct apply_env *e, const char *action, json_t *args)
{
	json_t		*rec, *out = NULL, *ev = NULL, *a;
	const char	*warning = NULL;
	char		 err[512] = "", msg[160], commit[VAULT_OID_HEX];
	int		 rc;

	if ((rec = apply_cmd_get(e, args, &out)) == NULL)
		return out;
	a = json_deep_copy(args);
	if (strcmp(action, "fee") == 0 && !json_is_object(json_object_get(rec,
	    "fee")) && json_is_null(json_object_get(rec, "answer")) &&
	    (out = apply_cmd_fee(e, rec, a)) != NULL)
		goto done;
	if (strcmp(action, "answer") == 0 &&
	    (out = apply_cmd_docs(e, a)) != NULL)
		goto done;
	if ((rc = apply_change(&e->ctx, rec, action, a, &ev, &warning, err,
	    sizeof(err))) != 0) {
		out = control_error(rc == APPLY_EUSAGE ? "usage" : "conflict",
		    "%s", err);
		goto done;
	}
	snprintf(msg, sizeof(msg), "apply %s %s by %s", action,
	    apply_cmd_str(rec, "id"), e->ctx.actor);
	if (strcmp(action, "answer") == 0)
		rc = apply_cmd_commit_docs(e, rec, msg, commit, err,
		    sizeof(err));
	else {
		json_t *recs = json_pack("[O]", rec);

		rc = apply_store_commit(e->d->st, e->d->vt, recs, msg, commit,
		    err, sizeof(err));
		json_decref(recs);
	}
	if (rc == -1) {
		log_warnx("control: %s: %s", msg, err);
		out = control_error("internal", "未记录：%s", err);
		goto done;
	}
	if (rc == -2)
		log_warnx("control: %s: %s", msg, err);
	log_info("%s, commit %.12s%s%s", msg, commit, warning ? "; " : "",
	    warning ? warning : "");
	out = apply_cmd_reply(e, rec, ev, commit, warning);
done:
	json_decref(ev);
	json_decref(a);
	json_decref(rec);
	return out;
}

/* --- reads ----------------------------------------------------------------- */

struct apply_list {
	struct apply_env	*e;
	json_t			*out;
	int			 open, overdue;
	const char		*due_before, *agency;
};

static int
apply_list_cb(json_t *rec, void *arg)
{
	struct apply_list	*l = arg;
	json_t			*v;
	const char		*due, *ag;

	if ((v = apply_view(&l->e->ctx, rec)) == NULL)
		return 0;
	due = apply_cmd_str(v, "due");
	ag = apply_cmd_str(v, "agency");
	if ((l->open && strcmp(apply_cmd_str(v, "state"), "answered") == 0) ||
	    (l->overdue && !apply_has_str(json_object_get(v, "flags"),
	    "overdue")) ||
	    (l->due_before != NULL && (due == NULL ||
	    strcmp(apply_cmd_str(v, "state"), "answered") == 0 ||
	    strcmp(due, l->due_before) >= 0)) ||
	    (l->agency != NULL && (ag == NULL || strcmp(ag, l->agency) != 0))) {
		json_decref(v);
		return 0;
	}
	json_array_append_new(l->out, v);
	return 0;
}

static json_t *
apply_cmd_list(struct apply_env *e, json_t *args)
{
	struct apply_list	 l;
	MDB_txn			*txn;
	int			 rc;

	memset(&l, 0, sizeof(l));
	l.e = e;
	l.open = json_is_true(json_object_get(args, "open"));
	l.overdue = json_is_true(json_object_get(args, "overdue"));
	l.due_before = apply_cmd_str(args, "due_before");
	l.agency = apply_cmd_str(args, "agency");
	if (l.due_before != NULL && apply_day_of(l.due_before) == APPLY_NODAY)
		return control_error("usage", "--due-before %s 不是有效日期"
		    "（YYYY-MM-DD）", l.due_before);
	if ((rc = store_txn_read(e->d->st, &txn)) != 0)
		return control_error("internal", "%s", store_strerror(rc));
	l.out = json_array();
	rc = apply_store_each(e->d->st, txn, apply_list_cb, &l);
	store_txn_end(txn);
	if (rc != 0) {
		json_decref(l.out);
		return control_error("internal", "%s", store_strerror(rc));
	}
	return l.out;
}

json_t *
apply_cmd(struct docket *d, const struct control_peer *p, const char *cmd,
    json_t *args)
{
	struct apply_env	 e;
	json_t			*rec, *out = NULL, *v;
	char			 err[512] = "", *text;
	size_t			 i;

	if (apply_env_init(&e, d, p) == -1)
		return control_error("internal", "out of memory");
	/* A vault commit LMDB missed (a crash, a full disk) first. */
	if (apply_store_recover(d->st, d->vt, 0, err, sizeof(err)) < 0)
		log_warnx("apply: %s", err);
	if (strcmp(cmd, CONTROL_CMD_APPLY_NEW) == 0)
		out = apply_cmd_new(&e, args);
	else if (strcmp(cmd, CONTROL_CMD_APPLY_LIST) == 0)
		out = apply_cmd_list(&e, args);
	else if (strcmp(cmd, CONTROL_CMD_APPLY_SHOW) == 0 ||
	    strcmp(cmd, CONTROL_CMD_APPLY_EXPLAIN) == 0) {
		if ((rec = apply_cmd_get(&e, args, &out)) != NULL) {
			v = apply_view(&e.ctx, rec);
			if (v != NULL && strcmp(cmd, CONTROL_CMD_APPLY_EXPLAIN)
			    == 0) {
				text = apply_explain(&e.ctx, rec);
				out = json_pack("{s:s, s:s, s:o, s:O, s:O}",
				    "id", apply_cmd_str(rec, "id"), "text",
				    text ? text : "", "received_rule",
				    json_string(apply_cmd_str(rec,
				    "receipt_rule")), "due",
				    json_object_get(v, "due"), "flags",
				    json_object_get(v, "flags"));
				free(text);
				json_decref(v);
			} else
				out = v ? v : control_error("internal",
				    "申请记录无法解读");
			json_decref(rec);
		}
	} else {
		for (i = 0; i < sizeof(apply_cmd_actions) /
		    sizeof(apply_cmd_actions[0]); i++)
			if (strcmp(cmd, apply_cmd_actions[i].wire) == 0)
				break;
		if (i == sizeof(apply_cmd_actions) /
		    sizeof(apply_cmd_actions[0]))
			out = control_error("usage", "unknown command '%s'",
			    cmd);
		else
			out = apply_cmd_change(&e, apply_cmd_actions[i].action,
			    args);
	}
	apply_env_free(&e);
	return out;
}
