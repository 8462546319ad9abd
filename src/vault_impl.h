/*
 * vault_impl: what the parts of the vault share and nobody else may see
 * — struct vault and the functions between them.  vault.c opens the
 * repository, stages objects and commits; vault_tree.c builds the trees
 * of a commit.
 */
#ifndef DOCKET_VAULT_IMPL_H
#define DOCKET_VAULT_IMPL_H

#include <git2.h>
#include <stddef.h>

#include "vault.h"

struct packw_pre;
struct vault_repack;
struct vtc;

/* An object of the next commit: in the mempack, or deflated ahead (pre
 * is then its index in vault.pre plus one). */
struct vault_obj {
	git_oid		 oid;
	size_t		 pre;
};

/* Bottom trees kept (vault_tree.c): the one new records fill, and room
 * for those a batch of updates touches. */
#define VAULT_BCACHE_MAX	64

struct vault {
	git_repository		*repo;
	git_odb			*odb;
	git_odb_backend		*mempack;
	git_tree_update		*updates;
	size_t			 nupdates, cap;
	struct vault_obj	*written;	/* objects of this commit */
	size_t			 nwritten, wcap;
	struct packw_pre	*pre;		/* deflated ahead of it */
	size_t			 npre, precap;
	void			(*on_commit)(void *);	/* main moved */
	void			*on_commit_arg;
	struct vault_repack	*repack;	/* writable: merges packs */
	struct vtc		*tcache;	/* upper trees (vault_tcache.c) */
	struct vtc		*bcache;	/* bottom trees, bounded */
};

/* vault.c: before a call whose failure vault_giterr() reports; then
 * "what: cause" (libgit2's message, else errno's), or "what PATH: cause". */
void	vault_clear(void);
void	vault_giterr(char *, size_t, const char *);
void	vault_giterr_path(char *, size_t, const char *, const char *);

/* vault.c: hash an object and put it in the mempack (0, or -1 with
 * libgit2's error set). */
int	vault_write(struct vault *, git_oid *, const void *, size_t,
	    git_object_t);

/* vault_tree.c: git_tree_update's order by path, for qsort. */
int	vault_update_cmp(const void *, const void *);
/* Write the tree base (may be NULL) with the sorted updates u[0..n)
 * applied, their paths relative to it (prefix bytes skipped). */
int	vault_build_tree(struct vault *, const git_oid *base,
	    git_tree_update *u, size_t n, size_t prefix, git_oid *out);

#endif /* DOCKET_VAULT_IMPL_H */
