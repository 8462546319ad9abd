/*
 * mailer: scheduled reports, the outbox and delivery.
 *
 * Queueing builds the report (report.c), renders each recipient's part,
 * composes the RFC 5322 message (mailmsg.c) and writes every message of
 * the run to the outbox in one LMDB transaction.  Delivery runs from its
 * own timer: each message whose next_try has come is handed to the
 * transport (mailsend.c); success removes it, failure doubles its wait
 * from retry_initial up to retry_max.  The outbox is in LMDB, so a queued
 * message survives a restart; a crash between a successful hand-off and
 * the removal sends it once more, with the same Message-ID.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cron.h"
#include "lifecycle.h"
#include "log.h"
#include "mailer.h"
#include "mailmsg.h"
#include "mailsend.h"
#include "notify.h"
#include "record.h"
#include "report.h"
#include "report_annual.h"

struct mailer {
	struct event_base	*base;
	struct docket		*d;
	struct event		*ev_reports;
	struct event		*ev_outbox;
	int64_t			*next_run;	/* per [report]; -1: none */
	size_t			 nnext;
};

static void	mailer_arm_reports(struct mailer *);
static void	mailer_arm_outbox(struct mailer *, int64_t);

/* --- meta helpers --------------------------------------------------------- */

struct meta_kv {
	const char	*key;
	const char	*val;
};

static int
mailer_meta_put(struct store *st, MDB_txn *txn, void *arg)
{
	struct meta_kv *kv = arg;

	return store_meta_put(st, txn, kv->key, kv->val);
}

static int64_t
mailer_meta_time(struct mailer *m, const char *key)
{
	MDB_txn	*txn;
	char	 buf[32];
	int64_t	 t = -1;

	if (store_txn_read(m->d->st, &txn) != 0)
		return -1;
	if (store_meta_get(m->d->st, txn, key, buf, sizeof(buf)) == 0)
		t = strtoll(buf, NULL, 10);
	store_txn_end(txn);
	return t;
}

static void
mailer_meta_set(struct mailer *m, const char *key, const char *val)
{
	struct meta_kv	kv = { key, val };
	int		rc;

	if ((rc = store_write(m->d->st, mailer_meta_put, &kv)) != 0)
		log_warnx("mailer: %s: %s", key, store_strerror(rc));
}

/* --- queueing ------------------------------------------------------------- */

struct queue_txn {
	json_t		*msgs;		/* outbox entries without ids */
	json_t		*queued;	/* out: {id, to, subject} */
	const char	*meta_key;	/* with the messages: key = val */
	char		*meta_val;
};

static int
mailer_queue_fn(struct store *st, MDB_txn *txn, void *arg)
{
	struct queue_txn	*q = arg;
	json_t			*e;
	char			 buf[32], *js;
	uint64_t		 id = 1;
	size_t			 i;
	int			 rc;

	if (store_meta_get(st, txn, "mail_next_id", buf, sizeof(buf)) == 0)
		id = strtoull(buf, NULL, 10);
	json_array_clear(q->queued);
	json_array_foreach(q->msgs, i, e) {
		json_object_set_new(e, "id", json_integer((json_int_t)id));
		if ((js = json_dumps(e, JSON_COMPACT | JSON_PRESERVE_ORDER)) ==
		    NULL)
			return ENOMEM;
		rc = store_outbox_put(st, txn, id, js, strlen(js));
		free(js);
		if (rc != 0)
			return rc;
		json_array_append_new(q->queued, json_pack("{s:I, s:O, s:O}",
		    "id", (json_int_t)id, "to", json_object_get(e, "to"),
		    "subject", json_object_get(e, "subject")));
		id++;
	}
	if (q->meta_key != NULL && q->meta_val != NULL &&
	    (rc = store_meta_put(st, txn, q->meta_key, q->meta_val)) != 0)
		return rc;
	if (json_array_size(q->msgs) == 0)
		return 0;
	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)id);
	return store_meta_put(st, txn, "mail_next_id", buf);
}

