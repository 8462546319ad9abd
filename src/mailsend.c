/*
 * mailsend: deliver one composed message, the way cron mails its output
 * (the sendmail command) or to an SMTP relay (libcurl).  Delivery never
 * takes longer than the transport's timeout.
 *
 * The sendmail command line comes from the configuration and is split
 * into an argv by exttool_argv: no shell sees it.  The message is written
 * to an anonymous memory file (memfd) before the fork and given to the
 * command as stdin, so a sendmail that quits early cannot raise SIGPIPE
 * here and a large message cannot deadlock against its output.  The
 * command runs through exttool_spawn (the one way docket runs a child):
 * a process group of its own, default signal dispositions, no other
 * descriptor of ours, stdout and stderr in one tail whose last line is
 * quoted on failure, the group killed when it outlives the timeout.  A
 * clean exit leaves the group alone: some MTAs go on delivering in the
 * background.
 *
 * SMTP goes through libcurl with the timeouts set and signals off
 * (CURLOPT_NOSIGNAL).  The server's last reply and the command it
 * answered (never an AUTH argument) are traced through the debug
 * callback, so that a refusal reads "RCPT TO:<a@b>: 550 ..." rather than
 * curl's bare code.
 */

#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "errbuf.h"
#include "exttool.h"
#include "mailsend.h"

/* Longest line quoted in a reason. */
#define MAILSEND_LINE		200

struct mailsend_upload {
	const char	*p;
	size_t		 left;
};

struct mailsend_trace {
	char	cmd[160];	/* the last command sent, AUTH cut short */
	char	reply[MAILSEND_LINE + 1];	/* the last reply line */
	int	quit;		/* QUIT sent: what follows is no cause */
};

static int	 mailsend_inited;

static const char *mailsend_name(const char *);
static void	 mailsend_clean(const char *, size_t, char *, size_t);
static int	 mailsend_stdin(const char *, size_t);
static char	**mailsend_argv(const char *, const struct mail_addr *, size_t,
		    int *);
static int	 mailsend_sendmail(const struct mail_transport *,
		    const struct mail_addr *, size_t, const char *, size_t,
		    unsigned int, char *, size_t);
static int	 mailsend_addr_ok(const struct mail_addr *, const char *,
		    char *, size_t);
static size_t	 mailsend_upload_cb(char *, size_t, size_t, void *);
static int	 mailsend_debug_cb(CURL *, curl_infotype, char *, size_t,
		    void *);
static void	 mailsend_url_show(const char *, char *, size_t);
static int	 mailsend_smtp(const struct mail_transport *,
		    const struct mail_addr *, const struct mail_addr *, size_t,
		    const char *, size_t, unsigned int, char *, size_t);

/* The command's name for a reason: the last part of argv[0]. */
static const char *
mailsend_name(const char *argv0)
{
	const char	*s = strrchr(argv0, '/');

	return s != NULL && s[1] != '\0' ? s + 1 : argv0;
}

/* s[0..n) fit to quote: blanks trimmed, control characters '?', at most
 * MAILSEND_LINE bytes, not cut inside a UTF-8 character. */
