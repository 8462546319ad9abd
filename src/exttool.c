/*
 * exttool: run an external text extractor on a document.  Formats that
 * docket does not read itself (pdf) go through a command line from the
 * configuration, split into an argv here and run without a shell, so a
 * file name with blanks, '#' or CJK in it reaches the tool intact.  The
 * tool is untrusted with hostile input: it gets /dev/null for stdin and
 * no other descriptor of ours, runs in a process group of its own that is
 * killed (SIGKILL) when it outlives its time or prints more than its
 * share, and is always reaped.  The daemon's signal handling is left
 * alone: no handler is installed and only this child is waited for.  All
 * signals are blocked across fork() so that none of the daemon's handlers
 * (libevent writes to its signal socket) runs in the child; the child
 * puts every disposition back to the default before exec.
 */

#include <sys/types.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "errbuf.h"
#include "exttool.h"

/* Poll interval while a child may exit with its output still open. */
#define EXTTOOL_NAP_MS		50
/* Most descriptors closed one by one when close_range(2) is missing. */
#define EXTTOOL_FD_MAX		65536


/* exttool_die_with_parent: the children get PR_SET_PDEATHSIG. */
static int exttool_pdeath;

static const char *exttool_name(const char *);
static const char *exttool_hint(const char *, const char *);
static int64_t	 exttool_now_ms(void);
static int	 exttool_pipe(int [2]);
static void	 exttool_close(int *);
static void	 exttool_kill(pid_t);
static int	 exttool_reap(pid_t, int *);
static int	 exttool_wait(pid_t, int64_t);
static void	 exttool_timeout_reason(char *, size_t, const char *,
		    unsigned int);
static int	 exttool_push(char ***, size_t *, size_t *, char *);

/* The tool's name for a reason: the last part of argv[0]. */
static const char *
exttool_name(const char *argv0)
{
	const char	*s = strrchr(argv0, '/');

	return s != NULL && s[1] != '\0' ? s + 1 : argv0;
}

/* Which package to install when a tool is not found. */
static const char *
exttool_hint(const char *argv0, const char *name)
{
	static const struct {
		const char	*tool;
		const char	*hint;
	} hints[] = {
		{ "pdftotext",	" (is poppler-utils installed?)" },
		{ "pdfinfo",	" (is poppler-utils installed?)" },
		{ "soffice",	" (is LibreOffice installed?)" },
		{ "libreoffice", " (is LibreOffice installed?)" },
		{ "pandoc",	" (is pandoc installed?)" },
		{ "antiword",	" (is antiword installed?)" },
		{ "catdoc",	" (is catdoc installed?)" },
		{ "unrtf",	" (is unrtf installed?)" },
		{ "pdftoppm",	" (is poppler-utils installed?)" },
		{ "tesseract",	" (is tesseract-ocr installed, with "
				    "tesseract-ocr-chi-sim?)" },
	};
	size_t	i;

	for (i = 0; i < sizeof(hints) / sizeof(hints[0]); i++)
		if (strcmp(hints[i].tool, name) == 0)
			return hints[i].hint;
	return strchr(argv0, '/') == NULL ? " (not in PATH)" : "";
}

static int64_t
exttool_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
exttool_die_with_parent(int on)
{
	exttool_pdeath = on;
}

pid_t
exttool_fork_piped(int *rfd, int *wfd)
{
	sigset_t	all, old;
	int		fds[2], saved;
	pid_t		pid;

	if (pipe2(fds, O_CLOEXEC) == -1)
		return -1;
	if (exttool_fd_high(&fds[0]) == -1 || exttool_fd_high(&fds[1]) == -1) {
		saved = errno;
		close(fds[0]);
		close(fds[1]);
		errno = saved;
		return -1;
	}
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		*wfd = fds[1];
		return 0;
	}
	saved = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(fds[1]);
	if (pid == -1) {
		close(fds[0]);
		errno = saved;
		return -1;
	}
	(void)setpgid(pid, pid);
	*rfd = fds[0];
	return pid;
}

void
exttool_child_reset(void)
{
	struct sigaction	sa;
	int			sig;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	for (sig = 1; sig < NSIG; sig++)
		(void)sigaction(sig, &sa, NULL);
	(void)setpgid(0, 0);
	(void)prctl(PR_SET_PDEATHSIG, SIGKILL);
}

