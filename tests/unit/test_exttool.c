/*
 * Unit tests for exttool: splitting a configured command line, and
 * running tools that are missing, hang, print too much, fail, die, leave
 * children behind or get a file name with blanks, '#' and CJK in it;
 * after each run no child may be left (waitpid(-1) finds none) and the
 * caller's signal handling must be as it was.  Ends with the real thing:
 * pdftotext on tests/data/formats/pdf-qc-notice.pdf (skipped when
 * pdftotext is not installed), through textnorm.
 *
 * The PDF was made with pandoc and LibreOffice from pdf-qc-notice.md:
 *   pandoc -f markdown -t docx -o pdf-qc-notice.docx pdf-qc-notice.md
 *   soffice --headless --convert-to pdf pdf-qc-notice.docx
 */

#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "exttool.h"
#include "textnorm.h"

struct run {
	int	 rc;
	char	*out;
	size_t	 len;
	char	 err[512];
	double	 secs;
};

static volatile sig_atomic_t	chld_seen;

static void
on_chld(int sig)
{
	chld_seen++;
}

static double
seconds(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* No child of ours is left, running or zombie. */
static void
assert_no_children(void)
{
	errno = 0;
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

static void
run(char *const argv[], unsigned int ms, size_t max, struct run *r)
{
	double	t0 = seconds();

	memset(r, 0, sizeof(*r));
	r->out = (char *)1;
	r->rc = exttool_run(argv, ms, max, &r->out, &r->len, r->err,
	    sizeof(r->err));
	r->secs = seconds() - t0;
	if (r->rc == 0) {
		assert_non_null(r->out);
		assert_int_equal(r->out[r->len], '\0');
	} else {
		assert_null(r->out);
		assert_true(r->err[0] != '\0');
	}
	assert_no_children();
}

static void
run_line(const char *cmdline, const char *path, unsigned int ms, size_t max,
    struct run *r)
{
	char	**argv;

	assert_int_equal(exttool_argv(cmdline, path, &argv), 0);
	run(argv, ms, max, r);
	exttool_argv_free(argv);
}

static void
test_argv(void **state)
{
	char	**v;

	assert_int_equal(exttool_argv("pdftotext -enc UTF-8 %f -",
	    "/spool/a b.pdf", &v), 0);
	assert_string_equal(v[0], "pdftotext");
	assert_string_equal(v[1], "-enc");
	assert_string_equal(v[2], "UTF-8");
	assert_string_equal(v[3], "/spool/a b.pdf");
	assert_string_equal(v[4], "-");
	assert_null(v[5]);
	exttool_argv_free(v);

	/* No %f: the path goes last.  Quotes, %% and %f inside a word. */
	assert_int_equal(exttool_argv("  tool\t\"a b\"  \"\" x\"y z\"w "
	    "--in=%f 100%% \"q\\\"\\\\\" ", "/p", &v), 0);
	assert_string_equal(v[0], "tool");
	assert_string_equal(v[1], "a b");
	assert_string_equal(v[2], "");
	assert_string_equal(v[3], "xy zw");
	assert_string_equal(v[4], "--in=/p");
	assert_string_equal(v[5], "100%");
	assert_string_equal(v[6], "q\"\\");
	assert_null(v[7]);
	exttool_argv_free(v);

	assert_int_equal(exttool_argv("cat", "/spool/文件 #1.pdf", &v), 0);
	assert_string_equal(v[1], "/spool/文件 #1.pdf");
	assert_null(v[2]);
	exttool_argv_free(v);

	/* A path that could pass for an option. */
	assert_int_equal(exttool_argv("cat %f %f", "-n", &v), 0);
	assert_string_equal(v[1], "./-n");
	assert_string_equal(v[2], "./-n");
	exttool_argv_free(v);

	assert_int_equal(exttool_argv("tool", NULL, &v), 0);
	assert_null(v[1]);
	exttool_argv_free(v);

	errno = 0;
	assert_int_equal(exttool_argv("   ", "/p", &v), -1);
	assert_int_equal(errno, EINVAL);
	assert_null(v);
	assert_int_equal(exttool_argv("tool \"open", "/p", &v), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(exttool_argv("tool %f", NULL, &v), -1);
	assert_int_equal(errno, EINVAL);
	exttool_argv_free(NULL);
}

static void
test_ok(void **state)
{
	char *const	argv[] = { "printf", "a\\nb", NULL };
	char *const	cat[] = { "cat", NULL };
	struct run	r;

	run(argv, 5000, 100, &r);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, "a\nb");
	assert_int_equal(r.len, 3);
	free(r.out);

	/* stdin is /dev/null: cat ends at once, with nothing. */
	run(cat, 5000, 100, &r);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, "");
	assert_int_equal(r.len, 0);
	free(r.out);

	/* Exactly max_out is fine. */
	run_line("printf 0123456789", NULL, 5000, 10, &r);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, "0123456789");
	free(r.out);
}

