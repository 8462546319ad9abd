/*
 * quarantine: move a refused file aside with a one-line NAME.reason.
 *
 * The reason file is written (and fsync'd) before the document moves, so a
 * crash in between leaves the document where it was, to be refused again;
 * a quarantined document is never without its reason.  renameat2 with
 * RENAME_NOREPLACE keeps two refused files of the same name apart.
 *
 * The reason line ends "(at TIME, from intake/PATH)": where the file was
 * dropped, so that a retry can put it back where the drafting system put
 * it (its agency folder).  quarantine_list reads the folder back; the
 * retry and the drop (for docketd) are plain renames and unlinks — the
 * event that records them is committed to the vault before (command.c).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "errbuf.h"
#include "quarantine.h"
#include "record.h"
#include "sha256.h"

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
quarantine_write_reason(const char *path, const char *reason,
    const char *from)
{
	char		 tmp[4096 + 16], stamp[64], line[2048], tail[1024];
	struct tm	 tm;
	time_t		 now = time(NULL);
	int		 fd, n, t;
	size_t		 i, r;

	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S%z", &tm);
	/* The tail says where the file came from (quarantine_entry, a
	 * retry): whole; a reason too long for the line is cut instead,
	 * on a character. */
	t = snprintf(tail, sizeof(tail), " (at %s, from intake/%s)\n", stamp,
	    from);
	if (t < 0 || (size_t)t >= sizeof(tail))
		return -1;	/* from is a name: never that long */
	errbuf_set(line, sizeof(line) - (size_t)t, "%s", reason);
	r = strlen(line);
	memcpy(line + r, tail, (size_t)t + 1);
	n = (int)(r + (size_t)t);
	/* One line of text: no newline, and no control character (an
	 * escape sequence in a name) may come from the reason or the path;
	 * each becomes a space (a retry puts the file back under that). */
	for (i = 0; i + 1 < (size_t)n; i++)
		if ((unsigned char)line[i] < 0x20 ||
		    (unsigned char)line[i] == 0x7f)
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
	return quarantine_move_from(dir, src, name, NULL, reason, out, outlen);
}

/*
 * The name in quarantine/: room is kept for ".NNNN" and ".reason", so a
 * 255-byte name is cut, on a character boundary, before its extension.
 * The whole name stays in the reason line (from), which a retry uses.
 */
#define QUARANTINE_BASE_MAX	(NAME_MAX - 5 - 7)

static void
quarantine_base(char *base, size_t len, const char *name)
{
	const char	*dot = strrchr(name, '.');
	size_t		 n = strlen(name), elen = 0, cut;

	if (n <= QUARANTINE_BASE_MAX || len <= QUARANTINE_BASE_MAX) {
		snprintf(base, len, "%s", name);
		return;
	}
	if (dot != NULL && dot != name && strlen(dot) <= 16)
		elen = strlen(dot);
	cut = QUARANTINE_BASE_MAX - elen;
	while (cut > 0 && ((unsigned char)name[cut] & 0xc0) == 0x80)
		cut--;
	memcpy(base, name, cut);
	memcpy(base + cut, name + n - elen, elen);
	base[cut + elen] = '\0';
}

int
quarantine_move_from(const char *dir, const char *src, const char *name,
    const char *from, const char *reason, char *out, size_t outlen)
{
	char	dst[4096], rpath[4096 + 8], base[512];
	int	i;

	/* Dot-names are ignored by intake; keep them visible here. */
	quarantine_base(base, sizeof(base), name[0] == '.' ? name + 1 : name);
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
		if (quarantine_write_reason(rpath, reason,
		    from != NULL && *from != '\0' ? from : name) == -1)
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

/* --- reading it back, retry and drop ------------------------------------ */

int
quarantine_name_ok(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > NAME_MAX || name[0] == '.' ||
	    strchr(name, '/') != NULL)
		return 0;
	if ((n > 7 && strcmp(name + n - 7, ".reason") == 0) ||
	    (n > 4 && strcmp(name + n - 4, ".tmp") == 0))
		return 0;
	return 1;
}

