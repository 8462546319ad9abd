/*
 * client: one request to docketd over its control socket, blocking.  The
 * request goes out as a single JSON line; the answer is read up to its LF
 * however long it is (up to CLIENT_MAX_ANSWER), with no timeout, since a
 * big cleanup may keep docketd busy for a while.  If sending fails, the
 * answer is still read: docketd may have refused us (busy, too_big) and
 * hung up before taking the whole request.
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

/* Read one line (without its LF) into a new buffer; NULL and errno/err. */
static char *
client_read_line(int fd, size_t *linelen, char *err, size_t errlen)
{
	char	*buf = NULL, *nl, *nbuf;
	size_t	 len = 0, cap = 0;
	ssize_t	 n;

	for (;;) {
		if (cap - len < CLIENT_CHUNK) {
			cap = cap == 0 ? 2 * CLIENT_CHUNK : cap * 2;
			if ((nbuf = realloc(buf, cap)) == NULL) {
				errbuf_set(err, errlen, "out of memory reading "
				    "docketd's answer");
				break;
			}
			buf = nbuf;
		}
		if ((n = recv(fd, buf + len, cap - len, 0)) == -1) {
			if (errno == EINTR)
				continue;
			errbuf_set(err, errlen, "cannot read docketd's answer: "
			    "%s", strerror(errno));
			break;
		}
		if (n == 0) {
			errbuf_set(err, errlen, len == 0 ? "docketd closed the "
			    "connection without answering" : "docketd's answer "
			    "was cut short");
			break;
		}
		if ((nl = memchr(buf + len, '\n', (size_t)n)) != NULL) {
			*linelen = (size_t)(nl - buf);
			return buf;
		}
		if ((len += (size_t)n) > CLIENT_MAX_ANSWER) {
			errbuf_set(err, errlen, "docketd's answer exceeds %lu "
			    "bytes", CLIENT_MAX_ANSWER);
			break;
		}
	}
	free(buf);
	return NULL;
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
	json_t	*req;
	char	*text, *line;
	size_t	 len, linelen;
	int	 fd, rc, sent, saved;

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
	line = client_read_line(fd, &linelen, err, errlen);
	close(fd);
	if (line == NULL) {
		if (sent == -1)
			errbuf_set(err, errlen, "cannot send the request to "
			    "docketd: %s", strerror(saved));
		return client_fail(code, codelen, "io");
	}
	rc = client_answer(line, linelen, result, code, codelen, err, errlen);
	free(line);
	return rc;
}
