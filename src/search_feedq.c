/*
 * search_feedq: one thread, a queue of SFQ_DEPTH jobs at most, run in
 * the order given (search_feedq.h).  A job writes SQLite; nothing else
 * of docketd's runs on the thread.
 *
 * fork: docketd forks children that run code (the search worker opens
 * SQLite in its child, the repack, OCR workers).  A child has only the
 * forking thread, so a lock the job held inside SQLite or libc would
 * never be released there.  As in ingest_pool.c, a pthread_atfork
 * handler waits for every job left before any fork of the process,
 * holds the queue until the fork is done, and a child forgets the queue.
 */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "search_feedq.h"
#include "xalloc.h"

struct sfq_job {
	void		(*fn)(void *);
	void		*arg;
};

struct search_feedq {
	pthread_mutex_t	 mu;
	pthread_cond_t	 work;		/* for the thread */
	pthread_cond_t	 done;		/* for the committer */
	pthread_t	 th;
	struct sfq_job	 job[SFQ_DEPTH];	/* a ring, oldest at head */
	int		 head;
	int		 busy;		/* jobs handed over, not ended */
	int		 stop;
};

/* The one queue of the process, for the fork handlers. */
static pthread_mutex_t		 sfq_live_mu = PTHREAD_MUTEX_INITIALIZER;
static struct search_feedq	*sfq_live;
static pthread_once_t		 sfq_atfork_once = PTHREAD_ONCE_INIT;

static void *
sfq_main(void *arg)
{
	struct search_feedq	*q = arg;
	void			(*fn)(void *);
	void			*a;

	pthread_mutex_lock(&q->mu);
	for (;;) {
		while (!q->stop && q->busy == 0)
			pthread_cond_wait(&q->work, &q->mu);
		if (q->busy == 0)
			break;
		fn = q->job[q->head].fn;
		a = q->job[q->head].arg;
		pthread_mutex_unlock(&q->mu);
		fn(a);
		pthread_mutex_lock(&q->mu);
		q->job[q->head].fn = NULL;
		q->head = (q->head + 1) % SFQ_DEPTH;
		q->busy--;
		pthread_cond_broadcast(&q->done);
	}
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

static void
sfq_atfork_prepare(void)
{
	struct search_feedq	*q;

	pthread_mutex_lock(&sfq_live_mu);
	if ((q = sfq_live) == NULL)
		return;
	pthread_mutex_lock(&q->mu);
	while (q->busy)
		pthread_cond_wait(&q->done, &q->mu);
}

static void
sfq_atfork_parent(void)
{
	if (sfq_live != NULL)
		pthread_mutex_unlock(&sfq_live->mu);
	pthread_mutex_unlock(&sfq_live_mu);
}

static void
sfq_atfork_child(void)
{
	/* No thread here: the queue is forgotten, never to be used (its
	 * condition variables count a waiter of the parent's). */
	if (sfq_live != NULL)
		pthread_mutex_unlock(&sfq_live->mu);
	sfq_live = NULL;
	pthread_mutex_unlock(&sfq_live_mu);
}

static void
sfq_atfork_init(void)
{
	(void)pthread_atfork(sfq_atfork_prepare, sfq_atfork_parent,
	    sfq_atfork_child);
}

struct search_feedq *
search_feedq_new(void)
{
	struct search_feedq	*q = xcalloc(1, sizeof(*q));
	sigset_t		 all, old;
	int			 e;

	pthread_once(&sfq_atfork_once, sfq_atfork_init);
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->work, NULL);
	pthread_cond_init(&q->done, NULL);
	/* Signals are the main loop's: the thread blocks them all. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	e = pthread_create(&q->th, NULL, sfq_main, q);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	/* Its CPU apart in top -H and tests/bench/ingest.sh. */
	if (e == 0)
		(void)pthread_setname_np(q->th, "docketd-index");
	if (e != 0) {
		log_warnx("search index: thread: %s", strerror(e));
		pthread_cond_destroy(&q->done);
		pthread_cond_destroy(&q->work);
		pthread_mutex_destroy(&q->mu);
		free(q);
		return NULL;
	}
	pthread_mutex_lock(&sfq_live_mu);
	sfq_live = q;
	pthread_mutex_unlock(&sfq_live_mu);
	return q;
}

void
search_feedq_wait(struct search_feedq *q)
{
	search_feedq_wait_upto(q, 0);
}

void
search_feedq_wait_upto(struct search_feedq *q, int n)
{
	pthread_mutex_lock(&q->mu);
	while (q->busy > n)
		pthread_cond_wait(&q->done, &q->mu);
	pthread_mutex_unlock(&q->mu);
}

int
search_feedq_busy(struct search_feedq *q)
{
	int	busy;

	pthread_mutex_lock(&q->mu);
	busy = q->busy;
	pthread_mutex_unlock(&q->mu);
	return busy;
}

void
search_feedq_run(struct search_feedq *q, void (*fn)(void *), void *arg)
{
	int	i;

	pthread_mutex_lock(&q->mu);
	while (q->busy == SFQ_DEPTH)
		pthread_cond_wait(&q->done, &q->mu);
	i = (q->head + q->busy) % SFQ_DEPTH;
	q->job[i].fn = fn;
	q->job[i].arg = arg;
	q->busy++;
	pthread_cond_signal(&q->work);
	pthread_mutex_unlock(&q->mu);
}

void
search_feedq_free(struct search_feedq *q)
{
	if (q == NULL)
		return;
	pthread_mutex_lock(&sfq_live_mu);
	if (sfq_live == q)
		sfq_live = NULL;
	pthread_mutex_unlock(&sfq_live_mu);
	pthread_mutex_lock(&q->mu);
	q->stop = 1;
	pthread_cond_signal(&q->work);
	pthread_mutex_unlock(&q->mu);
	pthread_join(q->th, NULL);
	pthread_cond_destroy(&q->done);
	pthread_cond_destroy(&q->work);
	pthread_mutex_destroy(&q->mu);
	free(q);
}