static void
mailsend_clean(const char *s, size_t n, char *out, size_t outlen)
{
	while (n > 0 && (s[n - 1] == '\r' || s[n - 1] == '\n' ||
	    s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	errbuf_quote(s, n, MAILSEND_LINE, out, outlen);
}

/* The message in an anonymous file, at offset 0, descriptor above 2;
 * -1 with errno. */
static int
mailsend_stdin(const char *msg, size_t len)
{
	const char	*dir;
	size_t		 off = 0;
	ssize_t		 w;
	int		 fd, saved;

	if ((fd = memfd_create("docket-mail", MFD_CLOEXEC)) == -1) {
		if ((dir = getenv("TMPDIR")) == NULL || *dir == '\0')
			dir = "/tmp";
		if ((fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC,
		    S_IRUSR | S_IWUSR)) == -1)
			return -1;
	}
	if (exttool_fd_high(&fd) == -1)
		goto fail;
	while (off < len) {
		if ((w = write(fd, msg + off, len - off)) == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		off += (size_t)w;
	}
	if (lseek(fd, 0, SEEK_SET) == -1)
		goto fail;
	return fd;

fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

/* The configured command as an argv; the recipients after "--" unless it
 * reads them from the message (-t).  NULL with errno. */
static char **
mailsend_argv(const char *cmd, const struct mail_addr *to, size_t nto,
    int *bad)
{
	char	**argv, **v;
	size_t	 n, i;
	int	 has_t = 0, saved;

	*bad = 0;
	if (exttool_argv(cmd, NULL, &argv) == -1) {
		*bad = errno == EINVAL;
		return NULL;
	}
	for (n = 1; argv[n] != NULL; n++)
		if (strcmp(argv[n], "-t") == 0)
			has_t = 1;
	if (has_t)
		return argv;
	if (nto > SIZE_MAX / sizeof(char *) - n - 2 ||
	    (v = reallocarray(argv, n + nto + 2, sizeof(char *))) == NULL)
		goto fail;
	argv = v;
	if ((argv[n] = strdup("--")) == NULL)
		goto fail;
	argv[++n] = NULL;
	for (i = 0; i < nto; i++) {
		if ((argv[n] = strdup(to[i].addr)) == NULL)
			goto fail;
		argv[++n] = NULL;
	}
	return argv;

fail:
	saved = errno;
	exttool_argv_free(argv);
	errno = saved;
	return NULL;
}

static int
mailsend_sendmail(const struct mail_transport *t, const struct mail_addr *to,
    size_t nto, const char *msg, size_t len, unsigned int timeout_ms,
    char *err, size_t errlen)
{
	struct exttool_proc	 p;
	const char		*cmd, *name;
	char			**argv, line[MAILSEND_LINE + 1];
	int			 bad, rc = -1;

	cmd = t->sendmail[0] != '\0' ? t->sendmail : MAIL_SENDMAIL_DEFAULT;
	if ((argv = mailsend_argv(cmd, to, nto, &bad)) == NULL) {
		if (bad)
			errbuf_set(err, errlen, "sendmail: bad command line "
			    "\"%.100s\"", cmd);
		else
			errbuf_set(err, errlen, "sendmail: %s",
			    strerror(errno));
		return -1;
	}
	name = mailsend_name(argv[0]);
	memset(&p, 0, sizeof(p));
	if ((p.in = mailsend_stdin(msg, len)) == -1) {
		errbuf_set(err, errlen, "%s: cannot buffer the message: %s",
		    name, strerror(errno));
		goto done;
	}
	/* Its stdout and stderr in one tail; done when it exits (it may
	 * leave a background child delivering, and its group with it). */
	p.argv = argv;
	p.timeout_ms = timeout_ms;
	p.max_out = 0;
	p.until_exit = 1;
	p.keep_group = 1;
	if (exttool_spawn(&p, err, errlen) == -1)
		goto done;
	exttool_last_line(&p, line, sizeof(line));
	if (p.timedout) {
		if (timeout_ms % 1000 == 0)
			errbuf_set(err, errlen, "%s: timed out after %u s%s%s",
			    name, timeout_ms / 1000, line[0] ? ": " : "",
			    line);
		else
			errbuf_set(err, errlen, "%s: timed out after %u ms%s%s",
			    name, timeout_ms, line[0] ? ": " : "", line);
	} else if (p.exec_errno == ENOENT)
		errbuf_set(err, errlen, "%s: %.200s not found (is a mail "
		    "transfer agent installed?)", name, argv[0]);
	else if (p.exec_errno != 0)
		errbuf_set(err, errlen, "%s: cannot run %.200s: %s", name,
		    argv[0], strerror(p.exec_errno));
	else if (WIFSIGNALED(p.status))
		errbuf_set(err, errlen, "%s: killed by signal %d%s%s", name,
		    WTERMSIG(p.status), line[0] ? ": " : "", line);
	else if (!WIFEXITED(p.status) || WEXITSTATUS(p.status) != 0)
		errbuf_set(err, errlen, "%s: exit status %d%s%s", name,
		    WIFEXITED(p.status) ? WEXITSTATUS(p.status) : -1,
		    line[0] ? ": " : "", line);
	else
		rc = 0;
done:
	if (p.in != -1)
		close(p.in);
	free(p.out);
	exttool_argv_free(argv);
	return rc;
}

static size_t
mailsend_upload_cb(char *buf, size_t size, size_t nitems, void *arg)
{
	struct mailsend_upload	*u = arg;
	size_t			 n = size * nitems;

	if (n > u->left)
		n = u->left;
	memcpy(buf, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

/*
 * Keep the last command sent and the last reply line received, up to the
 * QUIT that curl sends after a refusal too.  Only the verb of a command
 * is kept, with its argument for MAIL and RCPT; a line that is no command
 * (an AUTH LOGIN user name or password) is not kept at all.
 */
static int
mailsend_debug_cb(CURL *h, curl_infotype type, char *data, size_t size,
    void *arg)
{
	static const char	*verbs[] = { "EHLO", "HELO", "STARTTLS",
				    "AUTH", "MAIL", "RCPT", "DATA", "QUIT",
				    "RSET", "NOOP", "VRFY" };
	struct mailsend_trace	*tr = arg;
	const char		*b, *e, *end = data + size;
	size_t			 n, w, i;

	if (type == CURLINFO_HEADER_OUT) {
		for (n = 0; n < size && data[n] != '\r' && data[n] != '\n';
		    n++)
			;
		for (w = 0; w < n && data[w] != ' ' && data[w] != ':'; w++)
			;
		for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
			if (strlen(verbs[i]) == w &&
			    strncasecmp(data, verbs[i], w) == 0)
				break;
		if (i == sizeof(verbs) / sizeof(verbs[0]) || tr->quit)
			return 0;
		if (strcmp(verbs[i], "QUIT") == 0) {
			tr->quit = 1;
			return 0;
		}
		if (strcmp(verbs[i], "MAIL") != 0 &&
		    strcmp(verbs[i], "RCPT") != 0)
			n = w;
		mailsend_clean(data, n, tr->cmd, sizeof(tr->cmd));
	} else if (type == CURLINFO_HEADER_IN && !tr->quit) {
		for (b = data; b < end; b = e + 1) {
			if ((e = memchr(b, '\n', (size_t)(end - b))) == NULL)
				e = end;
			if (e - b >= 3 && b[0] >= '1' && b[0] <= '5')
				mailsend_clean(b, (size_t)(e - b), tr->reply,
				    sizeof(tr->reply));
		}
	}
	return 0;
}

/* The URL for a reason, any user:password@ left out. */
static void
mailsend_url_show(const char *url, char *out, size_t outlen)
{
	const char	*auth, *at, *end;

	if ((auth = strstr(url, "://")) == NULL) {
		snprintf(out, outlen, "%s", url);
		return;
	}
	auth += 3;
	end = auth + strcspn(auth, "/?#");
	for (at = end; at > auth && at[-1] != '@'; at--)
		;
	if (at == auth) {
		snprintf(out, outlen, "%s", url);
		return;
	}
	snprintf(out, outlen, "%.*s%s", (int)(auth - url), url, at);
}

/* What went wrong, in the words of the outbox's 最近错误 column; curl's
 * own follows it. */
static const char *
mailsend_why(CURLcode c)
{
	switch (c) {
	case CURLE_COULDNT_RESOLVE_HOST:
		return "找不到邮件服务器（域名解析失败）";
	case CURLE_COULDNT_CONNECT:
		return "无法连接邮件服务器";
	case CURLE_OPERATION_TIMEDOUT:
		return "邮件服务器无响应（超时）";
	case CURLE_LOGIN_DENIED:
		return "邮件服务器拒绝登录（用户名或密码有误）";
	case CURLE_PEER_FAILED_VERIFICATION:
		return "邮件服务器的 TLS 证书校验未通过";
	case CURLE_SSL_CONNECT_ERROR:
		return "与邮件服务器建立 TLS 连接失败";
	case CURLE_USE_SSL_FAILED:
		return "邮件服务器不支持 STARTTLS";
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
		return "与邮件服务器的连接中断";
	default:
		return "发送失败";
	}
}

static int
mailsend_smtp(const struct mail_transport *t, const struct mail_addr *from,
    const struct mail_addr *to, size_t nto, const char *msg, size_t len,
    unsigned int timeout_ms, char *err, size_t errlen)
{
	struct mailsend_upload	 up;
	struct mailsend_trace	 tr;
	struct curl_slist	*rcpt = NULL, *tmp;
	CURL			*h;
	CURLcode		 c;
	char			 cerr[CURL_ERROR_SIZE], url[sizeof(t->url)];
	size_t			 i;
	int			 rc = -1;

	mailsend_url_show(t->url, url, sizeof(url));
	if (mail_init(err, errlen) == -1)
		return -1;
	if ((h = curl_easy_init()) == NULL) {
		errbuf_set(err, errlen, "%s: cannot set up libcurl", url);
		return -1;
	}
	for (i = 0; i < nto; i++) {
		if ((tmp = curl_slist_append(rcpt, to[i].addr)) == NULL) {
			errbuf_set(err, errlen, "%s: out of memory", url);
			goto out;
		}
		rcpt = tmp;
	}
	memset(&tr, 0, sizeof(tr));
	cerr[0] = '\0';
	up.p = msg;
	up.left = len;

	c = curl_easy_setopt(h, CURLOPT_URL, t->url);
#if LIBCURL_VERSION_NUM >= 0x075500
	if (c == CURLE_OK)
		c = curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
#else
	if (c == CURLE_OK)
		c = curl_easy_setopt(h, CURLOPT_PROTOCOLS,
		    (long)(CURLPROTO_SMTP | CURLPROTO_SMTPS));
#endif
	if (c == CURLE_OK)
		c = curl_easy_setopt(h, CURLOPT_MAIL_FROM, from->addr);
	if (c == CURLE_OK)
		c = curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	if (c == CURLE_OK)
		c = curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	if (c == CURLE_OK)
		c = curl_easy_setopt(h, CURLOPT_READFUNCTION,
		    mailsend_upload_cb);
	if (c == CURLE_OK)
		c = curl_easy_setopt(h, CURLOPT_READDATA, &up);
	if (c == CURLE_OK)
		c = curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE,
		    (curl_off_t)len);
	if (c == CURLE_OK)
		c = curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	if (c == CURLE_OK)
		c = curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
		    (long)(timeout_ms < MAIL_CONNECT_MS ? timeout_ms :
		    MAIL_CONNECT_MS));
	if (c == CURLE_OK)
		c = curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)timeout_ms);
	if (c == CURLE_OK)
		c = curl_easy_setopt(h, CURLOPT_ERRORBUFFER, cerr);
	if (c == CURLE_OK)
		c = curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION,
		    mailsend_debug_cb);
	if (c == CURLE_OK)
		c = curl_easy_setopt(h, CURLOPT_DEBUGDATA, &tr);
	if (c == CURLE_OK)
		c = curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
	if (c == CURLE_OK && t->starttls)
		c = curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (c == CURLE_OK && t->user[0] != '\0')
		c = curl_easy_setopt(h, CURLOPT_USERNAME, t->user);
	if (c == CURLE_OK && t->user[0] != '\0')
		c = curl_easy_setopt(h, CURLOPT_PASSWORD, t->password);
	if (c != CURLE_OK) {
		errbuf_set(err, errlen, "%s: %s", url, curl_easy_strerror(c));
		goto out;
	}

	if ((c = curl_easy_perform(h)) == CURLE_OK) {
		rc = 0;
		goto out;
	}
	/* A refusal from the server says more than curl's summary. */
	if (tr.reply[0] == '4' || tr.reply[0] == '5')
		errbuf_set(err, errlen, "%s: 邮件服务器%s：%s%s%s", url,
		    tr.reply[0] == '4' ? "暂时拒收（稍后重试）" : "拒收", tr.cmd,
		    tr.cmd[0] ? ": " : "", tr.reply);
	else
		errbuf_set(err, errlen, "%s: %s：%s", url, mailsend_why(c),
		    cerr[0] != '\0' ? cerr : curl_easy_strerror(c));

out:
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(h);
	return rc;
}

