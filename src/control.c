/*
 * control: the server side of docketd's control socket (the protocol is
 * described in control.h).  The socket is bound under a umask that keeps
 * it private, then given to the admin group and opened to 0660.  Each
 * connection gets a bufferevent: request lines are read up to
 * CONTROL_MAX_LINE, answered in order, and answers of any size are queued
 * and written without blocking.  While more than CONTROL_OUT_HIGH bytes
 * wait to be sent, no further requests are read from that connection, so
 * a peer that pipelines requests without reading cannot grow our memory.
 *
 * Peer credentials come from SO_PEERCRED; a peer that has none is refused.
 * Admin is worked out afresh for every connection: root, or the admin
 * group as the peer's gid or among its user's groups.
 */
#include <errno.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <grp.h>
#include <libgen.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "control.h"
#include "errbuf.h"
#include "esc.h"
#include "log.h"

#define CONTROL_ERROR_KEY	"\x1f" "control_error"
#define CONTROL_OUT_HIGH	(256 * 1024)
#define CONTROL_BACKLOG		64

struct control_conn {
	TAILQ_ENTRY(control_conn)	 entry;
	struct control			*c;
	struct bufferevent		*bev;
	struct control_peer		 peer;
	int				 paused;	/* output full */
	uint64_t			 progress_ms;	/* last progress line */
	int				 eof;		/* peer shut down */
	int				 closing;	/* flush, then free */
};
TAILQ_HEAD(control_conns, control_conn);

struct control {
	struct event_base	*base;
	control_handler		 handler;
	void			*arg;
	char			*path;
	char			*group;
	int			 group_warned;
	int			 fd;
	int			 bound;
	dev_t			 dev;
	ino_t			 ino;
	struct event		*ev_accept, *ev_resume;
	struct control_conns	 conns;
	unsigned int		 nconns;
	struct timeval		 idle;
};

json_t *
control_error(const char *code, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;
	json_t	*e;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		msg = NULL;
	va_end(ap);
	e = json_pack("{s:b,s:s,s:s}", CONTROL_ERROR_KEY, 1,
	    "code", code != NULL ? code : "internal",
	    "error", msg != NULL ? msg : "out of memory");
	if (e == NULL)
		e = json_pack("{s:b,s:s,s:s}", CONTROL_ERROR_KEY, 1,
		    "code", "internal", "error", "error message is not UTF-8");
	free(msg);
	return e;
}

int
control_peer_admin(const struct control_peer *peer)
{
	return peer->admin;
}

const char *
control_admin_group(struct control *c)
{
	return c->group;
}

void
control_set_idle_timeout(struct control *c, unsigned int ms)
{
	c->idle.tv_sec = ms / 1000;
	c->idle.tv_usec = (ms % 1000) * 1000;
}

/* The admin group's gid; -1 when there is none (said once per name). */
static int
control_group_gid(struct control *c, gid_t *gid)
{
	struct group	*gr;

	if (c->group == NULL || *c->group == '\0')
		return -1;
	if ((gr = getgrnam(c->group)) == NULL) {
		if (!c->group_warned)
			log_warnx("control: group %s does not exist; only root "
			    "is admin", c->group);
		c->group_warned = 1;
		return -1;
	}
	*gid = gr->gr_gid;
	return 0;
}

static int
control_socket_perms(struct control *c, char *err, size_t errlen)
{
	gid_t	gid;

	if (control_group_gid(c, &gid) == 0 &&
	    chown(c->path, (uid_t)-1, gid) == -1) {
		if (errno != EPERM || geteuid() == 0) {
			errbuf_set(err, errlen, "cannot give %s to group %s: %s",
			    c->path, c->group, strerror(errno));
			return -1;
		}
		log_debug("control: cannot give %s to group %s (not root): %s",
		    c->path, c->group, strerror(errno));
	}
	if (chmod(c->path, 0660) == -1) {
		errbuf_set(err, errlen, "cannot chmod %s: %s", c->path,
		    strerror(errno));
		return -1;
	}
	return 0;
}

