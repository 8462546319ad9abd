/*
 * Unit tests for control and client: a real control socket in a temporary
 * directory, its event loop running in a second thread, spoken to through
 * client_call and through raw sockets (malformed lines, pipelining, the
 * line limit, the connection limit, idle timeouts).  A fake server checks
 * client_call against answers docketd would never give.
 */
#include <errno.h>
#include <grp.h>
#include <poll.h>
#include <pthread.h>
#include <pwd.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <event2/event.h>
#include <jansson.h>

#include "client.h"
#include "control.h"

#define BIG_RESULT	(4 * 1024 * 1024)
#define MEDIUM_RESULT	250000	/* more than a socket buffer holds */
#define NO_GROUP	"docket-test-no-such-group"

struct srv {
	char			 dir[64];
	char			 path[128];
	char			 group[64];
	struct event_base	*base;
	struct control		*c;
	struct event		*ev_stop;
	int			 stop[2];
	pthread_t		 thread;
	int			 running;
};

/* echo answers with the peer and the request; others test the errors. */
static json_t *
handler(const struct control_peer *peer, const char *cmd, json_t *args,
    void *arg)
{
	struct srv	*s = arg;
	json_t		*r;
	char		*big;
	size_t		 n;

	if (strcmp(cmd, "fail") == 0)
		return control_error("conflict", "record %s already exists",
		    "2024-001");
	if (strcmp(cmd, "nothing") == 0)
		return NULL;
	if (strcmp(cmd, "slow") == 0)	/* a reindex: the loop is busy */
		usleep(400000);
	if (strcmp(cmd, "admin") == 0 && !control_peer_admin(peer))
		return control_error("denied", "permission denied: %s is not "
		    "root or in group %s", peer->user,
		    control_admin_group(s->c));
	if ((n = strcmp(cmd, "big") == 0 ? BIG_RESULT :
	    strcmp(cmd, "medium") == 0 ? MEDIUM_RESULT : 0) > 0) {
		if ((big = malloc(n + 1)) == NULL)
			return NULL;
		memset(big, 'x', n);
		big[n] = '\0';
		r = json_string(big);
		free(big);
		return r;
	}
	return json_pack("{s:I,s:s,s:s,s:b,s:O}", "uid", (json_int_t)peer->uid,
	    "cmd", cmd, "user", peer->user, "admin", peer->admin, "args", args);
}

static void
stop_cb(evutil_socket_t fd, short ev, void *arg)
{
	char	c;

	(void)ev;
	if (read(fd, &c, 1) == 1)
		event_base_loopbreak(arg);
}

static void *
srv_loop(void *arg)
{
	event_base_dispatch(((struct srv *)arg)->base);
	return NULL;
}

static void
srv_run(struct srv *s)
{
	assert_int_equal(pthread_create(&s->thread, NULL, srv_loop, s), 0);
	s->running = 1;
}

static void
srv_halt(struct srv *s)
{
	assert_int_equal(write(s->stop[1], "x", 1), 1);
	assert_int_equal(pthread_join(s->thread, NULL), 0);
	s->running = 0;
}

static int
setup(void **state)
{
	struct srv	*s = calloc(1, sizeof(*s));
	struct group	*gr = getgrgid(getgid());
	char		 err[256];

	assert_non_null(s);
	assert_non_null(gr);
	snprintf(s->dir, sizeof(s->dir), "/tmp/test_control.XXXXXX");
	assert_non_null(mkdtemp(s->dir));
	snprintf(s->path, sizeof(s->path), "%s/ctl.sock", s->dir);
	snprintf(s->group, sizeof(s->group), "%s", gr->gr_name);
	assert_non_null(s->base = event_base_new());
	s->c = control_new(s->base, s->path, s->group, handler, s, err,
	    sizeof(err));
	if (s->c == NULL)
		fail_msg("control_new: %s", err);
	assert_int_equal(pipe(s->stop), 0);
	s->ev_stop = event_new(s->base, s->stop[0], EV_READ | EV_PERSIST,
	    stop_cb, s->base);
	assert_int_equal(event_add(s->ev_stop, NULL), 0);
	*state = s;
	return 0;
}

