/*
 * ingest_pool: a fixed set of reader threads that run ingest_prep (read,
 * hash, in-process extraction, parse, domain) for the spool files the
 * committer (ingest.c) will ask for next.
 *
 * The committer names the window with ingest_pool_want (the next files in
 * the order of claim); readers take its queued files first to last; the
 * committer takes each preparation with ingest_pool_take when the file's
 * turn comes, in that same order, and waits for it if a reader is still
 * at it.  A file no reader has begun is simply dropped from the queue and
 * the committer prepares it itself, so the pool only ever saves time: it
 * decides nothing.  Quarantine, duplicates, versions, OCR, external tools,
 * LMDB and the vault are the committer's, as with one reader.
 *
 * Memory: the file bytes and extracted texts of the prepared and the
 * being-read files stay under INGEST_POOL_BYTES (give or take the text of
 * the files being read); a reader whose file would pass it waits, unless
 * the window is empty or the committer is waiting for that very file (so
 * the window always moves).  A preparation the window no longer wants is
 * freed.
 *
 * fork: docketd forks children that run code (OCR workers, mirror
 * pushes), and a child has only the forking thread: a lock a reader held
 * inside libc or a library (iconv's module loader, stdio) would never be
 * released there.  So a pthread_atfork handler pauses the readers where
 * they hold no lock but the pool's, before any fork of the process, and
 * resumes them after.
 */
#include <sys/resource.h>
#include <sys/syscall.h>

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest_pool.h"
#include "log.h"

#define POOL_HASH	4096
#define POOL_NICE	10

enum job_state {
	JOB_QUEUED = 0,
	JOB_RUNNING,
	JOB_DONE,
};

struct job {
	struct job		*prev, *next;	/* the window, in order */
	struct job		*hnext;		/* hash chain */
	struct ingest_pool	*pool;
	char			 spool[NAME_MAX + 1];
	enum job_state		 state;
	int			 dropped;	/* running, no longer wanted */
	int			 seen;
	size_t			 bytes;		/* of the budget */
	struct ingest_prep	*p;
};

struct ingest_pool {
	pthread_mutex_t		 mu;
	pthread_cond_t		 work;		/* for the readers */
	pthread_cond_t		 done;		/* for the committer */
	pthread_t		 th[64];
	unsigned int		 nth;
	struct job		*head, *tail;
	struct job		*cursor;	/* none queued before it */
	struct job		*hash[POOL_HASH];
	uint64_t		 held;		/* bytes in the window */
	struct job		*want;		/* the committer waits for it */
	unsigned int		 running;	/* jobs JOB_RUNNING */
	unsigned int		 busy;		/* readers outside pool waits */
	int			 stop, pause;
	struct config		 cf;		/* a copy: reload is safe */
	const struct domains	*dom;
};

/* The one pool of the process, for the fork handlers. */
static pthread_mutex_t		 pool_live_mu = PTHREAD_MUTEX_INITIALIZER;
static struct ingest_pool	*pool_live;
static pthread_once_t		 pool_atfork_once = PTHREAD_ONCE_INIT;

static unsigned int
pool_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % POOL_HASH;
}

static struct job *
pool_lookup(struct ingest_pool *pl, const char *spool)
{
	struct job *j;

	for (j = pl->hash[pool_hash(spool)]; j != NULL; j = j->hnext)
		if (strcmp(j->spool, spool) == 0)
			return j;
	return NULL;
}

/* Out of the window and the hash (the job itself lives on). */
static void
pool_unlink(struct ingest_pool *pl, struct job *j)
{
	struct job **jp;

	for (jp = &pl->hash[pool_hash(j->spool)]; *jp != NULL;
	    jp = &(*jp)->hnext)
		if (*jp == j) {
			*jp = j->hnext;
			break;
		}
	if (pl->cursor == j)
		pl->cursor = j->next;
	if (j->prev != NULL)
		j->prev->next = j->next;
	else
		pl->head = j->next;
	if (j->next != NULL)
		j->next->prev = j->prev;
	else
		pl->tail = j->prev;
	j->prev = j->next = j->hnext = NULL;
}

/* Free a job out of the window, and give its bytes back. */
static void
pool_job_free(struct ingest_pool *pl, struct job *j)
{
	pl->held -= j->bytes;
	if (j->p != NULL) {
		ingest_prep_free(j->p);
		free(j->p);
	}
	free(j);
}