static void
control_check_dir(const char *path)
{
	char		 buf[PATH_MAX], *dir;
	struct stat	 st;

	snprintf(buf, sizeof(buf), "%s", path);
	dir = dirname(buf);
	if (stat(dir, &st) == 0 && (st.st_mode & S_IRWXO))
		log_warnx("control: %s is open to others (mode %04o); the "
		    "control socket's directory should not be",
		    dir, (unsigned int)(st.st_mode & 07777));
}

/* A response line's object: ok:false with code and message. */
static json_t *
control_reply_error(const char *code, const char *msg)
{
	return json_pack("{s:i,s:b,s:s,s:s}", "proto", CONTROL_PROTO, "ok", 0,
	    "code", code, "error", msg);
}

/* Refuse a fresh connection with one line (msg needs no escaping). */
static void
control_reject(int s, const char *code, const char *msg)
{
	char	line[256];
	int	n;

	n = snprintf(line, sizeof(line), "{\"proto\":%d,\"ok\":false,"
	    "\"code\":\"%s\",\"error\":\"%s\"}\n", CONTROL_PROTO, code, msg);
	if (n > 0 && (size_t)n < sizeof(line))
		(void)send(s, line, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT);
	close(s);
}

static void
control_conn_free(struct control_conn *cc)
{
	TAILQ_REMOVE(&cc->c->conns, cc, entry);
	cc->c->nconns--;
	bufferevent_free(cc->bev);
	free(cc);
}

static int
control_dump_cb(const char *buf, size_t len, void *arg)
{
	return evbuffer_add(arg, buf, len);
}

/* Queue one response line.  Takes the reference to r. */
static void
control_conn_send(struct control_conn *cc, json_t *r)
{
	struct evbuffer	*tmp;
	int		 rc = -1;

	if ((tmp = evbuffer_new()) == NULL) {
		log_warnx("control: out of memory");
		json_decref(r);
		cc->closing = 1;
		return;
	}
	if (r != NULL)
		rc = json_dump_callback(r, control_dump_cb, tmp, JSON_COMPACT);
	json_decref(r);
	if (rc == -1) {
		log_warnx("control: cannot encode an answer for uid %u",
		    (unsigned int)cc->peer.uid);
		evbuffer_drain(tmp, evbuffer_get_length(tmp));
		rc = evbuffer_add_printf(tmp, "{\"proto\":%d,\"ok\":false,"
		    "\"code\":\"internal\",\"error\":\"cannot encode the "
		    "answer\"}", CONTROL_PROTO);
	}
	if (rc == -1 || evbuffer_add(tmp, "\n", 1) == -1 ||
	    bufferevent_write_buffer(cc->bev, tmp) == -1) {
		log_warnx("control: cannot queue an answer for uid %u",
		    (unsigned int)cc->peer.uid);
		cc->closing = 1;
	}
	evbuffer_free(tmp);
}

static void	control_conn_refuse(struct control_conn *, const char *,
		    const char *, ...) __attribute__((format(printf, 3, 4)));

static void
control_conn_refuse(struct control_conn *cc, const char *code,
    const char *fmt, ...)
{
	va_list	ap;
	char	msg[1024];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_info("control: uid %u (%s) pid %d: %s: %s",
	    (unsigned int)cc->peer.uid, cc->peer.user, (int)cc->peer.pid,
	    code, esc(msg));
	control_conn_send(cc, control_reply_error(code, msg));
}

