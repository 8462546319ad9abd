/*
 * quarantine: where docket puts what it will not store, with a reason.
 * Nothing is ever deleted: a bad file is moved, never removed.
 */
#ifndef DOCKET_QUARANTINE_H
#define DOCKET_QUARANTINE_H

#include <stddef.h>

/* Move src (a path) to dir/NAME (NAME.1, NAME.2… when taken) and write
 * dir/NAME.reason holding one line: the reason and the time.  The final
 * name goes to out (may be NULL).  0, or -1 with errno set. */
int	quarantine_move(const char *dir, const char *src, const char *name,
	    const char *reason, char *out, size_t outlen);

/* fsync a directory by path. */
int	fsync_dir(const char *path);

#endif
