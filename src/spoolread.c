/*
 * spoolread: list spool/ and remember the files whose read failed for a
 * reason that is not theirs, with a backoff per file (see spoolread.h).
 * The memory is in-process only: after a restart every file is simply
 * read again, which is what a retry is.
 *
 * spoolread_next keeps the first names of a listing between batches, so
 * a batch does not list and sort the whole spool again: a migration that
 * claims a million files would list a million names for every batch of
 * a hundred.  Claims are named by time (spoolname.c), so what arrives
 * while the kept names are worked through sorts after them, and the
 * order is the order of claim either way.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "esc.h"
#include "log.h"
#include "spoolread.h"

#define SPOOLREAD_FIRST_MS	1000
#define SPOOLREAD_MAX_MS	(300 * 1000)
#define SPOOLREAD_DIR_MAX_MS	(60 * 1000)
#define SPOOLREAD_LOG_EVERY_MS	(600 * 1000)

struct spoolwait {
	char		*name;
	unsigned int	 failures;
	int64_t		 due;		/* monotonic ms */
};

struct spoolread {
	struct spoolwait	*w;
	size_t			 nw;
	/* the first names of the last listing (spoolread_next) */
	char			**first;
	size_t			 nfirst, pos, total;
	/* the listing of spool/ */
	unsigned int		 dir_failures;
	int64_t			 dir_due, dir_logged;
};

static int64_t
spoolread_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t
spoolread_backoff(unsigned int failures, int64_t max)
{
	int64_t ms = SPOOLREAD_FIRST_MS;

	while (failures-- > 1 && ms < max)
		ms *= 2;
	return ms < max ? ms : max;
}

struct spoolread *
spoolread_new(void)
{
	return calloc(1, sizeof(struct spoolread));
}

void
spoolread_free(struct spoolread *sr)
{
	size_t i;

	if (sr == NULL)
		return;
	for (i = 0; i < sr->nw; i++)
		free(sr->w[i].name);
	free(sr->w);
	spoolread_relist(sr);
	free(sr);
}

int
spoolread_transient(int e)
{
	switch (e) {
	case EIO:
	case ENOMEM:
	case EINTR:
	case EAGAIN:
	case EBUSY:
	case ENFILE:
	case EMFILE:
	case ENOBUFS:
	case ENOLCK:
	case ETIMEDOUT:
	case ESTALE:
	case ENOLINK:
	case EREMOTEIO:
		return 1;
	default:
		return 0;
	}
}

static int
spoolread_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
spoolread_names_free(char **v, size_t n)
{
	while (n > 0)
		free(v[--n]);
	free(v);
}

/* Forget the waits of files that are no longer listed. */
static void
spoolread_prune(struct spoolread *sr, char **names, size_t n)
{
	size_t i = 0;

	while (i < sr->nw) {
		if (n > 0 && bsearch(&sr->w[i].name, names, n, sizeof(*names),
		    spoolread_cmp) != NULL) {
			i++;
			continue;
		}
		free(sr->w[i].name);
		sr->w[i] = sr->w[--sr->nw];
	}
}

/* Max-heap on strcmp: v[0] is the greatest of the names kept. */
static void
spoolread_sift(char **v, size_t n, size_t i)
{
	size_t	 c;
	char	*t;

	for (; (c = 2 * i + 1) < n; i = c) {
		if (c + 1 < n && strcmp(v[c + 1], v[c]) > 0)
			c++;
		if (strcmp(v[c], v[i]) <= 0)
			break;
		t = v[c];
		v[c] = v[i];
		v[i] = t;
	}
}

static void
spoolread_push(char **v, size_t i)
{
	size_t	 p;
	char	*t;

	for (; i > 0 && strcmp(v[p = (i - 1) / 2], v[i]) < 0; i = p) {
		t = v[p];
		v[p] = v[i];
		v[i] = t;
	}
}

int
spoolread_list(struct spoolread *sr, const char *dir, char ***names,
    size_t *n)
{
	size_t total;

	return spoolread_list_first(sr, dir, 0, names, n, &total);
}

/*
 * The max (0: all) smallest names of dir, sorted, and how many it holds
 * in all: a max-heap of the max smallest while reading, so that a spool
 * of a million claims costs the memory of max names.
 */