void
exttool_child_setup(int statw)
{
	sigset_t		none;

	exttool_child_reset();
	if (statw != 3 && dup2(statw, 3) == -1)
		_exit(1);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 34)
	(void)close_range(4, ~0U, 0);
#else
	for (int fd = 4; fd < 1024; fd++)
		(void)close(fd);
#endif
	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
}

/*
 * Move *fd to 3 or above, so that the child's dup2() onto 0, 1 and 2
 * cannot overwrite one of its sources (a daemon may run with 0-2 closed).
 */
int
exttool_fd_high(int *fd)
{
	int	nfd;

	if (*fd > STDERR_FILENO)
		return 0;
	if ((nfd = fcntl(*fd, F_DUPFD_CLOEXEC, STDERR_FILENO + 1)) == -1)
		return -1;
	close(*fd);
	*fd = nfd;
	return 0;
}

static int
exttool_pipe(int fds[2])
{
	if (pipe2(fds, O_CLOEXEC) == -1)
		return -1;
	if (exttool_fd_high(&fds[0]) == -1 || exttool_fd_high(&fds[1]) == -1) {
		close(fds[0]);
		close(fds[1]);
		fds[0] = fds[1] = -1;
		return -1;
	}
	return 0;
}

static void
exttool_close(int *fd)
{
	if (*fd != -1) {
		close(*fd);
		*fd = -1;
	}
}

/*
 * In the child: only async-signal-safe calls from here to exec.  If exec
 * fails, its errno goes back through the status pipe (close-on-exec, so
 * a successful exec closes it with nothing written).
 */
void
exttool_exec_child(char *const argv[], int devnull, int outw, int errw,
    int statw, int maxfd)
{
	struct sigaction	sa;
	sigset_t		none;
	int			sig, fd, e;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	for (sig = 1; sig < NSIG; sig++)
		(void)sigaction(sig, &sa, NULL);	/* EINVAL for some */
	(void)setpgid(0, 0);

	if (dup2(devnull, STDIN_FILENO) == -1 ||
	    dup2(outw, STDOUT_FILENO) == -1 ||
	    dup2(errw, STDERR_FILENO) == -1)
		goto fail;
	/* The status pipe goes to 3; everything above it is closed. */
	if (statw != STDERR_FILENO + 1) {
		if (dup3(statw, STDERR_FILENO + 1, O_CLOEXEC) == -1)
			goto fail;
		statw = STDERR_FILENO + 1;
	}
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 34)
	if (close_range(STDERR_FILENO + 2, ~0U, 0) == -1)
#endif
		for (fd = STDERR_FILENO + 2; fd < maxfd; fd++)
			(void)close(fd);

	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
	execvp(argv[0], argv);
fail:
	e = errno;
	while (write(statw, &e, sizeof(e)) == -1 && errno == EINTR)
		;
	_exit(127);
}

/* Read what is there on stdout.  0, 1 at EOF, -1 over max_out, -2 out
 * of memory. */
static int
exttool_read_out(struct exttool_proc *p, int fd)
{
	char	*tmp;
	size_t	 want, cap;
	ssize_t	 n;

	if (p->outcap - p->outlen < 65536 && p->outcap < p->max_out + 2) {
		cap = p->outcap == 0 ? 65536 : p->outcap * 2;
		if (cap > p->max_out + 2)
			cap = p->max_out + 2;
		if ((tmp = realloc(p->out, cap)) == NULL)
			return -2;
		p->out = tmp;
		p->outcap = cap;
	}
	/* Room for one byte past the cap, to see it crossed; and the NUL. */
	want = p->outcap - 1 - p->outlen;
	if (want == 0)
		return -1;
	n = read(fd, p->out + p->outlen, want);
	if (n == -1)
		return errno == EINTR || errno == EAGAIN ? 2 : 1;
	if (n == 0)
		return 1;
	p->outlen += (size_t)n;
	return p->outlen > p->max_out ? -1 : 0;
}

/* Read into the tail, keeping only its last EXTTOOL_TAIL bytes.  0 read
 * something, 2 nothing there yet, 1 at EOF (or error). */
