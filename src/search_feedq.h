/*
 * search_feedq: the thread on which docketd writes a batch into the
 * full-text index (search_feed.c) while its committer goes on with the
 * next batch.  One job at a time: search_feedq_run waits for the one
 * before to end, so the index is never more than one batch behind the
 * job handed over last.  The job runs fn(arg) and nothing else; what it
 * needs it owns, and what it says it leaves in arg for the committer to
 * read after search_feedq_wait.
 */
#ifndef DOCKET_SEARCH_FEEDQ_H
#define DOCKET_SEARCH_FEEDQ_H

struct search_feedq;

/* NULL when the thread cannot be made (the caller then writes itself). */
struct search_feedq *search_feedq_new(void);
/* Waits for the job in flight, then ends the thread. */
void	 search_feedq_free(struct search_feedq *);

/* Run fn(arg) on the thread, after the job in flight has ended. */
void	 search_feedq_run(struct search_feedq *, void (*fn)(void *),
	    void *arg);
/* Wait until no job runs. */
void	 search_feedq_wait(struct search_feedq *);
/* 1 while a job runs (it may end at any moment), else 0. */
int	 search_feedq_busy(struct search_feedq *);

#endif