static int
teardown(void **state)
{
	struct srv	*s = *state;

	if (s->running)
		srv_halt(s);
	control_free(s->c);
	assert_int_equal(access(s->path, F_OK), -1);	/* unlinked */
	event_free(s->ev_stop);
	event_base_free(s->base);
	close(s->stop[0]);
	close(s->stop[1]);
	assert_int_equal(rmdir(s->dir), 0);
	free(s);
	return 0;
}

static int
unix_socket(const char *path, int server)
{
	struct sockaddr_un	sun;
	int			fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	assert_true((fd = socket(AF_UNIX, SOCK_STREAM, 0)) >= 0);
	if (server) {
		assert_int_equal(bind(fd, (struct sockaddr *)&sun,
		    sizeof(sun)), 0);
		assert_int_equal(listen(fd, 4), 0);
	} else
		assert_int_equal(connect(fd, (struct sockaddr *)&sun,
		    sizeof(sun)), 0);
	return fd;
}

static void
raw_send(int fd, const char *buf, size_t len)
{
	ssize_t	n;

	while (len > 0) {
		n = send(fd, buf, len, MSG_NOSIGNAL);
		assert_true(n > 0);
		buf += n;
		len -= (size_t)n;
	}
}

/* One response line within 5 s, parsed; NULL when the server hung up. */
static json_t *
raw_read(int fd)
{
	static char	 buf[2 * BIG_RESULT];
	struct pollfd	 pfd = { fd, POLLIN, 0 };
	size_t		 len = 0;
	ssize_t		 n;
	char		*nl;
	json_t		*r;
	json_error_t	 jerr;

	do {
		assert_int_equal(poll(&pfd, 1, 5000), 1);
		if ((n = recv(fd, buf + len, sizeof(buf) - len, MSG_PEEK)) <= 0)
			return NULL;
		if ((nl = memchr(buf + len, '\n', (size_t)n)) != NULL)
			n = nl - (buf + len) + 1;
		assert_int_equal(recv(fd, buf + len, (size_t)n, 0), n);
		len += (size_t)n;
		assert_true(len < sizeof(buf));
	} while (nl == NULL);
	if ((r = json_loadb(buf, len - 1, 0, &jerr)) == NULL)
		fail_msg("response is not JSON: %s", jerr.text);
	return r;
}

static json_t *
raw_call(int fd, const char *line)
{
	raw_send(fd, line, strlen(line));
	return raw_read(fd);
}

/* The server closes within 5 s (ECONNRESET if it left bytes unread). */
static void
raw_expect_close(int fd)
{
	struct pollfd	pfd = { fd, POLLIN, 0 };
	char		c;
	ssize_t		n;

	assert_int_equal(poll(&pfd, 1, 5000), 1);
	n = recv(fd, &c, 1, 0);
	assert_true(n == 0 || (n == -1 && errno == ECONNRESET));
}

/* r is ok:true; returns its result (borrowed) after checking proto. */
static json_t *
expect_ok(json_t *r)
{
	assert_non_null(r);
	assert_int_equal(json_integer_value(json_object_get(r, "proto")), 1);
	assert_true(json_is_true(json_object_get(r, "ok")));
	assert_non_null(json_object_get(r, "result"));
	return json_object_get(r, "result");
}

/* r is ok:false with code, and error is msg (exact) or contains it. */
static void
expect_error(json_t *r, const char *code, const char *msg, int exact)
{
	const char	*e;

	assert_non_null(r);
	assert_int_equal(json_integer_value(json_object_get(r, "proto")), 1);
	assert_true(json_is_false(json_object_get(r, "ok")));
	assert_string_equal(json_string_value(json_object_get(r, "code")),
	    code);
	assert_non_null(e = json_string_value(json_object_get(r, "error")));
	if (exact)
		assert_string_equal(e, msg);
	else if (strstr(e, msg) == NULL)
		fail_msg("error \"%s\" lacks \"%s\"", e, msg);
	json_decref(r);
}