/* Compose one message into an outbox entry. */
static json_t *
mailer_message(struct mailer *m, const char *rname, json_t *rep,
    const char *agency, const char *to, int csv, char *err, size_t errlen)
{
	const struct config	*cf = m->d->cf;
	struct mail_addr	 from, *rcpt = NULL;
	struct mail_part	 part;
	json_t			*e = NULL;
	char			 subject[512], msgid[512], *body = NULL;
	char			*html = NULL;
	char			*data = NULL, *msg = NULL;
	size_t			 nrcpt = 0, blen, dlen = 0, mlen;
	int64_t			 now = (int64_t)time(NULL);

	if (mail_addr_parse(cf->mail.from, &from, err, errlen) == -1 ||
	    mail_addr_list(to, &rcpt, &nrcpt, err, errlen) == -1)
		goto out;
	if ((body = report_render(rep, agency, "text", &blen, err,
	    errlen)) == NULL ||
	    (html = report_render(rep, agency, "html", NULL, err,
	    errlen)) == NULL)
		goto out;
	if (csv && (data = report_render(rep, agency, "csv", &dlen, err,
	    errlen)) == NULL)
		goto out;
	report_subject(rep, agency, subject, sizeof(subject));
	mail_msgid(&from, now, msgid, sizeof(msgid));
	part.filename = "report.csv";
	part.content_type = "text/csv; charset=UTF-8";
	part.data = data;
	part.len = dlen;
	if (mail_compose_alt(&from, rcpt, nrcpt, subject, body, html,
	    csv ? &part : NULL, csv ? 1 : 0, now, msgid, &msg, &mlen, err,
	    errlen) == -1)
		goto out;
	e = json_pack("{s:I, s:s, s:O, s:s?, s:s, s:s, s:s, s:i, s:I, s:n, "
	    "s:s%}", "created", (json_int_t)now, "report", rname,
	    "kind", json_object_get(rep, "kind"), "agency", agency,
	    "from", cf->mail.from, "to", to, "subject", subject,
	    "attempts", 0, "next_try", (json_int_t)now, "last_error",
	    "message", msg, mlen);
	if (e == NULL)
		snprintf(err, errlen, "out of memory");
out:
	free(rcpt);
	free(body);
	free(html);
	free(data);
	free(msg);
	return e;
}

static const struct config_report *
mailer_report_of(const struct config *cf, const char *kind)
{
	size_t i;

	for (i = 0; i < cf->nreports; i++)
		if (strcmp(cf->reports[i].kind, kind) == 0)
			return &cf->reports[i];
	return NULL;
}

/* Record that a part was not mailed, and why; in the log too. */
static void
mailer_skip(json_t *skipped, const char *kind, const char *rname,
    const char *agency, const char *reason)
{
	json_array_append_new(skipped, json_pack("{s:s?, s:s}", "agency",
	    agency, "reason", reason));
	if (strcmp(reason, "nothing_due") == 0)
		log_info("mailer: %s report %s: nothing for %s, no mail "
		    "(nothing_due)", kind, rname, agency ? agency : "the list");
	else if (strcmp(reason, "no_secretary") == 0)
		log_warnx("mailer: %s report %s: no [agency %s] secretary; its "
		    "part is not mailed (no_secretary)", kind, rname, agency);
	else
		log_warnx("mailer: %s report %s: no [mail] section; the part "
		    "of %s is not mailed (%s)", kind, rname, agency ? agency :
		    "the list", reason);
}

/* 1 when names holds name. */
static int
mailer_has(json_t *names, const char *name)
{
	json_t	*x;
	size_t	 j;

	json_array_foreach(names, j, x)
		if (strcmp(json_string_value(x), name) == 0)
			return 1;
	return 0;
}

