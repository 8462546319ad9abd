/*
 * site_write: atomic files for the static site.  Each file is written to
 * .NAME.tmp in its own directory, fsync'd and renamed over NAME; the
 * directories touched are kept in a short list and fsync'd in one go by
 * site_out_sync (every SITE_OUT_DIRS directories at the latest), which
 * site.c calls before it moves site_head: a page is never counted as
 * published before it is durable.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "site_write.h"
#include "xalloc.h"

#define SITE_OUT_DIRS	256

struct site_out {
	char	 *root;
	char	**dirs;		/* to fsync */
	size_t	  ndirs;
	char	**paths;	/* written or removed */
	size_t	  npaths, pcap;
	size_t	  changed;
};

struct site_out *
site_out_new(const char *root)
{
	struct site_out *o = xcalloc(1, sizeof(*o));

	o->root = xstrdup(root);
	o->dirs = xcalloc(SITE_OUT_DIRS, sizeof(*o->dirs));
	return o;
}

void
site_out_clear(struct site_out *o)
{
	size_t i;

	for (i = 0; i < o->npaths; i++)
		free(o->paths[i]);
	o->npaths = 0;
	o->changed = 0;
}

void
site_out_free(struct site_out *o)
{
	size_t i;

	if (o == NULL)
		return;
	site_out_clear(o);
	for (i = 0; i < o->ndirs; i++)
		free(o->dirs[i]);
	free(o->dirs);
	free(o->paths);
	free(o->root);
	free(o);
}

const char *
site_out_root(const struct site_out *o)
{
	return o->root;
}

size_t
site_out_count(const struct site_out *o)
{
	return o->npaths;
}

const char *
site_out_path(const struct site_out *o, size_t i)
{
	return o->paths[i];
}

size_t
site_out_changed(const struct site_out *o)
{
	return o->changed;
}

static void
site_out_note(struct site_out *o, const char *rel)
{
	if (o->npaths == o->pcap) {
		o->pcap = o->pcap ? o->pcap * 2 : 256;
		o->paths = xreallocarray(o->paths, o->pcap,
		    sizeof(*o->paths));
	}
	o->paths[o->npaths++] = xstrdup(rel);
}

static int
site_out_fsync_dir(const char *dir, char *err, size_t errlen)
{
	int fd, rc;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "open %s: %s", dir, strerror(errno));
		return -1;
	}
	if ((rc = fsync(fd)) == -1)
		snprintf(err, errlen, "fsync %s: %s", dir, strerror(errno));
	close(fd);
	return rc;
}

int
site_out_sync(struct site_out *o, char *err, size_t errlen)
{
	size_t	i;
	int	rc = 0;

	for (i = 0; i < o->ndirs; i++) {
		if (rc == 0 && site_out_fsync_dir(o->dirs[i], err, errlen) ==
		    -1)
			rc = -1;
		free(o->dirs[i]);
	}
	o->ndirs = 0;
	return rc;
}

/* Remember dir (absolute) for the next site_out_sync. */
static int
site_out_dirty(struct site_out *o, const char *dir, char *err, size_t errlen)
{
	size_t i;

	for (i = o->ndirs; i > 0; i--)
		if (strcmp(o->dirs[i - 1], dir) == 0)
			return 0;
	if (o->ndirs == SITE_OUT_DIRS && site_out_sync(o, err, errlen) == -1)
		return -1;
	o->dirs[o->ndirs++] = xstrdup(dir);
	return 0;
}

/* mkdir -p of the directory part of abs; new directories make their
 * parents dirty. */
static int
site_out_mkdirs(struct site_out *o, char *abs, char *err, size_t errlen)
{
	struct stat	 sb;
	char		*slash;

	if ((slash = strrchr(abs, '/')) == NULL || slash == abs)
		return 0;
	*slash = '\0';
	if (stat(abs, &sb) == 0) {
		/* Name the file in the way (abs is cut at it), not the
		 * page that was to go under it. */
		if (!S_ISDIR(sb.st_mode))
			snprintf(err, errlen, "%s is not a directory", abs);
		*slash = '/';
		return S_ISDIR(sb.st_mode) ? 0 : -1;
	}
	if (site_out_mkdirs(o, abs, err, errlen) == -1) {
		*slash = '/';
		return -1;
	}
	/* The site is for a web server to read: 0755 whatever docketd's
	 * umask (0027 under systemd, for the record's own files). */
	if ((mkdir(abs, 0755) == -1 && errno != EEXIST) || chmod(abs, 0755) ==
	    -1) {
		snprintf(err, errlen, "mkdir %s: %s", abs, strerror(errno));
		*slash = '/';
		return -1;
	}
	{
		char *p = strrchr(abs, '/');

		if (p != NULL && p != abs) {
			*p = '\0';
			if (site_out_dirty(o, abs, err, errlen) == -1) {
				*p = '/';
				*slash = '/';
				return -1;
			}
			*p = '/';
		}
	}
	*slash = '/';
	return 0;
}