static void
raw_echo_ok(int fd)
{
	json_t	*r = raw_call(fd, "{\"proto\":1,\"cmd\":\"echo\",\"args\":{}}\n");

	assert_string_equal(json_string_value(json_object_get(expect_ok(r),
	    "cmd")), "echo");
	json_decref(r);
}

static void
test_roundtrip(void **state)
{
	struct srv	*s = *state;
	struct passwd	*pw = getpwuid(getuid());
	json_t		*args, *res = NULL;
	char		 code[32], err[256], user[64];

	srv_run(s);
	if (pw != NULL)
		snprintf(user, sizeof(user), "%s", pw->pw_name);
	else
		snprintf(user, sizeof(user), "uid %u", (unsigned int)getuid());
	args = json_pack("{s:i,s:s}", "n", 7, "name", "公文");
	assert_int_equal(client_call(s->path, "echo", args, &res, code,
	    sizeof(code), err, sizeof(err)), 0);
	assert_int_equal(json_integer_value(json_object_get(res, "uid")),
	    getuid());
	assert_string_equal(json_string_value(json_object_get(res, "cmd")),
	    "echo");
	assert_string_equal(json_string_value(json_object_get(res, "user")),
	    user);
	/* Our primary group is the admin group. */
	assert_true(json_is_true(json_object_get(res, "admin")));
	assert_true(json_equal(json_object_get(res, "args"), args));
	json_decref(res);

	/* No args: the handler sees {}. */
	assert_int_equal(client_call(s->path, "echo", NULL, &res, code,
	    sizeof(code), err, sizeof(err)), 0);
	assert_int_equal(json_object_size(json_object_get(res, "args")), 0);
	json_decref(res);

	/* A result of megabytes comes through whole. */
	assert_int_equal(client_call(s->path, "big", NULL, &res, code,
	    sizeof(code), err, sizeof(err)), 0);
	assert_int_equal(json_string_length(res), BIG_RESULT);
	assert_int_equal(json_string_value(res)[BIG_RESULT - 1], 'x');
	json_decref(res);
	json_decref(args);
}

