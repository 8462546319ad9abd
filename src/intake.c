/*
 * intake: find finished files in intake/ and intake/<agency>/ and claim
 * them into spool/.
 *
 * inotify reports IN_CLOSE_WRITE, IN_MOVED_TO and IN_CREATE (the last for
 * link() hand-offs).  A file renamed into place is complete and is taken
 * at once; anything else waits until its size and mtime have stayed the
 * same for `settle`, so a slow writer is never read half-way.  inotify
 * can miss events (queue overflow, network file systems), so a full
 * rescan runs at start, on IN_Q_OVERFLOW and every `rescan` seconds.
 *
 * The claim is a rename into spool/ under a name that records the agency,
 * the original name and the time (spoolname.c).  Files nested deeper than
 * one agency folder are moved to quarantine with a reason.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "esc.h"
#include "intake.h"
#include "apply_intake.h"	/* APPLY_INTAKE_DIR: not an agency */
#include "log.h"
#include "quarantine.h"
#include "spoolmeta.h"
#include "spoolname.h"

#define INTAKE_MAX_DEPTH	8

struct watch {
	int	 wd;
	char	*agency;	/* "" for intake/ itself */
};

struct pending {
	char		*agency;
	char		*name;
	off_t		 size;
	struct timespec	 mtime;
	int64_t		 since;		/* ms when last seen changing */
};

struct intake {
	struct event_base	*base;
	const struct config	*cf;
	void			(*ready)(void *);
	void			*arg;
	int			 ifd;
	struct event		*ev_inotify, *ev_rescan, *ev_settle, *ev_deep;
	struct watch		*watches;
	size_t			 nwatches;
	struct pending		*pend;
	size_t			 npend;
	unsigned int		 seq;
	int			 claimed;
};

static int64_t
intake_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
intake_ignored(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || name[0] == '.')
		return 1;
	if (name[n - 1] == '~')
		return 1;
	if (n >= 4 && strcmp(name + n - 4, ".tmp") == 0)
		return 1;
	if (n >= 5 && strcmp(name + n - 5, ".part") == 0)
		return 1;
	return 0;
}

static void
intake_dirpath(struct intake *in, const char *agency, char *buf, size_t len)
{
	if (agency[0] == '\0')
		snprintf(buf, len, "%s", in->cf->intake);
	else
		snprintf(buf, len, "%s/%s", in->cf->intake, agency);
}

static void
intake_pending_drop(struct intake *in, size_t i)
{
	free(in->pend[i].agency);
	free(in->pend[i].name);
	in->pend[i] = in->pend[--in->npend];
}

static void
intake_pending_forget(struct intake *in, const char *agency, const char *name)
{
	size_t i;

	for (i = 0; i < in->npend; i++)
		if (strcmp(in->pend[i].agency, agency) == 0 &&
		    strcmp(in->pend[i].name, name) == 0) {
			intake_pending_drop(in, i);
			return;
		}
}

/* Rename into spool/.  0 claimed, -1 not (logged unless it vanished). */
static int
intake_claim(struct intake *in, const char *agency, const char *name)
{
	char	src[PATH_MAX * 2], dst[PATH_MAX * 2], sname[NAME_MAX + 1];
	char	from[PATH_MAX], reason[PATH_MAX + 256], masked[NAME_MAX + 1];
	char	pa[NAME_MAX + 1], pn[NAME_MAX + 1];
	int64_t	ms;
	int	tries, noted;

	snprintf(src, sizeof(src), "%s%s%s/%s", in->cf->intake,
	    agency[0] ? "/" : "", agency, name);
	/* An agency folder named with escape codes or bytes that are not
	 * UTF-8 is no agency: its files go to quarantine, saying why. */
	if (agency[0] != '\0' && !esc_clean(agency, strlen(agency))) {
		/* A retry puts it in intake/ itself: that folder is no agency. */
		snprintf(from, sizeof(from), "%s", name);
		snprintf(reason, sizeof(reason), "%s: intake/%s",
		    QUARANTINE_WHY_AGENCY, esc_mask(agency, masked,
		    sizeof(masked)));
		/* agency and name may be the pending entry's own strings:
		 * forget it only when they are no longer needed. */
		if (quarantine_move_from(in->cf->quarantine, src, name, from,
		    reason, NULL, 0) == -1) {
			if (errno != ENOENT)
				log_warn("intake: quarantine %s", esc(src));
		} else
			log_info("quarantined %s of agency folder %s: %s",
			    esc(from), esc(agency), reason);
		intake_pending_forget(in, agency, name);
		return -1;
	}
	for (tries = 0; tries < 1000; tries++) {
		if (spoolname_make(sname, sizeof(sname), intake_now_ms(),
		    in->seq++, agency, name) == -1) {
			log_warnx("intake: cannot make a spool name for %s",
			    esc(src));
			return -1;
		}
		snprintf(dst, sizeof(dst), "%s/%s", in->cf->spool, sname);
		/* A cut name: note the whole one first (spoolmeta.c). */
		noted = 0;
		if (spoolname_parse(sname, &ms, pa, sizeof(pa), pn,
		    sizeof(pn)) == -1 || strcmp(pa, agency) != 0 ||
		    strcmp(pn, name) != 0) {
			if (spoolmeta_write(in->cf->spool, sname, agency,
			    name) == -1) {
				log_warn("intake: cannot note the full name of "
				    "%s in %s/.meta", esc(src), in->cf->spool);
				return -1;
			}
			noted = 1;
		}
		if (renameat2(AT_FDCWD, src, AT_FDCWD, dst,
		    RENAME_NOREPLACE) == 0) {
			log_debug("claimed %s as %s", esc(src), esc(sname));
			intake_pending_forget(in, agency, name);
			in->claimed++;
			return 0;
		}
		if (noted) {
			int saved = errno;

			spoolmeta_remove(in->cf->spool, sname);
			errno = saved;
		}
		if (errno != EEXIST)
			break;
	}
	if (errno != ENOENT)
		log_warn("intake: claim %s", esc(src));
	intake_pending_forget(in, agency, name);
	return -1;
}