/* The reason line split: the cause, and where it came from. */
static json_t *
quarantine_entry(const char *dir, const char *name, const struct stat *sb)
{
	char		 rpath[PATH_MAX + NAME_MAX + 16], line[4096];
	char		 src[NAME_MAX + 1], ts[64], *at, *from, *slash, *p;
	struct stat	 rsb;
	json_t		*e;
	FILE		*fp;
	size_t		 n;

	snprintf(rpath, sizeof(rpath), "%s/%s.reason", dir, name);
	line[0] = '\0';
	if ((fp = fopen(rpath, "re")) != NULL) {
		if (fgets(line, sizeof(line), fp) == NULL)
			line[0] = '\0';
		fclose(fp);
	}
	n = strlen(line);
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	e = json_pack("{s:s}", "name", name);
	json_object_set_new(e, "agency", json_null());
	/* Legacy lines have no "from": the name without a .N suffix. */
	snprintf(src, sizeof(src), "%s", name);
	if ((p = strrchr(src, '.')) != NULL && p[1] != '\0' &&
	    strspn(p + 1, "0123456789") == strlen(p + 1) &&
	    strchr(src, '.') != p)
		*p = '\0';
	if ((at = strstr(line, " (at ")) != NULL) {
		/* the last one: a reason may quote " (at " itself */
		while ((p = strstr(at + 1, " (at ")) != NULL)
			at = p;
		if ((from = strstr(at, ", from intake/")) != NULL &&
		    n > 0 && line[n - 1] == ')') {
			line[n - 1] = '\0';
			from += strlen(", from intake/");
			/* AGENCY/…/NAME: the first part and the last */
			if ((slash = strrchr(from, '/')) != NULL) {
				snprintf(src, sizeof(src), "%s", slash + 1);
				if ((p = strchr(from, '/')) != NULL)
					json_object_set_new(e, "agency",
					    json_stringn(from,
					    (size_t)(p - from)));
			} else
				snprintf(src, sizeof(src), "%s", from);
		}
		*at = '\0';
	}
	/* A dot-name is what intake ignores: back under its visible name. */
	while (src[0] == '.' && src[1] != '\0')
		memmove(src, src + 1, strlen(src));
	json_object_set_new(e, "source_name", json_string(src));
	json_object_set_new(e, "reason", json_string(line));
	record_rfc3339(stat(rpath, &rsb) == 0 ? (int64_t)rsb.st_mtime :
	    (int64_t)sb->st_mtime, ts, sizeof(ts));
	json_object_set_new(e, "time", json_string(ts));
	json_object_set_new(e, "size", json_integer((json_int_t)sb->st_size));
	/* A name that is not valid UTF-8 cannot be a JSON string. */
	if (json_object_get(e, "name") == NULL ||
	    json_object_get(e, "source_name") == NULL ||
	    json_object_get(e, "reason") == NULL) {
		json_decref(e);
		return NULL;
	}
	return e;
}

static int
quarantine_cmp(const void *a, const void *b)
{
	json_t		*x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int		 c;

	c = strcmp(json_string_value(json_object_get(x, "time")),
	    json_string_value(json_object_get(y, "time")));
	return c != 0 ? c : strcmp(json_string_value(json_object_get(x,
	    "name")), json_string_value(json_object_get(y, "name")));
}

json_t *
quarantine_list(const char *dir, char *err, size_t errlen)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	char		 path[PATH_MAX + NAME_MAX + 2];
	json_t		**v = NULL, **tmp, *e, *out;
	size_t		 n = 0, cap = 0, i;

	if ((d = opendir(dir)) == NULL) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return NULL;
	}
	while ((de = readdir(d)) != NULL) {
		if (!quarantine_name_ok(de->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (lstat(path, &sb) == -1 || S_ISDIR(sb.st_mode))
			continue;
		if ((e = quarantine_entry(dir, de->d_name, &sb)) == NULL)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			if ((tmp = reallocarray(v, cap, sizeof(*v))) == NULL) {
				json_decref(e);
				break;
			}
			v = tmp;
		}
		v[n++] = e;
	}
	closedir(d);
	if (n > 0)
		qsort(v, n, sizeof(*v), quarantine_cmp);
	out = json_array();
	for (i = 0; i < n; i++) {
		e = json_pack("{s:I}", "n", (json_int_t)i + 1);
		json_object_update(e, v[i]);
		json_decref(v[i]);
		json_array_append_new(out, e);
	}
	free(v);
	return out;
}

