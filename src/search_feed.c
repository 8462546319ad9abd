/*
 * search_feed: the committer's side of the full-text index
 * (search_feed.h).  The texts of a batch are kept in a small hash on the
 * record's number, copied (ingest frees its own right after staging);
 * one batch's worth, dropped after each commit, so memory stays bounded
 * by a batch.  The worker (search_proc.c) and this never write at the
 * same time: while it builds the index a commit only kicks it again;
 * while it catches up, a commit stops it and catches up here.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "search.h"
#include "search_feed.h"
#include "search_sync.h"
#include "xalloc.h"

struct sf_text {
	uint64_t	 id;		/* 0: free */
	char		 sha[SEARCH_SHA_LEN + 1];
	char		*text;
	size_t		 len;
};

struct search_feed {
	struct search_sync	*ss;
	struct search_proc	*sp;
	struct sf_text		*t;
	size_t			 n, cap;	/* cap: a power of two */
	int			 warned;
	int			 far;	/* said the worker catches up */
};

struct search_feed *
search_feed_new(const char *dbdir, const char *vault, struct search_proc *sp)
{
	struct search_feed	*f = xcalloc(1, sizeof(*f));

	f->ss = search_sync_new(dbdir, vault);
	search_sync_nobuild(f->ss);
	f->sp = sp;
	return f;
}

static void
sf_clear(struct search_feed *f)
{
	size_t	i;

	for (i = 0; i < f->cap && f->n > 0; i++)
		if (f->t[i].id != 0) {
			free(f->t[i].text);
			f->t[i].id = 0;
			f->n--;
		}
}

void
search_feed_free(struct search_feed *f)
{
	if (f == NULL)
		return;
	sf_clear(f);
	free(f->t);
	search_sync_free(f->ss);
	free(f);
}

void
search_feed_close(struct search_feed *f)
{
	if (f != NULL)
		search_sync_close(f->ss);
}

static struct sf_text *
sf_slot(struct search_feed *f, uint64_t id)
{
	size_t	i = (size_t)(id * 0x9e3779b97f4a7c15ULL) & (f->cap - 1);

	while (f->t[i].id != 0 && f->t[i].id != id)
		i = (i + 1) & (f->cap - 1);
	return &f->t[i];
}

static void
sf_grow(struct search_feed *f)
{
	struct sf_text	*old = f->t, *e;
	size_t		 ocap = f->cap, i;

	f->cap = f->cap ? f->cap * 2 : 512;
	f->t = xcalloc(f->cap, sizeof(*f->t));
	for (i = 0; i < ocap; i++)
		if (old[i].id != 0) {
			e = sf_slot(f, old[i].id);
			*e = old[i];
		}
	free(old);
}

void
search_feed_text(struct search_feed *f, const char *id, const char *sha,
    const char *text, size_t len)
{
	struct sf_text	*e;
	uint64_t	 n;

	if (f == NULL || id == NULL || sha == NULL ||
	    store_id_parse(id, &n) == -1 || n == 0)
		return;
	if ((f->n + 1) * 2 > f->cap)
		sf_grow(f);
	e = sf_slot(f, n);
	if (e->id == 0)
		f->n++;
	else
		free(e->text);
	e->id = n;
	snprintf(e->sha, sizeof(e->sha), "%s", sha);
	e->text = xmalloc(len + 1);
	memcpy(e->text, text, len);
	e->text[len] = '\0';
	e->len = len;
}

/* search_text_fn: the text of id at sha, if this batch staged it. */
static const char *
sf_get(void *arg, uint64_t id, const char *sha, size_t *len)
{
	struct search_feed	*f = arg;
	struct sf_text		*e;

	if (f->cap == 0)
		return NULL;
	e = sf_slot(f, id);
	if (e->id != id || strcmp(e->sha, sha) != 0)
		return NULL;
	*len = e->len;
	return e->text;
}

void
search_feed_commit(struct search_feed *f, struct store *st, struct vault *vt,
    const char *parent, const char *commit, json_t *recs)
{
	char	err[512];
	int	rc;

	if (f == NULL)
		return;
	if (search_proc_running(f->sp)) {
		/*
		 * Never two writers.  A worker building the index goes on
		 * (to this commit too), and so does one catching up from
		 * far behind (an index an older docketd left lagging): the
		 * committer doing that would hold intake for minutes.  One
		 * catching up from near is stopped, and the committer
		 * catches up itself: a niced worker chasing a burst of
		 * batches would never be in step (it loses at most its
		 * transaction, which SQLite rolls back).
		 */
		int building = search_sync_building(f->ss, st);

		if (building || search_sync_far(f->ss, st)) {
			if (!f->far && !building) {
				log_info("search index: far behind the "
				    "records; the worker catches up, intake "
				    "goes on");
				f->far = 1;
			}
			search_sync_close(f->ss);
			search_proc_kick(f->sp);
			sf_clear(f);
			return;
		}
		search_proc_stop(f->sp);
	}
	rc = search_sync_follow(f->ss, st, vt, parent, commit, recs, sf_get,
	    f, err, sizeof(err));
	sf_clear(f);
	if (rc == 0) {
		if (f->warned || f->far)
			log_info("search index: follows the commits again");
		f->warned = f->far = 0;
		return;
	}
	if (rc == 1 && !f->far && search_sync_far(f->ss, st)) {
		log_info("search index: far behind the records; the worker "
		    "catches up, intake goes on");
		f->far = 1;
	}
	if (rc == -1 && !f->warned) {
		log_warnx("search index: %s; the worker catches up", err);
		f->warned = 1;
	}
	search_sync_close(f->ss);
	search_proc_kick(f->sp);
}
