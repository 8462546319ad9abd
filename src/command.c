/*
 * command: the control-socket commands.
 *
 * One table, command_table, lists every command: its wire name (declared
 * once in control.h, where docketctl takes it from), whether it needs
 * root or the admin group, and its handler.  Each record command reads
 * the record, applies one lifecycle transition as the
 * peer's user name, and commits it through change.c; the reply carries
 * the new record, its event and the vault commit.  The docketctl side
 * resolves DOC (docno, sha prefix) to an id before it asks, so the
 * daemon takes ids only.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "annual_cmd.h"
#include "apply_cmd.h"
#include "change.h"
#include "cleanup.h"
#include "command.h"
#include "esc.h"
#include "lifecycle.h"
#include "log.h"
#include "neglist.h"
#include "quarantine.h"
#include "record.h"

static const char *
command_str(json_t *args, const char *key)
{
	return json_string_value(json_object_get(args, key));
}

static json_t *
command_denied(struct command_env *e, const struct control_peer *p,
    const char *cmd)
{
	const char *g = control_admin_group(e->ctl);

	log_info("control: %s denied to %s (uid %u)", cmd, p->user,
	    (unsigned int)p->uid);
	if (g == NULL || *g == '\0')
		return control_error("denied", "权限不足：仅限 root");
	return control_error("denied", "权限不足：仅限 root 或 %s 组的成员",
	    g);
}

/* Look a record up by id for changing it. */
static json_t *
command_record(struct change *ch, MDB_txn *txn,
    json_t *args, const char *key, json_t **errout)
{
	const char	*ids = command_str(args, key);
	uint64_t	 id;
	json_t		*rec;

	if (ids == NULL) {
		*errout = control_error("usage", "missing argument '%s'", key);
		return NULL;
	}
	if (store_id_parse(ids, &id) == -1) {
		*errout = control_error("usage", "'%s' is not a record id "
		    "(D000042)", ids);
		return NULL;
	}
	if ((rec = change_get(ch, txn, id)) == NULL) {
		*errout = control_error("notfound", "no record %s", ids);
		return NULL;
	}
	return rec;
}

/*
 * The transitions behind the record commands: each applies one lifecycle
 * function to rec (by: the record named by "by", when the table asks for
 * one) and returns its result code with a message in err.
 */
struct command_tr {
	const struct lc_ctx	*lc;
	json_t			*rec, *by, *args, *ev;
	const char		*reason;
	char			*err;
	size_t			 errlen;
};

/* A marking, and the 负面清单 item it cites (--item, else the one its
 * reason matches): the mark event names it. */
static int
command_tr_mark(struct command_tr *t)
{
	const char	*item = command_str(t->args, "item");
	const char	*disc = command_str(t->args, "disclosure");
	const char	*cur, *old, *reason;
	const struct neglist_item *it;
	char		 from[NEGLIST_ID_MAX + 1], rbuf[1024];
	int		 rc;

	if (item != NULL && !neglist_cites(disc)) {
		snprintf(t->err, t->errlen, "--item 只用于不予公开（withheld）"
		    "或依申请公开（on_request）");
		return LC_EUSAGE;
	}
	if (item != NULL && neglist_find(neglist_active(), item) == NULL) {
		snprintf(t->err, t->errlen, "负面清单中没有事项“%s”"
		    "（docketctl negative-list 列出各事项）", item);
		return LC_EUSAGE;
	}
	cur = record_str(t->rec, "disclosure");
	if (item != NULL && cur != NULL && strcmp(cur, disc) == 0 &&
	    (t->reason == NULL || *t->reason == '\0' ||
	    (record_str(t->rec, "disclosure_reason") != NULL &&
	    strcmp(record_str(t->rec, "disclosure_reason"), t->reason) ==
	    0))) {
		/* The same marking: only the item it cites changes. */
		old = record_str(t->rec, "negative_item");
		if (old != NULL && strcmp(old, item) == 0) {
			snprintf(t->err, t->errlen, "%s 已引用负面清单事项 %s",
			    record_str(t->rec, "id"), item);
			return LC_ECONFLICT;
		}
		snprintf(from, sizeof(from), "%s", old != NULL ? old : "");
		if ((rc = neglist_mark(neglist_active(), t->rec, item, NULL,
		    t->err, t->errlen)) != 0)
			return rc;
		json_array_append_new(t->ev, lc_event(t->lc, "negative_item",
		    from[0] != '\0' ? from : NULL, item,
		    neglist_find(neglist_active(), item)->basis, NULL));
		return 0;
	}
	/* The item is a ground: without --reason it is the reason. */
	reason = t->reason;
	if (item != NULL && (reason == NULL || *reason == '\0') &&
	    (it = neglist_find(neglist_active(), item)) != NULL) {
		snprintf(rbuf, sizeof(rbuf), "%s（%s）", it->matter,
		    it->basis);
		reason = rbuf;
	}
	if ((rc = lc_mark(t->lc, t->rec, disc, reason, t->ev, t->err,
	    t->errlen)) != 0 || neglist_active() == NULL)
		return rc;
	return neglist_mark(neglist_active(), t->rec, item,
	    json_array_get(t->ev, json_array_size(t->ev) - 1), t->err,
	    t->errlen);
}

