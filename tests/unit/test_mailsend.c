/*
 * Unit tests for mailsend: the transport value; the sendmail transport
 * with fake sendmail scripts (one that keeps its stdin and argv, one that
 * fails with exit status 75, one that sleeps past the timeout, one that
 * dies of a signal, one that leaves a background child holding its
 * output, a missing one), after each of which no child of ours may be
 * left; SMTP to a real server (aiosmtpd, skipped when /usr/bin/python3
 * lacks it): the message lands in its Maildir, a refused recipient gives
 * the server's reply, STARTTLS required of a server without it fails;
 * and SMTP to a closed port and to one that never answers fail quickly.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "exttool.h"
#include "mailmsg.h"
#include "mailsend.h"

#define PYTHON	"/usr/bin/python3"
#define NOW	1718000000

struct fixture {
	char		 dir[64];
	pid_t		 server;	/* aiosmtpd, or -1 */
	int		 port;
	struct mail_addr from, to[2];
	char		*msg;
	size_t		 len;
};

static double
seconds(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
assert_no_children(void)
{
	errno = 0;
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

static char *
slurp(const char *path, size_t *len)
{
	FILE	*f;
	char	*buf;
	long	 n;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	if (len != NULL)
		*len = (size_t)n;
	return buf;
}

static void
spew(const char *path, const char *text, mode_t mode)
{
	FILE	*f = fopen(path, "w");

	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, mode), 0);
}

/* A fake sendmail at DIR/name running body (sh), DIR as $D. */
static void
script(struct fixture *fx, const char *name, const char *body)
{
	char	path[128], text[2048];

	snprintf(path, sizeof(path), "%s/%s", fx->dir, name);
	snprintf(text, sizeof(text), "#!/bin/sh\nD='%s'\n%s\n", fx->dir,
	    body);
	spew(path, text, 0755);
}

static void
transport(struct fixture *fx, struct mail_transport *t, const char *cmd,
    unsigned int ms)
{
	char	err[256];

	assert_int_equal(mail_transport_parse("sendmail", t, err,
	    sizeof(err)), 0);
	snprintf(t->sendmail, sizeof(t->sendmail), "%s/%s", fx->dir, cmd);
	t->timeout_ms = ms;
}

static void
rm_rf(const char *dir)
{
	char	*argv[] = { "rm", "-rf", (char *)dir, NULL };
	char	*out, err[256];

	if (exttool_run(argv, 10000, 0, &out, NULL, err, sizeof(err)) == 0)
		free(out);
}