json_t *
quarantine_find(json_t *list, const char *which)
{
	json_t		*e;
	size_t		 i;
	char		*end;
	long		 n;

	json_array_foreach(list, i, e)
		if (strcmp(json_string_value(json_object_get(e, "name")),
		    which) == 0)
			return e;
	n = strtol(which, &end, 10);
	if (*which != '\0' && *end == '\0' && n >= 1 &&
	    (size_t)n <= json_array_size(list))
		return json_array_get(list, (size_t)n - 1);
	return NULL;
}

int
quarantine_sha256(const char *dir, const char *name, char hex[65])
{
	struct dsha256	 c;
	uint8_t			 dig[SHA256_DIGEST_LEN];
	char			 path[PATH_MAX + NAME_MAX + 2], buf[65536];
	ssize_t			 r;
	int			 fd, i;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC)) == -1)
		return -1;
	dsha256_init(&c);
	while ((r = read(fd, buf, sizeof(buf))) > 0)
		dsha256_update(&c, buf, (size_t)r);
	close(fd);
	if (r < 0)
		return -1;
	dsha256_final(&c, dig);
	for (i = 0; i < SHA256_DIGEST_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02x", dig[i]);
	return 0;
}

int
quarantine_retry(const char *dir, const char *intake, json_t *entry,
    char *to, size_t tolen)
{
	const char	*name = json_string_value(json_object_get(entry, "name"));
	const char	*agency = json_string_value(json_object_get(entry,
			    "agency"));
	const char	*src = json_string_value(json_object_get(entry,
			    "source_name"));
	char		 from[PATH_MAX + NAME_MAX + 2], dst[PATH_MAX * 2];
	char		 rpath[PATH_MAX + NAME_MAX + 16], tdir[PATH_MAX];

	if (name == NULL || src == NULL || !quarantine_name_ok(src) ||
	    (agency != NULL && !quarantine_name_ok(agency))) {
		errno = EINVAL;
		return -1;
	}
	snprintf(from, sizeof(from), "%s/%s", dir, name);
	snprintf(rpath, sizeof(rpath), "%s/%s.reason", dir, name);
	if (agency != NULL) {
		snprintf(tdir, sizeof(tdir), "%s/%s", intake, agency);
		if (mkdir(tdir, 0770) == -1 && errno != EEXIST)
			return -1;
		snprintf(to, tolen, "%s/%s", agency, src);
	} else {
		snprintf(tdir, sizeof(tdir), "%s", intake);
		snprintf(to, tolen, "%s", src);
	}
	snprintf(dst, sizeof(dst), "%s/%s", tdir, src);
	if (renameat2(AT_FDCWD, from, AT_FDCWD, dst, RENAME_NOREPLACE) == -1)
		return -1;
	if (unlink(rpath) == -1 && errno != ENOENT)
		return -1;
	/* The intake's watch sees the rename; both folders made durable. */
	if (fsync_dir(tdir) == -1)
		return -1;
	return fsync_dir(dir);
}

int
quarantine_drop(const char *dir, const char *name)
{
	char path[PATH_MAX + NAME_MAX + 2], rpath[PATH_MAX + NAME_MAX + 16];

	if (!quarantine_name_ok(name)) {
		errno = EINVAL;
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	snprintf(rpath, sizeof(rpath), "%s/%s.reason", dir, name);
	if (unlink(path) == -1)
		return -1;
	if (unlink(rpath) == -1 && errno != ENOENT)
		return -1;
	return fsync_dir(dir);
}
