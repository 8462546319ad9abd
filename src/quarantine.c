/*
 * quarantine: move a refused file aside with a one-line NAME.reason.
 *
 * The reason file is written (and fsync'd) before the document moves, so a
 * crash in between leaves the document where it was, to be refused again;
 * a quarantined document is never without its reason.  renameat2 with
 * RENAME_NOREPLACE keeps two refused files of the same name apart.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "quarantine.h"

int
fsync_dir(const char *path)
{
	int fd, rc;

	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

static int
quarantine_write_reason(const char *path, const char *reason)
{
	char		 tmp[4096 + 16], stamp[64], line[1024];
	struct tm	 tm;
	time_t		 now = time(NULL);
	int		 fd, n;
	size_t		 i;

	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S%z", &tm);
	n = snprintf(line, sizeof(line), "%s (at %s)\n", reason, stamp);
	if (n < 0 || (size_t)n >= sizeof(line))
		n = (int)sizeof(line) - 1, line[n - 1] = '\n';
	/* One line: no newline may come from the reason itself. */
	for (i = 0; i + 1 < (size_t)n; i++)
		if (line[i] == '\n' || line[i] == '\r')
			line[i] = ' ';
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC |
	    O_NOFOLLOW, 0640)) == -1)
		return -1;
	if (write(fd, line, (size_t)n) != n || fsync(fd) == -1) {
		close(fd);
		unlink(tmp);
		return -1;
	}
	close(fd);
	return rename(tmp, path);
}

int
quarantine_move(const char *dir, const char *src, const char *name,
    const char *reason, char *out, size_t outlen)
{
	char	dst[4096], rpath[4096 + 8], base[512];
	int	i;

	/* Dot-names are ignored by intake; keep them visible here. */
	snprintf(base, sizeof(base), "%s", name[0] == '.' ? name + 1 : name);
	if (base[0] == '\0')
		snprintf(base, sizeof(base), "unnamed");
	for (i = 0; i < 10000; i++) {
		if (i == 0)
			snprintf(dst, sizeof(dst), "%s/%s", dir, base);
		else
			snprintf(dst, sizeof(dst), "%s/%s.%d", dir, base, i);
		snprintf(rpath, sizeof(rpath), "%s.reason", dst);
		if (access(dst, F_OK) == 0 || access(rpath, F_OK) == 0)
			continue;
		if (quarantine_write_reason(rpath, reason) == -1)
			return -1;
		if (renameat2(AT_FDCWD, src, AT_FDCWD, dst,
		    RENAME_NOREPLACE) == -1) {
			int saved = errno;

			unlink(rpath);
			if (saved == EEXIST)
				continue;
			errno = saved;
			return -1;
		}
		if (out != NULL)
			snprintf(out, outlen, "%s", dst);
		return fsync_dir(dir);
	}
	errno = EEXIST;
	return -1;
}
