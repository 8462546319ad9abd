/*
 * command: what docketd does for each control-socket request.  Reads
 * are open to anyone who can reach the socket; every change needs root
 * or the admin group, is applied through lifecycle.c, and is durable in
 * the vault and LMDB before the answer goes out.
 */
#ifndef DOCKET_COMMAND_H
#define DOCKET_COMMAND_H

#include <jansson.h>

#include "control.h"
#include "docket.h"
#include "mailer.h"
#include "schedule.h"

struct command_env {
	struct docket	*d;
	struct schedule	*sched;
	struct mailer	*mailer;
	struct control	*ctl;
	/* Rebuild LMDB from the vault; returns records indexed or -1.
	 * progress (or NULL) hears the commits walked (vault.h). */
	int		(*reindex)(void *arg, vault_progress_cb progress,
			    void *parg, char *err, size_t errlen);
	void		*reindex_arg;
	/* The public site: cmd is CONTROL_CMD_PUBLISH_REBUILD or _STATUS;
	 * returns the result, or NULL with a message.  NULL: no site. */
	json_t		*(*publish)(void *arg, const char *cmd, char *err,
			    size_t errlen);
	void		*publish_arg;
};

json_t	*command_handle(const struct control_peer *, const char *cmd,
	    json_t *args, void *arg);

#endif
