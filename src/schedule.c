/*
 * schedule: act on what is due, then sleep until the next due date.
 *
 * Expiries sit in the due index under their valid_until date and act the
 * day after; reviews under next_review and turn overdue review_grace days
 * later.  Each pass takes the due keys up to today in chunks, applies the
 * transition as docketd and commits the chunk (vault, then LMDB).  The
 * timer is then set to the earliest of the first remaining due key, the
 * next cleanup, and an hour (so a changed wall clock is noticed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "apply_sched.h"
#include "change.h"
#include "cleanup.h"
#include "cron.h"
#include "interp.h"
#include "lifecycle.h"
#include "log.h"
#include "notify.h"
#include "record.h"
#include "schedule.h"

#define SCHEDULE_CHUNK		1000
#define SCHEDULE_MAX_SLEEP	3600
#define SCHEDULE_RETRY		60

struct schedule {
	struct event_base	*base;
	struct event		*timer;
	struct docket		*d;
	struct cron		 cron;
	int64_t			 next_cleanup;	/* -1: never */
	int64_t			 next_wake;
};

int64_t
schedule_midnight(const char *date)
{
	struct tm	tm;
	int		y, m, d;

	if (date == NULL || sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

static int
schedule_due_cb(uint64_t id, const char *date, void *arg)
{
	json_t *ids = arg;

	(void)date;
	json_array_append_new(ids, json_integer((json_int_t)id));
	return json_array_size(ids) >= SCHEDULE_CHUNK;
}

/*
 * Apply one clock transition to every record due for it up to `upto`.
 * Returns the number changed, or -1.
 */
static int
schedule_pass(struct schedule *s, char kind, const char *upto,
    const struct lc_ctx *lc, const char *what)
{
	struct change	*ch;
	MDB_txn		*txn;
	json_t		*ids, *v, *rec, *ev;
	char		 commit[VAULT_OID_HEX], err[512], msg[128];
	size_t		 i;
	int		 rc, n, total = 0;

	for (;;) {
		notify_watchdog();
		ids = json_array();
		if ((rc = store_txn_read(s->d->st, &txn)) != 0 ||
		    (rc = store_each_due(s->d->st, txn, kind, upto,
		    schedule_due_cb, ids)) != 0) {
			log_warnx("schedule: %s", store_strerror(rc));
			store_txn_end(txn);
			json_decref(ids);
			return -1;
		}
		if (json_array_size(ids) == 0) {
			store_txn_end(txn);
			json_decref(ids);
			return total;
		}
		ch = change_new(s->d->st, s->d->vt);
		n = 0;
		json_array_foreach(ids, i, v) {
			if (ch == NULL || (rec = change_get(ch, txn,
			    (uint64_t)json_integer_value(v))) == NULL)
				continue;
			ev = json_array();
			rc = kind == STORE_DUE_EXPIRY ? lc_expire(lc, rec, ev) :
			    kind == STORE_DUE_INTERP ? interp_overdue(lc, rec,
			    ev) : lc_overdue(lc, rec, ev);
			if (rc == 0) {
				change_put(ch, rec, ev);
				n++;
			}
			json_decref(ev);
		}
		store_txn_end(txn);
		json_decref(ids);
		if (ch == NULL)
			return -1;
		if (n == 0) {
			/* Due keys that no longer apply would loop. */
			change_free(ch);
			log_warnx("schedule: %s keys up to %s do not apply; "
			    "run docketctl reindex", what, upto);
			return total;
		}
		snprintf(msg, sizeof(msg), "%s: %d document%s", what, n,
		    n == 1 ? "" : "s");
		rc = change_commit(ch, msg, commit, err, sizeof(err));
		change_free(ch);
		if (rc != 0) {
			log_warnx("schedule: %s: %s", what, err);
			return -1;
		}
		log_info("schedule: %s, commit %.12s", msg, commit);
		total += n;
	}
}

static int64_t
schedule_meta_time(struct schedule *s, const char *key)
{
	MDB_txn	*txn;
	char	 buf[32];
	int64_t	 t = -1;

	if (store_txn_read(s->d->st, &txn) != 0)
		return -1;
	if (store_meta_get(s->d->st, txn, key, buf, sizeof(buf)) == 0)
		t = strtoll(buf, NULL, 10);
	store_txn_end(txn);
	return t;
}

struct meta_kv {
	const char	*key;
	const char	*val;
};

static int
schedule_meta_put(struct store *st, MDB_txn *txn, void *arg)
{
	struct meta_kv *kv = arg;

	return store_meta_put(st, txn, kv->key, kv->val);
}

static int
schedule_meta_set(struct schedule *s, const char *key, const char *val)
{
	struct meta_kv kv = { key, val };

	return store_write(s->d->st, schedule_meta_put, &kv);
}

/* When the next cleanup is due: at once when a scheduled run was missed
 * while docketd was down (catch_up), else by the cron schedule. */
static void
schedule_plan_cleanup(struct schedule *s, int64_t now, int at_start)
{
	int64_t last, prev;

	s->next_cleanup = cron_next(&s->cron, now);
	if (!at_start || !s->d->cf->cleanup_catchup)
		return;
	if ((last = schedule_meta_time(s, "last_cleanup")) == -1)
		last = schedule_meta_time(s, "clock_since");
	prev = cron_prev(&s->cron, now);
	if (last != -1 && prev != -1 && prev > last) {
		char ts[64];

		record_rfc3339(prev, ts, sizeof(ts));
		log_info("schedule: the cleanup due at %s was missed; "
		    "running it now", ts);
		s->next_cleanup = now;
	}
}

static int64_t
schedule_first(struct schedule *s, char kind, int days)
{
	MDB_txn		*txn;
	char		 date[11], at[11];
	uint64_t	 id;
	int64_t		 t = -1;

	if (store_txn_read(s->d->st, &txn) != 0)
		return -1;
	if (store_due_first(s->d->st, txn, kind, date, &id) == 0 &&
	    lc_date_add(date, 0, days, at) == 0)
		t = schedule_midnight(at);
	store_txn_end(txn);
	return t;
}

static void
schedule_arm(struct schedule *s, int64_t now, int failed)
{
	struct timeval	tv;
	int64_t		wake = now + SCHEDULE_MAX_SLEEP, t;

	if (failed)
		wake = now + SCHEDULE_RETRY;
	if ((t = schedule_first(s, STORE_DUE_EXPIRY, 1)) != -1 && t < wake)
		wake = t;
	if ((t = schedule_first(s, STORE_DUE_OVERDUE,
	    s->d->cf->review.review_grace_days)) != -1 && t < wake)
		wake = t;
	if ((t = schedule_first(s, STORE_DUE_INTERP,
	    (int)s->d->cf->publish.interpretation_days)) != -1 && t < wake)
		wake = t;
	if ((t = apply_sched_first(s->d)) != -1 && t < wake)
		wake = t;
	if (s->next_cleanup != -1 && s->next_cleanup < wake)
		wake = s->next_cleanup;
	/* Everything due was just handled; a due key still in the past is
	 * one that does not apply (logged by schedule_pass): do not spin. */
	if (wake <= now)
		wake = now + SCHEDULE_RETRY;
	s->next_wake = wake;
	tv.tv_sec = (time_t)(wake - now);
	tv.tv_usec = 0;
	evtimer_add(s->timer, &tv);
	log_debug("schedule: next wake in %lld s", (long long)(wake - now));
}

static void
schedule_run(struct schedule *s)
{
	struct lc_ctx	 lc;
	json_t		*res;
	char		 upto[11], err[512];
	int64_t		 now = (int64_t)time(NULL);
	int		 failed = 0;

	lc_ctx_init(&lc, &s->d->cf->review, "docketd", now);
	/* Expired: valid_until before today. */
	if (lc_date_add(lc.today, 0, -1, upto) == 0 &&
	    schedule_pass(s, STORE_DUE_EXPIRY, upto, &lc, "expire") == -1)
		failed = 1;
	/* Overdue: due review_grace days ago or more. */
	if (lc_date_add(lc.today, 0, -s->d->cf->review.review_grace_days,
	    upto) == 0 && schedule_pass(s, STORE_DUE_OVERDUE, upto, &lc,
	    "review overdue") == -1)
		failed = 1;
	/* 政策解读: a public 规范性文件 without one interpretation_days
	 * after its published_on. */
	if (lc_date_add(lc.today, 0,
	    -(int)s->d->cf->publish.interpretation_days, upto) == 0 &&
	    schedule_pass(s, STORE_DUE_INTERP, upto, &lc,
	    "no interpretation") == -1)
		failed = 1;
	/* Applications: flags by time, an unpaid fee closed. */
	if (apply_sched_pass(s->d, now) == -1)
		failed = 1;
	if (s->next_cleanup != -1 && s->next_cleanup <= now) {
		if ((res = cleanup_run(s->d, "docketd", now, err,
		    sizeof(err))) == NULL) {
			log_warnx("schedule: cleanup: %s", err);
			failed = 1;
		} else {
			json_decref(res);
			s->next_cleanup = cron_next(&s->cron, now);
		}
	}
	schedule_arm(s, (int64_t)time(NULL), failed);
}

static void
schedule_timer_cb(evutil_socket_t fd, short ev, void *arg)
{
	(void)fd;
	(void)ev;
	schedule_run(arg);
}

struct schedule *
schedule_new(struct event_base *base, struct docket *d, char *err,
    size_t errlen)
{
	struct schedule	*s;
	char		 t[32];
	int64_t		 now = (int64_t)time(NULL);

	if ((s = calloc(1, sizeof(*s))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->base = base;
	s->d = d;
	if (cron_parse(&s->cron, d->cf->cleanup_schedule, err, errlen) == -1 ||
	    (s->timer = evtimer_new(base, schedule_timer_cb, s)) == NULL) {
		free(s);
		return NULL;
	}
	/* Remember when the clock first ran, so a first start does not
	 * count as a missed cleanup. */
	if (schedule_meta_time(s, "clock_since") == -1) {
		snprintf(t, sizeof(t), "%lld", (long long)now);
		if (schedule_meta_set(s, "clock_since", t) != 0)
			log_warnx("schedule: cannot record clock_since");
	}
	schedule_plan_cleanup(s, now, 1);
	return s;
}

void
schedule_free(struct schedule *s)
{
	if (s == NULL)
		return;
	if (s->timer != NULL)
		event_free(s->timer);
	free(s);
}

void
schedule_kick(struct schedule *s)
{
	evtimer_del(s->timer);
	schedule_run(s);
}

int
schedule_reload(struct schedule *s, char *err, size_t errlen)
{
	struct cron c;

	if (cron_parse(&c, s->d->cf->cleanup_schedule, err, errlen) == -1)
		return -1;
	s->cron = c;
	schedule_plan_cleanup(s, (int64_t)time(NULL), 0);
	evtimer_del(s->timer);
	schedule_arm(s, (int64_t)time(NULL), 0);
	return 0;
}

struct report {
	struct docket	*d;
	MDB_txn		*txn;
	json_t		*list;
	int		 limit;
	int		 grace;
	char		 kind;
};

static int
schedule_report_cb(uint64_t id, const char *date, void *arg)
{
	struct report	*r = arg;
	json_t		*rec, *e;
	char		 at[11];

	if (store_get_record(r->d->st, r->txn, id, &rec) != 0)
		return 0;
	e = json_pack("{s:O, s:O, s:O, s:O}", "id", json_object_get(rec, "id"),
	    "docno", json_object_get(rec, "docno"),
	    "title", json_object_get(rec, "title"),
	    "agency", json_object_get(rec, "agency"));
	if (r->kind == STORE_DUE_EXPIRY) {
		json_object_set_new(e, "valid_until", json_string(date));
		if (lc_date_add(date, 0, 1, at) == 0)
			json_object_set_new(e, "expires_on", json_string(at));
	} else if (r->kind == STORE_DUE_INTERP) {
		/* A public 规范性文件 waiting for its 政策解读. */
		json_object_set_new(e, "published_on", json_string(date));
		if (lc_date_add(date, 0, (int)r->d->cf->publish.
		    interpretation_days, at) == 0)
			json_object_set_new(e, "due_on", json_string(at));
	} else {
		json_object_set_new(e, "next_review", json_string(date));
		if (lc_date_add(date, 0, r->grace, at) == 0)
			json_object_set_new(e, "overdue_on", json_string(at));
		json_object_set_new(e, "overdue", json_boolean(lc_has_flag(rec,
		    "review_overdue")));
	}
	json_decref(rec);
	json_array_append_new(r->list, e);
	return (int)json_array_size(r->list) >= r->limit;
}

json_t *
schedule_report(struct schedule *s, int limit)
{
	struct report	 r;
	json_t		*out;
	char		 ts[64];
	int64_t		 last;
	int		 rc;

	memset(&r, 0, sizeof(r));
	r.d = s->d;
	r.limit = limit > 0 ? limit : 20;
	r.grace = s->d->cf->review.review_grace_days;
	if (store_txn_read(s->d->st, &r.txn) != 0)
		return NULL;
	out = json_object();
	record_rfc3339(s->next_wake, ts, sizeof(ts));
	json_object_set_new(out, "next_wake", json_string(ts));
	json_object_set_new(out, "cleanup_schedule",
	    json_string(s->d->cf->cleanup_schedule));
	if (s->next_cleanup != -1) {
		record_rfc3339(s->next_cleanup, ts, sizeof(ts));
		json_object_set_new(out, "next_cleanup", json_string(ts));
	} else
		json_object_set_new(out, "next_cleanup", json_null());
	if ((last = schedule_meta_time(s, "last_cleanup")) != -1) {
		record_rfc3339(last, ts, sizeof(ts));
		json_object_set_new(out, "last_cleanup", json_string(ts));
	} else
		json_object_set_new(out, "last_cleanup", json_null());
	r.kind = STORE_DUE_EXPIRY;
	r.list = json_array();
	if ((rc = store_each_due(s->d->st, r.txn, r.kind, NULL,
	    schedule_report_cb, &r)) != 0)
		goto fail;
	json_object_set_new(out, "expiries", r.list);
	r.kind = STORE_DUE_REVIEW;
	r.list = json_array();
	if ((rc = store_each_due(s->d->st, r.txn, r.kind, NULL,
	    schedule_report_cb, &r)) != 0)
		goto fail;
	json_object_set_new(out, "reviews", r.list);
	r.kind = STORE_DUE_INTERP;
	r.list = json_array();
	if ((rc = store_each_due(s->d->st, r.txn, r.kind, NULL,
	    schedule_report_cb, &r)) != 0)
		goto fail;
	json_object_set_new(out, "interpretations", r.list);
	store_txn_end(r.txn);
	json_object_set_new(out, "applications", apply_sched_list(s->d,
	    r.limit));
	return out;
fail:
	log_warnx("schedule: reading the due dates: %s", store_strerror(rc));
	json_decref(r.list);
	json_decref(out);
	store_txn_end(r.txn);
	return NULL;
}