static int
exttool_read_tail(struct exttool_proc *p, int fd)
{
	char	buf[4096];
	ssize_t	n;
	size_t	k;

	n = read(fd, buf, sizeof(buf));
	if (n == -1)
		return errno == EINTR || errno == EAGAIN ? 2 : 1;
	if (n == 0)
		return 1;
	k = (size_t)n;
	if (k >= EXTTOOL_TAIL) {
		memcpy(p->tail, buf + k - EXTTOOL_TAIL, EXTTOOL_TAIL);
		p->taillen = EXTTOOL_TAIL;
		return 0;
	}
	if (p->taillen + k > sizeof(p->tail)) {
		memmove(p->tail, p->tail + p->taillen - EXTTOOL_TAIL,
		    EXTTOOL_TAIL);
		p->taillen = EXTTOOL_TAIL;
	}
	memcpy(p->tail + p->taillen, buf, k);
	p->taillen += k;
	return 0;
}

/* The status pipe: an errno when exec failed, EOF when it succeeded. */
static int
exttool_read_status(struct exttool_proc *p, int fd, unsigned char *st,
    size_t *got)
{
	ssize_t	n;
	int	e;

	n = read(fd, st + *got, sizeof(int) - *got);
	if (n == -1)
		return errno == EINTR || errno == EAGAIN ? 2 : 1;
	if (n == 0)
		return 1;
	*got += (size_t)n;
	if (*got == sizeof(int)) {
		memcpy(&e, st, sizeof(e));
		p->exec_errno = e != 0 ? e : EIO;
		return 1;
	}
	return 0;
}

void
exttool_last_line(const struct exttool_proc *p, char *line, size_t linelen)
{
	const char	*s = p->tail, *e = p->tail + p->taillen, *b;
	size_t		 i, n;

	if (linelen == 0)
		return;
	line[0] = '\0';
	while (e > s && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' ' ||
	    e[-1] == '\t'))
		e--;
	for (b = e; b > s && b[-1] != '\n'; b--)
		;
	while (b < e && (*b == ' ' || *b == '\t'))
		b++;
	n = (size_t)(e - b);
	if (n > EXTTOOL_ERR_LINE)
		n = EXTTOOL_ERR_LINE;
	if (n >= linelen)
		n = linelen - 1;
	/* Not cut inside a UTF-8 character. */
	while (n > 0 && n < (size_t)(e - b) &&
	    ((unsigned char)b[n] & 0xc0) == 0x80)
		n--;
	for (i = 0; i < n; i++)
		line[i] = ((unsigned char)b[i] < 0x20 || b[i] == 0x7f) ? '?' :
		    b[i];
	line[n] = '\0';
}

/* SIGKILL the child's process group (and the child, should it have left
 * the group). */
static void
exttool_kill(pid_t pid)
{
	(void)kill(-pid, SIGKILL);
	(void)kill(pid, SIGKILL);
}

/* waitpid for this child only.  0 with *status, or -1 (ECHILD: someone
 * else reaped it). */
static int
exttool_reap(pid_t pid, int *status)
{
	pid_t	r;

	while ((r = waitpid(pid, status, 0)) == -1 && errno == EINTR)
		;
	return r == pid ? 0 : -1;
}

/* Has the child exited?  1 (not reaped, so neither its pid nor its
 * group's can be reused yet), 0, or -1. */
static int
exttool_exited(pid_t pid)
{
	siginfo_t	si;

	for (;;) {
		memset(&si, 0, sizeof(si));
		if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG |
		    WNOWAIT) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		return si.si_pid == pid;
	}
}

/*
 * Wait, until deadline, for the child to exit, without reaping it.  1
 * when it exited, 0 at the deadline, -1 on error.
 */
static int
exttool_wait(pid_t pid, int64_t deadline)
{
	int64_t		left;
	int		nap = 1, r;

	for (;;) {
		if ((r = exttool_exited(pid)) != 0)
			return r;
		if ((left = deadline - exttool_now_ms()) <= 0)
			return 0;
		(void)poll(NULL, 0, left < nap ? (int)left : nap);
		if (nap < 50)
			nap *= 2;
	}
}