int
mail_init(char *err, size_t errlen)
{
	CURLcode	c;

	if (mailsend_inited)
		return 0;
	if ((c = curl_global_init(CURL_GLOBAL_DEFAULT)) != CURLE_OK) {
		errbuf_set(err, errlen, "cannot set up libcurl: %s",
		    curl_easy_strerror(c));
		return -1;
	}
	mailsend_inited = 1;
	return 0;
}

int
mail_transport_parse(const char *value, struct mail_transport *t, char *err,
    size_t errlen)
{
	const char	*b, *e, *host, *hend, *p;
	char		 show[64];
	size_t		 n, slen;
	unsigned long	 port;

	memset(t, 0, sizeof(*t));
	t->kind = MAIL_SENDMAIL;
	snprintf(t->sendmail, sizeof(t->sendmail), "%s",
	    MAIL_SENDMAIL_DEFAULT);
	t->timeout_ms = MAIL_TIMEOUT_MS;
	if (value == NULL)
		value = "";
	for (b = value; *b == ' ' || *b == '\t'; b++)
		;
	for (e = b + strlen(b); e > b && (e[-1] == ' ' || e[-1] == '\t');
	    e--)
		;
	n = (size_t)(e - b);
	mailsend_clean(b, n, show, sizeof(show));
	if (n == 0) {
		errbuf_set(err, errlen, "empty mail transport (use \"sendmail\""
		    " or an smtp:// or smtps:// URL)");
		return -1;
	}
	if (n == 8 && strncmp(b, "sendmail", 8) == 0)
		return 0;
	if (n > 7 && strncasecmp(b, "smtp://", 7) == 0)
		slen = 7;
	else if (n > 8 && strncasecmp(b, "smtps://", 8) == 0)
		slen = 8;
	else {
		errbuf_set(err, errlen, "unknown mail transport \"%s\" (use "
		    "\"sendmail\" or an smtp:// or smtps:// URL)", show);
		return -1;
	}
	if (n >= sizeof(t->url)) {
		errbuf_set(err, errlen, "mail transport URL longer than %zu "
		    "bytes", sizeof(t->url) - 1);
		return -1;
	}
	for (p = b; p < e; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f) {
			errbuf_set(err, errlen, "blank, control or non-ASCII "
			    "character in mail transport URL \"%s\"", show);
			return -1;
		}
	host = b + slen;
	hend = host + strcspn(host, "/?#");
	if (hend > e)
		hend = e;
	if (memchr(host, '@', (size_t)(hend - host)) != NULL) {
		errbuf_set(err, errlen, "the mail transport URL must not hold "
		    "a user name or password (set user and password instead)");
		return -1;
	}
	if (*host == '[') {
		if ((p = memchr(host, ']', (size_t)(hend - host))) == NULL ||
		    p == host + 1) {
			errbuf_set(err, errlen, "bad host in mail transport "
			    "URL \"%s\"", show);
			return -1;
		}
		p++;
	} else
		for (p = host; p < hend && *p != ':'; p++)
			;
	if (p == host) {
		errbuf_set(err, errlen, "no host in mail transport URL \"%s\"",
		    show);
		return -1;
	}
	if (p < hend) {
		if (*p != ':' || p + 1 == hend ||
		    strspn(p + 1, "0123456789") < (size_t)(hend - p - 1) ||
		    hend - p - 1 > 5 ||
		    (port = strtoul(p + 1, NULL, 10)) == 0 || port > 65535) {
			errbuf_set(err, errlen, "bad port in mail transport "
			    "URL \"%s\"", show);
			return -1;
		}
	}
	memcpy(t->url, b, n);
	t->url[n] = '\0';
	t->kind = MAIL_SMTP;
	return 0;
}

