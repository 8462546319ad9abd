/*
 * search_feedq: the thread on which docketd writes a batch into the
 * full-text index (search_feed.c) while its committer goes on with the
 * next batches.  Jobs run one at a time, in the order handed over; at
 * most SFQ_DEPTH are handed over and not ended (search_feedq_run waits
 * for room), so the index is never more than SFQ_DEPTH batches behind
 * the job handed over last.  A job runs fn(arg) and nothing else; what
 * it needs it owns, and what it says it leaves in arg for the committer
 * to read once it has ended (search_feedq_wait_upto).
 */
#ifndef DOCKET_SEARCH_FEEDQ_H
#define DOCKET_SEARCH_FEEDQ_H

/* One job runs while the next waits: the thread never waits for the
 * committer's LMDB commit between two batches. */
#define SFQ_DEPTH	2

struct search_feedq;

/* NULL when the thread cannot be made (the caller then writes itself). */
struct search_feedq *search_feedq_new(void);
/* Waits for every job left, then ends the thread. */
void	 search_feedq_free(struct search_feedq *);

/* Run fn(arg) on the thread after the jobs handed over before (waits
 * while SFQ_DEPTH are not ended). */
void	 search_feedq_run(struct search_feedq *, void (*fn)(void *),
	    void *arg);
/* Wait until no job is left. */
void	 search_feedq_wait(struct search_feedq *);
/* Wait until at most n jobs are left (not ended): jobs end in order, so
 * every job but the last n handed over has ended. */
void	 search_feedq_wait_upto(struct search_feedq *, int n);
/* How many jobs are left (they may end at any moment). */
int	 search_feedq_busy(struct search_feedq *);

#endif