int
spoolread_list_first(struct spoolread *sr, const char *dir, size_t max,
    char ***names, size_t *n, size_t *total)
{
	DIR		*d;
	struct dirent	*de;
	char		**v = NULL, **tmp;
	size_t		 cap = 0, nv = 0, seen = 0;
	int64_t		 now = spoolread_now();
	int		 saved = 0;
	const char	*what = "open";

	*names = NULL;
	*n = 0;
	*total = 0;
	if ((d = opendir(dir)) == NULL)
		saved = errno;
	while (d != NULL) {
		errno = 0;
		if ((de = readdir(d)) == NULL) {
			if ((saved = errno) != 0)
				what = "read";
			break;
		}
		if (de->d_name[0] == '.')
			continue;
		seen++;
		if (max > 0 && nv == max) {
			char *t;

			/* not among the max smallest: skip; else it
			 * takes the greatest's place */
			if (strcmp(de->d_name, v[0]) >= 0)
				continue;
			if ((t = strdup(de->d_name)) == NULL) {
				saved = ENOMEM;
				what = "list";
				break;
			}
			free(v[0]);
			v[0] = t;
			spoolread_sift(v, nv, 0);
			continue;
		}
		if (nv == cap) {
			cap = cap ? cap * 2 : 64;
			if ((tmp = reallocarray(v, cap, sizeof(*v))) == NULL) {
				saved = ENOMEM;
				what = "list";
				break;
			}
			v = tmp;
		}
		if ((v[nv] = strdup(de->d_name)) == NULL) {
			saved = ENOMEM;
			what = "list";
			break;
		}
		nv++;
		if (max > 0)
			spoolread_push(v, nv - 1);
	}
	if (d != NULL)
		closedir(d);
	if (saved != 0) {
		/* Not "empty": say so, and try again later. */
		spoolread_names_free(v, nv);
		sr->dir_failures++;
		sr->dir_due = now + spoolread_backoff(sr->dir_failures,
		    SPOOLREAD_DIR_MAX_MS);
		if (sr->dir_failures == 1 ||
		    now - sr->dir_logged >= SPOOLREAD_LOG_EVERY_MS) {
			errno = saved;
			log_warn("spool: cannot %s %s (attempt %u; files there "
			    "wait, retrying in %lld s)", what, dir,
			    sr->dir_failures, (long long)((sr->dir_due - now +
			    999) / 1000));
			sr->dir_logged = now;
		}
		return -1;
	}
	if (sr->dir_failures > 0) {
		log_info("spool: %s can be read again after %u failed "
		    "attempt%s", dir, sr->dir_failures,
		    sr->dir_failures == 1 ? "" : "s");
		sr->dir_failures = 0;
	}
	if (nv > 0)
		qsort(v, nv, sizeof(*v), spoolread_cmp);
	/* a partial listing cannot say which files are gone */
	if (seen == nv)
		spoolread_prune(sr, v, nv);
	*names = v;
	*n = nv;
	*total = seen;
	return 0;
}

int
spoolread_next(struct spoolread *sr, const char *dir, size_t max,
    char ***names, size_t *n, int *fresh)
{
	*fresh = 0;
	if (sr->pos >= sr->nfirst) {
		spoolread_relist(sr);
		if (spoolread_list_first(sr, dir, max, &sr->first, &sr->nfirst,
		    &sr->total) == -1) {
			*names = NULL;
			*n = 0;
			return -1;
		}
		*fresh = 1;
	}
	*names = sr->first + sr->pos;
	*n = sr->total - sr->pos;
	return 0;
}

size_t
spoolread_kept(const struct spoolread *sr)
{
	return sr->nfirst - sr->pos;
}

void
spoolread_taken(struct spoolread *sr, size_t k)
{
	sr->pos += k < sr->nfirst - sr->pos ? k : sr->nfirst - sr->pos;
}

void
spoolread_relist(struct spoolread *sr)
{
	spoolread_names_free(sr->first, sr->nfirst);
	sr->first = NULL;
	sr->nfirst = sr->pos = sr->total = 0;
}

static struct spoolwait *
spoolread_find(const struct spoolread *sr, const char *name)
{
	size_t i;

	for (i = 0; i < sr->nw; i++)
		if (strcmp(sr->w[i].name, name) == 0)
			return &sr->w[i];
	return NULL;
}

int
spoolread_waiting(struct spoolread *sr, const char *name)
{
	struct spoolwait *w = spoolread_find(sr, name);

	return w != NULL && w->due > spoolread_now();
}

void
spoolread_failed(struct spoolread *sr, const char *name, const char *why)
{
	struct spoolwait	*w = spoolread_find(sr, name), *nw;
	int64_t			 delay;

	if (w == NULL) {
		if ((nw = reallocarray(sr->w, sr->nw + 1, sizeof(*nw))) ==
		    NULL)
			return;		/* then it is read at the next batch */
		sr->w = nw;
		w = &sr->w[sr->nw];
		if ((w->name = strdup(name)) == NULL)
			return;
		w->failures = 0;
		sr->nw++;
	}
	w->failures++;
	delay = spoolread_backoff(w->failures, SPOOLREAD_MAX_MS);
	w->due = spoolread_now() + delay;
	log_warnx("spool: %s: %s; it stays in spool and is read again in "
	    "%lld s (attempt %u)", esc(name), why, (long long)(delay + 999) /
	    1000, w->failures);
}

void
spoolread_ok(struct spoolread *sr, const char *name)
{
	struct spoolwait *w = spoolread_find(sr, name);

	if (w == NULL)
		return;
	log_info("spool: %s read after %u failed attempt%s", esc(name),
	    w->failures, w->failures == 1 ? "" : "s");
	free(w->name);
	*w = sr->w[--sr->nw];
}

int64_t
spoolread_next_ms(const struct spoolread *sr)
{
	int64_t	 now = spoolread_now(), best = -1, due;
	size_t	 i;

	for (i = 0; i <= sr->nw; i++) {
		if (i == sr->nw) {
			if (sr->dir_failures == 0)
				break;
			due = sr->dir_due;
		} else
			due = sr->w[i].due;
		due = due > now ? due - now : 0;
		if (best == -1 || due < best)
			best = due;
	}
	return best;
}