/* Turn the handler's answer (reference taken) into a response line. */
static void
control_conn_answer(struct control_conn *cc, const char *cmd, json_t *res)
{
	const char	*code, *msg;

	if (res == NULL) {
		log_warnx("control: %s gave no answer", cmd);
		control_conn_send(cc, control_reply_error("internal",
		    "internal error: no answer"));
		return;
	}
	if (json_is_object(res) &&
	    json_object_get(res, CONTROL_ERROR_KEY) != NULL) {
		code = json_string_value(json_object_get(res, "code"));
		msg = json_string_value(json_object_get(res, "error"));
		if (code == NULL)
			code = "internal";
		if (msg == NULL)
			msg = "";
		if (strcmp(code, "denied") == 0)
			log_info("control: uid %u (%s) pid %d: %s denied: %s",
			    (unsigned int)cc->peer.uid, cc->peer.user,
			    (int)cc->peer.pid, cmd, esc(msg));
		control_conn_send(cc, control_reply_error(code, msg));
		json_decref(res);
		return;
	}
	/* "o" hands res over, even if packing fails (jansson >= 2.13). */
	control_conn_send(cc, json_pack("{s:i,s:b,s:o}", "proto",
	    CONTROL_PROTO, "ok", 1, "result", res));
}

static void
control_conn_request(struct control_conn *cc, const char *line, size_t len)
{
	struct control	*c = cc->c;
	json_t		*req, *v, *args;
	json_error_t	 jerr;
	const char	*cmd;

	if ((req = json_loadb(line, len, JSON_REJECT_DUPLICATES,
	    &jerr)) == NULL) {
		control_conn_refuse(cc, "malformed",
		    "request is not valid JSON: %s", jerr.text);
		return;
	}
	if (!json_is_object(req)) {
		control_conn_refuse(cc, "malformed",
		    "request is not a JSON object");
		goto out;
	}
	v = json_object_get(req, "proto");
	if (v == NULL || !json_is_integer(v)) {
		control_conn_refuse(cc, "proto", "request carries no protocol "
		    "version; docketd speaks protocol %d", CONTROL_PROTO);
		goto out;
	}
	if (json_integer_value(v) != CONTROL_PROTO) {
		control_conn_refuse(cc, "proto", "protocol version %lld is not "
		    "supported; docketd speaks protocol %d",
		    (long long)json_integer_value(v), CONTROL_PROTO);
		goto out;
	}
	v = json_object_get(req, "cmd");
	if (!json_is_string(v) || *json_string_value(v) == '\0') {
		control_conn_refuse(cc, "malformed", "request has %s",
		    v == NULL ? "no \"cmd\"" : !json_is_string(v) ?
		    "a \"cmd\" that is not a string" : "an empty \"cmd\"");
		goto out;
	}
	cmd = json_string_value(v);
	if ((args = json_object_get(req, "args")) == NULL)
		args = json_object();
	else if (json_is_object(args))
		json_incref(args);
	else {
		control_conn_refuse(cc, "malformed",
		    "\"args\" of %s is not a JSON object", cmd);
		goto out;
	}
	log_debug("control: uid %u (%s) pid %d: %s",
	    (unsigned int)cc->peer.uid, cc->peer.user, (int)cc->peer.pid, cmd);
	control_conn_answer(cc, cmd, c->handler(&cc->peer, cmd, args, c->arg));
	json_decref(args);
out:
	json_decref(req);
}

