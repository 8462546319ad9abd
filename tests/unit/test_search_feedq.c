/* Unit tests for search_feedq (the index's thread) and search_sync_recs:
 * jobs run one at a time, in the order handed over, no more than
 * SFQ_DEPTH are left at once, a wait returns only when the last has ended
 * (wait_upto when all but the last n have); a fork waits for every job
 * left, and
 * the child (and a child of the child) runs and exits; the copy of a
 * batch's records holds the fields the index reads, equal, and nothing
 * else. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "search_feedq.h"
#include "search_sync.h"

#define NJOBS	40

static atomic_int	 running, maxrunning;
static int		 order[NJOBS], norder;

struct job {
	int		 n;
	int		 sleep_ms;
	atomic_int	 done;
	atomic_int	*gate;		/* waits until it is set, if any */
};

static void
job_run(void *arg)
{
	struct job	*j = arg;
	int		 r = atomic_fetch_add(&running, 1) + 1;

	if (r > atomic_load(&maxrunning))
		atomic_store(&maxrunning, r);
	while (j->gate != NULL && !atomic_load(j->gate))
		usleep(1000);
	usleep((useconds_t)j->sleep_ms * 1000);
	order[norder++] = j->n;
	j->done = 1;
	atomic_fetch_sub(&running, 1);
}

static void
test_order(void **state)
{
	struct search_feedq	*q;
	struct job		 jobs[NJOBS];
	int			 i;

	(void)state;
	assert_non_null(q = search_feedq_new());
	norder = 0;
	for (i = 0; i < NJOBS; i++) {
		jobs[i].n = i;
		jobs[i].sleep_ms = i % 3;
		jobs[i].done = 0;
		jobs[i].gate = NULL;
		search_feedq_run(q, job_run, &jobs[i]);
		assert_true(search_feedq_busy(q) <= SFQ_DEPTH);
		/* the one SFQ_DEPTH before has ended when this one is
		 * handed over */
		if (i >= SFQ_DEPTH)
			assert_int_equal(jobs[i - SFQ_DEPTH].done, 1);
		if (i % 5 == 4) {
			search_feedq_wait_upto(q, 1);
			assert_int_equal(jobs[i - 1].done, 1);
			assert_true(search_feedq_busy(q) <= 1);
		}
	}
	search_feedq_wait(q);
	assert_int_equal(search_feedq_busy(q), 0);
	assert_int_equal(norder, NJOBS);
	for (i = 0; i < NJOBS; i++) {
		assert_int_equal(order[i], i);
		assert_int_equal(jobs[i].done, 1);
	}
	assert_int_equal(atomic_load(&maxrunning), 1);
	search_feedq_free(q);
}

/* Two jobs, the second held until the test lets it go: wait_upto(1)
 * returns once the first has ended, with the second still left. */
static void
test_upto(void **state)
{
	struct search_feedq	*q;
	atomic_int		 go = 0;
	struct job		 a = { 0, 50, 0, NULL }, b = { 1, 0, 0, &go };

	(void)state;
	assert_non_null(q = search_feedq_new());
	norder = 0;
	search_feedq_run(q, job_run, &a);
	search_feedq_run(q, job_run, &b);
	search_feedq_wait_upto(q, 1);
	assert_int_equal(atomic_load(&a.done), 1);
	assert_int_equal(atomic_load(&b.done), 0);
	assert_int_equal(search_feedq_busy(q), 1);
	atomic_store(&go, 1);
	search_feedq_wait(q);
	assert_int_equal(b.done, 1);
	assert_int_equal(search_feedq_busy(q), 0);
	search_feedq_free(q);
}

static void
test_fork(void **state)
{
	struct search_feedq	*q;
	struct job		 j = { 0, 100, 0, NULL }, k = { 1, 50, 0, NULL };
	pid_t			 pid;
	int			 st;

	(void)state;
	assert_non_null(q = search_feedq_new());
	norder = 0;
	search_feedq_run(q, job_run, &j);
	search_feedq_run(q, job_run, &k);
	if ((pid = fork()) == 0) {
		pid_t	 gc;
		int	 gst;
		void	*p;

		alarm(20);	/* a hang fails, not blocks, the test */
		p = malloc(1 << 20);
		free(p);
		if ((gc = fork()) == 0)
			_exit(0);
		_exit(gc > 0 && waitpid(gc, &gst, 0) == gc &&
		    WIFEXITED(gst) ? 0 : 1);
	}
	assert_true(pid > 0);
	/* the fork waited for every job left */
	assert_int_equal(j.done, 1);
	assert_int_equal(k.done, 1);
	assert_true(waitpid(pid, &st, 0) == pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	/* and the queue goes on */
	j.done = 0;
	j.sleep_ms = 0;
	search_feedq_run(q, job_run, &j);
	search_feedq_wait(q);
	assert_int_equal(j.done, 1);
	search_feedq_free(q);
}

/* free waits for every job left. */
static void
test_end(void **state)
{
	struct search_feedq	*q;
	struct job		 j = { 0, 50, 0, NULL }, k = { 1, 50, 0, NULL };

	(void)state;
	assert_non_null(q = search_feedq_new());
	norder = 0;
	search_feedq_run(q, job_run, &j);
	search_feedq_run(q, job_run, &k);
	search_feedq_free(q);
	assert_int_equal(j.done, 1);
	assert_int_equal(k.done, 1);
}

static void
test_recs(void **state)
{
	json_t		*recs, *copy, *c, *r;
	json_error_t	 e;

	(void)state;
	recs = json_loads("[{\"id\": \"D000042\", \"sha256\": \"ab\", "
	    "\"agency\": \"财政局\", \"disclosure\": \"public\", "
	    "\"status\": \"in_force\", \"signed_on\": \"2016-03-01\", "
	    "\"received_at\": \"2016-03-02T00:00:00Z\", \"docno\": "
	    "\"测财〔2016〕1号\", \"title\": \"标题\", \"commit\": \"c0ffee\", "
	    "\"issuer\": \"x\", \"versions\": [1, 2], \"expires\": null}, "
	    "{\"id\": \"D000043\", \"title\": null}]", 0, &e);
	assert_non_null(recs);
	assert_non_null(copy = search_sync_recs(recs));
	assert_int_equal(json_array_size(copy), 2);
	c = json_array_get(copy, 0);
	r = json_array_get(recs, 0);
	assert_int_equal(json_object_size(c), 10);
	assert_null(json_object_get(c, "issuer"));
	assert_null(json_object_get(c, "versions"));
	assert_true(json_equal(json_object_get(c, "docno"),
	    json_object_get(r, "docno")));
	assert_true(json_object_get(c, "title") != json_object_get(r,
	    "title"));
	assert_string_equal(json_string_value(json_object_get(c, "commit")),
	    "c0ffee");
	c = json_array_get(copy, 1);
	assert_int_equal(json_object_size(c), 1);
	assert_string_equal(json_string_value(json_object_get(c, "id")),
	    "D000043");
	json_decref(copy);
	json_decref(recs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_upto),
		cmocka_unit_test(test_fork),
		cmocka_unit_test(test_end),
		cmocka_unit_test(test_recs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
