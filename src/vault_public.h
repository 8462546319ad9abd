/*
 * vault_public: the static site as a branch of the vault,
 * refs/heads/public, with its own history, so a portal can `git clone
 * --single-branch -b public file://…` (or a mirror push only it).  Each site sync commits the files
 * it wrote or removed: the new tree is the previous public tree with
 * those paths updated (git_tree_create_updated), so a commit rewrites
 * only the trees on those paths, never one listing every page.  The
 * objects go to an in-memory pack and reach disk as one fsync'd pack, as
 * vault.c does for main, before the branch moves (compare-and-swap).
 * Only what is in the site directory is ever read: the public branch can
 * hold nothing the site does not.
 */
#ifndef DOCKET_VAULT_PUBLIC_H
#define DOCKET_VAULT_PUBLIC_H

#include <stddef.h>

#include "vault.h"

#define VAULT_PUBLIC_BRANCH	"refs/heads/public"
/* What keeps the objects of the public branch's dropped history in the
 * vault (vault_public_commit): not a branch, so never cloned or pushed. */
#define VAULT_PUBLIC_KEPT	"refs/docket/public-kept"

/*
 * Commit paths (relative to site_root) as they are now on disk: a file
 * there is added or replaced, one that is gone is removed.  oid gets the
 * new commit, or "" when the tree did not change (no commit).  With
 * orphan (the end of a rebuild), every file the branch holds that is not
 * under site_root any more is removed as well: the branch is the site.
 *
 * A commit that removes a file the branch holds (a document withdrawn
 * from the site: its page, its original) has no parent, and neither has
 * one made with orphan (even with nothing to update, when the head has
 * one): the branch's history is dropped, so that nothing of a document
 * published by mistake and withdrawn — its page, the lists that named it
 * — stays in what a portal's clone of the branch gets.  The sync that
 * withdraws it rewrites those lists in the same commit (site.c); a crash
 * before the commit leaves the removal to be committed again.  0, or -1
 * with a message.
 */
int	vault_public_commit(const char *vault_path, const char *site_root,
	    const char *const *paths, size_t n, int orphan,
	    const char *message, char oid[VAULT_OID_HEX], char *err,
	    size_t errlen);

/* The head of the public branch: 0, 1 when there is none, -1. */
int	vault_public_head(const char *vault_path, char oid[VAULT_OID_HEX],
	    char *err, size_t errlen);

#endif