void
control_progress(const struct control_peer *p, uint64_t done, uint64_t total)
{
	struct control_conn	*cc = p != NULL ? p->conn : NULL;
	struct timespec		 ts;
	uint64_t		 now;
	char			 line[160];
	ssize_t			 n;
	int			 len;

	if (cc == NULL || cc->closing)
		return;
	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
		return;
	now = (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
	if (done < total && cc->progress_ms != 0 && now >= cc->progress_ms &&
	    now - cc->progress_ms < 100)
		return;
	/* Something is queued before it: the peer is not keeping up. */
	if (evbuffer_get_length(bufferevent_get_output(cc->bev)) > 0)
		return;
	len = snprintf(line, sizeof(line), "{\"proto\":%d,\"progress\":"
	    "{\"done\":%llu,\"total\":%llu}}\n", CONTROL_PROTO,
	    (unsigned long long)done, (unsigned long long)total);
	if (len < 0 || (size_t)len >= sizeof(line))
		return;
	n = send(bufferevent_getfd(cc->bev), line, (size_t)len,
	    MSG_DONTWAIT | MSG_NOSIGNAL);
	if (n <= 0)
		return;		/* not taken (full, or gone): dropped whole */
	cc->progress_ms = now;
	/* The rest after the answer would break the line: queue it now. */
	if (n < len && bufferevent_write(cc->bev, line + n,
	    (size_t)(len - n)) == -1)
		cc->closing = 1;
}

/* Free the connection once it is closing and everything is sent. */
static void
control_conn_done(struct control_conn *cc)
{
	if (cc->closing &&
	    evbuffer_get_length(bufferevent_get_output(cc->bev)) == 0)
		control_conn_free(cc);
}

/* Answer every complete line; may free cc. */
static void
control_conn_process(struct control_conn *cc)
{
	struct evbuffer		*in = bufferevent_get_input(cc->bev);
	struct evbuffer		*out = bufferevent_get_output(cc->bev);
	struct evbuffer_ptr	 eol;
	size_t			 n;
	char			*line;

	while (!cc->closing) {
		if (evbuffer_get_length(out) >= CONTROL_OUT_HIGH) {
			/* The write callback resumes once the peer reads. */
			bufferevent_disable(cc->bev, EV_READ);
			cc->paused = 1;
			return;
		}
		eol = evbuffer_search_eol(in, NULL, NULL, EVBUFFER_EOL_LF);
		n = eol.pos == -1 ? evbuffer_get_length(in) : (size_t)eol.pos + 1;
		if (n > CONTROL_MAX_LINE ||
		    (eol.pos == -1 && n >= CONTROL_MAX_LINE)) {
			control_conn_refuse(cc, "too_big", "request line "
			    "exceeds %d bytes; closing the connection",
			    CONTROL_MAX_LINE);
			evbuffer_drain(in, evbuffer_get_length(in));
			bufferevent_disable(cc->bev, EV_READ);
			cc->closing = 1;
			break;
		}
		if (eol.pos == -1) {
			if (cc->eof)
				cc->closing = 1;
			break;
		}
		if ((line = (char *)evbuffer_pullup(in, n)) == NULL) {
			log_warnx("control: out of memory");
			cc->closing = 1;
			break;
		}
		control_conn_request(cc, line, n - 1);
		evbuffer_drain(in, n);
		/*
		 * A command may hold the loop for minutes (reindex of a
		 * million records): the idle clock starts again now, or
		 * its timeout, due long ago, would close the connection
		 * before the answer is written.  libevent counts from the
		 * time it cached when the loop woke: refresh that first.
		 */
		(void)event_base_update_cache_time(cc->c->base);
		bufferevent_set_timeouts(cc->bev, &cc->c->idle,
		    &cc->c->idle);
	}
	control_conn_done(cc);
}

static void
control_read_cb(struct bufferevent *bev, void *arg)
{
	(void)bev;
	control_conn_process(arg);
}

static void
control_write_cb(struct bufferevent *bev, void *arg)
{
	struct control_conn	*cc = arg;

	if (cc->paused && !cc->closing) {
		cc->paused = 0;
		if (!cc->eof)
			bufferevent_enable(bev, EV_READ);
	}
	control_conn_process(cc);
}

static void
control_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct control_conn	*cc = arg;

	if (what & BEV_EVENT_TIMEOUT)
		log_debug("control: closing idle connection of uid %u",
		    (unsigned int)cc->peer.uid);
	else if (what & BEV_EVENT_ERROR)
		log_debug("control: connection of uid %u: %s",
		    (unsigned int)cc->peer.uid,
		    evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
	else if (what & BEV_EVENT_EOF) {
		/* The peer may only have shut down its side: answer it. */
		cc->eof = 1;
		bufferevent_disable(bev, EV_READ);
		control_conn_process(cc);
		return;
	}
	control_conn_free(cc);
}

static void
control_peer_fill(struct control *c, const struct ucred *cr,
    struct control_peer *p)
{
	struct passwd	 pw, *pwp = NULL;
	char		 buf[16384];
	gid_t		 gid, first, *groups;
	int		 n = 0, i;

	memset(p, 0, sizeof(*p));
	p->uid = cr->uid;
	p->gid = cr->gid;
	p->pid = cr->pid;
	if (getpwuid_r(cr->uid, &pw, buf, sizeof(buf), &pwp) != 0)
		pwp = NULL;
	if (pwp != NULL)
		snprintf(p->user, sizeof(p->user), "%s", pw.pw_name);
	else
		snprintf(p->user, sizeof(p->user), "uid %u",
		    (unsigned int)cr->uid);
	if (cr->uid == 0) {
		p->admin = 1;
		return;
	}
	if (control_group_gid(c, &gid) == -1)
		return;
	if (cr->gid == gid) {
		p->admin = 1;
		return;
	}
	if (pwp == NULL)
		return;
	/* The first call only counts; if the count changes, not admin. */
	(void)getgrouplist(pw.pw_name, pw.pw_gid, &first, &n);
	if (n <= 0 || (groups = calloc(n, sizeof(*groups))) == NULL)
		return;
	if (getgrouplist(pw.pw_name, pw.pw_gid, groups, &n) == -1)
		n = 0;
	for (i = 0; i < n; i++)
		if (groups[i] == gid)
			p->admin = 1;
	free(groups);
}

static void
control_conn_new(struct control *c, int s)
{
	struct control_conn	*cc;
	struct ucred		 cr;
	socklen_t		 len = sizeof(cr);
	char			 msg[128];

	if (getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cr, &len) == -1 ||
	    len != sizeof(cr)) {
		log_warnx("control: cannot read peer credentials; refused");
		control_reject(s, "denied",
		    "cannot read peer credentials; refused");
		return;
	}
	if (c->nconns >= CONTROL_MAX_CONN) {
		log_info("control: too many connections (%d); refusing uid %u "
		    "pid %d", CONTROL_MAX_CONN, (unsigned int)cr.uid,
		    (int)cr.pid);
		snprintf(msg, sizeof(msg), "too many control connections (%d); "
		    "try again", CONTROL_MAX_CONN);
		control_reject(s, "busy", msg);
		return;
	}
	if ((cc = calloc(1, sizeof(*cc))) == NULL ||
	    (cc->bev = bufferevent_socket_new(c->base, s,
	    BEV_OPT_CLOSE_ON_FREE)) == NULL) {
		log_warnx("control: out of memory");
		free(cc);
		close(s);
		return;
	}
	cc->c = c;
	control_peer_fill(c, &cr, &cc->peer);
	cc->peer.conn = cc;
	bufferevent_setcb(cc->bev, control_read_cb, control_write_cb,
	    control_event_cb, cc);
	bufferevent_setwatermark(cc->bev, EV_READ, 0, CONTROL_MAX_LINE);
	bufferevent_set_timeouts(cc->bev, &c->idle, &c->idle);
	bufferevent_enable(cc->bev, EV_READ | EV_WRITE);
	TAILQ_INSERT_TAIL(&c->conns, cc, entry);
	c->nconns++;
	log_debug("control: connection from uid %u (%s) pid %d%s",
	    (unsigned int)cr.uid, cc->peer.user, (int)cr.pid,
	    cc->peer.admin ? ", admin" : "");
}