/* An address fit for an SMTP command or an argv: terminated, printable
 * ASCII, no blank or angle bracket, an '@' (mail_addr_parse checks it
 * fully; this guards a struct filled some other way). */
static int
mailsend_addr_ok(const struct mail_addr *a, const char *what, char *err,
    size_t errlen)
{
	size_t	n = strnlen(a->addr, sizeof(a->addr)), i;

	for (i = 0; i < n && n < sizeof(a->addr); i++)
		if ((unsigned char)a->addr[i] <= 0x20 ||
		    (unsigned char)a->addr[i] >= 0x7f || a->addr[i] == '<' ||
		    a->addr[i] == '>')
			break;
	if (n == 0 || n == sizeof(a->addr) || i < n ||
	    memchr(a->addr, '@', n) == NULL) {
		errbuf_set(err, errlen, "bad %s address", what);
		return -1;
	}
	return 0;
}

int
mail_send(const struct mail_transport *t, const struct mail_addr *from,
    const struct mail_addr *to, size_t nto, const char *msg, size_t len,
    char *err, size_t errlen)
{
	unsigned int	timeout_ms;
	size_t		i;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (t == NULL || from == NULL || msg == NULL) {
		errbuf_set(err, errlen, "mail_send: nothing to send");
		return -1;
	}
	if (to == NULL || nto == 0) {
		errbuf_set(err, errlen, "no recipient");
		return -1;
	}
	if (mailsend_addr_ok(from, "sender", err, errlen) == -1)
		return -1;
	for (i = 0; i < nto; i++)
		if (mailsend_addr_ok(&to[i], "recipient", err, errlen) == -1)
			return -1;
	timeout_ms = t->timeout_ms != 0 ? t->timeout_ms : MAIL_TIMEOUT_MS;
	if (timeout_ms > INT32_MAX)
		timeout_ms = INT32_MAX;
	switch (t->kind) {
	case MAIL_SENDMAIL:
		return mailsend_sendmail(t, to, nto, msg, len, timeout_ms, err,
		    errlen);
	case MAIL_SMTP:
		return mailsend_smtp(t, from, to, nto, msg, len, timeout_ms,
		    err, errlen);
	}
	errbuf_set(err, errlen, "unknown mail transport");
	return -1;
}