/* The window no longer wants j. */
static void
pool_drop(struct ingest_pool *pl, struct job *j)
{
	pool_unlink(pl, j);
	if (j->state == JOB_RUNNING)
		j->dropped = 1;		/* its reader frees it */
	else
		pool_job_free(pl, j);
}

/* ingest_prep_read's budget: wait for room for the file, a text of its
 * size and their deflated streams (corrected once they are there).
 * Called unlocked. */
static int
pool_reserve(void *arg, size_t n)
{
	struct job		*j = arg;
	struct ingest_pool	*pl = j->pool;
	int			 rc = 0;

	pthread_mutex_lock(&pl->mu);
	/* Waiting here holds no lock but ours: not busy for fork. */
	pl->busy--;
	pthread_cond_broadcast(&pl->done);
	n *= 3;		/* the bytes, a text, their deflated streams */
	while (!pl->stop && !j->dropped && (pl->pause || (pl->held > 0 &&
	    pl->held + n > INGEST_POOL_BYTES && pl->want != j)))
		pthread_cond_wait(&pl->work, &pl->mu);
	if (pl->stop || j->dropped)
		rc = -1;
	else {
		pl->held += n;
		j->bytes = n;
	}
	pl->busy++;
	pthread_mutex_unlock(&pl->mu);
	return rc;
}

static void
pool_prepare(struct ingest_pool *pl, struct job *j, struct ingest_prep *p,
    struct packw_z *z)
{
	struct extract_ctx	 xctx;
	char			 path[PATH_MAX + NAME_MAX + 2];
	char			 agency[NAME_MAX + 1], name[NAME_MAX + 1];
	int64_t			 ms;
	size_t			 zlen;

	if (ingest_prep_read(p, pl->cf.spool, j->spool, pl->cf.max_size,
	    pool_reserve, j) == -1)
		return;
	/* A note that cannot be read: the committer's business (it
	 * compares names, and extracts again when they differ). */
	(void)ingest_prep_name(pl->cf.spool, j->spool, &ms, agency,
	    sizeof(agency), name, sizeof(name));
	snprintf(path, sizeof(path), "%s/%s", pl->cf.spool, j->spool);
	memset(&xctx, 0, sizeof(xctx));
	xctx.path = path;
	xctx.cf = &pl->cf;
	xctx.sha = p->sha;
	xctx.pure = 1;
	(void)ingest_prep_extract(p, name, &xctx, pl->dom);
	/* The blobs the vault will store, deflated here, not on the
	 * committer (a duplicate's are simply dropped). */
	zlen = ingest_prep_deflate(p, z);
	/* What it holds: its bytes, its text and their deflated streams,
	 * instead of the guess. */
	pthread_mutex_lock(&pl->mu);
	pl->held -= j->bytes;
	j->bytes = p->len + (p->xrc == 0 ? p->x.len : 0) + zlen;
	pl->held += j->bytes;
	pthread_cond_broadcast(&pl->work);
	pthread_mutex_unlock(&pl->mu);
}

/*
 * A reader runs POOL_NICE below the committer and the index's thread:
 * they are the serial part of ingest (each batch waits for the one
 * before), the readers the part that is ahead, and a file no reader has
 * begun the committer reads itself.  On 2 cores the four threads share,
 * the index's thread, the longest, waited on the run queue 0.79 s of a
 * 3.7 s run with the readers at docketd's nice, 0.48 s at + 10
 * (tests/bench/ingest.sh 5000 10240, BENCH_SCHED=1).  Linux gives each
 * thread its own nice value; raising it needs no privilege.
 */
static void
pool_nice(void)
{
	id_t	tid = (id_t)syscall(SYS_gettid);
	int	n;

	errno = 0;
	n = getpriority(PRIO_PROCESS, tid);
	if (n == -1 && errno != 0)
		return;
	(void)setpriority(PRIO_PROCESS, tid, n + POOL_NICE);
}

