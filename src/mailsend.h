/*
 * mailsend: hand a message composed by mailmsg to the mail system, through
 * the local sendmail(8) command or over SMTP (libcurl), within a time
 * limit, with a one-line reason when it could not be handed over.
 */
#ifndef DOCKET_MAILSEND_H
#define DOCKET_MAILSEND_H

#include <stddef.h>

#include "mailmsg.h"

#define MAIL_SENDMAIL_DEFAULT	"/usr/sbin/sendmail -t -oi"
#define MAIL_TIMEOUT_MS		60000
/* Most time spent connecting, within the whole timeout. */
#define MAIL_CONNECT_MS		10000

struct mail_transport {
	enum mail_transport_kind {
		MAIL_SENDMAIL,
		MAIL_SMTP
	}		 kind;
	char		 sendmail[512];	/* command line, split by exttool_argv;
					 * "" = MAIL_SENDMAIL_DEFAULT */
	char		 url[512];	/* smtp://host[:port] or smtps://... */
	int		 starttls;	/* require STARTTLS on smtp:// */
	char		 user[128];	/* SMTP AUTH when not "" */
	char		 password[256];
	unsigned int	 timeout_ms;	/* whole delivery; 0 = MAIL_TIMEOUT_MS */
};

/*
 * Set up libcurl (curl_global_init) once.  mail_send does it when needed;
 * a program with threads calls this first, before starting them.
 * Returns 0, or -1 with a reason.
 */
int	 mail_init(char *err, size_t errlen);

/*
 * Parse the [mail] transport value into a transport with the defaults
 * (sendmail command, 60 s; no STARTTLS, no AUTH: the caller sets those):
 * "sendmail", or an smtp:// or smtps:// URL with a host, an optional
 * port and no user name or password in it.  Returns 0, or -1 with a
 * reason.
 */
int	 mail_transport_parse(const char *value, struct mail_transport *,
	    char *err, size_t errlen);

/*
 * Hand msg[0..len) (CRLF line ends, as mail_compose makes it) over for
 * delivery from from->addr to each of to.
 *
 * sendmail: the command runs without a shell, the message on its stdin,
 * in a process group of its own; what it prints is kept for the reason.
 * Without -t among its arguments the recipients are appended after
 * "--".  It succeeds on exit status 0 only; after timeout_ms its process
 * group is killed.  Whatever it leaves running after a clean exit (an MTA
 * delivering in the background) is left alone.
 *
 * smtp: libcurl, MAIL FROM from->addr, RCPT TO each of to; with
 * starttls, STARTTLS is required; AUTH with user and password when user
 * is set.  Peers are verified on TLS.  Connecting gives up after
 * MAIL_CONNECT_MS, the whole exchange after timeout_ms.
 *
 * Returns 0 once the message was accepted, or -1 with a one-line reason
 * in err: "sendmail: exit status 75: <its last line>", "smtp://host:25:
 * Failed to connect ...", "smtp://host:25: RCPT TO:<a@b>: 550 ...".
 */
int	 mail_send(const struct mail_transport *, const struct mail_addr *from,
	    const struct mail_addr *to, size_t nto, const char *msg,
	    size_t len, char *err, size_t errlen);

#endif
