/*
 * search_feed: the committer's side of the full-text index
 * (search_feed.h).  The texts of a batch are kept in a small hash on the
 * record's number, copied (ingest frees its own right after staging);
 * one batch's worth, dropped after each commit, so memory stays bounded
 * by a batch.  The worker (search_proc.c) and this never write at the
 * same time: while it builds the index a commit only kicks it again;
 * while it catches up, a commit stops it and catches up here.
 *
 * A batch whose every text is in memory, for an index that is open and
 * in step, is written on the feed's thread (search_feedq.c) while the
 * committer goes on with the next batches: the batch's texts and a copy
 * of its records move to the job, which owns them and frees them.  Up to
 * SFQ_DEPTH jobs are handed over and not read: one runs while the next
 * waits, so the thread never waits for the committer's LMDB commit.
 * Before each LMDB commit (search_feed_wait, change_index_hook's
 * before) the committer reads the jobs' results until at most
 * SFQ_DEPTH - 1 are left, so while LMDB holds batch k the index holds
 * k - SFQ_DEPTH at least.  A batch is handed over behind a job still
 * running only when nothing else needs the index (no worker); anything
 * else waits for every job first: the next commit's own checks and
 * writes, a close, a fork (search_feedq.c); and when no commit follows,
 * a timer of the loop reads the results.  A job that failed leaves the
 * index as it was, and those after it fail too (not at their parent):
 * all are read, the index closed, and the worker catches up, as after a
 * failed write in the committer.  Everything else (the catching up, a
 * batch with a text not in memory, an index not at the batch's parent)
 * the committer writes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>

#include "log.h"
#include "search.h"
#include "search_feed.h"
#include "search_feedq.h"
#include "search_sync.h"
#include "xalloc.h"

/* A job still running this long after the last commit is waited for
 * from the loop (its result read, a failure handed to the worker). */
#define SF_IDLE_MS	100

struct sf_text {
	uint64_t	 id;		/* 0: free */
	char		 sha[SEARCH_SHA_LEN + 1];
	char		*text;
	size_t		 len;
};

/* One batch's texts, by record number. */
struct sf_texts {
	struct sf_text		*t;
	size_t			 n, cap;	/* cap: a power of two */
};

/* The batch on the thread: all of it is the job's until it ends. */
struct sf_job {
	struct search_sync	*ss;
	struct sf_texts		 texts;
	json_t			*recs;		/* search_sync_recs' copy */
	char			 parent[VAULT_OID_HEX];
	char			 commit[VAULT_OID_HEX];
	int			 rc;
	char			 err[512];
};

struct search_feed {
	struct search_sync	*ss;
	struct search_proc	*sp;
	struct sf_texts		 cur;		/* the batch being staged */
	struct search_feedq	*q;		/* NULL: no thread */
	struct sf_job		 job[SFQ_DEPTH];	/* a ring, oldest at head */
	int			 head;
	int			 inflight;	/* jobs handed over, not read */
	int			 kick;		/* a failed job's worker is due */
	unsigned long long	 jobs;		/* handed over */
	double			 waited;	/* s the committer waited */
	struct event		*idle;
	int			 warned;
	int			 far;	/* said the worker catches up */
};

static void	sf_idle_cb(evutil_socket_t, short, void *);

struct search_feed *
search_feed_new(struct event_base *base, const char *dbdir,
    const char *vault, struct search_proc *sp)
{
	struct search_feed	*f = xcalloc(1, sizeof(*f));
	int			 i;

	f->ss = search_sync_new(dbdir, vault);
	search_sync_nobuild(f->ss);
	f->sp = sp;
	for (i = 0; i < SFQ_DEPTH; i++)
		f->job[i].ss = f->ss;
	if (base != NULL && (f->idle = evtimer_new(base, sf_idle_cb, f)) !=
	    NULL && (f->q = search_feedq_new()) == NULL) {
		event_free(f->idle);
		f->idle = NULL;
	}
	return f;
}

