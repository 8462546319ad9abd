/*
 * vault_repack: keep the vault's packs O(log n) with a geometric repack
 * (the idea of `git repack --geometric=2`), in a forked child, so intake
 * never waits for it.  Packs of main and packs of the public branch are
 * merged apart (a site pack never shares a pack with main's objects).
 * The rule, the file format of the merge and why a kill at any point is
 * safe are in vault_repack.c and doc/ARCHITECTURE.md ("Repack").
 */
#ifndef DOCKET_VAULT_REPACK_H
#define DOCKET_VAULT_REPACK_H

#include <stddef.h>
#include <stdint.h>

#include <git2.h>

#include "attr.h"
#include "packwrite.h"

/* No repack of a group with fewer packs than this. */
#define VAULT_REPACK_MIN	8
/* The manifest of a merge under way, in the repository's directory:
 * slot 0's; slot N's is VAULT_REPACK_MANIFEST "-N". */
#define VAULT_REPACK_MANIFEST	"docket-repack"
/*
 * Merges that may run at once, each over packs no other one holds: while
 * a long merge of large packs runs (minutes at a million records), the
 * small packs each commit adds are merged beside it instead of piling up.
 */
#define VAULT_REPACK_SLOTS	2

/* The packs merges made (vault_gc.c never looks for garbage in them). */
#define VAULT_REPACK_MERGED	"docket-merged"

struct vault_repack;

/* "pack-" and 40 lowercase hex digits. */
int	vault_repack_name_ok(const char *);
/* The names in VAULT_REPACK_MERGED ("pack-<hex>"); NULL and 0 when none. */
char	**vault_repack_merged(const char *gitdir, size_t *n);
void	vault_repack_merged_free(char **, size_t);

/*
 * How many of the smallest packs to merge (counts ascending): so many
 * that the rest, and the merged pack below them, each hold at least
 * twice the objects of the one before.  0 when nothing is to merge.
 */
size_t	vault_repack_plan(const uint64_t *counts, size_t n);

/*
 * vault_merge.c: merge the packs names[0..n) ("pack-<hex>", in that
 * order) of the repository at gitdir into one, copying their entries as
 * they are, and leave the manifest; the sources stay
 * (vault_repack_recover removes them).  What the child runs;
 * synchronous.  0 or -1.
 */
DOCKET_WUR
int	vault_repack_merge(const char *gitdir, char *const *names, size_t n,
	    char *err, size_t errlen);
/* The same in a slot (0 .. VAULT_REPACK_SLOTS - 1): its own manifest. */
DOCKET_WUR
int	vault_repack_merge_slot(const char *gitdir, int slot,
	    char *const *names, size_t n, char *err, size_t errlen);
/* The new pack slot's manifest names, if there is one: 1, else 0. */
int	vault_repack_manifest_new(const char *gitdir, int slot,
	    char name[PACKW_NAME]);
/*
 * Finish what a merge left (its manifest): the sources go when the new
 * pack is in place, else the manifest goes.  At start, before the vault
 * is opened, and after each child.  1 when sources were removed, 0,
 * -1 (nothing removed).
 */
DOCKET_WUR
int	vault_repack_recover(const char *gitdir, char *err, size_t errlen);
/* The same for one slot only (after its child; the other may still
 * run). */
DOCKET_WUR
int	vault_repack_recover_slot(const char *gitdir, int slot, char *err,
	    size_t errlen);

/* docketd's argv[1] for a merge child (vault_repack_main). */
#define VAULT_REPACK_ARG	"--repack-merge"

/*
 * docketd's own binary (readlink of /proc/self/exe at start): merges are
 * then spawned from it with VAULT_REPACK_ARG instead of forked.
 */
void	vault_repack_set_exe(const char *path);
/*
 * The merge child: docketd VAULT_REPACK_ARG GITDIR SLOT PARENT-PID
 * stderr|syslog PACK...; its exit status (0 merged, 1 failed, 2 usage).
 */
int	vault_repack_main(int argc, char **argv);

/* For a writable vault (docketd): gitdir ends in '/'. */
struct vault_repack *vault_repack_new(const char *gitdir);
/* Stop a child still running (SIGKILL: the next start finishes up). */
void	vault_repack_free(struct vault_repack *);
/*
 * After a commit: reap a child that ended and finish its merge; if the
 * packs call for a merge and no child runs, start one.  1 when packs
 * were removed (the caller reopens its repository), 0, or -1 (logged).
 */
int	vault_repack_tick(struct vault_repack *, git_repository *);

#endif
