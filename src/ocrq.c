/*
 * ocrq: OCR in worker processes, off the batch's path.
 *
 * Reading a 30-page scan takes minutes; a batch takes milliseconds per
 * document and holds the event loop while it runs.  So a batch never
 * runs OCR: it asks ocrq_get, which answers from the sidecars a worker
 * left in spool/.ocr (SHA256.txt: a header line and the raw OCR text;
 * SHA256.err: the reason it failed), or queues the file and says
 * "pending".  The spool file stays where it is — nothing leaves spool/
 * before the vault and LMDB have it — and the batch goes on with the
 * other documents.  When a worker ends, the done callback schedules the
 * next batch, which finds the sidecar and stores the document; ingest
 * then forgets the sidecar.
 *
 * A worker is a forked docketd: it keeps only stdin, stdout, stderr and
 * its status pipe (never the root's lock, the control socket or LMDB's
 * descriptors), puts signals back to their defaults, dies with docketd
 * (PR_SET_PDEATHSIG, and so do its tools), runs ocr_file and writes its
 * sidecar by rename, and _exits.  At most [ocr] workers run at once,
 * [ocr] queue wait; a worker over [ocr] timeout is killed and its
 * document gets a reason.  Sidecars are a cache: one lost is read again.
 */
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "errbuf.h"
#include "exttool.h"
#include "log.h"
#include "ocr.h"
#include "ocrq.h"
#include "xalloc.h"

/* Sidecars older than this are a crash's leftovers. */
#define OCRQ_STALE_SECONDS	(30 * 86400)
#define OCRQ_HEADER		"docket-ocr"
/* A sidecar's path: the directory, a SHA-256 in hex, an extension. */
#define OCRQ_PATH		(PATH_MAX + 128)

struct ocrq_job {
	char		 sha[72];
	char		 path[PATH_MAX];
	int		 is_pdf;
	pid_t		 pid;		/* 0: waiting */
	int		 fd;		/* its status pipe; EOF when it ends */
	struct event	*ev, *tmo;
	struct ocrq	*q;
};

struct ocrq {
	const struct config	*cf;
	char			 dir[PATH_MAX + 8];
	struct ocrq_job		**jobs;
	size_t			 njobs;
	struct event_base	*base;
	void			(*done)(void *);
	void			*arg;
};

static void	ocrq_start(struct ocrq *);
static void	ocrq_tidy(struct ocrq *);

static void
ocrq_side(const struct ocrq *q, const char *sha, const char *ext, char *p,
    size_t n)
{
	snprintf(p, n, "%s/%s.%s", q->dir, sha, ext);
}