/* Read pipe i (0 stdout, 1 stderr, 2 status) as the reader for it. */
static int
exttool_read_fd(struct exttool_proc *p, int i, int fd, unsigned char *st,
    size_t *stgot)
{
	if (i == 0 && p->max_out > 0)
		return exttool_read_out(p, fd);
	if (i < 2)
		return exttool_read_tail(p, fd);
	return exttool_read_status(p, fd, st, stgot);
}

int
exttool_spawn(struct exttool_proc *p, char *err, size_t errlen)
{
	struct pollfd		 pfd[3];
	struct rlimit		 rl;
	sigset_t		 all, old;
	unsigned char		 st[sizeof(int)];
	size_t			 stgot = 0;
	const char		*name;
	int64_t			 deadline, left;
	pid_t			 pid;
	int			 in = -1, op[2] = { -1, -1 },
				 ep[2] = { -1, -1 }, sp[2] = { -1, -1 };
	int			 maxfd = EXTTOOL_FD_MAX, i, r, saved, ok;

	p->out = NULL;
	p->outlen = p->outcap = p->taillen = 0;
	p->status = 0;
	p->exec_errno = p->timedout = p->over = p->nomem = 0;
	if (p->argv == NULL || p->argv[0] == NULL || p->argv[0][0] == '\0') {
		errbuf_set(err, errlen, "no command to run");
		return -1;
	}
	name = exttool_name(p->argv[0]);
	if (p->max_out > SIZE_MAX / 2)
		p->max_out = SIZE_MAX / 2;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY
	    && rl.rlim_cur < (rlim_t)maxfd)
		maxfd = (int)rl.rlim_cur;
	deadline = exttool_now_ms() + p->timeout_ms;

	if (p->in != -1)
		in = p->in;
	else if ((in = open("/dev/null", O_RDONLY | O_CLOEXEC)) == -1 ||
	    exttool_fd_high(&in) == -1) {
		errbuf_set(err, errlen, "%s: cannot open /dev/null: %s", name,
		    strerror(errno));
		goto fail;
	}
	/* stdout and stderr on one pipe when stdout is only a tail. */
	if (exttool_pipe(op) == -1 || (p->max_out > 0 &&
	    exttool_pipe(ep) == -1) || exttool_pipe(sp) == -1) {
		errbuf_set(err, errlen, "%s: cannot set up pipes: %s", name,
		    strerror(errno));
		goto fail;
	}

	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	pid = fork();
	if (pid == 0 && exttool_pdeath)
		(void)prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (pid == 0)
		exttool_exec_child(p->argv, in, op[1], p->max_out > 0 ? ep[1] :
		    op[1], sp[1], maxfd);
	saved = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (pid == -1) {
		errbuf_set(err, errlen, "%s: cannot fork: %s", name,
		    strerror(saved));
		goto fail;
	}
	(void)setpgid(pid, pid);	/* the child does too; either wins */
	if (p->in == -1)
		exttool_close(&in);
	exttool_close(&op[1]);
	exttool_close(&ep[1]);
	exttool_close(&sp[1]);

	pfd[0].fd = op[0];
	pfd[1].fd = ep[0];
	pfd[2].fd = sp[0];
	for (i = 0; i < 3; i++) {
		pfd[i].events = POLLIN;
		if (pfd[i].fd != -1)
			(void)fcntl(pfd[i].fd, F_SETFL, O_NONBLOCK);
	}
	while (pfd[0].fd != -1 || pfd[1].fd != -1 || pfd[2].fd != -1) {
		/* Done when it exited, whatever still holds the pipes (a
		 * background child of a sendmail): what it wrote before is
		 * read below. */
		if (p->until_exit && exttool_exited(pid) == 1)
			break;
		if ((left = deadline - exttool_now_ms()) <= 0) {
			p->timedout = 1;
			break;
		}
		if (p->until_exit && left > EXTTOOL_NAP_MS)
			left = EXTTOOL_NAP_MS;
		if ((r = poll(pfd, 3, left > INT_MAX ? INT_MAX : (int)left)) ==
		    -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0; r > 0 && i < 3; i++) {
			if (pfd[i].fd == -1 || pfd[i].revents == 0)
				continue;
			r = exttool_read_fd(p, i, pfd[i].fd, st, &stgot);
			if (r == -1)
				p->over = 1;
			if (r == -2)
				p->nomem = 1;
			if (r == 1)
				exttool_close(&pfd[i].fd);
			if (p->over || p->nomem)
				break;
			r = 1;
		}
		if (p->over || p->nomem)
			break;
	}
	/* What is there already (the child has exited or the pipes are
	 * closed), without waiting. */
	if (!p->timedout && !p->over && !p->nomem)
		for (i = 0; i < 3; i++)
			while (pfd[i].fd != -1 && exttool_read_fd(p, i,
			    pfd[i].fd, st, &stgot) == 0 &&
			    exttool_now_ms() < deadline)
				;
	for (i = 0; i < 3; i++)
		exttool_close(&pfd[i].fd);
	op[0] = ep[0] = sp[0] = -1;

	if (!p->timedout && !p->over && !p->nomem &&
	    exttool_wait(pid, deadline) == 0)
		p->timedout = 1;
	/*
	 * Anything left in the group goes, the child too if it is late —
	 * before the reaping frees its pid.  A clean exit may leave the
	 * group alone (some MTAs deliver in the background).
	 */
	ok = 0;
	if (!p->timedout && !p->over && !p->nomem && p->exec_errno == 0 &&
	    p->keep_group) {
		siginfo_t si;

		memset(&si, 0, sizeof(si));
		ok = waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG |
		    WNOWAIT) == 0 && si.si_pid == pid &&
		    si.si_code == CLD_EXITED && si.si_status == 0;
	}
	if (!ok)
		exttool_kill(pid);
	if (exttool_reap(pid, &p->status) == -1) {
		errbuf_set(err, errlen, "%s: lost its exit status: %s", name,
		    strerror(errno));
		goto fail;
	}
	if (p->out != NULL)
		p->out[p->outlen] = '\0';
	return 0;

