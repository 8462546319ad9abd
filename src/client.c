/*
 * client: one request to docketd over its control socket, blocking.  The
 * request goes out as a single JSON line; the answer is read up to its LF
 * however long it is (up to CLIENT_MAX_ANSWER), with no timeout, since a
 * big cleanup may keep docketd busy for a while.  If sending fails, the
 * answer is still read: docketd may have refused us (busy, too_big) and
 * hung up before taking the whole request.  Progress lines a long command
 * sends before its answer (control.h) go to the caller's callback.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "client.h"
#include "errbuf.h"

#define CLIENT_MAX_ANSWER	(1024UL * 1024 * 1024)
#define CLIENT_CHUNK		(64 * 1024)

static int
client_fail(char *code, size_t codelen, const char *c)
{
	if (code != NULL && codelen > 0)
		snprintf(code, codelen, "%s", c);
	return -1;
}

static int
client_connect(const char *path)
{
	struct sockaddr_un	 sun;
	int			 fd, saved;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(sun.sun_path, path, strlen(path));
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	/* An interrupted AF_UNIX connect leaves the socket unconnected. */
	while (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		if (errno == EINTR)
			continue;
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

static int
client_send(int fd, const char *buf, size_t len)
{
	ssize_t	n;

	while (len > 0) {
		if ((n = send(fd, buf, len, MSG_NOSIGNAL)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The answer as it arrives: lines are taken from the front. */
struct client_in {
	int	 fd;
	char	*buf;
	size_t	 len, cap;
	size_t	 used;		/* bytes of the last line taken */
};

/* The next line (without its LF), in the reader's buffer until the next
 * call; NULL and err. */
static char *
client_read_line(struct client_in *in, size_t *linelen, char *err,
    size_t errlen)
{
	char	*nl, *nbuf;
	ssize_t	 n;
	size_t	 scanned;

	/* Drop the line taken last time. */
	if (in->used > 0) {
		memmove(in->buf, in->buf + in->used, in->len - in->used);
		in->len -= in->used;
		in->used = 0;
	}
	for (scanned = 0;;) {
		if (in->len > scanned && (nl = memchr(in->buf + scanned, '\n',
		    in->len - scanned)) != NULL) {
			*linelen = (size_t)(nl - in->buf);
			in->used = *linelen + 1;
			return in->buf;
		}
		scanned = in->len;
		if (in->len > CLIENT_MAX_ANSWER) {
			errbuf_set(err, errlen, "docketd's answer exceeds %lu "
			    "bytes", CLIENT_MAX_ANSWER);
			return NULL;
		}
		if (in->cap - in->len < CLIENT_CHUNK) {
			in->cap = in->cap == 0 ? 2 * CLIENT_CHUNK : in->cap * 2;
			if ((nbuf = realloc(in->buf, in->cap)) == NULL) {
				errbuf_set(err, errlen, "out of memory reading "
				    "docketd's answer");
				return NULL;
			}
			in->buf = nbuf;
		}
		if ((n = recv(in->fd, in->buf + in->len, in->cap - in->len,
		    0)) == -1) {
			if (errno == EINTR)
				continue;
			errbuf_set(err, errlen, "cannot read docketd's answer: "
			    "%s", strerror(errno));
			return NULL;
		}
		if (n == 0) {
			errbuf_set(err, errlen, in->len == 0 ? "docketd closed "
			    "the connection without answering" : "docketd's "
			    "answer was cut short");
			return NULL;
		}
		in->len += (size_t)n;
	}
}

/* A progress line ({"proto":1,"progress":{...}}): to the callback. */
static int
client_progress_line(const char *line, size_t len,
    client_progress_cb progress, void *parg)
{
	json_t	*r, *p;
	int	 is = 0;

	/* Cheap test first: an answer is never one. */
	if (progress == NULL || len > 4096 ||
	    memmem(line, len, "\"progress\"", 10) == NULL)
		return 0;
	if ((r = json_loadb(line, len, 0, NULL)) == NULL)
		return 0;
	if (json_object_get(r, "ok") == NULL &&
	    json_is_object(p = json_object_get(r, "progress"))) {
		is = 1;
		progress(json_integer_value(json_object_get(p, "done")),
		    json_integer_value(json_object_get(p, "total")), parg);
	}
	json_decref(r);
	return is;
}

/* Judge one response line; the return value and outputs of client_call. */
static int
client_answer(const char *line, size_t len, json_t **result, char *code,
    size_t codelen, char *err, size_t errlen)
{
	json_t		*r, *v;
	json_error_t	 jerr;
	const char	*c, *msg;
	int		 rc = -1;

	if ((r = json_loadb(line, len, 0, &jerr)) == NULL) {
		errbuf_set(err, errlen, "garbled answer from docketd: %s",
		    jerr.text);
		return client_fail(code, codelen, "io");
	}
	v = json_object_get(r, "proto");
	if (!json_is_integer(v)) {
		errbuf_set(err, errlen, "garbled answer from docketd: no "
		    "protocol version");
		client_fail(code, codelen, "io");
	} else if (json_integer_value(v) != CONTROL_PROTO) {
		errbuf_set(err, errlen, "docketd speaks protocol %lld, this "
		    "docketctl speaks protocol %d; upgrade them together",
		    (long long)json_integer_value(v), CONTROL_PROTO);
		client_fail(code, codelen, "proto");
	} else if (json_is_true(json_object_get(r, "ok"))) {
		v = json_object_get(r, "result");
		*result = v != NULL ? json_incref(v) : json_null();
		rc = 0;
	} else if (json_is_false(json_object_get(r, "ok")) &&
	    (c = json_string_value(json_object_get(r, "code"))) != NULL) {
		msg = json_string_value(json_object_get(r, "error"));
		errbuf_set(err, errlen, "%s", msg != NULL ? msg : c);
		client_fail(code, codelen, c);
	} else {
		errbuf_set(err, errlen, "garbled answer from docketd: neither "
		    "a result nor an error");
		client_fail(code, codelen, "io");
	}
	json_decref(r);
	return rc;
}

int
client_call(const char *path, const char *cmd, json_t *args,
    json_t **result, char *code, size_t codelen, char *err, size_t errlen)
{
	return client_call_progress(path, cmd, args, NULL, NULL, result, code,
	    codelen, err, errlen);
}

int
client_call_progress(const char *path, const char *cmd, json_t *args,
    client_progress_cb progress, void *parg, json_t **result, char *code,
    size_t codelen, char *err, size_t errlen)
{
	struct client_in	 in;
	json_t			*req;
	char			*text, *line;
	size_t			 len, linelen;
	int			 fd, rc, sent, saved;

	*result = NULL;
	req = json_pack("{s:i,s:s,s:o}", "proto", CONTROL_PROTO, "cmd", cmd,
	    "args", args != NULL ? json_incref(args) : json_object());
	text = req != NULL ? json_dumps(req, JSON_COMPACT) : NULL;
	json_decref(req);
	if (text == NULL) {
		errbuf_set(err, errlen, "cannot encode the %s request", cmd);
		return client_fail(code, codelen, "usage");
	}
	if ((len = strlen(text)) + 1 > CONTROL_MAX_LINE) {
		errbuf_set(err, errlen, "the %s request is %zu bytes; docketd "
		    "takes at most %d", cmd, len + 1, CONTROL_MAX_LINE);
		free(text);
		return client_fail(code, codelen, "too_big");
	}
	text[len] = '\n';	/* the NUL becomes the LF; sent as len + 1 bytes */

	if ((fd = client_connect(path)) == -1) {
		errbuf_set(err, errlen, "无法连接 docketd（%s：%s）；"
		    "docketd 是否在运行？", path, strerror(errno));
		free(text);
		return client_fail(code, codelen, "connect");
	}
	sent = client_send(fd, text, len + 1);
	saved = errno;
	free(text);
	memset(&in, 0, sizeof(in));
	in.fd = fd;
	while ((line = client_read_line(&in, &linelen, err, errlen)) != NULL &&
	    client_progress_line(line, linelen, progress, parg))
		;
	close(fd);
	if (line == NULL) {
		free(in.buf);
		if (sent == -1)
			errbuf_set(err, errlen, "cannot send the request to "
			    "docketd: %s", strerror(saved));
		return client_fail(code, codelen, "io");
	}
	rc = client_answer(line, linelen, result, code, codelen, err, errlen);
	free(in.buf);
	return rc;
}