int
mailer_queue(struct mailer *m, const char *kind, const char *as_of,
    const char *agency, const struct config_report *rep, json_t *queued,
    json_t *skipped, char *err, size_t errlen)
{
	const struct config		*cf = m->d->cf;
	const struct config_agency	*ag;
	struct report_opts		 o;
	struct queue_txn		 q;
	MDB_txn				*txn = NULL;
	json_t				*r = NULL, *names = NULL, *e, *v;
	json_t				*skip, *mailed = NULL, *state;
	json_error_t			 jerr;
	char				 key[128], since[32] = "";
	char				 mkey[128], mval[512];
	const char			*name, *rname, *prev;
	size_t				 i;
	int				 rc, n = -1, by_agency, send_empty, csv;

	if (rep == NULL)
		rep = mailer_report_of(cf, kind);
	rname = rep ? rep->name : "manual";
	by_agency = rep == NULL || strcmp(rep->recipients, "agency") == 0;
	send_empty = rep != NULL && rep->send_empty;
	csv = rep != NULL && rep->attach_csv;
	memset(&o, 0, sizeof(o));
	o.kind = kind;
	snprintf(o.as_of, sizeof(o.as_of), "%s", as_of);
	o.within_days = rep ? rep->within_days : 30;
	o.agency = agency;
	o.policy = &cf->review;
	o.cal = m->d->cal;
	o.due_soon = cf->apply.due_soon;
	o.annual = m->d->vt != NULL ? report_annual_conf(cf) : NULL;
	o.annual_published_only = 1;	/* no annual_build in the loop */
	/* Applicants are named only in a part mailed to the application's
	 * own agency secretary, never to a list. */
	o.personal = by_agency;
	/* Nor does a list read the title of a document that is not public:
	 * only an agency's own secretary does, of its own. */
	o.list = !by_agency;
	snprintf(key, sizeof(key), "report_since:%s", rname);
	if ((rc = store_txn_read(m->d->st, &txn)) != 0) {
		snprintf(err, errlen, "%s", store_strerror(rc));
		return -1;
	}
	if (store_meta_get(m->d->st, txn, key, since, sizeof(since)) == 0)
		o.since = since;
	/* Cleanup: what the last mail of this report held, so the same
	 * result never goes out twice. */
	snprintf(mkey, sizeof(mkey), "report_mailed:%s", rname);
	if (strcmp(kind, "cleanup") == 0 && store_meta_get(m->d->st, txn,
	    mkey, mval, sizeof(mval)) == 0)
		mailed = json_loads(mval, 0, &jerr);
	o.mailed = mailed;
	r = report_build(m->d->st, txn, m->d->vt, &o, err, errlen);
	store_txn_end(txn);
	if (r == NULL) {
		json_decref(mailed);
		return -1;
	}
	memset(&q, 0, sizeof(q));
	state = json_object_get(json_object_get(r, "cleanup"), "state");
	prev = record_str(mailed, "date");
	if (state != NULL && cf->mail.configured && (prev == NULL ||
	    strcmp(record_str(state, "date"), prev) >= 0)) {
		q.meta_key = mkey;
		q.meta_val = json_dumps(state, JSON_COMPACT |
		    JSON_PRESERVE_ORDER);
	}
	json_decref(mailed);
	q.msgs = json_array();
	q.queued = queued != NULL ? json_incref(queued) : json_array();
	skip = skipped != NULL ? json_incref(skipped) : json_array();
	if (by_agency) {
		names = agency != NULL ? json_pack("[s]", agency) :
		    report_agencies(r);
		/* Agencies with a secretary and nothing: said too. */
		for (i = 0; agency == NULL && i < cf->nagencies; i++)
			if (cf->agencies[i].secretary[0] != '\0' &&
			    !mailer_has(names, cf->agencies[i].name))
				json_array_append_new(names,
				    json_string(cf->agencies[i].name));
		json_array_foreach(names, i, v) {
			name = json_string_value(v);
			ag = config_agency(cf, name);
			if (!send_empty && report_empty(r, name))
				mailer_skip(skip, kind, rname, name,
				    "nothing_due");
			else if (!cf->mail.configured)
				mailer_skip(skip, kind, rname, name,
				    "mail_not_configured");
			else if (ag == NULL || ag->secretary[0] == '\0')
				mailer_skip(skip, kind, rname, name,
				    "no_secretary");
			else if ((e = mailer_message(m, rname, r, name,
			    ag->secretary, csv, err, errlen)) == NULL)
				goto out;
			else
				json_array_append_new(q.msgs, e);
		}
	} else if (!send_empty && report_empty(r, agency))
		mailer_skip(skip, kind, rname, agency, "nothing_due");
	else if (!cf->mail.configured)
		mailer_skip(skip, kind, rname, agency, "mail_not_configured");
	else {
		if ((e = mailer_message(m, rname, r, agency, rep->recipients,
		    csv, err, errlen)) == NULL)
			goto out;
		json_array_append_new(q.msgs, e);
	}
	if ((json_array_size(q.msgs) > 0 || q.meta_val != NULL) &&
	    (rc = store_write(m->d->st, mailer_queue_fn, &q)) != 0) {
		snprintf(err, errlen, "outbox: %s", store_strerror(rc));
		goto out;
	}
	n = (int)json_array_size(q.msgs);
	log_info("mailer: %s report %s for %s: %d message(s) queued, %zu "
	    "part(s) not mailed", kind, rname, as_of, n, json_array_size(skip));
	if (n > 0)
		mailer_arm_outbox(m, (int64_t)time(NULL));
out:
	json_decref(names);
	json_decref(q.msgs);
	json_decref(q.queued);
	json_decref(skip);
	json_decref(r);
	free(q.meta_val);
	return n;
}