fail:
	if (p->in == -1)
		exttool_close(&in);
	for (i = 0; i < 2; i++) {
		exttool_close(&op[i]);
		exttool_close(&ep[i]);
		exttool_close(&sp[i]);
	}
	free(p->out);
	p->out = NULL;
	p->outlen = 0;
	return -1;
}

static void
exttool_timeout_reason(char *err, size_t errlen, const char *name,
    unsigned int ms)
{
	if (ms % 1000 == 0)
		errbuf_set(err, errlen, "%s: timed out after %u s", name,
		    ms / 1000);
	else
		errbuf_set(err, errlen, "%s: timed out after %u ms", name, ms);
}

int
exttool_run(char *const argv[], unsigned int timeout_ms, size_t max_out,
    char **out, size_t *outlen, char *err, size_t errlen)
{
	struct exttool_proc	 p;
	const char		*name;
	char			 line[EXTTOOL_ERR_LINE + 1];

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	*out = NULL;
	if (outlen != NULL)
		*outlen = 0;
	memset(&p, 0, sizeof(p));
	p.argv = argv;
	p.in = -1;
	p.timeout_ms = timeout_ms != 0 ? timeout_ms : EXTTOOL_TIMEOUT_MS;
	p.max_out = max_out != 0 ? max_out : EXTTOOL_MAX_OUT;
	if (exttool_spawn(&p, err, errlen) == -1)
		return -1;
	name = exttool_name(argv[0]);
	if (p.exec_errno == ENOENT)
		errbuf_set(err, errlen, "%s: not found%s", name,
		    exttool_hint(argv[0], name));
	else if (p.exec_errno != 0)
		errbuf_set(err, errlen, "%s: cannot run: %s", name,
		    strerror(p.exec_errno));
	else if (p.nomem)
		errbuf_set(err, errlen, "%s: out of memory", name);
	else if (p.over)
		errbuf_set(err, errlen, "%s: output over %zu bytes", name,
		    p.max_out);
	else if (p.timedout)
		exttool_timeout_reason(err, errlen, name, p.timeout_ms);
	else {
		exttool_last_line(&p, line, sizeof(line));
		if (WIFSIGNALED(p.status))
			errbuf_set(err, errlen, "%s: killed by signal %d%s%s",
			    name, WTERMSIG(p.status), line[0] ? ": " : "",
			    line);
		else if (!WIFEXITED(p.status) || WEXITSTATUS(p.status) != 0)
			errbuf_set(err, errlen, "%s: exit status %d%s%s", name,
			    WIFEXITED(p.status) ? WEXITSTATUS(p.status) : -1,
			    line[0] ? ": " : "", line);
		else {
			if (p.out == NULL && (p.out = malloc(1)) == NULL) {
				errbuf_set(err, errlen, "%s: out of memory",
				    name);
				return -1;
			}
			p.out[p.outlen] = '\0';
			*out = p.out;
			if (outlen != NULL)
				*outlen = p.outlen;
			return 0;
		}
	}
	free(p.out);
	return -1;
}

