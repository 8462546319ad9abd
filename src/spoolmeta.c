/*
 * spoolmeta: the original name and agency of a claimed file whose spool
 * name had to be cut.  A spool name is "<ms>-<seq>#<agency>#<name>" and
 * must fit NAME_MAX, so a long agency folder or a long file name cannot
 * be carried whole in it.  For those files only, the claim first writes
 * spool/.meta/<spool name> holding {"agency": …, "name": …} (written to a
 * temporary name, fsync'd, renamed, directory fsync'd), and only then
 * renames the file into spool/.  So a claimed file whose name was cut
 * always has its note: a crash between the two leaves a note with no
 * file, which spoolmeta_prune removes at start (the file is still in
 * intake/ and is claimed again under a new spool name).  The note goes
 * after the spool file, when the batch is acknowledged, and .meta/ itself
 * when it is empty again.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "quarantine.h"
#include "spoolmeta.h"

#define SPOOLMETA_DIR	".meta"
#define SPOOLMETA_MAX	4096	/* a note is two names: far below this */

static int
spoolmeta_path(char *buf, size_t len, const char *spool, const char *sname)
{
	int n;

	if (sname == NULL || sname[0] == '\0' || sname[0] == '.' ||
	    strchr(sname, '/') != NULL)
		return -1;
	n = snprintf(buf, len, "%s/" SPOOLMETA_DIR "/%s", spool, sname);
	return (n < 0 || (size_t)n >= len) ? -1 : 0;
}

int
spoolmeta_write(const char *spool, const char *sname, const char *agency,
    const char *name)
{
	char	 dir[PATH_MAX], path[PATH_MAX + NAME_MAX + 2];
	char	 tmp[PATH_MAX + NAME_MAX + 8];
	char	*text;
	json_t	*o;
	size_t	 len, off;
	ssize_t	 w;
	int	 fd, saved;

	snprintf(dir, sizeof(dir), "%s/" SPOOLMETA_DIR, spool);
	if (mkdir(dir, 0750) == 0) {
		/* The note must not outlive a crash in a directory whose
		 * own entry did not. */
		if (fsync_dir(spool) == -1)
			return -1;
	} else if (errno != EEXIST)
		return -1;
	if (spoolmeta_path(path, sizeof(path), spool, sname) == -1) {
		errno = EINVAL;
		return -1;
	}
	/* One writer per root (its flock), so the pid names the temporary. */
	snprintf(tmp, sizeof(tmp), "%s/.tmp-%ld", dir, (long)getpid());
	o = json_pack("{s:s, s:s}", "agency", agency ? agency : "",
	    "name", name);
	if (o == NULL) {
		errno = EINVAL;
		return -1;
	}
	text = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (text == NULL) {
		errno = ENOMEM;
		return -1;
	}
	len = strlen(text);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640))
	    == -1) {
		free(text);
		return -1;
	}
	for (off = 0; off < len; off += (size_t)w)
		if ((w = write(fd, text + off, len - off)) <= 0) {
			if (w == 0)
				errno = EIO;
			goto fail;
		}
	if (fsync(fd) == -1)
		goto fail;
	if (close(fd) == -1) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) == -1 || fsync_dir(dir) == -1)
		goto fail;
	free(text);
	return 0;
fail:
	saved = errno;
	if (fd != -1)
		close(fd);
	unlink(tmp);
	free(text);
	errno = saved;
	return -1;
}

int
spoolmeta_read(const char *spool, const char *sname, char *agency,
    size_t alen, char *name, size_t nlen)
{
	char		 path[PATH_MAX + NAME_MAX + 2], buf[SPOOLMETA_MAX + 1];
	json_t		*o;
	const char	*a, *n;
	ssize_t		 r;
	int		 fd;

	if (spoolmeta_path(path, sizeof(path), spool, sname) == -1)
		return 1;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1)
		return errno == ENOENT ? 1 : -1;
	r = read(fd, buf, SPOOLMETA_MAX);
	close(fd);
	if (r < 0)
		return -1;
	buf[r] = '\0';
	if ((o = json_loads(buf, 0, NULL)) == NULL) {
		errno = EINVAL;
		return -1;
	}
	a = json_string_value(json_object_get(o, "agency"));
	n = json_string_value(json_object_get(o, "name"));
	if (a == NULL || n == NULL || n[0] == '\0' || strlen(a) >= alen ||
	    strlen(n) >= nlen) {
		json_decref(o);
		errno = EINVAL;
		return -1;
	}
	memcpy(agency, a, strlen(a) + 1);
	memcpy(name, n, strlen(n) + 1);
	json_decref(o);
	return 0;
}

void
spoolmeta_remove(const char *spool, const char *sname)
{
	char path[PATH_MAX + NAME_MAX + 2];

	char dir[PATH_MAX];

	if (spoolmeta_path(path, sizeof(path), spool, sname) == 0 &&
	    unlink(path) == 0) {
		/* Empty again: spool/ looks as it did (fails if not empty). */
		snprintf(dir, sizeof(dir), "%s/" SPOOLMETA_DIR, spool);
		(void)rmdir(dir);
	}
}

int
spoolmeta_prune(const char *spool)
{
	char		 dir[PATH_MAX], path[PATH_MAX + NAME_MAX + 2];
	struct dirent	*de;
	struct stat	 st;
	DIR		*d;
	int		 n = 0;

	snprintf(dir, sizeof(dir), "%s/" SPOOLMETA_DIR, spool);
	if ((d = opendir(dir)) == NULL)
		return errno == ENOENT ? 0 : -1;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		/* A temporary left by a crash, or a note without its file. */
		snprintf(path, sizeof(path), "%s/%s", spool, de->d_name);
		if (de->d_name[0] != '.' && lstat(path, &st) == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (unlink(path) == 0)
			n++;
	}
	closedir(d);
	(void)rmdir(dir);
	return n;
}
