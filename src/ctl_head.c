/*
 * ctl_head: read the vault's head commit without libgit2 (see
 * ctl_head.h).  A ref is a loose file or a line of packed-refs; a commit
 * is a loose object (zlib of "commit N\0body") or an entry of a pack
 * found through a version 2 .idx (fan-out, sorted ids, offsets).  The
 * newest pack is tried first: docketd writes each batch's commit into the
 * pack it adds.  Only a whole commit entry is read; a delta returns -1.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "ctl_head.h"

#define HEAD_MAXOBJ	(1 << 20)	/* a commit is far smaller */

static int
head_hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

static int
head_unhex(const char *hex, unsigned char raw[20])
{
	int i, hi, lo;

	for (i = 0; i < 20; i++) {
		if ((hi = head_hexval(hex[2 * i])) < 0 ||
		    (lo = head_hexval(hex[2 * i + 1])) < 0)
			return -1;
		raw[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

/* The id a ref names: 0, 1 none, -1 error. */
static int
head_ref(const char *gitdir, const char *ref, char oid[41])
{
	char	 path[PATH_MAX], line[512];
	FILE	*fp;
	size_t	 rl = strlen(ref);
	int	 rc = 1;

	snprintf(path, sizeof(path), "%s/%s", gitdir, ref);
	if ((fp = fopen(path, "re")) != NULL) {
		/* 40 hex digits and a newline (a symbolic ref: libgit2). */
		rc = fgets(line, sizeof(line), fp) != NULL &&
		    strlen(line) >= 41 && line[40] == '\n' ? 0 : -1;
		fclose(fp);
		if (rc == 0)
			snprintf(oid, 41, "%.40s", line);
		return rc;
	}
	if (errno != ENOENT)
		return -1;
	snprintf(path, sizeof(path), "%s/packed-refs", gitdir);
	if ((fp = fopen(path, "re")) == NULL)
		return errno == ENOENT ? 1 : -1;
	while (fgets(line, sizeof(line), fp) != NULL)
		if (strlen(line) > 41 + rl && line[40] == ' ' &&
		    strncmp(line + 41, ref, rl) == 0 &&
		    (line[41 + rl] == '\n' || line[41 + rl] == '\0')) {
			snprintf(oid, 41, "%.40s", line);
			rc = 0;
			break;
		}
	fclose(fp);
	return rc;
}

/* Inflate src into a new buffer of at most max bytes. */
static unsigned char *
head_inflate(const unsigned char *src, size_t n, size_t max, size_t *outn)
{
	z_stream	 z;
	unsigned char	*out;
	int		 zr;

	if ((out = malloc(max + 1)) == NULL)
		return NULL;
	memset(&z, 0, sizeof(z));
	if (inflateInit(&z) != Z_OK) {
		free(out);
		return NULL;
	}
	z.next_in = (unsigned char *)(uintptr_t)src;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)max;
	zr = inflate(&z, Z_FINISH);
	*outn = max - z.avail_out;
	inflateEnd(&z);
	if (zr != Z_STREAM_END) {
		free(out);
		return NULL;
	}
	out[*outn] = '\0';
	return out;
}

/* A whole file into memory (at most max bytes). */
static unsigned char *
head_slurp(const char *path, size_t max, size_t *n)
{
	unsigned char	*buf;
	struct stat	 sb;
	ssize_t		 r;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return NULL;
	if (fstat(fd, &sb) == -1 || sb.st_size < 0 ||
	    (size_t)sb.st_size > max || (buf = malloc((size_t)sb.st_size +
	    1)) == NULL) {
		close(fd);
		return NULL;
	}
	for (*n = 0; *n < (size_t)sb.st_size; *n += (size_t)r)
		if ((r = read(fd, buf + *n, (size_t)sb.st_size - *n)) <= 0)
			break;
	close(fd);
	if (*n != (size_t)sb.st_size) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* The body of a loose commit: 0, 1 not there, -1 not a commit/unreadable. */
static int
head_loose(const char *gitdir, const char *oid, char **body, size_t *n)
{
	char		 path[PATH_MAX];
	unsigned char	*z, *obj, *nul;
	size_t		 zn, on;

	snprintf(path, sizeof(path), "%s/objects/%.2s/%s", gitdir, oid,
	    oid + 2);
	if ((z = head_slurp(path, HEAD_MAXOBJ, &zn)) == NULL)
		return errno == ENOENT ? 1 : -1;
	obj = head_inflate(z, zn, HEAD_MAXOBJ, &on);
	free(z);
	if (obj == NULL)
		return -1;
	if (on < 7 || memcmp(obj, "commit ", 7) != 0 ||
	    (nul = memchr(obj, '\0', on)) == NULL) {
		free(obj);
		return -1;
	}
	*n = on - (size_t)(nul + 1 - obj);
	memmove(obj, nul + 1, *n);
	obj[*n] = '\0';
	*body = (char *)obj;
	return 0;
}

static uint32_t
head_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* The offset of raw in a v2 .idx: 0, 1 not in it, -1 unknown format. */
static int
head_idx_find(const char *path, const unsigned char raw[20], uint64_t *off)
{
	const unsigned char	*m, *ids, *offs;
	struct stat		 sb;
	uint32_t		 lo, hi, mid, nobj, o;
	size_t			 len;
	int			 fd, c, rc = 1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return errno == ENOENT ? 1 : -1;
	if (fstat(fd, &sb) == -1 || sb.st_size < 8 + 1024) {
		close(fd);
		return -1;
	}
	len = (size_t)sb.st_size;
	m = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return -1;
	if (memcmp(m, "\377tOc", 4) != 0 || head_be32(m + 4) != 2) {
		rc = -1;
		goto out;
	}
	nobj = head_be32(m + 8 + 255 * 4);
	if (len < 8 + 1024 + (size_t)nobj * 28 + 40) {
		rc = -1;
		goto out;
	}
	lo = raw[0] ? head_be32(m + 8 + (raw[0] - 1) * 4) : 0;
	hi = head_be32(m + 8 + raw[0] * 4);
	if (lo > hi || hi > nobj) {	/* a fan-out that is not one */
		rc = -1;
		goto out;
	}
	ids = m + 8 + 1024;
	offs = ids + (size_t)nobj * 24;	/* after the ids and the crc32s */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = memcmp(ids + (size_t)mid * 20, raw, 20)) == 0) {
			o = head_be32(offs + (size_t)mid * 4);
			if (o & 0x80000000u) {
				const unsigned char *big = offs +
				    (size_t)nobj * 4 + (size_t)(o & 0x7fffffff) * 8;

				if (big + 8 > m + len) {
					rc = -1;
					goto out;
				}
				*off = (uint64_t)head_be32(big) << 32 |
				    head_be32(big + 4);
			} else
				*off = o;
			rc = 0;
			break;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
out:
	munmap((void *)(uintptr_t)m, len);
	return rc;
}

/* A commit entry of a pack at off: 0, -1 a delta or unreadable. */
static int
head_pack_entry(const char *path, uint64_t off, char **body, size_t *n)
{
	unsigned char	 hdr[16], *z, *obj;
	size_t		 size, zmax, zn, on;
	ssize_t		 r;
	int		 fd, type, shift, i;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if ((r = pread(fd, hdr, sizeof(hdr), (off_t)off)) < 1) {
		close(fd);
		return -1;
	}
	type = hdr[0] >> 4 & 7;
	size = hdr[0] & 15;
	for (i = 0, shift = 4; hdr[i] & 0x80; shift += 7) {
		if (++i >= r || shift > 28) {
			close(fd);
			return -1;
		}
		size |= (size_t)(hdr[i] & 0x7f) << shift;
	}
	if (type != 1 || size > HEAD_MAXOBJ) {	/* 1: a whole commit */
		close(fd);
		return -1;
	}
	/* zlib's output is never much larger than its input for text;
	 * a commit's deflated stream is below size + 1 KB. */
	zmax = size + 1024;
	if ((z = malloc(zmax)) == NULL) {
		close(fd);
		return -1;
	}
	r = pread(fd, z, zmax, (off_t)(off + (uint64_t)i + 1));
	close(fd);
	if (r <= 0) {
		free(z);
		return -1;
	}
	zn = (size_t)r;
	obj = head_inflate(z, zn, size, &on);
	free(z);
	if (obj == NULL || on != size) {
		free(obj);
		return -1;
	}
	*body = (char *)obj;
	*n = on;
	return 0;
}

struct head_pack {
	char	name[NAME_MAX + 1];
	time_t	mtime;
};

static int
head_pack_cmp(const void *a, const void *b)
{
	const struct head_pack *x = a, *y = b;

	if (x->mtime != y->mtime)
		return x->mtime < y->mtime ? 1 : -1;	/* newest first */
	return strcmp(y->name, x->name);
}

/* The body of a packed commit: 0, 1 in no pack, -1 unreadable. */
static int
head_packed(const char *gitdir, const char *oid, char **body, size_t *n)
{
	struct head_pack	*p = NULL, *np;
	struct dirent		*de;
	struct stat		 sb;
	unsigned char		 raw[20];
	char			 dir[PATH_MAX], path[PATH_MAX + NAME_MAX + 2];
	uint64_t		 off;
	size_t			 np_ = 0, cap = 0, i, l;
	DIR			*d;
	int			 rc = 1, r;

	if (head_unhex(oid, raw) == -1)
		return -1;
	snprintf(dir, sizeof(dir), "%s/objects/pack", gitdir);
	if ((d = opendir(dir)) == NULL)
		return errno == ENOENT ? 1 : -1;
	while ((de = readdir(d)) != NULL) {
		l = strlen(de->d_name);
		if (l < 5 || strcmp(de->d_name + l - 4, ".idx") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (stat(path, &sb) == -1)
			continue;
		if (np_ == cap) {
			cap = cap ? cap * 2 : 64;
			if ((np = realloc(p, cap * sizeof(*p))) == NULL) {
				rc = -1;
				goto out;
			}
			p = np;
		}
		snprintf(p[np_].name, sizeof(p[np_].name), "%.*s",
		    (int)(l - 4), de->d_name);
		p[np_++].mtime = sb.st_mtime;
	}
	if (np_ > 0)
		qsort(p, np_, sizeof(*p), head_pack_cmp);
	for (i = 0; i < np_; i++) {
		snprintf(path, sizeof(path), "%s/%s.idx", dir, p[i].name);
		if ((r = head_idx_find(path, raw, &off)) == 1)
			continue;
		if (r == -1) {
			rc = -1;
			break;
		}
		snprintf(path, sizeof(path), "%s/%s.pack", dir, p[i].name);
		rc = head_pack_entry(path, off, body, n);
		break;
	}
out:
	closedir(d);
	free(p);
	return rc;
}

int
ctl_head_parse(const char *body, size_t n, int64_t *when, char *summary,
    size_t len)
{
	const char	*p, *e, *end = body + n, *gt, *msg;
	size_t		 k = 0;
	int		 have = 0;

	/* The headers, to the blank line: committer NAME <MAIL> TIME TZ. */
	for (p = body; p < end && *p != '\n'; p = e + 1) {
		if ((e = memchr(p, '\n', (size_t)(end - p))) == NULL)
			return -1;
		if ((size_t)(e - p) > 10 && memcmp(p, "committer ", 10) == 0 &&
		    (gt = memrchr(p, '>', (size_t)(e - p))) != NULL) {
			*when = strtoll(gt + 1, NULL, 10);
			have = 1;
		}
	}
	if (!have || len == 0)
		return -1;
	/* The summary, as git_commit_summary: the first paragraph, its
	 * lines joined by spaces, without trailing white space. */
	for (msg = p < end ? p + 1 : end; msg < end && *msg == '\n'; msg++)
		;
	for (p = msg; p < end && k + 1 < len; p++) {
		if (*p == '\n') {
			for (e = p + 1; e < end && (*e == ' ' || *e == '\t' ||
			    *e == '\r'); e++)
				;
			if (e >= end || *e == '\n')
				break;
			summary[k++] = ' ';
		} else
			summary[k++] = *p;
	}
	while (k > 0 && strchr(" \t\r", summary[k - 1]) != NULL)
		k--;
	summary[k] = '\0';
	return 0;
}

int
ctl_head_read(const char *gitdir, const char *ref, char oid[41],
    int64_t *when, char *summary, size_t len)
{
	unsigned char	 raw[20];
	char		*body = NULL;
	size_t		 n;
	int		 rc;

	if ((rc = head_ref(gitdir, ref, oid)) != 0)
		return rc;
	if (head_unhex(oid, raw) == -1)
		return -1;
	if ((rc = head_loose(gitdir, oid, &body, &n)) == 1)
		rc = head_packed(gitdir, oid, &body, &n);
	if (rc != 0)
		return -1;	/* a ref to a missing object: ask libgit2 */
	rc = ctl_head_parse(body, n, when, summary, len);
	free(body);
	return rc;
}
