/*
 * control: docketd's control socket.  A unix stream socket (0660, group
 * admin_group) that speaks JSON lines: each request line gets exactly one
 * response line, and a connection may carry many requests.  The server
 * reads the peer's credentials on accept and hands them, with the command
 * and its arguments, to one handler; the handler decides what needs admin.
 *
 * Request:  {"proto":1,"cmd":"NAME","args":{...}}
 * Response: {"proto":1,"ok":true,"result":<any>} or
 *           {"proto":1,"ok":false,"code":"CODE","error":"message"}
 * CODE is proto, malformed, too_big, denied, busy, usage, notfound,
 * conflict or internal.
 *
 * A long command (reindex) whose args hold "progress": true may send,
 * before its response, progress lines
 *           {"proto":1,"progress":{"done":N,"total":M}}
 * (at most ten a second, and a last one with done = total); a request
 * without it never gets one, so older clients see no change.
 */
#ifndef DOCKET_CONTROL_H
#define DOCKET_CONTROL_H

#include <sys/types.h>

#include <stdint.h>

#include <jansson.h>

#define CONTROL_PROTO		1
#define CONTROL_MAX_LINE	65536	/* one request, including the LF */
#define CONTROL_MAX_CONN	32
#define CONTROL_IDLE_MS		60000

/*
 * The wire names of docketd's commands, declared once: command.c serves
 * them (its table says which need admin), docketctl sends them.
 */
#define CONTROL_CMD_PING		"ping"
#define CONTROL_CMD_SCHEDULE		"schedule"
#define CONTROL_CMD_MARK		"mark"
#define CONTROL_CMD_REVIEW		"review"
#define CONTROL_CMD_REPEAL		"repeal"
#define CONTROL_CMD_UNREPEAL		"unrepeal"
#define CONTROL_CMD_RESTORE		"restore"
#define CONTROL_CMD_HOLD		"hold"
#define CONTROL_CMD_UNHOLD		"unhold"
#define CONTROL_CMD_OCR_CHECKED		"ocr_checked"
#define CONTROL_CMD_MARK_KIND		"mark_kind"
#define CONTROL_CMD_CLEANUP_RUN		"cleanup_run"
#define CONTROL_CMD_REINDEX		"reindex"
#define CONTROL_CMD_REPORT_MAIL		"report_mail"
#define CONTROL_CMD_OUTBOX_DROP		"outbox_drop"
#define CONTROL_CMD_QUARANTINE_RETRY	"quarantine_retry"
#define CONTROL_CMD_QUARANTINE_DROP	"quarantine_drop"
/* The public site (site.c): rebuild needs admin, status does not. */
#define CONTROL_CMD_PUBLISH_REBUILD	"publish_rebuild"
#define CONTROL_CMD_PUBLISH_STATUS	"publish_status"
/* Applications (apply_cmd.c): every one, reads too, needs admin. */
#define CONTROL_CMD_APPLY_NEW		"apply_new"
#define CONTROL_CMD_APPLY_CORRECT	"apply_correct"
#define CONTROL_CMD_APPLY_CORRECTED	"apply_corrected"
#define CONTROL_CMD_APPLY_CONSULT	"apply_consult"
#define CONTROL_CMD_APPLY_CONSULTED	"apply_consulted"
#define CONTROL_CMD_APPLY_EXTEND	"apply_extend"
#define CONTROL_CMD_APPLY_FEE		"apply_fee"
#define CONTROL_CMD_APPLY_PAID		"apply_paid"
#define CONTROL_CMD_APPLY_ASK_REASON	"apply_ask_reason"
#define CONTROL_CMD_APPLY_SET_DUE	"apply_set_due"
#define CONTROL_CMD_APPLY_ANSWER	"apply_answer"
#define CONTROL_CMD_APPLY_APPEAL	"apply_appeal"
#define CONTROL_CMD_APPLY_APPEAL_RESULT	"apply_appeal_result"
#define CONTROL_CMD_APPLY_SHOW		"apply_show"
#define CONTROL_CMD_APPLY_LIST		"apply_list"
#define CONTROL_CMD_APPLY_EXPLAIN	"apply_explain"
/* The annual report (annual_cmd.c): both need admin. */
#define CONTROL_CMD_ANNUAL_SET		"annual_set"
#define CONTROL_CMD_ANNUAL_PUBLISH	"annual_publish"

struct event_base;
struct control;
struct control_conn;

struct control_peer {
	uid_t	uid;
	gid_t	gid;
	pid_t	pid;
	char	user[64];	/* login name, or "uid N" */
	int	admin;		/* root, or in the admin group */
	struct control_conn *conn;	/* its connection (control.c), or NULL */
};

/*
 * Returns a new reference: a result (sent as ok:true) or an error made by
 * control_error().  NULL is answered as an internal error.  args is always
 * an object ({} when the request had none).  The handler must not free
 * the control.
 */
typedef json_t	*(*control_handler)(const struct control_peer *,
		    const char *cmd, json_t *args, void *arg);

/* A marker object the server turns into ok:false with code and error. */
json_t		*control_error(const char *code, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

/* admin_group may be NULL or "": then only root is admin. */
struct control	*control_new(struct event_base *, const char *path,
		    const char *admin_group, control_handler, void *arg,
		    char *err, size_t errlen);
void		 control_set_admin_group(struct control *, const char *);
const char	*control_admin_group(struct control *);
/* Close connections idle this long (default CONTROL_IDLE_MS). */
void		 control_set_idle_timeout(struct control *, unsigned int ms);
void		 control_free(struct control *);

int		 control_peer_admin(const struct control_peer *);

/*
 * From inside a handler: send the peer a progress line now (the event
 * loop waits for the handler, so it is written straight to the socket,
 * never blocking: a line the socket cannot take at once is dropped, and
 * one it takes in part is finished through the connection's queue).  At
 * most ten a second; done = total always goes.  A peer without a
 * connection (conn NULL) gets nothing.
 */
void		 control_progress(const struct control_peer *, uint64_t done,
		    uint64_t total);

#endif
