/*
 * command: the control-socket commands.
 *
 * Each mutation reads the record, applies one lifecycle transition as the
 * peer's user name, and commits it through change.c; the reply carries
 * the new record, its event and the vault commit.  The docketctl side
 * resolves DOC (docno, sha prefix) to an id before it asks, so the
 * daemon takes ids only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "change.h"
#include "cleanup.h"
#include "command.h"
#include "lifecycle.h"
#include "log.h"
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
	return control_error("denied", "permission denied: %s is not root "
	    "or a member of group %s", p->user, g && *g ? g : "(none)");
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

static json_t *
command_mutate(struct command_env *e, const struct control_peer *p,
    const char *cmd, json_t *args)
{
	struct lc_ctx	 lc;
	struct change	*ch;
	MDB_txn		*txn = NULL;
	json_t		*rec, *by = NULL, *ev, *out = NULL, *last;
	const char	*reason = command_str(args, "reason");
	const char	*id;
	char		 err[512] = "", commit[VAULT_OID_HEX], msg[256];
	int		 rc;

	if ((ch = change_new(e->d->st, e->d->vt)) == NULL)
		return control_error("internal", "out of memory");
	if ((rc = store_txn_read(e->d->st, &txn)) != 0) {
		change_free(ch);
		return control_error("internal", "%s", store_strerror(rc));
	}
	if ((rec = command_record(ch, txn, args, "id", &out)) == NULL)
		goto done;
	id = record_str(rec, "id");
	if (strcmp(cmd, "repeal") == 0 && command_str(args, "by") != NULL &&
	    (by = command_record(ch, txn, args, "by", &out)) == NULL)
		goto done;
	lc_ctx_init(&lc, &e->d->cf->review, p->user, (int64_t)time(NULL));
	ev = json_array();
	if (strcmp(cmd, "mark") == 0)
		rc = lc_mark(&lc, rec, command_str(args, "disclosure"), reason,
		    ev, err, sizeof(err));
	else if (strcmp(cmd, "review") == 0) {
		const char *dec = command_str(args, "decision");

		if (dec == NULL || (strcmp(dec, "keep") != 0 &&
		    strcmp(dec, "release") != 0)) {
			rc = LC_EUSAGE;
			snprintf(err, sizeof(err), "review decision must be keep "
			    "or release");
		} else
			rc = lc_review(&lc, rec, strcmp(dec, "release") == 0,
			    command_str(args, "to"), reason, ev, err,
			    sizeof(err));
	} else if (strcmp(cmd, "repeal") == 0)
		rc = lc_repeal(&lc, rec, by ? record_str(by, "id") : NULL,
		    by ? record_str(by, "docno") : NULL,
		    command_str(args, "on") ? command_str(args, "on") :
		    by ? lc_effective_date(by) : NULL, reason, ev, err,
		    sizeof(err));
	else
		rc = lc_hold(&lc, rec, strcmp(cmd, "hold") == 0, reason, ev,
		    err, sizeof(err));
	if (rc != 0) {
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
	snprintf(msg, sizeof(msg), "%s %s by %s", cmd, id, p->user);
	if ((rc = change_commit(ch, msg, commit, err, sizeof(err))) != 0) {
		json_decref(last);
		log_warnx("control: %s: %s", msg, err);
		out = control_error("internal", "%s%s", rc == -1 ?
		    "not recorded: " : "", err);
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
		return control_error("notfound", "no message %llu in the "
		    "outbox", (unsigned long long)f.id);
	if ((rc = store_write(e->d->st, command_outbox_del, &f.id)) != 0)
		return control_error("internal", "%s", store_strerror(rc));
	log_info("mailer: message %llu dropped from the outbox by %s",
	    (unsigned long long)f.id, p->user);
	return json_pack("{s:I}", "dropped", (json_int_t)f.id);
}

static int
command_is(const char *cmd, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(cmd, *list) == 0)
			return 1;
	return 0;
}

json_t *
command_handle(const struct control_peer *p, const char *cmd, json_t *args,
    void *arg)
{
	static const char *const mutations[] = { "mark", "review", "repeal",
		"hold", "unhold", "cleanup_run", "reindex", "report_mail",
		"outbox_drop", NULL };
	struct command_env	*e = arg;
	json_t			*res;
	char			 err[512] = "";
	int			 n;

	if (strcmp(cmd, "ping") == 0)
		return json_pack("{s:s, s:i, s:s, s:b}", "version",
		    PACKAGE_VERSION, "proto", CONTROL_PROTO, "user", p->user,
		    "admin", p->admin);
	if (strcmp(cmd, "schedule") == 0) {
		if (e->sched == NULL)
			return control_error("internal", "no schedule");
		res = schedule_report(e->sched, (int)json_integer_value(
		    json_object_get(args, "limit")));
		return res ? res : control_error("internal", "cannot read "
		    "the due index");
	}
	if (!command_is(cmd, mutations))
		return control_error("usage", "unknown command '%s'", cmd);
	if (!p->admin)
		return command_denied(e, p, cmd);
	if (strcmp(cmd, "cleanup_run") == 0) {
		res = cleanup_run(e->d, p->user, (int64_t)time(NULL), err,
		    sizeof(err));
		if (res == NULL)
			return control_error("internal", "cleanup failed: %s",
			    err);
		if (e->sched != NULL)
			schedule_kick(e->sched);
		return res;
	}
	if (strcmp(cmd, "report_mail") == 0) {
		const char	*kind = command_str(args, "kind");
		const char	*as_of = command_str(args, "as_of");
		char		 today[11], check[11];
		json_t		*queued;

		if (kind == NULL)
			return control_error("usage", "missing argument 'kind'");
		lc_date_of((int64_t)time(NULL), today);
		if (as_of != NULL && lc_date_add(as_of, 0, 0, check) == -1)
			return control_error("usage", "'%s' is not a date "
			    "(YYYY-MM-DD)", as_of);
		if (e->mailer == NULL)
			return control_error("internal", "no mailer");
		queued = json_array();
		if ((n = mailer_queue(e->mailer, kind, as_of ? as_of : today,
		    command_str(args, "agency"), NULL, queued, err,
		    sizeof(err))) < 0) {
			json_decref(queued);
			return control_error(strstr(err, "kind") != NULL ?
			    "usage" : "internal", "%s", err);
		}
		log_info("report %s queued by %s: %d message(s)", kind,
		    p->user, n);
		return json_pack("{s:i, s:o}", "queued", n, "messages", queued);
	}
	if (strcmp(cmd, "outbox_drop") == 0)
		return command_outbox_drop(e, p, args);
	if (strcmp(cmd, "reindex") == 0) {
		if ((n = e->reindex(e->reindex_arg, err, sizeof(err))) < 0)
			return control_error("internal", "reindex failed: %s",
			    err);
		log_info("reindex by %s: %d record state(s) from the vault",
		    p->user, n);
		if (e->sched != NULL)
			schedule_kick(e->sched);
		return json_pack("{s:i}", "indexed", n);
	}
	return command_mutate(e, p, cmd, args);
}