static void *
pool_reader(void *arg)
{
	struct ingest_pool	*pl = arg;
	struct ingest_prep	*p;
	struct packw_z		*z;
	struct job		*j;

	/* This reader's deflate stream (NULL: the committer deflates). */
	z = packw_z_new();
	pool_nice();
	pthread_mutex_lock(&pl->mu);
	for (;;) {
		for (;;) {
			j = NULL;
			if (pl->stop)
				break;
			if (!pl->pause) {
				for (j = pl->cursor; j != NULL &&
				    j->state != JOB_QUEUED; j = j->next)
					;
				pl->cursor = j;
			}
			if (j != NULL)
				break;
			pthread_cond_wait(&pl->work, &pl->mu);
		}
		if (j == NULL)
			break;
		j->state = JOB_RUNNING;
		pl->cursor = j->next;
		pl->running++;
		pl->busy++;
		pthread_mutex_unlock(&pl->mu);

		if ((p = malloc(sizeof(*p))) != NULL) {
			ingest_prep_init(p);
			pool_prepare(pl, j, p, z);
		}

		pthread_mutex_lock(&pl->mu);
		pl->busy--;
		pl->running--;
		j->state = JOB_DONE;
		j->p = p;	/* NULL (no memory): the committer reads it */
		if (j->dropped) {
			pool_job_free(pl, j);
			pthread_cond_broadcast(&pl->work);
		}
		pthread_cond_broadcast(&pl->done);
	}
	pthread_mutex_unlock(&pl->mu);
	packw_z_free(z);
	return NULL;
}

/* --- fork: readers paused where they hold no lock but ours ------------- */

static void
pool_atfork_prepare(void)
{
	struct ingest_pool *pl;

	pthread_mutex_lock(&pool_live_mu);
	if ((pl = pool_live) == NULL)
		return;
	pthread_mutex_lock(&pl->mu);
	pl->pause++;
	while (pl->busy > 0)
		pthread_cond_wait(&pl->done, &pl->mu);
}

static void
pool_atfork_parent(void)
{
	struct ingest_pool *pl;

	if ((pl = pool_live) != NULL) {
		pl->pause--;
		pthread_cond_broadcast(&pl->work);
		pthread_mutex_unlock(&pl->mu);
	}
	pthread_mutex_unlock(&pool_live_mu);
}

static void
pool_atfork_child(void)
{
	/*
	 * No reader here: the pool stays paused, never to be used, and is
	 * forgotten.  Its condition variables still count the readers that
	 * waited on them in the parent: a broadcast in this process (the
	 * parent handler of a fork the child makes in turn, an OCR worker
	 * running tesseract) would wait for them forever.
	 */
	if (pool_live != NULL)
		pthread_mutex_unlock(&pool_live->mu);
	pool_live = NULL;
	pthread_mutex_unlock(&pool_live_mu);
}

static void
pool_atfork_init(void)
{
	(void)pthread_atfork(pool_atfork_prepare, pool_atfork_parent,
	    pool_atfork_child);
}

/* --- the committer's side --------------------------------------------- */

static void
pool_setconf(struct ingest_pool *pl, const struct config *cf,
    const struct domains *d)
{
	pl->cf = *cf;
	/* Not the reader's: nothing of them is followed from the copy. */
	pl->cf.agencies = NULL;
	pl->cf.nagencies = 0;
	pl->cf.reports = NULL;
	pl->cf.nreports = 0;
	pl->dom = d;
}

struct ingest_pool *
ingest_pool_new(unsigned int n, const struct config *cf,
    const struct domains *d)
{
	struct ingest_pool	*pl;
	sigset_t		 all, old;
	int			 e;

	if (n < 1 || n > sizeof(pl->th) / sizeof(pl->th[0])) {
		log_warnx("ingest: %u readers: not from 1 to 64", n);
		return NULL;
	}
	pthread_once(&pool_atfork_once, pool_atfork_init);
	if ((pl = calloc(1, sizeof(*pl))) == NULL) {
		log_warn("ingest: reader pool");
		return NULL;
	}
	pthread_mutex_init(&pl->mu, NULL);
	pthread_cond_init(&pl->work, NULL);
	pthread_cond_init(&pl->done, NULL);
	pool_setconf(pl, cf, d);
	pthread_mutex_lock(&pool_live_mu);
	if (pool_live != NULL) {
		pthread_mutex_unlock(&pool_live_mu);
		log_warnx("ingest: a second reader pool");
		free(pl);
		return NULL;
	}
	pool_live = pl;
	pthread_mutex_unlock(&pool_live_mu);
	/* Signals are the main loop's: readers block them all. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (; pl->nth < n; pl->nth++) {
		if ((e = pthread_create(&pl->th[pl->nth], NULL, pool_reader,
		    pl)) != 0) {
			log_warnx("ingest: reader thread: %s", strerror(e));
			break;
		}
		/* Apart in top -H, and for tests/integration/readers.sh. */
		(void)pthread_setname_np(pl->th[pl->nth], "docketd-read");
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (pl->nth < n) {
		ingest_pool_free(pl);
		return NULL;
	}
	return pl;
}

