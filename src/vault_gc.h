/*
 * vault_gc: remove, at start, the packs in vault.git/objects/pack/ that no
 * ref reaches — what a kill (or a failed ref update) between the pack and
 * the ref leaves behind.  docketd holds the root's lock and has not opened
 * the vault yet, so nothing writes the vault meanwhile.  The rule, and why
 * it is safe, is in vault_gc.c and doc/ARCHITECTURE.md ("Pack garbage").
 */
#ifndef DOCKET_VAULT_GC_H
#define DOCKET_VAULT_GC_H

#include <stddef.h>

#include "attr.h"

struct vault_gc_stats {
	size_t	packs;		/* packs looked at */
	size_t	removed;	/* unreachable packs removed */
	size_t	orphans;	/* half-written or half-removed files removed */
	size_t	kept_unknown;	/* unreachable-looking packs kept: not ours */
};

/*
 * Remove unreachable packs of the bare repository at path that are older
 * than the commit main points at.  0 (also when there is no repository
 * or no main yet: nothing to do), -1 with err when the repository cannot
 * be read — then nothing was removed.
 */
DOCKET_WUR
int	vault_gc_packs(const char *path, struct vault_gc_stats *,
	    char *err, size_t errlen);

#endif