/* 1 when path holds exactly buf. */
static int
site_out_same(const char *path, const void *buf, size_t len)
{
	struct stat	 sb;
	char		 chunk[65536];
	const char	*p = buf;
	size_t		 off = 0;
	ssize_t		 n;
	int		 fd, same = 1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1)
		return 0;
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode) ||
	    (size_t)sb.st_size != len) {
		close(fd);
		return 0;
	}
	while (same && (n = read(fd, chunk, sizeof(chunk))) > 0) {
		if (off + (size_t)n > len || memcmp(p + off, chunk, (size_t)n))
			same = 0;
		off += (size_t)n;
	}
	close(fd);
	return same && off == len;
}

int
site_out_write(struct site_out *o, const char *rel, const void *buf,
    size_t len, char *err, size_t errlen)
{
	char		 abs[PATH_MAX], tmp[PATH_MAX + 16], *slash;
	const char	*p = buf;
	size_t		 off = 0;
	ssize_t		 n;
	int		 fd;

	if (snprintf(abs, sizeof(abs), "%s/%s", o->root, rel) >=
	    (int)sizeof(abs)) {
		snprintf(err, errlen, "%s/%s: path too long", o->root, rel);
		return -1;
	}
	site_out_note(o, rel);
	if (site_out_same(abs, buf, len))
		return 0;
	if (site_out_mkdirs(o, abs, err, errlen) == -1)
		return -1;
	slash = strrchr(abs, '/');
	*slash = '\0';
	snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", abs, slash + 1);
	*slash = '/';
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC |
	    O_NOFOLLOW, 0644)) == -1) {
		snprintf(err, errlen, "create %s: %s", tmp, strerror(errno));
		return -1;
	}
	/* A page is public: 0644 whatever the umask, as its directories. */
	if (fchmod(fd, 0644) == -1) {
		snprintf(err, errlen, "chmod %s: %s", tmp, strerror(errno));
		goto fail;
	}
	while (off < len) {
		if ((n = write(fd, p + off, len - off)) == -1) {
			if (errno == EINTR)
				continue;
			snprintf(err, errlen, "write %s: %s", tmp,
			    strerror(errno));
			goto fail;
		}
		off += (size_t)n;
	}
	if (fsync(fd) == -1) {
		snprintf(err, errlen, "fsync %s: %s", tmp, strerror(errno));
		goto fail;
	}
	if (close(fd) == -1) {
		fd = -1;
		snprintf(err, errlen, "close %s: %s", tmp, strerror(errno));
		goto fail;
	}
	fd = -1;
	if (rename(tmp, abs) == -1) {
		snprintf(err, errlen, "rename %s: %s", tmp, strerror(errno));
		goto fail;
	}
	o->changed++;
	*slash = '\0';
	n = site_out_dirty(o, abs, err, errlen);
	*slash = '/';
	return n == -1 ? -1 : 0;
fail:
	if (fd != -1)
		close(fd);
	unlink(tmp);
	return -1;
}

int
site_out_remove(struct site_out *o, const char *rel, char *err,
    size_t errlen)
{
	char	abs[PATH_MAX], *slash;
	int	rc;

	if (snprintf(abs, sizeof(abs), "%s/%s", o->root, rel) >=
	    (int)sizeof(abs)) {
		snprintf(err, errlen, "%s/%s: path too long", o->root, rel);
		return -1;
	}
	site_out_note(o, rel);
	if (unlink(abs) == -1) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "unlink %s: %s", abs, strerror(errno));
		return -1;
	}
	o->changed++;
	/* A directory the page leaves empty goes too (agency/SLUG/ of an
	 * agency with nothing public any more: a web server would list
	 * it); up to the site's root, never the root itself. */
	for (;;) {
		slash = strrchr(abs, '/');
		*slash = '\0';
		if (strcmp(abs, o->root) == 0 || rmdir(abs) == -1)
			break;
	}
	rc = site_out_dirty(o, abs, err, errlen);
	return rc;
}