static int
setup(void **state)
{
	struct fixture	*fx = calloc(1, sizeof(*fx));
	char		 err[256];
	/* A big attachment too: more than any pipe holds. */
	struct mail_part part;
	size_t		 i, n = 3 * 1024 * 1024;
	char		*data;

	assert_non_null(fx);
	strcpy(fx->dir, "/tmp/test_mailsend.XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	fx->server = -1;
	assert_int_equal(mail_addr_parse("政务公开办公室 <gongkai@example.gov.cn>",
	    &fx->from, err, sizeof(err)), 0);
	assert_int_equal(mail_addr_parse("李秘书 <li@czj.example.gov.cn>",
	    &fx->to[0], err, sizeof(err)), 0);
	assert_int_equal(mail_addr_parse("-oQ.wang@czj.example.gov.cn",
	    &fx->to[1], err, sizeof(err)), 0);
	data = malloc(n);
	assert_non_null(data);
	for (i = 0; i < n; i++)
		data[i] = (char)(i * 7 + i / 251);
	part.filename = "报表.csv";
	part.content_type = "text/csv; charset=UTF-8";
	part.data = data;
	part.len = n;
	assert_int_equal(mail_compose(&fx->from, fx->to, 2,
	    "关于2024年第三季度收文登记情况的统计报告", "李秘书：\n\n详见附表。\n"
	    ".\n", &part, 1, NOW, NULL, &fx->msg, &fx->len, err, sizeof(err)),
	    0);
	free(data);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*fx = *state;

	rm_rf(fx->dir);
	free(fx->msg);
	free(fx);
	return 0;
}

/* --- transport value --------------------------------------------------- */

static void
test_transport_parse(void **state)
{
	static const struct {
		const char	*in;
		int		 kind;
	} good[] = {
		{ "sendmail", MAIL_SENDMAIL },
		{ " sendmail\t", MAIL_SENDMAIL },
		{ "smtp://127.0.0.1:25", MAIL_SMTP },
		{ "smtp://mail.example.gov.cn", MAIL_SMTP },
		{ "smtps://mail.example.gov.cn:465", MAIL_SMTP },
		{ "SMTP://mail.example.gov.cn:587/docket.example.gov.cn",
		    MAIL_SMTP },
		{ "smtp://[::1]:2525", MAIL_SMTP },
	};
	static const struct {
		const char	*in, *why;
	} bad[] = {
		{ "", "empty" },
		{ "  ", "empty" },
		{ "sendmail -t", "unknown mail transport" },
		{ "Sendmail", "unknown mail transport" },
		{ "http://x.cn", "unknown mail transport" },
		{ "lmtp://x.cn", "unknown mail transport" },
		{ "/usr/sbin/sendmail", "unknown mail transport" },
		{ "smtp://", "unknown mail transport" },
		{ "smtp://:25", "no host" },
		{ "smtp://user:secret@x.cn", "must not hold a user name" },
		{ "smtp://x.cn:0", "bad port" },
		{ "smtp://x.cn:65536", "bad port" },
		{ "smtp://x.cn:25x", "bad port" },
		{ "smtp://x.cn:", "bad port" },
		{ "smtp://[::1", "bad host" },
		{ "smtp://x.cn\r\nRCPT", "control" },
		{ "smtp://x .cn", "blank" },
	};
	struct mail_transport	t;
	char			err[256], big[600];
	size_t			i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (mail_transport_parse(good[i].in, &t, err, sizeof(err)) != 0)
			fail_msg("%s: %s", good[i].in, err);
		assert_int_equal(t.kind, good[i].kind);
		assert_string_equal(t.sendmail, "/usr/sbin/sendmail -t -oi");
		assert_int_equal(t.timeout_ms, 60000);
		assert_int_equal(t.starttls, 0);
		assert_string_equal(t.user, "");
		if (t.kind == MAIL_SMTP)
			assert_non_null(strstr(good[i].in, t.url));
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		if (mail_transport_parse(bad[i].in, &t, err, sizeof(err)) != -1)
			fail_msg("accepted: %s", bad[i].in);
		if (strstr(err, bad[i].why) == NULL)
			fail_msg("%s: \"%s\" lacks \"%s\"", bad[i].in, err,
			    bad[i].why);
		assert_null(strstr(err, "secret"));
	}
	strcpy(big, "smtp://");
	memset(big + 7, 'a', 550);
	big[557] = '\0';
	assert_int_equal(mail_transport_parse(big, &t, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "longer than"));
}

/* --- sendmail ---------------------------------------------------------- */

static void
test_sendmail_ok(void **state)
{
	struct fixture		*fx = *state;
	struct mail_transport	 t;
	char			 err[512], path[128], *got;
	size_t			 n;

	script(fx, "sendmail", "printf '%s\\n' \"$@\" > \"$D/args\"\n"
	    "cat > \"$D/msg\"\necho queued as 4XyZ\nexit 0");
	transport(fx, &t, "sendmail -t -oi", 20000);
	if (mail_send(&t, &fx->from, fx->to, 2, fx->msg, fx->len, err,
	    sizeof(err)) != 0)
		fail_msg("%s", err);
	assert_no_children();
	snprintf(path, sizeof(path), "%s/msg", fx->dir);
	got = slurp(path, &n);
	assert_non_null(got);
	assert_int_equal(n, fx->len);
	assert_memory_equal(got, fx->msg, n);
	free(got);
	snprintf(path, sizeof(path), "%s/args", fx->dir);
	got = slurp(path, NULL);
	assert_string_equal(got, "-t\n-oi\n");
	free(got);

	/* The default timeout (0) is fine too. */
	t.timeout_ms = 0;
	assert_int_equal(mail_send(&t, &fx->from, fx->to, 1, "x\r\n", 3, err,
	    sizeof(err)), 0);
	assert_no_children();
}

