/*
 * docketd_impl: what the parts of the daemon share and nobody else may
 * see — struct docketd and the functions between them.  docketd.c runs
 * the event loop; docketd_start.c holds the start-up checks on the root
 * (its lock, libgit2's stale locks, the vault's unreachable packs);
 * docketd_reindex.c rebuilds LMDB from the vault.
 */
#ifndef DOCKET_DOCKETD_IMPL_H
#define DOCKET_DOCKETD_IMPL_H

#include <limits.h>
#include <stddef.h>

#include "change.h"
#include "command.h"
#include "config.h"
#include "docket.h"
#include "setup.h"
#include "vault.h"

struct event;
struct event_base;

struct docketd {
	struct config		 cf;
	struct change_site	 site;		/* the catalog's view */
	const char		*cfile, *root;
	struct event_base	*base;
	struct event		*ev_batch;
	struct event		*ev_trim;	/* memtrim once idle */
	unsigned int		 untrimmed;	/* batches since memtrim */
	struct store		*st;
	struct vault		*vt;
	struct ingest		*ing;
	struct ocrq		*ocr;		/* OCR worker processes */
	struct intake		*in;
	struct apply_intake	*apin;		/* intake/applications/ */
	struct domains		*domains;
	struct neglist		*neglist;	/* 负面清单 */
	struct calendar		*cal;		/* working days */
	struct event		*ev_calendar;	/* the daily December check */
	struct event		*ev_watchdog;
	struct event		*ev_site;	/* the static site's sync */
	unsigned int		 site_retry;	/* seconds; 0: none failed */
	int			 site_rebuild;	/* [publish] changed: all again */
	struct search_proc	*search;	/* the full-text index's worker */
	struct search_feed	*feed;		/* and its committer's side */
	struct docket		 dk;		/* what the lifecycle shares */
	struct schedule		*sched;
	struct mailer		*mailer;
	struct mirror		*mirror;	/* [mirror NAME] pushes */
	struct control		*ctl;
	struct command_env	 cmd;
	struct setup_user	 user;
	char			 pidfile[PATH_MAX];
	int			 lockfd;
};

/* docketd.c: the index broke (MDB_PANIC), a retry is scheduled; a
 * commit happened, the site's sync comes next. */
void	docketd_store_broken(void *);
void	docketd_site_kick(void *);

/* docketd_start.c: take the root's lock (or exit: another docketd runs),
 * remove the lock files a crashed libgit2 left, and the packs a kill
 * left that no ref reaches. */
void	docketd_lock(struct docketd *);
void	docketd_clear_git_locks(struct docketd *);
void	docketd_vault_gc(struct docketd *);

/* docketd_reindex.c: rebuild LMDB from the vault and swap it in; the
 * number of records, or -1 with err set. */
int	docketd_reindex(void *, vault_progress_cb, void *, char *, size_t);

#endif /* DOCKET_DOCKETD_IMPL_H */
