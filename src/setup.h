/*
 * setup: make a root ready before anything is opened in it — create the
 * directories, refuse what would fail later (unwritable directories,
 * intake and spool on different file systems, state owned by another
 * user), and drop root privileges for -u USER.
 */
#ifndef DOCKET_SETUP_H
#define DOCKET_SETUP_H

#include <stddef.h>
#include <sys/types.h>

#include "config.h"

struct setup_user {
	char	name[64];
	uid_t	uid;
	gid_t	gid;
	int	set;		/* -u was given */
};

/* Look up -u USER; -1 with a reason when there is no such user. */
int	setup_user(const char *name, struct setup_user *, char *err,
	    size_t errlen);

/* Create and check the root's directories (as root, handing new ones to
 * u when set).  -1 with "PATH: reason". */
int	setup_dirs(const struct config *, const struct setup_user *,
	    char *err, size_t errlen);

/* Give path to u (when set and we are root). */
int	setup_chown(const char *path, const struct setup_user *);

/* Drop to u for good: groups, gid, uid; -1 with a reason. */
int	setup_drop(const struct setup_user *, char *err, size_t errlen);

#endif