static int
command_tr_review(struct command_tr *t)
{
	const char *dec = command_str(t->args, "decision");

	if (dec == NULL || (strcmp(dec, "keep") != 0 &&
	    strcmp(dec, "release") != 0)) {
		snprintf(t->err, t->errlen, "review decision must be keep "
		    "or release");
		return LC_EUSAGE;
	}
	return lc_review(t->lc, t->rec, strcmp(dec, "release") == 0,
	    command_str(t->args, "to"), t->reason, t->ev, t->err, t->errlen);
}

static int
command_tr_repeal(struct command_tr *t)
{
	const char *on = command_str(t->args, "on");
	const char *signed_on = record_str(t->rec, "signed_on");

	/*
	 * The legal date: --on, else the repealing document's 施行 date
	 * (lc_repeal checks the date and keeps the reason).  A date given
	 * by hand is a day that has come, and not before the document was
	 * made: a repeal still to come is made on its day.
	 */
	if (on != NULL && strlen(on) == 10 && strcmp(on, t->lc->today) > 0) {
		snprintf(t->err, t->errlen, "--on %s 晚于今天（%s）：废止在"
		    "生效之日再办理", on, t->lc->today);
		return LC_EUSAGE;
	}
	if (on != NULL && signed_on != NULL && strcmp(on, signed_on) < 0) {
		snprintf(t->err, t->errlen, "--on %s 早于 %s 的成文日期 %s",
		    on, record_str(t->rec, "id"), signed_on);
		return LC_EUSAGE;
	}
	return lc_repeal(t->lc, t->rec, t->by ? record_str(t->by, "id") :
	    NULL, t->by ? record_str(t->by, "docno") : NULL, on != NULL ? on :
	    t->by != NULL ? lc_effective_date(t->by) : NULL, t->reason, t->ev,
	    t->err, t->errlen);
}

static int
command_tr_unrepeal(struct command_tr *t)
{
	return lc_unrepeal(t->lc, t->rec, t->reason, t->ev, t->err, t->errlen);
}

static int
command_tr_restore(struct command_tr *t)
{
	return lc_restore(t->lc, t->rec, t->reason, t->ev, t->err, t->errlen);
}

static int
command_tr_hold(struct command_tr *t)
{
	return lc_hold(t->lc, t->rec, 1, t->reason, t->ev, t->err, t->errlen);
}

static int
command_tr_unhold(struct command_tr *t)
{
	return lc_hold(t->lc, t->rec, 0, t->reason, t->ev, t->err, t->errlen);
}

static int
command_tr_ocr_checked(struct command_tr *t)
{
	return lc_ocr_checked(t->lc, t->rec, t->reason, t->ev, t->err,
	    t->errlen);
}

static int
command_tr_doc_kind(struct command_tr *t)
{
	return lc_doc_kind(t->lc, t->rec, command_str(t->args, "kind"),
	    t->reason, t->ev, t->err, t->errlen);
}

struct command;
typedef json_t	*(*command_fn)(struct command_env *,
		    const struct control_peer *, const struct command *,
		    json_t *args);

struct command {
	const char	*name;		/* on the wire (control.h) */
	int		 admin;		/* root or the admin group only */
	command_fn	 fn;
	int		 (*tr)(struct command_tr *);	/* command_record_change */
	int		 by;		/* takes a second record, "by" */
};