static void
test_missing(void **state)
{
	char *const	nosuch[] = { "docket-no-such-tool", "x", NULL };
	char *const	abs[] = { "/nonexistent/dir/tool", NULL };
	char *const	pdf[] = { "pdftotext", "-v", NULL };
	char		*path;
	struct run	 r;

	run(nosuch, 5000, 100, &r);
	assert_int_equal(r.rc, -1);
	assert_string_equal(r.err,
	    "docket-no-such-tool: not found (not in PATH)");

	run(abs, 5000, 100, &r);
	assert_int_equal(r.rc, -1);
	assert_string_equal(r.err, "tool: not found");

	/* pdftotext with an empty PATH: the reason says what to install. */
	path = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
	setenv("PATH", "/nonexistent", 1);
	run(pdf, 5000, 100, &r);
	if (path != NULL) {
		setenv("PATH", path, 1);
		free(path);
	} else
		unsetenv("PATH");
	assert_int_equal(r.rc, -1);
	assert_string_equal(r.err,
	    "pdftotext: not found (is poppler-utils installed?)");
}

static void
test_not_executable(void **state)
{
	char		 dir[] = "/tmp/test_exttool.XXXXXX", file[64];
	char		*argv[] = { file, NULL };
	struct run	 r;
	int		 fd;

	assert_non_null(mkdtemp(dir));
	snprintf(file, sizeof(file), "%s/tool", dir);
	assert_true((fd = open(file, O_WRONLY | O_CREAT, 0644)) != -1);
	close(fd);
	run(argv, 5000, 100, &r);
	assert_int_equal(r.rc, -1);
	assert_non_null(strstr(r.err, "tool: cannot run: "));
	unlink(file);
	rmdir(dir);
}

static void
test_timeout(void **state)
{
	char *const	sleep5[] = { "sleep", "5", NULL };
	struct run	r;

	run(sleep5, 200, 100, &r);
	assert_int_equal(r.rc, -1);
	assert_string_equal(r.err, "sleep: timed out after 200 ms");
	/* Killed, not waited for: sleep 5 would have taken 5 s. */
	assert_true(r.secs < 4.5);

	/* Closes its output and goes on running. */
	run_line("sh -c \"exec >&- 2>&-; sleep 5\"", NULL, 300, 100, &r);
	assert_int_equal(r.rc, -1);
	assert_non_null(strstr(r.err, "timed out"));
	assert_true(r.secs < 4.5);

	/* Exits, but a child of its keeps the pipe: the group is killed. */
	run_line("sh -c \"sleep 5 & echo started\"", NULL, 300, 100, &r);
	assert_int_equal(r.rc, -1);
	assert_string_equal(r.err, "sh: timed out after 300 ms");
	assert_true(r.secs < 4.5);	/* the group's sleep 5 was killed */

	run_line("sleep 4", NULL, 2000, 100, &r);
	assert_string_equal(r.err, "sleep: timed out after 2 s");
}

static void
test_too_much(void **state)
{
	char *const	yes[] = { "yes", NULL };
	struct run	r;

	run(yes, 10000, 1024 * 1024, &r);
	assert_int_equal(r.rc, -1);
	assert_string_equal(r.err, "yes: output over 1048576 bytes");
	assert_true(r.secs < 5.0);

	run_line("printf 01234567890", NULL, 5000, 10, &r);
	assert_int_equal(r.rc, -1);
	assert_string_equal(r.err, "printf: output over 10 bytes");
}

static void
test_fails(void **state)
{
	struct run	r;

	run_line("sh -c \"echo boom >&2; exit 3\"", NULL, 5000, 100, &r);
	assert_int_equal(r.rc, -1);
	assert_string_equal(r.err, "sh: exit status 3: boom");

	/* The last line that says something, cleaned; long stderr. */
	run_line("sh -c \"printf 'first\\nlast\\tline\\033\\n\\n  ' >&2; "
	    "exit 1\"", NULL, 5000, 100, &r);
	assert_string_equal(r.err, "sh: exit status 1: last?line?");
	run_line("sh -c \"yes warning | head -c 100000 >&2; echo final >&2; "
	    "exit 2\"", NULL, 5000, 100, &r);
	assert_string_equal(r.err, "sh: exit status 2: final");

	run_line("sh -c \"exit 4\"", NULL, 5000, 100, &r);
	assert_string_equal(r.err, "sh: exit status 4");

	run_line("sh -c \"kill -9 $$\"", NULL, 5000, 100, &r);
	assert_int_equal(r.rc, -1);
	assert_string_equal(r.err, "sh: killed by signal 9");

	/* Exit status 0 with warnings on stderr is success. */
	run_line("sh -c \"echo warn >&2; echo ok\"", NULL, 5000, 100, &r);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, "ok\n");
	free(r.out);
}

static void
test_odd_path(void **state)
{
	const char	*name = "公文 #3 (终稿) $HOME;`id`.txt";
	const char	*body = "青川市生态环境局\n";
	char		 dir[] = "/tmp/test_exttool.XXXXXX", path[256];
	struct run	 r;
	FILE		*f;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(f = fopen(path, "w"));
	fputs(body, f);
	fclose(f);

	run_line("cat %f", path, 5000, 1000, &r);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, body);
	free(r.out);

	run_line("cat", path, 5000, 1000, &r);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, body);
	free(r.out);

	run_line("printf [%s] %f", path, 5000, 1000, &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(strncmp(r.out, "[", 1), 0);
	assert_non_null(strstr(r.out, name));
	assert_int_equal(r.len, strlen(path) + 2);
	free(r.out);

	unlink(path);
	rmdir(dir);
}