/* Without -t the recipients follow "--", a leading '-' harmless. */
static void
test_sendmail_no_t(void **state)
{
	struct fixture		*fx = *state;
	struct mail_transport	 t;
	char			 err[512], path[128], *got;

	script(fx, "sendmail", "printf '%s\\n' \"$@\" > \"$D/args\"\n"
	    "cat > /dev/null");
	transport(fx, &t, "\"sendmail\" -oi -f gongkai@example.gov.cn", 20000);
	if (mail_send(&t, &fx->from, fx->to, 2, fx->msg, fx->len, err,
	    sizeof(err)) != 0)
		fail_msg("%s", err);
	snprintf(path, sizeof(path), "%s/args", fx->dir);
	got = slurp(path, NULL);
	assert_string_equal(got, "-oi\n-f\ngongkai@example.gov.cn\n--\n"
	    "li@czj.example.gov.cn\n-oQ.wang@czj.example.gov.cn\n");
	free(got);
	assert_no_children();
}

static void
test_sendmail_fail(void **state)
{
	struct fixture		*fx = *state;
	struct mail_transport	 t;
	char			 err[512];

	/* It does not even read its input. */
	script(fx, "sendmail", "echo 'sendmail: warning: first' >&2\n"
	    "echo 'postdrop: warning: unable to look up public/pickup: "
	    "No such file or directory' >&2\necho >&2\nexit 75");
	transport(fx, &t, "sendmail -t -oi", 20000);
	assert_int_equal(mail_send(&t, &fx->from, fx->to, 2, fx->msg, fx->len,
	    err, sizeof(err)), -1);
	assert_string_equal(err, "sendmail: exit status 75: postdrop: warning: "
	    "unable to look up public/pickup: No such file or directory");
	assert_no_children();

	script(fx, "sendmail", "cat > /dev/null; kill -TERM $$");
	assert_int_equal(mail_send(&t, &fx->from, fx->to, 2, fx->msg, fx->len,
	    err, sizeof(err)), -1);
	assert_string_equal(err, "sendmail: killed by signal 15");
	assert_no_children();

	/* Output on stdout counts as well; control characters are '?'. */
	script(fx, "sendmail", "printf 'no recipients\\033[0m\\n'; exit 1");
	assert_int_equal(mail_send(&t, &fx->from, fx->to, 2, fx->msg, fx->len,
	    err, sizeof(err)), -1);
	assert_string_equal(err, "sendmail: exit status 1: no recipients?[0m");
	assert_no_children();
}

static void
test_sendmail_timeout(void **state)
{
	struct fixture		*fx = *state;
	struct mail_transport	 t;
	char			 err[512], path[128], *got;
	double			 t0, took;
	pid_t			 sleeper;
	char			 proc[64];
	int			 i, gone = 0;

	script(fx, "sendmail", "sleep 30 &\necho $! > \"$D/sleeper\"\n"
	    "echo 'waiting for the queue' >&2\nwait");
	transport(fx, &t, "sendmail -t -oi", 400);
	t0 = seconds();
	assert_int_equal(mail_send(&t, &fx->from, fx->to, 2, fx->msg, fx->len,
	    err, sizeof(err)), -1);
	took = seconds() - t0;
	assert_true(took >= 0.35 && took < 3.0);
	assert_string_equal(err,
	    "sendmail: timed out after 400 ms: waiting for the queue");
	assert_no_children();

	/* Its child went with it (gone, or a zombie for init to reap). */
	snprintf(path, sizeof(path), "%s/sleeper", fx->dir);
	got = slurp(path, NULL);
	assert_non_null(got);
	sleeper = (pid_t)atol(got);
	free(got);
	assert_true(sleeper > 1);
	snprintf(proc, sizeof(proc), "/proc/%ld/stat", (long)sleeper);
	for (i = 0; i < 100 && !gone; i++) {
		got = slurp(proc, NULL);
		if (got == NULL || strstr(got, ") Z ") != NULL)
			gone = 1;
		else
			(void)poll(NULL, 0, 20);
		free(got);
	}
	assert_true(gone);

	/* Seconds read as such. */
	script(fx, "sendmail", "exec sleep 30");
	t.timeout_ms = 1000;
	assert_int_equal(mail_send(&t, &fx->from, fx->to, 2, fx->msg, fx->len,
	    err, sizeof(err)), -1);
	assert_string_equal(err, "sendmail: timed out after 1 s");
	assert_no_children();
}