static void
intake_settle_arm(struct intake *in)
{
	struct timeval	tv;
	unsigned int	ms = in->cf->settle_ms / 4;

	if (in->npend == 0 || evtimer_pending(in->ev_settle, NULL))
		return;
	if (ms < 50)
		ms = 50;
	if (ms > 1000)
		ms = 1000;
	tv.tv_sec = ms / 1000;
	tv.tv_usec = (ms % 1000) * 1000;
	evtimer_add(in->ev_settle, &tv);
}

static void
intake_flush(struct intake *in)
{
	if (in->claimed > 0) {
		in->claimed = 0;
		in->ready(in->arg);
	}
}

/* A candidate file: claim at once when `now` (renamed in, or settled
 * long ago), else remember it until it has settled. */
static void
intake_consider(struct intake *in, const char *agency, const char *name,
    int now)
{
	char		 path[PATH_MAX * 2];
	struct stat	 sb;
	int64_t		 t = intake_now_ms(), mt;
	size_t		 i;
	struct pending	*p;

	if (intake_ignored(name))
		return;
	intake_dirpath(in, agency, path, sizeof(path));
	strncat(path, "/", sizeof(path) - strlen(path) - 1);
	strncat(path, name, sizeof(path) - strlen(path) - 1);
	if (lstat(path, &sb) == -1 || S_ISDIR(sb.st_mode))
		return;
	mt = (int64_t)sb.st_mtim.tv_sec * 1000 + sb.st_mtim.tv_nsec / 1000000;
	/* Not a regular file: nothing will settle; ingest refuses it. */
	if (now || !S_ISREG(sb.st_mode) || t - mt >= (int64_t)in->cf->settle_ms) {
		intake_claim(in, agency, name);
		return;
	}
	for (i = 0; i < in->npend; i++)
		if (strcmp(in->pend[i].agency, agency) == 0 &&
		    strcmp(in->pend[i].name, name) == 0)
			break;
	if (i == in->npend) {
		p = reallocarray(in->pend, in->npend + 1, sizeof(*p));
		if (p == NULL)
			return;
		in->pend = p;
		p = &in->pend[in->npend];
		if ((p->agency = strdup(agency)) == NULL ||
		    (p->name = strdup(name)) == NULL) {
			free(p->agency);
			return;
		}
		in->npend++;
	} else
		p = &in->pend[i];
	p->size = sb.st_size;
	p->mtime = sb.st_mtim;
	p->since = t;
	intake_settle_arm(in);
}

static void
intake_settle_cb(evutil_socket_t fd, short ev, void *arg)
{
	struct intake	*in = arg;
	struct stat	 sb;
	char		 path[PATH_MAX * 2];
	int64_t		 t = intake_now_ms();
	size_t		 i = 0;
	struct pending	*p;

	while (i < in->npend) {
		p = &in->pend[i];
		intake_dirpath(in, p->agency, path, sizeof(path));
		strncat(path, "/", sizeof(path) - strlen(path) - 1);
		strncat(path, p->name, sizeof(path) - strlen(path) - 1);
		if (lstat(path, &sb) == -1) {
			intake_pending_drop(in, i);
			continue;
		}
		if (sb.st_size != p->size ||
		    sb.st_mtim.tv_sec != p->mtime.tv_sec ||
		    sb.st_mtim.tv_nsec != p->mtime.tv_nsec) {
			p->size = sb.st_size;
			p->mtime = sb.st_mtim;
			p->since = t;
			i++;
			continue;
		}
		if (t - p->since >= (int64_t)in->cf->settle_ms) {
			/* A claim, won or lost, forgets entry i. */
			intake_claim(in, p->agency, p->name);
			continue;
		}
		i++;
	}
	intake_flush(in);
	intake_settle_arm(in);
}

