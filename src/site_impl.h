/*
 * site_impl: what site.c (the sync engine), site_pages.c (the pages over
 * index keys and the global pages) and site_files.c (the cleanup pages,
 * the annual reports and the pruning of a rebuild) share.  Nobody else includes it.
 */
#ifndef DOCKET_SITE_IMPL_H
#define DOCKET_SITE_IMPL_H

#include <jansson.h>

#include "site.h"
#include "site_render.h"
#include "site_write.h"

struct site_run {
	const struct site_env	*e;
	struct site_out		*out;
	struct site_ctx		 ctx;
	char			 generated[64];
	char			 head[VAULT_OID_HEX];	/* what site_head becomes */
	char			 what[64];		/* public commit message */
	MDB_txn			*txn;			/* read, while rendering */
	json_t			*keys;	/* idx_site keys to regenerate (set) */
	json_t			*meta;	/* meta key -> value, to write */
	json_t			*written; /* rebuild: the pages other than
					   documents written (set) */
	size_t			 docs;	/* document pages written */
	size_t			 files;	/* files changed on disk */
	uint64_t		 min_changed;	/* the lowest id this sync
						   changed; 0: all */
	int			 read_failed;	/* an index read failed: what
						   was written may be short;
						   the sync fails and is
						   done again */
	int			 rebuild;	/* its last public commit has
						   no parent (site_finish) */
};

/* site.c */
void	 site_now(char *buf, size_t len);
int	 site_on(json_t *rec);
int	 site_doc_write(struct site_run *, json_t *rec, char *err,
	    size_t errlen);
int	 site_public(struct site_run *, const char *what, int orphan,
	    char *err, size_t errlen);
int	 site_meta_flush(struct site_run *, char *err, size_t errlen);
json_t	*site_keys(struct site_run *);

/* site_pages.c */
/* Write what a renderer gave (rc its result) at path; -1 on a refusal or
 * an error (err set).  sb is freed. */
int	 site_emit(struct site_run *, const char *path, struct strbuf *sb,
	    int rc, char *err, size_t errlen);
/* 1-based position of a domain in domains.conf, 0 for none or unknown. */
int	 site_domain_no(struct site_run *, const char *name);
/* Newest first (published_on, 成文日期, id); keep max (0: all). */
void	 site_sort(json_t *arr, size_t max);
/* Objects by "label", descending. */
void	 site_sort_by(json_t *arr, const char *field);
/* The published records under an idx_site key, newest first (at most
 * max; 0: all). */
json_t	*site_load(struct site_run *, const char *key, size_t max);
/* The pages of one idx_site key (removed when it has no record). */
int	 site_key_pages(struct site_run *, const char *key, char *err,
	    size_t errlen);
/* Home, policy.html, year pages, domain and agency indexes, feeds,
 * sitemap index, negative.html, style.css. */
int	 site_global_pages(struct site_run *, char *err, size_t errlen);

/* site_files.c */
/* cleanup/index.html and cleanup/DATE.html from the vault's cleanup/. */
int	 site_cleanup_pages(struct site_run *, char *err, size_t errlen);
/* annual/YEAR/SLUG.html (and the .md beside it) for each report the
 * vault's annual/ holds, and annual/index.html; meta site_annual becomes
 * the tree id of annual/ ("none" when there is none). */
int	 site_annual_pages(struct site_run *, char *err, size_t errlen);
/* A rebuild's last step: what is on disk and should not be goes. */
int	 site_prune(struct site_run *, char *err, size_t errlen);

#endif
