/*
 * site_write: the static site's files on disk, each written atomically
 * (a temporary file in the same directory, fsync, rename), so a crash
 * never leaves half a page.  The directories a batch of writes and
 * removals touched are fsync'd together (site_out_sync), and every path
 * written or removed is remembered until site_out_clear, for the public
 * branch (vault_public.c) to commit.  A file whose bytes are already on
 * disk is not rewritten, but is remembered all the same: a sync redone
 * after a crash must still reach the public branch.
 */
#ifndef DOCKET_SITE_WRITE_H
#define DOCKET_SITE_WRITE_H

#include <stddef.h>

struct site_out;

struct site_out	*site_out_new(const char *root);
void		 site_out_free(struct site_out *);
const char	*site_out_root(const struct site_out *);

/* Write rel (relative to the root, no leading '/'), making its
 * directories.  0, or -1 with a message. */
int		 site_out_write(struct site_out *, const char *rel,
		    const void *buf, size_t len, char *err, size_t errlen);
/* Remove rel if it is there.  0, or -1 with a message. */
int		 site_out_remove(struct site_out *, const char *rel, char *err,
		    size_t errlen);
/* fsync every directory written to or removed from since the last call. */
int		 site_out_sync(struct site_out *, char *err, size_t errlen);

/* The paths written or removed (in order, duplicates possible). */
size_t		 site_out_count(const struct site_out *);
const char	*site_out_path(const struct site_out *, size_t);
/* Files actually changed on disk (not counting identical rewrites). */
size_t		 site_out_changed(const struct site_out *);
void		 site_out_clear(struct site_out *);

#endif