/* Write a sidecar by rename; in a worker or the parent. */
static int
ocrq_write(const struct ocrq *q, const char *sha, const char *ext,
    const char *head, const char *body, size_t bodylen)
{
	char	path[OCRQ_PATH], tmp[OCRQ_PATH + 8];
	FILE	*fp;
	int	 ok;

	ocrq_side(q, sha, ext, path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if ((fp = fopen(tmp, "we")) == NULL)
		return -1;
	ok = fputs(head, fp) >= 0 && (bodylen == 0 ||
	    fwrite(body, 1, bodylen, fp) == bodylen);
	if (fclose(fp) != 0 || !ok || rename(tmp, path) == -1) {
		(void)unlink(tmp);
		return -1;
	}
	return 0;
}

static void
ocrq_fail(const struct ocrq *q, const char *sha, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
ocrq_fail(const struct ocrq *q, const char *sha, const char *fmt, ...)
{
	char	why[512];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	if (ocrq_write(q, sha, "err", why, NULL, 0) == -1)
		log_warn("ocr: cannot write %s/%s.err", q->dir, sha);
}

/* Clear what a crash left: scratch directories, half-written and stale
 * sidecars. */
static void
ocrq_sweep(struct ocrq *q)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	char		 p[OCRQ_PATH + NAME_MAX], cmd[OCRQ_PATH + 2 * NAME_MAX + 8];
	size_t		 n;
	time_t		 now = time(NULL);

	if ((d = opendir(q->dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", q->dir, de->d_name);
		if (lstat(p, &sb) == -1)
			continue;
		n = strlen(de->d_name);
		if (S_ISDIR(sb.st_mode) && strncmp(de->d_name, "ocr.", 4) ==
		    0) {
			DIR		*s;
			struct dirent	*e;

			if ((s = opendir(p)) != NULL) {
				while ((e = readdir(s)) != NULL)
					if (e->d_name[0] != '.') {
						snprintf(cmd, sizeof(cmd),
						    "%s/%s", p, e->d_name);
						(void)unlink(cmd);
					}
				closedir(s);
			}
			(void)rmdir(p);
		} else if (S_ISREG(sb.st_mode) && ((n > 4 &&
		    strcmp(de->d_name + n - 4, ".tmp") == 0) ||
		    now - sb.st_mtime > OCRQ_STALE_SECONDS))
			(void)unlink(p);
	}
	closedir(d);
}

/* spool/.ocr exists only while it holds something: an empty spool/ is
 * what "everything is stored" looks like. */
static void
ocrq_tidy(struct ocrq *q)
{
	if (q->njobs == 0)
		(void)rmdir(q->dir);
}

struct ocrq *
ocrq_new(const struct config *cf, char *err, size_t errlen)
{
	struct ocrq	*q = xcalloc(1, sizeof(*q));

	(void)err;
	(void)errlen;
	q->cf = cf;
	snprintf(q->dir, sizeof(q->dir), "%s/.ocr", cf->spool);
	ocrq_sweep(q);
	ocrq_tidy(q);
	return q;
}

static void
ocrq_job_free(struct ocrq_job *j)
{
	if (j->ev != NULL)
		event_free(j->ev);
	if (j->tmo != NULL)
		event_free(j->tmo);
	if (j->fd != -1)
		close(j->fd);
	free(j);
}

void
ocrq_free(struct ocrq *q)
{
	size_t	i;
	int	st;

	if (q == NULL)
		return;
	for (i = 0; i < q->njobs; i++) {
		if (q->jobs[i]->pid > 0) {
			(void)kill(-q->jobs[i]->pid, SIGKILL);
			(void)kill(q->jobs[i]->pid, SIGKILL);
			while (waitpid(q->jobs[i]->pid, &st, 0) == -1 &&
			    errno == EINTR)
				;
		}
		ocrq_job_free(q->jobs[i]);
	}
	free(q->jobs);
	free(q);
}

int
ocrq_busy(const struct ocrq *q, const char *path)
{
	size_t	i;

	for (i = 0; i < q->njobs; i++)
		if (strcmp(q->jobs[i]->path, path) == 0)
			return 1;
	return 0;
}

size_t
ocrq_pending(const struct ocrq *q)
{
	return q->njobs;
}

static void
ocrq_remove(struct ocrq *q, struct ocrq_job *j)
{
	size_t	i;

	for (i = 0; i < q->njobs; i++)
		if (q->jobs[i] == j) {
			memmove(q->jobs + i, q->jobs + i + 1,
			    (q->njobs - i - 1) * sizeof(*q->jobs));
			q->njobs--;
			break;
		}
	ocrq_job_free(j);
}

/* A worker ended (or is killed at its deadline): reap it, make sure its
 * document has a sidecar, start the next, tell the daemon. */
static void
ocrq_finish(struct ocrq_job *j, int timedout)
{
	struct ocrq	*q = j->q;
	struct stat	 sb;
	char		 p[OCRQ_PATH];
	int		 st = 0;

	if (timedout) {
		(void)kill(-j->pid, SIGKILL);
		(void)kill(j->pid, SIGKILL);
	}
	while (waitpid(j->pid, &st, 0) == -1 && errno == EINTR)
		;
	ocrq_side(q, j->sha, "txt", p, sizeof(p));
	if (stat(p, &sb) == -1) {
		ocrq_side(q, j->sha, "err", p, sizeof(p));
		if (timedout)
			ocrq_fail(q, j->sha, "OCR timed out after %u s "
			    "([ocr] timeout; 扫描件识别超时)",
			    q->cf->ocr.timeout_ms / 1000);
		else if (stat(p, &sb) == -1)
			ocrq_fail(q, j->sha, "OCR worker ended without a "
			    "result (%s %d)", WIFSIGNALED(st) ? "signal" :
			    "exit status", WIFSIGNALED(st) ? WTERMSIG(st) :
			    WEXITSTATUS(st));
	}
	log_info("ocr: %.16s %s", j->sha, timedout ? "timed out" : "done");
	ocrq_remove(q, j);
	ocrq_start(q);
	if (q->done != NULL)
		q->done(q->arg);
}

static void
ocrq_ev_cb(evutil_socket_t fd, short what, void *arg)
{
	struct ocrq_job	*j = arg;
	char		 buf[64];

	(void)fd;
	if (what & EV_TIMEOUT) {
		ocrq_finish(j, 1);
		return;
	}
	/* Nothing is written on the pipe: readable is EOF, it ended. */
	if (read(j->fd, buf, sizeof(buf)) > 0)
		return;
	ocrq_finish(j, 0);
}

static void
ocrq_watch(struct ocrq *q, struct ocrq_job *j)
{
	struct timeval	tv;

	if (q->base == NULL || j->ev != NULL)
		return;
	j->ev = event_new(q->base, j->fd, EV_READ | EV_PERSIST, ocrq_ev_cb, j);
	j->tmo = evtimer_new(q->base, ocrq_ev_cb, j);
	if (j->ev == NULL || j->tmo == NULL)
		fatalx("ocr: out of memory for events");
	tv.tv_sec = q->cf->ocr.timeout_ms / 1000;
	tv.tv_usec = (q->cf->ocr.timeout_ms % 1000) * 1000;
	event_add(j->ev, NULL);
	evtimer_add(j->tmo, &tv);
}

/* In the worker: read the document, leave its sidecar, exit. */
static __attribute__((noreturn)) void
ocrq_worker(struct ocrq *q, struct ocrq_job *j, int statw)
{
	struct ocr_result	r;
	char			err[512], head[128];

	/* Only stdin, stdout, stderr and the status pipe on 3. */
	exttool_child_setup(statw);
	exttool_die_with_parent(1);
	if (ocr_file(q->cf, j->path, j->is_pdf, q->dir, &r, err,
	    sizeof(err)) == -1) {
		ocrq_fail(q, j->sha, "%s", err);
		_exit(0);
	}
	snprintf(head, sizeof(head), OCRQ_HEADER " %.1f %u %u\n",
	    r.confidence, r.pages, r.pages_total);
	if (ocrq_write(q, j->sha, "txt", head, r.text, r.len) == -1)
		_exit(1);
	_exit(0);
}

static void
ocrq_spawn(struct ocrq *q, struct ocrq_job *j)
{
	sigset_t	all, old;
	int		fds[2], saved;
	pid_t		pid;

	if (pipe2(fds, O_CLOEXEC) == -1 || exttool_fd_high(&fds[0]) == -1 ||
	    exttool_fd_high(&fds[1]) == -1) {
		ocrq_fail(q, j->sha, "OCR: cannot make a pipe: %s",
		    strerror(errno));
		j->pid = -1;
		return;
	}
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	pid = fork();
	if (pid == 0)
		ocrq_worker(q, j, fds[1]);
	saved = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(fds[1]);
	if (pid == -1) {
		close(fds[0]);
		ocrq_fail(q, j->sha, "OCR: cannot fork: %s", strerror(saved));
		j->pid = -1;
		return;
	}
	(void)setpgid(pid, pid);
	j->pid = pid;
	j->fd = fds[0];
	log_info("ocr: reading %s (%.16s) in worker %ld", j->path, j->sha,
	    (long)pid);
	ocrq_watch(q, j);
}

static void
ocrq_start(struct ocrq *q)
{
	size_t	i, running = 0;

	for (i = 0; i < q->njobs; i++)
		if (q->jobs[i]->pid > 0)
			running++;
	for (i = 0; i < q->njobs && running < q->cf->ocr.workers; i++) {
		if (q->jobs[i]->pid != 0)
			continue;
		ocrq_spawn(q, q->jobs[i]);
		if (q->jobs[i]->pid > 0)
			running++;
		else {
			/* Its reason is written: the next batch takes it. */
			ocrq_remove(q, q->jobs[i]);
			i--;
			if (q->done != NULL)
				q->done(q->arg);
		}
	}
}

int
ocrq_attach(struct ocrq *q, struct event_base *base, void (*done)(void *),
    void *arg)
{
	size_t	i;

	q->base = base;
	q->done = done;
	q->arg = arg;
	for (i = 0; i < q->njobs; i++)
		if (q->jobs[i]->pid > 0)
			ocrq_watch(q, q->jobs[i]);
	return 0;
}

/* A sidecar's contents, NUL-terminated; NULL when there is none. */
static char *
ocrq_slurp(const char *path, size_t *len)
{
	struct stat	 sb;
	char		*buf;
	ssize_t		 r;
	size_t		 off = 0;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1)
		return NULL;
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return NULL;
	}
	buf = xmalloc((size_t)sb.st_size + 1);
	while (off < (size_t)sb.st_size) {
		r = read(fd, buf + off, (size_t)sb.st_size - off);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		off += (size_t)r;
	}
	close(fd);
	buf[off] = '\0';
	*len = off;
	return buf;
}

enum ocrq_state
ocrq_get(struct ocrq *q, const char *sha, const char *path, int is_pdf,
    char **text, size_t *len, double *confidence, char *err, size_t errlen)
{
	struct ocrq_job	*j;
	char		 p[OCRQ_PATH], *buf, *nl;
	size_t		 n, i;

	*text = NULL;
	*len = 0;
	*confidence = 0;
	ocrq_side(q, sha, "txt", p, sizeof(p));
	if ((buf = ocrq_slurp(p, &n)) != NULL) {
		if (strncmp(buf, OCRQ_HEADER " ", sizeof(OCRQ_HEADER)) == 0 &&
		    (nl = strchr(buf, '\n')) != NULL) {
			*confidence = strtod(buf + sizeof(OCRQ_HEADER), NULL);
			*len = n - (size_t)(nl + 1 - buf);
			memmove(buf, nl + 1, *len + 1);
			*text = buf;
			return OCRQ_DONE;
		}
		free(buf);		/* not ours: read it again */
		(void)unlink(p);
	}
	ocrq_side(q, sha, "err", p, sizeof(p));
	if ((buf = ocrq_slurp(p, &n)) != NULL) {
		errbuf_set(err, errlen, "%s", buf);
		free(buf);
		/* The reason goes with the file to quarantine; a retry
		 * from there reads it again. */
		(void)unlink(p);
		ocrq_tidy(q);
		return OCRQ_FAILED;
	}
	for (i = 0; i < q->njobs; i++)
		if (strcmp(q->jobs[i]->sha, sha) == 0)
			return OCRQ_PENDING;
	if (q->njobs >= (size_t)q->cf->ocr.queue + q->cf->ocr.workers)
		return OCRQ_PENDING;	/* asked again after the next ends */
	if (mkdir(q->dir, 0700) == -1 && errno != EEXIST) {
		errbuf_set(err, errlen, "OCR: cannot make %s: %s", q->dir,
		    strerror(errno));
		return OCRQ_FAILED;
	}
	j = xcalloc(1, sizeof(*j));
	snprintf(j->sha, sizeof(j->sha), "%s", sha);
	snprintf(j->path, sizeof(j->path), "%s", path);
	j->is_pdf = is_pdf;
	j->fd = -1;
	j->q = q;
	q->jobs = xreallocarray(q->jobs, q->njobs + 1, sizeof(*q->jobs));
	q->jobs[q->njobs++] = j;
	ocrq_start(q);
	return OCRQ_PENDING;
}

void
ocrq_forget(struct ocrq *q, const char *sha)
{
	char	p[OCRQ_PATH];

	ocrq_side(q, sha, "txt", p, sizeof(p));
	(void)unlink(p);
	ocrq_side(q, sha, "err", p, sizeof(p));
	(void)unlink(p);
	ocrq_tidy(q);
}
