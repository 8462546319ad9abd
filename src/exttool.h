/*
 * exttool: run an external text extractor (pdftotext, ...) on a file
 * and collect what it prints, without a shell, within a time limit and an
 * output cap, leaving no process behind.
 */
#ifndef DOCKET_EXTTOOL_H
#define DOCKET_EXTTOOL_H

#include <sys/types.h>
#include <stddef.h>

/* Used when exttool_run is given 0 for timeout_ms or max_out. */
#define EXTTOOL_TIMEOUT_MS	30000
#define EXTTOOL_MAX_OUT		(64 * 1024 * 1024)

/*
 * Run argv[0] (looked up in PATH) with argv, stdin /dev/null, in its own
 * process group.  Returns 0 when it exited with status 0, with what it
 * wrote to stdout in *out (malloc'd, NUL-terminated, length in *outlen).
 * Otherwise -1 with a one-line reason naming the tool in err: not found,
 * timed out (the group is killed after timeout_ms), output over max_out
 * bytes (killed), exit status N or killed by signal N, with the last line
 * it wrote to stderr.  The child is always reaped; no signal handler is
 * touched and no other child is waited for.
 */
int	 exttool_run(char *const argv[], unsigned int timeout_ms,
	    size_t max_out, char **out, size_t *outlen, char *err,
	    size_t errlen);

/* Bytes of a child's stderr kept to find its last line in. */
#define EXTTOOL_TAIL		1024
/* Longest stderr line quoted in a reason. */
#define EXTTOOL_ERR_LINE	200

/*
 * One child with a time limit — the one way docket runs a program
 * (extractors, the sendmail command).  Fill the inputs, zero the rest.
 */
struct exttool_proc {
	/* in */
	char *const	*argv;		/* argv[0] looked up in PATH */
	int		 in;		/* its stdin; -1: /dev/null */
	unsigned int	 timeout_ms;
	size_t		 max_out;	/* stdout kept up to this (over:
					 * killed); 0: stdout joins stderr */
	int		 until_exit;	/* done when it exits, even if a child
					 * of its keeps the pipes */
	int		 keep_group;	/* after a clean exit, leave its
					 * process group alone */
	/* out */
	char		*out;		/* stdout, NUL-terminated (malloc'd) */
	size_t		 outlen, outcap;
	char		 tail[EXTTOOL_TAIL * 2];	/* the last of stderr */
	size_t		 taillen;
	int		 status;	/* waitpid status */
	int		 exec_errno;	/* exec failed with this */
	int		 timedout, over, nomem;
};

/*
 * Run p->argv without a shell, in a process group of its own, with
 * default signal dispositions and no descriptor of ours but stdin,
 * stdout, stderr: collect its output until it is done or the timeout,
 * then kill what is left of its group (SIGKILL) and reap it.  All
 * signals are blocked across fork(); only this child is waited for.
 * Returns 0 with the outcome in p (status, exec_errno, timedout, over,
 * nomem; p->out for the caller to free), or -1 with a reason when it
 * could not be run or waited for.
 */
int	 exttool_spawn(struct exttool_proc *p, char *err, size_t errlen);
/* The last non-empty line of p's stderr (tail), control characters made
 * '?', at most EXTTOOL_ERR_LINE bytes, not cut inside a character. */
void	 exttool_last_line(const struct exttool_proc *p, char *line,
	    size_t linelen);

/*
 * Split a configured command line ("pdftotext -enc UTF-8 %f -") into a
 * NULL-terminated argv on blanks; "double quotes" hold blanks (\" and \\
 * inside them), %f anywhere in a word becomes path, %% a '%'.  Without a
 * %f, path is appended as the last argument.  A path that starts with '-'
 * is given as ./path so that it cannot pass for an option.  path may be
 * NULL only when cmdline has no %f.  Returns 0, or -1 with errno (EINVAL:
 * empty command, unterminated quote, %f without a path; ENOMEM).
 */
int	 exttool_argv(const char *cmdline, const char *path, char ***argv);
void	 exttool_argv_free(char **argv);

/*
 * In a freshly forked child: default signal dispositions, a process group
 * of its own, stdin/stdout/stderr from in/outw/errw, the status pipe on
 * fd 3 (close-on-exec) and nothing else open, then execvp(argv).  On
 * failure errno goes down the status pipe and the child exits 127.
 */
__attribute__((noreturn)) void
	 exttool_exec_child(char *const argv[], int in, int outw, int errw,
	    int statw, int maxfd);

/* From now on, every child of this process is killed (SIGKILL) when the
 * process dies (PR_SET_PDEATHSIG): for an OCR worker, whose tools must
 * not outlive it. */
void	 exttool_die_with_parent(int on);

/*
 * In a worker child just forked (OCR, a mirror push): default signal
 * handlers, unblocked; its own process group; killed when the parent
 * dies; only stdin, stdout, stderr and statw (moved to fd 3) open.
 * Exits 1 when statw cannot be moved.
 */
void	 exttool_child_setup(int statw);
/* Its first half, for a child that keeps its descriptors (the repack):
 * default signal handlers (still blocked), own process group, killed
 * when the parent dies. */
void	 exttool_child_reset(void);

/* Move *fd to 3 or above (close-on-exec), so that a child's dup2() onto
 * 0-2 cannot overwrite one of its sources; -1 with errno on failure. */
int	 exttool_fd_high(int *fd);

/*
 * Fork a worker that reports through a pipe (mirror pushes, the search
 * index): every signal is blocked across the fork.  In the parent: the
 * child's pid (> 0), with *rfd the read end (close-on-exec, above the
 * low descriptors) and the child in its own process group.  In the child:
 * 0, with *wfd the write end and every signal still blocked (it calls
 * exttool_child_setup).  -1 with errno when the pipe or the fork failed;
 * nothing is left open.
 */
pid_t	 exttool_fork_piped(int *rfd, int *wfd);

#endif