/* A clean exit is success even while a background child keeps its
 * output open; that child is left alone. */
static void
test_sendmail_background(void **state)
{
	struct fixture		*fx = *state;
	struct mail_transport	 t;
	char			 err[512], path[128], *got;
	double			 t0;
	pid_t			 bg;

	script(fx, "sendmail", "cat > /dev/null\nsleep 20 &\n"
	    "echo $! > \"$D/bg\"\nexit 0");
	transport(fx, &t, "sendmail -t -oi", 10000);
	t0 = seconds();
	if (mail_send(&t, &fx->from, fx->to, 2, fx->msg, fx->len, err,
	    sizeof(err)) != 0)
		fail_msg("%s", err);
	assert_true(seconds() - t0 < 5.0);
	assert_no_children();
	snprintf(path, sizeof(path), "%s/bg", fx->dir);
	got = slurp(path, NULL);
	assert_non_null(got);
	bg = (pid_t)atol(got);
	free(got);
	assert_true(bg > 1);
	assert_int_equal(kill(bg, 0), 0);
	(void)kill(bg, SIGKILL);	/* the test's own leftover */
}

static void
test_sendmail_missing(void **state)
{
	struct fixture		*fx = *state;
	struct mail_transport	 t;
	char			 err[512];

	transport(fx, &t, "nonexistent/sendmail -t -oi", 5000);
	assert_int_equal(mail_send(&t, &fx->from, fx->to, 2, fx->msg, fx->len,
	    err, sizeof(err)), -1);
	assert_non_null(strstr(err, "sendmail: "));
	assert_non_null(strstr(err, "nonexistent/sendmail not found"));
	assert_no_children();

	snprintf(t.sendmail, sizeof(t.sendmail), "\"unterminated -t");
	assert_int_equal(mail_send(&t, &fx->from, fx->to, 2, fx->msg, fx->len,
	    err, sizeof(err)), -1);
	assert_non_null(strstr(err, "bad command line"));

	/* A recipient that is no address never reaches the command. */
	transport(fx, &t, "sendmail -t -oi", 5000);
	{
		struct mail_addr	bad = fx->to[0];

		strcpy(bad.addr, "a@b.cn\r\nRCPT TO:<x@y.cn>");
		assert_int_equal(mail_send(&t, &fx->from, &bad, 1, fx->msg,
		    fx->len, err, sizeof(err)), -1);
		assert_non_null(strstr(err, "bad recipient address"));
		assert_int_equal(mail_send(&t, &fx->from, &bad, 0, fx->msg,
		    fx->len, err, sizeof(err)), -1);
		assert_non_null(strstr(err, "no recipient"));
	}
}

/* --- SMTP -------------------------------------------------------------- */

