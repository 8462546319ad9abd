/*
 * search_proc: the full-text index's worker process (search_proc.h).
 * Like mirror.c's pushes: fork with every signal blocked, the child
 * keeps only stdin/stdout/stderr and its pipe (exttool_child_setup),
 * dies with docketd, opens its own LMDB environment and libgit2
 * repository (never the parent's, across fork), and _exits.  The loop
 * reads its line when the pipe closes and reaps it.  A failure waits 5 s,
 * doubling to 5 min.
 */
#include <sys/resource.h>

#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exttool.h"
#include "log.h"
#include "search_proc.h"
#include "search_sync.h"
#include "store.h"
#include "vault.h"
#include "vault_opts.h"
#include "xalloc.h"

#define SP_STEP		1024	/* records per SQLite transaction */
#define SP_RETRY_MIN	5	/* seconds */
#define SP_RETRY_MAX	300

struct search_proc {
	struct event_base	*base;
	char			 dbdir[PATH_MAX];
	char			 vault[PATH_MAX];
	pid_t			 pid;
	int			 fd;
	struct event		*ev;		/* the child's pipe */
	struct event		*timer;		/* the next run */
	char			 buf[1024];
	size_t			 len;
	int			 again;		/* kicked while a child ran */
	unsigned int		 retry;		/* seconds; 0: none failed */
};

static void	sp_spawn(struct search_proc *);

static void
sp_say(int fd, const char *what, const char *text)
{
	char	line[1024];
	int	n;

	n = snprintf(line, sizeof(line), "%s\t%s", what, text);
	if (n > 0)
		(void)!write(fd, line, (size_t)n < sizeof(line) ? (size_t)n :
		    sizeof(line) - 1);
}

/* In the child: sync until caught up, say how it went, exit. */
static __attribute__((noreturn)) void
sp_child(struct search_proc *sp, int statw)
{
	struct store		*st;
	struct vault		*vt;
	struct search_sync	*ss;
	char			 err[512];
	int			 rc;

	exttool_child_setup(statw);
	/* Derived and allowed to lag: intake comes first on a busy box. */
	(void)setpriority(PRIO_PROCESS, 0, 10);
	if (vault_opts_child(err, sizeof(err)) == -1) {
		sp_say(3, "err", err);
		_exit(0);
	}
	/* It may read every text of the archive: big pack windows. */
	vault_opts_bulk(1);
	if (store_open(&st, sp->dbdir, 1, 0, err, sizeof(err)) < 0) {
		sp_say(3, "err", err);
		_exit(0);
	}
	if (vault_open(&vt, sp->vault, 0, err, sizeof(err)) == -1) {
		sp_say(3, "err", err);
		_exit(0);
	}
	ss = search_sync_new(sp->dbdir, sp->vault);
	while ((rc = search_sync_step(ss, st, vt, SP_STEP, err,
	    sizeof(err))) == 1)
		;
	if (rc == -1)
		sp_say(3, "err", err);
	else
		sp_say(3, "ok", "");
	search_sync_free(ss);
	_exit(0);
}

static void
sp_schedule(struct search_proc *sp, unsigned int seconds)
{
	struct timeval	tv = { (time_t)seconds, 0 };

	evtimer_add(sp->timer, &tv);
}

