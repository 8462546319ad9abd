/*
 * spoolread: list spool/ and remember the files whose read failed for a
 * reason that is not theirs, with a backoff per file (see spoolread.h).
 * The memory is in-process only: after a restart every file is simply
 * read again, which is what a retry is.
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

int
spoolread_list(struct spoolread *sr, const char *dir, char ***names,
    size_t *n)
{
	DIR		*d;
	struct dirent	*de;
	char		**v = NULL, **tmp;
	size_t		 cap = 0, nv = 0;
	int64_t		 now = spoolread_now();
	int		 saved = 0;
	const char	*what = "open";

	*names = NULL;
	*n = 0;
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
	spoolread_prune(sr, v, nv);
	*names = v;
	*n = nv;
	return 0;
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