static struct watch *
intake_watch_find(struct intake *in, int wd)
{
	size_t i;

	for (i = 0; i < in->nwatches; i++)
		if (in->watches[i].wd == wd)
			return &in->watches[i];
	return NULL;
}

static void
intake_watch_add(struct intake *in, const char *agency)
{
	char		 path[PATH_MAX * 2];
	struct watch	*w;
	int		 wd;
	size_t		 i;

	intake_dirpath(in, agency, path, sizeof(path));
	wd = inotify_add_watch(in->ifd, path, IN_CLOSE_WRITE | IN_MOVED_TO |
	    IN_CREATE | IN_ONLYDIR | IN_DONT_FOLLOW);
	if (wd == -1) {
		log_warn("intake: watch %s (the rescan still serves it)",
		    esc(path));
		return;
	}
	for (i = 0; i < in->nwatches; i++)
		if (in->watches[i].wd == wd)
			return;		/* already watched */
	if ((w = reallocarray(in->watches, in->nwatches + 1,
	    sizeof(*w))) == NULL)
		return;
	in->watches = w;
	w[in->nwatches].wd = wd;
	if ((w[in->nwatches].agency = strdup(agency)) == NULL)
		return;
	in->nwatches++;
}

static void
intake_deep_arm(struct intake *in)
{
	struct timeval tv;

	if (in->ev_deep == NULL || evtimer_pending(in->ev_deep, NULL))
		return;
	tv.tv_sec = in->cf->settle_ms / 1000;
	tv.tv_usec = (in->cf->settle_ms % 1000) * 1000 + 100000;
	evtimer_add(in->ev_deep, &tv);
}

/* Everything under a folder nested inside an agency folder goes to
 * quarantine (once settled): docket reads one level of agencies only.
 * These folders are watched too, so that what lands there is moved
 * aside without waiting for the next full rescan. */
static void
intake_quarantine_tree(struct intake *in, const char *dir, const char *rel,
    int depth)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	char		 path[PATH_MAX * 2], sub[PATH_MAX], reason[PATH_MAX + 128];
	int64_t		 t = intake_now_ms(), mt;

	if (depth > INTAKE_MAX_DEPTH || (d = opendir(dir)) == NULL)
		return;
	if (in->ifd != -1)
		intake_watch_add(in, rel);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		snprintf(sub, sizeof(sub), "%s/%s", rel, de->d_name);
		if (lstat(path, &sb) == -1)
			continue;
		if (S_ISDIR(sb.st_mode)) {
			intake_quarantine_tree(in, path, sub, depth + 1);
			continue;
		}
		if (intake_ignored(de->d_name))
			continue;
		mt = (int64_t)sb.st_mtim.tv_sec * 1000 +
		    sb.st_mtim.tv_nsec / 1000000;
		if (S_ISREG(sb.st_mode) && t - mt < (int64_t)in->cf->settle_ms) {
			intake_deep_arm(in);	/* still being written */
			continue;
		}
		snprintf(reason, sizeof(reason), "目录层级过深：intake/%s（只读取 "
		    "intake/ 下的文件和 intake/<机关>/ 下的文件）", esc(sub));
		if (quarantine_move_from(in->cf->quarantine, path, de->d_name,
		    sub, reason, NULL, 0) == -1)
			log_warn("intake: quarantine %s", esc(path));
		else
			log_info("quarantined %s: %s", esc(de->d_name),
			    reason);
	}
	closedir(d);
}

static void
intake_scan_dir(struct intake *in, const char *agency)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	char		 dir[PATH_MAX * 2], path[PATH_MAX * 3], rel[PATH_MAX];

	intake_dirpath(in, agency, dir, sizeof(dir));
	if ((d = opendir(dir)) == NULL) {
		if (errno != ENOENT)
			log_warn("intake: scan %s", esc(dir));
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (lstat(path, &sb) == -1)
			continue;
		if (S_ISDIR(sb.st_mode)) {
			/* The applications' drop folder (apply_intake.c)
			 * is not an agency's. */
			if (agency[0] == '\0' &&
			    strcmp(de->d_name, APPLY_INTAKE_DIR) == 0)
				continue;
			if (agency[0] == '\0') {
				intake_watch_add(in, de->d_name);
				intake_scan_dir(in, de->d_name);
			} else {
				snprintf(rel, sizeof(rel), "%s/%s", agency,
				    de->d_name);
				intake_quarantine_tree(in, path, rel, 1);
			}
			continue;
		}
		intake_consider(in, agency, de->d_name, 0);
	}
	closedir(d);
}