static void
control_accept_cb(evutil_socket_t fd, short ev, void *arg)
{
	struct control	*c = arg;
	struct timeval	 tv = { 1, 0 };
	int		 i, s;

	(void)ev;
	for (i = 0; i < CONTROL_BACKLOG; i++) {
		if ((s = accept4(fd, NULL, NULL,
		    SOCK_NONBLOCK | SOCK_CLOEXEC)) != -1) {
			control_conn_new(c, s);
			continue;
		}
		if (errno == EINTR || errno == ECONNABORTED)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return;
		log_warn("control: accept");
		/* Out of descriptors: stop listening for a second. */
		event_del(c->ev_accept);
		evtimer_add(c->ev_resume, &tv);
		return;
	}
}

static void
control_resume_cb(evutil_socket_t fd, short ev, void *arg)
{
	struct control	*c = arg;

	(void)fd;
	(void)ev;
	event_add(c->ev_accept, NULL);
}

struct control *
control_new(struct event_base *base, const char *path,
    const char *admin_group, control_handler handler, void *arg,
    char *err, size_t errlen)
{
	struct control		*c;
	struct sockaddr_un	 sun;
	struct stat		 st;
	mode_t			 omask;
	int			 rc;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		errbuf_set(err, errlen, "control socket path %s is too long",
		    path);
		return NULL;
	}
	memcpy(sun.sun_path, path, strlen(path));
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			errbuf_set(err, errlen, "%s exists and is not a socket; "
			    "not replacing it", path);
			return NULL;
		}
		if (unlink(path) == -1) {
			errbuf_set(err, errlen, "cannot remove the old socket "
			    "%s: %s", path, strerror(errno));
			return NULL;
		}
	} else if (errno != ENOENT) {
		errbuf_set(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}

	if ((c = calloc(1, sizeof(*c))) == NULL ||
	    (c->path = strdup(path)) == NULL ||
	    (admin_group != NULL && (c->group = strdup(admin_group)) == NULL)) {
		errbuf_set(err, errlen, "out of memory");
		if (c != NULL)
			free(c->path);
		free(c);
		return NULL;
	}
	c->fd = -1;
	c->base = base;
	c->handler = handler;
	c->arg = arg;
	TAILQ_INIT(&c->conns);
	control_set_idle_timeout(c, CONTROL_IDLE_MS);
	control_check_dir(path);

	if ((c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0)) == -1) {
		errbuf_set(err, errlen, "socket: %s", strerror(errno));
		goto fail;
	}
	omask = umask(0177);
	rc = bind(c->fd, (struct sockaddr *)&sun, sizeof(sun));
	umask(omask);
	if (rc == -1) {
		errbuf_set(err, errlen, "cannot bind %s: %s", path,
		    strerror(errno));
		goto fail;
	}
	if (lstat(path, &st) == 0) {
		c->bound = 1;
		c->dev = st.st_dev;
		c->ino = st.st_ino;
	}
	if (control_socket_perms(c, err, errlen) == -1)
		goto fail;
	if (listen(c->fd, CONTROL_BACKLOG) == -1) {
		errbuf_set(err, errlen, "cannot listen on %s: %s", path,
		    strerror(errno));
		goto fail;
	}
	if ((c->ev_accept = event_new(base, c->fd, EV_READ | EV_PERSIST,
	    control_accept_cb, c)) == NULL ||
	    (c->ev_resume = evtimer_new(base, control_resume_cb, c)) == NULL ||
	    event_add(c->ev_accept, NULL) == -1) {
		errbuf_set(err, errlen, "cannot watch %s", path);
		goto fail;
	}
	log_debug("control: listening on %s", path);
	return c;
fail:
	control_free(c);
	return NULL;
}

void
control_set_admin_group(struct control *c, const char *group)
{
	char	*g = NULL, err[512];

	if (group != NULL && (g = strdup(group)) == NULL) {
		log_warnx("control: out of memory; admin group stays %s",
		    c->group != NULL ? c->group : "(none)");
		return;
	}
	free(c->group);
	c->group = g;
	c->group_warned = 0;
	if (control_socket_perms(c, err, sizeof(err)) == -1)
		log_warnx("control: %s", err);
}

void
control_free(struct control *c)
{
	struct control_conn	*cc;
	struct stat		 st;

	if (c == NULL)
		return;
	while ((cc = TAILQ_FIRST(&c->conns)) != NULL)
		control_conn_free(cc);
	if (c->ev_accept != NULL)
		event_free(c->ev_accept);
	if (c->ev_resume != NULL)
		event_free(c->ev_resume);
	if (c->fd != -1)
		close(c->fd);
	/* Unlink only our own socket, not one that replaced it. */
	if (c->bound && lstat(c->path, &st) == 0 && st.st_dev == c->dev &&
	    st.st_ino == c->ino)
		unlink(c->path);
	free(c->path);
	free(c->group);
	free(c);
}