static void
test_socket_file(void **state)
{
	struct srv	*s = *state;
	struct control	*c2;
	struct stat	 st;
	char		 p[160], err[256];
	FILE		*f;

	assert_int_equal(lstat(s->path, &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0660);
	assert_int_equal(st.st_gid, getgid());
	assert_string_equal(control_admin_group(s->c), s->group);

	/* Not a socket: refused and left alone. */
	snprintf(p, sizeof(p), "%s/file", s->dir);
	assert_non_null(f = fopen(p, "w"));
	fclose(f);
	assert_null(control_new(s->base, p, NULL, handler, s, err,
	    sizeof(err)));
	assert_non_null(strstr(err, "is not a socket"));
	assert_int_equal(lstat(p, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(unlink(p), 0);

	/* A stale socket is replaced. */
	snprintf(p, sizeof(p), "%s/stale.sock", s->dir);
	close(unix_socket(p, 1));
	c2 = control_new(s->base, p, NULL, handler, s, err, sizeof(err));
	assert_non_null(c2);
	assert_int_equal(lstat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0660);
	control_free(c2);
	assert_int_equal(access(p, F_OK), -1);
}

static void
test_malformed(void **state)
{
	struct srv	*s = *state;
	int		 fd;

	srv_run(s);
	fd = unix_socket(s->path, 0);
	expect_error(raw_call(fd, "not json\n"), "malformed",
	    "request is not valid JSON: ", 0);
	expect_error(raw_call(fd, "{\"proto\":1,\n"), "malformed",
	    "request is not valid JSON: ", 0);
	expect_error(raw_call(fd, "\n"), "malformed",
	    "request is not valid JSON: ", 0);
	expect_error(raw_call(fd, "[1,2]\n"), "malformed",
	    "request is not a JSON object", 1);
	expect_error(raw_call(fd, "{\"proto\":1,\"args\":{}}\n"), "malformed",
	    "request has no \"cmd\"", 1);
	expect_error(raw_call(fd, "{\"proto\":1,\"cmd\":5}\n"), "malformed",
	    "request has a \"cmd\" that is not a string", 1);
	expect_error(raw_call(fd, "{\"proto\":1,\"cmd\":\"echo\","
	    "\"args\":[1]}\n"), "malformed",
	    "\"args\" of echo is not a JSON object", 1);
	raw_echo_ok(fd);	/* still usable */
	close(fd);
}

static void
test_proto(void **state)
{
	struct srv	*s = *state;
	int		 fd;

	srv_run(s);
	fd = unix_socket(s->path, 0);
	expect_error(raw_call(fd, "{\"proto\":2,\"cmd\":\"echo\",\"args\":{}}\n"),
	    "proto", "protocol version 2 is not supported; docketd speaks "
	    "protocol 1", 1);
	raw_echo_ok(fd);
	expect_error(raw_call(fd, "{\"cmd\":\"echo\",\"args\":{}}\n"), "proto",
	    "request carries no protocol version; docketd speaks protocol 1",
	    1);
	raw_echo_ok(fd);
	close(fd);
}

static void
test_pipelined(void **state)
{
	struct srv	*s = *state;
	const char	*two = "{\"proto\":1,\"cmd\":\"fail\"}\n"
			    "{\"proto\":1,\"cmd\":\"echo\",\"args\":{\"i\":2}}\n";
	const char	*big = "{\"proto\":1,\"cmd\":\"big\"}\n";
	const char	*medium = "{\"proto\":1,\"cmd\":\"medium\"}\n";
	json_t		*r;
	int		 fd, i;

	srv_run(s);
	fd = unix_socket(s->path, 0);
	raw_send(fd, two, strlen(two));
	expect_error(raw_read(fd), "conflict", "record 2024-001 already exists",
	    1);
	r = raw_read(fd);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(
	    expect_ok(r), "args"), "i")), 2);
	json_decref(r);
	close(fd);

	/* A peer that asks, shuts down its side and reads late gets all. */
	fd = unix_socket(s->path, 0);
	raw_send(fd, medium, strlen(medium));
	assert_int_equal(shutdown(fd, SHUT_WR), 0);
	usleep(200000);
	r = raw_read(fd);
	assert_int_equal(json_string_length(expect_ok(r)), MEDIUM_RESULT);
	json_decref(r);
	raw_expect_close(fd);
	close(fd);

	/*
	 * Megabytes of answers to a peer that asked and shut down its side
	 * at once: the server stops reading while they queue, resumes, and
	 * still answers everything before it closes.
	 */
	fd = unix_socket(s->path, 0);
	for (i = 0; i < 3; i++)
		raw_send(fd, big, strlen(big));
	raw_send(fd, two, strlen(two));
	assert_int_equal(shutdown(fd, SHUT_WR), 0);
	for (i = 0; i < 3; i++) {
		r = raw_read(fd);
		assert_int_equal(json_string_length(expect_ok(r)), BIG_RESULT);
		json_decref(r);
	}
	expect_error(raw_read(fd), "conflict", "record 2024-001 already exists",
	    1);
	r = raw_read(fd);
	expect_ok(r);
	json_decref(r);
	raw_expect_close(fd);
	close(fd);
}

#define PAD_HEAD	"{\"proto\":1,\"cmd\":\"echo\",\"args\":{\"pad\":\""
#define PAD_TAIL	"\"}}\n"

/* A request line of exactly len bytes, LF included. */
static char *
padded_request(size_t len)
{
	const char	*head = PAD_HEAD, *tail = PAD_TAIL;
	size_t		 h = strlen(head), t = strlen(tail);
	char		*buf = malloc(len + 1);

	assert_non_null(buf);
	memcpy(buf, head, h);
	memset(buf + h, 'p', len - h - t);
	memcpy(buf + len - t, tail, t + 1);
	return buf;
}

