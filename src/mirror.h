/*
 * mirror: docketd pushes the vault to each [mirror NAME] after commits,
 * in the background, so a county's record survives the loss of its
 * server and a portal can pull the public branch.  Each push runs in a
 * forked child (libgit2's git_remote_push); the event loop only arms
 * timers and reads a result line, so a dead or slow mirror never delays
 * intake.  Commits are coalesced (a burst is one push), failures back off
 * (5 s doubling to 30 min), and each mirror's last success and error are
 * kept in ROOT/mirrors.json for `docketctl status`.
 */
#ifndef DOCKET_MIRROR_H
#define DOCKET_MIRROR_H

#include <jansson.h>

#include "config.h"

#define MIRROR_STATE_FILE	"mirrors.json"	/* under the root */
#define MIRROR_RETRY_MIN_MS	(5 * 1000)
#define MIRROR_RETRY_MAX_MS	(30 * 60 * 1000)
#define MIRROR_COALESCE_MS	1000	/* a burst of commits: one push */
#define MIRROR_POLL_MS		(60 * 1000)	/* refs moved by someone
						 * else (the public branch) */

struct event_base;
struct mirror;

/*
 * Start the mirrors of cf (none configured: a mirror that does nothing)
 * and make it the one mirror_kick() wakes.  The vault must be opened
 * (libgit2 initialised).  Each mirror is pushed once soon after start.
 * NULL with a message in err.
 */
struct mirror	*mirror_new(struct event_base *, const struct config *cf,
		    char *err, size_t errlen);
/* Kill pushes still running and free. */
void		 mirror_free(struct mirror *);

/*
 * A commit happened (any branch): push each mirror soon, unless it is
 * backing off after a failure (then its next try pushes everything).
 * Cheap, never blocks; does nothing before mirror_new or without
 * mirrors.  vault_on_commit's signature.
 */
void		 mirror_kick(void *unused);

/*
 * For `docketctl status`: each configured mirror with what the state
 * file says of it: [{name, url (a password in it hidden), refs,
 * last_success, last_error, next_try, pushing_since}] (times RFC 3339
 * or null; pushing_since while a push runs).
 */
json_t		*mirror_status(const struct config *cf);	/* mirror_status.c */
/* scheme://user:password@host/… → scheme://user:***@host/… (malloc'd) */
char		*mirror_hide_password(const char *url);

#endif