void
mailer_after_cleanup(void *arg)
{
	struct mailer	*m = arg;
	const struct config *cf = m->d->cf;
	char		 today[11], err[512];
	size_t		 i;

	lc_date_of((int64_t)time(NULL), today);
	for (i = 0; i < cf->nreports; i++)
		if (strcmp(cf->reports[i].kind, "cleanup") == 0 &&
		    mailer_queue(m, "cleanup", today, NULL, &cf->reports[i],
		    NULL, NULL, err, sizeof(err)) == -1)
			log_warnx("mailer: cleanup report %s: %s",
			    cf->reports[i].name, err);
}

/* --- delivery ------------------------------------------------------------- */

static int
mailer_collect_cb(uint64_t id, const char *json, size_t len, void *arg)
{
	json_error_t	 jerr;
	json_t		*e;

	if ((e = json_loadb(json, len, 0, &jerr)) == NULL) {
		log_warnx("mailer: outbox entry %llu is damaged: %s",
		    (unsigned long long)id, jerr.text);
		return 0;
	}
	json_object_set_new(e, "id", json_integer((json_int_t)id));
	json_array_append_new(arg, e);
	return 0;
}

struct outbox_update {
	uint64_t	 id;
	json_t		*entry;		/* NULL: remove */
};

static int
mailer_update_fn(struct store *st, MDB_txn *txn, void *arg)
{
	struct outbox_update	*u = arg;
	char			*js;
	int			 rc;

	if (u->entry == NULL)
		return store_outbox_del(st, txn, u->id);
	if ((js = json_dumps(u->entry, JSON_COMPACT | JSON_PRESERVE_ORDER)) ==
	    NULL)
		return ENOMEM;
	rc = store_outbox_put(st, txn, u->id, js, strlen(js));
	free(js);
	return rc;
}

static int
mailer_transport(const struct config *cf, struct mail_transport *t,
    char *err, size_t errlen)
{
	if (mail_transport_parse(cf->mail.transport, t, err, errlen) == -1)
		return -1;
	snprintf(t->sendmail, sizeof(t->sendmail), "%s", cf->mail.sendmail);
	t->starttls = cf->mail.starttls;
	snprintf(t->user, sizeof(t->user), "%s", cf->mail.user);
	snprintf(t->password, sizeof(t->password), "%s", cf->mail.password);
	t->timeout_ms = (unsigned int)cf->mail.timeout_ms;
	return 0;
}

/* Try one message; remove its entry (1) or update it for a retry (0). */
static int
mailer_deliver(struct mailer *m, const struct mail_transport *t, json_t *e,
    int64_t now)
{
	const struct config	*cf = m->d->cf;
	struct mail_addr	 from, *rcpt = NULL;
	struct outbox_update	 u;
	const char		*msg = record_str(e, "message");
	char			 err[512] = "";
	size_t			 nrcpt = 0;
	uint64_t		 wait;
	json_int_t		 tries;
	int			 rc, ok;

	u.id = (uint64_t)json_integer_value(json_object_get(e, "id"));
	ok = msg != NULL &&
	    mail_addr_parse(record_str(e, "from") ? record_str(e, "from") :
	    cf->mail.from, &from, err, sizeof(err)) == 0 &&
	    mail_addr_list(record_str(e, "to") ? record_str(e, "to") : "",
	    &rcpt, &nrcpt, err, sizeof(err)) == 0 &&
	    mail_send(t, &from, rcpt, nrcpt, msg, strlen(msg), err,
	    sizeof(err)) == 0;
	free(rcpt);
	if (ok) {
		u.entry = NULL;
		log_info("mailer: message %llu to %s delivered (%s)",
		    (unsigned long long)u.id, record_str(e, "to"),
		    record_str(e, "subject"));
	} else {
		tries = json_integer_value(json_object_get(e, "attempts")) + 1;
		wait = cf->mail.retry_initial_ms;
		for (json_int_t i = 1; i < tries && wait < cf->mail.retry_max_ms;
		    i++)
			wait *= 2;
		if (wait > cf->mail.retry_max_ms)
			wait = cf->mail.retry_max_ms;
		json_object_set_new(e, "attempts", json_integer(tries));
		json_object_set_new(e, "next_try",
		    json_integer((json_int_t)(now + (int64_t)(wait / 1000))));
		json_object_set_new(e, "last_error", json_string(err[0] ? err :
		    "unknown error"));
		u.entry = e;
		log_warnx("mailer: message %llu to %s not delivered (attempt "
		    "%lld): %s; next try in %llu s", (unsigned long long)u.id,
		    record_str(e, "to"), (long long)tries, err,
		    (unsigned long long)(wait / 1000));
	}
	if ((rc = store_write(m->d->st, mailer_update_fn, &u)) != 0)
		log_warnx("mailer: outbox %llu: %s", (unsigned long long)u.id,
		    store_strerror(rc));
	return ok;
}