static void
test_too_big(void **state)
{
	struct srv	*s = *state;
	char		*line, *junk;
	json_t		*r;
	int		 fd;

	srv_run(s);
	fd = unix_socket(s->path, 0);
	line = padded_request(CONTROL_MAX_LINE);	/* at the limit: fine */
	r = raw_call(fd, line);
	assert_int_equal(json_string_length(json_object_get(json_object_get(
	    expect_ok(r), "args"), "pad")),
	    CONTROL_MAX_LINE - strlen(PAD_HEAD PAD_TAIL));
	json_decref(r);
	free(line);
	line = padded_request(CONTROL_MAX_LINE + 1);	/* one over */
	expect_error(raw_call(fd, line), "too_big",
	    "request line exceeds 65536 bytes; closing the connection", 1);
	raw_expect_close(fd);
	close(fd);
	free(line);

	/* No LF at all. */
	fd = unix_socket(s->path, 0);
	assert_non_null(junk = malloc(70000));
	memset(junk, '{', 70000);
	raw_send(fd, junk, 70000);
	expect_error(raw_read(fd), "too_big", "exceeds 65536 bytes", 0);
	raw_expect_close(fd);
	close(fd);
	free(junk);
}

static void
test_busy(void **state)
{
	struct srv	*s = *state;
	int		 fds[CONTROL_MAX_CONN], fd, i, rc = -1;
	char		 code[32], err[256];
	json_t		*res;

	srv_run(s);
	for (i = 0; i < CONTROL_MAX_CONN; i++) {
		fds[i] = unix_socket(s->path, 0);
		raw_echo_ok(fds[i]);
	}
	fd = unix_socket(s->path, 0);
	expect_error(raw_read(fd), "busy",
	    "too many control connections (32); try again", 1);
	raw_expect_close(fd);
	close(fd);
	assert_int_equal(client_call(s->path, "echo", NULL, &res, code,
	    sizeof(code), err, sizeof(err)), -1);
	assert_string_equal(code, "busy");
	assert_string_equal(err, "too many control connections (32); "
	    "try again");
	assert_null(res);

	/* One leaves; once the server has noticed, there is room again. */
	close(fds[0]);
	for (i = 0; i < 100 && rc != 0; i++) {
		rc = client_call(s->path, "echo", NULL, &res, code,
		    sizeof(code), err, sizeof(err));
		if (rc == -1) {
			assert_string_equal(code, "busy");
			usleep(20000);
		}
	}
	assert_int_equal(rc, 0);
	json_decref(res);
	for (i = 1; i < CONTROL_MAX_CONN; i++)
		raw_echo_ok(fds[i]);	/* the others were left alone */
	for (i = 1; i < CONTROL_MAX_CONN; i++)
		close(fds[i]);
}

static void
test_handler_errors(void **state)
{
	struct srv	*s = *state;
	char		 code[32], err[256], pad[70000];
	json_t		*res, *args;

	srv_run(s);
	assert_int_equal(client_call(s->path, "fail", NULL, &res, code,
	    sizeof(code), err, sizeof(err)), -1);
	assert_string_equal(code, "conflict");
	assert_string_equal(err, "record 2024-001 already exists");
	assert_null(res);
	assert_int_equal(client_call(s->path, "nothing", NULL, &res, code,
	    sizeof(code), err, sizeof(err)), -1);
	assert_string_equal(code, "internal");

	/* The client refuses to send what the server would refuse. */
	memset(pad, 'p', sizeof(pad) - 1);
	pad[sizeof(pad) - 1] = '\0';
	args = json_pack("{s:s}", "pad", pad);
	assert_int_equal(client_call(s->path, "echo", args, &res, code,
	    sizeof(code), err, sizeof(err)), -1);
	assert_string_equal(code, "too_big");
	json_decref(args);
}

static void
test_idle_timeout(void **state)
{
	struct srv	*s = *state;
	struct timespec	 t0, t1;
	long		 ms;
	int		 fd;

	control_set_idle_timeout(s->c, 150);
	srv_run(s);
	fd = unix_socket(s->path, 0);
	raw_echo_ok(fd);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	raw_expect_close(fd);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	assert_true(ms >= 100 && ms < 4000);
	close(fd);
}