/* The child gets 0-2 only, default signal dispositions, no blocked
 * signals; the caller's SIGCHLD handler and mask are left as they were. */
static void
test_isolation(void **state)
{
	struct sigaction	 sa, before, after;
	sigset_t		 mask, mask_after;
	struct run		 r;
	unsigned long long	 blk, ign;
	int			 fd, i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_chld;
	sigemptyset(&sa.sa_mask);
	assert_int_equal(sigaction(SIGCHLD, &sa, &before), 0);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	/* A descriptor that is not close-on-exec. */
	assert_true((fd = open("/dev/null", O_RDONLY)) != -1);

	chld_seen = 0;
	run_line("sh -c \"ls /proc/$$/fd\"", NULL, 5000, 1000, &r);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, "0\n1\n2\n");
	free(r.out);
	/* Signals 1-31: glibc keeps 32 and 33 for itself and will not
	 * reset them, so they may come ignored from whoever ran us. */
	run_line("grep -E ^Sig(Ign|Blk) /proc/self/status", NULL, 5000, 1000,
	    &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(sscanf(r.out, "SigBlk: %llx SigIgn: %llx", &blk,
	    &ign), 2);
	assert_int_equal(blk & 0x7fffffffULL, 0);
	assert_int_equal(ign & 0x7fffffffULL, 0);
	free(r.out);

	/* Our SIGCHLD handler ran (the child exited) and is still ours. */
	for (i = 0; i < 100 && chld_seen == 0; i++)
		usleep(1000);
	assert_true(chld_seen > 0);
	assert_int_equal(sigaction(SIGCHLD, NULL, &after), 0);
	assert_ptr_equal(after.sa_handler, on_chld);
	sigprocmask(SIG_BLOCK, NULL, &mask_after);
	assert_true(sigismember(&mask_after, SIGUSR1));
	assert_false(sigismember(&mask_after, SIGTERM));

	close(fd);
	sigprocmask(SIG_UNBLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_DFL);
	sigaction(SIGCHLD, &before, NULL);
}

/* With 0, 1 and 2 closed in the caller the pipes still land right. */
static void
test_closed_stdio(void **state)
{
	char *const	argv[] = { "sh", "-c", "cat; echo out; echo err >&2",
			    NULL };
	struct run	r;
	int		saved[3], i;

	for (i = 0; i < 3; i++) {
		saved[i] = fcntl(i, F_DUPFD_CLOEXEC, 10);
		assert_true(saved[i] != -1);
	}
	close(0);
	close(1);
	close(2);
	run(argv, 5000, 1000, &r);
	for (i = 0; i < 3; i++) {
		dup2(saved[i], i);
		close(saved[i]);
	}
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, "out\n");
	free(r.out);
}

static void
test_pdftotext(void **state)
{
	const char	*dir = getenv("DOCKET_TEST_DATA");
	char		 path[1024], *text;
	struct run	 r;
	size_t		 len;

	if (dir == NULL || *dir == '\0')
		dir = "tests/data";
	snprintf(path, sizeof(path), "%s/formats/pdf-qc-notice.pdf", dir);
	assert_int_equal(access(path, R_OK), 0);
	run_line("pdftotext -enc UTF-8 %f -", path, 30000, 1024 * 1024, &r);
	if (r.rc == -1 && strstr(r.err, "not found") != NULL)
		skip();
	assert_int_equal(r.rc, 0);
	/* The damage textnorm is for... */
	assert_non_null(strstr(r.out, "2024 年 6 月 18 日"));
	text = textnorm_cjk_spaces(r.out, &len);
	free(r.out);
	assert_non_null(text);
	/* ...is undone, one line per element. */
	assert_non_null(strstr(text, "\n青环发〔2024〕17号\n"));
	assert_non_null(strstr(text,
	    "\n关于开展2024年入河排污口排查整治工作的通知\n"));
	assert_non_null(strstr(text, "\n2024年6月18日\n（此件依申请公开）\n"));
	assert_null(strchr(text, '\f'));
	free(text);

	/* A file that is not a PDF: pdftotext's complaint comes back. */
	snprintf(path, sizeof(path), "%s/formats/pdf-qc-notice.md", dir);
	run_line("pdftotext -enc UTF-8 %f -", path, 30000, 1024 * 1024, &r);
	assert_int_equal(r.rc, -1);
	assert_non_null(strstr(r.err, "pdftotext: exit status 1: "));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_argv),
		cmocka_unit_test(test_ok),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_not_executable),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_too_much),
		cmocka_unit_test(test_fails),
		cmocka_unit_test(test_odd_path),
		cmocka_unit_test(test_isolation),
		cmocka_unit_test(test_closed_stdio),
		cmocka_unit_test(test_pdftotext),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
