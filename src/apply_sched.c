/*
 * apply_sched: the applications' clock in docketd (see apply_sched.h).
 * A chunk is read in one LMDB read transaction, ticked in memory and
 * committed as one vault commit (then LMDB), as schedule.c does for
 * documents.  Each write moves the application's 'W' key past today (or
 * drops it), so a pass ends; keys that do not apply (a broken record)
 * stop it with a warning instead of spinning.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "apply.h"
#include "apply_sched.h"
#include "apply_store.h"
#include "calendar.h"
#include "lifecycle.h"
#include "log.h"
#include "notify.h"
#include "schedule.h"

#define APPLY_SCHED_CHUNK	200

static int
apply_sched_due_cb(const char *id, const char *date, void *arg)
{
	json_t *ids = arg;

	(void)date;
	json_array_append_new(ids, json_string(id));
	return json_array_size(ids) >= APPLY_SCHED_CHUNK;
}

void
apply_sched_ctx(struct apply_ctx *ctx, const struct docket *d,
    const struct calendar *own, int64_t now, const char *today)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->cal = d->cal != NULL ? d->cal : own;
	ctx->actor = "docketd";
	ctx->now = now;
	ctx->today = apply_day_of(today);
	ctx->due_soon = d->cf->apply.due_soon > 0 ? d->cf->apply.due_soon :
	    APPLY_DUE_SOON;
}

int
apply_sched_pass(struct docket *d, int64_t now)
{
	struct apply_ctx	 ctx;
	struct calendar		*own = NULL;
	MDB_txn			*txn;
	json_t			*ids, *recs, *v, *rec;
	char			 today[11], err[512], msg[128];
	char			 commit[VAULT_OID_HEX];
	size_t			 i;
	int			 rc, total = 0, closed, nclosed;

	if (d->cal == NULL && (own = calendar_new()) == NULL)
		return -1;
	/* A vault commit LMDB missed first (a crash, a full disk). */
	if (apply_store_recover(d->st, d->vt, 0, err, sizeof(err)) < 0)
		log_warnx("apply clock: %s", err);
	lc_date_of(now, today);
	apply_sched_ctx(&ctx, d, own, now, today);
	for (;;) {
		notify_watchdog();
		ids = json_array();
		if ((rc = store_txn_read(d->st, &txn)) != 0) {
			log_warnx("apply clock: %s", store_strerror(rc));
			json_decref(ids);
			total = -1;
			break;
		}
		if ((rc = apply_store_each_due(d->st, txn, APPLY_DUE_WAKE,
		    today, apply_sched_due_cb, ids)) != 0) {
			log_warnx("apply clock: %s", store_strerror(rc));
			store_txn_end(txn);
			json_decref(ids);
			total = -1;
			break;
		}
		recs = json_array();
		nclosed = 0;
		json_array_foreach(ids, i, v) {
			if (apply_store_get(d->st, txn, json_string_value(v),
			    &rec) != 0)
				continue;
			if (apply_tick(&ctx, rec, &closed, err, sizeof(err)) ==
			    -1) {
				log_warnx("apply clock: %s: %s",
				    json_string_value(v), err);
				json_decref(rec);
				continue;
			}
			nclosed += closed;
			json_array_append_new(recs, rec);
		}
		store_txn_end(txn);
		if (json_array_size(ids) == 0 || json_array_size(recs) == 0) {
			if (json_array_size(ids) > 0)
				log_warnx("apply clock: %zu application(s) due "
				    "up to %s cannot be brought up to date; run "
				    "docketctl reindex", json_array_size(ids),
				    today);
			json_decref(ids);
			json_decref(recs);
			break;
		}
		snprintf(msg, sizeof(msg), "apply clock %s: %zu application%s"
		    "%s", today, json_array_size(recs), json_array_size(recs)
		    == 1 ? "" : "s", nclosed ? ", fee unpaid closed" : "");
		rc = apply_store_commit(d->st, d->vt, recs, msg, commit, err,
		    sizeof(err));
		json_decref(ids);
		if (rc == -1) {
			log_warnx("apply clock: %s: %s", msg, err);
			json_decref(recs);
			total = -1;
			break;
		}
		if (rc == -2) {
			/* In the vault: apply_store_recover indexes it. */
			log_warnx("apply clock: %s: %s", msg, err);
			json_decref(recs);
			total = -1;
			break;
		}
		log_info("%s, commit %.12s", msg, commit);
		total += (int)json_array_size(recs);
		json_decref(recs);
	}
	calendar_free(own);
	return total;
}

static int
apply_sched_first_cb(const char *id, const char *date, void *arg)
{
	char *out = arg;

	(void)id;
	snprintf(out, 11, "%s", date);
	return 1;
}

int64_t
apply_sched_first(struct docket *d)
{
	MDB_txn	*txn;
	char	 date[11] = "";
	int	 rc;

	if (store_txn_read(d->st, &txn) != 0)
		return -1;
	rc = apply_store_each_due(d->st, txn, APPLY_DUE_WAKE, NULL,
	    apply_sched_first_cb, date);
	store_txn_end(txn);
	if (rc != 0 || date[0] == '\0')
		return -1;
	return schedule_midnight(date);
}

struct apply_sched_list {
	json_t	*out;
	int	 limit;
};

static int
apply_sched_list_cb(const char *id, const char *date, void *arg)
{
	struct apply_sched_list *l = arg;

	json_array_append_new(l->out, json_pack("{s:s, s:s}", "id", id,
	    "next_check", date));
	return (int)json_array_size(l->out) >= l->limit;
}

json_t *
apply_sched_list(struct docket *d, int limit)
{
	struct apply_sched_list	 l;
	MDB_txn			*txn;
	int			 rc;

	l.out = json_array();
	l.limit = limit > 0 ? limit : 20;
	if (store_txn_read(d->st, &txn) != 0)
		return l.out;
	rc = apply_store_each_due(d->st, txn, APPLY_DUE_WAKE, NULL,
	    apply_sched_list_cb, &l);
	store_txn_end(txn);
	if (rc != 0)
		log_warnx("apply clock: %s", store_strerror(rc));
	return l.out;
}