/* The child is gone (or is to go): reap it, read what it said. */
static void
sp_reap(struct search_proc *sp, int kill_it)
{
	int	st = 0;

	if (sp->pid <= 0)
		return;
	if (kill_it) {
		(void)kill(-sp->pid, SIGKILL);
		(void)kill(sp->pid, SIGKILL);
	}
	while (waitpid(sp->pid, &st, 0) == -1 && errno == EINTR)
		;
	event_del(sp->ev);
	event_free(sp->ev);
	sp->ev = NULL;
	close(sp->fd);
	sp->pid = 0;
	sp->buf[sp->len] = '\0';
	if (kill_it)
		return;
	if (strncmp(sp->buf, "ok\t", 3) == 0) {
		if (sp->retry != 0)
			log_info("search index: in step again");
		sp->retry = 0;
		if (sp->again) {
			sp->again = 0;
			sp_schedule(sp, 0);
		}
		return;
	}
	sp->retry = sp->retry ? sp->retry * 2 : SP_RETRY_MIN;
	if (sp->retry > SP_RETRY_MAX)
		sp->retry = SP_RETRY_MAX;
	if (strncmp(sp->buf, "err\t", 4) == 0)
		log_warnx("search index: %s; trying again in %u s",
		    sp->buf + 4, sp->retry);
	else
		log_warnx("search index: the worker ended without a result "
		    "(%s %d); trying again in %u s", WIFSIGNALED(st) ?
		    "signal" : "exit status", WIFSIGNALED(st) ?
		    WTERMSIG(st) : WEXITSTATUS(st), sp->retry);
	sp->again = 0;
	sp_schedule(sp, sp->retry);
}

static void
sp_pipe_cb(evutil_socket_t fd, short what, void *arg)
{
	struct search_proc	*sp = arg;
	ssize_t			 r;

	(void)what;
	r = read(fd, sp->buf + sp->len, sizeof(sp->buf) - 1 - sp->len);
	if (r > 0) {
		sp->len += (size_t)r;
		if (sp->len < sizeof(sp->buf) - 1)
			return;
	} else if (r == -1 && (errno == EINTR || errno == EAGAIN))
		return;
	sp_reap(sp, 0);
}

static void
sp_spawn(struct search_proc *sp)
{
	int		rfd = -1, wfd = -1;
	pid_t		pid;

	if ((pid = exttool_fork_piped(&rfd, &wfd)) == 0)
		sp_child(sp, wfd);
	if (pid == -1) {
		log_warn("search index: fork");
		sp_schedule(sp, SP_RETRY_MIN);
		return;
	}
	sp->pid = pid;
	sp->fd = rfd;
	sp->len = 0;
	sp->again = 0;
	if ((sp->ev = event_new(sp->base, sp->fd, EV_READ | EV_PERSIST,
	    sp_pipe_cb, sp)) == NULL)
		fatalx("search index: out of memory for events");
	event_add(sp->ev, NULL);
}

static void
sp_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct search_proc	*sp = arg;

	(void)fd;
	(void)what;
	if (sp->pid > 0) {
		sp->again = 1;
		return;
	}
	sp_spawn(sp);
}

struct search_proc *
search_proc_new(struct event_base *base, const char *dbdir,
    const char *vault)
{
	struct search_proc	*sp = xcalloc(1, sizeof(*sp));

	sp->base = base;
	snprintf(sp->dbdir, sizeof(sp->dbdir), "%s", dbdir);
	snprintf(sp->vault, sizeof(sp->vault), "%s", vault);
	if ((sp->timer = evtimer_new(base, sp_timer_cb, sp)) == NULL)
		fatalx("search index: out of memory for events");
	return sp;
}

void
search_proc_kick(struct search_proc *sp)
{
	if (sp == NULL)
		return;
	if (sp->pid > 0) {
		sp->again = 1;
		return;
	}
	/* After a failure the retry timer is the next run. */
	if (sp->retry != 0 || evtimer_pending(sp->timer, NULL))
		return;
	sp_schedule(sp, 0);
}

int
search_proc_running(struct search_proc *sp)
{
	return sp != NULL && sp->pid > 0;
}

void
search_proc_stop(struct search_proc *sp)
{
	if (sp == NULL)
		return;
	sp_reap(sp, 1);
	sp->again = 0;
	sp->retry = 0;
	evtimer_del(sp->timer);
}

void
search_proc_free(struct search_proc *sp)
{
	if (sp == NULL)
		return;
	search_proc_stop(sp);
	event_free(sp->timer);
	free(sp);
}