static void
mailer_outbox_cb(evutil_socket_t fd, short ev, void *arg)
{
	struct mailer		*m = arg;
	struct mail_transport	 t;
	MDB_txn			*txn;
	json_t			*all, *e;
	char			 err[512];
	size_t			 i;
	int64_t			 now = (int64_t)time(NULL), next = -1, nt;

	(void)fd;
	(void)ev;
	all = json_array();
	if (store_txn_read(m->d->st, &txn) == 0) {
		int rc = store_each_outbox(m->d->st, txn, mailer_collect_cb,
		    all);

		store_txn_end(txn);
		if (rc != 0)
			log_warnx("mailer: reading the outbox: %s",
			    store_strerror(rc));
	}
	if (json_array_size(all) > 0 && mailer_transport(m->d->cf, &t, err,
	    sizeof(err)) == -1) {
		log_warnx("mailer: transport: %s", err);
		json_decref(all);
		mailer_arm_outbox(m, now + 60);
		return;
	}
	json_array_foreach(all, i, e) {
		nt = json_integer_value(json_object_get(e, "next_try"));
		if (nt <= now) {
			notify_watchdog();
			if (mailer_deliver(m, &t, e, now))
				continue;
			/*
			 * A failure: back to the loop before the next try,
			 * so a hanging server costs one timeout per turn and
			 * the daemon keeps serving in between; the next
			 * message due goes a second later.
			 */
			nt = json_integer_value(json_object_get(e,
			    "next_try"));
			if (next == -1 || nt < next)
				next = nt;
			for (i++; i < json_array_size(all); i++) {
				nt = json_integer_value(json_object_get(
				    json_array_get(all, i), "next_try"));
				if (nt <= now)
					nt = now + 1;
				if (nt < next)
					next = nt;
			}
			break;
		}
		if (next == -1 || nt < next)
			next = nt;
	}
	json_decref(all);
	if (next != -1)
		mailer_arm_outbox(m, next);
}

static void
mailer_arm_outbox(struct mailer *m, int64_t when)
{
	struct timeval	tv;
	int64_t		now = (int64_t)time(NULL);

	evtimer_del(m->ev_outbox);
	tv.tv_sec = when > now ? (time_t)(when - now) : 0;
	tv.tv_usec = 0;
	evtimer_add(m->ev_outbox, &tv);
}

/* --- schedules ------------------------------------------------------------ */

static void
mailer_plan(struct mailer *m, int at_start)
{
	const struct config	*cf = m->d->cf;
	struct cron		 c;
	char			 key[128], t[32];
	int64_t			 now = (int64_t)time(NULL), last, prev;
	size_t			 i;

	free(m->next_run);
	m->nnext = cf->nreports;
	if ((m->next_run = calloc(m->nnext + 1, sizeof(*m->next_run))) ==
	    NULL) {
		m->nnext = 0;
		return;
	}
	for (i = 0; i < cf->nreports; i++) {
		m->next_run[i] = -1;
		if (cf->reports[i].schedule[0] == '\0' ||
		    cron_parse(&c, cf->reports[i].schedule, NULL, 0) == -1)
			continue;
		m->next_run[i] = cron_next(&c, now);
		snprintf(key, sizeof(key), "report_last:%s",
		    cf->reports[i].name);
		if ((last = mailer_meta_time(m, key)) == -1) {
			/* First sight of this report: nothing was missed. */
			snprintf(t, sizeof(t), "%lld", (long long)now);
			mailer_meta_set(m, key, t);
			continue;
		}
		prev = cron_prev(&c, now);
		if (at_start && cf->reports[i].catch_up && prev != -1 &&
		    prev > last) {
			char ts[64];

			record_rfc3339(prev, ts, sizeof(ts));
			log_info("mailer: report %s due at %s was missed; "
			    "running it now", cf->reports[i].name, ts);
			m->next_run[i] = now;
		}
	}
}