/* A command that runs longer than the idle timeout (reindex at a
 * million records) still gets its answer: the clock starts again once
 * it has answered. */
static void
test_slow_command_answers(void **state)
{
	struct srv	*s = *state;
	char		 code[32], err[256];
	json_t		*res;

	control_set_idle_timeout(s->c, 150);
	srv_run(s);
	if (client_call(s->path, "slow", NULL, &res, code, sizeof(code), err,
	    sizeof(err)) != 0)
		fail_msg("%s: %s", code, err);
	assert_string_equal(json_string_value(json_object_get(res, "cmd")),
	    "slow");
	json_decref(res);
}

static void
test_admin_group_reload(void **state)
{
	struct srv	*s = *state;
	char		 code[32], err[256];
	struct stat	 st;
	json_t		*res;

	srv_run(s);
	srv_halt(s);
	control_set_admin_group(s->c, NO_GROUP);
	assert_string_equal(control_admin_group(s->c), NO_GROUP);
	srv_run(s);
	assert_int_equal(client_call(s->path, "echo", NULL, &res, code,
	    sizeof(code), err, sizeof(err)), 0);
	/* Without the group only root is admin. */
	assert_int_equal(json_is_true(json_object_get(res, "admin")),
	    getuid() == 0);
	json_decref(res);
	assert_int_equal(lstat(s->path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0660);
}

/*
 * As uid nobody, step 0: the 0660 socket keeps us out; 1: let in (0666)
 * but not admin; 2: admin because our gid is the admin group (gid, which
 * nobody's own groups lack).  0 when all went well.
 */
static int
as_nobody(const char *path, int step, gid_t gid)
{
	char	 code[32], err[256];
	json_t	*res;
	int	 rc;

	if (setgroups(0, NULL) == -1 || setgid(step == 2 ? gid : 65534) == -1 ||
	    setuid(65534) == -1)
		return 10;
	rc = client_call(path, "echo", NULL, &res, code, sizeof(code), err,
	    sizeof(err));
	if (step == 0)
		return rc == -1 && strcmp(code, "connect") == 0 &&
		    strstr(err, strerror(EACCES)) != NULL ? 0 : 11;
	if (rc != 0 ||
	    json_integer_value(json_object_get(res, "uid")) != 65534 ||
	    json_is_true(json_object_get(res, "admin")) != (step == 2))
		return 12;
	json_decref(res);
	rc = client_call(path, "admin", NULL, &res, code, sizeof(code), err,
	    sizeof(err));
	if (step == 1)
		return rc == -1 && strcmp(code, "denied") == 0 &&
		    strstr(err, "nobody is not root or in group") != NULL ?
		    0 : 13;
	json_decref(res);
	return rc == 0 ? 0 : 14;
}

static void
test_other_user(void **state)
{
	struct srv	*s = *state;
	struct group	*gr;
	struct stat	 st;
	char		 name[64] = "";
	gid_t		 gid = 0;
	pid_t		 pid;
	int		 status, step;

	/* A group of no one's: not ours, not nobody's. */
	setgrent();
	while ((gr = getgrent()) != NULL && name[0] == '\0')
		if (gr->gr_gid != 0 && gr->gr_gid != 65534 &&
		    gr->gr_gid != getgid() && gr->gr_mem[0] == NULL) {
			snprintf(name, sizeof(name), "%s", gr->gr_name);
			gid = gr->gr_gid;
		}
	endgrent();
	if (geteuid() != 0 || name[0] == '\0' || getpwuid(65534) == NULL)
		skip();
	srv_run(s);
	assert_int_equal(chmod(s->dir, 0711), 0);
	for (step = 0; step < 3; step++) {
		if (step == 1)
			assert_int_equal(chmod(s->path, 0666), 0);
		if (step == 2) {
			srv_halt(s);
			control_set_admin_group(s->c, name);
			assert_int_equal(lstat(s->path, &st), 0);
			assert_int_equal(st.st_gid, gid);
			assert_int_equal(st.st_mode & 07777, 0660);
			srv_run(s);
		}
		assert_true((pid = fork()) != -1);
		if (pid == 0)
			_exit(as_nobody(s->path, step, gid));
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
}

struct fake {
	int		 lfd;
	const char	*reply;
	char		 req[4096];
	size_t		 len;
};

static void *
fake_serve(void *arg)
{
	struct fake	*f = arg;
	char		 c;
	int		 s;

	if ((s = accept(f->lfd, NULL, NULL)) == -1)
		return NULL;
	while (f->len < sizeof(f->req) - 1 && read(s, &c, 1) == 1 && c != '\n')
		f->req[f->len++] = c;
	if (write(s, f->reply, strlen(f->reply)) == -1)
		perror("fake server");
	close(s);
	return NULL;
}

/* client_call against one canned answer; checks the request it sent. */
static int
fake_call(const char *dir, const char *reply, char *code, char *err)
{
	struct fake	 f;
	pthread_t	 t;
	char		 p[160];
	json_t		*req, *res = NULL;
	int		 rc;

	memset(&f, 0, sizeof(f));
	snprintf(p, sizeof(p), "%s/fake.sock", dir);
	f.lfd = unix_socket(p, 1);
	f.reply = reply;
	assert_int_equal(pthread_create(&t, NULL, fake_serve, &f), 0);
	rc = client_call(p, "status", NULL, &res, code, 32, err, 256);
	assert_int_equal(pthread_join(t, NULL), 0);
	close(f.lfd);
	unlink(p);
	assert_non_null(req = json_loadb(f.req, f.len, 0, NULL));
	assert_int_equal(json_integer_value(json_object_get(req, "proto")),
	    CONTROL_PROTO);
	assert_string_equal(json_string_value(json_object_get(req, "cmd")),
	    "status");
	assert_true(json_is_object(json_object_get(req, "args")));
	json_decref(req);
	if (rc == 0)
		json_decref(res);
	else
		assert_null(res);
	return rc;
}

static void
test_client_answers(void **state)
{
	struct srv	*s = *state;
	char		 code[32], err[256];

	assert_int_equal(fake_call(s->dir,
	    "{\"proto\":2,\"ok\":true,\"result\":1}\n", code, err), -1);
	assert_string_equal(code, "proto");
	assert_string_equal(err, "docketd speaks protocol 2, this docketctl "
	    "speaks protocol 1; upgrade them together");
	assert_int_equal(fake_call(s->dir, "<html>\n", code, err), -1);
	assert_string_equal(code, "io");
	assert_non_null(strstr(err, "garbled answer from docketd"));
	assert_int_equal(fake_call(s->dir, "{\"proto\":1,\"ok\":tr", code,
	    err), -1);
	assert_string_equal(code, "io");
	assert_string_equal(err, "docketd's answer was cut short");
	assert_int_equal(fake_call(s->dir, "", code, err), -1);
	assert_string_equal(code, "io");
	assert_string_equal(err, "docketd closed the connection without "
	    "answering");
	assert_int_equal(fake_call(s->dir,
	    "{\"proto\":1,\"ok\":true,\"result\":[1]}\n", code, err), 0);
}

static void
test_client_connect(void **state)
{
	struct srv	*s = *state;
	char		 p[160], code[32], err[512], want[512];
	json_t		*res;

	snprintf(p, sizeof(p), "%s/missing.sock", s->dir);
	assert_int_equal(client_call(p, "echo", NULL, &res, code,
	    sizeof(code), err, sizeof(err)), -1);
	assert_string_equal(code, "connect");
	snprintf(want, sizeof(want), "无法连接 docketd（%s：%s）；"
	    "docketd 是否在运行？", p, strerror(ENOENT));
	assert_string_equal(err, want);
	assert_null(res);
}

#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_roundtrip),
		T(test_socket_file),
		T(test_malformed),
		T(test_proto),
		T(test_pipelined),
		T(test_too_big),
		T(test_busy),
		T(test_handler_errors),
		T(test_idle_timeout),
		T(test_slow_command_answers),
		T(test_admin_group_reload),
		T(test_other_user),
		T(test_client_answers),
		T(test_client_connect),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