void
ingest_pool_free(struct ingest_pool *pl)
{
	struct job	*j;
	unsigned int	 i;

	if (pl == NULL)
		return;
	pthread_mutex_lock(&pl->mu);
	pl->stop = 1;
	pthread_cond_broadcast(&pl->work);
	pthread_mutex_unlock(&pl->mu);
	for (i = 0; i < pl->nth; i++)
		pthread_join(pl->th[i], NULL);
	while ((j = pl->head) != NULL) {
		pool_unlink(pl, j);
		pool_job_free(pl, j);
	}
	pthread_mutex_lock(&pool_live_mu);
	if (pool_live == pl)
		pool_live = NULL;
	pthread_mutex_unlock(&pool_live_mu);
	pthread_cond_destroy(&pl->work);
	pthread_cond_destroy(&pl->done);
	pthread_mutex_destroy(&pl->mu);
	free(pl);
}

void
ingest_pool_reset(struct ingest_pool *pl, const struct config *cf,
    const struct domains *d)
{
	pthread_mutex_lock(&pl->mu);
	while (pl->head != NULL)
		pool_drop(pl, pl->head);
	pthread_cond_broadcast(&pl->work);	/* dropped: stop waiting */
	while (pl->running > 0)
		pthread_cond_wait(&pl->done, &pl->mu);
	pool_setconf(pl, cf, d);
	pthread_mutex_unlock(&pl->mu);
}

void
ingest_pool_want(struct ingest_pool *pl, char *const *names, size_t n,
    size_t max)
{
	struct job	*j, *next;
	size_t		 i;
	unsigned int	 h;

	if (n > max)
		n = max;
	pthread_mutex_lock(&pl->mu);
	for (j = pl->head; j != NULL; j = j->next)
		j->seen = 0;
	for (i = 0; i < n; i++) {
		if (strlen(names[i]) >= sizeof(j->spool))
			continue;
		if ((j = pool_lookup(pl, names[i])) != NULL) {
			j->seen = 1;
			continue;
		}
		if ((j = calloc(1, sizeof(*j))) == NULL)
			break;		/* the committer reads them itself */
		j->pool = pl;
		memcpy(j->spool, names[i], strlen(names[i]) + 1);
		j->seen = 1;
		h = pool_hash(j->spool);
		j->hnext = pl->hash[h];
		pl->hash[h] = j;
		j->prev = pl->tail;
		if (pl->tail != NULL)
			pl->tail->next = j;
		else
			pl->head = j;
		pl->tail = j;
		if (pl->cursor == NULL)
			pl->cursor = j;
	}
	for (j = pl->head; j != NULL; j = next) {
		next = j->next;
		if (!j->seen)
			pool_drop(pl, j);
	}
	pthread_cond_broadcast(&pl->work);
	pthread_mutex_unlock(&pl->mu);
}

struct ingest_prep *
ingest_pool_take(struct ingest_pool *pl, const char *spool)
{
	struct ingest_prep	*p;
	struct job		*j;

	pthread_mutex_lock(&pl->mu);
	if ((j = pool_lookup(pl, spool)) == NULL) {
		pthread_mutex_unlock(&pl->mu);
		return NULL;
	}
	while (j->state == JOB_RUNNING) {
		pl->want = j;		/* past the budget, if need be */
		pthread_cond_broadcast(&pl->work);
		pthread_cond_wait(&pl->done, &pl->mu);
	}
	pl->want = NULL;
	pool_unlink(pl, j);
	p = j->p;
	j->p = NULL;
	pool_job_free(pl, j);		/* a queued one: not begun, gone */
	pthread_cond_broadcast(&pl->work);
	pthread_mutex_unlock(&pl->mu);
	return p;
}

unsigned long long
ingest_pool_held(struct ingest_pool *pl)
{
	unsigned long long h;

	pthread_mutex_lock(&pl->mu);
	h = pl->held;
	pthread_mutex_unlock(&pl->mu);
	return h;
}

void
ingest_pool_settle(struct ingest_pool *pl)
{
	struct job *j;

	pthread_mutex_lock(&pl->mu);
	for (;;) {
		for (j = pl->cursor; j != NULL && j->state != JOB_QUEUED;
		    j = j->next)
			;
		if (j == NULL && pl->running == 0)
			break;
		pthread_cond_wait(&pl->done, &pl->mu);
	}
	pthread_mutex_unlock(&pl->mu);
}
