/*
 * vault_opts: libgit2's process-wide memory limits for docketd, set once
 * at start before the vault is opened (see vault_opts.c for the values
 * and why).
 */
#ifndef DOCKET_VAULT_OPTS_H
#define DOCKET_VAULT_OPTS_H

#include <stddef.h>

#include "attr.h"

/*
 * Initialise libgit2 (the reference is kept for the life of the process)
 * and bound its object cache and pack windows.  0, or -1 with err.
 */
DOCKET_WUR
int	vault_opts_apply(char *err, size_t errlen);

/*
 * In a forked child, before it opens a repository of its own: forget the
 * parent's libgit2 state (its open packs, whose descriptors the child
 * closed), then vault_opts_apply.  0, or -1 with err.
 */
DOCKET_WUR
int	vault_opts_child(char *err, size_t errlen);

/*
 * on: libgit2's object cache off, for a walk over many commits (replay,
 * building the search index); off: on again.
 */
void	vault_opts_bulk(int on);

#endif