/* One record command: read, apply the transition, commit. */
static json_t *
command_record_change(struct command_env *e, const struct control_peer *p,
    const struct command *cmd, json_t *args)
{
	struct command_tr	 t;
	struct lc_ctx		 lc;
	struct change		*ch;
	MDB_txn			*txn = NULL;
	json_t			*rec, *by = NULL, *ev, *out = NULL, *last;
	const char		*id;
	char			 err[512] = "", commit[VAULT_OID_HEX], msg[256];
	int			 rc;

	if ((ch = change_new(e->d->st, e->d->vt)) == NULL)
		return control_error("internal", "out of memory");
	if ((rc = store_txn_read(e->d->st, &txn)) != 0) {
		change_free(ch);
		return control_error("internal", "%s", store_strerror(rc));
	}
	if ((rec = command_record(ch, txn, args, "id", &out)) == NULL)
		goto done;
	id = record_str(rec, "id");
	if (cmd->by && command_str(args, "by") != NULL &&
	    (by = command_record(ch, txn, args, "by", &out)) == NULL)
		goto done;
	lc_ctx_init(&lc, &e->d->cf->review, p->user, (int64_t)time(NULL));
	ev = json_array();
	memset(&t, 0, sizeof(t));
	t.lc = &lc;
	t.rec = rec;
	t.by = by;
	t.args = args;
	t.ev = ev;
	t.reason = command_str(args, "reason");
	t.err = err;
	t.errlen = sizeof(err);
	if ((rc = cmd->tr(&t)) != 0) {
		json_decref(ev);
		out = control_error(rc == LC_EUSAGE ? "usage" : "conflict",
		    "%s", err);
		goto done;
	}
	last = json_incref(json_array_get(ev, json_array_size(ev) - 1));
	change_put(ch, rec, ev);
	json_decref(ev);
	store_txn_end(txn);
	txn = NULL;
	snprintf(msg, sizeof(msg), "%s %s by %s", cmd->name, id, p->user);
	if ((rc = change_commit(ch, msg, commit, err, sizeof(err))) != 0) {
		json_decref(last);
		log_warnx("control: %s: %s", msg, err);
		out = control_error("internal", "%s%s", rc == -1 ?
		    "未记录：" : "", err);
		goto done;
	}
	log_info("%s, commit %.12s", msg, commit);
	out = json_pack("{s:s, s:s, s:o, s:O}", "id", id, "commit", commit,
	    "event", last, "record", rec);
	if (e->sched != NULL)
		schedule_kick(e->sched);
done:
	store_txn_end(txn);
	change_free(ch);
	return out;
}

struct outbox_find {
	uint64_t	id;
	int		found;
};

static int
command_outbox_find(uint64_t id, const char *json, size_t len, void *arg)
{
	struct outbox_find *f = arg;

	(void)json;
	(void)len;
	if (id == f->id)
		f->found = 1;
	return f->found;
}

static int
command_outbox_del(struct store *st, MDB_txn *txn, void *arg)
{
	return store_outbox_del(st, txn, *(uint64_t *)arg);
}

/* Give up on a message in the outbox (one the server refuses for good). */
static json_t *
command_outbox_drop(struct command_env *e, const struct control_peer *p,
    json_t *args)
{
	struct outbox_find	 f;
	MDB_txn			*txn;
	json_t			*idv = json_object_get(args, "id");
	int			 rc;

	if (!json_is_integer(idv) || json_integer_value(idv) <= 0)
		return control_error("usage", "outbox drop takes a message "
		    "number (docketctl outbox)");
	f.id = (uint64_t)json_integer_value(idv);
	f.found = 0;
	if ((rc = store_txn_read(e->d->st, &txn)) != 0)
		return control_error("internal", "%s", store_strerror(rc));
	rc = store_each_outbox(e->d->st, txn, command_outbox_find, &f);
	store_txn_end(txn);
	if (rc != 0)
		return control_error("internal", "%s", store_strerror(rc));
	if (!f.found)
		return control_error("notfound", "发件箱中没有邮件 %llu（见 "
		    "docketctl outbox）", (unsigned long long)f.id);
	if ((rc = store_write(e->d->st, command_outbox_del, &f.id)) != 0)
		return control_error("internal", "%s", store_strerror(rc));
	log_info("mailer: message %llu dropped from the outbox by %s",
	    (unsigned long long)f.id, p->user);
	return json_pack("{s:I}", "dropped", (json_int_t)f.id);
}