static int
exttool_push(char ***v, size_t *n, size_t *cap, char *s)
{
	char	**tmp;

	if (*n == *cap) {
		if (*cap > SIZE_MAX / sizeof(char *) / 2 ||
		    (tmp = reallocarray(*v, *cap * 2, sizeof(char *))) ==
		    NULL) {
			free(s);
			errno = ENOMEM;
			return -1;
		}
		*v = tmp;
		*cap *= 2;
	}
	(*v)[(*n)++] = s;
	return 0;
}

int
exttool_argv(const char *cmdline, const char *path, char ***argvp)
{
	const char	*p = cmdline;
	char		**v, *w, *dpath = NULL, *tmp;
	size_t		 n = 0, cap = 8, wl, wcap, plen, need;
	int		 inq, used = 0, saved;

	*argvp = NULL;
	if (cmdline == NULL) {
		errno = EINVAL;
		return -1;
	}
	if (path != NULL && path[0] == '-') {
		if ((dpath = malloc(strlen(path) + 3)) == NULL)
			return -1;
		memcpy(dpath, "./", 2);
		strcpy(dpath + 2, path);
		path = dpath;
	}
	plen = path != NULL ? strlen(path) : 0;
	if ((v = calloc(cap, sizeof(char *))) == NULL) {
		free(dpath);
		return -1;
	}

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (*p == '\0')
			break;
		/* A word is never longer than its text plus the paths. */
		wcap = strlen(p) + 1;
		w = malloc(wcap);
		wl = 0;
		inq = 0;
		while (w != NULL && *p != '\0' && (inq || (*p != ' ' &&
		    *p != '\t' && *p != '\n' && *p != '\r'))) {
			if (*p == '"') {
				inq = !inq;
				p++;
				continue;
			}
			if (inq && *p == '\\' && (p[1] == '"' || p[1] == '\\')) {
				w[wl++] = p[1];
				p += 2;
				continue;
			}
			if (*p == '%' && p[1] == '%') {
				w[wl++] = '%';
				p += 2;
				continue;
			}
			if (*p == '%' && p[1] == 'f') {
				if (path == NULL) {
					free(w);
					w = NULL;
					errno = EINVAL;
					break;
				}
				need = wl + plen + strlen(p + 2) + 1;
				if (need > wcap) {
					if ((tmp = realloc(w, need)) == NULL) {
						free(w);
						w = NULL;
						break;
					}
					w = tmp;
					wcap = need;
				}
				memcpy(w + wl, path, plen);
				wl += plen;
				used = 1;
				p += 2;
				continue;
			}
			w[wl++] = *p++;
		}
		if (w == NULL)
			goto fail;
		if (inq) {
			free(w);
			errno = EINVAL;
			goto fail;
		}
		w[wl] = '\0';
		if (exttool_push(&v, &n, &cap, w) == -1)
			goto fail;
	}
	if (n == 0) {
		errno = EINVAL;
		goto fail;
	}
	if (!used && path != NULL) {
		if ((w = strdup(path)) == NULL ||
		    exttool_push(&v, &n, &cap, w) == -1)
			goto fail;
	}
	if (exttool_push(&v, &n, &cap, NULL) == -1)
		goto fail;
	free(dpath);
	*argvp = v;
	return 0;

fail:
	saved = errno;
	while (n > 0)
		free(v[--n]);
	free(v);
	free(dpath);
	errno = saved;
	return -1;
}

void
exttool_argv_free(char **argv)
{
	size_t	i;

	if (argv == NULL)
		return;
	for (i = 0; argv[i] != NULL; i++)
		free(argv[i]);
	free(argv);
}