static void
sf_clear(struct sf_texts *x)
{
	size_t	i;

	for (i = 0; i < x->cap && x->n > 0; i++)
		if (x->t[i].id != 0) {
			free(x->t[i].text);
			x->t[i].id = 0;
			x->n--;
		}
}

/* Read the oldest job's result, waiting for it to end when wait is set:
 * 0 when it was read, -1 when it failed, 1 when none was to read. */
static int
sf_read(struct search_feed *f, int wait)
{
	struct sf_job	*j;
	struct timespec	 t0, t1;

	if (f->inflight == 0)
		return 1;
	if (!wait && search_feedq_busy(f->q) >= f->inflight)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	search_feedq_wait_upto(f->q, f->inflight - 1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	f->waited += (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	j = &f->job[f->head];
	f->head = (f->head + 1) % SFQ_DEPTH;
	f->inflight--;
	if (j->rc == 0)
		return 0;
	if (!f->warned) {
		log_warnx("search index: %s; the worker catches up",
		    j->rc == -1 ? j->err : "not at the batch's parent");
		f->warned = 1;
	}
	return -1;
}

/*
 * The jobs' results, until at most upto are left (those that have ended
 * too, when reap).  A job that failed rolled its transaction back, and
 * the jobs after it fail too (the index is not at their parent): all are
 * waited for, the index closed, and it is the worker's, now (kick) or
 * from the next commit or the loop's timer (not in the middle of
 * change_commit, nor for a close).
 */
static void
sf_settle_upto(struct search_feed *f, int upto, int reap, int kick)
{
	struct timeval	tv = { 0, SF_IDLE_MS * 1000 };
	int		rc, failed = 0;

	while (f->inflight > 0) {
		if ((rc = sf_read(f, failed || f->inflight > upto)) == 1)
			break;
		if (rc == -1)
			failed = 1;
		else if (!failed && !reap && f->inflight <= upto)
			break;
	}
	if (!failed) {
		if (f->inflight == 0 && (f->warned || f->far)) {
			log_info("search index: follows the commits again");
			f->warned = f->far = 0;
		}
		return;
	}
	search_sync_close(f->ss);
	if (kick)
		search_proc_kick(f->sp);
	else if (f->idle != NULL) {
		f->kick = 1;
		evtimer_add(f->idle, &tv);
	}
}

/* Every job's result (waited for). */
static void
sf_settle(struct search_feed *f, int kick)
{
	sf_settle_upto(f, 0, 0, kick);
}

void
search_feed_wait(struct search_feed *f)
{
	/* Before LMDB takes batch k: the index holds k - SFQ_DEPTH at
	 * least, while the job of k - 1 may still run. */
	if (f != NULL)
		sf_settle_upto(f, SFQ_DEPTH - 1, 1, 0);
}

static void
sf_idle_cb(evutil_socket_t fd, short ev, void *arg)
{
	struct search_feed	*f = arg;
	struct timeval		 tv = { 0, SF_IDLE_MS * 1000 };

	(void)fd;
	(void)ev;
	if (f->inflight && search_feedq_busy(f->q)) {
		evtimer_add(f->idle, &tv);
		return;
	}
	sf_settle(f, 1);
	if (f->kick) {
		f->kick = 0;
		search_proc_kick(f->sp);
	}
}

void
search_feed_free(struct search_feed *f)
{
	int	i;

	if (f == NULL)
		return;
	sf_settle(f, 0);
	/* tests/bench/ingest.sh: is the thread the bottleneck? */
	if (f->jobs > 0)
		log_info("search index: %llu batch(es) written on the index's "
		    "thread; the committer waited %.2f s for it", f->jobs,
		    f->waited);
	search_feedq_free(f->q);
	if (f->idle != NULL)
		event_free(f->idle);
	sf_clear(&f->cur);
	free(f->cur.t);
	for (i = 0; i < SFQ_DEPTH; i++)
		free(f->job[i].texts.t);
	search_sync_free(f->ss);
	free(f);
}

void
search_feed_close(struct search_feed *f)
{
	if (f == NULL)
		return;
	sf_settle(f, 0);
	f->kick = 0;	/* reindex kicks the worker itself */
	search_sync_close(f->ss);
}

static struct sf_text *
sf_slot(struct sf_texts *f, uint64_t id)
{
	size_t	i = (size_t)(id * 0x9e3779b97f4a7c15ULL) & (f->cap - 1);

	while (f->t[i].id != 0 && f->t[i].id != id)
		i = (i + 1) & (f->cap - 1);
	return &f->t[i];
}

static void
sf_grow(struct sf_texts *f)
{
	struct sf_text	*old = f->t, *e;
	size_t		 ocap = f->cap, i;

	f->cap = f->cap ? f->cap * 2 : 512;
	f->t = xcalloc(f->cap, sizeof(*f->t));
	for (i = 0; i < ocap; i++)
		if (old[i].id != 0) {
			e = sf_slot(f, old[i].id);
			*e = old[i];
		}
	free(old);
}

void
search_feed_text(struct search_feed *f, const char *id, const char *sha,
    const char *text, size_t len)
{
	struct sf_texts	*x;
	struct sf_text	*e;
	uint64_t	 n;

	if (f == NULL || id == NULL || sha == NULL ||
	    store_id_parse(id, &n) == -1 || n == 0)
		return;
	x = &f->cur;
	if ((x->n + 1) * 2 > x->cap)
		sf_grow(x);
	e = sf_slot(x, n);
	if (e->id == 0)
		x->n++;
	else
		free(e->text);
	e->id = n;
	snprintf(e->sha, sizeof(e->sha), "%s", sha);
	e->text = xmalloc(len + 1);
	memcpy(e->text, text, len);
	e->text[len] = '\0';
	e->len = len;
}

/* search_text_fn: the text of id at sha, if this batch staged it. */
static const char *
sf_get(void *arg, uint64_t id, const char *sha, size_t *len)
{
	struct sf_texts	*f = arg;
	struct sf_text	*e;

	if (f->cap == 0)
		return NULL;
	e = sf_slot(f, id);
	if (e->id != id || strcmp(e->sha, sha) != 0)
		return NULL;
	*len = e->len;
	return e->text;
}

/* Every record of recs has its text in x. */
static int
sf_all(struct sf_texts *x, json_t *recs)
{
	json_t		*rec, *v;
	const char	*sha;
	uint64_t	 n;
	size_t		 i, len;

	json_array_foreach(recs, i, rec) {
		if ((v = json_object_get(rec, "id")) == NULL ||
		    !json_is_string(v) ||
		    store_id_parse(json_string_value(v), &n) == -1 ||
		    (v = json_object_get(rec, "sha256")) == NULL ||
		    (sha = json_string_value(v)) == NULL ||
		    sf_get(x, n, sha, &len) == NULL)
			return 0;
	}
	return 1;
}

/* The thread's job: the batch, then its texts and records freed. */
static void
sf_job_run(void *arg)
{
	struct sf_job	*j = arg;

	j->rc = search_sync_batch(j->ss, j->parent, j->commit, j->recs,
	    sf_get, &j->texts, j->err, sizeof(j->err));
	json_decref(j->recs);
	j->recs = NULL;
	sf_clear(&j->texts);
}

/* Hand the batch to the thread: 1, or 0 when the committer writes it.
 * A job may still run: the slot taken is the one after it. */
static int
sf_handover(struct search_feed *f, const char *parent, const char *commit,
    json_t *recs)
{
	struct timeval	 tv = { 0, SF_IDLE_MS * 1000 };
	struct sf_texts	 t;
	struct sf_job	*j;

	if (f->q == NULL || parent == NULL || recs == NULL ||
	    f->inflight >= SFQ_DEPTH)
		return 0;
	j = &f->job[(f->head + f->inflight) % SFQ_DEPTH];
	if (strlen(parent) >= sizeof(j->parent) ||
	    strlen(commit) >= sizeof(j->commit) ||
	    !search_sync_ready(f->ss) || !sf_all(&f->cur, recs) ||
	    (j->recs = search_sync_recs(recs)) == NULL)
		return 0;
	/* The texts move; the job's emptied table is the next batch's. */
	t = j->texts;
	j->texts = f->cur;
	f->cur = t;
	snprintf(j->parent, sizeof(j->parent), "%s", parent);
	snprintf(j->commit, sizeof(j->commit), "%s", commit);
	j->rc = -1;
	j->err[0] = '\0';
	f->inflight++;
	f->jobs++;
	search_feedq_run(f->q, sf_job_run, j);
	evtimer_add(f->idle, &tv);
	return 1;
}

void
search_feed_commit(struct search_feed *f, struct store *st, struct vault *vt,
    const char *parent, const char *commit, json_t *recs)
{
	char	err[512];
	int	rc, at;

	if (f == NULL)
		return;
	/*
	 * The job of the batch before (this one's parent) may still run:
	 * this batch goes behind it, on the same transaction's terms
	 * (search_sync_ready reads nothing a job writes).  Anything else
	 * needs the index to itself: the worker's checks, the committer's
	 * own write.
	 */
	sf_settle_upto(f, SFQ_DEPTH - 1, 1, 1);
	f->kick = 0;
	if (f->inflight > 0 && parent != NULL && strcmp(parent,
	    f->job[(f->head + f->inflight - 1) % SFQ_DEPTH].commit) == 0 &&
	    !search_proc_running(f->sp) &&
	    sf_handover(f, parent, commit, recs))
		return;
	/* A job that failed closed the index: this commit catches up (or
	 * kicks the worker) below. */
	sf_settle(f, 1);
	if (search_proc_running(f->sp)) {
		/*
		 * Never two writers.  A worker building the index goes on
		 * (to this commit too), and so does one catching up from
		 * far behind (an index an older docketd left lagging): the
		 * committer doing that would hold intake for minutes.  One
		 * catching up from near is stopped, and the committer
		 * catches up itself: a niced worker chasing a burst of
		 * batches would never be in step (it loses at most its
		 * transaction, which SQLite rolls back).
		 */
		int building = search_sync_building(f->ss, st);

		if (building || search_sync_far(f->ss, st)) {
			if (!f->far && !building) {
				log_info("search index: far behind the "
				    "records; the worker catches up, intake "
				    "goes on");
				f->far = 1;
			}
			search_sync_close(f->ss);
			search_proc_kick(f->sp);
			sf_clear(&f->cur);
			return;
		}
		search_proc_stop(f->sp);
	}
	/* (An index that cannot be opened is not tried twice.) */
	at = parent != NULL ? search_sync_at(f->ss, st, parent, err,
	    sizeof(err)) : 0;
	if (at == 1 && sf_handover(f, parent, commit, recs))
		return;
	if (at == 2)
		rc = 1;		/* the worker's */
	else if (at == -1)
		rc = -1;
	else
		rc = search_sync_follow(f->ss, st, vt, parent, commit, recs,
		    sf_get, &f->cur, err, sizeof(err));
	sf_clear(&f->cur);
	if (rc == 0) {
		if (f->warned || f->far)
			log_info("search index: follows the commits again");
		f->warned = f->far = 0;
		return;
	}
	if (rc == 1 && at != 2 && !f->far && search_sync_far(f->ss, st)) {
		log_info("search index: far behind the records; the worker "
		    "catches up, intake goes on");
		f->far = 1;
	}
	if (rc == -1 && !f->warned) {
		log_warnx("search index: %s; the worker catches up", err);
		f->warned = 1;
	}
	search_sync_close(f->ss);
	search_proc_kick(f->sp);
}