static json_t *
command_ping(struct command_env *e, const struct control_peer *p,
    const struct command *cmd, json_t *args)
{
	return json_pack("{s:s, s:i, s:s, s:b}", "version", PACKAGE_VERSION,
	    "proto", CONTROL_PROTO, "user", p->user, "admin", p->admin);
}

static json_t *
command_schedule(struct command_env *e, const struct control_peer *p,
    const struct command *cmd, json_t *args)
{
	json_t *res;

	if (e->sched == NULL)
		return control_error("internal", "no schedule");
	res = schedule_report(e->sched, (int)json_integer_value(
	    json_object_get(args, "limit")));
	return res ? res : control_error("internal", "cannot read the due "
	    "index");
}

static json_t *
command_cleanup_run(struct command_env *e, const struct control_peer *p,
    const struct command *cmd, json_t *args)
{
	json_t	*res;
	char	 err[512] = "";

	res = cleanup_run(e->d, p->user, (int64_t)time(NULL), err,
	    sizeof(err));
	if (res == NULL)
		return control_error("internal", "cleanup failed: %s", err);
	if (e->sched != NULL)
		schedule_kick(e->sched);
	return res;
}

static json_t *
command_report_mail(struct command_env *e, const struct control_peer *p,
    const struct command *cmd, json_t *args)
{
	const char	*kind = command_str(args, "kind");
	const char	*as_of = command_str(args, "as_of");
	char		 today[11], check[11], err[512] = "";
	json_t		*queued, *skipped;
	int		 n;

	if (kind == NULL)
		return control_error("usage", "missing argument 'kind'");
	lc_date_of((int64_t)time(NULL), today);
	if (as_of != NULL && lc_date_add(as_of, 0, 0, check) == -1)
		return control_error("usage", "“%s”不是日期（YYYY-MM-DD）",
		    as_of);
	if (e->mailer == NULL)
		return control_error("internal", "no mailer");
	queued = json_array();
	skipped = json_array();
	if ((n = mailer_queue(e->mailer, kind, as_of ? as_of : today,
	    command_str(args, "agency"), NULL, queued, skipped, err,
	    sizeof(err))) < 0) {
		json_decref(queued);
		json_decref(skipped);
		return control_error(strstr(err, "kind") != NULL ?
		    "usage" : "internal", "%s", err);
	}
	log_info("report %s queued by %s: %d message(s)", kind, p->user, n);
	return json_pack("{s:i, s:o, s:o}", "queued", n, "messages", queued,
	    "skipped", skipped);
}

static json_t *
command_outbox_drop_cmd(struct command_env *e, const struct control_peer *p,
    const struct command *cmd, json_t *args)
{
	return command_outbox_drop(e, p, args);
}

/* The commits reindex has walked, to a peer that asked ("progress"). */
static void
command_reindex_progress(size_t done, size_t total, void *arg)
{
	control_progress(arg, done, total);
}

static json_t *
command_reindex(struct command_env *e, const struct control_peer *p,
    const struct command *cmd, json_t *args)
{
	char	err[512] = "";
	int	n, prog;

	prog = json_is_true(json_object_get(args, "progress"));
	if ((n = e->reindex(e->reindex_arg, prog ? command_reindex_progress :
	    NULL, (void *)p, err, sizeof(err))) < 0)
		return control_error("internal", "reindex failed: %s", err);
	log_info("reindex by %s: %d record state(s) from the vault", p->user,
	    n);
	if (e->sched != NULL)
		schedule_kick(e->sched);
	return json_pack("{s:i}", "indexed", n);
}

static json_t *
command_publish(struct command_env *e, const struct control_peer *p,
    const struct command *cmd, json_t *args)
{
	char	 err[512] = "";
	json_t	*res;

	(void)args;
	if (e->publish == NULL)
		return control_error("internal", "this docketd has no site");
	if ((res = e->publish(e->publish_arg, cmd->name, err, sizeof(err))) ==
	    NULL)
		return control_error(strncmp(err, "no [publish]", 12) == 0 ?
		    "conflict" : "internal", "%s", err);
	if (strcmp(cmd->name, CONTROL_CMD_PUBLISH_REBUILD) == 0)
		log_info("site rebuilt by %s", p->user);
	return res;
}