static int
free_port(void)
{
	struct sockaddr_in	sin;
	socklen_t		sl = sizeof(sin);
	int			s, port;

	s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(s >= 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(s, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(getsockname(s, (struct sockaddr *)&sin, &sl), 0);
	port = ntohs(sin.sin_port);
	close(s);
	return port;
}

static int
can_connect(int port)
{
	struct sockaddr_in	sin;
	int			s, ok;

	s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(s >= 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons((uint16_t)port);
	ok = connect(s, (struct sockaddr *)&sin, sizeof(sin)) == 0;
	close(s);
	return ok;
}

static int
have_aiosmtpd(void)
{
	char	*argv[] = { PYTHON, "-c", "import aiosmtpd", NULL };
	char	*out, err[256];

	if (access(PYTHON, X_OK) != 0 ||
	    exttool_run(argv, 20000, 0, &out, NULL, err, sizeof(err)) != 0)
		return 0;
	free(out);
	return 1;
}

/* aiosmtpd with handler class (and its argument) on a free port, the
 * test directory on PYTHONPATH; its log in DIR/server.log. */
static void
server_start(struct fixture *fx, const char *handler, const char *arg)
{
	char	listen[64], log[128];
	int	fd, i;

	fx->port = free_port();
	snprintf(listen, sizeof(listen), "127.0.0.1:%d", fx->port);
	snprintf(log, sizeof(log), "%s/server.log", fx->dir);
	fx->server = fork();
	assert_true(fx->server != -1);
	if (fx->server == 0) {
		(void)setpgid(0, 0);
		setenv("PYTHONPATH", fx->dir, 1);
		if ((fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644)) != -1) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execl(PYTHON, PYTHON, "-m", "aiosmtpd", "-n", "-l", listen,
		    "-c", handler, arg, (char *)NULL);
		_exit(127);
	}
	for (i = 0; i < 200; i++) {
		if (can_connect(fx->port))
			return;
		if (waitpid(fx->server, NULL, WNOHANG) == fx->server) {
			fx->server = -1;
			fail_msg("aiosmtpd exited; see %s", log);
		}
		(void)poll(NULL, 0, 50);
	}
	fail_msg("aiosmtpd did not listen on %s", listen);
}

static void
server_stop(struct fixture *fx)
{
	int	i;

	if (fx->server == -1)
		return;
	(void)kill(fx->server, SIGTERM);
	for (i = 0; i < 100; i++) {
		if (waitpid(fx->server, NULL, WNOHANG) == fx->server) {
			fx->server = -1;
			return;
		}
		(void)poll(NULL, 0, 50);
	}
	(void)kill(fx->server, SIGKILL);
	(void)waitpid(fx->server, NULL, 0);
	fx->server = -1;
}

static int
teardown_server(void **state)
{
	server_stop(*state);
	return 0;
}

static void
smtp_transport(struct fixture *fx, struct mail_transport *t, int port,
    unsigned int ms)
{
	char	url[64], err[256];

	snprintf(url, sizeof(url), "smtp://127.0.0.1:%d", port);
	assert_int_equal(mail_transport_parse(url, t, err, sizeof(err)), 0);
	t->timeout_ms = ms;
}

/* Unfolded field name of a message with CRLF or LF line ends. */
static char *
header(const char *msg, const char *name)
{
	const char	*p = msg, *e;
	char		*v, *o;
	size_t		 n = strlen(name);

	while (p != NULL && *p != '\0' && *p != '\r' && *p != '\n') {
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			p += n + 1;
			for (e = p; *e != '\0'; e++)
				if (*e == '\n' && e[1] != ' ' && e[1] != '\t')
					break;
			v = malloc((size_t)(e - p) + 1);
			assert_non_null(v);
			for (o = v; p < e; p++)
				if (*p != '\r' && *p != '\n')
					*o++ = *p;
			*o = '\0';
			/* Folding blanks: compare the words. */
			for (o = v; *o != '\0'; o++)
				if (*o == '\t')
					*o = ' ';
			return v;
		}
		if ((p = strchr(p, '\n')) != NULL)
			p++;
	}
	return NULL;
}

/* The words of a header value, blanks squeezed. */
static void
squeeze(char *s)
{
	char	*o = s, *p;

	for (p = s; *p == ' '; p++)
		;
	for (; *p != '\0'; p++)
		if (*p != ' ' || (p[1] != ' ' && p[1] != '\0'))
			*o++ = *p;
	*o = '\0';
}

/* The one file in DIR/new, waiting up to 5 s for it. */
static char *
maildir_one(struct fixture *fx, size_t *n)
{
	char		 path[256], file[512];
	DIR		*d;
	struct dirent	*de;
	int		 i;

	snprintf(path, sizeof(path), "%s/maildir/new", fx->dir);
	for (i = 0; i < 100; i++) {
		if ((d = opendir(path)) != NULL) {
			while ((de = readdir(d)) != NULL) {
				if (de->d_name[0] == '.')
					continue;
				snprintf(file, sizeof(file), "%s/%s", path,
				    de->d_name);
				closedir(d);
				return slurp(file, n);
			}
			closedir(d);
		}
		(void)poll(NULL, 0, 50);
	}
	return NULL;
}

static void
test_smtp_deliver(void **state)
{
	struct fixture		*fx = *state;
	struct mail_transport	 t;
	char			 err[512], dir[128], *got, *a, *b;
	size_t			 n;

	if (!have_aiosmtpd())
		skip();
	snprintf(dir, sizeof(dir), "%s/maildir", fx->dir);
	server_start(fx, "aiosmtpd.handlers.Mailbox", dir);
	smtp_transport(fx, &t, fx->port, 30000);
	if (mail_send(&t, &fx->from, fx->to, 2, fx->msg, fx->len, err,
	    sizeof(err)) != 0)
		fail_msg("%s", err);
	got = maildir_one(fx, &n);
	assert_non_null(got);

	/* The same Subject and Message-ID. */
	a = header(fx->msg, "Subject");
	b = header(got, "Subject");
	assert_non_null(a);
	assert_non_null(b);
	squeeze(a);
	squeeze(b);
	assert_string_equal(a, b);
	assert_true(strncmp(a, "=?UTF-8?B?", 10) == 0);
	free(a);
	free(b);
	a = header(fx->msg, "Message-ID");
	b = header(got, "Message-ID");
	assert_non_null(b);
	assert_string_equal(a, b);
	free(a);
	free(b);
	/* The envelope. */
	b = header(got, "X-MailFrom");
	assert_string_equal(b, " gongkai@example.gov.cn");
	free(b);
	b = header(got, "X-RcptTo");
	assert_string_equal(b,
	    " li@czj.example.gov.cn, -oQ.wang@czj.example.gov.cn");
	free(b);
	/* The 3 MB attachment made it: the message is at least as long. */
	assert_true(n >= fx->len - fx->len / 50);
	free(got);
	server_stop(fx);
	assert_no_children();
}

/* The sendmail transport with a real sendmail-alike: msmtp, to the
 * same kind of server. */
static void
test_sendmail_msmtp(void **state)
{
	struct fixture		*fx = *state;
	struct mail_transport	 t;
	char			 err[512], dir[128], rc[128], *got, *a, *b;
	size_t			 n;

	if (access("/usr/bin/msmtp", X_OK) != 0 || !have_aiosmtpd())
		skip();
	snprintf(dir, sizeof(dir), "%s/maildir", fx->dir);
	rm_rf(dir);
	snprintf(rc, sizeof(rc), "%s/msmtprc", fx->dir);
	spew(rc, "", 0600);
	server_start(fx, "aiosmtpd.handlers.Mailbox", dir);
	assert_int_equal(mail_transport_parse("sendmail", &t, err,
	    sizeof(err)), 0);
	snprintf(t.sendmail, sizeof(t.sendmail), "/usr/bin/msmtp -C %s "
	    "--host=127.0.0.1 --port=%d --auth=off --tls=off "
	    "--from=gongkai@example.gov.cn -t -oi", rc, fx->port);
	if (mail_send(&t, &fx->from, fx->to, 2, fx->msg, fx->len, err,
	    sizeof(err)) != 0)
		fail_msg("%s", err);
	got = maildir_one(fx, &n);
	assert_non_null(got);
	a = header(fx->msg, "Subject");
	b = header(got, "Subject");
	assert_non_null(b);
	squeeze(a);
	squeeze(b);
	assert_string_equal(a, b);
	free(a);
	free(b);
	b = header(got, "X-RcptTo");
	assert_string_equal(b,
	    " li@czj.example.gov.cn, -oQ.wang@czj.example.gov.cn");
	free(b);
	free(got);

	/* The server gone: msmtp's exit status (EX_TEMPFAIL) and the last
	 * line it printed. */
	server_stop(fx);
	assert_int_equal(mail_send(&t, &fx->from, fx->to, 2, fx->msg, fx->len,
	    err, sizeof(err)), -1);
	assert_true(strncmp(err, "msmtp: exit status 75: msmtp: ", 30) == 0);
	assert_no_children();
}

static void
test_smtp_refused(void **state)
{
	struct fixture		*fx = *state;
	struct mail_transport	 t;
	struct mail_addr	 to[2];
	char			 err[512], path[128];

	if (!have_aiosmtpd())
		skip();
	snprintf(path, sizeof(path), "%s/refuse.py", fx->dir);
	spew(path,
	    "class Refuse:\n"
	    "    async def handle_RCPT(self, server, session, envelope,\n"
	    "                          address, rcpt_options):\n"
	    "        if address.startswith('nobody@'):\n"
	    "            return '550 mailbox unavailable'\n"
	    "        envelope.rcpt_tos.append(address)\n"
	    "        return '250 OK'\n"
	    "    async def handle_DATA(self, server, session, envelope):\n"
	    "        return '250 OK'\n", 0644);
	server_start(fx, "refuse.Refuse", NULL);
	smtp_transport(fx, &t, fx->port, 30000);
	to[0] = fx->to[0];
	assert_int_equal(mail_addr_parse("Nobody <nobody@czj.example.gov.cn>",
	    &to[1], err, sizeof(err)), 0);
	assert_int_equal(mail_send(&t, &fx->from, to, 2, fx->msg, fx->len, err,
	    sizeof(err)), -1);
	snprintf(path, sizeof(path), "smtp://127.0.0.1:%d: 邮件服务器拒收："
	    "RCPT TO:<nobody@czj.example.gov.cn>: 550 mailbox unavailable",
	    fx->port);
	assert_string_equal(err, path);

	/* STARTTLS required of a server that has none: not sent. */
	t.starttls = 1;
	assert_int_equal(mail_send(&t, &fx->from, fx->to, 1, fx->msg, fx->len,
	    err, sizeof(err)), -1);
	snprintf(path, sizeof(path), "smtp://127.0.0.1:%d: ", fx->port);
	assert_true(strncmp(err, path, strlen(path)) == 0);
	assert_non_null(strcasestr(err, "STARTTLS"));
	server_stop(fx);
	assert_no_children();
}

static void
test_smtp_closed(void **state)
{
	struct fixture		*fx = *state;
	struct mail_transport	 t;
	char			 err[512], want[64];
	double			 t0;
	int			 port = free_port();

	smtp_transport(fx, &t, port, 30000);
	t0 = seconds();
	assert_int_equal(mail_send(&t, &fx->from, fx->to, 2, fx->msg, fx->len,
	    err, sizeof(err)), -1);
	assert_true(seconds() - t0 < 5.0);
	snprintf(want, sizeof(want), "smtp://127.0.0.1:%d: ", port);
	assert_true(strncmp(err, want, strlen(want)) == 0);
	assert_non_null(strcasestr(err, "connect"));
	assert_non_null(strstr(err, "无法连接邮件服务器"));	/* 最近错误 */
}

/* A server that accepts the connection and never says a word. */
static void
test_smtp_silent(void **state)
{
	struct fixture		*fx = *state;
	struct mail_transport	 t;
	struct sockaddr_in	 sin;
	socklen_t		 sl = sizeof(sin);
	char			 err[512], want[64];
	double			 t0, took;
	int			 s;

	s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(s >= 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(s, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(listen(s, 4), 0);
	assert_int_equal(getsockname(s, (struct sockaddr *)&sin, &sl), 0);
	smtp_transport(fx, &t, ntohs(sin.sin_port), 700);
	t0 = seconds();
	assert_int_equal(mail_send(&t, &fx->from, fx->to, 2, fx->msg, fx->len,
	    err, sizeof(err)), -1);
	took = seconds() - t0;
	close(s);
	assert_true(took >= 0.6 && took < 3.0);
	snprintf(want, sizeof(want), "smtp://127.0.0.1:%d: ",
	    ntohs(sin.sin_port));
	assert_true(strncmp(err, want, strlen(want)) == 0);
	assert_non_null(strcasestr(err, "timed out"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transport_parse),
		cmocka_unit_test(test_sendmail_ok),
		cmocka_unit_test(test_sendmail_no_t),
		cmocka_unit_test(test_sendmail_fail),
		cmocka_unit_test(test_sendmail_timeout),
		cmocka_unit_test(test_sendmail_background),
		cmocka_unit_test(test_sendmail_missing),
		cmocka_unit_test_teardown(test_smtp_deliver, teardown_server),
		cmocka_unit_test_teardown(test_sendmail_msmtp, teardown_server),
		cmocka_unit_test_teardown(test_smtp_refused, teardown_server),
		cmocka_unit_test(test_smtp_closed),
		cmocka_unit_test(test_smtp_silent),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
