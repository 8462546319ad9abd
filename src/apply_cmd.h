/*
 * apply_cmd: docketd's side of the `apply` commands — the control
 * socket requests apply_new, apply_<change> and the reads apply_show,
 * apply_list and apply_explain.  Applicant details are personal data:
 * command.c lists every one of them as root or the admin group only,
 * reads included, and docketctl reads applications only through here.
 */
#ifndef DOCKET_APPLY_CMD_H
#define DOCKET_APPLY_CMD_H

#include <jansson.h>

#include "control.h"
#include "docket.h"

/* One request; cmd is its wire name (CONTROL_CMD_APPLY_*). */
json_t	*apply_cmd(struct docket *, const struct control_peer *,
	    const char *cmd, json_t *args);

/* At start: index what the vault holds and LMDB does not (see
 * apply_store_recover).  -1 with err. */
int	 apply_cmd_recover(struct docket *, int force, char *err,
	    size_t errlen);

#endif