/* --- quarantine retry and drop ------------------------------------------ */

/*
 * The last event of quarantine/log.jsonl about this file (same name and
 * content), or NULL: a retry or drop that was committed but whose move
 * a crash cut short is finished without a second event.
 */
static json_t *
command_quarantine_last(struct command_env *e, const char *name,
    const char *sha)
{
	json_t		*ev, *last = NULL;
	json_error_t	 jerr;
	char		*buf = NULL, *p, *nl, err[256];
	size_t		 len;

	if (vault_read(e->d->vt, NULL, QUARANTINE_LOG, &buf, &len, err,
	    sizeof(err)) != 0)
		return NULL;
	for (p = buf; p < buf + len; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(buf + len - p))) == NULL)
			nl = buf + len;
		if ((ev = json_loadb(p, (size_t)(nl - p), 0, &jerr)) == NULL)
			continue;
		if (record_str(ev, "name") != NULL &&
		    strcmp(record_str(ev, "name"), name) == 0 &&
		    (sha == NULL || (record_str(ev, "sha256") != NULL &&
		    strcmp(record_str(ev, "sha256"), sha) == 0))) {
			json_decref(last);
			last = ev;
		} else
			json_decref(ev);
	}
	free(buf);
	return last;
}

static json_t *
command_quarantine(struct command_env *e, const struct control_peer *p,
    const struct command *cmd, json_t *args)
{
	const struct config	*cf = e->d->cf;
	struct lc_ctx		 lc;
	struct change		*ch;
	const char		*name = command_str(args, "name");
	const char		*reason = command_str(args, "reason");
	const char		*action;
	json_t			*list, *ent, *ev = NULL, *prev, *out = NULL;
	char			 err[512] = "", commit[VAULT_OID_HEX] = "";
	char			 sha[65], to[PATH_MAX] = "", dst[PATH_MAX * 2];
	char			 from[PATH_MAX], msg[512];
	int			 retry, rc;

	retry = strcmp(cmd->name, CONTROL_CMD_QUARANTINE_RETRY) == 0;
	action = retry ? "quarantine_retry" : "quarantine_drop";
	if (name == NULL || !quarantine_name_ok(name))
		return control_error("usage", "'%s' is not the name of a file "
		    "in quarantine", name ? name : "");
	if (!retry && (reason == NULL || strspn(reason, " \t") ==
	    strlen(reason)))
		return control_error("usage", "dropping a quarantined file "
		    "needs a reason (--reason)");
	if ((list = quarantine_list(cf->quarantine, err, sizeof(err))) == NULL)
		return control_error("internal", "%s", err);
	if ((ent = quarantine_find(list, name)) == NULL ||
	    strcmp(record_str(ent, "name"), name) != 0) {
		/* Gone: done before, or never there. */
		prev = command_quarantine_last(e, name, NULL);
		json_decref(list);
		if (prev != NULL)
			return json_pack("{s:s, s:s, s:b, s:o}", "name", name,
			    "action", action, "done_before", 1, "event", prev);
		return control_error("notfound", "no file %s in quarantine",
		    name);
	}
	json_incref(ent);
	json_decref(list);
	if (quarantine_sha256(cf->quarantine, name, sha) == -1)
		sha[0] = '\0';
	if (retry) {
		/* Refuse before anything is recorded when intake holds the
		 * name already. */
		snprintf(to, sizeof(to), "%s%s%s", record_str(ent, "agency") ?
		    record_str(ent, "agency") : "", record_str(ent, "agency") ?
		    "/" : "", record_str(ent, "source_name"));
		snprintf(dst, sizeof(dst), "%s/%s", cf->intake, to);
		if (access(dst, F_OK) == 0) {
			out = control_error("conflict", "intake/%s exists "
			    "already; move it away first", to);
			goto done;
		}
	}
	prev = command_quarantine_last(e, name, sha[0] ? sha : NULL);
	if (prev != NULL && sha[0] != '\0' &&
	    strcmp(record_str(prev, "action"), action) == 0) {
		/* Recorded, then cut short: finish it. */
		ev = prev;
		log_info("quarantine: %s of %s was recorded before; finishing",
		    action, esc(name));
	} else {
		json_decref(prev);
		lc_ctx_init(&lc, &cf->review, p->user, (int64_t)time(NULL));
		snprintf(from, sizeof(from), "quarantine/%s", name);
		snprintf(dst, sizeof(dst), "intake/%s", to);
		ev = lc_event(&lc, action, from, retry ? dst : NULL,
		    retry ? (reason && *reason ? reason : NULL) : reason, NULL);
		json_object_set(ev, "name", json_object_get(ent, "name"));
		json_object_set(ev, "agency", json_object_get(ent, "agency"));
		json_object_set(ev, "source_name", json_object_get(ent,
		    "source_name"));
		json_object_set_new(ev, "sha256", sha[0] ? json_string(sha) :
		    json_null());
		json_object_set(ev, "size", json_object_get(ent, "size"));
		json_object_set(ev, "cause", json_object_get(ent, "reason"));
		json_object_set(ev, "quarantined_at", json_object_get(ent,
		    "time"));
		if ((ch = change_new(e->d->st, e->d->vt)) == NULL) {
			out = control_error("internal", "out of memory");
			goto done;
		}
		if (change_append(ch, QUARANTINE_LOG, ev, err,
		    sizeof(err)) == -1) {
			change_free(ch);
			vault_discard(e->d->vt);
			out = control_error("internal", "%s", err);
			goto done;
		}
		snprintf(msg, sizeof(msg), "%s %s by %s", action, name,
		    p->user);
		rc = change_commit(ch, msg, commit, err, sizeof(err));
		change_free(ch);
		if (rc == -1) {
			log_warnx("control: %s: %s", esc(msg), err);
			out = control_error("internal", "not recorded, %s stays "
			    "in quarantine: %s", name, err);
			goto done;
		}
		log_info("%s, commit %.12s", esc(msg), commit);
	}
	/* The event is durable: now the file may move. */
	if (retry)
		rc = quarantine_retry(cf->quarantine, cf->intake, ent, to,
		    sizeof(to));
	else
		rc = quarantine_drop(cf->quarantine, name);
	if (rc == -1) {
		log_warn("quarantine: %s %s (recorded)", action, esc(name));
		out = control_error(errno == EEXIST ? "conflict" : "internal",
		    "%s of %s is recorded but the file did not move: %s; "
		    "run it again once that is fixed", action, name,
		    errno == EEXIST ? "intake holds that name" :
		    strerror(errno));
		goto done;
	}
	log_info("quarantine: %s %s%s%s", retry ? "retried" : "dropped",
	    esc(name), retry ? " -> intake/" : "", retry ? esc(to) : "");
	snprintf(dst, sizeof(dst), "intake/%s", to);
	out = json_pack("{s:s, s:s, s:s?, s:s, s:O}", "name", name, "action",
	    action, "to", retry ? dst : NULL, "commit", commit, "event", ev);
done:
	json_decref(ev);
	json_decref(ent);
	return out;
}