void
intake_rescan(struct intake *in)
{
	log_debug("intake: rescan");
	intake_scan_dir(in, "");
	intake_flush(in);
}

static void
intake_rescan_cb(evutil_socket_t fd, short ev, void *arg)
{
	intake_rescan(arg);
}

static void
intake_inotify_cb(evutil_socket_t fd, short ev, void *arg)
{
	struct intake			*in = arg;
	char				 buf[64 * 1024]
	    __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event	*e;
	struct watch			*w;
	ssize_t				 n;
	char				*p;
	int				 rescan = 0;

	for (;;) {
		n = read(in->ifd, buf, sizeof(buf));
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		for (p = buf; p < buf + n;
		    p += sizeof(struct inotify_event) + e->len) {
			e = (const struct inotify_event *)p;
			if (e->mask & IN_Q_OVERFLOW) {
				log_info("intake: inotify queue overflow, "
				    "rescanning");
				rescan = 1;
				continue;
			}
			if ((w = intake_watch_find(in, e->wd)) == NULL)
				continue;
			if (e->mask & IN_IGNORED) {
				free(w->agency);
				*w = in->watches[--in->nwatches];
				continue;
			}
			if (e->len == 0 || e->name[0] == '\0')
				continue;
			if (strchr(w->agency, '/') != NULL) {
				/* inside a nested folder: quarantine */
				intake_deep_arm(in);
				continue;
			}
			if (e->mask & IN_ISDIR) {
				if (w->agency[0] == '\0' &&
				    strcmp(e->name, APPLY_INTAKE_DIR) == 0)
					continue;
				if (w->agency[0] == '\0' &&
				    e->name[0] != '.') {
					intake_watch_add(in, e->name);
					intake_scan_dir(in, e->name);
				} else if (e->name[0] != '.')
					intake_scan_dir(in, w->agency);
				continue;
			}
			intake_consider(in, w->agency, e->name,
			    (e->mask & IN_MOVED_TO) != 0);
		}
	}
	if (rescan)
		intake_scan_dir(in, "");
	intake_flush(in);
}

struct intake *
intake_new(struct event_base *base, const struct config *cf,
    void (*ready)(void *), void *arg)
{
	struct intake *in;

	if ((in = calloc(1, sizeof(*in))) == NULL)
		return NULL;
	in->base = base;
	in->cf = cf;
	in->ready = ready;
	in->arg = arg;
	in->ifd = -1;
	return in;
}

void
intake_reconfigure(struct intake *in)
{
	struct timeval tv;

	tv.tv_sec = in->cf->rescan;
	tv.tv_usec = 0;
	if (in->ev_rescan != NULL) {
		evtimer_del(in->ev_rescan);
		evtimer_add(in->ev_rescan, &tv);
	}
}

int
intake_start(struct intake *in)
{
	struct timeval tv;

	in->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (in->ifd == -1)
		log_warn("intake: inotify (falling back to rescans only)");
	else {
		in->ev_inotify = event_new(in->base, in->ifd,
		    EV_READ | EV_PERSIST, intake_inotify_cb, in);
		event_add(in->ev_inotify, NULL);
		intake_watch_add(in, "");
	}
	in->ev_rescan = event_new(in->base, -1, EV_PERSIST, intake_rescan_cb,
	    in);
	in->ev_settle = evtimer_new(in->base, intake_settle_cb, in);
	in->ev_deep = evtimer_new(in->base, intake_rescan_cb, in);
	tv.tv_sec = in->cf->rescan;
	tv.tv_usec = 0;
	evtimer_add(in->ev_rescan, &tv);
	intake_rescan(in);
	return 0;
}

void
intake_free(struct intake *in)
{
	size_t i;

	if (in == NULL)
		return;
	if (in->ev_inotify)
		event_free(in->ev_inotify);
	if (in->ev_rescan)
		event_free(in->ev_rescan);
	if (in->ev_settle)
		event_free(in->ev_settle);
	if (in->ev_deep)
		event_free(in->ev_deep);
	if (in->ifd != -1)
		close(in->ifd);
	for (i = 0; i < in->nwatches; i++)
		free(in->watches[i].agency);
	free(in->watches);
	while (in->npend > 0)
		intake_pending_drop(in, in->npend - 1);
	free(in->pend);
	free(in);
}