static void
mailer_reports_cb(evutil_socket_t fd, short ev, void *arg)
{
	struct mailer		*m = arg;
	const struct config	*cf = m->d->cf;
	struct cron		 c;
	struct lc_ctx		 lc;
	char			 key[128], t[32], since[32], err[512];
	int64_t			 now = (int64_t)time(NULL);
	size_t			 i;

	(void)fd;
	(void)ev;
	for (i = 0; i < m->nnext && i < cf->nreports; i++) {
		if (m->next_run[i] == -1 || m->next_run[i] > now)
			continue;
		lc_ctx_init(&lc, &cf->review, "docketd", now);
		record_rfc3339(now, since, sizeof(since));
		since[19] = '\0';	/* local YYYY-MM-DDTHH:MM:SS */
		if (mailer_queue(m, cf->reports[i].kind, lc.today, NULL,
		    &cf->reports[i], NULL, NULL, err, sizeof(err)) == -1) {
			/* Not recorded as run: try again in a minute (and
			 * a restart meanwhile catches it up). */
			log_warnx("mailer: report %s: %s; retrying in 60 s",
			    cf->reports[i].name, err);
			m->next_run[i] = now + 60;
			continue;
		}
		if (strcmp(cf->reports[i].kind, "summary") == 0) {
			snprintf(key, sizeof(key), "report_since:%s",
			    cf->reports[i].name);
			mailer_meta_set(m, key, since);
		}
		snprintf(key, sizeof(key), "report_last:%s",
		    cf->reports[i].name);
		snprintf(t, sizeof(t), "%lld", (long long)now);
		mailer_meta_set(m, key, t);
		if (cron_parse(&c, cf->reports[i].schedule, NULL, 0) == 0)
			m->next_run[i] = cron_next(&c, now);
	}
	mailer_arm_reports(m);
}

static void
mailer_arm_reports(struct mailer *m)
{
	struct timeval	tv;
	int64_t		now = (int64_t)time(NULL), wake = -1;
	size_t		i;

	evtimer_del(m->ev_reports);
	for (i = 0; i < m->nnext; i++)
		if (m->next_run[i] != -1 && (wake == -1 ||
		    m->next_run[i] < wake))
			wake = m->next_run[i];
	if (wake == -1)
		return;
	/* At most an hour: a changed wall clock is noticed. */
	if (wake > now + 3600)
		wake = now + 3600;
	tv.tv_sec = wake > now ? (time_t)(wake - now) : 0;
	tv.tv_usec = 0;
	evtimer_add(m->ev_reports, &tv);
}

struct mailer *
mailer_new(struct event_base *base, struct docket *d, char *err,
    size_t errlen)
{
	struct mailer *m;

	if ((m = calloc(1, sizeof(*m))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	m->base = base;
	m->d = d;
	/* libcurl's global set-up, once, before anything else runs. */
	if (mail_init(err, errlen) == -1) {
		free(m);
		return NULL;
	}
	if ((m->ev_reports = evtimer_new(base, mailer_reports_cb, m)) == NULL ||
	    (m->ev_outbox = evtimer_new(base, mailer_outbox_cb, m)) == NULL) {
		snprintf(err, errlen, "evtimer_new failed");
		mailer_free(m);
		return NULL;
	}
	mailer_plan(m, 1);
	mailer_arm_reports(m);
	/* What waits in the outbox from an earlier run goes first. */
	mailer_arm_outbox(m, (int64_t)time(NULL));
	return m;
}

void
mailer_reload(struct mailer *m)
{
	mailer_plan(m, 0);
	mailer_arm_reports(m);
	mailer_arm_outbox(m, (int64_t)time(NULL));
}

void
mailer_free(struct mailer *m)
{
	if (m == NULL)
		return;
	if (m->ev_reports != NULL)
		event_free(m->ev_reports);
	if (m->ev_outbox != NULL)
		event_free(m->ev_outbox);
	free(m->next_run);
	free(m);
}