/* The applications: personal data, so every one is admin only. */
static json_t *
command_apply(struct command_env *e, const struct control_peer *p,
    const struct command *cmd, json_t *args)
{
	json_t *out = apply_cmd(e->d, p, cmd->name, args);

	if (e->sched != NULL && strcmp(cmd->name, CONTROL_CMD_APPLY_SHOW) != 0 &&
	    strcmp(cmd->name, CONTROL_CMD_APPLY_LIST) != 0 &&
	    strcmp(cmd->name, CONTROL_CMD_APPLY_EXPLAIN) != 0)
		schedule_kick(e->sched);
	return out;
}

/* The annual report's value and publication (annual_cmd.c). */
static json_t *
command_annual(struct command_env *e, const struct control_peer *p,
    const struct command *cmd, json_t *args)
{
	return annual_cmd(e->d, p, cmd->name, args);
}

/* Every control command: its wire name, who may use it, what it does. */
static const struct command command_table[] = {
	{ CONTROL_CMD_PING,		0, command_ping,	NULL, 0 },
	{ CONTROL_CMD_SCHEDULE,		0, command_schedule,	NULL, 0 },
	{ CONTROL_CMD_MARK,		1, command_record_change,
	    command_tr_mark, 0 },
	{ CONTROL_CMD_REVIEW,		1, command_record_change,
	    command_tr_review, 0 },
	{ CONTROL_CMD_REPEAL,		1, command_record_change,
	    command_tr_repeal, 1 },
	{ CONTROL_CMD_UNREPEAL,		1, command_record_change,
	    command_tr_unrepeal, 0 },
	{ CONTROL_CMD_RESTORE,		1, command_record_change,
	    command_tr_restore, 0 },
	{ CONTROL_CMD_HOLD,		1, command_record_change,
	    command_tr_hold, 0 },
	{ CONTROL_CMD_UNHOLD,		1, command_record_change,
	    command_tr_unhold, 0 },
	{ CONTROL_CMD_OCR_CHECKED,	1, command_record_change,
	    command_tr_ocr_checked, 0 },
	{ CONTROL_CMD_MARK_KIND,	1, command_record_change,
	    command_tr_doc_kind, 0 },
	{ CONTROL_CMD_CLEANUP_RUN,	1, command_cleanup_run,	NULL, 0 },
	{ CONTROL_CMD_REINDEX,		1, command_reindex,	NULL, 0 },
	{ CONTROL_CMD_PUBLISH_REBUILD,	1, command_publish,	NULL, 0 },
	{ CONTROL_CMD_PUBLISH_STATUS,	0, command_publish,	NULL, 0 },
	{ CONTROL_CMD_REPORT_MAIL,	1, command_report_mail,	NULL, 0 },
	{ CONTROL_CMD_OUTBOX_DROP,	1, command_outbox_drop_cmd, NULL, 0 },
	{ CONTROL_CMD_QUARANTINE_RETRY,	1, command_quarantine,	NULL, 0 },
	{ CONTROL_CMD_QUARANTINE_DROP,	1, command_quarantine,	NULL, 0 },
	{ CONTROL_CMD_APPLY_NEW,	1, command_apply,	NULL, 0 },
	{ CONTROL_CMD_APPLY_CORRECT,	1, command_apply,	NULL, 0 },
	{ CONTROL_CMD_APPLY_CORRECTED,	1, command_apply,	NULL, 0 },
	{ CONTROL_CMD_APPLY_CONSULT,	1, command_apply,	NULL, 0 },
	{ CONTROL_CMD_APPLY_CONSULTED,	1, command_apply,	NULL, 0 },
	{ CONTROL_CMD_APPLY_EXTEND,	1, command_apply,	NULL, 0 },
	{ CONTROL_CMD_APPLY_FEE,	1, command_apply,	NULL, 0 },
	{ CONTROL_CMD_APPLY_PAID,	1, command_apply,	NULL, 0 },
	{ CONTROL_CMD_APPLY_ASK_REASON,	1, command_apply,	NULL, 0 },
	{ CONTROL_CMD_APPLY_SET_DUE,	1, command_apply,	NULL, 0 },
	{ CONTROL_CMD_APPLY_ANSWER,	1, command_apply,	NULL, 0 },
	{ CONTROL_CMD_APPLY_APPEAL,	1, command_apply,	NULL, 0 },
	{ CONTROL_CMD_APPLY_APPEAL_RESULT, 1, command_apply,	NULL, 0 },
	{ CONTROL_CMD_APPLY_SHOW,	1, command_apply,	NULL, 0 },
	{ CONTROL_CMD_APPLY_LIST,	1, command_apply,	NULL, 0 },
	{ CONTROL_CMD_APPLY_EXPLAIN,	1, command_apply,	NULL, 0 },
	{ CONTROL_CMD_ANNUAL_SET,	1, command_annual,	NULL, 0 },
	{ CONTROL_CMD_ANNUAL_PUBLISH,	1, command_annual,	NULL, 0 },
};

json_t *
command_handle(const struct control_peer *p, const char *cmd, json_t *args,
    void *arg)
{
	struct command_env	*e = arg;
	size_t			 i;

	for (i = 0; i < sizeof(command_table) / sizeof(command_table[0]); i++)
		if (strcmp(cmd, command_table[i].name) == 0)
			break;
	if (i == sizeof(command_table) / sizeof(command_table[0]))
		return control_error("usage", "unknown command '%s'", cmd);
	if (command_table[i].admin && !p->admin)
		return command_denied(e, p, cmd);
	return command_table[i].fn(e, p, &command_table[i], args);
}
